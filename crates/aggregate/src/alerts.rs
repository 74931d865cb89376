//! Alert rules, their evaluation over the store, and delivery to a webhook.
//!
//! Rules live in a small TOML file, one `[[rule]]` table each:
//!
//! ```toml
//! [[rule]]
//! name = "arm-aze-escalation"
//! description = "Conflict well above its own baseline"   # optional
//! pair = ["ARM", "AZE"]        # a pair (either direction; `directed = true`: first → second)
//! index_above = 2.0            # fires when the escalation index exceeds this
//! window_days = 7              # the window (default 7)
//!
//! [[rule]]
//! name = "fighting-involving-armenia"
//! actor = "ARM"                # one actor against anyone; `role = "source"|"target"|"any"`
//! root = "19"                  # CAMEO root code...
//! min_count = 2                # ...at least this many events of it in the window
//! window_days = 3
//! modality = ["asserted"]      # default ["asserted"]; "any" counts every modality
//! ```
//!
//! Subjects: `pair`, `actor`, or `actors = [one or two codes]`. Conditions: `index_above`, or
//! `min_count` (alias `count_at_least`) with `root` (CAMEO root) or `quad` (quad class 1–4).
//! Codes match as prefixes, grouped at `level = "country"` (default) or `"sector"`.
//! `cooldown_days` (default: the window) keeps `sitrep watch` from repeating an alert for the
//! same rule and subject. `duplicates = false` may be written but is always so: copies of a
//! stored story are mentions of its events and never count twice. Unknown fields are errors.

use std::collections::HashMap;
use std::path::Path;

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use sitrep_store::{PairEvent, Store, StoreError};

use crate::index::{index_at, IndexParams};
use crate::series::{pair_series, Level, SeriesOptions};

/// What went wrong with rules or their evaluation.
#[derive(Debug, thiserror::Error)]
pub enum AlertError {
    /// The rules file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The rules file is not valid TOML or has unknown fields.
    #[error("{path}: {message}")]
    Parse {
        /// The file.
        path: String,
        /// The parser's message, with line and column.
        message: String,
    },
    /// A rule is incomplete or contradictory.
    #[error("{path}: rule {index} ({name:?}): {message}")]
    Rule {
        /// The file.
        path: String,
        /// 1-based position of the rule in the file.
        index: usize,
        /// The rule's name.
        name: String,
        /// What is wrong.
        message: String,
    },
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Which side an actor must be on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub enum Role {
    /// Source or target.
    #[default]
    Any,
    /// Source only.
    Source,
    /// Target only.
    Target,
}

/// What makes a rule fire.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Condition {
    /// The escalation index exceeds this.
    IndexAbove(f64),
    /// At least `min` events of this CAMEO root in the window.
    RootCount {
        /// Two-digit CAMEO root.
        root: String,
        /// Fewest events.
        min: u32,
    },
    /// At least `min` events of this quad class in the window.
    QuadCount {
        /// Quad class 1–4.
        quad: u8,
        /// Fewest events.
        min: u32,
    },
}

/// One alert rule.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Rule {
    /// Name shown when it fires.
    pub name: String,
    /// One line for people.
    pub description: Option<String>,
    /// One actor code prefix (against anyone) or two (a pair).
    pub actors: Vec<String>,
    /// For one actor: the side it must be on.
    pub role: Role,
    /// For a pair: only events from the first to the second.
    pub directed: bool,
    /// What makes it fire.
    pub condition: Condition,
    /// Days in the window.
    pub window_days: u32,
    /// Modalities counted; `None`: every modality.
    pub modality: Option<Vec<String>>,
    /// Grouping of actor codes.
    pub level: Level,
    /// Days `sitrep watch` stays quiet after the rule fired for the same subject.
    pub cooldown_days: u32,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    name: String,
    description: Option<String>,
    actors: Option<Vec<String>>,
    pair: Option<Vec<String>>,
    actor: Option<String>,
    role: Option<String>,
    directed: Option<bool>,
    index_above: Option<f64>,
    root: Option<String>,
    quad: Option<u8>,
    #[serde(alias = "count_at_least")]
    min_count: Option<u32>,
    window_days: Option<u32>,
    modality: Option<OneOrMany>,
    level: Option<String>,
    sector: Option<bool>,
    duplicates: Option<bool>,
    cooldown_days: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    #[serde(default)]
    rule: Vec<RawRule>,
}

impl RawRule {
    fn check(self) -> Result<Rule, String> {
        let actors = match (self.actors, self.pair, self.actor) {
            (Some(a), None, None) if (1..=2).contains(&a.len()) => a,
            (None, Some(p), None) if p.len() == 2 => p,
            (None, None, Some(a)) => vec![a],
            (Some(_), None, None) => {
                return Err("`actors` needs one code (an actor) or two (a pair)".into())
            }
            (None, Some(_), None) => return Err("`pair` needs two codes".into()),
            _ => return Err("give one of `pair`, `actor` or `actors`".into()),
        };
        if actors
            .iter()
            .any(|a| a.is_empty() || !a.bytes().all(|b| b.is_ascii_alphanumeric()))
        {
            return Err("actor codes are letters and digits, like \"RUS\"".into());
        }
        let actors: Vec<String> = actors.iter().map(|a| a.to_ascii_uppercase()).collect();
        let role = match self.role.as_deref() {
            None | Some("any") => Role::Any,
            Some("source") => Role::Source,
            Some("target") => Role::Target,
            Some(r) => return Err(format!("`role` {r:?}: source, target or any")),
        };
        if role != Role::Any && actors.len() != 1 {
            return Err("`role` is for one actor; a pair uses `directed`".into());
        }
        let directed = self.directed.unwrap_or(false);
        if directed && actors.len() != 2 {
            return Err("`directed` is for a pair".into());
        }
        let condition = match (self.index_above, self.root, self.quad, self.min_count) {
            (Some(t), None, None, None) => Condition::IndexAbove(t),
            (None, Some(root), None, Some(min)) => {
                if root.len() != 2 || !root.bytes().all(|b| b.is_ascii_digit()) {
                    return Err("`root` is a two-digit CAMEO root like \"19\"".into());
                }
                Condition::RootCount { root, min }
            }
            (None, None, Some(quad), Some(min)) => {
                if !(1..=4).contains(&quad) {
                    return Err("`quad` is a quad class, 1 to 4".into());
                }
                Condition::QuadCount { quad, min }
            }
            _ => {
                return Err(
                    "give either `index_above`, or `min_count` with `root` or `quad`".into(),
                )
            }
        };
        let window_days = self.window_days.unwrap_or(7);
        if window_days == 0 || window_days > 366 {
            return Err("`window_days` must be 1 to 366".into());
        }
        let modality = match self.modality {
            None => Some(vec!["asserted".to_string()]),
            Some(OneOrMany::One(m)) if m == "any" => None,
            Some(OneOrMany::One(m)) => Some(vec![m]),
            Some(OneOrMany::Many(ms)) if ms.iter().any(|m| m == "any") => None,
            Some(OneOrMany::Many(ms)) => Some(ms),
        };
        let level = match (self.level.as_deref(), self.sector) {
            (None | Some("country"), None | Some(false)) => Level::Country,
            (Some("sector"), _) | (None, Some(true)) => Level::Sector,
            (Some(l), _) => return Err(format!("`level` {l:?}: country or sector")),
        };
        if self.duplicates == Some(true) {
            return Err(
                "`duplicates = true` is not possible: copies of a story are mentions of its events and count once"
                    .into(),
            );
        }
        Ok(Rule {
            name: self.name,
            description: self.description,
            actors,
            role,
            directed,
            condition,
            window_days,
            modality,
            level,
            cooldown_days: self.cooldown_days.unwrap_or(window_days),
        })
    }
}

/// A rules file.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Rules {
    /// The rules, in file order.
    pub rule: Vec<Rule>,
}

impl Rules {
    /// Reads and checks a rules file.
    pub fn load(path: &Path) -> Result<Rules, AlertError> {
        let text = std::fs::read_to_string(path).map_err(|source| AlertError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Rules::parse(&text, &path.display().to_string())
    }

    /// Parses and checks rules; `path` names the source in errors.
    pub fn parse(text: &str, path: &str) -> Result<Rules, AlertError> {
        let raw: RawRules = toml::from_str(text).map_err(|e| AlertError::Parse {
            path: path.to_string(),
            message: e.to_string().trim_end().to_string(),
        })?;
        let mut rules = Vec::new();
        for (i, r) in raw.rule.into_iter().enumerate() {
            let name = r.name.clone();
            rules.push(r.check().map_err(|message| AlertError::Rule {
                path: path.to_string(),
                index: i + 1,
                name,
                message,
            })?);
        }
        Ok(Rules { rule: rules })
    }
}

/// An event behind an alert.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AlertEvent {
    /// Stable event id.
    pub event_id: String,
    /// Day.
    pub day: String,
    /// Source code.
    pub source: String,
    /// Target code.
    pub target: String,
    /// CAMEO code.
    pub cameo: String,
    /// Goldstein value.
    pub goldstein: f32,
    /// The evidence text.
    pub evidence: String,
    /// Documents that mention it.
    pub mentions: u32,
    /// The first report's URL.
    pub url: Option<String>,
    /// The first report's id.
    pub doc_id: String,
}

/// A fired rule.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Alert {
    /// The rule's name.
    pub rule: String,
    /// The actor groups (`RUS-UKR`, or `UKR`).
    pub actors: String,
    /// The last day of the window.
    pub day: NaiveDate,
    /// Days in the window.
    pub window_days: u32,
    /// `index` or `count of root NN`.
    pub measure: String,
    /// The measured value.
    pub value: f64,
    /// The rule's threshold.
    pub threshold: f64,
    /// The events behind it, most severe first.
    pub events: Vec<AlertEvent>,
    /// Days `sitrep watch` stays quiet about this rule and subject after reporting it.
    pub cooldown_days: u32,
}

impl Alert {
    /// The rule and subject, which a cooldown applies to.
    pub fn key(&self) -> String {
        format!("{}\u{1f}{}", self.rule, self.actors)
    }
}

impl std::fmt::Display for Alert {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let value = if self.measure == "index" {
            format!("{:.2}", self.value)
        } else {
            format!("{}", self.value)
        };
        writeln!(
            f,
            "ALERT {} — {} on {} ({}-day window): {} {value} ≥ {}",
            self.rule, self.actors, self.day, self.window_days, self.measure, self.threshold
        )?;
        for e in &self.events {
            let one_line: String = e.evidence.split_whitespace().collect::<Vec<_>>().join(" ");
            writeln!(
                f,
                "  {} {} {}→{} {} ({:+}) ×{} \"{}\" {}",
                e.day,
                &e.event_id[..e.event_id.len().min(12)],
                e.source,
                e.target,
                e.cameo,
                e.goldstein,
                e.mentions,
                one_line,
                e.url.as_deref().unwrap_or(&e.doc_id)
            )?;
        }
        Ok(())
    }
}

fn alert_events(store: &Store, events: &[&PairEvent]) -> Result<Vec<AlertEvent>, StoreError> {
    let mut sorted: Vec<&&PairEvent> = events.iter().collect();
    sorted.sort_by(|a, b| {
        a.goldstein
            .total_cmp(&b.goldstein)
            .then(b.day.cmp(&a.day))
            .then(a.event_id.cmp(&b.event_id))
    });
    let mut out = Vec::new();
    for e in sorted {
        let Some(stored) = store.event(&e.event_id)? else {
            continue;
        };
        out.push(AlertEvent {
            event_id: e.event_id.clone(),
            day: e.day.to_string(),
            source: e.source.clone(),
            target: e.target.clone(),
            cameo: e.cameo.clone(),
            goldstein: e.goldstein,
            evidence: stored.event.evidence.text,
            mentions: stored.mentions,
            url: stored.url,
            doc_id: stored.doc_id,
        });
    }
    Ok(out)
}

/// Evaluates every rule on the window ending `as_of` (default: the last day with events in
/// the store) and returns the rules that fire.
pub fn evaluate(
    store: &Store,
    rules: &Rules,
    as_of: Option<NaiveDate>,
) -> Result<Vec<Alert>, AlertError> {
    let Some(as_of) = as_of.or(store.last_day()?) else {
        return Ok(Vec::new());
    };
    let mut alerts = Vec::new();
    for rule in &rules.rule {
        let a = rule.actors[0].as_str();
        let b = rule.actors.get(1).map(String::as_str);
        let opts = SeriesOptions {
            level: rule.level,
            // Modalities are filtered below, as a list.
            modality: None,
        };
        let window = rule.window_days as usize;
        let params = IndexParams {
            window,
            ..IndexParams::default()
        };
        let index_rule = matches!(rule.condition, Condition::IndexAbove(_));
        let history = if index_rule { params.history() } else { window };
        let start = as_of - Duration::days(history as i64 - 1);
        let subject = |e: &PairEvent| match b {
            Some(b) if rule.directed => e.source.starts_with(a) && e.target.starts_with(b),
            Some(b) => {
                (e.source.starts_with(a) && e.target.starts_with(b))
                    || (e.source.starts_with(b) && e.target.starts_with(a))
            }
            None => match rule.role {
                Role::Any => e.source.starts_with(a) || e.target.starts_with(a),
                Role::Source => e.source.starts_with(a),
                Role::Target => e.target.starts_with(a),
            },
        };
        let events: Vec<PairEvent> = store
            .pair_events(Some(a), b, Some(start), Some(as_of))?
            .into_iter()
            .filter(|e| subject(e))
            .filter(|e| {
                rule.modality
                    .as_ref()
                    .is_none_or(|ms| ms.contains(&e.modality))
            })
            .collect();
        let window_start = as_of - Duration::days(window as i64 - 1);
        let in_window = |e: &&PairEvent| e.day >= window_start;
        let label = |ga: &str, gb: &str| {
            if gb.is_empty() {
                ga.to_string()
            } else {
                format!("{ga}-{gb}")
            }
        };
        let mut fire = |actors: String,
                        measure: String,
                        value: f64,
                        threshold: f64,
                        behind: Vec<&PairEvent>|
         -> Result<(), AlertError> {
            alerts.push(Alert {
                rule: rule.name.clone(),
                actors,
                day: as_of,
                window_days: rule.window_days,
                measure,
                value,
                threshold,
                events: alert_events(store, &behind)?,
                cooldown_days: rule.cooldown_days,
            });
            Ok(())
        };
        match &rule.condition {
            Condition::IndexAbove(threshold) => {
                let days = crate::news_days(store, start, as_of)?;
                for s in pair_series(&events, a, b, start, as_of, days.as_deref(), &opts) {
                    let Some(point) = index_at(&s, s.days.len().saturating_sub(1), &params) else {
                        continue;
                    };
                    let Some(value) = point.value.filter(|v| v > threshold) else {
                        continue;
                    };
                    let behind: Vec<&PairEvent> = events
                        .iter()
                        .filter(in_window)
                        .filter(|e| e.quad_class >= 3)
                        .filter(|e| {
                            let (ks, kt) = (opts.level.key(&e.source), opts.level.key(&e.target));
                            if s.b.is_empty() {
                                ks == s.a || kt == s.a
                            } else {
                                (ks == s.a && kt == s.b) || (ks == s.b && kt == s.a)
                            }
                        })
                        .collect();
                    fire(label(&s.a, &s.b), "index".into(), value, *threshold, behind)?;
                }
            }
            Condition::RootCount { root, min } => {
                let behind: Vec<&PairEvent> = events
                    .iter()
                    .filter(in_window)
                    .filter(|e| e.cameo.starts_with(root.as_str()))
                    .collect();
                if behind.len() as u32 >= *min {
                    let n = behind.len() as f64;
                    fire(
                        label(a, b.unwrap_or("")),
                        format!("count of root {root}"),
                        n,
                        *min as f64,
                        behind,
                    )?;
                }
            }
            Condition::QuadCount { quad, min } => {
                let behind: Vec<&PairEvent> = events
                    .iter()
                    .filter(in_window)
                    .filter(|e| e.quad_class == *quad)
                    .collect();
                if behind.len() as u32 >= *min {
                    let n = behind.len() as f64;
                    fire(
                        label(a, b.unwrap_or("")),
                        format!("count of quad class {quad}"),
                        n,
                        *min as f64,
                        behind,
                    )?;
                }
            }
        }
    }
    Ok(alerts)
}

/// Keeps track of alerts already reported, for `sitrep watch`: an alert for a rule and
/// subject is new unless the same one was reported less than its cooldown ago.
#[derive(Debug, Default)]
pub struct Watcher {
    last: HashMap<String, NaiveDate>,
}

impl Watcher {
    /// Of `alerts`, those to report now (and remembers them).
    pub fn fresh(&mut self, alerts: Vec<Alert>) -> Vec<Alert> {
        alerts
            .into_iter()
            .filter(|a| {
                let key = a.key();
                let quiet = self.last.get(&key).is_some_and(|last| {
                    a.day >= *last && (a.day - *last).num_days() < a.cooldown_days.max(1) as i64
                });
                if !quiet {
                    self.last.insert(key, a.day);
                }
                !quiet
            })
            .collect()
    }
}

/// POSTs `body` (JSON) to an `http://` URL and checks for a 2xx answer. A plain HTTP/1.1
/// request written by hand: alerts go to a local relay or chat bridge, and a TLS client would
/// be the heaviest dependency of the binary for one request; `https://` URLs are refused with
/// that explanation.
pub fn post_webhook(url: &str, body: &str, timeout: std::time::Duration) -> Result<(), String> {
    use std::io::{Read, Write};
    use std::net::{TcpStream, ToSocketAddrs};
    let rest = url.strip_prefix("http://").ok_or_else(|| {
        format!("webhook {url:?}: only http:// URLs are supported (use a local relay for https)")
    })?;
    let (hostport, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let addr_text = if hostport.contains(':') {
        hostport.to_string()
    } else {
        format!("{hostport}:80")
    };
    let addr = addr_text
        .to_socket_addrs()
        .map_err(|e| format!("webhook {url:?}: cannot resolve {hostport}: {e}"))?
        .next()
        .ok_or_else(|| format!("webhook {url:?}: {hostport} has no address"))?;
    let mut stream = TcpStream::connect_timeout(&addr, timeout)
        .map_err(|e| format!("webhook {url:?}: cannot connect: {e}"))?;
    let _ = stream.set_read_timeout(Some(timeout));
    let _ = stream.set_write_timeout(Some(timeout));
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {hostport}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\nUser-Agent: sitrep\r\n\r\n{body}",
        body.len()
    );
    stream
        .write_all(request.as_bytes())
        .map_err(|e| format!("webhook {url:?}: cannot send: {e}"))?;
    let mut answer = Vec::new();
    let mut buf = [0u8; 1024];
    // The status line is all that is needed; stop once it has arrived.
    while !answer.windows(2).any(|w| w == b"\r\n") && answer.len() < 8192 {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => answer.extend_from_slice(&buf[..n]),
            Err(e) => return Err(format!("webhook {url:?}: no answer: {e}")),
        }
    }
    let status_line = String::from_utf8_lossy(&answer);
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse::<u16>().ok())
        .ok_or_else(|| format!("webhook {url:?}: not an HTTP answer"))?;
    if (200..300).contains(&status) {
        Ok(())
    } else {
        Err(format!("webhook {url:?}: answered {status}"))
    }
}

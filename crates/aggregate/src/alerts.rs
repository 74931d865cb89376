//! Alert rules, their evaluation over the store, and delivery to a webhook.
//!
//! Rules live in a small TOML file:
//!
//! ```toml
//! [[rule]]
//! name = "Russia-Ukraine escalation"
//! actors = ["RUS", "UKR"]      # a pair, or one actor against anyone
//! index_above = 2.0            # fires when the escalation index exceeds this
//! window_days = 7              # the index window (default 7)
//!
//! [[rule]]
//! name = "Fighting involving Ukraine"
//! actors = ["UKR"]
//! root = "19"                  # CAMEO root code
//! count_at_least = 3           # fires on this many events of the root in the window
//! window_days = 3
//! modality = "any"             # default "asserted"
//! ```

use std::collections::HashSet;
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

fn default_window() -> u32 {
    7
}

/// One alert rule.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Name shown when it fires.
    pub name: String,
    /// One actor code prefix (against anyone) or two (a pair, either direction).
    pub actors: Vec<String>,
    /// Fire when the escalation index exceeds this.
    pub index_above: Option<f64>,
    /// CAMEO root code of a count rule.
    pub root: Option<String>,
    /// Fire when at least this many events of `root` fall in the window.
    pub count_at_least: Option<u32>,
    /// Days in the window.
    #[serde(default = "default_window")]
    pub window_days: u32,
    /// Modality counted: default `asserted`; `any` counts every modality.
    pub modality: Option<String>,
    /// Group actors by sector (first six letters of the code) instead of by country.
    #[serde(default)]
    pub sector: bool,
}

/// A rules file.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// The rules, in file order.
    #[serde(default)]
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
        let rules: Rules = toml::from_str(text).map_err(|e| AlertError::Parse {
            path: path.to_string(),
            message: e.to_string().trim_end().to_string(),
        })?;
        for (i, r) in rules.rule.iter().enumerate() {
            let bad = |message: &str| AlertError::Rule {
                path: path.to_string(),
                index: i + 1,
                name: r.name.clone(),
                message: message.to_string(),
            };
            if r.actors.is_empty() || r.actors.len() > 2 {
                return Err(bad("`actors` needs one code (an actor) or two (a pair)"));
            }
            if r.actors
                .iter()
                .any(|a| a.is_empty() || !a.bytes().all(|b| b.is_ascii_alphanumeric()))
            {
                return Err(bad("actor codes are letters and digits, like \"RUS\""));
            }
            match (r.index_above, &r.root, r.count_at_least) {
                (Some(_), None, None) => {}
                (None, Some(root), Some(_)) => {
                    if root.len() != 2 || !root.bytes().all(|b| b.is_ascii_digit()) {
                        return Err(bad("`root` is a two-digit CAMEO root like \"19\""));
                    }
                }
                _ => {
                    return Err(bad(
                        "give either `index_above`, or `root` with `count_at_least`",
                    ))
                }
            }
            if r.window_days == 0 || r.window_days > 366 {
                return Err(bad("`window_days` must be 1 to 366"));
            }
        }
        Ok(rules)
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
}

impl Alert {
    /// Identity for "already reported": rule, actors and day.
    pub fn key(&self) -> String {
        format!("{}\u{1f}{}\u{1f}{}", self.rule, self.actors, self.day)
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
        let a = rule.actors[0].to_ascii_uppercase();
        let b = rule.actors.get(1).map(|b| b.to_ascii_uppercase());
        let modality = match rule.modality.as_deref() {
            None => Some("asserted".to_string()),
            Some("any") => None,
            Some(m) => Some(m.to_string()),
        };
        let opts = SeriesOptions {
            level: if rule.sector {
                Level::Sector
            } else {
                Level::Country
            },
            modality: modality.clone(),
        };
        let window = rule.window_days as usize;
        let params = IndexParams {
            window,
            ..IndexParams::default()
        };
        let history = if rule.index_above.is_some() {
            params.history()
        } else {
            window
        };
        let start = as_of - Duration::days(history as i64 - 1);
        let events = store.pair_events(Some(&a), b.as_deref(), Some(start), Some(as_of))?;
        let window_start = as_of - Duration::days(window as i64 - 1);
        let in_window = |e: &&PairEvent| {
            e.day >= window_start && modality.as_deref().is_none_or(|m| e.modality == m)
        };
        let label = |ga: &str, gb: &str| {
            if gb.is_empty() {
                ga.to_string()
            } else {
                format!("{ga}-{gb}")
            }
        };
        if let Some(threshold) = rule.index_above {
            let days = crate::news_days(store, start, as_of)?;
            for s in pair_series(
                &events,
                &a,
                b.as_deref(),
                start,
                as_of,
                days.as_deref(),
                &opts,
            ) {
                let Some(point) = index_at(&s, s.days.len().saturating_sub(1), &params) else {
                    continue;
                };
                let Some(value) = point.value.filter(|v| *v > threshold) else {
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
                alerts.push(Alert {
                    rule: rule.name.clone(),
                    actors: label(&s.a, &s.b),
                    day: as_of,
                    window_days: rule.window_days,
                    measure: "index".into(),
                    value,
                    threshold,
                    events: alert_events(store, &behind)?,
                });
            }
        } else if let (Some(root), Some(n)) = (&rule.root, rule.count_at_least) {
            let behind: Vec<&PairEvent> = events
                .iter()
                .filter(in_window)
                .filter(|e| e.cameo.starts_with(root.as_str()))
                .collect();
            if behind.len() as u32 >= n {
                alerts.push(Alert {
                    rule: rule.name.clone(),
                    actors: label(&a, b.as_deref().unwrap_or("")),
                    day: as_of,
                    window_days: rule.window_days,
                    measure: format!("count of root {root}"),
                    value: behind.len() as f64,
                    threshold: n as f64,
                    events: alert_events(store, &behind)?,
                });
            }
        }
    }
    Ok(alerts)
}

/// Keeps track of alerts already reported, for `sitrep watch`.
#[derive(Debug, Default)]
pub struct Watcher {
    seen: HashSet<String>,
}

impl Watcher {
    /// Of `alerts`, those not reported before (and remembers them).
    pub fn fresh(&mut self, alerts: Vec<Alert>) -> Vec<Alert> {
        alerts
            .into_iter()
            .filter(|a| self.seen.insert(a.key()))
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

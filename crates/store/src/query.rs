//! Reading events back: filtered, paged queries for the API and exports, and the lean rows the
//! series are computed from.

use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::Row;
use serde::Serialize;
use sitrep_doc::output::{
    Attribution, DateOut, EventOut, Explain, LocationOut, Participant, SpanOut,
};

use crate::{Ctx, Store, StoreError};

/// Which events to read. Every field left `None` matches everything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    /// First day (inclusive).
    pub since: Option<NaiveDate>,
    /// Last day (inclusive).
    pub until: Option<NaiveDate>,
    /// Actor code prefix (`RUS`, `UKRMIL`), matched against the source or the target.
    pub actor: Option<String>,
    /// CAMEO root code, two digits (`19`).
    pub root: Option<String>,
    /// Modality (`asserted`, `negated`, …).
    pub modality: Option<String>,
}

/// One page of a query: at most `limit` events after `cursor` (from the previous page's
/// [`EventPage::next`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page {
    /// Most events to return (capped at 10,000).
    pub limit: usize,
    /// Where the previous page stopped.
    pub cursor: Option<String>,
}

impl Default for Page {
    fn default() -> Page {
        Page {
            limit: 100,
            cursor: None,
        }
    }
}

/// An event as stored, with its story and how widely it was reported.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StoredEvent {
    /// Stable event id (hex).
    pub event_id: String,
    /// The document that first reported it.
    pub doc_id: String,
    /// The day it counts on (`YYYY-MM-DD`), if any.
    pub day: Option<String>,
    /// The event as `sitrep code` printed it (document-local ids).
    pub event: EventOut,
    /// Mentions by documents (the first report included).
    pub mentions: u32,
    /// Distinct documents that mention it.
    pub articles: u32,
    /// Distinct sites of those documents.
    pub sources: u32,
    /// URL of the first report.
    pub url: Option<String>,
    /// Title of the first report.
    pub title: Option<String>,
    /// Publication date of the first report.
    pub published: Option<String>,
    /// Site of the first report.
    pub site: Option<String>,
}

/// A page of events, newest day first.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EventPage {
    /// The events.
    pub events: Vec<StoredEvent>,
    /// Cursor for the next page; `None` on the last.
    pub next: Option<String>,
}

/// The few fields a daily series needs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PairEvent {
    /// Stable event id.
    pub event_id: String,
    /// Day.
    pub day: NaiveDate,
    /// Source code (empty when none).
    pub source: String,
    /// Target code (empty when none).
    pub target: String,
    /// CAMEO code.
    pub cameo: String,
    /// Quad class 1–4.
    pub quad_class: u8,
    /// Goldstein value.
    pub goldstein: f32,
    /// Modality.
    pub modality: String,
}

/// Documents published on one day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DayCount {
    /// The day.
    pub day: NaiveDate,
    /// Documents.
    pub documents: u64,
}

/// The columns [`event_from_row`] reads, in its order.
pub(crate) const EVENT_COLUMNS: &str = "e.event_id, e.doc_id, e.day, e.local_id, e.sentence,
    e.date_value, e.date_precision, e.date_text, e.source_actor, e.source_code, e.source_text,
    e.target_actor, e.target_code, e.target_text, e.cameo, e.plover, e.plover_mode, e.goldstein,
    e.quad_class, e.modality, e.trigger_start, e.trigger_end, e.trigger_text, e.speaker_actor,
    e.speaker_code, e.speaker_text, e.via, e.loc_name, e.loc_country, e.loc_lat, e.loc_lon,
    e.loc_text, e.loc_geonames_id, e.evidence_start, e.evidence_end, e.evidence_text,
    e.confidence, e.explain, e.seq,
    (SELECT count(*) FROM mentions m WHERE m.event_id = e.event_id),
    (SELECT count(DISTINCT m.doc_id) FROM mentions m WHERE m.event_id = e.event_id),
    (SELECT count(DISTINCT coalesce(d2.site, d2.id)) FROM mentions m
        JOIN documents d2 ON d2.id = m.doc_id WHERE m.event_id = e.event_id),
    d.url, d.title, d.published, d.site, e.sentence_start, e.sentence_end, e.sentence_text";

/// Index of `e.seq` in [`EVENT_COLUMNS`].
const SEQ: usize = 38;

/// How many columns [`EVENT_COLUMNS`] has.
pub(crate) const EVENT_COLUMN_COUNT: usize = SEQ + 11;

fn participant(
    actor: Option<String>,
    code: Option<String>,
    text: Option<String>,
) -> Option<Participant> {
    // A participant is stored as three columns that are all null or all set.
    match (actor, code, text) {
        (None, None, None) => None,
        (a, c, t) => Some(Participant {
            actor: a.unwrap_or_default(),
            code: c.unwrap_or_default(),
            text: t.unwrap_or_default(),
        }),
    }
}

/// Rebuilds a stored event (the row of a query over [`EVENT_COLUMNS`]).
pub(crate) fn event_from_row(r: &Row) -> rusqlite::Result<StoredEvent> {
    let trigger = match (
        r.get::<_, Option<i64>>(20)?,
        r.get::<_, Option<i64>>(21)?,
        r.get::<_, Option<String>>(22)?,
    ) {
        (Some(start), Some(end), Some(text)) => Some(SpanOut {
            start: start as usize,
            end: end as usize,
            text,
        }),
        _ => None,
    };
    let location = match r.get::<_, Option<String>>(27)? {
        Some(name) => Some(LocationOut {
            name,
            country: r.get::<_, Option<String>>(28)?.unwrap_or_default(),
            lat: r.get::<_, Option<f64>>(29)?.unwrap_or_default(),
            lon: r.get::<_, Option<f64>>(30)?.unwrap_or_default(),
            text: r.get(31)?,
            geonames_id: r.get::<_, Option<i64>>(32)?.map(|g| g as u64),
        }),
        None => None,
    };
    let explain = r
        .get::<_, Option<String>>(37)?
        .and_then(|s| explain_from_json(&s));
    let day: String = r.get(2)?;
    let event = EventOut {
        id: r.get(3)?,
        sentence: r.get::<_, i64>(4)? as usize,
        source: participant(r.get(8)?, r.get(9)?, r.get(10)?),
        target: participant(r.get(11)?, r.get(12)?, r.get(13)?),
        cameo: r.get(14)?,
        plover: r.get(15)?,
        plover_mode: r.get(16)?,
        goldstein: r.get::<_, f64>(17)? as f32,
        quad_class: r.get::<_, i64>(18)? as u8,
        modality: r.get(19)?,
        modality_trigger: trigger,
        attribution: Attribution {
            speaker: participant(r.get(23)?, r.get(24)?, r.get(25)?),
            via: r.get(26)?,
        },
        date: DateOut {
            value: r.get(5)?,
            precision: r.get(6)?,
            text: r.get(7)?,
        },
        location,
        evidence: SpanOut {
            start: r.get::<_, i64>(33)? as usize,
            end: r.get::<_, i64>(34)? as usize,
            text: r.get(35)?,
        },
        confidence: r.get::<_, f64>(36)? as f32,
        explain,
        sentence_span: match (
            r.get::<_, Option<i64>>(SEQ + 8)?,
            r.get::<_, Option<i64>>(SEQ + 9)?,
            r.get::<_, Option<String>>(SEQ + 10)?,
        ) {
            (Some(start), Some(end), Some(text)) => Some(SpanOut {
                start: start as usize,
                end: end as usize,
                text,
            }),
            _ => None,
        },
    };
    Ok(StoredEvent {
        event_id: r.get(0)?,
        doc_id: r.get(1)?,
        day: (!day.is_empty()).then_some(day),
        event,
        mentions: r.get::<_, i64>(SEQ + 1)? as u32,
        articles: r.get::<_, i64>(SEQ + 2)? as u32,
        sources: r.get::<_, i64>(SEQ + 3)? as u32,
        url: r.get(SEQ + 4)?,
        title: r.get(SEQ + 5)?,
        published: r.get(SEQ + 6)?,
        site: r.get(SEQ + 7)?,
    })
}

/// `Explain` is not deserializable in `sitrep-doc`; its three fields are read by hand.
fn explain_from_json(s: &str) -> Option<Explain> {
    let v: serde_json::Value = serde_json::from_str(s).ok()?;
    let strings = |k: &str| -> Vec<String> {
        v.get(k)
            .and_then(|x| x.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    };
    Some(Explain {
        pattern: v.get("pattern")?.as_str()?.to_string(),
        dictionary: strings("dictionary"),
        path: strings("path"),
    })
}

/// The SQL condition and parameters of `filters` over the events table `e`.
pub(crate) fn where_clause(filters: &Filters) -> Result<(String, Vec<Value>), StoreError> {
    let (mut conds, mut params) = base_conditions(filters)?;
    if let Some(prefix) = &filters.actor {
        let s = actor_condition("source_code", prefix, &mut params)?;
        let t = actor_condition("target_code", prefix, &mut params)?;
        conds.push(format!("(({s}) OR ({t}))"));
    }
    Ok((join(conds), params))
}

fn join(conds: Vec<String>) -> String {
    if conds.is_empty() {
        "1".to_string()
    } else {
        conds.join(" AND ")
    }
}

/// Conditions of every filter but the actor.
fn base_conditions(filters: &Filters) -> Result<(Vec<String>, Vec<Value>), StoreError> {
    let mut conds: Vec<String> = Vec::new();
    let mut params: Vec<Value> = Vec::new();
    if let Some(d) = filters.since {
        params.push(Value::Text(d.to_string()));
        conds.push(format!("e.day >= ?{}", params.len()));
    }
    if let Some(d) = filters.until {
        params.push(Value::Text(d.to_string()));
        conds.push(format!("e.day <= ?{}", params.len()));
    }
    // A day range excludes events with no day at all.
    if filters.since.is_none() && filters.until.is_some() {
        conds.push("e.day <> ''".into());
    }
    if let Some(root) = &filters.root {
        if root.len() != 2 || !root.bytes().all(|b| b.is_ascii_digit()) {
            return Err(StoreError::BadQuery(format!(
                "CAMEO root {root:?} is not two digits"
            )));
        }
        params.push(Value::Text(root.clone()));
        conds.push(format!("e.root = ?{}", params.len()));
    }
    if let Some(m) = &filters.modality {
        params.push(Value::Text(m.clone()));
        conds.push(format!("e.modality = ?{}", params.len()));
    }
    Ok((conds, params))
}

/// `column` starts with `prefix`: the country part as the indexed expression, the rest as a
/// range, so the country index serves the match in day order.
fn actor_condition(
    column: &str,
    prefix: &str,
    params: &mut Vec<Value>,
) -> Result<String, StoreError> {
    let (lo, hi) = prefix_range(prefix)?;
    let mut cond = String::new();
    if lo.len() >= 3 {
        params.push(Value::Text(lo[..3].to_string()));
        cond.push_str(&format!(
            "substr(e.{column}, 1, 3) = ?{} AND ",
            params.len()
        ));
    }
    params.push(Value::Text(lo));
    params.push(Value::Text(hi));
    cond.push_str(&format!(
        "e.{column} >= ?{} AND e.{column} < ?{}",
        params.len() - 1,
        params.len()
    ));
    Ok(cond)
}

/// The half-open range of codes that start with `prefix`: codes are upper-case ASCII, so the
/// end is the prefix with its last byte raised by one.
fn prefix_range(prefix: &str) -> Result<(String, String), StoreError> {
    let p = prefix.trim().to_ascii_uppercase();
    if p.is_empty() || !p.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(StoreError::BadQuery(format!(
            "actor code prefix {prefix:?} must be letters or digits"
        )));
    }
    let mut hi = p.clone().into_bytes();
    if let Some(last) = hi.last_mut() {
        *last += 1;
    }
    Ok((p, String::from_utf8_lossy(&hi).into_owned()))
}

fn parse_cursor(cursor: &str) -> Result<(String, i64), StoreError> {
    let bad = || StoreError::BadQuery(format!("cursor {cursor:?} is not one this store made"));
    let (day, seq) = cursor.rsplit_once('~').ok_or_else(bad)?;
    let seq: i64 = seq.parse().map_err(|_| bad())?;
    if !(day.is_empty() || NaiveDate::parse_from_str(day, "%Y-%m-%d").is_ok()) {
        return Err(bad());
    }
    Ok((day.to_string(), seq))
}

impl Store {
    /// Events matching `filters`, newest day first (ties: latest stored first), one page at a
    /// time. Paging is by cursor (keyset), so page 10,000 costs what page 1 costs.
    pub fn query_events(&self, filters: &Filters, page: &Page) -> Result<EventPage, StoreError> {
        let limit = page.limit.clamp(1, 10_000);
        let (base, params) = base_conditions(filters)?;
        let cursor = page.cursor.as_deref().map(parse_cursor).transpose()?;
        // With an actor, "source matches" and "target matches (and source does not)" are read
        // as two queries, each in day order from its country index, and merged: one query with
        // OR would collect every match and sort it.
        let sides: Vec<(Vec<String>, Vec<Value>)> = match &filters.actor {
            None => vec![(base, params)],
            Some(prefix) => {
                let (mut c1, mut p1) = (base.clone(), params.clone());
                c1.push(actor_condition("source_code", prefix, &mut p1)?);
                let (mut c2, mut p2) = (base, params);
                c2.push(actor_condition("target_code", prefix, &mut p2)?);
                let not_source = actor_condition("source_code", prefix, &mut p2)?;
                c2.push(format!("(e.source_code IS NULL OR NOT ({not_source}))"));
                vec![(c1, p1), (c2, p2)]
            }
        };
        let mut found: Vec<(String, i64, StoredEvent)> = Vec::new();
        for (mut conds, mut params) in sides {
            if let Some((day, seq)) = &cursor {
                params.push(Value::Text(day.clone()));
                params.push(Value::Integer(*seq));
                conds.push(format!(
                    "(e.day, e.seq) < (?{}, ?{})",
                    params.len() - 1,
                    params.len()
                ));
            }
            let sql = format!(
                "SELECT {EVENT_COLUMNS} FROM events e JOIN documents d ON d.id = e.doc_id
                 WHERE {} ORDER BY e.day DESC, e.seq DESC LIMIT {}",
                join(conds),
                limit + 1
            );
            let mut stmt = self
                .conn
                .prepare_cached(&sql)
                .ctx(|| "cannot prepare the event query".into())?;
            let rows = stmt
                .query_map(rusqlite::params_from_iter(params.iter()), |r| {
                    let seq: i64 = r.get(SEQ)?;
                    let day: String = r.get(2)?;
                    Ok((day, seq, event_from_row(r)?))
                })
                .ctx(|| "cannot run the event query".into())?;
            for row in rows {
                found.push(row.ctx(|| "cannot read an event".into())?);
            }
        }
        found.sort_by(|a, b| (&b.0, b.1).cmp(&(&a.0, a.1)));
        let more = found.len() > limit;
        found.truncate(limit);
        let next = match (more, found.last()) {
            (true, Some((day, seq, _))) => Some(format!("{day}~{seq}")),
            _ => None,
        };
        Ok(EventPage {
            events: found.into_iter().map(|f| f.2).collect(),
            next,
        })
    }

    /// One event by id.
    pub fn event(&self, event_id: &str) -> Result<Option<StoredEvent>, StoreError> {
        use rusqlite::OptionalExtension;
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM events e JOIN documents d ON d.id = e.doc_id
             WHERE e.event_id = ?1"
        );
        self.conn
            .query_row(&sql, [event_id], event_from_row)
            .optional()
            .ctx(|| format!("cannot read event {event_id}"))
    }

    /// Every event with a day that involves an actor starting with `a` (as source or target),
    /// and when `b` is given, one starting with `b` on the other side; oldest first. With no
    /// `a`, every event of the range.
    pub fn pair_events(
        &self,
        a: Option<&str>,
        b: Option<&str>,
        since: Option<NaiveDate>,
        until: Option<NaiveDate>,
    ) -> Result<Vec<PairEvent>, StoreError> {
        let filters = Filters {
            since,
            until,
            actor: a.map(String::from),
            ..Filters::default()
        };
        let (cond, params) = where_clause(&filters)?;
        let sql = format!(
            "SELECT e.event_id, e.day, coalesce(e.source_code, ''), coalesce(e.target_code, ''),
                    e.cameo, e.quad_class, e.goldstein, e.modality
             FROM events e WHERE {cond} AND e.day <> '' ORDER BY e.day, e.seq"
        );
        let mut stmt = self
            .conn
            .prepare_cached(&sql)
            .ctx(|| "cannot prepare the pair query".into())?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(params.iter()), |r| {
                let day: String = r.get(1)?;
                Ok((
                    day,
                    PairEvent {
                        event_id: r.get(0)?,
                        day: NaiveDate::MIN,
                        source: r.get(2)?,
                        target: r.get(3)?,
                        cameo: r.get(4)?,
                        quad_class: r.get::<_, i64>(5)? as u8,
                        goldstein: r.get::<_, f64>(6)? as f32,
                        modality: r.get(7)?,
                    },
                ))
            })
            .ctx(|| "cannot run the pair query".into())?;
        let a = a.unwrap_or_default().to_ascii_uppercase();
        let b = b.map(|b| b.to_ascii_uppercase());
        let mut out = Vec::new();
        for row in rows {
            let (day, mut ev) = row.ctx(|| "cannot read the pair query".into())?;
            // Days come from the coder as `YYYY-MM-DD`; a week, month or year date keeps its
            // first day, so every stored day parses.
            let Some(d) = day
                .get(..10)
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            else {
                continue;
            };
            ev.day = d;
            if let Some(b) = &b {
                let ok = (ev.source.starts_with(&a) && ev.target.starts_with(b.as_str()))
                    || (ev.source.starts_with(b.as_str()) && ev.target.starts_with(&a));
                if !ok {
                    continue;
                }
            }
            out.push(ev);
        }
        Ok(out)
    }

    /// Documents per publication day: which days the store has news for at all.
    pub fn documents_per_day(
        &self,
        since: Option<NaiveDate>,
        until: Option<NaiveDate>,
    ) -> Result<Vec<DayCount>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT substr(published, 1, 10), count(*) FROM documents
                 WHERE published IS NOT NULL AND published >= ?1 AND published <= ?2
                 GROUP BY 1 ORDER BY 1",
            )
            .ctx(|| "cannot prepare the day count".into())?;
        let lo = since.map(|d| d.to_string()).unwrap_or_default();
        let hi = until.map(|d| format!("{d}~")).unwrap_or_else(|| "~".into());
        let rows = stmt
            .query_map([lo, hi], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
            })
            .ctx(|| "cannot count documents per day".into())?;
        let mut out = Vec::new();
        for row in rows {
            let (day, n) = row.ctx(|| "cannot count documents per day".into())?;
            if let Ok(day) = NaiveDate::parse_from_str(&day, "%Y-%m-%d") {
                out.push(DayCount {
                    day,
                    documents: n as u64,
                });
            }
        }
        Ok(out)
    }

    /// The latest day any event counts on.
    pub fn last_day(&self) -> Result<Option<NaiveDate>, StoreError> {
        let day: Option<String> = self
            .conn
            .query_row("SELECT max(day) FROM events WHERE day <> ''", [], |r| {
                r.get(0)
            })
            .ctx(|| "cannot read the last day".into())?;
        Ok(day.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()))
    }
}

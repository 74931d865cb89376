//! Exports from the store. Every rendering is made from the same `sitrep/1` model that
//! `sitrep code` prints: stored rows are turned back into [`Record`]s and [`EventOut`]s, and
//! TSV and GDELT rows come from `sitrep_events::render`, so the store never formats a column
//! of its own that `sitrep code` formats differently.
//!
//! | format | unit | contents |
//! |---|---|---|
//! | `jsonl` | one `sitrep/1` record per document | the document, its actors, quotes and every event it mentions (for a copy: the original story's events, with the copy's own event ids, sentences and offsets) |
//! | `tsv` | one line per event | `sitrep code --output tsv` columns, with a header |
//! | `gdelt` | one line per event | GDELT 2.0 event columns; `GLOBALEVENTID` is the store's event id and `NumMentions`/`NumSources`/`NumArticles` count the stored mentions |
//! | `plover` | one JSON object per event | PLOVER fields (`event_type`, `mode`, actors, date, text); events of CAMEO roots 01–02, which PLOVER does not map, are left out |
//! | `parquet` | one row per event | typed columns, see [`crate::parquet_out`] |
//!
//! Event exports list each event once, however many documents mention it, oldest day first.

use std::io::Write;

use rusqlite::types::Value;
use serde::Serialize;
use sitrep_doc::output::{ActorOut, DocMeta, MentionOut, Participant, QuoteOut, Record, SCHEMA};
use sitrep_events::render::{gdelt_rows, tsv_lines, GDELT_COLUMNS, TSV_HEADER};

use crate::query::{
    event_from_row, where_clause, Filters, StoredEvent, EVENT_COLUMNS, EVENT_COLUMN_COUNT,
};
use crate::{Ctx, Store, StoreError};

/// An export format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `sitrep/1` records, one per document.
    Jsonl,
    /// One tab-separated line per event, with a header.
    Tsv,
    /// GDELT 2.0 event table rows.
    Gdelt,
    /// PLOVER JSON records, one per line.
    Plover,
    /// Apache Parquet, one row per event.
    Parquet,
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Format, String> {
        Ok(match s {
            "jsonl" => Format::Jsonl,
            "tsv" => Format::Tsv,
            "gdelt" => Format::Gdelt,
            "plover" => Format::Plover,
            "parquet" => Format::Parquet,
            _ => {
                return Err(format!(
                    "unknown export format {s:?}: jsonl, tsv, gdelt, plover or parquet"
                ))
            }
        })
    }
}

/// What an export wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ExportStats {
    /// Documents written (jsonl) or documents the written events came from.
    pub documents: u64,
    /// Events written.
    pub events: u64,
}

fn io(context: &str) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        context: context.to_string(),
        source,
    }
}

/// Writes the events (or documents, for `jsonl`) matching `filters` to `out` in `format`.
pub fn export<W: Write + Send>(
    store: &Store,
    format: Format,
    filters: &Filters,
    out: W,
) -> Result<ExportStats, StoreError> {
    match format {
        Format::Jsonl => export_jsonl(store, filters, out),
        Format::Parquet => crate::parquet_out::write(store, filters, out),
        Format::Tsv | Format::Gdelt | Format::Plover => {
            let mut out = std::io::BufWriter::new(out);
            if format == Format::Tsv {
                writeln!(out, "{TSV_HEADER}").map_err(io("writing the export"))?;
            }
            let mut docs = std::collections::HashSet::new();
            let mut stats = ExportStats::default();
            for_each_event(store, filters, |ev| {
                let lines = match format {
                    Format::Tsv => tsv_lines(&one_event_record(&ev)),
                    Format::Gdelt => gdelt_line(&ev).into_iter().collect(),
                    _ => plover_line(&ev).into_iter().collect(),
                };
                if !lines.is_empty() {
                    stats.events += 1;
                    if docs.insert(ev.doc_id.clone()) {
                        stats.documents += 1;
                    }
                }
                for line in lines {
                    writeln!(out, "{line}").map_err(io("writing the export"))?;
                }
                Ok(())
            })?;
            out.flush().map_err(io("writing the export"))?;
            Ok(stats)
        }
    }
}

/// Calls `f` on every event matching `filters`, oldest day first.
pub(crate) fn for_each_event(
    store: &Store,
    filters: &Filters,
    mut f: impl FnMut(StoredEvent) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let (cond, params) = where_clause(filters)?;
    let sql = format!(
        "SELECT {EVENT_COLUMNS} FROM events e JOIN documents d ON d.id = e.doc_id
         WHERE {cond} ORDER BY e.day, e.seq"
    );
    let mut stmt = store
        .conn
        .prepare(&sql)
        .ctx(|| "cannot prepare the export query".into())?;
    let mut rows = stmt
        .query(rusqlite::params_from_iter(params.iter()))
        .ctx(|| "cannot run the export query".into())?;
    while let Some(r) = rows.next().ctx(|| "cannot read the export query".into())? {
        f(event_from_row(r).ctx(|| "cannot read an exported event".into())?)?;
    }
    Ok(())
}

/// A record holding one stored event and the fields of its document that renderings read.
fn one_event_record(ev: &StoredEvent) -> Record {
    Record {
        schema: SCHEMA,
        doc: DocMeta {
            id: ev.doc_id.clone(),
            title: ev.title.clone(),
            published: ev.published.clone(),
            site: ev.site.clone(),
            url: ev.url.clone(),
            language: "en".into(),
            ..DocMeta::default()
        },
        events: vec![ev.event.clone()],
        ..Record::default()
    }
}

fn gdelt_line(ev: &StoredEvent) -> Option<String> {
    let row = gdelt_rows(&one_event_record(ev)).into_iter().next()?;
    let mut cols: Vec<String> = row.split('\t').map(String::from).collect();
    let mut set = |name: &str, value: String| {
        if let Some(i) = GDELT_COLUMNS.iter().position(|c| *c == name) {
            if let Some(c) = cols.get_mut(i) {
                *c = value;
            }
        }
    };
    set("GLOBALEVENTID", ev.event_id.clone());
    set("NumMentions", ev.mentions.to_string());
    set("NumSources", ev.sources.to_string());
    set("NumArticles", ev.articles.to_string());
    Some(cols.join("\t"))
}

#[derive(Serialize)]
struct PloverRecord<'a> {
    id: &'a str,
    date: Option<&'a str>,
    event_type: &'a str,
    mode: Option<&'a str>,
    context: [&'a str; 0],
    source_actor: Option<&'a str>,
    source_code: Option<&'a str>,
    target_actor: Option<&'a str>,
    target_code: Option<&'a str>,
    event_text: &'a str,
    modality: &'a str,
    cameo: &'a str,
    location: Option<&'a sitrep_doc::output::LocationOut>,
    story_id: &'a str,
    url: Option<&'a str>,
    publisher: Option<&'a str>,
    num_mentions: u32,
}

fn plover_line(ev: &StoredEvent) -> Option<String> {
    let e = &ev.event;
    let event_type = e.plover.as_deref()?;
    fn text(p: &Option<Participant>) -> Option<&str> {
        p.as_ref().map(|p| p.text.as_str())
    }
    fn code(p: &Option<Participant>) -> Option<&str> {
        p.as_ref().map(|p| p.code.as_str())
    }
    let rec = PloverRecord {
        id: &ev.event_id,
        date: ev.day.as_deref(),
        event_type,
        mode: e.plover_mode.as_deref(),
        context: [],
        source_actor: text(&e.source),
        source_code: code(&e.source),
        target_actor: text(&e.target),
        target_code: code(&e.target),
        event_text: &e.evidence.text,
        modality: &e.modality,
        cameo: &e.cameo,
        location: e.location.as_ref(),
        story_id: &ev.doc_id,
        url: ev.url.as_deref(),
        publisher: ev.site.as_deref(),
        num_mentions: ev.mentions,
    };
    serde_json::to_string(&rec).ok()
}

/// Numeric part of a document-local id (`E12` → 12), to keep a record's events in order.
fn local_number(id: &str) -> u64 {
    id.trim_start_matches(|c: char| !c.is_ascii_digit())
        .parse()
        .unwrap_or(u64::MAX)
}

fn export_jsonl<W: Write>(
    store: &Store,
    filters: &Filters,
    out: W,
) -> Result<ExportStats, StoreError> {
    let mut out = std::io::BufWriter::new(out);
    let filtered = *filters != Filters::default();
    let mut stats = ExportStats::default();
    let mut docs = store
        .conn
        .prepare(
            "SELECT id, title, published, site, url, author, language, republished_from,
                    duplicate_of
             FROM documents ORDER BY published, rowid",
        )
        .ctx(|| "cannot prepare the document export".into())?;
    let mut rows = docs
        .query([])
        .ctx(|| "cannot run the document export".into())?;
    let (cond, params) = where_clause(filters)?;
    let event_sql = format!(
        "SELECT {EVENT_COLUMNS}, m.local_id, m.sentence, m.evidence_start, m.evidence_end,
                m.confidence
         FROM mentions m JOIN events e ON e.event_id = m.event_id
              JOIN documents d ON d.id = e.doc_id
         WHERE m.doc_id = ?{} AND {cond}",
        params.len() + 1
    );
    let mut events_stmt = store
        .conn
        .prepare(&event_sql)
        .ctx(|| "cannot prepare the event export".into())?;
    while let Some(r) = rows.next().ctx(|| "cannot read a document".into())? {
        let doc = DocMeta {
            id: r.get(0).ctx(|| "cannot read a document".into())?,
            title: r.get(1).ctx(|| "cannot read a document".into())?,
            published: r.get(2).ctx(|| "cannot read a document".into())?,
            site: r.get(3).ctx(|| "cannot read a document".into())?,
            url: r.get(4).ctx(|| "cannot read a document".into())?,
            author: r.get(5).ctx(|| "cannot read a document".into())?,
            language: r.get(6).ctx(|| "cannot read a document".into())?,
            republished_from: r.get(7).ctx(|| "cannot read a document".into())?,
            duplicate_of: r.get(8).ctx(|| "cannot read a document".into())?,
        };
        let mut p = params.clone();
        p.push(Value::Text(doc.id.clone()));
        let ctx = || format!("cannot read the events of {:?}", doc.id);
        let mut evs = events_stmt
            .query_map(rusqlite::params_from_iter(p.iter()), |r| {
                let mut ev = event_from_row(r)?.event;
                let base = EVENT_COLUMN_COUNT;
                // The mention's own view of the event: its id, sentence and offsets in this
                // document.
                ev.id = r.get(base)?;
                ev.sentence = r.get::<_, i64>(base + 1)? as usize;
                ev.evidence.start = r.get::<_, i64>(base + 2)? as usize;
                ev.evidence.end = r.get::<_, i64>(base + 3)? as usize;
                ev.confidence = r.get::<_, f64>(base + 4)? as f32;
                Ok(ev)
            })
            .ctx(ctx)?
            .collect::<Result<Vec<_>, _>>()
            .ctx(ctx)?;
        if filtered && evs.is_empty() {
            continue;
        }
        evs.sort_by_key(|e| local_number(&e.id));
        let record = Record {
            schema: SCHEMA,
            actors: store.actors_of(&doc.id)?,
            quotes: store.quotes_of(&doc.id)?,
            doc,
            events: evs,
        };
        stats.documents += 1;
        stats.events += record.events.len() as u64;
        serde_json::to_writer(&mut out, &record).map_err(|e| StoreError::Io {
            context: "writing the export".into(),
            source: e.into(),
        })?;
        out.write_all(b"\n").map_err(io("writing the export"))?;
    }
    out.flush().map_err(io("writing the export"))?;
    Ok(stats)
}

impl Store {
    /// The actors of a stored document.
    pub fn actors_of(&self, doc_id: &str) -> Result<Vec<ActorOut>, StoreError> {
        let ctx = || format!("cannot read the actors of {doc_id:?}");
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT local_id, code, name, kind, country, role, dictionary, notes, mentions
                 FROM actors WHERE doc_id = ?1",
            )
            .ctx(ctx)?;
        let mut actors = stmt
            .query_map([doc_id], |r| {
                let notes: String = r.get(7)?;
                let mentions: String = r.get(8)?;
                Ok(ActorOut {
                    id: r.get(0)?,
                    code: r.get(1)?,
                    name: r.get(2)?,
                    kind: r.get(3)?,
                    country: r.get(4)?,
                    role: r.get(5)?,
                    dictionary: r.get(6)?,
                    notes: serde_json::from_str(&notes).unwrap_or_default(),
                    mentions: mentions_from_json(&mentions),
                })
            })
            .ctx(ctx)?
            .collect::<Result<Vec<_>, _>>()
            .ctx(ctx)?;
        actors.sort_by_key(|a| local_number(&a.id));
        Ok(actors)
    }

    /// The quotes of a stored document.
    pub fn quotes_of(&self, doc_id: &str) -> Result<Vec<QuoteOut>, StoreError> {
        let ctx = || format!("cannot read the quotes of {doc_id:?}");
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT text, start, end, kind, speaker_actor, speaker_code, speaker_text, via
                 FROM quotes WHERE doc_id = ?1 ORDER BY idx",
            )
            .ctx(ctx)?;
        let quotes = stmt
            .query_map([doc_id], |r| {
                let speaker = match (
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, Option<String>>(6)?,
                ) {
                    (None, None, None) => None,
                    (a, c, t) => Some(Participant {
                        actor: a.unwrap_or_default(),
                        code: c.unwrap_or_default(),
                        text: t.unwrap_or_default(),
                    }),
                };
                Ok(QuoteOut {
                    text: r.get(0)?,
                    start: r.get::<_, i64>(1)? as usize,
                    end: r.get::<_, i64>(2)? as usize,
                    kind: r.get(3)?,
                    speaker,
                    via: r.get(7)?,
                })
            })
            .ctx(ctx)?
            .collect::<Result<Vec<_>, _>>()
            .ctx(ctx)?;
        Ok(quotes)
    }
}

/// `MentionOut` is not deserializable in `sitrep-doc`; its fields are read by hand.
fn mentions_from_json(s: &str) -> Vec<MentionOut> {
    let Ok(serde_json::Value::Array(items)) = serde_json::from_str(s) else {
        return Vec::new();
    };
    items
        .iter()
        .map(|m| {
            let n = |k: &str| m.get(k).and_then(|v| v.as_u64()).unwrap_or_default() as usize;
            let s = |k: &str| {
                m.get(k)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            MentionOut {
                start: n("start"),
                end: n("end"),
                text: s("text"),
                sentence: n("sentence"),
                how: s("how"),
            }
        })
        .collect()
}

//! sitrep's store: every coded document, its actors, events, quotes and the mentions of its
//! events, in one embedded SQLite database.
//!
//! The store follows GDELT's split of *events* from *mentions*: an event is one happening
//! (who did what to whom), stored once; a mention says that document D reported it. A copy of
//! a stored story — the same text under another id, or a near-duplicate that the caller's
//! deduplicator found — adds mention rows to the events already stored instead of new events,
//! so counts over events never count a wire story twice.
//!
//! # Identity and idempotence
//!
//! * A document is identified by its `doc.id`; ingesting an id that is already stored changes
//!   nothing ([`IngestOutcome::AlreadyStored`]).
//! * An event id is a 128-bit FNV-1a hash of the *canonical story id* (the document's own id,
//!   or for a copy the id of the story it copies), the sentence index, the source and target
//!   codes, the CAMEO code and the evidence text. It is the same on every run and every machine.
//! * The store keeps its own exact-copy check (a hash of the whitespace-normalized text, or of
//!   the record's spans when no text is given), so idempotence never depends on the caller.
//!
//! # Durability
//!
//! Each document is one transaction (`BEGIN IMMEDIATE … COMMIT`) in WAL mode. A process killed
//! at any point leaves either the whole document or none of it; the next run skips what was
//! committed and continues. With [`Durability::Full`] (the default) each commit is also synced
//! to disk, so even a power cut loses nothing that `ingest` reported as stored; with
//! [`Durability::Normal`] a power cut may lose the last commits (never corrupt the database),
//! which is still safe against `kill -9`, and ingest is faster.
//!
//! # Example
//!
//! ```
//! use sitrep_doc::output::{DocMeta, Record, SCHEMA};
//! use sitrep_store::{IngestOutcome, Store};
//!
//! let mut store = Store::open_in_memory().unwrap();
//! let record = Record {
//!     schema: SCHEMA,
//!     doc: DocMeta { id: "d1".into(), language: "en".into(), ..DocMeta::default() },
//!     ..Record::default()
//! };
//! assert!(matches!(store.ingest(&record, None).unwrap(), IngestOutcome::New { .. }));
//! assert_eq!(store.ingest(&record, None).unwrap(), IngestOutcome::AlreadyStored);
//! ```
#![deny(missing_docs)]

pub mod export;
mod hash;
mod parquet_out;
mod query;
mod schema;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::Serialize;
use sitrep_doc::output::{EventOut, Record};

pub use export::{export, Format};
pub use hash::{event_id, text_hash};
pub use query::{DayCount, EventPage, Filters, Page, PairEvent, StoredEvent};

/// What went wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite refused an operation.
    #[error("{context}: {source}")]
    Sqlite {
        /// What the store was doing.
        context: String,
        /// SQLite's error.
        source: rusqlite::Error,
    },
    /// A file could not be written or read.
    #[error("{context}: {source}")]
    Io {
        /// What the store was doing.
        context: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The Parquet writer failed.
    #[error("writing Parquet: {0}")]
    Parquet(#[from] parquet::errors::ParquetError),
    /// The database is newer than this sitrep or fails its integrity check.
    #[error("{0}")]
    Invalid(String),
    /// A filter or cursor could not be understood.
    #[error("bad query: {0}")]
    BadQuery(String),
}

/// Adds context to SQLite errors.
pub(crate) trait Ctx<T> {
    fn ctx(self, context: impl FnOnce() -> String) -> Result<T, StoreError>;
}

impl<T> Ctx<T> for Result<T, rusqlite::Error> {
    fn ctx(self, context: impl FnOnce() -> String) -> Result<T, StoreError> {
        self.map_err(|source| StoreError::Sqlite {
            context: context(),
            source,
        })
    }
}

/// How hard each commit is pushed to disk.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Durability {
    /// Every commit is synced (`synchronous=FULL`): nothing reported stored is ever lost.
    #[default]
    Full,
    /// Commits reach the OS, not the disk (`synchronous=NORMAL`): safe against a killed
    /// process, a power cut may lose the newest commits.
    Normal,
}

/// The caller's decision that a document copies another.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct DupInfo {
    /// Id of the earlier document.
    pub of: String,
    /// `exact` or `near`.
    pub kind: String,
    /// Similarity the deduplicator measured, 0–1.
    pub similarity: f32,
}

/// One document to ingest with what the store cannot see in a [`Record`].
#[derive(Clone, Debug, Default)]
pub struct IngestInput<'a> {
    /// The coded document.
    pub record: Option<&'a Record>,
    /// The document text, for the store's exact-copy check.
    pub text: Option<&'a str>,
    /// The deduplicator's signature of the text (SimHash, MinHash key…), stored so a later run
    /// can compare new documents with stored ones (see [`Store::signatures`]).
    pub signature: Option<&'a str>,
    /// The deduplicator's decision.
    pub dup: Option<DupInfo>,
}

/// What ingesting one document did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum IngestOutcome {
    /// A new story: its events were stored.
    New {
        /// Events stored (events repeated within the document count once).
        events: usize,
    },
    /// A copy of a stored story: its events became mentions of the stored events.
    Duplicate {
        /// The original story's id.
        of: String,
        /// Mentions added to stored events.
        mentions: usize,
        /// Events of the copy with no counterpart in the original, stored as new events.
        new_events: usize,
    },
    /// The document id was stored before; nothing changed.
    AlreadyStored,
}

/// Counts of the rows in the store.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Documents.
    pub documents: u64,
    /// Documents that copy another.
    pub duplicates: u64,
    /// Actors (per document).
    pub actors: u64,
    /// Distinct events.
    pub events: u64,
    /// Mentions of events by documents.
    pub mentions: u64,
    /// Quotes.
    pub quotes: u64,
}

/// An open store.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
}

/// The default database path: `$XDG_DATA_HOME/sitrep/sitrep.db`, else
/// `~/.local/share/sitrep/sitrep.db` (`%APPDATA%\sitrep\sitrep.db` on Windows).
pub fn default_path() -> Option<PathBuf> {
    let env = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    let base = if cfg!(windows) {
        env("APPDATA")
    } else if cfg!(target_os = "macos") {
        env("HOME").map(|h| h.join("Library/Application Support"))
    } else {
        env("XDG_DATA_HOME").or_else(|| env("HOME").map(|h| h.join(".local/share")))
    }?;
    Some(base.join("sitrep").join("sitrep.db"))
}

impl Store {
    /// Opens (creating if needed) the database at `path` with [`Durability::Full`], and brings
    /// its schema up to date.
    pub fn open(path: impl AsRef<Path>) -> Result<Store, StoreError> {
        Store::open_with(path, Durability::Full)
    }

    /// Opens the database at `path` with the given durability.
    pub fn open_with(path: impl AsRef<Path>, durability: Durability) -> Result<Store, StoreError> {
        let path = path.as_ref();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::Io {
                context: format!("cannot create {}", dir.display()),
                source,
            })?;
        }
        let conn = Connection::open(path).ctx(|| format!("cannot open {}", path.display()))?;
        let mut store = Store {
            conn,
            path: Some(path.to_path_buf()),
        };
        store.configure(durability)?;
        store.migrate()?;
        Ok(store)
    }

    /// A store in memory, for tests and one-off runs.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let conn = Connection::open_in_memory().ctx(|| "cannot open a memory database".into())?;
        let mut store = Store { conn, path: None };
        store.configure(Durability::Normal)?;
        store.migrate()?;
        Ok(store)
    }

    fn configure(&mut self, durability: Durability) -> Result<(), StoreError> {
        // Ingest and the queries use a few dozen distinct statements; keep them all prepared.
        self.conn.set_prepared_statement_cache_capacity(64);
        let sync = match durability {
            Durability::Full => "FULL",
            Durability::Normal => "NORMAL",
        };
        // WAL lets readers (the server) run beside a writer and makes each commit one append;
        // busy_timeout makes a second writer wait instead of failing at once.
        self.conn
            .execute_batch(&format!(
                "PRAGMA journal_mode=WAL; PRAGMA synchronous={sync}; PRAGMA foreign_keys=ON;
                 PRAGMA busy_timeout=10000; PRAGMA cache_size=-65536;"
            ))
            .ctx(|| format!("cannot configure {}", self.describe()))
    }

    fn describe(&self) -> String {
        match &self.path {
            Some(p) => p.display().to_string(),
            None => "the memory database".into(),
        }
    }

    /// The database file, if not in memory.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The schema version of the open database.
    pub fn version(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .ctx(|| "cannot read the schema version".into())
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        let have = self.version()?;
        if have > schema::VERSION {
            return Err(StoreError::Invalid(format!(
                "{} has schema version {have}, newer than this sitrep's {}: upgrade sitrep",
                self.describe(),
                schema::VERSION
            )));
        }
        self.migrate_to(schema::VERSION)
    }

    /// Applies migrations up to `target` (tests open old versions this way).
    fn migrate_to(&mut self, target: i64) -> Result<(), StoreError> {
        let have = self.version()?;
        for (i, sql) in schema::MIGRATIONS.iter().enumerate() {
            let version = i as i64 + 1;
            if version <= have || version > target {
                continue;
            }
            let name = self.describe();
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .ctx(|| format!("cannot start migration {version} of {name}"))?;
            tx.execute_batch(sql)
                .ctx(|| format!("migration {version} of {name} failed"))?;
            tx.pragma_update(None, "user_version", version)
                .ctx(|| format!("cannot record schema version {version} in {name}"))?;
            tx.commit()
                .ctx(|| format!("cannot commit migration {version} of {name}"))?;
        }
        Ok(())
    }

    /// Runs SQLite's `PRAGMA integrity_check` and the store's own consistency checks (every
    /// event has a mention, every mention an event and a document).
    pub fn check(&self) -> Result<(), StoreError> {
        let result: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .ctx(|| "integrity check failed to run".into())?;
        if result != "ok" {
            return Err(StoreError::Invalid(format!(
                "{} fails its integrity check: {result}",
                self.describe()
            )));
        }
        let checks = [
            (
                "events without a mention",
                "SELECT count(*) FROM events e WHERE NOT EXISTS
                   (SELECT 1 FROM mentions m WHERE m.event_id = e.event_id)",
            ),
            (
                "mentions of missing events",
                "SELECT count(*) FROM mentions m WHERE NOT EXISTS
                   (SELECT 1 FROM events e WHERE e.event_id = m.event_id)",
            ),
            (
                "mentions by missing documents",
                "SELECT count(*) FROM mentions m WHERE NOT EXISTS
                   (SELECT 1 FROM documents d WHERE d.id = m.doc_id)",
            ),
        ];
        for (what, sql) in checks {
            let n: i64 = self
                .conn
                .query_row(sql, [], |r| r.get(0))
                .ctx(|| format!("cannot count {what}"))?;
            if n != 0 {
                return Err(StoreError::Invalid(format!(
                    "{}: {n} {what}",
                    self.describe()
                )));
            }
        }
        Ok(())
    }

    /// Row counts.
    pub fn counts(&self) -> Result<Counts, StoreError> {
        let n = |sql: &str| -> Result<u64, StoreError> {
            self.conn
                .query_row(sql, [], |r| r.get::<_, i64>(0))
                .map(|v| v as u64)
                .ctx(|| format!("cannot run {sql}"))
        };
        Ok(Counts {
            documents: n("SELECT count(*) FROM documents")?,
            duplicates: n("SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL")?,
            actors: n("SELECT count(*) FROM actors")?,
            events: n("SELECT count(*) FROM events")?,
            mentions: n("SELECT count(*) FROM mentions")?,
            quotes: n("SELECT count(*) FROM quotes")?,
        })
    }

    /// Whether a document id is stored.
    pub fn contains(&self, doc_id: &str) -> Result<bool, StoreError> {
        self.conn
            .query_row(
                "SELECT 1 FROM documents WHERE id = ?1",
                [doc_id],
                |_| Ok(()),
            )
            .optional()
            .map(|o| o.is_some())
            .ctx(|| format!("cannot look up document {doc_id:?}"))
    }

    /// Stored deduplication signatures, `(document id, signature)`, oldest first: a
    /// deduplicator seeded with them finds copies of stories stored by earlier runs.
    pub fn signatures(&self) -> Result<Vec<(String, String)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, dup_key FROM documents WHERE dup_key IS NOT NULL
                 ORDER BY ingested_at, rowid",
            )
            .ctx(|| "cannot read signatures".into())?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .ctx(|| "cannot read signatures".into())?;
        rows.collect::<Result<_, _>>()
            .ctx(|| "cannot read signatures".into())
    }

    /// Stores one coded document; see [`Store::ingest_input`].
    pub fn ingest(
        &mut self,
        record: &Record,
        dup: Option<DupInfo>,
    ) -> Result<IngestOutcome, StoreError> {
        self.ingest_input(IngestInput {
            record: Some(record),
            dup,
            ..IngestInput::default()
        })
    }

    /// Stores one coded document with its text (for the exact-copy check by text hash).
    pub fn ingest_text(
        &mut self,
        record: &Record,
        text: &str,
        dup: Option<DupInfo>,
    ) -> Result<IngestOutcome, StoreError> {
        self.ingest_input(IngestInput {
            record: Some(record),
            text: Some(text),
            dup,
            ..IngestInput::default()
        })
    }

    /// Stores one coded document in one transaction.
    ///
    /// The document is a copy when the store holds a document with the same text hash, or
    /// else when `dup` (or the record's own `doc.duplicate_of`) names a stored document. A
    /// copy's events are matched to the original story's events — same event id, else same
    /// source, target, CAMEO code and evidence text, else same source, target and code — and
    /// become mentions of them; events with no counterpart are stored as new events of the
    /// story (a republished copy may add a paragraph).
    pub fn ingest_input(&mut self, input: IngestInput) -> Result<IngestOutcome, StoreError> {
        let Some(record) = input.record else {
            return Err(StoreError::BadQuery("ingest without a record".into()));
        };
        let doc = &record.doc;
        let name = self.describe();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .ctx(|| format!("cannot start a transaction in {name}"))?;
        let exists = tx
            .query_row("SELECT 1 FROM documents WHERE id = ?1", [&doc.id], |_| {
                Ok(())
            })
            .optional()
            .ctx(|| format!("cannot look up document {:?}", doc.id))?
            .is_some();
        if exists {
            return Ok(IngestOutcome::AlreadyStored);
        }
        let text_hash = match input.text {
            Some(text) => Some(hash::text_hash(text)),
            None => hash::record_fingerprint(record),
        };
        // The root of a chain of copies: a copy of a copy mentions the first story's events.
        let root_of = |id: &str| -> Result<Option<String>, StoreError> {
            tx.query_row(
                "SELECT coalesce(duplicate_of, id) FROM documents WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()
            .ctx(|| format!("cannot look up document {id:?}"))
        };
        let mut original: Option<(String, String, f32)> = None;
        if let Some(h) = &text_hash {
            let same: Option<String> = tx
                .prepare_cached(
                    "SELECT coalesce(duplicate_of, id) FROM documents WHERE text_hash = ?1
                     ORDER BY rowid LIMIT 1",
                )
                .and_then(|mut s| s.query_row([h], |r| r.get(0)).optional())
                .ctx(|| format!("cannot look up the text hash of {:?}", doc.id))?;
            original = same.map(|of| (of, "exact".to_string(), 1.0));
        }
        if original.is_none() {
            let claimed = input.dup.clone().or_else(|| {
                doc.duplicate_of.as_ref().map(|of| DupInfo {
                    of: of.clone(),
                    kind: "near".into(),
                    similarity: 0.0,
                })
            });
            if let Some(d) = claimed {
                if let Some(root) = root_of(&d.of)? {
                    original = Some((root, d.kind, d.similarity));
                }
            }
        }
        let ingested_at = chrono::Utc::now()
            .format("%Y-%m-%dT%H:%M:%S%.3fZ")
            .to_string();
        tx.prepare_cached(
            "INSERT INTO documents (id, url, title, site, author, published, language, text_hash,
                 dup_key, duplicate_of, dup_kind, dup_similarity, republished_from, ingested_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        )
        .and_then(|mut s| {
            s.execute(params![
                doc.id,
                doc.url,
                doc.title,
                doc.site,
                doc.author,
                doc.published,
                doc.language,
                text_hash,
                input.signature,
                original.as_ref().map(|o| &o.0),
                original.as_ref().map(|o| &o.1),
                original.as_ref().map(|o| o.2 as f64),
                doc.republished_from,
                ingested_at,
            ])
        })
        .ctx(|| format!("cannot store document {:?}", doc.id))?;
        {
            let mut stmt = tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO actors (doc_id, local_id, code, name, kind, country,
                         role, dictionary, notes, mentions)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                )
                .ctx(|| "cannot prepare the actor insert".into())?;
            for a in &record.actors {
                let notes = serde_json::to_string(&a.notes).unwrap_or_else(|_| "[]".into());
                let mentions = serde_json::to_string(&a.mentions).unwrap_or_else(|_| "[]".into());
                stmt.execute(params![
                    doc.id,
                    a.id,
                    a.code,
                    a.name,
                    a.kind,
                    a.country,
                    a.role,
                    a.dictionary,
                    notes,
                    mentions
                ])
                .ctx(|| format!("cannot store actor {} of {:?}", a.id, doc.id))?;
            }
            let mut stmt = tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO quotes (doc_id, idx, text, start, end, kind,
                         speaker_actor, speaker_code, speaker_text, via)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                )
                .ctx(|| "cannot prepare the quote insert".into())?;
            for (i, q) in record.quotes.iter().enumerate() {
                let sp = q.speaker.as_ref();
                stmt.execute(params![
                    doc.id,
                    i as i64,
                    q.text,
                    q.start as i64,
                    q.end as i64,
                    q.kind,
                    sp.map(|s| &s.actor),
                    sp.map(|s| &s.code),
                    sp.map(|s| &s.text),
                    q.via
                ])
                .ctx(|| format!("cannot store quote {i} of {:?}", doc.id))?;
            }
        }
        let canonical = original
            .as_ref()
            .map(|o| o.0.clone())
            .unwrap_or_else(|| doc.id.clone());
        // For a copy: the story's stored events, to match the copy's events against.
        let mut candidates: Vec<(String, String, String, String, String, bool)> = Vec::new();
        if original.is_some() {
            let mut stmt = tx
                .prepare_cached(
                    "SELECT event_id, coalesce(source_code, ''), coalesce(target_code, ''), cameo,
                            evidence_text
                     FROM events WHERE doc_id = ?1
                        OR doc_id IN (SELECT id FROM documents WHERE duplicate_of = ?1)
                     ORDER BY seq",
                )
                .ctx(|| "cannot prepare the story lookup".into())?;
            let rows = stmt
                .query_map([&canonical], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, false))
                })
                .ctx(|| format!("cannot read the events of {canonical:?}"))?;
            for row in rows {
                candidates.push(row.ctx(|| format!("cannot read the events of {canonical:?}"))?);
            }
        }
        let (mut new_events, mut mentions) = (0usize, 0usize);
        let mut seen: HashSet<String> = HashSet::new();
        for e in &record.events {
            let code = |p: &Option<sitrep_doc::output::Participant>| {
                p.as_ref().map(|p| p.code.clone()).unwrap_or_default()
            };
            let (src, tgt) = (code(&e.source), code(&e.target));
            let mut id = hash::event_id(
                &canonical,
                e.sentence,
                &src,
                &tgt,
                &e.cameo,
                &e.evidence.text,
            );
            let mut stored = false;
            if original.is_some() {
                let pick = candidates
                    .iter()
                    .position(|c| c.0 == id)
                    .or_else(|| {
                        candidates.iter().position(|c| {
                            !c.5 && c.1 == src
                                && c.2 == tgt
                                && c.3 == e.cameo
                                && c.4 == e.evidence.text
                        })
                    })
                    .or_else(|| {
                        candidates
                            .iter()
                            .position(|c| !c.5 && c.1 == src && c.2 == tgt && c.3 == e.cameo)
                    });
                if let Some(i) = pick {
                    candidates[i].5 = true;
                    id = candidates[i].0.clone();
                    stored = true;
                }
            }
            if !stored && seen.insert(id.clone()) {
                let n = insert_event(&tx, &id, record, e)?;
                new_events += n;
            }
            let added = tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO mentions (event_id, doc_id, local_id, sentence,
                         evidence_start, evidence_end, confidence)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )
                .and_then(|mut s| {
                    s.execute(params![
                        id,
                        doc.id,
                        e.id,
                        e.sentence as i64,
                        e.evidence.start as i64,
                        e.evidence.end as i64,
                        e.confidence as f64
                    ])
                })
                .ctx(|| format!("cannot store the mention of {} in {:?}", e.id, doc.id))?;
            if stored {
                mentions += added;
            }
        }
        tx.commit()
            .ctx(|| format!("cannot commit document {:?}", doc.id))?;
        Ok(match original {
            Some((of, _, _)) => IngestOutcome::Duplicate {
                of,
                mentions,
                new_events,
            },
            None => IngestOutcome::New { events: new_events },
        })
    }
}

/// The day an event counts on: its own date when known to the day, else the publication date,
/// else whatever coarser date it has (empty when none).
pub(crate) fn event_day(record: &Record, e: &EventOut) -> String {
    if e.date.precision == "day" {
        if let Some(v) = &e.date.value {
            return v.clone();
        }
    }
    record
        .doc
        .published
        .clone()
        .or_else(|| e.date.value.clone())
        .unwrap_or_default()
}

fn insert_event(
    tx: &rusqlite::Transaction,
    id: &str,
    record: &Record,
    e: &EventOut,
) -> Result<usize, StoreError> {
    let mut stmt = tx
        .prepare_cached(
            "INSERT OR IGNORE INTO events (event_id, doc_id, local_id, sentence, day, date_value,
                date_precision, date_text, source_actor, source_code, source_text, target_actor,
                target_code, target_text, cameo, root, plover, plover_mode, goldstein, quad_class,
                modality, trigger_start, trigger_end, trigger_text, speaker_actor, speaker_code,
                speaker_text, via, loc_name, loc_country, loc_lat, loc_lon, loc_text,
                loc_geonames_id, evidence_start, evidence_end, evidence_text, confidence, explain,
                sentence_start, sentence_end, sentence_text)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33,
                ?34, ?35, ?36, ?37, ?38, ?39, ?40, ?41, ?42)",
        )
        .ctx(|| "cannot prepare the event insert".into())?;
    let s = e.source.as_ref();
    let t = e.target.as_ref();
    let sp = e.attribution.speaker.as_ref();
    let trig = e.modality_trigger.as_ref();
    let loc = e.location.as_ref();
    let explain = e
        .explain
        .as_ref()
        .and_then(|x| serde_json::to_string(x).ok());
    stmt.execute(params![
        id,
        record.doc.id,
        e.id,
        e.sentence as i64,
        event_day(record, e),
        e.date.value,
        e.date.precision,
        e.date.text,
        s.map(|p| &p.actor),
        s.map(|p| &p.code),
        s.map(|p| &p.text),
        t.map(|p| &p.actor),
        t.map(|p| &p.code),
        t.map(|p| &p.text),
        e.cameo,
        e.cameo.get(..2).unwrap_or(&e.cameo),
        e.plover,
        e.plover_mode,
        e.goldstein as f64,
        e.quad_class as i64,
        e.modality,
        trig.map(|x| x.start as i64),
        trig.map(|x| x.end as i64),
        trig.map(|x| &x.text),
        sp.map(|p| &p.actor),
        sp.map(|p| &p.code),
        sp.map(|p| &p.text),
        e.attribution.via,
        loc.map(|l| &l.name),
        loc.map(|l| &l.country),
        loc.map(|l| l.lat),
        loc.map(|l| l.lon),
        loc.and_then(|l| l.text.as_ref()),
        loc.and_then(|l| l.geonames_id.map(|g| g as i64)),
        e.evidence.start as i64,
        e.evidence.end as i64,
        e.evidence.text,
        e.confidence as f64,
        explain,
        e.sentence_span.as_ref().map(|x| x.start as i64),
        e.sentence_span.as_ref().map(|x| x.end as i64),
        e.sentence_span.as_ref().map(|x| &x.text),
    ])
    .ctx(|| format!("cannot store event {} of {:?}", e.id, record.doc.id))
}

#[cfg(test)]
mod tests;

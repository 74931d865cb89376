//! The database schema as ordered migrations.
//!
//! `PRAGMA user_version` holds the number of migrations applied. Each migration runs in its own
//! transaction together with the version bump, so a database is always at exactly one version.
//! Migrations are only ever appended: a released one is never edited, or databases made by an
//! older sitrep would silently differ from new ones.

/// Migration `i` takes a database from version `i` to version `i + 1`.
pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: the tables.
    r#"
CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    url TEXT,
    title TEXT,
    site TEXT,
    author TEXT,
    published TEXT,
    language TEXT NOT NULL,
    text_hash TEXT,
    dup_key TEXT,
    duplicate_of TEXT,
    dup_kind TEXT,
    dup_similarity REAL,
    republished_from TEXT,
    ingested_at TEXT NOT NULL
) STRICT;
CREATE INDEX documents_text_hash ON documents(text_hash);
CREATE TABLE actors (
    doc_id TEXT NOT NULL REFERENCES documents(id),
    local_id TEXT NOT NULL,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    country TEXT NOT NULL,
    role TEXT,
    dictionary TEXT,
    notes TEXT NOT NULL,
    mentions TEXT NOT NULL,
    PRIMARY KEY (doc_id, local_id)
) STRICT, WITHOUT ROWID;
CREATE TABLE events (
    seq INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL UNIQUE,
    doc_id TEXT NOT NULL REFERENCES documents(id),
    local_id TEXT NOT NULL,
    sentence INTEGER NOT NULL,
    day TEXT NOT NULL,
    date_value TEXT,
    date_precision TEXT NOT NULL,
    date_text TEXT,
    source_actor TEXT,
    source_code TEXT,
    source_text TEXT,
    target_actor TEXT,
    target_code TEXT,
    target_text TEXT,
    cameo TEXT NOT NULL,
    plover TEXT,
    plover_mode TEXT,
    goldstein REAL NOT NULL,
    quad_class INTEGER NOT NULL,
    modality TEXT NOT NULL,
    trigger_start INTEGER,
    trigger_end INTEGER,
    trigger_text TEXT,
    speaker_actor TEXT,
    speaker_code TEXT,
    speaker_text TEXT,
    via TEXT,
    loc_name TEXT,
    loc_country TEXT,
    loc_lat REAL,
    loc_lon REAL,
    loc_text TEXT,
    loc_geonames_id INTEGER,
    evidence_start INTEGER NOT NULL,
    evidence_end INTEGER NOT NULL,
    evidence_text TEXT NOT NULL,
    confidence REAL NOT NULL,
    explain TEXT
) STRICT;
CREATE TABLE mentions (
    event_id TEXT NOT NULL REFERENCES events(event_id),
    doc_id TEXT NOT NULL REFERENCES documents(id),
    local_id TEXT NOT NULL,
    sentence INTEGER NOT NULL,
    evidence_start INTEGER NOT NULL,
    evidence_end INTEGER NOT NULL,
    confidence REAL NOT NULL,
    PRIMARY KEY (event_id, doc_id, local_id)
) STRICT, WITHOUT ROWID;
CREATE TABLE quotes (
    doc_id TEXT NOT NULL REFERENCES documents(id),
    idx INTEGER NOT NULL,
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    kind TEXT NOT NULL,
    speaker_actor TEXT,
    speaker_code TEXT,
    speaker_text TEXT,
    via TEXT,
    PRIMARY KEY (doc_id, idx)
) STRICT, WITHOUT ROWID;
"#,
    // 2: the CAMEO root as its own column (filters and series group by it), and the indexes
    // that keep event queries fast at millions of rows: every filter of `query_events` can
    // start from an index whose second column is the day, so a page in day order reads few rows.
    r#"
ALTER TABLE events ADD COLUMN root TEXT NOT NULL DEFAULT '';
UPDATE events SET root = substr(cameo, 1, 2);
CREATE INDEX events_day ON events(day, seq);
CREATE INDEX events_source ON events(source_code, day);
CREATE INDEX events_target ON events(target_code, day);
CREATE INDEX events_root ON events(root, day);
CREATE INDEX events_doc ON events(doc_id);
CREATE INDEX mentions_doc ON mentions(doc_id);
CREATE INDEX documents_published ON documents(published);
"#,
    // 3: actor filters by country (the common case) read in day order from an index instead
    // of collecting every match and sorting (0.5 s for `RUS` at a million events); a rare
    // modality (`negated`) no longer scans the table. The plain code indexes go: a prefix of
    // three or more letters always starts with a country.
    r#"
DROP INDEX events_source;
DROP INDEX events_target;
CREATE INDEX events_source_country ON events(substr(source_code, 1, 3), day);
CREATE INDEX events_target_country ON events(substr(target_code, 1, 3), day);
CREATE INDEX events_modality ON events(modality, day);
"#,
    // 4: the sentence of each event, so that it can be shown with its evidence.
    r#"
ALTER TABLE events ADD COLUMN sentence_start INTEGER;
ALTER TABLE events ADD COLUMN sentence_end INTEGER;
ALTER TABLE events ADD COLUMN sentence_text TEXT;
"#,
];

/// The version a database has once every migration ran.
pub(crate) const VERSION: i64 = MIGRATIONS.len() as i64;

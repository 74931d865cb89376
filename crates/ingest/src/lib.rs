//! sitrep's ingest stage: documents in, with their metadata, one bad record never stopping the
//! rest.
//!
//! # Formats
//!
//! [`read_any`] reads a file, `-` (standard input) or an `http(s)://` URL and yields one
//! `Result` per document, streaming: a 1 GB WARC file is read record by record, never whole.
//! The format is told by content ([`detect`]) unless the caller names it:
//!
//! | kind | recognised by | one document per |
//! |---|---|---|
//! | [`InputKind::Warc`] | `WARC/1.` at the start, plain or gzip (one member per record, as Common Crawl writes them, or one stream) | `response` record with HTTP 200 and an HTML content type |
//! | [`InputKind::Feed`] | `<rss`, `<feed`, `<rdf:RDF` | feed item (RSS 0.9–2.0, Atom, via `feed-rs`) |
//! | [`InputKind::Html`] | `<!doctype html`, `<html` (or another tag first) | file or URL |
//! | [`InputKind::Jsonl`] | every line starting with `{` | line: `{"id", "text", "published", "title", "url", "site", "author"}` |
//! | [`InputKind::Text`] | anything else | file |
//!
//! HTML (pages, WARC payloads, feed item bodies) goes through [`html::extract`]: main text by
//! `dom_smoothie` (a Readability port), metadata read from the page by sitrep's own rules.
//! Every document gets a [`RawDoc::source`] saying where it came from (`file:line`,
//! `file.warc.gz#record 12`, `URL item 3`) and, unless turned off, a language from
//! [`lang::identify`]. Every error names the file or URL, the record or line, and the byte
//! offset where one is known.
//!
//! Duplicates across a batch are found by [`dedup::Deduper`].
//!
//! ```
//! use sitrep_ingest::{detect, InputKind};
//! assert_eq!(detect(b"<?xml version=\"1.0\"?><rss version=\"2.0\">", "x"), InputKind::Feed);
//! assert_eq!(detect(b"{\"text\": \"Talks began.\"}\n", "x"), InputKind::Jsonl);
//! ```
#![deny(missing_docs)]

pub mod dedup;
pub mod feed;
pub mod html;
#[cfg(feature = "http")]
pub mod http;
pub mod lang;
pub mod warc;

use std::io::{BufRead, Read};
use std::path::PathBuf;
use std::time::Duration;

use chrono::NaiveDate;
use serde::Deserialize;

/// A document as read, before any analysis.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RawDoc {
    /// Identifier: the record's `id`, else `file:line` or the file stem.
    pub id: String,
    /// The text.
    pub text: String,
    /// Publication date.
    pub published: Option<NaiveDate>,
    /// Title.
    pub title: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// Site or outlet name.
    pub site: Option<String>,
    /// Byline.
    pub author: Option<String>,
    /// ISO 639-1 language code, when identified reliably.
    pub language: Option<String>,
    /// The page's canonical URL (`<link rel=canonical>`).
    pub canonical_url: Option<String>,
    /// Where the document came from: `file:line`, `file.warc.gz#record 12`, `URL item 3`.
    pub source: String,
}

/// How to read an input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputKind {
    /// The whole file is one document.
    Text,
    /// One JSON object per line.
    Jsonl,
    /// One HTML page.
    Html,
    /// An RSS or Atom feed: one document per item.
    Feed,
    /// A WARC file, plain or gzip: one document per HTML response record.
    Warc,
}

impl InputKind {
    /// The kind's name, as `--input` takes it.
    pub fn name(self) -> &'static str {
        match self {
            InputKind::Text => "text",
            InputKind::Jsonl => "jsonl",
            InputKind::Html => "html",
            InputKind::Feed => "feed",
            InputKind::Warc => "warc",
        }
    }

    /// The kind named `name` (`text`, `jsonl`, `html`, `feed`, `rss`, `atom`, `warc`).
    pub fn from_name(name: &str) -> Option<InputKind> {
        Some(match name.to_ascii_lowercase().as_str() {
            "text" | "txt" => InputKind::Text,
            "jsonl" | "json" | "ndjson" => InputKind::Jsonl,
            "html" | "htm" => InputKind::Html,
            "feed" | "rss" | "atom" => InputKind::Feed,
            "warc" => InputKind::Warc,
            _ => return None,
        })
    }
}

/// A record that could not be read, and where.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The file could not be read at all.
    #[error("{file}: {source}")]
    Io {
        /// The file.
        file: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// One line-based record is malformed; the others are still read.
    #[error("{file}:{line}: {message}")]
    Record {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// What was wrong.
        message: String,
    },
    /// One document (a WARC record, a feed item, a page) could not be read; the others are.
    #[error("{at}{}: {message}", offset.map(|o| format!(" (byte {o})")).unwrap_or_default())]
    Doc {
        /// Where: `file.warc.gz#record 12`, `URL item 3`, `page.html`.
        at: String,
        /// Byte offset in the file (for gzip, of the member holding the record), when known.
        offset: Option<u64>,
        /// What was wrong.
        message: String,
    },
    /// A URL could not be fetched.
    #[error("{url}: {message}")]
    Http {
        /// The URL.
        url: String,
        /// What went wrong (status, timeout, connection).
        message: String,
    },
}

impl IngestError {
    pub(crate) fn doc(
        at: impl Into<String>,
        offset: Option<u64>,
        message: impl Into<String>,
    ) -> Self {
        IngestError::Doc {
            at: at.into(),
            offset,
            message: message.into(),
        }
    }

    /// A short, stable reason for summaries ("not JSON", "no text", "http", ...).
    pub fn reason(&self) -> &'static str {
        match self {
            IngestError::Io { .. } => "unreadable file",
            IngestError::Http { .. } => "fetch failed",
            IngestError::Record { message, .. } | IngestError::Doc { message, .. } => {
                reason_of(message)
            }
        }
    }
}

fn reason_of(message: &str) -> &'static str {
    const REASONS: &[(&str, &str)] = &[
        ("not a JSON object", "not JSON"),
        ("no \"text\"", "no text"),
        ("no main text", "no text"),
        ("empty", "empty"),
        ("gzip", "bad gzip"),
        ("Content-Length", "bad WARC record"),
        ("WARC", "bad WARC record"),
        ("HTTP", "bad HTTP payload"),
        ("not a feed", "not a feed"),
        ("larger than", "too large"),
        ("date", "bad date"),
    ];
    REASONS
        .iter()
        .find(|(needle, _)| message.contains(needle))
        .map_or("malformed", |(_, reason)| reason)
}

/// How [`read_any`] reads.
#[derive(Clone, Debug)]
pub struct ReadOptions {
    /// Date for documents that carry none (plain text, records without `published`).
    pub published: Option<NaiveDate>,
    /// Fill [`RawDoc::language`] (on by default).
    pub identify_language: bool,
    /// Fetch the page an RSS item links to when the item has only a summary.
    pub fetch_links: bool,
    /// Whole-request timeout for HTTP(S).
    pub http_timeout: Duration,
    /// Least time between two requests to one host.
    pub min_host_interval: Duration,
    /// Where conditional-GET validators (ETag, Last-Modified) are kept; `None`: the user cache
    /// directory (`$XDG_CACHE_HOME/sitrep/http.json` or `~/.cache/sitrep/http.json`).
    pub http_cache: Option<PathBuf>,
    /// Send `If-None-Match`/`If-Modified-Since` from the cache; a `304` yields no documents.
    pub conditional_get: bool,
    /// Largest record, line, page or HTTP body read; larger ones are reported and skipped.
    pub max_record_bytes: usize,
    /// `User-Agent` sent with HTTP requests.
    pub user_agent: String,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            published: None,
            identify_language: true,
            fetch_links: false,
            http_timeout: Duration::from_secs(30),
            min_host_interval: Duration::from_secs(1),
            http_cache: None,
            conditional_get: true,
            max_record_bytes: 64 << 20,
            user_agent: concat!("sitrep/", env!("CARGO_PKG_VERSION"), " (news event coder)").into(),
        }
    }
}

/// A stream of documents, each read or failed on its own.
pub type Docs = Box<dyn Iterator<Item = Result<RawDoc, IngestError>> + Send>;

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Tells an input's kind from its first bytes (a few KB are plenty), the path's extension
/// breaking ties. Gzip input is decompressed as far as the prefix goes.
pub fn detect(prefix: &[u8], path: &str) -> InputKind {
    if prefix.starts_with(&GZIP_MAGIC) {
        let mut inner = Vec::new();
        // A prefix is a truncated stream: keep whatever decompressed before the cut.
        let _ = flate2::read::MultiGzDecoder::new(prefix)
            .take(64 << 10)
            .read_to_end(&mut inner);
        return detect(&inner, path.trim_end_matches(".gz"));
    }
    let text = String::from_utf8_lossy(&prefix[..prefix.len().min(64 << 10)]);
    let body = text.trim_start_matches('\u{feff}').trim_start();
    if body.starts_with("WARC/1.") {
        return InputKind::Warc;
    }
    let lower = body[..floor_char_boundary(body, 4096)].to_ascii_lowercase();
    if body.starts_with('<') {
        if ["<rss", "<feed", "<rdf:rdf"]
            .iter()
            .any(|t| lower.contains(t))
        {
            return InputKind::Feed;
        }
        if lower.contains("<html") || lower.contains("<!doctype html") || lower.contains("<body") {
            return InputKind::Html;
        }
    }
    let mut lines = body
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .peekable();
    if lines.peek().is_some() {
        // The last line of a prefix may be cut short; judge by how every line starts.
        if lines.all(|l| l.starts_with('{')) {
            return InputKind::Jsonl;
        }
    }
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "warc" => InputKind::Warc,
        "html" | "htm" | "xhtml" => InputKind::Html,
        "rss" | "atom" | "xml" => InputKind::Feed,
        "jsonl" | "ndjson" => InputKind::Jsonl,
        _ if body.starts_with('<') && lower.contains("</") => InputKind::Html,
        _ => InputKind::Text,
    }
}

pub(crate) fn floor_char_boundary(s: &str, max: usize) -> usize {
    let mut i = max.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Parses a `YYYY-MM-DD` date (a longer ISO timestamp is cut to its date).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let day = s.get(..10).unwrap_or(s);
    NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()
}

/// Parses a publication timestamp as pages and feeds write them: ISO 8601 / RFC 3339 with or
/// without an offset, RFC 2822, or a bare date. The date is the one the publisher wrote (the
/// offset is kept, not converted to UTC).
pub fn parse_datetime(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if s.is_empty() || s.len() > 64 {
        return None;
    }
    if let Ok(d) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(d.date_naive());
    }
    if let Ok(d) = chrono::DateTime::parse_from_rfc2822(s) {
        return Some(d.date_naive());
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M%z",
    ] {
        if let Ok(d) = chrono::DateTime::parse_from_str(s, format) {
            return Some(d.date_naive());
        }
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(d) = chrono::NaiveDateTime::parse_from_str(s, format) {
            return Some(d.date());
        }
    }
    for format in ["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%B %d, %Y", "%d %B %Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, format) {
            return Some(d);
        }
    }
    None
}

#[derive(Deserialize)]
struct JsonRecord {
    id: Option<serde_json::Value>,
    text: Option<String>,
    published: Option<String>,
    title: Option<String>,
    url: Option<String>,
    site: Option<String>,
    author: Option<String>,
}

fn display_name(path: &str) -> String {
    if path == "-" {
        "standard input".to_string()
    } else {
        path.to_string()
    }
}

fn file_stem(path: &str) -> String {
    if path == "-" {
        return "stdin".into();
    }
    let name = path.trim_end_matches(".gz");
    std::path::Path::new(name)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("doc")
        .to_string()
}

/// Reads all of a file (or stdin) as text; invalid UTF-8 is replaced and reported through
/// `warn` with its byte offset.
pub fn read_text(path: &str, warn: &mut dyn FnMut(String)) -> Result<String, IngestError> {
    let mut bytes = Vec::new();
    let name = display_name(path);
    let io = |source| IngestError::Io {
        file: name.clone(),
        source,
    };
    if path == "-" {
        std::io::stdin().read_to_end(&mut bytes).map_err(io)?;
    } else {
        bytes = std::fs::read(path).map_err(io)?;
    }
    Ok(match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            warn(format!(
                "{name} is not valid UTF-8 (first bad byte at offset {}); bad bytes replaced with U+FFFD",
                e.utf8_error().valid_up_to()
            ));
            String::from_utf8_lossy(e.as_bytes()).into_owned()
        }
    })
}

/// Reads the documents of one input. `published` is the date for text inputs and the default
/// for JSON records without one. HTML, feed and WARC inputs are read through [`read_any`].
pub fn read_path(
    path: &str,
    kind: InputKind,
    published: Option<NaiveDate>,
    warn: &mut dyn FnMut(String),
) -> Vec<Result<RawDoc, IngestError>> {
    let name = display_name(path);
    let mut out: Vec<Result<RawDoc, IngestError>> = match kind {
        InputKind::Text => match read_text(path, warn) {
            Err(e) => vec![Err(e)],
            Ok(text) => vec![text_doc(text, path, &name, published)],
        },
        InputKind::Jsonl => {
            let reader: Box<dyn BufRead> = if path == "-" {
                Box::new(std::io::BufReader::new(std::io::stdin()))
            } else {
                match std::fs::File::open(path) {
                    Ok(f) => Box::new(std::io::BufReader::new(f)),
                    Err(source) => return vec![Err(IngestError::Io { file: name, source })],
                }
            };
            read_jsonl(reader, &name, published)
        }
        InputKind::Html | InputKind::Feed | InputKind::Warc => {
            let opts = ReadOptions {
                published,
                identify_language: false,
                ..ReadOptions::default()
            };
            read_any(path, Some(kind), &opts).collect()
        }
    };
    for doc in out.iter_mut().flatten() {
        lang::fill(doc, None);
    }
    out
}

fn text_doc(
    text: String,
    path: &str,
    name: &str,
    published: Option<NaiveDate>,
) -> Result<RawDoc, IngestError> {
    if text.trim().is_empty() {
        return Err(IngestError::Record {
            file: name.to_string(),
            line: 1,
            message: "empty document: nothing to read".into(),
        });
    }
    Ok(RawDoc {
        id: file_stem(path),
        text,
        published,
        source: name.to_string(),
        ..RawDoc::default()
    })
}

/// Reads JSON Lines from a reader; each line is one result.
pub fn read_jsonl(
    reader: impl BufRead,
    name: &str,
    published: Option<NaiveDate>,
) -> Vec<Result<RawDoc, IngestError>> {
    JsonlDocs::new(reader, name, published, usize::MAX).collect()
}

/// JSON Lines documents, read one line at a time.
pub struct JsonlDocs<R> {
    reader: R,
    name: String,
    published: Option<NaiveDate>,
    max_line: usize,
    line_no: usize,
    offset: u64,
    buf: Vec<u8>,
    done: bool,
}

impl<R: BufRead> JsonlDocs<R> {
    /// Reads `reader`, naming it `name` in errors; lines longer than `max_line` bytes are
    /// reported and skipped without being held in memory.
    pub fn new(reader: R, name: &str, published: Option<NaiveDate>, max_line: usize) -> Self {
        JsonlDocs {
            reader,
            name: name.to_string(),
            published,
            max_line,
            line_no: 0,
            offset: 0,
            buf: Vec::new(),
            done: false,
        }
    }

    /// Reads one line into `buf`, keeping at most `max_line` bytes; returns the line's full
    /// length, `None` at the end.
    fn next_line(&mut self) -> std::io::Result<Option<usize>> {
        self.buf.clear();
        let mut total = 0usize;
        loop {
            let chunk = self.reader.fill_buf()?;
            if chunk.is_empty() {
                return Ok((total > 0).then_some(total));
            }
            let (take, end) = match chunk.iter().position(|&b| b == b'\n') {
                Some(i) => (i + 1, true),
                None => (chunk.len(), false),
            };
            let room = self.max_line.saturating_sub(self.buf.len());
            self.buf.extend_from_slice(&chunk[..take.min(room)]);
            total += take;
            self.reader.consume(take);
            if end {
                return Ok(Some(total));
            }
        }
    }
}

impl<R: BufRead> Iterator for JsonlDocs<R> {
    type Item = Result<RawDoc, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let len = match self.next_line() {
                Ok(Some(len)) => len,
                Ok(None) => {
                    self.done = true;
                    return None;
                }
                Err(source) => {
                    self.done = true;
                    return Some(Err(IngestError::Io {
                        file: format!(
                            "{} (line {}, byte {})",
                            self.name,
                            self.line_no + 1,
                            self.offset
                        ),
                        source,
                    }));
                }
            };
            self.line_no += 1;
            let start = self.offset;
            self.offset += len as u64;
            let record = |message: String| {
                Some(Err(IngestError::Record {
                    file: self.name.clone(),
                    line: self.line_no,
                    message,
                }))
            };
            if len > self.max_line {
                return record(format!(
                    "line of {len} bytes (from byte {start}) is larger than the limit of {} bytes; skipped",
                    self.max_line
                ));
            }
            let line = String::from_utf8_lossy(&self.buf);
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            let parsed: JsonRecord = match serde_json::from_str(line) {
                Ok(r) => r,
                Err(e) => return record(format!("not a JSON object: {e}")),
            };
            let Some(text) = parsed.text.filter(|t| !t.trim().is_empty()) else {
                return record("record has no \"text\"".into());
            };
            let date = match parsed.published.as_deref() {
                None | Some("") => self.published,
                Some(s) => match parse_date(s).or_else(|| parse_datetime(s)) {
                    Some(d) => Some(d),
                    None => return record(format!("\"published\" {s:?} is not a YYYY-MM-DD date")),
                },
            };
            let source = format!("{}:{}", self.name, self.line_no);
            let id = match parsed.id {
                Some(serde_json::Value::String(s)) => s,
                Some(v) if !v.is_null() => v.to_string(),
                _ => source.clone(),
            };
            return Some(Ok(RawDoc {
                id,
                text,
                published: date,
                title: parsed.title,
                url: parsed.url,
                site: parsed.site,
                author: parsed.author,
                source,
                ..RawDoc::default()
            }));
        }
        None
    }
}

fn open_input(path: &str) -> Result<Box<dyn BufRead + Send>, IngestError> {
    let io = |source| IngestError::Io {
        file: display_name(path),
        source,
    };
    if path == "-" {
        return Ok(Box::new(std::io::BufReader::with_capacity(
            1 << 16,
            std::io::stdin(),
        )));
    }
    let file = std::fs::File::open(path).map_err(io)?;
    if file.metadata().map(|m| m.is_dir()).unwrap_or(false) {
        return Err(io(std::io::Error::other("is a directory")));
    }
    Ok(Box::new(std::io::BufReader::with_capacity(1 << 16, file)))
}

/// Reads up to `max` bytes; more than that is an error naming the limit.
fn read_capped(mut reader: impl Read, name: &str, max: usize) -> Result<Vec<u8>, IngestError> {
    let mut bytes = Vec::new();
    (&mut reader)
        .take(max as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| IngestError::Io {
            file: name.to_string(),
            source,
        })?;
    if bytes.len() > max {
        return Err(IngestError::doc(
            name,
            None,
            format!("input is larger than the limit of {max} bytes; skipped"),
        ));
    }
    Ok(bytes)
}

/// Reads every document of a file, `-` or `http(s)://` URL, streaming where the format allows
/// (WARC, JSON Lines). `kind` overrides detection. Each item is one document or one error that
/// names where it happened; reading goes on after an error.
pub fn read_any(input: &str, kind: Option<InputKind>, opts: &ReadOptions) -> Docs {
    let docs = read_unlabelled(input, kind, opts);
    if !opts.identify_language {
        return docs;
    }
    Box::new(docs.map(|r| {
        r.map(|mut doc| {
            if doc.language.is_none() {
                lang::fill(&mut doc, None);
            }
            doc
        })
    }))
}

fn read_unlabelled(input: &str, kind: Option<InputKind>, opts: &ReadOptions) -> Docs {
    if input.starts_with("http://") || input.starts_with("https://") {
        return read_url(input, kind, opts);
    }
    let name = display_name(input);
    let mut reader = match open_input(input) {
        Ok(r) => r,
        Err(e) => return Box::new(std::iter::once(Err(e))),
    };
    let prefix = match reader.fill_buf() {
        Ok(p) => p.to_vec(),
        Err(source) => {
            return Box::new(std::iter::once(Err(IngestError::Io { file: name, source })))
        }
    };
    if prefix.is_empty() {
        return Box::new(std::iter::once(Err(IngestError::doc(
            name,
            Some(0),
            "empty input: nothing to read",
        ))));
    }
    let kind = kind.unwrap_or_else(|| detect(&prefix, input));
    if prefix.starts_with(&GZIP_MAGIC) && kind != InputKind::Warc {
        // Other gzip inputs are one stream; WARC members are decoded one by one so a bad one
        // can be skipped.
        reader = Box::new(std::io::BufReader::with_capacity(
            1 << 16,
            flate2::bufread::MultiGzDecoder::new(reader),
        ));
    }
    match kind {
        InputKind::Warc => Box::new(warc::WarcDocs::new(reader, &name, opts.clone())),
        InputKind::Jsonl => Box::new(JsonlDocs::new(
            reader,
            &name,
            opts.published,
            opts.max_record_bytes,
        )),
        _ => {
            let bytes = match read_capped(reader, &name, opts.max_record_bytes) {
                Ok(b) => b,
                Err(e) => return Box::new(std::iter::once(Err(e))),
            };
            read_bytes(bytes, kind, input, &name, opts)
        }
    }
}

/// Reads a whole in-memory input of a known kind.
fn read_bytes(bytes: Vec<u8>, kind: InputKind, path: &str, name: &str, opts: &ReadOptions) -> Docs {
    match kind {
        InputKind::Text => {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            Box::new(std::iter::once(text_doc(text, path, name, opts.published)))
        }
        InputKind::Html => {
            let html = html::decode(&bytes, None);
            let mut doc = html::page_doc(&html, name, None, opts.published);
            if let Ok(d) = &mut doc {
                if !(path.starts_with("http://") || path.starts_with("https://")) {
                    d.id = file_stem(path);
                }
            }
            Box::new(std::iter::once(doc))
        }
        InputKind::Feed => Box::new(feed::read_feed(&bytes, name, opts).into_iter()),
        InputKind::Warc => Box::new(warc::WarcDocs::new(
            Box::new(std::io::Cursor::new(bytes)),
            name,
            opts.clone(),
        )),
        InputKind::Jsonl => Box::new(JsonlDocs::new(
            std::io::Cursor::new(bytes),
            name,
            opts.published,
            opts.max_record_bytes,
        )),
    }
}

#[cfg(not(feature = "http"))]
fn read_url(url: &str, _kind: Option<InputKind>, _opts: &ReadOptions) -> Docs {
    Box::new(std::iter::once(Err(IngestError::Http {
        url: url.to_string(),
        message: "this build of sitrep-ingest has no HTTP support (feature \"http\")".into(),
    })))
}

#[cfg(feature = "http")]
fn read_url(url: &str, kind: Option<InputKind>, opts: &ReadOptions) -> Docs {
    let fetched = match http::fetch(url, opts) {
        Ok(f) => f,
        Err(e) => return Box::new(std::iter::once(Err(e))),
    };
    if fetched.not_modified {
        return Box::new(std::iter::empty());
    }
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let kind = kind.unwrap_or_else(|| detect(&fetched.body, path));
    if kind == InputKind::Html {
        let html = html::decode(&fetched.body, fetched.content_type.as_deref());
        return Box::new(std::iter::once(html::page_doc(
            &html,
            url,
            Some(&fetched.url),
            opts.published,
        )));
    }
    let body = if fetched.body.starts_with(&GZIP_MAGIC) && kind != InputKind::Warc {
        match read_capped(
            flate2::read::MultiGzDecoder::new(&fetched.body[..]),
            url,
            opts.max_record_bytes,
        ) {
            Ok(b) => b,
            Err(e) => return Box::new(std::iter::once(Err(e))),
        }
    } else {
        fetched.body
    };
    read_bytes(body, kind, url, url, opts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_line_is_reported_and_the_rest_are_read() {
        let input = "{\"id\":\"a\",\"text\":\"Troops moved.\",\"published\":\"2022-01-21\"}\nnot json\n{\"text\":\"\"}\n{\"id\":7,\"text\":\"Talks began.\",\"published\":\"2022-01-21T10:00:00Z\"}\n{\"text\":\"x\",\"published\":\"Friday\"}\n";
        let out = read_jsonl(input.as_bytes(), "in.jsonl", None);
        assert_eq!(out.len(), 5);
        assert_eq!(out[0].as_ref().unwrap().id, "a");
        assert_eq!(out[0].as_ref().unwrap().source, "in.jsonl:1");
        assert!(out[1]
            .as_ref()
            .unwrap_err()
            .to_string()
            .starts_with("in.jsonl:2: not a JSON object"));
        assert!(out[2]
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("no \"text\""));
        let d = out[3].as_ref().unwrap();
        assert_eq!(
            (d.id.as_str(), d.published),
            ("7", NaiveDate::from_ymd_opt(2022, 1, 21))
        );
        assert!(out[4]
            .as_ref()
            .unwrap_err()
            .to_string()
            .starts_with("in.jsonl:5:"));
    }

    #[test]
    fn records_without_a_date_take_the_default() {
        let day = NaiveDate::from_ymd_opt(2022, 1, 22);
        let out = read_jsonl("{\"text\":\"Talks.\"}\n".as_bytes(), "x", day);
        assert_eq!(out[0].as_ref().unwrap().published, day);
    }

    #[test]
    fn timestamps_keep_the_publishers_date() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
        assert_eq!(parse_datetime("2022-02-03T23:30:00-05:00"), d(2022, 2, 3));
        assert_eq!(parse_datetime("2022-02-03T14:25:00+0200"), d(2022, 2, 3));
        assert_eq!(
            parse_datetime("Tue, 15 Mar 2022 09:10:00 +0000"),
            d(2022, 3, 15)
        );
        assert_eq!(parse_datetime("2022-03-15"), d(2022, 3, 15));
        assert_eq!(parse_datetime("2022-03-15T09:10:00.123"), d(2022, 3, 15));
        assert_eq!(parse_datetime("March 15, 2022"), d(2022, 3, 15));
        assert_eq!(parse_datetime("yesterday"), None);
        assert_eq!(parse_datetime("2022-13-45"), None);
    }

    #[test]
    fn kinds_round_trip_through_their_names() {
        for kind in [
            InputKind::Text,
            InputKind::Jsonl,
            InputKind::Html,
            InputKind::Feed,
            InputKind::Warc,
        ] {
            assert_eq!(InputKind::from_name(kind.name()), Some(kind));
        }
        assert_eq!(InputKind::from_name("pdf"), None);
    }
}

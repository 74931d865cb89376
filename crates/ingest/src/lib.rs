//! sitrep's ingest stage: documents in, with their metadata, one bad record never stopping the
//! rest.
//!
//! [`read_path`] reads a file (or `-` for standard input) as `text` (the whole file is one
//! document) or `jsonl` (one `{"id", "text", "published", "title", "url", "site"}` object per
//! line, all but `text` optional) and yields one `Result` per document, so a caller reports a
//! broken record — which file, which line, why — and goes on with the next.
#![deny(missing_docs)]

use std::io::{BufRead, Read};

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
}

/// How to read an input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputKind {
    /// The whole file is one document.
    Text,
    /// One JSON object per line.
    Jsonl,
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
    /// One record is malformed; the others are still read.
    #[error("{file}:{line}: {message}")]
    Record {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// What was wrong.
        message: String,
    },
}

/// Parses a `YYYY-MM-DD` date (a longer ISO timestamp is cut to its date).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let day = s.get(..10).unwrap_or(s);
    NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()
}

#[derive(Deserialize)]
struct JsonRecord {
    id: Option<serde_json::Value>,
    text: Option<String>,
    published: Option<String>,
    title: Option<String>,
    url: Option<String>,
    site: Option<String>,
}

fn display_name(path: &str) -> String {
    if path == "-" {
        "standard input".to_string()
    } else {
        path.to_string()
    }
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
/// for JSON records without one.
pub fn read_path(
    path: &str,
    kind: InputKind,
    published: Option<NaiveDate>,
    warn: &mut dyn FnMut(String),
) -> Vec<Result<RawDoc, IngestError>> {
    let name = display_name(path);
    match kind {
        InputKind::Text => match read_text(path, warn) {
            Err(e) => vec![Err(e)],
            Ok(text) if text.trim().is_empty() => {
                vec![Err(IngestError::Record {
                    file: name,
                    line: 1,
                    message: "empty document: nothing to read".into(),
                })]
            }
            Ok(text) => {
                let id = std::path::Path::new(path)
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .filter(|_| path != "-")
                    .unwrap_or("stdin")
                    .to_string();
                vec![Ok(RawDoc {
                    id,
                    text,
                    published,
                    ..RawDoc::default()
                })]
            }
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
    }
}

/// Reads JSON Lines from a reader; each line is one result.
pub fn read_jsonl(
    mut reader: impl BufRead,
    name: &str,
    published: Option<NaiveDate>,
) -> Vec<Result<RawDoc, IngestError>> {
    let mut out = Vec::new();
    let mut line_no = 0;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_until(b'\n', &mut buf) {
            Ok(0) => break,
            Ok(_) => {}
            Err(source) => {
                out.push(Err(IngestError::Io {
                    file: name.to_string(),
                    source,
                }));
                break;
            }
        }
        line_no += 1;
        let record = |message: String| IngestError::Record {
            file: name.to_string(),
            line: line_no,
            message,
        };
        let line = String::from_utf8_lossy(&buf);
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let parsed: JsonRecord = match serde_json::from_str(line) {
            Ok(r) => r,
            Err(e) => {
                out.push(Err(record(format!("not a JSON object: {e}"))));
                continue;
            }
        };
        let Some(text) = parsed.text.filter(|t| !t.trim().is_empty()) else {
            out.push(Err(record("record has no \"text\"".into())));
            continue;
        };
        let date = match parsed.published.as_deref() {
            None | Some("") => published,
            Some(s) => match parse_date(s) {
                Some(d) => Some(d),
                None => {
                    out.push(Err(record(format!(
                        "\"published\" {s:?} is not a YYYY-MM-DD date"
                    ))));
                    continue;
                }
            },
        };
        let id = match parsed.id {
            Some(serde_json::Value::String(s)) => s,
            Some(v) if !v.is_null() => v.to_string(),
            _ => format!("{name}:{line_no}"),
        };
        out.push(Ok(RawDoc {
            id,
            text,
            published: date,
            title: parsed.title,
            url: parsed.url,
            site: parsed.site,
        }));
    }
    out
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
}

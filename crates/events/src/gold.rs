//! Gold standards and scoring: PETRARCH XML and PLOVER JSON readers, and the figures
//! `sitrep eval` prints.
//!
//! OWNER: eval helper. Interface fixed by the event stage.
//!
//! The PETRARCH validation files are not well-formed XML (the GSR file self-closes
//! `<Sentence .../>` and still ends each record with `</Sentence>`, and both files carry `#`
//! banner lines outside comments), so they are read with a small tolerant reader that takes a
//! sentence's data to be everything up to the next `<Sentence>`, rather than with an XML crate
//! that would reject them.

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::path::Path;

use chrono::NaiveDate;
use serde_json::{Map, Value};

use crate::codebook::PLOVER_TYPES;
use crate::{line_of, DataError, Origin};

/// One gold record: a sentence (or short passage) and the events coded in it.
#[derive(Clone, Debug, PartialEq)]
pub struct GoldSentence {
    /// The record's id in the gold file.
    pub id: String,
    /// The text, with runs of whitespace collapsed to single spaces.
    pub text: String,
    /// The record's date, when the file gives a full one (`YYYYMMDD` or `YYYY-MM-DD`).
    pub date: Option<NaiveDate>,
    /// The record's group: PETRARCH's `category` (`AFP`, `VERB`, ...), PLOVER's `context`.
    pub category: String,
    /// The coded events; empty when the gold expects none.
    pub events: Vec<GoldEvent>,
}

/// One gold event: a dyad and its CAMEO code or PLOVER type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoldEvent {
    /// Source actor code as written (PLOVER gold: code and sector joined, `HUNGOV`).
    pub source: String,
    /// Target actor code as written; empty when there is none.
    pub target: String,
    /// CAMEO event code (PETRARCH gold).
    pub cameo: Option<String>,
    /// PLOVER event type under its current name (PLOVER gold).
    pub plover: Option<String>,
    /// PLOVER mode (subtype), when the gold gives a non-empty one.
    pub mode: Option<String>,
}

fn syntax_error(text: &str, file: &str, offset: usize, message: impl Into<String>) -> DataError {
    DataError::Syntax {
        origin: Origin {
            file: file.into(),
            line: line_of(text, offset),
        },
        message: message.into(),
    }
}

/// Reads a gold file, telling PLOVER JSON (an array) from PETRARCH XML by its first character.
pub fn read_gold(path: &Path) -> Result<Vec<GoldSentence>, DataError> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| DataError::Io {
        file: file.clone(),
        source,
    })?;
    parse_gold(&text, &file)
}

/// Reads gold text in either format, telling them apart by the first non-blank character.
pub fn parse_gold(text: &str, file: &str) -> Result<Vec<GoldSentence>, DataError> {
    let body = text.trim_start_matches('\u{feff}');
    let start = body.len() - body.trim_start().len();
    match body[start..].chars().next() {
        Some('[') => read_plover_json(text, file),
        Some('<') | Some('#') => read_petrarch_xml(text, file),
        _ => Err(syntax_error(
            text,
            file,
            text.len() - body.len() + start,
            "neither PETRARCH XML (starts with '<') nor PLOVER JSON (starts with '[')",
        )),
    }
}

// ---------------------------------------------------------------------------------------------
// PETRARCH XML

/// What the tolerant reader hands back: a start tag (with its attributes) or an end tag.
enum Item<'t> {
    Start {
        name: &'t str,
        attrs: Vec<(&'t str, String)>,
        empty: bool,
        at: usize,
    },
    End {
        name: &'t str,
    },
}

struct XmlReader<'t> {
    text: &'t str,
    file: &'t str,
    pos: usize,
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b':' | b'.')
}

impl<'t> XmlReader<'t> {
    fn error(&self, offset: usize, message: impl Into<String>) -> DataError {
        syntax_error(self.text, self.file, offset, message)
    }

    fn bytes(&self) -> &'t [u8] {
        self.text.as_bytes()
    }

    /// Whether only blanks precede `pos` on its line: such a `#` starts a banner line.
    fn at_line_start(&self, pos: usize) -> bool {
        self.bytes()[..pos]
            .iter()
            .rev()
            .take_while(|&&b| b != b'\n')
            .all(|&b| b == b' ' || b == b'\t' || b == b'\r')
    }

    fn skip_blanks(&mut self) {
        while self.pos < self.text.len() && self.bytes()[self.pos].is_ascii_whitespace() {
            self.pos += 1;
        }
    }

    fn name(&mut self) -> &'t str {
        let start = self.pos;
        while self.pos < self.text.len() && is_name_byte(self.bytes()[self.pos]) {
            self.pos += 1;
        }
        &self.text[start..self.pos]
    }

    /// Skips past `close`, which must follow; `what` names the construct opened at `at`.
    fn skip_past(&mut self, close: &str, at: usize, what: &str) -> Result<(), DataError> {
        match self.text[self.pos..].find(close) {
            Some(i) => {
                self.pos += i + close.len();
                Ok(())
            }
            None => Err(self.error(at, format!("{what} is not closed (no {close:?})"))),
        }
    }

    /// The next tag, skipping character data, comments, declarations and `#` banner lines.
    fn next_item(&mut self) -> Result<Option<Item<'t>>, DataError> {
        loop {
            while self.pos < self.text.len() {
                match self.bytes()[self.pos] {
                    b'<' => break,
                    // Banner lines may mention tags ("the addition of <EventCoding...>").
                    b'#' if self.at_line_start(self.pos) => {
                        self.pos = self.text[self.pos..]
                            .find('\n')
                            .map_or(self.text.len(), |i| self.pos + i + 1);
                    }
                    _ => self.pos += 1,
                }
            }
            if self.pos >= self.text.len() {
                return Ok(None);
            }
            let at = self.pos;
            let rest = &self.text[at..];
            if rest.starts_with("<!--") {
                self.pos += 4;
                self.skip_past("-->", at, "comment")?;
            } else if rest.starts_with("<![CDATA[") {
                self.pos += 9;
                self.skip_past("]]>", at, "CDATA section")?;
            } else if rest.starts_with("<?") {
                self.pos += 2;
                self.skip_past("?>", at, "processing instruction")?;
            } else if rest.starts_with("<!") {
                self.pos += 2;
                self.skip_past(">", at, "declaration")?;
            } else if rest.starts_with("</") {
                self.pos += 2;
                let name = self.name();
                self.skip_blanks();
                if name.is_empty() || self.bytes().get(self.pos) != Some(&b'>') {
                    return Err(self.error(at, format!("end tag </{name} is not closed by '>'")));
                }
                self.pos += 1;
                return Ok(Some(Item::End { name }));
            } else {
                return self.start_tag(at).map(Some);
            }
        }
    }

    fn start_tag(&mut self, at: usize) -> Result<Item<'t>, DataError> {
        self.pos = at + 1;
        let name = self.name();
        if name.is_empty() {
            return Err(self.error(at, "'<' not followed by a tag name"));
        }
        let mut attrs = Vec::new();
        loop {
            self.skip_blanks();
            match self.bytes().get(self.pos) {
                None | Some(b'<') => {
                    return Err(self.error(at, format!("tag <{name} is not closed by '>'")))
                }
                Some(b'>') => {
                    self.pos += 1;
                    return Ok(Item::Start {
                        name,
                        attrs,
                        empty: false,
                        at,
                    });
                }
                Some(b'/') if self.bytes().get(self.pos + 1) == Some(&b'>') => {
                    self.pos += 2;
                    return Ok(Item::Start {
                        name,
                        attrs,
                        empty: true,
                        at,
                    });
                }
                Some(&b) if is_name_byte(b) => {
                    let attr = self.name();
                    self.skip_blanks();
                    if self.bytes().get(self.pos) != Some(&b'=') {
                        return Err(self.error(
                            self.pos,
                            format!("attribute {attr} of <{name}> has no '=' and value"),
                        ));
                    }
                    self.pos += 1;
                    self.skip_blanks();
                    let quote = match self.bytes().get(self.pos) {
                        Some(&q @ (b'"' | b'\'')) => q,
                        _ => {
                            return Err(self.error(
                                self.pos,
                                format!("value of attribute {attr} of <{name}> is not quoted"),
                            ))
                        }
                    };
                    let open = self.pos;
                    let start = open + 1;
                    let end = self.bytes()[start..]
                        .iter()
                        .position(|&b| b == quote || b == b'<')
                        .map(|i| start + i);
                    match end {
                        Some(end) if self.bytes()[end] == quote => {
                            attrs.push((attr, decode_entities(&self.text[start..end])));
                            self.pos = end + 1;
                        }
                        _ => {
                            return Err(self.error(
                                open,
                                format!("value of attribute {attr} of <{name}> is not closed"),
                            ))
                        }
                    }
                }
                Some(&b) => {
                    return Err(self.error(
                        self.pos,
                        format!("unexpected {:?} in tag <{name}>", b as char),
                    ))
                }
            }
        }
    }

    /// The raw content of element `name` opened at `at`, up to its end tag.
    fn content(&mut self, name: &str, at: usize) -> Result<&'t str, DataError> {
        let start = self.pos;
        let close = format!("</{name}");
        let Some(i) = self.text[start..].find(&close) else {
            return Err(self.error(at, format!("<{name}> is not closed (no </{name}>)")));
        };
        let end = start + i;
        self.pos = end + close.len();
        self.skip_blanks();
        if self.bytes().get(self.pos) != Some(&b'>') {
            return Err(self.error(end, format!("end tag </{name} is not closed by '>'")));
        }
        self.pos += 1;
        Ok(&self.text[start..end])
    }
}

/// Replaces the predefined XML entities and character references; anything else stays as
/// written, since stray ampersands occur in wire text.
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let decoded = rest.find(';').filter(|&j| j <= 10).and_then(|j| {
            let c = match &rest[1..j] {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                e => e
                    .strip_prefix("#x")
                    .or_else(|| e.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| e.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, j + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The sentence a CoNLL-U parse was made from, rebuilt from its word forms and `SpaceAfter=No`;
/// empty when the parse is not CoNLL-U (a bracketed tree).
fn conllu_words(parse: &str) -> String {
    let mut out = String::new();
    let mut space = false;
    for line in parse.lines() {
        let cols: Vec<&str> = line.trim_end_matches('\r').split('\t').collect();
        // Multiword-token ranges ("3-4") and empty nodes ("3.1") are not surface words.
        if cols.len() < 10 || cols[0].parse::<usize>().is_err() {
            continue;
        }
        if space {
            out.push(' ');
        }
        out.push_str(&decode_entities(cols[1]));
        space = !cols[9].split('|').any(|m| m == "SpaceAfter=No");
    }
    out
}

/// A date as `YYYYMMDD`, `YYYY-MM-DD` or PETRARCH's `YYMMDD` (KEDS/TABARI/PETRARCH read a
/// two-digit year `00`–`30` as 20YY and `31`–`99` as 19YY, as sitrep's PETRARCH dictionary
/// reader does); other forms give none rather than a wrong date.
fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if !s.is_ascii() {
        return None;
    }
    let (y, m, d) = match s.len() {
        8 => (&s[..4], &s[4..6], &s[6..]),
        10 if &s[4..5] == "-" && &s[7..8] == "-" => (&s[..4], &s[5..7], &s[8..]),
        6 => (&s[..2], &s[2..4], &s[4..]),
        _ => return None,
    };
    if ![y, m, d]
        .iter()
        .all(|p| p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let mut year: i32 = y.parse().ok()?;
    if y.len() == 2 {
        year += if year <= 30 { 2000 } else { 1900 };
    }
    NaiveDate::from_ymd_opt(year, m.parse().ok()?, d.parse().ok()?)
}

/// A CAMEO code, or a test code in its shape: the unit-test dictionaries add a letter to a
/// CAMEO code (`174K`) to tell patterns apart.
fn is_cameo_like(code: &str) -> bool {
    let b = code.as_bytes();
    (2..=4).contains(&b.len())
        && b[..2].iter().all(u8::is_ascii_digit)
        && b.iter().all(u8::is_ascii_alphanumeric)
}

fn attr<'a>(attrs: &'a [(&str, String)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .rev()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// A sentence being read: everything from its `<Sentence>` to the next one.
struct SentenceBuilder {
    sentence: GoldSentence,
    at: usize,
    has_text: bool,
    /// Words of a CoNLL-U parse, for a record whose `<Text>` is blank.
    parse_words: String,
}

/// Reads a PETRARCH validation file: `<Sentence>` records with `<EventCoding>` and `<Text>`,
/// as children or as following siblings. A coding marked `noevents` or `error` (a record the
/// coder should reject) adds no event. `file` names the file in errors.
pub fn read_petrarch_xml(text: &str, file: &str) -> Result<Vec<GoldSentence>, DataError> {
    let mut reader = XmlReader { text, file, pos: 0 };
    let mut out = Vec::new();
    let mut current: Option<SentenceBuilder> = None;
    let finish = |b: SentenceBuilder, out: &mut Vec<GoldSentence>| -> Result<(), DataError> {
        if !b.has_text {
            return Err(syntax_error(
                text,
                file,
                b.at,
                format!("sentence {} has no <Text>", b.sentence.id),
            ));
        }
        let mut sentence = b.sentence;
        if sentence.text.is_empty() {
            sentence.text = b.parse_words;
        }
        out.push(sentence);
        Ok(())
    };
    while let Some(item) = reader.next_item()? {
        match item {
            Item::Start {
                name: "Sentence",
                attrs,
                at,
                ..
            } => {
                if let Some(b) = current.take() {
                    finish(b, &mut out)?;
                }
                let id = attr(&attrs, "id").map(str::trim).unwrap_or_default();
                if id.is_empty() {
                    return Err(reader.error(at, "<Sentence> without an id"));
                }
                current = Some(SentenceBuilder {
                    sentence: GoldSentence {
                        id: id.to_string(),
                        text: String::new(),
                        date: attr(&attrs, "date").and_then(parse_date),
                        category: attr(&attrs, "category")
                            .unwrap_or_default()
                            .trim()
                            .to_string(),
                        events: Vec::new(),
                    },
                    at,
                    has_text: false,
                    parse_words: String::new(),
                });
            }
            Item::Start {
                name: "EventCoding",
                attrs,
                at,
                ..
            } => {
                let Some(b) = current.as_mut() else {
                    return Err(reader.error(at, "<EventCoding> outside any <Sentence>"));
                };
                if attr(&attrs, "noevents").is_some() || attr(&attrs, "error").is_some() {
                    continue;
                }
                let Some(code) = attr(&attrs, "eventcode").map(str::trim) else {
                    return Err(reader.error(
                        at,
                        format!(
                            "<EventCoding> in sentence {} has no eventcode (nor noevents or error)",
                            b.sentence.id
                        ),
                    ));
                };
                if !is_cameo_like(code) {
                    return Err(reader.error(
                        at,
                        format!(
                            "sentence {}: eventcode {code:?} is not a CAMEO code",
                            b.sentence.id
                        ),
                    ));
                }
                b.sentence.events.push(GoldEvent {
                    source: attr(&attrs, "sourcecode")
                        .unwrap_or_default()
                        .trim()
                        .to_string(),
                    target: attr(&attrs, "targetcode")
                        .unwrap_or_default()
                        .trim()
                        .to_string(),
                    cameo: Some(code.to_string()),
                    plover: None,
                    mode: None,
                });
            }
            Item::Start {
                name: "Text",
                empty: false,
                at,
                ..
            } => {
                let body = reader.content("Text", at)?;
                if let Some(b) = current.as_mut() {
                    if b.has_text {
                        return Err(reader.error(
                            at,
                            format!("sentence {} has a second <Text>", b.sentence.id),
                        ));
                    }
                    b.sentence.text = collapse_whitespace(&decode_entities(body));
                    b.has_text = true;
                }
            }
            // The parse (CoNLL-U or bracketed tree) is the peer coder's input, not gold; only
            // its words are kept, to stand in for a blank <Text>.
            Item::Start {
                name: "Parse",
                empty: false,
                at,
                ..
            } => {
                let body = reader.content("Parse", at)?;
                if let Some(b) = current.as_mut() {
                    b.parse_words = conllu_words(body);
                }
            }
            Item::End { name: "Sentences" } => {
                if let Some(b) = current.take() {
                    finish(b, &mut out)?;
                }
            }
            Item::Start { .. } | Item::End { .. } => {}
        }
    }
    if let Some(b) = current.take() {
        finish(b, &mut out)?;
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// PLOVER JSON

/// PLOVER types renamed since the GSR was coded: old name, current name, and the mode the old
/// type became when it was folded into another (INVESTIGATE is ACCUSE/investigate, as CAMEO
/// 09x is in the codebook).
const PLOVER_RENAMED: [(&str, &str, &str); 4] = [
    ("DEMAND", "REQUEST", ""),
    ("DISAPPROVE", "ACCUSE", ""),
    ("FIGHT", "ASSAULT", ""),
    ("INVESTIGATE", "ACCUSE", "investigate"),
];

/// Line of a record, found by its quoted id (serde_json's values carry no positions).
fn record_line(text: &str, id: &str) -> usize {
    let quoted = Value::String(id.to_string()).to_string();
    text.find(&quoted).map_or(1, |at| line_of(text, at))
}

/// Actor codes of a `source` or `target` field: code and sector joined, in order, once each.
fn plover_actors(
    field: Option<&Value>,
    role: &str,
    id: &str,
    err: &dyn Fn(String) -> DataError,
) -> Result<Vec<String>, DataError> {
    let list = match field {
        // Some records hold "" or a stray word instead of a list; neither names an actor.
        None | Some(Value::Null) | Some(Value::String(_)) => return Ok(Vec::new()),
        Some(Value::Array(list)) => list,
        Some(other) => {
            return Err(err(format!(
                "record {id}: {role} is neither a list of actors nor empty: {other}"
            )))
        }
    };
    let mut codes: Vec<String> = Vec::new();
    for actor in list {
        let code = actor
            .get("code")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .ok_or_else(|| err(format!("record {id}: a {role} actor has no code: {actor}")))?;
        // "***" marks a sector the coder left open.
        let sector = actor
            .get("sector")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.chars().all(|c| c == '*'))
            .unwrap_or_default();
        let joined = format!("{code}{sector}");
        if !codes.contains(&joined) {
            codes.push(joined);
        }
    }
    Ok(codes)
}

fn plover_record(
    record: &Map<String, Value>,
    id: &str,
    err: &dyn Fn(String) -> DataError,
) -> Result<Option<GoldSentence>, DataError> {
    let event = record
        .get("event")
        .and_then(Value::as_str)
        .map(|e| e.trim().to_uppercase())
        .ok_or_else(|| err(format!("record {id} has no event type")))?;
    if event == "DOCUMENT" {
        return Ok(None);
    }
    let (event, folded_mode) = PLOVER_RENAMED
        .iter()
        .find(|(old, ..)| *old == event)
        .map_or((event.as_str(), ""), |&(_, new, mode)| (new, mode));
    let event = event.to_string();
    if !PLOVER_TYPES.contains(&event.as_str()) {
        return Err(err(format!("record {id}: unknown PLOVER type {event:?}")));
    }
    let text = record
        .get("text")
        .and_then(Value::as_str)
        .ok_or_else(|| err(format!("record {id} has no text")))?;
    let str_field = |name: &str| {
        record
            .get(name)
            .and_then(Value::as_str)
            .map(str::trim)
            .unwrap_or_default()
    };
    let mode = [str_field("mode"), folded_mode]
        .into_iter()
        .find(|m| !m.is_empty())
        .map(str::to_string);
    let mut sources = plover_actors(record.get("source"), "source", id, err)?;
    let mut targets = plover_actors(record.get("target"), "target", id, err)?;
    for side in [&mut sources, &mut targets] {
        if side.is_empty() {
            side.push(String::new());
        }
    }
    let events = sources
        .iter()
        .flat_map(|s| targets.iter().map(move |t| (s, t)))
        .map(|(s, t)| GoldEvent {
            source: s.clone(),
            target: t.clone(),
            cameo: None,
            plover: Some(event.clone()),
            mode: mode.clone(),
        })
        .collect();
    Ok(Some(GoldSentence {
        id: id.to_string(),
        text: collapse_whitespace(text),
        date: parse_date(str_field("date")),
        category: str_field("context").to_string(),
        events,
    }))
}

/// Reads a PLOVER gold file: a JSON array of records, one gold sentence each, with one event
/// per source × target pair (a missing side gives ""). `DOCUMENT` records are skipped and old
/// type names (DEMAND, DISAPPROVE, FIGHT) are read as their current ones.
pub fn read_plover_json(text: &str, file: &str) -> Result<Vec<GoldSentence>, DataError> {
    let records: Vec<Value> = serde_json::from_str(text).map_err(|e| DataError::Syntax {
        origin: Origin {
            file: file.into(),
            line: e.line().max(1),
        },
        message: format!("not a JSON array of PLOVER records: {e}"),
    })?;
    let mut out = Vec::new();
    for (n, record) in records.iter().enumerate() {
        let at_line = |line: usize, message: String| DataError::Syntax {
            origin: Origin {
                file: file.into(),
                line,
            },
            message,
        };
        let Some(record) = record.as_object() else {
            return Err(at_line(1, format!("record {} is not an object", n + 1)));
        };
        let Some(id) = record
            .get("id")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|id| !id.is_empty())
        else {
            return Err(at_line(1, format!("record {} has no id", n + 1)));
        };
        let line = record_line(text, id);
        let err = |message: String| at_line(line, message);
        if let Some(sentence) = plover_record(record, id, &err)? {
            out.push(sentence);
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Scoring

/// One event a coder produced for a gold sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Predicted {
    /// Source actor code.
    pub source: String,
    /// Target actor code; empty when there is none.
    pub target: String,
    /// CAMEO event code.
    pub cameo: String,
    /// PLOVER type; empty when the CAMEO code has none.
    pub plover: String,
    /// PLOVER mode, when known.
    pub mode: Option<String>,
}

/// A (source, target, code) triple as compared, after normalising case and null codes.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Triple {
    /// Source actor code.
    pub source: String,
    /// Target actor code, "" for none.
    pub target: String,
    /// CAMEO code or PLOVER type.
    pub code: String,
}

impl fmt::Display for Triple {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let or_dash = |s: &str| {
            if s.is_empty() {
                "-".to_string()
            } else {
                s.to_string()
            }
        };
        write!(
            f,
            "{} -> {} {}",
            or_dash(&self.source),
            or_dash(&self.target),
            or_dash(&self.code)
        )
    }
}

/// How much of a triple must agree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Depth {
    /// Exact actor codes and exact event code.
    Full,
    /// Exact actor codes, CAMEO root (first two digits).
    Root,
    /// Actor codes cut to their first three characters (the country), CAMEO root.
    RootCountry,
}

impl Depth {
    /// The three depths, in report order.
    pub const ALL: [Depth; 3] = [Depth::Full, Depth::Root, Depth::RootCountry];

    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Depth::Full => "full",
            Depth::Root => "root",
            Depth::RootCountry => "root-country",
        }
    }
}

/// Which code a sentence's gold is in: PLOVER gold is compared on the predicted PLOVER type.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Scheme {
    Cameo,
    Plover,
}

fn scheme(gold: &GoldSentence) -> Scheme {
    let plover_only = !gold.events.is_empty()
        && gold
            .events
            .iter()
            .all(|e| e.cameo.is_none() && e.plover.is_some());
    if plover_only {
        Scheme::Plover
    } else {
        Scheme::Cameo
    }
}

/// Trimmed and upper-cased; PETRARCH's "---" null code reads as "".
fn normalize(code: &str) -> String {
    let code = code.trim();
    if code.chars().all(|c| c == '-') {
        String::new()
    } else {
        code.to_uppercase()
    }
}

fn triple(source: &str, target: &str, code: &str, depth: Depth, scheme: Scheme) -> Triple {
    let (mut source, mut target, mut code) =
        (normalize(source), normalize(target), normalize(code));
    if depth != Depth::Full && scheme == Scheme::Cameo {
        code = code.chars().take(2).collect();
    }
    if depth == Depth::RootCountry {
        source = source.chars().take(3).collect();
        target = target.chars().take(3).collect();
    }
    Triple {
        source,
        target,
        code,
    }
}

fn gold_triples(gold: &GoldSentence, depth: Depth) -> Vec<Triple> {
    let scheme = scheme(gold);
    gold.events
        .iter()
        .map(|e| {
            let code = match scheme {
                Scheme::Cameo => e.cameo.as_deref(),
                Scheme::Plover => e.plover.as_deref(),
            };
            triple(
                &e.source,
                &e.target,
                code.unwrap_or_default(),
                depth,
                scheme,
            )
        })
        .collect()
}

fn predicted_triples(gold: &GoldSentence, predicted: &[Predicted], depth: Depth) -> Vec<Triple> {
    let scheme = scheme(gold);
    predicted
        .iter()
        .map(|p| {
            let code = match scheme {
                Scheme::Cameo => &p.cameo,
                Scheme::Plover => &p.plover,
            };
            triple(&p.source, &p.target, code, depth, scheme)
        })
        .collect()
}

/// Predicted triples matching a gold one, each gold triple matched at most once.
fn multiset_matches(gold: &[Triple], predicted: &[Triple]) -> usize {
    let mut left: HashMap<&Triple, usize> = HashMap::new();
    for t in gold {
        *left.entry(t).or_default() += 1;
    }
    predicted
        .iter()
        .filter(|t| match left.get_mut(t) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        })
        .count()
}

/// Matched, gold and predicted triple counts at one depth.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Predicted triples that matched a gold triple.
    pub matched: usize,
    /// Gold triples.
    pub gold: usize,
    /// Predicted triples.
    pub predicted: usize,
}

fn ratio(num: usize, den: usize) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}

impl Counts {
    /// Matched over predicted; none when nothing was predicted.
    pub fn precision(&self) -> Option<f64> {
        ratio(self.matched, self.predicted)
    }

    /// Matched over gold; none when the gold has no events.
    pub fn recall(&self) -> Option<f64> {
        ratio(self.matched, self.gold)
    }

    /// Harmonic mean of precision and recall, as 2·matched / (gold + predicted) so that
    /// predicting nothing against gold events scores 0; none when both are empty.
    pub fn f1(&self) -> Option<f64> {
        ratio(2 * self.matched, self.gold + self.predicted)
    }
}

/// The figures `sitrep eval` prints for one gold file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    /// Gold sentences scored.
    pub sentences: usize,
    /// Gold events.
    pub gold_events: usize,
    /// Predicted events.
    pub predicted_events: usize,
    /// Triples at full depth.
    pub full: Counts,
    /// Triples at root depth.
    pub root: Counts,
    /// Triples at root depth with actors cut to their country.
    pub root_country: Counts,
    /// Predicted events matching no gold event at full depth.
    pub extra: usize,
    /// Sentences whose gold has no event.
    pub no_event_gold: usize,
    /// Of those, the ones where nothing was predicted.
    pub no_event_silent: usize,
    /// Sentences whose predicted triple set equals the gold set at full depth.
    pub fully_right: usize,
    /// Sentences whose gold has a PLOVER type.
    pub type_records: usize,
    /// Of those, the ones whose first predicted event has the gold type.
    pub type_first: usize,
    /// Of those, the ones where some predicted event has the gold type (the lenient figure).
    pub type_any: usize,
    /// Sentences whose gold has a non-empty PLOVER mode.
    pub mode_records: usize,
    /// Of those, the ones whose first predicted event has the gold mode.
    pub mode_first: usize,
}

impl Report {
    /// The counts at one depth.
    pub fn counts(&self, depth: Depth) -> Counts {
        match depth {
            Depth::Full => self.full,
            Depth::Root => self.root,
            Depth::RootCountry => self.root_country,
        }
    }

    /// Unmatched predicted events per sentence.
    pub fn extra_per_sentence(&self) -> Option<f64> {
        ratio(self.extra, self.sentences)
    }

    /// Share of no-event gold sentences where nothing was predicted.
    pub fn no_event_silent_share(&self) -> Option<f64> {
        ratio(self.no_event_silent, self.no_event_gold)
    }

    /// Share of sentences coded exactly right.
    pub fn fully_right_share(&self) -> Option<f64> {
        ratio(self.fully_right, self.sentences)
    }

    /// PLOVER type accuracy: the first predicted event's type is the gold type.
    pub fn type_accuracy(&self) -> Option<f64> {
        ratio(self.type_first, self.type_records)
    }

    /// Lenient PLOVER type accuracy: some predicted event has the gold type.
    pub fn type_accuracy_any(&self) -> Option<f64> {
        ratio(self.type_any, self.type_records)
    }

    /// PLOVER mode accuracy over records with a gold mode (first predicted event).
    pub fn mode_accuracy(&self) -> Option<f64> {
        ratio(self.mode_first, self.mode_records)
    }
}

fn percent(x: Option<f64>) -> String {
    x.map_or_else(|| "n/a".to_string(), |x| format!("{:.1}%", 100.0 * x))
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "sentences {}, gold events {}, predicted events {}",
            self.sentences, self.gold_events, self.predicted_events
        )?;
        writeln!(
            f,
            "{:<14}{:>7}{:>11}{:>9}{:>11}{:>9}{:>9}",
            "depth", "gold", "predicted", "matched", "precision", "recall", "F1"
        )?;
        for depth in Depth::ALL {
            let c = self.counts(depth);
            writeln!(
                f,
                "{:<14}{:>7}{:>11}{:>9}{:>11}{:>9}{:>9}",
                depth.as_str(),
                c.gold,
                c.predicted,
                c.matched,
                percent(c.precision()),
                percent(c.recall()),
                percent(c.f1())
            )?;
        }
        writeln!(
            f,
            "extra events: {} unmatched, {} per sentence",
            self.extra,
            self.extra_per_sentence()
                .map_or_else(|| "n/a".to_string(), |x| format!("{x:.2}"))
        )?;
        writeln!(
            f,
            "no-event sentences left silent: {} of {} ({})",
            self.no_event_silent,
            self.no_event_gold,
            percent(self.no_event_silent_share())
        )?;
        writeln!(
            f,
            "records fully right: {} of {} ({})",
            self.fully_right,
            self.sentences,
            percent(self.fully_right_share())
        )?;
        if self.type_records > 0 {
            writeln!(
                f,
                "PLOVER type accuracy (first event): {} of {} ({})",
                self.type_first,
                self.type_records,
                percent(self.type_accuracy())
            )?;
            writeln!(
                f,
                "PLOVER type accuracy, lenient (any event): {} of {} ({})",
                self.type_any,
                self.type_records,
                percent(self.type_accuracy_any())
            )?;
            writeln!(
                f,
                "PLOVER mode accuracy (first event): {} of {} ({})",
                self.mode_first,
                self.mode_records,
                percent(self.mode_accuracy())
            )?;
        }
        Ok(())
    }
}

/// Scores predicted events against gold: `predicted[i]` holds the events coded for `gold[i]`,
/// in text order.
///
/// # Panics
/// When the two slices differ in length: every gold sentence needs its (maybe empty) list.
pub fn score(gold: &[GoldSentence], predicted: &[Vec<Predicted>]) -> Report {
    assert_eq!(
        gold.len(),
        predicted.len(),
        "score: one list of predicted events per gold sentence"
    );
    let mut report = Report {
        sentences: gold.len(),
        ..Report::default()
    };
    for (g, p) in gold.iter().zip(predicted) {
        report.gold_events += g.events.len();
        report.predicted_events += p.len();
        for depth in Depth::ALL {
            let gold_t = gold_triples(g, depth);
            let pred_t = predicted_triples(g, p, depth);
            let matched = multiset_matches(&gold_t, &pred_t);
            let counts = match depth {
                Depth::Full => &mut report.full,
                Depth::Root => &mut report.root,
                Depth::RootCountry => &mut report.root_country,
            };
            counts.matched += matched;
            counts.gold += gold_t.len();
            counts.predicted += pred_t.len();
            if depth == Depth::Full {
                report.extra += pred_t.len() - matched;
                let gold_set: BTreeSet<_> = gold_t.into_iter().collect();
                let pred_set: BTreeSet<_> = pred_t.into_iter().collect();
                report.fully_right += usize::from(gold_set == pred_set);
            }
        }
        if g.events.is_empty() {
            report.no_event_gold += 1;
            report.no_event_silent += usize::from(p.is_empty());
        }
        let Some(gold_event) = g.events.iter().find(|e| e.plover.is_some()) else {
            continue;
        };
        let gold_type = normalize(gold_event.plover.as_deref().unwrap_or_default());
        report.type_records += 1;
        let same_type = |e: &Predicted| normalize(&e.plover) == gold_type;
        report.type_first += usize::from(p.first().is_some_and(same_type));
        report.type_any += usize::from(p.iter().any(same_type));
        let gold_mode = normalize(gold_event.mode.as_deref().unwrap_or_default());
        if !gold_mode.is_empty() {
            report.mode_records += 1;
            report.mode_first +=
                usize::from(p.first().is_some_and(|e| {
                    normalize(e.mode.as_deref().unwrap_or_default()) == gold_mode
                }));
        }
    }
    report
}

/// Where one sentence's coding differs from gold, at full depth.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SentenceDiff {
    /// Predicted triples that matched a gold triple.
    pub matched: Vec<Triple>,
    /// Gold triples nothing predicted matched.
    pub missed: Vec<Triple>,
    /// Predicted triples matching no gold triple.
    pub extra: Vec<Triple>,
}

impl SentenceDiff {
    /// Whether the sentence was coded exactly right.
    pub fn is_right(&self) -> bool {
        self.missed.is_empty() && self.extra.is_empty()
    }
}

/// The gold triples missed and the predicted ones in excess for one sentence (full depth, each
/// gold triple matched at most once), for `sitrep eval --verbose`.
pub fn missed_and_extra(gold: &GoldSentence, predicted: &[Predicted]) -> SentenceDiff {
    let mut missed = gold_triples(gold, Depth::Full);
    let mut diff = SentenceDiff::default();
    for t in predicted_triples(gold, predicted, Depth::Full) {
        match missed.iter().position(|g| *g == t) {
            Some(i) => diff.matched.push(missed.remove(i)),
            None => diff.extra.push(t),
        }
    }
    diff.missed = missed;
    diff
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err_text(r: Result<Vec<GoldSentence>, DataError>) -> String {
        match r {
            Ok(s) => panic!("expected an error, read {} sentences", s.len()),
            Err(e) => e.to_string(),
        }
    }

    fn ev(source: &str, target: &str, cameo: &str) -> GoldEvent {
        GoldEvent {
            source: source.into(),
            target: target.into(),
            cameo: Some(cameo.into()),
            plover: None,
            mode: None,
        }
    }

    // Sibling layout: a self-closed <Sentence/>, its data after it, a stray </Sentence>, and a
    // banner line that mentions a tag.
    const SIBLINGS: &str = r#"<?xml version='1.0' encoding='utf-8'?>
<Validation>
##########
#   the codings follow each <EventCoding...> record
##########
<Sentences>
<Sentence category="WIRE" date="20080804" id="W-1" evaluate="true"/>
<EventCoding eventcode="042" sourcecode="USA" targetcode="CHN" />
<EventCoding eventcode="0352" sourcecode="isr " targetcode="PSE" />
<Text>
The envoy   went to
Beijing &amp; Shanghai.
</Text>
<Parse>
1	The	the	DET	DT	_	2	det	_	_
</Parse></Sentence>
<Sentence category="WIRE" date="121108" id="W-2" evaluate="true"/>
<!-- a comment with <EventCoding eventcode="999"/> inside -->
<EventCoding noevents="True" />
<Text>Nothing happened.</Text>
</Sentence>
</Sentences>
</Validation>
"#;

    #[test]
    fn reads_sibling_layout() {
        let s = read_petrarch_xml(SIBLINGS, "s.xml").unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].id, "W-1");
        assert_eq!(s[0].category, "WIRE");
        assert_eq!(s[0].date, NaiveDate::from_ymd_opt(2008, 8, 4));
        assert_eq!(s[0].text, "The envoy went to Beijing & Shanghai.");
        assert_eq!(
            s[0].events,
            vec![ev("USA", "CHN", "042"), ev("isr", "PSE", "0352")]
        );
        assert_eq!(s[1].id, "W-2");
        assert_eq!(s[1].date, NaiveDate::from_ymd_opt(2012, 11, 8));
        assert!(s[1].events.is_empty());
    }

    // Child layout: data inside <Sentence>...</Sentence>, spaced and single-quoted attributes,
    // a null target, a coding marked as an expected error, a sentence with no coding at all.
    const CHILDREN: &str = r#"<Validation>
<!--
# banner inside a comment
-->
<Environment><Include>valid</Include></Environment>
<Sentences>
<Sentence date = "19950101" id ="T-1" category="VERB" sentence="true">
<!-- two events, one without a target -->
<EventCoding sourcecode='"THE COUNCIL"' targetcode="---" eventcode="051"></EventCoding>
<EventCoding sourcecode="ARN" targetcode="GON" eventcode = "064"></EventCoding>
<Config option="require_dyad" value="false"></Config>
<Text>
Arnor will restore ties with Gondor.
</Text>
<Parse>
(ROOT (S (NP (NNP Arnor)) (VP (MD will))))
</Parse>
</Sentence>
<Sentence date="2001-02-03" id="T-2" category="ERROR" sentence="true">
<EventCoding error="dateline"></EventCoding>
<Text>CITY: -- Nothing.</Text>
</Sentence>
<Sentence date="19950101" id="T-3" category="DEMO" sentence="false">
<Text>Just words.</Text>
</Sentence>
</Sentences>
</Validation>
"#;

    #[test]
    fn reads_child_layout() {
        let s = read_petrarch_xml(CHILDREN, "c.xml").unwrap();
        let ids: Vec<&str> = s.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["T-1", "T-2", "T-3"]);
        assert_eq!(
            s[0].events,
            vec![ev("\"THE COUNCIL\"", "---", "051"), ev("ARN", "GON", "064")]
        );
        assert_eq!(s[0].text, "Arnor will restore ties with Gondor.");
        assert_eq!(s[1].date, NaiveDate::from_ymd_opt(2001, 2, 3));
        assert!(s[1].events.is_empty());
        assert!(s[2].events.is_empty());
        assert_eq!(s[2].category, "DEMO");
    }

    #[test]
    fn xml_errors_name_file_and_line() {
        let unclosed = "<Sentences>\n<Sentence id=\"a\">\n<EventCoding eventcode=\"010\" sourcecode=\"X\"\n<Text>x</Text>\n</Sentences>\n";
        let e = err_text(read_petrarch_xml(unclosed, "u.xml"));
        assert!(
            e.starts_with("u.xml:3: ") && e.contains("EventCoding"),
            "{e}"
        );

        let no_text_end = "<Sentences>\n<Sentence id=\"a\">\n\n<Text>words\n";
        let e = err_text(read_petrarch_xml(no_text_end, "t.xml"));
        assert!(e.starts_with("t.xml:4: ") && e.contains("</Text>"), "{e}");

        let open_quote = "<Sentence id=\"a>\n<Text>x</Text>\n";
        let e = err_text(read_petrarch_xml(open_quote, "q.xml"));
        assert!(
            e.starts_with("q.xml:1: ") && e.contains("not closed"),
            "{e}"
        );

        let comment = "<Sentences>\n<!-- never ends\n<Sentence id=\"a\"/>\n";
        assert!(err_text(read_petrarch_xml(comment, "k.xml")).starts_with("k.xml:2: "));

        let no_id = "<Sentences>\n<Sentence date=\"20000101\">\n<Text>x</Text>\n";
        assert!(err_text(read_petrarch_xml(no_id, "i.xml")).starts_with("i.xml:2: "));

        let outside = "<Sentences>\n<EventCoding eventcode=\"010\"/>\n";
        assert!(err_text(read_petrarch_xml(outside, "o.xml")).contains("outside"));

        let bad_code =
            "<Sentence id=\"a\"/>\n<EventCoding eventcode=\"1x4\" sourcecode=\"A\"/>\n<Text>x</Text>";
        let e = err_text(read_petrarch_xml(bad_code, "b.xml"));
        assert!(e.starts_with("b.xml:2: ") && e.contains("1x4"), "{e}");

        let no_text = "<Sentence id=\"a\"/>\n<EventCoding noevents=\"True\"/>\n";
        assert!(err_text(read_petrarch_xml(no_text, "n.xml")).contains("no <Text>"));
    }

    #[test]
    fn blank_text_falls_back_on_parse_words() {
        let xml = "<Sentence id=\"a\"/>\n<Text>\n</Text>\n<Parse>\n\
            1\tRebels\trebel\tNOUN\tNNS\t_\t2\tnsubj\t_\t_\n\
            2-3\tdidn't\t_\t_\t_\t_\t_\t_\t_\t_\n\
            2\tdid\tdo\tAUX\tVBD\t_\t4\taux\t_\t_\n\
            3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n\
            4\tattack\tattack\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No\n\
            5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n</Parse>\n\
            <Sentence id=\"b\"/>\n<Text> </Text>\n<Parse>(ROOT (S (NP (NNS Rebels))))</Parse>\n";
        let s = read_petrarch_xml(xml, "p.xml").unwrap();
        assert_eq!(s[0].text, "Rebels did n't attack.");
        assert_eq!(s[1].text, "");
    }

    #[test]
    fn entities_and_dates() {
        assert_eq!(
            decode_entities("a &lt;b&gt; &#65;&#x42; AT&T &bogus;"),
            "a <b> AB AT&T &bogus;"
        );
        assert!(is_cameo_like("0352") && is_cameo_like("174K") && is_cameo_like("19"));
        assert!(!is_cameo_like("1") && !is_cameo_like("K174") && !is_cameo_like("01-2"));
        assert_eq!(parse_date("20150609"), NaiveDate::from_ymd_opt(2015, 6, 9));
        assert_eq!(
            parse_date("2000-01-31"),
            NaiveDate::from_ymd_opt(2000, 1, 31)
        );
        assert_eq!(parse_date("20001301"), None);
        assert_eq!(parse_date("121108"), NaiveDate::from_ymd_opt(2012, 11, 8));
        assert_eq!(parse_date("850101"), NaiveDate::from_ymd_opt(1985, 1, 1));
        assert_eq!(parse_date("12110"), None);
        assert_eq!(parse_date("2000/01/01"), None);
    }

    const PLOVER: &str = r#"[
{"id": "DOC-1", "event": "DOCUMENT", "eventText": "notes"},
{"id": "G-1", "date": "2000-01-01", "event": "AGREE", "context": "refugees",
 "source": [{"actorText": "Hungarian", "code": "HUN", "sector": "GOV"},
            {"actorText": "Romanian", "code": "ROU", "sector": "GOV"}],
 "text": "Hungarian and Romanian officials agreed."},
{"id": "G-2", "date": "2000-01-01", "event": "FIGHT", "mode": "firearms",
 "source": [{"code": "IRQ", "sector": "***"}, {"code": "IRQ"}],
 "target": [{"code": "USA", "sector": "MIL"}, {"code": "GBR", "sector": "MIL"}],
 "text": "Iraqi gunmen fired on US and British troops."},
{"id": "G-3", "event": "demand", "mode": "", "target": "stray",
 "source": [{"code": "UNO"}], "text": "The UN demanded access."},
{"id": "G-4", "event": "DISAPPROVE", "target": [{"code": "IRQ", "sector": "CVL"}],
 "text": "Someone was blamed."},
{"id": "G-5", "event": "INVESTIGATE", "mode": "", "source": [{"code": "UNO"}],
 "target": [{"code": "IRQ", "sector": "MIL"}], "text": "UN inspectors examined the sites."}
]"#;

    #[test]
    fn reads_plover_records() {
        let s = read_plover_json(PLOVER, "p.json").unwrap();
        let ids: Vec<&str> = s.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["G-1", "G-2", "G-3", "G-4", "G-5"]);
        let dyads = |i: usize| -> Vec<(String, String)> {
            s[i].events
                .iter()
                .map(|e| (e.source.clone(), e.target.clone()))
                .collect()
        };
        let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
            v.iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect()
        };
        assert_eq!(dyads(0), pairs(&[("HUNGOV", ""), ("ROUGOV", "")]));
        assert_eq!(dyads(1), pairs(&[("IRQ", "USAMIL"), ("IRQ", "GBRMIL")]));
        assert_eq!(dyads(2), pairs(&[("UNO", "")]));
        assert_eq!(dyads(3), pairs(&[("", "IRQCVL")]));
        let types: Vec<_> = s.iter().map(|s| s.events[0].plover.clone()).collect();
        assert_eq!(
            types,
            ["AGREE", "ASSAULT", "REQUEST", "ACCUSE", "ACCUSE"].map(|t| Some(t.to_string()))
        );
        assert_eq!(s[1].events[0].mode.as_deref(), Some("firearms"));
        assert_eq!(s[2].events[0].mode, None);
        assert_eq!(s[4].events[0].mode.as_deref(), Some("investigate"));
        assert!(s.iter().all(|s| s.events.iter().all(|e| e.cameo.is_none())));
        assert_eq!(s[0].category, "refugees");
        assert_eq!(s[0].date, NaiveDate::from_ymd_opt(2000, 1, 1));
        assert_eq!(s[2].date, None);
    }

    #[test]
    fn json_errors_name_file_and_line() {
        let e = err_text(read_plover_json(
            "[\n{\"id\": \"a\",\n\"event\" \"AGREE\"}\n]",
            "j.json",
        ));
        assert!(e.starts_with("j.json:3: "), "{e}");
        let e = err_text(read_plover_json("{\"id\": \"a\"}", "o.json"));
        assert!(e.starts_with("o.json:1: "), "{e}");
        let unknown = "[\n{\"id\": \"a\", \"event\": \"AGREE\", \"text\": \"x\"},\n{\"id\": \"b\", \"event\": \"GOSSIP\", \"text\": \"y\"}\n]";
        let e = err_text(read_plover_json(unknown, "u.json"));
        assert!(e.starts_with("u.json:3: ") && e.contains("GOSSIP"), "{e}");
        let no_code =
            "[\n{\"id\": \"a\", \"event\": \"AGREE\", \"text\": \"x\",\n \"source\": [{\"sector\": \"GOV\"}]}]";
        let e = err_text(read_plover_json(no_code, "c.json"));
        assert!(e.starts_with("c.json:2: ") && e.contains("no code"), "{e}");
        let no_text = "[{\"id\": \"a\", \"event\": \"AGREE\"}]";
        assert!(err_text(read_plover_json(no_text, "t.json")).contains("no text"));
    }

    #[test]
    fn detects_the_format() {
        assert_eq!(parse_gold(PLOVER, "p").unwrap().len(), 5);
        assert_eq!(parse_gold(SIBLINGS, "s").unwrap().len(), 2);
        assert_eq!(
            parse_gold("\u{feff}\n  # banner\n<Sentences/>", "b")
                .unwrap()
                .len(),
            0
        );
        assert!(err_text(parse_gold("\n\nid,text\n", "x.csv")).starts_with("x.csv:3: "));
        let missing = Path::new("/nonexistent/sitrep-gold.xml");
        assert!(matches!(read_gold(missing), Err(DataError::Io { .. })));
    }

    fn pred(source: &str, target: &str, cameo: &str) -> Predicted {
        Predicted {
            source: source.into(),
            target: target.into(),
            cameo: cameo.into(),
            plover: String::new(),
            mode: None,
        }
    }

    fn sentence(id: &str, events: Vec<GoldEvent>) -> GoldSentence {
        GoldSentence {
            id: id.into(),
            text: String::new(),
            date: None,
            category: String::new(),
            events,
        }
    }

    fn close(x: Option<f64>, want: f64) -> bool {
        x.is_some_and(|x| (x - want).abs() < 1e-9)
    }

    #[test]
    fn scores_by_hand() {
        let gold = vec![
            sentence("1", vec![ev("USA", "CHN", "042"), ev("CHN", "USA", "043")]),
            sentence("2", vec![]),
            sentence("3", vec![ev("USAGOV", "RUS", "190")]),
            sentence("4", vec![]),
        ];
        let predicted = vec![
            vec![
                pred("USA", "CHN", "042"),
                pred("CHN", "USA", "040"),
                pred("RUS", "USA", "042"),
            ],
            vec![],
            vec![pred("USAMIL", "RUS", "193")],
            vec![pred("IRN", "ISR", "111")],
        ];
        let r = score(&gold, &predicted);
        assert_eq!((r.sentences, r.gold_events, r.predicted_events), (4, 3, 5));
        // Full: only USA->CHN 042 matches.
        assert_eq!((r.full.matched, r.full.gold, r.full.predicted), (1, 3, 5));
        assert!(close(r.full.precision(), 0.2));
        assert!(close(r.full.recall(), 1.0 / 3.0));
        assert!(close(r.full.f1(), 0.25));
        // Root: 043 and 040 share root 04.
        assert_eq!(r.root.matched, 2);
        assert!(close(r.root.precision(), 0.4));
        assert!(close(r.root.f1(), 0.5));
        // Root-country: USAGOV and USAMIL both cut to USA, 190 and 193 to 19.
        assert_eq!(r.root_country.matched, 3);
        assert!(close(r.root_country.precision(), 0.6));
        assert!(close(r.root_country.recall(), 1.0));
        assert!(close(r.root_country.f1(), 0.75));
        assert_eq!(r.extra, 4);
        assert!(close(r.extra_per_sentence(), 1.0));
        assert_eq!((r.no_event_gold, r.no_event_silent), (2, 1));
        assert_eq!(r.fully_right, 1);
        assert_eq!(r.type_records, 0);
        let shown = r.to_string();
        assert!(shown.contains("full"), "{shown}");
        assert!(
            shown.contains("25.0%") && shown.contains("75.0%"),
            "{shown}"
        );
        assert!(!shown.contains("PLOVER"), "{shown}");
    }

    #[test]
    fn matches_are_a_multiset_after_normalising() {
        let gold = vec![
            sentence("1", vec![ev("ARN", "---", "051")]),
            sentence("2", vec![ev("arn", "GON", "064"), ev("ARN", "GON", "064")]),
        ];
        let predicted = vec![
            vec![pred(" ARN", "", "051"), pred("ARN", "", "051")],
            vec![pred("ARN", "gon", "064 ")],
        ];
        let r = score(&gold, &predicted);
        assert_eq!((r.full.matched, r.full.gold, r.full.predicted), (2, 3, 3));
        assert_eq!(r.extra, 1);
        // Sentence 1 has the right set (duplicates aside); sentence 2 has it too.
        assert_eq!(r.fully_right, 2);
        let d = missed_and_extra(&gold[1], &predicted[1]);
        assert_eq!(d.matched.len(), 1);
        assert_eq!(d.missed.len(), 1);
        assert!(d.extra.is_empty() && !d.is_right());
        assert_eq!(d.missed[0].to_string(), "ARN -> GON 064");
    }

    #[test]
    fn diff_lists_misses_and_extras() {
        let gold = sentence("1", vec![ev("USA", "CHN", "042"), ev("CHN", "", "043")]);
        let d = missed_and_extra(
            &gold,
            &[pred("USA", "CHN", "042"), pred("RUS", "USA", "190")],
        );
        let show = |v: &[Triple]| v.iter().map(Triple::to_string).collect::<Vec<_>>();
        assert_eq!(show(&d.matched), ["USA -> CHN 042"]);
        assert_eq!(show(&d.missed), ["CHN -> - 043"]);
        assert_eq!(show(&d.extra), ["RUS -> USA 190"]);
        assert!(missed_and_extra(&sentence("2", vec![]), &[]).is_right());
    }

    #[test]
    fn plover_types_and_modes() {
        let gold = read_plover_json(
            r#"[
{"id": "a", "event": "DISAPPROVE", "mode": "", "source": [{"code": "USA"}],
 "target": [{"code": "IRN"}], "text": "x"},
{"id": "b", "event": "ASSAULT", "mode": "firearms", "source": [{"code": "IRQ", "sector": "REB"}],
 "text": "y"},
{"id": "c", "event": "PROTEST", "mode": "demo-org", "source": [{"code": "FRA"}], "text": "z"}
]"#,
            "p.json",
        )
        .unwrap();
        let p = |s: &str, t: &str, plover: &str, mode: Option<&str>| Predicted {
            source: s.into(),
            target: t.into(),
            cameo: "010".into(),
            plover: plover.into(),
            mode: mode.map(str::to_string),
        };
        let predicted = vec![
            vec![
                p("USA", "IRN", "REJECT", None),
                p("USA", "IRN", "accuse", None),
            ],
            vec![p("IRQREB", "", "ASSAULT", Some("Firearms"))],
            vec![],
        ];
        let r = score(&gold, &predicted);
        assert_eq!((r.type_records, r.type_first, r.type_any), (3, 1, 2));
        assert_eq!((r.mode_records, r.mode_first), (2, 1));
        assert!(close(r.type_accuracy(), 1.0 / 3.0));
        assert!(close(r.type_accuracy_any(), 2.0 / 3.0));
        assert!(close(r.mode_accuracy(), 0.5));
        // Triples use the PLOVER type: USA->IRN ACCUSE and IRQREB ASSAULT match.
        assert_eq!((r.full.matched, r.full.gold, r.full.predicted), (2, 3, 3));
        assert_eq!(r.root.matched, 2);
        let shown = r.to_string();
        assert!(
            shown.contains("lenient") && shown.contains("mode accuracy"),
            "{shown}"
        );
    }

    #[test]
    fn undefined_ratios_are_none() {
        let c = Counts::default();
        assert_eq!((c.precision(), c.recall(), c.f1()), (None, None, None));
        let zero = Counts {
            matched: 0,
            gold: 2,
            predicted: 3,
        };
        assert_eq!(zero.f1(), Some(0.0));
        let silent = Counts {
            matched: 0,
            gold: 2,
            predicted: 0,
        };
        assert_eq!((silent.precision(), silent.f1()), (None, Some(0.0)));
        let r = score(&[], &[]);
        assert_eq!(r.extra_per_sentence(), None);
        assert!(r.to_string().contains("n/a"));
    }

    /// The real gold files beside the workspace, when present.
    #[test]
    fn reads_the_shared_gold_files() {
        let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/gold"));
        if !dir.is_dir() {
            eprintln!(
                "SKIPPED reads_the_shared_gold_files: no gold folder at {}",
                dir.display()
            );
            return;
        }
        let summary = |name: &str| -> (Vec<GoldSentence>, usize, usize) {
            let s = read_gold(&dir.join(name)).unwrap_or_else(|e| panic!("{e}"));
            let events = s.iter().map(|s| s.events.len()).sum();
            let silent = s.iter().filter(|s| s.events.is_empty()).count();
            eprintln!(
                "{name}: {} sentences, {events} events, {silent} without events",
                s.len()
            );
            (s, events, silent)
        };
        // The README's 93 "codings" count every <EventCoding: 80 events, 12 noevents
        // markers and one mention in the banner.
        let (gsr, events, silent) = summary("petrarch2-gsr/PETR2_GSR_validation.xml");
        assert_eq!((gsr.len(), events, silent), (78, 80, 12));
        assert!(gsr
            .iter()
            .all(|s| !s.text.is_empty() && s.events.iter().all(|e| e.cameo.is_some())));
        assert!(gsr.iter().all(|s| s.date.is_some()));
        // 385 <EventCoding> elements = 359 events + 19 noevents + 7 expected errors; one more
        // record has its only coding commented out. The file holds 284 <Sentence> records (the
        // README says 285).
        let (unit, events, silent) = summary("petrarch2-unittest/PETR.UnitTest.records.xml");
        assert_eq!((unit.len(), events, silent), (284, 359, 27));
        assert!(unit.iter().all(|s| s.date.is_some()));
        // 323 records less the DOCUMENT one.
        let (plover, events, _) = summary("plover-gsr/PLOVER_GSR_CAMEO.txt");
        // Events are source × target pairs; 117 records carry a mode (9 of them INVESTIGATE's).
        assert_eq!((plover.len(), events), (322, 363));
        let with_mode = plover.iter().filter(|s| s.events[0].mode.is_some()).count();
        assert_eq!(with_mode, 117);
        assert!(plover.iter().all(|s| s.events.iter().all(|e| e
            .plover
            .as_deref()
            .is_some_and(|t| PLOVER_TYPES.contains(&t)))));
        // Perfect predictions score perfectly: the scorer agrees with the readers.
        for set in [&gsr, &unit, &plover] {
            let echo: Vec<Vec<Predicted>> = set
                .iter()
                .map(|s| {
                    s.events
                        .iter()
                        .map(|e| Predicted {
                            source: e.source.clone(),
                            target: e.target.clone(),
                            cameo: e.cameo.clone().unwrap_or_default(),
                            plover: e.plover.clone().unwrap_or_default(),
                            mode: e.mode.clone(),
                        })
                        .collect()
                })
                .collect();
            let r = score(set, &echo);
            assert_eq!(r.fully_right, set.len());
            assert_eq!(r.full.f1(), Some(1.0));
            assert_eq!(r.type_first, r.type_records);
            assert_eq!(r.mode_first, r.mode_records);
            // Predicting nothing is right exactly on the no-event records.
            let silent = score(set, &vec![Vec::new(); set.len()]);
            assert_eq!(silent.full.recall(), Some(0.0));
            assert_eq!(silent.fully_right, silent.no_event_gold);
            assert_eq!(silent.no_event_silent, silent.no_event_gold);
        }
        eprintln!("{}", score(&plover, &vec![Vec::new(); plover.len()]));
    }
}

//! WARC files, plain or gzip, read record by record (never whole).
//!
//! Common Crawl writes one gzip member per record; a file may also be one gzip stream or plain.
//! Members are decoded one at a time, so a corrupt or truncated member costs its own record: the
//! reader reports it and goes on at the next gzip header. Within the record stream, a record
//! whose `Content-Length` is wrong, or garbage between records, is reported and the reader
//! resynchronises on the next `WARC/1.` line.
//!
//! Only `response` records holding an HTTP `200` with an HTML content type become documents;
//! the HTTP payload is de-chunked (`Transfer-Encoding: chunked`) and decompressed
//! (`Content-Encoding: gzip`/`deflate`) before the page is read by [`crate::html`].
//! `WARC-Target-URI` is the document's URL and `WARC-Date` its date when the page gives none.
//! Error offsets are byte offsets in the file: of the record in a plain file, of the gzip member
//! holding it in a compressed one.

use std::collections::VecDeque;
use std::io::{BufRead, Read};
use std::sync::{Arc, Mutex};

use crate::{html, parse_datetime, IngestError, RawDoc, ReadOptions, GZIP_MAGIC};

/// Longest WARC or HTTP header line.
const MAX_LINE: usize = 64 << 10;
/// Most header lines in one WARC record.
const MAX_HEADERS: usize = 512;

/// A byte source with its own buffer: it can look ahead any number of bytes, push bytes back,
/// and knows how many bytes have been consumed.
struct Input<R> {
    inner: R,
    buf: Vec<u8>,
    start: usize,
    end: usize,
    pos: u64,
}

impl<R: Read> Input<R> {
    fn new(inner: R) -> Self {
        Input {
            inner,
            buf: vec![0; 1 << 16],
            start: 0,
            end: 0,
            pos: 0,
        }
    }

    /// At least `n` buffered bytes, fewer only at the end of the input.
    fn ensure(&mut self, n: usize) -> std::io::Result<&[u8]> {
        if self.end - self.start < n {
            self.buf.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
            if self.buf.len() < n {
                self.buf.resize(n, 0);
            }
            while self.end < n {
                match self.inner.read(&mut self.buf[self.end..]) {
                    Ok(0) => break,
                    Ok(k) => self.end += k,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                }
            }
        }
        Ok(&self.buf[self.start..self.end])
    }

    /// Puts `bytes` back in front of what is left.
    fn unread(&mut self, bytes: &[u8]) {
        let mut buf = Vec::with_capacity(bytes.len() + self.end - self.start + (1 << 16));
        buf.extend_from_slice(bytes);
        buf.extend_from_slice(&self.buf[self.start..self.end]);
        self.end = buf.len();
        self.start = 0;
        buf.resize(buf.len().max(1 << 16), 0);
        self.buf = buf;
        self.pos -= bytes.len() as u64;
    }

    /// Reads one line (with its `\n`); `None` at the end; an error past `max` bytes.
    fn read_line(&mut self, max: usize) -> std::io::Result<Option<Vec<u8>>> {
        let mut line = Vec::new();
        loop {
            let chunk = self.fill_buf()?;
            if chunk.is_empty() {
                return Ok((!line.is_empty()).then_some(line));
            }
            let (take, done) = match chunk.iter().position(|&b| b == b'\n') {
                Some(i) => (i + 1, true),
                None => (chunk.len(), false),
            };
            line.extend_from_slice(&chunk[..take]);
            self.consume(take);
            if done {
                return Ok(Some(line));
            }
            if line.len() > max {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!("header line longer than {max} bytes"),
                ));
            }
        }
    }

    /// Reads up to `n` bytes into a vector (fewer only at the end).
    fn read_n(&mut self, n: u64) -> std::io::Result<Vec<u8>> {
        let mut out = Vec::with_capacity(n.min(1 << 24) as usize);
        (&mut *self).take(n).read_to_end(&mut out)?;
        Ok(out)
    }

    /// Discards up to `n` bytes; returns how many there were.
    fn skip_n(&mut self, n: u64) -> std::io::Result<u64> {
        std::io::copy(&mut (&mut *self).take(n), &mut std::io::sink())
    }

    /// Discards bytes up to the next `needle`, which is left unread; returns how many bytes were
    /// discarded and whether `needle` was found.
    fn skip_to(&mut self, needle: &[u8]) -> std::io::Result<(u64, bool)> {
        let mut skipped = 0u64;
        loop {
            let hay = self.ensure(needle.len().max(4096))?;
            if hay.len() < needle.len() {
                let n = hay.len();
                self.consume(n);
                return Ok((skipped + n as u64, false));
            }
            match hay.windows(needle.len()).position(|w| w == needle) {
                Some(i) => {
                    self.consume(i);
                    return Ok((skipped + i as u64, true));
                }
                None => {
                    // Keep the tail that could begin a match split across two reads.
                    let n = hay.len() - (needle.len() - 1);
                    self.consume(n);
                    skipped += n as u64;
                }
            }
        }
    }
}

impl<R: Read> Read for Input<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: Read> BufRead for Input<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if self.start == self.end {
            self.start = 0;
            self.end = 0;
            loop {
                match self.inner.read(&mut self.buf) {
                    Ok(k) => {
                        self.end = k;
                        break;
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                }
            }
        }
        Ok(&self.buf[self.start..self.end])
    }

    fn consume(&mut self, n: usize) {
        let n = n.min(self.end - self.start);
        self.start += n;
        self.pos += n as u64;
    }
}

/// What the gzip layer tells the record parser.
#[derive(Default)]
struct GzShared {
    /// Compressed offset of the member being decoded.
    member_start: u64,
    /// Problems found: the compressed offset where each was, what it was, and whether it
    /// spoiled the record being read (a bad member does; bytes skipped between members do not).
    errors: Vec<(u64, String, bool)>,
    /// After a bad member the layer reports the end of input until the parser has dealt with
    /// the record it was in.
    paused: bool,
}

enum GzState {
    Between(Input<Box<dyn BufRead + Send>>),
    In(flate2::bufread::GzDecoder<Input<Box<dyn BufRead + Send>>>),
    Done,
}

/// Decodes gzip members one after another, skipping bad ones.
struct GzMembers {
    state: GzState,
    shared: Arc<Mutex<GzShared>>,
}

impl GzMembers {
    fn note(&self, offset: u64, message: String) {
        let mut shared = self.shared.lock().unwrap_or_else(|e| e.into_inner());
        shared.errors.push((offset, message, false));
    }
}

impl Read for GzMembers {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if out.is_empty() || self.shared.lock().map(|s| s.paused).unwrap_or(true) {
            return Ok(0);
        }
        loop {
            match std::mem::replace(&mut self.state, GzState::Done) {
                GzState::Done => return Ok(0),
                GzState::Between(mut raw) => {
                    let from = raw.pos;
                    let (skipped, found) = match raw.skip_to(&GZIP_MAGIC) {
                        Ok(r) => r,
                        Err(e) => {
                            self.note(from, format!("read error: {e}"));
                            return Ok(0);
                        }
                    };
                    if skipped > 0 {
                        self.note(
                            from,
                            format!("{skipped} bytes that are not gzip between members; skipped"),
                        );
                    }
                    if !found {
                        return Ok(0);
                    }
                    self.shared
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .member_start = raw.pos;
                    self.state = GzState::In(flate2::bufread::GzDecoder::new(raw));
                }
                GzState::In(mut decoder) => match decoder.read(out) {
                    Ok(0) => self.state = GzState::Between(decoder.into_inner()),
                    Ok(n) => {
                        self.state = GzState::In(decoder);
                        return Ok(n);
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {
                        self.state = GzState::In(decoder);
                    }
                    Err(e) => {
                        let mut raw = decoder.into_inner();
                        let mut shared = self.shared.lock().unwrap_or_else(|e| e.into_inner());
                        let start = shared.member_start;
                        shared.errors.push((
                            start,
                            format!("corrupt or truncated gzip member: {e}"),
                            true,
                        ));
                        shared.paused = true;
                        drop(shared);
                        if raw.pos == start {
                            // Make progress past a header that did not even parse.
                            raw.consume(1);
                        }
                        self.state = GzState::Between(raw);
                        return Ok(0);
                    }
                },
            }
        }
    }
}

/// The documents of one WARC file, one record at a time.
pub struct WarcDocs {
    input: Input<Box<dyn Read + Send>>,
    gz: Option<Arc<Mutex<GzShared>>>,
    name: String,
    opts: ReadOptions,
    record_no: usize,
    pending: VecDeque<Result<RawDoc, IngestError>>,
    done: bool,
}

impl WarcDocs {
    /// Reads WARC records from `reader`, gzip or plain (told by the first bytes); `name`
    /// names the file in errors and in [`RawDoc::source`].
    pub fn new(mut reader: Box<dyn BufRead + Send>, name: &str, opts: ReadOptions) -> Self {
        let gzip = reader
            .fill_buf()
            .map(|b| b.starts_with(&GZIP_MAGIC))
            .unwrap_or(false);
        let (input, gz): (Box<dyn Read + Send>, _) = if gzip {
            let shared = Arc::new(Mutex::new(GzShared::default()));
            let members = GzMembers {
                state: GzState::Between(Input::new(reader)),
                shared: shared.clone(),
            };
            (Box::new(members), Some(shared))
        } else {
            (Box::new(reader), None)
        };
        WarcDocs {
            input: Input::new(input),
            gz,
            name: name.to_string(),
            opts,
            record_no: 0,
            pending: VecDeque::new(),
            done: false,
        }
    }

    fn offset(&self) -> u64 {
        match &self.gz {
            Some(gz) => gz.lock().map(|s| s.member_start).unwrap_or(0),
            None => self.input.pos,
        }
    }

    fn at(&self) -> String {
        format!("{}#record {}", self.name, self.record_no)
    }

    fn error(&mut self, offset: u64, message: String) {
        let at = if self.record_no == 0 {
            self.name.clone()
        } else {
            self.at()
        };
        self.pending
            .push_back(Err(IngestError::doc(at, Some(offset), message)));
    }

    /// Reports what the gzip layer found and lets it go on; true when that spoiled the record
    /// being read.
    fn flush_gz(&mut self) -> bool {
        let Some(gz) = &self.gz else {
            return false;
        };
        let errors = {
            let mut shared = gz.lock().unwrap_or_else(|e| e.into_inner());
            shared.paused = false;
            std::mem::take(&mut shared.errors)
        };
        let spoiled = errors.iter().any(|(_, _, spoiled)| *spoiled);
        for (offset, message, _) in errors {
            self.error(offset, message);
        }
        spoiled
    }

    fn resync(&mut self) -> std::io::Result<u64> {
        let (skipped, found) = self.input.skip_to(b"\nWARC/1.")?;
        if found {
            self.input.consume(1);
        }
        Ok(skipped + u64::from(found))
    }

    /// Reads one record, queueing its document or errors; false at the end of the input.
    fn step(&mut self) -> std::io::Result<bool> {
        let before = self.input.pos;
        let Some(first) = self.input.read_line(MAX_LINE)? else {
            // A gzip member that fails before its first byte looks like the end: go on after it.
            return Ok(self.flush_gz());
        };
        // A gzip member starts when its first bytes are read, so ask after the first line.
        let start = if self.gz.is_some() {
            self.offset()
        } else {
            before
        };
        if first.iter().all(u8::is_ascii_whitespace) {
            return Ok(true);
        }
        if !first.starts_with(b"WARC/") {
            if self.flush_gz() {
                // The gzip layer already said why the stream went wrong here.
                self.resync()?;
                return Ok(true);
            }
            let skipped = first.len() as u64 + self.resync()?;
            self.error(
                start,
                format!(
                    "{skipped} bytes of garbage between records; skipped to the next WARC/1. line"
                ),
            );
            return Ok(true);
        }
        self.record_no += 1;
        let mut headers: Vec<(String, String)> = Vec::new();
        loop {
            let Some(line) = self.input.read_line(MAX_LINE)? else {
                if self.flush_gz() {
                    return Ok(true);
                }
                self.error(
                    start,
                    "record header cut short by the end of the input".into(),
                );
                return Ok(false);
            };
            let line = String::from_utf8_lossy(&line);
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                break;
            }
            if headers.len() == MAX_HEADERS {
                self.error(start, format!("more than {MAX_HEADERS} WARC header lines"));
                self.resync()?;
                return Ok(true);
            }
            if let Some((k, v)) = line.split_once(':') {
                headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
            }
        }
        let header = |name: &str| {
            headers
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        };
        let Some(length) = header("content-length").and_then(|v| v.parse::<u64>().ok()) else {
            let shown = header("content-length").unwrap_or("(none)").to_string();
            self.error(
                start,
                format!("WARC record has no valid Content-Length: {shown}"),
            );
            self.resync()?;
            return Ok(true);
        };
        let is_response = header("warc-type").is_some_and(|t| t.eq_ignore_ascii_case("response"));
        let uri = header("warc-target-uri").map(|u| u.trim_matches(['<', '>']).to_string());
        let date = header("warc-date").and_then(parse_datetime);
        let too_large = length > self.opts.max_record_bytes as u64;
        let block = if too_large || !is_response {
            let got = self.input.skip_n(length)?;
            if got < length {
                if !self.flush_gz() {
                    self.error(start, format!("record cut short: Content-Length says {length} bytes, the input ends after {got}"));
                }
                return Ok(true);
            }
            Vec::new()
        } else {
            let block = self.input.read_n(length)?;
            if (block.len() as u64) < length {
                if !self.flush_gz() {
                    self.error(
                        start,
                        format!("record cut short: Content-Length says {length} bytes, the input ends after {}", block.len()),
                    );
                }
                return Ok(true);
            }
            block
        };
        let tail = self.input.ensure(4)?;
        if tail.starts_with(b"\r\n\r\n") {
            self.input.consume(4);
        } else if tail.starts_with(b"\n\n") {
            self.input.consume(2);
        } else if !tail.is_empty() && !tail.iter().all(u8::is_ascii_whitespace) {
            if self.flush_gz() {
                self.resync()?;
                return Ok(true);
            }
            if let Some(i) = find(&block, b"\r\n\r\nWARC/1.") {
                // The length ran into the next record: give those bytes back.
                self.input.unread(&block[i + 4..]);
                self.error(
                    start,
                    format!(
                        "Content-Length {length} runs {} bytes past the end of the record",
                        length - (i as u64 + 4)
                    ),
                );
            } else {
                let skipped = self.resync()?;
                self.error(
                    start,
                    format!("Content-Length {length} does not end at a record boundary; skipped {skipped} bytes to the next WARC/1. line"),
                );
            }
            return Ok(true);
        }
        if self.flush_gz() {
            return Ok(true);
        }
        if !is_response {
            return Ok(true);
        }
        if too_large {
            self.error(
                start,
                format!("response record of {length} bytes is larger than the limit of {} bytes; skipped", self.opts.max_record_bytes),
            );
            return Ok(true);
        }
        match http_payload(&block, self.opts.max_record_bytes) {
            Err(message) => self.error(start, message),
            Ok(None) => {}
            Ok(Some(payload)) => {
                let page = html::decode(&payload.body, payload.content_type.as_deref());
                let at = self.at();
                let doc = html::page_doc(&page, &at, uri.as_deref(), date.or(self.opts.published))
                    .map(|mut doc| {
                        doc.id = at.clone();
                        doc
                    })
                    .map_err(|e| match e {
                        IngestError::Doc { at, message, .. } => IngestError::Doc {
                            at,
                            offset: Some(start),
                            message,
                        },
                        other => other,
                    });
                self.pending.push_back(doc);
            }
        }
        Ok(true)
    }
}

impl Iterator for WarcDocs {
    type Item = Result<RawDoc, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.pending.pop_front() {
                return Some(item);
            }
            if self.done {
                return None;
            }
            match self.step() {
                Ok(true) => {}
                Ok(false) => self.done = true,
                Err(e) => {
                    self.done = true;
                    let offset = self.offset();
                    self.error(offset, format!("read error: {e}"));
                }
            }
        }
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// An HTML page inside an HTTP response.
#[derive(Debug, PartialEq, Eq)]
pub struct Payload {
    /// Body bytes, de-chunked and decompressed.
    pub body: Vec<u8>,
    /// `Content-Type`.
    pub content_type: Option<String>,
}

/// Reads an HTTP response block: `Ok(None)` when it is not a `200` HTML page (skipped, not an
/// error), an error when it is malformed.
pub fn http_payload(block: &[u8], max: usize) -> Result<Option<Payload>, String> {
    let head_end = find(&block[..block.len().min(MAX_LINE)], b"\r\n\r\n")
        .map(|i| (i, i + 4))
        .or_else(|| find(&block[..block.len().min(MAX_LINE)], b"\n\n").map(|i| (i, i + 2)));
    let Some((head_len, body_start)) = head_end else {
        return Err("HTTP header block has no end".into());
    };
    let head = String::from_utf8_lossy(&block[..head_len]);
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or("");
    let status = status_line
        .strip_prefix("HTTP/")
        .and_then(|rest| rest.split_whitespace().nth(1))
        .and_then(|code| code.parse::<u16>().ok());
    let Some(status) = status else {
        return Err(format!(
            "HTTP status line {:?} is malformed",
            truncate(status_line, 80)
        ));
    };
    if status != 200 {
        return Ok(None);
    }
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_ascii_lowercase()))
        .collect();
    let header = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let mut body = block[body_start..].to_vec();
    if header("transfer-encoding").is_some_and(|t| t.contains("chunked")) {
        body = dechunk(&body).map_err(|e| format!("HTTP chunked body is malformed: {e}"))?;
    }
    match header("content-encoding").as_deref().map(str::trim) {
        None | Some("") | Some("identity") | Some("none") => {}
        Some("gzip") | Some("x-gzip") => {
            body = inflate(flate2::read::MultiGzDecoder::new(&body[..]), max)
                .map_err(|e| format!("HTTP gzip body does not decompress: {e}"))?;
        }
        Some("deflate") => {
            body = inflate(flate2::read::ZlibDecoder::new(&body[..]), max)
                .or_else(|_| inflate(flate2::read::DeflateDecoder::new(&body[..]), max))
                .map_err(|e| format!("HTTP deflate body does not decompress: {e}"))?;
        }
        Some(other) => return Err(format!("HTTP content encoding {other:?} is not supported")),
    }
    let content_type = header("content-type");
    let is_html = match &content_type {
        Some(t) => t.contains("text/html") || t.contains("application/xhtml"),
        None => {
            let head = String::from_utf8_lossy(&body[..body.len().min(1024)]).to_ascii_lowercase();
            head.contains("<html") || head.contains("<!doctype html")
        }
    };
    Ok(is_html.then_some(Payload { body, content_type }))
}

fn truncate(s: &str, n: usize) -> &str {
    &s[..crate::floor_char_boundary(s, n)]
}

fn inflate(reader: impl Read, max: usize) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    reader.take(max as u64 + 1).read_to_end(&mut out)?;
    if out.len() > max {
        return Err(std::io::Error::other(format!(
            "more than {max} bytes decompressed"
        )));
    }
    Ok(out)
}

/// Undoes `Transfer-Encoding: chunked`. A body whose first line is not a chunk size was
/// already de-chunked by the crawler, and is kept as it is.
fn dechunk(body: &[u8]) -> Result<Vec<u8>, String> {
    let size_of = |line: &[u8]| {
        let line = String::from_utf8_lossy(line);
        let digits = line.split(';').next().unwrap_or("").trim().to_string();
        (!digits.is_empty() && digits.len() <= 16)
            .then(|| u64::from_str_radix(&digits, 16).ok())
            .flatten()
    };
    let first_line_end = body.iter().position(|&b| b == b'\n').unwrap_or(body.len());
    if size_of(&body[..first_line_end]).is_none() {
        return Ok(body.to_vec());
    }
    let mut out = Vec::with_capacity(body.len());
    let mut at = 0usize;
    loop {
        let Some(nl) = body[at..].iter().position(|&b| b == b'\n') else {
            return Err(format!("chunk size line at byte {at} has no end"));
        };
        let size =
            size_of(&body[at..at + nl]).ok_or_else(|| format!("bad chunk size at byte {at}"))?;
        at += nl + 1;
        if size == 0 {
            return Ok(out);
        }
        let end = usize::try_from(size)
            .ok()
            .and_then(|s| at.checked_add(s))
            .filter(|&e| e <= body.len())
            .ok_or_else(|| format!("chunk of {size} bytes at byte {at} runs past the end"))?;
        out.extend_from_slice(&body[at..end]);
        at = end;
        if body[at..].starts_with(b"\r\n") {
            at += 2;
        } else if body[at..].starts_with(b"\n") {
            at += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunked_bodies_are_joined_and_plain_ones_kept() {
        assert_eq!(
            dechunk(b"5\r\nhello\r\n6;x=y\r\n world\r\n0\r\n\r\n").unwrap(),
            b"hello world"
        );
        assert_eq!(dechunk(b"<html>not chunked").unwrap(), b"<html>not chunked");
        assert!(dechunk(b"ff\r\nshort").is_err());
    }

    #[test]
    fn only_200_html_responses_are_pages() {
        let ok = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html>x</html>";
        assert_eq!(
            http_payload(ok, 1 << 20).unwrap().unwrap().body,
            b"<html>x</html>"
        );
        let redirect = b"HTTP/1.1 301 Moved\r\nLocation: /x\r\n\r\n";
        assert_eq!(http_payload(redirect, 1 << 20).unwrap(), None);
        let pdf = b"HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\n\r\n%PDF";
        assert_eq!(http_payload(pdf, 1 << 20).unwrap(), None);
        assert!(http_payload(b"garbage\r\n\r\n", 1 << 20).is_err());
        assert!(http_payload(b"HTTP/1.1 200 OK\r\nContent-Type: text/html", 1 << 20).is_err());
    }

    #[test]
    fn gzip_payloads_are_decompressed_within_the_cap() {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(&b"<html><p>a</p></html>".repeat(100))
            .unwrap();
        let gz = enc.finish().unwrap();
        let mut block =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n"
                .to_vec();
        block.extend_from_slice(&gz);
        assert_eq!(
            http_payload(&block, 1 << 20).unwrap().unwrap().body.len(),
            2100
        );
        assert!(http_payload(&block, 1000)
            .unwrap_err()
            .contains("more than 1000 bytes"));
    }
}

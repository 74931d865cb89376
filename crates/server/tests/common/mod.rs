//! Shared by the server's tests: hand-made records, a store on disk, a server on an ephemeral
//! loopback port, and a minimal HTTP/1.1 client (the tests speak HTTP themselves, so they see
//! exactly the bytes the server sends).
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use sitrep_doc::output::{
    Attribution, DateOut, DocMeta, EventOut, Participant, Record, SpanOut, SCHEMA,
};
use sitrep_server::{CodeFn, Config};

/// A fresh path for a database under the system's temp directory.
pub fn temp_db(name: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "sitrep-server-test-{}-{}-{name}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("store.db")
}

/// One event: source code, target code, CAMEO code, Goldstein, quad class, evidence.
pub struct Ev<'a> {
    pub source: &'a str,
    pub target: &'a str,
    pub cameo: &'a str,
    pub goldstein: f32,
    pub quad: u8,
    pub evidence: &'a str,
}

pub fn ev<'a>(
    source: &'a str,
    target: &'a str,
    cameo: &'a str,
    goldstein: f32,
    quad: u8,
    evidence: &'a str,
) -> Ev<'a> {
    Ev {
        source,
        target,
        cameo,
        goldstein,
        quad,
        evidence,
    }
}

/// A document published on `day` with the given events, one per sentence.
pub fn record(id: &str, day: &str, title: &str, url: &str, events: &[Ev]) -> Record {
    let part = |code: &str, i: usize, side: &str| {
        (!code.is_empty()).then(|| Participant {
            actor: format!("A{i}{side}"),
            code: code.to_string(),
            text: code.to_string(),
        })
    };
    Record {
        schema: SCHEMA,
        doc: DocMeta {
            id: id.into(),
            title: Some(title.into()),
            published: Some(day.into()),
            site: Some("example.org".into()),
            url: Some(url.into()),
            language: "en".into(),
            ..DocMeta::default()
        },
        actors: Vec::new(),
        events: events
            .iter()
            .enumerate()
            .map(|(i, e)| EventOut {
                id: format!("E{}", i + 1),
                sentence: i,
                source: part(e.source, i, "s"),
                target: part(e.target, i, "t"),
                cameo: e.cameo.into(),
                goldstein: e.goldstein,
                quad_class: e.quad,
                modality: "asserted".into(),
                attribution: Attribution::default(),
                date: DateOut {
                    value: Some(day.into()),
                    precision: "day".into(),
                    text: None,
                },
                evidence: SpanOut {
                    start: 0,
                    end: e.evidence.len(),
                    text: e.evidence.into(),
                },
                sentence_span: None,
                confidence: 0.8,
                ..EventOut::default()
            })
            .collect(),
        quotes: Vec::new(),
    }
}

/// A coder that needs no models: one event per text, so the tests see the record come back.
pub fn fake_coder() -> CodeFn {
    Arc::new(|text: String, published| {
        if text.contains("FAIL") {
            return Err("the coder refused this text".into());
        }
        let day = published
            .map(|d: chrono::NaiveDate| d.to_string())
            .unwrap_or_default();
        Ok(record(
            "posted",
            &day,
            "",
            "",
            &[ev("RUS", "UKR", "190", -10.0, 4, &text)],
        ))
    })
}

/// Starts a server for `config` on an ephemeral loopback port, in a thread of its own.
pub fn start(config: Config) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        if let Err(e) = sitrep_server::serve(listener, config) {
            eprintln!("server stopped: {e}");
        }
    });
    addr
}

/// An HTTP answer.
pub struct Answer {
    pub status: u16,
    pub headers: String,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

/// One request on a fresh connection (`Connection: close`).
pub fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    content_type: Option<&str>,
    body: &[u8],
) -> Answer {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    if let Some(ct) = content_type {
        head.push_str(&format!("Content-Type: {ct}\r\n"));
    }
    if !body.is_empty() || method == "POST" {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).unwrap();
    // The server may answer (413) before reading a large body and close: a failed write of
    // the rest is expected then, and the answer is still read below.
    let _ = s.write_all(body);
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    parse(&raw)
}

pub fn get(addr: SocketAddr, path: &str) -> Answer {
    request(addr, "GET", path, None, b"")
}

pub fn post_json(addr: SocketAddr, path: &str, body: &str) -> Answer {
    request(
        addr,
        "POST",
        path,
        Some("application/json"),
        body.as_bytes(),
    )
}

fn parse(raw: &[u8]) -> Answer {
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no HTTP head in {:?}", String::from_utf8_lossy(raw)));
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {head:?}"));
    let mut body = raw[end + 4..].to_vec();
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        body = dechunk(&body);
    }
    Answer {
        status,
        headers: head,
        body,
    }
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(eol) = b.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size =
            usize::from_str_radix(String::from_utf8_lossy(&b[..eol]).trim(), 16).unwrap_or(0);
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&b[eol + 2..eol + 2 + size]);
        b = &b[eol + 4 + size..];
    }
}

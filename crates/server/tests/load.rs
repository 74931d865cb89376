//! Load test: `GET /api/events` on a store of 1,000,000 events, over loopback HTTP/1.1 with
//! keep-alive, for a bounded time. Ignored by default (building the store takes minutes);
//! run it with
//!
//! ```sh
//! cargo test -p sitrep-server --test load -- --ignored --nocapture
//! ```
//!
//! `SITREP_LOAD_SECS` (default 20) sets the duration, `SITREP_LOAD_CLIENTS` (default 8) the
//! connections. The store is built once under the target directory and reused.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use common::*;
use sitrep_server::Config;
use sitrep_store::{Durability, Store};

const EVENTS: u64 = 1_000_000;
const PER_DOC: usize = 20;

const ACTORS: &[&str] = &[
    "RUS", "RUSMIL", "RUSGOV", "UKR", "UKRMIL", "UKRGOV", "USA", "USAGOV", "CHN", "ARM", "AZE",
    "ARMMIL", "AZEMIL", "TUR", "IRN", "ISR", "PSE", "IGOUNO", "FRA", "DEU",
];
const CODES: &[(&str, f32, u8)] = &[
    ("042", 1.9, 1),
    ("057", 8.0, 1),
    ("070", 7.0, 2),
    ("112", -2.0, 3),
    ("138", -7.0, 3),
    ("173", -5.0, 4),
    ("190", -10.0, 4),
    ("195", -10.0, 4),
];

/// The store, built on first use: 50,000 documents of 20 events over one year.
fn store() -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("load-1m/store.db");
    if let Ok(s) = Store::open(&path) {
        if s.counts().map(|c| c.events).unwrap_or(0) == EVENTS {
            return path;
        }
    }
    let _ = std::fs::remove_dir_all(path.parent().unwrap());
    let mut store = Store::open_with(&path, Durability::Normal).unwrap();
    let started = Instant::now();
    let docs = EVENTS as usize / PER_DOC;
    // A small linear congruential sequence: the same store on every run, no extra crate.
    let mut x: u64 = 12345;
    let mut next = |n: usize| {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((x >> 33) % n as u64) as usize
    };
    for d in 0..docs {
        let day = (chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()
            + chrono::Duration::days((d * 366 / docs) as i64))
        .to_string();
        let evidence: Vec<String> = (0..PER_DOC).map(|i| format!("doc {d} event {i}")).collect();
        let events: Vec<Ev> = (0..PER_DOC)
            .map(|i| {
                let (cameo, g, q) = CODES[next(CODES.len())];
                let s = ACTORS[next(ACTORS.len())];
                let mut t = ACTORS[next(ACTORS.len())];
                if t == s {
                    t = "";
                }
                ev(s, t, cameo, g, q, &evidence[i])
            })
            .collect();
        let rec = record(
            &format!("doc-{d}"),
            &day,
            &format!("Story {d}"),
            &format!("https://example.org/{d}"),
            &events,
        );
        store.ingest(&rec, None).unwrap();
        if d % 10_000 == 9_999 {
            eprintln!(
                "load: {} documents stored ({:.0} s)",
                d + 1,
                started.elapsed().as_secs_f64()
            );
        }
    }
    let secs = started.elapsed().as_secs_f64();
    assert_eq!(store.counts().unwrap().events, EVENTS);
    println!(
        "load: built the store in {secs:.0} s: {:.0} documents/s, {:.0} events/s (Durability::Normal)",
        docs as f64 / secs,
        EVENTS as f64 / secs
    );
    path
}

/// Reads one response from a keep-alive connection; returns its status.
fn read_response(r: &mut BufReader<TcpStream>, body: &mut Vec<u8>) -> std::io::Result<u16> {
    let mut line = String::new();
    r.read_line(&mut line)?;
    let status: u16 = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut length = 0usize;
    loop {
        line.clear();
        if r.read_line(&mut line)? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((k, v)) = l.split_once(':') {
            if k.eq_ignore_ascii_case("content-length") {
                length = v.trim().parse().unwrap_or(0);
            }
        }
    }
    body.resize(length, 0);
    r.read_exact(body)?;
    Ok(status)
}

struct Tally {
    latencies_us: Vec<u32>,
    errors: u64,
    bytes: u64,
}

fn client(addr: SocketAddr, paths: Vec<String>, until: Instant) -> Tally {
    let stream = TcpStream::connect(addr).unwrap();
    stream.set_nodelay(true).unwrap();
    let mut w = stream.try_clone().unwrap();
    let mut r = BufReader::new(stream);
    let mut t = Tally {
        latencies_us: Vec::new(),
        errors: 0,
        bytes: 0,
    };
    let mut body = Vec::new();
    let mut i = 0;
    while Instant::now() < until {
        let path = &paths[i % paths.len()];
        i += 1;
        let start = Instant::now();
        let sent = write!(w, "GET {path} HTTP/1.1\r\nHost: load\r\n\r\n");
        match sent.and_then(|_| read_response(&mut r, &mut body)) {
            Ok(200) => {
                t.latencies_us.push(start.elapsed().as_micros() as u32);
                t.bytes += body.len() as u64;
            }
            _ => t.errors += 1,
        }
    }
    t
}

#[test]
#[ignore = "builds a 1,000,000-event store (minutes); run with --ignored"]
fn events_under_load() {
    let db = store();
    let addr = start(Config::new(&db));
    let secs: u64 = std::env::var("SITREP_LOAD_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let clients: usize = std::env::var("SITREP_LOAD_CLIENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(8);
    // What the dashboard and API users ask: the newest page, an actor, a root, a date range,
    // and a deep page by cursor.
    let deep = {
        let j = get(
            addr,
            "/api/events?limit=1000&since=2024-06-01&until=2024-06-30",
        )
        .json();
        j["next"].as_str().unwrap().replace('~', "%7E")
    };
    let paths: Vec<String> = vec![
        "/api/events?limit=100".into(),
        "/api/events?limit=100&actor=RUS".into(),
        "/api/events?limit=100&root=19".into(),
        "/api/events?limit=100&since=2024-03-01&until=2024-03-31&actor=UKRMIL".into(),
        format!("/api/events?limit=100&cursor={deep}"),
    ];
    for p in &paths {
        let a = get(addr, p);
        assert_eq!(a.status, 200, "{p}: {}", a.text());
        assert_eq!(a.json()["events"].as_array().unwrap().len(), 100, "{p}");
    }
    let until = Instant::now() + Duration::from_secs(secs);
    let started = Instant::now();
    let handles: Vec<_> = (0..clients)
        .map(|c| {
            let mut mine = paths.clone();
            mine.rotate_left(c % paths.len());
            std::thread::spawn(move || client(addr, mine, until))
        })
        .collect();
    let mut all = Vec::new();
    let (mut errors, mut bytes) = (0, 0);
    for h in handles {
        let t = h.join().unwrap();
        all.extend(t.latencies_us);
        errors += t.errors;
        bytes += t.bytes;
    }
    let elapsed = started.elapsed().as_secs_f64();
    all.sort_unstable();
    let pct = |p: f64| all[((all.len() as f64 * p) as usize).min(all.len() - 1)] as f64 / 1000.0;
    println!(
        "load: GET /api/events (limit=100, 5 query forms) on {EVENTS} events, {clients} keep-alive \
         connections, {elapsed:.1} s: {} requests, {:.0} requests/s, p50 {:.2} ms, p99 {:.2} ms, \
         max {:.2} ms, {:.1} MB/s, {errors} errors",
        all.len(),
        all.len() as f64 / elapsed,
        pct(0.50),
        pct(0.99),
        pct(1.0),
        bytes as f64 / elapsed / 1e6
    );
    assert_eq!(errors, 0);
    assert!(!all.is_empty());
}

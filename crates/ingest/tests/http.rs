//! Feeds and pages over HTTP, against a tiny server started by each test on 127.0.0.1.
#![cfg(feature = "http")]

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sitrep_ingest::{read_any, IngestError, RawDoc, ReadOptions};

const RSS: &str = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Valley Wire</title>
<item><title>Bridge reopens</title><link>http://HOST/page.html</link><guid>w-1</guid>
<pubDate>Thu, 17 Mar 2022 08:00:00 +0000</pubDate>
<description>The Sarn bridge reopened to traffic on Thursday.</description></item>
</channel></rss>"#;

const PAGE: &str = "<html><head><title>Bridge reopens</title><meta name=\"author\" content=\"Jonas Weller\"></head><body><article><p>The Sarn bridge reopened to civilian traffic on Thursday morning after engineers from both sides inspected it overnight, local officials said.</p><p>Dozens of cars crossed in the first hour, and the relief agencies said their convoys would follow on Friday.</p></article></body></html>";

/// One request as the server saw it.
#[derive(Clone, Debug)]
struct Seen {
    head: String,
    at: Instant,
}

/// Serves a few fixed routes; records every request.
fn serve() -> (String, Arc<Mutex<Vec<Seen>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let host = listener.local_addr().unwrap().to_string();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let (log, host_in) = (seen.clone(), host.clone());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n")
                && stream.read(&mut byte).map(|n| n == 1).unwrap_or(false)
            {
                head.push(byte[0]);
            }
            let head = String::from_utf8_lossy(&head).to_string();
            log.lock().unwrap().push(Seen {
                head: head.clone(),
                at: Instant::now(),
            });
            let path = head.split_whitespace().nth(1).unwrap_or("/").to_string();
            let lower = head.to_ascii_lowercase();
            let rss = RSS.replace("HOST", &host_in);
            let (status, headers, body): (&str, String, String) = match path.as_str() {
                "/feed.xml" if lower.contains("if-none-match: \"v1\"") => {
                    ("304 Not Modified", String::new(), String::new())
                }
                "/feed.xml" => (
                    "200 OK",
                    "ETag: \"v1\"\r\nContent-Type: application/rss+xml\r\n".into(),
                    rss,
                ),
                "/moved" => (
                    "301 Moved Permanently",
                    "Location: /feed2.xml\r\n".into(),
                    String::new(),
                ),
                "/feed2.xml" => (
                    "200 OK",
                    "Content-Type: application/rss+xml\r\n".into(),
                    rss,
                ),
                "/page.html" => (
                    "200 OK",
                    "Content-Type: text/html; charset=utf-8\r\n".into(),
                    PAGE.into(),
                ),
                "/slow" => {
                    std::thread::sleep(Duration::from_millis(1500));
                    ("200 OK", String::new(), rss)
                }
                _ => ("404 Not Found", String::new(), "no such page".into()),
            };
            let response = format!(
                "HTTP/1.1 {status}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(response.as_bytes());
        }
    });
    (host, seen)
}

fn opts(test: &str) -> ReadOptions {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(test);
    let _ = std::fs::remove_dir_all(&dir);
    ReadOptions {
        http_cache: Some(dir.join("http.json")),
        min_host_interval: Duration::ZERO,
        ..ReadOptions::default()
    }
}

fn read(url: &str, opts: &ReadOptions) -> Vec<Result<RawDoc, IngestError>> {
    read_any(url, None, opts).collect()
}

#[test]
fn a_304_answer_to_a_conditional_get_yields_nothing_new() {
    let (host, seen) = serve();
    let opts = opts("http_304");
    let url = format!("http://{host}/feed.xml");
    let first = read(&url, &opts);
    assert_eq!(first.len(), 1);
    let doc = first[0].as_ref().unwrap();
    assert_eq!(doc.id, "w-1");
    assert_eq!(doc.source, format!("{url} item 1"));
    let cache: PathBuf = opts.http_cache.clone().unwrap();
    assert!(std::fs::read_to_string(&cache)
        .unwrap()
        .contains("\\\"v1\\\""));

    let second = read(&url, &opts);
    assert!(second.is_empty(), "{second:?}");
    {
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 2);
        assert!(!seen[0].head.to_ascii_lowercase().contains("if-none-match"));
        assert!(seen[1]
            .head
            .to_ascii_lowercase()
            .contains("if-none-match: \"v1\""));
    }

    // Without conditional GET the feed is read again in full.
    let again = read(
        &url,
        &ReadOptions {
            conditional_get: false,
            ..opts.clone()
        },
    );
    assert_eq!(again.len(), 1);
    assert!(again[0].is_ok(), "{again:?}");
}

#[test]
fn redirects_are_followed_and_failures_are_one_clear_error() {
    let (host, _) = serve();
    let opts = opts("http_redirects");
    let moved = read(&format!("http://{host}/moved"), &opts);
    assert_eq!(moved.len(), 1);
    assert!(moved[0].is_ok(), "{moved:?}");

    let missing = read(&format!("http://{host}/missing"), &opts);
    let err = missing[0].as_ref().unwrap_err().to_string();
    assert_eq!(err, format!("http://{host}/missing: HTTP 404 Not Found"));

    let slow = read(
        &format!("http://{host}/slow"),
        &ReadOptions {
            http_timeout: Duration::from_millis(300),
            ..opts.clone()
        },
    );
    let err = slow[0].as_ref().unwrap_err().to_string();
    assert!(err.contains("timed out"), "{err}");

    // Nothing listens on port 9 of localhost.
    let refused = read("http://127.0.0.1:9/feed.xml", &opts);
    assert!(refused[0]
        .as_ref()
        .unwrap_err()
        .to_string()
        .starts_with("http://127.0.0.1:9/feed.xml: "));
}

#[test]
fn a_summary_only_item_can_fetch_its_linked_page() {
    let (host, seen) = serve();
    let opts = ReadOptions {
        fetch_links: true,
        ..opts("http_links")
    };
    let docs = read(&format!("http://{host}/feed2.xml"), &opts);
    let doc = docs[0].as_ref().unwrap();
    assert!(
        doc.text
            .starts_with("The Sarn bridge reopened to civilian traffic"),
        "{}",
        doc.text
    );
    assert_eq!(doc.author.as_deref(), Some("Jonas Weller"));
    assert_eq!(
        doc.url.as_deref(),
        Some(format!("http://{host}/page.html").as_str())
    );
    assert_eq!(seen.lock().unwrap().len(), 2);

    // An HTML URL is one page.
    let page = read(&format!("http://{host}/page.html"), &opts);
    assert_eq!(
        page[0].as_ref().unwrap().title.as_deref(),
        Some("Bridge reopens")
    );
}

#[test]
fn requests_to_one_host_are_spaced() {
    let (host, seen) = serve();
    let opts = ReadOptions {
        min_host_interval: Duration::from_millis(400),
        ..opts("http_polite")
    };
    for _ in 0..3 {
        let _ = read(&format!("http://{host}/feed2.xml"), &opts);
    }
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 3);
    for pair in seen.windows(2) {
        let gap = pair[1].at - pair[0].at;
        assert!(gap >= Duration::from_millis(300), "{gap:?}");
    }
}

//! Streaming: a WARC file far larger than what the reader holds, read record by record.
//! Ignored by default (it writes ~40 MB and reads 200 MB of records); run with
//! `cargo test -p sitrep-ingest --test warc_stream -- --ignored --nocapture`.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use sitrep_ingest::{read_any, ReadOptions};

fn peak_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace()
        .nth(1)?
        .parse::<u64>()
        .ok()
        .map(|kb| kb / 1024)
}

/// A news-like page of about 20 KB: navigation, a long article, comments, footer.
fn page(n: usize) -> String {
    let mut article = String::new();
    for p in 0..40 {
        article.push_str(&format!(
            "<p>Paragraph {p} of report {n}: officials in the valley said on Tuesday that convoys carrying food, fuel and medicine had crossed the Sarn bridge, while the regional bloc's monitors counted {} violations of the ceasefire overnight and called on both sides to pull back heavy weapons.</p>\n",
            n % 97 + p
        ));
    }
    format!(
        "<!doctype html><html lang=\"en\"><head><title>Report {n} - Valley Wire</title><meta property=\"og:site_name\" content=\"Valley Wire\"><meta property=\"article:published_time\" content=\"2022-03-{:02}T10:00:00Z\"></head><body><nav>{}</nav><article><h1>Report {n}</h1>{article}</article><section class=\"comments\">{}</section><footer>Copyright Valley Wire</footer></body></html>",
        n % 28 + 1,
        "<a href=\"/x\">Section</a> ".repeat(40),
        "<div class=\"comment\">Reader comment here.</div>".repeat(20),
    )
}

#[test]
#[ignore]
fn a_large_warc_streams_in_bounded_memory() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("warc_stream");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("large.warc.gz");
    let records = 10_000;
    let mut raw_bytes = 0u64;
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        for n in 0..records {
            let html = page(n);
            let http =
                format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}");
            let record = format!(
                "WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: https://wire.example/{n}\r\nWARC-Date: 2022-03-01T00:00:00Z\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n",
                http.len()
            );
            raw_bytes += record.len() as u64;
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            enc.write_all(record.as_bytes()).unwrap();
            f.write_all(&enc.finish().unwrap()).unwrap();
        }
    }
    let file_mb = std::fs::metadata(&path).unwrap().len() as f64 / 1e6;
    let before = peak_mb();
    let started = Instant::now();
    let (mut docs, mut chars) = (0usize, 0usize);
    for result in read_any(path.to_str().unwrap(), None, &ReadOptions::default()) {
        let doc = result.unwrap();
        chars += doc.text.len();
        docs += 1;
    }
    let secs = started.elapsed().as_secs_f64();
    let peak = peak_mb();
    println!(
        "{docs} documents from {:.0} MB of records ({file_mb:.0} MB gzip) in {secs:.1} s: {:.0} docs/s, {:.1} MB/s of records, one thread; {:.1} MB of text; peak RSS {before:?} MB before, {peak:?} MB after",
        raw_bytes as f64 / 1e6,
        docs as f64 / secs,
        raw_bytes as f64 / 1e6 / secs,
        chars as f64 / 1e6,
    );
    assert_eq!(docs, records);
    if let Some(mb) = peak {
        assert!(mb < 100, "peak RSS {mb} MB while streaming");
    }
    std::fs::remove_file(&path).unwrap();
}

//! `cargo bench --bench batch`: documents from a WARC file to coded events, through the
//! `sitrep code` binary, with one and with two worker threads, and the peak memory on a large
//! input. The WARC is generated from the example corpus's pages (each copy made distinct), so
//! the figures include HTML extraction, language identification and duplicate detection.
//!
//! Sizes: `SITREP_BENCH_MB` (default 100) for the thread comparison, `SITREP_BENCH_BIG_MB`
//! (default 1024) for the memory run; `SITREP_BENCH_BIG_MB=0` skips it.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use flate2::write::GzEncoder;
use flate2::Compression;

fn pages(root: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let dir = root.join("examples/corpus/html");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return out;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if let (Some(name), Ok(html)) = (p.file_stem(), std::fs::read_to_string(&p)) {
            out.push((name.to_string_lossy().into_owned(), html));
        }
    }
    out
}

/// Writes a gzip-per-record WARC of about `mb` megabytes (uncompressed records); returns the
/// number of pages.
fn write_warc(path: &Path, pages: &[(String, String)], mb: usize) -> std::io::Result<usize> {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path)?);
    let target = mb << 20;
    let (mut written, mut n) = (0usize, 0usize);
    while written < target {
        let (name, html) = &pages[n % pages.len()];
        // A line of its own in every copy, so that copies are distinct documents.
        let html = html.replacen(
            "</article>",
            &format!("<p>Dispatch {n} of the sitrep benchmark run.</p></article>"),
            1,
        );
        let body = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{html}",
            html.len()
        );
        let record = format!(
            "WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:bench-{n}>\r\nWARC-Date: 2025-03-20T12:00:00Z\r\nWARC-Target-URI: https://bench.example/{name}/{n}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{body}\r\n\r\n",
            body.len()
        );
        let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
        gz.write_all(record.as_bytes())?;
        file.write_all(&gz.finish()?)?;
        written += record.len();
        n += 1;
    }
    file.flush()?;
    Ok(n)
}

/// Runs `sitrep code` on `warc` and returns (seconds, documents coded, peak memory MB).
fn code(bin: &Path, warc: &Path, threads: usize) -> Option<(f64, usize, u64)> {
    let started = Instant::now();
    let out = Command::new(bin)
        .args(["code", "--output", "tsv", "--threads", &threads.to_string()])
        .arg(warc)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .ok()?;
    let seconds = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let summary = stderr
        .lines()
        .rev()
        .find(|l| l.starts_with("sitrep code:"))?;
    let coded = summary
        .split_whitespace()
        .nth(2)
        .and_then(|w| w.parse().ok())?;
    let memory = summary
        .split("peak memory ")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .and_then(|w| w.parse().ok())
        .unwrap_or(0);
    Some((seconds, coded, memory))
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let bin = root.join("target/release/sitrep");
    if !bin.is_file() {
        println!("SKIPPED: build the binary first: cargo build --release");
        return;
    }
    let pages = pages(&root);
    if pages.is_empty() {
        println!("SKIPPED: no pages in examples/corpus/html");
        return;
    }
    let mb = |var: &str, default: usize| {
        std::env::var(var)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let dir = std::env::temp_dir().join(format!("sitrep-batch-bench-{}", std::process::id()));
    if std::fs::create_dir_all(&dir).is_err() {
        println!("SKIPPED: cannot create {}", dir.display());
        return;
    }
    let small = dir.join("small.warc.gz");
    let size = mb("SITREP_BENCH_MB", 100);
    let Ok(n) = write_warc(&small, &pages, size) else {
        println!("SKIPPED: cannot write {}", small.display());
        return;
    };
    let bytes = std::fs::metadata(&small).map(|m| m.len()).unwrap_or(0) as f64;
    println!(
        "input: {n} pages, {size} MB of WARC records ({:.0} MB gzipped)",
        bytes / 1e6
    );
    let mut per_thread = Vec::new();
    for threads in [1, 2] {
        match code(&bin, &small, threads) {
            Some((s, coded, memory)) => {
                println!(
                    "{threads} thread(s): {s:.1} s, {:.0} documents/s, {:.1} MB/s of records, {coded} coded, peak memory {memory} MB",
                    coded as f64 / s,
                    size as f64 / s
                );
                per_thread.push(s);
            }
            None => println!("sitrep code failed on {}", small.display()),
        }
    }
    if let [one, two] = per_thread[..] {
        println!("speed-up with 2 threads: {:.2}x", one / two);
    }
    let _ = std::fs::remove_file(&small);
    let big_mb = mb("SITREP_BENCH_BIG_MB", 1024);
    if big_mb > 0 {
        let big = dir.join("big.warc.gz");
        match write_warc(&big, &pages, big_mb) {
            Ok(n) => match code(&bin, &big, 2) {
                Some((s, coded, memory)) => println!(
                    "large input: {n} pages, {big_mb} MB: {s:.0} s, {:.0} documents/s, {coded} coded, peak memory {memory} MB",
                    coded as f64 / s
                ),
                None => println!("sitrep code failed on {}", big.display()),
            },
            Err(e) => println!("SKIPPED large input: {e}"),
        }
        let _ = std::fs::remove_file(&big);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

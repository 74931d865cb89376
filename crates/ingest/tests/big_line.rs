//! A 50 MB single line, generated here (never committed): read in seconds, in bounded memory.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use sitrep_ingest::{read_any, ReadOptions};

const SIZE: usize = 50 << 20;

fn big_file(name: &str, prefix: &str, suffix: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("big_line");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    f.write_all(prefix.as_bytes()).unwrap();
    let sentence = "Troops moved toward the border town as talks stalled again. ";
    for _ in 0..SIZE / sentence.len() {
        f.write_all(sentence.as_bytes()).unwrap();
    }
    f.write_all(suffix.as_bytes()).unwrap();
    f.flush().unwrap();
    path
}

/// Peak resident memory of this process, in MB (Linux).
fn peak_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace()
        .nth(1)?
        .parse::<u64>()
        .ok()
        .map(|kb| kb / 1024)
}

#[test]
fn a_50_mb_single_line_is_read_quickly_in_bounded_memory() {
    for (name, prefix, suffix) in [
        ("big.jsonl", "{\"id\":\"big\",\"text\":\"", "\"}\n"),
        ("big.txt", "", ""),
    ] {
        let path = big_file(name, prefix, suffix);
        let started = Instant::now();
        let docs: Vec<_> =
            read_any(path.to_str().unwrap(), None, &ReadOptions::default()).collect();
        let took = started.elapsed();
        assert_eq!(docs.len(), 1);
        let doc = docs[0].as_ref().unwrap();
        assert!(doc.text.len() >= SIZE - 100, "{}", doc.text.len());
        assert_eq!(doc.language.as_deref(), Some("en"));
        println!(
            "{name}: 50 MB line read in {took:?}; peak RSS so far {:?} MB",
            peak_mb()
        );
        assert!(took.as_secs() < 5, "{name} took {took:?}");
        drop(docs);

        // Over the record limit, the line is reported and skipped without being held.
        let small = ReadOptions {
            max_record_bytes: 1 << 20,
            ..ReadOptions::default()
        };
        let docs: Vec<_> = read_any(path.to_str().unwrap(), None, &small).collect();
        assert_eq!(docs.len(), 1);
        let err = docs[0].as_ref().unwrap_err().to_string();
        assert!(err.contains("larger than the limit"), "{err}");
        std::fs::remove_file(&path).unwrap();
    }
    if let Some(mb) = peak_mb() {
        assert!(mb < 400, "peak RSS {mb} MB");
    }
}

//! `sitrep ingest`, `export`, `trend` and `alerts` end to end, on sentences we wrote.

use std::path::PathBuf;
use std::process::Command;

fn sitrep(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(args)
        .output()
        .expect("sitrep runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const NEWS: &str = r#"{"id":"n1","published":"2022-02-05","text":"Ukraine accused Russia of violating the ceasefire near Donetsk."}
{"id":"n2","published":"2022-02-10","text":"French President Emmanuel Macron met German Chancellor Olaf Scholz in Berlin."}
{"id":"n3","published":"2022-02-17","text":"Russian artillery shelled Ukrainian villages. Ukraine condemned Russia."}
{"id":"n3-copy","published":"2022-02-17","text":"Russian artillery shelled Ukrainian villages.\n\nUkraine condemned Russia."}
{"id":"n4","published":"2022-02-18","text":"Russian forces fired rockets at Ukrainian soldiers near Mariupol. The United States condemned Russia."}
"#;

const RULES: &str = r#"
[[rule]]
name = "Fighting involving Ukraine"
actors = ["UKR"]
root = "19"
count_at_least = 1
window_days = 3

[[rule]]
name = "Much fighting"
actors = ["UKR"]
root = "19"
count_at_least = 5
"#;

/// A fresh scratch directory holding the news and the alert rules: (dir, news, rules).
fn scratch(name: &str) -> (PathBuf, PathBuf, PathBuf) {
    let dir =
        PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let news = dir.join("news.jsonl");
    std::fs::write(&news, NEWS).unwrap();
    let rules = dir.join("rules.toml");
    std::fs::write(&rules, RULES).unwrap();
    (dir, news, rules)
}

#[test]
fn ingest_export_trend_alerts() {
    let (dir, news, rules) = scratch("store-cli");
    let db = dir.join("s.db");
    let (db, news, rules) = (
        db.to_str().unwrap(),
        news.to_str().unwrap(),
        rules.to_str().unwrap(),
    );

    let (ok, _, err) = sitrep(&["ingest", "--db", db, "--input", "jsonl", news]);
    assert!(ok, "{err}");
    // The copy differs only in line breaks: a copy of n3, not a new story.
    assert!(err.contains("4 new") && err.contains("1 copies"), "{err}");
    let (ok, _, err) = sitrep(&["ingest", "--db", db, "--input", "jsonl", news]);
    assert!(ok, "{err}");
    assert!(
        err.contains("0 new") && err.contains("5 already stored"),
        "{err}"
    );

    let (ok, tsv, err) = sitrep(&["export", "--db", db, "--format", "tsv"]);
    assert!(ok, "{err}");
    let rows: Vec<&str> = tsv.lines().skip(1).collect();
    assert!(!rows.is_empty());
    assert!(
        rows.iter().all(|r| !r.starts_with("n3-copy\t")),
        "copies add no events"
    );
    let (ok, gdelt, _) = sitrep(&["export", "--db", db, "--format", "gdelt", "--root", "19"]);
    assert!(ok);
    assert!(gdelt.lines().count() >= 1);
    assert!(gdelt.lines().all(|l| l.split('\t').nth(28) == Some("19")));

    let svg = dir.join("t.svg");
    let (ok, out, err) = sitrep(&[
        "trend",
        "RUS",
        "UKR",
        "--db",
        db,
        "--since",
        "2022-02-14",
        "--plot",
        svg.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].starts_with("# RUS-UKR: 2022-02-14 to 2022-02-18"),
        "{out}"
    );
    assert_eq!(lines.len(), 2 + 5, "title, header, five days");
    assert!(std::fs::read_to_string(&svg).unwrap().starts_with("<svg"));

    let (ok, out, err) = sitrep(&["alerts", "--rules", rules, "--db", db]);
    assert!(ok, "{err}");
    assert!(
        out.starts_with("ALERT Fighting involving Ukraine — UKR on 2022-02-18"),
        "{out}"
    );
    assert!(!out.contains("Much fighting"));
    assert!(err.contains("1 of 2 rules fired"), "{err}");

    let (ok, _, err) = sitrep(&["alerts", "--rules", rules, "--db", "/nonexistent/dir/x.db"]);
    assert!(!ok);
    assert!(err.contains("no store at /nonexistent/dir/x.db"), "{err}");
    let (ok, _, err) = sitrep(&["export", "--db", db, "--format", "parquet"]);
    assert!(!ok);
    assert!(err.contains("--output"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn watch_stores_new_documents_and_posts_new_alerts_once() {
    use std::io::{Read, Write};
    let (dir, news, rules) = scratch("watch-cli");
    let db = dir.join("w.db");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/alerts", listener.local_addr().unwrap());
    listener.set_nonblocking(true).unwrap();
    let server = std::thread::spawn(move || {
        let mut bodies = Vec::new();
        let until = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while std::time::Instant::now() < until {
            match listener.accept() {
                Ok((mut conn, _)) => {
                    conn.set_nonblocking(false).unwrap();
                    let mut got = Vec::new();
                    let mut buf = [0u8; 4096];
                    loop {
                        let n = conn.read(&mut buf).unwrap();
                        got.extend_from_slice(&buf[..n]);
                        let text = String::from_utf8_lossy(&got).to_string();
                        if let Some((head, body)) = text.split_once("\r\n\r\n") {
                            let len: usize = head
                                .lines()
                                .find_map(|l| l.strip_prefix("Content-Length: "))
                                .unwrap()
                                .parse()
                                .unwrap();
                            if body.len() >= len || n == 0 {
                                bodies.push(body.to_string());
                                break;
                            }
                        }
                    }
                    conn.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
                        .unwrap();
                }
                Err(_) => {
                    if dir_done() {
                        break;
                    }
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
            }
        }
        bodies
    });
    let (ok, out, err) = sitrep(&[
        "watch",
        news.to_str().unwrap(),
        "--rules",
        rules.to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
        "--interval",
        "0",
        "--polls",
        "2",
        "--webhook",
        &url,
    ]);
    DONE.store(true, std::sync::atomic::Ordering::SeqCst);
    assert!(ok, "{err}");
    assert!(
        err.contains("poll 1: 5 documents stored, 1 new alerts"),
        "{err}"
    );
    assert!(
        err.contains("poll 2: 0 documents stored, 0 new alerts"),
        "{err}"
    );
    assert_eq!(out.matches("ALERT ").count(), 1, "{out}");
    let bodies = server.join().unwrap();
    assert_eq!(bodies.len(), 1, "one POST for the one new alert");
    let alert: serde_json::Value = serde_json::from_str(&bodies[0]).unwrap();
    assert_eq!(alert["rule"], "Fighting involving Ukraine");
    assert!(!alert["events"].as_array().unwrap().is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

static DONE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn dir_done() -> bool {
    DONE.load(std::sync::atomic::Ordering::SeqCst)
}

/// The example corpus (a fictional border crisis) stored, and its alert rules evaluated: the
/// escalation alert fires after the clash and not before it.
#[test]
fn the_example_corpus_escalates_and_alerts() {
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/corpus");
    if !corpus.join("alerts.toml").exists() {
        println!("SKIPPED the_example_corpus_escalates_and_alerts: no examples/corpus");
        return;
    }
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("corpus-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("c.db");
    let db = db.to_str().unwrap();
    let input = |name: &str| corpus.join(name).to_str().unwrap().to_string();
    let (ok, _, err) = sitrep(&[
        "ingest",
        "--db",
        db,
        &input("html"),
        &input("feed.xml"),
        &input("crawl.warc.gz"),
    ]);
    assert!(ok, "{err}");
    // The same stories arrive as pages, feed items and WARC records: copies, not new events.
    assert!(err.contains(" copies "), "{err}");
    assert!(!err.contains(" 0 copies"), "{err}");
    let rules = input("alerts.toml");
    let (ok, before, err) = sitrep(&[
        "alerts",
        "--rules",
        &rules,
        "--db",
        db,
        "--as-of",
        "2025-03-06",
    ]);
    assert!(ok, "{err}");
    assert!(before.is_empty(), "{before}");
    let (ok, after, err) = sitrep(&[
        "alerts",
        "--rules",
        &rules,
        "--db",
        db,
        "--as-of",
        "2025-03-16",
    ]);
    assert!(ok, "{err}");
    assert!(
        after.contains("ALERT arm-aze-escalation — ARM-AZE on 2025-03-16"),
        "{after}"
    );
    println!("{after}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A near copy of a story stored by an earlier run is a copy too: the store keeps each
/// document's duplicate-detection key and the next run starts from them.
#[test]
fn a_near_copy_in_a_later_run_becomes_mentions() {
    let dir = std::env::temp_dir().join(format!("sitrep-nearcopy-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let db = dir.join("s.db");
    let db = db.to_str().expect("UTF-8 path");
    let ingest = |file: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_sitrep"))
            .args(["ingest", "--db", db, file])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .expect("sitrep runs");
        assert!(out.status.success());
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let first = ingest("examples/corpus/html/cw-2025-03-26-ceasefire-signed.html");
    assert!(first.contains("1 new"), "{first}");
    let second = ingest("examples/corpus/html/mp-2025-03-26-ceasefire-republished.html");
    assert!(
        second.contains("0 new") && second.contains("1 copies"),
        "{second}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

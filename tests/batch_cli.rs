//! `sitrep code` over real inputs of every kind: the example corpus as HTML pages, feeds, a WARC
//! crawl and JSON Lines, checked against the corpus's ground truth (`examples/corpus/truth.json`).

use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn code(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .arg("code")
        .args(args)
        .current_dir(root())
        .output()
        .expect("sitrep runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn records(stdout: &str) -> Vec<serde_json::Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON record per line"))
        .collect()
}

fn truth() -> serde_json::Value {
    let text = std::fs::read_to_string(root().join("examples/corpus/truth.json"))
        .expect("the corpus ground truth");
    serde_json::from_str(&text).expect("ground truth JSON")
}

/// The copies the ground truth lists are found (and nothing else is called a copy), and
/// non-English pages are skipped with their language named.
#[test]
fn html_pages_copies_and_languages_match_the_ground_truth() {
    let (ok, stdout, stderr) = code(&["examples/corpus/html"]);
    assert!(ok, "{stderr}");
    let recs = records(&stdout);
    let mut found: Vec<(String, String)> = recs
        .iter()
        .filter_map(|r| {
            let of = r["doc"]["duplicate_of"].as_str()?;
            Some((r["doc"]["id"].as_str()?.to_string(), of.to_string()))
        })
        .collect();
    found.sort();
    let mut want: Vec<(String, String)> = truth()["duplicates"]
        .as_array()
        .expect("duplicates")
        .iter()
        .map(|d| {
            (
                d["id"].as_str().unwrap_or("").to_string(),
                d["duplicate_of"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    want.sort();
    assert_eq!(found, want);
    assert!(stderr.contains("not English (French)"), "{stderr}");
    assert!(recs.iter().all(|r| r["doc"]["language"] == "en"));
    // Metadata from the pages: title without the site suffix, site, author, date.
    let first = recs
        .iter()
        .find(|r| r["doc"]["id"] == "cw-2025-03-03-geneva-talks")
        .expect("the first article");
    assert_eq!(first["doc"]["published"], "2025-03-03");
    assert_eq!(first["doc"]["site"], "Caucasus Wire");
    assert!(first["doc"]["title"]
        .as_str()
        .is_some_and(|t| !t.contains("Caucasus Wire")));
    assert!(first["doc"]["url"]
        .as_str()
        .is_some_and(|u| u.starts_with("https://")));
    let republished = recs
        .iter()
        .find(|r| r["doc"]["id"] == "mp-2025-03-26-ceasefire-republished")
        .expect("the republished copy");
    assert_eq!(republished["doc"]["republished_from"], "Caucasus Wire");
    // The comment sections are not coded: nothing from them reaches the events.
    let coded: usize = recs
        .iter()
        .map(|r| r["events"].as_array().map_or(0, Vec::len))
        .sum();
    assert!(coded > 50, "the crisis is coded: {coded} events");
}

#[test]
fn a_warc_crawl_codes_its_html_responses_only() {
    let (ok, stdout, stderr) = code(&["examples/corpus/crawl.warc.gz"]);
    assert!(ok, "{stderr}");
    let summary = stderr.lines().last().unwrap_or("");
    assert!(
        summary.contains(
            "27 coded (1 exact and 1 near duplicates), 2 not English (1 French, 1 German)"
        ),
        "{summary}"
    );
    assert!(summary.contains("peak memory"));
    let recs = records(&stdout);
    assert_eq!(recs.len(), 27);
    assert!(recs.iter().all(|r| r["doc"]["id"]
        .as_str()
        .is_some_and(|id| id.contains("crawl.warc.gz#record"))));
}

#[test]
fn the_output_is_the_same_for_any_number_of_threads() {
    let (_, one, _) = code(&["--threads", "1", "examples/corpus/crawl.warc.gz"]);
    let (_, two, _) = code(&["--threads", "2", "examples/corpus/crawl.warc.gz"]);
    let (_, four, _) = code(&["--threads", "4", "examples/corpus/crawl.warc.gz"]);
    assert!(!one.is_empty());
    assert_eq!(one, two);
    assert_eq!(one, four);
}

#[test]
fn feeds_and_globs_are_read_with_auto_detection() {
    let (ok, stdout, stderr) = code(&["examples/corpus/*.xml"]);
    assert!(ok, "{stderr}");
    let recs = records(&stdout);
    assert_eq!(recs.len(), 20, "11 RSS items and 9 Atom entries: {stderr}");
    assert!(recs.iter().all(|r| r["doc"]["published"].is_string()));
}

#[test]
fn tsv_rows_leave_out_the_events_of_copies() {
    let (_, jsonl, _) = code(&["examples/corpus/html"]);
    let originals: usize = records(&jsonl)
        .iter()
        .filter(|r| r["doc"]["duplicate_of"].is_null())
        .map(|r| r["events"].as_array().map_or(0, Vec::len))
        .sum();
    let (_, tsv, _) = code(&["--output", "tsv", "examples/corpus/html"]);
    assert_eq!(tsv.lines().count() - 1, originals);
}

#[test]
fn one_unreadable_input_is_reported_and_the_rest_coded() {
    let (ok, stdout, stderr) = code(&["no/such/file.txt", "examples/donbass-recognition.txt"]);
    assert!(ok, "a batch with something readable succeeds: {stderr}");
    assert!(stderr.contains("no/such/file.txt"));
    assert!(stderr.contains("1 failed"), "{stderr}");
    assert_eq!(records(&stdout).len(), 1);
    let (ok, _, stderr) = code(&["no/such/file.txt"]);
    assert!(!ok, "nothing readable is an error");
    assert!(stderr.contains("no document could be read"), "{stderr}");
}

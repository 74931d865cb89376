//! The store as its users see it: idempotent ingest, copies as mentions, crash safety, queries
//! and exports.

mod common;

use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};

use common::{copy_of, record, synthetic};
use sitrep_store::{export, DupInfo, Durability, Filters, Format, IngestOutcome, Page, Store};

fn temp_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("store-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn three_stories() -> Vec<sitrep_doc::output::Record> {
    vec![
        record(
            "d1",
            "2022-02-21",
            &[
                ("RUSMIL", "UKR", "190", -10.0, 4, "asserted"),
                ("UKRGOV", "RUSGOV", "111", -2.0, 3, "asserted"),
            ],
        ),
        record(
            "d2",
            "2022-02-22",
            &[
                ("USAGOV", "UKRGOV", "057", 8.0, 1, "asserted"),
                ("RUS", "UKR", "1951", -10.0, 4, "future"),
                ("FRA", "", "010", 0.0, 1, "asserted"),
            ],
        ),
        record(
            "d3",
            "2022-02-23",
            &[("CHN", "RUS", "042", 1.9, 1, "asserted")],
        ),
    ]
}

#[test]
fn ingesting_twice_adds_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    for r in three_stories() {
        assert!(matches!(
            store.ingest(&r, None).unwrap(),
            IngestOutcome::New { .. }
        ));
    }
    let first = store.counts().unwrap();
    assert_eq!(
        (first.documents, first.events, first.mentions, first.quotes),
        (3, 6, 6, 3)
    );
    for r in three_stories() {
        assert_eq!(
            store.ingest(&r, None).unwrap(),
            IngestOutcome::AlreadyStored
        );
    }
    assert_eq!(store.counts().unwrap(), first);
    store.check().unwrap();
}

#[test]
fn event_ids_are_stable_across_stores() {
    let ids = || {
        let mut store = Store::open_in_memory().unwrap();
        for r in three_stories() {
            store.ingest(&r, None).unwrap();
        }
        let page = store
            .query_events(&Filters::default(), &Page::default())
            .unwrap();
        let mut ids: Vec<String> = page.events.into_iter().map(|e| e.event_id).collect();
        ids.sort();
        ids
    };
    let a = ids();
    assert_eq!(a.len(), 6);
    assert_eq!(a, ids());
    assert!(a.iter().all(|id| id.len() == 32));
}

#[test]
fn an_exact_copy_adds_mentions_not_events() {
    let mut store = Store::open_in_memory().unwrap();
    let stories = three_stories();
    for r in &stories {
        store.ingest(r, None).unwrap();
    }
    let before = store.counts().unwrap();
    // No dedup decision from the caller: the store's own fingerprint finds the copy.
    let copy = copy_of(&stories[1], "d2-copy");
    assert_eq!(
        store.ingest(&copy, None).unwrap(),
        IngestOutcome::Duplicate {
            of: "d2".into(),
            mentions: 3,
            new_events: 0
        }
    );
    // A copy of the copy still points at the first story.
    let copy2 = copy_of(&stories[1], "d2-copy2");
    assert!(matches!(
        store.ingest(&copy2, None).unwrap(),
        IngestOutcome::Duplicate { ref of, mentions: 3, .. } if of == "d2"
    ));
    let after = store.counts().unwrap();
    assert_eq!(after.events, before.events);
    assert_eq!(after.mentions, before.mentions + 6);
    assert_eq!(after.documents, before.documents + 2);
    assert_eq!(after.duplicates, 2);
    let page = store
        .query_events(
            &Filters {
                actor: Some("USA".into()),
                ..Filters::default()
            },
            &Page::default(),
        )
        .unwrap();
    assert_eq!(page.events.len(), 1);
    let ev = &page.events[0];
    assert_eq!((ev.mentions, ev.articles, ev.sources), (3, 3, 2));
    assert_eq!(ev.doc_id, "d2", "the first report owns the event");
    store.check().unwrap();
}

#[test]
fn the_text_hash_finds_copies_whatever_the_line_breaks() {
    let mut store = Store::open_in_memory().unwrap();
    let original = record(
        "a",
        "2022-03-01",
        &[("RUS", "UKR", "190", -10.0, 4, "asserted")],
    );
    store
        .ingest_text(&original, "Russian forces attacked\nUkraine.", None)
        .unwrap();
    // The coder saw the same text with other line breaks; the record is identical.
    let copy = copy_of(&original, "b");
    assert!(matches!(
        store.ingest_text(&copy, "  Russian forces  attacked Ukraine. ", None).unwrap(),
        IngestOutcome::Duplicate { ref of, mentions: 1, new_events: 0 } if of == "a"
    ));
    // A different text is a different story even with the same events.
    let other = copy_of(&original, "c");
    assert!(matches!(
        store
            .ingest_text(&other, "Moscow's troops attacked Ukraine.", None)
            .unwrap(),
        IngestOutcome::New { events: 1 }
    ));
}

#[test]
fn a_near_duplicate_mentions_the_matching_events_and_keeps_new_ones() {
    let mut store = Store::open_in_memory().unwrap();
    let original = record(
        "wire",
        "2022-03-02",
        &[
            ("RUSMIL", "UKR", "190", -10.0, 4, "asserted"),
            ("UKRGOV", "RUSGOV", "111", -2.0, 3, "asserted"),
        ],
    );
    store.ingest(&original, None).unwrap();
    // A republication: edited evidence in the first sentence (matched by codes), one new
    // paragraph with an event of its own.
    let mut near = record(
        "paper",
        "2022-03-02",
        &[
            ("RUSMIL", "UKR", "190", -10.0, 4, "asserted"),
            ("UKRGOV", "RUSGOV", "111", -2.0, 3, "asserted"),
            ("USAGOV", "RUSGOV", "111", -2.0, 3, "asserted"),
        ],
    );
    near.events[1].evidence = original.events[1].evidence.clone();
    let dup = DupInfo {
        of: "wire".into(),
        kind: "near".into(),
        similarity: 0.93,
    };
    assert_eq!(
        store.ingest(&near, Some(dup)).unwrap(),
        IngestOutcome::Duplicate {
            of: "wire".into(),
            mentions: 2,
            new_events: 1
        }
    );
    let c = store.counts().unwrap();
    assert_eq!((c.events, c.mentions), (3, 5));
    // The record's own duplicate_of is honoured when no DupInfo is given.
    let mut again = near.clone();
    again.doc.id = "paper2".into();
    again.events[0].evidence.text = "reworded".into();
    again.doc.duplicate_of = Some("paper".into());
    assert!(matches!(
        store.ingest(&again, None).unwrap(),
        IngestOutcome::Duplicate { ref of, mentions: 3, new_events: 0 } if of == "wire"
    ));
    store.check().unwrap();
}

#[test]
fn a_claimed_original_that_is_not_stored_gives_a_new_story() {
    let mut store = Store::open_in_memory().unwrap();
    let r = record(
        "x",
        "2022-03-02",
        &[("RUS", "UKR", "190", -10.0, 4, "asserted")],
    );
    let dup = DupInfo {
        of: "never-stored".into(),
        kind: "near".into(),
        similarity: 0.9,
    };
    assert_eq!(
        store.ingest(&r, Some(dup)).unwrap(),
        IngestOutcome::New { events: 1 }
    );
}

#[test]
fn pages_walk_every_event_once_newest_first() {
    let mut store = Store::open_in_memory().unwrap();
    let mut total = 0;
    for i in 0..60 {
        let r = synthetic(i, 4);
        total += r.events.len();
        store.ingest(&r, None).unwrap();
    }
    let mut seen = HashSet::new();
    let mut days = Vec::new();
    let mut page = Page {
        limit: 7,
        cursor: None,
    };
    loop {
        let got = store.query_events(&Filters::default(), &page).unwrap();
        for e in &got.events {
            assert!(seen.insert(e.event_id.clone()), "event seen twice");
            days.push(e.day.clone().unwrap());
        }
        match got.next {
            Some(c) => page.cursor = Some(c),
            None => break,
        }
    }
    assert_eq!(seen.len(), total);
    assert!(days.windows(2).all(|w| w[0] >= w[1]), "newest day first");
    // Filters combine; each returned event satisfies all of them.
    let filters = Filters {
        since: chrono::NaiveDate::from_ymd_opt(2022, 6, 1),
        until: chrono::NaiveDate::from_ymd_opt(2023, 6, 1),
        actor: Some("RUS".into()),
        root: Some("19".into()),
        modality: Some("asserted".into()),
    };
    let got = store
        .query_events(
            &filters,
            &Page {
                limit: 1000,
                cursor: None,
            },
        )
        .unwrap();
    assert!(!got.events.is_empty());
    for e in &got.events {
        let day = e.day.clone().unwrap();
        assert!(day.as_str() >= "2022-06-01" && day.as_str() <= "2023-06-01");
        let codes = [&e.event.source, &e.event.target]
            .map(|p| p.as_ref().map(|p| p.code.clone()).unwrap_or_default());
        assert!(codes.iter().any(|c| c.starts_with("RUS")));
        assert!(e.event.cameo.starts_with("19"));
        assert_eq!(e.event.modality, "asserted");
    }
    let bad = store.query_events(
        &Filters::default(),
        &Page {
            limit: 5,
            cursor: Some("not-a-cursor".into()),
        },
    );
    assert!(bad.is_err());
    let bad = store.query_events(
        &Filters {
            root: Some("1x".into()),
            ..Filters::default()
        },
        &Page::default(),
    );
    assert!(bad.is_err());
}

/// Not a test of its own: the child process of `a_killed_ingest_loses_nothing_committed`,
/// which ingests until it is killed, printing each committed document id.
#[test]
#[ignore = "child process of a_killed_ingest_loses_nothing_committed"]
fn crash_child_ingest_loop() {
    let Some(db) = std::env::var_os("SITREP_CRASH_DB") else {
        return;
    };
    let mut store = Store::open_with(&db, Durability::Full).unwrap();
    for i in 0..1_000_000 {
        let r = synthetic(i, 5);
        store.ingest(&r, None).unwrap();
        if i % 7 == 3 {
            store
                .ingest(&copy_of(&r, &format!("copy-{i}")), None)
                .unwrap();
        }
        println!("committed {i}");
    }
}

#[test]
fn a_killed_ingest_loses_nothing_committed() {
    let dir = temp_dir("crash");
    let db = dir.join("crash.db");
    let exe = std::env::current_exe().unwrap();
    let mut last_committed: Option<u64> = None;
    // Kill at a few points, after different amounts of work, with the child mid-stream.
    for (round, kill_after) in [40u64, 130, 220].into_iter().enumerate() {
        let mut child = Command::new(&exe)
            .args([
                "--ignored",
                "--exact",
                "crash_child_ingest_loop",
                "--nocapture",
            ])
            .env("SITREP_CRASH_DB", &db)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut seen_this_round = 0;
        for line in BufReader::new(stdout).lines() {
            let line = line.unwrap();
            if let Some(n) = line.strip_prefix("committed ") {
                let n: u64 = n.parse().unwrap();
                last_committed = Some(last_committed.map_or(n, |l| l.max(n)));
                seen_this_round += 1;
                if seen_this_round == kill_after {
                    // SIGKILL: no destructor, no rollback, possibly mid-transaction.
                    child.kill().unwrap();
                    break;
                }
            }
        }
        child.wait().unwrap();
        let store = Store::open(&db).unwrap();
        store
            .check()
            .unwrap_or_else(|e| panic!("round {round}: {e}"));
        let last = last_committed.unwrap();
        // Everything reported committed is there, whole.
        for i in 0..=last {
            let r = synthetic(i, 5);
            assert!(
                store.contains(&r.doc.id).unwrap(),
                "round {round}: lost {}",
                r.doc.id
            );
        }
        let c = store.counts().unwrap();
        // Each stored document has all its actors and quotes: no half-written document.
        assert_eq!(c.quotes, c.documents, "round {round}");
        assert_eq!(c.mentions, c.documents * 5, "round {round}");
        assert!(c.documents > last, "round {round}");
    }
    // The next run continues: re-ingesting everything stores only what was missing, and the
    // result equals one clean run.
    let last = last_committed.unwrap();
    let mut store = Store::open(&db).unwrap();
    let mut clean = Store::open_in_memory().unwrap();
    for i in 0..=last + 20 {
        let r = synthetic(i, 5);
        let copy = copy_of(&r, &format!("copy-{i}"));
        store.ingest(&r, None).unwrap();
        clean.ingest(&r, None).unwrap();
        if i % 7 == 3 {
            store.ingest(&copy, None).unwrap();
            clean.ingest(&copy, None).unwrap();
        }
    }
    assert_eq!(store.counts().unwrap(), clean.counts().unwrap());
    store.check().unwrap();
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
}

fn loaded_store() -> (Store, Vec<sitrep_doc::output::Record>) {
    let mut store = Store::open_in_memory().unwrap();
    let stories = three_stories();
    for r in &stories {
        store.ingest(r, None).unwrap();
    }
    store
        .ingest(&copy_of(&stories[0], "d1-copy"), None)
        .unwrap();
    (store, stories)
}

fn export_string(store: &Store, format: Format, filters: &Filters) -> String {
    let mut out = Vec::new();
    export(store, format, filters, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn jsonl_export_gives_back_the_ingested_records() {
    let (store, stories) = loaded_store();
    let text = export_string(&store, Format::Jsonl, &Filters::default());
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    for story in &stories {
        // Through text, as the export itself goes: `to_value` would widen f32 to f64 digits.
        let want: serde_json::Value =
            serde_json::from_str(&serde_json::to_string(story).unwrap()).unwrap();
        let got = lines
            .iter()
            .find(|l| l["doc"]["id"] == story.doc.id.as_str())
            .unwrap();
        assert_eq!(got, &want, "round trip of {}", story.doc.id);
    }
    // The copy reads back as itself, marked as a copy, with the story's events.
    let mut want: serde_json::Value =
        serde_json::from_str(&serde_json::to_string(&copy_of(&stories[0], "d1-copy")).unwrap())
            .unwrap();
    want["doc"]["duplicate_of"] = "d1".into();
    let got = lines.iter().find(|l| l["doc"]["id"] == "d1-copy").unwrap();
    assert_eq!(got, &want);
    // With a filter, only documents with a matching event, and only those events.
    let text = export_string(
        &store,
        Format::Jsonl,
        &Filters {
            root: Some("19".into()),
            ..Filters::default()
        },
    );
    let ids: Vec<String> = text
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            assert!(v["events"]
                .as_array()
                .unwrap()
                .iter()
                .all(|e| e["cameo"].as_str().unwrap().starts_with("19")));
            v["doc"]["id"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(ids, ["d1", "d1-copy", "d2"]);
}

#[test]
fn event_exports_list_each_event_once() {
    let (store, _) = loaded_store();
    let tsv = export_string(&store, Format::Tsv, &Filters::default());
    let lines: Vec<&str> = tsv.lines().collect();
    assert_eq!(lines.len(), 7, "header + 6 events, the copy adds none");
    assert!(lines[0].starts_with("doc\tevent\t"));
    assert!(lines[1..].iter().all(|l| l.split('\t').count() == 23));

    let gdelt = export_string(&store, Format::Gdelt, &Filters::default());
    let rows: Vec<Vec<&str>> = gdelt.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 6);
    assert!(rows.iter().all(|r| r.len() == 61));
    // d1's events are mentioned by d1 and its copy, on two sites.
    let attack = rows.iter().find(|r| r[26] == "190").unwrap();
    assert_eq!(
        (attack[1], attack[5], attack[15]),
        ("20220221", "RUSMIL", "UKR")
    );
    assert_eq!((attack[31], attack[32], attack[33]), ("2", "2", "2"));
    assert_eq!(attack[0].len(), 32, "GLOBALEVENTID is the stored event id");

    let plover = export_string(&store, Format::Plover, &Filters::default());
    let recs: Vec<serde_json::Value> = plover
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(recs.len(), 5, "the CAMEO 010 event has no PLOVER type");
    let first = &recs[0];
    assert_eq!(first["event_type"], "ASSAULT");
    assert_eq!(first["source_code"], "RUSMIL");
    assert_eq!(first["source_actor"], "RUSMIL text");
    assert_eq!(first["date"], "2022-02-21");
    assert_eq!(first["event_text"], "d1 evidence 0");
    assert_eq!(first["num_mentions"], 2);

    let count = |f: Filters| export_string(&store, Format::Tsv, &f).lines().count() - 1;
    let day = |d: u32| chrono::NaiveDate::from_ymd_opt(2022, 2, d);
    assert_eq!(
        count(Filters {
            actor: Some("RUS".into()),
            ..Filters::default()
        }),
        4
    );
    assert_eq!(
        count(Filters {
            actor: Some("UKRGOV".into()),
            ..Filters::default()
        }),
        2
    );
    assert_eq!(
        count(Filters {
            root: Some("11".into()),
            ..Filters::default()
        }),
        1
    );
    assert_eq!(
        count(Filters {
            modality: Some("future".into()),
            ..Filters::default()
        }),
        1
    );
    assert_eq!(
        count(Filters {
            since: day(22),
            until: day(22),
            ..Filters::default()
        }),
        3
    );
    assert_eq!(
        count(Filters {
            since: day(23),
            ..Filters::default()
        }),
        1
    );
}

/// Reads the Parquet export with pyarrow, installed from PyPI into a throwaway venv.
#[test]
fn parquet_export_reads_in_pyarrow() {
    let mut store = Store::open_in_memory().unwrap();
    for i in 0..300 {
        store.ingest(&synthetic(i, 3), None).unwrap();
    }
    store
        .ingest(&copy_of(&synthetic(7, 3), "copy-7"), None)
        .unwrap();
    let dir = temp_dir("parquet");
    let file = dir.join("events.parquet");
    let stats = export(
        &store,
        Format::Parquet,
        &Filters::default(),
        std::fs::File::create(&file).unwrap(),
    )
    .unwrap();
    assert_eq!(stats.events, 900);
    let bytes = std::fs::read(&file).unwrap();
    assert_eq!(&bytes[..4], b"PAR1");
    assert_eq!(&bytes[bytes.len() - 4..], b"PAR1");

    let venv = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("pyarrow-venv");
    let python = venv.join("bin/python");
    if !python.exists() {
        let made = Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        let installed = made
            && Command::new(&python)
                .args([
                    "-m",
                    "pip",
                    "install",
                    "--quiet",
                    "--disable-pip-version-check",
                    "pyarrow",
                ])
                .status()
                .map(|s| s.success())
                .unwrap_or(false);
        if !installed {
            let _ = std::fs::remove_dir_all(&venv);
            println!("SKIPPED parquet_export_reads_in_pyarrow: no python3 venv with pyarrow");
            return;
        }
    }
    let script = r#"
import json, sys
import pyarrow.parquet as pq
t = pq.read_table(sys.argv[1])
d = t.to_pydict()
i = d["doc_id"].index("syn-7")
print(json.dumps({
    "rows": t.num_rows,
    "types": {f.name: str(f.type) for f in t.schema},
    "syn7_mentions": d["num_mentions"][i],
    "syn7_day": str(d["day"][i]),
    "null_targets": sum(1 for x in d["target_code"] if x is None),
    "goldstein_sum": round(sum(d["goldstein"]), 3),
    "has_evidence": all(isinstance(x, str) and x for x in d["evidence"]),
}))
"#;
    let out = Command::new(&python)
        .arg("-c")
        .arg(script)
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "pyarrow failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["rows"], 900);
    assert_eq!(v["types"]["day"], "date32[day]");
    assert_eq!(v["types"]["goldstein"], "float");
    assert_eq!(v["types"]["quad_class"], "int32");
    assert_eq!(v["types"]["lat"], "double");
    assert_eq!(v["types"]["event_id"], "string");
    assert_eq!(v["syn7_mentions"], 2, "syn-7 was copied once");
    assert_eq!(v["syn7_day"], synthetic(7, 3).doc.published.unwrap());
    assert_eq!(v["null_targets"], 0);
    assert_eq!(v["has_evidence"], true);
    let want: f64 = (0..300)
        .flat_map(|i| synthetic(i, 3).events)
        .map(|e| e.goldstein as f64)
        .sum();
    assert!((v["goldstein_sum"].as_f64().unwrap() - want).abs() < 0.01);
    println!("parquet: 900 events read back by pyarrow with typed columns");
    let _ = std::fs::remove_dir_all(&dir);
}

//! Ingest speed into the store and query latency at a million events.
//!
//! `cargo bench -p sitrep-store --bench ingest` (set `SITREP_BENCH_EVENTS` to change the size
//! of the query store, default 1,000,000 events).

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use sitrep_store::{Durability, Filters, Page, Store};

fn ingest_run(durability: Durability, docs: u64, events_per_doc: usize) {
    let dir = std::env::temp_dir().join(format!("sitrep-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let records: Vec<_> = (0..docs)
        .map(|i| common::synthetic(i, events_per_doc))
        .collect();
    let mut store = Store::open_with(dir.join("bench.db"), durability).unwrap();
    let started = Instant::now();
    for r in &records {
        store.ingest(r, None).unwrap();
    }
    let secs = started.elapsed().as_secs_f64();
    let c = store.counts().unwrap();
    println!(
        "ingest ({durability:?}): {docs} documents, {} events in {secs:.2} s: {:.0} documents/s, {:.0} events/s (one transaction per document)",
        c.events,
        docs as f64 / secs,
        c.events as f64 / secs
    );
    let started = Instant::now();
    for r in &records {
        store.ingest(r, None).unwrap();
    }
    println!(
        "re-ingest of the same {docs} documents (all already stored): {:.0} documents/s",
        docs as f64 / started.elapsed().as_secs_f64()
    );
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
}

fn percentile(times: &mut [Duration], p: f64) -> f64 {
    times.sort();
    let i = ((times.len() as f64 - 1.0) * p).round() as usize;
    times[i].as_secs_f64() * 1000.0
}

fn main() {
    let docs: u64 = std::env::var("SITREP_BENCH_DOCS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    ingest_run(Durability::Full, docs, 5);
    ingest_run(Durability::Normal, docs, 5);

    let target: u64 = std::env::var("SITREP_BENCH_EVENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let dir = std::env::temp_dir().join(format!("sitrep-bench-q-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("query.db");
    let mut store = Store::open_with(&path, Durability::Normal).unwrap();
    let started = Instant::now();
    let docs = target / 5;
    for i in 0..docs {
        store.ingest(&common::synthetic(i, 5), None).unwrap();
    }
    let c = store.counts().unwrap();
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0)
        + std::fs::metadata(dir.join("query.db-wal"))
            .map(|m| m.len())
            .unwrap_or(0);
    println!(
        "query store: {} documents, {} events built in {:.1} s ({:.0} MB on disk)",
        c.documents,
        c.events,
        started.elapsed().as_secs_f64(),
        size as f64 / 1e6
    );
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let cases: Vec<(&str, Filters)> = vec![
        ("no filter", Filters::default()),
        (
            "actor RUS",
            Filters {
                actor: Some("RUS".into()),
                ..Filters::default()
            },
        ),
        (
            "actor UKRMIL",
            Filters {
                actor: Some("UKRMIL".into()),
                ..Filters::default()
            },
        ),
        (
            "root 19",
            Filters {
                root: Some("19".into()),
                ..Filters::default()
            },
        ),
        (
            "one month",
            Filters {
                since: day("2022-06-01"),
                until: day("2022-06-30"),
                ..Filters::default()
            },
        ),
        (
            "actor RUS + root 19 + month + asserted",
            Filters {
                since: day("2022-06-01"),
                until: day("2022-06-30"),
                actor: Some("RUS".into()),
                root: Some("19".into()),
                modality: Some("asserted".into()),
            },
        ),
        (
            "modality negated (matches nothing)",
            Filters {
                modality: Some("negated".into()),
                ..Filters::default()
            },
        ),
    ];
    for (name, filters) in &cases {
        let mut first = Vec::new();
        let mut deep = Vec::new();
        let mut cursor = None;
        for _ in 0..30 {
            let t = Instant::now();
            let page = store
                .query_events(
                    filters,
                    &Page {
                        limit: 100,
                        cursor: None,
                    },
                )
                .unwrap();
            first.push(t.elapsed());
            if cursor.is_none() {
                // A cursor 50 pages in, for the deep-page timing.
                let mut c = page.next.clone();
                for _ in 0..49 {
                    let Some(cur) = c else { break };
                    c = store
                        .query_events(
                            filters,
                            &Page {
                                limit: 100,
                                cursor: Some(cur),
                            },
                        )
                        .unwrap()
                        .next;
                }
                cursor = Some(c);
            }
            if let Some(Some(c)) = &cursor {
                let t = Instant::now();
                store
                    .query_events(
                        filters,
                        &Page {
                            limit: 100,
                            cursor: Some(c.clone()),
                        },
                    )
                    .unwrap();
                deep.push(t.elapsed());
            }
        }
        let deep_text = if deep.is_empty() {
            "no page 51".to_string()
        } else {
            format!(
                "page 51 median {:.2} ms, p99 {:.2} ms",
                percentile(&mut deep.clone(), 0.5),
                percentile(&mut deep, 0.99)
            )
        };
        println!(
            "query_events {name}, 100 per page: first page median {:.2} ms, p99 {:.2} ms; {deep_text}",
            percentile(&mut first.clone(), 0.5),
            percentile(&mut first, 0.99)
        );
    }
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
}

//! Series, index and alerts on hand-made events whose answers were worked out by hand.

use chrono::NaiveDate;
use sitrep_aggregate::alerts::{evaluate, post_webhook, Rules, Watcher};
use sitrep_aggregate::index::{index_at, IndexParams};
use sitrep_aggregate::series::{pair_series, Level, Series, SeriesOptions};
use sitrep_aggregate::{plot, top_pairs, trend};
use sitrep_doc::output::{DocMeta, EventOut, Participant, Record, SpanOut, SCHEMA};
use sitrep_store::{PairEvent, Store};

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2022, 2, d).unwrap()
}

fn ev(d: u32, s: &str, t: &str, cameo: &str, g: f32, q: u8, m: &str) -> PairEvent {
    PairEvent {
        event_id: format!("{d}{s}{t}{cameo}{m}"),
        day: day(d),
        source: s.into(),
        target: t.into(),
        cameo: cameo.into(),
        quad_class: q,
        goldstein: g,
        modality: m.into(),
    }
}

fn hand_events() -> Vec<PairEvent> {
    vec![
        ev(1, "RUSMIL", "UKR", "190", -10.0, 4, "asserted"),
        ev(1, "UKR", "RUS", "111", -2.0, 3, "asserted"),
        ev(1, "RUS", "UKR", "1951", -10.0, 4, "future"),
        ev(1, "USA", "UKR", "057", 8.0, 1, "asserted"),
        ev(2, "UKRGOV", "RUSGOV", "042", 1.9, 1, "asserted"),
    ]
}

#[test]
fn country_series_by_hand() {
    let s = pair_series(
        &hand_events(),
        "RUS",
        Some("UKR"),
        day(1),
        day(3),
        None,
        &SeriesOptions::default(),
    );
    assert_eq!(s.len(), 1);
    let s = &s[0];
    assert_eq!((s.a.as_str(), s.b.as_str()), ("RUS", "UKR"));
    assert_eq!(s.days.len(), 3, "every day present, zero-filled");
    let d1 = &s.days[0];
    // Asserted only: the 190 attack and the 111 criticism; the future 1951 is left out; the
    // USA event is another pair.
    assert_eq!(d1.quad, [0, 0, 1, 1]);
    assert_eq!(d1.goldstein_sum, -12.0);
    assert_eq!(d1.goldstein_mean, Some(-6.0));
    assert_eq!(d1.conflict, 12.0);
    assert_eq!(d1.cooperation, 0.0);
    let d2 = &s.days[1];
    assert_eq!(d2.quad, [1, 0, 0, 0]);
    assert!((d2.goldstein_sum - 1.9).abs() < 1e-6);
    assert!((d2.cooperation - 1.9).abs() < 1e-6);
    let d3 = &s.days[2];
    assert_eq!((d3.events(), d3.goldstein_mean), (0, None));

    // Every modality: the future event counts too.
    let all = SeriesOptions {
        modality: None,
        ..SeriesOptions::default()
    };
    let s = pair_series(
        &hand_events(),
        "RUS",
        Some("UKR"),
        day(1),
        day(3),
        None,
        &all,
    );
    assert_eq!(s[0].days[0].quad, [0, 0, 1, 2]);
    assert_eq!(s[0].days[0].goldstein_sum, -22.0);
    assert_eq!(s[0].days[0].conflict, 22.0);
}

#[test]
fn sector_series_split_the_pair() {
    let opts = SeriesOptions {
        level: Level::Sector,
        ..SeriesOptions::default()
    };
    let s = pair_series(
        &hand_events(),
        "RUS",
        Some("UKR"),
        day(1),
        day(3),
        None,
        &opts,
    );
    let mut keys: Vec<(String, String)> = s.iter().map(|s| (s.a.clone(), s.b.clone())).collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            ("RUS".to_string(), "UKR".to_string()),
            ("RUSGOV".to_string(), "UKRGOV".to_string()),
            ("RUSMIL".to_string(), "UKR".to_string()),
        ]
    );
    assert!(s
        .iter()
        .all(|s| s.days.iter().map(|d| d.events()).sum::<u32>() == 1));
}

/// Baseline (6 days) intensities 0 2 0 4 0 2, window (3 days) 10 0 5: median 1, absolute
/// deviations 1 1 1 3 1 1 so MAD 1, scale 1.4826 + 1; recent mean 5:
/// index = (5 - 1) / 2.4826 = 1.6112140...
fn worked_series() -> Series {
    let conflict = [0.0, 2.0, 0.0, 4.0, 0.0, 2.0, 10.0, 0.0, 5.0];
    let events: Vec<PairEvent> = conflict
        .iter()
        .enumerate()
        .filter(|(_, c)| **c > 0.0)
        .map(|(i, c)| ev(i as u32 + 1, "RUS", "UKR", "190", -*c, 4, "asserted"))
        .collect();
    pair_series(
        &events,
        "RUS",
        Some("UKR"),
        day(1),
        day(9),
        None,
        &SeriesOptions::default(),
    )
    .remove(0)
}

fn small() -> IndexParams {
    IndexParams {
        window: 3,
        baseline: 6,
        min_events: 3,
        epsilon: 1.0,
    }
}

#[test]
fn index_by_hand() {
    let s = worked_series();
    let p = index_at(&s, 8, &small()).unwrap();
    assert_eq!(p.recent, 5.0);
    assert_eq!(p.baseline_median, 1.0);
    assert!((p.scale - 2.4826).abs() < 1e-12);
    assert!((p.value.unwrap() - 1.611_214_049_786_514).abs() < 1e-9);
    assert_eq!((p.window_events, p.baseline_events), (2, 3));
    // Not enough history before day 9.
    assert!(index_at(&s, 7, &small()).is_none());
}

#[test]
fn days_without_any_news_are_left_out_not_zeroed() {
    let mut s = worked_series();
    // Day 8 (the window's quiet day) had no documents at all: the window mean is over the
    // two covered days, (10 + 5) / 2 = 7.5, so (7.5 - 1) / 2.4826 = 2.6182228...
    s.days[7].covered = false;
    let p = index_at(&s, 8, &small()).unwrap();
    assert_eq!(p.recent, 7.5);
    assert!((p.value.unwrap() - 2.618_222_830_903_086).abs() < 1e-9);
    // With most of the baseline uncovered there is no index.
    for d in 0..4 {
        s.days[d].covered = false;
    }
    assert_eq!(index_at(&s, 8, &small()).unwrap().value, None);
}

#[test]
fn too_few_events_give_no_index() {
    let events = vec![
        ev(8, "RUS", "UKR", "190", -10.0, 4, "asserted"),
        ev(9, "RUS", "UKR", "190", -10.0, 4, "asserted"),
    ];
    let s = pair_series(
        &events,
        "RUS",
        Some("UKR"),
        day(1),
        day(9),
        None,
        &SeriesOptions::default(),
    );
    let p = index_at(&s[0], 8, &small()).unwrap();
    assert_eq!(p.value, None, "2 conflict events < min_events 3");
    let p = index_at(
        &s[0],
        8,
        &IndexParams {
            min_events: 2,
            ..small()
        },
    )
    .unwrap();
    // Quiet baseline: median 0, MAD 0, scale ε = 1; window mean 20 / 3.
    assert!((p.value.unwrap() - 20.0 / 3.0).abs() < 1e-12);
}

/// A record with one event per `(day, source, target, cameo, goldstein, quad)`.
fn record(id: &str, published: &str, events: &[(&str, &str, &str, &str, f32, u8)]) -> Record {
    Record {
        schema: SCHEMA,
        doc: DocMeta {
            id: id.into(),
            published: Some(published.into()),
            url: Some(format!("https://example.org/{id}")),
            site: Some("example.org".into()),
            language: "en".into(),
            ..DocMeta::default()
        },
        events: events
            .iter()
            .enumerate()
            .map(|(i, (d, s, t, c, g, q))| EventOut {
                id: format!("E{}", i + 1),
                sentence: i,
                source: Some(Participant {
                    actor: "A1".into(),
                    code: s.to_string(),
                    text: s.to_string(),
                }),
                target: Some(Participant {
                    actor: "A2".into(),
                    code: t.to_string(),
                    text: t.to_string(),
                }),
                cameo: c.to_string(),
                goldstein: *g,
                quad_class: *q,
                modality: "asserted".into(),
                date: sitrep_doc::output::DateOut {
                    value: Some(d.to_string()),
                    precision: "day".into(),
                    text: None,
                },
                evidence: SpanOut {
                    start: 0,
                    end: 10,
                    text: format!("{id}: {s} {c} {t}"),
                },
                sentence_span: None,
                confidence: 0.8,
                ..EventOut::default()
            })
            .collect(),
        ..Record::default()
    }
}

/// Quiet weeks with a little diplomacy, then three days of attacks, one story copied twice.
fn escalating_store() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let start = NaiveDate::from_ymd_opt(2022, 1, 1).unwrap();
    for i in 0..60 {
        let d = start + chrono::Duration::days(i);
        let ds = d.to_string();
        let mut evs = vec![(ds.as_str(), "RUSGOV", "UKRGOV", "036", 4.0f32, 1u8)];
        if i % 10 == 0 {
            evs.push((ds.as_str(), "UKRGOV", "RUSGOV", "111", -2.0, 3));
        }
        if i >= 57 {
            evs.push((ds.as_str(), "RUSMIL", "UKRMIL", "190", -10.0, 4));
            evs.push((ds.as_str(), "RUSMIL", "UKR", "1951", -10.0, 4));
        }
        store
            .ingest(&record(&format!("d{i}"), &ds, &evs), None)
            .unwrap();
        // Background news so every day is covered.
        store
            .ingest(
                &record(
                    &format!("bg{i}"),
                    &ds,
                    &[(&ds, "FRA", "DEU", "042", 1.9, 1)],
                ),
                None,
            )
            .unwrap();
    }
    // The last day's story, republished twice: its events must count once.
    let last = record(
        "d59",
        "2022-03-01",
        &[
            ("2022-03-01", "RUSGOV", "UKRGOV", "036", 4.0, 1),
            ("2022-03-01", "RUSMIL", "UKRMIL", "190", -10.0, 4),
            ("2022-03-01", "RUSMIL", "UKR", "1951", -10.0, 4),
        ],
    );
    for copy in ["d59-copy1", "d59-copy2"] {
        let mut r = last.clone();
        r.doc.id = copy.into();
        let out = store.ingest(&r, None).unwrap();
        assert!(
            matches!(out, sitrep_store::IngestOutcome::Duplicate { .. }),
            "{out:?}"
        );
    }
    store
}

#[test]
fn trend_from_the_store_counts_copies_once() {
    let store = escalating_store();
    let since = NaiveDate::from_ymd_opt(2022, 2, 25).unwrap();
    let until = NaiveDate::from_ymd_opt(2022, 3, 1).unwrap();
    let t = trend(
        &store,
        "RUS",
        Some("UKR"),
        since,
        until,
        &SeriesOptions::default(),
        &IndexParams::default(),
    )
    .unwrap();
    assert_eq!(t.len(), 1);
    let t = &t[0];
    assert_eq!(t.series.days.len(), 5);
    assert_eq!(t.index.len(), 5);
    let last = t.series.days.last().unwrap();
    assert_eq!(last.quad, [1, 0, 0, 2], "the two copies add no events");
    assert_eq!(last.conflict, 20.0);
    // Baseline (28 days before the window): intensity 2 on days 30, 40, 50 → median 0, MAD 0.
    // Window (7 days to 2022-03-01): 20 on each of the last three days, 0 else → 60 / 7.
    let p = t.index.last().unwrap();
    assert_eq!(p.baseline_median, 0.0);
    assert_eq!(p.scale, 1.0);
    assert!((p.value.unwrap() - 60.0 / 7.0).abs() < 1e-9);
    // Before the attacks the index stays low.
    assert!(t.index[0].value.unwrap_or(0.0) < 1.0);

    let top = top_pairs(
        &store,
        until,
        &SeriesOptions::default(),
        &IndexParams::default(),
    )
    .unwrap();
    assert_eq!((top[0].a.as_str(), top[0].b.as_str()), ("RUS", "UKR"));
    assert!(top.iter().any(|p| p.a == "DEU" && p.b == "FRA"));
}

const RULES: &str = r#"
[[rule]]
name = "RUS-UKR escalation"
actors = ["RUS", "UKR"]
index_above = 2.0

[[rule]]
name = "RUS-UKR far above"
actors = ["RUS", "UKR"]
index_above = 50.0

[[rule]]
name = "Fighting involving Ukraine"
actors = ["UKR"]
root = "19"
count_at_least = 6
window_days = 3

[[rule]]
name = "Much fighting"
actors = ["UKR"]
root = "19"
count_at_least = 7
window_days = 3
"#;

#[test]
fn alerts_fire_with_their_events_and_only_then() {
    let store = escalating_store();
    let rules = Rules::parse(RULES, "rules.toml").unwrap();
    let alerts = evaluate(&store, &rules, None).unwrap();
    let names: Vec<&str> = alerts.iter().map(|a| a.rule.as_str()).collect();
    assert_eq!(names, ["RUS-UKR escalation", "Fighting involving Ukraine"]);
    let index = &alerts[0];
    assert_eq!(index.day, NaiveDate::from_ymd_opt(2022, 3, 1).unwrap());
    assert_eq!(index.actors, "RUS-UKR");
    assert!((index.value - 60.0 / 7.0).abs() < 1e-9);
    // The six attacks of the last three days, each once, with their evidence and mentions.
    assert_eq!(index.events.len(), 6);
    assert!(index.events.iter().all(|e| e.cameo.starts_with("19")));
    let copied = index
        .events
        .iter()
        .find(|e| e.evidence == "d59: RUSMIL 190 UKRMIL")
        .unwrap();
    assert_eq!(copied.mentions, 3);
    assert_eq!(copied.url.as_deref(), Some("https://example.org/d59"));
    let count = &alerts[1];
    assert_eq!((count.value, count.threshold), (6.0, 6.0));
    let text = count.to_string();
    assert!(text.starts_with("ALERT Fighting involving Ukraine — UKR on 2022-03-01"));
    assert!(text.contains("\"d57: RUSMIL 1951 UKR\""), "{text}");

    // Earlier, before the attacks, nothing fires.
    let quiet = evaluate(&store, &rules, NaiveDate::from_ymd_opt(2022, 2, 20)).unwrap();
    assert!(quiet.is_empty(), "{quiet:?}");

    // A watcher reports each alert once.
    let mut w = Watcher::default();
    assert_eq!(w.fresh(alerts.clone()).len(), 2);
    assert!(w.fresh(alerts).is_empty());
}

#[test]
fn bad_rules_are_reported_with_their_place() {
    let e = Rules::parse("[[rule]]\nname = \"x\"\nactors = [\"RUS\"]\n", "r.toml").unwrap_err();
    assert!(e.to_string().contains("r.toml: rule 1 (\"x\")"), "{e}");
    let e = Rules::parse(
        "[[rule]]\nname = \"x\"\nactors = [\"RUS\"]\nindex_above = 1\nthreshold = 2\n",
        "r.toml",
    )
    .unwrap_err();
    assert!(e.to_string().contains("unknown field"), "{e}");
    assert!(e.to_string().contains("line 5"), "{e}");
    let e = Rules::parse(
        "[[rule]]\nname = \"y\"\nactors = [\"RUS\", \"UKR\", \"USA\"]\nindex_above = 1\n",
        "r.toml",
    )
    .unwrap_err();
    assert!(e.to_string().contains("one code"), "{e}");
    let e = Rules::parse(
        "[[rule]]\nname = \"z\"\nactors = [\"RUS\"]\nroot = \"190\"\ncount_at_least = 1\n",
        "r.toml",
    )
    .unwrap_err();
    assert!(e.to_string().contains("two-digit"), "{e}");
}

#[test]
fn webhook_posts_the_alert_json() {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let server = std::thread::spawn(move || {
        let (mut conn, _) = listener.accept().unwrap();
        let mut got = Vec::new();
        let mut buf = [0u8; 4096];
        // Read until the whole body (declared length) has arrived.
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
                if body.len() >= len {
                    break;
                }
            }
        }
        conn.write_all(b"HTTP/1.1 204 No Content\r\n\r\n").unwrap();
        String::from_utf8(got).unwrap()
    });
    let timeout = std::time::Duration::from_secs(5);
    post_webhook(&format!("http://{addr}/hook"), "{\"rule\":\"x\"}", timeout).unwrap();
    let request = server.join().unwrap();
    assert!(request.starts_with("POST /hook HTTP/1.1\r\n"));
    assert!(request.ends_with("\r\n\r\n{\"rule\":\"x\"}"));
    let e = post_webhook("https://example.org/x", "{}", timeout).unwrap_err();
    assert!(e.contains("only http://"), "{e}");
}

#[test]
fn charts_escape_text_and_rasterize() {
    let store = escalating_store();
    let t = trend(
        &store,
        "RUS",
        Some("UKR"),
        NaiveDate::from_ymd_opt(2022, 2, 1).unwrap(),
        NaiveDate::from_ymd_opt(2022, 3, 1).unwrap(),
        &SeriesOptions::default(),
        &IndexParams::default(),
    )
    .unwrap()
    .remove(0);
    let svg = plot::svg(&t, "<RUS & UKR>");
    assert!(svg.starts_with("<svg "));
    assert!(svg.contains("&lt;RUS &amp; UKR&gt;"));
    assert!(!svg.contains("<RUS"));
    assert!(svg.contains("<polyline"), "the index line");
    assert_eq!(
        svg.matches("fill=\"#d62728\"><title>").count(),
        5,
        "conflict days"
    );
    let png = plot::png(&svg).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    assert!(png.len() > 5_000);
}

#[test]
fn collection_gaps_are_uncovered_quiet_days_are_not() {
    let mut store = Store::open_in_memory().unwrap();
    // News on Feb 1-3, silence of 8 days (an outage), then Feb 12 and 14 (a quiet day between).
    for d in [1, 2, 3, 12, 14] {
        let published = day(d).to_string();
        store
            .ingest(&record(&format!("n{d}"), &published, &[]), None)
            .unwrap();
    }
    let covered = sitrep_aggregate::news_days(&store, day(1), day(20))
        .unwrap()
        .unwrap();
    assert_eq!(covered, [day(1), day(2), day(3), day(12), day(13), day(14)]);
    let empty = Store::open_in_memory().unwrap();
    assert_eq!(
        sitrep_aggregate::news_days(&empty, day(1), day(20)).unwrap(),
        None
    );
}

#[test]
fn roles_directions_quads_and_modality_lists() {
    let store = escalating_store();
    let rules = Rules::parse(
        r#"
[[rule]]
name = "ukr-attacked"
actor = "UKR"
role = "target"
root = "19"
min_count = 6
window_days = 3

[[rule]]
name = "ukr-attacks"
actor = "UKR"
role = "source"
root = "19"
min_count = 1
window_days = 3

[[rule]]
name = "rus-on-ukr"
pair = ["RUS", "UKR"]
directed = true
quad = 4
min_count = 6
window_days = 3

[[rule]]
name = "ukr-on-rus"
pair = ["UKR", "RUS"]
directed = true
quad = 4
min_count = 1
window_days = 3

[[rule]]
name = "future-only"
actor = "UKR"
root = "19"
min_count = 1
modality = ["future", "hypothetical"]
"#,
        "rules.toml",
    )
    .unwrap();
    let fired: Vec<String> = evaluate(&store, &rules, None)
        .unwrap()
        .into_iter()
        .map(|a| format!("{} {} {}", a.rule, a.actors, a.value))
        .collect();
    assert_eq!(fired, ["ukr-attacked UKR 6", "rus-on-ukr RUS-UKR 6"]);
}

#[test]
fn the_example_corpus_rules_parse() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus/alerts.toml");
    if !path.exists() {
        println!(
            "SKIPPED the_example_corpus_rules_parse: no {}",
            path.display()
        );
        return;
    }
    let rules = Rules::load(&path).unwrap();
    assert!(!rules.rule.is_empty());
}

#[test]
fn the_watcher_keeps_quiet_for_the_cooldown() {
    let store = escalating_store();
    let rules = Rules::parse(
        "[[rule]]\nname = \"f\"\nactor = \"UKR\"\nroot = \"19\"\nmin_count = 2\nwindow_days = 3\n",
        "r.toml",
    )
    .unwrap();
    let mut w = Watcher::default();
    let at =
        |m: u32, d: u32| evaluate(&store, &rules, NaiveDate::from_ymd_opt(2022, m, d)).unwrap();
    // Two attacks a day from Feb 27 (i = 57) to Mar 1: the rule holds from Feb 27 to Mar 3
    // and is reported once per 3-day cooldown.
    assert_eq!(w.fresh(at(2, 27)).len(), 1);
    assert_eq!(w.fresh(at(2, 27)).len(), 0, "same day again");
    assert_eq!(w.fresh(at(2, 28)).len(), 0, "cooling down");
    assert_eq!(w.fresh(at(3, 1)).len(), 0, "cooling down");
    assert_eq!(w.fresh(at(3, 2)).len(), 1, "cooldown over, still firing");
    assert_eq!(w.fresh(at(3, 3)).len(), 0, "cooling down again");
    assert!(at(3, 4).is_empty(), "no attacks in the window any more");
}

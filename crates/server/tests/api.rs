//! The API, endpoint by endpoint, with good and bad input, over real HTTP on loopback.

mod common;

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};

use common::*;
use serde_json::Value;
use sitrep_aggregate::alerts::Rules;
use sitrep_server::Config;
use sitrep_store::Store;

const XSS_TITLE: &str = "<script>document.title='pwned'</script> Border <b>clash</b>";
const XSS_EVIDENCE: &str = "<img src=x onerror=alert(1)> shelled";

/// A store with a quiet ARM–AZE baseline and a burst of attacks in its last week, steady
/// RUS–UKR cooperation, and one article whose title, URL and evidence are hostile markup.
fn build_store() -> std::path::PathBuf {
    let path = temp_db("api");
    let mut store = Store::open(&path).unwrap();
    let day = |d: u32| {
        chrono::NaiveDate::from_ymd_opt(2025, 3, 1).unwrap() + chrono::Duration::days(d as i64)
    };
    for d in 0..41u32 {
        let date = day(d).to_string();
        // Evidence differs per day: the store takes documents with the same spans as copies.
        let (met, accused, attacked) = (
            format!("met in Minsk on {date}"),
            format!("accused on {date}"),
            format!("attacked positions on {date}"),
        );
        let mut events = vec![ev("RUSGOV", "UKRGOV", "042", 1.9, 1, &met)];
        if d % 6 == 0 && d < 34 {
            events.push(ev("ARMMIL", "AZEMIL", "112", -2.0, 3, &accused));
        }
        if d >= 34 {
            events.push(ev("AZEMIL", "ARMMIL", "190", -10.0, 4, &attacked));
        }
        let rec = record(
            &format!("doc-{d}"),
            &date,
            &format!("Day {d}"),
            &format!("https://example.org/{d}"),
            &events,
        );
        store.ingest(&rec, None).unwrap();
    }
    let hostile = record(
        "hostile",
        "2025-04-10",
        XSS_TITLE,
        "javascript:alert(1)",
        &[ev("AZE", "ARM", "195", -10.0, 4, XSS_EVIDENCE)],
    );
    store.ingest(&hostile, None).unwrap();
    path
}

fn server() -> SocketAddr {
    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| {
        let mut config = Config::new(build_store());
        config.coder = Some(fake_coder());
        config.body_limit = 64 * 1024;
        config.rules = Some(Arc::new(
            Rules::parse(
                r#"
[[rule]]
name = "arm-aze-escalation"
pair = ["ARM", "AZE"]
index_above = 2.0

[[rule]]
name = "armenia-attacked"
actor = "ARM"
root = "19"
min_count = 3
window_days = 7

[[rule]]
name = "rus-ukr-fighting"
pair = ["RUS", "UKR"]
root = "19"
min_count = 1
"#,
                "test rules",
            )
            .unwrap(),
        ));
        start(config)
    })
}

/// Asserts a 4xx JSON error with the given status and code.
fn assert_error(a: &Answer, status: u16, code: &str) {
    assert_eq!(a.status, status, "{}", a.text());
    assert!(a
        .header("content-type")
        .unwrap_or_default()
        .starts_with("application/json"));
    let j = a.json();
    assert_eq!(j["code"], code, "{j}");
    assert!(j["error"].as_str().is_some_and(|m| !m.is_empty()), "{j}");
}

#[test]
fn events_pages_through_everything_with_cursors() {
    let addr = server();
    let all = get(addr, "/api/events?limit=1000").json();
    let total = all["events"].as_array().unwrap().len();
    // 41 RUS–UKR, 6 accusations, 7 attacks, 1 hostile.
    assert_eq!(total, 41 + 6 + 7 + 1);
    assert!(all["next"].is_null());
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/events?limit=7&cursor={c}"),
            None => "/api/events?limit=7".into(),
        };
        let page = get(addr, &path).json();
        for e in page["events"].as_array().unwrap() {
            seen.push(e["event_id"].as_str().unwrap().to_string());
        }
        match page["next"].as_str() {
            Some(c) => cursor = Some(c.replace('~', "%7E")),
            None => break,
        }
    }
    let unique: std::collections::HashSet<_> = seen.iter().collect();
    assert_eq!(seen.len(), total);
    assert_eq!(unique.len(), total);
    let first = &all["events"][0];
    for key in ["doc_id", "title", "url", "day", "event_id", "mentions"] {
        assert!(first.get(key).is_some(), "{key} missing in {first}");
    }
    assert!(first["event"]["evidence"]["text"].is_string());
}

#[test]
fn events_filters() {
    let addr = server();
    let j = get(addr, "/api/events?actor=arm&root=19&limit=1000").json();
    let evs = j["events"].as_array().unwrap();
    assert_eq!(evs.len(), 8);
    for e in evs {
        assert!(e["event"]["cameo"].as_str().unwrap().starts_with("19"));
    }
    let j = get(addr, "/api/events?since=2025-04-09&until=2025-04-09").json();
    for e in j["events"].as_array().unwrap() {
        assert_eq!(e["day"], "2025-04-09");
    }
    assert_eq!(j["events"].as_array().unwrap().len(), 2);
    let j = get(addr, "/api/events?modality=negated").json();
    assert_eq!(j["events"].as_array().unwrap().len(), 0);
}

#[test]
fn events_bad_input_is_a_4xx_json_error() {
    let addr = server();
    for (path, code) in [
        ("/api/events?since=2025-02-30", "bad_date"),
        ("/api/events?since=yesterday", "bad_date"),
        ("/api/events?until=2025-4-1", "bad_date"),
        ("/api/events?since=2025-04-02&until=2025-04-01", "bad_range"),
        ("/api/events?limit=0", "bad_limit"),
        ("/api/events?limit=1001", "bad_limit"),
        ("/api/events?limit=-5", "bad_limit"),
        ("/api/events?limit=ten", "bad_limit"),
        ("/api/events?root=1", "bad_root"),
        ("/api/events?root=ab", "bad_root"),
        ("/api/events?actor=A-B", "bad_actor"),
        ("/api/events?actor=%3Cscript%3E", "bad_actor"),
        ("/api/events?modality=maybe", "bad_modality"),
        ("/api/events?cursor=junk", "bad_query"),
        ("/api/events?cursor=2025-99-01~5", "bad_query"),
        ("/api/events?colour=red", "unknown_parameter"),
        ("/api/events?limit=1&limit=2", "repeated_parameter"),
    ] {
        assert_error(&get(addr, path), 400, code);
    }
}

#[test]
fn actors_by_event_count() {
    let addr = server();
    let j = get(addr, "/api/actors?level=country").json();
    let actors = j["actors"].as_array().unwrap();
    let codes: Vec<&str> = actors.iter().map(|a| a["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["RUS", "UKR", "ARM", "AZE"]);
    assert_eq!(actors[0]["events"], 41);
    assert_eq!(actors[2]["events"], 6 + 7 + 1);
    let j = get(addr, "/api/actors?since=2025-04-04").json();
    let codes: Vec<&str> = j["actors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"AZEMIL") && codes.contains(&"RUSGOV"),
        "{codes:?}"
    );
    assert_error(&get(addr, "/api/actors?until=2025-13-01"), 400, "bad_date");
    assert_error(&get(addr, "/api/actors?level=planet"), 400, "bad_level");
    assert_error(&get(addr, "/api/actors?limit=100000"), 400, "bad_limit");
}

#[test]
fn pairs_most_escalating_first() {
    let addr = server();
    let j = get(addr, "/api/pairs").json();
    assert_eq!(j["as_of"], "2025-04-10");
    let pairs = j["pairs"].as_array().unwrap();
    assert_eq!(
        (pairs[0]["a"].as_str(), pairs[0]["b"].as_str()),
        (Some("ARM"), Some("AZE"))
    );
    assert!(
        pairs[0]["point"]["value"].as_f64().unwrap() > 2.0,
        "{}",
        pairs[0]
    );
    assert_error(&get(addr, "/api/pairs?window=0"), 400, "bad_number");
    assert_error(&get(addr, "/api/pairs?as_of=April"), 400, "bad_date");
}

#[test]
fn pair_series_and_index() {
    let addr = server();
    let j = get(addr, "/api/pairs/ARM/AZE?since=2025-04-01").json();
    let t = &j["trends"][0];
    let days = t["series"]["days"].as_array().unwrap();
    assert_eq!(days.len(), 10);
    assert_eq!(days.len(), t["index"].as_array().unwrap().len());
    // The last day: one attack from the burst and the hostile article's, 10 points each.
    assert_eq!(days[9]["conflict"], 20.0);
    assert!(t["index"][9]["value"].as_f64().unwrap() > 2.0);
    // Lower-case codes are the same pair.
    assert_eq!(
        get(addr, "/api/pairs/arm/aze?since=2025-04-01").json()["trends"],
        j["trends"]
    );
    assert_error(&get(addr, "/api/pairs/ARM/USA"), 404, "unknown_pair");
    assert_error(&get(addr, "/api/pairs/A%3CB/AZE"), 400, "bad_actor");
    assert_error(
        &get(addr, "/api/pairs/ARM/AZE?since=2025-04-09&until=2025-04-01"),
        400,
        "bad_range",
    );
    assert_error(
        &get(addr, "/api/pairs/ARM/AZE?since=1000-01-01"),
        400,
        "bad_range",
    );
    assert_error(
        &get(addr, "/api/pairs/ARM/AZE?modality=sure"),
        400,
        "bad_modality",
    );
}

#[test]
fn network_of_recent_days() {
    let addr = server();
    let j = get(addr, "/api/network?days=7").json();
    let nodes: Vec<&str> = j["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["code"].as_str().unwrap())
        .collect();
    assert_eq!(nodes.len(), 4, "{nodes:?}");
    let edge = j["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["a"] == "ARM")
        .unwrap()
        .clone();
    assert_eq!(
        (edge["b"].as_str(), edge["conflict"].as_u64()),
        (Some("AZE"), Some(8))
    );
    assert_error(&get(addr, "/api/network?days=0"), 400, "bad_number");
}

#[test]
fn alerts_from_the_rules() {
    let addr = server();
    let j = get(addr, "/api/alerts").json();
    let fired: Vec<&str> = j["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["rule"].as_str().unwrap())
        .collect();
    assert_eq!(fired, ["arm-aze-escalation", "armenia-attacked"]);
    assert_eq!(j["rules"], 3);
    // A window before the burst: nothing fires.
    let j = get(addr, "/api/alerts?as_of=2025-03-20").json();
    assert_eq!(j["alerts"].as_array().unwrap().len(), 0);
    assert_error(&get(addr, "/api/alerts?as_of=2025-03-32"), 400, "bad_date");
}

#[test]
fn alerts_without_rules_are_an_empty_list_with_a_note() {
    let addr = start(Config::new(build_store()));
    let j = get(addr, "/api/alerts").json();
    assert_eq!(j["alerts"], Value::Array(Vec::new()));
    assert!(j["note"].as_str().unwrap().contains("--rules"));
    // And without a coder, coding is "not implemented", not a failure.
    assert_error(
        &post_json(addr, "/api/code", r#"{"text": "x"}"#),
        501,
        "no_coder",
    );
}

#[test]
fn code_returns_the_record_and_stores_nothing() {
    let addr = server();
    let before = get(addr, "/api/events?limit=1000").json()["events"]
        .as_array()
        .unwrap()
        .len();
    let a = post_json(
        addr,
        "/api/code",
        r#"{"text": "Troops shelled the town.", "published": "2025-04-11"}"#,
    );
    assert_eq!(a.status, 200, "{}", a.text());
    let j = a.json();
    assert_eq!(j["schema"], "sitrep/1");
    assert_eq!(
        j["events"][0]["evidence"]["text"],
        "Troops shelled the town."
    );
    assert_eq!(j["doc"]["published"], "2025-04-11");
    let after = get(addr, "/api/events?limit=1000").json()["events"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(before, after);
}

#[test]
fn code_bad_bodies() {
    let addr = server();
    assert_error(
        &post_json(addr, "/api/code", r#"{"text": "#),
        400,
        "bad_json",
    );
    assert_error(&post_json(addr, "/api/code", "not json"), 400, "bad_json");
    assert_error(
        &post_json(addr, "/api/code", r#"{"published": "2025-01-01"}"#),
        422,
        "bad_json",
    );
    assert_error(
        &post_json(addr, "/api/code", r#"{"text": "x", "lang": "en"}"#),
        422,
        "bad_json",
    );
    assert_error(
        &post_json(addr, "/api/code", r#"{"text": 5}"#),
        422,
        "bad_json",
    );
    assert_error(
        &post_json(addr, "/api/code", r#"{"text": "  "}"#),
        400,
        "empty_text",
    );
    assert_error(
        &post_json(
            addr,
            "/api/code",
            r#"{"text": "x", "published": "11/04/2025"}"#,
        ),
        400,
        "bad_date",
    );
    assert_error(
        &post_json(addr, "/api/code", r#"{"text": "FAIL"}"#),
        422,
        "cannot_code",
    );
    assert_error(
        &request(
            addr,
            "POST",
            "/api/code",
            Some("text/plain"),
            br#"{"text": "x"}"#,
        ),
        415,
        "not_json",
    );
    let big = format!(r#"{{"text": "{}"}}"#, "a".repeat(100 * 1024));
    assert_error(&post_json(addr, "/api/code", &big), 413, "body_too_large");
}

#[test]
fn unknown_routes_and_methods() {
    let addr = server();
    assert_error(&get(addr, "/api/nothing"), 404, "not_found");
    assert_error(&get(addr, "/api/pairs/ARM"), 404, "not_found");
    assert_error(
        &request(addr, "DELETE", "/api/events", None, b""),
        405,
        "method_not_allowed",
    );
    assert_error(&get(addr, "/api/code"), 405, "method_not_allowed");
}

#[test]
fn openapi_describes_every_route() {
    let addr = server();
    let j = get(addr, "/openapi.json").json();
    assert!(j["openapi"].as_str().unwrap().starts_with("3."));
    let paths = j["paths"].as_object().unwrap();
    for (path, method) in [
        ("/", "get"),
        ("/openapi.json", "get"),
        ("/api/events", "get"),
        ("/api/actors", "get"),
        ("/api/pairs", "get"),
        ("/api/pairs/{a}/{b}", "get"),
        ("/api/network", "get"),
        ("/api/alerts", "get"),
        ("/api/code", "post"),
    ] {
        assert!(
            paths.get(path).and_then(|p| p.get(method)).is_some(),
            "{method} {path} undocumented"
        );
        // Each documented route answers (a 4xx for a bare POST, never 404 or 405).
        let a = if method == "post" {
            post_json(addr, path, "{}")
        } else {
            get(addr, &path.replace("{a}", "ARM").replace("{b}", "AZE"))
        };
        assert!(
            a.status != 404 && a.status != 405 && a.status < 500,
            "{path}: {}",
            a.status
        );
    }
}

#[test]
fn hostile_article_text_stays_data() {
    let addr = server();
    // The page itself carries no article text, and its script never parses markup.
    let page = get(addr, "/");
    assert_eq!(page.status, 200);
    assert!(page
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
    let csp = page.header("content-security-policy").unwrap();
    assert!(
        csp.contains("default-src 'none'") && csp.contains("connect-src 'self'"),
        "{csp}"
    );
    let html = page.text();
    assert!(!html.contains("pwned") && !html.contains("onerror"));
    for sink in [
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
    ] {
        assert!(!html.contains(sink), "the dashboard uses {sink}");
    }
    for id in [
        "id=\"chart\"",
        "id=\"events\"",
        "id=\"network\"",
        "id=\"pairs\"",
    ] {
        assert!(html.contains(id), "{id} missing");
    }
    // The API returns the text as a JSON string, declared as JSON, never sniffed.
    let a = get(addr, "/api/events?actor=AZE&root=19&since=2025-04-10");
    assert_eq!(
        a.header("x-content-type-options").as_deref(),
        Some("nosniff")
    );
    assert!(a
        .header("content-type")
        .unwrap()
        .starts_with("application/json"));
    let j = a.json();
    let hostile = j["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["doc_id"] == "hostile")
        .unwrap()
        .clone();
    assert_eq!(hostile["title"], XSS_TITLE);
    assert_eq!(hostile["event"]["evidence"]["text"], XSS_EVIDENCE);
    // Links are only made from http(s) URLs.
    assert!(html.contains("x.protocol === \"http:\" || x.protocol === \"https:\""));
}

//! `sitrep serve` end to end: the example corpus ingested with the binary, the API over
//! loopback, and the dashboard rendered by headless Chromium.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const HOSTILE_TITLE: &str =
    "<script>document.title='pwned'</script><img src=x onerror=\"document.body.dataset.pwned=1\">";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn temp(name: &str) -> PathBuf {
    let dir =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("serve-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The example corpus and one hostile article, ingested into a fresh store.
fn corpus_store(name: &str) -> Option<PathBuf> {
    let corpus = root().join("examples/corpus/articles.jsonl");
    if !corpus.exists() {
        println!("SKIPPED {name}: no examples/corpus");
        return None;
    }
    let dir = temp(name);
    let hostile = dir.join("hostile.jsonl");
    let line = serde_json::json!({
        "id": "hostile-1",
        "title": HOSTILE_TITLE,
        "url": "javascript:document.body.dataset.pwned=1",
        "published": "2025-04-14",
        // Long enough for the language check to be sure it is English.
        "text": "YEREVAN, April 14 - Azerbaijani troops shelled Armenian positions near the village of \
                 Sotk on Monday, Armenia's defence ministry said in a statement. The ministry said \
                 that the shelling lasted for several hours and that the army would respond to any \
                 further attack. Officials in Baku did not comment on the report."
    });
    std::fs::write(&hostile, format!("{line}\n")).unwrap();
    let db = dir.join("demo.db");
    let out = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(["ingest", "--db"])
        .arg(&db)
        .arg(&corpus)
        .arg(&hostile)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(db)
}

/// A running `sitrep serve`, stopped when dropped.
struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(db: &Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(["serve", "--addr", "127.0.0.1:0", "--rules"])
        .arg(root().join("examples/corpus/alerts.toml"))
        .arg("--db")
        .arg(db)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let addr = loop {
        let line = lines
            .next()
            .expect("sitrep serve exited before listening")
            .unwrap();
        if let Some(rest) = line.strip_prefix("sitrep serve: listening on http://") {
            break rest.trim_end_matches('/').parse().unwrap();
        }
    };
    // Keep draining stderr so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Server { child, addr }
}

fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    body: Option<&str>,
) -> (u16, serde_json::Value) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let body = body.unwrap_or("");
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    (
        status,
        serde_json::from_str(body).unwrap_or(serde_json::Value::Null),
    )
}

#[test]
fn serve_the_example_corpus() {
    let Some(db) = corpus_store("api") else {
        return;
    };
    let server = serve(&db);
    let (status, pairs) = http(server.addr, "GET", "/api/pairs?as_of=2025-03-16", None);
    assert_eq!(status, 200);
    assert_eq!(pairs["pairs"][0]["a"], "ARM");
    assert_eq!(pairs["pairs"][0]["b"], "AZE");
    assert!(
        pairs["pairs"][0]["point"]["value"].as_f64().unwrap() >= 2.0,
        "{}",
        pairs["pairs"][0]
    );
    let (_, alerts) = http(server.addr, "GET", "/api/alerts?as_of=2025-03-16", None);
    assert!(!alerts["alerts"].as_array().unwrap().is_empty(), "{alerts}");
    let (_, series) = http(server.addr, "GET", "/api/pairs/ARM/AZE", None);
    assert!(
        series["trends"][0]["series"]["days"]
            .as_array()
            .unwrap()
            .len()
            > 40
    );
    // The real coder behind POST /api/code.
    let (status, rec) = http(
        server.addr,
        "POST",
        "/api/code",
        Some(
            r#"{"text": "Russian forces shelled the Ukrainian city of Kharkiv on Monday.", "published": "2022-03-07"}"#,
        ),
    );
    assert_eq!(status, 200, "{rec}");
    assert_eq!(rec["schema"], "sitrep/1");
    assert!(!rec["events"].as_array().unwrap().is_empty(), "{rec}");
    let (status, err) = http(server.addr, "GET", "/api/events?since=2025-02-29", None);
    assert_eq!((status, err["code"].as_str()), (400, Some("bad_date")));
}

#[test]
fn demo_prints_alerts_and_the_top_pair() {
    if !root().join("examples/corpus/crawl.warc.gz").exists() {
        println!("SKIPPED demo_prints_alerts_and_the_top_pair: no examples/corpus");
        return;
    }
    let db = temp("demo").join("demo.db");
    let out = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(["demo", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("ALERT arm-aze-escalation — ARM-AZE on 2025-03-16"),
        "{stdout}"
    );
    assert!(stdout.contains("peak day, 2025-03-16"), "{stdout}");
    assert!(stdout.contains("\nARM-AZE\t10.29\t"), "{stdout}");
    // A second run starts from a fresh store: the same output.
    let again = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(["demo", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&again.stdout), stdout);
}

fn find_chromium() -> Option<PathBuf> {
    let look = || {
        ["chromium", "chromium-browser", "google-chrome"]
            .iter()
            .find_map(|name| {
                let out = Command::new("which").arg(name).output().ok()?;
                out.status
                    .success()
                    .then(|| PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()))
            })
    };
    if let Some(p) = look() {
        return Some(p);
    }
    // Debian's package, when this runs as root with apt (CI images); otherwise skip.
    let root = Command::new("id").arg("-u").output().ok()?;
    if String::from_utf8_lossy(&root.stdout).trim() != "0" {
        return None;
    }
    let ok = Command::new("apt-get")
        .args(["install", "-y", "-q", "chromium"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .ok()?
        .success();
    if ok {
        look()
    } else {
        None
    }
}

#[test]
fn dashboard_in_headless_chromium() {
    let Some(chromium) = find_chromium() else {
        println!("SKIPPED: chromium not available");
        return;
    };
    let Some(db) = corpus_store("chromium") else {
        return;
    };
    let server = serve(&db);
    let url = format!("http://{}/?as_of=2025-03-16", server.addr);
    let profile = temp("chromium-profile");
    let run = |extra: &[&str]| {
        let out = Command::new(&chromium)
            .args([
                "--headless",
                "--disable-gpu",
                "--no-sandbox",
                "--virtual-time-budget=5000",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .args(extra)
            .arg(&url)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "chromium failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let dom = run(&["--dump-dom"]);
    let _ = std::fs::write(
        Path::new(env!("CARGO_TARGET_TMPDIR")).join("dashboard-dom.html"),
        &dom,
    );
    // The script ran: the chart's lines, the network's circles and the event rows exist.
    for (what, needle) in [
        ("conflict line", "<polyline class=\"conflict\""),
        ("cooperation line", "<polyline class=\"cooperation\""),
        ("index line", "<polyline class=\"index\""),
        ("network node", "<circle"),
        ("selected pair", "Timeline: ARM – AZE"),
        ("event row", "<tr class=\"event\">"),
        ("highlighted evidence", "<mark class=\"ev\">"),
        ("alert", "arm-aze-escalation"),
    ] {
        assert!(
            dom.contains(needle),
            "{what} missing from the rendered dashboard"
        );
    }
    // The hostile title is shown as text, and nothing in it ran.
    assert!(
        dom.contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;"),
        "hostile title not shown escaped"
    );
    assert!(
        !dom.contains("<script>document.title"),
        "hostile script became markup"
    );
    assert!(!dom.contains("<img src=\"x\""), "hostile img became markup");
    assert!(!dom.contains("data-pwned"), "hostile handler ran");
    assert!(!dom.contains("<title>pwned"), "hostile script ran");
    assert!(
        !dom.contains("href=\"javascript:"),
        "a javascript: URL became a link"
    );
    let shot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("dashboard.png");
    let _ = std::fs::remove_file(&shot);
    run(&[
        &format!("--screenshot={}", shot.display()),
        "--window-size=1400,1000",
        "--hide-scrollbars",
    ]);
    let size = std::fs::metadata(&shot).map(|m| m.len()).unwrap_or(0);
    assert!(size > 10_000, "no screenshot at {}", shot.display());
    println!("dashboard screenshot: {} ({size} bytes)", shot.display());
}

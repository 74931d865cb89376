//! The readers on inputs as they really arrive: pages, feeds, crawls, broken files.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use sitrep_ingest::{detect, read_any, IngestError, InputKind, RawDoc, ReadOptions};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// A fresh directory under the target dir for one test's files.
fn scratch(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn read(path: &Path) -> Vec<Result<RawDoc, IngestError>> {
    read_any(path.to_str().unwrap(), None, &ReadOptions::default()).collect()
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

const PAGE: &str = "<!doctype html><html lang=\"en\"><head><title>Ceasefire holds - Valley Wire</title><meta property=\"og:site_name\" content=\"Valley Wire\"></head><body><nav>Home | World</nav><article><p>The ceasefire in the Lower Sarn valley held for a second day on Wednesday, residents and aid workers said, as the first convoys reached villages cut off for three weeks.</p><p>Commanders on both sides reported no shelling overnight, and the regional bloc said its monitors would arrive on Friday.</p></article><footer>Copyright Valley Wire</footer></body></html>";

// ---------------------------------------------------------------- detection

#[test]
fn each_kind_is_detected_by_content() {
    assert_eq!(
        detect(b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", "x"),
        InputKind::Warc
    );
    assert_eq!(
        detect(&gzip(b"WARC/1.1\r\nWARC-Type: response\r\n"), "x"),
        InputKind::Warc
    );
    assert_eq!(
        detect(
            b"\xef\xbb\xbf<?xml version=\"1.0\"?>\n<rss version=\"2.0\">",
            "x"
        ),
        InputKind::Feed
    );
    assert_eq!(
        detect(b"<feed xmlns=\"http://www.w3.org/2005/Atom\">", "x"),
        InputKind::Feed
    );
    assert_eq!(detect(b"<rdf:RDF xmlns:rdf=\"x\">", "x"), InputKind::Feed);
    assert_eq!(detect(b"<!DOCTYPE html>\n<html>", "x"), InputKind::Html);
    assert_eq!(detect(b"  <html><body>", "x"), InputKind::Html);
    assert_eq!(
        detect(b"{\"text\":\"a\"}\n{\"text\":\"b\"}\n{\"te", "x"),
        InputKind::Jsonl
    );
    assert_eq!(
        detect(b"{\"text\":\"a\"}\nnot json\n", "x"),
        InputKind::Text
    );
    assert_eq!(
        detect(b"Troops moved toward the border.", "x"),
        InputKind::Text
    );
    // Content wins over the extension; the extension breaks ties.
    assert_eq!(detect(b"Troops moved.", "story.html"), InputKind::Html);
    assert_eq!(
        detect(b"<rss version=\"2.0\">", "page.html"),
        InputKind::Feed
    );
    assert_eq!(
        detect(&gzip(PAGE.as_bytes()), "page.html.gz"),
        InputKind::Html
    );
}

#[test]
fn each_kind_is_read_from_a_file_without_being_told() {
    let dir = scratch("each_kind");
    let write = |name: &str, bytes: &[u8]| {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    };
    let page = write("page", PAGE.as_bytes());
    let docs = read(&page);
    assert_eq!(docs.len(), 1);
    let doc = docs[0].as_ref().unwrap();
    assert_eq!(doc.title.as_deref(), Some("Ceasefire holds"));
    assert_eq!(doc.language.as_deref(), Some("en"));

    let feed = write("feed", FEED.as_bytes());
    assert_eq!(read(&feed).iter().filter(|r| r.is_ok()).count(), 2);

    let jsonl = write(
        "lines",
        b"{\"id\":\"a\",\"text\":\"Shelling resumed near the bridge on Monday.\"}\n",
    );
    let docs = read(&jsonl);
    assert_eq!(docs[0].as_ref().unwrap().id, "a");

    let text = write(
        "story",
        b"Shelling resumed near the bridge on Monday, residents said.",
    );
    let docs = read(&text);
    assert_eq!(docs[0].as_ref().unwrap().id, "story");

    let warc = write(
        "crawl",
        &Warc::new()
            .response("https://v.example/a", &html_response(PAGE))
            .gzip(),
    );
    let docs = read(&warc);
    assert_eq!(docs.len(), 1, "{docs:?}");
    assert_eq!(
        docs[0].as_ref().unwrap().url.as_deref(),
        Some("https://v.example/a")
    );

    // The caller may override detection.
    let forced: Vec<_> = read_any(
        page.to_str().unwrap(),
        Some(InputKind::Text),
        &ReadOptions::default(),
    )
    .collect();
    assert!(forced[0]
        .as_ref()
        .unwrap()
        .text
        .starts_with("<!doctype html>"));
}

// ---------------------------------------------------------------- HTML

#[test]
fn html_metadata_comes_from_meta_tags_json_ld_and_links() {
    let docs = read(&data("article-meta.html"));
    let doc = docs[0].as_ref().unwrap();
    assert_eq!(
        doc.title.as_deref(),
        Some("Border talks stall as troops mass near Kharlivka")
    );
    assert_eq!(doc.site.as_deref(), Some("The Northern Ledger"));
    assert_eq!(doc.author.as_deref(), Some("Mira Okafor"));
    // article:published_time is 14:25 at +02:00: the publisher's date.
    assert_eq!(doc.published, date(2022, 2, 3));
    assert_eq!(
        doc.canonical_url.as_deref(),
        Some("https://ledger.example/world/2022/02/03/border-talks-stall")
    );
    assert_eq!(doc.id, "article-meta");
    assert_eq!(doc.language.as_deref(), Some("en"));
    assert!(doc.text.contains("Negotiators from Veldora"));
    assert!(
        doc.text.contains("\n\nThe Ostmark foreign minister"),
        "paragraphs kept: {}",
        doc.text
    );
    for boilerplate in [
        "Subscribe",
        "Advertisement",
        "propaganda",
        "All rights reserved",
        "Related",
        "Five things",
    ] {
        assert!(
            !doc.text.contains(boilerplate),
            "{boilerplate:?} in {}",
            doc.text
        );
    }

    let docs = read(&data("article-plain.html"));
    let doc = docs[0].as_ref().unwrap();
    // No og:title and no og:site_name: the <title> stays as written.
    assert_eq!(
        doc.title.as_deref(),
        Some("Ceasefire announced in Lower Sarn valley | Coastline Daily")
    );
    assert_eq!(doc.published, date(2022, 3, 15), "RFC 2822 pubdate");
    assert_eq!(
        doc.author.as_deref(),
        Some("Jonas Weller, Valley correspondent")
    );
    assert!(doc
        .text
        .starts_with("Government forces and the Sarn Liberation Front"));
    assert!(!doc.text.contains("Most read") && !doc.text.contains("Harbour Road"));
}

#[test]
fn dates_fall_back_to_json_ld_then_time_elements() {
    let ld = "<html><head><script type=\"application/ld+json\">{\"@graph\":[{\"@type\":\"WebPage\"},{\"@type\":\"NewsArticle\",\"datePublished\":\"2022-04-02T08:00:00+03:00\",\"author\":[{\"name\":\"A. Bell\"},{\"name\":\"C. Dunn\"}],\"publisher\":{\"name\":\"Wire\"}}]}</script><title>Talks - Wire</title></head><body><p>The talks in the capital resumed on Saturday after a week-long pause, officials on both sides said, with a prisoner exchange at the top of the agenda.</p></body></html>";
    let page = sitrep_ingest::html::extract(ld, None);
    assert_eq!(page.published, date(2022, 4, 2));
    assert_eq!(page.author.as_deref(), Some("A. Bell, C. Dunn"));
    assert_eq!(page.site.as_deref(), Some("Wire"));
    assert_eq!(page.title.as_deref(), Some("Talks"));

    let time = "<html><body><article><time datetime=\"2022-05-09\">Monday</time><p>Protesters gathered outside the parliament building for a third night, demanding the release of detained journalists and new elections.</p></article></body></html>";
    assert_eq!(
        sitrep_ingest::html::extract(time, None).published,
        date(2022, 5, 9)
    );
}

#[test]
fn html_with_no_body_is_an_error_naming_the_file() {
    let dir = scratch("no_body");
    let p = dir.join("empty-page.html");
    std::fs::write(&p, "<html><head><title>Nothing here</title></head></html>").unwrap();
    let docs = read(&p);
    assert_eq!(docs.len(), 1);
    let err = docs[0].as_ref().unwrap_err().to_string();
    assert!(
        err.contains("empty-page.html") && err.contains("no main text"),
        "{err}"
    );
}

#[test]
fn an_empty_file_is_an_error_naming_it() {
    let dir = scratch("empty_file");
    for name in ["empty.jsonl", "empty.warc.gz", "empty.txt"] {
        let p = dir.join(name);
        std::fs::write(&p, b"").unwrap();
        let docs = read(&p);
        assert_eq!(docs.len(), 1);
        let err = docs[0].as_ref().unwrap_err().to_string();
        assert!(err.contains(name) && err.contains("empty"), "{err}");
    }
    let missing: Vec<_> =
        read_any("/nonexistent/file.warc", None, &ReadOptions::default()).collect();
    assert!(missing[0]
        .as_ref()
        .unwrap_err()
        .to_string()
        .starts_with("/nonexistent/file.warc:"));
}

// ---------------------------------------------------------------- JSON Lines

#[test]
fn a_jsonl_line_that_is_not_json_is_reported_and_the_rest_read() {
    let dir = scratch("jsonl_bad_line");
    let p = dir.join("batch.jsonl");
    std::fs::write(
        &p,
        "{\"id\":\"a\",\"text\":\"Troops crossed the river at dawn.\",\"author\":\"J. Doe\"}\n{\"id\": \"b\", \"text\": unquoted}\n{\"id\":\"c\",\"text\":\"Talks were called off.\"}\n",
    )
    .unwrap();
    let docs = read(&p);
    assert_eq!(docs.len(), 3);
    assert_eq!(docs[0].as_ref().unwrap().author.as_deref(), Some("J. Doe"));
    let err = docs[1].as_ref().unwrap_err();
    assert!(
        err.to_string()
            .starts_with(&format!("{}:2: not a JSON object", p.display())),
        "{err}"
    );
    assert_eq!(err.reason(), "not JSON");
    assert_eq!(
        docs[2].as_ref().unwrap().source,
        format!("{}:3", p.display())
    );
}

// ---------------------------------------------------------------- feeds

const FEED: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Ostmark Monitor</title>
  <id>urn:monitor</id>
  <updated>2022-02-04T10:00:00Z</updated>
  <entry>
    <title>Monitors arrive in Kharlivka</title>
    <id>urn:monitor:1</id>
    <link href="https://monitor.example/1"/>
    <published>not a date at all</published>
    <author><name>Ada Rusk</name></author>
    <content type="html">&lt;p&gt;The first international monitors arrived in Kharlivka on Friday, a day after talks between Veldora and Ostmark stalled.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Hospital appeals for donors</title>
    <id>urn:monitor:2</id>
    <link href="https://monitor.example/2"/>
    <updated>2022-02-04T09:00:00+01:00</updated>
    <summary>The hospital in Kharlivka asked residents to give blood as families left the town.</summary>
  </entry>
</feed>"#;

#[test]
fn a_feed_with_bad_dates_is_read_with_those_items_undated() {
    let dir = scratch("feed_bad_dates");
    let p = dir.join("monitor.atom");
    std::fs::write(&p, FEED).unwrap();
    let opts = ReadOptions {
        published: date(2022, 2, 1),
        ..ReadOptions::default()
    };
    let docs: Vec<_> = read_any(p.to_str().unwrap(), None, &opts).collect();
    assert_eq!(docs.len(), 2, "{docs:?}");
    let first = docs[0].as_ref().unwrap();
    // The entry's own date is unreadable: the feed's default date stands in.
    assert_eq!(first.published, date(2022, 2, 1));
    assert_eq!(first.author.as_deref(), Some("Ada Rusk"));
    assert_eq!(first.site.as_deref(), Some("Ostmark Monitor"));
    assert_eq!(first.source, format!("{} item 1", p.display()));
    let second = docs[1].as_ref().unwrap();
    assert_eq!(second.published, date(2022, 2, 4));
    assert_eq!(second.url.as_deref(), Some("https://monitor.example/2"));
    assert!(second.text.starts_with("The hospital in Kharlivka"));
}

// ---------------------------------------------------------------- WARC

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

fn html_response(html: &str) -> Vec<u8> {
    format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{html}", html.len()).into_bytes()
}

/// Builds WARC files record by record.
struct Warc {
    records: Vec<Vec<u8>>,
}

impl Warc {
    fn new() -> Self {
        let info = b"software: sitrep tests\r\nformat: WARC File Format 1.1\r\n".to_vec();
        let mut w = Warc {
            records: Vec::new(),
        };
        w.raw("warcinfo", None, &info, None);
        w
    }

    fn raw(
        &mut self,
        kind: &str,
        uri: Option<&str>,
        block: &[u8],
        length: Option<usize>,
    ) -> &mut Self {
        let mut r = format!("WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Date: 2022-02-05T06:07:08Z\r\nWARC-Record-ID: <urn:uuid:{:08}>\r\n", self.records.len()).into_bytes();
        if let Some(uri) = uri {
            r.extend_from_slice(format!("WARC-Target-URI: {uri}\r\n").as_bytes());
        }
        r.extend_from_slice(
            format!("Content-Length: {}\r\n\r\n", length.unwrap_or(block.len())).as_bytes(),
        );
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        self.records.push(r);
        self
    }

    fn response(&mut self, uri: &str, http: &[u8]) -> &mut Self {
        self.raw(
            "request",
            Some(uri),
            b"GET / HTTP/1.1\r\nHost: v.example\r\n\r\n",
            None,
        );
        self.raw("response", Some(uri), http, None)
    }

    fn plain(&self) -> Vec<u8> {
        self.records.concat()
    }

    fn gzip(&self) -> Vec<u8> {
        self.records.iter().flat_map(|r| gzip(r)).collect()
    }
}

fn story(n: usize) -> String {
    format!("<html><head><title>Report {n}</title></head><body><article><p>Report number {n}: shelling was heard near the Sarn bridge overnight, residents said, and the regional bloc called on both sides to respect the ceasefire signed last week.</p><p>Aid convoys were held at the checkpoint for a {n}th day, according to relief agencies working in the valley.</p></article></body></html>")
}

fn ok_docs(docs: &[Result<RawDoc, IngestError>]) -> Vec<&RawDoc> {
    docs.iter().filter_map(|r| r.as_ref().ok()).collect()
}

fn errors(docs: &[Result<RawDoc, IngestError>]) -> Vec<String> {
    docs.iter()
        .filter_map(|r| r.as_ref().err())
        .map(|e| e.to_string())
        .collect()
}

#[test]
fn warc_response_records_become_documents_and_the_rest_are_skipped() {
    let mut w = Warc::new();
    w.response("https://v.example/1", &html_response(&story(1)));
    w.response(
        "https://v.example/missing",
        b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n<html>gone</html>",
    );
    w.response(
        "https://v.example/a.pdf",
        b"HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4",
    );
    w.raw(
        "metadata",
        Some("https://v.example/1"),
        b"fetchTimeMs: 12\r\n",
        None,
    );
    w.response("https://v.example/2", &html_response(&story(2)));
    let dir = scratch("warc_records");
    for (name, bytes) in [
        ("plain.warc", w.plain()),
        ("members.warc.gz", w.gzip()),
        ("one-stream.warc.gz", gzip(&w.plain())),
    ] {
        let p = dir.join(name);
        std::fs::write(&p, &bytes).unwrap();
        let docs = read(&p);
        assert_eq!(errors(&docs), Vec::<String>::new(), "{name}");
        let ok = ok_docs(&docs);
        assert_eq!(ok.len(), 2, "{name}");
        assert_eq!(ok[0].url.as_deref(), Some("https://v.example/1"));
        assert_eq!(ok[1].source, format!("{}#record 10", p.display()));
        assert_eq!(ok[1].id, ok[1].source);
        // The page gives no date: WARC-Date stands in.
        assert_eq!(ok[0].published, date(2022, 2, 5));
        assert!(ok[1].text.starts_with("Report number 2:"));
    }
}

#[test]
fn a_chunked_gzip_http_payload_in_warc_is_decoded() {
    let html = story(3);
    let body = gzip(html.as_bytes());
    let (a, b) = body.split_at(body.len() / 3);
    let mut chunked = Vec::new();
    for part in [a, b] {
        chunked.extend_from_slice(format!("{:x}\r\n", part.len()).as_bytes());
        chunked.extend_from_slice(part);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let mut http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
    http.extend_from_slice(&chunked);
    let dir = scratch("warc_chunked");
    let p = dir.join("chunked.warc.gz");
    std::fs::write(
        &p,
        Warc::new().response("https://v.example/3", &http).gzip(),
    )
    .unwrap();
    let docs = read(&p);
    assert_eq!(errors(&docs), Vec::<String>::new());
    assert!(ok_docs(&docs)[0].text.starts_with("Report number 3:"));
}

#[test]
fn truncated_gzip_costs_only_the_records_it_holds() {
    let mut w = Warc::new();
    for n in 1..=3 {
        w.response(&format!("https://v.example/{n}"), &html_response(&story(n)));
    }
    let members: Vec<Vec<u8>> = w.records.iter().map(|r| gzip(r)).collect();
    let dir = scratch("warc_truncated_gzip");

    // The last member cut in half: the first two pages are read, the cut is reported.
    let mut cut = members.concat();
    cut.truncate(cut.len() - members[6].len() / 2);
    let p = dir.join("cut.warc.gz");
    std::fs::write(&p, &cut).unwrap();
    let docs = read(&p);
    assert_eq!(ok_docs(&docs).len(), 2);
    let errs = errors(&docs);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(
        errs[0].contains("#record 7") && errs[0].contains("gzip"),
        "{errs:?}"
    );
    let offset = members[..6].iter().map(Vec::len).sum::<usize>();
    assert!(errs[0].contains(&format!("(byte {offset})")), "{errs:?}");

    // A member cut in the middle of the file: the reader resynchronises on the next one.
    let mut mid = Vec::new();
    for (i, m) in members.iter().enumerate() {
        mid.extend_from_slice(if i == 4 { &m[..m.len() / 2] } else { m });
    }
    let p = dir.join("mid.warc.gz");
    std::fs::write(&p, &mid).unwrap();
    let docs = read(&p);
    let urls: Vec<_> = ok_docs(&docs)
        .iter()
        .map(|d| d.url.clone().unwrap())
        .collect();
    assert_eq!(
        urls,
        ["https://v.example/1", "https://v.example/3"],
        "{docs:?}"
    );
    assert!(!errors(&docs).is_empty());
}

#[test]
fn a_warc_record_with_a_wrong_length_is_reported_and_the_next_one_read() {
    let dir = scratch("warc_wrong_length");
    for (name, delta) in [
        ("long", 25isize),
        ("short", -25isize),
        ("past-end", 100_000),
    ] {
        let mut w = Warc::new();
        w.response("https://v.example/1", &html_response(&story(1)));
        let http = html_response(&story(2));
        let wrong = (http.len() as isize + delta) as usize;
        w.raw("response", Some("https://v.example/2"), &http, Some(wrong));
        w.response("https://v.example/3", &html_response(&story(3)));
        for (suffix, bytes) in [("warc", w.plain()), ("warc.gz", w.gzip())] {
            let p = dir.join(format!("{name}.{suffix}"));
            std::fs::write(&p, &bytes).unwrap();
            let docs = read(&p);
            let urls: Vec<_> = ok_docs(&docs)
                .iter()
                .map(|d| d.url.clone().unwrap())
                .collect();
            let errs = errors(&docs);
            assert!(
                urls.contains(&"https://v.example/1".to_string()),
                "{name}.{suffix}: {docs:?}"
            );
            assert!(
                !urls.contains(&"https://v.example/2".to_string()),
                "{name}.{suffix}: {urls:?}"
            );
            if delta < 1000 {
                assert!(
                    urls.contains(&"https://v.example/3".to_string()),
                    "{name}.{suffix}: {urls:?} {errs:?}"
                );
            }
            assert!(
                errs.iter().any(|e| e.contains("#record 4")),
                "{name}.{suffix}: {errs:?}"
            );
        }
    }
}

#[test]
fn garbage_between_warc_records_is_skipped() {
    let mut w = Warc::new();
    w.response("https://v.example/1", &html_response(&story(1)));
    w.response("https://v.example/2", &html_response(&story(2)));
    let mut plain = w.records[..3].concat();
    plain.extend_from_slice(b"\x00\x01garbage that is no record\r\nmore garbage\r\n");
    plain.extend_from_slice(&w.records[3..].concat());
    let dir = scratch("warc_garbage");
    let p = dir.join("garbage.warc");
    std::fs::write(&p, &plain).unwrap();
    let docs = read(&p);
    assert_eq!(ok_docs(&docs).len(), 2, "{docs:?}");
    let errs = errors(&docs);
    assert_eq!(errs.len(), 1);
    assert!(errs[0].contains("garbage between records"), "{errs:?}");

    let mut gz: Vec<u8> = w.records[..3].iter().flat_map(|r| gzip(r)).collect();
    gz.extend_from_slice(b"not gzip at all");
    gz.extend(w.records[3..].iter().flat_map(|r| gzip(r)));
    let p = dir.join("garbage.warc.gz");
    std::fs::write(&p, &gz).unwrap();
    let docs = read(&p);
    assert_eq!(ok_docs(&docs).len(), 2, "{docs:?}");
    assert!(
        errors(&docs)[0].contains("not gzip between members"),
        "{docs:?}"
    );
}

#[test]
fn pages_are_extracted_in_well_under_a_millisecond() {
    let pages: Vec<String> = ["article-meta.html", "article-plain.html"]
        .iter()
        .map(|n| std::fs::read_to_string(data(n)).unwrap())
        .collect();
    let rounds = 200;
    let started = std::time::Instant::now();
    for _ in 0..rounds {
        for page in &pages {
            assert!(!sitrep_ingest::html::extract(page, None).text.is_empty());
        }
    }
    let ms = started.elapsed().as_secs_f64() * 1000.0 / (rounds * pages.len()) as f64;
    println!("HTML extraction with metadata: {ms:.3} ms/page");
    // Generous: unoptimized builds and a loaded machine must pass too.
    assert!(ms < 20.0, "{ms} ms/page");
}

#[test]
fn a_gzip_member_broken_from_its_first_byte_does_not_end_the_file() {
    let mut w = Warc::new();
    for n in 1..=3 {
        w.response(&format!("https://v.example/{n}"), &html_response(&story(n)));
    }
    let mut members: Vec<Vec<u8>> = w.records.iter().map(|r| gzip(r)).collect();
    // Member 5 (page 2's response): a valid gzip header, then deflate data that is garbage.
    let bad = &mut members[4];
    for b in bad[10..30].iter_mut() {
        *b = 0xff;
    }
    let dir = scratch("warc_bad_member_start");
    let p = dir.join("bad.warc.gz");
    std::fs::write(&p, members.concat()).unwrap();
    let docs = read(&p);
    let urls: Vec<_> = ok_docs(&docs)
        .iter()
        .map(|d| d.url.clone().unwrap())
        .collect();
    assert_eq!(
        urls,
        ["https://v.example/1", "https://v.example/3"],
        "{docs:?}"
    );
    assert!(errors(&docs).iter().any(|e| e.contains("gzip")), "{docs:?}");
}

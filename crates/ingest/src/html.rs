//! HTML pages: main text and metadata.
//!
//! The main text comes from `dom_smoothie` (a port of Mozilla's Readability) in its formatted
//! mode, which keeps paragraph breaks. We chose it over `rs-trafilatura` and `trafilatura`
//! after running the three on news pages of our own (`tests/data/article-*.html`): all three
//! dropped navigation, ads, comments and footers; `dom_smoothie` took 0.10–0.19 ms a page
//! against 0.6–0.7 ms for `rs-trafilatura` and 0.4–0.5 ms for `trafilatura` (which also joins
//! paragraphs into one line), with about half the dependencies of either.
//!
//! Metadata is read by our own rules, in order of trust:
//! - title: `og:title`, JSON-LD `headline`, `<title>` (less a ` - Site` / ` | Site` suffix
//!   when the site name is known), `<h1>`;
//! - site: `og:site_name`, JSON-LD `publisher.name`, `application-name`;
//! - author: `author` / `article:author` / `byl` meta, JSON-LD `author`, `rel=author`,
//!   `itemprop=author`, `.byline`, then Readability's byline;
//! - date: `article:published_time`, `datePublished`, `pubdate`, `publishdate`, `date`,
//!   `dc.date`, `dcterms.date` meta, JSON-LD `datePublished`, `<time datetime>`;
//! - canonical URL: `<link rel=canonical>`, made absolute against the page URL.
//!
//! Pages nested deeper than [`MAX_DEPTH`] elements are not articles (every extractor we
//! tried slowed to seconds, or overflowed the stack, on a few thousand nested `<div>`s): their
//! text is taken by a flat tag stripper instead.

use std::collections::HashMap;

use chrono::NaiveDate;
use dom_query::Document;

use crate::{lang, parse_datetime, IngestError, RawDoc};

/// Deepest element nesting handed to the DOM extractor.
pub const MAX_DEPTH: usize = 400;

/// A page's main text and metadata.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Page {
    /// Main text, paragraphs separated by blank lines; empty when the page has none.
    pub text: String,
    /// Title.
    pub title: Option<String>,
    /// Byline.
    pub author: Option<String>,
    /// Publication date.
    pub published: Option<NaiveDate>,
    /// Canonical URL.
    pub canonical_url: Option<String>,
    /// Site name.
    pub site: Option<String>,
    /// Declared language (`<html lang>`, `content-language`).
    pub lang: Option<String>,
}

/// Decodes page bytes: the charset from `content_type`, else a `<meta charset>` in the first
/// kilobytes, else UTF-8 when valid, else Windows-1252 (what browsers assume).
pub fn decode(bytes: &[u8], content_type: Option<&str>) -> String {
    let declared = content_type
        .and_then(charset_param)
        .or_else(|| sniff_meta_charset(&bytes[..bytes.len().min(2048)]));
    let encoding = declared
        .and_then(|label| encoding_rs::Encoding::for_label(label.as_bytes()))
        .unwrap_or_else(|| {
            if std::str::from_utf8(bytes).is_ok() {
                encoding_rs::UTF_8
            } else {
                encoding_rs::WINDOWS_1252
            }
        });
    encoding.decode(bytes).0.into_owned()
}

fn charset_param(content_type: &str) -> Option<String> {
    let lower = content_type.to_ascii_lowercase();
    let at = lower.find("charset=")? + "charset=".len();
    let value: String = lower[at..]
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    (!value.is_empty()).then_some(value)
}

fn sniff_meta_charset(head: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let at = head.find("charset=")?;
    charset_param(&head[at..])
}

/// How deep elements nest, counting up to `limit` (a cheap scan, not a parse: elements HTML
/// closes implicitly, such as `<p>` and `<li>`, are not counted).
pub fn nesting_depth(html: &str, limit: usize) -> usize {
    const VOID_OR_IMPLIED: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr", "p", "li", "dt", "dd", "option", "tr", "td", "th", "tbody",
        "thead", "!doctype",
    ];
    let bytes = html.as_bytes();
    let (mut depth, mut max, mut i) = (0usize, 0usize, 0usize);
    while let Some(off) = memchr(b'<', &bytes[i..]) {
        i += off + 1;
        if bytes[i..].starts_with(b"!--") {
            match find(&bytes[i..], b"-->") {
                Some(end) => i += end + 3,
                None => break,
            }
            continue;
        }
        let closing = bytes.get(i) == Some(&b'/');
        let start = i + usize::from(closing);
        let name_len = bytes[start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'!')
            .count();
        if name_len == 0 {
            continue;
        }
        let name = html[start..start + name_len].to_ascii_lowercase();
        let tag_end = memchr(b'>', &bytes[start..]).map_or(bytes.len(), |e| start + e);
        let self_closing = tag_end > 0 && bytes.get(tag_end - 1) == Some(&b'/');
        if VOID_OR_IMPLIED.contains(&name.as_str()) || self_closing {
            i = tag_end;
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            max = max.max(depth);
            if max > limit {
                return max;
            }
            if name == "script" || name == "style" {
                // Their content is not markup; skip to the closing tag.
                let close = format!("</{name}");
                match find_ci(&bytes[tag_end.min(bytes.len())..], close.as_bytes()) {
                    Some(e) => i = tag_end + e,
                    None => break,
                }
                continue;
            }
        }
        i = tag_end;
    }
    max
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&b| b == needle)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// `find` ignoring ASCII case, without copying the haystack (it is searched once per
/// `<script>`, so a lowercased copy each time would be quadratic).
fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// Extracts the main text and metadata of a page. `url` (where the page was fetched from)
/// resolves a relative canonical link. Never fails: a page without text has an empty `text`.
pub fn extract(html: &str, url: Option<&str>) -> Page {
    if nesting_depth(html, MAX_DEPTH) > MAX_DEPTH {
        return Page {
            text: strip_tags(html),
            ..Page::default()
        };
    }
    // The DOM crates are third-party code run on hostile input: a panic there must cost one
    // page, not the batch.
    std::panic::catch_unwind(|| extract_dom(html, url)).unwrap_or_else(|_| Page {
        text: strip_tags(html),
        ..Page::default()
    })
}

fn extract_dom(html: &str, url: Option<&str>) -> Page {
    let cfg = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Formatted,
        max_elements_to_parse: 100_000,
        ..Default::default()
    };
    let readability = dom_smoothie::Readability::new(html, url, Some(cfg.clone()))
        .or_else(|_| dom_smoothie::Readability::new(html, None, Some(cfg)));
    let Ok(mut readability) = readability else {
        return Page {
            text: strip_tags(html),
            ..Page::default()
        };
    };
    let mut page = metadata(&readability.doc, url);
    match readability.parse() {
        Ok(article) => {
            page.text = clean_text(&article.text_content);
            if page.author.is_none() {
                page.author = article.byline.as_deref().and_then(clean_author);
            }
            if page.published.is_none() {
                page.published = article.published_time.as_deref().and_then(parse_datetime);
            }
            if page.title.is_none() && !article.title.trim().is_empty() {
                page.title = Some(strip_site(
                    &clean_line(&article.title),
                    page.site.as_deref(),
                ));
            }
        }
        // Readability declines pages with little text (a feed snippet, a stub): take all of
        // the body's text instead.
        Err(_) => page.text = fragment_text(html),
    }
    page
}

/// The text of an HTML fragment (a feed item's body), block elements on their own lines.
pub fn fragment_text(html: &str) -> String {
    if !html.contains('<') && !html.contains('&') {
        return clean_text(html);
    }
    if nesting_depth(html, MAX_DEPTH) > MAX_DEPTH {
        return strip_tags(html);
    }
    std::panic::catch_unwind(|| {
        let doc = Document::from(html);
        doc.select("script, style, noscript, template, nav, form")
            .remove();
        let body = doc.select("body");
        let text = if body.exists() {
            body.formatted_text()
        } else {
            doc.formatted_text()
        };
        clean_text(&text)
    })
    .unwrap_or_else(|_| strip_tags(html))
}

/// Text by dropping tags (and script and style content), for markup too deep to parse.
pub fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let tail = &rest[lt..];
        let lower_head = tail[..crate::floor_char_boundary(tail, 10)].to_ascii_lowercase();
        let skip_to = if lower_head.starts_with("<!--") {
            tail.find("-->").map(|e| e + 3)
        } else if lower_head.starts_with("<script") || lower_head.starts_with("<style") {
            let close = if lower_head.starts_with("<script") {
                "</script"
            } else {
                "</style"
            };
            find_ci(tail.as_bytes(), close.as_bytes())
                .and_then(|e| tail[e..].find('>').map(|g| e + g + 1))
        } else {
            tail.find('>').map(|e| e + 1)
        };
        match skip_to {
            Some(n) => {
                out.push('\n');
                rest = &tail[n..];
            }
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    clean_text(&decode_entities(&out))
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Trims lines, collapses runs of spaces and of blank lines, and turns no-break spaces into
/// spaces.
pub fn clean_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0usize;
    for line in text.lines() {
        let line = clean_line(line);
        if line.is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        out.push_str(&line);
        blank_run = 0;
    }
    out
}

fn clean_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for word in line
        .split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

fn clean_author(s: &str) -> Option<String> {
    let s = clean_line(s);
    let s = s
        .strip_prefix("By ")
        .or_else(|| s.strip_prefix("by "))
        .or_else(|| s.strip_prefix("BY "))
        .unwrap_or(&s)
        .trim()
        .to_string();
    (!s.is_empty() && s.len() <= 120 && !s.starts_with("http")).then_some(s)
}

/// `title` less a trailing (or leading) site name set off by ` - `, ` | `, ` – `, ` — `,
/// ` · ` or ` :: `.
pub fn strip_site(title: &str, site: Option<&str>) -> String {
    let Some(site) = site.map(str::trim).filter(|s| !s.is_empty()) else {
        return title.to_string();
    };
    for sep in [" - ", " | ", " – ", " — ", " · ", " :: ", ": "] {
        if let Some(head) = title.strip_suffix(site).and_then(|h| h.strip_suffix(sep)) {
            if !head.trim().is_empty() {
                return head.trim().to_string();
            }
        }
        if let Some(tail) = title.strip_prefix(site).and_then(|t| t.strip_prefix(sep)) {
            if !tail.trim().is_empty() {
                return tail.trim().to_string();
            }
        }
    }
    title.to_string()
}

/// What JSON-LD blocks say of the article.
#[derive(Default)]
struct JsonLd {
    headline: Option<String>,
    date: Option<String>,
    author: Option<String>,
    publisher: Option<String>,
}

fn json_ld(doc: &Document) -> JsonLd {
    let mut out = JsonLd::default();
    for script in doc.select("script").nodes() {
        let is_ld = script
            .attr("type")
            .is_some_and(|t| t.to_ascii_lowercase().contains("ld+json"));
        if !is_ld {
            continue;
        }
        let Ok(value) = serde_json::from_str::<serde_json::Value>(script.text().trim()) else {
            continue;
        };
        // Iterative walk with a budget: JSON-LD graphs are small, hostile ones are not.
        let mut stack = vec![&value];
        let mut budget = 10_000;
        while let Some(v) = stack.pop() {
            budget -= 1;
            if budget == 0 {
                break;
            }
            match v {
                serde_json::Value::Array(items) => stack.extend(items.iter().rev()),
                serde_json::Value::Object(map) => {
                    let text =
                        |key: &str| map.get(key).and_then(|v| v.as_str()).map(str::to_string);
                    if out.date.is_none() {
                        out.date = text("datePublished").or_else(|| text("dateCreated"));
                    }
                    if out.headline.is_none() {
                        out.headline = text("headline");
                    }
                    if out.author.is_none() {
                        out.author = map.get("author").and_then(person_name);
                    }
                    if out.publisher.is_none() {
                        out.publisher = map.get("publisher").and_then(person_name);
                    }
                    for key in [
                        "@graph",
                        "mainEntity",
                        "mainEntityOfPage",
                        "itemListElement",
                    ] {
                        if let Some(child) = map.get(key) {
                            stack.push(child);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    out
}

fn person_name(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Object(map) => {
            map.get("name").and_then(|n| n.as_str()).map(str::to_string)
        }
        serde_json::Value::Array(items) => {
            let names: Vec<String> = items.iter().take(5).filter_map(person_name).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        _ => None,
    }
}

fn metadata(doc: &Document, url: Option<&str>) -> Page {
    let mut meta: HashMap<String, String> = HashMap::new();
    for node in doc.select("meta").nodes() {
        let Some(content) = node.attr("content") else {
            continue;
        };
        let content = content.trim();
        if content.is_empty() {
            continue;
        }
        for key_attr in ["property", "name", "itemprop", "http-equiv"] {
            if let Some(key) = node.attr(key_attr) {
                meta.entry(key.trim().to_ascii_lowercase())
                    .or_insert_with(|| content.to_string());
            }
        }
    }
    let get = |keys: &[&str]| {
        keys.iter()
            .find_map(|k| meta.get(*k))
            .map(|s| clean_line(s))
    };
    let ld = json_ld(doc);

    let site = get(&["og:site_name"])
        .or_else(|| ld.publisher.as_deref().map(clean_line))
        .or_else(|| get(&["application-name"]))
        .filter(|s| !s.is_empty());

    let title_tag = doc
        .select("title")
        .nodes()
        .first()
        .map(|t| clean_line(&t.text()));
    let title = get(&["og:title", "twitter:title"])
        .or_else(|| ld.headline.as_deref().map(clean_line))
        .or(title_tag)
        .or_else(|| {
            doc.select("h1")
                .nodes()
                .first()
                .map(|h| clean_line(&h.text()))
        })
        .filter(|t| !t.is_empty())
        .map(|t| strip_site(&t, site.as_deref()));

    let author = get(&[
        "author",
        "article:author",
        "byl",
        "dc.creator",
        "sailthru.author",
        "parsely-author",
    ])
    .and_then(|a| clean_author(&a))
    .or_else(|| ld.author.as_deref().and_then(clean_author))
    .or_else(|| {
        ["[rel~=author]", "[itemprop~=author]", ".byline", ".author"]
            .iter()
            .find_map(|sel| {
                doc.select(sel)
                    .nodes()
                    .first()
                    .and_then(|n| clean_author(&n.text()))
            })
    });

    let date_keys = [
        "article:published_time",
        "datepublished",
        "pubdate",
        "publishdate",
        "publish-date",
        "date",
        "dc.date",
        "dc.date.issued",
        "dcterms.date",
        "dcterms.created",
        "og:published_time",
        "sailthru.date",
        "parsely-pub-date",
    ];
    let published = date_keys
        .iter()
        .filter_map(|k| meta.get(*k))
        .find_map(|v| parse_datetime(v))
        .or_else(|| ld.date.as_deref().and_then(parse_datetime))
        .or_else(|| {
            doc.select("time")
                .nodes()
                .iter()
                .filter_map(|t| t.attr("datetime"))
                .find_map(|d| parse_datetime(&d))
        });

    let canonical_url = doc
        .select("link")
        .nodes()
        .iter()
        .find(|l| {
            l.attr("rel").is_some_and(|r| {
                r.split_whitespace()
                    .any(|w| w.eq_ignore_ascii_case("canonical"))
            })
        })
        .and_then(|l| l.attr("href"))
        .map(|h| absolute(h.trim(), url))
        .filter(|h| !h.is_empty());

    let lang = doc
        .select("html")
        .nodes()
        .first()
        .and_then(|h| h.attr("lang"))
        .map(|l| l.to_string())
        .or_else(|| get(&["content-language", "og:locale"]));

    Page {
        text: String::new(),
        title,
        author,
        published,
        canonical_url,
        site,
        lang,
    }
}

/// `href` made absolute against `base` (scheme and host only: canonical links are absolute
/// or root-relative in practice).
fn absolute(href: &str, base: Option<&str>) -> String {
    if href.contains("://") {
        return href.to_string();
    }
    let Some(base) = base else {
        return href.to_string();
    };
    let Some(scheme_end) = base.find("://") else {
        return href.to_string();
    };
    let host_end = base[scheme_end + 3..]
        .find('/')
        .map_or(base.len(), |i| scheme_end + 3 + i);
    if let Some(rest) = href.strip_prefix("//") {
        return format!("{}//{rest}", &base[..scheme_end + 1]);
    }
    if href.starts_with('/') {
        return format!("{}{href}", &base[..host_end]);
    }
    href.to_string()
}

/// One page as a document: `at` names it in errors and in [`RawDoc::source`]; `url` is where
/// it was fetched from.
pub(crate) fn page_doc(
    html: &str,
    at: &str,
    url: Option<&str>,
    default_date: Option<NaiveDate>,
) -> Result<RawDoc, IngestError> {
    let page = extract(html, url);
    if page.text.trim().is_empty() {
        return Err(IngestError::doc(at, None, "no main text found in the page"));
    }
    let mut doc = RawDoc {
        id: page
            .canonical_url
            .clone()
            .or_else(|| url.map(str::to_string))
            .unwrap_or_else(|| at.to_string()),
        text: page.text,
        published: page.published.or(default_date),
        title: page.title,
        url: url
            .map(str::to_string)
            .or_else(|| page.canonical_url.clone()),
        site: page.site,
        author: page.author,
        language: None,
        canonical_url: page.canonical_url,
        source: at.to_string(),
    };
    lang::fill(&mut doc, page.lang.as_deref());
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_suffixes_go_only_when_the_site_is_known() {
        assert_eq!(
            strip_site("Talks stall - The Ledger", Some("The Ledger")),
            "Talks stall"
        );
        assert_eq!(
            strip_site("The Ledger | Talks stall", Some("The Ledger")),
            "Talks stall"
        );
        assert_eq!(
            strip_site("Talks stall - The Ledger", None),
            "Talks stall - The Ledger"
        );
        assert_eq!(strip_site("The Ledger", Some("The Ledger")), "The Ledger");
    }

    #[test]
    fn charsets_come_from_the_header_then_the_page() {
        assert_eq!(
            decode(b"caf\xe9", Some("text/html; charset=ISO-8859-1")),
            "café"
        );
        assert_eq!(
            decode(b"<meta charset=\"windows-1252\">\x93hi\x94", None),
            "<meta charset=\"windows-1252\">\u{201c}hi\u{201d}"
        );
        assert_eq!(decode("café".as_bytes(), None), "café");
        assert_eq!(decode(b"caf\xe9", None), "café");
    }

    #[test]
    fn nesting_is_measured_without_parsing() {
        assert_eq!(
            nesting_depth("<html><body><div><p>a<p>b</div></body></html>", 100),
            3
        );
        assert_eq!(
            nesting_depth("<br><img src=x /><!-- <div><div> -->", 100),
            0
        );
        assert_eq!(
            nesting_depth("<script>if (a<b) {}</script><div></div>", 100),
            1
        );
        let deep = "<div>".repeat(5000);
        assert!(nesting_depth(&deep, MAX_DEPTH) > MAX_DEPTH);
    }

    #[test]
    fn deep_markup_falls_back_to_tag_stripping() {
        let html = format!(
            "<html><body>{}<p>Shelling resumed.</p>{}</body></html>",
            "<div>".repeat(20_000),
            "</div>".repeat(20_000)
        );
        let started = std::time::Instant::now();
        let page = extract(&html, None);
        assert_eq!(page.text, "Shelling resumed.");
        assert!(
            started.elapsed().as_secs() < 2,
            "took {:?}",
            started.elapsed()
        );
    }

    #[test]
    fn many_scripts_are_skipped_in_linear_time() {
        let html = format!(
            "<html><body>{}<p>Talks resumed.</p></body></html>",
            "<SCRIPT>var a = 1;</script>".repeat(40_000)
        );
        let started = std::time::Instant::now();
        assert_eq!(nesting_depth(&html, MAX_DEPTH), 3);
        assert_eq!(strip_tags(&html), "Talks resumed.");
        assert!(
            started.elapsed().as_secs() < 2,
            "took {:?}",
            started.elapsed()
        );
    }

    #[test]
    fn relative_canonical_links_are_made_absolute() {
        assert_eq!(
            absolute("/a/b", Some("https://x.example/c/d?e")),
            "https://x.example/a/b"
        );
        assert_eq!(
            absolute("//y.example/a", Some("http://x.example/")),
            "http://y.example/a"
        );
        assert_eq!(
            absolute("https://z.example/", Some("http://x.example/")),
            "https://z.example/"
        );
    }
}

//! RSS and Atom feeds (via `feed-rs`): one document per item.
//!
//! An item's text is its full content (`content:encoded`, Atom `content`) when present, else its
//! summary (`description`), HTML turned to text either way. An item with only a summary keeps
//! its link in [`RawDoc::url`]; with [`ReadOptions::fetch_links`] the linked page is fetched and
//! its main text replaces the summary. Dates are read by [`crate::parse_datetime`], so a
//! publisher's local date is kept; an unreadable date leaves the item undated (or on
//! [`ReadOptions::published`]), it does not lose the item.

use chrono::NaiveDate;

use crate::{html, lang, parse_datetime, IngestError, RawDoc, ReadOptions};

/// Reads the items of one feed; `name` (file or URL) names them in errors and sources.
pub fn read_feed(bytes: &[u8], name: &str, opts: &ReadOptions) -> Vec<Result<RawDoc, IngestError>> {
    let parser = feed_rs::parser::Builder::new()
        // Ids are ours to choose: feed-rs would hash link and title when an item has no guid.
        .id_generator(|_, _, _| String::new())
        .timestamp_parser(|s| {
            parse_datetime(s)
                .and_then(|d| d.and_hms_opt(12, 0, 0))
                .map(|t| t.and_utc())
        })
        .build();
    // feed-rs is third-party code run on hostile input: a panic costs this feed only.
    let parsed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| parser.parse(bytes)));
    let feed = match parsed {
        Ok(Ok(feed)) => feed,
        Ok(Err(e)) => {
            return vec![Err(IngestError::doc(
                name,
                None,
                format!("not a feed: {e}"),
            ))]
        }
        Err(_) => {
            return vec![Err(IngestError::doc(
                name,
                None,
                "not a feed: the feed parser failed",
            ))]
        }
    };
    let site = feed
        .title
        .as_ref()
        .map(|t| html::fragment_text(&t.content))
        .filter(|t| !t.is_empty());
    let declared_lang = feed.language.clone();
    let mut out = Vec::new();
    for (i, entry) in feed.entries.into_iter().enumerate() {
        let at = format!("{name} item {}", i + 1);
        let link = entry
            .links
            .iter()
            .find(|l| !matches!(l.rel.as_deref(), Some(r) if r != "alternate"))
            .or(entry.links.first())
            .map(|l| l.href.trim().to_string())
            .filter(|h| !h.is_empty());
        let content = entry
            .content
            .as_ref()
            .and_then(|c| c.body.as_deref())
            .map(html::fragment_text)
            .filter(|t| !t.is_empty());
        let summary = entry
            .summary
            .as_ref()
            .map(|s| html::fragment_text(&s.content))
            .filter(|t| !t.is_empty());
        let published: Option<NaiveDate> = entry
            .published
            .or(entry.updated)
            .map(|d| d.date_naive())
            .or(opts.published);
        let mut doc = RawDoc {
            id: Some(entry.id.trim().to_string())
                .filter(|id| !id.is_empty())
                .or_else(|| link.clone())
                .unwrap_or_else(|| at.clone()),
            text: String::new(),
            published,
            title: entry
                .title
                .as_ref()
                .map(|t| html::fragment_text(&t.content))
                .filter(|t| !t.is_empty()),
            url: link.clone(),
            site: site.clone(),
            author: entry
                .authors
                .iter()
                .find_map(|p| p.name.as_deref().map(str::trim).filter(|n| !n.is_empty()))
                .map(str::to_string),
            language: None,
            canonical_url: None,
            source: at.clone(),
        };
        let mut text = content.clone().or(summary);
        if content.is_none() && opts.fetch_links {
            if let Some(link) = &link {
                match fetch_page(link, opts) {
                    Ok(page) => {
                        text = Some(page.text);
                        doc.published = doc.published.or(page.published);
                        doc.author = doc.author.or(page.author);
                        doc.canonical_url = page.canonical_url;
                    }
                    Err(e) => out.push(Err(e)),
                }
            }
        }
        let Some(text) = text else {
            let why = match (&link, opts.fetch_links) {
                (Some(l), false) => {
                    format!("item has no text (its link {l} was not fetched: fetch_links is off)")
                }
                (Some(l), true) => format!("item has no text and its link {l} gave none"),
                (None, _) => "item has no text and no link".to_string(),
            };
            out.push(Err(IngestError::doc(at, None, why)));
            continue;
        };
        doc.text = text;
        lang::fill(&mut doc, declared_lang.as_deref());
        out.push(Ok(doc));
    }
    out
}

#[cfg(not(feature = "http"))]
fn fetch_page(url: &str, _opts: &ReadOptions) -> Result<html::Page, IngestError> {
    Err(IngestError::Http {
        url: url.to_string(),
        message: "this build of sitrep-ingest has no HTTP support (feature \"http\")".into(),
    })
}

#[cfg(feature = "http")]
fn fetch_page(url: &str, opts: &ReadOptions) -> Result<html::Page, IngestError> {
    let fetched = crate::http::fetch_uncached(url, opts)?;
    let page = html::extract(
        &html::decode(&fetched.body, fetched.content_type.as_deref()),
        Some(&fetched.url),
    );
    if page.text.is_empty() {
        return Err(IngestError::doc(
            url,
            None,
            "no main text found in the linked page",
        ));
    }
    Ok(page)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Valley Wire</title>
  <language>en-us</language>
  <item>
    <title>Convoy reaches Sarn bridge</title>
    <link>https://wire.example/convoy</link>
    <guid>wire-1</guid>
    <pubDate>Wed, 16 Mar 2022 23:30:00 -0500</pubDate>
    <description>Short summary.</description>
    <content:encoded><![CDATA[<p>The first aid convoy crossed the Sarn bridge on Wednesday.</p><p>Drivers said the checkpoint was open.</p>]]></content:encoded>
  </item>
  <item>
    <title>Talks resume</title>
    <link>https://wire.example/talks</link>
    <pubDate>sometime last week</pubDate>
    <description>&lt;b&gt;Mediators&lt;/b&gt; said talks would resume on Friday in the regional capital.</description>
  </item>
  <item>
    <title>Headline only</title>
    <link>https://wire.example/headline</link>
  </item>
</channel>
</rss>"#;

    #[test]
    fn items_become_documents_and_bad_dates_leave_them_undated() {
        let opts = ReadOptions {
            identify_language: true,
            ..ReadOptions::default()
        };
        let out = read_feed(RSS.as_bytes(), "wire.rss", &opts);
        assert_eq!(out.len(), 3);
        let first = out[0].as_ref().unwrap();
        assert_eq!(first.id, "wire-1");
        assert_eq!(
            first.text,
            "The first aid convoy crossed the Sarn bridge on Wednesday.\n\nDrivers said the checkpoint was open."
        );
        // 23:30 in New York on the 16th is the 17th in UTC: the publisher's date is kept.
        assert_eq!(first.published, NaiveDate::from_ymd_opt(2022, 3, 16));
        assert_eq!(first.site.as_deref(), Some("Valley Wire"));
        assert_eq!(first.source, "wire.rss item 1");
        let second = out[1].as_ref().unwrap();
        assert_eq!(second.published, None);
        assert_eq!(second.url.as_deref(), Some("https://wire.example/talks"));
        assert_eq!(second.id, "https://wire.example/talks");
        assert!(second.text.starts_with("Mediators said talks would resume"));
        let err = out[2].as_ref().unwrap_err().to_string();
        assert!(
            err.starts_with("wire.rss item 3: item has no text"),
            "{err}"
        );
    }

    #[test]
    fn a_broken_feed_is_one_error_naming_it() {
        let out = read_feed(
            b"<rss><channel><item><title>x",
            "broken.xml",
            &ReadOptions::default(),
        );
        assert_eq!(out.len(), 1);
        assert!(out[0]
            .as_ref()
            .unwrap_err()
            .to_string()
            .starts_with("broken.xml: not a feed"));
    }
}

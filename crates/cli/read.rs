//! `sitrep read`: what the ingest stage makes of inputs — documents with their metadata,
//! language and duplicates — without coding them.

use std::collections::BTreeMap;
use std::io::Write;

use anyhow::{bail, Result};
use chrono::NaiveDate;
use serde::Serialize;
use sitrep_ingest::dedup::{Deduper, DuplicateKind};
use sitrep_ingest::{lang, read_any, InputKind, ReadOptions};

/// One document as read.
#[derive(Serialize)]
struct Line<'a> {
    id: &'a str,
    source: &'a str,
    title: Option<&'a str>,
    published: Option<String>,
    site: Option<&'a str>,
    url: Option<&'a str>,
    canonical_url: Option<&'a str>,
    author: Option<&'a str>,
    language: Option<&'a str>,
    duplicate_of: Option<&'a str>,
    duplicate: Option<&'static str>,
    similarity: Option<f64>,
    chars: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
}

/// Reads `inputs` (files, `-`, URLs) and prints one JSON object per document, then a summary
/// on standard error. Fails only when nothing could be read.
pub fn read(
    inputs: &[String],
    kind: Option<&str>,
    published: Option<NaiveDate>,
    fetch_links: bool,
    with_text: bool,
) -> Result<()> {
    let kind = match kind {
        None => None,
        Some(name) => match InputKind::from_name(name) {
            Some(k) => Some(k),
            None => bail!("--input {name:?}: expected text, jsonl, html, feed or warc"),
        },
    };
    let opts = ReadOptions {
        published,
        fetch_links,
        ..ReadOptions::default()
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut deduper = Deduper::default();
    let (mut read, mut exact, mut near) = (0usize, 0usize, 0usize);
    let mut other_language: BTreeMap<String, usize> = BTreeMap::new();
    let mut failed: BTreeMap<&'static str, usize> = BTreeMap::new();
    for input in inputs {
        for result in read_any(input, kind, &opts) {
            let doc = match result {
                Ok(doc) => doc,
                Err(e) => {
                    eprintln!("sitrep: skipped: {e}");
                    *failed.entry(e.reason()).or_default() += 1;
                    continue;
                }
            };
            read += 1;
            if !lang::is_english(&doc) {
                let name = lang::language_name(doc.language.as_deref().unwrap_or(""));
                *other_language.entry(name).or_default() += 1;
            }
            let dup = deduper.check(&doc.id, &doc.text);
            match dup.as_ref().map(|d| d.kind) {
                Some(DuplicateKind::Exact) => exact += 1,
                Some(DuplicateKind::Near) => near += 1,
                None => {}
            }
            let line = Line {
                id: &doc.id,
                source: &doc.source,
                title: doc.title.as_deref(),
                published: doc.published.map(|d| d.to_string()),
                site: doc.site.as_deref(),
                url: doc.url.as_deref(),
                canonical_url: doc.canonical_url.as_deref(),
                author: doc.author.as_deref(),
                language: doc.language.as_deref(),
                duplicate_of: dup.as_ref().map(|d| d.of.as_str()),
                duplicate: dup.as_ref().map(|d| match d.kind {
                    DuplicateKind::Exact => "exact",
                    DuplicateKind::Near => "near",
                }),
                similarity: dup.as_ref().map(|d| (d.similarity * 100.0).round() / 100.0),
                chars: doc.text.chars().count(),
                text: with_text.then_some(doc.text.as_str()),
            };
            serde_json::to_writer(&mut out, &line)?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()?;
    let languages: Vec<String> = other_language
        .iter()
        .map(|(l, n)| format!("{n} {l}"))
        .collect();
    let failures: Vec<String> = failed.iter().map(|(r, n)| format!("{n} {r}")).collect();
    eprintln!(
        "sitrep: {read} documents read ({exact} exact and {near} near duplicates; not English: {}); failed: {}",
        if languages.is_empty() { "none".into() } else { languages.join(", ") },
        if failures.is_empty() { "none".into() } else { failures.join(", ") },
    );
    if read == 0 && !failed.is_empty() {
        bail!("no document could be read");
    }
    Ok(())
}

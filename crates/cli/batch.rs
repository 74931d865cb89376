//! Batch coding: every document of files, directories, globs, URLs or `-`, read as a stream,
//! checked for language and duplicates in input order, coded on all cores, and handed on in
//! input order — so the output is the same from run to run whatever the thread count.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::Path;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use rayon::prelude::*;
use sitrep_doc::output::Record;
use sitrep_ingest::dedup::{Deduper, Duplicate, DuplicateKind};
use sitrep_ingest::{lang, InputKind, RawDoc, ReadOptions};

use crate::code::Coder;

/// How a batch is read and coded.
#[derive(Clone, Debug, Default)]
pub struct BatchOptions {
    /// Input kind; `None`: told by content.
    pub kind: Option<InputKind>,
    /// Date for documents that carry none.
    pub published: Option<NaiveDate>,
    /// Worker threads; 0: one per core.
    pub threads: usize,
    /// Add explanations to events.
    pub explain: bool,
    /// Code non-English documents too (they are skipped by default).
    pub all_languages: bool,
    /// Do not look for duplicates.
    pub no_dedup: bool,
    /// Fetch the pages feed items link to.
    pub fetch_links: bool,
}

/// One coded document, in input order.
pub struct Coded {
    /// Its `sitrep/1` record (`doc.duplicate_of` set for copies).
    pub record: Record,
    /// The text it was coded from.
    pub text: String,
    /// The earlier document it copies, if any.
    pub duplicate: Option<Duplicate>,
}

/// What a batch did, for the closing summary.
#[derive(Debug, Default)]
pub struct Summary {
    /// Documents coded (copies included).
    pub coded: usize,
    /// Exact copies of an earlier document.
    pub exact_copies: usize,
    /// Near-duplicates of an earlier document.
    pub near_copies: usize,
    /// Documents skipped as not English, by language name.
    pub non_english: BTreeMap<String, usize>,
    /// Documents that could not be read, by reason.
    pub failed: BTreeMap<&'static str, usize>,
    /// Documents the caller did not want (already stored).
    pub skipped: usize,
}

impl Summary {
    /// Documents read (coded or skipped for their language).
    pub fn read(&self) -> usize {
        self.coded + self.skipped + self.non_english.values().sum::<usize>()
    }

    /// Documents that failed.
    pub fn failures(&self) -> usize {
        self.failed.values().sum()
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} coded ({} exact and {} near duplicates)",
            self.coded, self.exact_copies, self.near_copies
        )?;
        let skipped: usize = self.non_english.values().sum();
        if skipped > 0 {
            let langs: Vec<String> = self
                .non_english
                .iter()
                .map(|(l, n)| format!("{n} {l}"))
                .collect();
            write!(f, ", {skipped} not English ({})", langs.join(", "))?;
        }
        let failed = self.failures();
        if failed > 0 {
            let reasons: Vec<String> = self
                .failed
                .iter()
                .map(|(r, n)| format!("{n} {r}"))
                .collect();
            write!(f, ", {failed} failed ({})", reasons.join(", "))?;
        }
        Ok(())
    }
}

/// Files, directories (walked, in name order), glob patterns, URLs and `-`, as inputs.
pub fn expand_inputs(inputs: &[String]) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for input in inputs {
        if input == "-" || input.starts_with("http://") || input.starts_with("https://") {
            out.push(input.clone());
        } else if Path::new(input).is_dir() {
            walk(Path::new(input), &mut out)?;
        } else if input.contains(['*', '?', '[']) && !Path::new(input).exists() {
            let mut matched: Vec<String> = glob::glob(input)
                .with_context(|| format!("{input}: not a valid glob pattern"))?
                .filter_map(|p| p.ok())
                .filter(|p| p.is_file())
                .map(|p| p.display().to_string())
                .collect();
            matched.sort();
            if matched.is_empty() {
                // Reported by the reader like a missing file.
                out.push(input.clone());
            }
            out.extend(matched);
        } else {
            out.push(input.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<String>) -> Result<()> {
    let mut entries: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot list {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            walk(&path, out)?;
        } else {
            out.push(path.display().to_string());
        }
    }
    Ok(())
}

/// Reads documents a chunk at a time: language check and duplicate detection in input order.
struct Reader {
    docs: sitrep_ingest::Docs,
    deduper: Deduper,
    all_languages: bool,
    no_dedup: bool,
    chunk_len: usize,
}

impl Reader {
    /// The next chunk of up to `chunk_len` documents (with the errors and skipped documents
    /// met on the way), or None at the end.
    fn next_chunk(&mut self) -> Option<Vec<Item>> {
        let mut chunk = Vec::new();
        let mut docs = 0;
        for item in self.docs.by_ref() {
            chunk.push(match item {
                Err(e) => Item::Failed(e.reason(), e.to_string()),
                Ok(raw) if !self.all_languages && !lang::is_english(&raw) => {
                    let name = raw
                        .language
                        .as_deref()
                        .map_or_else(|| "unknown".to_string(), lang::language_name);
                    Item::NotEnglish(raw.source, name)
                }
                Ok(raw) => {
                    let duplicate = if self.no_dedup {
                        None
                    } else {
                        self.deduper.check(&raw.id, &raw.text)
                    };
                    docs += 1;
                    Item::Doc(Box::new(raw), duplicate)
                }
            });
            if docs == self.chunk_len {
                break;
            }
        }
        (!chunk.is_empty()).then_some(chunk)
    }
}

/// What the reader thread hands the coders, in input order.
enum Item {
    Doc(Box<RawDoc>, Option<Duplicate>),
    Failed(&'static str, String),
    NotEnglish(String, String),
}

/// Documents per parallel chunk and thread: large enough to keep every core busy, small
/// enough that memory stays flat on any input size.
const CHUNK_PER_THREAD: usize = 16;

/// Reads, checks and codes every document of `inputs`, handing each to `sink` in input
/// order. A document that cannot be read is reported on stderr (which input, which record,
/// why) and counted; the rest go on.
pub fn run(
    coder: &Coder,
    inputs: &[String],
    opts: &BatchOptions,
    sink: impl FnMut(Coded) -> Result<()>,
) -> Result<Summary> {
    run_filtered(coder, inputs, opts, Deduper::default(), |_| true, sink).map(|(s, _)| s)
}

/// [`run`] with a deduplicator that remembers earlier runs (returned for the next one), skipping
/// before coding the documents `wanted` refuses (e.g. already stored; they still teach the
/// deduplicator, so a later copy is matched to them), counted in [`Summary::skipped`].
pub fn run_filtered(
    coder: &Coder,
    inputs: &[String],
    opts: &BatchOptions,
    deduper: Deduper,
    wanted: impl Fn(&RawDoc) -> bool,
    mut sink: impl FnMut(Coded) -> Result<()>,
) -> Result<(Summary, Deduper)> {
    let inputs = expand_inputs(inputs)?;
    let threads = if opts.threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        opts.threads
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start the worker threads")?;
    let read_opts = ReadOptions {
        published: opts.published,
        fetch_links: opts.fetch_links,
        ..ReadOptions::default()
    };
    let progress = progress_bar(&inputs, opts.kind);
    let mut summary = Summary::default();
    let chunk_len = threads * CHUNK_PER_THREAD;
    let kind = opts.kind;
    let mut reader = Reader {
        docs: Box::new(
            inputs
                .into_iter()
                .flat_map(move |input| sitrep_ingest::read_any(&input, kind, &read_opts)),
        ),
        deduper,
        all_languages: opts.all_languages,
        no_dedup: opts.no_dedup,
        chunk_len,
    };
    // With more than one thread, reading (HTML extraction, gzip), language identification and
    // duplicate detection run on their own thread, in input order, a chunk ahead of the
    // coders; the bounded channel keeps memory flat however large the input. With one thread,
    // everything runs on it, one chunk after the other.
    let mut process = |chunk: Vec<Item>| -> Result<()> {
        let mut docs = Vec::with_capacity(chunk.len());
        for item in chunk {
            match item {
                Item::Failed(reason, message) => {
                    progress.suspend(|| eprintln!("sitrep: skipped: {message}"));
                    *summary.failed.entry(reason).or_default() += 1;
                }
                Item::NotEnglish(source, name) => {
                    progress
                        .suspend(|| eprintln!("sitrep: skipped {source}: not English ({name})"));
                    *summary.non_english.entry(name).or_default() += 1;
                }
                Item::Doc(raw, duplicate) => {
                    if !wanted(&raw) {
                        summary.skipped += 1;
                        continue;
                    }
                    match duplicate.as_ref().map(|d| d.kind) {
                        Some(DuplicateKind::Exact) => summary.exact_copies += 1,
                        Some(DuplicateKind::Near) => summary.near_copies += 1,
                        None => {}
                    }
                    docs.push((*raw, duplicate));
                }
            }
        }
        let coded: Vec<Coded> = pool.install(|| {
            docs.into_par_iter()
                .map(|(raw, duplicate)| {
                    let text = raw.text.clone();
                    let mut record = coder.code(raw, opts.explain);
                    record.doc.duplicate_of = duplicate.as_ref().map(|d| d.of.clone());
                    Coded {
                        record,
                        text,
                        duplicate,
                    }
                })
                .collect()
        });
        for c in coded {
            summary.coded += 1;
            progress.inc(1);
            sink(c)?;
        }
        Ok(())
    };
    let deduper = if threads > 1 {
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<Item>>(2);
        let handle = std::thread::spawn(move || {
            while let Some(chunk) = reader.next_chunk() {
                if sender.send(chunk).is_err() {
                    break;
                }
            }
            reader.deduper
        });
        for chunk in receiver {
            process(chunk)?;
        }
        match handle.join() {
            Ok(d) => d,
            Err(_) => anyhow::bail!("the input reader stopped unexpectedly"),
        }
    } else {
        while let Some(chunk) = reader.next_chunk() {
            process(chunk)?;
        }
        reader.deduper
    };
    progress.finish_and_clear();
    Ok((summary, deduper))
}

/// A progress bar on a terminal (documents/s; a bar with an ETA when every input is one
/// document), nothing when stderr is piped.
fn progress_bar(inputs: &[String], kind: Option<InputKind>) -> indicatif::ProgressBar {
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let one_each = inputs.iter().all(|i| {
        let k = kind.unwrap_or_else(|| {
            let ext = Path::new(i)
                .extension()
                .map(|e| e.to_string_lossy().to_lowercase())
                .unwrap_or_default();
            match ext.as_str() {
                "html" | "htm" | "txt" => InputKind::Html,
                _ => InputKind::Jsonl,
            }
        });
        matches!(k, InputKind::Html | InputKind::Text)
    });
    let bar = if one_each {
        let bar = indicatif::ProgressBar::new(inputs.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:30} {pos}/{len} documents, {per_sec}, ETA {eta}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    } else {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} {pos} documents, {per_sec}, {elapsed}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        bar
    };
    bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
    bar
}

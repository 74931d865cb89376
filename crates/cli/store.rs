//! `sitrep ingest`, `export`, `trend`, `alerts` and `watch`: the store and what is computed
//! from it.

use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use sitrep_aggregate::alerts::{evaluate, post_webhook, Alert, Rules, Watcher};
use sitrep_aggregate::index::IndexParams;
use sitrep_aggregate::series::{Level, SeriesOptions};
use sitrep_ingest::dedup::{Deduper, DuplicateKind};
use sitrep_ingest::InputKind;
use sitrep_store::{DupInfo, Filters, Format, IngestOutcome, Store};

use crate::code::{Coder, Sources};
use crate::parse_day;

/// Where the database is: `--db`, else the user's data directory.
#[derive(Args, Clone)]
pub struct DbArg {
    /// The SQLite database (default: sitrep/sitrep.db under the user's data directory).
    #[arg(long)]
    db: Option<PathBuf>,
}

impl DbArg {
    fn path(&self) -> Result<PathBuf> {
        match &self.db {
            Some(p) => Ok(p.clone()),
            None => sitrep_store::default_path()
                .context("no --db given and no data directory known (set HOME or XDG_DATA_HOME)"),
        }
    }

    fn open(&self) -> Result<Store> {
        let path = self.path()?;
        Store::open(&path).with_context(|| format!("opening the store {}", path.display()))
    }

    /// Opens a store that must already exist (reading commands should not create one).
    fn open_existing(&self) -> Result<Store> {
        let path = self.path()?;
        if !path.exists() {
            bail!(
                "no store at {}: run `sitrep ingest --db {} FILES…` first",
                path.display(),
                path.display()
            );
        }
        self.open()
    }
}

/// Arguments of `sitrep ingest`.
#[derive(Args)]
pub struct IngestArgs {
    /// Input files, URLs, or `-` for standard input.
    #[arg(required = true)]
    files: Vec<String>,
    #[command(flatten)]
    db: DbArg,
    #[command(flatten)]
    read: ReadArgs,
    #[command(flatten)]
    sources: crate::code::SourceArgs,
}

/// How inputs are read, shared by `ingest` and `watch`.
#[derive(Args, Clone)]
pub struct ReadArgs {
    /// Input kind (text, jsonl, html, feed, warc); default: told by content.
    #[arg(long)]
    input: Option<String>,
    /// Date (YYYY-MM-DD) for documents that carry none.
    #[arg(long, value_parser = parse_day)]
    published: Option<NaiveDate>,
    /// Fetch the pages that summary-only feed items link to.
    #[arg(long)]
    fetch_links: bool,
    /// Worker threads for coding (default: one per core).
    #[arg(long, default_value_t = 0)]
    threads: usize,
}

impl ReadArgs {
    fn kind(&self) -> Result<Option<InputKind>> {
        match &self.input {
            None => Ok(None),
            Some(name) => match InputKind::from_name(name) {
                Some(k) => Ok(Some(k)),
                None => bail!("--input {name:?}: expected text, jsonl, html, feed or warc"),
            },
        }
    }
}

/// A deduplicator that knows the stored documents, so that a near copy of a story stored in
/// an earlier run becomes mentions of its events.
fn seeded_deduper(store: &Store) -> Result<Deduper> {
    let mut deduper = Deduper::default();
    for (id, key) in store.signatures()? {
        deduper.remember_key(&id, &key);
    }
    Ok(deduper)
}

/// What an ingest run did.
#[derive(Default)]
struct Tally {
    new: usize,
    duplicates: usize,
    already: usize,
    other_language: usize,
    failed: usize,
    events: usize,
    mentions: usize,
}

/// Reads every document of `inputs`, codes those not stored yet and stores them, with the
/// batch coder of `sitrep code` (all cores, input order). Copies are found twice over: within
/// the run (and across a watch's polls) by the ingest stage's MinHash deduplicator (exact and
/// near copies), and against earlier runs by the store's own text hash (exact copies).
/// Documents in another language than English are counted and skipped, never coded.
fn ingest_inputs(
    store: &mut Store,
    coder: &Coder,
    deduper: &mut Deduper,
    inputs: &[String],
    read: &ReadArgs,
) -> Result<Tally> {
    let opts = crate::batch::BatchOptions {
        kind: read.kind()?,
        published: read.published,
        fetch_links: read.fetch_links,
        threads: read.threads,
        ..Default::default()
    };
    let mut t = Tally::default();
    let cell = std::cell::RefCell::new(store);
    let (summary, taught) = crate::batch::run_filtered(
        coder,
        inputs,
        &opts,
        std::mem::take(deduper),
        |raw| !cell.borrow().contains(&raw.id).unwrap_or(false),
        |coded| {
            let dup = coded.duplicate.as_ref().map(|d| DupInfo {
                of: d.of.clone(),
                kind: match d.kind {
                    DuplicateKind::Exact => "exact".into(),
                    DuplicateKind::Near => "near".into(),
                },
                similarity: d.similarity as f32,
            });
            let key = sitrep_ingest::dedup::key(&coded.text);
            let outcome = cell
                .borrow_mut()
                .ingest_input(sitrep_store::IngestInput {
                    record: Some(&coded.record),
                    text: Some(&coded.text),
                    dup,
                    signature: key.as_deref(),
                })
                .with_context(|| format!("storing {:?}", coded.record.doc.id))?;
            match outcome {
                IngestOutcome::New { events } => {
                    t.new += 1;
                    t.events += events;
                }
                IngestOutcome::Duplicate {
                    mentions,
                    new_events,
                    ..
                } => {
                    t.duplicates += 1;
                    t.mentions += mentions;
                    t.events += new_events;
                }
                IngestOutcome::AlreadyStored => t.already += 1,
            }
            Ok(())
        },
    )?;
    *deduper = taught;
    t.already += summary.skipped;
    t.failed += summary.failures();
    t.other_language += summary.non_english.values().sum::<usize>();
    Ok(t)
}

/// `sitrep ingest`.
pub fn ingest(args: IngestArgs) -> Result<()> {
    let started = Instant::now();
    let mut store = args.db.open()?;
    let coder = Coder::load(&args.sources.sources())?;
    let mut deduper = seeded_deduper(&store)?;
    let t = ingest_inputs(&mut store, &coder, &mut deduper, &args.files, &args.read)?;
    let secs = started.elapsed().as_secs_f64();
    let counts = store.counts()?;
    eprintln!(
        "sitrep ingest: {} new ({} events), {} copies ({} mentions), {} already stored, {} not English, {} failed in {secs:.1} s; store {}: {} documents, {} events, {} mentions",
        t.new,
        t.events,
        t.duplicates,
        t.mentions,
        t.already,
        t.other_language,
        t.failed,
        store.path().map(|p| p.display().to_string()).unwrap_or_default(),
        counts.documents,
        counts.events,
        counts.mentions
    );
    if t.new + t.duplicates + t.already + t.other_language == 0 && t.failed > 0 {
        bail!("no document could be read ({} failed)", t.failed);
    }
    Ok(())
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    /// `sitrep/1` records, one per document.
    Jsonl,
    /// One tab-separated line per event, with a header.
    Tsv,
    /// GDELT 2.0 event table rows.
    Gdelt,
    /// PLOVER JSON records, one per line.
    Plover,
    /// Apache Parquet, one row per event (needs --output).
    Parquet,
}

/// Event filters shared by `export`.
#[derive(Args)]
pub struct FilterArgs {
    /// First day (YYYY-MM-DD).
    #[arg(long, value_parser = parse_day)]
    since: Option<NaiveDate>,
    /// Last day (YYYY-MM-DD).
    #[arg(long, value_parser = parse_day)]
    until: Option<NaiveDate>,
    /// Actor code prefix, as source or target (`RUS`, `UKRMIL`).
    #[arg(long)]
    actor: Option<String>,
    /// CAMEO root code (`19`).
    #[arg(long)]
    root: Option<String>,
    /// Modality (`asserted`, `negated`, `future`, …).
    #[arg(long)]
    modality: Option<String>,
}

/// Arguments of `sitrep export`.
#[derive(Args)]
pub struct ExportArgs {
    #[command(flatten)]
    db: DbArg,
    /// Output format.
    #[arg(long, value_enum, default_value = "jsonl")]
    format: ExportFormat,
    /// Output file (default: standard output).
    #[arg(long, short)]
    output: Option<PathBuf>,
    #[command(flatten)]
    filters: FilterArgs,
}

/// `sitrep export`.
pub fn export(args: ExportArgs) -> Result<()> {
    let store = args.db.open_existing()?;
    let format = match args.format {
        ExportFormat::Jsonl => Format::Jsonl,
        ExportFormat::Tsv => Format::Tsv,
        ExportFormat::Gdelt => Format::Gdelt,
        ExportFormat::Plover => Format::Plover,
        ExportFormat::Parquet => Format::Parquet,
    };
    let f = args.filters;
    let filters = Filters {
        since: f.since,
        until: f.until,
        actor: f.actor,
        root: f.root,
        modality: f.modality,
    };
    let stats = match &args.output {
        Some(path) => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?;
            sitrep_store::export(&store, format, &filters, file)?
        }
        None => {
            if matches!(format, Format::Parquet) {
                bail!("Parquet is binary: give --output FILE.parquet");
            }
            sitrep_store::export(&store, format, &filters, std::io::stdout())?
        }
    };
    eprintln!(
        "sitrep export: {} events from {} documents",
        stats.events, stats.documents
    );
    Ok(())
}

/// Arguments of `sitrep trend`.
#[derive(Args)]
pub struct TrendArgs {
    /// First actor code (prefix), e.g. RUS.
    a: String,
    /// Second actor code; without it, the first actor against everyone.
    b: Option<String>,
    #[command(flatten)]
    db: DbArg,
    /// First day (default: 30 days before --until).
    #[arg(long, value_parser = parse_day)]
    since: Option<NaiveDate>,
    /// Last day (default: the last day with events in the store).
    #[arg(long, value_parser = parse_day)]
    until: Option<NaiveDate>,
    /// Group actors by sector (RUSMIL, RUSGOV…) instead of by country.
    #[arg(long)]
    sector: bool,
    /// Modality counted: `asserted` (default), another modality, or `any`.
    #[arg(long, default_value = "asserted")]
    modality: String,
    /// Days in the index window.
    #[arg(long, default_value_t = 7)]
    window: usize,
    /// Days in the index baseline.
    #[arg(long, default_value_t = 28)]
    baseline: usize,
    /// Draw the series and index to FILE.svg or FILE.png.
    #[arg(long)]
    plot: Option<PathBuf>,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

fn series_options(sector: bool, modality: &str) -> SeriesOptions {
    SeriesOptions {
        level: if sector {
            Level::Sector
        } else {
            Level::Country
        },
        modality: (modality != "any").then(|| modality.to_string()),
    }
}

/// `sitrep trend`.
pub fn trend(args: TrendArgs) -> Result<()> {
    let store = args.db.open_existing()?;
    let Some(until) = args.until.or(store.last_day()?) else {
        bail!("the store has no dated events yet");
    };
    let since = args.since.unwrap_or(until - chrono::Duration::days(30));
    if since > until {
        bail!("--since {since} is after --until {until}");
    }
    if args.window == 0 || args.baseline == 0 {
        bail!("--window and --baseline must be at least 1 day");
    }
    let params = IndexParams {
        window: args.window,
        baseline: args.baseline,
        ..IndexParams::default()
    };
    let opts = series_options(args.sector, &args.modality);
    let trends = sitrep_aggregate::trend(
        &store,
        &args.a,
        args.b.as_deref(),
        since,
        until,
        &opts,
        &params,
    )?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.json {
        serde_json::to_writer_pretty(&mut out, &trends)?;
        writeln!(out)?;
    } else {
        for t in &trends {
            let s = &t.series;
            let name = if s.b.is_empty() {
                s.a.clone()
            } else {
                format!("{}-{}", s.a, s.b)
            };
            writeln!(
                out,
                "# {name}: {} to {}, {} events; index window {} days, baseline {} days",
                since,
                until,
                s.days.iter().map(|d| d.events()).sum::<u32>(),
                params.window,
                params.baseline
            )?;
            writeln!(
                out,
                "day\tverb_coop\tmat_coop\tverb_conf\tmat_conf\tgoldstein_sum\tgoldstein_mean\tconflict\tcooperation\tindex"
            )?;
            for (d, p) in s.days.iter().zip(&t.index) {
                let mean = d
                    .goldstein_mean
                    .map(|m| format!("{m:.2}"))
                    .unwrap_or_else(|| "-".into());
                let index = p
                    .value
                    .map(|v| format!("{v:.2}"))
                    .unwrap_or_else(|| "-".into());
                let gap = if d.covered { "" } else { "\t(no news)" };
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{}\t{:.1}\t{mean}\t{:.1}\t{:.1}\t{index}{gap}",
                    d.day,
                    d.quad[0],
                    d.quad[1],
                    d.quad[2],
                    d.quad[3],
                    d.goldstein_sum,
                    d.conflict,
                    d.cooperation
                )?;
            }
        }
    }
    out.flush()?;
    if let Some(path) = &args.plot {
        let Some(t) = trends.first() else {
            bail!("nothing to plot");
        };
        let title = if t.series.b.is_empty() {
            format!("{}: conflict and cooperation", t.series.a)
        } else {
            format!("{} – {}: conflict and cooperation", t.series.a, t.series.b)
        };
        let svg = sitrep_aggregate::plot::svg(t, &title);
        let bytes = match path.extension().and_then(|e| e.to_str()) {
            Some("svg") => svg.into_bytes(),
            Some("png") => sitrep_aggregate::plot::png(&svg).map_err(anyhow::Error::msg)?,
            _ => bail!(
                "--plot {}: the file must end in .svg or .png",
                path.display()
            ),
        };
        std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!("sitrep trend: wrote {}", path.display());
    }
    Ok(())
}

/// Arguments of `sitrep alerts`.
#[derive(Args)]
pub struct AlertsArgs {
    /// Rules file (TOML).
    #[arg(long)]
    rules: PathBuf,
    #[command(flatten)]
    db: DbArg,
    /// Evaluate the window ending on this day (default: the last day with events).
    #[arg(long, value_parser = parse_day)]
    as_of: Option<NaiveDate>,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

fn print_alerts(alerts: &[Alert], json: bool) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for a in alerts {
        if json {
            serde_json::to_writer(&mut out, a)?;
            writeln!(out)?;
        } else {
            write!(out, "{a}")?;
        }
    }
    out.flush()?;
    Ok(())
}

/// `sitrep alerts`.
pub fn alerts(args: AlertsArgs) -> Result<()> {
    let rules = Rules::load(&args.rules)?;
    let store = args.db.open_existing()?;
    let alerts = evaluate(&store, &rules, args.as_of)?;
    print_alerts(&alerts, args.json)?;
    eprintln!(
        "sitrep alerts: {} of {} rules fired",
        alerts.len(),
        rules.rule.len()
    );
    Ok(())
}

/// Arguments of `sitrep watch`.
#[derive(Args)]
pub struct WatchArgs {
    /// Feeds, pages or files to poll (files, http(s) URLs); each poll codes and stores the
    /// documents not stored yet (feeds are fetched with conditional GET).
    #[arg(required = true)]
    feeds: Vec<String>,
    /// Rules file (TOML).
    #[arg(long)]
    rules: PathBuf,
    #[command(flatten)]
    db: DbArg,
    #[command(flatten)]
    read: ReadArgs,
    /// Seconds between polls.
    #[arg(long, default_value_t = 300)]
    interval: u64,
    /// POST each new alert as JSON to this http:// URL.
    #[arg(long)]
    webhook: Option<String>,
    /// Stop after this many polls (default: run until killed).
    #[arg(long)]
    polls: Option<u64>,
    /// Directory with the language models.
    #[arg(long)]
    models: Option<PathBuf>,
}

/// One poll of `sitrep watch`: read new documents, evaluate the rules, report alerts not
/// reported before. The reading is a closure so that feed readers plug in without changing
/// the loop.
pub fn poll(
    store: &mut Store,
    read_new: &mut dyn FnMut(&mut Store) -> Result<usize>,
    rules: &Rules,
    watcher: &mut Watcher,
    report: &mut dyn FnMut(&Alert) -> Result<()>,
) -> Result<(usize, usize)> {
    let stored = read_new(store)?;
    let fresh = watcher.fresh(evaluate(store, rules, None)?);
    for a in &fresh {
        report(a)?;
    }
    Ok((stored, fresh.len()))
}

/// `sitrep watch`.
pub fn watch(args: WatchArgs) -> Result<()> {
    let rules = Rules::load(&args.rules)?;
    let mut store = args.db.open()?;
    let coder = Coder::load(&Sources {
        dicts: &[],
        replace_defaults: false,
        models: args.models.as_deref(),
    })?;
    let mut watcher = Watcher::default();
    let mut deduper = seeded_deduper(&store)?;
    let feeds = args.feeds.clone();
    let read = args.read.clone();
    let mut read_new = |store: &mut Store| -> Result<usize> {
        let t = ingest_inputs(store, &coder, &mut deduper, &feeds, &read)?;
        Ok(t.new + t.duplicates)
    };
    let webhook = args.webhook.clone();
    let mut report = |a: &Alert| -> Result<()> {
        print_alerts(std::slice::from_ref(a), false)?;
        if let Some(url) = &webhook {
            let body = serde_json::to_string(a)?;
            // A webhook that is down must not stop the watch: say so and go on.
            if let Err(e) = post_webhook(url, &body, Duration::from_secs(10)) {
                eprintln!("sitrep watch: {e}");
            }
        }
        Ok(())
    };
    let mut n = 0u64;
    loop {
        let started = Instant::now();
        let (stored, fresh) = poll(&mut store, &mut read_new, &rules, &mut watcher, &mut report)?;
        n += 1;
        eprintln!(
            "sitrep watch: poll {n}: {stored} documents stored, {fresh} new alerts ({:.1} s)",
            started.elapsed().as_secs_f64()
        );
        if args.polls.is_some_and(|p| n >= p) {
            return Ok(());
        }
        std::thread::sleep(Duration::from_secs(args.interval));
    }
}

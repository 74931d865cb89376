//! `sitrep serve`: the HTTP API and dashboard over a store.

use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, Result};
use clap::Args;
use sitrep_aggregate::alerts::Rules;
use sitrep_ingest::RawDoc;
use sitrep_server::{CodeFn, Config};

use crate::code::{Coder, Sources};

/// Arguments of `sitrep serve`.
#[derive(Args)]
pub struct ServeArgs {
    /// The SQLite database (default: sitrep/sitrep.db under the user's data directory).
    #[arg(long)]
    db: Option<PathBuf>,
    /// Address to listen on. Loopback by default: the API has no authentication, so exposing
    /// it is a decision to make explicitly (and behind a proxy that adds it).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Alert rules (TOML) for `GET /api/alerts`.
    #[arg(long)]
    rules: Option<PathBuf>,
    /// Directory with the language models (for `POST /api/code`).
    #[arg(long)]
    models: Option<PathBuf>,
    /// Largest request body in bytes.
    #[arg(long, default_value_t = sitrep_server::DEFAULT_BODY_LIMIT)]
    body_limit: usize,
}

/// `sitrep serve`.
pub fn serve(args: ServeArgs) -> Result<()> {
    let db = match args.db {
        Some(p) => p,
        None => sitrep_store::default_path()
            .context("no --db given and no data directory known (set HOME or XDG_DATA_HOME)")?,
    };
    let rules = match &args.rules {
        Some(p) => Some(Arc::new(Rules::load(p)?)),
        None => None,
    };
    let coder = Arc::new(Coder::load(&Sources {
        dicts: &[],
        replace_defaults: false,
        models: args.models.as_deref(),
    })?);
    let code: CodeFn = Arc::new(move |text: String, published| {
        let raw = RawDoc {
            id: "posted".into(),
            text,
            published,
            ..RawDoc::default()
        };
        Ok(coder.code(raw, false))
    });
    let listener =
        TcpListener::bind(args.addr).with_context(|| format!("cannot listen on {}", args.addr))?;
    let local = listener.local_addr()?;
    if !local.ip().is_loopback() {
        eprintln!(
            "sitrep serve: warning: listening on {local}, reachable from other machines; the API has no authentication"
        );
    }
    // Tests and scripts read the port from this line when they ask for port 0.
    eprintln!("sitrep serve: listening on http://{local}/");
    sitrep_server::serve(
        listener,
        Config {
            db,
            rules,
            coder: Some(code),
            body_limit: args.body_limit,
        },
    )
    .context("the server stopped")
}

/// Arguments of `sitrep demo`.
#[derive(Args)]
pub struct DemoArgs {
    /// Where to build the demo store (default: sitrep-demo.db in the system's temp directory;
    /// it is rebuilt on every run).
    #[arg(long)]
    db: Option<PathBuf>,
}

/// `sitrep demo`: ingests the bundled example corpus (a WARC crawl of a fictional
/// Armenia–Azerbaijan crisis), replays the alert rules day by day as `sitrep watch` would have
/// reported them, and prints the most escalating pairs on the story's peak day.
pub fn demo(args: DemoArgs) -> Result<()> {
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/corpus");
    let warc = corpus.join("crawl.warc.gz");
    let rules_path = corpus.join("alerts.toml");
    if !warc.exists() {
        anyhow::bail!("the example corpus is missing: no {}", warc.display());
    }
    let db = args
        .db
        .unwrap_or_else(|| std::env::temp_dir().join("sitrep-demo.db"));
    for suffix in ["", "-wal", "-shm"] {
        let mut p = db.clone().into_os_string();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
    println!(
        "# 1. sitrep ingest --db {} {}",
        db.display(),
        warc.display()
    );
    let cli = <crate::Cli as clap::Parser>::try_parse_from([
        "sitrep".as_ref(),
        "ingest".as_ref(),
        "--db".as_ref(),
        db.as_os_str(),
        warc.as_os_str(),
    ])?;
    crate::run(cli)?;
    let store = sitrep_store::Store::open(&db)?;
    let rules = Rules::load(&rules_path)?;
    let (Some(first), Some(last)) = (
        store.documents_per_day(None, None)?.first().map(|d| d.day),
        store.last_day()?,
    ) else {
        anyhow::bail!("the demo store has no dated events");
    };
    println!(
        "\n# 2. alerts, replayed day by day from {first} to {last} ({})",
        rules_path.display()
    );
    let mut watcher = sitrep_aggregate::alerts::Watcher::default();
    let params = sitrep_aggregate::index::IndexParams::default();
    let opts = sitrep_aggregate::series::SeriesOptions::default();
    let mut peak: Option<(f64, chrono::NaiveDate)> = None;
    let mut day = first;
    while day <= last {
        for alert in watcher.fresh(sitrep_aggregate::alerts::evaluate(
            &store,
            &rules,
            Some(day),
        )?) {
            print!("{alert}");
        }
        let top = sitrep_aggregate::top_pairs(&store, day, &opts, &params)?;
        if let Some(v) = top.iter().find(|p| p.a != p.b).and_then(|p| p.point.value) {
            if peak.is_none_or(|(best, _)| v > best) {
                peak = Some((v, day));
            }
        }
        day += chrono::Duration::days(1);
    }
    if let Some((_, day)) = peak {
        println!("\n# 3. most escalating pairs on the peak day, {day} (index: see `sitrep trend`)");
        println!("pair\tindex\tconflict events in window\trecent\tbaseline median");
        let top = sitrep_aggregate::top_pairs(&store, day, &opts, &params)?;
        for p in top.iter().filter(|p| p.a != p.b).take(5) {
            let v = p
                .point
                .value
                .map(|v| format!("{v:.2}"))
                .unwrap_or_else(|| "-".into());
            println!(
                "{}-{}\t{v}\t{}\t{:.1}\t{:.1}",
                p.a, p.b, p.events, p.point.recent, p.point.baseline_median
            );
        }
    }
    let as_of = peak.map(|(_, d)| format!("?as_of={d}")).unwrap_or_default();
    println!(
        "\n# 4. see it: sitrep serve --db {} --rules {}   (then open http://127.0.0.1:8080/{as_of})",
        db.display(),
        rules_path.display()
    );
    Ok(())
}

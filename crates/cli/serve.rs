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

//! sitrep's HTTP API and dashboard: the store's events, actors, pairs with their escalation
//! index, alerts, and on-demand coding, as JSON over HTTP, plus one self-contained HTML page
//! that draws them.
//!
//! # Endpoints
//!
//! | route | what |
//! |---|---|
//! | `GET /` | the dashboard (inline JS and SVG, no external resources) |
//! | `GET /api/events` | stored events, newest first; filters `since`, `until`, `actor`, `root`, `modality`; paging `limit` (1–1000) and `cursor` |
//! | `GET /api/actors` | actor codes by event count; `since`, `until`, `level`, `limit` |
//! | `GET /api/pairs` | country pairs with their escalation index, most escalating first |
//! | `GET /api/pairs/{a}/{b}` | a pair's daily series and index |
//! | `GET /api/network` | actor pairs with events in the last `days` days (the dashboard's network) |
//! | `GET /api/alerts` | the server's alert rules evaluated now |
//! | `POST /api/code` | codes `{"text", "published"}` and returns its `sitrep/1` record, storing nothing |
//! | `GET /openapi.json` | an OpenAPI 3.0 description of all of these |
//!
//! Every error is JSON, `{"error": "...", "code": "..."}`, with a 4xx status for anything the
//! request got wrong (bad dates or limits, unknown pairs, malformed or oversized bodies) and
//! 500 only for failures of the server itself (the database unreadable).
//!
//! # Threads and connections
//!
//! A [`sitrep_store::Store`] is one SQLite connection and is not `Sync`, so each request
//! borrows a connection from a small pool, uses it on tokio's blocking threads and gives it
//! back. SQLite's WAL mode lets these readers run beside an `ingest` writing to the same file.
//!
//! # Coding
//!
//! The coder (models, dictionaries, patterns) lives in the `sitrep` binary, so the server takes
//! it as a closure, [`CodeFn`]; without one `POST /api/code` answers 501.
//!
//! # Example
//!
//! ```no_run
//! use sitrep_server::{serve, Config};
//!
//! let config = Config::new("sitrep.db");
//! let listener = std::net::TcpListener::bind("127.0.0.1:8080").unwrap();
//! serve(listener, config).unwrap();
//! ```
#![deny(missing_docs)]

mod api;
mod dashboard;
mod error;
mod openapi;

use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;
use chrono::NaiveDate;
use sitrep_aggregate::alerts::Rules;
use sitrep_doc::output::Record;
use sitrep_store::{Store, StoreError};

pub use error::ApiError;

/// Codes one posted article: its text and publication date to a `sitrep/1` record, or a
/// message saying why it could not.
pub type CodeFn = Arc<dyn Fn(String, Option<NaiveDate>) -> Result<Record, String> + Send + Sync>;

/// Largest request body accepted, in bytes; a larger one gets 413.
pub const DEFAULT_BODY_LIMIT: usize = 1 << 20;

/// What the server serves.
#[derive(Clone)]
pub struct Config {
    /// The store's database file; it must exist (the server never creates one).
    pub db: PathBuf,
    /// Alert rules for `GET /api/alerts`; `None` answers an empty list with a note.
    pub rules: Option<Arc<Rules>>,
    /// The coder for `POST /api/code`; `None` answers 501.
    pub coder: Option<CodeFn>,
    /// Largest request body, in bytes.
    pub body_limit: usize,
}

impl Config {
    /// A configuration serving `db` with no rules, no coder and the default body limit.
    pub fn new(db: impl Into<PathBuf>) -> Config {
        Config {
            db: db.into(),
            rules: None,
            coder: None,
            body_limit: DEFAULT_BODY_LIMIT,
        }
    }
}

/// Shared by every request.
pub(crate) struct AppState {
    config: Config,
    /// Idle connections: opening one costs a few pragmas and a schema check, so they are kept.
    pool: Mutex<Vec<Store>>,
}

impl AppState {
    /// Runs `f` with a store connection on a blocking thread (SQLite calls block).
    pub(crate) async fn with_store<T, F>(self: &Arc<Self>, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
    {
        let state = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let store = state.take()?;
            let out = f(&store);
            state.give_back(store);
            out
        })
        .await
        .map_err(|e| ApiError::internal(format!("a request's worker failed: {e}")))?
    }

    fn take(&self) -> Result<Store, ApiError> {
        let idle = self.pool.lock().ok().and_then(|mut p| p.pop());
        match idle {
            Some(s) => Ok(s),
            None => Store::open(&self.config.db).map_err(|e| {
                ApiError::internal(format!(
                    "cannot open the store {}: {e}",
                    self.config.db.display()
                ))
            }),
        }
    }

    fn give_back(&self, store: Store) {
        // Keep as many connections as tokio keeps blocking threads busy, within reason.
        if let Ok(mut p) = self.pool.lock() {
            if p.len() < 64 {
                p.push(store);
            }
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        match e {
            StoreError::BadQuery(m) => ApiError::bad_request("bad_query", m),
            other => ApiError::internal(other.to_string()),
        }
    }
}

/// The application: every route, the body limit and the JSON fallbacks.
pub fn router(config: Config) -> Router {
    let limit = config.body_limit;
    let state = Arc::new(AppState {
        config,
        pool: Mutex::new(Vec::new()),
    });
    Router::new()
        .route("/", get(dashboard::page))
        .route("/openapi.json", get(openapi::document))
        .route("/api/events", get(api::events))
        .route("/api/actors", get(api::actors))
        .route("/api/pairs", get(api::pairs))
        .route("/api/pairs/{a}/{b}", get(api::pair))
        .route("/api/network", get(api::network))
        .route("/api/alerts", get(api::alerts))
        .route("/api/code", post(api::code))
        .fallback(api::not_found)
        .method_not_allowed_fallback(api::method_not_allowed)
        .layer(DefaultBodyLimit::max(limit))
        .layer(axum::middleware::map_response(nosniff))
        .with_state(state)
}

/// Browsers must take JSON as JSON: an article's `<script>` inside an API answer is then never
/// sniffed into HTML.
async fn nosniff(mut response: axum::response::Response) -> axum::response::Response {
    response.headers_mut().insert(
        axum::http::header::X_CONTENT_TYPE_OPTIONS,
        axum::http::HeaderValue::from_static("nosniff"),
    );
    response
}

/// Checks that the store exists and opens, then serves on `listener` until the process ends.
/// Blocks the calling thread (it runs its own tokio runtime).
pub fn serve(listener: TcpListener, config: Config) -> std::io::Result<()> {
    if !config.db.exists() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!(
                "no store at {}: run `sitrep ingest --db {} FILES…` first",
                config.db.display(),
                config.db.display()
            ),
        ));
    }
    Store::open(&config.db)
        .map_err(|e| std::io::Error::other(format!("cannot open {}: {e}", config.db.display())))?;
    listener.set_nonblocking(true)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_io()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        axum::serve(listener, router(config)).await
    })
}

//! HTTP(S) fetching with `ureq` (blocking, rustls): a whole-request timeout, redirects
//! (up to 10), gzip bodies, a size cap, a polite per-host interval and conditional GET.
//!
//! Conditional GET: after a `200` the response's `ETag` and `Last-Modified` are kept in a small
//! JSON file ([`ReadOptions::http_cache`]) and sent back as `If-None-Match` /
//! `If-Modified-Since` next time; a `304 Not Modified` means nothing new, and the feed yields no
//! documents. Only the validators are kept, never the bodies.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{LazyLock, Mutex};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::{IngestError, ReadOptions};

/// A fetched body.
#[derive(Clone, Debug, Default)]
pub struct Fetched {
    /// The URL the body came from, after redirects.
    pub url: String,
    /// The body (gzip content-encoding already undone).
    pub body: Vec<u8>,
    /// `Content-Type`.
    pub content_type: Option<String>,
    /// The server answered `304 Not Modified`: `body` is empty.
    pub not_modified: bool,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Validators {
    #[serde(skip_serializing_if = "Option::is_none")]
    etag: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_modified: Option<String>,
}

/// When each host may next be asked.
static NEXT_SLOT: LazyLock<Mutex<HashMap<String, Instant>>> = LazyLock::new(Default::default);
/// Serialises reads and writes of the validator file within this process.
static CACHE_LOCK: Mutex<()> = Mutex::new(());

/// The validator file: the option's path, else the user cache directory.
pub fn cache_path(opts: &ReadOptions) -> Option<PathBuf> {
    if let Some(p) = &opts.http_cache {
        return Some(p.clone());
    }
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    Some(base.join("sitrep").join("http.json"))
}

fn load_cache(path: &std::path::Path) -> HashMap<String, Validators> {
    std::fs::read(path)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

fn save_cache(path: &std::path::Path, cache: &HashMap<String, Validators>) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, serde_json::to_vec_pretty(cache)?)?;
    std::fs::rename(tmp, path)
}

fn host_of(url: &str) -> String {
    url.parse::<ureq::http::Uri>()
        .ok()
        .and_then(|u| u.authority().map(|a| a.to_string()))
        .unwrap_or_default()
}

/// Waits until `host` may be asked again, and books the next slot.
fn wait_turn(host: &str, interval: Duration) {
    let wait = {
        let mut slots = NEXT_SLOT.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        let slot = slots.get(host).copied().filter(|s| *s > now).unwrap_or(now);
        slots.insert(host.to_string(), slot + interval);
        slot - now
    };
    if !wait.is_zero() {
        std::thread::sleep(wait);
    }
}

/// Fetches `url` with conditional GET (when [`ReadOptions::conditional_get`] is on).
pub fn fetch(url: &str, opts: &ReadOptions) -> Result<Fetched, IngestError> {
    let cache_file = opts.conditional_get.then(|| cache_path(opts)).flatten();
    let known = cache_file.as_deref().and_then(|p| {
        let _guard = CACHE_LOCK.lock().unwrap_or_else(|e| e.into_inner());
        load_cache(p).remove(url)
    });
    let fetched = get(url, opts, known.as_ref())?;
    if let (Some(path), false) = (cache_file, fetched.fetched.not_modified) {
        let _guard = CACHE_LOCK.lock().unwrap_or_else(|e| e.into_inner());
        let mut cache = load_cache(&path);
        let validators = fetched_validators(&fetched);
        if validators.etag.is_some() || validators.last_modified.is_some() {
            cache.insert(url.to_string(), validators);
        } else {
            cache.remove(url);
        }
        // A cache that cannot be written costs a full fetch next time, not this one.
        let _ = save_cache(&path, &cache);
    }
    Ok(fetched.fetched)
}

/// Fetches `url` unconditionally (linked article pages).
pub fn fetch_uncached(url: &str, opts: &ReadOptions) -> Result<Fetched, IngestError> {
    Ok(get(url, opts, None)?.fetched)
}

struct Response {
    fetched: Fetched,
    etag: Option<String>,
    last_modified: Option<String>,
}

fn fetched_validators(r: &Response) -> Validators {
    Validators {
        etag: r.etag.clone(),
        last_modified: r.last_modified.clone(),
    }
}

fn get(url: &str, opts: &ReadOptions, known: Option<&Validators>) -> Result<Response, IngestError> {
    let error = |message: String| IngestError::Http {
        url: url.to_string(),
        message,
    };
    let host = host_of(url);
    if host.is_empty() {
        return Err(error("not a valid http(s) URL".into()));
    }
    wait_turn(&host, opts.min_host_interval);
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(opts.http_timeout))
        .max_redirects(10)
        .http_status_as_error(false)
        .user_agent(opts.user_agent.as_str())
        .build()
        .into();
    let mut request = agent.get(url);
    if let Some(v) = known {
        if let Some(etag) = &v.etag {
            request = request.header("If-None-Match", etag);
        }
        if let Some(date) = &v.last_modified {
            request = request.header("If-Modified-Since", date);
        }
    }
    let mut response = request.call().map_err(|e| error(describe(&e, opts)))?;
    let status = response.status();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let (etag, last_modified, content_type) = (
        header("etag"),
        header("last-modified"),
        header("content-type"),
    );
    let final_url = ureq::ResponseExt::get_uri(&response).to_string();
    if status == 304 {
        return Ok(Response {
            fetched: Fetched {
                url: final_url,
                not_modified: true,
                ..Fetched::default()
            },
            etag,
            last_modified,
        });
    }
    if status != 200 {
        return Err(error(format!(
            "HTTP {} {}",
            status.as_u16(),
            status.canonical_reason().unwrap_or("")
        )));
    }
    let body = response
        .body_mut()
        .with_config()
        .limit(opts.max_record_bytes as u64)
        .read_to_vec()
        .map_err(|e| error(format!("reading the body: {}", describe(&e, opts))))?;
    Ok(Response {
        fetched: Fetched {
            url: final_url,
            body,
            content_type,
            not_modified: false,
        },
        etag,
        last_modified,
    })
}

fn describe(e: &ureq::Error, opts: &ReadOptions) -> String {
    match e {
        ureq::Error::Timeout(_) => format!("timed out after {:?}", opts.http_timeout),
        ureq::Error::BodyExceedsLimit(limit) => {
            format!("body is larger than the limit of {limit} bytes")
        }
        ureq::Error::TooManyRedirects => "too many redirects (more than 10)".into(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_spaced_by_the_interval() {
        let interval = Duration::from_millis(60);
        let started = Instant::now();
        for _ in 0..3 {
            wait_turn("spacing.test:80", interval);
        }
        assert!(started.elapsed() >= Duration::from_millis(120));
        let other = Instant::now();
        wait_turn("other.test:80", interval);
        assert!(other.elapsed() < Duration::from_millis(50));
    }

    #[test]
    fn hosts_are_read_from_urls() {
        assert_eq!(
            host_of("https://wire.example:8443/feed.xml?x=1"),
            "wire.example:8443"
        );
        assert_eq!(host_of("not a url"), "");
    }
}

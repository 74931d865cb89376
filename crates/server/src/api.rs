//! The JSON endpoints: parameter checking, one store call each, and the answer's shape.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, Uri};
use axum::Json;
use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sitrep_aggregate::alerts::evaluate;
use sitrep_aggregate::index::IndexParams;
use sitrep_aggregate::series::{Level, SeriesOptions};
use sitrep_store::{Filters, Page, Store};

use crate::error::ApiError;
use crate::AppState;

type St = State<Arc<AppState>>;
type Answer = Result<Json<Value>, ApiError>;

/// Largest page of `GET /api/events`.
pub(crate) const MAX_LIMIT: usize = 1000;

/// The modalities the coder writes; anything else in a filter is a typo.
pub(crate) const MODALITIES: &[&str] = &[
    "asserted",
    "negated",
    "future",
    "hypothetical",
    "conditional",
    "proposed",
];

/// A request's query parameters, checked against the names a route knows.
struct Params(HashMap<String, String>);

impl Params {
    fn new(
        query: Result<Query<Vec<(String, String)>>, QueryRejection>,
        known: &[&str],
    ) -> Result<Params, ApiError> {
        let Query(pairs) = query.map_err(|e| ApiError::bad_request("bad_query", e.body_text()))?;
        let mut map = HashMap::new();
        for (k, v) in pairs {
            if !known.contains(&k.as_str()) {
                return Err(ApiError::bad_request(
                    "unknown_parameter",
                    format!(
                        "unknown query parameter {k:?}; this endpoint takes {}",
                        known.join(", ")
                    ),
                ));
            }
            if map.insert(k.clone(), v).is_some() {
                return Err(ApiError::bad_request(
                    "repeated_parameter",
                    format!("query parameter {k:?} given twice"),
                ));
            }
        }
        Ok(Params(map))
    }

    fn str(&self, name: &str) -> Option<&str> {
        self.0
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    fn date(&self, name: &str) -> Result<Option<NaiveDate>, ApiError> {
        self.str(name).map(|v| parse_date(name, v)).transpose()
    }

    fn number(
        &self,
        name: &str,
        min: usize,
        max: usize,
        default: usize,
    ) -> Result<usize, ApiError> {
        let Some(v) = self.str(name) else {
            return Ok(default);
        };
        match v.parse::<usize>() {
            Ok(n) if (min..=max).contains(&n) => Ok(n),
            _ => Err(ApiError::bad_request(
                if name == "limit" {
                    "bad_limit"
                } else {
                    "bad_number"
                },
                format!("{name}={v:?} must be a whole number from {min} to {max}"),
            )),
        }
    }

    fn level(&self) -> Result<Level, ApiError> {
        match self.str("level") {
            None | Some("country") => Ok(Level::Country),
            Some("sector") => Ok(Level::Sector),
            Some(v) => Err(ApiError::bad_request(
                "bad_level",
                format!("level={v:?} must be country or sector"),
            )),
        }
    }
}

pub(crate) fn parse_date(name: &str, v: &str) -> Result<NaiveDate, ApiError> {
    // The strict form only: `2025-3-7` or `2025-03-07T00:00` are more likely mistakes than
    // dates, and a filter silently widened by a lenient parse would mislead.
    let ok = v.len() == 10 && v.as_bytes()[4] == b'-' && v.as_bytes()[7] == b'-';
    match NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        Ok(d) if ok => Ok(d),
        _ => Err(ApiError::bad_request(
            "bad_date",
            format!("{name}={v:?} is not a YYYY-MM-DD date"),
        )),
    }
}

fn check_range(since: Option<NaiveDate>, until: Option<NaiveDate>) -> Result<(), ApiError> {
    match (since, until) {
        (Some(s), Some(u)) if s > u => Err(ApiError::bad_request(
            "bad_range",
            format!("since={s} is after until={u}"),
        )),
        _ => Ok(()),
    }
}

/// An actor code from a path or filter: letters and digits, as the coder writes them.
fn actor_code(name: &str, v: &str) -> Result<String, ApiError> {
    if v.is_empty() || v.len() > 15 || !v.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(ApiError::bad_request(
            "bad_actor",
            format!("{name}={v:?} is not an actor code (letters and digits, e.g. RUS or UKRMIL)"),
        ));
    }
    Ok(v.to_ascii_uppercase())
}

fn modality(p: &Params) -> Result<Option<String>, ApiError> {
    match p.str("modality") {
        None => Ok(None),
        Some(m) if MODALITIES.contains(&m) => Ok(Some(m.to_string())),
        Some(m) => Err(ApiError::bad_request(
            "bad_modality",
            format!("modality={m:?} must be one of {}", MODALITIES.join(", ")),
        )),
    }
}

/// `GET /api/events`.
pub(crate) async fn events(
    State(state): St,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Answer {
    let p = Params::new(
        query,
        &[
            "since", "until", "actor", "root", "modality", "limit", "cursor",
        ],
    )?;
    let since = p.date("since")?;
    let until = p.date("until")?;
    check_range(since, until)?;
    let actor = p.str("actor").map(|a| actor_code("actor", a)).transpose()?;
    let root = match p.str("root") {
        Some(r) if r.len() == 2 && r.bytes().all(|b| b.is_ascii_digit()) => Some(r.to_string()),
        Some(r) => {
            return Err(ApiError::bad_request(
                "bad_root",
                format!("root={r:?} must be a two-digit CAMEO root code (01 to 20)"),
            ))
        }
        None => None,
    };
    let filters = Filters {
        since,
        until,
        actor,
        root,
        modality: modality(&p)?,
    };
    let page = Page {
        limit: p.number("limit", 1, MAX_LIMIT, 100)?,
        cursor: p.str("cursor").map(String::from),
    };
    let out = state
        .with_store(move |s| Ok(s.query_events(&filters, &page)?))
        .await?;
    Ok(Json(json!({"events": out.events, "next": out.next})))
}

/// An actor's event count (`GET /api/actors`).
#[derive(Serialize)]
struct ActorCount {
    code: String,
    events: u32,
    as_source: u32,
    as_target: u32,
}

fn group(level: Option<Level>, code: &str) -> String {
    match level {
        Some(l) => l.key(code),
        None => code.to_string(),
    }
}

/// `GET /api/actors`.
pub(crate) async fn actors(
    State(state): St,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Answer {
    let p = Params::new(query, &["since", "until", "level", "modality", "limit"])?;
    let since = p.date("since")?;
    let until = p.date("until")?;
    check_range(since, until)?;
    let level = match p.str("level") {
        Some("code") | None => None,
        Some(_) => Some(p.level()?),
    };
    let modality = modality(&p)?;
    let limit = p.number("limit", 1, MAX_LIMIT, 50)?;
    let counts = state
        .with_store(move |s| {
            let mut by: BTreeMap<String, ActorCount> = BTreeMap::new();
            for e in s.pair_events(None, None, since, until)? {
                if modality.as_ref().is_some_and(|m| *m != e.modality) {
                    continue;
                }
                let src = group(level, &e.source);
                let tgt = group(level, &e.target);
                for (code, is_source) in [(src.clone(), true), (tgt.clone(), false)] {
                    // An event within one group (RUSGOV → RUSMIL at country level) counts once.
                    if code.is_empty() || (!is_source && code == src) {
                        continue;
                    }
                    let c = by.entry(code.clone()).or_insert(ActorCount {
                        code,
                        events: 0,
                        as_source: 0,
                        as_target: 0,
                    });
                    c.events += 1;
                    if is_source {
                        c.as_source += 1;
                    } else {
                        c.as_target += 1;
                    }
                }
            }
            let mut v: Vec<ActorCount> = by.into_values().collect();
            v.sort_by(|a, b| b.events.cmp(&a.events).then(a.code.cmp(&b.code)));
            v.truncate(limit);
            Ok(v)
        })
        .await?;
    Ok(Json(
        json!({"since": since, "until": until, "actors": counts}),
    ))
}

fn index_params(p: &Params) -> Result<IndexParams, ApiError> {
    Ok(IndexParams {
        window: p.number("window", 1, 365, 7)?,
        baseline: p.number("baseline", 1, 3650, 28)?,
        ..IndexParams::default()
    })
}

/// The day an index is for: `as_of`, else the store's last day with events.
fn as_of(s: &Store, given: Option<NaiveDate>) -> Result<Option<NaiveDate>, ApiError> {
    Ok(match given {
        Some(d) => Some(d),
        None => s.last_day()?,
    })
}

/// `GET /api/pairs`.
pub(crate) async fn pairs(
    State(state): St,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Answer {
    let p = Params::new(query, &["as_of", "limit", "level", "window", "baseline"])?;
    let given = p.date("as_of")?;
    let limit = p.number("limit", 1, MAX_LIMIT, 20)?;
    let params = index_params(&p)?;
    let opts = SeriesOptions {
        level: p.level()?,
        ..SeriesOptions::default()
    };
    state
        .with_store(move |s| {
            let Some(day) = as_of(s, given)? else {
                return Ok(Json(json!({"as_of": null, "pairs": [],
                    "note": "the store has no dated events yet"})));
            };
            let mut pairs = sitrep_aggregate::top_pairs(s, day, &opts, &params)?;
            // Events within one country (ARMGOV → ARMMIL) are not a pair of sides.
            pairs.retain(|p| p.a != p.b);
            pairs.truncate(limit);
            Ok(Json(json!({"as_of": day, "window": params.window,
                "baseline": params.baseline, "pairs": pairs})))
        })
        .await
}

/// `GET /api/pairs/{a}/{b}`.
pub(crate) async fn pair(
    State(state): St,
    path: Result<Path<(String, String)>, PathRejection>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Answer {
    let p = Params::new(
        query,
        &["since", "until", "level", "modality", "window", "baseline"],
    )?;
    let Path((a, b)) = path.map_err(|e| ApiError::bad_request("bad_path", e.body_text()))?;
    let a = actor_code("a", &a)?;
    let b = actor_code("b", &b)?;
    let since = p.date("since")?;
    let until = p.date("until")?;
    check_range(since, until)?;
    let params = index_params(&p)?;
    let opts = SeriesOptions {
        level: p.level()?,
        modality: Some(modality(&p)?.unwrap_or_else(|| "asserted".into())),
    };
    state
        .with_store(move |s| {
            let known = s.pair_events(Some(&a), Some(&b), None, None)?;
            if known.is_empty() {
                return Err(ApiError::not_found(
                    "unknown_pair",
                    format!("the store has no event between {a} and {b}"),
                ));
            }
            let until = match until.or(s.last_day()?) {
                Some(u) => u,
                None => return Err(ApiError::not_found("unknown_pair", "no dated events")),
            };
            let since = since.unwrap_or(until - Duration::days(60));
            if since > until {
                return Err(ApiError::bad_request(
                    "bad_range",
                    format!("since={since} is after the last day {until}"),
                ));
            }
            if (until - since).num_days() > 3660 {
                return Err(ApiError::bad_request(
                    "bad_range",
                    "a series covers at most ten years",
                ));
            }
            let trends = sitrep_aggregate::trend(s, &a, Some(&b), since, until, &opts, &params)?;
            Ok(Json(json!({"a": a, "b": b, "since": since, "until": until,
                "window": params.window, "baseline": params.baseline, "trends": trends})))
        })
        .await
}

/// `GET /api/network`: who acted with whom in the last `days` days.
pub(crate) async fn network(
    State(state): St,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Answer {
    let p = Params::new(query, &["days", "as_of", "level", "limit"])?;
    let days = p.number("days", 1, 3650, 30)?;
    let given = p.date("as_of")?;
    let level = p.level()?;
    let limit = p.number("limit", 1, 200, 40)?;
    state
        .with_store(move |s| {
            let Some(until) = as_of(s, given)? else {
                return Ok(Json(json!({"nodes": [], "edges": [],
                    "note": "the store has no dated events yet"})));
            };
            let since = until - Duration::days(days as i64 - 1);
            let mut nodes: HashMap<String, u32> = HashMap::new();
            // (a, b) with a < b: [events, conflict events, cooperation events].
            let mut edges: BTreeMap<(String, String), [u32; 3]> = BTreeMap::new();
            for e in s.pair_events(None, None, Some(since), Some(until))? {
                let (x, y) = (level.key(&e.source), level.key(&e.target));
                if x.len() < 3 || y.len() < 3 || x == y {
                    continue;
                }
                *nodes.entry(x.clone()).or_default() += 1;
                *nodes.entry(y.clone()).or_default() += 1;
                let key = if x < y { (x, y) } else { (y, x) };
                let c = edges.entry(key).or_default();
                c[0] += 1;
                if e.quad_class >= 3 {
                    c[1] += 1;
                } else {
                    c[2] += 1;
                }
            }
            let mut top: Vec<(String, u32)> = nodes.into_iter().collect();
            top.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
            top.truncate(limit);
            let kept: std::collections::HashSet<&str> =
                top.iter().map(|(c, _)| c.as_str()).collect();
            let edges: Vec<Value> = edges
                .iter()
                .filter(|((a, b), _)| kept.contains(a.as_str()) && kept.contains(b.as_str()))
                .map(|((a, b), c)| {
                    json!({"a": a, "b": b, "events": c[0], "conflict": c[1], "cooperation": c[2]})
                })
                .collect();
            let nodes: Vec<Value> = top
                .iter()
                .map(|(c, n)| json!({"code": c, "events": n}))
                .collect();
            Ok(Json(
                json!({"since": since, "until": until, "nodes": nodes, "edges": edges}),
            ))
        })
        .await
}

/// `GET /api/alerts`.
pub(crate) async fn alerts(
    State(state): St,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Answer {
    let p = Params::new(query, &["as_of"])?;
    let given = p.date("as_of")?;
    let Some(rules) = state.config.rules.clone() else {
        return Ok(Json(json!({"alerts": [], "rules": 0,
            "note": "no alert rules: start the server with `sitrep serve --rules FILE.toml`"})));
    };
    state
        .with_store(move |s| {
            let alerts = evaluate(s, &rules, given).map_err(|e| match e {
                sitrep_aggregate::alerts::AlertError::Store(se) => ApiError::from(se),
                other => ApiError::internal(other.to_string()),
            })?;
            Ok(Json(
                json!({"alerts": alerts, "rules": rules.rule.len(), "as_of": given}),
            ))
        })
        .await
}

/// The body of `POST /api/code`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CodeRequest {
    text: String,
    published: Option<String>,
}

/// `POST /api/code`: codes an article and returns its record; nothing is stored.
pub(crate) async fn code(
    State(state): St,
    body: Result<Json<CodeRequest>, JsonRejection>,
) -> Answer {
    let Json(req) = body.map_err(|e| {
        let status = e.status();
        let code = match status {
            StatusCode::PAYLOAD_TOO_LARGE => "body_too_large",
            StatusCode::UNSUPPORTED_MEDIA_TYPE => "not_json",
            _ => "bad_json",
        };
        let message = if status == StatusCode::PAYLOAD_TOO_LARGE {
            format!(
                "the body is larger than the {} bytes this server accepts",
                state.config.body_limit
            )
        } else {
            e.body_text()
        };
        ApiError {
            status: if status.is_client_error() {
                status
            } else {
                StatusCode::BAD_REQUEST
            },
            code,
            message,
        }
    })?;
    if req.text.trim().is_empty() {
        return Err(ApiError::bad_request("empty_text", "\"text\" is empty"));
    }
    let published = req
        .published
        .as_deref()
        .filter(|v| !v.is_empty())
        .map(|v| parse_date("published", v))
        .transpose()?;
    let Some(coder) = state.config.coder.clone() else {
        return Err(ApiError {
            status: StatusCode::NOT_IMPLEMENTED,
            code: "no_coder",
            message: "this server was started without a coder".into(),
        });
    };
    let record = tokio::task::spawn_blocking(move || coder(req.text, published))
        .await
        .map_err(|e| ApiError::internal(format!("the coder failed: {e}")))?
        .map_err(|m| ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: "cannot_code",
            message: m,
        })?;
    serde_json::to_value(&record)
        .map(Json)
        .map_err(|e| ApiError::internal(format!("cannot render the record: {e}")))
}

/// Any path no route takes.
pub(crate) async fn not_found(uri: Uri) -> ApiError {
    ApiError::not_found("not_found", format!("no such endpoint: {}", uri.path()))
}

/// A known path with the wrong method.
pub(crate) async fn method_not_allowed(uri: Uri) -> ApiError {
    ApiError {
        status: StatusCode::METHOD_NOT_ALLOWED,
        code: "method_not_allowed",
        message: format!("{} does not take this method", uri.path()),
    }
}

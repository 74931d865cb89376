//! sitrep's watch stage: daily series per actor pair, the escalation index, alert rules and
//! charts, all computed from the events in a [`sitrep_store::Store`].
//!
//! # Series
//!
//! For a pair of actors (country level by default: `RUSMIL` counts as `RUS`; sector level on
//! request) and each day: events by quad class, Goldstein sum and mean, and two intensities:
//!
//! * conflict intensity `c_d = Σ max(0, −goldstein)` over the day's quad class 3 and 4 events;
//! * cooperation intensity `Σ max(0, goldstein)` over quad class 1 and 2 events.
//!
//! Only asserted events count by default (a threatened or denied attack is not an attack; the
//! modality filter is switchable). Both directions count (`RUS→UKR` and `UKR→RUS`). Each event
//! counts once however many documents mention it: the store keeps copies of a story as
//! mentions of one event.
//!
//! # Escalation index
//!
//! How far the recent window's conflict intensity stands above the pair's own trailing
//! baseline, in robust standard units:
//!
//! ```text
//! index(t) = ( mean_{d ∈ W} c_d  −  median_{d ∈ B} c_d ) / ( 1.4826 · MAD_{d ∈ B}(c) + ε )
//! ```
//!
//! with `W` the `window` days ending on `t` (default 7), `B` the `baseline` days before the
//! window (default 28), `MAD` the median absolute deviation from the baseline median, and
//! `ε = 1` Goldstein point per day.
//!
//! Why this form:
//!
//! * **Its own baseline.** A pair that fights every day (high median) is not "escalating"
//!   because it fights today; one that was quiet is. Dividing by the baseline's spread makes
//!   the index comparable across pairs with very different news volume.
//! * **Robust.** Median and MAD ignore a single day of heavy reporting in the baseline, which
//!   a mean and standard deviation would not; `1.4826 · MAD` estimates the standard deviation
//!   of normally distributed data, so the index reads like a z-score.
//! * **Days without news.** Days on which the pair has no event count as zero intensity
//!   (zero-filled), because no report of fighting is evidence of less fighting. But days on
//!   which the store was not collecting — before its first or after its last publication day,
//!   or inside a silence of 7 or more days without any document (an outage) — are left out of
//!   both window and baseline, since they say nothing. When the store knows no publication
//!   dates, every day counts as covered.
//! * **ε floor.** A sparse pair's baseline is mostly zeros, so its MAD is 0; without a floor
//!   one attack would give an infinite index. With `ε = 1` such a pair's index is simply its
//!   recent mean intensity in Goldstein points per day (one −10 attack in a week: 1.43).
//! * **Guards.** No index (shown as `-`) unless at least half the window's days are covered,
//!   the baseline has at least as many covered days as the window (one week of history is
//!   enough to start; a young store need not wait four weeks), and window and baseline
//!   together hold at least `min_events` (default 3) conflict events.
//!
//! Reading it: around 0, conflict as usual; 2 and more, clearly above the pair's normal
//! (default alert threshold in the example rules); negative, calmer than usual.
//!
//! # Example
//!
//! ```
//! use chrono::NaiveDate;
//! use sitrep_aggregate::index::{index_series, IndexParams};
//! use sitrep_aggregate::series::{pair_series, SeriesOptions};
//! use sitrep_store::PairEvent;
//!
//! let day = |d| NaiveDate::from_ymd_opt(2022, 2, d).unwrap();
//! let attack = |d| PairEvent { event_id: format!("e{d}"), day: day(d), source: "RUSMIL".into(),
//!     target: "UKR".into(), cameo: "190".into(), quad_class: 4, goldstein: -10.0,
//!     modality: "asserted".into() };
//! let events = vec![attack(20), attack(21), attack(22)];
//! let series = pair_series(&events, "RUS", Some("UKR"), day(1), day(22), None,
//!     &SeriesOptions::default());
//! let params = IndexParams { window: 3, baseline: 14, ..IndexParams::default() };
//! let index = index_series(&series[0], &params);
//! // Quiet baseline (median 0, MAD 0), then 10 points a day: (10 - 0) / (0 + 1).
//! assert_eq!(index.last().unwrap().value, Some(10.0));
//! ```
#![deny(missing_docs)]

pub mod alerts;
pub mod index;
pub mod plot;
pub mod series;

use chrono::{Duration, NaiveDate};
use serde::Serialize;
use sitrep_store::{Store, StoreError};

use index::{index_at, index_series, IndexParams, IndexPoint};
use series::{pair_series, Series, SeriesOptions};

/// A pair's series and its index, over the days asked for.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Trend {
    /// The daily series.
    pub series: Series,
    /// The index on each day of the series (same order and length).
    pub index: Vec<IndexPoint>,
}

/// Consecutive days without any document from which the store is taken to have a gap in
/// collection rather than a quiet spell.
pub const GAP_DAYS: i64 = 7;

/// The days from `since` to `until` on which the store was collecting news: from its first
/// to its last publication day, less gaps of [`GAP_DAYS`] or more days without any document.
/// `None` when the store knows no publication dates at all (then every day counts as covered).
pub fn news_days(
    store: &Store,
    since: NaiveDate,
    until: NaiveDate,
) -> Result<Option<Vec<NaiveDate>>, StoreError> {
    let with_news: Vec<NaiveDate> = store
        .documents_per_day(None, None)?
        .into_iter()
        .map(|d| d.day)
        .collect();
    if with_news.is_empty() {
        return Ok(None);
    }
    let mut covered = Vec::new();
    for pair in with_news.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let mut d = a;
        // Days between two days with news are covered unless the silence is a gap.
        let last = if (b - a).num_days() > GAP_DAYS {
            a
        } else {
            b - Duration::days(1)
        };
        while d <= last {
            if d >= since && d <= until {
                covered.push(d);
            }
            d += Duration::days(1);
        }
    }
    if let Some(&last) = with_news.last() {
        if last >= since && last <= until {
            covered.push(last);
        }
    }
    Ok(Some(covered))
}

/// The series and index of `a` with `b` (or with anyone) from `since` to `until`. Events from
/// the index's history before `since` are read too, so the first day has its index.
pub fn trend(
    store: &Store,
    a: &str,
    b: Option<&str>,
    since: NaiveDate,
    until: NaiveDate,
    opts: &SeriesOptions,
    params: &IndexParams,
) -> Result<Vec<Trend>, StoreError> {
    let start = since - Duration::days(params.history() as i64);
    let events = store.pair_events(Some(a), b, Some(start), Some(until))?;
    let days = news_days(store, start, until)?;
    let all = pair_series(&events, a, b, start, until, days.as_deref(), opts);
    Ok(all
        .into_iter()
        .map(|mut series| {
            let mut index = index_series(&series, params);
            index.retain(|p| p.day >= since);
            series.days.retain(|d| d.day >= since);
            Trend { series, index }
        })
        .collect())
}

/// A pair and its index on one day.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PairIndex {
    /// First actor group (alphabetically).
    pub a: String,
    /// Second actor group.
    pub b: String,
    /// Conflict events in the window.
    pub events: u32,
    /// The index and its figures.
    pub point: IndexPoint,
}

/// Every country pair with events in the `history` days up to `as_of`, most escalating first
/// (pairs whose index the guards withhold come last, by events).
pub fn top_pairs(
    store: &Store,
    as_of: NaiveDate,
    opts: &SeriesOptions,
    params: &IndexParams,
) -> Result<Vec<PairIndex>, StoreError> {
    let start = as_of - Duration::days(params.history() as i64 - 1);
    let events = store.pair_events(None, None, Some(start), Some(as_of))?;
    let days = news_days(store, start, as_of)?;
    let mut pairs: std::collections::BTreeSet<(String, String)> = Default::default();
    for e in &events {
        let (s, t) = (opts.level.key(&e.source), opts.level.key(&e.target));
        if s.len() < 3 || t.len() < 3 {
            continue;
        }
        pairs.insert(if s <= t { (s, t) } else { (t, s) });
    }
    let mut out = Vec::new();
    for (a, b) in pairs {
        let mine: Vec<_> = events
            .iter()
            .filter(|e| {
                let (s, t) = (opts.level.key(&e.source), opts.level.key(&e.target));
                (s == a && t == b) || (s == b && t == a)
            })
            .cloned()
            .collect();
        let series = pair_series(&mine, &a, Some(&b), start, as_of, days.as_deref(), opts);
        for s in series {
            if s.a != a || s.b != b {
                continue;
            }
            if let Some(point) = index_at(&s, s.days.len().saturating_sub(1), params) {
                out.push(PairIndex {
                    a: a.clone(),
                    b: b.clone(),
                    events: point.window_events,
                    point,
                });
            }
        }
    }
    out.sort_by(|x, y| {
        let v = |p: &PairIndex| p.point.value.unwrap_or(f64::NEG_INFINITY);
        v(y).total_cmp(&v(x))
            .then(y.events.cmp(&x.events))
            .then(x.a.cmp(&y.a))
            .then(x.b.cmp(&y.b))
    });
    Ok(out)
}

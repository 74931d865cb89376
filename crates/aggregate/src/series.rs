//! Daily series per actor pair.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;
use sitrep_store::PairEvent;

/// How finely actors are grouped.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub enum Level {
    /// By country: the first three letters of the code (`RUSMIL` → `RUS`).
    #[default]
    Country,
    /// By country and first sector: the first six letters (`RUSMILREB` → `RUSMIL`).
    Sector,
}

impl Level {
    /// The group an actor code belongs to.
    pub fn key(self, code: &str) -> String {
        let n = match self {
            Level::Country => 3,
            Level::Sector => 6,
        };
        code.get(..n).unwrap_or(code).to_string()
    }
}

/// Which events a series counts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeriesOptions {
    /// Grouping of actor codes.
    pub level: Level,
    /// Only events of this modality; `None` counts every modality. Default: `asserted`,
    /// because a threatened or denied attack is not an attack.
    pub modality: Option<String>,
}

impl Default for SeriesOptions {
    fn default() -> SeriesOptions {
        SeriesOptions {
            level: Level::Country,
            modality: Some("asserted".into()),
        }
    }
}

/// One day of a pair's series.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct DayRow {
    /// The day.
    pub day: NaiveDate,
    /// Whether the store has any document published that day (days without news at all
    /// are not evidence of calm; see the crate docs).
    pub covered: bool,
    /// Events by quad class: verbal cooperation, material cooperation, verbal conflict,
    /// material conflict.
    pub quad: [u32; 4],
    /// Sum of Goldstein values.
    pub goldstein_sum: f64,
    /// Mean Goldstein value; `None` on a day without events.
    pub goldstein_mean: Option<f64>,
    /// Conflict intensity: the sum of `max(0, -goldstein)` over quad class 3 and 4 events.
    pub conflict: f64,
    /// Cooperation intensity: the sum of `max(0, goldstein)` over quad class 1 and 2 events.
    pub cooperation: f64,
}

impl DayRow {
    /// Events that day.
    pub fn events(&self) -> u32 {
        self.quad.iter().sum()
    }

    /// Conflict events (quad 3 and 4) that day.
    pub fn conflict_events(&self) -> u32 {
        self.quad[2] + self.quad[3]
    }
}

/// A pair's daily series over a range of days, every day present (zero-filled).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Series {
    /// First actor group (the side matching the first code asked for).
    pub a: String,
    /// Second actor group; empty for a single actor's series against everyone.
    pub b: String,
    /// One row per day, oldest first.
    pub days: Vec<DayRow>,
}

/// Conflict intensity contributed by one event (see [`DayRow::conflict`]).
pub fn conflict_weight(quad_class: u8, goldstein: f32) -> f64 {
    if quad_class >= 3 {
        (-goldstein as f64).max(0.0)
    } else {
        0.0
    }
}

fn passes(e: &PairEvent, opts: &SeriesOptions) -> bool {
    opts.modality.as_deref().is_none_or(|m| e.modality == m)
}

/// Which side of the pair an event's actors fall on: `(a_group, b_group)` with the a-side
/// first whichever way the event went, or `None` when the event is not between `a` and `b`.
fn sides(e: &PairEvent, a: &str, b: Option<&str>, level: Level) -> Option<(String, String)> {
    let (s, t) = (e.source.as_str(), e.target.as_str());
    match b {
        Some(b) => {
            if s.starts_with(a) && t.starts_with(b) {
                Some((level.key(s), level.key(t)))
            } else if s.starts_with(b) && t.starts_with(a) {
                Some((level.key(t), level.key(s)))
            } else {
                None
            }
        }
        None => {
            if s.starts_with(a) {
                Some((level.key(s), String::new()))
            } else if t.starts_with(a) {
                Some((level.key(t), String::new()))
            } else {
                None
            }
        }
    }
}

/// Daily series between actors starting with `a` and actors starting with `b` (in either
/// direction), or of `a` with anyone when `b` is `None`, from `since` to `until` inclusive.
/// At [`Level::Country`] with country codes this is one series; a finer level or prefix gives
/// one series per group pair, most events first. Each event counts once, however many
/// documents mention it (the store keeps copies as mentions). `covered` days are those in
/// `news_days`; with `None` every day is taken as covered.
pub fn pair_series(
    events: &[PairEvent],
    a: &str,
    b: Option<&str>,
    since: NaiveDate,
    until: NaiveDate,
    news_days: Option<&[NaiveDate]>,
    opts: &SeriesOptions,
) -> Vec<Series> {
    let a = a.to_ascii_uppercase();
    let b = b.map(|b| b.to_ascii_uppercase());
    let mut groups: BTreeMap<(String, String), BTreeMap<NaiveDate, DayRow>> = BTreeMap::new();
    for e in events {
        if e.day < since || e.day > until || !passes(e, opts) {
            continue;
        }
        let Some(key) = sides(e, &a, b.as_deref(), opts.level) else {
            continue;
        };
        let row = groups
            .entry(key)
            .or_default()
            .entry(e.day)
            .or_insert_with(|| DayRow {
                day: e.day,
                ..DayRow::default()
            });
        let q = (e.quad_class.clamp(1, 4) - 1) as usize;
        row.quad[q] += 1;
        row.goldstein_sum += e.goldstein as f64;
        row.conflict += conflict_weight(e.quad_class, e.goldstein);
        if e.quad_class <= 2 {
            row.cooperation += (e.goldstein as f64).max(0.0);
        }
    }
    if groups.is_empty() {
        let key = (
            opts.level.key(&a),
            b.as_deref().map(|b| opts.level.key(b)).unwrap_or_default(),
        );
        groups.insert(key, BTreeMap::new());
    }
    let mut out: Vec<Series> = groups
        .into_iter()
        .map(|((ga, gb), rows)| {
            let mut days = Vec::new();
            let mut d = since;
            while d <= until {
                let mut row = rows.get(&d).cloned().unwrap_or(DayRow {
                    day: d,
                    ..DayRow::default()
                });
                let n = row.events();
                row.goldstein_mean = (n > 0).then(|| row.goldstein_sum / n as f64);
                row.covered = news_days.is_none_or(|days| days.binary_search(&d).is_ok());
                days.push(row);
                match d.succ_opt() {
                    Some(next) => d = next,
                    None => break,
                }
            }
            Series { a: ga, b: gb, days }
        })
        .collect();
    out.sort_by_key(|s| std::cmp::Reverse(s.days.iter().map(|d| d.events()).sum::<u32>()));
    out
}

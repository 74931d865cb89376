//! The escalation index (the formula and its reasons are in the crate docs).

use chrono::NaiveDate;
use serde::Serialize;

use crate::series::Series;

/// The index's settings.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct IndexParams {
    /// Days in the recent window `W` (ending on the day the index is for).
    pub window: usize,
    /// Days in the trailing baseline `B` (just before the window).
    pub baseline: usize,
    /// Fewest conflict events in window and baseline together for an index at all.
    pub min_events: u32,
    /// Floor `ε` of the scale, in Goldstein points per day.
    pub epsilon: f64,
}

impl Default for IndexParams {
    fn default() -> IndexParams {
        IndexParams {
            window: 7,
            baseline: 28,
            min_events: 3,
            epsilon: 1.0,
        }
    }
}

impl IndexParams {
    /// Days of history one index value needs: window plus baseline.
    pub fn history(&self) -> usize {
        self.window + self.baseline
    }
}

/// The index on one day, with the figures it was computed from.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct IndexPoint {
    /// The last day of the window.
    pub day: NaiveDate,
    /// The index; `None` when the guards say there is too little to go on.
    pub value: Option<f64>,
    /// Mean conflict intensity over the window's covered days.
    pub recent: f64,
    /// Median conflict intensity over the baseline's covered days.
    pub baseline_median: f64,
    /// `1.4826 × MAD + ε` of the baseline.
    pub scale: f64,
    /// Conflict events in the window.
    pub window_events: u32,
    /// Conflict events in the baseline.
    pub baseline_events: u32,
}

/// Median of a non-empty slice (mean of the middle two for an even length).
pub fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    if n == 0 {
        return 0.0;
    }
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// The index for the day at position `t` of `series` (the window is `t-W+1..=t`, the baseline
/// the `B` days before it); `None` when the series does not reach back far enough.
pub fn index_at(series: &Series, t: usize, p: &IndexParams) -> Option<IndexPoint> {
    if p.window == 0 || p.baseline == 0 || t + 1 < p.history() || t >= series.days.len() {
        return None;
    }
    let window = &series.days[t + 1 - p.window..=t];
    let baseline = &series.days[t + 1 - p.history()..t + 1 - p.window];
    let covered = |rows: &[crate::series::DayRow]| -> Vec<f64> {
        rows.iter()
            .filter(|r| r.covered)
            .map(|r| r.conflict)
            .collect()
    };
    let (w, b) = (covered(window), covered(baseline));
    let window_events: u32 = window.iter().map(|r| r.conflict_events()).sum();
    let baseline_events: u32 = baseline.iter().map(|r| r.conflict_events()).sum();
    let recent = if w.is_empty() {
        0.0
    } else {
        w.iter().sum::<f64>() / w.len() as f64
    };
    let baseline_median = median(&b);
    let deviations: Vec<f64> = b.iter().map(|x| (x - baseline_median).abs()).collect();
    let scale = 1.4826 * median(&deviations) + p.epsilon;
    // Guards: half the window and a window's worth of baseline must have news, and enough
    // conflict events overall, or one stray report would move the index.
    let enough = w.len() * 2 >= p.window
        && b.len() >= p.window.min(p.baseline)
        && window_events + baseline_events >= p.min_events;
    Some(IndexPoint {
        day: series.days[t].day,
        value: enough.then(|| (recent - baseline_median) / scale),
        recent,
        baseline_median,
        scale,
        window_events,
        baseline_events,
    })
}

/// The index on every day of `series` that has a full window and baseline behind it.
pub fn index_series(series: &Series, p: &IndexParams) -> Vec<IndexPoint> {
    (0..series.days.len())
        .filter_map(|t| index_at(series, t, p))
        .collect()
}

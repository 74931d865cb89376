//! Charts of a [`Trend`]: conflict against cooperation intensity per day, and the escalation
//! index below. The SVG is written by hand (a few dozen elements need no plotting library);
//! PNG is that SVG rasterized by `resvg`, with the system's fonts for the labels.

use std::fmt::Write;

use crate::Trend;

const WIDTH: f64 = 960.0;
const HEIGHT: f64 = 520.0;
const LEFT: f64 = 70.0;
const RIGHT: f64 = 30.0;
const TOP1: f64 = 60.0;
const BOTTOM1: f64 = 290.0;
const TOP2: f64 = 330.0;
const BOTTOM2: f64 = 470.0;

/// Escapes text for SVG: actor codes and titles come from the store.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// A round number at or above `x` (1, 2, 5 × 10^k) for an axis maximum.
fn nice_max(x: f64) -> f64 {
    if x.is_nan() || x <= 0.0 {
        return 1.0;
    }
    let p = 10f64.powf(x.log10().floor());
    for m in [1.0, 2.0, 5.0, 10.0] {
        if x <= m * p {
            return m * p;
        }
    }
    10.0 * p
}

/// The chart as an SVG document.
pub fn svg(trend: &Trend, title: &str) -> String {
    let days = &trend.series.days;
    let n = days.len().max(1);
    let plot_w = WIDTH - LEFT - RIGHT;
    let x = |i: usize| LEFT + plot_w * (i as f64 + 0.5) / n as f64;
    let bar_w = (plot_w / n as f64 * 0.4).clamp(0.5, 12.0);
    let top = days
        .iter()
        .map(|d| d.conflict.max(d.cooperation))
        .fold(0.0, f64::max);
    let ymax = nice_max(top);
    let y1 = |v: f64| BOTTOM1 - (BOTTOM1 - TOP1) * v / ymax;
    let values: Vec<Option<f64>> = days
        .iter()
        .map(|d| {
            trend
                .index
                .iter()
                .find(|p| p.day == d.day)
                .and_then(|p| p.value)
        })
        .collect();
    let imax = nice_max(values.iter().flatten().fold(2.0f64, |m, v| m.max(v.abs())));
    let y2 = |v: f64| {
        let mid = (TOP2 + BOTTOM2) / 2.0;
        mid - (BOTTOM2 - TOP2) / 2.0 * (v / imax).clamp(-1.0, 1.0)
    };

    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="DejaVu Sans, Arial, sans-serif" font-size="12">
<rect width="100%" height="100%" fill="#ffffff"/>
<text x="{LEFT}" y="28" font-size="17" font-weight="bold">{}</text>
<text x="{LEFT}" y="48" fill="#555555">conflict intensity Σ max(0, −Goldstein) vs cooperation Σ max(0, Goldstein), per day</text>
"##,
        esc(title)
    );
    // Frames and grid.
    for (top, bottom) in [(TOP1, BOTTOM1), (TOP2, BOTTOM2)] {
        let _ = writeln!(
            s,
            r##"<rect x="{LEFT}" y="{top}" width="{plot_w}" height="{}" fill="none" stroke="#999999"/>"##,
            bottom - top
        );
    }
    for k in 1..4 {
        let v = ymax * k as f64 / 4.0;
        let _ = writeln!(
            s,
            r##"<line x1="{LEFT}" x2="{}" y1="{y:.1}" y2="{y:.1}" stroke="#e5e5e5"/><text x="{}" y="{:.1}" text-anchor="end">{}</text>"##,
            WIDTH - RIGHT,
            LEFT - 6.0,
            y1(v) + 4.0,
            trim(v),
            y = y1(v)
        );
    }
    let _ = writeln!(
        s,
        r##"<text x="{}" y="{:.1}" text-anchor="end">{}</text><text x="{}" y="{:.1}" text-anchor="end">0</text>"##,
        LEFT - 6.0,
        TOP1 + 4.0,
        trim(ymax),
        LEFT - 6.0,
        BOTTOM1 + 4.0
    );
    // Bars: conflict red on the left of each day, cooperation green on the right.
    for (i, d) in days.iter().enumerate() {
        if !d.covered {
            let _ = writeln!(
                s,
                r##"<rect x="{:.1}" y="{TOP1}" width="{:.1}" height="{}" fill="#f2f2f2"><title>{}: no news in the store</title></rect>"##,
                x(i) - plot_w / n as f64 / 2.0,
                plot_w / n as f64,
                BOTTOM1 - TOP1,
                d.day
            );
        }
        if d.conflict > 0.0 {
            let _ = writeln!(
                s,
                r##"<rect x="{:.1}" y="{:.1}" width="{bar_w:.1}" height="{:.1}" fill="#d62728"><title>{} conflict {} ({} events)</title></rect>"##,
                x(i) - bar_w,
                y1(d.conflict),
                BOTTOM1 - y1(d.conflict),
                d.day,
                trim(d.conflict),
                d.conflict_events()
            );
        }
        if d.cooperation > 0.0 {
            let _ = writeln!(
                s,
                r##"<rect x="{:.1}" y="{:.1}" width="{bar_w:.1}" height="{:.1}" fill="#2ca02c"><title>{} cooperation {}</title></rect>"##,
                x(i),
                y1(d.cooperation),
                BOTTOM1 - y1(d.cooperation),
                d.day,
                trim(d.cooperation)
            );
        }
    }
    // Index panel: zero line, the usual alert level, and the index as a line with gaps
    // where the guards withhold it.
    let _ = writeln!(
        s,
        r##"<line x1="{LEFT}" x2="{}" y1="{z:.1}" y2="{z:.1}" stroke="#999999"/><line x1="{LEFT}" x2="{}" y1="{t:.1}" y2="{t:.1}" stroke="#ff7f0e" stroke-dasharray="5,4"/>
<text x="{}" y="{:.1}" text-anchor="end">0</text><text x="{}" y="{:.1}" text-anchor="end">{}</text><text x="{}" y="{:.1}" text-anchor="end">−{}</text><text x="{}" y="{:.1}" text-anchor="end" fill="#ff7f0e">2</text>
<text x="{LEFT}" y="{:.1}" fill="#1f77b4">escalation index: (mean of last W days − baseline median) / (1.4826·MAD + 1)</text>"##,
        WIDTH - RIGHT,
        WIDTH - RIGHT,
        LEFT - 6.0,
        y2(0.0) + 4.0,
        LEFT - 6.0,
        TOP2 + 4.0,
        trim(imax),
        LEFT - 6.0,
        BOTTOM2 + 4.0,
        trim(imax),
        WIDTH - RIGHT + 14.0,
        y2(2.0) + 4.0,
        TOP2 - 8.0,
        z = y2(0.0),
        t = y2(2.0)
    );
    let mut segment: Vec<String> = Vec::new();
    let flush = |segment: &mut Vec<String>, s: &mut String| {
        if segment.len() == 1 {
            let _ = writeln!(
                s,
                r##"<circle cx="{}" r="2.5" fill="#1f77b4"/>"##,
                segment[0].replace(',', "\" cy=\"")
            );
        } else if segment.len() > 1 {
            let _ = writeln!(
                s,
                r##"<polyline points="{}" fill="none" stroke="#1f77b4" stroke-width="2"/>"##,
                segment.join(" ")
            );
        }
        segment.clear();
    };
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(v) => segment.push(format!("{:.1},{:.1}", x(i), y2(*v))),
            None => flush(&mut segment, &mut s),
        }
    }
    flush(&mut segment, &mut s);
    // Date labels, about eight.
    let step = n.div_ceil(8).max(1);
    for (i, d) in days.iter().enumerate().step_by(step) {
        let _ = writeln!(
            s,
            r##"<text x="{:.1}" y="{}" text-anchor="middle">{}</text><line x1="{:.1}" x2="{:.1}" y1="{BOTTOM2}" y2="{}" stroke="#999999"/>"##,
            x(i),
            BOTTOM2 + 20.0,
            d.day.format("%Y-%m-%d"),
            x(i),
            x(i),
            BOTTOM2 + 5.0
        );
    }
    let _ = writeln!(
        s,
        r##"<rect x="{}" y="16" width="10" height="10" fill="#d62728"/><text x="{}" y="25">conflict</text><rect x="{}" y="16" width="10" height="10" fill="#2ca02c"/><text x="{}" y="25">cooperation</text>"##,
        WIDTH - 230.0,
        WIDTH - 215.0,
        WIDTH - 140.0,
        WIDTH - 125.0
    );
    s.push_str("</svg>\n");
    s
}

/// A number without needless decimals.
fn trim(v: f64) -> String {
    let s = format!("{v:.1}");
    s.strip_suffix(".0").map(String::from).unwrap_or(s)
}

/// The SVG rasterized to PNG bytes.
pub fn png(svg: &str) -> Result<Vec<u8>, String> {
    use resvg::{tiny_skia, usvg};
    let mut opt = usvg::Options::default();
    opt.fontdb_mut().load_system_fonts();
    let tree = usvg::Tree::from_str(svg, &opt).map_err(|e| format!("chart SVG: {e}"))?;
    let size = tree.size().to_int_size();
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or_else(|| "chart has no area".to_string())?;
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    pixmap
        .encode_png()
        .map_err(|e| format!("encoding PNG: {e}"))
}

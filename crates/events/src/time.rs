//! Time expressions: find them in a sentence, resolve them against the publication date.
//!
//! OWNER: time helper. Interface fixed by the event stage (see `extract.rs`):
//! - [`find_times`] lists the time expressions of one sentence, unresolved;
//! - [`TimeMention::resolve`] turns one into a date with a precision, given the publication
//!   date and whether the clause it belongs to is about the future.

use chrono::NaiveDate;
use sitrep_doc::{Doc, Span};

/// How precise a resolved date is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Precision {
    /// A single day.
    Day,
    /// A week (value: its Monday).
    Week,
    /// A month (value: its first day).
    Month,
    /// A year (value: 1 January).
    Year,
    /// Not resolvable (no publication date, or too vague).
    Unknown,
}

impl Precision {
    /// The name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Week => "week",
            Precision::Month => "month",
            Precision::Year => "year",
            Precision::Unknown => "unknown",
        }
    }
}

/// A resolved date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Resolved {
    /// The date (first day of the week, month or year); `None` when unknown.
    pub value: Option<NaiveDate>,
    /// Its precision.
    pub precision: Precision,
}

/// One time expression in a sentence.
#[derive(Clone, Debug, PartialEq)]
pub struct TimeMention {
    /// Token indices (into the sentence's tokens) the expression covers.
    pub tokens: std::ops::Range<usize>,
    /// The token whose dependency head attaches the expression to its clause.
    pub head: usize,
    /// Byte span in the document text.
    pub span: Span,
}

impl TimeMention {
    /// Resolves the expression against `published`; `future` says the clause is about the
    /// future (then "on Thursday" is the next Thursday, not the last).
    pub fn resolve(&self, _published: Option<NaiveDate>, _future: bool) -> Resolved {
        Resolved {
            value: None,
            precision: Precision::Unknown,
        }
    }
}

/// The time expressions of sentence `sentence` of `doc` (tagged and parsed), in order.
pub fn find_times(_doc: &Doc, _sentence: usize) -> Vec<TimeMention> {
    Vec::new()
}

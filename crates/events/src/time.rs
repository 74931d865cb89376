//! Time expressions: find them in a sentence, resolve them against the publication date.
//!
//! Interface fixed by the event stage (see `extract.rs`):
//! - [`find_times`] lists the time expressions of one sentence, unresolved;
//! - [`TimeMention::resolve`] turns one into a date with a precision, given the publication
//!   date and whether the clause it belongs to is about the future.
//!
//! Recognition works on token forms and tags, left to right; the dependency tree is used only to
//! tell a count from a date ("in March 12 people died") and to pick each expression's head. What
//! an expression means is kept unresolved ([`TimeMention`] holds a small private description), so
//! that one sentence can be resolved against several clause tenses without being scanned again.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use sitrep_doc::{Doc, Span, Token};

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

impl Resolved {
    const UNKNOWN: Resolved = Resolved {
        value: None,
        precision: Precision::Unknown,
    };

    fn new(value: Option<NaiveDate>, precision: Precision) -> Resolved {
        match value {
            Some(_) => Resolved { value, precision },
            None => Resolved::UNKNOWN,
        }
    }
}

/// How an expression relates the event to the time it names, from the preposition before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Relation {
    /// At that time: "on Thursday", "in 2008", "last week", or no preposition at all.
    Point,
    /// From that time on: "since 2014", "from March". The resolved value is the start.
    Since,
    /// Up to that time: "until Friday", "through 2016".
    Until,
    /// No later than that time: "by 2030".
    By,
    /// Before that time: "before March".
    Before,
    /// After that time: "after 2014".
    After,
    /// A closed range: "between 2014 and 2016", "from May to July". The resolved value is the
    /// start; [`TimeMention::resolve_end`] gives the end.
    Between,
}

impl Relation {
    /// The name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Point => "point",
            Relation::Since => "since",
            Relation::Until => "until",
            Relation::By => "by",
            Relation::Before => "before",
            Relation::After => "after",
            Relation::Between => "between",
        }
    }
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
    /// Point in time or range, from the preposition ("since 2014" vs "in 2014").
    pub relation: Relation,
    expr: Expr,
    /// The second end of a [`Relation::Between`] range.
    end: Option<Expr>,
}

impl TimeMention {
    /// Resolves the expression against `published`; `future` says the clause is about the
    /// future (then "on Thursday" is the next Thursday, not the last). For a range this is its
    /// start.
    pub fn resolve(&self, published: Option<NaiveDate>, future: bool) -> Resolved {
        self.expr.resolve(published, future)
    }

    /// The end of a [`Relation::Between`] range ("between 2014 and 2016": 2016); `None` for
    /// other relations.
    pub fn resolve_end(&self, published: Option<NaiveDate>, future: bool) -> Option<Resolved> {
        self.end.map(|e| e.resolve(published, future))
    }

    /// The expression's text in `doc` ("on Thursday").
    pub fn text<'a>(&self, doc: &'a Doc) -> &'a str {
        doc.span_text(self.span)
    }
}

/// The time expressions of sentence `sentence` of `doc` (tagged and parsed), in order.
pub fn find_times(doc: &Doc, sentence: usize) -> Vec<TimeMention> {
    let Some(sent) = doc.sentences.get(sentence) else {
        return Vec::new();
    };
    let toks = &sent.tokens;
    // Most sentences name no time at all: one cheap pass over the forms decides, before anything
    // is allocated.
    if !toks.iter().any(|t| lex(doc.token_text(t)).is_anchor()) {
        return Vec::new();
    }
    let scan = Scan {
        doc,
        toks,
        lex: toks.iter().map(|t| lex(doc.token_text(t))).collect(),
    };
    let mut out = Vec::new();
    let mut floor = 0;
    let mut i = 0;
    while i < toks.len() {
        let Some(atom) = scan.atom(i, false) else {
            i += 1;
            continue;
        };
        let (start, opener) = scan.opener(&atom, floor);
        let mut m = TimeMention {
            tokens: start..atom.end,
            head: atom.core,
            span: Span::default(),
            relation: opener.relation(),
            expr: atom.expr,
            end: None,
        };
        if let Some(second) = scan.range_end(&atom, opener) {
            m.relation = Relation::Between;
            m.tokens.end = second.end;
            m.expr = m.expr.with_year_of(&second.expr);
            m.end = Some(second.expr);
        } else if opener == Opener::Between {
            // "between 2014" with no second end is not a range.
            m.relation = Relation::Point;
        }
        m.head = pick_head(toks, m.tokens.clone(), atom.core);
        m.span = Span::new(
            toks[m.tokens.start].span.start,
            toks[m.tokens.end - 1].span.end,
        );
        floor = m.tokens.end;
        i = m.tokens.end;
        out.push(m);
    }
    out
}

/// The unresolved meaning of an expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expr {
    /// A calendar day; without a year it takes the publication year.
    Date {
        year: Option<i32>,
        month: u32,
        day: u32,
    },
    /// A month; without a year it is found from the publication date and `dir`.
    Month {
        year: Option<i32>,
        month: u32,
        dir: Dir,
    },
    /// A year.
    Year(i32),
    /// A weekday, found from the publication date and `dir` (or the clause's tense).
    Weekday { day: Weekday, dir: Dir },
    /// A day counted from publication: today 0, yesterday -1, tomorrow 1.
    Days(i64),
    /// The calendar unit containing publication, shifted by `offset` units ("last week").
    Calendar { unit: Unit, offset: i64 },
    /// `n` units before publication ("two days ago").
    Ago { unit: Unit, n: i64 },
    /// `n` units after publication ("in two weeks"); in a past clause this is a duration
    /// ("the worst fighting in two weeks"), not a date.
    Ahead { unit: Unit, n: i64 },
}

/// Which occurrence of a weekday or month is meant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Dir {
    /// Decided by the clause: the latest in a past clause, the next in a future one.
    Clause,
    /// "last": strictly before publication.
    Last,
    /// "next": strictly after publication.
    Next,
    /// "this": the one in the current week or year.
    This,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Unit {
    Hour,
    Day,
    Week,
    Weekend,
    Month,
    Year,
}

impl Expr {
    fn resolve(self, published: Option<NaiveDate>, future: bool) -> Resolved {
        // Absolute expressions first: they need no publication date.
        match self {
            Expr::Date {
                year: Some(y),
                month,
                day,
            } => return Resolved::new(NaiveDate::from_ymd_opt(y, month, day), Precision::Day),
            Expr::Month {
                year: Some(y),
                month,
                ..
            } => return Resolved::new(NaiveDate::from_ymd_opt(y, month, 1), Precision::Month),
            Expr::Year(y) => {
                return Resolved::new(NaiveDate::from_ymd_opt(y, 1, 1), Precision::Year)
            }
            _ => {}
        }
        let Some(p) = published else {
            return Resolved::UNKNOWN;
        };
        match self {
            Expr::Date { month, day, .. } => {
                Resolved::new(date_near(p, month, day, future), Precision::Day)
            }
            Expr::Month { month, dir, .. } => {
                let (py, pm) = (p.year(), p.month());
                let year = match dir {
                    Dir::Clause if future => py + i32::from(month < pm),
                    Dir::Clause => py - i32::from(month > pm),
                    Dir::Last => py - i32::from(month >= pm),
                    Dir::Next => py + i32::from(month <= pm),
                    Dir::This => py,
                };
                Resolved::new(NaiveDate::from_ymd_opt(year, month, 1), Precision::Month)
            }
            Expr::Year(_) => Resolved::UNKNOWN,
            Expr::Weekday { day, dir } => {
                let back = i64::from(
                    (p.weekday().num_days_from_monday() + 7 - day.num_days_from_monday()) % 7,
                );
                let ahead = (7 - back) % 7;
                let shift = match dir {
                    Dir::Clause | Dir::This if future => ahead,
                    Dir::Clause | Dir::This => -back,
                    Dir::Last if back == 0 => -7,
                    Dir::Last => -back,
                    Dir::Next if ahead == 0 => 7,
                    Dir::Next => ahead,
                };
                Resolved::new(shift_days(p, shift), Precision::Day)
            }
            Expr::Days(k) => Resolved::new(shift_days(p, k), Precision::Day),
            Expr::Calendar { unit, offset } => calendar(p, unit, offset),
            Expr::Ago { unit, n } => relative(p, unit, -n),
            Expr::Ahead { unit, n } if future => relative(p, unit, n),
            Expr::Ahead { .. } => Resolved::UNKNOWN,
        }
    }

    /// "between January and March 2014": the first end takes the second's year.
    fn with_year_of(self, other: &Expr) -> Expr {
        let other_year = match *other {
            Expr::Date { year, .. } | Expr::Month { year, .. } => year,
            Expr::Year(y) => Some(y),
            _ => None,
        };
        match self {
            Expr::Date {
                year: None,
                month,
                day,
            } => Expr::Date {
                year: other_year,
                month,
                day,
            },
            Expr::Month {
                year: None,
                month,
                dir,
            } => Expr::Month {
                year: other_year,
                month,
                dir,
            },
            e => e,
        }
    }
}

/// A day and month in the publication year, moved a year back when a past clause would put it
/// well after publication (a December date in a January article), or a year on when a future
/// clause would put it well before.
fn date_near(p: NaiveDate, month: u32, day: u32, future: bool) -> Option<NaiveDate> {
    const SLACK: i64 = 62;
    let year = p.year();
    let guess = NaiveDate::from_ymd_opt(year, month, day);
    let gap = guess.map(|g| (g - p).num_days());
    let year = match gap {
        Some(gap) if !future && gap > SLACK => year - 1,
        Some(gap) if future && gap < -SLACK => year + 1,
        _ => year,
    };
    // 29 February of a year without one falls back on the nearest year that has it.
    NaiveDate::from_ymd_opt(year, month, day).or_else(|| {
        let step = if future { 1 } else { -1 };
        (1..4).find_map(|k| NaiveDate::from_ymd_opt(year + step * k, month, day))
    })
}

fn shift_days(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    if n >= 0 {
        d.checked_add_days(Days::new(n.unsigned_abs()))
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs()))
    }
}

fn monday_of(d: NaiveDate) -> Option<NaiveDate> {
    shift_days(d, -i64::from(d.weekday().num_days_from_monday()))
}

fn month_start(d: NaiveDate, offset: i64) -> Option<NaiveDate> {
    let index = i64::from(d.year()) * 12 + i64::from(d.month0()) + offset;
    let year = i32::try_from(index.div_euclid(12)).ok()?;
    let month = u32::try_from(index.rem_euclid(12) + 1).ok()?;
    NaiveDate::from_ymd_opt(year, month, 1)
}

fn year_start(d: NaiveDate, offset: i64) -> Option<NaiveDate> {
    let year = i32::try_from(i64::from(d.year()) + offset).ok()?;
    NaiveDate::from_ymd_opt(year, 1, 1)
}

/// "this/last/next week|month|year|weekend".
fn calendar(p: NaiveDate, unit: Unit, offset: i64) -> Resolved {
    match unit {
        Unit::Hour | Unit::Day => Resolved::new(shift_days(p, offset), Precision::Day),
        Unit::Week => Resolved::new(
            monday_of(p).and_then(|m| shift_days(m, 7 * offset)),
            Precision::Week,
        ),
        Unit::Weekend => {
            // The weekend that has just passed, the one to come, or the one this week.
            let from_monday = i64::from(p.weekday().num_days_from_monday());
            let day = match offset.signum() {
                -1 => shift_days(p, -(from_monday + 1)),
                1 => shift_days(p, 5 - from_monday + if from_monday >= 5 { 7 } else { 0 }),
                _ => Some(p),
            };
            Resolved::new(day.and_then(monday_of), Precision::Week)
        }
        Unit::Month => Resolved::new(month_start(p, offset), Precision::Month),
        Unit::Year => Resolved::new(year_start(p, offset), Precision::Year),
    }
}

/// `n` units from publication (negative: before), at the precision of the unit.
fn relative(p: NaiveDate, unit: Unit, n: i64) -> Resolved {
    match unit {
        Unit::Hour => Resolved::new(shift_days(p, n / 24), Precision::Day),
        Unit::Day => Resolved::new(shift_days(p, n), Precision::Day),
        Unit::Week | Unit::Weekend => {
            Resolved::new(shift_days(p, 7 * n).and_then(monday_of), Precision::Week)
        }
        Unit::Month => Resolved::new(month_start(p, n), Precision::Month),
        Unit::Year => Resolved::new(year_start(p, n), Precision::Year),
    }
}

/// What one token can contribute to a time expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Lex {
    Other,
    /// A capitalised month name; `weak` ones (May, March, "Jan" without its period) are also
    /// ordinary words or names.
    Month {
        month: u32,
        weak: bool,
    },
    /// "mid-March".
    MidMonth(u32),
    /// "mid-2014".
    MidYear(i32),
    Weekday(Weekday),
    /// today, tonight, yesterday, tomorrow.
    DayWord(i64),
    Unit(Unit),
    /// morning, afternoon, evening, night.
    PartOfDay {
        night: bool,
    },
    /// Digits only, no separator: "21", "2014" (not "2,000").
    Num {
        value: u32,
        digits: u8,
    },
    /// "two", "twelve".
    Word(u32),
    /// "21st".
    Ordinal(u32),
    /// "2022-01-21".
    Iso(i32, u32, u32),
    /// "a", "an": "a year ago".
    Article,
    The,
    Last,
    Next,
    This,
    Ago,
    /// early, earlier, late, later.
    Edge,
    In,
    On,
    Prep(Relation),
    Between,
    From,
    And,
    To,
    Of,
    Comma,
}

impl Lex {
    /// Words without which a sentence names no time: the pre-check looks for these.
    fn is_anchor(self) -> bool {
        match self {
            Lex::Month { .. }
            | Lex::MidMonth(_)
            | Lex::MidYear(_)
            | Lex::Weekday(_)
            | Lex::DayWord(_)
            | Lex::Unit(_)
            | Lex::PartOfDay { .. }
            | Lex::Iso(..) => true,
            Lex::Num { .. } => self.year().is_some(),
            _ => false,
        }
    }

    /// A four-digit number that can be a year.
    fn year(self) -> Option<i32> {
        match self {
            Lex::Num { value, digits: 4 } if (1900..=2100).contains(&value) => {
                i32::try_from(value).ok()
            }
            _ => None,
        }
    }

    /// A number that can be a day of the month.
    fn day(self) -> Option<u32> {
        match self {
            Lex::Num { value, digits } if digits <= 2 && (1..=31).contains(&value) => Some(value),
            Lex::Ordinal(d) => Some(d),
            _ => None,
        }
    }

    /// A small count: "two" (days ago), "3" (weeks ago), "a" (year ago).
    fn count(self) -> Option<i64> {
        match self {
            Lex::Num { value, digits } if digits <= 3 && value > 0 => Some(i64::from(value)),
            Lex::Word(n) => Some(i64::from(n)),
            Lex::Article => Some(1),
            _ => None,
        }
    }
}

/// Classifies one token form. Allocation-free: forms are lower-cased into a stack buffer.
fn lex(form: &str) -> Lex {
    const MAX: usize = 16;
    let bytes = form.as_bytes();
    if bytes.is_empty() || bytes.len() > MAX || !form.is_ascii() {
        return Lex::Other;
    }
    if bytes[0].is_ascii_digit() {
        return lex_digits(form);
    }
    let mut buf = [0u8; MAX];
    for (b, c) in buf.iter_mut().zip(bytes) {
        *b = c.to_ascii_lowercase();
    }
    let Ok(lower) = std::str::from_utf8(&buf[..bytes.len()]) else {
        return Lex::Other;
    };
    if let Some(rest) = lower.strip_prefix("mid-") {
        if let Some(y) = lex_digits(rest).year() {
            return Lex::MidYear(y);
        }
        return match month_name(rest) {
            Some((m, false)) => Lex::MidMonth(m),
            _ => Lex::Other,
        };
    }
    // Month and weekday names are proper nouns: "may" and "march" in lower case are a modal and
    // a verb.
    if bytes[0].is_ascii_uppercase() {
        if let Some((month, weak)) = month_name(lower) {
            return Lex::Month { month, weak };
        }
        if let Some(day) = weekday_name(lower) {
            return Lex::Weekday(day);
        }
    }
    match lower {
        "today" | "tonight" => Lex::DayWord(0),
        "yesterday" => Lex::DayWord(-1),
        "tomorrow" => Lex::DayWord(1),
        "hour" | "hours" => Lex::Unit(Unit::Hour),
        "day" | "days" => Lex::Unit(Unit::Day),
        "week" | "weeks" => Lex::Unit(Unit::Week),
        "weekend" => Lex::Unit(Unit::Weekend),
        "month" | "months" => Lex::Unit(Unit::Month),
        "year" | "years" => Lex::Unit(Unit::Year),
        "morning" | "afternoon" | "evening" => Lex::PartOfDay { night: false },
        "night" => Lex::PartOfDay { night: true },
        "one" => Lex::Word(1),
        "two" => Lex::Word(2),
        "three" => Lex::Word(3),
        "four" => Lex::Word(4),
        "five" => Lex::Word(5),
        "six" => Lex::Word(6),
        "seven" => Lex::Word(7),
        "eight" => Lex::Word(8),
        "nine" => Lex::Word(9),
        "ten" => Lex::Word(10),
        "eleven" => Lex::Word(11),
        "twelve" => Lex::Word(12),
        "fifteen" => Lex::Word(15),
        "twenty" => Lex::Word(20),
        "thirty" => Lex::Word(30),
        "a" | "an" => Lex::Article,
        "the" => Lex::The,
        "last" => Lex::Last,
        "next" => Lex::Next,
        "this" => Lex::This,
        "ago" => Lex::Ago,
        "early" | "earlier" | "late" | "later" => Lex::Edge,
        "in" => Lex::In,
        "on" => Lex::On,
        "during" => Lex::Prep(Relation::Point),
        "since" => Lex::Prep(Relation::Since),
        "until" | "till" | "through" => Lex::Prep(Relation::Until),
        "by" => Lex::Prep(Relation::By),
        "before" => Lex::Prep(Relation::Before),
        "after" => Lex::Prep(Relation::After),
        "between" => Lex::Between,
        "from" => Lex::From,
        "and" => Lex::And,
        "to" => Lex::To,
        "of" => Lex::Of,
        "," => Lex::Comma,
        _ => Lex::Other,
    }
}

fn lex_digits(form: &str) -> Lex {
    let bytes = form.as_bytes();
    let n_digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    if n_digits == bytes.len() {
        return match form.parse::<u32>() {
            Ok(value) if n_digits <= 4 => Lex::Num {
                value,
                digits: n_digits as u8,
            },
            _ => Lex::Other,
        };
    }
    if bytes.len() == 10 && bytes[4] == b'-' && bytes[7] == b'-' {
        let part = |r: std::ops::Range<usize>| form.get(r).and_then(|s| s.parse::<u32>().ok());
        if let (Some(y), Some(m), Some(d)) = (part(0..4), part(5..7), part(8..10)) {
            if let Ok(y) = i32::try_from(y) {
                if NaiveDate::from_ymd_opt(y, m, d).is_some() {
                    return Lex::Iso(y, m, d);
                }
            }
        }
        return Lex::Other;
    }
    let suffix = form[n_digits..].to_ascii_lowercase();
    if n_digits <= 2 && matches!(suffix.as_str(), "st" | "nd" | "rd" | "th") {
        if let Ok(d) = form[..n_digits].parse::<u32>() {
            if (1..=31).contains(&d) {
                return Lex::Ordinal(d);
            }
        }
    }
    Lex::Other
}

/// A month name (lower case, abbreviations with or without their period) and whether it is weak.
fn month_name(lower: &str) -> Option<(u32, bool)> {
    let (stem, period) = match lower.strip_suffix('.') {
        Some(stem) => (stem, true),
        None => (lower, false),
    };
    let (month, full) = match stem {
        "january" => (1, true),
        "jan" => (1, false),
        "february" => (2, true),
        "feb" => (2, false),
        "march" => (3, true),
        "mar" => (3, false),
        "april" => (4, true),
        "apr" => (4, false),
        "may" => (5, true),
        "june" => (6, true),
        "jun" => (6, false),
        "july" => (7, true),
        "jul" => (7, false),
        "august" => (8, true),
        "aug" => (8, false),
        "september" => (9, true),
        "sep" | "sept" => (9, false),
        "october" => (10, true),
        "oct" => (10, false),
        "november" => (11, true),
        "nov" => (11, false),
        "december" => (12, true),
        "dec" => (12, false),
        _ => return None,
    };
    if full && period {
        // "March." is a sentence end the tokenizer left attached, not an abbreviation.
        return Some((month, month == 3 || month == 5));
    }
    let weak = month == 3 || month == 5 || (!full && !period);
    Some((month, weak))
}

/// A weekday name (lower case); abbreviations only with their period ("Wed" is a verb).
fn weekday_name(lower: &str) -> Option<Weekday> {
    Some(match lower {
        "monday" | "mon." => Weekday::Mon,
        "tuesday" | "tue." | "tues." => Weekday::Tue,
        "wednesday" | "wed." => Weekday::Wed,
        "thursday" | "thu." | "thur." | "thurs." => Weekday::Thu,
        "friday" | "fri." => Weekday::Fri,
        "saturday" | "sat." => Weekday::Sat,
        "sunday" | "sun." => Weekday::Sun,
        _ => return None,
    })
}

/// A recognised expression before its preposition is attached.
struct Atom {
    start: usize,
    end: usize,
    /// The token that carries the meaning (the day number of a date, the weekday): the head
    /// when the tree gives no better one.
    core: usize,
    expr: Expr,
}

/// The word that opens an expression and sets its relation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Opener {
    None,
    Prep(Relation),
    Between,
    From,
}

impl Opener {
    fn relation(self) -> Relation {
        match self {
            Opener::None => Relation::Point,
            Opener::Prep(r) => r,
            Opener::Between => Relation::Between,
            Opener::From => Relation::Since,
        }
    }
}

/// Verbs after which "by 2000" is an amount of change, not a deadline.
const CHANGE_VERBS: &[&str] = &[
    "rise",
    "fall",
    "increase",
    "decrease",
    "grow",
    "drop",
    "cut",
    "reduce",
    "raise",
    "climb",
    "decline",
    "jump",
    "surge",
    "shrink",
    "lower",
    "boost",
    "exceed",
    "outnumber",
];

/// Units of measure a bare number can count ("a 2000 percent rise").
const MEASURES: &[&str] = &[
    "percent",
    "per",
    "%",
    "km",
    "kilometre",
    "kilometer",
    "mile",
    "metre",
    "meter",
    "foot",
    "ton",
    "tonne",
    "kg",
    "dollar",
    "euro",
    "barrel",
];

struct Scan<'a> {
    doc: &'a Doc,
    toks: &'a [Token],
    lex: Vec<Lex>,
}

impl Scan<'_> {
    fn lex_at(&self, i: usize) -> Lex {
        self.lex.get(i).copied().unwrap_or(Lex::Other)
    }

    fn tok(&self, i: usize) -> Option<&Token> {
        self.toks.get(i)
    }

    fn capitalised(&self, i: usize) -> bool {
        self.tok(i).is_some_and(|t| {
            self.doc
                .token_text(t)
                .starts_with(|c: char| c.is_uppercase())
        })
    }

    fn upos_is(&self, i: usize, tags: &[&str]) -> bool {
        self.tok(i).is_some_and(|t| tags.contains(&t.upos.as_str()))
    }

    /// The dependency head of token `i` as a 0-based index; `None` for the root or a head out
    /// of range.
    fn head_of(&self, i: usize) -> Option<usize> {
        let h = self.tok(i)?.head;
        (h >= 1 && h <= self.toks.len()).then(|| h - 1)
    }

    /// The token before `i`, skipping "early"/"late" ("in early 2015").
    fn before(&self, i: usize) -> Option<usize> {
        let mut k = i.checked_sub(1)?;
        while self.lex_at(k) == Lex::Edge {
            k = k.checked_sub(1)?;
        }
        Some(k)
    }

    /// Is there a preposition or modifier just before `i` that makes a bare month or year a
    /// time ("in March", "since 2014", "last March")?
    fn time_context(&self, i: usize) -> Option<Lex> {
        let k = self.before(i)?;
        let l = self.lex_at(k);
        matches!(
            l,
            Lex::In | Lex::Prep(_) | Lex::Between | Lex::From | Lex::Last | Lex::Next | Lex::This
        )
        .then_some(l)
    }

    /// Is the number at `i` counting the noun after it ("12 people", "2008 people")?
    fn is_count(&self, i: usize) -> bool {
        let next = i + 1;
        let Some(t) = self.tok(next) else {
            return false;
        };
        let modifies_next =
            self.head_of(i) == Some(next) && self.tok(i).is_some_and(|n| n.deprel == "nummod");
        let plural_noun = matches!(t.upos.as_str(), "NOUN" | "PROPN")
            && matches!(t.xpos.as_str(), "NNS" | "NNPS")
            && !matches!(self.lex_at(next), Lex::Unit(_) | Lex::PartOfDay { .. });
        (modifies_next && matches!(t.upos.as_str(), "NOUN" | "PROPN")) || plural_noun
    }

    fn is_measure(&self, i: usize) -> bool {
        self.tok(i)
            .is_some_and(|t| MEASURES.iter().any(|m| m.eq_ignore_ascii_case(&t.lemma)))
    }

    /// An expression starting at token `i`. `bare` allows a year or month with no preposition
    /// (the second end of a range).
    fn atom(&self, i: usize, bare: bool) -> Option<Atom> {
        match self.lex_at(i) {
            Lex::Iso(year, month, day) => Some(Atom {
                start: i,
                end: i + 1,
                core: i,
                expr: Expr::Date {
                    year: Some(year),
                    month,
                    day,
                },
            }),
            Lex::Weekday(_) => self.weekday(i, Dir::Clause),
            Lex::Month { .. } | Lex::MidMonth(_) => self.month(i, Dir::Clause, bare),
            Lex::MidYear(y) => Some(Atom {
                start: i,
                end: i + 1,
                core: i,
                expr: Expr::Year(y),
            }),
            Lex::DayWord(k) => self.day_word(i, k),
            Lex::Last | Lex::Next | Lex::This => self.modified(i),
            Lex::Edge => {
                if self.lex_at(i + 1) == Lex::Edge {
                    return None;
                }
                let mut a = self.atom(i + 1, bare)?;
                a.start = i;
                Some(a)
            }
            l @ (Lex::Num { .. } | Lex::Word(_) | Lex::Article | Lex::Ordinal(_)) => self
                .ago(i)
                .or_else(|| self.day_first(i))
                .or_else(|| l.year().and_then(|y| self.year(i, y, bare))),
            _ => None,
        }
    }

    /// "two days ago", "a year ago"; "in two weeks".
    fn ago(&self, i: usize) -> Option<Atom> {
        let n = self.lex_at(i).count()?;
        let Lex::Unit(unit) = self.lex_at(i + 1) else {
            return None;
        };
        if self.lex_at(i + 2) == Lex::Ago {
            return Some(Atom {
                start: i,
                end: i + 3,
                core: i + 1,
                expr: Expr::Ago { unit, n },
            });
        }
        let after_in = i.checked_sub(1).is_some_and(|k| self.lex_at(k) == Lex::In);
        // "in two years of war" measures a span; "in two weeks" counts forward.
        if after_in && unit != Unit::Weekend && self.lex_at(i + 2) != Lex::Of {
            return Some(Atom {
                start: i,
                end: i + 2,
                core: i + 1,
                expr: Expr::Ahead { unit, n },
            });
        }
        None
    }

    /// "21 January 2022", "the 21st of January".
    fn day_first(&self, i: usize) -> Option<Atom> {
        let day = self.lex_at(i).day()?;
        let mut j = i + 1;
        if self.lex_at(j) == Lex::Of {
            j += 1;
        }
        let Lex::Month { month, .. } = self.lex_at(j) else {
            return None;
        };
        if !day_fits(month, day) {
            return None;
        }
        let (year, end) = self.year_after(j + 1);
        Some(Atom {
            start: i,
            end: end.unwrap_or(j + 1),
            core: i,
            expr: Expr::Date { year, month, day },
        })
    }

    /// A year just after a month or date: "2022" in "January 21, 2022" or "March 2014", "March
    /// of 2014". Returns the year and the end of the expression.
    fn year_after(&self, j: usize) -> (Option<i32>, Option<usize>) {
        let k = if matches!(self.lex_at(j), Lex::Comma | Lex::Of) {
            j + 1
        } else {
            j
        };
        match self.lex_at(k).year() {
            Some(y) if !self.is_count(k) => (Some(y), Some(k + 1)),
            _ => (None, None),
        }
    }

    /// "January 21, 2022", "Jan. 21", "March 2014", "in March", "last March".
    fn month(&self, i: usize, dir: Dir, bare: bool) -> Option<Atom> {
        let (month, weak, mid) = match self.lex_at(i) {
            Lex::Month { month, weak } => (month, weak, false),
            Lex::MidMonth(month) => (month, false, true),
            _ => return None,
        };
        let j = i + 1;
        if let Some(day) = self.lex_at(j).day().filter(|&d| !mid && day_fits(month, d)) {
            let on = self.before(i).is_some_and(|k| self.lex_at(k) == Lex::On);
            let (year, end) = self.year_after(j + 1);
            // "in March 12 people died": a number that counts the next noun is no day, unless
            // "on" or a year says it is one.
            let counted = matches!(self.lex_at(j), Lex::Num { .. }) && self.is_count(j);
            if !counted || on || year.is_some() || self.lex_at(j + 1) == Lex::Comma {
                return Some(Atom {
                    start: i,
                    end: end.unwrap_or(j + 1),
                    core: j,
                    expr: Expr::Date { year, month, day },
                });
            }
        }
        if let (Some(year), Some(end)) = self.year_after(j) {
            return Some(Atom {
                start: i,
                end,
                core: i,
                expr: Expr::Month {
                    year: Some(year),
                    month,
                    dir,
                },
            });
        }
        // A month on its own needs a preposition or modifier before it: "March" opening a
        // sentence, or "every March", is not a date.
        let context = bare || dir != Dir::Clause || self.time_context(i).is_some();
        // A weak name alone ("May") needs its preposition or a proper-noun tag: the tagger's
        // modal "May" at a sentence start is no month.
        let tag_ok = !weak
            || self.time_context(i).is_some()
            || dir != Dir::Clause
            || self.upos_is(i, &["PROPN", "NOUN"]);
        (context && tag_ok).then_some(Atom {
            start: i,
            end: i + 1,
            core: i,
            expr: Expr::Month {
                year: None,
                month,
                dir,
            },
        })
    }

    /// "Thursday", "Thursday night", "Friday, Jan. 21".
    fn weekday(&self, i: usize, dir: Dir) -> Option<Atom> {
        let Lex::Weekday(day) = self.lex_at(i) else {
            return None;
        };
        // Names built on a weekday: "Bloody Sunday", "the Sunday Times".
        if let Some(prev) = i.checked_sub(1) {
            if self.capitalised(prev)
                && self.lex_at(prev) == Lex::Other
                && self.upos_is(prev, &["ADJ"])
            {
                return None;
            }
        }
        if let (Some(t), Some(h)) = (self.tok(i), self.head_of(i)) {
            if matches!(t.deprel.as_str(), "compound" | "flat")
                && h > i
                && self.lex_at(h) == Lex::Other
                && self.upos_is(h, &["PROPN"])
            {
                return None;
            }
        }
        let j = if self.lex_at(i + 1) == Lex::Comma {
            i + 2
        } else {
            i + 1
        };
        let date = match self.lex_at(j) {
            Lex::Month { .. } => self.month(j, Dir::Clause, true),
            _ => self.day_first(j),
        };
        if let Some(d) = date.filter(|d| matches!(d.expr, Expr::Date { .. })) {
            return Some(Atom {
                start: i,
                end: d.end,
                core: i,
                expr: d.expr,
            });
        }
        let end = if matches!(self.lex_at(i + 1), Lex::PartOfDay { .. }) {
            i + 2
        } else {
            i + 1
        };
        Some(Atom {
            start: i,
            end,
            core: i,
            expr: Expr::Weekday { day, dir },
        })
    }

    /// "yesterday", "tomorrow morning", "tonight".
    fn day_word(&self, i: usize, offset: i64) -> Option<Atom> {
        // "Russia Today" is a broadcaster.
        if i > 0
            && self.capitalised(i)
            && self.upos_is(i - 1, &["PROPN"])
            && self.lex_at(i - 1) == Lex::Other
        {
            return None;
        }
        let end = if matches!(self.lex_at(i + 1), Lex::PartOfDay { .. }) {
            i + 2
        } else {
            i + 1
        };
        Some(Atom {
            start: i,
            end,
            core: i,
            expr: Expr::Days(offset),
        })
    }

    /// "last Friday", "next week", "this month", "last night", "this morning", "last March".
    fn modified(&self, i: usize) -> Option<Atom> {
        let l = self.lex_at(i);
        // "the last week", "the next day": a span or an anaphor, not a date.
        if i > 0 && self.lex_at(i - 1) == Lex::The {
            return None;
        }
        let (dir, offset) = match l {
            Lex::Last => (Dir::Last, -1),
            Lex::Next => (Dir::Next, 1),
            _ => (Dir::This, 0),
        };
        let j = i + 1;
        let inner = match self.lex_at(j) {
            Lex::Weekday(_) => self.weekday(j, dir)?,
            Lex::Month { .. } => self.month(j, dir, true)?,
            // "in recent years", "in the last years": plural units are spans, not dates.
            Lex::Unit(unit)
                if !matches!(unit, Unit::Hour | Unit::Day)
                    && !self
                        .tok(j)
                        .is_some_and(|t| self.doc.token_text(t).ends_with('s')) =>
            {
                Atom {
                    start: j,
                    end: j + 1,
                    core: j,
                    expr: Expr::Calendar { unit, offset },
                }
            }
            Lex::PartOfDay { night } => {
                let day = match (l, night) {
                    (Lex::Last, true) => -1,
                    (Lex::This, _) => 0,
                    _ => return None,
                };
                Atom {
                    start: j,
                    end: j + 1,
                    core: j,
                    expr: Expr::Days(day),
                }
            }
            _ => return None,
        };
        Some(Atom { start: i, ..inner })
    }

    /// A bare four-digit year: "in 2008", "since 2014", "the 2008 war".
    fn year(&self, i: usize, year: i32, bare: bool) -> Option<Atom> {
        let atom = Atom {
            start: i,
            end: i + 1,
            core: i,
            expr: Expr::Year(year),
        };
        if self.is_measure(i + 1) || matches!(self.lex_at(i + 1), Lex::Unit(_)) {
            return None;
        }
        let context = self.time_context(i);
        if bare || context.is_some() {
            if self.is_count(i) {
                return None;
            }
            // "from 2000 to 3000 troops": a range of counts.
            if matches!(
                self.lex_at(i + 1),
                Lex::To | Lex::And | Lex::Prep(Relation::Until)
            ) && matches!(self.lex_at(i + 2), Lex::Num { .. })
                && self.lex_at(i + 2).year().is_none()
            {
                return None;
            }
            if context == Some(Lex::Prep(Relation::By)) {
                let by = self.before(i)?;
                let verb = by.checked_sub(1).and_then(|k| self.tok(k));
                if verb.is_some_and(|v| CHANGE_VERBS.contains(&v.lemma.as_str())) {
                    return None;
                }
            }
            return Some(atom);
        }
        // A year modifying a noun: the tree's noun when it is plausible, else the next word.
        let noun = self
            .head_of(i)
            .filter(|&h| {
                h > i
                    && h - i <= 4
                    && self.upos_is(h, &["NOUN", "PROPN"])
                    && self.tok(i).is_some_and(|t| {
                        matches!(t.deprel.as_str(), "nummod" | "compound" | "amod" | "nmod")
                    })
            })
            .or_else(|| self.upos_is(i + 1, &["NOUN", "PROPN"]).then_some(i + 1))?;
        if matches!(self.lex_at(noun), Lex::Unit(_)) || self.is_measure(noun) {
            return None;
        }
        let plural = self
            .tok(noun)
            .is_some_and(|t| matches!(t.xpos.as_str(), "NNS" | "NNPS"));
        // "the 2014 protests" is a year; "2008 people" is a count.
        let determined = i > 0
            && (self.upos_is(i - 1, &["DET"])
                || self
                    .tok(i - 1)
                    .is_some_and(|t| matches!(t.xpos.as_str(), "PRP$" | "POS")));
        (!plural || determined).then_some(atom)
    }

    /// Attaches the preposition (and "the", "early") before an atom; never reaches back past
    /// `floor`, the end of the previous expression.
    fn opener(&self, atom: &Atom, floor: usize) -> (usize, Opener) {
        let mut s = atom.start;
        if s > floor && self.lex_at(s - 1) == Lex::The && matches!(self.lex_at(s), Lex::Ordinal(_))
        {
            s -= 1;
        }
        while s > floor && self.lex_at(s - 1) == Lex::Edge {
            s -= 1;
        }
        if s <= floor {
            return (s, Opener::None);
        }
        let opener = match self.lex_at(s - 1) {
            Lex::In | Lex::On => Opener::Prep(Relation::Point),
            Lex::Prep(r) => Opener::Prep(r),
            Lex::Between => Opener::Between,
            Lex::From => Opener::From,
            _ => return (s, Opener::None),
        };
        (s - 1, opener)
    }

    /// The second end of "between A and B" or "from A to B".
    fn range_end(&self, atom: &Atom, opener: Opener) -> Option<Atom> {
        let joint = self.lex_at(atom.end);
        let joined = match opener {
            Opener::Between => joint == Lex::And,
            Opener::From => matches!(joint, Lex::To | Lex::Prep(Relation::Until)),
            _ => false,
        };
        if !joined {
            return None;
        }
        self.atom(atom.end + 1, true)
    }
}

/// Whether `day` can be a day of `month` in some year.
fn day_fits(month: u32, day: u32) -> bool {
    NaiveDate::from_ymd_opt(2000, month, day).is_some()
}

/// The token of `range` whose head lies outside it: the one that attaches the expression to its
/// clause. The parser is not always right, so when several (or none) do, the expression's core
/// word wins, then the first content word.
fn pick_head(toks: &[Token], range: std::ops::Range<usize>, core: usize) -> usize {
    let outside = |k: usize| {
        let h = toks[k].head;
        h == 0 || !range.contains(&(h - 1))
    };
    let candidates = || {
        range
            .clone()
            .filter(|&k| toks[k].upos != "PUNCT" && outside(k))
    };
    if outside(core) {
        return core;
    }
    candidates()
        .find(|&k| matches!(toks[k].upos.as_str(), "NOUN" | "PROPN" | "NUM" | "ADV"))
        .or_else(|| candidates().next())
        .unwrap_or(core)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_lang::Pipeline;
    use std::sync::OnceLock;

    fn pipeline() -> &'static Pipeline {
        static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
        PIPELINE.get_or_init(|| Pipeline::load_default().expect("default language models load"))
    }

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    /// Publication dates the tests resolve against: a Thursday and the Saturday after it.
    fn thursday() -> Option<NaiveDate> {
        Some(ymd(2022, 1, 20))
    }
    fn saturday() -> Option<NaiveDate> {
        Some(ymd(2022, 1, 22))
    }

    /// The expressions of a one-sentence text.
    fn times(text: &str) -> (Doc, Vec<TimeMention>) {
        let mut doc = Doc::new("t", text);
        pipeline().annotate(&mut doc);
        assert_eq!(doc.sentences.len(), 1, "{text:?} should be one sentence");
        let found = find_times(&doc, 0);
        (doc, found)
    }

    fn texts(text: &str) -> Vec<String> {
        let (doc, found) = times(text);
        found.iter().map(|m| m.text(&doc).to_string()).collect()
    }

    /// The one expression of `text`, which must read `expect`.
    fn only(text: &str, expect: &str) -> TimeMention {
        let (doc, mut found) = times(text);
        let got: Vec<&str> = found.iter().map(|m| m.text(&doc)).collect();
        assert_eq!(got, [expect], "in {text:?}");
        found.remove(0)
    }

    fn day(value: NaiveDate) -> Resolved {
        Resolved {
            value: Some(value),
            precision: Precision::Day,
        }
    }

    fn at(value: NaiveDate, precision: Precision) -> Resolved {
        Resolved {
            value: Some(value),
            precision,
        }
    }

    #[test]
    fn full_dates_in_both_orders_need_no_publication_date() {
        let m = only(
            "Russia invaded Ukraine on January 21, 2022, officials said.",
            "on January 21, 2022",
        );
        assert_eq!(m.resolve(None, false), day(ymd(2022, 1, 21)));
        assert_eq!(m.relation, Relation::Point);
        let m = only(
            "The talks began on 21 January 2022 in Geneva.",
            "on 21 January 2022",
        );
        assert_eq!(m.resolve(None, true), day(ymd(2022, 1, 21)));
        let m = only("The report was released on 2022-01-21.", "on 2022-01-21");
        assert_eq!(m.resolve(None, false), day(ymd(2022, 1, 21)));
    }

    #[test]
    fn head_is_the_word_attached_to_the_clause() {
        let (doc, found) = times("The minister will visit Paris on Thursday.");
        assert_eq!(found.len(), 1);
        let s = &doc.sentences[0];
        assert_eq!(doc.token_text(&s.tokens[found[0].head]), "Thursday");
        assert_eq!(found[0].tokens, 5..7);
        let (doc, found) = times("Lavrov met Blinken on Jan. 21 in Geneva.");
        assert_eq!(found.len(), 1);
        let m = &found[0];
        let head = &doc.sentences[0].tokens[m.head];
        assert!(m.tokens.contains(&m.head));
        assert!(
            !m.tokens.contains(&(head.head - 1)),
            "the head attaches outside the expression"
        );
    }

    #[test]
    fn date_without_year_takes_the_publication_year() {
        let m = only("Lavrov met Blinken on Jan. 21 in Geneva.", "on Jan. 21");
        assert_eq!(m.resolve(thursday(), false), day(ymd(2022, 1, 21)));
        assert_eq!(m.resolve(None, false), Resolved::UNKNOWN);
    }

    #[test]
    fn date_without_year_well_after_publication_is_last_years_in_a_past_clause() {
        let m = only("The ceasefire was agreed on Dec. 28.", "on Dec. 28");
        assert_eq!(m.resolve(thursday(), false), day(ymd(2021, 12, 28)));
        let m = only("The talks resumed on March 30.", "on March 30");
        assert_eq!(m.resolve(thursday(), false), day(ymd(2021, 3, 30)));
        // Within two months of publication it stays in the publication year.
        let m = only("The talks resumed on March 1.", "on March 1");
        assert_eq!(m.resolve(thursday(), false), day(ymd(2022, 3, 1)));
        // A future clause written in December about January means next year's.
        let m = only("The treaty will be signed on Jan. 5.", "on Jan. 5");
        assert_eq!(
            m.resolve(Some(ymd(2021, 12, 20)), true),
            day(ymd(2022, 1, 5))
        );
    }

    #[test]
    fn weekday_with_date_and_ordinal_day_of_month() {
        let m = only(
            "On Friday, Jan. 21, the ministers met in Geneva.",
            "On Friday, Jan. 21",
        );
        assert_eq!(m.resolve(thursday(), false), day(ymd(2022, 1, 21)));
        let m = only(
            "The ministers met on the 21st of January.",
            "on the 21st of January",
        );
        assert_eq!(m.resolve(thursday(), false), day(ymd(2022, 1, 21)));
        let m = only("Police acted on Sept. 3rd.", "on Sept. 3rd");
        assert_eq!(m.resolve(thursday(), false), day(ymd(2021, 9, 3)));
    }

    #[test]
    fn month_and_year() {
        let m = only("Troops entered the city in March 2014.", "in March 2014");
        let march_2014 = at(ymd(2014, 3, 1), Precision::Month);
        assert_eq!(m.resolve(None, false), march_2014);
        assert_eq!(m.resolve(thursday(), true), march_2014);
    }

    #[test]
    fn month_alone_is_the_latest_in_the_past_and_the_next_in_the_future() {
        let m = only("Protesters gathered in March.", "in March");
        assert_eq!(
            m.resolve(thursday(), false),
            at(ymd(2021, 3, 1), Precision::Month)
        );
        assert_eq!(
            m.resolve(thursday(), true),
            at(ymd(2022, 3, 1), Precision::Month)
        );
        assert_eq!(m.resolve(None, false), Resolved::UNKNOWN);
        // The publication month itself counts both ways.
        let m = only("Protesters gathered in January.", "in January");
        assert_eq!(
            m.resolve(thursday(), false),
            at(ymd(2022, 1, 1), Precision::Month)
        );
        let m = only("The troops will stay until next March.", "until next March");
        assert_eq!(m.relation, Relation::Until);
        assert_eq!(
            m.resolve(thursday(), false),
            at(ymd(2022, 3, 1), Precision::Month)
        );
    }

    #[test]
    fn weekday_past_clause_is_the_latest_future_clause_the_next() {
        let m = only("Police arrested two men on Thursday.", "on Thursday");
        assert_eq!(m.resolve(saturday(), false), day(ymd(2022, 1, 20)));
        assert_eq!(m.resolve(saturday(), true), day(ymd(2022, 1, 27)));
        let m = only("The minister will visit Paris on Monday.", "on Monday");
        assert_eq!(m.resolve(saturday(), true), day(ymd(2022, 1, 24)));
        assert_eq!(m.resolve(None, true), Resolved::UNKNOWN);
    }

    #[test]
    fn weekday_on_the_publication_day_is_that_day() {
        let m = only("Police arrested two men on Thursday.", "on Thursday");
        assert_eq!(m.resolve(thursday(), false), day(ymd(2022, 1, 20)));
        assert_eq!(m.resolve(thursday(), true), day(ymd(2022, 1, 20)));
    }

    #[test]
    fn last_and_next_weekday_ignore_the_clause() {
        let m = only("Rebels attacked the convoy last Friday.", "last Friday");
        assert_eq!(m.resolve(thursday(), false), day(ymd(2022, 1, 14)));
        assert_eq!(m.resolve(thursday(), true), day(ymd(2022, 1, 14)));
        let m = only("The leaders will meet next Monday.", "next Monday");
        assert_eq!(m.resolve(thursday(), false), day(ymd(2022, 1, 24)));
        // "last Thursday" written on a Thursday is a week back.
        let m = only("Rebels attacked the convoy last Thursday.", "last Thursday");
        assert_eq!(m.resolve(thursday(), false), day(ymd(2022, 1, 13)));
        let m = only(
            "Since last Thursday, 300 people have been arrested.",
            "Since last Thursday",
        );
        assert_eq!(m.relation, Relation::Since);
    }

    #[test]
    fn weekday_with_part_of_day() {
        let m = only(
            "The army shelled the town Thursday night.",
            "Thursday night",
        );
        assert_eq!(m.resolve(saturday(), false), day(ymd(2022, 1, 20)));
        let m = only("Fighting resumed on Sunday morning.", "on Sunday morning");
        assert_eq!(m.resolve(thursday(), false), day(ymd(2022, 1, 16)));
    }

    #[test]
    fn day_words() {
        let (doc, found) =
            times("Protests continued yesterday and today, police said this morning.");
        let got: Vec<(&str, Resolved)> = found
            .iter()
            .map(|m| (m.text(&doc), m.resolve(thursday(), false)))
            .collect();
        assert_eq!(
            got,
            [
                ("yesterday", day(ymd(2022, 1, 19))),
                ("today", day(ymd(2022, 1, 20))),
                ("this morning", day(ymd(2022, 1, 20))),
            ]
        );
        let m = only("The president will travel to Kyiv tomorrow.", "tomorrow");
        assert_eq!(m.resolve(thursday(), true), day(ymd(2022, 1, 21)));
        let m = only("Rebels attacked the base last night.", "last night");
        assert_eq!(m.resolve(thursday(), false), day(ymd(2022, 1, 19)));
        let m = only("The council meets tonight.", "tonight");
        assert_eq!(m.resolve(thursday(), true), day(ymd(2022, 1, 20)));
    }

    #[test]
    fn weeks_months_and_years_around_publication() {
        let cases = [
            (
                "The ceasefire collapsed last week.",
                "last week",
                ymd(2022, 1, 10),
                Precision::Week,
            ),
            (
                "Talks resume next week.",
                "next week",
                ymd(2022, 1, 24),
                Precision::Week,
            ),
            (
                "Talks resumed this week.",
                "this week",
                ymd(2022, 1, 17),
                Precision::Week,
            ),
            (
                "Prices fell last month.",
                "last month",
                ymd(2021, 12, 1),
                Precision::Month,
            ),
            (
                "Prices will fall next month.",
                "next month",
                ymd(2022, 2, 1),
                Precision::Month,
            ),
            (
                "Prices fell this month.",
                "this month",
                ymd(2022, 1, 1),
                Precision::Month,
            ),
            (
                "Elections were held last year.",
                "last year",
                ymd(2021, 1, 1),
                Precision::Year,
            ),
            (
                "Elections will be held next year.",
                "next year",
                ymd(2023, 1, 1),
                Precision::Year,
            ),
            (
                "Prices rose this year.",
                "this year",
                ymd(2022, 1, 1),
                Precision::Year,
            ),
            (
                "Earlier this month, the ministry raised prices.",
                "Earlier this month",
                ymd(2022, 1, 1),
                Precision::Month,
            ),
            (
                "Talks resume this weekend.",
                "this weekend",
                ymd(2022, 1, 17),
                Precision::Week,
            ),
        ];
        for (text, expect, value, precision) in cases {
            let m = only(text, expect);
            assert_eq!(m.resolve(thursday(), false), at(value, precision), "{text}");
        }
    }

    #[test]
    fn counted_units_ago() {
        let (doc, found) =
            times("Two days ago, rebels seized the airport, and three weeks ago they lost it.");
        let got: Vec<(&str, Resolved)> = found
            .iter()
            .map(|m| (m.text(&doc), m.resolve(thursday(), false)))
            .collect();
        assert_eq!(
            got,
            [
                ("Two days ago", day(ymd(2022, 1, 18))),
                ("three weeks ago", at(ymd(2021, 12, 27), Precision::Week)),
            ]
        );
        let m = only("A year ago, the talks collapsed.", "A year ago");
        assert_eq!(
            m.resolve(thursday(), false),
            at(ymd(2021, 1, 1), Precision::Year)
        );
        assert_eq!(m.resolve(None, false), Resolved::UNKNOWN);
    }

    #[test]
    fn in_n_units_is_a_date_only_in_a_future_clause() {
        let m = only("The talks will resume in two weeks.", "in two weeks");
        assert_eq!(
            m.resolve(thursday(), true),
            at(ymd(2022, 1, 31), Precision::Week)
        );
        // "the worst fighting in two weeks" measures a span.
        assert_eq!(m.resolve(thursday(), false), Resolved::UNKNOWN);
    }

    #[test]
    fn years_after_prepositions() {
        let m = only("The troops withdrew in 2008.", "in 2008");
        assert_eq!(m.resolve(None, false), at(ymd(2008, 1, 1), Precision::Year));
        assert_eq!(m.relation, Relation::Point);
        let m = only("The war began in early 2015.", "in early 2015");
        assert_eq!(m.resolve(None, false), at(ymd(2015, 1, 1), Precision::Year));
        let m = only("The war began in mid-2014.", "in mid-2014");
        assert_eq!(m.resolve(None, false), at(ymd(2014, 1, 1), Precision::Year));
        let m = only("The plant will close by 2030.", "by 2030");
        assert_eq!(m.relation, Relation::By);
    }

    #[test]
    fn years_modifying_nouns() {
        for text in [
            "The 2008 war left deep scars.",
            "It was a 2008 Russia-Georgia war.",
        ] {
            let m = only(text, "2008");
            assert_eq!(m.resolve(None, false), at(ymd(2008, 1, 1), Precision::Year));
        }
        only("The 2014 protests toppled the government.", "2014");
    }

    #[test]
    fn since_keeps_the_start_and_says_so() {
        let m = only("Russia has controlled Crimea since 2014.", "since 2014");
        assert_eq!(m.relation, Relation::Since);
        assert_eq!(m.resolve(None, false), at(ymd(2014, 1, 1), Precision::Year));
        assert_eq!(m.resolve_end(None, false), None);
        let in_2014 = only("Russia annexed Crimea in 2014.", "in 2014");
        assert_ne!(in_2014.relation, m.relation);
    }

    #[test]
    fn ranges_keep_both_ends() {
        let m = only(
            "Fighting raged between 2014 and 2016.",
            "between 2014 and 2016",
        );
        assert_eq!(m.relation, Relation::Between);
        assert_eq!(m.resolve(None, false), at(ymd(2014, 1, 1), Precision::Year));
        assert_eq!(
            m.resolve_end(None, false),
            Some(at(ymd(2016, 1, 1), Precision::Year))
        );
        // The first end borrows the second's year.
        let m = only(
            "The offensive lasted from May to July 2015.",
            "from May to July 2015",
        );
        assert_eq!(m.relation, Relation::Between);
        assert_eq!(
            m.resolve(None, false),
            at(ymd(2015, 5, 1), Precision::Month)
        );
    }

    #[test]
    fn plural_units_are_spans() {
        for text in [
            "Prices rose in the last years.",
            "Prices rose in last years.",
            "Talks collapsed over the last week.",
        ] {
            assert_eq!(texts(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn counts_are_not_years() {
        for text in [
            "The government sent 2,000 troops to the border.",
            "Officials said that 2008 people were evacuated.",
            "In 2000 cases, the court ruled against the state.",
            "The army moved 1500 tanks and 2000 soldiers.",
            "Prices rose by 2000 percent in Venezuela.",
            "The convoy travelled 1950 kilometres.",
        ] {
            assert_eq!(texts(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn modal_may_verb_march_names_and_ages_are_not_times() {
        for text in [
            "The minister may resign, officials said.",
            "Thousands march in the capital every March.",
            "March organizers said the rally would be peaceful.",
            "He is 45 years old, officials said.",
            "The protest on Bloody Sunday was remembered.",
            "The Sunday Times reported the deal.",
            "Russia Today reported the deal.",
            "Officials met at 10 am in the capital.",
        ] {
            assert_eq!(texts(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn a_count_after_a_month_is_not_its_day() {
        let m = only("In March 12 people died.", "In March");
        assert_eq!(
            m.resolve(thursday(), false),
            at(ymd(2021, 3, 1), Precision::Month)
        );
    }

    #[test]
    fn relative_expressions_stay_unknown_without_publication_date() {
        for text in [
            "Police arrested two men on Thursday.",
            "The ceasefire collapsed last week.",
            "Prices fell last month.",
            "Elections were held last year.",
            "Rebels attacked yesterday.",
            "Two days ago, rebels seized the airport.",
            "Protesters gathered in March.",
            "Lavrov met Blinken on Jan. 21.",
        ] {
            let (_, found) = times(text);
            assert_eq!(found.len(), 1, "{text}");
            for future in [false, true] {
                assert_eq!(found[0].resolve(None, future), Resolved::UNKNOWN, "{text}");
            }
        }
    }

    #[test]
    fn several_expressions_in_order_with_spans_on_their_tokens() {
        let (doc, found) = times(
            "The deal was signed on Wednesday, Jan. 19, 2022, and will take effect next month.",
        );
        let got: Vec<&str> = found.iter().map(|m| m.text(&doc)).collect();
        assert_eq!(got, ["on Wednesday, Jan. 19, 2022", "next month"]);
        let toks = &doc.sentences[0].tokens;
        for m in &found {
            assert_eq!(m.span.start, toks[m.tokens.start].span.start);
            assert_eq!(m.span.end, toks[m.tokens.end - 1].span.end);
            assert!(m.tokens.contains(&m.head));
        }
        assert!(found[0].tokens.end <= found[1].tokens.start);
    }

    #[test]
    fn sentences_without_time_words_and_out_of_range_indices() {
        let (doc, found) = times("The rebels seized the airport and the army withdrew.");
        assert!(found.is_empty());
        assert!(find_times(&doc, 7).is_empty());
    }

    #[test]
    fn untagged_unparsed_tokens_still_give_explicit_dates() {
        // A CoNLL-U file may come without tags or tree: every head is 0, every tag empty.
        let text = "Talks began on January 21 , 2022 and ended last week";
        let mut doc = Doc::new("t", text);
        let mut tokens = Vec::new();
        let mut start = 0;
        for word in text.split(' ') {
            tokens.push(Token::new(Span::new(start, start + word.len())));
            start += word.len() + 1;
        }
        doc.sentences
            .push(sitrep_doc::Sentence::new(Span::new(0, text.len()), tokens));
        let found = find_times(&doc, 0);
        let got: Vec<&str> = found.iter().map(|m| m.text(&doc)).collect();
        assert_eq!(got, ["on January 21 , 2022", "last week"]);
        assert_eq!(found[0].resolve(None, false), day(ymd(2022, 1, 21)));
        assert_eq!(
            doc.token_text(&doc.sentences[0].tokens[found[0].head]),
            "21"
        );
    }

    #[test]
    fn lexer_tells_names_from_words() {
        assert_eq!(
            lex("May"),
            Lex::Month {
                month: 5,
                weak: true
            }
        );
        assert_eq!(lex("may"), Lex::Other);
        assert_eq!(lex("march"), Lex::Other);
        assert_eq!(
            lex("Sept."),
            Lex::Month {
                month: 9,
                weak: false
            }
        );
        assert_eq!(
            lex("Jan"),
            Lex::Month {
                month: 1,
                weak: true
            }
        );
        assert_eq!(lex("Wed"), Lex::Other);
        assert_eq!(lex("Wed."), Lex::Weekday(Weekday::Wed));
        assert_eq!(lex("2,000"), Lex::Other);
        assert_eq!(lex("2008").year(), Some(2008));
        assert_eq!(lex("1850").year(), None);
        assert_eq!(lex("21st"), Lex::Ordinal(21));
        assert_eq!(lex("32nd"), Lex::Other);
        assert_eq!(lex("mid-2014"), Lex::MidYear(2014));
        assert_eq!(lex("2022-02-30"), Lex::Other);
        assert_eq!(lex("2022-01-21"), Lex::Iso(2022, 1, 21));
        assert_eq!(lex("Żółw"), Lex::Other);
    }

    #[test]
    fn leap_day_without_year_falls_on_a_leap_year() {
        assert_eq!(
            date_near(ymd(2022, 3, 10), 2, 29, false),
            Some(ymd(2020, 2, 29))
        );
        assert_eq!(
            date_near(ymd(2022, 3, 10), 2, 29, true),
            Some(ymd(2024, 2, 29))
        );
    }

    #[test]
    fn weekends_around_publication() {
        // Publication on a Monday: last weekend is the one just gone, next the coming one.
        let monday = ymd(2022, 1, 24);
        assert_eq!(
            calendar(monday, Unit::Weekend, -1),
            at(ymd(2022, 1, 17), Precision::Week)
        );
        assert_eq!(
            calendar(monday, Unit::Weekend, 1),
            at(ymd(2022, 1, 24), Precision::Week)
        );
        // On a Saturday the next weekend is a week on.
        assert_eq!(
            calendar(ymd(2022, 1, 22), Unit::Weekend, 1),
            at(ymd(2022, 1, 24), Precision::Week)
        );
    }
}

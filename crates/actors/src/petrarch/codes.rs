//! Code brackets (`[USAGOV >20090120]`), date restrictions and CAMEO code prefixes.

use chrono::NaiveDate;

use crate::dict::Period;

/// What a line with codes holds: the text before its first `[`, the insides of the `[…]`
/// groups that follow (separated by blanks only), and any text after the last group.
pub(super) struct Split<'a> {
    pub head: &'a str,
    pub groups: Vec<&'a str>,
    pub trailing: &'a str,
}

/// Splits `text` at its code brackets. An unterminated `[`, a `]` without `[` and text between
/// two code brackets are errors; text after the last bracket is returned for the caller to
/// judge.
pub(super) fn split_codes(text: &str) -> Result<Split<'_>, String> {
    let Some(first) = text.find('[') else {
        if text.contains(']') {
            return Err(format!("`]` without `[` in {text:?}"));
        }
        return Ok(Split {
            head: text,
            groups: Vec::new(),
            trailing: "",
        });
    };
    let head = &text[..first];
    if head.contains(']') {
        return Err(format!("`]` without `[` in {text:?}"));
    }
    let mut groups = Vec::new();
    let mut rest = &text[first..];
    loop {
        rest = rest.trim_start();
        let Some(after_open) = rest.strip_prefix('[') else {
            if rest.contains(['[', ']']) {
                return Err(format!("unexpected text {rest:?} between code brackets"));
            }
            return Ok(Split {
                head,
                groups,
                trailing: rest.trim_end(),
            });
        };
        let Some(close) = after_open.find(']') else {
            return Err(format!("unterminated `[` code bracket in {text:?}"));
        };
        let inner = &after_open[..close];
        if inner.contains('[') {
            return Err(format!("unterminated `[` code bracket in {text:?}"));
        }
        groups.push(inner);
        rest = &after_open[close + 1..];
    }
}

/// A code with its date restriction, as written inside one `[…]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct DatedCode {
    /// The code, uppercased.
    pub code: String,
    /// `None` when the code has no restriction.
    pub period: Option<Period>,
}

/// Reads the inside of an actor code bracket: `CODE`, `CODE <DATE`, `CODE >DATE`,
/// `CODE DATE-DATE` (blanks allowed around `<`, `>` and `-`), or `CODE DATE` (read as `>DATE`,
/// with a warning). Notes about dates read leniently go to `warn`.
pub(super) fn parse_dated_code(inner: &str, warn: &mut Vec<String>) -> Result<DatedCode, String> {
    let inner = inner.trim();
    let mut parts = inner.splitn(2, char::is_whitespace);
    let code = parts.next().unwrap_or("").trim();
    if code.is_empty() {
        return Err("empty code bracket `[]`".to_string());
    }
    let code = code.to_ascii_uppercase();
    let restriction: String = parts
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if restriction.is_empty() {
        return Ok(DatedCode { code, period: None });
    }
    let bad =
        |why: &str| format!("invalid date restriction {restriction:?} for code {code}: {why}");
    let period = if let Some(d) = restriction.strip_prefix('<') {
        Period {
            from: None,
            to: Some(read_date(d, warn).map_err(|e| bad(&e))?),
        }
    } else if let Some(d) = restriction.strip_prefix('>') {
        Period {
            from: Some(read_date(d, warn).map_err(|e| bad(&e))?),
            to: None,
        }
    } else if let Some((a, b)) = restriction.split_once('-') {
        let from = read_date(a, warn).map_err(|e| bad(&e))?;
        let to = read_date(b, warn).map_err(|e| bad(&e))?;
        if from > to {
            warn.push(format!(
                "code {code}: period {from} to {to} ends before it starts; it never applies"
            ));
        }
        Period {
            from: Some(from),
            to: Some(to),
        }
    } else if restriction.bytes().all(|b| b.is_ascii_digit()) {
        let from = read_date(&restriction, warn).map_err(|e| bad(&e))?;
        warn.push(format!(
            "code {code}: date {restriction} has no `<` or `>`; read as from {from}"
        ));
        Period {
            from: Some(from),
            to: None,
        }
    } else {
        return Err(bad("expected <DATE, >DATE or DATE-DATE"));
    };
    Ok(DatedCode {
        code,
        period: Some(period),
    })
}

/// Reads a PETRARCH date: `YYMMDD` (years 00–30 are 20YY, 31–99 are 19YY, as in KEDS, TABARI
/// and PETRARCH) or `YYYYMMDD`. Other lengths are typos in the reference files; they are read
/// the way PETRARCH reads them, with a warning: 7 digits starting `19`/`20` as `YYYYMMD`,
/// other 7-digit dates from their first six digits, 10 digits with a doubled century
/// (`1920030320`) from their last eight, other 9- and 10-digit dates from their first eight.
pub(super) fn read_date(d: &str, warn: &mut Vec<String>) -> Result<NaiveDate, String> {
    if d.is_empty() {
        return Err("missing date".to_string());
    }
    if !d.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("{d:?} is not a date (YYMMDD or YYYYMMDD)"));
    }
    let num = |s: &str| s.parse::<u32>().unwrap_or(0);
    let ymd = |y: i32, m: u32, day: u32| {
        NaiveDate::from_ymd_opt(y, m, day).ok_or_else(|| format!("{d} is not a calendar date"))
    };
    let yymmdd = |s: &str| {
        let yy = num(&s[0..2]) as i32;
        ymd(
            if yy <= 30 { 2000 + yy } else { 1900 + yy },
            num(&s[2..4]),
            num(&s[4..6]),
        )
    };
    let yyyymmdd = |s: &str| ymd(num(&s[0..4]) as i32, num(&s[4..6]), num(&s[6..8]));
    let century = |s: &str| s.starts_with("19") || s.starts_with("20");
    match d.len() {
        6 => yymmdd(d),
        8 => yyyymmdd(d),
        7 if century(d) => {
            let date = ymd(num(&d[0..4]) as i32, num(&d[4..6]), num(&d[6..7]))?;
            warn.push(format!("7-digit date {d} read as YYYYMMD: {date}"));
            Ok(date)
        }
        7 => {
            let date = yymmdd(&d[..6])?;
            warn.push(format!(
                "7-digit date {d} read from its first six digits: {date}"
            ));
            Ok(date)
        }
        10 if century(d) && century(&d[2..]) => {
            let date = yyyymmdd(&d[2..])?;
            warn.push(format!(
                "10-digit date {d} has a doubled century; read as {date}"
            ));
            Ok(date)
        }
        9 | 10 => {
            let date = yyyymmdd(&d[..8])?;
            warn.push(format!(
                "{}-digit date {d} read from its first eight digits: {date}",
                d.len()
            ));
            Ok(date)
        }
        n => Err(format!(
            "date {d} has {n} digits; expected 6 (YYMMDD) or 8 (YYYYMMDD)"
        )),
    }
}

/// Three-letter CAMEO prefixes that are not countries: international and non-state actor
/// types, regions, religions and sectors.
const NON_COUNTRY: &[&str] = &[
    // international and non-state
    "IGO", "NGO", "NGM", "IMG", "MNC", "UIS", "INT", "UNO", "EEC", // regions
    "AFR", "ASA", "BAL", "BLK", "CAU", "CFR", "CAS", "CEU", "CRB", "EAF", "EEU", "EIN", "EUR",
    "LAM", "MEA", "MDT", "NAF", "NMR", "PGS", "SAM", "SAS", "SCA", "SEA", "SAF", "WAF", "WEU",
    "WST", // religions
    "ATH", "BAH", "BUD", "CHR", "CON", "HIN", "ITR", "JAN", "JEW", "MOS", "PAG", "SHN", "SIK",
    "TAO", "ZRO", // sectors
    "AGR", "BUS", "COP", "CRM", "CVL", "DEV", "EDU", "ELI", "ENV", "GOV", "HLH", "HRI", "INS",
    "JUD", "LAB", "LEG", "MED", "MIL", "MOD", "OPP", "PTY", "RAD", "REB", "REF", "REL", "SEP",
    "SPY", "UAF", "UNR",
];

/// The country a code starts with: its first three characters when they are uppercase ASCII
/// letters and not a non-country prefix (`IGO`, `NGO`, `IMG`, `MNC`, regions, religions,
/// sectors).
pub(super) fn country_prefix(code: &str) -> Option<&str> {
    let p = code.get(..3)?;
    (p.bytes().all(|b| b.is_ascii_uppercase()) && !NON_COUNTRY.contains(&p)).then_some(p)
}

/// True for a bare three-letter country code (`AFG`).
pub(super) fn is_bare_country(code: &str) -> bool {
    code.len() == 3 && country_prefix(code).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dates_follow_the_petrarch_century_rule() {
        let mut w = Vec::new();
        assert_eq!(read_date("300101", &mut w), Ok(d(2030, 1, 1)));
        assert_eq!(read_date("310101", &mut w), Ok(d(1931, 1, 1)));
        assert_eq!(read_date("000229", &mut w), Ok(d(2000, 2, 29)));
        assert_eq!(read_date("18970101", &mut w), Ok(d(1897, 1, 1)));
        assert!(w.is_empty());
        assert!(read_date("950631", &mut w).is_err());
        assert!(read_date("9506", &mut w).is_err());
        assert!(read_date("95o601", &mut w).is_err());
    }

    #[test]
    fn typo_dates_are_read_as_petrarch_reads_them_with_a_warning() {
        let mut w = Vec::new();
        assert_eq!(read_date("2004017", &mut w), Ok(d(2004, 1, 7)));
        assert_eq!(read_date("9008223", &mut w), Ok(d(1990, 8, 22)));
        assert_eq!(read_date("201005011", &mut w), Ok(d(2010, 5, 1)));
        assert_eq!(read_date("1920030320", &mut w), Ok(d(2003, 3, 20)));
        assert_eq!(w.len(), 4);
    }

    #[test]
    fn restrictions_in_every_form() {
        let mut w = Vec::new();
        let p = |s: &str, w: &mut Vec<String>| parse_dated_code(s, w).unwrap().period.unwrap();
        assert_eq!(
            p("HOB <950601", &mut w),
            Period {
                from: None,
                to: Some(d(1995, 6, 1))
            }
        );
        assert_eq!(
            p("HOB < 950601", &mut w),
            Period {
                from: None,
                to: Some(d(1995, 6, 1))
            }
        );
        assert_eq!(
            p("HOB >20130119", &mut w),
            Period {
                from: Some(d(2013, 1, 19)),
                to: None
            }
        );
        assert_eq!(
            p("HOBGOV 19950601 - 990815", &mut w),
            Period {
                from: Some(d(1995, 6, 1)),
                to: Some(d(1999, 8, 15))
            }
        );
        assert!(w.is_empty());
        assert_eq!(
            p("USAGOV 19820101", &mut w),
            Period {
                from: Some(d(1982, 1, 1)),
                to: None
            }
        );
        assert_eq!(w.len(), 1);
        assert_eq!(
            parse_dated_code(" pse ", &mut w).unwrap(),
            DatedCode {
                code: "PSE".into(),
                period: None
            }
        );
        assert!(parse_dated_code("HOB 950601-", &mut w).is_err());
        assert!(parse_dated_code("HOB =950601", &mut w).is_err());
        assert!(parse_dated_code("  ", &mut w).is_err());
    }

    #[test]
    fn brackets_split_and_stray_text_is_an_error() {
        let parts = |t| split_codes(t).map(|s| (s.head, s.groups, s.trailing));
        assert_eq!(
            parts("A_B [X] [Y 1-2]"),
            Ok(("A_B ", vec!["X", "Y 1-2"], ""))
        );
        assert_eq!(parts("A_B"), Ok(("A_B", vec![], "")));
        assert_eq!(
            parts("A [X]\tmore text "),
            Ok(("A ", vec!["X"], "more text"))
        );
        assert!(split_codes("A [X").is_err());
        assert!(split_codes("A [X] junk [Y]").is_err());
        assert!(split_codes("A [X] junk]").is_err());
        assert!(split_codes("A ] [X]").is_err());
        assert!(split_codes("A [X [Y]").is_err());
    }

    #[test]
    fn country_prefixes() {
        assert_eq!(country_prefix("USAGOV"), Some("USA"));
        assert_eq!(country_prefix("IGOUNO"), None);
        assert_eq!(country_prefix("ELI"), None);
        assert_eq!(country_prefix("---"), None);
        assert_eq!(country_prefix("US"), None);
        assert!(is_bare_country("AFG") && !is_bare_country("AFGGOV"));
    }
}

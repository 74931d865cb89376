//! `sitrep dict check`: what can be wrong in a dictionary, found before it codes anything.
//!
//! Errors: a name or alias shared by actors with conflicting codes; two roles of one person
//! with the same code whose dates overlap or run backwards; a code whose country or sector is
//! unknown. Warnings: roles with different codes on the same days (the first listed wins).

use std::collections::{BTreeMap, HashSet};

use crate::dict::{Dictionary, Entry, Origin};

/// Sector codes sitrep knows (see `data/dict/FORMAT.md`).
pub const SECTORS: &[&str] = &[
    "GOV", "MIL", "LEG", "JUD", "COP", "SPY", "REB", "SEP", "INS", "OPP", "PTY", "ELI", "BUS",
    "MED", "EDU", "HLH", "CVL", "REF", "LAB", "AGR", "REL", "CRM", "NGO", "IGO", "UAF", "HRI",
    "MOD", "RAD", "DEV", "ENV", "SET", "MNC", "NGM", "IMG", "AMN", "CHR", "MUS", "JEW", "HIN",
    "BUD", "SHI", "SUN", "ATH", "CON",
];

/// Prefixes of international (not country) codes: the rest of such a code names the
/// organization and is not checked further.
pub const INTERNATIONAL: &[&str] = &["IGO", "NGO", "IMG", "MNC", "NGM", "INT", "REG", "UIS"];

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Worth a look; coding still works.
    Warning,
    /// Coding would be wrong or ambiguous.
    Error,
}

/// One finding, with where it is.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    /// Where.
    pub origin: Origin,
    /// How serious.
    pub severity: Severity,
    /// What.
    pub message: String,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}: {level}: {}", self.origin, self.message)
    }
}

/// Checks a dictionary; findings are sorted by file and line.
pub fn check(dict: &Dictionary) -> Vec<Finding> {
    let mut findings = Vec::new();
    let countries: HashSet<&str> = dict.countries.iter().map(|c| c.code.as_str()).collect();
    let mut sectors: HashSet<&str> = SECTORS.iter().copied().collect();
    sectors.extend(
        dict.agents
            .iter()
            .filter(|a| a.sector.len() == 3)
            .map(|a| a.sector.as_str()),
    );
    let code_problem = |code: &str| -> Option<String> {
        if code.is_empty() {
            return None;
        }
        if !code.len().is_multiple_of(3) || !code.chars().all(|c| c.is_ascii_uppercase()) {
            return Some(format!(
                "code {code:?} is not a sequence of three-letter upper-case parts"
            ));
        }
        let first = &code[..3];
        if INTERNATIONAL.contains(&first) {
            return None;
        }
        if !countries.is_empty() && !countries.contains(first) && !sectors.contains(first) {
            return Some(format!("code {code:?}: unknown country {first:?}"));
        }
        (3..code.len())
            .step_by(3)
            .map(|i| &code[i..i + 3])
            .find(|s| !sectors.contains(s))
            .map(|s| format!("code {code:?}: unknown sector {s:?}"))
    };
    let mut push = |origin: &Origin, severity, message: String| {
        findings.push(Finding {
            origin: origin.clone(),
            severity,
            message,
        });
    };

    for e in &dict.entries {
        if !e.country.is_empty() && !countries.is_empty() && !countries.contains(e.country.as_str())
        {
            push(
                &e.origin,
                Severity::Error,
                format!("{}: unknown country {:?}", e.name, e.country),
            );
        }
        for code in std::iter::once(&e.code).chain(e.roles.iter().map(|r| &r.code)) {
            if let Some(p) = code_problem(code) {
                push(&e.origin, Severity::Error, format!("{}: {p}", e.name));
            }
        }
        for r in &e.roles {
            if let (Some(from), Some(to)) = (r.period.from, r.period.to) {
                if to < from {
                    push(
                        &e.origin,
                        Severity::Error,
                        format!(
                            "{}: role {} ends ({to}) before it starts ({from})",
                            e.name, r.code
                        ),
                    );
                }
            }
        }
        for (i, a) in e.roles.iter().enumerate() {
            for b in &e.roles[i + 1..] {
                if a.period.is_open() || b.period.is_open() || !a.period.overlaps(&b.period) {
                    continue;
                }
                if a.code == b.code {
                    push(
                        &e.origin,
                        Severity::Error,
                        format!(
                            "{}: two {} roles overlap ({} / {})",
                            e.name,
                            a.code,
                            describe(a),
                            describe(b)
                        ),
                    );
                } else {
                    push(
                        &e.origin,
                        Severity::Warning,
                        format!(
                            "{}: roles {} and {} overlap; the first listed wins",
                            e.name, a.code, b.code
                        ),
                    );
                }
            }
        }
    }
    for m in &dict.metonyms {
        if let Some(p) = code_problem(&m.code) {
            push(&m.origin, Severity::Error, format!("{}: {p}", m.name));
        }
    }
    for a in &dict.agents {
        if a.sector.len() == 3 && !a.sector.chars().all(|c| c.is_ascii_uppercase()) {
            push(
                &a.origin,
                Severity::Error,
                format!("agent {:?}: sector {:?} is not a code", a.noun, a.sector),
            );
        }
    }

    // Names shared by actors with different codes.
    let mut by_name: BTreeMap<String, Vec<&Entry>> = BTreeMap::new();
    for e in &dict.entries {
        let mut names: Vec<String> = std::iter::once(&e.name)
            .chain(&e.aliases)
            .map(|n| normalize(n))
            .collect();
        names.sort();
        names.dedup();
        for n in names.into_iter().filter(|n| !n.is_empty()) {
            by_name.entry(n).or_default().push(e);
        }
    }
    for (name, entries) in &by_name {
        let codes: HashSet<Vec<&str>> = entries.iter().map(|e| codes_of(e)).collect();
        if entries.len() > 1 && codes.len() > 1 {
            let first = entries[0];
            let others: Vec<String> = entries[1..]
                .iter()
                .map(|e| format!("{} ({})", e.origin, codes_of(e).join("/")))
                .collect();
            push(
                &first.origin,
                Severity::Error,
                format!(
                    "name {name:?} ({}) also names {} with other codes",
                    codes_of(first).join("/"),
                    others.join(", ")
                ),
            );
        }
    }
    // Country names, demonyms and capitals claimed twice.
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    for c in &dict.countries {
        for n in std::iter::once(&c.name).chain(&c.aliases) {
            let key = normalize(n);
            if key.is_empty() {
                continue;
            }
            if let Some(other) = seen.insert(key.clone(), c.code.as_str()) {
                if other != c.code {
                    push(
                        &c.origin,
                        Severity::Error,
                        format!("country name {n:?} also names {other}"),
                    );
                }
            }
        }
    }
    findings.sort();
    findings
}

fn describe(r: &crate::dict::Role) -> String {
    let d = |x: Option<chrono::NaiveDate>| x.map_or("…".to_string(), |d| d.to_string());
    format!("{} {}–{}", r.title, d(r.period.from), d(r.period.to))
}

fn codes_of(e: &Entry) -> Vec<&str> {
    let mut codes: Vec<&str> = std::iter::once(e.code.as_str())
        .chain(e.roles.iter().map(|r| r.code.as_str()))
        .filter(|c| !c.is_empty())
        .collect();
    codes.sort();
    codes.dedup();
    codes
}

/// Lowercase, dots and extra spaces removed: "U.N." and "UN" are the same name.
pub fn normalize(name: &str) -> String {
    let lowered = name.to_lowercase().replace('.', "");
    let trimmed = lowered
        .trim()
        .strip_prefix("the ")
        .unwrap_or(lowered.trim())
        .to_string();
    trimmed.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Dictionary {
        let mut d = Dictionary::parse_toml(
            "[[country]]\ncode = \"USA\"\nname = \"United States\"\n[[country]]\ncode = \"RUS\"\nname = \"Russia\"\n",
            "countries.toml",
        )
        .unwrap();
        d.extend(Dictionary::parse_toml(text, "test.toml").unwrap());
        d
    }

    #[test]
    fn overlapping_same_code_roles_are_errors() {
        let d = parse("[[person]]\nname = \"A B\"\ncountry = \"USA\"\nroles = [\n { code = \"USAGOV\", from = \"2001\", to = \"2005\" },\n { code = \"USAGOV\", from = \"2004\", to = \"2008\" },\n]\n");
        let f = check(&d);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::Error);
        assert_eq!(f[0].origin.line, 1);
        assert!(f[0]
            .to_string()
            .starts_with("test.toml:1: error: A B: two USAGOV roles overlap"));
    }

    #[test]
    fn unknown_countries_and_sectors_are_errors() {
        let d = parse("[[organization]]\nname = \"X\"\ncode = \"XXXGOV\"\n\n[[organization]]\nname = \"Y\"\ncode = \"USAZZZ\"\n\n[[organization]]\nname = \"Z\"\ncode = \"IGOWSTNAT\"\n");
        let f: Vec<String> = check(&d).iter().map(|f| f.to_string()).collect();
        assert_eq!(f.len(), 2, "{f:?}");
        assert!(f[0].contains("unknown country \"XXX\""));
        assert!(f[1].contains("test.toml:5") && f[1].contains("unknown sector \"ZZZ\""));
    }

    #[test]
    fn shared_aliases_with_other_codes_are_errors() {
        let d = parse("[[organization]]\nname = \"United Nations\"\naliases = [\"U.N.\"]\ncode = \"IGOUNO\"\n\n[[organization]]\nname = \"UN Agency\"\naliases = [\"UN\"]\ncode = \"USAGOV\"\n");
        let f = check(&d);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].message.contains("\"un\""));
    }

    #[test]
    fn the_default_dictionaries_pass() {
        let dict = Dictionary::load_default().expect("defaults load");
        let errors: Vec<String> = check(&dict)
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| f.to_string())
            .collect();
        assert!(
            errors.is_empty(),
            "{} errors, first ones:\n{}",
            errors.len(),
            errors
                .iter()
                .take(30)
                .cloned()
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}

//! Readers for `.actors`, `.agents` and `.discards` files.

use std::collections::HashMap;
use std::sync::Arc;

use super::codes::{country_prefix, is_bare_country, parse_dated_code, split_codes};
use super::lines::{content_lines, Line};
use super::Warning;
use crate::dict::{Agent, DictError, Dictionary, Discard, Entry, Kind, Origin, Period, Role};

fn syntax(file: &Arc<str>, line: usize, message: String) -> DictError {
    DictError::Syntax {
        origin: Origin {
            file: file.clone(),
            line,
        },
        message,
    }
}

fn warning(file: &Arc<str>, line: usize, message: String) -> Warning {
    Warning {
        origin: Origin {
            file: file.clone(),
            line,
        },
        message,
    }
}

/// A phrase as written (`AL-QAEDA_`, `HAMAS WING`) → words separated by single spaces; `_`
/// (PETRARCH's "consecutive words" connector and its "whole word, not a stem" marker when
/// final) becomes a space.
pub(super) fn phrase(text: &str) -> String {
    text.replace('_', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// True when `path` names a countries file (`Phoenix.Countries.actors.txt`).
fn is_countries_file(file: &str) -> bool {
    let base = file.rsplit(['/', '\\']).next().unwrap_or(file);
    base.to_ascii_lowercase().contains("countr")
}

/// An actor being read: its first line, names and codes so far.
struct Pending {
    line: usize,
    names: Vec<String>,
    codes: Vec<(String, Option<Period>)>,
    code_on_name_line: bool,
}

pub(super) fn read_actors(
    text: &str,
    file: &str,
    warnings: &mut Vec<Warning>,
) -> Result<Dictionary, DictError> {
    let file: Arc<str> = Arc::from(file);
    let countries = is_countries_file(&file);
    let mut dict = Dictionary::default();
    let mut pending: Option<Pending> = None;
    // The previous content line was a name line without codes: a second such line right
    // after it is a synonym whose `+` was forgotten (IVO_JOSIPOVIC_ / PRESIDENT_JOSIPOVIC_ /
    // JOSIPOVIC_ then the codes, in Phoenix.Countries.actors.txt); PETRARCH would leave the
    // first lines without code.
    let mut after_bare_name = false;
    for Line { no, indented, text } in content_lines(text) {
        let mut notes = Vec::new();
        let err = |e: String| syntax(&file, no, e);
        let synonym = match text.strip_prefix('+') {
            Some(rest) => Some(rest),
            // An indented name line under an actor is a synonym too.
            None if indented && pending.is_some() && !text.starts_with('[') => Some(text.as_str()),
            None => None,
        };
        // A stray `]` in a synonym with no code (`+FAEROYENE]_`) is dropped.
        let cleaned;
        let body = match synonym {
            Some(rest) if !rest.contains('[') && rest.contains(']') => {
                notes.push(format!("stray `]` dropped from synonym {text:?}"));
                cleaned = rest.replace(']', "");
                cleaned.as_str()
            }
            Some(rest) => rest,
            None => text.as_str(),
        };
        let split = split_codes(body).map_err(err)?;
        if !split.trailing.is_empty() {
            notes.push(format!("text {:?} after the codes ignored", split.trailing));
        }
        let codes = split
            .groups
            .iter()
            .map(|g| parse_dated_code(g, &mut notes).map(|c| (c.code, c.period)))
            .collect::<Result<Vec<_>, _>>()
            .map_err(err)?;
        let name = phrase(split.head);
        let bare_name = synonym.is_none() && !text.starts_with('[') && codes.is_empty();
        if text.starts_with('[') {
            let Some(p) = pending.as_mut() else {
                return Err(err(format!("code line {text:?} with no actor before it")));
            };
            p.codes.extend(codes);
        } else if synonym.is_some() || (bare_name && after_bare_name) {
            if name.is_empty() {
                return Err(err(format!("empty synonym in {text:?}")));
            }
            let Some(p) = pending.as_mut() else {
                return Err(err(format!("synonym {text:?} with no actor before it")));
            };
            if synonym.is_none() {
                notes.push(format!(
                    "name line {text:?} right after a name without code read as its synonym"
                ));
            }
            p.names.push(name);
            p.codes.extend(codes);
        } else {
            if name.is_empty() {
                return Err(err(format!("actor line {text:?} has no name")));
            }
            if let Some(p) = pending.take() {
                finish_actor(p, &file, countries, &mut dict, warnings);
            }
            pending = Some(Pending {
                line: no,
                names: vec![name],
                code_on_name_line: !codes.is_empty(),
                codes,
            });
        }
        after_bare_name = bare_name;
        warnings.extend(notes.into_iter().map(|m| warning(&file, no, m)));
    }
    if let Some(p) = pending.take() {
        finish_actor(p, &file, countries, &mut dict, warnings);
    }
    Ok(dict)
}

fn finish_actor(
    p: Pending,
    file: &Arc<str>,
    countries: bool,
    dict: &mut Dictionary,
    warnings: &mut Vec<Warning>,
) {
    let mut names = p.names.into_iter();
    let Some(name) = names.next() else { return };
    if p.codes.is_empty() {
        warnings.push(warning(
            file,
            p.line,
            format!("actor {name:?} has no code; skipped"),
        ));
        return;
    }
    let mut aliases: Vec<String> = Vec::new();
    for n in names {
        if n != name && !aliases.contains(&n) {
            aliases.push(n);
        }
    }
    let mut code = String::new();
    let mut roles = Vec::new();
    for (c, period) in p.codes {
        match period {
            Some(period) => roles.push(Role { code: c, title: String::new(), period }),
            None if code.is_empty() => code = c,
            None => warnings.push(warning(
                file,
                p.line,
                format!("actor {name:?}: undated code {c} after undated {code} can never apply; ignored"),
            )),
        }
    }
    // The undated code first, then the roles from the last listed (a country's present code
    // after its historical ones: `[USR <911226]` then `[AZE >911226]`).
    let country = std::iter::once(code.as_str())
        .chain(roles.iter().rev().map(|r| r.code.as_str()))
        .find_map(country_prefix)
        .unwrap_or("")
        .to_string();
    let kind = classify(&name, &code, &roles, countries, p.code_on_name_line);
    dict.entries.push(Entry {
        name,
        aliases,
        kind,
        country,
        code,
        roles,
        category: String::new(),
        origin: Origin {
            file: file.clone(),
            line: p.line,
        },
    });
}

/// Words that make a name an organization (or a post, or a body) rather than a person.
const ORG_WORDS: &[&str] = &[
    "ACADEMY",
    "AGENCY",
    "ALLIANCE",
    "ARMY",
    "ASSEMBLY",
    "ASSOCIATION",
    "AUTHORITY",
    "BANK",
    "BATTALION",
    "BOARD",
    "BRIGADE",
    "BRIGADES",
    "BUREAU",
    "CABINET",
    "CENTER",
    "CENTRE",
    "CHAMBER",
    "CHURCH",
    "COALITION",
    "COLLEGE",
    "COMMAND",
    "COMMISSION",
    "COMMITTEE",
    "COMMUNITY",
    "COMPANY",
    "CONFERENCE",
    "CONGRESS",
    "CORPORATION",
    "CORPS",
    "COUNCIL",
    "COURT",
    "DEPARTMENT",
    "DIVISION",
    "FACTION",
    "FEDERATION",
    "FORCE",
    "FORCES",
    "FOUNDATION",
    "FRONT",
    "FUND",
    "GOVERNMENT",
    "GROUP",
    "GUARD",
    "GUARDS",
    "INSTITUTE",
    "INTERNATIONAL",
    "LEAGUE",
    "MINISTRY",
    "MISSION",
    "MOVEMENT",
    "NATIONS",
    "NETWORK",
    "OFFICE",
    "ORGANISATION",
    "ORGANIZATION",
    "PARLIAMENT",
    "PARTY",
    "POLICE",
    "POLITBURO",
    "PRESIDIUM",
    "PROGRAM",
    "PROGRAMME",
    "REGIME",
    "REPUBLIC",
    "SECRETARIAT",
    "SENATE",
    "SERVICE",
    "SERVICES",
    "SOCIETY",
    "SOVIET",
    "STATE",
    "STATES",
    "TRIBUNAL",
    "UNION",
    "UNIT",
    "UNIVERSITY",
];

/// Titles that, first in a name and followed by more words, make it a person's.
const HONORIFICS: &[&str] = &[
    "PRESIDENT",
    "KING",
    "QUEEN",
    "PRINCE",
    "PRINCESS",
    "SHEIKH",
    "SHEIK",
    "EMIR",
    "SULTAN",
    "AYATOLLAH",
    "POPE",
    "DR.",
    "MR.",
    "MRS.",
    "MS.",
    "SIR",
    "LORD",
    "LADY",
    "SENATOR",
    "SEN.",
    "GOVERNOR",
    "GOV.",
    "CHANCELLOR",
    "AMBASSADOR",
    "REV.",
    "CARDINAL",
    "BISHOP",
    "ARCHBISHOP",
    "RABBI",
    "IMAM",
    "MULLAH",
    "GENERAL",
    "GEN.",
    "COLONEL",
    "COL.",
    "ADMIRAL",
    "MARSHAL",
];

/// Dotted abbreviations that are not a person's initials.
const NOT_INITIALS: &[&str] = &["U.N.", "U.S.", "U.K.", "E.U.", "U.S.A.", "U.A.E."];

/// The kind of an imported actor. PETRARCH files do not say, so this guesses, in order:
/// 1. [`Kind::Country`]: in a countries file, some code of the entry (its undated code or a
///    role's) is a bare three-letter country code (`AFGHANISTAN_ [AFG]`; `IRAQ` with
///    `[IRQ <20030320]`, `[IRQOCC …]`, `[IRQ >20060520]`).
/// 2. [`Kind::Organization`]: the name holds an organization word (`ARMY`, `PARTY`, `COUNCIL`,
///    `MINISTRY`, `FRONT`, `UNION`, …), or a code is a multinational corporation's (`MNC…`).
/// 3. [`Kind::Person`]: the entry has dated roles; or the name has an initial (`GEORGE W.
///    BUSH`, `B. LYNN PASCOE`; not `U.N.`/`U.S.`); or it starts with a title (`PRESIDENT`,
///    `KING`, `SHEIKH`, `DR.`, …) followed by names without `OF`/`THE`/`FOR`/`AND`; or, in a
///    countries file, its codes are only on the indented lines below the name (the CountryInfo
///    layout for people) and the name has two to four words.
/// 4. [`Kind::Place`]: in a countries file, a single undated code on the name line that is a
///    country code plus three letters (`GUAM_ [USAGUM]`: dependent territories).
/// 5. [`Kind::Organization`] otherwise.
fn classify(
    name: &str,
    code: &str,
    roles: &[Role],
    countries: bool,
    code_on_name_line: bool,
) -> Kind {
    let words: Vec<String> = name
        .split_whitespace()
        .map(|w| w.to_ascii_uppercase())
        .collect();
    let all_codes = || std::iter::once(code).chain(roles.iter().map(|r| r.code.as_str()));
    if countries && all_codes().any(is_bare_country) {
        return Kind::Country;
    }
    if words.iter().any(|w| ORG_WORDS.contains(&w.as_str()))
        || all_codes().any(|c| c.starts_with("MNC"))
    {
        return Kind::Organization;
    }
    if !roles.is_empty() {
        return Kind::Person;
    }
    let initial = |w: &String| {
        let letters = w.split_terminator('.').collect::<Vec<_>>();
        w.ends_with('.')
            && !letters.is_empty()
            && !NOT_INITIALS.contains(&w.as_str())
            && letters
                .iter()
                .all(|l| l.len() == 1 && l.bytes().all(|b| b.is_ascii_alphabetic()))
    };
    let function_word = |w: &String| matches!(w.as_str(), "OF" | "THE" | "FOR" | "AND");
    if words.len() >= 2 && words.iter().any(initial) && !words.iter().any(function_word) {
        return Kind::Person;
    }
    if words.len() >= 2
        && HONORIFICS.contains(&words[0].as_str())
        && !words.iter().any(function_word)
    {
        return Kind::Person;
    }
    if countries
        && !code_on_name_line
        && (2..=4).contains(&words.len())
        && !words.iter().any(function_word)
    {
        return Kind::Person;
    }
    if countries
        && code_on_name_line
        && code.len() == 6
        && country_prefix(code).is_some()
        && code.bytes().all(|b| b.is_ascii_uppercase())
    {
        return Kind::Place;
    }
    Kind::Organization
}

pub(super) fn read_agents(
    text: &str,
    file: &str,
    warnings: &mut Vec<Warning>,
) -> Result<Dictionary, DictError> {
    let file: Arc<str> = Arc::from(file);
    let mut dict = Dictionary::default();
    let mut markers: HashMap<String, Vec<String>> = HashMap::new();
    for Line { no, text, .. } in content_lines(text) {
        let err = |m: String| syntax(&file, no, m);
        if text.starts_with('!') && text.contains('=') {
            let (name, list) = define_marker(&text).map_err(err)?;
            markers.insert(name, list);
            continue;
        }
        let mut text = text;
        if let Some(open) = text.find('[') {
            // `[~ENV}`: a code bracket closed with the wrong brace (in Phoenix.agents.txt).
            if !text[open..].contains(']') && text.ends_with('}') {
                warnings.push(warning(
                    &file,
                    no,
                    format!("code bracket in {text:?} closed with `}}`"),
                ));
                text.pop();
                text.push(']');
            }
        }
        let split = split_codes(&text).map_err(err)?;
        let (head, groups) = (split.head, split.groups);
        if !split.trailing.is_empty() {
            warnings.push(warning(
                &file,
                no,
                format!("text {:?} after the code ignored", split.trailing),
            ));
        }
        let Some(first) = groups.first() else {
            warnings.push(warning(
                &file,
                no,
                format!("agent {:?} has no [code]; skipped", head.trim()),
            ));
            continue;
        };
        if groups.len() > 1 {
            warnings.push(warning(
                &file,
                no,
                format!("agent {:?}: codes after the first ignored", head.trim()),
            ));
        }
        let code = first.trim();
        if !code.contains('~') {
            warnings.push(warning(
                &file,
                no,
                format!("agent code [{code}] has no `~`"),
            ));
        }
        let sector: String = code
            .chars()
            .filter(|&c| c != '~' && !c.is_whitespace())
            .collect();
        let sector = sector.to_ascii_uppercase();
        // `[NGO~]` puts the sector before the actor's code, `[~GOV]` after it.
        let compact: String = code.chars().filter(|c| !c.is_whitespace()).collect();
        let prefix = compact.ends_with('~') && !compact.starts_with('~');
        if sector.is_empty() {
            return Err(err(format!("empty agent code in {text:?}")));
        }
        let (noun, plural) = match head.find('{') {
            None => (head, None),
            Some(open) => {
                let Some(close) = head[open..].find('}') else {
                    return Err(err(format!("unterminated `{{` in {text:?}")));
                };
                let after = head[open + close + 1..].trim();
                if !after.is_empty() {
                    return Err(err(format!("unexpected text {after:?} after `{{…}}`")));
                }
                (&head[..open], Some(&head[open + 1..open + close]))
            }
        };
        let mut notes = Vec::new();
        let mut phrases = expand_markers(noun, &markers, &mut notes).map_err(err)?;
        if phrases.iter().all(|p| phrase(p).is_empty()) {
            return Err(err(format!("agent line {text:?} has no noun")));
        }
        if let Some(plural) = plural {
            phrases.extend(expand_markers(plural, &markers, &mut notes).map_err(err)?);
        }
        warnings.extend(notes.into_iter().map(|m| warning(&file, no, m)));
        for p in phrases {
            let noun = phrase(&p).to_lowercase();
            if !noun.is_empty() {
                dict.agents.push(Agent {
                    sector: sector.clone(),
                    noun,
                    prefix,
                    exact: plural.is_some(),
                    origin: Origin {
                        file: file.clone(),
                        line: no,
                    },
                });
            }
        }
    }
    Ok(dict)
}

/// `!PERSON! = MAN, MEN, WOMAN` → (`PERSON`, [`MAN`, `MEN`, `WOMAN`]).
fn define_marker(text: &str) -> Result<(String, Vec<String>), String> {
    let (lhs, rhs) = text.split_once('=').unwrap_or((text, ""));
    let lhs = lhs.trim();
    let name = lhs
        .strip_prefix('!')
        .and_then(|s| s.strip_suffix('!'))
        .filter(|n| !n.is_empty() && !n.contains('!') && !n.contains(char::is_whitespace))
        .ok_or_else(|| format!("substitution marker {lhs:?} is not of the form !NAME!"))?;
    let items: Vec<String> = rhs
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    if items.is_empty() {
        return Err(format!("substitution marker !{name}! has an empty list"));
    }
    Ok((name.to_string(), items))
}

/// Expands every `!NAME!` marker in `text` with each word of its set. A marker with letters on
/// both sides (`AD!MINIST!RATIVE`, from a search-and-replace accident in Phoenix.agents.txt) is
/// read as its bare name, with a note.
fn expand_markers(
    text: &str,
    markers: &HashMap<String, Vec<String>>,
    notes: &mut Vec<String>,
) -> Result<Vec<String>, String> {
    let Some(open) = text.find('!') else {
        return Ok(vec![text.to_string()]);
    };
    let after = &text[open + 1..];
    let Some(len) = after.find('!') else {
        return Err(format!("unterminated `!` substitution marker in {text:?}"));
    };
    let name = &after[..len];
    let (before, rest) = (&text[..open], &after[len + 1..]);
    let tails = expand_markers(rest, markers, notes)?;
    let glued = |s: Option<char>| s.is_some_and(|c| c.is_ascii_alphanumeric());
    let items: Vec<String> = if glued(before.chars().next_back()) && glued(rest.chars().next()) {
        notes.push(format!("`!{name}!` inside a word read as {name:?}"));
        vec![name.to_string()]
    } else {
        markers
            .get(name)
            .cloned()
            .ok_or_else(|| format!("undefined substitution marker !{name}!"))?
    };
    let mut out = Vec::new();
    for item in &items {
        for tail in &tails {
            out.push(format!("{before}{item}{tail}"));
        }
    }
    Ok(out)
}

pub(super) fn read_discards(text: &str, file: &str) -> Result<Dictionary, DictError> {
    let file: Arc<str> = Arc::from(file);
    let mut dict = Dictionary::default();
    for Line { no, text, .. } in content_lines(text) {
        let (story, rest) = match text.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, text.as_str()),
        };
        // A TABARI-style code (`[###]`) after the phrase is allowed and ignored.
        let split = split_codes(rest).map_err(|e| syntax(&file, no, e))?;
        if !split.trailing.is_empty() {
            return Err(syntax(
                &file,
                no,
                format!("unexpected text {:?} after a code", split.trailing),
            ));
        }
        let phrase = phrase(split.head);
        if phrase.is_empty() {
            return Err(syntax(
                &file,
                no,
                format!("discard line {text:?} has no phrase"),
            ));
        }
        dict.discards.push(Discard {
            phrase,
            story,
            origin: Origin {
                file: file.clone(),
                line: no,
            },
        });
    }
    Ok(dict)
}

//! Reader for PETRARCH/TABARI dictionary files: actors, agents, discards and verbs.
//!
//! The formats are the plain-text ones of the PETRARCH coder (derived from TABARI's). This
//! module reads them into the project's [`Dictionary`] (actors, agents, discards) and into a
//! [`VerbDictionary`] (verbs); it writes nothing and copies no content.
//!
//! # Common rules
//!
//! - Comments: a line starting with `#`, or with `<!` (`<!-- … -->`, also misspelt
//!   `<! -- … -->`); `#` or the legacy `;` anywhere outside a `[…]` bracket (inside one, `#` is
//!   part of a code such as `[###]`); `<!-- … -->` anywhere, over several lines when unclosed.
//!   Blank lines are skipped.
//! - Phrases: words separated by spaces or `_`; `_` becomes a space and a final `_` (PETRARCH's
//!   "whole word, not a stem" marker) is dropped, so the prefix-matching meaning of a phrase
//!   written without a final `_` is not kept. Case is kept as written.
//! - Every line that cannot be read is a [`DictError::Syntax`] naming its file and line. Lines
//!   that are read, but not as written (typo dates, a code bracket closed with `}`, an actor
//!   without code), give a [`Warning`] instead; the `*_with_warnings` functions return them.
//!
//! # Actors (`*.actors.txt`)
//!
//! An entry is a name line, then optional synonym lines `+NAME` (an indented name line under
//! an entry is read as a synonym too), then optional code lines starting with `[` (usually
//! tab-indented). Codes can also follow the name on its line, several per line:
//! `NAME_ [CODE] [CODE 820101-911231]`. A code is `[CODE]` or `[CODE RESTRICTION]`, the
//! restriction one of
//!
//! | written | meaning | [`Period`] |
//! |---|---|---|
//! | `<DATE` | up to the date | `to` = DATE |
//! | `>DATE` | from the date | `from` = DATE |
//! | `DATE-DATE` | between the dates | `from`, `to` |
//! | `DATE` | (no operator; read as `>DATE`, with a warning) | `from` = DATE |
//!
//! Both ends are inclusive, as PETRARCH documents ("interpreted as 'or equal to'"); blanks
//! around `<`, `>` and `-` are allowed. A DATE is `YYMMDD` or `YYYYMMDD`. **Century rule**
//! (KEDS/TABARI/PETRARCH's): a two-digit year `00`–`30` is 20YY, `31`–`99` is 19YY. Dates of
//! other lengths (typos in the Phoenix files) are read as PETRARCH reads them, with a warning
//! (see `codes::read_date`); a date that is not a calendar day is an error.
//!
//! Mapping to [`Entry`]: the first name is `name`, the synonyms `aliases`; the first undated
//! code is `code` (the fallback when no dated role holds; later undated codes can never apply
//! in PETRARCH and are dropped with a warning); dated codes become `roles` (empty titles) in
//! file order. Codes are uppercased (`[pse]` → `PSE`); null and odd codes (`---`, `+++`,
//! `ELR/GAL`) are kept as written; a `/`-separated code (one name for several actors: PETRARCH
//! codes each) gives one event per code when events are rendered
//! (`sitrep_events::render::per_code`). `country` is the first three letters of the first code
//! that starts with a country code, looking at the undated code, then the roles from the last
//! listed; a country code is three uppercase letters other than `IGO`, `NGO`, `NGM`, `IMG`,
//! `MNC`, `UIS`, `INT` or a CAMEO region, religion or sector code. `kind` is guessed
//! (PETRARCH files do not say):
//! 1. `Country`: in a countries file (file name containing "countr"), some code of the entry is
//!    a bare three-letter country code;
//! 2. `Organization`: the name holds an organization word (`ARMY`, `PARTY`, `COUNCIL`, …), or
//!    a code is a multinational corporation's (`MNC…`);
//! 3. `Person`: the entry has dated roles; or the name has an initial (`GEORGE W. BUSH`), or
//!    starts with a title (`PRESIDENT`, `KING`, `SHEIKH`, …) without `OF`/`THE`/`FOR`/`AND`;
//!    or, in a countries file, its codes are only on indented lines (the CountryInfo layout
//!    for people) and its name has two to four words;
//! 4. `Place`: in a countries file, a single undated six-letter code on the name line made of
//!    a country code and three letters (`GUAM_ [USAGUM]`);
//! 5. `Organization` otherwise.
//!
//! `category` is empty; `origin` is the entry's first line. An entry with no code at all is
//! skipped with a warning.
//!
//! # Agents (`*.agents.txt`)
//!
//! `PHRASE {PLURAL} [~CODE]`. `~CODE` (code appended to the actor's) and `CODE~` (prepended,
//! e.g. `NGO~`) both give [`Agent::sector`] `CODE`; the position is [`Agent::prefix`]. The noun is
//! lowercased with spaces. `{PLURAL}` adds a row for the irregular plural; `{}` (no plural)
//! adds none; regular plurals, which PETRARCH generates, are left to the lemmatizer, except
//! for an entry with braces, whose rows are [`Agent::exact`]: PETRARCH generates no forms for
//! it, so "polices" is not `POLICE {}`.
//! Substitution sets `!NAME! = A, B, C` are expanded: `CONGRESS!PERSON!` gives one row per
//! word of the set. A line without a code is skipped with a warning, as PETRARCH does.
//!
//! # Discards (`*.discards.txt`)
//!
//! One phrase a line; a leading `+` makes it a story-level discard ([`Discard::story`]). A
//! TABARI code after the phrase (`[###]`) is ignored.
//!
//! # Verbs (`*.verbs.txt`, `CAMEO.*.txt`)
//!
//! See [`VerbDictionary`]: blocks `--- NAME [CODE] ---` of verb lines `VERB {FORMS} [CODE]`
//! (multi-word verbs `+BEEF_UP`, `WIRE_+TAP`) and pattern lines `- PATTERN [CODE]`; synsets
//! `&NAME` with `+PHRASE` lines; transformations `~ … = …`, kept raw. Pattern syntax PETRARCH
//! or TABARI gives meaning to is read into [`Token`]s; anything else is kept as
//! [`Token::Raw`], never an error.

mod actors;
mod codes;
mod lines;
#[cfg(test)]
mod tests;
mod verbs;

use std::path::Path;

pub use verbs::{
    regular_forms, EventCode, Pattern, Synset, SynsetMember, Token, Transformation, Verb,
    VerbBlock, VerbDictionary, VerbPhrase,
};

#[cfg(doc)]
use crate::dict::{Agent, Discard, Entry, Period};
use crate::dict::{DictError, Dictionary, Origin};

/// Which kind of PETRARCH file this is, guessed from the file name and, failing that, the
/// content.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FileKind {
    /// Named actors with codes and date restrictions.
    Actors,
    /// Agent nouns with `~` codes.
    Agents,
    /// Discard phrases.
    Discards,
    /// Verb blocks, patterns and synsets.
    Verbs,
}

/// A line that was read, but not exactly as written (a typo date, an ignored code, a skipped
/// entry).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// Where.
    pub origin: Origin,
    /// What was done.
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.origin, self.message)
    }
}

/// Guesses the kind of a PETRARCH file: from the file name (`verbs`, `agents`, `discards`,
/// `actors`, case-insensitive), else from the content: verb block headers (`---`) or patterns
/// (`- … *`) make it a verbs file, `~` agent codes an agents file, other `[…]` codes an actors
/// file, and a file without codes is a discard list.
pub fn detect_kind(path: &Path, text: &str) -> FileKind {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    for (word, kind) in [
        ("verb", FileKind::Verbs),
        ("agent", FileKind::Agents),
        ("discard", FileKind::Discards),
        ("actor", FileKind::Actors),
    ] {
        if name.contains(word) {
            return kind;
        }
    }
    let (mut verbs, mut agents, mut coded) = (0usize, 0usize, 0usize);
    for line in lines::content_lines(text).iter().take(5000) {
        let t = line.text.as_str();
        if t.starts_with("---") || (t.starts_with('-') && t.contains('*')) {
            verbs += 1;
        } else if t.contains("[~") || t.contains("~]") {
            agents += 1;
        } else if t.contains('[') {
            coded += 1;
        }
    }
    if verbs > 0 && verbs >= agents {
        FileKind::Verbs
    } else if agents > 0 && agents >= coded / 10 {
        FileKind::Agents
    } else if coded > 0 {
        FileKind::Actors
    } else {
        FileKind::Discards
    }
}

/// Reads an actors file into [`Dictionary::entries`]; `file` names it in origins and errors.
pub fn read_actors(text: &str, file: &str) -> Result<Dictionary, DictError> {
    read_actors_with_warnings(text, file, &mut Vec::new())
}

/// [`read_actors`], also collecting [`Warning`]s.
pub fn read_actors_with_warnings(
    text: &str,
    file: &str,
    warnings: &mut Vec<Warning>,
) -> Result<Dictionary, DictError> {
    actors::read_actors(text, file, warnings)
}

/// Reads an agents file into [`Dictionary::agents`].
pub fn read_agents(text: &str, file: &str) -> Result<Dictionary, DictError> {
    read_agents_with_warnings(text, file, &mut Vec::new())
}

/// [`read_agents`], also collecting [`Warning`]s.
pub fn read_agents_with_warnings(
    text: &str,
    file: &str,
    warnings: &mut Vec<Warning>,
) -> Result<Dictionary, DictError> {
    actors::read_agents(text, file, warnings)
}

/// Reads a discards file into [`Dictionary::discards`].
pub fn read_discards(text: &str, file: &str) -> Result<Dictionary, DictError> {
    actors::read_discards(text, file)
}

/// Reads a verbs file.
pub fn read_verbs(text: &str, file: &str) -> Result<VerbDictionary, DictError> {
    read_verbs_with_warnings(text, file, &mut Vec::new())
}

/// [`read_verbs`], also collecting [`Warning`]s.
pub fn read_verbs_with_warnings(
    text: &str,
    file: &str,
    warnings: &mut Vec<Warning>,
) -> Result<VerbDictionary, DictError> {
    verbs::read_verbs(text, file, warnings)
}

/// Reads any PETRARCH file ([`detect_kind`]): actors, agents and discards into the
/// [`Dictionary`], verbs into the [`VerbDictionary`] (the dictionary is then empty).
pub fn load_file(path: &Path) -> Result<(Dictionary, Option<VerbDictionary>), DictError> {
    load_file_with_warnings(path, &mut Vec::new())
}

/// PETRARCH writes every name in capitals; sitrep matches all-capital names only in capitals
/// (so "US" never matches "us"). Longer words are therefore given ordinary capitalization,
/// while words of up to three letters and dotted abbreviations stay as acronyms.
pub fn unshout(name: &str) -> String {
    name.split(' ')
        .map(|w| {
            let letters = w.chars().filter(|c| c.is_alphabetic()).count();
            if letters <= 3 || w.contains('.') {
                return w.to_string();
            }
            let mut chars = w.chars();
            match chars.next() {
                Some(first) => first
                    .to_uppercase()
                    .chain(chars.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// [`load_file`], also collecting [`Warning`]s. Bytes that are not UTF-8 are replaced.
pub fn load_file_with_warnings(
    path: &Path,
    warnings: &mut Vec<Warning>,
) -> Result<(Dictionary, Option<VerbDictionary>), DictError> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| DictError::Io {
        file: file.clone(),
        source,
    })?;
    let text = String::from_utf8_lossy(&bytes);
    Ok(match detect_kind(path, &text) {
        FileKind::Actors => {
            let mut dict = read_actors_with_warnings(&text, &file, warnings)?;
            for e in &mut dict.entries {
                e.name = unshout(&e.name);
                e.aliases.iter_mut().for_each(|a| *a = unshout(a));
            }
            (dict, None)
        }
        FileKind::Agents => (read_agents_with_warnings(&text, &file, warnings)?, None),
        FileKind::Discards => (read_discards(&text, &file)?, None),
        FileKind::Verbs => (
            Dictionary::default(),
            Some(read_verbs_with_warnings(&text, &file, warnings)?),
        ),
    })
}

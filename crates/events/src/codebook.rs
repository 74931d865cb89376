//! The CAMEO event codebook (`data/codebook/cameo.toml`): every code with its name, Goldstein
//! value, quad class and PLOVER type and mode.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::{line_of, parse_toml, DataError, Origin};

/// The 16 PLOVER event types.
pub const PLOVER_TYPES: [&str; 16] = [
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
];

/// One CAMEO event code.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventCode {
    /// 2–4 digits, leading zero kept.
    pub code: String,
    /// Short name.
    pub name: String,
    /// Goldstein conflict–cooperation weight, -10..=10.
    pub goldstein: f32,
    /// 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
    pub quad_class: u8,
    /// PLOVER type; empty for roots 01 and 02, which PLOVER does not keep.
    pub plover: String,
    /// PLOVER mode (subtype), may be empty.
    pub plover_mode: String,
    /// What the code covers.
    pub description: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCodebook {
    event: Vec<toml::Spanned<EventCode>>,
}

/// All codes, by code.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Codebook {
    codes: BTreeMap<String, (EventCode, Origin)>,
}

impl Codebook {
    /// The project's codebook.
    pub fn load_default() -> Result<Codebook, DataError> {
        Codebook::load(&crate::data_dir().join("codebook/cameo.toml"))
    }

    /// Reads a codebook file and checks it.
    pub fn load(path: &Path) -> Result<Codebook, DataError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| DataError::Io {
            file: file.clone(),
            source,
        })?;
        Codebook::parse(&text, &file)
    }

    /// Parses codebook text and checks every entry: 2–4 digits, unique, parent present,
    /// Goldstein in range, quad class agreeing with the root, PLOVER type known.
    pub fn parse(text: &str, file: &str) -> Result<Codebook, DataError> {
        let raw: RawCodebook = parse_toml(text, file)?;
        let mut codes = BTreeMap::new();
        for e in raw.event {
            let origin = Origin {
                file: file.into(),
                line: line_of(text, e.span().start),
            };
            let e = e.into_inner();
            let fail = |message: String| DataError::Syntax {
                origin: origin.clone(),
                message,
            };
            if !(2..=4).contains(&e.code.len()) || !e.code.bytes().all(|b| b.is_ascii_digit()) {
                return Err(fail(format!("code {:?} is not 2-4 digits", e.code)));
            }
            if !(-10.0..=10.0).contains(&e.goldstein) {
                return Err(fail(format!(
                    "code {}: Goldstein {} outside -10..10",
                    e.code, e.goldstein
                )));
            }
            let root: u8 = e.code[..2].parse().unwrap_or(0);
            let quad = match root {
                1..=5 => 1,
                6..=8 => 2,
                9..=13 => 3,
                14..=20 => 4,
                _ => return Err(fail(format!("code {}: root {root} is not 01-20", e.code))),
            };
            if e.quad_class != quad {
                return Err(fail(format!(
                    "code {}: quad class {} but root {root} is {quad}",
                    e.code, e.quad_class
                )));
            }
            if !e.plover.is_empty() && !PLOVER_TYPES.contains(&e.plover.as_str()) {
                return Err(fail(format!(
                    "code {}: unknown PLOVER type {:?}",
                    e.code, e.plover
                )));
            }
            let code = e.code.clone();
            if codes.insert(code.clone(), (e, origin.clone())).is_some() {
                return Err(fail(format!("code {code} appears twice")));
            }
        }
        for (code, (_, origin)) in &codes {
            let parent = &code[..code.len() - 1];
            if code.len() > 2
                && !codes.contains_key(parent)
                && !(code.len() == 3 && codes.contains_key(&code[..2]))
            {
                return Err(DataError::Syntax {
                    origin: origin.clone(),
                    message: format!("code {code} has no parent {parent}"),
                });
            }
        }
        Ok(Codebook { codes })
    }

    /// The entry for a code.
    pub fn get(&self, code: &str) -> Option<&EventCode> {
        self.codes.get(code).map(|c| &c.0)
    }

    /// Number of codes.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// True when there are no codes.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// Every code, in order.
    pub fn iter(&self) -> impl Iterator<Item = &EventCode> {
        self.codes.values().map(|c| &c.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_codebook_has_every_root_and_is_consistent() {
        let book = Codebook::load_default().expect("codebook loads and checks");
        assert!(book.len() >= 300, "{} codes", book.len());
        for root in 1..=20 {
            assert!(book.get(&format!("{root:02}")).is_some(), "root {root:02}");
        }
        let meet = book.get("043").expect("043");
        assert_eq!((meet.quad_class, meet.plover.as_str()), (1, "CONSULT"));
        assert!(book
            .get("190")
            .is_some_and(|c| c.goldstein <= -9.0 && c.quad_class == 4));
    }

    #[test]
    fn bad_entries_name_their_line() {
        let text = "[[event]]\ncode = \"01\"\nname = \"x\"\ngoldstein = 0.0\nquad_class = 1\nplover = \"\"\nplover_mode = \"\"\ndescription = \"\"\n\n[[event]]\ncode = \"010\"\nname = \"y\"\ngoldstein = 0.0\nquad_class = 3\nplover = \"\"\nplover_mode = \"\"\ndescription = \"\"\n";
        let err = Codebook::parse(text, "c.toml").unwrap_err().to_string();
        assert!(
            err.starts_with("c.toml:10:") && err.contains("quad class"),
            "{err}"
        );
    }
}

//! The event patterns (`data/patterns/*.toml`, format in `data/patterns/FORMAT.md`) and their
//! checker (`sitrep patterns check`).

use std::path::Path;

use serde::Deserialize;

use crate::codebook::Codebook;
use crate::{line_of, parse_toml, DataError, Origin};

/// A verb event pattern.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerbPattern {
    /// Verb lemma.
    pub lemma: String,
    /// Phrasal-verb particle, or empty.
    #[serde(default)]
    pub particle: String,
    /// Lemmas the direct object must have (empty: any): the end of its noun phrase, words
    /// side by side unless `...` stands between two ("improved ... relation" fits "improved
    /// economic relations", as PETRARCH reads words written apart).
    #[serde(default)]
    pub object: Vec<String>,
    /// Preposition the verb must govern, or empty.
    #[serde(default)]
    pub prep: String,
    /// Lemmas the preposition's noun must have.
    #[serde(default)]
    pub prep_object: Vec<String>,
    /// Where the target is: `obj`, `iobj`, `none` or `prep:X`.
    #[serde(default = "default_target")]
    pub target: String,
    /// Which participant must be a coordination of actors ("X and Y"), as PETRARCH's `%`
    /// asks: `subject` (the conjuncts act on each other when the target is `none`),
    /// `target`, or empty for none.
    #[serde(default)]
    pub compound: String,
    /// Words that must come before the verb in its clause or in the clauses it completes
    /// ("did n't", "indicated ... would"), as PETRARCH's words before `*` ask: one entry per
    /// word position, in order; alternatives are separated by `|`, the words of a phrase
    /// (which must be consecutive) by spaces; an entry ending in `_` must be followed by the
    /// next entry, or the verb, with no word between. A word fits a token of that form or
    /// lemma. Empty: anything may come before the verb.
    #[serde(default)]
    pub before: Vec<String>,
    /// CAMEO code.
    pub code: String,
    /// CAMEO code of the target's act on the source that the same words report, for acts
    /// that take two ("visited" is hosted: 042 and 043); empty for none.
    #[serde(default)]
    pub reverse: String,
    /// `lemma` is the verb as a dictionary wrote it, which may be an inflected form
    /// (PETRARCH's `LEFT`, `MET` blocks match those words as written): a verb whose own form
    /// is `lemma` tries these patterns before those of its lemma ("met": the `MET` block,
    /// not `MEET`'s). Off for patterns written as lemmas.
    #[serde(default)]
    pub literal: bool,
    /// A sentence the pattern codes.
    pub example: String,
}

fn default_target() -> String {
    "obj".to_string()
}

/// A nominal event pattern ("sanctions on X").
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NounPattern {
    /// Noun lemma (may be several words).
    pub lemma: String,
    /// Prepositions whose noun is the target.
    #[serde(default)]
    pub target: Vec<String>,
    /// Where the source is: `by`, `from`, `poss`, `subj`, ...
    #[serde(default)]
    pub source: Vec<String>,
    /// "N between X and Y" names both sides.
    #[serde(default)]
    pub between: bool,
    /// CAMEO code.
    pub code: String,
    /// CAMEO code of the target's act on the source (see [`VerbPattern::reverse`]).
    #[serde(default)]
    pub reverse: String,
    /// A sentence the pattern codes.
    pub example: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    verb: Vec<toml::Spanned<VerbPattern>>,
    #[serde(default)]
    noun: Vec<toml::Spanned<NounPattern>>,
}

/// Every pattern, with where it was read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Patterns {
    /// Verb patterns.
    pub verbs: Vec<(VerbPattern, Origin)>,
    /// Nominal patterns.
    pub nouns: Vec<(NounPattern, Origin)>,
}

impl Patterns {
    /// The project's patterns.
    pub fn load_default() -> Result<Patterns, DataError> {
        Patterns::load_dir_as(&crate::data_dir().join("patterns"), Some("data/patterns"))
    }

    /// Every `.toml` file of a directory, in name order.
    pub fn load_dir(dir: &Path) -> Result<Patterns, DataError> {
        Patterns::load_dir_as(dir, None)
    }

    /// Every `.toml` file of a directory, in name order, with origins labelled
    /// `label/file.toml` when a label is given (so explanations do not show build paths).
    pub fn load_dir_as(dir: &Path, label: Option<&str>) -> Result<Patterns, DataError> {
        let io = |source| DataError::Io {
            file: dir.display().to_string(),
            source,
        };
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .map_err(io)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        files.sort();
        let mut all = Patterns::default();
        for f in files {
            let part = match (label, f.file_name()) {
                (Some(label), Some(name)) => {
                    let file = format!("{label}/{}", name.to_string_lossy());
                    let text = std::fs::read_to_string(&f).map_err(|source| DataError::Io {
                        file: file.clone(),
                        source,
                    })?;
                    Patterns::parse(&text, &file)?
                }
                _ => Patterns::load(&f)?,
            };
            all.verbs.extend(part.verbs);
            all.nouns.extend(part.nouns);
        }
        Ok(all)
    }

    /// One pattern file.
    pub fn load(path: &Path) -> Result<Patterns, DataError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| DataError::Io {
            file: file.clone(),
            source,
        })?;
        Patterns::parse(&text, &file)
    }

    /// Parses pattern text.
    pub fn parse(text: &str, file: &str) -> Result<Patterns, DataError> {
        let raw: RawFile = parse_toml(text, file)?;
        let origin = |span: std::ops::Range<usize>| Origin {
            file: file.into(),
            line: line_of(text, span.start),
        };
        Ok(Patterns {
            verbs: raw
                .verb
                .into_iter()
                .map(|v| (origin(v.span()), v.into_inner()))
                .map(|(o, v)| (v, o))
                .collect(),
            nouns: raw
                .noun
                .into_iter()
                .map(|n| (origin(n.span()), n.into_inner()))
                .map(|(o, n)| (n, o))
                .collect(),
        })
    }

    /// Problems, each with `file:line`: unknown codes, malformed targets, empty lemmas or
    /// examples, upper-case lemmas, and the same verb pattern twice with different codes.
    pub fn check(&self, codebook: &Codebook) -> Vec<(Origin, String)> {
        let mut problems = Vec::new();
        let mut seen = std::collections::HashMap::new();
        for (v, o) in &self.verbs {
            let mut say = |m: String| problems.push((o.clone(), m));
            entry_problems("verb", &v.lemma, &v.code, &v.example, codebook, &mut say);
            reverse_problems("verb", &v.lemma, &v.reverse, codebook, &mut say);
            let target_ok = matches!(v.target.as_str(), "obj" | "iobj" | "none")
                || v.target
                    .strip_prefix("prep:")
                    .is_some_and(|p| !p.is_empty());
            if !target_ok {
                say(format!(
                    "verb {:?}: target {:?} is not obj, iobj, none or prep:X",
                    v.lemma, v.target
                ));
            }
            if v.prep.is_empty() && !v.prep_object.is_empty() {
                say(format!("verb {:?}: prep_object without prep", v.lemma));
            }
            if !matches!(v.compound.as_str(), "" | "subject" | "target") {
                say(format!(
                    "verb {:?}: compound {:?} is not subject or target",
                    v.lemma, v.compound
                ));
            }
            let mut object = v.object.clone();
            object.sort();
            let mut prep_object = v.prep_object.clone();
            prep_object.sort();
            let key = (
                v.lemma.clone(),
                v.particle.clone(),
                object,
                v.prep.clone(),
                prep_object,
                v.compound.clone(),
                v.before.clone(),
            );
            if let Some((code, first)) = seen.insert(key, (v.code.clone(), o.clone())) {
                if code != v.code {
                    say(format!(
                        "verb {:?}: same pattern as {first} with another code ({code} / {})",
                        v.lemma, v.code
                    ));
                }
            }
        }
        for (n, o) in &self.nouns {
            let mut say = |m: String| problems.push((o.clone(), m));
            entry_problems("noun", &n.lemma, &n.code, &n.example, codebook, &mut say);
            reverse_problems("noun", &n.lemma, &n.reverse, codebook, &mut say);
            // "withdrawal from X": a preposition cannot name both sides.
            if let Some(both) = n.target.iter().find(|t| n.source.contains(t)) {
                say(format!(
                    "noun {:?}: {both:?} is both a target and a source preposition",
                    n.lemma
                ));
            }
        }
        problems.sort();
        problems
    }
}

/// A reverse code, when given, is a known code.
fn reverse_problems(
    what: &str,
    lemma: &str,
    reverse: &str,
    codebook: &Codebook,
    say: &mut dyn FnMut(String),
) {
    if !reverse.is_empty() && codebook.get(reverse).is_none() {
        say(format!(
            "{what} {lemma:?}: unknown reverse CAMEO code {reverse:?}"
        ));
    }
}

/// The checks every pattern shares: a known code, a lower-case lemma, an example.
fn entry_problems(
    what: &str,
    lemma: &str,
    code: &str,
    example: &str,
    codebook: &Codebook,
    say: &mut dyn FnMut(String),
) {
    // "---" blocks a phrase from coding (see `extract::NULL_CODE`).
    if code != crate::extract::NULL_CODE && codebook.get(code).is_none() {
        say(format!("{what} {lemma:?}: unknown CAMEO code {code:?}"));
    }
    if lemma.trim().is_empty() || example.trim().is_empty() {
        say(format!("{what} {lemma:?}: empty lemma or example"));
    }
    if lemma != lemma.to_lowercase() {
        say(format!("{what} {lemma:?}: lemmas are lower case"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_checker_finds_bad_entries_with_their_line() {
        let book = Codebook::load_default().expect("codebook");
        let text = "[[verb]]\nlemma = \"attack\"\ncode = \"190\"\nexample = \"X attacked Y.\"\n\n[[verb]]\nlemma = \"Attack\"\ncode = \"999\"\ntarget = \"somewhere\"\nprep_object = [\"hold\"]\nexample = \"\"\n";
        let p = Patterns::parse(text, "p.toml").expect("parses");
        let problems = p.check(&book);
        assert!(problems.iter().all(|(o, _)| o.line == 6), "{problems:?}");
        assert_eq!(problems.len(), 5, "{problems:?}");
    }

    #[test]
    fn the_default_patterns_pass_the_checker() {
        let book = Codebook::load_default().expect("codebook");
        let p = Patterns::load_default().expect("patterns load");
        let problems = p.check(&book);
        assert!(
            problems.is_empty(),
            "{} problems:\n{}",
            problems.len(),
            problems
                .iter()
                .take(20)
                .map(|(o, m)| format!("{o}: {m}"))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}

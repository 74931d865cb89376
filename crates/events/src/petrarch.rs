//! PETRARCH/TABARI verb dictionaries as sitrep patterns, so that gold coded with the Phoenix
//! dictionaries can be scored with those dictionaries' own verbs and phrases.
//!
//! [`patterns_from_petrarch`] turns a [`VerbDictionary`] (read by
//! [`sitrep_actors::petrarch::read_verbs`]) into [`VerbPattern`]s. PETRARCH matches words in
//! order on a constituency parse; sitrep matches lemmas on a dependency tree, so the
//! conversion is approximate. The rules:
//!
//! - **Verbs.** Every verb of a block gives a bare pattern with its code (its own, else the
//!   block's), target `obj` (PETRARCH's default: source = subject, target = object). Verbs
//!   with the null code `---` give none: the verb alone is no event. Words after the verb of a
//!   multiword verb are read like a phrase pattern's words (below): `CUT_OFF` → lemma `cut`,
//!   particle `off`; `MEET_WITH` → prep `with`, target `prep:with`; `TAKE_LEAVE` → object
//!   `leave`. An ambiguous word (`in`, `on`, `over`, …) in a verb phrase is a particle unless
//!   a noun follows it (`SET_IN_MOTION`). Verb phrases we cannot lemmatize (an auxiliary as
//!   the verb, a conjunction, an inflected form such as `ANGERED_BY {}`) are skipped.
//! - **Phrase patterns apply to every verb of their block**, as in PETRARCH 2, so one pattern
//!   gives one [`VerbPattern`] per verb; a multiword verb's own words come first, and words
//!   the pattern repeats are read once (`ASK_FOR` with `* (FOR AID)` is "ask for aid").
//! - **Words after `*`**, in order: particles (`up`, `off`, `out`, …) set `particle`; nouns
//!   (literal words, `{…}` noun phrases, `&SYNSET`s expanded to their members, `A/B`
//!   alternatives) form the object, consecutive ones a multiword object (`{ARMS SHIPMENT}` →
//!   `"arm shipment"`; nouns written apart, not joined by `_` nor in braces, may have other
//!   words between them, as in PETRARCH: `* IMPROVED &TIETYPES RELATIONS` → `"improved ...
//!   military ... relation"`), lowercased and made singular as a lemmatizer would; determiners are
//!   dropped; in a noun phrase only the first conjunct is kept (`{FOOD AND FUEL}` → `food`,
//!   the head of the coordination in a dependency tree), and outside one `AND`/`OR` ends the
//!   pattern; `^` (any noun phrase) sets nothing; `+` there makes the target `obj`, and a noun
//!   right after it makes a ditransitive (`* + MISSION` → object `mission`, target `iobj`).
//!   Alternatives between prepositions (`(BY/WITH SANCTIONS)`) give one pattern each, and so
//!   does a synset whose members are all single prepositions or particles (`&PREPOSIT1`:
//!   `AGAINST`, `IN`, `ON`, … in `* &PREPOSIT1 RESOLUTION`), read like `AGAINST/IN/ON`.
//!   PETRARCH allows words between a pattern's words, so an object word may also fit a
//!   modifier of the object's head (`* ARTILLERY`, "fired two artillery shells"): the
//!   extractor's matching, not the conversion, allows for that.
//! - **Compound actors `%`** give the pattern's `compound`: before the verb (`% * [030:030]`,
//!   "X and Y agree") the subject must be a coordination, and without a `+` the target is
//!   `none`, so the conjuncts act on each other; after the verb it is read as `+` and the
//!   target must be a coordination (`* WITH %`, "agrees with X and Y"). A compound subject
//!   narrows the verb enough for a pattern with nothing after the verb.
//! - **Prepositional phrases** (`(TO BORDER)` or a bare preposition word `TO +`) give `prep`
//!   and `prep_object`. A phrase holding `+`, or with no noun at all (`(AGAINST)`, `COUP
//!   AGAINST`: its noun can only be the target), makes the target `prep:X`. Our patterns hold
//!   one preposition: with several, the one holding the target wins, then the first without a
//!   noun, then the first with one; the others are dropped. Words after the target are
//!   dropped too (they qualify the target's phrase: `(TO + BORDER)`). An `of` phrase right
//!   after the object noun qualifies the noun (`nmod`), not the verb: it is dropped, and when
//!   it holds `+` the target is `obj`, to be looked for in the object's phrase
//!   (`* SUPPLIERS (OF +)`).
//! - **Words before `*`** give `before`, matched as PETRARCH matches them, as written (a
//!   token's form or lemma), in order, anywhere before the verb in its clause or in the
//!   clauses it completes ("won't try to clash", "indicated it would act"): a space allows
//!   words between two of them, `_` does not (`MOST_CERTAINLY_&NEGATVAUXVRB_EVER *`,
//!   `RECENTLY_*`); a synset is one position whose members are phrases as written (`DID
//!   N'T`, `REALLY DID NOT`); `$` and `^` leave a gap. Such words narrow the verb as words
//!   after it do, so `NOT * [112]` or `TROOPS * [0874]` is kept; a pattern with nothing on
//!   either side of its verb is skipped, since it would code every use of the verb. A
//!   negation among them is the pattern's, not the event's: "didn't clash over efforts"
//!   matching `&NEGATVAUXVRB * OVER EFFORTS [904]` is an asserted 904.
//! - **Skipped patterns**: negation words after the verb (`* NOT COOPERATE`): modality is
//!   the event stage's job there; `+` before `*` (passive-like target as subject);
//!   `$` after `*` (source after the verb); two `%`; unreadable tokens; a `+`
//!   right after an object noun; undefined synsets; expansions over [`MAX_CHOICES`] phrases.
//! - **Inflected verbs**: PETRARCH matches a block's verb as written (and the regular forms
//!   it makes), so a block may be written in an inflected form (`--- LEFT [032:033] ---` beside
//!   `--- LEAVE [012] ---`). Every converted pattern is `literal`: its `lemma` is the word as
//!   written, and a verb of that very form ("left") tries it before the patterns of its lemma.
//! - **Codes**: `[042:043]` gives `code` 042 and `reverse` 043 (the target hosts the
//!   visit); codes that are not 2–4 digits (`080!`,
//!   `075A`, `+++`) and paired-only codes (`[:173]`, the target acting on the source, which
//!   our patterns cannot express) are skipped. The null code `[---]` means "this phrase is not
//!   an event": such patterns are converted alike with code `---` and returned apart, in
//!   [`ConversionStats::blocked`], for a matcher to suppress the bare verb when one of them
//!   matches. They are not put among the [`Patterns`], whose codes must be in the codebook.
//! - **Duplicates**: a verb in several blocks, or two patterns that differ only in what we
//!   drop, can give the same pattern (same key as [`Patterns::check`]'s: lemma, particle,
//!   object, prep, prep object, compound, words before); the first in file order is kept
//!   (bare verbs of a block before its phrases) and the others counted.
//!
//! `example` is the PETRARCH pattern with the verb put in for `*`, lower case
//! (`rush (to border)`): not a sentence, but it says where the pattern came from, as does its
//! [`Origin`] (the PETRARCH file and line).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use sitrep_actors::petrarch::{EventCode, Pattern, Synset, Token, Verb, VerbDictionary};

use crate::patterns::{Patterns, VerbPattern};
use crate::{DataError, Origin};

/// The most phrases one object or prepositional noun may expand to (synsets and
/// alternatives multiply); a pattern needing more is skipped.
pub const MAX_CHOICES: usize = 4096;

/// What the conversion did: counts, reasons for what it skipped, and the null-code phrases.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ConversionStats {
    /// Verbs in the dictionary.
    pub verbs: usize,
    /// Verbs that gave a bare pattern (kept or duplicate).
    pub verbs_converted: usize,
    /// Verbs without a code (their block's and their own are `---`): no bare pattern.
    pub verbs_uncoded: usize,
    /// Verbs not converted, by reason; their block's phrase patterns do not apply to them.
    pub verbs_skipped: BTreeMap<&'static str, usize>,
    /// Phrase patterns in the dictionary.
    pub patterns: usize,
    /// Phrase patterns that gave at least one pattern for some verb of their block (coded or
    /// blocked).
    pub patterns_converted: usize,
    /// Of those, null-code patterns, converted into [`ConversionStats::blocked`].
    pub patterns_blocked: usize,
    /// Patterns produced from phrase patterns (one per verb of the block), before removing
    /// duplicates.
    pub phrase_patterns: usize,
    /// Phrase patterns not converted, by reason (the reason it failed for the first verb of
    /// its block that it failed for).
    pub skipped: BTreeMap<&'static str, usize>,
    /// Approximations made in converted verbs and phrase patterns, by kind (each counted once
    /// per kind).
    pub approximations: BTreeMap<&'static str, usize>,
    /// `&SYNSET` references expanded in converted phrase patterns.
    pub synset_expansions: usize,
    /// Patterns dropped because an earlier one had the same key and code.
    pub duplicates: usize,
    /// Patterns dropped because an earlier one had the same key and another code.
    pub conflicts: usize,
    /// Null-code (`[---]`) phrases: "this phrase is not an event". Code `---`. A matcher
    /// that finds one of these on a verb should not code the verb's bare pattern there.
    pub blocked: Vec<(VerbPattern, Origin)>,
}

impl std::fmt::Display for ConversionStats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "verbs: {} read, {} converted, {} without a code",
            self.verbs, self.verbs_converted, self.verbs_uncoded
        )?;
        writeln!(
            f,
            "phrase patterns: {} read, {} converted ({} null-code, blocked), {} sitrep patterns from them",
            self.patterns, self.patterns_converted, self.patterns_blocked, self.phrase_patterns
        )?;
        writeln!(
            f,
            "synset expansions: {}; duplicates dropped: {} same code, {} other code",
            self.synset_expansions, self.duplicates, self.conflicts
        )?;
        for (why, n) in &self.verbs_skipped {
            writeln!(f, "  verb skipped    {n:5}  {why}")?;
        }
        for (why, n) in &self.skipped {
            writeln!(f, "  pattern skipped {n:5}  {why}")?;
        }
        for (what, n) in &self.approximations {
            writeln!(f, "  approximation   {n:5}  {what}")?;
        }
        Ok(())
    }
}

/// Reads a PETRARCH verbs file and converts it ([`patterns_from_petrarch`]).
pub fn load_petrarch_patterns(path: &Path) -> Result<(Patterns, ConversionStats), DataError> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| DataError::Io {
        file: file.clone(),
        source,
    })?;
    let text = String::from_utf8_lossy(&bytes);
    let verbs = sitrep_actors::petrarch::read_verbs(&text, &file)?;
    Ok(patterns_from_petrarch(&verbs))
}

/// Converts every verb and phrase pattern of a PETRARCH verbs dictionary into sitrep verb
/// patterns (rules in the [module documentation](self)).
pub fn patterns_from_petrarch(verbs: &VerbDictionary) -> (Patterns, ConversionStats) {
    let mut out = Output::default();
    let mut stats = ConversionStats {
        verbs: verbs.verb_count(),
        patterns: verbs.pattern_count(),
        ..ConversionStats::default()
    };
    let synsets = Synsets::new(verbs);
    for block in &verbs.blocks {
        // Each verb's lemma and the items its own words after the verb give, or why not.
        let heads: Vec<(&Verb, Head)> = block.verbs.iter().map(|v| (v, verb_head(v))).collect();
        for (verb, head) in &heads {
            let (lemma, items) = match head {
                Ok(h) => h,
                Err(why) => {
                    *stats.verbs_skipped.entry(why).or_default() += 1;
                    continue;
                }
            };
            let code = match classify_code(&verb.code) {
                Ok(Some(code)) => code,
                Ok(None) => {
                    stats.verbs_uncoded += 1;
                    continue;
                }
                Err(why) => {
                    *stats.verbs_skipped.entry(why).or_default() += 1;
                    continue;
                }
            };
            match analyse(items.clone(), false, false, false) {
                Ok(shape) => {
                    stats.verbs_converted += 1;
                    let example = verb.lemma.text().to_lowercase();
                    let pattern =
                        shape.into_pattern(lemma, code, reverse_code(&verb.code), example);
                    out.push(pattern, verb.origin.clone(), &mut stats);
                }
                Err(why) => *stats.verbs_skipped.entry(why).or_default() += 1,
            }
        }
        for pattern in &block.patterns {
            convert_pattern(pattern, &heads, &synsets, &mut out, &mut stats);
        }
    }
    (
        Patterns {
            verbs: out.patterns,
            nouns: Vec::new(),
        },
        stats,
    )
}

/// Patterns kept so far, with their keys for spotting duplicates.
#[derive(Default)]
struct Output {
    patterns: Vec<(VerbPattern, Origin)>,
    /// Each kept pattern's code.
    seen: HashMap<Key, String>,
    blocked_seen: HashSet<Key>,
}

type Key = (
    String,
    String,
    Vec<String>,
    String,
    Vec<String>,
    String,
    Vec<String>,
);

fn key(p: &VerbPattern) -> Key {
    let mut object = p.object.clone();
    object.sort();
    let mut prep_object = p.prep_object.clone();
    prep_object.sort();
    (
        p.lemma.clone(),
        p.particle.clone(),
        object,
        p.prep.clone(),
        prep_object,
        p.compound.clone(),
        p.before.clone(),
    )
}

impl Output {
    /// Keeps `pattern` unless an earlier one has its key.
    fn push(&mut self, pattern: VerbPattern, origin: Origin, stats: &mut ConversionStats) {
        let k = key(&pattern);
        if pattern.code == NULL_CODE {
            if self.blocked_seen.insert(k) {
                stats.blocked.push((pattern, origin));
            } else {
                stats.duplicates += 1;
            }
            return;
        }
        match self.seen.get(&k) {
            Some(code) if *code == pattern.code => stats.duplicates += 1,
            Some(_) => stats.conflicts += 1,
            None => {
                self.seen.insert(k, pattern.code.clone());
                self.patterns.push((pattern, origin));
            }
        }
    }
}

const NULL_CODE: &str = "---";

/// The paired code of `[A:B]` (the target's act on the source), when it is a CAMEO code.
fn reverse_code(code: &EventCode) -> String {
    match code.paired.as_deref() {
        Some(p) if (2..=4).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()) => {
            p.to_string()
        }
        _ => String::new(),
    }
}

/// The code a pattern gets: `Some` CAMEO code, `None` for the null code, or why it is
/// unusable.
fn classify_code(code: &EventCode) -> Result<Option<String>, &'static str> {
    if code.is_null() {
        return Ok(None);
    }
    let p = code.primary.as_str();
    if p.is_empty() || p == NULL_CODE {
        return Err("paired-only code ([:B], the target acting on the source)");
    }
    if (2..=4).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()) {
        Ok(Some(p.to_string()))
    } else {
        Err("code not 2-4 digits")
    }
}

fn convert_pattern(
    pattern: &Pattern,
    heads: &[(&Verb, Head)],
    synsets: &Synsets,
    out: &mut Output,
    stats: &mut ConversionStats,
) {
    let skip = |stats: &mut ConversionStats, why: &'static str| {
        *stats.skipped.entry(why).or_default() += 1;
    };
    let code = match classify_code(&pattern.code) {
        Ok(code) => code.unwrap_or_else(|| NULL_CODE.to_string()),
        Err(why) => return skip(stats, why),
    };
    let Some(star) = pattern.verb_position() else {
        return skip(stats, "no `*` verb position");
    };
    let (before, after) = (&pattern.tokens[..star], &pattern.tokens[star + 1..]);
    let mut words_before = Vec::new();
    let compound_subject = match read_before(before, synsets, &mut words_before) {
        Ok(compound) => compound,
        Err(why) => return skip(stats, why),
    };
    let mut tails = Vec::new();
    for variant in function_word_variants(&synsets.inline_function_words(after)) {
        match flatten(&variant, synsets, Place::Top) {
            Ok(items) => tails.push(items),
            Err(why) => return skip(stats, why),
        }
    }
    let mut first_error = None;
    let mut converted = false;
    let mut approximations = HashSet::new();
    for (verb, head) in heads {
        let (lemma, own) = match head {
            Ok(h) => h,
            // The verb was counted as skipped already.
            Err(_) => continue,
        };
        for tail in &tails {
            let mut items = own.clone();
            items.extend(tail[overlap(own, tail)..].iter().cloned());
            match analyse(items, true, compound_subject, !words_before.is_empty()) {
                Ok(mut shape) => {
                    shape.before = words_before.clone();
                    approximations.extend(shape.approximations.iter().copied());
                    let example = pattern
                        .text
                        .replacen('*', &verb.lemma.text(), 1)
                        .to_lowercase();
                    let p = shape.into_pattern(
                        lemma,
                        code.clone(),
                        reverse_code(&pattern.code),
                        example,
                    );
                    stats.phrase_patterns += 1;
                    out.push(p, pattern.origin.clone(), stats);
                    converted = true;
                }
                Err(why) => {
                    first_error.get_or_insert(why);
                }
            }
        }
    }
    if converted {
        stats.patterns_converted += 1;
        if code == NULL_CODE {
            stats.patterns_blocked += 1;
        }
        for a in approximations {
            *stats.approximations.entry(a).or_default() += 1;
        }
        stats.synset_expansions += count_synsets(after);
    } else {
        skip(stats, first_error.unwrap_or("no usable verb in the block"));
    }
}

/// How many items at the start of a pattern's `tail` repeat the end of a multiword verb's
/// own items: a pattern written for `ASK` (`* (FOR AID)`) applies to `ASK_FOR` in the same
/// block as "ask for aid", not "ask for for aid".
fn overlap(own: &[Item], tail: &[Item]) -> usize {
    (1..=own.len().min(tail.len()))
        .rev()
        .find(|&k| own[own.len() - k..] == tail[..k])
        .unwrap_or(0)
}

/// `(BY/WITH SANCTIONS)`: alternatives between function words (prepositions, particles)
/// cannot be one pattern's `prep`, so the pattern is read once per word.
fn function_word_variants(tokens: &[Token]) -> Vec<Vec<Token>> {
    fn first_split(tokens: &[Token]) -> Option<Vec<Vec<Token>>> {
        for (i, t) in tokens.iter().enumerate() {
            let replaced: Option<Vec<Token>> = match t {
                Token::Alternatives(ws)
                    if ws
                        .iter()
                        .all(|w| !matches!(word_kind(&w.to_lowercase()), WordKind::Noun)) =>
                {
                    Some(ws.iter().map(|w| Token::Word(w.clone())).collect())
                }
                Token::PrepPhrase(inner) | Token::NounPhrase(inner) => {
                    first_split(inner).map(|variants| {
                        variants
                            .into_iter()
                            .map(|v| match t {
                                Token::PrepPhrase(_) => Token::PrepPhrase(v),
                                _ => Token::NounPhrase(v),
                            })
                            .collect()
                    })
                }
                _ => None,
            };
            if let Some(choices) = replaced {
                return Some(
                    choices
                        .into_iter()
                        .map(|c| {
                            let mut v = tokens.to_vec();
                            v[i] = c;
                            v
                        })
                        .collect(),
                );
            }
        }
        None
    }
    let mut done = Vec::new();
    let mut todo = vec![tokens.to_vec()];
    while let Some(t) = todo.pop() {
        match first_split(&t) {
            Some(variants) if done.len() + todo.len() < 16 => {
                todo.extend(variants.into_iter().rev())
            }
            _ => done.push(t),
        }
    }
    done
}

/// Reads the words before `*` into `out`, one entry per word position (see
/// [`VerbPattern::before`]): alternatives joined by `|`, a phrase's words by spaces, `_` at
/// the end when the next position (or the verb) must follow with no word between. `$` and
/// `^` stand for noun phrases: they leave a gap. Returns whether the words hold `%`: the
/// subject is a compound actor ("X and Y").
fn read_before(
    tokens: &[Token],
    synsets: &Synsets,
    out: &mut Vec<String>,
) -> Result<bool, &'static str> {
    let mut compound = false;
    // A `_` joins the position before it only when that position ends right there.
    let mut open = false;
    for t in tokens {
        let position = match t {
            Token::Target => return Err("target before the verb (passive-like)"),
            Token::Compound | Token::Source | Token::Skip => {
                compound |= *t == Token::Compound;
                open = false;
                continue;
            }
            Token::Join => {
                if let Some(last) = out.last_mut().filter(|_| open) {
                    last.push('_');
                }
                open = false;
                continue;
            }
            Token::Word(w) => w.to_lowercase(),
            Token::Alternatives(ws) => ws
                .iter()
                .map(|w| w.to_lowercase())
                .collect::<Vec<_>>()
                .join("|"),
            Token::Synset(name) => synsets.expand_as_written(name)?.join("|"),
            Token::NounPhrase(inner) | Token::PrepPhrase(inner) => {
                // The words of a group are consecutive.
                let mut group = Vec::new();
                compound |= read_before(inner, synsets, &mut group)?;
                let n = group.len();
                for (i, mut g) in group.into_iter().enumerate() {
                    if i + 1 < n && !g.ends_with('_') {
                        g.push('_');
                    }
                    out.push(g);
                }
                open = n > 0;
                continue;
            }
            Token::Verb => return Err("second `*`"),
            Token::Raw(_) => return Err("unreadable token"),
        };
        out.push(position);
        open = true;
    }
    Ok(compound)
}

fn count_synsets(tokens: &[Token]) -> usize {
    tokens
        .iter()
        .map(|t| match t {
            Token::Synset(_) => 1,
            Token::NounPhrase(inner) | Token::PrepPhrase(inner) => count_synsets(inner),
            _ => 0,
        })
        .sum()
}

/// A verb's lemma and the items its own words after the verb give, or why it is unusable.
type Head = Result<(String, Vec<Item>), &'static str>;

/// A verb's lemma and the items its words after the verb give.
fn verb_head(verb: &Verb) -> Head {
    let words: Vec<String> = verb.lemma.words.iter().map(|w| w.to_lowercase()).collect();
    let head = words
        .get(verb.lemma.head)
        .ok_or("verb phrase without a verb")?;
    if AUXILIARIES.contains(&head.as_str()) {
        return Err("verb phrase headed by an auxiliary");
    }
    // `{}` with no forms marks a phrase written in an inflected form that PETRARCH must not
    // inflect further (`ANGERED_BY {}`); its lemma is unknown to us.
    if verb.forms_listed && verb.forms.is_empty() && words.len() > 1 && head.ends_with("ed") {
        return Err("verb phrase in an inflected form");
    }
    if !head
        .chars()
        .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
    {
        return Err("verb with odd characters");
    }
    let rest = &words[verb.lemma.head + 1..];
    let mut items = Vec::new();
    for (i, w) in rest.iter().enumerate() {
        let next_is_noun = rest
            .get(i + 1)
            .is_some_and(|n| word_kind(n) == WordKind::Noun);
        items.push(match word_kind(w) {
            WordKind::Negation => return Err("negation"),
            WordKind::Conjunction => return Err("verb phrase with a conjunction"),
            WordKind::Determiner => continue,
            WordKind::Particle => Item::Particle(w.clone()),
            WordKind::Preposition => Item::Prep(w.clone()),
            WordKind::Ambiguous if next_is_noun => Item::Prep(w.clone()),
            WordKind::Ambiguous => Item::Particle(w.clone()),
            WordKind::Noun => Item::Noun(vec![singular_phrase(w)]),
        });
    }
    Ok((head.clone(), items))
}

const AUXILIARIES: &[&str] = &[
    "be", "is", "are", "am", "was", "were", "been", "being", "have", "has", "had", "will", "would",
    "shall", "should", "can", "could", "may", "might", "must", "do", "does", "did",
];

/// One unit of a pattern after the verb, flattened.
#[derive(Clone, Debug, PartialEq)]
enum Item {
    /// A phrasal-verb particle.
    Particle(String),
    /// A preposition: starts a prepositional phrase.
    Prep(String),
    /// `in`, `on`, `over`…: a particle or a preposition, decided by what follows.
    Ambiguous(String),
    /// One word position of a noun: the phrases that may fill it.
    Noun(Vec<String>),
    /// `+`.
    Target,
    /// `%` after the verb: the target, a compound actor.
    Compound,
    /// `^`.
    Skip,
    /// The end of a `(…)` group.
    PrepEnd,
    /// `and`/`or` outside a noun phrase: the rest is another conjunct, dropped.
    Stop,
}

#[derive(Clone, Copy, PartialEq)]
enum Place {
    Top,
    NounPhrase,
    PrepPhrase,
}

fn flatten(tokens: &[Token], synsets: &Synsets, place: Place) -> Result<Vec<Item>, &'static str> {
    let mut items = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        let first_in_group = place == Place::PrepPhrase && i == 0;
        // Two nouns written apart (not joined by `_`, not in a `{…}` phrase) may have other
        // words between them: `* IMPROVED &TIETYPES RELATIONS` fits "improved global economic
        // relations". The later one is marked with a leading gap.
        let loose = place != Place::NounPhrase
            && i > 0
            && tokens[i - 1] != Token::Join
            && matches!(items.last(), Some(Item::Noun(_)));
        let before = items.len();
        match t {
            Token::Word(w) => {
                let w = w.to_lowercase();
                let kind = word_kind(&w);
                items.push(match kind {
                    WordKind::Negation => return Err("negation"),
                    WordKind::Determiner => continue,
                    // The first conjunct stands for the phrase, as it heads the
                    // coordination in a dependency tree.
                    WordKind::Conjunction if place == Place::NounPhrase => break,
                    WordKind::Conjunction => Item::Stop,
                    _ if place == Place::NounPhrase => Item::Noun(vec![singular_phrase(&w)]),
                    WordKind::Particle => Item::Particle(w),
                    WordKind::Preposition => Item::Prep(w),
                    WordKind::Ambiguous if first_in_group => Item::Prep(w),
                    WordKind::Ambiguous => Item::Ambiguous(w),
                    WordKind::Noun => Item::Noun(vec![singular_phrase(&w)]),
                });
            }
            Token::Alternatives(ws) => {
                let ws: Vec<String> = ws.iter().map(|w| w.to_lowercase()).collect();
                if ws.iter().any(|w| is_negation(w)) {
                    return Err("negation");
                }
                let nouns = ws.iter().all(|w| word_kind(w) == WordKind::Noun);
                if !nouns && place != Place::NounPhrase {
                    // Alternatives between prepositions are split into patterns by
                    // `function_word_variants` before this; any left are mixed.
                    return Err("alternatives mixing nouns and function words");
                }
                items.push(Item::Noun(dedup(ws.iter().map(|w| singular_phrase(w)))));
            }
            Token::Synset(name) => items.push(Item::Noun(synsets.expand(name)?)),
            Token::Verb => return Err("second `*`"),
            Token::Source => return Err("source after the verb"),
            Token::Target => items.push(Item::Target),
            Token::Compound => items.push(Item::Compound),
            Token::Skip => items.push(Item::Skip),
            Token::Join => {}
            Token::NounPhrase(inner) => items.extend(flatten(inner, synsets, Place::NounPhrase)?),
            Token::PrepPhrase(inner) => {
                let inner_items = flatten(inner, synsets, Place::PrepPhrase)?;
                let opens = matches!(inner_items.first(), Some(Item::Prep(_)));
                items.extend(inner_items);
                if opens {
                    items.push(Item::PrepEnd);
                }
            }
            Token::Raw(_) => return Err("unreadable token"),
        }
        if loose {
            if let Some(Item::Noun(choices)) = items.get_mut(before) {
                for c in choices.iter_mut() {
                    *c = format!("{GAP} {c}");
                }
            }
        }
    }
    Ok(items)
}

/// In an object phrase, "any words of the noun phrase may come here" (see
/// [`VerbPattern::object`]).
const GAP: &str = "...";

/// A phrase without a gap at its start, where it means nothing.
fn trim_gap(phrase: &str) -> String {
    phrase.trim_start_matches(GAP).trim_start().to_string()
}

/// What a pattern says after its verb, in our terms.
#[derive(Debug, Default)]
struct Shape {
    particle: String,
    object: Vec<String>,
    prep: String,
    prep_object: Vec<String>,
    target: String,
    compound: String,
    before: Vec<String>,
    approximations: Vec<&'static str>,
}

impl Shape {
    fn into_pattern(
        self,
        lemma: &str,
        code: String,
        reverse: String,
        example: String,
    ) -> VerbPattern {
        let trim = |phrases: Vec<String>| dedup(phrases.iter().map(|p| trim_gap(p)));
        VerbPattern {
            lemma: lemma.to_string(),
            particle: self.particle,
            object: trim(self.object),
            prep: self.prep,
            prep_object: trim(self.prep_object),
            target: self.target,
            compound: self.compound,
            before: self.before,
            code,
            reverse,
            literal: true,
            example,
        }
    }
}

#[derive(Debug)]
struct Group {
    prep: String,
    noun: Option<Vec<String>>,
    target: bool,
    skip: bool,
    /// `of` right after the object noun: it qualifies the noun (`nmod` in a dependency
    /// tree), not the verb.
    nominal: bool,
}

impl Group {
    fn open(&self) -> bool {
        self.noun.is_none() && !self.skip
    }
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Ctx {
    Object,
    Group(usize),
    Closed(usize),
}

/// Reads flattened items into a [`Shape`]; `phrase` is false for a bare verb, which may say
/// nothing after the verb; `compound_subject`: the pattern had `%` before the verb;
/// `words_before`: it had words before the verb, which narrow it as words after it do.
fn analyse(
    items: Vec<Item>,
    phrase: bool,
    compound_subject: bool,
    words_before: bool,
) -> Result<Shape, &'static str> {
    let mut particle: Option<String> = None;
    let mut object: Option<Vec<String>> = None;
    let mut obj_target = false;
    let mut iobj = false;
    let mut groups: Vec<Group> = Vec::new();
    let mut ctx = Ctx::Object;
    let mut target_at: Option<Ctx> = None;
    let mut approximations = Vec::new();
    let mut compound_target = false;
    for i in 0..items.len() {
        let mut item = items[i].clone();
        if item == Item::Compound {
            // `%` after the verb is the target, which must be a compound actor.
            if compound_subject || compound_target {
                return Err("two compound actors");
            }
            compound_target = true;
            item = Item::Target;
        }
        if let Item::Ambiguous(w) = &item {
            let noun_follows = matches!(
                items.get(i + 1),
                Some(Item::Noun(_) | Item::Target | Item::Compound | Item::Skip)
            );
            let free = object.is_none() && !obj_target && particle.is_none();
            item = if noun_follows || !free || ctx != Ctx::Object {
                Item::Prep(w.clone())
            } else {
                Item::Particle(w.clone())
            };
        }
        if item == Item::Stop {
            if i + 1 < items.len() {
                approximations.push("words after a conjunction dropped");
            }
            break;
        }
        if let Some(at) = target_at {
            // After the target: a noun right after a `+` object makes a ditransitive;
            // anything else qualifies the target or is dropped.
            match (&item, at) {
                (Item::Noun(choices), Ctx::Object) if ctx == Ctx::Object && !iobj => {
                    iobj = true;
                    object = Some(choices.clone());
                    continue;
                }
                (Item::Noun(_), Ctx::Object) if ctx == Ctx::Object && iobj => {
                    if let Some(o) = object.take() {
                        object = Some(product(&o, choices_of(&item))?);
                    }
                    continue;
                }
                (Item::Noun(_) | Item::Skip, Ctx::Group(g)) if ctx == Ctx::Group(g) => continue,
                (Item::PrepEnd, _) => {
                    if let Ctx::Group(g) = ctx {
                        ctx = Ctx::Closed(g);
                    }
                    continue;
                }
                (Item::Particle(w), _) if particle.is_none() && !matches!(ctx, Ctx::Group(_)) => {
                    // "set + up": a particle may follow the object.
                    particle = Some(w.clone());
                    continue;
                }
                (Item::Target, _) => return Err("two targets"),
                _ => {
                    if !approximations.contains(&"words after the target dropped") {
                        approximations.push("words after the target dropped");
                    }
                    if let Item::Prep(_) = item {
                        ctx = Ctx::Closed(usize::MAX);
                    }
                    continue;
                }
            }
        }
        match item {
            Item::Particle(w) => {
                if matches!(ctx, Ctx::Group(_)) {
                    // "(TO + BACK)"-like leftovers inside a group.
                    approximations.push("particle inside a prepositional phrase dropped");
                } else if particle.is_none() {
                    particle = Some(w);
                } else {
                    approximations.push("second particle dropped");
                }
            }
            Item::Prep(w) | Item::Ambiguous(w) => {
                let nominal = w == "of" && ctx == Ctx::Object && object.is_some();
                groups.push(Group {
                    prep: w,
                    noun: None,
                    target: false,
                    skip: false,
                    nominal,
                });
                ctx = Ctx::Group(groups.len() - 1);
            }
            Item::PrepEnd => {
                if let Ctx::Group(g) = ctx {
                    ctx = Ctx::Closed(g);
                }
            }
            // `%` was read as the target above.
            Item::Stop | Item::Compound => {}
            Item::Noun(choices) => match ctx {
                Ctx::Object => {
                    object = Some(match object.take() {
                        Some(o) => product(&o, &choices)?,
                        None => choices,
                    })
                }
                Ctx::Group(g) => {
                    let group = &mut groups[g];
                    group.noun = Some(match group.noun.take() {
                        Some(o) => product(&o, &choices)?,
                        None => choices,
                    })
                }
                Ctx::Closed(_) => approximations.push("words after a prepositional phrase dropped"),
            },
            Item::Skip => {
                if let Ctx::Group(g) = ctx {
                    groups[g].skip = true;
                }
            }
            Item::Target => match ctx {
                Ctx::Object if object.is_none() => {
                    obj_target = true;
                    target_at = Some(Ctx::Object);
                }
                Ctx::Object => return Err("target right after an object noun"),
                Ctx::Group(g) => {
                    groups[g].target = true;
                    target_at = Some(Ctx::Group(g));
                }
                Ctx::Closed(g) if groups.get(g).is_some_and(Group::open) => {
                    groups[g].target = true;
                    target_at = Some(Ctx::Closed(g));
                }
                Ctx::Closed(_) => return Err("target after a prepositional phrase with a noun"),
            },
        }
    }
    // "SOLUTION (OF +)": the target is inside the object's phrase, which target `obj`
    // searches.
    if groups.iter().any(|g| g.nominal) {
        approximations.push("of-phrase folded into the object");
        obj_target |= groups.iter().any(|g| g.nominal && g.target);
        groups.retain(|g| !g.nominal);
    }
    let chosen = groups
        .iter()
        .position(|g| g.target)
        .or_else(|| {
            (!obj_target)
                .then(|| groups.iter().position(Group::open))
                .flatten()
        })
        .or_else(|| groups.iter().position(|g| g.noun.is_some()))
        .or(if groups.is_empty() { None } else { Some(0) });
    if groups.len() > 1 {
        approximations.push("extra prepositional phrase dropped");
    }
    // A compound subject or words before the verb narrow it enough ("% * [030]": "X and Y
    // agree"; "NOT * [112]").
    if phrase
        && particle.is_none()
        && object.is_none()
        && groups.is_empty()
        && !obj_target
        && !compound_subject
        && !words_before
    {
        return Err("nothing after the verb");
    }
    let has_target = target_at.is_some();
    let mut shape = Shape {
        particle: particle.unwrap_or_default(),
        object: object.unwrap_or_default(),
        target: "obj".to_string(),
        approximations,
        ..Shape::default()
    };
    if iobj {
        shape.target = "iobj".to_string();
    }
    if let Some(g) = chosen.and_then(|g| groups.into_iter().nth(g)) {
        if g.target || (!obj_target && g.open()) {
            shape.target = format!("prep:{}", g.prep);
        }
        shape.prep = g.prep;
        shape.prep_object = g.noun.unwrap_or_default();
    }
    if compound_subject {
        shape.compound = "subject".to_string();
        // "% * TALKS": the conjuncts of the subject are each other's counterparts.
        if !has_target {
            shape.target = "none".to_string();
        }
    } else if compound_target {
        shape.compound = "target".to_string();
    }
    Ok(shape)
}

fn choices_of(item: &Item) -> &[String] {
    match item {
        Item::Noun(c) => c,
        _ => &[],
    }
}

/// Every `a b` for `a` in `left`, `b` in `right`.
fn product(left: &[String], right: &[String]) -> Result<Vec<String>, &'static str> {
    if left.len() * right.len() > MAX_CHOICES {
        return Err("expansion too large");
    }
    Ok(dedup(left.iter().flat_map(|a| {
        right.iter().map(move |b| format!("{a} {b}"))
    })))
}

fn dedup(items: impl Iterator<Item = String>) -> Vec<String> {
    let mut seen = HashSet::new();
    items.filter(|s| seen.insert(s.clone())).collect()
}

/// Synsets by upper-case name.
struct Synsets<'a> {
    by_name: HashMap<String, &'a Synset>,
}

impl<'a> Synsets<'a> {
    fn new(dict: &'a VerbDictionary) -> Self {
        let mut by_name = HashMap::new();
        for s in &dict.synsets {
            by_name.entry(s.name.to_uppercase()).or_insert(s);
        }
        Synsets { by_name }
    }

    /// `tokens` with each reference to a synset of single function words (`&PREPOSIT1`:
    /// `AGAINST`, `IN`, `ON`, …) written out as alternatives (`AGAINST/IN/ON`), so that it is
    /// read as a preposition or particle, not as a noun.
    fn inline_function_words(&self, tokens: &[Token]) -> Vec<Token> {
        tokens
            .iter()
            .map(|t| match t {
                Token::Synset(name) => self
                    .function_words(name)
                    .map_or_else(|| t.clone(), Token::Alternatives),
                Token::PrepPhrase(inner) => Token::PrepPhrase(self.inline_function_words(inner)),
                _ => t.clone(),
            })
            .collect()
    }

    /// The members of `&name` when every one is a single preposition or particle.
    fn function_words(&self, name: &str) -> Option<Vec<String>> {
        let synset = self
            .by_name
            .get(&name.trim_start_matches('&').to_uppercase())?;
        let words: Vec<String> = synset
            .members
            .iter()
            .map(|m| m.phrase.trim().to_string())
            .collect();
        let function_word = |w: &String| {
            !w.contains(char::is_whitespace)
                && matches!(
                    word_kind(&w.to_lowercase()),
                    WordKind::Preposition | WordKind::Ambiguous | WordKind::Particle
                )
        };
        (!words.is_empty() && words.iter().all(function_word)).then_some(words)
    }

    /// The members of `&name`, lower case and singular, nested synsets expanded.
    fn expand(&self, name: &str) -> Result<Vec<String>, &'static str> {
        let mut out = Vec::new();
        self.expand_into(name, false, &mut Vec::new(), &mut out)?;
        if out.len() > MAX_CHOICES {
            return Err("expansion too large");
        }
        Ok(dedup(out.into_iter()))
    }

    /// The members of `&name`, lower case, every word as written, nested synsets expanded:
    /// words before the verb are matched as written ("did n't"), not as noun lemmas.
    fn expand_as_written(&self, name: &str) -> Result<Vec<String>, &'static str> {
        let mut out = Vec::new();
        self.expand_into(name, true, &mut Vec::new(), &mut out)?;
        if out.len() > MAX_CHOICES {
            return Err("expansion too large");
        }
        Ok(dedup(out.into_iter()))
    }

    fn expand_into(
        &self,
        name: &str,
        as_written: bool,
        stack: &mut Vec<String>,
        out: &mut Vec<String>,
    ) -> Result<(), &'static str> {
        let key = name.trim_start_matches('&').to_uppercase();
        if stack.contains(&key) {
            return Err("synset that contains itself");
        }
        let synset = self.by_name.get(&key).ok_or("undefined synset")?;
        stack.push(key);
        for m in &synset.members {
            let words: Vec<&str> = m.phrase.split_whitespace().collect();
            let mut phrases = vec![String::new()];
            for w in words {
                let choices = if w.starts_with('&') {
                    let mut inner = Vec::new();
                    self.expand_into(w, as_written, stack, &mut inner)?;
                    inner
                } else {
                    let w = w.to_lowercase();
                    match word_kind(&w) {
                        _ if as_written => vec![w],
                        WordKind::Determiner => continue,
                        _ => vec![singular_phrase(&w)],
                    }
                };
                if phrases.len() * choices.len() > MAX_CHOICES {
                    return Err("expansion too large");
                }
                phrases = phrases
                    .iter()
                    .flat_map(|p| {
                        choices.iter().map(move |c| {
                            if p.is_empty() {
                                c.clone()
                            } else {
                                format!("{p} {c}")
                            }
                        })
                    })
                    .collect();
            }
            out.extend(phrases.into_iter().filter(|p| !p.is_empty()));
        }
        stack.pop();
        Ok(())
    }
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum WordKind {
    Negation,
    Determiner,
    /// Only ever a phrasal-verb particle (or an adverb) after a verb.
    Particle,
    /// Only ever a preposition.
    Preposition,
    /// A particle or a preposition.
    Ambiguous,
    /// `and`, `or`: what follows is another conjunct, which our patterns cannot require.
    Conjunction,
    /// Anything else: read as (part of) a noun.
    Noun,
}

fn is_negation(w: &str) -> bool {
    word_kind(&w.to_lowercase()) == WordKind::Negation
}

fn word_kind(w: &str) -> WordKind {
    match w {
        "not" | "n't" | "no" | "never" | "nor" | "neither" | "none" | "cannot" => {
            WordKind::Negation
        }
        "a" | "an" | "the" | "its" | "their" | "his" | "her" | "our" | "my" | "your" | "this"
        | "these" | "those" | "that" | "some" | "any" => WordKind::Determiner,
        "and" | "or" => WordKind::Conjunction,
        "up" | "down" | "off" | "out" | "back" | "away" | "forward" | "forth" | "together"
        | "apart" | "aside" | "ahead" => WordKind::Particle,
        "to" | "with" | "for" | "against" | "into" | "from" | "at" | "about" | "of" | "after"
        | "by" | "toward" | "towards" | "upon" | "onto" | "between" | "among" | "amid"
        | "without" | "under" | "as" | "before" | "beyond" | "until" | "during" | "despite"
        | "near" | "inside" | "outside" | "within" | "via" | "per" | "like" | "since" | "than"
        | "unto" | "throughout" | "alongside" | "regarding" | "concerning" => WordKind::Preposition,
        "in" | "on" | "over" | "around" | "through" | "along" | "behind" | "across" | "past"
        | "round" => WordKind::Ambiguous,
        _ => WordKind::Noun,
    }
}

/// Each word of a phrase made singular, as a lemmatizer gives noun lemmas.
fn singular_phrase(phrase: &str) -> String {
    phrase
        .split_whitespace()
        .map(singular)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The singular of a lower-case English noun, by the regular rules (and a few irregular
/// plurals that are common in news); words that do not look plural are kept.
fn singular(w: &str) -> String {
    const IRREGULAR: &[(&str, &str)] = &[
        ("men", "man"),
        ("women", "woman"),
        ("children", "child"),
        ("crises", "crisis"),
        ("analyses", "analysis"),
        ("theses", "thesis"),
        ("bases", "base"),
        ("lives", "life"),
        ("wives", "wife"),
        ("knives", "knife"),
        ("thieves", "thief"),
        ("leaves", "leaf"),
        ("halves", "half"),
    ];
    const NOT_PLURAL: &[&str] = &[
        "news",
        "series",
        "species",
        "chaos",
        "politics",
        "economics",
        "physics",
        "ethics",
        "headquarters",
        "means",
        "goods",
        "remains",
        "gas",
        "bus",
        "status",
        "campus",
        "consensus",
        "census",
        "apparatus",
        "corps",
        "aids",
        "sars",
        "isis",
        "always",
        "perhaps",
        "whereas",
        "thus",
        "yes",
        "his",
        "its",
        "this",
        "us",
        "was",
        "has",
        "is",
        "overseas",
    ];
    if let Some((_, s)) = IRREGULAR.iter().find(|(p, _)| *p == w) {
        return s.to_string();
    }
    if let Some(stem) = w.strip_suffix("men").filter(|s| !s.is_empty()) {
        // gunmen, servicemen, policemen, chairmen
        return format!("{stem}man");
    }
    if w.len() <= 3 || !w.ends_with('s') || NOT_PLURAL.contains(&w) || !w.is_ascii() {
        return w.to_string();
    }
    if let Some(stem) = w.strip_suffix("ies") {
        if stem.len() >= 2 {
            return format!("{stem}y");
        }
    }
    if let Some(stem) = w.strip_suffix("es") {
        if ["ss", "x", "z", "ch", "sh"]
            .iter()
            .any(|e| stem.ends_with(e))
        {
            return stem.to_string();
        }
    }
    if w.ends_with("ss") || w.ends_with("us") || w.ends_with("is") {
        return w.to_string();
    }
    w[..w.len() - 1].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "toy.verbs.txt";

    fn convert(text: &str) -> (Patterns, ConversionStats) {
        let dict = sitrep_actors::petrarch::read_verbs(text, FILE).expect("toy dictionary reads");
        patterns_from_petrarch(&dict)
    }

    /// A pattern without its example, for comparing.
    fn vp(
        lemma: &str,
        particle: &str,
        object: &[&str],
        prep: &str,
        prep_object: &[&str],
        target: &str,
        code: &str,
    ) -> VerbPattern {
        let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect();
        VerbPattern {
            lemma: lemma.into(),
            particle: particle.into(),
            object: strings(object),
            prep: prep.into(),
            prep_object: strings(prep_object),
            target: target.into(),
            compound: String::new(),
            before: Vec::new(),
            code: code.into(),
            reverse: String::new(),
            literal: true,
            example: String::new(),
        }
    }

    fn without_examples(list: &[(VerbPattern, Origin)]) -> Vec<(VerbPattern, usize)> {
        list.iter()
            .map(|(p, o)| {
                let mut p = p.clone();
                p.example.clear();
                (p, o.line)
            })
            .collect()
    }

    const TOY: &str = "\
&ARMAMENT
+MISSILE
+SHELLS
+&SMALLARMS
&SMALLARMS
+ASSAULT RIFLE

--- SHIP [---] ---
SHIP
FERRY
- * &ARMAMENT (TO +) [072]
- * + FOOD [073]
- * {FIELD HOSPITALS} [073]
- * BACK [---]
- * (BEFORE JUDGES) [:173]
- TROOPS * [0874]
- * (TO) [0A2]

--- SEVER [161] ---
SEVER
+CUT_OFF [1621]
- * TIES (WITH +) [161]
- * OFF + [162]

--- CONFER [040] ---
CONFER
- * (IN TALKS) [040]
- * RIFT AGAINST [110]
- REFUSED NOT * + [040]

--- MEET [---] ---
+MEET_WITH [040:040]
- * (IN TALKS) [040]
";

    #[test]
    fn each_kind_of_pattern_converts_as_documented() {
        let (p, stats) = convert(TOY);
        let arms = ["missile", "shell", "assault rifle"];
        let troops = |p: VerbPattern| VerbPattern {
            before: vec!["troops".into()],
            ..p
        };
        let expected = vec![
            // SHIP: no bare verbs (null code); each phrase pattern for both verbs.
            (vp("ship", "", &arms, "to", &[], "prep:to", "072"), 11),
            (vp("ferry", "", &arms, "to", &[], "prep:to", "072"), 11),
            (vp("ship", "", &["food"], "", &[], "iobj", "073"), 12),
            (vp("ferry", "", &["food"], "", &[], "iobj", "073"), 12),
            (
                vp("ship", "", &["field hospital"], "", &[], "obj", "073"),
                13,
            ),
            (
                vp("ferry", "", &["field hospital"], "", &[], "obj", "073"),
                13,
            ),
            // Words before the verb narrow it as words after it do.
            (troops(vp("ship", "", &[], "", &[], "obj", "0874")), 16),
            (troops(vp("ferry", "", &[], "", &[], "obj", "0874")), 16),
            // SEVER: the bare verbs, then each pattern for both, after the verb's own words.
            (vp("sever", "", &[], "", &[], "obj", "161"), 20),
            (vp("cut", "off", &[], "", &[], "obj", "1621"), 21),
            (
                vp("sever", "", &["tie"], "with", &[], "prep:with", "161"),
                22,
            ),
            (
                vp("cut", "off", &["tie"], "with", &[], "prep:with", "161"),
                22,
            ),
            (vp("sever", "off", &[], "", &[], "obj", "162"), 23),
            // "cut off" + "* OFF +" is read "cut off +" (not "cut off off +"): the bare "cut
            // off" with another code, dropped and counted.
            (vp("confer", "", &[], "", &[], "obj", "040"), 26),
            (vp("confer", "", &[], "in", &["talk"], "obj", "040"), 27),
            (
                vp(
                    "confer",
                    "",
                    &["rift"],
                    "against",
                    &[],
                    "prep:against",
                    "110",
                ),
                28,
            ),
            (
                VerbPattern {
                    before: vec!["refused".into(), "not".into()],
                    ..vp("confer", "", &[], "", &[], "obj", "040")
                },
                29,
            ),
            // The paired code is the reverse; the verb's own preposition beats "(IN
            // TALKS)", which makes line 33 a duplicate of the bare "meet with".
            (
                VerbPattern {
                    reverse: "040".into(),
                    ..vp("meet", "", &[], "with", &[], "prep:with", "040")
                },
                32,
            ),
        ];
        assert_eq!(without_examples(&p.verbs), expected);
        assert_eq!(
            without_examples(&stats.blocked),
            vec![
                (vp("ship", "back", &[], "", &[], "obj", "---"), 14),
                (vp("ferry", "back", &[], "", &[], "obj", "---"), 14),
            ]
        );
        assert_eq!(stats.verbs, 6);
        assert_eq!(stats.verbs_converted, 4);
        assert_eq!(stats.verbs_uncoded, 2);
        assert_eq!(stats.patterns, 13);
        assert_eq!(stats.patterns_converted, 11);
        assert_eq!(stats.patterns_blocked, 1);
        assert_eq!(stats.phrase_patterns, 18);
        assert_eq!((stats.duplicates, stats.conflicts), (1, 1));
        assert_eq!(stats.synset_expansions, 1);
        let skipped: Vec<(&str, usize)> = stats.skipped.iter().map(|(k, v)| (*k, *v)).collect();
        assert_eq!(
            skipped,
            vec![
                ("code not 2-4 digits", 1),
                (
                    "paired-only code ([:B], the target acting on the source)",
                    1
                ),
            ]
        );
        let approximations: Vec<(&str, usize)> =
            stats.approximations.iter().map(|(k, v)| (*k, *v)).collect();
        assert_eq!(
            approximations,
            vec![("extra prepositional phrase dropped", 1)]
        );
        assert_eq!(p.verbs[0].1.file.as_ref(), FILE);
        assert_eq!(p.verbs[0].0.example, "ship &armament (to +)");
    }

    #[test]
    fn a_prepositional_phrase_with_the_target_wins_over_others() {
        let (p, stats) = convert(
            "--- MOVE [---] ---\nMOVE\n- * TRAINS (FROM ^) (TO +) [0874]\n- * (TO PORT) (WITH ESCORTS) [154]\n",
        );
        assert_eq!(
            without_examples(&p.verbs),
            vec![
                (vp("move", "", &["train"], "to", &[], "prep:to", "0874"), 3),
                (vp("move", "", &[], "to", &["port"], "obj", "154"), 4),
            ]
        );
        assert_eq!(
            stats
                .approximations
                .get("extra prepositional phrase dropped"),
            Some(&2)
        );
    }

    #[test]
    fn of_phrases_fold_into_the_object_and_preposition_alternatives_split() {
        let (p, stats) = convert(
            "--- PUNISH [---] ---\nPUNISH\n- * SUPPLIERS (OF +) [163]\n- * (BY/WITH SANCTIONS) [163]\n- * {FOOD AND FUEL} (TO +) [0234]\n",
        );
        assert_eq!(
            without_examples(&p.verbs),
            vec![
                (vp("punish", "", &["supplier"], "", &[], "obj", "163"), 3),
                (vp("punish", "", &[], "by", &["sanction"], "obj", "163"), 4),
                (
                    vp("punish", "", &[], "with", &["sanction"], "obj", "163"),
                    4
                ),
                (vp("punish", "", &["food"], "to", &[], "prep:to", "0234"), 5),
            ]
        );
        assert_eq!(
            stats.approximations.get("of-phrase folded into the object"),
            Some(&1)
        );
    }

    #[test]
    fn particles_and_prepositions_are_told_apart_by_what_follows() {
        let (p, _) = convert(
            "--- TAKE [---] ---\nTAKE\n+TAKE_OVER\n- * UP ARMS [190]\n- * ON + [040]\n- * IN [042]\n- * (ASIDE DIFFERENCES) [030]\n",
        );
        let got: Vec<(String, String, Vec<String>, String, String)> = p
            .verbs
            .iter()
            .map(|(v, _)| {
                (
                    v.lemma.clone(),
                    v.particle.clone(),
                    v.object.clone(),
                    v.prep.clone(),
                    v.target.clone(),
                )
            })
            .collect();
        let row = |l: &str, pa: &str, o: &[&str], pr: &str, t: &str| {
            (
                l.to_string(),
                pa.to_string(),
                o.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                pr.to_string(),
                t.to_string(),
            )
        };
        assert_eq!(
            got,
            vec![
                row("take", "up", &["arm"], "", "obj"),
                row("take", "over", &["arm"], "", "obj"),
                row("take", "", &[], "on", "prep:on"),
                row("take", "over", &[], "on", "prep:on"),
                row("take", "in", &[], "", "obj"),
                row("take", "over", &[], "in", "prep:in"),
                row("take", "aside", &["difference"], "", "obj"),
                row("take", "over", &["difference"], "", "obj"),
            ]
        );
    }

    #[test]
    fn a_synset_of_prepositions_is_read_as_prepositions() {
        // `&PREPOSIT1_` is defined with PETRARCH's "no plurals" mark and used without it.
        let (p, stats) = convert(
            "&PREPOSIT1_\n+AGAINST\n+ON\n\n--- ACT [100] ---\nACT\n- * &PREPOSIT1 RESOLUTION [102]\n",
        );
        assert_eq!(
            without_examples(&p.verbs),
            vec![
                (vp("act", "", &[], "", &[], "obj", "100"), 6),
                (
                    vp("act", "", &[], "against", &["resolution"], "obj", "102"),
                    7
                ),
                (vp("act", "", &[], "on", &["resolution"], "obj", "102"), 7),
            ]
        );
        assert_eq!(stats.patterns_converted, 1);
    }

    #[test]
    fn words_before_the_verb_are_kept_as_written_with_their_joins() {
        let (p, stats) = convert(
            "&NEGAUX\n+DID N'T\n+WILL NOT\n\n--- SPAR [120] ---\nSPAR\n- QUIETLY_&NEGAUX_EVER * (OVER BORDER) [111]\n- $ HARDLY ^ RECENTLY_* [112]\n- * NOT COOPERATE [113]\n",
        );
        let before = |words: &[&str], p: VerbPattern| VerbPattern {
            before: words.iter().map(|w| w.to_string()).collect(),
            ..p
        };
        assert_eq!(
            without_examples(&p.verbs),
            vec![
                (vp("spar", "", &[], "", &[], "obj", "120"), 6),
                (
                    before(
                        &["quietly_", "did n't|will not_", "ever"],
                        vp("spar", "", &[], "over", &["border"], "obj", "111")
                    ),
                    7
                ),
                // `$` and `^` are gaps; nothing after the verb is needed.
                (
                    before(
                        &["hardly", "recently_"],
                        vp("spar", "", &[], "", &[], "obj", "112")
                    ),
                    8
                ),
            ]
        );
        // A negation after the verb is still the event stage's.
        assert_eq!(stats.skipped.get("negation"), Some(&1));
    }

    #[test]
    fn nouns_written_apart_may_have_words_between_them() {
        let (p, _) = convert(
            "&KIND\n+TRADE\n+ARMS\n\n--- CUT [161] ---\nCUT\n- * CLOSER &KIND TIES [162]\n- * &KIND_TIES {BORDER POSTS} [163]\n",
        );
        assert_eq!(
            without_examples(&p.verbs),
            vec![
                (vp("cut", "", &[], "", &[], "obj", "161"), 6),
                (
                    vp(
                        "cut",
                        "",
                        &["closer ... trade ... tie", "closer ... arm ... tie"],
                        "",
                        &[],
                        "obj",
                        "162"
                    ),
                    7
                ),
                // `_` and `{…}` keep words side by side.
                (
                    vp(
                        "cut",
                        "",
                        &["trade tie ... border post", "arm tie ... border post"],
                        "",
                        &[],
                        "obj",
                        "163"
                    ),
                    8
                ),
            ]
        );
    }

    #[test]
    fn compound_actors_ask_for_a_coordination() {
        let (p, stats) = convert(
            "--- AGREE [081] ---\nAGREE\n- * WITH % [031]\n- % * [030:030]\n- % HAVE * TALKS [031]\n- % * (TO +) [032]\n- % * WITH % [033]\n",
        );
        let compound = |c: &str, reverse: &str, p: VerbPattern| VerbPattern {
            compound: c.into(),
            reverse: reverse.into(),
            ..p
        };
        assert_eq!(
            without_examples(&p.verbs),
            vec![
                (vp("agree", "", &[], "", &[], "obj", "081"), 2),
                (
                    compound(
                        "target",
                        "",
                        vp("agree", "", &[], "with", &[], "prep:with", "031")
                    ),
                    3
                ),
                // "X and Y agree": with no `+`, the conjuncts are each other's targets.
                (
                    compound(
                        "subject",
                        "030",
                        vp("agree", "", &[], "", &[], "none", "030")
                    ),
                    4
                ),
                (
                    VerbPattern {
                        before: vec!["have".into()],
                        ..compound(
                            "subject",
                            "",
                            vp("agree", "", &["talk"], "", &[], "none", "031"),
                        )
                    },
                    5
                ),
                (
                    compound(
                        "subject",
                        "",
                        vp("agree", "", &[], "to", &[], "prep:to", "032")
                    ),
                    6
                ),
            ]
        );
        assert_eq!(stats.skipped.get("two compound actors"), Some(&1));
    }

    #[test]
    fn nouns_are_made_singular_like_lemmas() {
        for (plural, lemma) in [
            ("sanctions", "sanction"),
            ("allies", "ally"),
            ("clashes", "clash"),
            ("taxes", "tax"),
            ("forces", "force"),
            ("losses", "loss"),
            ("gunmen", "gunman"),
            ("crises", "crisis"),
            ("talks", "talk"),
            ("news", "news"),
            ("border", "border"),
            ("process", "process"),
        ] {
            assert_eq!(singular(plural), lemma, "{plural}");
        }
    }

    #[test]
    fn the_phoenix_cameo_verbs_convert() {
        let path = Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/reference/phoenix-dictionaries/CAMEO.2.0.txt"
        ));
        if !path.exists() {
            eprintln!("SKIPPED: {} is absent", path.display());
            return;
        }
        let toy = Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/gold/petrarch2-unittest/PETR.Validate.verbs.txt"
        ));
        if toy.exists() {
            let (toy_patterns, toy_stats) = load_petrarch_patterns(toy).expect("toy converts");
            println!("{}:\n{toy_stats}", toy.display());
            assert!(!toy_patterns.verbs.is_empty());
        }
        let (patterns, stats) = load_petrarch_patterns(path).expect("CAMEO.2.0 converts");
        println!("{stats}");
        println!(
            "sitrep patterns: {} coded, {} blocked",
            patterns.verbs.len(),
            stats.blocked.len()
        );
        let book = crate::codebook::Codebook::load_default().expect("codebook");
        let problems = patterns.check(&book);
        let mut unknown: BTreeMap<String, usize> = BTreeMap::new();
        for (_, m) in &problems {
            if let Some(code) = m.split("unknown CAMEO code ").nth(1) {
                *unknown.entry(code.to_string()).or_default() += 1;
            }
        }
        println!(
            "checker: {} problems, {} of them unknown codes {:?}",
            problems.len(),
            unknown.values().sum::<usize>(),
            unknown
        );
        assert_eq!(stats.patterns, 4668);
        assert_eq!(
            stats.patterns_converted + stats.skipped.values().sum::<usize>(),
            stats.patterns
        );
        assert!(
            stats.patterns_converted * 10 >= stats.patterns * 8,
            "{stats}"
        );
        // The checker finds no conflicting duplicates, malformed targets or casing: only
        // codes our codebook lacks.
        assert_eq!(
            problems.len(),
            unknown.values().sum::<usize>(),
            "{:?}",
            problems.iter().take(10).collect::<Vec<_>>()
        );
    }
}

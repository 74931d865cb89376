//! Lemmas: a lookup of forms seen in training, then suffix rewrite rules learned from it.
//!
//! A rule says "for this tag, a word ending in these letters loses the last *n* letters and gains
//! these" (`NNS …ies → …y`, `VBD …pped → …p`). Rules are learned for suffixes of up to six
//! letters and the longest suffix with a rule wins, which handles most unseen English words.
//! Proper nouns keep their case; everything else is lowercased, as in UD English.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::binio::{BinError, Reader, Writer};
use crate::corpus::GoldSentence;
use crate::perceptron::{hash_str, mix, HashKeyMap};
use crate::tagger::lowercase;

const MAGIC: &[u8] = b"SITREP-LEMMA-2\n";
const MAX_SUFFIX: usize = 6;

/// A trained lemmatizer. Keys are hashes of (tag, text), so a lookup allocates nothing.
pub struct Lemmatizer {
    /// (xpos, form) → index into `lemmas`, for forms seen in training.
    known: HashKeyMap<u32>,
    lemmas: Vec<String>,
    /// (xpos, suffix) → (characters to strip, text to append).
    rules: HashKeyMap<(u8, String)>,
}

fn is_proper(xpos: &str) -> bool {
    xpos == "NNP" || xpos == "NNPS"
}

fn key(xpos: &str, s: &str) -> u64 {
    key_with_tag(hash_str(xpos), s)
}

fn key_with_tag(tag: u64, s: &str) -> u64 {
    mix(mix(0x1e33a, tag), hash_str(s))
}

/// The rewrite that turns `form` into `lemma`, on characters.
fn rule_for(form: &str, lemma: &str) -> Option<(u8, String)> {
    let common_bytes: usize = form
        .chars()
        .zip(lemma.chars())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    let strip = form[common_bytes..].chars().count();
    u8::try_from(strip)
        .ok()
        .map(|strip| (strip, lemma[common_bytes..].to_string()))
}

fn apply(form: &str, rule: &(u8, String)) -> Option<String> {
    let strip = usize::from(rule.0);
    let cut = if strip == 0 {
        form.len()
    } else {
        form.char_indices().rev().nth(strip - 1)?.0
    };
    if cut == 0 && rule.1.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(cut + rule.1.len());
    out.push_str(&form[..cut]);
    out.push_str(&rule.1);
    Some(out)
}

/// Byte offsets where the suffixes of 0..=MAX_SUFFIX characters start, shortest first.
fn suffix_starts(word: &str) -> impl Iterator<Item = usize> + '_ {
    std::iter::once(word.len()).chain(word.char_indices().rev().map(|(i, _)| i).take(MAX_SUFFIX))
}

impl Lemmatizer {
    /// Learns the lookup and the rules from gold sentences.
    pub fn train(train: &[GoldSentence]) -> Lemmatizer {
        let mut seen: HashMap<(String, String), HashMap<String, u32>> = HashMap::new();
        let mut rule_counts: HashMap<(String, String), HashMap<(u8, String), u32>> = HashMap::new();
        for s in train {
            for i in 0..s.len() {
                let (form, xpos, lemma) = (&s.forms[i], &s.xpos[i], &s.lemmas[i]);
                if lemma.is_empty() {
                    continue;
                }
                let entry = seen.entry((xpos.clone(), form.clone())).or_default();
                *entry.entry(lemma.clone()).or_default() += 1;
                let (base, target) = if is_proper(xpos) {
                    (form.clone(), lemma.clone())
                } else {
                    (form.to_lowercase(), lemma.to_lowercase())
                };
                let Some(rule) = rule_for(&base, &target) else {
                    continue;
                };
                for start in suffix_starts(&base) {
                    let counts = rule_counts
                        .entry((xpos.clone(), base[start..].to_string()))
                        .or_default();
                    *counts.entry(rule.clone()).or_default() += 1;
                }
            }
        }
        // Most frequent choice, ties broken by value so the result does not depend on order.
        fn best<T: Ord + Clone>(m: &HashMap<T, u32>) -> Option<T> {
            m.iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map(|(v, _)| v.clone())
        }
        let mut seen: Vec<_> = seen.into_iter().collect();
        seen.sort_by(|a, b| a.0.cmp(&b.0));
        let mut known = HashKeyMap::default();
        let mut lemmas = Vec::new();
        for ((xpos, form), counts) in seen {
            if let Some(lemma) = best(&counts) {
                known.insert(key(&xpos, &form), lemmas.len() as u32);
                lemmas.push(lemma);
            }
        }
        let rules = rule_counts
            .into_iter()
            .filter_map(|((xpos, suffix), counts)| best(&counts).map(|r| (key(&xpos, &suffix), r)))
            .collect();
        Lemmatizer {
            known,
            lemmas,
            rules,
        }
    }

    /// The lemma of `form` tagged `xpos`.
    pub fn lemma(&self, form: &str, xpos: &str) -> String {
        let tag = hash_str(xpos);
        if let Some(&i) = self.known.get(&key_with_tag(tag, form)) {
            return self.lemmas[i as usize].clone();
        }
        let base: Cow<str> = if is_proper(xpos) {
            Cow::Borrowed(form)
        } else {
            lowercase(form)
        };
        if !is_proper(xpos) {
            if let Some(&i) = self.known.get(&key_with_tag(tag, &base)) {
                return self.lemmas[i as usize].clone();
            }
        }
        let starts: Vec<usize> = suffix_starts(&base).collect();
        for &start in starts.iter().rev() {
            if let Some(rule) = self.rules.get(&key_with_tag(tag, &base[start..])) {
                if let Some(l) = apply(&base, rule) {
                    return l;
                }
            }
        }
        base.into_owned()
    }

    /// Lemma accuracy (percent) on gold sentences, using gold tags.
    pub fn accuracy(&self, gold: &[GoldSentence]) -> f64 {
        let (mut ok, mut n) = (0usize, 0usize);
        for s in gold {
            for i in 0..s.len() {
                ok += usize::from(self.lemma(&s.forms[i], &s.xpos[i]) == s.lemmas[i]);
                n += 1;
            }
        }
        100.0 * ok as f64 / n.max(1) as f64
    }

    /// Serializes the lemmatizer.
    pub fn write(&self, w: &mut Writer) {
        w.magic(MAGIC);
        let mut known: Vec<(u64, u32)> = self.known.iter().map(|(&k, &v)| (k, v)).collect();
        known.sort_unstable();
        w.u64s(&known.iter().map(|k| k.0).collect::<Vec<_>>());
        w.u32s(&known.iter().map(|k| k.1).collect::<Vec<_>>());
        w.strs(&self.lemmas);
        let mut rules: Vec<(&u64, &(u8, String))> = self.rules.iter().collect();
        rules.sort();
        w.u64s(&rules.iter().map(|r| *r.0).collect::<Vec<_>>());
        w.u16s(&rules.iter().map(|r| u16::from(r.1 .0)).collect::<Vec<_>>());
        w.strs(&rules.iter().map(|r| &r.1 .1).collect::<Vec<_>>());
    }

    /// Reads a lemmatizer written by [`Lemmatizer::write`].
    pub fn read(r: &mut Reader) -> Result<Lemmatizer, BinError> {
        r.expect_magic(MAGIC)?;
        let known_keys = r.u64s()?;
        let known_values = r.u32s()?;
        let lemmas = r.strs()?;
        let rule_keys = r.u64s()?;
        let strips = r.u16s()?;
        let appends = r.strs()?;
        if known_keys.len() != known_values.len()
            || rule_keys.len() != strips.len()
            || strips.len() != appends.len()
        {
            return Err(r.invalid("lemmatizer arrays differ in length"));
        }
        if known_values.iter().any(|&v| v as usize >= lemmas.len()) {
            return Err(r.invalid("lemma index out of range"));
        }
        let rules = rule_keys
            .into_iter()
            .zip(strips.into_iter().zip(appends))
            .map(|(k, (s, a))| (k, (s.min(255) as u8, a)))
            .collect();
        Ok(Lemmatizer {
            known: known_keys.into_iter().zip(known_values).collect(),
            lemmas,
            rules,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence(words: &[(&str, &str, &str)]) -> GoldSentence {
        let mut g = GoldSentence::default();
        for (f, x, l) in words {
            g.forms.push(f.to_string());
            g.xpos.push(x.to_string());
            g.lemmas.push(l.to_string());
        }
        g
    }

    #[test]
    fn learned_rules_reach_unseen_words() {
        let train = [sentence(&[
            ("cities", "NNS", "city"),
            ("parties", "NNS", "party"),
            ("stopped", "VBD", "stop"),
            ("dropped", "VBD", "drop"),
            ("talks", "NNS", "talk"),
            ("groups", "NNS", "group"),
            ("sanctions", "NNS", "sanction"),
            ("militants", "NNS", "militant"),
            ("Kyiv", "NNP", "Kyiv"),
            ("Talks", "NN", "talk"),
        ])];
        let lem = Lemmatizer::train(&train);
        assert_eq!(lem.lemma("militias", "NNS"), "militia");
        assert_eq!(lem.lemma("countries", "NNS"), "country");
        assert_eq!(lem.lemma("shipped", "VBD"), "ship");
        assert_eq!(lem.lemma("Geneva", "NNP"), "Geneva");
        assert_eq!(lem.lemma("Cities", "NNS"), "city");
    }
}

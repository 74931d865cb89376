//! Part-of-speech tagging: UPOS and XPOS predicted together as one joint label by a greedy
//! left-to-right averaged perceptron.
//!
//! Features follow the classic recipe (Ratnaparkhi 1996; Collins 2002) with two additions that
//! matter on web text: the *ambiguity class* of the next words (the set of tags they took in
//! training) stands in for the tags not yet predicted on the right, and frequent words that
//! always took one tag skip the model altogether.

use std::collections::HashMap;

use crate::binio::{BinError, Reader, Writer};
use crate::corpus::{GoldSentence, Rng};
use crate::perceptron::{argmax_where, feat, hash_str, mix, Frozen, HashKeyMap, Trainer};

const MAGIC: &[u8] = b"SITREP-TAGGER-1\n";

/// A trained tagger.
pub struct Tagger {
    /// Joint labels `UPOS|XPOS`, indexed by class.
    labels: Vec<String>,
    upos: Vec<String>,
    xpos: Vec<String>,
    /// Hash of each joint label, the parser's view of a tag.
    label_hashes: Vec<u64>,
    model: Frozen,
    /// The second pass, which also reads the first pass's tags on the right.
    second: Option<Frozen>,
    /// Exact forms that took a single tag in training often enough to trust it.
    tag_dict: HashKeyMap<u16>,
    /// Lowercased form → hash of the set of tags it took in training.
    ambiguity: HashKeyMap<u64>,
}

/// Per-word values hashed once per sentence, so features are a few multiplies each.
#[derive(Clone, Copy, Default)]
struct WordKeys {
    form: u64,
    lower: u64,
    suffix: [u64; 4],
    prefix: [u64; 3],
    shape: u64,
    ambiguity: u64,
    /// The part after the last hyphen of a hyphenated word, else the lowercased form.
    last_part: u64,
}

/// Words seen fewer times than this in training are treated as unknown by the ambiguity-class
/// features.
const MIN_AMBIGUITY_COUNT: u32 = 5;

const PAD_BEFORE: u64 = 0x0b5e_55ed;
const PAD_AFTER: u64 = 0xaf7e_12ed;
const NO_TAG: u64 = 0xffff;

fn word_shape(form: &str) -> u64 {
    let mut h = 0u64;
    let mut last = '\0';
    let mut run = 0;
    for c in form.chars() {
        let class = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if class == last {
            run += 1;
            if run >= 2 {
                continue;
            }
        } else {
            run = 0;
        }
        last = class;
        h = mix(h, class as u64);
    }
    h
}

/// Hashes of the last 1–4 and first 1–3 characters, without allocating.
fn affixes(lower: &str) -> ([u64; 4], [u64; 3]) {
    let mut suffix = [0u64; 4];
    let mut prefix = [0u64; 3];
    let mut starts = lower.char_indices().rev().map(|(i, _)| i);
    let mut start = lower.len();
    for s in suffix.iter_mut() {
        start = starts.next().unwrap_or(0).min(start);
        *s = hash_str(&lower[start..]);
    }
    let mut ends = lower.char_indices().map(|(i, c)| i + c.len_utf8());
    let mut end = 0;
    for p in prefix.iter_mut() {
        end = ends.next().unwrap_or(lower.len()).max(end);
        *p = hash_str(&lower[..end]);
    }
    (suffix, prefix)
}

/// Lowercases, borrowing when the form is already lowercase ASCII (most words).
pub(crate) fn lowercase(form: &str) -> std::borrow::Cow<'_, str> {
    if form
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        std::borrow::Cow::Borrowed(form)
    } else {
        std::borrow::Cow::Owned(form.to_lowercase())
    }
}

fn word_keys(form: &str, ambiguity: &HashKeyMap<u64>) -> WordKeys {
    let lower = lowercase(form);
    let lower_hash = hash_str(&lower);
    let (suffix, prefix) = affixes(&lower);
    let last_part = match lower.rfind('-') {
        Some(i) if i + 1 < lower.len() && i > 0 => hash_str(&lower[i + 1..]),
        _ => lower_hash,
    };
    let shape = word_shape(form);
    WordKeys {
        form: hash_str(form),
        lower: lower_hash,
        suffix,
        prefix,
        shape,
        ambiguity: ambiguity
            .get(&lower_hash)
            .copied()
            .unwrap_or_else(|| mix(0xa3b1, shape)),
        last_part,
    }
}

/// Fills `out` with the features of word `i`, given the tags already chosen on its left.
fn features(words: &[WordKeys], i: usize, tags: &[u16], right: Option<&[u16]>, out: &mut Vec<u64>) {
    out.clear();
    let w = |k: isize| -> Option<&WordKeys> {
        let j = i as isize + k;
        if j < 0 {
            None
        } else {
            words.get(j as usize)
        }
    };
    let lower = |k: isize| w(k).map_or(if k < 0 { PAD_BEFORE } else { PAD_AFTER }, |x| x.lower);
    let amb = |k: isize| w(k).map_or(if k < 0 { PAD_BEFORE } else { PAD_AFTER }, |x| x.ambiguity);
    let tag = |k: usize| {
        if i >= k {
            u64::from(tags[i - k])
        } else {
            NO_TAG
        }
    };
    let w0 = &words[i];
    let t1 = tag(1);
    let t2 = tag(2);
    out.extend_from_slice(&[
        feat(1, &[]),
        feat(2, &[w0.form]),
        feat(3, &[w0.lower]),
        feat(4, &[w0.suffix[0]]),
        feat(5, &[w0.suffix[1]]),
        feat(6, &[w0.suffix[2]]),
        feat(7, &[w0.suffix[3]]),
        feat(8, &[w0.prefix[0]]),
        feat(9, &[w0.prefix[1]]),
        feat(10, &[w0.prefix[2]]),
        feat(11, &[w0.shape]),
        feat(12, &[lower(-1)]),
        feat(13, &[lower(1)]),
        feat(14, &[lower(-2)]),
        feat(15, &[lower(2)]),
        feat(16, &[t1]),
        feat(17, &[t2]),
        feat(18, &[t1, t2]),
        feat(19, &[t1, w0.lower]),
        feat(20, &[amb(1)]),
        feat(21, &[amb(2)]),
        feat(22, &[amb(1), w0.lower]),
        feat(23, &[w(-1).map_or(PAD_BEFORE, |x| x.suffix[2])]),
        feat(24, &[w(1).map_or(PAD_AFTER, |x| x.suffix[2])]),
        feat(25, &[w0.lower, lower(1)]),
        feat(26, &[lower(-1), w0.lower]),
        feat(27, &[w0.shape, u64::from(i == 0)]),
        feat(28, &[w0.ambiguity]),
        feat(29, &[t1, w0.ambiguity]),
        feat(30, &[w(1).map_or(PAD_AFTER, |x| x.shape)]),
        feat(31, &[w0.last_part]),
        feat(32, &[t1, amb(1)]),
        feat(33, &[w0.ambiguity, amb(1)]),
        feat(
            34,
            &[w0.suffix[2], w(-1).map_or(PAD_BEFORE, |x| x.suffix[1])],
        ),
        feat(35, &[t1, w0.lower, amb(1)]),
        feat(36, &[amb(1), amb(2)]),
        feat(37, &[w0.lower, lower(2)]),
        feat(38, &[w0.ambiguity, amb(1), amb(2)]),
        feat(39, &[t1, t2, w0.ambiguity]),
    ]);
    if let Some(right) = right {
        // Second pass: the first pass's tags of the words to the right.
        let r = |k: usize| right.get(i + k).map_or(NO_TAG, |&t| u64::from(t));
        let (r1, r2) = (r(1), r(2));
        out.extend_from_slice(&[
            feat(40, &[r1]),
            feat(41, &[r2]),
            feat(42, &[t1, r1]),
            feat(43, &[w0.lower, r1]),
            feat(44, &[r1, r2]),
            feat(45, &[w0.ambiguity, r1]),
            feat(46, &[r(0)]),
            feat(47, &[w0.lower, r(0)]),
        ]);
    }
}

/// Settings for [`Tagger::train`].
#[derive(Clone, Debug)]
pub struct TaggerConfig {
    /// Passes over the training data.
    pub epochs: usize,
    /// Shuffling seed.
    pub seed: u64,
    /// Averaged weights below this are dropped from the saved model.
    pub min_weight: f32,
    /// Run a second left-to-right pass that also sees the first pass's tags on the right.
    pub two_pass: bool,
    /// Folds for the first-pass tags the second pass is trained on.
    pub folds: usize,
    /// Threads for those folds.
    pub threads: usize,
    /// Report dev accuracy at several pruning thresholds (for choosing `min_weight`).
    pub prune_report: bool,
}

impl Default for TaggerConfig {
    fn default() -> Self {
        TaggerConfig {
            epochs: 6,
            seed: 1,
            min_weight: 0.0,
            two_pass: true,
            folds: 5,
            threads: 2,
            prune_report: false,
        }
    }
}

/// Runs the perceptron epochs of one pass over the sentences in `subset`.
fn train_pass(
    keys: &[Vec<WordKeys>],
    gold_ids: &[Vec<u16>],
    right: Option<&[Vec<u16>]>,
    subset: &[usize],
    n_labels: usize,
    config: &TaggerConfig,
    report: &mut dyn FnMut(String),
) -> Frozen {
    let mut trainer = Trainer::new(n_labels);
    let mut order: Vec<usize> = subset.to_vec();
    let mut rng = Rng::new(config.seed);
    let mut feats = Vec::with_capacity(64);
    let mut scores = vec![0.0f32; n_labels];
    let mut history: Vec<u16> = Vec::new();
    for epoch in 0..config.epochs {
        rng.shuffle(&mut order);
        let (mut correct, mut total) = (0usize, 0usize);
        for &si in &order {
            let words = &keys[si];
            let gold = &gold_ids[si];
            let right_tags = right.map(|r| r[si].as_slice());
            history.clear();
            for (i, &truth) in gold.iter().enumerate().take(words.len()) {
                features(words, i, &history, right_tags, &mut feats);
                trainer.tick();
                trainer.score(&feats, &mut scores);
                let guess = argmax_where(&scores, |_| true).unwrap_or(0);
                trainer.update(&feats, truth as usize, guess);
                correct += usize::from(guess == truth as usize);
                total += 1;
                history.push(guess as u16);
            }
        }
        report(format!(
            "tagger {} pass, epoch {}: train accuracy {:.2}%",
            if right.is_some() { "second" } else { "first" },
            epoch + 1,
            100.0 * correct as f64 / total.max(1) as f64
        ));
    }
    trainer.freeze(config.min_weight)
}

impl Tagger {
    /// Trains a tagger on `train`. `report` receives a line per epoch (with dev accuracy when
    /// `dev` is not empty).
    pub fn train(
        train: &[GoldSentence],
        dev: &[GoldSentence],
        config: &TaggerConfig,
        report: &mut dyn FnMut(String),
    ) -> Tagger {
        let mut label_ids: HashMap<String, u16> = HashMap::new();
        let mut labels: Vec<String> = Vec::new();
        let mut counts: HashMap<u64, HashMap<u16, u32>> = HashMap::new();
        let mut lower_tags: HashMap<u64, Vec<u16>> = HashMap::new();
        let mut lower_counts: HashMap<u64, u32> = HashMap::new();
        let mut gold_ids: Vec<Vec<u16>> = Vec::with_capacity(train.len());
        // Labels are numbered in sorted order so the model does not depend on data order.
        let mut all: Vec<String> = train
            .iter()
            .flat_map(|s| (0..s.len()).map(move |i| s.joint_tag(i)))
            .collect();
        all.sort();
        all.dedup();
        for l in all {
            label_ids.insert(l.clone(), labels.len() as u16);
            labels.push(l);
        }
        for s in train {
            let ids: Vec<u16> = (0..s.len()).map(|i| label_ids[&s.joint_tag(i)]).collect();
            for (form, &id) in s.forms.iter().zip(&ids) {
                *counts
                    .entry(hash_str(form))
                    .or_default()
                    .entry(id)
                    .or_default() += 1;
                let lower = hash_str(&lowercase(form));
                *lower_counts.entry(lower).or_default() += 1;
                let tags = lower_tags.entry(lower).or_default();
                if !tags.contains(&id) {
                    tags.push(id);
                }
            }
            gold_ids.push(ids);
        }
        let mut tag_dict = HashKeyMap::default();
        for (form, by_tag) in &counts {
            let total: u32 = by_tag.values().sum();
            if let Some((&tag, &n)) = by_tag
                .iter()
                .max_by_key(|(t, n)| (**n, std::cmp::Reverse(**t)))
            {
                if total >= 20 && f64::from(n) / f64::from(total) >= 0.995 {
                    tag_dict.insert(*form, tag);
                }
            }
        }
        // Rare training words get no ambiguity class, exactly like unseen words at run time;
        // otherwise the model learns to lean on a feature that unseen words never have.
        let ambiguity: HashKeyMap<u64> = lower_tags
            .into_iter()
            .filter(|(w, _)| lower_counts.get(w).copied().unwrap_or(0) >= MIN_AMBIGUITY_COUNT)
            .map(|(w, mut tags)| {
                tags.sort_unstable();
                (w, tags.iter().fold(0xa4b1u64, |h, &t| mix(h, u64::from(t))))
            })
            .collect();
        let (upos, xpos) = split_labels(&labels);
        let label_hashes = labels.iter().map(|l| hash_str(l)).collect();
        let mut tagger = Tagger {
            labels,
            upos,
            xpos,
            label_hashes,
            model: Trainer::new(1).freeze(0.0),
            second: None,
            tag_dict,
            ambiguity,
        };
        let keys: Vec<Vec<WordKeys>> = train
            .iter()
            .map(|s| {
                s.forms
                    .iter()
                    .map(|f| word_keys(f, &tagger.ambiguity))
                    .collect()
            })
            .collect();
        let n_labels = tagger.labels.len();
        let all: Vec<usize> = (0..train.len()).collect();
        tagger.model = train_pass(&keys, &gold_ids, None, &all, n_labels, config, report);
        if config.two_pass {
            // First-pass tags for the training data come from models that did not see the
            // sentence, so the second pass learns how far to trust them.
            let folds = config.folds.max(2);
            let mut first_tags: Vec<Vec<u16>> = vec![Vec::new(); train.len()];
            let fold_models: Vec<(usize, Frozen)> = std::thread::scope(|scope| {
                let mut out = Vec::new();
                for batch in (0..folds).collect::<Vec<_>>().chunks(config.threads.max(1)) {
                    let handles: Vec<_> = batch
                        .iter()
                        .map(|&k| {
                            let (keys, gold_ids) = (&keys, &gold_ids);
                            scope.spawn(move || {
                                let rest: Vec<usize> =
                                    (0..keys.len()).filter(|i| i % folds != k).collect();
                                (
                                    k,
                                    train_pass(
                                        keys,
                                        gold_ids,
                                        None,
                                        &rest,
                                        n_labels,
                                        config,
                                        &mut |_| {},
                                    ),
                                )
                            })
                        })
                        .collect();
                    out.extend(handles.into_iter().filter_map(|h| h.join().ok()));
                }
                out
            });
            for (k, model) in &fold_models {
                for si in (0..train.len()).filter(|i| i % folds == *k) {
                    first_tags[si] = tag_pass(model, &keys[si], &tagger.tag_dict, None);
                }
            }
            tagger.second = Some(train_pass(
                &keys,
                &gold_ids,
                Some(&first_tags),
                &all,
                n_labels,
                config,
                report,
            ));
        }
        if config.prune_report && !dev.is_empty() {
            // What pruning costs, to choose `min_weight`.
            let (full_first, full_second) = (tagger.model.clone(), tagger.second.clone());
            for threshold in [0.5f32, 1.0, 2.0, 4.0] {
                tagger.model = full_first.pruned(threshold);
                tagger.second = full_second.as_ref().map(|m| m.pruned(threshold));
                let acc = tagger.accuracy(dev);
                let size = tagger.model.size_bytes()
                    + tagger.second.as_ref().map_or(0, |m| m.size_bytes());
                report(format!(
                    "tagger pruned at {threshold}: {:.1} MB, dev UPOS {:.2}% XPOS {:.2}%",
                    size as f64 / 1e6,
                    acc.0,
                    acc.1
                ));
            }
            tagger.model = full_first;
            tagger.second = full_second;
        }
        if !dev.is_empty() {
            let acc = tagger.accuracy(dev);
            report(format!("tagger: dev UPOS {:.2}% XPOS {:.2}%", acc.0, acc.1));
        }
        report(format!(
            "tagger: {} features, {} labels",
            tagger.model.n_features(),
            tagger.labels.len()
        ));
        tagger
    }

    /// UPOS and XPOS accuracy (percent) on gold sentences with gold tokens.
    pub fn accuracy(&self, gold: &[GoldSentence]) -> (f64, f64) {
        let (mut u, mut x, mut n) = (0usize, 0usize, 0usize);
        let mut tags = Vec::new();
        for s in gold {
            let forms: Vec<&str> = s.forms.iter().map(|f| f.as_str()).collect();
            self.tag(&forms, &mut tags);
            for (i, &t) in tags.iter().enumerate() {
                u += usize::from(self.upos(t) == s.upos[i]);
                x += usize::from(self.xpos(t) == s.xpos[i]);
                n += 1;
            }
        }
        (
            100.0 * u as f64 / n.max(1) as f64,
            100.0 * x as f64 / n.max(1) as f64,
        )
    }

    /// Tags one sentence; `out` receives a label id per word.
    pub fn tag(&self, forms: &[&str], out: &mut Vec<u16>) {
        let words: Vec<WordKeys> = forms
            .iter()
            .map(|f| word_keys(f, &self.ambiguity))
            .collect();
        let mut margins = Vec::with_capacity(words.len());
        let first = tag_pass_gated(
            &self.model,
            &words,
            &self.tag_dict,
            None,
            None,
            &mut margins,
        );
        *out = match &self.second {
            Some(second) => {
                // The second pass only revisits words the first pass was unsure of; elsewhere
                // it almost always agrees with the first pass.
                let sure: Vec<bool> = margins.iter().map(|&m| m >= SECOND_PASS_MARGIN).collect();
                tag_pass_gated(
                    second,
                    &words,
                    &self.tag_dict,
                    Some(&first),
                    Some(&sure),
                    &mut margins,
                )
            }
            None => first,
        };
        self.verb_after_modal(forms, out);
    }

    /// "Israel would free prisoners", "the talks will shape policy": after a modal that follows
    /// its subject, the next word (past adverbs) is a verb's base form. The tagger, reading
    /// words mostly seen as adjectives or nouns ("free", "shape"), gets this wrong often enough
    /// on wire text to hide whole events. In EWT train and GUM news, of some 3,400 words after a
    /// modal (past adverbs), 3,106 are base-form verbs and 28 adjectives or nouns, nearly all in
    /// questions ("Can rabbits swim?"), which the subject test leaves alone.
    fn verb_after_modal(&self, forms: &[&str], tags: &mut [u16]) {
        let label = |upos: &str, xpos: &str| {
            (0..self.labels.len()).find(|&i| self.upos[i] == upos && self.xpos[i] == xpos)
        };
        let Some(base_verb) = label("VERB", "VB") else {
            return;
        };
        let xpos = |tags: &[u16], i: usize| self.xpos[tags[i] as usize].as_str();
        for m in 1..tags.len() {
            let subject_before = matches!(
                xpos(tags, m - 1),
                "NN" | "NNS" | "NNP" | "NNPS" | "PRP" | "CD"
            );
            if xpos(tags, m) != "MD" || !subject_before {
                continue;
            }
            let mut v = m + 1;
            while v < tags.len() && matches!(xpos(tags, v), "RB" | "RBR" | "RBS") {
                v += 1;
            }
            let Some(form) = forms.get(v) else {
                continue;
            };
            let lower_case = form.chars().next().is_some_and(char::is_lowercase);
            if lower_case && matches!(xpos(tags, v), "JJ" | "NN" | "NNS") {
                tags[v] = base_verb as u16;
            }
        }
    }

    /// The hash of a label id's joint label, as the parser reads tags.
    pub fn tag_hash(&self, id: u16) -> u64 {
        self.label_hashes[id as usize]
    }

    /// The UPOS of a label id.
    pub fn upos(&self, id: u16) -> &str {
        &self.upos[id as usize]
    }

    /// The XPOS of a label id.
    pub fn xpos(&self, id: u16) -> &str {
        &self.xpos[id as usize]
    }

    /// Serializes the tagger.
    pub fn write(&self, w: &mut Writer) {
        w.magic(MAGIC);
        w.strs(&self.labels);
        let mut dict: Vec<(u64, u16)> = self.tag_dict.iter().map(|(&k, &v)| (k, v)).collect();
        dict.sort_unstable();
        w.u64s(&dict.iter().map(|d| d.0).collect::<Vec<_>>());
        w.u16s(&dict.iter().map(|d| d.1).collect::<Vec<_>>());
        let mut amb: Vec<(u64, u64)> = self.ambiguity.iter().map(|(&k, &v)| (k, v)).collect();
        amb.sort_unstable();
        w.u64s(&amb.iter().map(|d| d.0).collect::<Vec<_>>());
        w.u64s(&amb.iter().map(|d| d.1).collect::<Vec<_>>());
        self.model.write(w);
        w.u64(u64::from(self.second.is_some()));
        if let Some(second) = &self.second {
            second.write(w);
        }
    }

    /// Reads a tagger written by [`Tagger::write`].
    pub fn read(r: &mut Reader) -> Result<Tagger, BinError> {
        r.expect_magic(MAGIC)?;
        let labels = r.strs()?;
        let dict_keys = r.u64s()?;
        let dict_tags = r.u16s()?;
        let amb_keys = r.u64s()?;
        let amb_values = r.u64s()?;
        let model = Frozen::read(r)?;
        let second = if r.u64()? == 1 {
            Some(Frozen::read(r)?)
        } else {
            None
        };
        if second
            .as_ref()
            .is_some_and(|m| m.n_classes() != labels.len())
        {
            return Err(r.invalid("second-pass tagger has another label set"));
        }
        if dict_keys.len() != dict_tags.len() || amb_keys.len() != amb_values.len() {
            return Err(r.invalid("tagger dictionary arrays differ in length"));
        }
        if model.n_classes() != labels.len()
            || dict_tags.iter().any(|&t| t as usize >= labels.len())
        {
            return Err(r.invalid("tagger refers to a label it does not have"));
        }
        let (upos, xpos) = split_labels(&labels);
        let label_hashes = labels.iter().map(|l| hash_str(l)).collect();
        Ok(Tagger {
            labels,
            upos,
            xpos,
            label_hashes,
            model,
            second,
            tag_dict: dict_keys.into_iter().zip(dict_tags).collect(),
            ambiguity: amb_keys.into_iter().zip(amb_values).collect(),
        })
    }
}

/// First-pass margin (best score minus the runner-up, in averaged-weight units) above which the
/// second pass leaves a word alone. Chosen on EWT dev: at 20 the second pass scores about a
/// fifth of the words, tagging runs twice as fast, and UPOS moves by -0.02 points (UAS -0.05).
const SECOND_PASS_MARGIN: f32 = 20.0;

/// One greedy left-to-right pass.
fn tag_pass(
    model: &Frozen,
    words: &[WordKeys],
    tag_dict: &HashKeyMap<u16>,
    right: Option<&[u16]>,
) -> Vec<u16> {
    tag_pass_gated(model, words, tag_dict, right, None, &mut Vec::new())
}

/// One greedy left-to-right pass. With `sure`, words marked sure keep the tag in `right` (the
/// first pass's) without being scored again; `margins` receives, per word, how far the best
/// score stood above the second best (infinite for tag-dictionary words).
fn tag_pass_gated(
    model: &Frozen,
    words: &[WordKeys],
    tag_dict: &HashKeyMap<u16>,
    right: Option<&[u16]>,
    sure: Option<&[bool]>,
    margins: &mut Vec<f32>,
) -> Vec<u16> {
    let mut out = Vec::with_capacity(words.len());
    let mut feats = Vec::with_capacity(64);
    let mut scores = vec![0.0f32; model.n_classes()];
    margins.clear();
    for i in 0..words.len() {
        if let Some(&t) = tag_dict.get(&words[i].form) {
            out.push(t);
            margins.push(f32::INFINITY);
            continue;
        }
        if let (Some(sure), Some(right)) = (sure, right) {
            if sure[i] {
                out.push(right[i]);
                margins.push(f32::INFINITY);
                continue;
            }
        }
        features(words, i, &out, right, &mut feats);
        model.score(&feats, &mut scores);
        let best = argmax_where(&scores, |_| true).unwrap_or(0);
        let second = scores
            .iter()
            .enumerate()
            .filter(|&(c, _)| c != best)
            .map(|(_, &s)| s)
            .fold(f32::NEG_INFINITY, f32::max);
        margins.push(scores[best] - second);
        out.push(best as u16);
    }
    out
}

fn split_labels(labels: &[String]) -> (Vec<String>, Vec<String>) {
    labels
        .iter()
        .map(|l| match l.split_once('|') {
            Some((u, x)) => (u.to_string(), x.to_string()),
            None => (l.clone(), l.clone()),
        })
        .unzip()
}

//! Labelled dependency parsing: a greedy arc-eager transition parser (Nivre 2003) with the
//! root at the end of the buffer (Ballesteros & Nivre 2013), the rich non-local features of
//! Zhang & Nivre (2011), and training with the dynamic oracle and exploration of Goldberg &
//! Nivre (2012).
//!
//! One perceptron predicts the move and the relation together (shift, reduce, left arc with
//! relation *r*, right arc with relation *r*): on EWT dev this joint model beat a separate
//! relation classifier by about 1 UAS and 1.5 LAS, because the relation decision sees the whole
//! configuration. Greedy decoding is linear in the sentence length, which is what lets sitrep
//! parse years of news on a laptop.

use std::collections::HashMap;

use crate::binio::{BinError, Reader, Writer};
use crate::corpus::Rng;
use crate::perceptron::{argmax_where, feat, hash_str, Frozen, Trainer};

const MAGIC: &[u8] = b"SITREP-PARSER-1\n";

const SHIFT: usize = 0;
const REDUCE: usize = 1;
const LEFT: usize = 2;
const RIGHT: usize = 3;
const N_MOVES: usize = 4;

const NONE: usize = usize::MAX;
const NONE_VALUE: u64 = 0x6e6f_6e65;
const ROOT_VALUE: u64 = 0x726f_6f74;
const NO_LABEL: u16 = u16::MAX;

/// One sentence as the parser reads it: the words and a hash of each word's tag.
pub struct ParserInput<'a> {
    /// Word forms.
    pub forms: &'a [&'a str],
    /// Hashes of the tags ([`crate::perceptron::hash_str`] of the tagger's joint label), so
    /// taggers trained on different folds agree on what a tag is.
    pub tags: &'a [u64],
}

/// A parse: heads 1-based with 0 for the root (CoNLL-U), and relation names.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parse {
    /// Head of each word.
    pub heads: Vec<usize>,
    /// Relation of each word to its head.
    pub labels: Vec<String>,
}

/// A trained parser.
pub struct Parser {
    labels: Vec<String>,
    root_label: u16,
    /// The relation given to extra roots when they are attached to the first.
    parataxis_label: u16,
    /// Classes: shift, reduce, left arc with each relation, right arc with each relation.
    moves: Frozen,
}

fn parataxis_label(labels: &[String], root_label: u16) -> u16 {
    labels
        .iter()
        .position(|l| l == "parataxis")
        .map_or(root_label, |i| i as u16)
}

/// Whether a word is punctuation, which UD never makes a head. Read from the form, not the
/// tag, so a mistagged word keeps its dependents; symbols that head numbers ("$", "%") are
/// not punctuation.
fn is_punct(form: &str) -> bool {
    !form.is_empty()
        && form.chars().all(|c| {
            matches!(
                c,
                '.' | ','
                    | ';'
                    | ':'
                    | '!'
                    | '?'
                    | '\''
                    | '"'
                    | '`'
                    | '('
                    | ')'
                    | '['
                    | ']'
                    | '{'
                    | '}'
                    | '-'
                    | '–'
                    | '—'
                    | '…'
                    | '“'
                    | '”'
                    | '‘'
                    | '’'
                    | '«'
                    | '»'
            )
        })
}

/// Punctuation heads nothing in UD: a word the parser hung on a punctuation mark hangs on
/// that mark's nearest non-punctuation ancestor instead (its relation kept). Heads are
/// 0-based; any value `>= heads.len()` is the root. The new head is an ancestor, so no cycle
/// appears.
fn rehang_off_punctuation(heads: &mut [usize], punct: &[bool]) {
    let n = heads.len();
    for d in 0..n {
        if punct[d] {
            continue;
        }
        let mut h = heads[d];
        let mut steps = 0;
        while h < n && punct[h] && steps < n {
            h = heads[h];
            steps += 1;
        }
        if h != d {
            heads[d] = h;
        }
    }
}

/// The parser configuration: stack, buffer front, and the partial tree with the child
/// summaries the features read.
struct State {
    n: usize,
    stack: Vec<usize>,
    front: usize,
    heads: Vec<usize>,
    labels: Vec<u16>,
    left1: Vec<usize>,
    left2: Vec<usize>,
    right1: Vec<usize>,
    right2: Vec<usize>,
    left_count: Vec<u8>,
    right_count: Vec<u8>,
    left_labels: Vec<u64>,
    right_labels: Vec<u64>,
}

impl State {
    fn new(n: usize) -> State {
        let m = n + 1;
        State {
            n,
            stack: Vec::with_capacity(n),
            front: 0,
            heads: vec![NONE; m],
            labels: vec![NO_LABEL; m],
            left1: vec![NONE; m],
            left2: vec![NONE; m],
            right1: vec![NONE; m],
            right2: vec![NONE; m],
            left_count: vec![0; m],
            right_count: vec![0; m],
            left_labels: vec![0; m],
            right_labels: vec![0; m],
        }
    }

    fn is_final(&self) -> bool {
        self.stack.is_empty() && self.front == self.n
    }

    fn s0(&self) -> usize {
        self.stack.last().copied().unwrap_or(NONE)
    }

    fn legal(&self, mv: usize) -> bool {
        let s0 = self.s0();
        match mv {
            SHIFT => self.front < self.n,
            REDUCE => s0 != NONE && self.heads[s0] != NONE,
            LEFT => s0 != NONE && self.heads[s0] == NONE,
            RIGHT => s0 != NONE && self.front < self.n,
            _ => false,
        }
    }

    fn add_arc(&mut self, head: usize, dep: usize, label: u16) {
        self.heads[dep] = head;
        self.labels[dep] = label;
        let bit = 1u64 << (label % 64);
        if dep < head {
            if self.left1[head] == NONE || dep < self.left1[head] {
                self.left2[head] = self.left1[head];
                self.left1[head] = dep;
            } else if self.left2[head] == NONE || dep < self.left2[head] {
                self.left2[head] = dep;
            }
            self.left_count[head] = self.left_count[head].saturating_add(1);
            self.left_labels[head] |= bit;
        } else {
            if self.right1[head] == NONE || dep > self.right1[head] {
                self.right2[head] = self.right1[head];
                self.right1[head] = dep;
            } else if self.right2[head] == NONE || dep > self.right2[head] {
                self.right2[head] = dep;
            }
            self.right_count[head] = self.right_count[head].saturating_add(1);
            self.right_labels[head] |= bit;
        }
    }

    /// The (head, dependent) of the arc a move makes, if it makes one.
    fn arc_of(&self, mv: usize) -> Option<(usize, usize)> {
        match mv {
            LEFT => Some((self.front, self.s0())),
            RIGHT => Some((self.s0(), self.front)),
            _ => None,
        }
    }

    fn apply(&mut self, mv: usize, label: u16) {
        match mv {
            SHIFT => {
                self.stack.push(self.front);
                self.front += 1;
            }
            REDUCE => {
                self.stack.pop();
            }
            LEFT => {
                let s0 = self.stack.pop().unwrap_or(NONE);
                self.add_arc(self.front, s0, label);
            }
            _ => {
                let s0 = self.s0();
                self.add_arc(s0, self.front, label);
                self.stack.push(self.front);
                self.front += 1;
            }
        }
    }

    /// Gold arcs a move makes unreachable (Goldberg & Nivre 2012, arc-eager).
    fn cost(
        &self,
        mv: usize,
        gold: &[usize],
        gold_children: &[Vec<usize>],
        in_stack: &[bool],
    ) -> usize {
        let s0 = self.s0();
        let b = self.front;
        let in_buffer = |k: usize| k >= b;
        let headless_in_stack = |k: usize| in_stack[k] && self.heads[k] == NONE;
        match mv {
            LEFT => {
                let mut c = usize::from(gold[s0] != b && in_buffer(gold[s0]));
                c += gold_children[s0].iter().filter(|&&k| in_buffer(k)).count();
                c
            }
            RIGHT => {
                let g = gold[b];
                let mut c = usize::from(g != s0 && (in_stack[g] || in_buffer(g)));
                c += gold_children[b]
                    .iter()
                    .filter(|&&k| headless_in_stack(k))
                    .count();
                c
            }
            REDUCE => gold_children[s0].iter().filter(|&&k| in_buffer(k)).count(),
            _ => {
                let mut c = usize::from(in_stack[gold[b]]);
                c += gold_children[b]
                    .iter()
                    .filter(|&&k| headless_in_stack(k))
                    .count();
                c
            }
        }
    }
}

/// Static per-word values: hashes of the lowercased form and the tag.
struct Words {
    word: Vec<u64>,
    tag: Vec<u64>,
    suffix: Vec<u64>,
    is_punct: Vec<bool>,
}

impl Words {
    fn new(input: &ParserInput) -> Words {
        let mut word = Vec::with_capacity(input.forms.len() + 1);
        let mut suffix = Vec::with_capacity(input.forms.len() + 1);
        for f in input.forms {
            let lower = f.to_lowercase();
            word.push(hash_str(&lower));
            let cut = lower.char_indices().rev().nth(2).map_or(0, |(i, _)| i);
            suffix.push(hash_str(&lower[cut..]));
        }
        word.push(ROOT_VALUE);
        suffix.push(ROOT_VALUE);
        let mut tag: Vec<u64> = input.tags.to_vec();
        tag.push(ROOT_VALUE);
        let mut is_punct: Vec<bool> = input
            .forms
            .iter()
            .map(|f| {
                !f.is_empty()
                    && f.chars()
                        .all(|c| c.is_ascii_punctuation() || c == '—' || c == '–')
            })
            .collect();
        is_punct.push(false);
        Words {
            word,
            tag,
            suffix,
            is_punct,
        }
    }

    #[inline]
    fn w(&self, x: usize) -> u64 {
        if x == NONE {
            NONE_VALUE
        } else {
            self.word[x]
        }
    }

    #[inline]
    fn p(&self, x: usize) -> u64 {
        if x == NONE {
            NONE_VALUE
        } else {
            self.tag[x]
        }
    }
}

fn distance_bucket(a: usize, b: usize) -> u64 {
    if a == NONE || b == NONE {
        return NONE_VALUE;
    }
    match a.abs_diff(b) {
        d @ 0..=4 => d as u64,
        5..=9 => 5,
        _ => 6,
    }
}

/// How many punctuation marks stand between two words (0, 1, 2 or more): commas and dashes
/// between them are strong evidence against a direct arc.
fn punct_between(words: &Words, a: usize, b: usize) -> u64 {
    if a == NONE || b == NONE {
        return NONE_VALUE;
    }
    let (lo, hi) = if a < b { (a, b) } else { (b, a) };
    words.is_punct[lo + 1..hi.min(words.is_punct.len())]
        .iter()
        .filter(|&&x| x)
        .count()
        .min(2) as u64
}

fn move_features(words: &Words, st: &State, out: &mut Vec<u64>) {
    out.clear();
    let n = st.n;
    let node = |x: usize| if x == NONE || x > n { NONE } else { x };
    let s0 = st.s0();
    let s1 = if st.stack.len() >= 2 {
        st.stack[st.stack.len() - 2]
    } else {
        NONE
    };
    let n0 = if st.front <= n { st.front } else { NONE };
    let n1 = node(if n0 != NONE && n0 < n { n0 + 1 } else { NONE });
    let n2 = node(if n1 != NONE && n1 < n { n1 + 1 } else { NONE });
    let get = |v: &Vec<usize>, x: usize| if x == NONE { NONE } else { v[x] };
    let lab = |x: usize| {
        if x == NONE {
            NONE_VALUE
        } else {
            u64::from(st.labels[x])
        }
    };
    let s0h = get(&st.heads, s0);
    let s0h2 = get(&st.heads, s0h);
    let s0l = get(&st.left1, s0);
    let s0l2 = get(&st.left2, s0);
    let s0r = get(&st.right1, s0);
    let s0r2 = get(&st.right2, s0);
    let n0l = get(&st.left1, n0);
    let n0l2 = get(&st.left2, n0);
    let (w, p) = (|x| words.w(x), |x| words.p(x));
    let (s0w, s0p, n0w, n0p) = (w(s0), p(s0), w(n0), p(n0));
    let (n1w, n1p, n2w, n2p) = (w(n1), p(n1), w(n2), p(n2));
    let d = distance_bucket(s0, n0);
    let count = |v: &Vec<u8>, x: usize| {
        if x == NONE {
            NONE_VALUE
        } else {
            u64::from(v[x])
        }
    };
    let set = |v: &Vec<u64>, x: usize| if x == NONE { NONE_VALUE } else { v[x] };
    let (s0vl, s0vr, n0vl) = (
        count(&st.left_count, s0),
        count(&st.right_count, s0),
        count(&st.left_count, n0),
    );
    let (s0sl, s0sr, n0sl) = (
        set(&st.left_labels, s0),
        set(&st.right_labels, s0),
        set(&st.left_labels, n0),
    );
    out.extend_from_slice(&[
        feat(0, &[]),
        // Single words.
        feat(1, &[s0w]),
        feat(2, &[s0p]),
        feat(3, &[s0w, s0p]),
        feat(4, &[n0w]),
        feat(5, &[n0p]),
        feat(6, &[n0w, n0p]),
        feat(7, &[n1w]),
        feat(8, &[n1p]),
        feat(9, &[n1w, n1p]),
        feat(10, &[n2w]),
        feat(11, &[n2p]),
        feat(12, &[n2w, n2p]),
        // Pairs.
        feat(13, &[s0w, s0p, n0w, n0p]),
        feat(14, &[s0w, s0p, n0w]),
        feat(15, &[s0w, n0w, n0p]),
        feat(16, &[s0w, s0p, n0p]),
        feat(17, &[s0p, n0w, n0p]),
        feat(18, &[s0w, n0w]),
        feat(19, &[s0p, n0p]),
        feat(20, &[n0p, n1p]),
        // Three words.
        feat(21, &[n0p, n1p, n2p]),
        feat(22, &[s0p, n0p, n1p]),
        feat(23, &[p(s0h), s0p, n0p]),
        feat(24, &[s0p, p(s0l), n0p]),
        feat(25, &[s0p, p(s0r), n0p]),
        feat(26, &[s0p, n0p, p(n0l)]),
        // Distance.
        feat(27, &[s0w, d]),
        feat(28, &[s0p, d]),
        feat(29, &[n0w, d]),
        feat(30, &[n0p, d]),
        feat(31, &[s0w, n0w, d]),
        feat(32, &[s0p, n0p, d]),
        // Valency.
        feat(33, &[s0w, s0vr]),
        feat(34, &[s0p, s0vr]),
        feat(35, &[s0w, s0vl]),
        feat(36, &[s0p, s0vl]),
        feat(37, &[n0w, n0vl]),
        feat(38, &[n0p, n0vl]),
        // Second-order unigrams.
        feat(39, &[w(s0h)]),
        feat(40, &[p(s0h)]),
        feat(41, &[lab(s0)]),
        feat(42, &[w(s0l)]),
        feat(43, &[p(s0l)]),
        feat(44, &[lab(s0l)]),
        feat(45, &[w(s0r)]),
        feat(46, &[p(s0r)]),
        feat(47, &[lab(s0r)]),
        feat(48, &[w(n0l)]),
        feat(49, &[p(n0l)]),
        feat(50, &[lab(n0l)]),
        // Third order.
        feat(51, &[w(s0h2)]),
        feat(52, &[p(s0h2)]),
        feat(53, &[lab(s0h)]),
        feat(54, &[w(s0l2)]),
        feat(55, &[p(s0l2)]),
        feat(56, &[lab(s0l2)]),
        feat(57, &[w(s0r2)]),
        feat(58, &[p(s0r2)]),
        feat(59, &[lab(s0r2)]),
        feat(60, &[w(n0l2)]),
        feat(61, &[p(n0l2)]),
        feat(62, &[lab(n0l2)]),
        feat(63, &[s0p, p(s0l), p(s0l2)]),
        feat(64, &[s0p, p(s0r), p(s0r2)]),
        feat(65, &[s0p, p(s0h), p(s0h2)]),
        feat(66, &[n0p, p(n0l), p(n0l2)]),
        // Label sets.
        feat(67, &[s0w, s0sr]),
        feat(68, &[s0p, s0sr]),
        feat(69, &[s0w, s0sl]),
        feat(70, &[s0p, s0sl]),
        feat(71, &[n0w, n0sl]),
        feat(72, &[n0p, n0sl]),
        // The stack below the top, and whether the top already has a head.
        feat(73, &[p(s1)]),
        feat(74, &[w(s1), p(s1)]),
        feat(75, &[p(s1), s0p, n0p]),
        feat(
            76,
            &[u64::from(s0 != NONE && st.heads[s0] != NONE), s0p, n0p],
        ),
        feat(
            77,
            &[words.suffix.get(n0).copied().unwrap_or(NONE_VALUE), s0p],
        ),
        feat(78, &[punct_between(words, s0, n0), s0p, n0p]),
        feat(79, &[p(s1), n0p]),
        feat(80, &[w(s1), n0w]),
        feat(81, &[u64::from(n1 == n), s0p, n0p]),
    ]);
}

/// Settings for [`Parser::train`].
#[derive(Clone, Debug)]
pub struct ParserConfig {
    /// Passes over the training data.
    pub epochs: usize,
    /// Shuffling and exploration seed.
    pub seed: u64,
    /// After the first epoch, how often a wrong prediction is followed rather than corrected.
    pub explore: f64,
    /// Averaged weights below this are dropped from the saved model.
    pub min_weight: f32,
    /// Report dev accuracy at several pruning thresholds (for choosing `min_weight`).
    pub prune_report: bool,
}

impl Default for ParserConfig {
    fn default() -> Self {
        ParserConfig {
            epochs: 15,
            seed: 1,
            explore: 0.9,
            min_weight: 1.0,
            prune_report: false,
        }
    }
}

/// A training sentence for the parser: predicted tags, gold tree.
pub struct ParserExample<'a> {
    /// Words and (predicted) tags.
    pub input: ParserInput<'a>,
    /// Gold heads, 1-based with 0 for the root.
    pub heads: &'a [usize],
    /// Gold relations.
    pub labels: &'a [String],
}

impl Parser {
    /// Trains a parser. `dev` is scored after some epochs and reported (UAS, LAS).
    pub fn train(
        train: &[ParserExample],
        dev: &[ParserExample],
        config: &ParserConfig,
        report: &mut dyn FnMut(String),
    ) -> Parser {
        let mut names: Vec<String> = train
            .iter()
            .flat_map(|e| e.labels.iter().cloned())
            .collect();
        names.push("root".to_string());
        names.sort();
        names.dedup();
        let ids: HashMap<&str, u16> = names
            .iter()
            .enumerate()
            .map(|(i, l)| (l.as_str(), i as u16))
            .collect();
        let root_label = ids["root"];
        let mut parser = Parser {
            labels: names.clone(),
            root_label,
            parataxis_label: parataxis_label(&names, root_label),
            moves: Trainer::new(1).freeze(0.0),
        };
        let n_classes = 2 + 2 * names.len();
        let mut moves = Trainer::new(n_classes);
        let mut rng = Rng::new(config.seed);
        let mut order: Vec<usize> = (0..train.len()).collect();
        let mut feats = Vec::with_capacity(96);
        let mut scores = vec![0.0f32; n_classes];
        let mut costs = vec![usize::MAX; n_classes];
        for epoch in 0..config.epochs {
            rng.shuffle(&mut order);
            let (mut arcs_right, mut arcs) = (0usize, 0usize);
            for &si in &order {
                let ex = &train[si];
                let n = ex.input.forms.len();
                if n == 0 {
                    continue;
                }
                let words = Words::new(&ex.input);
                let gold: Vec<usize> = ex
                    .heads
                    .iter()
                    .map(|&h| if h == 0 || h > n { n } else { h - 1 })
                    .chain([NONE])
                    .collect();
                let gold_labels: Vec<u16> = ex
                    .labels
                    .iter()
                    .map(|l| ids.get(l.as_str()).copied().unwrap_or(root_label))
                    .collect();
                let mut gold_children = vec![Vec::new(); n + 1];
                for (d, &h) in gold.iter().enumerate().take(n) {
                    gold_children[h].push(d);
                }
                let mut st = State::new(n);
                let mut in_stack = vec![false; n + 1];
                while !st.is_final() {
                    move_features(&words, &st, &mut feats);
                    moves.tick();
                    moves.score(&feats, &mut scores);
                    let move_costs: [usize; N_MOVES] = std::array::from_fn(|m| {
                        if st.legal(m) {
                            st.cost(m, &gold, &gold_children, &in_stack)
                        } else {
                            usize::MAX
                        }
                    });
                    for (c, cost) in costs.iter_mut().enumerate() {
                        let (mv, label) = parser.class_move(c);
                        *cost = if parser.class_legal(&st, c) {
                            move_costs[mv]
                        } else {
                            usize::MAX
                        };
                        if *cost != usize::MAX && label != NO_LABEL {
                            if let Some((h, d)) = st.arc_of(mv) {
                                *cost += usize::from(gold[d] == h && gold_labels[d] != label);
                            }
                        }
                    }
                    let min_cost = costs.iter().copied().min().unwrap_or(0);
                    let guess = argmax_where(&scores, |c| costs[c] != usize::MAX).unwrap_or(SHIFT);
                    let best_gold =
                        argmax_where(&scores, |c| costs[c] == min_cost).unwrap_or(guess);
                    moves.update(&feats, best_gold, guess);
                    let follow = if costs[guess] == min_cost
                        || (epoch > 0 && (rng.next_u64() % 1_000_000) as f64 / 1e6 < config.explore)
                    {
                        guess
                    } else {
                        best_gold
                    };
                    let (mv, label) = parser.class_move(follow);
                    if let Some((h, d)) = st.arc_of(mv) {
                        arcs += 1;
                        arcs_right += usize::from(gold[d] == h);
                    }
                    match mv {
                        SHIFT => in_stack[st.front] = true,
                        LEFT | REDUCE => in_stack[st.s0()] = false,
                        _ => in_stack[st.front] = true,
                    }
                    st.apply(mv, label);
                }
            }
            let mut line = format!(
                "parser epoch {}: train arcs followed correct {:.2}%",
                epoch + 1,
                100.0 * arcs_right as f64 / arcs.max(1) as f64
            );
            if !dev.is_empty() && (epoch + 1 == config.epochs || epoch % 3 == 2) {
                parser.moves = moves.freeze(config.min_weight);
                let (uas, las) = parser.accuracy(dev);
                line += &format!(", dev UAS {uas:.2}% LAS {las:.2}%");
            }
            report(line);
        }
        if config.prune_report && !dev.is_empty() {
            // How much pruning costs, to choose `min_weight`.
            for threshold in [0.0, 0.5, 1.0, 2.0, 4.0] {
                parser.moves = moves.freeze(threshold);
                let (uas, las) = parser.accuracy(dev);
                report(format!(
                    "parser pruned at {threshold}: {:.1} MB, dev UAS {uas:.2}% LAS {las:.2}%",
                    parser.moves.size_bytes() as f64 / 1e6
                ));
            }
        }
        parser.moves = moves.freeze(config.min_weight);
        report(format!(
            "parser: {} features, {} relations",
            parser.moves.n_features(),
            parser.labels.len()
        ));
        parser
    }

    /// UAS and LAS (percent, full relation with subtype, punctuation included) on examples.
    pub fn accuracy(&self, examples: &[ParserExample]) -> (f64, f64) {
        let (mut u, mut l, mut total) = (0usize, 0usize, 0usize);
        for ex in examples {
            let parse = self.parse(&ex.input);
            for i in 0..ex.heads.len() {
                let head_ok = parse.heads[i] == ex.heads[i];
                u += usize::from(head_ok);
                l += usize::from(head_ok && parse.labels[i] == ex.labels[i]);
                total += 1;
            }
        }
        (
            100.0 * u as f64 / total.max(1) as f64,
            100.0 * l as f64 / total.max(1) as f64,
        )
    }

    /// Parses one tagged sentence.
    pub fn parse(&self, input: &ParserInput) -> Parse {
        let n = input.forms.len();
        if n == 0 {
            return Parse::default();
        }
        let words = Words::new(input);
        let mut st = State::new(n);
        let mut feats = Vec::with_capacity(96);
        let mut scores = vec![0.0f32; self.moves.n_classes()];
        while !st.is_final() {
            move_features(&words, &st, &mut feats);
            self.moves.score(&feats, &mut scores);
            let class = self.best_legal(&st, &scores);
            let (mv, label) = self.class_move(class);
            st.apply(mv, label);
        }
        let punct: Vec<bool> = input.forms.iter().map(|f| is_punct(f)).collect();
        rehang_off_punctuation(&mut st.heads[..n], &punct);
        // A tree has one root: further words the parser left at the root attach to the first
        // as loosely joined clauses (rare: about 1 sentence in 100 on EWT dev).
        let mut roots = (0..n).filter(|&i| st.heads[i] == n);
        if let Some(first) = roots.next() {
            let others: Vec<usize> = roots.collect();
            for d in others {
                st.heads[d] = first;
                st.labels[d] = self.parataxis_label;
            }
        }
        Parse {
            heads: st.heads[..n]
                .iter()
                .map(|&h| if h >= n { 0 } else { h + 1 })
                .collect(),
            labels: st.labels[..n]
                .iter()
                .map(|&l| {
                    self.labels
                        .get(l as usize)
                        .cloned()
                        .unwrap_or_else(|| "dep".to_string())
                })
                .collect(),
        }
    }

    /// The move and relation of a class of the move model: with joint labels the classes are
    /// shift, reduce, left-arc per relation, right-arc per relation.
    #[inline]
    fn class_move(&self, class: usize) -> (usize, u16) {
        let n_labels = self.labels.len();
        if class < 2 {
            (class, NO_LABEL)
        } else if class < 2 + n_labels {
            (LEFT, (class - 2) as u16)
        } else {
            (RIGHT, (class - 2 - n_labels) as u16)
        }
    }

    /// The best-scoring legal class. The legality of the four moves is decided once, and the
    /// relation only matters for arcs to the root, so this is one pass over the scores.
    fn best_legal(&self, st: &State, scores: &[f32]) -> usize {
        let legal: [bool; N_MOVES] = std::array::from_fn(|m| st.legal(m));
        let n_labels = self.labels.len();
        let root = self.root_label as usize;
        let to_root = st.front == st.n;
        let mut best = (SHIFT, f32::NEG_INFINITY);
        let mut consider = |c: usize| {
            if scores[c] > best.1 {
                best = (c, scores[c]);
            }
        };
        for (m, &ok) in legal.iter().enumerate().take(2) {
            if ok {
                consider(m);
            }
        }
        if legal[LEFT] {
            if to_root {
                consider(2 + root);
            } else {
                (0..n_labels)
                    .filter(|&l| l != root)
                    .for_each(|l| consider(2 + l));
            }
        }
        if legal[RIGHT] {
            (0..n_labels)
                .filter(|&l| l != root)
                .for_each(|l| consider(2 + n_labels + l));
        }
        best.0
    }

    #[inline]
    fn class_legal(&self, st: &State, class: usize) -> bool {
        let (mv, label) = self.class_move(class);
        if !st.legal(mv) {
            return false;
        }
        if label == NO_LABEL {
            return true;
        }
        let to_root = mv == LEFT && st.front == st.n;
        (label == self.root_label) == to_root
    }

    /// Serializes the parser.
    pub fn write(&self, w: &mut Writer) {
        w.magic(MAGIC);
        w.strs(&self.labels);
        w.u64(u64::from(self.root_label));
        self.moves.write(w);
    }

    /// Reads a parser written by [`Parser::write`].
    pub fn read(r: &mut Reader) -> Result<Parser, BinError> {
        r.expect_magic(MAGIC)?;
        let labels = r.strs()?;
        let root_label = r.u64()?;
        let moves = Frozen::read(r)?;
        if root_label as usize >= labels.len() || moves.n_classes() != 2 + 2 * labels.len() {
            return Err(r.invalid("parser tables do not match its relation list"));
        }
        let parataxis_label = parataxis_label(&labels, root_label as u16);
        Ok(Parser {
            labels,
            root_label: root_label as u16,
            parataxis_label,
            moves,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_hangs_on_punctuation() {
        // "met Sergei Lavrov ." with "Sergei" (2) hung on "." (3), "." on "met" (0), "met"
        // the root (4 = n).
        let mut heads = vec![4, 2, 3, 0];
        let punct = [false, false, false, true];
        let forms = ["met", "Lavrov", "Sergei", "."];
        assert!(forms.iter().map(|f| is_punct(f)).eq(punct.iter().copied()));
        rehang_off_punctuation(&mut heads, &punct);
        assert_eq!(heads, vec![4, 2, 0, 0]);
        // Symbols that head numbers are not punctuation.
        assert!(!is_punct("$") && !is_punct("%") && is_punct("--") && is_punct("“"));
    }
}

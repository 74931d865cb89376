//! Gold sentences read from a UD treebank, the shape the trainers and scorers work on.

use sitrep_doc::Doc;

/// One gold sentence: parallel columns, 0-based positions, heads 1-based with 0 for the root.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GoldSentence {
    /// Word forms.
    pub forms: Vec<String>,
    /// Universal tags.
    pub upos: Vec<String>,
    /// Penn tags.
    pub xpos: Vec<String>,
    /// Lemmas.
    pub lemmas: Vec<String>,
    /// Heads (1-based, 0 = root).
    pub heads: Vec<usize>,
    /// Relations.
    pub deprels: Vec<String>,
}

impl GoldSentence {
    /// Number of words.
    pub fn len(&self) -> usize {
        self.forms.len()
    }

    /// True when the sentence has no words.
    pub fn is_empty(&self) -> bool {
        self.forms.is_empty()
    }

    /// The joint tag the tagger predicts: UPOS and XPOS together, so the two always agree.
    pub fn joint_tag(&self, i: usize) -> String {
        joint_tag(&self.upos[i], &self.xpos[i])
    }
}

/// Joins a UPOS and an XPOS into the tagger's label.
pub fn joint_tag(upos: &str, xpos: &str) -> String {
    format!("{upos}|{xpos}")
}

/// The columns of every sentence of an annotated document.
pub fn sentences(doc: &Doc) -> Vec<GoldSentence> {
    doc.sentences
        .iter()
        .map(|s| {
            let mut g = GoldSentence::default();
            for t in &s.tokens {
                g.forms.push(doc.token_text(t).to_string());
                g.upos.push(t.upos.clone());
                g.xpos.push(t.xpos.clone());
                g.lemmas.push(t.lemma.clone());
                g.heads.push(t.head);
                g.deprels.push(t.deprel.clone());
            }
            g
        })
        .collect()
}

/// A small deterministic generator (xorshift64*) for shuffling training data: the same seed
/// gives the same model on every machine.
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    /// Next value.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Fisher–Yates shuffle.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

//! Scoring the language layer against a gold treebank on gold tokens (predicted tags), the way
//! the CoNLL 2018 shared-task scorer does when tokenization is given.

use sitrep_doc::conllu::{self, ConlluError};
use sitrep_doc::Doc;

use crate::Pipeline;

/// Accuracy figures, in percent of words (punctuation included).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LangScores {
    /// Words scored.
    pub words: usize,
    /// Universal tag accuracy.
    pub upos: f64,
    /// Penn tag accuracy.
    pub xpos: f64,
    /// Lemma accuracy.
    pub lemma: f64,
    /// Unlabelled attachment score.
    pub uas: f64,
    /// Labelled attachment score on the universal relation (CoNLL 2018: `nmod:poss` counts as `nmod`).
    pub las: f64,
    /// Labelled attachment score on the full relation with its subtype.
    pub las_full: f64,
}

fn universal(rel: &str) -> &str {
    rel.split(':').next().unwrap_or(rel)
}

/// Annotates a copy of `gold` (keeping its tokens) and scores it.
pub fn score_doc(pipeline: &Pipeline, gold: &Doc) -> LangScores {
    let mut predicted = gold.clone();
    for sentence in &mut predicted.sentences {
        pipeline.annotate_sentence(gold, sentence);
    }
    let mut counts = [0usize; 6];
    let mut words = 0usize;
    for (gs, ps) in gold.sentences.iter().zip(&predicted.sentences) {
        for (g, p) in gs.tokens.iter().zip(&ps.tokens) {
            words += 1;
            let head_ok = g.head == p.head;
            counts[0] += usize::from(g.upos == p.upos);
            counts[1] += usize::from(g.xpos == p.xpos);
            counts[2] += usize::from(g.lemma == p.lemma);
            counts[3] += usize::from(head_ok);
            counts[4] += usize::from(head_ok && universal(&g.deprel) == universal(&p.deprel));
            counts[5] += usize::from(head_ok && g.deprel == p.deprel);
        }
    }
    let pct = |c: usize| 100.0 * c as f64 / words.max(1) as f64;
    LangScores {
        words,
        upos: pct(counts[0]),
        xpos: pct(counts[1]),
        lemma: pct(counts[2]),
        uas: pct(counts[3]),
        las: pct(counts[4]),
        las_full: pct(counts[5]),
    }
}

/// Reads gold CoNLL-U text and scores the pipeline on it.
pub fn score_conllu(pipeline: &Pipeline, gold_conllu: &str) -> Result<LangScores, ConlluError> {
    let gold = conllu::read_str(gold_conllu, "gold")?;
    Ok(score_doc(pipeline, &gold))
}

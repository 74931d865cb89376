//! Training the whole pipeline from a UD treebank (`sitrep train`).
//!
//! The parser is trained on *predicted* tags, produced by jackknifing: the training set is cut
//! into folds, and each fold is tagged by a tagger trained on the others. A parser trained on
//! gold tags learns to trust tags that will be wrong at run time. Everything is seeded, and
//! folds are joined in a fixed order, so the same data and seed give byte-identical models.

use sitrep_doc::conllu::{self, ConlluError};

use crate::corpus::{self, GoldSentence};
use crate::lemma::Lemmatizer;
use crate::parser::{Parser, ParserConfig, ParserExample, ParserInput};
use crate::perceptron::hash_str;
use crate::tagger::{Tagger, TaggerConfig};
use crate::Pipeline;

/// Settings for [`train`].
#[derive(Clone, Debug)]
pub struct TrainConfig {
    /// Tagger settings.
    pub tagger: TaggerConfig,
    /// Parser settings.
    pub parser: ParserConfig,
    /// Jackknife folds for the parser's training tags (0 or 1: train on gold tags).
    pub folds: usize,
    /// Threads for the jackknife taggers.
    pub threads: usize,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            tagger: TaggerConfig::default(),
            parser: ParserConfig::default(),
            folds: 5,
            threads: 2,
        }
    }
}

/// Reads CoNLL-U text into gold sentences.
pub fn read_gold(text: &str, name: &str) -> Result<Vec<GoldSentence>, ConlluError> {
    Ok(corpus::sentences(&conllu::read_str(text, name)?))
}

/// Predicted tag hashes for every sentence of `sentences`, from `tagger`.
fn predicted_tags(tagger: &Tagger, sentences: &[GoldSentence]) -> Vec<Vec<u64>> {
    let mut ids = Vec::new();
    sentences
        .iter()
        .map(|s| {
            let forms: Vec<&str> = s.forms.iter().map(|f| f.as_str()).collect();
            tagger.tag(&forms, &mut ids);
            ids.iter().map(|&t| tagger.tag_hash(t)).collect()
        })
        .collect()
}

/// Trains tagger, lemmatizer and parser on `train`, reporting dev scores as it goes.
pub fn train(
    train: &[GoldSentence],
    dev: &[GoldSentence],
    config: &TrainConfig,
    report: &(dyn Fn(String) + Sync),
) -> Pipeline {
    // Jackknifed tags for the parser's training data.
    let folds = config.folds.max(1);
    let mut train_tags: Vec<Vec<u64>> = vec![Vec::new(); train.len()];
    if folds == 1 {
        for (tags, s) in train_tags.iter_mut().zip(train) {
            *tags = (0..s.len()).map(|i| hash_str(&s.joint_tag(i))).collect();
        }
    } else {
        let fold_of = |i: usize| i % folds;
        let results: Vec<(usize, Vec<Vec<u64>>)> = std::thread::scope(|scope| {
            let mut out = Vec::new();
            for batch in (0..folds).collect::<Vec<_>>().chunks(config.threads.max(1)) {
                let handles: Vec<_> = batch
                    .iter()
                    .map(|&k| {
                        scope.spawn(move || {
                            let rest: Vec<GoldSentence> = train
                                .iter()
                                .enumerate()
                                .filter(|(i, _)| fold_of(*i) != k)
                                .map(|(_, s)| s.clone())
                                .collect();
                            let held: Vec<GoldSentence> = train
                                .iter()
                                .enumerate()
                                .filter(|(i, _)| fold_of(*i) == k)
                                .map(|(_, s)| s.clone())
                                .collect();
                            let fold_config = TaggerConfig {
                                threads: 1,
                                ..config.tagger.clone()
                            };
                            let tagger = Tagger::train(&rest, &[], &fold_config, &mut |_| {});
                            let acc = tagger.accuracy(&held);
                            report(format!(
                                "jackknife fold {}/{}: held-out UPOS {:.2}% XPOS {:.2}%",
                                k + 1,
                                folds,
                                acc.0,
                                acc.1
                            ));
                            (k, predicted_tags(&tagger, &held))
                        })
                    })
                    .collect();
                for h in handles {
                    if let Ok(r) = h.join() {
                        out.push(r);
                    }
                }
            }
            out
        });
        for (k, tags) in results {
            let positions = (0..train.len()).filter(|i| fold_of(*i) == k);
            for (i, t) in positions.zip(tags) {
                train_tags[i] = t;
            }
        }
    }

    let mut tag_report = |line: String| report(line);
    let tagger = Tagger::train(train, dev, &config.tagger, &mut tag_report);
    let lemmatizer = Lemmatizer::train(train);
    report(format!(
        "lemmatizer: dev accuracy with gold tags {:.2}%",
        lemmatizer.accuracy(dev)
    ));

    let dev_tags = predicted_tags(&tagger, dev);
    let train_forms: Vec<Vec<&str>> = train.iter().map(forms_of).collect();
    let dev_forms: Vec<Vec<&str>> = dev.iter().map(forms_of).collect();
    let train_examples = parser_examples(train, &train_forms, &train_tags);
    let dev_examples = parser_examples(dev, &dev_forms, &dev_tags);
    let mut parse_report = |line: String| report(line);
    let parser = Parser::train(
        &train_examples,
        &dev_examples,
        &config.parser,
        &mut parse_report,
    );
    Pipeline::new(tagger, lemmatizer, parser)
}

fn forms_of(s: &GoldSentence) -> Vec<&str> {
    s.forms.iter().map(|f| f.as_str()).collect()
}

fn parser_examples<'a>(
    sentences: &'a [GoldSentence],
    forms: &'a [Vec<&'a str>],
    tags: &'a [Vec<u64>],
) -> Vec<ParserExample<'a>> {
    sentences
        .iter()
        .zip(forms)
        .zip(tags)
        .filter(|((s, _), t)| t.len() == s.len())
        .map(|((s, f), t)| ParserExample {
            input: ParserInput { forms: f, tags: t },
            heads: &s.heads,
            labels: &s.deprels,
        })
        .collect()
}

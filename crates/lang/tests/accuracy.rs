//! Accuracy regression on UD English EWT test (needs `../shared`; says so loudly when absent).
//!
//! The floors are the targets; the shipped models reach more (see the README), so a
//! drop below a floor means a real regression, not noise.

use std::path::{Path, PathBuf};

use sitrep_lang::{eval, Pipeline};

fn ewt(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpora/ud-english-ewt")
        .join(file)
}

fn shipped() -> Pipeline {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/models");
    Pipeline::load(&dir).unwrap_or_else(|e| panic!("shipped models must load: {e}"))
}

#[test]
fn tagging_and_parsing_accuracy_on_ewt_test_stays_above_the_targets() {
    let path = ewt("en_ewt-ud-test.conllu");
    let Ok(gold) = std::fs::read_to_string(&path) else {
        eprintln!(
            "SKIPPED (loudly): {} not found; the EWT accuracy regression test needs ../shared",
            path.display()
        );
        return;
    };
    let scores = eval::score_conllu(&shipped(), &gold).expect("EWT test is valid CoNLL-U");
    eprintln!("EWT test: {scores:?}");
    assert!(scores.upos >= 95.0, "UPOS {:.2} < 95.0", scores.upos);
    assert!(scores.uas >= 85.0, "UAS {:.2} < 85.0", scores.uas);
    assert!(scores.las >= 82.0, "LAS {:.2} < 82.0", scores.las);
    assert!(scores.lemma >= 96.0, "lemma {:.2} < 96.0", scores.lemma);
}

#[test]
fn training_is_deterministic_for_a_seed() {
    let path = ewt("en_ewt-ud-dev.conllu");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!(
            "SKIPPED (loudly): {} not found; the training determinism test needs ../shared",
            path.display()
        );
        return;
    };
    let gold = sitrep_lang::train::read_gold(&text, "dev").expect("valid");
    let (train, dev) = gold.split_at(600);
    let mut config = sitrep_lang::train::TrainConfig::default();
    config.tagger.epochs = 2;
    config.tagger.folds = 2;
    config.parser.epochs = 2;
    config.folds = 2;
    let bytes = || {
        let pipeline = sitrep_lang::train::train(train, &dev[..100], &config, &|_| {});
        let dir = std::env::temp_dir().join(format!(
            "sitrep-determinism-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        pipeline.save(&dir).expect("save");
        let out: Vec<Vec<u8>> = [
            sitrep_lang::TAGGER_FILE,
            sitrep_lang::LEMMATIZER_FILE,
            sitrep_lang::PARSER_FILE,
        ]
        .iter()
        .map(|f| std::fs::read(dir.join(f)).expect("read back"))
        .collect();
        let _ = std::fs::remove_dir_all(&dir);
        out
    };
    assert!(
        bytes() == bytes(),
        "same data and seed must give byte-identical models"
    );
}

#[test]
fn a_word_after_a_modal_and_its_subject_is_a_verb() {
    let pipeline = shipped();
    for (text, word) in [
        ("Israel said it would free 150 prisoners.", "free"),
        ("The new rules will shape policy for years.", "shape"),
        ("Officials said they would not free the hostages.", "free"),
    ] {
        let mut doc = sitrep_doc::Doc::new("t", text);
        pipeline.annotate(&mut doc);
        let s = &doc.sentences[0];
        let token = s
            .tokens
            .iter()
            .find(|t| doc.token_text(t) == word)
            .unwrap_or_else(|| panic!("{word} in {text}"));
        assert_eq!(
            (token.upos.as_str(), token.xpos.as_str()),
            ("VERB", "VB"),
            "{text}"
        );
    }
    // A question's modal comes before its subject: "rabbits" stays a noun.
    let mut doc = sitrep_doc::Doc::new("t", "Can rabbits swim?");
    pipeline.annotate(&mut doc);
    assert!(doc.sentences[0].tokens.iter().any(|t| t.upos == "NOUN"));
}

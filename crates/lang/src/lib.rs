//! sitrep's English language core.
//!
//! Raw text in, UD annotation out: [`tokenize::segment`] splits sentences and words with
//! byte-offset spans, then a [`Pipeline`] fills UPOS and XPOS tags, lemmas and labelled
//! dependency heads. The models are trained by the project's own code ([`train`]) from UD
//! English EWT and shipped under `data/models/`, so a fresh checkout needs no corpus to run.
//!
//! ```no_run
//! use sitrep_doc::Doc;
//! use sitrep_lang::Pipeline;
//!
//! let pipeline = Pipeline::load_default()?;
//! let mut doc = Doc::new("d1", "The Kremlin urged caution on Friday.");
//! pipeline.annotate(&mut doc);
//! let root = doc.sentences[0].tokens.iter().find(|t| t.head == 0).map(|t| t.lemma.as_str());
//! assert_eq!(root, Some("urge"));
//! # Ok::<(), sitrep_lang::LoadError>(())
//! ```
#![deny(missing_docs)]

pub mod binio;
pub mod corpus;
pub mod eval;
pub mod lemma;
pub mod parser;
pub mod perceptron;
pub mod tagger;
pub mod tokenize;
pub mod train;

use std::path::{Path, PathBuf};

use sitrep_doc::{Doc, Sentence};

use crate::binio::{BinError, Reader, Writer};
use crate::lemma::Lemmatizer;
use crate::parser::{Parser, ParserInput};
use crate::tagger::Tagger;

/// File names of the three models inside a model directory.
pub const TAGGER_FILE: &str = "tagger.bin";
/// See [`TAGGER_FILE`].
pub const LEMMATIZER_FILE: &str = "lemmatizer.bin";
/// See [`TAGGER_FILE`].
pub const PARSER_FILE: &str = "parser.bin";

/// Why the models could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// A model file could not be read from disk.
    #[error("cannot read model {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// A model file is corrupt or of another version.
    #[error(transparent)]
    Format(#[from] BinError),
    /// No model directory was found.
    #[error("no model directory found (looked in: {0}); set SITREP_MODELS or pass --models DIR")]
    NotFound(String),
}

/// The tagger, lemmatizer and parser, loaded once and shared (read-only) by every document.
pub struct Pipeline {
    tagger: Tagger,
    lemmatizer: Lemmatizer,
    parser: Parser,
}

impl Pipeline {
    /// Assembles a pipeline from trained parts.
    pub fn new(tagger: Tagger, lemmatizer: Lemmatizer, parser: Parser) -> Pipeline {
        Pipeline {
            tagger,
            lemmatizer,
            parser,
        }
    }

    /// Where models are looked for, in order: `$SITREP_MODELS`, `data/models` of the source tree
    /// this binary was built from, and `data/models` beside the executable or two levels up.
    pub fn default_model_dirs() -> Vec<PathBuf> {
        let mut dirs = Vec::new();
        if let Some(dir) = std::env::var_os("SITREP_MODELS") {
            dirs.push(PathBuf::from(dir));
        }
        dirs.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/models"));
        if let Ok(exe) = std::env::current_exe() {
            for up in exe.ancestors().skip(1).take(4) {
                dirs.push(up.join("data/models"));
            }
        }
        dirs
    }

    /// Loads the models from the first default directory that has them.
    pub fn load_default() -> Result<Pipeline, LoadError> {
        let dirs = Self::default_model_dirs();
        match dirs.iter().find(|d| d.join(PARSER_FILE).is_file()) {
            Some(dir) => Self::load(dir),
            None => Err(LoadError::NotFound(
                dirs.iter()
                    .map(|d| d.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
            )),
        }
    }

    /// Loads the three models from `dir`.
    pub fn load(dir: &Path) -> Result<Pipeline, LoadError> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read(&path).map_err(|source| LoadError::Io { path, source })
        };
        let (tagger_bytes, lemma_bytes, parser_bytes) = (
            read(TAGGER_FILE)?,
            read(LEMMATIZER_FILE)?,
            read(PARSER_FILE)?,
        );
        let name = |f: &str| dir.join(f).display().to_string();
        let (tagger_name, lemma_name, parser_name) =
            (name(TAGGER_FILE), name(LEMMATIZER_FILE), name(PARSER_FILE));
        let tagger = Tagger::read(&mut Reader::new(&tagger_bytes, &tagger_name))?;
        let lemmatizer = Lemmatizer::read(&mut Reader::new(&lemma_bytes, &lemma_name))?;
        let parser = Parser::read(&mut Reader::new(&parser_bytes, &parser_name))?;
        Ok(Pipeline {
            tagger,
            lemmatizer,
            parser,
        })
    }

    /// Writes the three models into `dir` (created if needed).
    pub fn save(&self, dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        let mut w = Writer::default();
        self.tagger.write(&mut w);
        std::fs::write(dir.join(TAGGER_FILE), w.into_bytes())?;
        let mut w = Writer::default();
        self.lemmatizer.write(&mut w);
        std::fs::write(dir.join(LEMMATIZER_FILE), w.into_bytes())?;
        let mut w = Writer::default();
        self.parser.write(&mut w);
        std::fs::write(dir.join(PARSER_FILE), w.into_bytes())
    }

    /// Segments the document if it has no sentences yet, then tags, lemmatizes and parses every
    /// sentence.
    pub fn annotate(&self, doc: &mut Doc) {
        if doc.sentences.is_empty() {
            doc.sentences = tokenize::segment(&doc.text);
        }
        let mut sentences = std::mem::take(&mut doc.sentences);
        for sentence in &mut sentences {
            self.annotate_sentence(doc, sentence);
        }
        doc.sentences = sentences;
    }

    /// Tags, lemmatizes and parses one sentence of `doc` (whose tokens are already set).
    pub fn annotate_sentence(&self, doc: &Doc, sentence: &mut Sentence) {
        let forms: Vec<&str> = sentence.tokens.iter().map(|t| doc.token_text(t)).collect();
        let mut tag_ids = Vec::with_capacity(forms.len());
        self.tagger.tag(&forms, &mut tag_ids);
        let tag_hashes: Vec<u64> = tag_ids.iter().map(|&t| self.tagger.tag_hash(t)).collect();
        let parse = self.parser.parse(&ParserInput {
            forms: &forms,
            tags: &tag_hashes,
        });
        let lemmas: Vec<String> = forms
            .iter()
            .zip(&tag_ids)
            .map(|(f, &t)| self.lemmatizer.lemma(f, self.tagger.xpos(t)))
            .collect();
        for (i, ((token, lemma), label)) in sentence
            .tokens
            .iter_mut()
            .zip(lemmas)
            .zip(parse.labels)
            .enumerate()
        {
            token.upos = self.tagger.upos(tag_ids[i]).to_string();
            token.xpos = self.tagger.xpos(tag_ids[i]).to_string();
            token.lemma = lemma;
            token.head = parse.heads[i];
            token.deprel = label;
        }
    }

    /// The tagger.
    pub fn tagger(&self) -> &Tagger {
        &self.tagger
    }

    /// The parser.
    pub fn parser(&self) -> &Parser {
        &self.parser
    }

    /// The lemmatizer.
    pub fn lemmatizer(&self) -> &Lemmatizer {
        &self.lemmatizer
    }
}

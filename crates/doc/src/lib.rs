//! The sitrep document model.
//!
//! A [`Doc`] owns its text once; every annotation layer is stand-off: a [`Span`] of byte offsets
//! into that text plus labels. Sentences hold [`Token`]s (UD words) with their tags, lemma and
//! dependency head. Later stages (actors, events, quotes) add their own layers the same way, so
//! every code sitrep prints can point back at the exact words it came from.
//!
//! ```
//! use sitrep_doc::{Doc, Sentence, Span, Token};
//!
//! let mut doc = Doc::new("d1", "Kyiv asked.");
//! let tokens = vec![Token::new(Span::new(0, 4)), Token::new(Span::new(5, 10)), Token::new(Span::new(10, 11))];
//! doc.sentences.push(Sentence::new(Span::new(0, 11), tokens));
//! assert_eq!(doc.token_text(&doc.sentences[0].tokens[1]), "asked");
//! ```
#![deny(missing_docs)]

pub mod conllu;
pub mod output;

use std::fmt;

/// A half-open range `[start, end)` of byte offsets into a document's UTF-8 text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (byte offsets).
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end, "span start {start} after end {end}");
        Span { start, end }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True for a zero-length span.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// One syntactic word (a UD "word"): its span and the language layer's labels.
///
/// Labels are empty strings until a stage fills them; `head` is 1-based within the sentence with
/// 0 for the root, as in CoNLL-U.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Token {
    /// Where the word is in the document text.
    pub span: Span,
    /// The word's form when it is not the text under `span` (a word inside a multiword token
    /// whose parts do not spell the surface, e.g. a normalised spelling).
    pub form_override: Option<Box<str>>,
    /// Universal part of speech.
    pub upos: String,
    /// Language-specific (Penn Treebank) tag.
    pub xpos: String,
    /// Lemma.
    pub lemma: String,
    /// Morphological features, as given by the input (sitrep does not predict them yet).
    pub feats: String,
    /// Head word, 1-based within the sentence; 0 is the root.
    pub head: usize,
    /// Universal dependency relation, with subtype (`nmod:poss`).
    pub deprel: String,
}

impl Token {
    /// An unlabelled token over `span`.
    pub fn new(span: Span) -> Token {
        Token {
            span,
            ..Token::default()
        }
    }
}

/// A sentence: its span and its words in order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sentence {
    /// Where the sentence is in the document text.
    pub span: Span,
    /// The words, in text order.
    pub tokens: Vec<Token>,
    /// What a CoNLL-U source carried that sitrep does not model, kept so that writing the
    /// sentence back loses nothing.
    pub conllu: Option<conllu::Preserved>,
}

impl Sentence {
    /// A sentence over `span` with `tokens`.
    pub fn new(span: Span, tokens: Vec<Token>) -> Sentence {
        Sentence {
            span,
            tokens,
            conllu: None,
        }
    }
}

/// A document: its text, once, and the annotation layers over it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Doc {
    /// Stable identifier (file name, record id, or a counter).
    pub id: String,
    /// The full UTF-8 text; every span points into it.
    pub text: String,
    /// Sentences in text order, once the language stage has run.
    pub sentences: Vec<Sentence>,
}

impl Doc {
    /// A document with no annotation yet.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Doc {
        Doc {
            id: id.into(),
            text: text.into(),
            sentences: Vec::new(),
        }
    }

    /// The text under a span. Panics only if the span is not on character boundaries, which
    /// stages never produce (property-tested).
    pub fn span_text(&self, span: Span) -> &str {
        &self.text[span.start..span.end]
    }

    /// A token's form: its override if it has one, else the text it covers.
    pub fn token_text<'a>(&'a self, token: &'a Token) -> &'a str {
        match &token.form_override {
            Some(form) => form,
            None => self.span_text(token.span),
        }
    }

    /// Number of words over all sentences.
    pub fn token_count(&self) -> usize {
        self.sentences.iter().map(|s| s.tokens.len()).sum()
    }
}

//! Quotes and attribution: direct and indirect speech with resolved speakers, the outlet
//! words went through, bylines and "republished from" lines.
//!
//! OWNER: quotes helper. Interface fixed by the event stage (see `extract.rs`).

use sitrep_actors::resolve::Actor;
use sitrep_doc::{Doc, Span};

/// Direct ("...") or indirect (X said that ...).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuoteKind {
    /// Within quotation marks.
    Direct,
    /// A clause under a verb of saying.
    Indirect,
}

/// Who said a quote: an actor of the document when resolved, and the words naming them.
#[derive(Clone, Debug, PartialEq)]
pub struct Speaker {
    /// Index into the `actors` passed in, when the speaker is a coded actor.
    pub actor: Option<usize>,
    /// The words that name the speaker (the mention, pronoun or description).
    pub span: Span,
}

/// One quote.
#[derive(Clone, Debug, PartialEq)]
pub struct Quote {
    /// The quoted words, without the marks.
    pub span: Span,
    /// Direct or indirect.
    pub kind: QuoteKind,
    /// The speaker, when found.
    pub speaker: Option<Speaker>,
    /// The outlet ("Reuters"), when named.
    pub via: Option<String>,
    /// Sentences the quote touches (indices).
    pub sentences: std::ops::Range<usize>,
}

/// Facts about the document found in its text.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DocFacts {
    /// The byline's author(s).
    pub author: Option<String>,
    /// Where the text says it was first published.
    pub republished_from: Option<String>,
}

/// Quotes of `doc` (tagged, parsed, actors resolved), in text order.
pub fn find_quotes(_doc: &Doc, _actors: &[Actor]) -> Vec<Quote> {
    Vec::new()
}

/// The outlet that words of sentence `sentence` went through ("told Reuters", "Reuters
/// reported", "according to AP"), if any, with the span naming it.
pub fn via_in_sentence(_doc: &Doc, _sentence: usize, _actors: &[Actor]) -> Option<(String, Span)> {
    None
}

/// Byline and "republished from" facts.
pub fn doc_facts(_doc: &Doc) -> DocFacts {
    DocFacts::default()
}

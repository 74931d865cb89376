//! The `sitrep/1` output contract (see `../shared/DESIGN.md`): the records every consumer
//! reads. Fields may be added; none may change meaning without a new schema name.

use serde::Serialize;

/// Schema name written in every record.
pub const SCHEMA: &str = "sitrep/1";

/// One document's record.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Record {
    /// Always [`SCHEMA`].
    pub schema: &'static str,
    /// Document metadata.
    pub doc: DocMeta,
    /// Resolved actors.
    pub actors: Vec<ActorOut>,
}

/// Document metadata.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct DocMeta {
    /// Identifier.
    pub id: String,
    /// Title.
    pub title: Option<String>,
    /// Publication date, `YYYY-MM-DD`.
    pub published: Option<String>,
    /// Site or outlet.
    pub site: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// Byline.
    pub author: Option<String>,
    /// Language code.
    pub language: String,
    /// Where the text says it was first published.
    pub republished_from: Option<String>,
    /// Id of an earlier document this one copies.
    pub duplicate_of: Option<String>,
}

/// A span of the document text, with the text itself.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SpanOut {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The text under the span.
    pub text: String,
}

/// A resolved actor.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ActorOut {
    /// Document-local id (`A1`).
    pub id: String,
    /// CAMEO-style code on the publication date; empty when unknown.
    pub code: String,
    /// Canonical name.
    pub name: String,
    /// `person`, `organization`, `country`, `group` or `place`.
    pub kind: String,
    /// Country (alpha-3); empty when unknown.
    pub country: String,
    /// Title of the dated role that gave the code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Dictionary entry (`file:line`) that resolved it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dictionary: Option<String>,
    /// Facts kept out of the code ("backed by RUS").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Where it is mentioned.
    pub mentions: Vec<MentionOut>,
}

/// One mention of an actor.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct MentionOut {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The text.
    pub text: String,
    /// Sentence index.
    pub sentence: usize,
    /// How it was recognized (`name`, `surname`, `pronoun`, `agent`, …).
    pub how: String,
}

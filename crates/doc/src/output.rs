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
    /// Coded events.
    pub events: Vec<EventOut>,
    /// Direct and indirect quotes.
    pub quotes: Vec<QuoteOut>,
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

/// One coded event: who did what to whom, when, where, how sure.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct EventOut {
    /// Document-local id (`E1`).
    pub id: String,
    /// Sentence index.
    pub sentence: usize,
    /// Who acted.
    pub source: Option<Participant>,
    /// Who was acted upon.
    pub target: Option<Participant>,
    /// CAMEO event code, 2-4 digits.
    pub cameo: String,
    /// PLOVER type; null for CAMEO roots 01 and 02, which PLOVER does not map.
    pub plover: Option<String>,
    /// PLOVER mode (subtype), if any.
    pub plover_mode: Option<String>,
    /// Goldstein value of the code.
    pub goldstein: f32,
    /// 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
    pub quad_class: u8,
    /// `asserted`, `negated`, `future`, `hypothetical`, `conditional` or `proposed`.
    pub modality: String,
    /// The words that set the modality ("would", "did not", "if"), when not asserted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modality_trigger: Option<SpanOut>,
    /// Who said it and through which outlet.
    pub attribution: Attribution,
    /// When it happened.
    pub date: DateOut,
    /// Where it happened.
    pub location: Option<LocationOut>,
    /// The words the code rests on.
    pub evidence: SpanOut,
    /// The whole sentence the event is in, for showing the evidence in context.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sentence_span: Option<SpanOut>,
    /// 0-1: how much the coder trusts this event.
    pub confidence: f32,
    /// How it was coded, with `--explain`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explain: Option<Explain>,
}

/// The source or target of an event.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Participant {
    /// Actor id in the record's `actors` (`A1`).
    pub actor: String,
    /// The actor's code.
    pub code: String,
    /// The words of this mention.
    pub text: String,
}

/// Who said an event happened.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Attribution {
    /// The speaker, when the event is in reported speech.
    pub speaker: Option<Participant>,
    /// The outlet ("Reuters") the words were given to or reported by.
    pub via: Option<String>,
}

/// A date resolved against the publication date.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DateOut {
    /// `YYYY-MM-DD` (the first day of a week, month or year); null when unknown.
    pub value: Option<String>,
    /// `day`, `week`, `month`, `year` or `unknown`.
    pub precision: String,
    /// The words that gave the date; null when the publication date stands in.
    pub text: Option<String>,
}

/// A geocoded place.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct LocationOut {
    /// Place name as the gazetteer has it.
    pub name: String,
    /// Country, alpha-3.
    pub country: String,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// The words that named it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// GeoNames id, when the place came from GeoNames.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub geonames_id: Option<u64>,
}

/// What produced an event, for `--explain`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Explain {
    /// The pattern (`file:line` and its text).
    pub pattern: String,
    /// Dictionary entries of source and target.
    pub dictionary: Vec<String>,
    /// The dependency path from the trigger to each participant.
    pub path: Vec<String>,
}

/// A quote.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct QuoteOut {
    /// The quoted words (without the quotation marks).
    pub text: String,
    /// First byte of the quoted words.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// `direct` or `indirect`.
    pub kind: String,
    /// Who said it.
    pub speaker: Option<Participant>,
    /// The outlet it was given to or reported by.
    pub via: Option<String>,
}

//! Places: a gazetteer built from GeoNames, and place names found in sentences.
//!
//! OWNER: place helper. Interface fixed by the event stage (see `extract.rs`).

use sitrep_doc::{Doc, Span};

use crate::DataError;

/// A place in the gazetteer.
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    /// Name as the gazetteer has it.
    pub name: String,
    /// Country, ISO 3166 alpha-3 (CAMEO spelling: the actor dictionaries' country codes).
    pub country: String,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// Population (0 when unknown).
    pub population: u64,
    /// GeoNames id, when it came from GeoNames.
    pub geonames_id: Option<u64>,
}

/// The gazetteer.
#[derive(Clone, Debug, Default)]
pub struct Gazetteer {}

impl Gazetteer {
    /// Loads sitrep's bundled gazetteer.
    pub fn load_default() -> Result<Gazetteer, DataError> {
        Ok(Gazetteer {})
    }

    /// Number of places.
    pub fn len(&self) -> usize {
        0
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A place named in a sentence.
#[derive(Clone, Debug, PartialEq)]
pub struct PlaceMention {
    /// Token indices (into the sentence's tokens) of the name.
    pub tokens: std::ops::Range<usize>,
    /// The token whose dependency head attaches the name to its clause.
    pub head: usize,
    /// Byte span in the document text.
    pub span: Span,
    /// The place chosen.
    pub place: Place,
}

/// Places named in sentence `sentence` of `doc`. `doc_countries` are the alpha-3 codes of the
/// countries the document is about (most mentioned first), used to choose among places with
/// the same name.
pub fn find_places(
    _gazetteer: &Gazetteer,
    _doc: &Doc,
    _sentence: usize,
    _doc_countries: &[String],
) -> Vec<PlaceMention> {
    Vec::new()
}

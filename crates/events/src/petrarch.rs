//! PETRARCH/TABARI verb dictionaries as sitrep patterns, so that gold coded with the Phoenix
//! dictionaries can be scored with them.
//!
//! OWNER: petrarch-patterns helper.

use sitrep_actors::petrarch::VerbDictionary;

use crate::patterns::Patterns;

/// Placeholder until the converter lands.
#[derive(Clone, Debug, Default)]
pub struct ConversionStats {}

/// Placeholder until the converter lands.
pub fn patterns_from_petrarch(_verbs: &VerbDictionary) -> (Patterns, ConversionStats) {
    (Patterns::default(), ConversionStats::default())
}

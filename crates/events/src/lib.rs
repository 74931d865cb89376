//! sitrep's event stage: who did what to whom.
//!
//! So far: [`codebook`], every CAMEO event code with its Goldstein value, quad class and PLOVER
//! type, and [`patterns`], the project's verb and nominal-event patterns with their checker.
//! Matching the patterns on parsed text comes next (issue 4).
#![deny(missing_docs)]

pub mod codebook;
pub mod extract;
pub mod gold;
pub mod patterns;
pub mod petrarch;
pub mod place;
pub mod quotes;
pub mod render;
pub mod time;

/// Where an entry was read, and the error a data file gives: the same types as the actor
/// dictionaries'.
pub use sitrep_actors::dict::{DictError as DataError, Origin};

/// 1-based line of a byte offset.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Parses TOML, naming the line of a syntax error.
pub(crate) fn parse_toml<T: serde::de::DeserializeOwned>(
    text: &str,
    file: &str,
) -> Result<T, DataError> {
    toml::from_str(text).map_err(|e| DataError::Syntax {
        origin: Origin {
            file: file.into(),
            line: e.span().map_or(1, |s| line_of(text, s.start)),
        },
        message: e.message().to_string(),
    })
}

/// The project's `data/` folder in the source tree this crate was built from.
pub fn data_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data")
}

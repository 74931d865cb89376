//! sitrep's actor stage: who is who on the day of the story.
//!
//! [`dict`] holds the dictionaries (countries, agents, metonyms, people and organizations with
//! dated roles), read from the project's TOML files or imported from PETRARCH/TABARI files
//! ([`petrarch`]). [`check`] validates them.
#![deny(missing_docs)]

pub mod check;
pub mod dict;
pub mod eval;
pub mod petrarch;
pub mod resolve;

//! Gold standards and scoring: PETRARCH XML and PLOVER JSON readers, and the figures
//! `sitrep eval` prints.
//!
//! OWNER: eval helper. Interface fixed by the event stage.

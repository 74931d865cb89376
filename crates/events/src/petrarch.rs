//! PETRARCH/TABARI verb dictionaries as sitrep patterns, so that gold coded with the Phoenix
//! dictionaries can be scored with them.
//!
//! OWNER: petrarch-patterns helper.

//! sitrep's English language core.
//!
//! Raw text in, UD annotation out: [`tokenize`] splits sentences and words with byte-offset
//! spans, then a [`Pipeline`] fills UPOS and XPOS tags, lemmas and labelled dependency heads. The
//! models are trained by the project's own code ([`train`]) from UD English EWT and shipped under
//! `data/models/`, so a fresh checkout needs no corpus to run.
#![deny(missing_docs)]

pub mod tokenize;

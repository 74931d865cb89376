//! Sentence splitting and UD-style word tokenization of raw English text.
use sitrep_doc::Sentence;

/// Splits `text` into sentences of UD words, with byte-offset spans into `text`.
pub fn segment(text: &str) -> Vec<Sentence> {
    let _ = text;
    Vec::new()
}

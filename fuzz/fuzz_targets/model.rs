#![no_main]
//! Model files are read with bounds checks: a corrupt file is an error, never a panic.
use libfuzzer_sys::fuzz_target;
use sitrep_lang::binio::Reader;

fuzz_target!(|data: &[u8]| {
    let _ = sitrep_lang::tagger::Tagger::read(&mut Reader::new(data, "fuzz"));
    let _ = sitrep_lang::lemma::Lemmatizer::read(&mut Reader::new(data, "fuzz"));
    let _ = sitrep_lang::parser::Parser::read(&mut Reader::new(data, "fuzz"));
    let _ = sitrep_lang::perceptron::Frozen::read(&mut Reader::new(data, "fuzz"));
});

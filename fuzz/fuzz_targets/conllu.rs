#![no_main]
//! The CoNLL-U reader never panics, and what it reads writes back and reads again the same.
use libfuzzer_sys::fuzz_target;
use sitrep_doc::conllu;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(doc) = conllu::read_str(&text, "fuzz") {
        let mut out = String::new();
        conllu::write_doc(&doc, &mut out);
        let again = conllu::read_str(&out, "fuzz").expect("written CoNLL-U reads back");
        assert_eq!(again.sentences.len(), doc.sentences.len());
    }
});

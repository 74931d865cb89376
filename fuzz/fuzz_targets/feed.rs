#![no_main]
//! The feed reader never panics: a broken feed is one error, every item one result or more.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = sitrep_ingest::ReadOptions {
        identify_language: false,
        ..Default::default()
    };
    for result in sitrep_ingest::feed::read_feed(data, "fuzz", &opts) {
        match result {
            Ok(doc) => assert!(!doc.text.is_empty() && doc.source.starts_with("fuzz item ")),
            Err(e) => assert!(e.to_string().starts_with("fuzz")),
        }
    }
});

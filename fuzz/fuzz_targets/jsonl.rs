#![no_main]
//! The JSON Lines reader never panics and reports one result per non-empty line.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let results = sitrep_ingest::read_jsonl(data, "fuzz", None);
    let lines = data.split(|&b| b == b'\n').filter(|l| !String::from_utf8_lossy(l).trim().is_empty()).count();
    assert!(results.len() <= lines + 1);
});

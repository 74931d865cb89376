#![no_main]
//! The PETRARCH/TABARI readers never panic.
use libfuzzer_sys::fuzz_target;
use sitrep_actors::petrarch;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = petrarch::read_actors(&text, "fuzz");
    let _ = petrarch::read_agents(&text, "fuzz");
    let _ = petrarch::read_discards(&text, "fuzz");
    let _ = petrarch::read_verbs(&text, "fuzz");
});

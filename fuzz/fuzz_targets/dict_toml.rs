#![no_main]
//! The TOML dictionary reader never panics and the checker accepts whatever it reads.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(dict) = sitrep_actors::dict::Dictionary::parse_toml(&text, "fuzz.toml") {
        let _ = sitrep_actors::check::check(&dict);
        let _ = sitrep_actors::resolve::Resolver::new(dict);
    }
});

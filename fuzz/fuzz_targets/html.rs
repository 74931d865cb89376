#![no_main]
//! Page extraction never panics, never hangs on deep markup, and its text is clean: no line
//! with leading or trailing spaces, no run of more than one blank line.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let html = sitrep_ingest::html::decode(data, None);
    let page = sitrep_ingest::html::extract(&html, Some("https://fuzz.example/a/b"));
    for text in [page.text, sitrep_ingest::html::fragment_text(&html)] {
        assert!(!text.contains("\n\n\n"));
        assert!(text.lines().all(|l| l.trim() == l));
    }
});

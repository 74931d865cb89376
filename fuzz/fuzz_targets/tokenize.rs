#![no_main]
//! Segmentation never panics, and its spans cover the text exactly.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut last = 0;
    for sentence in sitrep_lang::tokenize::segment(&text) {
        for t in &sentence.tokens {
            assert!(t.span.start >= last && t.span.end > t.span.start);
            assert!(text.is_char_boundary(t.span.start) && text.is_char_boundary(t.span.end));
            last = t.span.end;
        }
    }
});

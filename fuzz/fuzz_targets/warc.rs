#![no_main]
//! The WARC reader never panics or loops: it ends, each result names the file, and it yields no
//! more results than there are `WARC/` lines and gzip headers to start them.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = sitrep_ingest::ReadOptions {
        identify_language: false,
        max_record_bytes: 1 << 20,
        ..Default::default()
    };
    let docs = sitrep_ingest::warc::WarcDocs::new(Box::new(std::io::Cursor::new(data.to_vec())), "fuzz", opts);
    let mut n = 0usize;
    for result in docs {
        n += 1;
        assert!(n <= 2 * data.len() + 2, "the reader does not end");
        match result {
            Ok(doc) => assert!(doc.source.starts_with("fuzz#record ")),
            Err(e) => assert!(e.to_string().starts_with("fuzz")),
        }
    }
});

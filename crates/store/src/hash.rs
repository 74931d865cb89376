//! Stable hashes: event ids and text fingerprints must be the same on every run, platform and
//! Rust version, which rules out `std`'s randomly seeded hasher.

use sitrep_doc::output::Record;

const FNV128_OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
const FNV128_PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;

/// 128-bit FNV-1a over byte strings, each followed by a 0xff separator so that field
/// boundaries matter ("ab"+"c" differs from "a"+"bc"; 0xff never occurs in UTF-8).
struct Fnv128(u128);

impl Fnv128 {
    fn new() -> Fnv128 {
        Fnv128(FNV128_OFFSET)
    }

    fn bytes(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= b as u128;
            self.0 = self.0.wrapping_mul(FNV128_PRIME);
        }
    }

    fn field(&mut self, s: &str) -> &mut Fnv128 {
        self.bytes(s.as_bytes());
        self.bytes(&[0xff]);
        self
    }

    fn hex(&self) -> String {
        format!("{:032x}", self.0)
    }
}

/// The stable id of an event: canonical story id, sentence, source code, target code, CAMEO
/// code and evidence text.
pub fn event_id(
    story: &str,
    sentence: usize,
    source: &str,
    target: &str,
    cameo: &str,
    evidence: &str,
) -> String {
    let mut h = Fnv128::new();
    h.field(story)
        .field(&sentence.to_string())
        .field(source)
        .field(target)
        .field(cameo)
        .field(evidence);
    h.hex()
}

/// Hash of a text with runs of whitespace collapsed and ends trimmed, so a copy that differs
/// only in line breaks or indentation hashes the same.
pub fn text_hash(text: &str) -> String {
    let mut h = Fnv128::new();
    let mut first = true;
    for word in text.split_whitespace() {
        if !first {
            h.bytes(b" ");
        }
        h.bytes(word.as_bytes());
        first = false;
    }
    format!("t{}", h.hex())
}

/// A fingerprint of what the coder found in a text when the text itself is not at hand: every
/// actor mention, event evidence and quote with its byte offsets. Two records share it only if
/// their texts agree at every one of those places. `None` for a record with nothing in it,
/// which would otherwise match every other empty record.
pub(crate) fn record_fingerprint(record: &Record) -> Option<String> {
    let mut h = Fnv128::new();
    let mut any = false;
    for a in &record.actors {
        for m in &a.mentions {
            h.field(&format!("m{}:{}", m.start, m.end)).field(&m.text);
            any = true;
        }
    }
    for e in &record.events {
        h.field(&format!("e{}:{}", e.evidence.start, e.evidence.end))
            .field(&e.evidence.text);
        any = true;
    }
    for q in &record.quotes {
        h.field(&format!("q{}:{}", q.start, q.end)).field(&q.text);
        any = true;
    }
    any.then(|| format!("r{}", h.hex()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv128_matches_the_published_test_vector() {
        // FNV-1a 128 of "a", from the FNV reference test suite.
        let mut h = Fnv128::new();
        h.bytes(b"a");
        assert_eq!(h.hex(), "d228cb696f1a8caf78912b704e4a8964");
    }

    #[test]
    fn text_hash_ignores_whitespace_layout_only() {
        assert_eq!(text_hash("a  b\nc "), text_hash(" a b c"));
        assert_ne!(text_hash("a b c"), text_hash("a bc"));
    }

    #[test]
    fn event_id_fields_do_not_run_together() {
        assert_ne!(
            event_id("ab", 1, "c", "", "01", "x"),
            event_id("a", 1, "bc", "", "01", "x")
        );
    }
}

//! Language identification with `whatlang` (trigram profiles, small and fast).
//!
//! Only the first few kilobytes are looked at: enough for a reliable call on an article and a
//! bounded cost on a 50 MB document. A call `whatlang` marks unreliable (short or mixed text)
//! falls back to the language the page or feed declares, else stays unknown; unknown documents
//! count as English for [`is_english`], so that a headline-only item is coded, not dropped.

use crate::RawDoc;

/// Bytes of text sampled for identification.
const SAMPLE_BYTES: usize = 4096;

/// A language call.
#[derive(Clone, Debug, PartialEq)]
pub struct Identified {
    /// ISO 639-1 code (`en`), or ISO 639-3 where the language has no 639-1 code.
    pub code: &'static str,
    /// English name (`German`).
    pub name: &'static str,
    /// `whatlang`'s confidence, 0–1.
    pub confidence: f64,
    /// Whether `whatlang` considers the call reliable.
    pub reliable: bool,
}

/// Identifies the language of `text` from its first few kilobytes.
pub fn identify(text: &str) -> Option<Identified> {
    let sample = &text[..crate::floor_char_boundary(text, SAMPLE_BYTES)];
    let info = whatlang::detect(sample)?;
    let lang = info.lang();
    Some(Identified {
        code: iso639_1(lang.code()),
        name: lang.eng_name(),
        confidence: info.confidence(),
        reliable: info.is_reliable(),
    })
}

/// Fills `doc.language` from its text, or from `declared` (an HTML `lang` or feed language
/// such as `en-GB`) when the text's call is unreliable.
pub fn fill(doc: &mut RawDoc, declared: Option<&str>) {
    let from_text = identify(&doc.text)
        .filter(|i| i.reliable)
        .map(|i| i.code.to_string());
    doc.language = from_text.or_else(|| declared.and_then(normalize_declared));
}

/// `en-GB`, `EN_us`, `eng` → `en`; nonsense → `None`.
pub fn normalize_declared(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    match primary.len() {
        2 if primary.bytes().all(|b| b.is_ascii_lowercase()) => Some(primary),
        3 if primary.bytes().all(|b| b.is_ascii_lowercase()) => {
            Some(iso639_1(&primary).to_string())
        }
        _ => None,
    }
}

/// Whether a document should be coded as English: its language is `en`, or unknown.
pub fn is_english(doc: &RawDoc) -> bool {
    !matches!(doc.language.as_deref(), Some(l) if l != "en")
}

/// The English name of a language code (`de` → `German`), for messages; the code itself when
/// unknown.
pub fn language_name(code: &str) -> String {
    whatlang::Lang::all()
        .iter()
        .find(|l| iso639_1(l.code()) == code || l.code() == code)
        .map_or_else(|| code.to_string(), |l| l.eng_name().to_string())
}

/// ISO 639-3 → ISO 639-1 for the languages `whatlang` knows; others are returned as given.
fn iso639_1(code: &str) -> &str {
    match code {
        "afr" => "af",
        "aka" => "ak",
        "amh" => "am",
        "ara" => "ar",
        "aze" => "az",
        "bel" => "be",
        "ben" => "bn",
        "bul" => "bg",
        "cat" => "ca",
        "ces" => "cs",
        "cmn" => "zh",
        "dan" => "da",
        "deu" => "de",
        "ell" => "el",
        "eng" => "en",
        "epo" => "eo",
        "est" => "et",
        "fin" => "fi",
        "fra" => "fr",
        "guj" => "gu",
        "heb" => "he",
        "hin" => "hi",
        "hrv" => "hr",
        "hun" => "hu",
        "hye" => "hy",
        "ind" => "id",
        "ita" => "it",
        "jav" => "jv",
        "jpn" => "ja",
        "kan" => "kn",
        "kat" => "ka",
        "khm" => "km",
        "kor" => "ko",
        "lat" => "la",
        "lav" => "lv",
        "lit" => "lt",
        "mal" => "ml",
        "mar" => "mr",
        "mkd" => "mk",
        "mya" => "my",
        "nep" => "ne",
        "nld" => "nl",
        "nob" => "nb",
        "ori" => "or",
        "pan" => "pa",
        "pes" => "fa",
        "pol" => "pl",
        "por" => "pt",
        "ron" => "ro",
        "rus" => "ru",
        "sin" => "si",
        "slk" => "sk",
        "slv" => "sl",
        "sna" => "sn",
        "spa" => "es",
        "srp" => "sr",
        "swe" => "sv",
        "tam" => "ta",
        "tel" => "te",
        "tgl" => "tl",
        "tha" => "th",
        "tuk" => "tk",
        "tur" => "tr",
        "ukr" => "uk",
        "urd" => "ur",
        "uzb" => "uz",
        "vie" => "vi",
        "yid" => "yi",
        "zul" => "zu",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn news_in_english_and_german_are_told_apart() {
        let en = "Negotiators left the border town on Thursday without an agreement, as satellite images showed armoured columns gathering near the crossing.";
        let de = "Die Unterhändler verließen die Grenzstadt am Donnerstag ohne Einigung, während Satellitenbilder Panzerkolonnen in der Nähe des Übergangs zeigten.";
        assert_eq!(identify(en).map(|i| i.code), Some("en"));
        let german = identify(de).unwrap();
        assert_eq!((german.code, german.name), ("de", "German"));
        let mut doc = RawDoc {
            text: de.into(),
            ..RawDoc::default()
        };
        fill(&mut doc, None);
        assert!(!is_english(&doc));
        assert_eq!(language_name(doc.language.as_deref().unwrap()), "German");
    }

    #[test]
    fn an_unreliable_call_falls_back_to_the_declared_language() {
        let mut doc = RawDoc {
            text: "Kharlivka".into(),
            ..RawDoc::default()
        };
        fill(&mut doc, Some("en-GB"));
        assert_eq!(doc.language.as_deref(), Some("en"));
        fill(&mut doc, None);
        assert!(doc.language.is_none() && is_english(&doc));
        assert_eq!(normalize_declared("fra"), Some("fr".into()));
        assert_eq!(normalize_declared("x!"), None);
    }
}

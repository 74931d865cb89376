//! Sentence splitting and UD-style word tokenization of raw English text.
//!
//! [`segment`] turns raw text into [`Sentence`]s of UD words whose spans are byte offsets into
//! the text. The conventions follow UD English EWT: clitics are split off (`do n't`, `I 'm`,
//! `John 's`, `gon na`, `can not`), punctuation is split from words except inside
//! abbreviations (`U.S.`, `Mr.`, `e.g.`), initials (`W.`), numbers (`1,000.5`, `10:30`, dates
//! such as `1/20/2022`), URLs, e-mail addresses, handles and hashtags; hyphenated compounds are
//! split (`search - engine`) except after common prefixes (`e-mail`, `non-profit`, `re-elect`)
//! and inside phone-number-like digit groups.
//!
//! The scanner is hand-written: one pass over the bytes to find whitespace-separated chunks,
//! one pass per chunk to cut it into tokens, and one pass over the tokens to place sentence
//! boundaries. It never panics, and allocates little beyond its output.
//!
//! [`evaluate_segmentation`] scores the segmenter against gold CoNLL-U the way the CoNLL 2018
//! shared-task scorer does (tokens, words and sentences compared as character spans).

use std::collections::{HashMap, HashSet};

use sitrep_doc::conllu::ConlluError;
use sitrep_doc::{Sentence, Span, Token};

/// Splits `text` into sentences of UD words, with byte-offset spans into `text`.
///
/// Every non-whitespace character of `text` lies in exactly one token; tokens are in text
/// order, never overlap, never contain whitespace and start and end on character boundaries.
/// A sentence's span runs from the start of its first token to the end of its last. Labels
/// other than the span are left empty.
///
/// ```
/// let sentences = sitrep_lang::tokenize::segment("I don't know. Ask Mr. Smith.");
/// assert_eq!(sentences.len(), 2);
/// assert_eq!(sentences[0].tokens.len(), 5); // I do n't know .
/// ```
pub fn segment(text: &str) -> Vec<Sentence> {
    let mut toks = tokenize(text);
    unwrap_lines(text, &mut toks);
    split_sentences(text, &toks)
}

/// In hard-wrapped text (lines broken at a fixed width, so that many lines go on in lowercase)
/// a single line break says nothing about sentences: it is treated as a space.
fn unwrap_lines(text: &str, toks: &mut [Tok]) {
    let mut breaks = 0usize;
    let mut continued = 0usize;
    for k in 1..toks.len() {
        if toks[k].gap == Gap::Line {
            breaks += 1;
            let prev = &text[toks[k - 1].start..toks[k - 1].end];
            let next = &text[toks[k].start..toks[k].end];
            if starts_lower(next) && !prev.chars().all(is_terminal) {
                continued += 1;
            }
        }
    }
    if breaks >= 3 && continued * 10 >= breaks * 3 {
        for t in toks.iter_mut().filter(|t| t.gap == Gap::Line) {
            t.gap = Gap::Space;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Tokens and the whitespace before them
// ---------------------------------------------------------------------------------------------

/// What separates a token from the one before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Gap {
    /// Nothing: the token is glued to the previous one.
    Glued,
    /// Horizontal whitespace only.
    Space,
    /// Whitespace with exactly one line break.
    Line,
    /// Whitespace with two or more line breaks (a paragraph break), or a Unicode paragraph
    /// separator. Always a sentence boundary.
    Para,
}

#[derive(Clone, Copy, Debug)]
struct Tok {
    start: usize,
    end: usize,
    gap: Gap,
}

/// Cuts `text` into tokens, remembering the whitespace before each.
fn tokenize(text: &str) -> Vec<Tok> {
    let bytes = text.as_bytes();
    let mut toks: Vec<Tok> = Vec::with_capacity(text.len() / 5 + 1);
    let mut chunk: Vec<(usize, usize)> = Vec::with_capacity(16);
    let mut i = 0;
    let mut breaks = 0u32;
    let mut spaced = false;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            match b {
                b' ' | b'\t' => {
                    spaced = true;
                    i += 1;
                    continue;
                }
                b'\n' | 0x0B | 0x0C => {
                    breaks += 1;
                    spaced = true;
                    i += 1;
                    continue;
                }
                b'\r' => {
                    if bytes.get(i + 1) != Some(&b'\n') {
                        breaks += 1;
                    }
                    spaced = true;
                    i += 1;
                    continue;
                }
                _ => {}
            }
        } else if let Some(c) = text[i..].chars().next() {
            if c.is_whitespace() {
                match c {
                    '\u{2029}' => breaks += 2,
                    '\u{2028}' | '\u{85}' => breaks += 1,
                    _ => {}
                }
                spaced = true;
                i += c.len_utf8();
                continue;
            }
        }
        let end = chunk_end(text, i);
        let gap = match breaks {
            0 if !spaced => Gap::Glued,
            0 => Gap::Space,
            1 => Gap::Line,
            _ => Gap::Para,
        };
        chunk.clear();
        tokenize_chunk(text, i, end, &mut chunk);
        for (k, &(start, stop)) in chunk.iter().enumerate() {
            toks.push(Tok {
                start,
                end: stop,
                gap: if k == 0 { gap } else { Gap::Glued },
            });
        }
        breaks = 0;
        spaced = false;
        i = end;
    }
    toks
}

/// The end of the run of non-whitespace characters starting at `i`.
fn chunk_end(text: &str, mut i: usize) -> usize {
    let bytes = text.as_bytes();
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if b == b' ' || (b'\t'..=b'\r').contains(&b) {
                return i;
            }
            i += 1;
        } else {
            match text[i..].chars().next() {
                Some(c) if c.is_whitespace() => return i,
                Some(c) => i += c.len_utf8(),
                None => return i,
            }
        }
    }
    i
}

// ---------------------------------------------------------------------------------------------
// Character classes
// ---------------------------------------------------------------------------------------------

/// The character at byte `i` (which must be a char boundary), or NUL past the end.
#[inline]
fn char_at(text: &str, i: usize) -> char {
    match text.as_bytes().get(i) {
        Some(&b) if b < 0x80 => b as char,
        Some(_) => text.get(i..).and_then(|s| s.chars().next()).unwrap_or('\0'),
        None => '\0',
    }
}

/// Characters that attach to whatever precedes them: combining marks, variation selectors,
/// joiners, emoji modifiers and tags.
fn is_joiner(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{00AD}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{200C}'..='\u{200D}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{FE20}'..='\u{FE2F}'
        | '\u{1F3FB}'..='\u{1F3FF}'
        | '\u{E0020}'..='\u{E007F}'
        | '\u{E0100}'..='\u{E01EF}')
}

/// Letters, digits and the marks of scripts that write words with them.
#[inline]
fn is_word(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    if c.is_alphanumeric() {
        return true;
    }
    // Non-alphanumeric, non-ASCII: punctuation and symbol blocks are not word characters;
    // anything else (mostly combining marks of other scripts) is.
    !matches!(c,
        '\u{0080}'..='\u{00BF}'
        | '\u{00D7}'
        | '\u{00F7}'
        | '\u{02B9}'..='\u{02DF}'
        | '\u{037E}'
        | '\u{0387}'
        | '\u{055A}'..='\u{055F}'
        | '\u{0589}'..='\u{058A}'
        | '\u{05BE}'
        | '\u{05C0}'
        | '\u{05C3}'
        | '\u{05F3}'..='\u{05F4}'
        | '\u{0600}'..='\u{060F}'
        | '\u{061B}'..='\u{061F}'
        | '\u{066A}'..='\u{066D}'
        | '\u{06D4}'
        | '\u{0964}'..='\u{0965}'
        | '\u{0E3F}'
        | '\u{2000}'..='\u{2BFF}'
        | '\u{2E00}'..='\u{2E7F}'
        | '\u{3000}'..='\u{303F}'
        | '\u{E000}'..='\u{F8FF}'
        | '\u{FE10}'..='\u{FE1F}'
        | '\u{FE30}'..='\u{FE6F}'
        | '\u{FEFF}'
        | '\u{FF00}'..='\u{FF0F}'
        | '\u{FF1A}'..='\u{FF20}'
        | '\u{FF3B}'..='\u{FF40}'
        | '\u{FF5B}'..='\u{FF65}'
        | '\u{FFE0}'..='\u{FFFF}'
        | '\u{1F000}'..='\u{1FAFF}'
        | '\u{F0000}'..)
}

#[inline]
fn is_word_at(text: &str, i: usize, end: usize) -> bool {
    i < end && is_word(char_at(text, i))
}

/// A single quote or apostrophe in any of its spellings.
#[inline]
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '`' | '\u{2018}')
}

/// Sentence-final punctuation.
#[inline]
fn is_terminal(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '\u{2026}' | '\u{203C}' | '\u{2047}'..='\u{2049}'
    )
}

/// Skips a run of word characters starting at `i`.
#[inline]
fn run_end(text: &str, mut i: usize, end: usize) -> usize {
    let bytes = text.as_bytes();
    while i < end {
        let b = bytes[i];
        if b < 0x80 {
            if !b.is_ascii_alphanumeric() {
                return i;
            }
            i += 1;
        } else {
            let c = char_at(text, i);
            if !(is_word(c) || is_joiner(c)) {
                return i;
            }
            i += c.len_utf8();
        }
    }
    i
}

/// Skips joiner characters starting at `i`.
#[inline]
fn skip_joiners(text: &str, mut i: usize, end: usize) -> usize {
    while i < end && text.as_bytes()[i] >= 0x80 {
        let c = char_at(text, i);
        if !is_joiner(c) {
            break;
        }
        i += c.len_utf8();
    }
    i
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn all_ascii_letters(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphabetic())
}

fn has_digit(s: &str) -> bool {
    s.bytes().any(|b| b.is_ascii_digit())
}

fn has_letter(s: &str) -> bool {
    s.chars().any(|c| c.is_alphabetic())
}

/// ASCII-lowercases `s` into `buf` if it fits; `None` for long or non-ASCII words.
fn lower<'a>(s: &str, buf: &'a mut [u8; 24]) -> Option<&'a str> {
    if s.len() > buf.len() || !s.is_ascii() {
        return None;
    }
    let out = &mut buf[..s.len()];
    out.copy_from_slice(s.as_bytes());
    out.make_ascii_lowercase();
    std::str::from_utf8(out).ok()
}

fn starts_upper(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_uppercase())
}

fn starts_lower(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_lowercase())
}

// ---------------------------------------------------------------------------------------------
// Word lists
// ---------------------------------------------------------------------------------------------

/// Abbreviations that are also ordinary words.
const AMBIGUOUS_ABBREVIATIONS: &[&str] = &[
    "no", "nos", "mar", "sat", "sun", "wed", "ill", "ind", "miss", "mass", "wash", "del", "la",
    "pa", "mo", "ore", "art", "ch", "ca", "fig", "est", "max", "min", "al", "pt", "det", "hon",
    "v", "ft", "sec", "div", "doz", "info", "ave", "rd",
];

/// Prefixes that EWT keeps attached to the word after their hyphen.
const HYPHEN_PREFIXES: &[&str] = &[
    "e", "non", "mid", "anti", "pre", "re", "post", "over", "co", "pro", "multi", "ex", "semi",
    "sub", "cross", "neo", "counter", "psycho", "socio", "intra", "micro", "un", "mis", "arch",
    "inter", "extra", "ultra", "hyper", "mega", "macro", "pseudo", "quasi", "trans", "bi", "tri",
    "de", "infra", "supra", "uni", "mono", "poly", "auto", "geo", "bio", "eco",
];

/// Top-level domains and file extensions.
const DOTTED_SUFFIXES: &[&str] = &[
    "com", "org", "net", "edu", "gov", "mil", "int", "info", "biz", "io", "co", "uk", "us", "ca",
    "au", "de", "fr", "ru", "cn", "jp", "in", "tv", "me", "ly", "eu", "nz", "ie", "za", "doc",
    "docx", "xls", "xlsx", "ppt", "pptx", "pdf", "txt", "htm", "html", "php", "asp", "aspx", "jsp",
    "cfm", "jpg", "jpeg", "gif", "png", "mp3", "mp4", "avi", "wav", "zip", "exe", "url", "csv",
    "xml", "json", "rtf", "js", "css",
];

/// Days, months and time zones, which go on a clock time.
#[rustfmt::skip]
const TIME_QUALIFIERS: &[&str] = &[
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "est", "edt", "et", "cst", "cdt", "ct", "mst", "mdt", "pst", "pdt",
    "pt", "gmt", "utc", "bst", "cet", "eastern", "central", "mountain", "pacific", "local",
    "today", "tomorrow", "tonight",
];

/// Capitalised words that open sentences.
#[rustfmt::skip]
const SENTENCE_STARTERS: &[&str] = &[
    "The", "A", "An", "He", "She", "It", "They", "We", "I", "You", "This", "That", "These",
    "Those", "There", "But", "And", "So", "Yet", "Or", "In", "On", "At", "As", "If", "When",
    "While", "After", "Before", "Since", "Although", "However", "Meanwhile", "Its", "His", "Her",
    "Their", "Our", "My", "Your", "What", "Why", "How", "Who", "Where", "Some", "Many", "Most",
    "Also", "Then", "Now", "Still", "Please", "Thanks", "Thank", "Here", "Let", "See", "Call",
    "Can", "Could", "Will", "Would", "Should", "Do", "Does", "Did", "Is", "Are", "Was", "Were",
    "For", "To", "From", "With", "By", "No", "Yes", "Not", "Mr.", "Mrs.", "Ms.", "Dr.",
];

/// Words after "its" that make it "it's".
#[rustfmt::skip]
const PREDICATE_STARTS: &[&str] = &[
    "not", "a", "an", "really", "simply", "very", "like", "definitely", "also", "only", "just",
    "all", "been", "getting", "going", "gonna", "still", "now", "called", "nothing", "too",
    "always", "never", "probably", "actually", "pretty", "kind", "sort", "ok", "okay", "fine",
    "good", "great", "easy", "hard", "important", "simple", "necessary", "horrible", "cheap",
    "rare", "true", "worth", "about", "because", "time", "that", "what", "over", "my", "your",
    "his", "her", "their", "no", "in", "for", "from", "between", "at", "quite", "so", "the",
    "less", "more", "funny", "nice", "amazing", "awesome", "cool", "better", "worse", "hot",
    "cold", "free", "open", "closed", "expensive", "possible", "impossible", "illegal", "legal",
    "up", "on", "out", "here", "there", "ready", "fun", "sad", "bad", "being", "supposed",
    "gotten", "got", "had", "almost", "usually", "obviously", "definately", "prolly", "basically",
    "best",
];

/// Units and multipliers that EWT splits from a number glued to them.
const UNITS: &[&str] = &[
    "k", "m", "mm", "bn", "b", "cm", "km", "kg", "g", "mg", "gb", "mb", "tb", "kb", "ft", "lb",
    "lbs", "oz", "am", "pm", "hr", "hrs", "min", "mins", "yr", "yrs", "mph", "kph", "ml", "mw",
    "kw", "kwh", "mwh", "ghz", "mhz", "in", "sec", "secs", "day", "days", "pc", "p", "t", "tn",
    "bln", "mln", "hz", "khz", "hh", "watt", "w", "v", "c", "f", "l", "cc",
];

/// Abbreviations that take a period, lowercased. `true`: they can end a sentence (`Inc.`,
/// `etc.`); `false`: they introduce what follows (`Mr.`, `Gen.`, `vs.`) and never do.
fn abbreviation(lower: &str) -> Option<bool> {
    Some(match lower {
        // Titles and ranks: always followed by a name.
        "mr" | "mrs" | "ms" | "dr" | "prof" | "gen" | "lt" | "col" | "sgt" | "capt" | "cpt"
        | "cmdr" | "adm" | "maj" | "brig" | "cpl" | "pvt" | "sen" | "sens" | "rep" | "reps"
        | "gov" | "pres" | "rev" | "fr" | "hon" | "messrs" | "mmes" | "mme" | "mlle" | "drs"
        | "supt" | "insp" | "det" | "atty" | "amb" | "mt" | "ft" | "pt" => false,
        // Introduce what follows.
        "vs" | "v" | "no" | "nos" | "approx" | "ca" | "cf" | "viz" | "fig" | "figs" | "vol"
        | "vols" | "pp" | "ch" | "art" | "sec" | "ext" | "tel" | "attn" | "esp" => false,
        // Months and days.
        "jan" | "feb" | "mar" | "apr" | "jun" | "jul" | "aug" | "sep" | "sept" | "oct" | "nov"
        | "dec" | "mon" | "tue" | "tues" | "wed" | "thu" | "thur" | "thurs" | "fri" | "sat"
        | "sun" => true,
        // Companies, suffixes and the rest.
        "st" | "sts" | "inc" | "corp" | "co" | "ltd" | "llc" | "plc" | "bros" | "jr" | "sr"
        | "esq" | "etc" | "al" | "dept" | "univ" | "assn" | "assoc" | "govt" | "intl" | "natl"
        | "est" | "yrs" | "hrs" | "mins" | "secs" | "lb" | "lbs" | "oz" | "sq" | "avg" | "max"
        | "min" | "blvd" | "ave" | "rd" | "hwy" | "apt" | "bldg" | "misc" | "info" | "eg"
        | "ie" | "ps" | "pls" | "tbsp" | "tsp" | "doz" | "dist" | "div" | "mfg" | "mgr" | "ph" => {
            true
        }
        // US states written the AP way.
        "ala" | "ariz" | "ark" | "calif" | "colo" | "conn" | "del" | "fla" | "ga" | "ill"
        | "ind" | "kan" | "kans" | "ky" | "la" | "md" | "mass" | "mich" | "minn" | "miss"
        | "mo" | "mont" | "neb" | "nev" | "okla" | "ore" | "pa" | "tenn" | "tex" | "va" | "vt"
        | "wash" | "wis" | "wyo" => true,
        _ => return None,
    })
}

/// Abbreviations that are also ordinary words; they keep their period only when capitalised
/// (`Mar.`, `Ill.`) or, for `no`, before a number.
fn ambiguous_abbreviation(lower: &str) -> bool {
    AMBIGUOUS_ABBREVIATIONS.contains(&lower)
}

/// Prefixes that UD English EWT keeps attached to the word after their hyphen.
fn hyphen_prefix(lower: &str) -> bool {
    HYPHEN_PREFIXES.contains(&lower)
}

/// Suffixes that EWT keeps attached to the word before their hyphen.
fn hyphen_suffix(lower: &str) -> bool {
    matches!(
        lower,
        "wise" | "esque" | "mail" | "mails" | "mailed" | "mailing"
    )
}

/// Top-level domains and file extensions: a period before them is part of the word.
fn dotted_suffix(lower: &str) -> bool {
    DOTTED_SUFFIXES.contains(&lower)
}

/// File extensions, which can follow a bracket: `(draft).doc`.
fn file_extension(lower: &str) -> bool {
    dotted_suffix(lower)
        && lower.len() >= 3
        && !matches!(
            lower,
            "com" | "org" | "net" | "edu" | "gov" | "mil" | "int" | "biz"
        )
}

/// Contractions written without an apostrophe that EWT splits, with the split point.
fn bare_contraction(lower: &str) -> Option<usize> {
    Some(match lower {
        "dont" | "cant" | "wont" | "isnt" | "aint" | "arnt" | "hes" => 2,
        "didnt" | "arent" | "wasnt" | "hasnt" | "hadnt" | "lets" | "shes" | "weve" => 3,
        "doesnt" | "werent" | "havent" | "thats" | "whats" | "theyre" | "theyve" | "theyll" => 4,
        "couldnt" | "wouldnt" | "theres" => 5,
        "shouldnt" => 6,
        "im" | "ive" => 1,
        "youre" | "youve" | "youll" => 3,
        "cannot" | "gonna" | "wanna" | "gotta" | "outta" => 3,
        "alot" => 1,
        _ => return None,
    })
}

/// Words that go on a clock time: days, months and time zones.
fn time_qualifier(word: &str) -> bool {
    let word = word.strip_suffix('.').unwrap_or(word);
    let mut buf = [0u8; 24];
    let Some(low) = lower(word, &mut buf) else {
        return false;
    };
    TIME_QUALIFIERS.contains(&low)
        || abbreviation(low).is_some_and(|can_end| can_end && low.len() <= 5)
}

/// Capitalised words that, after an abbreviation's period, make it end a sentence.
fn sentence_starter(word: &str) -> bool {
    SENTENCE_STARTERS.contains(&word)
}

// ---------------------------------------------------------------------------------------------
// Cutting a chunk into tokens
// ---------------------------------------------------------------------------------------------

/// Cuts the whitespace-free chunk `text[start..end]` into tokens.
fn tokenize_chunk(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let mut i = start;
    let at = text.as_bytes()[start..end].contains(&b'@');
    while i < end {
        let c = char_at(text, i);
        if let Some(j) = url_end(text, i, end) {
            out.push((i, j));
            i = j;
        } else if let Some(j) = if at { email_end(text, i, end) } else { None } {
            out.push((i, j));
            i = j;
        } else if is_word(c) {
            i = scan_word(text, i, end, out);
        } else {
            i = scan_punct(text, i, end, out);
        }
    }
}

/// If an e-mail address starts at `i`, where it ends. The local part may be shortened with
/// dots the way mailing-list archives hide addresses (`franz371...@gmail.com`).
fn email_end(text: &str, i: usize, end: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let local = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'%' | b'+' | b'-');
    if !bytes[i].is_ascii_alphanumeric() {
        return None;
    }
    // Local parts are at most 64 bytes, which also keeps the scan linear.
    let mut k = i;
    let limit = end.min(i + 64);
    while k < limit && local(bytes[k]) {
        k += 1;
    }
    if k >= limit || bytes[k] != b'@' {
        return None;
    }
    // Domain: labels separated by dots, at least one dot, ending in letters.
    let mut j = k + 1;
    let mut last_dot = 0;
    while j < end {
        let b = bytes[j];
        if b.is_ascii_alphanumeric() || b == b'-' {
            j += 1;
        } else if b == b'.' && j + 1 < end && bytes[j + 1].is_ascii_alphanumeric() {
            last_dot = j;
            j += 1;
        } else {
            break;
        }
    }
    if last_dot == 0 || !bytes[last_dot + 1..j].iter().all(u8::is_ascii_alphabetic) {
        return None;
    }
    Some(j)
}

/// If a URL starts at `i`, where it ends.
fn url_end(text: &str, i: usize, end: usize) -> Option<usize> {
    let bytes = &text.as_bytes()[i..end];
    let first = *bytes.first()?;
    if !matches!(first, b'h' | b'H' | b'f' | b'F' | b'w' | b'W' | b'm' | b'M') {
        return None;
    }
    let has = |p: &[u8]| bytes.len() > p.len() && bytes[..p.len()].eq_ignore_ascii_case(p);
    let www = has(b"www.") && bytes.get(4).is_some_and(|b| b.is_ascii_alphanumeric());
    if !(has(b"http://")
        || has(b"https://")
        || has(b"ftp://")
        || has(b"mailto:")
        || has(b"ymsgr:")
        || www)
    {
        return None;
    }
    // Up to the chunk end or an angle bracket or double quote.
    let mut j = i;
    let mut parens = 0i32;
    while j < end {
        let c = char_at(text, j);
        if matches!(c, '<' | '>' | '"' | '\u{201C}' | '\u{201D}' | '[' | ']') {
            break;
        }
        match c {
            '(' => parens += 1,
            ')' => parens -= 1,
            _ => {}
        }
        j += c.len_utf8();
    }
    // Trailing punctuation belongs to the sentence.
    while j > i {
        let b = text.as_bytes()[j - 1];
        let strip = match b {
            b'.' | b',' | b';' | b':' | b'!' | b'?' | b'\'' | b'}' => true,
            b')' if parens < 0 => {
                parens += 1;
                true
            }
            _ => false,
        };
        if !strip {
            break;
        }
        j -= 1;
    }
    // A bare scheme is not a URL.
    if j - i < 8 {
        return None;
    }
    Some(j)
}

/// Scans a word starting at `i` (a word character) and pushes its tokens; returns where the
/// scan stopped.
fn scan_word(text: &str, i: usize, end: usize, out: &mut Vec<(usize, usize)>) -> usize {
    let bytes = text.as_bytes();
    let mut run_start = i;
    let mut j = run_end(text, i, end);
    // What joined the word's runs together.
    let mut dots = 0usize;
    let mut short_dotted = true; // every dot-separated run is 1-2 ASCII letters
    let mut other = false; // joined by something that rules out clitics and abbreviations
    let mut apostrophe = false;
    let mut named = false; // a domain, file or user name: joined by '.', '_' or '@' to letters
    let mut lbuf = [0u8; 24];
    let mut rbuf = [0u8; 24];
    loop {
        if j >= end {
            break;
        }
        let b = bytes[j];
        let left = &text[run_start..j];
        match b {
            b'.' => {
                if !is_word_at(text, j + 1, end) {
                    break;
                }
                let r_end = run_end(text, j + 1, end);
                let right = &text[j + 1..r_end];
                let short = |s: &str| s.len() <= 2 && all_ascii_letters(s);
                let more =
                    r_end + 1 < end && bytes[r_end] == b'.' && is_word_at(text, r_end + 1, end);
                let join = has_digit(left)
                    || has_digit(right)
                    || (short(left) && short(right))
                    || dots > 0
                    || more
                    || other
                    || lower(right, &mut rbuf).is_some_and(dotted_suffix)
                    || !starts_upper(right) && !starts_lower(right)
                    || (starts_lower(right) && !starts_lower(left) && left.len() > 2);
                if !join {
                    break;
                }
                if dots == 0 && !short(left) {
                    short_dotted = false;
                }
                named |= has_letter(left) && has_letter(right) && !(short(left) && short(right));
                if !short(right) {
                    short_dotted = false;
                }
                dots += 1;
                run_start = j + 1;
                j = r_end;
            }
            b',' => {
                // Thousands separator (1,000) or decimal comma (7,5): digits on both sides.
                let r_end = run_end(text, j + 1, end);
                let right = &text[j + 1..r_end];
                let digits = right.bytes().take_while(u8::is_ascii_digit).count();
                let ok = all_digits(left)
                    && (digits == 3
                        || (digits == right.len()
                            && (1..=2).contains(&digits)
                            && left.len() <= 3
                            && dots == 0));
                if !ok {
                    break;
                }
                // "3,000lb": the unit is split off below.
                run_start = j + 1;
                j = r_end;
            }
            b':' => {
                if !(bytes[j - 1].is_ascii_digit()
                    && bytes.get(j + 1).is_some_and(u8::is_ascii_digit)
                    && j + 1 < end)
                {
                    break;
                }
                other = true;
                run_start = j + 1;
                j = run_end(text, j + 1, end);
            }
            b'_' | b'@' => {
                if !is_word_at(text, j + 1, end) {
                    break;
                }
                other = true;
                named = true;
                run_start = j + 1;
                j = run_end(text, j + 1, end);
            }
            b'&' => {
                let r_end = run_end(text, j + 1, end);
                let right = &text[j + 1..r_end];
                if !(left.len() <= 4
                    && right.len() <= 4
                    && all_ascii_letters(left)
                    && all_ascii_letters(right))
                {
                    break;
                }
                other = true;
                run_start = j + 1;
                j = r_end;
            }
            b'-' => {
                if !is_word_at(text, j + 1, end) {
                    break;
                }
                if named {
                    // Inside a domain, file or newsgroup name.
                    run_start = j + 1;
                    j = run_end(text, j + 1, end);
                    continue;
                }
                match hyphen_join(text, run_start, j, end) {
                    Some(k) => {
                        run_start = j + 1;
                        j = k;
                    }
                    None => break,
                }
            }
            b'/' if run_start == i && j == i + 1 && (bytes[i] | 0x20) == b'w' => {
                // "w/" (with), "w/o" and "w/out" are words.
                let r_end = run_end(text, j + 1, end);
                let right = &text[j + 1..r_end];
                let o = right.eq_ignore_ascii_case("o") || right.eq_ignore_ascii_case("out");
                let k = if o && !(r_end < end && bytes[r_end] == b'/') {
                    r_end
                } else {
                    j + 1
                };
                out.push((i, k));
                return k;
            }
            b'/' => match slash_join(text, run_start, j, end) {
                Some(k) => {
                    other = true;
                    run_start = j + 1;
                    j = k;
                }
                None => break,
            },
            _ => {
                let c = char_at(text, j);
                if is_apostrophe(c)
                    && c != '\u{2018}'
                    && is_word_at(text, j + c.len_utf8(), end)
                    && (!all_digits(left) || {
                        // 5'11 is feet and inches, but the 80's is one word.
                        let r = j + c.len_utf8();
                        let e = run_end(text, r, end);
                        text[r..e].eq_ignore_ascii_case("s")
                    })
                {
                    apostrophe = true;
                    run_start = j + c.len_utf8();
                    j = run_end(text, run_start, end);
                    continue;
                }
                break;
            }
        }
    }
    let word = &text[i..j];
    // A period after an abbreviation or an initial belongs to it.
    if j < end
        && bytes[j] == b'.'
        && !other
        && !apostrophe
        && keeps_period(text, i, j, end, dots, short_dotted, &mut lbuf)
    {
        out.push((i, j + 1));
        return j + 1;
    }
    if let Some(k) = unit_split(word, &mut lbuf) {
        out.push((i, i + k));
        out.push((i + k, j));
        return j;
    }
    if dots == 0 && !other {
        let split =
            clitic_split(word, apostrophe, &mut lbuf).or_else(|| its_split(text, word, j, end));
        if let Some(k) = split {
            out.push((i, i + k));
            out.push((i + k, j));
            return j;
        }
    }
    out.push((i, j));
    j
}

/// Whether the word `text[i..j]`, followed by a period at `j`, keeps that period.
fn keeps_period(
    text: &str,
    i: usize,
    j: usize,
    end: usize,
    dots: usize,
    short_dotted: bool,
    buf: &mut [u8; 24],
) -> bool {
    let bytes = text.as_bytes();
    // "etc..." and "pls..?" are a word and punctuation, but "Inc.." is the abbreviation and a
    // full stop and "T.V.?" the abbreviation and a question mark.
    if j + 2 < end && bytes[j + 1] == b'.' && is_terminal(char_at(text, j + 2)) {
        return false;
    }
    let word = &text[i..j];
    if dots > 0 {
        return short_dotted;
    }
    // Initials.
    if word.len() == 1 {
        return bytes[i].is_ascii_uppercase();
    }
    let Some(low) = lower(word, buf) else {
        return false;
    };
    if abbreviation(low).is_none() {
        return false;
    }
    if low == "no" || low == "nos" {
        // "No. 5": only before a number.
        return next_nonspace(text, j + 1).is_some_and(|c| c.is_ascii_digit());
    }
    if ambiguous_abbreviation(low) {
        return bytes[i].is_ascii_uppercase()
            && !word.bytes().skip(1).all(|b| b.is_ascii_uppercase())
            || low == "v";
    }
    true
}

/// The first non-whitespace character at or after `i`.
fn next_nonspace(text: &str, i: usize) -> Option<char> {
    text.get(i..)?.chars().find(|c| !c.is_whitespace())
}

/// Where a clitic starts inside `word`, if it has one.
fn clitic_split(word: &str, apostrophe: bool, buf: &mut [u8; 24]) -> Option<usize> {
    let bytes = word.as_bytes();
    let n = bytes.len();
    if apostrophe {
        // The last apostrophe and what follows it.
        let (pos, ap) = word.char_indices().rev().find(|&(_, c)| is_apostrophe(c))?;
        let after = &word[pos + ap.len_utf8()..];
        let before = &word[..pos];
        if before.is_empty() {
            return None;
        }
        let mut tbuf = [0u8; 24];
        let tail = lower(after, &mut tbuf)?;
        match tail {
            "t" if before.len() >= 2
                && before.as_bytes()[before.len() - 1].eq_ignore_ascii_case(&b'n') =>
            {
                // do|n't, ca|n't, wo|n't.
                return Some(pos - 1);
            }
            "s" | "m" | "d" | "re" | "ve" | "ll" => {
                if all_digits(before) {
                    return None; // the 80's
                }
                return Some(pos);
            }
            _ => return None,
        }
    }
    if !(2..=8).contains(&n) {
        return None;
    }
    let low = lower(word, buf)?;
    bare_contraction(low)
}

/// Splits a number from a unit or multiplier glued to it (`5kg`, `10am`, `65k`), as EWT does;
/// ordinals (`3rd`), decades (`1980s`) and codes (`83N`) stay whole.
fn unit_split(word: &str, buf: &mut [u8; 24]) -> Option<usize> {
    // The number: digits with inner separators (10.5, 7:30, 3,000).
    let bytes = word.as_bytes();
    let mut digits = 0;
    while digits < bytes.len() {
        let b = bytes[digits];
        let inner = matches!(b, b'.' | b',' | b':')
            && digits > 0
            && bytes.get(digits + 1).is_some_and(u8::is_ascii_digit);
        if !(b.is_ascii_digit() || inner) {
            break;
        }
        digits += 1;
    }
    if digits == 0 || digits == word.len() || !all_ascii_letters(&word[digits..]) {
        return None;
    }
    let unit = lower(&word[digits..], buf)?;
    let is_unit = UNITS.contains(&unit);
    // Uppercase single letters other than K and M are codes (83N, 17H).
    let code = word.len() - digits == 1
        && !matches!(unit, "k" | "m")
        && word.as_bytes()[digits].is_ascii_uppercase();
    if is_unit && !code {
        Some(digits)
    } else {
        None
    }
}

/// "its" written for "it's" splits as EWT does (`it s`) when what follows reads like a
/// predicate rather than a possessed noun.
fn its_split(text: &str, word: &str, j: usize, end: usize) -> Option<usize> {
    if !word.eq_ignore_ascii_case("its") || j != end {
        return None;
    }
    let rest = text.get(j..)?.trim_start();
    let n = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
    let mut buf = [0u8; 24];
    let next = lower(&rest[..n], &mut buf)?;
    let predicate = PREDICATE_STARTS.contains(&next);
    if predicate || n == 0 {
        Some(2)
    } else {
        None
    }
}

/// Decides a hyphen at `h` after the run `text[run_start..h]`: the end of the joined word, or
/// `None` to split.
fn hyphen_join(text: &str, run_start: usize, h: usize, end: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let left = &text[run_start..h];
    let r_end = run_end(text, h + 1, end);
    let right = &text[h + 1..r_end];
    if all_digits(left) && all_digits(right) {
        // Digit groups: phone numbers and codes stay whole, ranges split.
        let mut groups = vec![left.len(), right.len()];
        let mut k = r_end;
        while k + 1 < end && bytes[k] == b'-' && bytes[k + 1].is_ascii_digit() {
            let e = run_end(text, k + 1, end);
            if !all_digits(&text[k + 1..e]) {
                break;
            }
            groups.push(e - k - 1);
            k = e;
        }
        let phone = groups.len() >= 3 || (groups[1] == 4 && groups[0] <= 5 && groups[0] != 4);
        return if phone { Some(k) } else { None };
    }
    let mut buf = [0u8; 24];
    let measure = |s: &str, buf: &mut [u8; 24]| unit_split(s, buf).is_some();
    if (has_digit(left) && has_letter(left) || has_digit(right) && has_letter(right))
        && !measure(left, &mut buf)
        && !measure(right, &mut buf)
    {
        // Codes: x3-9890, CCA-15b.
        return Some(r_end);
    }
    if lower(left, &mut buf).is_some_and(hyphen_prefix) {
        return Some(r_end);
    }
    if lower(right, &mut buf).is_some_and(hyphen_suffix) {
        return Some(r_end);
    }
    None
}

/// Decides a slash at `s` after the run `text[run_start..s]`: the end of the joined word, or
/// `None` to split.
fn slash_join(text: &str, run_start: usize, s: usize, end: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let left = &text[run_start..s];
    if !is_word_at(text, s + 1, end) {
        return None;
    }
    let r_end = run_end(text, s + 1, end);
    let right = &text[s + 1..r_end];
    if all_digits(left) && all_digits(right) {
        let mut groups = vec![left, right];
        let mut k = r_end;
        while k + 1 < end && bytes[k] == b'/' && bytes[k + 1].is_ascii_digit() {
            let e = run_end(text, k + 1, end);
            if !all_digits(&text[k + 1..e]) {
                break;
            }
            groups.push(&text[k + 1..e]);
            k = e;
        }
        if groups.len() >= 3 {
            return Some(k);
        }
        if left.len() == 3 && right.len() == 3 && bytes.get(r_end) == Some(&b'-') {
            // An area code: 713/345-7942.
            return Some(r_end);
        }
        let a: u32 = left.parse().unwrap_or(99);
        let b: u32 = right.parse().unwrap_or(99);
        let date = (1..=12).contains(&a)
            && (1..=31).contains(&b)
            && !(left.len() == 1 && right.len() == 1);
        return if date { Some(k) } else { None };
    }
    // b/c, I/O, w/o: single letters.
    let single = |s: &str| s.len() == 1 && all_ascii_letters(s);
    let next_slash = r_end < end && bytes[r_end] == b'/';
    if single(left) && single(right) && !next_slash {
        return Some(r_end);
    }
    None
}

/// Scans punctuation or symbols at `i` and pushes the token; returns where it stopped.
fn scan_punct(text: &str, i: usize, end: usize, out: &mut Vec<(usize, usize)>) -> usize {
    let bytes = text.as_bytes();
    let c = char_at(text, i);
    let cl = c.len_utf8();
    let after = char_at(text, i + cl);
    let next = i + cl;
    let j = if c == '.' && after.is_ascii_digit() {
        // .04, .5: a number without its leading zero.
        let mut k = run_end(text, next, end);
        while k + 1 < end && bytes[k] == b'.' && bytes[k + 1].is_ascii_digit() {
            k = run_end(text, k + 1, end);
        }
        k
    } else if c == '.' && is_word_at(text, next, end) && {
        let e = run_end(text, next, end);
        let mut buf = [0u8; 24];
        !is_word_at(text, e, end)
            && (e == end || bytes[e] != b'.')
            && lower(&text[next..e], &mut buf).is_some_and(file_extension)
    } {
        // ".doc" after a file name in brackets.
        run_end(text, next, end)
    } else if is_terminal(c) {
        // ... ?! !!! — one token.
        let mut k = next;
        while k < end && is_terminal(char_at(text, k)) {
            k += char_at(text, k).len_utf8();
        }
        k
    } else if let Some(k) = emoticon(text, i, end) {
        k
    } else if is_apostrophe(c)
        && next < end
        && is_apostrophe(after)
        && (c == after || c == '\u{2018}')
    {
        // '' `` ’’ ‘’ : a double quote spelled with two single ones.
        next + after.len_utf8()
    } else if is_apostrophe(c)
        && next < end
        && after.is_ascii_digit()
        && !text[..i].chars().next_back().is_some_and(is_word)
    {
        // '72, '60s.
        let e = run_end(text, next, end);
        let run = &text[next..e];
        let digits = run.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 2 && (run.len() == 2 || &run[2..] == "s") {
            e
        } else {
            next
        }
    } else if is_apostrophe(c) && next < end && after.is_ascii_alphabetic() && {
        let e = run_end(text, next, end);
        let mut buf = [0u8; 24];
        !is_word_at(text, e, end)
            && (e == end || !is_apostrophe(char_at(text, e)))
            && lower(&text[next..e], &mut buf)
                .is_some_and(|w| matches!(w, "s" | "re" | "ve" | "ll" | "d" | "m" | "em"))
    } {
        // A clitic written apart from its host ("the 1960 's"), or 'em.
        run_end(text, next, end)
    } else if (c == '@' || c == '#') && next < end && char_at(text, next).is_alphabetic() {
        // @handle, #hashtag, @domain.com.
        let mut k = next;
        while k < end {
            let d = char_at(text, k);
            if !(is_word(d) || d == '_' || is_joiner(d) || d == '.' && is_word_at(text, k + 1, end))
            {
                break;
            }
            k += d.len_utf8();
        }
        k
    } else if c == '+' && after.is_ascii_digit() && next < end {
        // +1, +44 (a country code).
        run_end(text, next, end)
    } else if (c == '-' || c == '=')
        && bytes[i..end]
            .iter()
            .take_while(|&&b| b == b'-' || b == b'=')
            .count()
            >= 3
    {
        // Rules drawn with dashes and equals signs: ====----, ---=.
        i + bytes[i..end]
            .iter()
            .take_while(|&&b| b == b'-' || b == b'=')
            .count()
    } else {
        // A run of the same character is one token (--, ***, !!!, <<).
        let mut k = next;
        while k < end && char_at(text, k) == c {
            k += cl;
        }
        k
    };
    let j = skip_joiners(text, j.min(end), end);
    out.push((i, j));
    j
}

/// If an emoticon starts at `i`, where it ends.
fn emoticon(text: &str, i: usize, end: usize) -> Option<usize> {
    const FACES: &[&str] = &[
        ":-)", ":-(", ":-D", ":-P", ":-p", ":-/", ";-)", ":'(", ">:(", "^_^", ":)", ":(", ":D",
        ":P", ":p", ":/", ";)", ";D", ";P", ";p", "=)", "=(", "=D", ":]", ":[", ":|", ":o", ":O",
        ":*", "<3", "^^", "(:", "XD",
    ];
    let rest = &text.as_bytes()[i..end];
    let first = *rest.first()?;
    if !matches!(first, b':' | b';' | b'=' | b'>' | b'^' | b'<' | b'(' | b')') {
        return None;
    }
    for face in FACES {
        let f = face.as_bytes();
        if rest.len() >= f.len() && &rest[..f.len()] == f {
            let k = i + f.len();
            // A face ends its chunk or is followed by punctuation.
            if k < end && is_word(char_at(text, k)) {
                continue;
            }
            if matches!(first, b'(' | b')') && k < end {
                continue;
            }
            if first == b':' && f.len() == 2 && k < end && bytes_is(text, k, b'/') {
                continue;
            }
            return Some(k);
        }
    }
    None
}

fn bytes_is(text: &str, i: usize, b: u8) -> bool {
    text.as_bytes().get(i) == Some(&b)
}

// ---------------------------------------------------------------------------------------------
// Sentence boundaries
// ---------------------------------------------------------------------------------------------

/// Groups tokens into sentences.
fn split_sentences(text: &str, toks: &[Tok]) -> Vec<Sentence> {
    let mut sentences = Vec::new();
    let mut first = 0;
    let mut after_terminal = false;
    for k in 0..toks.len() {
        let word = &text[toks[k].start..toks[k].end];
        // Closing quotes and brackets glued to a sentence end, and emoticons after it, belong
        // to that sentence.
        after_terminal = if after_terminal
            && (is_closing(word) && toks[k].gap == Gap::Glued || is_emoticon(word))
        {
            true
        } else {
            word.chars().all(is_terminal)
        };
        let boundary = match toks.get(k + 1) {
            None => true,
            Some(n) => {
                let prev = if k > first {
                    Some(&text[toks[k - 1].start..toks[k - 1].end])
                } else {
                    None
                };
                let context = Context {
                    prev,
                    word,
                    after_terminal,
                    next: &text[n.start..n.end],
                    gap: n.gap,
                    position: k - first,
                };
                context.boundary()
                    || timestamp_boundary(text, toks, k)
                    || dateline_boundary(text, &toks[first..=k], n)
            }
        };
        if boundary {
            let mut tokens: Vec<Token> = toks[first..=k]
                .iter()
                .map(|t| Token::new(Span::new(t.start, t.end)))
                .collect();
            // An abbreviation's period that also ends the sentence is the sentence's own token
            // (EWT writes "etc ." and "p.m ." at the end of a sentence).
            if word.len() > 1
                && word.ends_with('.')
                && word.bytes().any(|b| b.is_ascii_alphabetic())
            {
                let end = toks[k].end;
                if let Some(last) = tokens.last_mut() {
                    last.span.end = end - 1;
                }
                tokens.push(Token::new(Span::new(end - 1, end)));
            }
            sentences.push(Sentence::new(
                Span::new(toks[first].start, toks[k].end),
                tokens,
            ));
            first = k + 1;
            after_terminal = false;
        }
    }
    sentences
}

/// A wire dateline ends at its dash or colon: "MOSCOW, Jan. 21 (Reuters) -", "GAZA CITY,
/// Palestinian Territories —", "SOTK, Armenia —", "LYON:". Split off, it no longer becomes the subject of the lede's
/// verb. `toks` runs from the sentence's first token to the candidate dash.
fn dateline_boundary(text: &str, toks: &[Tok], next: &Tok) -> bool {
    let word = |t: &Tok| &text[t.start..t.end];
    // The story goes on with a capital: "BAKU — Azerbaijan said", not "NATO - the alliance".
    if !word(next)
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c == '"' || c == '“')
    {
        return false;
    }
    let Some((dash, before)) = toks.split_last() else {
        return false;
    };
    // A dateline's dash or colon stands apart from the story ("LYON: Interpol"); a hyphen
    // inside a word does not ("NATO Secretary-General Jens Stoltenberg").
    if next.gap == Gap::Glued || (word(dash) == "-" && dash.gap == Gap::Glued) {
        return false;
    }
    // "LYON: Interpol said", "GAZA CITY, Palestinian Territories: Four children": some wires
    // end the dateline with a colon.
    if !matches!(word(dash), "-" | "--" | "—" | "–" | ":") || before.is_empty() || before.len() > 14
    {
        return false;
    }
    let all_caps = |w: &str| {
        w.chars().any(|c| c.is_alphabetic())
            && w.chars()
                .all(|c| c.is_uppercase() || matches!(c, '-' | '\'' | '.' | '’'))
    };
    if !all_caps(word(&before[0])) || word(&before[0]).chars().count() < 2 {
        return false;
    }
    let mut in_brackets = 0usize;
    for t in &before[1..] {
        let w = word(t);
        match w {
            "(" => in_brackets += 1,
            ")" => in_brackets = in_brackets.saturating_sub(1),
            _ if in_brackets > 0 => {}
            "," => {}
            _ if all_caps(w) => {}
            // "Palestinian Territories", "Armenia", "Jan.", "21".
            _ if w
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()) => {}
            _ => return false,
        }
    }
    in_brackets == 0
}

/// A numeric date, a clock time and AM/PM (`08/16/2000 12:05 PM`) head an e-mail or a post
/// and stand as a sentence of their own.
fn timestamp_boundary(text: &str, toks: &[Tok], k: usize) -> bool {
    let word = |i: usize| toks.get(i).map_or("", |t| &text[t.start..t.end]);
    let this = word(k);
    let next_digit = word(k + 1)
        .as_bytes()
        .first()
        .is_some_and(u8::is_ascii_digit);
    if !next_digit && !matches!(this, "AM" | "PM" | "am" | "pm") {
        return false;
    }
    let is_timestamp = |i: usize| {
        let date = word(i);
        let slashes = date.bytes().filter(|&b| b == b'/').count();
        slashes == 2
            && date.bytes().all(|b| b.is_ascii_digit() || b == b'/')
            && word(i + 1).bytes().all(|b| b.is_ascii_digit() || b == b':')
            && word(i + 1).contains(':')
            && matches!(word(i + 2), "AM" | "PM" | "am" | "pm")
    };
    let Some(next) = toks.get(k + 1) else {
        return false;
    };
    if next.gap == Gap::Glued {
        return false;
    }
    (is_timestamp(k + 1) && (starts_upper(this) || this == ">"))
        || (k >= 2 && is_timestamp(k - 2) && !is_closing(word(k + 1)) && word(k + 1) != ",")
}

/// What the sentence splitter sees between two tokens.
struct Context<'a> {
    /// The token before `word` in the same sentence.
    prev: Option<&'a str>,
    /// The token a boundary would follow.
    word: &'a str,
    /// `word` is sentence-final punctuation, or a closing quote, bracket or emoticon after it.
    after_terminal: bool,
    /// The token after the candidate boundary.
    next: &'a str,
    /// The whitespace before `next`.
    gap: Gap,
    /// How many tokens of the sentence precede `word`.
    position: usize,
}

impl Context<'_> {
    fn boundary(&self) -> bool {
        let (word, next) = (self.word, self.next);
        if self.gap == Gap::Para {
            return true;
        }
        if self.after_terminal {
            return self.after_terminal_boundary();
        }
        if self.gap == Gap::Glued {
            return false;
        }
        // An abbreviation's period ends a sentence before a typical sentence opener.
        if word.len() > 1 && word.ends_with('.') && word.bytes().any(|b| b.is_ascii_alphabetic()) {
            let mut buf = [0u8; 24];
            let stem = &word[..word.len() - 1];
            let can_end = if stem.contains('.') {
                // U.S., a.m., but not e.g. or i.e.
                !lower(stem, &mut buf).is_some_and(|s| matches!(s, "e.g" | "i.e" | "a.k.a"))
            } else {
                lower(stem, &mut buf)
                    .and_then(abbreviation)
                    .unwrap_or(false)
            };
            // "etc." closes a list, and usually its sentence; "a.m." and "p.m." do unless a
            // day, a date or a time zone follows.
            let clock = stem.eq_ignore_ascii_case("a.m") || stem.eq_ignore_ascii_case("p.m");
            let upper_ends = stem.eq_ignore_ascii_case("etc")
                || self.gap == Gap::Line
                || clock && !time_qualifier(next);
            return can_end && (sentence_starter(next) || upper_ends && starts_upper(next));
        }
        // One URL per line in link lists; a URL or an address (bare or in angle brackets) is
        // rarely followed by a capitalised word in running text.
        if is_url(word) && (is_url(next) || starts_upper(next))
            || (is_email(word) || word == ">" || word == ">>") && starts_upper(next)
        {
            return true;
        }
        // An emoticon closes its sentence.
        if is_emoticon(word) && starts_upper(next) {
            return true;
        }
        // "Best regards," then the signature.
        if word == "," && starts_upper(next) {
            let mut buf = [0u8; 24];
            if let Some(p) = self.prev.and_then(|p| lower(p, &mut buf)) {
                if matches!(
                    p,
                    "regards" | "sincerely" | "thanks" | "cheers" | "best" | "respectfully"
                ) {
                    return true;
                }
            }
        }
        if self.gap == Gap::Line {
            // A line that ends without punctuation: a headline, a dateline or a list item.
            let mut buf = [0u8; 24];
            let continues = matches!(word, "," | ";" | "-" | "(" | "[" | "&" | "/" | "--" | ":")
                || is_opening(word) && word != "\""
                || lower(word, &mut buf).is_some_and(|w| {
                    matches!(
                        w,
                        "the"
                            | "a"
                            | "an"
                            | "of"
                            | "to"
                            | "in"
                            | "on"
                            | "at"
                            | "for"
                            | "with"
                            | "by"
                            | "and"
                            | "or"
                            | "but"
                            | "from"
                            | "as"
                            | "that"
                            | "than"
                    )
                });
            return !continues && !starts_lower(next);
        }
        false
    }

    /// After sentence-final punctuation (and any closing marks).
    fn after_terminal_boundary(&self) -> bool {
        let (word, next) = (self.word, self.next);
        let ellipsis = word.contains("..") || word.contains('\u{2026}');
        if self.gap == Gap::Glued {
            // "end.Next", "why?what": a missing space.
            return !ellipsis && starts_upper(next);
        }
        if is_closing(next) && !is_opening(next) || is_emoticon(next) {
            return false;
        }
        if next == word {
            // Spaced dots or question marks: ". . .", "? ? ?"
            return false;
        }
        if is_closing(word) && starts_lower(next) {
            // '"Why?" asked Bush.'
            return false;
        }
        if word == "."
            && self.position == 1
            && self.prev.is_some_and(|p| p.len() <= 2 && all_digits(p))
        {
            // A numbered list item: "1. The pricing ..."
            return false;
        }
        if ellipsis {
            // "wait... what" goes on; "wait... What" starts anew.
            return !starts_lower(next);
        }
        true
    }
}

fn is_url(word: &str) -> bool {
    url_end(word, 0, word.len()) == Some(word.len())
}

fn is_email(word: &str) -> bool {
    word.contains('@') && email_end(word, 0, word.len()) == Some(word.len())
}

fn is_closing(word: &str) -> bool {
    matches!(
        word,
        "\"" | "'"
            | "''"
            | ")"
            | "]"
            | "}"
            | "\u{201D}"
            | "\u{2019}"
            | "\u{2019}\u{2019}"
            | "\u{00BB}"
            | "\u{203A}"
    )
}

fn is_emoticon(word: &str) -> bool {
    word.len() >= 2 && emoticon(word, 0, word.len()) == Some(word.len())
}

fn is_opening(word: &str) -> bool {
    matches!(
        word,
        "\"" | "'"
            | "``"
            | "("
            | "["
            | "{"
            | "\u{201C}"
            | "\u{2018}"
            | "\u{2018}\u{2018}"
            | "\u{00AB}"
    )
}

// ---------------------------------------------------------------------------------------------
// Scoring
// ---------------------------------------------------------------------------------------------

/// Gold, predicted and correct counts for one kind of unit, with precision, recall and F1.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Prf {
    /// Units in the gold annotation.
    pub gold: usize,
    /// Units the system produced.
    pub predicted: usize,
    /// Predicted units that match a gold unit exactly.
    pub correct: usize,
}

impl Prf {
    /// Correct over predicted (0 when nothing was predicted).
    pub fn precision(&self) -> f64 {
        if self.predicted == 0 {
            0.0
        } else {
            self.correct as f64 / self.predicted as f64
        }
    }

    /// Correct over gold (0 when the gold is empty).
    pub fn recall(&self) -> f64 {
        if self.gold == 0 {
            0.0
        } else {
            self.correct as f64 / self.gold as f64
        }
    }

    /// Harmonic mean of precision and recall (0 when both are 0).
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

impl std::fmt::Display for Prf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "P {:.2} R {:.2} F1 {:.2} (gold {}, predicted {}, correct {})",
            100.0 * self.precision(),
            100.0 * self.recall(),
            100.0 * self.f1(),
            self.gold,
            self.predicted,
            self.correct
        )
    }
}

/// Segmentation scores in the CoNLL 2018 shared task's sense.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SegmentationScores {
    /// Surface tokens (a multiword token such as `don't` counts once).
    pub tokens: Prf,
    /// Syntactic words (`do`, `n't`).
    pub words: Prf,
    /// Sentences.
    pub sentences: Prf,
}

/// Reads gold CoNLL-U text, rebuilds its raw text with [`sitrep_doc::conllu::read_str`],
/// segments that text with [`segment`], and scores the result.
///
/// All three figures compare character spans on the rebuilt text, as the CoNLL 2018 scorer does
/// after aligning system and gold characters (here the texts are identical, so the alignment is
/// the identity).
///
/// - **words**: each gold word's span against each predicted word's span. Words inside a gold
///   multiword token whose parts do not spell its surface all carry the whole token's span; a
///   predicted word over that span matches one of them.
/// - **tokens**: gold surface tokens are the gold words with each multiword token's words merged
///   into one. Our segmenter never emits multiword tokens, so on the predicted side the words
///   that exactly tile a gold multiword token's span, glued together with no space, are merged
///   into one token too (the standard scorer would see our `do` + `n't` as the expansion of one
///   system multiword token). Every other predicted word is its own token.
/// - **sentences**: sentence spans.
pub fn evaluate_segmentation(gold_conllu: &str) -> Result<SegmentationScores, ConlluError> {
    let doc = sitrep_doc::conllu::read_str(gold_conllu, "gold")?;
    let predicted = segment(&doc.text);

    // Gold words and surface tokens.
    let mut gold_words: HashMap<(usize, usize), usize> = HashMap::new();
    let mut gold_tokens: HashSet<(usize, usize)> = HashSet::new();
    let mut gold_mwts: HashMap<usize, usize> = HashMap::new(); // start -> end
    let mut n_gold_words = 0;
    let mut n_gold_tokens = 0;
    let mut gold_sentences: HashSet<(usize, usize)> = HashSet::new();
    for sentence in &doc.sentences {
        gold_sentences.insert((sentence.span.start, sentence.span.end));
        let words = &sentence.tokens;
        for w in words {
            *gold_words.entry((w.span.start, w.span.end)).or_default() += 1;
            n_gold_words += 1;
        }
        let mut in_mwt = vec![false; words.len()];
        if let Some(p) = &sentence.conllu {
            for (first, line) in &p.ranges {
                let id = line.split('\t').next().unwrap_or("");
                let Some((a, b)) = id.split_once('-') else {
                    continue;
                };
                let (Ok(a), Ok(b)) = (a.parse::<usize>(), b.parse::<usize>()) else {
                    continue;
                };
                let last = (*first + b.saturating_sub(a)).min(words.len().saturating_sub(1));
                if *first >= words.len() || last < *first {
                    continue;
                }
                let span = (words[*first].span.start, words[last].span.end);
                gold_tokens.insert(span);
                gold_mwts.insert(span.0, span.1);
                n_gold_tokens += 1;
                for flag in &mut in_mwt[*first..=last] {
                    *flag = true;
                }
            }
        }
        for (w, inside) in words.iter().zip(&in_mwt) {
            if !inside {
                gold_tokens.insert((w.span.start, w.span.end));
                n_gold_tokens += 1;
            }
        }
    }

    // Predicted words, tokens and sentences.
    let pred_words: Vec<(usize, usize)> = predicted
        .iter()
        .flat_map(|s| s.tokens.iter().map(|t| (t.span.start, t.span.end)))
        .collect();
    let mut words = Prf {
        gold: n_gold_words,
        predicted: pred_words.len(),
        correct: 0,
    };
    for w in &pred_words {
        if let Some(count) = gold_words.get_mut(w) {
            if *count > 0 {
                *count -= 1;
                words.correct += 1;
            }
        }
    }
    let mut tokens = Prf {
        gold: n_gold_tokens,
        predicted: 0,
        correct: 0,
    };
    let mut k = 0;
    while k < pred_words.len() {
        let (start, mut stop) = pred_words[k];
        let mut next = k + 1;
        if let Some(&mwt_end) = gold_mwts.get(&start) {
            let mut m = k;
            while m + 1 < pred_words.len()
                && pred_words[m].1 < mwt_end
                && pred_words[m + 1].0 == pred_words[m].1
            {
                m += 1;
            }
            if pred_words[m].1 == mwt_end {
                stop = mwt_end;
                next = m + 1;
            }
        }
        tokens.predicted += 1;
        if gold_tokens.contains(&(start, stop)) {
            tokens.correct += 1;
        }
        k = next;
    }
    let mut sentences = Prf {
        gold: gold_sentences.len(),
        predicted: predicted.len(),
        correct: 0,
    };
    for s in &predicted {
        if gold_sentences.contains(&(s.span.start, s.span.end)) {
            sentences.correct += 1;
        }
    }
    Ok(SegmentationScores {
        tokens,
        words,
        sentences,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The words of each sentence.
    fn sentences(text: &str) -> Vec<Vec<&str>> {
        segment(text)
            .iter()
            .map(|s| {
                s.tokens
                    .iter()
                    .map(|t| &text[t.span.start..t.span.end])
                    .collect()
            })
            .collect()
    }

    /// All words, sentence boundaries ignored.
    fn words(text: &str) -> Vec<&str> {
        sentences(text).into_iter().flatten().collect()
    }

    /// Panics unless the segmentation of `text` keeps every promise of [`segment`].
    fn check_invariants(text: &str) {
        let sentences = segment(text);
        let mut cursor = 0;
        let mut sentence_end = 0;
        for sentence in &sentences {
            assert!(!sentence.tokens.is_empty(), "empty sentence in {text:?}");
            assert!(
                sentence.span.start >= sentence_end,
                "sentences overlap in {text:?}"
            );
            assert_eq!(sentence.span.start, sentence.tokens[0].span.start);
            assert_eq!(
                sentence.span.end,
                sentence.tokens[sentence.tokens.len() - 1].span.end
            );
            sentence_end = sentence.span.end;
            for token in &sentence.tokens {
                let Span { start, end } = token.span;
                assert!(start < end, "empty token at {start} in {text:?}");
                assert!(
                    start >= cursor,
                    "tokens overlap or go back at {start} in {text:?}"
                );
                assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
                let between = &text[cursor..start];
                assert!(
                    between.chars().all(char::is_whitespace),
                    "{between:?} is in no token in {text:?}"
                );
                assert!(
                    !text[start..end].chars().any(char::is_whitespace),
                    "token {:?} holds whitespace",
                    &text[start..end]
                );
                assert!(start >= sentence.span.start && end <= sentence.span.end);
                cursor = end;
            }
        }
        assert!(
            text[cursor..].chars().all(char::is_whitespace),
            "tail left out of {text:?}"
        );
    }

    #[test]
    fn empty_and_blank_input_has_no_sentences() {
        assert!(segment("").is_empty());
        assert!(segment("   \n\t \r\n \u{a0}\u{2003}").is_empty());
        check_invariants("   \n\n  ");
    }

    #[test]
    fn abbreviations_keep_their_period() {
        assert_eq!(
            words("The U.S. and U.K. envoys, e.g. Gen. Smith, met Mr. Jones and Mrs. Lee."),
            [
                "The", "U.S.", "and", "U.K.", "envoys", ",", "e.g.", "Gen.", "Smith", ",", "met",
                "Mr.", "Jones", "and", "Mrs.", "Lee", "."
            ]
        );
        assert_eq!(
            sentences("It began on Jan. 5 at 10 a.m. and Lt. Col. Dr. Ray of Acme Inc. spoke."),
            [vec![
                "It", "began", "on", "Jan.", "5", "at", "10", "a.m.", "and", "Lt.", "Col.", "Dr.",
                "Ray", "of", "Acme", "Inc.", "spoke", "."
            ]]
        );
        assert_eq!(words("No. 10 said no."), ["No.", "10", "said", "no", "."]);
        assert_eq!(
            words("Sept. 11 vs. Oct. 12 etc."),
            ["Sept.", "11", "vs.", "Oct.", "12", "etc", "."]
        );
    }

    #[test]
    fn an_abbreviation_can_end_a_sentence() {
        // The period then is the sentence's own token, as in EWT ("etc ." / "U.S .").
        assert_eq!(
            sentences("He moved to the U.S. The rest stayed. Apples, pears, etc. Then more."),
            [
                vec!["He", "moved", "to", "the", "U.S", "."],
                vec!["The", "rest", "stayed", "."],
                vec!["Apples", ",", "pears", ",", "etc", "."],
                vec!["Then", "more", "."],
            ]
        );
        // But not before a name or a lowercase word.
        assert_eq!(
            sentences("The U.S. Army and the U.S. military agree.").len(),
            1
        );
    }

    #[test]
    fn initials_stay_with_the_name() {
        assert_eq!(
            sentences("J. R. R. Tolkien met George W. Bush."),
            [vec![
                "J.", "R.", "R.", "Tolkien", "met", "George", "W.", "Bush", "."
            ]]
        );
    }

    #[test]
    fn straight_and_curly_quotes_split_off() {
        assert_eq!(
            words("\"We won't,\" she said. 'Fine,' he said."),
            [
                "\"", "We", "wo", "n't", ",", "\"", "she", "said", ".", "'", "Fine", ",", "'",
                "he", "said", "."
            ]
        );
        assert_eq!(
            words("“I don’t know,” he said, ‘really’."),
            [
                "“", "I", "do", "n’t", "know", ",", "”", "he", "said", ",", "‘", "really", "’", "."
            ]
        );
        assert_eq!(
            words("``Yes,'' he said."),
            ["``", "Yes", ",", "''", "he", "said", "."]
        );
        assert_eq!(
            words("the parents' house"),
            ["the", "parents", "'", "house"]
        );
    }

    #[test]
    fn a_closing_quote_or_bracket_stays_with_its_sentence() {
        assert_eq!(
            sentences("She said: \"Stop!\" Then she left. (He agreed.) Fine."),
            [
                vec!["She", "said", ":", "\"", "Stop", "!", "\""],
                vec!["Then", "she", "left", "."],
                vec!["(", "He", "agreed", ".", ")"],
                vec!["Fine", "."],
            ]
        );
        assert_eq!(sentences("\"Why?\" asked Bush.").len(), 1);
    }

    #[test]
    fn dashes_and_ellipses() {
        assert_eq!(
            words("so--again — and – again... end…"),
            ["so", "--", "again", "—", "and", "–", "again", "...", "end", "…"]
        );
        assert_eq!(sentences("Wait... what? Yes... Now go.").len(), 3);
        assert_eq!(sentences("He waited... and waited.").len(), 1);
        assert_eq!(words("Really?! Yes!!!"), ["Really", "?!", "Yes", "!!!"]);
    }

    #[test]
    fn numbers_money_percentages_times_and_dates() {
        assert_eq!(
            words(
                "1,000,000 people paid $5.5 million, 3.14 or 5% at 10:30 on 2022-01-20, 1/20/2022."
            ),
            [
                "1,000,000",
                "people",
                "paid",
                "$",
                "5.5",
                "million",
                ",",
                "3.14",
                "or",
                "5",
                "%",
                "at",
                "10:30",
                "on",
                "2022-01-20",
                ",",
                "1/20/2022",
                "."
            ]
        );
        assert_eq!(
            words("from 1969-1970 call 713-853-3989"),
            ["from", "1969", "-", "1970", "call", "713-853-3989"]
        );
        assert_eq!(
            words("at 7:30PM, 5kg, $10.5m, 3rd, 1980s"),
            ["at", "7:30", "PM", ",", "5", "kg", ",", "$", "10.5", "m", ",", "3rd", ",", "1980s"]
        );
        assert_eq!(words("the 80's and '72"), ["the", "80's", "and", "'72"]);
    }

    #[test]
    fn urls_emails_handles_and_emoticons() {
        assert_eq!(
            words("See http://www.example.com/a?b=1, www.bbc.co.uk or example.com."),
            [
                "See",
                "http://www.example.com/a?b=1",
                ",",
                "www.bbc.co.uk",
                "or",
                "example.com",
                "."
            ]
        );
        assert_eq!(
            words("Mail press@un.org or <j.doe@mail.example.com>."),
            [
                "Mail",
                "press@un.org",
                "or",
                "<",
                "j.doe@mail.example.com",
                ">",
                "."
            ]
        );
        assert_eq!(
            words("Follow @reuters #breaking :) ok"),
            ["Follow", "@reuters", "#breaking", ":)", "ok"]
        );
        assert_eq!(
            words("(see https://a.org/x_(y))."),
            ["(", "see", "https://a.org/x_(y)", ")", "."]
        );
    }

    #[test]
    fn hyphenated_compounds_follow_ewt() {
        assert_eq!(
            words("a search-engine giant re-elected its e-mail chief, a well-known co-founder"),
            [
                "a",
                "search",
                "-",
                "engine",
                "giant",
                "re-elected",
                "its",
                "e-mail",
                "chief",
                ",",
                "a",
                "well",
                "-",
                "known",
                "co-founder"
            ]
        );
        assert_eq!(words("a 25-year-old"), ["a", "25", "-", "year", "-", "old"]);
    }

    #[test]
    fn clitics_split_off() {
        assert_eq!(
            words("I'm sure you're right: it's John's, we've said I'll go and I'd stay."),
            [
                "I", "'m", "sure", "you", "'re", "right", ":", "it", "'s", "John", "'s", ",", "we",
                "'ve", "said", "I", "'ll", "go", "and", "I", "'d", "stay", "."
            ]
        );
        assert_eq!(
            words("don't won't can't cannot ain't gonna wanna gotta"),
            [
                "do", "n't", "wo", "n't", "ca", "n't", "can", "not", "ai", "n't", "gon", "na",
                "wan", "na", "got", "ta"
            ]
        );
        assert_eq!(
            words("don’t it’s We’ve"),
            ["do", "n’t", "it", "’s", "We", "’ve"]
        );
        // EWT splits apostrophe-less contractions, but not the possessive "its".
        assert_eq!(
            words("dont im its own"),
            ["do", "nt", "i", "m", "its", "own"]
        );
        assert_eq!(words("its not"), ["it", "s", "not"]);
        assert_eq!(words("O'Neill's"), ["O'Neill", "'s"]);
    }

    #[test]
    fn sentences_split_on_final_punctuation() {
        assert_eq!(
            sentences("Kyiv was shelled. At least 12 died! Who did it? nobody knows."),
            [
                vec!["Kyiv", "was", "shelled", "."],
                vec!["At", "least", "12", "died", "!"],
                vec!["Who", "did", "it", "?"],
                vec!["nobody", "knows", "."],
            ]
        );
        assert_eq!(sentences("It costs 3.5 dollars. Twelve.").len(), 2);
        assert_eq!(sentences("1. The first item").len(), 1);
    }

    #[test]
    fn paragraphs_and_lines() {
        // A blank line always ends a sentence.
        assert_eq!(sentences("No full stop here\n\nnext paragraph").len(), 2);
        // A headline, a dateline and a body: the dateline stands alone, so that it does not
        // become the subject of the lede.
        assert_eq!(
            sentences(
                "Protests erupt in Tehran\nTEHRAN, Iran — Thousands marched.\nPolice watched."
            ),
            [
                vec!["Protests", "erupt", "in", "Tehran"],
                vec!["TEHRAN", ",", "Iran", "—"],
                vec!["Thousands", "marched", "."],
                vec!["Police", "watched", "."],
            ]
        );
        assert_eq!(
            sentences("LYON: Interpol said it would send a team.")[0],
            ["LYON", ":"]
        );
        assert_eq!(
            sentences("GAZA CITY, Palestinian Territories: Two men were hurt.")[0],
            ["GAZA", "CITY", ",", "Palestinian", "Territories", ":"]
        );
        // A hyphen inside a title is no dateline's dash.
        assert_eq!(
            sentences("NATO Secretary-General Jens Stoltenberg urged Turkey to act.").len(),
            1
        );
        // A colon after an ordinary capitalized word is no dateline.
        assert_eq!(sentences("Note: the talks resumed.").len(), 1);
        assert_eq!(
            sentences("MOSCOW, Jan. 21 (Reuters) - Russia said no.")[0],
            ["MOSCOW", ",", "Jan.", "21", "(", "Reuters", ")", "-"]
        );
        // Capitals and a dash inside a sentence are not a dateline.
        assert_eq!(sentences("NATO - the alliance - met today.").len(), 1);
        // A line that ends on a comma or a preposition goes on.
        assert_eq!(
            sentences("He met the\nPresident, and\nThe Times said so.").len(),
            1
        );
        // Hard-wrapped text: lines go on in lowercase, so line breaks are spaces.
        let wrapped = "The minister said on Tuesday that the\ngovernment would send more troops to the\nregion and that talks with President\nJones would go on next week as\nplanned by both sides.";
        assert_eq!(sentences(wrapped).len(), 1);
        // An e-mail timestamp line stands alone.
        assert_eq!(
            sentences("Kay Mann 04/26/2001 07:17 AM Will you send it?").len(),
            3
        );
    }

    #[test]
    fn unicode_text() {
        assert_eq!(
            sentences("Ça va? Naïve café. 東京 is big. Emoji 👍🏽 here!"),
            [
                vec!["Ça", "va", "?"],
                vec!["Naïve", "café", "."],
                vec!["東京", "is", "big", "."],
                vec!["Emoji", "👍🏽", "here", "!"],
            ]
        );
        for text in [
            "e\u{301}te\u{301}",
            "\u{feff}Hi.",
            "a\u{200b}b",
            "\0\u{1}\u{7f}",
            "\u{2028}x\u{2029}y",
            "👨‍👩‍👧 ok",
        ] {
            check_invariants(text);
        }
    }

    #[test]
    fn scores_count_multiword_tokens_once() {
        let gold = "# newpar\n1-2\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n1\tdo\tdo\tAUX\tVBP\t_\t3\taux\t_\t_\n2\tn't\tnot\tPART\tRB\t_\t3\tadvmod\t_\t_\n3\tgo\tgo\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No\n4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_\n\n1\tOk\tok\tINTJ\tUH\t_\t0\troot\t_\tSpaceAfter=No\n2\t.\t.\tPUNCT\t.\t_\t1\tpunct\t_\t_\n\n";
        let scores = evaluate_segmentation(gold).unwrap();
        assert_eq!(
            scores.words,
            Prf {
                gold: 6,
                predicted: 6,
                correct: 6
            }
        );
        assert_eq!(
            scores.tokens,
            Prf {
                gold: 5,
                predicted: 5,
                correct: 5
            }
        );
        assert_eq!(
            scores.sentences,
            Prf {
                gold: 2,
                predicted: 2,
                correct: 2
            }
        );
        assert!((scores.sentences.f1() - 1.0).abs() < 1e-9);
        assert_eq!(Prf::default().f1(), 0.0);
        assert!(evaluate_segmentation("1\tbad\n").is_err());
    }

    #[test]
    fn ewt_test_set_scores() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/corpora/ud-english-ewt/en_ewt-ud-test.conllu"
        );
        let Ok(gold) = std::fs::read_to_string(path) else {
            eprintln!("SKIPPED: ewt_test_set_scores: {path} not found");
            return;
        };
        let scores = evaluate_segmentation(&gold).unwrap();
        eprintln!("EWT test tokens    {}", scores.tokens);
        eprintln!("EWT test words     {}", scores.words);
        eprintln!("EWT test sentences {}", scores.sentences);
        // Reached: tokens 99.50, words 99.40, sentences 88.70.
        assert!(
            scores.tokens.f1() >= 0.990,
            "token F1 {}",
            scores.tokens.f1()
        );
        assert!(scores.words.f1() >= 0.989, "word F1 {}", scores.words.f1());
        assert!(
            scores.sentences.f1() >= 0.867,
            "sentence F1 {}",
            scores.sentences.f1()
        );
    }

    proptest! {
        #[test]
        fn any_string_is_covered(text in any::<String>()) {
            check_invariants(&text);
        }

        #[test]
        fn punctuation_heavy_strings_are_covered(
            text in "[ -~\\n\\t’‘“”—–…é東👍🏽\u{301}\u{200d}\u{a0}\u{2028}]{0,80}"
        ) {
            check_invariants(&text);
        }

        #[test]
        fn word_salads_are_covered(parts in prop::collection::vec(prop_oneof![
            Just("U.S."), Just("don't"), Just("’s"), Just(" "), Just("\n"), Just("\n\n"),
            Just("..."), Just("."), Just("?!"), Just("\""), Just("'"), Just("("), Just(")"),
            Just("http://x.org/a"), Just("a@b.com"), Just("@x"), Just("#y"), Just(":)"),
            Just("1,000"), Just("3.5"), Just("10:30"), Just("-"), Just("--"), Just("/"),
            Just("e-mail"), Just("Mr."), Just("J."), Just("The"), Just("its"), Just("5kg"),
            Just("12/20/2000"), Just("7:30"), Just("PM"), Just("etc."), Just("’"), Just("é"),
            Just("\u{301}"), Just("🏽"), Just("x"), Just("1"), Just("'72"), Just(",")
        ], 0..40)) {
            check_invariants(&parts.concat());
        }
    }
}

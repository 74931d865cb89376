//! The PETRARCH verbs dictionary (`CAMEO.2.0.txt`, `*.verbs.txt`): verb blocks with their
//! verbs and phrase patterns, synsets and verb transformations.

use std::collections::HashSet;
use std::sync::Arc;

use super::codes::split_codes;
use super::lines::{content_lines, Line};
use super::Warning;
use crate::dict::{DictError, Origin};

/// A PETRARCH verbs dictionary: verb blocks (verbs with their forms and default codes, and
/// the phrase patterns that refine them), synsets (`&NAME` word lists usable in patterns) and
/// verb transformations (`~ …`).
///
/// Words are kept as written (uppercase in the reference files); `_` between words becomes a
/// space in verb and synset phrases and a [`Token::Join`] in patterns.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VerbDictionary {
    /// Verb blocks in file order.
    pub blocks: Vec<VerbBlock>,
    /// Synsets in file order.
    pub synsets: Vec<Synset>,
    /// Verb transformations, kept raw.
    pub transformations: Vec<Transformation>,
}

impl VerbDictionary {
    /// Adds everything in `other`.
    pub fn extend(&mut self, other: VerbDictionary) {
        self.blocks.extend(other.blocks);
        self.synsets.extend(other.synsets);
        self.transformations.extend(other.transformations);
    }

    /// Number of verbs (lemmas) over all blocks.
    pub fn verb_count(&self) -> usize {
        self.blocks.iter().map(|b| b.verbs.len()).sum()
    }

    /// Number of patterns over all blocks.
    pub fn pattern_count(&self) -> usize {
        self.blocks.iter().map(|b| b.patterns.len()).sum()
    }

    /// The synset named `name` (without `&`, case-insensitive).
    pub fn synset(&self, name: &str) -> Option<&Synset> {
        let name = name.strip_prefix('&').unwrap_or(name);
        self.synsets
            .iter()
            .find(|s| s.name.eq_ignore_ascii_case(name))
    }

    /// Every verb with `form` (words separated by spaces, case-insensitive) among its
    /// [`Verb::all_forms`], with the block it belongs to (whose patterns apply to it).
    pub fn lookup(&self, form: &str) -> Vec<(&VerbBlock, &Verb)> {
        let form = form.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut out = Vec::new();
        for block in &self.blocks {
            for verb in &block.verbs {
                if verb
                    .all_forms()
                    .iter()
                    .any(|f| f.text().eq_ignore_ascii_case(&form))
                {
                    out.push((block, verb));
                }
            }
        }
        out
    }
}

/// A CAMEO event code as written in a verbs file: `[042]`, `[042:043]`, `[:173]`, `[---]`.
///
/// In the TABARI convention a code `A:B` is a paired code: `A` is the event of the source on
/// the target and `B` the paired event of the target on the source; `[:B]` gives only the
/// paired event. Codes that are not numbers (`---` null code, `+++`, `###`, `080!`, `075A`) are
/// kept as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventCode {
    /// The code as written inside the brackets.
    pub raw: String,
    /// The part before `:` (the whole code when there is none); may be empty (`[:173]`).
    pub primary: String,
    /// The part after `:`, when there is one.
    pub paired: Option<String>,
}

impl EventCode {
    /// Reads the inside of a code bracket.
    pub fn parse(raw: &str) -> EventCode {
        let raw = raw.trim().to_string();
        let (primary, paired) = match raw.split_once(':') {
            Some((a, b)) => (a.trim().to_string(), Some(b.trim().to_string())),
            None => (raw.clone(), None),
        };
        EventCode {
            raw,
            primary,
            paired,
        }
    }

    /// The null code `---`, given to blocks without a code: the verb alone is no event.
    pub fn null() -> EventCode {
        EventCode::parse("---")
    }

    /// True for `---` (with no paired code other than `---`).
    pub fn is_null(&self) -> bool {
        self.primary == "---" && self.paired.as_deref().is_none_or(|p| p == "---")
    }
}

/// A verb block: `--- NAME [CODE] ---`, then verbs, then patterns. A verb line after patterns
/// (TABARI layout, without headers) starts a new block named after that verb.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerbBlock {
    /// The block's name from its header (`ACCELERATE`), or the first verb's lemma.
    pub name: String,
    /// The block's default code ([`EventCode::null`] when the header has none).
    pub code: EventCode,
    /// The verbs of the block.
    pub verbs: Vec<Verb>,
    /// Patterns, which apply to every verb of the block.
    pub patterns: Vec<Pattern>,
    /// The header line (or the first verb's line).
    pub origin: Origin,
}

/// A verb phrase: one or more words, one of which is the verb (PETRARCH marks it with `+` in
/// multi-word verbs such as `+BEEF_UP` or `WIRE_+TAP`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerbPhrase {
    /// The words, as written, without `+` and `_`.
    pub words: Vec<String>,
    /// Index in `words` of the verb itself (0 when no word is marked).
    pub head: usize,
}

impl VerbPhrase {
    /// The words separated by spaces.
    pub fn text(&self) -> String {
        self.words.join(" ")
    }

    /// The verb word.
    pub fn head_word(&self) -> &str {
        self.words.get(self.head).map_or("", String::as_str)
    }

    fn with_head(&self, head: String) -> VerbPhrase {
        let mut words = self.words.clone();
        if let Some(w) = words.get_mut(self.head) {
            *w = head;
        }
        VerbPhrase {
            words,
            head: self.head,
        }
    }
}

/// A verb of a block with its forms and code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verb {
    /// The main form (`SPEED`, `BEEF UP`).
    pub lemma: VerbPhrase,
    /// The forms listed in `{…}` (`SPEEDING SPEEDS SPED`).
    pub forms: Vec<VerbPhrase>,
    /// True when the line had `{…}` (even empty): PETRARCH then generates no regular forms.
    pub forms_listed: bool,
    /// The verb's code: its own `[…]` or else the block's.
    pub code: EventCode,
    /// True when the code was written on the verb's own line.
    pub own_code: bool,
    /// The verb's line.
    pub origin: Origin,
}

impl Verb {
    /// The lemma and its forms: the listed ones, or, when none were listed, the regular
    /// English forms PETRARCH generates for the verb word (`-S`/`-ES`/`-IES`,
    /// `-ED`/`-D`/`-IED`, `-ING` dropping a final `E`).
    pub fn all_forms(&self) -> Vec<VerbPhrase> {
        let mut out = vec![self.lemma.clone()];
        if self.forms_listed {
            out.extend(self.forms.iter().cloned());
        } else {
            let head = self.lemma.head_word();
            for form in regular_forms(head) {
                out.push(self.lemma.with_head(form));
            }
        }
        out
    }
}

/// Regular third-person, past and gerund forms of an (uppercase or lowercase) English verb.
pub fn regular_forms(verb: &str) -> Vec<String> {
    if verb.is_empty() {
        return Vec::new();
    }
    let upper = verb.chars().any(|c| c.is_ascii_uppercase());
    let suffix = |s: &str| {
        if upper {
            s.to_string()
        } else {
            s.to_ascii_lowercase()
        }
    };
    let lower = verb.to_ascii_lowercase();
    let stem_y = lower.ends_with('y')
        && !lower.ends_with("ay")
        && !lower.ends_with("ey")
        && !lower.ends_with("oy")
        && !lower.ends_with("uy");
    let cut = |n: usize| {
        verb.get(..verb.len().saturating_sub(n))
            .unwrap_or(verb)
            .to_string()
    };
    let third = if ["s", "x", "z", "sh", "ch"]
        .iter()
        .any(|e| lower.ends_with(e))
    {
        format!("{verb}{}", suffix("ES"))
    } else if stem_y {
        format!("{}{}", cut(1), suffix("IES"))
    } else {
        format!("{verb}{}", suffix("S"))
    };
    let past = if lower.ends_with('e') {
        format!("{verb}{}", suffix("D"))
    } else if stem_y {
        format!("{}{}", cut(1), suffix("IED"))
    } else {
        format!("{verb}{}", suffix("ED"))
    };
    let keeps_e = ["ee", "ie", "oe", "ye"].iter().any(|e| lower.ends_with(e));
    let gerund = if lower.ends_with('e') && !keeps_e && lower.len() > 2 {
        format!("{}{}", cut(1), suffix("ING"))
    } else {
        format!("{verb}{}", suffix("ING"))
    };
    vec![third, past, gerund]
}

/// A phrase pattern of a verb block: `- * (TO BORDER) [154]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    /// The pattern as tokens.
    pub tokens: Vec<Token>,
    /// The pattern's code.
    pub code: EventCode,
    /// The pattern as written, between the leading `-` and the code.
    pub text: String,
    /// The pattern's line.
    pub origin: Origin,
}

impl Pattern {
    /// Index in `tokens` of the verb `*`, if the pattern has one at top level.
    pub fn verb_position(&self) -> Option<usize> {
        self.tokens.iter().position(|t| *t == Token::Verb)
    }
}

/// One token of a pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Token {
    /// A literal word, as written (`AID`, `N'T`, `SIT-IN`).
    Word(String),
    /// `*`: the verb's position.
    Verb,
    /// `$`: the source actor.
    Source,
    /// `+`: the target actor.
    Target,
    /// `%`: a compound actor (source and target in one phrase).
    Compound,
    /// `^`: skip a noun phrase.
    Skip,
    /// `&NAME`: any phrase of a synset (the name without `&`).
    Synset(String),
    /// `A/B`: either word.
    Alternatives(Vec<String>),
    /// `_` between two tokens: they must be consecutive, with no word between them. A space
    /// (no token) allows words in between.
    Join,
    /// `{…}`: a noun phrase (PETRARCH 2: the last word is the head).
    NounPhrase(Vec<Token>),
    /// `(…)`: a prepositional phrase (the first word is the preposition).
    PrepPhrase(Vec<Token>),
    /// Anything else, kept as written (`*SCEPTICAL`, an unmatched `)`).
    Raw(String),
}

/// A synset: `&NAME` followed by `+PHRASE` lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Synset {
    /// The name, without `&` and without a final `_`.
    pub name: String,
    /// False when the label ended with `_`: PETRARCH generates no plurals for its phrases.
    pub plurals: bool,
    /// The phrases.
    pub members: Vec<SynsetMember>,
    /// The label's line.
    pub origin: Origin,
}

/// A phrase of a synset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SynsetMember {
    /// Words separated by spaces, as written (may be another synset's `&NAME`).
    pub phrase: String,
    /// True when PETRARCH also matches the regular plural of the phrase (neither the phrase
    /// nor the synset's label ends with `_`).
    pub plural: bool,
    /// The phrase's line.
    pub origin: Origin,
}

/// A verb transformation: `~ a (a b ATTACK) SAY = a b 015`, kept raw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transformation {
    /// What precedes `=`.
    pub pattern: String,
    /// What follows `=`.
    pub result: String,
    /// The line.
    pub origin: Origin,
}

enum Mode {
    None,
    Synset,
    Block,
}

pub(super) fn read_verbs(
    text: &str,
    file: &str,
    warnings: &mut Vec<Warning>,
) -> Result<VerbDictionary, DictError> {
    let file: Arc<str> = Arc::from(file);
    let origin = |line: usize| Origin {
        file: file.clone(),
        line,
    };
    let syntax = |line: usize, message: String| DictError::Syntax {
        origin: origin(line),
        message,
    };
    let mut dict = VerbDictionary::default();
    let mut mode = Mode::None;
    for Line { no, text, .. } in content_lines(text) {
        let mut notes: Vec<String> = Vec::new();
        if text.starts_with("---") {
            let inner = text.trim_matches(|c: char| c == '-' || c.is_whitespace());
            let split = split_codes(inner).map_err(|e| syntax(no, e))?;
            let (head, groups) = (split.head, split.groups);
            if !split.trailing.is_empty() {
                notes.push(format!(
                    "block header {text:?}: text after the code ignored"
                ));
            }
            if groups.iter().any(|g| g.trim().is_empty()) {
                return Err(syntax(no, "empty code bracket `[]`".to_string()));
            }
            if groups.len() > 1 {
                notes.push(format!(
                    "block header {text:?}: codes after the first ignored"
                ));
            }
            let code = groups
                .first()
                .map_or_else(EventCode::null, |g| EventCode::parse(g));
            dict.blocks.push(VerbBlock {
                name: head.trim().to_string(),
                code,
                verbs: Vec::new(),
                patterns: Vec::new(),
                origin: origin(no),
            });
            mode = Mode::Block;
        } else if let Some(body) = text.strip_prefix('-') {
            let pattern = read_pattern(body, &mut notes).map_err(|e| syntax(no, e))?;
            let Some(block) = dict.blocks.last_mut() else {
                return Err(syntax(no, format!("pattern {text:?} before any verb")));
            };
            let (text, tokens, code) = pattern;
            block.patterns.push(Pattern {
                tokens,
                code,
                text,
                origin: origin(no),
            });
            mode = Mode::Block;
        } else if let Some(label) = text.strip_prefix('&') {
            let mut parts = label.split_whitespace();
            let name = parts.next().unwrap_or("");
            if parts.next().is_some() {
                notes.push(format!(
                    "synset label {text:?}: words after the name ignored"
                ));
            }
            let plurals = !name.ends_with('_');
            let name = name.trim_end_matches('_');
            if name.is_empty() {
                return Err(syntax(no, format!("synset label {text:?} has no name")));
            }
            dict.synsets.push(Synset {
                name: name.to_string(),
                plurals,
                members: Vec::new(),
                origin: origin(no),
            });
            mode = Mode::Synset;
        } else if let Some(rest) = text.strip_prefix('~') {
            let Some((pattern, result)) = rest.split_once('=') else {
                return Err(syntax(no, format!("transformation {text:?} has no `=`")));
            };
            dict.transformations.push(Transformation {
                pattern: pattern.trim().to_string(),
                result: result.trim().to_string(),
                origin: origin(no),
            });
        } else if let (Mode::Synset, Some(member)) = (&mode, text.strip_prefix('+')) {
            let Some(synset) = dict.synsets.last_mut() else {
                return Err(syntax(
                    no,
                    format!("synset phrase {text:?} with no synset label"),
                ));
            };
            let member = member.trim();
            let phrase = super::actors::phrase(member);
            if phrase.is_empty() {
                return Err(syntax(no, format!("empty synset phrase {text:?}")));
            }
            let plural = synset.plurals && !member.ends_with('_');
            synset.members.push(SynsetMember {
                phrase,
                plural,
                origin: origin(no),
            });
        } else {
            let (lemma, forms, forms_listed, own) =
                read_verb_line(&text, &mut notes).map_err(|e| syntax(no, e))?;
            let new_block = match (&mode, dict.blocks.last()) {
                (Mode::Block, Some(b)) => !b.patterns.is_empty(),
                _ => true,
            };
            if new_block {
                dict.blocks.push(VerbBlock {
                    name: lemma.text(),
                    code: EventCode::null(),
                    verbs: Vec::new(),
                    patterns: Vec::new(),
                    origin: origin(no),
                });
            }
            if let Some(block) = dict.blocks.last_mut() {
                let own_code = own.is_some();
                let code = own.unwrap_or_else(|| block.code.clone());
                block.verbs.push(Verb {
                    lemma,
                    forms,
                    forms_listed,
                    code,
                    own_code,
                    origin: origin(no),
                });
            }
            mode = Mode::Block;
        }
        warnings.extend(notes.into_iter().map(|message| Warning {
            origin: origin(no),
            message,
        }));
    }
    resolve_synsets(&mut dict, &file, warnings);
    Ok(dict)
}

/// A verb line: `PHRASE {FORM FORM …} [CODE]`, each part after the phrase optional.
type VerbLine = (VerbPhrase, Vec<VerbPhrase>, bool, Option<EventCode>);

fn read_verb_line(text: &str, notes: &mut Vec<String>) -> Result<VerbLine, String> {
    let end = text.find(['{', '[']).unwrap_or(text.len());
    let lemma =
        verb_phrase(&text[..end]).ok_or_else(|| format!("verb line {text:?} has no verb"))?;
    let mut rest = &text[end..];
    let mut forms = Vec::new();
    let mut forms_listed = false;
    if let Some(after) = rest.strip_prefix('{') {
        let Some(close) = after.find('}') else {
            return Err(format!("unterminated `{{` in verb line {text:?}"));
        };
        forms_listed = true;
        forms = after[..close]
            .split([' ', '\t', ','])
            .filter_map(verb_phrase)
            .collect();
        rest = &after[close + 1..];
    }
    let split = split_codes(rest)?;
    let (between, groups) = (split.head.trim(), split.groups);
    if !between.is_empty() || !split.trailing.is_empty() {
        let junk = if between.is_empty() {
            split.trailing
        } else {
            between
        };
        return Err(format!("unexpected text {junk:?} in verb line {text:?}"));
    }
    if groups.len() > 1 {
        notes.push(format!("verb line {text:?}: codes after the first ignored"));
    }
    let code = match groups.first() {
        Some(g) if g.trim().is_empty() => return Err("empty code bracket `[]`".to_string()),
        Some(g) => Some(EventCode::parse(g)),
        None => None,
    };
    Ok((lemma, forms, forms_listed, code))
}

/// `WIRE_+TAP`, `+BEEF_UP`, `LASH OUT`, `ACCELERATE` → words and the verb's index.
fn verb_phrase(text: &str) -> Option<VerbPhrase> {
    let mut words = Vec::new();
    let mut head = None;
    for w in text.split(|c: char| c == '_' || c.is_whitespace()) {
        let (marked, w) = match w.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, w),
        };
        if w.is_empty() {
            continue;
        }
        if marked && head.is_none() {
            head = Some(words.len());
        }
        words.push(w.to_string());
    }
    (!words.is_empty()).then(|| VerbPhrase {
        words,
        head: head.unwrap_or(0),
    })
}

/// A pattern line without its leading `-`: (text, tokens, code).
fn read_pattern(
    body: &str,
    notes: &mut Vec<String>,
) -> Result<(String, Vec<Token>, EventCode), String> {
    let Some(open) = body.rfind('[') else {
        return Err(format!("pattern {:?} has no [code]", body.trim()));
    };
    let Some(len) = body[open + 1..].find(']') else {
        return Err(format!(
            "unterminated `[` code bracket in pattern {:?}",
            body.trim()
        ));
    };
    let inner = &body[open + 1..open + 1 + len];
    if inner.trim().is_empty() {
        return Err("empty code bracket `[]`".to_string());
    }
    let after = body[open + 1 + len + 1..].trim();
    if !after.is_empty() {
        notes.push(format!("text {after:?} after the pattern's code ignored"));
    }
    let text = body[..open].trim().to_string();
    let tokens = tokenize(&text, notes);
    Ok((text, tokens, EventCode::parse(inner)))
}

#[derive(PartialEq)]
enum Group {
    Noun,
    Prep,
}

/// Splits a pattern into tokens (see [`Token`]). Never fails: what it cannot read is
/// [`Token::Raw`]; unclosed groups are closed at the end with a note.
fn tokenize(text: &str, notes: &mut Vec<String>) -> Vec<Token> {
    let mut stack: Vec<(Group, Vec<Token>)> = Vec::new();
    let mut cur: Vec<Token> = Vec::new();
    let mut word = String::new();
    fn flush(word: &mut String, cur: &mut Vec<Token>) {
        if !word.is_empty() {
            cur.push(classify(word));
            word.clear();
        }
    }
    fn drop_join(cur: &mut Vec<Token>) {
        // `WORD_ ` (legacy "whole word" marker) and `_` before a group end join nothing.
        if cur.last() == Some(&Token::Join) {
            cur.pop();
        }
    }
    for c in text.chars() {
        match c {
            c if c.is_whitespace() => {
                flush(&mut word, &mut cur);
                drop_join(&mut cur);
            }
            '_' => {
                flush(&mut word, &mut cur);
                if !cur.is_empty() && cur.last() != Some(&Token::Join) {
                    cur.push(Token::Join);
                }
            }
            '(' | '{' => {
                flush(&mut word, &mut cur);
                let kind = if c == '(' { Group::Prep } else { Group::Noun };
                stack.push((kind, std::mem::take(&mut cur)));
            }
            ')' | '}' => {
                flush(&mut word, &mut cur);
                let want = if c == ')' { Group::Prep } else { Group::Noun };
                if stack.last().is_some_and(|(k, _)| *k == want) {
                    drop_join(&mut cur);
                    if let Some((kind, parent)) = stack.pop() {
                        let inner = std::mem::replace(&mut cur, parent);
                        cur.push(if kind == Group::Prep {
                            Token::PrepPhrase(inner)
                        } else {
                            Token::NounPhrase(inner)
                        });
                    }
                } else {
                    cur.push(Token::Raw(c.to_string()));
                }
            }
            c => word.push(c),
        }
    }
    flush(&mut word, &mut cur);
    drop_join(&mut cur);
    if !stack.is_empty() {
        notes.push(format!(
            "pattern {text:?}: unclosed `(` or `{{` closed at the end"
        ));
    }
    while let Some((kind, parent)) = stack.pop() {
        let inner = std::mem::replace(&mut cur, parent);
        cur.push(if kind == Group::Prep {
            Token::PrepPhrase(inner)
        } else {
            Token::NounPhrase(inner)
        });
    }
    cur
}

fn classify(word: &str) -> Token {
    let plain =
        |w: &str| !w.is_empty() && !w.contains(['*', '$', '+', '%', '^', '&', '/', '[', ']']);
    match word {
        "*" => Token::Verb,
        "$" => Token::Source,
        "+" => Token::Target,
        "%" => Token::Compound,
        "^" => Token::Skip,
        w if w.starts_with('&') && plain(&w[1..]) => Token::Synset(w[1..].to_string()),
        w if w.contains('/') && w.split('/').all(plain) => {
            Token::Alternatives(w.split('/').map(str::to_string).collect())
        }
        w if plain(w) => Token::Word(w.to_string()),
        w => Token::Raw(w.to_string()),
    }
}

/// Pattern synset references written with `_` in their names (`&FIGHT_OF_WORDS`) were split
/// at the `_` by the tokenizer; joins them back when the longer name is a defined synset, and
/// notes references to synsets the file does not define.
fn resolve_synsets(dict: &mut VerbDictionary, file: &Arc<str>, warnings: &mut Vec<Warning>) {
    let defined: HashSet<String> = dict
        .synsets
        .iter()
        .map(|s| s.name.to_ascii_uppercase())
        .collect();
    for block in &mut dict.blocks {
        for pattern in &mut block.patterns {
            merge_synset_names(&mut pattern.tokens, &defined);
            let mut undefined = Vec::new();
            undefined_synsets(&pattern.tokens, &defined, &mut undefined);
            for name in undefined {
                warnings.push(Warning {
                    origin: Origin {
                        file: file.clone(),
                        line: pattern.origin.line,
                    },
                    message: format!("pattern uses synset &{name}, which the file does not define"),
                });
            }
        }
    }
}

fn merge_synset_names(tokens: &mut Vec<Token>, defined: &HashSet<String>) {
    let mut i = 0;
    while i < tokens.len() {
        if let Token::NounPhrase(inner) | Token::PrepPhrase(inner) = &mut tokens[i] {
            merge_synset_names(inner, defined);
        } else if let Token::Synset(name) = &tokens[i] {
            // The longest run `&A _ B _ C` whose joined name is defined wins.
            let mut best = None;
            let mut joined = name.clone();
            let mut j = i + 1;
            while let (Some(Token::Join), Some(Token::Word(w))) = (tokens.get(j), tokens.get(j + 1))
            {
                joined = format!("{joined}_{w}");
                if defined.contains(&joined.to_ascii_uppercase()) {
                    best = Some((j + 2, joined.clone()));
                }
                j += 2;
            }
            if let Some((end, full)) = best {
                tokens.splice(i..end, [Token::Synset(full)]);
            }
        }
        i += 1;
    }
}

fn undefined_synsets(tokens: &[Token], defined: &HashSet<String>, out: &mut Vec<String>) {
    for t in tokens {
        match t {
            Token::Synset(name) if !defined.contains(&name.to_ascii_uppercase()) => {
                out.push(name.clone())
            }
            Token::NounPhrase(inner) | Token::PrepPhrase(inner) => {
                undefined_synsets(inner, defined, out)
            }
            _ => {}
        }
    }
}

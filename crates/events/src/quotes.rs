//! Quotes and attribution: direct and indirect speech with resolved speakers, the outlet
//! words went through, bylines and "republished from" lines.
//!
//! # Direct quotes
//!
//! Quote marks are read off the token stream of the whole document, so a quote may open in one
//! sentence and close in a later one. Double marks (`"`, `“ ”`, ` `` '' `, `„`, `« »`) open and
//! close quotes; a single curly `‘` opens one only at the top level and only when a closing `’`
//! (not a possessive) follows in the same paragraph; single marks inside a double quote are part
//! of it. A quote still open at the end of a paragraph ends there, unless it began the paragraph
//! (or followed a colon) and the next paragraph opens with a quote mark: that is the newspaper
//! convention for a quote running over several paragraphs, and the quote then goes on.
//!
//! A quote split around its attribution (`"We will not allow it," he said, "and we will
//! respond."`) gives **two** [`Quote`]s, one per stretch of quoted words, each with the same
//! speaker: the span of a quote never covers words that are not quoted. Consumers that want the
//! whole utterance join consecutive direct quotes of one sentence with the same speaker.
//!
//! The speaker is the subject of the speech verb nearest the quote in the sentences it touches
//! (after the closing mark is preferred on a tie), or the speaker of the quote of the previous
//! sentence when this sentence is nothing but quoted words.
//!
//! # Indirect quotes
//!
//! A clause under a speech verb (`ccomp`), or, where the parser attached it elsewhere, the
//! clause after `that` following the verb and its objects, or the clause a trailing `…, the
//! official said` reports. Clauses whose words are all inside direct quotes are left out.

use sitrep_actors::dict::Kind;
use sitrep_actors::resolve::{Actor, MentionKind};
use sitrep_doc::{Doc, Sentence, Span};

/// Direct ("...") or indirect (X said that ...).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuoteKind {
    /// Within quotation marks.
    Direct,
    /// A clause under a verb of saying.
    Indirect,
}

/// Who said a quote: an actor of the document when resolved, and the words naming them.
#[derive(Clone, Debug, PartialEq)]
pub struct Speaker {
    /// Index into the `actors` passed in, when the speaker is a coded actor.
    pub actor: Option<usize>,
    /// The words that name the speaker (the mention, pronoun or description).
    pub span: Span,
}

/// One quote.
#[derive(Clone, Debug, PartialEq)]
pub struct Quote {
    /// The quoted words, without the marks.
    pub span: Span,
    /// Direct or indirect.
    pub kind: QuoteKind,
    /// The speaker, when found.
    pub speaker: Option<Speaker>,
    /// The outlet ("Reuters"), when named.
    pub via: Option<String>,
    /// Sentences the quote touches (indices).
    pub sentences: std::ops::Range<usize>,
}

/// Facts about the document found in its text.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DocFacts {
    /// The byline's author(s).
    pub author: Option<String>,
    /// Where the text says it was first published.
    pub republished_from: Option<String>,
}

/// Lemmas of verbs that report speech or writing. A verb needs a quote or a clause beside it
/// to make a quote, so words with other senses ("add", "note") are safe here.
pub const SAY_VERBS: &[&str] = &[
    "say",
    "tell",
    "add",
    "warn",
    "insist",
    "stress",
    "note",
    "explain",
    "declare",
    "ask",
    "write",
    "tweet",
    "post",
    "state",
    "claim",
    "announce",
    "report",
    "reply",
    "respond",
    "answer",
    "retort",
    "argue",
    "assert",
    "contend",
    "maintain",
    "confirm",
    "deny",
    "acknowledge",
    "admit",
    "concede",
    "allege",
    "comment",
    "remark",
    "observe",
    "mention",
    "emphasize",
    "emphasise",
    "underline",
    "underscore",
    "reiterate",
    "recall",
    "urge",
    "caution",
    "predict",
    "promise",
    "vow",
    "pledge",
    "threaten",
    "complain",
    "lament",
    "conclude",
    "reveal",
    "disclose",
    "testify",
    "suggest",
    "shout",
    "exclaim",
    "joke",
    "quip",
    "boast",
    "whisper",
];

/// True when `lemma` is a verb of saying ([`SAY_VERBS`]), in any letter case.
pub fn is_speech_verb(lemma: &str) -> bool {
    SAY_VERBS.iter().any(|v| v.eq_ignore_ascii_case(lemma))
}

/// Wire services and broadcasters recognized even when the dictionary has no entry for them
/// (or the resolver coded the mention otherwise). Longer names first, so that "Associated
/// Press" wins over a shorter name at the same place.
const WIRES: &[&str] = &[
    "United Press International",
    "Agence France-Presse",
    "Agence France Presse",
    "Associated Press",
    "RIA Novosti",
    "Al Jazeera",
    "Ukrinform",
    "Bloomberg",
    "Interfax",
    "Anadolu",
    "Reuters",
    "Xinhua",
    "Yonhap",
    "Kyodo",
    "ANSA",
    "TASS",
    "Tass",
    "AFP",
    "BBC",
    "CNN",
    "DPA",
    "dpa",
    "EFE",
    "UPI",
    "AP",
];

/// Words that may follow a wire service's name as part of it ("Anadolu Agency").
const WIRE_TAILS: &[&str] = &["News", "Agency", "Service", "World"];

/// Lemmas (beyond [`SAY_VERBS`]) of verbs and nouns through which an outlet carries words.
const OUTLET_CUES: &[&str] = &[
    "quote",
    "cite",
    "publish",
    "broadcast",
    "air",
    "interview",
    "speak",
    "talk",
    "statement",
    "comment",
    "remark",
    "report",
];

/// Quotes of `doc` (tagged, parsed, actors resolved), in text order.
pub fn find_quotes(doc: &Doc, actors: &[Actor]) -> Vec<Quote> {
    let view = View::new(doc);
    if view.at.is_empty() {
        return Vec::new();
    }
    let pieces = view.direct_pieces();
    let mut quoted = vec![false; view.at.len()];
    for p in &pieces {
        for q in &mut quoted[p.open..=p.close] {
            *q = true;
        }
    }
    let ctx = Ctx {
        view: &view,
        actors,
        quoted: &quoted,
    };
    let mut quotes: Vec<Quote> = Vec::new();
    let mut vias: Vec<Option<Option<String>>> = vec![None; doc.sentences.len()];
    let mut via_of = |si: usize| {
        vias[si]
            .get_or_insert_with(|| via_in(&view, si, actors))
            .clone()
    };
    let mut last_direct: Option<usize> = None;
    for p in &pieces {
        let s0 = view.at[p.first].0;
        let s1 = view.at[p.last].0;
        let (speaker, via) = match ctx.direct_verb(p) {
            Some(v) => {
                let (si, ti) = view.at[v];
                (ctx.speaker_of(si, ti), via_of(si))
            }
            None => match last_direct.map(|i| &quotes[i]) {
                Some(prev) if prev.sentences.end >= s0 && ctx.only_quoted(s0, s1) => {
                    (prev.speaker.clone(), prev.via.clone())
                }
                _ => (None, None),
            },
        };
        quotes.push(Quote {
            span: Span::new(view.span(p.first).start, view.span(p.last).end),
            kind: QuoteKind::Direct,
            speaker,
            via,
            sentences: s0..s1 + 1,
        });
        last_direct = Some(quotes.len() - 1);
    }
    for si in 0..doc.sentences.len() {
        for ti in 0..doc.sentences[si].tokens.len() {
            if let Some(mut q) = ctx.indirect(si, ti) {
                q.via = via_of(si);
                quotes.push(q);
            }
        }
    }
    quotes.sort_by_key(|q| (q.span.start, q.span.end));
    quotes
}

/// The outlet that words of sentence `sentence` went through ("told Reuters", "Reuters
/// reported", "according to AP"), if any, with the span naming it.
pub fn via_in_sentence(doc: &Doc, sentence: usize, actors: &[Actor]) -> Option<(String, Span)> {
    let kids = children(doc.sentences.get(sentence)?);
    via_span(doc, sentence, &kids, actors)
}

/// Byline and "republished from" facts.
pub fn doc_facts(doc: &Doc) -> DocFacts {
    let lines: Vec<&str> = doc
        .text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    DocFacts {
        author: byline(&lines),
        republished_from: republished(&lines),
    }
}

/// Each token's dependents (0-based), ignoring heads out of range and self-loops.
fn children(s: &Sentence) -> Vec<Vec<usize>> {
    let mut ch = vec![Vec::new(); s.tokens.len()];
    for (ti, t) in s.tokens.iter().enumerate() {
        if t.head > 0 && t.head <= s.tokens.len() && t.head - 1 != ti {
            ch[t.head - 1].push(ti);
        }
    }
    ch
}

// ---------------------------------------------------------------------------------------------
// The document as one token stream
// ---------------------------------------------------------------------------------------------

/// Global token order over all sentences, paragraphs, and dependency children.
struct View<'a> {
    doc: &'a Doc,
    /// Global index → (sentence, token).
    at: Vec<(usize, usize)>,
    /// Sentence → global index of its first token (one extra entry at the end).
    first: Vec<usize>,
    /// Global index → paragraph number.
    para: Vec<usize>,
    /// Sentence → token → children (0-based token indices).
    children: Vec<Vec<Vec<usize>>>,
}

impl<'a> View<'a> {
    fn new(doc: &'a Doc) -> View<'a> {
        let mut at = Vec::new();
        let mut first = Vec::with_capacity(doc.sentences.len() + 1);
        let mut children = Vec::with_capacity(doc.sentences.len());
        for (si, s) in doc.sentences.iter().enumerate() {
            first.push(at.len());
            at.extend((0..s.tokens.len()).map(|ti| (si, ti)));
            children.push(self::children(s));
        }
        first.push(at.len());
        let mut view = View {
            doc,
            at,
            first,
            para: Vec::new(),
            children,
        };
        view.para = view.paragraphs();
        view
    }

    /// Paragraph numbers. A blank line always parts paragraphs; a single line break does too,
    /// except in hard-wrapped text, where most line breaks fall inside sentences.
    fn paragraphs(&self) -> Vec<usize> {
        let text = &self.doc.text;
        let n = self.at.len();
        let gap =
            |g: usize| &text[self.span(g - 1).end.min(self.span(g).start)..self.span(g).start];
        let (mut breaks, mut wrapped) = (0usize, 0usize);
        for g in 1..n {
            if gap(g).contains('\n') {
                breaks += 1;
                let prev_ends = self
                    .text(g - 1)
                    .chars()
                    .last()
                    .is_some_and(|c| matches!(c, '.' | '!' | '?' | ':' | '"' | '”'));
                if self.text(g).chars().next().is_some_and(char::is_lowercase) && !prev_ends {
                    wrapped += 1;
                }
            }
        }
        let hard_wrapped = breaks >= 3 && wrapped * 10 >= breaks * 3;
        let mut para = Vec::with_capacity(n);
        let mut p = 0;
        for g in 0..n {
            if g > 0 {
                let lines = gap(g).matches('\n').count();
                if lines >= 2 || (lines == 1 && !hard_wrapped) {
                    p += 1;
                }
            }
            para.push(p);
        }
        para
    }

    fn tok(&self, g: usize) -> &'a sitrep_doc::Token {
        let (si, ti) = self.at[g];
        &self.doc.sentences[si].tokens[ti]
    }

    fn span(&self, g: usize) -> Span {
        self.tok(g).span
    }

    fn text(&self, g: usize) -> &'a str {
        self.doc.token_text(self.tok(g))
    }

    fn global(&self, si: usize, ti: usize) -> usize {
        self.first[si] + ti
    }

    /// The stretches of directly quoted words.
    fn direct_pieces(&self) -> Vec<Piece> {
        let n = self.at.len();
        let mut pieces = Vec::new();
        // The open mark, and whether a quote it opens may run on into the next paragraph.
        let mut open: Option<(usize, bool)> = None;
        let may_run_on =
            |g: usize| g == 0 || self.para[g - 1] != self.para[g] || self.text(g - 1) == ":";
        let mut g = 0;
        while g < n {
            let mark = Mark::of(self.text(g));
            if g > 0 && self.para[g] != self.para[g - 1] {
                if let Some((o, run_on)) = open {
                    if run_on && matches!(mark, Mark::Open | Mark::Straight) {
                        g += 1;
                        continue;
                    }
                    self.push_piece(&mut pieces, o, g - 1, false);
                    open = None;
                }
            }
            match mark {
                Mark::Open => {
                    if let Some((o, _)) = open {
                        self.push_piece(&mut pieces, o, g - 1, false);
                    }
                    open = Some((g, may_run_on(g)));
                }
                Mark::Close => {
                    if let Some((o, _)) = open.take() {
                        self.push_piece(&mut pieces, o, g, true);
                    }
                }
                Mark::Straight => {
                    if let Some((o, _)) = open.take() {
                        self.push_piece(&mut pieces, o, g, true);
                    } else if !self.is_inch_mark(g) {
                        open = Some((g, may_run_on(g)));
                    }
                }
                Mark::SingleOpen if open.is_none() => {
                    if let Some(c) = self.single_close(g) {
                        self.push_piece(&mut pieces, g, c, true);
                        g = c + 1;
                        continue;
                    }
                }
                Mark::SingleOpen | Mark::None => {}
            }
            g += 1;
        }
        if let Some((o, _)) = open {
            self.push_piece(&mut pieces, o, n - 1, false);
        }
        pieces
    }

    /// Adds the piece opened at `open` and ending at `end` (its closing mark when `closed`),
    /// trimmed of marks and of the punctuation that belongs to the attribution.
    fn push_piece(&self, pieces: &mut Vec<Piece>, open: usize, end: usize, closed: bool) {
        let mut first = open + 1;
        let mut last = if closed { end.saturating_sub(1) } else { end };
        let lead =
            |s: &str| Mark::of(s) != Mark::None || matches!(s, "," | ";" | ":" | "-" | "—" | "–");
        let trail = |s: &str| lead(s) || s == "\u{2019}";
        while first <= last && lead(self.text(first)) {
            first += 1;
        }
        while last >= first && last > open && trail(self.text(last)) {
            last -= 1;
        }
        if first > last || last >= self.at.len() {
            return;
        }
        pieces.push(Piece {
            open,
            close: end,
            first,
            last,
        });
    }

    /// A `"` right after a number is an inch or seconds mark, not a quote.
    fn is_inch_mark(&self, g: usize) -> bool {
        g > 0
            && self.span(g - 1).end == self.span(g).start
            && self.text(g - 1).ends_with(|c: char| c.is_ascii_digit())
    }

    /// The `’` closing a single quote opened at `g`, if one follows in the paragraph before any
    /// double mark; a possessive apostrophe does not close it.
    fn single_close(&self, g: usize) -> Option<usize> {
        let end = self.at.len().min(g + 80);
        for h in g + 1..end {
            if self.para[h] != self.para[g] {
                return None;
            }
            match Mark::of(self.text(h)) {
                Mark::Open | Mark::Close | Mark::Straight => return None,
                _ => {}
            }
            if self.text(h) == "\u{2019}" && self.tok(h).xpos != "POS" && h > g + 1 {
                return Some(h);
            }
        }
        None
    }
}

/// One stretch of directly quoted words, as global token indices.
#[derive(Clone, Copy, Debug)]
struct Piece {
    /// The opening mark.
    open: usize,
    /// The closing mark, or the last token when the quote was never closed.
    close: usize,
    /// First quoted word.
    first: usize,
    /// Last quoted word.
    last: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mark {
    Open,
    Close,
    Straight,
    SingleOpen,
    None,
}

impl Mark {
    fn of(s: &str) -> Mark {
        match s {
            "\u{201C}" | "``" | "\u{201E}" | "\u{00AB}" => Mark::Open,
            "\u{201D}" | "''" | "\u{00BB}" => Mark::Close,
            "\"" => Mark::Straight,
            "\u{2018}" => Mark::SingleOpen,
            _ => Mark::None,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Speakers
// ---------------------------------------------------------------------------------------------

/// A noun phrase within one sentence: tokens `start..end`, head `head`.
#[derive(Clone, Copy, Debug)]
struct Np {
    si: usize,
    start: usize,
    end: usize,
    head: usize,
}

struct Ctx<'a> {
    view: &'a View<'a>,
    actors: &'a [Actor],
    /// Global index → inside a direct quote (marks included).
    quoted: &'a [bool],
}

/// Speech verbs whose object is the one spoken to ("told Reuters", "warned Moscow").
const TAKES_ADDRESSEE: &[&str] = &[
    "tell", "warn", "ask", "urge", "inform", "remind", "promise", "assure", "notify", "advise",
    "caution", "threaten", "pledge",
];

/// Relations whose subtrees are not part of the noun phrase that names a speaker.
const NOT_IN_NP: &[&str] = &[
    "appos",
    "acl",
    "acl:relcl",
    "punct",
    "parataxis",
    "advcl",
    "ccomp",
    "xcomp",
    "dep",
    "discourse",
    "vocative",
];

impl Ctx<'_> {
    fn tok(&self, si: usize, ti: usize) -> &sitrep_doc::Token {
        &self.view.doc.sentences[si].tokens[ti]
    }

    fn is_quoted(&self, si: usize, ti: usize) -> bool {
        self.view
            .first
            .get(si)
            .and_then(|f| self.quoted.get(f + ti))
            .copied()
            .unwrap_or(false)
    }

    fn form(&self, si: usize, ti: usize) -> &str {
        self.view.doc.token_text(self.tok(si, ti))
    }

    /// A speech verb, or "according" in "according to".
    fn is_speech_token(&self, si: usize, ti: usize) -> bool {
        let t = self.tok(si, ti);
        let verbal = t.upos == "VERB" || t.xpos.starts_with("VB");
        (verbal && is_speech_verb(&t.lemma)) || self.is_according(si, ti)
    }

    fn is_according(&self, si: usize, ti: usize) -> bool {
        let s = &self.view.doc.sentences[si];
        self.form(si, ti).eq_ignore_ascii_case("according")
            && ti + 1 < s.tokens.len()
            && self.form(si, ti + 1).eq_ignore_ascii_case("to")
    }

    /// The speech verb that introduces a direct quote: the unquoted one nearest the quote in
    /// the sentences it touches.
    fn direct_verb(&self, p: &Piece) -> Option<usize> {
        let v = self.view;
        let s0 = v.at[p.open].0;
        let s1 = v.at[p.close].0;
        let mut best: Option<((usize, u8), usize)> = None;
        for g in v.first[s0]..v.first[s1 + 1] {
            if self.quoted[g] {
                continue;
            }
            let (si, ti) = v.at[g];
            if !self.is_speech_token(si, ti) {
                continue;
            }
            let key = if g > p.close {
                (g - p.close, 0)
            } else if g < p.open {
                (p.open - g, 1)
            } else {
                continue;
            };
            if best.is_none_or(|(k, _)| key < k) {
                best = Some((key, g));
            }
        }
        best.map(|(_, g)| g).or_else(|| self.verb_opening_next(p))
    }

    /// `"Glory to Ukraine!" Zelensky tweeted.`: after a quote that ends its sentence, the next
    /// sentence of the paragraph may open with the attribution (a short noun phrase and a
    /// speech verb, or the verb first).
    fn verb_opening_next(&self, p: &Piece) -> Option<usize> {
        let v = self.view;
        let g = p.close + 1;
        if g >= v.at.len() || v.at[g].1 != 0 || v.para[g] != v.para[p.close] {
            return None;
        }
        let si = v.at[g].0;
        let s = &v.doc.sentences[si];
        (0..s.tokens.len().min(6))
            .take_while(|&k| {
                !self.is_quoted(si, k)
                    && (self.is_speech_token(si, k)
                        || self.pre_nominal(si, k)
                        || s.tokens[k].upos == "PRON")
            })
            .find(|&k| self.is_speech_token(si, k))
            .map(|k| v.global(si, k))
    }

    /// True when every word of sentences `s0..=s1` outside direct quotes is punctuation.
    fn only_quoted(&self, s0: usize, s1: usize) -> bool {
        let v = self.view;
        (v.first[s0]..v.first[s1 + 1]).all(|g| self.quoted[g] || v.tok(g).upos == "PUNCT")
    }

    /// The speaker of speech verb `ti` of sentence `si`, resolved to an actor when possible.
    fn speaker_of(&self, si: usize, ti: usize) -> Option<Speaker> {
        self.speaker_np(self.subject(si, ti, 0)?)
    }

    fn speaker_np(&self, np: Np) -> Option<Speaker> {
        let si = np.si;
        let s = &self.view.doc.sentences[si];
        let mut end = np.end;
        let mut actor = self.actor_of(np);
        // "The city's mayor, Vitali Klitschko, said": the person an apposition names is the
        // speaker the description stands for.
        if actor.is_none_or(|ai| self.actors[ai].kind != Kind::Person) {
            for &c in &self.view.children[si][np.head] {
                if s.tokens[c].deprel != "appos" || c < np.end {
                    continue;
                }
                let named = self.np(si, c);
                if let Some(ai) = self
                    .mention_actor(named)
                    .filter(|&ai| self.actors[ai].kind == Kind::Person)
                {
                    actor = Some(ai);
                    end = named.end;
                    break;
                }
            }
        }
        let span = Span::new(s.tokens[np.start].span.start, s.tokens[end - 1].span.end);
        Some(Speaker { actor, span })
    }

    /// The subject of a speech verb: from the tree, else by word order.
    fn subject(&self, si: usize, ti: usize, depth: usize) -> Option<Np> {
        let s = &self.view.doc.sentences[si];
        let kids = &self.view.children[si][ti];
        if self.is_according(si, ti) {
            // "according" is the case marker of the source ("according to the spokesman").
            let h = s.tokens[ti].head;
            if h > ti + 2 && h <= s.tokens.len() && self.is_nominal(si, h - 1) {
                return Some(self.np(si, h - 1));
            }
            return (ti + 2..s.tokens.len())
                .take_while(|&j| s.tokens[j].upos != "PUNCT")
                .find(|&j| self.is_nominal(si, j) && s.tokens[j].upos != "PRON")
                .map(|j| self.np_by_order(si, j));
        }
        if let Some(&c) = kids
            .iter()
            .find(|&&c| s.tokens[c].deprel.starts_with("nsubj") && !self.is_quoted(si, c))
        {
            let relative = matches!(s.tokens[c].xpos.as_str(), "WP" | "WDT");
            let antecedent = s.tokens[ti].head.checked_sub(1).filter(|&h| {
                h < s.tokens.len() && s.tokens[ti].deprel == "acl:relcl" && self.is_nominal(si, h)
            });
            // "Blinken, who said …": the relative pronoun stands for the noun it follows.
            if let (true, Some(h)) = (relative, antecedent) {
                return Some(self.np(si, h));
            }
            if self.is_nominal(si, c) {
                return Some(self.np(si, c));
            }
        }
        // "…, Ukraine's military said": a noun phrase between a break and the verb is its
        // subject, whatever the tree made of it.
        if let Some(np) = self.np_before(si, ti).filter(|np| {
            np.start == 0 || {
                let prev = self.form(si, np.start - 1);
                matches!(prev, "," | ":" | ";") || Mark::of(prev) != Mark::None
            }
        }) {
            return Some(np);
        }
        let t = &s.tokens[ti];
        let head = t.head.checked_sub(1).filter(|&h| h < s.tokens.len());
        // "TASS quoted Peskov as saying": the one quoted is the speaker.
        if let Some(h) = head {
            if t.lemma == "say" && matches!(s.tokens[h].lemma.as_str(), "quote" | "cite") {
                if let Some(&o) = self.view.children[si][h]
                    .iter()
                    .find(|&&c| s.tokens[c].deprel == "obj")
                {
                    return Some(self.np(si, o));
                }
            }
            // "…, he said, adding that …": a participle shares the subject of the speech verb
            // before it, wherever the parser hung it.
            if depth < 2 && t.xpos == "VBG" && ti > 0 && self.form(si, ti - 1) == "," {
                let earlier = (0..ti)
                    .rev()
                    .find(|&k| !self.is_quoted(si, k) && self.is_speech_token(si, k) && k + 1 < ti);
                if let Some(np) = earlier.and_then(|k| self.subject(si, k, depth + 1)) {
                    return Some(np);
                }
            }
            // "he said and added": the subject is shared.
            let shares = matches!(t.deprel.as_str(), "conj" | "advcl" | "xcomp");
            if depth < 2 && shares && s.tokens[h].upos == "VERB" {
                if let Some(np) = self.subject(si, h, depth + 1) {
                    return Some(np);
                }
            }
        }
        // Word order, for trees that lost the subject: "said Peskov" after a quote or a
        // comma, else the noun phrase right before the verb.
        let after_break = ti == 0 || {
            let prev = self.form(si, ti - 1);
            prev == "," || Mark::of(prev) != Mark::None
        };
        if after_break {
            let mut j = ti + 1;
            while j < s.tokens.len() && s.tokens[j].upos == "DET" {
                j += 1;
            }
            if j < s.tokens.len() && self.is_nominal(si, j) && !self.is_quoted(si, j) {
                return Some(self.np_by_order(si, j));
            }
        }
        self.np_before(si, ti)
    }

    /// The noun phrase right before verb `ti` (auxiliaries and adverbs between), by word order.
    fn np_before(&self, si: usize, ti: usize) -> Option<Np> {
        let s = &self.view.doc.sentences[si];
        let mut j = ti;
        while j > 0
            && matches!(s.tokens[j - 1].upos.as_str(), "AUX" | "ADV" | "PART")
            && s.tokens[j - 1].xpos != "POS"
        {
            j -= 1;
        }
        if j > 0 && s.tokens[j - 1].upos == "PRON" && !self.is_quoted(si, j - 1) {
            return Some(Np {
                si,
                start: j - 1,
                end: j,
                head: j - 1,
            });
        }
        let mut start = j;
        while start > 0 && self.pre_nominal(si, start - 1) {
            start -= 1;
        }
        while start < j && s.tokens[start].xpos == "POS" {
            start += 1;
        }
        if start == j {
            return None;
        }
        let nominal = (start..j).any(|k| matches!(s.tokens[k].upos.as_str(), "NOUN" | "PROPN"));
        // "the official said" with "official" tagged as an adjective: a determiner and
        // modifiers alone still make a noun phrase.
        (nominal || (j >= start + 2 && s.tokens[start].upos == "DET")).then_some(Np {
            si,
            start,
            end: j,
            head: j - 1,
        })
    }

    fn is_nominal(&self, si: usize, ti: usize) -> bool {
        matches!(
            self.tok(si, ti).upos.as_str(),
            "NOUN" | "PROPN" | "PRON" | "NUM"
        )
    }

    fn pre_nominal(&self, si: usize, ti: usize) -> bool {
        !self.is_quoted(si, ti)
            && (matches!(
                self.tok(si, ti).upos.as_str(),
                "DET" | "ADJ" | "PROPN" | "NOUN" | "NUM"
            ) || self.tok(si, ti).xpos == "POS")
    }

    /// The phrase headed by `h`: its subtree without clauses, appositions and punctuation,
    /// kept contiguous around the head.
    fn np(&self, si: usize, h: usize) -> Np {
        let s = &self.view.doc.sentences[si];
        let mut inside = vec![false; s.tokens.len()];
        let mut stack = vec![h];
        while let Some(k) = stack.pop() {
            if inside[k] || self.is_quoted(si, k) && k != h {
                continue;
            }
            inside[k] = true;
            for &c in &self.view.children[si][k] {
                if !NOT_IN_NP.contains(&s.tokens[c].deprel.as_str()) {
                    stack.push(c);
                }
            }
        }
        let (mut start, mut end) = (h, h + 1);
        while start > 0 && inside[start - 1] {
            start -= 1;
        }
        while end < s.tokens.len() && inside[end] {
            end += 1;
        }
        // Titles and names in a row are one phrase whatever the tree says ("Kremlin spokesman
        // Dmitry Peskov", "NATO Secretary-General Jens Stoltenberg"); its head is the last
        // noun of the row.
        let name_like = |k: usize| {
            !self.is_quoted(si, k)
                && (matches!(s.tokens[k].upos.as_str(), "PROPN" | "NOUN")
                    || (s.tokens[k].upos == "ADJ" && starts_upper(self.form(si, k))))
        };
        let glued_hyphen = |k: usize| {
            k > 0
                && k + 1 < s.tokens.len()
                && self.form(si, k) == "-"
                && s.tokens[k - 1].span.end == s.tokens[k].span.start
                && s.tokens[k].span.end == s.tokens[k + 1].span.start
        };
        let mut head = h;
        if matches!(s.tokens[h].upos.as_str(), "PROPN" | "NOUN") {
            while start > 0 && (name_like(start - 1) || glued_hyphen(start - 1)) {
                start -= 1;
            }
            while end < s.tokens.len() && (name_like(end) || glued_hyphen(end)) {
                end += 1;
            }
            while start < h && glued_hyphen(start) {
                start += 1;
            }
            while end > h + 1 && glued_hyphen(end - 1) {
                end -= 1;
            }
            head = h;
            while head + 1 < end && (name_like(head + 1) || glued_hyphen(head + 1)) {
                head += 1;
            }
        }
        Np {
            si,
            start,
            end,
            head,
        }
    }

    /// A name or noun compound starting at `j`, by word order.
    fn np_by_order(&self, si: usize, j: usize) -> Np {
        let s = &self.view.doc.sentences[si];
        let mut start = j;
        while start > 0 && matches!(s.tokens[start - 1].upos.as_str(), "DET" | "ADJ") {
            start -= 1;
        }
        let mut end = j + 1;
        while end < s.tokens.len()
            && !self.is_quoted(si, end)
            && matches!(s.tokens[end].upos.as_str(), "PROPN" | "NOUN")
            && s.tokens[j].upos != "PRON"
        {
            end += 1;
        }
        Np {
            si,
            start,
            end,
            head: end - 1,
        }
    }

    /// The actor a speaker phrase names: a mention overlapping it, else, for a pronoun, the
    /// nearest fitting actor mentioned before it outside quotes, the resolver's own link, or
    /// the last named speaker.
    fn actor_of(&self, np: Np) -> Option<usize> {
        if let Some(ai) = self.mention_actor(np) {
            return Some(ai);
        }
        // The resolver links pronouns without seeing quotes; its link is a fallback.
        let linked_pronoun = self.actors.iter().position(|a| {
            a.mentions.iter().any(|m| {
                m.sentence == np.si && m.how == MentionKind::Pronoun && m.tokens.contains(&np.head)
            })
        });
        if self.tok(np.si, np.head).upos != "PRON" {
            return linked_pronoun;
        }
        let pronoun = self.form(np.si, np.head).to_lowercase();
        let fits = |k: Kind| match pronoun.as_str() {
            "he" | "she" => k == Kind::Person,
            "they" | "it" => matches!(k, Kind::Organization | Kind::Group | Kind::Country),
            _ => false,
        };
        // The latest sentence with a fitting mention wins; within it a subject beats an
        // object, which beats the object of a preposition ("met in Brussels").
        let mut nearest: Option<((usize, u8, usize), usize)> = None;
        for (ai, a) in self.actors.iter().enumerate() {
            if !fits(a.kind) {
                continue;
            }
            for m in &a.mentions {
                let before =
                    (m.sentence, m.tokens.start) < (np.si, np.start) && m.sentence + 5 >= np.si;
                let Some(head) = self
                    .view
                    .doc
                    .sentences
                    .get(m.sentence)
                    .and_then(|s| s.tokens.get(m.head))
                else {
                    continue;
                };
                if !before || m.how == MentionKind::Pronoun || self.is_quoted(m.sentence, m.head) {
                    continue;
                }
                let in_pp = self.view.children[m.sentence][m.head]
                    .iter()
                    .any(|&c| self.view.doc.sentences[m.sentence].tokens[c].deprel == "case");
                let role = if head.deprel.starts_with("nsubj") || head.deprel == "root" {
                    2
                } else if in_pp {
                    0
                } else {
                    1
                };
                let key = (m.sentence, role, m.tokens.start);
                if nearest.is_none_or(|(k, _)| key > k) {
                    nearest = Some((key, ai));
                }
            }
        }
        let named = matches!(pronoun.as_str(), "he" | "she" | "they");
        nearest
            .map(|(_, ai)| ai)
            .or(linked_pronoun)
            .or_else(|| named.then(|| self.previous_speaker(np)).flatten())
    }

    /// The actor of a mention (pronoun links aside) overlapping a phrase: the one holding its
    /// head first, people before others, longer before shorter.
    fn mention_actor(&self, np: Np) -> Option<usize> {
        let mut best: Option<((bool, bool, usize), usize)> = None;
        for (ai, a) in self.actors.iter().enumerate() {
            for m in a.mentions.iter().filter(|m| m.sentence == np.si) {
                let overlap = m.tokens.start.max(np.start) < m.tokens.end.min(np.end);
                if !overlap || m.how == MentionKind::Pronoun {
                    continue;
                }
                let key = (
                    m.tokens.contains(&np.head),
                    a.kind == Kind::Person,
                    m.tokens.len(),
                );
                if best.is_none_or(|(k, _)| key > k) {
                    best = Some((key, ai));
                }
            }
        }
        best.map(|(_, ai)| ai)
    }

    /// The actor who last spoke (subject of a speech verb outside quotes, named rather than a
    /// pronoun) within the three sentences before a pronoun: the antecedent when no actor of
    /// the pronoun's kind was mentioned, as with a surname the dictionary does not know.
    fn previous_speaker(&self, np: Np) -> Option<usize> {
        let v = self.view;
        let end = v.global(np.si, np.start);
        let begin = v.first[np.si.saturating_sub(3)];
        (begin..end).rev().find_map(|g| {
            let (si, ti) = v.at[g];
            if self.quoted[g] || !self.is_speech_token(si, ti) {
                return None;
            }
            let subject = self.subject(si, ti, 0)?;
            if self.tok(si, subject.head).upos == "PRON" {
                return None;
            }
            self.mention_actor(subject)
                .filter(|&ai| !matches!(self.actors[ai].kind, Kind::Place | Kind::Country))
        })
    }

    /// An indirect quote under speech verb `ti` of sentence `si`, if it has a clause.
    fn indirect(&self, si: usize, ti: usize) -> Option<Quote> {
        let s = &self.view.doc.sentences[si];
        let t = &s.tokens[ti];
        if !(t.upos == "VERB" || t.xpos.starts_with("VB"))
            || !is_speech_verb(&t.lemma)
            || self.is_quoted(si, ti)
        {
            return None;
        }
        let (mut start, mut end) = self.clause_of(si, ti)?;
        let subject = self.subject(si, ti, 0);
        // A misparsed clause may swallow the speaker; the speaker's words are not reported.
        if let Some(np) = subject.filter(|np| np.start < end && start < np.end) {
            if np.start > start {
                end = np.start;
            } else {
                start = np.end.max(start);
            }
        }
        // The complementizer and edge punctuation are not reported words.
        while start < end
            && (s.tokens[start].upos == "PUNCT"
                || (self.form(si, start).eq_ignore_ascii_case("that")
                    && matches!(s.tokens[start].deprel.as_str(), "mark" | "obj" | "nsubj")
                    || self.form(si, start).eq_ignore_ascii_case("that")
                        && s.tokens[start].upos == "SCONJ"))
        {
            start += 1;
        }
        let clause_end = end;
        while end > start && s.tokens[end - 1].upos == "PUNCT" {
            end -= 1;
        }
        // Words someone did not say are not reported ("would not say whether …"), and an
        // open question is reported only as asked ("asked whether …"), not when a reporter's
        // question opens the sentence ("Asked whether …, Peskov said").
        let negated = self.view.children[si][ti].iter().any(|&c| {
            s.tokens[c].deprel == "advmod"
                && matches!(
                    s.tokens[c].lemma.to_lowercase().as_str(),
                    "not" | "n't" | "never"
                )
        });
        let question = self.form(si, start).eq_ignore_ascii_case("whether")
            || self.form(si, start).eq_ignore_ascii_case("if");
        let has_subject = self.view.children[si][ti]
            .iter()
            .any(|&c| s.tokens[c].deprel.starts_with("nsubj"));
        if negated || question && (t.lemma != "ask" || t.xpos == "VBN" || !has_subject) {
            return None;
        }
        // ", adding …" starts another attribution; its words are not this clause's.
        if let Some(k) = (start + 1..end).find(|&k| {
            s.tokens[k].xpos == "VBG" && self.is_speech_token(si, k) && self.form(si, k - 1) == ","
        }) {
            end = k - 1;
        }
        // ", according to …" names a source, not reported words.
        if let Some(k) =
            (start + 1..end).find(|&k| self.is_according(si, k) && s.tokens[k - 1].upos == "PUNCT")
        {
            end = k - 1;
            while end > start && s.tokens[end - 1].upos == "PUNCT" {
                end -= 1;
            }
        }
        let words: Vec<usize> = (start..end)
            .filter(|&k| s.tokens[k].upos != "PUNCT")
            .collect();
        // A clause that begins inside a direct quote is that quote ("'…,' he said").
        if words.is_empty() || self.is_quoted(si, words[0]) {
            return None;
        }
        // Keep a quote mark that closes one opened inside the clause.
        let marks = (start..end)
            .filter(|&k| Mark::of(self.form(si, k)) != Mark::None)
            .count();
        if marks % 2 == 1 {
            if let Some(k) = (end..clause_end)
                .take_while(|&k| s.tokens[k].upos == "PUNCT")
                .find(|&k| Mark::of(self.form(si, k)) != Mark::None)
            {
                end = k + 1;
            }
        }
        Some(Quote {
            span: Span::new(s.tokens[start].span.start, s.tokens[end - 1].span.end),
            kind: QuoteKind::Indirect,
            speaker: subject.and_then(|np| self.speaker_np(np)),
            via: None,
            sentences: si..si + 1,
        })
    }

    /// The reported clause of speech verb `ti`, as a token range.
    fn clause_of(&self, si: usize, ti: usize) -> Option<(usize, usize)> {
        let s = &self.view.doc.sentences[si];
        let kids = &self.view.children[si][ti];
        // A clause has a verb, or a subject or copula of its own; the parser sometimes hangs
        // a stray modifier as `ccomp`. One after the verb is preferred ("X said …").
        let clause = |c: &usize| {
            let t = &s.tokens[*c];
            s.tokens[*c].deprel == "ccomp"
                && (matches!(t.upos.as_str(), "VERB" | "AUX")
                    || self.view.children[si][*c].iter().any(|&k| {
                        s.tokens[k].deprel.starts_with("nsubj") || s.tokens[k].deprel == "cop"
                    }))
        };
        let c = kids
            .iter()
            .filter(|c| clause(c))
            .max_by_key(|&&c| (c > ti, std::cmp::Reverse(c)));
        if let Some(&c) = c {
            let (mut a, mut b) = self.subtree_range(si, c);
            // A clause that wraps the verb is a misparse; keep the side away from the verb.
            if a <= ti && ti < b {
                if c > ti {
                    a = ti + 1;
                } else {
                    b = ti;
                }
            }
            // "says talks stalled" parsed with "talks" as the verb's object: for verbs that
            // take no addressee, an object between the verb and its clause is the clause's
            // subject.
            if a > ti && !TAKES_ADDRESSEE.contains(&s.tokens[ti].lemma.as_str()) {
                for &k in kids {
                    if k > ti && k < a && s.tokens[k].deprel == "obj" {
                        a = a.min(self.subtree_range(si, k).0);
                    }
                }
            }
            return Some((a, b));
        }
        // "told Reuters that …" where the parser took "that" for a relative pronoun: the
        // clause after "that", when only the verb's objects stand between.
        let mut j = ti + 1;
        while j < s.tokens.len()
            && j <= ti + 8
            && matches!(
                s.tokens[j].upos.as_str(),
                "NOUN" | "PROPN" | "PRON" | "DET" | "ADJ" | "ADP" | "NUM"
            )
            && !self.form(si, j).eq_ignore_ascii_case("that")
        {
            j += 1;
        }
        if j < s.tokens.len()
            && j + 1 < s.tokens.len()
            && self.form(si, j).eq_ignore_ascii_case("that")
            && s.tokens[j].xpos != "DT"
            && !matches!(s.tokens[j + 1].upos.as_str(), "VERB" | "AUX" | "PUNCT")
        {
            let h = s.tokens[j].head;
            let end = if h > j + 1 && h <= s.tokens.len() {
                self.subtree_range(si, h - 1).1
            } else {
                s.tokens.len()
            };
            return Some((j, end.max(j + 2)));
        }
        // "The talks will resume, the official said." (or "…, said the official."): a
        // trailing attribution reports the clause before its comma, when nothing after the
        // verb is a clause of its own.
        let left = self.np_before(si, ti).map_or(ti, |np| np.start);
        let comma = if left > 0 && self.form(si, left - 1) == "," {
            left - 1
        } else if ti > 0 && self.form(si, ti - 1) == "," {
            ti - 1
        } else {
            return None;
        };
        let nothing_after = (ti + 1..s.tokens.len()).all(|k| {
            !matches!(s.tokens[k].upos.as_str(), "VERB" | "AUX")
                && !self.form(si, k).eq_ignore_ascii_case("that")
        });
        let clause_before = (0..comma).any(|k| matches!(s.tokens[k].upos.as_str(), "VERB" | "AUX"));
        ((nothing_after || s.tokens[ti].deprel == "parataxis") && clause_before)
            .then_some((0, comma))
    }

    /// First and one-past-last token of the subtree of `h`.
    fn subtree_range(&self, si: usize, h: usize) -> (usize, usize) {
        let (mut a, mut b) = (h, h + 1);
        let mut stack = vec![h];
        let mut seen = vec![false; self.view.doc.sentences[si].tokens.len()];
        while let Some(k) = stack.pop() {
            if std::mem::replace(&mut seen[k], true) {
                continue;
            }
            a = a.min(k);
            b = b.max(k + 1);
            stack.extend(self.view.children[si][k].iter().copied());
        }
        (a, b)
    }
}

// ---------------------------------------------------------------------------------------------
// Outlets
// ---------------------------------------------------------------------------------------------

fn via_in(view: &View, si: usize, actors: &[Actor]) -> Option<String> {
    via_span(view.doc, si, &view.children[si], actors).map(|(name, _)| name)
}

/// True for an actor coded as a media outlet (sector `MED` anywhere in its code).
fn is_media(actor: &Actor) -> bool {
    actor.kind == Kind::Organization && actor.code.as_bytes().chunks(3).any(|c| c == b"MED")
}

/// The first outlet of sentence `si` named where words go through it; `kids` are the
/// sentence's dependents per token.
fn via_span(doc: &Doc, si: usize, kids: &[Vec<usize>], actors: &[Actor]) -> Option<(String, Span)> {
    let s = doc.sentences.get(si)?;
    let form = |k: usize| doc.token_text(&s.tokens[k]);
    let mut found: Vec<(usize, usize)> = Vec::new();
    for a in actors.iter().filter(|a| is_media(a)) {
        for m in a.mentions.iter().filter(|m| m.sentence == si) {
            let (mut start, mut end) = (m.tokens.start, m.tokens.end.min(s.tokens.len()));
            // "the newspaper Kommersant": the name as written, without its descriptors.
            while start < end && !starts_upper(form(start)) {
                start += 1;
            }
            while end > start && !starts_upper(form(end - 1)) {
                end -= 1;
            }
            if start < end {
                found.push((start, end));
            }
        }
    }
    for k in 0..s.tokens.len() {
        if let Some(end) = wire_at(doc, si, k) {
            found.push((k, end));
        }
    }
    found.sort_by_key(|&(a, b)| (a, std::cmp::Reverse(b)));
    for &(a, b) in &found {
        if outlet_context(doc, s, kids, a, b) {
            let span = Span::new(s.tokens[a].span.start, s.tokens[b - 1].span.end);
            let name = doc
                .span_text(span)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            return Some((name, span));
        }
    }
    None
}

fn starts_upper(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// The end (exclusive) of a wire service's name starting at token `k`, matched on the tokens'
/// forms with spacing ignored.
fn wire_at(doc: &Doc, si: usize, k: usize) -> Option<usize> {
    let toks = &doc.sentences[si].tokens;
    let first = doc.token_text(&toks[k]);
    let initial = first.chars().next()?;
    if !initial.is_uppercase() && initial != 'd' {
        return None;
    }
    for name in WIRES.iter().filter(|n| n.starts_with(initial)) {
        // "Interfax-Ukraine" is one token that names an agency.
        if first.len() > name.len()
            && first.starts_with(name)
            && first[name.len()..].starts_with('-')
        {
            return Some(k + 1);
        }
        let mut rest = *name;
        for (j, t) in toks.iter().enumerate().skip(k) {
            let Some(r) = rest.trim_start().strip_prefix(doc.token_text(t)) else {
                break;
            };
            rest = r;
            if rest.is_empty() {
                let mut end = j + 1;
                while end < toks.len() && WIRE_TAILS.contains(&doc.token_text(&toks[end])) {
                    end += 1;
                }
                return Some(end);
            }
        }
    }
    None
}

/// Whether the outlet named by tokens `a..b` of sentence `s` is the channel of words there:
/// it reports, is told, interviewed, or is what words are "according to".
fn outlet_context(doc: &Doc, s: &Sentence, kids: &[Vec<usize>], a: usize, b: usize) -> bool {
    let lemma = |k: usize| s.tokens[k].lemma.to_lowercase();
    let form = |k: usize| doc.token_text(&s.tokens[k]).to_lowercase();
    let cue = |k: usize| {
        let t = &s.tokens[k];
        let verbal = t.upos == "VERB" || t.xpos.starts_with("VB");
        (verbal && is_speech_verb(&t.lemma)) || OUTLET_CUES.contains(&lemma(k).as_str())
    };
    // The tree: the phrase head's relation to a verb or noun of saying.
    if let Some(h) = (a..b).find(|&k| {
        let hd = s.tokens[k].head;
        hd == 0 || hd - 1 < a || hd > b
    }) {
        let t = &s.tokens[h];
        if let Some(up) = t.head.checked_sub(1).filter(|&u| u < s.tokens.len()) {
            let rel = t.deprel.as_str();
            let case = kids[h]
                .iter()
                .find(|&&c| s.tokens[c].deprel == "case")
                .map(|&c| lemma(c));
            let ok = match rel {
                r if r.starts_with("nsubj") => cue(up),
                "obj" | "iobj" => lemma(up) == "tell" || lemma(up) == "interview",
                r if r.starts_with("obl") || r.starts_with("nmod") => {
                    cue(up) && matches!(case.as_deref(), Some("to" | "with" | "by" | "on" | "in"))
                        || matches!(case.as_deref(), Some("according"))
                }
                _ => false,
            };
            if ok {
                return true;
            }
        }
    }
    // Word order, for trees that got it wrong. Descriptors ("the state news agency") are
    // skipped on either side.
    let descriptor = |k: usize| {
        let t = &s.tokens[k];
        t.upos == "DET"
            || (matches!(t.upos.as_str(), "NOUN" | "ADJ" | "PROPN")
                && !starts_upper(doc.token_text(&s.tokens[k]))
                && !cue(k))
            || form(k) == "-"
    };
    let mut p = a;
    let mut skipped = 0;
    while p > 0 && skipped < 5 && descriptor(p - 1) {
        p -= 1;
        skipped += 1;
    }
    if p > 0 {
        let before = p - 1;
        let w = form(before);
        if lemma(before) == "tell" {
            return true;
        }
        if w == "to" && before > 0 && form(before - 1) == "according" {
            return true;
        }
        if matches!(w.as_str(), "to" | "with" | "by") && before > 0 {
            let mut q = before - 1;
            while q > 0 && matches!(s.tokens[q].upos.as_str(), "DET" | "ADJ" | "ADV") {
                q -= 1;
            }
            if cue(q) && !(w == "by" && lemma(q) == "tell") {
                return true;
            }
        }
    }
    let mut n = b;
    skipped = 0;
    while n < s.tokens.len() && skipped < 3 && descriptor(n) && s.tokens[n].upos != "DET" {
        n += 1;
        skipped += 1;
    }
    n < s.tokens.len() && cue(n) && {
        let t = &s.tokens[n];
        t.upos == "VERB" || t.xpos.starts_with("VB")
    }
}

// ---------------------------------------------------------------------------------------------
// Bylines and republication lines
// ---------------------------------------------------------------------------------------------

/// Words that make a byline segment an outlet or a job, not a person.
const OUTLET_WORDS: &[&str] = &[
    "News",
    "Times",
    "Post",
    "Press",
    "Agency",
    "Journal",
    "Herald",
    "Tribune",
    "Telegraph",
    "Guardian",
    "Staff",
    "Correspondent",
    "Reporter",
    "Editor",
    "Writer",
    "Service",
    "Wire",
    "Daily",
    "Media",
    "Network",
    "Radio",
    "Television",
    "TV",
    "Online",
    "Desk",
];

/// Capitalized words that start no personal name in a byline ("By Monday, …").
const NOT_NAMES: &[&str] = &["The", "A", "An", "Staff", "Our"];

/// Day and month names: they open dates, not names or sources.
const CALENDAR: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan.",
    "Feb.",
    "Aug.",
    "Sept.",
    "Sep.",
    "Oct.",
    "Nov.",
    "Dec.",
];

/// Lowercase particles inside personal names ("Ursula von der Leyen").
const NAME_PARTICLES: &[&str] = &[
    "de", "van", "von", "der", "den", "al", "bin", "ibn", "la", "le", "da", "di", "du", "del",
    "dos", "el",
];

/// The author from a byline in the first lines ("By Jane Smith and John Doe, Reuters"), else
/// from a wire credit line ("(Reporting by Jane Smith in Kyiv; Editing by …)").
fn byline(lines: &[&str]) -> Option<String> {
    for line in lines.iter().take(10) {
        if line.len() > 160 {
            continue;
        }
        let lower = line.to_ascii_lowercase();
        for cue in [
            "by ",
            "written by ",
            "story by ",
            "words by ",
            "reported by ",
        ] {
            if lower.starts_with(cue) {
                if let Some(names) = name_list(&line[cue.len()..]) {
                    return Some(names.to_string());
                }
            }
        }
    }
    for cue in ["Reporting by ", "reporting by ", "Writing by "] {
        for line in lines.iter().rev() {
            if let Some(at) = line.find(cue) {
                if let Some(names) = name_list(&line[at + cue.len()..]) {
                    return Some(names.to_string());
                }
            }
        }
    }
    None
}

/// The leading list of personal names of `s` (each of two words or more, parted by commas and
/// "and"), without a trailing outlet or job title.
fn name_list(s: &str) -> Option<&str> {
    let s = s.trim_start();
    // Byline decorations end the names.
    let cut = s
        .find(['|', '•', '·', '(', ';', '\t'])
        .into_iter()
        .chain([" - ", " — ", " – "].iter().filter_map(|d| s.find(d)))
        .min()
        .unwrap_or(s.len());
    let s = &s[..cut];
    let mut names: Vec<(usize, usize)> = Vec::new();
    let mut current: Option<(usize, usize, usize)> = None; // start, end, words
    let finish = |current: &mut Option<(usize, usize, usize)>, names: &mut Vec<(usize, usize)>| {
        match current.take() {
            Some((a, b, w)) if w >= 2 => {
                names.push((a, b));
                true
            }
            Some(_) => false,
            None => true,
        }
    };
    let mut offset = 0;
    for word in s.split_whitespace() {
        let at = offset + s[offset..].find(word).unwrap_or(0);
        offset = at + word.len();
        let core = word.trim_end_matches([',', '.']);
        let core = if core.len() <= 2 && word.ends_with('.') {
            word.trim_end_matches(',')
        } else {
            core
        };
        let comma = word.ends_with(',');
        if matches!(core, "and" | "&" | "AND") {
            if !finish(&mut current, &mut names) {
                break;
            }
            continue;
        }
        let first_word = current.is_none();
        let particle = !first_word && NAME_PARTICLES.contains(&core);
        let initial = core.len() == 2 && core.ends_with('.') && starts_upper(core);
        let name_word = starts_upper(core)
            && core
                .chars()
                .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '\u{2019}' | '.'))
            && !(first_word && (NOT_NAMES.contains(&core) || CALENDAR.contains(&core)));
        if !(name_word || particle || initial) {
            break;
        }
        current = Some(match current {
            Some((a, _, w)) => (a, at + core.len(), w + 1),
            None => (at, at + core.len(), 1),
        });
        if comma && !finish(&mut current, &mut names) {
            break;
        }
    }
    finish(&mut current, &mut names);
    while let Some(&(a, b)) = names.last() {
        let seg = &s[a..b];
        let outlet = WIRES.contains(&seg)
            || seg
                .split_whitespace()
                .any(|w| OUTLET_WORDS.contains(&w) || WIRES.contains(&w));
        if outlet {
            names.pop();
        } else {
            break;
        }
    }
    let (&(a, _), &(_, b)) = (names.first()?, names.last()?);
    Some(&s[a..b])
}

/// Phrases after which a line names where the text first appeared.
const REPUBLISHED_CUES: &[&str] = &[
    "originally published by ",
    "originally published in ",
    "originally published on ",
    "originally published at ",
    "originally appeared in ",
    "originally appeared on ",
    "originally appeared at ",
    "first published by ",
    "first published in ",
    "first published on ",
    "first published at ",
    "first appeared in ",
    "first appeared on ",
    "first appeared at ",
    "republished with permission from ",
    "republished with permission of ",
    "republished by permission of ",
    "republished from ",
    "republished courtesy of ",
    "reprinted with permission from ",
    "reprinted from ",
    "reproduced with permission from ",
    "reproduced from ",
    "cross-posted from ",
    "crossposted from ",
];

/// Where the text says it was first published. Explicit republication lines count anywhere;
/// "X reported first" only in the first or last three lines, since mid-story it credits a
/// scoop rather than the text.
fn republished(lines: &[&str]) -> Option<String> {
    for line in lines {
        let lower = line.to_ascii_lowercase();
        for cue in REPUBLISHED_CUES {
            if let Some(at) = lower.find(cue) {
                if let Some(name) = clean_source(&line[at + cue.len()..]) {
                    return Some(name);
                }
            }
        }
    }
    let n = lines.len();
    for (i, line) in lines.iter().enumerate() {
        if i >= 3 && i + 3 < n {
            continue;
        }
        let lower = line.to_ascii_lowercase();
        if let Some(at) = lower.find("first reported by ") {
            if let Some(name) = clean_source(&line[at + "first reported by ".len()..]) {
                return Some(name);
            }
        }
        for cue in [" reported first", " first reported"] {
            if let Some(at) = lower.find(cue) {
                if let Some(name) = name_before(&line[..at]) {
                    return Some(name);
                }
            }
        }
    }
    None
}

/// The capitalized words that end `s` ("… as Kommersant" → "Kommersant").
fn name_before(s: &str) -> Option<String> {
    let words: Vec<&str> = s.split_whitespace().collect();
    let mut k = words.len();
    while k > 0 && starts_upper(words[k - 1]) {
        k -= 1;
    }
    // A sentence's first word is capitalized whatever it is; "The" before a name is kept.
    if k == 0 && words.len() > 1 && !matches!(words[0], "The") {
        k = 1;
    }
    let name = words[k..].join(" ");
    let name = name.trim_end_matches([',', ';', ':']).to_string();
    (!name.is_empty()).then_some(name)
}

/// The source named at the start of `s`: up to the end of its sentence or a licence or date
/// phrase, without a URL unless the URL is all there is.
fn clean_source(s: &str) -> Option<String> {
    let mut end = s.len();
    let bytes = s.as_bytes();
    // A period ends the name when a space or the line end follows (not inside a URL).
    for (i, &b) in bytes.iter().enumerate() {
        if matches!(b, b'.' | b'!' | b'?') && (i + 1 == bytes.len() || bytes[i + 1] == b' ') {
            // "Foreign Policy." ends; "U.S." inside a name is rare enough in source names.
            end = end.min(i);
            break;
        }
    }
    for stop in [
        " under a ",
        " under the ",
        " and is ",
        " and has ",
        " with permission",
        ", and ",
        " as part ",
        " on ",
        " in ",
        " at ",
    ] {
        if let Some(at) = s[..end].find(stop) {
            let rest = &s[at + stop.len()..end];
            let dated = rest.chars().next().is_some_and(|c| c.is_ascii_digit())
                || CALENDAR.iter().any(|m| rest.starts_with(m));
            if !matches!(stop, " on " | " in " | " at ") || dated {
                end = end.min(at);
            }
        }
    }
    // ", an outlet founded in …": an apposition describes the source, it is not its name.
    if let Some(at) = s[..end].find(", ") {
        if s[at + 2..].starts_with(|c: char| c.is_lowercase()) {
            end = at;
        }
    }
    let mut name = s[..end].trim();
    // A lowercase article is the sentence's, not the name's ("from the Kyiv Independent");
    // "The Conversation" keeps its capital.
    name = name.strip_prefix("the ").unwrap_or(name);
    let url_at = ["http://", "https://", "www."]
        .iter()
        .filter_map(|u| name.find(u))
        .min();
    if let Some(u) = url_at {
        let before = name[..u].trim_end_matches(['(', '<', '[', ' ', ':']).trim();
        if !before.is_empty() {
            name = before;
        }
    }
    let name = name
        .trim_matches(|c: char| matches!(c, '*' | '_' | '"' | '“' | '”' | '<' | '>'))
        .trim_end_matches(['.', ',', ';', ':', ')', ']', '!'])
        .trim();
    let name = name.trim_start_matches(['(', '[']).trim();
    (!name.is_empty()).then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_actors::dict::Dictionary;
    use sitrep_actors::resolve::Resolver;
    use sitrep_lang::Pipeline;
    use std::sync::OnceLock;

    fn tools() -> &'static (Pipeline, Resolver) {
        static TOOLS: OnceLock<(Pipeline, Resolver)> = OnceLock::new();
        TOOLS.get_or_init(|| {
            let p = Pipeline::load_default().expect("models in data/models load");
            let d = Dictionary::load_default().expect("data/dict loads");
            (p, Resolver::new(d))
        })
    }

    fn run(text: &str) -> (Doc, Vec<Actor>, Vec<Quote>) {
        let (p, r) = tools();
        let mut doc = Doc::new("t", text);
        p.annotate(&mut doc);
        let actors = r.resolve(&doc, None);
        let quotes = find_quotes(&doc, &actors);
        (doc, actors, quotes)
    }

    fn direct(quotes: &[Quote]) -> Vec<&Quote> {
        quotes
            .iter()
            .filter(|q| q.kind == QuoteKind::Direct)
            .collect()
    }

    fn indirect(quotes: &[Quote]) -> Vec<&Quote> {
        quotes
            .iter()
            .filter(|q| q.kind == QuoteKind::Indirect)
            .collect()
    }

    fn said<'a>(doc: &'a Doc, q: &Quote) -> &'a str {
        doc.span_text(q.span)
    }

    fn who<'a>(doc: &'a Doc, q: &Quote) -> Option<&'a str> {
        q.speaker.as_ref().map(|s| doc.span_text(s.span))
    }

    fn actor_name<'a>(actors: &'a [Actor], q: &Quote) -> Option<&'a str> {
        let ai = q.speaker.as_ref()?.actor?;
        Some(actors[ai].name.as_str())
    }

    #[test]
    fn straight_quote_with_inverted_attribution() {
        let (doc, _, quotes) = run("\"The talks have failed,\" said Peskov.");
        let d = direct(&quotes);
        assert_eq!(d.len(), 1);
        assert_eq!(said(&doc, d[0]), "The talks have failed");
        assert_eq!(who(&doc, d[0]), Some("Peskov"));
        assert!(d[0].speaker.as_ref().is_some_and(|s| s.actor.is_some()));
    }

    #[test]
    fn curly_quote_with_name_before() {
        let (doc, actors, quotes) =
            run("Sergei Lavrov said: “We are ready to talk, but not under pressure.”");
        let d = direct(&quotes);
        assert_eq!(d.len(), 1);
        assert_eq!(
            said(&doc, d[0]),
            "We are ready to talk, but not under pressure."
        );
        assert_eq!(who(&doc, d[0]), Some("Sergei Lavrov"));
        assert_eq!(actor_name(&actors, d[0]), Some("Sergei Lavrov"));
    }

    #[test]
    fn split_quote_gives_two_pieces_with_one_speaker() {
        let (doc, _, quotes) = run("\"We will not allow it,\" he said, \"and we will respond.\"");
        let d = direct(&quotes);
        assert_eq!(d.len(), 2);
        assert_eq!(said(&doc, d[0]), "We will not allow it");
        assert_eq!(said(&doc, d[1]), "and we will respond.");
        assert_eq!(who(&doc, d[0]), Some("he"));
        assert_eq!(who(&doc, d[1]), Some("he"));
        assert!(indirect(&quotes).is_empty(), "{quotes:?}");
    }

    #[test]
    fn quote_spanning_two_sentences() {
        let (doc, _, quotes) = run(
            "Antony Blinken spoke in Brussels. \"This is a grave mistake. Russia will pay a \
             price,\" he told reporters.",
        );
        let d = direct(&quotes);
        assert_eq!(d.len(), 1);
        assert_eq!(
            said(&doc, d[0]),
            "This is a grave mistake. Russia will pay a price"
        );
        assert_eq!(d[0].sentences, 1..3);
        assert_eq!(who(&doc, d[0]), Some("he"));
        assert_eq!(d[0].via, None, "reporters are not an outlet");
    }

    #[test]
    fn multi_paragraph_quote_continues_when_next_paragraph_opens_with_a_mark() {
        let text = "Volodymyr Zelensky spoke on Sunday night.\n\n\"We will defend every city. \
                    We will not give up.\n\n\"Ukraine will win,\" Zelensky said.";
        let (doc, actors, quotes) = run(text);
        let d = direct(&quotes);
        assert_eq!(
            d.len(),
            1,
            "{:?}",
            d.iter().map(|q| said(&doc, q)).collect::<Vec<_>>()
        );
        let t = said(&doc, d[0]);
        assert!(
            t.starts_with("We will defend") && t.ends_with("Ukraine will win"),
            "{t}"
        );
        assert_eq!(who(&doc, d[0]), Some("Zelensky"));
        assert_eq!(actor_name(&actors, d[0]), Some("Volodymyr Zelensky"));
    }

    #[test]
    fn pronoun_speaker_resolves_to_the_person_named_before() {
        let (doc, actors, quotes) =
            run("Sergei Lavrov arrived in Ankara on Thursday. \"The West wants a war,\" he said.");
        let d = direct(&quotes);
        assert_eq!(d.len(), 1);
        assert_eq!(who(&doc, d[0]), Some("he"));
        assert_eq!(actor_name(&actors, d[0]), Some("Sergei Lavrov"));
    }

    #[test]
    fn pronoun_skips_people_named_inside_quotes() {
        let (doc, actors, quotes) = run(
            "Jens Stoltenberg met reporters. \"Vladimir Putin has made a big mistake,\" he said.",
        );
        let d = direct(&quotes);
        assert_eq!(d.len(), 1);
        assert_eq!(who(&doc, d[0]), Some("he"));
        assert_eq!(actor_name(&actors, d[0]), Some("Jens Stoltenberg"));
    }

    #[test]
    fn description_speaker_takes_the_actor_its_words_name() {
        let (doc, actors, quotes) =
            run("\"No decision has been taken,\" the Kremlin spokesman told reporters.");
        let d = direct(&quotes);
        assert_eq!(d.len(), 1);
        assert_eq!(who(&doc, d[0]), Some("the Kremlin spokesman"));
        let ai = d[0]
            .speaker
            .as_ref()
            .and_then(|s| s.actor)
            .expect("an actor");
        assert!(actors[ai].code.starts_with("RUS"), "{:?}", actors[ai]);
        assert_eq!(d[0].via, None);
    }

    #[test]
    fn unknown_description_keeps_its_words_without_actor() {
        let (doc, _, quotes) = run("\"It was terrifying,\" a woman who fled the town said.");
        let d = direct(&quotes);
        assert_eq!(d.len(), 1);
        let w = who(&doc, d[0]).expect("a speaker");
        assert!(w.starts_with("a woman"), "{w}");
    }

    #[test]
    fn continuation_sentence_keeps_the_previous_speaker() {
        let (doc, actors, quotes) = run(
            "\"We are ready for talks,\" Dmitry Peskov said. \"But our conditions are well known.\"",
        );
        let d = direct(&quotes);
        assert_eq!(d.len(), 2);
        assert_eq!(said(&doc, d[1]), "But our conditions are well known.");
        assert_eq!(who(&doc, d[1]), Some("Dmitry Peskov"));
        assert_eq!(actor_name(&actors, d[1]), Some("Dmitry Peskov"));
    }

    #[test]
    fn indirect_speech_with_that() {
        let (doc, actors, quotes) =
            run("Antony Blinken said that Washington would send more air defence systems.");
        let i = indirect(&quotes);
        assert_eq!(i.len(), 1);
        assert_eq!(
            said(&doc, i[0]),
            "Washington would send more air defence systems"
        );
        assert_eq!(actor_name(&actors, i[0]), Some("Antony Blinken"));
        assert!(direct(&quotes).is_empty());
    }

    #[test]
    fn indirect_speech_without_that() {
        let (doc, _, quotes) = run("The Kremlin spokesman said the talks had failed.");
        let i = indirect(&quotes);
        assert_eq!(i.len(), 1);
        assert_eq!(said(&doc, i[0]), "the talks had failed");
        assert_eq!(who(&doc, i[0]), Some("The Kremlin spokesman"));
    }

    #[test]
    fn told_reuters_is_an_outlet_and_the_clause_is_indirect() {
        let (doc, actors, quotes) =
            run("Dmitry Peskov, the Kremlin spokesman, told Reuters that talks had stalled.");
        let i = indirect(&quotes);
        assert_eq!(i.len(), 1);
        assert_eq!(said(&doc, i[0]), "talks had stalled");
        assert_eq!(i[0].via.as_deref(), Some("Reuters"));
        assert_eq!(actor_name(&actors, i[0]), Some("Dmitry Peskov"));
        assert_eq!(who(&doc, i[0]), Some("Dmitry Peskov"));
    }

    #[test]
    fn direct_quote_told_reuters() {
        let (doc, _, quotes) =
            run("\"We have no plans to attack anyone,\" the minister told Reuters on Monday.");
        let d = direct(&quotes);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].via.as_deref(), Some("Reuters"));
        assert_eq!(who(&doc, d[0]), Some("the minister"));
    }

    #[test]
    fn according_to_ap() {
        let (doc, actors, _) = run("Troops shelled Kharkiv overnight, according to AP.");
        let (name, span) = via_in_sentence(&doc, 0, &actors).expect("an outlet");
        assert_eq!(name, "AP");
        assert_eq!(doc.span_text(span), "AP");
        let (doc, actors, _) =
            run("Troops shelled Kharkiv overnight, according to the Associated Press.");
        let (name, _) = via_in_sentence(&doc, 0, &actors).expect("an outlet");
        assert_eq!(name, "Associated Press");
    }

    #[test]
    fn outlet_reported_and_interview_with() {
        let (doc, actors, quotes) =
            run("The newspaper Kommersant reported that talks were stalled.");
        assert_eq!(
            via_in_sentence(&doc, 0, &actors).map(|v| v.0).as_deref(),
            Some("Kommersant")
        );
        assert_eq!(indirect(&quotes).len(), 1);
        let (doc, actors, _) = run(
            "Volodymyr Zelensky said in an interview with the BBC that Ukraine would not cede land.",
        );
        assert_eq!(
            via_in_sentence(&doc, 0, &actors).map(|v| v.0).as_deref(),
            Some("BBC")
        );
    }

    #[test]
    fn outlet_named_without_attribution_is_not_a_via() {
        let (doc, actors, _) = run("Two Reuters journalists were detained in Minsk.");
        assert_eq!(via_in_sentence(&doc, 0, &actors), None);
        let (doc, actors, _) = run("Peskov told reporters the talks had stalled.");
        assert_eq!(via_in_sentence(&doc, 0, &actors), None);
    }

    #[test]
    fn nested_single_quotes_stay_inside_the_double_quote() {
        let (doc, _, quotes) =
            run("\"They call it a ‘special operation’, but it is a war,\" the mayor said.");
        let d = direct(&quotes);
        assert_eq!(d.len(), 1);
        assert_eq!(
            said(&doc, d[0]),
            "They call it a ‘special operation’, but it is a war"
        );
        assert_eq!(who(&doc, d[0]), Some("the mayor"));
    }

    #[test]
    fn single_curly_quotes_at_top_level_are_quotes() {
        let (doc, _, quotes) = run("‘We will not retreat,’ the commander said.");
        let d = direct(&quotes);
        assert_eq!(d.len(), 1);
        assert_eq!(said(&doc, d[0]), "We will not retreat");
        assert_eq!(who(&doc, d[0]), Some("the commander"));
    }

    #[test]
    fn possessive_apostrophe_does_not_close_a_single_quote() {
        let (doc, _, quotes) = run("The ministers’ meeting ended without a statement.");
        assert!(
            direct(&quotes).is_empty(),
            "{:?}",
            quotes.iter().map(|q| said(&doc, q)).collect::<Vec<_>>()
        );
    }

    #[test]
    fn unclosed_quote_stops_at_its_paragraph() {
        let text = "The mayor said: \"We will hold the city\n\nShelling continued overnight. \
                    Officials counted the damage.";
        let (doc, _, quotes) = run(text);
        let d = direct(&quotes);
        assert_eq!(d.len(), 1);
        assert_eq!(said(&doc, d[0]), "We will hold the city");
        let (doc, _, quotes) = run("Residents fled. The governor said \"nobody will");
        let d = direct(&quotes);
        assert_eq!(d.len(), 1);
        assert_eq!(said(&doc, d[0]), "nobody will");
    }

    #[test]
    fn inch_marks_are_not_quotes() {
        let (_, _, quotes) = run("The shell was 6\" wide and hit the school.");
        assert!(direct(&quotes).is_empty(), "{quotes:?}");
    }

    #[test]
    fn scare_quotes_with_a_reporting_clause() {
        let (doc, _, quotes) =
            run("Vladimir Putin said the \"special military operation\" would continue.");
        let d = direct(&quotes);
        assert_eq!(d.len(), 1);
        assert_eq!(said(&doc, d[0]), "special military operation");
        assert_eq!(who(&doc, d[0]), Some("Vladimir Putin"));
        let i = indirect(&quotes);
        assert_eq!(i.len(), 1, "the clause is reported, not wholly quoted");
        assert!(
            said(&doc, i[0]).ends_with("would continue"),
            "{}",
            said(&doc, i[0])
        );
    }

    #[test]
    fn trailing_attribution_reports_the_clause_before_it() {
        let (doc, _, quotes) = run("The talks will resume next week, the official said.");
        let i = indirect(&quotes);
        assert_eq!(i.len(), 1, "{quotes:?}");
        assert_eq!(said(&doc, i[0]), "The talks will resume next week");
        assert_eq!(who(&doc, i[0]), Some("the official"));
    }

    #[test]
    fn speech_verbs_are_recognized_by_lemma() {
        assert!(is_speech_verb("say"));
        assert!(is_speech_verb("Tweet"));
        assert!(!is_speech_verb("attack"));
    }

    #[test]
    fn byline_with_two_authors_and_an_outlet() {
        let doc = Doc::new(
            "t",
            "Russia masses troops near border\nBy Jane Smith and John Doe, Reuters\n\nMOSCOW \
             (Reuters) - Russia moved troops on Monday.",
        );
        let f = doc_facts(&doc);
        assert_eq!(f.author.as_deref(), Some("Jane Smith and John Doe"));
        assert_eq!(f.republished_from, None);
    }

    #[test]
    fn dateline_is_not_an_author_but_a_credit_line_is() {
        let doc = Doc::new(
            "t",
            "KYIV (Reuters) - Shelling continued on Tuesday.\n\n(Reporting by Olena Harmash in \
             Kyiv; Editing by Mark Heinrich)",
        );
        assert_eq!(doc_facts(&doc).author.as_deref(), Some("Olena Harmash"));
        let doc = Doc::new("t", "KYIV (Reuters) - Shelling continued on Tuesday.");
        assert_eq!(doc_facts(&doc).author, None);
    }

    #[test]
    fn sentence_opening_with_by_is_not_a_byline() {
        let doc = Doc::new(
            "t",
            "By Monday, troops had reached the outskirts of the city.",
        );
        assert_eq!(doc_facts(&doc).author, None);
        let doc = Doc::new("t", "By Western estimates, Russia has lost many tanks.");
        assert_eq!(doc_facts(&doc).author, None);
    }

    #[test]
    fn republished_from_lines() {
        let doc = Doc::new(
            "t",
            "Aid reached the town.\n\nThis article is republished from The Conversation under a \
             Creative Commons license.",
        );
        assert_eq!(
            doc_facts(&doc).republished_from.as_deref(),
            Some("The Conversation")
        );
        let doc = Doc::new(
            "t",
            "This story first appeared on Meduza (https://meduza.io).\n\nTroops advanced.",
        );
        assert_eq!(doc_facts(&doc).republished_from.as_deref(), Some("Meduza"));
        let doc = Doc::new(
            "t",
            "Troops advanced.\nOriginally published at https://example.org/a/1.",
        );
        assert_eq!(
            doc_facts(&doc).republished_from.as_deref(),
            Some("https://example.org/a/1")
        );
        let doc = Doc::new(
            "t",
            "Kommersant reported first on the plan.\n\nTroops advanced.",
        );
        assert_eq!(
            doc_facts(&doc).republished_from.as_deref(),
            Some("Kommersant")
        );
    }

    #[test]
    fn hard_wrapped_lines_do_not_end_a_quote() {
        let text = "The minister said: \"We will not\nsurrender, we will fight\nuntil the end,\" \
                    and left the\nroom after the meeting in the capital.";
        let (doc, _, quotes) = run(text);
        let d = direct(&quotes);
        assert_eq!(d.len(), 1);
        assert_eq!(
            said(&doc, d[0]),
            "We will not\nsurrender, we will fight\nuntil the end"
        );
        assert_eq!(who(&doc, d[0]), Some("The minister"));
    }

    #[test]
    fn attribution_opening_the_next_sentence() {
        let (doc, _, quotes) = run("\"Glory to Ukraine!\" Zelensky tweeted on Sunday.");
        let d = direct(&quotes);
        assert_eq!(d.len(), 1);
        assert_eq!(said(&doc, d[0]), "Glory to Ukraine!");
        assert_eq!(who(&doc, d[0]), Some("Zelensky"));
    }

    #[test]
    fn quoted_as_saying_names_speaker_and_outlet() {
        let (doc, _, quotes) =
            run("\"We are ready for dialogue,\" TASS quoted Dmitry Peskov as saying.");
        let d = direct(&quotes);
        assert_eq!(d.len(), 1);
        assert_eq!(who(&doc, d[0]), Some("Dmitry Peskov"));
        assert_eq!(d[0].via.as_deref(), Some("TASS"));
    }

    #[test]
    fn trailing_attribution_with_a_possessive_subject() {
        let (doc, _, quotes) = run(
            "Russian forces fired 30 missiles overnight, Ukraine's military said in a statement.",
        );
        let i = indirect(&quotes);
        assert_eq!(i.len(), 1);
        assert_eq!(
            said(&doc, i[0]),
            "Russian forces fired 30 missiles overnight"
        );
        assert_eq!(who(&doc, i[0]), Some("Ukraine's military"));
    }

    #[test]
    fn pronoun_falls_back_on_the_last_named_speaker() {
        // "Peskov" alone is no dictionary person, so no person actor precedes "he".
        let (doc, actors, quotes) =
            run("\"No progress,\" Peskov told reporters. He added that Moscow would wait.");
        let i = indirect(&quotes);
        assert_eq!(i.len(), 1);
        assert_eq!(who(&doc, i[0]), Some("He"));
        assert_eq!(actor_name(&actors, i[0]), Some("Peskov"));
    }

    #[test]
    fn they_refers_to_an_organization() {
        let (_, actors, quotes) = run(
            "NATO held an emergency summit in Brussels. They said the alliance would not send troops.",
        );
        let i = indirect(&quotes);
        assert_eq!(i.len(), 1);
        let ai = i[0]
            .speaker
            .as_ref()
            .and_then(|s| s.actor)
            .expect("an actor");
        assert!(actors[ai].code.contains("NAT"), "{:?}", actors[ai]);
    }

    #[test]
    fn latex_style_double_quotes() {
        let (doc, _, quotes) = run("``We will rebuild,'' the mayor said.");
        let d = direct(&quotes);
        assert_eq!(d.len(), 1);
        assert_eq!(said(&doc, d[0]), "We will rebuild");
    }

    #[test]
    fn odd_marks_never_panic_and_spans_stay_in_the_text() {
        let texts = [
            "\"",
            "\"\"",
            "“”",
            "‘’’",
            "He said \" and \" and \".",
            "“A.\n\n“B.\n\n“C",
            "” stray close. ‘ stray open",
            "\"\n\n\"\n\n\"",
            "She said: ‘no’ and “yes”, then \"maybe",
        ];
        for text in texts {
            let (doc, _, quotes) = run(text);
            for q in &quotes {
                assert!(
                    q.span.start < q.span.end && q.span.end <= doc.text.len(),
                    "{text:?}"
                );
                assert!(doc.text.is_char_boundary(q.span.start), "{text:?}");
                assert!(q.sentences.start < q.sentences.end, "{text:?}");
                let inner = doc.span_text(q.span);
                assert!(!inner.starts_with(['"', '“']), "{text:?} gave {inner:?}");
            }
        }
    }

    #[test]
    fn byline_variants() {
        let facts = |t: &str| doc_facts(&Doc::new("t", t)).author;
        assert_eq!(
            facts("Headline\nBY JANE SMITH\n\nText.").as_deref(),
            Some("JANE SMITH")
        );
        assert_eq!(
            facts("Headline\nBy Jane Smith | 22 January 2022\nText.").as_deref(),
            Some("Jane Smith")
        );
        assert_eq!(
            facts("By Ursula von der Leyen, Associated Press\nText.").as_deref(),
            Some("Ursula von der Leyen")
        );
        assert_eq!(facts("By The Associated Press\nText."), None);
    }

    #[test]
    fn scoop_credit_in_mid_story_is_not_republication() {
        let text = "Troops moved.\nTanks moved.\nShips moved.\nThe plan, first reported by \
                    Kommersant, was denied.\nPlanes moved.\nTrains moved.\nTalks stalled.";
        assert_eq!(doc_facts(&Doc::new("t", text)).republished_from, None);
    }

    #[test]
    fn apposition_names_the_person_behind_a_description() {
        let (doc, actors, quotes) = run(
            "The city's mayor, Vitali Klitschko, said on Telegram that three people were injured.",
        );
        let i = indirect(&quotes);
        assert_eq!(i.len(), 1);
        assert_eq!(said(&doc, i[0]), "three people were injured");
        assert_eq!(actor_name(&actors, i[0]), Some("Vitali Klitschko"));
    }

    #[test]
    fn relative_pronoun_speaker_is_its_antecedent() {
        let (doc, _, quotes) =
            run("Blinken, who said last week that talks were possible, arrived in Kyiv.");
        let i = indirect(&quotes);
        assert_eq!(i.len(), 1);
        assert_eq!(said(&doc, i[0]), "talks were possible");
        assert_eq!(who(&doc, i[0]), Some("Blinken"));
    }

    #[test]
    fn unsaid_and_reporters_questions_are_not_quotes() {
        let (_, _, quotes) = run("The Pentagon would not say whether troops were moved.");
        assert!(quotes.is_empty(), "{quotes:?}");
        let (doc, _, quotes) =
            run("Asked whether talks would resume, Peskov said: \"We will see.\"");
        assert_eq!(quotes.len(), 1, "{quotes:?}");
        assert_eq!(said(&doc, &quotes[0]), "We will see.");
        assert_eq!(who(&doc, &quotes[0]), Some("Peskov"));
    }

    #[test]
    fn participle_attribution_shares_the_subject_and_ends_the_clause() {
        let (doc, _, quotes) = run(
            "The president's office said the attack showed Moscow did not want peace, adding: \
             \"The world must respond.\"",
        );
        let i = indirect(&quotes);
        assert_eq!(i.len(), 1);
        assert_eq!(
            said(&doc, i[0]),
            "the attack showed Moscow did not want peace"
        );
        let d = direct(&quotes);
        assert_eq!(d.len(), 1);
        assert_eq!(who(&doc, d[0]), Some("The president's office"));
    }
}

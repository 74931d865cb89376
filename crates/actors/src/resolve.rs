//! Resolution: find every actor mention in a parsed document and give it a CAMEO-style code
//! valid on the publication date.
//!
//! The dictionaries are compiled once ([`Resolver::new`]) into a trie over lowercased token
//! sequences (names, aliases, capitals, metonyms, demonyms) and a table of agent lemmas, so a
//! document costs one trie walk per token, never a scan over entries. Resolution then reads the
//! dependency tree the language stage built:
//!
//! 1. **Names**: longest dictionary match; acronyms match only in capitals, other names only
//!    when the text capitalizes them ("Chad" the country, not "chad").
//! 2. **Groups**: an agent noun ("soldiers", "lawmakers") takes its country from its
//!    modifiers — a demonym, a country or a capital ("Ukrainian government forces",
//!    "Ukraine's army", "the army of Ukraine") — and adds the sectors of every agent in the
//!    phrase. Armed groups (`REB`, `SEP`, `INS`) are placed where they are ("in east Ukraine"),
//!    and a "Russian-backed" modifier is kept as a note, not as the code.
//! 3. **People**: a dictionary person is coded by the role they held on the publication date;
//!    outside every role, by their country alone. A title before a name ("US Secretary of
//!    State Antony Blinken", "Russian lawmaker Alexander Borodai") or an apposition after it
//!    ("Alexander Borodai, a Russian lawmaker") codes a person no dictionary knows.
//! 4. **Links**: a later surname ("Borodai") and a personal pronoun ("he") join the most recent
//!    matching person in the document. A bare surname nobody in the document bears is the one
//!    dictionary person with that surname in office on the publication date ("Obama said").
//!    A group of no stated country is of the country it is in ("demonstrators in Baghdad"),
//!    unless strangers there by trade (diplomats, monitors, refugees) or an army.
//! 5. **Every proper name counts**: a capitalized name in no dictionary is still reported, with
//!    its kind guessed from its words and an empty code.

use std::collections::HashMap;

use chrono::NaiveDate;
use sitrep_doc::{Doc, Span};
use sitrep_lang::tokenize;

use crate::dict::{Dictionary, Kind, Origin};

/// How a mention was recognized (for explanations and for evaluation).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MentionKind {
    /// A dictionary name or alias.
    Name,
    /// A country name.
    Country,
    /// A capital standing for its government.
    Capital,
    /// A building or place standing for an institution.
    Metonym,
    /// A demonym used as a noun ("the Russians").
    Demonym,
    /// An agent noun phrase ("Ukrainian soldiers").
    Agent,
    /// A proper name in no dictionary.
    Unknown,
    /// A later surname of a person named before.
    Surname,
    /// A personal pronoun.
    Pronoun,
}

/// One place an actor is mentioned.
#[derive(Clone, Debug, PartialEq)]
pub struct Mention {
    /// Sentence index.
    pub sentence: usize,
    /// Token range within the sentence (the whole phrase, modifiers included).
    pub tokens: std::ops::Range<usize>,
    /// The phrase's head token within the sentence.
    pub head: usize,
    /// Byte span in the document text.
    pub span: Span,
    /// How it was found.
    pub how: MentionKind,
}

/// A resolved actor: one per distinct individual, organization, country or group.
#[derive(Clone, Debug, PartialEq)]
pub struct Actor {
    /// Document-local id (`A1`, `A2`, …), in order of first mention.
    pub id: String,
    /// CAMEO-style code on the publication date; empty when unknown.
    pub code: String,
    /// Canonical name (dictionary name, or the longest name seen in the text).
    pub name: String,
    /// What it is.
    pub kind: Kind,
    /// Country (alpha-3), empty when unknown.
    pub country: String,
    /// The title of the dated role that gave the code, if any.
    pub role: Option<String>,
    /// Dictionary entry that resolved it.
    pub source: Option<Origin>,
    /// Extra facts kept out of the code ("backed by RUS").
    pub notes: Vec<String>,
    /// Every mention.
    pub mentions: Vec<Mention>,
    /// For a group of unknown country, the sector codes its words gave ("GOV" for "the
    /// mayor"), so that a later stage that places it ("the mayor of Nablus") can code it with
    /// [`compose`].
    pub sectors: Vec<String>,
}

/// What a token sequence in the name trie stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    Entry(usize),
    Country(usize),
    Capital(usize),
    Metonym(usize),
    Demonym(usize),
}

impl Target {
    /// Among several entries with the same name, the more specific wins.
    fn rank(self) -> u8 {
        match self {
            Target::Entry(_) => 0,
            Target::Metonym(_) => 1,
            Target::Country(_) => 2,
            Target::Demonym(_) => 3,
            Target::Capital(_) => 4,
        }
    }
}

#[derive(Default)]
struct TrieNode {
    next: HashMap<String, usize>,
    targets: Vec<(Target, bool)>,
}

/// Lowercased token sequences → targets; the flag says the name must match in capitals.
#[derive(Default)]
struct Trie {
    nodes: Vec<TrieNode>,
}

impl Trie {
    fn insert(&mut self, name: &str, target: Target) {
        // Tokenized with a word after it, as it would be inside a sentence: at the very end of
        // a text the tokenizer splits the period off "U.S.".
        let padded = format!("{name} zz");
        let mut tokens: Vec<&str> = tokenize::segment(&padded)
            .iter()
            .flat_map(|s| s.tokens.iter().map(|t| &padded[t.span.start..t.span.end]))
            .collect();
        tokens.pop();
        let words: Vec<&str> = tokens
            .iter()
            .copied()
            .skip_while(|t| t.eq_ignore_ascii_case("the"))
            .collect();
        if words.is_empty() {
            return;
        }
        let acronym = words.iter().all(|w| {
            w.chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase)
        }) && words
            .iter()
            .any(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2);
        if self.nodes.is_empty() {
            self.nodes.push(TrieNode::default());
        }
        let mut node = 0;
        for w in words {
            let key = w.to_lowercase();
            node = match self.nodes[node].next.get(&key) {
                Some(&n) => n,
                None => {
                    self.nodes.push(TrieNode::default());
                    let n = self.nodes.len() - 1;
                    self.nodes[node].next.insert(key, n);
                    n
                }
            };
        }
        if !self.nodes[node].targets.iter().any(|t| t.0 == target) {
            self.nodes[node].targets.push((target, acronym));
        }
    }

    /// Longest match starting at `start`: (end, targets).
    fn longest(
        &self,
        forms: &[&str],
        lowers: &[String],
        start: usize,
    ) -> Option<(usize, Vec<Target>)> {
        let mut node = 0;
        let mut best = None;
        if self.nodes.is_empty() {
            return None;
        }
        for (i, lower) in lowers.iter().enumerate().skip(start) {
            match self.nodes[node].next.get(lower) {
                Some(&n) => node = n,
                None => break,
            }
            let span_forms = &forms[start..=i];
            let fits: Vec<Target> = self.nodes[node]
                .targets
                .iter()
                .filter(|(_, acronym)| {
                    if *acronym {
                        span_forms
                            .iter()
                            .all(|f| !f.chars().any(char::is_lowercase))
                    } else {
                        span_forms
                            .first()
                            .and_then(|f| f.chars().next())
                            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
                    }
                })
                .map(|t| t.0)
                .collect();
            if !fits.is_empty() {
                best = Some((i + 1, fits));
            }
        }
        best
    }
}

/// Sectors that name armed groups, placed by where they fight.
/// Whether a group (head noun `lemma`, sector codes `sectors`) that is somewhere is of that
/// place's country: not strangers there by trade (diplomats, monitors), refugees, or an
/// army, which often fights abroad ("troops in Iraq").
pub fn resident_there(lemma: &str, sectors: &[&str]) -> bool {
    !FOREIGN_BY_TRADE.contains(&lemma) && !sectors.iter().any(|s| matches!(*s, "REF" | "MIL"))
}

/// Agents whose presence somewhere says nothing of their country: "diplomats in Moscow" are
/// mostly foreign.
const FOREIGN_BY_TRADE: &[&str] = &[
    "diplomat",
    "ambassador",
    "envoy",
    "embassy",
    "consulate",
    "consul",
    "delegation",
    "mission",
    "journalist",
    "correspondent",
    "reporter",
    "monitor",
    "observer",
    "inspector",
    "peacekeeper",
    "tourist",
    "visitor",
    "migrant",
    "immigrant",
    "foreigner",
    "expatriate",
    "volunteer",
    "mercenary",
];

/// An actor's code with agent sectors added: a sector written `NGO~` (PETRARCH's prefixed
/// agent) goes before `base`, any other after it, in the order given; a sector `base` already
/// holds after its country part, or that was already added, is not added again, three letters
/// at a time ("Quibbler government newspaper": HGW + GOV + GOVMED is HGWGOVMED).
pub fn compose(base: &str, sectors: &[String]) -> String {
    let holds = |code: &str, s: &str| {
        code.len() > 3 && code.as_bytes()[3..].chunks(3).any(|c| c == s.as_bytes())
    };
    let mut prefix = String::new();
    let mut code = base.to_string();
    for s in sectors {
        match s.strip_suffix('~') {
            Some(p) => {
                if !prefix.as_bytes().chunks(3).any(|c| c == p.as_bytes()) && !base.starts_with(p) {
                    prefix.push_str(p);
                }
            }
            // "GOVMED" on "HGWGOV" adds only MED: codes are read three letters at a time.
            None if s.len() % 3 == 0 && s.is_ascii() => {
                for c in s.as_bytes().chunks(3) {
                    let c = std::str::from_utf8(c).unwrap_or_default();
                    if !holds(&code, c) {
                        code.push_str(c);
                    }
                }
            }
            None => {
                if !holds(&code, s) {
                    code.push_str(s);
                }
            }
        }
    }
    prefix + &code
}

fn is_armed_group_sector(sector: &str) -> bool {
    matches!(sector, "REB" | "SEP" | "INS" | "UAF")
}

/// A title before a name ("US Secretary of State", "Prime Minister").
#[derive(Clone, Debug)]
struct Title {
    /// Its first token.
    start: usize,
    /// The code it gives on its own (country or institution with its sectors); empty when it
    /// names no country.
    code: String,
    /// The country it names, or empty.
    country: String,
    /// Its agents' sector codes ("GOV"; a prefixed one as "NGO~", see [`compose`]).
    sectors: Vec<String>,
}

/// Whether a title before the entry's name can qualify it: a person, or (PETRARCH
/// dictionaries do not say which entries are people) any entry other than a country whose
/// code is a bare country code.
fn titled_kind(entry: &crate::dict::Entry) -> bool {
    entry.kind == Kind::Person
        || (entry.kind != Kind::Country
            && entry.code.len() == 3
            && entry.code == entry.country
            && entry.roles.is_empty())
}

/// The compiled dictionaries.
pub struct Resolver {
    dict: Dictionary,
    names: Trie,
    /// Agent lemma sequences (lowercase, space-joined) → sector.
    agents: HashMap<String, String>,
    /// Longest agent noun, in words.
    agent_max_words: usize,
    /// Family names of the dictionary's people → their country, for names the dictionary
    /// shares with no one of another country.
    surname_country: HashMap<String, String>,
    /// Family name (lowercase) → dictionary people with dated roles who bear it.
    surname_people: HashMap<String, Vec<usize>>,
    /// Agent nouns that match only as written (PETRARCH's `{}` forms), not as lemmas.
    exact_agents: std::collections::HashSet<String>,
    /// Discard phrases as lowercase token sequences, with whether they discard the story.
    discards: Vec<(Vec<String>, bool)>,
}

const PRONOUNS: &[&str] = &[
    "he", "she", "him", "her", "his", "hers", "himself", "herself",
];

/// Honorifics that make the following name a person's.
const HONORIFICS: &[&str] = &[
    "mr",
    "mr.",
    "mrs",
    "mrs.",
    "ms",
    "ms.",
    "dr",
    "dr.",
    "sen.",
    "rep.",
    "gen.",
    "lt.",
    "col.",
    "maj.",
    "capt.",
    "sgt.",
    "gov.",
    "prof.",
    "sir",
    "dame",
    "lord",
    "sheikh",
    "ayatollah",
];

/// Prepositions that make a name a place ("in Geneva").
const LOCATIVE: &[&str] = &[
    "in", "at", "near", "to", "from", "into", "outside", "across", "around", "inside", "toward",
    "towards",
];

/// Capitalized words that are dates, not names.
const CALENDAR: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "today",
    "yesterday",
    "tomorrow",
];

/// Words that mark a proper name as an organization when no dictionary knows it.
const ORG_WORDS: &[&str] = &[
    "party",
    "ministry",
    "council",
    "committee",
    "commission",
    "agency",
    "army",
    "force",
    "forces",
    "front",
    "movement",
    "union",
    "organization",
    "organisation",
    "association",
    "institute",
    "university",
    "bank",
    "company",
    "corporation",
    "corp",
    "inc",
    "ltd",
    "group",
    "brigade",
    "battalion",
    "regiment",
    "office",
    "department",
    "court",
    "parliament",
    "assembly",
    "congress",
    "senate",
    "league",
    "alliance",
    "federation",
    "foundation",
    "society",
    "club",
    "team",
    "service",
    "services",
    "guard",
    "police",
    "authority",
    "board",
    "network",
    "news",
    "times",
    "post",
    "press",
    "agency",
    "fund",
    "school",
    "college",
    "church",
    "hospital",
];

/// Words that mark a proper name as a place.
const PLACE_WORDS: &[&str] = &[
    "province",
    "region",
    "city",
    "county",
    "district",
    "state",
    "valley",
    "river",
    "mountain",
    "mountains",
    "island",
    "islands",
    "sea",
    "ocean",
    "lake",
    "street",
    "square",
    "airport",
    "border",
    "strait",
    "gulf",
    "bay",
    "peninsula",
    "desert",
    "oblast",
    "governorate",
    "village",
    "town",
    "park",
    "bridge",
    "port",
    "coast",
    "east",
    "west",
    "north",
    "south",
];

impl Resolver {
    /// Compiles the dictionaries.
    pub fn new(dict: Dictionary) -> Resolver {
        let mut names = Trie::default();
        for (i, c) in dict.countries.iter().enumerate() {
            for n in std::iter::once(&c.name).chain(&c.aliases) {
                if !n.trim().is_empty() {
                    names.insert(n, Target::Country(i));
                }
            }
            for n in std::iter::once(&c.capital).chain(&c.capital_aliases) {
                if !n.trim().is_empty() {
                    names.insert(n, Target::Capital(i));
                }
            }
            for d in &c.demonyms {
                if !d.trim().is_empty() {
                    names.insert(d, Target::Demonym(i));
                }
            }
        }
        for (i, m) in dict.metonyms.iter().enumerate() {
            for n in std::iter::once(&m.name).chain(&m.aliases) {
                if !n.trim().is_empty() {
                    names.insert(n, Target::Metonym(i));
                }
            }
        }
        for (i, e) in dict.entries.iter().enumerate() {
            for n in std::iter::once(&e.name).chain(&e.aliases) {
                if !n.trim().is_empty() {
                    names.insert(n, Target::Entry(i));
                }
            }
        }
        let mut agents = HashMap::new();
        let mut exact_agents = std::collections::HashSet::new();
        let mut agent_max_words = 1;
        for a in &dict.agents {
            let noun = a.noun.trim().to_lowercase();
            if noun.is_empty() {
                continue;
            }
            agent_max_words = agent_max_words.max(noun.split_whitespace().count());
            if a.exact {
                exact_agents.insert(noun.clone());
            }
            agents.entry(noun).or_insert_with(|| {
                if a.prefix {
                    format!("{}~", a.sector)
                } else {
                    a.sector.clone()
                }
            });
        }
        let mut surname_country: HashMap<String, String> = HashMap::new();
        let mut shared: Vec<String> = Vec::new();
        for e in &dict.entries {
            let words: Vec<&str> = e.name.split_whitespace().collect();
            if e.kind != Kind::Person || e.country.is_empty() || words.len() < 2 {
                continue;
            }
            let surname = words[words.len() - 1].to_lowercase();
            match surname_country.get(&surname) {
                Some(c) if *c != e.country => shared.push(surname),
                Some(_) => {}
                None => {
                    surname_country.insert(surname, e.country.clone());
                }
            }
        }
        for s in shared {
            surname_country.remove(&s);
        }
        let mut surname_people: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, e) in dict.entries.iter().enumerate() {
            let words: Vec<&str> = e.name.split_whitespace().collect();
            if e.kind == Kind::Person && words.len() >= 2 && !e.roles.is_empty() {
                let surname = words[words.len() - 1].to_lowercase();
                surname_people.entry(surname).or_default().push(i);
            }
        }
        let discards = dict
            .discards
            .iter()
            .map(|d| (phrase_tokens(&d.phrase), d.story))
            .filter(|(words, _)| !words.is_empty())
            .collect();
        Resolver {
            dict,
            names,
            agents,
            agent_max_words,
            surname_country,
            surname_people,
            exact_agents,
            discards,
        }
    }

    /// The dictionaries behind the resolver.
    pub fn dictionary(&self) -> &Dictionary {
        &self.dict
    }

    /// Finds and resolves every actor of an annotated document. `published` selects dated
    /// roles; without it, people are coded by country only.
    ///
    /// Discard phrases (PETRARCH's): a sentence holding a sentence-level discard has no
    /// actors, and a document holding a story-level one has none at all (a sports story, a
    /// typhoon: not the political events its verbs would otherwise code).
    pub fn resolve(&self, doc: &Doc, published: Option<NaiveDate>) -> Vec<Actor> {
        let discarded: Vec<Option<bool>> = (0..doc.sentences.len())
            .map(|si| self.discard_in(doc, si))
            .collect();
        if discarded.contains(&Some(true)) {
            return Vec::new();
        }
        let mut work = Work {
            resolver: self,
            doc,
            published,
            actors: Vec::new(),
            by_key: HashMap::new(),
            certain: Default::default(),
        };
        for (si, discard) in discarded.iter().enumerate() {
            if discard.is_none() {
                work.sentence(si);
            }
        }
        let mut actors = work.actors;
        for (i, a) in actors.iter_mut().enumerate() {
            a.id = format!("A{}", i + 1);
        }
        actors
    }
}

impl Resolver {
    /// Whether sentence `si` holds a discard phrase: `Some(true)` for a story-level one,
    /// `Some(false)` for a sentence-level one only. A word of the phrase matches a token's
    /// form or lemma, ignoring case ("typhoons" matches TYPHOON).
    fn discard_in(&self, doc: &Doc, si: usize) -> Option<bool> {
        if self.discards.is_empty() {
            return None;
        }
        let tokens = &doc.sentences[si].tokens;
        let forms: Vec<String> = tokens
            .iter()
            .map(|t| doc.token_text(t).to_lowercase())
            .collect();
        let lemmas: Vec<String> = tokens.iter().map(|t| t.lemma.to_lowercase()).collect();
        let mut found = None;
        for (words, story) in &self.discards {
            let hit = (0..tokens.len().saturating_sub(words.len() - 1)).any(|start| {
                words
                    .iter()
                    .enumerate()
                    .all(|(k, w)| forms[start + k] == *w || lemmas[start + k] == *w)
            });
            if hit {
                if *story {
                    return Some(true);
                }
                found = Some(false);
            }
        }
        found
    }
}

/// A phrase as the tokenizer splits it in a sentence, lowercased.
fn phrase_tokens(phrase: &str) -> Vec<String> {
    let padded = format!("{phrase} zz");
    let mut tokens: Vec<String> = tokenize::segment(&padded)
        .iter()
        .flat_map(|s| {
            s.tokens
                .iter()
                .map(|t| padded[t.span.start..t.span.end].to_lowercase())
        })
        .collect();
    tokens.pop();
    tokens
}

/// Identity of an actor within a document.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Key {
    Entry(usize),
    Country(usize),
    Metonym(usize),
    Group(String, String),
    Unknown(String),
}

struct Work<'a> {
    resolver: &'a Resolver,
    doc: &'a Doc,
    published: Option<NaiveDate>,
    actors: Vec<Actor>,
    by_key: HashMap<Key, usize>,
    /// Unknown-name actors whose kind came from telling context, not a default.
    certain: std::collections::HashSet<usize>,
}

/// A name match found in a sentence, before the tree is read.
struct NameMatch {
    start: usize,
    end: usize,
    targets: Vec<Target>,
}

impl Work<'_> {
    fn sentence(&mut self, si: usize) {
        let doc = self.doc;
        let sentence = &doc.sentences[si];
        let n = sentence.tokens.len();
        let forms: Vec<&str> = sentence.tokens.iter().map(|t| doc.token_text(t)).collect();
        let lowers: Vec<String> = forms.iter().map(|f| f.to_lowercase()).collect();
        let children = children_of(sentence);

        // A. Dictionary names, longest first, left to right.
        let mut matches: Vec<NameMatch> = Vec::new();
        let mut covered = vec![false; n];
        let mut i = 0;
        while i < n {
            match self.resolver.names.longest(&forms, &lowers, i) {
                Some((end, mut targets)) => {
                    // Two people listed under one name ("President Bush"): the one holding a
                    // dated role on the publication date is the one meant.
                    let day = self.published;
                    let dated = |t: &Target| match *t {
                        Target::Entry(e) => day.is_some_and(|day| {
                            self.resolver.dict.entries[e]
                                .roles
                                .iter()
                                .any(|r| r.period.contains(day))
                        }),
                        _ => false,
                    };
                    targets.sort_by_key(|t| (t.rank(), !dated(t)));
                    covered[i..end].iter_mut().for_each(|c| *c = true);
                    matches.push(NameMatch {
                        start: i,
                        end,
                        targets,
                    });
                    i = end;
                }
                None => i += 1,
            }
        }
        let mut match_at = vec![usize::MAX; n];
        for (mi, m) in matches.iter().enumerate() {
            match_at[m.start..m.end].iter_mut().for_each(|x| *x = mi);
        }
        let country_of_match = |m: &NameMatch| -> Option<String> {
            m.targets.iter().find_map(|t| match *t {
                Target::Country(c) | Target::Demonym(c) | Target::Capital(c) => {
                    Some(self.resolver.dict.countries[c].code.clone())
                }
                Target::Metonym(mi) => Some(
                    self.resolver.dict.metonyms[mi]
                        .code
                        .chars()
                        .take(3)
                        .collect(),
                ),
                Target::Entry(e) => {
                    let entry = &self.resolver.dict.entries[e];
                    // A country given as a named entry (PETRARCH's countries files) modifies
                    // an agent as a sitrep country does: "Tunisian court" → TUNJUD.
                    match entry.kind {
                        Kind::Organization if !entry.country.is_empty() => {
                            Some(entry.country.clone())
                        }
                        Kind::Country => {
                            let code = if entry.country.is_empty() {
                                entry
                                    .roles
                                    .first()
                                    .map_or(entry.code.as_str(), |r| r.code.as_str())
                                    .chars()
                                    .take(3)
                                    .collect()
                            } else {
                                entry.country.clone()
                            };
                            (!code.is_empty()).then_some(code)
                        }
                        _ => None,
                    }
                }
            })
        };

        // Agent nouns: a noun whose lemma, or lemma sequence, is an agent.
        let mut agent_at: Vec<Option<String>> = vec![None; n];
        for (ti, token) in sentence.tokens.iter().enumerate() {
            if !matches!(token.upos.as_str(), "NOUN" | "PROPN") || covered[ti] {
                continue;
            }
            for len in (1..=self.resolver.agent_max_words.min(ti + 1)).rev() {
                let words: Vec<String> = (ti + 1 - len..=ti)
                    .map(|k| {
                        if k == ti {
                            sentence.tokens[k].lemma.to_lowercase()
                        } else {
                            lowers[k].clone()
                        }
                    })
                    .collect();
                let phrase = words.join(" ");
                // The lemmatizer sometimes leaves a plural ("troops", "gunmen", the latter
                // not always tagged plural): try its singular too.
                let singular = phrase
                    .strip_suffix("men")
                    .map(|stem| format!("{stem}man"))
                    .or_else(|| {
                        (sentence.tokens[ti].xpos == "NNS")
                            .then(|| phrase.strip_suffix('s').map(str::to_string))
                            .flatten()
                    });
                // An agent written with its forms in braces (PETRARCH's `POLICE {}`) matches
                // only as written: "polices" is not POLICE.
                let written = (ti + 1 - len..=ti)
                    .map(|k| lowers[k].as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                let found = [Some(phrase), singular, Some(written.clone())]
                    .into_iter()
                    .flatten()
                    .filter(|k| !self.resolver.exact_agents.contains(k) || *k == written)
                    .find_map(|k| self.resolver.agents.get(&k));
                if let Some(sector) = found {
                    agent_at[ti] = Some(sector.clone());
                    break;
                }
            }
        }

        // B. Proper-name runs no dictionary knows.
        let mut runs: Vec<(usize, usize)> = Vec::new();
        let mut ti = 0;
        while ti < n {
            let proper = |k: usize| {
                !covered[k]
                    && (sentence.tokens[k].upos == "PROPN"
                        || sentence.tokens[k].xpos.starts_with("NNP"))
                    && starts_upper(forms[k])
                    && agent_at[k].is_none()
                    && !HONORIFICS.contains(&lowers[k].as_str())
                    && !CALENDAR.contains(&lowers[k].trim_end_matches('.'))
            };
            if !proper(ti) {
                ti += 1;
                continue;
            }
            let mut end = ti + 1;
            while end < n && proper(end) {
                end += 1;
            }
            // "Church of Scientology", "University of Southern Indiana", "Bank of England".
            while end + 1 < n
                && lowers[end] == "of"
                && proper(end + 1)
                && ORG_WORDS
                    .iter()
                    .chain(PLACE_WORDS)
                    .any(|w| *w == lowers[end - 1])
            {
                end += 2;
                while end < n && proper(end) {
                    end += 1;
                }
            }
            runs.push((ti, end));
            ti = end;
        }

        // C. Titles before names: "U.S. Secretary of State", "Russian lawmaker", "Mr.".
        let mut reserved = vec![false; n];
        let mut titles: HashMap<usize, Title> = HashMap::new();
        let person_starts: Vec<usize> = matches
            .iter()
            .filter(|m| matches!(m.targets.first(), Some(Target::Entry(e)) if titled_kind(&self.resolver.dict.entries[*e])))
            .map(|m| m.start)
            .chain(runs.iter().map(|r| r.0))
            .collect();
        for start in person_starts {
            if let Some(title) = self.title(
                sentence,
                &forms,
                &lowers,
                start,
                &agent_at,
                &matches,
                &match_at,
                &country_of_match,
            ) {
                reserved[title.start..start]
                    .iter_mut()
                    .for_each(|r| *r = true);
                titles.insert(start, title);
            }
        }

        let mut handled = vec![false; n];
        // D. Named matches.
        for m in &matches {
            if reserved[m.start] {
                continue;
            }
            let head = phrase_head(sentence, m.start, m.end);
            let Some(&target) = m.targets.first() else {
                continue;
            };
            let modifies = |k: usize| {
                let token = &sentence.tokens[k];
                token.head > 0
                    && agent_at[token.head - 1].is_some()
                    && matches!(
                        token.deprel.as_str(),
                        "nmod:poss" | "compound" | "amod" | "nmod"
                    )
            };
            // "Israeli and Palestinian forces": the second nationality modifies the agent
            // through the first, and is read with it as a group of its own (E).
            let modifies_agent = modifies(head)
                || (sentence.tokens[head].deprel == "conj"
                    && sentence.tokens[head].head > 0
                    && modifies(sentence.tokens[head].head - 1));
            match target {
                Target::Demonym(c) => {
                    // Modifying an agent, a demonym is read with it ("Russian troops"); as a
                    // noun ("the Russians") or modifying anything else ("Armenian positions",
                    // "Russian shelling") it names the country, which the event stage needs as
                    // a target or source.
                    if modifies_agent {
                        continue;
                    }
                    let code = self.resolver.dict.countries[c].code.clone();
                    let name = self.resolver.dict.countries[c].name.clone();
                    let origin = self.resolver.dict.countries[c].origin.clone();
                    self.add(
                        Key::Country(c),
                        si,
                        m.start..m.end,
                        head,
                        MentionKind::Demonym,
                        |_| {
                            let mut a = new_actor(&code, &name, Kind::Country, &code);
                            a.source = Some(origin);
                            a
                        },
                    );
                }
                Target::Country(c) | Target::Capital(c) => {
                    if modifies_agent {
                        continue;
                    }
                    let country = &self.resolver.dict.countries[c];
                    let ccode = country.code.clone();
                    if matches!(target, Target::Capital(_)) {
                        // A capital stands for its government ("Moscow said"), except where it is
                        // a place: after a locative preposition, or as a dateline.
                        let locative = children[head].iter().any(|&k| {
                            sentence.tokens[k].deprel == "case"
                                && LOCATIVE.contains(&lowers[k].as_str())
                        });
                        let dateline = m.start == 0
                            && forms[m.start..m.end]
                                .iter()
                                .all(|f| !f.chars().any(char::is_lowercase))
                            && forms.get(m.end).is_some_and(|f| *f == "," || *f == "(");
                        let name = country.capital.clone();
                        if locative || dateline {
                            self.add(
                                Key::Unknown(name.to_lowercase()),
                                si,
                                m.start..m.end,
                                head,
                                MentionKind::Capital,
                                |_| new_actor("", &name, Kind::Place, &ccode),
                            );
                        } else {
                            let code = format!("{ccode}GOV");
                            self.add(
                                Key::Group(code.clone(), String::new()),
                                si,
                                m.start..m.end,
                                head,
                                MentionKind::Capital,
                                |_| new_actor(&code, &name, Kind::Organization, &ccode),
                            );
                        }
                    } else {
                        let name = country.name.clone();
                        let origin = country.origin.clone();
                        self.add(
                            Key::Country(c),
                            si,
                            m.start..m.end,
                            head,
                            MentionKind::Country,
                            |_| {
                                let mut a = new_actor(&ccode, &name, Kind::Country, &ccode);
                                a.source = Some(origin);
                                a
                            },
                        );
                    }
                }
                Target::Metonym(mi) => {
                    if modifies_agent && sentence.tokens[head].deprel == "compound" {
                        continue;
                    }
                    let metonym = &self.resolver.dict.metonyms[mi];
                    let code = metonym.code.clone();
                    let name = metonym.name.clone();
                    let origin = metonym.origin.clone();
                    self.add(
                        Key::Metonym(mi),
                        si,
                        m.start..m.end,
                        head,
                        MentionKind::Metonym,
                        |_| {
                            let country: String = code.chars().take(3).collect();
                            let mut a = new_actor(&code, &name, Kind::Organization, &country);
                            a.source = Some(origin);
                            a
                        },
                    );
                }
                Target::Entry(e) => {
                    let start = titles.get(&m.start).map_or(m.start, |t| t.start);
                    handled[start..m.end].iter_mut().for_each(|h| *h = true);
                    let entry = &self.resolver.dict.entries[e];
                    if (entry.kind == Kind::Organization
                        && modifies_agent
                        && sentence.tokens[head].deprel == "compound")
                        || (entry.kind == Kind::Country && modifies_agent)
                    {
                        continue;
                    }
                    let (mut code, role) = self.code_on_date(e);
                    // "Bree Prime Minister Romendacil", with Romendacil known only as BRE:
                    // the title says which sector the person speaks for (PETRARCH combines
                    // agents with actors the same way).
                    if let Some(title) = titles.get(&m.start) {
                        // A dictionary that dates the person's roles knows better than the
                        // title (a former minister is still called one).
                        let bare = code.len() == 3 && entry.roles.is_empty();
                        if bare
                            && titled_kind(entry)
                            && (title.country.is_empty() || title.country == code)
                        {
                            code = compose(&code, &title.sectors);
                        }
                    }
                    self.add_entry(e, code, role, si, start..m.end, head, MentionKind::Name);
                }
            }
            handled[m.start..m.end].iter_mut().for_each(|h| *h = true);
        }

        // E. Agent phrases.
        for ti in 0..n {
            let Some(sector) = agent_at[ti].clone() else {
                continue;
            };
            if handled[ti] || reserved[ti] {
                continue;
            }
            // An agent modifying a head agent ("government forces") is read with its head.
            let token = &sentence.tokens[ti];
            if token.head > 0 && agent_at[token.head - 1].is_some() && token.deprel == "compound" {
                continue;
            }
            let (code, country, notes, start, sectors) = self.group_code(
                sentence,
                &forms,
                ti,
                &sector,
                &children,
                &agent_at,
                &matches,
                &match_at,
                &country_of_match,
            );
            let start = (start..=ti)
                .find(|&k| !reserved[k] && !handled[k])
                .unwrap_or(ti);
            let lemma = token.lemma.to_lowercase();
            let key = Key::Group(code.clone(), lemma.clone());
            let span = Span::new(sentence.tokens[start].span.start, token.span.end);
            let name = doc.span_text(span).to_string();
            self.add(key, si, start..ti + 1, ti, MentionKind::Agent, |_| {
                let mut a = new_actor(&code, &name, Kind::Group, &country);
                a.notes = notes.clone();
                if code.is_empty() {
                    a.sectors = sectors.clone();
                }
                a
            });
            handled[start..=ti].iter_mut().for_each(|h| *h = true);
            // "Israeli and Palestinian forces", "US and British activists": coordinated
            // nationalities distribute over the noun, one group each, so that the event stage
            // can give each its own events ("clashed" between the two).
            if country.is_empty() {
                continue;
            }
            let conjoined: Vec<(usize, String)> = children[ti]
                .iter()
                .filter(|&&c| {
                    c < ti
                        && matches!(
                            sentence.tokens[c].deprel.as_str(),
                            "amod" | "compound" | "nmod:poss"
                        )
                })
                .flat_map(|&c| {
                    // The parser may hang the second one on the noun, after its "and".
                    let after_and = c > 0 && sentence.tokens[c - 1].deprel == "cc";
                    children[c]
                        .iter()
                        .copied()
                        .filter(|&c2| c2 < ti && sentence.tokens[c2].deprel == "conj")
                        .chain(after_and.then_some(c))
                })
                .filter_map(|c2| {
                    let mi = match_at[c2];
                    (mi != usize::MAX)
                        .then(|| country_of_match(&matches[mi]))
                        .flatten()
                        .filter(|place| *place != country)
                        .map(|place| (c2, place))
                })
                .collect();
            for (c2, place) in conjoined {
                let code = compose(&place, &sectors);
                let name = format!("{} {}", forms[c2], forms[ti]);
                let key = Key::Group(code.clone(), lemma.clone());
                self.add(key, si, c2..c2 + 1, c2, MentionKind::Agent, |_| {
                    new_actor(&code, &name, Kind::Group, &place)
                });
            }
        }

        // F. Unknown names and later surnames; then pronouns.
        for &(start, end) in &runs {
            if handled[start] {
                continue;
            }
            let title = titles.get(&start).cloned();
            self.unknown_name(
                si,
                start,
                end,
                title,
                &forms,
                &lowers,
                &children,
                &agent_at,
                &matches,
                &match_at,
                &country_of_match,
            );
            handled[start..end].iter_mut().for_each(|h| *h = true);
        }
        for ti in 0..n {
            if !handled[ti]
                && sentence.tokens[ti].upos == "PRON"
                && PRONOUNS.contains(&lowers[ti].as_str())
            {
                self.pronoun(si, ti);
            }
        }
    }

    /// The title right before a name, read word by word leftwards: agent nouns ("Secretary",
    /// "lawmaker"), honorifics, capitalized words of the title ("Foreign"), "of", and the
    /// country, demonym or institution it belongs to ("U.S.", "Russian", "Kremlin"). A title
    /// needs at least one agent noun or honorific.
    #[allow(clippy::too_many_arguments)]
    fn title(
        &self,
        sentence: &sitrep_doc::Sentence,
        forms: &[&str],
        lowers: &[String],
        start: usize,
        agent_at: &[Option<String>],
        matches: &[NameMatch],
        match_at: &[usize],
        country_of_match: &dyn Fn(&NameMatch) -> Option<String>,
    ) -> Option<Title> {
        let mut lo = start;
        let mut sectors: Vec<String> = Vec::new();
        let mut base = String::new();
        let mut country = String::new();
        let mut titled = false;
        while lo > 0 {
            let k = lo - 1;
            let token = &sentence.tokens[k];
            if HONORIFICS.contains(&lowers[k].as_str()) {
                titled = true;
                lo = k;
                continue;
            }
            let agent = agent_at[k].clone().or_else(|| {
                self.resolver
                    .agents
                    .get(&token.lemma.to_lowercase())
                    .cloned()
            });
            if let Some(sector) = agent.filter(|_| match_at[k] == usize::MAX) {
                if !sectors.contains(&sector) {
                    sectors.insert(0, sector);
                }
                titled = true;
                lo = k;
                continue;
            }
            if match_at[k] != usize::MAX {
                let m = &matches[match_at[k]];
                if let Some(place) = country_of_match(m) {
                    if let Some(Target::Metonym(mi)) = m.targets.first() {
                        base = self.resolver.dict.metonyms[*mi].code.clone();
                    }
                    country = place;
                    lo = m.start;
                    continue;
                }
                break;
            }
            // Inside a title, plain adjectives qualify its office ("junior foreign minister",
            // "religious leader"), and a country's possessive names whose office it is
            // ("Iran's religious leader"): the walk goes on to the country.
            let qualifier = titled && token.upos == "ADJ";
            let possessive = titled
                && lowers[k] == "'s"
                && k > 0
                && match_at[k - 1] != usize::MAX
                && country_of_match(&matches[match_at[k - 1]]).is_some();
            if qualifier || possessive {
                lo = k;
                continue;
            }
            let capitalized =
                starts_upper(forms[k]) && matches!(token.upos.as_str(), "PROPN" | "ADJ" | "NOUN");
            let calendar = CALENDAR.contains(&lowers[k].trim_end_matches('.'));
            if (capitalized && !calendar) || (lowers[k] == "of" && lo < start) {
                lo = k;
                continue;
            }
            break;
        }
        while lo < start && (lowers[lo] == "of" || sentence.tokens[lo].upos == "PUNCT") {
            lo += 1;
        }
        if !titled || lo == start {
            return None;
        }
        let code = if base.is_empty() && country.is_empty() {
            String::new()
        } else if base.is_empty() {
            compose(&country, &sectors)
        } else {
            compose(&base, &sectors)
        };
        Some(Title {
            start: lo,
            code,
            country,
            sectors,
        })
    }

    /// The code of a dictionary entry on the publication date, with the role's title.
    /// A mention of dictionary entry `e`, coded `code` (with the dated role that gave it).
    #[allow(clippy::too_many_arguments)]
    fn add_entry(
        &mut self,
        e: usize,
        code: String,
        role: Option<String>,
        si: usize,
        tokens: std::ops::Range<usize>,
        head: usize,
        how: MentionKind,
    ) {
        let entry = &self.resolver.dict.entries[e];
        let (name, kind, country, origin) = (
            entry.name.clone(),
            entry.kind,
            entry.country.clone(),
            entry.origin.clone(),
        );
        self.add(Key::Entry(e), si, tokens, head, how, |_| {
            let mut a = new_actor(&code, &name, kind, &country);
            a.role = role;
            a.source = Some(origin);
            a
        });
    }

    /// The only dictionary person with this family name who holds a dated role on the
    /// publication date (none without a date: a name alone is not enough).
    fn sole_office_holder(&self, surname: &str) -> Option<usize> {
        let day = self.published?;
        let people = self.resolver.surname_people.get(surname)?;
        let mut in_office = people.iter().copied().filter(|&e| {
            self.resolver.dict.entries[e]
                .roles
                .iter()
                .any(|r| r.period.contains(day))
        });
        let first = in_office.next()?;
        in_office.next().is_none().then_some(first)
    }

    fn code_on_date(&self, e: usize) -> (String, Option<String>) {
        let entry = &self.resolver.dict.entries[e];
        if let Some(day) = self.published {
            if let Some(role) = entry.roles.iter().find(|r| r.period.contains(day)) {
                return (
                    role.code.clone(),
                    Some(role.title.clone()).filter(|t| !t.is_empty()),
                );
            }
        }
        if !entry.code.is_empty() {
            return (entry.code.clone(), None);
        }
        (entry.country.clone(), None)
    }

    /// The code of an agent phrase headed by token `ti`: country from its modifiers, sectors
    /// from every agent in the phrase. Returns (code, country, notes, first token).
    #[allow(clippy::too_many_arguments)]
    fn group_code(
        &self,
        sentence: &sitrep_doc::Sentence,
        forms: &[&str],
        ti: usize,
        sector: &str,
        children: &[Vec<usize>],
        agent_at: &[Option<String>],
        matches: &[NameMatch],
        match_at: &[usize],
        country_of_match: &dyn Fn(&NameMatch) -> Option<String>,
    ) -> (String, String, Vec<String>, usize, Vec<String>) {
        let mut sectors: Vec<String> = Vec::new();
        let mut country = String::new();
        let mut location = String::new();
        // The other countries of a coordinated place ("lawmakers in France and Germany"): the
        // phrase names a group in each, coded once per country.
        let (mut country_also, mut location_also) = (Vec::new(), Vec::new());
        let mut notes = Vec::new();
        let mut start = ti;
        let mut stack: Vec<usize> = children[ti].clone();
        let mut modifiers = Vec::new();
        let mut inner: Vec<usize> = Vec::new();
        while let Some(c) = stack.pop() {
            let rel = sentence.tokens[c].deprel.as_str();
            let nested = inner.contains(&c);
            if c < ti
                && (nested
                    || matches!(
                        rel,
                        "amod" | "compound" | "nmod:poss" | "det" | "nummod" | "case"
                    ))
            {
                modifiers.push(c);
                start = start.min(c);
                // Everything inside a modifier belongs to it ("Russian-backed", "east Ukraine's").
                if nested || matches!(rel, "amod" | "compound" | "nmod:poss") {
                    stack.extend(children[c].iter().copied().filter(|&g| g < ti));
                    inner.extend(children[c].iter().copied().filter(|&g| g < ti));
                }
            } else if c > ti && matches!(rel, "nmod" | "obl") {
                // "the army of Ukraine", "separatists in east Ukraine".
                let case = children[c]
                    .iter()
                    .find(|&&g| sentence.tokens[g].deprel == "case")
                    .map(|&g| forms[g].to_lowercase());
                let mut places =
                    conjunct_countries(c, children, sentence, matches, match_at, country_of_match);
                if !places.is_empty() {
                    let place = places.remove(0);
                    match case.as_deref() {
                        Some("of") | Some("from") if country.is_empty() => {
                            country = place;
                            country_also = places;
                        }
                        Some("in") | Some("inside") | Some("across") | Some("near")
                        | Some("throughout") => {
                            location = place;
                            location_also = places;
                        }
                        _ => {}
                    }
                }
            }
        }
        modifiers.sort_unstable();
        for &c in &modifiers {
            if let Some(s) = &agent_at[c] {
                if !sectors.contains(s) {
                    sectors.push(s.clone());
                }
            }
            let mi = match_at[c];
            if mi == usize::MAX {
                continue;
            }
            let Some(place) = country_of_match(&matches[mi]) else {
                continue;
            };
            // "Russian-backed", "Western-supported": a backer, not where the group is.
            let backed = children[c].iter().chain(std::iter::once(&c)).any(|&g| {
                let l = sentence.tokens[g].lemma.to_lowercase();
                l.ends_with("back")
                    || l.ends_with("backed")
                    || l.ends_with("support")
                    || l.ends_with("supported")
                    || l.ends_with("sponsor")
                    || l.ends_with("sponsored")
                    || l.starts_with("pro-")
            }) || (c + 2 < forms.len()
                && forms[c + 1] == "-"
                && matches!(
                    forms[c + 2],
                    "backed" | "supported" | "sponsored" | "funded"
                ));
            if backed {
                notes.push(format!("backed by {place}"));
            } else if country.is_empty() {
                country = place;
            }
        }
        if !sectors.iter().any(|s| s == sector) {
            sectors.push(sector.to_string());
        }
        if is_armed_group_sector(sector) && !location.is_empty() {
            if !country.is_empty() && country != location {
                notes.push(format!("described as {country}"));
            }
            country = location.clone();
            country_also = location_also.clone();
        }
        // "Demonstrators in Baghdad", "opposition groups in Zimbabwe": a group of no stated
        // country is of the country it is in, unless it is there as a stranger (refugees,
        // diplomats, monitors) or as an army, which often fights abroad ("troops in Iraq").
        let lemma = sentence.tokens[ti].lemma.to_lowercase();
        if country.is_empty() && !location.is_empty() && resident_there(&lemma, &[sector]) {
            country = location;
            country_also = location_also;
        }
        if country.is_empty() && !notes.is_empty() && is_armed_group_sector(sector) {
            // Backed from abroad, place unknown: the backer is not the group's country.
        }
        while start < ti
            && matches!(
                sentence.tokens[start].upos.as_str(),
                "DET" | "PUNCT" | "ADP"
            )
        {
            start += 1;
        }
        let code = if country.is_empty() {
            String::new()
        } else {
            std::iter::once(&country)
                .chain(country_also.iter().filter(|c| **c != country))
                .map(|c| compose(c, &sectors))
                .collect::<Vec<_>>()
                .join("/")
        };
        (code, country, notes, start, sectors)
    }

    /// A capitalized name in no dictionary: a later surname of a known person, or a new
    /// actor whose code comes from its title or an apposition.
    #[allow(clippy::too_many_arguments)]
    fn unknown_name(
        &mut self,
        si: usize,
        start: usize,
        end: usize,
        title: Option<Title>,
        forms: &[&str],
        lowers: &[String],
        children: &[Vec<usize>],
        agent_at: &[Option<String>],
        matches: &[NameMatch],
        match_at: &[usize],
        country_of_match: &dyn Fn(&NameMatch) -> Option<String>,
    ) {
        let sentence = &self.doc.sentences[si];
        let head = phrase_head(sentence, start, end);
        let mention_start = title.as_ref().map_or(start, |t| t.start);
        // A single word that is the surname of a person already in the document.
        if end - start == 1 {
            let surname = lowers[start].as_str();
            let found = self.actors.iter().rposition(|a| {
                a.kind == Kind::Person
                    && a.name.split_whitespace().count() >= 2
                    && a.name
                        .split_whitespace()
                        .last()
                        .is_some_and(|w| w.to_lowercase() == surname)
            });
            if let Some(ai) = found {
                self.push_mention(ai, si, mention_start..end, head, MentionKind::Surname);
                return;
            }
            // "Obama said ...": a bare family name news uses for the one office holder who
            // bears it, when exactly one person in the dictionaries holds a role that day.
            if title.is_none() {
                if let Some(e) = self.sole_office_holder(surname) {
                    let (code, role) = self.code_on_date(e);
                    self.add_entry(e, code, role, si, start..end, head, MentionKind::Surname);
                    return;
                }
            }
        }
        let span = Span::new(
            sentence.tokens[start].span.start,
            sentence.tokens[end - 1].span.end,
        );
        let text = self.doc.span_text(span).to_string();
        // An apposition after the name: "Alexander Borodai, a Russian lawmaker".
        let mut described: Option<(String, String)> = None;
        for &c in &children[head] {
            if c > head && sentence.tokens[c].deprel == "appos" {
                if let Some(sector) = agent_at[c].clone() {
                    let (code, country, _, _, _) = self.group_code(
                        sentence,
                        forms,
                        c,
                        &sector,
                        children,
                        agent_at,
                        matches,
                        match_at,
                        country_of_match,
                    );
                    described = Some((code, country));
                    break;
                }
            }
        }
        let (code, country, kind, certain) = match (&title, described) {
            (_, Some((code, country))) => (code, country, Kind::Person, true),
            // "President Bush": a title without a country, and a family name the dictionary
            // knows from one country only.
            (Some(t), None) if t.code.is_empty() && !t.sectors.is_empty() => {
                match self.resolver.surname_country.get(lowers[end - 1].as_str()) {
                    Some(country) => (
                        compose(country, &t.sectors),
                        country.clone(),
                        Kind::Person,
                        true,
                    ),
                    None => (String::new(), String::new(), Kind::Person, true),
                }
            }
            (Some(t), None) => (t.code.clone(), t.country.clone(), Kind::Person, true),
            (None, None) => {
                let (kind, certain) = guess_kind(&lowers[start..end], sentence, head, end, lowers);
                (String::new(), String::new(), kind, certain)
            }
        };
        // A name first seen without telling context takes the kind (and code) its first
        // telling mention gives it.
        if let Some(&ai) = self.by_key.get(&Key::Unknown(text.to_lowercase())) {
            if certain && !self.certain.contains(&ai) {
                let actor = &mut self.actors[ai];
                actor.kind = kind;
                if actor.code.is_empty() {
                    actor.code = code.clone();
                    actor.country = country.clone();
                }
                self.certain.insert(ai);
            }
        }
        let key = Key::Unknown(text.to_lowercase());
        let is_new = !self.by_key.contains_key(&key);
        self.add(
            key,
            si,
            mention_start..end,
            head,
            MentionKind::Unknown,
            |_| new_actor(&code, &text, kind, &country),
        );
        if is_new && certain {
            self.certain.insert(self.actors.len() - 1);
        }
    }

    /// Links a personal pronoun to the most recent person mentioned in this or the previous
    /// two sentences.
    fn pronoun(&mut self, si: usize, ti: usize) {
        let mut best: Option<(usize, usize, usize)> = None;
        for (ai, a) in self.actors.iter().enumerate() {
            if a.kind != Kind::Person {
                continue;
            }
            for m in &a.mentions {
                let before = m.sentence < si || (m.sentence == si && m.tokens.end <= ti);
                if before
                    && si - m.sentence <= 2
                    && best.is_none_or(|(_, s, t)| (m.sentence, m.head) > (s, t))
                {
                    best = Some((ai, m.sentence, m.head));
                }
            }
        }
        if let Some((ai, _, _)) = best {
            self.push_mention(ai, si, ti..ti + 1, ti, MentionKind::Pronoun);
        }
    }

    fn add(
        &mut self,
        key: Key,
        si: usize,
        tokens: std::ops::Range<usize>,
        head: usize,
        how: MentionKind,
        make: impl FnOnce(()) -> Actor,
    ) {
        let ai = match self.by_key.get(&key) {
            Some(&ai) => ai,
            None => {
                self.actors.push(make(()));
                self.by_key.insert(key, self.actors.len() - 1);
                self.actors.len() - 1
            }
        };
        self.push_mention(ai, si, tokens, head, how);
    }

    fn push_mention(
        &mut self,
        ai: usize,
        si: usize,
        tokens: std::ops::Range<usize>,
        head: usize,
        how: MentionKind,
    ) {
        let sentence = &self.doc.sentences[si];
        let actor = &mut self.actors[ai];
        // Institutions and places keep their article, as news writes them ("the Kremlin").
        let mut tokens = tokens;
        if tokens.start > 0 && !matches!(actor.kind, Kind::Person | Kind::Group) {
            let before = &sentence.tokens[tokens.start - 1];
            let article = self.doc.token_text(before).eq_ignore_ascii_case("the");
            if article && before.deprel == "det" {
                tokens.start -= 1;
            }
        }
        let (Some(first), Some(last)) = (
            sentence.tokens.get(tokens.start),
            sentence.tokens.get(tokens.end.saturating_sub(1)),
        ) else {
            return;
        };
        let span = Span::new(first.span.start, last.span.end);
        actor.mentions.push(Mention {
            sentence: si,
            tokens,
            head,
            span,
            how,
        });
    }
}

fn new_actor(code: &str, name: &str, kind: Kind, country: &str) -> Actor {
    Actor {
        id: String::new(),
        code: code.to_string(),
        name: name.to_string(),
        kind,
        country: country.to_string(),
        role: None,
        source: None,
        notes: Vec::new(),
        mentions: Vec::new(),
        sectors: Vec::new(),
    }
}

fn starts_upper(form: &str) -> bool {
    form.chars().next().is_some_and(char::is_uppercase)
}

/// Children lists (0-based) of every token of a sentence.
fn children_of(sentence: &sitrep_doc::Sentence) -> Vec<Vec<usize>> {
    let n = sentence.tokens.len();
    let mut children = vec![Vec::new(); n];
    for (i, t) in sentence.tokens.iter().enumerate() {
        if t.head > 0 && t.head <= n {
            children[t.head - 1].push(i);
        }
    }
    children
}

/// The token of `start..end` whose head lies outside the range (the last one if several).
fn phrase_head(sentence: &sitrep_doc::Sentence, start: usize, end: usize) -> usize {
    (start..end)
        .rev()
        .find(|&i| {
            let h = sentence.tokens[i].head;
            h == 0 || h - 1 < start || h > end
        })
        .unwrap_or(end.saturating_sub(1))
}

/// The countries named by the phrase at `node` and by the phrases coordinated with it
/// ("in Fornost and Gondor"), in order, without repeats.
fn conjunct_countries(
    node: usize,
    children: &[Vec<usize>],
    sentence: &sitrep_doc::Sentence,
    matches: &[NameMatch],
    match_at: &[usize],
    country_of_match: &dyn Fn(&NameMatch) -> Option<String>,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut todo = vec![node];
    while let Some(x) = todo.pop() {
        if out.len() > 8 {
            break;
        }
        if let Some(c) = country_in_subtree(x, children, matches, match_at, country_of_match) {
            if !out.contains(&c) {
                out.push(c);
            }
        }
        todo.extend(
            children[x]
                .iter()
                .rev()
                .copied()
                .filter(|&g| sentence.tokens[g].deprel == "conj"),
        );
    }
    out
}

/// The first country named inside the subtree of `node`.
fn country_in_subtree(
    node: usize,
    children: &[Vec<usize>],
    matches: &[NameMatch],
    match_at: &[usize],
    country_of_match: &dyn Fn(&NameMatch) -> Option<String>,
) -> Option<String> {
    let mut stack = vec![node];
    let mut seen = Vec::new();
    while let Some(x) = stack.pop() {
        seen.push(x);
        stack.extend(children[x].iter().copied());
    }
    seen.sort_unstable();
    seen.iter().find_map(|&x| {
        let mi = match_at[x];
        (mi != usize::MAX)
            .then(|| country_of_match(&matches[mi]))
            .flatten()
    })
}

/// The kind of a proper name no dictionary knows, from its own words and its context.
/// The kind of a proper name no dictionary knows, from its own words and its context, and
/// whether the evidence is firm (a telling word or preposition) or only a default.
fn guess_kind(
    words: &[String],
    sentence: &sitrep_doc::Sentence,
    head: usize,
    end: usize,
    lowers: &[String],
) -> (Kind, bool) {
    if words.iter().any(|w| ORG_WORDS.contains(&w.as_str())) {
        return (Kind::Organization, true);
    }
    if words.iter().any(|w| PLACE_WORDS.contains(&w.as_str())) {
        return (Kind::Place, true);
    }
    // "the Donbass region", "Idlib province": a place noun right after the name.
    if let Some(next) = sentence.tokens.get(end).map(|t| t.lemma.to_lowercase()) {
        if PLACE_WORDS.contains(&next.as_str()) {
            return (Kind::Place, true);
        }
        if ORG_WORDS.contains(&next.as_str()) {
            return (Kind::Organization, true);
        }
    }
    // "in Idlib", "to Geneva": a locative preposition before the name.
    let case = sentence
        .tokens
        .iter()
        .enumerate()
        .find(|(_, t)| t.head == head + 1 && t.deprel == "case")
        .map(|(i, _)| lowers[i].as_str());
    if case.is_some_and(|c| LOCATIVE.contains(&c)) {
        return (Kind::Place, true);
    }
    // "the Pentagon", "the Democratic Party": people's names seldom take "the".
    let has_the = sentence
        .tokens
        .iter()
        .enumerate()
        .any(|(i, t)| t.head == head + 1 && t.deprel == "det" && lowers[i] == "the");
    if has_the {
        return (Kind::Organization, false);
    }
    // People are introduced by full name; a lone capitalized word that is nobody's surname is
    // more often an organization or a brand ("Microsoft", "Hamas").
    if words.len() == 1 {
        return (Kind::Organization, false);
    }
    (Kind::Person, false)
}

impl MentionKind {
    /// The name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            MentionKind::Name => "name",
            MentionKind::Country => "country",
            MentionKind::Capital => "capital",
            MentionKind::Metonym => "metonym",
            MentionKind::Demonym => "demonym",
            MentionKind::Agent => "agent",
            MentionKind::Unknown => "unknown",
            MentionKind::Surname => "surname",
            MentionKind::Pronoun => "pronoun",
        }
    }
}

/// The `sitrep/1` rendering of resolved actors.
pub fn to_output(doc: &Doc, actors: &[Actor]) -> Vec<sitrep_doc::output::ActorOut> {
    actors
        .iter()
        .map(|a| sitrep_doc::output::ActorOut {
            id: a.id.clone(),
            code: a.code.clone(),
            name: a.name.clone(),
            kind: a.kind.as_str().to_string(),
            country: a.country.clone(),
            role: a.role.clone(),
            dictionary: a.source.as_ref().map(|o| o.to_string()),
            notes: a.notes.clone(),
            mentions: a
                .mentions
                .iter()
                .map(|m| sitrep_doc::output::MentionOut {
                    start: m.span.start,
                    end: m.span.end,
                    text: doc.span_text(m.span).to_string(),
                    sentence: m.sentence,
                    how: m.how.as_str().to_string(),
                })
                .collect(),
        })
        .collect()
}

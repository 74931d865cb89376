//! Event extraction: matching the patterns on each sentence's dependency tree, with the
//! modality, attribution, date and place of every event.
//!
//! The rules, in the order a sentence meets them:
//! 1. **Triggers.** A verb whose lemma has patterns is matched against all of them; the most
//!    specific pattern that fits (particle, object, preposition) wins. A noun whose lemma has
//!    nominal patterns ("talks", "sanctions") is a trigger too, unless a verb pattern already
//!    consumed it as its object ("imposed sanctions" coded once).
//! 2. **Participants.** The source is the subject, followed through control ("agreed to meet":
//!    the subject of "agreed"; "urged Russia to withdraw": the object of "urged"), coordination
//!    and relative clauses; in a passive the source is the `by` agent and the target the
//!    passive subject. The target is where the pattern says (object, indirect object, the noun
//!    of a preposition on the verb or on its object). Coordinated actors give one event per
//!    pair. A participant is an actor mention on the word itself or on one modifier of it
//!    (compound, adjective, possessor, "of"/"from" phrase): never any noun in the sentence.
//!    When the pattern's slot names nobody, the target is the first actor inside the verb's
//!    own phrase, else a place there outside the source's country (PETRARCH's convention;
//!    `SentenceCtx::phrase_target`). A pattern's `reverse` code adds the counterpart's side
//!    of a two-sided act (the host of a visit). An `it`/`they`/`we` subject stands for the
//!    coded subject of the clause governing it ("Japan said it had halted aid"); a group of
//!    unknown country may act, with an empty code, on a coded target. A purpose clause
//!    ("rallied to protest") is done by the main subject, or by the actor the main verb sends
//!    or asks; a measure noun's content is the object ("tons of food aid"); with nobody in the
//!    pattern's slot, the subject of a demanded clause is the target ("demanded that X go").
//! 3. **An event needs a coded actor.** Nominal events also need their source (or both sides
//!    of "talks between X and Y"), because a noun alone ("sanctions on Russia") is often only
//!    mentioned, not done.
//! 4. **Modality** is read by walking up from the trigger (see [`Modality`]); the innermost
//!    marker wins, and a verb of saying stops the walk and becomes the attribution. A purpose
//!    clause is `future` unless its main clause has a modality of its own; "would" under a
//!    past verb of saying is the reported "will" (`future`) for the speaker's own act and a
//!    forecast (`hypothetical`) for anyone else's; readiness adjectives ("willing to") are
//!    heads of the future, "unwilling to" of a refusal.
//! 5. **Acts of announcing, refusing and demanding**, as CAMEO codes them: a future
//!    cooperative or hostile act announced by its own actor is also an asserted intent or
//!    threat (03x, 13x); a refused cooperative act is also an asserted rejection (12x); an act
//!    the speaker says another "must" do is also the speaker's demand (10x).

use std::collections::HashMap;

use chrono::NaiveDate;
use sitrep_actors::dict::Kind;
use sitrep_actors::resolve::{Actor, MentionKind};
use sitrep_doc::{Doc, Span, Token};

use crate::codebook::{Codebook, EventCode};
use crate::patterns::{NounPattern, Patterns, VerbPattern};
use crate::place::{find_places, Gazetteer, PlaceMention};
use crate::quotes::{self, Quote};
use crate::time::{find_times, Precision, Resolved, TimeMention};
use crate::Origin;

/// Whether, according to the text, the event happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Modality {
    /// Reported as having happened or happening.
    Asserted,
    /// Reported as not having happened ("did not attack", "refused to meet").
    Negated,
    /// Announced for later ("will meet", "plans to visit").
    Future,
    /// Possible ("would recognize", "could strike", "has not ruled out").
    Hypothetical,
    /// Dependent on a condition ("if Russia invades") or threatened ("threatened to cut aid").
    Conditional,
    /// Asked for ("calls for talks", "proposes recognizing", "urged them to withdraw").
    Proposed,
}

impl Modality {
    /// The name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Modality::Asserted => "asserted",
            Modality::Negated => "negated",
            Modality::Future => "future",
            Modality::Hypothetical => "hypothetical",
            Modality::Conditional => "conditional",
            Modality::Proposed => "proposed",
        }
    }

    /// Parses an output name.
    pub fn parse(name: &str) -> Option<Modality> {
        Some(match name {
            "asserted" => Modality::Asserted,
            "negated" => Modality::Negated,
            "future" => Modality::Future,
            "hypothetical" => Modality::Hypothetical,
            "conditional" => Modality::Conditional,
            "proposed" => Modality::Proposed,
            _ => return None,
        })
    }
}

/// One side of an event: an actor and the mention that named it here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Role {
    /// Index into the document's actors.
    pub actor: usize,
    /// Index into that actor's mentions.
    pub mention: usize,
    /// The token (in the event's sentence) the participant was found on.
    pub token: usize,
}

/// Which pattern coded an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PatternRef {
    /// Index into [`Patterns::verbs`].
    Verb(usize),
    /// Index into [`Patterns::nouns`].
    Noun(usize),
}

/// Who said an event happened.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Attributed {
    /// The speaker's actor, when coded.
    pub speaker: Option<Role>,
    /// The words naming the speaker.
    pub speaker_span: Option<Span>,
    /// The outlet.
    pub via: Option<String>,
}

/// A coded event, before rendering.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// Sentence index.
    pub sentence: usize,
    /// The trigger token (verb or noun).
    pub trigger: usize,
    /// Who acted.
    pub source: Option<Role>,
    /// Who was acted upon.
    pub target: Option<Role>,
    /// CAMEO code.
    pub code: String,
    /// Modality.
    pub modality: Modality,
    /// Tokens that set the modality.
    pub modality_tokens: Vec<usize>,
    /// Reported speech.
    pub attribution: Attributed,
    /// The resolved date, and the words that gave it (None: the publication date).
    pub date: (Resolved, Option<Span>),
    /// Where, when the clause says.
    pub location: Option<PlaceMention>,
    /// The words the code rests on: participants, trigger, pattern words, modality words.
    pub evidence: Span,
    /// 0–1.
    pub confidence: f32,
    /// The pattern.
    pub pattern: PatternRef,
    /// Dependency paths from the trigger to the participants, for explanations.
    pub path: Vec<String>,
    /// The counterpart's side of a two-sided act (the host of a visit), from the pattern's
    /// reverse code: the same words, not a second report.
    pub mirrored: bool,
}

/// The event coder: patterns indexed by lemma, the codebook, and the gazetteer.
#[derive(Debug)]
pub struct Extractor {
    codebook: Codebook,
    patterns: Patterns,
    verbs_by_lemma: HashMap<String, Vec<usize>>,
    /// Regular inflections of pattern verbs, for words the lemmatizer gets wrong ("shelled"
    /// lemmatized as "shel").
    verb_forms: HashMap<String, String>,
    nouns_by_head: HashMap<String, Vec<usize>>,
    gazetteer: Option<Gazetteer>,
}

/// Code of a pattern that blocks a phrase from being coded (a PETRARCH `[---]` phrase).
pub const NULL_CODE: &str = "---";

impl Extractor {
    /// An extractor over `patterns`, looking codes up in `codebook`, and geocoding with
    /// `gazetteer` when given.
    pub fn new(codebook: Codebook, patterns: Patterns, gazetteer: Option<Gazetteer>) -> Extractor {
        let mut verbs_by_lemma: HashMap<String, Vec<usize>> = HashMap::new();
        let mut verb_forms: HashMap<String, String> = HashMap::new();
        for (i, (p, _)) in patterns.verbs.iter().enumerate() {
            let lemma = p.lemma.to_lowercase();
            for form in sitrep_actors::petrarch::regular_forms(&lemma) {
                verb_forms.entry(form).or_insert_with(|| lemma.clone());
            }
            verbs_by_lemma.entry(lemma).or_default().push(i);
        }
        let mut nouns_by_head: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, (p, _)) in patterns.nouns.iter().enumerate() {
            let lemma = p.lemma.to_lowercase();
            let head = lemma.split_whitespace().last().unwrap_or("").to_string();
            nouns_by_head.entry(head).or_default().push(i);
        }
        Extractor {
            codebook,
            patterns,
            verbs_by_lemma,
            verb_forms,
            nouns_by_head,
            gazetteer,
        }
    }

    /// The codebook.
    pub fn codebook(&self) -> &Codebook {
        &self.codebook
    }

    /// The patterns.
    pub fn patterns(&self) -> &Patterns {
        &self.patterns
    }

    /// Gives the places the resolver found but could not place ("Geneva", "Alaska") the
    /// country the gazetteer chooses for them in this document, so that they can stand for
    /// their country as targets ("met in Zurich", "exercises in Alaska") and show it in the
    /// output. Without a gazetteer nothing changes.
    pub fn locate_places(&self, doc: &Doc, actors: &mut [Actor]) {
        /// Population from which a gazetteer place outweighs the other readings of its name.
        const TOWN_POPULATION: u64 = 100_000;
        let Some(gazetteer) = &self.gazetteer else {
            return;
        };
        let countries = doc_countries(actors);
        let mut by_sentence: HashMap<usize, Vec<PlaceMention>> = HashMap::new();
        for actor in actors.iter_mut() {
            if actor.kind != Kind::Place || !actor.code.is_empty() || !actor.country.is_empty() {
                continue;
            }
            for mention in &actor.mentions {
                let found = by_sentence
                    .entry(mention.sentence)
                    .or_insert_with(|| find_places(gazetteer, doc, mention.sentence, &countries));
                let place = found.iter().find(|p| {
                    p.tokens.start < mention.tokens.end && mention.tokens.start < p.tokens.end
                });
                if let Some(p) = place.filter(|p| !p.place.country.is_empty()) {
                    actor.country = p.place.country.clone();
                    break;
                }
            }
        }
        // "Insurgents shelled Aleppo": a lone name no dictionary knows, taken for an
        // organization only by default, is the town or region the gazetteer knows by that
        // whole name, when a sizeable one (a hamlet's name is more likely someone else's).
        for actor in actors.iter_mut() {
            let by_default = actor.kind == Kind::Organization
                && actor.code.is_empty()
                && actor.role.is_none()
                && actor.sectors.is_empty()
                && actor.mentions.iter().all(|m| m.how == MentionKind::Unknown);
            if !by_default {
                continue;
            }
            let placed = actor.mentions.iter().find_map(|m| {
                let found = by_sentence
                    .entry(m.sentence)
                    .or_insert_with(|| find_places(gazetteer, doc, m.sentence, &countries));
                found
                    .iter()
                    .find(|p| {
                        p.tokens == m.tokens
                            && !p.place.country.is_empty()
                            && p.place.population >= TOWN_POPULATION
                    })
                    .map(|p| p.place.country.clone())
            });
            if let Some(country) = placed {
                actor.kind = Kind::Place;
                actor.country = country;
            }
        }
        // "The mayor of Nablus", "protesters in Kirkuk": a group of unknown country takes the
        // country of the place its phrase names, as the resolver does for countries and
        // capitals.
        for actor in actors.iter_mut() {
            if actor.kind != Kind::Group || !actor.code.is_empty() || actor.sectors.is_empty() {
                continue;
            }
            let placed = actor.mentions.iter().find_map(|m| {
                // Look places up only for a sentence where the group has such a phrase.
                let phrases = place_phrases(doc, m.sentence, m.head, &actor.sectors);
                if phrases.is_empty() {
                    return None;
                }
                let found = by_sentence
                    .entry(m.sentence)
                    .or_insert_with(|| find_places(gazetteer, doc, m.sentence, &countries));
                place_country(doc, m.sentence, &phrases, found)
            });
            if let Some(country) = placed {
                actor.code = sitrep_actors::resolve::compose(&country, &actor.sectors);
                actor.country = country;
            }
        }
    }

    /// The gazetteer, when loaded.
    pub fn gazetteer(&self) -> Option<&Gazetteer> {
        self.gazetteer.as_ref()
    }

    /// The codebook entry for `code`, falling back to its nearest ancestor (a dictionary may
    /// use a finer code than the codebook knows).
    pub fn code_info(&self, code: &str) -> Option<&EventCode> {
        let mut c = code;
        loop {
            if let Some(e) = self.codebook.get(c) {
                return Some(e);
            }
            if c.len() <= 2 {
                return None;
            }
            c = &c[..c.len() - 1];
        }
    }

    /// Where a pattern was read.
    pub fn pattern_origin(&self, p: PatternRef) -> &Origin {
        match p {
            PatternRef::Verb(i) => &self.patterns.verbs[i].1,
            PatternRef::Noun(i) => &self.patterns.nouns[i].1,
        }
    }

    /// A one-line rendering of a pattern, for explanations.
    pub fn pattern_text(&self, p: PatternRef) -> String {
        match p {
            PatternRef::Verb(i) => {
                let v = &self.patterns.verbs[i].0;
                let mut s = format!("verb {}", v.lemma);
                if !v.particle.is_empty() {
                    s += &format!(" {}", v.particle);
                }
                if !v.object.is_empty() {
                    s += &format!(" object={}", v.object.join("|"));
                }
                if !v.prep.is_empty() {
                    s += &format!(" prep={}", v.prep);
                    if !v.prep_object.is_empty() {
                        s += &format!(" {}", v.prep_object.join("|"));
                    }
                }
                s + &format!(" target={} → {}", v.target, v.code)
            }
            PatternRef::Noun(i) => {
                let n = &self.patterns.nouns[i].0;
                format!(
                    "noun {} target={} source={}{} → {}",
                    n.lemma,
                    n.target.join("|"),
                    n.source.join("|"),
                    if n.between { " between" } else { "" },
                    n.code
                )
            }
        }
    }

    /// The code of the counterpart's act on the source, for two-sided acts ("" for none).
    fn reverse_code(&self, p: PatternRef) -> &str {
        match p {
            PatternRef::Verb(i) => &self.patterns.verbs[i].0.reverse,
            PatternRef::Noun(i) => &self.patterns.nouns[i].0.reverse,
        }
    }

    /// Whether the pattern names a target at all (a statement pattern with `target = "none"`
    /// is one-sided by design: "declined to comment").
    fn pattern_has_target(&self, p: PatternRef) -> bool {
        match p {
            PatternRef::Verb(i) => self.patterns.verbs[i].0.target != "none",
            PatternRef::Noun(i) => {
                let n = &self.patterns.nouns[i].0;
                n.between || !n.target.is_empty()
            }
        }
    }

    /// Codes every event of `doc` (tagged, parsed, actors resolved).
    pub fn extract(&self, doc: &Doc, actors: &[Actor], published: Option<NaiveDate>) -> Vec<Event> {
        let quotes = quotes::find_quotes(doc, actors);
        let doc_countries = doc_countries(actors);
        let mut by_token: Vec<Vec<Option<(usize, usize)>>> = doc
            .sentences
            .iter()
            .map(|s| vec![None; s.tokens.len()])
            .collect();
        for (a, actor) in actors.iter().enumerate() {
            if actor.code.is_empty() {
                continue;
            }
            for (m, mention) in actor.mentions.iter().enumerate() {
                let Some(row) = by_token.get_mut(mention.sentence) else {
                    continue;
                };
                for t in mention.tokens.clone() {
                    if let Some(slot) = row.get_mut(t) {
                        // The first mention of a token wins ("Russian" inside "Russian Foreign
                        // Minister Sergey Lavrov" is the person), unless a later one is headed
                        // by the token itself: "Palestinian" in "Israeli and Palestinian
                        // forces" is the Palestinian group, not the Israeli one around it.
                        let own = mention.head == t
                            && slot.is_some_and(|(oa, om)| actors[oa].mentions[om].head != t);
                        if slot.is_none() || own {
                            *slot = Some((a, m));
                        }
                    }
                }
            }
        }
        // Groups and people the dictionaries cannot place ("insurgents", "President X"): they
        // may act on a coded target, with an empty code (the country is unknown, not guessed).
        let uncoded_by_token = heads_by_token(doc, actors, |a| {
            a.code.is_empty() && matches!(a.kind, Kind::Group | Kind::Person)
        });
        // Places ("travelled to Beijing", "met in Zurich") can be targets, coded by their
        // country; they never act.
        let places_by_token = heads_by_token(doc, actors, |a| {
            a.code.is_empty() && !a.country.is_empty() && a.kind == Kind::Place
        });
        let mut events = Vec::new();
        for (s, sentence) in doc.sentences.iter().enumerate() {
            if sentence.tokens.is_empty() {
                continue;
            }
            let tree = Tree::new(doc, &sentence.tokens);
            let ctx = SentenceCtx {
                sentence: s,
                tree: &tree,
                actors,
                by_token: &by_token[s],
                uncoded_by_token: &uncoded_by_token[s],
                places_by_token: &places_by_token[s],
                published,
            };
            let before = events.len();
            self.sentence_events(&ctx, &mut events);
            if events.len() == before {
                continue;
            }
            let times = find_times(doc, s);
            let places = match &self.gazetteer {
                Some(g) => find_places(g, doc, s, &doc_countries),
                None => Vec::new(),
            };
            let via = quotes::via_in_sentence(doc, s, actors).map(|(name, _)| name);
            for event in &mut events[before..] {
                ctx.date_and_place(event, &times, &places);
                if event.attribution.speaker_span.is_some() && event.attribution.via.is_none() {
                    event.attribution.via = via.clone();
                }
                in_quote(event, &quotes, doc, actors);
            }
        }
        events
    }

    /// The verb patterns token `v` may match, and how many of them, at the front, are
    /// `literal` patterns of its own inflected form ("left": PETRARCH's `LEFT` block), to be
    /// tried before those of its lemma ("leave"); `None` when it has none.
    fn verb_candidates(&self, tree: &Tree, v: usize) -> Option<(Vec<usize>, usize)> {
        let form = tree.forms[v].to_lowercase();
        let own: Vec<usize> = if form != tree.lemma(v) {
            self.verbs_by_lemma
                .get(&form)
                .map(|c| {
                    c.iter()
                        .copied()
                        .filter(|&i| self.patterns.verbs[i].0.literal)
                        .collect()
                })
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        let by_lemma = match self.verbs_by_lemma.get(tree.lemma(v)) {
            Some(c) => Some(c),
            None => self
                .verb_forms
                .get(tree.forms[v].as_str())
                .and_then(|l| self.verbs_by_lemma.get(l)),
        };
        let n = own.len();
        let mut all = own;
        for &i in by_lemma.into_iter().flatten() {
            if !all.contains(&i) {
                all.push(i);
            }
        }
        (!all.is_empty()).then_some((all, n))
    }

    fn sentence_events(&self, ctx: &SentenceCtx, out: &mut Vec<Event>) {
        let tree = ctx.tree;
        let mut consumed_nouns: Vec<usize> = Vec::new();
        let start = out.len();
        for v in 0..tree.len() {
            if !tree.is_verb(v) {
                continue;
            }
            let Some((candidates, own_form)) = self.verb_candidates(tree, v) else {
                continue;
            };
            // The most specific pattern that fits and finds its participants wins; a more
            // general one is tried when a specific one finds nobody ("fired batteries at
            // Russia": not the missile-test pattern, the bare "fire at").
            let mut fits: Vec<(u32, usize, Matched)> = candidates
                .iter()
                .filter_map(|&i| {
                    match_verb(tree, v, &self.patterns.verbs[i].0).map(|(s, m)| (s, i, m))
                })
                .collect();
            let later = |i: usize| !candidates[..own_form].contains(&i);
            fits.sort_by(|a, b| {
                (later(a.1).cmp(&later(b.1)))
                    .then(b.0.cmp(&a.0))
                    .then(a.1.cmp(&b.1))
            });
            for (score, i, matched) in fits {
                let pattern = &self.patterns.verbs[i].0;
                if pattern.code == NULL_CODE {
                    break;
                }
                if reports_a_clause(tree, v, pattern) {
                    continue;
                }
                let (sources, passive) = ctx.sources(v);
                let (mut targets, slot) = ctx.verb_targets(v, pattern, passive, &matched);
                if targets.is_empty() && pattern.target != "none" {
                    targets = ctx.phrase_target(v, &sources);
                }
                let mut words = matched.words.clone();
                words.push(v);
                let before = out.len();
                self.emit(
                    ctx,
                    out,
                    v,
                    &sources,
                    &targets,
                    &pattern.code,
                    PatternRef::Verb(i),
                    &words,
                    score,
                    slot,
                );
                // "didn't clash over efforts" (PETRARCH's `&NEGATVAUXVRB * OVER EFFORTS`): a
                // pattern that asks for the words of the modality (a negation, "would")
                // codes the act they make as a whole.
                for e in &mut out[before..] {
                    if e.modality_tokens.iter().any(|t| matched.before.contains(t)) {
                        e.modality = Modality::Asserted;
                        e.modality_tokens.clear();
                    }
                }
                if out.len() > before {
                    if let Some(obj) = matched.object {
                        consumed_nouns.push(obj);
                    }
                    break;
                }
            }
        }
        for n in 0..tree.len() {
            if !tree.is_noun(n) || consumed_nouns.contains(&n) {
                continue;
            }
            let candidates = match self.nouns_by_head.get(tree.lemma(n)) {
                Some(c) => c,
                None => match singular(&tree.forms[n]).and_then(|f| self.nouns_by_head.get(&f)) {
                    Some(c) => c,
                    None => continue,
                },
            };
            let mut best: Option<(usize, usize, Vec<usize>)> = None;
            for &i in candidates {
                let p = &self.patterns.nouns[i].0;
                if let Some(words) = tree.phrase_matches(n, &p.lemma) {
                    if best.as_ref().is_none_or(|b| words.len() > b.0) {
                        best = Some((words.len(), i, words));
                    }
                }
            }
            let Some((_, i, words)) = best else {
                continue;
            };
            let pattern = &self.patterns.nouns[i].0;
            if pattern.code == NULL_CODE {
                continue;
            }
            let (pairs, slot) = ctx.noun_pairs(n, pattern);
            for (sources, targets) in pairs {
                self.emit(
                    ctx,
                    out,
                    n,
                    &sources,
                    &targets,
                    &pattern.code,
                    PatternRef::Noun(i),
                    &words,
                    3,
                    slot,
                );
            }
        }
        Self::intents(ctx, out, start);
        Self::refusals_and_demands(ctx, out, start);
        Self::allegations(ctx, out, start);
        // One sentence, one (source, target, code): a verb and a noun, or two conjuncts of the
        // same phrase, that say the same thing are one event.
        let mut seen: Vec<(Option<usize>, Option<usize>, String)> = Vec::new();
        let mut k = start;
        while k < out.len() {
            let key = (
                out[k].source.map(|r| r.actor),
                out[k].target.map(|r| r.actor),
                out[k].code.clone(),
            );
            if seen.contains(&key) {
                out.remove(k);
            } else {
                seen.push(key);
                k += 1;
            }
        }
        out[start..].sort_by_key(|e| e.trigger);
    }

    /// CAMEO codes announced intentions and threats as acts of their own: "will provide aid"
    /// is an asserted 033 (express intent to provide aid) besides the future aid, "will
    /// attack" an asserted 138 (threaten force). The announcing words are the trigger. Not
    /// added when the announcing verb coded an event itself ("threatened to", "agreed to").
    fn intents(ctx: &SentenceCtx, out: &mut Vec<Event>, start: usize) {
        let mut added = Vec::new();
        for e in &out[start..] {
            if e.modality != Modality::Future || e.mirrored {
                continue;
            }
            let Some(&marker) = e.modality_tokens.first() else {
                continue;
            };
            if out[start..]
                .iter()
                .any(|o| e.modality_tokens.contains(&o.trigger))
            {
                continue;
            }
            let Some(code) = intent_code(&e.code) else {
                continue;
            };
            // Only the actor's own announcement: "analysts expect Russia to attack" is a
            // forecast, not a Russian threat.
            // "Syria says it is willing to": an "it" announcer is the one it stands for.
            let announcer = ctx.tree.subject(marker).map(|s| {
                let named = ctx.participants(s);
                if named.is_empty() {
                    ctx.pronoun_antecedent(marker, s)
                } else {
                    named
                }
            });
            let tree = ctx.tree;
            // A reported "would" is an announcement only by the actor itself ("Iraq said it
            // would allow"), not by whoever reports it ("analysts said Iraq would allow").
            let reported = tree.is_would(marker);
            let by_itself = e
                .attribution
                .speaker
                .zip(e.source)
                .is_some_and(|(sp, src)| ctx.same_actor(sp, src));
            let own = (tree.tokens[marker].upos == "AUX" && (!reported || by_itself))
                || announcer.is_some_and(|a| {
                    e.source
                        .is_some_and(|src| a.iter().any(|r| r.actor == src.actor))
                });
            if !own {
                continue;
            }
            added.push(derived(e, code, marker));
        }
        out.extend(added);
    }

    /// CAMEO codes a refusal and a demand as acts of their own, as it does intents: "will not
    /// accept refugees", "refused to meet", "failed to reach agreement" are an asserted REJECT
    /// (12x) besides the negated cooperation; "Russia said Sudan must return the helicopter"
    /// is an asserted DEMAND (10x) from the speaker to the one who must act. Only for
    /// cooperative acts (roots 03-08), where CAMEO has the matching codes.
    fn refusals_and_demands(ctx: &SentenceCtx, out: &mut Vec<Event>, start: usize) {
        let tree = ctx.tree;
        let mut added = Vec::new();
        let mut upgrades: Vec<(usize, &'static str)> = Vec::new();
        for e in &out[start..] {
            if e.mirrored
                || !matches!(
                    e.code.get(..2),
                    Some("03" | "04" | "05" | "06" | "07" | "08")
                )
            {
                continue;
            }
            let Some(&marker) = e.modality_tokens.first() else {
                continue;
            };
            if e.modality == Modality::Negated {
                let refusing = e
                    .modality_tokens
                    .iter()
                    .any(|&t| REFUSING_HEADS.contains(&tree.lemma(t)))
                    || tree.children[e.trigger].iter().any(|&c| {
                        tree.rel(c) == "aux"
                            && matches!(tree.lemma(c), "will" | "would" | "can" | "could" | "shall")
                    });
                // "refused to meet": the refusing verb may have coded a bare 120 itself,
                // which the act refused makes precise.
                let own = out[start..]
                    .iter()
                    .position(|o| o.trigger == marker && o.source == e.source);
                if let Some(k) = own {
                    if out[start + k].code == "120" {
                        upgrades.push((start + k, refusal_code(&e.code)));
                    }
                } else if refusing && e.source.is_some() {
                    added.push(derived(e, refusal_code(&e.code), marker));
                }
            }
            let must = e
                .modality_tokens
                .iter()
                .any(|&t| matches!(tree.lemma(t), "must" | "have"));
            if e.modality == Modality::Hypothetical && must {
                if let (Some(speaker), Some(actor)) = (e.attribution.speaker, e.source) {
                    let coded = !actor_code(&ctx.actors[speaker.actor]).is_empty();
                    if coded && speaker.actor != actor.actor {
                        let mut demand = derived(e, demand_code(&e.code), marker);
                        demand.source = Some(speaker);
                        demand.target = Some(actor);
                        demand
                            .path
                            .push("a demand: what the speaker says must happen".into());
                        added.push(demand);
                    }
                }
            }
        }
        for (k, code) in upgrades {
            out[k].code = code.to_string();
        }
        out.extend(added);
    }

    /// "The US claimed that ISIL had attacked Iraq": alleging a hostile act (roots 14-20) is an
    /// asserted accusation (112) from the one alleging to the one said to have done it. Only
    /// for verbs of alleging, not for every "said": a report is not an accusation.
    fn allegations(ctx: &SentenceCtx, out: &mut Vec<Event>, start: usize) {
        let tree = ctx.tree;
        let mut added = Vec::new();
        for e in &out[start..] {
            let hostile = e.code.get(..2).and_then(|r| r.parse::<u8>().ok());
            if e.mirrored || !hostile.is_some_and(|r| (14..=20).contains(&r)) {
                continue;
            }
            let (Some(speaker), Some(actor)) = (e.attribution.speaker, e.source) else {
                continue;
            };
            if actor_code(&ctx.actors[speaker.actor]).is_empty() {
                continue;
            }
            let mut cur = e.trigger;
            let mut verb = None;
            for _ in 0..6 {
                let Some(parent) = tree.parent(cur) else {
                    break;
                };
                if matches!(tree.rel(cur), "ccomp" | "parataxis")
                    && (SPEECH_VERBS.contains(&tree.lemma(parent))
                        || ALLEGING_VERBS.contains(&tree.lemma(parent))
                        || OWNING_VERBS.contains(&tree.lemma(parent)))
                {
                    verb = Some(parent);
                    break;
                }
                cur = parent;
            }
            let own = speaker.actor == actor.actor
                || actor_code(&ctx.actors[speaker.actor]) == actor_code(&ctx.actors[actor.actor]);
            if own {
                // "The rebels claimed they had attacked the convoy": claiming one's own attack
                // is claiming responsibility (015), to the one attacked.
                let claimed = verb.is_some_and(|v| {
                    let lemma = tree.lemma(v);
                    ALLEGING_VERBS.contains(&lemma) || OWNING_VERBS.contains(&lemma)
                });
                let violent = hostile.is_some_and(|r| (18..=20).contains(&r));
                if let (true, true, Modality::Asserted, Some(v)) =
                    (claimed, violent, e.modality, verb)
                {
                    if !added
                        .iter()
                        .any(|a: &Event| a.trigger == v && a.code == "015")
                    {
                        let mut claim = derived(e, "015", v);
                        claim.source = Some(speaker);
                        claim.target = e.target;
                        claim
                            .path
                            .push("a claim of responsibility: the speaker owns the act".into());
                        added.push(claim);
                    }
                }
                continue;
            }
            let Some(verb) = verb.filter(|&v| ALLEGING_VERBS.contains(&tree.lemma(v))) else {
                continue;
            };
            if added.iter().any(|a: &Event| {
                a.trigger == verb && a.target.map(|t| t.actor) == Some(actor.actor)
            }) {
                continue;
            }
            let mut accusation = derived(e, "112", verb);
            accusation.source = Some(speaker);
            accusation.target = Some(actor);
            // The evidence reaches the alleging words and, when here, who alleges.
            let mut spans = vec![e.evidence, tree.tokens[verb].span];
            let m = &ctx.actors[speaker.actor].mentions[speaker.mention];
            if m.sentence == ctx.sentence {
                spans.push(m.span);
            }
            accusation.evidence = Span::new(
                spans
                    .iter()
                    .map(|s| s.start)
                    .min()
                    .unwrap_or(e.evidence.start),
                spans.iter().map(|s| s.end).max().unwrap_or(e.evidence.end),
            );
            accusation
                .path
                .push("an accusation: the speaker alleges the act".into());
            added.push(accusation);
        }
        out.extend(added);
    }

    #[allow(clippy::too_many_arguments)]
    fn emit(
        &self,
        ctx: &SentenceCtx,
        out: &mut Vec<Event>,
        trigger: usize,
        sources: &[Role],
        targets: &[Role],
        code: &str,
        pattern: PatternRef,
        words: &[usize],
        specificity: u32,
        target_slot: bool,
    ) {
        let (modality, modality_tokens) = ctx.modality(trigger);
        let speaker = ctx.attribution(trigger);
        // A reported "would" announces the speaker's own act; of anyone else's it is a
        // forecast ("Blinken warned that a Russian incursion would ...").
        let reported_would = modality == Modality::Future
            && modality_tokens
                .first()
                .is_some_and(|&t| ctx.tree.is_would(t));
        let speaker_actor = speaker.as_ref().and_then(|a| a.speaker);
        // "Armenia and Azerbaijan met / signed a ceasefire / exchanged fire / fought": with no
        // other counterpart, coordinated sources act on each other. Not so for one-sided acts:
        // "US and British activists protested" protest together, not against each other.
        let reciprocal = targets.is_empty()
            && sources.len() >= 2
            && (matches!(code.get(..2), Some("03" | "04" | "05" | "06" | "07" | "08"))
                || (!target_slot && code.starts_with("19"))
                || matches!(
                    ctx.tree.lemma(trigger),
                    "exchange" | "clash" | "trade" | "fight"
                ));
        if reciprocal {
            for (i, s) in sources.iter().enumerate() {
                let others: Vec<Role> = sources
                    .iter()
                    .enumerate()
                    .filter(|&(j, _)| j != i)
                    .map(|(_, r)| *r)
                    .collect();
                self.emit(
                    ctx,
                    out,
                    trigger,
                    std::slice::from_ref(s),
                    &others,
                    code,
                    pattern,
                    words,
                    specificity,
                    true,
                );
            }
            return;
        }
        let no_source = [None];
        let no_target = [None];
        let source_opts: Vec<Option<Role>> = if sources.is_empty() {
            no_source.to_vec()
        } else {
            sources.iter().copied().map(Some).collect()
        };
        let target_opts: Vec<Option<Role>> = if targets.is_empty() {
            no_target.to_vec()
        } else {
            targets.iter().copied().map(Some).collect()
        };
        for source in &source_opts {
            for target in &target_opts {
                let (source, target) = (*source, *target);
                if source.is_none() && target.is_none() {
                    continue;
                }
                if let (Some(s), Some(t)) = (source, target) {
                    if s.actor == t.actor
                        || actor_code(&ctx.actors[s.actor]) == actor_code(&ctx.actors[t.actor])
                    {
                        continue;
                    }
                }
                // An event needs its source: "sanctions on Russia" alone is a topic, not an
                // act. The target may be unknown ("shelled the building"). A passive verb
                // with no actor as its agent reports the act done to its coded target by
                // someone unnamed ("three soldiers were killed in a bombing", "... by a
                // roadside bomb"); not a verbal or diplomatic one, whose passive is mostly
                // idiom ("would be met with a response").
                let agentless_passive = matches!(pattern, PatternRef::Verb(_))
                    && !matches!(code.get(..2), Some("01" | "02" | "03" | "04" | "05"))
                    && ctx.tree.is_passive(trigger)
                    && target.is_some();
                // So is violence whose subject is a thing ("a roadside bomb killed two
                // soldiers", "an explosion wounded five"): someone unnamed did it.
                let violent_thing = matches!(pattern, PatternRef::Verb(_))
                    && matches!(code.get(..2), Some("18" | "19" | "20"))
                    && target.is_some()
                    && ctx
                        .tree
                        .subject(trigger)
                        .is_some_and(|s| ctx.tree.tokens[s].upos == "NOUN");
                if source.is_none() && !agentless_passive && !violent_thing {
                    continue;
                }
                // An actor of unknown country acts only on a coded one: at least one side of
                // every event is coded.
                let coded = |r: Option<Role>| {
                    r.is_some_and(|r| !actor_code(&ctx.actors[r.actor]).is_empty())
                };
                if !coded(source) && !coded(target) {
                    continue;
                }
                // A statement (root 01) is an event only towards someone; other acts may be
                // coded one-sided ("Poland's parliament demanded an admission"), with less
                // confidence.
                if target.is_none() && code.starts_with("01") && self.pattern_has_target(pattern) {
                    continue;
                }
                let own_announcement = source
                    .zip(speaker_actor)
                    .is_some_and(|(s, sp)| ctx.same_actor(s, sp));
                let modality = if reported_would && !own_announcement {
                    Modality::Hypothetical
                } else {
                    modality
                };
                let mut covered: Vec<Span> = Vec::new();
                for &w in words.iter().chain(modality_tokens.iter()) {
                    covered.push(ctx.tree.tokens[w].span);
                }
                for role in [source, target].into_iter().flatten() {
                    let m = &ctx.actors[role.actor].mentions[role.mention];
                    if m.sentence == ctx.sentence {
                        covered.push(m.span);
                        covered.push(ctx.tree.tokens[role.token].span);
                    }
                }
                let evidence = Span::new(
                    covered.iter().map(|s| s.start).min().unwrap_or(0),
                    covered.iter().map(|s| s.end).max().unwrap_or(0),
                );
                let mut confidence = 0.45 + 0.05 * specificity.min(6) as f32;
                if source.is_some() && target.is_some() {
                    confidence += 0.15;
                }
                if target.is_none() {
                    // Less sure still when the sentence named a counterpart no actor covers.
                    confidence -= if target_slot { 0.2 } else { 0.1 };
                }
                let mut path = Vec::new();
                if let Some(s) = source {
                    path.push(format!("source: {}", ctx.tree.path(trigger, s.token)));
                }
                if let Some(t) = target {
                    path.push(format!("target: {}", ctx.tree.path(trigger, t.token)));
                }
                out.push(Event {
                    sentence: ctx.sentence,
                    trigger,
                    source,
                    target,
                    code: code.to_string(),
                    modality,
                    modality_tokens: modality_tokens.clone(),
                    attribution: speaker.clone().unwrap_or_default(),
                    date: (
                        Resolved {
                            value: ctx.published,
                            precision: if ctx.published.is_some() {
                                Precision::Day
                            } else {
                                Precision::Unknown
                            },
                        },
                        None,
                    ),
                    location: None,
                    evidence,
                    confidence: confidence.clamp(0.05, 0.95),
                    pattern,
                    path,
                    mirrored: false,
                });
                // A visit is hosted: the counterpart's own act, from the same words.
                let reverse = self.reverse_code(pattern);
                if let (Some(s), Some(t), false) = (source, target, reverse.is_empty()) {
                    let mut mirrored = out[out.len() - 1].clone();
                    mirrored.source = Some(t);
                    mirrored.target = Some(s);
                    mirrored.code = reverse.to_string();
                    mirrored.mirrored = true;
                    mirrored.path = vec![
                        format!("source: {}", ctx.tree.path(trigger, t.token)),
                        format!("target: {}", ctx.tree.path(trigger, s.token)),
                        "reverse code of the pattern".to_string(),
                    ];
                    out.push(mirrored);
                }
            }
        }
    }
}

/// The CAMEO code for announcing the act `code` (roots 04-08: express intent, 03; roots
/// 14-20: threaten, 13), or None where CAMEO has no such code.
fn intent_code(code: &str) -> Option<&'static str> {
    let three = code.get(..3).unwrap_or(code);
    Some(match three {
        "061" => "0311",
        "062" => "0312",
        "063" => "0313",
        "064" => "0314",
        "071" => "0331",
        "072" => "0332",
        "073" => "0333",
        "074" => "0334",
        "081" => "0351",
        "082" => "0352",
        "083" => "034",
        "084" => "0353",
        "085" => "0354",
        "086" => "0355",
        "087" => "0356",
        "161" | "164" => "1313",
        "162" => "1311",
        "163" => "1312",
        "191" => "1381",
        "192" => "1382",
        _ => match code.get(..2)? {
            "04" => "036",
            "05" => "032",
            "06" => "031",
            "07" => "033",
            "08" => "035",
            "14" => "133",
            "15" | "19" => "1384",
            "16" => "131",
            "17" => "137",
            "18" => "1383",
            "20" => "1385",
            _ => return None,
        },
    })
}

/// The "of"/"from"/"in" phrases on a group's head word that would make the group of the
/// place they name: people in a place are of its country when resident there
/// ([`sitrep_actors::resolve::resident_there`]).
fn place_phrases(doc: &Doc, sentence: usize, head: usize, sectors: &[String]) -> Vec<usize> {
    let Some(tokens) = doc.sentences.get(sentence).map(|s| &s.tokens) else {
        return Vec::new();
    };
    let Some(lemma) = tokens.get(head).map(|t| t.lemma.to_lowercase()) else {
        return Vec::new();
    };
    let mut phrases = Vec::new();
    for (c, t) in tokens.iter().enumerate() {
        if t.head != head + 1 || !(t.deprel.starts_with("nmod") || t.deprel.starts_with("obl")) {
            continue;
        }
        let case = tokens
            .iter()
            .find(|x| x.head == c + 1 && x.deprel == "case")
            .map(|x| x.lemma.to_lowercase());
        let belongs = match case.as_deref() {
            Some("of" | "from") => true,
            Some("in" | "throughout" | "across" | "inside") => {
                let sectors: Vec<&str> = sectors.iter().map(String::as_str).collect();
                sitrep_actors::resolve::resident_there(&lemma, &sectors)
            }
            _ => false,
        };
        if belongs {
            phrases.push(c);
        }
    }
    phrases
}

/// The country of the first located place inside one of `phrases`.
fn place_country(
    doc: &Doc,
    sentence: usize,
    phrases: &[usize],
    places: &[PlaceMention],
) -> Option<String> {
    let tokens = &doc.sentences.get(sentence)?.tokens;
    let parent = |i: usize| {
        tokens
            .get(i)
            .and_then(|t| t.head.checked_sub(1))
            .filter(|&p| p < tokens.len())
    };
    let within = |mut i: usize, top: usize| {
        for _ in 0..8 {
            if i == top {
                return true;
            }
            match parent(i) {
                Some(p) => i = p,
                None => return false,
            }
        }
        false
    };
    phrases.iter().find_map(|&c| {
        places
            .iter()
            .find(|p| !p.place.country.is_empty() && p.tokens.clone().any(|k| within(k, c)))
            .map(|p| p.place.country.clone())
    })
}

/// For each sentence and token, the actor (and mention) whose mention has its head there,
/// among the actors `keep` accepts.
fn heads_by_token(
    doc: &Doc,
    actors: &[Actor],
    keep: impl Fn(&Actor) -> bool,
) -> Vec<Vec<Option<(usize, usize)>>> {
    let mut rows: Vec<Vec<Option<(usize, usize)>>> = doc
        .sentences
        .iter()
        .map(|s| vec![None; s.tokens.len()])
        .collect();
    for (a, actor) in actors.iter().enumerate().filter(|(_, a)| keep(a)) {
        for (m, mention) in actor.mentions.iter().enumerate() {
            if let Some(slot) = rows
                .get_mut(mention.sentence)
                .and_then(|row| row.get_mut(mention.head))
            {
                *slot = Some((a, m));
            }
        }
    }
    rows
}

/// An asserted act that CAMEO reads into `e` (an intent, a refusal, a demand, an
/// accusation): `e`'s words and participants, its own code, announced by `trigger`.
fn derived(e: &Event, code: &str, trigger: usize) -> Event {
    let mut d = e.clone();
    d.code = code.to_string();
    d.modality = Modality::Asserted;
    d.modality_tokens = Vec::new();
    d.trigger = trigger;
    d.confidence = (e.confidence - 0.1).max(0.05);
    d
}

/// The CAMEO code for refusing the cooperative act `code` (root 12).
fn refusal_code(code: &str) -> &'static str {
    match code.get(..3).unwrap_or(code) {
        "061" => "1211",
        "062" => "1212",
        "071" => "1221",
        "072" => "1222",
        "073" => "1223",
        "074" => "1224",
        "081" => "1241",
        "082" => "1242",
        "083" => "123",
        "084" => "1243",
        "085" => "1244",
        "086" => "1245",
        "087" => "1246",
        "045" => "126",
        "057" => "127",
        three => match three.get(..2) {
            Some("04") => "125",
            Some("06") => "121",
            Some("07") => "122",
            Some("08") => "124",
            _ => "120",
        },
    }
}

/// The CAMEO code for demanding the cooperative act `code` (root 10).
fn demand_code(code: &str) -> &'static str {
    match code.get(..3).unwrap_or(code) {
        "061" => "1011",
        "062" => "1012",
        "063" => "1013",
        "064" => "1014",
        "071" => "1031",
        "072" => "1032",
        "073" => "1033",
        "074" => "1034",
        "081" => "1051",
        "082" => "1052",
        "083" => "104",
        "084" => "1053",
        "085" => "1054",
        "086" => "1055",
        "087" => "1056",
        "045" => "108",
        "057" => "107",
        three => match three.get(..2) {
            Some("04") => "106",
            Some("05") => "102",
            Some("06") => "101",
            Some("07") => "103",
            Some("08") => "105",
            _ => "100",
        },
    }
}

/// The regular singular of a plural form ("supplies" → "supply", "talks" → "talk"), for
/// nouns the lemmatizer leaves plural.
fn singular(form: &str) -> Option<String> {
    if let Some(stem) = form.strip_suffix("ies") {
        return Some(format!("{stem}y"));
    }
    for suffix in ["ches", "shes", "sses", "xes"] {
        if form.ends_with(suffix) {
            return Some(form[..form.len() - 2].to_string());
        }
    }
    form.strip_suffix('s')
        .filter(|stem| !stem.ends_with('s') && stem.len() > 1)
        .map(str::to_string)
}

/// An actor's code as a participant: a place stands for its country.
pub fn actor_code(actor: &Actor) -> &str {
    if actor.code.is_empty() {
        &actor.country
    } else {
        &actor.code
    }
}

/// Countries of the document's actors, most mentioned first.
fn doc_countries(actors: &[Actor]) -> Vec<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for a in actors {
        if a.country.is_empty() {
            continue;
        }
        match counts.iter_mut().find(|(c, _)| *c == a.country) {
            Some((_, n)) => *n += a.mentions.len(),
            None => counts.push((a.country.clone(), a.mentions.len())),
        }
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    counts.into_iter().map(|(c, _)| c).collect()
}

/// Events inside a direct quote are the speaker's words.
fn in_quote(event: &mut Event, quotes: &[Quote], doc: &Doc, actors: &[Actor]) {
    if event.attribution.speaker_span.is_some() {
        return;
    }
    let at = doc.sentences[event.sentence].tokens[event.trigger]
        .span
        .start;
    let Some(q) = quotes
        .iter()
        .find(|q| q.kind == quotes::QuoteKind::Direct && q.span.start <= at && at < q.span.end)
    else {
        return;
    };
    if let Some(speaker) = &q.speaker {
        event.attribution.speaker_span = Some(speaker.span);
        event.attribution.speaker = speaker.actor.and_then(|a| {
            let m = actors[a]
                .mentions
                .iter()
                .position(|m| m.span.start <= speaker.span.start && speaker.span.start < m.span.end)
                .unwrap_or(0);
            (!actors[a].mentions.is_empty()).then_some(Role {
                actor: a,
                mention: m,
                token: actors[a].mentions[m].head,
            })
        });
    }
    if event.attribution.via.is_none() {
        event.attribution.via = q.via.clone();
    }
}

/// A pattern's fit on a verb: the words it used and the object it consumed.
#[derive(Clone, Debug, Default)]
struct Matched {
    words: Vec<usize>,
    /// The tokens the pattern's words before the verb took.
    before: Vec<usize>,
    object: Option<usize>,
    prep_noun: Option<usize>,
}

/// How well `pattern` fits verb `v`, if at all: more specific patterns score higher.
fn match_verb(tree: &Tree, v: usize, pattern: &VerbPattern) -> Option<(u32, Matched)> {
    let mut score = 1;
    let mut matched = Matched::default();
    if !pattern.before.is_empty() {
        // One point a word: "unexpectedly won't clash" is the narrower reading of "won't
        // clash".
        let words = tree.words_before(v, &pattern.before)?;
        score += words.len() as u32;
        matched.words.extend(words.iter().copied());
        matched.before = words;
    }
    if !pattern.particle.is_empty() {
        let particle = tree.particle(v, &pattern.particle)?;
        matched.words.push(particle);
        score += 4;
    }
    if !pattern.object.is_empty() {
        let obj = tree.object(v)?;
        let best = |n: usize| {
            pattern
                .object
                .iter()
                .filter_map(|o| tree.phrase_matches(n, o))
                .max_by_key(|w| w.len())
        };
        // "provided 25,000 tons of food aid": the measure's content is the object. Failing
        // the head, a modifier of it, one point less (see `modifier_matches`).
        let (words, points) = match best(obj).or_else(|| tree.measured(obj).and_then(best)) {
            Some(w) => (w, 3),
            None => (modifier_matches(tree, obj, &pattern.object)?, 2),
        };
        matched.words.extend(words);
        matched.object = Some(obj);
        score += points;
    }
    if !pattern.prep.is_empty() {
        let candidates = tree.prep_nouns(v, &pattern.prep);
        let noun = if pattern.prep_object.is_empty() {
            *candidates.first()?
        } else {
            let (noun, words) = candidates.iter().find_map(|&n| {
                pattern
                    .prep_object
                    .iter()
                    .filter_map(|o| tree.phrase_matches(n, o))
                    .max_by_key(|w| w.len())
                    .map(|w| (n, w))
            })?;
            matched.words.extend(words);
            score += 2;
            noun
        };
        if let Some(case) = tree.case_token(noun) {
            matched.words.push(case);
        }
        matched.prep_noun = Some(noun);
        score += 2;
    }
    if !pattern.compound.is_empty() {
        if !compound_fits(tree, v, pattern, &matched) {
            return None;
        }
        score += 2;
    }
    Some((score, matched))
}

/// A pattern's object words may name a noun modifier of the object rather than its head, as
/// PETRARCH's patterns allow words between the verb and a pattern word ("* ARTILLERY" fits
/// "fired two artillery shells"): the compound modifiers of `obj` that end one of `phrases`.
fn modifier_matches(tree: &Tree, obj: usize, phrases: &[String]) -> Option<Vec<usize>> {
    let mut words = tree.children[obj]
        .iter()
        .filter(|&&c| c < obj && tree.rel(c) == "compound")
        .flat_map(|&c| {
            phrases
                .iter()
                .filter_map(move |p| tree.phrase_matches(c, p))
        })
        .max_by_key(|w| w.len())?;
    words.push(obj);
    Some(words)
}

/// Whether the participant a pattern's `compound` names is a coordination ("Gondor and
/// Osgiliath"): PETRARCH's `%`.
fn compound_fits(tree: &Tree, v: usize, pattern: &VerbPattern, m: &Matched) -> bool {
    let spot = match pattern.compound.as_str() {
        "subject" => tree.subject(v),
        "target" => match pattern.target.as_str() {
            "obj" => m.object.or_else(|| tree.object(v)),
            "iobj" => tree.child(v, &["iobj"]),
            t => t.strip_prefix("prep:").and_then(|prep| {
                m.prep_noun
                    .filter(|_| pattern.prep == prep)
                    .or_else(|| tree.prep_nouns(v, prep).first().copied())
            }),
        },
        _ => None,
    };
    spot.is_some_and(|s| tree.with_conjuncts(s).len() >= 2)
}

/// Verbs whose object or complement is what they are about: their object-controlled
/// complement's subject is their object ("urged Russia to withdraw").
const OBJECT_CONTROL: &[&str] = &[
    "urge",
    "ask",
    "call",
    "persuade",
    "order",
    "force",
    "tell",
    "press",
    "push",
    "encourage",
    "invite",
    "allow",
    "help",
    "authorize",
    "instruct",
    "compel",
    "pressure",
    "warn",
    "request",
    "want",
    "need",
    "expect",
    "wish",
    "permit",
    "enable",
    "require",
    "advise",
    "beg",
    "implore",
    "oblige",
    "challenge",
];

/// Verbs whose "of"/"for" complement is done by their object: "accused Russia of massing
/// troops"; the complement is the accuser's claim, so it is attributed to them.
const ACCUSING_HEADS: &[&str] = &[
    "accuse",
    "blame",
    "suspect",
    "charge",
    "condemn",
    "criticize",
    "criticise",
    "denounce",
    "fault",
    "punish",
    "sanction",
    "thank",
    "praise",
    "commend",
    "congratulate",
];

/// Verbs of announcing after which a past tense turns "will" into "would".
const BACKSHIFT_VERBS: &[&str] = &[
    "say",
    "tell",
    "state",
    "announce",
    "declare",
    "confirm",
    "add",
    "insist",
    "stress",
    "reiterate",
    "pledge",
    "promise",
    "vow",
    "warn",
    "indicate",
    "inform",
];

/// Nouns that measure or group what their "of" phrase names.
const MEASURE_NOUNS: &[&str] = &[
    "ton",
    "tonne",
    "kilogram",
    "kg",
    "pound",
    "barrel",
    "litre",
    "liter",
    "dollar",
    "euro",
    "million",
    "billion",
    "thousand",
    "hundred",
    "dozen",
    "worth",
    "amount",
    "quantity",
    "lot",
    "shipment",
    "consignment",
    "package",
    "batch",
    "load",
    "planeload",
    "truckload",
    "convoy",
    "round",
    "series",
    "wave",
    "spate",
    "string",
    "number",
    "part",
    "kind",
    "type",
    "form",
];

/// Prepositions a pattern's noun phrase may hold ("state of emergency", "ban on protest").
const PHRASE_PREPOSITIONS: &[&str] = &["of", "on", "in", "for", "against", "to", "from", "with"];
/// Verbs of saying that make the reported hostile act an accusation (CAMEO 112).
const ALLEGING_VERBS: &[&str] = &["claim", "allege", "charge", "contend", "assert", "insist"];
/// Verbs by which a speaker owns an act of its own ("admitted it had shelled the town").
const OWNING_VERBS: &[&str] = &["admit", "acknowledge", "confirm"];
/// Nouns that count people: their "of" phrase names who is counted.
const COUNT_NOUNS: &[&str] = &[
    "ten",
    "tens",
    "dozen",
    "dozens",
    "score",
    "scores",
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "million",
    "millions",
    "handful",
    "number",
    "group",
    "crowd",
    "band",
    "couple",
];
/// Adjectives of readiness whose "it" is a subject, not an expletive ("it is willing to").
const READINESS_ADJECTIVES: &[&str] = &[
    "willing",
    "unwilling",
    "ready",
    "prepared",
    "eager",
    "determined",
    "poised",
    "keen",
    "reluctant",
    "committed",
];
/// Heads that make their complement not happen as a refusal (CAMEO 12).
const REFUSING_HEADS: &[&str] = &["refuse", "decline", "fail", "deny", "reject", "unwilling"];
/// Other heads that make their complement not happen (besides [`REFUSING_HEADS`]).
const NEGATING_HEADS: &[&str] = &[
    "avoid",
    "halt",
    "abandon",
    "stop",
    "cancel",
    "postpone",
    "suspend",
    "refusal",
    "failure",
    "denial",
    "rejection",
];
/// Heads that put their complement in the future.
const FUTURE_HEADS: &[&str] = &[
    "plan",
    "intend",
    "prepare",
    "aim",
    "expect",
    "set",
    "due",
    "schedule",
    "vow",
    "pledge",
    "promise",
    "agree",
    "decide",
    "commit",
    "resolve",
    "go",
    "announce",
    "arrange",
    "decision",
    "pledge",
    "commitment",
    "agreement",
    "intention",
    "offer",
    // Adjectives of readiness: "Norway is willing to send troops".
    "willing",
    "ready",
    "prepared",
    "eager",
    "determined",
    "poised",
    "keen",
];
/// Heads that make their complement possible, not real.
const HYPOTHETICAL_HEADS: &[&str] = &[
    "consider",
    "mull",
    "weigh",
    "contemplate",
    "warn",
    "fear",
    "risk",
    "predict",
    "expect",
    "discuss",
    "debate",
    "explore",
    "hope",
    "want",
    "wish",
    "seek",
    "try",
    "attempt",
    "bid",
    "effort",
    "possibility",
    "option",
    "readiness",
    "likely",
    "unlikely",
    "able",
];
/// Heads whose complement is asked for.
const PROPOSING_HEADS: &[&str] = &[
    "call",
    "propose",
    "urge",
    "suggest",
    "demand",
    "ask",
    "push",
    "press",
    "recommend",
    "advocate",
    "appeal",
    "request",
    "lobby",
    "insist",
    "petition",
    "plead",
    "invite",
    "encourage",
    "proposal",
    "demand",
    "plea",
    "pressure",
];
/// A bare pattern (no object, particle or preposition) on a verb of saying that reports a
/// clause ("X will restore ties, an official said"; "said that ..."): the verb attributes the
/// clause, it is no statement event of its own (as for our patterns: FORMAT.md). Matters for
/// dictionaries whose bare `SAID` codes 023.
fn reports_a_clause(tree: &Tree, v: usize, pattern: &VerbPattern) -> bool {
    pattern.object.is_empty()
        && pattern.particle.is_empty()
        && pattern.prep.is_empty()
        && SPEECH_VERBS.contains(&tree.lemma(v))
        && (tree.child(v, &["ccomp"]).is_some() || tree.rel(v) == "parataxis")
}

/// Verbs of saying: a clause under them is reported speech.
pub const SPEECH_VERBS: &[&str] = &[
    "say",
    "tell",
    "state",
    "claim",
    "report",
    "add",
    "insist",
    "stress",
    "note",
    "write",
    "allege",
    "assert",
    "declare",
    "explain",
    "argue",
    "comment",
    "confirm",
    "tweet",
    "post",
    "acknowledge",
    "admit",
    "reply",
    "respond",
    "remark",
    "emphasize",
    "emphasise",
    "believe",
    "think",
    "suggest",
    "indicate",
    "reiterate",
    "announce",
    "quote",
    "caution",
    "contend",
];
/// Modal auxiliaries that make an event possible rather than real.
const HYPOTHETICAL_MODALS: &[&str] = &["would", "could", "might", "may", "should", "must", "ought"];
/// Adverbs of doubt.
const DOUBT_ADVERBS: &[&str] = &[
    "probably",
    "possibly",
    "perhaps",
    "maybe",
    "likely",
    "potentially",
    "supposedly",
];
/// Adjectives that make a nominal event not (yet) real.
const NOUN_MODIFIERS: &[(&str, Modality)] = &[
    ("possible", Modality::Hypothetical),
    ("potential", Modality::Hypothetical),
    ("likely", Modality::Hypothetical),
    ("feared", Modality::Hypothetical),
    ("threatened", Modality::Conditional),
    ("planned", Modality::Future),
    ("upcoming", Modality::Future),
    ("scheduled", Modality::Future),
    ("future", Modality::Future),
    ("proposed", Modality::Proposed),
    ("failed", Modality::Negated),
    ("aborted", Modality::Negated),
];
/// Verbs that carry a nominal event done by their subject: "imposed sanctions", "held talks".
const LIGHT_VERBS: &[&str] = &[
    "impose",
    "launch",
    "carry",
    "conduct",
    "hold",
    "stage",
    "begin",
    "start",
    "continue",
    "resume",
    "make",
    "take",
    "mount",
    "unleash",
    "intensify",
    "step",
    "expand",
    "sign",
    "open",
    "host",
    "have",
    "deliver",
    "send",
    "provide",
    "offer",
    "extend",
    "give",
    "approve",
    "order",
    "announce",
    "agree",
    "pledge",
    "promise",
    "initiate",
    "escalate",
    "wage",
    "declare",
    "issue",
    "lodge",
    "file",
    "level",
    "slap",
    "tighten",
    "lift",
    "ease",
    "renew",
    "complete",
    "finish",
    "seal",
    "strike",
    "reach",
    "conclude",
    "join",
    "enter",
    "pursue",
    "plan",
    "prepare",
    "threaten",
    "propose",
    "seek",
    "demand",
    "urge",
    "consider",
    "rule",
    "organize",
    "organise",
    "call",
    "reimpose",
];

/// The sources and targets of one reading of a nominal event.
type Sides = (Vec<Role>, Vec<Role>);

struct SentenceCtx<'a> {
    sentence: usize,
    tree: &'a Tree<'a>,
    actors: &'a [Actor],
    by_token: &'a [Option<(usize, usize)>],
    uncoded_by_token: &'a [Option<(usize, usize)>],
    places_by_token: &'a [Option<(usize, usize)>],
    published: Option<NaiveDate>,
}

impl SentenceCtx<'_> {
    /// Whether two roles name the same actor, or actors with the same code ("Iraq" and the
    /// "it" that announces for it).
    fn same_actor(&self, a: Role, b: Role) -> bool {
        a.actor == b.actor || actor_code(&self.actors[a.actor]) == actor_code(&self.actors[b.actor])
    }

    /// The coded actor on token `t` or on one of its modifiers.
    fn participant(&self, t: usize) -> Option<Role> {
        let role = |t: usize| {
            self.by_token[t].map(|(actor, mention)| Role {
                actor,
                mention,
                token: t,
            })
        };
        if let Some(r) = role(t) {
            return Some(r);
        }
        let tree = self.tree;
        // "Ukrainian positions", "Russia's army", "members of the rebel group", "officials from
        // Moscow": one level of modifiers, the closest kinds first.
        for rels in [
            &["compound", "amod", "nmod:poss"][..],
            &["appos", "flat"][..],
            &["nmod"][..],
        ] {
            for &c in &tree.children[t] {
                if !rels.contains(&tree.rel(c)) {
                    continue;
                }
                if tree.rel(c) == "nmod"
                    && !matches!(tree.case_lemma(c), Some("of" | "from") | None)
                {
                    continue;
                }
                if let Some(r) = role(c) {
                    return Some(r);
                }
            }
        }
        // "Tens of thousands of students", "a group of settlers": a count names the people
        // counted.
        let counted = tree.counted(t)?;
        self.participant(counted)
    }

    /// "Japan said it had halted aid", "the rebels announced they would withdraw": an `it`,
    /// `they` or `we` subject of a clause stands for the subject of the clause that governs
    /// it, when that one is coded. (The resolver links `he` and `she` to people; an
    /// organization or country speaking of itself is this pattern.)
    fn pronoun_antecedent(&self, v: usize, subject: usize) -> Vec<Role> {
        let tree = self.tree;
        if tree.tokens[subject].upos != "PRON"
            || !matches!(tree.lemma(subject), "it" | "they" | "we")
        {
            return Vec::new();
        }
        let mut cur = v;
        for _ in 0..4 {
            let Some(parent) = tree.parent(cur) else {
                break;
            };
            if !matches!(
                tree.rel(cur),
                "ccomp" | "xcomp" | "parataxis" | "conj" | "advcl"
            ) {
                break;
            }
            if let Some(s) = tree.child(parent, &["nsubj"]) {
                if s != subject {
                    return self.participants(s);
                }
            }
            cur = parent;
        }
        Vec::new()
    }

    /// Actors of unknown country on `t` and its conjuncts ("insurgents", "President X").
    fn uncoded_at(&self, t: usize) -> Vec<Role> {
        self.tree
            .with_conjuncts(t)
            .into_iter()
            .filter_map(|u| {
                self.uncoded_by_token[u].map(|(actor, mention)| Role {
                    actor,
                    mention,
                    token: u,
                })
            })
            .collect()
    }

    /// Targets on `t` and the words coordinated with it: actors, or places, which stand for
    /// their country.
    fn targets_at(&self, t: usize) -> Vec<Role> {
        let mut out = self.participants(t);
        if out.is_empty() {
            for u in self.tree.with_conjuncts(t) {
                if let Some((actor, mention)) = self.places_by_token[u] {
                    out.push(Role {
                        actor,
                        mention,
                        token: u,
                    });
                }
            }
        }
        out
    }

    /// Participants on `t` and the words coordinated with it ("Russia and China").
    fn participants(&self, t: usize) -> Vec<Role> {
        let tree = self.tree;
        let mut out = Vec::new();
        for u in tree.with_conjuncts(t) {
            if let Some(r) = self.participant(u) {
                if !out.iter().any(|o: &Role| o.actor == r.actor) {
                    out.push(r);
                }
            }
            // "Israeli and Palestinian forces": a group headed by a coordinated modifier.
            for &c in &tree.children[u] {
                if !matches!(tree.rel(c), "amod" | "compound" | "nmod:poss") {
                    continue;
                }
                // The parser may hang the second one on the noun, after its "and".
                let after_and = c > 0 && tree.rel(c - 1) == "cc";
                let conjuncts = tree.children[c]
                    .iter()
                    .copied()
                    .filter(|&c2| tree.rel(c2) == "conj")
                    .chain(after_and.then_some(c));
                for c2 in conjuncts {
                    let Some((actor, mention)) = self.by_token[c2] else {
                        continue;
                    };
                    let a = &self.actors[actor];
                    if a.kind == Kind::Group
                        && a.mentions[mention].head == c2
                        && !out.iter().any(|o: &Role| o.actor == actor)
                    {
                        out.push(Role {
                            actor,
                            mention,
                            token: c2,
                        });
                    }
                }
            }
        }
        out
    }

    /// "Were killed in an Israeli air strike", "wounded in shelling by government forces":
    /// a passive act with no agent of its own was done by whoever made the attack it happened
    /// in.
    fn attack_agents(&self, v: usize) -> Vec<Role> {
        const ATTACK_NOUNS: &[&str] = &[
            "attack",
            "strike",
            "airstrike",
            "raid",
            "shelling",
            "bombing",
            "bombardment",
            "shooting",
            "ambush",
            "assault",
            "offensive",
            "gunfire",
            "crossfire",
            "fire",
            "clash",
            "fighting",
        ];
        let tree = self.tree;
        let mut agents = Vec::new();
        for &c in &tree.children[v] {
            if !tree.rel(c).starts_with("obl")
                || !matches!(tree.case_lemma(c), Some("in" | "during" | "by"))
                || !ATTACK_NOUNS.contains(&tree.lemma(c))
            {
                continue;
            }
            let mut found = self.participants(c);
            if found.is_empty() {
                for &g in &tree.children[c] {
                    if tree.rel(g).starts_with("nmod") && tree.case_lemma(g) == Some("by") {
                        found.extend(self.participants(g));
                        if found.is_empty() {
                            found.extend(self.uncoded_at(g));
                        }
                    }
                }
            }
            agents.extend(found);
        }
        agents
    }

    /// The sources of verb `v`, and whether it is passive.
    fn sources(&self, v: usize) -> (Vec<Role>, bool) {
        let tree = self.tree;
        let passive = tree.is_passive(v);
        if passive {
            let by: Vec<usize> = tree.children[v]
                .iter()
                .copied()
                .filter(|&c| tree.rel(c).starts_with("obl") && tree.case_lemma(c) == Some("by"))
                .collect();
            let mut agents: Vec<Role> = by.iter().flat_map(|&c| self.participants(c)).collect();
            if agents.is_empty() {
                agents = self.attack_agents(v);
            }
            if agents.is_empty() {
                // "were killed by gunmen": an agent of unknown country, as for a subject.
                agents = by.iter().flat_map(|&c| self.uncoded_at(c)).collect();
            }
            return (agents, true);
        }
        // "sent an envoy to negotiate", "submitted an appeal to Putin to recognize": the one
        // sent or asked does what the purpose clause says, when an actor.
        if tree.purpose_mark(v).is_some() {
            if let Some(o) = tree.parent(v).and_then(|p| tree.child(p, &["obj", "iobj"])) {
                let named = self.participants(o);
                if !named.is_empty() {
                    return (named, false);
                }
            }
        }
        match tree.subject(v) {
            Some(s) => {
                let mut coded = self.participants(s);
                // "The US, Russia, and Switzerland met": the parser may hang the last conjunct
                // on the verb as a second subject, right after its "and".
                if tree.parent(s) == Some(v) {
                    for &c in &tree.children[v] {
                        if c <= s || tree.rel(c) != tree.rel(s) {
                            continue;
                        }
                        let mut first = c;
                        while first > 0 && tree.parent(first - 1) == Some(c) {
                            first -= 1;
                        }
                        if first == 0 || tree.rel(first - 1) != "cc" {
                            continue;
                        }
                        for r in self.participants(c) {
                            if !coded.iter().any(|o| o.actor == r.actor) {
                                coded.push(r);
                            }
                        }
                    }
                }
                if !coded.is_empty() {
                    return (coded, false);
                }
                let from_pronoun = self.pronoun_antecedent(v, s);
                if !from_pronoun.is_empty() {
                    return (from_pronoun, false);
                }
                (self.uncoded_at(s), false)
            }
            None => (Vec::new(), false),
        }
    }

    /// The targets of verb `v` under pattern `p`, and whether the target's place holds a
    /// noun at all (when it does and names no actor, the event has no coded counterpart and
    /// is dropped; when it is empty, the act may simply have none: "protesters marched").
    fn verb_targets(
        &self,
        v: usize,
        p: &VerbPattern,
        passive: bool,
        m: &Matched,
    ) -> (Vec<Role>, bool) {
        let tree = self.tree;
        let spot = match p.target.as_str() {
            "none" => None,
            "obj" => {
                if passive {
                    tree.child(v, &["nsubj:pass", "nsubj"])
                } else {
                    // "urged Eriador to respond" is often parsed with an indirect object.
                    tree.child(v, &["obj"]).or_else(|| tree.child(v, &["iobj"]))
                }
            }
            "iobj" => tree
                .child(v, &["iobj"])
                .or_else(|| tree.prep_nouns(v, "to").first().copied()),
            t => match t.strip_prefix("prep:") {
                Some(prep) => {
                    if m.prep_noun.is_some() && p.prep == prep {
                        m.prep_noun
                    } else {
                        tree.prep_nouns(v, prep).first().copied()
                    }
                }
                None => None,
            },
        };
        let found = match spot {
            Some(t) => self.targets_at(t),
            None => Vec::new(),
        };
        // "demanded that Mugabe resign": with nobody where the pattern looks, the subject of
        // the clause demanded (below) is the target, whatever the slot.
        if !found.is_empty() || (p.target != "obj" && (spot.is_some() || p.target == "none")) {
            return (found, spot.is_some());
        }
        // "threatened to cut gas supplies to Moldova", "vowed to punish Kyiv": the one the
        // threatened or promised act is aimed at.
        if spot.is_none() && p.target == "obj" {
            if let Some(x) = tree.child(v, &["xcomp"]) {
                let mut places: Vec<usize> = tree.child(x, &["obj", "iobj"]).into_iter().collect();
                for prep in ["to", "against", "on", "at", "with"] {
                    places.extend(tree.prep_nouns(x, prep));
                }
                for t in places {
                    let r = self.participants(t);
                    if !r.is_empty() {
                        return (r, true);
                    }
                }
            }
        }
        // "demanded that the US cancel the sale": the one the clause is about.
        if spot.is_none() {
            if let Some(clause) = tree.child(v, &["ccomp"]) {
                if !SPEECH_VERBS.contains(&tree.lemma(v)) {
                    if let Some(s) = tree.child(clause, &["nsubj", "nsubj:pass"]) {
                        let r = self.participants(s);
                        if !r.is_empty() {
                            return (r, true);
                        }
                    }
                }
            }
        }
        // The object is a thing, not an actor: its counterpart is named by a preposition on
        // it ("signed an agreement with the EU", "launched an attack on Kyiv", "condemned an
        // attack by Osgiliath soldiers") or on the verb ("fired rockets at Israel", "warned
        // their people about X").
        if let Some(obj) = spot {
            // Through "of" phrases too: "welcomed a resumption of diplomatic ties with X".
            let mut holders = vec![obj];
            let mut k = 0;
            while k < holders.len() && holders.len() < 6 {
                let h = holders[k];
                holders.extend(
                    tree.children[h]
                        .iter()
                        .copied()
                        .filter(|&c| tree.rel(c) == "nmod" && tree.case_lemma(c) == Some("of")),
                );
                k += 1;
            }
            for c in holders
                .iter()
                .flat_map(|&h| tree.children[h].iter().copied())
            {
                if tree.rel(c).starts_with("nmod")
                    && matches!(
                        tree.case_lemma(c),
                        Some(
                            "with"
                                | "to"
                                | "against"
                                | "on"
                                | "toward"
                                | "towards"
                                | "at"
                                | "between"
                                | "by"
                        )
                    )
                {
                    let r = self.targets_at(c);
                    if !r.is_empty() {
                        return (r, true);
                    }
                }
            }
        }
        for &c in &tree.children[v] {
            if tree.rel(c).starts_with("obl")
                && matches!(
                    tree.case_lemma(c),
                    Some(
                        "against"
                            | "on"
                            | "toward"
                            | "towards"
                            | "at"
                            | "with"
                            | "to"
                            | "about"
                            | "of"
                    )
                )
            {
                let r = self.targets_at(c);
                if !r.is_empty() {
                    return (r, true);
                }
            }
        }
        (Vec::new(), spot.is_some())
    }

    /// The last resort for a target, as PETRARCH codes and its gold standards expect: the first
    /// actor named inside the verb's own phrase (its objects and obliques with their
    /// modifiers, and a complement clause that is not reported speech), else a place there
    /// whose country is not the source's ("held exercises in Alaska" → USA; "police arrested
    /// students in Moscow" is not aimed at Russia). Subjects, adverbial and relative clauses,
    /// coordinated verbs and asides are not the verb's phrase.
    fn phrase_target(&self, v: usize, sources: &[Role]) -> Vec<Role> {
        let tree = self.tree;
        let mut inside: Vec<usize> = Vec::new();
        let mut stack: Vec<(usize, bool)> = vec![(v, true)];
        while let Some((node, clause_head)) = stack.pop() {
            for &c in &tree.children[node] {
                let rel = tree.rel(c);
                let follow = if clause_head {
                    rel == "obj"
                        || rel == "iobj"
                        || rel.starts_with("obl")
                        || rel == "xcomp"
                        || (rel == "ccomp" && !SPEECH_VERBS.contains(&tree.lemma(node)))
                        || (node != v && rel.starts_with("nsubj"))
                        // A noun the parser called a clause is a misread object.
                        || (rel == "advcl" && tree.is_noun(c))
                        || (rel == "parataxis" && tree.is_noun(c) && c > node)
                } else {
                    rel.starts_with("nmod")
                        || matches!(
                            rel,
                            "compound" | "amod" | "appos" | "conj" | "flat" | "acl" | "nummod"
                        )
                };
                if !follow {
                    continue;
                }
                inside.push(c);
                let opens_clause = tree.is_verb(c) && matches!(rel, "xcomp" | "ccomp" | "acl");
                stack.push((c, opens_clause));
            }
        }
        // Nearest after the verb first, then before it ("in Geneva, X met ...").
        inside.sort_by_key(|&t| (t < v, t.abs_diff(v)));
        let source_codes: Vec<&str> = sources
            .iter()
            .map(|s| actor_code(&self.actors[s.actor]))
            .collect();
        let source_countries: Vec<&str> = sources
            .iter()
            .map(|s| self.actors[s.actor].country.as_str())
            .collect();
        for &t in &inside {
            if let Some((actor, mention)) = self.by_token[t] {
                if !source_codes.contains(&actor_code(&self.actors[actor])) {
                    return vec![Role {
                        actor,
                        mention,
                        token: t,
                    }];
                }
            }
        }
        for &t in &inside {
            if let Some((actor, mention)) = self.places_by_token[t] {
                let country = self.actors[actor].country.as_str();
                // Coordinated actors meeting somewhere act on each other, not on the place.
                if sources.len() == 1 && !source_countries.contains(&country) {
                    return vec![Role {
                        actor,
                        mention,
                        token: t,
                    }];
                }
            }
        }
        Vec::new()
    }

    /// Source and target sets of a nominal event: several for "talks between X and Y".
    fn noun_pairs(&self, n: usize, p: &NounPattern) -> (Vec<Sides>, bool) {
        let tree = self.tree;
        let mut targets: Vec<Role> = Vec::new();
        let mut slot = false;
        // "deliveries of missiles to Ukraine": the parser hangs "to Ukraine" on "missiles".
        let mut holders = vec![n];
        holders.extend(
            tree.children[n]
                .iter()
                .copied()
                .filter(|&c| tree.rel(c) == "nmod" && tree.case_lemma(c) == Some("of")),
        );
        for &h in &holders {
            for &c in &tree.children[h] {
                if tree.rel(c).starts_with("nmod") || tree.rel(c).starts_with("obl") {
                    if let Some(case) = tree.case_lemma(c) {
                        if p.target.iter().any(|t| t == case) {
                            slot = true;
                            targets.extend(self.targets_at(c));
                        }
                    }
                }
            }
        }
        let governor = tree.parent(n).filter(|&g| tree.is_verb(g));
        // "imposed sanctions on Russia": the parser often hangs the preposition on the verb.
        if targets.is_empty() {
            if let Some(g) = governor.filter(|_| tree.rel(n) == "obj") {
                for &c in &tree.children[g] {
                    if tree.rel(c).starts_with("obl") {
                        if let Some(case) = tree.case_lemma(c) {
                            if p.target.iter().any(|t| t == case) {
                                slot = true;
                                targets.extend(self.targets_at(c));
                            }
                        }
                    }
                }
            }
        }
        if p.between {
            let mut sides: Vec<Role> = Vec::new();
            for &c in &tree.children[n] {
                if tree.case_lemma(c) == Some("between") || tree.case_lemma(c) == Some("among") {
                    sides.extend(self.participants(c));
                }
            }
            // "Russia-Ukraine talks", "US-Russian talks".
            if sides.is_empty() {
                for &c in &tree.children[n] {
                    if matches!(tree.rel(c), "compound" | "amod") {
                        sides.extend(self.participants(c));
                    }
                }
                sides.dedup_by_key(|r| r.actor);
            }
            if sides.len() >= 2 {
                let mut out = Vec::new();
                for (i, a) in sides.iter().enumerate() {
                    for (j, b) in sides.iter().enumerate() {
                        if i != j {
                            out.push((vec![*a], vec![*b]));
                        }
                    }
                }
                return (out, true);
            }
        }
        let mut sources: Vec<Role> = Vec::new();
        for kind in &p.source {
            match kind.as_str() {
                "poss" => {
                    for &c in &tree.children[n] {
                        if matches!(tree.rel(c), "nmod:poss" | "compound" | "amod") {
                            sources.extend(self.participants(c));
                        }
                    }
                }
                "subj" => {
                    if let Some(g) = governor {
                        if LIGHT_VERBS.contains(&tree.lemma(g))
                            && matches!(tree.rel(n), "obj" | "nsubj:pass")
                        {
                            let (s, _) = self.sources(g);
                            sources.extend(s);
                        }
                    }
                }
                prep => {
                    // "the killing of a journalist by Israeli soldiers": the parser often hangs
                    // the agent on the "of" noun.
                    for &h in &holders {
                        for &c in &tree.children[h] {
                            if tree.rel(c).starts_with("nmod") && tree.case_lemma(c) == Some(prep) {
                                sources.extend(self.participants(c));
                            }
                        }
                    }
                }
            }
            if !sources.is_empty() {
                break;
            }
        }
        // Between-patterns with one side named: "held talks with Y" (the subject is the other).
        targets.retain(|t| !sources.iter().any(|s| s.actor == t.actor));
        // "held exercises in Alaska": the light verb's phrase, as for a verb event.
        if targets.is_empty() && !sources.is_empty() && !p.target.is_empty() {
            if let Some(g) = governor.filter(|&g| LIGHT_VERBS.contains(&tree.lemma(g))) {
                targets = self.phrase_target(g, &sources);
            }
        }
        (vec![(sources, targets)], slot)
    }

    /// The event's modality, the words that set it, and who said it.
    fn modality(&self, trigger: usize) -> (Modality, Vec<usize>) {
        let tree = self.tree;
        let mut cur = trigger;
        let mut purpose = None;
        for _ in 0..8 {
            // Markers on the word itself.
            let mut found: Option<(Modality, Vec<usize>)> = None;
            let mut negated: Vec<usize> = Vec::new();
            let mut future: Vec<usize> = Vec::new();
            let mut hypothetical: Vec<usize> = Vec::new();
            let mut conditional: Vec<usize> = Vec::new();
            for &c in &tree.children[cur] {
                let lemma = tree.lemma(c);
                let form = tree.forms[c].clone();
                match tree.rel(c) {
                    "aux" | "aux:pass" => {
                        if matches!(lemma, "will" | "shall")
                            || matches!(form.as_str(), "'ll" | "wo")
                        {
                            future.push(c);
                        } else if tree.is_would(c) && tree.backshifted(cur) {
                            // "Iraq said it would allow inspectors": the reported "will".
                            future.push(c);
                        } else if HYPOTHETICAL_MODALS.contains(&lemma)
                            || HYPOTHETICAL_MODALS.contains(&form.as_str())
                        {
                            hypothetical.push(c);
                        }
                    }
                    "advmod" | "neg" | "det" => {
                        if matches!(form.as_str(), "not" | "n't" | "never" | "no") || lemma == "not"
                        {
                            negated.push(c);
                        } else if DOUBT_ADVERBS.contains(&form.as_str()) {
                            hypothetical.push(c);
                        }
                    }
                    "mark" => {
                        if matches!(form.as_str(), "if" | "unless" | "whether") {
                            conditional.push(c);
                        }
                    }
                    "amod" => {
                        // "mounted its long-threatened invasion": once a verb carries it out,
                        // the noun's past as a threat or a plan no longer says what it is.
                        let carried_out = tree.rel(cur) == "obj"
                            && tree
                                .parent(cur)
                                .is_some_and(|g| LIGHT_VERBS.contains(&tree.lemma(g)));
                        if let Some((_, m)) = NOUN_MODIFIERS
                            .iter()
                            .find(|(w, _)| *w == form.as_str())
                            .filter(|_| !carried_out)
                        {
                            found = Some((*m, vec![c]));
                        }
                    }
                    _ => {}
                }
            }
            if let Some(ev) = tree.in_the_event_of(cur) {
                conditional.extend(ev);
            }
            if !conditional.is_empty() {
                return (Modality::Conditional, conditional);
            }
            // "would not reopen", "could not agree": the negation decides.
            if !hypothetical.is_empty() && negated.is_empty() {
                return (Modality::Hypothetical, hypothetical);
            }
            if !negated.is_empty() {
                negated.extend(hypothetical.iter().copied());
                negated.sort_unstable();
                if cur != trigger && tree.lemma(cur) == "rule" {
                    // "has not ruled out strikes": possible.
                    negated.push(cur);
                    return (Modality::Hypothetical, negated);
                }
                negated.extend(future.iter().copied());
                return (Modality::Negated, negated);
            }
            if !future.is_empty() {
                return (Modality::Future, future);
            }
            if let Some((m, w)) = found {
                return (m, w);
            }
            // "going to attack": the future of "go".
            let Some(parent) = tree.parent(cur) else {
                break;
            };
            let rel = if tree.adjective_complement(cur) {
                "xcomp"
            } else {
                tree.rel(cur)
            };
            let head = tree.lemma(parent);
            let head_has_prt = |p: &str| tree.particle(parent, p).is_some();
            if matches!(rel, "ccomp" | "parataxis") && SPEECH_VERBS.contains(&head) {
                break;
            }
            // "plans to provide", "a threat to cut", "its refusal to negotiate": an
            // infinitive on a noun is that noun's complement.
            let noun_complement = rel == "acl"
                && tree.children[cur]
                    .iter()
                    .any(|&c| tree.rel(c) == "mark" && tree.lemma(c) == "to");
            let complement = matches!(rel, "xcomp" | "ccomp" | "obj" | "advcl" | "csubj")
                || rel.starts_with("obl")
                || rel == "nsubj:pass"
                || noun_complement;
            if complement {
                if head == "rule" && head_has_prt("out") {
                    let neg = tree.children[parent]
                        .iter()
                        .copied()
                        .filter(|&c| matches!(tree.forms[c].as_str(), "not" | "n't" | "never"))
                        .collect::<Vec<_>>();
                    if neg.is_empty() {
                        return (Modality::Negated, vec![parent]);
                    }
                    let mut w = neg;
                    w.push(parent);
                    return (Modality::Hypothetical, w);
                }
                if head == "threaten" || head == "threat" || head == "ultimatum" {
                    return (Modality::Conditional, vec![parent]);
                }
                if PROPOSING_HEADS.contains(&head) {
                    return (Modality::Proposed, vec![parent]);
                }
                if (REFUSING_HEADS.contains(&head) || NEGATING_HEADS.contains(&head))
                    && rel != "advcl"
                {
                    return (Modality::Negated, vec![parent]);
                }
                if FUTURE_HEADS.contains(&head) && (rel == "xcomp" || noun_complement) {
                    return (Modality::Future, vec![parent]);
                }
                if HYPOTHETICAL_HEADS.contains(&head) && rel != "advcl" {
                    return (Modality::Hypothetical, vec![parent]);
                }
            }
            // A purpose is intended, not reported as done ("deployed troops to protect the
            // embassy"); the main clause's own modality, if any, is the purpose's too
            // ("is willing to send troops to protect").
            if let Some(to) = tree.purpose_mark(cur) {
                purpose.get_or_insert(to);
                cur = parent;
                continue;
            }
            // Keep climbing through control, coordination and the light verb of a nominal
            // event; a relative clause or an adverbial clause is a different event.
            let climbs = matches!(rel, "xcomp" | "conj" | "obj" | "nsubj:pass")
                || noun_complement
                || rel.starts_with("obl")
                || (rel == "ccomp" && !SPEECH_VERBS.contains(&head));
            if !climbs {
                break;
            }
            cur = parent;
        }
        match purpose {
            Some(to) => (Modality::Future, vec![to]),
            None => (Modality::Asserted, Vec::new()),
        }
    }

    /// Who said the event happened: the subject of the verb of saying (or of accusing) the
    /// event's clause hangs from, however deep.
    fn attribution(&self, trigger: usize) -> Option<Attributed> {
        let tree = self.tree;
        let mut cur = trigger;
        for _ in 0..10 {
            let parent = tree.parent(cur)?;
            let rel = tree.rel(cur);
            let head = tree.lemma(parent);
            let speech = matches!(rel, "ccomp" | "parataxis") && SPEECH_VERBS.contains(&head);
            let accusation = matches!(rel, "advcl" | "acl" | "ccomp" | "obl")
                && ACCUSING_HEADS[..4].contains(&head);
            if speech || accusation {
                return Some(self.speaker(parent));
            }
            // Reported speech can be anywhere above ("said it would have to defend").
            if rel.starts_with("acl") || rel == "advcl" && tree.is_noun(parent) {
                return None;
            }
            cur = parent;
        }
        None
    }

    /// The subject of a verb of saying, as an attribution.
    fn speaker(&self, verb: usize) -> Attributed {
        let tree = self.tree;
        let Some(s) = tree.subject(verb) else {
            return Attributed::default();
        };
        let role = self.participant(s);
        let span = role
            .map(|r| self.actors[r.actor].mentions[r.mention].span)
            .unwrap_or(tree.tokens[s].span);
        Attributed {
            speaker: role,
            speaker_span: Some(span),
            via: None,
        }
    }

    /// Gives the event the date and place of its own clause.
    fn date_and_place(&self, event: &mut Event, times: &[TimeMention], places: &[PlaceMention]) {
        let tree = self.tree;
        let chain = tree.clause_chain(event.trigger);
        let attached = |head: usize| -> Option<usize> {
            let anchor = tree.parent(head)?;
            chain
                .iter()
                .position(|&c| c == anchor)
                .or_else(|| {
                    // The date of a noun inside the clause: "after a 2008 war" dates the war only.
                    (head == event.trigger).then_some(0)
                })
                .or_else(|| {
                    // "invaded Georgia in a 2008 war", "approved deliveries of missiles ... on
                    // Thursday" (the date hung on "missiles"): a date inside the clause's own
                    // nominal phrases, after any date on the clause itself.
                    let mut at = anchor;
                    for _ in 0..2 {
                        let rel = tree.rel(at);
                        if !(rel.starts_with("obl") || rel.starts_with("nmod") || rel == "obj") {
                            return None;
                        }
                        let up = tree.parent(at)?;
                        if let Some(rank) = chain.iter().position(|&c| c == up) {
                            return Some(rank + chain.len());
                        }
                        at = up;
                    }
                    None
                })
        };
        let best_time = times
            .iter()
            .filter_map(|t| attached(t.head).map(|rank| (rank, t)))
            .min_by_key(|(rank, t)| (*rank, t.head.abs_diff(event.trigger)));
        if let Some((_, t)) = best_time {
            let future = matches!(event.modality, Modality::Future | Modality::Proposed);
            let resolved = t.resolve(self.published, future);
            event.date = (resolved, Some(t.span));
        }
        // A locative phrase often hangs on the object instead of the verb ("met Lavrov in
        // Geneva"): the participants' words anchor places too.
        let mut place_anchors = chain.clone();
        for r in event.source.iter().chain(event.target.iter()) {
            place_anchors.push(r.token);
            // Any word of the participant's name ("Sergei Lavrov in Geneva" may hang on the
            // first name).
            let m = &self.actors[r.actor].mentions[r.mention];
            if m.sentence == self.sentence {
                place_anchors.extend(m.tokens.clone());
            }
        }
        let place_attached = |head: usize| -> Option<usize> {
            place_anchors
                .iter()
                .position(|&c| Some(c) == tree.parent(head))
        };
        let best_place = places
            .iter()
            .filter(|p| {
                matches!(
                    tree.case_lemma(p.head),
                    Some(
                        "in" | "at"
                            | "near"
                            | "outside"
                            | "inside"
                            | "across"
                            | "around"
                            | "into"
                            | "on"
                    )
                )
            })
            .filter_map(|p| place_attached(p.head).map(|rank| (rank, p)))
            .min_by_key(|(rank, p)| (*rank, p.head.abs_diff(event.trigger)));
        if let Some((_, p)) = best_place {
            event.location = Some(p.clone());
        }
    }
}

/// A sentence's tokens with children lists: the dependency tree as the rules read it.
struct Tree<'a> {
    tokens: &'a [Token],
    children: Vec<Vec<usize>>,
    lower: Vec<String>,
    forms: Vec<String>,
}

impl<'a> Tree<'a> {
    fn new(doc: &Doc, tokens: &'a [Token]) -> Tree<'a> {
        let mut children = vec![Vec::new(); tokens.len()];
        for (i, t) in tokens.iter().enumerate() {
            if t.head > 0 && t.head <= tokens.len() && t.head - 1 != i {
                children[t.head - 1].push(i);
            }
        }
        Tree {
            tokens,
            children,
            lower: tokens.iter().map(|t| t.lemma.to_lowercase()).collect(),
            forms: tokens
                .iter()
                .map(|t| doc.token_text(t).to_lowercase())
                .collect(),
        }
    }

    fn len(&self) -> usize {
        self.tokens.len()
    }

    /// The lemma, lowercase.
    fn lemma(&self, i: usize) -> &str {
        &self.lower[i]
    }

    /// The lemma, lowercase, owned (for formatting).
    fn lower(&self, i: usize) -> String {
        self.lower[i].clone()
    }

    fn rel(&self, i: usize) -> &str {
        &self.tokens[i].deprel
    }

    fn parent(&self, i: usize) -> Option<usize> {
        let h = self.tokens[i].head;
        (h > 0 && h <= self.tokens.len()).then(|| h - 1)
    }

    fn is_verb(&self, i: usize) -> bool {
        let t = &self.tokens[i];
        t.upos == "VERB" || (t.upos != "AUX" && t.xpos.starts_with("VB"))
    }

    fn is_noun(&self, i: usize) -> bool {
        let t = &self.tokens[i];
        t.upos == "NOUN" || t.xpos.starts_with("NN")
    }

    fn child(&self, i: usize, rels: &[&str]) -> Option<usize> {
        self.children[i]
            .iter()
            .copied()
            .find(|&c| rels.contains(&self.rel(c)))
    }

    /// Where the words a pattern asks for before verb `v` are looked for: the words before it
    /// in its clause and in the clauses it completes ("won't try to clash", "indicated it
    /// would act"), one flag per token.
    fn before_scope(&self, v: usize) -> Vec<bool> {
        let mut top = v;
        for _ in 0..self.len() {
            match self.parent(top) {
                Some(p) if matches!(self.rel(top), "xcomp" | "ccomp") => top = p,
                _ => break,
            }
        }
        let mut scope = vec![false; self.len()];
        let mut seen = vec![false; self.len()];
        let mut todo = vec![top];
        while let Some(t) = todo.pop() {
            if std::mem::replace(&mut seen[t], true) {
                continue;
            }
            scope[t] = t < v;
            todo.extend(self.children[t].iter().copied());
        }
        scope
    }

    /// The tokens that the words of a pattern's `before` take, nearest the verb first found,
    /// or `None` when they are not all there in order.
    fn words_before(&self, v: usize, before: &[String]) -> Option<Vec<usize>> {
        let positions: Vec<(Vec<Vec<&str>>, bool)> = before
            .iter()
            .map(|p| {
                let mut alternatives: Vec<Vec<&str>> = p
                    .trim_end_matches('_')
                    .split('|')
                    .map(|a| a.split_whitespace().collect::<Vec<_>>())
                    .filter(|a| !a.is_empty())
                    .collect();
                // The longest phrase that fits is the one meant ("really did not", not "not").
                alternatives.sort_by_key(|a| std::cmp::Reverse(a.len()));
                (alternatives, p.ends_with('_'))
            })
            .collect();
        let scope = self.before_scope(v);
        let adjacent = positions.last().is_some_and(|p| p.1);
        self.match_back(&positions, &scope, v, adjacent)
    }

    /// Matches the last of `positions` ending before `limit` (right before it when
    /// `adjacent`), then the others before it.
    fn match_back(
        &self,
        positions: &[(Vec<Vec<&str>>, bool)],
        scope: &[bool],
        limit: usize,
        adjacent: bool,
    ) -> Option<Vec<usize>> {
        let Some(((alternatives, _), rest)) = positions.split_last() else {
            return Some(Vec::new());
        };
        let ends: Vec<usize> = if adjacent {
            limit.checked_sub(1).into_iter().collect()
        } else {
            (0..limit).rev().collect()
        };
        let fits = |t: usize, w: &str| scope[t] && (self.forms[t] == w || self.lemma(t) == w);
        for end in ends {
            for words in alternatives {
                let Some(start) = (end + 1).checked_sub(words.len()) else {
                    continue;
                };
                if !(start..=end).zip(words).all(|(t, w)| fits(t, w)) {
                    continue;
                }
                let joined = rest.last().is_some_and(|p| p.1);
                if let Some(mut found) = self.match_back(rest, scope, start, joined) {
                    found.extend(start..=end);
                    return Some(found);
                }
            }
        }
        None
    }

    fn is_passive(&self, v: usize) -> bool {
        self.children[v]
            .iter()
            .any(|&c| matches!(self.rel(c), "aux:pass" | "nsubj:pass"))
    }

    /// The first `case` word of a noun.
    fn case_token(&self, n: usize) -> Option<usize> {
        self.children[n]
            .iter()
            .copied()
            .find(|&c| self.rel(c) == "case")
    }

    /// The preposition of a noun, lowercase ("on", "against"); multiword prepositions
    /// ("because of") give their first word.
    fn case_lemma(&self, n: usize) -> Option<&str> {
        self.case_token(n).map(|c| self.lemma(c))
    }

    /// Tokens of "in the event of" governing noun `n`.
    fn in_the_event_of(&self, n: usize) -> Option<Vec<usize>> {
        let c = self.case_token(n)?;
        if self.tokens[c].lemma != "of" || c < 3 {
            return None;
        }
        let words: Vec<&str> = (c - 3..c).map(|i| self.lemma(i)).collect();
        (words == ["in", "the", "event"] || words == ["in", "case", "of"])
            .then(|| (c - 3..=c).collect())
    }

    /// The verb's particle `p` (compound:prt, or a stray adverb or adposition right after it).
    fn particle(&self, v: usize, p: &str) -> Option<usize> {
        self.children[v]
            .iter()
            .copied()
            .find(|&c| {
                matches!(self.rel(c), "compound:prt" | "advmod" | "obl" | "case")
                    && self.lemma(c) == p
                    && self.children[c].is_empty()
            })
            .or_else(|| {
                (v + 1 < self.len()
                    && self.lemma(v + 1) == p
                    && matches!(self.tokens[v + 1].upos.as_str(), "ADP" | "ADV" | "PART"))
                .then_some(v + 1)
            })
    }

    /// The direct object (the passive subject of a passive verb).
    fn object(&self, v: usize) -> Option<usize> {
        if self.is_passive(v) {
            self.child(v, &["nsubj:pass", "obj"])
        } else {
            self.child(v, &["obj"])
        }
    }

    /// Nouns introduced by preposition `prep` on the verb, or on its object ("cut off aid to
    /// Ukraine", where the parser hangs "to Ukraine" on "aid").
    fn prep_nouns(&self, v: usize, prep: &str) -> Vec<usize> {
        let mut out: Vec<usize> = self.children[v]
            .iter()
            .copied()
            .filter(|&c| {
                (self.rel(c).starts_with("obl") || self.rel(c).starts_with("nmod"))
                    && self.case_lemma(c) == Some(prep)
            })
            .collect();
        if let Some(obj) = self.object(v) {
            for holder in std::iter::once(obj).chain(self.measured(obj)) {
                for &c in &self.children[holder] {
                    if self.rel(c).starts_with("nmod") && self.case_lemma(c) == Some(prep) {
                        out.push(c);
                    }
                }
            }
        }
        if out.is_empty() {
            // A misattached phrase ("met with President Assad Tuesday to discuss", where the
            // parser makes "Assad" the subject of "discuss"): the first noun after the verb,
            // inside its subtree, that carries the preposition.
            let mut frontier = vec![(v, 0)];
            while let Some((u, depth)) = frontier.pop() {
                for &c in &self.children[u] {
                    if c > v
                        && self.case_lemma(c) == Some(prep)
                        && !self.is_verb(c)
                        && !out.contains(&c)
                    {
                        out.push(c);
                    }
                    if depth < 2 && !self.rel(c).starts_with("acl") {
                        frontier.push((c, depth + 1));
                    }
                }
            }
            out.sort_unstable();
            out.truncate(1);
        }
        out
    }

    /// Whether the noun phrase headed by `n` ends in the words of `phrase` ("air strike":
    /// "strike" with the compound "air"), or, for a phrase with a preposition ("state of
    /// emergency", "ban on protest"), is headed by its first part and has the rest as a
    /// prepositional modifier ("a state of emergency in the north", where the head is
    /// "state"); returns the tokens matched.
    fn phrase_matches(&self, n: usize, phrase: &str) -> Option<Vec<usize>> {
        let words: Vec<&str> = phrase.split_whitespace().collect();
        self.phrase_ends(n, &words).or_else(|| {
            let at = words
                .iter()
                .position(|w| PHRASE_PREPOSITIONS.contains(w))
                .filter(|&at| at > 0 && at + 1 < words.len())?;
            let mut matched = self.phrase_ends(n, &words[..at])?;
            let (modifier, mut words_of) = self.children[n].iter().find_map(|&c| {
                (self.rel(c).starts_with("nmod") && self.case_lemma(c) == Some(words[at]))
                    .then(|| self.phrase_ends(c, &words[at + 1..]).map(|m| (c, m)))
                    .flatten()
            })?;
            matched.append(&mut words_of);
            matched.extend(self.case_token(modifier));
            Some(matched)
        })
    }

    /// Whether the noun phrase headed by `n` ends in `words`, read right to left from `n`.
    fn phrase_ends(&self, n: usize, words: &[&str]) -> Option<Vec<usize>> {
        let (&last, rest) = words.split_last()?;
        if self.lemma(n) != last && !self.doc_form_is(n, last) {
            return None;
        }
        let mut matched = vec![n];
        let mut at = n;
        let mut gap = false;
        let fits = |i: usize, w: &str| self.lemma(i) == w || self.doc_form_is(i, w);
        for &w in rest.iter().rev() {
            if w == "..." {
                gap = true;
                continue;
            }
            let prev = if gap {
                // Any earlier word of the noun's own phrase.
                let edge = self.left_edge(n);
                (edge..at).rev().find(|&i| fits(i, w))?
            } else {
                // The modifier right before: "air strike", "peace talks", "weapons
                // deliveries".
                let prev = (0..at)
                    .rev()
                    .find(|&i| self.rel(i) != "punct" && self.lemma(i) != "-")?;
                if !fits(prev, w) {
                    return None;
                }
                prev
            };
            gap = false;
            matched.push(prev);
            at = prev;
        }
        Some(matched)
    }

    /// The first token of the phrase headed by `n`.
    fn left_edge(&self, n: usize) -> usize {
        let mut edge = n;
        let mut todo = vec![n];
        let mut steps = 0;
        while let Some(t) = todo.pop() {
            steps += 1;
            if steps > self.len() {
                break;
            }
            edge = edge.min(t);
            todo.extend(self.children[t].iter().copied().filter(|&c| c < n));
        }
        edge
    }

    /// Whether the token's form (lowercase) is `w`: plural modifiers keep their form
    /// ("weapons deliveries").
    fn doc_form_is(&self, i: usize, w: &str) -> bool {
        self.forms
            .get(i)
            .is_some_and(|f| f == w || singular(f).is_some_and(|s| s == w))
    }

    /// `t` and the words coordinated with it.
    fn with_conjuncts(&self, t: usize) -> Vec<usize> {
        let mut out = vec![t];
        let mut k = 0;
        while k < out.len() && out.len() < 12 {
            let u = out[k];
            for &c in &self.children[u] {
                if self.rel(c) == "conj" && !out.contains(&c) {
                    out.push(c);
                }
            }
            k += 1;
        }
        out
    }

    /// The subject of verb `v`, following control, coordination and relative clauses.
    fn subject(&self, v: usize) -> Option<usize> {
        let mut cur = v;
        for _ in 0..6 {
            // "Syria says it is willing to withdraw": the parser often takes the "it" before a
            // readiness adjective for an expletive; there it is the one who is willing.
            let readiness_it = || {
                self.child(cur, &["expl"]).filter(|&e| {
                    self.lemma(e) == "it" && READINESS_ADJECTIVES.contains(&self.lemma(cur))
                })
            };
            if let Some(s) = self
                .child(cur, &["nsubj", "nsubj:pass", "csubj"])
                .or_else(readiness_it)
            {
                // "the troops who attacked": the relative pronoun stands for the noun.
                if matches!(self.tokens[s].xpos.as_str(), "WP" | "WDT")
                    && self.rel(cur).starts_with("acl")
                {
                    return self.parent(cur);
                }
                return Some(s);
            }
            let parent = self.parent(cur)?;
            match self.rel(cur) {
                "xcomp" => {
                    if OBJECT_CONTROL.contains(&self.lemma(parent)) {
                        if let Some(o) = self.child(parent, &["obj", "iobj"]) {
                            return Some(o);
                        }
                        // "called on Russia to withdraw".
                        if let Some(o) = self.prep_nouns(parent, "on").first() {
                            return Some(*o);
                        }
                    }
                    cur = parent;
                }
                "conj" => cur = parent,
                // "accused Russia of massing troops": the accused does it.
                "advcl" | "acl" | "obl"
                    if ACCUSING_HEADS.contains(&self.lemma(parent))
                        && self.children[cur]
                            .iter()
                            .any(|&c| matches!(self.lemma(c), "of" | "for")) =>
                {
                    return self.child(parent, &["obj"]);
                }
                // "Mordor is no place to visit": an infinitive missing its object, on a
                // predicate noun, has that noun for object and nobody named for subject.
                "acl" if self.object_gap_infinitive(cur, parent) => return None,
                // "Japan plans to provide aid" with "plans" tagged as a noun: the noun's own
                // subject.
                "acl" if self.child(parent, &["nsubj"]).is_some() && !self.is_verb(parent) => {
                    return self.child(parent, &["nsubj"]);
                }
                // A finite past verb parsed as a reduced relative ("Indian warships exercised
                // with ..." with "warships" as the root): its noun is its subject.
                // ... and a participle with a direct object cannot be a passive relative
                // ("rebels engaged peacekeepers in a firefight, officials said").
                "acl"
                    if self.tokens[cur].xpos == "VBD"
                        || (self.child(cur, &["obj"]).is_some()
                            && !self.children[cur]
                                .iter()
                                .any(|&c| matches!(self.rel(c), "aux" | "aux:pass" | "mark")))
                        || (self.rel(parent) == "root"
                            && !self.children[cur]
                                .iter()
                                .any(|&c| matches!(self.rel(c), "aux" | "aux:pass" | "mark"))) =>
                {
                    return Some(parent)
                }
                // "troops attacking the city": the noun; "submitted an appeal urging Putin":
                // whoever made the appeal.
                "acl" if self.tokens[cur].xpos == "VBG" => {
                    let grand = self.parent(parent);
                    return match grand {
                        Some(g) if self.rel(parent) == "obj" && self.is_verb(g) => {
                            self.child(g, &["nsubj"]).or(Some(parent))
                        }
                        _ => Some(parent),
                    };
                }
                "advcl" if self.tokens[cur].xpos == "VBG" => cur = parent,
                // A purpose clause is done by the main clause's subject: "thousands rallied
                // in Lagos to protest the arrests".
                "advcl" if self.purpose_mark(cur).is_some() || self.adjective_complement(cur) => {
                    cur = parent
                }
                _ => return None,
            }
        }
        None
    }

    /// Whether `v`, an infinitive on the predicate noun `noun` ("a place to visit"), lacks its
    /// object, which the noun then is. "The first country to visit" is said of the visitor,
    /// and a verb with an object or a clause of its own is missing its subject instead.
    fn object_gap_infinitive(&self, v: usize, noun: usize) -> bool {
        let has = |t: usize, rels: &[&str]| self.child(t, rels).is_some();
        let to = self.children[v]
            .iter()
            .any(|&c| self.rel(c) == "mark" && self.lemma(c) == "to");
        let ranked = self.children[noun]
            .iter()
            .any(|&c| matches!(self.lemma(c), "first" | "last" | "only" | "next"));
        to && self.is_noun(noun)
            && has(noun, &["cop"])
            && !ranked
            && !has(v, &["obj", "iobj", "ccomp", "xcomp", "nsubj", "nsubj:pass"])
            && !self.is_passive(v)
    }

    /// Whether token `t` is the modal "would" ("'d").
    fn is_would(&self, t: usize) -> bool {
        matches!(self.lower(t).as_str(), "would" | "'d")
    }

    /// Whether clause `v` is reported by a verb of saying in the past ("said it would"), where
    /// "would" is the reported "will" rather than a hypothesis.
    fn backshifted(&self, v: usize) -> bool {
        let mut cur = v;
        for _ in 0..4 {
            let Some(p) = self.parent(cur) else {
                return false;
            };
            match self.rel(cur) {
                "conj" => cur = p,
                "ccomp" | "parataxis" => {
                    return BACKSHIFT_VERBS.contains(&self.lemma(p))
                        && matches!(self.tokens[p].xpos.as_str(), "VBD" | "VBN");
                }
                _ => return false,
            }
        }
        false
    }

    /// The people a count noun counts: "tens of thousands of students" → "students".
    fn counted(&self, n: usize) -> Option<usize> {
        self.through_of(n, COUNT_NOUNS)
    }

    /// What a measure noun measures: "aid" in "25,000 tons of food aid", "strikes" in "a new
    /// wave of air strikes".
    fn measured(&self, n: usize) -> Option<usize> {
        self.through_of(n, MEASURE_NOUNS)
    }

    /// The noun reached from `n` down the "of" phrases of up to three nouns in `words`
    /// ("tens of thousands of students"), when `n` is one of them.
    fn through_of(&self, n: usize, words: &[&str]) -> Option<usize> {
        let mut cur = n;
        for _ in 0..3 {
            if !words.contains(&self.lemma(cur)) {
                break;
            }
            let Some(&of) = self.children[cur]
                .iter()
                .find(|&&c| self.rel(c).starts_with("nmod") && self.case_lemma(c) == Some("of"))
            else {
                break;
            };
            cur = of;
        }
        (cur != n).then_some(cur)
    }

    /// Whether `v` is the infinitive of an adjective ("unwilling to meet"), whichever way the
    /// parser attached it.
    fn adjective_complement(&self, v: usize) -> bool {
        matches!(self.rel(v), "advcl" | "xcomp")
            && self.parent(v).is_some_and(|p| self.tokens[p].upos == "ADJ")
            && self.children[v]
                .iter()
                .any(|&c| self.rel(c) == "mark" && self.lemma(c) == "to")
    }

    /// The infinitive marker of a purpose clause ("to", "in order to"), if `v` is one.
    fn purpose_mark(&self, v: usize) -> Option<usize> {
        if self.rel(v) != "advcl"
            || self.child(v, &["nsubj", "nsubj:pass"]).is_some()
            || self.adjective_complement(v)
        {
            return None;
        }
        self.children[v]
            .iter()
            .copied()
            .find(|&c| self.rel(c) == "mark" && self.lemma(c) == "to")
    }

    /// The words whose dates and places are this trigger's: itself, then up through
    /// coordination, control and (for a noun) its governing verb.
    fn clause_chain(&self, t: usize) -> Vec<usize> {
        let mut chain = vec![t];
        let mut cur = t;
        for _ in 0..5 {
            let Some(p) = self.parent(cur) else { break };
            let rel = self.rel(cur);
            let noun_to_verb = self.is_noun(cur) && (rel == "obj" || rel.starts_with("nsubj"));
            if matches!(rel, "conj" | "xcomp") || noun_to_verb {
                chain.push(p);
                cur = p;
            } else {
                break;
            }
        }
        chain
    }

    /// The dependency path from `from` to `to`, e.g. `met -obj-> Lavrov`.
    fn path(&self, from: usize, to: usize) -> String {
        let ancestors = |mut i: usize| {
            let mut v = vec![i];
            while let Some(p) = self.parent(i) {
                if v.contains(&p) || v.len() > self.len() {
                    break;
                }
                v.push(p);
                i = p;
            }
            v
        };
        let up = ancestors(from);
        let down = ancestors(to);
        let Some(common) = up.iter().copied().find(|u| down.contains(u)) else {
            return format!("{} … {}", self.lower(from), self.lower(to));
        };
        let mut s = self.lower(from);
        for pair in up.windows(2) {
            if pair[0] == common {
                break;
            }
            s += &format!(" <-{}- {}", self.rel(pair[0]), self.lemma(pair[1]));
        }
        let tail: Vec<usize> = down.iter().copied().take_while(|&d| d != common).collect();
        for &d in tail.iter().rev() {
            s += &format!(" -{}-> {}", self.rel(d), self.lower(d));
        }
        s
    }
}

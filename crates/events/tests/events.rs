//! The event coder on sentences we wrote: one test per rule, with the real language models,
//! sitrep's dictionaries, patterns and gazetteer — what `sitrep code` runs.

use std::sync::OnceLock;

use chrono::NaiveDate;
use sitrep_actors::dict::Dictionary;
use sitrep_actors::resolve::{Actor, Resolver};
use sitrep_doc::output::EventOut;
use sitrep_doc::Doc;
use sitrep_events::codebook::Codebook;
use sitrep_events::extract::Extractor;
use sitrep_events::patterns::Patterns;
use sitrep_events::place::Gazetteer;
use sitrep_lang::Pipeline;

struct Coder {
    pipeline: Pipeline,
    resolver: Resolver,
    extractor: Extractor,
}

fn coder() -> &'static Coder {
    static CODER: OnceLock<Coder> = OnceLock::new();
    CODER.get_or_init(|| Coder {
        pipeline: Pipeline::load_default().expect("the bundled models load"),
        resolver: Resolver::new(Dictionary::load_default().expect("the dictionaries load")),
        extractor: Extractor::new(
            Codebook::load_default().expect("the codebook loads"),
            Patterns::load_default().expect("the patterns load"),
            Some(Gazetteer::load_default().expect("the gazetteer loads")),
        ),
    })
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a test date")
}

/// Codes `text` published on `published` and returns the rendered events.
fn code_on(text: &str, published: &str) -> (Doc, Vec<Actor>, Vec<EventOut>) {
    let c = coder();
    let mut doc = Doc::new("test", text);
    c.pipeline.annotate(&mut doc);
    let published = Some(day(published));
    let mut actors = c.resolver.resolve(&doc, published);
    c.extractor.locate_places(&doc, &mut actors);
    let events = c.extractor.extract(&doc, &actors, published);
    let out = sitrep_events::render::events(&c.extractor, &doc, &actors, &events, true);
    (doc, actors, out)
}

fn code(text: &str) -> Vec<EventOut> {
    code_on(text, "2024-06-05").2
}

fn code_of(p: &Option<sitrep_doc::output::Participant>) -> &str {
    p.as_ref().map_or("-", |p| p.code.as_str())
}

/// `source target cameo modality` of each event, for readable assertions.
fn summary(events: &[EventOut]) -> Vec<String> {
    events
        .iter()
        .map(|e| {
            format!(
                "{} {} {} {}",
                code_of(&e.source),
                code_of(&e.target),
                e.cameo,
                e.modality
            )
        })
        .collect()
}

/// The first event whose CAMEO code starts with `root`.
fn find<'a>(events: &'a [EventOut], root: &str) -> &'a EventOut {
    events
        .iter()
        .find(|e| e.cameo.starts_with(root))
        .unwrap_or_else(|| panic!("no {root} event in {:?}", summary(events)))
}

#[test]
fn a_plain_meeting_is_coded_with_source_target_date_and_place() {
    let (_, _, events) = code_on(
        "On Friday, U.S. Secretary of State Antony Blinken met Russian Foreign Minister Sergei Lavrov in Geneva.",
        "2022-01-22",
    );
    let e = find(&events, "04");
    assert_eq!(code_of(&e.source), "USAGOV");
    assert_eq!(code_of(&e.target), "RUSGOV");
    assert_eq!(e.modality, "asserted");
    assert_eq!(e.plover.as_deref(), Some("CONSULT"));
    assert_eq!(e.quad_class, 1);
    assert_eq!(e.date.value.as_deref(), Some("2022-01-21"), "last Friday");
    assert_eq!(e.date.precision, "day");
    let place = e.location.as_ref().expect("a location");
    assert_eq!(place.country, "CHE");
    assert!((place.lat - 46.2).abs() < 0.1 && (place.lon - 6.15).abs() < 0.1);
    assert!(e.evidence.text.contains("met"));
    let explain = e.explain.as_ref().expect("explain");
    assert!(
        explain.pattern.contains("04-consult.toml"),
        "{}",
        explain.pattern
    );
    assert!(explain.path.iter().any(|p| p.contains("nsubj")));
}

#[test]
fn would_recognize_is_hypothetical_not_recognition() {
    let events = code("Russian lawmakers said Moscow would recognize the breakaway regions.");
    for e in &events {
        assert_ne!(e.modality, "asserted", "{:?}", summary(&events));
    }
    let e = find(&events, "05");
    assert_eq!(e.modality, "hypothetical");
    let trigger = e
        .modality_trigger
        .as_ref()
        .expect("the trigger is evidence");
    assert_eq!(trigger.text, "would");
    let speaker = e.attribution.speaker.as_ref().expect("reported speech");
    assert_eq!(speaker.code, "RUSLEG");
}

#[test]
fn did_not_attack_is_negated() {
    let events = code("Russian troops did not attack Ukrainian positions on Tuesday.");
    let e = find(&events, "19");
    assert_eq!(e.modality, "negated");
    assert_eq!(code_of(&e.source), "RUSMIL");
    assert_eq!(code_of(&e.target), "UKR");
    assert!(e
        .modality_trigger
        .as_ref()
        .is_some_and(|t| t.text.contains("not")));
}

#[test]
fn an_invasion_under_if_is_conditional_and_the_main_clause_future() {
    let events =
        code("If Russia invades Ukraine, the United States will impose sanctions on Russia.");
    let invasion = find(&events, "19");
    assert_eq!(invasion.modality, "conditional");
    assert_eq!(code_of(&invasion.target), "UKR");
    let sanctions = events
        .iter()
        .find(|e| e.cameo == "163")
        .unwrap_or_else(|| panic!("{:?}", summary(&events)));
    assert_eq!(sanctions.modality, "future");
    assert_eq!(code_of(&sanctions.source), "USA");
    // Announcing a sanction is itself an act: an asserted threat.
    assert!(events
        .iter()
        .any(|e| e.cameo.starts_with("13") && e.modality == "asserted"));
}

#[test]
fn calls_for_talks_are_proposed_talks_between_both_sides() {
    let events = code("China called for talks between Russia and Ukraine.");
    let talks: Vec<&EventOut> = events
        .iter()
        .filter(|e| e.cameo.starts_with("04"))
        .collect();
    assert_eq!(talks.len(), 2, "{:?}", summary(&events));
    for t in talks {
        assert_eq!(t.modality, "proposed");
        assert!(matches!(code_of(&t.source), "RUS" | "UKR"));
    }
}

#[test]
fn not_ruling_out_an_attack_makes_it_hypothetical() {
    let events = code("Israel has not ruled out an attack on Iran.");
    let attack = find(&events, "19");
    assert_eq!(attack.modality, "hypothetical");
    assert_eq!(code_of(&attack.source), "ISR");
    assert_eq!(code_of(&attack.target), "IRN");
}

#[test]
fn a_threat_is_asserted_and_the_threatened_act_is_not() {
    let events = code("Russia threatened to attack Moldova.");
    let threat = find(&events, "13");
    assert_eq!(threat.modality, "asserted");
    assert_eq!(code_of(&threat.source), "RUS");
    assert_eq!(
        code_of(&threat.target),
        "MDA",
        "the target of the threatened act"
    );
    let attack = find(&events, "19");
    assert_eq!(attack.modality, "conditional");
}

#[test]
fn refusing_and_denying_negate_the_act() {
    let events = code("Iran denied attacking the tanker.");
    assert_eq!(find(&events, "19").modality, "negated");
    let events = code("Poland refused to send troops to Ukraine.");
    assert!(events
        .iter()
        .all(|e| e.cameo.starts_with("12") || e.modality == "negated"));
}

#[test]
fn plans_and_will_are_future_with_an_asserted_intent() {
    let events = code("Japan plans to provide aid to the Philippines.");
    let aid = find(&events, "07");
    assert_eq!(aid.modality, "future");
    assert_eq!(code_of(&aid.target), "PHL");
    let intent = find(&events, "03");
    assert_eq!(intent.modality, "asserted");
    assert_eq!(intent.plover.as_deref(), Some("AGREE"));
}

#[test]
fn coordinated_sources_give_one_event_each() {
    let events = code("Russia and China condemned the United States.");
    let mut sources: Vec<&str> = events
        .iter()
        .filter(|e| e.cameo.starts_with("11"))
        .map(|e| code_of(&e.source))
        .collect();
    sources.sort_unstable();
    assert_eq!(sources, ["CHN", "RUS"]);
}

#[test]
fn coordinated_sources_without_a_target_act_on_each_other() {
    let events = code("Armenia and Azerbaijan exchanged fire overnight.");
    let pairs: Vec<(&str, &str)> = events
        .iter()
        .filter(|e| e.cameo.starts_with("19"))
        .map(|e| (code_of(&e.source), code_of(&e.target)))
        .collect();
    assert!(
        pairs.contains(&("ARM", "AZE")) && pairs.contains(&("AZE", "ARM")),
        "{pairs:?}"
    );
}

#[test]
fn the_passive_agent_is_the_source() {
    let events = code("Ukrainian soldiers were killed by Russian artillery near Bakhmut.");
    let e = find(&events, "18");
    assert_eq!(code_of(&e.source), "RUSMIL");
    assert_eq!(code_of(&e.target), "UKRMIL");
}

#[test]
fn reported_speech_keeps_its_speaker_and_outlet() {
    let events =
        code("Ukraine's foreign minister told Reuters that Russian forces shelled Kharkiv.");
    let e = find(&events, "19");
    assert_eq!(code_of(&e.source), "RUSMIL");
    assert_eq!(e.modality, "asserted");
    assert_eq!(
        e.attribution.speaker.as_ref().map(|s| s.code.as_str()),
        Some("UKRGOV")
    );
    assert_eq!(e.attribution.via.as_deref(), Some("Reuters"));
}

#[test]
fn a_nominal_event_takes_its_source_from_the_light_verb() {
    let events = code("The European Union imposed new sanctions on Russia on Monday.");
    let e = find(&events, "16");
    assert_eq!(code_of(&e.source), "IGOEUREEC");
    assert_eq!(code_of(&e.target), "RUS");
    assert_eq!(e.cameo, "163");
    assert_eq!(
        e.date.value.as_deref(),
        Some("2024-06-03"),
        "the Monday before publication"
    );
}

#[test]
fn object_control_makes_the_urged_one_act() {
    let events = code("The Kremlin urged Kyiv to negotiate.");
    let appeal = find(&events, "02");
    assert_eq!(code_of(&appeal.source), "RUSGOV");
    assert_eq!(code_of(&appeal.target), "UKRGOV");
    assert!(events
        .iter()
        .filter(|e| e.cameo.starts_with("04"))
        .all(|e| code_of(&e.source) == "UKRGOV" && e.modality == "proposed"));
}

#[test]
fn a_mention_alone_is_not_an_event() {
    assert!(code("Russia and Ukraine are neighbours.").is_empty());
    assert!(code("The sanctions on Russia were discussed in the newspaper.").is_empty());
}

#[test]
fn a_dated_noun_keeps_its_own_year() {
    let (_, _, events) = code_on(
        "Russia invaded Georgia in a 2008 war that lasted five days.",
        "2022-01-21",
    );
    let e = find(&events, "19");
    assert_eq!(e.date.value.as_deref(), Some("2008-01-01"));
    assert_eq!(e.date.precision, "year");
}

#[test]
fn without_a_publication_date_relative_dates_stay_unresolved() {
    let c = coder();
    let mut doc = Doc::new("t", "Russia attacked Ukraine on Thursday.");
    c.pipeline.annotate(&mut doc);
    let actors = c.resolver.resolve(&doc, None);
    let events = c.extractor.extract(&doc, &actors, None);
    let out = sitrep_events::render::events(&c.extractor, &doc, &actors, &events, false);
    let e = find(&out, "19");
    assert_eq!(e.date.value, None);
    assert_eq!(e.date.precision, "unknown");
}

#[test]
fn every_event_carries_the_codebook_fields_and_its_words() {
    let text = "Russian forces shelled Kharkiv. The United Nations condemned the attack. \
                Turkey will host talks between Russia and Ukraine next week.";
    let (doc, _, events) = code_on(text, "2024-06-05");
    assert!(!events.is_empty());
    for e in &events {
        assert!((2..=4).contains(&e.cameo.len()) && e.cameo.bytes().all(|b| b.is_ascii_digit()));
        assert!((1..=4).contains(&e.quad_class));
        assert!((-10.0..=10.0).contains(&e.goldstein));
        assert_eq!(&doc.text[e.evidence.start..e.evidence.end], e.evidence.text);
        assert!(e.source.is_some());
        assert!((0.0..=1.0).contains(&e.confidence));
    }
}

#[test]
fn with_no_target_in_its_slot_the_verb_phrase_names_one() {
    // The first actor inside the verb's phrase, as PETRARCH codes it.
    let events = code("China criticized the closure of embassies in Lithuania.");
    let e = find(&events, "11");
    assert_eq!(code_of(&e.target), "LTU");
    // A place counts for its country, unless it is the source's own.
    let events = code("Russia is conducting military exercises in Alaska.");
    assert_eq!(code_of(&find(&events, "15").target), "USA");
    let events = code("Russian police arrested two men in Moscow.");
    assert_eq!(code_of(&find(&events, "17").target), "-");
    // ... but people there are of that country ("protesters in Moscow").
    let events = code("Russian police arrested protesters in Moscow.");
    assert_eq!(code_of(&find(&events, "17").target), "RUSCVL");
    // A subject and an adverbial clause are not the verb's phrase.
    let events = code("After Russia attacked Ukraine, France criticized the decision.");
    assert!(
        events
            .iter()
            .filter(|e| e.cameo.starts_with("11"))
            .all(|e| code_of(&e.target) == "-"),
        "{:?}",
        summary(&events)
    );
}

#[test]
fn a_visit_is_also_hosted() {
    // Two-sided acts carry the counterpart's code: 042 for the visitor, 043 for the host.
    let events = code("Poland's president visited Ukraine on Tuesday.");
    let s = summary(&events);
    assert!(s.contains(&"POLGOV UKR 042 asserted".to_string()), "{s:?}");
    assert!(s.contains(&"UKR POLGOV 043 asserted".to_string()), "{s:?}");
}

#[test]
fn an_actor_of_unknown_country_acts_only_on_a_coded_one() {
    // "Insurgents" has no country: the event keeps it with an empty code, never a guess.
    let events = code("Insurgents shelled Syrian army positions on Sunday.");
    let e = find(&events, "19");
    assert_eq!(code_of(&e.source), "");
    assert_eq!(code_of(&e.target), "SYRMIL");
    // With neither side coded there is no event.
    assert!(
        code("Insurgents shelled the positions on Sunday.").is_empty(),
        "{:?}",
        summary(&code("Insurgents shelled the positions on Sunday."))
    );
}

#[test]
fn it_and_they_stand_for_the_coded_subject_that_announces() {
    let events = code("Japan said on Tuesday it had halted economic aid to Serbia.");
    let e = find(&events, "16");
    assert_eq!(code_of(&e.source), "JPN");
    assert_eq!(code_of(&e.target), "SRB");
}

#[test]
fn refusing_a_cooperative_act_is_a_rejection_and_must_is_a_demand() {
    let events = code("Syria said it will not accept any more refugees from Iraq.");
    assert!(
        events
            .iter()
            .any(|e| e.cameo.starts_with("12") && e.modality == "asserted"),
        "{:?}",
        summary(&events)
    );
    let events = code("Russia refused to meet Ukraine.");
    let reject = find(&events, "12");
    assert_eq!(
        (code_of(&reject.source), code_of(&reject.target)),
        ("RUS", "UKR")
    );
    assert_eq!(reject.cameo, "125");
    // A conflict act that did not happen is not a rejection.
    assert!(!summary(&code("Russia did not attack Ukraine."))
        .iter()
        .any(|s| s.contains(" 12")));
    let events = code("France said Iraq must cooperate with the inspectors.");
    let demand = find(&events, "10");
    assert_eq!(
        (code_of(&demand.source), code_of(&demand.target)),
        ("FRA", "IRQ")
    );
}

#[test]
fn a_forecast_is_not_the_forecast_actor_s_threat() {
    // "want" and "expect" pass their object to the complement, as "urge" does.
    let events = code("Washington wants Moscow to withdraw its troops.");
    assert!(
        events
            .iter()
            .filter(|e| e.cameo.starts_with("08"))
            .all(|e| code_of(&e.source) == "RUSGOV"),
        "{:?}",
        summary(&events)
    );
    let events = code("Analysts expect Russia to attack Ukraine.");
    assert!(
        !events
            .iter()
            .any(|e| e.cameo.starts_with("13") && e.modality == "asserted"),
        "{:?}",
        summary(&events)
    );
}

#[test]
fn the_withdrawal_of_x_from_y_has_x_leave_y() {
    let events = code("Russia announced the withdrawal of Russian troops from Syria.");
    let e = find(&events, "08");
    assert_eq!(
        (code_of(&e.source), code_of(&e.target)),
        ("RUSMIL", "SYR"),
        "{:?}",
        summary(&events)
    );
}

#[test]
fn alleging_a_hostile_act_is_an_accusation() {
    let events = code("The US claimed that ISIL had attacked Iraq.");
    let e = find(&events, "11");
    assert_eq!(
        (code_of(&e.source), code_of(&e.target), e.cameo.as_str()),
        ("USA", "IMGMUSISI", "112")
    );
    // Reporting is not accusing.
    let events = code("The US said that ISIL had attacked Iraq.");
    assert!(
        !events.iter().any(|e| e.cameo.starts_with("11")),
        "{:?}",
        summary(&events)
    );
}

#[test]
fn ready_and_willing_announce_an_intent() {
    let events = code("Norway is willing to send troops to help defend Saudi Arabia.");
    let intent = find(&events, "03");
    assert_eq!(
        (
            code_of(&intent.source),
            code_of(&intent.target),
            intent.modality.as_str()
        ),
        ("NOR", "SAU", "asserted"),
        "{:?}",
        summary(&events)
    );
    // The help itself is only intended.
    assert!(events
        .iter()
        .filter(|e| !e.cameo.starts_with("03"))
        .all(|e| e.modality == "future"));
    let events = code("Iran is unwilling to meet Iraq.");
    assert!(
        events
            .iter()
            .any(|e| e.cameo.starts_with("12") && e.modality == "asserted"),
        "{:?}",
        summary(&events)
    );
}

#[test]
fn a_purpose_clause_is_done_by_the_main_subject_and_only_intended() {
    let events = code("Russia massed troops on the border to attack Georgia.");
    let e = find(&events, "19");
    assert_eq!(
        (code_of(&e.source), code_of(&e.target), e.modality.as_str()),
        ("RUS", "GEO", "future")
    );
    // Intended by the one who acts, but not announced: no threat.
    assert!(!events.iter().any(|e| e.cameo.starts_with("13")));
    // A clause with its own subject is not a purpose.
    let events = code("Russia attacked so that Georgia would surrender.");
    assert!(
        !events.iter().any(|e| code_of(&e.source) == "RUS"
            && code_of(&e.target) == "-"
            && e.cameo.starts_with("08")),
        "{:?}",
        summary(&events)
    );
}

#[test]
fn a_measure_of_aid_is_aid() {
    let events = code("Japan will provide 25,000 tons of food aid to Bangladesh.");
    let e = find(&events, "07");
    assert_eq!(
        (code_of(&e.source), code_of(&e.target)),
        ("JPN", "BGD"),
        "{:?}",
        summary(&events)
    );
    let events = code("The EU gave Moldova 5 million dollars of aid.");
    let e = find(&events, "07");
    assert_eq!(
        (code_of(&e.source), code_of(&e.target)),
        ("IGOEUREEC", "MDA")
    );
}

#[test]
fn said_it_would_is_the_reported_will() {
    let events = code("Japan said it would provide aid to Nepal.");
    let aid = events
        .iter()
        .find(|e| e.cameo.starts_with("07"))
        .unwrap_or_else(|| panic!("{:?}", summary(&events)));
    assert_eq!(aid.modality, "future");
    // ... of someone else's act, a forecast.
    let events = code("Britain warned that Russia would invade Ukraine.");
    assert!(events
        .iter()
        .filter(|e| e.cameo.starts_with("19"))
        .all(|e| e.modality == "hypothetical"));
    let events = code("Palestinian leaders said they would boycott all contact with Israel.");
    assert!(
        events
            .iter()
            .any(|e| e.cameo.starts_with("13") && e.modality == "asserted"),
        "{:?}",
        summary(&events)
    );
    // Someone else's forecast is no announcement, and a present "says ... would" stays a
    // hypothesis.
    let events = code("Analysts said Russia would attack Ukraine.");
    assert!(!events.iter().any(|e| e.cameo.starts_with("13")));
    let events = code("A lawmaker says Russia would recognize Donbass.");
    assert!(events
        .iter()
        .filter(|e| e.cameo.starts_with("05"))
        .all(|e| e.modality == "hypothetical"));
}

/// Codes `text` with only the verb patterns of `toml` (sitrep's models and dictionaries).
fn code_with_patterns(toml: &str, text: &str) -> Vec<String> {
    let c = coder();
    let extractor = Extractor::new(
        Codebook::load_default().expect("the codebook loads"),
        Patterns::parse(toml, "test.toml").expect("the test patterns parse"),
        None,
    );
    let mut doc = Doc::new("test", text);
    c.pipeline.annotate(&mut doc);
    let published = Some(day("2024-06-05"));
    let actors = c.resolver.resolve(&doc, published);
    let events = extractor.extract(&doc, &actors, published);
    let mut out = summary(&sitrep_events::render::events(
        &extractor, &doc, &actors, &events, false,
    ));
    out.sort();
    out
}

#[test]
fn a_pattern_written_in_an_inflected_form_wins_for_that_form() {
    // PETRARCH's `--- MET [040] ---` beside `--- MEET [036] ---`: "met" is the MET block's,
    // "meet" stays MEET's.
    let patterns =
        "[[verb]]\nlemma = \"meet\"\ncode = \"036\"\nliteral = true\nexample = \"x\"\n\n\
        [[verb]]\nlemma = \"met\"\ncode = \"040\"\nliteral = true\nexample = \"x\"\n";
    assert_eq!(
        code_with_patterns(patterns, "Russia met Ukraine on Monday."),
        ["RUS UKR 040 asserted"]
    );
    let meets = code_with_patterns(patterns, "Russia meets Ukraine on Monday.");
    assert!(meets.iter().all(|e| e.contains(" 036 ")), "{meets:?}");
}

#[test]
fn a_bare_verb_of_saying_that_reports_a_clause_is_no_event() {
    // A dictionary's bare `SAID [023]`: "…, an official said" attributes the clause.
    let patterns = "[[verb]]\nlemma = \"say\"\ncode = \"023\"\nexample = \"x\"\n";
    assert!(code_with_patterns(
        patterns,
        "Russia will restore ties with Ukraine, a Russian official said."
    )
    .is_empty());
    assert!(code_with_patterns(patterns, "Russia said that Ukraine had attacked.").is_empty());
}

#[test]
fn an_object_word_may_be_a_modifier_of_the_object() {
    // PETRARCH's "* ARTILLERY" fits "fired two artillery shells" (words may come between);
    // the head wins when both fit.
    let patterns =
        "[[verb]]\nlemma = \"fire\"\ntarget = \"prep:at\"\ncode = \"190\"\nexample = \"x\"\n\n\
        [[verb]]\nlemma = \"fire\"\nobject = [\"artillery\"]\ncode = \"194\"\nexample = \"x\"\n\n\
        [[verb]]\nlemma = \"fire\"\nobject = [\"shell\"]\ncode = \"195\"\nexample = \"x\"\n";
    assert_eq!(
        code_with_patterns(patterns, "Russia fired two artillery rounds at Ukraine."),
        ["RUS UKR 194 asserted"]
    );
    assert_eq!(
        code_with_patterns(patterns, "Russia fired two artillery shells at Ukraine."),
        ["RUS UKR 195 asserted"]
    );
}

#[test]
fn compound_patterns_need_a_coordination() {
    // PETRARCH's "% * [030:030]" and "* WITH % [031]" on AGREE [081].
    let patterns = "[[verb]]\nlemma = \"agree\"\ncode = \"081\"\nexample = \"x\"\n\n\
        [[verb]]\nlemma = \"agree\"\ncompound = \"subject\"\ntarget = \"none\"\ncode = \"030\"\nreverse = \"030\"\nexample = \"x\"\n\n\
        [[verb]]\nlemma = \"agree\"\nprep = \"with\"\ntarget = \"prep:with\"\ncompound = \"target\"\ncode = \"031\"\nexample = \"x\"\n";
    assert_eq!(
        code_with_patterns(
            patterns,
            "France and Germany agree that the dispute should be settled by arbitration."
        ),
        ["DEU FRA 030 asserted", "FRA DEU 030 asserted"]
    );
    assert_eq!(
        code_with_patterns(
            patterns,
            "Poland agrees with France and Germany that the dispute should be settled."
        ),
        ["POL DEU 031 asserted", "POL FRA 031 asserted"]
    );
    assert_eq!(
        code_with_patterns(
            patterns,
            "Poland agrees with France that the dispute should be settled."
        ),
        ["POL FRA 081 asserted"]
    );
}

#[test]
fn words_before_the_verb_narrow_a_pattern_and_may_take_its_negation() {
    // PETRARCH's `&NEG * OVER BORDER [112]`, `QUIETLY_&NEG_EVER * OVER BORDER [111]` beside
    // `* OVER BORDER [120]`; a space lets words in between, `_` does not.
    let patterns = "[[verb]]\nlemma = \"quarrel\"\nprep = \"over\"\nprep_object = [\"border\"]\ncode = \"120\"\nexample = \"x\"\n\n\
        [[verb]]\nlemma = \"quarrel\"\nprep = \"over\"\nprep_object = [\"border\"]\nbefore = [\"did n't|will not\"]\ncode = \"112\"\nexample = \"x\"\n\n\
        [[verb]]\nlemma = \"quarrel\"\nprep = \"over\"\nprep_object = [\"border\"]\nbefore = [\"quietly_\", \"did n't|will not_\", \"ever\"]\ncode = \"111\"\nexample = \"x\"\n";
    // The pattern that asks for the negation codes the negated act, asserted.
    assert_eq!(
        code_with_patterns(patterns, "Peru didn't quarrel with Chile over the border."),
        ["PER CHL 112 asserted"]
    );
    // Across the verb it completes ("won't try to quarrel"), with words in between ("try"
    // keeps its own modality).
    let tried = code_with_patterns(
        patterns,
        "Peru now won't try to quarrel with Chile over the border.",
    );
    assert!(
        tried.len() == 1 && tried[0].starts_with("PER CHL 112 "),
        "{tried:?}"
    );
    // The most words that fit win; `_` wants them side by side.
    assert_eq!(
        code_with_patterns(
            patterns,
            "Peru quietly didn't ever quarrel with Chile over the border."
        ),
        ["PER CHL 111 asserted"]
    );
    assert_eq!(
        code_with_patterns(
            patterns,
            "Peru quietly didn't even ever quarrel with Chile over the border."
        ),
        ["PER CHL 112 asserted"]
    );
    // Without the words, the plain pattern.
    assert_eq!(
        code_with_patterns(patterns, "Peru quarrelled with Chile over the border."),
        ["PER CHL 120 asserted"]
    );
}

#[test]
fn an_infinitive_missing_its_object_on_a_predicate_noun_has_no_doer() {
    // "a place to visit": the noun is what is visited; nobody named visits.
    let events = code("Syria is not a safe place to visit, Russian officials said.");
    assert!(
        !events.iter().any(|e| e.cameo.starts_with("04")),
        "{events:?}"
    );
    // With its object, or said of a ranked noun, the infinitive's doer is the subject.
    let events = code("Russia was the first country to visit Syria after the war.");
    assert!(
        events
            .iter()
            .any(|e| code_of(&e.source) == "RUS" && e.cameo.starts_with("04")),
        "{events:?}"
    );
}

#[test]
fn a_noun_the_parser_hung_as_parataxis_after_the_verb_is_in_its_phrase() {
    // "an anti- Israel conference" is parsed with "anti" as the object and "conference" as
    // a parataxis: the counterpart is still looked for there, as in an object.
    let events = code("Iran boycotted an anti- Israel conference on Sunday.");
    let e = find(&events, "16");
    assert_eq!(
        (code_of(&e.source), code_of(&e.target)),
        ("IRN", "ISR"),
        "{events:?}"
    );
}

#[test]
fn object_words_written_apart_may_have_words_between_them() {
    let patterns = "[[verb]]\nlemma = \"restore\"\ncode = \"064\"\nexample = \"x\"\n\n\
        [[verb]]\nlemma = \"restore\"\nobject = [\"close ... trade tie\"]\ncode = \"061\"\nexample = \"x\"\n\n\
        [[verb]]\nlemma = \"restore\"\nobject = [\"commercial military tie\"]\ncode = \"062\"\nexample = \"x\"\n";
    assert_eq!(
        code_with_patterns(
            patterns,
            "Peru restored its close commercial trade ties with Chile."
        ),
        ["PER CHL 061 asserted"]
    );
    // Without `...` the words are side by side.
    assert_eq!(
        code_with_patterns(
            patterns,
            "Peru restored its commercial naval military ties with Chile."
        ),
        ["PER CHL 064 asserted"]
    );
}

#[test]
fn whoever_must_act_on_a_demand_is_its_target() {
    let events = code("The opposition in Zimbabwe demanded that President Mugabe resign.");
    let e = find(&events, "10");
    assert_eq!(
        (code_of(&e.source), code_of(&e.target)),
        ("ZWEOPP", "ZWEGOV"),
        "{:?}",
        summary(&events)
    );
    let events = code("Washington put pressure on Israel to halt settlement building.");
    let e = find(&events, "10");
    assert_eq!(code_of(&e.target), "ISR");
}

#[test]
fn a_group_named_by_its_place_takes_the_place_s_country() {
    let c = coder();
    let mut doc = Doc::new(
        "test",
        "Israel released the mayor of the West Bank city of Nablus.",
    );
    c.pipeline.annotate(&mut doc);
    let published = Some(day("2024-06-05"));
    let mut actors = c.resolver.resolve(&doc, published);
    c.extractor.locate_places(&doc, &mut actors);
    let mayor = actors
        .iter()
        .find(|a| a.name.contains("mayor"))
        .unwrap_or_else(|| panic!("{actors:#?}"));
    assert_eq!(mayor.code, "PSEGOV");
    // Monitors in a place are not of it.
    let mut doc = Doc::new("test", "Observers in Kirkuk said the vote was fair.");
    c.pipeline.annotate(&mut doc);
    let mut actors = c.resolver.resolve(&doc, published);
    c.extractor.locate_places(&doc, &mut actors);
    assert!(
        actors.iter().all(|a| !a.code.starts_with("IRQ")),
        "{actors:#?}"
    );
}

#[test]
fn coordinated_nationalities_are_one_group_each() {
    // "Turkish and Syrian troops" are Turkish troops and Syrian troops; clashing, each acts
    // on the other.
    let events = code("Turkish and Syrian troops clashed near the border on Tuesday.");
    let got = summary(&events);
    assert!(
        got.contains(&"TURMIL SYRMIL 190 asserted".to_string()),
        "{got:?}"
    );
    assert!(
        got.contains(&"SYRMIL TURMIL 190 asserted".to_string()),
        "{got:?}"
    );
    // Protesting together is not protesting against each other.
    let events = code("German and Dutch activists protested outside the embassy on Monday.");
    let got = summary(&events);
    assert!(
        got.contains(&"DEUCVL - 141 asserted".to_string()),
        "{got:?}"
    );
    assert!(
        got.contains(&"NLDCVL - 141 asserted".to_string()),
        "{got:?}"
    );
    assert!(
        events.iter().all(|e| e.target.is_none()),
        "no activist protests against the others: {got:?}"
    );
}

#[test]
fn a_last_conjunct_hung_on_the_verb_still_meets_the_others() {
    let events = code("The US, Russia, and the UK met yesterday.");
    let got = summary(&events);
    for pair in ["USA GBR", "GBR RUS", "RUS USA"] {
        assert!(
            got.contains(&format!("{pair} 040 asserted")),
            "{pair}: {got:?}"
        );
    }
}

#[test]
fn a_lone_unknown_name_the_gazetteer_knows_as_a_city_is_that_place() {
    // "Aleppo" is in no actor dictionary; as a large city it stands for its country as a
    // target, while an unknown company name stays an organization.
    let (_, actors, events) = code_on("Insurgents shelled Aleppo on Sunday.", "2016-08-01");
    let aleppo = actors
        .iter()
        .find(|a| a.name == "Aleppo")
        .unwrap_or_else(|| panic!("{actors:#?}"));
    assert_eq!(aleppo.country, "SYR");
    let e = find(&events, "19");
    assert_eq!(code_of(&e.target), "SYR");
    let (_, actors, _) = code_on("Apple sued Samsung on Monday.", "2016-08-01");
    assert!(actors.iter().all(|a| a.country.is_empty()), "{actors:#?}");
}

#[test]
fn a_passive_harm_with_no_agent_was_done_by_the_attack_it_happened_in() {
    let got = summary(&code(
        "Two Ukrainian soldiers were wounded in Russian shelling near Donetsk.",
    ));
    assert!(
        got.iter().any(|e| e.starts_with("RUS UKRMIL 18")),
        "{got:?}"
    );
    let got = summary(&code(
        "Four Palestinian children were killed in an Israeli air strike on Friday.",
    ));
    assert!(
        got.iter().any(|e| e.starts_with("ISR PSECVL 19")),
        "{got:?}"
    );
    // A place is not an attack: no source from "in Donetsk".
    let got = summary(&code("Two Ukrainian soldiers were wounded in Donetsk."));
    assert!(got.iter().all(|e| !e.starts_with("UKR ")), "{got:?}");
}

#[test]
fn claiming_one_s_own_attack_is_claiming_responsibility() {
    let got = summary(&code(
        "Israel admitted that it had attacked the Lebanese army post.",
    ));
    assert!(got.iter().any(|e| e.starts_with("ISR LBN 015")), "{got:?}");
    // Someone else's attack is an accusation, not a claim.
    let got = summary(&code("The US claimed that Iran had attacked Iraq."));
    assert!(got.iter().any(|e| e.starts_with("USA IRN 112")), "{got:?}");
    assert!(got.iter().all(|e| !e.contains(" 015 ")), "{got:?}");
    // A plain report of one's own act claims nothing.
    let got = summary(&code("Israel said it had attacked the Lebanese army post."));
    assert!(got.iter().all(|e| !e.contains(" 015 ")), "{got:?}");
}

#[test]
fn a_carried_out_threat_and_a_reported_act_are_asserted() {
    let e = code("Israel mounted its long-threatened invasion of Lebanon on Monday.");
    let got = summary(&e);
    assert!(
        got.iter()
            .any(|s| s.starts_with("ISR LBN 19") && s.ends_with("asserted")),
        "{got:?}"
    );
    // Hearsay is attributed, not doubted.
    let e = code("Russian troops reportedly attacked Ukrainian positions near Bakhmut.");
    let got = summary(&e);
    assert!(
        got.iter()
            .any(|s| s.starts_with("RUSMIL UKR") && s.ends_with("asserted")),
        "{got:?}"
    );
    // A threatened invasion not carried out stays conditional.
    let e = code("Lebanon braced for the threatened invasion by Israel.");
    assert!(
        e.iter()
            .filter(|e| e.cameo.starts_with("19"))
            .all(|e| e.modality != "asserted"),
        "{:?}",
        summary(&e)
    );
}

#[test]
fn a_pattern_phrase_with_a_preposition_fits_a_head_and_its_modifier() {
    // "state of emergency": the object's head is "state", with "of emergency" after it.
    let events = code("Peru lifted a state of emergency in the southern provinces on Friday.");
    assert_eq!(find(&events, "08").cameo, "0814", "{:?}", summary(&events));
}

#[test]
fn a_passive_act_on_a_coded_target_needs_no_named_doer() {
    let events =
        code("Two Kenyan soldiers were killed in a roadside bombing near Mandera on Tuesday.");
    let e = find(&events, "1");
    assert_eq!(
        (code_of(&e.source), code_of(&e.target)),
        ("-", "KENMIL"),
        "{:?}",
        summary(&events)
    );
    // A diplomatic verb's passive is mostly idiom, not a meeting.
    let events = code("Any Kenyan incursion would be met with a firm response.");
    assert!(
        events.iter().all(|e| !e.cameo.starts_with("04")),
        "{:?}",
        summary(&events)
    );
    // A noun alone is still only a topic.
    let events = code("Sanctions on Kenya were discussed in parliament.");
    assert!(
        events.iter().all(|e| !e.cameo.starts_with("16")),
        "{:?}",
        summary(&events)
    );
    // "The gunmen": an irregular plural still names its agent.
    let events = code("The gunmen killed two Kenyan soldiers.");
    assert!(!events.is_empty(), "{:?}", summary(&events));
}

#[test]
fn a_count_of_people_is_the_people_counted() {
    let events = code("Tens of thousands of Kenyan teachers marched through Nairobi on Monday.");
    let e = find(&events, "14");
    assert!(
        code_of(&e.source).starts_with("KEN"),
        "{:?}",
        summary(&events)
    );
}

#[test]
fn common_wire_phrasings_of_hosting_easing_investigating_and_reducing() {
    let first = |text: &str| -> String {
        let events = code(text);
        events
            .first()
            .map_or_else(|| "none".to_string(), |e| e.cameo.clone())
    };
    let cases = [
        ("The Peruvian president gave a warm welcome to the visiting Chilean foreign minister.", "043"),
        ("Kenya has cancelled restrictions on Somali traders, officials said.", "081"),
        ("The IAEA dispatched inspectors to Syria on Monday.", "090"),
        ("Chile's supreme court opened a hearing into the army's treatment of detained students.", "090"),
        ("Spanish judges put the Moroccan minister under investigation on Friday.", "090"),
        ("Turkey has strengthened its forces along the Syrian border.", "154"),
        ("The United Nations has reduced food supplies to refugee camps in Kenya.", "1623"),
        ("Sweden suspended its aid program for Mali after the coup.", "162"),
        ("Eritrea forced the Ethiopian diplomats out of the country last week.", "166"),
        ("Belarusian police prevented a demonstration outside the parliament in Minsk.", "1721"),
        ("Israel reimposed a closure on the West Bank after the shooting.", "191"),
        ("Greek border guards abused Syrian refugees, a rights group said.", "182"),
    ];
    for (text, cameo) in cases {
        assert_eq!(first(text), cameo, "{text}");
    }
}

#[test]
fn organizing_or_calling_a_strike_is_striking() {
    let events = code("Bolivian opposition parties organized a general strike in La Paz.");
    let e = find(&events, "14");
    assert!(
        code_of(&e.source).starts_with("BOL"),
        "{:?}",
        summary(&events)
    );
}

#[test]
fn an_it_before_a_readiness_adjective_is_the_one_who_is_ready() {
    let events = code("Armenia says it is willing to withdraw its troops from Azerbaijan.");
    let first = events
        .first()
        .map(|e| (code_of(&e.source), e.cameo.as_str()));
    assert_eq!(first, Some(("ARM", "0356")), "{:?}", summary(&events));
}

#[test]
fn violence_done_by_a_thing_is_done_by_someone_unnamed() {
    let events = code("A roadside bomb killed two Kenyan soldiers near Mandera on Tuesday.");
    let e = find(&events, "1");
    assert_eq!(
        (code_of(&e.source), code_of(&e.target)),
        ("-", "KENMIL"),
        "{:?}",
        summary(&events)
    );
    // Not a cooperative or verbal act: "the report praised Kenya" names no one who praised.
    let events = code("The report praised Kenyan soldiers for their courage.");
    assert!(events.is_empty(), "{:?}", summary(&events));
}

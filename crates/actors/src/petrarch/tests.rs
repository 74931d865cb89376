//! Tests of the PETRARCH readers on small synthetic snippets, and loading of the reference
//! dictionaries when they are present.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;
use crate::dict::{Kind, Period};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn syntax_line(err: DictError) -> (usize, String) {
    match err {
        DictError::Syntax { origin, message } => (origin.line, message),
        other => panic!("not a syntax error: {other}"),
    }
}

const ACTORS: &str = "\
<!-- synthetic test actors -->
# a comment line
ZORBLAND_  [ZRB]
+ZORBLANDER_
+ZORB_CITY # the capital

QUUX_FOOBAR_  # a person, codes below
+Q._FOOBAR
\t[ZRBGOV <950601]
\t[ZRBGOV 19950602 - 990815]
\t[ZRBMIL > 990816]
\t[ZRBELI]
WIDGET PARTY [ZRBPTY]
EMPTY_ONE
MULTI_CODED_\t[ZRBGOV 010101-031231] [IGOUNOMED] [IGOUNO >20040101]\t[---]
BLORT_JONES [ZRBGOV 20080101]
LOWER [pse]
PRIMARY_NAME
\tCONTINUED_NAME\t[XYZ]
";

#[test]
fn actors_with_synonyms_dated_codes_and_fallbacks() {
    let mut warnings = Vec::new();
    let dict =
        read_actors_with_warnings(ACTORS, "Test.Countries.actors.txt", &mut warnings).unwrap();
    let names: Vec<&str> = dict.entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "ZORBLAND",
            "QUUX FOOBAR",
            "WIDGET PARTY",
            "MULTI CODED",
            "BLORT JONES",
            "LOWER",
            "PRIMARY NAME"
        ]
    );

    let country = &dict.entries[0];
    assert_eq!(country.aliases, ["ZORBLANDER", "ZORB CITY"]);
    assert_eq!(
        (
            country.code.as_str(),
            country.kind,
            country.country.as_str()
        ),
        ("ZRB", Kind::Country, "ZRB")
    );
    assert!(country.roles.is_empty());
    assert_eq!(country.origin.line, 3);
    assert_eq!(&*country.origin.file, "Test.Countries.actors.txt");

    let person = &dict.entries[1];
    assert_eq!(person.aliases, ["Q. FOOBAR"]);
    assert_eq!(
        (person.code.as_str(), person.kind, person.country.as_str()),
        ("ZRBELI", Kind::Person, "ZRB")
    );
    let periods: Vec<(&str, Period)> = person
        .roles
        .iter()
        .map(|r| (r.code.as_str(), r.period))
        .collect();
    assert_eq!(
        periods,
        [
            (
                "ZRBGOV",
                Period {
                    from: None,
                    to: Some(d(1995, 6, 1))
                }
            ),
            (
                "ZRBGOV",
                Period {
                    from: Some(d(1995, 6, 2)),
                    to: Some(d(1999, 8, 15))
                }
            ),
            (
                "ZRBMIL",
                Period {
                    from: Some(d(1999, 8, 16)),
                    to: None
                }
            ),
        ]
    );
    assert_eq!(person.origin.line, 7);

    assert_eq!(dict.entries[2].kind, Kind::Organization);

    // Two undated codes: the first is the fallback, the second can never apply.
    let multi = &dict.entries[3];
    assert_eq!(multi.code, "IGOUNOMED");
    assert_eq!(multi.roles.len(), 2);
    assert_eq!(multi.roles[1].code, "IGOUNO");
    assert_eq!(
        multi.roles[1].period,
        Period {
            from: Some(d(2004, 1, 1)),
            to: None
        }
    );
    assert_eq!(multi.country, "ZRB");

    // A bare date reads as "from".
    let bare = &dict.entries[4];
    assert_eq!(
        bare.roles[0].period,
        Period {
            from: Some(d(2008, 1, 1)),
            to: None
        }
    );
    assert_eq!(dict.entries[5].code, "PSE");

    // An indented name line is a synonym of the entry above.
    let cont = &dict.entries[6];
    assert_eq!(
        (cont.aliases.as_slice(), cont.code.as_str()),
        (&["CONTINUED NAME".to_string()][..], "XYZ")
    );

    let lines: Vec<usize> = warnings.iter().map(|w| w.origin.line).collect();
    assert_eq!(lines, [14, 15, 16], "{warnings:#?}"); // EMPTY_ONE, [---] ignored, bare date
    assert!(warnings[0].message.contains("no code"));
}

#[test]
fn name_lines_without_plus_and_text_after_codes() {
    let text = "\
ALPHA_ONE_
ALPHA_ONE_TITLED
ALPHA
\t[ZRBGOV >20000101]
BETA [ZRBBUS]\tShipping\t$1,000
LONE
+LONE_TWO
GAMMA
\t[ZRB]
";
    let mut warnings = Vec::new();
    let dict = read_actors_with_warnings(text, "t.actors.txt", &mut warnings).unwrap();
    let entries: Vec<(&str, usize, &str, usize)> = dict
        .entries
        .iter()
        .map(|e| {
            (
                e.name.as_str(),
                e.aliases.len(),
                e.code.as_str(),
                e.roles.len(),
            )
        })
        .collect();
    assert_eq!(
        entries,
        [
            ("ALPHA ONE", 2, "", 1),
            ("BETA", 0, "ZRBBUS", 0),
            ("GAMMA", 0, "ZRB", 0)
        ]
    );
    let lines: Vec<usize> = warnings.iter().map(|w| w.origin.line).collect();
    assert_eq!(lines, [2, 3, 5, 6], "{warnings:#?}");
    assert!(warnings[2].message.contains("Shipping"));
}

#[test]
fn kind_heuristics() {
    let text = "\
TERRITORY_  [ZRBTER]
ZED_ZEDSON_  # person layout
\t[ZRBELI]
PRESIDENT_ALF_BETA [ZRBGOV]
ALF_B._GAMMA [ZRBGOV]
U.N._MONITOR [IGOUNO]
OLDLAND
\t[ZRB <20030320]
\t[ZRBOCC 20030321-20060520]
PEOPLES_FRONT_OF_ZORB
\t[ZRBREB 19830101-20110711]
";
    let kinds: Vec<Kind> = read_actors(text, "x/Zorb.Countries.actors.txt")
        .unwrap()
        .entries
        .iter()
        .map(|e| e.kind)
        .collect();
    use Kind::*;
    assert_eq!(
        kinds,
        [
            Place,
            Person,
            Person,
            Person,
            Organization,
            Country,
            Organization
        ]
    );
    // Outside a countries file a bare country code is no proof of a country.
    let other = read_actors("ZORBLAND [ZRB]\n", "Test.actors.txt").unwrap();
    assert_eq!(other.entries[0].kind, Organization);
}

#[test]
fn malformed_actor_lines_name_their_line() {
    let cases = [
        ("A [X]\nB [Y\n", 2, "unterminated"),
        ("A [X]\n\nB\n\t[Y <95o601]\n", 4, "invalid date restriction"),
        ("A [X]\nB\n\t[Y 950631-960101]\n", 3, "calendar"),
        ("A [X]\nB\n\t[Y 9506-960101]\n", 3, "digits"),
        ("# c\n+SYN\nA [X]\n", 2, "no actor before"),
        ("\t[X]\nA [X]\n", 1, "no actor before"),
        ("A [X] junk [Y]\n", 1, "between code brackets"),
        ("A [X]\nB [ ]\n", 2, "empty code"),
        ("A [X]\n+_\n", 2, "empty synonym"),
        ("A ] [X]\n", 1, "without `[`"),
    ];
    for (text, line, what) in cases {
        let (l, m) = syntax_line(read_actors(text, "t.actors.txt").unwrap_err());
        assert_eq!(l, line, "{text:?}: {m}");
        assert!(m.contains(what), "{text:?}: {m}");
    }
}

#[test]
fn agents_with_tildes_plurals_and_substitution_sets() {
    let text = "\
<!-- synthetic agents -->
!HUMAN! = MAN, WOMEN , PERSON
WIDGET_MAKER [~BUS]
GIZMO!HUMAN! [~GIZ] # three rows
FLOCK_OF_GEESE {FLOCKS_OF_GEESE} [~AGR]
POLICE {} [ ~COP]
HELPERS_GROUP  [NGO~]
NO_CODE_HERE
BROKEN_BRACE [~ENV}
AD!HUMAN!ISTRATOR [~GOV]
";
    let mut warnings = Vec::new();
    let dict = read_agents_with_warnings(text, "t.agents.txt", &mut warnings).unwrap();
    let rows: Vec<(&str, &str, usize)> = dict
        .agents
        .iter()
        .map(|a| (a.sector.as_str(), a.noun.as_str(), a.origin.line))
        .collect();
    // `[NGO~]` puts its code before the actor's; `[~COP]`, `[ ~COP]` after it.
    let prefixed: Vec<&str> = dict
        .agents
        .iter()
        .filter(|a| a.prefix)
        .map(|a| a.noun.as_str())
        .collect();
    assert_eq!(prefixed, ["helpers group"]);
    // Braces list the forms: those rows match only as written.
    let exact: Vec<&str> = dict
        .agents
        .iter()
        .filter(|a| a.exact)
        .map(|a| a.noun.as_str())
        .collect();
    assert_eq!(exact, ["flock of geese", "flocks of geese", "police"]);
    assert_eq!(
        rows,
        [
            ("BUS", "widget maker", 3),
            ("GIZ", "gizmoman", 4),
            ("GIZ", "gizmowomen", 4),
            ("GIZ", "gizmoperson", 4),
            ("AGR", "flock of geese", 5),
            ("AGR", "flocks of geese", 5),
            ("COP", "police", 6),
            ("NGO", "helpers group", 7),
            ("ENV", "broken brace", 9),
            ("GOV", "adhumanistrator", 10),
        ]
    );
    let lines: Vec<usize> = warnings.iter().map(|w| w.origin.line).collect();
    assert_eq!(lines, [8, 9, 10], "{warnings:#?}");
}

#[test]
fn malformed_agent_lines_name_their_line() {
    let cases = [
        ("A [~X]\nB!NOPE! [~Y]\n", 2, "undefined substitution marker"),
        ("A [~X]\nB!OPEN [~Y]\n", 2, "unterminated `!`"),
        ("!BAD = A\n", 1, "not of the form"),
        ("A [~X]\n\nB {C [~Y]\n", 3, "unterminated `{`"),
        ("A [~]\n", 1, "empty agent code"),
        ("A [~X\n", 1, "unterminated"),
        ("{} [~X]\n", 1, "no noun"),
    ];
    for (text, line, what) in cases {
        let (l, m) = syntax_line(read_agents(text, "t.agents.txt").unwrap_err());
        assert_eq!(l, line, "{text:?}: {m}");
        assert!(m.contains(what), "{text:?}: {m}");
    }
}

#[test]
fn discards_at_sentence_and_story_level() {
    let text = "# discards\nMONTHS_LATER\n+ Grand Widget Cup   # sports\nQUIZ SHOW [###]\n";
    let dict = read_discards(text, "t.discards.txt").unwrap();
    let rows: Vec<(&str, bool, usize)> = dict
        .discards
        .iter()
        .map(|x| (x.phrase.as_str(), x.story, x.origin.line))
        .collect();
    assert_eq!(
        rows,
        [
            ("MONTHS LATER", false, 2),
            ("Grand Widget Cup", true, 3),
            ("QUIZ SHOW", false, 4)
        ]
    );
    let (l, m) = syntax_line(read_discards("A\n+\n", "t").unwrap_err());
    assert_eq!(l, 2, "{m}");
    assert_eq!(syntax_line(read_discards("A [B\n", "t").unwrap_err()).0, 1);
}

const VERBS: &str = "\
<!-- synthetic verbs -->
####### SYNSETS #######
&GADGET
+GIZMO
+DOO_HICKEY_
&HELPVERB_
+WOULD
+IS_TO

&GADGET_SET
+WIDGET

--- ZAP  [171]  ---
ZAP
BLAST {BLASTS BLASTED BLASTING }  # note
FRY [172]
+POWER_UP {+POWERS_UP +POWERED_UP} [:173]
RE_+ZAP
- * &GADGET (AT +) [173:174]        # gadget
- $ WOULD_* {BIG &GADGET} [180]
- * (WITH FIRE/FLAME) ^ [---]
- *SCEPTICAL ) [012]
- * &GADGET_SET_TWO [013]
- % * &NOPE [014]

--- NOTHING ---
IDLE
- * AROUND [---]

~ a (a b ZAP) SAY = a b 015
ORPHAN [020]
- * HARD [021]
HUSH
";

#[test]
fn verbs_blocks_patterns_synsets_and_transformations() {
    let mut warnings = Vec::new();
    let dict = read_verbs_with_warnings(VERBS, "t.verbs.txt", &mut warnings).unwrap();
    assert_eq!(dict.synsets.len(), 3);
    let gadget = dict.synset("&gadget").unwrap();
    let members: Vec<(&str, bool)> = gadget
        .members
        .iter()
        .map(|m| (m.phrase.as_str(), m.plural))
        .collect();
    assert_eq!(members, [("GIZMO", true), ("DOO HICKEY", false)]);
    let help = dict.synset("HELPVERB").unwrap();
    assert!(!help.plurals && help.members.iter().all(|m| !m.plural));
    assert_eq!(help.members[1].phrase, "IS TO");

    let names: Vec<&str> = dict.blocks.iter().map(|b| b.name.as_str()).collect();
    assert_eq!(names, ["ZAP", "NOTHING", "ORPHAN", "HUSH"]);
    let zap = &dict.blocks[0];
    assert_eq!((zap.code.primary.as_str(), zap.origin.line), ("171", 13));
    assert!(dict.blocks[1].code.is_null());

    let verbs: Vec<(String, &str, bool)> = zap
        .verbs
        .iter()
        .map(|v| (v.lemma.text(), v.code.raw.as_str(), v.own_code))
        .collect();
    assert_eq!(
        verbs,
        [
            ("ZAP".to_string(), "171", false),
            ("BLAST".to_string(), "171", false),
            ("FRY".to_string(), "172", true),
            ("POWER UP".to_string(), ":173", true),
            ("RE ZAP".to_string(), "171", false),
        ]
    );
    let texts = |v: &super::Verb| {
        v.all_forms()
            .iter()
            .map(VerbPhrase::text)
            .collect::<Vec<_>>()
    };
    assert_eq!(texts(&zap.verbs[0]), ["ZAP", "ZAPS", "ZAPED", "ZAPING"]);
    assert_eq!(
        texts(&zap.verbs[1]),
        ["BLAST", "BLASTS", "BLASTED", "BLASTING"]
    );
    assert_eq!(texts(&zap.verbs[2]), ["FRY", "FRIES", "FRIED", "FRYING"]);
    assert_eq!(
        texts(&zap.verbs[3]),
        ["POWER UP", "POWERS UP", "POWERED UP"]
    );
    assert_eq!(zap.verbs[3].forms[0].head_word(), "POWERS");
    assert_eq!(zap.verbs[4].lemma.head_word(), "ZAP");
    assert_eq!(
        texts(&zap.verbs[4]),
        ["RE ZAP", "RE ZAPS", "RE ZAPED", "RE ZAPING"]
    );
    assert_eq!(zap.verbs[3].code.paired.as_deref(), Some("173"));
    assert_eq!(zap.verbs[3].code.primary, "");

    use Token::*;
    let w = |s: &str| Word(s.to_string());
    let p = &zap.patterns;
    assert_eq!(p.len(), 6);
    assert_eq!(
        p[0].tokens,
        [
            Verb,
            Synset("GADGET".into()),
            PrepPhrase(vec![w("AT"), Target])
        ]
    );
    assert_eq!(
        (p[0].code.primary.as_str(), p[0].code.paired.as_deref()),
        ("173", Some("174"))
    );
    assert_eq!(p[0].text, "* &GADGET (AT +)");
    assert_eq!(p[0].origin.line, 19);
    assert_eq!(p[0].verb_position(), Some(0));
    assert_eq!(
        p[1].tokens,
        [
            Source,
            w("WOULD"),
            Join,
            Verb,
            NounPhrase(vec![w("BIG"), Synset("GADGET".into())])
        ]
    );
    assert_eq!(
        p[2].tokens,
        [
            Verb,
            PrepPhrase(vec![
                w("WITH"),
                Alternatives(vec!["FIRE".into(), "FLAME".into()])
            ]),
            Skip
        ]
    );
    assert!(p[2].code.is_null());
    assert_eq!(p[3].tokens, [Raw("*SCEPTICAL".into()), Raw(")".into())]);
    // `&GADGET_SET_TWO`: the longest defined synset name wins, the rest stays joined.
    assert_eq!(
        p[4].tokens,
        [Verb, Synset("GADGET_SET".into()), Join, w("TWO")]
    );
    assert_eq!(p[5].tokens, [Compound, Verb, Synset("NOPE".into())]);

    assert_eq!(dict.transformations.len(), 1);
    assert_eq!(dict.transformations[0].pattern, "a (a b ZAP) SAY");
    assert_eq!(dict.transformations[0].result, "a b 015");

    // Without a header, a verb after patterns starts a new block.
    assert_eq!(dict.blocks[2].verbs[0].code.raw, "020");
    assert_eq!(dict.blocks[2].patterns.len(), 1);
    assert!(dict.blocks[3].verbs[0].code.is_null());
    assert_eq!((dict.verb_count(), dict.pattern_count()), (8, 8));

    let found: Vec<&str> = dict
        .lookup("powered  up")
        .iter()
        .map(|(b, _)| b.name.as_str())
        .collect();
    assert_eq!(found, ["ZAP"]);
    assert!(dict.lookup("BLASTED").len() == 1 && dict.lookup("BLASTER").is_empty());

    let undefined: Vec<usize> = warnings.iter().map(|w| w.origin.line).collect();
    assert_eq!(undefined, [24], "{warnings:#?}");
    assert!(warnings[0].message.contains("&NOPE"));
}

#[test]
fn malformed_verb_lines_name_their_line() {
    let cases = [
        ("--- A [010] ---\nA\n- * B\n", 3, "no [code]"),
        ("--- A [010] ---\nA\n- * B [01\n", 3, "unterminated"),
        ("- * B [010]\n", 1, "before any verb"),
        ("--- A [010] ---\nA {AS AED\n", 2, "unterminated `{`"),
        ("--- A [010 ---\n", 1, "unterminated"),
        ("&\n", 1, "no name"),
        ("&S\n+_\n", 2, "empty synset phrase"),
        ("~ a b\n", 1, "no `=`"),
        ("--- A [010] ---\nA {AS} junk\n", 2, "unexpected text"),
        ("--- A ---\nA []\n", 2, "empty code"),
    ];
    for (text, line, what) in cases {
        let (l, m) = syntax_line(read_verbs(text, "t.verbs.txt").unwrap_err());
        assert_eq!(l, line, "{text:?}: {m}");
        assert!(m.contains(what), "{text:?}: {m}");
    }
}

#[test]
fn regular_verb_forms() {
    assert_eq!(regular_forms("MARCH"), ["MARCHES", "MARCHED", "MARCHING"]);
    assert_eq!(regular_forms("agree"), ["agrees", "agreed", "agreeing"]);
    assert_eq!(regular_forms("STATE"), ["STATES", "STATED", "STATING"]);
    assert_eq!(regular_forms("DELAY"), ["DELAYS", "DELAYED", "DELAYING"]);
    assert!(regular_forms("").is_empty());
}

#[test]
fn kinds_are_detected_from_names_then_content() {
    let p = Path::new;
    assert_eq!(detect_kind(p("x/Phoenix.agents.txt"), ""), FileKind::Agents);
    assert_eq!(
        detect_kind(p("PETR.Validate.verbs.txt"), ""),
        FileKind::Verbs
    );
    assert_eq!(detect_kind(p("My.Discards.txt"), ""), FileKind::Discards);
    assert_eq!(detect_kind(p("a.actors.txt"), VERBS), FileKind::Actors);
    assert_eq!(detect_kind(p("CAMEO.2.0.txt"), VERBS), FileKind::Verbs);
    assert_eq!(detect_kind(p("x.txt"), ACTORS), FileKind::Actors);
    assert_eq!(
        detect_kind(p("x.txt"), "A [~GOV]\nB {} [~MIL]\n"),
        FileKind::Agents
    );
    assert_eq!(
        detect_kind(p("x.txt"), "MONTHS LATER\n+ESPN\n"),
        FileKind::Discards
    );
}

#[test]
fn load_file_dispatches_and_reports_io_errors() {
    let dir = std::env::temp_dir().join(format!("sitrep-petrarch-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let verbs = dir.join("Test.verbs.txt");
    std::fs::write(&verbs, VERBS).unwrap();
    let (dict, v) = load_file(&verbs).unwrap();
    assert_eq!(dict, Dictionary::default());
    assert_eq!(v.unwrap().blocks.len(), 4);
    let agents = dir.join("Test.agents.txt");
    std::fs::write(&agents, b"CAF\xc9_OWNER [~BUS]\n").unwrap();
    let (dict, v) = load_file(&agents).unwrap();
    assert!(v.is_none());
    assert_eq!(dict.agents[0].noun, "caf\u{fffd} owner");
    assert!(matches!(
        load_file(&dir.join("missing.actors.txt")),
        Err(DictError::Io { .. })
    ));
    std::fs::remove_dir_all(&dir).unwrap();
}

fn reference_files() -> Option<Vec<PathBuf>> {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    let phoenix = shared.join("reference/phoenix-dictionaries");
    let gold = shared.join("gold/petrarch2-unittest");
    let mut files = Vec::new();
    for (dir, keep) in [(&phoenix, None), (&gold, Some("PETR.Validate."))] {
        let Ok(read) = std::fs::read_dir(dir) else {
            println!("SKIPPED: {} not found", dir.display());
            return None;
        };
        for entry in read {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if name.ends_with(".txt") && keep.is_none_or(|k| name.starts_with(k)) {
                files.push(path);
            }
        }
    }
    files.sort();
    Some(files)
}

#[test]
fn every_reference_file_loads() {
    let Some(files) = reference_files() else {
        println!("SKIPPED: PETRARCH reference dictionaries not found; nothing checked");
        return;
    };
    assert!(files.len() >= 10, "{files:?}");
    let mut total = Dictionary::default();
    let mut all_verbs = VerbDictionary::default();
    for path in &files {
        let mut warnings = Vec::new();
        let (dict, verbs) = load_file_with_warnings(path, &mut warnings)
            .unwrap_or_else(|e| panic!("{} does not load: {e}", path.display()));
        let name = path.file_name().unwrap().to_string_lossy();
        let roles: usize = dict.entries.iter().map(|e| e.roles.len()).sum();
        let (blocks, verb_count, patterns, synsets) = verbs.as_ref().map_or((0, 0, 0, 0), |v| {
            (
                v.blocks.len(),
                v.verb_count(),
                v.pattern_count(),
                v.synsets.len(),
            )
        });
        let mut kinds = std::collections::BTreeMap::new();
        for e in &dict.entries {
            *kinds.entry(e.kind.as_str()).or_insert(0usize) += 1;
        }
        println!(
            "{name}: entries {} (kinds {kinds:?}), roles {roles}, agents {}, discards {}, \
             blocks {blocks}, verbs {verb_count}, patterns {patterns}, synsets {synsets}, warnings {}",
            dict.entries.len(),
            dict.agents.len(),
            dict.discards.len(),
            warnings.len(),
        );
        for w in warnings.iter().take(40) {
            println!("    warning {w}");
        }
        total.extend(dict);
        if let Some(v) = verbs {
            all_verbs.extend(v);
        }
    }
    let roles: usize = total.entries.iter().map(|e| e.roles.len()).sum();
    assert!(
        total.entries.len() >= 15_000,
        "{} entries",
        total.entries.len()
    );
    assert!(roles >= 25_000, "{roles} roles");
    assert!(total.agents.len() >= 2_500, "{} agents", total.agents.len());
    assert!(
        total.discards.len() >= 400,
        "{} discards",
        total.discards.len()
    );
    assert!(
        all_verbs.verb_count() >= 1_500,
        "{} verbs",
        all_verbs.verb_count()
    );
    assert!(
        all_verbs.pattern_count() >= 5_000,
        "{} patterns",
        all_verbs.pattern_count()
    );
    assert!(
        total
            .entries
            .iter()
            .filter(|e| e.kind == Kind::Country)
            .count()
            >= 150
    );
    assert!(
        total
            .entries
            .iter()
            .filter(|e| e.kind == Kind::Person)
            .count()
            >= 10_000
    );
    assert!(total
        .agents
        .iter()
        .all(|a| !a.noun.is_empty() && !a.sector.contains('~')));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn readers_never_panic(text in "(?s)[\\[\\]{}()<>!#;+&~*$%^_=,:/ \\t\\n\\-A-Z0-9a-z.]{0,200}") {
        let _ = read_actors(&text, "p.actors.txt");
        let _ = read_actors(&text, "p.Countries.actors.txt");
        let _ = read_agents(&text, "p.agents.txt");
        let _ = read_discards(&text, "p.discards.txt");
        let _ = read_verbs(&text, "p.verbs.txt");
        let _ = detect_kind(Path::new("p.txt"), &text);
    }

    #[test]
    fn readers_never_panic_on_any_string(text in any::<String>()) {
        let _ = read_actors(&text, "p.actors.txt");
        let _ = read_agents(&text, "p.agents.txt");
        let _ = read_discards(&text, "p.discards.txt");
        let _ = read_verbs(&text, "p.verbs.txt");
    }

    #[test]
    fn dated_lines_never_panic(code in "[A-Za-z]{1,9}", r in "[<> ]{0,2}[0-9]{0,11}(-[0-9 ]{0,11})?") {
        let _ = read_actors(&format!("A\n\t[{code} {r}]\n"), "p.actors.txt");
    }
}

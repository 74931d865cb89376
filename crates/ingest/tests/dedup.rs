//! The near-duplicate threshold, measured on pairs written for the purpose: the same wire story
//! as different outlets run it (boilerplate added, paragraphs cut, sentences edited) against
//! different stories on the same crisis, which share its names, places and phrasing.
//! `cargo test -p sitrep-ingest --test dedup -- --nocapture` prints the similarity ranges and
//! precision/recall.

use sitrep_ingest::dedup::{signature_of, similarity, Deduper, DuplicateKind, DEFAULT_THRESHOLD};

/// Six wire stories on one crisis, written for this test.
const STORIES: [&str; 6] = [
    "Negotiators from Veldora and Ostmark left the border town of Kharlivka on Thursday without an agreement, as satellite images showed armoured columns gathering less than twenty kilometres from the crossing.\n\nThe Ostmark foreign minister, Pavel Draganov, said his delegation had offered to withdraw two brigades in exchange for international monitors, but that Veldora had rejected the proposal within minutes.\n\nVeldora's defence ministry denied that any troops had moved toward the frontier and accused Ostmark of staging provocations to justify new sanctions.\n\nThe United Nations called on both governments to return to talks next week.",
    "Hundreds of families left Kharlivka on Friday, loading cars and buses with whatever they could carry, a day after talks between Veldora and Ostmark broke down.\n\nThe town's only hospital asked for blood donors and moved its patients to the basement, its director told reporters, saying staff had been told to prepare for casualties.\n\nAid groups said the road to the regional capital was jammed for forty kilometres, and that fuel had run out at the last two petrol stations before the checkpoint.\n\nLocal officials opened three schools as shelters for those who had nowhere else to go.",
    "Ostmark's parliament voted on Saturday to impose new sanctions on Veldora, freezing the assets of eleven officials and banning imports of Veldoran steel and grain.\n\nThe measures passed by 214 votes to 31 after a debate in which the prime minister, Lena Hartig, accused Veldora of preparing an invasion under the cover of military exercises.\n\nVeldora's embassy called the sanctions an act of economic aggression and said its government would respond in kind within days.\n\nTraders in the capital said grain prices had risen by a fifth since the start of the month.",
    "Artillery fire was heard overnight near the Kharlivka crossing, residents said on Sunday, the first reported shelling since Veldoran troops began exercises near the border two weeks ago.\n\nNo casualties were reported, but a power line was cut and much of the town was without electricity by morning, the regional governor said.\n\nVeldora's defence ministry said its forces had returned fire after being shelled from Ostmark's side of the frontier, a claim Ostmark rejected as a fabrication.\n\nObservers from the regional bloc said they could not confirm who fired first.",
    "The regional bloc agreed on Monday to send forty unarmed monitors to the border between Veldora and Ostmark, its secretary general said after an emergency meeting in the capital.\n\nThe first monitors are expected in Kharlivka by Wednesday and will patrol both sides of the crossing if the two governments grant them access, he said.\n\nOstmark welcomed the decision at once; Veldora said it would study the proposal but warned that foreign observers could not be allowed near military sites.\n\nThe bloc also pledged emergency aid for the families who fled the town last week.",
    "Thousands of people marched through the capital of Veldora on Tuesday to protest against the threat of war with Ostmark, in the largest demonstration the country has seen in a decade.\n\nPolice detained at least sixty protesters near the defence ministry, according to a rights group, which said several journalists were among those held.\n\nThe interior minister said the march had been organised by foreign agents and that those detained would face charges of public disorder.\n\nOpposition leaders called for a second protest on Saturday and for the release of everyone detained.",
];

const HEADER: &str = "Skip to main content. Home World Politics Business Sport Weather. Subscribe now for unlimited access. Advertisement.";
const FOOTER: &str = "Reporting by staff correspondents; editing by the news desk. Copyright 2022 The Northern Ledger. All rights reserved. Sign up for our daily newsletter. Related: five things to know about the crisis.";

fn paragraphs(s: &str) -> Vec<&str> {
    s.split("\n\n").collect()
}

/// How outlets run a wire story.
fn variants(story: &str) -> Vec<String> {
    let p = paragraphs(story);
    let first_sentence_edit =
        story
            .replacen(" said ", " told reporters ", 1)
            .replacen("on ", "early on ", 1);
    vec![
        // Site boilerplate around the whole story.
        format!("{HEADER}\n\n{story}\n\n{FOOTER}"),
        // Last paragraph cut, boilerplate added.
        format!("{HEADER}\n\n{}\n\n{FOOTER}", p[..p.len() - 1].join("\n\n")),
        // Sentences edited, an outlet's own paragraph added.
        format!(
            "{first_sentence_edit}\n\nOur correspondent in the region, who visited the area last month, said residents had feared such a turn for weeks and many had already sent their children to relatives further west."
        ),
        // Only the first half, as a brief.
        format!("{}\n\n{FOOTER}", p[..2].join("\n\n")),
    ]
}

#[test]
fn the_near_duplicate_threshold_separates_copies_from_other_stories() {
    // Every document: (story index, text).
    let mut docs: Vec<(usize, String)> = Vec::new();
    for (i, s) in STORIES.iter().enumerate() {
        docs.push((i, s.to_string()));
        for v in variants(s) {
            docs.push((i, v));
        }
    }
    let sigs: Vec<_> = docs.iter().map(|(_, t)| signature_of(t)).collect();
    let (mut same, mut different) = (Vec::new(), Vec::new());
    for a in 0..docs.len() {
        for b in a + 1..docs.len() {
            let sim = similarity(&sigs[a], &sigs[b]);
            if docs[a].0 == docs[b].0 {
                same.push(sim);
            } else {
                different.push(sim);
            }
        }
    }
    let range = |v: &[f64]| {
        let min = v.iter().cloned().fold(f64::INFINITY, f64::min);
        let max = v.iter().cloned().fold(0.0, f64::max);
        (min, max)
    };
    println!(
        "same story:      {} pairs, similarity {:.2}..{:.2}",
        same.len(),
        range(&same).0,
        range(&same).1
    );
    println!(
        "different story: {} pairs, similarity {:.2}..{:.2}",
        different.len(),
        range(&different).0,
        range(&different).1
    );
    let mut at_default = None;
    for threshold in [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6] {
        let tp = same.iter().filter(|s| **s >= threshold).count() as f64;
        let fp = different.iter().filter(|s| **s >= threshold).count() as f64;
        let precision = if tp + fp > 0.0 { tp / (tp + fp) } else { 1.0 };
        let recall = tp / same.len() as f64;
        println!("threshold {threshold:.2}: precision {precision:.3} recall {recall:.3}");
        if threshold == DEFAULT_THRESHOLD {
            at_default = Some((precision, recall));
        }
    }
    let (precision, recall) = at_default.expect("the default threshold is among those measured");
    assert!(
        precision >= 0.95 && recall >= 0.9,
        "at the default threshold: P {precision} R {recall}"
    );

    // The batch view: in input order, each copy should point at an earlier version of its own
    // story, and each story's first version at nothing.
    let mut deduper = Deduper::default();
    let (mut right, mut wrong, mut missed, mut false_alarm) = (0, 0, 0, 0);
    for (n, (story, text)) in docs.iter().enumerate() {
        let id = format!("s{story}-{n}");
        let first_of_story = n == 0 || docs[n - 1].0 != *story;
        match deduper.check(&id, text) {
            None if first_of_story => {}
            None => missed += 1,
            Some(_) if first_of_story => false_alarm += 1,
            Some(dup) if dup.of.starts_with(&format!("s{story}-")) => {
                assert_eq!(dup.kind, DuplicateKind::Near);
                right += 1;
            }
            Some(_) => wrong += 1,
        }
    }
    println!("batch: {right} copies found, {missed} missed, {wrong} taken for another story, {false_alarm} originals flagged");
    assert!(
        wrong + false_alarm == 0 && right >= 22,
        "{right} {missed} {wrong} {false_alarm}"
    );
}

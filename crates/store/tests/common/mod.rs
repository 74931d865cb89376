//! Hand-made `sitrep/1` records for the store's tests and benchmark.
#![allow(dead_code)]

use sitrep_doc::output::{
    ActorOut, Attribution, DateOut, DocMeta, EventOut, LocationOut, MentionOut, Participant,
    QuoteOut, Record, SpanOut, SCHEMA,
};

/// One event to put in a record: source, target, CAMEO code, Goldstein, quad class, modality.
pub type Ev<'a> = (&'a str, &'a str, &'a str, f32, u8, &'a str);

/// A record with the given events, each in its own sentence, with evidence text that names
/// the document so different documents never share evidence by accident.
pub fn record(id: &str, published: &str, events: &[Ev]) -> Record {
    let mut actors: Vec<ActorOut> = Vec::new();
    let actor_id = |code: &str, actors: &mut Vec<ActorOut>| -> String {
        if let Some(a) = actors.iter().find(|a| a.code == code) {
            return a.id.clone();
        }
        let id = format!("A{}", actors.len() + 1);
        actors.push(ActorOut {
            id: id.clone(),
            code: code.into(),
            name: format!("{code} name"),
            kind: "country".into(),
            country: code.get(..3).unwrap_or(code).into(),
            mentions: vec![MentionOut {
                start: 0,
                end: 3,
                text: code.into(),
                sentence: 0,
                how: "name".into(),
            }],
            ..ActorOut::default()
        });
        id
    };
    let mut out = Vec::new();
    for (i, (s, t, cameo, g, q, m)) in events.iter().enumerate() {
        let source = (!s.is_empty()).then(|| Participant {
            actor: actor_id(s, &mut actors),
            code: s.to_string(),
            text: format!("{s} text"),
        });
        let target = (!t.is_empty()).then(|| Participant {
            actor: actor_id(t, &mut actors),
            code: t.to_string(),
            text: format!("{t} text"),
        });
        let evidence = format!("{id} evidence {i}");
        out.push(EventOut {
            id: format!("E{}", i + 1),
            sentence: i,
            source,
            target,
            cameo: cameo.to_string(),
            plover: (!cameo.starts_with("01") && !cameo.starts_with("02"))
                .then(|| "ASSAULT".to_string()),
            plover_mode: None,
            goldstein: *g,
            quad_class: *q,
            modality: m.to_string(),
            modality_trigger: (*m != "asserted").then(|| SpanOut {
                start: 1,
                end: 6,
                text: "would".into(),
            }),
            attribution: Attribution {
                speaker: None,
                via: Some("Wire".into()),
            },
            date: DateOut {
                value: Some(published.to_string()),
                precision: "day".into(),
                text: None,
            },
            location: (i % 2 == 0).then(|| LocationOut {
                name: "Donetsk".into(),
                country: "UKR".into(),
                lat: 48.0,
                lon: 37.8,
                text: Some("Donetsk".into()),
                geonames_id: Some(709717),
            }),
            evidence: SpanOut {
                start: 100 * i,
                end: 100 * i + evidence.len(),
                text: evidence,
            },
            sentence_span: None,
            confidence: 0.75,
            explain: None,
        });
    }
    Record {
        schema: SCHEMA,
        doc: DocMeta {
            id: id.into(),
            title: Some(format!("Title of {id}")),
            published: Some(published.into()),
            site: Some("example.org".into()),
            url: Some(format!("https://example.org/{id}")),
            author: None,
            language: "en".into(),
            republished_from: None,
            duplicate_of: None,
        },
        actors,
        events: out,
        quotes: vec![QuoteOut {
            text: format!("quoted words of {id}"),
            start: 5,
            end: 30,
            kind: "direct".into(),
            speaker: None,
            via: None,
        }],
    }
}

/// The same story under another id (an exact copy as a wire republication makes it).
pub fn copy_of(original: &Record, id: &str) -> Record {
    let mut r = original.clone();
    r.doc.id = id.into();
    r.doc.url = Some(format!("https://other.example/{id}"));
    r.doc.site = Some("other.example".into());
    r
}

/// A deterministic pseudo-random record for load tests: `n` events among a few dozen
/// countries over two years.
pub fn synthetic(i: u64, events: usize) -> Record {
    const CODES: [&str; 24] = [
        "RUS", "UKR", "USA", "CHN", "FRA", "DEU", "GBR", "TUR", "IRN", "ISR", "PSE", "SYR", "IRQ",
        "SAU", "EGY", "IND", "PAK", "AFG", "NGA", "ETH", "SDN", "MLI", "VEN", "COL",
    ];
    const SECTORS: [&str; 6] = ["", "GOV", "MIL", "REB", "COP", "BUS"];
    const CAMEOS: [(&str, f32, u8); 8] = [
        ("010", 0.0, 1),
        ("042", 1.9, 1),
        ("057", 8.0, 1),
        ("070", 7.0, 2),
        ("111", -2.0, 3),
        ("138", -7.0, 3),
        ("190", -10.0, 4),
        ("1951", -10.0, 4),
    ];
    const MODALITIES: [&str; 4] = ["asserted", "asserted", "asserted", "future"];
    let mut x = i.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 0xdead_beef;
    let mut next = move || {
        // xorshift64*: cheap and good enough to spread codes and days.
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    };
    let day = chrono::NaiveDate::from_ymd_opt(2022, 1, 1).unwrap()
        + chrono::Duration::days((next() % 730) as i64);
    let published = day.to_string();
    let mut codes: Vec<String> = Vec::new();
    let mut evs: Vec<(String, String, &str, f32, u8, &str)> = Vec::new();
    for _ in 0..events {
        let s = format!(
            "{}{}",
            CODES[(next() % 24) as usize],
            SECTORS[(next() % 6) as usize]
        );
        let t = format!(
            "{}{}",
            CODES[(next() % 24) as usize],
            SECTORS[(next() % 6) as usize]
        );
        let (cameo, g, q) = CAMEOS[(next() % 8) as usize];
        codes.push(s.clone());
        evs.push((s, t, cameo, g, q, MODALITIES[(next() % 4) as usize]));
    }
    let borrowed: Vec<Ev> = evs
        .iter()
        .map(|(s, t, c, g, q, m)| (s.as_str(), t.as_str(), *c, *g, *q, *m))
        .collect();
    record(&format!("syn-{i}"), &published, &borrowed)
}

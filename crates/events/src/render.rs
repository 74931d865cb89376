//! The `sitrep/1` rendering of coded events and quotes, and the flat renderings (TSV, GDELT
//! 2.0 event columns) made from it, never computed separately.

use sitrep_actors::resolve::Actor;
use sitrep_doc::output::{
    Attribution, DateOut, EventOut, Explain, LocationOut, Participant, QuoteOut, Record, SpanOut,
};
use sitrep_doc::{Doc, Span};

use crate::extract::{Event, Extractor, Role};
use crate::quotes::{Quote, QuoteKind};

fn span_out(doc: &Doc, span: Span) -> SpanOut {
    SpanOut {
        start: span.start,
        end: span.end,
        text: doc.span_text(span).to_string(),
    }
}

fn participant(doc: &Doc, actors: &[Actor], role: Role) -> Participant {
    let actor = &actors[role.actor];
    Participant {
        actor: actor.id.clone(),
        code: crate::extract::actor_code(actor).to_string(),
        text: actor
            .mentions
            .get(role.mention)
            .map(|m| doc.span_text(m.span).to_string())
            .unwrap_or_default(),
    }
}

/// Events in output form, ids `E1`, `E2`, … in text order. An event of an actor with
/// several codes is written once per code ([`per_code`]).
pub fn events(
    extractor: &Extractor,
    doc: &Doc,
    actors: &[Actor],
    events: &[Event],
    explain: bool,
) -> Vec<EventOut> {
    events
        .iter()
        .map(|e| {
            let info = extractor.code_info(&e.code);
            let speaker = match (e.attribution.speaker, e.attribution.speaker_span) {
                (Some(role), _) => Some(participant(doc, actors, role)),
                (None, Some(span)) => Some(Participant {
                    actor: String::new(),
                    code: String::new(),
                    text: doc.span_text(span).to_string(),
                }),
                (None, None) => None,
            };
            let modality_trigger = match (e.modality_tokens.first(), e.modality_tokens.last()) {
                (Some(&a), Some(&b)) => {
                    let tokens = &doc.sentences[e.sentence].tokens;
                    let (a, b) = (a.min(b), a.max(b));
                    Some(span_out(
                        doc,
                        Span::new(tokens[a].span.start, tokens[b].span.end),
                    ))
                }
                _ => None,
            };
            EventOut {
                id: String::new(),
                sentence: e.sentence,
                source: e.source.map(|r| participant(doc, actors, r)),
                target: e.target.map(|r| participant(doc, actors, r)),
                cameo: e.code.clone(),
                plover: info.map(|c| c.plover.clone()).filter(|p| !p.is_empty()),
                plover_mode: info
                    .map(|c| c.plover_mode.clone())
                    .filter(|m| !m.is_empty()),
                goldstein: info.map_or(0.0, |c| c.goldstein),
                quad_class: info.map_or(0, |c| c.quad_class),
                modality: e.modality.as_str().to_string(),
                modality_trigger,
                attribution: Attribution {
                    speaker,
                    via: e.attribution.via.clone(),
                },
                date: DateOut {
                    value: e.date.0.value.map(|d| d.to_string()),
                    precision: e.date.0.precision.as_str().to_string(),
                    text: e.date.1.map(|s| doc.span_text(s).to_string()),
                },
                location: e.location.as_ref().map(|p| LocationOut {
                    name: p.place.name.clone(),
                    country: p.place.country.clone(),
                    lat: p.place.lat,
                    lon: p.place.lon,
                    text: Some(doc.span_text(p.span).to_string()),
                    geonames_id: p.place.geonames_id,
                }),
                evidence: span_out(doc, e.evidence),
                sentence_span: doc.sentences.get(e.sentence).map(|s| span_out(doc, s.span)),
                confidence: (e.confidence * 100.0).round() / 100.0,
                explain: explain.then(|| Explain {
                    pattern: format!(
                        "{}: {}",
                        extractor.pattern_origin(e.pattern),
                        extractor.pattern_text(e.pattern)
                    ),
                    dictionary: [e.source, e.target]
                        .into_iter()
                        .flatten()
                        .map(|r| {
                            let a = &actors[r.actor];
                            match &a.source {
                                Some(o) => format!("{} {} ({o})", a.code, a.name),
                                None => format!("{} {} (no entry)", a.code, a.name),
                            }
                        })
                        .collect(),
                    path: e.path.clone(),
                }),
            }
        })
        .flat_map(per_code)
        .enumerate()
        .map(|(i, e)| EventOut {
            id: format!("E{}", i + 1),
            ..e
        })
        .collect()
}

/// An actor PETRARCH dictionaries give several codes, `/`-separated (`LORIEN [ELR/GAL]`: one
/// name for two actors), takes part in an event once per code, as PETRARCH codes it: the event
/// is written once for each pair of its source's and target's codes, leaving out a pair of
/// equal codes.
pub fn per_code(event: EventOut) -> Vec<EventOut> {
    fn each(p: &Option<Participant>) -> Vec<Option<Participant>> {
        match p {
            Some(p) if p.code.contains('/') => p
                .code
                .split('/')
                .filter(|c| !c.is_empty())
                .map(|c| {
                    Some(Participant {
                        code: c.to_string(),
                        ..p.clone()
                    })
                })
                .collect(),
            _ => vec![p.clone()],
        }
    }
    let (sources, targets) = (each(&event.source), each(&event.target));
    if sources.len() == 1 && targets.len() == 1 {
        return vec![event];
    }
    let mut out = Vec::new();
    for source in &sources {
        for target in &targets {
            if let (Some(s), Some(t)) = (source, target) {
                if s.code == t.code {
                    continue;
                }
            }
            out.push(EventOut {
                source: source.clone(),
                target: target.clone(),
                ..event.clone()
            });
        }
    }
    out
}

/// Quotes in output form.
pub fn quotes(doc: &Doc, actors: &[Actor], quotes: &[Quote]) -> Vec<QuoteOut> {
    quotes
        .iter()
        .map(|q| QuoteOut {
            text: doc.span_text(q.span).to_string(),
            start: q.span.start,
            end: q.span.end,
            kind: match q.kind {
                QuoteKind::Direct => "direct",
                QuoteKind::Indirect => "indirect",
            }
            .to_string(),
            speaker: q.speaker.as_ref().map(|s| match s.actor {
                Some(a) if a < actors.len() => Participant {
                    actor: actors[a].id.clone(),
                    code: actors[a].code.clone(),
                    text: doc.span_text(s.span).to_string(),
                },
                _ => Participant {
                    actor: String::new(),
                    code: String::new(),
                    text: doc.span_text(s.span).to_string(),
                },
            }),
            via: q.via.clone(),
        })
        .collect()
}

/// Header of the TSV rendering.
pub const TSV_HEADER: &str = "doc\tevent\tsentence\tdate\tdate_precision\tsource\tsource_code\ttarget\ttarget_code\tcameo\tplover\tplover_mode\tgoldstein\tquad_class\tmodality\tspeaker\tvia\tlocation\tcountry\tlat\tlon\tconfidence\tevidence";

/// Makes a field safe for TSV: tabs and line breaks become spaces.
fn tsv_field(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

/// One TSV line per event of a record.
pub fn tsv_lines(record: &Record) -> Vec<String> {
    record
        .events
        .iter()
        .map(|e| {
            let p = |p: &Option<Participant>| {
                p.as_ref()
                    .map(|p| (tsv_field(&p.text), p.code.clone()))
                    .unwrap_or_default()
            };
            let (source, source_code) = p(&e.source);
            let (target, target_code) = p(&e.target);
            let loc = e.location.as_ref();
            [
                tsv_field(&record.doc.id),
                e.id.clone(),
                e.sentence.to_string(),
                e.date.value.clone().unwrap_or_default(),
                e.date.precision.clone(),
                source,
                source_code,
                target,
                target_code,
                e.cameo.clone(),
                e.plover.clone().unwrap_or_default(),
                e.plover_mode.clone().unwrap_or_default(),
                e.goldstein.to_string(),
                e.quad_class.to_string(),
                e.modality.clone(),
                e.attribution
                    .speaker
                    .as_ref()
                    .map(|s| tsv_field(&s.text))
                    .unwrap_or_default(),
                e.attribution
                    .via
                    .clone()
                    .map(|v| tsv_field(&v))
                    .unwrap_or_default(),
                loc.map(|l| tsv_field(&l.name)).unwrap_or_default(),
                loc.map(|l| l.country.clone()).unwrap_or_default(),
                loc.map(|l| l.lat.to_string()).unwrap_or_default(),
                loc.map(|l| l.lon.to_string()).unwrap_or_default(),
                e.confidence.to_string(),
                tsv_field(&e.evidence.text),
            ]
            .join("\t")
        })
        .collect()
}

/// The GDELT 2.0 event table's 61 columns, in order.
pub const GDELT_COLUMNS: [&str; 61] = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// One GDELT 2.0 event row (tab-separated, 61 columns) per event of a record. GDELT's
/// `GLOBALEVENTID` is a number: here it is `doc-id:event-id`, stable across runs. Country
/// codes stay CAMEO's alpha-3 (GDELT uses them for actors; its geographic columns use FIPS,
/// which sitrep does not map, so they carry alpha-3 too). Columns sitrep does not code are
/// empty.
pub fn gdelt_rows(record: &Record) -> Vec<String> {
    record
        .events
        .iter()
        .map(|e| {
            let date = e.date.value.clone().unwrap_or_default();
            let digits: String = date.chars().filter(|c| c.is_ascii_digit()).collect();
            let actor = |p: &Option<Participant>| -> Vec<String> {
                let Some(p) = p else {
                    return vec![String::new(); 10];
                };
                let code = &p.code;
                let (country, rest) = if code.len() >= 3 && code.is_char_boundary(3) {
                    code.split_at(3)
                } else {
                    (code.as_str(), "")
                };
                let types: Vec<String> = rest
                    .as_bytes()
                    .chunks(3)
                    .map(|c| String::from_utf8_lossy(c).into_owned())
                    .collect();
                vec![
                    code.clone(),
                    tsv_field(&p.text).to_uppercase(),
                    country.to_string(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    types.first().cloned().unwrap_or_default(),
                    types.get(1).cloned().unwrap_or_default(),
                    types.get(2).cloned().unwrap_or_default(),
                ]
            };
            let mut row: Vec<String> = vec![
                format!("{}:{}", tsv_field(&record.doc.id), e.id),
                digits.clone(),
                digits.get(..6).unwrap_or("").to_string(),
                digits.get(..4).unwrap_or("").to_string(),
                String::new(),
            ];
            row.extend(actor(&e.source));
            row.extend(actor(&e.target));
            let root = e.cameo.get(..2).unwrap_or("").to_string();
            let base = e.cameo.get(..3).unwrap_or(&e.cameo).to_string();
            row.extend([
                if e.modality == "asserted" { "1" } else { "0" }.to_string(),
                e.cameo.clone(),
                base,
                root,
                e.quad_class.to_string(),
                e.goldstein.to_string(),
                "1".into(),
                "1".into(),
                "1".into(),
                String::new(),
            ]);
            // Actor geography is not coded; the event's own place goes in ActionGeo.
            row.extend(vec![String::new(); 16]);
            match &e.location {
                Some(l) => row.extend([
                    "4".to_string(),
                    tsv_field(&l.name),
                    l.country.clone(),
                    String::new(),
                    String::new(),
                    l.lat.to_string(),
                    l.lon.to_string(),
                    l.geonames_id.map(|g| g.to_string()).unwrap_or_default(),
                ]),
                None => row.extend(vec![String::new(); 8]),
            }
            row.push(
                record
                    .doc
                    .published
                    .clone()
                    .unwrap_or_default()
                    .replace('-', ""),
            );
            row.push(record.doc.url.clone().unwrap_or_default());
            row.join("\t")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn participant(code: &str) -> Option<Participant> {
        Some(Participant {
            actor: "A1".into(),
            code: code.into(),
            text: String::new(),
        })
    }

    #[test]
    fn an_actor_with_several_codes_takes_part_once_per_code() {
        let codes = |events: &[EventOut]| -> Vec<(String, String)> {
            events
                .iter()
                .map(|e| {
                    let code = |p: &Option<Participant>| p.as_ref().map(|p| p.code.clone());
                    (
                        code(&e.source).unwrap_or_default(),
                        code(&e.target).unwrap_or_default(),
                    )
                })
                .collect()
        };
        let event = EventOut {
            source: participant("FRO/BIL"),
            target: participant("ELR/GAL/BIL"),
            cameo: "064".into(),
            ..EventOut::default()
        };
        let pair = |s: &str, t: &str| (s.to_string(), t.to_string());
        assert_eq!(
            codes(&per_code(event)),
            vec![
                pair("FRO", "ELR"),
                pair("FRO", "GAL"),
                pair("FRO", "BIL"),
                pair("BIL", "ELR"),
                pair("BIL", "GAL"),
            ]
        );
        let one_sided = EventOut {
            source: participant("FRO/BIL"),
            ..EventOut::default()
        };
        assert_eq!(
            codes(&per_code(one_sided)),
            vec![pair("FRO", ""), pair("BIL", "")]
        );
        let plain = EventOut {
            source: participant("GON"),
            ..EventOut::default()
        };
        assert_eq!(per_code(plain.clone()), vec![plain]);
    }
}

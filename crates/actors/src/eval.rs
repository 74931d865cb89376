//! Entity scoring against GUM's `Entity=` annotations (`sitrep score-actors`).
//!
//! GUM marks every mention as a full noun phrase ("the US President Donald Trump") with a type.
//! sitrep reports named actors, so the gold side is the mentions typed person, place or
//! organization whose span contains a proper noun; the predicted side is every actor mention
//! sitrep found by name (dictionary names, countries, capitals, metonyms, unknown proper names
//! and later surnames; not pronouns or generic groups). Two figures are printed: exact span
//! match, and overlap match (the spans share a token, one gold mention per prediction), each
//! with and without the type having to agree.

use chrono::NaiveDate;
use sitrep_doc::{conllu, Doc, Span};
use sitrep_lang::Pipeline;

use crate::dict::Kind;
use crate::resolve::{MentionKind, Resolver};

/// Precision/recall counts (the same measure the segmentation scorer uses).
pub use sitrep_lang::tokenize::Prf as Counts;

fn add(total: &mut Counts, other: Counts) {
    total.gold += other.gold;
    total.predicted += other.predicted;
    total.correct += other.correct;
}

/// The scores of `sitrep score-actors`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EntityScores {
    /// Documents scored.
    pub documents: usize,
    /// Exact span, type must agree.
    pub exact_typed: Counts,
    /// Exact span, any type.
    pub exact: Counts,
    /// Overlapping spans, type must agree.
    pub overlap_typed: Counts,
    /// Overlapping spans, any type.
    pub overlap: Counts,
    /// Overlap, typed, per type: person, place, organization.
    pub by_type: [(String, Counts); 3],
}

#[derive(Clone, Debug, PartialEq)]
struct Mention {
    span: Span,
    kind: &'static str,
}

/// Reads the `Entity=` brackets of a GUM document (read with [`conllu::read_str`]).
fn gold_mentions(doc: &Doc, misc: &[Vec<String>]) -> Vec<Mention> {
    let mut out = Vec::new();
    for (si, sentence) in doc.sentences.iter().enumerate() {
        // Open brackets: (entity id, type, first token).
        let mut open: Vec<(String, String, usize)> = Vec::new();
        for (ti, _) in sentence.tokens.iter().enumerate() {
            let Some(entity) = misc[si]
                .get(ti)
                .and_then(|m| m.split('|').find_map(|f| f.strip_prefix("Entity=")))
            else {
                continue;
            };
            let mut rest = entity;
            while !rest.is_empty() {
                if let Some(after) = rest.strip_prefix('(') {
                    let end = after.find(['(', ')']).unwrap_or(after.len());
                    let body = &after[..end];
                    let mut parts = body.split('-');
                    let id = parts.next().unwrap_or("").to_string();
                    let kind = parts.next().unwrap_or("").to_string();
                    open.push((id.clone(), kind, ti));
                    rest = &after[end..];
                    if let Some(after_close) = rest.strip_prefix(')') {
                        // "(5-person-…)": opens and closes on this token.
                        close(&mut open, &id, ti, sentence, &mut out, doc);
                        rest = after_close;
                    }
                } else {
                    let end = rest.find(')').unwrap_or(rest.len());
                    let id = rest[..end].to_string();
                    close(&mut open, &id, ti, sentence, &mut out, doc);
                    rest = rest.get(end + 1..).unwrap_or("");
                }
            }
        }
    }
    out
}

fn close(
    open: &mut Vec<(String, String, usize)>,
    id: &str,
    last: usize,
    sentence: &sitrep_doc::Sentence,
    out: &mut Vec<Mention>,
    _doc: &Doc,
) {
    let Some(pos) = open.iter().rposition(|o| o.0 == id) else {
        return;
    };
    let (_, kind, first) = open.remove(pos);
    let kind = match kind.as_str() {
        "person" => "person",
        "place" => "place",
        "organization" => "organization",
        _ => return,
    };
    let named = sentence.tokens[first..=last]
        .iter()
        .any(|t| t.upos == "PROPN");
    if named {
        out.push(Mention {
            span: Span::new(
                sentence.tokens[first].span.start,
                sentence.tokens[last].span.end,
            ),
            kind,
        });
    }
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Person => "person",
        Kind::Organization => "organization",
        Kind::Country | Kind::Place => "place",
        Kind::Group => "group",
    }
}

fn score(gold: &[Mention], predicted: &[Mention], exact: bool, typed: bool) -> Counts {
    let mut used = vec![false; gold.len()];
    let mut correct = 0;
    for p in predicted {
        let hit = gold.iter().enumerate().position(|(gi, g)| {
            !used[gi]
                && (!typed || g.kind == p.kind)
                && if exact {
                    g.span == p.span
                } else {
                    g.span.start < p.span.end && p.span.start < g.span.end
                }
        });
        if let Some(gi) = hit {
            used[gi] = true;
            correct += 1;
        }
    }
    Counts {
        gold: gold.len(),
        predicted: predicted.len(),
        correct,
    }
}

/// Scores one GUM document (CoNLL-U text): tags and parses its gold tokens with `pipeline`,
/// resolves actors as of its `meta::dateCreated`, and compares named mentions.
pub fn score_gum_document(
    pipeline: &Pipeline,
    resolver: &Resolver,
    conllu_text: &str,
    name: &str,
) -> Result<EntityScores, conllu::ConlluError> {
    let gold_doc = conllu::read_str(conllu_text, name)?;
    let misc: Vec<Vec<String>> = gold_doc
        .sentences
        .iter()
        .map(|s| {
            s.conllu
                .as_ref()
                .map(|p| p.misc.clone())
                .unwrap_or_default()
        })
        .collect();
    let gold = gold_mentions(&gold_doc, &misc);
    let published = conllu_text
        .lines()
        .find_map(|l| l.strip_prefix("# meta::dateCreated = "))
        .and_then(|d| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok());
    let mut doc = gold_doc.clone();
    for sentence in &mut doc.sentences {
        pipeline.annotate_sentence(&gold_doc, sentence);
    }
    let actors = resolver.resolve(&doc, published);
    let mut predicted = Vec::new();
    for a in &actors {
        if a.kind == Kind::Group {
            continue;
        }
        for m in &a.mentions {
            if matches!(
                m.how,
                MentionKind::Pronoun | MentionKind::Agent | MentionKind::Demonym
            ) {
                continue;
            }
            let kind = kind_name(a.kind);
            predicted.push(Mention { span: m.span, kind });
        }
    }
    let mut s = EntityScores {
        documents: 1,
        exact_typed: score(&gold, &predicted, true, true),
        exact: score(&gold, &predicted, true, false),
        overlap_typed: score(&gold, &predicted, false, true),
        overlap: score(&gold, &predicted, false, false),
        by_type: Default::default(),
    };
    for (i, kind) in ["person", "place", "organization"].iter().enumerate() {
        let g: Vec<Mention> = gold.iter().filter(|m| m.kind == *kind).cloned().collect();
        let p: Vec<Mention> = predicted
            .iter()
            .filter(|m| m.kind == *kind)
            .cloned()
            .collect();
        s.by_type[i] = (kind.to_string(), score(&g, &p, false, true));
    }
    Ok(s)
}

/// Scores every `.conllu` file of a directory and adds the counts up.
pub fn score_gum_dir(
    pipeline: &Pipeline,
    resolver: &Resolver,
    dir: &std::path::Path,
) -> std::io::Result<EntityScores> {
    let mut files: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "conllu"))
        .collect();
    files.sort();
    let mut total = EntityScores::default();
    for (i, name) in ["person", "place", "organization"].iter().enumerate() {
        total.by_type[i].0 = name.to_string();
    }
    for path in files {
        let text = std::fs::read_to_string(&path)?;
        let name = path.display().to_string();
        let s = score_gum_document(pipeline, resolver, &text, &name).map_err(|e| {
            std::io::Error::new(std::io::ErrorKind::InvalidData, format!("{name}: {e}"))
        })?;
        total.documents += 1;
        add(&mut total.exact_typed, s.exact_typed);
        add(&mut total.exact, s.exact);
        add(&mut total.overlap_typed, s.overlap_typed);
        add(&mut total.overlap, s.overlap);
        for i in 0..3 {
            add(&mut total.by_type[i].1, s.by_type[i].1);
        }
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entity_brackets_become_named_typed_spans() {
        let text = "# text = Mr. Ivan Petrov saw the city of Kyiv.\n\
1\tMr.\tMr.\tPROPN\tNNP\t_\t3\tcompound\t_\tEntity=(1-person-new\n\
2\tIvan\tIvan\tPROPN\tNNP\t_\t3\tflat\t_\t_\n\
3\tPetrov\tPetrov\tPROPN\tNNP\t_\t4\tnsubj\t_\tEntity=1)\n\
4\tsaw\tsee\tVERB\tVBD\t_\t0\troot\t_\t_\n\
5\tthe\tthe\tDET\tDT\t_\t6\tdet\t_\tEntity=(2-place-new\n\
6\tcity\tcity\tNOUN\tNN\t_\t4\tobj\t_\t_\n\
7\tof\tof\tADP\tIN\t_\t8\tcase\t_\t_\n\
8\tKyiv\tKyiv\tPROPN\tNNP\t_\t6\tnmod\t_\tEntity=(3-place-new)2)|SpaceAfter=No\n\
9\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n\n";
        let doc = conllu::read_str(text, "t").unwrap();
        let misc: Vec<Vec<String>> = doc
            .sentences
            .iter()
            .map(|s| s.conllu.as_ref().unwrap().misc.clone())
            .collect();
        let got: Vec<(String, &str)> = gold_mentions(&doc, &misc)
            .iter()
            .map(|m| (doc.span_text(m.span).to_string(), m.kind))
            .collect();
        assert_eq!(
            got,
            [
                ("Mr. Ivan Petrov".to_string(), "person"),
                ("Kyiv".to_string(), "place"),
                ("the city of Kyiv".to_string(), "place")
            ]
        );
    }
}

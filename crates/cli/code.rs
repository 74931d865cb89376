//! `sitrep code` and `sitrep eval`: the whole pipeline over documents, and its score on gold.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use sitrep_actors::dict::Dictionary;
use sitrep_actors::resolve::Resolver;
use sitrep_doc::output::{DocMeta, Record, SCHEMA};
use sitrep_doc::Doc;
use sitrep_events::codebook::Codebook;
use sitrep_events::extract::Extractor;
use sitrep_events::patterns::Patterns;
use sitrep_events::place::Gazetteer;
use sitrep_ingest::RawDoc;
use sitrep_lang::Pipeline;

/// Where dictionaries and patterns come from.
pub struct Sources<'a> {
    /// Extra dictionary files: sitrep TOML, PETRARCH actors/agents/discards/verbs.
    pub dicts: &'a [PathBuf],
    /// Use only the given files for each kind they supply (actors, verbs).
    pub replace_defaults: bool,
    /// Language models directory.
    pub models: Option<&'a Path>,
}

/// The command-line options that say where dictionaries and models come from (`code`,
/// `ingest`).
#[derive(clap::Args, Clone)]
pub struct SourceArgs {
    /// Extra dictionaries: sitrep TOML (actors or patterns), PETRARCH/TABARI actors,
    /// agents, discards or verbs.
    #[arg(long = "dict")]
    pub dicts: Vec<PathBuf>,
    /// Use only the `--dict` files for each kind they supply (actors, verb patterns).
    #[arg(long)]
    pub no_default_dict: bool,
    /// Directory with the language models.
    #[arg(long)]
    pub models: Option<PathBuf>,
}

impl SourceArgs {
    /// The same, as [`Coder::load`] takes it.
    pub fn sources(&self) -> Sources<'_> {
        Sources {
            dicts: &self.dicts,
            replace_defaults: self.no_default_dict,
            models: self.models.as_deref(),
        }
    }
}

/// Everything that codes a document, loaded once.
pub struct Coder {
    pipeline: Pipeline,
    resolver: Resolver,
    extractor: Extractor,
}

/// Dictionary and patterns per the rule of `Sources`.
pub fn load_dictionaries(sources: &Sources) -> Result<(Dictionary, Patterns)> {
    let mut dict = Dictionary::default();
    let mut patterns = Patterns::default();
    let mut got_actors = false;
    let mut got_verbs = false;
    for path in sources.dicts {
        if path.extension().is_some_and(|e| e == "toml") {
            // A sitrep TOML file is either a dictionary or a pattern file: patterns have
            // [[verb]] or [[noun]] tables.
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            if text.contains("[[verb]]") || text.contains("[[noun]]") {
                let p = Patterns::parse(&text, &path.display().to_string())?;
                patterns.verbs.extend(p.verbs);
                patterns.nouns.extend(p.nouns);
                got_verbs = true;
            } else {
                dict.extend(Dictionary::load_toml(path)?);
                got_actors = true;
            }
        } else if path.is_dir() {
            dict.extend(Dictionary::load_dir(path)?);
            got_actors = true;
        } else {
            let (d, verbs) = sitrep_actors::petrarch::load_file(path)?;
            if let Some(verbs) = verbs {
                let (p, stats) = sitrep_events::petrarch::patterns_from_petrarch(&verbs);
                eprintln!(
                    "sitrep: {}: {} of {} patterns and {} of {} verbs converted",
                    path.display(),
                    stats.patterns_converted,
                    stats.patterns,
                    stats.verbs_converted,
                    stats.verbs
                );
                patterns.verbs.extend(p.verbs);
                // Null-code phrases stop the bare verb from coding ("[---]").
                patterns.verbs.extend(stats.blocked);
                patterns.nouns.extend(p.nouns);
                got_verbs = true;
            } else {
                dict.extend(d);
                got_actors = true;
            }
        }
    }
    if !(sources.replace_defaults && got_actors) {
        let mut defaults = Dictionary::load_default()?;
        defaults.extend(dict);
        dict = defaults;
    }
    if !(sources.replace_defaults && got_verbs) {
        let defaults = Patterns::load_default()?;
        patterns.verbs.extend(defaults.verbs);
        patterns.nouns.extend(defaults.nouns);
    }
    Ok((dict, patterns))
}

impl Coder {
    /// Loads models, dictionaries, patterns, codebook and gazetteer.
    pub fn load(sources: &Sources) -> Result<Coder> {
        let pipeline = match sources.models {
            Some(dir) => Pipeline::load(dir)?,
            None => Pipeline::load_default()?,
        };
        let (dict, patterns) = load_dictionaries(sources)?;
        let gazetteer = Gazetteer::load_default()?;
        Ok(Coder {
            pipeline,
            resolver: Resolver::new(dict),
            extractor: Extractor::new(Codebook::load_default()?, patterns, Some(gazetteer)),
        })
    }

    /// The event coder.
    #[allow(dead_code)]
    pub fn extractor(&self) -> &Extractor {
        &self.extractor
    }

    /// Annotates a text and codes its actors and events.
    pub fn annotate(
        &self,
        id: &str,
        text: &str,
        published: Option<NaiveDate>,
    ) -> (
        Doc,
        Vec<sitrep_actors::resolve::Actor>,
        Vec<sitrep_events::extract::Event>,
    ) {
        let mut doc = Doc::new(id, text);
        self.pipeline.annotate(&mut doc);
        let mut actors = self.resolver.resolve(&doc, published);
        self.extractor.locate_places(&doc, &mut actors);
        let events = self.extractor.extract(&doc, &actors, published);
        (doc, actors, events)
    }

    /// One document's `sitrep/1` record.
    pub fn code(&self, raw: RawDoc, explain: bool) -> Record {
        let (doc, actors, events) = self.annotate(&raw.id, &raw.text, raw.published);
        let quotes = sitrep_events::quotes::find_quotes(&doc, &actors);
        let facts = sitrep_events::quotes::doc_facts(&doc);
        Record {
            schema: SCHEMA,
            doc: DocMeta {
                id: raw.id,
                title: raw.title,
                published: raw.published.map(|d| d.to_string()),
                site: raw.site,
                url: raw.canonical_url.or(raw.url),
                author: raw.author.or(facts.author),
                language: raw.language.unwrap_or_else(|| "en".to_string()),
                republished_from: facts.republished_from,
                duplicate_of: None,
            },
            actors: sitrep_actors::resolve::to_output(&doc, &actors),
            events: sitrep_events::render::events(&self.extractor, &doc, &actors, &events, explain),
            quotes: sitrep_events::render::quotes(&doc, &actors, &quotes),
        }
    }
}

/// Output renderings of `sitrep code`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Output {
    /// One `sitrep/1` JSON object per document.
    Jsonl,
    /// One tab-separated line per event, with a header.
    Tsv,
    /// GDELT 2.0 event table columns (tab-separated, no header).
    Gdelt,
}

/// Codes every document of `files` and writes them in `output` form, then a summary on
/// stderr. Fails only when nothing could be read.
pub fn code(
    coder: &Coder,
    files: &[String],
    opts: &crate::batch::BatchOptions,
    output: Output,
) -> Result<()> {
    let started = std::time::Instant::now();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if output == Output::Tsv {
        writeln!(out, "{}", sitrep_events::render::TSV_HEADER)?;
    }
    let summary = crate::batch::run(coder, files, opts, |coded| {
        let record = &coded.record;
        match output {
            // A copy keeps its events, so that a store can match them to the original's as
            // mentions; `doc.duplicate_of` says they are not new.
            Output::Jsonl => {
                serde_json::to_writer(&mut out, record)?;
                out.write_all(b"\n")?;
            }
            // One row per event: a copy's events would be counted twice, so they are left out.
            Output::Tsv if record.doc.duplicate_of.is_none() => {
                for line in sitrep_events::render::tsv_lines(record) {
                    writeln!(out, "{line}")?;
                }
            }
            Output::Gdelt if record.doc.duplicate_of.is_none() => {
                for line in sitrep_events::render::gdelt_rows(record) {
                    writeln!(out, "{line}")?;
                }
            }
            Output::Tsv | Output::Gdelt => {}
        }
        Ok(())
    })?;
    out.flush()?;
    let memory = peak_memory_mb().map_or(String::new(), |mb| format!(", peak memory {mb} MB"));
    eprintln!(
        "sitrep code: {summary} in {:.1} s{memory}",
        started.elapsed().as_secs_f64()
    );
    if summary.read() == 0 && summary.failures() > 0 {
        bail!("no document could be read");
    }
    Ok(())
}

/// Codes every gold sentence and prints the scores.
pub fn eval(coder: &Coder, gold_path: &Path, verbose: bool) -> Result<()> {
    use sitrep_events::gold::{missed_and_extra, read_gold, score, Predicted};
    let gold = read_gold(gold_path)?;
    let started = std::time::Instant::now();
    let mut predicted = Vec::with_capacity(gold.len());
    let mut tokens = 0usize;
    for sentence in &gold {
        let (doc, actors, events) = coder.annotate(&sentence.id, &sentence.text, sentence.date);
        tokens += doc.token_count();
        let out = sitrep_events::render::events(&coder.extractor, &doc, &actors, &events, false);
        // PETRARCH writes an agent of unknown country as `---` and its sector ("insurgents"
        // are ---REB); sitrep leaves the code empty and keeps the sectors beside it.
        let gold_style = |p: Option<sitrep_doc::output::Participant>| -> String {
            let Some(p) = p else {
                return String::new();
            };
            if !p.code.is_empty() {
                return p.code;
            }
            let sectors: Vec<String> = actors
                .iter()
                .find(|a| a.id == p.actor)
                .map(|a| {
                    a.sectors
                        .iter()
                        .filter(|s| !s.ends_with('~'))
                        .cloned()
                        .collect()
                })
                .unwrap_or_default();
            if sectors.is_empty() {
                String::new()
            } else {
                sitrep_actors::resolve::compose("---", &sectors)
            }
        };
        let mine: Vec<Predicted> = out
            .into_iter()
            // Gold standards list what happened or was announced: an act someone denied,
            // called for, made conditional or only deemed possible is not one of them (the
            // call, threat or refusal is, and sitrep codes it as an asserted event of its own).
            .filter(|e| matches!(e.modality.as_str(), "asserted" | "future"))
            .map(|e| Predicted {
                source: gold_style(e.source),
                target: gold_style(e.target),
                cameo: e.cameo,
                plover: e.plover.unwrap_or_default(),
                mode: e.plover_mode,
            })
            .collect();
        if verbose {
            let diff = missed_and_extra(sentence, &mine);
            if !diff.is_right() {
                println!(
                    "{} {}",
                    sentence.id,
                    sentence.text.replace('\n', " ").trim()
                );
                for t in &diff.missed {
                    println!("    missed {t}");
                }
                for t in &diff.extra {
                    println!("    extra  {t}");
                }
            }
        }
        predicted.push(mine);
    }
    let report = score(&gold, &predicted);
    println!(
        "sitrep eval: {} ({} sentences, {tokens} tokens, {:.1} s)",
        gold_path.display(),
        gold.len(),
        started.elapsed().as_secs_f64()
    );
    println!("events claimed (asserted or announced; negated, proposed, conditional and hypothetical ones left out):\n{report}");
    // PETRARCH codes only dyads by default (its `require_dyad`), and gold coded with it
    // follows: the same figures over the events that have both a source and a target.
    let dyads: Vec<Vec<Predicted>> = predicted
        .into_iter()
        .map(|events| {
            events
                .into_iter()
                .filter(|e| !e.target.is_empty())
                .collect()
        })
        .collect();
    println!(
        "dyadic events only (source and target both coded):\n{}",
        score(&gold, &dyads)
    );
    Ok(())
}

/// Codes every pattern's `example` with sitrep's dictionaries and reports the examples that
/// do not code their own pattern's event: the patterns' own regression test.
pub fn check_examples(patterns: Patterns, models: Option<&Path>) -> Result<(usize, usize)> {
    use sitrep_events::extract::PatternRef;
    let pipeline = match models {
        Some(dir) => Pipeline::load(dir)?,
        None => Pipeline::load_default()?,
    };
    let resolver = Resolver::new(Dictionary::load_default()?);
    let examples: Vec<(PatternRef, String, String, String)> = patterns
        .verbs
        .iter()
        .enumerate()
        .map(|(i, (p, o))| {
            (
                PatternRef::Verb(i),
                p.example.clone(),
                p.code.clone(),
                o.to_string(),
            )
        })
        .chain(patterns.nouns.iter().enumerate().map(|(i, (p, o))| {
            (
                PatternRef::Noun(i),
                p.example.clone(),
                p.code.clone(),
                o.to_string(),
            )
        }))
        .collect();
    let extractor = Extractor::new(Codebook::load_default()?, patterns, None);
    // Examples describe the present: code them as of a recent day so offices are current.
    let day = NaiveDate::from_ymd_opt(2024, 6, 1);
    let (mut exact, mut failed) = (0usize, 0usize);
    for (which, example, code, origin) in &examples {
        let mut doc = Doc::new("example", example.as_str());
        pipeline.annotate(&mut doc);
        let actors = resolver.resolve(&doc, day);
        let events = extractor.extract(&doc, &actors, day);
        if events.iter().any(|e| e.pattern == *which) {
            exact += 1;
        } else if !events.iter().any(|e| e.code == *code) {
            failed += 1;
            let got: Vec<String> = events.iter().map(|e| e.code.clone()).collect();
            let coded: Vec<&str> = actors
                .iter()
                .filter(|a| !a.code.is_empty())
                .map(|a| a.code.as_str())
                .collect();
            println!(
                "{origin}: example does not code {code} (got {got:?}; actors {coded:?}): {example}"
            );
        }
    }
    eprintln!(
        "sitrep patterns check --examples: {} examples; {exact} coded by their own pattern, {} by another pattern with the same code, {failed} without their code",
        examples.len(),
        examples.len() - exact - failed
    );
    Ok((exact, failed))
}

/// The process's peak resident memory in MB, where the system tells it (Linux).
pub fn peak_memory_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}

//! The `sitrep` command line: flag parsing and wiring of the library crates, nothing else.

mod batch;
mod code;
mod read;
mod serve;
mod store;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use clap::{Parser as ClapParser, Subcommand, ValueEnum};
use sitrep_actors::dict::Dictionary;
use sitrep_actors::resolve::Resolver;
use sitrep_doc::output::{DocMeta, Record, SCHEMA};
use sitrep_doc::{conllu, Doc};
use sitrep_ingest::InputKind;
use sitrep_lang::train::{read_gold, TrainConfig};
use sitrep_lang::{eval, tokenize, Pipeline};

#[derive(ClapParser)]
#[command(
    name = "sitrep",
    version,
    about = "Crisis early-warning engine: news text in, structured event data out"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum ParseInput {
    /// Raw text: sitrep splits sentences and words.
    Text,
    /// CoNLL-U: its words are kept; UPOS, XPOS, LEMMA, HEAD and DEPREL are filled in.
    Conllu,
}

#[derive(Clone, Copy, ValueEnum)]
enum DocInput {
    /// Each file is one document.
    Text,
    /// One JSON object per line: {"id", "text", "published", "title", "url", "site"}.
    Jsonl,
    /// A web page: its main text and metadata.
    Html,
    /// An RSS or Atom feed: one document per item.
    Feed,
    /// A WARC file (gzip or plain): one document per HTML response record.
    Warc,
}

impl DocInput {
    fn kind(self) -> InputKind {
        match self {
            DocInput::Text => InputKind::Text,
            DocInput::Jsonl => InputKind::Jsonl,
            DocInput::Html => InputKind::Html,
            DocInput::Feed => InputKind::Feed,
            DocInput::Warc => InputKind::Warc,
        }
    }
}

#[derive(Subcommand)]
enum PatternsCommand {
    /// Validate pattern files; problems are printed as file:line.
    Check {
        /// Pattern files or directories; none checks data/patterns.
        files: Vec<PathBuf>,
        /// Also code every pattern's example sentence and report those that do not give
        /// their pattern's event.
        #[arg(long)]
        examples: bool,
    },
}

#[derive(Subcommand)]
enum DictCommand {
    /// Compile sitrep's default dictionaries into data/dict/compiled.bin, which loads in a
    /// few milliseconds (run after editing the TOML files; a test checks it is current).
    Compile,
    /// Validate dictionaries (default: sitrep's own); errors name file and line.
    Check {
        /// Dictionary files (sitrep TOML or PETRARCH/TABARI); none checks the defaults.
        files: Vec<PathBuf>,
    },
}

fn parse_day(s: &str) -> Result<NaiveDate, String> {
    sitrep_ingest::parse_date(s).ok_or_else(|| format!("{s:?} is not a YYYY-MM-DD date"))
}

#[derive(Subcommand)]
enum Command {
    /// Read documents (text, JSON Lines, HTML, RSS/Atom feeds, WARC; files or http(s) URLs) and
    /// print their metadata, language and duplicates, one JSON object each, without coding.
    Read {
        /// Input files, URLs, or `-` for standard input.
        #[arg(default_value = "-")]
        inputs: Vec<String>,
        /// Input kind (text, jsonl, html, feed, warc); default: told by content.
        #[arg(long)]
        input: Option<String>,
        /// Date (YYYY-MM-DD) for documents that carry none.
        #[arg(long, value_parser = parse_day)]
        published: Option<NaiveDate>,
        /// Fetch the pages that summary-only feed items link to.
        #[arg(long)]
        fetch_links: bool,
        /// Include each document's text.
        #[arg(long)]
        text: bool,
    },
    /// Print CoNLL-U (sentences, tokens, tags, lemmas, dependencies) for a text.
    Parse {
        /// Input file, or `-` for standard input.
        #[arg(default_value = "-")]
        file: String,
        /// What the input is.
        #[arg(long, value_enum, default_value = "text")]
        input: ParseInput,
        /// Directory with tagger.bin, lemmatizer.bin and parser.bin.
        #[arg(long)]
        models: Option<PathBuf>,
    },
    /// Train the tagger, lemmatizer and parser from a UD treebank.
    Train {
        /// Training treebank (CoNLL-U).
        #[arg(long, default_value_os_t = shared_corpus("en_ewt-ud-train.conllu"))]
        train: PathBuf,
        /// Development treebank, for the scores reported while training.
        #[arg(long, default_value_os_t = shared_corpus("en_ewt-ud-dev.conllu"))]
        dev: PathBuf,
        /// Where to write the models.
        #[arg(long, default_value = "data/models")]
        out: PathBuf,
        /// Seed for shuffling and exploration; the same seed gives the same models.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Passes of the tagger over the training data.
        #[arg(long)]
        tagger_epochs: Option<usize>,
        /// Passes of the parser over the training data.
        #[arg(long)]
        parser_epochs: Option<usize>,
        /// Jackknife folds for the parser's training tags.
        #[arg(long)]
        folds: Option<usize>,
        /// Threads for the jackknife taggers.
        #[arg(long, default_value_t = 2)]
        threads: usize,
        /// Also report dev accuracy at several weight-pruning thresholds.
        #[arg(long)]
        prune_report: bool,
    },
    /// Find and resolve the actors of news documents; one `sitrep/1` JSON object per document.
    Actors {
        /// Input files, or `-` for standard input.
        #[arg(default_value = "-")]
        files: Vec<String>,
        /// How to read the inputs.
        #[arg(long, value_enum, default_value = "text")]
        input: DocInput,
        /// Publication date (YYYY-MM-DD) of text inputs, and the default for JSON records.
        #[arg(long, value_parser = parse_day)]
        published: Option<NaiveDate>,
        /// Extra dictionary files: sitrep TOML, or PETRARCH/TABARI actors, agents or discards.
        #[arg(long = "dict")]
        dicts: Vec<PathBuf>,
        /// Use only the `--dict` files, not sitrep's default dictionaries.
        #[arg(long)]
        no_default_dict: bool,
        /// Directory with the language models.
        #[arg(long)]
        models: Option<PathBuf>,
    },
    /// Code the events of news documents: one `sitrep/1` JSON object per document (or TSV
    /// or GDELT rows per event).
    Code {
        /// Input files, directories, glob patterns, http(s) URLs, or `-` for standard input.
        #[arg(default_value = "-")]
        files: Vec<String>,
        /// How to read the inputs; default: told by their content.
        #[arg(long, value_enum)]
        input: Option<DocInput>,
        /// Worker threads (default: one per core); the output is the same for any number.
        #[arg(long, default_value_t = 0)]
        threads: usize,
        /// Code documents in every language (by default non-English ones are counted and
        /// skipped).
        #[arg(long)]
        all_languages: bool,
        /// Do not look for copies of earlier documents.
        #[arg(long)]
        no_dedup: bool,
        /// Fetch the page each feed item links to when the item has only a summary.
        #[arg(long)]
        fetch_links: bool,
        /// Publication date (YYYY-MM-DD) of text inputs, and the default for JSON records.
        #[arg(long, value_parser = parse_day)]
        published: Option<NaiveDate>,
        /// Output rendering.
        #[arg(long, value_enum, default_value = "jsonl")]
        output: code::Output,
        /// Show, for each event, the pattern, dictionary entries and tree path behind it.
        #[arg(long)]
        explain: bool,
        #[command(flatten)]
        sources: code::SourceArgs,
    },
    /// Score event coding against gold (PETRARCH XML or PLOVER JSON): precision, recall and F1
    /// over (source, target, code) at full and root depth, PLOVER type and mode accuracy.
    Eval {
        /// Gold file.
        #[arg(long)]
        gold: PathBuf,
        /// Dictionaries to code with (PETRARCH/TABARI actors, agents, discards, verbs, or
        /// sitrep TOML); each kind given replaces sitrep's default of that kind.
        #[arg(long = "dict")]
        dicts: Vec<PathBuf>,
        /// Print each sentence's missed and extra events.
        #[arg(long)]
        verbose: bool,
        /// Directory with the language models.
        #[arg(long)]
        models: Option<PathBuf>,
    },
    /// Code documents and store them (idempotent: stored ids are skipped; copies of a
    /// stored story become mentions of its events).
    Ingest(store::IngestArgs),
    /// Export stored events: jsonl (sitrep/1 records), tsv, gdelt, plover or parquet.
    Export(store::ExportArgs),
    /// Daily series and escalation index of an actor pair.
    Trend(store::TrendArgs),
    /// Evaluate alert rules over the store and print the alerts that fire.
    Alerts(store::AlertsArgs),
    /// Poll inputs, store new documents, evaluate rules, report new alerts.
    Watch(store::WatchArgs),
    /// Serve the HTTP API (events, actors, pairs, alerts, coding) and the dashboard.
    Serve(serve::ServeArgs),
    /// Ingest the bundled example corpus, replay its alerts and print the top escalating pairs.
    Demo(serve::DemoArgs),
    /// Check the event patterns (default: data/patterns) against the CAMEO codebook.
    Patterns {
        #[command(subcommand)]
        command: PatternsCommand,
    },
    /// Work with actor dictionaries.
    Dict {
        #[command(subcommand)]
        command: DictCommand,
    },
    /// Score actor recognition against GUM's entity annotations (person, place, organization).
    ScoreActors {
        /// Directory of GUM CoNLL-U files.
        #[arg(long, default_value_os_t = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/gum-news"))]
        gold: PathBuf,
        /// Directory with the language models.
        #[arg(long)]
        models: Option<PathBuf>,
    },
    /// Score the language core against a gold UD treebank: segmentation from its raw text,
    /// and tags, lemmas and dependencies on its gold tokens.
    ScoreLang {
        /// Gold treebank (CoNLL-U).
        #[arg(long, default_value_os_t = shared_corpus("en_ewt-ud-test.conllu"))]
        gold: PathBuf,
        /// Directory with the models.
        #[arg(long)]
        models: Option<PathBuf>,
    },
}

/// The EWT treebank in the `shared/` folder beside the repository.
fn shared_corpus(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpora/ud-english-ewt")
        .join(file)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if let Some(io) = e.downcast_ref::<std::io::Error>() {
                if io.kind() == std::io::ErrorKind::BrokenPipe {
                    return ExitCode::SUCCESS;
                }
            }
            eprintln!("sitrep: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Read {
            inputs,
            input,
            published,
            fetch_links,
            text,
        } => read::read(&inputs, input.as_deref(), published, fetch_links, text),
        Command::Parse {
            file,
            input,
            models,
        } => parse(&file, input, models.as_deref()),
        Command::Train {
            train,
            dev,
            out,
            seed,
            tagger_epochs,
            parser_epochs,
            folds,
            threads,
            prune_report,
        } => {
            let mut config = TrainConfig {
                threads,
                ..TrainConfig::default()
            };
            config.tagger.prune_report = prune_report;
            config.parser.prune_report = prune_report;
            config.tagger.seed = seed;
            config.parser.seed = seed;
            if let Some(e) = tagger_epochs {
                config.tagger.epochs = e;
            }
            if let Some(e) = parser_epochs {
                config.parser.epochs = e;
            }
            if let Some(f) = folds {
                config.folds = f;
            }
            train_models(&train, &dev, &out, &config)
        }
        Command::ScoreLang { gold, models } => score_lang(&gold, models.as_deref()),
        Command::Ingest(args) => store::ingest(args),
        Command::Export(args) => store::export(args),
        Command::Trend(args) => store::trend(args),
        Command::Alerts(args) => store::alerts(args),
        Command::Watch(args) => store::watch(args),
        Command::Serve(args) => serve::serve(args),
        Command::Demo(args) => serve::demo(args),
        Command::Eval {
            gold,
            dicts,
            verbose,
            models,
        } => {
            let coder = code::Coder::load(&code::Sources {
                dicts: &dicts,
                replace_defaults: true,
                models: models.as_deref(),
            })?;
            code::eval(&coder, &gold, verbose)
        }
        Command::Code {
            files,
            input,
            threads,
            all_languages,
            no_dedup,
            fetch_links,
            published,
            output,
            explain,
            sources,
        } => {
            let coder = code::Coder::load(&sources.sources())?;
            let opts = batch::BatchOptions {
                kind: input.map(DocInput::kind),
                published,
                threads,
                explain,
                all_languages,
                no_dedup,
                fetch_links,
            };
            code::code(&coder, &files, &opts, output)
        }
        Command::Actors {
            files,
            input,
            published,
            dicts,
            no_default_dict,
            models,
        } => actors(
            &files,
            input,
            published,
            &dicts,
            no_default_dict,
            models.as_deref(),
        ),
        Command::Dict {
            command: DictCommand::Check { files },
        } => dict_check(&files),
        Command::ScoreActors { gold, models } => score_actors(&gold, models.as_deref()),
        Command::Patterns {
            command: PatternsCommand::Check { files, examples },
        } => patterns_check(&files, examples),
        Command::Dict {
            command: DictCommand::Compile,
        } => {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/dict");
            let path = Dictionary::compile_dir(&dir, "data/dict")?;
            eprintln!("wrote {}", path.display());
            Ok(())
        }
    }
}

/// Loads the default dictionaries (unless told not to) plus any extra files.
fn load_dictionary(extra: &[PathBuf], no_default: bool) -> Result<Dictionary> {
    let mut dict = if no_default {
        Dictionary::default()
    } else {
        Dictionary::load_default()?
    };
    for path in extra {
        let loaded = if path.extension().is_some_and(|e| e == "toml") {
            Dictionary::load_toml(path)?
        } else if path.is_dir() {
            Dictionary::load_dir(path)?
        } else {
            sitrep_actors::petrarch::load_file(path)?.0
        };
        dict.extend(loaded);
    }
    Ok(dict)
}

fn actors(
    files: &[String],
    input: DocInput,
    published: Option<NaiveDate>,
    dicts: &[PathBuf],
    no_default_dict: bool,
    models: Option<&Path>,
) -> Result<()> {
    let pipeline = load_pipeline(models)?;
    let resolver = Resolver::new(load_dictionary(dicts, no_default_dict)?);
    let kind = input.kind();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let (mut coded, mut failed) = (0usize, 0usize);
    for file in files {
        let mut warn = |w: String| eprintln!("sitrep: warning: {w}");
        for result in sitrep_ingest::read_path(file, kind, published, &mut warn) {
            let raw = match result {
                Ok(raw) => raw,
                Err(e) => {
                    eprintln!("sitrep: skipped: {e}");
                    failed += 1;
                    continue;
                }
            };
            let mut doc = Doc::new(raw.id.clone(), raw.text);
            pipeline.annotate(&mut doc);
            let found = resolver.resolve(&doc, raw.published);
            let record = Record {
                schema: SCHEMA,
                doc: DocMeta {
                    id: raw.id,
                    title: raw.title,
                    published: raw.published.map(|d| d.to_string()),
                    site: raw.site,
                    url: raw.url,
                    language: "en".to_string(),
                    ..DocMeta::default()
                },
                actors: sitrep_actors::resolve::to_output(&doc, &found),
                events: Vec::new(),
                quotes: Vec::new(),
            };
            serde_json::to_writer(&mut out, &record)?;
            out.write_all(b"\n")?;
            coded += 1;
        }
    }
    out.flush()?;
    if coded == 0 && failed > 0 {
        bail!("no document could be read ({failed} failed)");
    }
    if failed > 0 {
        eprintln!("sitrep: {coded} documents done, {failed} skipped");
    }
    Ok(())
}

fn dict_check(files: &[PathBuf]) -> Result<()> {
    let dict = if files.is_empty() {
        Dictionary::load_default()?
    } else {
        // Codes are checked against sitrep's countries even when only other files are given.
        let mut dict = Dictionary {
            countries: Dictionary::load_default()?.countries,
            ..Dictionary::default()
        };
        dict.extend(load_dictionary(files, true)?);
        dict
    };
    let findings = sitrep_actors::check::check(&dict);
    for f in &findings {
        println!("{f}");
    }
    let errors = findings
        .iter()
        .filter(|f| f.severity == sitrep_actors::check::Severity::Error)
        .count();
    let people = dict
        .entries
        .iter()
        .filter(|e| e.kind == sitrep_actors::dict::Kind::Person)
        .count();
    let roles: usize = dict.entries.iter().map(|e| e.roles.len()).sum();
    eprintln!(
        "sitrep dict check: {} countries, {} agent nouns, {} metonyms, {} people ({roles} dated roles), {} other actors, {} discards; {errors} errors, {} warnings",
        dict.countries.len(),
        dict.agents.len(),
        dict.metonyms.len(),
        people,
        dict.entries.len() - people,
        dict.discards.len(),
        findings.len() - errors
    );
    if errors > 0 {
        bail!("{errors} errors in the dictionaries");
    }
    Ok(())
}

fn load_pipeline(models: Option<&Path>) -> Result<Pipeline> {
    let pipeline = match models {
        Some(dir) => Pipeline::load(dir)?,
        None => Pipeline::load_default()?,
    };
    Ok(pipeline)
}

/// Reads a file (or stdin for `-`) as text; invalid UTF-8 is replaced, with a warning.
fn read_input(file: &str) -> Result<String> {
    let mut bytes = Vec::new();
    if file == "-" {
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("cannot read standard input")?;
    } else {
        bytes = std::fs::read(file).with_context(|| format!("cannot read {file}"))?;
    }
    let name = if file == "-" { "standard input" } else { file };
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            eprintln!("sitrep: warning: {name} is not valid UTF-8 (first bad byte at offset {offset}); bad bytes replaced with U+FFFD");
            String::from_utf8_lossy(e.as_bytes()).into_owned()
        }
    };
    if text.trim().is_empty() {
        bail!("{name} is empty: nothing to parse");
    }
    Ok(text)
}

fn parse(file: &str, input: ParseInput, models: Option<&Path>) -> Result<()> {
    let text = read_input(file)?;
    let pipeline = load_pipeline(models)?;
    let id = Path::new(file)
        .file_stem()
        .and_then(|s| s.to_str())
        .filter(|_| file != "-")
        .unwrap_or("stdin");
    let mut doc = match input {
        ParseInput::Text => Doc::new(id, text),
        ParseInput::Conllu => {
            let mut doc = conllu::read_str(&text, id)
                .with_context(|| format!("{file} is not valid CoNLL-U"))?;
            for sentence in &mut doc.sentences {
                for token in &mut sentence.tokens {
                    // Features and enhanced dependencies are not predicted: do not pass the
                    // input's through as if they were.
                    token.feats.clear();
                }
                if let Some(p) = sentence.conllu.as_mut() {
                    p.deps.iter_mut().for_each(|d| *d = "_".to_string());
                }
            }
            doc
        }
    };
    pipeline.annotate(&mut doc);
    let mut out = String::with_capacity(doc.text.len() * 8);
    conllu::write_doc(&doc, &mut out);
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    lock.write_all(out.as_bytes())?;
    lock.flush()?;
    Ok(())
}

fn train_models(train: &Path, dev: &Path, out: &Path, config: &TrainConfig) -> Result<()> {
    let started = Instant::now();
    let read = |p: &Path| -> Result<String> {
        std::fs::read_to_string(p).with_context(|| format!("cannot read treebank {}", p.display()))
    };
    let train_gold =
        read_gold(&read(train)?, "train").with_context(|| format!("in {}", train.display()))?;
    let dev_gold =
        read_gold(&read(dev)?, "dev").with_context(|| format!("in {}", dev.display()))?;
    eprintln!(
        "sitrep train: {} training and {} dev sentences; seed {}",
        train_gold.len(),
        dev_gold.len(),
        config.tagger.seed
    );
    let report = |line: String| eprintln!("[{:>6.1}s] {line}", started.elapsed().as_secs_f64());
    let pipeline = sitrep_lang::train::train(&train_gold, &dev_gold, config, &report);
    pipeline
        .save(out)
        .with_context(|| format!("cannot write models to {}", out.display()))?;
    for name in [
        sitrep_lang::TAGGER_FILE,
        sitrep_lang::LEMMATIZER_FILE,
        sitrep_lang::PARSER_FILE,
    ] {
        let size = std::fs::metadata(out.join(name))
            .map(|m| m.len())
            .unwrap_or(0);
        eprintln!(
            "wrote {} ({:.1} MB)",
            out.join(name).display(),
            size as f64 / 1e6
        );
    }
    eprintln!(
        "sitrep train: done in {:.1}s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn score_lang(gold: &Path, models: Option<&Path>) -> Result<()> {
    let text =
        std::fs::read_to_string(gold).with_context(|| format!("cannot read {}", gold.display()))?;
    let load_start = Instant::now();
    let pipeline = load_pipeline(models)?;
    let load_ms = load_start.elapsed().as_secs_f64() * 1e3;
    let seg =
        tokenize::evaluate_segmentation(&text).with_context(|| format!("in {}", gold.display()))?;
    let scores =
        eval::score_conllu(&pipeline, &text).with_context(|| format!("in {}", gold.display()))?;
    println!("gold: {}", gold.display());
    println!("model load: {load_ms:.1} ms");
    println!("segmentation from raw text (P / R / F1):");
    for (name, prf) in [
        ("tokens", &seg.tokens),
        ("words", &seg.words),
        ("sentences", &seg.sentences),
    ] {
        println!(
            "  {name:<10} {:6.2} / {:6.2} / {:6.2}",
            100.0 * prf.precision(),
            100.0 * prf.recall(),
            100.0 * prf.f1()
        );
    }
    println!(
        "on gold tokens, predicted tags ({} words, punctuation included):",
        scores.words
    );
    println!("  UPOS     {:6.2}", scores.upos);
    println!("  XPOS     {:6.2}", scores.xpos);
    println!("  LEMMA    {:6.2}", scores.lemma);
    println!("  UAS      {:6.2}", scores.uas);
    println!(
        "  LAS      {:6.2}   (universal relation, as the CoNLL 2018 scorer)",
        scores.las
    );
    println!(
        "  LAS full {:6.2}   (relation with subtype, e.g. nmod:poss)",
        scores.las_full
    );
    Ok(())
}

fn score_actors(gold: &Path, models: Option<&Path>) -> Result<()> {
    let pipeline = load_pipeline(models)?;
    let resolver = Resolver::new(Dictionary::load_default()?);
    let s = sitrep_actors::eval::score_gum_dir(&pipeline, &resolver, gold)
        .with_context(|| format!("cannot score {}", gold.display()))?;
    println!(
        "gold: {} ({} documents): named person/place/organization mentions",
        gold.display(),
        s.documents
    );
    println!(
        "{:<28} {:>7} {:>7} {:>7}   gold / predicted / correct",
        "", "P", "R", "F1"
    );
    let rows = [
        ("exact span, typed", s.exact_typed),
        ("exact span, any type", s.exact),
        ("overlapping span, typed", s.overlap_typed),
        ("overlapping span, any type", s.overlap),
    ];
    for (name, c) in rows.iter().chain(
        s.by_type
            .iter()
            .map(|(n, c)| (n.as_str(), *c))
            .collect::<Vec<_>>()
            .iter(),
    ) {
        println!(
            "{name:<28} {:>7.2} {:>7.2} {:>7.2}   {} / {} / {}",
            100.0 * c.precision(),
            100.0 * c.recall(),
            100.0 * c.f1(),
            c.gold,
            c.predicted,
            c.correct
        );
    }
    Ok(())
}

fn patterns_check(files: &[PathBuf], examples: bool) -> Result<()> {
    use sitrep_events::patterns::Patterns;
    let codebook = sitrep_events::codebook::Codebook::load_default()?;
    let mut patterns = Patterns::default();
    if files.is_empty() {
        patterns = Patterns::load_default()?;
    }
    for f in files {
        let part = if f.is_dir() {
            Patterns::load_dir(f)?
        } else {
            Patterns::load(f)?
        };
        patterns.verbs.extend(part.verbs);
        patterns.nouns.extend(part.nouns);
    }
    let problems = patterns.check(&codebook);
    for (origin, message) in &problems {
        println!("{origin}: error: {message}");
    }
    eprintln!(
        "sitrep patterns check: {} codes in the codebook, {} verb and {} noun patterns; {} problems",
        codebook.len(),
        patterns.verbs.len(),
        patterns.nouns.len(),
        problems.len()
    );
    if !problems.is_empty() {
        bail!("{} problems in the patterns", problems.len());
    }
    if examples {
        code::check_examples(patterns, None)?;
    }
    Ok(())
}

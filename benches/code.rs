//! `cargo bench --bench code`: `sitrep code` end to end on one core — segmentation, tagging,
//! lemmas, parsing, actor resolution, event coding (modality, time, place, quotes) and the
//! JSON rendering — over the bundled example corpus and article, with spaCy's full pipeline on
//! the same documents as the peer when its venv exists (scripts/setup-spacy-peer.sh).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use sitrep_actors::dict::Dictionary;
use sitrep_actors::resolve::Resolver;
use sitrep_doc::Doc;
use sitrep_events::codebook::Codebook;
use sitrep_events::extract::Extractor;
use sitrep_events::patterns::Patterns;
use sitrep_events::place::Gazetteer;
use sitrep_lang::Pipeline;

/// English documents of the example corpus and the bundled article.
fn documents(root: &Path) -> Vec<String> {
    let mut docs = Vec::new();
    if let Ok(jsonl) = std::fs::read_to_string(root.join("examples/corpus/articles.jsonl")) {
        for line in jsonl.lines() {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(line) {
                let english = v["language"].as_str().is_none_or(|l| l == "en");
                if let (Some(text), true) = (v["text"].as_str(), english) {
                    docs.push(text.to_string());
                }
            }
        }
    }
    if let Ok(text) = std::fs::read_to_string(root.join("examples/donbass-recognition.txt")) {
        docs.push(text);
    }
    docs
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let docs = documents(&root);
    if docs.is_empty() {
        println!(
            "SKIPPED: no example documents found under {}",
            root.display()
        );
        return;
    }
    let start = Instant::now();
    let pipeline = Pipeline::load_default().expect("models");
    let resolver = Resolver::new(Dictionary::load_default().expect("dictionaries"));
    let extractor = Extractor::new(
        Codebook::load_default().expect("codebook"),
        Patterns::load_default().expect("patterns"),
        Some(Gazetteer::load_default().expect("gazetteer")),
    );
    println!(
        "load (models, dictionaries, patterns, codebook, gazetteer): {:.0} ms",
        start.elapsed().as_secs_f64() * 1e3
    );
    let published = chrono::NaiveDate::from_ymd_opt(2025, 3, 20);
    // Enough passes over the corpus for a stable figure.
    let passes = 20;
    let mut best = f64::MAX;
    let mut best_language = f64::MAX;
    let (mut tokens, mut events, mut bytes) = (0usize, 0usize, 0usize);
    let mut sink = std::io::sink();
    for _ in 0..3 {
        let (mut t, mut e, mut b) = (0, 0, 0);
        let mut language = 0.0;
        let started = Instant::now();
        for _ in 0..passes {
            for (i, text) in docs.iter().enumerate() {
                let lang_start = Instant::now();
                let mut doc = Doc::new(format!("d{i}"), text.as_str());
                pipeline.annotate(&mut doc);
                language += lang_start.elapsed().as_secs_f64();
                let mut actors = resolver.resolve(&doc, published);
                extractor.locate_places(&doc, &mut actors);
                let coded = extractor.extract(&doc, &actors, published);
                let quotes = sitrep_events::quotes::find_quotes(&doc, &actors);
                let record = sitrep_doc::output::Record {
                    schema: sitrep_doc::output::SCHEMA,
                    doc: sitrep_doc::output::DocMeta {
                        id: doc.id.clone(),
                        language: "en".into(),
                        ..Default::default()
                    },
                    actors: sitrep_actors::resolve::to_output(&doc, &actors),
                    events: sitrep_events::render::events(&extractor, &doc, &actors, &coded, false),
                    quotes: sitrep_events::render::quotes(&doc, &actors, &quotes),
                };
                serde_json::to_writer(&mut sink, &record).expect("sink");
                sink.write_all(b"\n").expect("sink");
                t += doc.token_count();
                e += coded.len();
                b += text.len();
            }
        }
        let seconds = started.elapsed().as_secs_f64();
        if seconds < best {
            best = seconds;
            best_language = language;
            tokens = t;
            events = e;
            bytes = b;
        }
    }
    let ours = tokens as f64 / best;
    println!(
        "sitrep code end to end: {ours:.0} tokens/s, {:.0} documents/s, {:.2} MB/s on one core ({tokens} tokens, {} documents, {events} events in {best:.2} s, best of 3)",
        (docs.len() * passes) as f64 / best,
        bytes as f64 / best / 1e6,
        docs.len() * passes,
    );
    println!(
        "  of which language {:.0}%, actors + events + rendering {:.0}%",
        100.0 * best_language / best,
        100.0 * (best - best_language) / best
    );

    let python: PathBuf = std::env::var_os("SITREP_SPACY_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join(".venv-spacy/bin/python"));
    if !python.is_file() {
        println!(
            "SKIPPED spaCy peer: {} not found (run scripts/setup-spacy-peer.sh)",
            python.display()
        );
        return;
    }
    let input =
        std::env::temp_dir().join(format!("sitrep-code-bench-{}.jsonl", std::process::id()));
    let lines: String = (0..passes)
        .flat_map(|_| docs.iter())
        .map(|t| serde_json::json!({ "text": t }).to_string() + "\n")
        .collect();
    if let Err(e) = std::fs::write(&input, lines) {
        println!("SKIPPED spaCy peer: cannot write {}: {e}", input.display());
        return;
    }
    let output = Command::new(&python)
        .arg(root.join("scripts/spacy_peer_docs.py"))
        .arg(&input)
        .env("OMP_NUM_THREADS", "1")
        .env("OPENBLAS_NUM_THREADS", "1")
        .env("MKL_NUM_THREADS", "1")
        .output();
    let _ = std::fs::remove_file(&input);
    match output {
        Ok(out) if out.status.success() => {
            let v: serde_json::Value =
                serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
            match (v["tokens"].as_f64(), v["seconds"].as_f64()) {
                (Some(t), Some(s)) if s > 0.0 => {
                    let peer = t / s;
                    println!(
                        "{}: {peer:.0} tokens/s on one core (same documents)",
                        v["peer"]
                    );
                    println!("ratio sitrep code / spaCy: {:.1}x", ours / peer);
                }
                _ => println!("spaCy peer printed something unexpected: {v}"),
            }
        }
        Ok(out) => println!(
            "spaCy peer failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(e) => println!("spaCy peer could not start: {e}"),
    }
}

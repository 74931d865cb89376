//! Speed of the language core, side by side with spaCy on the same text in the same run.
//!
//! `cargo bench -p sitrep-lang --bench throughput` prints: model load time, segmentation speed
//! on raw text, and tag + lemma + parse speed on one core over the gold tokens of UD English EWT
//! train (from `../shared`); then, if the peer venv exists (`scripts/setup-spacy-peer.sh`),
//! spaCy's small English pipeline on the same sentences and the ratio.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use sitrep_doc::conllu;
use sitrep_lang::{tokenize, Pipeline};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let corpus = root.join("../shared/corpora/ud-english-ewt/en_ewt-ud-train.conllu");
    let Ok(text) = std::fs::read_to_string(&corpus) else {
        println!(
            "SKIPPED: {} not found; the throughput benchmark needs ../shared",
            corpus.display()
        );
        return;
    };
    let models = root.join("data/models");

    let mut load_ms = Vec::new();
    let mut pipeline = None;
    for _ in 0..5 {
        let start = Instant::now();
        pipeline = Some(Pipeline::load(&models).unwrap_or_else(|e| panic!("loading models: {e}")));
        load_ms.push(start.elapsed().as_secs_f64() * 1e3);
    }
    let Some(pipeline) = pipeline else { return };
    load_ms.sort_by(f64::total_cmp);
    println!(
        "model load (tagger + lemmatizer + parser): {:.1} ms (best of 5; median {:.1} ms)",
        load_ms[0], load_ms[2]
    );

    let gold = conllu::read_str(&text, "ewt-train")
        .unwrap_or_else(|e| panic!("{}: {e}", corpus.display()));
    let tokens = gold.token_count();

    let start = Instant::now();
    let segmented = tokenize::segment(&gold.text);
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "segmentation: {:.1} MB/s ({} sentences, {:.2} s for {:.1} MB of raw text)",
        gold.text.len() as f64 / 1e6 / seconds,
        segmented.len(),
        seconds,
        gold.text.len() as f64 / 1e6
    );

    // Warm up caches, then time the whole corpus, one thread.
    let mut doc = gold.clone();
    for sentence in doc.sentences.iter_mut().take(500) {
        pipeline.annotate_sentence(&gold, sentence);
    }
    let mut best = f64::MAX;
    for _ in 0..3 {
        let mut doc = gold.clone();
        let start = Instant::now();
        for sentence in &mut doc.sentences {
            pipeline.annotate_sentence(&gold, sentence);
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    let ours = tokens as f64 / best;
    // Where the time goes: the tagger alone, on the same sentences.
    let forms: Vec<Vec<&str>> = gold
        .sentences
        .iter()
        .map(|s| s.tokens.iter().map(|t| gold.token_text(t)).collect())
        .collect();
    let mut tags = Vec::new();
    let mut tag_seconds = f64::MAX;
    for _ in 0..3 {
        let start = Instant::now();
        for f in &forms {
            pipeline.tagger().tag(f, &mut tags);
        }
        tag_seconds = tag_seconds.min(start.elapsed().as_secs_f64());
    }
    // The parser alone, on those tags.
    let mut all_tags = Vec::with_capacity(forms.len());
    for f in &forms {
        pipeline.tagger().tag(f, &mut tags);
        all_tags.push(
            tags.iter()
                .map(|&t| pipeline.tagger().tag_hash(t))
                .collect::<Vec<u64>>(),
        );
    }
    let mut parse_seconds = f64::MAX;
    for _ in 0..3 {
        let start = Instant::now();
        for (f, t) in forms.iter().zip(&all_tags) {
            let input = sitrep_lang::parser::ParserInput { forms: f, tags: t };
            std::hint::black_box(pipeline.parser().parse(&input));
        }
        parse_seconds = parse_seconds.min(start.elapsed().as_secs_f64());
    }
    println!(
        "sitrep tag + parse (no lemmas; best of 3 each): {:.0} tokens/s on one core",
        tokens as f64 / (tag_seconds + parse_seconds)
    );
    println!(
        "  of which tagging {:.0} tokens/s, parsing {:.0} tokens/s",
        tokens as f64 / tag_seconds,
        tokens as f64 / parse_seconds
    );
    println!("sitrep tag + lemma + parse: {:.0} tokens/s on one core ({tokens} tokens in {best:.2} s, best of 3)", ours);

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
    let sentences: String = gold
        .sentences
        .iter()
        .map(|s| {
            s.tokens
                .iter()
                .map(|t| gold.token_text(t).replace(' ', "_"))
                .collect::<Vec<_>>()
                .join(" ")
                + "\n"
        })
        .collect();
    let input = std::env::temp_dir().join(format!("sitrep-bench-{}.txt", std::process::id()));
    if let Err(e) = std::fs::write(&input, sentences) {
        println!("SKIPPED spaCy peer: cannot write {}: {e}", input.display());
        return;
    }
    let output = Command::new(&python)
        .arg(root.join("scripts/spacy_peer.py"))
        .arg(&input)
        .env("OMP_NUM_THREADS", "1")
        .env("OPENBLAS_NUM_THREADS", "1")
        .env("MKL_NUM_THREADS", "1")
        .output();
    let _ = std::fs::remove_file(&input);
    match output {
        Ok(out) if out.status.success() => {
            let line = String::from_utf8_lossy(&out.stdout);
            let field = |name: &str| -> Option<f64> {
                let at = line.find(&format!("\"{name}\": "))? + name.len() + 4;
                line[at..].split([',', '}']).next()?.trim().parse().ok()
            };
            match (field("tokens"), field("seconds")) {
                (Some(t), Some(s)) if s > 0.0 => {
                    let peer = t / s;
                    println!("spaCy en_core_web_sm tag + lemma + parse (no NER): {peer:.0} tokens/s on one core");
                    println!("ratio sitrep / spaCy: {:.1}x", ours / peer);
                }
                _ => println!("spaCy peer printed something unexpected: {line}"),
            }
        }
        Ok(out) => println!(
            "spaCy peer failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(e) => println!("spaCy peer could not start: {e}"),
    }
}

//! Cost of the actor stage: dictionary load and compile time, and resolution time against
//! tagging + parsing the same text (`cargo bench -p sitrep-actors --bench resolution`).
//!
//! The text is the news documents of GUM (from `../shared`, evaluation only), annotated once;
//! resolution is then timed over the same annotated documents.

use std::path::Path;
use std::time::Instant;

use chrono::NaiveDate;
use sitrep_actors::dict::Dictionary;
use sitrep_actors::resolve::Resolver;
use sitrep_doc::{conllu, Doc};
use sitrep_lang::Pipeline;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/dict");
    let start = Instant::now();
    let parsed =
        Dictionary::parse_dir(&dir, "data/dict").unwrap_or_else(|e| panic!("dictionaries: {e}"));
    println!(
        "dictionary parse from TOML (no compiled copy, no cache): {:.1} ms for {} countries, {} agent nouns, {} metonyms, {} people and organizations",
        start.elapsed().as_secs_f64() * 1e3,
        parsed.countries.len(),
        parsed.agents.len(),
        parsed.metonyms.len(),
        parsed.entries.len()
    );
    let mut load = Vec::new();
    let mut compile = Vec::new();
    let mut resolver = None;
    for _ in 0..5 {
        let start = Instant::now();
        let dict =
            Dictionary::load_default().unwrap_or_else(|e| panic!("default dictionaries: {e}"));
        load.push(start.elapsed().as_secs_f64() * 1e3);
        let start = Instant::now();
        resolver = Some(Resolver::new(dict));
        compile.push(start.elapsed().as_secs_f64() * 1e3);
    }
    load.sort_by(f64::total_cmp);
    compile.sort_by(f64::total_cmp);
    println!(
        "dictionary load (data/dict/compiled.bin): {:.1} ms, compile to lookup tables: {:.1} ms, total {:.1} ms (best of 5)",
        load[0],
        compile[0],
        load[0] + compile[0]
    );
    let Some(resolver) = resolver else { return };

    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpora/gum-news");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!(
            "SKIPPED: {} not found; the resolution timing needs ../shared",
            dir.display()
        );
        return;
    };
    let pipeline = Pipeline::load_default().unwrap_or_else(|e| panic!("models: {e}"));
    let mut texts: Vec<String> = Vec::new();
    for e in entries.flatten() {
        if e.path().extension().is_some_and(|x| x == "conllu") {
            if let Ok(t) = std::fs::read_to_string(e.path()) {
                if let Ok(doc) = conllu::read_str(&t, "gum") {
                    texts.push(doc.text);
                }
            }
        }
    }
    // Repeat the corpus so the timings are long enough to trust.
    let texts: Vec<&String> = texts.iter().cycle().take(texts.len() * 8).collect();
    let start = Instant::now();
    let mut docs: Vec<Doc> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let mut d = Doc::new(i.to_string(), t.as_str());
            pipeline.annotate(&mut d);
            d
        })
        .collect();
    let language = start.elapsed().as_secs_f64();
    let tokens: usize = docs.iter().map(|d| d.token_count()).sum();
    let day = NaiveDate::from_ymd_opt(2017, 6, 1);
    let start = Instant::now();
    let mut actors = 0;
    for d in &mut docs {
        actors += resolver.resolve(d, day).len();
    }
    let resolution = start.elapsed().as_secs_f64();
    println!(
        "segment + tag + parse: {:.0} tokens/s; resolution: {:.0} tokens/s ({actors} actors in {tokens} tokens)",
        tokens as f64 / language,
        tokens as f64 / resolution
    );
    println!(
        "resolution adds {:.1}% to the language stage's time",
        100.0 * resolution / language
    );
}

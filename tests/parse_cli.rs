//! `sitrep parse` end to end, on text we wrote.

use std::io::Write;
use std::process::{Command, Stdio};

fn sitrep() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sitrep"))
}

fn run_with_stdin(args: &[&str], stdin: &[u8]) -> std::process::Output {
    let mut child = sitrep()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("sitrep starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin)
        .expect("write stdin");
    child.wait_with_output().expect("sitrep finishes")
}

/// Word lines of CoNLL-U output, split into columns.
fn words(conllu: &str) -> Vec<Vec<String>> {
    conllu
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect()
}

#[test]
fn the_bundled_article_parses_into_well_formed_conllu() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/donbass-recognition.txt"
    );
    let out = sitrep()
        .args(["parse", path])
        .output()
        .expect("sitrep runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("utf-8 output");
    let sentences: Vec<&str> = text
        .split("\n\n")
        .filter(|s| !s.trim().is_empty())
        .collect();
    assert!(sentences.len() >= 12, "only {} sentences", sentences.len());
    for sentence in &sentences {
        let rows = words(sentence);
        assert!(sentence.contains("# text = "));
        let roots = rows.iter().filter(|r| r[6] == "0").count();
        assert_eq!(roots, 1, "one root per sentence:\n{sentence}");
        for (i, row) in rows.iter().enumerate() {
            assert_eq!(row.len(), 10);
            assert_eq!(row[0], (i + 1).to_string());
            let head: usize = row[6].parse().expect("numeric head");
            assert!(head <= rows.len());
            assert_ne!(head, i + 1, "no word heads itself");
            for col in [2, 3, 4, 7] {
                assert!(
                    !row[col].is_empty() && row[col] != "_",
                    "column {col} filled: {row:?}"
                );
            }
        }
    }
    // Spot checks a reader would make on the article.
    let all = words(&text);
    let find = |form: &str| {
        all.iter()
            .find(|r| r[1] == form)
            .unwrap_or_else(|| panic!("{form} missing"))
    };
    assert_eq!(find("lawmakers")[3], "NOUN");
    assert_eq!(find("lawmakers")[2], "lawmaker");
    assert_eq!(find("Geneva")[3], "PROPN");
    assert_eq!(find("urged")[2], "urge");
    assert!(
        all.iter().any(|r| r[1] == "n't" && r[2] == "not"),
        "clitic split and lemmatized"
    );
}

#[test]
fn conllu_input_keeps_the_tokens_and_fills_the_columns() {
    let input = "# sent_id = t1\n# text = Kyiv didn't sign.\n1\tKyiv\t_\t_\t_\t_\t_\t_\t_\t_\n2-3\tdidn't\t_\t_\t_\t_\t_\t_\t_\t_\n2\tdid\t_\t_\t_\t_\t_\t_\t_\t_\n3\tn't\t_\t_\t_\t_\t_\t_\t_\t_\n4\tsign\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n5\t.\t_\t_\t_\t_\t_\t_\t_\t_\n\n";
    let out = run_with_stdin(&["parse", "--input", "conllu", "-"], input.as_bytes());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.starts_with("# sent_id = t1\n# text = Kyiv didn't sign.\n"));
    assert!(
        text.contains("\n2-3\tdidn't\t_"),
        "multiword range kept:\n{text}"
    );
    let rows = words(&text);
    let forms: Vec<&str> = rows
        .iter()
        .filter(|r| !r[0].contains('-'))
        .map(|r| r[1].as_str())
        .collect();
    assert_eq!(forms, ["Kyiv", "did", "n't", "sign", "."]);
    let sign = rows.iter().find(|r| r[1] == "sign").expect("sign");
    assert_eq!(
        (sign[3].as_str(), sign[6].as_str(), sign[7].as_str()),
        ("VERB", "0", "root")
    );
    assert_eq!(sign[9], "SpaceAfter=No");
}

#[test]
fn a_missing_file_is_a_clear_error() {
    let out = sitrep()
        .args(["parse", "no/such/file.txt"])
        .output()
        .expect("runs");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot read no/such/file.txt"), "{err}");
}

#[test]
fn empty_input_is_a_clear_error() {
    let out = run_with_stdin(&["parse", "-"], b"  \n\n");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("empty"));
}

#[test]
fn invalid_utf8_is_read_lossily_with_a_warning() {
    let out = run_with_stdin(&["parse", "-"], b"Troops moved \xff\xfe near the border.\n");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("not valid UTF-8") && err.contains("offset 13"),
        "{err}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("border"));
}

#[test]
fn broken_conllu_names_the_line() {
    let out = run_with_stdin(
        &["parse", "--input", "conllu", "-"],
        b"1\tA\t_\t_\t_\t_\t0\troot\t_\t_\n2\tbad\n",
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 2"));
}

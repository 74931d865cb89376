//! Comment removal shared by every PETRARCH reader: what is left of each line once comments,
//! blank lines and `<!-- … -->` blocks are gone.

/// One line that carries content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Line {
    /// 1-based line number in the file.
    pub no: usize,
    /// The line began with a space or a tab (continuation lines, indented code lines).
    pub indented: bool,
    /// The content, comments removed and trimmed; never empty.
    pub text: String,
}

/// Splits `text` into content lines.
///
/// Comments, as PETRARCH reads them:
/// - a line whose first non-blank character is `#` is a comment; so is a line that starts with
///   `<!` but not `<!--` (a misspelt `<! -- … -->` is still a comment);
/// - `#` or `;` (the KEDS/TABARI legacy delimiter) outside a `[…]` code bracket starts a
///   comment that runs to the end of the line (inside brackets `#` is part of a code such as
///   the TABARI discard code `[###]`);
/// - `<!-- … -->` is removed wherever it occurs on a line; an unclosed `<!--` opens a block
///   comment that ends at the next `-->`, whatever the lines in between hold.
pub(super) fn content_lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut in_block = false;
    for (i, raw) in text.lines().enumerate() {
        let no = i + 1;
        let mut rest = raw;
        let mut indented = raw.starts_with([' ', '\t']);
        if in_block {
            match rest.find("-->") {
                Some(p) => {
                    in_block = false;
                    rest = &rest[p + 3..];
                    indented = false;
                }
                None => continue,
            }
        }
        let lead = rest.trim_start();
        if lead.starts_with('#') || (lead.starts_with("<!") && !lead.starts_with("<!--")) {
            continue;
        }
        let mut kept = String::new();
        let mut s = rest;
        loop {
            let comment = comment_start(s);
            let open = s.find("<!--");
            match (comment, open) {
                (Some(c), Some(o)) if c < o => {
                    kept.push_str(&s[..c]);
                    break;
                }
                (_, Some(o)) => {
                    kept.push_str(&s[..o]);
                    let after = &s[o + 4..];
                    match after.find("-->") {
                        Some(e) => {
                            kept.push(' ');
                            s = &after[e + 3..];
                        }
                        None => {
                            in_block = true;
                            break;
                        }
                    }
                }
                (Some(c), None) => {
                    kept.push_str(&s[..c]);
                    break;
                }
                (None, None) => {
                    kept.push_str(s);
                    break;
                }
            }
        }
        let trimmed = kept.trim();
        if !trimmed.is_empty() {
            out.push(Line {
                no,
                indented,
                text: trimmed.to_string(),
            });
        }
    }
    out
}

/// Byte offset of the first `#` or `;` that is not inside a `[…]` bracket.
fn comment_start(s: &str) -> Option<usize> {
    let mut in_bracket = false;
    for (i, c) in s.char_indices() {
        match c {
            '[' => in_bracket = true,
            ']' => in_bracket = false,
            '#' | ';' if !in_bracket => return Some(i),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &str) -> Vec<(usize, bool, String)> {
        content_lines(t)
            .into_iter()
            .map(|l| (l.no, l.indented, l.text))
            .collect()
    }

    #[test]
    fn comments_of_every_kind_are_removed() {
        let t = "# whole line\nA [X] # note\n\tB ; legacy\n<!-- one -->\nC <!-- mid --> D\n<! -- odd -->\n\
                 <!-- open\nnot read [Y]\n# -->\nE [###] # F\n  \n";
        assert_eq!(
            texts(t),
            vec![
                (2, false, "A [X]".to_string()),
                (3, true, "B".to_string()),
                (5, false, "C   D".to_string()),
                (10, false, "E [###]".to_string()),
            ]
        );
    }

    #[test]
    fn an_unclosed_block_swallows_the_rest() {
        assert!(texts("A\n<!-- never closed\nB\nC\n").len() == 1);
    }
}

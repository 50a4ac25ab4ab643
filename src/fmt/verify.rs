//! The check that a layout kept the file's meaning: the formatted text
//! parses to the same tree, positions aside, with the same comments.

use crate::diag::Diagnostics;
use crate::source::SourceFile;
use crate::syntax::{self, ast};

/// `Ok` when `formatted` parses, without errors, to `original` (spans and
/// node ids aside) and keeps every comment's text; otherwise what differs.
pub(super) fn same_meaning(
    original: &ast::File,
    name: &str,
    formatted: &str,
) -> Result<(), String> {
    let mut diagnostics = Diagnostics::new();
    let reparsed = syntax::parse(&SourceFile::new(name, formatted), &mut diagnostics);
    let Some(reparsed) = reparsed.filter(|_| !diagnostics.has_errors()) else {
        return Err(format!(
            "the formatted text of `{name}` does not parse ({} errors)",
            diagnostics.error_count()
        ));
    };
    if comment_texts(original) != comment_texts(&reparsed) {
        return Err(format!(
            "formatting `{name}` would lose or change a comment"
        ));
    }
    if shape(original) != shape(&reparsed) {
        return Err(format!("formatting `{name}` would change its syntax tree"));
    }
    Ok(())
}

/// Every plain comment's text (trailing blanks aside), sorted: the layout
/// may move a comment but never drop or alter one.
pub fn comment_texts(file: &ast::File) -> Vec<String> {
    let mut texts: Vec<String> = file
        .comments
        .iter()
        .map(|c| c.text.trim_end().to_owned())
        .collect();
    texts.sort();
    texts
}

/// The tree without positions, node ids and comments: its debug text with
/// those left out.
fn shape(file: &ast::File) -> String {
    let items = format!("{:?}", file.items);
    strip_positions(&items)
}

/// Removes `Span { start: …, end: … }` and `NodeId(…)` from a debug text.
fn strip_positions(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        let next = [rest.find("Span { start: "), rest.find("NodeId(")]
            .into_iter()
            .flatten()
            .min();
        let Some(at) = next else {
            out.push_str(rest);
            return out;
        };
        out.push_str(rest.get(..at).unwrap_or(""));
        let tail = rest.get(at..).unwrap_or("");
        let close = if tail.starts_with("Span") { '}' } else { ')' };
        let end = tail.find(close).map_or(tail.len(), |i| i + 1);
        out.push('_');
        rest = tail.get(end..).unwrap_or("");
    }
}

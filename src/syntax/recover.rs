//! Stage 1, syntax: going on after a syntax error, so one run reports every
//! syntax error in a file and the checker still sees what parsed.
//!
//! The happy path never comes here: `parse` runs pest once on the file and
//! only a failure calls [`recover`]. Recovery reports that error, blanks
//! out the statement (or, at the top level, the item) it is in — spaces
//! for every byte but line breaks, so every offset and line of the rest
//! stays what it was — and parses again, until the file parses or nothing
//! more can be skipped. `outline.rs` chooses the piece. The pieces skipped
//! are handed on, so the checker can leave out the errors they cause
//! (a variable whose `let` was skipped is not "unknown").
//!
//! Each round parses the whole file again; the rounds are capped, so a file
//! of random tokens costs at most [`MAX_ROUNDS`] parses (and far fewer when
//! the file is large).

use pest::Parser;
use pest::error::{Error, InputLocation};

use super::parser::{self, Rule, SflParser};
use super::{ast, outline, pairs_to_ast, scan};
use crate::diag::Diagnostics;
use crate::source::Span;

/// The most syntax errors one run reports.
pub const MAX_ROUNDS: usize = 100;

/// How many bytes all rounds together may parse again (64 MiB): a large
/// file with many errors stops early instead of parsing for minutes.
const REPARSE_BUDGET: usize = 64 * 1024 * 1024;

/// What a parse with recovery produced.
#[derive(Debug, Default)]
pub struct Parsed {
    /// The tree of what parsed, or `None` when the parse could not go on.
    pub tree: Option<ast::File>,
    /// The pieces of the file skipped after syntax errors, in source order.
    pub skipped: Vec<Span>,
}

/// Reports `first` and every later syntax error it can reach (see the
/// module doc); only `first` when a brace is missing or extra, since then
/// nothing shows where the statements end. `comments` are the file's comments from the scan.
pub fn recover(
    text: &str,
    first: &Error<Rule>,
    comments: Vec<ast::Comment>,
    diagnostics: &mut Diagnostics,
) -> Parsed {
    if !outline::braces_balance(text) {
        let unclosed = scan::scan(text).map(|s| s.unclosed).unwrap_or_default();
        diagnostics.push(parser::syntax_error(first, text, &unclosed));
        return Parsed::default();
    }
    let rounds = MAX_ROUNDS.min(REPARSE_BUDGET / text.len().max(1)).max(1);
    let mut work = text.to_owned();
    let mut skipped = Vec::new();
    let mut error = first.clone();
    for _ in 0..rounds {
        let unclosed = scan::scan(&work).map(|s| s.unclosed).unwrap_or_default();
        diagnostics.push(parser::syntax_error(&error, &work, &unclosed));
        let Some(piece) = outline::piece_to_skip(&work, position(&error)) else {
            break;
        };
        blank(&mut work, piece);
        skipped.push(piece);
        match SflParser::parse(Rule::file, &work) {
            Ok(mut pairs) => {
                let tree = pairs
                    .next()
                    .map(|pair| pairs_to_ast::build_file(pair, comments, diagnostics));
                skipped.sort_unstable();
                return Parsed { tree, skipped };
            }
            Err(next) => error = next,
        }
    }
    skipped.sort_unstable();
    Parsed {
        tree: None,
        skipped,
    }
}

fn position(error: &Error<Rule>) -> usize {
    match error.location {
        InputLocation::Pos(pos) => pos,
        InputLocation::Span((start, _)) => start,
    }
}

/// Replaces every byte of `piece` but line breaks with a space. Only whole
/// characters are replaced (a piece starts and ends at ASCII bytes), so the
/// text stays UTF-8 and keeps its length.
fn blank(work: &mut String, piece: Span) {
    let Some(text) = work.get(piece.start_usize()..piece.end_usize()) else {
        return;
    };
    let blanked: String = text
        .bytes()
        .map(|b| {
            if b == b'\n' || b == b'\r' {
                b as char
            } else {
                ' '
            }
        })
        .collect();
    // `blanked` has one byte per byte of `text`: the same length.
    work.replace_range(piece.start_usize()..piece.end_usize(), &blanked);
}

#[cfg(test)]
mod tests {
    #![expect(
        clippy::unwrap_used,
        clippy::indexing_slicing,
        clippy::string_slice,
        clippy::panic,
        reason = "test code"
    )]
    use crate::diag::{Code, Diagnostics};
    use crate::source::SourceFile;
    use crate::syntax::{parse, parse_recovering};

    const TWO_ERRORS: &str =
        "workflow w() {\n    let a = = 1\n    wait 1s\n    set b = = 2\n    return 1\n}\n";

    #[test]
    fn every_error_is_reported_and_the_rest_is_a_tree() {
        let file = SourceFile::new("t.sfl", TWO_ERRORS);
        let mut diagnostics = Diagnostics::new();
        let parsed = parse_recovering(&file, &mut diagnostics);
        let codes: Vec<Code> = diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, [Code::UnexpectedToken, Code::UnexpectedToken]);
        assert_eq!(parsed.skipped.len(), 2);
        let tree = parsed.tree.unwrap();
        let crate::syntax::ast::Item::Workflow(workflow) = &tree.items[0] else {
            panic!("not a workflow");
        };
        // `wait` and `return` are left; their spans are those of the file.
        assert_eq!(workflow.body.stmts.len(), 2);
        let wait = workflow.body.stmts[0].span;
        assert_eq!(&TWO_ERRORS[wait.start_usize()..wait.end_usize()], "wait 1s");
    }

    #[test]
    fn parse_gives_no_tree_that_lacks_a_skipped_piece() {
        let file = SourceFile::new("t.sfl", TWO_ERRORS);
        let mut diagnostics = Diagnostics::new();
        assert!(parse(&file, &mut diagnostics).is_none());
        assert_eq!(diagnostics.len(), 2);
    }
}

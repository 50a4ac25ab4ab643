//! Stage 1, syntax: source text → [`ast::File`].
//!
//! Takes a [`SourceFile`]; returns the tree, or `None` when the text cannot
//! be parsed, with every problem pushed into the file's [`Diagnostics`].
//!
//! 1. `scan` reads the text once, linearly: it refuses nesting deeper than
//!    [`MAX_NESTING`] and strings left open, before anything recurses, and
//!    collects the plain `//` comments.
//! 2. `fast` tries a hand-written recursive-descent parser: one pass that
//!    builds exactly the tree of steps 3 and 4 for a file they would accept
//!    without a word, and gives up on anything else (a syntax error, any
//!    detail step 4 reports, a construct it does not know). It reports
//!    nothing; when it gives up, steps 3 and 4 run as if it did not exist,
//!    so every diagnostic and the recovery come from them alone.
//!    `tests/fast_parse.rs` holds the two paths to the same tree.
//! 3. `parser` runs the pest grammar in `grammar/sfl.pest`, which accepts
//!    broad shapes; a pest failure becomes an `E0001` diagnostic, and
//!    `recover` skips the statement or item it is in and parses again, so
//!    every syntax error is reported and the rest still gets a tree.
//! 4. `pairs_to_ast` (with `expr` for operator precedence and `literals`
//!    for strings, numbers and durations) builds the tree, sorting clauses
//!    into typed fields and reporting what the grammar let through, each
//!    with its own code, without stopping.
//!
//! All wording lives in `diagnostics`, one constructor per code.

pub mod ast;
mod diagnostics;
mod expr;
mod fast;
mod literals;
mod outline;
mod pairs_to_ast;
pub mod parser;
mod recover;
mod scan;

pub use recover::{MAX_ROUNDS, Parsed};
pub use scan::MAX_NESTING;

use pest::Parser;

use crate::diag::Diagnostics;
use crate::source::{SourceFile, Span};
use parser::{Rule, SflParser};
use scan::ScanProblem;

/// The largest file the compiler reads, in bytes (8 MiB). A definition
/// must stay under 1 MiB, so a source many times that size is a mistake.
pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;

/// Parses one file. Returns `None` when the text has a syntax error (every
/// one is reported); problems found while building the tree are pushed
/// into `diagnostics` and the tree is still returned, so later stages can
/// report more. The tree is always the whole file: a tool that rewrites the
/// file (`aslc fmt`) can never drop a piece that recovery skipped.
pub fn parse(file: &SourceFile, diagnostics: &mut Diagnostics) -> Option<ast::File> {
    let parsed = parse_recovering(file, diagnostics);
    parsed.tree.filter(|_| parsed.skipped.is_empty())
}

/// Parses one file, going on after syntax errors: the tree holds what
/// parsed, and [`Parsed::skipped`] lists the pieces left out, so that a
/// later stage can tell a follow-on error from a real one.
pub fn parse_recovering(file: &SourceFile, diagnostics: &mut Diagnostics) -> Parsed {
    let text: &str = &file.text;
    if text.len() > MAX_FILE_BYTES {
        diagnostics.push(diagnostics::file_too_large(text.len()));
        return Parsed::default();
    }
    let scan = match scan::scan(text) {
        Ok(scan) => scan,
        Err(ScanProblem::TooDeep(span)) => {
            diagnostics.push(diagnostics::nesting_too_deep(span));
            return Parsed::default();
        }
        Err(ScanProblem::Unterminated { span, quote }) => {
            diagnostics.push(diagnostics::unterminated_string(span, quote));
            return Parsed::default();
        }
    };
    if let Some(items) = fast::parse(text) {
        return Parsed {
            tree: Some(ast::File {
                items,
                comments: scan.comments,
                span: Span::new(0, text.len()),
            }),
            skipped: Vec::new(),
        };
    }
    parse_pest(text, scan, diagnostics)
}

/// The pest path: the grammar, the tree builder and recovery.
fn parse_pest(text: &str, scan: scan::Scan, diagnostics: &mut Diagnostics) -> Parsed {
    let pair = match SflParser::parse(Rule::file, text) {
        Ok(mut pairs) => pairs.next(),
        Err(error) => return recover::recover(text, &error, scan.comments, diagnostics),
    };
    let Some(pair) = pair else {
        diagnostics.push(diagnostics::internal_shape(Span::new(0, text.len())));
        return Parsed::default();
    };
    Parsed {
        tree: Some(pairs_to_ast::build_file(pair, scan.comments, diagnostics)),
        skipped: Vec::new(),
    }
}

/// The fast path alone, for the differential test (`tests/fast_parse.rs`):
/// the tree it builds, or `None` where it gives up (a file the pre-scan
/// refuses included).
#[doc(hidden)]
pub fn parse_fast_only(text: &str) -> Option<ast::File> {
    let scan = scan::scan(text).ok()?;
    let items = fast::parse(text)?;
    Some(ast::File {
        items,
        comments: scan.comments,
        span: Span::new(0, text.len()),
    })
}

/// The pest path alone, for the differential test: what
/// [`parse_recovering`] gives when the fast path gives up.
#[doc(hidden)]
pub fn parse_pest_only(text: &str, diagnostics: &mut Diagnostics) -> Option<ast::File> {
    let scan = scan::scan(text).ok()?;
    let parsed = parse_pest(text, scan, diagnostics);
    parsed.tree.filter(|_| parsed.skipped.is_empty())
}

/// Every reserved word; none of them can be used as a name. Clause words
/// (`url`, `auth`, `body`, `on`, `attempts`, …) are not reserved.
pub const KEYWORDS: &[&str] = &[
    "workflow",
    "type",
    "endpoint",
    "retry",
    "let",
    "set",
    "if",
    "else",
    "match",
    "while",
    "parallel",
    "branch",
    "for",
    "in",
    "concurrency",
    "try",
    "catch",
    "as",
    "wait",
    "until",
    "fail",
    "succeed",
    "return",
    "and",
    "or",
    "not",
    "true",
    "false",
    "null",
    "express",
    "timeout",
];

#[cfg(test)]
mod tests;

//! `aslc fmt`: the one canonical layout of SFL source.
//!
//! Reads the tree of the syntax stage (and nothing later: formatting needs
//! no types) and writes it back out with a fixed layout, copying every
//! literal as written and putting every plain comment back beside the code
//! it was written beside (see `printer.rs` for how). The rules are
//! described for users in `docs/language.md`, "Formatting".
//!
//! Formatting must never change what a file means. [`format_source`]
//! therefore parses its own output again and compares the two trees
//! (positions aside) and the two sets of comments; if they differ, the
//! result is refused as an internal error and the caller leaves the file
//! alone.
//!
//! Layout code lives by what it lays out: `items` (the file, items and
//! clause bodies), `stmts` (blocks, statements, calls), `exprs`
//! (expressions and types). Each node kind is one match arm calling one
//! small function, and the matches have no catch-all arm, so a new kind of
//! node fails to compile here until it has a layout.

mod exprs;
mod items;
mod printer;
mod stmts;
mod verify;

use crate::diag::Diagnostics;
use crate::source::SourceFile;
use crate::syntax::{self, ast};

/// Why a file was not formatted.
#[derive(Debug)]
pub enum FormatError {
    /// The file does not parse, or parsing reported errors (a clause
    /// the builder dropped would be lost): these are its diagnostics.
    Syntax(Diagnostics),
    /// The layout would change the file's meaning or lose a comment: a
    /// bug in the formatter, described for a bug report.
    Internal(String),
}

/// Formats one file. Returns the canonical text, which equals the input
/// when the file is already formatted.
pub fn format_source(file: &SourceFile) -> Result<String, FormatError> {
    let mut diagnostics = Diagnostics::new();
    let parsed = syntax::parse(file, &mut diagnostics);
    let tree = match parsed {
        Some(tree) if !diagnostics.has_errors() => tree,
        _ => return Err(FormatError::Syntax(diagnostics.sorted())),
    };
    let formatted = format_tree(&tree, &file.text);
    verify::same_meaning(&tree, &file.name, &formatted).map_err(FormatError::Internal)?;
    Ok(formatted)
}

/// Lays out a parsed tree; `text` is the source it was parsed from.
pub fn format_tree(tree: &ast::File, text: &str) -> String {
    let mut printer = printer::Printer::new(text, tree.comments.clone());
    printer.file(tree);
    printer.finish()
}

#[cfg(test)]
mod tests;

//! Leaves out the errors that only follow from another one, so a user sees
//! each mistake once.
//!
//! Two kinds, both decided after the checker ran, from the diagnostics and
//! what the parser skipped (`syntax::Parsed::skipped`):
//!
//! - A clause the builder could not take (misspelt, `E0019`, or with a value
//!   of the wrong form, `E0021`) or a piece of an item the parser skipped
//!   leaves the item without that clause: "missing `url`", "no `auth`" and
//!   the like on the same item are not reported.
//! - A statement or item the parser skipped may have declared names: an
//!   unknown or unassigned variable, endpoint, policy or type of such a
//!   name is not reported, nor is a missing workflow when anything was
//!   skipped (a misspelt `workflow` keyword skips the whole item); an "unused" warning is not reported for a name a skipped
//!   piece mentions (it may have been the use), nor an unreachable
//!   statement after one that held a skipped piece (a skipped match arm or
//!   branch may have been the path that went on).

use std::collections::BTreeSet;

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::source::Span;
use crate::syntax::ast;

/// Errors about a clause an item lacks.
const MISSING_CLAUSE: &[Code] = &[
    Code::MissingUrl,
    Code::MissingAuth,
    Code::MissingPrivate,
    Code::IncompleteAuth,
    Code::RetryWithoutErrors,
    Code::GatewayWithoutVpc,
    Code::GatewayWithoutSubnets,
];

/// Errors about a name with no declaration (the primary label is the name).
const UNDECLARED_NAME: &[Code] = &[
    Code::UnknownEndpoint,
    Code::UnknownRetryPolicy,
    Code::UnknownType,
    Code::UnknownVariable,
    Code::UseBeforeLet,
    Code::SetUndeclared,
    Code::PossiblyUnassigned,
    Code::OutOfScope,
];

/// Warnings about a declaration nothing uses (the primary label is its name).
const UNUSED_NAME: &[Code] = &[
    Code::UnusedEndpoint,
    Code::UnusedRetryPolicy,
    Code::UnusedType,
    Code::UnusedVariable,
];

/// Words after which a name is declared.
const DECLARING_WORDS: &[&str] = &["let", "for", "as", "type", "endpoint", "retry", "workflow"];

/// Removes the follow-on diagnostics (see the module doc). `text` is the
/// source the spans index; `skipped` the pieces the parser left out.
pub fn drop_follow_ons(
    file: &ast::File,
    skipped: &[Span],
    text: &str,
    diagnostics: &mut Diagnostics,
) {
    let incomplete = incomplete_items(file, skipped, diagnostics);
    let lost = Lost::from_pieces(text, skipped);
    let all = std::mem::take(diagnostics).into_vec();
    for diagnostic in all {
        if !is_follow_on(&diagnostic, &incomplete, &lost, text) {
            diagnostics.push(diagnostic);
        }
    }
}

fn is_follow_on(diagnostic: &Diagnostic, incomplete: &[Span], lost: &Lost, text: &str) -> bool {
    let at = diagnostic.primary.span;
    let name = || text.get(at.start_usize()..at.end_usize()).unwrap_or("");
    let code = diagnostic.code;
    if MISSING_CLAUSE.contains(&code) {
        incomplete.iter().any(|item| contains(*item, at))
    } else if code == Code::MissingWorkflow {
        // A skipped item may have been the workflow, its keyword misspelt.
        lost.any
    } else if UNDECLARED_NAME.contains(&code) {
        lost.declared.contains(name())
    } else if code == Code::UnreachableStatement {
        // A skipped match arm or branch can make the statement before look
        // as if it ended every path.
        diagnostic
            .secondary
            .iter()
            .any(|end| lost.pieces.iter().any(|piece| contains(end.span, *piece)))
    } else if UNUSED_NAME.contains(&code) {
        lost.mentioned.contains(name())
    } else {
        false
    }
}

/// The items missing a clause the user wrote: one with a clause the builder
/// refused, or holding a skipped piece.
fn incomplete_items(file: &ast::File, skipped: &[Span], diagnostics: &Diagnostics) -> Vec<Span> {
    let refused: Vec<Span> = diagnostics
        .iter()
        .filter(|d| matches!(d.code, Code::UnknownClause | Code::InvalidClauseValue))
        .map(|d| d.primary.span)
        .chain(skipped.iter().copied())
        .collect();
    file.items
        .iter()
        .map(ast::Item::span)
        .filter(|item| refused.iter().any(|at| contains(*item, *at)))
        .collect()
}

fn contains(outer: Span, inner: Span) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

/// What the skipped pieces may have declared or used.
#[derive(Debug, Default)]
struct Lost {
    /// Names written after a declaring word (`let x`, `endpoint api`) or
    /// as a piece's second word (`endpont api`), before `=` (`lett x = 1`),
    /// and parameter names (`(input:`).
    declared: BTreeSet<String>,
    /// Every word.
    mentioned: BTreeSet<String>,
    /// Whether anything was skipped.
    any: bool,
    /// The skipped pieces.
    pieces: Vec<Span>,
}

impl Lost {
    fn from_pieces(text: &str, skipped: &[Span]) -> Lost {
        let mut lost = Lost {
            pieces: skipped.to_vec(),
            ..Lost::default()
        };
        for piece in skipped {
            let piece = text
                .get(piece.start_usize()..piece.end_usize())
                .unwrap_or("");
            // Doc comments before the piece are not part of what it declares.
            let code: Vec<&str> = piece
                .lines()
                .filter(|line| !line.trim_start().starts_with("//"))
                .collect();
            lost.add(&code.join("\n"));
        }
        lost
    }

    fn add(&mut self, piece: &str) {
        self.any = true;
        let mut previous = "";
        let mut rest = piece;
        let mut index = 0;
        while let Some(start) = rest.find(is_word_start) {
            let before = rest.get(..start).unwrap_or("");
            let tail = rest.get(start..).unwrap_or("");
            let len = tail.find(|c: char| !is_word_char(c)).unwrap_or(tail.len());
            let word = tail.get(..len).unwrap_or("");
            let after = tail.get(len..).unwrap_or("").trim_start();
            let is_param = before.trim_end().ends_with('(') && after.starts_with(':');
            // `lett x = 1`: a misspelt `let` still meant to declare `x`.
            let is_assigned = after.starts_with('=') && !after.starts_with("==");
            // `endpont api {`: the second word of a piece with a misspelt
            // keyword is the name it meant to declare.
            let is_second = index == 1;
            if DECLARING_WORDS.contains(&previous) || is_param || is_assigned || is_second {
                self.declared.insert(word.to_owned());
            }
            self.mentioned.insert(word.to_owned());
            previous = word;
            index += 1;
            rest = tail.get(len..).unwrap_or("");
        }
    }
}

fn is_word_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

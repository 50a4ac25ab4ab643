//! Stage 1, syntax: pest pairs → [`ast::File`].
//!
//! Takes the `file` pair of a successful parse and the comments found by
//! the pre-parse scan; returns the tree, pushing a diagnostic for each
//! detail the permissive grammar let through: unknown or repeated clauses,
//! values of the wrong form, bad escapes, numbers and durations, names in
//! the wrong case or reserved, foreign operators. Each problem is reported
//! and building goes on, so one run reports them all.
//!
//! This is the only code that dispatches on pest's `Rule` (the error table
//! in `parser.rs` and the precedence table in `expr.rs` only name rules).
//! A tree shape the builder does not expect would be a bug in the grammar
//! or here; [`Builder::guarded`] turns it into an internal-error
//! diagnostic instead of silently dropping part of the file.
//!
//! The builder is one `Builder` whose methods are spread by what they
//! build: `items` (the file, workflows, types, endpoints, retry policies),
//! `clauses` (clause bodies and error names), `statements`, `calls` (HTTP
//! calls and their options), `types` and `expressions` (with literals).
//! This file holds the builder itself, the pair helpers and names.

mod calls;
mod clauses;
mod events;
mod expressions;
mod items;
mod statements;
mod types;

use std::cell::{Cell, RefCell};

use pest::iterators::Pair;

use super::ast::{self, Comment, Ident};
use super::parser::Rule;
use super::{KEYWORDS, diagnostics};
use crate::diag::{Diagnostic, Diagnostics};
use crate::source::Span;

type P<'i> = Pair<'i, Rule>;

/// Builds the tree of a parsed file (see the module doc).
pub fn build_file(pair: P<'_>, comments: Vec<Comment>, diagnostics: &mut Diagnostics) -> ast::File {
    let builder = Builder {
        problems: RefCell::new(Vec::new()),
        expr_depth: Cell::new(0),
    };
    let file = builder.file(pair, comments);
    for problem in builder.problems.into_inner() {
        diagnostics.push(problem);
    }
    file
}

/// The span of a pair, without trailing blanks and comments.
///
/// pest puts the implicit whitespace of `a ~ b?` between `a` and `b` even
/// when `b` matches nothing, so a rule ending in `?` or `*` would underline
/// the blanks (and comments) after it. A pair's content ends where its last
/// inner pair ends; tokens and strings end where pest says.
fn span_of(pair: &P<'_>) -> Span {
    let span = pair.as_span();
    Span::new(span.start(), content_end(pair))
}

/// The text of a pair without trailing blanks and comments.
fn span_text<'i>(pair: &P<'i>) -> &'i str {
    let start = pair.as_span().start();
    let len = content_end(pair).saturating_sub(start);
    pair.as_str().get(..len).unwrap_or("")
}

fn content_end(pair: &P<'_>) -> usize {
    if pair.as_rule() == Rule::string {
        // Compound-atomic: no implicit whitespace, and its last inner pair
        // ends before the closing quote.
        return pair.as_span().end();
    }
    // `next_back` jumps to the last child through pest's pair queue; `last`
    // would walk every child, and every statement of a block, each time.
    match pair.clone().into_inner().next_back() {
        Some(last) => content_end(&last),
        None => pair.as_span().end(),
    }
}

/// Keywords and punctuation that only give a rule its shape.
fn is_token(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::p_lbrace
            | Rule::p_rbrace
            | Rule::p_lparen
            | Rule::p_call
            | Rule::p_rparen
            | Rule::p_lbracket
            | Rule::p_rbracket
            | Rule::p_comma
            | Rule::p_colon
            | Rule::p_eq
            | Rule::p_arrow
            | Rule::p_fat_arrow
            | Rule::p_pipe
            | Rule::p_dot
            | Rule::kw_workflow
            | Rule::kw_type
            | Rule::kw_endpoint
            | Rule::kw_retry
            | Rule::kw_let
            | Rule::kw_set
            | Rule::kw_if
            | Rule::kw_else
            | Rule::kw_match
            | Rule::kw_while
            | Rule::kw_parallel
            | Rule::kw_branch
            | Rule::kw_for
            | Rule::kw_in
            | Rule::kw_concurrency
            | Rule::kw_try
            | Rule::kw_catch
            | Rule::kw_as
            | Rule::kw_wait
            | Rule::kw_until
            | Rule::kw_fail
            | Rule::kw_succeed
            | Rule::kw_return
            | Rule::kw_timeout
            | Rule::kw_log
            | Rule::kw_param
            | Rule::kw_with
            | Rule::kw_data
            | Rule::kw_distributed
            | Rule::kw_tolerate
            | Rule::kw_failures
            | Rule::kw_batch
            | Rule::kw_emit
            | Rule::kw_heartbeat
            | Rule::kw_run
            | Rule::kw_use
            | Rule::kw_bus
    )
}

/// The meaningful children of a pair. A `value` wrapper (named only for
/// error messages) is replaced by the value itself.
fn children<'i>(pair: P<'i>) -> impl Iterator<Item = P<'i>> {
    pair.into_inner()
        .filter(|child| !is_token(child.as_rule()))
        .filter_map(|child| {
            if child.as_rule() == Rule::value {
                child.into_inner().next()
            } else {
                Some(child)
            }
        })
}

/// The single child of an expression that is nothing but one primary
/// (`form`, `"text"`, `30`), for options that take a word or a literal.
fn lone_primary<'i>(expr: &P<'i>) -> Option<P<'i>> {
    let mut inner = expr.clone().into_inner();
    match (inner.next(), inner.next()) {
        (Some(only), None) if only.as_rule() == Rule::primary => only.into_inner().next(),
        _ => None,
    }
}

fn describe_value(rule: Rule) -> &'static str {
    match rule {
        Rule::string | Rule::sq_string => "a string",
        Rule::str_list => "a list",
        Rule::static_map => "a map",
        Rule::signed_number => "a number",
        Rule::duration => "a duration",
        Rule::call_value => "a call",
        _ => "a name",
    }
}

fn is_value_case(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn is_type_case(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase()) && chars.all(|c| c.is_ascii_alphanumeric())
}

struct Builder {
    /// Diagnostics found so far (a `RefCell` so that the Pratt parser's
    /// several closures can all report).
    problems: RefCell<Vec<Diagnostic>>,
    /// How deep the expression builder has recursed, in the units of
    /// [`MAX_NESTING`](super::MAX_NESTING).
    expr_depth: Cell<usize>,
}

impl Builder {
    fn report(&self, diagnostic: Diagnostic) {
        self.problems.borrow_mut().push(diagnostic);
    }

    fn reported(&self) -> usize {
        self.problems.borrow().len()
    }

    /// Runs `build`; if it gives up without having reported why, the tree
    /// had a shape this builder does not know, which is reported as an
    /// internal error so that nothing is dropped silently.
    fn guarded<T>(&self, span: Span, build: impl FnOnce() -> Option<T>) -> Option<T> {
        let before = self.reported();
        let built = build();
        if built.is_none() && self.reported() == before {
            self.report(diagnostics::internal_shape(span));
        }
        built
    }

    /// A value, endpoint, policy or workflow name: reports a reserved word
    /// or the wrong case, and keeps the name as written either way.
    fn value_name(&self, pair: &P<'_>, role: &str) -> Ident {
        let name = pair.as_str();
        let span = span_of(pair);
        if KEYWORDS.contains(&name) {
            self.report(diagnostics::reserved_word(span, name));
        } else if !is_value_case(name) {
            self.report(diagnostics::value_name_case(span, name, role));
        }
        Ident {
            name: name.to_owned(),
            span,
        }
    }

    /// A type name (`[A-Z][A-Za-z0-9]*`).
    fn type_name(&self, pair: &P<'_>) -> Ident {
        let name = pair.as_str();
        let span = span_of(pair);
        if KEYWORDS.contains(&name) {
            self.report(diagnostics::reserved_word(span, name));
        } else if !is_type_case(name) {
            self.report(diagnostics::type_name_case(span, name));
        }
        Ident {
            name: name.to_owned(),
            span,
        }
    }
}

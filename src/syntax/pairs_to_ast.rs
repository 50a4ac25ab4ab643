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

use std::cell::{Cell, RefCell};

use pest::iterators::Pair;

use super::ast::{
    self, Auth, BinOp, Block, Branch, CallOptions, Catch, Comment, Doc, Duration, Endpoint,
    ErrorKind, ErrorName, Expr, ExprKind, FieldType, For, Gateway, HttpCall, Ident, If, Item, Key,
    Match, MatchArm, Method, NumLit, OAuth, Param, Pattern, Private, RetryDef, RetryPolicy,
    RetrySpec, StaticMap, StaticValue, Stmt, StmtKind, StrList, StrLit, Template, TemplatePart,
    TypeDef, TypeExpr, TypeKind, UnaryOp, Wait, Workflow,
};
use super::expr::{self, Built};
use super::literals::{self, DurationProblem, NumberProblem, TextProblem};
use super::parser::Rule;
use super::{KEYWORDS, MAX_NESTING, diagnostics};
use crate::aws::BUILTIN_ERRORS;
use crate::diag::{Diagnostic, Diagnostics};
use crate::source::Span;
use crate::suggest;

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

// ---------------------------------------------------------------------------
// Clause tables: which clauses each body takes.

const ENDPOINT_CLAUSES: &[&str] = &["url", "private", "connection", "auth", "headers", "query"];
const GATEWAY_CLAUSES: &[&str] = &["vpc", "subnets", "security_groups", "port"];
const BASIC_CLAUSES: &[&str] = &["username", "password"];
const OAUTH_CLAUSES: &[&str] = &[
    "token_url",
    "client_id",
    "client_secret",
    "method",
    "scope",
    "audience",
];
const RETRY_CLAUSES: &[&str] = &[
    "on",
    "attempts",
    "interval",
    "backoff",
    "max_delay",
    "jitter",
];
/// Call options other than `retry` and `catch`, which the grammar knows.
const OPTION_CLAUSES: &[&str] = &["query", "headers", "body", "encoding", "timeout", "name"];
/// All call options, for "did you mean" and the note.
const ALL_OPTIONS: &[&str] = &[
    "query", "headers", "body", "encoding", "timeout", "retry", "catch", "name",
];
const AUTH_KINDS: &[&str] = &["api_key", "basic", "oauth"];
const BUILTIN_TYPES: &[&str] = &["string", "number", "bool", "null", "any"];

/// The clauses already given in one body, to report repeats.
#[derive(Default)]
struct Seen(Vec<(&'static str, Span)>);

impl Seen {
    /// Records `name` at `span`; returns where it was first given if it was.
    fn first(&mut self, name: &'static str, span: Span) -> Option<Span> {
        if let Some((_, first)) = self.0.iter().find(|(n, _)| *n == name) {
            return Some(*first);
        }
        self.0.push((name, span));
        None
    }
}

/// The value after a clause name, sorted by shape.
enum ClauseVal<'i> {
    /// `gateway { … }`
    Block {
        kind: P<'i>,
        block: P<'i>,
        span: Span,
    },
    /// `api_key "Header" = VALUE`
    Assign {
        kind: P<'i>,
        header: P<'i>,
        value: P<'i>,
        span: Span,
    },
    /// `v` or `v1, v2, …`
    List { values: Vec<P<'i>>, span: Span },
}

impl ClauseVal<'_> {
    fn span(&self) -> Span {
        match self {
            ClauseVal::Block { span, .. }
            | ClauseVal::Assign { span, .. }
            | ClauseVal::List { span, .. } => *span,
        }
    }
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
    match pair.clone().into_inner().last() {
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
    /// [`MAX_NESTING`].
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

    // -----------------------------------------------------------------------
    // File and items

    fn file(&self, pair: P<'_>, comments: Vec<Comment>) -> ast::File {
        let span = span_of(&pair);
        let mut items = Vec::new();
        for child in children(pair) {
            match child.as_rule() {
                Rule::item => {
                    let item_span = span_of(&child);
                    if let Some(item) = self.guarded(item_span, || self.item(child)) {
                        items.push(item);
                    }
                }
                Rule::dangling_doc => {
                    self.report(diagnostics::dangling_doc_comment(span_of(&child)))
                }
                Rule::EOI => {}
                _ => self.report(diagnostics::internal_shape(span_of(&child))),
            }
        }
        ast::File {
            items,
            comments,
            span,
        }
    }

    fn item(&self, pair: P<'_>) -> Option<Item> {
        let span = span_of(&pair);
        let mut doc = None;
        let mut kind = None;
        for child in children(pair) {
            match child.as_rule() {
                Rule::doc => doc = Some(self.doc(child)),
                Rule::item_kind => kind = child.into_inner().next(),
                _ => return None,
            }
        }
        let kind = kind?;
        match kind.as_rule() {
            Rule::workflow => self.workflow(kind, doc, span).map(Item::Workflow),
            Rule::type_def => self.type_def(kind, doc, span).map(Item::Type),
            Rule::endpoint => self.endpoint(kind, doc, span).map(Item::Endpoint),
            Rule::retry_def => self.retry_def(kind, doc, span).map(Item::Retry),
            _ => None,
        }
    }

    fn doc(&self, pair: P<'_>) -> Doc {
        let span = span_of(&pair);
        let lines: Vec<&str> = pair
            .into_inner()
            .map(|line| {
                let text = line.as_str().strip_prefix("///").unwrap_or("");
                text.strip_prefix(' ')
                    .unwrap_or(text)
                    .trim_end_matches('\r')
            })
            .collect();
        Doc {
            text: lines.join("\n"),
            span,
        }
    }

    fn workflow(&self, pair: P<'_>, doc: Option<Doc>, span: Span) -> Option<Workflow> {
        let mut parts = children(pair);
        let name = self.value_name(&parts.next()?, "workflow");
        let mut input = None;
        let mut timeout = None;
        let mut express = None;
        let mut seen = Seen::default();
        let mut body = None;
        for part in parts {
            let part_span = span_of(&part);
            match part.as_rule() {
                Rule::params => {
                    if let Some(param) = children(part).next() {
                        input = Some(self.param(param)?);
                    }
                }
                Rule::workflow_timeout => {
                    if let Some(first) = seen.first("timeout", part_span) {
                        self.report(diagnostics::repeated_clause(part_span, first, "timeout"));
                    } else {
                        timeout = self.duration(&children(part).next()?);
                    }
                }
                Rule::kw_express => {
                    if let Some(first) = seen.first("express", part_span) {
                        self.report(diagnostics::repeated_clause(part_span, first, "express"));
                    } else {
                        express = Some(part_span);
                    }
                }
                Rule::block => body = Some(self.block(part)?),
                _ => return None,
            }
        }
        Some(Workflow {
            doc,
            name,
            input,
            timeout,
            express,
            body: body?,
            span,
        })
    }

    fn param(&self, pair: P<'_>) -> Option<Param> {
        let span = span_of(&pair);
        let mut parts = children(pair);
        let name = self.value_name(&parts.next()?, "parameter");
        let ty = self.type_expr(parts.next()?)?;
        Some(Param { name, ty, span })
    }

    fn type_def(&self, pair: P<'_>, doc: Option<Doc>, span: Span) -> Option<TypeDef> {
        let mut parts = children(pair);
        let name = self.type_name(&parts.next()?);
        let ty = self.type_expr(parts.next()?)?;
        Some(TypeDef {
            doc,
            name,
            ty,
            span,
        })
    }

    fn endpoint(&self, pair: P<'_>, doc: Option<Doc>, span: Span) -> Option<Endpoint> {
        let mut parts = children(pair);
        let name = self.value_name(&parts.next()?, "endpoint");
        let mut endpoint = Endpoint {
            doc,
            name,
            url: None,
            private: None,
            connection: None,
            auth: None,
            headers: None,
            query: None,
            span,
        };
        self.clauses(
            parts.next()?,
            "an endpoint",
            ENDPOINT_CLAUSES,
            |name, clause_span, value| match name {
                "url" => endpoint.url = self.clause_str(name, value, "a URL"),
                "private" => endpoint.private = self.private(value),
                "connection" => {
                    endpoint.connection = self.clause_str(name, value, "a connection ARN")
                }
                "auth" => endpoint.auth = self.auth(value, clause_span),
                "headers" => endpoint.headers = self.clause_static_map(name, value),
                "query" => endpoint.query = self.clause_static_map(name, value),
                _ => {}
            },
        )?;
        Some(endpoint)
    }

    fn retry_def(&self, pair: P<'_>, doc: Option<Doc>, span: Span) -> Option<RetryDef> {
        let mut parts = children(pair);
        let name = self.value_name(&parts.next()?, "retry policy");
        let block = parts.next()?;
        let mut policy = RetryPolicy {
            on: Vec::new(),
            attempts: None,
            interval: None,
            backoff: None,
            max_delay: None,
            jitter: None,
            span: span_of(&block),
        };
        self.clauses(block, "a retry policy", RETRY_CLAUSES, |name, _, value| {
            self.retry_clause(&mut policy, name, value);
        })?;
        Some(RetryDef {
            doc,
            name,
            policy,
            span,
        })
    }

    // -----------------------------------------------------------------------
    // Clause bodies

    /// Walks a `clause_block`: reports unknown and repeated clauses (the
    /// first of a repeated clause wins) and hands each known one to `each`
    /// with its canonical name and the clause's span.
    fn clauses<'i>(
        &self,
        block: P<'i>,
        context: &str,
        known: &[&'static str],
        mut each: impl FnMut(&'static str, Span, ClauseVal<'i>),
    ) -> Option<()> {
        let mut seen = Seen::default();
        for clause in children(block) {
            let clause_span = span_of(&clause);
            let mut parts = children(clause);
            let name_pair = parts.next()?;
            let value = self.clause_val(parts.next()?)?;
            let name_span = span_of(&name_pair);
            let written = name_pair.as_str();
            let Some(name) = known.iter().copied().find(|k| *k == written) else {
                let suggestion = suggest::did_you_mean(written, known.iter().copied());
                self.report(diagnostics::unknown_clause(
                    name_span, written, context, known, suggestion,
                ));
                continue;
            };
            if let Some(first) = seen.first(name, name_span) {
                self.report(diagnostics::repeated_clause(name_span, first, name));
                continue;
            }
            each(name, clause_span, value);
        }
        Some(())
    }

    fn clause_val<'i>(&self, pair: P<'i>) -> Option<ClauseVal<'i>> {
        let inner = pair.into_inner().next()?;
        let span = span_of(&inner);
        match inner.as_rule() {
            Rule::kind_block => {
                let mut parts = children(inner);
                Some(ClauseVal::Block {
                    kind: parts.next()?,
                    block: parts.next()?,
                    span,
                })
            }
            Rule::kind_assign => {
                let mut parts = children(inner);
                Some(ClauseVal::Assign {
                    kind: parts.next()?,
                    header: parts.next()?,
                    value: parts.next()?,
                    span,
                })
            }
            Rule::value_list => Some(ClauseVal::List {
                values: children(inner).collect(),
                span,
            }),
            _ => None,
        }
    }

    /// The one value of a clause that takes a single value.
    fn single<'i>(&self, clause: &str, value: ClauseVal<'i>, expected: &str) -> Option<P<'i>> {
        match value {
            ClauseVal::List { mut values, .. } if values.len() == 1 => values.pop(),
            ClauseVal::List { values, .. } => {
                let extra = values.get(1).map_or(Span::default(), span_of);
                self.report(diagnostics::invalid_clause_value(
                    extra,
                    clause,
                    expected,
                    Some(format!("`{clause}` takes one value")),
                ));
                None
            }
            other => {
                self.report(diagnostics::invalid_clause_value(
                    other.span(),
                    clause,
                    expected,
                    None,
                ));
                None
            }
        }
    }

    fn clause_str(&self, clause: &str, value: ClauseVal<'_>, what: &str) -> Option<StrLit> {
        let pair = self.single(clause, value, "a string")?;
        match pair.as_rule() {
            Rule::string | Rule::sq_string => self.str_lit(&pair, what),
            other => {
                self.report(diagnostics::invalid_clause_value(
                    span_of(&pair),
                    clause,
                    "a string",
                    Some(format!(
                        "found {}; write it in double quotes",
                        describe_value(other)
                    )),
                ));
                None
            }
        }
    }

    fn clause_str_list(&self, clause: &str, value: ClauseVal<'_>) -> Option<StrList> {
        let pair = self.single(clause, value, "a list of strings")?;
        let span = span_of(&pair);
        match pair.as_rule() {
            Rule::str_list => {
                let mut items = Vec::new();
                for item in children(pair) {
                    match item.as_rule() {
                        Rule::string | Rule::sq_string => {
                            items.extend(self.str_lit(&item, "a list item"));
                        }
                        other => self.report(diagnostics::invalid_clause_value(
                            span_of(&item),
                            clause,
                            "a string",
                            Some(format!("found {}", describe_value(other))),
                        )),
                    }
                }
                Some(StrList { items, span })
            }
            Rule::string | Rule::sq_string => {
                self.report(diagnostics::invalid_clause_value(
                    span,
                    clause,
                    "a list of strings",
                    Some(format!("put it in brackets: `[{}]`", pair.as_str())),
                ));
                None
            }
            other => {
                self.report(diagnostics::invalid_clause_value(
                    span,
                    clause,
                    "a list of strings",
                    Some(format!("found {}", describe_value(other))),
                ));
                None
            }
        }
    }

    fn clause_number(&self, clause: &str, value: ClauseVal<'_>) -> Option<NumLit> {
        let pair = self.single(clause, value, "a number")?;
        match pair.as_rule() {
            Rule::signed_number => Some(self.num_lit(&pair)),
            Rule::duration => {
                self.report(diagnostics::invalid_clause_value(
                    span_of(&pair),
                    clause,
                    "a number",
                    Some(format!("`{clause}` is a plain number, without a unit")),
                ));
                None
            }
            other => {
                self.report(diagnostics::invalid_clause_value(
                    span_of(&pair),
                    clause,
                    "a number",
                    Some(format!("found {}", describe_value(other))),
                ));
                None
            }
        }
    }

    fn clause_duration(&self, clause: &str, value: ClauseVal<'_>) -> Option<Duration> {
        let pair = self.single(clause, value, "a duration")?;
        match pair.as_rule() {
            Rule::duration => self.duration(&pair),
            Rule::signed_number if !pair.as_str().starts_with('-') => {
                self.report(diagnostics::missing_duration_unit(
                    span_of(&pair),
                    pair.as_str(),
                ));
                None
            }
            other => {
                self.report(diagnostics::invalid_clause_value(
                    span_of(&pair),
                    clause,
                    "a duration such as `30s`",
                    Some(format!("found {}", describe_value(other))),
                ));
                None
            }
        }
    }

    fn clause_word(&self, clause: &str, value: ClauseVal<'_>, expected: &str) -> Option<Ident> {
        let pair = self.single(clause, value, expected)?;
        if pair.as_rule() == Rule::word {
            Some(Ident {
                name: pair.as_str().to_owned(),
                span: span_of(&pair),
            })
        } else {
            self.report(diagnostics::invalid_clause_value(
                span_of(&pair),
                clause,
                expected,
                Some(format!("found {}", describe_value(pair.as_rule()))),
            ));
            None
        }
    }

    fn clause_static(&self, clause: &str, value: ClauseVal<'_>) -> Option<StaticValue> {
        let pair = self.single(clause, value, STATIC_VALUE)?;
        self.static_value(clause, &pair)
    }

    fn clause_static_map(&self, clause: &str, value: ClauseVal<'_>) -> Option<StaticMap> {
        let pair = self.single(clause, value, "`{ key: value, … }`")?;
        let span = span_of(&pair);
        if pair.as_rule() != Rule::static_map {
            self.report(diagnostics::invalid_clause_value(
                span,
                clause,
                "`{ key: value, … }`",
                Some(format!("found {}", describe_value(pair.as_rule()))),
            ));
            return None;
        }
        let mut entries = Vec::new();
        for entry in children(pair) {
            let mut parts = children(entry);
            let (Some(key), Some(value)) = (parts.next(), parts.next()) else {
                continue;
            };
            let Some(key) = self.key(key) else { continue };
            if let Some(value) = self.static_value(clause, &value) {
                entries.push((key, value));
            }
        }
        Some(StaticMap { entries, span })
    }

    /// A string, `secret(…)` or `param(…)`.
    fn static_value(&self, clause: &str, pair: &P<'_>) -> Option<StaticValue> {
        let span = span_of(pair);
        match pair.as_rule() {
            Rule::string | Rule::sq_string => self
                .str_lit(pair, "a value fixed at deploy time")
                .map(StaticValue::Literal),
            Rule::call_value => self.secret_call(clause, pair.clone()),
            other => {
                self.report(diagnostics::invalid_clause_value(
                    span,
                    clause,
                    STATIC_VALUE,
                    Some(format!("found {}", describe_value(other))),
                ));
                None
            }
        }
    }

    fn secret_call(&self, clause: &str, pair: P<'_>) -> Option<StaticValue> {
        let span = span_of(&pair);
        let mut parts = children(pair);
        let func = parts.next()?;
        let args: Vec<P<'_>> = parts.collect();
        let strings: Vec<StrLit> = args
            .iter()
            .filter(|a| matches!(a.as_rule(), Rule::string | Rule::sq_string))
            .filter_map(|a| self.str_lit(a, "a secret reference"))
            .collect();
        let all_strings = strings.len() == args.len();
        let mut strings = strings.into_iter();
        match func.as_str() {
            "secret" if all_strings && (1..=2).contains(&args.len()) => Some(StaticValue::Secret {
                name: strings.next()?,
                key: strings.next(),
                span,
            }),
            "param" if all_strings && args.len() == 1 => Some(StaticValue::Param {
                name: strings.next()?,
                span,
            }),
            "secret" => {
                self.report(diagnostics::invalid_clause_value(
                    span,
                    clause,
                    "`secret(\"name\")` or `secret(\"name\", \"json-key\")`",
                    Some(
                        "`secret` takes a secret's name and, optionally, a JSON key in it"
                            .to_owned(),
                    ),
                ));
                None
            }
            "param" => {
                self.report(diagnostics::invalid_clause_value(
                    span,
                    clause,
                    "`param(\"Name\")`",
                    Some("`param` takes the name of one template parameter".to_owned()),
                ));
                None
            }
            other => {
                let help = suggest::did_you_mean(other, ["secret", "param"]).unwrap_or_else(|| {
                    "secrets are read with `secret(\"name\")` or `param(\"Name\")`".to_owned()
                });
                self.report(diagnostics::invalid_clause_value(
                    span_of(&func),
                    clause,
                    "`secret(…)` or `param(…)`",
                    Some(help),
                ));
                None
            }
        }
    }

    fn private(&self, value: ClauseVal<'_>) -> Option<Private> {
        let expected = "a resource configuration ARN or `gateway { … }`";
        match value {
            ClauseVal::Block { kind, block, span } if kind.as_str() == "gateway" => {
                let mut gateway = Gateway {
                    vpc: None,
                    subnets: None,
                    security_groups: None,
                    port: None,
                    span,
                };
                self.clauses(
                    block,
                    "a gateway",
                    GATEWAY_CLAUSES,
                    |name, _, value| match name {
                        "vpc" => gateway.vpc = self.clause_str(name, value, "a VPC id"),
                        "subnets" => gateway.subnets = self.clause_str_list(name, value),
                        "security_groups" => {
                            gateway.security_groups = self.clause_str_list(name, value)
                        }
                        "port" => gateway.port = self.clause_number(name, value),
                        _ => {}
                    },
                )?;
                Some(Private::Gateway(gateway))
            }
            ClauseVal::Block { kind, .. } => {
                self.report(diagnostics::invalid_clause_value(
                    span_of(&kind),
                    "private",
                    expected,
                    suggest::did_you_mean(kind.as_str(), ["gateway"]),
                ));
                None
            }
            ClauseVal::List { .. } => self
                .clause_str("private", value, "a resource configuration ARN")
                .map(Private::ResourceConfiguration),
            ClauseVal::Assign { span, .. } => {
                self.report(diagnostics::invalid_clause_value(
                    span, "private", expected, None,
                ));
                None
            }
        }
    }

    fn auth(&self, value: ClauseVal<'_>, clause_span: Span) -> Option<Auth> {
        let expected = "`api_key \"Header\" = VALUE`, `basic { … }`, or `oauth { … }`";
        match value {
            ClauseVal::Assign {
                kind,
                header,
                value,
                ..
            } if kind.as_str() == "api_key" => Some(Auth::ApiKey {
                header: self.str_lit(&header, "a header name")?,
                value: self.static_value("auth", &value)?,
                span: clause_span,
            }),
            ClauseVal::Block { kind, block, .. } if kind.as_str() == "basic" => {
                let (mut username, mut password) = (None, None);
                self.clauses(
                    block,
                    "basic auth",
                    BASIC_CLAUSES,
                    |name, _, value| match name {
                        "username" => username = self.clause_static(name, value),
                        "password" => password = self.clause_static(name, value),
                        _ => {}
                    },
                )?;
                Some(Auth::Basic {
                    username,
                    password,
                    span: clause_span,
                })
            }
            ClauseVal::Block { kind, block, .. } if kind.as_str() == "oauth" => {
                let mut oauth = OAuth {
                    token_url: None,
                    client_id: None,
                    client_secret: None,
                    method: None,
                    scope: None,
                    audience: None,
                    span: clause_span,
                };
                self.clauses(block, "oauth", OAUTH_CLAUSES, |name, _, value| match name {
                    "token_url" => oauth.token_url = self.clause_str(name, value, "a token URL"),
                    "client_id" => oauth.client_id = self.clause_static(name, value),
                    "client_secret" => oauth.client_secret = self.clause_static(name, value),
                    "method" => {
                        oauth.method = self.clause_word(name, value, "`GET`, `POST`, or `PUT`")
                    }
                    "scope" => oauth.scope = self.clause_str(name, value, "a scope"),
                    "audience" => oauth.audience = self.clause_str(name, value, "an audience"),
                    _ => {}
                })?;
                Some(Auth::OAuth(oauth))
            }
            ClauseVal::Assign { kind, .. } | ClauseVal::Block { kind, .. } => {
                let written = kind.as_str();
                let help = match written {
                    "basic" | "oauth" => format!("write `auth {written} {{ … }}`"),
                    "api_key" => "write `auth api_key \"Header-Name\" = secret(\"…\")`".to_owned(),
                    _ => suggest::did_you_mean(written, AUTH_KINDS.iter().copied()).unwrap_or_else(
                        || "the kinds are `api_key`, `basic`, and `oauth`".to_owned(),
                    ),
                };
                self.report(diagnostics::invalid_clause_value(
                    span_of(&kind),
                    "auth",
                    expected,
                    Some(help),
                ));
                None
            }
            ClauseVal::List { values, span } => {
                let help = match values.as_slice() {
                    [one] if matches!(one.as_str(), "basic" | "oauth") => Some(format!(
                        "add its clauses in braces: `auth {} {{ … }}`",
                        one.as_str()
                    )),
                    _ => None,
                };
                self.report(diagnostics::invalid_clause_value(
                    span, "auth", expected, help,
                ));
                None
            }
        }
    }

    fn retry_clause(&self, policy: &mut RetryPolicy, name: &'static str, value: ClauseVal<'_>) {
        match name {
            "on" => policy.on = self.clause_errors(name, value),
            "attempts" => policy.attempts = self.clause_number(name, value),
            "interval" => policy.interval = self.clause_duration(name, value),
            "backoff" => policy.backoff = self.clause_number(name, value),
            "max_delay" => policy.max_delay = self.clause_duration(name, value),
            "jitter" => policy.jitter = self.clause_word(name, value, "`full` or `none`"),
            _ => {}
        }
    }

    fn clause_errors(&self, clause: &str, value: ClauseVal<'_>) -> Vec<ErrorName> {
        let ClauseVal::List { values, .. } = value else {
            self.report(diagnostics::invalid_clause_value(
                value.span(),
                clause,
                "error names",
                None,
            ));
            return Vec::new();
        };
        let mut errors = Vec::new();
        for pair in values {
            match pair.as_rule() {
                Rule::dotted | Rule::word | Rule::string | Rule::sq_string => {
                    errors.extend(self.error_name(&pair));
                }
                other => self.report(diagnostics::invalid_clause_value(
                    span_of(&pair),
                    clause,
                    "an error name",
                    Some(format!("found {}", describe_value(other))),
                )),
            }
        }
        errors
    }

    // -----------------------------------------------------------------------
    // Errors

    fn error_list(&self, pair: P<'_>) -> Vec<ErrorName> {
        children(pair)
            .filter_map(|name| name.into_inner().next())
            .filter_map(|name| self.error_name(&name))
            .collect()
    }

    /// `Http.404`, `Timeout`, `any`, `"Custom.Error"`.
    fn error_name(&self, pair: &P<'_>) -> Option<ErrorName> {
        let span = span_of(pair);
        let raw = pair.as_str();
        let kind = match pair.as_rule() {
            Rule::string | Rule::sq_string => {
                ErrorKind::Custom(self.str_lit(pair, "an error name")?.value)
            }
            Rule::dotted => match raw.strip_prefix("Http.") {
                Some(form) if !form.contains('.') => ErrorKind::Http(form.to_owned()),
                _ => {
                    self.report(dotted_error_problem(span, raw));
                    return None;
                }
            },
            _ if raw == "any" => ErrorKind::Any,
            _ if raw.starts_with(|c: char| c.is_ascii_uppercase()) => {
                ErrorKind::Builtin(raw.to_owned())
            }
            _ => {
                let help = BUILTIN_ERRORS
                    .iter()
                    .find(|b| b.eq_ignore_ascii_case(raw))
                    .map(|b| format!("did you mean `{b}`?"))
                    .unwrap_or_else(|| {
                        "write `Http.<status>`, a built-in name such as `Timeout`, `any`, or a custom name in quotes"
                            .to_owned()
                    });
                self.report(diagnostics::invalid_error_name(
                    span,
                    raw,
                    "built-in error names start with an upper-case letter",
                    help,
                ));
                return None;
            }
        };
        Some(ErrorName { kind, span })
    }

    // -----------------------------------------------------------------------
    // Statements

    fn block(&self, pair: P<'_>) -> Option<Block> {
        let span = span_of(&pair);
        let mut stmts = Vec::new();
        for child in children(pair) {
            match child.as_rule() {
                Rule::stmt => {
                    let stmt_span = span_of(&child);
                    if let Some(stmt) = self.guarded(stmt_span, || self.stmt(child)) {
                        stmts.push(stmt);
                    }
                }
                Rule::dangling_doc => {
                    self.report(diagnostics::dangling_doc_comment(span_of(&child)))
                }
                _ => return None,
            }
        }
        Some(Block { stmts, span })
    }

    fn stmt(&self, pair: P<'_>) -> Option<Stmt> {
        let mut doc = None;
        let mut kind = None;
        for child in children(pair) {
            match child.as_rule() {
                Rule::doc => doc = Some(self.doc(child)),
                Rule::stmt_kind => kind = Some(child),
                _ => return None,
            }
        }
        let kind = kind?;
        let span = span_of(&kind);
        let kind = self.stmt_kind(kind.into_inner().next()?)?;
        Some(Stmt { doc, kind, span })
    }

    /// Dispatches on the statement's rule. Each kind is built in its own
    /// function: an unoptimised build gives a function one stack slot per
    /// local of every arm, and statements nest as deep as blocks do.
    fn stmt_kind(&self, pair: P<'_>) -> Option<StmtKind> {
        match pair.as_rule() {
            Rule::let_stmt => self.let_stmt(pair),
            Rule::set_stmt => self.set_stmt(pair),
            Rule::if_stmt => self.if_stmt(pair).map(StmtKind::If),
            Rule::match_stmt => self.match_stmt(pair),
            Rule::while_stmt => self.while_stmt(pair),
            Rule::parallel_stmt => self.parallel(pair, None),
            Rule::for_stmt => self.for_stmt(pair, None),
            Rule::try_stmt => self.try_stmt(pair),
            Rule::wait_stmt => self.wait_stmt(pair),
            Rule::fail_stmt => self.fail_stmt(pair),
            Rule::succeed_stmt => Some(StmtKind::Succeed),
            Rule::return_stmt => Some(StmtKind::Return(self.expr(children(pair).next()?)?)),
            Rule::http_call => self.http_call(pair, None).map(StmtKind::Http),
            _ => None,
        }
    }

    fn let_stmt(&self, pair: P<'_>) -> Option<StmtKind> {
        let mut parts = children(pair);
        let name = self.value_name(&parts.next()?, "variable");
        let value = parts.next()?;
        match value.as_rule() {
            Rule::http_call => self.http_call(value, Some(name)).map(StmtKind::Http),
            Rule::parallel_stmt => self.parallel(value, Some(name)),
            Rule::for_stmt => self.for_stmt(value, Some(name)),
            Rule::expr => Some(StmtKind::Let {
                name,
                value: self.expr(value)?,
            }),
            _ => None,
        }
    }

    fn set_stmt(&self, pair: P<'_>) -> Option<StmtKind> {
        let mut parts = children(pair);
        let name = self.value_name(&parts.next()?, "variable");
        let value = self.expr(parts.next()?)?;
        Some(StmtKind::Set { name, value })
    }

    fn match_stmt(&self, pair: P<'_>) -> Option<StmtKind> {
        let mut parts = children(pair);
        let scrutinee = self.expr(parts.next()?)?;
        let arms = parts
            .map(|arm| self.match_arm(arm))
            .collect::<Option<Vec<_>>>()?;
        Some(StmtKind::Match(Match { scrutinee, arms }))
    }

    fn while_stmt(&self, pair: P<'_>) -> Option<StmtKind> {
        let mut parts = children(pair);
        let cond = self.expr(parts.next()?)?;
        let body = self.block(parts.next()?)?;
        Some(StmtKind::While { cond, body })
    }

    fn try_stmt(&self, pair: P<'_>) -> Option<StmtKind> {
        let mut parts = children(pair);
        let body = self.block(parts.next()?)?;
        let catches = parts
            .map(|c| self.catch_clause(c))
            .collect::<Option<Vec<_>>>()?;
        Some(StmtKind::Try { body, catches })
    }

    fn wait_stmt(&self, pair: P<'_>) -> Option<StmtKind> {
        let what = children(pair).next()?;
        match what.as_rule() {
            Rule::wait_until => Some(StmtKind::Wait(Wait::Until(
                self.expr(children(what).next()?)?,
            ))),
            Rule::duration => self
                .duration(&what)
                .map(|d| StmtKind::Wait(Wait::Duration(d))),
            _ => None,
        }
    }

    fn fail_stmt(&self, pair: P<'_>) -> Option<StmtKind> {
        let mut parts = children(pair);
        let error = self.template_text(parts.next()?)?;
        let cause = match parts.next() {
            Some(cause) => Some(self.template_text(cause)?),
            None => None,
        };
        Some(StmtKind::Fail { error, cause })
    }

    fn if_stmt(&self, pair: P<'_>) -> Option<If> {
        let mut parts = children(pair);
        let cond = self.expr(parts.next()?)?;
        let block = self.block(parts.next()?)?;
        let mut branches = vec![(cond, block)];
        let mut else_block = None;
        for part in parts {
            match part.as_rule() {
                Rule::else_if => {
                    let mut inner = children(part);
                    let cond = self.expr(inner.next()?)?;
                    let block = self.block(inner.next()?)?;
                    branches.push((cond, block));
                }
                Rule::else_block => else_block = Some(self.block(children(part).next()?)?),
                _ => return None,
            }
        }
        Some(If {
            branches,
            else_block,
        })
    }

    fn match_arm(&self, pair: P<'_>) -> Option<MatchArm> {
        let span = span_of(&pair);
        let mut patterns = Vec::new();
        let mut body = None;
        for part in children(pair) {
            match part.as_rule() {
                Rule::pattern => patterns.extend(self.pattern(part.into_inner().next()?)),
                Rule::block => body = Some(self.block(part)?),
                _ => return None,
            }
        }
        Some(MatchArm {
            patterns,
            body: body?,
            span,
        })
    }

    fn pattern(&self, pair: P<'_>) -> Option<Pattern> {
        let span = span_of(&pair);
        let literal = |kind| Some(Pattern::Literal(Expr::new(kind, span)));
        match pair.as_rule() {
            Rule::wildcard => Some(Pattern::Wildcard(span)),
            Rule::string | Rule::sq_string => {
                let lit = self.str_lit(&pair, "a match pattern")?;
                literal(ExprKind::String(plain_template(lit)))
            }
            Rule::signed_number => literal(ExprKind::Number(self.num_lit(&pair))),
            Rule::kw_true => literal(ExprKind::Bool(true)),
            Rule::kw_false => literal(ExprKind::Bool(false)),
            Rule::kw_null => literal(ExprKind::Null),
            _ => None,
        }
    }

    fn parallel(&self, pair: P<'_>, binding: Option<Ident>) -> Option<StmtKind> {
        let mut branches = Vec::new();
        for branch in children(pair) {
            let span = span_of(&branch);
            let body = self.block(children(branch).next()?)?;
            branches.push(Branch { body, span });
        }
        Some(StmtKind::Parallel { binding, branches })
    }

    fn for_stmt(&self, pair: P<'_>, binding: Option<Ident>) -> Option<StmtKind> {
        let mut parts = children(pair);
        let var = self.value_name(&parts.next()?, "variable");
        let iter = self.expr(parts.next()?)?;
        let mut concurrency = None;
        let mut body = None;
        for part in parts {
            match part.as_rule() {
                Rule::concurrency => concurrency = Some(self.num_lit(&children(part).next()?)),
                Rule::block => body = Some(self.block(part)?),
                _ => return None,
            }
        }
        Some(StmtKind::For(For {
            binding,
            var,
            iter,
            concurrency,
            body: body?,
        }))
    }

    fn catch_clause(&self, pair: P<'_>) -> Option<Catch> {
        let span = span_of(&pair);
        let mut errors = Vec::new();
        let mut binding = None;
        let mut body = None;
        for part in children(pair) {
            match part.as_rule() {
                Rule::error_list => errors = self.error_list(part),
                Rule::catch_binding => {
                    binding = Some(self.value_name(&children(part).next()?, "variable"))
                }
                Rule::block => body = Some(self.block(part)?),
                _ => return None,
            }
        }
        Some(Catch {
            errors,
            binding,
            body: body?,
            span,
        })
    }

    // -----------------------------------------------------------------------
    // HTTP calls

    fn http_call(&self, pair: P<'_>, binding: Option<Ident>) -> Option<HttpCall> {
        let mut parts = children(pair);
        let method_pair = parts.next()?;
        let method_span = span_of(&method_pair);
        let method = self.method(method_pair.as_str(), method_span);
        let endpoint = self.value_name(&parts.next()?, "endpoint");
        let path = self.template_text(parts.next()?)?;
        let mut response = None;
        let mut options = CallOptions::default();
        for part in parts {
            match part.as_rule() {
                Rule::response_type => response = Some(self.type_expr(children(part).next()?)?),
                Rule::call_options => options = self.call_options(part)?,
                _ => return None,
            }
        }
        Some(HttpCall {
            binding,
            method,
            method_span,
            endpoint,
            path,
            response,
            options,
            id: super::ast::NodeId::fresh(),
        })
    }

    /// The method as written, or the closest one after reporting it (so the
    /// rest of the call is still checked).
    fn method(&self, written: &str, span: Span) -> Method {
        if let Some(method) = Method::parse(written) {
            return method;
        }
        let suggestion = suggest::suggest(written, Method::ALL.iter().map(|m| m.as_str()));
        self.report(diagnostics::unknown_method(span, written, suggestion));
        suggestion.and_then(Method::parse).unwrap_or(Method::Get)
    }

    fn call_options(&self, pair: P<'_>) -> Option<CallOptions> {
        let mut options = CallOptions {
            span: Some(span_of(&pair)),
            ..CallOptions::default()
        };
        let mut seen = Seen::default();
        for option in children(pair) {
            let option = option.into_inner().next()?;
            match option.as_rule() {
                Rule::retry_option => options.retries.extend(self.retry_option(option)),
                Rule::catch_clause => options.catches.push(self.catch_clause(option)?),
                Rule::option => self.option(option, &mut options, &mut seen)?,
                _ => return None,
            }
        }
        Some(options)
    }

    fn retry_option(&self, pair: P<'_>) -> Option<RetrySpec> {
        let spec = children(pair).next()?;
        if spec.as_rule() != Rule::inline_retry {
            return Some(RetrySpec::Named(self.value_name(&spec, "retry policy")));
        }
        let mut policy = RetryPolicy {
            on: Vec::new(),
            attempts: None,
            interval: None,
            backoff: None,
            max_delay: None,
            jitter: None,
            span: span_of(&spec),
        };
        let mut seen = Seen::default();
        for part in children(spec) {
            match part.as_rule() {
                Rule::on_word => {
                    seen.first("on", span_of(&part));
                }
                Rule::error_list => policy.on = self.error_list(part),
                Rule::inline_clause => {
                    let mut inner = children(part);
                    let name_pair = inner.next()?;
                    let value = self.clause_val(inner.next()?)?;
                    let name_span = span_of(&name_pair);
                    let name = RETRY_CLAUSES
                        .iter()
                        .copied()
                        .find(|n| *n == name_pair.as_str())?;
                    if let Some(first) = seen.first(name, name_span) {
                        self.report(diagnostics::repeated_clause(name_span, first, name));
                    } else {
                        self.retry_clause(&mut policy, name, value);
                    }
                }
                _ => return None,
            }
        }
        Some(RetrySpec::Inline(policy))
    }

    /// `query`, `headers`, `body`, `encoding`, `timeout` or `name`.
    fn option(&self, pair: P<'_>, options: &mut CallOptions, seen: &mut Seen) -> Option<()> {
        let mut parts = children(pair);
        let key = parts.next()?;
        let value = parts.next()?;
        let key_span = span_of(&key);
        let written = key.as_str();
        let Some(name) = OPTION_CLAUSES.iter().copied().find(|n| *n == written) else {
            let suggestion =
                suggest::did_you_mean(written, ALL_OPTIONS.iter().copied()).or_else(|| {
                    RETRY_CLAUSES.contains(&written).then(|| {
                        format!("`{written}` belongs to a retry: `retry on … {written} …`")
                    })
                });
            self.report(diagnostics::unknown_clause(
                key_span,
                written,
                "a call",
                ALL_OPTIONS,
                suggestion,
            ));
            return Some(());
        };
        if let Some(first) = seen.first(name, key_span) {
            self.report(diagnostics::repeated_clause(key_span, first, name));
            return Some(());
        }
        match name {
            "query" => options.query = self.option_expr(name, value),
            "headers" => options.headers = self.option_expr(name, value),
            "body" => options.body = self.option_expr(name, value),
            "encoding" => options.encoding = self.option_word(name, &value),
            "timeout" => options.timeout = self.option_duration(name, &value),
            "name" => options.name = self.option_str(name, &value),
            _ => {}
        }
        Some(())
    }

    fn option_expr(&self, name: &str, value: P<'_>) -> Option<Expr> {
        if value.as_rule() == Rule::expr {
            return self.expr(value);
        }
        self.report(diagnostics::invalid_clause_value(
            span_of(&value),
            name,
            "an expression",
            Some("a duration is not a value".to_owned()),
        ));
        None
    }

    fn option_word(&self, name: &str, value: &P<'_>) -> Option<Ident> {
        // A bare name: a `name_ref` without call arguments.
        let word = lone_primary(value)
            .filter(|word| value.as_rule() == Rule::expr && word.as_rule() == Rule::name_ref)
            .and_then(|word| {
                let mut inner = word.into_inner();
                match (inner.next(), inner.next()) {
                    (Some(name), None) => Some(name),
                    _ => None,
                }
            });
        match word {
            Some(word) => Some(Ident {
                name: word.as_str().to_owned(),
                span: span_of(&word),
            }),
            None => {
                self.report(diagnostics::invalid_clause_value(
                    span_of(value),
                    name,
                    "a word such as `form`",
                    None,
                ));
                None
            }
        }
    }

    fn option_duration(&self, name: &str, value: &P<'_>) -> Option<Duration> {
        if value.as_rule() == Rule::duration {
            return self.duration(value);
        }
        match lone_primary(value) {
            Some(number) if number.as_rule() == Rule::number => {
                self.report(diagnostics::missing_duration_unit(
                    span_of(&number),
                    number.as_str(),
                ));
            }
            _ => self.report(diagnostics::invalid_clause_value(
                span_of(value),
                name,
                "a duration such as `30s`",
                None,
            )),
        }
        None
    }

    fn option_str(&self, name: &str, value: &P<'_>) -> Option<StrLit> {
        match lone_primary(value) {
            Some(text) if matches!(text.as_rule(), Rule::string | Rule::sq_string) => {
                self.str_lit(&text, "a state name")
            }
            other => {
                // A bare word was most likely meant as the text itself.
                let help = other
                    .filter(|word| word.as_rule() == Rule::name_ref)
                    .map(|word| format!("write it in double quotes: `\"{}\"`", span_text(&word)));
                self.report(diagnostics::invalid_clause_value(
                    span_of(value),
                    name,
                    "a string",
                    help,
                ));
                None
            }
        }
    }

    // -----------------------------------------------------------------------
    // Types

    fn type_expr(&self, pair: P<'_>) -> Option<TypeExpr> {
        let span = span_of(&pair);
        let mut terms: Vec<P<'_>> = children(pair).collect();
        if terms.len() == 1 {
            return self.type_term(terms.pop()?);
        }
        let mut members = Vec::new();
        let mut others: Vec<P<'_>> = Vec::new();
        for term in terms {
            if matches!(term.as_rule(), Rule::string | Rule::sq_string) {
                members.extend(self.str_lit(&term, "a union member"));
            } else {
                others.push(term);
            }
        }
        if let Some(first) = others.first() {
            let member = if others.iter().any(|o| o.as_str() == "null") {
                "null"
            } else {
                first.as_str()
            };
            self.report(diagnostics::non_string_union(span_of(first), member));
        }
        Some(TypeExpr {
            kind: TypeKind::Union(members),
            span,
        })
    }

    fn type_term(&self, pair: P<'_>) -> Option<TypeExpr> {
        let span = span_of(&pair);
        let kind = match pair.as_rule() {
            Rule::list_type => TypeKind::List(Box::new(self.type_expr(children(pair).next()?)?)),
            Rule::record_type => {
                let mut fields = children(pair)
                    .map(|field| self.field_type(field))
                    .collect::<Option<Vec<_>>>()?;
                // `{string: T}` is a map; `{"string": T}` a record field.
                match fields.as_slice() {
                    [(field, quoted)]
                        if !field.optional && field.name.name == "string" && !quoted =>
                    {
                        TypeKind::Map(Box::new(fields.pop()?.0.ty))
                    }
                    _ => TypeKind::Record(fields.into_iter().map(|(field, _)| field).collect()),
                }
            }
            Rule::string | Rule::sq_string => TypeKind::Union(vec![self.str_lit(&pair, "a type")?]),
            Rule::word => self.type_word(&pair),
            _ => return None,
        };
        Some(TypeExpr { kind, span })
    }

    fn type_word(&self, pair: &P<'_>) -> TypeKind {
        match pair.as_str() {
            "string" => TypeKind::String,
            "number" => TypeKind::Number,
            "bool" => TypeKind::Bool,
            "null" => TypeKind::Null,
            "any" => TypeKind::Any,
            name => {
                let span = span_of(pair);
                if !is_type_case(name)
                    && !KEYWORDS.contains(&name)
                    && let Some(builtin) = suggest::suggest(name, BUILTIN_TYPES.iter().copied())
                {
                    self.report(diagnostics::misspelt_builtin_type(span, name, builtin));
                    return TypeKind::Any;
                }
                TypeKind::Named(self.type_name(pair))
            }
        }
    }

    /// A record field, and whether its name was quoted.
    fn field_type(&self, pair: P<'_>) -> Option<(FieldType, bool)> {
        let span = span_of(&pair);
        let mut key = None;
        let mut optional = false;
        let mut ty = None;
        for part in children(pair) {
            match part.as_rule() {
                Rule::key => key = Some(part),
                Rule::p_question => optional = true,
                Rule::type_expr => ty = Some(self.type_expr(part)?),
                _ => return None,
            }
        }
        let key = key?;
        let quoted = key.clone().into_inner().next()?.as_rule() != Rule::word;
        let field = FieldType {
            name: self.key(key)?,
            optional,
            ty: ty?,
            span,
        };
        Some((field, quoted))
    }

    /// An object or record key: a word as written, or a fixed string.
    fn key(&self, pair: P<'_>) -> Option<Key> {
        let inner = pair.into_inner().next()?;
        let span = span_of(&inner);
        let name = match inner.as_rule() {
            Rule::word => inner.as_str().to_owned(),
            Rule::string | Rule::sq_string => self.str_lit(&inner, "a key")?.value,
            _ => return None,
        };
        Some(Key { name, span })
    }

    // -----------------------------------------------------------------------
    // Names

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

    // -----------------------------------------------------------------------
    // Literals

    fn num_lit(&self, pair: &P<'_>) -> NumLit {
        let raw = pair.as_str();
        let span = span_of(pair);
        let value = match literals::parse_number(raw) {
            Ok(value) => value,
            Err(NumberProblem::LeadingZeros) => {
                self.report(diagnostics::leading_zeros(span, raw));
                raw.parse().unwrap_or(0.0)
            }
            Err(NumberProblem::OutOfRange) => {
                self.report(diagnostics::number_out_of_range(span, raw));
                0.0
            }
        };
        NumLit {
            raw: raw.to_owned(),
            value,
            span,
        }
    }

    fn duration(&self, pair: &P<'_>) -> Option<Duration> {
        let raw = pair.as_str();
        let span = span_of(pair);
        let problem = match literals::parse_duration(raw) {
            Ok(seconds) => return Some(Duration { seconds, span }),
            Err(problem) => problem,
        };
        let diagnostic = match problem {
            DurationProblem::MissingUnit => diagnostics::missing_duration_unit(span, raw),
            DurationProblem::SubSecond { ceil_seconds, .. } => {
                diagnostics::sub_second_duration(span, raw, ceil_seconds)
            }
            DurationProblem::Fraction { whole_seconds } => {
                diagnostics::fractional_duration(span, raw, whole_seconds)
            }
            DurationProblem::UnknownUnit { unit, meant } => {
                let number = raw.get(..raw.len() - unit.len()).unwrap_or("");
                let unit_span = Span::new(span.end_usize() - unit.len(), span.end_usize());
                let fixed = meant.map(|m| format!("{number}{m}"));
                diagnostics::unknown_duration_unit(unit_span, &unit, fixed)
            }
            DurationProblem::TooLong => diagnostics::duration_too_long(span, raw),
        };
        self.report(diagnostic);
        None
    }

    /// A string that may interpolate, where the text is a `text` pair (a
    /// single-quoted string is reported and read as plain text).
    fn template_text(&self, pair: P<'_>) -> Option<Template> {
        match pair.as_rule() {
            Rule::string => self.template(pair).map(|(template, _)| template),
            Rule::sq_string => self.str_lit(&pair, "a string").map(plain_template),
            _ => None,
        }
    }

    /// A double-quoted string as text parts and interpolations, with the
    /// depth of its deepest interpolation.
    fn template(&self, pair: P<'_>) -> Option<(Template, usize)> {
        let span = span_of(&pair);
        let mut parts: Vec<TemplatePart> = Vec::new();
        let mut depth = 1;
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::str_text => {
                    let text = self.text_part(&part);
                    let part_span = span_of(&part);
                    if let Some(TemplatePart::Text {
                        text: last,
                        span: last_span,
                    }) = parts.last_mut()
                    {
                        last.push_str(&text);
                        *last_span = last_span.to(part_span);
                    } else {
                        parts.push(TemplatePart::Text {
                            text,
                            span: part_span,
                        });
                    }
                }
                Rule::interp => {
                    let built = self.expr_built(children(part).next()?)?;
                    depth = depth.max(built.depth + 1);
                    parts.push(TemplatePart::Interp(built.expr));
                }
                _ => return None,
            }
        }
        Some((Template { parts, span }, depth))
    }

    /// The text of one `str_text` pair, its problems reported.
    fn text_part(&self, pair: &P<'_>) -> String {
        let base = pair.as_span().start();
        let (text, problems) = literals::unescape(pair.as_str());
        for (range, problem) in problems {
            let span = Span::new(base + range.start, base + range.end);
            self.report(match problem {
                TextProblem::UnknownEscape(escape) => diagnostics::invalid_escape(span, &escape),
                TextProblem::BadUnicode(escape) => {
                    diagnostics::invalid_unicode_escape(span, &escape)
                }
                TextProblem::LoneBrace => diagnostics::lone_brace_in_string(span),
            });
        }
        text
    }

    /// A string whose value must be fixed (`what` names it in the error).
    /// An interpolation is reported and kept as written, so later stages do
    /// not also report the string as missing.
    fn str_lit(&self, pair: &P<'_>, what: &str) -> Option<StrLit> {
        let span = span_of(pair);
        match pair.as_rule() {
            Rule::sq_string => {
                let inner = pair.as_str();
                let content = inner.get(1..inner.len().saturating_sub(1)).unwrap_or("");
                self.report(diagnostics::single_quoted_string(span, content));
                Some(StrLit {
                    value: content.to_owned(),
                    span,
                })
            }
            Rule::string => {
                let mut value = String::new();
                for part in pair.clone().into_inner() {
                    match part.as_rule() {
                        Rule::str_text => value.push_str(&self.text_part(&part)),
                        Rule::interp => {
                            self.report(diagnostics::interpolation_not_allowed(
                                span_of(&part),
                                what,
                            ));
                            value.push_str(part.as_str());
                        }
                        _ => return None,
                    }
                }
                Some(StrLit { value, span })
            }
            _ => None,
        }
    }

    // -----------------------------------------------------------------------
    // Expressions

    fn expr(&self, pair: P<'_>) -> Option<Expr> {
        self.expr_built(pair).map(|built| built.expr)
    }

    /// Folds an `expr` pair with the Pratt parser. Refuses, with E0004, an
    /// expression whose operators would recurse deeper than [`MAX_NESTING`]
    /// or whose tree would be deeper than that.
    fn expr_built(&self, pair: P<'_>) -> Option<Built> {
        let span = span_of(&pair);
        // Operator and primary wrappers exist for error messages; the Pratt
        // parser wants the operators and operands themselves.
        let sequence: Vec<P<'_>> = pair
            .into_inner()
            .filter_map(|p| match p.as_rule() {
                Rule::prefix | Rule::postfix | Rule::infix | Rule::primary => p.into_inner().next(),
                _ => Some(p),
            })
            .collect();
        // pest's Pratt parser recurses once per prefix operator in a row.
        let mut run = 0_usize;
        let mut longest_run = 0_usize;
        for p in &sequence {
            if matches!(p.as_rule(), Rule::kw_not | Rule::op_neg | Rule::op_bang) {
                run += 1;
                longest_run = longest_run.max(run);
            } else {
                run = 0;
            }
        }
        let cost = longest_run + 1;
        let depth = self.expr_depth.get();
        if depth + cost > MAX_NESTING {
            self.report(diagnostics::nesting_too_deep(span));
            return None;
        }
        self.expr_depth.set(depth + cost);
        let too_deep = Cell::new(false);
        let built = expr::precedence_table()
            .map_primary(|primary| self.primary(primary))
            .map_prefix(|op, operand| self.fold_prefix(&op, operand?, &too_deep))
            .map_postfix(|base, op| self.fold_postfix(base?, op, &too_deep))
            .map_infix(|lhs, op, rhs| self.fold_infix(lhs?, &op, rhs?, &too_deep))
            .parse(sequence.into_iter());
        self.expr_depth.set(depth);
        built
    }

    /// Reports E0004 once per expression when `built` is too deep.
    fn within_depth(&self, built: Built, at: Span, too_deep: &Cell<bool>) -> Option<Built> {
        if built.depth <= MAX_NESTING {
            return Some(built);
        }
        if !too_deep.replace(true) {
            self.report(diagnostics::nesting_too_deep(at));
        }
        None
    }

    fn fold_prefix(&self, op: &P<'_>, operand: Built, too_deep: &Cell<bool>) -> Option<Built> {
        let op_span = span_of(op);
        let unary = match op.as_rule() {
            Rule::kw_not => UnaryOp::Not,
            Rule::op_neg => UnaryOp::Neg,
            Rule::op_bang => {
                self.report(diagnostics::foreign_logical_operator(op_span, "!", "not"));
                UnaryOp::Not
            }
            _ => return None,
        };
        self.within_depth(expr::fold_unary(unary, op_span, operand), op_span, too_deep)
    }

    fn fold_postfix(&self, base: Built, op: P<'_>, too_deep: &Cell<bool>) -> Option<Built> {
        let op_span = span_of(&op);
        let built = match op.as_rule() {
            Rule::field => {
                let name = children(op).next()?;
                let field = Ident {
                    name: name.as_str().to_owned(),
                    span: span_of(&name),
                };
                expr::fold_field(base, field)
            }
            Rule::index => {
                let index = self.expr_built(children(op).next()?)?;
                expr::fold_index(base, index, op_span)
            }
            _ => return None,
        };
        self.within_depth(built, op_span, too_deep)
    }

    fn fold_infix(
        &self,
        lhs: Built,
        op: &P<'_>,
        rhs: Built,
        too_deep: &Cell<bool>,
    ) -> Option<Built> {
        let op_span = span_of(op);
        let foreign = |written: &str, word: &str| {
            self.report(diagnostics::foreign_logical_operator(
                op_span, written, word,
            ));
        };
        let binary = match op.as_rule() {
            Rule::kw_or => BinOp::Or,
            Rule::op_c_or => {
                foreign("||", "or");
                BinOp::Or
            }
            Rule::kw_and => BinOp::And,
            Rule::op_c_and => {
                foreign("&&", "and");
                BinOp::And
            }
            Rule::op_eq => BinOp::Eq,
            Rule::op_assign => {
                self.report(diagnostics::single_equals(op_span));
                BinOp::Eq
            }
            Rule::op_ne => BinOp::Ne,
            Rule::op_lt => BinOp::Lt,
            Rule::op_le => BinOp::Le,
            Rule::op_gt => BinOp::Gt,
            Rule::op_ge => BinOp::Ge,
            Rule::kw_in => BinOp::In,
            Rule::op_coalesce => BinOp::Coalesce,
            Rule::op_add => BinOp::Add,
            Rule::op_sub => BinOp::Sub,
            Rule::op_mul => BinOp::Mul,
            Rule::op_div => BinOp::Div,
            Rule::op_rem => BinOp::Rem,
            _ => return None,
        };
        let (built, problem) = expr::fold_binary(lhs, binary, op_span, rhs);
        if let Some(problem) = problem {
            self.report(problem);
        }
        self.within_depth(built, op_span, too_deep)
    }

    fn primary(&self, pair: P<'_>) -> Option<Built> {
        let span = span_of(&pair);
        let leaf = |kind| Some(Built::new(kind, span, 1));
        match pair.as_rule() {
            Rule::kw_true => leaf(ExprKind::Bool(true)),
            Rule::kw_false => leaf(ExprKind::Bool(false)),
            Rule::kw_null => leaf(ExprKind::Null),
            Rule::number => leaf(ExprKind::Number(self.num_lit(&pair))),
            Rule::string => {
                let (template, depth) = self.template(pair)?;
                Some(Built::new(ExprKind::String(template), span, depth))
            }
            Rule::sq_string => {
                let lit = self.str_lit(&pair, "a string")?;
                leaf(ExprKind::String(plain_template(lit)))
            }
            Rule::name_ref => {
                let mut parts = children(pair);
                let name = parts.next()?;
                let Some(args) = parts.next() else {
                    return leaf(ExprKind::Var(self.value_name(&name, "variable")));
                };
                let func = self.value_name(&name, "function");
                let args = children(args)
                    .map(|arg| self.expr_built(arg))
                    .collect::<Option<Vec<_>>>()?;
                let depth = 1 + args.iter().map(|b| b.depth).max().unwrap_or(0);
                let kind = ExprKind::Call {
                    func,
                    args: args.into_iter().map(|b| b.expr).collect(),
                };
                Some(Built::new(kind, span, depth))
            }
            Rule::paren => {
                let mut inner = self.expr_built(children(pair).next()?)?;
                inner.expr.span = span;
                inner.parenthesized = true;
                Some(inner)
            }
            Rule::list => {
                let items = children(pair)
                    .map(|item| self.expr_built(item))
                    .collect::<Option<Vec<_>>>()?;
                let depth = 1 + items.iter().map(|b| b.depth).max().unwrap_or(0);
                let kind = ExprKind::List(items.into_iter().map(|b| b.expr).collect());
                Some(Built::new(kind, span, depth))
            }
            Rule::object => {
                let mut depth = 1;
                let mut entries = Vec::new();
                for entry in children(pair) {
                    let mut parts = children(entry);
                    let key = self.key(parts.next()?)?;
                    let value = self.expr_built(parts.next()?)?;
                    depth = depth.max(value.depth + 1);
                    entries.push((key, value.expr));
                }
                Some(Built::new(ExprKind::Object(entries), span, depth))
            }
            _ => None,
        }
    }
}

/// What a deploy-time value may be, for messages.
const STATIC_VALUE: &str = "a string, `secret(…)`, or `param(…)`";

/// A template holding one fixed text (or none, for `""`).
fn plain_template(lit: StrLit) -> Template {
    let parts = if lit.value.is_empty() {
        Vec::new()
    } else {
        vec![TemplatePart::Text {
            text: lit.value,
            span: lit.span,
        }]
    };
    Template {
        parts,
        span: lit.span,
    }
}

/// The diagnostic for a dotted error name that is not `Http.X`.
fn dotted_error_problem(span: Span, raw: &str) -> Diagnostic {
    let (prefix, rest) = raw.split_once('.').unwrap_or((raw, ""));
    if prefix.eq_ignore_ascii_case("http") && !rest.contains('.') {
        return diagnostics::invalid_error_name(
            span,
            raw,
            "error names are case-sensitive",
            format!("write `Http.{rest}`"),
        );
    }
    if prefix == "States" {
        let help = if rest == "ALL" {
            "write `any`".to_owned()
        } else {
            format!("write `{rest}`")
        };
        return diagnostics::invalid_error_name(
            span,
            raw,
            "the `States.` prefix is added by the compiler",
            help,
        );
    }
    diagnostics::invalid_error_name(
        span,
        raw,
        "not a built-in error name",
        format!("write a custom error name in quotes: `\"{raw}\"`"),
    )
}

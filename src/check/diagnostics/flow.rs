//! Wording for the flow of variables (E03xx): declaration, assignment,
//! scope and reachability.

use crate::diag::{Code, Diagnostic};
use crate::source::Span;
use crate::syntax::ast::Ident;

/// E0301
pub fn use_before_let(name: &Ident, declared: Span) -> Diagnostic {
    Diagnostic::new(
        Code::UseBeforeLet,
        format!("`{}` is used before it is declared", name.name),
        name.span,
        "used here",
    )
    .with_secondary(declared, "declared later, here")
    .with_help("move the `let` before this use")
}

/// E0302
pub fn set_undeclared(name: &Ident, later: Option<Span>, help: Option<String>) -> Diagnostic {
    let diagnostic = Diagnostic::new(
        Code::SetUndeclared,
        format!("cannot `set` undeclared variable `{}`", name.name),
        name.span,
        "no `let` for this name before this point",
    );
    match later {
        Some(later) => diagnostic
            .with_secondary(later, "declared later, here")
            .with_help("move the `let` before the `set`"),
        None => diagnostic.with_help(
            help.unwrap_or_else(|| format!("declare it with `let {} = …` instead", name.name)),
        ),
    }
}

/// E0303
pub fn possibly_unassigned(name: &Ident, declared: Span) -> Diagnostic {
    Diagnostic::new(
        Code::PossiblyUnassigned,
        format!("`{}` may not be assigned here", name.name),
        name.span,
        "not assigned on every path that reaches this point",
    )
    .with_secondary(declared, "declared here, on only some paths")
    .with_help(format!(
        "declare it before the branch (`let {} = null`) and `set` it inside, or end the other paths with `fail` or `return`",
        name.name
    ))
}

/// E0304
pub fn redeclared(name: &Ident, previous: Span) -> Diagnostic {
    Diagnostic::new(
        Code::Redeclared,
        format!("`{}` is already declared", name.name),
        name.span,
        "declared again here",
    )
    .with_secondary(previous, "first declared here")
    .with_help(format!(
        "use `set {} = …` to change it, or pick another name",
        name.name
    ))
}

/// E0305
pub fn outer_set_in_inner_scope(name: &Ident, declared: Span) -> Diagnostic {
    Diagnostic::new(
        Code::OuterSetInInnerScope,
        format!("cannot `set` the outer variable `{}` here", name.name),
        name.span,
        "assigned inside a `parallel` branch or `for` body",
    )
    .with_secondary(declared, "declared outside, here")
    .with_help("return each result instead, and collect them: `let r = for …`")
    .with_note("Step Functions: an inner scope may read but never assign an outer variable")
}

/// E0306
pub fn shadows_outer_name(name: &Ident, outer: Span) -> Diagnostic {
    Diagnostic::new(
        Code::ShadowsOuterName,
        format!("`{}` is already a name in an outer scope", name.name),
        name.span,
        "declared inside a `parallel` branch or `for` body",
    )
    .with_secondary(outer, "the outer declaration")
    .with_help("pick a name used nowhere outside this branch or body")
    .with_note(
        "Step Functions: variable names must be unique across a state machine's nested scopes",
    )
}

/// E0307
pub fn unreachable_statement(span: Span, end: Span) -> Diagnostic {
    Diagnostic::new(
        Code::UnreachableStatement,
        "unreachable statement",
        span,
        "this can never run",
    )
    .with_secondary(end, "every path ends here")
    .with_help("remove it, or move it before the statement that ends the path")
}

/// E0308
pub fn out_of_scope(name: &Ident, declared: Span) -> Diagnostic {
    Diagnostic::new(
        Code::OutOfScope,
        format!("`{}` is not available here", name.name),
        name.span,
        "not in scope",
    )
    .with_secondary(declared, "declared here, in a block that has ended")
    .with_help("pass a value out with `return` and `let r = for …` (or `parallel`)")
}

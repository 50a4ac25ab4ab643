//! Check diagnostics of the standard library's arguments, of `list + list`
//! and of computed waits.

use crate::diag::{Code, Diagnostic};
use crate::source::Span;
use crate::syntax::ast::Ident;

/// E0213: `matches(s, pattern)` with a pattern that is not a literal.
pub fn pattern_not_literal(span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::InvalidPattern,
        "the pattern of `matches` must be a string literal",
        span,
        "not a literal",
    )
    .with_help("write the regular expression in the call, with braces doubled as in any string: `matches(s, \"^[A-Z]{{3}}$\")`")
    .with_note("patterns are checked when the workflow is compiled, so they cannot be computed")
}

/// E0213: a regular expression the checker or JavaScript cannot read.
pub fn invalid_pattern(span: Span, problem: &str) -> Diagnostic {
    Diagnostic::new(
        Code::InvalidPattern,
        "invalid regular expression",
        span,
        problem.to_owned(),
    )
    .with_help("patterns use JavaScript syntax without lookaround or backreferences; see `matches` in docs/language.md")
}

/// E0214: `hash(s, "…")` with an algorithm Step Functions does not have.
pub fn unknown_hash_algorithm(
    span: Span,
    name: Option<&str>,
    suggestion: Option<&str>,
) -> Diagnostic {
    let message = match name {
        Some(name) => format!("unknown hash algorithm `{name}`"),
        None => "the algorithm of `hash` must be a string literal".to_owned(),
    };
    let help = match suggestion {
        Some(s) => format!("did you mean `\"{s}\"`?"),
        None => "use one of `\"MD5\"`, `\"SHA-1\"`, `\"SHA-256\"`, `\"SHA-384\"`, `\"SHA-512\"`"
            .to_owned(),
    };
    Diagnostic::new(
        Code::UnknownHashAlgorithm,
        message,
        span,
        "not an algorithm `$hash` knows",
    )
    .with_help(help)
}

/// E0202: `list + item`.
pub fn list_plus_item(item: Span, op: Span, found: &str) -> Diagnostic {
    Diagnostic::new(
        Code::MismatchedTypes,
        "`+` joins two lists",
        item,
        format!("this is `{found}`, not a list"),
    )
    .with_secondary(op, "a list on the other side")
    .with_help("add one item with `xs + [item]` or `append(xs, item)`")
}

/// E0202: `+` on lists whose elements have unrelated types.
pub fn unrelated_list_sum(whole: Span, op: Span, left: &str, right: &str) -> Diagnostic {
    Diagnostic::new(
        Code::MismatchedTypes,
        "`+` joins lists of unrelated element types",
        whole,
        format!("`{left}` + `{right}`"),
    )
    .with_secondary(op, "joined here")
    .with_help("join lists whose elements have the same type, or convert the elements first with a comprehension `[string(x) for x in xs]`")
}

/// E0202: `wait EXPR` where `EXPR` is not a number of seconds.
pub fn wait_seconds_not_number(span: Span, found: &str, stringy: bool) -> Diagnostic {
    let help = if stringy {
        "to wait for a timestamp, write `wait until …`"
    } else {
        "give a number of seconds, such as `wait input.hours * 1h`, or a duration such as `wait 30s`"
    };
    Diagnostic::new(
        Code::MismatchedTypes,
        "mismatched types",
        span,
        format!("expected a number of seconds, found `{found}`"),
    )
    .with_note("`wait EXPR` waits a computed number of seconds")
    .with_help(help)
}

/// E0210: a function with optional arguments given too few or too many.
pub fn wrong_library_argument_count(
    span: Span,
    func: &Ident,
    least: usize,
    most: usize,
    found: usize,
) -> Diagnostic {
    let label = if found > most {
        "unexpected argument".to_owned()
    } else {
        format!("expected at least {least} arguments")
    };
    Diagnostic::new(
        Code::WrongArgumentCount,
        format!(
            "`{}` takes {least} {} {most} arguments, found {found}",
            func.name,
            if most == least + 1 { "or" } else { "to" }
        ),
        span,
        label,
    )
}

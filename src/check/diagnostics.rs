//! Check, diagnostics: one constructor per message of the check stage.
//!
//! Takes the facts a pass found (names, spans, types already rendered as
//! text); returns a [`Diagnostic`] with its code, message, labels, help and
//! note. All wording of the stage lives here, in rustc's voice: lowercase
//! messages without a final period, user text in backticks, the primary
//! label saying what is wrong at that place, help saying how to fix it and
//! notes giving the AWS fact behind a rule.

use crate::aws;
use crate::diag::{Code, Diagnostic};
use crate::source::Span;
use crate::syntax::ast::{
    BinOp, Duration, Expr, Ident, Key, Method, NumLit, StrLit, TypeDef, Workflow,
};

use super::types::Type;

// ---------------------------------------------------------------------------
// Names and items (E01xx)

/// E0101
pub fn missing_workflow(file: Span) -> Diagnostic {
    Diagnostic::new(
        Code::MissingWorkflow,
        "the file has no workflow",
        Span::new(file.start_usize(), file.start_usize()),
        "expected a `workflow` item in this file",
    )
    .with_help("add one: `workflow name(input: Type) { … }`")
}

/// E0102
pub fn duplicate_workflow(second: &Workflow, first: &Workflow) -> Diagnostic {
    Diagnostic::new(
        Code::DuplicateWorkflow,
        format!("a second workflow `{}`", second.name.name),
        second.name.span,
        "a file holds one workflow",
    )
    .with_secondary(first.name.span, "first workflow defined here")
    .with_help("move the second workflow into a file of its own")
}

/// E0103
pub fn duplicate_item(kind: &str, name: &Ident, first: Span) -> Diagnostic {
    Diagnostic::new(
        Code::DuplicateItem,
        format!("the {kind} `{}` is defined twice", name.name),
        name.span,
        format!("`{}` redefined here", name.name),
    )
    .with_secondary(first, "first defined here")
    .with_help(format!("rename one of them, or remove the second {kind}"))
}

/// E0104
pub fn unknown_endpoint(name: &Ident, help: Option<String>) -> Diagnostic {
    Diagnostic::new(
        Code::UnknownEndpoint,
        format!("unknown endpoint `{}`", name.name),
        name.span,
        "no endpoint of this name in this file",
    )
    .with_help(help.unwrap_or_else(|| {
        format!(
            "define it: `endpoint {} {{ url \"https://…\" … }}`",
            name.name
        )
    }))
}

/// E0105
pub fn unknown_retry_policy(name: &Ident, help: Option<String>) -> Diagnostic {
    Diagnostic::new(
        Code::UnknownRetryPolicy,
        format!("unknown retry policy `{}`", name.name),
        name.span,
        "no retry policy of this name in this file",
    )
    .with_help(help.unwrap_or_else(|| {
        format!(
            "define it: `retry {} {{ on … attempts … }}`, or write the policy inline: `retry on Http.5xx attempts 3`",
            name.name
        )
    }))
}

/// E0106
pub fn unknown_type(name: &Ident, help: Option<String>) -> Diagnostic {
    Diagnostic::new(
        Code::UnknownType,
        format!("unknown type `{}`", name.name),
        name.span,
        "no type of this name in this file",
    )
    .with_help(help.unwrap_or_else(|| format!("define it: `type {} = {{ … }}`", name.name)))
}

/// E0107
pub fn unknown_variable(name: &Ident, help: Option<String>) -> Diagnostic {
    Diagnostic::new(
        Code::UnknownVariable,
        format!("unknown variable `{}`", name.name),
        name.span,
        "not declared anywhere in this workflow",
    )
    .with_help(help.unwrap_or_else(|| format!("declare it first: `let {} = …`", name.name)))
}

/// E0108
pub fn unknown_field(field: &Ident, ty: &str, help: Option<String>) -> Diagnostic {
    Diagnostic::new(
        Code::UnknownField,
        format!("no field `{}` on type `{ty}`", field.name),
        field.span,
        "unknown field",
    )
    .with_help_opt(help)
}

/// E0109
pub fn unknown_function(func: &Ident, help: Option<String>) -> Diagnostic {
    Diagnostic::new(
        Code::UnknownFunction,
        format!("unknown function `{}`", func.name),
        func.span,
        "not a library function",
    )
    .with_help_opt(help)
    .with_note(
        "the library has `len`, `exists`, `upper`, `lower`, `contains`, `starts_with`, `now`, `uuid`, `string` and `number`",
    )
}

/// E0110: `Http.200`, `Http.1xx`, …
pub fn not_an_error_status(span: Span, form: &str, status: u16) -> Diagnostic {
    Diagnostic::new(
        Code::UnknownErrorName,
        format!("`Http.{form}` is not an error"),
        span,
        format!("a {status} response never fails a call"),
    )
    .with_help("name a failing status from 300 to 599, such as `Http.404`, or a class: `Http.4xx`, `Http.5xx`")
}

/// E0110: `Http.40`, `Http.Sockets`, …
pub fn unknown_http_error(span: Span, form: &str, help: Option<String>) -> Diagnostic {
    Diagnostic::new(
        Code::UnknownErrorName,
        format!("unknown error name `Http.{form}`"),
        span,
        "not an HTTP error",
    )
    .with_help(help.unwrap_or_else(|| {
        "write a status code (`Http.404`), a class (`Http.4xx`, `Http.5xx`) or `Http.Socket`"
            .to_owned()
    }))
}

/// E0110: `Timeot`, …
pub fn unknown_builtin_error(span: Span, name: &str, help: Option<String>) -> Diagnostic {
    Diagnostic::new(
        Code::UnknownErrorName,
        format!("unknown error name `{name}`"),
        span,
        "not a built-in error",
    )
    .with_help(help.unwrap_or_else(|| {
        format!("a custom error raised by `fail` is written in quotes: `\"{name}\"`")
    }))
    .with_note(format!(
        "the built-in errors are {}",
        aws::BUILTIN_ERRORS
            .iter()
            .map(|e| format!("`{e}`"))
            .collect::<Vec<_>>()
            .join(", ")
    ))
}

/// E0110: `"States.Oops"` in a catch or retry.
pub fn reserved_custom_error(span: Span, name: &str) -> Diagnostic {
    Diagnostic::new(
        Code::UnknownErrorName,
        format!("the error name `{name}` is reserved"),
        span,
        "names starting with `States.` belong to Step Functions",
    )
    .with_help(reserved_help(name))
}

/// E0110: `fail "States.Oops"`.
pub fn reserved_fail_error(span: Span, name: &str) -> Diagnostic {
    Diagnostic::new(
        Code::UnknownErrorName,
        format!("the error name `{name}` is reserved"),
        span,
        "a workflow cannot raise a `States.` error",
    )
    .with_help("pick a name with your own prefix, such as `\"Orders.NotFound\"`")
}

fn reserved_help(name: &str) -> String {
    match name.strip_prefix("States.") {
        Some(rest) if aws::BUILTIN_ERRORS.contains(&rest) => {
            format!("write the built-in name without quotes: `{rest}`")
        }
        Some(rest) if rest.starts_with("Http.") => {
            format!("write the HTTP error without quotes and prefix: `{rest}`")
        }
        _ => "pick a name with your own prefix, such as `\"Orders.NotFound\"`".to_owned(),
    }
}

/// E0110: `""`.
pub fn empty_custom_error(span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::UnknownErrorName,
        "empty error name",
        span,
        "an error name cannot be empty",
    )
    .with_help("write the name the workflow raises with `fail`, such as `\"Orders.NotFound\"`")
}

/// E0112
pub fn duplicate_key(key: &Key, first: Span, what: &str) -> Diagnostic {
    Diagnostic::new(
        Code::DuplicateKey,
        format!("the {what} `{}` is written twice", key.name),
        key.span,
        format!("`{}` written again here", key.name),
    )
    .with_secondary(first, "first written here")
    .with_help(format!("remove one of the two `{}`", key.name))
}

// ---------------------------------------------------------------------------
// Types (E02xx)

/// E0201
pub fn type_alias_cycle(first: &TypeDef, members: &[&TypeDef]) -> Diagnostic {
    let chain: Vec<String> = members
        .iter()
        .map(|m| format!("`{}`", m.name.name))
        .collect();
    let mut diagnostic = Diagnostic::new(
        Code::TypeAliasCycle,
        format!("the type `{}` only refers to itself", first.name.name),
        first.ty.span,
        if members.len() == 1 {
            "this names the type being defined".to_owned()
        } else {
            format!(
                "{} name each other without ever saying what a value is",
                chain.join(" and ")
            )
        },
    );
    for member in members {
        if member.name.span != first.name.span {
            diagnostic = diagnostic.with_secondary(member.ty.span, "part of the cycle");
        }
    }
    diagnostic.with_help("define one of them as an actual type, such as `{ id: string }`")
}

/// E0202
pub fn mismatched_types(span: Span, expected: &str, found: &str, note: &str) -> Diagnostic {
    let expected = if expected.starts_with("a ") || expected.starts_with("an ") {
        expected.to_owned()
    } else {
        format!("`{expected}`")
    };
    Diagnostic::new(
        Code::MismatchedTypes,
        "mismatched types",
        span,
        format!("expected {expected}, found `{found}`"),
    )
    .with_note(note)
}

/// E0203
pub fn unrelated_comparison(
    whole: &Expr,
    op: BinOp,
    lhs: &Expr,
    lhs_ty: &str,
    rhs: &Expr,
    rhs_ty: &str,
    ordering: bool,
) -> Diagnostic {
    let message = if ordering {
        format!(
            "cannot order `{lhs_ty}` and `{rhs_ty}` with `{}`",
            op.as_str()
        )
    } else {
        format!("comparing `{lhs_ty}` with `{rhs_ty}`")
    };
    let label = if ordering {
        "only two numbers or two strings can be ordered".to_owned()
    } else {
        format!("this is `{rhs_ty}`, so the comparison is never true")
    };
    // In `a == b` the right side is the one read against the left; in a
    // `match` arm the pattern is both `whole` and `rhs`.
    let mut diagnostic = Diagnostic::new(Code::UnrelatedComparison, message, rhs.span, label);
    if lhs.span != rhs.span && lhs.span != whole.span {
        diagnostic = diagnostic.with_secondary(lhs.span, format!("this is `{lhs_ty}`"));
    }
    let numeric_text = |a: &str, b: &str| a == "number" && (b == "string" || b.starts_with('"'));
    if numeric_text(lhs_ty, rhs_ty) || numeric_text(rhs_ty, lhs_ty) {
        diagnostic =
            diagnostic.with_help("convert one side first, with `number(…)` or `string(…)`");
    }
    diagnostic
}

/// E0204
pub fn impossible_union_comparison(
    literal: &Expr,
    union_side: &Expr,
    union_ty: &str,
    op: BinOp,
    help: Option<String>,
) -> Diagnostic {
    let always = if op == BinOp::Ne { "true" } else { "false" };
    Diagnostic::new(
        Code::ImpossibleUnionComparison,
        format!("this string is not one of `{union_ty}`"),
        literal.span,
        format!("not a possible value, so this comparison is always {always}"),
    )
    .with_secondary(union_side.span, format!("this has type `{union_ty}`"))
    .with_help(help.unwrap_or_else(|| {
        "compare with one of the union's strings, or add this one to the type".to_owned()
    }))
}

/// E0205
pub fn non_numeric_arithmetic(
    operand: Span,
    op_span: Span,
    op: &str,
    ty: &str,
    stringy: bool,
) -> Diagnostic {
    let diagnostic = Diagnostic::new(
        Code::NonNumericArithmetic,
        format!("cannot apply `{op}` to `{ty}`"),
        operand,
        format!("this is `{ty}`, not a number"),
    )
    .with_secondary(op_span, "arithmetic needs numbers");
    if stringy {
        diagnostic.with_help("convert it first: `number(…)`")
    } else {
        diagnostic
    }
}

/// E0205: `"a" + "b"`.
pub fn string_concatenation(whole: Span, op_span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::NonNumericArithmetic,
        "cannot add two strings",
        whole,
        "`+` adds numbers; it does not join strings",
    )
    .with_secondary(op_span, "this `+`")
    .with_help("join strings by interpolation: `\"{a}{b}\"`")
}

/// E0206
pub fn unguarded_optional_field(path: &Expr, field: &Ident) -> Diagnostic {
    Diagnostic::new(
        Code::UnguardedOptionalField,
        format!("the optional field `{}` may be absent", field.name),
        path.span,
        "read without checking that it is present",
    )
    .with_help("give a default with `??`, or check it first with `exists(…)`")
}

/// E0207
pub fn non_scalar_path_interpolation(expr: &Expr, ty: &str) -> Diagnostic {
    Diagnostic::new(
        Code::NonScalarPathInterpolation,
        format!("cannot put a `{ty}` into a request path"),
        expr.span,
        "a path segment must be a string, number or bool",
    )
    .with_help(
        "interpolate one of its fields, such as `{order.id}`, or send it in the `query` or `body`",
    )
}

/// E0208
pub fn condition_not_bool(span: Span, ty: &str, what: &str) -> Diagnostic {
    let help = match ty {
        "number" => "compare it: `… > 0`",
        "string" => "compare it: `… != \"\"`",
        _ => "write a comparison, such as `… == …`, or test presence with `exists(…)`",
    };
    Diagnostic::new(
        Code::ConditionNotBool,
        format!("{what} must be a `bool`"),
        span,
        format!("this is `{ty}`"),
    )
    .with_help(help)
    .with_note("SFL has no truthiness: numbers, strings and lists are not conditions")
}

/// E0209
pub fn for_over_non_list(iter: &Expr, ty: &str) -> Diagnostic {
    Diagnostic::new(
        Code::ForOverNonList,
        format!("`for` needs a list, found `{ty}`"),
        iter.span,
        format!("this is `{ty}`"),
    )
    .with_help("iterate over a list, such as `input.items`")
}

/// E0210
pub fn wrong_argument_count(span: Span, func: &Ident, expected: usize, found: usize) -> Diagnostic {
    let plural = |n: usize| if n == 1 { "argument" } else { "arguments" };
    Diagnostic::new(
        Code::WrongArgumentCount,
        format!(
            "`{}` takes {expected} {}, found {found}",
            func.name,
            plural(expected)
        ),
        span,
        if found > expected + 1 {
            "unexpected arguments".to_owned()
        } else if found > expected {
            "unexpected argument".to_owned()
        } else {
            format!("expected {expected} {}", plural(expected))
        },
    )
}

/// E0211
pub fn exists_needs_path(arg: &Expr) -> Diagnostic {
    Diagnostic::new(
        Code::ExistsNeedsPath,
        "`exists` needs a path",
        arg.span,
        "not a variable or field path",
    )
    .with_help("pass the field to test, such as `exists(input.priority)`")
}

/// E0212: a field on a value without fields.
pub fn no_field_on_type(span: Span, field: &str, ty: &str, resolved: &Type) -> Diagnostic {
    let help = match resolved {
        Type::List(_) => Some(format!("take one element first, such as `…[0].{field}`")),
        _ => None,
    };
    Diagnostic::new(
        Code::NoFieldsOnType,
        format!("no field `{field}` on a value of type `{ty}`"),
        span,
        format!("`{ty}` has no fields"),
    )
    .with_help_opt(help)
}

/// E0212: an index on a value that is not a list or map.
pub fn no_index_on_type(span: Span, ty: &str) -> Diagnostic {
    Diagnostic::new(
        Code::NoFieldsOnType,
        format!("cannot index a value of type `{ty}`"),
        span,
        "only lists, maps and records can be indexed",
    )
}

// ---------------------------------------------------------------------------
// Flow (E03xx)

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

// ---------------------------------------------------------------------------
// Limits (E04xx)

/// E0401: `any` with other names.
pub fn any_not_alone(span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::AnyNotAloneOrLast,
        "`any` must be alone in its list",
        span,
        "`any` already matches every other name here",
    )
    .with_help("remove the other error names, or move them to an earlier `retry`/`catch`")
    .with_note("ASL: `States.ALL` must appear alone in `ErrorEquals`")
}

/// E0401: `any` before another retry or catch.
pub fn any_not_last(span: Span, clause: &str, policy_any: Option<Span>) -> Diagnostic {
    let diagnostic = Diagnostic::new(
        Code::AnyNotAloneOrLast,
        format!("`any` must be in the last `{clause}`"),
        span,
        format!("the `{clause}` clauses after this one could never match"),
    )
    .with_help(format!("move this `{clause}` after the others"))
    .with_note("ASL: `States.ALL` must be in the last retrier or catcher");
    match policy_any {
        Some(any) => diagnostic.with_secondary(any, "this policy retries on `any`"),
        None => diagnostic,
    }
}

/// E0402
pub fn retry_number_out_of_range(span: Span, clause: &str, allowed: &str) -> Diagnostic {
    Diagnostic::new(
        Code::RetryNumberOutOfRange,
        format!("`{clause}` out of range"),
        span,
        format!("must be {allowed}"),
    )
    .with_help(match clause {
        "attempts" => "write a whole number, such as `attempts 3`",
        "interval" => "wait at least a second: `interval 1s`",
        "backoff" => "write `backoff 1` for a fixed interval, or more, such as `backoff 2`",
        _ => "write a duration of at least `1s` and under a year",
    })
    .with_note(match clause {
        "attempts" => "ASL: `MaxAttempts` is a non-negative integer (0 never retries)",
        "interval" => "ASL: `IntervalSeconds` is a positive whole number of seconds",
        "backoff" => "ASL: `BackoffRate` must be at least 1.0",
        _ => "ASL: `MaxDelaySeconds` is a positive whole number below 31622401",
    })
}

/// E0403: `timeout 0s`.
pub fn timeout_zero(span: Span, what: &str) -> Diagnostic {
    Diagnostic::new(
        Code::TimeoutOutOfRange,
        format!("a {what} timeout of zero seconds"),
        span,
        "must be at least `1s`",
    )
    .with_help("remove `timeout` to use the default, or give at least one second")
}

/// E0403: an Express workflow longer than five minutes.
pub fn express_timeout_too_long(timeout: &Duration, express: Span) -> Diagnostic {
    Diagnostic::new(
        Code::TimeoutOutOfRange,
        format!(
            "an Express workflow cannot run for {}",
            human_seconds(timeout.seconds)
        ),
        timeout.span,
        "longer than the Express limit",
    )
    .with_secondary(express, "this makes it an Express workflow")
    .with_help("use at most `5m`, or remove `express` for a Standard workflow")
    .with_note("an Express execution runs at most five minutes")
}

/// E0403: above a year.
pub fn standard_timeout_too_long(timeout: &Duration) -> Diagnostic {
    Diagnostic::new(
        Code::TimeoutOutOfRange,
        format!(
            "a workflow cannot run for {}",
            human_seconds(timeout.seconds)
        ),
        timeout.span,
        "longer than a Standard execution may run",
    )
    .with_help("use at most `365d`")
    .with_note("a Standard execution runs at most one year (31536000 seconds)")
}

/// E0404
pub fn invalid_concurrency(value: &NumLit) -> Diagnostic {
    Diagnostic::new(
        Code::InvalidConcurrency,
        format!(
            "`concurrency {}` is not a whole number of iterations",
            value.raw
        ),
        value.span,
        "expected 0 or a positive whole number",
    )
    .with_help("write a whole number, such as `concurrency 10`, or `0` for no limit")
    .with_note("`concurrency` becomes the Map state's `MaxConcurrency`; 0 means no limit")
}

/// E0405
pub fn invalid_state_name(name: &StrLit, chars: usize) -> Diagnostic {
    if chars == 0 {
        Diagnostic::new(
            Code::InvalidStateName,
            "empty state name",
            name.span,
            "a state needs a name",
        )
        .with_help("remove `name` to let the compiler name the state, or write a name")
    } else {
        Diagnostic::new(
            Code::InvalidStateName,
            format!("state name of {chars} characters"),
            name.span,
            format!("longer than {} characters", aws::MAX_STATE_NAME_CHARS),
        )
        .with_help("shorten it; a doc comment (`///`) can carry a longer description")
        .with_note("Step Functions: a state name is at most 80 characters")
    }
}

/// E0406
pub fn duplicate_state_name(name: &StrLit, first: Span) -> Diagnostic {
    Diagnostic::new(
        Code::DuplicateStateName,
        format!("two states named `{}`", name.value),
        name.span,
        "used again here",
    )
    .with_secondary(first, "first used here")
    .with_help("give each state its own name")
    .with_note("Step Functions: state names are unique in the whole state machine")
}

/// E0407
pub fn retry_without_errors(span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::RetryWithoutErrors,
        "a retry policy without `on`",
        span,
        "this policy names no errors to retry",
    )
    .with_help("list the errors: `on Http.5xx, Http.Socket`")
    .with_note("ASL: every retrier needs a non-empty `ErrorEquals`")
}

/// W0006
pub fn http_timeout_over_limit(timeout: &Duration) -> Diagnostic {
    Diagnostic::new(
        Code::HttpTimeoutOverLimit,
        format!(
            "a call timeout of {} cannot make the request wait longer",
            human_seconds(timeout.seconds)
        ),
        timeout.span,
        "the request itself stops after 60 seconds",
    )
    .with_help("use `timeout 60s` or less, and `retry on Http.Socket` for slow responses")
    .with_note(format!(
        "the HTTP task's request timeout is a fixed {} seconds; it then fails with `Http.Socket`",
        aws::HTTP_TASK_TIMEOUT_SECONDS
    ))
}

// ---------------------------------------------------------------------------
// Endpoints and security (E05xx)

/// E0501
pub fn missing_url(name: &Ident) -> Diagnostic {
    Diagnostic::new(
        Code::MissingUrl,
        format!("the endpoint `{}` has no `url`", name.name),
        name.span,
        "every endpoint needs a `url`",
    )
    .with_help("add `url \"https://api.example.com\"`")
}

/// E0502
pub fn url_not_https(url: &StrLit, scheme: Option<&str>) -> Diagnostic {
    let fixed = match url.value.find("://") {
        Some(end) => format!("https{}", url.value.get(end..).unwrap_or("")),
        None => format!("https://{}", url.value),
    };
    Diagnostic::new(
        Code::UrlNotHttps,
        match scheme {
            Some(scheme) => format!("`{scheme}` endpoint URL"),
            None => "endpoint URL without `https://`".to_owned(),
        },
        url.span,
        "the HTTP task only calls `https://` URLs",
    )
    .with_help(format!("write `\"{fixed}\"`"))
}

/// E0503
pub fn malformed_url(url: &StrLit, why: &str, fix: &str) -> Diagnostic {
    Diagnostic::new(
        Code::MalformedUrl,
        "unusable endpoint URL",
        url.span,
        why.to_owned(),
    )
    .with_help(fix.to_owned())
}

/// E0504
pub fn host_not_public(url: &StrLit, why: &str) -> Diagnostic {
    Diagnostic::new(
        Code::HostNotPublic,
        "the endpoint host is not a public DNS name",
        url.span,
        why.to_owned(),
    )
    .with_help("use a name in a public DNS zone that points at the private API, such as a private API Gateway's custom domain")
    .with_note("the HTTP task only calls hosts with a public DNS name and a publicly trusted certificate, even through a private connection")
}

/// E0505
pub fn connection_conflict(clause: Span, what: &str, connection: Span) -> Diagnostic {
    Diagnostic::new(
        Code::ConnectionConflict,
        format!("`{what}` with an existing `connection`"),
        clause,
        format!(
            "the existing connection already has its {}",
            if what == "auth" {
                "authorization"
            } else {
                "connectivity"
            }
        ),
    )
    .with_secondary(connection, "the existing connection")
    .with_help(format!(
        "remove `{what}`, or remove `connection` to let the compiler create one"
    ))
}

/// E0506
pub fn missing_auth(name: &Ident) -> Diagnostic {
    Diagnostic::new(
        Code::MissingAuth,
        format!("the endpoint `{}` has no `auth`", name.name),
        name.span,
        "a connection is created for this endpoint, and it needs an authorization",
    )
    .with_help("add `auth api_key \"x-api-key\" = secret(\"…\")`, `auth basic { … }` or `auth oauth { … }`, or name an existing `connection \"arn:…\"`")
    .with_note("an EventBridge connection always has an `AuthorizationType`")
}

/// E0507
pub fn missing_private(name: &Ident) -> Diagnostic {
    Diagnostic::new(
        Code::MissingPrivate,
        format!("the endpoint `{}` does not say how to reach it", name.name),
        name.span,
        "no `private` clause",
    )
    .with_help("add `private \"arn:aws:vpc-lattice:…:resourceconfiguration/…\"` or `private gateway { vpc … subnets … security_groups … }`, or name an existing `connection \"arn:…\"`")
}

/// E0508
pub fn literal_secret(value: &StrLit, what: &str) -> Diagnostic {
    Diagnostic::new(
        Code::LiteralSecret,
        format!("literal secret: the {what} is written in the file"),
        value.span,
        "a secret must not be a plain string",
    )
    .with_help("write `secret(\"name\")` (Secrets Manager) or `param(\"Name\")`")
    .with_note("a literal would be stored in plain text in the template and in version control")
}

/// E0509
pub fn incomplete_auth(span: Span, kind: &str, setting: &str) -> Diagnostic {
    Diagnostic::new(
        Code::IncompleteAuth,
        format!("`auth {kind}` without `{setting}`"),
        span,
        format!("`{setting}` is required"),
    )
    .with_help(format!("add `{setting} …` inside the braces"))
}

/// E0510
pub fn forbidden_header(key: &Key) -> Diagnostic {
    let lower = key.name.to_ascii_lowercase();
    let help = if lower == "authorization" || lower == "proxy-authorization" {
        "put authentication in the endpoint's `auth` clause"
    } else {
        "remove this header; Step Functions sets or refuses it"
    };
    Diagnostic::new(
        Code::ForbiddenHeader,
        format!("the HTTP task does not allow the header `{}`", key.name),
        key.span,
        "rejected by Step Functions",
    )
    .with_help(help)
    .with_note("Step Functions rejects hop-by-hop, caching and proxy headers, `Authorization`, and any `x-amz-*`, `x-amzn-*` or `x-forwarded-*` header")
}

/// E0511
pub fn path_without_slash(path: Span, start: &str) -> Diagnostic {
    Diagnostic::new(
        Code::PathWithoutSlash,
        "request path does not start with `/`",
        path,
        "the path is appended to the endpoint's URL as written",
    )
    .with_help(format!("write `\"/{start}…\"`"))
}

/// W0005
pub fn body_ignored(body: Span, method: Method, method_span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::BodyIgnored,
        format!("a request body on a `{}` call", method.as_str()),
        body,
        "servers ignore or reject a body here",
    )
    .with_secondary(method_span, "this method takes no body")
    .with_help("send the data as `query { … }`, or use `POST`, `PUT` or `PATCH`")
}

// ---------------------------------------------------------------------------
// Warnings about unused things (W0001–W0004) and dead code (W0007)

/// W0001
pub fn unused_endpoint(name: &Ident) -> Diagnostic {
    Diagnostic::new(
        Code::UnusedEndpoint,
        format!("endpoint `{}` is never called", name.name),
        name.span,
        "no call uses this endpoint",
    )
    .with_help("remove it; an unused endpoint still creates a connection and grants permissions")
}

/// W0002
pub fn unused_retry_policy(name: &Ident) -> Diagnostic {
    Diagnostic::new(
        Code::UnusedRetryPolicy,
        format!("retry policy `{}` is never used", name.name),
        name.span,
        "no call retries with this policy",
    )
    .with_help(format!(
        "use it on a call (`retry {}`) or remove it",
        name.name
    ))
}

/// W0003
pub fn unused_type(name: &Ident) -> Diagnostic {
    Diagnostic::new(
        Code::UnusedType,
        format!("type `{}` is never used", name.name),
        name.span,
        "the workflow never refers to this type",
    )
    .with_help("use it (`-> Type` on a call, or the workflow's input), or remove it")
}

/// W0004
pub fn unused_variable(name: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::UnusedVariable,
        format!("variable `{name}` is never read"),
        span,
        "assigned but never used",
    )
    .with_help(format!(
        "remove it, or name it `_{name}` if that is intended"
    ))
}

/// W0007
pub fn dead_status_comparison(
    span: Span,
    var: &str,
    status: u64,
    always: bool,
    call: Span,
) -> Diagnostic {
    Diagnostic::new(
        Code::DeadStatusComparison,
        format!("this comparison is always `{always}`"),
        span,
        format!("`{var}.status` is always 2xx here, never {status}"),
    )
    .with_secondary(call, "a non-2xx response makes this call fail instead")
    .with_help(format!(
        "handle it on the call: `catch Http.{status} {{ … }}`"
    ))
}

/// "2 hours", "90 seconds": durations in messages.
fn human_seconds(seconds: u64) -> String {
    let (value, unit) = if seconds.is_multiple_of(86_400) {
        (seconds / 86_400, "day")
    } else if seconds.is_multiple_of(3_600) {
        (seconds / 3_600, "hour")
    } else if seconds.is_multiple_of(60) {
        (seconds / 60, "minute")
    } else {
        (seconds, "second")
    };
    if value == 1 {
        format!("1 {unit}")
    } else {
        format!("{value} {unit}s")
    }
}

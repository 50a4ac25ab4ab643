//! Wording for names and items (E01xx): missing or duplicate items, unknown
//! names, error names and option values.

use crate::aws;
use crate::diag::{Code, Diagnostic};
use crate::source::Span;
use crate::syntax::ast::{Ident, Key, Workflow};

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
    .with_note("the library's functions are listed under \"Expressions\" in docs/language.md")
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

/// E0110: `Connection.Denied`, …
pub fn unknown_connection_error(span: Span, name: &str, help: Option<String>) -> Diagnostic {
    Diagnostic::new(
        Code::UnknownErrorName,
        format!("unknown error name `Connection.{name}`"),
        span,
        "not a connection error",
    )
    .with_help(help.unwrap_or_else(|| {
        "write one of the connection errors listed below, such as `Connection.AccessDenied`"
            .to_owned()
    }))
    .with_note(format!(
        "the connection errors are {}",
        aws::CONNECTION_ERRORS
            .iter()
            .map(|e| format!("`Connection.{e}`"))
            .collect::<Vec<_>>()
            .join(", ")
    ))
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

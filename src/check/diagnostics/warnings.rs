//! Wording for warnings: unused items and variables (W0001–W0004) and dead
//! status comparisons (W0007).

use crate::diag::{Code, Diagnostic};
use crate::source::Span;
use crate::syntax::ast::Ident;

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

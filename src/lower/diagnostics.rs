//! Diagnostics of the lower stage: one constructor per code.
//!
//! Lowering trusts `check`: anything it cannot lower is a compiler bug, not
//! a user mistake, so it becomes an [`Internal`] value that travels up with
//! `?` and ends as one E0902 diagnostic.

use crate::diag::{Code, Diagnostic};
use crate::source::Span;

/// Something `check` should have rejected, found while lowering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Internal {
    /// The construct that could not be lowered.
    pub span: Span,
    /// What went wrong, in the compiler's words.
    pub detail: String,
}

impl Internal {
    /// An internal error at `span`.
    pub fn new(span: Span, detail: impl Into<String>) -> Internal {
        Internal {
            span,
            detail: detail.into(),
        }
    }

    /// The E0902 diagnostic for this error.
    pub fn into_diagnostic(self) -> Diagnostic {
        lowering_failed(self.span, &self.detail)
    }
}

/// E0902: lowering met something `check` should have rejected.
pub fn lowering_failed(span: Span, detail: &str) -> Diagnostic {
    Diagnostic::new(
        Code::LoweringFailed,
        format!("internal error: {detail}"),
        span,
        "the compiler could not lower this",
    )
    .with_help("this is a bug in aslc: please report it together with this file")
    .with_note("`check` accepted this file, so lowering should not fail on it")
}

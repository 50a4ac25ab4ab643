//! Wording for what one CloudFormation stack can hold.

use crate::diag::{Code, Diagnostic};
use crate::source::Span;

/// E0550: a state or error name with `${`, which CloudFormation would
/// substitute.
pub fn placeholder_in_name(span: Span, what: &str) -> Diagnostic {
    Diagnostic::new(
        Code::PlaceholderInName,
        format!("`${{` in {what}"),
        span,
        "CloudFormation would read this `${` as a substitution",
    )
    .with_help(format!(
        "write {what} without `${{`, e.g. with `$ {{` or `$(` instead"
    ))
    .with_note(
        "the definition is deployed through `DefinitionSubstitutions`, which replaces \
         `${Name}` text and has no escape; a name cannot be written as an expression",
    )
}

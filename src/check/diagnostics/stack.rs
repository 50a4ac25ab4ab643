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

/// E0551: an ARN outside the region or partition of the file's first ARN.
/// `mismatch` is (`"region"` or `"partition"`, this ARN's, the first's).
pub fn mixed_regions(span: Span, mismatch: (&str, &str, &str), first: Span) -> Diagnostic {
    let (what, this, home) = mismatch;
    Diagnostic::new(
        Code::MixedRegions,
        format!("an ARN in {what} `{this}` in a file whose resources are in `{home}`"),
        span,
        format!("this ARN is in {what} `{this}`"),
    )
    .with_secondary(first, format!("the first ARN of the file is in `{home}`"))
    .with_help(format!(
        "use only resources of {what} `{home}` here, or deploy a copy of the workflow \
         to `{this}` from its own file"
    ))
    .with_note(
        "a file compiles to one CloudFormation stack, and a stack, its connections and its \
         state machine live in one region of one partition",
    )
}

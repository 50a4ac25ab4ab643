//! Check, stack: what one CloudFormation stack can hold.
//!
//! The definition is deployed inside a template, where
//! `DefinitionSubstitutions` replaces `${Name}` text and has no escape
//! (aws.md "Limits that decide…": user text must not reach it). Lowering
//! escapes every string it can write as JSONata; this pass rejects the
//! names that can only be written as they are: a call's `name "…"` (a
//! state name) and a custom error name in `catch` or `retry on` (an
//! `ErrorEquals` entry). It reports E0550.

use crate::check::diagnostics as d;
use crate::diag::Diagnostics;
use crate::graph::PLACEHOLDER_OPENER;
use crate::syntax::ast::{ErrorKind, ErrorName, StrLit};

/// A `${` in a user state name (`name "…"`).
pub(super) fn check_state_names(names: &[&StrLit], diagnostics: &mut Diagnostics) {
    for name in names {
        if name.value.contains(PLACEHOLDER_OPENER) {
            diagnostics.push(d::placeholder_in_name(name.span, "a state name"));
        }
    }
}

/// A `${` in a custom error name of a `catch` or `retry on` list.
pub(super) fn check_error_name(error: &ErrorName, diagnostics: &mut Diagnostics) {
    if let ErrorKind::Custom(name) = &error.kind
        && name.contains(PLACEHOLDER_OPENER)
    {
        diagnostics.push(d::placeholder_in_name(error.span, "an error name"));
    }
}

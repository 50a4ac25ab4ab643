//! Check, stack: what one CloudFormation stack can hold.
//!
//! The definition is deployed inside a template, where
//! `DefinitionSubstitutions` replaces `${Name}` text and has no escape
//! (aws.md "Limits that decide…": user text must not reach it). Lowering
//! escapes every string it can write as JSONata; this pass rejects the
//! names that can only be written as they are: a call's `name "…"` (a
//! state name) and a custom error name in `catch` or `retry on` (an
//! `ErrorEquals` entry). It reports E0550.
//!
//! A stack also lives in one region of one partition, and so does every
//! resource it creates: the ARNs a file names (`private` resource
//! configurations, existing `connection`s, secrets given by ARN, state
//! machines a `run` starts) must all share the first one's region and
//! partition (E0551).

use crate::aws::PLACEHOLDER_OPENER;
use crate::aws::ids::Arn;
use crate::check::diagnostics as d;
use crate::diag::Diagnostics;
use crate::syntax::ast::{self, ErrorKind, ErrorName, Item, Private, StaticValue, StrLit};

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

/// Every ARN of the file is in the region and partition of the first one.
/// ARNs that do not parse are reported by `resources` and skipped here.
pub(super) fn check_one_region(file: &ast::File, diagnostics: &mut Diagnostics) {
    let mut first: Option<(Arn<'_>, &StrLit)> = None;
    for lit in file_arns(file) {
        let Ok(arn) = Arn::parse(&lit.value) else {
            continue;
        };
        let Some((home, home_lit)) = &first else {
            first = Some((arn, lit));
            continue;
        };
        if arn.partition != home.partition {
            diagnostics.push(d::mixed_regions(
                lit.span,
                ("partition", arn.partition, home.partition),
                home_lit.span,
            ));
        } else if arn.region != home.region {
            diagnostics.push(d::mixed_regions(
                lit.span,
                ("region", arn.region, home.region),
                home_lit.span,
            ));
        }
    }
}

/// The ARNs written in the file's endpoints, in source order.
fn file_arns(file: &ast::File) -> Vec<&StrLit> {
    let mut arns = Vec::new();
    for item in &file.items {
        if let Item::Workflow(workflow) = item {
            run_arns(&workflow.body, &mut arns);
            continue;
        }
        let Item::Endpoint(endpoint) = item else {
            continue;
        };
        if let Some(Private::ResourceConfiguration(arn)) = &endpoint.private {
            arns.push(arn);
        }
        if let Some(arn) = &endpoint.connection {
            arns.push(arn);
        }
        for value in endpoint.static_values() {
            if let StaticValue::Secret { name, .. } = value
                && name.value.starts_with("arn:")
            {
                arns.push(name);
            }
        }
    }
    // The event buses `emit` names by ARN.
    for item in &file.items {
        if let Item::Workflow(workflow) = item {
            crate::check::events::bus_arns(workflow, &mut arns);
        }
    }
    crate::check::events::bus_item_arns(file, &mut arns);
    arns.sort_by_key(|lit| lit.span.start);
    arns
}

/// The state machine ARNs `run` statements start (`run "arn:…"(…)`): the
/// role's grants and the `.sync` event rule are planned for the stack's
/// one region, so these stay in it too.
fn run_arns<'a>(block: &'a ast::Block, arns: &mut Vec<&'a StrLit>) {
    for stmt in &block.stmts {
        if let ast::StmtKind::Run(run) = &stmt.kind
            && let ast::Callee::Arn(arn) = &run.callee
        {
            arns.push(arn);
        }
        for inner in stmt.blocks() {
            run_arns(inner, arns);
        }
    }
}

//! Stage 4, emit: [`StateGraph`] → the files `aslc build` writes.
//!
//! Takes the state graph (with its deployment plan) and returns
//! [`Artifacts`]: text ready to write, deterministic (the same graph gives
//! the same bytes). Limits that only the finished text can show (the
//! definition's size, the policy's size) are checked here. Emit reads only
//! `crate::graph` and reports through `crate::diag`; everything it writes
//! was decided by `lower`.

pub mod asl;
pub mod cfn_text;
pub mod iam;
pub mod resources;
pub mod template;
pub mod validate;
pub mod yaml;

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::graph::StateGraph;
use crate::source::Span;
use serde_json::Value;

/// aws.md §2 "Other limits": a definition is at most 1,048,576 bytes. It
/// lives here, not in `crate::aws`, because only the finished text can be
/// measured against it and emit is the one stage that has that text.
pub const MAX_DEFINITION_BYTES: usize = 1_048_576;

/// aws.md "Limits that decide…": `aws cloudformation deploy` takes a
/// template of at most 51,200 bytes inline. Above it, the definition is
/// left in its own file and the template points at it (see
/// [`template::definition_beside`]).
pub const MAX_INLINE_TEMPLATE_BYTES: usize = 51_200;

pub use template::TemplateFormat;

/// The files produced for one workflow, as text ready to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Artifacts {
    /// `<stem>.asl.json`: the ASL definition.
    pub asl: String,
    /// `<stem>.template.json` or `.template.yaml`: the CloudFormation template.
    pub template: String,
    /// The format `template` is written in; it decides the file's extension.
    pub template_format: TemplateFormat,
}

/// Emits every artifact for a state graph: the ASL definition (checked
/// against the embedded schema before anything else) and the template.
/// Returns `None` when the output breaks a limit or fails the self-check,
/// with a diagnostic saying which.
///
/// `definition_file` is the name the definition is written under, beside
/// the template (`<stem>.asl.json`): a template that would be over
/// [`MAX_INLINE_TEMPLATE_BYTES`] with the definition inside names that file
/// in `DefinitionS3Location` instead, for `aws cloudformation package` to
/// upload.
pub fn emit(
    graph: &StateGraph,
    format: TemplateFormat,
    definition_file: &str,
    diagnostics: &mut Diagnostics,
) -> Option<Artifacts> {
    let (definition, value) = emit_definition(graph, diagnostics)?;
    let mut template = template::emit_template(graph, &value, diagnostics);
    let mut text = template::render(&template, format);
    if text.len() > MAX_INLINE_TEMPLATE_BYTES {
        template::definition_beside(&mut template, definition_file);
        text = template::render(&template, format);
    }
    Some(Artifacts {
        asl: definition,
        template: text,
        template_format: format,
    })
}

/// The ASL definition as text (and as the value it was written from, which
/// the template embeds), after the size limit and the self-check.
fn emit_definition(graph: &StateGraph, diagnostics: &mut Diagnostics) -> Option<(String, Value)> {
    let value = asl::to_value(graph);
    let Some(text) = asl::to_text(&value) else {
        diagnostics.push(unwritable(graph.span));
        return None;
    };
    if text.len() > MAX_DEFINITION_BYTES {
        diagnostics.push(definition_too_large(graph.span, &graph.name, text.len()));
        return None;
    }
    // The self-check: a definition that breaks ASL's rules is a compiler
    // bug, reported before anything is written.
    if let Err(failures) = validate::validate_asl(&value) {
        diagnostics.push(validate::invalid_output(&failures, graph.span));
        return None;
    }
    // And nothing in it is text CloudFormation would rewrite on deploy.
    let failures = cfn_text::rewritable_text(&value, &graph.plan);
    if !failures.is_empty() {
        diagnostics.push(validate::invalid_output(&failures, graph.span));
        return None;
    }
    Some((text, value))
}

/// E0480: the definition is over ASL's size limit.
fn definition_too_large(span: Span, workflow: &str, bytes: usize) -> Diagnostic {
    Diagnostic::new(
        Code::DefinitionTooLarge,
        format!(
            "the definition of `{workflow}` is {} bytes, over the limit of {} bytes",
            crate::diag::thousands(bytes),
            crate::diag::thousands(MAX_DEFINITION_BYTES)
        ),
        span,
        "this workflow compiles to a definition Step Functions rejects",
    )
    .with_help(
        "move parts of the workflow into other files and start them with \
         `run` (`use \"./part.sfl\"`, then `run part(input)`), put repeated \
         steps in a `for` loop (its body is emitted once), and prefer `catch any` to `Http.4xx`/`Http.5xx` (each \
         class adds 100 error names to every call it covers)",
    )
    .with_note("Step Functions accepts definitions of at most 1,048,576 bytes (1 MiB)")
}

/// E0901: `serde_json` could not write the definition (it never fails on a
/// JSON value, so this is a compiler bug).
fn unwritable(span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::InvalidOutput,
        "internal error: the definition could not be written as JSON",
        span,
        "while emitting this workflow",
    )
    .with_help("this is a bug in aslc: please report it together with this file")
}

#[cfg(test)]
mod tests {
    use indexmap::IndexMap;

    use super::*;
    use crate::graph::{Machine, State, StateKind, Transition, WorkflowKind};

    fn graph_with_comment(comment: String) -> StateGraph {
        let mut states = IndexMap::new();
        states.insert(
            "Done".to_owned(),
            State {
                comment: Some(comment),
                kind: StateKind::Pass,
                transition: Some(Transition::End),
                assign: IndexMap::new(),
                output: None,
                span: Span::default(),
            },
        );
        StateGraph {
            name: "big".into(),
            comment: None,
            timeout_seconds: None,
            kind: WorkflowKind::Standard,
            root: Machine {
                start_at: "Done".into(),
                states,
            },
            plan: Default::default(),
            span: Span::new(9, 12),
        }
    }

    #[test]
    fn small_definitions_are_emitted() {
        let mut diagnostics = Diagnostics::new();
        let text = emit_definition(&graph_with_comment("hi".into()), &mut diagnostics);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert!(text.is_some_and(|(t, _)| t.ends_with("}\n")));
    }

    #[test]
    fn oversized_definitions_are_rejected() {
        let mut diagnostics = Diagnostics::new();
        let graph = graph_with_comment("x".repeat(MAX_DEFINITION_BYTES));
        assert!(emit_definition(&graph, &mut diagnostics).is_none());
        let codes: Vec<Code> = diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, [Code::DefinitionTooLarge]);
        let message = diagnostics.iter().next().map(|d| d.message.clone());
        assert!(message.is_some_and(|m| m.contains("over the limit of 1,048,576 bytes")));
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(crate::diag::thousands(0), "0");
        assert_eq!(crate::diag::thousands(999), "999");
        assert_eq!(crate::diag::thousands(1000), "1,000");
        assert_eq!(crate::diag::thousands(1_048_576), "1,048,576");
    }
}

//! Stage 4, emit: [`StateGraph`] → the files `aslc build` writes.

pub mod iam;
pub mod template;
pub mod yaml;

use crate::diag::Diagnostics;
use crate::graph::StateGraph;

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

/// Emits every artifact for a state graph.
pub fn emit(graph: &StateGraph, diagnostics: &mut Diagnostics) -> Option<Artifacts> {
    let _ = (graph, diagnostics);
    None
}

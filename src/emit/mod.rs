//! Stage 4, emit: [`StateGraph`] → the files `aslc build` writes.

pub mod asl;

use crate::diag::Diagnostics;
use crate::graph::StateGraph;

/// The files produced for one workflow, as text ready to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Artifacts {
    /// `<stem>.asl.json`: the ASL definition.
    pub asl: String,
}

/// Emits every artifact for a state graph.
pub fn emit(graph: &StateGraph, diagnostics: &mut Diagnostics) -> Option<Artifacts> {
    let _ = (graph, diagnostics);
    None
}

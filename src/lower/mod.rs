//! Stage 3, lower: [`Checked`] → [`StateGraph`].

use crate::check::Checked;
use crate::diag::Diagnostics;
use crate::graph::StateGraph;

/// Lowers a checked workflow to its state graph.
pub fn lower_workflow(checked: &Checked<'_>, diagnostics: &mut Diagnostics) -> Option<StateGraph> {
    let _ = (checked, diagnostics);
    None
}

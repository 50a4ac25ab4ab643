//! Check, logging: what a workflow's `log` and `tracing` clauses leave out.
//!
//! Takes the workflow header; reports an Express workflow without `log`
//! (W0101): Step Functions keeps an execution history only for Standard
//! workflows, so such a workflow's runs leave no trace anywhere (aws.md
//! "Logging and tracing"). The clauses themselves need no check: the
//! grammar admits only the three AWS levels.

use crate::check::diagnostics as d;
use crate::diag::Diagnostics;
use crate::syntax::ast::Workflow;

/// W0101: `express` without `log`.
pub(super) fn check_workflow(workflow: &Workflow, diagnostics: &mut Diagnostics) {
    if let (Some(express), None) = (workflow.express, &workflow.log) {
        diagnostics.push(d::express_without_log(express));
    }
}

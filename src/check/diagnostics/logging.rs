//! Wording for the workflow's `log` and `tracing` clauses.

use crate::diag::{Code, Diagnostic};
use crate::source::Span;

/// W0101: an Express workflow that sends no logs.
pub fn express_without_log(express: Span) -> Diagnostic {
    Diagnostic::new(
        Code::ExpressWithoutLog,
        "an Express workflow without `log` keeps no record of its executions",
        express,
        "Express executions have no execution history",
    )
    .with_help("add `log error` (failures only) or `log all` after `express`")
    .with_note(
        "Step Functions records execution history for Standard workflows only; an Express \
         execution can be inspected only through the logs it sends to CloudWatch Logs",
    )
}

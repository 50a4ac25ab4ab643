//! Lowering, `for … distributed`: the Distributed Map settings of a
//! checked `for` header (aws.md "Distributed Map").

use super::diagnostics::Internal;
use crate::graph::{ChildRuns, ToleratedFailures};
use crate::syntax::ast::{For, NumLit, Tolerance};

/// `None` for an inline `for`; for a distributed one, its failure
/// threshold and batch size. Check has rejected values AWS does not
/// accept, so a number that is not whole here is a compiler bug.
pub(super) fn child_runs(stmt: &For) -> Result<Option<Box<ChildRuns>>, Internal> {
    let Some(distributed) = &stmt.distributed else {
        return Ok(None);
    };
    let tolerated = match &distributed.tolerate {
        Some(Tolerance::Percent(p)) => Some(ToleratedFailures::Percent(p.value)),
        Some(Tolerance::Count(n)) => Some(ToleratedFailures::Count(whole(n)?)),
        None => None,
    };
    let batch = distributed.batch.as_ref().map(whole).transpose()?;
    Ok(Some(Box::new(ChildRuns { tolerated, batch })))
}

fn whole(n: &NumLit) -> Result<u64, Internal> {
    n.as_u64()
        .ok_or_else(|| Internal::new(n.span, format!("`{}` is not a whole number", n.raw)))
}

//! Check, distributed: the settings of `for … distributed` (aws.md
//! "Distributed Map").
//!
//! Takes a `for` header; reports a `concurrency` that is not a whole number
//! (E0404) or is above the 10,000 child executions AWS runs at once
//! (E0420), and `tolerate`/`batch` values AWS rejects (E0421). Reads of
//! outer values inside the body (E0422) are found by the flow pass, which
//! knows where each variable is declared.

use crate::aws;
use crate::check::diagnostics as d;
use crate::diag::Diagnostics;
use crate::syntax::ast::{Distributed, For, Tolerance};

/// The header of a distributed `for`.
pub(super) fn check_header(stmt: &For, distributed: &Distributed, diagnostics: &mut Diagnostics) {
    if let Some(concurrency) = &stmt.concurrency {
        match concurrency.as_u64() {
            Some(n) if n > aws::DISTRIBUTED_MAP_MAX_CONCURRENCY => {
                diagnostics.push(d::concurrency_over_distributed_limit(concurrency));
            }
            Some(_) => {}
            None => diagnostics.push(d::invalid_concurrency(concurrency)),
        }
    }
    match &distributed.tolerate {
        Some(Tolerance::Percent(p)) if !(0.0..=100.0).contains(&p.value) => {
            diagnostics.push(d::tolerated_percent_out_of_range(p));
        }
        Some(Tolerance::Count(n)) if n.as_u64().is_none() => {
            diagnostics.push(d::tolerated_count_not_whole(n));
        }
        _ => {}
    }
    if let Some(batch) = &distributed.batch
        && batch.as_u64().is_none_or(|n| n < 1)
    {
        diagnostics.push(d::invalid_batch(batch));
    }
}

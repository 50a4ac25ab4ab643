//! Wording for `for … distributed` (Distributed Map) and for the history
//! an inline `for` spends.

use crate::aws;
use crate::check::history::ASSUMED_ITEMS;
use crate::diag::{Code, Diagnostic};
use crate::source::Span;
use crate::syntax::ast::{Expr, Ident, NumLit};

/// E0420: more child executions at once than AWS runs.
pub fn concurrency_over_distributed_limit(value: &NumLit) -> Diagnostic {
    let limit = crate::diag::thousands(
        usize::try_from(aws::DISTRIBUTED_MAP_MAX_CONCURRENCY).unwrap_or(usize::MAX),
    );
    Diagnostic::new(
        Code::ConcurrencyOverDistributedLimit,
        format!(
            "`concurrency {}` is more than a Distributed Map runs at once",
            value.raw
        ),
        value.span,
        format!("at most {limit} child executions run at the same time"),
    )
    .with_help(format!(
        "write `concurrency {}` or less, or leave it out to let Step Functions run up to {limit}",
        aws::DISTRIBUTED_MAP_MAX_CONCURRENCY
    ))
}

/// E0421: `tolerate N%` outside 0–100.
pub fn tolerated_percent_out_of_range(value: &NumLit) -> Diagnostic {
    Diagnostic::new(
        Code::InvalidFanOutSetting,
        format!("`tolerate {}%` is not a percentage", value.raw),
        value.span,
        "expected a number from 0 to 100",
    )
    .with_help("write a share of failed items from `0%` (none) to `100%` (any number)")
    .with_note("`tolerate N%` becomes the Map state's `ToleratedFailurePercentage`, 0 to 100")
}

/// E0421: `tolerate N failures` with N not a whole number.
pub fn tolerated_count_not_whole(value: &NumLit) -> Diagnostic {
    Diagnostic::new(
        Code::InvalidFanOutSetting,
        format!("`tolerate {} failures` is not a count of items", value.raw),
        value.span,
        "expected 0 or a positive whole number",
    )
    .with_help("write a whole number of failed items, such as `tolerate 10 failures`")
    .with_note("`tolerate N failures` becomes the Map state's `ToleratedFailureCount`")
}

/// E0421: `batch N` with N not a positive whole number.
pub fn invalid_batch(value: &NumLit) -> Diagnostic {
    Diagnostic::new(
        Code::InvalidFanOutSetting,
        format!("`batch {}` is not a number of items", value.raw),
        value.span,
        "expected a positive whole number",
    )
    .with_help("write how many items each child execution gets, such as `batch 100`")
    .with_note("`batch N` becomes the Map state's `ItemBatcher.MaxItemsPerBatch`")
}

/// E0422: a child execution reads the parent's input or a variable.
pub fn outer_read_in_child_execution(
    read: &Ident,
    declared: Span,
    distributed: Span,
) -> Diagnostic {
    Diagnostic::new(
        Code::OuterReadInChildExecution,
        format!("`{}` cannot be read inside a distributed `for`", read.name),
        read.span,
        "declared outside the loop body",
    )
    .with_secondary(declared, "declared here")
    .with_secondary(
        distributed,
        "each iteration runs as a separate child execution",
    )
    .with_help(
        "put what the body needs into the list's items, so each child receives it with \
         its item, or remove `distributed`",
    )
    .with_note(
        "a Distributed Map's child executions see only their item: not the parent's \
         variables and not the parent's input",
    )
}

/// W0020: an inline `for` over a list of unknown length whose items may
/// fill the execution's history. `per_item` is `None` when unbounded.
pub fn inline_for_may_fill_history(iter: &Expr, per_item: Option<u64>) -> Diagnostic {
    let cost = match per_item {
        Some(events) => format!(
            "each item spends up to {events} history events; {} items would use {}",
            crate::diag::thousands(usize::try_from(ASSUMED_ITEMS).unwrap_or(usize::MAX)),
            crate::diag::thousands(usize::try_from(events * ASSUMED_ITEMS).unwrap_or(usize::MAX))
        ),
        None => "the body has a `while` or a loop over another unknown list, so an item's \
                 events have no bound"
            .to_owned(),
    };
    Diagnostic::new(
        Code::InlineForMayFillHistory,
        "this `for` may fill the execution's 25,000-event history",
        iter.span,
        "a list whose length is known only at run time",
    )
    .with_help(
        "write `distributed` after the list: each item then runs as a child execution \
         with its own history",
    )
    .with_note(format!(
        "an inline `for` records every item's states in the one history of the execution, \
         which fails when it passes 25,000 events; {cost}"
    ))
}

/// W0045: a `catch` around a distributed `for` that names only errors the
/// `for` cannot fail with, and that nothing else in the `try` reaches.
pub fn catch_misses_distributed_for(
    catch: &crate::syntax::ast::Catch,
    fan_out: Span,
) -> Diagnostic {
    let names = match (catch.errors.first(), catch.errors.last()) {
        (Some(first), Some(last)) => first.span.to(last.span),
        _ => catch.span,
    };
    Diagnostic::new(
        Code::CatchMissesDistributedFor,
        "this `catch` never runs: a distributed `for` does not fail with these errors",
        names,
        "nothing in the `try` fails with these errors",
    )
    .with_secondary(
        fan_out,
        "fails only with ExceedToleratedFailureThreshold (or another `States.` error)",
    )
    .with_help(
        "catch `ExceedToleratedFailureThreshold` (or `TaskFailed`, `any`) around a distributed `for`; \
         an item's own error stays in its child execution",
    )
    .with_note(
        "a Distributed Map fails with States.ExceedToleratedFailureThreshold when more items fail \
         than it tolerates (none without `tolerate`)",
    )
}

//! Check, history: an inline `for` that may fill its execution's history.
//!
//! Takes the workflow body; warns (W0020) at an inline `for` over a list
//! whose length is known only at run time when one item may spend more
//! than [`EVENTS_PER_ITEM_BUDGET`] events of the 25,000-event history that
//! the loop shares with the whole Standard execution (aws.md §2 "Other
//! limits"; an inline Map's iterations count toward the parent's history).
//!
//! The rule: an unknown list is assumed to reach 1,000 items, a size any
//! batch job meets, so a body may spend 25,000 / 1,000 = 25 events per
//! item. An item's events are estimated from what the body's statements
//! become, on the longest path: a Map iteration records 4 events (started,
//! succeeded, and the state that binds the item), every state entered 2 (entered, exited), an HTTP Task 3
//! more (scheduled, started, succeeded) behind a Choice that checks its
//! path. A `while`, or an inline `for` over another unknown list, has no
//! bound, so a body that contains one always warns. The estimate is an
//! upper bound (statements that share a state are counted apart), which
//! suits a warning whose fix, `distributed`, costs nothing in behaviour.

use crate::check::diagnostics as d;
use crate::diag::Diagnostics;
use crate::syntax::ast::{Block, ExprKind, For, Stmt, StmtKind};

/// What an execution's history holds (aws.md §2 "Other limits").
pub const HISTORY_EVENTS: u64 = 25_000;
/// The length assumed for a list known only at run time.
pub const ASSUMED_ITEMS: u64 = 1_000;
/// Events one item may spend: the history shared by the assumed items.
pub const EVENTS_PER_ITEM_BUDGET: u64 = HISTORY_EVENTS / ASSUMED_ITEMS;

/// Iteration started and succeeded, and the state that binds the item.
const ITERATION_EVENTS: u64 = 4;
/// A state entered and exited.
const STATE_EVENTS: u64 = 2;
/// A Task's scheduled, started and succeeded.
const TASK_EVENTS: u64 = 3;

/// W0020 for every inline `for` in the workflow that may fill its history.
pub(super) fn check_block(block: &Block, diagnostics: &mut Diagnostics) {
    for stmt in &block.stmts {
        if let StmtKind::For(stmt_for) = &stmt.kind {
            check_for(stmt_for, diagnostics);
        }
        for inner in stmt.blocks() {
            check_block(inner, diagnostics);
        }
    }
}

fn check_for(stmt: &For, diagnostics: &mut Diagnostics) {
    if stmt.distributed.is_some() || matches!(stmt.iter.kind, ExprKind::List(_)) {
        return;
    }
    let per_item = block_events(&stmt.body).map(|events| events + ITERATION_EVENTS);
    if per_item.is_none_or(|events| events > EVENTS_PER_ITEM_BUDGET) {
        diagnostics.push(d::inline_for_may_fill_history(&stmt.iter, per_item));
    }
}

/// The events of a block's longest path; `None` when unbounded.
fn block_events(block: &Block) -> Option<u64> {
    block
        .stmts
        .iter()
        .try_fold(0, |total, stmt| Some(total + stmt_events(stmt)?))
}

/// The most events of any one of `blocks`; `None` when one is unbounded.
fn longest(blocks: &[&Block]) -> Option<u64> {
    blocks
        .iter()
        .try_fold(0, |most, block| Some(most.max(block_events(block)?)))
}

fn stmt_events(stmt: &Stmt) -> Option<u64> {
    let blocks = stmt.blocks();
    match &stmt.kind {
        StmtKind::While { .. } => None,
        StmtKind::For(inner) if inner.distributed.is_some() => Some(STATE_EVENTS + TASK_EVENTS),
        StmtKind::For(inner) => match &inner.iter.kind {
            ExprKind::List(items) => {
                let per_item = block_events(&inner.body)? + ITERATION_EVENTS;
                Some(STATE_EVENTS + per_item * u64::try_from(items.len()).ok()?)
            }
            _ => None,
        },
        // The path check, the Task, then at most one handler.
        StmtKind::Http(_) => Some(2 * STATE_EVENTS + TASK_EVENTS + longest(&blocks)?),
        // The Task, then at most one handler.
        StmtKind::Emit(_) => Some(STATE_EVENTS + TASK_EVENTS + longest(&blocks)?),
        // The Task, which `.sync` also records as submitted (the child
        // keeps its own history), then at most one handler.
        StmtKind::Run(_) => Some(STATE_EVENTS + TASK_EVENTS + 1 + longest(&blocks)?),
        // Every branch runs.
        StmtKind::Parallel { .. } => blocks.iter().try_fold(2 * STATE_EVENTS, |total, block| {
            Some(total + block_events(block)?)
        }),
        // The body, then at most one handler.
        StmtKind::Try { .. } => {
            let (body, handlers) = blocks.split_first()?;
            Some(STATE_EVENTS + block_events(body)? + longest(handlers)?)
        }
        // One state, then at most one of its blocks.
        _ => Some(STATE_EVENTS + longest(&blocks)?),
    }
}

//! Check, timing: paths that can only end in `States.Timeout`.
//!
//! Takes the workflow and its time limit: the workflow's `timeout`, five
//! minutes for an Express workflow, a year for a Standard one (aws.md,
//! "Limits that decide whether a workflow can ever succeed"). Reports every
//! `wait` that, with the waits before it on some path, ends after that
//! limit, and, in an Express workflow, a call `timeout` longer than the
//! execution may run (E0409).
//!
//! The walk is one forward pass that carries, for the point it has reached,
//! the largest sum of fixed waits on any path that gets there. Only time
//! that a path certainly spends is counted, so the check never rejects a
//! workflow that could finish:
//!
//! - `wait until` and calls count as zero;
//! - `if`/`match` take their longest branch that continues, a `while` or
//!   `for` body counts once (the first iteration), and a `parallel` its
//!   longest branch;
//! - after a `try`, the longest of its body and its handlers (a handler
//!   starts from the time before the `try`: the error may come at once).

use crate::aws;
use crate::check::diagnostics as d;
use crate::diag::Diagnostics;
use crate::source::Span;
use crate::syntax::ast::{Block, Catch, Duration, Pattern, Stmt, StmtKind, Wait, Workflow};

/// What stops the execution, and after how long.
#[derive(Debug, Clone, Copy)]
pub enum Limit {
    /// The workflow's own `timeout`.
    Timeout { seconds: u64, span: Span },
    /// `express`: five minutes.
    Express { span: Span },
    /// A Standard workflow without `timeout`: a year.
    Standard,
}

impl Limit {
    /// The limit in seconds.
    pub fn seconds(self) -> u64 {
        match self {
            Limit::Timeout { seconds, .. } => seconds,
            Limit::Express { .. } => aws::EXPRESS_MAX_SECONDS,
            Limit::Standard => aws::STANDARD_MAX_SECONDS,
        }
    }
}

/// The limit that stops `workflow` first.
fn limit_of(workflow: &Workflow) -> Limit {
    let express = workflow.express.map(|span| Limit::Express { span });
    let timeout = workflow
        .timeout
        .filter(|t| t.seconds > 0)
        .map(|t| Limit::Timeout {
            seconds: t.seconds,
            span: t.span,
        });
    match (timeout, express) {
        (Some(timeout), Some(express)) if express.seconds() < timeout.seconds() => express,
        (Some(timeout), _) => timeout,
        (None, Some(express)) => express,
        (None, None) => Limit::Standard,
    }
}

/// Reports the waits and timeouts of `workflow` that outlast it.
pub(super) fn check_workflow_time(workflow: &Workflow, diagnostics: &mut Diagnostics) {
    let mut walk = Walk {
        limit: limit_of(workflow),
        express: workflow.express,
        diagnostics,
    };
    walk.block(&workflow.body, 0);
}

/// The largest wait sums that leave a block: by falling through to what
/// follows, and by `return`/`succeed` (which, inside a `parallel` branch
/// or a `for` body, end only that branch or iteration).
#[derive(Debug, Clone, Copy, Default)]
struct Exits {
    through: Option<u64>,
    returned: Option<u64>,
}

impl Exits {
    fn through(seconds: u64) -> Exits {
        Exits {
            through: Some(seconds),
            returned: None,
        }
    }

    /// Both ways out of an inner scope's body: each finishes the branch.
    fn finished(self) -> Option<u64> {
        self.through.max(self.returned)
    }

    /// The longest of two alternatives.
    fn or(self, other: Exits) -> Exits {
        Exits {
            through: self.through.max(other.through),
            returned: self.returned.max(other.returned),
        }
    }
}

struct Walk<'d> {
    limit: Limit,
    /// `express`, when the workflow is an Express workflow.
    express: Option<Span>,
    diagnostics: &'d mut Diagnostics,
}

impl Walk<'_> {
    /// Walks `block`, entered after `before` seconds of waiting.
    fn block(&mut self, block: &Block, before: u64) -> Exits {
        let mut now = before;
        let mut returned = None;
        for stmt in &block.stmts {
            let exits = self.stmt(stmt, now);
            returned = returned.max(exits.returned);
            match exits.through {
                Some(after) => now = after,
                None => {
                    return Exits {
                        through: None,
                        returned,
                    };
                }
            }
        }
        Exits {
            through: Some(now),
            returned,
        }
    }

    fn stmt(&mut self, stmt: &Stmt, now: u64) -> Exits {
        match &stmt.kind {
            StmtKind::Wait(Wait::Duration(duration)) => self.wait(duration, now),
            // Only literal durations are counted: a computed wait or a
            // timestamp is not known until the workflow runs.
            StmtKind::Wait(Wait::Until(_) | Wait::Seconds(_))
            | StmtKind::Let { .. }
            | StmtKind::Set { .. } => Exits::through(now),
            StmtKind::Http(call) => {
                if let Some(timeout) = &call.options.timeout {
                    self.call_timeout(timeout);
                }
                self.handlers(&call.options.catches, now, Exits::through(now))
            }
            // How long an answer takes is not known: like a computed wait,
            // a waiting `emit` is not counted (an Express workflow cannot
            // wait for a token at all: E0627).
            StmtKind::Emit(emit) => self.handlers(&emit.options.catches, now, Exits::through(now)),
            StmtKind::Run(run) => {
                if let Some(timeout) = &run.options.timeout {
                    self.call_timeout(timeout);
                }
                self.handlers(&run.options.catches, now, Exits::through(now))
            }
            StmtKind::If(stmt_if) => {
                let fallthrough = match &stmt_if.else_block {
                    Some(block) => self.block(block, now),
                    None => Exits::through(now),
                };
                stmt_if
                    .branches
                    .iter()
                    .fold(fallthrough, |exits, (_, body)| {
                        exits.or(self.block(body, now))
                    })
            }
            StmtKind::Match(stmt_match) => {
                let has_default = stmt_match.arms.iter().any(|arm| {
                    arm.patterns
                        .iter()
                        .any(|p| matches!(p, Pattern::Wildcard(_)))
                });
                let fallthrough = if has_default {
                    Exits::default()
                } else {
                    Exits::through(now)
                };
                stmt_match.arms.iter().fold(fallthrough, |exits, arm| {
                    exits.or(self.block(&arm.body, now))
                })
            }
            StmtKind::While { body, .. } => {
                // Skipping the loop, or one pass through the body.
                Exits::through(now).or(self.block(body, now))
            }
            StmtKind::For(stmt_for) => {
                // No items, or (at least) one iteration.
                let once = self.block(&stmt_for.body, now).finished();
                Exits::through(now.max(once.unwrap_or(now)))
            }
            StmtKind::Parallel { branches, .. } => {
                let mut longest = now;
                let mut completes = true;
                for branch in branches {
                    match self.block(&branch.body, now).finished() {
                        Some(seconds) => longest = longest.max(seconds),
                        // This branch always fails, and the Parallel with it.
                        None => completes = false,
                    }
                }
                Exits {
                    through: completes.then_some(longest),
                    returned: None,
                }
            }
            StmtKind::Try { body, catches } => {
                let protected = self.block(body, now);
                self.handlers(catches, now, protected)
            }
            StmtKind::Fail { .. } => Exits::default(),
            StmtKind::Succeed | StmtKind::Return(_) => Exits {
                through: None,
                returned: Some(now),
            },
        }
    }

    /// `exits` widened by the handlers of a call or `try`, each entered
    /// after `now` seconds.
    fn handlers(&mut self, catches: &[Catch], now: u64, exits: Exits) -> Exits {
        catches
            .iter()
            .fold(exits, |exits, catch| exits.or(self.block(&catch.body, now)))
    }

    fn wait(&mut self, duration: &Duration, before: u64) -> Exits {
        let after = before.saturating_add(duration.seconds);
        let limit = self.limit.seconds();
        // Reported where a path first passes the limit; later waits on it
        // are past it already and would repeat the same message.
        if after > limit && before <= limit {
            self.diagnostics
                .push(d::wait_outlasts_workflow(duration, after, self.limit));
        }
        Exits::through(after)
    }

    fn call_timeout(&mut self, timeout: &Duration) {
        if let Some(span) = self.express
            && timeout.seconds > aws::EXPRESS_MAX_SECONDS
        {
            self.diagnostics
                .push(d::call_timeout_outlasts_express(timeout, span));
        }
    }
}

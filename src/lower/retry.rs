//! Part of stage 3, lower: `retry` and `catch`.
//!
//! A call's retry policies become its `Retry` list. A `catch` (on a call or
//! on a `try`) becomes a [`Handler`]: the `Catch` entries of every Task,
//! Parallel and Map it protects route to it, and its body is lowered once,
//! after the states it protects, continuing with what follows them.

use indexmap::IndexMap;
use serde_json::{Value, json};

use super::diagnostics::Internal;
use super::jsonata;
use super::{Flow, Lowerer, Slot, States, patch};
use crate::aws;
use crate::graph::{Catcher, Retrier};
use crate::source::Span;
use crate::syntax::ast::{Block, CallOptions, Catch, ErrorName, Jitter, NodeId, RetryPolicy};

/// A `catch` clause waiting for the states it protects.
pub(super) struct Handler<'a> {
    catch: &'a Catch,
    /// `ErrorEquals`, expanded to ASL names.
    errors: Vec<String>,
    /// The catcher's `Assign` (`as e`).
    assign: IndexMap<String, Value>,
    /// The catchers that route to this handler.
    slots: Vec<Slot>,
}

/// Which errors a state with a `Catch` can raise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Raises {
    /// An HTTP task: only the service's errors (`States.…` and its
    /// connection's), always with a cause.
    Builtin,
    /// A Parallel or Map: also the user names its branches `fail` with.
    Anything,
    /// A Distributed Map: only `States.…` errors. A failed item's error
    /// stays in its child execution; the Map state fails with
    /// `States.ExceedToleratedFailureThreshold` (AWS, "Setting failure
    /// thresholds for Distributed Map states":
    /// https://docs.aws.amazon.com/step-functions/latest/dg/maprun-fail-threshold.html),
    /// so a user name, an HTTP status or socket error (`States.Http.…`,
    /// raised only by the HTTP task inside a child) or a connection error
    /// can never match on it (check warns with W0045 when a catch names
    /// only those).
    States,
}

impl Raises {
    fn can_raise(self, name: &str) -> bool {
        match self {
            Raises::Anything => true,
            Raises::Builtin => aws::task_can_raise(name),
            Raises::States => name.starts_with("States.") && !name.starts_with("States.Http."),
        }
    }
}

impl<'a> Handler<'a> {
    /// Whether an error raised by `fail` as `error` matches this handler.
    pub(super) fn catches_raised(&self, error: &str) -> bool {
        self.errors
            .iter()
            .any(|name| aws::catches_raised(name, error))
    }

    /// Whether the handler matches every error `fail` can raise.
    pub(super) fn catches_every_raised(&self) -> bool {
        self.errors
            .iter()
            .any(|name| aws::catches_every_raised(name))
    }

    /// The names `fail` could raise that this handler matches by name.
    pub(super) fn raised_names(&self) -> impl Iterator<Item = &str> {
        self.errors
            .iter()
            .map(String::as_str)
            .filter(|name| !name.starts_with("States."))
    }

    /// The variable `as e` binds, if any.
    pub(super) fn binding(&self) -> Option<&'a crate::syntax::ast::Ident> {
        self.catch.binding.as_ref()
    }

    /// Routes `slot` (a transition waiting for a target) to this handler.
    pub(super) fn route(&mut self, slot: Slot) {
        self.slots.push(slot);
    }
}

impl<'a> Lowerer<'a> {
    /// The `Retry` list of a Task statement (a call, `run` or `emit`) with
    /// node id `id` and these options: its policies in order, each as check
    /// resolved it (a named one to its definition). `span` is where an
    /// unresolved policy (a compiler bug) is reported.
    pub(super) fn retriers(
        &self,
        id: NodeId,
        options: &CallOptions,
        span: Span,
    ) -> Result<Vec<Retrier>, Internal> {
        let resolved = &self.checked.resolved;
        (0..options.retries.len())
            .map(|position| {
                let policy = resolved.retry_policy_of(id, position).ok_or_else(|| {
                    Internal::new(
                        span,
                        format!("retry clause {position} of the statement was not resolved"),
                    )
                })?;
                retrier(policy)
            })
            .collect()
    }

    pub(super) fn handler(&self, catch: &'a Catch) -> Result<Handler<'a>, Internal> {
        let mut assign = IndexMap::new();
        if let Some(binding) = &catch.binding {
            assign.insert(
                self.var(binding),
                json!({
                    "error": jsonata::states(&["errorOutput", "Error"]),
                    "cause": jsonata::caught_cause(),
                }),
            );
        }
        Ok(Handler {
            catch,
            errors: error_names(&catch.errors)?,
            assign,
            slots: Vec::new(),
        })
    }

    /// The `Catch` list of a Task, Parallel or Map named `state`: its own
    /// handlers, then those of the enclosing `try`s, innermost first. An
    /// error name already caught by an earlier catcher is left out of later
    /// ones (the first match wins in ASL anyway), a catcher left with no
    /// names is dropped, and nothing follows a `States.ALL` catcher (ASL
    /// requires it to be last). An HTTP task raises only the service's
    /// errors ([`aws::task_can_raise`]), so its catchers leave out user names (`"Declined"`): those reach a
    /// handler only from a `fail` or through a Parallel or Map state, which
    /// is what check assumes when it decides what a handler may read.
    pub(super) fn catchers(
        &mut self,
        state: &str,
        raises: Raises,
        own: &mut [Handler<'a>],
    ) -> Vec<Catcher> {
        let mut out = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let enclosing = self
            .catch_stack
            .iter_mut()
            .rev()
            .flat_map(|frame| frame.iter_mut());
        for handler in own.iter_mut().chain(enclosing) {
            let names: Vec<String> = handler
                .errors
                .iter()
                .filter(|name| raises.can_raise(name) && seen.insert(name.as_str().to_owned()))
                .cloned()
                .collect();
            if names.is_empty() {
                continue;
            }
            let catches_all = names.iter().any(|n| n == "States.ALL");
            handler.slots.push(Slot::Catch(state.to_owned(), out.len()));
            out.push(Catcher {
                error_equals: names,
                next: String::new(),
                assign: handler.assign.clone(),
                output: None,
            });
            if catches_all {
                break;
            }
        }
        out
    }

    /// Lowers the handlers that some catcher routes to; each continues with
    /// what follows (its exits join `exits`). A handler no catcher routes to
    /// cannot run and is not emitted.
    pub(super) fn handlers(
        &mut self,
        states: &mut States,
        handlers: Vec<Handler<'a>>,
        exits: &mut Vec<Slot>,
    ) -> Result<(), Internal> {
        for handler in handlers {
            if handler.slots.is_empty() {
                continue;
            }
            let flow = self.block(states, &handler.catch.body)?;
            match flow.entry {
                Some(entry) => {
                    for slot in &handler.slots {
                        patch(states, slot, &entry)?;
                    }
                    exits.extend(flow.exits);
                }
                None => exits.extend(handler.slots),
            }
        }
        Ok(())
    }

    pub(super) fn try_catch(
        &mut self,
        states: &mut States,
        body: &'a Block,
        catches: &'a [Catch],
    ) -> Result<Flow, Internal> {
        let handlers = catches
            .iter()
            .map(|c| self.handler(c))
            .collect::<Result<Vec<_>, _>>()?;
        self.catch_stack.push(handlers);
        let flow = self.block(states, body);
        let handlers = self.catch_stack.pop().unwrap_or_default();
        let flow = flow?;
        if flow.entry.is_none() {
            // Nothing inside can fail, so no handler can run.
            return Ok(flow);
        }
        let mut exits = flow.exits;
        self.handlers(states, handlers, &mut exits)?;
        Ok(Flow {
            entry: flow.entry,
            exits,
        })
    }
}

/// The ASL names of SFL error names, in order, without repeats.
fn error_names(errors: &[ErrorName]) -> Result<Vec<String>, Internal> {
    let mut out: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for error in errors {
        let names = crate::check::errors::asl_error_names(&error.kind).map_err(|problem| {
            Internal::new(
                error.span,
                format!("error name not accepted by ASL: {problem:?}"),
            )
        })?;
        for name in names {
            if seen.insert(name.clone()) {
                out.push(name);
            }
        }
    }
    if out.is_empty() {
        let span = errors.first().map_or_else(Span::default, |e| e.span);
        return Err(Internal::new(span, "an error list with no names"));
    }
    Ok(out)
}

fn retrier(policy: &RetryPolicy) -> Result<Retrier, Internal> {
    let whole = |n: &crate::syntax::ast::NumLit| {
        n.as_u64()
            .ok_or_else(|| Internal::new(n.span, format!("`{}` is not a whole number", n.raw)))
    };
    let jitter_full = policy
        .jitter
        .is_some_and(|jitter| jitter.value == Jitter::Full);
    let backoff_rate = match &policy.backoff {
        Some(n) => Some(
            serde_json::from_str::<serde_json::Number>(&n.raw)
                .ok()
                .or_else(|| serde_json::Number::from_f64(n.value))
                .ok_or_else(|| Internal::new(n.span, format!("`{}` is not a number", n.raw)))?,
        ),
        None => None,
    };
    Ok(Retrier {
        error_equals: error_names(&policy.on).map_err(|e| Internal::new(policy.span, e.detail))?,
        interval_seconds: policy.interval.map(|d| d.seconds),
        max_attempts: policy.attempts.as_ref().map(whole).transpose()?,
        backoff_rate,
        max_delay_seconds: policy.max_delay.map(|d| d.seconds),
        jitter_full,
    })
}

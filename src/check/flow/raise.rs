//! Check, flow: where an error raised inside a `try` arrives.
//!
//! A handler runs with the variables as they were where the error was
//! raised. The statements that can reach a handler are the calls (any of
//! the built-in errors), the `parallel` and `for` statements (whatever
//! their branches raise) and the `fail`s, each going to the first handler
//! that matches its name, as lowering sends it (both use
//! `aws::catches_raised`). A variable the `try` body declares is assigned
//! in the handler when it is assigned at every such statement; otherwise
//! it is only possibly assigned there.
//!
//! Each handler keeps the variables assigned at every arrival so far: the
//! first arrival lists those the body has assigned, later ones can only
//! remove names, and each later arrival looks only at the names changed
//! since the one before (the environment records them while a `try` is
//! open), so checking a `try` is linear in its size.
//!
//! Only the `try`s of the current scope count: an error inside a
//! `parallel` branch or `for` body leaves it through the Parallel or Map
//! state, which is a raising statement of the scope around it.

use std::collections::HashMap;
use std::rc::Rc;

use super::env::{Branch, Status, Var};
use crate::aws;
use crate::check::Checker;
use crate::source::Span;
use crate::syntax::ast::{Catch, ErrorKind};

/// A `try` being walked, and what has reached its handlers so far.
#[derive(Debug)]
pub(super) struct TryFrame {
    /// The inner-scope depth of the `try`.
    depth: usize,
    /// The undo-log position where its body starts.
    mark: usize,
    catches: Vec<Arrivals>,
}

/// What can reach one catch, and the variables assigned on every arrival.
#[derive(Debug)]
pub(super) struct Arrivals {
    /// The ASL error names it lists.
    names: Vec<String>,
    /// It lists a built-in error (what a call raises) or `any`.
    builtin: bool,
    /// It lists a user error name.
    custom: bool,
    /// It matches every user error name (`any`, `TaskFailed`).
    every_user_name: bool,
    /// Variables the body assigned at every arrival; `None` before the
    /// first.
    assigned: Option<HashMap<String, Var>>,
    /// The environment's change count at the last arrival: only names
    /// changed after it can have left `assigned`.
    seen: usize,
    /// A distributed `for` in the body whose failure this catch does not
    /// match (it fails only with `States.…` errors): the catch's likely
    /// reason to be there, shown when nothing else reaches it (W0045).
    pub(super) missed_distributed: Option<Span>,
}

impl Arrivals {
    /// Whether any statement of the body reaches this catch.
    pub(super) fn reached(&self) -> bool {
        self.assigned.is_some()
    }
}

/// What a statement may raise.
#[derive(Debug, Clone, Copy)]
pub(super) enum Raised<'t> {
    /// A call: built-in errors only (`States.…`).
    Builtin,
    /// A `parallel` or `for`: any error at all.
    Anything,
    /// `fail "Name"`.
    Named(&'t str),
    /// `fail "…{x}…"`: some user name, known only at run time.
    Computed,
    /// A distributed `for` (its `distributed` options): a failed item's
    /// error stays in its child execution, and the Map state fails only
    /// with `States.…` errors (`States.ExceedToleratedFailureThreshold`
    /// when items fail).
    Distributed(Span),
}

impl Arrivals {
    fn new(catch: &Catch) -> Arrivals {
        // A `fail` raises a user name: `Http.…` names can never match it,
        // so they are not expanded (`Http.5xx` alone is a hundred names).
        let names: Vec<String> = catch
            .errors
            .iter()
            .filter(|error| !matches!(error.kind, ErrorKind::Http(_)))
            .filter_map(|error| crate::check::errors::asl_error_names(&error.kind).ok())
            .flatten()
            .collect();
        let custom =
            |error: &crate::syntax::ast::ErrorName| matches!(error.kind, ErrorKind::Custom(_));
        Arrivals {
            every_user_name: names.iter().any(|name| aws::catches_every_raised(name)),
            builtin: catch.errors.iter().any(|error| !custom(error)),
            custom: catch.errors.iter().any(custom),
            names,
            assigned: None,
            seen: 0,
            missed_distributed: None,
        }
    }

    /// Whether `raised` arrives here, and whether it goes no further.
    fn reach(&self, raised: Raised<'_>) -> (bool, bool) {
        match raised {
            Raised::Builtin => (self.builtin, false),
            Raised::Anything => (true, false),
            Raised::Named(raised) => {
                let arrives = self
                    .names
                    .iter()
                    .any(|name| aws::catches_raised(name, raised));
                (arrives, arrives)
            }
            Raised::Computed => (self.every_user_name || self.custom, self.every_user_name),
            Raised::Distributed(_) => (
                self.names.iter().any(|name| name.starts_with("States.")),
                false,
            ),
        }
    }
}

impl<'a> Checker<'a, '_> {
    /// Starts a `try`: statements from here on may reach its catches.
    pub(super) fn open_try(&mut self, catches: &'a [Catch]) {
        self.flow.env.record_changes(true);
        self.flow.raised.push(TryFrame {
            depth: self.flow.depth,
            mark: self.flow.env.mark(),
            catches: catches.iter().map(Arrivals::new).collect(),
        });
    }

    /// Ends a `try` body: for each catch, what reached it.
    pub(super) fn close_try(&mut self) -> Vec<Arrivals> {
        let catches = self
            .flow
            .raised
            .pop()
            .map(|frame| frame.catches)
            .unwrap_or_default();
        if self.flow.raised.is_empty() {
            self.flow.env.record_changes(false);
        }
        catches
    }

    /// Records that the current statement may raise `raised`, at each
    /// catch of this scope's `try`s it can reach.
    pub(super) fn raise(&mut self, raised: Raised<'_>) {
        let depth = self.flow.depth;
        let mut frames = std::mem::take(&mut self.flow.raised);
        let mut unions = Vec::new();
        'frames: for frame in frames.iter_mut().rev() {
            if frame.depth != depth {
                break;
            }
            for arrivals in &mut frame.catches {
                let (arrives, stops) = arrivals.reach(raised);
                if arrives {
                    let env = &self.flow.env;
                    match &mut arrivals.assigned {
                        Some(assigned) => {
                            let changed = env.changed_since(arrivals.seen);
                            keep_assigned(assigned, changed, env, &mut unions);
                        }
                        None => {
                            arrivals.assigned = Some(assigned_since(env.snapshot(frame.mark)));
                        }
                    }
                    arrivals.seen = env.change_count();
                } else if let Raised::Distributed(span) = raised {
                    arrivals.missed_distributed.get_or_insert(span);
                }
                if stops {
                    break 'frames;
                }
            }
        }
        self.flow.raised = frames;
        // A name declared on several paths has one declaration from here on,
        // so a read in the handler counts for each.
        for (a, b) in unions {
            self.union_decls(a, b);
        }
    }

    /// Sets up a handler's variables: what the body assigned at every
    /// arrival is assigned; anything else the body set is possibly
    /// assigned (or stays assigned if it was before the `try`).
    pub(super) fn arrive(&mut self, arrivals: &Arrivals, protected: &Branch) {
        let assigned = arrivals.assigned.as_ref();
        for (name, var) in protected.vars() {
            if assigned.is_some_and(|a| a.contains_key(name)) {
                continue;
            }
            let status = match self.flow.env.get(name) {
                Some(before) if before.status == Status::Definite => Status::Definite,
                _ => Status::Maybe,
            };
            self.flow.env.put(
                name,
                Some(Var {
                    status,
                    ..var.clone()
                }),
            );
        }
        let mut names: Vec<(&String, &Var)> = assigned.into_iter().flatten().collect();
        names.sort_by(|a, b| a.0.cmp(b.0));
        for (name, var) in names {
            self.flow.env.put(name, Some(var.clone()));
        }
    }
}

/// The variables of a path that are assigned at its end.
fn assigned_since(path: Branch) -> HashMap<String, Var> {
    path.into_vars()
        .filter(|(_, var)| var.status == Status::Definite)
        .collect()
}

/// Keeps the variables that are still assigned where another arrival
/// happens; collects the declarations to join when they differ. Only the
/// names in `changed` (changed since the previous arrival) are looked at:
/// every other kept variable is as it was then, when it was checked.
fn keep_assigned(
    assigned: &mut HashMap<String, Var>,
    changed: &[String],
    env: &super::env::Env,
    unions: &mut Vec<(usize, usize)>,
) {
    for name in changed {
        let Some(kept) = assigned.get_mut(name) else {
            continue;
        };
        match env.get(name) {
            Some(var) if var.status == Status::Definite => {
                let same_call = match (&kept.call, &var.call) {
                    (Some(a), Some(b)) => Rc::ptr_eq(a, b),
                    _ => false,
                };
                if !same_call {
                    kept.call = None;
                }
                if kept.decl != var.decl {
                    unions.push((kept.decl, var.decl));
                }
            }
            _ => {
                assigned.remove(name);
            }
        }
    }
}

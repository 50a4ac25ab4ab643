//! Check, flow: where an error raised inside a `try` arrives.
//!
//! A handler runs with the variables as they were where the error was
//! raised, so its starting environment is the merge of the environments at
//! every statement that can reach it: a call (any of the built-in errors),
//! a `parallel` or `for` (whatever its branches raise), and a `fail`, which
//! goes to the first handler that matches its name, the way lowering sends
//! it there (both use `aws::catches_raised`). A variable set before every
//! such statement is assigned in the handler, even if the `try` body sets
//! it only later on other paths.
//!
//! Only the `try`s of the current scope count: an error inside a
//! `parallel` branch or `for` body leaves it through the Parallel or Map
//! state, which is a raising statement of the scope around it.

use super::env::Branch;
use crate::aws;
use crate::check::Checker;
use crate::syntax::ast::{Catch, ErrorKind};

/// A `try` being walked, and what has reached its handlers so far.
#[derive(Debug)]
pub(super) struct TryFrame<'a> {
    /// The inner-scope depth of the `try`.
    depth: usize,
    /// The undo-log position where its body starts.
    mark: usize,
    catches: &'a [Catch],
    /// For each catch, the environment at each statement that reaches it.
    arrivals: Vec<Vec<Branch>>,
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
}

impl<'a> Checker<'a, '_> {
    /// Starts a `try`: statements from here on may reach its catches.
    pub(super) fn open_try(&mut self, catches: &'a [Catch]) {
        self.flow.raised.push(TryFrame {
            depth: self.flow.depth,
            mark: self.flow.env.mark(),
            catches,
            arrivals: catches.iter().map(|_| Vec::new()).collect(),
        });
    }

    /// Ends a `try` body: for each catch, the environments that reach it.
    pub(super) fn close_try(&mut self) -> Vec<Vec<Branch>> {
        self.flow
            .raised
            .pop()
            .map(|frame| frame.arrivals)
            .unwrap_or_default()
    }

    /// Records that the current statement may raise `raised`: the current
    /// environment arrives at each catch of this scope's `try`s it can
    /// reach.
    pub(super) fn raise(&mut self, raised: Raised<'_>) {
        let depth = self.flow.depth;
        let frames = self.flow.raised.iter_mut().rev();
        'frames: for frame in frames.take_while(|frame| frame.depth == depth) {
            let snapshot = self.flow.env.snapshot(frame.mark);
            for (catch, arrivals) in frame.catches.iter().zip(frame.arrivals.iter_mut()) {
                let reach = reaches(catch, raised);
                if reach.arrives {
                    arrivals.push(snapshot.clone());
                }
                if reach.stops {
                    break 'frames;
                }
            }
        }
    }
}

/// Whether a raised error arrives at a catch, and whether it can go no
/// further once there.
struct Reach {
    arrives: bool,
    stops: bool,
}

fn reaches(catch: &Catch, raised: Raised<'_>) -> Reach {
    let names: Vec<String> = catch
        .errors
        .iter()
        .filter_map(|error| aws::asl_error_names(&error.kind).ok())
        .flatten()
        .collect();
    let every_user_name = names.iter().any(|name| aws::catches_every_raised(name));
    match raised {
        Raised::Builtin => Reach {
            arrives: catch
                .errors
                .iter()
                .any(|error| !matches!(error.kind, ErrorKind::Custom(_))),
            stops: false,
        },
        Raised::Anything => Reach {
            arrives: true,
            stops: false,
        },
        Raised::Named(raised) => {
            let arrives = names.iter().any(|name| aws::catches_raised(name, raised));
            Reach {
                arrives,
                stops: arrives,
            }
        }
        Raised::Computed => Reach {
            arrives: every_user_name
                || catch
                    .errors
                    .iter()
                    .any(|error| matches!(error.kind, ErrorKind::Custom(_))),
            stops: every_user_name,
        },
    }
}

//! Check, flow: status comparisons that can never matter (W0007).
//!
//! A call whose failing statuses are not caught fails the execution, so its
//! response only ever holds a 2xx status: comparing it with 404 is dead.

use crate::check::Checker;
use crate::check::diagnostics as d;
use crate::source::Span;
use crate::syntax::ast::{BinOp, ErrorKind, ErrorName, Expr, ExprKind, Ident};

/// Which failing statuses a call's response could still be compared with.
#[derive(Debug)]
pub(super) struct CallFacts {
    /// A catch for `any` or `TaskFailed` covers every status.
    all: bool,
    /// Inclusive status ranges caught.
    ranges: Vec<(u64, u64)>,
    /// The call, for the warning's secondary label.
    span: Span,
}

impl CallFacts {
    pub(super) fn new<'e>(errors: impl Iterator<Item = &'e ErrorName>, span: Span) -> CallFacts {
        let mut facts = CallFacts {
            all: false,
            ranges: Vec::new(),
            span,
        };
        for error in errors {
            match &error.kind {
                ErrorKind::Any => facts.all = true,
                ErrorKind::Builtin(name) if name == "TaskFailed" => facts.all = true,
                ErrorKind::Http(form) => match form.as_str() {
                    "4xx" => facts.ranges.push((400, 499)),
                    "5xx" => facts.ranges.push((500, 599)),
                    digits => {
                        if let Ok(code) = digits.parse::<u64>() {
                            facts.ranges.push((code, code));
                        }
                    }
                },
                _ => {}
            }
        }
        facts
    }

    fn catches(&self, status: u64) -> bool {
        self.all
            || self
                .ranges
                .iter()
                .any(|&(lo, hi)| (lo..=hi).contains(&status))
    }
}

impl Checker<'_, '_> {
    /// Warns about `r.status == 404` when the call that produced `r` does
    /// not catch 404: a non-2xx response makes the call fail, so `r` only
    /// ever holds a 2xx response.
    pub(in crate::check) fn check_status_comparison(
        &mut self,
        whole: &Expr,
        op: BinOp,
        lhs: &Expr,
        rhs: &Expr,
    ) {
        let (path, literal, op) = match (status_of(lhs), number_of(rhs)) {
            (Some(path), Some(n)) => (path, n, op),
            _ => match (status_of(rhs), number_of(lhs)) {
                (Some(path), Some(n)) => (path, n, mirror(op)),
                _ => return,
            },
        };
        let Some(facts) = self.flow.env.get(&path.name).and_then(|v| v.call.clone()) else {
            return;
        };
        if (200..=299).contains(&literal) || !(100..=599).contains(&literal) {
            return;
        }
        let always = match op {
            BinOp::Eq if !facts.catches(literal) => false,
            BinOp::Ne if !facts.catches(literal) => true,
            BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge
                if !facts.all && facts.ranges.is_empty() =>
            {
                // Every 2xx status is on the same side of a non-2xx literal.
                let sample = 200;
                match op {
                    BinOp::Lt => sample < literal,
                    BinOp::Le => sample <= literal,
                    BinOp::Gt => sample > literal,
                    _ => sample >= literal,
                }
            }
            _ => return,
        };
        self.diagnostics.push(d::dead_status_comparison(
            whole.span, &path.name, literal, always, facts.span,
        ));
    }
}
/// `x.status` → `x`.
fn status_of(expr: &Expr) -> Option<&Ident> {
    match &expr.kind {
        ExprKind::Field { base, field } if field.name == "status" => match &base.kind {
            ExprKind::Var(ident) => Some(ident),
            _ => None,
        },
        _ => None,
    }
}

/// A whole-number literal.
fn number_of(expr: &Expr) -> Option<u64> {
    match &expr.kind {
        ExprKind::Number(n) => n.as_u64(),
        _ => None,
    }
}

/// The operator with its sides swapped: `404 < x` is `x > 404`.
fn mirror(op: BinOp) -> BinOp {
    match op {
        BinOp::Lt => BinOp::Gt,
        BinOp::Le => BinOp::Ge,
        BinOp::Gt => BinOp::Lt,
        BinOp::Ge => BinOp::Le,
        other => other,
    }
}

//! Stage 1, syntax: how an expression's flat sequence becomes a tree.
//!
//! The grammar gives an expression as a flat sequence of operands and
//! operators; `pairs_to_ast` hands it to pest's `PrattParser` with the
//! table in [`precedence_table`] and folds each step with the functions
//! here. They take the operands already built ([`Built`]) and return the
//! combined node, plus a diagnostic when the combination is not SFL
//! (a chained comparison). Every node records its depth so the builder can
//! refuse trees deeper than [`MAX_NESTING`](super::MAX_NESTING), which
//! keeps every later stage's recursion bounded.

use std::sync::OnceLock;

use pest::pratt_parser::{Assoc, Op, PrattParser};

use super::ast::{BinOp, Expr, ExprKind, Ident, NumLit, UnaryOp};
use super::diagnostics;
use super::parser::Rule;
use crate::diag::Diagnostic;
use crate::source::Span;

/// The operator precedence of SFL, loosest first. Each `.op(…)` line is one
/// level; operators on a line bind equally tight.
///
/// | level | operators | associativity |
/// |---|---|---|
/// | 1 | `or` | left |
/// | 2 | `and` | left |
/// | 3 | `not` (prefix) | |
/// | 4 | `== != < <= > >= in` | none: chaining is an error (E0025) |
/// | 5 | `??` | left (`a ?? b ?? c` takes the first present value) |
/// | 6 | `+ -` | left |
/// | 7 | `* / %` | left |
/// | 8 | `-` (prefix) | |
/// | 9 | `.field`, `[index]` (postfix) | |
///
/// The spellings SFL rejects sit with the operator they stand for, so the
/// tree still has the intended shape after they are reported: `||` with
/// `or`, `&&` with `and`, `!` with `not`, a single `=` with `==`.
/// Comparisons are parsed left-associative and a chain is reported when
/// folding, because pest's Pratt parser has no non-associative operators.
pub fn precedence_table() -> &'static PrattParser<Rule> {
    static TABLE: OnceLock<PrattParser<Rule>> = OnceLock::new();
    TABLE.get_or_init(|| {
        PrattParser::new()
            .op(Op::infix(Rule::kw_or, Assoc::Left) | Op::infix(Rule::op_c_or, Assoc::Left))
            .op(Op::infix(Rule::kw_and, Assoc::Left) | Op::infix(Rule::op_c_and, Assoc::Left))
            .op(Op::prefix(Rule::kw_not) | Op::prefix(Rule::op_bang))
            .op(Op::infix(Rule::op_eq, Assoc::Left)
                | Op::infix(Rule::op_ne, Assoc::Left)
                | Op::infix(Rule::op_lt, Assoc::Left)
                | Op::infix(Rule::op_le, Assoc::Left)
                | Op::infix(Rule::op_gt, Assoc::Left)
                | Op::infix(Rule::op_ge, Assoc::Left)
                | Op::infix(Rule::kw_in, Assoc::Left)
                | Op::infix(Rule::op_assign, Assoc::Left))
            .op(Op::infix(Rule::op_coalesce, Assoc::Left))
            .op(Op::infix(Rule::op_add, Assoc::Left) | Op::infix(Rule::op_sub, Assoc::Left))
            .op(Op::infix(Rule::op_mul, Assoc::Left)
                | Op::infix(Rule::op_div, Assoc::Left)
                | Op::infix(Rule::op_rem, Assoc::Left))
            .op(Op::prefix(Rule::op_neg))
            .op(Op::postfix(Rule::field) | Op::postfix(Rule::index))
    })
}

/// An expression node under construction.
#[derive(Debug, Clone)]
pub struct Built {
    /// The node.
    pub expr: Expr,
    /// Nodes on the longest path from here to a leaf (a leaf is 1).
    pub depth: usize,
    /// Whether it was written in parentheses (`(a < b) == c` is no chain).
    pub parenthesized: bool,
}

impl Built {
    /// A node with the given depth, not parenthesized.
    pub fn new(kind: ExprKind, span: Span, depth: usize) -> Built {
        Built {
            expr: Expr::new(kind, span),
            depth,
            parenthesized: false,
        }
    }
}

/// Whether `op` compares (these may not chain).
pub fn is_comparison(op: BinOp) -> bool {
    matches!(
        op,
        BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge | BinOp::In
    )
}

/// `lhs op rhs`, and the chained-comparison error if `lhs` is itself an
/// unparenthesized comparison.
pub fn fold_binary(
    lhs: Built,
    op: BinOp,
    op_span: Span,
    rhs: Built,
) -> (Built, Option<Diagnostic>) {
    let mut problem = None;
    if is_comparison(op)
        && !lhs.parenthesized
        && let ExprKind::Binary {
            op: inner,
            op_span: inner_span,
            ..
        } = &lhs.expr.kind
        && is_comparison(*inner)
    {
        problem = Some(diagnostics::chained_comparison(op_span, *inner_span));
    }
    let span = lhs.expr.span.to(rhs.expr.span);
    let depth = 1 + lhs.depth.max(rhs.depth);
    let kind = ExprKind::Binary {
        op,
        op_span,
        lhs: Box::new(lhs.expr),
        rhs: Box::new(rhs.expr),
    };
    (Built::new(kind, span, depth), problem)
}

/// `op operand`. A minus written directly before a number literal becomes
/// a negative literal (`-1`), so patterns, clause values and the emitted
/// JSONata see the number itself.
pub fn fold_unary(op: UnaryOp, op_span: Span, operand: Built) -> Built {
    let span = op_span.to(operand.expr.span);
    if op == UnaryOp::Neg
        && !operand.parenthesized
        && let ExprKind::Number(number) = &operand.expr.kind
        && !number.raw.starts_with('-')
    {
        let literal = NumLit {
            raw: format!("-{}", number.raw),
            value: -number.value,
            span,
        };
        return Built::new(ExprKind::Number(literal), span, operand.depth);
    }
    let depth = operand.depth + 1;
    let kind = ExprKind::Unary {
        op,
        op_span,
        expr: Box::new(operand.expr),
    };
    Built::new(kind, span, depth)
}

/// `base.field`
pub fn fold_field(base: Built, field: Ident) -> Built {
    let span = base.expr.span.to(field.span);
    let depth = base.depth + 1;
    let kind = ExprKind::Field {
        base: Box::new(base.expr),
        field,
    };
    Built::new(kind, span, depth)
}

/// `base[index]`; `end` is the span of `[index]`.
pub fn fold_index(base: Built, index: Built, end: Span) -> Built {
    let span = base.expr.span.to(end);
    let depth = 1 + base.depth.max(index.depth);
    let kind = ExprKind::Index {
        base: Box::new(base.expr),
        index: Box::new(index.expr),
    };
    Built::new(kind, span, depth)
}

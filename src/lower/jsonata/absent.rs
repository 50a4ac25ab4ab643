//! Values that may be missing.
//!
//! A JSONata expression that reads a field that is not there evaluates to
//! *undefined*, and Step Functions fails a state whose field (`Arguments`,
//! `Output`, `Assign`, `Condition`, `Items`, `Timestamp`, Fail
//! `Error`/`Cause`) evaluates to that (`States.QueryEvaluationError`). Which
//! SFL expressions can do so for a value of their declared type is decided
//! here from the types check inferred, and those expressions get a default
//! at the top of the field: `null` for a value, `false` for a condition,
//! `[]` for the list of a `for`, `""` for an interpolated string and `{}`
//! for headers or query computed as a whole. Inside the expression the
//! missing value stays JSONata's own (so `x.n > 1` is not an error when `n`
//! is missing); only the field's final value is replaced.

use super::Jsonata;
use super::ast::{BinaryOp, Node};
use crate::check::types::Type;
use crate::syntax::ast::{BinOp, Expr, ExprKind, TemplatePart, UnaryOp};

impl Jsonata<'_> {
    /// Whether `expr` can evaluate to undefined although every value it
    /// reads has its declared type: it reads an optional field, a field of
    /// a value typed `any`, a map entry or a list item, and nothing on the
    /// way up turns that into a value (`??`, `==`, `and`, `exists`, …).
    pub(super) fn may_be_absent(&self, expr: &Expr) -> bool {
        match &expr.kind {
            ExprKind::Null
            | ExprKind::Bool(_)
            | ExprKind::Number(_)
            | ExprKind::List(_)
            | ExprKind::Object(_)
            | ExprKind::Var(_) => false,
            // Built with `$reduce` from `[]`: a list, also when empty.
            ExprKind::Comprehension(_) => false,
            // A concatenation of two or more pieces is a string even when a
            // piece is missing; a lone value is `$string(x)`.
            ExprKind::String(template) => match template.parts.as_slice() {
                [TemplatePart::Interp(inner)] => self.may_be_absent(inner),
                _ => false,
            },
            ExprKind::Field { base, field } => {
                self.may_be_absent(base) || self.field_may_be_absent(base, &field.name)
            }
            ExprKind::Index { base, index } => match &index.kind {
                ExprKind::String(key)
                    if !matches!(self.types.type_of(base), Type::List(_))
                        && key.as_plain().is_some() =>
                {
                    let name = key.as_plain().unwrap_or_default();
                    self.may_be_absent(base) || self.field_may_be_absent(base, &name)
                }
                // A list item or a map entry: the list may be shorter, the
                // map may lack the key.
                _ => true,
            },
            ExprKind::Call { func, args } => match func.name.as_str() {
                "exists" | "now" | "uuid" | "starts_with" => false,
                "len"
                    if matches!(
                        args.first().map(|a| self.types.type_of(a)),
                        Some(Type::List(_))
                    ) =>
                {
                    false
                }
                _ => args.iter().any(|arg| self.may_be_absent(arg)),
            },
            ExprKind::Unary {
                op: UnaryOp::Not | UnaryOp::Neg,
                expr: operand,
                ..
            } => self.may_be_absent(operand),
            ExprKind::Binary { op, lhs, rhs, .. } => match op {
                BinOp::Coalesce => self.may_be_absent(rhs),
                // JSONata's `=`, `!=`, `in`, `and` and `or` give a boolean
                // when a side is missing.
                BinOp::And | BinOp::Or | BinOp::Eq | BinOp::Ne | BinOp::In => false,
                BinOp::Lt
                | BinOp::Le
                | BinOp::Gt
                | BinOp::Ge
                | BinOp::Add
                | BinOp::Sub
                | BinOp::Mul
                | BinOp::Div
                | BinOp::Rem => self.may_be_absent(lhs) || self.may_be_absent(rhs),
            },
        }
    }

    /// Whether the field `name` of `base` may be missing: it is optional,
    /// or `base` is not a record whose type lists it.
    fn field_may_be_absent(&self, base: &Expr, name: &str) -> bool {
        match self.types.type_of(base) {
            Type::Record(fields) => fields
                .iter()
                .find(|f| f.name == name)
                .is_none_or(|f| f.optional),
            _ => true,
        }
    }

    /// The tree of `expr`, with `fallback` in place of a missing value when
    /// the expression can be missing.
    pub(super) fn defined(&self, expr: &Expr, fallback: Node) -> Result<Node, super::Internal> {
        let node = self.node(expr)?;
        Ok(if self.may_be_absent(expr) {
            or_default(node, fallback)
        } else {
            node
        })
    }
}

/// `($D := value; $exists($D) ? $D : fallback)`: the value evaluated once.
/// `$D` has an upper-case letter, so it never hides an SFL variable.
pub(super) fn or_default(value: Node, fallback: Node) -> Node {
    let present = Node::call("exists", vec![Node::var("D")]);
    Node::bind(
        "D",
        value,
        Node::condition(present, Node::var("D"), fallback),
    )
}

/// The body of a response as a call's variable holds it. Missing (a `204`,
/// a `HEAD`) is `null`. With `parse`, a body that arrives as text (the API
/// did not say it is JSON) is parsed with Step Functions' `$parse`, and
/// empty or blank text is `null`; without it the body is kept as it came.
pub fn response_body(parse: bool) -> Node {
    let body = Node::field(Node::field(Node::var("states"), "result"), "ResponseBody");
    if !parse {
        return or_default(body, Node::Null);
    }
    let text = Node::binary(
        Node::call("type", vec![Node::var("B")]),
        BinaryOp::Eq,
        Node::str("string"),
    );
    let blank = Node::binary(
        Node::call("trim", vec![Node::var("B")]),
        BinaryOp::Eq,
        Node::str(""),
    );
    let parsed = Node::condition(blank, Node::Null, Node::call("parse", vec![Node::var("B")]));
    let kept = Node::condition(
        Node::call("exists", vec![Node::var("B")]),
        Node::var("B"),
        Node::Null,
    );
    Node::bind("B", body, Node::condition(text, parsed, kept))
}

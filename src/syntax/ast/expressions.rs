//! Expressions and literals (numbers, strings, templates, durations).

use super::{Ident, NodeId};
use crate::source::Span;

/// An expression.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    /// What kind.
    pub kind: ExprKind,
    /// The whole expression.
    pub span: Span,
    /// The key of this expression in the side tables of later stages (the
    /// type `check` inferred for it, for one).
    pub id: NodeId,
}

impl Expr {
    /// A new expression node with an id of its own.
    pub fn new(kind: ExprKind, span: Span) -> Expr {
        Expr {
            kind,
            span,
            id: NodeId::fresh(),
        }
    }
}

/// The expression forms.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A JSON number.
    Number(NumLit),
    /// A string, possibly with `{expr}` interpolations.
    String(Template),
    /// `[a, b]`
    List(Vec<Expr>),
    /// `{ k: v, "k2": v2 }`
    Object(Vec<(Key, Expr)>),
    /// A variable (or `input`).
    Var(Ident),
    /// `base.field`
    Field {
        /// The value read from.
        base: Box<Expr>,
        /// The field name.
        field: Ident,
    },
    /// `base[index]`
    Index {
        /// The value read from.
        base: Box<Expr>,
        /// The index.
        index: Box<Expr>,
    },
    /// `[item for var in list if cond]`: a list built from another.
    Comprehension(Box<Comprehension>),
    /// `name(args)`: a library function.
    Call {
        /// The function's name.
        func: Ident,
        /// Its arguments.
        args: Vec<Expr>,
    },
    /// `op expr`
    Unary {
        /// The operator.
        op: UnaryOp,
        /// Where the operator was written.
        op_span: Span,
        /// The operand.
        expr: Box<Expr>,
    },
    /// `lhs op rhs`
    Binary {
        /// The operator.
        op: BinOp,
        /// Where the operator was written.
        op_span: Span,
        /// Left operand.
        lhs: Box<Expr>,
        /// Right operand.
        rhs: Box<Expr>,
    },
}

/// A unary operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    /// `not`
    Not,
    /// `-`
    Neg,
}

/// A binary operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinOp {
    /// `or`
    Or,
    /// `and`
    And,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `in`
    In,
    /// `??`
    Coalesce,
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Rem,
}

impl BinOp {
    /// The operator as written in SFL.
    pub fn as_str(self) -> &'static str {
        match self {
            BinOp::Or => "or",
            BinOp::And => "and",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::In => "in",
            BinOp::Coalesce => "??",
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Rem => "%",
        }
    }
}

/// An object key: an identifier or a string literal (no interpolation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    /// The key's text.
    pub name: String,
    /// Where it was written.
    pub span: Span,
}

/// A string literal without interpolation (URLs, ARNs, names).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StrLit {
    /// The unescaped value.
    pub value: String,
    /// The literal, quotes included.
    pub span: Span,
}

/// A JSON number as written.
#[derive(Debug, Clone, PartialEq)]
pub struct NumLit {
    /// The literal text, kept so output can reproduce it exactly.
    pub raw: String,
    /// Its value.
    pub value: f64,
    /// Where it was written.
    pub span: Span,
}

impl NumLit {
    /// The value as a non-negative integer, if it is one.
    pub fn as_u64(&self) -> Option<u64> {
        if self.value.fract() == 0.0 && self.value >= 0.0 && self.value <= 9_007_199_254_740_992.0 {
            #[expect(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "checked: a whole, non-negative number within f64's exact range"
            )]
            Some(self.value as u64)
        } else {
            None
        }
    }
}

/// A string that may interpolate expressions: `"/orders/{input.id}"`.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    /// Text and interpolations in order; adjacent text parts are merged.
    pub parts: Vec<TemplatePart>,
    /// The literal, quotes included.
    pub span: Span,
}

impl Template {
    /// The value when the template has no interpolation.
    pub fn as_plain(&self) -> Option<String> {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                TemplatePart::Text { text, .. } => out.push_str(text),
                TemplatePart::Interp(_) => return None,
            }
        }
        Some(out)
    }
}

/// `[item for var in list if cond]`
#[derive(Debug, Clone, PartialEq)]
pub struct Comprehension {
    /// The value of each element of the result, read with `var` bound.
    pub item: Expr,
    /// The element variable, bound to each element of `list` in turn.
    pub var: Ident,
    /// The list iterated over.
    pub list: Expr,
    /// Only elements for which this holds are kept.
    pub filter: Option<Expr>,
}

/// One piece of a [`Template`].
#[derive(Debug, Clone, PartialEq)]
pub enum TemplatePart {
    /// Literal text, unescaped (`{{` already turned into `{`).
    Text {
        /// The text.
        text: String,
        /// Where it was written.
        span: Span,
    },
    /// `{expr}`
    Interp(Expr),
}

/// A duration in whole seconds (`30s`, `5m`, `2h`, `1d`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Duration {
    /// The length in seconds.
    pub seconds: u64,
    /// Where it was written.
    pub span: Span,
}

//! Expression builders for the lowering unit tests: spans are all
//! `Span::default()`, so tests read as the SFL they stand for.
#![allow(dead_code, reason = "each test module uses the builders it needs")]

use crate::source::Span;
use crate::syntax::ast::{BinOp, Expr, ExprKind, Ident, NumLit, Template, TemplatePart};

pub(super) fn e(kind: ExprKind) -> Expr {
    Expr::new(kind, Span::default())
}

pub(super) fn id(name: &str) -> Ident {
    Ident {
        name: name.to_owned(),
        span: Span::default(),
    }
}

pub(super) fn var(name: &str) -> Expr {
    e(ExprKind::Var(id(name)))
}

pub(super) fn num(raw: &str) -> Expr {
    e(ExprKind::Number(NumLit {
        raw: raw.to_owned(),
        value: raw.parse().unwrap_or(0.0),
        span: Span::default(),
    }))
}

pub(super) fn text(s: &str) -> TemplatePart {
    TemplatePart::Text {
        text: s.to_owned(),
        span: Span::default(),
    }
}

pub(super) fn string(parts: Vec<TemplatePart>) -> Expr {
    e(ExprKind::String(Template {
        parts,
        span: Span::default(),
    }))
}

pub(super) fn lit(s: &str) -> Expr {
    string(vec![text(s)])
}

pub(super) fn field(base: Expr, name: &str) -> Expr {
    e(ExprKind::Field {
        base: Box::new(base),
        field: id(name),
    })
}

pub(super) fn index(base: Expr, i: Expr) -> Expr {
    e(ExprKind::Index {
        base: Box::new(base),
        index: Box::new(i),
    })
}

pub(super) fn bin(op: BinOp, lhs: Expr, rhs: Expr) -> Expr {
    e(ExprKind::Binary {
        op,
        op_span: Span::default(),
        lhs: Box::new(lhs),
        rhs: Box::new(rhs),
    })
}

pub(super) fn call(name: &str, args: Vec<Expr>) -> Expr {
    e(ExprKind::Call {
        func: id(name),
        args,
    })
}

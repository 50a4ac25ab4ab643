//! Layout of expressions and type expressions.
//!
//! Parentheses are written exactly where the source had them: the tree
//! was built from that source, so they are all the grouping it needs, and
//! a reader's extra parentheses are kept. Literals are copied from the
//! source as written (escapes, number spelling, duration units).

use super::printer::Printer;
use crate::source::Span;
use crate::syntax::ast::{
    Comprehension, Expr, ExprKind, FieldType, Key, TypeExpr, TypeKind, UnaryOp,
};

/// How a bracketed sequence is laid out.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Layout {
    /// `[a, b]` on the current line.
    Flat,
    /// One element a line, each followed by a comma.
    Broken,
}

impl Printer<'_> {
    pub(super) fn expr(&mut self, expr: &Expr) {
        let parens = self.parenthesized(expr);
        if parens {
            self.text("(");
        }
        self.expr_kind(expr);
        if parens {
            self.text(")");
        }
    }

    fn expr_kind(&mut self, expr: &Expr) {
        match &expr.kind {
            ExprKind::Null => self.text("null"),
            ExprKind::Bool(value) => self.text(if *value { "true" } else { "false" }),
            // The literal as written: `1h` in an expression is kept a
            // duration, though the tree holds its seconds.
            ExprKind::Number(number) => self.verbatim(number.span),
            ExprKind::String(template) => self.verbatim(template.span),
            ExprKind::List(items) => self.list(items, expr.span),
            ExprKind::Object(entries) => self.object(entries, expr.span),
            ExprKind::Var(name) => self.text(&name.name),
            ExprKind::Field { base, field } => {
                self.expr(base);
                self.text(".");
                self.text(&field.name);
            }
            ExprKind::Index { base, index } => {
                self.expr(base);
                self.text("[");
                self.expr(index);
                self.text("]");
            }
            ExprKind::Call { func, args } => {
                self.text(&func.name);
                let layout = self.layout_of(expr.span, args.first().map(|a| a.span.start));
                let start = |arg: &Expr| arg.span.start;
                self.sequence(("(", ")"), args, expr.span, layout, start, |p, arg, _| {
                    p.expr(arg)
                });
            }
            ExprKind::Unary {
                op, expr: operand, ..
            } => {
                self.text(match op {
                    UnaryOp::Not => "not ",
                    UnaryOp::Neg => "-",
                });
                self.expr(operand);
            }
            ExprKind::Binary { op, lhs, rhs, .. } => {
                self.expr(lhs);
                self.text(" ");
                self.text(op.as_str());
                self.text(" ");
                self.expr(rhs);
            }
            ExprKind::Comprehension(comprehension) => self.comprehension(comprehension),
        }
    }

    /// `[item for var in list if filter]`, always on one line.
    fn comprehension(&mut self, comprehension: &Comprehension) {
        let Comprehension {
            item,
            var,
            list,
            filter,
        } = comprehension;
        self.text("[");
        self.expr(item);
        self.text(&format!(" for {} in ", var.name));
        self.expr(list);
        if let Some(filter) = filter {
            self.text(" if ");
            self.expr(filter);
        }
        self.text("]");
    }

    /// Whether the source wrapped `expr` in parentheses. The builder gives
    /// a parenthesized expression the span of its parentheses, so its
    /// span starts with `(` while its first operand starts later.
    fn parenthesized(&self, expr: &Expr) -> bool {
        if !self.slice(expr.span).starts_with('(') {
            return false;
        }
        let first_part = match &expr.kind {
            ExprKind::Field { base, .. } | ExprKind::Index { base, .. } => Some(base.span),
            ExprKind::Binary { lhs, .. } => Some(lhs.span),
            ExprKind::Unary { op_span, .. } => Some(*op_span),
            _ => None,
        };
        first_part.is_none_or(|part| part.start != expr.span.start)
    }

    fn list(&mut self, items: &[Expr], span: Span) {
        let layout = self.layout_of(span, items.first().map(|i| i.span.start));
        let start = |item: &Expr| item.span.start;
        self.sequence(("[", "]"), items, span, layout, start, |p, item, _| {
            p.expr(item)
        });
    }

    fn object(&mut self, entries: &[(Key, Expr)], span: Span) {
        let layout = self.layout_of(span, entries.first().map(|(k, _)| k.span.start));
        let width = key_width(entries.iter().map(|(k, _)| self.slice(k.span)));
        let start = |(key, _): &(Key, Expr)| key.span.start;
        self.sequence(
            ("{ ", " }"),
            entries,
            span,
            layout,
            start,
            |p, (key, value), layout| {
                p.key(key.span, aligned(width, layout));
                p.expr(value);
            },
        );
    }

    /// `key: ` with the key padded to `width` characters (aligned values
    /// in a broken object).
    pub(super) fn key(&mut self, span: Span, width: usize) {
        let key = format!("{}:", self.slice(span));
        self.text(&format!("{key:<width$} "));
    }

    /// A sequence is broken over lines when the source broke the line right
    /// after its opening bracket, or when a comment sits inside it (a
    /// comment must end a line).
    pub(super) fn layout_of(&self, span: Span, first: Option<u32>) -> Layout {
        let opening = Span {
            start: span.start,
            end: first.unwrap_or(span.end),
        };
        if self.has_comment_within(span) || (first.is_some() && self.spans_lines(opening)) {
            Layout::Broken
        } else {
            Layout::Flat
        }
    }

    /// Writes `open item, item close` (flat) or one item a line with a
    /// trailing comma (broken). `start` says where an element starts in
    /// the source, `item` writes it. An empty flat sequence is written
    /// without inner spaces (`{}`, `[]`, `()`).
    pub(super) fn sequence<T>(
        &mut self,
        (open, close): (&str, &str),
        items: &[T],
        span: Span,
        layout: Layout,
        start: impl Fn(&T) -> u32,
        mut item: impl FnMut(&mut Self, &T, Layout),
    ) {
        match layout {
            Layout::Flat if items.is_empty() => {
                self.text(open.trim_end());
                self.text(close.trim_start());
            }
            Layout::Flat if self.trying_one_line => {
                self.flat(open, close, items, &mut item);
            }
            Layout::Flat => {
                if !self.one_line(|p| p.flat(open, close, items, &mut item)) {
                    self.sequence((open, close), items, span, Layout::Broken, start, item);
                }
            }
            Layout::Broken => {
                self.text(open.trim_end());
                self.newline();
                self.indent();
                for element in items {
                    self.anchor(start(element));
                    item(self, element, Layout::Broken);
                    self.text(",");
                    self.newline();
                }
                self.flush(span.end);
                self.dedent();
                self.text(close.trim_start());
            }
        }
    }

    fn flat<T>(
        &mut self,
        open: &str,
        close: &str,
        items: &[T],
        item: &mut impl FnMut(&mut Self, &T, Layout),
    ) {
        self.text(open);
        for (index, element) in items.iter().enumerate() {
            if index > 0 {
                self.text(", ");
            }
            item(self, element, Layout::Flat);
        }
        self.text(close);
    }

    pub(super) fn type_expr(&mut self, ty: &TypeExpr) {
        match &ty.kind {
            TypeKind::String
            | TypeKind::Number
            | TypeKind::Bool
            | TypeKind::Null
            | TypeKind::Any
            | TypeKind::Named(_) => self.verbatim(ty.span),
            TypeKind::List(inner) => {
                self.text("[");
                self.type_expr(inner);
                self.text("]");
            }
            TypeKind::Record(fields) => self.record_type(fields, ty.span),
            TypeKind::Map(values) => {
                self.text("{string: ");
                self.type_expr(values);
                self.text("}");
            }
            TypeKind::Union(members) => {
                for (index, member) in members.iter().enumerate() {
                    if index > 0 {
                        self.text(" | ");
                    }
                    self.verbatim(member.span);
                }
            }
        }
    }

    fn record_type(&mut self, fields: &[FieldType], span: Span) {
        let layout = self.layout_of(span, fields.first().map(|f| f.span.start));
        let names = fields
            .iter()
            .map(|f| field_name(self.slice(f.name.span), f.optional));
        let width = key_width(names);
        let start = |field: &FieldType| field.span.start;
        self.sequence(
            ("{ ", " }"),
            fields,
            span,
            layout,
            start,
            |p, field, layout| {
                let width = aligned(width, layout);
                let name = field_name(p.slice(field.name.span), field.optional);
                p.text(&format!("{:<width$} ", format!("{name}:")));
                p.type_expr(&field.ty);
            },
        );
    }
}

fn field_name(name: &str, optional: bool) -> String {
    if optional {
        format!("{name}?")
    } else {
        name.to_owned()
    }
}

/// The width `key:` is padded to in a broken sequence: the longest key
/// and its colon, so the values line up.
pub(super) fn key_width<'k>(keys: impl Iterator<Item = impl AsRef<str> + 'k>) -> usize {
    keys.map(|k| k.as_ref().chars().count() + 1)
        .max()
        .unwrap_or(0)
}

/// `width` in a broken sequence, none in a flat one.
pub(super) fn aligned(width: usize, layout: Layout) -> usize {
    match layout {
        Layout::Flat => 0,
        Layout::Broken => width,
    }
}

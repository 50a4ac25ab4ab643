//! Check, expressions: the type of every expression.
//!
//! Types each expression of the workflow against the [`TypeTable`](super::types::TypeTable) and
//! records it in the checker's side table; pushes type errors (E02xx),
//! unknown fields and functions (E0108, E0109) and unguarded reads of
//! optional fields. Also the `exists(…)` guards that make such reads safe.

use std::collections::HashMap;
use std::rc::Rc;

use crate::check::Checker;
use crate::check::diagnostics as d;
use crate::check::types::{Comparison, Field, Type, is_stringy, literals};
use crate::suggest;
use crate::syntax::ast::{BinOp, Expr, ExprKind, Ident, Template, TemplatePart, UnaryOp};

/// How deeply expressions are typed before the rest is taken as `any`. A
/// parsed expression is never deeper than the syntax stage's nesting limit
/// (operator chains and paths included); this guards trees built by hand.
const MAX_EXPR_DEPTH: usize = 256;

/// How an expression is being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Read {
    /// An ordinary read: optional fields need a guard.
    Plain,
    /// The argument of `exists` or the left side of `??`: an absent
    /// optional field is exactly what is being tested.
    MayBeAbsent,
}

/// The library functions, for suggestions.
const FUNCTIONS: &[&str] = &[
    "len",
    "exists",
    "upper",
    "lower",
    "contains",
    "starts_with",
    "now",
    "uuid",
    "string",
    "number",
];

/// Names other languages use for the library's functions, suggested even
/// when they are too far from ours for edit distance.
const FUNCTION_ALIASES: &[(&str, &str)] = &[
    ("length", "len"),
    ("size", "len"),
    ("exist", "exists"),
    ("defined", "exists"),
    ("uppercase", "upper"),
    ("lowercase", "lower"),
    ("includes", "contains"),
    ("startswith", "starts_with"),
    ("str", "string"),
    ("to_string", "string"),
    ("int", "number"),
    ("float", "number"),
    ("to_number", "number"),
    ("timestamp", "now"),
    ("guid", "uuid"),
];

/// "did you mean" for an unknown function name.
fn suggest_function(name: &str) -> Option<String> {
    let lower = name.to_ascii_lowercase().replace('_', "");
    FUNCTION_ALIASES
        .iter()
        .chain(super::library::ALIASES)
        .find(|(alias, _)| alias.replace('_', "") == lower)
        .map(|(_, ours)| format!("did you mean `{ours}`?"))
        .or_else(|| {
            let library = super::library::FUNCTIONS.iter().map(|f| f.name);
            suggest::did_you_mean(name, FUNCTIONS.iter().copied().chain(library))
        })
}

/// The dotted text of a path made of a variable and fields (`x.a.b`), the
/// key an `exists` guard is stored under. Indexes break the chain: an
/// element of a list cannot be guarded by name.
pub(super) fn path_key(expr: &Expr) -> Option<String> {
    // Iterative, so it needs no depth bound of its own.
    let mut fields: Vec<&str> = Vec::new();
    let mut current = expr;
    loop {
        match &current.kind {
            ExprKind::Var(ident) => {
                let mut key = ident.name.clone();
                for field in fields.iter().rev() {
                    key.push('.');
                    key.push_str(field);
                }
                return Some(key);
            }
            ExprKind::Field { base, field } => {
                fields.push(field.name.as_str());
                current = base;
            }
            _ => return None,
        }
    }
}

/// The paths that `cond` proves present when it is true: `exists(p)`,
/// possibly joined with `and`.
pub(super) fn guards_of(cond: &Expr, out: &mut Vec<String>) {
    match &cond.kind {
        ExprKind::Call { func, args } if func.name == "exists" => {
            if let [arg] = args.as_slice()
                && let Some(key) = path_key(arg)
            {
                out.push(key);
            }
        }
        ExprKind::Binary {
            op: BinOp::And,
            lhs,
            rhs,
            ..
        } => {
            guards_of(lhs, out);
            guards_of(rhs, out);
        }
        _ => {}
    }
}

/// The paths that `cond` proves present when it is false: `not exists(p)`,
/// possibly joined with `or`.
pub(super) fn guards_of_negation(cond: &Expr, out: &mut Vec<String>) {
    match &cond.kind {
        ExprKind::Unary {
            op: UnaryOp::Not,
            expr,
            ..
        } => guards_of(expr, out),
        ExprKind::Binary {
            op: BinOp::Or,
            lhs,
            rhs,
            ..
        } => {
            guards_of_negation(lhs, out);
            guards_of_negation(rhs, out);
        }
        _ => {}
    }
}

impl Checker<'_, '_> {
    /// Types an expression read normally.
    pub(super) fn expr(&mut self, expr: &Expr) -> Type {
        self.expr_as(expr, Read::Plain)
    }

    /// Types an expression, reading optional fields as `read` allows.
    pub(super) fn expr_as(&mut self, expr: &Expr, read: Read) -> Type {
        // Past this depth (only a hand-built tree gets there: the syntax
        // stage refuses deeper expressions) the rest is taken as `any`
        // rather than risking the stack.
        if self.expr_depth >= MAX_EXPR_DEPTH {
            return Type::Any;
        }
        self.expr_depth += 1;
        let ty = self.expr_kind(expr, read);
        self.expr_depth -= 1;
        self.expr_types.insert(expr.id, ty.clone());
        ty
    }

    fn expr_kind(&mut self, expr: &Expr, read: Read) -> Type {
        match &expr.kind {
            ExprKind::Null => Type::Null,
            ExprKind::Bool(_) => Type::Bool,
            ExprKind::Number(_) => Type::Number,
            ExprKind::String(template) => self.template(template),
            ExprKind::List(items) => {
                let mut element: Option<Type> = None;
                for item in items {
                    let ty = self.expr(item);
                    element = Some(match element {
                        None => ty,
                        Some(prev) => self.types.join(&prev, &ty),
                    });
                }
                Type::List(Rc::new(element.unwrap_or(Type::Any)))
            }
            ExprKind::Object(entries) => {
                let mut seen: HashMap<&str, crate::source::Span> = HashMap::new();
                let mut fields = Vec::with_capacity(entries.len());
                for (key, value) in entries {
                    let ty = self.expr(value);
                    if let Some(first) = seen.get(key.name.as_str()) {
                        self.diagnostics.push(d::duplicate_key(key, *first, "key"));
                        continue;
                    }
                    seen.insert(&key.name, key.span);
                    fields.push(Field {
                        name: key.name.clone(),
                        ty,
                        optional: false,
                    });
                }
                Type::Record(Rc::from(fields))
            }
            ExprKind::Var(ident) => match self.element(ident) {
                Some(ty) => ty,
                None => self.read_var(expr.id, ident),
            },
            ExprKind::Comprehension(comprehension) => self.comprehension(comprehension),
            ExprKind::Field { base, field } => {
                let base_ty = self.expr_as(base, read);
                self.field(expr, &base_ty, field, read)
            }
            ExprKind::Index { base, index } => {
                let base_ty = self.expr_as(base, read);
                let index_ty = self.expr(index);
                self.index(base, &base_ty, index, &index_ty, read)
            }
            ExprKind::Call { func, args } => self.call(expr, func, args),
            ExprKind::Unary {
                op,
                op_span,
                expr: operand,
            } => {
                let ty = self.expr(operand);
                match op {
                    UnaryOp::Not => {
                        self.expect_bool(operand, &ty, "the operand of `not`");
                        Type::Bool
                    }
                    UnaryOp::Neg => {
                        self.expect_number(operand, &ty, "-", *op_span);
                        Type::Number
                    }
                }
            }
            ExprKind::Binary {
                op,
                op_span,
                lhs,
                rhs,
            } => self.binary(expr, *op, *op_span, lhs, rhs),
        }
    }

    /// Types the interpolations of a string; a string without any has its
    /// literal type.
    pub(super) fn template(&mut self, template: &Template) -> Type {
        let mut plain = true;
        for part in &template.parts {
            if let TemplatePart::Interp(inner) = part {
                plain = false;
                self.expr(inner);
            }
        }
        match template.as_plain() {
            Some(text) if plain => Type::StrLit(Rc::from(text)),
            _ => Type::String,
        }
    }

    fn field(&mut self, whole: &Expr, base: &Type, field: &Ident, read: Read) -> Type {
        match self.types.resolve(base).clone() {
            Type::Any => Type::Any,
            Type::Map(value) => (*value).clone(),
            Type::Record(fields) => {
                let Some(found) = fields.iter().find(|f| f.name == field.name) else {
                    let help =
                        suggest::did_you_mean(&field.name, fields.iter().map(|f| f.name.as_str()));
                    let shown = self.types.display(base);
                    self.diagnostics.push(d::unknown_field(field, &shown, help));
                    return Type::Any;
                };
                if found.optional && read == Read::Plain && !self.is_guarded(whole) {
                    self.diagnostics
                        .push(d::unguarded_optional_field(whole, field));
                }
                found.ty.clone()
            }
            other => {
                let shown = self.types.display(&other);
                self.diagnostics
                    .push(d::no_field_on_type(field.span, &field.name, &shown, &other));
                Type::Any
            }
        }
    }

    fn index(
        &mut self,
        base: &Expr,
        base_ty: &Type,
        index: &Expr,
        index_ty: &Type,
        read: Read,
    ) -> Type {
        match self.types.resolve(base_ty).clone() {
            Type::Any => Type::Any,
            Type::List(element) => {
                if !self.types.assignable(index_ty, &Type::Number) {
                    let shown = self.types.display(index_ty);
                    self.diagnostics.push(
                        d::mismatched_types(
                            index.span,
                            "number",
                            &shown,
                            "a list index must be a number",
                        )
                        .with_help("index a list with a number, such as `[0]`"),
                    );
                }
                (*element).clone()
            }
            Type::Map(value) => (*value).clone(),
            Type::Record(_) => {
                // `x["name"]` reads a field whose name is not an identifier.
                if let ExprKind::String(template) = &index.kind
                    && let Some(name) = template.as_plain()
                {
                    let ident = Ident {
                        name,
                        span: index.span,
                    };
                    let whole = Expr::new(
                        ExprKind::Field {
                            base: Box::new(base.clone()),
                            field: ident.clone(),
                        },
                        base.span.to(index.span),
                    );
                    return self.field(&whole, base_ty, &ident, read);
                }
                Type::Any
            }
            other => {
                let shown = self.types.display(&other);
                self.diagnostics
                    .push(d::no_index_on_type(index.span, &shown));
                Type::Any
            }
        }
    }

    fn is_guarded(&self, path: &Expr) -> bool {
        path_key(path).is_some_and(|key| self.guards.get(&key).is_some_and(|&n| n > 0))
    }

    /// Makes `keys` count as checked with `exists` until [`Self::pop_guards`].
    pub(super) fn push_guards(&mut self, keys: &[String]) {
        for key in keys {
            *self.guards.entry(key.clone()).or_insert(0) += 1;
        }
    }

    /// Undoes [`Self::push_guards`].
    pub(super) fn pop_guards(&mut self, keys: &[String]) {
        for key in keys {
            if let Some(count) = self.guards.get_mut(key) {
                *count = count.saturating_sub(1);
            }
        }
    }

    /// Checks that a condition is a `bool` (or unknown).
    pub(super) fn expect_bool(&mut self, expr: &Expr, ty: &Type, what: &str) {
        if !self.types.assignable(ty, &Type::Bool) {
            let shown = self.types.display(ty);
            self.diagnostics
                .push(d::condition_not_bool(expr.span, &shown, what));
        }
    }

    fn expect_number(&mut self, expr: &Expr, ty: &Type, op: &str, op_span: crate::source::Span) {
        if !self.types.assignable(ty, &Type::Number) {
            let shown = self.types.display(ty);
            let stringy = is_stringy(self.types.resolve(ty));
            self.diagnostics.push(d::non_numeric_arithmetic(
                expr.span, op_span, op, &shown, stringy,
            ));
        }
    }

    fn binary(
        &mut self,
        whole: &Expr,
        op: BinOp,
        op_span: crate::source::Span,
        lhs: &Expr,
        rhs: &Expr,
    ) -> Type {
        match op {
            BinOp::And | BinOp::Or => {
                let lt = self.expr(lhs);
                self.expect_bool(lhs, &lt, &format!("the left side of `{}`", op.as_str()));
                // `exists(x.f) and x.f == 1`: the right side runs only when
                // the left is true.
                let mut keys = Vec::new();
                if op == BinOp::And {
                    guards_of(lhs, &mut keys);
                }
                self.push_guards(&keys);
                let rt = self.expr(rhs);
                self.pop_guards(&keys);
                self.expect_bool(rhs, &rt, &format!("the right side of `{}`", op.as_str()));
                Type::Bool
            }
            BinOp::Coalesce => {
                let lt = self.expr_as(lhs, Read::MayBeAbsent);
                let rt = self.expr(rhs);
                self.types.join(&lt, &rt)
            }
            BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Rem => {
                let lt = self.expr(lhs);
                let rt = self.expr(rhs);
                if op == BinOp::Add
                    && let Some(joined) = self.list_sum(whole, op_span, lhs, &lt, rhs, &rt)
                {
                    return joined;
                }
                let both_strings =
                    is_stringy(self.types.resolve(&lt)) && is_stringy(self.types.resolve(&rt));
                if op == BinOp::Add && both_strings {
                    // One mistake, one message: joining strings with `+`.
                    self.diagnostics
                        .push(d::string_concatenation(whole.span, op_span));
                } else {
                    self.expect_number(lhs, &lt, op.as_str(), op_span);
                    self.expect_number(rhs, &rt, op.as_str(), op_span);
                }
                Type::Number
            }
            BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
                let lt = self.expr(lhs);
                let rt = self.expr(rhs);
                self.compare(whole, op, lhs, &lt, rhs, &rt);
                self.check_status_comparison(whole, op, lhs, rhs);
                Type::Bool
            }
            BinOp::In => {
                let lt = self.expr(lhs);
                let rt = self.expr(rhs);
                match (&rhs.kind, self.types.resolve(&rt).clone()) {
                    // A literal list: check each element on its own, so the
                    // one a union does not contain is pointed at.
                    (ExprKind::List(items), _) => {
                        for item in items {
                            let it = self.item_type(item);
                            self.compare(whole, BinOp::Eq, lhs, &lt, item, &it);
                        }
                    }
                    (_, Type::List(element)) => {
                        self.compare(whole, BinOp::Eq, lhs, &lt, rhs, &element);
                    }
                    (_, Type::Any) => {}
                    (_, other) => {
                        let shown = self.types.display(&other);
                        self.diagnostics.push(
                            d::mismatched_types(
                                rhs.span,
                                "a list",
                                &shown,
                                "`in` looks for a value in a list",
                            )
                            .with_help("write the values as a list: `x in [\"a\", \"b\"]`"),
                        );
                    }
                }
                Type::Bool
            }
        }
    }

    /// The type of a list element that was already typed as part of its
    /// list; only literals are re-derived (cheaply), anything else is `any`.
    fn item_type(&self, item: &Expr) -> Type {
        match &item.kind {
            ExprKind::String(template) => match template.as_plain() {
                Some(text) => Type::StrLit(Rc::from(text)),
                None => Type::String,
            },
            ExprKind::Number(_) => Type::Number,
            ExprKind::Bool(_) => Type::Bool,
            ExprKind::Null => Type::Null,
            _ => Type::Any,
        }
    }

    /// Checks `lhs op rhs` for a comparison operator.
    pub(super) fn compare(
        &mut self,
        whole: &Expr,
        op: BinOp,
        lhs: &Expr,
        lt: &Type,
        rhs: &Expr,
        rt: &Type,
    ) {
        let ordering = matches!(op, BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge);
        let l = self.types.resolve(lt).clone();
        let r = self.types.resolve(rt).clone();
        if ordering {
            let fine = match (&l, &r) {
                (Type::Any, _) | (_, Type::Any) => true,
                (Type::Number, Type::Number) => true,
                (a, b) => is_stringy(a) && is_stringy(b),
            };
            if !fine {
                let (ls, rs) = (
                    self.types.shown_against(lt, rt),
                    self.types.shown_against(rt, lt),
                );
                self.diagnostics
                    .push(d::unrelated_comparison(whole, op, lhs, &ls, rhs, &rs, true));
            }
            return;
        }
        match self.types.comparable(lt, rt) {
            Comparison::Fine => {}
            Comparison::NotInUnion => {
                // Point at the literal, and list what the union allows.
                let (literal, union_side, union_ty) = if matches!(l, Type::StrLit(_)) {
                    (lhs, rhs, rt)
                } else {
                    (rhs, lhs, lt)
                };
                let shown = self.types.display(union_ty);
                let value = match (&l, &r) {
                    (Type::StrLit(v), _) | (_, Type::StrLit(v)) => v.to_string(),
                    _ => String::new(),
                };
                let allowed = literals(self.types.resolve(union_ty)).unwrap_or_default();
                let help = suggest::suggest(&value, allowed.iter().map(String::as_str))
                    .map(|s| format!("did you mean `{s:?}`?"));
                self.diagnostics.push(d::impossible_union_comparison(
                    literal, union_side, &shown, op, help,
                ));
            }
            Comparison::Unrelated => {
                let (ls, rs) = (
                    self.types.shown_against(lt, rt),
                    self.types.shown_against(rt, lt),
                );
                self.diagnostics.push(d::unrelated_comparison(
                    whole, op, lhs, &ls, rhs, &rs, false,
                ));
            }
        }
    }

    fn call(&mut self, whole: &Expr, func: &Ident, args: &[Expr]) -> Type {
        let name = func.name.as_str();
        if name == "exists" {
            if let [arg] = args {
                if path_key_or_index(arg) {
                    self.expr_as(arg, Read::MayBeAbsent);
                } else {
                    self.expr(arg);
                    self.diagnostics.push(d::exists_needs_path(arg));
                }
            } else {
                self.arity(whole, func, args, 1);
            }
            return Type::Bool;
        }
        let types: Vec<Type> = args.iter().map(|a| self.expr(a)).collect();
        let (arity, result) = match name {
            "len" => (1, Type::Number),
            "upper" | "lower" | "string" => (1, Type::String),
            "number" => (1, Type::Number),
            "contains" | "starts_with" => (2, Type::Bool),
            "now" | "uuid" => (0, Type::String),
            _ => {
                if let Some(ty) = self.library_call(whole, func, args, &types) {
                    return ty;
                }
                let help = suggest_function(name);
                self.diagnostics.push(d::unknown_function(func, help));
                return Type::Any;
            }
        };
        if args.len() != arity {
            self.arity(whole, func, args, arity);
            return result;
        }
        let string = Type::String;
        match (name, args, types.as_slice()) {
            ("len", [a], [t]) => {
                let ok = matches!(
                    self.types.resolve(t),
                    Type::Any | Type::List(_) | Type::String | Type::StrLit(_) | Type::Union(_)
                );
                if !ok {
                    self.argument_mismatch(a, t, "a string or a list", "len");
                }
            }
            ("upper" | "lower", [a], [t]) if !self.types.assignable(t, &string) => {
                self.argument_mismatch(a, t, "string", name);
            }
            ("number", [a], [t]) => {
                let ok = matches!(
                    self.types.resolve(t),
                    Type::Any
                        | Type::Number
                        | Type::Bool
                        | Type::String
                        | Type::StrLit(_)
                        | Type::Union(_)
                );
                if !ok {
                    self.argument_mismatch(a, t, "a string, number or bool", name);
                }
            }
            ("starts_with", [a, b], [ta, tb]) => {
                if !self.types.assignable(ta, &string) {
                    self.argument_mismatch(a, ta, "string", name);
                }
                if !self.types.assignable(tb, &string) {
                    self.argument_mismatch(b, tb, "string", name);
                }
            }
            ("contains", [a, b], [ta, tb]) => match self.types.resolve(ta).clone() {
                Type::Any => {}
                Type::List(element) => {
                    let (ta, tb) = ((*element).clone(), tb.clone());
                    self.compare(whole, BinOp::Eq, a, &ta, b, &tb);
                }
                t if is_stringy(&t) => {
                    if !self.types.assignable(tb, &string) {
                        self.argument_mismatch(b, tb, "string", name);
                    }
                }
                _ => self.argument_mismatch(a, ta, "a string or a list", name),
            },
            _ => {}
        }
        result
    }

    pub(super) fn arity(&mut self, whole: &Expr, func: &Ident, args: &[Expr], expected: usize) {
        let span = match (args.first(), args.last()) {
            (Some(first), Some(last)) if args.len() > expected => {
                let extra = args.get(expected).map_or(first.span, |e| e.span);
                extra.to(last.span)
            }
            _ => whole.span,
        };
        self.diagnostics
            .push(d::wrong_argument_count(span, func, expected, args.len()));
    }

    pub(super) fn argument_mismatch(&mut self, arg: &Expr, ty: &Type, expected: &str, func: &str) {
        let shown = self.types.display(ty);
        let help = match expected {
            "string" => "convert it first: `string(…)`".to_owned(),
            other => format!("pass {other}"),
        };
        self.diagnostics.push(
            d::mismatched_types(
                arg.span,
                expected,
                &shown,
                &format!("the argument of `{func}`"),
            )
            .with_help(help),
        );
    }
}

/// Whether an expression is a path (`x`, `x.a`, `x.a[0].b`): what `exists`
/// can test.
fn path_key_or_index(expr: &Expr) -> bool {
    let mut current = expr;
    loop {
        match &current.kind {
            ExprKind::Var(_) => return true,
            ExprKind::Field { base, .. } | ExprKind::Index { base, .. } => current = base,
            _ => return false,
        }
    }
}

//! Check, types: the type model and the typing of expressions.
//!
//! Takes type expressions and expressions from the AST; returns [`Type`]s and
//! pushes type errors (E02xx), unknown fields and functions (E0108, E0109).
//! Named types live in a [`TypeTable`] built once per file; a type that
//! names another stays [`Type::Named`] and is resolved only when a field is
//! read, so recursive types (`type Tree = { children: [Tree] }`) are fine
//! and nothing is ever expanded eagerly.
//!
//! A value whose type is unknown (an unknown name, an earlier error) is
//! [`Type::Any`], which is compatible with everything: one mistake is
//! reported once and does not cascade.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::rc::Rc;

use crate::check::Checker;
use crate::check::diagnostics as d;
use crate::diag::Diagnostics;
use crate::suggest;
use crate::syntax::ast::{
    BinOp, Expr, ExprKind, Ident, Template, TemplatePart, TypeDef, TypeExpr, TypeKind, UnaryOp,
};

/// A type of the SFL type model.
#[derive(Debug, Clone, PartialEq)]
pub enum Type {
    /// Unknown or unchecked: compatible with everything.
    Any,
    /// `string`
    String,
    /// `number`
    Number,
    /// `bool`
    Bool,
    /// `null`
    Null,
    /// The type of a string literal in an expression, e.g. `"open"`. It fits
    /// a union that contains it, and widens to `string` when stored in a
    /// variable.
    StrLit(Rc<str>),
    /// A declared union of string literals, `"open" | "closed"`.
    Union(Rc<[String]>),
    /// `[T]`
    List(Rc<Type>),
    /// `{ k: T, k2?: T }`
    Record(Rc<[Field]>),
    /// `{string: T}`
    Map(Rc<Type>),
    /// A named type: an index into the [`TypeTable`].
    Named(usize),
}

/// One field of a record type.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The field's name.
    pub name: String,
    /// Its type.
    pub ty: Type,
    /// Whether it was written `k?: T`.
    pub optional: bool,
}

/// How deeply expressions are typed before the rest is taken as `any`. A
/// parsed expression is never deeper than the syntax stage's nesting limit
/// (operator chains and paths included); this guards trees built by hand.
const MAX_EXPR_DEPTH: usize = 256;

/// How deep the structural relations below look into nested types before
/// giving up and calling two types compatible. It bounds the work on
/// recursive named types.
const MAX_TYPE_DEPTH: usize = 16;

impl Type {
    /// The type of an HTTP response whose body has type `body`.
    pub fn response(body: Type) -> Type {
        Type::Record(Rc::from(vec![
            Field {
                name: "status".to_owned(),
                ty: Type::Number,
                optional: false,
            },
            Field {
                name: "status_text".to_owned(),
                ty: Type::String,
                optional: false,
            },
            Field {
                name: "headers".to_owned(),
                ty: Type::Map(Rc::new(Type::String)),
                optional: false,
            },
            Field {
                name: "body".to_owned(),
                ty: body,
                optional: false,
            },
        ]))
    }

    /// The type `catch … as e` binds: `{ error: string, cause: string }`.
    pub fn caught_error() -> Type {
        Type::Record(Rc::from(vec![
            Field {
                name: "error".to_owned(),
                ty: Type::String,
                optional: false,
            },
            Field {
                name: "cause".to_owned(),
                ty: Type::String,
                optional: false,
            },
        ]))
    }
}

/// The named types of one file, resolved.
#[derive(Debug, Clone, Default)]
pub struct TypeTable {
    /// One entry per distinct name, in source order (first definition wins).
    defs: Vec<NamedType>,
    by_name: HashMap<String, usize>,
}

#[derive(Debug, Clone)]
struct NamedType {
    name: String,
    ty: Type,
    /// Named types this one refers to, for the "unused type" reachability.
    refers_to: Vec<usize>,
}

impl TypeTable {
    /// Builds the table from the file's type definitions (the first of each
    /// name; duplicates were reported by `names`). Reports unknown names
    /// inside definitions, duplicate record fields and alias cycles.
    pub fn build(defs: &[&TypeDef], diagnostics: &mut Diagnostics) -> TypeTable {
        let mut table = TypeTable::default();
        for def in defs {
            let index = table.defs.len();
            table.by_name.insert(def.name.name.clone(), index);
            table.defs.push(NamedType {
                name: def.name.name.clone(),
                ty: Type::Any,
                refers_to: Vec::new(),
            });
        }
        for (index, def) in defs.iter().enumerate() {
            let mut refs = Vec::new();
            let ty = table.convert(&def.ty, &mut refs, diagnostics);
            if let Some(entry) = table.defs.get_mut(index) {
                entry.ty = ty;
                entry.refers_to = refs;
            }
        }
        table.reject_alias_cycles(defs, diagnostics);
        table
    }

    /// Converts a type expression, reporting unknown type names. `refs`
    /// collects the named types it mentions.
    pub fn convert(
        &self,
        expr: &TypeExpr,
        refs: &mut Vec<usize>,
        diagnostics: &mut Diagnostics,
    ) -> Type {
        match &expr.kind {
            TypeKind::String => Type::String,
            TypeKind::Number => Type::Number,
            TypeKind::Bool => Type::Bool,
            TypeKind::Null => Type::Null,
            TypeKind::Any => Type::Any,
            TypeKind::Named(name) => {
                if let Some(&index) = self.by_name.get(&name.name) {
                    refs.push(index);
                    Type::Named(index)
                } else {
                    let help = suggest::did_you_mean(
                        &name.name,
                        self.defs.iter().map(|d| d.name.as_str()),
                    );
                    diagnostics.push(d::unknown_type(name, help));
                    Type::Any
                }
            }
            TypeKind::List(inner) => Type::List(Rc::new(self.convert(inner, refs, diagnostics))),
            TypeKind::Map(inner) => Type::Map(Rc::new(self.convert(inner, refs, diagnostics))),
            TypeKind::Record(fields) => {
                let mut seen: HashMap<&str, crate::source::Span> = HashMap::new();
                let mut out = Vec::with_capacity(fields.len());
                for field in fields {
                    if let Some(first) = seen.get(field.name.name.as_str()) {
                        diagnostics.push(d::duplicate_key(&field.name, *first, "field"));
                        continue;
                    }
                    seen.insert(&field.name.name, field.name.span);
                    out.push(Field {
                        name: field.name.name.clone(),
                        ty: self.convert(&field.ty, refs, diagnostics),
                        optional: field.optional,
                    });
                }
                Type::Record(Rc::from(out))
            }
            TypeKind::Union(literals) => {
                let mut values: Vec<String> = Vec::with_capacity(literals.len());
                for literal in literals {
                    if !values.contains(&literal.value) {
                        values.push(literal.value.clone());
                    }
                }
                Type::Union(Rc::from(values))
            }
        }
    }

    /// `type A = B` with `type B = A` names no actual type. Every definition
    /// is visited once along its alias chain (three-colour walk), so this is
    /// linear in the number of definitions.
    fn reject_alias_cycles(&mut self, defs: &[&TypeDef], diagnostics: &mut Diagnostics) {
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            Unvisited,
            OnPath,
            Done,
        }
        let mut marks = vec![Mark::Unvisited; self.defs.len()];
        for start in 0..self.defs.len() {
            let mut path = Vec::new();
            let mut current = start;
            loop {
                match marks.get(current).copied() {
                    Some(Mark::Unvisited) => {}
                    Some(Mark::OnPath) => {
                        // The cycle is the part of the path from `current` on.
                        let from = path.iter().position(|&i| i == current).unwrap_or(0);
                        let cycle: Vec<usize> = path.get(from..).unwrap_or_default().to_vec();
                        self.report_cycle(&cycle, defs, diagnostics);
                        break;
                    }
                    Some(Mark::Done) | None => break,
                }
                if let Some(mark) = marks.get_mut(current) {
                    *mark = Mark::OnPath;
                }
                path.push(current);
                match self.defs.get(current).map(|d| &d.ty) {
                    Some(Type::Named(next)) => current = *next,
                    _ => break,
                }
            }
            for index in path {
                if let Some(mark) = marks.get_mut(index) {
                    *mark = Mark::Done;
                }
            }
        }
    }

    fn report_cycle(&mut self, cycle: &[usize], defs: &[&TypeDef], diagnostics: &mut Diagnostics) {
        let Some(&first) = cycle.iter().min() else {
            return;
        };
        let names: Vec<&TypeDef> = cycle.iter().filter_map(|&i| defs.get(i).copied()).collect();
        if let Some(def) = defs.get(first) {
            diagnostics.push(d::type_alias_cycle(def, &names));
        }
        // Every member stands for nothing; treat them as `any` from here on.
        for &index in cycle {
            if let Some(entry) = self.defs.get_mut(index) {
                entry.ty = Type::Any;
            }
        }
    }

    /// The index of a named type.
    pub fn lookup(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).copied()
    }

    /// Every type name, for suggestions.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.defs.iter().map(|d| d.name.as_str())
    }

    /// The types a named type refers to directly.
    pub fn refers_to(&self, index: usize) -> &[usize] {
        self.defs.get(index).map_or(&[], |d| d.refers_to.as_slice())
    }

    /// Number of named types.
    pub fn len(&self) -> usize {
        self.defs.len()
    }

    /// Whether there are no named types.
    pub fn is_empty(&self) -> bool {
        self.defs.is_empty()
    }

    /// Follows `Named` links to a structural type. Alias cycles were turned
    /// into `Any`, but the walk is bounded anyway.
    pub fn resolve<'t>(&'t self, ty: &'t Type) -> &'t Type {
        let mut current = ty;
        for _ in 0..=self.defs.len() {
            match current {
                Type::Named(index) => match self.defs.get(*index) {
                    Some(def) => current = &def.ty,
                    None => return &Type::Any,
                },
                other => return other,
            }
        }
        &Type::Any
    }

    /// The type as the user would write it, for messages.
    pub fn display(&self, ty: &Type) -> String {
        let mut out = String::new();
        self.write_type(ty, &mut out, 0);
        out
    }

    fn write_type(&self, ty: &Type, out: &mut String, depth: usize) {
        // Long or deep types are cut: a message names a type, it does not
        // print its definition.
        if depth > 2 || out.len() > 60 {
            out.push('…');
            return;
        }
        match ty {
            Type::Any => out.push_str("any"),
            Type::String => out.push_str("string"),
            Type::Number => out.push_str("number"),
            Type::Bool => out.push_str("bool"),
            Type::Null => out.push_str("null"),
            Type::StrLit(value) => {
                let _ = write!(out, "{value:?}");
            }
            Type::Union(values) => {
                for (i, value) in values.iter().enumerate() {
                    if i > 0 {
                        out.push_str(" | ");
                    }
                    let _ = write!(out, "{value:?}");
                }
            }
            Type::List(inner) => {
                out.push('[');
                self.write_type(inner, out, depth + 1);
                out.push(']');
            }
            Type::Map(inner) => {
                out.push_str("{string: ");
                self.write_type(inner, out, depth + 1);
                out.push('}');
            }
            Type::Record(fields) => {
                out.push_str("{ ");
                for (i, field) in fields.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(&field.name);
                    out.push_str(if field.optional { "?: " } else { ": " });
                    self.write_type(&field.ty, out, depth + 1);
                }
                out.push_str(" }");
            }
            Type::Named(index) => match self.defs.get(*index) {
                Some(def) => out.push_str(&def.name),
                None => out.push_str("any"),
            },
        }
    }

    /// `ty` for a message about a mismatch with `other`: a string literal
    /// shows as its value only where `other` is a union it could belong to,
    /// and as `string` everywhere else.
    pub fn shown_against(&self, ty: &Type, other: &Type) -> String {
        match (ty, self.resolve(other)) {
            (Type::StrLit(_), Type::Union(_) | Type::StrLit(_)) => self.display(ty),
            (Type::StrLit(_), _) => "string".to_owned(),
            _ => self.display(ty),
        }
    }

    /// Whether a value of type `from` may be stored where `to` is expected.
    pub fn assignable(&self, from: &Type, to: &Type) -> bool {
        self.assignable_at(from, to, 0)
    }

    fn assignable_at(&self, from: &Type, to: &Type, depth: usize) -> bool {
        if depth > MAX_TYPE_DEPTH {
            return true;
        }
        if let (Type::Named(a), Type::Named(b)) = (from, to)
            && a == b
        {
            return true;
        }
        let from = self.resolve(from);
        let to = self.resolve(to);
        match (from, to) {
            (Type::Any, _) | (_, Type::Any) => true,
            (Type::String, Type::String)
            | (Type::Number, Type::Number)
            | (Type::Bool, Type::Bool)
            | (Type::Null, Type::Null) => true,
            (Type::StrLit(_) | Type::Union(_), Type::String) => true,
            (Type::StrLit(value), Type::StrLit(other)) => value == other,
            (Type::StrLit(value), Type::Union(values)) => values.iter().any(|v| **v == **value),
            (Type::Union(values), Type::Union(allowed)) => {
                values.iter().all(|v| allowed.contains(v))
            }
            (Type::Union(values), Type::StrLit(value)) => values.iter().all(|v| **v == **value),
            (Type::List(a), Type::List(b)) => self.assignable_at(a, b, depth + 1),
            (Type::Map(a), Type::Map(b)) => self.assignable_at(a, b, depth + 1),
            (Type::Record(fields), Type::Map(value)) => fields
                .iter()
                .all(|f| self.assignable_at(&f.ty, value, depth + 1)),
            (Type::Record(have), Type::Record(want)) => {
                want.iter()
                    .all(|w| match have.iter().find(|h| h.name == w.name) {
                        Some(h) => self.assignable_at(&h.ty, &w.ty, depth + 1),
                        None => w.optional,
                    })
            }
            _ => false,
        }
    }

    /// Whether two values can sensibly be compared with `==`.
    pub fn comparable(&self, a: &Type, b: &Type) -> Comparison {
        self.comparable_at(a, b, 0)
    }

    fn comparable_at(&self, a: &Type, b: &Type, depth: usize) -> Comparison {
        if depth > MAX_TYPE_DEPTH {
            return Comparison::Fine;
        }
        let a = self.resolve(a);
        let b = self.resolve(b);
        match (a, b) {
            // `x == null` tests for an absent value, whatever `x` is.
            (Type::Any | Type::Null, _) | (_, Type::Any | Type::Null) => Comparison::Fine,
            (Type::Number, Type::Number) | (Type::Bool, Type::Bool) => Comparison::Fine,
            (Type::String, t) | (t, Type::String) if is_stringy(t) => Comparison::Fine,
            (Type::StrLit(value), Type::Union(values))
            | (Type::Union(values), Type::StrLit(value)) => {
                if values.iter().any(|v| **v == **value) {
                    Comparison::Fine
                } else {
                    Comparison::NotInUnion
                }
            }
            (Type::Union(x), Type::Union(y)) => {
                if x.iter().any(|v| y.contains(v)) {
                    Comparison::Fine
                } else {
                    Comparison::Unrelated
                }
            }
            (Type::StrLit(x), Type::StrLit(y)) => {
                if x == y {
                    Comparison::Fine
                } else {
                    Comparison::Unrelated
                }
            }
            (Type::List(x), Type::List(y)) => match self.comparable_at(x, y, depth + 1) {
                Comparison::Fine => Comparison::Fine,
                _ => Comparison::Unrelated,
            },
            (Type::Record(_) | Type::Map(_), Type::Record(_) | Type::Map(_)) => Comparison::Fine,
            _ => Comparison::Unrelated,
        }
    }

    /// The type of a value that is either `a` or `b` (branches of `??`, the
    /// elements of a list literal, a variable declared in several branches).
    pub fn join(&self, a: &Type, b: &Type) -> Type {
        if a == b {
            return a.clone();
        }
        match (self.resolve(a), self.resolve(b)) {
            (Type::Any, _) | (_, Type::Any) => Type::Any,
            (x, y) if x == y => a.clone(),
            (x, y) if literals(x).is_some() && literals(y).is_some() => {
                let mut values: Vec<String> = literals(x).unwrap_or_default();
                for value in literals(y).unwrap_or_default() {
                    if !values.contains(&value) {
                        values.push(value);
                    }
                }
                Type::Union(Rc::from(values))
            }
            (x, y) if is_stringy(x) && is_stringy(y) => Type::String,
            (Type::List(x), Type::List(y)) => Type::List(Rc::new(self.join(x, y))),
            _ => Type::Any,
        }
    }

    /// Whether a value of this type prints as one piece of text (for path
    /// interpolation): anything but a list, a record or a map.
    pub fn is_scalar(&self, ty: &Type) -> bool {
        !matches!(
            self.resolve(ty),
            Type::List(_) | Type::Record(_) | Type::Map(_)
        )
    }
}

/// The result of [`TypeTable::comparable`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    /// The values may be equal.
    Fine,
    /// A string literal compared with a union that does not contain it.
    NotInUnion,
    /// The types have nothing in common.
    Unrelated,
}

/// `string`, a string literal or a union of them.
fn is_stringy(ty: &Type) -> bool {
    matches!(ty, Type::String | Type::StrLit(_) | Type::Union(_))
}

/// The literal values of a string literal or union type.
fn literals(ty: &Type) -> Option<Vec<String>> {
    match ty {
        Type::StrLit(value) => Some(vec![value.to_string()]),
        Type::Union(values) => Some(values.to_vec()),
        _ => None,
    }
}

/// The type a `let` gives its variable: string literals widen to `string`
/// (so `let s = "a"` can later be `set` to another string), `null` and
/// empty lists say nothing about later values and become `any`.
pub fn widen(ty: Type) -> Type {
    match ty {
        Type::StrLit(_) => Type::String,
        Type::Null => Type::Any,
        Type::List(inner) => Type::List(Rc::new(widen((*inner).clone()))),
        Type::Record(fields) => Type::Record(
            fields
                .iter()
                .map(|f| Field {
                    name: f.name.clone(),
                    ty: widen(f.ty.clone()),
                    optional: f.optional,
                })
                .collect(),
        ),
        other => other,
    }
}

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
    ("count", "len"),
    ("exist", "exists"),
    ("has", "exists"),
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
        .find(|(alias, _)| alias.replace('_', "") == lower)
        .map(|(_, ours)| format!("did you mean `{ours}`?"))
        .or_else(|| suggest::did_you_mean(name, FUNCTIONS.iter().copied()))
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
            ExprKind::Var(ident) => self.read_var(ident),
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

    fn arity(&mut self, whole: &Expr, func: &Ident, args: &[Expr], expected: usize) {
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

    fn argument_mismatch(&mut self, arg: &Expr, ty: &Type, expected: &str, func: &str) {
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

//! Check, types: the type model.
//!
//! Takes type expressions from the AST and returns [`Type`]s; reports
//! unknown type names, duplicate fields and alias cycles (E0106, E0112,
//! E0201). Named types live in a [`TypeTable`] built once per file; a type
//! that names another stays [`Type::Named`] and is resolved only when a
//! field is read, so recursive types (`type Tree = { children: [Tree] }`)
//! are fine and nothing is ever expanded eagerly. The relations between
//! types (assignable, comparable, join) live here too; typing expressions
//! is `check::infer`.
//!
//! A value whose type is unknown (an unknown name, an earlier error) is
//! [`Type::Any`], which is compatible with everything: one mistake is
//! reported once and does not cascade.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::rc::Rc;

use crate::check::diagnostics as d;
use crate::diag::Diagnostics;
use crate::suggest;
use crate::syntax::ast::{TypeDef, TypeExpr, TypeKind};

/// A type of the SFL type model.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Field {
    /// The field's name.
    pub name: String,
    /// Its type.
    pub ty: Type,
    /// Whether it was written `k?: T`.
    pub optional: bool,
}

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
    ///
    /// Recursive named types make this a question about infinite trees, so
    /// it is answered coinductively: a pair of types met again while it is
    /// already being compared is assumed to fit. Every pair is expanded at
    /// most once per question, which keeps the work polynomial in the size
    /// of the type definitions however the types recurse.
    pub fn assignable(&self, from: &Type, to: &Type) -> bool {
        self.assignable_in(from, to, &mut Assumed::default())
    }

    fn assignable_in(&self, from: &Type, to: &Type, assumed: &mut Assumed) -> bool {
        if let (Type::Named(a), Type::Named(b)) = (from, to)
            && a == b
        {
            return true;
        }
        // Keeping an assumption after its comparison failed is sound: every
        // rule below is a conjunction, so one failure fails the whole
        // question and nothing is answered from the stale assumption.
        if !assumed.assume(from, to) {
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
            (Type::List(a), Type::List(b)) => self.assignable_in(a, b, assumed),
            (Type::Map(a), Type::Map(b)) => self.assignable_in(a, b, assumed),
            (Type::Record(fields), Type::Map(value)) => fields
                .iter()
                .all(|f| self.assignable_in(&f.ty, value, assumed)),
            (Type::Record(have), Type::Record(want)) => {
                want.iter()
                    .all(|w| match have.iter().find(|h| h.name == w.name) {
                        Some(h) => self.assignable_in(&h.ty, &w.ty, assumed),
                        None => w.optional,
                    })
            }
            _ => false,
        }
    }

    /// Whether two values can sensibly be compared with `==`.
    pub fn comparable(&self, a: &Type, b: &Type) -> Comparison {
        self.comparable_in(a, b, &mut Assumed::default())
    }

    /// Only lists recurse here; a pair met again along one chain of list
    /// elements is assumed comparable, as in [`Self::assignable`].
    fn comparable_in(&self, a: &Type, b: &Type, assumed: &mut Assumed) -> Comparison {
        if !assumed.assume(a, b) {
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
            (Type::List(x), Type::List(y)) => match self.comparable_in(x, y, assumed) {
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
        self.join_in(a, b, &mut Assumed::default())
    }

    /// Two different recursive list types join to an infinitely nested list
    /// that has no name; the element at which the pair recurs becomes `any`.
    fn join_in(&self, a: &Type, b: &Type, assumed: &mut Assumed) -> Type {
        if a == b {
            return a.clone();
        }
        if !assumed.assume(a, b) {
            return Type::Any;
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
            (Type::List(x), Type::List(y)) => Type::List(Rc::new(self.join_in(x, y, assumed))),
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

/// The pairs of types one structural question has already taken up.
///
/// Only pairs with a named side are kept: a written-out type is a finite
/// tree, so any endless descent must pass through a named type on at least
/// one side, and the pairs with a named side are few (named types times the
/// parts of the definitions) however the definitions refer to each other.
/// Keeping just named-with-named pairs would not do: `{string: {string: A}}`
/// against `{string: B}` with `B` defined the same way alternates forever
/// between one side named and the other.
#[derive(Debug, Default)]
struct Assumed {
    pairs: HashSet<(Type, Type)>,
}

impl Assumed {
    /// Records that `a` against `b` is being taken up. False when it was
    /// already, so the caller assumes the answer instead of recursing.
    fn assume(&mut self, a: &Type, b: &Type) -> bool {
        if !matches!(a, Type::Named(_)) && !matches!(b, Type::Named(_)) {
            return true;
        }
        self.pairs.insert((a.clone(), b.clone()))
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
pub(super) fn is_stringy(ty: &Type) -> bool {
    matches!(ty, Type::String | Type::StrLit(_) | Type::Union(_))
}

/// The literal values of a string literal or union type.
pub(super) fn literals(ty: &Type) -> Option<Vec<String>> {
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

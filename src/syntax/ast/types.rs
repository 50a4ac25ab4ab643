//! Type expressions as written.

use super::{Ident, Key, StrLit};
use crate::source::Span;

/// A type expression.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeExpr {
    /// What kind.
    pub kind: TypeKind,
    /// The whole type expression.
    pub span: Span,
}

/// The type forms.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// `string`
    String,
    /// `number`
    Number,
    /// `bool`
    Bool,
    /// `null`
    Null,
    /// `any`
    Any,
    /// A named type (`Order`).
    Named(Ident),
    /// `[T]`
    List(Box<TypeExpr>),
    /// `{ k: T, k2?: T }`
    Record(Vec<FieldType>),
    /// `{string: T}`
    Map(Box<TypeExpr>),
    /// `"a" | "b"` (one literal is a union of one)
    Union(Vec<StrLit>),
}

/// `k: T` or `k?: T` in a record type.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldType {
    /// The field's name.
    pub name: Key,
    /// Whether it was written `k?`.
    pub optional: bool,
    /// Its type.
    pub ty: TypeExpr,
    /// The whole field.
    pub span: Span,
}

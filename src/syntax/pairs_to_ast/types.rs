//! Type expressions: unions, lists, records and maps.

use super::{Builder, P, children, is_type_case, span_of};
use crate::suggest;
use crate::syntax::ast::{FieldType, Key, TypeExpr, TypeKind};
use crate::syntax::parser::Rule;
use crate::syntax::{KEYWORDS, diagnostics};

const BUILTIN_TYPES: &[&str] = &["string", "number", "bool", "null", "any"];

impl Builder {
    pub(super) fn type_expr(&self, pair: P<'_>) -> Option<TypeExpr> {
        let span = span_of(&pair);
        let mut terms: Vec<P<'_>> = children(pair).collect();
        if terms.len() == 1 {
            return self.type_term(terms.pop()?);
        }
        let mut members = Vec::new();
        let mut others: Vec<P<'_>> = Vec::new();
        for term in terms {
            if matches!(term.as_rule(), Rule::string | Rule::sq_string) {
                members.extend(self.str_lit(&term, "a union member"));
            } else {
                others.push(term);
            }
        }
        if let Some(first) = others.first() {
            let member = if others.iter().any(|o| o.as_str() == "null") {
                "null"
            } else {
                first.as_str()
            };
            self.report(diagnostics::non_string_union(span_of(first), member));
        }
        Some(TypeExpr {
            kind: TypeKind::Union(members),
            span,
        })
    }

    fn type_term(&self, pair: P<'_>) -> Option<TypeExpr> {
        let span = span_of(&pair);
        let kind = match pair.as_rule() {
            Rule::list_type => TypeKind::List(Box::new(self.type_expr(children(pair).next()?)?)),
            Rule::record_type => {
                let mut fields = children(pair)
                    .map(|field| self.field_type(field))
                    .collect::<Option<Vec<_>>>()?;
                // `{string: T}` is a map; `{"string": T}` a record field.
                match fields.as_slice() {
                    [(field, quoted)]
                        if !field.optional && field.name.name == "string" && !quoted =>
                    {
                        TypeKind::Map(Box::new(fields.pop()?.0.ty))
                    }
                    _ => TypeKind::Record(fields.into_iter().map(|(field, _)| field).collect()),
                }
            }
            Rule::string | Rule::sq_string => TypeKind::Union(vec![self.str_lit(&pair, "a type")?]),
            Rule::word => self.type_word(&pair),
            _ => return None,
        };
        Some(TypeExpr { kind, span })
    }

    fn type_word(&self, pair: &P<'_>) -> TypeKind {
        match pair.as_str() {
            "string" => TypeKind::String,
            "number" => TypeKind::Number,
            "bool" => TypeKind::Bool,
            "null" => TypeKind::Null,
            "any" => TypeKind::Any,
            name => {
                let span = span_of(pair);
                if !is_type_case(name)
                    && !KEYWORDS.contains(&name)
                    && let Some(builtin) = suggest::suggest(name, BUILTIN_TYPES.iter().copied())
                {
                    self.report(diagnostics::misspelt_builtin_type(span, name, builtin));
                    return TypeKind::Any;
                }
                TypeKind::Named(self.type_name(pair))
            }
        }
    }

    /// A record field, and whether its name was quoted.
    fn field_type(&self, pair: P<'_>) -> Option<(FieldType, bool)> {
        let span = span_of(&pair);
        let mut key = None;
        let mut optional = false;
        let mut ty = None;
        for part in children(pair) {
            match part.as_rule() {
                Rule::key => key = Some(part),
                Rule::p_question => optional = true,
                Rule::type_expr => ty = Some(self.type_expr(part)?),
                _ => return None,
            }
        }
        let key = key?;
        let quoted = key.clone().into_inner().next()?.as_rule() != Rule::word;
        let field = FieldType {
            name: self.key(key)?,
            optional,
            ty: ty?,
            span,
        };
        Some((field, quoted))
    }

    /// An object or record key: a word as written, or a fixed string.
    pub(super) fn key(&self, pair: P<'_>) -> Option<Key> {
        let inner = pair.into_inner().next()?;
        let span = span_of(&inner);
        let name = match inner.as_rule() {
            Rule::word => inner.as_str().to_owned(),
            Rule::string | Rule::sq_string => self.str_lit(&inner, "a key")?.value,
            _ => return None,
        };
        Some(Key { name, span })
    }
}

//! Schema: the JSON Schema of a workflow's execution input.
//!
//! Takes [`check::Checked`] and returns a JSON Schema (draft 2020-12) for
//! the type declared in `workflow name(input: Type)`, so that `aslc run`
//! (and any caller) can reject a malformed input before anything runs. It
//! sits beside `lower`: both read the checked program, neither calls the
//! other, and no earlier stage calls this one.
//!
//! Each named type the input reaches becomes one entry of `$defs`, referred
//! to with `$ref`; that is what keeps recursive types (`type Tree =
//! { children: [Tree] }`) finite. Records do not forbid extra fields: a
//! record type says which fields a value has, not which it lacks, and the
//! type checker treats extra fields the same way.

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};

use crate::check::Checked;
use crate::check::types::{Field, Type, TypeTable};
use crate::diag::Diagnostics;

/// The dialect every generated schema declares.
pub const DRAFT_2020_12: &str = "https://json-schema.org/draft/2020-12/schema";

/// The JSON Schema of the workflow's input. A workflow without a declared
/// input type accepts any JSON value (`any`).
pub fn input_schema(checked: &Checked) -> Value {
    let input_type = declared_input_type(checked);
    let mut root = Map::new();
    root.insert("$schema".to_owned(), json!(DRAFT_2020_12));
    root.insert(
        "title".to_owned(),
        json!(format!("input of workflow {}", checked.workflow.name.name)),
    );
    let writer = SchemaWriter {
        table: &checked.type_table,
    };
    if let Value::Object(body) = writer.schema_of(&input_type) {
        root.extend(body);
    }
    let defs = writer.defs_reachable_from(&input_type);
    if !defs.is_empty() {
        root.insert("$defs".to_owned(), Value::Object(defs));
    }
    Value::Object(root)
}

/// The input parameter's type; `any` when the workflow declares none. The
/// type expression was already converted (and its errors reported) by
/// check, so converting it again here reports nothing new.
fn declared_input_type(checked: &Checked) -> Type {
    let Some(param) = &checked.workflow.input else {
        return Type::Any;
    };
    let mut refs = Vec::new();
    let mut ignored = Diagnostics::new();
    checked
        .type_table
        .convert(&param.ty, &mut refs, &mut ignored)
}

struct SchemaWriter<'t> {
    table: &'t TypeTable,
}

impl SchemaWriter<'_> {
    /// The schema of one type; named types become `$ref`s into `$defs`.
    fn schema_of(&self, ty: &Type) -> Value {
        match ty {
            Type::Any => json!({}),
            Type::String => json!({ "type": "string" }),
            Type::Number => json!({ "type": "number" }),
            Type::Bool => json!({ "type": "boolean" }),
            Type::Null => json!({ "type": "null" }),
            Type::StrLit(value) => json!({ "const": value.as_ref() }),
            Type::Union(values) => json!({ "type": "string", "enum": values.as_ref() }),
            Type::List(item) => json!({ "type": "array", "items": self.schema_of(item) }),
            Type::Map(value) => {
                json!({ "type": "object", "additionalProperties": self.schema_of(value) })
            }
            Type::Record(fields) => self.record_schema(fields),
            Type::Named(index) => json!({ "$ref": format!("#/$defs/{}", self.name_of(*index)) }),
        }
    }

    fn record_schema(&self, fields: &[Field]) -> Value {
        let properties: Map<String, Value> = fields
            .iter()
            .map(|field| (field.name.clone(), self.schema_of(&field.ty)))
            .collect();
        let required: Vec<&str> = fields
            .iter()
            .filter(|field| !field.optional)
            .map(|field| field.name.as_str())
            .collect();
        let mut schema = Map::new();
        schema.insert("type".to_owned(), json!("object"));
        schema.insert("properties".to_owned(), Value::Object(properties));
        if !required.is_empty() {
            schema.insert("required".to_owned(), json!(required));
        }
        Value::Object(schema)
    }

    fn name_of(&self, index: usize) -> &str {
        self.table.names().nth(index).unwrap_or("unknown")
    }

    /// `$defs` for every named type `ty` reaches, in source order so the
    /// output is the same on every run.
    fn defs_reachable_from(&self, ty: &Type) -> Map<String, Value> {
        let mut reached = BTreeSet::new();
        let mut pending = Vec::new();
        named_in(ty, &mut pending);
        while let Some(index) = pending.pop() {
            if reached.insert(index) {
                pending.extend_from_slice(self.table.refers_to(index));
            }
        }
        reached
            .into_iter()
            .map(|index| {
                let named = Type::Named(index);
                let definition = self.table.resolve(&named);
                (self.name_of(index).to_owned(), self.schema_of(definition))
            })
            .collect()
    }
}

/// The named types a type mentions directly (not through other names).
fn named_in(ty: &Type, out: &mut Vec<usize>) {
    match ty {
        Type::Named(index) => out.push(*index),
        Type::List(inner) | Type::Map(inner) => named_in(inner, out),
        Type::Record(fields) => fields.iter().for_each(|field| named_in(&field.ty, out)),
        Type::Any
        | Type::String
        | Type::Number
        | Type::Bool
        | Type::Null
        | Type::StrLit(_)
        | Type::Union(_) => {}
    }
}

/// One way an input fails its schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputProblem {
    /// JSON pointer to the offending value (`""` is the whole input).
    pub pointer: String,
    /// What is wrong with it.
    pub message: String,
}

/// Checks `input` against a schema from [`input_schema`]. Returns every
/// problem, sorted by pointer; empty when the input fits. A schema that does
/// not compile is reported as one problem at the root.
pub fn validate_input(schema: &Value, input: &Value) -> Vec<InputProblem> {
    let validator = match jsonschema::draft202012::new(schema) {
        Ok(validator) => validator,
        Err(error) => {
            return vec![InputProblem {
                pointer: String::new(),
                message: format!("the input schema does not compile: {error}"),
            }];
        }
    };
    let mut problems: Vec<InputProblem> = validator
        .iter_errors(input)
        .map(|error| InputProblem {
            pointer: error.instance_path().as_str().to_owned(),
            message: error.to_string(),
        })
        .collect();
    problems.sort_by(|a, b| (&a.pointer, &a.message).cmp(&(&b.pointer, &b.message)));
    problems.dedup();
    problems
}

#[cfg(test)]
mod tests;

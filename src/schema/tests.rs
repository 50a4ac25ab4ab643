#![allow(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a panic is a failure"
)]

use serde_json::{Value, json};

use super::{InputProblem, input_schema, validate_input};
use crate::SourceFile;
use crate::diag::Diagnostics;

fn schema_for(source: &str) -> Value {
    let file = SourceFile::new("t.sfl", source.to_owned());
    let mut diagnostics = Diagnostics::new();
    let ast = crate::syntax::parse(&file, &mut diagnostics).expect("parses");
    let checked = crate::check::check_file(&ast, &mut diagnostics).expect("checks");
    assert!(!diagnostics.has_errors(), "{diagnostics:?}");
    input_schema(&checked)
}

fn pointers(problems: &[InputProblem]) -> Vec<&str> {
    problems.iter().map(|p| p.pointer.as_str()).collect()
}

#[test]
fn a_record_lists_its_non_optional_fields_as_required() {
    let schema = schema_for(
        "workflow w(input: R) { return input.a }\n\
         type R = { a: string, b?: number, c: [bool], d: {string: null}, e: \"x\" | \"y\" }\n",
    );
    assert_eq!(schema["$ref"], json!("#/$defs/R"));
    assert_eq!(
        schema["$defs"]["R"],
        json!({
            "type": "object",
            "properties": {
                "a": { "type": "string" },
                "b": { "type": "number" },
                "c": { "type": "array", "items": { "type": "boolean" } },
                "d": { "type": "object", "additionalProperties": { "type": "null" } },
                "e": { "type": "string", "enum": ["x", "y"] }
            },
            "required": ["a", "c", "d", "e"]
        })
    );
    assert_eq!(schema["$schema"], json!(super::DRAFT_2020_12));
}

#[test]
fn a_recursive_type_is_one_def_that_refers_to_itself() {
    let schema = schema_for(
        "workflow w(input: Tree) { return input.name }\n\
         type Tree = { name: string, children: [Tree] }\n\
         type Unused = { x: string }\n",
    );
    let defs = schema["$defs"].as_object().expect("defs");
    assert_eq!(defs.keys().collect::<Vec<_>>(), vec!["Tree"]);
    assert_eq!(
        defs["Tree"]["properties"]["children"]["items"],
        json!({ "$ref": "#/$defs/Tree" })
    );
    let good = json!({ "name": "a", "children": [{ "name": "b", "children": [] }] });
    assert_eq!(validate_input(&schema, &good), vec![]);
    let bad = json!({ "name": "a", "children": [{ "name": 3, "children": [] }] });
    assert_eq!(
        pointers(&validate_input(&schema, &bad)),
        vec!["/children/0/name"]
    );
}

#[test]
fn no_declared_input_accepts_anything() {
    let schema = schema_for("workflow w { return 1 }\n");
    assert!(schema.get("$defs").is_none());
    assert_eq!(validate_input(&schema, &json!([1, "x", null])), vec![]);
}

#[test]
fn every_problem_is_located_and_optional_fields_may_be_absent() {
    let schema = schema_for(
        "workflow w(input: { id: string, tier?: \"a\" | \"b\", n: number }) { return input.id }\n",
    );
    assert_eq!(
        validate_input(&schema, &json!({ "id": "1", "n": 2 })),
        vec![]
    );
    let problems = validate_input(&schema, &json!({ "tier": "c", "n": "2" }));
    assert_eq!(pointers(&problems), vec!["", "/n", "/tier"]);
    assert!(problems[0].message.contains("\"id\""), "{problems:?}");
}

//! `aslc schema`: the printed schema is valid draft 2020-12, accepts the
//! inputs the examples' tests run with, and rejects inputs that break the
//! declared type, at the right place.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a test failure"
)]

use std::path::Path;
use std::process::Command;

use aslc::schema::validate_input;
use serde_json::{Value, json};

fn schema_of(example: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(example);
    let output = Command::new(env!("CARGO_BIN_EXE_aslc"))
        .arg("schema")
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn every_example_schema_is_a_valid_2020_12_schema() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "sfl") {
            let name = path.file_name().unwrap().to_str().unwrap().to_owned();
            let schema = schema_of(&name);
            assert!(
                jsonschema::draft202012::meta::is_valid(&schema),
                "{name}: {schema}"
            );
            seen += 1;
        }
    }
    assert!(seen >= 6, "only {seen} examples");
}

#[test]
fn capture_payment_accepts_a_capture_and_locates_each_problem() {
    let schema = schema_of("capture_payment.sfl");
    let good = json!({ "payment_id": "p1", "amount": 10.5, "currency": "EUR" });
    assert_eq!(validate_input(&schema, &good), vec![]);
    let bad = json!({ "payment_id": 7, "currency": "JPY" });
    let problems = validate_input(&schema, &bad);
    let pointers: Vec<&str> = problems.iter().map(|p| p.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        vec!["", "/currency", "/payment_id"],
        "{problems:?}"
    );
    assert!(problems[0].message.contains("amount"), "{problems:?}");
}

#[test]
fn fan_out_shipments_checks_list_items_through_defs() {
    let schema = schema_of("fan_out_shipments.sfl");
    let bad = json!({ "order_id": "o1", "lines": [{ "sku": "a", "qty": 1 }, { "sku": "b" }] });
    let problems = validate_input(&schema, &bad);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].pointer, "/lines/1");
    assert!(problems[0].message.contains("qty"), "{problems:?}");
}

#[test]
fn a_file_with_errors_prints_no_schema_and_exits_1() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("schema");
    std::fs::create_dir_all(&dir).unwrap();
    let flow = dir.join("broken.sfl");
    std::fs::write(&flow, "workflow w(input: Missing) { return 1 }\n").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_aslc"))
        .arg("schema")
        .arg(&flow)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("E0106"), "{stderr}");
}

#[test]
fn aslc_run_refuses_an_input_that_breaks_the_declared_type_and_runs_nothing() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("schema_run");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("input.json"),
        r#"{"order_id": 9, "priority": "yes"}"#,
    )
    .unwrap();
    std::fs::write(dir.join("mocks.json"), "{}").unwrap();
    let flow = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/order_sync.sfl");
    let output = Command::new(env!("CARGO_BIN_EXE_aslc"))
        .args([
            "run",
            "--json",
            "--input",
            "input.json",
            "--mocks",
            "mocks.json",
        ])
        .arg(&flow)
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty(), "something ran");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("input.json: /order_id: 9 is not of type \"string\""),
        "{stderr}"
    );
    assert!(stderr.contains("input.json: /priority: "), "{stderr}");
}

#![allow(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a panic is a failure"
)]

use serde_json::json;

use super::{Expectation, compare, parse_test_file};

#[test]
fn a_case_parses_with_defaults_for_what_it_leaves_out() {
    let cases = parse_test_file(
        r#"{"tests": [{"name": "ok", "input": {"a": 1}, "expect": {"status": "SUCCEEDED"}},
                      {"name": "bare", "expect": {}}]}"#,
    )
    .unwrap();
    assert_eq!(cases[1].input, json!({}));
    assert_eq!(cases.len(), 2);
    assert_eq!(cases[0].seed, 0);
    assert_eq!(cases[0].mocks, json!({}));
    assert_eq!(cases[0].expect.status.as_deref(), Some("SUCCEEDED"));
    assert_eq!(cases[0].expect.output, None);
}

#[test]
fn bad_files_say_where_and_what() {
    let error = parse_test_file("{\"tests\": [\n  {\"name\": }]}").unwrap_err();
    assert_eq!((error.line, error.column), (2, 12));
    let error = parse_test_file(r#"{"tests": [{"name": "t", "expect": {"stauts": "FAILED"}}]}"#)
        .unwrap_err();
    assert!(
        error
            .message
            .contains("tests[0]: t: unknown key \"stauts\""),
        "{}",
        error.message
    );
    let error =
        parse_test_file(r#"{"tests": [{"name": "t", "expect": {"status": "DONE"}}]}"#).unwrap_err();
    assert!(
        error.message.contains("SUCCEEDED, FAILED, TIMED_OUT"),
        "{}",
        error.message
    );
}

fn result() -> serde_json::Value {
    json!({
        "status": "SUCCEEDED",
        "output": {"invoice": "i-1", "lines": [1, 2]},
        "error": null,
        "cause": null,
        "calls": [
            {"key": "GET billing /orders/1", "status": 503, "attempt": 1},
            {"key": "GET billing /orders/1", "status": 200, "attempt": 2},
            {"key": "POST billing /invoices", "status": 200, "attempt": 1}
        ],
        "elapsed_seconds": 2.5
    })
}

#[test]
fn only_the_expected_fields_are_compared() {
    let expect = Expectation {
        status: Some("SUCCEEDED".to_owned()),
        output: Some(json!({"invoice": "i-1", "lines": [1.0, 2]})),
        calls: Some(
            json!({"GET billing /orders/1": 2, "POST billing /invoices": 1})
                .as_object()
                .unwrap()
                .clone(),
        ),
        elapsed_seconds: Some(json!({"min": 2, "max": 3})),
        ..Expectation::default()
    };
    assert_eq!(compare(&expect, &result()), vec![]);
}

#[test]
fn each_difference_is_reported_at_its_path() {
    let expect = Expectation {
        status: Some("FAILED".to_owned()),
        output: Some(json!({"invoice": "i-2", "lines": [1, 2]})),
        calls: Some(
            json!({"GET billing /orders/1": 1})
                .as_object()
                .unwrap()
                .clone(),
        ),
        elapsed_seconds: Some(json!(2)),
        ..Expectation::default()
    };
    let shown: Vec<String> = compare(&expect, &result())
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        shown,
        vec![
            "status: expected \"FAILED\", got \"SUCCEEDED\"",
            "output/invoice: expected \"i-2\", got \"i-1\"",
            "calls/GET billing /orders/1: expected 1, got 2",
            "calls/POST billing /invoices: expected (absent), got 1",
            "elapsed_seconds: expected 2, got 2.5",
        ]
    );
}

#[test]
fn an_input_that_fails_the_schema_is_not_executed() {
    let case = &parse_test_file(
        r#"{"tests": [{"name": "t", "input": {"id": 3}, "expect": {"status": "SUCCEEDED"}}]}"#,
    )
    .unwrap()[0];
    let schema = json!({"type": "object", "properties": {"id": {"type": "string"}}});
    let outcome = super::run_case(case, Some(&schema), |_| panic!("must not run"));
    assert!(!outcome.passed());
    assert_eq!(outcome.problems.len(), 1, "{:?}", outcome.problems);
    assert!(
        outcome.problems[0].starts_with("input /id: "),
        "{:?}",
        outcome.problems
    );
}

#[test]
fn a_run_passes_when_nothing_differs_and_fails_with_what_differs() {
    let case = &parse_test_file(
        r#"{"tests": [{"name": "t", "expect": {"status": "SUCCEEDED", "output": 1}}]}"#,
    )
    .unwrap()[0];
    let passed = super::run_case(case, None, |_| {
        Ok(json!({"status": "SUCCEEDED", "output": 1}))
    });
    assert!(passed.passed());
    let failed = super::run_case(case, None, |_| {
        Ok(json!({"status": "SUCCEEDED", "output": 2}))
    });
    assert_eq!(failed.mismatches.len(), 1);
    let broken = super::run_case(case, None, |_| Err("mocks: line 1".to_owned()));
    assert_eq!(broken.problems, vec!["mocks: line 1"]);
}

//! `aslc test`: runs the example tests, reports failures with what differed,
//! and uses the exit status the README gives.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a test failure"
)]

use std::path::{Path, PathBuf};
use std::process::Output;

mod support;
use support::run_aslc;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn scratch(name: &str) -> PathBuf {
    let dir = support::fresh_dir("test_cmd", name);
    std::fs::copy(
        root().join("examples/order_sync.sfl"),
        dir.join("order_sync.sfl"),
    )
    .unwrap();
    dir
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// How many tests the example test files hold.
fn example_test_count() -> usize {
    std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.to_string_lossy().ends_with(".test.json"))
        .map(|path| {
            let text = std::fs::read_to_string(path).unwrap();
            aslc::testing::parse_test_file(&text).unwrap().len()
        })
        .sum()
}

#[test]
fn every_example_test_passes() {
    let output = run_aslc(&["test", "examples"], root());
    let out = stdout(&output);
    let count = example_test_count();
    assert!(count >= 18, "only {count} example tests");
    let failing: Vec<&str> = out
        .lines()
        .filter_map(|line| line.strip_prefix("  FAIL  "))
        .collect();
    assert!(
        failing.is_empty(),
        "{out}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        out.ends_with(&format!("{count} passed, 0 failed\n")),
        "{out}"
    );
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn a_failing_test_shows_what_differed_and_exits_1() {
    let dir = scratch("failing");
    std::fs::write(
        dir.join("order_sync.test.json"),
        r#"{"tests": [
          {"name": "right", "input": {"order_id": "9"},
           "mocks": {"GET billing /orders/9?expand=lines": [{"status": 404}]},
           "expect": {"status": "FAILED", "error": "OrderNotFound"}},
          {"name": "wrong", "input": {"order_id": "9"},
           "mocks": {"GET billing /orders/9?expand=lines": [{"status": 404}]},
           "expect": {"status": "FAILED", "error": "OrderNotFound", "cause": "no order 8",
                      "calls": {"GET billing /orders/9?expand=lines": 2}}}
        ]}"#,
    )
    .unwrap();
    let output = run_aslc(&["test"], &dir);
    let out = stdout(&output);
    assert!(out.contains("  ok    right\n"), "{out}");
    assert!(out.contains("  FAIL  wrong\n"), "{out}");
    assert!(
        out.contains("cause: expected \"no order 8\", got \"no order 9\""),
        "{out}"
    );
    assert!(
        out.contains("calls/GET billing /orders/9?expand=lines: expected 2, got 1"),
        "{out}"
    );
    assert!(out.ends_with("1 passed, 1 failed\n"), "{out}");
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn an_input_that_breaks_the_declared_type_fails_without_running() {
    let dir = scratch("bad_input");
    std::fs::write(
        dir.join("order_sync.test.json"),
        r#"{"tests": [{"name": "numeric id", "input": {"order_id": 9},
            "expect": {"status": "SUCCEEDED"}}]}"#,
    )
    .unwrap();
    let output = run_aslc(&["test", "order_sync.test.json"], &dir);
    let out = stdout(&output);
    assert!(
        out.contains("  FAIL  numeric id\n        input /order_id: "),
        "{out}"
    );
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn an_answer_to_an_emit_that_does_not_wait_is_a_test_file_error() {
    let dir = scratch("plain_emit_answer");
    std::fs::copy(
        root().join("examples/approve_refund.sfl"),
        dir.join("approve_refund.sfl"),
    )
    .unwrap();
    std::fs::write(
        dir.join("approve_refund.test.json"),
        r#"{"tests": [{"name": "answered", "input": {"refund_id": "r1", "amount": 40, "reason": "x"},
            "mocks": {"POST payments /refunds/r1": [{"status": 201, "body": {}}],
                      "emit default RefundPaid": [{"answer": {"ok": true}}]},
            "expect": {"status": "SUCCEEDED"}}]}"#,
    )
    .unwrap();
    let output = run_aslc(&["test", "approve_refund.test.json"], &dir);
    let out = stdout(&output);
    assert!(out.contains("  FAIL  answered\n"), "{out}");
    assert!(
        out.contains("mocks: `emit default RefundPaid` is an emit without `wait`"),
        "{out}"
    );
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn a_malformed_test_file_is_located_and_exits_2() {
    let dir = scratch("malformed");
    std::fs::write(
        dir.join("order_sync.test.json"),
        "{\"tests\": [\n  {\"name\": }\n]}\n",
    )
    .unwrap();
    let output = run_aslc(&["test", "."], &dir);
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("order_sync.test.json:2:12: "), "{err}");
    assert_eq!(output.status.code(), Some(2));
}

/// Naming the flow runs the tests beside it; a flow without tests is
/// said to be one (found in QA round 2: `aslc test flow.sfl` read the flow
/// as JSON and reported `expected value at line 1 column 1`).
#[test]
fn a_flow_named_instead_of_its_tests_runs_them() {
    let dir = scratch("flow_named");
    let output = run_aslc(&["test", "order_sync.sfl"], &dir);
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.contains(
            "`order_sync.sfl` is a flow, and `order_sync.test.json` (its tests) does not exist"
        ),
        "{err}"
    );
    assert_eq!(output.status.code(), Some(2));

    std::fs::copy(
        root().join("examples/order_sync.test.json"),
        dir.join("order_sync.test.json"),
    )
    .unwrap();
    let output = run_aslc(&["test", "order_sync.sfl"], &dir);
    let out = stdout(&output);
    assert!(out.starts_with("order_sync.test.json\n"), "{out}");
    assert!(out.contains(" passed, 0 failed"), "{out}");
    assert_eq!(output.status.code(), Some(0));
}

/// Every example is executed, not only compiled and validated: each
/// `examples/<name>.sfl` has its `<name>.test.json`, which `aslc test` and
/// the differential check (tests/differential.rs) both run.
#[test]
fn every_example_has_tests() {
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(root().join("examples")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "sfl")
            && !path.with_extension("test.json").exists()
        {
            missing.push(path.display().to_string());
        }
    }
    assert!(
        missing.is_empty(),
        "examples without a .test.json: {missing:?}"
    );
}

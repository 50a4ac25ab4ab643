//! `aslc run` as a user runs it: exit codes, `--json` on stdout, the trace,
//! and located errors for bad input and mocks files.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a test failure"
)]

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn aslc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_aslc"))
        .args(args)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .output()
        .unwrap()
}

fn run(mocks: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "run",
        "examples/capture_payment.sfl",
        "--input",
        "tests/run/capture_payment.input.json",
        "--mocks",
        mocks,
    ];
    args.extend_from_slice(extra);
    aslc(&args)
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

#[test]
fn a_succeeding_run_exits_0_with_exactly_one_json_object() {
    let out = run(
        "tests/run/capture_payment.mocks.json",
        &["--json", "--seed", "3"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 1, "{text}");
    let json: Value = serde_json::from_str(&text).unwrap();
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "status",
            "output",
            "error",
            "cause",
            "states",
            "calls",
            "elapsed_seconds"
        ]
    );
    let call_keys: Vec<&str> = json["calls"][0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(call_keys, ["key", "status", "attempt", "request"]);
    assert_eq!(json["status"], "SUCCEEDED");
    assert_eq!(json["output"]["state"], "pending");
    assert_eq!(json["calls"].as_array().unwrap().len(), 3);
    assert_eq!(json["calls"][2]["attempt"], 3);
    assert_eq!(
        json["calls"][0]["key"],
        "POST payments /payments/p-1/capture"
    );
    // The 5-minute wait and two retry delays.
    let elapsed = json["elapsed_seconds"].as_f64().unwrap();
    assert!(elapsed > 303.0 && elapsed < 305.0, "{elapsed}");
}

#[test]
fn a_failing_run_exits_4_and_the_trace_names_calls_and_the_error() {
    let out = run("tests/run/capture_payment.declined.mocks.json", &[]);
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("call  POST payments /payments/p-1/capture -> 402 (attempt 1)"),
        "{text}"
    );
    assert!(text.contains("catch States.Http.StatusCode.402"), "{text}");
    assert!(
        text.trim_end()
            .ends_with("FAILED PaymentDeclined: payment p-1 was declined"),
        "{text}"
    );
}

#[test]
fn the_same_seed_prints_the_same_run() {
    let a = run(
        "tests/run/capture_payment.mocks.json",
        &["--json", "--seed", "9"],
    );
    let b = run(
        "tests/run/capture_payment.mocks.json",
        &["--json", "--seed", "9"],
    );
    assert_eq!(stdout(&a), stdout(&b));
}

#[test]
fn a_malformed_mocks_file_exits_2_naming_file_line_and_problem() {
    let out = run("tests/run/malformed.mocks.json", &["--json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).is_empty());
    let err = stderr(&out);
    assert!(err.contains("tests/run/malformed.mocks.json:3:"), "{err}");
    assert!(err.contains("expected value"), "{err}");
}

#[test]
fn a_missing_input_file_exits_2() {
    let out = aslc(&[
        "run",
        "examples/capture_payment.sfl",
        "--input",
        "tests/run/no-such-input.json",
        "--mocks",
        "tests/run/capture_payment.mocks.json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("tests/run/no-such-input.json"));
}

#[test]
fn a_flow_with_compile_errors_exits_1() {
    let dir = std::env::temp_dir().join(format!("aslc-run-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let flow = dir.join("broken.sfl");
    std::fs::write(&flow, "workflow broken {\n    return nothing_here\n}\n").unwrap();
    let out = aslc(&[
        "run",
        flow.to_str().unwrap(),
        "--mocks",
        "tests/run/capture_payment.mocks.json",
    ]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("error"), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
}

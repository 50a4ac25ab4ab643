//! `aslc::run` over the examples and the golden cases: each run compiles
//! the flow, executes the emitted definition against mocks and checks the
//! status, output, error, calls and virtual time.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a test failure"
)]

use std::path::Path;

use aslc::SourceFile;
use aslc::run::{self, Execution, Mocks, RunOptions, Status};
use serde_json::{Value, json};

fn run_flow(path: &str, input: Value, mocks: Value, seed: u64) -> Execution {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join(path)).unwrap();
    let file = SourceFile::new(path, text);
    let (target, diagnostics) = aslc::compile_for_run(&file);
    let target = target.unwrap_or_else(|| panic!("{path} does not compile: {diagnostics:?}"));
    let mocks = Mocks::parse(&mocks.to_string()).unwrap();
    let options = RunOptions {
        seed,
        endpoints: target.endpoints,
    };
    run::execute(&target.definition, input, &mocks, &options)
}

fn keys(execution: &Execution) -> Vec<&str> {
    execution.calls.iter().map(|c| c.key.as_str()).collect()
}

#[test]
fn capture_payment_succeeds_after_retried_429s() {
    let run = run_flow(
        "examples/capture_payment.sfl",
        json!({"payment_id": "p-1", "amount": 5, "currency": "EUR"}),
        json!({
            "POST payments /payments/p-1/capture": [
                {"status": 429}, {"status": 429},
                {"status": 200, "body": {"state": "captured"}}
            ]
        }),
        7,
    );
    assert_eq!(run.status, Status::Succeeded, "{}", run.render_trace());
    assert_eq!(
        run.output,
        Some(json!({"payment": "p-1", "state": "captured"}))
    );
    assert_eq!(run.calls.len(), 3);
    assert_eq!(
        run.calls.iter().map(|c| c.attempt).collect::<Vec<_>>(),
        vec![1, 2, 3]
    );
    // FULL jitter: each delay is drawn below 2s then 4s.
    assert!(
        run.elapsed_seconds > 0.0 && run.elapsed_seconds < 6.0,
        "{}",
        run.elapsed_seconds
    );
}

#[test]
fn capture_payment_declined_is_caught_and_notified() {
    let run = run_flow(
        "examples/capture_payment.sfl",
        json!({"payment_id": "p 2", "amount": 5, "currency": "EUR"}),
        json!({
            "POST payments /payments/p 2/capture": [{"status": 402, "body": {"message": "no funds"}}],
            "POST notify /events": [{"status": 202}]
        }),
        1,
    );
    assert_eq!(run.status, Status::Failed);
    assert_eq!(run.error.as_deref(), Some("PaymentDeclined"));
    assert_eq!(run.cause.as_deref(), Some("payment p 2 was declined"));
    assert_eq!(
        keys(&run),
        vec!["POST payments /payments/p 2/capture", "POST notify /events"]
    );
}

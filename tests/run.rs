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
        children: target.children,
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

#[test]
fn capture_payment_retries_exhausted_end_in_the_catch_all_handler() {
    let run = run_flow(
        "examples/capture_payment.sfl",
        json!({"payment_id": "p-1", "amount": 5, "currency": "EUR"}),
        json!({
            "POST payments /payments/p-1/capture": [{"status": 503}],
            "POST notify /events": [{"status": 200}]
        }),
        0,
    );
    assert_eq!(run.status, Status::Failed);
    assert_eq!(run.error.as_deref(), Some("CaptureError"));
    assert_eq!(run.cause.as_deref(), Some("States.Http.StatusCode.503"));
    // One call and four retries, then the notification.
    assert_eq!(run.calls.len(), 6);
    assert_eq!(run.calls[4].attempt, 5);
    assert_eq!(run.calls[5].key, "POST notify /events");
    // No jitter on this retrier: 3 + 4.5 + 6.75 + 10.125 seconds.
    assert!(
        (run.elapsed_seconds - 24.375).abs() < 1e-9,
        "{}",
        run.elapsed_seconds
    );
}

#[test]
fn capture_payment_specific_status_is_caught_by_the_try() {
    let run = run_flow(
        "examples/capture_payment.sfl",
        json!({"payment_id": "p-1", "amount": 5, "currency": "EUR"}),
        json!({"POST payments /payments/p-1/capture": [{"status": 409, "body": "duplicate"}]}),
        0,
    );
    assert_eq!(run.status, Status::Failed);
    assert_eq!(run.error.as_deref(), Some("CaptureRejected"));
    let cause = run.cause.clone().unwrap();
    assert!(cause.starts_with("States.Http.StatusCode.409: "), "{cause}");
    assert_eq!(run.calls.len(), 1);
    assert_eq!(run.elapsed_seconds, 0.0);
}

#[test]
fn poll_export_job_elapsed_time_is_the_waits_plus_the_retry_delays() {
    let run = run_flow(
        "examples/poll_export_job.sfl",
        json!({"report": "sales"}),
        json!({
            "POST reports /exports": [{"status": 200, "body": {"id": "e1", "status": "queued"}}],
            "GET reports /exports/e1": [
                {"status": 200, "body": {"id": "e1", "status": "running"}},
                {"status": 503},
                {"status": 200, "body": {"id": "e1", "status": "done"}}
            ],
            "POST archive /items": [{"status": 201}]
        }),
        11,
    );
    assert_eq!(run.status, Status::Succeeded, "{}", run.render_trace());
    assert_eq!(run.output, Some(json!({"export_id": "e1", "polls": 2})));
    assert_eq!(
        run.calls[0].request["body"],
        json!({"report": "sales", "format": "csv"})
    );
    let waits: f64 = run
        .trace
        .iter()
        .map(|e| match e {
            run::TraceEvent::Waited { seconds, .. } => *seconds,
            run::TraceEvent::Retry { delay, .. } => *delay,
            _ => 0.0,
        })
        .sum();
    let retried = run
        .trace
        .iter()
        .filter(|e| matches!(e, run::TraceEvent::Retry { .. }))
        .count();
    assert_eq!(retried, 1);
    assert!((run.elapsed_seconds - waits).abs() < 1e-9);
    // Two polls of 30 s each, and a jittered retry below 5 s.
    assert!(run.elapsed_seconds >= 60.0 && run.elapsed_seconds < 65.0);
}

#[test]
fn poll_export_job_gives_up_after_200_polls() {
    let run = run_flow(
        "examples/poll_export_job.sfl",
        json!({"report": "sales"}),
        json!({
            "POST reports /exports": [{"status": 200, "body": {"id": "e1", "status": "queued"}}],
            "GET reports /exports/e1": [{"status": 200, "body": {"id": "e1", "status": "running"}}]
        }),
        0,
    );
    // 201 polls would need more than 100 minutes; the workflow fails first
    // with ExportTooSlow (200 polls of 30 s = 6000 s, under the 2 h timeout).
    assert_eq!(run.status, Status::Failed, "{:?}", run.error);
    assert_eq!(run.error.as_deref(), Some("ExportTooSlow"));
    assert_eq!(run.calls.len(), 1 + 201);
    assert_eq!(run.elapsed_seconds, 201.0 * 30.0);
}

#[test]
fn fan_out_keeps_item_order_and_retries_one_item() {
    let run = run_flow(
        "examples/fan_out_shipments.sfl",
        json!({"order_id": "o1", "lines": [
            {"sku": "a", "qty": 1}, {"sku": "b", "qty": 2}, {"sku": "c", "qty": 3}
        ]}),
        json!({
            "POST shipping /shipments": [
                {"status": 201, "body": {"id": "s-a"}},
                {"status": 500},
                {"status": 201, "body": {"id": "s-b"}},
                {"status": 201, "body": {"id": "s-c"}}
            ],
            "PATCH orders /orders/o1": [{"status": 204}]
        }),
        5,
    );
    assert_eq!(run.status, Status::Succeeded, "{}", run.render_trace());
    assert_eq!(
        run.output,
        Some(json!({"order": "o1", "shipments": ["s-a", "s-b", "s-c"]}))
    );
    let attempts: Vec<u32> = run.calls.iter().map(|c| c.attempt).collect();
    assert_eq!(attempts, vec![1, 1, 2, 1, 1]);
    assert_eq!(
        run.calls[1].request["headers"],
        json!({"Idempotency-Key": "o1-b"})
    );
    assert_eq!(
        run.calls[4].request["body"],
        json!({"shipments": ["s-a", "s-b", "s-c"]})
    );
    // Items run side by side: the run takes as long as the retried item.
    let delay = run
        .trace
        .iter()
        .find_map(|e| match e {
            run::TraceEvent::Retry { delay, .. } => Some(*delay),
            _ => None,
        })
        .unwrap();
    assert!((run.elapsed_seconds - delay).abs() < 1e-9);
}

#[test]
fn saga_declined_charge_releases_the_reservation() {
    let run = run_flow(
        "tests/cases/saga_compensation.sfl",
        json!({"id": "o7", "sku": "k", "quantity": 1, "amount": 10}),
        json!({
            "POST inventory /reservations": [{"status": 201, "body": {"id": "r9"}}],
            "POST payments /charges": [{"status": 200, "body": {"id": "c1", "outcome": "declined"}}],
            "DELETE inventory /reservations/r9": [{"status": 204}]
        }),
        0,
    );
    assert_eq!(run.status, Status::Failed);
    assert_eq!(run.error.as_deref(), Some("OrderRejected"));
    assert_eq!(run.cause.as_deref(), Some("order o7: no reason given"));
    assert_eq!(
        keys(&run),
        vec![
            "POST inventory /reservations",
            "POST payments /charges",
            "DELETE inventory /reservations/r9"
        ]
    );
}

#[test]
fn saga_unavailable_payments_release_the_reservation() {
    let run = run_flow(
        "tests/cases/saga_compensation.sfl",
        json!({"id": "o7", "sku": "k", "quantity": 1, "amount": 10}),
        json!({
            "POST inventory /reservations": [{"status": 201, "body": {"id": "r9"}}],
            "POST payments /charges": [{"error": "States.Http.Socket"}],
            "DELETE inventory /reservations/r9": [{"status": 204}]
        }),
        0,
    );
    assert_eq!(run.status, Status::Failed);
    assert_eq!(run.error.as_deref(), Some("PaymentUnavailable"));
    assert_eq!(run.calls.len(), 3);
    assert_eq!(run.calls[1].status, None);
    assert_eq!(run.calls[1].error.as_deref(), Some("States.Http.Socket"));
}

#[test]
fn nested_try_reraise_reaches_the_outer_handler() {
    let run = run_flow(
        "tests/cases/nested_try_reraise.sfl",
        json!({"id": "j1"}),
        json!({
            "GET jobs /jobs/j1/check": [
                {"status": 200, "body": {"state": "ok", "reason": ""}},
                {"status": 200, "body": {"state": "invalid", "reason": ""}}
            ],
            "POST jobs /jobs/j1/notes": [{"status": 200}]
        }),
        0,
    );
    assert_eq!(run.status, Status::Succeeded, "{}", run.render_trace());
    assert_eq!(
        run.output,
        Some(json!({"job": "j1", "rejected": "rejected after 2 checks"}))
    );
    assert_eq!(
        run.calls[2].request["body"],
        json!({"note": "job j1 is invalid"})
    );
}

#[test]
fn nested_try_interpolated_error_name_picks_its_handler() {
    let run = run_flow(
        "tests/cases/nested_try_reraise.sfl",
        json!({"id": "j1"}),
        json!({"GET jobs /jobs/j1/check": [
            {"status": 200, "body": {"state": "blocked", "reason": "ByQuota"}}
        ]}),
        0,
    );
    assert_eq!(
        run.output,
        Some(json!({"job": "j1", "blocked": "BlockedByQuota", "attempts": 1}))
    );
    let other = run_flow(
        "tests/cases/nested_try_reraise.sfl",
        json!({"id": "j1"}),
        json!({"GET jobs /jobs/j1/check": [
            {"status": 200, "body": {"state": "blocked", "reason": "ByNobody"}}
        ]}),
        0,
    );
    assert_eq!(
        other.output,
        Some(json!({"job": "j1", "failed": "BlockedByNobody"}))
    );
}

#[test]
fn bad_path_values_raise_before_any_call() {
    for bad in [json!(null), json!(""), json!("."), json!("..")] {
        let run = run_flow(
            "tests/cases/path_values.sfl",
            json!({"customer": {"id": bad}, "page": 2}),
            json!({}),
            0,
        );
        assert_eq!(
            run.status,
            Status::Succeeded,
            "{bad}: {}",
            run.render_trace()
        );
        let output = run.output.clone().unwrap();
        assert_eq!(output["found"], json!(false), "{bad}");
        assert!(
            output["reason"]
                .as_str()
                .unwrap()
                .contains("missing, null, empty"),
            "{bad}: {output}"
        );
        assert!(run.calls.is_empty(), "{bad}: {:?}", run.calls);
    }
    let missing = run_flow(
        "tests/cases/path_values.sfl",
        json!({"customer": {}, "page": 2}),
        json!({}),
        0,
    );
    assert!(missing.calls.is_empty());
    assert_eq!(missing.output.unwrap()["found"], json!(false));
}

#[test]
fn a_call_without_a_mock_names_the_key_and_the_keys_that_exist() {
    let run = run_flow(
        "tests/cases/path_values.sfl",
        json!({"customer": {"id": "c/1"}, "page": 2}),
        json!({"GET crm /customers/c1/orders/2": [{"status": 200}]}),
        0,
    );
    assert_eq!(run.status, Status::Failed);
    assert_eq!(run.error.as_deref(), Some("Aslc.MissingMock"));
    let cause = run.cause.unwrap();
    assert!(
        cause.contains("`GET crm /customers/c/1/orders/2`"),
        "{cause}"
    );
    assert!(cause.contains("GET crm /customers/c1/orders/2"), "{cause}");
}

#[test]
fn the_same_seed_gives_the_same_run_and_another_seed_other_delays() {
    let go = |seed| {
        run_flow(
            "examples/capture_payment.sfl",
            json!({"payment_id": "p-1", "amount": 5, "currency": "EUR"}),
            json!({"POST payments /payments/p-1/capture": [
                {"status": 429}, {"status": 429}, {"status": 429},
                {"status": 200, "body": {"state": "captured"}}
            ]}),
            seed,
        )
    };
    let (a, b, c) = (go(42), go(42), go(43));
    assert_eq!(a.to_json(), b.to_json());
    assert_eq!(a.render_trace(), b.render_trace());
    assert_ne!(a.elapsed_seconds, c.elapsed_seconds);
}

/// Compiles `text` (not a file on disk) and runs it on the clock.
fn run_text(text: &str, input: Value, mocks: Value) -> Execution {
    let file = SourceFile::new("inline.sfl", text.to_owned());
    let (target, diagnostics) = aslc::compile_for_run(&file);
    let target = target.unwrap_or_else(|| panic!("the flow does not compile: {diagnostics:?}"));
    let mocks = Mocks::parse(&mocks.to_string()).unwrap();
    let options = RunOptions {
        seed: 1,
        endpoints: target.endpoints,
        children: target.children,
    };
    run::execute_as(
        target.workflow_type,
        &target.definition,
        input,
        &mocks,
        &options,
    )
}

/// Three branches whose calls happen at times the input gives: branch 0
/// calls `/zero` after `input.zero` seconds, branch 1 `/one` after
/// `input.one`, branch 2 `/two/early` at once, `/two/mid` after `input.two`
/// and `/two/late` one second later.
const RACE: &str = r#"
workflow race(input: Delays) {
    let parts = parallel {
        branch {
            wait input.zero
            let r = GET svc "/zero"
            return r.body
        }
        branch {
            wait input.one
            let r = GET svc "/one"
            return r.body
        }
        branch {
            GET svc "/two/early"
            wait input.two
            GET svc "/two/mid"
            wait 1s
            let r = GET svc "/two/late"
            return r.body
        }
    }
    let after = GET svc "/two/late"
    return { parts: parts, after: after.body }
}

type Delays = { zero: number, one: number, two: number }

endpoint svc {
    url     "https://svc.example.com"
    private "arn:aws:vpc-lattice:eu-west-1:111122223333:resourceconfiguration/rcfg-0a1b2c3d4e5f60718"
    auth    api_key "x-api-key" = secret("svc/api-key")
}
"#;

#[test]
fn parallel_fails_with_the_earliest_branch_failure_and_keeps_sibling_calls_up_to_it() {
    let run = run_text(
        RACE,
        json!({"zero": 10, "one": 5, "two": 5}),
        json!({
            "GET svc /zero": [{"status": 200, "body": 0}],
            "GET svc /one": [{"status": 500}],
            "GET svc /two/early": [{"status": 200}],
            "GET svc /two/mid": [{"status": 200}],
            "GET svc /two/late": [{"status": 200, "body": "late"}]
        }),
    );
    assert_eq!(run.status, Status::Failed, "{}", run.render_trace());
    assert_eq!(run.error.as_deref(), Some("States.Http.StatusCode.500"));
    assert!((run.elapsed_seconds - 5.0).abs() < 1e-9);
    // Branch 0 would call at 10 s and branch 2's last call is at 6 s: both
    // come after the failure at 5 s, so they never happen. The call at
    // exactly 5 s does.
    assert_eq!(
        keys(&run),
        vec!["GET svc /one", "GET svc /two/early", "GET svc /two/mid"]
    );
    let calls_in_trace = run
        .trace
        .iter()
        .filter(|e| matches!(e, run::TraceEvent::Call { .. }))
        .count();
    assert_eq!(calls_in_trace, 3);
}

#[test]
fn a_later_branch_failing_first_decides_the_parallel_error() {
    let mocks = json!({
        "GET svc /zero": [{"status": 503}],
        "GET svc /one": [{"status": 404}],
        "GET svc /two/early": [{"status": 200}],
        "GET svc /two/mid": [{"status": 200}],
        "GET svc /two/late": [{"status": 200}]
    });
    let run = run_text(RACE, json!({"zero": 4, "one": 2, "two": 9}), mocks.clone());
    assert_eq!(run.error.as_deref(), Some("States.Http.StatusCode.404"));
    assert!((run.elapsed_seconds - 2.0).abs() < 1e-9);
    assert_eq!(keys(&run), vec!["GET svc /one", "GET svc /two/early"]);
    // At the same instant, the lowest branch index wins.
    let tie = run_text(RACE, json!({"zero": 3, "one": 3, "two": 9}), mocks);
    assert_eq!(tie.error.as_deref(), Some("States.Http.StatusCode.503"));
    assert_eq!(
        keys(&tie),
        vec!["GET svc /zero", "GET svc /one", "GET svc /two/early"]
    );
}

#[test]
fn a_dropped_call_leaves_its_mock_response_for_a_later_call() {
    let flow = r#"
workflow dropped(input: Delays) {
    try {
        parallel {
            branch {
                GET svc "/boom"
            }
            branch {
                wait 1s
                GET svc "/later"
            }
        }
    } catch Http.5xx {
        GET svc "/handled"
    }
    let after = GET svc "/later"
    return after.body
}

type Delays = { zero: number }

endpoint svc {
    url     "https://svc.example.com"
    private "arn:aws:vpc-lattice:eu-west-1:111122223333:resourceconfiguration/rcfg-0a1b2c3d4e5f60718"
    auth    api_key "x-api-key" = secret("svc/api-key")
}
"#;
    let run = run_text(
        flow,
        json!({"zero": 0}),
        json!({
            "GET svc /boom": [{"status": 500}],
            "GET svc /handled": [{"status": 200}],
            "GET svc /later": [{"status": 200, "body": "first"}, {"status": 200, "body": "second"}]
        }),
    );
    assert_eq!(run.status, Status::Succeeded, "{}", run.render_trace());
    // The branch's call at 1 s never happened, so the first response is
    // still there for the call after the `try`.
    assert_eq!(run.output, Some(json!("first")));
    assert_eq!(
        keys(&run),
        vec!["GET svc /boom", "GET svc /handled", "GET svc /later"]
    );
}

/// A Map of one call per item, at most two at once; item `i` waits
/// `item.wait` seconds, then calls `/items/<id>`.
const FAN: &str = r#"
workflow fan(input: Batch) {
    let done = for item in input.items concurrency 2 {
        wait item.wait
        let r = GET svc "/items/{item.id}"
        return r.body
    }
    return done
}

type Batch = { items: [Item] }
type Item = { id: string, wait: number }

endpoint svc {
    url     "https://svc.example.com"
    private "arn:aws:vpc-lattice:eu-west-1:111122223333:resourceconfiguration/rcfg-0a1b2c3d4e5f60718"
    auth    api_key "x-api-key" = secret("svc/api-key")
}
"#;

#[test]
fn map_fails_at_the_earliest_iteration_failure_and_starts_nothing_after_it() {
    // Two slots: a (0..10 s) and b (fails at 3 s) start at 0; c takes the
    // slot b would free, but b failed, so c never starts... d neither.
    let run = run_text(
        FAN,
        json!({"items": [
            {"id": "a", "wait": 10},
            {"id": "b", "wait": 3},
            {"id": "c", "wait": 0},
            {"id": "d", "wait": 0}
        ]}),
        json!({
            "GET svc /items/a": [{"status": 200, "body": "a"}],
            "GET svc /items/b": [{"status": 502}],
            "GET svc /items/c": [{"status": 200, "body": "c"}],
            "GET svc /items/d": [{"status": 200, "body": "d"}]
        }),
    );
    assert_eq!(run.status, Status::Failed, "{}", run.render_trace());
    assert_eq!(run.error.as_deref(), Some("States.Http.StatusCode.502"));
    assert!((run.elapsed_seconds - 3.0).abs() < 1e-9);
    assert_eq!(keys(&run), vec!["GET svc /items/b"]);
}

#[test]
fn map_keeps_calls_of_iterations_started_before_the_failure() {
    // a fails at 5 s; b (1 s) frees its slot for c (1..3 s), then d
    // (3..4 s); e starts at 4 s and calls at 6 s, after the failure.
    let run = run_text(
        FAN,
        json!({"items": [
            {"id": "a", "wait": 5},
            {"id": "b", "wait": 1},
            {"id": "c", "wait": 2},
            {"id": "d", "wait": 1},
            {"id": "e", "wait": 2}
        ]}),
        json!({
            "GET svc /items/a": [{"status": 500}],
            "GET svc /items/b": [{"status": 200}],
            "GET svc /items/c": [{"status": 200}],
            "GET svc /items/d": [{"status": 200}],
            "GET svc /items/e": [{"status": 200}]
        }),
    );
    assert_eq!(run.error.as_deref(), Some("States.Http.StatusCode.500"));
    assert!((run.elapsed_seconds - 5.0).abs() < 1e-9);
    assert_eq!(
        keys(&run),
        vec![
            "GET svc /items/a",
            "GET svc /items/b",
            "GET svc /items/c",
            "GET svc /items/d"
        ]
    );
}

/// A batched distributed `for`: each child execution receives
/// `{"Items": [...]}` with at most `batch N` items, so 30 events with
/// `batch 25` make two calls, of 25 and 5 events, in order.
#[test]
fn a_batched_distributed_for_calls_once_per_batch() {
    let events: Vec<Value> = (1..=30).map(|i| json!({"id": i.to_string()})).collect();
    let run = run_flow(
        "tests/cases/distributed_batches.sfl",
        json!({ "events": events }),
        json!({"POST sink /events": [{"status": 202, "body": {}}]}),
        0,
    );
    assert_eq!(run.status, Status::Succeeded, "{}", run.render_trace());
    let counts: Vec<Value> = run
        .calls
        .iter()
        .map(|c| c.request["body"]["count"].clone())
        .collect();
    assert_eq!(counts, vec![json!(25), json!(5)]);
    assert_eq!(
        run.calls[1].request["body"]["events"][0],
        json!({"id": "26"})
    );
}

/// A callee for the `run` tests: it fails with its own error on a 409.
const CALLEE: &str = r#"
workflow reserve(input: { sku: string }) {
    let r = POST stock "/reservations" -> { id: string } {
        body  { sku: input.sku }
        catch Http.409 { fail "OutOfStock" "no {input.sku}" }
    }
    return { reservation: r.body.id }
}

endpoint stock {
    url     "https://stock.example.com"
    private "arn:aws:vpc-lattice:eu-west-1:111122223333:resourceconfiguration/rcfg-0123456789abcdef0"
    auth    api_key "x-api-key" = secret("stock/key")
}
"#;

/// Compiles `caller` (as `dir/caller.sfl`, with `CALLEE` as
/// `dir/callee.sfl`) and runs it.
fn run_with_callee(caller: &str, mocks: Value) -> Execution {
    let loader = aslc::MemoryLoader::new().with("dir/callee.sfl", CALLEE);
    let file = SourceFile::new("dir/caller.sfl", caller.to_owned());
    let (target, diagnostics) = aslc::compile_for_run_with(&file, &loader);
    let target = target.unwrap_or_else(|| panic!("the flow does not compile: {diagnostics:?}"));
    assert_eq!(target.children.len(), 1);
    let mocks = Mocks::parse(&mocks.to_string()).unwrap();
    let options = RunOptions {
        seed: 1,
        endpoints: target.endpoints,
        children: target.children,
    };
    run::execute(&target.definition, json!({}), &mocks, &options)
}

#[test]
fn a_child_execution_runs_the_used_workflow_and_gives_its_output() {
    let caller = r#"
        use "./callee.sfl"
        workflow order() {
            let r = run reserve({ sku: "a" })
            return r.reservation
        }
    "#;
    let execution = run_with_callee(
        caller,
        json!({ "POST stock /reservations": [{ "status": 201, "body": { "id": "r1" } }] }),
    );
    assert_eq!(execution.status, Status::Succeeded, "{execution:?}");
    assert_eq!(execution.output, Some(json!("r1")));
    let keys: Vec<&str> = execution.calls.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(keys, ["POST stock /reservations", "run reserve"]);
}

#[test]
fn a_failed_child_is_task_failed_and_a_retry_starts_it_again() {
    let caller = r#"
        use "./callee.sfl"
        workflow order() {
            let r = run reserve({ sku: "a" }) {
                retry on TaskFailed attempts 1 interval 10s
            }
            return r
        }
    "#;
    let execution = run_with_callee(
        caller,
        json!({ "POST stock /reservations": [{ "status": 409 }] }),
    );
    assert_eq!(execution.status, Status::Failed);
    assert_eq!(execution.error.as_deref(), Some("States.TaskFailed"));
    let cause: Value = serde_json::from_str(execution.cause.as_deref().unwrap()).unwrap();
    assert_eq!(cause["Error"], "OutOfStock");
    assert_eq!(cause["Cause"], "no a");
    assert_eq!(cause["Status"], "FAILED");
    // Two starts, each with its own call, ten seconds apart.
    assert_eq!(execution.calls.len(), 4);
    assert_eq!(execution.elapsed_seconds, 10.0);
}

#[test]
fn a_run_mock_answers_instead_of_the_child() {
    let caller = r#"
        use "./callee.sfl"
        workflow order() {
            let r = run reserve({ sku: "a" })
            return r
        }
    "#;
    let execution = run_with_callee(
        caller,
        json!({ "run reserve": [{ "output": { "reservation": "mocked" } }] }),
    );
    assert_eq!(execution.output, Some(json!({ "reservation": "mocked" })));
    assert_eq!(execution.calls.len(), 1);
}

/// `tolerate 5%` over 40 products accepts two failed child executions: the
/// `for` succeeds with the other results, as the Map Run does on AWS.
#[test]
fn a_distributed_for_tolerates_failed_items_up_to_its_threshold() {
    let products: Vec<Value> = (0..40)
        .map(|i| json!({"sku": format!("s{i}"), "price": 1}))
        .collect();
    let mut mocks = serde_json::Map::new();
    for i in 0..40 {
        let status = if i == 3 || i == 7 { 500 } else { 200 };
        mocks.insert(
            format!("PUT catalog /products/s{i}/price"),
            json!([{ "status": status }]),
        );
    }
    let run = run_flow(
        "tests/cases/distributed_for.sfl",
        json!({ "products": products }),
        Value::Object(mocks.clone()),
        0,
    );
    assert_eq!(run.status, Status::Succeeded, "{}", run.render_trace());
    assert_eq!(
        run.output.as_ref().and_then(Value::as_array).map(Vec::len),
        Some(38)
    );

    // A third failure is over 5% of 40: the Map fails with the error AWS
    // gives a Map Run over its threshold.
    mocks.insert(
        "PUT catalog /products/s9/price".to_owned(),
        json!([{ "status": 500 }]),
    );
    let run = run_flow(
        "tests/cases/distributed_for.sfl",
        json!({ "products": products }),
        Value::Object(mocks),
        0,
    );
    assert_eq!(run.status, Status::Failed, "{}", run.render_trace());
    assert_eq!(
        run.error.as_deref(),
        Some("States.ExceedToleratedFailureThreshold")
    );
}

/// A used file's stage parameter without a default takes the value the run
/// gives (a run is of one stage); before, the caller ran nothing and said
/// nothing about why.
#[test]
fn a_used_file_gets_the_runs_stage_parameter_values() {
    let callee = r#"
param StockHost

workflow reserve(input: { sku: string }) {
    let r = POST stock "/reservations" -> { id: string } { body { sku: input.sku } }
    return { reservation: r.body.id }
}

endpoint stock {
    url     "https://{StockHost}"
    private param("StockResourceConfig")
    auth    api_key "x-api-key" = secret("stock/key")
}
"#;
    let caller = r#"
use "./callee.sfl"
workflow order() {
    let r = run reserve({ sku: "a" })
    return r.reservation
}
"#;
    let loader = aslc::MemoryLoader::new().with("dir/callee.sfl", callee);
    let file = SourceFile::new("dir/caller.sfl", caller.to_owned());
    let mut params = aslc::ParamValues::new();
    params.insert("StockHost".to_owned(), "stock.example.com".to_owned());
    params.insert(
        "StockResourceConfig".to_owned(),
        "arn:aws:vpc-lattice:eu-west-1:111122223333:resourceconfiguration/rcfg-0123456789abcdef0"
            .to_owned(),
    );
    let (target, diagnostics) = aslc::compile_for_run_using(&file, &loader, &params);
    let target = target.unwrap_or_else(|| panic!("does not compile: {diagnostics:?}"));
    let mocks = Mocks::parse(
        &json!({ "POST stock /reservations": [{ "status": 201, "body": { "id": "r1" } }] })
            .to_string(),
    )
    .unwrap();
    let options = RunOptions {
        seed: 0,
        endpoints: target.endpoints,
        children: target.children,
    };
    let execution = run::execute(&target.definition, json!({}), &mocks, &options);
    assert_eq!(execution.status, Status::Succeeded, "{execution:?}");

    // Without the values, the `use` says why the run cannot start.
    params.remove("StockResourceConfig");
    let (target, diagnostics) = aslc::compile_for_run_using(&file, &loader, &params);
    assert!(target.is_none());
    let e0603 = diagnostics
        .iter()
        .find(|d| d.code.as_str() == "E0603")
        .unwrap_or_else(|| panic!("no E0603: {diagnostics:?}"));
    assert!(
        e0603.message.contains("StockResourceConfig"),
        "{}",
        e0603.message
    );
}

/// A distributed `for` without `tolerate` has AWS's default threshold of
/// zero: its first failed child fails the Map Run with
/// `States.ExceedToleratedFailureThreshold`, not with the child's error.
#[test]
fn a_distributed_for_without_tolerate_fails_over_the_zero_threshold() {
    let source = r#"
workflow fan(input: { ids: [string] }) {
    let r = for id in input.ids distributed {
        if id == "bad" { fail "Bad" "no" }
        return id
    }
    return r
}
"#;
    let file = SourceFile::new("fan.sfl", source.to_owned());
    let (target, diagnostics) = aslc::compile_for_run(&file);
    let target = target.unwrap_or_else(|| panic!("does not compile: {diagnostics:?}"));
    let options = RunOptions {
        seed: 0,
        endpoints: target.endpoints,
        children: target.children,
    };
    let mocks = Mocks::parse("{}").unwrap();
    let ok = run::execute(
        &target.definition,
        json!({ "ids": ["a", "b"] }),
        &mocks,
        &options,
    );
    assert_eq!(ok.status, Status::Succeeded, "{}", ok.render_trace());
    assert_eq!(ok.output, Some(json!(["a", "b"])));
    let failed = run::execute(
        &target.definition,
        json!({ "ids": ["a", "bad"] }),
        &mocks,
        &options,
    );
    assert_eq!(failed.status, Status::Failed, "{}", failed.render_trace());
    assert_eq!(
        failed.error.as_deref(),
        Some("States.ExceedToleratedFailureThreshold")
    );
}

/// A child execution has its own context: the `run` inside it passes the
/// child's execution id on as `AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID`,
/// not the top-level run's (found in QA round 2: every level named the
/// top-level execution).
#[test]
fn a_grandchild_is_started_by_its_parent_execution_not_the_top_level_one() {
    let leaf = r#"
workflow leaf(input: { id: string }) {
    return { id: input.id }
}
"#;
    let middle = r#"
use "./leaf.sfl"
workflow middle(input: { id: string }) {
    let r = run leaf({ id: input.id })
    return r
}
"#;
    let caller = r#"
use "./middle.sfl"
workflow top() {
    let r = run middle({ id: "a" })
    return r.id
}
"#;
    let loader = aslc::MemoryLoader::new()
        .with("dir/leaf.sfl", leaf)
        .with("dir/middle.sfl", middle);
    let file = SourceFile::new("dir/caller.sfl", caller.to_owned());
    let (target, diagnostics) = aslc::compile_for_run_with(&file, &loader);
    let target = target.unwrap_or_else(|| panic!("does not compile: {diagnostics:?}"));
    let options = RunOptions {
        seed: 0,
        endpoints: target.endpoints,
        children: target.children,
    };
    let mocks = Mocks::parse("{}").unwrap();
    let execution = run::execute(&target.definition, json!({}), &mocks, &options);
    assert_eq!(execution.status, Status::Succeeded, "{execution:?}");
    assert_eq!(execution.output, Some(json!("a")));
    let started_by = |key: &str| {
        let call = execution.calls.iter().find(|c| c.key == key).unwrap();
        call.request["Input"]["AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID"].clone()
    };
    assert_eq!(
        started_by("run middle"),
        json!("arn:aws:states:local:000000000000:execution:local:aslc-run")
    );
    assert_eq!(
        started_by("run leaf"),
        json!("arn:aws:states:local:000000000000:execution:middle:aslc-run-1")
    );
}

/// A `run`'s own `timeout` stops the child there and fails the Task with
/// `States.Timeout` (found in QA round 2: the child ran to its end and the
/// Task succeeded). The child's own timeout is still a failed child,
/// `States.TaskFailed`.
#[test]
fn a_run_timeout_stops_the_child_and_fails_with_timeout() {
    let slow = r#"
workflow slow() timeout 10m {
    wait 2m
    return "late"
}
"#;
    let run = |caller: &str| {
        let loader = aslc::MemoryLoader::new().with("dir/slow.sfl", slow);
        let file = SourceFile::new("dir/caller.sfl", caller.to_owned());
        let (target, diagnostics) = aslc::compile_for_run_with(&file, &loader);
        let target = target.unwrap_or_else(|| panic!("does not compile: {diagnostics:?}"));
        let options = RunOptions {
            seed: 0,
            endpoints: target.endpoints,
            children: target.children,
        };
        let mocks = Mocks::parse("{}").unwrap();
        run::execute(&target.definition, json!({}), &mocks, &options)
    };
    let execution = run(r#"
use "./slow.sfl"
workflow p() {
    let r = run slow() {
        timeout 1m
        retry on Timeout attempts 1 interval 5s
        catch Timeout as e { return e.error }
    }
    return r
}
"#);
    assert_eq!(execution.status, Status::Succeeded, "{execution:?}");
    assert_eq!(execution.output, Some(json!("States.Timeout")));
    assert_eq!(execution.elapsed_seconds, 125.0);
    let keys: Vec<&str> = execution.calls.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(keys, ["run slow", "run slow"]);

    // Without a `timeout` on the `run`, the child runs its two minutes.
    let execution = run(r#"
use "./slow.sfl"
workflow p() {
    let r = run slow()
    return r
}
"#);
    assert_eq!(execution.output, Some(json!("late")));
    assert_eq!(execution.elapsed_seconds, 120.0);
}

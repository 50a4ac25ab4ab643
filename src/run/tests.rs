//! Unit tests of the runner, one group per state type, on definitions
//! written by hand.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a test failure"
)]

use serde_json::{Value, json};

use super::*;

fn endpoints() -> Vec<Endpoint> {
    vec![
        Endpoint {
            name: "api".into(),
            base_url: "https://api.example.com".into(),
        },
        Endpoint {
            name: "v2".into(),
            base_url: "https://api.example.com/v2/".into(),
        },
    ]
}

fn go(definition: Value, input: Value, mocks: Value) -> Execution {
    let mocks = Mocks::parse(&mocks.to_string()).unwrap();
    let options = RunOptions {
        seed: 1,
        endpoints: endpoints(),
        children: Vec::new(),
    };
    execute(&definition, input, &mocks, &options)
}

fn machine(states: Value) -> Value {
    let start = states.as_object().unwrap().keys().next().unwrap().clone();
    json!({"QueryLanguage": "JSONata", "StartAt": start, "States": states})
}

fn get(url: &str) -> Value {
    json!({"Type": "Task", "Resource": "arn:aws:states:::http:invoke",
           "Arguments": {"ApiEndpoint": url, "Method": "GET"}})
}

#[test]
fn pass_assign_and_output_see_the_variables_of_entry() {
    let run = go(
        machine(json!({
            "A": {"Type": "Pass", "Assign": {"x": 1, "y": 2}, "Next": "B"},
            "B": {"Type": "Pass", "Assign": {"x": "{% $y %}", "y": "{% $x %}"},
                  "Output": {"x": "{% $x %}", "in": "{% $states.input %}"}, "Next": "C"},
            "C": {"Type": "Succeed", "Output": {"before": "{% $states.input %}", "x": "{% $x %}", "y": "{% $y %}"}}
        })),
        json!({"n": 1}),
        json!({}),
    );
    assert_eq!(run.status, Status::Succeeded);
    assert_eq!(
        run.output,
        Some(json!({"before": {"x": 1, "in": {"n": 1}}, "x": 2, "y": 1}))
    );
    assert_eq!(run.states, vec!["A", "B", "C"]);
}

#[test]
fn pass_without_output_passes_its_input_and_an_undefined_field_fails() {
    let run = go(
        machine(json!({"A": {"Type": "Pass", "End": true}})),
        json!([1, 2]),
        json!({}),
    );
    assert_eq!(run.output, Some(json!([1, 2])));
    let run = go(
        machine(
            json!({"A": {"Type": "Pass", "Output": {"v": "{% $states.input.missing %}"}, "End": true}}),
        ),
        json!({}),
        json!({}),
    );
    assert_eq!(run.status, Status::Failed);
    assert_eq!(run.error.as_deref(), Some("States.QueryEvaluationError"));
    assert!(run.cause.unwrap().contains("$states.input.missing"));
}

#[test]
fn choice_takes_the_first_true_rule_then_default_then_fails() {
    let def = |choices: Value, default: Option<&str>| {
        let mut choice = json!({"Type": "Choice", "Choices": choices});
        if let Some(d) = default {
            choice["Default"] = json!(d);
        }
        machine(json!({
            "C": choice,
            "One": {"Type": "Succeed", "Output": "one"},
            "Two": {"Type": "Succeed", "Output": "two"}
        }))
    };
    let rules = json!([
        {"Condition": "{% $states.input.n > 5 %}", "Next": "One"},
        {"Condition": "{% $states.input.n > 1 %}", "Next": "Two"}
    ]);
    assert_eq!(
        go(def(rules.clone(), None), json!({"n": 9}), json!({})).output,
        Some(json!("one"))
    );
    assert_eq!(
        go(def(rules.clone(), None), json!({"n": 3}), json!({})).output,
        Some(json!("two"))
    );
    assert_eq!(
        go(def(rules.clone(), Some("Two")), json!({"n": 0}), json!({})).output,
        Some(json!("two"))
    );
    let none = go(def(rules, None), json!({"n": 0}), json!({}));
    assert_eq!(none.error.as_deref(), Some("States.NoChoiceMatched"));
    let not_bool = go(
        def(json!([{"Condition": "{% 1 %}", "Next": "One"}]), None),
        json!({}),
        json!({}),
    );
    assert_eq!(
        not_bool.error.as_deref(),
        Some("States.QueryEvaluationError")
    );
}

#[test]
fn wait_advances_the_virtual_clock_by_seconds_or_to_a_timestamp() {
    let run = go(
        machine(json!({
            "W1": {"Type": "Wait", "Seconds": 30, "Next": "W2"},
            "W2": {"Type": "Wait", "Seconds": "{% $states.input.s %}", "Next": "W3"},
            "W3": {"Type": "Wait", "Timestamp": "2026-01-01T00:10:00Z", "Next": "Now"},
            "Now": {"Type": "Pass", "Output": "{% $now() %}", "End": true}
        })),
        json!({"s": 45}),
        json!({}),
    );
    assert_eq!(run.elapsed_seconds, 600.0);
    assert_eq!(run.output, Some(json!("2026-01-01T00:10:00.000Z")));
}

#[test]
fn the_execution_times_out_at_its_timeout_seconds() {
    let mut def = machine(json!({"W": {"Type": "Wait", "Seconds": 100, "End": true}}));
    def["TimeoutSeconds"] = json!(60);
    let run = go(def, json!({}), json!({}));
    assert_eq!(run.status, Status::TimedOut);
    assert_eq!(run.error.as_deref(), Some("States.Timeout"));
    assert_eq!(run.elapsed_seconds, 60.0);
    assert_eq!(run.to_json()["status"], json!("TIMED_OUT"));
}

#[test]
fn fail_evaluates_error_and_cause() {
    let run = go(
        machine(
            json!({"F": {"Type": "Fail", "Error": "{% 'E' & $states.input.n %}", "Cause": "plain"}}),
        ),
        json!({"n": 7}),
        json!({}),
    );
    assert_eq!(run.status, Status::Failed);
    assert_eq!(
        (run.error.as_deref(), run.cause.as_deref()),
        (Some("E7"), Some("plain"))
    );
}

#[test]
fn task_result_and_mock_keys_by_longest_base_url_with_query() {
    let mut task = get("{% 'https://api.example.com/v2/items/' & $encodeUrlComponent('a b-c') %}");
    task["Arguments"]["QueryParameters"] = json!({"page": "2", "tag": ["x", "y"]});
    task["Output"] = json!("{% $states.result %}");
    task["End"] = json!(true);
    let run = go(
        machine(json!({"T": task})),
        json!({}),
        json!({"GET v2 /items/a b-c?page=2&tag=x&tag=y": [
            {"status": 200, "body": {"ok": true}, "headers": {"X": "1"}}
        ]}),
    );
    assert_eq!(run.status, Status::Succeeded, "{:?}", run.cause);
    assert_eq!(
        run.output,
        Some(
            json!({"StatusCode": 200, "StatusText": "OK", "Headers": {"X": "1"}, "ResponseBody": {"ok": true}})
        )
    );
    assert_eq!(
        run.calls[0].request["url"],
        json!("https://api.example.com/v2/items/a%20b-c")
    );
}

#[test]
fn responses_are_consumed_in_order_and_the_last_repeats() {
    let mut task = get("https://api.example.com/n");
    task["Retry"] = json!([{"ErrorEquals": ["States.ALL"], "MaxAttempts": 5, "IntervalSeconds": 1, "BackoffRate": 1}]);
    task["Catch"] = json!([{"ErrorEquals": ["States.ALL"], "Next": "Caught"}]);
    task["End"] = json!(true);
    let run = go(
        machine(json!({"T": task, "Caught": {"Type": "Pass", "End": true}})),
        json!({}),
        json!({"GET api /n": [{"status": 500}, {"status": 502}]}),
    );
    let statuses: Vec<_> = run.calls.iter().map(|c| c.status).collect();
    assert_eq!(
        statuses,
        vec![
            Some(500),
            Some(502),
            Some(502),
            Some(502),
            Some(502),
            Some(502)
        ]
    );
    assert_eq!(run.elapsed_seconds, 5.0);
    assert_eq!(
        run.output.unwrap()["Error"],
        json!("States.Http.StatusCode.502")
    );
}

#[test]
fn retry_delays_back_off_and_stop_at_max_delay() {
    let retrier = recovery::Retrier::from_json(
        &json!({"IntervalSeconds": 2, "BackoffRate": 3, "MaxDelaySeconds": 10}),
    );
    let mut rng = recovery::Rng::new(0);
    let delays: Vec<f64> = (1..=4).map(|n| retrier.delay(n, &mut rng)).collect();
    assert_eq!(delays, vec![2.0, 6.0, 10.0, 10.0]);
    let jittered = recovery::Retrier::from_json(&json!({"JitterStrategy": "FULL"}));
    for n in 1..=5 {
        let d = jittered.delay(n, &mut rng);
        assert!(d >= 0.0 && d <= f64::from(1u32 << (n - 1)), "{n}: {d}");
    }
}

#[test]
fn task_failed_matches_all_but_timeout() {
    assert!(recovery::matches(
        &json!(["States.TaskFailed"]),
        "States.Http.StatusCode.500"
    ));
    assert!(!recovery::matches(
        &json!(["States.TaskFailed"]),
        "States.Timeout"
    ));
    assert!(recovery::matches(&json!(["States.ALL"]), "States.Timeout"));
    assert!(!recovery::matches(&json!(["States.ALL"]), "States.Runtime"));
    assert!(!recovery::matches(
        &json!(["States.Http.StatusCode.50"]),
        "States.Http.StatusCode.500"
    ));
}

#[test]
fn catch_binds_error_output_and_skips_the_state_assign() {
    let mut task = get("https://api.example.com/x");
    task["Assign"] = json!({"ok": true});
    task["Catch"] = json!([
        {"ErrorEquals": ["States.Http.StatusCode.404"], "Next": "Nope"},
        {"ErrorEquals": ["States.TaskFailed"], "Assign": {"err": "{% $states.errorOutput.Error %}"},
         "Output": {"in": "{% $states.input %}"}, "Next": "After"}
    ]);
    task["Next"] = json!("After");
    let run = go(
        machine(json!({
            "T": task,
            "Nope": {"Type": "Fail", "Error": "Nope"},
            "After": {"Type": "Pass", "Output": {"err": "{% $err %}", "ok": "{% $exists($ok) %}", "from": "{% $states.input %}"}, "End": true}
        })),
        json!({"a": 1}),
        json!({"GET api /x": [{"error": "States.Timeout"}]}),
    );
    assert_eq!(run.status, Status::Failed, "Timeout is not a TaskFailed");
    let run = go(
        machine(json!({
            "T": get_with_catch(),
            "After": {"Type": "Pass", "Output": {"err": "{% $err %}", "from": "{% $states.input %}"}, "End": true}
        })),
        json!({"a": 1}),
        json!({"GET api /x": [{"error": "States.Http.Socket"}]}),
    );
    assert_eq!(
        run.output,
        Some(json!({"err": "States.Http.Socket", "from": {"in": {"a": 1}}}))
    );
}

fn get_with_catch() -> Value {
    let mut task = get("https://api.example.com/x");
    task["Catch"] = json!([{"ErrorEquals": ["States.TaskFailed"],
        "Assign": {"err": "{% $states.errorOutput.Error %}"},
        "Output": {"in": "{% $states.input %}"}, "Next": "After"}]);
    task["Next"] = json!("After");
    task
}

#[test]
fn a_failing_output_is_caught_by_the_state_catch() {
    let mut task = get("https://api.example.com/x");
    task["Output"] = json!("{% $states.result.ResponseBody.missing %}");
    task["Catch"] = json!([{"ErrorEquals": ["States.QueryEvaluationError"], "Next": "H"}]);
    task["End"] = json!(true);
    let run = go(
        machine(
            json!({"T": task, "H": {"Type": "Pass", "Output": "{% $states.input.Error %}", "End": true}}),
        ),
        json!({}),
        json!({"GET api /x": [{"status": 200, "body": {}}]}),
    );
    assert_eq!(run.output, Some(json!("States.QueryEvaluationError")));
}

#[test]
fn parallel_branches_read_outer_variables_and_keep_their_own() {
    let branch = |name: &str, value: i64| {
        json!({"StartAt": name, "States": {
            name: {"Type": "Pass", "Assign": {"local": value}, "Next": format!("{name}2")},
            format!("{name}2"): {"Type": "Pass", "Output": "{% $outer + $local %}", "End": true}
        }})
    };
    let run = go(
        machine(json!({
            "Set": {"Type": "Pass", "Assign": {"outer": 100}, "Next": "P"},
            "P": {"Type": "Parallel", "Branches": [branch("A", 1), branch("B", 2)],
                  "Assign": {"sum": "{% $sum($states.result) %}"}, "Next": "End"},
            "End": {"Type": "Pass", "Output": {"sum": "{% $sum %}", "local": "{% $exists($local) %}"}, "End": true}
        })),
        json!({}),
        json!({}),
    );
    assert_eq!(run.output, Some(json!({"sum": 203, "local": false})));
}

#[test]
fn a_failing_branch_fails_the_parallel_state_where_catch_handles_it() {
    let run = go(
        machine(json!({
            "P": {"Type": "Parallel", "Branches": [
                {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Boom", "Cause": "b"}}}
            ], "Catch": [{"ErrorEquals": ["Boom"], "Next": "H"}], "End": true},
            "H": {"Type": "Pass", "End": true}
        })),
        json!({}),
        json!({}),
    );
    assert_eq!(run.output, Some(json!({"Error": "Boom", "Cause": "b"})));
}

#[test]
fn map_keeps_order_and_its_concurrency_shapes_the_time() {
    let def = |concurrency: u64| {
        machine(json!({"M": {
            "Type": "Map",
            "Items": "{% $states.input %}",
            "MaxConcurrency": concurrency,
            "ItemSelector": {"v": "{% $states.context.Map.Item.Value %}", "i": "{% $states.context.Map.Item.Index %}"},
            "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "W", "States": {
                "W": {"Type": "Wait", "Seconds": "{% $states.input.v %}", "Next": "Out"},
                "Out": {"Type": "Pass", "Output": "{% $states.input.i %}", "End": true}
            }},
            "End": true
        }}))
    };
    let one = go(def(1), json!([10, 20, 30]), json!({}));
    assert_eq!(one.output, Some(json!([0, 1, 2])));
    assert_eq!(one.elapsed_seconds, 60.0);
    let two = go(def(2), json!([10, 20, 30]), json!({}));
    // 10 and 20 start together; 30 starts when 10 ends.
    assert_eq!(two.elapsed_seconds, 40.0);
    let all = go(def(0), json!([10, 20, 30]), json!({}));
    assert_eq!(all.elapsed_seconds, 30.0);
}

#[test]
fn an_endless_loop_stops_at_the_history_limit() {
    let run = go(
        machine(json!({"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "A"}})),
        json!({}),
        json!({}),
    );
    assert_eq!(run.status, Status::Failed);
    assert_eq!(run.error.as_deref(), Some("States.Runtime"));
    assert!(run.states.len() < 13_000);
}

#[test]
fn express_has_no_history_limit_but_a_loop_still_ends() {
    let def =
        machine(json!({"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "A"}}));
    let mocks = Mocks::default();
    let options = RunOptions::default();
    let run = execute_as(WorkflowType::Express, &def, json!({}), &mocks, &options);
    assert_eq!(run.error.as_deref(), Some("Aslc.TooManySteps"));
    assert!(run.states.len() > 200_000);
    // Express runs at most five minutes.
    let wait = machine(json!({"W": {"Type": "Wait", "Seconds": 400, "End": true}}));
    let run = execute_as(WorkflowType::Express, &wait, json!({}), &mocks, &options);
    assert_eq!((run.status, run.elapsed_seconds), (Status::TimedOut, 300.0));
}

#[test]
fn step_functions_functions_are_there_and_seeded() {
    let def = machine(json!({"A": {"Type": "Pass", "Output": {
        "u": "{% $uuid() %}", "r": "{% $random() %}",
        "p": "{% $partition([1,2,3], 2) %}", "g": "{% $range(0, 6, 2) %}",
        "j": "{% $parse('{\"a\":[1]}') %}"
    }, "End": true}}));
    let a = go(def.clone(), json!({}), json!({}));
    let b = go(def, json!({}), json!({}));
    assert_eq!(a.output, b.output);
    let out = a.output.unwrap();
    assert_eq!(out["p"], json!([[1, 2], [3]]));
    assert_eq!(out["g"], json!([0, 2, 4, 6]));
    assert_eq!(out["j"], json!({"a": [1]}));
    assert_eq!(out["u"].as_str().unwrap().len(), 36);
    assert_eq!(out["u"].as_str().unwrap().chars().nth(14), Some('4'));
}

#[test]
fn mocks_errors_are_located() {
    let text = "{\n  \"GET api /a\": [{\"status\": 200}],\n  \"FETCH api /b\": []\n}";
    let error = Mocks::parse(text).unwrap_err();
    assert_eq!((error.line, error.column), (3, 3));
    assert!(error.message.contains("FETCH"), "{error}");
    let error = Mocks::parse("{\"GET api /a\": [{\"status\": 200,}]}").unwrap_err();
    assert_eq!(error.line, 1);
    let error = Mocks::parse("{\"GET api /a\": [{\"stat\": 200}]}").unwrap_err();
    assert!(error.message.contains("unknown field `stat`"), "{error}");
}

fn ask(extra: Value) -> Value {
    let mut task = json!({
        "Type": "Task",
        "Resource": "arn:aws:states:::events:putEvents.waitForTaskToken",
        "Arguments": {"Entries": [{
            "Detail": {"id": 1, "taskToken": "{% $states.context.Task.Token %}"},
            "DetailType": "Asked", "EventBusName": "default", "Source": "test"
        }]},
        "Output": "{% $states.result %}",
        "End": true
    });
    for (key, value) in extra.as_object().unwrap() {
        task[key] = value.clone();
    }
    machine(json!({ "Ask": task }))
}

#[test]
fn a_waiting_emit_takes_the_receivers_answer_and_sends_the_token() {
    let run = go(
        ask(json!({})),
        json!({}),
        json!({"emit default Asked": [{"answer": {"ok": true}}]}),
    );
    assert_eq!(run.status, Status::Succeeded);
    assert_eq!(run.output, Some(json!({"ok": true})));
    assert_eq!(run.calls.len(), 1);
    assert_eq!(run.calls[0].key, "emit default Asked");
    assert_eq!(
        run.calls[0].request["Detail"]["taskToken"],
        json!("aslc-task-token-1")
    );
}

#[test]
fn a_waiting_emit_fails_with_the_receivers_error_or_times_out() {
    let failed = go(
        ask(json!({})),
        json!({}),
        json!({"emit default Asked": {"error": "Rejected", "cause": "no"}}),
    );
    assert_eq!(failed.error.as_deref(), Some("Rejected"));
    assert_eq!(failed.cause.as_deref(), Some("no"));
    let never = json!({"emit default Asked": {"never": true}});
    let beat = go(
        ask(json!({"TimeoutSeconds": 100, "HeartbeatSeconds": 10})),
        json!({}),
        never.clone(),
    );
    assert_eq!(beat.error.as_deref(), Some("States.HeartbeatTimeout"));
    assert_eq!(beat.elapsed_seconds, 10.0);
    let timeout = go(ask(json!({"TimeoutSeconds": 100})), json!({}), never);
    assert_eq!(timeout.error.as_deref(), Some("States.Timeout"));
    assert_eq!(timeout.elapsed_seconds, 100.0);
}

#[test]
fn an_emit_without_wait_needs_no_mock_but_a_waiting_one_does() {
    let mut plain = ask(json!({"Resource": "arn:aws:states:::events:putEvents"}));
    plain["States"]["Ask"]["Output"] = json!("{% $states.result.FailedEntryCount %}");
    // Only a waiting task has a token.
    plain["States"]["Ask"]["Arguments"]["Entries"][0]["Detail"] = json!({"id": 1});
    let run = go(plain, json!({}), json!({}));
    assert_eq!(run.status, Status::Succeeded);
    assert_eq!(run.output, Some(json!(0)));
    let missing = go(ask(json!({})), json!({}), json!({}));
    assert_eq!(missing.error.as_deref(), Some("Aslc.MissingMock"));
}

#[test]
fn an_answer_to_an_emit_without_wait_is_refused() {
    let mut plain = ask(json!({"Resource": "arn:aws:states:::events:putEvents"}));
    plain["States"]["Ask"]["Arguments"]["Entries"][0]["Detail"] = json!({"id": 1});
    let run = go(
        plain,
        json!({}),
        json!({"emit default Asked": [{"answer": {"ok": true}}]}),
    );
    assert_eq!(run.error.as_deref(), Some("Aslc.BadMock"));
    let cause = run.cause.unwrap_or_default();
    assert!(cause.contains("emit without `wait`"), "{cause}");
}

#[test]
fn emit_mocks_are_checked() {
    for bad in [
        json!({"emit default": [{"answer": 1}]}),
        json!({"emit default Asked": [{"answer": 1, "status": 200}]}),
        json!({"emit default Asked": [{"never": false}]}),
        json!({"emit default Asked": [{"error": "E", "cause": 1}]}),
    ] {
        assert!(Mocks::parse(&bad.to_string()).is_err(), "{bad}");
    }
}

//! Part of stage 4, emit: [`StateGraph`] → the ASL definition.
//!
//! A structural walk: every value ASL evaluates is already JSONata inside
//! the graph, so this only chooses field names and their order. Keys come
//! out in one fixed order (definition: `Comment, QueryLanguage, StartAt,
//! TimeoutSeconds, States`; state: `Type, Comment, Resource, Arguments,
//! Items, ItemSelector, MaxConcurrency, ToleratedFailurePercentage or Count,
//! ItemBatcher, ItemProcessor, Branches, Choices,
//! Default, Seconds, Timestamp, Error, Cause, TimeoutSeconds, Assign,
//! Output, Retry, Catch, Next/End`), so the same graph always gives the
//! same bytes. The one thing it rewrites is a comment's `${` (see
//! [`inert_placeholders`]): a `Comment` cannot be an expression, and
//! CloudFormation would substitute it.

use serde_json::{Map, Value, json};

use crate::graph::{
    Catcher, ChildRuns, ConnectionRef, HttpTask, Machine, Retrier, State, StateGraph, StateKind,
    StateMachineRef, ToleratedFailures, Transition, WaitFor, inert_placeholders,
};

/// aws.md §1: the HTTP Task's resource.
pub const HTTP_INVOKE: &str = "arn:aws:states:::http:invoke";
/// The optimized EventBridge integration (Step Functions guide, "Add
/// EventBridge events with Step Functions").
pub const PUT_EVENTS: &str = "arn:aws:states:::events:putEvents";
/// The same, waiting for the task token to come back ("Wait for a
/// Callback with Task Token").
pub const PUT_EVENTS_WAIT: &str = "arn:aws:states:::events:putEvents.waitForTaskToken";

/// The Task resource of `run`: start an execution and wait for it, with
/// the child's output as JSON (`:2`) rather than a string
/// (https://docs.aws.amazon.com/step-functions/latest/dg/connect-stepfunctions.html).
pub const START_EXECUTION_SYNC: &str = "arn:aws:states:::states:startExecution.sync:2";

/// The whole definition as a JSON value.
pub fn to_value(graph: &StateGraph) -> Value {
    let mut out = Map::new();
    if let Some(comment) = &graph.comment {
        out.insert("Comment".into(), json!(inert_placeholders(comment)));
    }
    out.insert("QueryLanguage".into(), json!("JSONata"));
    out.insert("StartAt".into(), json!(graph.root.start_at));
    if let Some(seconds) = graph.timeout_seconds {
        out.insert("TimeoutSeconds".into(), json!(seconds));
    }
    out.insert("States".into(), states(&graph.root));
    Value::Object(out)
}

/// The definition as text: two-space indented JSON and a final newline.
/// Returns `None` only if `serde_json` cannot write a value it built, which
/// it never does for a [`Value`].
pub fn to_text(value: &Value) -> Option<String> {
    let mut text = serde_json::to_string_pretty(value).ok()?;
    text.push('\n');
    Some(text)
}

fn states(machine: &Machine) -> Value {
    let mut out = Map::new();
    for (name, state) in &machine.states {
        out.insert(name.clone(), state_value(state));
    }
    Value::Object(out)
}

/// `{StartAt, States}` of a Parallel branch.
fn branch(machine: &Machine) -> Value {
    json!({
        "StartAt": machine.start_at,
        "States": states(machine),
    })
}

fn state_value(state: &State) -> Value {
    let mut out = Map::new();
    let kind = match &state.kind {
        StateKind::Http(_) | StateKind::Events(_) | StateKind::Run(_) => "Task",
        StateKind::Pass => "Pass",
        StateKind::Choice { .. } => "Choice",
        StateKind::Wait(_) => "Wait",
        StateKind::Fail { .. } => "Fail",
        StateKind::Succeed => "Succeed",
        StateKind::Parallel { .. } => "Parallel",
        StateKind::Map { .. } => "Map",
    };
    out.insert("Type".into(), json!(kind));
    if let Some(comment) = &state.comment {
        out.insert("Comment".into(), json!(inert_placeholders(comment)));
    }
    let mut retry: &[Retrier] = &[];
    let mut catch: &[Catcher] = &[];
    match &state.kind {
        StateKind::Http(task) => {
            out.insert("Resource".into(), json!(HTTP_INVOKE));
            out.insert("Arguments".into(), arguments(task));
            // A Task has none of the fields between `Arguments` and
            // `TimeoutSeconds` in the fixed order, so it goes here.
            if let Some(seconds) = task.timeout_seconds {
                out.insert("TimeoutSeconds".into(), json!(seconds));
            }
            retry = &task.retry;
            catch = &task.catch;
        }
        StateKind::Events(task) => {
            let resource = if task.wait {
                PUT_EVENTS_WAIT
            } else {
                PUT_EVENTS
            };
            out.insert("Resource".into(), json!(resource));
            out.insert("Arguments".into(), json!({ "Entries": [task.entry] }));
            if let Some(seconds) = task.timeout_seconds {
                out.insert("TimeoutSeconds".into(), json!(seconds));
            }
            if let Some(seconds) = task.heartbeat_seconds {
                out.insert("HeartbeatSeconds".into(), json!(seconds));
            }
            retry = &task.retry;
            catch = &task.catch;
        }
        StateKind::Run(task) => {
            out.insert("Resource".into(), json!(START_EXECUTION_SYNC));
            let arn = match &task.state_machine {
                StateMachineRef::Used { substitution, .. } => format!("${{{substitution}}}"),
                StateMachineRef::Existing { arn, .. } => arn.clone(),
            };
            out.insert(
                "Arguments".into(),
                json!({ "StateMachineArn": arn, "Input": task.input }),
            );
            if let Some(seconds) = task.timeout_seconds {
                out.insert("TimeoutSeconds".into(), json!(seconds));
            }
            retry = &task.retry;
            catch = &task.catch;
        }
        StateKind::Map {
            items,
            item_selector,
            max_concurrency,
            distributed,
            processor,
            retry: map_retry,
            catch: map_catch,
        } => {
            out.insert("Items".into(), items.clone());
            if let Some(selector) = item_selector {
                out.insert("ItemSelector".into(), selector.clone());
            }
            if let Some(limit) = max_concurrency {
                out.insert("MaxConcurrency".into(), json!(limit));
            }
            if let Some(runs) = distributed {
                child_run_fields(runs, &mut out);
            }
            // Children run as Standard executions: each keeps its own
            // history and may wait as long as the body does (Express
            // children stop after five minutes).
            let config = match distributed {
                Some(_) => json!({ "Mode": "DISTRIBUTED", "ExecutionType": "STANDARD" }),
                None => json!({ "Mode": "INLINE" }),
            };
            out.insert(
                "ItemProcessor".into(),
                json!({
                    "ProcessorConfig": config,
                    "StartAt": processor.start_at,
                    "States": states(processor),
                }),
            );
            retry = map_retry;
            catch = map_catch;
        }
        StateKind::Parallel {
            branches,
            retry: parallel_retry,
            catch: parallel_catch,
        } => {
            out.insert(
                "Branches".into(),
                Value::Array(branches.iter().map(branch).collect()),
            );
            retry = parallel_retry;
            catch = parallel_catch;
        }
        StateKind::Choice { choices, default } => {
            let rules = choices
                .iter()
                .map(|rule| json!({ "Condition": rule.condition, "Next": rule.next }))
                .collect();
            out.insert("Choices".into(), Value::Array(rules));
            if let Some(default) = default {
                out.insert("Default".into(), json!(default));
            }
        }
        StateKind::Wait(WaitFor::Seconds(seconds)) => {
            out.insert("Seconds".into(), json!(seconds));
        }
        StateKind::Wait(WaitFor::ComputedSeconds(seconds)) => {
            out.insert("Seconds".into(), seconds.clone());
        }
        StateKind::Wait(WaitFor::Timestamp(timestamp)) => {
            out.insert("Timestamp".into(), timestamp.clone());
        }
        StateKind::Fail { error, cause } => {
            if let Some(error) = error {
                out.insert("Error".into(), error.clone());
            }
            if let Some(cause) = cause {
                out.insert("Cause".into(), cause.clone());
            }
        }
        StateKind::Pass | StateKind::Succeed => {}
    }
    if !state.assign.is_empty() {
        let assign: Map<String, Value> = state
            .assign
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        out.insert("Assign".into(), Value::Object(assign));
    }
    // A `run` Task's result describes the child execution, its input
    // included; only its `Output` goes on, so the state's output stays
    // within the payload limit whenever the child's output does. (Nothing
    // after a Task reads its output: values travel in variables.)
    let run_output =
        matches!(state.kind, StateKind::Run(_)).then(|| json!("{% $states.result.Output %}"));
    if let Some(output) = state.output.as_ref().or(run_output.as_ref()) {
        out.insert("Output".into(), output.clone());
    }
    if !retry.is_empty() {
        out.insert(
            "Retry".into(),
            Value::Array(retry.iter().map(retrier).collect()),
        );
    }
    if !catch.is_empty() {
        out.insert(
            "Catch".into(),
            Value::Array(catch.iter().map(catcher).collect()),
        );
    }
    match &state.transition {
        Some(Transition::Next(next)) => {
            out.insert("Next".into(), json!(next));
        }
        Some(Transition::End) => {
            out.insert("End".into(), json!(true));
        }
        None => {}
    }
    Value::Object(out)
}

/// The HTTP Task's `Arguments` (aws.md §1): the connection goes in
/// `InvocationConfig`, as in the AWS private-API sample.
/// A Distributed Map's failure threshold and batching.
fn child_run_fields(runs: &ChildRuns, out: &mut Map<String, Value>) {
    match runs.tolerated {
        Some(ToleratedFailures::Percent(p)) => {
            // Check kept it within 0–100; a whole percentage is written as
            // an integer (`5`, not `5.0`).
            let value = (0..=100u8)
                .find(|&n| f64::from(n) == p)
                .map_or_else(|| json!(p), |n| json!(n));
            out.insert("ToleratedFailurePercentage".into(), value);
        }
        Some(ToleratedFailures::Count(n)) => {
            out.insert("ToleratedFailureCount".into(), json!(n));
        }
        None => {}
    }
    if let Some(items) = runs.batch {
        out.insert("ItemBatcher".into(), json!({ "MaxItemsPerBatch": items }));
    }
}

fn arguments(task: &HttpTask) -> Value {
    let mut out = Map::new();
    out.insert("ApiEndpoint".into(), task.api_endpoint.clone());
    out.insert("Method".into(), json!(task.method.as_str()));
    let arn = match &task.connection {
        ConnectionRef::Created { substitution } => format!("${{{substitution}}}"),
        ConnectionRef::Existing { arn } => arn.clone(),
    };
    out.insert("InvocationConfig".into(), json!({ "ConnectionArn": arn }));
    if let Some(headers) = &task.headers {
        out.insert("Headers".into(), headers.clone());
    }
    if let Some(query) = &task.query {
        out.insert("QueryParameters".into(), query.clone());
    }
    if let Some(body) = &task.body {
        out.insert("RequestBody".into(), body.clone());
    }
    if task.url_encoded {
        out.insert(
            "Transform".into(),
            json!({ "RequestBodyEncoding": "URL_ENCODED" }),
        );
    }
    Value::Object(out)
}

fn retrier(retry: &Retrier) -> Value {
    let mut out = Map::new();
    out.insert("ErrorEquals".into(), json!(retry.error_equals));
    if let Some(seconds) = retry.interval_seconds {
        out.insert("IntervalSeconds".into(), json!(seconds));
    }
    if let Some(attempts) = retry.max_attempts {
        out.insert("MaxAttempts".into(), json!(attempts));
    }
    if let Some(rate) = &retry.backoff_rate {
        out.insert("BackoffRate".into(), Value::Number(rate.clone()));
    }
    if let Some(seconds) = retry.max_delay_seconds {
        out.insert("MaxDelaySeconds".into(), json!(seconds));
    }
    if retry.jitter_full {
        out.insert("JitterStrategy".into(), json!("FULL"));
    }
    Value::Object(out)
}

fn catcher(catch: &Catcher) -> Value {
    let mut out = Map::new();
    out.insert("ErrorEquals".into(), json!(catch.error_equals));
    if !catch.assign.is_empty() {
        let assign: Map<String, Value> = catch
            .assign
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        out.insert("Assign".into(), Value::Object(assign));
    }
    if let Some(output) = &catch.output {
        out.insert("Output".into(), output.clone());
    }
    out.insert("Next".into(), json!(catch.next));
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    #![expect(
        clippy::indexing_slicing,
        reason = "test code: a panic is a test failure"
    )]

    use indexmap::IndexMap;

    use super::*;
    use crate::graph::{ChoiceRule, Method, RuleSource, UrlPattern, WorkflowKind};
    use crate::source::Span;

    fn plain(kind: StateKind, transition: Option<Transition>) -> State {
        State {
            comment: None,
            kind,
            transition,
            assign: IndexMap::new(),
            output: None,
            span: Span::default(),
        }
    }

    fn graph(states: Vec<(&str, State)>) -> StateGraph {
        let start_at = states
            .first()
            .map(|(n, _)| (*n).to_owned())
            .unwrap_or_default();
        StateGraph {
            name: "w".into(),
            comment: Some("Doc.".into()),
            timeout_seconds: Some(600),
            kind: WorkflowKind::Standard,
            root: Machine {
                start_at,
                states: states.into_iter().map(|(n, s)| (n.to_owned(), s)).collect(),
            },
            plan: Default::default(),
            span: Span::default(),
        }
    }

    fn keys(value: &Value) -> Vec<&str> {
        value
            .as_object()
            .map(|o| o.keys().map(String::as_str).collect())
            .unwrap_or_default()
    }

    #[test]
    fn top_level_keys_are_in_order() {
        let g = graph(vec![("Done", plain(StateKind::Succeed, None))]);
        let value = to_value(&g);
        assert_eq!(
            keys(&value),
            [
                "Comment",
                "QueryLanguage",
                "StartAt",
                "TimeoutSeconds",
                "States"
            ]
        );
        let text = to_text(&value).unwrap_or_default();
        assert!(text.ends_with("}\n"));
        assert!(text.contains("\n  \"QueryLanguage\": \"JSONata\""));
    }

    #[test]
    fn task_keys_are_in_order() {
        let task = HttpTask {
            endpoint: "billing".into(),
            method: Method::Post,
            api_endpoint: json!("https://b.example.com/x"),
            url_pattern: UrlPattern::text("https://b.example.com/x"),
            connection: ConnectionRef::Created {
                substitution: "BillingConnectionArn".into(),
            },
            headers: Some(json!({"X-A": "1"})),
            query: None,
            body: Some(json!({"a": 1})),
            url_encoded: true,
            timeout_seconds: Some(20),
            retry: vec![Retrier {
                error_equals: vec!["States.Http.Socket".into()],
                interval_seconds: Some(2),
                max_attempts: Some(3),
                backoff_rate: serde_json::from_str("1.5").ok(),
                max_delay_seconds: None,
                jitter_full: true,
            }],
            catch: vec![Catcher {
                error_equals: vec!["States.ALL".into()],
                next: "Done".into(),
                assign: IndexMap::new(),
                output: None,
            }],
        };
        let mut state = plain(StateKind::Http(task), Some(Transition::Next("Done".into())));
        state.comment = Some("Call.".into());
        state
            .assign
            .insert("x".into(), json!("{% $states.result %}"));
        let g = graph(vec![
            ("Call", state),
            ("Done", plain(StateKind::Succeed, None)),
        ]);
        let value = to_value(&g);
        let call = &value["States"]["Call"];
        assert_eq!(
            keys(call),
            [
                "Type",
                "Comment",
                "Resource",
                "Arguments",
                "TimeoutSeconds",
                "Assign",
                "Retry",
                "Catch",
                "Next"
            ]
        );
        assert_eq!(
            keys(&call["Arguments"]),
            [
                "ApiEndpoint",
                "Method",
                "InvocationConfig",
                "Headers",
                "RequestBody",
                "Transform"
            ]
        );
        assert_eq!(
            call["Arguments"]["InvocationConfig"]["ConnectionArn"],
            json!("${BillingConnectionArn}")
        );
        assert_eq!(
            keys(&call["Retry"][0]),
            [
                "ErrorEquals",
                "IntervalSeconds",
                "MaxAttempts",
                "BackoffRate",
                "JitterStrategy"
            ]
        );
        assert_eq!(call["Retry"][0]["BackoffRate"], json!(1.5));
    }

    #[test]
    fn choice_and_map_shapes() {
        let choice = plain(
            StateKind::Choice {
                choices: vec![ChoiceRule {
                    condition: json!("{% $x > 1 %}"),
                    next: "Loop".into(),
                    source: RuleSource::Generated,
                }],
                default: Some("Done".into()),
            },
            None,
        );
        let processor = Machine {
            start_at: "Each x".into(),
            states: [(
                "Each x".to_owned(),
                plain(StateKind::Pass, Some(Transition::End)),
            )]
            .into_iter()
            .collect(),
        };
        let map = plain(
            StateKind::Map {
                items: json!("{% $xs %}"),
                item_selector: None,
                max_concurrency: Some(5),
                distributed: None,
                processor: Box::new(processor),
                retry: Vec::new(),
                catch: Vec::new(),
            },
            Some(Transition::Next("Done".into())),
        );
        let g = graph(vec![
            ("Check", choice),
            ("Loop", map),
            ("Done", plain(StateKind::Succeed, None)),
        ]);
        let value = to_value(&g);
        assert_eq!(
            keys(&value["States"]["Check"]),
            ["Type", "Choices", "Default"]
        );
        let map = &value["States"]["Loop"];
        assert_eq!(
            keys(map),
            ["Type", "Items", "MaxConcurrency", "ItemProcessor", "Next"]
        );
        assert_eq!(
            map["ItemProcessor"]["ProcessorConfig"],
            json!({"Mode": "INLINE"})
        );
    }

    #[test]
    fn distributed_map_keys_are_in_order() {
        let processor = Machine {
            start_at: "Each x".into(),
            states: [(
                "Each x".to_owned(),
                plain(StateKind::Pass, Some(Transition::End)),
            )]
            .into_iter()
            .collect(),
        };
        let map = plain(
            StateKind::Map {
                items: json!("{% $xs %}"),
                item_selector: None,
                max_concurrency: Some(100),
                distributed: Some(Box::new(ChildRuns {
                    tolerated: Some(ToleratedFailures::Count(3)),
                    batch: Some(50),
                })),
                processor: Box::new(processor),
                retry: Vec::new(),
                catch: Vec::new(),
            },
            None,
        );
        let value = to_value(&graph(vec![("Loop", map)]));
        let map = &value["States"]["Loop"];
        assert_eq!(
            keys(map),
            [
                "Type",
                "Items",
                "MaxConcurrency",
                "ToleratedFailureCount",
                "ItemBatcher",
                "ItemProcessor"
            ]
        );
        assert_eq!(map["ItemBatcher"], json!({"MaxItemsPerBatch": 50}));
        assert_eq!(
            map["ItemProcessor"]["ProcessorConfig"],
            json!({"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"})
        );
    }
}

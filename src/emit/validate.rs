//! Self-check of emitted output: takes the ASL definition the emit stage
//! produced (a `serde_json::Value`) and returns every way it breaks the
//! rules, as messages naming the JSON pointer of each failure.
//!
//! Two layers. The embedded JSON Schema (`src/schemas/asl.schema.json`,
//! draft 2020-12) checks shapes: which fields each state type may carry in
//! JSONata mode, value ranges, `Next` xor `End`, name lengths. Then
//! [`structure_errors`] checks what a schema cannot see: that every
//! transition names a state of the same (sub-)machine, that state names are
//! unique across the whole definition, that every state is reachable and
//! every machine can end, and that `States.ALL` comes last.
//!
//! A failure here is always a compiler bug, never the user's fault, so it is
//! reported as `E0901` by [`invalid_output`]. The checks are linear in the
//! size of the definition.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use serde_json::{Map, Value};

use crate::diag::{Code, Diagnostic};
use crate::source::Span;

/// The JSON Schema for the ASL aslc emits.
const ASL_SCHEMA: &str = include_str!("../schemas/asl.schema.json");

/// How many failures an `E0901` note lists before summarising the rest.
const MAX_LISTED_FAILURES: usize = 10;

/// Checks an emitted ASL definition against the schema and the
/// cross-reference rules. `Err` holds one message per failure, each starting
/// with the JSON pointer of the failing value (`/` for the root), sorted so
/// the result is the same on every run.
pub fn validate_asl(definition: &Value) -> Result<(), Vec<String>> {
    let mut failures = match asl_validator() {
        Ok(validator) => validator
            .iter_errors(definition)
            .map(|error| {
                // Masked: the message names the offending value without
                // printing it, which for a whole state could be kilobytes.
                format!(
                    "{}: {}",
                    display_pointer(error.instance_path().as_str()),
                    error.masked()
                )
            })
            .collect(),
        Err(message) => vec![message.clone()],
    };
    failures.extend(structure_errors(definition));
    failures.sort();
    failures.dedup();
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures)
    }
}

/// Parses emitted ASL text and validates it, for callers that hold the text
/// rather than the value. `Err` is as for [`validate_asl`].
pub fn validate_asl_text(text: &str) -> Result<(), Vec<String>> {
    let definition: Value = serde_json::from_str(text)
        .map_err(|error| vec![format!("/: the definition is not valid JSON: {error}")])?;
    validate_asl(&definition)
}

/// The `E0901` diagnostic for a definition that failed [`validate_asl`].
/// `span` is where the user can see what was being compiled (the workflow's
/// name); the failures go into the note.
pub fn invalid_output(failures: &[String], span: Span) -> Diagnostic {
    let mut note = String::from("the emitted ASL definition failed these checks:");
    for failure in failures.iter().take(MAX_LISTED_FAILURES) {
        note.push_str("\n  ");
        note.push_str(failure);
    }
    if failures.len() > MAX_LISTED_FAILURES {
        note.push_str(&format!(
            "\n  … and {} more",
            failures.len() - MAX_LISTED_FAILURES
        ));
    }
    Diagnostic::new(
        Code::InvalidOutput,
        "internal error: the emitted ASL definition is invalid",
        span,
        "while compiling this workflow",
    )
    .with_help("this is a bug in aslc, not in your file; please report it with the file attached")
    .with_note(note)
}

/// The compiled schema, built once per process. `Err` (a message) only if
/// the embedded schema itself is broken, which the unit tests rule out.
fn asl_validator() -> &'static Result<jsonschema::Validator, String> {
    static VALIDATOR: OnceLock<Result<jsonschema::Validator, String>> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        let schema: Value = serde_json::from_str(ASL_SCHEMA)
            .map_err(|e| format!("/: the embedded ASL schema is not valid JSON: {e}"))?;
        jsonschema::draft202012::new(&schema)
            .map_err(|e| format!("/: the embedded ASL schema does not compile: {e}"))
    })
}

/// A JSON pointer as shown in messages: the root is `/` rather than empty.
fn display_pointer(pointer: &str) -> &str {
    if pointer.is_empty() { "/" } else { pointer }
}

/// Escapes one JSON-pointer segment (RFC 6901): `~` and `/` may appear in
/// state names.
fn escape_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// One state machine: the top level, a Parallel branch, or a Map's
/// `ItemProcessor`. Transitions never cross from one to another.
struct Machine<'a> {
    /// JSON pointer of the object holding `StartAt` and `States`.
    pointer: String,
    start_at: Option<&'a str>,
    states: &'a Map<String, Value>,
}

/// The cross-reference rules a schema cannot express. Tolerates any shape
/// (the schema reports shape errors), so it can run on invalid input.
fn structure_errors(definition: &Value) -> Vec<String> {
    let mut failures = Vec::new();
    // First place each state name was defined, for the uniqueness rule:
    // names are unique across the whole definition, nested machines included.
    let mut first_definition: HashMap<&str, String> = HashMap::new();
    // An explicit work list instead of recursion, so a deeply nested
    // definition cannot overflow the stack here.
    let mut pending: Vec<Machine<'_>> = machine_at(definition, String::new()).into_iter().collect();
    let mut all_machines = Vec::new();
    while let Some(machine) = pending.pop() {
        for (name, state) in machine.states {
            let pointer = format!("{}/States/{}", machine.pointer, escape_segment(name));
            if let Some(first) = first_definition.get(name.as_str()) {
                failures.push(format!(
                    "{pointer}: state name `{name}` is already used at {first}; names must be unique in the whole definition"
                ));
            } else {
                first_definition.insert(name, pointer.clone());
            }
            pending.extend(nested_machines(state, &pointer));
        }
        all_machines.push(machine);
    }
    for machine in &all_machines {
        check_machine(machine, &first_definition, &mut failures);
    }
    failures
}

/// The machine rooted at `value`, if it is an object with a `States` object.
fn machine_at(value: &Value, pointer: String) -> Option<Machine<'_>> {
    let states = value.get("States")?.as_object()?;
    Some(Machine {
        pointer,
        start_at: value.get("StartAt").and_then(Value::as_str),
        states,
    })
}

/// The machines nested directly in one state: each Parallel branch and a
/// Map's `ItemProcessor`.
fn nested_machines<'a>(state: &'a Value, pointer: &str) -> Vec<Machine<'a>> {
    let mut machines = Vec::new();
    match state.get("Type").and_then(Value::as_str) {
        Some("Parallel") => {
            if let Some(branches) = state.get("Branches").and_then(Value::as_array) {
                for (index, branch) in branches.iter().enumerate() {
                    machines.extend(machine_at(branch, format!("{pointer}/Branches/{index}")));
                }
            }
        }
        Some("Map") => {
            if let Some(processor) = state.get("ItemProcessor") {
                machines.extend(machine_at(processor, format!("{pointer}/ItemProcessor")));
            }
        }
        _ => {}
    }
    machines
}

/// Where one state can go next: `(pointer of the field, target name)`.
fn transitions<'a>(state: &'a Value, pointer: &str) -> Vec<(String, &'a str)> {
    let mut out = Vec::new();
    let mut push = |field: String, value: Option<&'a Value>| {
        if let Some(target) = value.and_then(Value::as_str) {
            out.push((field, target));
        }
    };
    push(format!("{pointer}/Next"), state.get("Next"));
    push(format!("{pointer}/Default"), state.get("Default"));
    for (list, what) in [("Choices", "Next"), ("Catch", "Next")] {
        if let Some(items) = state.get(list).and_then(Value::as_array) {
            for (index, item) in items.iter().enumerate() {
                push(format!("{pointer}/{list}/{index}/{what}"), item.get(what));
            }
        }
    }
    out
}

/// Whether a state ends its machine when it completes.
fn is_terminal(state: &Value) -> bool {
    matches!(
        state.get("Type").and_then(Value::as_str),
        Some("Succeed" | "Fail")
    ) || state.get("End").and_then(Value::as_bool) == Some(true)
}

/// Checks one machine: `StartAt` and every transition name a state of this
/// machine, every state is reachable from `StartAt`, some state ends the
/// machine, and `States.ALL` is only in the last retrier and catcher.
fn check_machine(
    machine: &Machine<'_>,
    first_definition: &HashMap<&str, String>,
    failures: &mut Vec<String>,
) {
    let names: HashSet<&str> = machine.states.keys().map(String::as_str).collect();
    let unknown_target = |field: &str, target: &str| -> String {
        match first_definition.get(target) {
            Some(elsewhere) => format!(
                "{field}: `{target}` is a state of another machine ({elsewhere}); transitions cannot leave a Parallel branch or a Map iteration, nor enter one"
            ),
            None => format!("{field}: no state is named `{target}`"),
        }
    };

    let mut reachable: HashSet<&str> = HashSet::new();
    let mut work: Vec<&str> = Vec::new();
    match machine.start_at {
        Some(start) if names.contains(start) => {
            reachable.insert(start);
            work.push(start);
        }
        Some(start) => failures.push(unknown_target(
            &format!("{}/StartAt", machine.pointer),
            start,
        )),
        // A missing StartAt is a shape error the schema reports.
        None => {}
    }
    while let Some(name) = work.pop() {
        let Some(state) = machine.states.get(name) else {
            continue;
        };
        let pointer = format!("{}/States/{}", machine.pointer, escape_segment(name));
        for (field, target) in transitions(state, &pointer) {
            if !names.contains(target) {
                failures.push(unknown_target(&field, target));
            } else if reachable.insert(target) {
                work.push(target);
            }
        }
    }

    let mut any_terminal = false;
    for (name, state) in machine.states {
        let pointer = format!("{}/States/{}", machine.pointer, escape_segment(name));
        any_terminal |= is_terminal(state);
        if machine.start_at.is_some() && !reachable.contains(name.as_str()) {
            failures.push(format!(
                "{pointer}: state `{name}` cannot be reached from `StartAt`"
            ));
            // Its transitions were not followed above; check them here so
            // a wrong target is still reported.
            for (field, target) in transitions(state, &pointer) {
                if !names.contains(target) {
                    failures.push(unknown_target(&field, target));
                }
            }
        }
        for list in ["Retry", "Catch"] {
            check_catch_all_is_last(state, &pointer, list, failures);
        }
    }
    if !any_terminal && !machine.states.is_empty() {
        failures.push(format!(
            "{}: no state ends this machine (no `End: true`, `Succeed` or `Fail`)",
            display_pointer(&machine.pointer)
        ));
    }
}

/// `States.ALL` matches every error, so a retrier or catcher after it could
/// never run; the specification requires it to be the last one.
fn check_catch_all_is_last(state: &Value, pointer: &str, list: &str, failures: &mut Vec<String>) {
    let Some(items) = state.get(list).and_then(Value::as_array) else {
        return;
    };
    let last = items.len().saturating_sub(1);
    for (index, item) in items.iter().enumerate() {
        let catches_all = item
            .get("ErrorEquals")
            .and_then(Value::as_array)
            .is_some_and(|names| names.iter().any(|n| n.as_str() == Some("States.ALL")));
        if catches_all && index != last {
            failures.push(format!(
                "{pointer}/{list}/{index}/ErrorEquals: `States.ALL` must be in the last entry of `{list}`"
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    #![expect(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        reason = "test code: a panic is a test failure"
    )]

    use super::*;
    use serde_json::json;

    /// A definition using every state type in the shapes aslc emits; each
    /// invalid case below is this with one thing broken.
    fn valid() -> Value {
        serde_json::from_str(include_str!("../schemas/examples/every-state.asl.json")).unwrap()
    }

    /// Asserts that `definition` fails, and that some failure is at
    /// `pointer` and mentions `needle`.
    #[track_caller]
    fn assert_fails(definition: &Value, pointer: &str, needle: &str) {
        let failures = validate_asl(definition).expect_err("the definition should be invalid");
        let prefix = format!("{pointer}: ");
        assert!(
            failures
                .iter()
                .any(|f| f.starts_with(&prefix) && f.contains(needle)),
            "no failure at `{pointer}` mentioning `{needle}`; got:\n{}",
            failures.join("\n")
        );
    }

    fn state<'a>(definition: &'a mut Value, name: &str) -> &'a mut Map<String, Value> {
        definition["States"][name].as_object_mut().unwrap()
    }

    #[test]
    fn the_embedded_schema_compiles() {
        assert!(
            asl_validator().is_ok(),
            "{:?}",
            asl_validator().as_ref().err()
        );
    }

    #[test]
    fn valid_examples_pass() {
        for (name, text) in [
            (
                "every-state",
                include_str!("../schemas/examples/every-state.asl.json"),
            ),
            (
                "minimal",
                include_str!("../schemas/examples/minimal.asl.json"),
            ),
        ] {
            let definition: Value = serde_json::from_str(text).unwrap();
            if let Err(failures) = validate_asl(&definition) {
                panic!("{name} should be valid:\n{}", failures.join("\n"));
            }
        }
    }

    #[test]
    fn text_entry_point_reports_bad_json() {
        let failures = validate_asl_text("{").unwrap_err();
        assert!(failures[0].starts_with("/: the definition is not valid JSON"));
        assert!(validate_asl_text(include_str!("../schemas/examples/minimal.asl.json")).is_ok());
    }

    #[test]
    fn jsonpath_fields_are_rejected() {
        for field in [
            "Parameters",
            "ResultPath",
            "InputPath",
            "OutputPath",
            "ResultSelector",
        ] {
            let mut d = valid();
            state(&mut d, "Fetch order").insert(field.into(), json!("$.x"));
            assert_fails(
                &d,
                "/States/Fetch order",
                &format!("'{field}' was unexpected"),
            );
        }
    }

    #[test]
    fn query_language_must_be_jsonata() {
        let mut d = valid();
        d["QueryLanguage"] = json!("JSONPath");
        assert_fails(&d, "/QueryLanguage", "JSONata");
        let mut d = valid();
        d.as_object_mut().unwrap().remove("QueryLanguage");
        assert_fails(&d, "/", "QueryLanguage");
        let mut d = valid();
        state(&mut d, "Pause").insert("QueryLanguage".into(), json!("JSONPath"));
        assert_fails(&d, "/States/Pause/QueryLanguage", "JSONata");
    }

    #[test]
    fn unknown_top_level_field_is_rejected() {
        let mut d = valid();
        d["Startat"] = json!("Fetch order");
        assert_fails(&d, "/", "Startat");
    }

    #[test]
    fn next_and_end_are_exclusive_and_one_is_required() {
        let mut d = valid();
        state(&mut d, "Pause").insert("End".into(), json!(true));
        assert_fails(&d, "/States/Pause/End", "does not allow");
        let mut d = valid();
        state(&mut d, "Pause").remove("Next");
        assert_fails(&d, "/States/Pause", "\"End\" is a required property");
    }

    #[test]
    fn choice_cannot_end_and_needs_jsonata_conditions() {
        let mut d = valid();
        state(&mut d, "Is big").insert("End".into(), json!(true));
        assert_fails(&d, "/States/Is big", "'End' was unexpected");
        let mut d = valid();
        d["States"]["Is big"]["Choices"][0]["Condition"] = json!("$order.total > 100");
        assert_fails(&d, "/States/Is big/Choices/0/Condition", "does not match");
        let mut d = valid();
        d["States"]["Is big"]["Choices"][0]["Variable"] = json!("$.x");
        assert_fails(&d, "/States/Is big/Choices/0", "'Variable' was unexpected");
    }

    #[test]
    fn state_names_longer_than_80_characters_are_rejected() {
        let mut d = valid();
        let long = "é".repeat(81);
        let pause = state(&mut d, "Pause").clone();
        d["States"].as_object_mut().unwrap().remove("Pause");
        d["States"][long.as_str()] = Value::Object(pause);
        d["States"]["Is big"]["Default"] = json!(long);
        assert_fails(&d, "/States", "longer than 80");
        // Exactly 80 characters (160 bytes) is fine: the limit counts characters.
        let mut d = valid();
        let pause = state(&mut d, "Pause").clone();
        let ok = "é".repeat(80);
        d["States"].as_object_mut().unwrap().remove("Pause");
        d["States"][ok.as_str()] = Value::Object(pause);
        d["States"]["Is big"]["Default"] = json!(ok);
        assert!(validate_asl(&d).is_ok(), "{:?}", validate_asl(&d));
    }

    #[test]
    fn retry_fields_are_range_checked() {
        for (field, value) in [
            ("BackoffRate", json!(0.5)),
            ("IntervalSeconds", json!(0)),
            ("MaxAttempts", json!(-1)),
            ("MaxDelaySeconds", json!(31_622_401)),
            ("JitterStrategy", json!("SOME")),
        ] {
            let mut d = valid();
            d["States"]["Fetch order"]["Retry"][0][field] = value;
            assert_fails(&d, &format!("/States/Fetch order/Retry/0/{field}"), "");
        }
        let mut d = valid();
        d["States"]["Fetch order"]["Retry"][0]["ErrorEquals"] = json!([]);
        assert_fails(
            &d,
            "/States/Fetch order/Retry/0/ErrorEquals",
            "less than 1 item",
        );
        let mut d = valid();
        d["States"]["Fetch order"]["Retry"][0]["Bogus"] = json!(1);
        assert_fails(&d, "/States/Fetch order/Retry/0", "'Bogus' was unexpected");
    }

    #[test]
    fn reserved_error_names_must_exist() {
        let mut d = valid();
        d["States"]["Fetch order"]["Retry"][0]["ErrorEquals"] =
            json!(["States.Http.StatusCode.5xx"]);
        assert_fails(&d, "/States/Fetch order/Retry/0/ErrorEquals/0", "");
        let mut d = valid();
        d["States"]["Fetch order"]["Retry"][0]["ErrorEquals"] =
            json!(["Custom.Error", "States.Timeout"]);
        assert!(validate_asl(&d).is_ok(), "{:?}", validate_asl(&d));
    }

    #[test]
    fn catch_all_must_be_alone_and_last() {
        let mut d = valid();
        d["States"]["Fetch order"]["Catch"][0]["ErrorEquals"] =
            json!(["States.ALL", "States.Timeout"]);
        assert_fails(
            &d,
            "/States/Fetch order/Catch/0/ErrorEquals",
            "more than 1 item",
        );
        let mut d = valid();
        let retries = d["States"]["Fetch order"]["Retry"].as_array_mut().unwrap();
        retries.insert(0, json!({ "ErrorEquals": ["States.ALL"] }));
        assert_fails(
            &d,
            "/States/Fetch order/Retry/0/ErrorEquals",
            "last entry of `Retry`",
        );
    }

    #[test]
    fn http_task_arguments_are_checked() {
        let mut d = valid();
        d["States"]["Fetch order"]["Arguments"]
            .as_object_mut()
            .unwrap()
            .remove("InvocationConfig");
        assert_fails(
            &d,
            "/States/Fetch order/Arguments",
            "\"InvocationConfig\" is a required property",
        );
        let mut d = valid();
        d["States"]["Fetch order"]["Arguments"]["Method"] = json!("FETCH");
        assert_fails(&d, "/States/Fetch order/Arguments/Method", "");
        let mut d = valid();
        d["States"]["Fetch order"]["Arguments"]["ApiEndpoint"] = json!("http://plain.example.com");
        assert_fails(&d, "/States/Fetch order/Arguments/ApiEndpoint", "");
        let mut d = valid();
        d["States"]["Fetch order"]["Arguments"]["ConnectionArn"] = json!("arn:x");
        assert_fails(
            &d,
            "/States/Fetch order/Arguments",
            "'ConnectionArn' was unexpected",
        );
    }

    #[test]
    fn wait_needs_exactly_one_of_seconds_and_timestamp() {
        let mut d = valid();
        state(&mut d, "Pause").insert("Timestamp".into(), json!("2026-01-31T12:00:00Z"));
        assert_fails(&d, "/States/Pause/Seconds", "does not allow");
        let mut d = valid();
        state(&mut d, "Pause").remove("Seconds");
        assert_fails(&d, "/States/Pause", "\"Seconds\" is a required property");
    }

    fn config(d: &mut Value) -> &mut Value {
        &mut d["States"]["Each line"]["ItemProcessor"]["ProcessorConfig"]
    }

    #[test]
    fn map_mode_decides_the_execution_type() {
        let mut d = valid();
        config(&mut d)["Mode"] = json!("DISTRIBUTED");
        assert_fails(
            &d,
            "/States/Each line/ItemProcessor/ProcessorConfig",
            "\"ExecutionType\" is a required property",
        );
        config(&mut d)["ExecutionType"] = json!("STANDARD");
        assert!(validate_asl(&d).is_ok());
        let mut d = valid();
        config(&mut d)["ExecutionType"] = json!("STANDARD");
        assert_fails(&d, "/States/Each line/ItemProcessor/ProcessorConfig", "not");
        let mut d = valid();
        config(&mut d)["Mode"] = json!("PARALLEL");
        assert_fails(
            &d,
            "/States/Each line/ItemProcessor/ProcessorConfig/Mode",
            "INLINE",
        );
    }

    #[test]
    fn fail_and_succeed_take_no_transitions() {
        let mut d = valid();
        state(&mut d, "Done").insert("Next".into(), json!("Pause"));
        assert_fails(&d, "/States/Done", "'Next' was unexpected");
        let mut d = valid();
        state(&mut d, "Not found").insert("Output".into(), json!("{% 1 %}"));
        assert_fails(&d, "/States/Not found", "'Output' was unexpected");
    }

    #[test]
    fn assign_takes_whole_variable_names() {
        let mut d = valid();
        d["States"]["Fetch order"]["Assign"]["order.id"] = json!(1);
        assert_fails(
            &d,
            "/States/Fetch order/Assign",
            "\"order.id\" does not match",
        );
    }

    #[test]
    fn unknown_transition_targets_are_reported() {
        let mut d = valid();
        d["States"]["Pause"]["Next"] = json!("Nowhere");
        assert_fails(&d, "/States/Pause/Next", "no state is named `Nowhere`");
        let mut d = valid();
        d["StartAt"] = json!("Nowhere");
        assert_fails(&d, "/StartAt", "`Nowhere`");
        let mut d = valid();
        d["States"]["Is big"]["Default"] = json!("Nowhere");
        assert_fails(&d, "/States/Is big/Default", "`Nowhere`");
        let mut d = valid();
        d["States"]["Fetch order"]["Catch"][0]["Next"] = json!("Nowhere");
        assert_fails(&d, "/States/Fetch order/Catch/0/Next", "`Nowhere`");
    }

    #[test]
    fn transitions_cannot_leave_a_branch() {
        let mut d = valid();
        let left = &mut d["States"]["Fan out"]["Branches"][0]["States"]["Left"];
        left.as_object_mut().unwrap().remove("End");
        left["Next"] = json!("Done");
        assert_fails(
            &d,
            "/States/Fan out/Branches/0/States/Left/Next",
            "another machine",
        );
    }

    #[test]
    fn state_names_are_unique_across_nested_machines() {
        let mut d = valid();
        let branch = &mut d["States"]["Fan out"]["Branches"][1];
        *branch = json!({ "StartAt": "Done", "States": { "Done": { "Type": "Succeed" } } });
        let failures = validate_asl(&d).unwrap_err();
        assert!(
            failures
                .iter()
                .any(|f| f.contains("`Done` is already used")),
            "{failures:?}"
        );
    }

    #[test]
    fn unreachable_states_and_machines_without_an_end_are_reported() {
        let mut d = valid();
        d["States"]["Orphan"] = json!({ "Type": "Succeed" });
        assert_fails(&d, "/States/Orphan", "cannot be reached");
        let d = json!({
            "QueryLanguage": "JSONata",
            "StartAt": "A",
            "States": {
                "A": { "Type": "Pass", "Next": "B" },
                "B": { "Type": "Pass", "Next": "A" }
            }
        });
        assert_fails(&d, "/", "no state ends this machine");
    }

    #[test]
    fn pointers_escape_slashes_in_state_names() {
        let d = json!({
            "QueryLanguage": "JSONata",
            "StartAt": "GET /orders",
            "States": { "GET /orders": { "Type": "Pass", "Next": "Nowhere" } }
        });
        assert_fails(&d, "/States/GET ~1orders/Next", "Nowhere");
    }

    #[test]
    fn failures_are_sorted_and_deterministic() {
        let mut d = valid();
        d["States"]["Pause"]["Next"] = json!("Nowhere");
        d["States"]["Fetch order"]["Parameters"] = json!({});
        d["Bogus"] = json!(1);
        let first = validate_asl(&d).unwrap_err();
        let mut sorted = first.clone();
        sorted.sort();
        assert_eq!(first, sorted);
        assert_eq!(first, validate_asl(&d).unwrap_err());
        assert!(first.len() >= 3, "{first:?}");
    }

    #[test]
    fn structure_check_tolerates_any_shape() {
        for value in [
            json!(null),
            json!([]),
            json!({ "States": [] }),
            json!({ "StartAt": 1, "States": { "A": 1 } }),
            json!({ "StartAt": "A", "States": { "A": { "Type": "Parallel", "Branches": [1, { "States": 2 }] } } }),
        ] {
            assert!(validate_asl(&value).is_err(), "{value}");
        }
    }

    #[test]
    fn invalid_output_lists_failures_in_the_note() {
        let failures: Vec<String> = (0..12).map(|i| format!("/States/S{i}: broken")).collect();
        let diagnostic = invalid_output(&failures, Span::new(0, 8));
        assert_eq!(diagnostic.code, Code::InvalidOutput);
        let note = diagnostic.note.unwrap();
        assert!(note.contains("/States/S0: broken"));
        assert!(note.contains("/States/S9: broken"));
        assert!(!note.contains("/States/S10: broken"));
        assert!(note.contains("and 2 more"));
    }
}

//! Unit tests of `fail` lowering: which handler a `fail` reaches.
#![expect(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "test code"
)]

use serde_json::{Value, json};

use crate::diag::Diagnostics;
use crate::source::SourceFile;

const ENDPOINT: &str = "\nendpoint api {\n    url \"https://api.example.com\"\n    \
                        private \"arn:aws:vpc-lattice:eu-west-1:111122223333:resourceconfiguration/rcfg-0123456789abcdef0\"\n    \
                        auth api_key \"x-api-key\" = secret(\"api/key\")\n}\n";

/// The ASL of a workflow whose body is `body` (with an endpoint `api`).
fn asl(body: &str) -> Value {
    let text = format!("workflow w(input: any) {{\n{body}\n}}\n{ENDPOINT}");
    let file = SourceFile::new("raise.sfl", text.as_str());
    let mut diagnostics = Diagnostics::new();
    let ast = crate::syntax::parse(&file, &mut diagnostics).unwrap();
    let checked = crate::check::check_file(&ast, &mut diagnostics).unwrap();
    assert!(!diagnostics.has_errors(), "{diagnostics:?}");
    let graph = super::super::lower_workflow(&checked, &mut diagnostics).unwrap();
    let value = crate::emit::asl::to_value(&graph);
    if let Err(failures) = crate::validate::validate_asl(&value) {
        panic!("invalid ASL: {failures:#?}");
    }
    value
}

fn state<'v>(asl: &'v Value, name: &str) -> &'v Value {
    let found = &asl["States"][name];
    assert!(!found.is_null(), "no state `{name}` in {asl:#}");
    found
}

#[test]
fn a_fail_deep_in_a_try_goes_to_its_handler() {
    let asl = asl(r#"
    try {
        while input.again {
            if input.bad { fail "Bad" "it was bad" }
        }
    } catch "Bad" as e {
        return e
    }"#);
    let pass = state(&asl, "Fail Bad");
    assert_eq!(pass["Type"], json!("Pass"));
    assert_eq!(
        pass["Assign"]["e"],
        json!({ "error": "Bad", "cause": "it was bad" })
    );
    assert_eq!(pass["Next"], json!("Return e"));
    assert!(
        asl["States"]
            .as_object()
            .unwrap()
            .values()
            .all(|s| s["Type"] != json!("Fail"))
    );
}

#[test]
fn without_a_matching_handler_a_fail_ends_the_execution() {
    let asl = asl(r#"
    try {
        GET api "/x"
        fail "Bad"
    } catch "Other", Http.5xx, Timeout {
        succeed
    }"#);
    let fail = state(&asl, "Fail Bad");
    assert_eq!(fail["Type"], json!("Fail"));
    assert_eq!(fail["Error"], json!("Bad"));
}

#[test]
fn the_innermost_try_wins_and_its_catches_go_in_order() {
    let asl = asl(r#"
    try {
        try {
            fail "Bad"
        } catch "Other" {
            return "inner other"
        } catch "Bad" {
            return "inner"
        } catch any {
            return "inner any"
        }
    } catch "Bad" {
        return "outer"
    }"#);
    assert_eq!(state(&asl, "Fail Bad")["Next"], json!("Return \"inner\""));
    // No assignment without `as e`.
    assert!(state(&asl, "Fail Bad").get("Assign").is_none());
}

#[test]
fn a_fail_in_a_handler_reaches_the_next_try_out() {
    let asl = asl(r#"
    try {
        try {
            fail "First"
        } catch "First", "Second" {
            fail "Second" "again"
        }
    } catch "Second" as e {
        return e.cause
    }"#);
    assert_eq!(state(&asl, "Fail First")["Next"], json!("Fail Second"));
    let second = state(&asl, "Fail Second");
    assert_eq!(second["Type"], json!("Pass"));
    assert_eq!(second["Next"], json!("Return e.cause"));
}

#[test]
fn a_fail_in_a_calls_own_handler_reaches_the_try() {
    let asl = asl(r#"
    try {
        GET api "/x" {
            catch Http.404 { fail "Missing" }
        }
    } catch "Missing" as e {
        return e
    }"#);
    let pass = state(&asl, "Fail Missing");
    assert_eq!(pass["Type"], json!("Pass"));
    // No cause: `e.cause` is still a string.
    assert_eq!(pass["Assign"]["e"]["cause"], json!("{% '' %}"));
    assert_eq!(pass["Next"], json!("Return e"));
}

#[test]
fn any_and_task_failed_catch_a_fail_but_other_builtin_names_do_not() {
    for (catch, caught) in [
        ("any", true),
        ("TaskFailed", true),
        ("Http.5xx", false),
        ("Timeout", false),
        ("Runtime", false),
    ] {
        let asl = asl(&format!(
            "try {{\n GET api \"/x\"\n fail \"Bad\"\n }} catch {catch} {{\n succeed\n }}"
        ));
        let kind = &state(&asl, "Fail Bad")["Type"];
        assert_eq!(*kind == json!("Pass"), caught, "catch {catch}: {kind}");
    }
}

#[test]
fn a_fail_in_a_branch_fails_the_branch_and_the_parallel_catches_its_name() {
    let asl = asl(r#"
    try {
        parallel {
            branch { fail "Bad" }
            branch { succeed }
        }
    } catch "Bad" {
        return "caught"
    }"#);
    let parallel = state(&asl, "Parallel");
    let branch = &parallel["Branches"][0]["States"]["Fail Bad"];
    assert_eq!(branch["Type"], json!("Fail"));
    assert_eq!(parallel["Catch"][0]["ErrorEquals"], json!(["Bad"]));
    assert_eq!(parallel["Catch"][0]["Next"], json!("Return \"caught\""));
}

#[test]
fn an_interpolated_name_is_matched_at_run_time() {
    let asl = asl(r#"
    try {
        try {
            fail "Bad{input.kind}"
        } catch "BadInput", "Other" {
            return "inner"
        }
    } catch "BadOutput", "BadInput" {
        return "outer"
    }"#);
    let choice = state(&asl, "Fail Bad{input.kind}");
    assert_eq!(choice["Type"], json!("Choice"));
    let rules = choice["Choices"].as_array().unwrap();
    // "Other" can never start with "Bad"; "BadInput" is the inner one's.
    assert_eq!(rules.len(), 2);
    assert_eq!(
        rules[0]["Condition"],
        json!("{% ($E := 'Bad' & $states.context.Execution.Input.kind; $E = 'BadInput') %}")
    );
    assert_eq!(rules[0]["Next"], json!("Catch BadInput"));
    assert_eq!(rules[1]["Next"], json!("Catch BadOutput"));
    assert_eq!(
        state(&asl, "Catch BadInput")["Next"],
        json!("Return \"inner\"")
    );
    assert_eq!(
        state(&asl, "Catch BadOutput")["Next"],
        json!("Return \"outer\"")
    );
    assert_eq!(choice["Default"], json!("Uncaught Bad{input.kind}"));
    assert_eq!(
        state(&asl, "Uncaught Bad{input.kind}")["Type"],
        json!("Fail")
    );
}

#[test]
fn an_interpolated_name_falls_back_to_a_catch_all() {
    let asl = asl(r#"
    try {
        fail "{input.kind}" "why"
    } catch any as e {
        return e.error
    }"#);
    // Only a catch-all: no Choice is needed.
    let pass = state(&asl, "Fail {input.kind}");
    assert_eq!(pass["Type"], json!("Pass"));
    assert_eq!(
        pass["Assign"]["e"]["error"],
        // `input` is untyped here, so `kind` may be missing: then `""`.
        json!("{% ($D := $string($states.context.Execution.Input.kind); $exists($D) ? $D : '') %}")
    );
}

#[test]
fn an_interpolated_name_outside_a_try_is_a_fail_state() {
    let asl = asl(r#"fail "Bad{input.kind}""#);
    assert_eq!(state(&asl, "Fail Bad{input.kind}")["Type"], json!("Fail"));
}

#[test]
fn a_causeless_fail_caught_through_a_branch_still_gives_a_string_cause() {
    let asl = asl(r#"
    try {
        parallel {
            branch { fail "Bad" }
            branch { GET api "/x" }
        }
    } catch "Bad" as e {
        return e.cause
    }"#);
    assert_eq!(
        state(&asl, "Parallel")["Catch"][0]["Assign"]["e"]["cause"],
        json!("{% $type($states.errorOutput.Cause) = 'string' ? $states.errorOutput.Cause : '' %}")
    );
}

#[test]
fn a_task_catcher_leaves_out_user_names() {
    let asl = asl(r#"
    try {
        GET api "/x"
        fail "Bad"
    } catch "Bad" {
        succeed
    } catch Timeout {
        succeed
    }"#);
    let catchers = state(&asl, "GET api /x")["Catch"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(catchers.len(), 1);
    assert_eq!(catchers[0]["ErrorEquals"], json!(["States.Timeout"]));
}

#[test]
fn a_bad_path_value_reaches_the_call_catch_before_the_try() {
    let asl = asl(r#"
    try {
        GET api "/items/{input.id}" {
            catch "Aslc.InvalidPathValue" { return "own" }
        }
    } catch "Aslc.InvalidPathValue" {
        return "try"
    }"#);
    let check = state(&asl, "Check path of GET api /items/{input.id}");
    assert_eq!(
        asl["StartAt"],
        json!("Check path of GET api /items/{input.id}")
    );
    assert_eq!(check["Default"], json!("GET api /items/{input.id}"));
    let raise = state(&asl, check["Choices"][0]["Next"].as_str().unwrap());
    assert_eq!(raise["Type"], json!("Pass"));
    assert_eq!(raise["Next"], json!("Return \"own\""));
}

#[test]
fn a_bad_path_value_without_handler_fails_and_safe_values_are_not_checked() {
    let asl = asl(r#"
    let n = 3
    GET api "/pages/{n}/{7}"
    GET api "/items/{input.id}""#);
    assert!(
        asl["States"]
            .get("Check path of GET api /pages/{n}/{7}")
            .is_none()
    );
    let check = state(&asl, "Check path of GET api /items/{input.id}");
    let fail = state(&asl, check["Choices"][0]["Next"].as_str().unwrap());
    assert_eq!(fail["Type"], json!("Fail"));
    assert_eq!(fail["Error"], json!("Aslc.InvalidPathValue"));
}

#[test]
fn a_distributed_for_lists_only_states_errors_in_its_catch() {
    // A failed item's error stays in its child execution: the Map state
    // fails with States.ExceedToleratedFailureThreshold, so `"Declined"`
    // can never match there (check warns with W0045).
    let asl = asl(r#"
    try {
        for id in input.ids distributed {
            if id == "" { fail "Declined" }
            return id
        }
    } catch "Declined", Http.500, Http.Socket {
        return "declined"
    } catch ExceedToleratedFailureThreshold {
        return "too many"
    }
    return "ok""#);
    let states = asl["States"].as_object().unwrap();
    let map = states
        .values()
        .find(|s| s["Type"] == json!("Map"))
        .unwrap_or_else(|| panic!("no Map state in {asl:#}"));
    assert_eq!(map["Catch"].as_array().unwrap().len(), 1, "{map:#}");
    assert_eq!(
        map["Catch"][0]["ErrorEquals"],
        json!(["States.ExceedToleratedFailureThreshold"])
    );
    assert!(
        !states.contains_key("Return \"declined\""),
        "the dead handler is not emitted"
    );
}

//! Unit tests of `economy`: which statements join a neighbouring state,
//! and which must not.
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
                        auth api_key \"x-api-key\" = secret(\"api/key\")\n}\n\
                        type Job = { id: string, status: string }\n";

/// The ASL of a workflow whose body is `body` (with an endpoint `api` and
/// a type `Job`).
fn asl(body: &str) -> Value {
    let text =
        format!("workflow w(input: {{ n: number, items: [string] }}) {{\n{body}\n}}\n{ENDPOINT}");
    let file = SourceFile::new("economy.sfl", text.as_str());
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

fn names(asl: &Value) -> Vec<&str> {
    asl["States"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect()
}

#[test]
fn independent_lets_share_one_pass_and_dependent_ones_do_not() {
    let asl = asl("let a = 1\nlet b = 2\nlet c = a + b\nreturn c");
    assert_eq!(names(&asl), ["Let a", "Let c", "Return c"], "{asl:#}");
    assert_eq!(asl["States"]["Let a"]["Assign"], json!({ "a": 1, "b": 2 }));
    // `c` reads what `Let a` assigns, and the `return` reads `c`: each
    // needs the state before it to have ended.
    assert_eq!(asl["States"]["Let c"]["Next"], json!("Return c"));
}

#[test]
fn a_set_after_a_call_reads_the_result_on_the_task() {
    let asl =
        asl("let s = \"new\"\nlet r = GET api \"/job\" -> Job\nset s = r.body.status\nreturn s");
    let task = &asl["States"]["GET api /job"];
    let set = task["Assign"]["s"].as_str().unwrap();
    assert!(
        set.contains("$states.result.ResponseBody") && set.ends_with(".status %}"),
        "{set}"
    );
    assert!(!set.contains("$r."), "{set}");
    assert_eq!(task["Next"], json!("Return s"));
}

#[test]
fn a_return_after_a_call_is_its_output() {
    let asl = asl("let r = GET api \"/job\" -> Job\nreturn { id: r.body.id, n: input.n }");
    let task = &asl["States"]["GET api /job"];
    assert_eq!(task["End"], json!(true), "{asl:#}");
    assert_eq!(
        task["Output"]["n"],
        json!("{% $states.context.Execution.Input.n %}")
    );
    assert_eq!(names(&asl), ["GET api /job"]);
}

#[test]
fn nothing_joins_a_call_that_catches_any() {
    let asl = asl("let r = GET api \"/job\" -> Job { catch any { succeed } }\nlet x = 1\nreturn x");
    let task = &asl["States"]["GET api /job"];
    assert_eq!(task["Next"], json!("Let x"), "{asl:#}");
    assert!(task["Assign"].get("x").is_none());
}

#[test]
fn a_loop_that_starts_with_a_call_binds_its_item_there() {
    let asl = asl("let out = for item in input.items {\n\
         let r = POST api \"/jobs\" -> Job { body { name: item } }\n\
         return r.body.id\n}\nreturn out");
    let processor = &asl["States"]["Let out = for item in input.items"]["ItemProcessor"];
    assert_eq!(
        processor["StartAt"],
        json!("POST api /jobs"),
        "{processor:#}"
    );
    let task = &processor["States"]["POST api /jobs"];
    assert_eq!(
        task["Arguments"]["RequestBody"]["name"],
        json!("{% $states.input %}")
    );
    assert_eq!(task["Assign"]["item"], json!("{% $states.input %}"));
    assert_eq!(task["End"], json!(true));
}

#[test]
fn an_if_without_else_before_a_test_is_one_choice() {
    let asl =
        asl("if input.n > 5 {\nfail \"Big\"\n}\nif input.n < 0 {\nfail \"Negative\"\n}\nreturn 1");
    let choice = &asl["States"]["If input.n > 5"];
    let rules = choice["Choices"].as_array().unwrap();
    assert_eq!(rules.len(), 2, "{asl:#}");
    assert_eq!(
        rules[1]["Condition"],
        json!("{% $states.context.Execution.Input.n < 0 %}")
    );
    assert_eq!(choice["Default"], json!("Return 1"));
    assert!(asl["States"].get("If input.n < 0").is_none());
}

#[test]
fn identical_final_states_are_one() {
    let asl = asl("GET api \"/a/{input.items[0]}\"\nGET api \"/b/{input.items[1]}\"");
    let fails: Vec<_> = names(&asl)
        .into_iter()
        .filter(|n| n.starts_with("Fail Aslc.InvalidPathValue"))
        .collect();
    assert_eq!(fails, ["Fail Aslc.InvalidPathValue"], "{asl:#}");
    for check in [
        "Check path of GET api /a/{input.items[0]}",
        "Check path of GET api /b/{input.items[1]}",
    ] {
        assert_eq!(
            asl["States"][check]["Choices"][0]["Next"],
            json!("Fail Aslc.InvalidPathValue"),
            "{asl:#}"
        );
    }
}

#[test]
fn a_let_before_a_test_that_does_not_read_it_is_assigned_by_the_choice() {
    let moved = asl("let a = 1\nif input.n > 5 {\nreturn a\n}\nreturn 0");
    assert_eq!(moved["StartAt"], json!("If input.n > 5"), "{moved:#}");
    assert_eq!(
        moved["States"]["If input.n > 5"]["Assign"],
        json!({ "a": 1 })
    );
    // A test that reads the variable needs it assigned before.
    let kept = asl("let a = 1\nif a > input.n {\nreturn a\n}\nreturn 0");
    assert_eq!(kept["StartAt"], json!("Let a"), "{kept:#}");
}

#[test]
fn a_path_test_behind_an_if_joins_its_rules() {
    let asl = asl("if input.n > 5 {\nGET api \"/a/{input.items[0]}\"\n}\nreturn 0");
    let rules = asl["States"]["If input.n > 5"]["Choices"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(rules.len(), 2, "{asl:#}");
    let both = rules[0]["Condition"].as_str().unwrap();
    assert!(
        both.starts_with("{% ($states.context.Execution.Input.n > 5) and (($P := "),
        "{both}"
    );
    assert_eq!(rules[0]["Next"], json!("Fail Aslc.InvalidPathValue"));
    assert_eq!(rules[1]["Next"], json!("GET api /a/{input.items[0]}"));
    assert!(
        asl["States"]
            .get("Check path of GET api /a/{input.items[0]}")
            .is_none()
    );
}

#[test]
fn a_test_that_reads_the_clock_is_not_evaluated_twice() {
    let asl = asl("if now() > \"2030\" {\nGET api \"/a/{input.items[0]}\"\n}\nreturn 0");
    let rules = asl["States"]["If now() > \"2030\""]["Choices"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(rules.len(), 1, "{asl:#}");
}

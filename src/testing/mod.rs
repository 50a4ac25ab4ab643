//! Testing: the `*.test.json` format and the comparison of an execution
//! with what a test expects (what `aslc test` runs).
//!
//! A test file sits beside its flow (`order_sync.test.json` beside
//! `order_sync.sfl`) and holds `{"tests": [case, …]}`. Each case names an
//! input, the mocks the calls are served from (the mocks-file format of
//! `aslc run`), an optional seed, and `expect`: the fields of the
//! execution's JSON result it pins down. Only the fields present are
//! compared; see docs/testing.md.
//!
//! This module parses, validates and compares; [`run_case`] takes the
//! execution as a function, so the interpreter (`run`, or the differential
//! harness) is the caller's choice and this module does not depend on it.

mod compare;
mod runner;

use serde_json::{Map, Value};

pub use compare::{Mismatch, compare, count_calls};
pub use runner::{CaseOutcome, run_case};

/// One test of a test file.
#[derive(Debug, Clone, PartialEq)]
pub struct TestCase {
    /// Shown in the report.
    pub name: String,
    /// The execution input.
    pub input: Value,
    /// The mocks, as in a mocks file: `"METHOD endpoint /path"` → responses.
    pub mocks: Value,
    /// The seed of the retry jitter.
    pub seed: u64,
    /// What the execution must give.
    pub expect: Expectation,
}

/// The fields of the execution result a test pins down; `None` is not compared.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Expectation {
    /// `SUCCEEDED`, `FAILED` or `TIMED_OUT`.
    pub status: Option<String>,
    /// The execution's output.
    pub output: Option<Value>,
    /// The error name of a failed execution.
    pub error: Option<Value>,
    /// Its cause.
    pub cause: Option<Value>,
    /// How many calls were made per mock key; a key not listed must not
    /// have been called.
    pub calls: Option<Map<String, Value>>,
    /// The virtual time the execution took: a number, or `{"min", "max"}`
    /// when jittered retries make it vary with the seed.
    pub elapsed_seconds: Option<Value>,
}

/// A problem in a test file, located in its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestFileError {
    /// 1-based line; 0 when the problem is not tied to a place.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

const STATUSES: [&str; 3] = ["SUCCEEDED", "FAILED", "TIMED_OUT"];
const CASE_KEYS: [&str; 5] = ["name", "input", "mocks", "seed", "expect"];
const EXPECT_KEYS: [&str; 6] = [
    "status",
    "output",
    "error",
    "cause",
    "calls",
    "elapsed_seconds",
];

/// A test file's stage parameter values (its `"params"` object, empty when
/// there is none): what `aslc test` fixes before it compiles the flow.
pub fn parse_test_params(text: &str) -> Result<crate::ParamValues, String> {
    let value: Value = serde_json::from_str(text).map_err(|error| error.to_string())?;
    match value.get("params") {
        Some(params) => param_values(params).map_err(|why| format!("\"params\": {why}")),
        None => Ok(crate::ParamValues::new()),
    }
}

/// Stage parameter values from JSON: an object of strings, or the list
/// `aws cloudformation` takes.
pub fn param_values(json: &Value) -> Result<crate::ParamValues, String> {
    let mut values = crate::ParamValues::new();
    match json {
        Value::Object(entries) => {
            for (name, value) in entries {
                let Some(text) = value.as_str() else {
                    return Err(format!("the value of `{name}` must be a string"));
                };
                values.insert(name.clone(), text.to_owned());
            }
        }
        Value::Array(items) => {
            for item in items {
                let key = item.get("ParameterKey").and_then(Value::as_str);
                let value = item.get("ParameterValue").and_then(Value::as_str);
                let (Some(key), Some(value)) = (key, value) else {
                    return Err(
                        "each item needs string `ParameterKey` and `ParameterValue`".to_owned()
                    );
                };
                values.insert(key.to_owned(), value.to_owned());
            }
        }
        _ => return Err("expected an object of strings".to_owned()),
    }
    Ok(values)
}

/// Parses a test file's text.
pub fn parse_test_file(text: &str) -> Result<Vec<TestCase>, TestFileError> {
    let value: Value = serde_json::from_str(text).map_err(|error| TestFileError {
        line: error.line(),
        column: error.column(),
        message: error.to_string(),
    })?;
    let tests = value
        .get("tests")
        .and_then(Value::as_array)
        .ok_or_else(|| unplaced("the file must be an object with a \"tests\" list"))?;
    tests
        .iter()
        .enumerate()
        .map(|(index, case)| {
            parse_case(case).map_err(|message| unplaced(&format!("tests[{index}]: {message}")))
        })
        .collect()
}

fn unplaced(message: &str) -> TestFileError {
    TestFileError {
        line: 0,
        column: 0,
        message: message.to_owned(),
    }
}

fn parse_case(case: &Value) -> Result<TestCase, String> {
    let object = case.as_object().ok_or("a test must be an object")?;
    reject_unknown_keys(object, &CASE_KEYS)?;
    let name = object
        .get("name")
        .and_then(Value::as_str)
        .ok_or("a test needs a \"name\" string")?
        .to_owned();
    let in_test = |message: String| format!("{name}: {message}");
    let seed = match object.get("seed") {
        None => 0,
        Some(seed) => seed
            .as_u64()
            .ok_or_else(|| in_test("\"seed\" must be a non-negative integer".to_owned()))?,
    };
    let mocks = object
        .get("mocks")
        .cloned()
        .unwrap_or_else(|| Value::Object(Map::new()));
    if !mocks.is_object() {
        return Err(in_test("\"mocks\" must be an object".to_owned()));
    }
    let expect = object
        .get("expect")
        .ok_or_else(|| in_test("a test needs \"expect\"".to_owned()))
        .and_then(|expect| parse_expectation(expect).map_err(in_test))?;
    Ok(TestCase {
        input: object
            .get("input")
            .cloned()
            .unwrap_or_else(|| Value::Object(Map::new())),
        name,
        mocks,
        seed,
        expect,
    })
}

fn parse_expectation(expect: &Value) -> Result<Expectation, String> {
    let object = expect.as_object().ok_or("\"expect\" must be an object")?;
    reject_unknown_keys(object, &EXPECT_KEYS)?;
    let status = match object.get("status") {
        None => None,
        Some(Value::String(status)) if STATUSES.contains(&status.as_str()) => Some(status.clone()),
        Some(other) => {
            return Err(format!(
                "\"status\" must be one of {}, not {other}",
                STATUSES.join(", ")
            ));
        }
    };
    let calls = match object.get("calls") {
        None => None,
        Some(Value::Object(calls)) if calls.values().all(|n| n.as_u64().is_some()) => {
            Some(calls.clone())
        }
        Some(_) => return Err("\"calls\" must map mock keys to call counts".to_owned()),
    };
    Ok(Expectation {
        status,
        output: object.get("output").cloned(),
        error: object.get("error").cloned(),
        cause: object.get("cause").cloned(),
        calls,
        elapsed_seconds: object.get("elapsed_seconds").cloned(),
    })
}

fn reject_unknown_keys(object: &Map<String, Value>, known: &[&str]) -> Result<(), String> {
    match object.keys().find(|key| !known.contains(&key.as_str())) {
        Some(key) => Err(format!(
            "unknown key \"{key}\" (expected one of {})",
            known.join(", ")
        )),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests;

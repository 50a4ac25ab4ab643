//! Compares an execution's JSON result with a test's expectation, field by
//! field, down to the first differing value inside outputs.

use std::fmt;

use serde_json::{Map, Value};

use super::Expectation;

/// One difference between what a test expects and what the execution gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// Where: `status`, `output/invoice`, `calls/GET billing /orders/1`, …
    pub path: String,
    /// The expected value, as JSON text (`(absent)` when there is none).
    pub expected: String,
    /// The value the execution gave, likewise.
    pub actual: String,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: expected {}, got {}",
            self.path, self.expected, self.actual
        )
    }
}

const ABSENT: &str = "(absent)";

/// Every way `actual` (an execution's JSON result: `status`, `output`,
/// `error`, `cause`, `calls`, `elapsed_seconds`) differs from `expect`.
/// Fields the expectation leaves out are not compared.
pub fn compare(expect: &Expectation, actual: &Value) -> Vec<Mismatch> {
    let mut out = Vec::new();
    if let Some(status) = &expect.status {
        diff_values(
            "status",
            Some(&Value::String(status.clone())),
            actual.get("status"),
            &mut out,
        );
    }
    for (field, expected) in [
        ("output", &expect.output),
        ("error", &expect.error),
        ("cause", &expect.cause),
    ] {
        if let Some(expected) = expected {
            diff_values(field, Some(expected), actual.get(field), &mut out);
        }
    }
    if let Some(calls) = &expect.calls {
        let counted = count_calls(actual.get("calls").unwrap_or(&Value::Null));
        diff_objects("calls", calls, &counted, &mut out);
    }
    if let Some(elapsed) = &expect.elapsed_seconds {
        compare_elapsed(elapsed, actual.get("elapsed_seconds"), &mut out);
    }
    out
}

/// How many times each key was called, in order of the first call, from
/// the result's `calls` list (`[{"key": …}, …]`).
pub fn count_calls(calls: &Value) -> Map<String, Value> {
    let mut counts: Map<String, Value> = Map::new();
    for key in calls
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|call| call.get("key").and_then(Value::as_str))
    {
        let next = counts.get(key).and_then(Value::as_u64).unwrap_or(0) + 1;
        counts.insert(key.to_owned(), Value::from(next));
    }
    counts
}

fn diff_values(
    path: &str,
    expected: Option<&Value>,
    actual: Option<&Value>,
    out: &mut Vec<Mismatch>,
) {
    match (expected, actual) {
        (Some(Value::Object(e)), Some(Value::Object(a))) => diff_objects(path, e, a, out),
        (Some(Value::Array(e)), Some(Value::Array(a))) if e.len() == a.len() => {
            for (index, (e, a)) in e.iter().zip(a).enumerate() {
                diff_values(&format!("{path}/{index}"), Some(e), Some(a), out);
            }
        }
        (Some(e), Some(a)) if same_value(e, a) => {}
        (None, None) => {}
        (expected, actual) => out.push(Mismatch {
            path: path.to_owned(),
            expected: show(expected),
            actual: show(actual),
        }),
    }
}

fn diff_objects(
    path: &str,
    expected: &Map<String, Value>,
    actual: &Map<String, Value>,
    out: &mut Vec<Mismatch>,
) {
    for (key, value) in expected {
        diff_values(&format!("{path}/{key}"), Some(value), actual.get(key), out);
    }
    for (key, value) in actual {
        if !expected.contains_key(key) {
            diff_values(&format!("{path}/{key}"), None, Some(value), out);
        }
    }
}

/// Equal JSON values, with numbers compared by value (`1` equals `1.0`).
fn same_value(expected: &Value, actual: &Value) -> bool {
    match (expected, actual) {
        (Value::Number(e), Value::Number(a)) => e.as_f64() == a.as_f64(),
        _ => expected == actual,
    }
}

fn compare_elapsed(expected: &Value, actual: Option<&Value>, out: &mut Vec<Mismatch>) {
    let seconds = actual.and_then(Value::as_f64);
    let fits = match (expected, seconds) {
        (Value::Number(n), Some(s)) => n.as_f64().is_some_and(|n| (n - s).abs() < 1e-6),
        (Value::Object(range), Some(s)) => {
            let bound = |key: &str| range.get(key).and_then(Value::as_f64);
            bound("min").is_none_or(|min| s >= min - 1e-6)
                && bound("max").is_none_or(|max| s <= max + 1e-6)
        }
        _ => false,
    };
    if !fits {
        out.push(Mismatch {
            path: "elapsed_seconds".to_owned(),
            expected: show(Some(expected)),
            actual: show(actual),
        });
    }
}

fn show(value: Option<&Value>) -> String {
    value.map_or_else(|| ABSENT.to_owned(), Value::to_string)
}

//! Runs one test case: validates its input, executes it (through a function
//! the caller supplies, normally `run::execute`), compares the result.

use serde_json::Value;

use super::{Mismatch, TestCase, compare};
use crate::schema::validate_input;

/// What became of one test case.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseOutcome {
    /// The case's name.
    pub name: String,
    /// Why it could not run: an input that fails the schema, malformed
    /// mocks. Nothing was compared when this is not empty.
    pub problems: Vec<String>,
    /// How the execution differed from the expectation.
    pub mismatches: Vec<Mismatch>,
    /// The execution's JSON result, when it ran.
    pub result: Option<Value>,
}

impl CaseOutcome {
    /// Whether the case passed.
    pub fn passed(&self) -> bool {
        self.problems.is_empty() && self.mismatches.is_empty()
    }
}

/// Runs `case`. Its input is first checked against `schema` (the flow's
/// input schema, when it declares an input type); `execute` turns the case
/// into the execution's JSON result (`Execution::to_json`), or a message
/// saying why it could not run.
pub fn run_case(
    case: &TestCase,
    schema: Option<&Value>,
    execute: impl FnOnce(&TestCase) -> Result<Value, String>,
) -> CaseOutcome {
    let mut outcome = CaseOutcome {
        name: case.name.clone(),
        problems: Vec::new(),
        mismatches: Vec::new(),
        result: None,
    };
    if let Some(schema) = schema {
        outcome.problems = validate_input(schema, &case.input)
            .into_iter()
            .map(|problem| {
                format!(
                    "input {}: {}",
                    shown_pointer(&problem.pointer),
                    problem.message
                )
            })
            .collect();
        if !outcome.problems.is_empty() {
            return outcome;
        }
    }
    match execute(case) {
        Ok(result) => {
            outcome.mismatches = compare(&case.expect, &result);
            outcome.result = Some(result);
        }
        Err(message) => outcome.problems.push(message),
    }
    outcome
}

fn shown_pointer(pointer: &str) -> &str {
    if pointer.is_empty() { "/" } else { pointer }
}

//! The mocks file: `{"METHOD endpoint /path": [response, …]}`, each
//! response `{"status": 200, "body": …, "headers": {…}}` or
//! `{"error": "States.Http.Socket"}`. Responses are consumed in order and
//! the last one repeats.
//!
//! An `emit` is mocked under `"emit BUS DETAIL-TYPE"` (`"emit default
//! ApprovalRequested"`) with what the receiver of its task token does:
//! `{"answer": value}` (`SendTaskSuccess` with that output), `{"error":
//! "Rejected", "cause": "…"}` (`SendTaskFailure`) or `{"never": true}` (no
//! answer: the state times out on the virtual clock). An `emit` that does
//! not wait needs no mock.

use std::collections::BTreeMap;
use std::fmt;

use serde_json::Value;

/// A problem in a mocks (or input) file, with its 1-based position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for InputError {}

/// One mocked answer.
#[derive(Debug, Clone, PartialEq)]
pub enum MockResponse {
    /// An HTTP response.
    Response {
        /// The status code.
        status: u16,
        /// The body (`ResponseBody`); an empty string when absent.
        body: Value,
        /// The headers (`Headers`); an empty object when absent.
        headers: Value,
    },
    /// A transport failure raised as this error (`States.Http.Socket`,
    /// `States.Timeout`, …).
    Error(String),
    /// The receiver of a task token calls `SendTaskSuccess` with this
    /// output.
    Answer(Value),
    /// The receiver calls `SendTaskFailure` with this error and cause.
    Failure {
        /// The error name.
        error: String,
        /// The cause.
        cause: String,
    },
    /// The receiver never answers.
    Never,
}

/// What a mocked child execution (`"run <state machine>"`) does.
#[derive(Debug, Clone, PartialEq)]
pub enum RunMock {
    /// `{"output": …}`: it succeeds with this output.
    Succeeds(Value),
    /// `{"error": "Name", "cause": "…"}`: it fails with this error (the
    /// `run` then fails with `States.TaskFailed`).
    Fails {
        /// The child's error.
        error: String,
        /// The child's cause.
        cause: String,
    },
}

/// The parsed mocks: each key's responses, in order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mocks {
    responses: BTreeMap<String, Vec<MockResponse>>,
    /// `"run <state machine name>"` keys: child executions.
    runs: BTreeMap<String, Vec<RunMock>>,
}

impl Mocks {
    /// Parses a mocks file. Errors carry the line and column of the
    /// offending JSON (for a syntax error) or of the key whose value is
    /// malformed.
    pub fn parse(text: &str) -> Result<Mocks, InputError> {
        let value: Value = serde_json::from_str(text).map_err(|e| InputError {
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })?;
        let Value::Object(map) = value else {
            return Err(at_start(
                "the mocks file must be a JSON object keyed \"METHOD endpoint /path\"",
            ));
        };
        let mut responses = BTreeMap::new();
        let mut runs = BTreeMap::new();
        for (key, value) in map {
            let located = |message: String| locate(text, &key, message);
            if let Some(machine) = key.strip_prefix("run ") {
                if machine.is_empty() || machine.contains(' ') {
                    return Err(located(format!(
                        "`{key}`: a child execution's key is \"run <state machine name>\""
                    )));
                }
                let list = match value {
                    Value::Array(items) if !items.is_empty() => items,
                    one @ Value::Object(_) => vec![one],
                    _ => {
                        return Err(located(format!(
                            "`{key}` must be a list of results ({{\"output\": …}} or {{\"error\": …}})"
                        )));
                    }
                };
                let parsed = list
                    .iter()
                    .enumerate()
                    .map(|(i, item)| {
                        run_mock(item).map_err(|m| format!("`{key}` result {}: {m}", i + 1))
                    })
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(located)?;
                runs.insert(key, parsed);
                continue;
            }
            check_key(&key).map_err(located)?;
            let list = match value {
                Value::Array(items) if !items.is_empty() => items,
                Value::Array(_) => return Err(located(format!("`{key}` has no responses"))),
                one @ Value::Object(_) => vec![one],
                _ => {
                    return Err(located(format!(
                        "`{key}` must be a list of responses ({{\"status\": 200, \"body\": …}})"
                    )));
                }
            };
            let parsed = list
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    response(item).map_err(|m| format!("`{key}` response {}: {m}", i + 1))
                })
                .collect::<Result<Vec<_>, _>>()
                .map_err(located)?;
            responses.insert(key, parsed);
        }
        Ok(Mocks { responses, runs })
    }

    /// The keys, sorted (HTTP keys, then `run` keys).
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.responses
            .keys()
            .chain(self.runs.keys())
            .map(String::as_str)
    }

    /// The result of the `n`th start (0-based) of the child `key`
    /// (`run <name>`): the last one repeats.
    pub fn run_result(&self, key: &str, n: usize) -> Option<&RunMock> {
        let list = self.runs.get(key)?;
        list.get(n).or_else(|| list.last())
    }

    /// The response for the `n`th call (0-based) to `key`: the last one
    /// repeats.
    pub fn response(&self, key: &str, n: usize) -> Option<&MockResponse> {
        let list = self.responses.get(key)?;
        list.get(n).or_else(|| list.last())
    }

    /// Adds responses for a key (for tests and tools that build mocks in code).
    pub fn insert(&mut self, key: impl Into<String>, responses: Vec<MockResponse>) {
        self.responses.insert(key.into(), responses);
    }
}

fn at_start(message: &str) -> InputError {
    InputError {
        line: 1,
        column: 1,
        message: message.to_owned(),
    }
}

/// The position of `"key"` in the text (where the reader should look), or
/// the start of the file.
fn locate(text: &str, key: &str, message: String) -> InputError {
    let quoted = serde_json::to_string(key).unwrap_or_default();
    let Some(offset) = text.find(&quoted) else {
        return InputError {
            line: 1,
            column: 1,
            message,
        };
    };
    let before = text.get(..offset).unwrap_or_default();
    let line = before.matches('\n').count() + 1;
    let column = before.rfind('\n').map_or(offset, |nl| offset - nl - 1) + 1;
    InputError {
        line,
        column,
        message,
    }
}

fn check_key(key: &str) -> Result<(), String> {
    if let Some(rest) = key.strip_prefix("emit ") {
        return match rest.split_once(' ') {
            Some((bus, detail_type)) if !bus.is_empty() && !detail_type.is_empty() => Ok(()),
            _ => Err(format!(
                "`{key}`: an emit's key is \"emit BUS DETAIL-TYPE\", e.g. \"emit default OrderPaid\""
            )),
        };
    }
    let mut parts = key.splitn(3, ' ');
    let (Some(method), Some(_endpoint), Some(path)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(format!(
            "`{key}`: a key is \"METHOD endpoint /path\", e.g. \"GET billing /orders/1\""
        ));
    };
    if crate::aws::Method::parse(method).is_none() {
        let all: Vec<&str> = crate::aws::Method::ALL.iter().map(|m| m.as_str()).collect();
        return Err(format!(
            "`{key}`: `{method}` is not an HTTP method ({})",
            all.join(", ")
        ));
    }
    if !path.starts_with('/') {
        return Err(format!("`{key}`: the path must start with `/`"));
    }
    Ok(())
}

fn run_mock(item: &Value) -> Result<RunMock, String> {
    let Value::Object(fields) = item else {
        return Err("must be an object".to_owned());
    };
    for name in fields.keys() {
        if !["output", "error", "cause"].contains(&name.as_str()) {
            return Err(format!(
                "unknown field `{name}` (expected output, or error and cause)"
            ));
        }
    }
    match (fields.get("output"), fields.get("error")) {
        (Some(output), None) if fields.len() == 1 => Ok(RunMock::Succeeds(output.clone())),
        (None, Some(Value::String(error))) if !error.is_empty() => Ok(RunMock::Fails {
            error: error.clone(),
            cause: match fields.get("cause") {
                None => String::new(),
                Some(Value::String(cause)) => cause.clone(),
                Some(_) => return Err("`cause` must be a string".to_owned()),
            },
        }),
        _ => Err(
            "give either `output` (the child succeeds) or `error` with an optional `cause` (it fails)"
                .to_owned(),
        ),
    }
}

fn response(item: &Value) -> Result<MockResponse, String> {
    let Value::Object(fields) = item else {
        return Err("must be an object".to_owned());
    };
    for name in fields.keys() {
        if ![
            "status", "body", "headers", "error", "cause", "answer", "never",
        ]
        .contains(&name.as_str())
        {
            return Err(format!(
                "unknown field `{name}` (expected status, body, headers or error; for an emit answer, error and cause, or never)"
            ));
        }
    }
    if let Some(answer) = fields.get("answer") {
        if fields.len() > 1 {
            return Err("`answer` stands alone: it is the output the receiver sends".to_owned());
        }
        return Ok(MockResponse::Answer(answer.clone()));
    }
    if let Some(never) = fields.get("never") {
        if fields.len() > 1 || never != &Value::Bool(true) {
            return Err("`never` is written `{\"never\": true}`, alone".to_owned());
        }
        return Ok(MockResponse::Never);
    }
    if let Some(error) = fields.get("error") {
        let Some(error) = error.as_str().filter(|e| !e.is_empty()) else {
            return Err("`error` must be an error name such as \"States.Http.Socket\"".to_owned());
        };
        if let Some(cause) = fields.get("cause") {
            let Some(cause) = cause.as_str() else {
                return Err("`cause` must be a string".to_owned());
            };
            if fields.len() > 2 {
                return Err(
                    "`error` and `cause` stand alone: a failure has no status or body".to_owned(),
                );
            }
            return Ok(MockResponse::Failure {
                error: error.to_owned(),
                cause: cause.to_owned(),
            });
        }
        if fields.len() > 1 {
            return Err(
                "`error` stands alone: a transport failure has no status or body".to_owned(),
            );
        }
        return Ok(MockResponse::Error(error.to_owned()));
    }
    let status = fields
        .get("status")
        .and_then(Value::as_u64)
        .filter(|s| (100..=599).contains(s))
        .and_then(|s| u16::try_from(s).ok())
        .ok_or_else(|| "`status` must be an HTTP status code (100-599)".to_owned())?;
    let headers = match fields.get("headers") {
        None => Value::Object(serde_json::Map::new()),
        Some(h @ Value::Object(_)) => h.clone(),
        Some(_) => return Err("`headers` must be an object".to_owned()),
    };
    Ok(MockResponse::Response {
        status,
        body: fields
            .get("body")
            .cloned()
            .unwrap_or_else(|| Value::String(String::new())),
        headers,
    })
}

//! What a run shows: the `--json` object and the readable trace.

use std::fmt::Write as _;

use serde_json::{Map, Value, json};

use super::{CallRecord, Execution, Status, TraceEvent};

impl Execution {
    /// The `aslc run --json` object: `status`, `output`, `error`, `cause`,
    /// `states`, `calls` (`key`, `status` (null for a transport failure,
    /// which the trace names), `attempt`, `request`) and `elapsed_seconds`.
    pub fn to_json(&self) -> Value {
        let mut out = Map::new();
        out.insert("status".into(), Value::String(self.status.as_str().into()));
        out.insert("output".into(), self.output.clone().unwrap_or(Value::Null));
        out.insert("error".into(), opt_string(&self.error));
        out.insert("cause".into(), opt_string(&self.cause));
        out.insert(
            "states".into(),
            Value::Array(self.states.iter().cloned().map(Value::String).collect()),
        );
        out.insert(
            "calls".into(),
            Value::Array(self.calls.iter().map(call_json).collect()),
        );
        out.insert("elapsed_seconds".into(), seconds(self.elapsed_seconds));
        Value::Object(out)
    }

    /// A readable account of the run: each state entered, each call with
    /// its status, each retry with its delay, each catch and wait, on the
    /// virtual clock, then how it ended.
    pub fn render_trace(&self) -> String {
        let mut out = String::new();
        for event in &self.trace {
            let line = match event {
                TraceEvent::Entered { state, at } => format!("{} enter {state}", clock(*at)),
                TraceEvent::Call { index, at } => match self.calls.get(*index) {
                    Some(call) => format!(
                        "{}   call  {} -> {} (attempt {})",
                        clock(*at),
                        call.key,
                        call_outcome(call),
                        call.attempt
                    ),
                    None => continue,
                },
                TraceEvent::Retry {
                    state,
                    error,
                    retry,
                    delay,
                    at,
                } => format!(
                    "{}   retry {state}: {error}, retry {retry} after {}s",
                    clock(*at),
                    trim(*delay)
                ),
                TraceEvent::Caught {
                    state,
                    error,
                    next,
                    at,
                } => format!("{}   catch {error} in {state} -> {next}", clock(*at)),
                TraceEvent::Waited { state, seconds, at } => {
                    format!("{}   wait  {state}: {}s", clock(*at), trim(*seconds))
                }
            };
            out.push_str(&line);
            out.push('\n');
        }
        let _ = write!(
            out,
            "{} {}",
            clock(self.elapsed_seconds),
            self.status.as_str()
        );
        match self.status {
            Status::Succeeded => {
                let output = self
                    .output
                    .as_ref()
                    .map(Value::to_string)
                    .unwrap_or_default();
                let _ = write!(out, " output {output}");
            }
            Status::Failed | Status::TimedOut => {
                let error = self.error.as_deref().unwrap_or_default();
                let cause = self.cause.as_deref().unwrap_or_default();
                let _ = write!(out, " {error}: {cause}");
            }
        }
        out.push('\n');
        out
    }
}

fn call_json(call: &CallRecord) -> Value {
    let mut out = Map::new();
    out.insert("key".into(), Value::String(call.key.clone()));
    out.insert(
        "status".into(),
        call.status.map_or(Value::Null, |s| json!(s)),
    );
    out.insert("attempt".into(), json!(call.attempt));
    out.insert("request".into(), call.request.clone());
    Value::Object(out)
}

fn call_outcome(call: &CallRecord) -> String {
    match (&call.status, &call.error) {
        (Some(status), _) => status.to_string(),
        (None, Some(error)) => error.clone(),
        // An `emit` that succeeded: the event was put (and, for a waiting
        // one, the receiver answered).
        (None, None) if call.key.starts_with("emit ") => "ok".to_owned(),
        // A child execution (`run …`) that succeeded has neither.
        (None, None) if call.key.starts_with("run ") => "SUCCEEDED".to_owned(),
        (None, None) => "no answer".to_owned(),
    }
}

fn opt_string(text: &Option<String>) -> Value {
    text.clone().map_or(Value::Null, Value::String)
}

/// Whole seconds as an integer, fractions as a number with at most
/// millisecond precision.
fn seconds(value: f64) -> Value {
    let ms = (value * 1000.0).round();
    if ms % 1000.0 == 0.0 {
        json!((ms / 1000.0) as i64)
    } else {
        serde_json::Number::from_f64(ms / 1000.0).map_or(Value::Null, Value::Number)
    }
}

fn trim(value: f64) -> String {
    seconds(value).to_string()
}

/// `[t=12.5s]`, the virtual clock.
fn clock(at: f64) -> String {
    format!("[t={}s]", trim(at))
}

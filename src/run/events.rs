//! `PutEvents` Tasks (`emit`): the event is recorded like a call, and a
//! waiting one takes its answer from the mocks (`mocks.rs`): the output of
//! `SendTaskSuccess`, the error of `SendTaskFailure`, or none, when the
//! state's heartbeat or timeout runs out on the virtual clock.

use jsonata_core::value::JValue;
use serde_json::{Value, json};

use super::jsonata::to_json;
use super::machine::{Halt, QUERY_ERROR, Runner, Stop};
use super::{CallRecord, MockResponse, TraceEvent};

const PUT_EVENTS: &str = "arn:aws:states:::events:putEvents";
const WAIT_SUFFIX: &str = ".waitForTaskToken";

/// `Some(waits)` for a `PutEvents` resource, `None` for any other.
pub(super) fn put_events_kind(resource: &str) -> Option<bool> {
    let rest = resource.strip_prefix(PUT_EVENTS)?;
    match rest {
        "" => Some(false),
        WAIT_SUFFIX => Some(true),
        _ => None,
    }
}

impl Runner<'_> {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn put_events(
        &mut self,
        name: &str,
        state: &Value,
        input: &JValue,
        vars: &super::jsonata::Vars,
        clock: f64,
        attempt: u32,
        wait: bool,
    ) -> Result<(JValue, f64), Halt> {
        let token = format!("aslc-task-token-{}", self.calls.len() + 1);
        let states = if wait {
            self.states_with_token(name, input, clock, &token)
        } else {
            self.states_var(name, input, clock, &[])
        };
        let arguments = self.arguments(state, vars, &states, clock)?;
        let arguments = to_json(&arguments);
        let entry = arguments
            .get("Entries")
            .and_then(|e| e.get(0))
            .cloned()
            .unwrap_or(Value::Null);
        let text = |field: &str| entry.get(field).and_then(Value::as_str).map(str::to_owned);
        let (Some(bus), Some(detail_type), Some(_source)) =
            (text("EventBusName"), text("DetailType"), text("Source"))
        else {
            let cause =
                format!("`{name}`: the event needs a text EventBusName, DetailType and Source");
            return Err((Stop::error(QUERY_ERROR, cause), clock));
        };
        if !entry.get("Detail").is_some_and(Value::is_object) {
            let cause = format!("`{name}`: the event's Detail is not an object");
            return Err((Stop::error(QUERY_ERROR, cause), clock));
        }
        let key = format!("emit {bus} {detail_type}");
        let served = self.served.entry(key.clone()).or_insert(0);
        let response = self.mocks.response(&key, *served).cloned();
        *served += 1;
        self.count_events(3, clock)?;
        let outcome = match (&response, wait) {
            (None, true) => {
                let cause = format!(
                    "state `{name}` waits for an answer to `{key}`, which the mocks do not give; \
                     mock it with {{\"answer\": …}}, {{\"error\": …}} or {{\"never\": true}}"
                );
                return Err((Stop::fatal("Aslc.MissingMock", cause), clock));
            }
            (None | Some(MockResponse::Never), false) => Ok((put_events_result(&token), clock)),
            // Nobody answers an event that does not wait for a task token:
            // a mocked answer would be a test that cannot happen.
            (Some(MockResponse::Answer(_)), false) => {
                let cause = format!(
                    "`{key}` is an emit without `wait`, which no receiver answers: \
                     remove its {{\"answer\": …}} mock (an emit needs none), or mock a refused \
                     entry with {{\"error\": \"EventBridge.FailedEntry\"}}"
                );
                return Err((Stop::fatal(BAD_MOCK, cause), clock));
            }
            (Some(MockResponse::Answer(answer)), true) => Ok((answer.clone(), clock)),
            (Some(MockResponse::Error(error)), _) => {
                Err((error.clone(), format!("mocked failure: {error}"), clock))
            }
            (Some(MockResponse::Failure { error, cause }), _) => {
                Err((error.clone(), cause.clone(), clock))
            }
            (Some(MockResponse::Never), true) => Err(no_answer(state, clock)),
            (Some(MockResponse::Response { .. }), _) => {
                let cause = format!(
                    "`{key}` is an emit: mock it with answer, error or never, not a status"
                );
                return Err((Stop::fatal(BAD_MOCK, cause), clock));
            }
        };
        let (status_error, end) = match &outcome {
            Ok((_, end)) => (None, *end),
            Err((error, _, end)) => (Some(error.clone()), *end),
        };
        self.trace.push(TraceEvent::Call {
            index: self.calls.len(),
            at: clock,
        });
        self.call_times.push(clock);
        self.calls.push(CallRecord {
            key,
            status: None,
            error: status_error,
            attempt,
            request: entry,
        });
        match outcome {
            Ok((value, _)) => Ok((JValue::from(value), end)),
            Err((error, cause, _)) => {
                self.check_deadline(end)?;
                Err((Stop::Error { error, cause }, end))
            }
        }
    }
}

/// The error of a run stopped by a mock that cannot apply to its call;
/// `aslc test` reports it as a problem of the test file.
pub const BAD_MOCK: &str = "Aslc.BadMock";

/// What `PutEvents` answers for one accepted entry.
fn put_events_result(token: &str) -> Value {
    let id = token.trim_start_matches("aslc-task-token-");
    json!({
        "Entries": [{ "EventId": format!("aslc-event-{id}") }],
        "FailedEntryCount": 0
    })
}

/// No answer ever comes: whichever of the heartbeat and the timeout runs
/// out first fails the state, at that time. With neither, the state waits
/// until the execution ends.
fn no_answer(state: &Value, clock: f64) -> (String, String, f64) {
    let seconds = |field: &str| state.get(field).and_then(Value::as_f64);
    let heartbeat = seconds("HeartbeatSeconds");
    let timeout = seconds("TimeoutSeconds");
    match (heartbeat, timeout) {
        (Some(beat), None) => heartbeat_timeout(clock + beat),
        (Some(beat), Some(limit)) if beat < limit => heartbeat_timeout(clock + beat),
        (_, Some(limit)) => (
            "States.Timeout".to_owned(),
            "no answer arrived in time".to_owned(),
            clock + limit,
        ),
        // A year: past any deadline, which `check_deadline` turns into the
        // execution's timeout.
        (None, None) => (
            "States.Timeout".to_owned(),
            "no answer arrived".to_owned(),
            clock + 366.0 * 86_400.0,
        ),
    }
}

fn heartbeat_timeout(at: f64) -> (String, String, f64) {
    (
        "States.HeartbeatTimeout".to_owned(),
        "no heartbeat arrived in time".to_owned(),
        at,
    )
}

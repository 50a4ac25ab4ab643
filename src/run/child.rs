//! `arn:aws:states:::states:startExecution.sync:2`: a `run` starts a child
//! execution and waits for it.
//!
//! The child is answered by a mock keyed `run <state machine name>` when
//! the mocks have one, or else executed from its own definition when the
//! caller was compiled with it (a `use`d workflow, [`ChildMachine`]). Its
//! HTTP calls share the caller's mocks and their order; its time is added
//! to the caller's clock. As on AWS, the Task's result is the child's
//! description with `Output` as JSON, and a child that fails (or times out)
//! fails the Task with `States.TaskFailed`, whose cause is the child's
//! description as JSON text with its `Error` and `Cause`.

use jsonata_core::value::JValue;
use serde_json::{Value, json};

use super::jsonata::{Vars, to_json};
use super::machine::{self, Halt, Runner, Stop};
use super::{CallRecord, ChildMachine, RunMock, Status, TraceEvent};

/// The Task resource of `run` (the `:2` makes `Output` JSON, not text).
pub(super) const START_EXECUTION_SYNC: &str = "arn:aws:states:::states:startExecution.sync:2";

/// The error of a `.sync` Task whose child execution did not succeed.
const TASK_FAILED: &str = "States.TaskFailed";

/// The error of a Task that ran longer than its `TimeoutSeconds`.
const TASK_TIMEOUT: &str = "States.Timeout";

/// How deep `run`s may nest in one local run, so a workflow that starts
/// itself through others stops with a runner error instead of looping.
const MAX_DEPTH: usize = 32;

impl Runner<'_> {
    pub(super) fn start_execution(
        &mut self,
        name: &str,
        state: &Value,
        input: &JValue,
        vars: &Vars,
        clock: f64,
        attempt: u32,
    ) -> Result<(JValue, f64), Halt> {
        let states = self.states_var(name, input, clock, &[]);
        let arguments = self.arguments(state, vars, &states, clock)?;
        let arguments = to_json(&arguments);
        let arn = arguments
            .get("StateMachineArn")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let child_input = arguments.get("Input").cloned().unwrap_or_else(|| json!({}));
        let child: Option<ChildMachine> = self
            .options
            .children
            .iter()
            .find(|child| child.arn == arn)
            .cloned();
        let machine_name = match &child {
            Some(child) => child.name.clone(),
            None => name_in_arn(&arn).to_owned(),
        };
        let key = format!("run {machine_name}");
        let request = json!({ "StateMachineArn": arn, "Input": child_input });
        let served = self.served.get(&key).copied().unwrap_or(0);
        let execution_name = format!("aslc-run-{}", served + 1);
        // The definition names the child `${…StateMachineArn}`, which only
        // the deployed stack resolves; its own context gets a local ARN.
        let machine_arn = format!("arn:aws:states:local:000000000000:stateMachine:{machine_name}");
        let execution_arn =
            format!("arn:aws:states:local:000000000000:execution:{machine_name}:{execution_name}");
        let description = |status: &str| {
            json!({
                "ExecutionArn": execution_arn,
                "StateMachineArn": arn,
                "Name": execution_name,
                "Status": status,
                "Input": child_input,
            })
        };
        // Set when the Task's own timeout, not the child, ended the start.
        let mut task_timed_out = false;
        let outcome = if let Some(mocked) = self.mocks.run_result(&key, served).cloned() {
            self.served.insert(key.clone(), served + 1);
            match mocked {
                RunMock::Succeeds(output) => Ok((output, clock)),
                RunMock::Fails { error, cause } => Err((error, cause, clock)),
            }
        } else if let Some(child) = child {
            if self.depth >= MAX_DEPTH {
                return Err((
                    Stop::fatal(
                        "Aslc.RunTooDeep",
                        format!("`{name}` starts `{machine_name}` {MAX_DEPTH} levels deep"),
                    ),
                    clock,
                ));
            }
            self.served.insert(key.clone(), served + 1);
            let mut options = child.options.clone();
            options.seed = self.options.seed;
            let task_timeout = state.get("TimeoutSeconds").and_then(Value::as_f64);
            let own_deadline = machine::deadline(child.workflow_type, &child.definition);
            // The Task's timeout ends the child first when it is shorter.
            let stop_after = task_timeout.filter(|t| own_deadline.is_none_or(|own| *t < own));
            let execution = machine::run(
                child.workflow_type,
                &child.definition,
                child_input.clone(),
                self.mocks,
                &options,
                &mut self.served,
                self.depth + 1,
                Some(&machine::Identity {
                    execution_arn: &execution_arn,
                    execution_name: &execution_name,
                    machine_arn: &machine_arn,
                    machine_name: &machine_name,
                    stop_after,
                }),
            );
            let end = clock + execution.elapsed_seconds;
            for call in execution.calls {
                self.trace.push(TraceEvent::Call {
                    index: self.calls.len(),
                    at: clock,
                });
                self.call_times.push(clock);
                self.calls.push(call);
            }
            match execution.status {
                Status::Succeeded => Ok((execution.output.unwrap_or(Value::Null), end)),
                Status::TimedOut if stop_after.is_some() => {
                    // Not the child's own timeout: the Task's. Step Functions
                    // stops the child and fails the Task with States.Timeout.
                    task_timed_out = true;
                    Err((
                        TASK_TIMEOUT.to_owned(),
                        format!(
                            "the child execution of `{machine_name}` ran longer than the state's TimeoutSeconds"
                        ),
                        end,
                    ))
                }
                _ => {
                    let error = execution.error.unwrap_or_default();
                    let cause = execution.cause.unwrap_or_default();
                    if is_runner_error(&error) {
                        return Err((Stop::fatal(&error, cause), end));
                    }
                    Err((error, cause, end))
                }
            }
        } else {
            let cause = format!(
                "state `{name}` starts `{machine_name}`, which is neither a mocked `{key}` nor a workflow of this run; the mocks answer: {}",
                self.answered_keys()
            );
            return Err((Stop::fatal("Aslc.MissingMock", cause), clock));
        };
        self.count_events(3, clock)?;
        self.trace.push(TraceEvent::Call {
            index: self.calls.len(),
            at: clock,
        });
        self.call_times.push(clock);
        self.calls.push(CallRecord {
            key,
            status: None,
            error: outcome.as_ref().err().map(|(error, _, _)| error.clone()),
            attempt,
            request,
        });
        match outcome {
            Ok((output, end)) => {
                let mut result = description("SUCCEEDED");
                if let Some(fields) = result.as_object_mut() {
                    fields.insert("Output".to_owned(), output);
                }
                Ok((JValue::from(result), end))
            }
            Err((error, cause, end)) if task_timed_out => Err((Stop::error(&error, cause), end)),
            Err((error, cause, end)) => {
                let mut described = description("FAILED");
                if let Some(fields) = described.as_object_mut() {
                    fields.insert("Error".to_owned(), Value::String(error));
                    fields.insert("Cause".to_owned(), Value::String(cause));
                }
                Err((Stop::error(TASK_FAILED, described.to_string()), end))
            }
        }
    }
}

/// `name` in `arn:…:stateMachine:name[:qualifier]`, or the whole text.
fn name_in_arn(arn: &str) -> &str {
    match arn.split_once(":stateMachine:") {
        Some((_, rest)) => rest.split(':').next().unwrap_or(rest),
        None => arn,
    }
}

/// Errors of the runner itself, which a child passes up as they are.
fn is_runner_error(error: &str) -> bool {
    matches!(
        error,
        "Aslc.MissingMock"
            | "Aslc.UnsupportedResource"
            | "Aslc.InvalidDefinition"
            | "Aslc.RunTooDeep"
    )
}

//! The interpreter: walks a machine's states from `StartAt`, keeping the
//! variables, the virtual clock and what the report needs.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use indexmap::IndexMap;
use jsonata_core::value::JValue;
use serde_json::Value;

use super::events;
use super::http::{self, Answer, HTTP_INVOKE, Request};
use super::jsonata::{self, EvalError, Jsonata, Vars, to_json};
use super::recovery::{self, Retrier, Rng};
use super::{CallRecord, Execution, Mocks, RunOptions, Status, TraceEvent, WorkflowType};

/// Step Functions keeps at most 25,000 events in an execution's history.
const MAX_HISTORY_EVENTS: u64 = 25_000;
/// Where `aslc run` stops any execution, Express included, so a loop that
/// neither ends nor waits cannot run forever.
const MAX_LOCAL_EVENTS: u64 = 500_000;
/// An Express workflow runs at most 5 minutes (aws.md, "Limits").
const EXPRESS_MAX_SECONDS: f64 = crate::aws::EXPRESS_MAX_SECONDS as f64;
/// Inline Map runs at most 40 iterations at once (aws.md, "Limits").
pub(super) const INLINE_MAP_CONCURRENCY: usize = 40;

pub(super) const QUERY_ERROR: &str = "States.QueryEvaluationError";

/// Why a machine stopped short of an end.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Stop {
    /// An error states may retry and catch.
    Error { error: String, cause: String },
    /// The execution's `TimeoutSeconds` passed.
    TimedOut,
    /// Something no state can handle: a missing mock, the history limit, a
    /// definition the runner cannot read.
    Fatal { error: String, cause: String },
}

impl Stop {
    pub(super) fn error(error: &str, cause: impl Into<String>) -> Stop {
        Stop::Error {
            error: error.to_owned(),
            cause: cause.into(),
        }
    }

    pub(super) fn fatal(error: &str, cause: impl Into<String>) -> Stop {
        Stop::Fatal {
            error: error.to_owned(),
            cause: cause.into(),
        }
    }
}

impl From<EvalError> for Stop {
    fn from(e: EvalError) -> Stop {
        Stop::error(QUERY_ERROR, e.0)
    }
}

/// A stop and the virtual time it happened at.
pub(super) type Halt = (Stop, f64);

/// Where a state sends control after it ran.
enum Flow {
    Next(String),
    End,
}

/// What a state produced: its output, where control goes, and the clock.
struct Step {
    output: JValue,
    flow: Flow,
    clock: f64,
}

pub(super) struct Runner<'a> {
    pub(super) mocks: &'a Mocks,
    pub(super) options: &'a RunOptions,
    pub(super) js: Jsonata,
    rng: Rc<RefCell<Rng>>,
    pub(super) served: HashMap<String, usize>,
    /// How many parent executions started this one (`run`), to stop a
    /// runaway recursion.
    pub(super) depth: usize,
    pub(super) events: u64,
    /// The history limit; `None` for Express, which keeps no history.
    max_events: Option<u64>,
    deadline: Option<f64>,
    last_time: RefCell<Option<(f64, JValue)>>,
    /// `$states.context` without `State`: the same for the whole run.
    context: IndexMap<String, JValue>,
    pub(super) calls: Vec<CallRecord>,
    pub(super) trace: Vec<TraceEvent>,
    pub(super) states: Vec<String>,
    /// When each of `states` was entered: Parallel and Map drop what their
    /// branches did after the branch that failed first stopped them.
    pub(super) state_times: Vec<f64>,
    /// When each of `calls` was made, for the same reason.
    pub(super) call_times: Vec<f64>,
}

/// Who a child execution is, for its context object
/// (`$states.context.Execution.Id`, `StateMachine.Id`, …).
pub(super) struct Identity<'i> {
    pub(super) execution_arn: &'i str,
    pub(super) execution_name: &'i str,
    pub(super) machine_arn: &'i str,
    pub(super) machine_name: &'i str,
    /// The starting Task's `TimeoutSeconds`: Step Functions stops the
    /// child when it passes, so the child's run ends there too.
    pub(super) stop_after: Option<f64>,
}

/// Runs a whole definition: the run's own execution when `identity` is
/// `None`, else the child execution it names.
#[allow(clippy::too_many_arguments)]
pub(super) fn run(
    workflow_type: WorkflowType,
    definition: &Value,
    input: Value,
    mocks: &Mocks,
    options: &RunOptions,
    served: &mut HashMap<String, usize>,
    depth: usize,
    identity: Option<&Identity<'_>>,
) -> Execution {
    let rng = Rc::new(RefCell::new(Rng::new(options.seed)));
    let mut runner = Runner {
        mocks,
        options,
        js: Jsonata::new(Rc::clone(&rng)),
        rng,
        served: std::mem::take(served),
        depth,
        events: 1,
        max_events: match workflow_type {
            WorkflowType::Standard => Some(MAX_HISTORY_EVENTS),
            WorkflowType::Express => None,
        },
        deadline: match (
            deadline(workflow_type, definition),
            identity.and_then(|i| i.stop_after),
        ) {
            (Some(own), Some(task)) => Some(own.min(task)),
            (own, task) => own.or(task),
        },
        last_time: RefCell::new(None),
        context: base_context(&input, identity),
        calls: Vec::new(),
        trace: Vec::new(),
        states: Vec::new(),
        state_times: Vec::new(),
        call_times: Vec::new(),
    };
    let mut vars = Vars::new();
    let result = runner.machine(definition, JValue::from(input), &mut vars, 0.0);
    *served = std::mem::take(&mut runner.served);
    runner.finish(result)
}

/// The definition's `TimeoutSeconds`, and at most 5 minutes for Express.
pub(super) fn deadline(workflow_type: WorkflowType, definition: &Value) -> Option<f64> {
    let timeout = definition.get("TimeoutSeconds").and_then(Value::as_f64);
    match workflow_type {
        WorkflowType::Standard => timeout,
        WorkflowType::Express => {
            Some(timeout.map_or(EXPRESS_MAX_SECONDS, |t| t.min(EXPRESS_MAX_SECONDS)))
        }
    }
}

/// The context object: the run's own execution, or the child execution
/// `identity` names, so that a child passes its own execution id on
/// (`AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID` of a grandchild).
fn base_context(input: &Value, identity: Option<&Identity<'_>>) -> IndexMap<String, JValue> {
    const NAME: &str = "local";
    let own_machine = format!("arn:aws:states:local:000000000000:stateMachine:{NAME}");
    let own_execution = format!("arn:aws:states:local:000000000000:execution:{NAME}:aslc-run");
    let (execution_arn, execution_name, machine_arn, machine_name) = match identity {
        Some(child) => (
            child.execution_arn,
            child.execution_name,
            child.machine_arn,
            child.machine_name,
        ),
        None => (
            own_execution.as_str(),
            "aslc-run",
            own_machine.as_str(),
            NAME,
        ),
    };
    let execution = serde_json::json!({
        "Id": execution_arn,
        "Input": input,
        "Name": execution_name,
        "RoleArn": "arn:aws:iam::000000000000:role/aslc-run",
        "StartTime": jsonata::iso(0.0),
    });
    let mut context = IndexMap::new();
    context.insert("Execution".to_owned(), JValue::from(execution));
    context.insert(
        "StateMachine".to_owned(),
        JValue::from(serde_json::json!({ "Id": machine_arn, "Name": machine_name })),
    );
    context
}

impl Runner<'_> {
    /// The mock keys, for a cause that says which call had no answer.
    pub(super) fn answered_keys(&self) -> String {
        let known: Vec<&str> = self.mocks.keys().collect();
        if known.is_empty() {
            "nothing".to_owned()
        } else {
            known.join(", ")
        }
    }

    fn finish(self, result: Result<(JValue, f64), Halt>) -> Execution {
        let (status, output, error, cause, elapsed) = match result {
            Ok((output, clock)) => (Status::Succeeded, Some(to_json(&output)), None, None, clock),
            Err((Stop::TimedOut, clock)) => (
                Status::TimedOut,
                None,
                Some("States.Timeout".to_owned()),
                Some("The execution ran longer than its TimeoutSeconds".to_owned()),
                clock,
            ),
            Err((Stop::Error { error, cause } | Stop::Fatal { error, cause }, clock)) => {
                (Status::Failed, None, Some(error), Some(cause), clock)
            }
        };
        Execution {
            status,
            output,
            error,
            cause,
            states: self.states,
            calls: self.calls,
            elapsed_seconds: elapsed,
            trace: self.trace,
        }
    }

    /// Runs a machine (`StartAt` + `States`) from `clock` until it ends.
    pub(super) fn machine(
        &mut self,
        machine: &Value,
        mut input: JValue,
        vars: &mut Vars,
        mut clock: f64,
    ) -> Result<(JValue, f64), Halt> {
        let start = clock;
        let bad = |what: &str| {
            (
                Stop::fatal("Aslc.InvalidDefinition", what.to_owned()),
                start,
            )
        };
        let mut name = machine
            .get("StartAt")
            .and_then(Value::as_str)
            .ok_or_else(|| bad("a machine has no StartAt"))?
            .to_owned();
        let states = machine
            .get("States")
            .and_then(Value::as_object)
            .ok_or_else(|| bad("a machine has no States"))?;
        loop {
            let state = states
                .get(&name)
                .ok_or_else(|| bad(&format!("no state is named `{name}`")))?;
            let step = self.state(&name, state, input, vars, clock)?;
            clock = step.clock;
            input = step.output;
            match step.flow {
                Flow::End => return Ok((input, clock)),
                Flow::Next(next) => name = next,
            }
        }
    }

    fn enter(&mut self, name: &str, clock: f64) -> Result<(), Halt> {
        self.states.push(name.to_owned());
        self.state_times.push(clock);
        self.trace.push(TraceEvent::Entered {
            state: name.to_owned(),
            at: clock,
        });
        self.count_events(2, clock)?;
        self.check_deadline(clock)
    }

    pub(super) fn count_events(&mut self, n: u64, clock: f64) -> Result<(), Halt> {
        self.events += n;
        if self.events > MAX_LOCAL_EVENTS {
            // An Express loop without waits would never reach its
            // 5 minutes on the virtual clock: stop it here instead.
            return Err((
                Stop::fatal(
                    "Aslc.TooManySteps",
                    format!(
                        "The execution went past {MAX_LOCAL_EVENTS} events without ending or waiting"
                    ),
                ),
                clock,
            ));
        }
        if self.max_events.is_some_and(|max| self.events > max) {
            return Err((
                Stop::fatal(
                    "States.Runtime",
                    format!(
                        "The execution history reached {MAX_HISTORY_EVENTS} events, the limit of a Standard workflow"
                    ),
                ),
                clock,
            ));
        }
        Ok(())
    }

    /// Fails with `TimedOut` at the deadline when `clock` passed it.
    pub(super) fn check_deadline(&self, clock: f64) -> Result<(), Halt> {
        match self.deadline {
            Some(deadline) if clock > deadline => Err((Stop::TimedOut, deadline)),
            _ => Ok(()),
        }
    }

    /// A Task's `Arguments`, evaluated with these variables and `$states`.
    pub(super) fn arguments(
        &self,
        state: &Value,
        vars: &Vars,
        states: &JValue,
        clock: f64,
    ) -> Result<JValue, Halt> {
        self.js
            .template(state.get("Arguments").unwrap_or(&Value::Null), vars, states)
            .map_err(|e| (e.into(), clock))
    }

    /// `$states` for one evaluation.
    pub(super) fn states_var(
        &self,
        name: &str,
        input: &JValue,
        clock: f64,
        extra: &[(&str, JValue)],
    ) -> JValue {
        self.states_with(name, input, clock, extra, None, None)
    }

    /// `$states` for a Task that waits for a task token: with
    /// `context.Task.Token`.
    pub(super) fn states_with_token(
        &self,
        name: &str,
        input: &JValue,
        clock: f64,
        token: &str,
    ) -> JValue {
        let mut task = IndexMap::new();
        task.insert("Token".to_owned(), JValue::string(token));
        self.states_with(name, input, clock, &[], None, Some(JValue::object(task)))
    }

    /// `$states` for a Map's `ItemSelector`, with `context.Map`.
    pub(super) fn states_in_map(
        &self,
        name: &str,
        input: &JValue,
        clock: f64,
        map: JValue,
    ) -> JValue {
        self.states_with(name, input, clock, &[], Some(map), None)
    }

    fn states_with(
        &self,
        name: &str,
        input: &JValue,
        clock: f64,
        extra: &[(&str, JValue)],
        map: Option<JValue>,
        task: Option<JValue>,
    ) -> JValue {
        let mut context = self.context.clone();
        if let Some(map) = map {
            context.insert("Map".to_owned(), map);
        }
        if let Some(task) = task {
            context.insert("Task".to_owned(), task);
        }
        let mut state = IndexMap::new();
        state.insert("Name".to_owned(), JValue::string(name));
        state.insert("EnteredTime".to_owned(), self.entered_time(clock));
        state.insert("RetryCount".to_owned(), JValue::Number(0.0));
        context.insert("State".to_owned(), JValue::object(state));
        let mut states = IndexMap::new();
        states.insert("input".to_owned(), input.clone());
        states.insert("context".to_owned(), JValue::object(context));
        for (key, value) in extra {
            states.insert((*key).to_owned(), value.clone());
        }
        JValue::object(states)
    }

    /// `EnteredTime` as ISO text, formatted once per instant: most states
    /// of a run share the instant of the state before them.
    fn entered_time(&self, clock: f64) -> JValue {
        let mut last = self.last_time.borrow_mut();
        match &*last {
            Some((at, text)) if *at == clock => text.clone(),
            _ => {
                let text = JValue::string(jsonata::iso(clock));
                *last = Some((clock, text.clone()));
                text
            }
        }
    }

    fn state(
        &mut self,
        name: &str,
        state: &Value,
        input: JValue,
        vars: &mut Vars,
        clock: f64,
    ) -> Result<Step, Halt> {
        self.enter(name, clock)?;
        self.js.clock.set(clock);
        let kind = state
            .get("Type")
            .and_then(Value::as_str)
            .unwrap_or_default();
        match kind {
            "Pass" => self.finish_state(name, state, &input, None, input.clone(), vars, clock),
            "Choice" => self.choice(name, state, input, vars, clock),
            "Wait" => self.wait(name, state, input, vars, clock),
            "Succeed" => {
                let states = self.states_var(name, &input, clock, &[]);
                let output = self.output(state, &states, vars, input.clone(), clock)?;
                Ok(Step {
                    output,
                    flow: Flow::End,
                    clock,
                })
            }
            "Fail" => Err((self.fail(name, state, &input, vars, clock), clock)),
            "Task" | "Parallel" | "Map" => self.recoverable(name, state, input, vars, clock),
            other => Err((
                Stop::fatal(
                    "Aslc.InvalidDefinition",
                    format!("state `{name}` has a type aslc run does not know: `{other}`"),
                ),
                clock,
            )),
        }
    }

    /// Evaluates `Output` (or takes `default`) with `states`.
    fn output(
        &self,
        state: &Value,
        states: &JValue,
        vars: &Vars,
        default: JValue,
        clock: f64,
    ) -> Result<JValue, Halt> {
        match state.get("Output") {
            Some(field) => self
                .js
                .template(field, vars, states)
                .map_err(|e| (e.into(), clock)),
            None => Ok(default),
        }
    }

    /// Evaluates `Assign` with the variables as they were on entry.
    fn assignments(
        &self,
        holder: &Value,
        states: &JValue,
        vars: &Vars,
        clock: f64,
    ) -> Result<Vec<(String, JValue)>, Halt> {
        let Some(Value::Object(assign)) = holder.get("Assign") else {
            return Ok(Vec::new());
        };
        let mut out = Vec::with_capacity(assign.len());
        for (name, field) in assign {
            let value = self
                .js
                .template(field, vars, states)
                .map_err(|e| (e.into(), clock))?;
            out.push((name.clone(), value));
        }
        Ok(out)
    }

    /// The end of a state that ran: `Assign` and `Output` both see the
    /// variables as they were when the state was entered; the new values
    /// apply from the next state on.
    #[allow(clippy::too_many_arguments)]
    fn finish_state(
        &self,
        name: &str,
        state: &Value,
        input: &JValue,
        result: Option<JValue>,
        default: JValue,
        vars: &mut Vars,
        clock: f64,
    ) -> Result<Step, Halt> {
        let extra: Vec<(&str, JValue)> = result.into_iter().map(|r| ("result", r)).collect();
        let states = self.states_var(name, input, clock, &extra);
        let assigned = self.assignments(state, &states, vars, clock)?;
        let output = self.output(state, &states, vars, default, clock)?;
        vars.extend(assigned);
        Ok(Step {
            output,
            flow: flow_of(state),
            clock,
        })
    }

    fn choice(
        &mut self,
        name: &str,
        state: &Value,
        input: JValue,
        vars: &mut Vars,
        clock: f64,
    ) -> Result<Step, Halt> {
        let states = self.states_var(name, &input, clock, &[]);
        let rules = state
            .get("Choices")
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice);
        for rule in rules {
            let condition = rule.get("Condition").unwrap_or(&Value::Null);
            let value = self
                .js
                .template(condition, vars, &states)
                .map_err(|e| (e.into(), clock))?;
            let JValue::Bool(chosen) = value else {
                let cause = format!(
                    "The Condition of a rule in `{name}` gave {}, not a boolean",
                    to_json(&value)
                );
                return Err((Stop::error(QUERY_ERROR, cause), clock));
            };
            if chosen {
                let next = rule.get("Next").and_then(Value::as_str).unwrap_or_default();
                return self.choose(state, rule, &states, input, vars, next, clock);
            }
        }
        match state.get("Default").and_then(Value::as_str) {
            Some(next) => self.choose(state, &Value::Null, &states, input, vars, next, clock),
            None => Err((
                Stop::error(
                    "States.NoChoiceMatched",
                    format!("No Choice rule of `{name}` matched and it has no Default"),
                ),
                clock,
            )),
        }
    }

    /// Leaves a Choice by a rule (or by `Default` when `rule` is null): the
    /// rule's `Assign` and `Output` apply, else the state's.
    #[allow(clippy::too_many_arguments)]
    fn choose(
        &self,
        state: &Value,
        rule: &Value,
        states: &JValue,
        input: JValue,
        vars: &mut Vars,
        next: &str,
        clock: f64,
    ) -> Result<Step, Halt> {
        let mut assigned = self.assignments(state, states, vars, clock)?;
        assigned.extend(self.assignments(rule, states, vars, clock)?);
        let holder = if rule.get("Output").is_some() {
            rule
        } else {
            state
        };
        let output = self.output(holder, states, vars, input, clock)?;
        vars.extend(assigned);
        Ok(Step {
            output,
            flow: Flow::Next(next.to_owned()),
            clock,
        })
    }

    fn wait(
        &mut self,
        name: &str,
        state: &Value,
        input: JValue,
        vars: &mut Vars,
        clock: f64,
    ) -> Result<Step, Halt> {
        let states = self.states_var(name, &input, clock, &[]);
        let seconds = if let Some(field) = state.get("Seconds") {
            let value = self
                .js
                .template(field, vars, &states)
                .map_err(|e| (e.into(), clock))?;
            value.as_f64().filter(|s| *s >= 0.0).ok_or_else(|| {
                let cause = format!("Seconds of `{name}` is not a non-negative number");
                (Stop::error(QUERY_ERROR, cause), clock)
            })?
        } else if let Some(field) = state.get("Timestamp") {
            let value = self
                .js
                .template(field, vars, &states)
                .map_err(|e| (e.into(), clock))?;
            let at = value
                .as_str()
                .and_then(seconds_of_timestamp)
                .ok_or_else(|| {
                    let cause = format!("Timestamp of `{name}` is not an ISO-8601 date and time");
                    (Stop::error(QUERY_ERROR, cause), clock)
                })?;
            (at - clock).max(0.0)
        } else {
            0.0
        };
        self.trace.push(TraceEvent::Waited {
            state: name.to_owned(),
            seconds,
            at: clock,
        });
        let end = clock + seconds;
        self.check_deadline(end)?;
        self.js.clock.set(end);
        // Assign and Output are evaluated as the state is left.
        let states = self.states_var(name, &input, end, &[]);
        let assigned = self.assignments(state, &states, vars, end)?;
        let output = self.output(state, &states, vars, input, end)?;
        vars.extend(assigned);
        Ok(Step {
            output,
            flow: flow_of(state),
            clock: end,
        })
    }

    fn fail(&self, name: &str, state: &Value, input: &JValue, vars: &Vars, clock: f64) -> Stop {
        let states = self.states_var(name, input, clock, &[]);
        let text = |key: &str| -> Result<String, Stop> {
            match state.get(key) {
                None => Ok(String::new()),
                Some(field) => {
                    let value = self.js.template(field, vars, &states)?;
                    Ok(match to_json(&value) {
                        Value::String(s) => s,
                        other => other.to_string(),
                    })
                }
            }
        };
        match (text("Error"), text("Cause")) {
            (Ok(error), Ok(cause)) => Stop::Error { error, cause },
            (Err(stop), _) | (_, Err(stop)) => stop,
        }
    }

    /// Task, Parallel and Map: run, retrying and catching as the state says.
    fn recoverable(
        &mut self,
        name: &str,
        state: &Value,
        input: JValue,
        vars: &mut Vars,
        mut clock: f64,
    ) -> Result<Step, Halt> {
        let retriers: Vec<&Value> = state
            .get("Retry")
            .and_then(Value::as_array)
            .map(|r| r.iter().collect())
            .unwrap_or_default();
        let mut retries_by_retrier = vec![0u32; retriers.len()];
        let mut attempt = 1u32;
        loop {
            match self.attempt(name, state, &input, vars, clock, attempt) {
                Ok((result, end)) => {
                    let finished = self.finish_state(
                        name,
                        state,
                        &input,
                        Some(result.clone()),
                        result,
                        vars,
                        end,
                    );
                    // An Output or Assign that fails is the state's error:
                    // its Catch sees it, its Retry does not.
                    return match finished {
                        Err((Stop::Error { error, cause }, at)) => {
                            self.catch(name, state, &input, vars, error, cause, at)
                        }
                        other => other,
                    };
                }
                Err((Stop::Error { error, cause }, end)) => {
                    clock = end;
                    let matched = retriers.iter().position(|r| {
                        recovery::matches(r.get("ErrorEquals").unwrap_or(&Value::Null), &error)
                    });
                    if let Some(index) = matched {
                        let retrier = retriers
                            .get(index)
                            .map(|r| Retrier::from_json(r))
                            .unwrap_or_else(|| Retrier::from_json(&Value::Null));
                        let done = retries_by_retrier.get(index).copied().unwrap_or(u32::MAX);
                        if u64::from(done) < retrier.max_attempts {
                            let retry = done + 1;
                            if let Some(slot) = retries_by_retrier.get_mut(index) {
                                *slot = retry;
                            }
                            let delay = retrier.delay(retry, &mut self.rng.borrow_mut());
                            self.trace.push(TraceEvent::Retry {
                                state: name.to_owned(),
                                error: error.clone(),
                                retry,
                                delay,
                                at: clock,
                            });
                            clock += delay;
                            self.check_deadline(clock)?;
                            attempt += 1;
                            continue;
                        }
                    }
                    return self.catch(name, state, &input, vars, error, cause, clock);
                }
                Err(other) => return Err(other),
            }
        }
    }

    /// One try of a Task, Parallel or Map state: its result and end time.
    fn attempt(
        &mut self,
        name: &str,
        state: &Value,
        input: &JValue,
        vars: &Vars,
        clock: f64,
        attempt: u32,
    ) -> Result<(JValue, f64), Halt> {
        self.js.clock.set(clock);
        match state.get("Type").and_then(Value::as_str) {
            Some("Parallel") => self.parallel(name, state, input, vars, clock),
            Some("Map") => self.map(name, state, input, vars, clock),
            _ => self.task(name, state, input, vars, clock, attempt),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn catch(
        &mut self,
        name: &str,
        state: &Value,
        input: &JValue,
        vars: &mut Vars,
        error: String,
        cause: String,
        clock: f64,
    ) -> Result<Step, Halt> {
        let catchers = state
            .get("Catch")
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice);
        let Some(catcher) = catchers
            .iter()
            .find(|c| recovery::matches(c.get("ErrorEquals").unwrap_or(&Value::Null), &error))
        else {
            return Err((Stop::Error { error, cause }, clock));
        };
        let next = catcher
            .get("Next")
            .and_then(Value::as_str)
            .unwrap_or_default();
        self.trace.push(TraceEvent::Caught {
            state: name.to_owned(),
            error: error.clone(),
            next: next.to_owned(),
            at: clock,
        });
        let mut error_output = IndexMap::new();
        error_output.insert("Error".to_owned(), JValue::string(error));
        error_output.insert("Cause".to_owned(), JValue::string(cause));
        let error_output = JValue::object(error_output);
        let states = self.states_var(name, input, clock, &[("errorOutput", error_output.clone())]);
        let assigned = self.assignments(catcher, &states, vars, clock)?;
        let output = self.output(catcher, &states, vars, error_output, clock)?;
        vars.extend(assigned);
        Ok(Step {
            output,
            flow: Flow::Next(next.to_owned()),
            clock,
        })
    }

    fn task(
        &mut self,
        name: &str,
        state: &Value,
        input: &JValue,
        vars: &Vars,
        clock: f64,
        attempt: u32,
    ) -> Result<(JValue, f64), Halt> {
        let resource = state
            .get("Resource")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if let Some(wait) = events::put_events_kind(resource) {
            return self.put_events(name, state, input, vars, clock, attempt, wait);
        }
        if resource == super::child::START_EXECUTION_SYNC {
            return self.start_execution(name, state, input, vars, clock, attempt);
        }
        if resource != HTTP_INVOKE {
            return Err((
                Stop::fatal(
                    "Aslc.UnsupportedResource",
                    format!("state `{name}` calls `{resource}`; aslc run only runs {HTTP_INVOKE}"),
                ),
                clock,
            ));
        }
        let states = self.states_var(name, input, clock, &[]);
        let arguments = self.arguments(state, vars, &states, clock)?;
        let request = Request::from_arguments(&arguments)
            .map_err(|m| (Stop::error(QUERY_ERROR, format!("`{name}`: {m}")), clock))?;
        let key = request.key(&self.options.endpoints);
        let served = self.served.entry(key.clone()).or_insert(0);
        let Some(response) = self.mocks.response(&key, *served) else {
            let cause = format!(
                "state `{name}` calls `{key}`, which the mocks do not answer; the mocks answer: {}",
                self.answered_keys()
            );
            return Err((Stop::fatal("Aslc.MissingMock", cause), clock));
        };
        *served += 1;
        let answer = http::answer(response);
        self.count_events(3, clock)?;
        let (status, error) = match (response, &answer) {
            (super::MockResponse::Response { status, .. }, _) => (Some(*status), None),
            (_, Answer::Error { error, .. }) => (None, Some(error.clone())),
            (_, Answer::Result(_)) => (None, None),
        };
        self.trace.push(TraceEvent::Call {
            index: self.calls.len(),
            at: clock,
        });
        self.call_times.push(clock);
        self.calls.push(CallRecord {
            key,
            status,
            error,
            attempt,
            request: request.to_json(),
        });
        match answer {
            Answer::Result(result) => Ok((result, clock)),
            Answer::Error { error, cause } => Err((Stop::Error { error, cause }, clock)),
        }
    }
}

fn flow_of(state: &Value) -> Flow {
    match state.get("Next").and_then(Value::as_str) {
        Some(next) => Flow::Next(next.to_owned()),
        None => Flow::End,
    }
}

/// Seconds on the virtual clock at an ISO-8601 timestamp.
fn seconds_of_timestamp(text: &str) -> Option<f64> {
    let at = chrono::DateTime::parse_from_rfc3339(text).ok()?;
    Some((at.timestamp_millis() - jsonata::START_EPOCH_MS) as f64 / 1000.0)
}

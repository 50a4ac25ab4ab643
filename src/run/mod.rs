//! `aslc run`: executes an emitted ASL definition locally, against mocked
//! HTTP endpoints, on a virtual clock.
//!
//! This stage sits after `emit`: it reads the definition as JSON (what is
//! deployed), never the AST or the state graph. JSONata is evaluated by the
//! `jsonata-core` crate (chosen by measurement, see docs/jsonata-engine.md)
//! with Step Functions' extra functions added in `jsonata.rs`.
//!
//! | file | what |
//! |---|---|
//! | `mocks.rs` | the mocks file: parsing, located errors, response queues |
//! | `jsonata.rs` | expression evaluation, `$states`, Step Functions' functions |
//! | `machine.rs` | the states: transitions, variables, Retry and Catch |
//! | `branches.rs` | Parallel and Map |
//! | `http.rs` | the HTTP task: request, mock key, result or error |
//! | `recovery.rs` | Retry and Catch matching, delays, the seeded RNG |
//! | `report.rs` | the `--json` shape and the readable trace |

mod branches;
mod child;
mod events;
mod http;
mod jsonata;
mod machine;
mod mocks;
mod recovery;
mod report;

#[cfg(test)]
mod tests;

use serde_json::Value;

pub use events::BAD_MOCK;
pub use mocks::{InputError, MockResponse, Mocks, RunMock};

/// One SFL endpoint: its name and base URL (scheme, host and base path).
/// A call's URL is mapped to its endpoint by the longest matching base URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// The endpoint's name, as in the mocks keys (`GET billing /orders/1`).
    pub name: String,
    /// The endpoint's base URL, e.g. `https://billing.example.com/v1`.
    pub base_url: String,
}

/// How to run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunOptions {
    /// Seeds the random draws (`JitterStrategy: FULL`, `$random`, `$uuid`):
    /// the same seed gives the same run.
    pub seed: u64,
    /// The endpoints calls are named by.
    pub endpoints: Vec<Endpoint>,
    /// The state machines a `run` (`startExecution.sync:2`) may start as
    /// child executions, instead of answering them from the mocks.
    pub children: Vec<ChildMachine>,
}

/// A state machine `aslc run` executes as a child execution when a Task
/// starts it: a `use`d workflow compiled with the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildMachine {
    /// Its state machine's name (the workflow's), as in the mock key
    /// `run <name>` and in the trace.
    pub name: String,
    /// The `StateMachineArn` the caller's definition writes for it
    /// (`${BillingStateMachineArn}`).
    pub arn: String,
    /// Its emitted definition.
    pub definition: Value,
    /// Standard or Express.
    pub workflow_type: WorkflowType,
    /// How it runs: its endpoints and its own children (the seed is the
    /// caller's).
    pub options: RunOptions,
}

/// How an execution ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// It reached a Succeed state or an end.
    Succeeded,
    /// A Fail state, an uncaught error, or a runner error (a missing mock).
    Failed,
    /// The definition's `TimeoutSeconds` passed on the virtual clock.
    TimedOut,
}

impl Status {
    /// The name Step Functions gives the status.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Succeeded => "SUCCEEDED",
            Status::Failed => "FAILED",
            Status::TimedOut => "TIMED_OUT",
        }
    }
}

/// One HTTP call the execution made (each attempt is a call).
#[derive(Debug, Clone, PartialEq)]
pub struct CallRecord {
    /// The mock key: `METHOD endpoint /path[?k=v&…]`.
    pub key: String,
    /// The mocked status code; `None` for a transport error.
    pub status: Option<u16>,
    /// The transport error raised instead of a response, if any.
    pub error: Option<String>,
    /// 1 for the first attempt of the state, 2 for its first retry, …
    pub attempt: u32,
    /// What was sent: `method`, `url`, and `headers`, `query`, `body` when
    /// the task sends them.
    pub request: Value,
}

/// One line of the readable trace.
#[derive(Debug, Clone, PartialEq)]
pub enum TraceEvent {
    /// A state was entered at `at` seconds on the virtual clock.
    Entered {
        /// The state's name.
        state: String,
        /// The virtual clock.
        at: f64,
    },
    /// A call was answered (index into [`Execution::calls`]).
    Call {
        /// Which call.
        index: usize,
        /// The virtual clock.
        at: f64,
    },
    /// An error will be retried after `delay` seconds.
    Retry {
        /// The state.
        state: String,
        /// The error.
        error: String,
        /// The retry's number (1 for the first retry).
        retry: u32,
        /// Seconds waited.
        delay: f64,
        /// The virtual clock before the wait.
        at: f64,
    },
    /// An error was caught and control goes to `next`.
    Caught {
        /// The state.
        state: String,
        /// The error.
        error: String,
        /// The catcher's `Next`.
        next: String,
        /// The virtual clock.
        at: f64,
    },
    /// A Wait state waited `seconds`.
    Waited {
        /// The state.
        state: String,
        /// Seconds waited.
        seconds: f64,
        /// The virtual clock before the wait.
        at: f64,
    },
}

/// The result of [`execute`].
#[derive(Debug, Clone, PartialEq)]
pub struct Execution {
    /// How it ended.
    pub status: Status,
    /// The execution's output, when it succeeded.
    pub output: Option<Value>,
    /// The error name, when it failed or timed out.
    pub error: Option<String>,
    /// The cause, when it failed or timed out.
    pub cause: Option<String>,
    /// Every state entered, in order (nested states included).
    pub states: Vec<String>,
    /// Every HTTP call, in order.
    pub calls: Vec<CallRecord>,
    /// Seconds on the virtual clock from start to end.
    pub elapsed_seconds: f64,
    /// What the readable trace is made of.
    pub trace: Vec<TraceEvent>,
}

/// The type of state machine, which decides the limits a run meets (the
/// template says it; the definition does not).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum WorkflowType {
    /// Keeps a history of at most 25,000 events: an execution that needs
    /// more fails with `States.Runtime`.
    #[default]
    Standard,
    /// Keeps no history and runs at most 5 minutes.
    Express,
}

/// Executes `definition` (the emitted ASL, as JSON) on `input` as a
/// Standard workflow, answering HTTP tasks from `mocks`. Never panics and
/// never sleeps: waits and retry delays advance a virtual clock.
pub fn execute(definition: &Value, input: Value, mocks: &Mocks, options: &RunOptions) -> Execution {
    execute_as(WorkflowType::Standard, definition, input, mocks, options)
}

/// [`execute`] with the limits of the given type of state machine.
pub fn execute_as(
    workflow_type: WorkflowType,
    definition: &Value,
    input: Value,
    mocks: &Mocks,
    options: &RunOptions,
) -> Execution {
    machine::run(
        workflow_type,
        definition,
        input,
        mocks,
        options,
        &mut std::collections::HashMap::new(),
        0,
        None,
    )
}

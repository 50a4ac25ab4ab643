//! The state graph: the intermediate form between `lower` and `emit`.
//!
//! `lower` turns a checked workflow into a [`StateGraph`]; `emit::asl`
//! writes it as an ASL definition and `emit::template` writes its
//! [`DeploymentPlan`] (connections, Lattice resources, parameters, the IAM
//! policy, every logical id) as a CloudFormation template. Emit reads
//! nothing else. Later tools (`aslc graph`, the local runner) read this
//! same structure.
//!
//! Values that ASL evaluates at run time are already JSONata strings
//! (`"{% … %}"`) inside [`serde_json::Value`]s, so emitting is a plain
//! structural walk.

mod plan;

use indexmap::IndexMap;
use serde_json::Value;

use crate::source::Span;

pub use self::plan::*;
/// The HTTP methods a task can use.
pub use crate::aws::Method;

/// A whole compiled workflow.
#[derive(Debug, Clone, PartialEq)]
pub struct StateGraph {
    /// The workflow's name (used for the state machine's name).
    pub name: String,
    /// The workflow's doc comment → top-level `Comment`.
    pub comment: Option<String>,
    /// `timeout D` → top-level `TimeoutSeconds`.
    pub timeout_seconds: Option<u64>,
    /// STANDARD or EXPRESS.
    pub kind: WorkflowKind,
    /// The top-level states.
    pub root: Machine,
    /// What the template deploys.
    pub plan: DeploymentPlan,
    /// The workflow's name in the source: where diagnostics about the whole
    /// definition (e.g. its size) point.
    pub span: Span,
}

/// STANDARD or EXPRESS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkflowKind {
    /// Long-running, exactly-once.
    Standard,
    /// Short (≤ 5 minutes), at-least-once.
    Express,
}

/// A list of states with a start: the top level, a Parallel branch or a Map
/// iteration.
#[derive(Debug, Clone, PartialEq)]
pub struct Machine {
    /// The first state's name.
    pub start_at: String,
    /// States in the order they are emitted (source order).
    pub states: IndexMap<String, State>,
}

/// One state.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// `Comment`, from a doc comment.
    pub comment: Option<String>,
    /// What the state does.
    pub kind: StateKind,
    /// Where control goes next; `None` for Choice, Fail and Succeed.
    pub transition: Option<Transition>,
    /// `Assign`: variable name → value (JSON with JSONata strings).
    pub assign: IndexMap<String, Value>,
    /// `Output`.
    pub output: Option<Value>,
    /// The SFL statement this state came from.
    pub span: Span,
}

/// `Next` or `End`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transition {
    /// `"Next": name`
    Next(String),
    /// `"End": true`
    End,
}

/// The state types aslc emits.
#[expect(
    clippy::large_enum_variant,
    reason = "one graph per file; boxing the large variants would only add indirection"
)]
#[derive(Debug, Clone, PartialEq)]
pub enum StateKind {
    /// `Type: Task` with `Resource: arn:aws:states:::http:invoke`.
    Http(HttpTask),
    /// `Type: Task` with `Resource: arn:aws:states:::events:putEvents`
    /// (`.waitForTaskToken` when it waits).
    Events(EventsTask),
    /// `Type: Task` with `Resource:
    /// arn:aws:states:::states:startExecution.sync:2` (`run`).
    Run(RunTask),
    /// `Type: Pass`.
    Pass,
    /// `Type: Choice`.
    Choice {
        /// Rules in order.
        choices: Vec<ChoiceRule>,
        /// `Default`.
        default: Option<String>,
    },
    /// `Type: Wait`.
    Wait(WaitFor),
    /// `Type: Fail`.
    Fail {
        /// `Error` (plain string or JSONata).
        error: Option<Value>,
        /// `Cause` (plain string or JSONata).
        cause: Option<Value>,
    },
    /// `Type: Succeed`.
    Succeed,
    /// `Type: Parallel`.
    Parallel {
        /// One machine per branch.
        branches: Vec<Machine>,
        /// `Retry`.
        retry: Vec<Retrier>,
        /// `Catch`.
        catch: Vec<Catcher>,
    },
    /// `Type: Map` (INLINE).
    Map {
        /// `Items` (JSONata).
        items: Value,
        /// `ItemSelector`.
        item_selector: Option<Value>,
        /// `MaxConcurrency`.
        max_concurrency: Option<u64>,
        /// `Some` for a Distributed Map: how its child executions run.
        distributed: Option<Box<ChildRuns>>,
        /// `ItemProcessor`.
        processor: Box<Machine>,
        /// `Retry`.
        retry: Vec<Retrier>,
        /// `Catch`.
        catch: Vec<Catcher>,
    },
}

/// The settings of a Distributed Map (`for … distributed`).
#[derive(Debug, Clone, PartialEq)]
pub struct ChildRuns {
    /// `ToleratedFailurePercentage` or `ToleratedFailureCount`.
    pub tolerated: Option<ToleratedFailures>,
    /// `ItemBatcher.MaxItemsPerBatch`.
    pub batch: Option<u64>,
}

/// How many failed child executions a Distributed Map accepts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ToleratedFailures {
    /// `ToleratedFailurePercentage` (0–100).
    Percent(f64),
    /// `ToleratedFailureCount`.
    Count(u64),
}

/// An HTTP Task and what it needs from the template.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpTask {
    /// The SFL endpoint's name.
    pub endpoint: String,
    /// The method.
    pub method: Method,
    /// `Arguments.ApiEndpoint`: a plain URL or a JSONata string.
    pub api_endpoint: Value,
    /// The URL with every interpolation a wildcard, for the IAM
    /// `states:HTTPEndpoint` condition.
    pub url_pattern: UrlPattern,
    /// The connection the call goes through.
    pub connection: ConnectionRef,
    /// `Arguments.Headers`.
    pub headers: Option<Value>,
    /// `Arguments.QueryParameters`.
    pub query: Option<Value>,
    /// `Arguments.RequestBody`.
    pub body: Option<Value>,
    /// `Arguments.Transform` for `encoding form`.
    pub url_encoded: bool,
    /// `TimeoutSeconds`.
    pub timeout_seconds: Option<u64>,
    /// `Retry`.
    pub retry: Vec<Retrier>,
    /// `Catch`.
    pub catch: Vec<Catcher>,
}

/// An EventBridge `PutEvents` Task (`emit`).
#[derive(Debug, Clone, PartialEq)]
pub struct EventsTask {
    /// `Arguments.Entries[0]`: `Detail`, `DetailType`, `EventBusName`,
    /// `Source` (values plain or JSONata strings).
    pub entry: Value,
    /// `.waitForTaskToken`: the state waits for `SendTaskSuccess` or
    /// `SendTaskFailure` with the token the detail carries.
    pub wait: bool,
    /// `TimeoutSeconds`.
    pub timeout_seconds: Option<u64>,
    /// `HeartbeatSeconds`.
    pub heartbeat_seconds: Option<u64>,
    /// `Retry`.
    pub retry: Vec<Retrier>,
    /// `Catch`.
    pub catch: Vec<Catcher>,
}

/// A `run`: start another state machine's execution and wait for it.
#[derive(Debug, Clone, PartialEq)]
pub struct RunTask {
    /// Which state machine.
    pub state_machine: StateMachineRef,
    /// `Arguments.Input` (JSON with JSONata leaves).
    pub input: Value,
    /// `TimeoutSeconds`.
    pub timeout_seconds: Option<u64>,
    /// `Retry`.
    pub retry: Vec<Retrier>,
    /// `Catch`.
    pub catch: Vec<Catcher>,
}

/// How the definition names the state machine a `run` starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StateMachineRef {
    /// The workflow of a `use`d file, deployed by its own stack: written
    /// `${Var}` in the definition and bound by `DefinitionSubstitutions`
    /// to its ARN, built from its name in this stack's region and account.
    Used {
        /// The workflow's (and state machine's) name.
        name: String,
        /// The substitution variable, e.g. `BillingStateMachineArn`.
        substitution: String,
    },
    /// `run "arn:…"`: an existing state machine, written literally.
    Existing {
        /// The ARN as written.
        arn: String,
        /// The state machine's name in it.
        name: String,
    },
}

/// How the definition names a connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConnectionRef {
    /// A connection the template creates, written `${Var}` in the
    /// definition and bound by `DefinitionSubstitutions`.
    Created {
        /// The substitution variable, e.g. `BillingConnectionArn`: the
        /// same text as the plan's [`Connection::substitution`].
        substitution: String,
    },
    /// `connection "arn:…"`: an existing connection, written literally.
    Existing {
        /// The connection's ARN.
        arn: String,
    },
}

/// A Choice rule.
#[derive(Debug, Clone, PartialEq)]
pub struct ChoiceRule {
    /// `Condition` (JSONata).
    pub condition: Value,
    /// `Next`.
    pub next: String,
    /// Where the condition came from in SFL, so `aslc graph` can label the
    /// edge with what the author wrote. Emit ignores it.
    pub source: RuleSource,
}

/// The SFL behind a Choice rule's condition.
#[derive(Debug, Clone, PartialEq)]
pub enum RuleSource {
    /// An `if`/`else if` or `while` condition.
    Expr(Span),
    /// A `match` arm: the scrutinee equals one of the patterns.
    Match {
        /// The expression matched on.
        scrutinee: Span,
        /// The arm's literal patterns, in order.
        patterns: Vec<Span>,
    },
    /// The test before a call that its path is a usable value (not missing,
    /// null, empty, `.` or `..`).
    PathCheck,
    /// The dispatch of a `fail` whose name is computed: the name is one of
    /// these errors.
    ErrorIs(Vec<String>),
    /// Two rules' conditions joined with `and` (see `lower::economy`).
    Both(Box<RuleSource>, Box<RuleSource>),
    /// A condition with no SFL counterpart.
    Generated,
}

/// What a Wait state waits for.
#[derive(Debug, Clone, PartialEq)]
pub enum WaitFor {
    /// `Seconds: N`
    Seconds(u64),
    /// `Seconds: "{% … %}"`: a computed number of seconds.
    ComputedSeconds(Value),
    /// `Timestamp: "{% … %}"`
    Timestamp(Value),
}

/// One `Retry` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Retrier {
    /// `ErrorEquals`, already expanded to ASL names.
    pub error_equals: Vec<String>,
    /// `IntervalSeconds`.
    pub interval_seconds: Option<u64>,
    /// `MaxAttempts`.
    pub max_attempts: Option<u64>,
    /// `BackoffRate`, as the literal was written (e.g. `2`, `1.5`).
    pub backoff_rate: Option<serde_json::Number>,
    /// `MaxDelaySeconds`.
    pub max_delay_seconds: Option<u64>,
    /// `JitterStrategy: FULL` when true.
    pub jitter_full: bool,
}

/// One `Catch` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Catcher {
    /// `ErrorEquals`, already expanded to ASL names.
    pub error_equals: Vec<String>,
    /// `Next`.
    pub next: String,
    /// `Assign` (e.g. `catch … as e`).
    pub assign: IndexMap<String, Value>,
    /// `Output`.
    pub output: Option<Value>,
}

impl Machine {
    /// Every HTTP task in this machine and the machines nested in it, in
    /// emission order.
    pub fn http_tasks(&self) -> Vec<&HttpTask> {
        let mut out = Vec::new();
        self.collect_http_tasks(&mut out);
        out
    }

    /// Whether this machine or one nested in it has a Distributed Map.
    pub fn has_distributed_map(&self) -> bool {
        self.states.values().any(|state| match &state.kind {
            StateKind::Map {
                distributed,
                processor,
                ..
            } => distributed.is_some() || processor.has_distributed_map(),
            StateKind::Parallel { branches, .. } => {
                branches.iter().any(Machine::has_distributed_map)
            }
            StateKind::Http(_)
            | StateKind::Events(_)
            | StateKind::Run(_)
            | StateKind::Pass
            | StateKind::Choice { .. }
            | StateKind::Wait(_)
            | StateKind::Fail { .. }
            | StateKind::Succeed => false,
        })
    }

    /// The `EventBusName` of every `PutEvents` Task of this machine and the
    /// machines nested in it, each once, in the order of the states.
    pub fn event_buses(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        self.collect_event_buses(&mut out);
        out
    }

    fn collect_event_buses(&self, out: &mut Vec<String>) {
        for state in self.states.values() {
            match &state.kind {
                StateKind::Events(task) => {
                    if let Some(bus) = task.entry.get("EventBusName").and_then(Value::as_str)
                        && !out.iter().any(|known| known == bus)
                    {
                        out.push(bus.to_owned());
                    }
                }
                StateKind::Parallel { branches, .. } => {
                    for branch in branches {
                        branch.collect_event_buses(out);
                    }
                }
                StateKind::Map { processor, .. } => processor.collect_event_buses(out),
                _ => {}
            }
        }
    }

    fn collect_http_tasks<'a>(&'a self, out: &mut Vec<&'a HttpTask>) {
        for state in self.states.values() {
            match &state.kind {
                StateKind::Http(task) => out.push(task),
                StateKind::Parallel { branches, .. } => {
                    for branch in branches {
                        branch.collect_http_tasks(out);
                    }
                }
                StateKind::Map { processor, .. } => processor.collect_http_tasks(out),
                StateKind::Events(_)
                | StateKind::Run(_)
                | StateKind::Pass
                | StateKind::Choice { .. }
                | StateKind::Wait(_)
                | StateKind::Fail { .. }
                | StateKind::Succeed => {}
            }
        }
    }

    /// Every `run` task in this machine and the machines nested in it, in
    /// emission order.
    pub fn run_tasks(&self) -> Vec<&RunTask> {
        let mut out = Vec::new();
        self.collect_run_tasks(&mut out);
        out
    }

    fn collect_run_tasks<'a>(&'a self, out: &mut Vec<&'a RunTask>) {
        for state in self.states.values() {
            match &state.kind {
                StateKind::Run(task) => out.push(task),
                StateKind::Parallel { branches, .. } => {
                    for branch in branches {
                        branch.collect_run_tasks(out);
                    }
                }
                StateKind::Map { processor, .. } => processor.collect_run_tasks(out),
                StateKind::Http(_)
                | StateKind::Events(_)
                | StateKind::Pass
                | StateKind::Choice { .. }
                | StateKind::Wait(_)
                | StateKind::Fail { .. }
                | StateKind::Succeed => {}
            }
        }
    }
}

//! Wording for sub-workflows: `use` items and `run` statements.

use crate::diag::{Code, Diagnostic};
use crate::source::Span;

/// E0600: `run name(…)` where no `use`d file declares `name`.
pub fn unknown_callee(span: Span, name: &str, help: Option<String>) -> Diagnostic {
    Diagnostic::new(
        Code::UnknownCallee,
        format!("no used workflow is named `{name}`"),
        span,
        "not the workflow of a `use`d file",
    )
    .with_help(help.unwrap_or_else(|| {
        format!("add `use \"./{name}.sfl\"` (the path of the file declaring `workflow {name}`)")
    }))
    .with_note("`run` starts the workflow of a file named by a `use` item, or a state machine given by ARN: `run \"arn:…:stateMachine:name\"(input) -> Type`")
}

/// E0601: the input of a `run` does not fit the callee's input type.
pub fn run_input_mismatch(span: Span, callee: &str, expected: &str, found: &str) -> Diagnostic {
    Diagnostic::new(
        Code::RunInputMismatch,
        format!("`{callee}` takes `{expected}`, but this input is `{found}`"),
        span,
        format!("expected `{expected}`"),
    )
    .with_help(format!("pass a value of `{callee}`'s input type"))
}

/// E0602: a `use` that leads back to the file saying it.
pub fn use_cycle(span: Span, chain: &str) -> Diagnostic {
    Diagnostic::new(
        Code::UseCycle,
        format!("files that `use` each other: {chain}"),
        span,
        "this `use` leads back here",
    )
    .with_help("move what both files need into a third workflow that neither `run` depends on")
    .with_note("each file is one state machine whose stack must be deployed after the ones it runs, so the order cannot be circular")
}

/// E0603: a `use`d file that cannot be read (`read` false), or that does
/// not compile.
pub fn use_unavailable(span: Span, path: &str, why: &str, read: bool) -> Diagnostic {
    Diagnostic::new(
        Code::UseUnavailable,
        format!("cannot use `{path}`: {why}"),
        span,
        "this file",
    )
    .with_help(if read {
        format!("run `aslc check` on `{path}` to see its errors")
    } else {
        "the path is relative to the file that says `use`".to_owned()
    })
}

/// E0609: a used file declares `param StateMachineName`, so its state
/// machine's name is known only when its own stack deploys, while the
/// caller starts (and is granted) `stateMachine:<workflow>`.
pub fn used_machine_named_by_param(span: Span, path: &str, workflow: &str) -> Diagnostic {
    Diagnostic::new(
        Code::UsedMachineNamedByParam,
        format!("`{path}` names its state machine with `param StateMachineName`"),
        span,
        "a `run` of this file starts the state machine of its workflow's name",
    )
    .with_help(format!(
        "remove `param StateMachineName` from `{path}` so its state machine is `{workflow}`, or start it by ARN: `run \"arn:…:stateMachine:<name>\"(input) -> T`"
    ))
    .with_note("a used workflow's stack is deployed first, and this stack names its state machine `arn:…:stateMachine:<workflow>` in the same account and region; a name chosen when that stack deploys cannot be known here")
}

/// E0604: `run` in an Express workflow.
pub fn run_in_express(span: Span, express: Span) -> Diagnostic {
    Diagnostic::new(
        Code::RunInExpress,
        "`run` cannot wait for a child execution in an Express workflow",
        span,
        "waits for the child (`startExecution.sync:2`)",
    )
    .with_secondary(express, "the workflow is Express")
    .with_help("remove `express`, or make the child's work part of this workflow")
    .with_note("Express workflows support only the Request Response integration pattern, not Run a Job (`.sync`): https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html")
}

/// E0605: a `run` of an ARN without `-> Type`.
pub fn run_arn_without_type(span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::RunArnWithoutType,
        "a state machine given by ARN needs its result type",
        span,
        "nothing says what this state machine returns",
    )
    .with_help("write the type of its output after the input: `run \"arn:…\"(input) -> Result` (`-> any` to leave it unchecked)")
}

/// E0606: the ARN of a `run` is not a state machine's.
pub fn run_arn_invalid(span: Span, why: &str) -> Diagnostic {
    Diagnostic::new(
        Code::RunArnInvalid,
        "`run` needs the ARN of a state machine",
        span,
        why.to_owned(),
    )
    .with_help("write `arn:<partition>:states:<region>:<account>:stateMachine:<name>`")
}

/// E0607: `-> T` on a `run` whose callee returns something else.
pub fn run_result_mismatch(span: Span, callee: &str, output: &str, declared: &str) -> Diagnostic {
    Diagnostic::new(
        Code::RunResultMismatch,
        format!("`{callee}` returns `{output}`, not `{declared}`"),
        span,
        format!("`{callee}`'s output does not fit this type"),
    )
    .with_help("leave out `-> …`: the result of `run` has the callee's output type")
}

/// E0608: two used workflows, or a used one and this one, share a name.
pub fn duplicate_use(span: Span, name: &str, first: Option<Span>) -> Diagnostic {
    let diagnostic = Diagnostic::new(
        Code::DuplicateUse,
        format!("two workflows named `{name}`"),
        span,
        "this file's workflow has a name already taken",
    )
    .with_help("state machine names are unique in an account and region: rename one workflow")
    .with_note("`run` names a workflow, and its state machine, by the workflow's name");
    match first {
        Some(first) => diagnostic.with_secondary(first, "first used here"),
        None => diagnostic,
    }
}

/// W0030: a `use` whose workflow no `run` starts.
pub fn unused_use(span: Span, name: &str) -> Diagnostic {
    Diagnostic::new(
        Code::UnusedUse,
        format!("`{name}` is used but never run"),
        span,
        "no `run` starts this workflow",
    )
    .with_help(format!(
        "remove the `use`, or start it with `run {name}(…)`"
    ))
}

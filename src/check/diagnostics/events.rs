//! Check, diagnostics: `emit`, `bus` items and task tokens (E0036,
//! E0620–E0628, W0035–W0037).

use crate::diag::{Code, Diagnostic};
use crate::source::Span;
use crate::syntax::ast::Ident;

/// E0620: a bus name or ARN EventBridge would not take.
pub fn invalid_event_bus(span: Span, problem: &str) -> Diagnostic {
    Diagnostic::new(
        Code::InvalidEventBus,
        "invalid event bus",
        span,
        problem.to_owned(),
    )
    .with_help("write `default`, a bus name such as \"orders\", or its ARN `arn:aws:events:REGION:ACCOUNT:event-bus/NAME`")
}

/// E0621: a literal source or detail-type EventBridge would refuse.
pub fn invalid_event_text(span: Span, field: &str, problem: &str) -> Diagnostic {
    let help = if field == "source" {
        "name the source after your application, e.g. \"com.example.orders\""
    } else {
        "a short name of what happened, e.g. \"OrderPaid\""
    };
    Diagnostic::new(
        Code::InvalidEventText,
        format!("invalid event {field}"),
        span,
        problem.to_owned(),
    )
    .with_help(help)
}

/// E0622: a detail that is not a JSON object.
pub fn event_detail_not_record(span: Span, found: &str) -> Diagnostic {
    Diagnostic::new(
        Code::EventDetailNotRecord,
        "an event's detail must be a record",
        span,
        format!("expected a record, found `{found}`"),
    )
    .with_help("wrap the value in an object: `{ value: … }`")
    .with_note("EventBridge takes a JSON object as an event's detail")
}

/// E0623: a waiting `emit` whose detail already has the token's field.
pub fn detail_has_task_token(span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::DetailHasTaskToken,
        "the detail already has a `taskToken` field",
        span,
        "aslc puts the task token here",
    )
    .with_help("rename this field: a waiting `emit` adds `taskToken` to the detail itself")
}

/// E0628: an entry whose literal parts alone reach EventBridge's limit.
pub fn event_entry_too_large(span: Span, at_least: usize, limit: usize) -> Diagnostic {
    Diagnostic::new(
        Code::EventEntryTooLarge,
        "this event is larger than EventBridge accepts",
        span,
        format!(
            "its source, detail-type and detail are at least {at_least} bytes; \
             the limit is {limit} (256 KB)"
        ),
    )
    .with_help(
        "send less in the event: store the large part (in S3, say) and put its \
         address in the detail",
    )
    .with_note(
        "EventBridge counts the UTF-8 bytes of Source, DetailType, Detail and each of \
         Resources (to which Step Functions adds the execution's and the state machine's \
         ARNs), and fails the entry from 256 KB \
         (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html)",
    )
}

/// E0624: `let x = emit …` that does not wait: nothing comes back.
pub fn emit_binding_without_wait(span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::EmitBindingWithoutWait,
        "an `emit` without `wait` has no value",
        span,
        "nothing is assigned to this",
    )
    .with_help(
        "remove `let … =`, or add `wait timeout D -> Answer` to wait for the receiver's answer",
    )
}

/// E0625: the answer of a waiting `emit` is bound but not typed.
pub fn untyped_answer(binding: Span, wait: Span) -> Diagnostic {
    Diagnostic::new(
        Code::UntypedAnswer,
        "the answer's type is not declared",
        binding,
        "the receiver's answer goes here",
    )
    .with_secondary(wait, "add `-> Type` after this `wait`")
    .with_help(
        "write the type the receiver sends with SendTaskSuccess: `wait timeout 1d -> Approval`",
    )
}

/// E0626: a heartbeat that cannot fire before the timeout.
pub fn heartbeat_not_below_timeout(heartbeat: Span, timeout: Span) -> Diagnostic {
    Diagnostic::new(
        Code::HeartbeatNotBelowTimeout,
        "the heartbeat is not shorter than the timeout",
        heartbeat,
        "this heartbeat",
    )
    .with_secondary(timeout, "this timeout")
    .with_help("make the heartbeat shorter than the timeout, or remove it")
    .with_note("Step Functions requires HeartbeatSeconds to be smaller than TimeoutSeconds")
}

/// E0627: a waiting `emit` in an Express workflow.
pub fn wait_in_express(wait: Span, express: Span) -> Diagnostic {
    Diagnostic::new(
        Code::WaitInExpress,
        "an Express workflow cannot wait for a task token",
        wait,
        "waits for a callback",
    )
    .with_secondary(express, "the workflow is Express")
    .with_help("remove `express`, or `emit` without `wait`")
    .with_note("Express workflows do not support the `.waitForTaskToken` integration pattern")
}

/// W0036: a wait timeout the workflow's own timeout always beats.
pub fn emit_wait_outlasts_workflow(wait: Span, workflow: Span) -> Diagnostic {
    Diagnostic::new(
        Code::WaitOutlastsWorkflow,
        "the workflow times out before this wait does",
        wait,
        "this timeout never fires",
    )
    .with_secondary(workflow, "the whole execution stops here")
    .with_help("make the wait's timeout shorter than the workflow's, so a `catch Timeout` can run")
    .with_note("when the workflow's timeout passes, the execution ends with States.Timeout, which no state can catch")
}

/// W0035: a waiting `emit` without a timeout.
pub fn wait_without_timeout(wait: Span) -> Diagnostic {
    Diagnostic::new(
        Code::WaitWithoutTimeout,
        "this `wait` has no timeout",
        wait,
        "waits until an answer comes, however long",
    )
    .with_help("add `timeout D` (e.g. `wait timeout 1d`) and catch `Timeout` to decide what happens when no answer comes")
    .with_note("without TimeoutSeconds the task waits until the execution ends (a year for a Standard workflow)")
}

/// E0036: an `emit` bus written as a word no `bus` item declares.
pub fn unknown_bus(name: &Ident, suggestion: Option<String>) -> Diagnostic {
    let help = suggestion.unwrap_or_else(|| {
        format!(
            "declare it (`bus {0} = \"{0}\"`), write the bus's name or ARN in quotes (`\"{0}\"`), or `default` for the account's default bus",
            name.name
        )
    });
    Diagnostic::new(
        Code::EmitBusWord,
        format!("`{}` is not an event bus", name.name),
        name.span,
        "no `bus` item has this name",
    )
    .with_help(help)
}

/// W0037: a `bus` item no `emit` names.
pub fn unused_bus(name: &Ident) -> Diagnostic {
    Diagnostic::new(
        Code::UnusedBus,
        format!("event bus `{}` is never used", name.name),
        name.span,
        "no `emit` publishes to this bus",
    )
    .with_help(format!(
        "publish to it (`emit {} \"source\" \"Type\" {{ … }}`) or remove it",
        name.name
    ))
}

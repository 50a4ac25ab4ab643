//! Check, events: what EventBridge and Step Functions accept in an `emit`.
//!
//! The facts, each from AWS's own pages (cited in `docs/language.md`,
//! "Events"):
//!
//! - a bus name is 1 to 256 characters of `A-Z a-z 0-9 . - _ /`, and an
//!   ARN names `events` and `event-bus/<name>` (E0620);
//! - `Source` is 1 to 256 characters and may not start with `aws.`, which
//!   AWS services use; `DetailType` is 1 to 128 characters (E0621);
//! - `Detail` is a JSON object (E0622);
//! - a waiting `emit` puts the task token in the detail's `taskToken`, so the
//!   detail may not have one (E0623);
//! - `HeartbeatSeconds` must be smaller than `TimeoutSeconds` (E0626);
//! - Express workflows do not run `.waitForTaskToken` tasks (E0627).
//!
//! The flow part (the binding, the handlers) is in `flow`, beside calls.

use crate::aws::ids::Arn;
use crate::check::Checker;
use crate::check::diagnostics as d;
use crate::check::resolved::ResolvedCall;
use crate::check::types::{Type, is_stringy};
use crate::diag::Diagnostics;
use crate::syntax::ast::{Block, Emit, EventBus, Expr, ExprKind, StmtKind, StrLit, Workflow};

/// The detail field that carries the task token to the receiver.
pub const TASK_TOKEN_FIELD: &str = "taskToken";

/// EventBridge's limits on an entry's text fields.
const MAX_SOURCE: usize = 256;
const MAX_DETAIL_TYPE: usize = 128;
const MAX_BUS_NAME: usize = 256;

impl<'a> Checker<'a, '_> {
    /// Everything about an `emit` but its binding and handlers; returns the
    /// answer's type (`any` when no `-> T` is given).
    pub(super) fn check_emit(&mut self, emit: &'a Emit) -> Type {
        if let EventBus::Named(bus) = &emit.bus {
            check_bus(bus, self.diagnostics);
        }
        let express = self.items.workflow.and_then(|w| w.express);
        for (expr, field, max) in [
            (&emit.source, "source", MAX_SOURCE),
            (&emit.detail_type, "detail-type", MAX_DETAIL_TYPE),
        ] {
            let ty = self.expr(expr);
            if !is_stringy(self.types.resolve(&ty)) && !matches!(ty, Type::Any) {
                let shown = self.types.display(&ty);
                self.diagnostics.push(d::mismatched_types(
                    expr.span,
                    "string",
                    &shown,
                    &format!("an event's {field} is text"),
                ));
            }
            if let ExprKind::String(template) = &expr.kind
                && let Some(text) = template.as_plain()
            {
                check_text(expr, field, &text, max, self.diagnostics);
            }
        }
        let detail_ty = self.expr(&emit.detail);
        let resolved = self.types.resolve(&detail_ty).clone();
        match &resolved {
            Type::Any | Type::Map(_) => {}
            Type::Record(fields) => {
                if emit.wait.is_some()
                    && let Some(field) = fields.iter().find(|f| f.name == TASK_TOKEN_FIELD)
                {
                    let at = object_key_span(&emit.detail).unwrap_or(emit.detail.span);
                    let _ = field;
                    self.diagnostics.push(d::detail_has_task_token(at));
                }
            }
            _ => {
                let shown = self.types.display(&detail_ty);
                self.diagnostics
                    .push(d::event_detail_not_record(emit.detail.span, &shown));
            }
        }
        let options = &emit.options;
        self.check_catches(
            options
                .catches
                .iter()
                .map(|c| (c.errors.as_slice(), c.span)),
        );
        let retries = self.check_call_retries(&options.retries);
        self.resolved.calls.insert(
            emit.id,
            ResolvedCall {
                endpoint: None,
                retries,
            },
        );
        if let Some(name) = &options.name {
            self.state_names.push(name);
        }
        let Some(wait) = &emit.wait else {
            if let Some(binding) = &emit.binding {
                self.diagnostics
                    .push(d::emit_binding_without_wait(binding.span));
            }
            return Type::Any;
        };
        if let Some(express) = express {
            self.diagnostics
                .push(d::wait_in_express(wait.span, express));
        }
        // ASL: both are positive whole numbers of seconds (E0403).
        for (limit, what) in [(&wait.timeout, "wait"), (&wait.heartbeat, "heartbeat")] {
            if let Some(limit) = limit
                && limit.seconds == 0
            {
                self.diagnostics.push(d::timeout_zero(limit.span, what));
            }
        }
        if let (Some(heartbeat), Some(timeout)) = (&wait.heartbeat, &wait.timeout)
            && heartbeat.seconds >= timeout.seconds
        {
            self.diagnostics
                .push(d::heartbeat_not_below_timeout(heartbeat.span, timeout.span));
        }
        if let (Some(limit), Some(workflow)) = (
            &wait.timeout,
            self.items.workflow.and_then(|w| w.timeout.as_ref()),
        ) && limit.seconds >= workflow.seconds
        {
            self.diagnostics
                .push(d::emit_wait_outlasts_workflow(limit.span, workflow.span));
        }
        if wait.timeout.is_none() && express.is_none() {
            self.diagnostics.push(d::wait_without_timeout(wait.span));
        }
        match &wait.answer {
            Some(answer) => self.convert_type(answer),
            None => {
                if let Some(binding) = &emit.binding {
                    self.diagnostics
                        .push(d::untyped_answer(binding.span, wait.span));
                }
                Type::Any
            }
        }
    }
}

/// Where a detail object literal writes `taskToken`.
fn object_key_span(detail: &Expr) -> Option<crate::source::Span> {
    let ExprKind::Object(entries) = &detail.kind else {
        return None;
    };
    entries
        .iter()
        .find(|(key, _)| key.name == TASK_TOKEN_FIELD)
        .map(|(key, _)| key.span)
}

/// A bus name or ARN as EventBridge takes it in `EventBusName`.
fn check_bus(bus: &StrLit, diagnostics: &mut Diagnostics) {
    let value = bus.value.as_str();
    if value.starts_with("arn:") {
        let problem = match Arn::parse(value) {
            Err(_) => Some("not an ARN (`arn:PARTITION:events:REGION:ACCOUNT:event-bus/NAME`)"),
            Ok(arn) if arn.service != "events" => Some("not an EventBridge ARN"),
            Ok(arn) => match arn.resource.strip_prefix("event-bus/") {
                Some(name) if valid_bus_name(name) => None,
                Some(_) => Some("the bus name in the ARN is not a valid bus name"),
                None => Some("not an event bus ARN (`…:event-bus/NAME`)"),
            },
        };
        if let Some(problem) = problem {
            diagnostics.push(d::invalid_event_bus(bus.span, problem));
        }
        return;
    }
    if !valid_bus_name(value) {
        diagnostics.push(d::invalid_event_bus(
            bus.span,
            "a bus name is 1 to 256 letters, digits, `.`, `-`, `_` or `/`",
        ));
    }
}

fn valid_bus_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= MAX_BUS_NAME
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'/'))
}

/// A literal source or detail-type EventBridge would refuse.
fn check_text(expr: &Expr, field: &str, text: &str, max: usize, diagnostics: &mut Diagnostics) {
    let length = text.chars().count();
    let problem = if length == 0 {
        Some(format!("an event's {field} may not be empty"))
    } else if length > max {
        Some(format!(
            "an event's {field} is at most {max} characters; this one has {length}"
        ))
    } else if field == "source" && text.starts_with("aws.") {
        Some("sources starting with `aws.` are reserved for AWS services".to_owned())
    } else {
        None
    };
    if let Some(problem) = problem {
        diagnostics.push(d::invalid_event_text(expr.span, field, &problem));
    }
}

/// The bus ARNs the workflow's `emit`s name, in source order (for E0551).
pub(super) fn bus_arns<'a>(workflow: &'a Workflow, out: &mut Vec<&'a StrLit>) {
    fn walk<'a>(block: &'a Block, out: &mut Vec<&'a StrLit>) {
        for stmt in &block.stmts {
            if let StmtKind::Emit(emit) = &stmt.kind
                && let EventBus::Named(lit) = &emit.bus
                && lit.value.starts_with("arn:")
            {
                out.push(lit);
            }
            for inner in stmt.blocks() {
                walk(inner, out);
            }
        }
    }
    walk(&workflow.body, out);
}

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
//! - an entry (Source, DetailType, Detail, Resources in UTF-8) is less
//!   than 256 KB; what is literal is measured (E0628);
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
/// PutEvents: an entry is less than 256 KB
/// (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html).
const MAX_ENTRY_BYTES: usize = 256 * 1024;

/// The UTF-8 bytes of a string's literal parts (its interpolations may
/// add more, never less).
fn literal_text_bytes(template: &crate::syntax::ast::Template) -> usize {
    template
        .parts
        .iter()
        .map(|part| match part {
            crate::syntax::ast::TemplatePart::Text { text, .. } => text.len(),
            crate::syntax::ast::TemplatePart::Interp(_) => 0,
        })
        .sum()
}

/// The fewest bytes `expr` can take as JSON text: literals measured as
/// serialised (without spaces), anything computed at run time counted as
/// nothing, since JSONata drops a field or an item whose value is
/// undefined. A lower bound, so an entry it finds too large always is.
fn min_json_bytes(expr: &Expr) -> usize {
    let quoted = |text: &str| serde_json::to_string(text).map_or(text.len() + 2, |s| s.len());
    match &expr.kind {
        ExprKind::Null => 4,
        ExprKind::Bool(true) => 4,
        ExprKind::Bool(false) => 5,
        ExprKind::Number(n) => n.raw.len().min(1),
        ExprKind::String(template) => match template.as_plain() {
            Some(text) => quoted(&text),
            None => 2 + literal_text_bytes(template),
        },
        ExprKind::List(items) => {
            let sizes: Vec<usize> = items.iter().map(min_json_bytes).collect();
            2 + sizes.iter().sum::<usize>()
                + sizes.iter().filter(|s| **s > 0).count().saturating_sub(1)
        }
        ExprKind::Object(fields) => {
            let mut total = 2;
            let mut present = 0_usize;
            for (key, value) in fields {
                let value = min_json_bytes(value);
                if value > 0 {
                    total += quoted(&key.name) + 1 + value;
                    present += 1;
                }
            }
            total + present.saturating_sub(1)
        }
        _ => 0,
    }
}

impl<'a> Checker<'a, '_> {
    /// Everything about an `emit` but its binding and handlers; returns the
    /// answer's type (`any` when no `-> T` is given).
    pub(super) fn check_emit(&mut self, emit: &'a Emit) -> Type {
        match &emit.bus {
            EventBus::Named(bus) => {
                if !self.param_in_fixed_text(bus, "an event bus") {
                    check_bus(bus, self.diagnostics);
                }
            }
            EventBus::Ref(name) => match self.items.buses.get_index_of(name.name.as_str()) {
                Some(index) => {
                    if let Some(used) = self.usage.buses.get_mut(index) {
                        *used = true;
                    }
                }
                None => {
                    let help =
                        crate::suggest::did_you_mean(&name.name, self.items.buses.keys().copied());
                    self.diagnostics.push(d::unknown_bus(name, help));
                }
            },
            EventBus::Default(_) => {}
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
        let at_least = [&emit.source, &emit.detail_type]
            .into_iter()
            .map(|e| match &e.kind {
                ExprKind::String(template) => literal_text_bytes(template),
                _ => 0,
            })
            .sum::<usize>()
            + min_json_bytes(&emit.detail);
        if at_least >= MAX_ENTRY_BYTES {
            let start = emit.detail.span.start;
            let at = crate::source::Span {
                start,
                end: start.saturating_add(1),
            };
            self.diagnostics
                .push(d::event_entry_too_large(at, at_least, MAX_ENTRY_BYTES));
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

impl Checker<'_, '_> {
    /// Each `bus` item's name or ARN, checked as `emit "…"` checks it
    /// (duplicates included: each is written in the file).
    pub(super) fn check_bus_items(&mut self, file: &crate::syntax::ast::File) {
        for item in &file.items {
            if let crate::syntax::ast::Item::Bus(bus) = item
                && !self.param_in_fixed_text(&bus.value, "an event bus")
            {
                check_bus(&bus.value, self.diagnostics);
            }
        }
    }
}

/// The bus ARNs the `bus` items name (for E0551).
pub(super) fn bus_item_arns<'a>(file: &'a crate::syntax::ast::File, out: &mut Vec<&'a StrLit>) {
    for item in &file.items {
        if let crate::syntax::ast::Item::Bus(bus) = item
            && bus.value.value.starts_with("arn:")
        {
            out.push(&bus.value);
        }
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

#[cfg(test)]
mod size_tests {
    use crate::diag::Diagnostics;
    use crate::source::SourceFile;

    /// The codes a source with one `emit` of a `size`-character field gets.
    fn codes_for(size: usize) -> Vec<String> {
        let text = format!(
            "workflow w(input: {{ id: string }}) {{\n    emit default \"s\" \"T\" {{ id: input.id, blob: \"{}\" }}\n}}\n",
            "x".repeat(size)
        );
        let file = SourceFile::new("t.sfl", text);
        let mut diagnostics = Diagnostics::new();
        if let Some(ast) = crate::syntax::parse(&file, &mut diagnostics) {
            let _ = crate::check::check_file(&ast, &mut diagnostics);
        }
        diagnostics
            .sorted()
            .iter()
            .map(|d| d.code.as_str().to_owned())
            .collect()
    }

    #[test]
    fn a_literal_detail_is_measured_against_256_kb() {
        // Source (1) + DetailType (1) + `{"blob":"…"}` (11 + size): the
        // computed `id` may be dropped, so it counts nothing.
        let fits = super::MAX_ENTRY_BYTES - 13 - 1;
        assert!(!codes_for(fits).contains(&"E0628".to_owned()));
        assert!(codes_for(fits + 1).contains(&"E0628".to_owned()));
    }
}

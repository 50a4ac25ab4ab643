//! `emit` statements: the bus, the event, `wait` and the options.

use super::clauses::Seen;
use super::{Builder, P, children, span_of};
use crate::source::Span;
use crate::syntax::ast::{CallOptions, Emit, EmitWait, EventBus, Ident, NodeId};
use crate::syntax::diagnostics;
use crate::syntax::parser::Rule;

impl Builder {
    pub(super) fn emit_stmt(&self, pair: P<'_>, binding: Option<Ident>) -> Option<Emit> {
        let mut parts = children(pair);
        let bus = self.emit_bus(parts.next()?)?;
        let source = self.expr(parts.next()?)?;
        let detail_type = self.expr(parts.next()?)?;
        let detail = self.expr(parts.next()?)?;
        let mut wait = None;
        let mut options = CallOptions::default();
        for part in parts {
            match part.as_rule() {
                Rule::emit_wait => wait = Some(self.emit_wait(part)?),
                Rule::call_options => {
                    options = self.call_options(part, super::calls::OptionsOf::Emit)?;
                    self.refuse_http_options(&options);
                }
                _ => return None,
            }
        }
        Some(Emit {
            binding,
            bus,
            source,
            detail_type,
            detail,
            wait,
            options,
            id: NodeId::fresh(),
        })
    }

    fn emit_bus(&self, pair: P<'_>) -> Option<EventBus> {
        let inner = pair.into_inner().next()?;
        let span = span_of(&inner);
        match inner.as_rule() {
            Rule::word if inner.as_str() == "default" => Some(EventBus::Default(span)),
            // Another word names a `bus` item; check resolves it (E0036).
            Rule::word => Some(EventBus::Ref(Ident {
                name: inner.as_str().to_owned(),
                span,
            })),
            _ => self.str_lit(&inner, "an event bus").map(EventBus::Named),
        }
    }

    fn emit_wait(&self, pair: P<'_>) -> Option<EmitWait> {
        let mut parts = pair.into_inner();
        let word = parts.next()?;
        let mut wait = EmitWait {
            timeout: None,
            heartbeat: None,
            answer: None,
            span: span_of(&word),
        };
        let mut seen = Seen::default();
        for part in parts {
            let rule = part.as_rule();
            let name = match rule {
                Rule::workflow_timeout => "timeout",
                Rule::emit_heartbeat => "heartbeat",
                Rule::response_type => {
                    wait.answer = Some(self.type_expr(children(part).next()?)?);
                    continue;
                }
                _ => return None,
            };
            let mut inner = part.into_inner();
            let key = inner.next()?;
            let key_span = span_of(&key);
            if let Some(first) = seen.first(name, key_span) {
                self.report(diagnostics::repeated_clause(key_span, first, name));
                continue;
            }
            let value = self.duration(&inner.next()?);
            match rule {
                Rule::workflow_timeout => wait.timeout = value,
                _ => wait.heartbeat = value,
            }
        }
        Some(wait)
    }

    /// An `emit` takes `retry`, `catch` and `name`; the HTTP options mean
    /// nothing to EventBridge (E0035), and its time limits go on `wait`.
    fn refuse_http_options(&self, options: &CallOptions) {
        let spans: [(&str, Option<Span>); 5] = [
            ("query", options.query.as_ref().map(|e| e.span)),
            ("headers", options.headers.as_ref().map(|e| e.span)),
            ("body", options.body.as_ref().map(|e| e.span)),
            ("encoding", options.encoding.map(|e| e.span)),
            ("timeout", options.timeout.map(|d| d.span)),
        ];
        for (name, span) in spans {
            if let Some(span) = span {
                self.report(diagnostics::emit_http_option(span, name));
            }
        }
    }
}

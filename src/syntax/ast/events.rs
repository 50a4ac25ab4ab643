//! `emit`: an EventBridge event, optionally waiting for a task token.

use super::{CallOptions, Duration, Expr, Ident, NodeId, StrLit, TypeExpr};
use crate::source::Span;

/// `[let x =] emit BUS SOURCE DETAIL_TYPE DETAIL [wait …] [{ options }]`
#[derive(Debug, Clone, PartialEq)]
pub struct Emit {
    /// `let x =`: the answer of a `wait`.
    pub binding: Option<Ident>,
    /// The event bus.
    pub bus: EventBus,
    /// `Source` (a string expression).
    pub source: Expr,
    /// `DetailType` (a string expression).
    pub detail_type: Expr,
    /// `Detail` (a record expression).
    pub detail: Expr,
    /// `wait …`: the state waits for the task token to come back.
    pub wait: Option<EmitWait>,
    /// The `{ options }` block: `retry`, `catch` and `name` (the builder
    /// reports the other call options).
    pub options: CallOptions,
    /// The key of this statement in later stages' side tables.
    pub id: NodeId,
}

/// Which bus an `emit` publishes to.
#[derive(Debug, Clone, PartialEq)]
pub enum EventBus {
    /// `default`: the account's default bus.
    Default(Span),
    /// `"name"` or `"arn:…:event-bus/name"`.
    Named(StrLit),
    /// A bare word naming a `bus` item (check resolves it; E0036 when no
    /// `bus` has that name).
    Ref(Ident),
}

impl EventBus {
    /// Where the bus was written.
    pub fn span(&self) -> Span {
        match self {
            EventBus::Default(span) => *span,
            EventBus::Named(lit) => lit.span,
            EventBus::Ref(name) => name.span,
        }
    }
}

/// `wait [timeout D] [heartbeat D] [-> T]`
#[derive(Debug, Clone, PartialEq)]
pub struct EmitWait {
    /// `timeout D` → `TimeoutSeconds`.
    pub timeout: Option<Duration>,
    /// `heartbeat D` → `HeartbeatSeconds`.
    pub heartbeat: Option<Duration>,
    /// `-> T`: the type of the answer the receiver sends back.
    pub answer: Option<TypeExpr>,
    /// The word `wait`.
    pub span: Span,
}

/// `bus name = "name-or-arn"`: an event bus several `emit`s share by name.
#[derive(Debug, Clone, PartialEq)]
pub struct BusDef {
    /// Doc comment.
    pub doc: Option<super::Doc>,
    /// The name `emit` refers to it by.
    pub name: Ident,
    /// The bus's name or ARN, as `emit "…"` would take it.
    pub value: StrLit,
    /// The whole item.
    pub span: Span,
}

impl super::File {
    /// The first `bus` item named `name`.
    pub fn bus(&self, name: &str) -> Option<&BusDef> {
        self.items.iter().find_map(|item| match item {
            super::Item::Bus(bus) if bus.name.name == name => Some(bus),
            _ => None,
        })
    }
}

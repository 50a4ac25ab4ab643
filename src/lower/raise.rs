//! Part of stage 3, lower: `fail`.
//!
//! A Fail state ends the machine it is in, and ASL has no `Catch` on a Fail
//! state, so an error raised by one can only be caught where a whole
//! machine fails: on the Parallel or Map state around it. A `fail` inside a
//! `try` of the *same* machine is therefore decided here, at compile time,
//! the way ASL would match the error against the handlers: the innermost
//! `try` first, each `try`'s catches in order.
//!
//! - A constant error name: the first handler that matches it (by name, or
//!   `any`/`TaskFailed`, which match every raised name) gets a Pass state
//!   that binds its `as e` and goes to it. No handler: a Fail state.
//! - An interpolated error name: a Choice on the computed name over the
//!   handlers that name errors, each behind such a Pass state; what none of
//!   them names goes to the first catch-all handler, or else to a Fail state.
//!
//! Inside a `parallel` branch or `for` body the catch stack is empty (a
//! branch cannot jump out of its machine): there `fail` is a Fail state,
//! and the Parallel/Map state's `Catch` carries the handlers.

use serde_json::{Value, json};

use super::diagnostics::Internal;
use super::jsonata::plain_string;
use super::names;
use super::{Flow, Lowerer, Slot, States, insert, state};
use crate::aws;
use crate::graph::{ChoiceRule, RuleSource, StateKind};
use crate::source::Span;
use crate::syntax::ast::{Template, TemplatePart};

/// Where a handler is: its `try` in the catch stack, and its place among
/// that `try`'s catches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct HandlerAt {
    frame: usize,
    index: usize,
}

/// The handlers an interpolated error name may reach.
#[derive(Debug, Default)]
struct Candidates<'h> {
    /// Handlers that match by name, innermost first, each with the names
    /// it is the first to match.
    named: Vec<(HandlerAt, Vec<&'h str>)>,
    /// The first handler that matches every name, if any.
    catch_all: Option<HandlerAt>,
}

/// The statement being lowered: `fail error [cause]`.
#[derive(Clone, Copy)]
struct Raise<'t> {
    error: &'t Template,
    cause: Option<&'t Template>,
    span: Span,
}

impl<'a> Lowerer<'a> {
    /// Lowers `fail error [cause]`. It never continues to the next
    /// statement: control goes to a handler or the machine fails.
    pub(super) fn fail(
        &mut self,
        states: &mut States,
        span: Span,
        error: &'a Template,
        cause: Option<&'a Template>,
    ) -> Result<Flow, Internal> {
        let raise = Raise { error, cause, span };
        let name = self.names.fresh(&names::fail(error));
        match error.as_plain() {
            Some(plain) => match self.first_handler_for(&plain) {
                Some(at) => self.jump(states, &name, raise, at)?,
                None => self.fail_state(states, &name, raise)?,
            },
            None => self.dispatch(states, &name, raise)?,
        }
        Ok(Flow::terminal(name))
    }

    /// The guard in front of a call whose path interpolates values that
    /// may be missing, `null`, `""`, `.` or `..`: a Choice named `guard`
    /// that goes on to `call` when `bad` is false and otherwise raises
    /// [`aws::INVALID_PATH_VALUE`] like `fail` would, the call's own
    /// handlers (`own`) first, then the enclosing `try`s. Returns the
    /// Choice's name, the call's new entry.
    pub(super) fn path_guard(
        &mut self,
        states: &mut States,
        guard: &str,
        call: &str,
        bad: Value,
        own: &mut Vec<super::retry::Handler<'a>>,
        span: Span,
    ) -> Result<(), Internal> {
        let error = Template {
            parts: vec![TemplatePart::Text {
                text: aws::INVALID_PATH_VALUE.to_owned(),
                span,
            }],
            span,
        };
        let cause = Template {
            parts: vec![TemplatePart::Text {
                text: INVALID_PATH_CAUSE.to_owned(),
                span,
            }],
            span,
        };
        let raise = Raise {
            error: &error,
            cause: Some(&cause),
            span,
        };
        let target = self.names.fresh(&names::fail(&error));
        let choice = StateKind::Choice {
            choices: vec![ChoiceRule {
                condition: bad,
                next: target.clone(),
                source: RuleSource::PathCheck,
            }],
            default: Some(call.to_owned()),
        };
        insert(states, guard, state(choice, span))?;
        // The call's own catches come before the `try`s around it, so for
        // the moment they are the innermost frame.
        self.catch_stack.push(std::mem::take(own));
        let routed = match self.first_handler_for(aws::INVALID_PATH_VALUE) {
            Some(at) => self.jump(states, &target, raise, at),
            None => self.fail_state(states, &target, raise),
        };
        *own = self.catch_stack.pop().unwrap_or_default();
        routed
    }

    /// The handler a constant error name reaches.
    fn first_handler_for(&self, error: &str) -> Option<HandlerAt> {
        self.handlers_innermost_first()
            .find(|(_, handler)| handler.catches_raised(error))
            .map(|(at, _)| at)
    }

    /// The handlers of the enclosing `try`s in the order ASL would try
    /// them: innermost `try` first, each `try`'s catches in order.
    fn handlers_innermost_first(
        &self,
    ) -> impl Iterator<Item = (HandlerAt, &super::retry::Handler<'a>)> {
        self.catch_stack
            .iter()
            .enumerate()
            .rev()
            .flat_map(|(frame, handlers)| {
                handlers
                    .iter()
                    .enumerate()
                    .map(move |(index, handler)| (HandlerAt { frame, index }, handler))
            })
    }

    /// A Pass state named `name` that binds the handler's `as e` to
    /// `{ error, cause }` (what a caught call failure gives it) and goes to
    /// the handler.
    fn jump(
        &mut self,
        states: &mut States,
        name: &str,
        raise: Raise<'_>,
        at: HandlerAt,
    ) -> Result<(), Internal> {
        let handler = self
            .catch_stack
            .get(at.frame)
            .and_then(|frame| frame.get(at.index))
            .ok_or_else(|| Internal::new(raise.span, "a `fail` reaches a handler that is gone"))?;
        let mut pass = state(StateKind::Pass, raise.span);
        if let Some(binding) = handler.binding() {
            pass.assign
                .insert(self.var(binding), self.caught_value(raise)?);
        }
        insert(states, name, pass)?;
        if let Some(handler) = self
            .catch_stack
            .get_mut(at.frame)
            .and_then(|frame| frame.get_mut(at.index))
        {
            handler.route(Slot::Next(name.to_owned()));
        }
        Ok(())
    }

    /// `{ error, cause }` for the handler's variable. A `fail` without a
    /// cause gives `""`, so `e.cause` is always a string as its type says.
    fn caught_value(&self, raise: Raise<'_>) -> Result<Value, Internal> {
        let cause = match raise.cause {
            Some(cause) => self.js.template(cause)?,
            None => plain_string(""),
        };
        Ok(json!({
            "error": self.js.template(raise.error)?,
            "cause": cause,
        }))
    }

    /// The Fail state: nothing in this machine catches the error.
    fn fail_state(
        &mut self,
        states: &mut States,
        name: &str,
        raise: Raise<'_>,
    ) -> Result<(), Internal> {
        let kind = StateKind::Fail {
            error: Some(self.js.template(raise.error)?),
            cause: raise.cause.map(|c| self.js.template(c)).transpose()?,
        };
        insert(states, name, state(kind, raise.span))
    }

    /// An interpolated error name: a Choice named `name` on the computed
    /// name, one rule per handler that names errors, the rest to the first
    /// catch-all handler or to a Fail state.
    fn dispatch(
        &mut self,
        states: &mut States,
        name: &str,
        raise: Raise<'a>,
    ) -> Result<(), Internal> {
        let candidates = self.candidates(raise.error);
        let catch_all = candidates.catch_all;
        let named: Vec<(HandlerAt, Vec<String>)> = candidates
            .named
            .into_iter()
            .map(|(at, errors)| (at, errors.into_iter().map(str::to_owned).collect()))
            .collect();
        if named.is_empty() {
            return match catch_all {
                Some(at) => self.jump(states, name, raise, at),
                None => self.fail_state(states, name, raise),
            };
        }
        // The Choice goes in first, so the definition reads in the order
        // control takes; its targets follow.
        let mut choices = Vec::with_capacity(named.len());
        let mut targets = Vec::with_capacity(named.len());
        for (at, errors) in &named {
            let target = self.names.fresh(&names::catch_pass(errors));
            let wanted: Vec<&str> = errors.iter().map(String::as_str).collect();
            choices.push(ChoiceRule {
                condition: self.js.template_is_one_of(raise.error, &wanted)?,
                next: target.clone(),
                source: RuleSource::ErrorIs(errors.clone()),
            });
            targets.push((target, *at));
        }
        let default = match catch_all {
            Some(_) => self.names.fresh(&names::catch_pass(&["any".to_owned()])),
            None => self.names.fresh(&names::uncaught(raise.error)),
        };
        let choice = StateKind::Choice {
            choices,
            default: Some(default.clone()),
        };
        insert(states, name, state(choice, raise.span))?;
        for (target, at) in targets {
            self.jump(states, &target, raise, at)?;
        }
        match catch_all {
            Some(at) => self.jump(states, &default, raise, at),
            None => self.fail_state(states, &default, raise),
        }
    }

    /// The handlers an interpolated name may reach, in matching order. A
    /// name matched by an earlier handler is left out of later ones, as is
    /// a name the template's fixed start or end rules out, and nothing
    /// after the first catch-all handler can be reached.
    fn candidates(&self, error: &Template) -> Candidates<'_> {
        let mut out = Candidates::default();
        let mut seen = std::collections::HashSet::new();
        for (at, handler) in self.handlers_innermost_first() {
            if handler.catches_every_raised() {
                out.catch_all = Some(at);
                break;
            }
            let fresh: Vec<&str> = handler
                .raised_names()
                .filter(|name| could_spell(error, name) && seen.insert(*name))
                .collect();
            if !fresh.is_empty() {
                out.named.push((at, fresh));
            }
        }
        out
    }
}

/// Whether the template could evaluate to `name`: its fixed text at the
/// start and at the end must fit (`"Blocked{reason}"` can never be
/// `"Invalid"`).
fn could_spell(template: &Template, name: &str) -> bool {
    let prefix = fixed_text(template.parts.first());
    let suffix = fixed_text(template.parts.last());
    name.len() >= prefix.len() + suffix.len() && name.starts_with(prefix) && name.ends_with(suffix)
}

fn fixed_text(part: Option<&TemplatePart>) -> &str {
    match part {
        Some(TemplatePart::Text { text, .. }) => text,
        _ => "",
    }
}

/// The cause of [`aws::INVALID_PATH_VALUE`].
const INVALID_PATH_CAUSE: &str =
    "a value interpolated into the request path is missing, null, empty, '.' or '..'";

#[cfg(test)]
#[path = "raise_tests.rs"]
mod tests;

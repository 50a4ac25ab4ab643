//! Part of stage 3, lower: fewer states for the same behaviour.
//!
//! Step Functions bills and records every state entered, so lowering
//! avoids states that only move data, within what ASL's evaluation order
//! allows (aws.md §2 "Variables": all `Assign` and `Output` expressions of a
//! state see the variables as they were when the state was entered, and a
//! Task's `Assign` runs only when the task succeeds):
//!
//! - a `let`/`set` right after a Pass, Task, Parallel or Map (reached only
//!   by its `Next`) joins that state's `Assign`, unless it reads a variable
//!   that state assigns. A variable the state binds from its own result
//!   (a call's response, a `parallel`/`for` result, a loop item) is read as
//!   that result instead (`set s = r.body.status` after `let r = GET …`
//!   becomes `s: $states.result.ResponseBody.status` on the Task);
//! - a `return`/`succeed` right after such a state becomes that state's
//!   `Output` and `End`;
//! - a `for` body that starts with a call binds the loop item on that Task
//!   (`$states.input` is the item there), with no Pass in front;
//! - after the machine is built, a Choice whose `Default` is another Choice
//!   takes over that Choice's rules (conditions are evaluated in the same
//!   order, with nothing between them), a rule leading to a Choice with
//!   one rule (a path test) is split into the conjunction and the rest,
//!   identical final states (and
//!   identical Pass states going to the same place) become one, a Pass
//!   before a Choice that only it reaches becomes that Choice's `Assign`
//!   when the conditions do not read what it assigns, and states no longer
//!   reached are dropped.
//!
//! A fold into a state that retries or catches `States.ALL`,
//! `States.TaskFailed` or `States.QueryEvaluationError` is not made: an
//! expression that fails there could retry the call or reach a handler,
//! where on a state of its own it fails the execution.

use std::collections::{HashMap, HashSet};

use super::diagnostics::Internal;
use super::jsonata::ast::Node;
use super::jsonata::{self, null_output};
use super::{Lowerer, States};
use crate::graph::{
    Catcher, ChoiceRule, Machine, Retrier, RuleSource, State, StateKind, Transition,
};
use crate::syntax::ast::{Expr, ExprKind, Ident, Stmt, StmtKind, TemplatePart};

/// What became of a statement offered to the state before it.
pub(super) enum Folded {
    /// Nothing: the statement gets its own states.
    No,
    /// It is part of that state now; control goes on after it.
    Continues,
    /// It ended the machine there (`return`, `succeed`).
    Ends,
}

impl<'a> Lowerer<'a> {
    /// Offers `stmt` to `prev`, the state whose `Next` would lead to it.
    pub(super) fn fold(
        &mut self,
        states: &mut States,
        prev: &str,
        stmt: &'a Stmt,
    ) -> Result<Folded, Internal> {
        if stmt.doc.is_some() {
            // The doc comment needs a state of its own to sit on.
            return Ok(Folded::No);
        }
        match &stmt.kind {
            StmtKind::Let { name, value } | StmtKind::Set { name, value } => {
                self.fold_assign(states, prev, name, value)
            }
            StmtKind::Return(expr) => self.fold_end(states, prev, Some(expr)),
            StmtKind::Succeed => self.fold_end(states, prev, None),
            _ => Ok(Folded::No),
        }
    }

    fn fold_assign(
        &mut self,
        states: &mut States,
        prev: &str,
        name: &Ident,
        value: &Expr,
    ) -> Result<Folded, Internal> {
        let target = self.var(name);
        let bound = self.bound.get(prev).cloned().unwrap_or_default();
        match states.get(prev) {
            Some(state)
                if accepts_fold(state)
                    && !state.assign.contains_key(&target)
                    && self.reads_only_before(state, &bound, value) => {}
            _ => return Ok(Folded::No),
        }
        let lowered = self.with_bound(&bound, |js| js.value(value))?;
        if let Some(state) = states.get_mut(prev) {
            state.assign.insert(target, lowered);
        }
        Ok(Folded::Continues)
    }

    fn fold_end(
        &mut self,
        states: &mut States,
        prev: &str,
        value: Option<&Expr>,
    ) -> Result<Folded, Internal> {
        let bound = self.bound.get(prev).cloned().unwrap_or_default();
        match states.get(prev) {
            Some(state)
                if accepts_fold(state)
                    && state.output.is_none()
                    && value.is_none_or(|v| self.reads_only_before(state, &bound, v)) => {}
            _ => return Ok(Folded::No),
        }
        let output = match value {
            Some(value) => self.with_bound(&bound, |js| js.output(value))?,
            None => null_output(),
        };
        if let Some(state) = states.get_mut(prev) {
            state.output = Some(output);
            state.transition = Some(Transition::End);
        }
        Ok(Folded::Ends)
    }

    /// Records that `state` assigns `var` from its own result, which a
    /// statement folded into it reads as `value`.
    pub(super) fn bind(&mut self, state: &str, var: String, value: Node) {
        self.bound
            .entry(state.to_owned())
            .or_default()
            .push((var, value));
    }

    /// Whether `value` reads no variable that `state` assigns, other than
    /// the ones it binds from its result (`bound`).
    fn reads_only_before(&self, state: &State, bound: &[(String, Node)], value: &Expr) -> bool {
        let mut names = Vec::new();
        reads(value, &mut names);
        names.iter().all(|name| {
            let asl = self.vars.asl(&name.name);
            !state.assign.contains_key(asl) || bound.iter().any(|(var, _)| var == asl)
        })
    }

    /// Runs `lower` with the variables of `bound` read as their values.
    pub(super) fn with_bound<T>(
        &mut self,
        bound: &[(String, Node)],
        lower: impl FnOnce(&jsonata::Jsonata<'a>) -> Result<T, Internal>,
    ) -> Result<T, Internal> {
        let before = self.overrides.borrow().len();
        self.overrides.borrow_mut().extend(bound.iter().cloned());
        let result = lower(&self.js);
        self.overrides.borrow_mut().truncate(before);
        result
    }

    /// Lowers a `for` body's first statement (see [`Lowerer::binds_item`])
    /// reading the loop variable `var` as the state's input, and has its
    /// state assign `var` for the statements after it.
    pub(super) fn first_binding_item(
        &mut self,
        states: &mut States,
        first: &'a Stmt,
        var: String,
        item: Node,
    ) -> Result<super::Flow, Internal> {
        let before = self.overrides.borrow().len();
        self.overrides
            .borrow_mut()
            .push((var.clone(), item.clone()));
        let flow = self.stmt(states, first);
        self.overrides.borrow_mut().truncate(before);
        let flow = flow?;
        let entry = flow.entry.as_deref().and_then(|e| states.get_mut(e));
        let Some(state) = entry else {
            return Err(Internal::new(
                first.span,
                "the loop's first call made no state",
            ));
        };
        state
            .assign
            .insert(var.clone(), jsonata::template_of(&item));
        if let Some(entry) = flow.entry.clone() {
            self.bind(&entry, var, item);
        }
        Ok(flow)
    }

    /// Whether a `for` body's first statement can bind the loop item
    /// itself: a call without handlers of its own and without a path test
    /// in front, so the item is its state's input.
    pub(super) fn binds_item(&self, first: &Stmt) -> Result<bool, Internal> {
        let StmtKind::Http(call) = &first.kind else {
            return Ok(false);
        };
        Ok(call.options.catches.is_empty() && self.js.bad_path_value(&call.path)?.is_none())
    }
}

/// Whether a statement may join `state`: a Pass, or a Task, Parallel or Map
/// on which a failing expression could not be retried or caught.
fn accepts_fold(state: &State) -> bool {
    if state.transition.is_some() {
        return false;
    }
    match &state.kind {
        StateKind::Pass => true,
        StateKind::Http(task) => !handles_evaluation_errors(&task.retry, &task.catch),
        StateKind::Events(task) => !handles_evaluation_errors(&task.retry, &task.catch),
        StateKind::Run(task) => !handles_evaluation_errors(&task.retry, &task.catch),
        StateKind::Parallel { retry, catch, .. } | StateKind::Map { retry, catch, .. } => {
            !handles_evaluation_errors(retry, catch)
        }
        StateKind::Choice { .. }
        | StateKind::Wait(_)
        | StateKind::Fail { .. }
        | StateKind::Succeed => false,
    }
}

fn handles_evaluation_errors(retry: &[Retrier], catch: &[Catcher]) -> bool {
    let names = retry
        .iter()
        .flat_map(|r| &r.error_equals)
        .chain(catch.iter().flat_map(|c| &c.error_equals));
    names.into_iter().any(|name| {
        matches!(
            name.as_str(),
            "States.ALL" | "States.TaskFailed" | "States.QueryEvaluationError"
        )
    })
}

/// The variables an expression reads.
fn reads<'e>(expr: &'e Expr, out: &mut Vec<&'e Ident>) {
    match &expr.kind {
        ExprKind::Var(name) => out.push(name),
        ExprKind::String(template) => {
            for part in &template.parts {
                if let TemplatePart::Interp(inner) = part {
                    reads(inner, out);
                }
            }
        }
        ExprKind::List(items) | ExprKind::Call { args: items, .. } => {
            for item in items {
                reads(item, out);
            }
        }
        ExprKind::Object(entries) => {
            for (_, value) in entries {
                reads(value, out);
            }
        }
        ExprKind::Field { base, .. } => reads(base, out),
        ExprKind::Index { base, index } => {
            reads(base, out);
            reads(index, out);
        }
        ExprKind::Unary { expr, .. } => reads(expr, out),
        // The element variable is the comprehension's own; counting it as a
        // read of an outer variable of the same name only forbids a fold.
        ExprKind::Comprehension(comprehension) => {
            reads(&comprehension.list, out);
            reads(&comprehension.item, out);
            if let Some(filter) = &comprehension.filter {
                reads(filter, out);
            }
        }
        ExprKind::Binary { lhs, rhs, .. } => {
            reads(lhs, out);
            reads(rhs, out);
        }
        ExprKind::Null | ExprKind::Bool(_) | ExprKind::Number(_) => {}
    }
}

/// The most rules a Choice gets from the Choices it takes over.
const MAX_FUSED_RULES: usize = 32;

/// The whole-machine steps, on `machine` and every machine inside it.
pub(super) fn economise(machine: &mut Machine) {
    for state in machine.states.values_mut() {
        match &mut state.kind {
            StateKind::Parallel { branches, .. } => branches.iter_mut().for_each(economise),
            StateKind::Map { processor, .. } => economise(processor),
            _ => {}
        }
    }
    fuse_choices(machine);
    fuse_rule_targets(machine);
    merge_duplicates(machine);
    passes_into_choices(machine);
    drop_unreached(machine);
}

/// A Pass that only assigns, followed by a Choice that nothing else
/// reaches and whose conditions do not read what the Pass assigns, becomes
/// that Choice's `Assign` (applied whichever way the Choice goes, after its
/// conditions are tested, which see the values from before).
fn passes_into_choices(machine: &mut Machine) {
    let passes: Vec<(String, String)> = machine
        .states
        .iter()
        .filter_map(|(name, state)| match (&state.kind, &state.transition) {
            (StateKind::Pass, Some(Transition::Next(next)))
                if state.output.is_none() && state.comment.is_none() =>
            {
                Some((name.clone(), next.clone()))
            }
            _ => None,
        })
        .collect();
    let mut entries: HashMap<String, usize> = HashMap::new();
    for next in machine.states.values().flat_map(successors) {
        *entries.entry(next).or_default() += 1;
    }
    let mut renames = HashMap::new();
    for (pass, choice) in passes {
        let reached_once = machine.start_at != choice && entries.get(&choice) == Some(&1);
        if !reached_once || !takes_assign_of(machine, &pass, &choice) {
            continue;
        }
        let moved = machine
            .states
            .get_mut(&pass)
            .map(|p| std::mem::take(&mut p.assign))
            .unwrap_or_default();
        if let Some(target) = machine.states.get_mut(&choice) {
            target.assign = moved;
        }
        renames.insert(pass, choice);
    }
    if !renames.is_empty() {
        machine.states.retain(|name, _| !renames.contains_key(name));
        retarget(machine, &renames);
    }
}

/// Whether the Choice `choice`, reached only from the Pass `pass`, can
/// assign what the Pass assigns instead.
fn takes_assign_of(machine: &Machine, pass: &str, choice: &str) -> bool {
    let (Some(from), Some(to)) = (machine.states.get(pass), machine.states.get(choice)) else {
        return false;
    };
    let StateKind::Choice { choices, .. } = &to.kind else {
        return false;
    };
    let reads_assigned = choices.iter().any(|rule| {
        let condition = rule.condition.as_str().unwrap_or_default();
        from.assign.keys().any(|var| mentions(condition, var))
    });
    to.assign.is_empty() && to.output.is_none() && !reads_assigned
}

/// Whether JSONata text reads the variable `$var`.
fn mentions(text: &str, var: &str) -> bool {
    let needle = format!("${var}");
    text.match_indices(&needle).any(|(at, _)| {
        !text
            .get(at + needle.len()..)
            .and_then(|rest| rest.chars().next())
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

/// A Choice whose `Default` is another Choice (with nothing to assign)
/// takes over its rules and its `Default`.
fn fuse_choices(machine: &mut Machine) {
    let names: Vec<String> = machine.states.keys().cloned().collect();
    for name in names {
        let mut seen = HashSet::from([name.clone()]);
        while let Some(next) = choice_default(machine, &name) {
            let Some((rules, default)) = plain_choice(machine, &next) else {
                break;
            };
            if !seen.insert(next) {
                break;
            }
            let Some(StateKind::Choice {
                choices,
                default: own,
            }) = machine.states.get_mut(&name).map(|s| &mut s.kind)
            else {
                break;
            };
            if choices.len() + rules.len() > MAX_FUSED_RULES {
                break;
            }
            choices.extend(rules);
            *own = default;
        }
    }
}

/// A Choice rule that leads to a Choice with one rule of its own (a call's
/// path test, a loop's test) becomes two: both conditions to that rule's
/// target, and its own condition to that Choice's `Default`. The first
/// condition is then evaluated up to twice, so only conditions that give
/// the same value each time (no clock, no random value) are fused.
fn fuse_rule_targets(machine: &mut Machine) {
    let names: Vec<String> = machine.states.keys().cloned().collect();
    for name in names {
        let Some(StateKind::Choice { choices, .. }) = machine.states.get(&name).map(|s| &s.kind)
        else {
            continue;
        };
        let mut fused = Vec::with_capacity(choices.len());
        for rule in choices {
            match split_rule(machine, &name, rule) {
                Some(pair) if fused.len() + 2 <= MAX_FUSED_RULES => fused.extend(pair),
                _ => fused.push(rule.clone()),
            }
        }
        if let Some(StateKind::Choice { choices, .. }) =
            machine.states.get_mut(&name).map(|s| &mut s.kind)
        {
            *choices = fused;
        }
    }
}

/// The two rules that replace `rule` of the Choice `owner`, when it leads to
/// another Choice with a single rule.
fn split_rule(machine: &Machine, owner: &str, rule: &ChoiceRule) -> Option<[ChoiceRule; 2]> {
    if rule.next == owner {
        return None;
    }
    let (rules, default) = plain_choice(machine, &rule.next)?;
    let ([inner], Some(default)) = (rules.as_slice(), default) else {
        return None;
    };
    let text = rule.condition.as_str()?;
    let changes = ["$now(", "$millis(", "$uuid(", "$random("];
    if changes.iter().any(|call| text.contains(call)) {
        return None;
    }
    Some([
        ChoiceRule {
            condition: jsonata::both(&rule.condition, &inner.condition)?,
            next: inner.next.clone(),
            source: RuleSource::Both(
                Box::new(rule.source.clone()),
                Box::new(inner.source.clone()),
            ),
        },
        ChoiceRule {
            condition: rule.condition.clone(),
            next: default,
            source: rule.source.clone(),
        },
    ])
}

fn choice_default(machine: &Machine, name: &str) -> Option<String> {
    match &machine.states.get(name)?.kind {
        StateKind::Choice { default, .. } => default.clone(),
        _ => None,
    }
}

/// The rules and `Default` of a Choice that does nothing else.
fn plain_choice(machine: &Machine, name: &str) -> Option<(Vec<ChoiceRule>, Option<String>)> {
    let state = machine.states.get(name)?;
    match &state.kind {
        StateKind::Choice { choices, default }
            if state.assign.is_empty() && state.output.is_none() =>
        {
            Some((choices.clone(), default.clone()))
        }
        _ => None,
    }
}

/// Final states (Succeed, Fail) that are the same in all but name, and Pass
/// states that are the same and go to the same place, become the first of
/// them. Repeated, since a merge can make the states before it the same.
fn merge_duplicates(machine: &mut Machine) {
    loop {
        let mut first_of: HashMap<String, String> = HashMap::new();
        let mut renames: HashMap<String, String> = HashMap::new();
        for (name, state) in &machine.states {
            if !mergeable(state) {
                continue;
            }
            let key = fingerprint(state);
            match first_of.get(&key) {
                Some(first) => {
                    renames.insert(name.clone(), first.clone());
                }
                None => {
                    first_of.insert(key, name.clone());
                }
            }
        }
        if renames.is_empty() {
            return;
        }
        machine.states.retain(|name, _| !renames.contains_key(name));
        retarget(machine, &renames);
    }
}

fn mergeable(state: &State) -> bool {
    matches!(
        state.kind,
        StateKind::Succeed | StateKind::Fail { .. } | StateKind::Pass
    )
}

/// Everything about a state but its name and source span.
fn fingerprint(state: &State) -> String {
    format!(
        "{:?}|{:?}|{:?}|{:?}|{:?}",
        state.kind, state.transition, state.assign, state.output, state.comment
    )
}

/// Points every transition named in `renames` at its new name.
fn retarget(machine: &mut Machine, renames: &HashMap<String, String>) {
    let rename = |target: &mut String| {
        if let Some(new) = renames.get(target.as_str()) {
            target.clone_from(new);
        }
    };
    if let Some(new) = renames.get(&machine.start_at) {
        machine.start_at.clone_from(new);
    }
    for state in machine.states.values_mut() {
        if let Some(Transition::Next(next)) = &mut state.transition {
            rename(next);
        }
        match &mut state.kind {
            StateKind::Choice { choices, default } => {
                choices.iter_mut().for_each(|rule| rename(&mut rule.next));
                if let Some(default) = default {
                    rename(default);
                }
            }
            StateKind::Http(task) => task.catch.iter_mut().for_each(|c| rename(&mut c.next)),
            StateKind::Events(task) => task.catch.iter_mut().for_each(|c| rename(&mut c.next)),
            StateKind::Run(task) => task.catch.iter_mut().for_each(|c| rename(&mut c.next)),
            StateKind::Parallel { catch, .. } | StateKind::Map { catch, .. } => {
                catch.iter_mut().for_each(|c| rename(&mut c.next));
            }
            StateKind::Pass | StateKind::Wait(_) | StateKind::Fail { .. } | StateKind::Succeed => {}
        }
    }
}

/// Removes the states no transition reaches any more.
fn drop_unreached(machine: &mut Machine) {
    let mut reached = HashSet::new();
    let mut todo = vec![machine.start_at.clone()];
    while let Some(name) = todo.pop() {
        if !reached.insert(name.clone()) {
            continue;
        }
        let Some(state) = machine.states.get(&name) else {
            continue;
        };
        todo.extend(successors(state));
    }
    machine.states.retain(|name, _| reached.contains(name));
}

fn successors(state: &State) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(Transition::Next(next)) = &state.transition {
        out.push(next.clone());
    }
    match &state.kind {
        StateKind::Choice { choices, default } => {
            out.extend(choices.iter().map(|rule| rule.next.clone()));
            out.extend(default.iter().cloned());
        }
        StateKind::Http(task) => out.extend(task.catch.iter().map(|c| c.next.clone())),
        StateKind::Events(task) => out.extend(task.catch.iter().map(|c| c.next.clone())),
        StateKind::Run(task) => out.extend(task.catch.iter().map(|c| c.next.clone())),
        StateKind::Parallel { catch, .. } | StateKind::Map { catch, .. } => {
            out.extend(catch.iter().map(|c| c.next.clone()));
        }
        StateKind::Pass | StateKind::Wait(_) | StateKind::Fail { .. } | StateKind::Succeed => {}
    }
    out
}

#[cfg(test)]
#[path = "economy_tests.rs"]
mod tests;

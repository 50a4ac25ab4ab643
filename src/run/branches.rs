//! Parallel and Map: each branch or iteration is a machine of its own, run
//! on its own copy of the variables and its own clock, starting when Step
//! Functions would start it (every branch at the Parallel's start, an
//! iteration when one of the Map's concurrency slots is free).
//!
//! They run one after the other here, so mocks answer them in branch (or
//! index) order, but the outcome is the concurrent one: when any of them
//! stops (an error, a timeout, a runner error), the one that stops EARLIEST
//! on the virtual clock decides the state's failure (ties: the lowest branch
//! or item index), and what the others did after that instant is dropped
//! from the calls, states and trace, since Step Functions stops them then.
//! What they did at or before it stays. An error then meets the state's own
//! Retry and Catch; a timeout or a runner error ends the run.

use std::collections::HashMap;

use indexmap::IndexMap;
use jsonata_core::value::JValue;
use serde_json::Value;

use super::TraceEvent;
use super::jsonata::Vars;
use super::machine::{Halt, INLINE_MAP_CONCURRENCY, QUERY_ERROR, Runner, Stop};
use crate::aws::DISTRIBUTED_MAP_MAX_CONCURRENCY;

/// How far the runner's records reached when a Parallel or Map began.
struct Mark {
    states: usize,
    calls: usize,
    trace: usize,
    served: HashMap<String, usize>,
}

/// The first stop among branches: keeps the earliest, and the lowest index
/// on a tie (branches are offered in index order, so a later equal time
/// never replaces it).
#[derive(Default)]
struct FirstStop(Option<Halt>);

impl FirstStop {
    fn offer(&mut self, halt: Halt) {
        match &self.0 {
            Some((_, at)) if *at <= halt.1 => {}
            _ => self.0 = Some(halt),
        }
    }

    fn time(&self) -> Option<f64> {
        self.0.as_ref().map(|(_, at)| *at)
    }
}

impl Runner<'_> {
    pub(super) fn parallel(
        &mut self,
        name: &str,
        state: &Value,
        input: &JValue,
        vars: &Vars,
        clock: f64,
    ) -> Result<(JValue, f64), Halt> {
        let branch_input = match state.get("Arguments") {
            Some(arguments) => {
                let states = self.states_var(name, input, clock, &[]);
                self.js
                    .template(arguments, vars, &states)
                    .map_err(|e| (e.into(), clock))?
            }
            None => input.clone(),
        };
        let branches = state
            .get("Branches")
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice);
        let mark = self.mark();
        let mut first = FirstStop::default();
        let mut outputs = Vec::with_capacity(branches.len());
        let mut end = clock;
        for branch in branches {
            // A branch reads the outer variables; what it assigns stays in it.
            let mut scope = vars.clone();
            match self.machine(branch, branch_input.clone(), &mut scope, clock) {
                Ok((output, finished)) => {
                    outputs.push(output);
                    end = end.max(finished);
                }
                Err(halt) => first.offer(halt),
            }
        }
        if let Some(halt) = first.0 {
            self.drop_after(&mark, halt.1);
            return Err(halt);
        }
        self.count_events(2, end)?;
        Ok((JValue::array(outputs), end))
    }

    pub(super) fn map(
        &mut self,
        name: &str,
        state: &Value,
        input: &JValue,
        vars: &Vars,
        clock: f64,
    ) -> Result<(JValue, f64), Halt> {
        let states = self.states_var(name, input, clock, &[]);
        let items = match state.get("Items") {
            Some(field) => self
                .js
                .template(field, vars, &states)
                .map_err(|e| (e.into(), clock))?,
            None => input.clone(),
        };
        let Some(items) = items.as_array().cloned() else {
            let cause = format!("The Items of `{name}` are not an array");
            return Err((Stop::error(QUERY_ERROR, cause), clock));
        };
        let items = batched(state, items);
        let limit = match state.get("MaxConcurrency") {
            Some(field) => self
                .js
                .template(field, vars, &states)
                .map_err(|e| (e.into(), clock))?
                .as_f64()
                .unwrap_or(0.0),
            None => 0.0,
        };
        let most = if is_distributed(state) {
            DISTRIBUTED_MAP_MAX_CONCURRENCY as usize
        } else {
            INLINE_MAP_CONCURRENCY
        };
        let slots = if limit >= 1.0 {
            (limit as usize).min(most)
        } else {
            most
        };
        let mark = self.mark();
        let mut first = FirstStop::default();
        let tolerance = Tolerance::of(state, items.len());
        // When each tolerated failure happened (its error stays in it).
        let mut tolerated: Vec<f64> = Vec::new();
        // Each iteration starts on its own clock when one of `slots` is
        // free; start times never decrease, so once one would start after
        // the first stop, no later one starts either.
        let mut free_at = vec![clock; slots.max(1)];
        let mut outputs = Vec::with_capacity(items.len());
        let total = items.len();
        for (index, item) in items.into_iter().enumerate() {
            let (slot, start) = free_at
                .iter()
                .copied()
                .enumerate()
                .min_by(|a, b| a.1.total_cmp(&b.1))
                .unwrap_or((0, clock));
            if first.time().is_some_and(|stop| start > stop) {
                break;
            }
            match self.iteration(name, state, input, vars, &item, index, start) {
                Ok((output, finished)) => {
                    if let Some(at) = free_at.get_mut(slot) {
                        *at = finished;
                    }
                    outputs.push(output);
                }
                // A failed child execution of a Distributed Map is one
                // failed item: it frees its slot and gives no result.
                Err((Stop::Error { .. }, at)) if tolerance.is_some() => {
                    if let Some(slot_free) = free_at.get_mut(slot) {
                        *slot_free = at;
                    }
                    tolerated.push(at);
                }
                Err(halt) => {
                    // The failed iteration's slot takes no other item: the
                    // Map is failing.
                    if let Some(at) = free_at.get_mut(slot) {
                        *at = f64::INFINITY;
                    }
                    first.offer(halt);
                }
            }
        }
        // The Map Run fails when the failure that goes over the threshold
        // happens (the earliest failures count first).
        if let Some(allowed) = tolerance {
            tolerated.sort_by(f64::total_cmp);
            if let Some(&at) = tolerated.get(allowed) {
                let cause = format!(
                    "{} of the {total} items failed, more than the tolerated failure threshold",
                    tolerated.len()
                );
                first.offer((Stop::error(EXCEED_TOLERATED, cause), at));
            }
        }
        if let Some(halt) = first.0 {
            self.drop_after(&mark, halt.1);
            return Err(halt);
        }
        let end = free_at.iter().copied().fold(clock, f64::max);
        Ok((JValue::array(outputs), end))
    }

    /// One Map iteration from `start`: its output and end time.
    #[allow(clippy::too_many_arguments)]
    fn iteration(
        &mut self,
        name: &str,
        state: &Value,
        input: &JValue,
        vars: &Vars,
        item: &JValue,
        index: usize,
        start: f64,
    ) -> Result<(JValue, f64), Halt> {
        let processor = state.get("ItemProcessor").unwrap_or(&Value::Null);
        let item_input = self.item_input(name, state, input, vars, item, index, start)?;
        let mut scope = vars.clone();
        self.count_events(2, start)?;
        self.machine(processor, item_input, &mut scope, start)
    }

    fn mark(&self) -> Mark {
        Mark {
            states: self.states.len(),
            calls: self.calls.len(),
            trace: self.trace.len(),
            served: self.served.clone(),
        }
    }

    /// Forgets what branches did after `stop` (since `mark`): their calls
    /// (and the mock responses those consumed), the states they entered,
    /// their trace lines and the history events those counted.
    fn drop_after(&mut self, mark: &Mark, stop: f64) {
        let mut renumbered = HashMap::new();
        let mut kept_calls = 0;
        let mut dropped_calls = 0u64;
        for index in mark.calls..self.calls.len() {
            let at = self.call_times.get(index).copied().unwrap_or(f64::INFINITY);
            if at <= stop {
                renumbered.insert(index, mark.calls + kept_calls);
                kept_calls += 1;
            } else {
                dropped_calls += 1;
            }
        }
        let call_times = self
            .call_times
            .split_off(mark.calls.min(self.call_times.len()));
        let calls = self.calls.split_off(mark.calls.min(self.calls.len()));
        for (call, at) in calls.into_iter().zip(call_times) {
            if at <= stop {
                self.call_times.push(at);
                self.calls.push(call);
            }
        }
        let state_times = self
            .state_times
            .split_off(mark.states.min(self.state_times.len()));
        let states = self.states.split_off(mark.states.min(self.states.len()));
        let mut dropped_states = 0u64;
        for (state, at) in states.into_iter().zip(state_times) {
            if at <= stop {
                self.state_times.push(at);
                self.states.push(state);
            } else {
                dropped_states += 1;
            }
        }
        let trace = self.trace.split_off(mark.trace.min(self.trace.len()));
        self.trace.extend(trace.into_iter().filter_map(|event| {
            match event {
                TraceEvent::Call { index, at } => renumbered
                    .get(&index)
                    .map(|&index| TraceEvent::Call { index, at }),
                other => (event_time(&other) <= stop).then_some(other),
            }
        }));
        // A dropped call never happened, so its response is still queued.
        self.served = mark.served.clone();
        for call in self.calls.get(mark.calls..).unwrap_or_default() {
            *self.served.entry(call.key.clone()).or_insert(0) += 1;
        }
        // What `enter` and `task` counted for what was dropped.
        self.events = self
            .events
            .saturating_sub(2 * dropped_states + 3 * dropped_calls);
    }

    /// An iteration's input: `ItemSelector` evaluated with
    /// `$states.context.Map.Item`, or the item itself.
    #[allow(clippy::too_many_arguments)]
    fn item_input(
        &self,
        name: &str,
        state: &Value,
        input: &JValue,
        vars: &Vars,
        item: &JValue,
        index: usize,
        clock: f64,
    ) -> Result<JValue, Halt> {
        let Some(selector) = state.get("ItemSelector") else {
            return Ok(item.clone());
        };
        let mut entry = IndexMap::new();
        entry.insert("Index".to_owned(), JValue::Number(index as f64));
        entry.insert("Value".to_owned(), item.clone());
        let mut map = IndexMap::new();
        map.insert("Item".to_owned(), JValue::object(entry));
        let states = self.states_in_map(name, input, clock, JValue::object(map));
        self.js
            .template(selector, vars, &states)
            .map_err(|e| (e.into(), clock))
    }
}

/// The error of a Distributed Map whose failed items exceed its threshold.
const EXCEED_TOLERATED: &str = "States.ExceedToleratedFailureThreshold";

/// How many failed items a Distributed Map accepts: its
/// `ToleratedFailureCount` or `ToleratedFailurePercentage` (the smaller,
/// when it has both), and none without either, so its first failed child
/// fails the Map Run as well (AWS: "The default percentage value is zero,
/// which means that the workflow fails if any one of its child workflow
/// executions fails", with `States.ExceedToleratedFailureThreshold`).
/// Step Functions counts failed or timed-out items against all the items
/// (https://docs.aws.amazon.com/step-functions/latest/dg/maprun-fail-threshold.html).
/// `None` for an inline Map, whose failed iteration fails it with its own
/// error.
struct Tolerance;

impl Tolerance {
    fn of(state: &Value, total: usize) -> Option<usize> {
        if !is_distributed(state) {
            return None;
        }
        let count = state
            .get("ToleratedFailureCount")
            .and_then(Value::as_f64)
            .map(|n| n.max(0.0).floor() as usize);
        // The most failures whose share stays at or under the percentage.
        let percentage = state
            .get("ToleratedFailurePercentage")
            .and_then(Value::as_f64)
            .map(|p| ((p.clamp(0.0, 100.0) * total as f64) / 100.0).floor() as usize);
        Some(match (count, percentage) {
            (Some(a), Some(b)) => a.min(b),
            (a, b) => a.or(b).unwrap_or(0),
        })
    }
}

/// Whether a Map runs its iterations as child executions.
fn is_distributed(state: &Value) -> bool {
    state
        .pointer("/ItemProcessor/ProcessorConfig/Mode")
        .and_then(Value::as_str)
        == Some("DISTRIBUTED")
}

/// The iterations' inputs under an `ItemBatcher`: each child execution of a
/// Distributed Map receives `{"Items": [...]}` holding at most
/// `MaxItemsPerBatch` items, in order. Without a batcher, the items as
/// they are.
fn batched(state: &Value, items: Vec<JValue>) -> Vec<JValue> {
    let size = state
        .pointer("/ItemBatcher/MaxItemsPerBatch")
        .and_then(Value::as_u64)
        .and_then(|n| usize::try_from(n).ok())
        .filter(|&n| n > 0);
    let Some(size) = size else {
        return items;
    };
    items
        .chunks(size)
        .map(|chunk| {
            let mut batch = IndexMap::new();
            batch.insert("Items".to_owned(), JValue::array(chunk.to_vec()));
            JValue::object(batch)
        })
        .collect()
}

/// When a trace event happened on the virtual clock.
fn event_time(event: &TraceEvent) -> f64 {
    match event {
        TraceEvent::Entered { at, .. }
        | TraceEvent::Call { at, .. }
        | TraceEvent::Retry { at, .. }
        | TraceEvent::Caught { at, .. }
        | TraceEvent::Waited { at, .. } => *at,
    }
}

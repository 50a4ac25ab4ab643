//! Parallel and Map: each branch or iteration is a machine of its own, run
//! on its own copy of the variables and its own clock. An error inside one
//! fails the Parallel or Map state with the same error (its Retry and
//! Catch then apply); a timeout or a runner error ends the run.

use indexmap::IndexMap;
use jsonata_core::value::JValue;
use serde_json::Value;

use super::jsonata::Vars;
use super::machine::{Halt, INLINE_MAP_CONCURRENCY, QUERY_ERROR, Runner, Stop};

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
        let mut outputs = Vec::with_capacity(branches.len());
        let mut end = clock;
        for branch in branches {
            // A branch reads the outer variables; what it assigns stays in it.
            let mut scope = vars.clone();
            let (output, finished) =
                self.machine(branch, branch_input.clone(), &mut scope, clock)?;
            outputs.push(output);
            end = end.max(finished);
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
        let limit = match state.get("MaxConcurrency") {
            Some(field) => self
                .js
                .template(field, vars, &states)
                .map_err(|e| (e.into(), clock))?
                .as_f64()
                .unwrap_or(0.0),
            None => 0.0,
        };
        let slots = if limit >= 1.0 {
            (limit as usize).min(INLINE_MAP_CONCURRENCY)
        } else {
            INLINE_MAP_CONCURRENCY
        };
        let processor = state.get("ItemProcessor").unwrap_or(&Value::Null);
        // Iterations run one after the other here (so mocks answer them in
        // index order), each on its own clock: an iteration starts when one
        // of `slots` is free.
        let mut free_at = vec![clock; slots.max(1)];
        let mut outputs = Vec::with_capacity(items.len());
        for (index, item) in items.into_iter().enumerate() {
            let (slot, start) = free_at
                .iter()
                .copied()
                .enumerate()
                .min_by(|a, b| a.1.total_cmp(&b.1))
                .unwrap_or((0, clock));
            let item_input = self.item_input(name, state, input, vars, &item, index, start)?;
            let mut scope = vars.clone();
            self.count_events(2, start)?;
            let (output, finished) = self.machine(processor, item_input, &mut scope, start)?;
            if let Some(at) = free_at.get_mut(slot) {
                *at = finished;
            }
            outputs.push(output);
        }
        let end = free_at.iter().copied().fold(clock, f64::max);
        Ok((JValue::array(outputs), end))
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

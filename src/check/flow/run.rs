//! Check, flow: `run` statements (sub-workflows).
//!
//! A `run` is typed against the callee's signature (`check::subflow`), and
//! otherwise flows like an HTTP call: it can fail with the built-in errors
//! of a Task (a failed child is `States.TaskFailed`), its own `catch`
//! handlers take those, and its binding is assigned only when it succeeds.

use std::rc::Rc;

use super::raise::Raised;
use crate::check::Checker;
use crate::check::diagnostics as d;
use crate::check::resolved::ResolvedCall;
use crate::check::subflow;
use crate::check::types::{Field, Type};
use crate::suggest;
use crate::syntax::ast::{Callee, RunCall};

impl<'a> Checker<'a, '_> {
    pub(super) fn run_call(&mut self, run: &'a RunCall) {
        if let Some(express) = self.subflow.express {
            self.diagnostics
                .push(d::run_in_express(run.head_span, express));
        }
        let input_ty = run
            .input
            .as_ref()
            .map(|input| (input.span, self.expr(input)));
        let declared = run.result.as_ref().map(|ty| self.convert_type(ty));
        let output = match &run.callee {
            Callee::Workflow(name) => match self.subflow.callees.get(&name.name) {
                Some(callee) => {
                    self.subflow.used.insert(name.name.clone());
                    let (input_span, found) = match &input_ty {
                        Some((span, ty)) => (*span, ty.clone()),
                        None => (run.head_span, Type::Record(Rc::from(Vec::<Field>::new()))),
                    };
                    if !self.types.assignable(&found, &callee.input) {
                        let expected = self.types.display(&callee.input);
                        let shown = self.types.display(&found);
                        self.diagnostics.push(d::run_input_mismatch(
                            input_span, &name.name, &expected, &shown,
                        ));
                    }
                    if let (Some(declared), Some(written)) = (&declared, &run.result)
                        && !self.types.assignable(&callee.output, declared)
                    {
                        let output = self.types.display(&callee.output);
                        let shown = self.types.display(declared);
                        self.diagnostics.push(d::run_result_mismatch(
                            written.span,
                            &name.name,
                            &output,
                            &shown,
                        ));
                    }
                    callee.output.clone()
                }
                None if self.subflow.incomplete => {
                    // A `use` that failed (reported) may have declared it.
                    self.subflow.unknown = true;
                    Type::Any
                }
                None => {
                    let help = suggest::did_you_mean(
                        &name.name,
                        self.subflow.callees.keys().map(String::as_str),
                    );
                    self.subflow.unknown = true;
                    self.diagnostics
                        .push(d::unknown_callee(name.span, &name.name, help));
                    Type::Any
                }
            },
            Callee::Arn(arn) => {
                if !self.param_in_fixed_text(arn, "the state machine ARN of a `run`")
                    && let Err(why) = subflow::state_machine_of(&arn.value)
                {
                    self.diagnostics.push(d::run_arn_invalid(arn.span, why));
                }
                if run.result.is_none() {
                    self.diagnostics
                        .push(d::run_arn_without_type(run.head_span));
                }
                Type::Any
            }
        };
        let result = declared.unwrap_or(output);

        let options = &run.options;
        if let Some(timeout) = &options.timeout {
            crate::check::limits::check_run_timeout(timeout, self.diagnostics);
        }
        let retries = self.check_call_retries(&options.retries);
        self.resolved.calls.insert(
            run.id,
            ResolvedCall {
                endpoint: None,
                retries,
            },
        );
        if let Some(name) = &options.name {
            self.state_names.push(name);
        }

        self.raise(Raised::Builtin);
        self.check_catches(
            options
                .catches
                .iter()
                .map(|c| (c.errors.as_slice(), c.span)),
        );
        if options.catches.is_empty() {
            if let Some(binding) = &run.binding {
                self.declare(binding, result, None);
            }
            return;
        }
        let mut branches = Vec::with_capacity(options.catches.len() + 1);
        branches.push(self.branch(|c| {
            if let Some(binding) = &run.binding {
                c.declare(binding, result, None);
            }
            false
        }));
        for catch in &options.catches {
            let handled = self.handler(catch, None);
            branches.push(handled);
        }
        self.merge(&branches);
    }
}

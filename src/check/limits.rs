//! Check, limits: the ranges and rules ASL enforces on what SFL writes.
//!
//! Takes retry policies, error lists, timeouts, `concurrency` and user state
//! names from the AST; reports what AWS would reject (E04xx), error names
//! that do not exist (E0110), unknown `jitter` words (E0111), and an HTTP
//! call timeout that cannot help (W0006). Each rule names its source in
//! `shared/design/aws.md`. The definition size and generated state names
//! are checked later, by `lower` and `emit`.

use std::collections::HashMap;

use super::errors::{ErrorNameProblem, error_name_problem};
use crate::aws;
use crate::check::Checker;
use crate::check::diagnostics as d;
use crate::diag::Diagnostics;
use crate::source::Span;
use crate::suggest;
use crate::syntax::ast::{
    Duration, ErrorKind, ErrorName, Ident, NumLit, RetryPolicy, StrLit, Workflow,
};

/// The workflow's own `timeout` (aws.md §2 "Other limits": Express runs at
/// most five minutes; a Standard execution at most a year).
pub(super) fn check_workflow(workflow: &Workflow, diagnostics: &mut Diagnostics) {
    let Some(timeout) = &workflow.timeout else {
        return;
    };
    if timeout.seconds == 0 {
        diagnostics.push(d::timeout_zero(timeout.span, "workflow"));
    } else if let Some(express) = workflow.express
        && timeout.seconds > aws::EXPRESS_MAX_SECONDS
    {
        diagnostics.push(d::express_timeout_too_long(timeout, express));
    } else if timeout.seconds > aws::STANDARD_MAX_SECONDS {
        diagnostics.push(d::standard_timeout_too_long(timeout));
    }
}

/// A call's `timeout`: at least a second; above the HTTP task's fixed
/// 60-second request limit it cannot help (aws.md §1 "Limits / behaviour").
pub(super) fn check_call_timeout(timeout: &Duration, diagnostics: &mut Diagnostics) {
    if timeout.seconds == 0 {
        diagnostics.push(d::timeout_zero(timeout.span, "call"));
    } else if timeout.seconds > aws::HTTP_TASK_TIMEOUT_SECONDS {
        diagnostics.push(d::http_timeout_over_limit(timeout));
    }
}

/// A `run`'s `timeout D` → `TimeoutSeconds`: not zero. (No HTTP request
/// limit applies: the child execution may run as long as it runs.)
pub(super) fn check_run_timeout(timeout: &Duration, diagnostics: &mut Diagnostics) {
    if timeout.seconds == 0 {
        diagnostics.push(d::timeout_zero(timeout.span, "run"));
    }
}

/// `concurrency N` → `MaxConcurrency`: a non-negative whole number
/// (0 means no limit), at most the 40 iterations an inline Map runs at
/// once (aws.md, "Limits that decide whether a workflow can ever succeed").
pub(super) fn check_concurrency(concurrency: &NumLit, diagnostics: &mut Diagnostics) {
    match concurrency.as_u64() {
        Some(n) if n > aws::INLINE_MAP_MAX_CONCURRENCY => {
            diagnostics.push(d::concurrency_over_inline_limit(concurrency));
        }
        Some(_) => {}
        None => diagnostics.push(d::invalid_concurrency(concurrency)),
    }
}

/// The numbers of a retry policy, named or inline (aws.md §2 "Retry").
/// `name` is the policy's name when it is a named item.
pub(super) fn check_policy(
    policy: &RetryPolicy,
    name: Option<&Ident>,
    diagnostics: &mut Diagnostics,
) {
    if policy.on.is_empty() {
        let span = name.map_or(policy.span, |n| n.span);
        diagnostics.push(d::retry_without_errors(span));
    }
    check_error_list(&policy.on, diagnostics);
    if let Some(attempts) = &policy.attempts
        && attempts.as_u64().is_none_or(|n| n > aws::MAX_RETRY_NUMBER)
    {
        diagnostics.push(d::retry_number_out_of_range(
            attempts.span,
            "attempts",
            "a whole number from 0 to 99999999",
        ));
    }
    if let Some(interval) = &policy.interval
        && (interval.seconds == 0 || interval.seconds > aws::MAX_RETRY_NUMBER)
    {
        diagnostics.push(d::retry_number_out_of_range(
            interval.span,
            "interval",
            "from 1s to 99999999 seconds",
        ));
    }
    if let Some(backoff) = &policy.backoff
        && !(backoff.value.is_finite() && backoff.value >= 1.0)
    {
        diagnostics.push(d::retry_number_out_of_range(
            backoff.span,
            "backoff",
            "a number of at least 1 (1 keeps the interval constant)",
        ));
    }
    if let Some(max_delay) = &policy.max_delay
        && (max_delay.seconds == 0 || max_delay.seconds >= aws::MAX_DELAY_SECONDS_EXCLUSIVE)
    {
        diagnostics.push(d::retry_number_out_of_range(
            max_delay.span,
            "max_delay",
            "from 1s to 31622400 seconds",
        ));
    }
}

/// Every name of one `retry on` or `catch` list exists, and `any` is alone
/// in it (aws.md §2 "Retry": `States.ALL` must be alone).
pub(super) fn check_error_list(errors: &[ErrorName], diagnostics: &mut Diagnostics) {
    for error in errors {
        super::stack::check_error_name(error, diagnostics);
        if let Some(problem) = error_name_problem(&error.kind) {
            diagnostics.push(invalid_error_name(error, &problem));
        }
    }
    if errors.len() > 1
        && let Some(any) = errors.iter().find(|e| e.kind == ErrorKind::Any)
    {
        diagnostics.push(d::any_not_alone(any.span));
    }
}

fn invalid_error_name(error: &ErrorName, problem: &ErrorNameProblem) -> crate::diag::Diagnostic {
    match (&error.kind, problem) {
        (ErrorKind::Http(form), ErrorNameProblem::NotAnErrorStatus(status)) => {
            d::not_an_error_status(error.span, form, *status)
        }
        (ErrorKind::Http(form), _) => {
            let help = suggest::suggest(form, aws::HTTP_ERROR_FORMS.iter().copied())
                .map(|s| format!("did you mean `Http.{s}`?"));
            d::unknown_http_error(error.span, form, help)
        }
        (ErrorKind::Builtin(name), _) => {
            let help = suggest::did_you_mean(name, aws::BUILTIN_ERRORS.iter().copied());
            d::unknown_builtin_error(error.span, name, help)
        }
        (ErrorKind::Connection(name), _) => {
            let help = suggest::suggest(name, aws::CONNECTION_ERRORS.iter().copied())
                .map(|s| format!("did you mean `Connection.{s}`?"));
            d::unknown_connection_error(error.span, name, help)
        }
        (ErrorKind::Custom(name), ErrorNameProblem::ReservedCustom) => {
            d::reserved_custom_error(error.span, name)
        }
        (ErrorKind::Custom(_) | ErrorKind::Any, _) => d::empty_custom_error(error.span),
    }
}

/// User state names (`name "…"`): at most 80 characters, not empty, and
/// unique (aws.md §2 "Other limits"). Names `lower` generates are checked
/// there.
pub(super) fn check_state_names(names: &[&StrLit], diagnostics: &mut Diagnostics) {
    let mut seen: HashMap<&str, Span> = HashMap::new();
    for name in names {
        let chars = name.value.chars().count();
        if chars == 0 || chars > aws::MAX_STATE_NAME_CHARS {
            diagnostics.push(d::invalid_state_name(name, chars));
        }
        match seen.get(name.value.as_str()) {
            Some(first) => diagnostics.push(d::duplicate_state_name(name, *first)),
            None => {
                seen.insert(&name.value, name.span);
            }
        }
    }
}

impl Checker<'_, '_> {
    /// The `catch` clauses of one call or `try`: valid names, `any` alone and
    /// only in the last clause (aws.md §2 "Retry": `States.ALL` must be in
    /// the last catcher).
    pub(super) fn check_catches<'e>(
        &mut self,
        catches: impl ExactSizeIterator<Item = (&'e [ErrorName], Span)>,
    ) {
        let count = catches.len();
        for (position, (errors, _)) in catches.enumerate() {
            check_error_list(errors, self.diagnostics);
            if position + 1 < count
                && let Some(any) = errors.iter().find(|e| e.kind == ErrorKind::Any)
            {
                self.diagnostics
                    .push(d::any_not_last(any.span, "catch", None));
            }
        }
    }
}

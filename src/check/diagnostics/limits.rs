//! Wording for ASL's limits (E04xx): retry clauses, timeouts, concurrency
//! and state names.

use crate::aws;
use crate::check::timing::Limit;
use crate::diag::{Code, Diagnostic};
use crate::source::Span;
use crate::syntax::ast::{Duration, Ident, NumLit, StrLit};

/// E0401: `any` with other names.
pub fn any_not_alone(span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::AnyNotAloneOrLast,
        "`any` must be alone in its list",
        span,
        "`any` already matches every other name here",
    )
    .with_help("remove the other error names, or move them to an earlier `retry`/`catch`")
    .with_note("ASL: `States.ALL` must appear alone in `ErrorEquals`")
}

/// E0401: `any` before another retry or catch.
pub fn any_not_last(span: Span, clause: &str, policy_any: Option<Span>) -> Diagnostic {
    let diagnostic = Diagnostic::new(
        Code::AnyNotAloneOrLast,
        format!("`any` must be in the last `{clause}`"),
        span,
        format!("the `{clause}` clauses after this one could never match"),
    )
    .with_help(format!("move this `{clause}` after the others"))
    .with_note("ASL: `States.ALL` must be in the last retrier or catcher");
    match policy_any {
        Some(any) => diagnostic.with_secondary(any, "this policy retries on `any`"),
        None => diagnostic,
    }
}

/// E0402
pub fn retry_number_out_of_range(span: Span, clause: &str, allowed: &str) -> Diagnostic {
    Diagnostic::new(
        Code::RetryNumberOutOfRange,
        format!("`{clause}` out of range"),
        span,
        format!("must be {allowed}"),
    )
    .with_help(match clause {
        "attempts" => "write a whole number, such as `attempts 3`",
        "interval" => "wait at least a second: `interval 1s`",
        "backoff" => "write `backoff 1` for a fixed interval, or more, such as `backoff 2`",
        _ => "write a duration of at least `1s` and under a year",
    })
    .with_note(match clause {
        "attempts" => "ASL: `MaxAttempts` is a non-negative integer (0 never retries)",
        "interval" => "ASL: `IntervalSeconds` is a positive whole number of seconds",
        "backoff" => "ASL: `BackoffRate` must be at least 1.0",
        _ => "ASL: `MaxDelaySeconds` is a positive whole number below 31622401",
    })
}

/// E0403: `timeout 0s`.
pub fn timeout_zero(span: Span, what: &str) -> Diagnostic {
    Diagnostic::new(
        Code::TimeoutOutOfRange,
        format!("a {what} timeout of zero seconds"),
        span,
        "must be at least `1s`",
    )
    .with_help("remove `timeout` to use the default, or give at least one second")
}

/// E0403: an Express workflow longer than five minutes.
pub fn express_timeout_too_long(timeout: &Duration, express: Span) -> Diagnostic {
    Diagnostic::new(
        Code::TimeoutOutOfRange,
        format!(
            "an Express workflow cannot run for {}",
            human_seconds(timeout.seconds)
        ),
        timeout.span,
        "longer than the Express limit",
    )
    .with_secondary(express, "this makes it an Express workflow")
    .with_help("use at most `5m`, or remove `express` for a Standard workflow")
    .with_note("an Express execution runs at most five minutes")
}

/// E0403: above a year.
pub fn standard_timeout_too_long(timeout: &Duration) -> Diagnostic {
    Diagnostic::new(
        Code::TimeoutOutOfRange,
        format!(
            "a workflow cannot run for {}",
            human_seconds(timeout.seconds)
        ),
        timeout.span,
        "longer than a Standard execution may run",
    )
    .with_help("use at most `365d`")
    .with_note("a Standard execution runs at most one year (31536000 seconds)")
}

/// E0404
pub fn invalid_concurrency(value: &NumLit) -> Diagnostic {
    Diagnostic::new(
        Code::InvalidConcurrency,
        format!(
            "`concurrency {}` is not a whole number of iterations",
            value.raw
        ),
        value.span,
        "expected 0 or a positive whole number",
    )
    .with_help("write a whole number, such as `concurrency 10`, or `0` for no limit")
    .with_note("`concurrency` becomes the Map state's `MaxConcurrency`; 0 means no limit")
}

/// E0405
pub fn invalid_state_name(name: &StrLit, chars: usize) -> Diagnostic {
    if chars == 0 {
        Diagnostic::new(
            Code::InvalidStateName,
            "empty state name",
            name.span,
            "a state needs a name",
        )
        .with_help("remove `name` to let the compiler name the state, or write a name")
    } else {
        Diagnostic::new(
            Code::InvalidStateName,
            format!("state name of {chars} characters"),
            name.span,
            format!("longer than {} characters", aws::MAX_STATE_NAME_CHARS),
        )
        .with_help("shorten it; a doc comment (`///`) can carry a longer description")
        .with_note("Step Functions: a state name is at most 80 characters")
    }
}

/// E0406
pub fn duplicate_state_name(name: &StrLit, first: Span) -> Diagnostic {
    Diagnostic::new(
        Code::DuplicateStateName,
        format!("two states named `{}`", name.value),
        name.span,
        "used again here",
    )
    .with_secondary(first, "first used here")
    .with_help("give each state its own name")
    .with_note("Step Functions: state names are unique in the whole state machine")
}

/// E0407
pub fn retry_without_errors(span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::RetryWithoutErrors,
        "a retry policy without `on`",
        span,
        "this policy names no errors to retry",
    )
    .with_help("list the errors: `on Http.5xx, Http.Socket`")
    .with_note("ASL: every retrier needs a non-empty `ErrorEquals`")
}

/// E0408
pub fn variable_name_too_long(name: &Ident) -> Diagnostic {
    Diagnostic::new(
        Code::VariableNameTooLong,
        format!("variable name of {} characters", name.name.chars().count()),
        name.span,
        format!("longer than {} characters", aws::MAX_VARIABLE_NAME_CHARS),
    )
    .with_help("shorten it; a doc comment (`///`) can say more about the value")
    .with_note("Step Functions: a workflow variable's name is at most 80 characters")
}

/// E0409: a `wait` that ends, on some path, after the workflow has
/// stopped.
pub fn wait_outlasts_workflow(wait: &Duration, total: u64, limit: Limit) -> Diagnostic {
    let alone = wait.seconds == total;
    let label = if alone {
        format!("waits {}", human_seconds(wait.seconds))
    } else {
        format!(
            "with the waits before it on this path, {} have passed when it ends",
            human_seconds(total)
        )
    };
    let message = format!(
        "this wait cannot end before the workflow stops after {}",
        human_seconds(limit.seconds())
    );
    let diagnostic = Diagnostic::new(Code::OutlastsWorkflow, message, wait.span, label);
    let diagnostic = match limit {
        Limit::Timeout { span, .. } => diagnostic
            .with_secondary(span, "the workflow's timeout")
            .with_help(format!(
                "raise the workflow's timeout above `{}` (with time left for the rest), or wait less",
                sfl_duration(total)
            )),
        Limit::Express { span } => diagnostic
            .with_secondary(span, "an Express execution stops after 5 minutes")
            .with_help("wait less, or remove `express`: a Standard workflow can wait up to a year"),
        Limit::Standard => diagnostic.with_help("wait less: a Standard execution runs at most a year"),
    };
    diagnostic.with_note(
        "the execution ends with `States.Timeout` before this wait is over, so this path can never succeed",
    )
}

/// E0409: a call `timeout` longer than an Express execution may run.
pub fn call_timeout_outlasts_express(timeout: &Duration, express: Span) -> Diagnostic {
    Diagnostic::new(
        Code::OutlastsWorkflow,
        format!(
            "a call timeout of {} in an Express workflow",
            human_seconds(timeout.seconds)
        ),
        timeout.span,
        "longer than the execution may run",
    )
    .with_secondary(express, "an Express execution stops after 5 minutes")
    .with_help("use `timeout 60s` or less: the HTTP request itself stops after 60 seconds")
    .with_note("the execution ends with `States.Timeout` before this timeout could ever fire")
}

/// E0410
pub fn concurrency_over_inline_limit(value: &NumLit) -> Diagnostic {
    Diagnostic::new(
        Code::ConcurrencyOverInlineLimit,
        format!(
            "`concurrency {}` is more than an inline Map runs at once",
            value.raw
        ),
        value.span,
        format!(
            "at most {} iterations run at the same time",
            aws::INLINE_MAP_MAX_CONCURRENCY
        ),
    )
    .with_help(format!(
        "write `concurrency {}` or less (`0` lets Step Functions run as many as it can, up to {})",
        aws::INLINE_MAP_MAX_CONCURRENCY,
        aws::INLINE_MAP_MAX_CONCURRENCY
    ))
    .with_note(
        "`for` becomes an inline Map state, which runs at most 40 iterations at once; \
         `for … distributed` runs each iteration as a child execution, up to 10,000 at once",
    )
}

/// `65m`, `2h`, `90s`: a duration as SFL writes it, in the largest unit
/// that divides it.
fn sfl_duration(seconds: u64) -> String {
    if seconds.is_multiple_of(86_400) {
        format!("{}d", seconds / 86_400)
    } else if seconds.is_multiple_of(3_600) {
        format!("{}h", seconds / 3_600)
    } else if seconds.is_multiple_of(60) {
        format!("{}m", seconds / 60)
    } else {
        format!("{seconds}s")
    }
}

/// W0006
pub fn http_timeout_over_limit(timeout: &Duration) -> Diagnostic {
    Diagnostic::new(
        Code::HttpTimeoutOverLimit,
        format!(
            "a call timeout of {} cannot make the request wait longer",
            human_seconds(timeout.seconds)
        ),
        timeout.span,
        "the request itself stops after 60 seconds",
    )
    .with_help("use `timeout 60s` or less, and `retry on Http.Socket` for slow responses")
    .with_note(format!(
        "the HTTP task's request timeout is a fixed {} seconds; it then fails with `Http.Socket`",
        aws::HTTP_TASK_TIMEOUT_SECONDS
    ))
}

/// "2 hours", "90 seconds": durations in messages.
fn human_seconds(seconds: u64) -> String {
    let (value, unit) = if seconds.is_multiple_of(86_400) {
        (seconds / 86_400, "day")
    } else if seconds.is_multiple_of(3_600) {
        (seconds / 3_600, "hour")
    } else if seconds.is_multiple_of(60) {
        (seconds / 60, "minute")
    } else {
        (seconds, "second")
    };
    if value == 1 {
        format!("1 {unit}")
    } else {
        format!("{value} {unit}s")
    }
}

//! The label text of states and edges, before any format's escaping.

use serde_json::Value;

use crate::graph::{ChoiceRule, Retrier, RuleSource, StateKind, WaitFor};
use crate::source::{SourceFile, Span};

/// Conditions and timestamps longer than this many characters are cut
/// with `…`: a label is a reminder, the definition has the full text.
const MAX_EXPRESSION_CHARS: usize = 80;

/// How many error names (after ranges are folded) a label lists before it
/// says "+N more".
const MAX_ERROR_NAMES: usize = 6;

/// Runs of at least this many consecutive numbered names are folded into
/// one `prefix500…599` range.
const MIN_RANGE: usize = 3;

/// The line under a state's name: its type and what it does.
pub(super) fn kind_line(kind: &StateKind) -> String {
    match kind {
        StateKind::Http(task) => {
            let mut line = format!("Task: {} {}", task.method.as_str(), task.endpoint);
            if let Some(seconds) = task.timeout_seconds {
                line.push_str(&format!(", timeout {seconds}s"));
            }
            line
        }
        StateKind::Events(task) => {
            let bus = task
                .entry
                .get("EventBusName")
                .and_then(serde_json::Value::as_str)
                .unwrap_or("default");
            let mut line = format!("Task: emit to {bus}");
            if task.wait {
                line.push_str(", wait");
            }
            if let Some(seconds) = task.timeout_seconds {
                line.push_str(&format!(", timeout {seconds}s"));
            }
            if let Some(seconds) = task.heartbeat_seconds {
                line.push_str(&format!(", heartbeat {seconds}s"));
            }
            line
        }
        StateKind::Run(task) => {
            let name = match &task.state_machine {
                crate::graph::StateMachineRef::Used { name, .. }
                | crate::graph::StateMachineRef::Existing { name, .. } => name,
            };
            let mut line = format!("Task: run {name}");
            if let Some(seconds) = task.timeout_seconds {
                line.push_str(&format!(", timeout {seconds}s"));
            }
            line
        }
        StateKind::Pass => "Pass".to_owned(),
        StateKind::Choice { .. } => "Choice".to_owned(),
        StateKind::Wait(WaitFor::Seconds(seconds)) => format!("Wait {seconds}s"),
        StateKind::Wait(WaitFor::ComputedSeconds(value)) => {
            format!("Wait {} s", expression_text(value))
        }
        StateKind::Wait(WaitFor::Timestamp(value)) => {
            format!("Wait until {}", expression_text(value))
        }
        StateKind::Fail { error, .. } => match error.as_ref().map(expression_text) {
            Some(error) => format!("Fail: {error}"),
            None => "Fail".to_owned(),
        },
        StateKind::Succeed => "Succeed".to_owned(),
        StateKind::Parallel { branches, .. } => format!("Parallel: {} branches", branches.len()),
        StateKind::Map {
            max_concurrency,
            distributed,
            ..
        } => {
            let kind = if distributed.is_some() {
                "Distributed Map"
            } else {
                "Map"
            };
            match max_concurrency {
                Some(n) => format!("{kind}: at most {n} at a time"),
                None => kind.to_owned(),
            }
        }
    }
}

/// One line per retrier: which errors, how many attempts, how often.
pub(super) fn retry_lines(kind: &StateKind) -> Vec<String> {
    let retriers: &[Retrier] = match kind {
        StateKind::Http(task) => &task.retry,
        StateKind::Events(task) => &task.retry,
        StateKind::Run(task) => &task.retry,
        StateKind::Parallel { retry, .. } | StateKind::Map { retry, .. } => retry,
        _ => &[],
    };
    retriers.iter().map(retry_line).collect()
}

fn retry_line(retrier: &Retrier) -> String {
    let mut terms = Vec::new();
    if let Some(n) = retrier.max_attempts {
        terms.push(format!("{n} attempts"));
    }
    if let Some(s) = retrier.interval_seconds {
        terms.push(format!("every {s}s"));
    }
    if let Some(rate) = &retrier.backoff_rate {
        terms.push(format!("backoff {rate}"));
    }
    if let Some(s) = retrier.max_delay_seconds {
        terms.push(format!("max delay {s}s"));
    }
    if retrier.jitter_full {
        terms.push("jitter".to_owned());
    }
    let errors = error_list(&retrier.error_equals);
    if terms.is_empty() {
        format!("retry {errors}")
    } else {
        format!("retry {errors} ({})", terms.join(", "))
    }
}

/// A Choice rule's condition as the author wrote it in SFL, on one line
/// and cut to a readable length. Falls back to the definition's JSONata
/// when the source text is not at hand (a span outside the file).
pub(super) fn condition_label(rule: &ChoiceRule, file: &SourceFile) -> String {
    match sfl_condition(&rule.source, file) {
        Some(text) => shorten(&text, MAX_EXPRESSION_CHARS),
        None => expression_text(&rule.condition),
    }
}

fn sfl_condition(source: &RuleSource, file: &SourceFile) -> Option<String> {
    match source {
        RuleSource::Expr(span) => source_text(*span, file),
        RuleSource::Match {
            scrutinee,
            patterns,
        } => {
            let scrutinee = source_text(*scrutinee, file)?;
            let patterns = patterns
                .iter()
                .map(|p| source_text(*p, file))
                .collect::<Option<Vec<_>>>()?;
            match patterns.as_slice() {
                [one] => Some(format!("{scrutinee} == {one}")),
                _ => Some(format!("{scrutinee} in [{}]", patterns.join(", "))),
            }
        }
        RuleSource::PathCheck => Some(PATH_CHECK_LABEL.to_owned()),
        RuleSource::ErrorIs(errors) => Some(format!("error is {}", error_list(errors))),
        RuleSource::Both(first, second) => {
            let first = operand(first, file)?;
            let second = operand(second, file)?;
            Some(format!("{first} and {second}"))
        }
        RuleSource::Generated => None,
    }
}

/// What the test before a call checks about its path value.
const PATH_CHECK_LABEL: &str = "path value missing, null, empty, \".\" or \"..\"";

/// A side of `and`: an SFL expression is parenthesised when it has an
/// operator that binds less tightly, so the label reads as the rule
/// evaluates. The other kinds are phrases, not expressions.
fn operand(source: &RuleSource, file: &SourceFile) -> Option<String> {
    let text = sfl_condition(source, file)?;
    let loose = [" or ", "||", " ?? "];
    let wrap = matches!(source, RuleSource::Expr(_)) && loose.iter().any(|op| text.contains(op));
    Some(if wrap { format!("({text})") } else { text })
}

/// The source text a span covers, whitespace runs (line breaks and
/// indentation of a long condition) collapsed to one space.
fn source_text(span: Span, file: &SourceFile) -> Option<String> {
    let words: Vec<&str> = file.slice(span).split_whitespace().collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// A Catch edge's label: the errors it catches.
pub(super) fn catch_label(errors: &[String]) -> String {
    error_list(errors)
}

/// The text of a value: a JSONata string without its `{% %}`, a plain
/// string as it is, anything else as JSON; cut to a readable length.
fn expression_text(value: &Value) -> String {
    let text = match value {
        Value::String(s) => s
            .strip_prefix("{%")
            .and_then(|rest| rest.strip_suffix("%}"))
            .map_or(s.as_str(), str::trim)
            .to_owned(),
        other => other.to_string(),
    };
    shorten(&text, MAX_EXPRESSION_CHARS)
}

fn shorten(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max_chars.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// The error names, with runs of consecutive numbers folded
/// (`States.Http.StatusCode.500…599`) and a long list cut short.
fn error_list(errors: &[String]) -> String {
    let folded = fold_ranges(errors);
    let shown: Vec<&str> = folded
        .iter()
        .take(MAX_ERROR_NAMES)
        .map(String::as_str)
        .collect();
    let mut text = shown.join(", ");
    if folded.len() > MAX_ERROR_NAMES {
        text.push_str(&format!(", +{} more", folded.len() - MAX_ERROR_NAMES));
    }
    text
}

/// Folds runs of names that differ only in a trailing number counting up
/// by one into `prefix{first}…{last}`.
pub(super) fn fold_ranges(names: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut run: Vec<(&str, u64, &str)> = Vec::new();
    for name in names {
        let numbered = split_number(name);
        let continues = match (run.last(), numbered) {
            (Some(&(prefix, last, _)), Some((p, n))) => {
                prefix == p && last.checked_add(1) == Some(n)
            }
            _ => false,
        };
        if !continues {
            flush_run(&mut run, &mut out);
        }
        match numbered {
            Some((prefix, n)) => run.push((prefix, n, name)),
            None => out.push(name.clone()),
        }
    }
    flush_run(&mut run, &mut out);
    out
}

fn flush_run(run: &mut Vec<(&str, u64, &str)>, out: &mut Vec<String>) {
    match (run.first(), run.last()) {
        (Some(&(prefix, first, _)), Some(&(_, last, _))) if run.len() >= MIN_RANGE => {
            out.push(format!("{prefix}{first}…{last}"));
        }
        _ => out.extend(run.iter().map(|&(_, _, name)| name.to_owned())),
    }
    run.clear();
}

/// `States.Http.StatusCode.503` → (`States.Http.StatusCode.`, 503); `None`
/// when the name has no trailing number in canonical form (no leading 0).
fn split_number(name: &str) -> Option<(&str, u64)> {
    let prefix = name.trim_end_matches(|c: char| c.is_ascii_digit());
    let digits = name.strip_prefix(prefix)?;
    let number: u64 = digits.parse().ok()?;
    (number.to_string() == digits).then_some((prefix, number))
}

#![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "test code")]

use super::dot::quote;
use super::labels::fold_ranges;
use super::mermaid::escape;

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn consecutive_status_codes_fold_into_a_range() {
    let mut errors = names(&["States.Http.StatusCode.429"]);
    errors.extend((500..=599).map(|n| format!("States.Http.StatusCode.{n}")));
    errors.push("States.Timeout".to_owned());
    assert_eq!(
        fold_ranges(&errors),
        names(&[
            "States.Http.StatusCode.429",
            "States.Http.StatusCode.500…599",
            "States.Timeout"
        ])
    );
}

#[test]
fn short_runs_and_leading_zeros_stay_as_written() {
    let errors = names(&["E.1", "E.2", "E.04", "E.05", "E.06", "F"]);
    assert_eq!(fold_ranges(&errors), errors);
}

#[test]
fn mermaid_labels_cannot_close_their_quotes() {
    assert_eq!(
        escape("a \"b\" <c> [d] #e |f|\ng"),
        "a #quot;b#quot; #lt;c#gt; [d] #35;e #124;f#124;<br/>g"
    );
}

#[test]
fn dot_strings_escape_quotes_backslashes_and_newlines() {
    assert_eq!(quote("a \"b\" \\ <c>\nd"), "\"a \\\"b\\\" \\\\ <c>\\nd\"");
}

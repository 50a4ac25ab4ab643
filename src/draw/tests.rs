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

mod condition_labels {
    use serde_json::json;

    use super::super::labels::condition_label;
    use crate::graph::{ChoiceRule, RuleSource};
    use crate::source::{SourceFile, Span};

    fn rule(source: RuleSource) -> ChoiceRule {
        ChoiceRule {
            condition: json!("{% $emitted %}"),
            next: "Next".into(),
            source,
        }
    }

    fn span_of(file: &SourceFile, text: &str) -> Span {
        let start = file.text.find(text).unwrap();
        Span::new(start, start + text.len())
    }

    #[test]
    fn a_condition_over_several_lines_is_shown_on_one() {
        let file = SourceFile::new("f.sfl", "if a > 1\n        and  b {\n}");
        let span = span_of(&file, "a > 1\n        and  b");
        assert_eq!(
            condition_label(&rule(RuleSource::Expr(span)), &file),
            "a > 1 and b"
        );
    }

    #[test]
    fn a_loose_operand_of_a_merged_rule_is_parenthesised() {
        let file = SourceFile::new("f.sfl", "x or y; z");
        let both = RuleSource::Both(
            Box::new(RuleSource::Expr(span_of(&file, "x or y"))),
            Box::new(RuleSource::Expr(span_of(&file, "z"))),
        );
        assert_eq!(condition_label(&rule(both), &file), "(x or y) and z");
    }

    #[test]
    fn long_conditions_are_cut() {
        let text = format!("n == {}", "1".repeat(200));
        let file = SourceFile::new("f.sfl", text.as_str());
        let label = condition_label(&rule(RuleSource::Expr(span_of(&file, &text))), &file);
        assert_eq!(label.chars().count(), 80);
        assert!(label.ends_with('…'), "{label}");
    }

    #[test]
    fn without_sfl_the_emitted_condition_is_shown() {
        let file = SourceFile::new("f.sfl", "");
        assert_eq!(
            condition_label(&rule(RuleSource::Generated), &file),
            "$emitted"
        );
        let outside = RuleSource::Expr(Span::new(5, 9));
        assert_eq!(condition_label(&rule(outside), &file), "$emitted");
    }
}

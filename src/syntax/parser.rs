//! Stage 1, syntax: the pest parser and its error message.
//!
//! [`SflParser`] is generated from `grammar/sfl.pest`. When pest cannot go
//! on, [`syntax_error`] turns its error into one `E0001` diagnostic: the
//! rules pest expected are named through [`rule_name`] (punctuation in
//! backticks, classes as phrases), sorted, de-duplicated and joined with an
//! Oxford comma; the label names what was found instead; a help line is
//! added where the fix can be guessed.

use pest::error::{Error, ErrorVariant, InputLocation};
use pest_derive::Parser;

use crate::diag::Diagnostic;
use crate::source::Span;

use super::diagnostics;

/// The parser generated from `grammar/sfl.pest`.
#[derive(Parser)]
#[grammar = "../grammar/sfl.pest"]
pub struct SflParser;

/// How a rule is named in "expected …"; `""` hides it (trivia, and parts of
/// tokens a user never thinks of).
pub fn rule_name(rule: Rule) -> &'static str {
    match rule {
        Rule::EOI => "end of file",
        Rule::doc | Rule::doc_line | Rule::dangling_doc | Rule::str_text => "",
        // The whole file fails at its start only when no item could begin.
        Rule::file => "an item",
        // Silent rules: pest never reports them.
        Rule::WHITESPACE
        | Rule::line_comment
        | Rule::doc_marker
        | Rule::word_char
        | Rule::str_escape
        | Rule::str_char
        | Rule::text
        | Rule::operand
        | Rule::type_term => "",
        Rule::keyword => "a keyword",
        Rule::word | Rule::ident | Rule::dotted => "a name",
        Rule::kw_workflow | Rule::workflow => "`workflow`",
        Rule::kw_type | Rule::type_def => "`type`",
        Rule::kw_endpoint | Rule::endpoint => "`endpoint`",
        Rule::kw_retry | Rule::retry_def => "`retry`",
        Rule::kw_let | Rule::let_stmt => "`let`",
        Rule::kw_set | Rule::set_stmt => "`set`",
        Rule::kw_if | Rule::if_stmt => "`if`",
        Rule::kw_else | Rule::else_if | Rule::else_block => "`else`",
        Rule::kw_match | Rule::match_stmt => "`match`",
        Rule::kw_while | Rule::while_stmt => "`while`",
        Rule::kw_parallel | Rule::parallel_stmt => "`parallel`",
        Rule::kw_branch | Rule::branch => "`branch`",
        Rule::kw_for | Rule::for_stmt => "`for`",
        Rule::kw_in => "`in`",
        Rule::kw_concurrency | Rule::concurrency => "`concurrency`",
        Rule::kw_try | Rule::try_stmt => "`try`",
        Rule::kw_catch | Rule::catch_clause => "`catch`",
        Rule::kw_as | Rule::catch_binding => "`as`",
        Rule::kw_wait | Rule::wait_stmt => "`wait`",
        Rule::kw_until | Rule::wait_until => "`until`",
        Rule::kw_fail | Rule::fail_stmt => "`fail`",
        Rule::kw_succeed | Rule::succeed_stmt => "`succeed`",
        Rule::kw_return | Rule::return_stmt => "`return`",
        Rule::kw_true => "`true`",
        Rule::kw_false => "`false`",
        Rule::kw_null => "`null`",
        Rule::kw_express => "`express`",
        Rule::kw_timeout | Rule::workflow_timeout => "`timeout`",
        Rule::kw_log | Rule::workflow_log => "`log`",
        Rule::log_level => "`all`, `error` or `fatal`",
        Rule::kw_with | Rule::log_data => "`with data`",
        Rule::kw_data => "`data`",
        Rule::kw_tracing => "`tracing`",
        Rule::kw_param | Rule::param_def => "`param`",
        Rule::kw_distributed | Rule::distributed => "`distributed`",
        Rule::kw_tolerate | Rule::tolerate => "`tolerate`",
        Rule::kw_failures | Rule::tolerate_percent => "`%` or `failures`",
        Rule::kw_batch | Rule::batch => "`batch`",
        Rule::kw_emit | Rule::emit_stmt => "`emit`",
        Rule::emit_bus => "an event bus",
        Rule::emit_wait => "`wait`",
        Rule::kw_heartbeat | Rule::emit_heartbeat => "`heartbeat`",
        Rule::kw_run | Rule::run_stmt => "`run`",
        Rule::kw_use | Rule::use_item => "`use`",
        Rule::kw_bus | Rule::bus_def => "`bus`",
        Rule::p_lbrace | Rule::clause_block | Rule::block | Rule::call_options => "`{`",
        Rule::p_rbrace => "`}`",
        Rule::p_lparen | Rule::params => "`(`",
        Rule::p_rparen => "`)`",
        Rule::p_lbracket => "`[`",
        Rule::p_rbracket => "`]`",
        Rule::p_comma => "`,`",
        Rule::p_colon => "`:`",
        Rule::p_question => "`?`",
        Rule::p_eq => "`=`",
        Rule::p_arrow | Rule::response_type => "`->`",
        Rule::p_fat_arrow => "`=>`",
        Rule::p_pipe => "`|`",
        Rule::p_dot => "`.`",
        Rule::number | Rule::signed_number => "a number",
        Rule::duration | Rule::duration_value => "a duration",
        Rule::string | Rule::sq_string => "a string",
        Rule::interp => "an interpolation",
        Rule::item | Rule::item_kind => "an item",
        Rule::param => "a parameter",
        Rule::clause => "a clause",
        Rule::clause_value
        | Rule::kind_block
        | Rule::kind_assign
        | Rule::value_list
        | Rule::call_value
        | Rule::static_map
        | Rule::value => "a value",
        Rule::str_list => "a list",
        Rule::map_entry | Rule::key => "a key",
        Rule::stmt | Rule::stmt_kind => "a statement",
        Rule::match_arm => "a match arm",
        Rule::pattern | Rule::wildcard => "a pattern",
        Rule::error_list | Rule::error_name => "an error name",
        Rule::http_call => "an HTTP call",
        Rule::method => "an HTTP method",
        Rule::call_option | Rule::retry_option | Rule::option | Rule::option_key => "an option",
        Rule::inline_retry | Rule::on_word => "`on`",
        Rule::inline_clause | Rule::retry_clause_word => "a retry clause",
        Rule::expr
        | Rule::prefix
        | Rule::op_neg
        | Rule::op_bang
        | Rule::primary
        | Rule::paren
        | Rule::list
        | Rule::comprehension
        | Rule::object
        | Rule::name_ref
        | Rule::call_args
        | Rule::kw_not => "an expression",
        Rule::entry => "a key",
        Rule::postfix
        | Rule::p_call
        | Rule::field
        | Rule::index
        | Rule::infix
        | Rule::kw_or
        | Rule::kw_and
        | Rule::op_c_or
        | Rule::op_c_and
        | Rule::op_eq
        | Rule::op_ne
        | Rule::op_le
        | Rule::op_lt
        | Rule::op_ge
        | Rule::op_gt
        | Rule::op_coalesce
        | Rule::op_add
        | Rule::op_sub
        | Rule::op_mul
        | Rule::op_div
        | Rule::op_rem
        | Rule::op_assign => "an operator",
        Rule::type_expr | Rule::list_type | Rule::record_type => "a type",
        Rule::field_type => "a field",
    }
}

/// Turns pest's error into one diagnostic. `unclosed` lists the brackets
/// the pre-parse scan found never closed (outermost first).
pub fn syntax_error(error: &Error<Rule>, text: &str, unclosed: &[(char, Span)]) -> Diagnostic {
    let pos = match error.location {
        InputLocation::Pos(pos) => pos,
        InputLocation::Span((start, _)) => start,
    };
    let found = Found::at(text, pos);
    let positives = match &error.variant {
        ErrorVariant::ParsingError { positives, .. } => positives.as_slice(),
        // pest's own guard against deep recursion: the scan keeps nesting
        // far below it, but the limit must never crash the compiler.
        ErrorVariant::CustomError { .. } => return diagnostics::nesting_too_deep(found.span),
    };
    let mut expected: Vec<&'static str> = positives
        .iter()
        .map(|rule| rule_name(*rule))
        .filter(|name| !name.is_empty())
        .collect();
    expected.sort_unstable();
    expected.dedup();
    let list: Vec<String> = expected.iter().map(|s| (*s).to_owned()).collect();
    let joined = diagnostics::oxford_join(&list, "or");
    let wants_brace = expected.contains(&"`}`");
    let help = guess_fix(&found, &expected, text);
    // Point at the bracket left open when the file ends inside it, or when a
    // `}` is what pest wanted.
    let unclosed = if found.is_eof || wants_brace {
        unclosed.last().copied()
    } else {
        None
    };
    diagnostics::unexpected_token(&joined, &found.description, found.span, help, unclosed)
}

/// What pest found where it gave up.
#[derive(Debug)]
struct Found {
    /// The token's span (empty at the end of the file).
    span: Span,
    /// How the label names it: "`wait`", "a string", "end of file".
    description: String,
    /// The token's text (empty at the end of the file).
    text: String,
    /// Whether the file ended.
    is_eof: bool,
}

/// The longest token text quoted in a label.
const MAX_QUOTED_CHARS: usize = 32;

/// Two-character operators, named whole in labels.
const TWO_CHAR_TOKENS: &[&str] = &["==", "!=", "<=", ">=", "&&", "||", "->", "=>", "??", "{{"];

impl Found {
    fn at(text: &str, pos: usize) -> Found {
        let rest = text.get(pos..).unwrap_or("");
        let skipped = rest.len() - rest.trim_start().len();
        let start = pos + skipped;
        let rest = rest.trim_start();
        let Some(first) = rest.chars().next() else {
            // Point just after the last thing written: a point after the
            // final line break would be on a line of its own, which
            // renderers do not show.
            let end = text.trim_end().len();
            let span = if end < text.len() || end == 0 {
                Span::new(end, end)
            } else {
                // No blank at the end: a point at the very end is not shown
                // either, so underline the last character.
                let last = text.chars().next_back().map_or(0, char::len_utf8);
                Span::new(end - last, end)
            };
            return Found {
                span,
                description: "end of file".to_owned(),
                text: String::new(),
                is_eof: true,
            };
        };
        let line = rest.split(['\n', '\r']).next().unwrap_or("");
        let (len, description) = if rest.starts_with("///") {
            (line.len(), "doc comment".to_owned())
        } else if first == '"' || first == '\'' {
            let len = string_len(line, first);
            let what = if first == '"' {
                "string"
            } else {
                "single-quoted string"
            };
            (
                len,
                format!("{what} {}", quote(line.get(..len).unwrap_or(line))),
            )
        } else if first.is_ascii_alphanumeric() || first == '_' {
            let len = line
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
                .unwrap_or(line.len());
            // A trailing `.` belongs to the next token (`x.` then a field).
            let len = line
                .get(..len)
                .map_or(len, |w| w.trim_end_matches('.').len());
            (len, quote(line.get(..len).unwrap_or("")))
        } else if let Some(op) = TWO_CHAR_TOKENS.iter().find(|op| rest.starts_with(**op)) {
            (op.len(), quote(op))
        } else {
            (first.len_utf8(), quote(&first.to_string()))
        };
        Found {
            span: Span::new(start, start + len),
            description,
            text: line.get(..len).unwrap_or("").to_owned(),
            is_eof: false,
        }
    }
}

/// The length of the string literal starting `line` (to its closing quote,
/// or the end of the line).
fn string_len(line: &str, quote: char) -> usize {
    let mut escaped = false;
    for (i, c) in line.char_indices().skip(1) {
        if escaped {
            escaped = false;
        } else if c == '\\' && quote == '"' {
            escaped = true;
        } else if c == quote {
            return i + c.len_utf8();
        }
    }
    line.len()
}

/// Text in backticks, shortened when long.
fn quote(text: &str) -> String {
    if text.chars().count() > MAX_QUOTED_CHARS {
        let short: String = text.chars().take(MAX_QUOTED_CHARS).collect();
        format!("`{short}…`")
    } else {
        format!("`{text}`")
    }
}

/// A help line for the mistakes we can recognise.
fn guess_fix(found: &Found, expected: &[&str], text: &str) -> Option<String> {
    let wants = |name: &str| expected.contains(&name);
    if found.text == ";" {
        return Some("SFL needs no `;` between statements; remove it".to_owned());
    }
    if found.text == "->"
        && text
            .get(..found.span.start_usize())
            .is_some_and(|before| before.trim_end().ends_with('}'))
    {
        // `GET api "/x" { … } -> T`: the options block came first.
        return Some(
            "the result type comes before the options block: `GET api \"/x\" -> Type { … }` (and `run name(x) -> Type { … }`)"
                .to_owned(),
        );
    }
    if found.description == "doc comment" {
        return Some(
            "a doc comment (`///`) must come before an item or a statement; use `//` for other comments"
                .to_owned(),
        );
    }
    if found.is_eof && wants("`}`") {
        return Some("add the missing `}`".to_owned());
    }
    if wants("`}`")
        && matches!(
            found.text.as_str(),
            "workflow" | "type" | "endpoint" | "param"
        )
    {
        return Some(format!(
            "a `}}` may be missing before this `{}`",
            found.text
        ));
    }
    if wants("a statement") && found.description.starts_with('`') {
        let after = text
            .get(found.span.end_usize()..)
            .unwrap_or("")
            .trim_start();
        if after.starts_with('=') && !after.starts_with("==") && !after.starts_with("=>") {
            let name = &found.text;
            return Some(format!(
                "declare a variable with `let {name} = …`, or change one with `set {name} = …`"
            ));
        }
    }
    if expected == ["`=`"] && found.text == ":" {
        return Some("variables have no type annotation: write `let name = value`".to_owned());
    }
    if found.text == ":" && wants("a value") {
        return Some("a clause is written `name value`, without `:`".to_owned());
    }
    if found.text == "," && expected == ["`)`", "`|`"] {
        // Only a parameter's type is followed by `)`.
        return Some(
            "a workflow has one input; describe several values as the fields of one record type"
                .to_owned(),
        );
    }
    if expected == ["an item"] {
        return Some(
            "a file holds `workflow`, `type`, `endpoint`, `retry` and `param` items; statements go inside the workflow"
                .to_owned(),
        );
    }
    if found.description.starts_with("single-quoted") {
        return Some("strings are written in double quotes".to_owned());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn found_tokens_are_named() {
        let describe = |text: &str, pos: usize| Found::at(text, pos).description;
        assert_eq!(describe("let x", 4), "`x`");
        assert_eq!(describe("a  }", 1), "`}`");
        assert_eq!(describe("x ==", 2), "`==`");
        assert_eq!(describe("abc", 3), "end of file");
        assert_eq!(describe("\"a\\\"b\" c", 0), "string `\"a\\\"b\"`");
        assert_eq!(describe("/// hi\n", 0), "doc comment");
        assert_eq!(describe("1.5m x", 0), "`1.5m`");
        let long = "a".repeat(50);
        assert_eq!(describe(&long, 0), format!("`{}…`", "a".repeat(32)));
    }
}

//! Stage 4, emit: a small YAML writer for JSON values (`--format yaml`).
//!
//! Takes a [`serde_json::Value`] (the CloudFormation template) and returns
//! YAML text in block style, keys in the value's own order, two-space
//! indentation and a trailing newline, so the same value always gives the
//! same bytes.
//!
//! Why our own writer: the template is plain JSON data (CloudFormation's
//! long-form intrinsics such as `Fn::GetAtt` need no YAML tags), so all that
//! matters is quoting, and that is easiest to get right when it is small and
//! tested here. `serde_yaml` is no longer maintained and its forks differ in
//! how they quote.
//!
//! Quoting rule: a string is written plain only when a YAML 1.1 *and* a
//! YAML 1.2 reader would both read it back as the same string; anything else
//! is double-quoted with JSON-compatible escapes. So `yes`, `on`, `null`,
//! `1e3`, `0x10`, `12:30`, `2024-01-01`, `*`, `!x`, `&x`, `{% … %}`, `a: b`,
//! `a #b` and multi-line text are all quoted.

use serde_json::Value;

/// Writes a JSON value as a YAML document.
pub fn to_yaml(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(map) if !map.is_empty() => write_map(&mut out, map, 0, false),
        Value::Array(items) if !items.is_empty() => write_seq(&mut out, items, 0, false),
        scalar => {
            out.push_str(&inline(scalar));
            out.push('\n');
        }
    }
    out
}

/// The one-line form of a scalar or an empty collection; `None` for a
/// collection that needs block lines.
fn try_inline(value: &Value) -> Option<String> {
    match value {
        Value::Null => Some("null".to_owned()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(scalar(s)),
        Value::Array(items) if items.is_empty() => Some("[]".to_owned()),
        Value::Object(map) if map.is_empty() => Some("{}".to_owned()),
        Value::Array(_) | Value::Object(_) => None,
    }
}

fn inline(value: &Value) -> String {
    try_inline(value).unwrap_or_default()
}

fn push_indent(out: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
}

/// Writes `map` at `indent`. With `continued`, the first key goes on the
/// current line (after a sequence dash) instead of a new indented one, so
/// nothing is written twice and the writer stays linear in the output size.
fn write_map(
    out: &mut String,
    map: &serde_json::Map<String, Value>,
    indent: usize,
    continued: bool,
) {
    for (i, (key, value)) in map.iter().enumerate() {
        if i > 0 || !continued {
            push_indent(out, indent);
        }
        out.push_str(&scalar(key));
        out.push(':');
        match (try_inline(value), value) {
            (Some(text), _) => {
                out.push(' ');
                out.push_str(&text);
                out.push('\n');
            }
            (None, Value::Object(inner)) => {
                out.push('\n');
                write_map(out, inner, indent + 2, false);
            }
            (None, Value::Array(items)) => {
                out.push('\n');
                write_seq(out, items, indent + 2, false);
            }
            (None, _) => out.push('\n'),
        }
    }
}

/// Writes `items` at `indent`; `continued` as for [`write_map`].
fn write_seq(out: &mut String, items: &[Value], indent: usize, continued: bool) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 || !continued {
            push_indent(out, indent);
        }
        out.push_str("- ");
        match (try_inline(item), item) {
            (Some(text), _) => {
                out.push_str(&text);
                out.push('\n');
            }
            // A collection inside a sequence item starts on the dash's line,
            // two columns deeper than the dash.
            (None, Value::Object(inner)) => write_map(out, inner, indent + 2, true),
            (None, Value::Array(inner)) => write_seq(out, inner, indent + 2, true),
            (None, _) => out.push('\n'),
        }
    }
}

/// A string as a YAML scalar: plain when that is unambiguous, otherwise
/// double-quoted.
pub fn scalar(text: &str) -> String {
    if is_plain_safe(text) {
        text.to_owned()
    } else {
        double_quoted(text)
    }
}

/// Words that YAML 1.1 reads as booleans or null (1.2 keeps only some of
/// them); compared case-insensitively.
const RESERVED_WORDS: &[&str] = &["y", "n", "yes", "no", "true", "false", "on", "off", "null"];

/// Whether a string can be written without quotes in block context and be
/// read back, by YAML 1.1 and 1.2 readers alike, as the same string.
fn is_plain_safe(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    // A leading digit, sign or dot could be a number, date or time
    // (`1e3`, `0x1F`, `12:30`, `2024-01-01`, `.5`, `-1`); indicators such as
    // `*`, `&`, `!`, `{`, `[`, `-`, `?`, `|`, `>`, `'`, `"`, `%`, `@`, `#`
    // change the meaning of what follows.
    if !(first.is_ascii_alphabetic() || matches!(first, '/' | '$' | '_')) {
        return false;
    }
    if text.ends_with([' ', ':']) || text.contains(": ") {
        return false;
    }
    if RESERVED_WORDS.iter().any(|w| w.eq_ignore_ascii_case(text)) {
        return false;
    }
    // `#` would start a comment after a space, and the remaining ASCII
    // punctuation is either an indicator somewhere or needs escaping, so only
    // this conservative set is left plain.
    text.chars().all(|c| {
        c.is_ascii_alphanumeric()
            || matches!(
                c,
                ' ' | '_'
                    | '-'
                    | '.'
                    | '/'
                    | ':'
                    | '@'
                    | '$'
                    | '+'
                    | '='
                    | '('
                    | ')'
                    | '{'
                    | '}'
                    | ','
                    | '*'
                    | '\''
            )
    })
}

/// A double-quoted scalar. The escapes are the ones JSON and YAML share,
/// plus `\u` for every character YAML does not allow raw (C0 and C1 controls,
/// DEL, the byte-order mark, line and paragraph separators, and the
/// non-characters U+FFFE and U+FFFF).
fn double_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if needs_escape(c) => {
                out.push_str(&format!("\\u{:04X}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn needs_escape(c: char) -> bool {
    let code = u32::from(c);
    code < 0x20
        || (0x7F..=0x9F).contains(&code)
        || matches!(code, 0x2028 | 0x2029 | 0xFEFF | 0xFFFE | 0xFFFF)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ambiguous_strings_are_quoted() {
        for text in [
            "yes",
            "No",
            "ON",
            "off",
            "y",
            "null",
            "true",
            "1e3",
            "0x10",
            "443",
            "12:30",
            "2024-01-01",
            "-1",
            ".5",
            "*",
            "!Ref",
            "&a",
            "{% $x %}",
            "[1]",
            "a: b",
            "a #b",
            "a:",
            " lead",
            "trail ",
            "",
            "two\nlines",
            "tab\there",
            "say \"hi\"",
            "~",
            "%x",
            "@x",
            "`x",
            "|",
            ">",
            "?",
            "'q'",
            "<<",
        ] {
            let written = scalar(text);
            assert!(
                written.starts_with('"'),
                "{text:?} should be quoted, got {written}"
            );
        }
    }

    #[test]
    fn ordinary_strings_stay_plain() {
        for text in [
            "AWS::Events::Connection",
            "Fn::GetAtt",
            "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:order_sync",
            "https://billing.example.com/v1/orders/*",
            "${BillingConnectionArn}",
            "states:HTTPMethod",
            "Allow",
            "x-api-key",
            "/orders",
            "order sync",
        ] {
            assert_eq!(scalar(text), text);
        }
    }

    #[test]
    fn escapes_are_valid_yaml_and_json() {
        assert_eq!(scalar("a\u{7f}b"), "\"a\\u007Fb\"");
        assert_eq!(scalar("a\u{1}b"), "\"a\\u0001b\"");
        assert_eq!(scalar("back\\slash"), "\"back\\\\slash\"");
        assert_eq!(scalar("é"), "\"é\"");
    }

    #[test]
    fn nested_collections_are_indented() {
        let value = json!({
            "Resources": {
                "Role": {
                    "Type": "AWS::IAM::Role",
                    "Properties": {
                        "Statement": [
                            { "Effect": "Allow", "Action": ["a:B", "c:D"] },
                            { "Effect": "Deny", "Resource": [] }
                        ],
                        "Empty": {},
                        "Nested": [["x", "y"], []],
                        "Flag": true,
                        "Count": 2,
                        "Nothing": null
                    }
                }
            }
        });
        let expected = "\
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      Statement:
        - Effect: Allow
          Action:
            - a:B
            - c:D
        - Effect: Deny
          Resource: []
      Empty: {}
      Nested:
        - - x
          - \"y\"
        - []
      Flag: true
      Count: 2
      Nothing: null
";
        assert_eq!(to_yaml(&value), expected);
    }

    #[test]
    fn a_quoted_key_and_scalar_documents() {
        assert_eq!(to_yaml(&json!({"on": "off"})), "\"on\": \"off\"\n");
        assert_eq!(to_yaml(&json!("x")), "x\n");
        assert_eq!(to_yaml(&json!({})), "{}\n");
        assert_eq!(to_yaml(&json!(["a", {"b": 1}])), "- a\n- b: 1\n");
    }
}

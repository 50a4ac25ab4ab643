//! Part of stage 3, lower: SFL expressions → JSONata.
//!
//! Takes AST expressions and returns either JSONata text (for a Choice
//! `Condition`, a `Timestamp`, …) or a JSON value in which constant parts
//! stay plain JSON and only the dynamic leaves are `"{% … %}"` strings (for
//! `Arguments`, `Assign`, `Output`).
//!
//! Translation rules:
//! - a variable `x` → `$x` (renamed if it would hide a JSONata function, see
//!   [`VarNames`]); the workflow parameter → `$states.context.Execution.Input`;
//! - `==` → `=`, `not x` → `$not(x)`, other operators keep their spelling;
//!   parentheses are added from JSONata's own binding powers;
//! - `a ?? b` → `($V := a; $exists($V) and $V != null ? $V : b)`, so `a` is
//!   evaluated once. The block's local names (`$V`, `$L`, `$C`, `$S`, `$P`,
//!   `$M`) contain an upper-case letter, which no SFL identifier can, so they
//!   never hide a user variable;
//! - string interpolation → `&` concatenation with `$string(…)` around
//!   every interpolated value;
//! - library calls → JSONata functions; `len` and `contains` work on both
//!   strings and lists, so without static knowledge of the argument they
//!   test `$type` at run time.

use serde_json::{Map, Number, Value};

use super::diagnostics::Internal;
use super::vars::VarNames;
use crate::graph::UrlPattern;
use crate::syntax::ast::{BinOp, Expr, ExprKind, Ident, Template, TemplatePart, UnaryOp};

/// JSONata binding powers (from the reference parser's operator table):
/// the higher, the tighter.
const ATOM: u8 = 100;
const UNARY: u8 = 70;
const MUL: u8 = 60;
const ADD: u8 = 50;
const CMP: u8 = 40;
const AND: u8 = 30;
const OR: u8 = 25;

/// Words the JSONata parser reads as operators or literals, so a field with
/// this name must be quoted with backticks.
const JSONATA_WORDS: &[&str] = &["and", "or", "in", "true", "false", "null", "function"];

/// Where the execution input lives in JSONata (aws.md §2 "`$states`
/// reserved variable": `$states.input` is the current state's input, not
/// the execution's).
pub const EXECUTION_INPUT: &str = "$states.context.Execution.Input";

/// Translates expressions of one workflow.
#[derive(Debug, Clone, Copy)]
pub struct Jsonata<'a> {
    /// The workflow parameter's name (`input` unless declared otherwise).
    input: &'a str,
    /// ASL names of the variables.
    vars: &'a VarNames,
}

/// JSONata text with the binding power of its outermost operator.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Js {
    text: String,
    prec: u8,
}

impl Js {
    fn atom(text: impl Into<String>) -> Js {
        Js {
            text: text.into(),
            prec: ATOM,
        }
    }

    /// The text, parenthesised when `needed`.
    fn wrapped(self, needed: bool) -> String {
        if needed {
            format!("({})", self.text)
        } else {
            self.text
        }
    }
}

/// A complete JSONata value for ASL: `"{% text %}"`.
pub fn wrap(text: &str) -> Value {
    Value::String(format!("{{% {text} %}}"))
}

/// The JSONata expression that evaluates to `null`; used where ASL needs an
/// expression rather than a JSON `null` (a state's `Output`).
pub fn null_output() -> Value {
    wrap("null")
}

impl<'a> Jsonata<'a> {
    /// A translator for a workflow whose parameter is named `input`.
    pub fn new(input: &'a str, vars: &'a VarNames) -> Jsonata<'a> {
        Jsonata { input, vars }
    }

    /// The JSONata text of an expression, without `{% %}`.
    pub fn text(&self, expr: &Expr) -> Result<String, Internal> {
        Ok(self.js(expr)?.text)
    }

    /// An expression as one `"{% … %}"` string (a `Condition`, `Timestamp`,
    /// `Items`).
    pub fn expression(&self, expr: &Expr) -> Result<Value, Internal> {
        Ok(wrap(&self.text(expr)?))
    }

    /// An expression as a JSON template: literals, lists and objects stay
    /// JSON, everything else becomes a `"{% … %}"` leaf. Used for `Assign`
    /// values and request bodies.
    pub fn value(&self, expr: &Expr) -> Result<Value, Internal> {
        match &expr.kind {
            ExprKind::Null => Ok(Value::Null),
            ExprKind::Bool(b) => Ok(Value::Bool(*b)),
            ExprKind::Number(n) => number(&n.raw, n.value, expr),
            ExprKind::String(template) => self.template(template),
            ExprKind::List(items) => items
                .iter()
                .map(|item| self.value(item))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array),
            ExprKind::Object(entries) => {
                let mut map = Map::new();
                for (key, value) in entries {
                    map.insert(key.name.clone(), self.value(value)?);
                }
                Ok(Value::Object(map))
            }
            _ => self.expression(expr),
        }
    }

    /// A state's `Output`: an object literal stays a template; anything else
    /// is one expression (ASL accepts only an object or a JSONata string).
    pub fn output(&self, expr: &Expr) -> Result<Value, Internal> {
        match &expr.kind {
            ExprKind::Object(_) => self.value(expr),
            _ => self.expression(expr),
        }
    }

    /// A Map state's `Items`: a list literal stays a JSON array, anything
    /// else is one expression.
    pub fn items(&self, expr: &Expr) -> Result<Value, Internal> {
        match &expr.kind {
            ExprKind::List(_) => self.value(expr),
            _ => self.expression(expr),
        }
    }

    /// `Headers` or `QueryParameters`: like [`Jsonata::value`], but constant
    /// numbers and booleans are sent as their text, since header and query
    /// values are strings on the wire.
    pub fn params(&self, expr: &Expr) -> Result<Value, Internal> {
        let ExprKind::Object(entries) = &expr.kind else {
            return self.expression(expr);
        };
        let mut map = Map::new();
        for (key, value) in entries {
            let value = match &value.kind {
                ExprKind::Number(n) => Value::String(n.raw.clone()),
                ExprKind::Bool(b) => Value::String(b.to_string()),
                _ => self.value(value)?,
            };
            map.insert(key.name.clone(), value);
        }
        Ok(Value::Object(map))
    }

    /// A string that may interpolate: plain JSON when it has no
    /// interpolation, else a concatenation.
    pub fn template(&self, template: &Template) -> Result<Value, Internal> {
        match template.as_plain() {
            Some(text) => Ok(plain_string(&text)),
            None => Ok(wrap(&self.template_js(template)?.text)),
        }
    }

    /// The call URL: the endpoint's `base` joined with `path`. Returns the
    /// `ApiEndpoint` value and the IAM pattern (each interpolation replaced
    /// by `*`). Interpolated values go through `$encodeUrlComponent`, so a
    /// value holding `/`, `?` or a space stays inside its path segment.
    pub fn url(&self, base: &str, path: &Template) -> Result<(Value, UrlPattern), Internal> {
        let mut parts = path.parts.iter().peekable();
        let first = match parts.peek() {
            Some(TemplatePart::Text { text, .. }) => {
                parts.next();
                text.as_str()
            }
            _ => "",
        };
        let start = join_url(base, first, path.parts.is_empty());
        let mut pattern = UrlPattern::text(&start);
        let mut pieces = vec![jsonata_string(&start)];
        let mut dynamic = false;
        let mut plain = start;
        for part in parts {
            match part {
                TemplatePart::Text { text, .. } => {
                    pattern.push_text(text);
                    plain.push_str(text);
                    pieces.push(jsonata_string(text));
                }
                TemplatePart::Interp(expr) => {
                    dynamic = true;
                    pattern.push_wildcard();
                    let value = self.text(expr)?;
                    pieces.push(format!("$encodeUrlComponent($string({value}))"));
                }
            }
        }
        let value = if dynamic {
            wrap(&pieces.join(" & "))
        } else {
            plain_string(&plain)
        };
        Ok((value, pattern))
    }

    fn js(&self, expr: &Expr) -> Result<Js, Internal> {
        Ok(match &expr.kind {
            ExprKind::Null => Js::atom("null"),
            ExprKind::Bool(b) => Js::atom(b.to_string()),
            ExprKind::Number(n) => Js {
                text: n.raw.clone(),
                prec: if n.raw.starts_with('-') { UNARY } else { ATOM },
            },
            ExprKind::String(template) => self.template_js(template)?,
            ExprKind::List(items) => {
                let items = items
                    .iter()
                    .map(|item| self.text(item))
                    .collect::<Result<Vec<_>, _>>()?;
                Js::atom(format!("[{}]", items.join(", ")))
            }
            ExprKind::Object(entries) => {
                let entries = entries
                    .iter()
                    .map(|(key, value)| {
                        Ok(format!(
                            "{}: {}",
                            jsonata_string(&key.name),
                            self.text(value)?
                        ))
                    })
                    .collect::<Result<Vec<_>, Internal>>()?;
                Js::atom(format!("{{{}}}", entries.join(", ")))
            }
            ExprKind::Var(name) => Js::atom(self.var(name)),
            ExprKind::Field { base, field } => {
                let base = self.js(base)?;
                let needs = base.prec < ATOM;
                Js::atom(format!(
                    "{}.{}",
                    base.wrapped(needs),
                    field_name(&field.name)
                ))
            }
            ExprKind::Index { base, index } => {
                let base = self.js(base)?;
                let needs = base.prec < ATOM;
                Js::atom(format!("{}[{}]", base.wrapped(needs), self.text(index)?))
            }
            ExprKind::Call { func, args } => self.call(func, args, expr)?,
            ExprKind::Unary {
                op: UnaryOp::Not,
                expr: operand,
                ..
            } => Js::atom(format!("$not({})", self.text(operand)?)),
            ExprKind::Unary {
                op: UnaryOp::Neg,
                expr: operand,
                ..
            } => {
                let operand = self.js(operand)?;
                let needs = operand.prec < UNARY || operand.text.starts_with('-');
                Js {
                    text: format!("-{}", operand.wrapped(needs)),
                    prec: UNARY,
                }
            }
            ExprKind::Binary {
                op: BinOp::Coalesce,
                lhs,
                rhs,
                ..
            } => Js::atom(format!(
                "($V := {}; $exists($V) and $V != null ? $V : {})",
                self.text(lhs)?,
                self.text(rhs)?
            )),
            ExprKind::Binary { op, lhs, rhs, .. } => {
                let (symbol, prec, chains) = binary(*op);
                let lhs = self.js(lhs)?;
                let rhs = self.js(rhs)?;
                binary_js(lhs, symbol, rhs, prec, chains)
            }
        })
    }

    fn var(&self, name: &Ident) -> String {
        if name.name == self.input {
            EXECUTION_INPUT.to_owned()
        } else {
            format!("${}", self.vars.asl(&name.name))
        }
    }

    /// A string with interpolations as a `&` chain. Nested interpolated
    /// strings are flattened into the same chain.
    fn template_js(&self, template: &Template) -> Result<Js, Internal> {
        let mut pieces = Vec::new();
        self.template_pieces(template, &mut pieces)?;
        Ok(match pieces.len() {
            0 => Js::atom("''"),
            1 => Js::atom(pieces.concat()),
            _ => Js {
                text: pieces.join(" & "),
                prec: ADD,
            },
        })
    }

    fn template_pieces(&self, template: &Template, out: &mut Vec<String>) -> Result<(), Internal> {
        for part in &template.parts {
            match part {
                TemplatePart::Text { text, .. } => out.push(jsonata_string(text)),
                TemplatePart::Interp(Expr {
                    kind: ExprKind::String(inner),
                    ..
                }) => self.template_pieces(inner, out)?,
                // `string(x)` already gives a string.
                TemplatePart::Interp(
                    expr @ Expr {
                        kind: ExprKind::Call { func, args },
                        ..
                    },
                ) if func.name == "string" && args.len() == 1 => out.push(self.text(expr)?),
                TemplatePart::Interp(expr) => out.push(format!("$string({})", self.text(expr)?)),
            }
        }
        Ok(())
    }

    fn call(&self, func: &Ident, args: &[Expr], call: &Expr) -> Result<Js, Internal> {
        let text = |i: usize| -> Result<String, Internal> {
            let arg = args
                .get(i)
                .ok_or_else(|| Internal::new(call.span, "missing argument"))?;
            self.text(arg)
        };
        let first_kind = args.first().map(|a| &a.kind);
        let js = match (func.name.as_str(), args.len()) {
            ("len", 1) => match first_kind {
                Some(ExprKind::String(_)) => Js::atom(format!("$length({})", text(0)?)),
                Some(ExprKind::List(_)) => Js::atom(format!("$count({})", text(0)?)),
                _ => Js::atom(format!(
                    "($L := {}; $type($L) = 'string' ? $length($L) : $count($L))",
                    text(0)?
                )),
            },
            ("exists", 1) => Js::atom(format!("$exists({})", text(0)?)),
            ("upper", 1) => Js::atom(format!("$uppercase({})", text(0)?)),
            ("lower", 1) => Js::atom(format!("$lowercase({})", text(0)?)),
            ("contains", 2) => match first_kind {
                Some(ExprKind::String(_)) => {
                    Js::atom(format!("$contains({}, {})", text(0)?, text(1)?))
                }
                Some(ExprKind::List(_)) => {
                    let (Some(list), Some(item)) = (args.first(), args.get(1)) else {
                        return Err(Internal::new(call.span, "missing argument"));
                    };
                    binary_js(self.js(item)?, "in", self.js(list)?, CMP, false)
                }
                _ => {
                    let item = args
                        .get(1)
                        .ok_or_else(|| Internal::new(call.span, "missing argument"))?;
                    let member = binary_js(self.js(item)?, "in", Js::atom("$C"), CMP, false);
                    Js::atom(format!(
                        "($C := {}; $type($C) = 'array' ? {} : $contains($C, {}))",
                        text(0)?,
                        member.text,
                        text(1)?
                    ))
                }
            },
            ("starts_with", 2) => Js::atom(format!(
                "($S := {}; $P := {}; $substring($S, 0, $length($P)) = $P)",
                text(0)?,
                text(1)?
            )),
            ("now", 0) => Js::atom("$now()"),
            // Step Functions adds `$uuid()` to JSONata's library.
            ("uuid", 0) => Js::atom("$uuid()"),
            ("string", 1) => Js::atom(format!("$string({})", text(0)?)),
            ("number", 1) => Js::atom(format!("$number({})", text(0)?)),
            (name, count) => {
                return Err(Internal::new(
                    func.span,
                    format!("no library function `{name}` takes {count} argument(s)"),
                ));
            }
        };
        Ok(js)
    }

    /// The condition of one `match` arm: `scrutinee = p1 or scrutinee = p2`.
    /// A scrutinee that is not a plain path is bound once in a block, so a
    /// call such as `uuid()` is not evaluated per pattern.
    pub fn match_condition(&self, scrutinee: &Expr, patterns: &[&Expr]) -> Result<Value, Internal> {
        let simple = is_path(scrutinee);
        let subject = if simple {
            self.js(scrutinee)?
        } else {
            Js::atom("$M")
        };
        let mut tests = Vec::with_capacity(patterns.len());
        for pattern in patterns {
            tests.push(binary_js(subject.clone(), "=", self.js(pattern)?, CMP, false).text);
        }
        let test = tests.join(" or ");
        if simple {
            Ok(wrap(&test))
        } else {
            Ok(wrap(&format!("($M := {}; {test})", self.text(scrutinee)?)))
        }
    }
}

/// `lhs op rhs` with the parentheses JSONata needs. `chains` is false for
/// comparisons, which SFL does not let chain.
fn binary_js(lhs: Js, op: &str, rhs: Js, prec: u8, chains: bool) -> Js {
    let left_needs = lhs.prec < prec || (!chains && lhs.prec == prec);
    let right_needs = rhs.prec <= prec;
    Js {
        text: format!(
            "{} {op} {}",
            lhs.wrapped(left_needs),
            rhs.wrapped(right_needs)
        ),
        prec,
    }
}

/// The JSONata spelling, binding power and associativity of an operator.
fn binary(op: BinOp) -> (&'static str, u8, bool) {
    match op {
        BinOp::Or => ("or", OR, true),
        BinOp::And => ("and", AND, true),
        BinOp::Eq => ("=", CMP, false),
        BinOp::Ne => ("!=", CMP, false),
        BinOp::Lt => ("<", CMP, false),
        BinOp::Le => ("<=", CMP, false),
        BinOp::Gt => (">", CMP, false),
        BinOp::Ge => (">=", CMP, false),
        BinOp::In => ("in", CMP, false),
        // Lowered as a block before reaching here; kept total for safety.
        BinOp::Coalesce => ("??", CMP, false),
        BinOp::Add => ("+", ADD, true),
        BinOp::Sub => ("-", ADD, true),
        BinOp::Mul => ("*", MUL, true),
        BinOp::Div => ("/", MUL, true),
        BinOp::Rem => ("%", MUL, true),
    }
}

/// Whether an expression is a variable followed by fields and constant
/// indexes (cheap and side-effect free to evaluate twice).
fn is_path(expr: &Expr) -> bool {
    match &expr.kind {
        ExprKind::Var(_) => true,
        ExprKind::Field { base, .. } => is_path(base),
        ExprKind::Index { base, index } => {
            matches!(index.kind, ExprKind::Number(_) | ExprKind::String(_)) && is_path(base)
        }
        _ => false,
    }
}

fn number(raw: &str, value: f64, expr: &Expr) -> Result<Value, Internal> {
    if let Ok(number) = serde_json::from_str::<Number>(raw) {
        return Ok(Value::Number(number));
    }
    Number::from_f64(value)
        .map(Value::Number)
        .ok_or_else(|| Internal::new(expr.span, format!("`{raw}` is not a JSON number")))
}

/// A constant string as an ASL value. A string ASL would read as an
/// expression (it starts with `{%` or ends with `%}`) or that JSON-Schema
/// checks of ASL reject in templates (empty, or with a line break) is
/// written as a JSONata string literal instead, which evaluates to the same
/// text.
pub fn plain_string(text: &str) -> Value {
    let trimmed = text.trim();
    let awkward = text.is_empty()
        || trimmed.starts_with("{%")
        || trimmed.ends_with("%}")
        || text.contains(['\n', '\r', '\u{2028}', '\u{2029}']);
    if awkward {
        wrap(&jsonata_string(text))
    } else {
        Value::String(text.to_owned())
    }
}

/// A JSONata string literal for `text`, single-quoted so the JSON it is
/// embedded in needs fewer escapes. JSONata understands JSON's escapes only
/// (no `\'`), so a quote is written `\u0027`; a `%` next to a brace is
/// written `\u0025` so the literal can never contain the `{%`/`%}`
/// delimiters; line breaks are escaped so the expression stays on one line.
pub fn jsonata_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    let mut previous = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\u0027"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '%' if previous == Some('{') || chars.peek() == Some(&'}') => {
                out.push_str("\\u0025");
            }
            c if u32::from(c) < 0x20 || matches!(c, '\u{7f}' | '\u{2028}' | '\u{2029}') => {
                out.push_str(&format!("\\u{:04x}", u32::from(c)));
            }
            c => out.push(c),
        }
        previous = Some(c);
    }
    out.push('\'');
    out
}

/// A field name in a JSONata path, quoted with backticks when JSONata would
/// read it as something else.
fn field_name(name: &str) -> String {
    let simple = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if simple && !JSONATA_WORDS.contains(&name) {
        name.to_owned()
    } else {
        format!("`{name}`")
    }
}

/// The endpoint URL followed by the start of the path, with exactly one `/`
/// between them.
fn join_url(base: &str, path_start: &str, path_is_empty: bool) -> String {
    if path_is_empty {
        return base.to_owned();
    }
    let base_slash = base.ends_with('/');
    match (base_slash, path_start.strip_prefix('/')) {
        (true, Some(rest)) => format!("{base}{rest}"),
        (true, None) | (false, Some(_)) => format!("{base}{path_start}"),
        (false, None) if path_start.starts_with(['?', '#']) => format!("{base}{path_start}"),
        (false, None) => format!("{base}/{path_start}"),
    }
}

#[cfg(test)]
mod tests {
    #![expect(clippy::unwrap_used, reason = "test code")]

    use super::*;
    use crate::graph::PatternPart;
    use crate::source::Span;

    use super::super::test_ast::{bin, call, e, field, index, lit, num, string, text, var};

    fn translate(expr: &Expr) -> String {
        let vars = VarNames::default();
        Jsonata::new("input", &vars).text(expr).unwrap()
    }

    #[test]
    fn variables_and_input() {
        assert_eq!(
            translate(&field(var("input"), "order_id")),
            "$states.context.Execution.Input.order_id"
        );
        assert_eq!(
            translate(&field(field(var("order"), "body"), "id")),
            "$order.body.id"
        );
        assert_eq!(translate(&field(var("x"), "and")), "$x.`and`");
    }

    #[test]
    fn renamed_variables_are_used() {
        let workflow_vars = {
            let order = vec!["count".to_owned()];
            let taken = order.iter().cloned().collect();
            VarNames::from_names_for_tests(&order, &taken)
        };
        let js = Jsonata::new("input", &workflow_vars);
        assert_eq!(
            js.text(&bin(BinOp::Add, var("count"), num("1"))).unwrap(),
            "$count_v + 1"
        );
    }

    #[test]
    fn operators_and_precedence() {
        let cond = bin(
            BinOp::And,
            bin(BinOp::Gt, field(var("o"), "total"), num("1000")),
            bin(BinOp::Eq, field(var("o"), "status"), lit("open")),
        );
        assert_eq!(translate(&cond), "$o.total > 1000 and $o.status = 'open'");
        let sum = bin(BinOp::Mul, bin(BinOp::Add, var("a"), var("b")), var("c"));
        assert_eq!(translate(&sum), "($a + $b) * $c");
        let sub = bin(BinOp::Sub, var("a"), bin(BinOp::Sub, var("b"), var("c")));
        assert_eq!(translate(&sub), "$a - ($b - $c)");
        let left = bin(BinOp::Sub, bin(BinOp::Sub, var("a"), var("b")), var("c"));
        assert_eq!(translate(&left), "$a - $b - $c");
        let or_in_and = bin(BinOp::And, bin(BinOp::Or, var("a"), var("b")), var("c"));
        assert_eq!(translate(&or_in_and), "($a or $b) and $c");
        let not = e(ExprKind::Unary {
            op: UnaryOp::Not,
            op_span: Span::default(),
            expr: Box::new(bin(BinOp::Eq, var("a"), num("1"))),
        });
        assert_eq!(translate(&not), "$not($a = 1)");
        let neg = e(ExprKind::Unary {
            op: UnaryOp::Neg,
            op_span: Span::default(),
            expr: Box::new(num("-1")),
        });
        assert_eq!(translate(&bin(BinOp::Sub, var("a"), neg)), "$a - -(-1)");
        let member = bin(
            BinOp::In,
            var("s"),
            e(ExprKind::List(vec![lit("a"), lit("b")])),
        );
        assert_eq!(translate(&member), "$s in ['a', 'b']");
    }

    #[test]
    fn coalesce_evaluates_its_left_side_once() {
        let expr = bin(BinOp::Coalesce, field(var("c"), "tier"), lit("standard"));
        assert_eq!(
            translate(&expr),
            "($V := $c.tier; $exists($V) and $V != null ? $V : 'standard')"
        );
        // Inside a comparison the block needs no extra parentheses.
        let cmp = bin(BinOp::Eq, expr, lit("gold"));
        assert!(translate(&cmp).ends_with(": 'standard') = 'gold'"));
    }

    #[test]
    fn interpolation_concatenates_strings() {
        let s = string(vec![
            text("export "),
            TemplatePart::Interp(field(var("job"), "id")),
            text(" failed"),
        ]);
        assert_eq!(translate(&s), "'export ' & $string($job.id) & ' failed'");
        let only = string(vec![TemplatePart::Interp(var("x"))]);
        assert_eq!(translate(&only), "$string($x)");
        assert_eq!(translate(&string(vec![])), "''");
        let converted = string(vec![TemplatePart::Interp(call("string", vec![var("n")]))]);
        assert_eq!(translate(&converted), "$string($n)");
        // Concatenation binds like `+`, so a comparison needs no parentheses
        // but a product would.
        let cmp = bin(BinOp::Eq, s, lit("x"));
        assert!(translate(&cmp).starts_with("'export ' &"));
    }

    #[test]
    fn string_literals_are_escaped() {
        assert_eq!(jsonata_string("it's"), "'it\\u0027s'");
        assert_eq!(jsonata_string("a\\b\nc"), "'a\\\\b\\nc'");
        assert_eq!(jsonata_string("{% x %}"), "'{\\u0025 x \\u0025}'");
        assert_eq!(jsonata_string("100%"), "'100%'");
        assert_eq!(jsonata_string("\u{1}"), "'\\u0001'");
    }

    #[test]
    fn awkward_plain_strings_become_expressions() {
        assert_eq!(plain_string("open"), Value::String("open".into()));
        assert_eq!(plain_string(""), Value::String("{% '' %}".into()));
        assert_eq!(
            plain_string("{% not code %}"),
            Value::String("{% '{\\u0025 not code \\u0025}' %}".into())
        );
        assert_eq!(plain_string("a\nb"), Value::String("{% 'a\\nb' %}".into()));
    }

    #[test]
    fn library_functions() {
        assert_eq!(translate(&call("len", vec![lit("abc")])), "$length('abc')");
        assert_eq!(
            translate(&call("len", vec![var("xs")])),
            "($L := $xs; $type($L) = 'string' ? $length($L) : $count($L))"
        );
        assert_eq!(translate(&call("upper", vec![var("s")])), "$uppercase($s)");
        assert_eq!(
            translate(&call("contains", vec![var("s"), lit("x")])),
            "($C := $s; $type($C) = 'array' ? 'x' in $C : $contains($C, 'x'))"
        );
        assert_eq!(
            translate(&call("starts_with", vec![var("s"), lit("ab")])),
            "($S := $s; $P := 'ab'; $substring($S, 0, $length($P)) = $P)"
        );
        assert_eq!(translate(&call("uuid", vec![])), "$uuid()");
        assert_eq!(translate(&call("now", vec![])), "$now()");
        let vars = VarNames::default();
        assert!(
            Jsonata::new("input", &vars)
                .text(&call("nope", vec![]))
                .is_err()
        );
    }

    #[test]
    fn indexes_follow_paths() {
        let expr = index(index(var("m"), num("0")), num("1"));
        assert_eq!(translate(&expr), "$m[0][1]");
        let path = field(index(field(var("o"), "lines"), num("0")), "sku");
        assert_eq!(translate(&path), "$o.lines[0].sku");
    }

    #[test]
    fn values_keep_constant_parts_as_json() {
        let vars = VarNames::default();
        let js = Jsonata::new("input", &vars);
        let object = e(ExprKind::Object(vec![
            (
                crate::syntax::ast::Key {
                    name: "order".into(),
                    span: Span::default(),
                },
                field(var("o"), "id"),
            ),
            (
                crate::syntax::ast::Key {
                    name: "n".into(),
                    span: Span::default(),
                },
                num("2.5"),
            ),
        ]));
        assert_eq!(
            js.value(&object).unwrap(),
            serde_json::json!({"order": "{% $o.id %}", "n": 2.5})
        );
        assert_eq!(
            js.output(&num("1")).unwrap(),
            Value::String("{% 1 %}".into())
        );
        assert_eq!(
            js.params(&e(ExprKind::Object(vec![(
                crate::syntax::ast::Key {
                    name: "limit".into(),
                    span: Span::default(),
                },
                num("20"),
            )])))
            .unwrap(),
            serde_json::json!({"limit": "20"})
        );
    }

    #[test]
    fn urls_encode_interpolated_values() {
        let vars = VarNames::default();
        let js = Jsonata::new("input", &vars);
        let path = Template {
            parts: vec![
                text("/orders/"),
                TemplatePart::Interp(field(var("input"), "order_id")),
                text("/lines"),
            ],
            span: Span::default(),
        };
        let (value, pattern) = js.url("https://b.example.com/v1", &path).unwrap();
        assert_eq!(
            value,
            Value::String(
                "{% 'https://b.example.com/v1/orders/' & \
                 $encodeUrlComponent($string($states.context.Execution.Input.order_id)) \
                 & '/lines' %}"
                    .into()
            )
        );
        assert_eq!(
            pattern.parts,
            [
                PatternPart::Text("https://b.example.com/v1/orders/".into()),
                PatternPart::Wildcard,
                PatternPart::Text("/lines".into()),
            ]
        );
        let plain = Template {
            parts: vec![text("/invoices")],
            span: Span::default(),
        };
        let (value, pattern) = js.url("https://b.example.com/", &plain).unwrap();
        assert_eq!(
            value,
            Value::String("https://b.example.com/invoices".into())
        );
        assert_eq!(pattern, UrlPattern::text("https://b.example.com/invoices"));
    }

    #[test]
    fn url_joining() {
        assert_eq!(join_url("https://h", "/a", false), "https://h/a");
        assert_eq!(join_url("https://h/", "/a", false), "https://h/a");
        assert_eq!(join_url("https://h/", "a", false), "https://h/a");
        assert_eq!(join_url("https://h", "a", false), "https://h/a");
        assert_eq!(join_url("https://h", "?q=1", false), "https://h?q=1");
        assert_eq!(join_url("https://h", "", true), "https://h");
    }

    #[test]
    fn match_conditions() {
        let vars = VarNames::default();
        let js = Jsonata::new("input", &vars);
        let a = lit("a");
        let b = lit("b");
        assert_eq!(
            js.match_condition(&field(var("c"), "state"), &[&a, &b])
                .unwrap(),
            Value::String("{% $c.state = 'a' or $c.state = 'b' %}".into())
        );
        assert_eq!(
            js.match_condition(&call("lower", vec![var("s")]), &[&a])
                .unwrap(),
            Value::String("{% ($M := $lowercase($s); $M = 'a') %}".into())
        );
    }
}

//! JSONata evaluation for the runner: parses each expression once, binds
//! `$states` and the workflow variables, and adds what Step Functions adds
//! to the language (`$uuid`, `$random`, `$partition`, `$range`, `$parse`,
//! `$hash`), with `$now`/`$millis` on the virtual clock.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use indexmap::IndexMap;
use jsonata_core::ast::AstNode;
use jsonata_core::evaluator::{Context, Evaluator, EvaluatorError};
use jsonata_core::value::JValue;
use serde_json::Value;

use super::recovery::Rng;

/// The virtual clock's zero: every run starts at this instant, so `$now()`
/// and `Execution.StartTime` are the same for the same run.
pub(super) const START_EPOCH_MS: i64 = 1_767_225_600_000; // 2026-01-01T00:00:00Z

/// Why an expression gave no value: the cause of a
/// `States.QueryEvaluationError`.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct EvalError(pub(super) String);

/// The workflow variables in scope, by name.
pub(super) type Vars = HashMap<String, JValue>;

/// Parses and evaluates JSONata, with the run's clock and RNG.
pub(super) struct Jsonata {
    parsed: RefCell<HashMap<String, Rc<Parsed>>>,
    /// Seconds on the virtual clock; read by `$now()`.
    pub(super) clock: Rc<Cell<f64>>,
    rng: Rc<RefCell<Rng>>,
}

impl Jsonata {
    pub(super) fn new(rng: Rc<RefCell<Rng>>) -> Jsonata {
        Jsonata {
            parsed: RefCell::new(HashMap::new()),
            clock: Rc::new(Cell::new(0.0)),
            rng,
        }
    }

    /// Evaluates a field of the definition: a `"{% … %}"` string is an
    /// expression; objects and arrays are walked; anything else is itself.
    /// A field whose expression yields undefined is an error, as in Step
    /// Functions.
    pub(super) fn template(
        &self,
        field: &Value,
        vars: &Vars,
        states: &JValue,
    ) -> Result<JValue, EvalError> {
        match field {
            Value::String(text) => match expression_of(text) {
                Some(expr) => {
                    let value = self.expression(expr, vars, states)?;
                    if value.is_undefined() {
                        return Err(EvalError(format!(
                            "The JSONata expression '{expr}' returned nothing (undefined)"
                        )));
                    }
                    Ok(value)
                }
                None => Ok(JValue::string(text.as_str())),
            },
            Value::Array(items) => items
                .iter()
                .map(|item| self.template(item, vars, states))
                .collect::<Result<Vec<_>, _>>()
                .map(JValue::array),
            Value::Object(fields) => {
                let mut out = IndexMap::with_capacity(fields.len());
                for (key, item) in fields {
                    out.insert(key.clone(), self.template(item, vars, states)?);
                }
                Ok(JValue::object(out))
            }
            other => Ok(JValue::from(other.clone())),
        }
    }

    /// Evaluates one expression (without the `{% %}`); the result may be
    /// undefined.
    pub(super) fn expression(
        &self,
        expr: &str,
        vars: &Vars,
        states: &JValue,
    ) -> Result<JValue, EvalError> {
        let parsed = self.parse(expr)?;
        // Only what the expression names is bound: a loop of 10,000
        // iterations evaluates tens of thousands of expressions.
        let mut context = Context::new();
        for name in &parsed.names {
            if name == "states" {
                context.bind(name.clone(), states.clone());
            } else if let Some(value) = vars.get(name) {
                context.bind(name.clone(), value.clone());
            }
        }
        let mut evaluator = Evaluator::with_context(context);
        self.add_functions(&mut evaluator, &parsed.names)?;
        evaluator
            .evaluate(&parsed.ast, &JValue::Undefined)
            .map(plain)
            .map_err(|e| EvalError(format!("The JSONata expression '{expr}' failed: {e}")))
    }

    fn parse(&self, expr: &str) -> Result<Rc<Parsed>, EvalError> {
        if let Some(parsed) = self.parsed.borrow().get(expr) {
            return Ok(Rc::clone(parsed));
        }
        let ast = jsonata_core::parser::parse(expr).map_err(|e| {
            EvalError(format!(
                "The JSONata expression '{expr}' does not parse: {e}"
            ))
        })?;
        let parsed = Rc::new(Parsed {
            ast,
            names: dollar_names(expr),
        });
        self.parsed
            .borrow_mut()
            .insert(expr.to_owned(), Rc::clone(&parsed));
        Ok(parsed)
    }

    fn add_functions(&self, evaluator: &mut Evaluator, names: &[String]) -> Result<(), EvalError> {
        let internal = |e: EvaluatorError| EvalError(format!("cannot add a function: {e}"));
        if !names
            .iter()
            .any(|n| STEP_FUNCTIONS_NAMES.contains(&n.as_str()))
        {
            return Ok(());
        }
        let rng = Rc::clone(&self.rng);
        evaluator
            .register_fn("uuid", move |_: &[JValue]| {
                Ok(JValue::string(rng.borrow_mut().uuid()))
            })
            .map_err(internal)?;
        let rng = Rc::clone(&self.rng);
        evaluator
            .register_fn_override("random", move |_: &[JValue]| {
                Ok(JValue::Number(rng.borrow_mut().unit()))
            })
            .map_err(internal)?;
        let clock = Rc::clone(&self.clock);
        evaluator
            .register_fn_override("now", move |_: &[JValue]| {
                Ok(JValue::string(iso(clock.get())))
            })
            .map_err(internal)?;
        let clock = Rc::clone(&self.clock);
        evaluator
            .register_fn_override("millis", move |_: &[JValue]| {
                Ok(JValue::Number(epoch_ms(clock.get()) as f64))
            })
            .map_err(internal)?;
        evaluator
            .register_fn_override("encodeUrlComponent", encode_url_component)
            .map_err(internal)?;
        evaluator
            .register_fn("partition", partition)
            .map_err(internal)?;
        evaluator.register_fn("range", range).map_err(internal)?;
        evaluator
            .register_fn("parse", parse_json)
            .map_err(internal)?;
        evaluator.register_fn("hash", hash).map_err(internal)?;
        Ok(())
    }
}

/// An expression parsed once, with the `$names` it mentions.
struct Parsed {
    ast: AstNode,
    names: Vec<String>,
}

/// The functions the runner adds or replaces.
const STEP_FUNCTIONS_NAMES: [&str; 9] = [
    "uuid",
    "random",
    "now",
    "millis",
    "encodeUrlComponent",
    "partition",
    "range",
    "parse",
    "hash",
];

/// Every distinct `$name` in the text (inside string literals too, which
/// only binds a value more than needed).
fn dollar_names(expr: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut rest = expr;
    while let Some(at) = rest.find('$') {
        let after = rest.get(at + 1..).unwrap_or_default();
        let end = after
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        let name = after.get(..end).unwrap_or_default();
        if !name.is_empty() && !names.iter().any(|n| n == name) {
            names.push(name.to_owned());
        }
        rest = after;
    }
    names
}

/// The expression inside `{% … %}`, if the whole string is one.
pub(super) fn expression_of(text: &str) -> Option<&str> {
    text.strip_prefix("{%")
        .and_then(|rest| rest.strip_suffix("%}"))
        .map(str::trim)
}

/// Milliseconds since the Unix epoch at `seconds` on the virtual clock.
pub(super) fn epoch_ms(seconds: f64) -> i64 {
    START_EPOCH_MS + (seconds * 1000.0).round() as i64
}

/// ISO-8601 (UTC, milliseconds) of a virtual instant.
pub(super) fn iso(seconds: f64) -> String {
    chrono::DateTime::from_timestamp_millis(epoch_ms(seconds))
        .map(|t| t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
        .unwrap_or_default()
}

/// A value as it is after Step Functions has stored it: plain JSON, with
/// the evaluator's sequence marks gone, functions as null and undefined
/// members dropped.
pub(super) fn plain(value: JValue) -> JValue {
    match value {
        JValue::Array(items) => JValue::array(
            items
                .iter()
                .filter(|v| !v.is_undefined())
                .map(|v| plain(v.clone()))
                .collect(),
        ),
        JValue::Object(fields) => JValue::object(
            fields
                .iter()
                .filter(|(_, v)| !v.is_undefined())
                .map(|(k, v)| (k.clone(), plain(v.clone())))
                .collect(),
        ),
        JValue::Lambda(_) | JValue::Builtin { .. } | JValue::Regex { .. } => JValue::Null,
        other => other,
    }
}

/// A runtime value as JSON; numbers that are whole print without a
/// fraction, as jsonata-js and Step Functions print them.
pub(super) fn to_json(value: &JValue) -> Value {
    match value {
        JValue::Null | JValue::Undefined => Value::Null,
        JValue::Bool(b) => Value::Bool(*b),
        JValue::Number(n) => number(*n),
        JValue::String(s) => Value::String(s.to_string()),
        JValue::Array(items) => Value::Array(
            items
                .iter()
                .filter(|v| !v.is_undefined())
                .map(to_json)
                .collect(),
        ),
        JValue::Object(fields) => Value::Object(
            fields
                .iter()
                .filter(|(_, v)| !v.is_undefined())
                .map(|(k, v)| (k.clone(), to_json(v)))
                .collect(),
        ),
        _ => Value::Null,
    }
}

fn number(n: f64) -> Value {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    if n.fract() == 0.0 && n.abs() < EXACT {
        Value::from(n as i64)
    } else {
        serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)
    }
}

fn arg_error(message: &str) -> EvaluatorError {
    EvaluatorError::EvaluationError(message.to_owned())
}

/// JavaScript's `encodeURIComponent`: everything but `A-Z a-z 0-9 - _ . ! ~
/// * ' ( )` is percent-encoded as UTF-8. (jsonata-core 2.2.13 also encodes
/// `-`, unlike the reference; measured in docs/jsonata-engine.md.)
fn encode_url_component(args: &[JValue]) -> Result<JValue, EvaluatorError> {
    let Some(text) = args.first().and_then(JValue::as_str) else {
        return Ok(JValue::Undefined);
    };
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    Ok(JValue::string(out))
}

/// `$partition(array, size)`: the array cut into chunks of `size`.
fn partition(args: &[JValue]) -> Result<JValue, EvaluatorError> {
    let items = args
        .first()
        .and_then(JValue::as_array)
        .ok_or_else(|| arg_error("$partition: the first argument must be an array"))?;
    let size = args
        .get(1)
        .and_then(JValue::as_f64)
        .filter(|s| *s >= 1.0 && s.fract() == 0.0)
        .ok_or_else(|| arg_error("$partition: the size must be a positive integer"))?;
    Ok(JValue::array(
        items
            .chunks(size as usize)
            .map(|chunk| JValue::array(chunk.to_vec()))
            .collect(),
    ))
}

/// `$range(start, end, step)`: from `start` to `end` inclusive.
fn range(args: &[JValue]) -> Result<JValue, EvaluatorError> {
    let arg = |i: usize| args.get(i).and_then(JValue::as_f64);
    let (Some(start), Some(end)) = (arg(0), arg(1)) else {
        return Err(arg_error("$range: start and end must be numbers"));
    };
    let step = arg(2).unwrap_or(1.0);
    if step == 0.0 || !step.is_finite() {
        return Err(arg_error("$range: the step must not be zero"));
    }
    let mut out = Vec::new();
    let mut at = start;
    while (step > 0.0 && at <= end) || (step < 0.0 && at >= end) {
        if out.len() >= 1_000 {
            return Err(arg_error("$range: more than 1000 items"));
        }
        out.push(JValue::Number(at));
        at += step;
    }
    Ok(JValue::array(out))
}

/// `$parse(text)`: JSON text to a value.
fn parse_json(args: &[JValue]) -> Result<JValue, EvaluatorError> {
    let text = args
        .first()
        .and_then(JValue::as_str)
        .ok_or_else(|| arg_error("$parse: the argument must be a string"))?;
    serde_json::from_str::<Value>(text)
        .map(JValue::from)
        .map_err(|e| arg_error(&format!("$parse: {e}")))
}

/// `$hash` needs a digest library aslc does not carry: it fails the state
/// with a clear cause instead of giving a wrong value.
fn hash(_: &[JValue]) -> Result<JValue, EvaluatorError> {
    Err(arg_error("$hash is not supported by aslc run"))
}

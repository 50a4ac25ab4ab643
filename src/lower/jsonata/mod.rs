//! Part of stage 3, lower: SFL expressions → JSONata.
//!
//! Takes AST expressions and returns either JSONata text (for a Choice
//! `Condition`, a `Timestamp`, …) or a JSON value in which constant parts
//! stay plain JSON and only the dynamic leaves are `"{% … %}"` strings (for
//! `Arguments`, `Assign`, `Output`).
//!
//! Expressions become a JSONata tree first ([`ast`], built by
//! [`translate`]), which [`print`] writes with the parentheses and escapes
//! JSONata needs; nothing here concatenates JSONata text by hand.

mod absent;
pub mod ast;
mod library;
pub mod print;
mod translate;

#[cfg(test)]
mod tests;

use serde_json::{Map, Number, Value};

use self::ast::{BinaryOp, Node};
use self::print::{print, string_literal};
use self::translate::is_string;
use super::diagnostics::Internal;
use super::vars::VarNames;
use crate::aws;
use crate::check::Checked;
use crate::check::types::Type;
use crate::graph::{PLACEHOLDER_OPENER, UrlPattern};
use crate::syntax::ast::{Expr, ExprKind, Key, Template, TemplatePart};

/// The type `check` inferred for each expression: what decides between a
/// field read and an index, `$length` and `$count`, and whether a value
/// needs `$string`.
pub trait ExprTypes {
    /// The structural type of `expr` (`any` when unknown).
    fn type_of(&self, expr: &Expr) -> &Type;
}

impl ExprTypes for Checked<'_> {
    fn type_of(&self, expr: &Expr) -> &Type {
        Checked::type_of(self, expr)
    }
}

/// Translates expressions of one workflow.
#[derive(Clone, Copy)]
pub struct Jsonata<'a> {
    /// The workflow parameter's name (`input` unless declared otherwise).
    input: &'a str,
    /// ASL names of the variables.
    vars: &'a VarNames,
    /// What check knows about each expression's type.
    types: &'a dyn ExprTypes,
    /// The element variables of the comprehensions being translated.
    elements: &'a [String],
    /// Variables read as something else for the moment: a statement folded
    /// into the state that assigns them reads what that state assigns
    /// (`$states.result…`, `$states.input`), since an `Assign` sees the
    /// values from before its state.
    overrides: Option<&'a Overrides>,
}

/// ASL variable name → the tree to read instead (see [`Jsonata`]).
pub type Overrides = std::cell::RefCell<Vec<(String, Node)>>;

impl std::fmt::Debug for Jsonata<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Jsonata")
            .field("input", &self.input)
            .field("vars", &self.vars)
            .finish_non_exhaustive()
    }
}

/// A complete JSONata value for ASL: `"{% text %}"`.
fn wrap(text: &str) -> Value {
    Value::String(format!("{{% {text} %}}"))
}

/// A tree as a complete JSONata value for ASL.
pub(crate) fn wrap_node(node: &Node) -> Value {
    wrap(&print(node))
}

/// `$states.<path>` as a complete JSONata value: the state's input,
/// result or error output (aws.md §2 "`$states` reserved variable").
pub fn states(path: &[&str]) -> Value {
    let node = path
        .iter()
        .fold(Node::var("states"), |base, field| Node::field(base, *field));
    wrap_node(&node)
}

/// `$states.errorOutput.Cause` when it is a string, else `''`: every
/// handler's `e.cause`, since an error may come without a cause (a `fail`
/// without one in a `parallel` branch or `for` body) and the handler's
/// `Assign` must not be undefined.
pub fn caught_cause() -> Value {
    let cause = Node::field(Node::field(Node::var("states"), "errorOutput"), "Cause");
    let is_string = Node::binary(
        Node::call("type", vec![cause.clone()]),
        BinaryOp::Eq,
        Node::str("string"),
    );
    wrap_node(&Node::condition(is_string, cause, Node::str("")))
}

/// What a call's variable holds: `x.status`, `x.body`, … as the task
/// result's fields (aws.md §1 "Result"). The body is `null` when there is
/// none, and parsed when `parse` (see [`absent::response_body`]).
pub fn response(parse: bool) -> Node {
    let result = |field: &str| Node::field(Node::field(Node::var("states"), "result"), field);
    Node::Object(vec![
        ("status".to_owned(), result("StatusCode")),
        ("status_text".to_owned(), result("StatusText")),
        ("headers".to_owned(), result("Headers")),
        ("body".to_owned(), absent::response_body(parse)),
    ])
}

/// An object tree as a JSON object of `"{% … %}"` leaves; any other tree as
/// one expression.
pub fn template_of(node: &Node) -> Value {
    match node {
        Node::Object(entries) => Value::Object(
            entries
                .iter()
                .map(|(key, value)| (key.clone(), wrap_node(value)))
                .collect(),
        ),
        other => wrap_node(other),
    }
}

/// `(a) and (b)` of two complete conditions (`"{% … %}"`), for a Choice
/// rule that takes over the test of the Choice it led to. The two texts are
/// whole expressions already printed, so parenthesising each keeps its
/// meaning. `None` when either is not an expression.
pub fn both(a: &Value, b: &Value) -> Option<Value> {
    let inner = |v: &Value| {
        v.as_str()?
            .strip_prefix("{% ")?
            .strip_suffix(" %}")
            .map(str::to_owned)
    };
    Some(wrap(&format!("({}) and ({})", inner(a)?, inner(b)?)))
}

/// The JSONata expression that evaluates to `null`; used where ASL needs an
/// expression rather than a JSON `null` (a state's `Output`).
pub fn null_output() -> Value {
    wrap_node(&Node::Null)
}

impl<'a> Jsonata<'a> {
    /// A translator for a workflow whose parameter is named `input`.
    pub fn new(input: &'a str, vars: &'a VarNames, types: &'a dyn ExprTypes) -> Jsonata<'a> {
        Jsonata {
            input,
            vars,
            types,
            elements: &[],
            overrides: None,
        }
    }

    /// The same translator, reading the variables listed in `overrides`
    /// (whenever it lists them) as the trees given there.
    pub fn with_overrides(self, overrides: &'a Overrides) -> Jsonata<'a> {
        Jsonata {
            overrides: Some(overrides),
            ..self
        }
    }

    /// The tree a variable is read as instead of `$name`, if any.
    fn overridden(&self, asl_name: &str) -> Option<Node> {
        let overrides = self.overrides?.try_borrow().ok()?;
        overrides
            .iter()
            .find(|(name, _)| name == asl_name)
            .map(|(_, node)| node.clone())
    }

    /// The JSONata text of an expression, without `{% %}`.
    pub fn text(&self, expr: &Expr) -> Result<String, Internal> {
        Ok(print(&self.node(expr)?))
    }

    /// An expression as one `"{% … %}"` string (a `Timestamp`, a leaf of
    /// `Arguments`, `Assign` or `Output`); `null` when the value it reads
    /// is missing.
    pub fn expression(&self, expr: &Expr) -> Result<Value, Internal> {
        Ok(wrap_node(&self.defined(expr, Node::Null)?))
    }

    /// A Choice `Condition`: false when the value it tests is missing.
    pub fn condition(&self, expr: &Expr) -> Result<Value, Internal> {
        Ok(wrap_node(&self.defined(expr, Node::Bool(false))?))
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
            ExprKind::Object(entries) if entries.iter().any(|(key, _)| key_misread(&key.name)) => {
                self.expression(expr)
            }
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

    /// An event's `Detail`: an object as [`Jsonata::value`] writes it
    /// (`{}` when the value is missing), with `taskToken` set to the task
    /// token when the state waits for it (check refused a detail that has
    /// the field already).
    pub fn event_detail(&self, expr: &Expr, token_field: Option<&str>) -> Result<Value, Internal> {
        let token = || {
            Node::field(
                Node::field(Node::field(Node::var("states"), "context"), "Task"),
                "Token",
            )
        };
        let value = match &expr.kind {
            ExprKind::Object(_) => self.value(expr)?,
            _ => wrap_node(&self.defined(expr, Node::Object(Vec::new()))?),
        };
        let Some(field) = token_field else {
            return Ok(value);
        };
        match value {
            Value::Object(mut map) => {
                map.insert(field.to_owned(), wrap_node(&token()));
                Ok(Value::Object(map))
            }
            _ => {
                let whole = self.defined(expr, Node::Object(Vec::new()))?;
                let merged = Node::call(
                    "merge",
                    vec![Node::Array(vec![
                        whole,
                        Node::Object(vec![(field.to_owned(), token())]),
                    ])],
                );
                Ok(wrap_node(&merged))
            }
        }
    }

    /// The answer of a waiting `emit`: the task's result.
    pub fn task_result() -> Node {
        Node::field(Node::var("states"), "result")
    }

    /// The `Input` of a `run`'s child execution: `{}` without an input.
    /// With `link`, the input also carries
    /// `AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID`, the parent's execution
    /// id, which the console uses to link the two executions (added to an
    /// object template as a key, or merged into a computed record).
    pub fn run_input(&self, expr: Option<&Expr>, link: bool) -> Result<Value, Internal> {
        const KEY: &str = "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID";
        let parent = || {
            Node::field(
                Node::field(Node::field(Node::var("states"), "context"), "Execution"),
                "Id",
            )
        };
        let value = match expr {
            Some(expr) => self.value(expr)?,
            None => Value::Object(Map::new()),
        };
        match (value, expr) {
            (value, _) if !link => Ok(value),
            (Value::Object(mut map), _) => {
                map.insert(KEY.to_owned(), wrap_node(&parent()));
                Ok(Value::Object(map))
            }
            (_, Some(expr)) => {
                let record = self.defined(expr, Node::Object(Vec::new()))?;
                let merged = Node::call(
                    "merge",
                    vec![Node::Array(vec![
                        record,
                        Node::Object(vec![(KEY.to_owned(), parent())]),
                    ])],
                );
                Ok(wrap_node(&merged))
            }
            (value, None) => Ok(value),
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
    /// else is one expression; a missing list has no items.
    pub fn items(&self, expr: &Expr) -> Result<Value, Internal> {
        match &expr.kind {
            ExprKind::List(_) => self.value(expr),
            _ => Ok(wrap_node(&self.defined(expr, Node::Array(Vec::new()))?)),
        }
    }

    /// Headers or query computed as a whole: none when missing.
    fn whole_params(&self, expr: &Expr) -> Result<Value, Internal> {
        Ok(wrap_node(&self.defined(expr, Node::Object(Vec::new()))?))
    }

    /// Whether an entry of a literal headers or query object may be
    /// missing: then the object is built by JSONata, which leaves the
    /// entry out.
    fn any_entry_absent(&self, entries: &[(Key, Expr)]) -> bool {
        entries.iter().any(|(_, value)| self.may_be_absent(value))
    }

    /// `Headers`: like [`Jsonata::value`], but constant numbers and
    /// booleans are sent as their text, since header values are strings on
    /// the wire (check allows only strings otherwise).
    pub fn params(&self, expr: &Expr) -> Result<Value, Internal> {
        let ExprKind::Object(entries) = &expr.kind else {
            return self.whole_params(expr);
        };
        if entries.iter().any(|(key, _)| key_misread(&key.name)) || self.any_entry_absent(entries) {
            return self.params_expression(entries);
        }
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

    /// [`Jsonata::params`] as one JSONata object, for keys that must not be
    /// JSON keys of the definition; constants are still sent as text.
    fn params_expression(&self, entries: &[(Key, Expr)]) -> Result<Value, Internal> {
        let mut nodes = Vec::with_capacity(entries.len());
        for (key, value) in entries {
            let node = match &value.kind {
                ExprKind::Number(n) => Node::str(n.raw.clone()),
                ExprKind::Bool(b) => Node::str(b.to_string()),
                _ => self.node(value)?,
            };
            nodes.push((key.name.clone(), node));
        }
        Ok(wrap_node(&Node::Object(nodes)))
    }

    /// `QueryParameters`: like [`Jsonata::params`], and every value that
    /// check did not type as a string goes through `$string`, since query
    /// values are strings (aws.md §1). A record computed at run time is
    /// rebuilt field by field for that; check leaves only maps of strings
    /// (or `any`) to pass whole.
    pub fn query(&self, expr: &Expr) -> Result<Value, Internal> {
        if let ExprKind::Object(entries) = &expr.kind {
            if entries.iter().any(|(key, _)| key_misread(&key.name))
                || self.any_entry_absent(entries)
            {
                return self.query_expression(entries);
            }
            let mut map = Map::new();
            for (key, value) in entries {
                let value = match &value.kind {
                    ExprKind::Number(n) => Value::String(n.raw.clone()),
                    ExprKind::Bool(b) => Value::String(b.to_string()),
                    ExprKind::String(_) | ExprKind::Null => self.value(value)?,
                    _ => wrap_node(&self.as_string(value)?),
                };
                map.insert(key.name.clone(), value);
            }
            return Ok(Value::Object(map));
        }
        let Type::Record(fields) = self.types.type_of(expr) else {
            return self.whole_params(expr);
        };
        if fields.iter().all(|f| is_string(&f.ty)) {
            return self.whole_params(expr);
        }
        // Absent optional fields stay absent: JSONata leaves out a key whose
        // value is undefined, and `$string` of undefined is undefined.
        let entries = fields
            .iter()
            .map(|f| {
                let read = Node::field(Node::var("Q"), f.name.clone());
                let value = if is_string(&f.ty) {
                    read
                } else {
                    Node::call("string", vec![read])
                };
                (f.name.clone(), value)
            })
            .collect();
        Ok(wrap_node(&Node::bind(
            "Q",
            self.node(expr)?,
            Node::Object(entries),
        )))
    }

    /// [`Jsonata::query`] as one JSONata object, for keys that must not be
    /// JSON keys of the definition; every value is still sent as text.
    fn query_expression(&self, entries: &[(Key, Expr)]) -> Result<Value, Internal> {
        let mut nodes = Vec::with_capacity(entries.len());
        for (key, value) in entries {
            let node = match &value.kind {
                ExprKind::Number(n) => Node::str(n.raw.clone()),
                ExprKind::Bool(b) => Node::str(b.to_string()),
                ExprKind::String(_) | ExprKind::Null => self.node(value)?,
                _ => self.as_string(value)?,
            };
            nodes.push((key.name.clone(), node));
        }
        Ok(wrap_node(&Node::Object(nodes)))
    }

    /// `Headers` of a call with a URL-encoded body: the call's own headers
    /// (see [`Jsonata::params`]) with `Content-Type:
    /// application/x-www-form-urlencoded` in front, which the task must
    /// send (aws.md §1 "Limits / behaviour"). A `Content-Type` the call
    /// sets itself is kept (check rejects a fixed one that is not a form
    /// type); headers computed at run time are merged after it, so theirs
    /// wins too.
    pub fn form_headers(&self, headers: Option<&Expr>) -> Result<Value, Internal> {
        const CONTENT_TYPE: &str = "Content-Type";
        let mut map = Map::new();
        map.insert(CONTENT_TYPE.to_owned(), form_content_type());
        let Some(expr) = headers else {
            return Ok(Value::Object(map));
        };
        match self.params(expr)? {
            Value::Object(own) if own.keys().any(|k| k.eq_ignore_ascii_case(CONTENT_TYPE)) => {
                Ok(Value::Object(own))
            }
            Value::Object(own) => {
                map.extend(own);
                Ok(Value::Object(map))
            }
            _ => {
                let default = Node::Object(vec![(
                    CONTENT_TYPE.to_owned(),
                    Node::str(aws::FORM_CONTENT_TYPE),
                )]);
                let merged =
                    Node::call("merge", vec![Node::Array(vec![default, self.node(expr)?])]);
                Ok(wrap_node(&merged))
            }
        }
    }

    /// A string that may interpolate: plain JSON when it has no
    /// interpolation, else a concatenation.
    /// A missing value interpolated alone gives `""`, as it does next to
    /// text (`&` reads a missing operand as `""`).
    pub fn template(&self, template: &Template) -> Result<Value, Internal> {
        if let Some(text) = template.as_plain() {
            return Ok(plain_string(&text));
        }
        let node = self.template_node(template)?;
        let lone_missing = match template.parts.as_slice() {
            [TemplatePart::Interp(value)] => self.may_be_absent(value),
            _ => false,
        };
        Ok(wrap_node(&if lone_missing {
            absent::or_default(node, Node::str(""))
        } else {
            node
        }))
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
        let mut pattern = UrlPattern::default();
        // Stage parameters in the base url stay `${Name}` placeholders,
        // which `DefinitionSubstitutions` fills when the stack deploys;
        // everything else is escaped as usual.
        let base_len = base.trim_end_matches('/').len();
        let stage: Vec<(std::ops::Range<usize>, String)> =
            crate::check::params::placeholders(&start)
                .into_iter()
                .filter(|(range, _)| range.end <= base_len)
                .map(|(range, name)| (range, name.to_owned()))
                .collect();
        let mut pieces = Vec::new();
        let mut last = 0;
        for (range, name) in &stage {
            if range.start > last {
                let text = start.get(last..range.start).unwrap_or("");
                pattern.push_text(text);
                pieces.push(Node::str(text.to_owned()));
            }
            pattern.push_parameter(name);
            pieces.push(Node::str(format!("${{{name}}}")));
            last = range.end;
        }
        pattern.push_text(start.get(last..).unwrap_or(""));
        pieces.push(Node::str(start.get(last..).unwrap_or("").to_owned()));
        let mut dynamic = false;
        let mut plain = start;
        for part in parts {
            match part {
                TemplatePart::Text { text, .. } => {
                    pattern.push_text(text);
                    plain.push_str(text);
                    pieces.push(Node::str(text.clone()));
                }
                TemplatePart::Interp(expr) => {
                    dynamic = true;
                    pattern.push_wildcard();
                    let value = self.as_string(expr)?;
                    pieces.push(Node::call("encodeUrlComponent", vec![value]));
                }
            }
        }
        let only_stage = crate::check::params::placeholders(&plain).len() == stage.len();
        let value = if !stage.is_empty() && !dynamic && only_stage {
            // Only the stage placeholders hold `${`: the plain text, which
            // CloudFormation completes.
            Value::String(plain)
        } else if dynamic || !stage.is_empty() {
            let mut printed = print(&Node::concat(pieces));
            for (_, name) in &stage {
                // The printer spells every `${` as `\u0024{`; these ones are
                // meant for CloudFormation.
                printed =
                    printed.replace(&format!("'\\u0024{{{name}}}'"), &format!("'${{{name}}}'"));
            }
            wrap(&printed)
        } else {
            plain_string(&plain)
        };
        Ok((value, pattern))
    }

    /// The Choice condition that is true when a value interpolated into
    /// `path` would not name a resource of its own: missing, `null`, `""`,
    /// `.` or `..` (the URL would then name the collection, the literal
    /// segment `null`, or a parent). `None` when no interpolation can be
    /// such a value.
    pub fn bad_path_value(&self, path: &Template) -> Result<Option<Value>, Internal> {
        let mut test: Option<Node> = None;
        for part in &path.parts {
            let TemplatePart::Interp(expr) = part else {
                continue;
            };
            if self.safe_path_value(expr) {
                continue;
            }
            let bad = bad_segment(self.node(expr)?);
            test = Some(match test {
                None => bad,
                Some(previous) => Node::binary(previous, BinaryOp::Or, bad),
            });
        }
        Ok(test.map(|test| wrap_node(&test)))
    }

    /// Whether an interpolated value always names one segment: a number or
    /// boolean literal, or a variable typed `number` or `bool` (a variable
    /// is always set; a field read may be absent, so it is checked).
    fn safe_path_value(&self, expr: &Expr) -> bool {
        match &expr.kind {
            ExprKind::Number(_) | ExprKind::Bool(_) => true,
            ExprKind::Var(_) => matches!(self.types.type_of(expr), Type::Number | Type::Bool),
            _ => false,
        }
    }

    /// The condition of one `match` arm: `scrutinee = p1 or scrutinee = p2`.
    /// A scrutinee that is not a plain path is bound once in a block, so a
    /// call such as `uuid()` is not evaluated per pattern.
    pub fn match_condition(&self, scrutinee: &Expr, patterns: &[&Expr]) -> Result<Value, Internal> {
        let simple = is_path(scrutinee);
        let subject = if simple {
            self.node(scrutinee)?
        } else {
            Node::var("M")
        };
        let mut test: Option<Node> = None;
        for pattern in patterns {
            let equal = Node::binary(subject.clone(), BinaryOp::Eq, self.node(pattern)?);
            test = Some(match test {
                None => equal,
                Some(previous) => Node::binary(previous, BinaryOp::Or, equal),
            });
        }
        let test = test.unwrap_or(Node::Bool(false));
        if simple {
            Ok(wrap_node(&test))
        } else {
            Ok(wrap_node(&Node::bind("M", self.node(scrutinee)?, test)))
        }
    }

    /// The condition that a computed error name is one of `names`. The name
    /// is computed once, in a block, and compared with each.
    pub fn template_is_one_of(
        &self,
        template: &Template,
        names: &[&str],
    ) -> Result<Value, Internal> {
        let subject = Node::var("E");
        let test = names
            .iter()
            .map(|name| Node::binary(subject.clone(), BinaryOp::Eq, Node::str(*name)))
            .reduce(|previous, equal| Node::binary(previous, BinaryOp::Or, equal))
            .unwrap_or(Node::Bool(false));
        Ok(wrap_node(&Node::bind(
            "E",
            self.template_node(template)?,
            test,
        )))
    }
}

/// `($P := value; $not($exists($P)) or $P = null or $P in ["", ".", ".."])`:
/// the value bound once so it is evaluated once.
fn bad_segment(value: Node) -> Node {
    let subject = || Node::var("P");
    let missing = Node::call("not", vec![Node::call("exists", vec![subject()])]);
    let null = Node::binary(subject(), BinaryOp::Eq, Node::Null);
    let dots = Node::Array(vec![Node::str(""), Node::str("."), Node::str("..")]);
    let dotted = Node::binary(subject(), BinaryOp::In, dots);
    let test = Node::binary(
        Node::binary(missing, BinaryOp::Or, null),
        BinaryOp::Or,
        dotted,
    );
    Node::bind("P", value, test)
}

fn form_content_type() -> Value {
    Value::String(aws::FORM_CONTENT_TYPE.to_owned())
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
/// expression (it starts with `{%` or ends with `%}`), one holding a `${`
/// that CloudFormation's `DefinitionSubstitutions` could replace, or one
/// that JSON-Schema
/// checks of ASL reject in templates (empty, or with a line break) is
/// written as a JSONata string literal instead, which evaluates to the same
/// text.
pub fn plain_string(text: &str) -> Value {
    let trimmed = text.trim();
    let awkward = text.is_empty()
        || text.contains(PLACEHOLDER_OPENER)
        || trimmed.starts_with("{%")
        || trimmed.ends_with("%}")
        || text.contains(['\n', '\r', '\u{2028}', '\u{2029}']);
    if awkward {
        wrap(&string_literal(text))
    } else {
        Value::String(text.to_owned())
    }
}

/// Whether a user's object key would be read as something else if it were a
/// JSON key of the definition: ASL reads `Next`, `Default`, `StartAt` and
/// `States` as structure wherever they appear in a state (asl-validator
/// does), CloudFormation evaluates an object keyed `Ref` or `Fn::…` as an
/// intrinsic function, and `DefinitionSubstitutions` rewrites a `${`. Such
/// an object is written as one JSONata object constructor, whose keys are
/// string literals.
pub fn key_misread(key: &str) -> bool {
    matches!(key, "Next" | "Default" | "StartAt" | "States" | "Ref")
        || key.starts_with("Fn::")
        || key.contains(PLACEHOLDER_OPENER)
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

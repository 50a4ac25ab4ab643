//! SFL standard library → JSONata: the translation of every function of
//! `check::library`'s table, of `list + list`, and of list comprehensions.
//!
//! Two JSONata habits shape what is emitted here:
//!
//! - a function that builds a *sequence* (`$keys`, `$map`, `$filter`)
//!   gives a lone value instead of a one-element list, and nothing at all
//!   for none. Results that must be lists are therefore built with
//!   `$append` and `$reduce` over arrays, or wrapped in `[…]`;
//! - an expression that evaluates to nothing fails the state
//!   (`States.QueryEvaluationError`), so functions that have no value for
//!   an empty list (`$max`, `$min`, `$average`) are guarded and give
//!   `null`.

use serde_json::Value;

use super::Jsonata;
use super::ast::{BinaryOp, Node};
use crate::aws;
use crate::check::types::Type;
use crate::lower::diagnostics::Internal;
use crate::syntax::ast::{Comprehension, Expr, ExprKind, Ident};

/// The accumulator of a `$reduce` lambda. Like the other local names of
/// the translation it holds an upper-case letter, which no SFL identifier
/// can, so it never hides a user variable.
const ACC: &str = "A";

impl Jsonata<'_> {
    /// A call of a function of the library table.
    pub(super) fn library_call(
        &self,
        func: &Ident,
        args: &[Expr],
        call: &Expr,
    ) -> Result<Node, Internal> {
        let nodes = args
            .iter()
            .map(|a| self.node(a))
            .collect::<Result<Vec<_>, _>>()?;
        let arg = |i: usize| {
            nodes
                .get(i)
                .cloned()
                .ok_or_else(|| Internal::new(call.span, "missing argument"))
        };
        let all = || nodes.clone();
        let same = |name: &str| Node::call(name, nodes.clone());
        Ok(match func.name.as_str() {
            "concat" => Node::call("append", all()),
            "append" => {
                let item = args
                    .get(1)
                    .ok_or_else(|| Internal::new(call.span, "missing argument"))?;
                Node::call(
                    "append",
                    vec![arg(0)?, one_item(arg(1)?, self.types.type_of(item))],
                )
            }
            "count" | "sum" | "distinct" | "sort" | "reverse" | "zip" | "join" | "split"
            | "substring" | "replace" | "trim" | "pad" | "round" | "floor" | "ceil" | "abs"
            | "hash" | "parse" => {
                let mut node = same(func.name.as_str());
                if func.name == "hash" && nodes.len() == 1 {
                    node = Node::call("hash", vec![arg(0)?, Node::str("SHA-256")]);
                }
                node
            }
            "min" | "max" => or_null_when_empty(arg(0)?, &func.name),
            "avg" => or_null_when_empty(arg(0)?, "average"),
            "flatten" => flatten(arg(0)?),
            "matches" => {
                let pattern = args
                    .get(1)
                    .and_then(plain_text)
                    .ok_or_else(|| Internal::new(call.span, "`matches` without a literal"))?;
                Node::call("contains", vec![arg(0)?, Node::Regex(pattern)])
            }
            "format_number" => Node::call("formatNumber", all()),
            "keys" => Node::Array(vec![Node::call("keys", all())]),
            "values" => {
                let value_type = args.first().map_or(&Type::Any, |a| self.types.type_of(a));
                values(arg(0)?, &self.record_value_type(value_type))
            }
            "merge" => Node::call("merge", vec![Node::Array(all())]),
            "has" => Node::call("exists", vec![Node::lookup(arg(0)?, arg(1)?)]),
            "add_seconds" => {
                let millis = Node::binary(arg(1)?, BinaryOp::Mul, Node::Number("1000".into()));
                let sum = Node::binary(to_millis(arg(0)?), BinaryOp::Add, millis);
                Node::call("fromMillis", vec![sum])
            }
            "seconds_between" => {
                let diff = Node::binary(to_millis(arg(1)?), BinaryOp::Sub, to_millis(arg(0)?));
                Node::binary(diff, BinaryOp::Div, Node::Number("1000".into()))
            }
            "parse_time" => Node::call("fromMillis", vec![Node::call("toMillis", all())]),
            "format_time" => Node::call("fromMillis", vec![to_millis(arg(0)?), arg(1)?]),
            "base64_encode" => Node::call("base64encode", all()),
            "base64_decode" => Node::call("base64decode", all()),
            "json" => {
                let value = args.first().map_or(&Type::Any, |a| self.types.type_of(a));
                json_text(arg(0)?, value)
            }
            name => {
                return Err(Internal::new(
                    func.span,
                    format!("no translation for library function `{name}`"),
                ));
            }
        })
    }

    /// `[item for x in list if cond]`: a `$reduce` over the list that
    /// appends each kept element's item to an array. `$map` and `$filter`
    /// would give a lone value for one element and nothing for none.
    pub(super) fn comprehension(&self, comprehension: &Comprehension) -> Result<Node, Internal> {
        let list = self.node(&comprehension.list)?;
        let mut elements = self.elements.to_vec();
        elements.push(comprehension.var.name.clone());
        let inner = Jsonata {
            elements: &elements,
            ..*self
        };
        let item_type = self.types.type_of(&comprehension.item);
        let item = one_item(inner.node(&comprehension.item)?, item_type);
        let add = Node::call("append", vec![Node::var(ACC), item]);
        let body = match &comprehension.filter {
            Some(filter) => Node::condition(inner.node(filter)?, add, Node::var(ACC)),
            None => add,
        };
        let param = element_param(&comprehension.var.name);
        let step = Node::Lambda(vec![ACC.into(), param], Box::new(body));
        Ok(Node::call("reduce", vec![list, step, Node::Array(vec![])]))
    }

    /// `wait EXPR`: ASL takes a whole number of seconds from 0 to
    /// 99999999, so the computed value is rounded up and clamped to that
    /// range rather than failing the state.
    pub fn wait_seconds(&self, seconds: &Expr) -> Result<Value, Internal> {
        let whole = Node::call("ceil", vec![self.node(seconds)?]);
        let at_least_zero = Node::call(
            "max",
            vec![Node::Array(vec![Node::Number("0".into()), whole])],
        );
        let clamped = Node::call(
            "min",
            vec![Node::Array(vec![
                at_least_zero,
                Node::Number(aws::MAX_WAIT_SECONDS.to_string()),
            ])],
        );
        Ok(super::wrap_node(&clamped))
    }

    /// `a + b` on two lists: one list, `a`'s items then `b`'s.
    pub(super) fn list_concat(&self, lhs: &Expr, rhs: &Expr) -> Result<Node, Internal> {
        Ok(Node::call("append", vec![self.node(lhs)?, self.node(rhs)?]))
    }

    /// The type of the values of a record or map (what `values` lists).
    fn record_value_type(&self, ty: &Type) -> Type {
        match ty {
            Type::Map(value) => (**value).clone(),
            Type::Record(fields) => {
                let mut types = fields.iter().map(|f| &f.ty);
                match types.next() {
                    Some(first) if types.all(|t| t == first) => first.clone(),
                    _ => Type::Any,
                }
            }
            _ => Type::Any,
        }
    }

    /// Whether `lhs + rhs` joins lists: check accepts `+` with a list on
    /// one side only when the other is a list or of unknown type.
    pub(super) fn joins_lists(&self, lhs: &Expr, rhs: &Expr) -> bool {
        let is_list = |e: &Expr| {
            matches!(self.types.type_of(e), Type::List(_)) || matches!(e.kind, ExprKind::List(_))
        };
        is_list(lhs) || is_list(rhs)
    }
}

/// The JSONata parameter that stands for the element variable `name`. The
/// upper-case suffix keeps it apart from every user variable (and from
/// the JSONata functions), so the element hides nothing but an outer
/// element of the same name, as in SFL.
pub(super) fn element_param(name: &str) -> String {
    format!("{name}_E")
}

/// The text of a string literal without interpolation.
fn plain_text(expr: &Expr) -> Option<String> {
    match &expr.kind {
        ExprKind::String(template) => template.as_plain(),
        _ => None,
    }
}

/// `$toMillis(t)`
fn to_millis(timestamp: Node) -> Node {
    Node::call("toMillis", vec![timestamp])
}

/// A list holding exactly `value`, for `$append` to add as one item. An
/// array constructor splices a list it holds (`[$x]` is `$x` again when
/// `$x` is a list), unless the item is itself written as a constructor:
/// so a list is wrapped twice, anything else once, and a value of unknown
/// type is tested at run time.
pub(super) fn one_item(value: Node, ty: &Type) -> Node {
    match ty {
        Type::List(_) if matches!(value, Node::Array(_)) => Node::Array(vec![value]),
        Type::List(_) => Node::Array(vec![Node::Array(vec![value])]),
        Type::Any | Type::Named(_) => {
            let is_list = Node::binary(
                Node::call("type", vec![Node::var("E")]),
                BinaryOp::Eq,
                Node::str("array"),
            );
            Node::bind(
                "E",
                value,
                Node::condition(
                    is_list,
                    Node::Array(vec![Node::Array(vec![Node::var("E")])]),
                    Node::Array(vec![Node::var("E")]),
                ),
            )
        }
        _ => Node::Array(vec![value]),
    }
}

/// `$fn(list)`, or `null` for an empty list (where `$fn` has no value).
fn or_null_when_empty(list: Node, function: &str) -> Node {
    let bound = !matches!(list, Node::Var(_) | Node::Field(..));
    let value = if bound { Node::var("N") } else { list.clone() };
    let empty = Node::binary(
        Node::call("count", vec![value.clone()]),
        BinaryOp::Eq,
        Node::Number("0".into()),
    );
    let result = Node::condition(empty, Node::Null, Node::call(function, vec![value]));
    if bound {
        Node::bind("N", list, result)
    } else {
        result
    }
}

/// `flatten(lists)`: the items of each inner list, in order.
fn flatten(lists: Node) -> Node {
    let step = Node::Lambda(
        vec![ACC.into(), "L".into()],
        Box::new(Node::call("append", vec![Node::var(ACC), Node::var("L")])),
    );
    Node::call("reduce", vec![lists, step, Node::Array(vec![])])
}

/// `values(r)`: each field's value, one list item per field.
fn values(record: Node, value_type: &Type) -> Node {
    let value = Node::lookup(Node::var("R"), Node::var("K"));
    let step = Node::Lambda(
        vec![ACC.into(), "K".into()],
        Box::new(Node::call(
            "append",
            vec![Node::var(ACC), one_item(value, value_type)],
        )),
    );
    let keys = Node::Array(vec![Node::call("keys", vec![Node::var("R")])]);
    Node::bind(
        "R",
        record,
        Node::call("reduce", vec![keys, step, Node::Array(vec![])]),
    )
}

/// `json(x)`: the JSON text of `x`. `$string` gives that for every value
/// except a string, which it returns as it is; so a string (or a value
/// that may be one) is written inside an object and cut out again.
fn json_text(value: Node, ty: &Type) -> Node {
    let maybe_string = matches!(
        ty,
        Type::String | Type::StrLit(_) | Type::Union(_) | Type::Any | Type::Named(_)
    );
    if !maybe_string {
        return Node::call("string", vec![value]);
    }
    let wrapped = Node::call("string", vec![Node::Object(vec![("v".into(), value)])]);
    let length = Node::binary(
        Node::call("length", vec![Node::var("J")]),
        BinaryOp::Sub,
        Node::Number("6".into()),
    );
    let inner = Node::call(
        "substring",
        vec![Node::var("J"), Node::Number("5".into()), length],
    );
    Node::bind("J", wrapped, inner)
}

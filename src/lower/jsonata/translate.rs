//! SFL expressions → JSONata trees ([`Node`]).
//!
//! - a variable `x` → `$x` (renamed if it would hide a JSONata function, see
//!   [`super::VarNames`]); the workflow parameter →
//!   `$states.context.Execution.Input`;
//! - `==` → `=`, `not x` → `$not(x)`, other operators keep their spelling;
//! - `a ?? b` → `($V := a; $V != null ? $V : b)`, so `a` is evaluated
//!   once. The block's local names (`$V`, `$L`, `$C`, `$I`, `$P`, `$M`)
//!   contain an upper-case letter, which no SFL identifier can, so they
//!   never hide a user variable;
//! - `x["k"]` → `x.k` (a field read), a computed key on a record or map →
//!   `$lookup`, a number → an index;
//! - string interpolation → `&` concatenation (which converts each value as
//!   `$string` does); a lone interpolated value is wrapped in `$string(…)`
//!   unless check typed it as a string;
//! - library calls → JSONata functions, chosen by the argument's type:
//!   `len` is `$length` on a string and `$count` on a list, `string(x)` and
//!   `number(x)` are `x` when it already has that type. Only an argument of
//!   unknown type (`any`) gets a `$type` test at run time.

use super::Jsonata;
use super::ast::{BinaryOp, Node};
use crate::check::types::Type;
use crate::lower::diagnostics::Internal;
use crate::syntax::ast::{BinOp, Expr, ExprKind, Ident, Template, TemplatePart, UnaryOp};

impl Jsonata<'_> {
    /// The JSONata tree of an expression.
    pub(super) fn node(&self, expr: &Expr) -> Result<Node, Internal> {
        Ok(match &expr.kind {
            ExprKind::Null => Node::Null,
            ExprKind::Bool(b) => Node::Bool(*b),
            ExprKind::Number(n) => Node::Number(n.raw.clone()),
            ExprKind::String(template) => self.template_node(template)?,
            ExprKind::List(items) if items.iter().any(|item| self.may_be_list(item)) => {
                // Whether such an item is a list is known only when the
                // state runs, and a constructor cannot hold a computed list
                // as one item: join one-item lists instead.
                let mut parts = items.iter().map(|item| {
                    Ok(super::library::one_item(
                        self.node(item)?,
                        self.types.type_of(item),
                    ))
                });
                let first = parts.next().unwrap_or(Ok(Node::Array(Vec::new())))?;
                parts.try_fold(first, |list, part| {
                    Ok::<_, Internal>(Node::call("append", vec![list, part?]))
                })?
            }
            ExprKind::List(items) => Node::Array(
                items
                    .iter()
                    .map(|item| self.list_item(item))
                    .collect::<Result<_, Internal>>()?,
            ),
            ExprKind::Object(entries) => Node::Object(
                entries
                    .iter()
                    .map(|(key, value)| Ok((key.name.clone(), self.node(value)?)))
                    .collect::<Result<_, Internal>>()?,
            ),
            ExprKind::Var(name) => self.var(name),
            ExprKind::Comprehension(comprehension) => self.comprehension(comprehension)?,
            ExprKind::Field { base, field } => match self.node(base)? {
                // A field of an object built here (an overridden variable)
                // is that entry.
                Node::Object(entries) if entries.iter().any(|(k, _)| *k == field.name) => entries
                    .into_iter()
                    .find_map(|(k, v)| (k == field.name).then_some(v))
                    .unwrap_or(Node::Null),
                base => Node::field(base, field.name.clone()),
            },
            ExprKind::Index { base, index } => self.index(base, index)?,
            ExprKind::Call { func, args } => self.call(func, args, expr)?,
            ExprKind::Unary {
                op: UnaryOp::Not,
                expr: operand,
                ..
            } => Node::call("not", vec![self.node(operand)?]),
            ExprKind::Unary {
                op: UnaryOp::Neg,
                expr: operand,
                ..
            } => Node::Neg(Box::new(self.node(operand)?)),
            ExprKind::Binary {
                op: BinOp::Coalesce,
                lhs,
                rhs,
                ..
            } => coalesce(self.node(lhs)?, self.node(rhs)?),
            ExprKind::Binary {
                op: BinOp::Add,
                lhs,
                rhs,
                ..
            } if self.joins_lists(lhs, rhs) => self.list_concat(lhs, rhs)?,
            ExprKind::Binary { op, lhs, rhs, .. } => {
                let op = binary_op(*op)
                    .ok_or_else(|| Internal::new(expr.span, "`??` reached the operator table"))?;
                Node::binary(self.node(lhs)?, op, self.node(rhs)?)
            }
        })
    }

    /// `base[index]`. A constant string key reads that field (in JSONata,
    /// `$x['k']` would be a filter that returns all of `$x`); a computed key
    /// on a record or map is `$lookup`; a number picks a list item. When
    /// neither the value nor the key has a known type, the key's type is
    /// tested at run time.
    fn index(&self, base: &Expr, index: &Expr) -> Result<Node, Internal> {
        let base_type = self.types.type_of(base);
        let on_list = matches!(base_type, Type::List(_));
        if let ExprKind::String(key) = &index.kind
            && let Some(name) = key.as_plain()
            && !on_list
        {
            return Ok(Node::field(self.node(base)?, name));
        }
        if matches!(base_type, Type::Record(_) | Type::Map(_)) {
            // `$lookup` takes only a string key, so a number is converted:
            // `m[0]` reads the entry "0".
            return Ok(Node::lookup(self.node(base)?, self.as_string(index)?));
        }
        let by_number =
            matches!(index.kind, ExprKind::Number(_)) || is_number(self.types.type_of(index));
        let by_name = self.is_string(index);
        let (base, key) = (self.node(base)?, self.node(index)?);
        Ok(if on_list || by_number {
            Node::index(base, key)
        } else if by_name {
            Node::lookup(base, key)
        } else {
            index_switch(base, key)
        })
    }

    /// Whether a list literal's item is typed so that it may or may not be
    /// a list (`any`, a named type), and is not written as a list.
    fn may_be_list(&self, item: &Expr) -> bool {
        matches!(self.types.type_of(item), Type::Any | Type::Named(_))
            && !matches!(
                item.kind,
                ExprKind::List(_)
                    | ExprKind::Null
                    | ExprKind::Bool(_)
                    | ExprKind::Number(_)
                    | ExprKind::String(_)
                    | ExprKind::Object(_)
            )
    }

    /// An item of a list literal. A JSONata array constructor splices a
    /// list it holds (`[$a]` is `$a` again), unless that list is itself
    /// written as a constructor, so a list-typed item is wrapped once:
    /// `[input.a]` stays a list of one list, and `xs + [input.a]` adds one
    /// item.
    fn list_item(&self, item: &Expr) -> Result<Node, Internal> {
        let node = self.node(item)?;
        Ok(match (self.types.type_of(item), &node) {
            (_, Node::Array(_)) => node,
            (Type::List(_), _) => Node::Array(vec![node]),
            _ => node,
        })
    }

    fn var(&self, name: &Ident) -> Node {
        if self.elements.contains(&name.name) {
            return Node::var(super::library::element_param(&name.name));
        }
        if name.name == self.input {
            return execution_input();
        }
        let asl = self.vars.asl(&name.name);
        self.overridden(asl).unwrap_or_else(|| Node::var(asl))
    }

    /// A string with interpolations as a `&` chain. Nested interpolated
    /// strings are flattened into the same chain. `&` converts each operand
    /// exactly as `$string` does, so values in a chain are not wrapped; a
    /// lone interpolation is, unless it is already a string.
    pub(super) fn template_node(&self, template: &Template) -> Result<Node, Internal> {
        let mut pieces = Vec::new();
        self.template_pieces(template, &mut pieces)?;
        Ok(match <[Piece; 1]>::try_from(pieces) {
            Ok([Piece::Value(node, false)]) => Node::call("string", vec![node]),
            Ok([Piece::Text(node) | Piece::Value(node, _)]) => node,
            Err(pieces) => Node::concat(pieces.into_iter().map(Piece::into_node).collect()),
        })
    }

    fn template_pieces(&self, template: &Template, out: &mut Vec<Piece>) -> Result<(), Internal> {
        for part in &template.parts {
            match part {
                TemplatePart::Text { text, .. } => out.push(Piece::Text(Node::str(text.clone()))),
                TemplatePart::Interp(Expr {
                    kind: ExprKind::String(inner),
                    ..
                }) => self.template_pieces(inner, out)?,
                // `"{string(x)}"` converts once, like `"{x}"`.
                TemplatePart::Interp(Expr {
                    kind: ExprKind::Call { func, args },
                    ..
                }) if func.name == "string" && args.len() == 1 => {
                    for arg in args {
                        out.push(Piece::Value(self.node(arg)?, self.is_string(arg)));
                    }
                }
                TemplatePart::Interp(expr) => {
                    out.push(Piece::Value(self.node(expr)?, self.is_string(expr)));
                }
            }
        }
        Ok(())
    }

    /// Whether check typed `expr` as a string.
    pub(super) fn is_string(&self, expr: &Expr) -> bool {
        is_string(self.types.type_of(expr)) || matches!(expr.kind, ExprKind::String(_))
    }

    /// Whether check typed `expr` as a list.
    fn is_list(&self, expr: &Expr) -> bool {
        matches!(self.types.type_of(expr), Type::List(_)) || matches!(expr.kind, ExprKind::List(_))
    }

    /// `$string(x)`, or `x` when it is a string already.
    pub(super) fn as_string(&self, expr: &Expr) -> Result<Node, Internal> {
        let node = self.node(expr)?;
        Ok(if self.is_string(expr) {
            node
        } else {
            Node::call("string", vec![node])
        })
    }

    fn call(&self, func: &Ident, args: &[Expr], call: &Expr) -> Result<Node, Internal> {
        let arg = |i: usize| -> Result<&Expr, Internal> {
            args.get(i)
                .ok_or_else(|| Internal::new(call.span, "missing argument"))
        };
        let node = |i: usize| self.node(arg(i)?);
        Ok(match (func.name.as_str(), args.len()) {
            ("len", 1) if self.is_string(arg(0)?) => Node::call("length", vec![node(0)?]),
            ("len", 1) if self.is_list(arg(0)?) => Node::call("count", vec![node(0)?]),
            ("len", 1) => len_switch(node(0)?),
            ("exists", 1) => Node::call("exists", vec![node(0)?]),
            ("upper", 1) => Node::call("uppercase", vec![node(0)?]),
            ("lower", 1) => Node::call("lowercase", vec![node(0)?]),
            ("contains", 2) if self.is_string(arg(0)?) => {
                Node::call("contains", vec![node(0)?, node(1)?])
            }
            ("contains", 2) if self.is_list(arg(0)?) => {
                Node::binary(node(1)?, BinaryOp::In, node(0)?)
            }
            ("contains", 2) => contains_switch(node(0)?, node(1)?),
            ("starts_with", 2) => starts_with(node(0)?, node(1)?),
            ("now", 0) => Node::call("now", vec![]),
            // Step Functions adds `$uuid()` to JSONata's library.
            ("uuid", 0) => Node::call("uuid", vec![]),
            ("string", 1) => self.as_string(arg(0)?)?,
            ("number", 1) if is_number(self.types.type_of(arg(0)?)) => node(0)?,
            ("number", 1) => Node::call("number", vec![node(0)?]),
            _ => self.library_call(func, args, call)?,
        })
    }
}

/// Where the execution input lives: `$states.context.Execution.Input`
/// (aws.md §2 "`$states` reserved variable": `$states.input` is the current
/// state's input, not the execution's).
pub fn execution_input() -> Node {
    let context = Node::field(Node::var("states"), "context");
    Node::field(Node::field(context, "Execution"), "Input")
}

/// `a ?? b`: `a` unless it is missing or `null`, evaluated once. JSONata's
/// `!=` is false when a side is missing, so one test covers both.
fn coalesce(value: Node, fallback: Node) -> Node {
    let present = Node::binary(Node::var("V"), BinaryOp::Ne, Node::Null);
    Node::bind(
        "V",
        value,
        Node::condition(present, Node::var("V"), fallback),
    )
}

/// One piece of an interpolated string.
enum Piece {
    /// Literal text.
    Text(Node),
    /// An interpolated value, and whether it is typed as a string.
    Value(Node, bool),
}

impl Piece {
    fn into_node(self) -> Node {
        match self {
            Piece::Text(node) | Piece::Value(node, _) => node,
        }
    }
}

/// `base[key]` when neither is typed: a number picks an item, anything
/// else names a field.
fn index_switch(base: Node, key: Node) -> Node {
    let is_number = Node::binary(
        Node::call("type", vec![Node::var("I")]),
        BinaryOp::Eq,
        Node::str("number"),
    );
    Node::bind(
        "I",
        key,
        Node::condition(
            is_number,
            Node::index(base.clone(), Node::var("I")),
            Node::lookup(base, Node::var("I")),
        ),
    )
}

/// Whether values of `ty` are strings.
pub(super) fn is_string(ty: &Type) -> bool {
    matches!(ty, Type::String | Type::StrLit(_) | Type::Union(_))
}

fn is_number(ty: &Type) -> bool {
    matches!(ty, Type::Number)
}

/// `len(x)` when `x` may be a string or a list.
fn len_switch(value: Node) -> Node {
    let is_string = Node::binary(
        Node::call("type", vec![Node::var("L")]),
        BinaryOp::Eq,
        Node::str("string"),
    );
    Node::bind(
        "L",
        value,
        Node::condition(
            is_string,
            Node::call("length", vec![Node::var("L")]),
            Node::call("count", vec![Node::var("L")]),
        ),
    )
}

/// `contains(x, item)` when `x` may be a string or a list.
fn contains_switch(haystack: Node, needle: Node) -> Node {
    let is_list = Node::binary(
        Node::call("type", vec![Node::var("C")]),
        BinaryOp::Eq,
        Node::str("array"),
    );
    let member = Node::binary(needle.clone(), BinaryOp::In, Node::var("C"));
    let substring = Node::call("contains", vec![Node::var("C"), needle]);
    Node::bind("C", haystack, Node::condition(is_list, member, substring))
}

/// `starts_with(s, prefix)`: the first characters of `s`, as many as the
/// prefix has, equal it. A constant prefix is counted here (in code points,
/// as `$length` and `$substring` count); any other is bound once.
fn starts_with(text: Node, prefix: Node) -> Node {
    let head = |length: Node| {
        Node::call(
            "substring",
            vec![text.clone(), Node::Number("0".to_owned()), length],
        )
    };
    if let Node::Str(constant) = &prefix {
        let length = Node::Number(constant.chars().count().to_string());
        return Node::binary(head(length), BinaryOp::Eq, prefix);
    }
    let length = Node::call("length", vec![Node::var("P")]);
    Node::bind(
        "P",
        prefix,
        Node::binary(head(length), BinaryOp::Eq, Node::var("P")),
    )
}

/// The JSONata operator for an SFL one (`??` has none: it becomes a block).
fn binary_op(op: BinOp) -> Option<BinaryOp> {
    Some(match op {
        BinOp::Or => BinaryOp::Or,
        BinOp::And => BinaryOp::And,
        BinOp::Eq => BinaryOp::Eq,
        BinOp::Ne => BinaryOp::Ne,
        BinOp::Lt => BinaryOp::Lt,
        BinOp::Le => BinaryOp::Le,
        BinOp::Gt => BinaryOp::Gt,
        BinOp::Ge => BinaryOp::Ge,
        BinOp::In => BinaryOp::In,
        BinOp::Coalesce => return None,
        BinOp::Add => BinaryOp::Add,
        BinOp::Sub => BinaryOp::Sub,
        BinOp::Mul => BinaryOp::Mul,
        BinOp::Div => BinaryOp::Div,
        BinOp::Rem => BinaryOp::Rem,
    })
}

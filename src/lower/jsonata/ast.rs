//! A JSONata expression tree: lowering builds it from SFL expressions and
//! [`super::print`] writes it out. Only the forms lowering needs exist.

/// A JSONata expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number as written in the source (JSON syntax, may start with `-`).
    Number(String),
    /// A string literal; escaped only when printed.
    Str(String),
    /// `$name` (`name` without the `$`).
    Var(String),
    /// `base.name`: reads one field (quoted with backticks when printed,
    /// if JSONata would read the name as something else).
    Field(Box<Node>, String),
    /// `base[index]`: with a number, picks one item of a list.
    Index(Box<Node>, Box<Node>),
    /// `$name(args…)`
    Call(String, Vec<Node>),
    /// `-operand`
    Neg(Box<Node>),
    /// `lhs op rhs`
    Binary(Box<Node>, BinaryOp, Box<Node>),
    /// `condition ? then : otherwise`
    Condition(Box<Node>, Box<Node>, Box<Node>),
    /// `($a := x; $b := y; result)`: the names are local to the block.
    Block(Vec<(String, Node)>, Box<Node>),
    /// `[a, b]`
    Array(Vec<Node>),
    /// `{'k': v}`
    Object(Vec<(String, Node)>),
    /// `function($a, $b) { body }` (names without the `$`).
    Lambda(Vec<String>, Box<Node>),
    /// `/pattern/`: a regular expression, checked by `check` and escaped
    /// when printed.
    Regex(String),
}

/// The JSONata operators between two operands that lowering uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    /// `or`
    Or,
    /// `and`
    And,
    /// `=`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `in`
    In,
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Rem,
    /// `&` (string concatenation; converts each operand as `$string` does)
    Concat,
}

impl Node {
    /// `$name`
    pub fn var(name: impl Into<String>) -> Node {
        Node::Var(name.into())
    }

    /// A string literal.
    pub fn str(text: impl Into<String>) -> Node {
        Node::Str(text.into())
    }

    /// `$name(args…)`
    pub fn call(name: impl Into<String>, args: Vec<Node>) -> Node {
        Node::Call(name.into(), args)
    }

    /// `base.name`
    pub fn field(base: Node, name: impl Into<String>) -> Node {
        Node::Field(Box::new(base), name.into())
    }

    /// `base[index]`
    pub fn index(base: Node, index: Node) -> Node {
        Node::Index(Box::new(base), Box::new(index))
    }

    /// `$lookup(base, key)`: the field named by a computed key.
    pub fn lookup(base: Node, key: Node) -> Node {
        Node::call("lookup", vec![base, key])
    }

    /// `lhs op rhs`
    pub fn binary(lhs: Node, op: BinaryOp, rhs: Node) -> Node {
        Node::Binary(Box::new(lhs), op, Box::new(rhs))
    }

    /// `condition ? then : otherwise`
    pub fn condition(condition: Node, then: Node, otherwise: Node) -> Node {
        Node::Condition(Box::new(condition), Box::new(then), Box::new(otherwise))
    }

    /// A block that binds `name` to `value` and then evaluates `result`.
    pub fn bind(name: impl Into<String>, value: Node, result: Node) -> Node {
        Node::Block(vec![(name.into(), value)], Box::new(result))
    }

    /// Pieces joined with `&`, left to right; `''` when there are none.
    pub fn concat(pieces: Vec<Node>) -> Node {
        let mut pieces = pieces.into_iter();
        let Some(first) = pieces.next() else {
            return Node::str("");
        };
        pieces.fold(first, |chain, piece| {
            Node::binary(chain, BinaryOp::Concat, piece)
        })
    }
}

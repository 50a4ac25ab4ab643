//! Writes a [`Node`] as JSONata text: one line, parentheses only where
//! JSONata's own binding powers need them (or where mixing `&` with `+`
//! would be hard to read), and every string literal and field name escaped
//! here and nowhere else.

use super::ast::{BinaryOp, Node};

/// Binding powers, from the operator table of the reference parser
/// (jsonata-js `parser.js`): the higher, the tighter.
const ATOM: u8 = 100;
/// `.` and `[…]` after an expression.
const PATH: u8 = 75;
/// Prefix `-` parses its operand at this power.
const UNARY: u8 = 70;
const MUL: u8 = 60;
const ADD: u8 = 50;
const CMP: u8 = 40;
const AND: u8 = 30;
const OR: u8 = 25;
/// `? :`
const CONDITION: u8 = 20;

/// Words the JSONata parser reads as operators or literals, so a field with
/// this name must be quoted with backticks.
const JSONATA_WORDS: &[&str] = &["and", "or", "in", "true", "false", "null", "function"];

/// The JSONata text of `node`.
pub fn print(node: &Node) -> String {
    let mut out = String::new();
    write(node, &mut out);
    out
}

fn write(node: &Node, out: &mut String) {
    match node {
        Node::Null => out.push_str("null"),
        Node::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Node::Number(raw) => out.push_str(raw),
        Node::Str(text) => out.push_str(&string_literal(text)),
        Node::Var(name) => {
            out.push('$');
            out.push_str(name);
        }
        Node::Field(base, name) => write_field(base, name, out),
        Node::Index(base, index) => {
            write_path_base(base, out);
            out.push('[');
            write(index, out);
            out.push(']');
        }
        Node::Call(name, args) => {
            out.push('$');
            out.push_str(name);
            out.push('(');
            write_list(args, out);
            out.push(')');
        }
        Node::Neg(operand) => {
            out.push('-');
            write_operand(operand, binding_power(operand) <= UNARY, out);
        }
        Node::Binary(lhs, op, rhs) => write_binary(lhs, *op, rhs, out),
        Node::Condition(condition, then, otherwise) => {
            write_operand(condition, binding_power(condition) <= CONDITION, out);
            out.push_str(" ? ");
            write_operand(then, binding_power(then) <= CONDITION, out);
            out.push_str(" : ");
            write_operand(otherwise, binding_power(otherwise) <= CONDITION, out);
        }
        Node::Block(bindings, result) => {
            out.push('(');
            for (name, value) in bindings {
                out.push('$');
                out.push_str(name);
                out.push_str(" := ");
                write(value, out);
                out.push_str("; ");
            }
            write(result, out);
            out.push(')');
        }
        Node::Array(items) => {
            out.push('[');
            write_list(items, out);
            out.push(']');
        }
        Node::Object(entries) => {
            out.push('{');
            for (i, (key, value)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&string_literal(key));
                out.push_str(": ");
                write(value, out);
            }
            out.push('}');
        }
        Node::Lambda(params, body) => {
            out.push_str("function(");
            let params: Vec<String> = params.iter().map(|p| format!("${p}")).collect();
            out.push_str(&params.join(", "));
            out.push_str(") { ");
            write(body, out);
            out.push_str(" }");
        }
        Node::Regex(pattern) => out.push_str(&regex_literal(pattern)),
    }
}

/// A JSONata regular expression literal. A `/` not already escaped ends
/// the literal, so it is escaped; line breaks and other control characters
/// are written as escapes so the expression stays on one line, and `%` as
/// `\x25` so it can never form the `{%`/`%}` delimiters (the same
/// character to the regular expression).
fn regex_literal(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 2);
    out.push('/');
    let mut escaped = false;
    for c in pattern.chars() {
        match c {
            '/' if !escaped => out.push_str("\\/"),
            '%' => out.push_str(if escaped { "x25" } else { "\\x25" }),
            '\n' => out.push_str(if escaped { "n" } else { "\\n" }),
            '\r' => out.push_str(if escaped { "r" } else { "\\r" }),
            '\t' => out.push_str(if escaped { "t" } else { "\\t" }),
            c if u32::from(c) < 0x20 || matches!(c, '\u{7f}' | '\u{2028}' | '\u{2029}') => {
                if !escaped {
                    out.push('\\');
                }
                out.push_str(&format!("u{:04x}", u32::from(c)));
            }
            c => out.push(c),
        }
        escaped = c == '\\' && !escaped;
    }
    out.push('/');
    out
}

fn write_list(items: &[Node], out: &mut String) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write(item, out);
    }
}

fn write_operand(node: &Node, parenthesised: bool, out: &mut String) {
    if parenthesised {
        out.push('(');
        write(node, out);
        out.push(')');
    } else {
        write(node, out);
    }
}

/// The value a path step reads from. A number is always parenthesised:
/// `1.x` would read as a number.
fn write_path_base(base: &Node, out: &mut String) {
    let needed = binding_power(base) < PATH || matches!(base, Node::Number(_));
    write_operand(base, needed, out);
}

/// `base.name`, or `$lookup(base, 'name')` for a name that cannot be
/// written between backticks (see [`needs_lookup`]).
fn write_field(base: &Node, name: &str, out: &mut String) {
    if needs_lookup(name) {
        let lookup = Node::lookup(base.clone(), Node::str(name));
        write(&lookup, out);
        return;
    }
    write_path_base(base, out);
    out.push('.');
    if is_plain_name(name) {
        out.push_str(name);
    } else {
        out.push('`');
        out.push_str(name);
        out.push('`');
    }
}

/// Whether a field name must be read with `$lookup`: JSONata has no escape
/// between backticks, so a name with a backtick cannot go there, nor one
/// whose raw text would break the expression's line or its `{% %}`
/// delimiters, nor one holding a `${` CloudFormation would substitute (a
/// string literal escapes all of those).
fn needs_lookup(name: &str) -> bool {
    name.is_empty()
        || name.contains(['`', '\u{7f}', '\u{2028}', '\u{2029}'])
        || name.chars().any(|c| u32::from(c) < 0x20)
        || name.contains("{%")
        || name.contains("%}")
        || name.contains(crate::graph::PLACEHOLDER_OPENER)
}

/// Whether JSONata reads `name` as a field name without backticks.
fn is_plain_name(name: &str) -> bool {
    let starts_well = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    starts_well
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !JSONATA_WORDS.contains(&name)
}

fn write_binary(lhs: &Node, op: BinaryOp, rhs: &Node, out: &mut String) {
    let power = op_power(op);
    let left = binding_power(lhs);
    // Operators of one level bind to the left, so `a - b - c` needs no
    // parentheses; comparisons do not chain in SFL, and `&` next to `+`
    // reads badly without them.
    let left_needed = left < power
        || (left == power && !matches!(lhs, Node::Binary(_, inner, _) if chains_with(*inner, op)));
    write_operand(lhs, left_needed, out);
    out.push(' ');
    out.push_str(op_symbol(op));
    out.push(' ');
    write_operand(rhs, binding_power(rhs) <= power, out);
}

/// Whether `inner op2 …` on the left of `outer` reads as intended without
/// parentheses.
fn chains_with(inner: BinaryOp, outer: BinaryOp) -> bool {
    use BinaryOp::{Add, And, Concat, Div, Mul, Or, Rem, Sub};
    matches!(
        (inner, outer),
        (Or, Or)
            | (And, And)
            | (Add | Sub, Add | Sub)
            | (Mul | Div | Rem, Mul | Div | Rem)
            | (Concat, Concat)
    )
}

/// How tightly the outermost operator of `node` binds.
fn binding_power(node: &Node) -> u8 {
    match node {
        Node::Number(raw) if raw.starts_with('-') => UNARY,
        Node::Null
        | Node::Bool(_)
        | Node::Number(_)
        | Node::Str(_)
        | Node::Var(_)
        | Node::Call(..)
        | Node::Block(..)
        | Node::Array(_)
        | Node::Object(_)
        | Node::Regex(_) => ATOM,
        // A lambda only appears as a call argument, never as an operand.
        Node::Lambda(..) => CONDITION,
        // A field that must be read with `$lookup` prints as a call.
        Node::Field(_, name) if needs_lookup(name) => ATOM,
        Node::Field(..) | Node::Index(..) => PATH,
        Node::Neg(_) => UNARY,
        Node::Binary(_, op, _) => op_power(*op),
        Node::Condition(..) => CONDITION,
    }
}

fn op_power(op: BinaryOp) -> u8 {
    use BinaryOp::{Add, And, Concat, Div, Eq, Ge, Gt, In, Le, Lt, Mul, Ne, Or, Rem, Sub};
    match op {
        Or => OR,
        And => AND,
        Eq | Ne | Lt | Le | Gt | Ge | In => CMP,
        Add | Sub | Concat => ADD,
        Mul | Div | Rem => MUL,
    }
}

fn op_symbol(op: BinaryOp) -> &'static str {
    use BinaryOp::{Add, And, Concat, Div, Eq, Ge, Gt, In, Le, Lt, Mul, Ne, Or, Rem, Sub};
    match op {
        Or => "or",
        And => "and",
        Eq => "=",
        Ne => "!=",
        Lt => "<",
        Le => "<=",
        Gt => ">",
        Ge => ">=",
        In => "in",
        Add => "+",
        Sub => "-",
        Mul => "*",
        Div => "/",
        Rem => "%",
        Concat => "&",
    }
}

/// A JSONata string literal for `text`, single-quoted so the JSON it is
/// embedded in needs fewer escapes. JSONata understands JSON's escapes only
/// (no `\'`), so a quote is written `\u0027`; a `%` next to a brace is
/// written `\u0025` so the literal can never contain the `{%`/`%}`
/// delimiters; a `$` before a `{` is written `\u0024` so CloudFormation's
/// `DefinitionSubstitutions` finds no `${` to replace; line breaks are
/// escaped so the expression stays on one line.
pub fn string_literal(text: &str) -> String {
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
            '$' if chars.peek() == Some(&'{') => out.push_str("\\u0024"),
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

//! Unit tests of SFL → JSONata translation and printing.
#![expect(clippy::unwrap_used, reason = "test code")]

use super::print::{print, string_literal};
use super::*;
use crate::check::types::Type;
use crate::graph::PatternPart;
use crate::source::Span;
use crate::syntax::ast::{BinOp, UnaryOp};

use crate::lower::test_ast::{bin, call, e, field, index, lit, num, string, text, var};

/// No type information: every expression is `any`, so lowering keeps its
/// run-time checks.
#[derive(Debug, Clone, Copy, Default)]
struct Untyped;

impl ExprTypes for Untyped {
    fn type_of(&self, _expr: &Expr) -> &Type {
        &Type::Any
    }
}

fn translate(expr: &Expr) -> String {
    let vars = VarNames::default();
    Jsonata::new("input", &vars, &Untyped).text(expr).unwrap()
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
    let js = Jsonata::new("input", &workflow_vars, &Untyped);
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
        "($V := $c.tier; $V != null ? $V : 'standard')"
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
    // `&` converts its operands itself.
    assert_eq!(translate(&s), "'export ' & $job.id & ' failed'");
    let only = string(vec![TemplatePart::Interp(var("x"))]);
    assert_eq!(translate(&only), "$string($x)");
    assert_eq!(translate(&string(vec![])), "''");
    let converted = string(vec![TemplatePart::Interp(call("string", vec![var("n")]))]);
    assert_eq!(translate(&converted), "$string($n)");
    // Concatenation binds like `+`, so a comparison needs no parentheses
    // but a product would.
    let cmp = bin(BinOp::Eq, s, lit("x"));
    assert!(translate(&cmp).starts_with("'export ' &"));
    let sum = string(vec![
        text("n="),
        TemplatePart::Interp(bin(BinOp::Add, var("a"), num("1"))),
    ]);
    assert_eq!(translate(&sum), "'n=' & ($a + 1)");
}

#[test]
fn values_typed_as_strings_are_not_converted_again() {
    use std::rc::Rc;
    let name = var("name");
    let types = Typed::default().with(&name, Type::String);
    let only = string(vec![TemplatePart::Interp(name.clone())]);
    assert_eq!(translate_typed(&only, &types), "$name");
    assert_eq!(
        translate_typed(&call("string", vec![name.clone()]), &types),
        "$name"
    );
    assert_eq!(
        translate_typed(&call("len", vec![name.clone()]), &types),
        "$length($name)"
    );
    let tags = var("tags");
    let types = Typed::default().with(&tags, Type::List(Rc::new(Type::String)));
    assert_eq!(
        translate_typed(&call("len", vec![tags.clone()]), &types),
        "$count($tags)"
    );
    assert_eq!(
        translate_typed(&call("contains", vec![tags, lit("vip")]), &types),
        "'vip' in $tags"
    );
    let n = var("n");
    let types = Typed::default().with(&n, Type::Number);
    assert_eq!(
        translate_typed(&call("number", vec![n.clone()]), &types),
        "$n"
    );
    assert_eq!(
        translate_typed(&call("string", vec![n]), &types),
        "$string($n)"
    );
}

#[test]
fn string_literals_are_escaped() {
    assert_eq!(string_literal("it's"), "'it\\u0027s'");
    assert_eq!(string_literal("a\\b\nc"), "'a\\\\b\\nc'");
    assert_eq!(string_literal("{% x %}"), "'{\\u0025 x \\u0025}'");
    assert_eq!(string_literal("100%"), "'100%'");
    assert_eq!(string_literal("\u{1}"), "'\\u0001'");
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
fn cloudformation_placeholders_never_reach_the_definition() {
    // DefinitionSubstitutions replaces `${Name}` and has no escape.
    assert_eq!(string_literal("a${b}"), "'a\\u0024{b}'");
    assert_eq!(string_literal("$ {b} $x"), "'$ {b} $x'");
    assert_eq!(
        plain_string("cost ${Arn}"),
        Value::String("{% 'cost \\u0024{Arn}' %}".into())
    );
    assert_eq!(plain_string("$5 {x}"), Value::String("$5 {x}".into()));
    // Keys CloudFormation or ASL would read as something else.
    for key in ["Ref", "Fn::GetAtt", "Fn::Sub", "Next", "Default", "a${b}"] {
        assert!(key_misread(key), "{key}");
    }
    for key in ["ref", "Fn", "Reference", "next", "$ {b}"] {
        assert!(!key_misread(key), "{key}");
    }
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
        "$substring($s, 0, 2) = 'ab'"
    );
    assert_eq!(
        translate(&call("starts_with", vec![var("s"), lit("é!")])),
        "$substring($s, 0, 2) = 'é!'"
    );
    assert_eq!(
        translate(&call("starts_with", vec![var("s"), var("p")])),
        "($P := $p; $substring($s, 0, $length($P)) = $P)"
    );
    assert_eq!(translate(&call("uuid", vec![])), "$uuid()");
    assert_eq!(translate(&call("now", vec![])), "$now()");
    let vars = VarNames::default();
    assert!(
        Jsonata::new("input", &vars, &Untyped)
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
    let js = Jsonata::new("input", &vars, &Untyped);
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
        // `o` is untyped here, so `o.id` may be missing: then `null`.
        serde_json::json!({"order": "{% ($D := $o.id; $exists($D) ? $D : null) %}", "n": 2.5})
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
    let js = Jsonata::new("input", &vars, &Untyped);
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
    let js = Jsonata::new("input", &vars, &Untyped);
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

#[test]
fn the_printer_quotes_field_names_only_when_needed() {
    use super::ast::Node;
    let x = || Node::var("x");
    assert_eq!(print(&Node::field(x(), "id")), "$x.id");
    assert_eq!(
        print(&Node::field(x(), "Content-Type")),
        "$x.`Content-Type`"
    );
    assert_eq!(print(&Node::field(x(), "in")), "$x.`in`");
    assert_eq!(print(&Node::field(x(), "2nd")), "$x.`2nd`");
    // No escape exists between backticks.
    assert_eq!(print(&Node::field(x(), "a`b")), "$lookup($x, 'a`b')");
    assert_eq!(print(&Node::field(x(), "")), "$lookup($x, '')");
    // Raw text between backticks could end the `{% %}` or the line.
    assert_eq!(
        print(&Node::field(x(), "a%}b")),
        "$lookup($x, 'a\\u0025}b')"
    );
    assert_eq!(print(&Node::field(x(), "a\nb")), "$lookup($x, 'a\\nb')");
}

#[test]
fn the_printer_adds_only_the_parentheses_jsonata_needs() {
    use super::ast::{BinaryOp, Node};
    let v = |name: &str| Node::var(name);
    let sum = Node::binary(v("a"), BinaryOp::Add, v("b"));
    assert_eq!(print(&Node::field(sum.clone(), "x")), "($a + $b).x");
    assert_eq!(print(&Node::Neg(Box::new(sum.clone()))), "-($a + $b)");
    assert_eq!(
        print(&Node::Neg(Box::new(Node::field(v("a"), "b")))),
        "-$a.b"
    );
    assert_eq!(
        print(&Node::concat(vec![sum.clone(), Node::str("!")])),
        "($a + $b) & '!'"
    );
    assert_eq!(
        print(&Node::concat(vec![Node::str("!"), sum])),
        "'!' & ($a + $b)"
    );
    let cmp = Node::binary(v("a"), BinaryOp::Eq, v("b"));
    assert_eq!(
        print(&Node::binary(cmp, BinaryOp::Eq, v("c"))),
        "($a = $b) = $c"
    );
    let cond = Node::condition(v("c"), v("a"), v("b"));
    assert_eq!(
        print(&Node::binary(cond, BinaryOp::Or, v("d"))),
        "($c ? $a : $b) or $d"
    );
    assert_eq!(print(&Node::field(Node::Number("1".into()), "x")), "(1).x");
}

/// Types for chosen expressions; every other expression is `any`.
#[derive(Default)]
struct Typed(std::collections::HashMap<crate::syntax::ast::NodeId, Type>);

impl Typed {
    fn with(mut self, expr: &Expr, ty: Type) -> Typed {
        self.0.insert(expr.id, ty);
        self
    }
}

impl ExprTypes for Typed {
    fn type_of(&self, expr: &Expr) -> &Type {
        self.0.get(&expr.id).unwrap_or(&Type::Any)
    }
}

fn translate_typed(expr: &Expr, types: &Typed) -> String {
    let vars = VarNames::default();
    Jsonata::new("input", &vars, types).text(expr).unwrap()
}

#[test]
fn a_constant_key_reads_the_field() {
    let expr = index(field(var("r"), "headers"), lit("Content-Type"));
    assert_eq!(translate(&expr), "$r.headers.`Content-Type`");
    assert_eq!(translate(&index(var("m"), lit("id"))), "$m.id");
}

#[test]
fn computed_keys_and_indexes_follow_the_types() {
    use std::rc::Rc;
    let map = var("m");
    let key = var("k");
    let types = Typed::default()
        .with(&map, Type::Map(Rc::new(Type::Number)))
        .with(&key, Type::String);
    assert_eq!(translate_typed(&index(map, key), &types), "$lookup($m, $k)");
    let map = var("m");
    let types = Typed::default().with(&map, Type::Map(Rc::new(Type::Number)));
    assert_eq!(
        translate_typed(&index(map, num("0")), &types),
        "$lookup($m, $string(0))"
    );
    let list = var("xs");
    let types = Typed::default().with(&list, Type::List(Rc::new(Type::Any)));
    assert_eq!(translate_typed(&index(list, var("i")), &types), "$xs[$i]");
    let i = var("i");
    let types = Typed::default().with(&i, Type::Number);
    assert_eq!(translate_typed(&index(var("xs"), i), &types), "$xs[$i]");
    assert_eq!(
        translate(&index(var("x"), var("k"))),
        "($I := $k; $type($I) = 'number' ? $x[$I] : $lookup($x, $I))"
    );
}

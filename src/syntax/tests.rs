//! Tests of the syntax stage as a whole: source text in, tree or
//! diagnostics out. Trees are checked through their shape and the text
//! their spans cover, never raw offsets.
#![expect(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code"
)]

use super::ast::*;
use super::{KEYWORDS, MAX_FILE_BYTES, MAX_NESTING, parse};
use crate::diag::{Code, Diagnostics};
use crate::source::{SourceFile, Span};

/// The design's full example (shared/design/language.md, "A whole file").
const DESIGN_EXAMPLE: &str = r#"/// Fetch an order from the private billing API and invoice it.
workflow order_sync(input: OrderRequest) timeout 10m {
    let order = GET billing "/orders/{input.order_id}" -> Order {
        query   { expand: "lines" }
        timeout 20s
        retry   transient
        catch Http.404 { fail "OrderNotFound" "no order {input.order_id}" }
    }

    if order.body.total > 1000 and order.body.status == "open" {
        POST approvals "/requests" {
            body { order: order.body.id, amount: order.body.total }
            retry transient
        }
        wait 1h
    }

    try {
        let invoice = POST billing "/invoices" -> Invoice { body order.body }
        return { invoice: invoice.body.id }
    } catch Http.409 {
        return { invoice: null, duplicate: true }
    }
}

type OrderRequest = { order_id: string, priority?: bool }
type Order   = { id: string, total: number, status: "open" | "closed", lines: [Line] }
type Line    = { sku: string, qty: number }
type Invoice = { id: string }

endpoint billing {
    url     "https://billing.internal.example.com/v1"
    private "arn:aws:vpc-lattice:eu-west-1:111122223333:resourceconfiguration/rcfg-0123456789abcdef0"
    auth    api_key "x-api-key" = secret("billing/api-key")
}

endpoint approvals {
    url     "https://approvals.internal.example.com"
    private gateway {
        vpc             "vpc-0a1b2c3d"
        subnets         ["subnet-0a1b2c3d", "subnet-0c2d3e4f"]
        security_groups ["sg-0e3f4a5b"]
    }
    auth oauth {
        token_url     "https://auth.internal.example.com/oauth2/token"
        client_id     "aslc"
        client_secret secret("approvals/oauth", "client_secret")
    }
}

retry transient {
    on        Http.5xx, Http.Socket, Timeout
    attempts  4
    interval  2s
    backoff   2
    max_delay 30s
    jitter    full
}
"#;

// ---------------------------------------------------------------------------
// Helpers

fn run(text: &str) -> (SourceFile, Option<File>, Diagnostics) {
    let file = SourceFile::new("test.sfl", text);
    let mut diagnostics = Diagnostics::new();
    let tree = parse(&file, &mut diagnostics);
    (file, tree, diagnostics)
}

/// Parses text that must have no diagnostics.
fn parse_ok(text: &str) -> (SourceFile, File) {
    let (file, tree, diagnostics) = run(text);
    let found: Vec<String> = diagnostics
        .iter()
        .map(|d| format!("{} {}", d.code, d.message))
        .collect();
    assert!(found.is_empty(), "unexpected diagnostics: {found:#?}");
    (file, tree.unwrap())
}

/// The diagnostics of `text` as (code, underlined text).
fn problems(text: &str) -> Vec<(Code, String)> {
    let (file, _, diagnostics) = run(text);
    diagnostics
        .sorted()
        .iter()
        .map(|d| (d.code, file.slice(d.primary.span).to_owned()))
        .collect()
}

/// The one diagnostic of `text`.
fn only_problem(text: &str) -> crate::diag::Diagnostic {
    let (_, _, diagnostics) = run(text);
    let all = diagnostics.into_vec();
    assert_eq!(all.len(), 1, "{all:#?}");
    all.into_iter().next().unwrap()
}

/// The statements of a file's workflow.
fn body(tree: &File) -> &[Stmt] {
    tree.items
        .iter()
        .find_map(|item| match item {
            Item::Workflow(w) => Some(w.body.stmts.as_slice()),
            _ => None,
        })
        .unwrap()
}

/// Statements written inside `workflow w() { … }`.
fn stmts_of(code: &str) -> (SourceFile, File) {
    parse_ok(&format!("workflow w() {{\n{code}\n}}\n"))
}

/// The expression `let x = <code>` builds, as an S-expression.
fn expr_of(code: &str) -> String {
    let (file, tree) = stmts_of(&format!("let x = {code}"));
    match &body(&tree)[0].kind {
        StmtKind::Let { value, .. } => sexpr(&file, value),
        other => panic!("{other:?}"),
    }
}

/// An expression as a fully parenthesized S-expression.
fn sexpr(file: &SourceFile, expr: &Expr) -> String {
    match &expr.kind {
        ExprKind::Null => "null".to_owned(),
        ExprKind::Bool(b) => b.to_string(),
        ExprKind::Number(n) => n.raw.clone(),
        ExprKind::String(t) => template(file, t),
        ExprKind::List(items) => {
            let items: Vec<String> = items.iter().map(|e| sexpr(file, e)).collect();
            format!("[{}]", items.join(" "))
        }
        ExprKind::Object(entries) => {
            let entries: Vec<String> = entries
                .iter()
                .map(|(k, v)| format!("{}:{}", k.name, sexpr(file, v)))
                .collect();
            format!("{{{}}}", entries.join(" "))
        }
        ExprKind::Comprehension(c) => {
            let filter = c
                .filter
                .as_ref()
                .map(|f| format!(" (if {})", sexpr(file, f)))
                .unwrap_or_default();
            format!(
                "(for {} {}{filter} {})",
                c.var.name,
                sexpr(file, &c.list),
                sexpr(file, &c.item)
            )
        }
        ExprKind::Var(name) => name.name.clone(),
        ExprKind::Field { base, field } => format!("(. {} {})", sexpr(file, base), field.name),
        ExprKind::Index { base, index } => {
            format!("([] {} {})", sexpr(file, base), sexpr(file, index))
        }
        ExprKind::Call { func, args } => {
            let args: Vec<String> = args.iter().map(|e| sexpr(file, e)).collect();
            format!("({} {})", func.name, args.join(" "))
        }
        ExprKind::Unary { op, expr, .. } => {
            let op = match op {
                UnaryOp::Not => "not",
                UnaryOp::Neg => "neg",
            };
            format!("({op} {})", sexpr(file, expr))
        }
        ExprKind::Binary { op, lhs, rhs, .. } => {
            format!(
                "({} {} {})",
                op.as_str(),
                sexpr(file, lhs),
                sexpr(file, rhs)
            )
        }
    }
}

/// A template as `"text{expr}text"`, with the interpolations as S-expressions.
fn template(file: &SourceFile, template: &Template) -> String {
    let mut out = String::from("\"");
    for part in &template.parts {
        match part {
            TemplatePart::Text { text, .. } => out.push_str(text),
            TemplatePart::Interp(e) => {
                out.push('{');
                out.push_str(&sexpr(file, e));
                out.push('}');
            }
        }
    }
    out.push('"');
    out
}

fn item<'a, T>(tree: &'a File, pick: impl Fn(&'a Item) -> Option<&'a T>) -> &'a T {
    tree.items.iter().find_map(pick).unwrap()
}

// ---------------------------------------------------------------------------
// The design's example

#[test]
fn the_design_example_parses_into_the_expected_tree() {
    let (file, tree) = parse_ok(DESIGN_EXAMPLE);
    assert_eq!(tree.items.len(), 8);
    assert!(tree.comments.is_empty());

    let workflow = item(&tree, |i| match i {
        Item::Workflow(w) => Some(w),
        _ => None,
    });
    assert_eq!(workflow.name.name, "order_sync");
    assert_eq!(
        workflow.doc.as_ref().unwrap().text,
        "Fetch an order from the private billing API and invoice it."
    );
    let input = workflow.input.as_ref().unwrap();
    assert_eq!(input.name.name, "input");
    assert!(matches!(&input.ty.kind, TypeKind::Named(n) if n.name == "OrderRequest"));
    assert_eq!(workflow.timeout.unwrap().seconds, 600);
    assert!(workflow.express.is_none());
    assert!(file.slice(workflow.span).starts_with("/// Fetch"));
    assert!(file.slice(workflow.span).ends_with('}'));

    let stmts = &workflow.body.stmts;
    assert_eq!(stmts.len(), 3);

    // let order = GET billing "/orders/{input.order_id}" -> Order { … }
    let StmtKind::Http(call) = &stmts[0].kind else {
        panic!("{:?}", stmts[0].kind)
    };
    assert_eq!(call.binding.as_ref().unwrap().name, "order");
    assert_eq!(call.method, Method::Get);
    assert_eq!(file.slice(call.method_span), "GET");
    assert_eq!(call.endpoint.name, "billing");
    assert_eq!(
        template(&file, &call.path),
        "\"/orders/{(. input order_id)}\""
    );
    assert!(
        matches!(&call.response.as_ref().unwrap().kind, TypeKind::Named(n) if n.name == "Order")
    );
    let options = &call.options;
    assert_eq!(
        sexpr(&file, options.query.as_ref().unwrap()),
        "{expand:\"lines\"}"
    );
    assert_eq!(options.timeout.unwrap().seconds, 20);
    assert!(matches!(&options.retries[..], [RetrySpec::Named(n)] if n.name == "transient"));
    assert_eq!(options.catches.len(), 1);
    let catch = &options.catches[0];
    assert_eq!(catch.errors[0].kind, ErrorKind::Http("404".to_owned()));
    let StmtKind::Fail { error, cause } = &catch.body.stmts[0].kind else {
        panic!()
    };
    assert_eq!(template(&file, error), "\"OrderNotFound\"");
    assert_eq!(
        template(&file, cause.as_ref().unwrap()),
        "\"no order {(. input order_id)}\""
    );

    // if … and … { POST …; wait 1h }
    let StmtKind::If(if_stmt) = &stmts[1].kind else {
        panic!()
    };
    assert_eq!(
        sexpr(&file, &if_stmt.branches[0].0),
        "(and (> (. (. order body) total) 1000) (== (. (. order body) status) \"open\"))"
    );
    let inner = &if_stmt.branches[0].1.stmts;
    let StmtKind::Http(post) = &inner[0].kind else {
        panic!()
    };
    assert!(post.binding.is_none());
    assert_eq!(post.method, Method::Post);
    assert_eq!(
        sexpr(&file, post.options.body.as_ref().unwrap()),
        "{order:(. (. order body) id) amount:(. (. order body) total)}"
    );
    assert!(matches!(inner[1].kind, StmtKind::Wait(Wait::Duration(d)) if d.seconds == 3600));
    assert!(if_stmt.else_block.is_none());

    // try { … } catch Http.409 { … }
    let StmtKind::Try {
        body: try_body,
        catches,
    } = &stmts[2].kind
    else {
        panic!()
    };
    assert_eq!(try_body.stmts.len(), 2);
    assert!(matches!(&try_body.stmts[1].kind, StmtKind::Return(_)));
    assert_eq!(catches[0].errors[0].kind, ErrorKind::Http("409".to_owned()));
    let StmtKind::Return(value) = &catches[0].body.stmts[0].kind else {
        panic!()
    };
    assert_eq!(sexpr(&file, value), "{invoice:null duplicate:true}");

    // Types.
    let order = item(&tree, |i| match i {
        Item::Type(t) if t.name.name == "Order" => Some(t),
        _ => None,
    });
    let TypeKind::Record(fields) = &order.ty.kind else {
        panic!()
    };
    let status = fields.iter().find(|f| f.name.name == "status").unwrap();
    let TypeKind::Union(members) = &status.ty.kind else {
        panic!()
    };
    let members: Vec<&str> = members.iter().map(|m| m.value.as_str()).collect();
    assert_eq!(members, ["open", "closed"]);
    let lines = fields.iter().find(|f| f.name.name == "lines").unwrap();
    assert!(
        matches!(&lines.ty.kind, TypeKind::List(t) if matches!(&t.kind, TypeKind::Named(n) if n.name == "Line"))
    );
    let request = item(&tree, |i| match i {
        Item::Type(t) if t.name.name == "OrderRequest" => Some(t),
        _ => None,
    });
    let TypeKind::Record(fields) = &request.ty.kind else {
        panic!()
    };
    assert!(!fields[0].optional);
    assert!(fields[1].optional);
    assert_eq!(fields[1].name.name, "priority");
    assert_eq!(file.slice(fields[1].span), "priority?: bool");

    // Endpoints.
    let billing = item(&tree, |i| match i {
        Item::Endpoint(e) if e.name.name == "billing" => Some(e),
        _ => None,
    });
    assert_eq!(
        billing.url.as_ref().unwrap().value,
        "https://billing.internal.example.com/v1"
    );
    assert!(
        matches!(&billing.private, Some(Private::ResourceConfiguration(arn)) if arn.value.ends_with("rcfg-0123456789abcdef0"))
    );
    let Some(Auth::ApiKey { header, value, .. }) = &billing.auth else {
        panic!()
    };
    assert_eq!(header.value, "x-api-key");
    assert!(
        matches!(value, StaticValue::Secret { name, key: None, .. } if name.value == "billing/api-key")
    );

    let approvals = item(&tree, |i| match i {
        Item::Endpoint(e) if e.name.name == "approvals" => Some(e),
        _ => None,
    });
    let Some(Private::Gateway(gateway)) = &approvals.private else {
        panic!()
    };
    assert_eq!(gateway.vpc.as_ref().unwrap().value, "vpc-0a1b2c3d");
    let subnets: Vec<&str> = gateway
        .subnets
        .as_ref()
        .unwrap()
        .items
        .iter()
        .map(|s| s.value.as_str())
        .collect();
    assert_eq!(subnets, ["subnet-0a1b2c3d", "subnet-0c2d3e4f"]);
    assert_eq!(gateway.security_groups.as_ref().unwrap().items.len(), 1);
    assert!(gateway.port.is_none());
    assert!(file.slice(gateway.span).starts_with("gateway {"));
    let Some(Auth::OAuth(oauth)) = &approvals.auth else {
        panic!()
    };
    assert!(
        oauth
            .token_url
            .as_ref()
            .unwrap()
            .value
            .ends_with("/oauth2/token")
    );
    assert!(matches!(&oauth.client_id, Some(StaticValue::Literal(id)) if id.value == "aslc"));
    assert!(
        matches!(&oauth.client_secret, Some(StaticValue::Secret { key: Some(k), .. }) if k.value == "client_secret")
    );
    assert!(file.slice(oauth.span).starts_with("auth oauth {"));

    // The retry policy.
    let transient = item(&tree, |i| match i {
        Item::Retry(r) => Some(r),
        _ => None,
    });
    let policy = &transient.policy;
    let on: Vec<&ErrorKind> = policy.on.iter().map(|e| &e.kind).collect();
    assert_eq!(
        on,
        [
            &ErrorKind::Http("5xx".to_owned()),
            &ErrorKind::Http("Socket".to_owned()),
            &ErrorKind::Builtin("Timeout".to_owned())
        ]
    );
    assert_eq!(policy.attempts.as_ref().unwrap().value, 4.0);
    assert_eq!(policy.interval.unwrap().seconds, 2);
    assert_eq!(policy.backoff.as_ref().unwrap().raw, "2");
    assert_eq!(policy.max_delay.unwrap().seconds, 30);
    assert_eq!(policy.jitter.unwrap().value, Jitter::Full);
}

#[test]
fn every_example_parses_without_diagnostics() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "sfl") {
            let text = std::fs::read_to_string(&path).unwrap();
            let (_, tree, diagnostics) = run(&text);
            assert!(
                diagnostics.is_empty(),
                "{}: {diagnostics:#?}",
                path.display()
            );
            assert!(tree.is_some());
            seen += 1;
        }
    }
    assert!(seen > 0);
}

// ---------------------------------------------------------------------------
// Comments and docs

#[test]
fn doc_comments_attach_and_plain_comments_are_collected() {
    let text = "\
// header comment
/// The flow.
/// Second line.
workflow w() {
    // before the wait
    /// Pause.
    wait 1s // trailing
    ////  four slashes is plain
}
";
    let (file, tree) = parse_ok(text);
    let comments: Vec<&str> = tree.comments.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(
        comments,
        [
            " header comment",
            " before the wait",
            " trailing",
            "//  four slashes is plain"
        ]
    );
    assert_eq!(file.slice(tree.comments[2].span), "// trailing");
    let Item::Workflow(w) = &tree.items[0] else {
        panic!()
    };
    let doc = w.doc.as_ref().unwrap();
    assert_eq!(doc.text, "The flow.\nSecond line.");
    assert_eq!(file.slice(doc.span), "/// The flow.\n/// Second line.");
    let stmt = &w.body.stmts[0];
    assert_eq!(stmt.doc.as_ref().unwrap().text, "Pause.");
    // A statement's span leaves its doc comment out.
    assert_eq!(file.slice(stmt.span), "wait 1s");
}

#[test]
fn doc_comments_on_every_item_kind() {
    let (_, tree) = parse_ok(
        "/// T\ntype T = string\n/// E\nendpoint e { url \"https://e.example.com\" }\n/// R\nretry r { on any }\n/// P\nparam P = \"p\"\n",
    );
    let docs: Vec<&str> = tree
        .items
        .iter()
        .map(|i| match i {
            Item::Type(t) => t.doc.as_ref(),
            Item::Endpoint(e) => e.doc.as_ref(),
            Item::Retry(r) => r.doc.as_ref(),
            Item::Workflow(w) => w.doc.as_ref(),
            Item::Param(p) => p.doc.as_ref(),
            Item::Use(u) => u.doc.as_ref(),
            Item::Bus(b) => b.doc.as_ref(),
        })
        .map(|d| d.unwrap().text.as_str())
        .collect();
    assert_eq!(docs, ["T", "E", "R", "P"]);
}

#[test]
fn a_doc_comment_that_documents_nothing_is_reported() {
    assert_eq!(
        problems("workflow w() {\n    wait 1s\n    /// done\n}\n"),
        [(Code::DanglingDocComment, "/// done".to_owned())]
    );
    assert_eq!(
        problems("workflow w() { wait 1s }\n/// trailing\n"),
        [(Code::DanglingDocComment, "/// trailing".to_owned())]
    );
}

// ---------------------------------------------------------------------------
// Statements

#[test]
fn let_forms() {
    let (file, tree) = stmts_of(
        "let a = 1\nlet b = parallel { branch { return 1 } branch { return 2 } }\nlet c = for x in xs concurrency 3 { return x }\nlet d = POST api \"/p\"",
    );
    let stmts = body(&tree);
    assert!(matches!(&stmts[0].kind, StmtKind::Let { name, .. } if name.name == "a"));
    let StmtKind::Parallel { binding, branches } = &stmts[1].kind else {
        panic!()
    };
    assert_eq!(binding.as_ref().unwrap().name, "b");
    assert_eq!(branches.len(), 2);
    assert_eq!(file.slice(branches[1].span), "branch { return 2 }");
    let StmtKind::For(for_stmt) = &stmts[2].kind else {
        panic!()
    };
    assert_eq!(for_stmt.binding.as_ref().unwrap().name, "c");
    assert_eq!(for_stmt.var.name, "x");
    assert_eq!(sexpr(&file, &for_stmt.iter), "xs");
    assert_eq!(for_stmt.concurrency.as_ref().unwrap().value, 3.0);
    let StmtKind::Http(call) = &stmts[3].kind else {
        panic!()
    };
    assert_eq!(call.binding.as_ref().unwrap().name, "d");
}

#[test]
fn control_flow_statements() {
    let (file, tree) = stmts_of(
        r#"set n = n + 1
if a { succeed } else if b { wait 5m } else if c { wait until t } else { fail "E" }
while n < 3 { set n = n + 1 }
match s { "a" | "b" => { succeed }, 1 => { succeed } -2 => { succeed } true => { succeed } null => { succeed } _ => { fail "X" "y" } }
try { succeed } catch Http.4xx, Timeout as e { succeed } catch any { succeed }
return { ok: true }"#,
    );
    let stmts = body(&tree);
    assert!(
        matches!(&stmts[0].kind, StmtKind::Set { name, value } if name.name == "n" && sexpr(&file, value) == "(+ n 1)")
    );
    let StmtKind::If(if_stmt) = &stmts[1].kind else {
        panic!()
    };
    assert_eq!(if_stmt.branches.len(), 3);
    assert!(if_stmt.else_block.is_some());
    assert!(
        matches!(&if_stmt.branches[2].1.stmts[0].kind, StmtKind::Wait(Wait::Until(e)) if sexpr(&file, e) == "t")
    );
    assert!(
        matches!(&stmts[2].kind, StmtKind::While { cond, .. } if sexpr(&file, cond) == "(< n 3)")
    );
    let StmtKind::Match(m) = &stmts[3].kind else {
        panic!()
    };
    let patterns: Vec<Vec<String>> = m
        .arms
        .iter()
        .map(|arm| {
            arm.patterns
                .iter()
                .map(|p| match p {
                    Pattern::Literal(e) => sexpr(&file, e),
                    Pattern::Wildcard(_) => "_".to_owned(),
                })
                .collect()
        })
        .collect();
    assert_eq!(
        patterns,
        [
            vec!["\"a\"", "\"b\""],
            vec!["1"],
            vec!["-2"],
            vec!["true"],
            vec!["null"],
            vec!["_"]
        ]
    );
    let StmtKind::Try { catches, .. } = &stmts[4].kind else {
        panic!()
    };
    assert_eq!(catches.len(), 2);
    assert_eq!(catches[0].errors.len(), 2);
    assert_eq!(catches[0].binding.as_ref().unwrap().name, "e");
    assert_eq!(catches[1].errors[0].kind, ErrorKind::Any);
    assert!(matches!(&stmts[5].kind, StmtKind::Return(_)));
}

#[test]
fn call_options_in_full() {
    let (file, tree) = stmts_of(
        r#"PATCH api "/x" {
    headers { "X-Id": id }
    body    [1, 2]
    encoding form
    name "Update the thing"
    retry on Http.429 attempts 5 interval 1s backoff 2 max_delay 1m jitter none
    retry transient
    retry on "Custom.Error"
    catch "Custom.Error" { succeed }
}"#,
    );
    let StmtKind::Http(call) = &body(&tree)[0].kind else {
        panic!()
    };
    assert_eq!(call.method, Method::Patch);
    let o = &call.options;
    assert_eq!(sexpr(&file, o.headers.as_ref().unwrap()), "{X-Id:id}");
    assert_eq!(o.encoding.unwrap().value, Encoding::Form);
    assert_eq!(o.name.as_ref().unwrap().value, "Update the thing");
    assert_eq!(o.retries.len(), 3);
    let RetrySpec::Inline(policy) = &o.retries[0] else {
        panic!()
    };
    assert_eq!(policy.on[0].kind, ErrorKind::Http("429".to_owned()));
    assert_eq!(policy.attempts.as_ref().unwrap().value, 5.0);
    assert_eq!(policy.max_delay.unwrap().seconds, 60);
    assert_eq!(policy.jitter.unwrap().value, Jitter::None);
    assert_eq!(
        file.slice(policy.span),
        "on Http.429 attempts 5 interval 1s backoff 2 max_delay 1m jitter none"
    );
    assert!(matches!(&o.retries[1], RetrySpec::Named(n) if n.name == "transient"));
    let RetrySpec::Inline(custom) = &o.retries[2] else {
        panic!()
    };
    assert_eq!(
        custom.on[0].kind,
        ErrorKind::Custom("Custom.Error".to_owned())
    );
    assert_eq!(
        o.catches[0].errors[0].kind,
        ErrorKind::Custom("Custom.Error".to_owned())
    );
    assert!(file.slice(o.span.unwrap()).starts_with('{'));
}

#[test]
fn a_call_without_options_is_followed_by_the_next_statement() {
    let (_, tree) = stmts_of("GET api \"/a\"\nDELETE api \"/b\" -> [Item]\nwait 1s");
    let stmts = body(&tree);
    assert_eq!(stmts.len(), 3);
    let StmtKind::Http(second) = &stmts[1].kind else {
        panic!()
    };
    assert_eq!(second.method, Method::Delete);
    assert!(second.options.span.is_none());
    assert!(matches!(
        &second.response.as_ref().unwrap().kind,
        TypeKind::List(_)
    ));
}

#[test]
fn express_workflow_without_parameter_list() {
    let (_, tree) = parse_ok("workflow w timeout 1m express { succeed }");
    let Item::Workflow(w) = &tree.items[0] else {
        panic!()
    };
    assert!(w.input.is_none());
    assert!(w.express.is_some());
    assert_eq!(w.timeout.unwrap().seconds, 60);
    let (_, tree) = parse_ok("workflow w() express timeout 2m { succeed }");
    let Item::Workflow(w) = &tree.items[0] else {
        panic!()
    };
    assert_eq!(w.timeout.unwrap().seconds, 120);
}

#[test]
fn words_that_are_not_reserved_work_as_names() {
    // Clause words, type names and `input` are contextual.
    let (file, tree) =
        stmts_of("let url = on + attempts\nlet string = any\nlet x = { type: input.type, if: 1 }");
    let stmts = body(&tree);
    assert!(
        matches!(&stmts[0].kind, StmtKind::Let { value, .. } if sexpr(&file, value) == "(+ on attempts)")
    );
    assert!(
        matches!(&stmts[2].kind, StmtKind::Let { value, .. } if sexpr(&file, value) == "{type:(. input type) if:1}")
    );
}

// ---------------------------------------------------------------------------
// Expressions

#[test]
fn wait_takes_a_duration_a_computed_number_of_seconds_or_a_timestamp() {
    let (file, tree) = stmts_of("wait 30s\nwait 2 * 60\nwait input.hours * 3600\nwait until t");
    let stmts = body(&tree);
    assert!(matches!(stmts[0].kind, StmtKind::Wait(Wait::Duration(d)) if d.seconds == 30));
    assert!(
        matches!(&stmts[1].kind, StmtKind::Wait(Wait::Seconds(e)) if sexpr(&file, e) == "(* 2 60)")
    );
    assert!(
        matches!(&stmts[2].kind, StmtKind::Wait(Wait::Seconds(e)) if sexpr(&file, e) == "(* (. input hours) 3600)")
    );
    assert!(matches!(&stmts[3].kind, StmtKind::Wait(Wait::Until(_))));
    assert_eq!(stmts.len(), 4);
}

#[test]
fn a_list_whose_first_item_is_followed_by_for_is_a_comprehension() {
    assert_eq!(
        expr_of("[x.id for x in input.items if x.ok]"),
        "(for x (. input items) (if (. x ok)) (. x id))"
    );
    assert_eq!(expr_of("[x * 2 for x in xs]"), "(for x xs (* x 2))");
    assert_eq!(
        expr_of("[[a for a in r] for r in rows]"),
        "(for r rows (for a r a))"
    );
    // A duration in an expression is its number of seconds.
    assert_eq!(expr_of("input.h * 1h"), "(* (. input h) 3600)");
    // An ordinary list is unchanged, trailing comma included.
    assert_eq!(expr_of("[1, 2,]"), "[1 2]");
}

#[test]
fn precedence_from_loosest_to_tightest() {
    assert_eq!(
        expr_of("a or b and not c == d ?? e + f * -g.h[0]"),
        "(or a (and b (not (== c (?? d (+ e (* f (neg ([] (. g h) 0)))))))))"
    );
    assert_eq!(expr_of("a - b - c"), "(- (- a b) c)");
    assert_eq!(expr_of("a / b % c"), "(% (/ a b) c)");
    assert_eq!(expr_of("a ?? b ?? c"), "(?? (?? a b) c)");
    assert_eq!(expr_of("not a and b"), "(and (not a) b)");
    assert_eq!(expr_of("x in [1, 2] or y"), "(or (in x [1 2]) y)");
    assert_eq!(expr_of("(a + b) * c"), "(* (+ a b) c)");
    assert_eq!(expr_of("-(1)"), "(neg 1)");
    assert_eq!(expr_of("- 2.5e3"), "-2.5e3");
    assert_eq!(
        expr_of("len(x) + upper(s, \"t\")"),
        "(+ (len x) (upper s \"t\"))"
    );
    assert_eq!(expr_of("now()"), "(now )");
    assert_eq!(expr_of("{ a: [], \"b c\": {}, }"), "{a:[] b c:{}}");
}

#[test]
fn parenthesized_comparisons_may_be_compared() {
    assert_eq!(expr_of("(a < b) == c"), "(== (< a b) c)");
    assert_eq!(
        problems("workflow w() { let x = a < b <= c }"),
        [(Code::ChainedComparison, "<=".to_owned())]
    );
    assert_eq!(
        problems("workflow w() { let x = a == b in c }"),
        [(Code::ChainedComparison, "in".to_owned())]
    );
}

#[test]
fn expression_spans_cover_their_text() {
    let (file, tree) = stmts_of("let x = (a + b).c[1] * -3");
    let StmtKind::Let { value, .. } = &body(&tree)[0].kind else {
        panic!()
    };
    assert_eq!(file.slice(value.span), "(a + b).c[1] * -3");
    let ExprKind::Binary {
        lhs, rhs, op_span, ..
    } = &value.kind
    else {
        panic!()
    };
    assert_eq!(file.slice(lhs.span), "(a + b).c[1]");
    assert_eq!(file.slice(rhs.span), "-3");
    assert_eq!(file.slice(*op_span), "*");
}

#[test]
fn strings_unescape_and_interpolate() {
    assert_eq!(
        expr_of(r#""a\"b\\c\td\u{e9} {{x}} {y.z} {"in{w}"}""#),
        "\"a\"b\\c\tdé {x} {(. y z)} {\"in{w}\"}\""
    );
    assert_eq!(expr_of(r#""""#), "\"\"");
    let (file, tree) = stmts_of(r#"fail "E{code}x""#);
    let StmtKind::Fail { error, .. } = &body(&tree)[0].kind else {
        panic!()
    };
    let spans: Vec<&str> = error
        .parts
        .iter()
        .map(|p| match p {
            TemplatePart::Text { span, .. } => file.slice(*span),
            TemplatePart::Interp(e) => file.slice(e.span),
        })
        .collect();
    assert_eq!(spans, ["E", "code", "x"]);
}

#[test]
fn numbers_keep_their_text() {
    let (_, tree) = stmts_of("let x = 1.50");
    let StmtKind::Let { value, .. } = &body(&tree)[0].kind else {
        panic!()
    };
    let ExprKind::Number(n) = &value.kind else {
        panic!()
    };
    assert_eq!(n.raw, "1.50");
    assert_eq!(n.value, 1.5);
}

// ---------------------------------------------------------------------------
// Types

#[test]
fn types() {
    let (_, tree) = parse_ok(
        r#"type A = { string: number }
type B = { "string": number }
type C = [{ k?: [string], "quoted key": any }]
type D = "only"
type E = null"#,
    );
    let kinds: Vec<&TypeKind> = tree
        .items
        .iter()
        .map(|i| match i {
            Item::Type(t) => &t.ty.kind,
            _ => panic!(),
        })
        .collect();
    assert!(matches!(kinds[0], TypeKind::Map(t) if t.kind == TypeKind::Number));
    assert!(matches!(kinds[1], TypeKind::Record(f) if f[0].name.name == "string"));
    let TypeKind::List(inner) = kinds[2] else {
        panic!()
    };
    let TypeKind::Record(fields) = &inner.kind else {
        panic!()
    };
    assert!(fields[0].optional);
    assert_eq!(fields[1].name.name, "quoted key");
    assert!(matches!(kinds[3], TypeKind::Union(m) if m.len() == 1));
    assert_eq!(kinds[4], &TypeKind::Null);
}

// ---------------------------------------------------------------------------
// Diagnostics, one test per code (and situation)

#[test]
fn syntax_errors_name_what_was_expected_and_found() {
    let cases = [
        // Missing `}` at the end of the file.
        (
            "workflow w() {\n    wait 1s\n",
            "expected `}` or a statement",
            "unexpected end of file",
            "",
        ),
        // Missing `{` after a condition.
        (
            "workflow w() {\n    if x\n        wait 1s\n    }\n}\n",
            "expected `{` or an operator",
            "unexpected `wait`",
            "wait",
        ),
        // A stray token.
        (
            "workflow w() { wait 1s ) }",
            "expected `}` or a statement",
            "unexpected `)`",
            ")",
        ),
        // Missing `=` in a let.
        (
            "workflow w() { let x 5 }",
            "expected `=`",
            "unexpected `5`",
            "5",
        ),
        // An unclosed parameter list.
        (
            "workflow flow( {\n",
            "expected `)` or a name",
            "unexpected `{`",
            "{",
        ),
        // Garbage at the top level.
        ("let x = 1", "expected an item", "unexpected `let`", "let"),
    ];
    for (text, message, label, underlined) in cases {
        let d = only_problem(text);
        assert_eq!(d.code, Code::UnexpectedToken, "{text}");
        assert_eq!(d.message, message, "{text}");
        assert_eq!(d.primary.message, label, "{text}");
        let file = SourceFile::new("t", text);
        assert_eq!(file.slice(d.primary.span), underlined, "{text}");
    }
}

#[test]
fn syntax_errors_guess_the_fix_where_they_can() {
    let help = |text: &str| only_problem(text).help.unwrap_or_default();
    assert_eq!(help("workflow w() {\n    wait 1s\n"), "add the missing `}`");
    assert_eq!(
        help("workflow w() {\n if x {\n wait 1s\n}\nendpoint e { }\n"),
        "a `}` may be missing before this `endpoint`"
    );
    assert_eq!(
        help("workflow w() { wait 1s; }"),
        "SFL needs no `;` between statements; remove it"
    );
    assert_eq!(
        help("workflow w() { x = 1 }"),
        "declare a variable with `let x = …`, or change one with `set x = …`"
    );
    assert!(help("workflow w() { let x = /// no\n 1 }").starts_with("a doc comment"));
    assert_eq!(
        help("endpoint e { url: \"https://e.example.com\" }"),
        "a clause is written `name value`, without `:`"
    );
    assert!(help("workflow w(a: A, b: B) { succeed }").starts_with("a workflow has one input"));
    assert_eq!(
        help("workflow w() { let x: number = 1 }"),
        "variables have no type annotation: write `let name = value`"
    );
    // The bracket left open is pointed at.
    let d = only_problem("workflow w() {\n    wait 1s\n");
    let file = SourceFile::new("t", "workflow w() {\n    wait 1s\n");
    assert_eq!(d.secondary.len(), 1);
    assert_eq!(file.slice(d.secondary[0].span), "{");
    assert_eq!(d.secondary[0].span.start, 13);
}

#[test]
fn file_size_limit() {
    let big = format!("workflow w() {{}}\n//{}\n", "x".repeat(MAX_FILE_BYTES));
    let d = only_problem(&big);
    assert_eq!(d.code, Code::FileTooLarge);
}

#[test]
fn nesting_limits_hold_without_overflowing_the_stack() {
    let deep = |open: &str, close: &str, n: usize| {
        format!(
            "workflow w() {{ let x = {}1{} }}",
            open.repeat(n),
            close.repeat(n)
        )
    };
    // Just inside the limit: fine (this runs on a test thread's small stack).
    parse_ok(&deep("[", "]", MAX_NESTING - 2));
    parse_ok(&deep("(", ")", MAX_NESTING - 2));
    // The statement shapes that cost the most stack per level, at the limit.
    let n = MAX_NESTING - 1;
    for (open, close) in [
        (" if x {", "}"),
        (" let r = for a in x {", "}"),
        (" try {", "} catch any { succeed }"),
    ] {
        parse_ok(&format!(
            "workflow w() {{{} wait 1s {}}}",
            open.repeat(n),
            close.repeat(n)
        ));
    }
    parse_ok(&format!(
        "workflow w() {{{} wait 1s {}}}",
        " GET a \"/\" { catch any {".repeat(n / 2),
        "} }".repeat(n / 2)
    ));
    parse_ok(&format!(
        "type T = {}string{}",
        "{ a: [".repeat(n / 2),
        "] }".repeat(n / 2)
    ));
    for text in [
        deep("[", "]", 100_000),
        deep("(", ")", 100_000),
        deep("{a:", "}", 100_000),
        deep("\"{", "}\"", 100_000),
        format!("workflow w() {{ let x = {}y }}", "not ".repeat(100_000)),
        format!("workflow w() {{ let x = {}y }}", "- ".repeat(100_000)),
        format!("workflow w() {{ let x = 1{} }}", " + 1".repeat(10_000)),
        format!("workflow w() {{ let x = y{} }}", ".a".repeat(10_000)),
        format!(
            "workflow w() {{ let x = {}y{} }}",
            "[not ".repeat(MAX_NESTING / 2 + 2),
            "]".repeat(MAX_NESTING / 2 + 2)
        ),
        format!(
            "workflow w() {}{}",
            "{ if x ".repeat(100_000),
            "}".repeat(100_000)
        ),
    ] {
        let codes: Vec<Code> = problems(&text).into_iter().map(|(c, _)| c).collect();
        assert_eq!(codes, [Code::NestingTooDeep], "{}", text.get(..60).unwrap());
    }
    // Prefix operators nested through brackets add up.
    let mixed = format!(
        "workflow w() {{ let x = {}y{} }}",
        "[not not not ".repeat(40),
        "]".repeat(40)
    );
    assert!(
        problems(&mixed)
            .iter()
            .any(|(c, _)| *c == Code::NestingTooDeep)
    );
}

#[test]
fn a_ten_thousand_statement_flow_parses() {
    // Linear time is what matters; this just has to finish quickly.
    let mut text = String::from("workflow big(input: T) {\n");
    for i in 0..10_000 {
        text.push_str(&match i % 4 {
            0 => format!("    let v{i} = GET api \"/items/{{input.id}}\"\n"),
            1 => format!("    set total = total + v{}.body.total\n", i - 1),
            2 => format!("    if total > {i} {{ wait 1s }}\n"),
            _ => format!("    POST api \"/log\" {{ body {{ n: {i} }} }}\n"),
        });
    }
    text.push_str("}\n");
    let (_, tree) = parse_ok(&text);
    assert_eq!(body(&tree).len(), 10_000);
}

#[test]
fn strings_and_escapes() {
    let d = only_problem("workflow w() {\n    fail \"oops\n}\n");
    assert_eq!(d.code, Code::UnterminatedString);
    assert_eq!(
        problems(r#"workflow w() { fail "a\qb" }"#),
        [(Code::InvalidEscape, r"\q".to_owned())]
    );
    assert_eq!(
        problems(r#"workflow w() { fail "a\u{110000}b" }"#),
        [(Code::InvalidEscape, r"\u{110000}".to_owned())]
    );
    assert_eq!(
        problems(r#"workflow w() { fail "a}b" }"#),
        [(Code::LoneBraceInString, "}".to_owned())]
    );
    let d = only_problem("workflow w() { fail 'it\"s' }");
    assert_eq!(d.code, Code::SingleQuotedString);
    assert_eq!(d.help.as_deref(), Some(r#"write `"it\"s"`"#));
    // A url may name a stage parameter, and nothing else.
    assert_eq!(
        problems(r#"endpoint e { url "https://{host.name}" }"#),
        [(Code::InterpolationNotAllowed, "{host.name}".to_owned())]
    );
    let (_, tree) = parse_ok(
        "endpoint e { url \"https://{Host}/{ Stage }\" private param(\"Arn\") }\nparam Host = \"h\"\n",
    );
    let Item::Endpoint(e) = &tree.items[0] else {
        panic!("not an endpoint")
    };
    assert_eq!(e.url.as_ref().unwrap().value, "https://${Host}/${Stage}");
    let Some(Private::ResourceConfiguration(arn)) = &e.private else {
        panic!("no private ARN")
    };
    assert_eq!(arn.value, "${Arn}");
    let Item::Param(p) = &tree.items[1] else {
        panic!("not a param")
    };
    assert_eq!(p.default.as_ref().unwrap().value, "h");
}

#[test]
fn numbers_and_durations() {
    assert_eq!(
        problems("workflow w() { let x = 007 }"),
        [(Code::InvalidNumber, "007".to_owned())]
    );
    assert_eq!(
        problems("workflow w() { let x = 1e999 }"),
        [(Code::InvalidNumber, "1e999".to_owned())]
    );
    let duration = |d: &str| problems(&format!("workflow w() {{ wait {d} }}"));
    assert_eq!(
        duration("500ms"),
        [(Code::FractionalDuration, "500ms".to_owned())]
    );
    assert_eq!(
        duration("1.5m"),
        [(Code::FractionalDuration, "1.5m".to_owned())]
    );
    assert_eq!(duration("30"), [(Code::DurationUnit, "30".to_owned())]);
    assert_eq!(duration("5mins"), [(Code::DurationUnit, "mins".to_owned())]);
    assert_eq!(
        duration("99999999999999999999s"),
        [(Code::DurationTooLong, "99999999999999999999s".to_owned())]
    );
    assert_eq!(
        problems("workflow w() { GET a \"/\" { timeout 20 } }"),
        [(Code::DurationUnit, "20".to_owned())]
    );
    assert_eq!(
        problems("retry r { on any interval 3 }"),
        [(Code::DurationUnit, "3".to_owned())]
    );
}

#[test]
fn foreign_operators_say_what_to_write() {
    assert_eq!(
        problems("workflow w() { if a = 1 { succeed } }"),
        [(Code::SingleEquals, "=".to_owned())]
    );
    assert_eq!(
        problems("workflow w() { if a && !b || c { succeed } }"),
        [
            (Code::ForeignLogicalOperator, "&&".to_owned()),
            (Code::ForeignLogicalOperator, "!".to_owned()),
            (Code::ForeignLogicalOperator, "||".to_owned())
        ]
    );
    // `!=` is SFL.
    parse_ok("workflow w() { if a != 1 { succeed } }");
}

#[test]
fn unknown_methods_get_a_suggestion() {
    let d = only_problem("workflow w() { Get api \"/x\" }");
    assert_eq!(d.code, Code::UnknownMethod);
    assert_eq!(d.help.as_deref(), Some("did you mean `GET`?"));
    let d = only_problem("workflow w() { let x = post api \"/x\" }");
    assert_eq!(d.help.as_deref(), Some("did you mean `POST`?"));
    let d = only_problem("workflow w() { FETCH api \"/x\" }");
    assert!(d.help.unwrap().starts_with("the methods are"));
}

#[test]
fn every_keyword_is_reserved_and_only_those() {
    for keyword in KEYWORDS {
        let found = problems(&format!("workflow w() {{ let {keyword} = 1 }}"));
        assert_eq!(
            found,
            [(Code::ReservedWord, (*keyword).to_owned())],
            "{keyword}"
        );
    }
    // The grammar's keyword rule matches exactly this list.
    use pest::Parser;
    let is_keyword = |w: &str| {
        super::parser::SflParser::parse(super::parser::Rule::keyword, w)
            .is_ok_and(|mut p| p.next().is_some_and(|k| k.as_str() == w))
    };
    for keyword in KEYWORDS {
        assert!(is_keyword(keyword), "{keyword}");
    }
    for word in [
        "url", "auth", "body", "on", "attempts", "input", "any", "string", "iff", "types", "in_",
    ] {
        assert!(!is_keyword(word), "{word}");
    }
}

#[test]
fn names_in_the_wrong_case() {
    assert_eq!(
        problems("type order = string"),
        [(Code::TypeNameCase, "order".to_owned())]
    );
    let d = only_problem("workflow w(input: strng) { succeed }");
    assert_eq!(d.code, Code::TypeNameCase);
    assert_eq!(d.help.as_deref(), Some("did you mean `string`?"));
    let d = only_problem("workflow w() { let orderId = 1 }");
    assert_eq!(d.code, Code::ValueNameCase);
    assert_eq!(d.help.as_deref(), Some("write `order_id`"));
    assert_eq!(
        problems("endpoint Billing { }"),
        [(Code::ValueNameCase, "Billing".to_owned())]
    );
    assert_eq!(
        problems("workflow w() { GET Billing \"/\" }"),
        [(Code::ValueNameCase, "Billing".to_owned())]
    );
}

#[test]
fn clauses_unknown_repeated_and_of_the_wrong_form() {
    let d = only_problem("endpoint e { uri \"https://x.example.com\" }");
    assert_eq!(d.code, Code::UnknownClause);
    assert_eq!(d.help.as_deref(), Some("did you mean `url`?"));
    let d = only_problem("workflow w() { GET a \"/\" { timout 5s } }");
    assert_eq!(d.help.as_deref(), Some("did you mean `timeout`?"));
    let d = only_problem("retry r { on any tries 3 }");
    assert_eq!(d.code, Code::UnknownClause);
    assert_eq!(
        problems("endpoint e { url \"https://a.example.com\" url \"https://b.example.com\" }"),
        [(Code::RepeatedClause, "url".to_owned())]
    );
    let d = only_problem("workflow w() { GET a \"/\" { body 1 body 2 } }");
    assert_eq!(d.code, Code::RepeatedClause);
    assert_eq!(d.secondary[0].message, "first given here");
    // `retry` and `catch` options repeat by design.
    parse_ok("workflow w() { GET a \"/\" { retry r retry s catch any { succeed } } }");
    // An inline retry's clauses may not repeat.
    assert_eq!(
        problems("workflow w() { GET a \"/\" { retry on any attempts 1 attempts 2 } }"),
        [(Code::RepeatedClause, "attempts".to_owned())]
    );
    let wrong = [
        ("retry r { on any attempts \"3\" }", "\"3\""),
        ("endpoint e { url 42 }", "42"),
        (
            "endpoint e { url \"https://a\", \"https://b\" }",
            "\"https://b\"",
        ),
        (
            "endpoint e { private gateway { subnets \"subnet-1\" } }",
            "\"subnet-1\"",
        ),
        ("endpoint e { auth bearer { } }", "bearer"),
        ("endpoint e { auth oauth }", "oauth"),
        (
            "endpoint e { auth api_key \"k\" = secrets(\"x\") }",
            "secrets",
        ),
        ("endpoint e { auth api_key \"k\" = secret() }", "secret()"),
        ("endpoint e { headers \"x\" }", "\"x\""),
        (
            "workflow w() { GET a \"/\" { encoding \"form\" } }",
            "\"form\"",
        ),
        ("workflow w() { GET a \"/\" { name x } }", "x"),
    ];
    for (text, underlined) in wrong {
        assert_eq!(
            problems(text),
            [(Code::InvalidClauseValue, underlined.to_owned())],
            "{text}"
        );
    }
}

#[test]
fn a_statement_lists_its_blocks_in_source_order() {
    let (file, tree) = stmts_of(
        r#"if a { succeed } else if b { return 1 } else { return 2 }
match m { 1 => { return 3 } _ => { return 4 } }
while w { return 5 }
parallel { branch { return 6 } branch { return 7 } }
for x in xs { return 8 }
try { return 9 } catch Timeout { return 10 } catch any as e { return 11 }
GET api "/" { catch Http.404 { return 12 } }
let y = 13"#,
    );
    let blocks: Vec<Vec<&str>> = body(&tree)
        .iter()
        .map(|stmt| stmt.blocks().iter().map(|b| file.slice(b.span)).collect())
        .collect();
    assert_eq!(
        blocks,
        [
            vec!["{ succeed }", "{ return 1 }", "{ return 2 }"],
            vec!["{ return 3 }", "{ return 4 }"],
            vec!["{ return 5 }"],
            vec!["{ return 6 }", "{ return 7 }"],
            vec!["{ return 8 }"],
            vec!["{ return 9 }", "{ return 10 }", "{ return 11 }"],
            vec!["{ return 12 }"],
            vec![],
        ]
    );
}

#[test]
fn closed_words_are_read_once_here() {
    let text = r#"workflow w() {
    POST a "/" { encoding forms  retry on any jitter ful }
}
retry r { on any  jitter half }"#;
    assert_eq!(
        problems(text),
        [
            (Code::UnknownOptionValue, "forms".to_owned()),
            (Code::UnknownOptionValue, "ful".to_owned()),
            (Code::UnknownOptionValue, "half".to_owned()),
        ]
    );
    let help = only_problem("retry r { on any  jitter ful }").help;
    assert_eq!(help.as_deref(), Some("did you mean `full`?"));
    let oauth = |method: &str| {
        format!(
            "endpoint e {{ auth oauth {{ token_url \"https://a.example.com/t\" method {method} }} }}"
        )
    };
    let d = only_problem(&oauth("post"));
    assert_eq!(d.code, Code::UnknownTokenMethod);
    assert_eq!(d.help.as_deref(), Some("did you mean `POST`?"));
    let d = only_problem(&oauth("FETCH"));
    assert_eq!(d.help.as_deref(), Some("leave `method` out to use `POST`"));
    let (_, tree) = parse_ok(&oauth("GET"));
    let Item::Endpoint(endpoint) = &tree.items[0] else {
        panic!()
    };
    let Some(Auth::OAuth(settings)) = &endpoint.auth else {
        panic!()
    };
    assert_eq!(settings.method.unwrap().value, TokenMethod::Get);
    // The unknown word is left out, so no later stage sees it.
    let (_, tree) = parse_ok("retry r { on any  jitter full }");
    let Item::Retry(def) = &tree.items[0] else {
        panic!()
    };
    assert_eq!(def.policy.jitter.unwrap().value, Jitter::Full);
}

#[test]
fn endpoint_clause_forms() {
    let (_, tree) = parse_ok(
        r#"endpoint e {
    url "https://e.example.com"
    connection "arn:aws:events:eu-west-1:1:connection/c/1"
    auth basic { username "u" password param("Pw") }
    headers { "X-A": "a", b: secret("s", "k") }
    query { q: "1" }
}
endpoint g { private gateway { vpc "v" subnets ["s"] port 8443 } }"#,
    );
    let Item::Endpoint(e) = &tree.items[0] else {
        panic!()
    };
    assert!(e.connection.is_some());
    let Some(Auth::Basic {
        username, password, ..
    }) = &e.auth
    else {
        panic!()
    };
    assert!(matches!(username, Some(StaticValue::Literal(u)) if u.value == "u"));
    assert!(matches!(password, Some(StaticValue::Param { name, .. }) if name.value == "Pw"));
    let headers = e.headers.as_ref().unwrap();
    assert_eq!(headers.entries[0].0.name, "X-A");
    assert!(matches!(
        &headers.entries[1].1,
        StaticValue::Secret { key: Some(_), .. }
    ));
    assert_eq!(e.query.as_ref().unwrap().entries.len(), 1);
    let Item::Endpoint(g) = &tree.items[1] else {
        panic!()
    };
    let Some(Private::Gateway(gateway)) = &g.private else {
        panic!()
    };
    assert_eq!(gateway.port.as_ref().unwrap().value, 8443.0);
}

#[test]
fn error_names() {
    let (_, tree) = stmts_of(
        "try { succeed } catch Http.404, Http.5xx, Http.Socket, Timeout, any, \"My.Error\" { succeed }",
    );
    let StmtKind::Try { catches, .. } = &body(&tree)[0].kind else {
        panic!()
    };
    let kinds: Vec<&ErrorKind> = catches[0].errors.iter().map(|e| &e.kind).collect();
    assert_eq!(
        kinds,
        [
            &ErrorKind::Http("404".to_owned()),
            &ErrorKind::Http("5xx".to_owned()),
            &ErrorKind::Http("Socket".to_owned()),
            &ErrorKind::Builtin("Timeout".to_owned()),
            &ErrorKind::Any,
            &ErrorKind::Custom("My.Error".to_owned()),
        ]
    );
    let help = |name: &str| {
        only_problem(&format!(
            "workflow w() {{ try {{ succeed }} catch {name} {{ succeed }} }}"
        ))
        .help
        .unwrap_or_default()
    };
    assert_eq!(help("http.404"), "write `Http.404`");
    assert_eq!(help("States.Timeout"), "write `Timeout`");
    assert_eq!(help("States.ALL"), "write `any`");
    assert_eq!(
        help("My.Error"),
        "write a custom error name in quotes: `\"My.Error\"`"
    );
    assert_eq!(help("taskfailed"), "did you mean `TaskFailed`?");
}

#[test]
fn unions_of_non_strings() {
    let d = only_problem("type T = string | null");
    assert_eq!(d.code, Code::NonStringUnion);
    assert!(d.help.unwrap().contains("field?: T"));
    assert_eq!(
        problems("type T = \"a\" | Other"),
        [(Code::NonStringUnion, "Other".to_owned())]
    );
}

#[test]
fn every_diagnostic_span_is_inside_the_file() {
    // Every prefix of the design example (cut at line ends) parses or fails
    // with in-bounds spans, never a panic.
    let text = DESIGN_EXAMPLE;
    for (end, _) in text.match_indices('\n') {
        let prefix = text.get(..end).unwrap();
        let (_, _, diagnostics) = run(prefix);
        for d in &diagnostics {
            let spans = std::iter::once(d.primary.span).chain(d.secondary.iter().map(|l| l.span));
            for span in spans {
                assert!(
                    span.end_usize() <= prefix.len(),
                    "{span:?} in {} bytes",
                    prefix.len()
                );
            }
        }
    }
}

#[test]
fn empty_and_whitespace_files_parse_to_no_items() {
    for text in ["", "\n\n", "// only a comment\n", "\u{feff}"] {
        let (_, tree) = parse_ok(text);
        assert!(tree.items.is_empty());
        assert_eq!(tree.span, Span::new(0, text.len()));
    }
}

// ---------------------------------------------------------------------------
// `emit`

#[test]
fn emit_parses_bus_event_wait_and_options() {
    let (_, tree) = stmts_of(
        "let a = emit \"approvals\" \"com.example\" \"Asked\" { id: 1 } wait timeout 1d heartbeat 1h -> { ok: bool } {\n\
         retry on \"EventBridge.FailedEntry\" attempts 2\n\
         catch \"Rejected\" as e { succeed }\n\
         }\n\
         emit default input.source \"Done\" input.detail",
    );
    let [first, second] = body(&tree) else {
        panic!("two statements expected")
    };
    let StmtKind::Emit(ask) = &first.kind else {
        panic!("{first:?}")
    };
    assert_eq!(ask.binding.as_ref().map(|b| b.name.as_str()), Some("a"));
    assert!(matches!(&ask.bus, EventBus::Named(lit) if lit.value == "approvals"));
    let wait = ask.wait.as_ref().unwrap();
    assert_eq!(wait.timeout.map(|d| d.seconds), Some(86_400));
    assert_eq!(wait.heartbeat.map(|d| d.seconds), Some(3_600));
    assert!(wait.answer.is_some());
    assert_eq!(ask.options.retries.len(), 1);
    assert_eq!(ask.options.catches.len(), 1);
    let StmtKind::Emit(done) = &second.kind else {
        panic!("{second:?}")
    };
    assert!(matches!(done.bus, EventBus::Default(_)));
    assert!(done.wait.is_none() && done.binding.is_none());
}

#[test]
fn a_wait_statement_after_an_emit_stays_a_statement() {
    let (_, tree) = stmts_of("emit default \"s\" \"t\" { a: 1 }\nwait 30s\nwait until now()");
    let kinds: Vec<bool> = body(&tree)
        .iter()
        .map(|s| matches!(s.kind, StmtKind::Emit(_)))
        .collect();
    assert_eq!(kinds, [true, false, false]);
}

#[test]
fn emit_is_not_reserved() {
    stmts_of("let emit = 1\nreturn emit");
}

#[test]
fn emit_refuses_http_options() {
    assert_eq!(
        problems(
            "workflow w() {\n emit bus \"s\" \"t\" { a: 1 } { query { a: 1 } timeout 5s }\n}\n"
        ),
        [
            (Code::EmitHttpOption, "{ a: 1 }".to_owned()),
            (Code::EmitHttpOption, "5s".to_owned()),
        ]
    );
}
#[test]
fn bus_items_and_emits_naming_them() {
    let (_, tree) = parse_ok(
        "/// the shop's bus\nbus orders = \"shop-orders\"\nworkflow w() {\n    emit orders \"s\" \"T\" { a: 1 }\n    let bus = 1\n    return bus\n}\n",
    );
    let Item::Bus(bus) = &tree.items[0] else {
        panic!("{:?}", tree.items[0])
    };
    assert_eq!(bus.name.name, "orders");
    assert_eq!(bus.value.value, "shop-orders");
    assert_eq!(bus.doc.as_ref().unwrap().text, "the shop's bus");
    let StmtKind::Emit(emit) = &body(&tree)[0].kind else {
        panic!()
    };
    assert!(matches!(&emit.bus, EventBus::Ref(name) if name.name == "orders"));
    assert_eq!(
        tree.bus("orders").map(|b| b.value.value.as_str()),
        Some("shop-orders")
    );
}

#[test]
fn a_bus_name_is_a_value_name() {
    let codes: Vec<Code> = problems("bus Orders = \"o\"\nworkflow w() {}\n")
        .into_iter()
        .map(|(code, _)| code)
        .collect();
    assert_eq!(codes.len(), 1, "{codes:?}");
}

// Sub-workflows: `use` and `run`

#[test]
fn use_items_and_run_statements() {
    let (file, tree) = parse_ok(
        "/// billing\nuse \"./billing.sfl\"\nworkflow w() {\n    let r = run billing({ id: 1 }) -> T {\n        timeout 5m\n        retry on TaskFailed attempts 2\n        catch any { succeed }\n        name \"Bill\"\n    }\n    run \"arn:aws:states:eu-west-1:111122223333:stateMachine:x\"()\n    let run = 1\n    return run\n}\n",
    );
    let Item::Use(used) = &tree.items[0] else {
        panic!()
    };
    assert_eq!(used.path.value, "./billing.sfl");
    assert_eq!(used.doc.as_ref().unwrap().text, "billing");
    let stmts = body(&tree);
    let StmtKind::Run(run) = &stmts[0].kind else {
        panic!()
    };
    assert_eq!(run.binding.as_ref().unwrap().name, "r");
    assert!(matches!(&run.callee, Callee::Workflow(name) if name.name == "billing"));
    assert_eq!(sexpr(&file, run.input.as_ref().unwrap()), "{id:1}");
    assert!(run.result.is_some());
    assert_eq!(run.options.timeout.unwrap().seconds, 300);
    assert_eq!(run.options.retries.len(), 1);
    assert_eq!(run.options.catches.len(), 1);
    assert_eq!(run.options.name.as_ref().unwrap().value, "Bill");
    assert_eq!(file.slice(run.head_span), "run billing({ id: 1 })");
    let StmtKind::Run(by_arn) = &stmts[1].kind else {
        panic!()
    };
    assert!(by_arn.binding.is_none() && by_arn.input.is_none());
    assert!(matches!(&by_arn.callee, Callee::Arn(arn) if arn.value.ends_with(":stateMachine:x")));
    // `run` is not reserved: only `run name(` and `run "…"(` start a run.
    assert!(matches!(&stmts[2].kind, StmtKind::Let { name, .. } if name.name == "run"));
}

#[test]
fn http_options_on_a_run_are_reported() {
    assert_eq!(
        problems("workflow w() {\n    run x(1) { body 2 query { a: 1 } }\n}\n"),
        [
            (Code::RunOptionNotAllowed, "2".to_owned()),
            (Code::RunOptionNotAllowed, "{ a: 1 }".to_owned()),
        ]
    );
}

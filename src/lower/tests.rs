//! Unit tests of lowering: statement shapes, wiring and internal errors.
#![expect(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "test code"
)]

use serde_json::json;

use super::test_ast::{e, id, lit, var};
use super::*;
use crate::diag::Code;
use crate::syntax::ast::{
    CallOptions, Catch, Duration, Endpoint, ErrorKind, ErrorName, ExprKind, File, Item, MatchArm,
    Method, StrLit, Template, TemplatePart, Workflow,
};

const SP: Span = Span { start: 0, end: 0 };

fn template(text: &str) -> Template {
    Template {
        parts: vec![TemplatePart::Text {
            text: text.to_owned(),
            span: SP,
        }],
        span: SP,
    }
}

fn stmt(kind: StmtKind) -> Stmt {
    Stmt {
        doc: None,
        kind,
        span: SP,
    }
}

fn block(stmts: Vec<Stmt>) -> Block {
    Block { stmts, span: SP }
}

fn get(endpoint: &str, path: &str, binding: Option<&str>) -> Stmt {
    stmt(StmtKind::Http(HttpCall {
        binding: binding.map(id),
        method: Method::Get,
        method_span: SP,
        endpoint: id(endpoint),
        path: template(path),
        response: None,
        options: CallOptions::default(),
        id: crate::syntax::ast::NodeId::fresh(),
    }))
}

fn let_(name: &str, value: Expr) -> Stmt {
    stmt(StmtKind::Let {
        name: id(name),
        value,
    })
}

fn catch(kind: ErrorKind, binding: Option<&str>, body: Vec<Stmt>) -> Catch {
    Catch {
        errors: vec![ErrorName { kind, span: SP }],
        binding: binding.map(id),
        body: block(body),
        span: SP,
    }
}

fn file(body: Vec<Stmt>) -> File {
    let workflow = Workflow {
        doc: None,
        name: id("w"),
        input: None,
        timeout: Some(Duration {
            seconds: 600,
            span: SP,
        }),
        express: None,
        log: None,
        tracing: None,
        body: block(body),
        span: SP,
    };
    let endpoint = Endpoint {
        doc: None,
        name: id("billing_api"),
        url: Some(StrLit {
            value: "https://billing.example.com/v1".into(),
            span: SP,
        }),
        private: None,
        connection: None,
        // check requires auth on a created connection; the plan reads it.
        auth: Some(crate::syntax::ast::Auth::ApiKey {
            header: StrLit {
                value: "x-api-key".into(),
                span: SP,
            },
            value: crate::syntax::ast::StaticValue::Literal(StrLit {
                value: "k".into(),
                span: SP,
            }),
            span: SP,
        }),
        headers: None,
        query: None,
        span: SP,
    };
    File {
        items: vec![Item::Workflow(workflow), Item::Endpoint(endpoint)],
        comments: Vec::new(),
        span: SP,
    }
}

fn lower_file(file: &File) -> (Option<StateGraph>, Diagnostics) {
    let mut workflow = None;
    let mut endpoints = IndexMap::new();
    for item in &file.items {
        match item {
            Item::Workflow(w) => workflow = Some(w),
            Item::Endpoint(ep) => {
                endpoints.insert(ep.name.name.as_str(), ep);
            }
            _ => {}
        }
    }
    let checked = Checked {
        file,
        workflow: workflow.unwrap(),
        endpoints,
        retries: IndexMap::new(),
        types: IndexMap::new(),
        type_table: Default::default(),
        expr_types: Default::default(),
        callees: Default::default(),
        // Variable renaming reads check's declarations.
        resolved: crate::check::check_file(file, &mut Diagnostics::new())
            .map(|checked| checked.resolved)
            .unwrap_or_default(),
    };
    let mut diagnostics = Diagnostics::new();
    let graph = lower_workflow(&checked, &mut diagnostics);
    (graph, diagnostics)
}

fn asl(body: Vec<Stmt>) -> serde_json::Value {
    let file = file(body);
    let (graph, diagnostics) = lower_file(&file);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let value = crate::emit::asl::to_value(&graph.unwrap());
    // Every lowered shape must pass the emitted-ASL self-check.
    if let Err(failures) = crate::validate::validate_asl(&value) {
        panic!("invalid ASL: {failures:#?}");
    }
    value
}

#[test]
fn an_undeclared_endpoint_is_an_internal_error_not_a_panic() {
    let file = file(vec![get("nowhere", "/x", None)]);
    let (graph, diagnostics) = lower_file(&file);
    assert!(graph.is_none());
    let codes: Vec<Code> = diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::LoweringFailed]);
}

#[test]
fn a_call_assigns_the_response_and_ends_the_workflow() {
    let value = asl(vec![get("billing_api", "/orders", Some("order"))]);
    assert_eq!(value["StartAt"], json!("GET billing_api /orders"));
    assert_eq!(value["TimeoutSeconds"], json!(600));
    let task = &value["States"]["GET billing_api /orders"];
    assert_eq!(
        task["Arguments"]["ApiEndpoint"],
        json!("https://billing.example.com/v1/orders")
    );
    assert_eq!(
        task["Arguments"]["InvocationConfig"]["ConnectionArn"],
        json!("${BillingApiConnectionArn}")
    );
    assert_eq!(
        task["Assign"]["order"]["body"],
        json!("{% ($D := $states.result.ResponseBody; $exists($D) ? $D : null) %}")
    );
    assert_eq!(task["End"], json!(true));
    assert_eq!(task["Output"], json!("{% null %}"));
}

#[test]
fn if_without_else_defaults_to_the_next_statement() {
    let cond = e(ExprKind::Bool(true));
    let value = asl(vec![
        stmt(StmtKind::If(If {
            branches: vec![(cond, block(vec![let_("a", lit("x"))]))],
            else_block: None,
        })),
        let_("b", lit("y")),
    ]);
    let choice = &value["States"]["If true"];
    assert_eq!(choice["Choices"][0]["Next"], json!("Let a"));
    assert_eq!(choice["Default"], json!("Let b"));
    assert_eq!(value["States"]["Let a"]["Next"], json!("Let b"));
    assert_eq!(value["States"]["Let b"]["End"], json!(true));
}

#[test]
fn a_choice_at_the_end_gets_a_final_succeed() {
    let value = asl(vec![stmt(StmtKind::If(If {
        branches: vec![(var("c"), block(vec![let_("a", lit("x"))]))],
        else_block: None,
    }))]);
    let choice = &value["States"]["If c"];
    assert_eq!(choice["Default"], json!("Done"));
    assert_eq!(value["States"]["Done"]["Type"], json!("Succeed"));
    assert_eq!(value["States"]["Let a"]["End"], json!(true));
}

#[test]
fn while_loops_back_to_its_choice() {
    let value = asl(vec![
        stmt(StmtKind::While {
            cond: var("more"),
            body: block(vec![let_("a", lit("x")), let_("b", lit("y"))]),
        }),
        let_("c", lit("z")),
    ]);
    let choice = &value["States"]["While more"];
    assert_eq!(choice["Choices"][0]["Next"], json!("Let a"));
    assert_eq!(choice["Default"], json!("Let c"));
    // `b` does not read `a`, so both are assigned by one Pass.
    assert_eq!(value["States"]["Let a"]["Assign"]["b"], json!("y"));
    assert_eq!(value["States"]["Let a"]["Next"], json!("While more"));
}

#[test]
fn try_puts_its_catchers_on_calls_and_continues_after() {
    let value = asl(vec![
        stmt(StmtKind::Try {
            body: block(vec![
                get("billing_api", "/a", None),
                let_("x", lit("1")),
                get("billing_api", "/b", None),
            ]),
            catches: vec![catch(ErrorKind::Any, Some("e"), vec![])],
        }),
        let_("after", lit("z")),
    ]);
    for call in ["GET billing_api /a", "GET billing_api /b"] {
        let catchers = &value["States"][call]["Catch"];
        assert_eq!(catchers[0]["ErrorEquals"], json!(["States.ALL"]));
        assert_eq!(catchers[0]["Next"], json!("Let after"));
        assert_eq!(
            catchers[0]["Assign"]["e"]["error"],
            json!("{% $states.errorOutput.Error %}")
        );
    }
    assert!(value["States"]["Let x"].get("Catch").is_none());
}

#[test]
fn a_calls_own_catch_comes_before_the_trys_and_its_handler_is_protected() {
    let mut call = get("billing_api", "/a", None);
    if let StmtKind::Http(http) = &mut call.kind {
        http.options.catches = vec![catch(
            ErrorKind::Http("404".into()),
            None,
            vec![get("billing_api", "/fallback", None)],
        )];
    }
    let value = asl(vec![stmt(StmtKind::Try {
        body: block(vec![call]),
        catches: vec![catch(
            ErrorKind::Http("4xx".into()),
            None,
            vec![stmt(StmtKind::Fail {
                error: template("Rejected"),
                cause: None,
            })],
        )],
    })]);
    let catchers = &value["States"]["GET billing_api /a"]["Catch"];
    assert_eq!(
        catchers[0]["ErrorEquals"],
        json!(["States.Http.StatusCode.404"])
    );
    assert_eq!(catchers[0]["Next"], json!("GET billing_api /fallback"));
    // The try's class no longer lists 404: the first catcher has it.
    assert_eq!(catchers[1]["ErrorEquals"].as_array().unwrap().len(), 99);
    assert_eq!(catchers[1]["Next"], json!("Fail Rejected"));
    let fallback = &value["States"]["GET billing_api /fallback"];
    assert_eq!(fallback["Catch"][0]["Next"], json!("Fail Rejected"));
    assert_eq!(fallback["End"], json!(true));
}

#[test]
fn parallel_branches_return_or_produce_null() {
    let value = asl(vec![stmt(StmtKind::Parallel {
        binding: Some(id("parts")),
        branches: vec![
            Branch {
                body: block(vec![stmt(StmtKind::Return(var("a")))]),
                span: SP,
            },
            Branch {
                body: block(vec![let_("b", lit("x"))]),
                span: SP,
            },
            Branch {
                body: block(vec![]),
                span: SP,
            },
        ],
    })]);
    let parallel = &value["States"]["Let parts = parallel"];
    assert_eq!(parallel["Assign"]["parts"], json!("{% $states.result %}"));
    let branches = parallel["Branches"].as_array().unwrap();
    assert_eq!(
        branches[0]["States"]["Return a"]["Output"],
        json!("{% $a %}")
    );
    assert_eq!(
        branches[1]["States"]["Let b"]["Output"],
        json!("{% null %}")
    );
    assert_eq!(branches[2]["StartAt"], json!("Done"));
}

#[test]
fn for_binds_its_variable_in_the_iteration() {
    let value = asl(vec![stmt(StmtKind::For(For {
        binding: None,
        var: id("count"),
        iter: var("items"),
        concurrency: None,
        distributed: None,
        body: block(vec![stmt(StmtKind::Return(var("count")))]),
    }))]);
    let map = &value["States"]["For count in items"];
    assert_eq!(map["Items"], json!("{% $items %}"));
    let processor = &map["ItemProcessor"];
    assert_eq!(processor["StartAt"], json!("Each count"));
    assert_eq!(
        processor["States"]["Each count"]["Assign"]["count_v"],
        json!("{% $states.input %}")
    );
    assert_eq!(
        processor["States"]["Return count"]["Output"],
        json!("{% $count_v %}")
    );
}

#[test]
fn match_arms_become_rules_and_wildcard_the_default() {
    let arm = |patterns: Vec<Pattern>, name: &str| MatchArm {
        patterns,
        body: block(vec![let_(name, lit("x"))]),
        span: SP,
    };
    let value = asl(vec![stmt(StmtKind::Match(Match {
        scrutinee: var("s"),
        arms: vec![
            arm(
                vec![Pattern::Literal(lit("a")), Pattern::Literal(lit("b"))],
                "ab",
            ),
            arm(vec![Pattern::Wildcard(SP)], "other"),
        ],
    }))]);
    let choice = &value["States"]["Match s"];
    assert_eq!(
        choice["Choices"][0]["Condition"],
        json!("{% $s = 'a' or $s = 'b' %}")
    );
    assert_eq!(choice["Default"], json!("Let other"));
}

#[test]
fn ten_thousand_statements_lower_with_unique_names() {
    let mut body: Vec<Stmt> = (0..10_000).map(|_| let_("x", lit("v"))).collect();
    body.push(get("billing_api", "/a", None));
    let value = asl(vec![stmt(StmtKind::Try {
        body: block(body),
        catches: vec![catch(ErrorKind::Http("5xx".into()), None, vec![])],
    })]);
    let states = value["States"].as_object().unwrap();
    // The empty handler continues after the try, which is the end: a
    // catcher cannot say `End`, so it goes to a final `Done`.
    assert_eq!(states.len(), 10_002);
    assert_eq!(
        value["States"]["GET billing_api /a"]["Catch"][0]["Next"],
        json!("Done")
    );
    assert!(states.contains_key("Let x (10000)"));
    assert_eq!(
        value["States"]["Let x (10000)"]["Next"],
        json!("GET billing_api /a")
    );
}

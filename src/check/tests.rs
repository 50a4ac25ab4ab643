//! Unit tests of the check stage on hand-built trees (see `build`). The UI
//! tests under `tests/ui/` show the rendered messages; these pin down the
//! logic: which codes a construct produces and which it must not.
#![expect(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    reason = "test code: a panic is a failure"
)]

mod build;
mod raise;
mod relations;
mod resolved;
mod timing;

use build::*;

use crate::check::endpoints::{UrlProblem, url_problem};
use crate::diag::Diagnostics;
use crate::syntax::ast::{BinOp, Item, Method, StaticValue, StmtKind};

/// The codes reported for a file, sorted.
fn codes(file: &crate::syntax::ast::File) -> Vec<&'static str> {
    let mut diagnostics = Diagnostics::new();
    crate::check::check_file(file, &mut diagnostics);
    let mut codes: Vec<&str> = diagnostics.iter().map(|d| d.code.as_str()).collect();
    codes.sort_unstable();
    codes
}

/// The messages reported for a file, in the order found.
fn messages(file: &crate::syntax::ast::File) -> Vec<String> {
    let mut diagnostics = Diagnostics::new();
    crate::check::check_file(file, &mut diagnostics);
    diagnostics
        .iter()
        .map(|d| {
            let help = d.help.as_deref().unwrap_or("");
            format!("{}: {} [{}]", d.code, d.message, help)
        })
        .collect()
}

/// A workflow with `input: Order` and the given body, the `Order` type and
/// one endpoint `api` that the body is expected to call.
fn flow_with(body: Vec<crate::syntax::ast::Stmt>) -> crate::syntax::ast::File {
    let order = type_def(
        "Order",
        ty_record(vec![
            ("id", ty_string()),
            ("total", ty_number()),
            ("status", ty_union(&["open", "closed"])),
            ("note?", ty_string()),
            ("lines", ty_list(ty_record(vec![("sku", ty_string())]))),
        ]),
    );
    file(vec![
        workflow(Some(ty_named("Order")), body),
        order,
        Item::Endpoint(endpoint("api")),
    ])
}

/// `GET api "/x"`, so `api` counts as used.
fn use_api() -> crate::syntax::ast::Stmt {
    http_stmt(http(None, Method::Get, "api", "/x"))
}

#[test]
fn a_clean_workflow_has_no_diagnostics() {
    let mut fetch = http(Some("order"), Method::Get, "api", "/orders");
    fetch.response = Some(ty_named("Order"));
    fetch.options.catches = vec![catch(vec![err_http("404")], None, vec![fail("NotFound")])];
    let f = flow_with(vec![
        http_stmt(fetch),
        if_(
            bin(
                bin(path("order.body.total"), BinOp::Gt, num(1000.0)),
                BinOp::And,
                bin(path("order.body.status"), BinOp::Eq, s("open")),
            ),
            vec![let_("big", boolean(true)), ret(var("big"))],
            None,
        ),
        let_("note", bin(path("input.note"), BinOp::Coalesce, s("none"))),
        ret(obj(vec![
            ("id", path("order.body.id")),
            ("note", var("note")),
        ])),
    ]);
    assert_eq!(messages(&f), Vec::<String>::new());
}

// ---- names -------------------------------------------------------------------

#[test]
fn the_workflow_must_be_there_once() {
    assert_eq!(codes(&file(vec![])), ["E0101"]);
    let two = file(vec![workflow(None, vec![]), workflow(None, vec![])]);
    assert_eq!(codes(&two), ["E0102"]);
}

#[test]
fn duplicate_items_are_reported_on_the_second() {
    let f = file(vec![
        workflow(None, vec![use_api()]),
        Item::Endpoint(endpoint("api")),
        Item::Endpoint(endpoint("api")),
    ]);
    assert_eq!(codes(&f), ["E0103"]);
}

#[test]
fn unknown_endpoint_suggests_a_close_name() {
    let f = file(vec![
        workflow(
            None,
            vec![http_stmt(http(None, Method::Get, "ap", "/x")), use_api()],
        ),
        Item::Endpoint(endpoint("api")),
    ]);
    let found = messages(&f);
    assert_eq!(found.len(), 1);
    assert!(
        found[0].starts_with("E0104: unknown endpoint `ap` [did you mean `api`?]"),
        "{found:?}"
    );
}

#[test]
fn unknown_type_retry_field_and_function() {
    let mut get = http(Some("r"), Method::Get, "api", "/x");
    get.response = Some(ty_named("Ordr"));
    get.options.retries = vec![crate::syntax::ast::RetrySpec::Named(id("transiant"))];
    let f = flow_with(vec![
        http_stmt(get),
        ret(obj(vec![
            ("a", path("r.body")),
            ("b", path("input.totl")),
            ("c", call("length", vec![path("input.lines")])),
        ])),
    ]);
    assert_eq!(codes(&f), ["E0105", "E0106", "E0108", "E0109"]);
    let all = messages(&f).join("\n");
    assert!(all.contains("did you mean `Order`?"), "{all}");
    assert!(all.contains("did you mean `total`?"), "{all}");
    assert!(all.contains("did you mean `len`?"), "{all}");
}

#[test]
fn an_unknown_name_does_not_cascade() {
    // `x` is unknown; comparing it, indexing it and adding to it say nothing more.
    let f = flow_with(vec![
        use_api(),
        let_("y", bin(index(path("x.a"), num(0.0)), BinOp::Add, num(1.0))),
        ret(var("y")),
    ]);
    assert_eq!(codes(&f), ["E0107"]);
}

// ---- flow --------------------------------------------------------------------

#[test]
fn use_before_let_and_set_before_let() {
    let f = flow_with(vec![use_api(), ret(var("x")), let_("x", num(1.0))]);
    // The return also makes the `let` unreachable, and nothing reads it after.
    assert_eq!(codes(&f), ["E0301", "E0307", "W0004"]);
    let f = flow_with(vec![
        use_api(),
        set("y", num(2.0)),
        let_("y", num(1.0)),
        ret(var("y")),
    ]);
    assert_eq!(codes(&f), ["E0302"]);
    let f = flow_with(vec![use_api(), set("nope", num(2.0))]);
    assert_eq!(codes(&f), ["E0302"]);
}

#[test]
fn definite_assignment_across_branches() {
    // Declared in one branch only: not usable after.
    let f = flow_with(vec![
        use_api(),
        if_(boolean(true), vec![let_("x", num(1.0))], None),
        ret(var("x")),
    ]);
    assert_eq!(codes(&f), ["E0303"]);
    // Declared in both branches: fine, and not a redeclaration.
    let f = flow_with(vec![
        use_api(),
        if_(
            boolean(true),
            vec![let_("x", num(1.0))],
            Some(vec![let_("x", num(2.0))]),
        ),
        ret(var("x")),
    ]);
    assert_eq!(codes(&f), Vec::<&str>::new());
    // The other branch ends the execution: fine.
    let f = flow_with(vec![
        use_api(),
        if_(
            boolean(true),
            vec![let_("x", num(1.0))],
            Some(vec![fail("No")]),
        ),
        ret(var("x")),
    ]);
    assert_eq!(codes(&f), Vec::<&str>::new());
    // A while body may not run at all.
    let f = flow_with(vec![
        use_api(),
        while_(boolean(true), vec![let_("x", num(1.0))]),
        ret(var("x")),
    ]);
    assert_eq!(codes(&f), ["E0303"]);
}

#[test]
fn try_with_a_default_in_the_handler_assigns_on_every_path() {
    let f = flow_with(vec![
        try_(
            vec![http_stmt(http(Some("r"), Method::Get, "api", "/x"))],
            vec![catch(vec![err_any()], None, vec![let_("r", null())])],
        ),
        ret(var("r")),
    ]);
    assert_eq!(codes(&f), Vec::<&str>::new());
    // Without the default, `r` may be missing after the try.
    let f = flow_with(vec![
        try_(
            vec![http_stmt(http(Some("r"), Method::Get, "api", "/x"))],
            vec![catch(vec![err_any()], None, vec![])],
        ),
        ret(var("r")),
    ]);
    assert_eq!(codes(&f), ["E0303"]);
}

#[test]
fn a_call_binding_is_missing_after_a_handler_that_continues() {
    let mut get = http(Some("r"), Method::Get, "api", "/x");
    get.options.catches = vec![catch(vec![err_http("404")], None, vec![])];
    let f = flow_with(vec![http_stmt(get), ret(var("r"))]);
    assert_eq!(codes(&f), ["E0303"]);
    let mut get = http(Some("r"), Method::Get, "api", "/x");
    get.options.catches = vec![catch(vec![err_http("404")], None, vec![succeed()])];
    let f = flow_with(vec![http_stmt(get), ret(var("r"))]);
    assert_eq!(codes(&f), Vec::<&str>::new());
}

#[test]
fn catch_bindings_live_in_their_handler() {
    // `e` in two handlers of one try is fine; `e` after them is not.
    let f = flow_with(vec![
        try_(
            vec![use_api()],
            vec![
                catch(
                    vec![err_http("4xx")],
                    Some("e"),
                    vec![fail_with_cause("e.error")],
                ),
                catch(vec![err_any()], Some("e"), vec![fail_with_cause("e.cause")]),
            ],
        ),
        ret(var("e")),
    ]);
    assert_eq!(codes(&f), ["E0308"]);
}

fn fail_with_cause(dotted: &str) -> crate::syntax::ast::Stmt {
    stmt(StmtKind::Fail {
        error: template("Failed"),
        cause: Some(interp(vec![i(path(dotted))])),
    })
}

#[test]
fn redeclaration_in_the_same_scope() {
    let f = flow_with(vec![
        use_api(),
        let_("x", num(1.0)),
        let_("x", num(2.0)),
        ret(var("x")),
    ]);
    assert_eq!(codes(&f), ["E0304", "W0004"]);
}

#[test]
fn inner_scopes_cannot_set_or_reuse_outer_names() {
    let f = flow_with(vec![
        use_api(),
        let_("n", num(0.0)),
        for_(
            None,
            "line",
            path("input.lines"),
            vec![set("n", num(1.0)), ret(var("line"))],
        ),
        ret(var("n")),
    ]);
    assert_eq!(codes(&f), ["E0305"]);
    // Reusing a name declared outside, even after the loop.
    let f = flow_with(vec![
        use_api(),
        parallel(None, vec![vec![let_("late", num(1.0)), ret(var("late"))]]),
        let_("late", num(2.0)),
        ret(var("late")),
    ]);
    assert_eq!(codes(&f), ["E0306"]);
    // Sibling branches may reuse a name.
    let f = flow_with(vec![
        use_api(),
        parallel(
            Some("both"),
            vec![
                vec![let_("v", num(1.0)), ret(var("v"))],
                vec![let_("v", num(2.0)), ret(var("v"))],
            ],
        ),
        ret(index(var("both"), num(0.0))),
    ]);
    assert_eq!(codes(&f), Vec::<&str>::new());
    // An inner variable is gone after its scope.
    let f = flow_with(vec![
        use_api(),
        for_(
            None,
            "line",
            path("input.lines"),
            vec![let_("sku", path("line.sku")), ret(var("sku"))],
        ),
        ret(var("sku")),
    ]);
    assert_eq!(codes(&f), ["E0308"]);
}

#[test]
fn for_and_parallel_results_are_typed_lists() {
    // `r` is `[string]` (each iteration returns `line.sku`), so `r[0] + 1` is wrong.
    let f = flow_with(vec![
        use_api(),
        for_(
            Some("r"),
            "line",
            path("input.lines"),
            vec![ret(path("line.sku"))],
        ),
        ret(bin(index(var("r"), num(0.0)), BinOp::Add, num(1.0))),
    ]);
    assert_eq!(codes(&f), ["E0205"]);
}

#[test]
fn statements_after_the_end_are_unreachable() {
    let f = flow_with(vec![use_api(), fail("Stop"), succeed(), succeed()]);
    // Reported once per block.
    assert_eq!(codes(&f), ["E0307"]);
    let f = flow_with(vec![
        use_api(),
        if_(boolean(true), vec![succeed()], Some(vec![fail("No")])),
        succeed(),
    ]);
    assert_eq!(codes(&f), ["E0307"]);
    let f = flow_with(vec![
        use_api(),
        if_(boolean(true), vec![succeed()], None),
        succeed(),
    ]);
    assert_eq!(codes(&f), Vec::<&str>::new());
}

#[test]
fn unused_variables_warn_unless_underscored() {
    let f = flow_with(vec![use_api(), let_("x", num(1.0)), let_("_y", num(1.0))]);
    assert_eq!(codes(&f), ["W0004"]);
}

// ---- types -------------------------------------------------------------------

#[test]
fn comparisons() {
    let cmp = |lhs, op, rhs| flow_with(vec![use_api(), ret(bin(lhs, op, rhs))]);
    assert_eq!(
        codes(&cmp(path("input.status"), BinOp::Eq, s("shipped"))),
        ["E0204"]
    );
    assert_eq!(
        codes(&cmp(path("input.status"), BinOp::Ne, s("open"))),
        Vec::<&str>::new()
    );
    assert_eq!(
        codes(&cmp(path("input.total"), BinOp::Eq, s("3"))),
        ["E0203"]
    );
    assert_eq!(
        codes(&cmp(path("input.id"), BinOp::Lt, num(3.0))),
        ["E0203"]
    );
    assert_eq!(
        codes(&cmp(path("input.id"), BinOp::Eq, null())),
        Vec::<&str>::new()
    );
    let f = cmp(
        path("input.status"),
        BinOp::In,
        list(vec![s("open"), s("shiped")]),
    );
    assert_eq!(codes(&f), ["E0204"]);
    let close = messages(&cmp(path("input.status"), BinOp::Eq, s("opne"))).join("");
    assert!(close.contains("did you mean `\"open\"`?"), "{close}");
}

#[test]
fn arithmetic_needs_numbers() {
    // Two strings: one message, suggesting interpolation.
    let f = flow_with(vec![
        use_api(),
        ret(bin(path("input.id"), BinOp::Add, s("x"))),
    ]);
    assert_eq!(codes(&f), ["E0205"]);
    assert!(messages(&f)[0].contains("interpolation"));
    // A string and a bool: the operands are reported one by one.
    let f = flow_with(vec![
        use_api(),
        ret(bin(path("input.id"), BinOp::Mul, boolean(true))),
    ]);
    assert_eq!(codes(&f), ["E0205", "E0205"]);
}

#[test]
fn optional_fields_need_a_guard() {
    let read = |stmts| flow_with(stmts);
    assert_eq!(
        codes(&read(vec![use_api(), ret(path("input.note"))])),
        ["E0206"]
    );
    // `??` and `exists` make it fine.
    let f = read(vec![
        use_api(),
        ret(bin(path("input.note"), BinOp::Coalesce, s("-"))),
    ]);
    assert_eq!(codes(&f), Vec::<&str>::new());
    let f = read(vec![
        use_api(),
        if_(
            call("exists", vec![path("input.note")]),
            vec![ret(path("input.note"))],
            None,
        ),
    ]);
    assert_eq!(codes(&f), Vec::<&str>::new());
    let f = read(vec![
        use_api(),
        ret(bin(
            call("exists", vec![path("input.note")]),
            BinOp::And,
            bin(path("input.note"), BinOp::Eq, s("x")),
        )),
    ]);
    assert_eq!(codes(&f), Vec::<&str>::new());
    // An early exit proves presence for the rest of the block, and `else`
    // knows what `if not exists` did not.
    let f = read(vec![
        use_api(),
        if_(
            not(call("exists", vec![path("input.note")])),
            vec![fail("NoNote")],
            None,
        ),
        ret(path("input.note")),
    ]);
    assert_eq!(codes(&f), Vec::<&str>::new());
    let f = read(vec![
        use_api(),
        if_(
            not(call("exists", vec![path("input.note")])),
            vec![succeed()],
            Some(vec![ret(path("input.note"))]),
        ),
    ]);
    assert_eq!(codes(&f), Vec::<&str>::new());
    // Without the exit, nothing is proved.
    let f = read(vec![
        use_api(),
        if_(not(call("exists", vec![path("input.note")])), vec![], None),
        ret(path("input.note")),
    ]);
    assert_eq!(codes(&f), ["E0206"]);
    // The guard ends with its block.
    let f = read(vec![
        use_api(),
        if_(call("exists", vec![path("input.note")]), vec![], None),
        ret(path("input.note")),
    ]);
    assert_eq!(codes(&f), ["E0206"]);
}

#[test]
fn conditions_loops_and_functions() {
    let f = flow_with(vec![use_api(), if_(path("input.total"), vec![], None)]);
    assert_eq!(codes(&f), ["E0208"]);
    let f = flow_with(vec![
        use_api(),
        for_(None, "c", path("input.id"), vec![ret(var("c"))]),
    ]);
    assert_eq!(codes(&f), ["E0209"]);
    let f = flow_with(vec![
        use_api(),
        ret(call("len", vec![var("input"), var("input")])),
    ]);
    assert_eq!(codes(&f), ["E0210"]);
    let f = flow_with(vec![
        use_api(),
        ret(call("exists", vec![call("now", vec![])])),
    ]);
    assert_eq!(codes(&f), ["E0211"]);
    let f = flow_with(vec![
        use_api(),
        ret(call("upper", vec![path("input.total")])),
    ]);
    assert_eq!(codes(&f), ["E0202"]);
    let f = flow_with(vec![use_api(), ret(path("input.total.value"))]);
    assert_eq!(codes(&f), ["E0212"]);
    let f = flow_with(vec![use_api(), ret(not(path("input.id")))]);
    assert_eq!(codes(&f), ["E0208"]);
}

#[test]
fn set_keeps_the_declared_type() {
    let f = flow_with(vec![
        use_api(),
        let_("n", num(1.0)),
        set("n", s("one")),
        ret(var("n")),
    ]);
    assert_eq!(codes(&f), ["E0202"]);
    // A string literal widens to `string`; `null` to `any`.
    let f = flow_with(vec![
        use_api(),
        let_("a", s("x")),
        set("a", s("y")),
        let_("b", null()),
        set("b", num(1.0)),
        ret(list(vec![var("a"), var("b")])),
    ]);
    assert_eq!(codes(&f), Vec::<&str>::new());
    // A union variable accepts only its strings.
    let f = flow_with(vec![
        use_api(),
        let_("st", path("input.status")),
        set("st", s("closed")),
        set("st", s("gone")),
        ret(var("st")),
    ]);
    assert_eq!(codes(&f), ["E0202"]);
}

#[test]
fn path_interpolation_takes_scalars() {
    let mut get = http(None, Method::Get, "api", "");
    get.path = interp(vec![t("/orders/"), i(path("input.lines"))]);
    let f = flow_with(vec![http_stmt(get)]);
    assert_eq!(codes(&f), ["E0207"]);
    let mut get = http(None, Method::Get, "api", "");
    get.path = interp(vec![t("/orders/"), i(path("input.id"))]);
    assert_eq!(codes(&flow_with(vec![http_stmt(get)])), Vec::<&str>::new());
}

#[test]
fn alias_cycles_are_rejected_but_recursion_is_fine() {
    let f = file(vec![
        workflow(Some(ty_named("A")), vec![]),
        type_def("A", ty_named("B")),
        type_def("B", ty_named("A")),
    ]);
    assert_eq!(codes(&f), ["E0201"]);
    let f = file(vec![
        workflow(Some(ty_named("Tree")), vec![ret(path("input.children"))]),
        type_def(
            "Tree",
            ty_record(vec![("children", ty_list(ty_named("Tree")))]),
        ),
    ]);
    assert_eq!(codes(&f), Vec::<&str>::new());
}

#[test]
fn duplicate_fields_and_keys() {
    let f = file(vec![workflow(
        Some(ty_record(vec![("a", ty_string()), ("a", ty_number())])),
        vec![],
    )]);
    assert_eq!(codes(&f), ["E0112"]);
    let f = flow_with(vec![
        use_api(),
        ret(obj(vec![("k", num(1.0)), ("k", num(2.0))])),
    ]);
    assert_eq!(codes(&f), ["E0112"]);
}

// ---- limits ------------------------------------------------------------------

#[test]
fn any_must_be_alone_and_last() {
    let f = flow_with(vec![try_(
        vec![use_api()],
        vec![
            catch(vec![err_any()], None, vec![]),
            catch(vec![err_http("404")], None, vec![]),
        ],
    )]);
    assert_eq!(codes(&f), ["E0401"]);
    let f = flow_with(vec![try_(
        vec![use_api()],
        vec![catch(vec![err_any(), err_builtin("Timeout")], None, vec![])],
    )]);
    assert_eq!(codes(&f), ["E0401"]);
    let f = file(vec![
        workflow(
            None,
            vec![{
                let mut get = http(None, Method::Get, "api", "/x");
                get.options.retries = vec![
                    crate::syntax::ast::RetrySpec::Named(id("everything")),
                    crate::syntax::ast::RetrySpec::Inline(policy(vec![err_http("5xx")])),
                ];
                http_stmt(get)
            }],
        ),
        retry_def("everything", policy(vec![err_any()])),
        Item::Endpoint(endpoint("api")),
    ]);
    assert_eq!(codes(&f), ["E0401"]);
}

#[test]
fn error_names_are_checked() {
    let f = flow_with(vec![try_(
        vec![use_api()],
        vec![catch(
            vec![err_http("200"), err_http("40"), err_builtin("Timeot")],
            None,
            vec![],
        )],
    )]);
    assert_eq!(codes(&f), ["E0110", "E0110", "E0110"]);
    let all = messages(&f).join("\n");
    assert!(all.contains("did you mean `Timeout`?"), "{all}");
    let f = flow_with(vec![use_api(), fail("States.Oops")]);
    assert_eq!(codes(&f), ["E0110"]);
}

#[test]
fn retry_numbers_are_in_range() {
    let mut bad = policy(vec![err_http("5xx")]);
    bad.attempts = Some(numlit(-1.0));
    bad.interval = Some(dur(0));
    bad.backoff = Some(numlit(0.5));
    bad.max_delay = Some(dur(31_622_401));
    let f = file(vec![
        workflow(
            None,
            vec![{
                let mut get = http(None, Method::Get, "api", "/x");
                get.options.retries = vec![crate::syntax::ast::RetrySpec::Named(id("r"))];
                http_stmt(get)
            }],
        ),
        retry_def("r", bad),
        retry_def("empty", policy(vec![])),
        Item::Endpoint(endpoint("api")),
    ]);
    assert_eq!(
        codes(&f),
        ["E0402", "E0402", "E0402", "E0402", "E0407", "W0002"]
    );
}

#[test]
fn timeouts_and_concurrency() {
    let mut f = flow_with(vec![use_api()]);
    if let Some(Item::Workflow(w)) = f.items.first_mut() {
        w.timeout = Some(dur(600));
        w.express = Some(sp());
    }
    // W0101: the Express workflow has no `log` either.
    assert_eq!(codes(&f), ["E0403", "W0101"]);
    let mut get = http(None, Method::Get, "api", "/x");
    get.options.timeout = Some(dur(120));
    assert_eq!(codes(&flow_with(vec![http_stmt(get)])), ["W0006"]);
    let mut each = for_(None, "l", path("input.lines"), vec![ret(var("l"))]);
    if let StmtKind::For(f) = &mut each.kind {
        f.concurrency = Some(numlit(2.5));
    }
    assert_eq!(codes(&flow_with(vec![use_api(), each])), ["E0404"]);
}

#[test]
fn state_names_are_short_and_unique() {
    let named = |name: &str| {
        let mut get = http(None, Method::Get, "api", "/x");
        get.options.name = Some(lit(name));
        http_stmt(get)
    };
    let long = "x".repeat(81);
    let f = flow_with(vec![
        named("Fetch"),
        named("Fetch"),
        named(&long),
        named(""),
    ]);
    assert_eq!(codes(&f), ["E0405", "E0405", "E0406"]);
}

// ---- endpoints ---------------------------------------------------------------

#[test]
fn urls() {
    assert_eq!(url_problem("https://api.example.com/v1"), None);
    assert_eq!(url_problem("https://api.example.com:8443"), None);
    assert_eq!(url_problem("https://billing.internal.example.com"), None);
    assert_eq!(
        url_problem("http://api.example.com"),
        Some(UrlProblem::NotHttps(Some("http".into())))
    );
    assert_eq!(
        url_problem("api.example.com"),
        Some(UrlProblem::NotHttps(None))
    );
    assert_eq!(
        url_problem("https://10.0.0.1/x"),
        Some(UrlProblem::IpAddress)
    );
    assert_eq!(url_problem("https://[::1]/x"), Some(UrlProblem::IpAddress));
    assert_eq!(
        url_problem("https://localhost"),
        Some(UrlProblem::SingleLabel)
    );
    assert_eq!(
        url_problem("https://billing.internal"),
        Some(UrlProblem::PrivateSuffix("internal".into()))
    );
    assert_eq!(
        url_problem("https://nas.home.arpa"),
        Some(UrlProblem::PrivateSuffix("home.arpa".into()))
    );
    assert!(matches!(
        url_problem("https://a.com/?q=1"),
        Some(UrlProblem::Malformed(..))
    ));
    assert!(matches!(
        url_problem("https://"),
        Some(UrlProblem::Malformed(..))
    ));
    assert!(matches!(
        url_problem("https://u:p@a.com"),
        Some(UrlProblem::Malformed(..))
    ));
    assert!(matches!(
        url_problem("https://a.com:0"),
        Some(UrlProblem::Malformed(..))
    ));
    assert!(matches!(
        url_problem("https://a_b.com"),
        Some(UrlProblem::Malformed(..))
    ));
}

#[test]
fn endpoint_clauses() {
    let check = |endpoint| {
        codes(&file(vec![
            workflow(None, vec![use_api()]),
            Item::Endpoint(endpoint),
        ]))
    };
    let mut e = endpoint("api");
    e.connection = Some(lit("arn:aws:events:eu-west-1:111122223333:connection/x/y"));
    assert_eq!(check(e), ["E0505", "E0505"]);
    let mut e = endpoint("api");
    e.auth = None;
    e.private = None;
    e.url = None;
    assert_eq!(check(e), ["E0501", "E0506", "E0507"]);
    let mut e = endpoint("api");
    if let Some(crate::syntax::ast::Auth::ApiKey { value, .. }) = &mut e.auth {
        *value = StaticValue::Literal(lit("abc123"));
    }
    assert_eq!(check(e), ["E0508"]);
    let mut e = endpoint("api");
    e.auth = Some(crate::syntax::ast::Auth::Basic {
        username: Some(StaticValue::Literal(lit("me"))),
        password: None,
        span: sp(),
    });
    assert_eq!(check(e), ["E0509"]);
    let mut e = endpoint("api");
    e.headers = Some(crate::syntax::ast::StaticMap {
        entries: vec![(key("X-Amz-Date"), StaticValue::Literal(lit("x")))],
        span: sp(),
    });
    assert_eq!(check(e), ["E0510"]);
    let mut e = endpoint("api");
    e.headers = Some(crate::syntax::ast::StaticMap {
        entries: vec![
            (key("X-Source"), StaticValue::Literal(lit("a"))),
            (key("x-source"), StaticValue::Literal(lit("b"))),
        ],
        span: sp(),
    });
    assert_eq!(check(e), ["E0112"]);
}

#[test]
fn call_options() {
    let mut get = http(None, Method::Get, "api", "orders");
    get.options.headers = Some(obj(vec![
        ("Authorization", s("Bearer x")),
        ("X-Count", num(1.0)),
    ]));
    get.options.body = Some(obj(vec![("a", num(1.0))]));
    let f = flow_with(vec![http_stmt(get)]);
    assert_eq!(codes(&f), ["E0202", "E0510", "E0511", "W0005"]);
}

// ---- warnings ----------------------------------------------------------------

#[test]
fn unused_items() {
    let f = file(vec![
        workflow(None, vec![]),
        Item::Endpoint(endpoint("api")),
        retry_def("r", policy(vec![err_http("5xx")])),
        type_def("T", ty_string()),
        // Reached only through another unused type: unused too.
        type_def("U", ty_named("T")),
    ]);
    assert_eq!(codes(&f), ["W0001", "W0002", "W0003", "W0003"]);
}

#[test]
fn dead_status_comparisons() {
    let status_is = |code: f64, catches| {
        let mut get = http(Some("r"), Method::Get, "api", "/x");
        get.options.catches = catches;
        flow_with(vec![
            http_stmt(get),
            if_(bin(path("r.status"), BinOp::Eq, num(code)), vec![], None),
        ])
    };
    assert_eq!(codes(&status_is(404.0, vec![])), ["W0007"]);
    assert_eq!(codes(&status_is(201.0, vec![])), Vec::<&str>::new());
    let caught = vec![catch(vec![err_http("4xx")], None, vec![succeed()])];
    assert_eq!(codes(&status_is(404.0, caught)), Vec::<&str>::new());
    // `r.status >= 400` is always false without any status catch.
    let f = flow_with(vec![
        http_stmt(http(Some("r"), Method::Get, "api", "/x")),
        ret(bin(path("r.status"), BinOp::Ge, num(400.0))),
    ]);
    let found = messages(&f);
    assert_eq!(codes(&f), ["W0007"]);
    assert!(found[0].contains("always `false`"), "{found:?}");
}

/// A flow of `n` blocks, each with a call, a branch that declares a
/// variable on both paths, a loop with an inner scope and a `try`.
fn large_flow(n: usize) -> crate::syntax::ast::File {
    let mut body = Vec::new();
    for k in 0..n {
        let name = format!("r{k}");
        let x = format!("x{k}");
        let item = format!("item{k}");
        body.push(http_stmt(http(Some(&name), Method::Get, "api", "/x")));
        body.push(if_(
            bin(path(&format!("{name}.status")), BinOp::Eq, num(200.0)),
            vec![let_(&x, path(&format!("{name}.body")))],
            Some(vec![let_(&x, null())]),
        ));
        body.push(for_(
            None,
            &item,
            path("input.lines"),
            vec![ret(path(&format!("{item}.sku")))],
        ));
        body.push(try_(
            vec![
                http_stmt(http(None, Method::Post, "api", "/y")),
                set(&x, var(&name)),
            ],
            vec![catch(vec![err_any()], None, vec![])],
        ));
        body.push(http_stmt({
            let mut call = http(None, Method::Post, "api", "/z");
            call.options.body = Some(var(&x));
            call
        }));
    }
    flow_with(body)
}

#[test]
fn a_large_flow_checks_cleanly_and_quickly() {
    // 5 statements (about 7 states) per block: well over 10,000 states.
    let f = large_flow(2_000);
    let start = std::time::Instant::now();
    assert_eq!(codes(&f), Vec::<&str>::new());
    let elapsed = start.elapsed();
    // Generous: a linear pass takes milliseconds; a quadratic one on this
    // input takes far longer even in a debug build.
    assert!(elapsed.as_secs() < 20, "checking took {elapsed:?}");
}

#[test]
fn long_operator_chains_and_paths_do_not_exhaust_the_stack() {
    // The syntax stage refuses such trees (E0004); built by hand, they
    // stop the checker at 256 levels instead of overflowing.
    let mut sum = num(0.0);
    for _ in 0..20_000 {
        sum = bin(sum, BinOp::Add, num(1.0));
    }
    let mut long_path = var("input");
    for _ in 0..100 {
        long_path = field(long_path, "id");
    }
    let f = flow_with(vec![
        use_api(),
        let_("n", sum),
        ret(list(vec![var("n"), long_path])),
    ]);
    // Run on a thread with the 8 MiB a main thread gets.
    let codes = std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(move || {
            let found = codes(&f);
            // Drop the deep tree here too, inside the big stack.
            drop(f);
            found
        })
        .unwrap()
        .join()
        .unwrap();
    // `input.id.id` reads a field of a string.
    assert_eq!(codes, ["E0212"]);
}

#[test]
fn a_match_covering_every_union_value_is_exhaustive() {
    let arm = |value: &str, stmts| crate::syntax::ast::MatchArm {
        patterns: vec![crate::syntax::ast::Pattern::Literal(s(value))],
        body: block(stmts),
        span: sp(),
    };
    let matching = |arms| {
        stmt(StmtKind::Match(crate::syntax::ast::Match {
            scrutinee: path("input.status"),
            arms,
        }))
    };
    let both = matching(vec![
        arm("open", vec![let_("x", num(1.0))]),
        arm("closed", vec![let_("x", num(2.0))]),
    ]);
    let f = flow_with(vec![use_api(), both, ret(var("x"))]);
    assert_eq!(codes(&f), Vec::<&str>::new());
    // Without `closed`, no arm may match and `x` may be missing.
    let one = matching(vec![arm("open", vec![let_("x", num(1.0))])]);
    let f = flow_with(vec![use_api(), one, ret(var("x"))]);
    assert_eq!(codes(&f), ["E0303"]);
    // Every arm ending makes what follows unreachable.
    let ends = matching(vec![
        arm("open", vec![succeed()]),
        arm("closed", vec![fail("No")]),
    ]);
    let f = flow_with(vec![use_api(), ends, succeed()]);
    assert_eq!(codes(&f), ["E0307"]);
}

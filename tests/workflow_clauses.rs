//! The `log`/`tracing` workflow clauses and the `distributed` options of
//! `for`, from source to the deployment plan: what each clause parses to,
//! and what it does not accept.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a test failure"
)]

use aslc::diag::{Code, Diagnostics};
use aslc::graph::{LogLevel, ServiceGrant};
use aslc::syntax::ast::{Item, Workflow};
use aslc::{SourceFile, state_graph, syntax};

fn workflow(text: &str) -> Workflow {
    let mut diagnostics = Diagnostics::new();
    let file = syntax::parse(&SourceFile::new("t.sfl", text), &mut diagnostics).unwrap();
    assert!(!diagnostics.has_errors(), "{text}");
    match file.items.into_iter().next() {
        Some(Item::Workflow(w)) => w,
        _ => panic!("no workflow in {text}"),
    }
}

fn syntax_error(text: &str) -> bool {
    let mut diagnostics = Diagnostics::new();
    let _ = syntax::parse(&SourceFile::new("t.sfl", text), &mut diagnostics);
    diagnostics.has_errors()
}

#[test]
fn log_clause_reads_level_and_data_in_any_order_with_others() {
    let w = workflow("workflow w() log all with data express tracing timeout 1m { succeed }");
    let log = w.log.unwrap();
    assert_eq!(log.level.as_str(), "all");
    assert!(log.with_data);
    assert!(w.tracing.is_some() && w.express.is_some() && w.timeout.is_some());
    let w = workflow("workflow w() tracing log fatal { succeed }");
    assert_eq!(w.log.unwrap().level.as_str(), "fatal");
    assert!(!w.log.unwrap().with_data);
    assert!(w.log.is_some() && w.tracing.is_some());
    let w = workflow("workflow w() { succeed }");
    assert!(w.log.is_none() && w.tracing.is_none());
}

#[test]
fn log_words_stay_usable_as_names() {
    let w = workflow("workflow w(data: any) { let log = data\n let batch = log\n return batch }");
    assert!(w.log.is_none());
}

#[test]
fn unknown_level_and_repeated_clauses_are_errors() {
    assert!(syntax_error("workflow w() log debug { succeed }"));
    assert!(syntax_error("workflow w() log ALL { succeed }"));
    assert!(syntax_error("workflow w() log all log error { succeed }"));
    assert!(syntax_error("workflow w() tracing tracing { succeed }"));
}

#[test]
fn clauses_reach_the_plan() {
    let source = SourceFile::new("t.sfl", "workflow audit() log error tracing { succeed }");
    let (graph, diagnostics) = state_graph(&source);
    assert!(!diagnostics.has_errors());
    let plan = graph.unwrap().plan;
    let log = plan.log.unwrap();
    assert_eq!(log.level, LogLevel::Error);
    assert_eq!(log.group_name, "/aws/vendedlogs/states/audit");
    assert!(!log.include_data);
    assert!(plan.tracing);
    assert_eq!(
        plan.policy.services,
        vec![ServiceGrant::LogDelivery, ServiceGrant::Tracing]
    );
    let source = SourceFile::new("t.sfl", "workflow quiet() { succeed }");
    let plan = state_graph(&source).0.unwrap().plan;
    assert!(plan.log.is_none() && !plan.tracing && plan.policy.services.is_empty());
}

#[test]
fn express_without_log_warns_and_with_log_does_not() {
    let codes = |text: &str| -> Vec<Code> {
        let (_, diagnostics) = state_graph(&SourceFile::new("t.sfl", text));
        diagnostics.iter().map(|d| d.code).collect()
    };
    assert_eq!(
        codes("workflow w() express { succeed }"),
        vec![Code::ExpressWithoutLog]
    );
    assert!(codes("workflow w() express log fatal { succeed }").is_empty());
    assert!(codes("workflow w() { succeed }").is_empty());
}

fn codes(text: &str) -> Vec<Code> {
    let (_, diagnostics) = state_graph(&SourceFile::new("t.sfl", text));
    diagnostics.iter().map(|d| d.code).collect()
}

const API: &str = r#"
endpoint api {
    url     "https://api.example.com"
    private "arn:aws:vpc-lattice:eu-west-1:111122223333:resourceconfiguration/rcfg-0123456789abcdef0"
    auth    api_key "x-api-key" = secret("api/key")
}"#;

#[test]
fn distributed_options_parse_in_any_order() {
    use aslc::syntax::ast::{StmtKind, Tolerance};
    let w = workflow(
        "workflow w(input: any) { for x in input.xs distributed batch 10 tolerate 5% concurrency 100 { succeed } }",
    );
    let StmtKind::For(f) = &w.body.stmts[0].kind else {
        panic!()
    };
    let d = f.distributed.as_ref().unwrap();
    assert_eq!(f.concurrency.as_ref().unwrap().value, 100.0);
    assert_eq!(d.batch.as_ref().unwrap().value, 10.0);
    assert!(matches!(&d.tolerate, Some(Tolerance::Percent(p)) if p.value == 5.0));
    let w = workflow(
        "workflow w(input: any) { for x in input.xs distributed tolerate 3 failures { succeed } }",
    );
    let StmtKind::For(f) = &w.body.stmts[0].kind else {
        panic!()
    };
    let d = f.distributed.as_ref().unwrap();
    assert!(matches!(&d.tolerate, Some(Tolerance::Count(n)) if n.value == 3.0));
    assert!(d.batch.is_none() && f.concurrency.is_none());
    // Options belong after `distributed`, each once.
    assert!(syntax_error(
        "workflow w(input: any) { for x in input.xs tolerate 5% { succeed } }"
    ));
    assert!(syntax_error(
        "workflow w(input: any) { for x in input.xs distributed batch 2 batch 3 { succeed } }"
    ));
}

#[test]
fn concurrency_limit_depends_on_the_kind_of_for() {
    let body = |header: &str| {
        format!(
            "workflow w(input: {{ xs: [string] }}) {{ for x in input.xs {header} {{ return x }} }}"
        )
    };
    assert_eq!(
        codes(&body("concurrency 500")),
        vec![Code::ConcurrencyOverInlineLimit]
    );
    assert!(codes(&body("distributed concurrency 500")).is_empty());
    assert!(codes(&body("distributed concurrency 10000")).is_empty());
    assert_eq!(
        codes(&body("distributed concurrency 10001")),
        vec![Code::ConcurrencyOverDistributedLimit]
    );
    assert!(codes(&body("distributed tolerate 0%")).is_empty());
    assert!(codes(&body("distributed tolerate 100%")).is_empty());
    assert!(codes(&body("distributed tolerate 12.5%")).is_empty());
    assert_eq!(
        codes(&body("distributed tolerate 101%")),
        vec![Code::InvalidFanOutSetting]
    );
}

#[test]
fn a_batch_is_a_list_in_the_body() {
    // `len` of a list is `$count`: the loop variable is typed as the batch.
    let text = "workflow w(input: { xs: [string] }) { let r = for b in input.xs distributed batch 5 { return len(b) }\n return r }";
    let graph = state_graph(&SourceFile::new("t.sfl", text)).0.unwrap();
    let value = aslc::emit::asl::to_value(&graph);
    let text = value.to_string();
    assert!(text.contains("$count($b)"), "{text}");
    assert!(text.contains("\"MaxItemsPerBatch\":5"), "{text}");
    assert!(
        graph
            .plan
            .policy
            .services
            .contains(&ServiceGrant::ChildExecutions)
    );
}

#[test]
fn history_budget_is_25_events_per_item() {
    // 4 per iteration + 3 calls × 7 = 25: within budget; a fourth call is not.
    let calls = |n: usize| {
        let body: String = (0..n)
            .map(|i| format!("GET api \"/p{i}/{{x}}\"\n"))
            .collect();
        format!("workflow w(input: {{ xs: [string] }}) {{ for x in input.xs {{ {body} }} }}{API}")
    };
    assert!(codes(&calls(3)).is_empty());
    assert_eq!(codes(&calls(4)), vec![Code::InlineForMayFillHistory]);
}

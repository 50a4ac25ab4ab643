//! Generated valid programs: a generator writes SFL files that use every
//! kind of item and statement the language has (endpoints with each kind of
//! authorization, named and inline retry policies, `let`/`set`, `if`,
//! `match`, `while`, `for` with and without `concurrency`, `parallel`,
//! `try`/`catch` with `fail`, HTTP calls whose paths interpolate typed
//! values, with query, headers, body, timeouts, retries and catches,
//! `wait`, `return`; stage parameters in urls and ARNs, `emit` with and
//! without `wait`, `run` of a state machine ARN, distributed `for` with its
//! options), keeping to the rules of the language so that every
//! program it writes is valid. For each one:
//!
//! - compiling gives no error (a false error on a valid program, or a panic,
//!   fails the test and prints the program);
//! - the emitted definition passes the embedded schema and structure check
//!   (`aslc::validate`), and the template is a CloudFormation template with
//!   the state machine in it;
//! - compiling again gives the same bytes;
//! - all of this holds again with every stage parameter fixed at build
//!   time (`--param`).
//!
//! The generator reads its decisions from a list of numbers that proptest
//! draws and shrinks, so a failing program shrinks towards a small one (a
//! missing number means "the simplest choice").
//!
//! Runs 64 programs by default; `PROPTEST_CASES=10000 cargo test --test
//! generated` runs more (see the README's fuzzing section).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "test code: a panic is a test failure"
)]

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestCaseError, TestError, TestRunner};

use aslc::diag::render::render_short;
use aslc::{Options, ParamValues, SourceFile};

/// Programs per run unless `PROPTEST_CASES` says otherwise: enough to
/// exercise every construct, few enough for a debug-build CI run.
const DEFAULT_CASES: u32 = 64;

#[path = "support/generator.rs"]
mod generator;
use generator::generate;

// ---- the property -------------------------------------------------------------

/// Compiles `program` and checks everything the module comment promises.
fn compiles_cleanly(program: &str) -> Result<(), String> {
    let file = SourceFile::new("generated.sfl", program);
    let first = aslc::compile(&file, &Options::default());
    let errors: Vec<String> = first
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| render_short(&file, d))
        .collect();
    if !errors.is_empty() {
        return Err(format!("errors on a valid program:\n{}", errors.concat()));
    }
    let artifacts = first.artifacts.ok_or("no error, but no output")?;
    aslc::validate::validate_asl_text(&artifacts.asl)
        .map_err(|failures| format!("the definition fails validation: {failures:?}"))?;
    let template: serde_json::Value =
        serde_json::from_str(&artifacts.template).map_err(|e| format!("template: {e}"))?;
    let machine = &template["Resources"]["StateMachine"]["Type"];
    if machine != "AWS::StepFunctions::StateMachine" {
        return Err(format!("template without the state machine: {machine}"));
    }
    let second = aslc::compile(&file, &Options::default())
        .artifacts
        .ok_or("the second compilation gave no output")?;
    if second.asl != artifacts.asl || second.template != artifacts.template {
        return Err("compiling twice gave different bytes".to_owned());
    }
    fixed_params_compile_cleanly(&file)
}

/// Values for the stage parameters the generator may declare, as a
/// `--param` build would give them (some in no given program: those are
/// W0041, a warning). The ARNs are in the region of the file's other ARNs,
/// which E0551 now sees.
fn stage_values() -> ParamValues {
    let mut values = ParamValues::new();
    for (index, endpoint) in ["billing", "orders", "notify"].iter().enumerate() {
        let cap = endpoint[..1].to_uppercase() + &endpoint[1..];
        values.insert(format!("{cap}Host"), format!("{endpoint}.acme-corp.com"));
        values.insert(format!("{cap}Env"), "prod".to_owned());
        values.insert(format!("{cap}Stage"), "v2/live".to_owned());
        values.insert(
            format!("{cap}Rcfg"),
            format!("arn:aws:vpc-lattice:eu-west-1:111122223333:resourceconfiguration/rcfg-0123456789abcdef{index}"),
        );
        values.insert(
            format!("{cap}Connection"),
            format!("arn:aws:events:eu-west-1:111122223333:connection/{endpoint}-prod/9b8e1f3c-1111-2222-3333-44445555666{index}"),
        );
    }
    values.insert("StateMachineName".to_owned(), "generated-prod".to_owned());
    values.insert("Unused".to_owned(), "y".to_owned());
    values
}

/// With every stage parameter fixed at build time the program still
/// compiles cleanly, to valid and deterministic output.
fn fixed_params_compile_cleanly(file: &SourceFile) -> Result<(), String> {
    let values = stage_values();
    let first = aslc::compile_with_params(file, &Options::default(), &values);
    let errors: Vec<String> = first
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| render_short(file, d))
        .collect();
    if !errors.is_empty() {
        return Err(format!(
            "errors with the stage parameters fixed:\n{}",
            errors.concat()
        ));
    }
    let artifacts = first
        .artifacts
        .ok_or("no error with the parameters fixed, but no output")?;
    aslc::validate::validate_asl_text(&artifacts.asl).map_err(|failures| {
        format!("with the parameters fixed, the definition fails validation: {failures:?}")
    })?;
    let second = aslc::compile_with_params(file, &Options::default(), &values)
        .artifacts
        .ok_or("the second compilation with the parameters fixed gave no output")?;
    if second.asl != artifacts.asl || second.template != artifacts.template {
        return Err("compiling twice with the parameters fixed gave different bytes".to_owned());
    }
    Ok(())
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(DEFAULT_CASES)
}

#[test]
fn every_generated_program_compiles_to_valid_deterministic_output() {
    let config = Config {
        cases: cases(),
        // Findings become named tests below, not a regressions file.
        failure_persistence: None,
        max_shrink_iters: 1_024,
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    let choices = proptest::collection::vec(any::<u32>(), 0..3_000);
    let result = runner.run(&choices, |choices| {
        let program = generate(&choices);
        compiles_cleanly(&program)
            .map_err(|e| TestCaseError::fail(format!("{e}\n--- program:\n{program}")))
    });
    match result {
        Ok(()) => {}
        // The reason holds the (shrunk) program; the numbers behind it
        // would only bury it.
        Err(TestError::Fail(reason, _)) => panic!("{reason}"),
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn the_generator_writes_every_construct() {
    // A generator that stopped writing some statement would make the test
    // above pass for the wrong reason: check that a few hundred programs
    // use everything.
    let mut seen = String::new();
    let mut runner = TestRunner::deterministic();
    let choices = proptest::collection::vec(any::<u32>(), 0..3_000);
    for _ in 0..300 {
        let tree = choices.new_tree(&mut runner).unwrap();
        seen.push_str(&generate(&tree.current()));
    }
    for construct in [
        "auth api_key",
        "auth basic",
        "auth oauth",
        "connection \"",
        "private gateway",
        "retry transient",
        "retry on",
        "let ",
        "set ",
        "if ",
        "} else if ",
        "} else {",
        "match ",
        " => {",
        "_ => {",
        "while ",
        "for ",
        " concurrency ",
        "parallel {",
        "branch {",
        "try {",
        "} catch ",
        " as ",
        "fail \"",
        "return ",
        "succeed",
        "wait ",
        "wait until",
        "query {",
        "headers {",
        "body ",
        "timeout ",
        "encoding form",
        "name \"",
        "-> Order",
        "/{",
        "express",
        "catch any",
        "param ",
        "{BillingHost}",
        "{BillingEnv}",
        "{BillingStage}",
        "private param(",
        "connection param(",
        "emit default ",
        "emit \"arn:",
        " wait timeout ",
        " heartbeat ",
        "-> Order {",
        "run \"arn:",
        "-> any",
        " distributed",
        " tolerate ",
        " failures",
        " batch ",
        "[0].",
    ] {
        assert!(
            seen.contains(construct),
            "no generated program has `{construct}`"
        );
    }
}

/// The smallest program (every choice the simplest) is valid.
#[test]
fn the_simplest_program_compiles() {
    let program = generate(&[]);
    compiles_cleanly(&program).unwrap_or_else(|e| panic!("{e}\n{program}"));
}

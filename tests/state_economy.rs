//! States entered before and after the state economy of lowering, counted
//! by `aslc run` (`aslc::run::execute`) on the scripted executions of
//! `bench/state_economy/runs.json` (the same executions as
//! `bench/state_economy/scenarios.json`, in the mocks format of `aslc run`).
//!
//! "Before" is each definition at the commit before the change
//! (`ASLC_ECONOMY_BEFORE`, default `80b5693`, read with `git show`), "after"
//! the one compiled now. Both run on the same input and mocks; the test
//! fails if they end differently or make different calls, and prints the
//! table of `docs/state-economy.md`:
//!
//! `cargo test --test state_economy -- --ignored --nocapture`
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a test failure"
)]

use std::path::Path;
use std::process::Command;

use aslc::SourceFile;
use aslc::run::{Execution, Mocks, RunOptions, execute};
use serde_json::Value;

fn count_states(machine: &Value) -> usize {
    machine["States"]
        .as_object()
        .unwrap()
        .values()
        .map(|state| {
            let branches: usize = state["Branches"]
                .as_array()
                .map_or(0, |b| b.iter().map(count_states).sum());
            let processor = state.get("ItemProcessor").map_or(0, count_states);
            1 + branches + processor
        })
        .sum()
}

fn before(rev: &str, path: &str) -> Value {
    let out = Command::new("git")
        .args(["show", &format!("{rev}:{path}.asl.json")])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git show {rev}:{path}.asl.json failed"
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// What must not change: how it ended and the calls made.
fn behaviour(run: &Execution) -> Value {
    serde_json::json!({
        "status": run.status.as_str(),
        "output": run.output,
        "error": run.error,
        "cause": run.cause,
        "calls": run.calls.iter().map(|c| c.key.clone()).collect::<Vec<_>>(),
    })
}

#[test]
#[ignore = "a measurement: prints the table of docs/state-economy.md"]
fn states_entered_before_and_after() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let rev = std::env::var("ASLC_ECONOMY_BEFORE").unwrap_or_else(|_| "80b5693".to_owned());
    let runs: Vec<Value> = serde_json::from_str(
        &std::fs::read_to_string(root.join("bench/state_economy/runs.json")).unwrap(),
    )
    .unwrap();
    println!(
        "| workflow | execution | states before | after | entered before | after | change | behaviour |"
    );
    println!("|---|---|---:|---:|---:|---:|---:|---|");
    let (mut total_before, mut total_after) = (0, 0);
    let mut different = Vec::new();
    for run in &runs {
        let path = format!(
            "{}/{}",
            run["source"].as_str().unwrap(),
            run["workflow"].as_str().unwrap()
        );
        let text = std::fs::read_to_string(root.join(format!("{path}.sfl"))).unwrap();
        let file = SourceFile::new(format!("{path}.sfl"), text);
        let (target, diagnostics) = aslc::compile_for_run(&file);
        let target = target.unwrap_or_else(|| panic!("{path}: {diagnostics:?}"));
        let old = before(&rev, &path);
        let mocks = Mocks::parse(&run["mocks"].to_string()).unwrap();
        let options = RunOptions {
            seed: 0,
            endpoints: target.endpoints.clone(),
            children: target.children.clone(),
        };
        let was = execute(&old, run["input"].clone(), &mocks, &options);
        let is = execute(&target.definition, run["input"].clone(), &mocks, &options);
        let same = behaviour(&was) == behaviour(&is);
        if !same {
            different.push(format!(
                "{path} {}:\n  before {}\n  after  {}",
                run["name"],
                behaviour(&was),
                behaviour(&is)
            ));
        }
        total_before += was.states.len();
        total_after += is.states.len();
        let change = (is.states.len() as f64 - was.states.len() as f64) / was.states.len() as f64;
        println!(
            "| {} | {} | {} | {} | {} | {} | {:+.0} % | {} |",
            run["workflow"].as_str().unwrap(),
            run["name"].as_str().unwrap(),
            count_states(&old),
            count_states(&target.definition),
            was.states.len(),
            is.states.len(),
            change * 100.0,
            if same { "same" } else { "DIFFERENT" }
        );
    }
    let change = (total_after as f64 - total_before as f64) / total_before as f64;
    println!(
        "| all | | | | {total_before} | {total_after} | {:+.0} % | |",
        change * 100.0
    );
    assert!(different.is_empty(), "{}", different.join("\n"));
}

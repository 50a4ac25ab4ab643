//! Differential check: every example test (`examples/*.test.json`) also
//! runs under an independent Step Functions interpreter, moto's (LocalStack's
//! JSONata-mode interpreter) with the reference JSONata 2.0.6 plugged in
//! (`tests/differential/`). Its status, output, error, cause and call counts
//! must be what the test expects, and what `aslc run` gives.
//!
//! The harness runs all flows in one Python process (moto takes seconds to
//! import). It needs `moto[stepfunctions]` in `.tools/venv` (installed by
//! `.ci/run`, pinned in `tests/differential/requirements.txt`), or the
//! Python named by `ASLC_DIFFERENTIAL_PYTHON`. A missing harness fails the
//! test with an install hint; it never skips.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a test failure"
)]

mod support;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use aslc::testing::{Expectation, TestCase, compare, parse_test_file};
use serde_json::{Value, json};
use support::root;

const INSTALL_HINT: &str = "run `bash .ci/run` once: it installs moto[stepfunctions] into \
                            .tools/venv (or set ASLC_DIFFERENTIAL_PYTHON to a Python that has \
                            tests/differential/requirements.txt installed)";

fn tools_dir() -> PathBuf {
    std::env::var_os("ASLC_TOOLS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join(".tools"))
}

fn python() -> PathBuf {
    std::env::var_os("ASLC_DIFFERENTIAL_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| tools_dir().join("venv/bin/python"))
}

/// One flow with its tests.
struct Flow {
    name: String,
    definition: Value,
    endpoints: Vec<(String, String)>,
    cases: Vec<TestCase>,
}

fn example_flows() -> Vec<Flow> {
    let dir = root().join("examples");
    let mut test_files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.to_string_lossy().ends_with(".test.json"))
        .collect();
    test_files.sort();
    test_files.iter().map(|path| load_flow(path)).collect()
}

fn load_flow(test_file: &Path) -> Flow {
    let text = std::fs::read_to_string(test_file).unwrap();
    let cases = parse_test_file(&text).unwrap_or_else(|e| {
        panic!(
            "{}:{}:{}: {}",
            test_file.display(),
            e.line,
            e.column,
            e.message
        )
    });
    let stem = test_file
        .to_string_lossy()
        .trim_end_matches(".test.json")
        .to_owned();
    let sfl = PathBuf::from(format!("{stem}.sfl"));
    let compiled = support::compile_path(&sfl).unwrap();
    let artifacts = compiled
        .compilation
        .artifacts
        .as_ref()
        .unwrap_or_else(|| panic!("{}", compiled.rendered_diagnostics()));
    Flow {
        name: compiled.name.clone(),
        definition: serde_json::from_str(&artifacts.asl).unwrap(),
        endpoints: endpoint_urls(&compiled.file),
        cases,
    }
}

/// Each endpoint's name and base URL, as the mock keys name them.
fn endpoint_urls(file: &aslc::SourceFile) -> Vec<(String, String)> {
    let mut diagnostics = aslc::Diagnostics::new();
    let ast = aslc::syntax::parse(file, &mut diagnostics).unwrap();
    let checked = aslc::check::check_file(&ast, &mut diagnostics).unwrap();
    checked
        .endpoints
        .iter()
        .map(|(name, endpoint)| {
            let url = endpoint.url.as_ref().unwrap().value.clone();
            ((*name).to_owned(), url)
        })
        .collect()
}

/// Runs every flow's cases through the moto harness; one result per case.
fn run_under_moto(flows: &[Flow]) -> Vec<Vec<Value>> {
    let request = json!({
        "flows": flows.iter().map(|flow| json!({
            "definition": flow.definition,
            "endpoints": flow.endpoints.iter()
                .map(|(name, url)| json!({ "name": name, "base_url": url }))
                .collect::<Vec<_>>(),
            "cases": flow.cases.iter()
                .map(|case| json!({ "name": case.name, "input": case.input, "mocks": case.mocks }))
                .collect::<Vec<_>>(),
        })).collect::<Vec<_>>()
    });
    let python = python();
    assert!(
        python.is_file(),
        "{} is missing: {INSTALL_HINT}",
        python.display()
    );
    let mut child = Command::new(&python)
        .arg(root().join("tests/differential/run_moto.py"))
        .env("JSONATA_MODULES", tools_dir().join("node_modules"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(request.to_string().as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the moto harness failed ({INSTALL_HINT}):\n{stderr}"
    );
    eprint!("{stderr}");
    serde_json::from_slice(&output.stdout).unwrap()
}

/// What the differential check compares: everything but elapsed time,
/// which the harness does not model.
fn comparable(expect: &Expectation) -> Expectation {
    Expectation {
        elapsed_seconds: None,
        ..expect.clone()
    }
}

#[test]
fn moto_gives_every_example_test_its_expected_result() {
    let flows = example_flows();
    assert!(flows.len() >= 6, "only {} example test files", flows.len());
    let results = run_under_moto(&flows);
    assert_eq!(results.len(), flows.len());
    let mut failures = Vec::new();
    let mut checked = 0;
    for (flow, results) in flows.iter().zip(&results) {
        for (case, moto) in flow.cases.iter().zip(results) {
            checked += 1;
            let mismatches = compare(&comparable(&case.expect), moto);
            for mismatch in &mismatches {
                failures.push(format!("{} / {}: moto {mismatch}", flow.name, case.name));
            }
            if !mismatches.is_empty() {
                failures.push(format!("  moto's whole result: {moto}"));
            }
        }
    }
    assert!(checked >= 18, "only {checked} cases");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

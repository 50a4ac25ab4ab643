//! `aslc test`: runs `*.test.json` files against their flows.

use std::path::{Path, PathBuf};

use aslc::testing::{CaseOutcome, TestCase, parse_test_file, run_case};
use serde_json::Value;

use super::{ExitStatus, Outcome, ReportArgs, collect_files, print_diagnostics, read_source};

/// The suffix that marks a test file; its flow is `<stem>.sfl` beside it.
const TEST_SUFFIX: &str = ".test.json";

/// Counts over the whole run.
#[derive(Debug, Default)]
struct Tally {
    passed: usize,
    failed: usize,
}

/// Runs the test files named by `paths` (directories are searched), prints
/// one line per test and a closing `N passed, N failed`.
pub(super) fn test(
    paths: &[PathBuf],
    params: &aslc::ParamValues,
    report: &ReportArgs,
) -> ExitStatus {
    let mut outcome = Outcome::default();
    let files = test_files(paths, &mut outcome);
    if files.is_empty() && !outcome.io_errors {
        eprintln!("warning: no `*{TEST_SUFFIX}` files found");
    }
    let mut tally = Tally::default();
    for file in &files {
        run_file(file, params, report, &mut outcome, &mut tally);
    }
    println!("{} passed, {} failed", tally.passed, tally.failed);
    outcome.input_errors |= tally.failed > 0;
    outcome.status()
}

fn run_file(
    path: &Path,
    params: &aslc::ParamValues,
    report: &ReportArgs,
    outcome: &mut Outcome,
    tally: &mut Tally,
) {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("error: cannot read `{}`: {error}", path.display());
            outcome.io_errors = true;
            return;
        }
    };
    let cases = match parse_test_file(&text) {
        Ok(cases) => cases,
        Err(error) if error.line > 0 => {
            let place = format!("{}:{}:{}", path.display(), error.line, error.column);
            eprintln!("error: {place}: {}", error.message);
            outcome.io_errors = true;
            return;
        }
        Err(error) => {
            eprintln!("error: {}: {}", path.display(), error.message);
            outcome.io_errors = true;
            return;
        }
    };
    // The file's `params`, then the command line's over them.
    let mut values = match aslc::testing::parse_test_params(&text) {
        Ok(values) => values,
        Err(why) => {
            eprintln!("error: {}: {why}", path.display());
            outcome.io_errors = true;
            return;
        }
    };
    values.extend(params.iter().map(|(k, v)| (k.clone(), v.clone())));
    println!("{}", path.display());
    let Some(flow) = compile_flow(&flow_of(path), &values, report, outcome) else {
        println!(
            "  FAIL  the flow does not compile; {} tests not run",
            cases.len()
        );
        tally.failed += cases.len();
        return;
    };
    for case in &cases {
        let result = run_case(case, flow.schema.as_ref(), |case| flow.execute(case));
        print_outcome(&result);
        if result.passed() {
            tally.passed += 1;
        } else {
            tally.failed += 1;
        }
    }
}

fn print_outcome(outcome: &CaseOutcome) {
    let mark = if outcome.passed() { "ok  " } else { "FAIL" };
    println!("  {mark}  {}", outcome.name);
    for problem in &outcome.problems {
        println!("        {problem}");
    }
    for mismatch in &outcome.mismatches {
        println!("        {mismatch}");
    }
}

/// `dir/order_sync.test.json` → `dir/order_sync.sfl`.
fn flow_of(test_file: &Path) -> PathBuf {
    let name = test_file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name.strip_suffix(TEST_SUFFIX).unwrap_or(&name);
    test_file.with_file_name(format!("{stem}.sfl"))
}

/// A compiled flow, ready to run tests.
struct Flow {
    target: aslc::RunTarget,
    schema: Option<Value>,
}

impl Flow {
    fn execute(&self, case: &TestCase) -> Result<Value, String> {
        let mocks_text =
            serde_json::to_string_pretty(&case.mocks).map_err(|error| format!("mocks: {error}"))?;
        let mocks = aslc::run::Mocks::parse(&mocks_text)
            .map_err(|error| format!("mocks: {}", error.message))?;
        let options = aslc::run::RunOptions {
            seed: case.seed,
            endpoints: self.target.endpoints.clone(),
            children: self.target.children.clone(),
        };
        // The template's type decides the limits, as under `aslc run`.
        let execution = aslc::run::execute_as(
            self.target.workflow_type,
            &self.target.definition,
            case.input.clone(),
            &mocks,
            &options,
        );
        let result = execution.to_json();
        // A mock that cannot apply to its call (an answer to an emit that
        // does not wait, a status for an emit) is the test file's mistake,
        // not the flow's: report it as such rather than as a failed run.
        if result.get("error").and_then(Value::as_str) == Some(aslc::run::BAD_MOCK) {
            let cause = result.get("cause").and_then(Value::as_str).unwrap_or("");
            return Err(format!("mocks: {cause}"));
        }
        Ok(result)
    }
}

fn compile_flow(
    path: &Path,
    params: &aslc::ParamValues,
    report: &ReportArgs,
    outcome: &mut Outcome,
) -> Option<Flow> {
    let file = read_source(path, None, report, outcome)?;
    let (target, diagnostics) = aslc::compile_for_run_using(&file, &crate::cli::FsLoader, params);
    if print_diagnostics(&file, &diagnostics, report) {
        outcome.input_errors = true;
        return None;
    }
    let (schema, _) = aslc::input_schema_with(&file, &crate::cli::FsLoader);
    Some(Flow {
        target: target?,
        schema,
    })
}

/// The test files named by `paths`, directories searched recursively, in
/// name order; the current directory when no path is given.
fn test_files(paths: &[PathBuf], outcome: &mut Outcome) -> Vec<PathBuf> {
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            collect(path, &mut files, outcome);
        } else if path.extension().is_some_and(|e| e == "sfl") {
            // A flow named instead of its tests: run the tests beside it.
            let tests = tests_of(path);
            if tests.is_file() {
                files.push(tests);
            } else {
                eprintln!(
                    "error: `{}` is a flow, and `{}` (its tests) does not exist; see docs/testing.md for the format",
                    path.display(),
                    tests.display()
                );
                outcome.io_errors = true;
            }
        } else {
            files.push(path.clone());
        }
    }
    files
}

/// `dir/order_sync.sfl` → `dir/order_sync.test.json`.
fn tests_of(flow: &Path) -> PathBuf {
    let stem = flow
        .file_stem()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    flow.with_file_name(format!("{stem}{TEST_SUFFIX}"))
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>, outcome: &mut Outcome) {
    let is_test = |path: &Path| path.to_string_lossy().ends_with(TEST_SUFFIX);
    collect_files(dir, &|path| !skipped_dir(path), &is_test, out, outcome);
}

/// Hidden directories, build output and installed packages hold no tests
/// of ours, and walking them (`aslc test` in a project root) would be slow.
fn skipped_dir(dir: &Path) -> bool {
    dir.file_name()
        .and_then(|name| name.to_str())
        .is_some_and(|name| name.starts_with('.') || name == "target" || name == "node_modules")
}

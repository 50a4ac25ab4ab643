//! Conformance: what aslc emits must pass the external validators, not just
//! our own schema. Every example and case is compiled into a scratch
//! directory (`target/tmp/conformance/`); each `.asl.json` goes through
//! aslc's self-check and `asl-validator`, each template through `cfn-lint`.
//! Each validator runs once on all its files (a cfn-lint start alone takes
//! seconds), and its output is split back into one message per file.
//!
//! The validators are installed by `.ci/run` into `.tools/` (or the
//! directory named by `ASLC_TOOLS_DIR`). A missing validator fails the test
//! with an install hint; it never skips, because a skipped conformance test
//! looks exactly like a passing one.
//!
//! The tools are also run on hand-written reference files
//! (`src/schemas/examples/`), valid and deliberately broken, to prove they
//! are installed, accept the JSONata shapes aslc emits, and really reject.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a test failure"
)]

mod support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::{Value, json};
use support::{compile_path, input_files, output_files, root, scratch_dir};

const INSTALL_HINT: &str = "run `bash .ci/run` once: it installs the pinned asl-validator and \
                            cfn-lint into .tools/ (or set ASLC_TOOLS_DIR to a directory laid out \
                            the same way)";

/// Where the validators live.
fn tools_dir() -> PathBuf {
    std::env::var_os("ASLC_TOOLS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join(".tools"))
}

/// The path of one tool, or a failure message with the install hint.
fn tool(relative: &str) -> PathBuf {
    let path = tools_dir().join(relative);
    assert!(
        path.is_file(),
        "{} is not installed: {INSTALL_HINT}",
        path.display()
    );
    path
}

fn asl_validator() -> PathBuf {
    tool("node_modules/.bin/asl-validator")
}

fn cfn_lint() -> PathBuf {
    tool("venv/bin/cfn-lint")
}

/// What a validator printed when run on several files at once.
struct Run {
    /// Whether it exited 0.
    success: bool,
    /// Its status, stdout and stderr, for failures no single file explains.
    whole: String,
    stdout: String,
    stderr: String,
}

/// Runs a validator once on several files: one process start, however
/// many files (a cfn-lint start alone takes seconds). `Err` when it cannot
/// run at all.
fn run_once(program: &Path, args: &[String], files: &[PathBuf]) -> Result<Run, String> {
    let dir = files
        .first()
        .and_then(|f| f.parent())
        .unwrap_or(Path::new("."));
    let output = Command::new(program)
        .args(args)
        // The tools must not read a config file from wherever the test
        // happens to run, nor wait for input.
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {}: {e} ({INSTALL_HINT})", program.display()))?;
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let whole = format!(
        "{} on {} files ({}):\n{stdout}{stderr}",
        program.file_name().unwrap_or_default().to_string_lossy(),
        files.len(),
        output.status
    );
    Ok(Run {
        success: output.status.success(),
        whole,
        stdout,
        stderr,
    })
}

/// `asl-validator --json-path F1 --json-path F2 …`: exit 0 when all are
/// valid, 1 when one is invalid, 2 when it crashed. Path and ARN checks stay
/// on (the defaults). It prints `✓ State machine definition "F" is valid`
/// on stdout for each valid file and a `✕ …"F" is invalid:` block on stderr
/// for each invalid one; the result for each file is read from those.
fn run_asl_validator(files: &[PathBuf]) -> Vec<Result<(), String>> {
    let args: Vec<String> = files
        .iter()
        .flat_map(|f| ["--json-path".to_owned(), f.display().to_string()])
        .collect();
    let run = match run_once(&asl_validator(), &args, files) {
        Ok(run) => run,
        Err(e) => return vec![Err(e); files.len()],
    };
    files
        .iter()
        .map(|file| {
            let name = file.display().to_string();
            let valid = format!("\u{2713} State machine definition \"{name}\" is valid");
            if run.success || run.stdout.lines().any(|l| l == valid) {
                return Ok(());
            }
            let invalid = format!("\u{2715} State machine definition \"{name}\" is invalid:");
            let block = run.stderr.split_once(&invalid).map(|(_, rest)| {
                let next = rest.split("\u{2715} State machine definition \"").next();
                next.unwrap_or(rest).trim().to_owned()
            });
            Err(match block {
                Some(reasons) => format!("asl-validator rejected {name}:\n{reasons}"),
                None => format!("asl-validator said nothing about {name}: {}", run.whole),
            })
        })
        .collect()
}

/// `cfn-lint --format parseable --non-zero-exit-code warning -- F1 F2 …`:
/// errors and warnings fail, informational findings do not (its exit status
/// is a bit set: 2 error, 4 warning, 8 informational). Each finding is one
/// line `FILE:line:col:end_line:end_col:RULE:message`; a file fails when it
/// has an error (`E…`) or warning (`W…`) line.
fn run_cfn_lint(files: &[PathBuf]) -> Vec<Result<(), String>> {
    let mut args: Vec<String> = [
        "--format",
        "parseable",
        "--non-zero-exit-code",
        "warning",
        "--",
    ]
    .map(str::to_owned)
    .to_vec();
    args.extend(files.iter().map(|f| f.display().to_string()));
    let run = match run_once(&cfn_lint(), &args, files) {
        Ok(run) => run,
        Err(e) => return vec![Err(e); files.len()],
    };
    let mut results: Vec<Result<(), String>> = files
        .iter()
        .map(|file| {
            let name = file.display().to_string();
            let findings: Vec<&str> = run
                .stdout
                .lines()
                .filter(|line| {
                    let Some(rest) = line.strip_prefix(&name).and_then(|r| r.strip_prefix(':'))
                    else {
                        return false;
                    };
                    let rule = rest.splitn(5, ':').nth(4).unwrap_or("");
                    rule.starts_with('E') || rule.starts_with('W')
                })
                .collect();
            if findings.is_empty() {
                Ok(())
            } else {
                Err(format!(
                    "cfn-lint rejected {name}:\n{}",
                    findings.join("\n")
                ))
            }
        })
        .collect();
    // A failure no line explains (a crash, a usage error) fails every file.
    if !run.success && results.iter().all(Result::is_ok) {
        results = vec![Err(run.whole.clone()); files.len()];
    }
    results
}

#[test]
fn every_flow_passes_the_external_validators() {
    // Fail on a missing tool before anything else.
    let _ = (asl_validator(), cfn_lint());
    let files = input_files();
    let compiled: Vec<_> = files
        .iter()
        .map(|path| compile_path(path).unwrap_or_else(|e| panic!("{e}")))
        .collect();

    let out = scratch_dir("conformance").unwrap();
    let mut failures = Vec::new();
    // Every file is written first, then each validator runs once on all of
    // its files.
    let mut definitions = Vec::new();
    let mut templates = Vec::new();
    for flow in &compiled {
        let Some(artifacts) = &flow.compilation.artifacts else {
            failures.push(format!(
                "{}: produced no artifacts (see the golden test for its diagnostics)",
                flow.name
            ));
            continue;
        };
        let stem = flow.path.file_stem().unwrap().to_string_lossy();
        for (suffix, text) in output_files(artifacts) {
            let written = out.join(format!("{stem}{suffix}"));
            fs::write(&written, text).unwrap();
            if suffix.ends_with(".asl.json") {
                if let Err(f) = aslc::validate::validate_asl_text(text) {
                    failures.push(format!(
                        "{}: aslc's own schema check failed:\n{}",
                        flow.name,
                        f.join("\n")
                    ));
                }
                definitions.push(written);
            } else {
                templates.push(written);
            }
        }
    }
    let results = run_asl_validator(&definitions)
        .into_iter()
        .chain(run_cfn_lint(&templates));
    failures.extend(results.filter_map(Result::err));
    assert!(
        failures.is_empty(),
        "{} conformance failures (outputs kept in {}):\n\n{}",
        failures.len(),
        out.display(),
        failures.join("\n\n")
    );
}

/// The hand-written reference files in `src/schemas/examples/`.
fn reference(name: &str) -> PathBuf {
    root().join("src/schemas/examples").join(name)
}

/// Writes a changed copy of a reference file into the scratch directory.
fn broken_copy(dir: &Path, name: &str, label: &str, change: impl FnOnce(&mut Value)) -> PathBuf {
    let mut value: Value =
        serde_json::from_str(&fs::read_to_string(reference(name)).unwrap()).unwrap();
    change(&mut value);
    let path = dir.join(format!("{label}-{name}"));
    fs::write(&path, serde_json::to_string_pretty(&value).unwrap()).unwrap();
    path
}

#[test]
fn asl_validator_accepts_the_jsonata_reference_definitions() {
    let mut failures = Vec::new();
    let names = ["every-state.asl.json", "minimal.asl.json"];
    let paths: Vec<PathBuf> = names.iter().map(|name| reference(name)).collect();
    // Our own schema and asl-validator must agree on the references.
    for (name, path) in names.iter().zip(&paths) {
        let text = fs::read_to_string(path).unwrap();
        if let Err(f) = aslc::validate::validate_asl_text(&text) {
            failures.push(format!("{name}: aslc's schema check: {}", f.join("; ")));
        }
    }
    failures.extend(
        run_asl_validator(&paths)
            .into_iter()
            .filter_map(Result::err),
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn asl_validator_really_rejects() {
    let dir = scratch_dir("conformance-asl-rejects").unwrap();
    // A JSONPath-only field in a JSONata state, and a dangling transition.
    let cases = [
        (
            broken_copy(&dir, "every-state.asl.json", "result-path", |d| {
                d["States"]["Fetch order"]["ResultPath"] = json!("$.x");
            }),
            "SCHEMA_VALIDATION_FAILED: /States/Fetch order is invalid",
        ),
        (
            broken_copy(&dir, "minimal.asl.json", "dangling-next", |d| {
                d["States"]["Fetch"].as_object_mut().unwrap().remove("End");
                d["States"]["Fetch"]["Next"] = json!("Nowhere");
            }),
            "MISSING_TRANSITION_TARGET",
        ),
    ];
    let (paths, reasons): (Vec<PathBuf>, Vec<&str>) = cases.into_iter().unzip();
    // Together with a valid file, so one run must tell them apart.
    let mut files = paths.clone();
    files.push(reference("minimal.asl.json"));
    let results = run_asl_validator(&files);
    for ((path, reason), result) in paths.iter().zip(reasons).zip(&results) {
        let Err(message) = result else {
            panic!("asl-validator accepted {}", path.display());
        };
        assert!(
            message.contains(reason),
            "expected `{reason}` in:\n{message}"
        );
    }
    assert_eq!(results.last(), Some(&Ok(())), "the valid file");
}

#[test]
fn cfn_lint_accepts_the_reference_template() {
    for result in run_cfn_lint(&[reference("private-api.template.json")]) {
        result.unwrap_or_else(|e| panic!("{e}"));
    }
}

#[test]
fn cfn_lint_really_rejects() {
    let dir = scratch_dir("conformance-cfn-rejects").unwrap();
    let cases = [
        // An authorization type EventBridge does not have.
        (
            broken_copy(&dir, "private-api.template.json", "auth-type", |t| {
                t["Resources"]["BillingConnection"]["Properties"]["AuthorizationType"] =
                    json!("TOKEN");
            }),
            "E3030",
        ),
        // A JSONPath field inside the embedded JSONata definition.
        (
            broken_copy(&dir, "private-api.template.json", "result-path", |t| {
                let definition = &mut t["Resources"]["StateMachine"]["Properties"]["Definition"];
                definition["States"]["Fetch order"]["ResultPath"] = json!("$.x");
            }),
            "E3601",
        ),
    ];
    let (paths, rules): (Vec<PathBuf>, Vec<&str>) = cases.into_iter().unzip();
    // Together with a valid file, so one run must tell them apart.
    let mut files = paths.clone();
    files.push(reference("private-api.template.json"));
    let results = run_cfn_lint(&files);
    for ((path, rule), result) in paths.iter().zip(rules).zip(&results) {
        let Err(message) = result else {
            panic!("cfn-lint accepted {}", path.display());
        };
        assert!(
            message.contains(rule),
            "expected rule {rule} in:\n{message}"
        );
    }
    assert_eq!(results.last(), Some(&Ok(())), "the valid file");
}

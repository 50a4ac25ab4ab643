//! Conformance: what aslc emits must pass the external validators, not just
//! our own schema. Every example and case is compiled into a scratch
//! directory (`target/tmp/conformance/`); each `.asl.json` goes through
//! aslc's self-check and `asl-validator`, each template through `cfn-lint`.
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

/// Runs a validator on one file. `Err` holds its output when it rejects the
/// file (or cannot run).
fn run(program: &Path, args: &[&str], file: &Path) -> Result<(), String> {
    let output = Command::new(program)
        .args(args)
        .arg(file)
        // The tools must not read a config file from wherever the test
        // happens to run, nor wait for input.
        .current_dir(file.parent().unwrap_or(Path::new(".")))
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {}: {e} ({INSTALL_HINT})", program.display()))?;
    if output.status.success() {
        return Ok(());
    }
    Err(format!(
        "{} rejected {} ({}):\n{}{}",
        program.file_name().unwrap_or_default().to_string_lossy(),
        file.display(),
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    ))
}

/// `asl-validator --json-path FILE`: exit 0 valid, 1 invalid, 2 crashed.
/// Path and ARN checks stay on (the defaults).
fn run_asl_validator(file: &Path) -> Result<(), String> {
    run(&asl_validator(), &["--json-path"], file)
}

/// `cfn-lint --non-zero-exit-code warning FILE`: errors and warnings fail,
/// informational findings do not. (cfn-lint's exit status is a bit set:
/// 2 error, 4 warning, 8 informational.)
fn run_cfn_lint(file: &Path) -> Result<(), String> {
    run(
        &cfn_lint(),
        &["--non-zero-exit-code", "warning", "--"],
        file,
    )
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
            let result = if suffix.ends_with(".asl.json") {
                aslc::validate::validate_asl_text(text)
                    .map_err(|f| format!("aslc's own schema check failed:\n{}", f.join("\n")))
                    .and_then(|()| run_asl_validator(&written))
            } else {
                run_cfn_lint(&written)
            };
            if let Err(message) = result {
                failures.push(format!("{}: {message}", flow.name));
            }
        }
    }
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
    for name in ["every-state.asl.json", "minimal.asl.json"] {
        let path = reference(name);
        // Our own schema and asl-validator must agree on the references.
        let text = fs::read_to_string(&path).unwrap();
        if let Err(f) = aslc::validate::validate_asl_text(&text) {
            failures.push(format!("{name}: aslc's schema check: {}", f.join("; ")));
        }
        if let Err(message) = run_asl_validator(&path) {
            failures.push(message);
        }
    }
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
    for (path, reason) in cases {
        let Err(message) = run_asl_validator(&path) else {
            panic!("asl-validator accepted {}", path.display());
        };
        assert!(
            message.contains(reason),
            "expected `{reason}` in:\n{message}"
        );
    }
}

#[test]
fn cfn_lint_accepts_the_reference_template() {
    run_cfn_lint(&reference("private-api.template.json")).unwrap_or_else(|e| panic!("{e}"));
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
    for (path, rule) in cases {
        let Err(message) = run_cfn_lint(&path) else {
            panic!("cfn-lint accepted {}", path.display());
        };
        assert!(
            message.contains(rule),
            "expected rule {rule} in:\n{message}"
        );
    }
}

//! Golden tests: every `examples/*.sfl` and `tests/cases/*.sfl` compiles
//! with no diagnostic at all (not even a warning), and its outputs equal the
//! expected files next to it byte for byte (`x.sfl` → `x.asl.json`, and the
//! template once the compiler emits one). Each flow is compiled twice to
//! prove the output is deterministic. One run reports every failing file.
//!
//! `ASLC_BLESS=1 cargo test --test golden` rewrites the expected files (and
//! removes stale ones); read the result before committing it.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a test failure"
)]

mod support;

use std::fs;
use std::path::Path;

use aslc::Options;
use support::{
    Compiled, check_stale_outputs, compare_or_bless, compile_path, input_files, line_diff,
    output_files, sibling,
};

#[test]
fn every_flow_matches_its_expected_outputs() {
    let files = input_files();
    assert!(
        !files.is_empty(),
        "no input flows found under examples/ or tests/cases/"
    );
    let mut compiled = Vec::new();
    let mut failures = Vec::new();
    for path in &files {
        match compile_path(path) {
            Ok(c) => compiled.push(c),
            Err(message) => failures.push(message),
        }
    }
    for flow in &compiled {
        if let Err(message) = check_flow(flow) {
            failures.push(message);
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} flows failed:\n\n{}",
        failures.len(),
        files.len(),
        failures.join("\n\n")
    );
}

/// Checks one compiled flow; `Err` lists everything wrong with it.
fn check_flow(flow: &Compiled) -> Result<(), String> {
    let name = &flow.name;
    if !flow.compilation.diagnostics.is_empty() {
        return Err(format!(
            "{name}: expected no diagnostics, got {}:\n{}",
            flow.compilation.diagnostics.len(),
            flow.rendered_diagnostics()
        ));
    }
    let Some(artifacts) = &flow.compilation.artifacts else {
        return Err(format!(
            "{name}: no diagnostics, yet no artifacts either (a stage gave up silently)"
        ));
    };

    let again = aslc::compile_with(&flow.file, &Options::default(), &support::RepoFiles);
    let second = again.artifacts.as_ref().map(output_files);
    let problems = check_outputs(
        name,
        &flow.path,
        &output_files(artifacts),
        second.as_deref(),
    );
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n\n"))
    }
}

/// Compares one flow's outputs (`first`, as (suffix, text)) with a second
/// compilation's and with the expected files next to `sfl`, and looks for
/// stale expected files. Returns every problem found.
fn check_outputs(
    name: &str,
    sfl: &Path,
    first: &[(&str, &str)],
    second: Option<&[(&str, &str)]>,
) -> Vec<String> {
    let mut problems = Vec::new();
    match second {
        None => problems.push(format!(
            "{name}: the second compilation produced no artifacts"
        )),
        Some(second) => {
            let suffixes = |outputs: &[(&str, &str)]| -> Vec<String> {
                outputs.iter().map(|(s, _)| (*s).to_owned()).collect()
            };
            if suffixes(first) != suffixes(second) {
                problems.push(format!(
                    "{name}: two compilations produced different files: {:?} then {:?}",
                    suffixes(first),
                    suffixes(second)
                ));
            }
            for ((suffix, one), (_, two)) in first.iter().zip(second) {
                if one != two {
                    problems.push(format!(
                        "{name}: `{suffix}` differs between two compilations of the same input:\n{}",
                        line_diff(one, two)
                    ));
                }
            }
        }
    }
    for (suffix, text) in first {
        if let Err(message) = compare_or_bless(&sibling(sfl, suffix), text) {
            problems.push(message);
        }
    }
    let produced: Vec<&str> = first.iter().map(|(suffix, _)| *suffix).collect();
    problems.extend(check_stale_outputs(sfl, &produced));
    problems
}

// ---- the harness itself, on hand-made fixtures ----------------------------

#[test]
fn inputs_are_sorted_sfl_files() {
    let files = input_files();
    let mut sorted = files.clone();
    sorted.sort();
    assert_eq!(files, sorted);
    assert!(
        files
            .iter()
            .all(|f| f.extension().is_some_and(|e| e == "sfl"))
    );
    // The design's full example is always among them.
    assert!(
        files.iter().any(|f| f.ends_with("examples/order_sync.sfl")),
        "{files:?}"
    );
}

#[test]
fn diff_shows_changed_lines_with_context_and_line_numbers() {
    let expected = "a\nb\nc\nd\ne\nf\ng\nh\ni\n";
    let actual = "a\nb\nc\nd\nE\nf\ng\nh\ni\n";
    let diff = line_diff(expected, actual);
    assert_eq!(
        diff, "@@ -2 +2 @@\n b\n c\n d\n-e\n+E\n f\n g\n h",
        "got:\n{diff}"
    );
}

#[test]
fn diff_reports_added_and_removed_lines_and_a_missing_final_newline() {
    let diff = line_diff("x\ny\n", "x\nnew\ny");
    assert!(diff.contains("+new"), "{diff}");
    assert!(diff.contains("-y"), "{diff}");
    assert!(diff.contains("+y"), "{diff}");
    assert!(
        diff.contains("the expected file ends with a newline, the actual output does not"),
        "{diff}"
    );
    // Separate hunks for changes far apart.
    let many: String = (0..40).map(|i| format!("{i}\n")).collect();
    let changed: String = (0..40)
        .map(|i| match i {
            3 => "three\n".to_owned(),
            30 => "thirty\n".to_owned(),
            _ => format!("{i}\n"),
        })
        .collect();
    let diff = line_diff(&many, &changed);
    assert_eq!(diff.matches("@@").count(), 4, "{diff}");
}

#[test]
fn compare_reports_missing_and_different_files_and_passes_equal_ones() {
    let dir = support::scratch_dir("golden-harness").unwrap();
    let path = dir.join("flow.asl.json");
    if support::bless() {
        // Blessing would rewrite the fixture; the comparison is tested
        // without it.
        return;
    }
    let missing = compare_or_bless(&path, "{}\n").unwrap_err();
    assert!(missing.contains("expected output is missing"), "{missing}");

    fs::write(&path, "{\n  \"a\": 1\n}\n").unwrap();
    let differs = compare_or_bless(&path, "{\n  \"a\": 2\n}\n").unwrap_err();
    assert!(differs.contains("-  \"a\": 1"), "{differs}");
    assert!(differs.contains("+  \"a\": 2"), "{differs}");

    compare_or_bless(&path, "{\n  \"a\": 1\n}\n").unwrap();
    // Byte for byte: a missing final newline is a difference.
    assert!(compare_or_bless(&path, "{\n  \"a\": 1\n}").is_err());
}

#[test]
fn stale_outputs_are_reported() {
    if support::bless() {
        return;
    }
    let dir = support::scratch_dir("golden-stale").unwrap();
    let sfl = dir.join("flow.sfl");
    fs::write(&sfl, "").unwrap();
    fs::write(dir.join("flow.template.yaml"), "").unwrap();
    let stale = check_stale_outputs(&sfl, &[".asl.json"]);
    assert_eq!(stale.len(), 1, "{stale:?}");
    assert!(stale[0].contains("flow.template.yaml"), "{stale:?}");
    assert!(check_stale_outputs(&sfl, &[".asl.json", ".template.yaml"]).is_empty());
}

#[test]
fn outputs_are_checked_against_expected_files_and_a_second_compilation() {
    if support::bless() {
        return;
    }
    let dir = support::scratch_dir("golden-outputs").unwrap();
    let sfl = dir.join("flow.sfl");
    fs::write(&sfl, "").unwrap();
    fs::write(dir.join("flow.asl.json"), "{\"a\": 1}\n").unwrap();
    let good: &[(&str, &str)] = &[(".asl.json", "{\"a\": 1}\n")];

    assert!(check_outputs("flow.sfl", &sfl, good, Some(good)).is_empty());

    let changed: &[(&str, &str)] = &[(".asl.json", "{\"a\": 2}\n")];
    let problems = check_outputs("flow.sfl", &sfl, changed, Some(changed));
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("+{\"a\": 2}"), "{problems:?}");

    let problems = check_outputs("flow.sfl", &sfl, good, Some(changed));
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains("differs between two compilations"),
        "{problems:?}"
    );

    let problems = check_outputs("flow.sfl", &sfl, good, None);
    assert!(
        problems[0].contains("second compilation produced no artifacts"),
        "{problems:?}"
    );

    let with_template: &[(&str, &str)] =
        &[(".asl.json", "{\"a\": 1}\n"), (".template.json", "{}\n")];
    let problems = check_outputs("flow.sfl", &sfl, with_template, Some(good));
    assert!(
        problems.iter().any(|p| p.contains("different files")),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains("flow.template.json: expected output is missing")),
        "{problems:?}"
    );
}

//! The real `aslc` binary: exit codes, what is printed, and what is written.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "test code: a panic is a test failure"
)]

use std::path::{Path, PathBuf};

mod support;
use support::run_aslc;

fn scratch(name: &str) -> PathBuf {
    support::fresh_dir("cli", name)
}

#[test]
fn help_lists_exit_codes() {
    let out = run_aslc(&["--help"], Path::new("."));
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Exit status:"), "{text}");
    assert!(text.contains("1  the input has errors"), "{text}");
}

#[test]
fn usage_error_exits_2() {
    let out = run_aslc(&["build"], Path::new("."));
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn missing_file_exits_2_and_names_it() {
    let dir = scratch("missing");
    let out = run_aslc(&["check", "nope.sfl"], &dir);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read `nope.sfl`"));
}

#[test]
fn non_utf8_input_is_a_located_diagnostic() {
    let dir = scratch("utf8");
    std::fs::write(dir.join("bad.sfl"), b"workflow w() {\n  \xff\n}\n").unwrap();
    let out = run_aslc(&["build", "bad.sfl"], &dir);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("E0002"), "{stderr}");
    assert!(stderr.contains("bad.sfl:2:3"), "{stderr}");
    assert!(!dir.join("build").exists(), "nothing may be written");
}

#[test]
fn bad_input_writes_nothing_and_exits_1() {
    let dir = scratch("bad");
    std::fs::write(dir.join("flow.sfl"), "workflow flow( {\n").unwrap();
    let out = run_aslc(&["build", "flow.sfl", "-o", "out"], &dir);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("E0001"), "{stderr}");
    assert!(stderr.contains("nothing written"), "{stderr}");
    assert!(!dir.join("out").exists(), "nothing may be written");
}

#[test]
fn check_recurses_into_directories_and_writes_nothing() {
    let dir = scratch("check_dir");
    std::fs::create_dir_all(dir.join("flows/nested")).unwrap();
    std::fs::copy(
        support::example_arg("order_sync.sfl"),
        dir.join("flows/nested/a.sfl"),
    )
    .unwrap();
    std::fs::write(dir.join("flows/b.sfl"), "workflow b( {\n").unwrap();
    let out = run_aslc(&["check", "flows", "--error-format", "short"], &dir);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("flows/b.sfl:1:"), "{stderr}");
    assert!(stderr.contains("checked 2 files"), "{stderr}");
    let entries: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert_eq!(entries.len(), 1, "check must not write files");
}

#[test]
fn json_error_format_is_one_object_per_file_on_stdout_alone() {
    let dir = scratch("json");
    std::fs::write(dir.join("flow.sfl"), "workflow flow( {\n").unwrap();
    std::fs::copy(support::example_arg("order_sync.sfl"), dir.join("good.sfl")).unwrap();
    let args = ["check", "flow.sfl", "good.sfl", "--error-format", "json"];
    let out = run_aslc(&args, &dir);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let values: Vec<serde_json::Value> = stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(values.len(), 2, "{stdout}");
    assert_eq!(values[0]["file"], "flow.sfl");
    assert_eq!(values[0]["diagnostics"][0]["code"], "E0001");
    assert_eq!(values[0]["diagnostics"][0]["span"]["line"], 1);
    assert_eq!(values[1]["file"], "good.sfl");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("checked 2 files"), "{stderr}");
    assert!(!stderr.contains("E0001"), "{stderr}");

    // Progress of a build stays on stderr too.
    let out = run_aslc(&["build", "good.sfl", "--error-format", "json"], &dir);
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let value: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(value["diagnostics"], serde_json::json!([]));
    assert!(String::from_utf8_lossy(&out.stderr).contains("wrote "));
}

#[test]
fn github_error_format_prints_workflow_commands_on_stdout() {
    let dir = scratch("github");
    std::fs::write(dir.join("flow.sfl"), "workflow flow( {\n").unwrap();
    let out = run_aslc(&["check", "flow.sfl", "--error-format", "github"], &dir);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout.lines().next().unwrap();
    assert!(
        line.starts_with(
            "::error file=flow.sfl,line=1,col=16,endLine=1,endColumn=17,title=E0001::"
        ),
        "{stdout}"
    );
    assert_eq!(
        stdout.lines().count(),
        1,
        "one command per diagnostic: {stdout}"
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("E0001"));
}

/// The place of the first diagnostic as each format prints it, for a file
/// whose error follows non-ASCII text on the same line.
#[test]
fn columns_count_characters_in_every_format() {
    let dir = scratch("columns");
    let line = "    let x = \"héllo wörld — ✓\" )";
    let column = line.chars().position(|c| c == ')').unwrap() + 1;
    assert_ne!(
        column,
        line.find(')').unwrap() + 1,
        "the test needs multi-byte text"
    );
    std::fs::write(dir.join("u.sfl"), format!("workflow w() {{\n{line}\n}}\n")).unwrap();
    check_in_every_format(&dir, "u.sfl", "E0001", &format!("2:{column}"));
}

#[test]
fn build_accepts_directories_and_mirrors_their_layout() {
    let dir = scratch("build_dir");
    std::fs::create_dir_all(dir.join("flows/nested")).unwrap();
    std::fs::copy(
        support::example_arg("order_sync.sfl"),
        dir.join("flows/a.sfl"),
    )
    .unwrap();
    std::fs::copy(
        support::example_arg("order_sync.sfl"),
        dir.join("flows/nested/a.sfl"),
    )
    .unwrap();
    std::fs::write(dir.join("flows/notes.txt"), "not a flow").unwrap();
    let out = run_aslc(&["build", "flows", "-o", "out"], &dir);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    for written in [
        "out/a.asl.json",
        "out/a.template.json",
        "out/nested/a.asl.json",
        "out/nested/a.template.json",
    ] {
        assert!(dir.join(written).is_file(), "{written}: {stderr}");
    }
    assert!(!dir.join("out/notes.asl.json").exists());
    let summary = stderr.lines().last().unwrap();
    assert!(
        summary.starts_with("built 2 of 2 files: 0 errors, 0 warnings in "),
        "{stderr}"
    );
    assert!(summary.ends_with('s'), "{summary}");
}

#[test]
fn a_failing_file_in_a_directory_build_is_counted_in_the_summary() {
    let dir = scratch("build_dir_bad");
    std::fs::create_dir_all(dir.join("flows")).unwrap();
    std::fs::copy(
        support::example_arg("order_sync.sfl"),
        dir.join("flows/a.sfl"),
    )
    .unwrap();
    std::fs::write(dir.join("flows/b.sfl"), "workflow b( {\n").unwrap();
    let out = run_aslc(&["build", "flows", "-o", "out"], &dir);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(dir.join("out/a.asl.json").is_file(), "{stderr}");
    assert!(!dir.join("out/b.asl.json").exists(), "{stderr}");
    let summary = stderr.lines().last().unwrap();
    assert!(
        summary.starts_with("built 1 of 2 files: 1 error, 0 warnings in "),
        "{stderr}"
    );

    let out = run_aslc(&["check", "flows"], &dir);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let summary = stderr.lines().last().unwrap();
    assert!(
        summary.starts_with("checked 2 files: 1 error, 0 warnings in "),
        "{stderr}"
    );

    // One file: no summary beyond the count, as before.
    let out = run_aslc(&["check", "flows/a.sfl"], &dir);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().last(), Some("checked 1 file"), "{stderr}");
}

#[test]
fn explain_prints_the_summary() {
    let out = run_aslc(&["explain", "e0001"], Path::new("."));
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("E0001 (error): unexpected token"));
    let out = run_aslc(&["explain", "E9999"], Path::new("."));
    assert_eq!(out.status.code(), Some(2));
}

/// Runs `aslc check FILE` in every `--error-format`; each must exit 1 with
/// `code` at `place`, and the human formats must print no line wider than
/// a terminal could sensibly show.
fn check_in_every_format(dir: &Path, file: &str, code: &str, place: &str) {
    let (line, column) = place.split_once(':').unwrap();
    for format in ["human", "plain", "short", "json", "github"] {
        let out = run_aslc(&["check", file, "--error-format", format], dir);
        let stream = if format == "json" || format == "github" {
            &out.stdout
        } else {
            &out.stderr
        };
        let stderr = String::from_utf8_lossy(stream);
        assert_eq!(out.status.code(), Some(1), "{format}: {stderr}");
        assert!(stderr.contains(code), "{format}: {stderr}");
        assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
        if format == "json" {
            let value: serde_json::Value = serde_json::from_str(stderr.trim()).unwrap();
            let span = &value["diagnostics"][0]["span"];
            assert_eq!(span["line"].to_string(), line, "{stderr}");
            assert_eq!(span["column"].to_string(), column, "{stderr}");
        } else if format == "github" {
            let place = format!("file={file},line={line},col={column},");
            assert!(stderr.contains(&place), "{stderr}");
        } else {
            assert!(stderr.contains(&format!("{file}:{place}")), "{format}");
        }
        if format == "human" || format == "plain" {
            let widest = stderr.lines().map(|l| l.chars().count()).max();
            assert!(widest.unwrap_or(0) < 300, "{format}: {widest:?}");
        }
    }
}

#[test]
fn a_seventy_thousand_character_line_renders_in_every_format() {
    let dir = scratch("long_line");
    let line = format!("    let x = [{}1 ) ]", "1, ".repeat(23_333));
    let column = line.find(')').unwrap() + 1;
    std::fs::write(
        dir.join("long.sfl"),
        format!("workflow w() {{\n{line}\n}}\n"),
    )
    .unwrap();
    check_in_every_format(&dir, "long.sfl", "E0001", &format!("2:{column}"));
}

#[test]
fn invalid_utf8_on_a_long_line_renders_in_every_format() {
    let dir = scratch("long_utf8");
    let mut bytes = b"workflow w() {\n    let x = \"".to_vec();
    bytes.extend(std::iter::repeat_n(b'a', 70_000));
    bytes.extend(b"\xff\xfe\"\n}\n");
    std::fs::write(dir.join("bad.sfl"), bytes).unwrap();
    check_in_every_format(&dir, "bad.sfl", "E0002", "2:70014");
}

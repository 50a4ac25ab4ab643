//! `aslc fmt` through the real binary: `--check` and its diff, standard
//! input, syntax errors, directories, and files left alone when already
//! formatted.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a test failure"
)]

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime};

mod support;
use support::run_aslc;

const UGLY: &str = "workflow w( input:{n:number}){ let x=input.n+1 // keep me\n return x}\n";
const PRETTY: &str =
    "workflow w(input: { n: number }) {\n    let x = input.n + 1 // keep me\n    return x\n}\n";

fn scratch(name: &str) -> PathBuf {
    support::fresh_dir("fmt_cli", name)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Sets a file's modification time an hour back, so a rewrite shows.
fn age(path: &Path) -> SystemTime {
    let old = SystemTime::now() - Duration::from_secs(3600);
    let file = std::fs::File::options().write(true).open(path).unwrap();
    file.set_modified(old).unwrap();
    std::fs::metadata(path).unwrap().modified().unwrap()
}

#[test]
fn check_prints_a_diff_exits_1_and_changes_nothing() {
    let dir = scratch("check");
    std::fs::write(dir.join("ugly.sfl"), UGLY).unwrap();
    let out = run_aslc(&["fmt", "--check", "ugly.sfl"], &dir);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let diff = text(&out.stdout);
    assert!(
        diff.starts_with("--- ugly.sfl\n+++ ugly.sfl (formatted)\n@@ "),
        "{diff}"
    );
    assert!(
        diff.contains("\n+    let x = input.n + 1 // keep me\n"),
        "{diff}"
    );
    assert_eq!(std::fs::read_to_string(dir.join("ugly.sfl")).unwrap(), UGLY);
}

#[test]
fn check_passes_quietly_on_a_formatted_file() {
    let dir = scratch("check_ok");
    std::fs::write(dir.join("pretty.sfl"), PRETTY).unwrap();
    let out = run_aslc(&["fmt", "--check", "pretty.sfl"], &dir);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty());
}

#[test]
fn fmt_rewrites_a_file_and_leaves_a_formatted_one_alone() {
    let dir = scratch("rewrite");
    std::fs::write(dir.join("ugly.sfl"), UGLY).unwrap();
    std::fs::write(dir.join("pretty.sfl"), PRETTY).unwrap();
    let pretty_time = age(&dir.join("pretty.sfl"));
    let out = run_aslc(&["fmt", "ugly.sfl", "pretty.sfl"], &dir);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        std::fs::read_to_string(dir.join("ugly.sfl")).unwrap(),
        PRETTY
    );
    let modified = std::fs::metadata(dir.join("pretty.sfl"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(
        modified, pretty_time,
        "an already formatted file was rewritten"
    );
    let stderr = text(&out.stderr);
    assert!(stderr.contains("formatted ugly.sfl\n"), "{stderr}");
    assert!(!stderr.contains("formatted pretty.sfl"), "{stderr}");
    assert!(
        stderr.contains("formatted 2 files: 1 reformatted, 0 errors in "),
        "{stderr}"
    );
    let leftovers: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().collect();
    assert_eq!(leftovers.len(), 2, "a temporary file was left behind");
}

#[test]
fn dash_formats_standard_input_to_standard_output() {
    let dir = scratch("stdin");
    let mut child = Command::new(env!("CARGO_BIN_EXE_aslc"))
        .args(["fmt", "-"])
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(UGLY.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), PRETTY);
}

#[test]
fn a_file_with_a_syntax_error_is_reported_and_left_untouched() {
    let dir = scratch("syntax");
    let broken = "workflow w() {\n    let = 1\n}\n";
    std::fs::write(dir.join("broken.sfl"), broken).unwrap();
    let before = age(&dir.join("broken.sfl"));
    let out = run_aslc(&["fmt", "broken.sfl"], &dir);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("E0001") && stderr.contains("broken.sfl:2:"),
        "{stderr}"
    );
    assert!(stderr.contains("not formatted"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(dir.join("broken.sfl")).unwrap(),
        broken
    );
    let after = std::fs::metadata(dir.join("broken.sfl"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(before, after);
}

#[test]
fn directories_are_searched_for_sfl_files() {
    let dir = scratch("dirs");
    std::fs::create_dir_all(dir.join("flows/nested")).unwrap();
    std::fs::write(dir.join("flows/a.sfl"), UGLY).unwrap();
    std::fs::write(dir.join("flows/nested/b.sfl"), UGLY).unwrap();
    std::fs::write(dir.join("flows/notes.txt"), UGLY).unwrap();
    let check = run_aslc(&["fmt", "--check", "flows"], &dir);
    assert_eq!(check.status.code(), Some(1));
    let stderr = text(&check.stderr);
    assert!(
        stderr.contains("checked 2 files: 2 would be reformatted, 0 errors in "),
        "{stderr}"
    );
    let out = run_aslc(&["fmt", "flows"], &dir);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        std::fs::read_to_string(dir.join("flows/nested/b.sfl")).unwrap(),
        PRETTY
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("flows/notes.txt")).unwrap(),
        UGLY
    );
    assert_eq!(
        run_aslc(&["fmt", "--check", "flows"], &dir).status.code(),
        Some(0)
    );
}

#[test]
fn the_examples_and_test_cases_are_formatted() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = run_aslc(&["fmt", "--check", "examples", "tests/cases"], root);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert!(out.stdout.is_empty());
}

#[test]
fn under_json_diagnostics_the_diff_goes_to_stderr() {
    let dir = scratch("json");
    std::fs::write(dir.join("ugly.sfl"), UGLY).unwrap();
    std::fs::write(dir.join("broken.sfl"), "workflow w() { let = 1 }\n").unwrap();
    let out = run_aslc(
        &[
            "fmt",
            "--check",
            "--error-format",
            "json",
            "broken.sfl",
            "ugly.sfl",
        ],
        &dir,
    );
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    let line = stdout.lines().next().unwrap();
    assert!(
        line.starts_with('{') && line.contains("\"E0001\""),
        "{line}"
    );
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("--- ugly.sfl\n+++ ugly.sfl (formatted)\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains("checked 2 files: 1 would be reformatted, 1 error in "),
        "{stderr}"
    );
}

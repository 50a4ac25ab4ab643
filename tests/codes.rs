//! The code registry stays honest: every code has an explanation page and a
//! UI test that shows it, and no page or UI test names a code that does not
//! exist.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "test code: a panic is a test failure"
)]

use std::collections::BTreeSet;
use std::path::Path;

use aslc::diag::Code;

/// Codes that a `.sfl` UI test cannot trigger, and where they are tested.
const NOT_UI_TESTABLE: &[(&str, &str)] = &[
    (
        "E0002",
        "invalid UTF-8 cannot be written in a .sfl text file: tests/cli.rs",
    ),
    (
        "E0003",
        "an 8 MiB file does not belong in the repository: src/syntax/tests.rs (file_size_limit)",
    ),
    (
        "E0564",
        "only `aslc run`/`aslc test` without a value report it: tests/stages.rs",
    ),
    (
        "W0041",
        "only `aslc build --param` reports it: tests/stages.rs",
    ),
    (
        "E0901",
        "only a compiler bug triggers it: unit tests in src/validate.rs",
    ),
    (
        "E0902",
        "only a compiler bug triggers it: unit tests in src/lower/mod.rs",
    ),
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn ui_test_codes() -> BTreeSet<String> {
    let mut codes = BTreeSet::new();
    let mut stack = vec![root().join("tests/ui")];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "sfl") {
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                if let Some(code) = name.split('-').next() {
                    codes.insert(code.to_owned());
                }
            }
        }
    }
    codes
}

#[test]
fn every_code_has_a_docs_page() {
    let missing: Vec<&str> = Code::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|c| !root().join(format!("docs/errors/{c}.md")).is_file())
        .collect();
    assert!(
        missing.is_empty(),
        "codes without docs/errors/<code>.md: {missing:?}"
    );
}

#[test]
fn every_code_has_a_ui_test() {
    let tested = ui_test_codes();
    let exempt: BTreeSet<&str> = NOT_UI_TESTABLE.iter().map(|(c, _)| *c).collect();
    let missing: Vec<&str> = Code::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|c| !tested.contains(*c) && !exempt.contains(c))
        .collect();
    assert!(
        missing.is_empty(),
        "codes without a tests/ui/**/<code>-*.sfl: {missing:?}"
    );
}

#[test]
fn no_page_or_ui_test_for_unknown_codes() {
    let known: BTreeSet<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    let mut orphans: Vec<String> = ui_test_codes()
        .into_iter()
        .filter(|c| !known.contains(c.as_str()))
        .collect();
    if let Ok(entries) = std::fs::read_dir(root().join("docs/errors")) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if let Some(code) = name.strip_suffix(".md")
                && !known.contains(code)
            {
                orphans.push(name);
            }
        }
    }
    assert!(
        orphans.is_empty(),
        "pages or UI tests for unknown codes: {orphans:?}"
    );
}

#[test]
fn language_reference_lists_every_code() {
    let reference = std::fs::read_to_string(root().join("docs/language.md")).unwrap();
    let missing: Vec<String> = Code::ALL
        .iter()
        .map(|c| format!("| {} | {} |", c.as_str(), c.summary()))
        .filter(|row| !reference.contains(row.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/language.md lacks these rows of its diagnostics table:\n{}",
        missing.join("\n")
    );
}

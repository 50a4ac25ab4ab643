//! `aslc fmt` as a library: over every flow of the repository (examples,
//! test cases, UI sources that parse) and the deliberately ugly inputs in
//! `tests/fmt/`, formatting is idempotent, keeps every comment, and never
//! changes what the file compiles to.
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

use aslc::fmt::{FormatError, format_source};
use aslc::syntax::ast::{Block, Item};
use aslc::{Options, SourceFile};
use support::{input_files, relative, root, sfl_files_in};

/// Every `.sfl` file under `dir`, at any depth, sorted.
fn sfl_files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = sfl_files_in(dir);
    let mut dirs: Vec<PathBuf> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    dirs.sort();
    for sub in dirs {
        files.extend(sfl_files_under(&sub));
    }
    files
}

/// The ugly inputs written for these tests.
fn ugly_inputs() -> Vec<PathBuf> {
    sfl_files_in(&root().join("tests/fmt"))
}

fn source(path: &Path) -> SourceFile {
    let text = fs::read_to_string(path).unwrap();
    SourceFile::new(relative(path), text)
}

/// The sorted texts of a file's plain comments (trailing blanks aside) and
/// its doc comments.
fn comments(file: &SourceFile) -> (Vec<String>, Vec<String>) {
    let mut diagnostics = aslc::Diagnostics::new();
    let tree = aslc::syntax::parse(file, &mut diagnostics).expect("parses");
    let mut plain: Vec<String> = tree
        .comments
        .iter()
        .map(|c| c.text.trim_end().to_owned())
        .collect();
    plain.sort();
    let mut docs = Vec::new();
    for item in &tree.items {
        let (doc, body) = match item {
            Item::Workflow(w) => (&w.doc, Some(&w.body)),
            Item::Type(t) => (&t.doc, None),
            Item::Endpoint(e) => (&e.doc, None),
            Item::Retry(r) => (&r.doc, None),
            Item::Param(p) => (&p.doc, None),
            Item::Use(u) => (&u.doc, None),
            Item::Bus(b) => (&b.doc, None),
        };
        docs.extend(doc.iter().map(|d| d.text.clone()));
        if let Some(body) = body {
            block_docs(body, &mut docs);
        }
    }
    (plain, docs)
}

fn block_docs(block: &Block, docs: &mut Vec<String>) {
    for stmt in &block.stmts {
        docs.extend(stmt.doc.iter().map(|d| d.text.clone()));
        for inner in stmt.blocks() {
            block_docs(inner, docs);
        }
    }
}

/// What a file compiles to: both outputs, or the codes of its diagnostics.
fn compiled(file: &SourceFile) -> (Option<(String, String)>, Vec<&'static str>) {
    let compilation = aslc::compile(file, &Options::default());
    let outputs = compilation.artifacts.map(|a| (a.asl, a.template));
    let codes = compilation
        .diagnostics
        .iter()
        .map(|d| d.code.as_str())
        .collect();
    (outputs, codes)
}

/// Checks one file; `Ok(None)` when it has syntax errors (not formatted).
fn check_file(path: &Path) -> Result<Option<String>, String> {
    let original = source(path);
    let name = &original.name;
    let formatted = match format_source(&original) {
        Ok(text) => text,
        Err(FormatError::Syntax(_)) => return Ok(None),
        Err(FormatError::Internal(message)) => return Err(format!("{name}: {message}")),
    };
    let again = format_source(&SourceFile::new(name.clone(), formatted.clone()))
        .map_err(|e| format!("{name}: the formatted text does not format: {e:?}"))?;
    if again != formatted {
        return Err(format!(
            "{name}: not idempotent:\n{}",
            support::line_diff(&formatted, &again)
        ));
    }
    let rewritten = SourceFile::new(name.clone(), formatted.clone());
    if comments(&original) != comments(&rewritten) {
        return Err(format!("{name}: a comment was lost or changed"));
    }
    if compiled(&original) != compiled(&rewritten) {
        return Err(format!("{name}: the compiled output changed"));
    }
    Ok(Some(formatted))
}

#[test]
fn formatting_is_idempotent_and_keeps_comments_and_meaning() {
    let mut files = input_files();
    files.extend(ugly_inputs());
    files.extend(sfl_files_under(&root().join("tests/ui")));
    let mut failures = Vec::new();
    let mut formatted = 0;
    for path in &files {
        match check_file(path) {
            Ok(Some(_)) => formatted += 1,
            Ok(None) => {}
            Err(message) => failures.push(message),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    // Most UI sources parse; far fewer formatted files would mean the
    // formatter refuses files it should take.
    assert!(
        formatted * 10 >= files.len() * 7,
        "only {formatted} of {} formatted",
        files.len()
    );
}

#[test]
fn the_ugly_inputs_compile_and_are_changed() {
    let inputs = ugly_inputs();
    assert!(inputs.len() >= 4);
    for path in &inputs {
        let original = source(path);
        let (outputs, codes) = compiled(&original);
        assert!(outputs.is_some(), "{}: {codes:?}", original.name);
        let formatted = check_file(path).unwrap().unwrap();
        assert_ne!(
            formatted, *original.text,
            "{} is already formatted",
            original.name
        );
    }
}

#[test]
fn examples_and_test_cases_are_formatted() {
    let mut failures = Vec::new();
    for path in input_files() {
        let original = source(&path);
        match format_source(&original) {
            Ok(text) if text == *original.text => {}
            Ok(text) => failures.push(format!(
                "{}:\n{}",
                original.name,
                support::line_diff(&original.text, &text)
            )),
            Err(e) => failures.push(format!("{}: {e:?}", original.name)),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn a_file_with_syntax_errors_is_not_formatted() {
    let file = SourceFile::new("bad.sfl", "workflow w() { let = }\n");
    match format_source(&file) {
        Err(FormatError::Syntax(diagnostics)) => assert!(diagnostics.has_errors()),
        other => panic!("{other:?}"),
    }
}

/// A small deterministic generator (64-bit LCG), so a failure repeats.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

/// `text` with its blanks between tokens replaced at random by other
/// blanks, line breaks, blank lines and comments (own-line and trailing,
/// in the middle of expressions too). Strings (with what they
/// interpolate) and comments are copied as they are, so the result means
/// the same.
fn respace(text: &str, rng: &mut Lcg) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    let mut n = 0;
    while let Some(c) = chars.next() {
        match c {
            '"' => copy_string(&mut chars, &mut out),
            '/' if chars.peek() == Some(&'/') => {
                out.push(c);
                while let Some(next) = chars.next_if(|&next| next != '\n') {
                    out.push(next);
                }
            }
            ' ' => {
                n += 1;
                let choice = match rng.below(20) {
                    0 => "  ".to_owned(),
                    1 => "\n".to_owned(),
                    2 => "\n\n\n".to_owned(),
                    3 => " \t".to_owned(),
                    4 => format!(" // mid {n}\n"),
                    5 => format!("\n// own {n}\n"),
                    _ => " ".to_owned(),
                };
                out.push_str(&choice);
            }
            '\n' => {
                n += 1;
                match rng.below(8) {
                    0 => out.push_str(&format!(" // end {n}\n")),
                    1 => out.push_str(&format!("\n// line {n}\n")),
                    2 => out.push_str("\r\n"),
                    _ => out.push('\n'),
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// Copies a string literal whose opening quote was just read, with the
/// strings nested in its interpolations.
fn copy_string(chars: &mut std::iter::Peekable<std::str::Chars<'_>>, out: &mut String) {
    out.push('"');
    let mut braces = 0;
    while let Some(c) = chars.next() {
        out.push(c);
        match c {
            '\\' => out.extend(chars.next()),
            '"' if braces == 0 => return,
            '"' => {
                // A string inside an interpolation: copy it whole.
                out.pop();
                copy_string(chars, out);
            }
            '{' => braces += 1,
            '}' if braces > 0 => braces -= 1,
            _ => {}
        }
    }
}

/// `text` with every line that holds no comment joined to the next: whole
/// workflows, endpoints and objects on one line.
fn join_lines(text: &str) -> String {
    text.lines()
        .map(|line| {
            if line.contains("//") {
                format!("{line}\n")
            } else {
                format!("{line} ")
            }
        })
        .collect()
}

#[test]
fn respaced_and_commented_copies_format_stably() {
    let mut files = input_files();
    files.extend(ugly_inputs());
    let mut rng = Lcg(0x5EED);
    let mut failures = Vec::new();
    for path in &files {
        let original = fs::read_to_string(path).unwrap();
        for round in 0..4 {
            let name = format!("{} (copy {round})", relative(path));
            let copy = if round == 3 {
                join_lines(&original)
            } else {
                respace(&original, &mut rng)
            };
            let formatted = match format_source(&SourceFile::new(name.clone(), copy.clone())) {
                Ok(text) => text,
                Err(e) => {
                    failures.push(format!("{name}: {e:?}\n{copy}"));
                    continue;
                }
            };
            let again = format_source(&SourceFile::new(name.clone(), formatted.clone()));
            if again.as_ref().ok() != Some(&formatted) {
                failures.push(format!("{name}: not idempotent\n{copy}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

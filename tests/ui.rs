//! UI tests: every `tests/ui/**/*.sfl` is compiled and its rendered
//! diagnostics compared with the `.stderr` file beside it.
//!
//! Inside a `.sfl`, `//~ E0101` says "a diagnostic with this code starts on
//! this line" and `//~^ E0101` says "… on the line above" (one `^` per line
//! up). The emitted (line, code) pairs must equal the annotated ones
//! exactly, so blessing (`ASLC_BLESS=1 cargo test --test ui`, which
//! rewrites the `.stderr` files) can never hide a lost or an extra
//! diagnostic. A file with an error must also produce no artifacts.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "test code: a panic is a test failure"
)]

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use aslc::diag::render::{Style, render_human};
use aslc::{Options, SourceFile};

#[test]
fn ui() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    collect_sfl(&root.join("tests/ui"), &mut files);
    files.sort();
    let bless = std::env::var_os("ASLC_BLESS").is_some();
    let mut failures = Vec::new();
    for path in &files {
        if let Err(message) = run_case(root, path, bless) {
            failures.push(message);
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} UI tests failed:\n\n{}",
        failures.len(),
        files.len(),
        failures.join("\n\n")
    );
}

fn collect_sfl(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_sfl(&path, out);
        } else if path.extension().is_some_and(|e| e == "sfl") {
            out.push(path);
        }
    }
}

fn run_case(root: &Path, path: &Path, bless: bool) -> Result<(), String> {
    let relative = path
        .strip_prefix(root)
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/");
    let text = fs::read_to_string(path).map_err(|e| format!("{relative}: {e}"))?;
    let file = SourceFile::new(relative.clone(), text.as_str());
    let compilation = aslc::compile_with(&file, &Options::default(), &RepoFiles(root));
    let diagnostics = compilation.diagnostics.into_vec();

    if diagnostics.is_empty() {
        return Err(format!("{relative}: expected diagnostics, got none"));
    }
    if diagnostics.iter().any(|d| d.is_error()) && compilation.artifacts.is_some() {
        return Err(format!("{relative}: has errors but produced artifacts"));
    }

    let expected = annotations(&text);
    let emitted: BTreeSet<(usize, String)> = diagnostics
        .iter()
        .map(|d| {
            (
                file.line_col(d.primary.span.start).0,
                d.code.as_str().to_owned(),
            )
        })
        .collect();
    if expected != emitted {
        return Err(format!(
            "{relative}: annotations do not match\n  annotated: {expected:?}\n  emitted:   {emitted:?}"
        ));
    }

    let rendered = render_human(&file, &diagnostics, Style::Plain);
    let stderr_path = path.with_extension("stderr");
    if bless {
        fs::write(&stderr_path, &rendered).map_err(|e| format!("{relative}: {e}"))?;
        return Ok(());
    }
    let wanted = fs::read_to_string(&stderr_path).unwrap_or_default();
    if wanted != rendered {
        return Err(format!(
            "{relative}: rendered diagnostics differ from {} (ASLC_BLESS=1 to update)\n--- expected\n{wanted}\n--- actual\n{rendered}",
            stderr_path.file_name().unwrap().to_string_lossy()
        ));
    }
    Ok(())
}

/// The (line, code) pairs announced by `//~` comments.
fn annotations(text: &str) -> BTreeSet<(usize, String)> {
    let mut out = BTreeSet::new();
    for (index, line) in text.lines().enumerate() {
        let Some(at) = line.find("//~") else {
            continue;
        };
        let rest = &line[at + 3..];
        let carets = rest.chars().take_while(|&c| c == '^').count();
        let codes = &rest[carets..];
        for code in codes.split([' ', ',']).filter(|c| !c.is_empty()) {
            out.insert(((index + 1).saturating_sub(carets), code.to_owned()));
        }
    }
    out
}

#[test]
fn annotations_are_read() {
    let text = "a //~ E0001\nb\n//~^ E0002 W0001\n";
    let found = annotations(text);
    let expected: BTreeSet<(usize, String)> = [
        (1, "E0001".to_owned()),
        (2, "E0002".to_owned()),
        (2, "W0001".to_owned()),
    ]
    .into_iter()
    .collect();
    assert_eq!(found, expected);
}

/// Reads the files a UI test `use`s from the repository (the tests are
/// named by their path from its root, and so are the files they use).
struct RepoFiles<'a>(&'a Path);

impl aslc::Loader for RepoFiles<'_> {
    fn load(&self, path: &str) -> Result<String, String> {
        fs::read_to_string(self.0.join(path)).map_err(|e| e.to_string())
    }
}

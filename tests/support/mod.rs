//! Shared harness for the file-driven tests (`golden.rs`, `conformance.rs`,
//! `robustness.rs`): finds the input flows, compiles them, compares outputs
//! with expected files byte for byte (rewriting them under `ASLC_BLESS=1`),
//! and prints a readable line diff when they differ. The tests of the
//! binary (`cli.rs`, `fmt_cli.rs`, `stages.rs`, `test_cmd.rs`) share its
//! `run_aslc`, `fresh_dir` and `example_arg`.
//!
//! Each test binary includes this module with `mod support;` and uses a
//! subset of it, hence the `dead_code` allowance.
#![allow(dead_code, reason = "each test binary uses a different subset")]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

use similar::{ChangeTag, TextDiff};

use aslc::diag::render::{Style, render_human};
use aslc::{Artifacts, Compilation, Options, SourceFile, TemplateFormat};

/// The repository root (where `Cargo.toml` is).
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The directories whose `*.sfl` files are compiled, checked against their
/// expected outputs, validated and mangled.
pub const INPUT_DIRS: &[&str] = &["examples", "tests/cases"];

/// Every output file a flow can have next to it, by suffix. An expected file
/// with one of these suffixes that the compiler did not produce is stale.
pub const OUTPUT_SUFFIXES: &[&str] = &[".asl.json", ".template.json", ".template.yaml"];

/// Whether `ASLC_BLESS` asks for expected files to be rewritten
/// (set, and neither empty nor `0`).
pub fn bless() -> bool {
    std::env::var_os("ASLC_BLESS").is_some_and(|v| !v.is_empty() && v != "0")
}

/// Every `*.sfl` directly inside `INPUT_DIRS`, sorted by path, so runs and
/// failure lists are in the same order everywhere.
pub fn input_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in INPUT_DIRS {
        files.extend(sfl_files_in(&root().join(dir)));
    }
    files.sort();
    files
}

/// The `*.sfl` files directly inside `dir` (none if it does not exist).
pub fn sfl_files_in(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.is_file() && path.extension().is_some_and(|e| e == "sfl"))
        .collect();
    files.sort();
    files
}

/// A path relative to the repository root, with `/` separators, as used in
/// diagnostics and failure messages.
pub fn relative(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// `examples/x.sfl` → `examples/x` + suffix: where an output of `x.sfl` is
/// expected.
pub fn sibling(sfl: &Path, suffix: &str) -> PathBuf {
    let stem = sfl.file_stem().map(|s| s.to_string_lossy().into_owned());
    sfl.with_file_name(format!("{}{suffix}", stem.unwrap_or_default()))
}

/// The files one compilation produces, as (suffix, contents): exactly what
/// `aslc build X.sfl -o <dir>` writes next to each other.
pub fn output_files(artifacts: &Artifacts) -> Vec<(&'static str, &str)> {
    let template = match artifacts.template_format {
        TemplateFormat::Json => ".template.json",
        TemplateFormat::Yaml => ".template.yaml",
    };
    vec![
        (".asl.json", artifacts.asl.as_str()),
        (template, artifacts.template.as_str()),
    ]
}

/// One input flow and what compiling it gave.
pub struct Compiled {
    /// The `.sfl` file.
    pub path: PathBuf,
    /// `relative(path)`.
    pub name: String,
    /// Its source.
    pub file: SourceFile,
    /// Artifacts and diagnostics.
    pub compilation: Compilation,
}

impl Compiled {
    /// The diagnostics as a user would see them (plain style).
    pub fn rendered_diagnostics(&self) -> String {
        let diagnostics: Vec<_> = self.compilation.diagnostics.iter().cloned().collect();
        render_human(&self.file, &diagnostics, Style::Plain)
    }
}

/// Reads and compiles one flow. `Err` if it cannot be read.
pub fn compile_path(path: &Path) -> Result<Compiled, String> {
    let name = relative(path);
    let text = fs::read_to_string(path).map_err(|e| format!("{name}: cannot read: {e}"))?;
    let file = SourceFile::new(name.clone(), text);
    let compilation = aslc::compile_with(&file, &Options::default(), &RepoFiles);
    Ok(Compiled {
        path: path.to_owned(),
        name,
        file,
        compilation,
    })
}

/// Compares `actual` with the file at `path` byte for byte. Under
/// `ASLC_BLESS=1` the file is (re)written instead. `Err` explains the
/// mismatch with a line diff, or that the file is missing.
pub fn compare_or_bless(path: &Path, actual: &str) -> Result<(), String> {
    let name = relative(path);
    let expected = fs::read(path);
    if bless() {
        if expected.as_deref().ok() != Some(actual.as_bytes()) {
            fs::write(path, actual).map_err(|e| format!("{name}: cannot write: {e}"))?;
        }
        return Ok(());
    }
    let expected = expected.map_err(|_| {
        format!(
            "{name}: expected output is missing (run with ASLC_BLESS=1 to create it, then read it)"
        )
    })?;
    if expected == actual.as_bytes() {
        return Ok(());
    }
    let expected = String::from_utf8_lossy(&expected);
    Err(format!(
        "{name}: output differs from the expected file (ASLC_BLESS=1 rewrites it)\n{}",
        line_diff(&expected, actual)
    ))
}

/// Expected files next to `sfl` that the compiler no longer produces.
/// Under `ASLC_BLESS=1` they are deleted; otherwise each is an error.
pub fn check_stale_outputs(sfl: &Path, produced: &[&str]) -> Vec<String> {
    let mut failures = Vec::new();
    for suffix in OUTPUT_SUFFIXES {
        let path = sibling(sfl, suffix);
        if produced.contains(suffix) || !path.exists() {
            continue;
        }
        if bless() {
            if let Err(e) = fs::remove_file(&path) {
                failures.push(format!(
                    "{}: cannot remove stale file: {e}",
                    relative(&path)
                ));
            }
        } else {
            failures.push(format!(
                "{}: stale expected file: the compiler does not produce it (ASLC_BLESS=1 removes it)",
                relative(&path)
            ));
        }
    }
    failures
}

/// Lines of context shown around each change in a diff.
const DIFF_CONTEXT: usize = 3;
/// Longest diff printed, in lines; the rest is summarised.
const DIFF_MAX_LINES: usize = 200;
/// How long the diff may search for the shortest edit script before it
/// settles for a coarser one, so a huge change cannot stall a test.
const DIFF_TIMEOUT: Duration = Duration::from_secs(2);

/// A unified-style line diff of `expected` (`-`) against `actual` (`+`),
/// with `@@ -line +line @@` headers and a few lines of context (the
/// alignment is `similar`'s). Also points out a difference only in the
/// final newline, which is otherwise invisible.
pub fn line_diff(expected: &str, actual: &str) -> String {
    let diff = TextDiff::configure()
        .timeout(DIFF_TIMEOUT)
        .diff_lines(expected, actual);
    let mut out = Vec::new();
    for group in diff.grouped_ops(DIFF_CONTEXT) {
        let Some(first) = group.first() else { continue };
        out.push(format!(
            "@@ -{} +{} @@",
            first.old_range().start + 1,
            first.new_range().start + 1
        ));
        for change in group.iter().flat_map(|op| diff.iter_changes(op)) {
            let mark = match change.tag() {
                ChangeTag::Equal => ' ',
                ChangeTag::Delete => '-',
                ChangeTag::Insert => '+',
            };
            let text = change.value();
            out.push(format!("{mark}{}", text.strip_suffix('\n').unwrap_or(text)));
        }
    }
    if expected.ends_with('\n') != actual.ends_with('\n') {
        out.push(format!(
            "(the expected file {} with a newline, the actual output {})",
            if expected.ends_with('\n') {
                "ends"
            } else {
                "does not end"
            },
            if actual.ends_with('\n') {
                "does"
            } else {
                "does not"
            }
        ));
    }
    if out.len() > DIFF_MAX_LINES {
        let hidden = out.len() - DIFF_MAX_LINES;
        out.truncate(DIFF_MAX_LINES);
        out.push(format!("… {hidden} more diff lines"));
    }
    out.join("\n")
}

/// A scratch directory for one test under cargo's per-target temporary
/// directory (`target/tmp/<name>`), emptied first and kept after the run so
/// failures can be inspected.
pub fn scratch_dir(name: &str) -> Result<PathBuf, String> {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    if dir.exists() {
        fs::remove_dir_all(&dir).map_err(|e| format!("cannot empty {}: {e}", dir.display()))?;
    }
    fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    Ok(dir)
}

/// Reads the files a flow `use`s from the repository: the flows are named
/// by their path relative to its root, and so are the files they use.
pub struct RepoFiles;

impl aslc::Loader for RepoFiles {
    fn load(&self, path: &str) -> Result<String, String> {
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
            .map_err(|e| e.to_string())
    }
}

/// Runs this build's `aslc` binary with `args` in `dir`, without colours.
pub fn run_aslc(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_aslc"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| panic!("aslc did not start: {e}"))
}

/// An empty directory `<target tmp>/<suite>/<name>`, made anew.
pub fn fresh_dir(suite: &str, name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(suite)
        .join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    dir
}

/// The path of `examples/<name>`, as a command-line argument.
pub fn example_arg(name: &str) -> String {
    root().join("examples").join(name).display().to_string()
}

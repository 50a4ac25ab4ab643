//! `aslc fmt`: rewrites files (or directories, searched for `*.sfl`) in
//! the canonical layout, checks that they are in it (`--check`), or
//! formats standard input to standard output (`-`).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use aslc::fmt::{FormatError, format_source};

use super::{
    ExitStatus, Outcome, ReportArgs, count, expand_inputs, machine_readable, print_diagnostics,
    read_source, write_all_atomically,
};

/// What happened to one file.
enum Formatted {
    /// Already in the canonical layout.
    Unchanged,
    /// Rewritten, or (under `--check`) would be.
    Changed,
    /// Not formatted: syntax errors, an internal error, or an I/O failure.
    Failed,
}

/// Formats every file named by `paths`; under `check`, prints a unified
/// diff for each file that is not formatted and writes nothing.
pub(super) fn fmt(paths: &[PathBuf], check: bool, report: &ReportArgs) -> ExitStatus {
    let started = Instant::now();
    let mut outcome = Outcome::default();
    let inputs = expand_inputs(paths, &mut outcome);
    let mut changed = 0;
    let mut failed = 0;
    for input in &inputs {
        match fmt_one(&input.path, check, report, &mut outcome) {
            Formatted::Unchanged => {}
            Formatted::Changed => changed += 1,
            Formatted::Failed => failed += 1,
        }
    }
    if check && changed > 0 {
        outcome.input_errors = true;
    }
    if inputs.len() > 1 {
        let (verb, done) = if check {
            ("checked", "would be reformatted")
        } else {
            ("formatted", "reformatted")
        };
        // Files refused for an internal or I/O error count one error each.
        let errors = outcome.errors.max(failed);
        eprintln!(
            "{verb} {}: {changed} {done}, {} in {:.2}s",
            count(inputs.len(), "file"),
            count(errors, "error"),
            started.elapsed().as_secs_f64()
        );
    }
    outcome.status()
}

fn fmt_one(path: &Path, check: bool, report: &ReportArgs, outcome: &mut Outcome) -> Formatted {
    let Some(file) = read_source(path, None, report, outcome) else {
        return Formatted::Failed;
    };
    let formatted = match format_source(&file) {
        Ok(text) => text,
        Err(FormatError::Syntax(diagnostics)) => {
            outcome.tally(&diagnostics);
            print_diagnostics(&file, &diagnostics, report);
            outcome.input_errors = true;
            eprintln!("error: `{}` not formatted: it has syntax errors", file.name);
            return Formatted::Failed;
        }
        Err(FormatError::Internal(message)) => {
            eprintln!("error: internal: {message}; the file is left as it was (please report)");
            outcome.input_errors = true;
            return Formatted::Failed;
        }
    };
    let stdin = path.as_os_str() == "-";
    let unchanged = formatted == *file.text;
    if check {
        if !unchanged {
            print_diff(&file.name, &file.text, &formatted, report);
        }
    } else if stdin {
        if !write_stdout(&formatted) {
            outcome.io_errors = true;
            return Formatted::Failed;
        }
    } else if !unchanged && !rewrite(path, formatted) {
        outcome.io_errors = true;
        return Formatted::Failed;
    }
    if unchanged {
        Formatted::Unchanged
    } else {
        Formatted::Changed
    }
}

/// Replaces the file through a temporary file and a rename, so it is
/// never left half written.
fn rewrite(path: &Path, text: String) -> bool {
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    match write_all_atomically(&dir, &[(path.to_path_buf(), text)]) {
        Ok(()) => {
            eprintln!("formatted {}", path.display());
            true
        }
        Err(message) => {
            eprintln!("error: {message}");
            false
        }
    }
}

fn write_stdout(text: &str) -> bool {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => true,
        Err(error) => {
            eprintln!("error: cannot write standard output: {error}");
            false
        }
    }
}

/// A unified diff from the file as it is to the file formatted, on
/// standard output; on standard error when the diagnostics are JSON or
/// GitHub commands, which must have standard output to themselves.
fn print_diff(name: &str, old: &str, new: &str, report: &ReportArgs) {
    let diff = similar::TextDiff::from_lines(old, new);
    let text = diff
        .unified_diff()
        .context_radius(3)
        .header(name, &format!("{name} (formatted)"))
        .to_string();
    // A closed stream cannot be reported; the exit status still says it.
    let _ = if machine_readable(report.error_format) {
        std::io::stderr().lock().write_all(text.as_bytes())
    } else {
        std::io::stdout().lock().write_all(text.as_bytes())
    };
}

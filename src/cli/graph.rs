//! `aslc graph`: draws a file's compiled state graph.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::ValueEnum;

use aslc::draw::{self, DrawFormat};

use super::{
    ExitStatus, Outcome, ReportArgs, count, duplicate_outputs, expand_inputs, file_stem,
    print_diagnostics, read_source, write_all_atomically,
};

/// The drawing's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum GraphFormat {
    /// A Mermaid flowchart (renders in GitHub markdown).
    Mermaid,
    /// Graphviz DOT (`dot -Tsvg`).
    Dot,
}

impl GraphFormat {
    /// The extension of a drawing written per source file.
    fn extension(self) -> &'static str {
        match self {
            GraphFormat::Mermaid => "mmd",
            GraphFormat::Dot => "dot",
        }
    }

    fn to_draw_format(self) -> DrawFormat {
        match self {
            GraphFormat::Mermaid => DrawFormat::Mermaid,
            GraphFormat::Dot => DrawFormat::Dot,
        }
    }
}

/// Draws every input. One file goes to `output` (atomically) or to
/// standard output; several files, or any directory, go into a directory
/// (`output`, or `build`), one `<stem>.mmd|dot` per source in the same
/// subdirectories as under a directory argument, with a closing summary.
pub(super) fn graph(
    paths: &[PathBuf],
    format: GraphFormat,
    output: Option<&Path>,
    report: &ReportArgs,
) -> ExitStatus {
    let started = Instant::now();
    let mut outcome = Outcome::default();
    let inputs = expand_inputs(paths, &mut outcome);
    let single = matches!(paths, [path] if !path.is_dir()) && inputs.len() == 1;
    if !single && let Some(message) = duplicate_outputs(&inputs) {
        eprintln!("error: {message}");
        return ExitStatus::UsageOrIo;
    }
    let out_dir = output.unwrap_or(Path::new("build"));
    let mut drawn = 0;
    for input in &inputs {
        let Some(text) = draw_one(&input.path, format, report, &mut outcome) else {
            continue;
        };
        let status = if single {
            write_single(output, text)
        } else {
            let name = format!("{}.{}", file_stem(&input.path), format.extension());
            write_to(&out_dir.join(&input.out_subdir).join(name), text)
        };
        match status {
            ExitStatus::Success => drawn += 1,
            _ => outcome.io_errors = true,
        }
    }
    if inputs.len() > 1 {
        let files = format!("{drawn} of {}", count(inputs.len(), "file"));
        eprintln!("drew {files}{}", outcome.summary(started));
    }
    outcome.status()
}

/// Compiles one source to its state graph and draws it; `None` (with the
/// diagnostics printed) when it has errors.
fn draw_one(
    path: &Path,
    format: GraphFormat,
    report: &ReportArgs,
    outcome: &mut Outcome,
) -> Option<String> {
    let file = read_source(path, None, report, outcome)?;
    let (state_graph, diagnostics) = aslc::state_graph_with(&file, &crate::cli::FsLoader);
    outcome.tally(&diagnostics);
    let failed = print_diagnostics(&file, &diagnostics, report);
    outcome.input_errors |= failed;
    let Some(state_graph) = state_graph.filter(|_| !failed) else {
        eprintln!("error: nothing drawn for `{}`", file.name);
        outcome.input_errors = true;
        return None;
    };
    Some(draw::draw(&state_graph, &file, format.to_draw_format()))
}

/// One drawing, to `output` or to standard output.
fn write_single(output: Option<&Path>, text: String) -> ExitStatus {
    if let Some(target) = output {
        return write_to(target, text);
    }
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => ExitStatus::Success,
        Err(error) => {
            eprintln!("error: cannot write standard output: {error}");
            ExitStatus::UsageOrIo
        }
    }
}

fn write_to(target: &Path, text: String) -> ExitStatus {
    let dir = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    match write_all_atomically(&dir, &[(target.to_path_buf(), text)]) {
        Ok(()) => {
            eprintln!("wrote {}", target.display());
            ExitStatus::Success
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitStatus::UsageOrIo
        }
    }
}

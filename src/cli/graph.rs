//! `aslc graph`: draws a file's compiled state graph.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use clap::ValueEnum;

use aslc::draw::{self, DrawFormat};

use super::{
    ExitStatus, Outcome, ReportArgs, print_diagnostics, read_source, write_all_atomically,
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
    fn to_draw_format(self) -> DrawFormat {
        match self {
            GraphFormat::Mermaid => DrawFormat::Mermaid,
            GraphFormat::Dot => DrawFormat::Dot,
        }
    }
}

/// Compiles `path` to its state graph and writes the drawing to `output`
/// (atomically) or to standard output.
pub(super) fn graph(
    path: &Path,
    format: GraphFormat,
    output: Option<&Path>,
    report: &ReportArgs,
) -> ExitStatus {
    let mut outcome = Outcome::default();
    let Some(file) = read_source(path, None, report, &mut outcome) else {
        return outcome.status();
    };
    let (state_graph, diagnostics) = aslc::state_graph(&file);
    let failed = print_diagnostics(&file, &diagnostics, report);
    let Some(state_graph) = state_graph.filter(|_| !failed) else {
        eprintln!("error: nothing drawn for `{}`", file.name);
        return ExitStatus::InputErrors;
    };
    let text = draw::draw(&state_graph, &file, format.to_draw_format());
    match output {
        Some(target) => write_to(target, text),
        None => {
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

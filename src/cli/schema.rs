//! `aslc schema`: prints the JSON Schema of a workflow's input.

use std::io::Write as _;
use std::path::Path;

use super::{ExitStatus, Outcome, ReportArgs, print_diagnostics, read_source};

/// Checks `path` and prints the JSON Schema generated from its workflow's
/// declared input type, pretty-printed, on standard output.
pub(super) fn schema(path: &Path, report: &ReportArgs) -> ExitStatus {
    let mut outcome = Outcome::default();
    let Some(file) = read_source(path, None, report, &mut outcome) else {
        return outcome.status();
    };
    let (schema, diagnostics) = aslc::input_schema_with(&file, &crate::cli::FsLoader);
    let failed = print_diagnostics(&file, &diagnostics, report);
    let Some(schema) = schema.filter(|_| !failed) else {
        eprintln!("error: no schema for `{}`", file.name);
        return ExitStatus::InputErrors;
    };
    let text = match serde_json::to_string_pretty(&schema) {
        Ok(text) => text + "\n",
        Err(error) => {
            eprintln!("error: cannot print the schema: {error}");
            return ExitStatus::UsageOrIo;
        }
    };
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

/// Checks an execution input against the workflow's input schema, for
/// `aslc run`: `Err` lists every problem, each with the JSON pointer of
/// the offending value, under the name of the input file (`input` names
/// the `{}` used when no file was given).
pub(super) fn check_input(
    file: &aslc::SourceFile,
    input: &serde_json::Value,
    input_path: Option<&Path>,
) -> Result<(), String> {
    let (Some(schema), _) = aslc::input_schema_with(file, &crate::cli::FsLoader) else {
        return Ok(());
    };
    let problems = aslc::schema::validate_input(&schema, input);
    if problems.is_empty() {
        return Ok(());
    }
    let name = input_path.map_or_else(|| "input".to_owned(), |p| p.display().to_string());
    let mut message = format!("{name} does not fit the workflow's input type; nothing was run");
    for problem in problems {
        let pointer = if problem.pointer.is_empty() {
            "/"
        } else {
            problem.pointer.as_str()
        };
        message.push_str(&format!("\n  {name}: {pointer}: {}", problem.message));
    }
    Err(message)
}

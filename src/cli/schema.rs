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
    let (schema, diagnostics) = aslc::input_schema(&file);
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

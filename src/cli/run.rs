//! `aslc run`: compiles a flow and executes the emitted definition against
//! mocked endpoints (`aslc::run`).

use std::io::Write as _;
use std::path::{Path, PathBuf};

use aslc::run::{self, InputError, Mocks, RunOptions, Status};

use super::{ExitStatus, Outcome, ReportArgs, print_diagnostics, read_source};

/// The arguments of `aslc run`.
#[derive(Debug, clap::Args)]
pub(super) struct RunArgs {
    /// The `.sfl` file to run.
    file: PathBuf,
    /// The execution input (JSON); `{}` when not given.
    #[arg(long, value_name = "FILE")]
    input: Option<PathBuf>,
    /// The mocked HTTP responses (JSON keyed `"METHOD endpoint /path"`).
    #[arg(long, value_name = "FILE")]
    mocks: PathBuf,
    /// Print one JSON object with the result instead of the trace.
    #[arg(long)]
    json: bool,
    /// Seeds retry jitter, `$random` and `$uuid`.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Stage parameter values (the defaults are used for the others).
    #[command(flatten)]
    params: super::params::ParamArgs,
    #[command(flatten)]
    report: ReportArgs,
}

pub(super) fn run(args: &RunArgs) -> ExitStatus {
    let mut outcome = Outcome::default();
    let Some(file) = read_source(&args.file, None, &args.report, &mut outcome) else {
        return outcome.status();
    };
    let values = match args.params.values() {
        Ok(values) => values,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitStatus::UsageOrIo;
        }
    };
    let (target, diagnostics) = aslc::compile_for_run_using(&file, &crate::cli::FsLoader, &values);
    let failed = print_diagnostics(&file, &diagnostics, &args.report);
    let Some(target) = target.filter(|_| !failed) else {
        eprintln!("error: nothing run for `{}`", file.name);
        return ExitStatus::InputErrors;
    };
    let input = match &args.input {
        Some(path) => match read_json(path) {
            Ok(value) => value,
            Err(message) => return usage_error(&message),
        },
        None => serde_json::json!({}),
    };
    if let Err(message) = super::schema::check_input(&file, &input, args.input.as_deref()) {
        return usage_error(&message);
    }
    let mocks = match read_text(&args.mocks)
        .and_then(|text| Mocks::parse(&text).map_err(|e| located(&args.mocks, &e)))
    {
        Ok(mocks) => mocks,
        Err(message) => return usage_error(&message),
    };
    let options = RunOptions {
        seed: args.seed,
        endpoints: target.endpoints,
        children: target.children,
    };
    let execution = run::execute_as(
        target.workflow_type,
        &target.definition,
        input,
        &mocks,
        &options,
    );
    let text = if args.json {
        format!("{}\n", execution.to_json())
    } else {
        execution.render_trace()
    };
    let mut stdout = std::io::stdout().lock();
    if let Err(error) = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        return usage_error(&format!("cannot write to standard output: {error}"));
    }
    match execution.status {
        Status::Succeeded => ExitStatus::Success,
        Status::Failed | Status::TimedOut => ExitStatus::ExecutionFailed,
    }
}

fn usage_error(message: &str) -> ExitStatus {
    eprintln!("error: {message}");
    ExitStatus::UsageOrIo
}

fn read_text(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))
}

fn read_json(path: &Path) -> Result<serde_json::Value, String> {
    let text = read_text(path)?;
    serde_json::from_str(&text).map_err(|e| {
        located(
            path,
            &InputError {
                line: e.line(),
                column: e.column(),
                message: e.to_string(),
            },
        )
    })
}

fn located(path: &Path, error: &InputError) -> String {
    format!("{}:{error}", path.display())
}

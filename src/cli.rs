//! The command line: argument parsing, file I/O, rendering and exit codes.
//!
//! This module belongs to the binary only, so clap never becomes a library
//! dependency. It reads files, calls `aslc::compile`/`aslc::check`, prints
//! diagnostics (to stderr, or to stdout in the machine-readable formats) and
//! writes outputs atomically.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{ExitCode, Termination};
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};

use aslc::diag::render::{self, Style};
use aslc::diag::{Code, Diagnostic, Diagnostics};
use aslc::emit::TemplateFormat;
use aslc::{Options, SourceFile, Span};

mod fmt;
mod graph;
mod params;
mod run;
mod schema;
mod test;

mod error_docs {
    include!(concat!(env!("OUT_DIR"), "/error_docs.rs"));
}

const AFTER_HELP: &str = "\
Exit status:
  0  success (warnings allowed unless --deny-warnings)
  1  the input has errors (or warnings under --deny-warnings)
  2  usage error, or a file could not be read or written";

/// Compile SFL workflows to Amazon States Language and CloudFormation.
#[derive(Debug, Parser)]
#[command(name = "aslc", version, about, after_help = AFTER_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Compile files (or directories, searched for `*.sfl`) and write
    /// `<stem>.asl.json` and `<stem>.template.json|yaml` into the output
    /// directory, in the same subdirectories as under a directory argument.
    #[command(after_help = AFTER_HELP)]
    Build {
        /// Files or directories.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Where to write the outputs.
        #[arg(short = 'o', long = "out-dir", default_value = "build")]
        out_dir: PathBuf,
        /// The CloudFormation template's format.
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
        #[command(flatten)]
        params: params::ParamArgs,
        #[command(flatten)]
        report: ReportArgs,
    },
    /// Check files (or directories, searched for `*.sfl`) without writing anything.
    #[command(after_help = AFTER_HELP)]
    Check {
        /// Files or directories; `-` reads standard input.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The file name to show in diagnostics for standard input.
        #[arg(long, value_name = "PATH")]
        stdin_filepath: Option<String>,
        #[command(flatten)]
        report: ReportArgs,
    },
    /// Draw compiled state graphs as Mermaid or Graphviz DOT: one file to
    /// standard output (or `-o FILE`); several files or directories
    /// (searched for `*.sfl`) into `-o DIR` (default `build`), one
    /// `<stem>.mmd|dot` per source.
    #[command(after_help = AFTER_HELP)]
    Graph {
        /// Files or directories; `-` reads standard input.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The drawing's format.
        #[arg(long, value_enum, default_value_t = graph::GraphFormat::Mermaid)]
        format: graph::GraphFormat,
        /// Write the drawing to this file instead of standard output; with
        /// several inputs, the directory for the drawings.
        #[arg(short = 'o', long = "output", value_name = "PATH")]
        output: Option<PathBuf>,
        #[command(flatten)]
        report: ReportArgs,
    },
    /// Rewrite files (or directories, searched for `*.sfl`) in the canonical
    /// layout; `-` formats standard input to standard output.
    #[command(after_help = AFTER_HELP)]
    Fmt {
        /// Files or directories; `-` reads standard input.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Change nothing: print a diff of each file not formatted, exit 1 if any.
        #[arg(long)]
        check: bool,
        #[command(flatten)]
        report: ReportArgs,
    },
    /// Print the JSON Schema (draft 2020-12) of a workflow's input type.
    #[command(after_help = AFTER_HELP)]
    Schema {
        /// The `.sfl` file; `-` reads standard input.
        file: PathBuf,
        #[command(flatten)]
        report: ReportArgs,
    },
    /// Compile a flow and execute it locally against mocked endpoints, on a
    /// virtual clock (exit 4 when the execution fails or times out).
    Run(run::RunArgs),
    /// Run test files (`*.test.json` beside their flows; directories are
    /// searched, the current one by default) and report each test.
    Test {
        /// Test files or directories.
        paths: Vec<PathBuf>,
        #[command(flatten)]
        params: params::ParamArgs,
        #[command(flatten)]
        report: ReportArgs,
    },
    /// Explain a diagnostic code, e.g. `aslc explain E0101`.
    Explain {
        /// The code.
        code: String,
    },
}

#[derive(Debug, clap::Args)]
struct ReportArgs {
    /// Treat warnings as errors (exit status 1).
    #[arg(long)]
    deny_warnings: bool,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t = ErrorFormat::Human)]
    error_format: ErrorFormat,
}

/// The template's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// `<stem>.template.json`
    Json,
    /// `<stem>.template.yaml`
    Yaml,
}

impl Format {
    fn to_template_format(self) -> TemplateFormat {
        match self {
            Format::Json => TemplateFormat::Json,
            Format::Yaml => TemplateFormat::Yaml,
        }
    }
}

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ErrorFormat {
    /// Source excerpts with labels; colours on a terminal unless NO_COLOR is set.
    Human,
    /// Like human, never coloured (logs, screen readers).
    Plain,
    /// One `file:line:col: severity[code]: message` line per diagnostic.
    Short,
    /// One JSON object per file, on one line, on standard output.
    Json,
    /// GitHub Actions workflow commands (`::error file=…`), on standard output.
    Github,
}

/// The process exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Everything compiled.
    Success,
    /// Some input has errors.
    InputErrors,
    /// A usage error or an I/O failure.
    UsageOrIo,
    /// `aslc run`: the execution failed or timed out.
    ExecutionFailed,
}

impl Termination for ExitStatus {
    fn report(self) -> ExitCode {
        match self {
            ExitStatus::Success => ExitCode::SUCCESS,
            ExitStatus::InputErrors => ExitCode::from(1),
            ExitStatus::UsageOrIo => ExitCode::from(2),
            ExitStatus::ExecutionFailed => ExitCode::from(4),
        }
    }
}

/// Parses the arguments and runs the command.
pub fn run() -> ExitStatus {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            files,
            out_dir,
            format,
            params,
            report,
        } => {
            let options = Options {
                format: format.to_template_format(),
            };
            match params.values() {
                Ok(values) => build(&files, &out_dir, &options, &values, &report),
                Err(message) => {
                    eprintln!("error: {message}");
                    ExitStatus::UsageOrIo
                }
            }
        }
        Command::Check {
            paths,
            stdin_filepath,
            report,
        } => check(&paths, stdin_filepath.as_deref(), &report),
        Command::Graph {
            files,
            format,
            output,
            report,
        } => graph::graph(&files, format, output.as_deref(), &report),
        Command::Fmt {
            paths,
            check,
            report,
        } => fmt::fmt(&paths, check, &report),
        Command::Schema { file, report } => schema::schema(&file, &report),
        Command::Run(args) => run::run(&args),
        Command::Test {
            paths,
            params,
            report,
        } => match params.values() {
            Ok(values) => test::test(&paths, &values, &report),
            Err(message) => {
                eprintln!("error: {message}");
                ExitStatus::UsageOrIo
            }
        },
        Command::Explain { code } => explain(&code),
    }
}

/// Tracks the worst outcome over several files, and what they reported.
#[derive(Debug, Default)]
struct Outcome {
    input_errors: bool,
    io_errors: bool,
    errors: usize,
    warnings: usize,
}

impl Outcome {
    /// Counts one file's diagnostics for the closing summary.
    fn tally(&mut self, diagnostics: &Diagnostics) {
        self.errors += diagnostics.error_count();
        self.warnings += diagnostics.warning_count();
    }

    /// The end of the closing summary line: `: 1 error, 2 warnings in 0.31s`.
    fn summary(&self, started: Instant) -> String {
        format!(
            ": {}, {} in {:.2}s",
            count(self.errors, "error"),
            count(self.warnings, "warning"),
            started.elapsed().as_secs_f64()
        )
    }

    fn status(&self) -> ExitStatus {
        if self.io_errors {
            ExitStatus::UsageOrIo
        } else if self.input_errors {
            ExitStatus::InputErrors
        } else {
            ExitStatus::Success
        }
    }
}

fn build(
    paths: &[PathBuf],
    out_dir: &Path,
    options: &Options,
    params: &aslc::ParamValues,
    report: &ReportArgs,
) -> ExitStatus {
    let started = Instant::now();
    let mut outcome = Outcome::default();
    let inputs = expand_inputs(paths, &mut outcome);
    if let Some(message) = duplicate_outputs(&inputs) {
        eprintln!("error: {message}");
        return ExitStatus::UsageOrIo;
    }
    let mut built = 0;
    for input in &inputs {
        let Some(file) = read_source(&input.path, None, report, &mut outcome) else {
            continue;
        };
        let compilation = aslc::compile_using(&file, options, &FsLoader, params);
        outcome.tally(&compilation.diagnostics);
        let failed = print_diagnostics(&file, &compilation.diagnostics, report);
        outcome.input_errors |= failed;
        let Some(artifacts) = compilation.artifacts.filter(|_| !failed) else {
            eprintln!("error: nothing written for `{}`", file.name);
            continue;
        };
        if write_outputs(&out_dir.join(&input.out_subdir), &input.path, artifacts) {
            built += 1;
        } else {
            outcome.io_errors = true;
        }
    }
    if inputs.len() > 1 {
        let files = format!("{built} of {}", count(inputs.len(), "file"));
        eprintln!("built {files}{}", outcome.summary(started));
    }
    outcome.status()
}

/// Writes one file's outputs into `dir`, all or none; returns whether it did.
fn write_outputs(dir: &Path, source: &Path, artifacts: aslc::Artifacts) -> bool {
    let stem = file_stem(source);
    let template_name = format!("{stem}.{}", artifacts.template_format.extension());
    let outputs = [
        (dir.join(format!("{stem}.asl.json")), artifacts.asl),
        (dir.join(template_name), artifacts.template),
    ];
    match write_all_atomically(dir, &outputs) {
        Ok(()) => {
            for (target, _) in &outputs {
                eprintln!("wrote {}", target.display());
            }
            true
        }
        Err(message) => {
            eprintln!("error: {message}");
            false
        }
    }
}

fn check(paths: &[PathBuf], stdin_name: Option<&str>, report: &ReportArgs) -> ExitStatus {
    let started = Instant::now();
    let mut outcome = Outcome::default();
    let inputs = expand_inputs(paths, &mut outcome);
    for (position, input) in inputs.iter().enumerate() {
        let Some(file) = read_source(&input.path, stdin_name, report, &mut outcome) else {
            continue;
        };
        let (diagnostics, tree) = aslc::check_keeping_tree(&file, &FsLoader);
        outcome.tally(&diagnostics);
        outcome.input_errors |= print_diagnostics(&file, &diagnostics, report);
        if position + 1 == inputs.len() {
            // The process ends next: the operating system takes the
            // memory back at once, where dropping would free the last
            // tree node by node. Earlier trees are dropped, so checking a
            // whole repository holds one tree at a time.
            std::mem::forget(tree);
        }
    }
    let files = count(inputs.len(), "file");
    if inputs.len() > 1 {
        eprintln!("checked {files}{}", outcome.summary(started));
    } else {
        eprintln!("checked {files}");
    }
    outcome.status()
}

/// One source to process, and where its outputs go below the output
/// directory: the subdirectory it was found in under a directory argument,
/// so equal names in different subdirectories do not collide.
#[derive(Debug)]
struct Input {
    path: PathBuf,
    out_subdir: PathBuf,
}

/// The files named by the arguments: files as given (`-` is standard
/// input), directories searched for `*.sfl` in name order.
fn expand_inputs(paths: &[PathBuf], outcome: &mut Outcome) -> Vec<Input> {
    let mut inputs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" || !path.is_dir() {
            inputs.push(Input {
                path: path.clone(),
                out_subdir: PathBuf::new(),
            });
            continue;
        }
        let mut found = Vec::new();
        collect_sfl_files(path, &mut found, outcome);
        if found.is_empty() {
            eprintln!("warning: no `.sfl` files under `{}`", path.display());
        }
        inputs.extend(found.into_iter().map(|file| {
            let out_subdir = file
                .parent()
                .and_then(|parent| parent.strip_prefix(path).ok())
                .map(Path::to_path_buf)
                .unwrap_or_default();
            Input {
                path: file,
                out_subdir,
            }
        }));
    }
    inputs
}

/// `1 file`, `2 files`.
fn count(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn explain(code: &str) -> ExitStatus {
    let Some(code) = Code::parse(code) else {
        eprintln!("error: unknown diagnostic code `{code}`");
        return ExitStatus::UsageOrIo;
    };
    let word = render::severity_word(code.severity());
    println!("{} ({word}): {}", code.as_str(), code.summary());
    if let Some(page) = error_docs::error_doc(code.as_str()) {
        println!();
        print!("{page}");
    }
    ExitStatus::Success
}

/// Reads a file (or stdin for `-`). A read failure is an I/O error; bytes
/// that are not UTF-8 become an `E0002` diagnostic on the first bad byte.
fn read_source(
    path: &Path,
    stdin_name: Option<&str>,
    report: &ReportArgs,
    outcome: &mut Outcome,
) -> Option<SourceFile> {
    let (name, bytes) = if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        if let Err(error) = std::io::stdin().read_to_end(&mut bytes) {
            eprintln!("error: cannot read standard input: {error}");
            outcome.io_errors = true;
            return None;
        }
        (stdin_name.unwrap_or("<stdin>").to_owned(), bytes)
    } else {
        match std::fs::read(path) {
            Ok(bytes) => (path.display().to_string(), bytes),
            Err(error) => {
                eprintln!("error: cannot read `{}`: {error}", path.display());
                outcome.io_errors = true;
                return None;
            }
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => Some(SourceFile::new(name, text)),
        Err(error) => {
            let offset = error.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
            let file = SourceFile::new(name, text);
            let mut diagnostics = Diagnostics::new();
            diagnostics.push(invalid_utf8(offset));
            outcome.input_errors |= print_diagnostics(&file, &diagnostics, report);
            None
        }
    }
}

fn invalid_utf8(offset: usize) -> Diagnostic {
    Diagnostic::new(
        Code::InvalidUtf8,
        "the file is not valid UTF-8",
        Span::new(offset, offset + 1),
        "this byte does not start a valid UTF-8 sequence",
    )
    .with_help("save the file as UTF-8")
}

/// Prints the diagnostics of one file; returns whether the file failed
/// (errors, or warnings under `--deny-warnings`).
fn print_diagnostics(file: &SourceFile, diagnostics: &Diagnostics, report: &ReportArgs) -> bool {
    let list: Vec<Diagnostic> = diagnostics.iter().cloned().collect();
    let failed = diagnostics.has_errors() || (report.deny_warnings && diagnostics.has_warnings());
    let text = match report.error_format {
        ErrorFormat::Json => format!("{}\n", render::to_json(file, &list)),
        ErrorFormat::Github => list
            .iter()
            .map(|d| render::render_github(file, d))
            .collect(),
        ErrorFormat::Short => list.iter().map(|d| render::render_short(file, d)).collect(),
        ErrorFormat::Human | ErrorFormat::Plain => {
            let mut text = render::render_human(file, &list, human_style(report.error_format));
            text.push_str(&summary_line(file, diagnostics));
            text
        }
    };
    // Machine formats go to stdout, alone, so a tool can read them without
    // sifting out progress lines, which stay on stderr. A closed stream
    // cannot be reported anywhere; the exit code still says how it went.
    if machine_readable(report.error_format) {
        let _ = std::io::stdout().lock().write_all(text.as_bytes());
    } else {
        let _ = std::io::stderr().lock().write_all(text.as_bytes());
    }
    failed
}

/// Whether diagnostics go to stdout for a program to read.
fn machine_readable(format: ErrorFormat) -> bool {
    matches!(format, ErrorFormat::Json | ErrorFormat::Github)
}

fn summary_line(file: &SourceFile, diagnostics: &Diagnostics) -> String {
    let errors = diagnostics.error_count();
    let warnings = diagnostics.warning_count();
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("1 {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    match (errors, warnings) {
        (0, 0) => String::new(),
        (0, w) => format!("warning: `{}`: {}\n", file.name, plural(w, "warning")),
        (e, 0) => format!(
            "error: could not compile `{}`: {}\n",
            file.name,
            plural(e, "error")
        ),
        (e, w) => format!(
            "error: could not compile `{}`: {} and {}\n",
            file.name,
            plural(e, "error"),
            plural(w, "warning")
        ),
    }
}

fn human_style(format: ErrorFormat) -> Style {
    let colour_wanted = format == ErrorFormat::Human
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::io::stderr().is_terminal();
    if colour_wanted {
        Style::Colored
    } else {
        Style::Plain
    }
}

fn collect_sfl_files(dir: &Path, out: &mut Vec<PathBuf>, outcome: &mut Outcome) {
    let is_sfl = |path: &Path| path.extension().is_some_and(|e| e == "sfl");
    collect_files(dir, &|_| true, &is_sfl, out, outcome);
}

/// The files under `dir` that `wanted` accepts, in name order, searching
/// the subdirectories that `descend` accepts. A directory that cannot be
/// read is reported and counted as an I/O error; the walk goes on.
fn collect_files(
    dir: &Path,
    descend: &dyn Fn(&Path) -> bool,
    wanted: &dyn Fn(&Path) -> bool,
    out: &mut Vec<PathBuf>,
    outcome: &mut Outcome,
) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            eprintln!("error: cannot read directory `{}`: {error}", dir.display());
            outcome.io_errors = true;
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            if descend(&path) {
                collect_files(&path, descend, wanted, out, outcome);
            }
        } else if wanted(&path) {
            out.push(path);
        }
    }
}

fn file_stem(path: &Path) -> String {
    aslc::output_stem(&path.to_string_lossy())
}

fn duplicate_outputs(inputs: &[Input]) -> Option<String> {
    let mut seen = std::collections::BTreeMap::new();
    for Input { path, out_subdir } in inputs {
        if let Some(first) = seen.insert(out_subdir.join(file_stem(path)), path) {
            return Some(format!(
                "`{}` and `{}` would write the same output files",
                first.display(),
                path.display()
            ));
        }
    }
    None
}

/// Writes every output to a temporary file in `dir`, then renames them all
/// into place, so a failure never leaves a half-written output.
fn write_all_atomically(dir: &Path, outputs: &[(PathBuf, String)]) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create `{}`: {e}", dir.display()))?;
    let mut temps = Vec::new();
    for (target, text) in outputs {
        let temp = temp_path(target);
        if let Err(e) = std::fs::write(&temp, text) {
            remove_all(&temps);
            let _ = std::fs::remove_file(&temp);
            return Err(format!("cannot write `{}`: {e}", target.display()));
        }
        temps.push(temp);
    }
    for ((target, _), temp) in outputs.iter().zip(&temps) {
        if let Err(e) = std::fs::rename(temp, target) {
            remove_all(&temps);
            return Err(format!("cannot write `{}`: {e}", target.display()));
        }
    }
    Ok(())
}

fn temp_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    target.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}

fn remove_all(paths: &[PathBuf]) {
    for path in paths {
        // Best effort: the temporary may already be renamed or gone.
        let _ = std::fs::remove_file(path);
    }
}

/// Reads the files a compiled file `use`s from disk. A `use` path is
/// resolved against the using file's path as the command line gave it
/// (`aslc::subflows::resolve_path`), so `examples/caller.sfl` with
/// `use "./billing.sfl"` reads `examples/billing.sfl`.
pub(crate) struct FsLoader;

impl aslc::Loader for FsLoader {
    fn load(&self, path: &str) -> Result<String, String> {
        std::fs::read_to_string(path).map_err(|error| error.to_string())
    }
}

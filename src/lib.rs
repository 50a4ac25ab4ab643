//! aslc: compiles the Step Flow Language (SFL) to Amazon States Language.
//!
//! The compiler is a pipeline of stages, each a module with its own types.
//! Data flows one way; a later stage never calls an earlier one back.
//!
//! ```text
//!  SourceFile ──syntax──▶ ast::File ──check──▶ Checked ──lower──▶ StateGraph ──emit──▶ Artifacts
//!               (parse)               (names, types,      (states, JSONata,     (ASL JSON,
//!                                      flow: a typed       the deployment        template)
//!                                      program)            plan)
//! ```
//!
//! | stage    | takes                | returns                    |
//! |----------|----------------------|----------------------------|
//! | `syntax` | [`SourceFile`]       | [`syntax::ast::File`]      |
//! | `check`  | `ast::File`          | [`check::Checked`]         |
//! | `lower`  | `Checked`            | [`graph::StateGraph`]      |
//! | `emit`   | `StateGraph`         | [`Artifacts`] (JSON text)  |
//!
//! Every stage pushes [`diag::Diagnostic`]s into one collector per file; the
//! library never prints and does no I/O. [`compile`] is the whole pipeline;
//! [`check`] stops before lowering (what `aslc check` runs).

pub mod aws;
pub mod check;
pub mod diag;
pub mod draw;
pub mod emit;
pub mod fmt;
pub mod graph;
pub mod lower;
pub mod run;
pub mod schema;
pub mod source;
pub mod subflows;
pub mod suggest;
pub mod syntax;
pub mod testing;

/// The self-check of emitted ASL lives with emit; this path stays for the
/// conformance tests and tools that validate definitions on their own.
pub use emit::validate;

pub use diag::{Diagnostic, Diagnostics};
pub use emit::{Artifacts, TemplateFormat};
pub use source::{SourceFile, Span};
pub use subflows::{Loader, MemoryLoader, NoLoader};

/// What to produce besides the ASL definition.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// The CloudFormation template's format (`--format json|yaml`).
    pub format: TemplateFormat,
}

/// Stage parameter values fixed at build time (`aslc build --param
/// Name=value`, `--params FILE`), by name.
pub type ParamValues = std::collections::BTreeMap<String, String>;

/// How a file's stage parameters are fixed before checking.
#[derive(Debug, Clone, Copy)]
enum Fixing<'a> {
    /// Fix the named ones; the others become template parameters.
    /// (`aslc run` fixes every one, in `run_target_into`.)
    Build(&'a ParamValues),
}

/// The result of compiling one file.
#[derive(Debug)]
pub struct Compilation {
    /// The emitted files; `None` when the file has errors.
    pub artifacts: Option<Artifacts>,
    /// Every error and warning, sorted by position.
    pub diagnostics: Diagnostics,
}

/// Parses and checks a file without lowering it: what `aslc check` runs.
pub fn check(file: &SourceFile) -> Diagnostics {
    check_with(file, &NoLoader)
}

/// [`check`], reading the files the file `use`s through `loader`.
pub fn check_with(file: &SourceFile, loader: &dyn Loader) -> Diagnostics {
    check_keeping_tree(file, loader).0
}

/// [`check_with`], handing the parsed tree back too, so that a process
/// about to exit can leave it unfreed: `aslc check` of a 10,000-state flow
/// spent about 7 % of its instructions freeing the tree node by node.
pub fn check_keeping_tree(
    file: &SourceFile,
    loader: &dyn Loader,
) -> (Diagnostics, Option<syntax::ast::File>) {
    let mut diagnostics = Diagnostics::new();
    let parsed = syntax::parse_recovering(file, &mut diagnostics);
    if let Some(ast) = &parsed.tree {
        let callees = subflows::callees(file, ast, loader, &mut Vec::new(), &mut diagnostics);
        check::check_file_with(ast, &callees, &mut diagnostics);
        check::drop_follow_ons(ast, &parsed.skipped, &file.text, &mut diagnostics);
    }
    (diagnostics.sorted(), parsed.tree)
}

/// Compiles a file through every stage. Artifacts are produced only when no
/// stage reported an error.
pub fn compile(file: &SourceFile, options: &Options) -> Compilation {
    compile_using(file, options, &NoLoader, &ParamValues::new())
}

/// [`compile`], reading the files the file `use`s through `loader`.
pub fn compile_with(file: &SourceFile, options: &Options, loader: &dyn Loader) -> Compilation {
    compile_using(file, options, loader, &ParamValues::new())
}

/// Compiles a file with some stage parameters fixed: each value is written
/// into the output (and checked) as if the source had it, and the template
/// has no parameter for it.
pub fn compile_with_params(
    file: &SourceFile,
    options: &Options,
    params: &ParamValues,
) -> Compilation {
    compile_using(file, options, &NoLoader, params)
}

/// [`compile`] with both: the files the file `use`s read through `loader`,
/// and the stage parameters in `params` fixed.
pub fn compile_using(
    file: &SourceFile,
    options: &Options,
    loader: &dyn Loader,
    params: &ParamValues,
) -> Compilation {
    let mut diagnostics = Diagnostics::new();
    let artifacts = compile_into(
        file,
        options,
        loader,
        Fixing::Build(params),
        &mut diagnostics,
    );
    let diagnostics = diagnostics.sorted();
    let artifacts = artifacts.filter(|_| !diagnostics.has_errors());
    Compilation {
        artifacts,
        diagnostics,
    }
}

fn compile_into(
    file: &SourceFile,
    options: &Options,
    loader: &dyn Loader,
    fixing: Fixing<'_>,
    diagnostics: &mut Diagnostics,
) -> Option<Artifacts> {
    let graph = lower_into(file, loader, fixing, diagnostics)?;
    if diagnostics.has_errors() {
        return None;
    }
    let definition_file = format!("{}.asl.json", output_stem(&file.name));
    emit::emit(&graph, options.format, &definition_file, diagnostics)
}

/// Compiles a file as far as the state graph, without emitting: what
/// `aslc graph` draws. The graph is `None` when any stage reported an error.
pub fn state_graph(file: &SourceFile) -> (Option<graph::StateGraph>, Diagnostics) {
    state_graph_with(file, &NoLoader)
}

/// [`state_graph`], reading the files the file `use`s through `loader`.
pub fn state_graph_with(
    file: &SourceFile,
    loader: &dyn Loader,
) -> (Option<graph::StateGraph>, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let graph = lower_into(
        file,
        loader,
        Fixing::Build(&ParamValues::new()),
        &mut diagnostics,
    );
    let diagnostics = diagnostics.sorted();
    (graph.filter(|_| !diagnostics.has_errors()), diagnostics)
}

/// What `aslc run` executes: the emitted definition (as deployed) and the
/// endpoints its calls are named by.
#[derive(Debug, Clone, PartialEq)]
pub struct RunTarget {
    /// The ASL definition, parsed from the emitted text.
    pub definition: serde_json::Value,
    /// Each endpoint's name and base URL, in declaration order.
    pub endpoints: Vec<run::Endpoint>,
    /// Standard or Express, for [`run::execute_as`].
    pub workflow_type: run::WorkflowType,
    /// The `use`d workflows, compiled, which its `run`s start as child
    /// executions (see [`run::RunOptions::children`]).
    pub children: Vec<run::ChildMachine>,
}

/// Compiles a file through every stage for `aslc run`. The target is `None`
/// when any stage reported an error.
pub fn compile_for_run(file: &SourceFile) -> (Option<RunTarget>, Diagnostics) {
    compile_for_run_using(file, &NoLoader, &ParamValues::new())
}

/// [`compile_for_run`], reading the files the file `use`s through
/// `loader`; each used workflow is compiled too, as a child of the target.
pub fn compile_for_run_with(
    file: &SourceFile,
    loader: &dyn Loader,
) -> (Option<RunTarget>, Diagnostics) {
    compile_for_run_using(file, loader, &ParamValues::new())
}

/// [`compile_for_run`] with stage parameter values: every parameter is
/// fixed, from `params` or else its default (E0564 when it has neither).
pub fn compile_for_run_with_params(
    file: &SourceFile,
    params: &ParamValues,
) -> (Option<RunTarget>, Diagnostics) {
    compile_for_run_using(file, &NoLoader, params)
}

/// [`compile_for_run`] with both a loader for used files and stage
/// parameter values (which fix this file's parameters and, but for
/// `StateMachineName`, the used files' ones too: a run is of one stage).
pub fn compile_for_run_using(
    file: &SourceFile,
    loader: &dyn Loader,
    params: &ParamValues,
) -> (Option<RunTarget>, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let target = run_target_into(file, loader, params, &mut diagnostics);
    let diagnostics = diagnostics.sorted();
    (target.filter(|_| !diagnostics.has_errors()), diagnostics)
}

fn run_target_into(
    file: &SourceFile,
    loader: &dyn Loader,
    params: &ParamValues,
    diagnostics: &mut Diagnostics,
) -> Option<RunTarget> {
    let mut ast = syntax::parse(file, diagnostics)?;
    // As for `build`: connections are shared by the source, not the values.
    let sharing = lower::plan::Sharing::of(&ast);
    for d in check::params::fix_all(&mut ast, params) {
        diagnostics.push(d);
    }
    let callees = subflows::callees(file, &ast, loader, &mut Vec::new(), diagnostics);
    let checked = check::check_file_with(&ast, &callees, diagnostics)?;
    if diagnostics.has_errors() {
        return None;
    }
    let endpoints = checked
        .endpoints
        .iter()
        .filter_map(|(name, endpoint)| {
            Some(run::Endpoint {
                name: (*name).to_owned(),
                base_url: endpoint.url.as_ref()?.value.clone(),
            })
        })
        .collect();
    let graph = lower::lower_workflow_shared(&checked, &sharing, diagnostics)?;
    if diagnostics.has_errors() {
        return None;
    }
    let definition_file = format!("{}.asl.json", output_stem(&file.name));
    let artifacts = emit::emit(&graph, TemplateFormat::Json, &definition_file, diagnostics)?;
    // Emit wrote this text from a JSON value and validated it: it parses.
    let definition = serde_json::from_str(&artifacts.asl).ok()?;
    let workflow_type = match graph.kind {
        graph::WorkflowKind::Standard => run::WorkflowType::Standard,
        graph::WorkflowKind::Express => run::WorkflowType::Express,
    };
    // Each used file compiled for a run of its own; check already
    // compiled it without errors, and found no cycle. A run is of one
    // stage, so the used files get this run's parameter values too (a
    // used file's parameter without a default needs one), except
    // `StateMachineName`, which names this file's state machine only.
    let mut child_params = params.clone();
    child_params.remove(check::params::STATE_MACHINE_NAME);
    let mut children = Vec::new();
    for (name, path) in &callees.paths {
        let text = loader.load(path).ok()?;
        let (target, inner) =
            compile_for_run_using(&SourceFile::new(path.clone(), text), loader, &child_params);
        let Some(target) = target else {
            // Only running adds errors check did not find (E0564): say
            // which, at the `use`, rather than running nothing silently.
            if let Some((_, span)) = callees.workflows.get(name) {
                let why = inner.iter().find(|d| d.is_error()).map_or_else(
                    || "it cannot be compiled for a run".to_owned(),
                    |d| format!("to run it: {}", d.message),
                );
                diagnostics.push(
                    check::diagnostics::use_unavailable(*span, path, &why, true).with_help(
                        "a run gives the used files its stage parameter values: give the \
                         missing one with `--param Name=…`, `--params FILE` or a test's \
                         `params`",
                    ),
                );
            }
            return None;
        };
        children.push(run::ChildMachine {
            name: name.clone(),
            arn: format!("${{{}}}", lower::plan::state_machine_substitution(name)),
            definition: target.definition,
            workflow_type: target.workflow_type,
            options: run::RunOptions {
                seed: 0,
                endpoints: target.endpoints,
                children: target.children,
            },
        });
    }
    Some(RunTarget {
        definition,
        endpoints,
        workflow_type,
        children,
    })
}

fn lower_into(
    file: &SourceFile,
    loader: &dyn Loader,
    fixing: Fixing<'_>,
    diagnostics: &mut Diagnostics,
) -> Option<graph::StateGraph> {
    let mut parsed = syntax::parse_recovering(file, diagnostics);
    // Connection sharing is decided on the source as written, before any
    // `--param` value is filled in: every build has the same resources.
    let sharing = parsed
        .tree
        .as_ref()
        .map(lower::plan::Sharing::of)
        .unwrap_or_default();
    if let Some(tree) = &mut parsed.tree {
        let found = match fixing {
            Fixing::Build(values) if values.is_empty() => Vec::new(),
            Fixing::Build(values) => check::params::fix(tree, values),
        };
        for diagnostic in found {
            diagnostics.push(diagnostic);
        }
    }
    let ast = parsed.tree.as_ref()?;
    let callees = subflows::callees(file, ast, loader, &mut Vec::new(), diagnostics);
    let checked = check::check_file_with(ast, &callees, diagnostics);
    check::drop_follow_ons(ast, &parsed.skipped, &file.text, diagnostics);
    let checked = checked?;
    if diagnostics.has_errors() {
        return None;
    }
    lower::lower_workflow_shared(&checked, &sharing, diagnostics)
}

/// Parses and checks a file and returns the JSON Schema of its workflow's
/// input (what `aslc schema` prints); `None` when the file has errors.
pub fn input_schema(file: &SourceFile) -> (Option<serde_json::Value>, Diagnostics) {
    input_schema_with(file, &NoLoader)
}

/// [`input_schema`], reading the files the file `use`s through `loader`.
pub fn input_schema_with(
    file: &SourceFile,
    loader: &dyn Loader,
) -> (Option<serde_json::Value>, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let schema = syntax::parse(file, &mut diagnostics).and_then(|ast| {
        let callees = subflows::callees(file, &ast, loader, &mut Vec::new(), &mut diagnostics);
        check::check_file_with(&ast, &callees, &mut diagnostics)
            .map(|checked| schema::input_schema(&checked))
    });
    let diagnostics = diagnostics.sorted();
    (schema.filter(|_| !diagnostics.has_errors()), diagnostics)
}

/// The stem of a source file's outputs: `flow` for `src/flow.sfl`
/// (`<stem>.asl.json`, `<stem>.template.json`), or `out` when the name has
/// none. The template may name the definition's file, so the library and
/// the binary share this one rule.
pub fn output_stem(name: &str) -> String {
    std::path::Path::new(name)
        .file_stem()
        .map_or_else(|| "out".to_owned(), |s| s.to_string_lossy().into_owned())
}

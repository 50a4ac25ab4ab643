//! Every JSONata expression aslc emits is run by the reference JSONata
//! implementation (jsonata-js, the version Step Functions documents), not
//! only parsed.
//!
//! - Goldens: every `{% … %}` string of `examples/*.asl.json` and
//!   `tests/cases/*.asl.json` must parse and evaluate to a value (neither
//!   an error nor JSONata's *undefined*, which Step Functions rejects with
//!   `States.QueryEvaluationError`), with `$states` and the workflow's
//!   variables bound to sample values of the types `check` inferred. Each
//!   expression runs on several [`Shape`]s of those values: every optional
//!   field present; optional fields left out; that and empty lists and
//!   maps, no response body and an error without a cause; a response body
//!   that arrives as JSON text; and one that arrives as empty text.
//! - Semantics: a small workflow compiled here, whose returned fields are
//!   evaluated on a known input and compared with what SFL promises
//!   (`x["Content-Type"]` reads the field, `len`, operator precedence,
//!   string escapes).
//!
//! All expressions go to one node process (`tests/support/jsonata_eval.js`).
//! The package is found in `.tools/node_modules/jsonata` (or the directory
//! `ASLC_TOOLS_DIR` names, or the package directory `ASLC_JSONATA_DIR`
//! names). Like the conformance test, a missing node or package fails the
//! test with an install hint: a skipped test would look like a passing one.
// The expected values of the semantics test are one large `json!`.
#![recursion_limit = "256"]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a test failure"
)]

mod support;

/// The standard library's value tests (`jsonata_eval/stdlib.rs`).
#[path = "jsonata_eval/stdlib.rs"]
mod stdlib;

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use aslc::check::types::Type;
use aslc::check::{Checked, check_file_with};
use aslc::lower::vars::VarNames;
use aslc::syntax::ast::{Block, Expr, ExprKind, StmtKind, Template, TemplatePart, Wait};
use aslc::{Diagnostics, Options, SourceFile};
use serde_json::{Map, Value, json};
use support::{input_files, relative, root, sibling};

/// The JSONata that Step Functions runs: "the 2.0.6 language" (aws.md,
/// "JSONata in Step Functions").
const JSONATA_VERSION: &str = "2.0.6";

const INSTALL_HINT: &str = "install the pinned reference JSONata: `npm install --prefix .tools \
                            --save-exact jsonata@2.0.6` (`bash .ci/run` does it), or set \
                            ASLC_JSONATA_DIR to a jsonata package directory";

fn jsonata_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("ASLC_JSONATA_DIR") {
        return PathBuf::from(dir);
    }
    let tools = std::env::var_os("ASLC_TOOLS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join(".tools"));
    tools.join("node_modules/jsonata")
}

/// Evaluates `cases` (`{id, expr, bindings, input?}`) in one node process;
/// returns each result by id.
fn evaluate(cases: &[Value]) -> HashMap<String, Value> {
    let package = jsonata_dir();
    let manifest = package.join("package.json");
    let text = std::fs::read_to_string(&manifest)
        .unwrap_or_else(|e| panic!("{}: {e}: {INSTALL_HINT}", manifest.display()));
    let version = serde_json::from_str::<Value>(&text).unwrap()["version"].clone();
    assert_eq!(
        version,
        json!(JSONATA_VERSION),
        "{} is jsonata {version}, not the pinned {JSONATA_VERSION}: {INSTALL_HINT}",
        package.display()
    );
    let script = root().join("tests/support/jsonata_eval.js");
    let mut child = Command::new("node")
        .arg(&script)
        .arg(&package)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run node: {e}: install node.js ({INSTALL_HINT})"));
    let request = serde_json::to_vec(&json!({ "cases": cases })).unwrap();
    child.stdin.take().unwrap().write_all(&request).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "jsonata_eval.js failed ({}):\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let reply: Value = serde_json::from_slice(&output.stdout).unwrap();
    reply["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["id"].as_str().unwrap().to_owned(), r.clone()))
        .collect()
}

// ---------------------------------------------------------------------------
// Goldens

/// Every `{% … %}` string in `value`, with its JSON pointer.
fn expressions(value: &Value, pointer: &str, out: &mut Vec<(String, String)>) {
    match value {
        Value::String(s) => {
            if let Some(inner) = s.strip_prefix("{%").and_then(|s| s.strip_suffix("%}")) {
                out.push((pointer.to_owned(), inner.trim().to_owned()));
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                expressions(item, &format!("{pointer}/{i}"), out);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                let key = key.replace('~', "~0").replace('/', "~1");
                expressions(item, &format!("{pointer}/{key}"), out);
            }
        }
        _ => {}
    }
}

/// The expressions of one state, and what its `$states.input` and
/// `$states.result` hold.
struct StateExpressions {
    expressions: Vec<(String, String)>,
    context: StateContext,
}

/// Which variables a state's own input and result are: lowering reads a
/// loop item as `$states.input` in its iteration, and a call's response or
/// a `parallel`/`for` result as `$states.result` in the state that assigns
/// it, so these are bound to those variables' samples.
#[derive(Clone, Default)]
struct StateContext {
    /// The variable an iteration binds to `$states.input`.
    item: Option<String>,
    /// The variable a batched (distributed) iteration binds to
    /// `$states.input.Items`: its input is `{"Items": [...]}`.
    batch: Option<String>,
    /// The variable a call binds to its response.
    response: Option<String>,
    /// The variable a Parallel or Map binds to `$states.result`.
    result: Option<String>,
    /// The variable a `run` binds to its child's output,
    /// `$states.result.Output`.
    child_output: Option<String>,
}

impl StateContext {
    fn bind(&self, bindings: &Value, shape: Shape) -> Value {
        let mut out = bindings.clone();
        if let Some(item) = &self.item {
            out["states"]["input"] = bindings[item].clone();
        }
        if let Some(batch) = &self.batch {
            out["states"]["input"] = json!({ "Items": bindings[batch].clone() });
        }
        if let Some(result) = &self.result {
            out["states"]["result"] = bindings[result].clone();
        }
        if let Some(output) = &self.child_output {
            out["states"]["result"] = json!({ "Output": bindings[output].clone() });
        }
        if let Some(response) = &self.response {
            let sample = &bindings[response];
            let body = &sample["body"];
            // A body typed as a string (or not typed) may come as any text
            // or not at all; a body typed as JSON comes as its type, or as
            // that JSON in text.
            let result = &mut out["states"]["result"];
            result["StatusCode"] = sample["status"].clone();
            result["ResponseBody"] = body.clone();
            match (shape, body.is_string()) {
                (Shape::Empty, true) => {
                    result.as_object_mut().unwrap().remove("ResponseBody");
                }
                (Shape::BlankBody, true) => result["ResponseBody"] = json!(""),
                (Shape::TextBody, false) => result["ResponseBody"] = json!(body.to_string()),
                _ => {}
            }
        }
        out
    }
}

/// The expressions of every state of `machine` (a definition, a branch or
/// an iteration) and of the machines inside it, each with its context.
fn state_expressions(machine: &Value, pointer: &str, out: &mut Vec<StateExpressions>) {
    let states = machine["States"].as_object().unwrap();
    let assigned_from = |value: &str| {
        states.values().find_map(|state| {
            state["Assign"].as_object().and_then(|assign| {
                assign
                    .iter()
                    .find(|(_, v)| v.as_str() == Some(value))
                    .map(|(k, _)| k.clone())
            })
        })
    };
    let item = assigned_from("{% $states.input %}");
    let batch = assigned_from("{% $states.input.Items %}");
    for (name, state) in states {
        let escaped = name.replace('~', "~0").replace('/', "~1");
        let here = format!("{pointer}/States/{escaped}");
        let assign = state["Assign"].as_object();
        let response = assign.and_then(|a| {
            a.iter()
                .find(|(_, v)| v.get("status_text").is_some())
                .map(|(k, _)| k.clone())
        });
        let result = assign.and_then(|a| {
            a.iter()
                .find(|(_, v)| v.as_str() == Some("{% $states.result %}"))
                .map(|(k, _)| k.clone())
        });
        let child_output = assign.and_then(|a| {
            a.iter()
                .find(|(_, v)| v.as_str() == Some("{% $states.result.Output %}"))
                .map(|(k, _)| k.clone())
        });
        let mut own = state.clone();
        let own_map = own.as_object_mut().unwrap();
        let processor = own_map.remove("ItemProcessor");
        let branches = own_map.remove("Branches");
        let mut expressions_here = Vec::new();
        expressions(&own, &here, &mut expressions_here);
        out.push(StateExpressions {
            expressions: expressions_here,
            context: StateContext {
                item: item.clone(),
                batch: batch.clone(),
                response,
                result,
                child_output,
            },
        });
        if let Some(processor) = processor {
            state_expressions(&processor, &format!("{here}/ItemProcessor"), out);
        }
        for (i, branch) in branches
            .iter()
            .flat_map(|b| b.as_array().unwrap())
            .enumerate()
        {
            state_expressions(branch, &format!("{here}/Branches/{i}"), out);
        }
    }
}

/// The type of each variable as it is read: every SFL variable that the
/// emitted JSONata can mention is read by some expression of the source.
#[derive(Default)]
struct VarTypes<'c> {
    types: BTreeMap<String, &'c Type>,
}

impl<'c> VarTypes<'c> {
    fn block(&mut self, checked: &'c Checked<'_>, block: &Block) {
        for stmt in &block.stmts {
            self.stmt(checked, &stmt.kind);
        }
    }

    fn stmt(&mut self, checked: &'c Checked<'_>, kind: &StmtKind) {
        match kind {
            StmtKind::Http(call) => {
                self.template(checked, &call.path);
                let options = &call.options;
                for expr in [&options.query, &options.headers, &options.body]
                    .into_iter()
                    .flatten()
                {
                    self.expr(checked, expr);
                }
                for catch in &options.catches {
                    self.block(checked, &catch.body);
                }
            }
            StmtKind::Emit(emit) => {
                for expr in [&emit.source, &emit.detail_type, &emit.detail] {
                    self.expr(checked, expr);
                }
                for catch in &emit.options.catches {
                    self.block(checked, &catch.body);
                }
            }
            StmtKind::Run(run) => {
                if let Some(input) = &run.input {
                    self.expr(checked, input);
                }
                for catch in &run.options.catches {
                    self.block(checked, &catch.body);
                }
            }
            StmtKind::Let { value, .. } | StmtKind::Set { value, .. } | StmtKind::Return(value) => {
                self.expr(checked, value);
            }
            StmtKind::If(stmt_if) => {
                for (cond, body) in &stmt_if.branches {
                    self.expr(checked, cond);
                    self.block(checked, body);
                }
                if let Some(body) = &stmt_if.else_block {
                    self.block(checked, body);
                }
            }
            StmtKind::Match(stmt_match) => {
                self.expr(checked, &stmt_match.scrutinee);
                for arm in &stmt_match.arms {
                    for pattern in &arm.patterns {
                        if let aslc::syntax::ast::Pattern::Literal(expr) = pattern {
                            self.expr(checked, expr);
                        }
                    }
                    self.block(checked, &arm.body);
                }
            }
            StmtKind::While { cond, body } => {
                self.expr(checked, cond);
                self.block(checked, body);
            }
            StmtKind::Parallel { branches, .. } => {
                for branch in branches {
                    self.block(checked, &branch.body);
                }
            }
            StmtKind::For(stmt_for) => {
                self.expr(checked, &stmt_for.iter);
                self.block(checked, &stmt_for.body);
            }
            StmtKind::Try { body, catches } => {
                self.block(checked, body);
                for catch in catches {
                    self.block(checked, &catch.body);
                }
            }
            StmtKind::Wait(Wait::Until(expr) | Wait::Seconds(expr)) => self.expr(checked, expr),
            StmtKind::Fail { error, cause } => {
                self.template(checked, error);
                if let Some(cause) = cause {
                    self.template(checked, cause);
                }
            }
            StmtKind::Wait(Wait::Duration(_)) | StmtKind::Succeed => {}
        }
    }

    fn template(&mut self, checked: &'c Checked<'_>, template: &Template) {
        for part in &template.parts {
            if let TemplatePart::Interp(expr) = part {
                self.expr(checked, expr);
            }
        }
    }

    fn expr(&mut self, checked: &'c Checked<'_>, expr: &Expr) {
        match &expr.kind {
            ExprKind::Var(name) => {
                let ty = checked.type_of(expr);
                let known = self.types.get(&name.name);
                if known.is_none_or(|t| matches!(t, Type::Any)) {
                    self.types.insert(name.name.clone(), ty);
                }
            }
            ExprKind::String(template) => self.template(checked, template),
            ExprKind::List(items) | ExprKind::Call { args: items, .. } => {
                for item in items {
                    self.expr(checked, item);
                }
            }
            ExprKind::Object(entries) => {
                for (_, value) in entries {
                    self.expr(checked, value);
                }
            }
            ExprKind::Field { base, .. } => self.expr(checked, base),
            ExprKind::Index { base, index } => {
                self.expr(checked, base);
                self.expr(checked, index);
            }
            ExprKind::Unary { expr, .. } => self.expr(checked, expr),
            ExprKind::Binary { lhs, rhs, .. } => {
                self.expr(checked, lhs);
                self.expr(checked, rhs);
            }
            ExprKind::Comprehension(c) => {
                self.expr(checked, &c.list);
                self.expr(checked, &c.item);
                if let Some(filter) = &c.filter {
                    self.expr(checked, filter);
                }
            }
            ExprKind::Null | ExprKind::Bool(_) | ExprKind::Number(_) => {}
        }
    }
}

/// The sample values an expression is evaluated on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Every optional field present, lists of four items.
    Full,
    /// Optional record fields left out.
    Sparse,
    /// Optional fields left out, every list and map empty, no response
    /// body (a `204`), an error without a cause.
    Empty,
    /// Like `Full`, with the response body as JSON text (the API did not
    /// say it was JSON).
    TextBody,
    /// Like `Full`, with the response body as empty text.
    BlankBody,
}

impl Shape {
    const ALL: [Shape; 5] = [
        Shape::Full,
        Shape::Sparse,
        Shape::Empty,
        Shape::TextBody,
        Shape::BlankBody,
    ];

    fn leaves_out_optional(self) -> bool {
        matches!(self, Shape::Sparse | Shape::Empty)
    }
}

/// A sample value of `ty` in the given shape.
fn sample(checked: &Checked<'_>, ty: &Type, shape: Shape, depth: usize) -> Value {
    if depth > 8 {
        return json!({});
    }
    let next = |t: &Type| sample(checked, t, shape, depth + 1);
    let empty = shape == Shape::Empty;
    match checked.type_table.resolve(ty) {
        // A value of unknown shape: check lets `any` reach string and list
        // functions (`len`, `contains`), and a field read from a string is
        // simply missing.
        Type::Any | Type::Named(_) => json!("42"),
        // Numeric text, so that `number(s)` on a declared string works.
        Type::String => json!("42"),
        Type::StrLit(text) => json!(text.as_ref()),
        Type::Union(options) => json!(options.first().map_or("sample", String::as_str)),
        Type::Number => json!(3),
        Type::Bool => json!(true),
        Type::Null => Value::Null,
        // Long enough for the constant indexes the examples use.
        Type::List(_) if empty => json!([]),
        Type::List(item) => Value::Array(vec![next(item); 4]),
        Type::Map(_) if empty => json!({}),
        Type::Map(value) => json!({ "sample": next(value) }),
        Type::Record(fields) => Value::Object(
            fields
                .iter()
                .filter(|f| !(shape.leaves_out_optional() && f.optional))
                .map(|f| (f.name.clone(), next(&f.ty)))
                .collect::<Map<_, _>>(),
        ),
    }
}

/// `$states` as Step Functions binds it, with the execution input.
fn states_of(execution_input: Value) -> Value {
    states_in(execution_input, Shape::Full)
}

/// `$states` with the task result and error output of `shape`.
fn states_in(execution_input: Value, shape: Shape) -> Value {
    let mut states = json!({
        "input": {},
        "context": {
            "Execution": {
                "Id": "arn:aws:states:us-east-1:123456789012:execution:flow:run",
                "Name": "run",
                "StartTime": "2026-01-01T00:00:00Z",
                "Input": execution_input,
            },
            "State": { "Name": "state", "EnteredTime": "2026-01-01T00:00:01Z", "RetryCount": 0 },
            // A `.waitForTaskToken` Task's token (`emit … wait`).
            "Task": { "Token": "AQCEAAAAKgAAAAMAAAAAAAAAAQ==" },
            "StateMachine": { "Id": "arn:aws:states:us-east-1:123456789012:stateMachine:flow", "Name": "flow" },
        },
        "result": {
            "StatusCode": 200,
            "StatusText": "OK",
            "Headers": { "Content-Type": "application/json" },
            "ResponseBody": {},
        },
        "errorOutput": { "Error": "States.TaskFailed", "Cause": "sample cause" },
    });
    match shape {
        Shape::Empty => {
            let result = states["result"].as_object_mut().unwrap();
            result.remove("ResponseBody");
            states["errorOutput"]
                .as_object_mut()
                .unwrap()
                .remove("Cause");
        }
        Shape::TextBody => states["result"]["ResponseBody"] = json!("{\"sample\": [1, 2]}"),
        Shape::BlankBody => states["result"]["ResponseBody"] = json!(""),
        Shape::Full | Shape::Sparse => {}
    }
    states
}

/// The bindings for one workflow: `$states` and each variable by its ASL
/// name.
fn bindings(source: &Path, shape: Shape) -> Value {
    let text = std::fs::read_to_string(source).unwrap();
    let file = SourceFile::new(relative(source), text);
    let mut diagnostics = Diagnostics::new();
    let ast = aslc::syntax::parse(&file, &mut diagnostics).expect("goldens parse");
    let callees = aslc::subflows::callees(
        &file,
        &ast,
        &support::RepoFiles,
        &mut Vec::new(),
        &mut diagnostics,
    );
    let checked =
        check_file_with(&ast, &callees, &mut diagnostics).expect("goldens have a workflow");
    let workflow = checked.workflow;
    let mut vars = VarTypes::default();
    vars.block(&checked, &workflow.body);
    let input = workflow
        .input
        .as_ref()
        .map_or("input", |param| param.name.name.as_str());
    let names = VarNames::from_resolved(&checked.resolved);
    let mut out = Map::new();
    let mut execution_input = json!({});
    for (name, ty) in &vars.types {
        let value = sample(&checked, ty, shape, 0);
        if name == input {
            execution_input = value;
        } else {
            out.insert(names.asl(name).to_owned(), value);
        }
    }
    out.insert("states".to_owned(), states_in(execution_input, shape));
    Value::Object(out)
}

#[test]
fn every_emitted_expression_evaluates_with_the_reference_jsonata() {
    let mut cases = Vec::new();
    for source in input_files() {
        let golden = sibling(&source, ".asl.json");
        let definition: Value =
            serde_json::from_str(&std::fs::read_to_string(&golden).unwrap()).unwrap();
        let mut found = Vec::new();
        state_expressions(&definition, "", &mut found);
        for shape in Shape::ALL {
            let bindings = bindings(&source, shape);
            for found in &found {
                let bindings = found.context.bind(&bindings, shape);
                for (pointer, expr) in &found.expressions {
                    cases.push(json!({
                        "id": format!("{}#{pointer} ({shape:?})", relative(&golden)),
                        "expr": expr,
                        "bindings": bindings,
                    }));
                }
            }
        }
    }
    assert!(cases.len() > 100, "only {} expressions found", cases.len());
    let results = evaluate(&cases);
    let mut failures = Vec::new();
    for case in &cases {
        let id = case["id"].as_str().unwrap();
        let result = &results[id];
        if result["undefined"] == json!(true) {
            failures.push(format!(
                "{id}: evaluated to undefined\n    {}",
                case["expr"]
            ));
        } else if result["ok"] != json!(true) {
            failures.push(format!(
                "{id}: {} failed: {}\n    {}",
                result["stage"], result["error"], case["expr"]
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} expressions failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

// ---------------------------------------------------------------------------
// Semantics

const SEMANTICS: &str = r#"
workflow semantics(input: In) {
    return {
        header:     input.headers["Content-Type"],
        odd_key:    input.headers["a%}}b"],
        line_key:   input.headers["x\ny"],
        tick_key:   input.headers["it`s"],
        by_key:     input.prices[input.sku],
        by_number:  input.prices[1],
        item:       input.tags[1],
        last:       input.tags[-1],
        len_str:    len(input.name),
        len_list:   len(input.tags),
        len_any_s:  len(input.extra),
        len_any_l:  len(input.more),
        prec1:      1 + 2 * 3,
        prec2:      (1 + 2) * 3,
        prec3:      10 - (4 - 3),
        prec4:      10 - 4 - 3,
        prec5:      -(2 - 5),
        prec6:      not (1 == 2) and (false or true),
        prec7:      (input.n + 1) * 2,
        prec8:      input.n * 3 % 4,
        coalesce:   input.missing ?? "fallback",
        present:    input.sku ?? "fallback",
        nulled:     input.none ?? "fallback",
        falsy:      input.zero ?? 1,
        starts_v:   starts_with(input.name, input.sku),
        starts_u:   starts_with("\u{e9}t\u{e9}", "\u{e9}t"),
        label:      "{input.name}: {input.n + 1} tags",
        escapes:    "{input.name} it's \"q\" {{% x %}} 100%}} \\ \t\n\u{e9}",
        empty:      "",
        delimiters: "{{% not code %}}",
        str_num:    string(input.n),
        str_str:    string(input.name),
        has_s:      contains(input.name, "am"),
        has_l:      contains(input.tags, "b"),
        starts:     starts_with(input.name, "Sa"),
        member:     input.sku in ["x", "abc"],
        upper:      upper(input.name),
        neg_path:   -input.n * 2,
        exists_no:  exists(input.missing),
        grid:       input.grid[1][0],
        len_lit:    len([1, 2, 3]),
        has_any_s:  contains(input.extra, "ll"),
        has_any_l:  contains(input.more, 2),
        str_bool:   string(1 < 2),
        num_str:    number(input.price),
        nested:     "[{"{input.name}"}]",
        list_items: [input.tags] + [input.tags],
        list_grows: input.grid + [input.grid[0]],
        list_one:   len([input.tags]),
        list_any:   len([input.more, input.extra]),
        any_item:   [] + [input.more],
    }
}

type In = {
    headers:  {string: string},
    prices:   {string: number},
    sku:      string,
    name:     string,
    tags:     [string],
    n:        number,
    extra:    any,
    more:     any,
    missing?: string,
    none:     any,
    zero:     number,
    grid:     [[number]],
    price:    string,
}
"#;

#[test]
fn emitted_expressions_mean_what_the_source_says() {
    let file = SourceFile::new("semantics.sfl", SEMANTICS);
    let compiled = aslc::compile(&file, &Options::default());
    let artifacts = compiled
        .artifacts
        .unwrap_or_else(|| panic!("{:?}", compiled.diagnostics));
    let definition: Value = serde_json::from_str(&artifacts.asl).unwrap();
    let states = definition["States"].as_object().unwrap();
    let output = states
        .values()
        .find_map(|state| state.get("Output").filter(|o| o.is_object()))
        .expect("the returned object")
        .as_object()
        .unwrap()
        .clone();
    let input = json!({
        "headers": {
            "Content-Type": "application/json",
            "Accept": "text/plain",
            "a%}b": "odd",
            "x\ny": "line",
            "it`s": "tick",
        },
        "prices": { "abc": 4.5, "x": 1, "1": 7 },
        "sku": "abc",
        "name": "Sam",
        "tags": ["a", "b", "c"],
        "n": 2,
        "extra": "hello",
        "more": [1, 2],
        "none": null,
        "zero": 0,
        "grid": [[1, 2], [3, 4]],
        "price": "3.5",
    });
    let expected = json!({
        "header": "application/json",
        "odd_key": "odd",
        "line_key": "line",
        "tick_key": "tick",
        "by_key": 4.5,
        "by_number": 7,
        "item": "b",
        "last": "c",
        "len_str": 3,
        "len_list": 3,
        "len_any_s": 5,
        "len_any_l": 2,
        "prec1": 7,
        "prec2": 9,
        "prec3": 9,
        "prec4": 3,
        "prec5": 3,
        "prec6": true,
        "prec7": 6,
        "prec8": 2,
        "coalesce": "fallback",
        "present": "abc",
        "nulled": "fallback",
        "falsy": 0,
        "starts_v": false,
        "starts_u": true,
        "label": "Sam: 3 tags",
        "escapes": "Sam it's \"q\" {% x %} 100%} \\ \t\n\u{e9}",
        "empty": "",
        "delimiters": "{% not code %}",
        "str_num": "2",
        "str_str": "Sam",
        "has_s": true,
        "has_l": true,
        "starts": true,
        "member": true,
        "upper": "SAM",
        "neg_path": -4,
        "exists_no": false,
        "grid": 3,
        "len_lit": 3,
        "has_any_s": true,
        "has_any_l": true,
        "str_bool": "true",
        "num_str": 3.5,
        "nested": "[Sam]",
        // A list literal holds a list item as one item (JSONata's array
        // constructor would splice it).
        "list_items": [["a", "b", "c"], ["a", "b", "c"]],
        "list_grows": [[1, 2], [3, 4], [1, 2]],
        "list_one": 1,
        "list_any": 2,
        "any_item": [[1, 2]],
    });
    let bindings = json!({ "states": states_of(input) });
    let mut cases = Vec::new();
    for (key, value) in &output {
        let expr = value
            .as_str()
            .and_then(|s| s.strip_prefix("{%"))
            .and_then(|s| s.strip_suffix("%}"))
            .unwrap_or_else(|| panic!("`{key}` is not an expression: {value}"));
        cases.push(json!({ "id": key, "expr": expr.trim(), "bindings": bindings }));
    }
    let results = evaluate(&cases);
    let mut wrong = Vec::new();
    for case in &cases {
        let key = case["id"].as_str().unwrap();
        let got = &results[key];
        let want = &expected[key];
        if got["ok"] != json!(true) || &got["value"] != want {
            wrong.push(format!(
                "{key}: {}\n    want {want}\n    got  {got}",
                case["expr"]
            ));
        }
    }
    let missing: Vec<_> = expected
        .as_object()
        .unwrap()
        .keys()
        .filter(|k| !output.contains_key(*k))
        .collect();
    assert!(missing.is_empty(), "not in the output: {missing:?}");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

const PATH_GUARD: &str = r#"
workflow lookup(input: { id: string }) {
    GET crm "/customers/{input.id}"
}

endpoint crm {
    url     "https://crm.example.com"
    private "arn:aws:vpc-lattice:eu-west-1:111122223333:resourceconfiguration/rcfg-0123456789abcdef0"
    auth    api_key "x-api-key" = secret("crm/key")
}
"#;

/// The guard in front of a call with an interpolated path is true (the
/// call fails with `Aslc.InvalidPathValue`) exactly for a missing, null,
/// empty, `.` or `..` value, as the reference JSONata evaluates it.
#[test]
fn a_bad_path_value_is_detected_before_the_call() {
    let file = SourceFile::new("path_guard.sfl", PATH_GUARD);
    let compiled = aslc::compile(&file, &Options::default());
    let artifacts = compiled
        .artifacts
        .unwrap_or_else(|| panic!("{:?}", compiled.diagnostics));
    let definition: Value = serde_json::from_str(&artifacts.asl).unwrap();
    let guard = &definition["States"][definition["StartAt"].as_str().unwrap()];
    assert_eq!(guard["Type"], "Choice", "{definition:#}");
    let condition = guard["Choices"][0]["Condition"].as_str().unwrap();
    let expr = condition
        .strip_prefix("{%")
        .and_then(|s| s.strip_suffix("%}"))
        .unwrap()
        .trim();
    let inputs = [
        ("missing", json!({}), true),
        ("null", json!({ "id": null }), true),
        ("empty", json!({ "id": "" }), true),
        ("dot", json!({ "id": "." }), true),
        ("dotdot", json!({ "id": ".." }), true),
        ("good", json!({ "id": "c-42" }), false),
        ("dotted", json!({ "id": "a.b" }), false),
        ("three_dots", json!({ "id": "..." }), false),
        ("zero", json!({ "id": "0" }), false),
    ];
    let cases: Vec<Value> = inputs
        .iter()
        .map(|(id, input, _)| {
            json!({ "id": id, "expr": expr, "bindings": { "states": states_of(input.clone()) } })
        })
        .collect();
    let results = evaluate(&cases);
    let wrong: Vec<String> = inputs
        .iter()
        .filter(|(id, _, bad)| {
            results[*id]["ok"] != json!(true) || results[*id]["value"] != json!(bad)
        })
        .map(|(id, input, bad)| format!("{id} {input}: want {bad}, got {}", results[*id]))
        .collect();
    assert!(wrong.is_empty(), "{expr}\n{}", wrong.join("\n"));
}

const BODIES: &str = r#"
workflow bodies() {
    let typed = GET api "/typed" -> Rec
    let text = GET api "/text" -> string
    let untyped = GET api "/untyped"
    return { a: typed.body.id, b: text.body, c: untyped.body }
}

type Rec = { id: string }

endpoint api {
    url     "https://api.example.com"
    private "arn:aws:vpc-lattice:eu-west-1:111122223333:resourceconfiguration/rcfg-0123456789abcdef0"
    auth    api_key "x-api-key" = secret("api/key")
}
"#;

/// What a call's variable holds as `body` for each way a response can
/// carry it: JSON, JSON as text, empty text, or nothing.
#[test]
fn a_response_body_is_parsed_by_its_declared_type_and_null_when_absent() {
    let file = SourceFile::new("bodies.sfl", BODIES);
    let compiled = aslc::compile(&file, &Options::default());
    let artifacts = compiled
        .artifacts
        .unwrap_or_else(|| panic!("{:?}", compiled.diagnostics));
    let definition: Value = serde_json::from_str(&artifacts.asl).unwrap();
    let body_of = |state: &str, var: &str| {
        let expr = definition["States"][state]["Assign"][var]["body"]
            .as_str()
            .unwrap_or_else(|| panic!("{state}: {definition:#}"));
        expr.strip_prefix("{%")
            .and_then(|s| s.strip_suffix("%}"))
            .unwrap()
            .trim()
            .to_owned()
    };
    let calls = [
        ("GET api /typed", "typed"),
        ("GET api /text", "text"),
        ("GET api /untyped", "untyped"),
    ];
    let bodies = [
        ("json", Some(json!({ "id": "a" }))),
        ("text", Some(json!("{\"id\": \"a\"}"))),
        ("blank", Some(json!(" "))),
        ("absent", None),
    ];
    let mut cases = Vec::new();
    for (state, var) in calls {
        for (kind, body) in &bodies {
            let mut states = states_of(json!({}));
            match body {
                Some(body) => states["result"]["ResponseBody"] = body.clone(),
                None => {
                    states["result"]
                        .as_object_mut()
                        .unwrap()
                        .remove("ResponseBody");
                }
            }
            cases.push(json!({
                "id": format!("{var} {kind}"),
                "expr": body_of(state, var),
                "bindings": { "states": states },
            }));
        }
    }
    let expected = json!({
        "typed json": { "id": "a" },
        "typed text": { "id": "a" },
        "typed blank": null,
        "typed absent": null,
        "text json": { "id": "a" },
        "text text": "{\"id\": \"a\"}",
        "text blank": " ",
        "text absent": null,
        "untyped json": { "id": "a" },
        "untyped text": "{\"id\": \"a\"}",
        "untyped blank": " ",
        "untyped absent": null,
    });
    let results = evaluate(&cases);
    let wrong: Vec<String> = cases
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .filter(|id| results[*id]["ok"] != json!(true) || results[*id]["value"] != expected[*id])
        .map(|id| format!("{id}: want {}, got {}", expected[id], results[id]))
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

//! The generator of valid SFL programs behind `tests/generated.rs`, shared
//! with `tests/fast_parse.rs`: it writes a program from a list of numbers
//! (see `generated.rs` for what it covers and why it reads numbers).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "test code: a panic is a test failure"
)]

use std::fmt::Write as _;

/// Deepest nesting of compound statements.
const MAX_DEPTH: usize = 3;

/// Most HTTP calls in one program, so that the definition stays far below
/// the 1 MiB ASL limit even where every call retries and catches status
/// classes (each `Http.5xx` is 100 error names).
const MAX_CALLS: usize = 14;

/// Most uses of `Http.4xx` / `Http.5xx` in one program, for the same reason.
const MAX_STATUS_CLASSES: usize = 4;

// ---- the generator ----------------------------------------------------------

/// The scalar types the generator writes expressions of.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Ty {
    Str,
    Num,
    Bool,
    /// `"a" | "b"`, the type of `input.kind`.
    Kind,
    /// `"open" | "closed"`, the type of `Order.state`.
    State,
    /// An unchecked value (a response body without `-> Type`).
    Any,
}

impl Ty {
    /// Whether a value of this type may go where `want` is expected.
    fn fits(self, want: Ty) -> bool {
        self == want
            || want == Ty::Any
            || self == Ty::Any
            || (want == Ty::Str && matches!(self, Ty::Kind | Ty::State))
    }
}

/// What a variable holds, which decides what can be read from it.
#[derive(Clone, Debug)]
enum Holds {
    Scalar(Ty),
    /// A response; `true` when typed `-> Order`.
    Response(bool),
    /// `catch … as e`.
    Error,
    /// A `for` element of `input.items`.
    Item,
    /// The result list of `parallel` or `for`.
    Results,
    /// A value of type `Order` (an `emit … wait -> Order` answer or a
    /// `run "arn…"(…) -> Order` output).
    Record,
}

#[derive(Clone, Debug)]
struct Var {
    name: String,
    holds: Holds,
}

/// One block's variables. `inner` marks a `parallel` branch or `for` body:
/// variables from outside it can be read there but not `set`.
#[derive(Default)]
struct Scope {
    vars: Vec<Var>,
    inner: bool,
    /// A distributed `for` body: nothing declared outside it (nor `input`)
    /// may be read there (E0422).
    isolated: bool,
}

struct Endpoint {
    name: String,
}

/// Names Step Functions, JSONata or aslc might trip over, used as variable
/// names before the plain `vN` ones (JSONata function names are renamed in
/// the output; `count_v` is what `count` is renamed to).
const AWKWARD_NAMES: &[&str] = &[
    "count", "sum", "keys", "count_v", "string_", "map", "lookup", "_private", "now_v", "e",
];

const CUSTOM_ERRORS: &[&str] = &[
    "Declined",
    "Custom.Error",
    "Out-Of-Stock",
    "Err_9",
    "Aslc.Mine",
];

const BUILT_IN_ERRORS: &[&str] = &[
    "Http.404",
    "Http.409",
    "Http.429",
    "Http.Socket",
    "Timeout",
    "TaskFailed",
    "Connection.InvalidPrivateConnectionState",
    "\"Aslc.InvalidPathValue\"",
];

struct Gen<'a> {
    choices: &'a [u32],
    at: usize,
    out: String,
    indent: usize,
    scopes: Vec<Scope>,
    endpoints: Vec<Endpoint>,
    named_retry: bool,
    fresh: usize,
    calls: usize,
    status_classes: usize,
    /// Seconds of `wait` still allowed (the workflow's time limit minus
    /// every fixed wait written so far: an over-estimate of any path).
    wait_budget: u64,
    state_names: usize,
    /// What reads of the workflow's input start from: `input`, or in a
    /// distributed `for` body the element that is a copy of it.
    root: String,
    /// An `express` workflow: no `run`, no waiting `emit`.
    express: bool,
}

impl<'a> Gen<'a> {
    fn new(choices: &'a [u32]) -> Self {
        Gen {
            choices,
            at: 0,
            out: String::new(),
            indent: 0,
            scopes: Vec::new(),
            endpoints: Vec::new(),
            named_retry: false,
            fresh: 0,
            calls: 0,
            status_classes: 0,
            wait_budget: 0,
            state_names: 0,
            root: "input".to_owned(),
            express: false,
        }
    }

    /// A number below `n`; 0 (the simplest choice) once the list runs out.
    fn pick(&mut self, n: usize) -> usize {
        let choice = self.choices.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        choice as usize % n.max(1)
    }

    /// True with a chance of one in `n`, false when the list runs out.
    fn one_in(&mut self, n: usize) -> bool {
        self.pick(n) == n - 1
    }

    fn choose<'s>(&mut self, items: &[&'s str]) -> &'s str {
        items[self.pick(items.len())]
    }

    fn line(&mut self, text: &str) {
        for _ in 0..self.indent {
            self.out.push_str("    ");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn fresh_name(&mut self) -> String {
        self.fresh += 1;
        match AWKWARD_NAMES.get(self.fresh - 1) {
            Some(name) if self.one_in(3) => (*name).to_owned(),
            _ => format!("v{}", self.fresh),
        }
    }

    fn declare(&mut self, name: &str, holds: Holds) {
        self.scopes.last_mut().unwrap().vars.push(Var {
            name: name.to_owned(),
            holds,
        });
    }

    fn visible(&self) -> impl Iterator<Item = &Var> {
        let from = self.scopes.iter().rposition(|s| s.isolated).unwrap_or(0);
        self.scopes[from..].iter().flat_map(|s| s.vars.iter())
    }

    /// Variables `set` may change: those declared since the innermost
    /// `parallel` branch or `for` body began.
    fn settable(&self) -> Vec<(String, Ty)> {
        let from = self
            .scopes
            .iter()
            .rposition(|s| s.inner || s.isolated)
            .unwrap_or(0);
        self.scopes[from..]
            .iter()
            .flat_map(|s| s.vars.iter())
            .filter_map(|v| match v.holds {
                Holds::Scalar(ty) => Some((v.name.clone(), ty)),
                _ => None,
            })
            .collect()
    }

    // ---- reads and expressions ------------------------------------------

    /// Every scalar that can be read here, as (expression, type).
    fn reads(&self) -> Vec<(String, Ty)> {
        let r = &self.root;
        let mut reads = vec![
            (format!("{r}.id"), Ty::Str),
            (format!("{r}.n"), Ty::Num),
            (format!("{r}.flag"), Ty::Bool),
            (format!("{r}.kind"), Ty::Kind),
            (format!("{r}[\"type\"]"), Ty::Str),
            (format!("({r}.opt ?? \"none\")"), Ty::Str),
            (format!("len({r}.tags)"), Ty::Num),
            (format!("len({r}.items)"), Ty::Num),
        ];
        for var in self.visible() {
            let n = &var.name;
            match var.holds {
                Holds::Scalar(ty) => reads.push((n.clone(), ty)),
                Holds::Response(typed) => {
                    reads.push((format!("{n}.status"), Ty::Num));
                    reads.push((format!("{n}.status_text"), Ty::Str));
                    if typed {
                        reads.push((format!("{n}.body.id"), Ty::Str));
                        reads.push((format!("{n}.body.total"), Ty::Num));
                        reads.push((format!("{n}.body.state"), Ty::State));
                        reads.push((format!("len({n}.body.lines)"), Ty::Num));
                    } else {
                        reads.push((format!("{n}.body"), Ty::Any));
                        reads.push((format!("{n}.body.anything"), Ty::Any));
                    }
                }
                Holds::Error => {
                    reads.push((format!("{n}.error"), Ty::Str));
                    reads.push((format!("{n}.cause"), Ty::Str));
                }
                Holds::Item => {
                    reads.push((format!("{n}.sku"), Ty::Str));
                    reads.push((format!("{n}.qty"), Ty::Num));
                }
                Holds::Results => reads.push((format!("len({n})"), Ty::Num)),
                Holds::Record => {
                    reads.push((format!("{n}.id"), Ty::Str));
                    reads.push((format!("{n}.total"), Ty::Num));
                    reads.push((format!("{n}.state"), Ty::State));
                    reads.push((format!("len({n}.lines)"), Ty::Num));
                }
            }
        }
        reads
    }

    fn read_of(&mut self, want: Ty) -> Option<String> {
        let fitting: Vec<String> = self
            .reads()
            .into_iter()
            .filter(|(_, ty)| ty.fits(want))
            .map(|(e, _)| e)
            .collect();
        if fitting.is_empty() {
            None
        } else {
            let i = self.pick(fitting.len());
            Some(fitting[i].clone())
        }
    }

    /// A read of a path-safe scalar (not a list or record), for
    /// interpolation into a request path or a string.
    fn scalar_read(&mut self) -> String {
        let all: Vec<String> = self.reads().into_iter().map(|(e, _)| e).collect();
        let i = self.pick(all.len());
        all[i].clone()
    }

    fn string_literal(&mut self, depth: usize) -> String {
        let mut s = String::from("\"");
        for _ in 0..self.pick(4) {
            match self.pick(12) {
                0 => s.push_str("text"),
                1 => s.push_str(" and "),
                2 => s.push_str("\\n\\t\\\"\\\\"),
                3 => s.push_str("\\u{e9}\\u{1F600}"),
                4 => s.push_str("{{braces}}"),
                5 => s.push_str("ünïcödé ✓"),
                6 => s.push_str("${{NotASubstitution}}"),
                7 => s.push_str("$x %s 100%"),
                8 => s.push_str("{{% not jsonata %}}"),
                _ if depth < 2 => {
                    let value = self.scalar_read();
                    write!(s, "{{{value}}}").unwrap();
                }
                _ => s.push('-'),
            }
        }
        s.push('"');
        s
    }

    fn number_literal(&mut self) -> String {
        self.choose(&["0", "1", "42", "2.5", "1e3", "100", "7", "0.001"])
            .to_owned()
    }

    fn expr(&mut self, want: Ty, depth: usize) -> String {
        let leaf = depth >= 3 || self.pick(3) == 0;
        if leaf {
            return self.leaf(want, depth);
        }
        let d = depth + 1;
        match want {
            Ty::Str => match self.pick(6) {
                0 => format!("upper({})", self.expr(Ty::Str, d)),
                1 => format!("lower({})", self.expr(Ty::Str, d)),
                2 => format!("string({})", self.expr(Ty::Num, d)),
                3 => self.choose(&["uuid()", "now()"]).to_owned(),
                4 => format!("({}.opt ?? {})", self.root.clone(), self.expr(Ty::Str, d)),
                _ => self.string_literal(d),
            },
            Ty::Num => match self.pick(6) {
                0 => {
                    let op = self.choose(&["+", "-", "*", "/", "%"]);
                    format!("{} {op} {}", self.expr(Ty::Num, d), self.expr(Ty::Num, d))
                }
                1 => format!("-({})", self.expr(Ty::Num, d)),
                2 => format!("len({})", self.expr(Ty::Str, d)),
                3 => format!("({})", self.expr(Ty::Num, d)),
                4 => format!("number(string({}))", self.expr(Ty::Num, d)),
                _ => self.leaf(Ty::Num, d),
            },
            Ty::Bool => self.condition(d),
            Ty::Kind | Ty::State | Ty::Any => self.leaf(want, d),
        }
    }

    fn leaf(&mut self, want: Ty, depth: usize) -> String {
        if self.pick(2) == 0
            && let Some(read) = self.read_of(want)
        {
            return read;
        }
        match want {
            Ty::Str => self.string_literal(depth),
            Ty::Num => self.number_literal(),
            Ty::Bool => self.choose(&["true", "false"]).to_owned(),
            Ty::Kind => self.choose(&["\"a\"", "\"b\""]).to_owned(),
            Ty::State => self.choose(&["\"open\"", "\"closed\""]).to_owned(),
            Ty::Any => self.value(depth),
        }
    }

    /// A `string` expression that is not of a union type, to compare with
    /// any string (comparing a union with a string outside it is an error).
    fn plain_string(&mut self, depth: usize) -> String {
        let plain: Vec<String> = self
            .reads()
            .into_iter()
            .filter(|(_, ty)| *ty == Ty::Str)
            .map(|(e, _)| e)
            .collect();
        if self.pick(2) == 0 {
            plain[self.pick(plain.len())].clone()
        } else {
            format!("lower({})", self.expr(Ty::Str, depth + 1))
        }
    }

    /// A `bool` expression that is not a literal (so that the checker cannot
    /// tell which way it goes).
    fn condition(&mut self, depth: usize) -> String {
        let d = depth + 1;
        if depth >= 3 {
            return self
                .read_of(Ty::Bool)
                .unwrap_or_else(|| format!("{}.flag", self.root));
        }
        match self.pick(10) {
            0 => {
                let op = self.choose(&["<", "<=", ">", ">=", "==", "!="]);
                format!("{} {op} {}", self.expr(Ty::Num, d), self.expr(Ty::Num, d))
            }
            1 => format!("{} == {}", self.plain_string(d), self.string_literal(d)),
            2 => {
                let member = self.choose(&["\"a\"", "\"b\""]);
                format!("{}.kind != {member}", self.root)
            }
            3 => format!("not ({})", self.condition(d)),
            4 => {
                let op = self.choose(&["and", "or"]);
                format!("{} {op} {}", self.condition(d), self.condition(d))
            }
            5 => format!(
                "contains({}, {})",
                self.expr(Ty::Str, d),
                self.string_literal(d)
            ),
            6 => format!("starts_with({}, \"x\")", self.expr(Ty::Str, d)),
            7 => format!("exists({}.opt)", self.root),
            8 => format!("{} in [\"a\", \"b\", \"c\"]", self.plain_string(d)),
            _ => self
                .read_of(Ty::Bool)
                .unwrap_or_else(|| format!("{}.flag", self.root)),
        }
    }

    /// Any JSON-ish value: an object, a list or a scalar.
    fn value(&mut self, depth: usize) -> String {
        let d = depth + 1;
        if depth >= 3 {
            return self.expr(Ty::Num, d);
        }
        match self.pick(5) {
            0 => self.object(d),
            1 => {
                let items: Vec<String> = (0..self.pick(3)).map(|_| self.value(d)).collect();
                format!("[{}]", items.join(", "))
            }
            2 => "null".to_owned(),
            _ => {
                let ty = [Ty::Str, Ty::Num, Ty::Bool][self.pick(3)];
                self.expr(ty, d)
            }
        }
    }

    fn object(&mut self, depth: usize) -> String {
        let keys = [
            "id",
            "\"with space\"",
            "\"k-2\"",
            "type",
            "\"Ref\"",
            "\"${{key}}\"",
            "next",
        ];
        let mut used = Vec::new();
        let mut entries = Vec::new();
        for _ in 0..self.pick(4) {
            let key = keys[self.pick(keys.len())];
            if used.contains(&key) {
                continue;
            }
            used.push(key);
            let value = self.value(depth + 1);
            entries.push(format!("{key}: {value}"));
        }
        format!("{{ {} }}", entries.join(", "))
    }

    // ---- items --------------------------------------------------------------

    fn program(&mut self) -> String {
        self.endpoints_and_retry();
        let timeout = self.pick(4);
        let (clause, budget) = match timeout {
            1 => (" timeout 1h", 3_600),
            2 => (" timeout 1m express", 60),
            3 => (" express", 300),
            _ => ("", 365 * 24 * 3_600),
        };
        self.wait_budget = budget;
        self.express = clause.contains("express");
        let header = if self.one_in(4) {
            "workflow generated(input: Input)".to_owned()
        } else {
            "/// A generated workflow.\nworkflow generated(input: Input)".to_owned()
        };
        let items = std::mem::take(&mut self.out);
        self.line(&format!("{header}{clause} {{"));
        self.scopes.push(Scope::default());
        self.indent += 1;
        self.block_body(0);
        self.indent -= 1;
        self.scopes.pop();
        self.line("}");
        let workflow = std::mem::take(&mut self.out);
        format!("{workflow}\n{TYPES}\n{items}")
    }

    fn endpoints_and_retry(&mut self) {
        let count = 1 + self.pick(3);
        for i in 0..count {
            let name = ["billing", "orders", "notify"][i].to_owned();
            self.endpoint(&name, i);
            self.endpoints.push(Endpoint { name });
        }
        if self.one_in(4) {
            // Fits the narrower pattern of a file with a `private gateway`.
            self.param_item("StateMachineName", "generated-dev");
        }
        if self.one_in(8) {
            // Declared and never used: W0040, a warning.
            self.param_item("Unused", "x");
        }
        if self.pick(2) == 0 {
            self.named_retry = true;
            self.line("retry transient {");
            self.line("    on        Http.Socket, Http.429, Timeout");
            self.line("    attempts  4");
            self.line("    interval  2s");
            self.line("    backoff   2");
            self.line("    max_delay 30s");
            self.line("    jitter    full");
            self.line("}");
        }
    }

    /// `param Name [= "default"]`, sometimes with a doc comment; a
    /// parameter without a default is checked without a value.
    fn param_item(&mut self, name: &str, default: &str) {
        if self.one_in(3) {
            self.line("/// A stage parameter.");
        }
        if self.one_in(4) {
            self.line(&format!("param {name}"));
        } else {
            self.line(&format!("param {name} = \"{default}\""));
        }
    }

    fn endpoint(&mut self, name: &str, index: usize) {
        const LATTICE: &str = "arn:aws:vpc-lattice:eu-west-1:111122223333:resourceconfiguration/rcfg-0123456789abcdef";
        const CONNECTION: &str = "arn:aws:events:eu-west-1:111122223333:connection";
        let base = ["", "/v1", "/api/v2/"][self.pick(3)];
        let cap = capitalised(name);
        // A stage parameter in the url: the whole host, one label of it, or
        // the base path (each parameter used for one kind of value, E0562).
        let url = match self.pick(6) {
            0 => {
                let param = format!("{cap}Host");
                self.param_item(&param, &format!("{name}.example.com"));
                format!("https://{{{param}}}{base}")
            }
            1 => {
                let param = format!("{cap}Env");
                self.param_item(&param, "dev");
                format!("https://{name}.{{{param}}}.example.com{base}")
            }
            2 => {
                let param = format!("{cap}Stage");
                let default = self.choose(&["prod", "v1/stage_2", "a.b~c-d"]);
                self.param_item(&param, default);
                format!("https://{name}.example.com/{{{param}}}")
            }
            _ => format!("https://{name}.example.com{base}"),
        };
        self.line(&format!("endpoint {name} {{"));
        self.line(&format!("    url \"{url}\""));
        match self.pick(5) {
            0 => {
                if self.one_in(3) {
                    self.line(&format!("    private param(\"{cap}Rcfg\")"));
                } else {
                    self.line(&format!("    private \"{LATTICE}{index}\""));
                }
                let value = if self.pick(2) == 0 {
                    format!("secret(\"{name}/api-key\")")
                } else {
                    format!("param(\"{}ApiKey\")", capitalised(name))
                };
                self.line(&format!("    auth api_key \"x-api-key\" = {value}"));
                if self.pick(2) == 0 {
                    self.line("    headers { \"X-Source\": \"stepfunctions\" }");
                    self.line("    query { tenant: \"acme\" }");
                }
            }
            1 => {
                self.line("    private gateway {");
                self.line("        vpc             \"vpc-0a1b2c3d\"");
                self.line("        subnets         [\"subnet-0a1b2c3d\", \"subnet-0c2d3e4f\"]");
                self.line("        security_groups [\"sg-0e3f4a5b\"]");
                self.line("    }");
                self.line("    auth basic {");
                self.line("        username \"stepfunctions\"");
                self.line(&format!(
                    "        password secret(\"{name}/basic\", \"password\")"
                ));
                self.line("    }");
            }
            2 => {
                self.line(&format!("    private \"{LATTICE}{index}\""));
                self.line("    auth oauth {");
                self.line("        token_url     \"https://login.example.com/oauth2/token\"");
                self.line("        client_id     \"aslc\"");
                self.line(&format!(
                    "        client_secret secret(\"{name}/oauth\", \"client_secret\")"
                ));
                if self.pick(2) == 0 {
                    self.line("        method        POST");
                    self.line("        scope         \"read write\"");
                    self.line("        audience      \"https://api.example.com\"");
                }
                self.line("    }");
            }
            3 if self.one_in(2) => {
                self.line(&format!("    connection param(\"{cap}Connection\")"));
            }
            _ => {
                self.line(&format!(
                    "    connection \"{CONNECTION}/{name}/0b8e1f3c-1111-2222-3333-44445555666{index}\""
                ));
            }
        }
        self.line("}");
    }

    // ---- statements ---------------------------------------------------------

    /// Writes a block's statements; returns whether the block always ends
    /// (with `fail`, `return` or `succeed`), so that nothing may follow it.
    fn block_body(&mut self, depth: usize) -> bool {
        let count = self.pick(if depth == 0 { 7 } else { 4 });
        for _ in 0..count {
            if self.statement(depth) {
                return true;
            }
        }
        // Sometimes end the block on purpose.
        match self.pick(8) {
            0 => {
                let value = self.value(1);
                self.line(&format!("return {value}"));
                true
            }
            1 if depth > 0 => {
                self.fail();
                true
            }
            2 if depth > 0 => {
                self.line("succeed");
                true
            }
            _ => false,
        }
    }

    /// A block in braces with its own scope. `inner`: a `parallel` branch
    /// or `for` body. Returns whether it always ends.
    fn block(&mut self, opening: &str, depth: usize, inner: bool, vars: Vec<Var>) -> bool {
        self.line(&format!("{opening} {{"));
        self.scopes.push(Scope {
            vars,
            inner,
            isolated: false,
        });
        self.indent += 1;
        let ends = self.block_body(depth + 1);
        self.indent -= 1;
        self.scopes.pop();
        ends
    }

    /// One statement; returns whether it always ends.
    fn statement(&mut self, depth: usize) -> bool {
        if self.one_in(6) {
            self.line("/// A doc comment for the next state.");
        }
        let compound = depth < MAX_DEPTH;
        match self.pick(if compound { 17 } else { 8 }) {
            0 => self.let_value(),
            1 => self.set(),
            2 | 3 => self.call(depth),
            4 => self.wait(),
            5 => self.let_value(),
            6 => self.emit(depth),
            7 => self.run_arn(depth),
            8 => return self.if_else(depth),
            9 => return self.match_statement(depth),
            10 => self.while_loop(depth),
            11 | 12 => self.for_loop(depth),
            13 => self.parallel(depth),
            14 | 15 => return self.try_catch(depth),
            _ => self.call(depth),
        }
        false
    }

    fn let_value(&mut self) {
        let ty = [Ty::Str, Ty::Num, Ty::Bool][self.pick(3)];
        // `let` fixes the type: a string variable gets a value of type
        // `string`, not a union, so that any string may be `set` later.
        let value = match ty {
            Ty::Str => match self.pick(3) {
                0 => self.plain_string(0),
                1 => self.string_literal(0),
                _ => format!("upper({})", self.expr(Ty::Str, 1)),
            },
            _ => self.expr(ty, 0),
        };
        let name = self.fresh_name();
        self.line(&format!("let {name} = {value}"));
        self.declare(&name, Holds::Scalar(ty));
    }

    fn set(&mut self) {
        let settable = self.settable();
        if settable.is_empty() {
            return self.let_value();
        }
        let (name, ty) = settable[self.pick(settable.len())].clone();
        let value = self.expr(ty, 0);
        self.line(&format!("set {name} = {value}"));
    }

    fn wait(&mut self) {
        let seconds = [1, 5, 30, 90][self.pick(4)];
        if self.pick(4) == 0 || seconds > self.wait_budget {
            let at = format!("wait until {}.at", self.root);
            self.line(&at);
        } else {
            self.wait_budget -= seconds;
            let text = if seconds % 60 == 0 {
                format!("{}m", seconds / 60)
            } else {
                format!("{seconds}s")
            };
            self.line(&format!("wait {text}"));
        }
    }

    fn fail(&mut self) {
        let error = self.choose(CUSTOM_ERRORS);
        let error = if self.one_in(5) {
            let value = self
                .read_of(Ty::Str)
                .unwrap_or_else(|| format!("{}.id", self.root));
            format!("{error}{{{value}}}")
        } else {
            error.to_owned()
        };
        if self.pick(2) == 0 {
            self.line(&format!("fail \"{error}\""));
        } else {
            let cause = self.string_literal(1);
            self.line(&format!("fail \"{error}\" {cause}"));
        }
    }

    fn path(&mut self) -> String {
        let mut path = String::new();
        for _ in 0..=self.pick(3) {
            match self.pick(5) {
                0 | 1 => {
                    let value = self.scalar_read();
                    write!(path, "/{{{value}}}").unwrap();
                }
                2 => write!(path, "/items-{{{}.n + 1}}", self.root).unwrap(),
                3 => path.push_str("/a.b_c~d"),
                _ => path.push_str("/orders"),
            }
        }
        if self.one_in(4) {
            path.push('/');
        }
        path
    }

    fn call(&mut self, depth: usize) {
        if self.calls >= MAX_CALLS {
            return self.let_value();
        }
        self.calls += 1;
        let which = self.pick(self.endpoints.len());
        let endpoint = self.endpoints[which].name.clone();
        let method = self.choose(&["GET", "POST", "PUT", "PATCH", "DELETE"]);
        let path = self.path();
        let typed = self.pick(2) == 0;
        let response = if typed { " -> Order" } else { "" };
        let binding = if self.pick(3) == 0 {
            None
        } else {
            Some(self.fresh_name())
        };
        let prefix = binding
            .as_ref()
            .map(|name| format!("let {name} = "))
            .unwrap_or_default();
        let head = format!("{prefix}{method} {endpoint} \"{path}\"{response}");
        if self.pick(3) == 0 {
            self.line(&head);
        } else {
            self.line(&format!("{head} {{"));
            self.indent += 1;
            let handlers_end = self.call_options(depth);
            self.indent -= 1;
            self.line("}");
            if !handlers_end {
                // The call may have failed into a handler that carries on:
                // the variable is not available after it.
                return;
            }
        }
        if let Some(name) = binding {
            self.declare(&name, Holds::Response(typed));
        }
    }

    /// Writes a call's options; returns whether every `catch` handler ends.
    fn call_options(&mut self, depth: usize) -> bool {
        if self.pick(2) == 0 {
            let entries: Vec<String> = (0..=self.pick(3))
                .map(|i| {
                    let ty = [Ty::Str, Ty::Num, Ty::Bool][self.pick(3)];
                    format!(
                        "{}: {}",
                        ["page", "\"filter[x]\"", "q"][i % 3],
                        self.expr(ty, 1)
                    )
                })
                .collect();
            self.line(&format!("query {{ {} }}", entries.join(", ")));
        } else if self.one_in(6) {
            let labels = format!("query {}.labels", self.root);
            self.line(&labels);
        }
        if self.pick(2) == 0 {
            let value = self.expr(Ty::Str, 1);
            self.line(&format!("headers {{ \"X-Request-Id\": {value} }}"));
        }
        if self.pick(2) == 0 {
            let body = if self.pick(2) == 0 {
                self.object(1)
            } else {
                self.value(1)
            };
            self.line(&format!("body {body}"));
            if self.one_in(6) {
                self.line("encoding form");
            }
        }
        if self.pick(3) == 0 {
            let seconds = 1 + self.pick(60);
            self.line(&format!("timeout {seconds}s"));
        }
        self.name_retries_and_catches(depth)
    }

    /// Writes a Task's `name`, `retry` and `catch` options; returns whether
    /// every `catch` handler ends.
    fn name_retries_and_catches(&mut self, depth: usize) -> bool {
        if self.one_in(5) {
            self.state_names += 1;
            let n = self.state_names;
            self.line(&format!("name \"Named call {n}\""));
        }
        for _ in 0..self.pick(3) {
            if self.named_retry && self.pick(2) == 0 {
                self.line("retry transient");
            } else {
                let errors = self.error_list(false);
                let extra = [
                    "",
                    " interval 1s",
                    " interval 3s backoff 1.5 max_delay 60s jitter full",
                ][self.pick(3)];
                let attempts = self.pick(5);
                self.line(&format!("retry on {errors} attempts {attempts}{extra}"));
            }
        }
        let mut all_end = true;
        let handlers = self.pick(3);
        for i in 0..handlers {
            let last = i + 1 == handlers;
            let errors = if last && self.one_in(3) {
                "any".to_owned()
            } else {
                self.error_list(true)
            };
            all_end &= self.handler(&format!("catch {errors}"), depth);
            self.line("}");
        }
        all_end
    }

    /// `[let x =] emit BUS SOURCE TYPE DETAIL [wait …] [{ options }]`.
    fn emit(&mut self, depth: usize) {
        if self.calls >= MAX_CALLS {
            return self.let_value();
        }
        self.calls += 1;
        let bus = self.choose(&[
            "default",
            "\"approvals\"",
            "\"team/audit_events.v2-x\"",
            "\"arn:aws:events:eu-west-1:111122223333:event-bus/approvals\"",
        ]);
        // A literal source or detail-type is checked (non-empty, no `aws.`
        // prefix): literals here are fixed ones or have text around a value.
        let source = match self.pick(3) {
            0 => "\"com.example.generated\"".to_owned(),
            1 => format!("\"com.example.{{{}}}\"", self.scalar_read()),
            _ => self.plain_string(1),
        };
        let detail_type = match self.pick(3) {
            0 => "\"OrderSeen\"".to_owned(),
            1 => format!("\"Seen {{{}}}\"", self.scalar_read()),
            _ => self.plain_string(1),
        };
        // `v (x)` is a call of `v`: a detail-type that starts with `(`
        // would join the source, so it goes inside a function's parentheses.
        let detail_type = if detail_type.starts_with('(') {
            format!("lower{detail_type}")
        } else {
            detail_type
        };
        let detail = if self.one_in(4) {
            format!("{}.labels", self.root)
        } else {
            self.object(1)
        };
        let waits = !self.express && self.pick(2) == 0;
        let mut head = format!("emit {bus} {source} {detail_type} {detail}");
        let mut typed = false;
        let mut needs_block = false;
        if waits {
            head.push_str(" wait");
            let timeout = self.pick(5);
            if timeout > 0 {
                let text = ["", "30s", "5m", "1h", "2d"][timeout];
                write!(head, " timeout {text}").unwrap();
                // A heartbeat shorter than the timeout (E0626).
                let beat = self.pick(timeout + 1);
                if beat > 0 {
                    let text = ["10s", "1m", "30m", "1d"][beat - 1];
                    write!(head, " heartbeat {text}").unwrap();
                }
            }
            typed = self.pick(2) == 0;
            if typed {
                head.push_str(" -> Order");
            }
            // `wait` needs something after it.
            needs_block = timeout == 0 && !typed;
        }
        // Only a waiting, typed `emit` gives a value (E0624, E0625).
        let binding = (typed && self.pick(3) != 0).then(|| self.fresh_name());
        if let Some(name) = &binding {
            head = format!("let {name} = {head}");
        }
        if !needs_block && self.pick(2) == 0 {
            self.line(&head);
        } else {
            self.line(&format!("{head} {{"));
            self.indent += 1;
            let handlers_end = self.name_retries_and_catches(depth);
            self.indent -= 1;
            self.line("}");
            if !handlers_end {
                return;
            }
        }
        if let Some(name) = binding {
            self.declare(&name, Holds::Record);
        }
    }

    /// `[let r =] run "arn:…:stateMachine:…"(input) -> T [{ options }]`:
    /// a state machine given by its ARN (not in an Express workflow, E0604).
    fn run_arn(&mut self, depth: usize) {
        if self.express || self.calls >= MAX_CALLS {
            return self.emit(depth);
        }
        self.calls += 1;
        let machine = self.choose(&[
            "fraud_check",
            "Child-Flow_2",
            "fraud_check:prod",
            "fraud_check:7",
        ]);
        let input = match self.pick(4) {
            0 => String::new(),
            1 => self.root.clone(),
            2 => self.object(1),
            _ => self.value(1),
        };
        let typed = self.pick(2) == 0;
        let response = if typed { "Order" } else { "any" };
        let binding = (self.pick(3) != 0).then(|| self.fresh_name());
        let prefix = binding
            .as_ref()
            .map(|name| format!("let {name} = "))
            .unwrap_or_default();
        let head = format!(
            "{prefix}run \"arn:aws:states:eu-west-1:111122223333:stateMachine:{machine}\"({input}) -> {response}"
        );
        if self.pick(3) == 0 {
            self.line(&head);
        } else {
            self.line(&format!("{head} {{"));
            self.indent += 1;
            if self.pick(2) == 0 {
                let timeout = ["30s", "10m", "2h"][self.pick(3)];
                self.line(&format!("timeout {timeout}"));
            }
            let handlers_end = self.name_retries_and_catches(depth);
            self.indent -= 1;
            self.line("}");
            if !handlers_end {
                return;
            }
        }
        if let Some(name) = binding {
            let holds = if typed {
                Holds::Record
            } else {
                Holds::Scalar(Ty::Any)
            };
            self.declare(&name, holds);
        }
    }

    /// A list of error names for `retry on` or `catch`, never `any`.
    fn error_list(&mut self, custom: bool) -> String {
        let mut names: Vec<String> = Vec::new();
        for _ in 0..=self.pick(2) {
            let name = match self.pick(6) {
                0 if self.status_classes < MAX_STATUS_CLASSES => {
                    self.status_classes += 1;
                    self.choose(&["Http.4xx", "Http.5xx"]).to_owned()
                }
                1 if custom => format!("\"{}\"", self.choose(CUSTOM_ERRORS)),
                _ => self.choose(BUILT_IN_ERRORS).to_owned(),
            };
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names.join(", ")
    }

    /// A `catch` handler, with `as e` sometimes; returns whether it ends.
    fn handler(&mut self, opening: &str, depth: usize) -> bool {
        let mut vars = Vec::new();
        let mut opening = opening.to_owned();
        if self.pick(2) == 0 {
            let name = self.fresh_name();
            write!(opening, " as {name}").unwrap();
            vars.push(Var {
                name,
                holds: Holds::Error,
            });
        }
        self.block(&opening, depth, false, vars)
    }

    fn if_else(&mut self, depth: usize) -> bool {
        let condition = self.condition(0);
        let mut all_end = self.block(&format!("if {condition}"), depth, false, Vec::new());
        for _ in 0..self.pick(3) {
            let condition = self.condition(0);
            all_end &= self.block(&format!("}} else if {condition}"), depth, false, Vec::new());
        }
        let has_else = self.pick(2) == 0;
        if has_else {
            all_end &= self.block("} else", depth, false, Vec::new());
        }
        self.line("}");
        has_else && all_end
    }

    fn match_statement(&mut self, depth: usize) -> bool {
        let (subject, patterns): (String, &[&str]) = match self.pick(3) {
            0 => (
                self.read_of(Ty::Num)
                    .unwrap_or_else(|| format!("{}.n", self.root)),
                &["1", "2", "-3", "4.5"],
            ),
            1 => (format!("{}.kind", self.root), &["\"a\"", "\"b\""]),
            _ => (
                self.plain_string(0),
                &["\"x\"", "\"y\"", "\"\"", "\"with space\""],
            ),
        };
        self.line(&format!("match {subject} {{"));
        self.indent += 1;
        let mut all_end = true;
        let mut left: Vec<&str> = patterns.to_vec();
        for _ in 0..=self.pick(3) {
            if left.is_empty() {
                break;
            }
            let mut arm = vec![left.remove(self.pick(left.len()))];
            if !left.is_empty() && self.one_in(3) {
                arm.push(left.remove(self.pick(left.len())));
            }
            all_end &= self.block(&format!("{} =>", arm.join(" | ")), depth, false, Vec::new());
            self.line("}");
        }
        // A match on a union that names every member is complete, like
        // one with `_` (the checker's rule: the type rules out the rest).
        let complete = subject == format!("{}.kind", self.root) && left.is_empty();
        let wildcard = self.pick(2) == 0;
        if wildcard {
            all_end &= self.block("_ =>", depth, false, Vec::new());
            self.line("}");
        }
        self.indent -= 1;
        self.line("}");
        (wildcard || complete) && all_end
    }

    fn while_loop(&mut self, depth: usize) {
        let counter = self.fresh_name();
        self.line(&format!("let {counter} = 0"));
        self.declare(&counter, Holds::Scalar(Ty::Num));
        let limit = self.expr(Ty::Num, 1);
        self.line(&format!("while {counter} < {limit} {{"));
        self.scopes.push(Scope::default());
        self.indent += 1;
        self.line(&format!("set {counter} = {counter} + 1"));
        self.block_body(depth + 1);
        self.indent -= 1;
        self.scopes.pop();
        self.line("}");
    }

    fn for_loop(&mut self, depth: usize) {
        if self.one_in(3) {
            return self.distributed_for(depth);
        }
        let element = self.fresh_name();
        let (list, holds) = match self.pick(3) {
            0 => (format!("{}.items", self.root), Holds::Item),
            1 => (format!("{}.tags", self.root), Holds::Scalar(Ty::Str)),
            _ => ("[1, 2.5, 3]".to_owned(), Holds::Scalar(Ty::Num)),
        };
        let concurrency = match self.pick(4) {
            0 => String::new(),
            1 => " concurrency 0".to_owned(),
            2 => " concurrency 40".to_owned(),
            _ => format!(" concurrency {}", 1 + self.pick(10)),
        };
        let result = self.pick(2) == 0;
        let result_name = result.then(|| self.fresh_name());
        let prefix = result_name
            .as_ref()
            .map(|n| format!("let {n} = "))
            .unwrap_or_default();
        let vars = vec![Var {
            name: element.clone(),
            holds,
        }];
        self.block(
            &format!("{prefix}for {element} in {list}{concurrency}"),
            depth,
            true,
            vars,
        );
        self.line("}");
        if let Some(name) = result_name {
            self.declare(&name, Holds::Results);
        }
    }

    /// `for x in [input, …] distributed [options] { }`. The body may read
    /// nothing from outside (E0422), so the list holds copies of the input
    /// and the body reads the element where it would read `input`; with
    /// `batch`, the element is a list of copies and reads go through `x[0]`.
    fn distributed_for(&mut self, depth: usize) {
        let element = self.fresh_name();
        let root = self.root.clone();
        let list = match self.pick(3) {
            0 => format!("[{root}]"),
            1 => format!("[{root}, {root}]"),
            _ => format!("[{root}, {root}, {root}]"),
        };
        let mut options = Vec::new();
        if self.pick(2) == 0 {
            let n = [0, 1, 40, 200, 10_000][self.pick(5)];
            options.push(format!("concurrency {n}"));
        }
        match self.pick(3) {
            0 => options.push(format!("tolerate {}%", [0, 5, 50, 100][self.pick(4)])),
            1 => options.push(format!("tolerate {} failures", [0, 1, 10][self.pick(3)])),
            _ => {}
        }
        let batch = self.one_in(3);
        if batch {
            options.push(format!("batch {}", [1, 2, 25][self.pick(3)]));
        }
        // The options come in any order.
        if options.len() > 1 && self.pick(2) == 0 {
            options.rotate_left(1);
        }
        let options = options.iter().map(|o| format!(" {o}")).collect::<String>();
        let result_name = (self.pick(2) == 0).then(|| self.fresh_name());
        let prefix = result_name
            .as_ref()
            .map(|n| format!("let {n} = "))
            .unwrap_or_default();
        self.line(&format!(
            "{prefix}for {element} in {list} distributed{options} {{"
        ));
        let vars = if batch {
            vec![Var {
                name: element.clone(),
                holds: Holds::Results,
            }]
        } else {
            Vec::new()
        };
        self.scopes.push(Scope {
            vars,
            inner: true,
            isolated: true,
        });
        self.root = if batch {
            format!("{element}[0]")
        } else {
            element
        };
        self.indent += 1;
        self.block_body(depth + 1);
        self.indent -= 1;
        self.root = root;
        self.scopes.pop();
        self.line("}");
        if let Some(name) = result_name {
            self.declare(&name, Holds::Results);
        }
    }

    fn parallel(&mut self, depth: usize) {
        let result_name = (self.pick(2) == 0).then(|| self.fresh_name());
        let prefix = result_name
            .as_ref()
            .map(|n| format!("let {n} = "))
            .unwrap_or_default();
        self.line(&format!("{prefix}parallel {{"));
        self.indent += 1;
        for _ in 0..=self.pick(3) {
            self.block("branch", depth, true, Vec::new());
            self.line("}");
        }
        self.indent -= 1;
        self.line("}");
        if let Some(name) = result_name {
            self.declare(&name, Holds::Results);
        }
    }

    fn try_catch(&mut self, depth: usize) -> bool {
        let mut all_end = self.block("try", depth, false, Vec::new());
        let handlers = 1 + self.pick(3);
        for i in 0..handlers {
            let last = i + 1 == handlers;
            let errors = if last && self.one_in(3) {
                "any".to_owned()
            } else {
                self.error_list(true)
            };
            all_end &= self.handler(&format!("}} catch {errors}"), depth);
        }
        self.line("}");
        all_end
    }
}

/// The types every generated program declares: the input, the typed
/// response body (recursive through an optional field) and a list element.
const TYPES: &str = r#"type Input = {
    id: string,
    n: number,
    flag: bool,
    kind: "a" | "b",
    type: string,
    tags: [string],
    items: [Item],
    labels: {string: string},
    opt?: string,
    at: string,
}
type Item = { sku: string, qty: number }
type Order = { id: string, total: number, state: "open" | "closed", lines: [Item], next?: Order }
"#;

fn capitalised(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

/// The program the generator writes for `choices`.
pub fn generate(choices: &[u32]) -> String {
    Gen::new(choices).program()
}

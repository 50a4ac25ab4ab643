//! Stage 3, lower: [`Checked`] → [`StateGraph`].
//!
//! Walks the workflow's statements in source order and builds the states
//! of the definition:
//!
//! | SFL | ASL |
//! |---|---|
//! | HTTP call | Task `arn:aws:states:::http:invoke` (`let x =` → `Assign`) |
//! | `let` / `set` | Pass with `Assign`, or the `Assign` of the state before (`economy`) |
//! | `if` / `match` | one Choice |
//! | `while` | Choice, with the end of the body going back to it |
//! | `parallel` / `for` | Parallel / inline Map; a `return` inside ends the branch or iteration with `Output` |
//! | `try` / `catch` | the same `Catch` entries on every Task, Parallel and Map inside the `try` |
//! | `fail` | Fail; inside a `try`, a Pass to the matching handler (`raise`) |
//! | `wait`, `succeed`, `return` | Wait, Succeed, Succeed with `Output` (or the `Output` and `End` of the state before) |
//!
//! Each statement is lowered to a [`Flow`]: the state control enters by,
//! and the *exits* — the `Next`/`Default`/catcher fields still waiting for
//! whatever comes after the statement. The next statement's entry fills
//! them in; at the end of a machine the plain ones become `End: true` and
//! the others point at a final Succeed. Every state is made once and every
//! exit is filled once, so lowering is linear in the size of the workflow.
//!
//! A workflow, branch or iteration that ends without `return` produces
//! `null`: its final states get `"Output": "{% null %}"`, as does
//! `succeed`.
//!
//! Expressions are translated in [`jsonata`], state names made in
//! [`names`], `retry`/`catch` lowered in `retry`, and `fail` in `raise`;
//! `economy` folds statements into neighbouring states and merges states.
//!
//! `check` has already rejected bad programs; anything lowering cannot
//! handle anyway becomes one internal-error diagnostic (E0902), never a
//! panic.

mod diagnostics;
mod distributed;
mod economy;
pub mod jsonata;
pub mod names;
pub mod plan;
mod raise;
mod retry;
#[cfg(test)]
mod test_ast;
#[cfg(test)]
mod tests;
pub mod vars;

use indexmap::IndexMap;

use self::diagnostics::Internal;
use self::economy::Folded;
use self::jsonata::ast::Node;
use self::jsonata::{Jsonata, Overrides, null_output};
use self::names::StateNames;
use self::plan::EndpointUse;
use self::retry::{Handler, Raises};
use self::vars::VarNames;
use crate::check::Checked;
use crate::check::events::TASK_TOKEN_FIELD;
use crate::check::types::Type;
use crate::diag::Diagnostics;
use crate::graph::{
    Catcher, ChoiceRule, EventsTask, HttpTask, Machine, RuleSource, RunTask, State, StateGraph,
    StateKind, StateMachineRef, Transition, WaitFor, WorkflowKind,
};
use crate::source::Span;
use crate::syntax::ast::{
    Block, Branch, Callee, Emit, Encoding, EventBus, Expr, For, HttpCall, Ident, If, Match,
    Pattern, RunCall, Stmt, StmtKind, Wait,
};

/// Lowers a checked workflow to its state graph. Returns `None` (with an
/// E0902 diagnostic) only when `check` let through something that cannot
/// be lowered.
pub fn lower_workflow(checked: &Checked<'_>, diagnostics: &mut Diagnostics) -> Option<StateGraph> {
    lower_workflow_shared(checked, &plan::Sharing::of(checked.file), diagnostics)
}

/// [`lower_workflow`] with the endpoints' connection sharing decided
/// before `--param` values were filled in ([`plan::Sharing::of`] on the
/// tree as parsed), so builds with different values have one structure.
pub fn lower_workflow_shared(
    checked: &Checked<'_>,
    sharing: &plan::Sharing,
    diagnostics: &mut Diagnostics,
) -> Option<StateGraph> {
    match lower(checked, sharing) {
        Ok(graph) => Some(graph),
        Err(internal) => {
            diagnostics.push(internal.into_diagnostic());
            None
        }
    }
}

fn lower(checked: &Checked<'_>, sharing: &plan::Sharing) -> Result<StateGraph, Internal> {
    let workflow = checked.workflow;
    let vars = VarNames::from_resolved(&checked.resolved);
    let input = workflow
        .input
        .as_ref()
        .map_or("input", |param| param.name.name.as_str());
    let mut names = StateNames::new();
    names::reserve_user_names(&workflow.body, &mut names)?;
    let endpoint_names = plan::EndpointNames::decide(checked, sharing);
    let endpoints = endpoint_names.uses(checked)?;
    let overrides = Overrides::default();
    let mut lowerer = Lowerer {
        checked,
        js: Jsonata::new(input, &vars, checked).with_overrides(&overrides),
        overrides: &overrides,
        bound: std::collections::HashMap::new(),
        vars: &vars,
        names,
        endpoints: &endpoints,
        endpoint_index: endpoints
            .iter()
            .enumerate()
            .map(|(i, e)| (e.name.as_str(), i))
            .collect(),
        catch_stack: Vec::new(),
    };
    let mut states = States::new();
    let flow = lowerer.block(&mut states, &workflow.body)?;
    let mut root = lowerer.finish(states, flow, workflow.body.span)?;
    economy::economise(&mut root);
    verify(&root, workflow.span)?;
    let plan = plan::build(checked, &endpoint_names, &root)?;
    Ok(StateGraph {
        name: workflow.name.name.clone(),
        comment: workflow.doc.as_ref().map(|doc| doc.text.clone()),
        timeout_seconds: workflow.timeout.map(|d| d.seconds),
        kind: if workflow.express.is_some() {
            WorkflowKind::Express
        } else {
            WorkflowKind::Standard
        },
        root,
        plan,
        span: workflow.name.span,
    })
}

/// The states of one machine (top level, branch or iteration) while it is
/// being built, in emission order.
type States = IndexMap<String, State>;

/// A field of a state that still needs a target.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Slot {
    /// The state's `Next` (or `End`).
    Next(String),
    /// `Choices[i].Next` of a Choice.
    Rule(String, usize),
    /// `Default` of a Choice.
    Default(String),
    /// `Catch[i].Next` of a Task, Parallel or Map.
    Catch(String, usize),
}

impl Slot {
    fn state(&self) -> &str {
        match self {
            Slot::Next(name) | Slot::Rule(name, _) | Slot::Default(name) | Slot::Catch(name, _) => {
                name
            }
        }
    }
}

/// What lowering a statement or block produced.
#[derive(Debug, Default)]
struct Flow {
    /// The first state; `None` when nothing was emitted and control passes
    /// straight through (then `exits` is empty).
    entry: Option<String>,
    /// Fields to point at whatever follows.
    exits: Vec<Slot>,
}

impl Flow {
    /// A single state that continues to the next statement.
    fn through(name: String) -> Flow {
        Flow {
            exits: vec![Slot::Next(name.clone())],
            entry: Some(name),
        }
    }

    /// A single state that ends its machine (Fail, Succeed).
    fn terminal(name: String) -> Flow {
        Flow {
            entry: Some(name),
            exits: Vec::new(),
        }
    }
}

struct Lowerer<'a> {
    checked: &'a Checked<'a>,
    js: Jsonata<'a>,
    vars: &'a VarNames,
    names: StateNames,
    endpoints: &'a [EndpointUse],
    /// Endpoint name → position in `endpoints`, so a call finds its
    /// endpoint in constant time.
    endpoint_index: std::collections::HashMap<&'a str, usize>,
    /// The handlers of the `try` statements around the current statement in
    /// the current machine, outermost first. Emptied while lowering a
    /// Parallel branch or Map iteration: errors inside those fail the
    /// Parallel/Map state, which carries the catchers instead.
    catch_stack: Vec<Vec<Handler<'a>>>,
    /// Variables read as other trees for the moment (see `economy`); the
    /// same cell `js` reads.
    overrides: &'a Overrides,
    /// State name → the variables it assigns from its own result, with the
    /// tree a statement folded into it reads each as.
    bound: std::collections::HashMap<String, Vec<(String, Node)>>,
}

impl<'a> Lowerer<'a> {
    fn block(&mut self, states: &mut States, block: &'a Block) -> Result<Flow, Internal> {
        self.stmts(states, &block.stmts, Flow::default())
    }

    /// Lowers `stmts` after what `start` already lowered of the block.
    fn stmts(
        &mut self,
        states: &mut States,
        stmts: &'a [Stmt],
        start: Flow,
    ) -> Result<Flow, Internal> {
        let Flow {
            mut entry,
            exits: mut pending,
        } = start;
        for stmt in stmts {
            if entry.is_some() && pending.is_empty() {
                // Everything before ended the machine: the rest cannot run
                // (check reports it) and would be an unreachable state.
                break;
            }
            if let [Slot::Next(prev)] = pending.as_slice() {
                let prev = prev.clone();
                match self.fold(states, &prev, stmt)? {
                    Folded::No => {}
                    Folded::Continues => continue,
                    Folded::Ends => {
                        pending.clear();
                        continue;
                    }
                }
            }
            let flow = self.stmt(states, stmt)?;
            if let Some(first) = flow.entry {
                for slot in pending.drain(..) {
                    patch(states, &slot, &first)?;
                }
                entry.get_or_insert(first);
                pending = flow.exits;
            }
        }
        Ok(Flow {
            entry,
            exits: pending,
        })
    }

    fn stmt(&mut self, states: &mut States, stmt: &'a Stmt) -> Result<Flow, Internal> {
        let flow = match &stmt.kind {
            StmtKind::Http(call) => self.http(states, stmt, call)?,
            StmtKind::Emit(emit) => self.emit(states, stmt, emit)?,
            StmtKind::Run(run) => self.run(states, stmt, run)?,
            StmtKind::Let { name, value } => self.assign(states, stmt, "Let", name, value)?,
            StmtKind::Set { name, value } => self.assign(states, stmt, "Set", name, value)?,
            StmtKind::If(stmt_if) => self.if_else(states, stmt, stmt_if)?,
            StmtKind::Match(stmt_match) => self.match_arms(states, stmt, stmt_match)?,
            StmtKind::While { cond, body } => self.while_loop(states, stmt, cond, body)?,
            StmtKind::Parallel { binding, branches } => {
                self.parallel(states, stmt, binding.as_ref(), branches)?
            }
            StmtKind::For(stmt_for) => self.for_loop(states, stmt, stmt_for)?,
            StmtKind::Try { body, catches } => self.try_catch(states, body, catches)?,
            StmtKind::Wait(Wait::Duration(duration)) => {
                let name = self.names.fresh(&names::wait(duration.seconds));
                let wait = WaitFor::Seconds(duration.seconds);
                insert(states, &name, state(StateKind::Wait(wait), stmt.span))?;
                Flow::through(name)
            }
            StmtKind::Wait(Wait::Seconds(expr)) => {
                let name = self.names.fresh(&names::with_expr("Wait", expr));
                let wait = WaitFor::ComputedSeconds(self.js.wait_seconds(expr)?);
                insert(states, &name, state(StateKind::Wait(wait), stmt.span))?;
                Flow::through(name)
            }
            StmtKind::Wait(Wait::Until(expr)) => {
                let name = self.names.fresh(&names::with_expr("Wait until", expr));
                let wait = WaitFor::Timestamp(self.js.expression(expr)?);
                insert(states, &name, state(StateKind::Wait(wait), stmt.span))?;
                Flow::through(name)
            }
            StmtKind::Fail { error, cause } => {
                self.fail(states, stmt.span, error, cause.as_ref())?
            }
            StmtKind::Succeed => {
                let name = self.names.fresh("Succeed");
                let mut succeed = state(StateKind::Succeed, stmt.span);
                succeed.output = Some(null_output());
                insert(states, &name, succeed)?;
                Flow::terminal(name)
            }
            StmtKind::Return(expr) => {
                let name = self.names.fresh(&names::with_expr("Return", expr));
                let mut succeed = state(StateKind::Succeed, stmt.span);
                succeed.output = Some(self.js.output(expr)?);
                insert(states, &name, succeed)?;
                Flow::terminal(name)
            }
        };
        // The doc comment goes on the statement's first state: the Task,
        // the Choice, … (for a `try`, the first state inside it).
        if let (Some(doc), Some(entry)) = (&stmt.doc, &flow.entry)
            && let Some(first) = states.get_mut(entry)
            && first.comment.is_none()
        {
            first.comment = Some(doc.text.clone());
        }
        Ok(flow)
    }

    /// `let x = e` / `set x = e`: a Pass that assigns.
    fn assign(
        &mut self,
        states: &mut States,
        stmt: &Stmt,
        keyword: &str,
        name: &Ident,
        value: &Expr,
    ) -> Result<Flow, Internal> {
        let state_name = self.names.fresh(&names::assign(keyword, name));
        let mut pass = state(StateKind::Pass, stmt.span);
        pass.assign.insert(self.var(name), self.js.value(value)?);
        insert(states, &state_name, pass)?;
        Ok(Flow::through(state_name))
    }

    fn var(&self, name: &Ident) -> String {
        self.vars.asl(&name.name).to_owned()
    }

    fn http(
        &mut self,
        states: &mut States,
        stmt: &Stmt,
        call: &'a HttpCall,
    ) -> Result<Flow, Internal> {
        let name = match &call.options.name {
            Some(given) => given.value.clone(),
            None => self.names.fresh(&names::http(call)),
        };
        let endpoint_name = call.endpoint.name.as_str();
        let endpoint = self
            .endpoint_index
            .get(endpoint_name)
            .and_then(|&i| self.endpoints.get(i))
            .ok_or_else(|| {
                Internal::new(
                    call.endpoint.span,
                    format!("the call uses `{endpoint_name}`, which is not a declared endpoint"),
                )
            })?;
        let (api_endpoint, url_pattern) = self.js.url(&endpoint.url, &call.path)?;
        let options = &call.options;
        let url_encoded = options
            .encoding
            .is_some_and(|encoding| encoding.value == Encoding::Form);
        let retry = self.retriers(call.id, &call.options, call.endpoint.span)?;
        let mut own = options
            .catches
            .iter()
            .map(|c| self.handler(c))
            .collect::<Result<Vec<_>, _>>()?;
        let catch = self.catchers(&name, Raises::Builtin, &mut own);
        let guard = match self.js.bad_path_value(&call.path)? {
            Some(bad) => {
                let guard = self.names.fresh(&format!("Check path of {name}"));
                Some((guard, bad))
            }
            None => None,
        };
        let task = HttpTask {
            endpoint: endpoint.name.clone(),
            method: call.method,
            api_endpoint,
            url_pattern,
            connection: endpoint.connection.clone(),
            headers: if url_encoded {
                Some(self.js.form_headers(options.headers.as_ref())?)
            } else {
                options
                    .headers
                    .as_ref()
                    .map(|e| self.js.params(e))
                    .transpose()?
            },
            query: options
                .query
                .as_ref()
                .map(|e| self.js.query(e))
                .transpose()?,
            body: options
                .body
                .as_ref()
                .map(|e| self.js.value(e))
                .transpose()?,
            url_encoded,
            timeout_seconds: options.timeout.map(|d| d.seconds),
            retry,
            catch,
        };
        let mut task_state = state(StateKind::Http(task), stmt.span);
        if let Some(binding) = &call.binding {
            let response = jsonata::response(self.parses_body(call));
            let var = self.var(binding);
            task_state
                .assign
                .insert(var.clone(), jsonata::template_of(&response));
            self.bind(&name, var, response);
        }
        // The guard goes in first, so the definition reads in the order
        // control takes.
        let entry = match guard {
            Some((guard, bad)) => {
                self.path_guard(states, &guard, &name, bad, &mut own, call.path.span)?;
                guard
            }
            None => name.clone(),
        };
        insert(states, &name, task_state)?;
        let mut exits = vec![Slot::Next(name.clone())];
        // The call's own handlers are inside any enclosing `try`, so they
        // are lowered with the current catch stack.
        self.handlers(states, own, &mut exits)?;
        Ok(Flow {
            entry: Some(entry),
            exits,
        })
    }

    /// `emit`: one `PutEvents` Task. A waiting `emit` adds the task token
    /// to the detail and binds the answer (`$states.result`, the output the
    /// receiver sent with `SendTaskSuccess`).
    fn emit(&mut self, states: &mut States, stmt: &Stmt, emit: &'a Emit) -> Result<Flow, Internal> {
        let name = match &emit.options.name {
            Some(given) => given.value.clone(),
            None => self.names.fresh(&names::emit(emit)),
        };
        let bus = match &emit.bus {
            EventBus::Default(_) => "default".to_owned(),
            EventBus::Named(lit) => lit.value.clone(),
            // `emit approvals …`: the value of `bus approvals = "…"`.
            EventBus::Ref(name) => match self.checked.file.bus(&name.name) {
                Some(bus) => bus.value.value.clone(),
                None => {
                    return Err(Internal::new(
                        name.span,
                        "an `emit` names an undeclared bus",
                    ));
                }
            },
        };
        let token = emit.wait.as_ref().map(|_| TASK_TOKEN_FIELD);
        let entry = serde_json::json!({
            "Detail": self.js.event_detail(&emit.detail, token)?,
            "DetailType": self.js.value(&emit.detail_type)?,
            "EventBusName": bus,
            "Source": self.js.value(&emit.source)?,
        });
        let retry = self.retriers(emit.id, &emit.options, emit.bus.span())?;
        let mut own = emit
            .options
            .catches
            .iter()
            .map(|c| self.handler(c))
            .collect::<Result<Vec<_>, _>>()?;
        // A receiver's `SendTaskFailure` may name any error, and a failed
        // entry is `EventBridge.FailedEntry`, neither a `States.` name.
        let catch = self.catchers(&name, Raises::Anything, &mut own);
        let task = EventsTask {
            entry,
            wait: emit.wait.is_some(),
            timeout_seconds: emit
                .wait
                .as_ref()
                .and_then(|w| w.timeout)
                .map(|d| d.seconds),
            heartbeat_seconds: emit
                .wait
                .as_ref()
                .and_then(|w| w.heartbeat)
                .map(|d| d.seconds),
            retry,
            catch,
        };
        let task_state = state(StateKind::Events(task), stmt.span);
        let bound = emit.binding.as_ref().map(|b| (b, Jsonata::task_result()));
        self.task_flow(states, name, task_state, bound, own)
    }

    /// `[let r =] run callee(input)`: a Task that starts the child
    /// execution and waits for it; `r` is the child's output
    /// (`$states.result.Output`, JSON under `.sync:2`).
    fn run(
        &mut self,
        states: &mut States,
        stmt: &Stmt,
        run: &'a RunCall,
    ) -> Result<Flow, Internal> {
        let name = match &run.options.name {
            Some(given) => given.value.clone(),
            None => self.names.fresh(&names::run(run)),
        };
        let state_machine = match &run.callee {
            Callee::Workflow(callee) => StateMachineRef::Used {
                name: callee.name.clone(),
                substitution: plan::state_machine_substitution(&callee.name),
            },
            Callee::Arn(arn) => StateMachineRef::Existing {
                arn: arn.value.clone(),
                name: crate::check::subflow::state_machine_of(&arn.value)
                    .map_err(|why| Internal::new(arn.span, why))?
                    .to_owned(),
            },
        };
        // AWS links the child to its parent in the console when the input
        // carries the parent's execution id; only a record can carry it.
        let link = match &run.input {
            None => true,
            Some(input) => matches!(self.checked.type_of(input), Type::Record(_)),
        };
        let input = self.js.run_input(run.input.as_ref(), link)?;
        let retry = self.retriers(run.id, &run.options, run.head_span)?;
        let mut own = run
            .options
            .catches
            .iter()
            .map(|c| self.handler(c))
            .collect::<Result<Vec<_>, _>>()?;
        let catch = self.catchers(&name, Raises::Builtin, &mut own);
        let task = RunTask {
            state_machine,
            input,
            timeout_seconds: run.options.timeout.map(|d| d.seconds),
            retry,
            catch,
        };
        let task_state = state(StateKind::Run(task), stmt.span);
        let output = Node::field(Node::field(Node::var("states"), "result"), "Output");
        let bound = run.binding.as_ref().map(|b| (b, output));
        self.task_flow(states, name, task_state, bound, own)
    }

    /// The end of a Task statement (`run`, `emit`): the state assigns
    /// the bound variable from its result, then goes on, or to its
    /// handlers.
    fn task_flow(
        &mut self,
        states: &mut States,
        name: String,
        mut task_state: State,
        bound: Option<(&Ident, Node)>,
        own: Vec<Handler<'a>>,
    ) -> Result<Flow, Internal> {
        if let Some((binding, value)) = bound {
            let var = self.var(binding);
            task_state
                .assign
                .insert(var.clone(), jsonata::template_of(&value));
            self.bind(&name, var, value);
        }
        insert(states, &name, task_state)?;
        let mut exits = vec![Slot::Next(name.clone())];
        self.handlers(states, own, &mut exits)?;
        Ok(Flow {
            entry: Some(name),
            exits,
        })
    }

    /// Whether the call's body is parsed when it arrives as text: its type
    /// (`-> T`) is a record, list, map, number or boolean, which JSON text
    /// holds. A body of type `string` or `any` (no `-> T`) is kept as it
    /// came.
    fn parses_body(&self, call: &HttpCall) -> bool {
        let Some(declared) = &call.response else {
            return false;
        };
        let table = &self.checked.type_table;
        let ty = table.convert(declared, &mut Vec::new(), &mut Diagnostics::new());
        !matches!(
            table.resolve(&ty),
            Type::Any | Type::String | Type::StrLit(_) | Type::Union(_) | Type::Null
        )
    }

    fn if_else(
        &mut self,
        states: &mut States,
        stmt: &Stmt,
        stmt_if: &'a If,
    ) -> Result<Flow, Internal> {
        let Some((first, _)) = stmt_if.branches.first() else {
            return Err(Internal::new(stmt.span, "`if` without a condition"));
        };
        let name = self.names.fresh(&names::with_expr("If", first));
        let choices = stmt_if
            .branches
            .iter()
            .map(|(cond, _)| {
                Ok(ChoiceRule {
                    condition: self.js.condition(cond)?,
                    next: String::new(),
                    source: RuleSource::Expr(cond.span),
                })
            })
            .collect::<Result<Vec<_>, Internal>>()?;
        let choice = StateKind::Choice {
            choices,
            default: None,
        };
        insert(states, &name, state(choice, stmt.span))?;
        let bodies = stmt_if.branches.iter().map(|(_, body)| body);
        self.choice_bodies(states, name, bodies, stmt_if.else_block.as_ref())
    }

    /// Lowers the blocks behind a Choice state's rules (in order) and its
    /// default, wiring each rule and the default to its block's entry. With
    /// no default block, the Default falls through to what follows.
    fn choice_bodies(
        &mut self,
        states: &mut States,
        name: String,
        bodies: impl Iterator<Item = &'a Block>,
        default: Option<&'a Block>,
    ) -> Result<Flow, Internal> {
        let mut exits = Vec::new();
        for (i, body) in bodies.enumerate() {
            let flow = self.block(states, body)?;
            connect(states, Slot::Rule(name.clone(), i), flow, &mut exits)?;
        }
        match default {
            Some(body) => {
                let flow = self.block(states, body)?;
                connect(states, Slot::Default(name.clone()), flow, &mut exits)?;
            }
            None => exits.push(Slot::Default(name.clone())),
        }
        Ok(Flow {
            entry: Some(name),
            exits,
        })
    }

    fn match_arms(
        &mut self,
        states: &mut States,
        stmt: &Stmt,
        stmt_match: &'a Match,
    ) -> Result<Flow, Internal> {
        let mut rules: Vec<(Vec<&Expr>, &'a Block)> = Vec::new();
        let mut default: Option<&'a Block> = None;
        for arm in &stmt_match.arms {
            if arm
                .patterns
                .iter()
                .any(|p| matches!(p, Pattern::Wildcard(_)))
            {
                // Arms after `_` can never be chosen.
                default = Some(&arm.body);
                break;
            }
            let patterns = arm
                .patterns
                .iter()
                .filter_map(|p| match p {
                    Pattern::Literal(expr) => Some(expr),
                    Pattern::Wildcard(_) => None,
                })
                .collect();
            rules.push((patterns, &arm.body));
        }
        if rules.is_empty() {
            // Only `_` (or nothing): ASL has no Choice without rules, and
            // none is needed.
            return match default {
                Some(body) => self.block(states, body),
                None => Ok(Flow::default()),
            };
        }
        let name = self
            .names
            .fresh(&names::with_expr("Match", &stmt_match.scrutinee));
        let choices = rules
            .iter()
            .map(|(patterns, _)| {
                Ok(ChoiceRule {
                    condition: self.js.match_condition(&stmt_match.scrutinee, patterns)?,
                    next: String::new(),
                    source: RuleSource::Match {
                        scrutinee: stmt_match.scrutinee.span,
                        patterns: patterns.iter().map(|p| p.span).collect(),
                    },
                })
            })
            .collect::<Result<Vec<_>, Internal>>()?;
        let choice = StateKind::Choice {
            choices,
            default: None,
        };
        insert(states, &name, state(choice, stmt.span))?;
        let bodies = rules.iter().map(|(_, body)| *body);
        self.choice_bodies(states, name, bodies, default)
    }

    fn while_loop(
        &mut self,
        states: &mut States,
        stmt: &Stmt,
        cond: &Expr,
        body: &'a Block,
    ) -> Result<Flow, Internal> {
        let name = self.names.fresh(&names::with_expr("While", cond));
        let choice = StateKind::Choice {
            choices: vec![ChoiceRule {
                condition: self.js.condition(cond)?,
                next: String::new(),
                source: RuleSource::Expr(cond.span),
            }],
            default: None,
        };
        insert(states, &name, state(choice, stmt.span))?;
        let flow = self.block(states, body)?;
        let rule = Slot::Rule(name.clone(), 0);
        match flow.entry {
            Some(entry) => {
                patch(states, &rule, &entry)?;
                // The back edge: the end of the body tests again.
                for slot in &flow.exits {
                    patch(states, slot, &name)?;
                }
            }
            None => patch(states, &rule, &name)?,
        }
        Ok(Flow {
            exits: vec![Slot::Default(name.clone())],
            entry: Some(name),
        })
    }

    fn parallel(
        &mut self,
        states: &mut States,
        stmt: &Stmt,
        binding: Option<&Ident>,
        branches: &'a [Branch],
    ) -> Result<Flow, Internal> {
        if branches.is_empty() {
            return Err(Internal::new(stmt.span, "`parallel` without a branch"));
        }
        let name = self.names.fresh(&names::parallel(binding));
        let outer = std::mem::take(&mut self.catch_stack);
        let mut machines = Vec::with_capacity(branches.len());
        let mut failure = None;
        for branch in branches {
            let mut inner = States::new();
            let machine = self
                .block(&mut inner, &branch.body)
                .and_then(|flow| self.finish(inner, flow, branch.span));
            match machine {
                Ok(machine) => machines.push(machine),
                Err(internal) => {
                    failure = Some(internal);
                    break;
                }
            }
        }
        self.catch_stack = outer;
        if let Some(internal) = failure {
            return Err(internal);
        }
        let catch = self.catchers(&name, Raises::Anything, &mut []);
        let mut parallel = state(
            StateKind::Parallel {
                branches: machines,
                retry: Vec::new(),
                catch,
            },
            stmt.span,
        );
        if let Some(binding) = binding {
            let var = self.var(binding);
            parallel
                .assign
                .insert(var.clone(), jsonata::states(&["result"]));
            self.bind(&name, var, states_field("result"));
        }
        insert(states, &name, parallel)?;
        Ok(Flow::through(name))
    }

    fn for_loop(
        &mut self,
        states: &mut States,
        stmt: &Stmt,
        stmt_for: &'a For,
    ) -> Result<Flow, Internal> {
        let name = self.names.fresh(&names::for_loop(stmt_for));
        let items = self.js.items(&stmt_for.iter)?;
        let max_concurrency = match &stmt_for.concurrency {
            Some(n) => Some(n.as_u64().ok_or_else(|| {
                Internal::new(
                    n.span,
                    format!("`concurrency {}` is not a whole number", n.raw),
                )
            })?),
            None => None,
        };
        let outer = std::mem::take(&mut self.catch_stack);
        let processor = self.iteration(stmt_for);
        self.catch_stack = outer;
        let processor = processor?;
        let raises = match stmt_for.distributed {
            Some(_) => Raises::States,
            None => Raises::Anything,
        };
        let catch = self.catchers(&name, raises, &mut []);
        let mut map = state(
            StateKind::Map {
                items,
                item_selector: None,
                max_concurrency,
                distributed: distributed::child_runs(stmt_for)?,
                processor: Box::new(processor),
                retry: Vec::new(),
                catch,
            },
            stmt.span,
        );
        if let Some(binding) = &stmt_for.binding {
            let var = self.var(binding);
            map.assign.insert(var.clone(), jsonata::states(&["result"]));
            self.bind(&name, var, states_field("result"));
        }
        insert(states, &name, map)?;
        Ok(Flow::through(name))
    }

    /// The Map's `ItemProcessor`: the body, with the loop variable bound
    /// to the iteration's input (its item) by the first state: a call that
    /// can bind it (`economy`), else a Pass in front.
    fn iteration(&mut self, stmt_for: &'a For) -> Result<Machine, Internal> {
        let mut inner = States::new();
        let var = self.var(&stmt_for.var);
        let item = iteration_item(stmt_for);
        if let Some((first, rest)) = stmt_for.body.stmts.split_first()
            && self.binds_item(first)?
        {
            let flow = self.first_binding_item(&mut inner, first, var, item)?;
            let body = self.stmts(&mut inner, rest, flow)?;
            return self.finish(inner, body, stmt_for.body.span);
        }
        let each = self.names.fresh(&names::each(&stmt_for.var));
        let mut bind = state(StateKind::Pass, stmt_for.var.span);
        bind.assign.insert(var.clone(), jsonata::wrap_node(&item));
        insert(&mut inner, &each, bind)?;
        self.bind(&each, var, item);
        let body = self.block(&mut inner, &stmt_for.body)?;
        let exits = match body.entry {
            Some(entry) => {
                patch(&mut inner, &Slot::Next(each.clone()), &entry)?;
                body.exits
            }
            None => vec![Slot::Next(each.clone())],
        };
        let flow = Flow {
            entry: Some(each),
            exits,
        };
        self.finish(inner, flow, stmt_for.body.span)
    }

    /// Closes a machine: plain exits end it (`End: true`, output `null`);
    /// exits that cannot be `End` (Choice rules, `Default`, catchers) go to
    /// a final Succeed named `Done`, made only when needed. An empty
    /// machine (an empty branch) is just that Succeed.
    fn finish(&mut self, mut states: States, flow: Flow, span: Span) -> Result<Machine, Internal> {
        let mut done: Option<String> = None;
        for slot in flow.exits {
            if let Slot::Next(name) = &slot {
                let last = states
                    .get_mut(name)
                    .ok_or_else(|| Internal::new(span, format!("no state `{name}` to end")))?;
                last.transition = Some(Transition::End);
                if last.output.is_none() {
                    last.output = Some(null_output());
                }
                continue;
            }
            let target = match &done {
                Some(target) => target.clone(),
                None => {
                    let target = self.done(&mut states, span)?;
                    done = Some(target.clone());
                    target
                }
            };
            patch(&mut states, &slot, &target)?;
        }
        let start_at = match flow.entry {
            Some(entry) => entry,
            None => self.done(&mut states, span)?,
        };
        Ok(Machine { start_at, states })
    }

    fn done(&mut self, states: &mut States, span: Span) -> Result<String, Internal> {
        let name = self.names.fresh("Done");
        let mut succeed = state(StateKind::Succeed, span);
        succeed.output = Some(null_output());
        insert(states, &name, succeed)?;
        Ok(name)
    }
}

/// `$states.<field>`.
/// What an iteration's loop variable is: its input, the item, except in a
/// batched child execution, whose input is `{"Items": [...]}`.
fn iteration_item(stmt_for: &For) -> Node {
    let batched = stmt_for
        .distributed
        .as_ref()
        .is_some_and(|d| d.batch.is_some());
    if batched {
        Node::field(states_field("input"), "Items")
    } else {
        states_field("input")
    }
}

fn states_field(field: &str) -> Node {
    Node::field(Node::var("states"), field)
}

/// A state with no transition yet.
fn state(kind: StateKind, span: Span) -> State {
    State {
        comment: None,
        kind,
        transition: None,
        assign: IndexMap::new(),
        output: None,
        span,
    }
}

fn insert(states: &mut States, name: &str, new: State) -> Result<(), Internal> {
    let span = new.span;
    if states.insert(name.to_owned(), new).is_some() {
        return Err(Internal::new(
            span,
            format!("two states are named `{name}`"),
        ));
    }
    Ok(())
}

/// Points `slot` at `target`.
fn patch(states: &mut States, slot: &Slot, target: &str) -> Result<(), Internal> {
    let name = slot.state();
    let Some(state) = states.get_mut(name) else {
        return Err(Internal::new(
            Span::default(),
            format!("no state `{name}` to connect"),
        ));
    };
    let span = state.span;
    let missing = || Internal::new(span, format!("state `{name}` has no such exit"));
    match (slot, &mut state.kind) {
        (Slot::Next(_), _) => state.transition = Some(Transition::Next(target.to_owned())),
        (Slot::Rule(_, i), StateKind::Choice { choices, .. }) => {
            choices.get_mut(*i).ok_or_else(missing)?.next = target.to_owned();
        }
        (Slot::Default(_), StateKind::Choice { default, .. }) => *default = Some(target.to_owned()),
        (Slot::Catch(_, i), StateKind::Http(HttpTask { catch, .. }))
        | (Slot::Catch(_, i), StateKind::Events(EventsTask { catch, .. }))
        | (Slot::Catch(_, i), StateKind::Run(RunTask { catch, .. }))
        | (Slot::Catch(_, i), StateKind::Parallel { catch, .. })
        | (Slot::Catch(_, i), StateKind::Map { catch, .. }) => {
            catch.get_mut(*i).ok_or_else(missing)?.next = target.to_owned();
        }
        _ => return Err(missing()),
    }
    Ok(())
}

/// Points `slot` at the block's entry, or, for an empty block, leaves it
/// for whatever follows.
fn connect(
    states: &mut States,
    slot: Slot,
    flow: Flow,
    exits: &mut Vec<Slot>,
) -> Result<(), Internal> {
    match flow.entry {
        Some(entry) => {
            patch(states, &slot, &entry)?;
            exits.extend(flow.exits);
        }
        None => exits.push(slot),
    }
    Ok(())
}

/// Checks the finished graph: every transition names a state of its own
/// machine and every state that must continue does. A failure here is a
/// lowering bug, caught before it becomes a definition AWS rejects.
fn verify(machine: &Machine, span: Span) -> Result<(), Internal> {
    let has = |name: &str| machine.states.contains_key(name);
    let broken = |state: &str, what: &str| {
        Internal::new(span, format!("state `{state}` has a broken {what}"))
    };
    if !has(&machine.start_at) {
        return Err(broken(&machine.start_at, "StartAt"));
    }
    for (name, state) in &machine.states {
        let must_continue = !matches!(
            state.kind,
            StateKind::Choice { .. } | StateKind::Fail { .. } | StateKind::Succeed
        );
        match &state.transition {
            Some(Transition::Next(next)) if !has(next) => return Err(broken(name, "Next")),
            None if must_continue => return Err(broken(name, "Next")),
            _ => {}
        }
        let catchers: &[Catcher] = match &state.kind {
            StateKind::Http(task) => &task.catch,
            StateKind::Events(task) => &task.catch,
            StateKind::Run(task) => &task.catch,
            StateKind::Parallel {
                branches, catch, ..
            } => {
                for branch in branches {
                    verify(branch, span)?;
                }
                catch
            }
            StateKind::Map {
                processor, catch, ..
            } => {
                verify(processor, span)?;
                catch
            }
            StateKind::Choice { choices, default } => {
                if choices.iter().any(|rule| !has(&rule.next)) {
                    return Err(broken(name, "Choice rule"));
                }
                if default.as_deref().is_some_and(|d| !has(d)) {
                    return Err(broken(name, "Default"));
                }
                &[]
            }
            StateKind::Pass | StateKind::Wait(_) | StateKind::Fail { .. } | StateKind::Succeed => {
                &[]
            }
        };
        if catchers.iter().any(|c| !has(&c.next)) {
            return Err(broken(name, "Catch"));
        }
    }
    Ok(())
}

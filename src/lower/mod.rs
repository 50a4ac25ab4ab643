//! Stage 3, lower: [`Checked`] → [`StateGraph`].
//!
//! Walks the workflow's statements in source order and builds the states
//! of the definition:
//!
//! | SFL | ASL |
//! |---|---|
//! | HTTP call | Task `arn:aws:states:::http:invoke` (`let x =` → `Assign`) |
//! | `let` / `set` | Pass with `Assign` |
//! | `if` / `match` | one Choice |
//! | `while` | Choice, with the end of the body going back to it |
//! | `parallel` / `for` | Parallel / inline Map; a `return` inside ends the branch or iteration with `Output` |
//! | `try` / `catch` | the same `Catch` entries on every Task, Parallel and Map inside the `try` |
//! | `wait`, `fail`, `succeed`, `return` | Wait, Fail, Succeed, Succeed with `Output` |
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
//! `check` has already rejected bad programs; anything lowering cannot
//! handle anyway becomes one internal-error diagnostic (E0902), never a
//! panic.

mod diagnostics;
pub mod jsonata;
pub mod names;
#[cfg(test)]
mod test_ast;
pub mod vars;

use indexmap::IndexMap;
use serde_json::{Value, json};

use self::diagnostics::Internal;
use self::jsonata::{Jsonata, null_output};
use self::names::StateNames;
use self::vars::VarNames;
use crate::aws;
use crate::check::Checked;
use crate::diag::Diagnostics;
use crate::graph::{
    Catcher, ChoiceRule, ConnectionRef, EndpointUse, HttpTask, Machine, Retrier, State, StateGraph,
    StateKind, Transition, WaitFor, WorkflowKind,
};
use crate::source::Span;
use crate::syntax::ast::{
    Block, Branch, Catch, Encoding, ErrorName, Expr, For, HttpCall, Ident, If, Jitter, Match,
    Pattern, RetryPolicy, RetrySpec, Stmt, StmtKind, Wait,
};

/// Lowers a checked workflow to its state graph. Returns `None` (with an
/// E0902 diagnostic) only when `check` let through something that cannot
/// be lowered.
pub fn lower_workflow(checked: &Checked<'_>, diagnostics: &mut Diagnostics) -> Option<StateGraph> {
    match lower(checked) {
        Ok(graph) => Some(graph),
        Err(internal) => {
            diagnostics.push(internal.into_diagnostic());
            None
        }
    }
}

fn lower(checked: &Checked<'_>) -> Result<StateGraph, Internal> {
    let workflow = checked.workflow;
    let vars = VarNames::collect(workflow);
    let input = workflow
        .input
        .as_ref()
        .map_or("input", |param| param.name.name.as_str());
    let mut names = StateNames::new();
    reserve_user_names(&workflow.body, &mut names)?;
    let endpoints = endpoint_uses(checked)?;
    let mut lowerer = Lowerer {
        checked,
        js: Jsonata::new(input, &vars),
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
    let root = lowerer.finish(states, flow, workflow.body.span)?;
    verify(&root, workflow.span)?;
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
        endpoints,
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

/// A `catch` clause waiting for the states it protects.
struct Handler<'a> {
    catch: &'a Catch,
    /// `ErrorEquals`, expanded to ASL names.
    errors: Vec<String>,
    /// The catcher's `Assign` (`as e`).
    assign: IndexMap<String, Value>,
    /// The catchers that route to this handler.
    slots: Vec<Slot>,
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
}

impl<'a> Lowerer<'a> {
    fn block(&mut self, states: &mut States, block: &'a Block) -> Result<Flow, Internal> {
        let mut entry: Option<String> = None;
        let mut pending: Vec<Slot> = Vec::new();
        for stmt in &block.stmts {
            if entry.is_some() && pending.is_empty() {
                // Everything before ended the machine: the rest cannot run
                // (check reports it) and would be an unreachable state.
                break;
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
            StmtKind::Wait(Wait::Until(expr)) => {
                let name = self.names.fresh(&names::with_expr("Wait until", expr));
                let wait = WaitFor::Timestamp(self.js.expression(expr)?);
                insert(states, &name, state(StateKind::Wait(wait), stmt.span))?;
                Flow::through(name)
            }
            StmtKind::Fail { error, cause } => {
                let name = self.names.fresh(&names::fail(error));
                let kind = StateKind::Fail {
                    error: Some(self.js.template(error)?),
                    cause: cause.as_ref().map(|c| self.js.template(c)).transpose()?,
                };
                insert(states, &name, state(kind, stmt.span))?;
                Flow::terminal(name)
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
        let mut retry = Vec::with_capacity(options.retries.len());
        for spec in &options.retries {
            let policy = match spec {
                RetrySpec::Named(policy_name) => {
                    let def = self
                        .checked
                        .retries
                        .get(policy_name.name.as_str())
                        .ok_or_else(|| {
                            Internal::new(
                                policy_name.span,
                                format!("`{}` is not a declared retry policy", policy_name.name),
                            )
                        })?;
                    &def.policy
                }
                RetrySpec::Inline(policy) => policy,
            };
            retry.push(retrier(policy)?);
        }
        let mut own = options
            .catches
            .iter()
            .map(|c| self.handler(c))
            .collect::<Result<Vec<_>, _>>()?;
        let catch = self.catchers(&name, &mut own);
        let task = HttpTask {
            endpoint: endpoint.name.clone(),
            method: call.method,
            api_endpoint,
            url_pattern,
            connection: endpoint.connection.clone(),
            headers: options
                .headers
                .as_ref()
                .map(|e| self.js.params(e))
                .transpose()?,
            query: options
                .query
                .as_ref()
                .map(|e| self.js.params(e))
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
            // The response as SFL sees it: `x.status`, `x.body.id`, … map
            // to the task result's fields (aws.md §1 "Result").
            task_state.assign.insert(
                self.var(binding),
                json!({
                    "status": "{% $states.result.StatusCode %}",
                    "status_text": "{% $states.result.StatusText %}",
                    "headers": "{% $states.result.Headers %}",
                    "body": "{% $states.result.ResponseBody %}",
                }),
            );
        }
        insert(states, &name, task_state)?;
        let mut exits = vec![Slot::Next(name.clone())];
        // The call's own handlers are inside any enclosing `try`, so they
        // are lowered with the current catch stack.
        self.handlers(states, own, &mut exits)?;
        Ok(Flow {
            entry: Some(name),
            exits,
        })
    }

    fn handler(&self, catch: &'a Catch) -> Result<Handler<'a>, Internal> {
        let mut assign = IndexMap::new();
        if let Some(binding) = &catch.binding {
            assign.insert(
                self.var(binding),
                json!({
                    "error": "{% $states.errorOutput.Error %}",
                    "cause": "{% $states.errorOutput.Cause %}",
                }),
            );
        }
        Ok(Handler {
            catch,
            errors: error_names(&catch.errors)?,
            assign,
            slots: Vec::new(),
        })
    }

    /// The `Catch` list of a Task, Parallel or Map named `state`: its own
    /// handlers, then those of the enclosing `try`s, innermost first. An
    /// error name already caught by an earlier catcher is left out of later
    /// ones (the first match wins in ASL anyway), a catcher left with no
    /// names is dropped, and nothing follows a `States.ALL` catcher (ASL
    /// requires it to be last).
    fn catchers(&mut self, state: &str, own: &mut [Handler<'a>]) -> Vec<Catcher> {
        let mut out = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let enclosing = self
            .catch_stack
            .iter_mut()
            .rev()
            .flat_map(|frame| frame.iter_mut());
        for handler in own.iter_mut().chain(enclosing) {
            let names: Vec<String> = handler
                .errors
                .iter()
                .filter(|name| seen.insert(name.as_str().to_owned()))
                .cloned()
                .collect();
            if names.is_empty() {
                continue;
            }
            let catches_all = names.iter().any(|n| n == "States.ALL");
            handler.slots.push(Slot::Catch(state.to_owned(), out.len()));
            out.push(Catcher {
                error_equals: names,
                next: String::new(),
                assign: handler.assign.clone(),
                output: None,
            });
            if catches_all {
                break;
            }
        }
        out
    }

    /// Lowers the handlers that some catcher routes to; each continues with
    /// what follows (its exits join `exits`). A handler no catcher routes to
    /// cannot run and is not emitted.
    fn handlers(
        &mut self,
        states: &mut States,
        handlers: Vec<Handler<'a>>,
        exits: &mut Vec<Slot>,
    ) -> Result<(), Internal> {
        for handler in handlers {
            if handler.slots.is_empty() {
                continue;
            }
            let flow = self.block(states, &handler.catch.body)?;
            match flow.entry {
                Some(entry) => {
                    for slot in &handler.slots {
                        patch(states, slot, &entry)?;
                    }
                    exits.extend(flow.exits);
                }
                None => exits.extend(handler.slots),
            }
        }
        Ok(())
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
                    condition: self.js.expression(cond)?,
                    next: String::new(),
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
                condition: self.js.expression(cond)?,
                next: String::new(),
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
        let catch = self.catchers(&name, &mut []);
        let mut parallel = state(
            StateKind::Parallel {
                branches: machines,
                retry: Vec::new(),
                catch,
            },
            stmt.span,
        );
        if let Some(binding) = binding {
            parallel
                .assign
                .insert(self.var(binding), json!("{% $states.result %}"));
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
        let catch = self.catchers(&name, &mut []);
        let mut map = state(
            StateKind::Map {
                items,
                item_selector: None,
                max_concurrency,
                processor: Box::new(processor),
                retry: Vec::new(),
                catch,
            },
            stmt.span,
        );
        if let Some(binding) = &stmt_for.binding {
            map.assign
                .insert(self.var(binding), json!("{% $states.result %}"));
        }
        insert(states, &name, map)?;
        Ok(Flow::through(name))
    }

    /// The Map's `ItemProcessor`: a Pass that binds the loop variable (an
    /// iteration's input is its item), then the body.
    fn iteration(&mut self, stmt_for: &'a For) -> Result<Machine, Internal> {
        let mut inner = States::new();
        let each = self.names.fresh(&names::each(&stmt_for.var));
        let mut bind = state(StateKind::Pass, stmt_for.var.span);
        bind.assign
            .insert(self.var(&stmt_for.var), json!("{% $states.input %}"));
        insert(&mut inner, &each, bind)?;
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

    fn try_catch(
        &mut self,
        states: &mut States,
        body: &'a Block,
        catches: &'a [Catch],
    ) -> Result<Flow, Internal> {
        let handlers = catches
            .iter()
            .map(|c| self.handler(c))
            .collect::<Result<Vec<_>, _>>()?;
        self.catch_stack.push(handlers);
        let flow = self.block(states, body);
        let handlers = self.catch_stack.pop().unwrap_or_default();
        let flow = flow?;
        if flow.entry.is_none() {
            // Nothing inside can fail, so no handler can run.
            return Ok(flow);
        }
        let mut exits = flow.exits;
        self.handlers(states, handlers, &mut exits)?;
        Ok(Flow {
            entry: flow.entry,
            exits,
        })
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

/// The ASL names of SFL error names, in order, without repeats.
fn error_names(errors: &[ErrorName]) -> Result<Vec<String>, Internal> {
    let mut out: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for error in errors {
        let names = aws::asl_error_names(&error.kind).map_err(|problem| {
            Internal::new(
                error.span,
                format!("error name not accepted by ASL: {problem:?}"),
            )
        })?;
        for name in names {
            if seen.insert(name.clone()) {
                out.push(name);
            }
        }
    }
    if out.is_empty() {
        let span = errors.first().map_or_else(Span::default, |e| e.span);
        return Err(Internal::new(span, "an error list with no names"));
    }
    Ok(out)
}

fn retrier(policy: &RetryPolicy) -> Result<Retrier, Internal> {
    let whole = |n: &crate::syntax::ast::NumLit| {
        n.as_u64()
            .ok_or_else(|| Internal::new(n.span, format!("`{}` is not a whole number", n.raw)))
    };
    let jitter_full = policy
        .jitter
        .is_some_and(|jitter| jitter.value == Jitter::Full);
    let backoff_rate = match &policy.backoff {
        Some(n) => Some(
            serde_json::from_str::<serde_json::Number>(&n.raw)
                .ok()
                .or_else(|| serde_json::Number::from_f64(n.value))
                .ok_or_else(|| Internal::new(n.span, format!("`{}` is not a number", n.raw)))?,
        ),
        None => None,
    };
    Ok(Retrier {
        error_equals: error_names(&policy.on).map_err(|e| Internal::new(policy.span, e.detail))?,
        interval_seconds: policy.interval.map(|d| d.seconds),
        max_attempts: policy.attempts.as_ref().map(whole).transpose()?,
        backoff_rate,
        max_delay_seconds: policy.max_delay.map(|d| d.seconds),
        jitter_full,
    })
}

/// Every endpoint with its URL and connection, in source order. An
/// endpoint with `connection "arn:…"` uses that ARN; any other gets a
/// connection from the template, referenced as `${<PascalName>ConnectionArn}`
/// (made unique if two names spell the same, e.g. `a_b` and `a__b`).
fn endpoint_uses(checked: &Checked<'_>) -> Result<Vec<EndpointUse>, Internal> {
    let mut taken = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(checked.endpoints.len());
    for (name, endpoint) in &checked.endpoints {
        let url = endpoint
            .url
            .as_ref()
            .ok_or_else(|| Internal::new(endpoint.span, format!("endpoint `{name}` has no url")))?;
        let connection = match &endpoint.connection {
            Some(arn) => ConnectionRef::Existing {
                arn: arn.value.clone(),
            },
            None => {
                let base = format!("{}ConnectionArn", names::pascal_case(name));
                let mut substitution = base.clone();
                let mut n = 2u32;
                while !taken.insert(substitution.clone()) {
                    substitution = format!("{}{n}ConnectionArn", names::pascal_case(name));
                    n = n.saturating_add(1);
                }
                ConnectionRef::Created { substitution }
            }
        };
        out.push(EndpointUse {
            name: (*name).to_owned(),
            url: url.value.clone(),
            connection,
            span: endpoint.span,
        });
    }
    Ok(out)
}

/// Takes every `name "…"` option before any name is generated, so the
/// user's names are kept exactly.
fn reserve_user_names(block: &Block, names: &mut StateNames) -> Result<(), Internal> {
    for stmt in &block.stmts {
        if let StmtKind::Http(call) = &stmt.kind
            && let Some(given) = &call.options.name
        {
            let too_long = given.value.chars().count() > aws::MAX_STATE_NAME_CHARS;
            if given.value.is_empty() || too_long || !names.reserve(&given.value) {
                return Err(Internal::new(
                    given.span,
                    format!("the state name `{}` cannot be used", given.value),
                ));
            }
        }
        for body in stmt.blocks() {
            reserve_user_names(body, names)?;
        }
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

#[cfg(test)]
mod tests {
    #![expect(
        clippy::unwrap_used,
        clippy::indexing_slicing,
        clippy::panic,
        reason = "test code"
    )]

    use serde_json::json;

    use super::*;
    use crate::diag::Code;
    use crate::syntax::ast::{
        Branch, CallOptions, Duration, Endpoint, ErrorKind, ExprKind, File, Item, MatchArm, Method,
        StrLit, Template, TemplatePart, Workflow,
    };

    const SP: Span = Span { start: 0, end: 0 };

    fn id(name: &str) -> Ident {
        Ident {
            name: name.to_owned(),
            span: SP,
        }
    }

    fn e(kind: ExprKind) -> Expr {
        Expr::new(kind, SP)
    }

    fn var(name: &str) -> Expr {
        e(ExprKind::Var(id(name)))
    }

    fn lit(text: &str) -> Expr {
        e(ExprKind::String(template(text)))
    }

    fn template(text: &str) -> Template {
        Template {
            parts: vec![TemplatePart::Text {
                text: text.to_owned(),
                span: SP,
            }],
            span: SP,
        }
    }

    fn stmt(kind: StmtKind) -> Stmt {
        Stmt {
            doc: None,
            kind,
            span: SP,
        }
    }

    fn block(stmts: Vec<Stmt>) -> Block {
        Block { stmts, span: SP }
    }

    fn get(endpoint: &str, path: &str, binding: Option<&str>) -> Stmt {
        stmt(StmtKind::Http(HttpCall {
            binding: binding.map(id),
            method: Method::Get,
            method_span: SP,
            endpoint: id(endpoint),
            path: template(path),
            response: None,
            options: CallOptions::default(),
        }))
    }

    fn let_(name: &str, value: Expr) -> Stmt {
        stmt(StmtKind::Let {
            name: id(name),
            value,
        })
    }

    fn catch(kind: ErrorKind, binding: Option<&str>, body: Vec<Stmt>) -> Catch {
        Catch {
            errors: vec![ErrorName { kind, span: SP }],
            binding: binding.map(id),
            body: block(body),
            span: SP,
        }
    }

    fn file(body: Vec<Stmt>) -> File {
        let workflow = Workflow {
            doc: None,
            name: id("w"),
            input: None,
            timeout: Some(Duration {
                seconds: 600,
                span: SP,
            }),
            express: None,
            body: block(body),
            span: SP,
        };
        let endpoint = Endpoint {
            doc: None,
            name: id("billing_api"),
            url: Some(StrLit {
                value: "https://billing.example.com/v1".into(),
                span: SP,
            }),
            private: None,
            connection: None,
            auth: None,
            headers: None,
            query: None,
            span: SP,
        };
        File {
            items: vec![Item::Workflow(workflow), Item::Endpoint(endpoint)],
            comments: Vec::new(),
            span: SP,
        }
    }

    fn lower_file(file: &File) -> (Option<StateGraph>, Diagnostics) {
        let mut workflow = None;
        let mut endpoints = IndexMap::new();
        for item in &file.items {
            match item {
                Item::Workflow(w) => workflow = Some(w),
                Item::Endpoint(ep) => {
                    endpoints.insert(ep.name.name.as_str(), ep);
                }
                _ => {}
            }
        }
        let checked = Checked {
            file,
            workflow: workflow.unwrap(),
            endpoints,
            retries: IndexMap::new(),
            types: IndexMap::new(),
            type_table: Default::default(),
            expr_types: Default::default(),
        };
        let mut diagnostics = Diagnostics::new();
        let graph = lower_workflow(&checked, &mut diagnostics);
        (graph, diagnostics)
    }

    fn asl(body: Vec<Stmt>) -> serde_json::Value {
        let file = file(body);
        let (graph, diagnostics) = lower_file(&file);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let value = crate::emit::asl::to_value(&graph.unwrap());
        // Every lowered shape must pass the emitted-ASL self-check.
        if let Err(failures) = crate::validate::validate_asl(&value) {
            panic!("invalid ASL: {failures:#?}");
        }
        value
    }

    #[test]
    fn an_undeclared_endpoint_is_an_internal_error_not_a_panic() {
        let file = file(vec![get("nowhere", "/x", None)]);
        let (graph, diagnostics) = lower_file(&file);
        assert!(graph.is_none());
        let codes: Vec<Code> = diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, [Code::LoweringFailed]);
    }

    #[test]
    fn a_call_assigns_the_response_and_ends_the_workflow() {
        let value = asl(vec![get("billing_api", "/orders", Some("order"))]);
        assert_eq!(value["StartAt"], json!("GET billing_api /orders"));
        assert_eq!(value["TimeoutSeconds"], json!(600));
        let task = &value["States"]["GET billing_api /orders"];
        assert_eq!(
            task["Arguments"]["ApiEndpoint"],
            json!("https://billing.example.com/v1/orders")
        );
        assert_eq!(
            task["Arguments"]["InvocationConfig"]["ConnectionArn"],
            json!("${BillingApiConnectionArn}")
        );
        assert_eq!(
            task["Assign"]["order"]["body"],
            json!("{% $states.result.ResponseBody %}")
        );
        assert_eq!(task["End"], json!(true));
        assert_eq!(task["Output"], json!("{% null %}"));
    }

    #[test]
    fn if_without_else_defaults_to_the_next_statement() {
        let cond = e(ExprKind::Bool(true));
        let value = asl(vec![
            stmt(StmtKind::If(If {
                branches: vec![(cond, block(vec![let_("a", lit("x"))]))],
                else_block: None,
            })),
            let_("b", lit("y")),
        ]);
        let choice = &value["States"]["If true"];
        assert_eq!(choice["Choices"][0]["Next"], json!("Let a"));
        assert_eq!(choice["Default"], json!("Let b"));
        assert_eq!(value["States"]["Let a"]["Next"], json!("Let b"));
        assert_eq!(value["States"]["Let b"]["End"], json!(true));
    }

    #[test]
    fn a_choice_at_the_end_gets_a_final_succeed() {
        let value = asl(vec![stmt(StmtKind::If(If {
            branches: vec![(var("c"), block(vec![let_("a", lit("x"))]))],
            else_block: None,
        }))]);
        let choice = &value["States"]["If c"];
        assert_eq!(choice["Default"], json!("Done"));
        assert_eq!(value["States"]["Done"]["Type"], json!("Succeed"));
        assert_eq!(value["States"]["Let a"]["End"], json!(true));
    }

    #[test]
    fn while_loops_back_to_its_choice() {
        let value = asl(vec![
            stmt(StmtKind::While {
                cond: var("more"),
                body: block(vec![let_("a", lit("x")), let_("b", lit("y"))]),
            }),
            let_("c", lit("z")),
        ]);
        let choice = &value["States"]["While more"];
        assert_eq!(choice["Choices"][0]["Next"], json!("Let a"));
        assert_eq!(choice["Default"], json!("Let c"));
        assert_eq!(value["States"]["Let b"]["Next"], json!("While more"));
    }

    #[test]
    fn try_puts_its_catchers_on_calls_and_continues_after() {
        let value = asl(vec![
            stmt(StmtKind::Try {
                body: block(vec![
                    get("billing_api", "/a", None),
                    let_("x", lit("1")),
                    get("billing_api", "/b", None),
                ]),
                catches: vec![catch(ErrorKind::Any, Some("e"), vec![])],
            }),
            let_("after", lit("z")),
        ]);
        for call in ["GET billing_api /a", "GET billing_api /b"] {
            let catchers = &value["States"][call]["Catch"];
            assert_eq!(catchers[0]["ErrorEquals"], json!(["States.ALL"]));
            assert_eq!(catchers[0]["Next"], json!("Let after"));
            assert_eq!(
                catchers[0]["Assign"]["e"]["error"],
                json!("{% $states.errorOutput.Error %}")
            );
        }
        assert!(value["States"]["Let x"].get("Catch").is_none());
    }

    #[test]
    fn a_calls_own_catch_comes_before_the_trys_and_its_handler_is_protected() {
        let mut call = get("billing_api", "/a", None);
        if let StmtKind::Http(http) = &mut call.kind {
            http.options.catches = vec![catch(
                ErrorKind::Http("404".into()),
                None,
                vec![get("billing_api", "/fallback", None)],
            )];
        }
        let value = asl(vec![stmt(StmtKind::Try {
            body: block(vec![call]),
            catches: vec![catch(
                ErrorKind::Http("4xx".into()),
                None,
                vec![stmt(StmtKind::Fail {
                    error: template("Rejected"),
                    cause: None,
                })],
            )],
        })]);
        let catchers = &value["States"]["GET billing_api /a"]["Catch"];
        assert_eq!(
            catchers[0]["ErrorEquals"],
            json!(["States.Http.StatusCode.404"])
        );
        assert_eq!(catchers[0]["Next"], json!("GET billing_api /fallback"));
        // The try's class no longer lists 404: the first catcher has it.
        assert_eq!(catchers[1]["ErrorEquals"].as_array().unwrap().len(), 99);
        assert_eq!(catchers[1]["Next"], json!("Fail Rejected"));
        let fallback = &value["States"]["GET billing_api /fallback"];
        assert_eq!(fallback["Catch"][0]["Next"], json!("Fail Rejected"));
        assert_eq!(fallback["End"], json!(true));
    }

    #[test]
    fn parallel_branches_return_or_produce_null() {
        let value = asl(vec![stmt(StmtKind::Parallel {
            binding: Some(id("parts")),
            branches: vec![
                Branch {
                    body: block(vec![stmt(StmtKind::Return(var("a")))]),
                    span: SP,
                },
                Branch {
                    body: block(vec![let_("b", lit("x"))]),
                    span: SP,
                },
                Branch {
                    body: block(vec![]),
                    span: SP,
                },
            ],
        })]);
        let parallel = &value["States"]["Let parts = parallel"];
        assert_eq!(parallel["Assign"]["parts"], json!("{% $states.result %}"));
        let branches = parallel["Branches"].as_array().unwrap();
        assert_eq!(
            branches[0]["States"]["Return a"]["Output"],
            json!("{% $a %}")
        );
        assert_eq!(
            branches[1]["States"]["Let b"]["Output"],
            json!("{% null %}")
        );
        assert_eq!(branches[2]["StartAt"], json!("Done"));
    }

    #[test]
    fn for_binds_its_variable_in_the_iteration() {
        let value = asl(vec![stmt(StmtKind::For(For {
            binding: None,
            var: id("count"),
            iter: var("items"),
            concurrency: None,
            body: block(vec![stmt(StmtKind::Return(var("count")))]),
        }))]);
        let map = &value["States"]["For count in items"];
        assert_eq!(map["Items"], json!("{% $items %}"));
        let processor = &map["ItemProcessor"];
        assert_eq!(processor["StartAt"], json!("Each count"));
        assert_eq!(
            processor["States"]["Each count"]["Assign"]["count_v"],
            json!("{% $states.input %}")
        );
        assert_eq!(
            processor["States"]["Return count"]["Output"],
            json!("{% $count_v %}")
        );
    }

    #[test]
    fn match_arms_become_rules_and_wildcard_the_default() {
        let arm = |patterns: Vec<Pattern>, name: &str| MatchArm {
            patterns,
            body: block(vec![let_(name, lit("x"))]),
            span: SP,
        };
        let value = asl(vec![stmt(StmtKind::Match(Match {
            scrutinee: var("s"),
            arms: vec![
                arm(
                    vec![Pattern::Literal(lit("a")), Pattern::Literal(lit("b"))],
                    "ab",
                ),
                arm(vec![Pattern::Wildcard(SP)], "other"),
            ],
        }))]);
        let choice = &value["States"]["Match s"];
        assert_eq!(
            choice["Choices"][0]["Condition"],
            json!("{% $s = 'a' or $s = 'b' %}")
        );
        assert_eq!(choice["Default"], json!("Let other"));
    }

    #[test]
    fn ten_thousand_statements_lower_with_unique_names() {
        let mut body: Vec<Stmt> = (0..10_000).map(|_| let_("x", lit("v"))).collect();
        body.push(get("billing_api", "/a", None));
        let value = asl(vec![stmt(StmtKind::Try {
            body: block(body),
            catches: vec![catch(ErrorKind::Http("5xx".into()), None, vec![])],
        })]);
        let states = value["States"].as_object().unwrap();
        // The empty handler continues after the try, which is the end: a
        // catcher cannot say `End`, so it goes to a final `Done`.
        assert_eq!(states.len(), 10_002);
        assert_eq!(
            value["States"]["GET billing_api /a"]["Catch"][0]["Next"],
            json!("Done")
        );
        assert!(states.contains_key("Let x (10000)"));
        assert_eq!(
            value["States"]["Let x (10000)"]["Next"],
            json!("GET billing_api /a")
        );
    }
}

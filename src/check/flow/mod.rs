//! Check, flow: walks the workflow's statements in order.
//!
//! Takes the workflow body; reports how variables flow (E03xx): use before
//! `let`, `set` of undeclared or outer variables, names declared on only some
//! paths, redeclarations, shadowing across `parallel`/`for` scopes and
//! unreachable statements, plus unused variables (W0004) and status
//! comparisons that can never matter (W0007). Every expression met on the
//! way is typed by `infer`, and every call is handed to `endpoints` and
//! `limits` for its own checks.
//!
//! Variables follow ASL, not block scoping: the top level is one scope and
//! each `parallel` branch and `for` body is an inner one. Inside a scope a
//! variable is usable where it is *definitely assigned* — on every path that
//! reaches the use. Branches are handled with an undo log: a branch's
//! changes are recorded, taken out when it ends, and the branches' results
//! are merged. Each change is logged once per enclosing branch, so the walk
//! is linear in the file's size times its nesting depth.
//!
//! This file walks the statements; [`env`] holds the environment and the
//! merging of paths, [`vars`] declarations, reads and assignments, and
//! [`status`] the dead status comparisons.

mod env;
mod raise;
mod run;
mod status;
#[cfg(test)]
mod tests;
mod vars;

use std::collections::HashMap;
use std::rc::Rc;

use crate::check::Checker;
use crate::check::diagnostics as d;
use crate::check::distributed;
use crate::check::infer::{guards_of, guards_of_negation};
use crate::check::limits;
use crate::check::resolved::{ScopeId, VarKind};
use crate::check::types::{Type, widen};
use crate::source::Span;
use crate::syntax::ast::{
    BinOp, Block, Catch, Distributed, Emit, ExprKind, For, HttpCall, If, Match, Pattern, Stmt,
    StmtKind, Wait, Workflow,
};
use env::{Branch, Env, Status, Var};
use raise::{Raised, TryFrame};
use status::CallFacts;
use vars::{Decl, ScopeNames, collect_scope_names};

/// Unknown variables past this many get no "did you mean": each suggestion
/// measures every name in scope, so a file of thousands of misspellings
/// would take quadratic time for help nobody reads that far.
const MAX_NAME_SUGGESTIONS: usize = 100;

/// The state of the walk that only the flow pass uses.
#[derive(Debug, Default)]
pub(super) struct FlowState<'a> {
    env: Env,
    /// How many unknown variables have been measured against the names in
    /// scope (see [`MAX_NAME_SUGGESTIONS`]).
    suggestions_made: usize,
    decls: Vec<Decl>,
    /// Inner-scope depth: 0 at the top level.
    depth: usize,
    /// The ids of the enclosing inner scopes, innermost last.
    scope_ids: Vec<ScopeId>,
    /// How many inner scopes were entered so far, for their ids.
    scopes_entered: usize,
    /// The names of each enclosing scope, outermost first.
    scopes: Vec<ScopeNames>,
    /// Names of the inner scopes not yet entered, by body span.
    inner: HashMap<Span, ScopeNames>,
    /// Every name declared anywhere, for "not in scope here".
    all: ScopeNames,
    /// The joined type of `return`s, one slot per enclosing inner scope.
    returns: Vec<Option<Type>>,
    /// The catches of the enclosing `try` statements.
    tries: Vec<&'a [Catch]>,
    /// The enclosing `try` statements, with what reached their handlers.
    raised: Vec<TryFrame>,
    /// `exists` guards a statement proved for the rest of its block.
    pending_guards: Vec<String>,
    /// The innermost distributed `for` body: its scope depth and header.
    /// Variables declared at a lower depth are not visible there.
    child_execution: Option<(usize, Span)>,
}

impl<'a> Checker<'a, '_> {
    /// Walks the workflow: its input, then its body.
    pub(super) fn check_workflow_body(&mut self, workflow: &'a Workflow) {
        let mut top = ScopeNames::new();
        let mut all = ScopeNames::new();
        let mut inner = HashMap::new();
        let (input_name, input_span) = match &workflow.input {
            Some(param) => (param.name.name.clone(), param.name.span),
            None => ("input".to_owned(), workflow.name.span),
        };
        top.insert(input_name.clone(), input_span);
        all.insert(input_name.clone(), input_span);
        collect_scope_names(&workflow.body, &mut top, &mut all, &mut inner);
        self.flow.scopes.push(top);
        self.flow.all = all;
        self.flow.inner = inner;

        let input_ty = match &workflow.input {
            Some(param) => self.convert_type(&param.ty),
            None => Type::Any,
        };
        let decl = self.new_decl(&input_name, input_span, &input_ty, VarKind::Input);
        self.flow.env.put(
            &input_name,
            Some(Var {
                ty: input_ty,
                status: Status::Definite,
                scope: 0,
                decl,
                call: None,
            }),
        );
        self.block(&workflow.body);
        self.report_unused_variables();
    }

    // -----------------------------------------------------------------------
    // Statements

    /// Walks a block; returns whether it always ends the execution, branch
    /// or iteration.
    fn block(&mut self, block: &'a Block) -> bool {
        let mut ended_by: Option<&Stmt> = None;
        let mut reported = false;
        let mut held: Vec<String> = Vec::new();
        for stmt in &block.stmts {
            if let Some(end) = ended_by
                && !reported
            {
                self.diagnostics
                    .push(d::unreachable_statement(stmt.span, end.span));
                reported = true;
            }
            let diverges = self.stmt(stmt);
            if diverges && ended_by.is_none() {
                ended_by = Some(stmt);
            }
            let pending = std::mem::take(&mut self.flow.pending_guards);
            self.push_guards(&pending);
            held.extend(pending);
        }
        self.pop_guards(&held);
        ended_by.is_some()
    }

    fn stmt(&mut self, stmt: &'a Stmt) -> bool {
        match &stmt.kind {
            StmtKind::Http(call) => {
                self.http_call(call, stmt.span);
                false
            }
            StmtKind::Emit(emit) => {
                self.emit(emit);
                false
            }
            StmtKind::Run(run) => {
                self.run_call(run);
                false
            }
            StmtKind::Let { name, value } => {
                let ty = widen(self.expr(value));
                self.declare(name, ty, None);
                false
            }
            StmtKind::Set { name, value } => {
                self.assign(name, value);
                false
            }
            StmtKind::If(stmt_if) => self.if_stmt(stmt_if),
            StmtKind::Match(stmt_match) => self.match_stmt(stmt_match),
            StmtKind::While { cond, body } => {
                let ty = self.expr(cond);
                self.expect_bool(cond, &ty, "a `while` condition");
                let mut keys = Vec::new();
                guards_of(cond, &mut keys);
                self.push_guards(&keys);
                // The body may run zero times.
                let body = self.branch(|c| c.block(body));
                self.pop_guards(&keys);
                self.merge(&[body, Branch::default()]);
                false
            }
            StmtKind::Parallel { binding, branches } => {
                let mut result: Option<Type> = None;
                for branch in branches {
                    let ty = self.inner_scope(&branch.body, None);
                    result = Some(match result {
                        None => ty,
                        Some(prev) => self.types.join(&prev, &ty),
                    });
                }
                self.raise(Raised::Anything);
                if let Some(binding) = binding {
                    let ty = Type::List(Rc::new(result.unwrap_or(Type::Any)));
                    self.declare(binding, ty, None);
                }
                false
            }
            StmtKind::For(stmt_for) => {
                self.for_stmt(stmt_for);
                false
            }
            StmtKind::Try { body, catches } => {
                self.tries_push(catches);
                self.open_try(catches);
                let protected = self.branch(|c| c.block(body));
                let arrivals = self.close_try();
                self.flow.tries.pop();
                for (catch, arrived) in catches.iter().zip(&arrivals) {
                    if let Some(fan_out) = arrived.missed_distributed
                        && !arrived.reached()
                    {
                        self.diagnostics
                            .push(d::catch_misses_distributed_for(catch, fan_out));
                    }
                }
                self.check_catches(catches.iter().map(|c| (c.errors.as_slice(), c.span)));
                let mut branches = Vec::with_capacity(catches.len() + 1);
                for (catch, arrived) in catches.iter().zip(&arrivals) {
                    let handled = self.handler(catch, Some((arrived, &protected)));
                    branches.push(handled);
                }
                branches.insert(0, protected);
                self.merge(&branches)
            }
            StmtKind::Wait(Wait::Duration(_)) => false,
            StmtKind::Wait(Wait::Seconds(expr)) => {
                let ty = self.expr(expr);
                if !self.types.assignable(&ty, &Type::Number) {
                    let found = self.types.display(&ty);
                    let stringy = crate::check::types::is_stringy(self.types.resolve(&ty));
                    self.diagnostics
                        .push(d::wait_seconds_not_number(expr.span, &found, stringy));
                }
                false
            }
            StmtKind::Wait(Wait::Until(expr)) => {
                let ty = self.expr(expr);
                if !self.types.assignable(&ty, &Type::String) {
                    let found = self.types.display(&ty);
                    self.diagnostics.push(
                        d::mismatched_types(
                            expr.span,
                            "string",
                            &found,
                            "`wait until` needs an ISO 8601 timestamp string",
                        )
                        .with_help(
                            if self.types.assignable(&ty, &Type::Number) {
                                "to wait a number of seconds, leave out `until`: `wait …`"
                            } else {
                                "give a timestamp such as `\"2030-01-01T09:00:00Z\"`"
                            },
                        ),
                    );
                }
                false
            }
            StmtKind::Fail { error, cause } => {
                self.template(error);
                if let Some(cause) = cause {
                    self.template(cause);
                }
                match error.as_plain() {
                    Some(name) if name.starts_with("States.") => {
                        self.diagnostics
                            .push(d::reserved_fail_error(error.span, &name));
                    }
                    Some(name) => self.raise(Raised::Named(&name)),
                    None => self.raise(Raised::Computed),
                }
                true
            }
            StmtKind::Succeed => true,
            StmtKind::Return(expr) => {
                let ty = self.expr(expr);
                if self.flow.depth > 0 {
                    let joined = match self.flow.returns.last().cloned().flatten() {
                        None => ty,
                        Some(prev) => self.types.join(&prev, &ty),
                    };
                    if let Some(slot) = self.flow.returns.last_mut() {
                        *slot = Some(joined);
                    }
                }
                true
            }
        }
    }

    fn tries_push(&mut self, catches: &'a [Catch]) {
        self.flow.tries.push(catches);
    }

    fn if_stmt(&mut self, stmt: &'a If) -> bool {
        let mut branches = Vec::with_capacity(stmt.branches.len() + 1);
        // What the earlier conditions being false proves: `if not exists(p)`
        // leaves `p` present for the `else if`s and the `else`.
        let mut prior: Vec<String> = Vec::new();
        for (cond, body) in &stmt.branches {
            let ty = self.expr(cond);
            self.expect_bool(cond, &ty, "an `if` condition");
            let mut keys = Vec::new();
            guards_of(cond, &mut keys);
            self.push_guards(&keys);
            branches.push(self.branch(|c| c.block(body)));
            self.pop_guards(&keys);
            let mut negated = Vec::new();
            guards_of_negation(cond, &mut negated);
            self.push_guards(&negated);
            prior.extend(negated);
        }
        match &stmt.else_block {
            Some(body) => branches.push(self.branch(|c| c.block(body))),
            None => branches.push(Branch::default()),
        }
        self.pop_guards(&prior);
        // `if not exists(p) { fail … }`: after it, `p` is present for the
        // rest of the block.
        let conditions_all_end = branches
            .iter()
            .take(stmt.branches.len())
            .all(|b| b.diverges);
        if stmt.else_block.is_none() && conditions_all_end {
            self.flow.pending_guards.extend(prior);
        }
        self.merge(&branches)
    }

    fn match_stmt(&mut self, stmt: &'a Match) -> bool {
        let scrutinee_ty = self.expr(&stmt.scrutinee);
        let mut branches = Vec::with_capacity(stmt.arms.len() + 1);
        let mut wildcard = false;
        for arm in &stmt.arms {
            for pattern in &arm.patterns {
                match pattern {
                    Pattern::Literal(expr) => {
                        let ty = self.expr(expr);
                        self.compare(expr, BinOp::Eq, &stmt.scrutinee, &scrutinee_ty, expr, &ty);
                        self.check_status_comparison(expr, BinOp::Eq, &stmt.scrutinee, expr);
                    }
                    Pattern::Wildcard(_) => wildcard = true,
                }
            }
            branches.push(self.branch(|c| c.block(&arm.body)));
        }
        if !wildcard && !self.covers_every_value(&scrutinee_ty, stmt) {
            // No arm matched: control continues after the match.
            branches.push(Branch::default());
        }
        self.merge(&branches)
    }

    /// Whether the arms' literals name every value the scrutinee's type
    /// allows (every string of a union, or both `true` and `false`), so one
    /// arm always runs even without `_`.
    fn covers_every_value(&self, scrutinee: &Type, stmt: &Match) -> bool {
        let literals = stmt
            .arms
            .iter()
            .flat_map(|arm| arm.patterns.iter())
            .filter_map(|pattern| match pattern {
                Pattern::Literal(expr) => Some(&expr.kind),
                Pattern::Wildcard(_) => None,
            });
        match self.types.resolve(scrutinee) {
            Type::Union(values) => {
                let mut seen = vec![false; values.len()];
                for kind in literals {
                    if let ExprKind::String(template) = kind
                        && let Some(text) = template.as_plain()
                        && let Some(index) = values.iter().position(|v| *v == text)
                        && let Some(slot) = seen.get_mut(index)
                    {
                        *slot = true;
                    }
                }
                seen.iter().all(|&s| s)
            }
            Type::Bool => {
                let (mut yes, mut no) = (false, false);
                for kind in literals {
                    match kind {
                        ExprKind::Bool(true) => yes = true,
                        ExprKind::Bool(false) => no = true,
                        _ => {}
                    }
                }
                yes && no
            }
            _ => false,
        }
    }

    fn for_stmt(&mut self, stmt: &'a For) {
        let iter_ty = self.expr(&stmt.iter);
        let element = match self.types.resolve(&iter_ty).clone() {
            Type::Any => Type::Any,
            Type::List(element) => (*element).clone(),
            other => {
                let shown = self.types.display(&other);
                self.diagnostics
                    .push(d::for_over_non_list(&stmt.iter, &shown));
                Type::Any
            }
        };
        let result = match &stmt.distributed {
            None => {
                if let Some(concurrency) = &stmt.concurrency {
                    limits::check_concurrency(concurrency, self.diagnostics);
                }
                self.inner_scope(&stmt.body, Some((&stmt.var, element)))
            }
            Some(distributed) => self.distributed_body(stmt, distributed, element),
        };
        match &stmt.distributed {
            Some(distributed) => self.raise(Raised::Distributed(distributed.span)),
            None => self.raise(Raised::Anything),
        }
        if let Some(binding) = &stmt.binding {
            self.declare(binding, Type::List(Rc::new(result)), None);
        }
    }

    /// A distributed `for` body: a child execution that sees only its item
    /// (a list of items with `batch`).
    fn distributed_body(
        &mut self,
        stmt: &'a For,
        distributed: &Distributed,
        element: Type,
    ) -> Type {
        distributed::check_header(stmt, distributed, self.diagnostics);
        let element = match distributed.batch {
            Some(_) => Type::List(Rc::new(element)),
            None => element,
        };
        let outer = self
            .flow
            .child_execution
            .replace((self.flow.depth + 1, distributed.span));
        let result = self.inner_scope(&stmt.body, Some((&stmt.var, element)));
        self.flow.child_execution = outer;
        result
    }

    /// `emit`: its checks, then the binding like a call's: assigned only
    /// when the state succeeds. A receiver's failure can carry any error
    /// name, so it may reach any handler.
    fn emit(&mut self, emit: &'a Emit) {
        let answer = self.check_emit(emit);
        self.raise(Raised::Anything);
        let catches = &emit.options.catches;
        if catches.is_empty() {
            if let Some(binding) = &emit.binding {
                self.declare(binding, answer, None);
            }
            return;
        }
        let mut branches = Vec::with_capacity(catches.len() + 1);
        branches.push(self.branch(|c| {
            if let Some(binding) = &emit.binding {
                c.declare(binding, answer, None);
            }
            false
        }));
        for catch in catches {
            let handled = self.handler(catch, None);
            branches.push(handled);
        }
        self.merge(&branches);
    }

    fn http_call(&mut self, call: &'a HttpCall, span: Span) {
        self.check_call_site(call);
        // A failing call has not assigned its binding.
        self.raise(Raised::Builtin);
        let body_ty = match &call.response {
            Some(ty) => self.convert_type(ty),
            None => Type::Any,
        };
        let options = &call.options;
        self.check_catches(
            options
                .catches
                .iter()
                .map(|c| (c.errors.as_slice(), c.span)),
        );
        let response = Type::response(body_ty);
        let facts = {
            let own = options.catches.iter().flat_map(|c| c.errors.iter());
            let around = self
                .flow
                .tries
                .iter()
                .flat_map(|catches| catches.iter().flat_map(|c| c.errors.iter()));
            Rc::new(CallFacts::new(own.chain(around), span))
        };
        if options.catches.is_empty() {
            if let Some(binding) = &call.binding {
                self.declare(binding, response, Some(facts));
            }
            return;
        }
        // The binding is assigned only when the call succeeds; a handler
        // that does not end continues after the call without it.
        let mut branches = Vec::with_capacity(options.catches.len() + 1);
        branches.push(self.branch(|c| {
            if let Some(binding) = &call.binding {
                c.declare(binding, response, Some(facts));
            }
            false
        }));
        for catch in &options.catches {
            let handled = self.handler(catch, None);
            branches.push(handled);
        }
        self.merge(&branches);
    }
}

//! Check, flow: walks the workflow's statements in order.
//!
//! Takes the workflow body; reports how variables flow (E03xx): use before
//! `let`, `set` of undeclared or outer variables, names declared on only some
//! paths, redeclarations, shadowing across `parallel`/`for` scopes and
//! unreachable statements, plus unused variables (W0004) and status
//! comparisons that can never matter (W0007). Every expression met on the
//! way is typed by `types`, and every call is handed to `endpoints` and
//! `limits` for its own checks.
//!
//! Variables follow ASL, not block scoping: the top level is one scope and
//! each `parallel` branch and `for` body is an inner one. Inside a scope a
//! variable is usable where it is *definitely assigned* — on every path that
//! reaches the use. Branches are handled with an undo log: a branch's
//! changes are recorded, taken out when it ends, and the branches' results
//! are merged. Each change is logged once per enclosing branch, so the walk
//! is linear in the file's size times its nesting depth.

use std::collections::HashMap;
use std::rc::Rc;

use crate::check::Checker;
use crate::check::diagnostics as d;
use crate::check::limits;
use crate::check::types::{Type, guards_of, guards_of_negation, widen};
use crate::source::Span;
use crate::suggest;
use crate::syntax::ast::{
    BinOp, Block, Catch, ErrorKind, ErrorName, Expr, ExprKind, For, HttpCall, Ident, If, Match,
    Pattern, Stmt, StmtKind, Wait, Workflow,
};

/// Whether a variable holds a value on every path to here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Status {
    /// Assigned on every path.
    Definite,
    /// Assigned on some paths only.
    Maybe,
}

/// What the walk knows about a variable at one point.
#[derive(Debug, Clone)]
pub(super) struct Var {
    ty: Type,
    status: Status,
    /// The inner-scope depth of its declaration (0 = top level).
    scope: usize,
    /// Its declaration in [`Checker::decls`].
    decl: usize,
    /// For the response of a call: which failing statuses the call catches.
    call: Option<Rc<CallFacts>>,
}

/// One `let` (or loop variable, or `catch … as e`) in the source.
#[derive(Debug)]
pub(super) struct Decl {
    name: String,
    span: Span,
    /// Union-find parent: declarations of one name merged after a branch
    /// share their "used" flag, since a later read may read either.
    parent: usize,
    used: bool,
    /// False for the workflow input and names starting with `_`.
    warn_unused: bool,
}

/// The variables visible at the current point, with an undo log.
#[derive(Debug, Default)]
pub(super) struct Env {
    vars: HashMap<String, Var>,
    /// `(name, value before the change)`, oldest first.
    log: Vec<(String, Option<Var>)>,
}

impl Env {
    fn get(&self, name: &str) -> Option<&Var> {
        self.vars.get(name)
    }

    fn put(&mut self, name: &str, var: Option<Var>) {
        let old = match var {
            Some(var) => self.vars.insert(name.to_owned(), var),
            None => self.vars.remove(name),
        };
        self.log.push((name.to_owned(), old));
    }

    fn mark(&self) -> usize {
        self.log.len()
    }

    /// Takes out every change since `mark`, returning the final state of each
    /// name it touched.
    fn take(&mut self, mark: usize, diverges: bool) -> Branch {
        let mut touched: HashMap<String, Option<Var>> = HashMap::new();
        let mut order = Vec::new();
        for (name, _) in self.log.get(mark..).unwrap_or_default() {
            if !touched.contains_key(name) {
                touched.insert(name.clone(), self.vars.get(name).cloned());
                order.push(name.clone());
            }
        }
        while self.log.len() > mark {
            let Some((name, old)) = self.log.pop() else {
                break;
            };
            match old {
                Some(var) => {
                    self.vars.insert(name, var);
                }
                None => {
                    self.vars.remove(&name);
                }
            }
        }
        Branch {
            touched,
            order,
            diverges,
        }
    }
}

/// The effect of one path through a statement.
#[derive(Debug, Default)]
pub(super) struct Branch {
    touched: HashMap<String, Option<Var>>,
    order: Vec<String>,
    /// The path ends the execution, branch or iteration (`fail`, `return`, …).
    diverges: bool,
}

/// Which failing statuses a call's response could still be compared with.
#[derive(Debug)]
pub(super) struct CallFacts {
    /// A catch for `any` or `TaskFailed` covers every status.
    all: bool,
    /// Inclusive status ranges caught.
    ranges: Vec<(u64, u64)>,
    /// The call, for the warning's secondary label.
    span: Span,
}

impl CallFacts {
    fn new<'e>(errors: impl Iterator<Item = &'e ErrorName>, span: Span) -> CallFacts {
        let mut facts = CallFacts {
            all: false,
            ranges: Vec::new(),
            span,
        };
        for error in errors {
            match &error.kind {
                ErrorKind::Any => facts.all = true,
                ErrorKind::Builtin(name) if name == "TaskFailed" => facts.all = true,
                ErrorKind::Http(form) => match form.as_str() {
                    "4xx" => facts.ranges.push((400, 499)),
                    "5xx" => facts.ranges.push((500, 599)),
                    digits => {
                        if let Ok(code) = digits.parse::<u64>() {
                            facts.ranges.push((code, code));
                        }
                    }
                },
                _ => {}
            }
        }
        facts
    }

    fn catches(&self, status: u64) -> bool {
        self.all
            || self
                .ranges
                .iter()
                .any(|&(lo, hi)| (lo..=hi).contains(&status))
    }
}

/// How a missing variable was used, for the diagnostic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    Read,
    Set,
}

/// The names declared in one scope (anywhere in it, in any order), for the
/// ASL rule that inner scopes may not reuse an outer name.
type ScopeNames = HashMap<String, Span>;

/// Collects the names each scope declares. Inner scopes are keyed by their
/// body's span and collected separately, so every statement is visited once.
fn collect_scope_names(
    block: &Block,
    scope: &mut ScopeNames,
    all: &mut ScopeNames,
    inner: &mut HashMap<Span, ScopeNames>,
) {
    for stmt in &block.stmts {
        match &stmt.kind {
            StmtKind::Http(call) => {
                if let Some(binding) = &call.binding {
                    add(binding, scope, all);
                }
                for catch in &call.options.catches {
                    if let Some(binding) = &catch.binding {
                        add(binding, scope, all);
                    }
                    collect_scope_names(&catch.body, scope, all, inner);
                }
            }
            StmtKind::Let { name, .. } => add(name, scope, all),
            // Blocks that declare into the enclosing scope.
            StmtKind::If(_) | StmtKind::Match(_) | StmtKind::While { .. } => {
                for body in stmt.blocks() {
                    collect_scope_names(body, scope, all, inner);
                }
            }
            StmtKind::Parallel { binding, branches } => {
                if let Some(binding) = binding {
                    add(binding, scope, all);
                }
                for branch in branches {
                    let mut names = ScopeNames::new();
                    collect_scope_names(&branch.body, &mut names, all, inner);
                    inner.insert(branch.body.span, names);
                }
            }
            StmtKind::For(f) => {
                if let Some(binding) = &f.binding {
                    add(binding, scope, all);
                }
                let mut names = ScopeNames::new();
                add(&f.var, &mut names, all);
                collect_scope_names(&f.body, &mut names, all, inner);
                inner.insert(f.body.span, names);
            }
            StmtKind::Try { body, catches } => {
                collect_scope_names(body, scope, all, inner);
                for catch in catches {
                    if let Some(binding) = &catch.binding {
                        add(binding, scope, all);
                    }
                    collect_scope_names(&catch.body, scope, all, inner);
                }
            }
            StmtKind::Set { .. }
            | StmtKind::Wait(_)
            | StmtKind::Fail { .. }
            | StmtKind::Succeed
            | StmtKind::Return(_) => {}
        }
    }
}

fn add(ident: &Ident, scope: &mut ScopeNames, all: &mut ScopeNames) {
    scope.entry(ident.name.clone()).or_insert(ident.span);
    all.entry(ident.name.clone()).or_insert(ident.span);
}

/// The state of the walk that only the flow pass uses.
#[derive(Debug, Default)]
pub(super) struct FlowState<'a> {
    env: Env,
    decls: Vec<Decl>,
    /// Inner-scope depth: 0 at the top level.
    depth: usize,
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
    /// `exists` guards a statement proved for the rest of its block.
    pending_guards: Vec<String>,
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
        let decl = self.new_decl(&input_name, input_span, false);
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

    fn new_decl(&mut self, name: &str, span: Span, warn_unused: bool) -> usize {
        let index = self.flow.decls.len();
        self.flow.decls.push(Decl {
            name: name.to_owned(),
            span,
            parent: index,
            used: false,
            warn_unused: warn_unused && !name.starts_with('_'),
        });
        index
    }

    fn find_decl(&mut self, mut index: usize) -> usize {
        loop {
            let Some(parent) = self.flow.decls.get(index).map(|d| d.parent) else {
                return index;
            };
            if parent == index {
                return index;
            }
            // Path halving keeps the chains short.
            let grandparent = self.flow.decls.get(parent).map_or(parent, |d| d.parent);
            if let Some(decl) = self.flow.decls.get_mut(index) {
                decl.parent = grandparent;
            }
            index = grandparent;
        }
    }

    fn union_decls(&mut self, a: usize, b: usize) -> usize {
        let (ra, rb) = (self.find_decl(a), self.find_decl(b));
        if ra != rb {
            let used = self.flow.decls.get(rb).is_some_and(|d| d.used);
            if let Some(decl) = self.flow.decls.get_mut(rb) {
                decl.parent = ra;
            }
            if let Some(decl) = self.flow.decls.get_mut(ra) {
                decl.used |= used;
            }
        }
        ra
    }

    fn mark_used(&mut self, decl: usize) {
        let root = self.find_decl(decl);
        if let Some(decl) = self.flow.decls.get_mut(root) {
            decl.used = true;
        }
    }

    fn decl_span(&self, decl: usize) -> Span {
        self.flow
            .decls
            .get(decl)
            .map_or_else(Span::default, |d| d.span)
    }

    fn report_unused_variables(&mut self) {
        for index in 0..self.flow.decls.len() {
            let root = self.find_decl(index);
            let used = self.flow.decls.get(root).is_some_and(|d| d.used);
            if let Some(decl) = self.flow.decls.get(index)
                && decl.warn_unused
                && !used
            {
                self.diagnostics
                    .push(d::unused_variable(&decl.name, decl.span));
            }
        }
    }

    // -----------------------------------------------------------------------
    // Variables

    /// Declares a variable here (`let`, a call's binding, a loop variable,
    /// `catch … as e`).
    fn declare(&mut self, ident: &Ident, ty: Type, call: Option<Rc<CallFacts>>) {
        let name = ident.name.as_str();
        // ASL: variable names are unique across nested scopes, so an inner
        // scope may not reuse any name its outer scopes declare, before or
        // after this point (aws.md §2 "Variables", rule 3).
        let outer = self
            .flow
            .scopes
            .iter()
            .take(self.flow.depth)
            .find_map(|scope| scope.get(name).copied());
        if let Some(outer) = outer {
            self.diagnostics.push(d::shadows_outer_name(ident, outer));
        } else if let Some(previous) = self.flow.env.get(name)
            && previous.status == Status::Definite
        {
            let span = self.decl_span(previous.decl);
            self.diagnostics.push(d::redeclared(ident, span));
        }
        let decl = self.new_decl(name, ident.span, true);
        self.flow.env.put(
            name,
            Some(Var {
                ty,
                status: Status::Definite,
                scope: self.flow.depth,
                decl,
                call,
            }),
        );
    }

    /// The type of a variable read here; reports a missing or possibly
    /// unassigned one.
    pub(super) fn read_var(&mut self, ident: &Ident) -> Type {
        let Some(var) = self.flow.env.get(&ident.name).cloned() else {
            self.report_missing(ident, Access::Read);
            return Type::Any;
        };
        self.mark_used(var.decl);
        if var.status == Status::Maybe {
            let span = self.decl_span(var.decl);
            self.diagnostics.push(d::possibly_unassigned(ident, span));
            // Reported once: from here on treat it as assigned.
            self.flow.env.put(
                &ident.name,
                Some(Var {
                    status: Status::Definite,
                    ..var.clone()
                }),
            );
        }
        var.ty
    }

    fn report_missing(&mut self, ident: &Ident, access: Access) {
        let name = ident.name.as_str();
        // Declared later in this scope or an enclosing one?
        let later = self
            .flow
            .scopes
            .iter()
            .filter_map(|scope| scope.get(name).copied())
            .find(|span| span.start > ident.span.start);
        if let Some(later) = later {
            self.diagnostics.push(match access {
                Access::Read => d::use_before_let(ident, later),
                Access::Set => d::set_undeclared(ident, Some(later), None),
            });
            return;
        }
        if let Some(&elsewhere) = self.flow.all.get(name) {
            self.diagnostics.push(d::out_of_scope(ident, elsewhere));
            return;
        }
        let help = suggest::did_you_mean(name, self.flow.env.vars.keys().map(String::as_str));
        self.diagnostics.push(match access {
            Access::Read => d::unknown_variable(ident, help),
            Access::Set => d::set_undeclared(ident, None, help),
        });
    }

    fn assign(&mut self, ident: &Ident, value: &Expr) {
        let ty = self.expr(value);
        let Some(var) = self.flow.env.get(&ident.name).cloned() else {
            self.report_missing(ident, Access::Set);
            return;
        };
        if var.scope < self.flow.depth {
            let span = self.decl_span(var.decl);
            self.diagnostics
                .push(d::outer_set_in_inner_scope(ident, span));
            return;
        }
        if var.status == Status::Maybe {
            let span = self.decl_span(var.decl);
            self.diagnostics.push(d::possibly_unassigned(ident, span));
        } else if !self.types.assignable(&ty, &var.ty) {
            let expected = self.types.display(&var.ty);
            let found = self.types.shown_against(&ty, &var.ty);
            let span = self.decl_span(var.decl);
            self.diagnostics.push(
                d::mismatched_types(
                    value.span,
                    &expected,
                    &found,
                    &format!("`{}` holds `{expected}`", ident.name),
                )
                .with_secondary(span, format!("`{}` declared here", ident.name))
                .with_help(format!(
                    "store a `{expected}` here, or keep this value in a new variable with `let`"
                )),
            );
        }
        self.flow.env.put(
            &ident.name,
            Some(Var {
                status: Status::Definite,
                call: None,
                ..var
            }),
        );
    }

    // -----------------------------------------------------------------------
    // Branches

    fn branch(&mut self, walk: impl FnOnce(&mut Self) -> bool) -> Branch {
        let mark = self.flow.env.mark();
        let diverges = walk(self);
        self.flow.env.take(mark, diverges)
    }

    /// Merges the paths through a statement into the current state; returns
    /// whether every path diverges.
    fn merge(&mut self, branches: &[Branch]) -> bool {
        let all_diverge = !branches.is_empty() && branches.iter().all(|b| b.diverges);
        // When every path ends, what follows is unreachable (and reported);
        // merging them all still keeps later uses from cascading.
        let live: Vec<&Branch> = branches
            .iter()
            .filter(|b| all_diverge || !b.diverges)
            .collect();
        let mut names: Vec<&String> = Vec::new();
        let mut seen: HashMap<&str, ()> = HashMap::new();
        for branch in &live {
            for name in &branch.order {
                if seen.insert(name, ()).is_none() {
                    names.push(name);
                }
            }
        }
        for name in names {
            let before = self.flow.env.get(name).cloned();
            let states: Vec<Option<Var>> = live
                .iter()
                .map(|b| match b.touched.get(name.as_str()) {
                    Some(state) => state.clone(),
                    None => before.clone(),
                })
                .collect();
            let present: Vec<&Var> = states.iter().flatten().collect();
            let Some(first) = present.first() else {
                if before.is_some() {
                    self.flow.env.put(name, None);
                }
                continue;
            };
            let definite = present.len() == states.len()
                && present.iter().all(|v| v.status == Status::Definite);
            let mut ty = first.ty.clone();
            let mut decl = first.decl;
            for var in present.iter().skip(1) {
                ty = self.types.join(&ty, &var.ty);
                decl = self.union_decls(decl, var.decl);
            }
            let same_call = present.len() == states.len()
                && present.iter().all(|v| match (&v.call, &first.call) {
                    (Some(a), Some(b)) => Rc::ptr_eq(a, b),
                    _ => false,
                });
            let merged = Var {
                ty,
                status: if definite {
                    Status::Definite
                } else {
                    Status::Maybe
                },
                scope: first.scope,
                decl,
                call: if same_call { first.call.clone() } else { None },
            };
            self.flow.env.put(name, Some(merged));
        }
        all_diverge
    }

    /// Runs a catch handler. `protected` is the path through the protected
    /// block: its variables may or may not be assigned when the handler
    /// runs. The handler's `as e` lives only inside the handler.
    fn handler(&mut self, catch: &'a Catch, protected: Option<&Branch>) -> Branch {
        let mark = self.flow.env.mark();
        if let Some(body) = protected {
            for name in &body.order {
                if let Some(Some(var)) = body.touched.get(name) {
                    let status = match self.flow.env.get(name) {
                        Some(before) if before.status == Status::Definite => Status::Definite,
                        _ => Status::Maybe,
                    };
                    self.flow.env.put(
                        name,
                        Some(Var {
                            status,
                            ..var.clone()
                        }),
                    );
                }
            }
        }
        let binding_before = catch
            .binding
            .as_ref()
            .map(|b| (b.name.clone(), self.flow.env.get(&b.name).cloned()));
        if let Some(binding) = &catch.binding {
            self.declare(binding, Type::caught_error(), None);
        }
        let diverges = self.block(&catch.body);
        let mut branch = self.flow.env.take(mark, diverges);
        if let Some((name, before)) = binding_before {
            if !branch.order.contains(&name) {
                branch.order.push(name.clone());
            }
            branch.touched.insert(name, before);
        }
        branch
    }

    /// Walks a `parallel` branch or a `for` body as an inner scope; returns
    /// the type of its result.
    fn inner_scope(&mut self, body: &'a Block, var: Option<(&'a Ident, Type)>) -> Type {
        let names = self.flow.inner.remove(&body.span).unwrap_or_default();
        self.flow.scopes.push(names);
        self.flow.depth += 1;
        self.flow.returns.push(None);
        let mark = self.flow.env.mark();
        if let Some((ident, ty)) = var {
            self.declare(ident, ty, None);
        }
        let diverges = self.block(body);
        // The inner scope's variables die with it (aws.md §2 "Variables", rule 4).
        self.flow.env.take(mark, diverges);
        let returned = self.flow.returns.pop().flatten();
        self.flow.depth = self.flow.depth.saturating_sub(1);
        self.flow.scopes.pop();
        match returned {
            // Falling off the end yields the last state's output: unknown.
            Some(ty) if diverges => ty,
            _ => Type::Any,
        }
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
                let protected = self.branch(|c| c.block(body));
                self.flow.tries.pop();
                self.check_catches(catches.iter().map(|c| (c.errors.as_slice(), c.span)));
                let mut branches = Vec::with_capacity(catches.len() + 1);
                for catch in catches {
                    let handled = self.handler(catch, Some(&protected));
                    branches.push(handled);
                }
                branches.insert(0, protected);
                self.merge(&branches)
            }
            StmtKind::Wait(Wait::Duration(_)) => false,
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
                        .with_help("give a timestamp such as `\"2030-01-01T09:00:00Z\"`"),
                    );
                }
                false
            }
            StmtKind::Fail { error, cause } => {
                self.template(error);
                if let Some(cause) = cause {
                    self.template(cause);
                }
                if let Some(name) = error.as_plain()
                    && name.starts_with("States.")
                {
                    self.diagnostics
                        .push(d::reserved_fail_error(error.span, &name));
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
        if let Some(concurrency) = &stmt.concurrency {
            limits::check_concurrency(concurrency, self.diagnostics);
        }
        let result = self.inner_scope(&stmt.body, Some((&stmt.var, element)));
        if let Some(binding) = &stmt.binding {
            self.declare(binding, Type::List(Rc::new(result)), None);
        }
    }

    fn http_call(&mut self, call: &'a HttpCall, span: Span) {
        self.check_call_site(call);
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

    /// Warns about `r.status == 404` when the call that produced `r` does
    /// not catch 404: a non-2xx response makes the call fail, so `r` only
    /// ever holds a 2xx response.
    pub(super) fn check_status_comparison(
        &mut self,
        whole: &Expr,
        op: BinOp,
        lhs: &Expr,
        rhs: &Expr,
    ) {
        let (path, literal, op) = match (status_of(lhs), number_of(rhs)) {
            (Some(path), Some(n)) => (path, n, op),
            _ => match (status_of(rhs), number_of(lhs)) {
                (Some(path), Some(n)) => (path, n, mirror(op)),
                _ => return,
            },
        };
        let Some(facts) = self.flow.env.get(&path.name).and_then(|v| v.call.clone()) else {
            return;
        };
        if (200..=299).contains(&literal) || !(100..=599).contains(&literal) {
            return;
        }
        let always = match op {
            BinOp::Eq if !facts.catches(literal) => false,
            BinOp::Ne if !facts.catches(literal) => true,
            BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge
                if !facts.all && facts.ranges.is_empty() =>
            {
                // Every 2xx status is on the same side of a non-2xx literal.
                let sample = 200;
                match op {
                    BinOp::Lt => sample < literal,
                    BinOp::Le => sample <= literal,
                    BinOp::Gt => sample > literal,
                    _ => sample >= literal,
                }
            }
            _ => return,
        };
        self.diagnostics.push(d::dead_status_comparison(
            whole.span, &path.name, literal, always, facts.span,
        ));
    }
}

/// `x.status` → `x`.
fn status_of(expr: &Expr) -> Option<&Ident> {
    match &expr.kind {
        ExprKind::Field { base, field } if field.name == "status" => match &base.kind {
            ExprKind::Var(ident) => Some(ident),
            _ => None,
        },
        _ => None,
    }
}

/// A whole-number literal.
fn number_of(expr: &Expr) -> Option<u64> {
    match &expr.kind {
        ExprKind::Number(n) => n.as_u64(),
        _ => None,
    }
}

/// The operator with its sides swapped: `404 < x` is `x > 404`.
fn mirror(op: BinOp) -> BinOp {
    match op {
        BinOp::Lt => BinOp::Gt,
        BinOp::Le => BinOp::Ge,
        BinOp::Gt => BinOp::Lt,
        BinOp::Ge => BinOp::Le,
        other => other,
    }
}

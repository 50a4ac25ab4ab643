//! Check, flow: declarations, reads and assignments of variables, and the
//! names each ASL scope declares.

use std::collections::HashMap;
use std::rc::Rc;

use super::env::{Status, Var};
use super::status::CallFacts;
use crate::aws;
use crate::check::Checker;
use crate::check::diagnostics as d;
use crate::check::resolved::{ScopeId, VarDecl, VarId, VarKind};
use crate::check::types::Type;
use crate::source::Span;
use crate::suggest;
use crate::syntax::ast::{Block, Expr, Ident, NodeId, StmtKind};

/// What the flow pass tracks about one declaration (its name, place and
/// type are in [`Checker::resolved`]'s `vars`, at the same index).
#[derive(Debug)]
pub(super) struct Decl {
    /// Union-find parent: declarations of one name merged after a branch
    /// share their "used" flag, since a later read may read either.
    parent: usize,
    used: bool,
    /// False for the workflow input and names starting with `_`.
    warn_unused: bool,
}

/// How a missing variable was used, for the diagnostic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    Read,
    Set,
}

/// The names declared in one scope (anywhere in it, in any order), for the
/// ASL rule that inner scopes may not reuse an outer name.
pub(super) type ScopeNames = HashMap<String, Span>;

/// Collects the names each scope declares. Inner scopes are keyed by their
/// body's span and collected separately, so every statement is visited once.
pub(super) fn collect_scope_names(
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
            StmtKind::Emit(emit) => {
                if let Some(binding) = &emit.binding {
                    add(binding, scope, all);
                }
                for catch in &emit.options.catches {
                    if let Some(binding) = &catch.binding {
                        add(binding, scope, all);
                    }
                    collect_scope_names(&catch.body, scope, all, inner);
                }
            }
            StmtKind::Run(run) => {
                if let Some(binding) = &run.binding {
                    add(binding, scope, all);
                }
                for catch in &run.options.catches {
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

impl Checker<'_, '_> {
    /// Records a declaration both for the flow pass and in the resolved
    /// tables; returns its index in both.
    pub(super) fn new_decl(&mut self, name: &str, span: Span, ty: &Type, kind: VarKind) -> usize {
        let index = self.flow.decls.len();
        self.flow.decls.push(Decl {
            parent: index,
            used: false,
            warn_unused: kind == VarKind::Declared && !name.starts_with('_'),
        });
        self.resolved.vars.push(VarDecl {
            name: name.to_owned(),
            span,
            scope: self.flow.scope_ids.last().copied().unwrap_or(ScopeId::TOP),
            ty: ty.clone(),
            kind,
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

    pub(super) fn union_decls(&mut self, a: usize, b: usize) -> usize {
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
        self.resolved
            .var(VarId::new(decl))
            .map_or_else(Span::default, |d| d.span)
    }

    pub(super) fn report_unused_variables(&mut self) {
        for index in 0..self.flow.decls.len() {
            let root = self.find_decl(index);
            let used = self.flow.decls.get(root).is_some_and(|d| d.used);
            let warn = self.flow.decls.get(index).is_some_and(|d| d.warn_unused);
            if warn
                && !used
                && let Some(decl) = self.resolved.var(VarId::new(index))
            {
                self.diagnostics
                    .push(d::unused_variable(&decl.name, decl.span));
            }
        }
    }

    /// Declares a variable here (`let`, a call's binding, a loop variable,
    /// `catch … as e`).
    pub(super) fn declare(&mut self, ident: &Ident, ty: Type, call: Option<Rc<CallFacts>>) {
        let name = ident.name.as_str();
        if name.chars().count() > aws::MAX_VARIABLE_NAME_CHARS {
            self.diagnostics.push(d::variable_name_too_long(ident));
        }
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
        let decl = self.new_decl(name, ident.span, &ty, VarKind::Declared);
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
    /// `id` is the reading expression's, for the resolved-reads table.
    pub(in crate::check) fn read_var(&mut self, id: NodeId, ident: &Ident) -> Type {
        let Some(var) = self.flow.env.get(&ident.name).cloned() else {
            self.report_missing(ident, Access::Read);
            return Type::Any;
        };
        self.resolved.reads.insert(id, VarId::new(var.decl));
        self.mark_used(var.decl);
        if let Some((depth, distributed)) = self.flow.child_execution
            && var.scope < depth
        {
            let declared = self.decl_span(var.decl);
            self.diagnostics.push(d::outer_read_in_child_execution(
                ident,
                declared,
                distributed,
            ));
        }
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
        if access == Access::Read
            && let Some(param) = self.items.params.iter().find(|p| p.name.name == name)
        {
            // A stage parameter: say that, instead of E0107 here and the
            // parser's E0018 (not lower_snake_case) on the same name.
            let span = ident.span;
            let declared = param.name.span;
            self.diagnostics.retain(|d| match d.code {
                crate::diag::Code::ValueNameCase => d.primary.span != span,
                crate::diag::Code::UnusedParameter => d.primary.span != declared,
                _ => true,
            });
            self.diagnostics.push(d::param_in_workflow(ident, declared));
            return;
        }
        let help = if self.flow.suggestions_made < super::MAX_NAME_SUGGESTIONS {
            self.flow.suggestions_made += 1;
            suggest::did_you_mean(name, self.flow.env.vars.keys().map(String::as_str))
        } else {
            None
        };
        self.diagnostics.push(match access {
            Access::Read => d::unknown_variable(ident, help),
            Access::Set => d::set_undeclared(ident, None, help),
        });
    }

    pub(super) fn assign(&mut self, ident: &Ident, value: &Expr) {
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
}

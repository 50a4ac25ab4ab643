//! Stage 2, check: [`ast::File`] → [`Checked`].
//!
//! Resolves names, type-checks expressions, follows the flow of variables
//! and checks ASL's limits. Every problem is pushed as a diagnostic and the
//! pass goes on, so one run reports every error in the file.
//!
//! | pass          | module          | codes |
//! |---------------|-----------------|-------|
//! | item tables   | [`names`]       | E0101–E0103, W0001–W0003 |
//! | named types   | [`types`]       | E0106, E0112, E0201 |
//! | endpoints     | [`endpoints`]   | E0501–E0511, W0005 |
//! | retry items   | [`limits`]      | E04xx, E0110, E0111 |
//! | waits against the time limit | [`timing`] | E0409 |
//! | the workflow  | [`flow`], which types each expression ([`infer`]) and checks each call ([`endpoints`], [`limits`]) | E01xx, E02xx, E03xx, W0004, W0006, W0007 |
//!
//! Each pass visits every node a bounded number of times: the whole stage is
//! linear in the size of the file (times its nesting depth for branches).
//! Wording lives in [`diagnostics`], one constructor per message.
//!
//! What the walk learns is handed on beside the tree, keyed by node id: the
//! type of every expression ([`Checked::expr_types`]) and what every
//! variable read and every call resolved to ([`resolved`]), so lowering
//! reads check's answers instead of deciding again.

mod credentials;
pub mod diagnostics;
mod distributed;
mod endpoints;
pub mod errors;
pub mod events;
mod flow;
mod follow_ons;
mod history;
mod infer;
pub mod library;
mod limits;
mod logging;
mod names;
pub mod params;
mod stack;
pub mod subflow;
pub mod timing;
pub mod types;

#[cfg(test)]
mod tests;

pub mod resolved;
pub mod resources;

pub use follow_ons::drop_follow_ons;

use std::collections::HashMap;

use indexmap::IndexMap;

use crate::diag::Diagnostics;
use crate::syntax::ast::{
    self, Endpoint, Expr, NodeMap, RetryDef, StrLit, TypeDef, TypeExpr, Workflow,
};
use diagnostics as d;
use resolved::Resolved;
use types::{Type, TypeTable};

/// A file whose names are resolved, ready for lowering (when no error was
/// reported).
#[derive(Debug, Clone)]
pub struct Checked<'a> {
    /// The file.
    pub file: &'a ast::File,
    /// The one workflow.
    pub workflow: &'a Workflow,
    /// Endpoints by name, in source order (first definition wins).
    pub endpoints: IndexMap<&'a str, &'a Endpoint>,
    /// Retry policies by name, in source order.
    pub retries: IndexMap<&'a str, &'a RetryDef>,
    /// Named types by name, in source order.
    pub types: IndexMap<&'a str, &'a TypeDef>,
    /// The named types, resolved: what [`Type::Named`] indexes.
    pub type_table: TypeTable,
    /// The type inferred for each expression of the workflow.
    pub expr_types: NodeMap<Type>,
    /// What each variable read and each call resolved to.
    pub resolved: Resolved<'a>,
    /// The workflows this file `use`s, for its `run` statements.
    pub callees: subflow::Callees,
}

impl Checked<'_> {
    /// The structural type check inferred for `expr` (named types followed);
    /// `any` for an expression check never typed.
    pub fn type_of(&self, expr: &Expr) -> &Type {
        self.expr_types
            .get(&expr.id)
            .map_or(&Type::Any, |ty| self.type_table.resolve(ty))
    }
}

/// Checks a parsed file. Returns `None` when there is nothing to lower (no
/// workflow); errors are in `diagnostics` either way.
pub fn check_file<'a>(file: &'a ast::File, diagnostics: &mut Diagnostics) -> Option<Checked<'a>> {
    check_file_with(file, &subflow::Callees::default(), diagnostics)
}

/// Checks a parsed file whose `use`d workflows are `callees` (resolved
/// beforehand, see `crate::check_with`).
pub fn check_file_with<'a>(
    file: &'a ast::File,
    callees: &subflow::Callees,
    diagnostics: &mut Diagnostics,
) -> Option<Checked<'a>> {
    let items = names::collect_items(file, diagnostics);
    let type_defs: Vec<&TypeDef> = items.types.values().copied().collect();
    let types = TypeTable::build(&type_defs, diagnostics);
    for endpoint in &items.all_endpoints {
        endpoints::check_endpoint(endpoint, diagnostics);
    }
    for retry in &items.all_retries {
        limits::check_policy(&retry.policy, Some(&retry.name), diagnostics);
    }
    resources::check_resources(file, diagnostics);
    stack::check_one_region(file, diagnostics);
    params::check_params(file, diagnostics);
    for item in &file.items {
        match item {
            ast::Item::Endpoint(endpoint) => credentials::check_endpoint(endpoint, diagnostics),
            ast::Item::Workflow(workflow) => credentials::check_workflow(workflow, diagnostics),
            ast::Item::Type(_)
            | ast::Item::Retry(_)
            | ast::Item::Param(_)
            | ast::Item::Use(_)
            | ast::Item::Bus(_) => {}
        }
    }
    let workflow = items.workflow?;
    limits::check_workflow(workflow, diagnostics);
    logging::check_workflow(workflow, diagnostics);
    history::check_block(&workflow.body, diagnostics);
    timing::check_workflow_time(workflow, diagnostics);

    let usage = names::Usage::for_items(&items);
    let mut checker = Checker {
        items,
        types,
        usage,
        diagnostics,
        guards: HashMap::new(),
        elements: Vec::new(),
        expr_depth: 0,
        flow: flow::FlowState::default(),
        state_names: Vec::new(),
        expr_types: NodeMap::default(),
        resolved: Resolved::default(),
        subflow: subflow::SubflowState {
            callees: callees
                .workflows
                .iter()
                .map(|(name, (signature, _))| (name.clone(), signature.clone()))
                .collect(),
            express: workflow.express,
            used: std::collections::HashSet::new(),
            unknown: false,
            incomplete: callees.incomplete,
        },
    };
    checker.check_bus_items(file);
    checker.check_workflow_body(workflow);
    limits::check_state_names(&checker.state_names, checker.diagnostics);
    stack::check_state_names(&checker.state_names, checker.diagnostics);
    names::report_unused(
        &checker.items,
        &checker.usage,
        &checker.types,
        checker.diagnostics,
    );

    for (name, (_, span)) in &callees.workflows {
        if name == &workflow.name.name {
            checker
                .diagnostics
                .push(d::duplicate_use(*span, name, None));
        } else if !checker.subflow.used.contains(name) && !checker.subflow.unknown {
            checker.diagnostics.push(d::unused_use(*span, name));
        }
    }
    let Checker {
        items,
        types,
        expr_types,
        resolved,
        ..
    } = checker;
    Some(Checked {
        file,
        workflow,
        endpoints: items.endpoints,
        retries: items.retries,
        types: items.types,
        type_table: types,
        expr_types,
        resolved,
        callees: callees.clone(),
    })
}

/// The state shared by the passes that walk the workflow. Its methods are
/// spread over the pass modules: statements in `flow`, expressions in
/// `infer`, call sites in `endpoints`, error lists in `limits`.
struct Checker<'a, 'd> {
    items: names::Items<'a>,
    types: TypeTable,
    usage: names::Usage,
    diagnostics: &'d mut Diagnostics,
    /// Paths proven present by an enclosing `exists(…)`, with a count so
    /// nested guards of one path undo correctly.
    guards: HashMap<String, usize>,
    /// How deep the expression being typed is nested (see `infer`).
    expr_depth: usize,
    /// The element variables of the comprehensions being typed, innermost
    /// last (see `library`).
    elements: Vec<(String, Type)>,
    flow: flow::FlowState<'a>,
    /// The `name "…"` of every call, for the uniqueness check at the end.
    state_names: Vec<&'a StrLit>,
    /// The type of each expression typed so far. The walk types each
    /// expression once; were one typed again, the last typing would win.
    expr_types: NodeMap<Type>,
    /// What each use resolved to, handed on in [`Checked::resolved`].
    resolved: Resolved<'a>,
    /// The used workflows `run` may start (`flow::run`).
    subflow: subflow::SubflowState,
}

impl Checker<'_, '_> {
    /// Converts a type written in the workflow (the input's, a call's
    /// `-> T`), recording the named types it uses.
    fn convert_type(&mut self, expr: &TypeExpr) -> Type {
        let mut refs = Vec::new();
        let ty = self.types.convert(expr, &mut refs, self.diagnostics);
        self.usage.type_roots.extend(refs);
        ty
    }
}

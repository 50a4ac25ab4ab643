//! Check, names: the file's item tables.
//!
//! Takes the parsed file; returns [`Items`] (the workflow and the endpoint,
//! retry-policy and type tables, first definition of each name winning) and
//! reports a missing or second workflow and duplicate item names (E0101–
//! E0103). After the workflow has been walked, [`report_unused`] warns about
//! items nothing refers to (W0001–W0003).

use indexmap::IndexMap;
use indexmap::map::Entry;

use crate::check::diagnostics as d;
use crate::check::types::TypeTable;
use crate::diag::Diagnostics;
use crate::syntax::ast::{self, BusDef, Endpoint, Item, RetryDef, TypeDef, Workflow};

/// The items of one file by kind.
#[derive(Debug, Default)]
pub(super) struct Items<'a> {
    /// The first workflow.
    pub workflow: Option<&'a Workflow>,
    /// Endpoints by name, first definition of each name.
    pub endpoints: IndexMap<&'a str, &'a Endpoint>,
    /// Every endpoint item, duplicates included, for the per-endpoint checks.
    pub all_endpoints: Vec<&'a Endpoint>,
    /// Retry policies by name.
    pub retries: IndexMap<&'a str, &'a RetryDef>,
    /// Every retry item, duplicates included.
    pub all_retries: Vec<&'a RetryDef>,
    /// Types by name.
    pub types: IndexMap<&'a str, &'a TypeDef>,
    /// The `param` items (checked by `check::params`; here so that a
    /// workflow reading one by mistake hears what it is, E0640).
    pub params: Vec<&'a ast::ParamDef>,
    /// Event buses by name, first definition of each name.
    pub buses: IndexMap<&'a str, &'a BusDef>,
}

/// Sorts the file's items into tables and reports duplicates.
pub(super) fn collect_items<'a>(file: &'a ast::File, diagnostics: &mut Diagnostics) -> Items<'a> {
    let mut items = Items::default();
    for item in &file.items {
        match item {
            Item::Workflow(workflow) => match items.workflow {
                None => items.workflow = Some(workflow),
                Some(first) => diagnostics.push(d::duplicate_workflow(workflow, first)),
            },
            Item::Endpoint(endpoint) => {
                items.all_endpoints.push(endpoint);
                insert_unique(
                    &mut items.endpoints,
                    &endpoint.name,
                    endpoint,
                    "endpoint",
                    diagnostics,
                );
            }
            // Resolved before check (`check::subflow`).
            Item::Use(_) => {}
            Item::Retry(retry) => {
                items.all_retries.push(retry);
                insert_unique(
                    &mut items.retries,
                    &retry.name,
                    retry,
                    "retry policy",
                    diagnostics,
                );
            }
            Item::Type(def) => {
                insert_unique(&mut items.types, &def.name, def, "type", diagnostics);
            }
            // Stage parameters have their own pass (`check::params`).
            Item::Param(param) => items.params.push(param),
            Item::Bus(bus) => {
                insert_unique(&mut items.buses, &bus.name, bus, "event bus", diagnostics);
            }
        }
    }
    if items.workflow.is_none() {
        diagnostics.push(d::missing_workflow(file.span));
    }
    items
}

/// Items that can be named by an [`ast::Ident`] and reported as duplicates.
trait Named {
    fn name(&self) -> &ast::Ident;
}

impl Named for Endpoint {
    fn name(&self) -> &ast::Ident {
        &self.name
    }
}

impl Named for RetryDef {
    fn name(&self) -> &ast::Ident {
        &self.name
    }
}

impl Named for BusDef {
    fn name(&self) -> &ast::Ident {
        &self.name
    }
}

impl Named for TypeDef {
    fn name(&self) -> &ast::Ident {
        &self.name
    }
}

fn insert_unique<'a, T: Named>(
    table: &mut IndexMap<&'a str, &'a T>,
    name: &'a ast::Ident,
    item: &'a T,
    kind: &str,
    diagnostics: &mut Diagnostics,
) {
    match table.entry(name.name.as_str()) {
        Entry::Vacant(slot) => {
            slot.insert(item);
        }
        Entry::Occupied(first) => {
            diagnostics.push(d::duplicate_item(kind, name, first.get().name().span));
        }
    }
}

/// What the workflow referred to, filled in while it is walked.
#[derive(Debug, Default)]
pub(super) struct Usage {
    /// Per entry of [`Items::endpoints`].
    pub endpoints: Vec<bool>,
    /// Per entry of [`Items::retries`].
    pub retries: Vec<bool>,
    /// Named types the workflow itself mentions (roots of reachability).
    pub type_roots: Vec<usize>,
    /// Per entry of [`Items::buses`].
    pub buses: Vec<bool>,
}

impl Usage {
    /// Room for every item of `items`, nothing used yet.
    pub fn for_items(items: &Items<'_>) -> Usage {
        Usage {
            endpoints: vec![false; items.endpoints.len()],
            retries: vec![false; items.retries.len()],
            type_roots: Vec::new(),
            buses: vec![false; items.buses.len()],
        }
    }
}

/// Warns about endpoints, retry policies and types nothing uses. A type
/// counts as used when the workflow reaches it, directly or through other
/// types; two types that only mention each other are both unused.
pub(super) fn report_unused(
    items: &Items<'_>,
    usage: &Usage,
    types: &TypeTable,
    diagnostics: &mut Diagnostics,
) {
    for ((_, endpoint), used) in items.endpoints.iter().zip(&usage.endpoints) {
        if !used && !endpoint.name.name.starts_with('_') {
            diagnostics.push(d::unused_endpoint(&endpoint.name));
        }
    }
    for ((_, retry), used) in items.retries.iter().zip(&usage.retries) {
        if !used && !retry.name.name.starts_with('_') {
            diagnostics.push(d::unused_retry_policy(&retry.name));
        }
    }
    for ((_, bus), used) in items.buses.iter().zip(&usage.buses) {
        if !used && !bus.name.name.starts_with('_') {
            diagnostics.push(d::unused_bus(&bus.name));
        }
    }
    let mut reached = vec![false; types.len()];
    let mut stack: Vec<usize> = usage.type_roots.clone();
    while let Some(index) = stack.pop() {
        match reached.get_mut(index) {
            Some(seen) if !*seen => *seen = true,
            _ => continue,
        }
        stack.extend_from_slice(types.refers_to(index));
    }
    for ((_, def), reached) in items.types.iter().zip(&reached) {
        if !reached {
            diagnostics.push(d::unused_type(&def.name));
        }
    }
}

//! Check, sub-workflows: what a `use`d file's workflow takes and gives.
//!
//! The library does no I/O: the caller of [`crate::check_with`] (the CLI,
//! or a test with files in memory) hands over a [`crate::Loader`], and
//! `crate::subflows` loads, parses and checks every `use`d file before the
//! file itself is checked. What check needs from each is its
//! [`Signature`]: the workflow's name (its state machine's name), its
//! input type and its output type (the join of its top-level `return`s),
//! both with named types expanded so they mean the same in the caller's
//! type table.

use std::collections::HashSet;
use std::rc::Rc;

use indexmap::IndexMap;

use super::Checked;
use super::types::{Field, Type, TypeTable, widen};
use crate::aws::ids::Arn;
use crate::source::Span;
use crate::syntax::ast::{Block, Pattern, Stmt, StmtKind};

/// What a caller needs to know about a used workflow.
#[derive(Debug, Clone, PartialEq)]
pub struct Signature {
    /// The workflow's name: its state machine's name.
    pub name: String,
    /// What its input must be (`any` when it declares none).
    pub input: Type,
    /// What it returns.
    pub output: Type,
}

/// The workflows a file `use`s, by name, in the order of the `use` items.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Callees {
    /// Each used workflow with the span of its `use` item's path.
    pub workflows: IndexMap<String, (Signature, Span)>,
    /// The resolved path of each used workflow's file, by workflow name.
    pub paths: IndexMap<String, String>,
    /// Whether a `use` could not be resolved (it was reported): a `run`
    /// of an unknown name may mean its workflow, so it is not reported
    /// again.
    pub incomplete: bool,
}

/// What the flow checker knows about sub-workflows while it walks.
#[derive(Debug, Clone, Default)]
pub(super) struct SubflowState {
    /// Used workflows by name.
    pub callees: IndexMap<String, Signature>,
    /// The span of `express`, when the caller is an Express workflow.
    pub express: Option<Span>,
    /// The names some `run` started.
    pub used: HashSet<String>,
    /// Whether a `run` named no used workflow (then which `use` it meant
    /// is unclear, and none is reported unused).
    pub unknown: bool,
    /// [`Callees::incomplete`].
    pub incomplete: bool,
}

/// The signature of a checked file's workflow.
pub fn signature(checked: &Checked<'_>) -> Signature {
    let table = &checked.type_table;
    let workflow = checked.workflow;
    let input = match &workflow.input {
        Some(param) => {
            let ty = table.convert(
                &param.ty,
                &mut Vec::new(),
                &mut crate::diag::Diagnostics::new(),
            );
            flatten(table, &ty)
        }
        None => Type::Any,
    };
    let mut returned: Option<Type> = None;
    collect_returns(&workflow.body, checked, &mut returned);
    if !ends(&workflow.body) {
        returned = Some(match returned {
            None => Type::Null,
            Some(ty) => table.join(&ty, &Type::Null),
        });
    }
    Signature {
        name: workflow.name.name.clone(),
        input,
        // As for `let`: a literal's type widens (`"done"` is a `string`,
        // `null` is `any`), so the caller's variable can change.
        output: widen(returned.map_or(Type::Null, |ty| flatten(table, &ty))),
    }
}

/// The state machine name in a state machine ARN
/// (`arn:aws:states:eu-west-1:111122223333:stateMachine:name`, optionally
/// followed by `:version` or `:alias`), or why the text is not one.
pub fn state_machine_of(arn: &str) -> Result<&str, &'static str> {
    let parsed = Arn::parse(arn).map_err(|_| "not a well-formed ARN")?;
    if parsed.service != "states" {
        return Err("not an ARN of Step Functions (`states`)");
    }
    let Some(rest) = parsed.resource.strip_prefix("stateMachine:") else {
        return Err("not a `stateMachine:` ARN");
    };
    let name = rest.split(':').next().unwrap_or("");
    let valid = !name.is_empty()
        && name.len() <= 80
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if valid {
        Ok(name)
    } else {
        Err("the state machine name is empty or not made of letters, digits, `-` and `_`")
    }
}

/// The types of the `return`s that end the workflow itself (not those
/// ending a `parallel` branch or `for` iteration), joined.
fn collect_returns(block: &Block, checked: &Checked<'_>, out: &mut Option<Type>) {
    for stmt in &block.stmts {
        match &stmt.kind {
            StmtKind::Return(expr) => {
                let ty = checked
                    .expr_types
                    .get(&expr.id)
                    .cloned()
                    .unwrap_or(Type::Any);
                *out = Some(match out.take() {
                    None => ty,
                    Some(prev) => checked.type_table.join(&prev, &ty),
                });
            }
            StmtKind::Parallel { .. } | StmtKind::For(_) => {}
            _ => {
                for inner in stmt.blocks() {
                    collect_returns(inner, checked, out);
                }
            }
        }
    }
}

/// Whether every path through the block ends the execution (so it never
/// reaches its end, which would give `null`).
fn ends(block: &Block) -> bool {
    block.stmts.iter().any(stmt_ends)
}

fn stmt_ends(stmt: &Stmt) -> bool {
    match &stmt.kind {
        StmtKind::Return(_) | StmtKind::Fail { .. } => true,
        StmtKind::If(stmt_if) => {
            stmt_if.else_block.as_ref().is_some_and(ends)
                && stmt_if.branches.iter().all(|(_, body)| ends(body))
        }
        StmtKind::Match(stmt_match) => {
            stmt_match.arms.iter().any(|arm| {
                arm.patterns
                    .iter()
                    .any(|p| matches!(p, Pattern::Wildcard(_)))
            }) && stmt_match.arms.iter().all(|arm| ends(&arm.body))
        }
        StmtKind::Try { body, catches } => ends(body) && catches.iter().all(|c| ends(&c.body)),
        // `succeed` ends with `null`, as does falling off the end.
        _ => false,
    }
}

/// The type with every named type expanded (recursive ones become `any`
/// past a depth), so it means the same in another file's type table.
pub fn flatten(table: &TypeTable, ty: &Type) -> Type {
    flatten_in(table, ty, 0)
}

fn flatten_in(table: &TypeTable, ty: &Type, depth: usize) -> Type {
    if depth > 24 {
        return Type::Any;
    }
    match table.resolve(ty) {
        Type::List(item) => Type::List(Rc::new(flatten_in(table, item, depth + 1))),
        Type::Map(value) => Type::Map(Rc::new(flatten_in(table, value, depth + 1))),
        Type::Record(fields) => Type::Record(
            fields
                .iter()
                .map(|field| Field {
                    name: field.name.clone(),
                    ty: flatten_in(table, &field.ty, depth + 1),
                    optional: field.optional,
                })
                .collect::<Vec<_>>()
                .into(),
        ),
        Type::Named(_) => Type::Any,
        other => other.clone(),
    }
}

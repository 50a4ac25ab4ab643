//! Check, resolved uses: what each name in the workflow was found to mean.
//!
//! The flow pass and the call-site checks look every name up once; they
//! record the answer here, keyed by the node's [`NodeId`](crate::syntax::ast::NodeId), so lowering reads
//! the answer instead of looking the name up again (and possibly deciding
//! differently). Kept beside the tree as side tables, like the types in
//! [`Checked::expr_types`](super::Checked::expr_types).
//!
//! - every variable declaration gets a [`VarId`], with its name, scope and
//!   declared type ([`VarDecl`]);
//! - every `ExprKind::Var` read maps to the declaration it reads;
//! - every HTTP call maps to its endpoint and, in order, the policy of each
//!   of its `retry` clauses (named or written inline).
//!
//! A name check could not resolve (and reported) has no entry: a program
//! with errors is never lowered, so lowering may treat a missing entry as a
//! compiler bug.

use crate::source::Span;
use crate::syntax::ast::{Endpoint, Expr, ExprKind, HttpCall, NodeId, NodeMap, RetryPolicy};

use super::types::Type;

/// One variable declaration: an index into [`Resolved::vars`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VarId(usize);

impl VarId {
    /// The declaration at `index` of [`Resolved::vars`].
    pub(super) fn new(index: usize) -> VarId {
        VarId(index)
    }
}

/// A variable scope in ASL's sense: the top level, or one `parallel` branch
/// or `for` body. Inside one scope a name is one ASL variable however many
/// times it is declared; scopes never reuse an outer name (check rejects
/// that), but sibling scopes may.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ScopeId(usize);

impl ScopeId {
    /// The workflow's top level.
    pub const TOP: ScopeId = ScopeId(0);

    /// The scope numbered `n` in the order check entered them.
    pub(super) fn new(n: usize) -> ScopeId {
        ScopeId(n)
    }
}

/// How a variable came to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VarKind {
    /// The workflow's input parameter (or the implicit `input`): not an ASL
    /// variable but the execution's input.
    Input,
    /// Anything else that assigns a name: `let`, a call's or a `parallel`'s
    /// or a `for`'s binding, a loop variable, `catch … as e`.
    Declared,
}

/// One declaration of a variable.
#[derive(Debug, Clone)]
pub struct VarDecl {
    /// The name as written.
    pub name: String,
    /// Where it is declared.
    pub span: Span,
    /// The scope it lives in.
    pub scope: ScopeId,
    /// The type it was declared with (before any merge of branches).
    pub ty: Type,
    /// Input parameter or ordinary variable.
    pub kind: VarKind,
}

/// What check resolved for one HTTP call.
#[derive(Debug, Clone, Default)]
pub struct ResolvedCall<'a> {
    /// The endpoint it calls; `None` when the name is unknown.
    pub endpoint: Option<&'a Endpoint>,
    /// The policy of each `retry` clause, in the call's order; `None` where
    /// a named policy is unknown.
    pub retries: Vec<Option<&'a RetryPolicy>>,
}

/// The side tables of resolved uses.
#[derive(Debug, Clone, Default)]
pub struct Resolved<'a> {
    /// Every declaration, in the order check met them; [`VarId`] indexes it.
    pub vars: Vec<VarDecl>,
    /// For each variable read (`ExprKind::Var`), the declaration it reads.
    /// Where declarations on several paths reach a read (a name declared in
    /// both branches of an `if`), one of them stands for all: they share
    /// name and scope, so they are the same ASL variable.
    pub reads: NodeMap<VarId>,
    /// For each HTTP call, its endpoint and retry policies.
    pub calls: NodeMap<ResolvedCall<'a>>,
}

impl<'a> Resolved<'a> {
    /// A declaration by id.
    pub fn var(&self, id: VarId) -> Option<&VarDecl> {
        self.vars.get(id.0)
    }

    /// The declaration a variable read refers to; `None` for an expression
    /// that is not a variable or a name check could not resolve.
    pub fn var_of(&self, expr: &Expr) -> Option<&VarDecl> {
        if !matches!(expr.kind, ExprKind::Var(_)) {
            return None;
        }
        self.reads.get(&expr.id).and_then(|&id| self.var(id))
    }

    /// The endpoint a call resolved to.
    pub fn endpoint_of(&self, call: &HttpCall) -> Option<&'a Endpoint> {
        self.calls.get(&call.id).and_then(|c| c.endpoint)
    }

    /// The policy of the call's `retry` clause at `position`.
    pub fn retry_policy(&self, call: &HttpCall, position: usize) -> Option<&'a RetryPolicy> {
        self.retry_policy_of(call.id, position)
    }

    /// The policy of the `retry` clause at `position` of the call, `run`
    /// or `emit` with this id.
    pub fn retry_policy_of(&self, id: NodeId, position: usize) -> Option<&'a RetryPolicy> {
        self.calls
            .get(&id)
            .and_then(|c| c.retries.get(position).copied().flatten())
    }

    /// The variables in the order they were declared, each name once, with
    /// the input parameter first: what the ASL variable renaming needs.
    pub fn declared_names(&self) -> impl Iterator<Item = (&str, VarKind)> {
        let mut seen = std::collections::HashSet::new();
        self.vars
            .iter()
            .filter(move |decl| seen.insert(decl.name.as_str()))
            .map(|decl| (decl.name.as_str(), decl.kind))
    }
}

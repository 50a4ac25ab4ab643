//! Blocks and statements, with HTTP calls and their options.

use super::{
    Doc, Duration, Emit, Encoding, ErrorName, Expr, Ident, NodeId, NumLit, RetryPolicy, Spanned,
    StrLit, Template, TypeExpr,
};
use crate::source::Span;

/// `{ stmts }`
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// Statements in order.
    pub stmts: Vec<Stmt>,
    /// From `{` to `}`.
    pub span: Span,
}

/// One statement with its doc comment.
#[derive(Debug, Clone, PartialEq)]
pub struct Stmt {
    /// Doc comment, emitted as the state's `Comment`.
    pub doc: Option<Doc>,
    /// What it does.
    pub kind: StmtKind,
    /// The whole statement (without its doc comment).
    pub span: Span,
}

impl Stmt {
    /// The blocks directly inside this statement, in source order: each
    /// `if`/`else if`/`else` block, each match arm, a loop's or a branch's
    /// body, a `try` body, and every `catch` handler (on a `try` or on a
    /// call). A pass that only needs to reach nested statements walks
    /// these instead of matching every kind; a new statement kind with a
    /// block adds it here.
    pub fn blocks<'s>(&'s self) -> Vec<&'s Block> {
        let handlers = |catches: &'s [Catch]| catches.iter().map(|c| &c.body);
        match &self.kind {
            StmtKind::Http(call) => handlers(&call.options.catches).collect(),
            StmtKind::Emit(emit) => handlers(&emit.options.catches).collect(),
            StmtKind::Run(run) => handlers(&run.options.catches).collect(),
            StmtKind::If(stmt_if) => {
                let branches = stmt_if.branches.iter().map(|(_, body)| body);
                branches.chain(&stmt_if.else_block).collect()
            }
            StmtKind::Match(stmt_match) => stmt_match.arms.iter().map(|arm| &arm.body).collect(),
            StmtKind::While { body, .. } => vec![body],
            StmtKind::Parallel { branches, .. } => branches.iter().map(|b| &b.body).collect(),
            StmtKind::For(stmt_for) => vec![&stmt_for.body],
            StmtKind::Try { body, catches } => {
                std::iter::once(body).chain(handlers(catches)).collect()
            }
            StmtKind::Let { .. }
            | StmtKind::Set { .. }
            | StmtKind::Wait(_)
            | StmtKind::Fail { .. }
            | StmtKind::Succeed
            | StmtKind::Return(_) => Vec::new(),
        }
    }
}

/// The statements of SFL. (No variant is much larger than the next: an
/// HTTP call and a `run` are about the same size.)
#[derive(Debug, Clone, PartialEq)]
pub enum StmtKind {
    /// `[let x =] METHOD endpoint "path" [-> T] [{ options }]`
    Http(HttpCall),
    /// `[let x =] emit BUS SOURCE DETAIL_TYPE DETAIL [wait …] [{ options }]`
    Emit(Emit),
    /// `[let x =] run workflow(input) [-> T] [{ options }]`
    Run(RunCall),
    /// `let x = expr`
    Let {
        /// The new variable.
        name: Ident,
        /// Its value.
        value: Expr,
    },
    /// `set x = expr`
    Set {
        /// The variable being reassigned.
        name: Ident,
        /// Its new value.
        value: Expr,
    },
    /// `if c { } else if c { } else { }`
    If(If),
    /// `match expr { pattern => { } … }`
    Match(Match),
    /// `while c { }`
    While {
        /// Loop condition.
        cond: Expr,
        /// Loop body.
        body: Block,
    },
    /// `[let r =] parallel { branch { } branch { } }`
    Parallel {
        /// `r`, bound to the list of branch results.
        binding: Option<Ident>,
        /// The branches, in order.
        branches: Vec<Branch>,
    },
    /// `[let r =] for x in expr [concurrency N] { }`
    For(For),
    /// `try { } catch ERRORS [as e] { } …`
    Try {
        /// The protected block.
        body: Block,
        /// Handlers, in order.
        catches: Vec<Catch>,
    },
    /// `wait D` / `wait until expr`
    Wait(Wait),
    /// `fail "Error" ["cause"]`
    Fail {
        /// The error name (may interpolate).
        error: Template,
        /// The cause (may interpolate).
        cause: Option<Template>,
    },
    /// `succeed`
    Succeed,
    /// `return expr`
    Return(Expr),
}

/// `branch { … }` inside `parallel`.
#[derive(Debug, Clone, PartialEq)]
pub struct Branch {
    /// The branch's statements.
    pub body: Block,
    /// From `branch` to `}`.
    pub span: Span,
}

/// The HTTP methods are an AWS fact (what the HTTP task accepts); the
/// tree names them with the same type.
pub use crate::aws::Method;

/// An HTTP call statement.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpCall {
    /// `let x =`: the variable that receives the response.
    pub binding: Option<Ident>,
    /// The method.
    pub method: Method,
    /// Where the method was written.
    pub method_span: Span,
    /// The endpoint's name.
    pub endpoint: Ident,
    /// The path (may interpolate).
    pub path: Template,
    /// `-> T`: the response body's type.
    pub response: Option<TypeExpr>,
    /// The `{ options }` block.
    pub options: CallOptions,
    /// The key of this call in the side tables of later stages (the
    /// endpoint and retry policies `check` resolved for it).
    pub id: NodeId,
}

/// `[let x =] run callee(input) [-> T] [{ options }]`: start another
/// state machine's execution and wait for it
/// (`arn:aws:states:::states:startExecution.sync:2`).
#[derive(Debug, Clone, PartialEq)]
pub struct RunCall {
    /// `let x =`: the variable that receives the child's output.
    pub binding: Option<Ident>,
    /// Which state machine runs.
    pub callee: Callee,
    /// The child's input; `None` for `run x()`, which sends `{}`.
    pub input: Option<Expr>,
    /// `-> T`: the child's output type (required for an ARN callee).
    pub result: Option<TypeExpr>,
    /// The `{ options }` block: only `timeout`, `retry`, `catch` and
    /// `name` are accepted (the builder reports the others).
    pub options: CallOptions,
    /// From `run` to the closing `)`.
    pub head_span: Span,
    /// The key of this statement in the side tables of later stages.
    pub id: NodeId,
}

/// The state machine a `run` starts.
#[derive(Debug, Clone, PartialEq)]
pub enum Callee {
    /// `run billing(…)`: the workflow of a file the caller `use`s.
    Workflow(Ident),
    /// `run "arn:aws:states:…:stateMachine:name"(…)`: an existing state
    /// machine, given by ARN.
    Arn(StrLit),
}

impl Callee {
    /// Where the callee is written.
    pub fn span(&self) -> Span {
        match self {
            Callee::Workflow(name) => name.span,
            Callee::Arn(arn) => arn.span,
        }
    }
}

/// The options of an HTTP call.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CallOptions {
    /// `query { k: v }`
    pub query: Option<Expr>,
    /// `headers { k: v }`
    pub headers: Option<Expr>,
    /// `body expr`
    pub body: Option<Expr>,
    /// `encoding form`.
    pub encoding: Option<Spanned<Encoding>>,
    /// `timeout D`
    pub timeout: Option<Duration>,
    /// `retry NAME` / `retry on … ` in order.
    pub retries: Vec<RetrySpec>,
    /// `catch ERRORS [as e] { }` in order.
    pub catches: Vec<Catch>,
    /// `name "State name"`
    pub name: Option<StrLit>,
    /// From `{` to `}`; `None` when the call has no options block.
    pub span: Option<Span>,
}

/// One `retry` option of a call.
#[derive(Debug, Clone, PartialEq)]
pub enum RetrySpec {
    /// `retry transient`
    Named(Ident),
    /// `retry on … attempts … …`
    Inline(RetryPolicy),
}

/// `catch ERRORS [as e] { … }`
#[derive(Debug, Clone, PartialEq)]
pub struct Catch {
    /// The errors caught, in order.
    pub errors: Vec<ErrorName>,
    /// `as e`: the variable that receives `{ error, cause }`.
    pub binding: Option<Ident>,
    /// The handler.
    pub body: Block,
    /// From `catch` to `}`.
    pub span: Span,
}

/// `if c { } else if c { } else { }`
#[derive(Debug, Clone, PartialEq)]
pub struct If {
    /// `(condition, block)` for `if` and each `else if`, in order.
    pub branches: Vec<(Expr, Block)>,
    /// The final `else` block.
    pub else_block: Option<Block>,
}

/// `match expr { arms }`
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    /// The value matched on.
    pub scrutinee: Expr,
    /// The arms, in order.
    pub arms: Vec<MatchArm>,
}

/// `"a" | "b" => { … }`
#[derive(Debug, Clone, PartialEq)]
pub struct MatchArm {
    /// The alternatives of this arm.
    pub patterns: Vec<Pattern>,
    /// The arm's body.
    pub body: Block,
    /// The whole arm.
    pub span: Span,
}

/// A match pattern.
#[derive(Debug, Clone, PartialEq)]
pub enum Pattern {
    /// A literal expression (string, number, bool or null).
    Literal(Expr),
    /// `_`
    Wildcard(Span),
}

/// `[let r =] for x in expr [concurrency N] { }`
#[derive(Debug, Clone, PartialEq)]
pub struct For {
    /// `r`, bound to the list of iteration results.
    pub binding: Option<Ident>,
    /// The loop variable.
    pub var: Ident,
    /// The list iterated over.
    pub iter: Expr,
    /// `concurrency N` → `MaxConcurrency`.
    pub concurrency: Option<NumLit>,
    /// `distributed …`: iterations run as child executions.
    pub distributed: Option<Box<Distributed>>,
    /// The body.
    pub body: Block,
}

/// `distributed [tolerate …] [batch N]` in a `for` header (its
/// `concurrency` stays in [`For::concurrency`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Distributed {
    /// `tolerate N%` or `tolerate N failures`.
    pub tolerate: Option<Tolerance>,
    /// `batch N`: items per child execution.
    pub batch: Option<NumLit>,
    /// From `distributed` to the last option.
    pub span: Span,
}

/// How many failed items a distributed `for` accepts before it fails.
#[derive(Debug, Clone, PartialEq)]
pub enum Tolerance {
    /// `tolerate 5%` → `ToleratedFailurePercentage`.
    Percent(NumLit),
    /// `tolerate 10 failures` → `ToleratedFailureCount`.
    Count(NumLit),
}

/// `wait D` / `wait until expr` / `wait expr`
#[derive(Debug, Clone, PartialEq)]
pub enum Wait {
    /// `wait 30s`
    Duration(Duration),
    /// `wait until expr` (an ISO-8601 timestamp)
    Until(Expr),
    /// `wait expr`: a computed number of seconds.
    Seconds(Expr),
}

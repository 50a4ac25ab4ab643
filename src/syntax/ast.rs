//! The abstract syntax tree of one SFL file.
//!
//! Produced by the syntax stage, read by `check` and `lower`. Every node has
//! a byte [`Span`]. Clause bodies (endpoints, retry policies, call options)
//! are already sorted into typed fields here; unknown or repeated clauses
//! were reported while building the tree. Doc comments (`///`) are kept on
//! the node they precede, and plain `//` comments are kept in
//! [`File::comments`], so a formatter can reproduce the file.

use crate::source::Span;

/// A name written in the source: a value, endpoint, policy or type name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Ident {
    /// The name as written.
    pub name: String,
    /// Where it was written.
    pub span: Span,
}

/// The joined text of one or more `///` lines (without the `///` and one
/// following space), kept on the item or statement they precede.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc {
    /// The lines joined with `\n`.
    pub text: String,
    /// From the first `///` to the end of the last line.
    pub span: Span,
}

/// A plain `//` comment, kept for the formatter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// The text after `//`.
    pub text: String,
    /// The whole comment, `//` included.
    pub span: Span,
}

/// One whole `.sfl` file.
#[derive(Debug, Clone, PartialEq)]
pub struct File {
    /// Items in source order.
    pub items: Vec<Item>,
    /// Every `//` comment (not doc comments), in source order.
    pub comments: Vec<Comment>,
    /// The whole file.
    pub span: Span,
}

/// A top-level item.
#[expect(
    clippy::large_enum_variant,
    reason = "one tree per file; boxing the large variants would only add indirection"
)]
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// `workflow name(input: T) { … }`
    Workflow(Workflow),
    /// `type Name = …`
    Type(TypeDef),
    /// `endpoint name { … }`
    Endpoint(Endpoint),
    /// `retry name { … }`
    Retry(RetryDef),
}

impl Item {
    /// The item's span.
    pub fn span(&self) -> Span {
        match self {
            Item::Workflow(w) => w.span,
            Item::Type(t) => t.span,
            Item::Endpoint(e) => e.span,
            Item::Retry(r) => r.span,
        }
    }
}

// ---------------------------------------------------------------------------
// Items

/// `workflow name(input: T) [timeout D] [express] { stmts }`
#[derive(Debug, Clone, PartialEq)]
pub struct Workflow {
    /// Doc comment, emitted as the definition's `Comment`.
    pub doc: Option<Doc>,
    /// The workflow's name.
    pub name: Ident,
    /// The input parameter; `None` means the input is `any` and named `input`.
    pub input: Option<Param>,
    /// `timeout D`: the whole execution's `TimeoutSeconds`.
    pub timeout: Option<Duration>,
    /// The span of `express`, when the workflow is an Express workflow.
    pub express: Option<Span>,
    /// The body.
    pub body: Block,
    /// From `workflow` (or the doc comment) to the closing brace.
    pub span: Span,
}

/// `input: Type`
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The name the execution input is bound to.
    pub name: Ident,
    /// Its declared type.
    pub ty: TypeExpr,
    /// The whole parameter.
    pub span: Span,
}

/// `type Name = TypeExpr`
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// Doc comment.
    pub doc: Option<Doc>,
    /// The type's name (`[A-Z][A-Za-z0-9]*`).
    pub name: Ident,
    /// What it stands for.
    pub ty: TypeExpr,
    /// The whole item.
    pub span: Span,
}

/// `endpoint name { clauses }`
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    /// Doc comment.
    pub doc: Option<Doc>,
    /// The endpoint's name.
    pub name: Ident,
    /// `url "https://host[/base]"` (required; checked later).
    pub url: Option<StrLit>,
    /// `private "arn…"` or `private gateway { … }`.
    pub private: Option<Private>,
    /// `connection "arn:aws:events:…"`: an existing connection.
    pub connection: Option<StrLit>,
    /// `auth …`
    pub auth: Option<Auth>,
    /// `headers { k: v }` sent with every call (connection parameters).
    pub headers: Option<StaticMap>,
    /// `query { k: v }` sent with every call (connection parameters).
    pub query: Option<StaticMap>,
    /// The whole item.
    pub span: Span,
}

impl Endpoint {
    /// Every deploy-time value of the endpoint: its auth values, then its
    /// connection header and query values, in source order.
    pub fn static_values(&self) -> Vec<&StaticValue> {
        let mut out = Vec::new();
        match &self.auth {
            Some(Auth::ApiKey { value, .. }) => out.push(value),
            Some(Auth::Basic {
                username, password, ..
            }) => out.extend(username.iter().chain(password.iter())),
            Some(Auth::OAuth(oauth)) => {
                out.extend(oauth.client_id.iter().chain(oauth.client_secret.iter()));
            }
            None => {}
        }
        for map in [&self.headers, &self.query].into_iter().flatten() {
            out.extend(map.entries.iter().map(|(_, v)| v));
        }
        out
    }
}

/// How a private endpoint is reached.
#[derive(Debug, Clone, PartialEq)]
pub enum Private {
    /// `private "arn:aws:vpc-lattice:…:resourceconfiguration/…"`
    ResourceConfiguration(StrLit),
    /// `private gateway { … }`
    Gateway(Gateway),
}

/// `private gateway { vpc "…" subnets [...] security_groups [...] [port N] }`
#[derive(Debug, Clone, PartialEq)]
pub struct Gateway {
    /// `vpc "vpc-…"`
    pub vpc: Option<StrLit>,
    /// `subnets ["subnet-…", …]`
    pub subnets: Option<StrList>,
    /// `security_groups ["sg-…", …]`
    pub security_groups: Option<StrList>,
    /// `port N` (default 443)
    pub port: Option<NumLit>,
    /// From `gateway` to the closing brace.
    pub span: Span,
}

/// A bracketed list of string literals.
#[derive(Debug, Clone, PartialEq)]
pub struct StrList {
    /// The strings.
    pub items: Vec<StrLit>,
    /// From `[` to `]`.
    pub span: Span,
}

/// Connection authorization.
#[derive(Debug, Clone, PartialEq)]
pub enum Auth {
    /// `auth api_key "Header-Name" = VALUE`
    ApiKey {
        /// The header name.
        header: StrLit,
        /// The key's value (must be a secret reference).
        value: StaticValue,
        /// The whole clause.
        span: Span,
    },
    /// `auth basic { username VALUE password VALUE }`
    Basic {
        /// `username …` (may be a plain string).
        username: Option<StaticValue>,
        /// `password …` (must be a secret reference).
        password: Option<StaticValue>,
        /// The whole clause.
        span: Span,
    },
    /// `auth oauth { token_url, client_id, client_secret, [method], [scope], [audience] }`
    OAuth(OAuth),
}

impl Auth {
    /// The whole clause's span.
    pub fn span(&self) -> Span {
        match self {
            Auth::ApiKey { span, .. } | Auth::Basic { span, .. } => *span,
            Auth::OAuth(o) => o.span,
        }
    }
}

/// `auth oauth { … }`
#[derive(Debug, Clone, PartialEq)]
pub struct OAuth {
    /// `token_url "https://…"` (the authorization endpoint).
    pub token_url: Option<StrLit>,
    /// `client_id VALUE` (may be a plain string).
    pub client_id: Option<StaticValue>,
    /// `client_secret VALUE` (must be a secret reference).
    pub client_secret: Option<StaticValue>,
    /// `method GET|POST|PUT` for the token request (default POST).
    pub method: Option<Spanned<TokenMethod>>,
    /// `scope "…"`
    pub scope: Option<StrLit>,
    /// `audience "…"`
    pub audience: Option<StrLit>,
    /// The whole clause.
    pub span: Span,
}

/// A value fixed at deploy time: a literal, or a reference to a secret.
#[derive(Debug, Clone, PartialEq)]
pub enum StaticValue {
    /// `"text"` (rejected where a secret is required).
    Literal(StrLit),
    /// `secret("name")` or `secret("name", "json-key")`
    Secret {
        /// Secrets Manager secret name or ARN.
        name: StrLit,
        /// JSON key inside the secret string.
        key: Option<StrLit>,
        /// The whole call.
        span: Span,
    },
    /// `param("Name")`: a `NoEcho` template parameter.
    Param {
        /// The parameter's logical name.
        name: StrLit,
        /// The whole call.
        span: Span,
    },
}

impl StaticValue {
    /// The whole value's span.
    pub fn span(&self) -> Span {
        match self {
            StaticValue::Literal(s) => s.span,
            StaticValue::Secret { span, .. } | StaticValue::Param { span, .. } => *span,
        }
    }
}

/// `{ key: VALUE, … }` with deploy-time values (endpoint headers and query).
#[derive(Debug, Clone, PartialEq)]
pub struct StaticMap {
    /// Entries in source order.
    pub entries: Vec<(Key, StaticValue)>,
    /// From `{` to `}`.
    pub span: Span,
}

/// `retry name { on …  attempts N  interval D  backoff X  max_delay D  jitter full }`
#[derive(Debug, Clone, PartialEq)]
pub struct RetryDef {
    /// Doc comment.
    pub doc: Option<Doc>,
    /// The policy's name.
    pub name: Ident,
    /// The policy.
    pub policy: RetryPolicy,
    /// The whole item.
    pub span: Span,
}

/// The clauses of a retry policy (named or inline).
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// `on E1, E2` (required; checked later).
    pub on: Vec<ErrorName>,
    /// `attempts N` → `MaxAttempts`.
    pub attempts: Option<NumLit>,
    /// `interval D` → `IntervalSeconds`.
    pub interval: Option<Duration>,
    /// `backoff X` → `BackoffRate`.
    pub backoff: Option<NumLit>,
    /// `max_delay D` → `MaxDelaySeconds`.
    pub max_delay: Option<Duration>,
    /// `jitter full|none` → `JitterStrategy`.
    pub jitter: Option<Spanned<Jitter>>,
    /// The clauses' extent (the braces for a named policy; from `retry on` to
    /// the last clause for an inline one).
    pub span: Span,
}

/// A word of a closed set (`encoding form`, `jitter full`, `method POST`), read once by
/// the syntax stage, with where it was written. An unknown word is reported
/// there and left out of the tree, so later stages never see one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spanned<T> {
    /// The word.
    pub value: T,
    /// Where it was written.
    pub span: Span,
}

/// `jitter full|none`: whether retries wait a random part of the interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Jitter {
    /// `full` → `JitterStrategy: FULL`.
    Full,
    /// `none`: the default, written out.
    None,
}

impl Jitter {
    /// Every strategy, as written.
    pub const ALL: [Jitter; 2] = [Jitter::Full, Jitter::None];

    /// The word as written in SFL.
    pub fn as_str(self) -> &'static str {
        match self {
            Jitter::Full => "full",
            Jitter::None => "none",
        }
    }
}

/// `method GET|POST|PUT`: how EventBridge requests an OAuth token
/// (aws.md §3 `OAuthParameters.HttpMethod`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenMethod {
    /// GET: the grant's parameters go in the query string.
    Get,
    /// POST (the default).
    Post,
    /// PUT
    Put,
}

impl TokenMethod {
    /// Every method EventBridge accepts.
    pub const ALL: [TokenMethod; 3] = [TokenMethod::Get, TokenMethod::Post, TokenMethod::Put];

    /// The method as written and as CloudFormation takes it (`"POST"`).
    pub fn as_str(self) -> &'static str {
        match self {
            TokenMethod::Get => "GET",
            TokenMethod::Post => "POST",
            TokenMethod::Put => "PUT",
        }
    }
}

/// `encoding form`: how a call sends its body (JSON when absent).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// `form`: a URL-encoded body.
    Form,
}

impl Encoding {
    /// Every encoding, as written.
    pub const ALL: [Encoding; 1] = [Encoding::Form];

    /// The word as written in SFL.
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Form => "form",
        }
    }
}

/// An error name in `retry on` or `catch`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorName {
    /// Which error.
    pub kind: ErrorKind,
    /// Where it was written.
    pub span: Span,
}

/// The forms an error name can take; which names exist is decided in `check`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// `Http.X` with X as written: `404`, `4xx`, `5xx`, `Socket`, …
    Http(String),
    /// A bare capitalised name: `Timeout`, `TaskFailed`, `Permissions`, …
    Builtin(String),
    /// `any` → `States.ALL`.
    Any,
    /// `"Custom.Error"`: a user error name, used as is.
    Custom(String),
}

// ---------------------------------------------------------------------------
// Statements

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

/// The statements of SFL.
#[expect(
    clippy::large_enum_variant,
    reason = "one tree per file; boxing the large variants would only add indirection"
)]
#[derive(Debug, Clone, PartialEq)]
pub enum StmtKind {
    /// `[let x =] METHOD endpoint "path" [-> T] [{ options }]`
    Http(HttpCall),
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

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// DELETE
    Delete,
    /// PATCH
    Patch,
    /// OPTIONS
    Options,
    /// HEAD
    Head,
}

impl Method {
    /// Every method, in the order above.
    pub const ALL: [Method; 7] = [
        Method::Get,
        Method::Post,
        Method::Put,
        Method::Delete,
        Method::Patch,
        Method::Options,
        Method::Head,
    ];

    /// The method as ASL writes it (`"GET"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
            Method::Patch => "PATCH",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
        }
    }

    /// Parses an upper-case method name.
    pub fn parse(text: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.as_str() == text)
    }
}

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
    /// The body.
    pub body: Block,
}

/// `wait D` / `wait until expr`
#[derive(Debug, Clone, PartialEq)]
pub enum Wait {
    /// `wait 30s`
    Duration(Duration),
    /// `wait until expr` (an ISO-8601 timestamp)
    Until(Expr),
}

// ---------------------------------------------------------------------------
// Expressions

/// An expression.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    /// What kind.
    pub kind: ExprKind,
    /// The whole expression.
    pub span: Span,
    /// The key of this expression in the side tables of later stages (the
    /// type `check` inferred for it, for one).
    pub id: ExprId,
}

impl Expr {
    /// A new expression node with an id of its own.
    pub fn new(kind: ExprKind, span: Span) -> Expr {
        Expr {
            kind,
            span,
            id: ExprId::fresh(),
        }
    }
}

/// Names one expression node, so later stages can keep what they learn
/// about it in tables beside the tree instead of rebuilding the tree.
///
/// Ids come from one counter for the whole process, so a parsed tree, a tree
/// built by hand in a test and a node made while checking never share one.
/// A clone keeps its id: it is the same expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ExprId(u64);

impl ExprId {
    fn fresh() -> ExprId {
        use std::sync::atomic::{AtomicU64, Ordering};
        static NEXT: AtomicU64 = AtomicU64::new(0);
        ExprId(NEXT.fetch_add(1, Ordering::Relaxed))
    }
}

/// The expression forms.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A JSON number.
    Number(NumLit),
    /// A string, possibly with `{expr}` interpolations.
    String(Template),
    /// `[a, b]`
    List(Vec<Expr>),
    /// `{ k: v, "k2": v2 }`
    Object(Vec<(Key, Expr)>),
    /// A variable (or `input`).
    Var(Ident),
    /// `base.field`
    Field {
        /// The value read from.
        base: Box<Expr>,
        /// The field name.
        field: Ident,
    },
    /// `base[index]`
    Index {
        /// The value read from.
        base: Box<Expr>,
        /// The index.
        index: Box<Expr>,
    },
    /// `name(args)`: a library function.
    Call {
        /// The function's name.
        func: Ident,
        /// Its arguments.
        args: Vec<Expr>,
    },
    /// `op expr`
    Unary {
        /// The operator.
        op: UnaryOp,
        /// Where the operator was written.
        op_span: Span,
        /// The operand.
        expr: Box<Expr>,
    },
    /// `lhs op rhs`
    Binary {
        /// The operator.
        op: BinOp,
        /// Where the operator was written.
        op_span: Span,
        /// Left operand.
        lhs: Box<Expr>,
        /// Right operand.
        rhs: Box<Expr>,
    },
}

/// A unary operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    /// `not`
    Not,
    /// `-`
    Neg,
}

/// A binary operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinOp {
    /// `or`
    Or,
    /// `and`
    And,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `in`
    In,
    /// `??`
    Coalesce,
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Rem,
}

impl BinOp {
    /// The operator as written in SFL.
    pub fn as_str(self) -> &'static str {
        match self {
            BinOp::Or => "or",
            BinOp::And => "and",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::In => "in",
            BinOp::Coalesce => "??",
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Rem => "%",
        }
    }
}

/// An object key: an identifier or a string literal (no interpolation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    /// The key's text.
    pub name: String,
    /// Where it was written.
    pub span: Span,
}

/// A string literal without interpolation (URLs, ARNs, names).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StrLit {
    /// The unescaped value.
    pub value: String,
    /// The literal, quotes included.
    pub span: Span,
}

/// A JSON number as written.
#[derive(Debug, Clone, PartialEq)]
pub struct NumLit {
    /// The literal text, kept so output can reproduce it exactly.
    pub raw: String,
    /// Its value.
    pub value: f64,
    /// Where it was written.
    pub span: Span,
}

impl NumLit {
    /// The value as a non-negative integer, if it is one.
    pub fn as_u64(&self) -> Option<u64> {
        if self.value.fract() == 0.0 && self.value >= 0.0 && self.value <= 9_007_199_254_740_992.0 {
            #[expect(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "checked: a whole, non-negative number within f64's exact range"
            )]
            Some(self.value as u64)
        } else {
            None
        }
    }
}

/// A string that may interpolate expressions: `"/orders/{input.id}"`.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    /// Text and interpolations in order; adjacent text parts are merged.
    pub parts: Vec<TemplatePart>,
    /// The literal, quotes included.
    pub span: Span,
}

impl Template {
    /// The value when the template has no interpolation.
    pub fn as_plain(&self) -> Option<String> {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                TemplatePart::Text { text, .. } => out.push_str(text),
                TemplatePart::Interp(_) => return None,
            }
        }
        Some(out)
    }
}

/// One piece of a [`Template`].
#[derive(Debug, Clone, PartialEq)]
pub enum TemplatePart {
    /// Literal text, unescaped (`{{` already turned into `{`).
    Text {
        /// The text.
        text: String,
        /// Where it was written.
        span: Span,
    },
    /// `{expr}`
    Interp(Expr),
}

/// A duration in whole seconds (`30s`, `5m`, `2h`, `1d`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Duration {
    /// The length in seconds.
    pub seconds: u64,
    /// Where it was written.
    pub span: Span,
}

// ---------------------------------------------------------------------------
// Types

/// A type expression.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeExpr {
    /// What kind.
    pub kind: TypeKind,
    /// The whole type expression.
    pub span: Span,
}

/// The type forms.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// `string`
    String,
    /// `number`
    Number,
    /// `bool`
    Bool,
    /// `null`
    Null,
    /// `any`
    Any,
    /// A named type (`Order`).
    Named(Ident),
    /// `[T]`
    List(Box<TypeExpr>),
    /// `{ k: T, k2?: T }`
    Record(Vec<FieldType>),
    /// `{string: T}`
    Map(Box<TypeExpr>),
    /// `"a" | "b"` (one literal is a union of one)
    Union(Vec<StrLit>),
}

/// `k: T` or `k?: T` in a record type.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldType {
    /// The field's name.
    pub name: Key,
    /// Whether it was written `k?`.
    pub optional: bool,
    /// Its type.
    pub ty: TypeExpr,
    /// The whole field.
    pub span: Span,
}

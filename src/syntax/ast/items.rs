//! Items and their clause bodies: workflows, types, endpoints (URL,
//! private connectivity, auth), retry policies, the closed-set words of
//! clauses, and error names.

use super::{Block, Doc, Duration, Ident, Key, NumLit, StrLit, TypeExpr};
use crate::source::Span;

/// `workflow name(input: T) [timeout D] [express] [log L [with data]]
/// [tracing] { stmts }`
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
    /// `log L [with data]`: execution logs in CloudWatch Logs.
    pub log: Option<LogClause>,
    /// The span of `tracing`, when executions are traced with X-Ray.
    pub tracing: Option<Span>,
    /// The body.
    pub body: Block,
    /// From `workflow` (or the doc comment) to the closing brace.
    pub span: Span,
}

/// `log all|error|fatal [with data]` on a workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LogClause {
    /// Which execution events are logged.
    pub level: LogLevel,
    /// `with data`: events carry inputs, outputs and variable values.
    pub with_data: bool,
    /// The whole clause.
    pub span: Span,
}

/// The log levels of Step Functions, as SFL writes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogLevel {
    /// `all`: every execution event.
    All,
    /// `error`: failures of states and executions.
    Error,
    /// `fatal`: failures of executions only.
    Fatal,
}

impl LogLevel {
    /// The word as written in SFL.
    pub fn as_str(self) -> &'static str {
        match self {
            LogLevel::All => "all",
            LogLevel::Error => "error",
            LogLevel::Fatal => "fatal",
        }
    }
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

/// `param Name [= "default"]`: a stage parameter, a value that differs
/// between the stages one file is deployed to. Endpoint URLs and ARNs refer
/// to it as `{Name}` (the builder keeps that as the placeholder `${Name}`
/// in the string's value); `param("Name")` in `private` or `connection`
/// declares one without a default.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamDef {
    /// Doc comment, emitted as the template parameter's `Description`.
    pub doc: Option<Doc>,
    /// The parameter's name, as the template names it.
    pub name: Ident,
    /// `= "…"`: the template parameter's `Default`.
    pub default: Option<StrLit>,
    /// Whether the value was fixed at build time (`--param`): `default`
    /// then holds it and no template parameter is made. Always `false`
    /// from the parser.
    pub fixed: bool,
    /// The whole item.
    pub span: Span,
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

impl RetryPolicy {
    /// A policy with no clauses yet, covering `span`.
    pub fn empty(span: Span) -> RetryPolicy {
        RetryPolicy {
            on: Vec::new(),
            attempts: None,
            interval: None,
            backoff: None,
            max_delay: None,
            jitter: None,
            span,
        }
    }
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
    /// `Connection.X`: an error of the EventBridge connection, with X as
    /// written (`AccessDenied`, `InvalidConnectionState`, …).
    Connection(String),
    /// `any` → `States.ALL`.
    Any,
    /// `"Custom.Error"`: a user error name, used as is.
    Custom(String),
}

/// `use "./billing.sfl"`: the other file's workflow can be started with
/// `run billing(…)`. The path is relative to the file that says `use`.
#[derive(Debug, Clone, PartialEq)]
pub struct Use {
    /// Doc comment.
    pub doc: Option<Doc>,
    /// The path as written.
    pub path: StrLit,
    /// The whole item.
    pub span: Span,
}

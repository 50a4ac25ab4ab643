//! The deployment plan: what the CloudFormation template holds, decided
//! by `lower` and only written out by `emit::template`.
//!
//! Every name (logical ids, the definition's substitution variables,
//! Lattice resource names, statement ids), every deploy-time value (literal
//! text, a Secrets Manager reference, a template parameter) and every IAM
//! grant is decided once, in `lower::plan`; emit never looks at the source
//! again. Values are plain data, with no CloudFormation syntax in them:
//! how a secret or a parameter is spelled in a template is emit's business.

use super::Method;

/// The logical id of the state machine.
pub const STATE_MACHINE_ID: &str = "StateMachine";
/// The logical id of its execution role.
pub const ROLE_ID: &str = "StateMachineRole";
/// The logical id of the log group a `log` clause creates.
pub const LOG_GROUP_ID: &str = "StateMachineLogGroup";

/// The opener of a `DefinitionSubstitutions` placeholder (an AWS fact).
pub use crate::aws::PLACEHOLDER_OPENER;

/// Text that is only read by people (a `Comment`, a generated state name)
/// with each `${` opened up to `$ {`, so no substitution can match it.
/// Text a program reads is escaped instead (JSONata `\u0024`) or rejected.
pub fn inert_placeholders(text: &str) -> String {
    text.replace(PLACEHOLDER_OPENER, "$ {")
}

/// Everything the template needs besides the definition itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeploymentPlan {
    /// The template's `NoEcho` parameters, in order of first use.
    pub parameters: Vec<TemplateParameter>,
    /// The connections the template creates: one per called endpoint
    /// without `connection "arn:…"`, in declaration order.
    pub connections: Vec<Connection>,
    /// The execution role's inline policy.
    pub policy: Policy,
    /// `log …`: the log group and the state machine's logging settings.
    pub log: Option<LogPlan>,
    /// `tracing`: executions are traced with X-Ray.
    pub tracing: bool,
    /// The stage parameters (`param Name`), in order of declaration: the
    /// template declares those its text uses. Their values appear in plan
    /// text (urls, ARNs, host names, the state machine name) as the
    /// placeholder `${Name}`, which emit spells with `Ref` or `Fn::Sub`.
    pub stage_parameters: Vec<StageParameter>,
    /// The state machine's name when it is not the workflow's: a value
    /// fixed at build time, or `${StateMachineName}`.
    pub state_machine_name: Option<String>,
}

/// A template parameter for a value that differs between stages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageParameter {
    /// Its name.
    pub name: String,
    /// Its `Default`, if the source gives one.
    pub default: Option<String>,
    /// Its `AllowedPattern`.
    pub pattern: String,
    /// Its `Description`.
    pub description: String,
}

/// Where and what a state machine logs (`LoggingConfiguration`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogPlan {
    /// The `AWS::Logs::LogGroup`'s logical id.
    pub logical_id: String,
    /// Its `LogGroupName`.
    pub group_name: String,
    /// Its `RetentionInDays`.
    pub retention_days: u32,
    /// Which execution events are logged.
    pub level: LogLevel,
    /// `IncludeExecutionData`.
    pub include_data: bool,
}

/// The `Level` of a `LoggingConfiguration`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogLevel {
    /// Every event.
    All,
    /// Failures of states and executions.
    Error,
    /// Failures of executions.
    Fatal,
}

impl LogLevel {
    /// As CloudFormation writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            LogLevel::All => "ALL",
            LogLevel::Error => "ERROR",
            LogLevel::Fatal => "FATAL",
        }
    }
}

/// One `param("Name")` a created connection uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateParameter {
    /// The parameter's name, as the user wrote it.
    pub name: String,
    /// What it is for (`API key value for endpoint billing`).
    pub description: String,
}

/// A value the template supplies at deploy time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeployValue {
    /// Literal text, written as itself.
    Text(String),
    /// `secret("name")` or `secret("name", "key")`: read from Secrets
    /// Manager when the stack deploys, never written as a value.
    Secret {
        /// The secret's name or ARN.
        name: String,
        /// The JSON key inside the secret string, if any.
        key: Option<String>,
    },
    /// `param("Name")`: a template parameter (see [`TemplateParameter`]).
    Parameter(String),
}

impl DeployValue {
    /// Whether EventBridge must treat the value as secret: everything but
    /// literal text.
    pub fn is_secret(&self) -> bool {
        !matches!(self, DeployValue::Text(_))
    }
}

/// A key and its value, for connection headers, query parameters and
/// OAuth grant parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyValue {
    /// The header or parameter name.
    pub key: String,
    /// Its value.
    pub value: DeployValue,
}

/// An `AWS::Events::Connection` the template creates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connection {
    /// The SFL endpoint's name.
    pub endpoint: String,
    /// The endpoint's base URL.
    pub url: String,
    /// The resource's logical id (`BillingConnection`).
    pub logical_id: String,
    /// The definition's substitution variable for its ARN
    /// (`BillingConnectionArn`); also the name of the template output that
    /// exports the ARN.
    pub substitution: String,
    /// How EventBridge authorizes calls.
    pub auth: ConnectionAuth,
    /// Headers sent with every call (`InvocationHttpParameters`).
    pub headers: Vec<KeyValue>,
    /// Query parameters sent with every call.
    pub query: Vec<KeyValue>,
    /// How calls reach a private API, if the endpoint is private.
    pub private: Option<PrivateLink>,
}

/// A connection's authorization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConnectionAuth {
    /// `API_KEY`: one header.
    ApiKey {
        /// The header's name.
        header: String,
        /// Its value.
        value: DeployValue,
    },
    /// `BASIC`.
    Basic {
        /// The user name.
        username: DeployValue,
        /// The password.
        password: DeployValue,
    },
    /// `OAUTH_CLIENT_CREDENTIALS`.
    OAuth(OAuthClient),
}

/// The OAuth client-credentials flow EventBridge runs for a connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthClient {
    /// The token endpoint.
    pub token_url: String,
    /// The token request's method, upper case (`POST` unless set).
    pub method: String,
    /// The client id.
    pub client_id: DeployValue,
    /// The client secret.
    pub client_secret: DeployValue,
    /// Parameters of the token request: `grant_type` first, then `scope`
    /// and `audience` when given.
    pub grant: Vec<KeyValue>,
    /// Whether the grant goes in the query string (a GET token request)
    /// rather than the body.
    pub grant_in_query: bool,
    /// Whether the token endpoint is on the private API's own host and so
    /// is reached through the same private connectivity.
    pub private_token_endpoint: bool,
}

/// How a connection reaches a private API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrivateLink {
    /// `private "arn:…"`: an existing Lattice resource configuration.
    ResourceConfiguration {
        /// Its ARN.
        arn: String,
    },
    /// `private gateway { … }`: a gateway and a DNS resource configuration
    /// the template creates.
    Gateway(LatticeGateway),
}

/// The VPC Lattice resources created for `private gateway { … }`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LatticeGateway {
    /// The `AWS::VpcLattice::ResourceGateway`'s logical id.
    pub gateway_id: String,
    /// The `AWS::VpcLattice::ResourceConfiguration`'s logical id.
    pub configuration_id: String,
    /// The `Name` both resources get.
    pub name: String,
    /// The VPC the gateway is in.
    pub vpc: String,
    /// Its subnets.
    pub subnets: Vec<String>,
    /// Its security groups, when given.
    pub security_groups: Option<Vec<String>>,
    /// The API's host (the DNS resource).
    pub host: String,
    /// The TCP port calls go to.
    pub port: u16,
}

/// The statements of the execution role's policy, in emission order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Policy {
    /// `states:InvokeHTTPEndpoint`, one per (endpoint, method set).
    pub invocations: Vec<InvokeGrant>,
    /// The connections of called endpoints, each once: their credentials
    /// and their secrets may be read.
    pub connections: Vec<ConnectionGrant>,
    /// What the state machine needs from other services, in emission order.
    pub services: Vec<ServiceGrant>,
    /// The event buses `emit` publishes to (`events:PutEvents`), as the
    /// definition names them: `default`, a bus name or a bus ARN.
    pub event_buses: Vec<String>,
    /// The state machines `run` starts, each once, in order of first use.
    pub sub_workflows: Vec<SubWorkflow>,
}

/// A state machine a `run` starts and waits for
/// (`startExecution.sync:2`): the role may start it, watch and stop its
/// executions, and manage the EventBridge rule Step Functions uses to
/// learn that an execution ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubWorkflow {
    /// The state machine's name.
    pub name: String,
    /// How its ARN is written.
    pub arn: SubWorkflowArn,
}

/// Where a started state machine lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubWorkflowArn {
    /// A `use`d workflow, deployed by its own stack in this stack's
    /// account and region: its ARN is built from its name, and the
    /// definition names it `${substitution}`.
    Used {
        /// The `DefinitionSubstitutions` variable.
        substitution: String,
    },
    /// `run "arn:…"`: the ARN as written, and its partition, region and
    /// account for the ARN of its executions.
    Existing {
        /// The ARN as written.
        arn: String,
        /// `aws`, …
        partition: String,
        /// Its region.
        region: String,
        /// Its account.
        account: String,
    },
}

/// A grant for something the state machine does besides HTTP calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ServiceGrant {
    /// `log …`: Step Functions sets up the delivery of its logs to the log
    /// group with the role's permissions.
    LogDelivery,
    /// `tracing`: Step Functions sends trace segments to X-Ray.
    Tracing,
    /// `for … distributed`: the state machine starts, watches and stops
    /// child executions of itself.
    ChildExecutions,
}

/// One `states:InvokeHTTPEndpoint` statement: every method with every
/// pattern is a call the workflow makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvokeGrant {
    /// The statement id (`InvokeBillingGetPost`).
    pub sid: String,
    /// The methods, sorted.
    pub methods: Vec<Method>,
    /// The URLs, in order of first call.
    pub urls: Vec<UrlPattern>,
}

/// A connection the role may use.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ConnectionGrant {
    /// A connection the template creates (its ARN and its secret's ARN are
    /// attributes of the resource).
    Created {
        /// The connection's logical id.
        logical_id: String,
    },
    /// An existing connection.
    Existing {
        /// Its ARN, as written.
        arn: String,
        /// The ARN pattern of the secret EventBridge keeps for it, `None`
        /// when the ARN cannot be taken apart.
        secret: Option<String>,
    },
}

/// A URL as the IAM `states:HTTPEndpoint` condition matches it: literal
/// text and wildcards for interpolated values. Kept as parts so a literal
/// `*` or `?` in a path is never mistaken for a wildcard; the printer
/// escapes once, when it writes the condition.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UrlPattern {
    /// The parts in order; adjacent text is merged.
    pub parts: Vec<PatternPart>,
}

/// One part of a [`UrlPattern`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PatternPart {
    /// Text matched exactly.
    Text(String),
    /// Any text: an interpolated value.
    Wildcard,
    /// A stage parameter's value (its name), known when the stack deploys:
    /// the condition names it with `Fn::Sub`.
    Parameter(String),
}

impl UrlPattern {
    /// A pattern of literal text only.
    pub fn text(text: &str) -> UrlPattern {
        let mut pattern = UrlPattern::default();
        pattern.push_text(text);
        pattern
    }

    /// Appends literal text.
    pub fn push_text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        if let Some(PatternPart::Text(last)) = self.parts.last_mut() {
            last.push_str(text);
        } else {
            self.parts.push(PatternPart::Text(text.to_owned()));
        }
    }

    /// Appends a stage parameter's value.
    pub fn push_parameter(&mut self, name: &str) {
        self.parts.push(PatternPart::Parameter(name.to_owned()));
    }

    /// Appends a wildcard for an interpolated value.
    pub fn push_wildcard(&mut self) {
        self.parts.push(PatternPart::Wildcard);
    }
}

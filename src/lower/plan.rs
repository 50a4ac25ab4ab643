//! Lowering, the deployment plan: the checked endpoint items and the HTTP
//! tasks of the state graph → [`DeploymentPlan`].
//!
//! Two steps. [`EndpointNames::decide`] runs before the body is lowered
//! and names every declared endpoint's resources once: the connection's
//! logical id and the definition's `${…Arn}` variable (derived from it),
//! the Lattice ids and names, the label used in statement ids. [`build`]
//! runs after, when the tasks are known: it plans the resources of the
//! endpoints that are called, their deploy-time values and parameters,
//! and the least-privilege policy (aws.md §3 and §4).
//!
//! Names are decided in declaration order, so they never depend on hash
//! order; parameters keep the names the user gave them (a deployer types
//! them), and generated ids step around them.

use std::collections::BTreeSet;

use indexmap::{IndexMap, IndexSet};

use super::diagnostics::Internal;
use crate::aws::ids::{Arn, parse_connection_resource};
use crate::aws::url::HttpsUrl;
use crate::check::Checked;
use crate::graph::{
    Connection, ConnectionAuth, ConnectionGrant, ConnectionRef, DeployValue, DeploymentPlan,
    InvokeGrant, KeyValue, LOG_GROUP_ID, LatticeGateway, LogLevel, LogPlan, Machine, Method,
    OAuthClient, PrivateLink, ROLE_ID, STATE_MACHINE_ID, ServiceGrant, StageParameter,
    TemplateParameter, UrlPattern,
};
use crate::source::Span;
use crate::syntax::ast::{
    self, Auth, Private, StaticMap, StaticValue, StrList, StrLit, TokenMethod,
};

/// An endpoint of the workflow and its connection, as lowering uses it
/// while it builds the calls.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct EndpointUse {
    /// The SFL endpoint's name.
    pub(super) name: String,
    /// The endpoint's url (scheme, host and base path).
    pub(super) url: String,
    /// The connection calls go through.
    pub(super) connection: ConnectionRef,
    /// Where the endpoint was declared.
    pub(super) span: Span,
}

/// aws.md §3 "VPC Lattice": resource gateway and resource configuration
/// names are 3–40 characters.
const LATTICE_NAME_MAX: usize = 40;
const LATTICE_NAME_MIN: usize = 3;

/// The names of one declared endpoint's resources.
#[derive(Debug, Clone, PartialEq, Eq)]
struct EndpointName {
    /// A unique PascalCase form of the endpoint's name (statement ids).
    label: String,
    /// Its connection.
    site: Site,
}

/// Where an endpoint's connection comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Site {
    /// `connection "arn:…"`.
    Existing { arn: String },
    /// A connection the template creates.
    Created {
        logical_id: String,
        substitution: String,
        /// Its Lattice resources (`private gateway`).
        lattice: Option<LatticeNames>,
    },
}

impl Site {
    /// How the definition names the connection.
    fn connection_ref(&self) -> ConnectionRef {
        match self {
            Site::Existing { arn } => ConnectionRef::Existing { arn: arn.clone() },
            Site::Created { substitution, .. } => ConnectionRef::Created {
                substitution: substitution.clone(),
            },
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct LatticeNames {
    gateway_id: String,
    configuration_id: String,
    name: String,
}

/// Every declared endpoint's resource names, in declaration order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct EndpointNames {
    by_endpoint: IndexMap<String, EndpointName>,
}

impl EndpointNames {
    /// Names every declared endpoint's resources (linear in the number of
    /// endpoints and their parameters).
    pub(super) fn decide(checked: &Checked<'_>, sharing: &Sharing) -> EndpointNames {
        let mut ids: IndexSet<String> = [STATE_MACHINE_ID, ROLE_ID, LOG_GROUP_ID]
            .into_iter()
            .map(str::to_owned)
            .collect();
        for endpoint in checked.endpoints.values() {
            for value in endpoint.static_values() {
                if let StaticValue::Param { name, .. } = value {
                    ids.insert(name.value.clone());
                }
            }
        }
        // Stage parameters are template parameters too: logical ids are
        // unique across Parameters and Resources.
        for param in crate::check::params::stage_params(checked.file) {
            ids.insert(param.name);
        }
        let workflow = checked.workflow.name.name.as_str();
        // With a `param StateMachineName`, the Lattice names start with the
        // state machine's name (its value, or `${StateMachineName}` for the
        // template's `Fn::Sub`), so two stages in one account do not clash.
        let lattice_prefix = crate::check::params::has_state_machine_name(checked.file)
            .then(|| crate::check::params::state_machine_name(checked.file, workflow));
        let mut labels = IndexSet::new();
        let mut lattice_names = IndexSet::new();
        let mut by_endpoint = IndexMap::new();
        // Endpoints that differ only in their base path share a connection:
        // the first of them (by the source, before `--param` values) keys it.
        let mut shared: IndexMap<String, Site> = IndexMap::new();
        for (name, endpoint) in &checked.endpoints {
            let label = unique(logical_name(name), &mut labels);
            let key = endpoint
                .connection
                .is_none()
                .then(|| sharing.leader(name).to_owned());
            if let Some(site) = key.as_ref().and_then(|k| shared.get(k)) {
                let site = site.clone();
                by_endpoint.insert((*name).to_owned(), EndpointName { label, site });
                continue;
            }
            let site = match &endpoint.connection {
                Some(arn) => Site::Existing {
                    arn: arn.value.clone(),
                },
                None => {
                    let logical_id = unique(format!("{label}Connection"), &mut ids);
                    let lattice = match &endpoint.private {
                        Some(Private::Gateway(_)) => Some(LatticeNames {
                            gateway_id: unique(format!("{label}ResourceGateway"), &mut ids),
                            configuration_id: unique(
                                format!("{label}ResourceConfiguration"),
                                &mut ids,
                            ),
                            name: match &lattice_prefix {
                                Some(prefix) => {
                                    prefixed_lattice_name(prefix, name, &mut lattice_names)
                                }
                                None => unique_lattice_name(workflow, name, &mut lattice_names),
                            },
                        }),
                        Some(Private::ResourceConfiguration(_)) | None => None,
                    };
                    Site::Created {
                        substitution: substitution_for(&logical_id),
                        logical_id,
                        lattice,
                    }
                }
            };
            if let Some(key) = key {
                shared.insert(key, site.clone());
            }
            by_endpoint.insert((*name).to_owned(), EndpointName { label, site });
        }
        EndpointNames { by_endpoint }
    }
    /// Every endpoint with its URL and connection, in source order: what the
    /// tasks of the definition refer to.
    pub(super) fn uses(&self, checked: &Checked<'_>) -> Result<Vec<EndpointUse>, Internal> {
        let mut out = Vec::with_capacity(checked.endpoints.len());
        for (name, endpoint) in &checked.endpoints {
            out.push(EndpointUse {
                name: (*name).to_owned(),
                url: required(&endpoint.url, endpoint.span, name, "url")?
                    .value
                    .clone(),
                connection: self.get(name, endpoint.span)?.site.connection_ref(),
                span: endpoint.span,
            });
        }
        Ok(out)
    }

    fn get(&self, endpoint: &str, span: Span) -> Result<&EndpointName, Internal> {
        self.by_endpoint
            .get(endpoint)
            .ok_or_else(|| Internal::new(span, format!("endpoint `{endpoint}` was never named")))
    }
}

/// Which endpoints share a connection, decided on the source as written
/// (urls with their `{Param}` references, before `--param` values are
/// filled in), so every build of one file has the same resources whatever
/// the values: two hosts that are different parameters never share, even
/// in a build that gives them one value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sharing {
    /// Each endpoint's name → the first endpoint with its [`share_key`].
    leaders: IndexMap<String, String>,
}

impl Sharing {
    /// Groups the endpoints of `file` as written (call it before
    /// `check::params::fix`). Linear in the endpoints' clauses.
    pub fn of(file: &ast::File) -> Sharing {
        let mut first: IndexMap<String, String> = IndexMap::new();
        let mut leaders = IndexMap::new();
        for item in &file.items {
            if let ast::Item::Endpoint(endpoint) = item {
                let name = endpoint.name.name.clone();
                if leaders.contains_key(&name) {
                    continue; // a duplicate (E-coded by check): the first wins
                }
                let leader = first
                    .entry(share_key(endpoint))
                    .or_insert_with(|| name.clone())
                    .clone();
                leaders.insert(name, leader);
            }
        }
        Sharing { leaders }
    }

    /// The endpoint whose connection `endpoint` uses (itself when it is
    /// the first of its group, or unknown).
    fn leader<'a>(&'a self, endpoint: &'a str) -> &'a str {
        self.leaders.get(endpoint).map_or(endpoint, String::as_str)
    }
}

/// What makes two endpoints' connections the same: the url's scheme, host
/// and port (not its base path), the auth, the private connectivity and
/// the connection's headers and query, written without source positions.
/// Endpoints with one key share one connection, with its one secret and
/// one set of Lattice resources (`…/staging` and `…/prod` of one API).
fn share_key(endpoint: &ast::Endpoint) -> String {
    let url = endpoint.url.as_ref().map_or("", |u| u.value.as_str());
    let origin = url
        .get(..crate::check::params::host_end(url))
        .unwrap_or(url)
        .to_ascii_lowercase();
    let value = |v: &StaticValue| match v {
        StaticValue::Literal(text) => format!("text {:?}", text.value),
        StaticValue::Secret { name, key, .. } => format!(
            "secret {:?} {:?}",
            name.value,
            key.as_ref().map(|k| &k.value)
        ),
        StaticValue::Param { name, .. } => format!("param {:?}", name.value),
    };
    let text = |s: &Option<StrLit>| format!("{:?}", s.as_ref().map(|s| &s.value));
    let auth = match &endpoint.auth {
        None => String::new(),
        Some(Auth::ApiKey {
            header, value: v, ..
        }) => {
            format!("api_key {:?} {}", header.value, value(v))
        }
        Some(Auth::Basic {
            username, password, ..
        }) => format!(
            "basic {:?} {:?}",
            username.as_ref().map(value),
            password.as_ref().map(value)
        ),
        Some(Auth::OAuth(o)) => format!(
            "oauth {} {:?} {:?} {:?} {} {}",
            text(&o.token_url),
            o.client_id.as_ref().map(value),
            o.client_secret.as_ref().map(value),
            o.method.map(|m| m.value.as_str()),
            text(&o.scope),
            text(&o.audience)
        ),
    };
    let private = match &endpoint.private {
        None => String::new(),
        Some(Private::ResourceConfiguration(arn)) => format!("arn {:?}", arn.value),
        Some(Private::Gateway(g)) => format!(
            "gateway {} {:?} {:?} {:?}",
            text(&g.vpc),
            g.subnets.as_ref().map(strings),
            g.security_groups.as_ref().map(strings),
            g.port.as_ref().and_then(ast::NumLit::as_u64)
        ),
    };
    let map = |m: &Option<StaticMap>| {
        m.as_ref().map_or_else(String::new, |m| {
            m.entries
                .iter()
                .map(|(k, v)| format!("{:?}={}", k.name, value(v)))
                .collect::<Vec<_>>()
                .join(",")
        })
    };
    format!(
        "{origin}\n{auth}\n{private}\n{}\n{}",
        map(&endpoint.headers),
        map(&endpoint.query)
    )
}

/// The definition's variable for a created connection's ARN: the logical
/// id and `Arn` (`BillingConnection` → `BillingConnectionArn`), so the
/// `${…}` in the definition and the template's resource can never drift.
fn substitution_for(logical_id: &str) -> String {
    format!("{logical_id}Arn")
}

/// `billing_api` → `BillingApi`: the one function that turns an SFL name
/// into the readable part of a logical id or statement id. Characters other
/// than ASCII letters and digits separate words and are dropped; a result
/// that is empty or starts with a digit gets an `Endpoint` prefix, so it is
/// always a valid CloudFormation logical id.
pub fn logical_name(name: &str) -> String {
    let mut out = String::new();
    for part in name.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.push_str(chars.as_str());
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert_str(0, "Endpoint");
    }
    out
}

/// Plans the template for a lowered workflow: resources of the called
/// endpoints and the role's policy. Linear in the number of tasks and
/// endpoint clauses (plus sorting each endpoint's small method sets).
pub(super) fn build(
    checked: &Checked<'_>,
    names: &EndpointNames,
    root: &Machine,
) -> Result<DeploymentPlan, Internal> {
    let calls = calls_by_endpoint(root);
    let mut plan = DeploymentPlan::default();
    let mut grants: IndexSet<ConnectionGrant> = IndexSet::new();
    plan.stage_parameters = crate::check::params::stage_params(checked.file)
        .into_iter()
        .map(|p| StageParameter {
            description: p.doc.clone().unwrap_or_else(|| {
                let what = p.used_as.describe();
                let mut chars = what.chars();
                chars.next().map_or_else(String::new, |c| {
                    format!(
                        "{}{} (a stage parameter)",
                        c.to_ascii_uppercase(),
                        chars.as_str()
                    )
                })
            }),
            pattern: p.used_as.pattern().to_owned(),
            name: p.name,
            default: p.default,
        })
        .collect();
    let machine =
        crate::check::params::state_machine_name(checked.file, &checked.workflow.name.name);
    if machine != checked.workflow.name.name {
        plan.state_machine_name = Some(machine);
    }
    for (name, endpoint) in &checked.endpoints {
        let Some(urls) = calls.get(*name) else {
            continue;
        };
        let named = names.get(name, endpoint.span)?;
        plan.policy
            .invocations
            .extend(invoke_grants(&named.label, urls));
        grants.insert(connection_grant(&named.site));
        if let Site::Created {
            logical_id,
            substitution,
            lattice,
        } = &named.site
        {
            let planner = Planner {
                parameters: &mut plan.parameters,
                endpoint: name,
            };
            let ids = (logical_id.as_str(), substitution.as_str());
            if let Some(first) = plan
                .connections
                .iter_mut()
                .find(|c| c.logical_id == *logical_id)
            {
                // A connection shared with an earlier endpoint.
                first.endpoint = format!("{}, {name}", first.endpoint);
                continue;
            }
            let mut planner = planner;
            plan.connections
                .push(planner.connection(endpoint, ids, lattice.as_ref())?);
        }
    }
    plan.policy.connections = grants.into_iter().collect();
    plan_observability(checked.workflow, &mut plan);
    if root.has_distributed_map() {
        plan.policy.services.push(ServiceGrant::ChildExecutions);
    }
    plan.policy.event_buses = root.event_buses();
    plan.policy.sub_workflows = sub_workflows(root);
    Ok(plan)
}

/// The state machines the workflow's `run`s start, each once.
fn sub_workflows(root: &Machine) -> Vec<crate::graph::SubWorkflow> {
    use crate::graph::{StateMachineRef, SubWorkflow, SubWorkflowArn};
    let mut out: Vec<SubWorkflow> = Vec::new();
    for task in root.run_tasks() {
        let planned = match &task.state_machine {
            StateMachineRef::Used { name, substitution } => SubWorkflow {
                name: name.clone(),
                arn: SubWorkflowArn::Used {
                    substitution: substitution.clone(),
                },
            },
            StateMachineRef::Existing { arn, name } => {
                let parsed = Arn::parse(arn).ok();
                SubWorkflow {
                    name: name.clone(),
                    arn: SubWorkflowArn::Existing {
                        arn: arn.clone(),
                        partition: parsed.map_or("", |a| a.partition).to_owned(),
                        region: parsed.map_or("", |a| a.region).to_owned(),
                        account: parsed.map_or("", |a| a.account).to_owned(),
                    },
                }
            }
        };
        if !out.contains(&planned) {
            out.push(planned);
        }
    }
    out
}

/// The definition's variable for a used workflow's state machine ARN
/// (`billing` → `BillingStateMachineArn`).
pub fn state_machine_substitution(name: &str) -> String {
    format!("{}StateMachineArn", logical_name(name))
}

/// How long the created log group keeps events: a month covers the usual
/// look back at an incident while bounding what the logs cost; a deployer
/// who needs more changes the stack (docs/language.md "Logs and traces").
const LOG_RETENTION_DAYS: u32 = 30;

/// The prefix AWS recommends for Step Functions log groups: CloudWatch Logs
/// grants log groups under `/aws/vendedlogs/` without growing the account's
/// 5,120-character resource policy (aws.md "Logging and tracing").
const VENDED_LOG_PREFIX: &str = "/aws/vendedlogs/states/";

/// `log …` and `tracing`: the log group, the logging settings and the
/// grants Step Functions needs to set up log delivery and send traces.
fn plan_observability(workflow: &ast::Workflow, plan: &mut DeploymentPlan) {
    if let Some(log) = &workflow.log {
        plan.log = Some(LogPlan {
            logical_id: LOG_GROUP_ID.to_owned(),
            // Named after the state machine, so two stages in one account
            // and region log to two groups.
            group_name: format!(
                "{VENDED_LOG_PREFIX}{}",
                plan.state_machine_name
                    .as_deref()
                    .unwrap_or(&workflow.name.name)
            ),
            retention_days: LOG_RETENTION_DAYS,
            level: match log.level {
                ast::LogLevel::All => LogLevel::All,
                ast::LogLevel::Error => LogLevel::Error,
                ast::LogLevel::Fatal => LogLevel::Fatal,
            },
            include_data: log.with_data,
        });
        plan.policy.services.push(ServiceGrant::LogDelivery);
    }
    if workflow.tracing.is_some() {
        plan.tracing = true;
        plan.policy.services.push(ServiceGrant::Tracing);
    }
}

/// endpoint → (URL pattern → methods), each in order of first call.
type Calls<'g> = IndexMap<&'g str, IndexMap<&'g UrlPattern, BTreeSet<Method>>>;

fn calls_by_endpoint(root: &Machine) -> Calls<'_> {
    let mut calls: Calls<'_> = IndexMap::new();
    for task in root.http_tasks() {
        calls
            .entry(task.endpoint.as_str())
            .or_default()
            .entry(&task.url_pattern)
            .or_default()
            .insert(task.method);
    }
    calls
}

/// aws.md §4: a statement allows every method in its list with every URL in
/// its list, so an endpoint's URLs are grouped by the exact set of methods
/// used with them. Every (method, URL) pair a statement allows is then a
/// call the workflow makes: `GET /a` and `POST /b` give two statements,
/// never one that would also allow `GET /b`.
fn invoke_grants(label: &str, urls: &IndexMap<&UrlPattern, BTreeSet<Method>>) -> Vec<InvokeGrant> {
    let mut groups: IndexMap<&BTreeSet<Method>, Vec<UrlPattern>> = IndexMap::new();
    for (url, methods) in urls {
        groups.entry(methods).or_default().push((*url).clone());
    }
    groups
        .into_iter()
        .map(|(methods, urls)| {
            let sid_methods: String = methods.iter().map(|m| method_word(*m)).collect();
            InvokeGrant {
                sid: format!("Invoke{label}{sid_methods}"),
                methods: methods.iter().copied().collect(),
                urls,
            }
        })
        .collect()
}

/// `DELETE` → `Delete`, for statement ids.
fn method_word(method: Method) -> String {
    let mut chars = method.as_str().chars();
    chars.next().map_or_else(String::new, |first| {
        let mut out = String::from(first);
        out.push_str(&chars.as_str().to_ascii_lowercase());
        out
    })
}

/// The connection the role may use for an endpoint. An existing
/// connection's secret is named `events!connection/NAME/…` by EventBridge
/// in the connection's account and region (aws.md §3 `SecretArn`); its
/// full ARN is not known at compile time, so the grant is that prefix.
fn connection_grant(site: &Site) -> ConnectionGrant {
    match site {
        Site::Created { logical_id, .. } => ConnectionGrant::Created {
            logical_id: logical_id.clone(),
        },
        Site::Existing { arn } => ConnectionGrant::Existing {
            arn: arn.clone(),
            secret: existing_connection_secret(arn),
        },
    }
}

fn existing_connection_secret(text: &str) -> Option<String> {
    let arn = Arn::parse(text).ok()?;
    let rest = arn.resource.strip_prefix("connection/")?;
    let connection = parse_connection_resource(rest).ok()?;
    Some(format!(
        "arn:{}:secretsmanager:{}:{}:secret:events!connection/{}/*",
        arn.partition, arn.region, arn.account, connection.name
    ))
}

/// Plans one created connection, declaring the parameters its values use.
struct Planner<'p> {
    parameters: &'p mut Vec<TemplateParameter>,
    endpoint: &'p str,
}

impl Planner<'_> {
    /// The connection under its decided names: `ids` is the logical id
    /// and the substitution variable.
    fn connection(
        &mut self,
        endpoint: &ast::Endpoint,
        (logical_id, substitution): (&str, &str),
        lattice: Option<&LatticeNames>,
    ) -> Result<Connection, Internal> {
        let url = required(&endpoint.url, endpoint.span, self.endpoint, "url")?;
        let auth = required(&endpoint.auth, endpoint.span, self.endpoint, "auth")?;
        let private = match &endpoint.private {
            None => None,
            Some(Private::ResourceConfiguration(arn)) => Some(PrivateLink::ResourceConfiguration {
                arn: arn.value.clone(),
            }),
            Some(Private::Gateway(gateway)) => {
                Some(PrivateLink::Gateway(self.gateway(gateway, lattice, url)?))
            }
        };
        let auth = self.auth(auth, url, private.is_some())?;
        Ok(Connection {
            endpoint: self.endpoint.to_owned(),
            url: url.value.clone(),
            logical_id: logical_id.to_owned(),
            substitution: substitution.to_owned(),
            auth,
            headers: self.key_values(endpoint.headers.as_ref(), "Header"),
            query: self.key_values(endpoint.query.as_ref(), "Query parameter"),
            private,
        })
    }

    fn auth(
        &mut self,
        auth: &Auth,
        url: &StrLit,
        private: bool,
    ) -> Result<ConnectionAuth, Internal> {
        Ok(match auth {
            Auth::ApiKey { header, value, .. } => ConnectionAuth::ApiKey {
                header: header.value.clone(),
                value: self.value(value, "API key value"),
            },
            Auth::Basic {
                username,
                password,
                span,
            } => ConnectionAuth::Basic {
                username: self.value(
                    required(username, *span, self.endpoint, "username")?,
                    "Basic auth username",
                ),
                password: self.value(
                    required(password, *span, self.endpoint, "password")?,
                    "Basic auth password",
                ),
            },
            Auth::OAuth(oauth) => ConnectionAuth::OAuth(self.oauth(oauth, url, private)?),
        })
    }

    /// The client-credentials flow: POST unless `method` says otherwise;
    /// `grant_type` is always `client_credentials` (the flow EventBridge
    /// implements), `scope` and `audience` are sent when given. A token
    /// endpoint on the private API's own host is reached through the same
    /// connectivity; any other host is taken to be public (aws.md §3
    /// `ConnectivityParameters`).
    fn oauth(
        &mut self,
        oauth: &ast::OAuth,
        url: &StrLit,
        private: bool,
    ) -> Result<OAuthClient, Internal> {
        let span = oauth.span;
        let token_url = required(&oauth.token_url, span, self.endpoint, "token_url")?;
        let method = oauth
            .method
            .map_or(TokenMethod::Post, |m| m.value)
            .as_str()
            .to_owned();
        let client_id = required(&oauth.client_id, span, self.endpoint, "client_id")?;
        let client_secret = required(&oauth.client_secret, span, self.endpoint, "client_secret")?;
        let mut grant = vec![KeyValue {
            key: "grant_type".to_owned(),
            value: DeployValue::Text("client_credentials".to_owned()),
        }];
        for (key, value) in [("scope", &oauth.scope), ("audience", &oauth.audience)] {
            if let Some(value) = value {
                grant.push(KeyValue {
                    key: key.to_owned(),
                    value: DeployValue::Text(value.value.clone()),
                });
            }
        }
        let same_host = match (
            HttpsUrl::parse(&token_url.value),
            HttpsUrl::parse(&url.value),
        ) {
            (Ok(token), Ok(api)) => token.same_host(&api),
            _ => false,
        };
        Ok(OAuthClient {
            token_url: token_url.value.clone(),
            grant_in_query: method == "GET",
            method,
            client_id: self.value(client_id, "OAuth client id"),
            client_secret: self.value(client_secret, "OAuth client secret"),
            grant,
            private_token_endpoint: private && same_host,
        })
    }

    /// aws.md §3: a single DNS resource for the url's host on one TCP port
    /// (the gateway's `port`, else the url's explicit port, else 443).
    fn gateway(
        &self,
        gateway: &ast::Gateway,
        lattice: Option<&LatticeNames>,
        url: &StrLit,
    ) -> Result<LatticeGateway, Internal> {
        let span = gateway.span;
        let names = lattice.ok_or_else(|| {
            Internal::new(
                span,
                format!("endpoint `{}` has no Lattice names", self.endpoint),
            )
        })?;
        // A url whose host is a stage parameter parses with a stand-in
        // host; the host itself is then the placeholder text.
        let placeholder_host = url
            .value
            .get(..crate::check::params::host_end(&url.value))
            .and_then(|origin| origin.strip_prefix("https://"))
            .filter(|host| host.contains("${"))
            .map(|host| host.split(':').next().unwrap_or(host).to_owned());
        let stand_in = crate::check::params::substitute(&url.value, |_| Some("stage".to_owned()));
        let parsed = HttpsUrl::parse(&stand_in).map_err(|_| {
            Internal::new(
                url.span,
                format!("the url of `{}` does not parse", self.endpoint),
            )
        })?;
        let port = match &gateway.port {
            Some(port) => port
                .as_u64()
                .and_then(|p| u16::try_from(p).ok())
                .ok_or_else(|| Internal::new(port.span, "the gateway's port is not a port"))?,
            None => parsed.effective_port(),
        };
        Ok(LatticeGateway {
            gateway_id: names.gateway_id.clone(),
            configuration_id: names.configuration_id.clone(),
            name: names.name.clone(),
            vpc: required(&gateway.vpc, span, self.endpoint, "vpc")?
                .value
                .clone(),
            subnets: strings(required(&gateway.subnets, span, self.endpoint, "subnets")?),
            security_groups: gateway.security_groups.as_ref().map(strings),
            host: placeholder_host.unwrap_or_else(|| parsed.host.to_owned()),
            port,
        })
    }

    fn key_values(&mut self, map: Option<&StaticMap>, what: &str) -> Vec<KeyValue> {
        map.map(|map| {
            map.entries
                .iter()
                .map(|(key, value)| KeyValue {
                    key: key.name.clone(),
                    value: self.value(value, &format!("{what} {}", key.name)),
                })
                .collect()
        })
        .unwrap_or_default()
    }

    /// A source value as a deploy-time value; a parameter is declared on
    /// its first use, described by what it is for.
    fn value(&mut self, value: &StaticValue, what: &str) -> DeployValue {
        match value {
            StaticValue::Literal(text) => DeployValue::Text(text.value.clone()),
            StaticValue::Secret { name, key, .. } => DeployValue::Secret {
                name: name.value.clone(),
                key: key.as_ref().map(|k| k.value.clone()),
            },
            StaticValue::Param { name, .. } => {
                if !self.parameters.iter().any(|p| p.name == name.value) {
                    self.parameters.push(TemplateParameter {
                        name: name.value.clone(),
                        description: format!("{what} for endpoint {}", self.endpoint),
                    });
                }
                DeployValue::Parameter(name.value.clone())
            }
        }
    }
}

fn strings(list: &StrList) -> Vec<String> {
    list.items.iter().map(|s| s.value.clone()).collect()
}

/// A clause `check` requires (E0509 and the resource checks), missing.
fn required<'v, T>(
    value: &'v Option<T>,
    span: Span,
    endpoint: &str,
    what: &str,
) -> Result<&'v T, Internal> {
    value
        .as_ref()
        .ok_or_else(|| Internal::new(span, format!("endpoint `{endpoint}` has no {what}")))
}

/// `base`, or `base2`, `base3`, … whichever is not taken yet; records it.
fn unique(base: String, taken: &mut IndexSet<String>) -> String {
    if taken.insert(base.clone()) {
        return base;
    }
    let mut n = 2_usize;
    loop {
        let candidate = format!("{base}{n}");
        if taken.insert(candidate.clone()) {
            return candidate;
        }
        n += 1;
    }
}

/// The `Name` of an endpoint's Lattice resources: `<workflow>-<endpoint>`
/// fitted to the Lattice pattern (see [`lattice_name`]). A clash with an
/// earlier endpoint's name gets a `-2`, `-3`, … suffix.
fn unique_lattice_name(workflow: &str, endpoint: &str, taken: &mut IndexSet<String>) -> String {
    let base = lattice_name(&format!("{workflow}-{endpoint}"));
    if taken.insert(base.clone()) {
        return base;
    }
    let mut n = 2_usize;
    loop {
        let suffix = format!("-{n}");
        let mut stem: String = base.chars().take(LATTICE_NAME_MAX - suffix.len()).collect();
        while stem.ends_with('-') {
            stem.pop();
        }
        let candidate = format!("{stem}{suffix}");
        if taken.insert(candidate.clone()) {
            return candidate;
        }
        n += 1;
    }
}

/// The `Name` of an endpoint's Lattice resources when the state machine's
/// name is a stage parameter: `<prefix>-<endpoint>`, the endpoint part
/// fitted to the Lattice pattern and to [`LATTICE_SUFFIX_MAX`] characters
/// (the parameter's `AllowedPattern` keeps the prefix within
/// `LATTICE_PREFIX_MAX`), with `-2`, `-3`, … on a clash.
///
/// [`LATTICE_SUFFIX_MAX`]: crate::check::params::LATTICE_SUFFIX_MAX
fn prefixed_lattice_name(prefix: &str, endpoint: &str, taken: &mut IndexSet<String>) -> String {
    use crate::check::params::LATTICE_SUFFIX_MAX;
    let fit = |text: &str, max: usize| {
        let mut out: String = lattice_part(text).chars().take(max).collect();
        while out.ends_with('-') {
            out.pop();
        }
        if out.is_empty() {
            out.push_str("api");
        }
        out
    };
    let base = fit(endpoint, LATTICE_SUFFIX_MAX);
    let mut suffix = base.clone();
    let mut n = 2_usize;
    while !taken.insert(suffix.clone()) {
        let tail = format!("-{n}");
        suffix = format!("{}{tail}", fit(&base, LATTICE_SUFFIX_MAX - tail.len()));
        n += 1;
    }
    format!("{prefix}-{suffix}")
}

/// Text as lower-case letters, digits and single inner `-`.
fn lattice_part(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        let c = match c.to_ascii_lowercase() {
            c @ ('a'..='z' | '0'..='9') => c,
            _ => '-',
        };
        if c == '-' && (out.is_empty() || out.ends_with('-')) {
            continue;
        }
        out.push(c);
    }
    out
}

/// Makes text fit the Lattice `Name` pattern
/// `^(?!rgw-|rcfg-)(?![-])(?!.*[-]$)(?!.*[-]{2})[a-z0-9-]{3,40}$`:
/// lowercased, other characters turned into `-`, doubled and outer dashes
/// removed, cut to 40 characters.
fn lattice_name(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        let c = match c.to_ascii_lowercase() {
            c @ ('a'..='z' | '0'..='9') => c,
            _ => '-',
        };
        if c == '-' && (out.is_empty() || out.ends_with('-')) {
            continue;
        }
        out.push(c);
    }
    // The `rgw-`/`rcfg-` prefixes are the services' own id prefixes, and a
    // name must have at least three characters.
    if out.starts_with("rgw-") || out.starts_with("rcfg-") || out.len() < LATTICE_NAME_MIN {
        out.insert_str(0, "sfl-");
    }
    out.truncate(LATTICE_NAME_MAX);
    while out.ends_with('-') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests;

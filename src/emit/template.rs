//! Stage 4, emit: the CloudFormation template that deploys a workflow.
//!
//! Takes the [`StateGraph`] (which endpoints the workflow calls, how, and
//! through which connection), the checked file's endpoint items (auth,
//! private connectivity, connection parameters) and the ASL definition, and
//! returns the template as a [`serde_json::Value`] with a fixed key order;
//! [`render`] turns it into JSON or YAML text.
//!
//! What the template holds (aws.md §3 and §4):
//!
//! - `Parameters`: one `NoEcho` string per `param("Name")` the created
//!   connections use.
//! - For every *called* endpoint without `connection "arn:…"`: an
//!   `AWS::Events::Connection` (`<Label>Connection`) with its authorization,
//!   its endpoint-level headers and query as `InvocationHttpParameters`, and
//!   its private connectivity; for `private gateway { … }` also an
//!   `AWS::VpcLattice::ResourceGateway` (`<Label>ResourceGateway`) and a DNS
//!   `AWS::VpcLattice::ResourceConfiguration` (`<Label>ResourceConfiguration`)
//!   for the url's host. Endpoints nobody calls get no resources.
//! - `StateMachineRole`: assumable by Step Functions in this account only,
//!   with the least-privilege policy from [`iam::role_policy`].
//! - `StateMachine`: the definition as a JSON object, with
//!   `DefinitionSubstitutions` binding each `${…ConnectionArn}` variable.
//! - `Outputs`: the state machine's ARN and each created connection's ARN.
//!
//! Secrets never appear as values: `secret(…)` becomes a
//! `{{resolve:secretsmanager:…}}` dynamic reference and `param(…)` a `Ref`.

use indexmap::{IndexMap, IndexSet};
use serde_json::{Map, Value, json};

use crate::aws::ids::{HTTPS_PORT, https_host_port};
use crate::check::Checked;
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::emit::iam::{self, ConnectionSite, EndpointAccess};
use crate::emit::yaml;
use crate::graph::{ConnectionRef, EndpointUse, StateGraph, WorkflowKind};
use crate::source::Span;
use crate::syntax::ast::{self, Auth, Private, StaticMap, StaticValue};

/// The text format of the template file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum TemplateFormat {
    /// `<stem>.template.json` (the default).
    #[default]
    Json,
    /// `<stem>.template.yaml`.
    Yaml,
}

impl TemplateFormat {
    /// The file name suffix after the stem, e.g. `template.json`.
    pub fn extension(self) -> &'static str {
        match self {
            TemplateFormat::Json => "template.json",
            TemplateFormat::Yaml => "template.yaml",
        }
    }
}

/// The template as text: two-space JSON or block YAML, with a trailing
/// newline. Keys keep the value's order, so the bytes are deterministic.
pub fn render(template: &Value, format: TemplateFormat) -> String {
    match format {
        TemplateFormat::Json => {
            let mut text = serde_json::to_string_pretty(template).unwrap_or_default();
            text.push('\n');
            text
        }
        TemplateFormat::Yaml => yaml::to_yaml(template),
    }
}

/// The logical id of the state machine.
pub const STATE_MACHINE_ID: &str = "StateMachine";
/// The logical id of its execution role.
pub const ROLE_ID: &str = "StateMachineRole";

/// aws.md §3 "VPC Lattice": resource gateway and resource configuration
/// names are 3–40 characters.
const LATTICE_NAME_MAX: usize = 40;
const LATTICE_NAME_MIN: usize = 3;
/// CloudFormation: a template `Description` is at most 1,024 bytes.
const TEMPLATE_DESCRIPTION_MAX: usize = 1024;
/// aws.md §3: a connection `Description` is at most 512 characters.
const CONNECTION_DESCRIPTION_MAX: usize = 512;

/// Builds the CloudFormation template for a lowered workflow.
///
/// `definition` is the ASL definition `emit::asl` produced from the same
/// graph. Pushes a warning when the role's policy is likely over IAM's size
/// limit. Linear in the size of the graph and the endpoint items.
pub fn emit_template(
    graph: &StateGraph,
    checked: &Checked<'_>,
    definition: &Value,
    diagnostics: &mut Diagnostics,
) -> Value {
    let plan = Plan::new(graph, checked);

    let mut parameters = Map::new();
    let mut resources = Map::new();
    let mut outputs = Map::new();
    let mut substitutions = Map::new();

    for endpoint in &plan.endpoints {
        let Some(created) = &endpoint.created else {
            continue;
        };
        let mut values = Values {
            parameters: &mut parameters,
            endpoint: endpoint.name,
        };
        let connection_arn = json!({ "Fn::GetAtt": [created.connection_id, "Arn"] });
        let private_arn = match endpoint.item.and_then(|e| e.private.as_ref()) {
            Some(Private::ResourceConfiguration(arn)) => Some(Value::String(arn.value.clone())),
            Some(Private::Gateway(gateway)) => {
                let (gateway_id, config_id, name) = match &created.lattice {
                    Some(lattice) => (
                        lattice.gateway_id.as_str(),
                        lattice.configuration_id.as_str(),
                        lattice.name.as_str(),
                    ),
                    None => continue,
                };
                resources.insert(gateway_id.to_owned(), resource_gateway(gateway, name));
                resources.insert(
                    config_id.to_owned(),
                    resource_configuration(gateway, gateway_id, name, &endpoint.url),
                );
                Some(json!({ "Fn::GetAtt": [config_id, "Arn"] }))
            }
            None => None,
        };
        resources.insert(
            created.connection_id.clone(),
            connection(&graph.name, endpoint, private_arn.as_ref(), &mut values),
        );
        substitutions.insert(created.substitution.clone(), connection_arn.clone());
        outputs.insert(
            format!("{}Arn", created.connection_id),
            json!({
                "Description": format!("ARN of the connection for endpoint {}", endpoint.name),
                "Value": connection_arn,
            }),
        );
    }

    let policy = iam::role_policy(graph, &plan.access());
    let document = policy.document();
    if let Some(document) = &document {
        let size = iam::policy_chars(document);
        if size > iam::MAX_INLINE_POLICY_CHARS {
            diagnostics.push(policy_too_large(size, plan.workflow_span));
        }
    }
    resources.insert(ROLE_ID.to_owned(), role(&graph.name, document));
    resources.insert(
        STATE_MACHINE_ID.to_owned(),
        state_machine(graph, definition, substitutions),
    );

    let mut all_outputs = Map::new();
    all_outputs.insert(
        "StateMachineArn".to_owned(),
        json!({
            "Description": format!("ARN of the state machine {}", graph.name),
            "Value": { "Ref": STATE_MACHINE_ID },
        }),
    );
    all_outputs.extend(outputs);

    let mut template = Map::new();
    template.insert("AWSTemplateFormatVersion".to_owned(), json!("2010-09-09"));
    template.insert(
        "Description".to_owned(),
        Value::String(template_description(graph)),
    );
    if !parameters.is_empty() {
        template.insert("Parameters".to_owned(), Value::Object(parameters));
    }
    template.insert("Resources".to_owned(), Value::Object(resources));
    template.insert("Outputs".to_owned(), Value::Object(all_outputs));
    Value::Object(template)
}

/// Which endpoints get resources and under which names. Built once, in the
/// endpoints' declaration order, so names never depend on hash order.
struct Plan<'g, 'a> {
    endpoints: Vec<PlannedEndpoint<'g, 'a>>,
    workflow_span: Span,
}

struct PlannedEndpoint<'g, 'a> {
    name: &'g str,
    url: String,
    label: String,
    item: Option<&'a ast::Endpoint>,
    connection: ConnectionSite,
    /// `None` for an existing connection.
    created: Option<CreatedIds>,
}

struct CreatedIds {
    substitution: String,
    connection_id: String,
    lattice: Option<LatticeIds>,
}

struct LatticeIds {
    gateway_id: String,
    configuration_id: String,
    /// The `Name` both Lattice resources get.
    name: String,
}

impl<'g, 'a> Plan<'g, 'a> {
    fn new(graph: &'g StateGraph, checked: &Checked<'a>) -> Plan<'g, 'a> {
        // Endpoints in declaration order, plus any only a task names.
        let mut uses: IndexMap<&'g str, (String, &'g ConnectionRef)> = graph
            .endpoints
            .iter()
            .map(|e: &'g EndpointUse| (e.name.as_str(), (e.url.clone(), &e.connection)))
            .collect();
        let mut called: IndexSet<&'g str> = IndexSet::new();
        for task in graph.root.http_tasks() {
            called.insert(task.endpoint.as_str());
            uses.entry(task.endpoint.as_str()).or_insert_with(|| {
                let url = checked
                    .endpoints
                    .get(task.endpoint.as_str())
                    .and_then(|e| e.url.as_ref())
                    .map(|u| u.value.clone())
                    .unwrap_or_default();
                (url, &task.connection)
            });
        }

        // Parameters keep the names the user gave them (they are what a
        // deployer types), so generated ids step around them.
        let mut taken: IndexSet<String> = [STATE_MACHINE_ID, ROLE_ID]
            .into_iter()
            .map(str::to_owned)
            .collect();
        for (name, _) in &uses {
            if !called.contains(name) {
                continue;
            }
            if let Some(item) = checked.endpoints.get(name) {
                for value in item.static_values() {
                    if let StaticValue::Param { name, .. } = value {
                        taken.insert(name.value.clone());
                    }
                }
            }
        }

        let mut labels: IndexSet<String> = IndexSet::new();
        let mut lattice_names: IndexSet<String> = IndexSet::new();
        let mut endpoints = Vec::new();
        for (name, (url, connection)) in uses {
            if !called.contains(name) {
                continue;
            }
            let label = unique(iam::pascal_label(name), &mut labels);
            let item = checked.endpoints.get(name).copied();
            let (site, created) = match connection {
                ConnectionRef::Existing { arn } => {
                    (ConnectionSite::Existing { arn: arn.clone() }, None)
                }
                ConnectionRef::Created { substitution } => {
                    let connection_id = unique(format!("{label}Connection"), &mut taken);
                    let lattice = match item.and_then(|e| e.private.as_ref()) {
                        Some(Private::Gateway(_)) => Some(LatticeIds {
                            gateway_id: unique(format!("{label}ResourceGateway"), &mut taken),
                            configuration_id: unique(
                                format!("{label}ResourceConfiguration"),
                                &mut taken,
                            ),
                            name: unique_lattice_name(&graph.name, name, &mut lattice_names),
                        }),
                        Some(Private::ResourceConfiguration(_)) | None => None,
                    };
                    (
                        ConnectionSite::Created {
                            logical_id: connection_id.clone(),
                        },
                        Some(CreatedIds {
                            substitution: substitution.clone(),
                            connection_id,
                            lattice,
                        }),
                    )
                }
            };
            endpoints.push(PlannedEndpoint {
                name,
                url,
                label,
                item,
                connection: site,
                created,
            });
        }
        Plan {
            endpoints,
            workflow_span: checked.workflow.name.span,
        }
    }

    fn access(&self) -> Vec<EndpointAccess> {
        self.endpoints
            .iter()
            .map(|e| EndpointAccess {
                endpoint: e.name.to_owned(),
                label: e.label.clone(),
                connection: e.connection.clone(),
            })
            .collect()
    }
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

/// The `Name` of an endpoint's Lattice resources: `<workflow>-<endpoint>`,
/// lowercased, `_` turned into `-`, doubled and outer dashes removed, and
/// cut to 40 characters (aws.md §3 `Name` patterns). A clash with an
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

/// Makes text fit the Lattice `Name` pattern
/// `^(?!rgw-|rcfg-)(?![-])(?!.*[-]$)(?!.*[-]{2})[a-z0-9-]{3,40}$`.
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

/// Turns deploy-time values into template values, collecting parameters.
struct Values<'p> {
    parameters: &'p mut Map<String, Value>,
    endpoint: &'p str,
}

impl Values<'_> {
    /// A literal as itself, `secret(…)` as a dynamic reference, `param(…)` as
    /// a `Ref` to a `NoEcho` parameter (declared on first use).
    fn value(&mut self, value: &StaticValue, what: &str) -> Value {
        match value {
            StaticValue::Literal(text) => Value::String(text.value.clone()),
            StaticValue::Secret { name, key, .. } => Value::String(match key {
                Some(key) => format!(
                    "{{{{resolve:secretsmanager:{}:SecretString:{}}}}}",
                    name.value, key.value
                ),
                None => format!("{{{{resolve:secretsmanager:{}}}}}", name.value),
            }),
            StaticValue::Param { name, .. } => {
                if !self.parameters.contains_key(&name.value) {
                    self.parameters.insert(
                        name.value.clone(),
                        json!({
                            "Type": "String",
                            "NoEcho": true,
                            "MinLength": 1,
                            "Description": format!("{what} for endpoint {}", self.endpoint),
                        }),
                    );
                }
                json!({ "Ref": name.value })
            }
        }
    }

    /// `{Key, Value, IsValueSecret}` entries; only literals are not secret.
    fn parameters(&mut self, map: &StaticMap, what: &str) -> Vec<Value> {
        map.entries
            .iter()
            .map(|(key, value)| {
                let secret = !matches!(value, StaticValue::Literal(_));
                json!({
                    "Key": key.name,
                    "Value": self.value(value, &format!("{what} {}", key.name)),
                    "IsValueSecret": secret,
                })
            })
            .collect()
    }
}

/// An `AWS::Events::Connection` for one endpoint (aws.md §3).
fn connection(
    workflow: &str,
    endpoint: &PlannedEndpoint<'_, '_>,
    private_arn: Option<&Value>,
    values: &mut Values<'_>,
) -> Value {
    let mut properties = Map::new();
    properties.insert(
        "Description".to_owned(),
        Value::String(truncate_chars(
            &format!(
                "Endpoint {} of workflow {workflow} ({})",
                endpoint.name, endpoint.url
            ),
            CONNECTION_DESCRIPTION_MAX,
        )),
    );

    let item = endpoint.item;
    let mut auth_parameters = Map::new();
    match item.and_then(|e| e.auth.as_ref()) {
        Some(Auth::ApiKey { header, value, .. }) => {
            properties.insert("AuthorizationType".to_owned(), json!("API_KEY"));
            auth_parameters.insert(
                "ApiKeyAuthParameters".to_owned(),
                json!({
                    "ApiKeyName": header.value,
                    "ApiKeyValue": values.value(value, "API key value"),
                }),
            );
        }
        Some(Auth::Basic {
            username, password, ..
        }) => {
            properties.insert("AuthorizationType".to_owned(), json!("BASIC"));
            let username = username
                .as_ref()
                .map_or(Value::Null, |v| values.value(v, "Basic auth username"));
            let password = password
                .as_ref()
                .map_or(Value::Null, |v| values.value(v, "Basic auth password"));
            auth_parameters.insert(
                "BasicAuthParameters".to_owned(),
                json!({ "Username": username, "Password": password }),
            );
        }
        Some(Auth::OAuth(oauth)) => {
            properties.insert(
                "AuthorizationType".to_owned(),
                json!("OAUTH_CLIENT_CREDENTIALS"),
            );
            auth_parameters.insert(
                "OAuthParameters".to_owned(),
                oauth_parameters(oauth, values),
            );
            // A token endpoint on the API's own private host is reached
            // through the same resource configuration; any other host is
            // taken to be public (aws.md §3 `ConnectivityParameters`: only
            // for a private authorization endpoint).
            if let Some(arn) = private_arn
                && same_host(
                    oauth.token_url.as_ref().map(|u| u.value.as_str()),
                    &endpoint.url,
                )
            {
                auth_parameters.insert(
                    "ConnectivityParameters".to_owned(),
                    json!({ "ResourceParameters": { "ResourceConfigurationArn": arn } }),
                );
            }
        }
        None => {}
    }

    let mut http = Map::new();
    if let Some(headers) = item.and_then(|e| e.headers.as_ref()) {
        http.insert(
            "HeaderParameters".to_owned(),
            Value::Array(values.parameters(headers, "Header")),
        );
    }
    if let Some(query) = item.and_then(|e| e.query.as_ref()) {
        http.insert(
            "QueryStringParameters".to_owned(),
            Value::Array(values.parameters(query, "Query parameter")),
        );
    }
    if !http.is_empty() {
        auth_parameters.insert("InvocationHttpParameters".to_owned(), Value::Object(http));
    }
    if !auth_parameters.is_empty() {
        properties.insert("AuthParameters".to_owned(), Value::Object(auth_parameters));
    }
    if let Some(arn) = private_arn {
        properties.insert(
            "InvocationConnectivityParameters".to_owned(),
            json!({ "ResourceParameters": { "ResourceConfigurationArn": arn } }),
        );
    }
    json!({ "Type": "AWS::Events::Connection", "Properties": properties })
}

/// `OAuthParameters`: the token endpoint, its method (POST unless `method`
/// says otherwise), the client credentials, and the grant's own parameters.
/// EventBridge sends `OAuthHttpParameters` with the token request: in the
/// body for POST and PUT, in the query string for GET. `grant_type` is
/// always `client_credentials` (the flow EventBridge implements); `scope`
/// and `audience` are sent when given.
fn oauth_parameters(oauth: &ast::OAuth, values: &mut Values<'_>) -> Value {
    let method = oauth.method.map_or("POST", |m| m.value.as_str());
    let client_id = oauth
        .client_id
        .as_ref()
        .map_or(Value::Null, |v| values.value(v, "OAuth client id"));
    let client_secret = oauth
        .client_secret
        .as_ref()
        .map_or(Value::Null, |v| values.value(v, "OAuth client secret"));
    let mut grant = vec![json!({
        "Key": "grant_type",
        "Value": "client_credentials",
        "IsValueSecret": false,
    })];
    for (key, value) in [("scope", &oauth.scope), ("audience", &oauth.audience)] {
        if let Some(value) = value {
            grant.push(json!({ "Key": key, "Value": value.value, "IsValueSecret": false }));
        }
    }
    let placement = if method == "GET" {
        "QueryStringParameters"
    } else {
        "BodyParameters"
    };
    json!({
        "AuthorizationEndpoint": oauth.token_url.as_ref().map_or("", |u| u.value.as_str()),
        "HttpMethod": method,
        "ClientParameters": { "ClientID": client_id, "ClientSecret": client_secret },
        "OAuthHttpParameters": { placement: grant },
    })
}

fn same_host(token_url: Option<&str>, url: &str) -> bool {
    match (token_url.and_then(https_host_port), https_host_port(url)) {
        (Some((a, _)), Some((b, _))) => a.eq_ignore_ascii_case(b),
        _ => false,
    }
}

/// aws.md §3 `AWS::VpcLattice::ResourceGateway`.
fn resource_gateway(gateway: &ast::Gateway, name: &str) -> Value {
    let mut properties = Map::new();
    properties.insert("Name".to_owned(), json!(name));
    properties.insert(
        "VpcIdentifier".to_owned(),
        json!(gateway.vpc.as_ref().map_or("", |v| v.value.as_str())),
    );
    properties.insert("SubnetIds".to_owned(), strings(gateway.subnets.as_ref()));
    if gateway.security_groups.is_some() {
        properties.insert(
            "SecurityGroupIds".to_owned(),
            strings(gateway.security_groups.as_ref()),
        );
    }
    properties.insert("IpAddressType".to_owned(), json!("IPV4"));
    json!({ "Type": "AWS::VpcLattice::ResourceGateway", "Properties": properties })
}

fn strings(list: Option<&ast::StrList>) -> Value {
    Value::Array(
        list.map(|l| l.items.iter().map(|s| json!(s.value)).collect())
            .unwrap_or_default(),
    )
}

/// aws.md §3 `AWS::VpcLattice::ResourceConfiguration`: a single DNS resource
/// for the url's host on one TCP port (the gateway's `port`, else the url's
/// explicit port, else 443), reachable without Lattice IAM auth (the
/// connection authenticates the calls) and associable with the service
/// network EventBridge manages.
fn resource_configuration(
    gateway: &ast::Gateway,
    gateway_id: &str,
    name: &str,
    url: &str,
) -> Value {
    let (host, url_port) = https_host_port(url).unwrap_or(("", None));
    let port = gateway
        .port
        .as_ref()
        .and_then(ast::NumLit::as_u64)
        .or(url_port.map(u64::from))
        .unwrap_or(u64::from(HTTPS_PORT));
    json!({
        "Type": "AWS::VpcLattice::ResourceConfiguration",
        "Properties": {
            "Name": name,
            "ResourceGatewayId": { "Fn::GetAtt": [gateway_id, "Id"] },
            "ResourceConfigurationType": "SINGLE",
            "ProtocolType": "TCP",
            // PortRanges are strings in the schema, even for one port.
            "PortRanges": [port.to_string()],
            "ResourceConfigurationDefinition": {
                "DnsResource": { "DomainName": host, "IpAddressType": "IPV4" }
            },
            "ResourceConfigurationAuthType": "NONE",
            "AllowAssociationToSharableServiceNetwork": true,
        }
    })
}

/// aws.md §4: the execution role. Only Step Functions acting for this
/// account may assume it (`aws:SourceAccount` guards against the confused
/// deputy); its one inline policy is the derived least-privilege policy.
fn role(workflow: &str, document: Option<Value>) -> Value {
    let mut properties = Map::new();
    properties.insert(
        "Description".to_owned(),
        Value::String(truncate_chars(
            &format!("Execution role of the state machine {workflow}"),
            1000,
        )),
    );
    properties.insert(
        "AssumeRolePolicyDocument".to_owned(),
        json!({
            "Version": "2012-10-17",
            "Statement": [{
                "Effect": "Allow",
                "Principal": { "Service": "states.amazonaws.com" },
                "Action": "sts:AssumeRole",
                "Condition": {
                    "StringEquals": { "aws:SourceAccount": { "Ref": "AWS::AccountId" } }
                },
            }],
        }),
    );
    if let Some(document) = document {
        properties.insert(
            "Policies".to_owned(),
            json!([{ "PolicyName": "InvokeHttpEndpoints", "PolicyDocument": document }]),
        );
    }
    json!({ "Type": "AWS::IAM::Role", "Properties": properties })
}

fn state_machine(
    graph: &StateGraph,
    definition: &Value,
    substitutions: Map<String, Value>,
) -> Value {
    let kind = match graph.kind {
        WorkflowKind::Standard => "STANDARD",
        WorkflowKind::Express => "EXPRESS",
    };
    let mut properties = Map::new();
    // A fixed name lets the role build this machine's ARN with Fn::Sub.
    properties.insert("StateMachineName".to_owned(), json!(graph.name));
    properties.insert("StateMachineType".to_owned(), json!(kind));
    properties.insert(
        "RoleArn".to_owned(),
        json!({ "Fn::GetAtt": [ROLE_ID, "Arn"] }),
    );
    properties.insert("Definition".to_owned(), definition.clone());
    if !substitutions.is_empty() {
        properties.insert(
            "DefinitionSubstitutions".to_owned(),
            Value::Object(substitutions),
        );
    }
    json!({ "Type": "AWS::StepFunctions::StateMachine", "Properties": properties })
}

fn template_description(graph: &StateGraph) -> String {
    let first_line = graph
        .comment
        .as_deref()
        .and_then(|c| c.lines().find(|l| !l.trim().is_empty()))
        .map(str::trim);
    let text = match first_line {
        Some(line) => format!("{}: {line} (built by aslc)", graph.name),
        None => format!("{} (built by aslc)", graph.name),
    };
    truncate_bytes(&text, TEMPLATE_DESCRIPTION_MAX)
}

fn truncate_chars(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

fn truncate_bytes(text: &str, max: usize) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if out.len() + c.len_utf8() > max {
            break;
        }
        out.push(c);
    }
    out
}

/// W0100: the estimated policy size is over IAM's limit.
fn policy_too_large(size: usize, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::PolicyTooLarge,
        "the execution role's policy is likely too large for IAM",
        span,
        format!(
            "this workflow's calls need a policy of about {} characters",
            crate::diag::thousands(size)
        ),
    )
    .with_help(
        "call fewer distinct paths, or interpolate the varying part of similar paths \
         (each distinct path pattern is listed in the policy)",
    )
    .with_note(format!(
        "IAM allows {} characters of inline policy per role; CloudFormation will fail to \
         create the role",
        crate::diag::thousands(iam::MAX_INLINE_POLICY_CHARS)
    ))
}

#[cfg(test)]
mod tests {
    #![expect(
        clippy::indexing_slicing,
        clippy::unwrap_used,
        clippy::panic,
        reason = "test code: a panic is a test failure"
    )]
    use super::*;
    use crate::graph::{HttpTask, Machine, State, StateKind, Transition};
    use crate::syntax::ast::{Block, Ident, Item, Key, NumLit, OAuth, StrList, StrLit, Workflow};
    use std::path::{Path, PathBuf};
    use std::process::Command;

    // -- builders for hand-made ASTs and graphs --------------------------

    fn lit(value: &str) -> StrLit {
        StrLit {
            value: value.to_owned(),
            span: Span::default(),
        }
    }

    fn ident(name: &str) -> Ident {
        Ident {
            name: name.to_owned(),
            span: Span::default(),
        }
    }

    fn text(value: &str) -> StaticValue {
        StaticValue::Literal(lit(value))
    }

    fn secret(name: &str, key: Option<&str>) -> StaticValue {
        StaticValue::Secret {
            name: lit(name),
            key: key.map(lit),
            span: Span::default(),
        }
    }

    fn param(name: &str) -> StaticValue {
        StaticValue::Param {
            name: lit(name),
            span: Span::default(),
        }
    }

    fn map(entries: &[(&str, StaticValue)]) -> StaticMap {
        StaticMap {
            entries: entries
                .iter()
                .map(|(k, v)| {
                    (
                        Key {
                            name: (*k).to_owned(),
                            span: Span::default(),
                        },
                        v.clone(),
                    )
                })
                .collect(),
            span: Span::default(),
        }
    }

    fn list(items: &[&str]) -> StrList {
        StrList {
            items: items.iter().map(|s| lit(s)).collect(),
            span: Span::default(),
        }
    }

    fn endpoint(name: &str, url: &str) -> ast::Endpoint {
        ast::Endpoint {
            doc: None,
            name: ident(name),
            url: Some(lit(url)),
            private: None,
            connection: None,
            auth: None,
            headers: None,
            query: None,
            span: Span::default(),
        }
    }

    fn api_key(value: StaticValue) -> Auth {
        Auth::ApiKey {
            header: lit("x-api-key"),
            value,
            span: Span::default(),
        }
    }

    fn oauth(
        method: Option<ast::TokenMethod>,
        client_id: StaticValue,
        secret: StaticValue,
    ) -> Auth {
        Auth::OAuth(OAuth {
            token_url: Some(lit("https://auth.example.com/oauth2/token")),
            client_id: Some(client_id),
            client_secret: Some(secret),
            method: method.map(|value| ast::Spanned {
                value,
                span: Span::default(),
            }),
            scope: Some(lit("orders:write")),
            audience: Some(lit("https://approvals.example.com")),
            span: Span::default(),
        })
    }

    fn gateway(port: Option<u16>) -> Private {
        Private::Gateway(ast::Gateway {
            vpc: Some(lit("vpc-0a1b2c3d")),
            subnets: Some(list(&["subnet-0a1b2c3d", "subnet-0c2d3e4f"])),
            security_groups: Some(list(&["sg-0e3f4a5b"])),
            port: port.map(|p| NumLit {
                raw: p.to_string(),
                value: f64::from(p),
                span: Span::default(),
            }),
            span: Span::default(),
        })
    }

    fn file(name: &str, endpoints: Vec<ast::Endpoint>) -> ast::File {
        let mut items = vec![Item::Workflow(Workflow {
            doc: None,
            name: ident(name),
            input: None,
            timeout: None,
            express: None,
            body: Block {
                stmts: Vec::new(),
                span: Span::default(),
            },
            span: Span::default(),
        })];
        items.extend(endpoints.into_iter().map(Item::Endpoint));
        ast::File {
            items,
            comments: Vec::new(),
            span: Span::default(),
        }
    }

    fn checked(file: &ast::File) -> Checked<'_> {
        let workflow = file
            .items
            .iter()
            .find_map(|i| match i {
                Item::Workflow(w) => Some(w),
                _ => None,
            })
            .unwrap();
        let endpoints = file
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Endpoint(e) => Some((e.name.name.as_str(), e)),
                _ => None,
            })
            .collect();
        Checked {
            file,
            workflow,
            endpoints,
            retries: IndexMap::new(),
            types: IndexMap::new(),
            type_table: Default::default(),
            expr_types: Default::default(),
        }
    }

    /// The connection the lowering stage would give an endpoint.
    fn connection_ref(endpoint: &ast::Endpoint) -> ConnectionRef {
        match &endpoint.connection {
            Some(arn) => ConnectionRef::Existing {
                arn: arn.value.clone(),
            },
            None => ConnectionRef::Created {
                substitution: format!("{}ConnectionArn", iam::pascal_label(&endpoint.name.name)),
            },
        }
    }

    /// A graph with one HTTP task per call, in order, and the definition the
    /// ASL emitter would write for it (enough for the template's purposes).
    fn graph(
        name: &str,
        kind: WorkflowKind,
        file: &ast::File,
        calls: &[(&str, ast::Method, &str)],
    ) -> (StateGraph, Value) {
        let endpoints: Vec<&ast::Endpoint> = file
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Endpoint(e) => Some(e),
                _ => None,
            })
            .collect();
        let mut states = IndexMap::new();
        let mut asl_states = Map::new();
        for (i, (endpoint, method, path)) in calls.iter().enumerate() {
            let item = endpoints.iter().find(|e| e.name.name == *endpoint).unwrap();
            let url = format!("{}{path}", item.url.as_ref().unwrap().value);
            let connection = connection_ref(item);
            let arn = match &connection {
                ConnectionRef::Created { substitution } => format!("${{{substitution}}}"),
                ConnectionRef::Existing { arn } => arn.clone(),
            };
            let next = if i + 1 == calls.len() {
                Transition::End
            } else {
                Transition::Next(format!("Call {}", i + 1))
            };
            let mut state = json!({
                "Type": "Task",
                "Resource": "arn:aws:states:::http:invoke",
                "Arguments": {
                    "ApiEndpoint": url,
                    "Method": method.as_str(),
                    "InvocationConfig": { "ConnectionArn": arn },
                },
            });
            match &next {
                Transition::End => state["End"] = json!(true),
                Transition::Next(n) => state["Next"] = json!(n),
            }
            asl_states.insert(format!("Call {i}"), state);
            states.insert(
                format!("Call {i}"),
                State {
                    comment: None,
                    kind: StateKind::Http(HttpTask {
                        endpoint: (*endpoint).to_owned(),
                        method: *method,
                        api_endpoint: json!(url),
                        url_pattern: url.replace("{id}", "*"),
                        connection,
                        headers: None,
                        query: None,
                        body: None,
                        url_encoded: false,
                        timeout_seconds: None,
                        retry: Vec::new(),
                        catch: Vec::new(),
                    }),
                    transition: Some(next),
                    assign: IndexMap::new(),
                    output: None,
                    span: Span::default(),
                },
            );
        }
        let graph = StateGraph {
            name: name.to_owned(),
            comment: Some("Fetch orders and invoice them.".to_owned()),
            timeout_seconds: Some(600),
            kind,
            root: Machine {
                start_at: "Call 0".to_owned(),
                states,
            },
            endpoints: endpoints
                .iter()
                .map(|e| EndpointUse {
                    name: e.name.name.clone(),
                    url: e.url.as_ref().unwrap().value.clone(),
                    connection: connection_ref(e),
                    span: Span::default(),
                })
                .collect(),
            span: Span::default(),
        };
        let definition = json!({
            "Comment": "Fetch orders and invoice them.",
            "QueryLanguage": "JSONata",
            "StartAt": "Call 0",
            "TimeoutSeconds": 600,
            "States": asl_states,
        });
        (graph, definition)
    }

    // -- fixtures ----------------------------------------------------------

    /// Every kind of endpoint in one file: a private ARN with an API key and
    /// connection parameters, a created gateway with OAuth, an existing
    /// connection, and an endpoint nobody calls.
    fn everything() -> ast::File {
        let mut billing = endpoint("billing", "https://billing.example.com/v1");
        billing.private = Some(Private::ResourceConfiguration(lit(
            "arn:aws:vpc-lattice:eu-west-1:111122223333:resourceconfiguration/rcfg-0123456789abcdef0",
        )));
        billing.auth = Some(api_key(secret("billing/api-key", None)));
        billing.headers = Some(map(&[
            ("x-source", text("stepfunctions")),
            ("x-tenant", secret("billing/tenant", Some("id"))),
        ]));
        billing.query = Some(map(&[("expand", text("lines"))]));

        let mut approvals = endpoint("approvals", "https://approvals.example.com");
        approvals.private = Some(gateway(None));
        approvals.auth = Some(oauth(
            None,
            text("aslc"),
            secret("approvals/oauth", Some("client_secret")),
        ));

        let mut archive = endpoint("archive", "https://archive.example.com");
        archive.connection = Some(lit(
            "arn:aws:events:us-east-1:111122223333:connection/archive-private/2f5c2f58-0c1a-4e3b",
        ));

        let mut unused = endpoint("reports_api", "https://reports.example.com");
        unused.auth = Some(api_key(param("ReportsKey")));

        file("order_sync", vec![billing, approvals, archive, unused])
    }

    fn everything_calls() -> Vec<(&'static str, ast::Method, &'static str)> {
        vec![
            ("billing", ast::Method::Get, "/orders/{id}"),
            ("approvals", ast::Method::Post, "/requests"),
            ("billing", ast::Method::Post, "/invoices"),
            ("billing", ast::Method::Get, "/orders/{id}"),
            ("archive", ast::Method::Put, "/orders/{id}"),
        ]
    }

    fn basic_with_params() -> ast::File {
        let mut shipping = endpoint("shipping", "https://shipping.example.com");
        shipping.private = Some(gateway(Some(8443)));
        shipping.url = Some(lit("https://shipping.example.com:8443/api"));
        shipping.auth = Some(Auth::Basic {
            username: Some(param("ShippingUser")),
            password: Some(param("ShippingPassword")),
            span: Span::default(),
        });
        shipping.headers = Some(map(&[("x-shipper", param("ShippingUser"))]));
        file("ship_it", vec![shipping])
    }

    fn oauth_with_params() -> ast::File {
        let mut crm = endpoint("crm", "https://crm.example.com");
        crm.private = Some(gateway(None));
        crm.auth = Some(Auth::OAuth(OAuth {
            token_url: Some(lit("https://crm.example.com/oauth/token")),
            client_id: Some(param("CrmClientId")),
            client_secret: Some(param("CrmClientSecret")),
            method: Some(ast::Spanned {
                value: ast::TokenMethod::Get,
                span: Span::default(),
            }),
            scope: None,
            audience: None,
            span: Span::default(),
        }));
        file("sync_crm", vec![crm])
    }

    fn build(
        file: &ast::File,
        kind: WorkflowKind,
        calls: &[(&str, ast::Method, &str)],
    ) -> (Value, Diagnostics) {
        let c = checked(file);
        let (g, definition) = graph(&c.workflow.name.name, kind, file, calls);
        let mut diagnostics = Diagnostics::new();
        let template = emit_template(&g, &c, &definition, &mut diagnostics);
        (template, diagnostics)
    }

    fn fixtures() -> Vec<(&'static str, Value)> {
        let all = everything();
        let basic = basic_with_params();
        let crm = oauth_with_params();
        vec![
            (
                "everything",
                build(&all, WorkflowKind::Standard, &everything_calls()).0,
            ),
            (
                "basic_params",
                build(
                    &basic,
                    WorkflowKind::Express,
                    &[("shipping", ast::Method::Post, "/labels")],
                )
                .0,
            ),
            (
                "oauth_params",
                build(
                    &crm,
                    WorkflowKind::Standard,
                    &[
                        ("crm", ast::Method::Get, "/contacts/{id}"),
                        ("crm", ast::Method::Patch, "/contacts/{id}"),
                    ],
                )
                .0,
            ),
        ]
    }

    // -- structure -------------------------------------------------------

    #[test]
    fn resources_follow_the_endpoints_that_are_called() {
        let (template, diagnostics) =
            build(&everything(), WorkflowKind::Standard, &everything_calls());
        assert!(diagnostics.is_empty());
        let resources = template["Resources"].as_object().unwrap();
        let ids: Vec<&str> = resources.keys().map(String::as_str).collect();
        assert_eq!(
            ids,
            [
                "BillingConnection",
                "ApprovalsResourceGateway",
                "ApprovalsResourceConfiguration",
                "ApprovalsConnection",
                "StateMachineRole",
                "StateMachine",
            ]
        );
        // The uncalled endpoint's parameter is not declared either.
        assert!(template.get("Parameters").is_none());
        let outputs: Vec<&str> = template["Outputs"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            outputs,
            [
                "StateMachineArn",
                "BillingConnectionArn",
                "ApprovalsConnectionArn"
            ]
        );
    }

    #[test]
    fn connections_carry_auth_parameters_and_connectivity() {
        let (template, _) = build(&everything(), WorkflowKind::Standard, &everything_calls());
        let billing = &template["Resources"]["BillingConnection"]["Properties"];
        assert_eq!(billing["AuthorizationType"], "API_KEY");
        assert_eq!(
            billing["AuthParameters"]["ApiKeyAuthParameters"],
            json!({
                "ApiKeyName": "x-api-key",
                "ApiKeyValue": "{{resolve:secretsmanager:billing/api-key}}",
            })
        );
        assert_eq!(
            billing["AuthParameters"]["InvocationHttpParameters"],
            json!({
                "HeaderParameters": [
                    { "Key": "x-source", "Value": "stepfunctions", "IsValueSecret": false },
                    {
                        "Key": "x-tenant",
                        "Value": "{{resolve:secretsmanager:billing/tenant:SecretString:id}}",
                        "IsValueSecret": true,
                    },
                ],
                "QueryStringParameters": [
                    { "Key": "expand", "Value": "lines", "IsValueSecret": false },
                ],
            })
        );
        assert_eq!(
            billing["InvocationConnectivityParameters"]["ResourceParameters"]["ResourceConfigurationArn"],
            "arn:aws:vpc-lattice:eu-west-1:111122223333:resourceconfiguration/rcfg-0123456789abcdef0"
        );

        let approvals = &template["Resources"]["ApprovalsConnection"]["Properties"];
        assert_eq!(approvals["AuthorizationType"], "OAUTH_CLIENT_CREDENTIALS");
        let oauth = &approvals["AuthParameters"]["OAuthParameters"];
        assert_eq!(oauth["HttpMethod"], "POST");
        assert_eq!(
            oauth["ClientParameters"]["ClientSecret"],
            "{{resolve:secretsmanager:approvals/oauth:SecretString:client_secret}}"
        );
        let body: Vec<&str> = oauth["OAuthHttpParameters"]["BodyParameters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["Key"].as_str().unwrap())
            .collect();
        assert_eq!(body, ["grant_type", "scope", "audience"]);
        // The token endpoint is on another (public) host.
        assert!(
            approvals["AuthParameters"]
                .get("ConnectivityParameters")
                .is_none()
        );
        assert_eq!(
            approvals["InvocationConnectivityParameters"]["ResourceParameters"]["ResourceConfigurationArn"],
            json!({ "Fn::GetAtt": ["ApprovalsResourceConfiguration", "Arn"] })
        );
    }

    #[test]
    fn a_gateway_makes_a_dns_resource_for_the_host() {
        let (template, _) = build(&everything(), WorkflowKind::Standard, &everything_calls());
        let gateway = &template["Resources"]["ApprovalsResourceGateway"]["Properties"];
        assert_eq!(gateway["Name"], "order-sync-approvals");
        assert_eq!(gateway["VpcIdentifier"], "vpc-0a1b2c3d");
        assert_eq!(
            gateway["SubnetIds"],
            json!(["subnet-0a1b2c3d", "subnet-0c2d3e4f"])
        );
        let config = &template["Resources"]["ApprovalsResourceConfiguration"]["Properties"];
        assert_eq!(
            config["ResourceConfigurationDefinition"]["DnsResource"]["DomainName"],
            "approvals.example.com"
        );
        assert_eq!(config["PortRanges"], json!(["443"]));
        assert_eq!(
            config["ResourceGatewayId"],
            json!({ "Fn::GetAtt": ["ApprovalsResourceGateway", "Id"] })
        );

        // The url's explicit port is the default; `port` agrees with it here.
        let (template, _) = build(
            &basic_with_params(),
            WorkflowKind::Express,
            &[("shipping", ast::Method::Post, "/labels")],
        );
        let config = &template["Resources"]["ShippingResourceConfiguration"]["Properties"];
        assert_eq!(config["PortRanges"], json!(["8443"]));
        assert_eq!(
            config["ResourceConfigurationDefinition"]["DnsResource"]["DomainName"],
            "shipping.example.com"
        );
    }

    #[test]
    fn params_become_no_echo_parameters_declared_once() {
        let (template, _) = build(
            &basic_with_params(),
            WorkflowKind::Express,
            &[("shipping", ast::Method::Post, "/labels")],
        );
        let parameters = template["Parameters"].as_object().unwrap();
        assert_eq!(
            parameters.keys().collect::<Vec<_>>(),
            ["ShippingUser", "ShippingPassword"]
        );
        assert_eq!(parameters["ShippingPassword"]["NoEcho"], true);
        let basic = &template["Resources"]["ShippingConnection"]["Properties"]["AuthParameters"]["BasicAuthParameters"];
        assert_eq!(basic["Password"], json!({ "Ref": "ShippingPassword" }));
        assert_eq!(
            template["Resources"]["StateMachine"]["Properties"]["StateMachineType"],
            "EXPRESS"
        );
    }

    #[test]
    fn a_private_token_endpoint_on_the_same_host_goes_through_lattice() {
        let (template, _) = build(
            &oauth_with_params(),
            WorkflowKind::Standard,
            &[("crm", ast::Method::Get, "/contacts/{id}")],
        );
        let auth = &template["Resources"]["CrmConnection"]["Properties"]["AuthParameters"];
        assert_eq!(
            auth["ConnectivityParameters"]["ResourceParameters"]["ResourceConfigurationArn"],
            json!({ "Fn::GetAtt": ["CrmResourceConfiguration", "Arn"] })
        );
        // A GET token request sends the grant in the query string.
        assert_eq!(
            auth["OAuthParameters"]["OAuthHttpParameters"],
            json!({ "QueryStringParameters": [
                { "Key": "grant_type", "Value": "client_credentials", "IsValueSecret": false }
            ] })
        );
    }

    #[test]
    fn the_state_machine_binds_substitutions_and_the_role_names_it_by_sub() {
        let (template, _) = build(&everything(), WorkflowKind::Standard, &everything_calls());
        let machine = &template["Resources"]["StateMachine"]["Properties"];
        assert_eq!(machine["StateMachineName"], "order_sync");
        assert_eq!(machine["StateMachineType"], "STANDARD");
        assert_eq!(machine["Definition"]["TimeoutSeconds"], 600);
        assert_eq!(
            machine["DefinitionSubstitutions"],
            json!({
                "BillingConnectionArn": { "Fn::GetAtt": ["BillingConnection", "Arn"] },
                "ApprovalsConnectionArn": { "Fn::GetAtt": ["ApprovalsConnection", "Arn"] },
            })
        );
        let role = &template["Resources"]["StateMachineRole"]["Properties"];
        assert_eq!(
            role["AssumeRolePolicyDocument"]["Statement"][0]["Condition"],
            json!({ "StringEquals": { "aws:SourceAccount": { "Ref": "AWS::AccountId" } } })
        );
        let role_text = role.to_string();
        assert!(
            !role_text.contains("\"Ref\":\"StateMachine\""),
            "{role_text}"
        );
        assert!(!role_text.contains("\"Resource\":\"*\""), "{role_text}");
        assert!(!role_text.contains("Reports"), "{role_text}");
    }

    #[test]
    fn no_secret_value_reaches_the_template() {
        for (name, template) in fixtures() {
            let text = template.to_string();
            for forbidden in ["hunter2", "client-secret-value"] {
                assert!(!text.contains(forbidden), "{name}");
            }
            // Every secret is a dynamic reference or a Ref.
            for resource in template["Resources"].as_object().unwrap().values() {
                let auth = &resource["Properties"]["AuthParameters"];
                for value in [
                    &auth["ApiKeyAuthParameters"]["ApiKeyValue"],
                    &auth["BasicAuthParameters"]["Password"],
                    &auth["OAuthParameters"]["ClientParameters"]["ClientSecret"],
                ] {
                    match value {
                        Value::Null => {}
                        Value::String(s) => {
                            assert!(s.starts_with("{{resolve:secretsmanager:"), "{name}: {s}")
                        }
                        Value::Object(o) => assert!(o.contains_key("Ref"), "{name}"),
                        other => panic!("{name}: {other}"),
                    }
                }
            }
        }
    }

    #[test]
    fn output_is_deterministic() {
        let a = fixtures();
        let b = fixtures();
        for ((name, x), (_, y)) in a.iter().zip(&b) {
            assert_eq!(
                render(x, TemplateFormat::Json),
                render(y, TemplateFormat::Json),
                "{name}"
            );
            assert_eq!(
                render(x, TemplateFormat::Yaml),
                render(y, TemplateFormat::Yaml),
                "{name}"
            );
        }
    }

    #[test]
    fn logical_ids_step_around_parameters_and_each_other() {
        let mut a = endpoint("a_b", "https://ab.example.com");
        a.auth = Some(api_key(param("ABConnection")));
        let mut b = endpoint("a__b", "https://ab2.example.com");
        b.auth = Some(api_key(secret("k", None)));
        let f = file("w", vec![a, b]);
        let (template, _) = build(
            &f,
            WorkflowKind::Standard,
            &[
                ("a_b", ast::Method::Get, "/"),
                ("a__b", ast::Method::Get, "/"),
            ],
        );
        let ids: Vec<&str> = template["Resources"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            ids,
            [
                "ABConnection2",
                "AB2Connection",
                "StateMachineRole",
                "StateMachine"
            ]
        );
        assert!(template["Parameters"].get("ABConnection").is_some());
    }

    #[test]
    fn lattice_names_fit_the_pattern() {
        assert_eq!(lattice_name("order_sync-approvals"), "order-sync-approvals");
        assert_eq!(lattice_name("__a__-b_"), "a-b");
        assert_eq!(lattice_name("a"), "sfl-a");
        assert_eq!(lattice_name("rgw-x"), "sfl-rgw-x");
        let long = lattice_name(&"x_".repeat(40));
        assert!(long.len() <= 40 && !long.ends_with('-'), "{long}");
        let mut taken = IndexSet::new();
        let first = unique_lattice_name("w", "a_b", &mut taken);
        let second = unique_lattice_name("w", "a__b", &mut taken);
        assert_eq!((first.as_str(), second.as_str()), ("w-a-b", "w-a-b-2"));
    }

    #[test]
    fn a_huge_policy_is_flagged() {
        let mut e = endpoint("bulk", "https://bulk.example.com");
        e.auth = Some(api_key(secret("bulk/key", None)));
        let f = file("bulk_flow", vec![e]);
        let paths: Vec<String> = (0..400).map(|i| format!("/items/{i}/detail")).collect();
        let calls: Vec<(&str, ast::Method, &str)> = paths
            .iter()
            .map(|p| ("bulk", ast::Method::Get, p.as_str()))
            .collect();
        let (_, diagnostics) = build(&f, WorkflowKind::Standard, &calls);
        let codes: Vec<&str> = diagnostics.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, ["W0100"]);
    }

    // -- external validation -------------------------------------------

    fn manifest_dir() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
    }

    /// Where `.ci/run` installs the validators: `ASLC_TOOLS_DIR`, else
    /// `.tools/` (the layout `tests/conformance.rs` uses).
    fn tools_dir() -> PathBuf {
        std::env::var_os("ASLC_TOOLS_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| manifest_dir().join(".tools"))
    }

    /// A program from the project's venv (pinned cfn-lint and its Python),
    /// else one on `PATH`; a missing tool fails with the install hint.
    fn tool(name: &str) -> PathBuf {
        let pinned = tools_dir().join("venv/bin").join(name);
        if pinned.is_file() {
            return pinned;
        }
        let on_path = Command::new(name).arg("--version").output();
        assert!(
            on_path.is_ok(),
            "`{name}` not found: run `bash .ci/run` (it installs cfn-lint into .tools/venv)"
        );
        PathBuf::from(name)
    }

    fn write_fixtures(dir: &Path) -> Vec<PathBuf> {
        std::fs::create_dir_all(dir).unwrap();
        let mut paths = Vec::new();
        for (name, template) in fixtures() {
            for format in [TemplateFormat::Json, TemplateFormat::Yaml] {
                let path = dir.join(format!("{name}.{}", format.extension()));
                std::fs::write(&path, render(&template, format)).unwrap();
                paths.push(path);
            }
        }
        paths
    }

    #[test]
    fn cfn_lint_accepts_every_fixture_template() {
        let dir = manifest_dir().join("target/template-tests/lint");
        let paths = write_fixtures(&dir);
        let output = Command::new(tool("cfn-lint"))
            .args(&paths)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "cfn-lint failed:\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }

    /// PyYAML (a YAML 1.1 reader, the stricter one about `yes`/`on`) reads
    /// every YAML template back as exactly the JSON template.
    #[test]
    fn yaml_templates_read_back_as_the_json_ones() {
        let dir = manifest_dir().join("target/template-tests/yaml");
        write_fixtures(&dir);
        let python = {
            let venv = manifest_dir().join(".tools/venv/bin/python");
            if venv.is_file() {
                venv
            } else {
                PathBuf::from("python3")
            }
        };
        let script = "import json, sys, yaml, pathlib\n\
            d = pathlib.Path(sys.argv[1])\n\
            bad = [p.name for p in d.glob('*.template.yaml')\n\
                   if yaml.safe_load(p.read_text()) != json.loads(p.with_name(p.name.replace('.yaml', '.json')).read_text())]\n\
            n = len(list(d.glob('*.template.yaml')))\n\
            print(n, bad)\n\
            sys.exit(1 if bad or n == 0 else 0)\n";
        let output = Command::new(python)
            .arg("-c")
            .arg(script)
            .arg(&dir)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "YAML differs from JSON (needs PyYAML, which cfn-lint installs):\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

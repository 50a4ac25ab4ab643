//! Stage 4, emit: the template's resources, one function per resource
//! type, each writing a planned resource in CloudFormation's shape (aws.md
//! §3 and §4). Nothing is decided here: names, values and connectivity
//! come from the [`DeploymentPlan`](crate::graph::DeploymentPlan).

use serde_json::{Map, Value, json};

use crate::graph::{
    Connection, ConnectionAuth, DeployValue, KeyValue, LatticeGateway, LogPlan, OAuthClient,
    PrivateLink, ROLE_ID, StateGraph, WorkflowKind,
};

/// aws.md §3: a connection `Description` is at most 512 characters.
const CONNECTION_DESCRIPTION_MAX: usize = 512;
/// IAM: a role `Description` is at most 1,000 characters.
const ROLE_DESCRIPTION_MAX: usize = 1000;

/// Plan text that may hold stage parameters' `${Name}` placeholders: the
/// text itself when it holds none, a `Ref` when it is one placeholder,
/// else a `Fn::Sub` (any other `${` escaped as `${!`).
pub fn sub_text(text: &str) -> Value {
    let found = crate::aws::placeholders(text);
    match found.as_slice() {
        [] => Value::String(text.to_owned()),
        [(range, name)] if range.start == 0 && range.end == text.len() => json!({ "Ref": name }),
        _ => {
            let mut out = String::new();
            let mut last = 0;
            for (range, _) in &found {
                out.push_str(
                    &text
                        .get(last..range.start)
                        .unwrap_or("")
                        .replace("${", "${!"),
                );
                out.push_str(text.get(range.clone()).unwrap_or(""));
                last = range.end;
            }
            out.push_str(&text.get(last..).unwrap_or("").replace("${", "${!"));
            json!({ "Fn::Sub": out })
        }
    }
}

/// A deploy-time value: text as itself, a secret as a dynamic reference
/// resolved when the stack deploys, a parameter as a `Ref`.
fn value(value: &DeployValue) -> Value {
    match value {
        DeployValue::Text(text) => Value::String(text.clone()),
        DeployValue::Secret { name, key } => Value::String(match key {
            Some(key) => format!("{{{{resolve:secretsmanager:{name}:SecretString:{key}}}}}"),
            None => format!("{{{{resolve:secretsmanager:{name}}}}}"),
        }),
        DeployValue::Parameter(name) => json!({ "Ref": name }),
    }
}

/// `{Key, Value, IsValueSecret}` entries; only literal text is not secret.
fn key_values(entries: &[KeyValue]) -> Value {
    entries
        .iter()
        .map(|entry| {
            json!({
                "Key": entry.key,
                "Value": value(&entry.value),
                "IsValueSecret": entry.value.is_secret(),
            })
        })
        .collect()
}

/// The ARN of the Lattice resource configuration calls go through.
fn private_arn(private: &PrivateLink) -> Value {
    match private {
        PrivateLink::ResourceConfiguration { arn } => sub_text(arn),
        PrivateLink::Gateway(gateway) => {
            json!({ "Fn::GetAtt": [gateway.configuration_id, "Arn"] })
        }
    }
}

/// An `AWS::Events::Connection` (aws.md §3).
pub fn connection(workflow: &str, connection: &Connection) -> Value {
    let mut properties = Map::new();
    properties.insert(
        "Description".to_owned(),
        sub_text(&truncate_chars(
            &format!(
                "Endpoint {} of workflow {workflow} ({})",
                connection.endpoint, connection.url
            ),
            CONNECTION_DESCRIPTION_MAX,
        )),
    );
    let private_arn = connection.private.as_ref().map(private_arn);

    let mut auth_parameters = Map::new();
    let kind = match &connection.auth {
        ConnectionAuth::ApiKey { header, value: key } => {
            auth_parameters.insert(
                "ApiKeyAuthParameters".to_owned(),
                json!({ "ApiKeyName": header, "ApiKeyValue": value(key) }),
            );
            "API_KEY"
        }
        ConnectionAuth::Basic { username, password } => {
            auth_parameters.insert(
                "BasicAuthParameters".to_owned(),
                json!({ "Username": value(username), "Password": value(password) }),
            );
            "BASIC"
        }
        ConnectionAuth::OAuth(oauth) => {
            auth_parameters.insert("OAuthParameters".to_owned(), oauth_parameters(oauth));
            if oauth.private_token_endpoint
                && let Some(arn) = &private_arn
            {
                auth_parameters.insert(
                    "ConnectivityParameters".to_owned(),
                    json!({ "ResourceParameters": { "ResourceConfigurationArn": arn } }),
                );
            }
            "OAUTH_CLIENT_CREDENTIALS"
        }
    };
    properties.insert("AuthorizationType".to_owned(), json!(kind));

    let mut http = Map::new();
    if !connection.headers.is_empty() {
        http.insert(
            "HeaderParameters".to_owned(),
            key_values(&connection.headers),
        );
    }
    if !connection.query.is_empty() {
        http.insert(
            "QueryStringParameters".to_owned(),
            key_values(&connection.query),
        );
    }
    if !http.is_empty() {
        auth_parameters.insert("InvocationHttpParameters".to_owned(), Value::Object(http));
    }
    properties.insert("AuthParameters".to_owned(), Value::Object(auth_parameters));
    if let Some(arn) = private_arn {
        properties.insert(
            "InvocationConnectivityParameters".to_owned(),
            json!({ "ResourceParameters": { "ResourceConfigurationArn": arn } }),
        );
    }
    json!({ "Type": "AWS::Events::Connection", "Properties": properties })
}

/// `OAuthParameters`: EventBridge sends the grant with the token request,
/// in the query string for GET and in the body otherwise.
fn oauth_parameters(oauth: &OAuthClient) -> Value {
    let placement = if oauth.grant_in_query {
        "QueryStringParameters"
    } else {
        "BodyParameters"
    };
    json!({
        "AuthorizationEndpoint": oauth.token_url,
        "HttpMethod": oauth.method,
        "ClientParameters": {
            "ClientID": value(&oauth.client_id),
            "ClientSecret": value(&oauth.client_secret),
        },
        "OAuthHttpParameters": { placement: key_values(&oauth.grant) },
    })
}

/// aws.md §3 `AWS::VpcLattice::ResourceGateway`.
pub fn resource_gateway(gateway: &LatticeGateway) -> Value {
    let mut properties = Map::new();
    properties.insert("Name".to_owned(), sub_text(&gateway.name));
    properties.insert("VpcIdentifier".to_owned(), sub_text(&gateway.vpc));
    properties.insert(
        "SubnetIds".to_owned(),
        Value::Array(gateway.subnets.iter().map(|s| sub_text(s)).collect()),
    );
    if let Some(groups) = &gateway.security_groups {
        properties.insert(
            "SecurityGroupIds".to_owned(),
            Value::Array(groups.iter().map(|g| sub_text(g)).collect()),
        );
    }
    properties.insert("IpAddressType".to_owned(), json!("IPV4"));
    json!({ "Type": "AWS::VpcLattice::ResourceGateway", "Properties": properties })
}

/// aws.md §3 `AWS::VpcLattice::ResourceConfiguration`: a single DNS resource
/// for the API's host on one TCP port, reachable without Lattice IAM auth
/// (the connection authenticates the calls) and associable with the
/// service network EventBridge manages.
pub fn resource_configuration(gateway: &LatticeGateway) -> Value {
    json!({
        "Type": "AWS::VpcLattice::ResourceConfiguration",
        "Properties": {
            "Name": sub_text(&gateway.name),
            "ResourceGatewayId": { "Fn::GetAtt": [gateway.gateway_id, "Id"] },
            "ResourceConfigurationType": "SINGLE",
            "ProtocolType": "TCP",
            // PortRanges are strings in the schema, even for one port.
            "PortRanges": [gateway.port.to_string()],
            "ResourceConfigurationDefinition": {
                "DnsResource": { "DomainName": sub_text(&gateway.host), "IpAddressType": "IPV4" }
            },
            "ResourceConfigurationAuthType": "NONE",
            "AllowAssociationToSharableServiceNetwork": true,
        }
    })
}

/// aws.md §4: the execution role. Only Step Functions running this very
/// state machine in this account may assume it: AWS's guide on creating
/// the role recommends both `aws:SourceArn` and `aws:SourceAccount` against
/// the confused deputy. `source_arns` are the same `Fn::Sub`s the policy
/// names (a `Ref` to the state machine would be circular): the machine,
/// and its child runs when it has a Distributed Map. Its inline policies
/// are the planned least-privilege policy for HTTP calls and the one for
/// other AWS services.
pub fn role(
    workflow: &str,
    source_arns: Value,
    document: Option<Value>,
    services: Option<Value>,
) -> Value {
    let mut properties = Map::new();
    properties.insert(
        "Description".to_owned(),
        Value::String(truncate_chars(
            &format!("Execution role of the state machine {workflow}"),
            ROLE_DESCRIPTION_MAX,
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
                    "StringEquals": { "aws:SourceAccount": { "Ref": "AWS::AccountId" } },
                    "ArnLike": { "aws:SourceArn": source_arns },
                },
            }],
        }),
    );
    // Two policies, so each name says what its statements are for.
    let mut policies = Vec::new();
    if let Some(document) = document {
        policies.push(json!({ "PolicyName": "InvokeHttpEndpoints", "PolicyDocument": document }));
    }
    if let Some(services) = services {
        policies.push(json!({ "PolicyName": "UseAwsServices", "PolicyDocument": services }));
    }
    if !policies.is_empty() {
        properties.insert("Policies".to_owned(), Value::Array(policies));
    }
    json!({ "Type": "AWS::IAM::Role", "Properties": properties })
}

/// The `AWS::StepFunctions::StateMachine`, embedding the definition.
pub fn state_machine(
    graph: &StateGraph,
    definition: &Value,
    substitutions: Map<String, Value>,
) -> Value {
    let kind = match graph.kind {
        WorkflowKind::Standard => "STANDARD",
        WorkflowKind::Express => "EXPRESS",
    };
    let mut properties = Map::new();
    // A fixed name lets the role build this machine's ARN with Fn::Sub;
    // a stage parameter is as fixed once the stack is deployed.
    let name = graph
        .plan
        .state_machine_name
        .as_deref()
        .unwrap_or(&graph.name);
    properties.insert("StateMachineName".to_owned(), sub_text(name));
    properties.insert("StateMachineType".to_owned(), json!(kind));
    properties.insert(
        "RoleArn".to_owned(),
        json!({ "Fn::GetAtt": [ROLE_ID, "Arn"] }),
    );
    if let Some(log) = &graph.plan.log {
        properties.insert(
            "LoggingConfiguration".to_owned(),
            json!({
                "Level": log.level.as_str(),
                "IncludeExecutionData": log.include_data,
                "Destinations": [{
                    "CloudWatchLogsLogGroup": {
                        "LogGroupArn": { "Fn::GetAtt": [log.logical_id, "Arn"] }
                    }
                }],
            }),
        );
    }
    if graph.plan.tracing {
        properties.insert(
            "TracingConfiguration".to_owned(),
            json!({ "Enabled": true }),
        );
    }
    properties.insert("Definition".to_owned(), definition.clone());
    if !substitutions.is_empty() {
        properties.insert(
            "DefinitionSubstitutions".to_owned(),
            Value::Object(substitutions),
        );
    }
    json!({ "Type": "AWS::StepFunctions::StateMachine", "Properties": properties })
}

/// The `AWS::Logs::LogGroup` a `log` clause creates.
pub fn log_group(log: &LogPlan) -> Value {
    json!({
        "Type": "AWS::Logs::LogGroup",
        "Properties": {
            "LogGroupName": sub_text(&log.group_name),
            "RetentionInDays": log.retention_days,
        }
    })
}

fn truncate_chars(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

/// At most `max` bytes of `text`, cut at a character boundary.
pub fn truncate_bytes(text: &str, max: usize) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if out.len() + c.len_utf8() > max {
            break;
        }
        out.push(c);
    }
    out
}

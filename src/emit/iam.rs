//! Stage 4, emit: the execution role's least-privilege policy.
//!
//! Takes the [`StateGraph`] (every HTTP task: endpoint, method, URL pattern)
//! and how the template names each endpoint's connection, and returns the
//! statements of the role's inline policy. Everything is derived from the
//! compiler's own graph, never from the emitted JSON.
//!
//! The statements (aws.md §4 "Statements needed for an HTTP Task"):
//!
//! 1. `states:InvokeHTTPEndpoint` on the state machine's own ARN, built with
//!    `Fn::Sub` from its fixed name so the role does not depend on the state
//!    machine (which depends on the role). Each statement is conditioned by
//!    `StringEquals states:HTTPMethod` and `StringLike states:HTTPEndpoint`.
//!    A statement allows every method in its list with every URL in its
//!    list, so for each endpoint the URL patterns are grouped by the exact
//!    set of methods the workflow uses with them: one statement per
//!    (endpoint, method set). Every (method, URL) pair a statement allows is
//!    then a call the workflow makes — `GET /a` and `POST /b` give two
//!    statements, never one that would also allow `GET /b`.
//! 2. `events:RetrieveConnectionCredentials` on exactly the connections of
//!    called endpoints.
//! 3. `secretsmanager:GetSecretValue` and `secretsmanager:DescribeSecret` on
//!    exactly those connections' own secrets: `Fn::GetAtt …SecretArn` for a
//!    connection the template creates, and the `events!connection/NAME/*`
//!    secret-name pattern for an existing one (whose secret ARN is not known
//!    at compile time; its name prefix is fixed by EventBridge).
//!
//! No statement has `Resource: "*"`. An endpoint that is declared but never
//! called gets nothing (the check stage warns about it).

use std::collections::BTreeSet;

use indexmap::{IndexMap, IndexSet};
use serde_json::{Value, json};

use crate::aws::ids::{Arn, parse_connection_resource};
use crate::graph::{ConnectionRef, StateGraph};
use crate::syntax::ast::Method;

/// aws.md §4: IAM allows at most 10,240 characters of inline policy per role
/// (whitespace not counted). Above it, CloudFormation fails to create the role.
pub const MAX_INLINE_POLICY_CHARS: usize = 10_240;

/// How the template refers to an endpoint's connection.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ConnectionSite {
    /// A connection this template creates, under this logical id.
    Created {
        /// The `AWS::Events::Connection` resource's logical id.
        logical_id: String,
    },
    /// `connection "arn:…"`: an existing connection.
    Existing {
        /// Its ARN, as written.
        arn: String,
    },
}

/// What the policy needs to know about one endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointAccess {
    /// The SFL endpoint's name, as the graph's tasks name it.
    pub endpoint: String,
    /// A unique PascalCase label, used in statement ids (`InvokeBillingGet`).
    pub label: String,
    /// Its connection.
    pub connection: ConnectionSite,
}

/// The derived policy.
#[derive(Debug, Clone, PartialEq)]
pub struct RolePolicy {
    /// The statements, in a fixed order: invocations (by endpoint, then by
    /// first call), connection credentials, connection secrets.
    pub statements: Vec<Value>,
    /// Endpoints in `endpoints` that no task calls: they get no permission.
    pub uncalled: Vec<String>,
}

impl RolePolicy {
    /// The policy document (`Version` and `Statement`), or `None` when the
    /// workflow calls nothing and the role needs no policy at all.
    pub fn document(&self) -> Option<Value> {
        if self.statements.is_empty() {
            return None;
        }
        Some(json!({
            "Version": "2012-10-17",
            "Statement": self.statements,
        }))
    }
}

/// The state machine's ARN as an `Fn::Sub` expression built from its name
/// (aws.md §4: `Ref StateMachine` inside its own role would be circular).
pub fn state_machine_arn(name: &str) -> Value {
    json!({
        "Fn::Sub": format!(
            "arn:${{AWS::Partition}}:states:${{AWS::Region}}:${{AWS::AccountId}}:stateMachine:{}",
            escape_sub(name)
        )
    })
}

/// Makes literal text safe inside an `Fn::Sub` string: `${` would start a
/// variable, `${!` is Fn::Sub's escape for a literal `${`.
pub fn escape_sub(text: &str) -> String {
    text.replace("${", "${!")
}

/// Derives the least-privilege statements for the workflow's HTTP calls.
///
/// `endpoints` says how each endpoint's connection is named in the template
/// and gives its label; a task whose endpoint is missing from it still gets
/// its permissions, with the connection taken from the task itself.
/// Linear in the number of tasks (plus sorting each endpoint's small method
/// sets).
pub fn role_policy(graph: &StateGraph, endpoints: &[EndpointAccess]) -> RolePolicy {
    let by_name: IndexMap<&str, &EndpointAccess> =
        endpoints.iter().map(|e| (e.endpoint.as_str(), e)).collect();

    // endpoint → (URL pattern → methods), both in order of first call.
    let mut calls: IndexMap<&str, IndexMap<&str, BTreeSet<Method>>> = IndexMap::new();
    // Connections of endpoints missing from `endpoints`, from their tasks.
    let mut fallback: IndexMap<&str, ConnectionSite> = IndexMap::new();
    for task in graph.root.http_tasks() {
        calls
            .entry(task.endpoint.as_str())
            .or_default()
            .entry(task.url_pattern.as_str())
            .or_default()
            .insert(task.method);
        if !by_name.contains_key(task.endpoint.as_str()) {
            fallback
                .entry(task.endpoint.as_str())
                .or_insert_with(|| site_from_ref(&task.connection));
        }
    }

    // Endpoints in declaration order first, then any only the tasks know.
    let mut order: Vec<(&str, String, ConnectionSite)> = Vec::new();
    for access in endpoints {
        if calls.contains_key(access.endpoint.as_str()) {
            order.push((
                access.endpoint.as_str(),
                access.label.clone(),
                access.connection.clone(),
            ));
        }
    }
    for (name, site) in fallback {
        order.push((name, pascal_label(name), site));
    }

    let machine_arn = state_machine_arn(&graph.name);
    let mut statements = Vec::new();
    let mut sites: IndexSet<ConnectionSite> = IndexSet::new();
    for (name, label, site) in &order {
        let Some(urls) = calls.get(name) else {
            continue;
        };
        // method set → URL patterns, in order of first call.
        let mut groups: IndexMap<&BTreeSet<Method>, Vec<&str>> = IndexMap::new();
        for (url, methods) in urls {
            groups.entry(methods).or_default().push(url);
        }
        for (methods, urls) in groups {
            let urls: Vec<String> = urls.into_iter().map(endpoint_pattern).collect();
            let method_names: Vec<&str> = methods.iter().map(|m| m.as_str()).collect();
            let sid_methods: String = methods.iter().map(|m| pascal_method(*m)).collect();
            statements.push(json!({
                "Sid": format!("Invoke{label}{sid_methods}"),
                "Effect": "Allow",
                "Action": "states:InvokeHTTPEndpoint",
                "Resource": machine_arn.clone(),
                "Condition": {
                    "StringEquals": { "states:HTTPMethod": method_names },
                    "StringLike": { "states:HTTPEndpoint": urls },
                },
            }));
        }
        sites.insert(site.clone());
    }

    if !sites.is_empty() {
        let arns: Vec<Value> = sites.iter().map(connection_arn).collect();
        statements.push(json!({
            "Sid": "RetrieveConnectionCredentials",
            "Effect": "Allow",
            "Action": "events:RetrieveConnectionCredentials",
            "Resource": arns,
        }));
        let secrets: Vec<Value> = sites.iter().filter_map(connection_secret).collect();
        if !secrets.is_empty() {
            statements.push(json!({
                "Sid": "ReadConnectionSecrets",
                "Effect": "Allow",
                "Action": ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"],
                "Resource": secrets,
            }));
        }
    }

    let uncalled = endpoints
        .iter()
        .filter(|e| !calls.contains_key(e.endpoint.as_str()))
        .map(|e| e.endpoint.clone())
        .collect();
    RolePolicy {
        statements,
        uncalled,
    }
}

/// A URL pattern as a `StringLike` value. The graph already turned every
/// interpolation into `*`; a literal `?` or `$` in the URL would be a
/// wildcard or the start of a policy variable, so they are written as IAM's
/// escapes `${?}` and `${$}`.
fn endpoint_pattern(url_pattern: &str) -> String {
    let mut out = String::with_capacity(url_pattern.len());
    for c in url_pattern.chars() {
        match c {
            '$' => out.push_str("${$}"),
            '?' => out.push_str("${?}"),
            c => out.push(c),
        }
    }
    out
}

/// The connection a task names, when the caller did not describe it: a
/// created connection's logical id is its substitution variable without the
/// `Arn` suffix (`BillingConnectionArn` → `BillingConnection`).
fn site_from_ref(connection: &ConnectionRef) -> ConnectionSite {
    match connection {
        ConnectionRef::Created { substitution } => ConnectionSite::Created {
            logical_id: substitution
                .strip_suffix("Arn")
                .unwrap_or(substitution)
                .to_owned(),
        },
        ConnectionRef::Existing { arn } => ConnectionSite::Existing { arn: arn.clone() },
    }
}

fn connection_arn(site: &ConnectionSite) -> Value {
    match site {
        ConnectionSite::Created { logical_id } => json!({ "Fn::GetAtt": [logical_id, "Arn"] }),
        ConnectionSite::Existing { arn } => Value::String(arn.clone()),
    }
}

/// The connection's own Secrets Manager secret. EventBridge names it
/// `events!connection/NAME/…` in the connection's account and region
/// (aws.md §3 "Return values", `SecretArn`). `None` for an existing ARN that
/// does not parse, which `check::resources` has already reported.
fn connection_secret(site: &ConnectionSite) -> Option<Value> {
    match site {
        ConnectionSite::Created { logical_id } => {
            Some(json!({ "Fn::GetAtt": [logical_id, "SecretArn"] }))
        }
        ConnectionSite::Existing { arn } => {
            let arn = Arn::parse(arn).ok()?;
            let rest = arn.resource.strip_prefix("connection/")?;
            let connection = parse_connection_resource(rest).ok()?;
            Some(Value::String(format!(
                "arn:{}:secretsmanager:{}:{}:secret:events!connection/{}/*",
                arn.partition, arn.region, arn.account, connection.name
            )))
        }
    }
}

fn pascal_method(method: Method) -> String {
    let text = method.as_str();
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        let mut out = String::from(first);
        out.push_str(&chars.as_str().to_ascii_lowercase());
        out
    })
}

/// `billing_api` → `BillingApi`: the readable form of an SFL name used in
/// logical ids and statement ids. Characters other than ASCII letters and
/// digits are dropped; a result that is empty or starts with a digit gets an
/// `Endpoint` prefix, so it is always a valid CloudFormation logical id.
pub fn pascal_label(name: &str) -> String {
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

/// The policy's size as IAM counts it (characters, whitespace excluded),
/// measured on the template's form of the document: intrinsic functions are
/// counted as written, so this is an estimate of the deployed size.
pub fn policy_chars(document: &Value) -> usize {
    document
        .to_string()
        .chars()
        .filter(|c| !c.is_whitespace())
        .count()
}

#[cfg(test)]
mod tests {
    #![expect(
        clippy::indexing_slicing,
        reason = "test code: a panic is a test failure"
    )]
    use super::*;
    use crate::graph::{HttpTask, Machine, State, StateKind, Transition, WorkflowKind};
    use crate::source::Span;

    fn task(endpoint: &str, method: Method, url: &str, connection: ConnectionRef) -> HttpTask {
        HttpTask {
            endpoint: endpoint.to_owned(),
            method,
            api_endpoint: Value::String(url.to_owned()),
            url_pattern: url.to_owned(),
            connection,
            headers: None,
            query: None,
            body: None,
            url_encoded: false,
            timeout_seconds: None,
            retry: Vec::new(),
            catch: Vec::new(),
        }
    }

    fn created(substitution: &str) -> ConnectionRef {
        ConnectionRef::Created {
            substitution: substitution.to_owned(),
        }
    }

    fn graph(tasks: Vec<HttpTask>) -> StateGraph {
        let mut states = IndexMap::new();
        for (i, t) in tasks.into_iter().enumerate() {
            states.insert(
                format!("S{i}"),
                State {
                    comment: None,
                    kind: StateKind::Http(t),
                    transition: Some(Transition::End),
                    assign: IndexMap::new(),
                    output: None,
                    span: Span::default(),
                },
            );
        }
        StateGraph {
            name: "flow".to_owned(),
            comment: None,
            timeout_seconds: None,
            kind: WorkflowKind::Standard,
            root: Machine {
                start_at: "S0".to_owned(),
                states,
            },
            endpoints: Vec::new(),
            span: Span::default(),
        }
    }

    fn access(endpoint: &str, connection: ConnectionSite) -> EndpointAccess {
        EndpointAccess {
            endpoint: endpoint.to_owned(),
            label: pascal_label(endpoint),
            connection,
        }
    }

    fn created_site(logical_id: &str) -> ConnectionSite {
        ConnectionSite::Created {
            logical_id: logical_id.to_owned(),
        }
    }

    fn invoke_statements(policy: &RolePolicy) -> Vec<&Value> {
        policy
            .statements
            .iter()
            .filter(|s| s["Action"] == "states:InvokeHTTPEndpoint")
            .collect()
    }

    #[test]
    fn two_methods_on_one_url_share_one_statement() {
        let url = "https://billing.example.com/v1/orders/*";
        let g = graph(vec![
            task("billing", Method::Get, url, created("BillingConnectionArn")),
            task(
                "billing",
                Method::Post,
                url,
                created("BillingConnectionArn"),
            ),
        ]);
        let policy = role_policy(&g, &[access("billing", created_site("BillingConnection"))]);
        let invoke = invoke_statements(&policy);
        assert_eq!(invoke.len(), 1);
        let statement = invoke[0];
        assert_eq!(statement["Sid"], "InvokeBillingGetPost");
        assert_eq!(
            statement["Condition"]["StringEquals"]["states:HTTPMethod"],
            json!(["GET", "POST"])
        );
        assert_eq!(
            statement["Condition"]["StringLike"]["states:HTTPEndpoint"],
            json!([url])
        );
        assert_eq!(
            statement["Resource"],
            json!({"Fn::Sub": "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:flow"})
        );
    }

    #[test]
    fn different_methods_on_different_urls_stay_apart() {
        let g = graph(vec![
            task(
                "billing",
                Method::Get,
                "https://b.example.com/orders/*",
                created("B"),
            ),
            task(
                "billing",
                Method::Post,
                "https://b.example.com/invoices",
                created("B"),
            ),
            task(
                "billing",
                Method::Get,
                "https://b.example.com/customers/*",
                created("B"),
            ),
        ]);
        let policy = role_policy(&g, &[access("billing", created_site("BillingConnection"))]);
        let invoke = invoke_statements(&policy);
        assert_eq!(invoke.len(), 2, "{invoke:#?}");
        assert_eq!(
            invoke[0]["Condition"]["StringLike"]["states:HTTPEndpoint"],
            json!([
                "https://b.example.com/orders/*",
                "https://b.example.com/customers/*"
            ])
        );
        assert_eq!(
            invoke[0]["Condition"]["StringEquals"]["states:HTTPMethod"],
            json!(["GET"])
        );
        assert_eq!(
            invoke[1]["Condition"]["StringLike"]["states:HTTPEndpoint"],
            json!(["https://b.example.com/invoices"])
        );
        assert_eq!(
            invoke[1]["Condition"]["StringEquals"]["states:HTTPMethod"],
            json!(["POST"])
        );
    }

    /// Every (method, URL) pair a statement allows is a call in the graph.
    #[test]
    fn statements_allow_exactly_the_calls() {
        let calls = [
            (Method::Get, "https://a.example.com/x"),
            (Method::Post, "https://a.example.com/x"),
            (Method::Post, "https://a.example.com/y"),
            (Method::Delete, "https://a.example.com/z/*"),
            (Method::Get, "https://a.example.com/w"),
        ];
        let g = graph(
            calls
                .iter()
                .map(|(m, u)| task("a", *m, u, created("AConnectionArn")))
                .collect(),
        );
        let policy = role_policy(&g, &[access("a", created_site("AConnection"))]);
        let mut allowed = BTreeSet::new();
        for statement in invoke_statements(&policy) {
            let methods = statement["Condition"]["StringEquals"]["states:HTTPMethod"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let urls = statement["Condition"]["StringLike"]["states:HTTPEndpoint"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            for m in &methods {
                for u in &urls {
                    allowed.insert((
                        m.as_str().unwrap_or("").to_owned(),
                        u.as_str().unwrap_or("").to_owned(),
                    ));
                }
            }
        }
        let expected: BTreeSet<(String, String)> = calls
            .iter()
            .map(|(m, u)| (m.as_str().to_owned(), (*u).to_owned()))
            .collect();
        assert_eq!(allowed, expected);
    }

    #[test]
    fn uncalled_endpoints_get_nothing() {
        let g = graph(vec![task(
            "billing",
            Method::Get,
            "https://b.example.com/x",
            created("BillingConnectionArn"),
        )]);
        let policy = role_policy(
            &g,
            &[
                access("billing", created_site("BillingConnection")),
                access("archive", created_site("ArchiveConnection")),
            ],
        );
        assert_eq!(policy.uncalled, vec!["archive".to_owned()]);
        let text = serde_json::to_string(&policy.statements).unwrap_or_default();
        assert!(!text.contains("Archive"), "{text}");
        assert!(text.contains("BillingConnection"));
    }

    #[test]
    fn connections_and_secrets_are_exact() {
        let existing =
            "arn:aws:events:us-east-1:111122223333:connection/archive-private/2f5c2f58-0c1a";
        let g = graph(vec![
            task(
                "billing",
                Method::Get,
                "https://b.example.com/x",
                created("BillingConnectionArn"),
            ),
            task(
                "archive",
                Method::Put,
                "https://a.example.com/*",
                ConnectionRef::Existing {
                    arn: existing.to_owned(),
                },
            ),
            task(
                "archive2",
                Method::Put,
                "https://a2.example.com/*",
                ConnectionRef::Existing {
                    arn: existing.to_owned(),
                },
            ),
        ]);
        let policy = role_policy(
            &g,
            &[
                access("billing", created_site("BillingConnection")),
                access(
                    "archive",
                    ConnectionSite::Existing {
                        arn: existing.to_owned(),
                    },
                ),
                access(
                    "archive2",
                    ConnectionSite::Existing {
                        arn: existing.to_owned(),
                    },
                ),
            ],
        );
        let credentials = policy
            .statements
            .iter()
            .find(|s| s["Sid"] == "RetrieveConnectionCredentials")
            .cloned()
            .unwrap_or_default();
        assert_eq!(
            credentials["Resource"],
            json!([{"Fn::GetAtt": ["BillingConnection", "Arn"]}, existing])
        );
        let secrets = policy
            .statements
            .iter()
            .find(|s| s["Sid"] == "ReadConnectionSecrets")
            .cloned()
            .unwrap_or_default();
        assert_eq!(
            secrets["Resource"],
            json!([
                {"Fn::GetAtt": ["BillingConnection", "SecretArn"]},
                "arn:aws:secretsmanager:us-east-1:111122223333:secret:events!connection/archive-private/*"
            ])
        );
        let text = serde_json::to_string(&policy.statements).unwrap_or_default();
        assert!(!text.contains("\"*\""), "no wildcard resource: {text}");
    }

    #[test]
    fn tasks_of_undescribed_endpoints_still_get_their_grants() {
        let g = graph(vec![task(
            "orders",
            Method::Get,
            "https://o.example.com/x",
            created("OrdersConnectionArn"),
        )]);
        let policy = role_policy(&g, &[]);
        assert_eq!(policy.statements.len(), 3);
        assert_eq!(policy.statements[0]["Sid"], "InvokeOrdersGet");
        assert_eq!(
            policy.statements[1]["Resource"],
            json!([{"Fn::GetAtt": ["OrdersConnection", "Arn"]}])
        );
    }

    #[test]
    fn a_workflow_without_calls_has_no_policy() {
        let policy = role_policy(&graph(Vec::new()), &[]);
        assert!(policy.statements.is_empty());
        assert_eq!(policy.document(), None);
    }

    #[test]
    fn labels_are_pascal_case_logical_ids() {
        assert_eq!(pascal_label("billing_api"), "BillingApi");
        assert_eq!(pascal_label("billing"), "Billing");
        assert_eq!(pascal_label("api_2"), "Api2");
        assert_eq!(pascal_label("_"), "Endpoint");
        assert_eq!(escape_sub("a${b}"), "a${!b}");
        assert_eq!(pascal_method(Method::Delete), "Delete");
        assert_eq!(
            endpoint_pattern("https://a.example.com/$x?y/*"),
            "https://a.example.com/${$}x${?}y/*"
        );
    }
}

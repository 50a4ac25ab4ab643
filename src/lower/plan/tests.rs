//! The deployment plan, built from SFL sources through the real front end
//! (so the tests keep working whatever shape `Checked` takes).
#![expect(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::panic,
    reason = "test code: a panic is a test failure"
)]

use super::*;
use crate::diag::Diagnostics;
use crate::graph::{PatternPart, StateGraph};
use crate::source::SourceFile;

fn lower(source: &str) -> StateGraph {
    let file = SourceFile::new("test.sfl", source);
    let mut diagnostics = Diagnostics::new();
    let ast = crate::syntax::parse(&file, &mut diagnostics).unwrap();
    let checked = crate::check::check_file(&ast, &mut diagnostics).unwrap();
    let graph = crate::lower::lower_workflow(&checked, &mut diagnostics);
    assert!(!diagnostics.has_errors(), "{diagnostics:?}");
    graph.unwrap()
}

const RCFG: &str =
    "arn:aws:vpc-lattice:eu-west-1:111122223333:resourceconfiguration/rcfg-0123456789abcdef0";
const EXISTING: &str =
    "arn:aws:events:eu-west-1:111122223333:connection/archive-private/2f5c2f58-0c1a-4e3b";

/// Every kind of endpoint: a private ARN with an API key and connection
/// parameters, a created gateway with OAuth, an existing connection and an
/// endpoint nobody calls.
fn everything() -> String {
    format!(
        r#"
workflow order_sync(input: {{ id: string }}) {{
    GET billing "/orders/{{input.id}}"
    POST approvals "/requests"
    POST billing "/invoices"
    GET billing "/orders/{{input.id}}"
    PUT archive "/orders/{{input.id}}"
}}

endpoint billing {{
    url     "https://billing.example.com/v1"
    private "{RCFG}"
    auth    api_key "x-api-key" = secret("billing/api-key")
    headers {{ "x-source": "stepfunctions", "x-tenant": secret("billing/tenant", "id") }}
    query   {{ expand: "lines" }}
}}

endpoint approvals {{
    url "https://approvals.example.com"
    private gateway {{
        vpc             "vpc-0a1b2c3d"
        subnets         ["subnet-0a1b2c3d", "subnet-0c2d3e4f"]
        security_groups ["sg-0e3f4a5b"]
    }}
    auth oauth {{
        token_url     "https://auth.example.com/oauth2/token"
        client_id     "aslc"
        client_secret secret("approvals/oauth", "client_secret")
        scope         "orders:write"
        audience      "https://approvals.example.com"
    }}
}}

endpoint archive {{
    url        "https://archive.example.com"
    connection "{EXISTING}"
}}

endpoint reports_api {{
    url  "https://reports.example.com"
    private "{RCFG}"
    auth api_key "x-api-key" = param("ReportsKey")
}}
"#
    )
}

fn texts(pattern: &UrlPattern) -> String {
    pattern
        .parts
        .iter()
        .map(|p| match p {
            PatternPart::Text(t) => t.clone(),
            PatternPart::Wildcard => "<*>".to_owned(),
            PatternPart::Parameter(name) => format!("<{name}>"),
        })
        .collect()
}

#[test]
fn only_called_endpoints_get_connections_and_grants() {
    let graph = lower(&everything());
    let plan = &graph.plan;
    let ids: Vec<&str> = plan
        .connections
        .iter()
        .map(|c| c.logical_id.as_str())
        .collect();
    assert_eq!(ids, ["BillingConnection", "ApprovalsConnection"]);
    // The uncalled endpoint's parameter is not declared.
    assert!(plan.parameters.is_empty());
    assert_eq!(
        plan.policy.connections,
        [
            ConnectionGrant::Created {
                logical_id: "BillingConnection".into()
            },
            ConnectionGrant::Created {
                logical_id: "ApprovalsConnection".into()
            },
            ConnectionGrant::Existing {
                arn: EXISTING.into(),
                secret: Some(
                    "arn:aws:secretsmanager:eu-west-1:111122223333:secret:events!connection/archive-private/*"
                        .into()
                ),
            },
        ]
    );
}

#[test]
fn the_definition_and_the_template_share_one_name() {
    let graph = lower(&everything());
    for connection in &graph.plan.connections {
        assert_eq!(
            connection.substitution,
            format!("{}Arn", connection.logical_id)
        );
        let task_refs: Vec<&ConnectionRef> = graph
            .root
            .http_tasks()
            .into_iter()
            .filter(|t| t.endpoint == connection.endpoint)
            .map(|t| &t.connection)
            .collect();
        assert!(!task_refs.is_empty());
        for r in task_refs {
            assert_eq!(
                r,
                &ConnectionRef::Created {
                    substitution: connection.substitution.clone()
                }
            );
        }
    }
}

#[test]
fn invocations_group_urls_by_method_set() {
    let graph = lower(&everything());
    let grants = &graph.plan.policy.invocations;
    let summary: Vec<(String, Vec<&str>, Vec<String>)> = grants
        .iter()
        .map(|g| {
            (
                g.sid.clone(),
                g.methods.iter().map(|m| m.as_str()).collect(),
                g.urls.iter().map(texts).collect(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                "InvokeBillingGet".into(),
                vec!["GET"],
                vec!["https://billing.example.com/v1/orders/<*>".to_owned()]
            ),
            (
                "InvokeBillingPost".into(),
                vec!["POST"],
                vec!["https://billing.example.com/v1/invoices".to_owned()]
            ),
            (
                "InvokeApprovalsPost".into(),
                vec!["POST"],
                vec!["https://approvals.example.com/requests".to_owned()]
            ),
            (
                "InvokeArchivePut".into(),
                vec!["PUT"],
                vec!["https://archive.example.com/orders/<*>".to_owned()]
            ),
        ]
    );
}

#[test]
fn two_methods_on_one_url_share_a_grant() {
    let source = format!(
        r#"
workflow w(input: {{ id: string }}) {{
    GET a "/x/{{input.id}}"
    POST a "/x/{{input.id}}"
    DELETE a "/y"
}}
endpoint a {{
    url "https://a.example.com"
    private "{RCFG}"
    auth api_key "k" = secret("a")
}}
"#
    );
    let graph = lower(&source);
    let grants = &graph.plan.policy.invocations;
    assert_eq!(grants.len(), 2);
    assert_eq!(grants[0].sid, "InvokeAGetPost");
    assert_eq!(grants[0].methods, [Method::Get, Method::Post]);
    assert_eq!(grants[1].sid, "InvokeADelete");
}

#[test]
fn a_literal_star_is_text_and_an_interpolation_a_wildcard() {
    let source = format!(
        r#"
workflow w(input: {{ id: string }}) {{
    GET files "/files/*/{{input.id}}"
}}
endpoint files {{
    url "https://files.example.com"
    private "{RCFG}"
    auth api_key "k" = secret("f")
}}
"#
    );
    let graph = lower(&source);
    let urls = &graph.plan.policy.invocations[0].urls;
    assert_eq!(
        urls[0].parts,
        [
            PatternPart::Text("https://files.example.com/files/*/".into()),
            PatternPart::Wildcard,
        ]
    );
}

#[test]
fn connections_carry_auth_parameters_and_connectivity() {
    let graph = lower(&everything());
    let billing = &graph.plan.connections[0];
    assert_eq!(
        billing.auth,
        ConnectionAuth::ApiKey {
            header: "x-api-key".into(),
            value: DeployValue::Secret {
                name: "billing/api-key".into(),
                key: None
            },
        }
    );
    assert_eq!(billing.headers.len(), 2);
    assert!(!billing.headers[0].value.is_secret());
    assert!(billing.headers[1].value.is_secret());
    assert_eq!(billing.query[0].key, "expand");
    assert_eq!(
        billing.private,
        Some(PrivateLink::ResourceConfiguration { arn: RCFG.into() })
    );

    let approvals = &graph.plan.connections[1];
    let ConnectionAuth::OAuth(oauth) = &approvals.auth else {
        panic!("{:?}", approvals.auth);
    };
    assert_eq!(oauth.method, "POST");
    assert!(!oauth.grant_in_query);
    let keys: Vec<&str> = oauth.grant.iter().map(|g| g.key.as_str()).collect();
    assert_eq!(keys, ["grant_type", "scope", "audience"]);
    // The token endpoint is on another (public) host.
    assert!(!oauth.private_token_endpoint);
    let Some(PrivateLink::Gateway(gateway)) = &approvals.private else {
        panic!("{:?}", approvals.private);
    };
    assert_eq!(gateway.gateway_id, "ApprovalsResourceGateway");
    assert_eq!(gateway.configuration_id, "ApprovalsResourceConfiguration");
    assert_eq!(gateway.name, "order-sync-approvals");
    assert_eq!(gateway.host, "approvals.example.com");
    assert_eq!(gateway.port, 443);
    assert_eq!(
        gateway.security_groups,
        Some(vec!["sg-0e3f4a5b".to_owned()])
    );
}

#[test]
fn params_are_declared_once_and_the_port_comes_from_the_url() {
    let source = r#"
workflow ship_it() {
    POST shipping "/labels"
}
endpoint shipping {
    url "https://shipping.example.com:8443/api"
    private gateway {
        vpc     "vpc-0a1b2c3d"
        subnets ["subnet-0a1b2c3d"]
    }
    auth basic {
        username param("ShippingUser")
        password param("ShippingPassword")
    }
    headers { "x-shipper": param("ShippingUser") }
}
"#;
    let graph = lower(source);
    let names: Vec<(&str, &str)> = graph
        .plan
        .parameters
        .iter()
        .map(|p| (p.name.as_str(), p.description.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("ShippingUser", "Basic auth username for endpoint shipping"),
            (
                "ShippingPassword",
                "Basic auth password for endpoint shipping"
            ),
        ]
    );
    let Some(PrivateLink::Gateway(gateway)) = &graph.plan.connections[0].private else {
        panic!();
    };
    assert_eq!(gateway.port, 8443);
    assert_eq!(gateway.security_groups, None);
}

#[test]
fn a_get_token_request_on_the_private_host_goes_through_lattice() {
    let source = r#"
workflow sync_crm(input: { id: string }) {
    GET crm "/contacts/{input.id}"
}
endpoint crm {
    url "https://crm.example.com"
    private gateway {
        vpc     "vpc-0a1b2c3d"
        subnets ["subnet-0a1b2c3d"]
    }
    auth oauth {
        token_url     "https://CRM.example.com/oauth/token"
        client_id     param("CrmClientId")
        client_secret param("CrmClientSecret")
        method        GET
    }
}
"#;
    let graph = lower(source);
    let ConnectionAuth::OAuth(oauth) = &graph.plan.connections[0].auth else {
        panic!();
    };
    assert!(oauth.private_token_endpoint);
    assert!(oauth.grant_in_query);
    assert_eq!(oauth.method, "GET");
}

#[test]
fn logical_ids_step_around_parameters_and_each_other() {
    let source = format!(
        r#"
workflow w() {{
    GET a_b "/"
    GET a__b "/"
}}
endpoint a_b {{
    url "https://ab.example.com"
    private "{RCFG}"
    auth api_key "k" = param("ABConnection")
}}
endpoint a__b {{
    url "https://ab2.example.com"
    private "{RCFG}"
    auth api_key "k" = secret("k")
}}
"#
    );
    let graph = lower(&source);
    let ids: Vec<(&str, &str)> = graph
        .plan
        .connections
        .iter()
        .map(|c| (c.logical_id.as_str(), c.substitution.as_str()))
        .collect();
    assert_eq!(
        ids,
        [
            ("ABConnection2", "ABConnection2Arn"),
            ("AB2Connection", "AB2ConnectionArn")
        ]
    );
    assert_eq!(graph.plan.parameters[0].name, "ABConnection");
}

#[test]
fn logical_names_are_pascal_case_ids() {
    assert_eq!(logical_name("billing_api"), "BillingApi");
    assert_eq!(logical_name("billing"), "Billing");
    assert_eq!(logical_name("api_2"), "Api2");
    assert_eq!(logical_name("_x__y2"), "XY2");
    assert_eq!(logical_name("_"), "Endpoint");
    assert_eq!(method_word(Method::Delete), "Delete");
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

/// Two endpoints of one API (same host, auth, connectivity) that differ in
/// base path share a connection; a different auth or host does not.
#[test]
fn endpoints_that_differ_only_in_base_path_share_a_connection() {
    let graph = lower(&format!(
        r#"
workflow w() {{
    GET staging "/a"
    GET prod "/b"
    GET other_key "/c"
    GET other_host "/d"
}}

endpoint staging {{
    url     "https://api.example.com/staging"
    private "{RCFG}"
    auth    api_key "x-api-key" = secret("api/key")
}}

endpoint prod {{
    url     "https://API.example.com/prod/"
    private "{RCFG}"
    auth    api_key "x-api-key" = secret("api/key")
}}

endpoint other_key {{
    url     "https://api.example.com/v2"
    private "{RCFG}"
    auth    api_key "x-api-key" = secret("api/other-key")
}}

endpoint other_host {{
    url     "https://api2.example.com/staging"
    private "{RCFG}"
    auth    api_key "x-api-key" = secret("api/key")
}}
"#
    ));
    let plan = &graph.plan;
    let ids: Vec<&str> = plan
        .connections
        .iter()
        .map(|c| c.logical_id.as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "StagingConnection",
            "OtherKeyConnection",
            "OtherHostConnection"
        ]
    );
    assert_eq!(plan.connections[0].endpoint, "staging, prod");
    // Each endpoint keeps its own statement, with its own base path.
    let sids: Vec<&str> = plan
        .policy
        .invocations
        .iter()
        .map(|g| g.sid.as_str())
        .collect();
    assert_eq!(
        sids,
        [
            "InvokeStagingGet",
            "InvokeProdGet",
            "InvokeOtherKeyGet",
            "InvokeOtherHostGet"
        ]
    );
    assert_eq!(plan.policy.connections.len(), 3);
    // Both tasks name the one connection.
    let refs: Vec<String> = graph
        .root
        .http_tasks()
        .into_iter()
        .map(|t| format!("{:?}", t.connection))
        .collect();
    assert_eq!(refs[0], refs[1]);
    assert_ne!(refs[0], refs[2]);
}

/// Sharing is read from the source: two host parameters stay two
/// connections once `--param` gives them one value; one parameter used by
/// two base paths stays one connection.
#[test]
fn sharing_is_decided_before_values_are_filled_in() {
    let source = format!(
        r#"
param HostA = "a.example.com"
param HostB = "b.example.com"
workflow w() {{
    GET one "/x"
    GET two "/y"
    GET three "/z"
}}
endpoint one {{
    url     "https://{{HostA}}/v1"
    private "{RCFG}"
    auth    api_key "k" = secret("s")
}}
endpoint two {{
    url     "https://{{HostB}}/v1"
    private "{RCFG}"
    auth    api_key "k" = secret("s")
}}
endpoint three {{
    url     "https://{{HostA}}/v2"
    private "{RCFG}"
    auth    api_key "k" = secret("s")
}}
"#
    );
    let file = SourceFile::new("test.sfl", source);
    let mut diagnostics = Diagnostics::new();
    let mut ast = crate::syntax::parse(&file, &mut diagnostics).unwrap();
    let sharing = Sharing::of(&ast);
    let values = [("HostA", "api.example.com"), ("HostB", "api.example.com")]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    let _ = crate::check::params::fix(&mut ast, &values);
    let checked = crate::check::check_file(&ast, &mut diagnostics).unwrap();
    let graph = crate::lower::lower_workflow_shared(&checked, &sharing, &mut diagnostics).unwrap();
    assert!(!diagnostics.has_errors(), "{diagnostics:?}");
    let ids: Vec<&str> = graph
        .plan
        .connections
        .iter()
        .map(|c| c.logical_id.as_str())
        .collect();
    assert_eq!(ids, ["OneConnection", "TwoConnection"]);
    assert_eq!(graph.plan.connections[0].endpoint, "one, three");
    // Decided on the values instead, all three would share one.
    let merged = crate::lower::lower_workflow(&checked, &mut diagnostics).unwrap();
    assert_eq!(merged.plan.connections.len(), 1);
}

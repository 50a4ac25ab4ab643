//! The template written from hand-made plans: what each planned resource
//! looks like in CloudFormation, and that cfn-lint accepts the result.
#![expect(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::panic,
    reason = "test code: a panic is a test failure"
)]

use std::path::{Path, PathBuf};
use std::process::Command;

use indexmap::IndexMap;
use serde_json::json;

use super::*;
use crate::graph::{
    Connection, ConnectionAuth, ConnectionGrant, ConnectionRef, DeployValue, HttpTask, InvokeGrant,
    KeyValue, LatticeGateway, Machine, Method, OAuthClient, Policy, State, StateKind, Transition,
    UrlPattern, WorkflowKind,
};

// -- builders ----------------------------------------------------------

fn text(value: &str) -> DeployValue {
    DeployValue::Text(value.to_owned())
}

fn secret(name: &str, key: Option<&str>) -> DeployValue {
    DeployValue::Secret {
        name: name.to_owned(),
        key: key.map(str::to_owned),
    }
}

fn param(name: &str) -> DeployValue {
    DeployValue::Parameter(name.to_owned())
}

fn kv(key: &str, value: DeployValue) -> KeyValue {
    KeyValue {
        key: key.to_owned(),
        value,
    }
}

fn parameter(name: &str, description: &str) -> TemplateParameter {
    TemplateParameter {
        name: name.to_owned(),
        description: description.to_owned(),
    }
}

fn connection(endpoint: &str, url: &str, id: &str, auth: ConnectionAuth) -> Connection {
    Connection {
        endpoint: endpoint.to_owned(),
        url: url.to_owned(),
        logical_id: id.to_owned(),
        substitution: format!("{id}Arn"),
        auth,
        headers: Vec::new(),
        query: Vec::new(),
        private: None,
    }
}

fn gateway(label: &str, name: &str, host: &str, port: u16) -> PrivateLink {
    PrivateLink::Gateway(LatticeGateway {
        gateway_id: format!("{label}ResourceGateway"),
        configuration_id: format!("{label}ResourceConfiguration"),
        name: name.to_owned(),
        vpc: "vpc-0a1b2c3d".to_owned(),
        subnets: vec!["subnet-0a1b2c3d".to_owned(), "subnet-0c2d3e4f".to_owned()],
        security_groups: Some(vec!["sg-0e3f4a5b".to_owned()]),
        host: host.to_owned(),
        port,
    })
}

fn grant(sid: &str, methods: &[Method], urls: &[&str]) -> InvokeGrant {
    InvokeGrant {
        sid: sid.to_owned(),
        methods: methods.to_vec(),
        urls: urls.iter().map(|u| pattern(u)).collect(),
    }
}

/// `{…}` in the text is a wildcard.
fn pattern(text: &str) -> UrlPattern {
    let mut out = UrlPattern::default();
    for (i, piece) in text.split("{id}").enumerate() {
        if i > 0 {
            out.push_wildcard();
        }
        out.push_text(piece);
    }
    out
}

fn created(id: &str) -> ConnectionGrant {
    ConnectionGrant::Created {
        logical_id: id.to_owned(),
    }
}

/// A graph around a plan: one HTTP task per connection (enough for the
/// definition the template embeds), and that definition.
fn graph(name: &str, kind: WorkflowKind, plan: DeploymentPlan) -> (StateGraph, Value) {
    let mut states = IndexMap::new();
    let mut asl_states = Map::new();
    let count = plan.connections.len();
    for (i, c) in plan.connections.iter().enumerate() {
        let next = if i + 1 == count {
            Transition::End
        } else {
            Transition::Next(format!("Call {}", i + 1))
        };
        let mut state = json!({
            "Type": "Task",
            "Resource": "arn:aws:states:::http:invoke",
            "Arguments": {
                "ApiEndpoint": c.url,
                "Method": "GET",
                "InvocationConfig": { "ConnectionArn": format!("${{{}}}", c.substitution) },
            },
        });
        match &next {
            Transition::End => state["End"] = json!(true),
            Transition::Next(n) => state["Next"] = json!(n),
        }
        asl_states.insert(format!("Call {i}"), state);
        let task = HttpTask {
            endpoint: c.endpoint.clone(),
            method: Method::Get,
            api_endpoint: json!(c.url),
            url_pattern: UrlPattern::text(&c.url),
            connection: ConnectionRef::Created {
                substitution: c.substitution.clone(),
            },
            headers: None,
            query: None,
            body: None,
            url_encoded: false,
            timeout_seconds: None,
            retry: Vec::new(),
            catch: Vec::new(),
        };
        states.insert(
            format!("Call {i}"),
            State {
                comment: None,
                kind: StateKind::Http(task),
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
        plan,
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

// -- fixtures ------------------------------------------------------------

const RCFG: &str =
    "arn:aws:vpc-lattice:eu-west-1:111122223333:resourceconfiguration/rcfg-0123456789abcdef0";
const EXISTING: &str =
    "arn:aws:events:us-east-1:111122223333:connection/archive-private/2f5c2f58-0c1a-4e3b";

/// A private ARN with an API key and connection parameters, a created
/// gateway with OAuth, and an existing connection.
fn everything() -> DeploymentPlan {
    let mut billing = connection(
        "billing",
        "https://billing.example.com/v1",
        "BillingConnection",
        ConnectionAuth::ApiKey {
            header: "x-api-key".to_owned(),
            value: secret("billing/api-key", None),
        },
    );
    billing.private = Some(PrivateLink::ResourceConfiguration {
        arn: RCFG.to_owned(),
    });
    billing.headers = vec![
        kv("x-source", text("stepfunctions")),
        kv("x-tenant", secret("billing/tenant", Some("id"))),
    ];
    billing.query = vec![kv("expand", text("lines"))];

    let mut approvals = connection(
        "approvals",
        "https://approvals.example.com",
        "ApprovalsConnection",
        ConnectionAuth::OAuth(OAuthClient {
            token_url: "https://auth.example.com/oauth2/token".to_owned(),
            method: "POST".to_owned(),
            client_id: text("aslc"),
            client_secret: secret("approvals/oauth", Some("client_secret")),
            grant: vec![
                kv("grant_type", text("client_credentials")),
                kv("scope", text("orders:write")),
                kv("audience", text("https://approvals.example.com")),
            ],
            grant_in_query: false,
            private_token_endpoint: false,
        }),
    );
    approvals.private = Some(gateway(
        "Approvals",
        "order-sync-approvals",
        "approvals.example.com",
        443,
    ));

    DeploymentPlan {

        log: None,

        tracing: false,
        stage_parameters: Vec::new(),
        state_machine_name: None,
        parameters: Vec::new(),
        connections: vec![billing, approvals],
        policy: Policy {
            services: Vec::new(),
            event_buses: Vec::new(),
            sub_workflows: Vec::new(),
            invocations: vec![
                grant(
                    "InvokeBillingGet",
                    &[Method::Get],
                    &["https://billing.example.com/v1/orders/{id}"],
                ),
                grant(
                    "InvokeBillingPost",
                    &[Method::Post],
                    &["https://billing.example.com/v1/invoices"],
                ),
                grant(
                    "InvokeApprovalsPost",
                    &[Method::Post],
                    &["https://approvals.example.com/requests"],
                ),
                grant(
                    "InvokeArchivePut",
                    &[Method::Put],
                    &["https://archive.example.com/orders/{id}"],
                ),
            ],
            connections: vec![
                created("BillingConnection"),
                created("ApprovalsConnection"),
                ConnectionGrant::Existing {
                    arn: EXISTING.to_owned(),
                    secret: Some(
                        "arn:aws:secretsmanager:us-east-1:111122223333:secret:events!connection/archive-private/*"
                            .to_owned(),
                    ),
                },
            ],
        },
    }
}

fn basic_with_params() -> DeploymentPlan {
    let mut shipping = connection(
        "shipping",
        "https://shipping.example.com:8443/api",
        "ShippingConnection",
        ConnectionAuth::Basic {
            username: param("ShippingUser"),
            password: param("ShippingPassword"),
        },
    );
    shipping.private = Some(gateway(
        "Shipping",
        "ship-it-shipping",
        "shipping.example.com",
        8443,
    ));
    shipping.headers = vec![kv("x-shipper", param("ShippingUser"))];
    DeploymentPlan {
        log: None,
        tracing: false,
        stage_parameters: Vec::new(),
        state_machine_name: None,
        parameters: vec![
            parameter("ShippingUser", "Basic auth username for endpoint shipping"),
            parameter(
                "ShippingPassword",
                "Basic auth password for endpoint shipping",
            ),
        ],
        connections: vec![shipping],
        policy: Policy {
            services: Vec::new(),
            event_buses: Vec::new(),
            sub_workflows: Vec::new(),
            invocations: vec![grant(
                "InvokeShippingPost",
                &[Method::Post],
                &["https://shipping.example.com:8443/api/labels"],
            )],
            connections: vec![created("ShippingConnection")],
        },
    }
}

fn oauth_with_params() -> DeploymentPlan {
    let mut crm = connection(
        "crm",
        "https://crm.example.com",
        "CrmConnection",
        ConnectionAuth::OAuth(OAuthClient {
            token_url: "https://crm.example.com/oauth/token".to_owned(),
            method: "GET".to_owned(),
            client_id: param("CrmClientId"),
            client_secret: param("CrmClientSecret"),
            grant: vec![kv("grant_type", text("client_credentials"))],
            grant_in_query: true,
            private_token_endpoint: true,
        }),
    );
    crm.private = Some(gateway("Crm", "sync-crm-crm", "crm.example.com", 443));
    DeploymentPlan {
        log: None,
        tracing: false,
        stage_parameters: Vec::new(),
        state_machine_name: None,
        parameters: vec![
            parameter("CrmClientId", "OAuth client id for endpoint crm"),
            parameter("CrmClientSecret", "OAuth client secret for endpoint crm"),
        ],
        connections: vec![crm],
        policy: Policy {
            services: Vec::new(),
            event_buses: Vec::new(),
            sub_workflows: Vec::new(),
            invocations: vec![grant(
                "InvokeCrmGetPatch",
                &[Method::Get, Method::Patch],
                &["https://crm.example.com/contacts/{id}"],
            )],
            connections: vec![created("CrmConnection")],
        },
    }
}

fn build(name: &str, kind: WorkflowKind, plan: DeploymentPlan) -> (Value, Diagnostics) {
    let (g, definition) = graph(name, kind, plan);
    let mut diagnostics = Diagnostics::new();
    let template = emit_template(&g, &definition, &mut diagnostics);
    (template, diagnostics)
}

fn fixtures() -> Vec<(&'static str, Value)> {
    vec![
        (
            "everything",
            build("order_sync", WorkflowKind::Standard, everything()).0,
        ),
        (
            "basic_params",
            build("ship_it", WorkflowKind::Express, basic_with_params()).0,
        ),
        (
            "oauth_params",
            build("sync_crm", WorkflowKind::Standard, oauth_with_params()).0,
        ),
    ]
}

// -- structure -------------------------------------------------------------

#[test]
fn resources_follow_the_plan() {
    let (template, diagnostics) = build("order_sync", WorkflowKind::Standard, everything());
    assert!(diagnostics.is_empty());
    let ids: Vec<&str> = template["Resources"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
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
    let (template, _) = build("order_sync", WorkflowKind::Standard, everything());
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
        RCFG
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
    let (template, _) = build("order_sync", WorkflowKind::Standard, everything());
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
    let (template, _) = build("ship_it", WorkflowKind::Express, basic_with_params());
    let config = &template["Resources"]["ShippingResourceConfiguration"]["Properties"];
    assert_eq!(config["PortRanges"], json!(["8443"]));
}

#[test]
fn params_become_no_echo_parameters() {
    let (template, _) = build("ship_it", WorkflowKind::Express, basic_with_params());
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
fn a_private_token_endpoint_goes_through_lattice() {
    let (template, _) = build("sync_crm", WorkflowKind::Standard, oauth_with_params());
    let auth = &template["Resources"]["CrmConnection"]["Properties"]["AuthParameters"];
    assert_eq!(
        auth["ConnectivityParameters"]["ResourceParameters"]["ResourceConfigurationArn"],
        json!({ "Fn::GetAtt": ["CrmResourceConfiguration", "Arn"] })
    );
    assert_eq!(
        auth["OAuthParameters"]["OAuthHttpParameters"],
        json!({ "QueryStringParameters": [
            { "Key": "grant_type", "Value": "client_credentials", "IsValueSecret": false }
        ] })
    );
}

#[test]
fn the_state_machine_binds_substitutions_and_the_role_names_it_by_sub() {
    let (template, _) = build("order_sync", WorkflowKind::Standard, everything());
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
        json!({
            "StringEquals": { "aws:SourceAccount": { "Ref": "AWS::AccountId" } },
            "ArnLike": { "aws:SourceArn": {
                "Fn::Sub": "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:order_sync"
            } },
        })
    );
    let role_text = role.to_string();
    assert!(
        !role_text.contains("\"Ref\":\"StateMachine\""),
        "{role_text}"
    );
    assert!(!role_text.contains("\"Resource\":\"*\""), "{role_text}");
}

#[test]
fn no_secret_value_reaches_the_template() {
    for (name, template) in fixtures() {
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
        for format in [TemplateFormat::Json, TemplateFormat::Yaml] {
            assert_eq!(render(x, format), render(y, format), "{name}");
        }
    }
}

#[test]
fn a_huge_policy_is_flagged() {
    let mut plan = basic_with_params();
    let paths: Vec<String> = (0..400)
        .map(|i| format!("https://bulk.example.com/items/{i}/detail"))
        .collect();
    let urls: Vec<&str> = paths.iter().map(String::as_str).collect();
    plan.policy.invocations = vec![grant("InvokeBulkGet", &[Method::Get], &urls)];
    let (_, diagnostics) = build("bulk_flow", WorkflowKind::Standard, plan);
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

#[test]
fn a_large_template_names_the_definition_file() {
    let (mut template, _) = build("order_sync", WorkflowKind::Standard, everything());
    definition_beside(&mut template, "order_sync.asl.json");
    let machine = &template["Resources"]["StateMachine"];
    let keys: Vec<&String> = machine.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["Type", "Metadata", "Properties"]);
    assert_eq!(
        machine["Metadata"]["cfn-lint"]["config"]["ignore_checks"],
        json!(["W3002"])
    );
    let properties = machine["Properties"].as_object().unwrap();
    assert!(!properties.contains_key("Definition"));
    assert_eq!(properties["DefinitionS3Location"], "order_sync.asl.json");
    // The substitutions still bind the connection ARNs in the file.
    assert!(properties.contains_key("DefinitionSubstitutions"));
}

//! Stage 2, check: the AWS resources a file names or makes the template
//! create. Takes the parsed [`ast::File`] and pushes diagnostics (codes
//! E0520–E0540); returns nothing.
//!
//! Everything here would otherwise fail only at deploy time, far from the
//! line that caused it: ARNs given to `private` and `connection` (service,
//! resource type, shape), the `vpc-`, `subnet-` and `sg-` ids of a
//! `private gateway` and what a gateway needs, the names that end up in
//! dynamic references and template parameters, the connection parameters
//! EventBridge stores, and the pieces of an `auth` clause the connection
//! needs. Each endpoint is checked whether or not it is called.

use indexmap::IndexMap;

use crate::aws::ids::{
    Arn, Ec2IdKind, https_host_port, is_resource_configuration_id, parse_connection_resource,
};
use crate::check::diagnostics as d;
use crate::diag::Diagnostics;
use crate::source::Span;
use crate::syntax::ast::{
    self, Auth, Endpoint, Gateway, Item, Private, StaticMap, StaticValue, StrList, StrLit,
};

/// aws.md §2 "Other limits": a state machine name is at most 80 characters.
pub(super) const MAX_STATE_MACHINE_NAME: usize = 80;
/// aws.md §3 `SecurityGroupIds`: at most five per resource gateway.
const MAX_SECURITY_GROUPS: usize = 5;
/// aws.md §3 `Parameter.Value`: at most 512 characters.
pub(super) const MAX_PARAMETER_VALUE: usize = 512;
/// Secrets Manager: a secret name is at most 512 characters.
const MAX_SECRET_NAME: usize = 512;
/// CloudFormation: a logical id (a parameter name) is at most 255 characters.
pub(super) const MAX_PARAMETER_NAME: usize = 255;

/// Checks every endpoint's resources and the workflow's state machine name.
pub fn check_resources(file: &ast::File, diagnostics: &mut Diagnostics) {
    for item in &file.items {
        match item {
            Item::Endpoint(endpoint) => check_endpoint(endpoint, diagnostics),
            Item::Workflow(workflow) => {
                let length = workflow.name.name.chars().count();
                if length > MAX_STATE_MACHINE_NAME {
                    diagnostics.push(d::state_machine_name_too_long(workflow.name.span, length));
                }
            }
            Item::Type(_) | Item::Retry(_) | Item::Param(_) | Item::Use(_) | Item::Bus(_) => {}
        }
    }
}

fn check_endpoint(endpoint: &Endpoint, diagnostics: &mut Diagnostics) {
    match &endpoint.private {
        Some(Private::ResourceConfiguration(arn)) => {
            check_arn(arn, ArnKind::ResourceConfiguration, diagnostics);
        }
        Some(Private::Gateway(gateway)) => {
            check_gateway(gateway, endpoint.url.as_ref(), diagnostics);
        }
        None => {}
    }
    if let Some(arn) = &endpoint.connection {
        check_arn(arn, ArnKind::Connection, diagnostics);
        // An existing connection keeps its own parameters: there is no
        // connection resource to put these into, and their values may be
        // secrets, which the definition must not carry.
        for (clause, map) in [("headers", &endpoint.headers), ("query", &endpoint.query)] {
            if let Some(map) = map {
                diagnostics.push(d::parameters_on_existing_connection(
                    clause, map.span, arn.span,
                ));
            }
        }
    }
    if let Some(auth) = &endpoint.auth {
        check_auth(auth, diagnostics);
        check_private_token_endpoint(endpoint, auth, diagnostics);
    }
    for (map, what) in [
        (&endpoint.headers, ParameterKind::Header),
        (&endpoint.query, ParameterKind::Query),
    ] {
        if let Some(map) = map {
            check_connection_parameters(map, what, diagnostics);
        }
    }
    for value in endpoint.static_values() {
        check_static_value(value, diagnostics);
    }
}

// ---------------------------------------------------------------------------
// ARNs

/// Which ARN a clause expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArnKind {
    /// `private "…"`: a VPC Lattice resource configuration.
    ResourceConfiguration,
    /// `connection "…"`: an EventBridge connection.
    Connection,
}

impl ArnKind {
    pub(super) fn service(self) -> &'static str {
        match self {
            ArnKind::ResourceConfiguration => "vpc-lattice",
            ArnKind::Connection => "events",
        }
    }

    pub(super) fn resource_type(self) -> &'static str {
        match self {
            ArnKind::ResourceConfiguration => "resourceconfiguration",
            ArnKind::Connection => "connection",
        }
    }

    pub(super) fn clause(self) -> &'static str {
        match self {
            ArnKind::ResourceConfiguration => "private",
            ArnKind::Connection => "connection",
        }
    }

    pub(super) fn example(self) -> &'static str {
        match self {
            ArnKind::ResourceConfiguration => {
                "arn:aws:vpc-lattice:REGION:ACCOUNT:resourceconfiguration/rcfg-…"
            }
            ArnKind::Connection => "arn:aws:events:REGION:ACCOUNT:connection/NAME/ID",
        }
    }
}

/// Checks an ARN. One holding a stage parameter is checked by
/// `check::params`, on its default.
pub(super) fn check_arn(lit: &StrLit, kind: ArnKind, diagnostics: &mut Diagnostics) {
    let text = lit.value.as_str();
    if !crate::check::params::placeholders(text).is_empty() {
        return;
    }
    let arn = match Arn::parse(text) {
        Ok(arn) => arn,
        Err(problem) => {
            diagnostics.push(d::malformed_arn(lit, kind, problem));
            return;
        }
    };
    if arn.service != kind.service() {
        diagnostics.push(d::arn_wrong_service(lit, kind, arn.service));
        return;
    }
    let (resource_type, rest) = arn.resource.split_once('/').unwrap_or((arn.resource, ""));
    if resource_type != kind.resource_type() {
        diagnostics.push(d::arn_wrong_resource_type(lit, kind, resource_type));
        return;
    }
    match kind {
        ArnKind::ResourceConfiguration => {
            if !is_resource_configuration_id(rest) {
                diagnostics.push(d::malformed_resource_configuration_id(lit, rest));
            }
        }
        ArnKind::Connection => {
            if let Err(problem) = parse_connection_resource(rest) {
                diagnostics.push(d::malformed_connection_id(lit, rest, problem));
            }
        }
    }
}

// private gateway

fn check_gateway(gateway: &Gateway, url: Option<&StrLit>, diagnostics: &mut Diagnostics) {
    match &gateway.vpc {
        Some(vpc) => check_ec2_id(vpc, Ec2IdKind::Vpc, diagnostics),
        None => diagnostics.push(d::gateway_without_vpc(gateway_keyword(gateway))),
    }
    match &gateway.subnets {
        Some(list) if !list.items.is_empty() => {
            check_id_list(list, Ec2IdKind::Subnet, diagnostics);
        }
        Some(list) => diagnostics.push(d::gateway_without_subnets(list.span, true)),
        None => diagnostics.push(d::gateway_without_subnets(gateway_keyword(gateway), false)),
    }
    if let Some(list) = &gateway.security_groups {
        check_id_list(list, Ec2IdKind::SecurityGroup, diagnostics);
        if list.items.len() > MAX_SECURITY_GROUPS {
            diagnostics.push(d::too_many_security_groups(list));
        }
    }
    if let Some(port) = &gateway.port {
        match port
            .as_u64()
            .filter(|p| (1..=u64::from(u16::MAX)).contains(p))
        {
            None => diagnostics.push(d::invalid_gateway_port(port)),
            Some(port_number) => {
                let url_port = url.and_then(|u| Some((u, https_host_port(&u.value)?.1?)));
                if let Some((url, url_port)) = url_port
                    && u64::from(url_port) != port_number
                {
                    diagnostics.push(d::gateway_port_mismatch(port, port_number, url, url_port));
                }
            }
        }
    }
}

/// The word `gateway`, where a gateway's span starts: a label for what the
/// whole block lacks, without underlining every line of it.
fn gateway_keyword(gateway: &Gateway) -> Span {
    let start = gateway.span.start_usize();
    Span::new(
        start,
        (start + "gateway".len()).min(gateway.span.end_usize()),
    )
}

fn check_id_list(list: &StrList, kind: Ec2IdKind, diagnostics: &mut Diagnostics) {
    let mut seen: IndexMap<&str, Span> = IndexMap::new();
    for item in &list.items {
        check_ec2_id(item, kind, diagnostics);
        if let Some(first) = seen.get(item.value.as_str()) {
            diagnostics.push(d::duplicate_gateway_id(item, kind, *first));
        } else {
            seen.insert(item.value.as_str(), item.span);
        }
    }
}

fn check_ec2_id(lit: &StrLit, kind: Ec2IdKind, diagnostics: &mut Diagnostics) {
    // A stage parameter (`param("GatewayVpc")`) is checked by
    // `check::params`, on its default.
    if !kind.matches(&lit.value) && crate::aws::placeholders(&lit.value).is_empty() {
        diagnostics.push(d::malformed_ec2_id(lit, kind));
    }
}

// ---------------------------------------------------------------------------
// auth and connection parameters

fn check_auth(auth: &Auth, diagnostics: &mut Diagnostics) {
    match auth {
        Auth::ApiKey { .. } => {}
        // Missing basic/oauth settings are reported by `check::endpoints`
        // (E0509); only what the template adds is checked here.
        Auth::Basic { .. } => {}
        Auth::OAuth(oauth) => {
            if let Some(url) = &oauth.token_url
                && https_host_port(&url.value).is_none()
            {
                diagnostics.push(d::invalid_token_url(url));
            }
        }
    }
}

/// A token endpoint on the private API's own host is reached through the
/// same private connectivity (`lower::plan` adds `ConnectivityParameters`
/// for it). CloudFormation's connection schema allows at most two entries in
/// `AuthParameters`, so that cannot be combined with endpoint-level headers
/// or query (`InvocationHttpParameters`, a third entry).
fn check_private_token_endpoint(endpoint: &Endpoint, auth: &Auth, diagnostics: &mut Diagnostics) {
    let Auth::OAuth(oauth) = auth else {
        return;
    };
    if endpoint.private.is_none() {
        return;
    }
    let (Some(token_url), Some(url)) = (&oauth.token_url, &endpoint.url) else {
        return;
    };
    let same_host = match (
        https_host_port(&token_url.value),
        https_host_port(&url.value),
    ) {
        (Some((a, _)), Some((b, _))) => a.eq_ignore_ascii_case(b),
        _ => false,
    };
    if !same_host {
        return;
    }
    for (clause, map) in [("headers", &endpoint.headers), ("query", &endpoint.query)] {
        if let Some(map) = map {
            diagnostics.push(d::private_token_endpoint_with_parameters(
                clause,
                map.span,
                token_url.span,
            ));
        }
    }
}

/// Which connection parameter list a map fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParameterKind {
    /// `headers { … }`
    Header,
    /// `query { … }`
    Query,
}

impl ParameterKind {
    pub(super) fn noun(self) -> &'static str {
        match self {
            ParameterKind::Header => "header",
            ParameterKind::Query => "query parameter",
        }
    }
}

/// aws.md §3 `InvocationHttpParameters`: keys are HTTP tokens
/// (`^[!#$%&'*+-.^_`|~0-9a-zA-Z]+$`); values are printable ASCII, at most
/// 512 characters. Only literal values can be checked before deployment.
fn check_connection_parameters(
    map: &StaticMap,
    kind: ParameterKind,
    diagnostics: &mut Diagnostics,
) {
    for (key, value) in &map.entries {
        if key.name.is_empty() || !key.name.bytes().all(is_token_byte) {
            diagnostics.push(d::invalid_connection_parameter_name(key, kind));
        }
        if let StaticValue::Literal(text) = value {
            let printable = text
                .value
                .bytes()
                .all(|b| (0x20..=0x7E).contains(&b) || b == b'\t');
            let length = text.value.chars().count();
            if !printable || length > MAX_PARAMETER_VALUE {
                diagnostics.push(d::invalid_connection_parameter_value(
                    text, kind, printable, length,
                ));
            }
        }
    }
}

/// RFC 9110 `tchar`: the characters of an HTTP token.
fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'!' | b'#'
                | b'$'
                | b'%'
                | b'&'
                | b'\''
                | b'*'
                | b'+'
                | b'-'
                | b'.'
                | b'^'
                | b'_'
                | b'`'
                | b'|'
                | b'~'
        )
}

fn check_static_value(value: &StaticValue, diagnostics: &mut Diagnostics) {
    match value {
        StaticValue::Literal(_) => {}
        StaticValue::Secret { name, key, .. } => {
            if !is_secret_id(&name.value) {
                diagnostics.push(d::invalid_secret_name(name));
            }
            if let Some(key) = key
                && (key.value.is_empty() || key.value.contains([':', '{', '}']))
            {
                diagnostics.push(d::invalid_secret_key(key));
            }
        }
        StaticValue::Param { name, .. } => {
            let valid = !name.value.is_empty()
                && name.value.len() <= MAX_PARAMETER_NAME
                && name.value.bytes().all(|b| b.is_ascii_alphanumeric());
            if !valid {
                diagnostics.push(d::invalid_parameter_name(name));
            }
        }
    }
}

/// A Secrets Manager secret name (1–512 of `A-Za-z0-9/_+=.@-`) or the ARN
/// of a secret; either can follow `resolve:secretsmanager:` in a dynamic
/// reference.
fn is_secret_id(text: &str) -> bool {
    if let Ok(arn) = Arn::parse(text) {
        return arn.service == "secretsmanager"
            && arn
                .resource
                .strip_prefix("secret:")
                .is_some_and(is_secret_name);
    }
    is_secret_name(text)
}

fn is_secret_name(text: &str) -> bool {
    (1..=MAX_SECRET_NAME).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/_+=.@-".contains(&b))
}

#[cfg(test)]
mod tests {
    #![expect(
        clippy::indexing_slicing,
        reason = "test code: a panic is a test failure"
    )]
    use super::*;
    use crate::diag::{Code, Diagnostic};
    use crate::syntax::ast::{Ident, NumLit, OAuth};

    /// A literal written without escapes, placed at `at` in an imaginary file.
    fn lit(value: &str, at: usize) -> StrLit {
        StrLit {
            value: value.to_owned(),
            span: Span::new(at, at + value.len() + 2),
        }
    }

    fn endpoint() -> Endpoint {
        Endpoint {
            doc: None,
            name: Ident {
                name: "billing".to_owned(),
                span: Span::new(9, 16),
            },
            url: Some(lit("https://billing.example.com", 20)),
            private: None,
            connection: None,
            auth: None,
            headers: None,
            query: None,
            span: Span::new(0, 200),
        }
    }

    fn codes(endpoint: &Endpoint) -> Vec<&'static str> {
        let mut diagnostics = Diagnostics::new();
        check_endpoint(endpoint, &mut diagnostics);
        diagnostics
            .into_vec()
            .iter()
            .map(|d| d.code.as_str())
            .collect()
    }

    fn first(endpoint: &Endpoint) -> Diagnostic {
        let mut diagnostics = Diagnostics::new();
        check_endpoint(endpoint, &mut diagnostics);
        diagnostics.into_vec().remove(0)
    }

    #[test]
    fn good_arns_pass() {
        let mut e = endpoint();
        e.private = Some(Private::ResourceConfiguration(lit(
            "arn:aws:vpc-lattice:eu-west-1:111122223333:resourceconfiguration/rcfg-0123456789abcdef0",
            40,
        )));
        assert!(codes(&e).is_empty());
        let mut e = endpoint();
        e.connection = Some(lit(
            "arn:aws:events:eu-west-1:111122223333:connection/notify-private/6a1e2b3c-4d5e",
            40,
        ));
        assert!(codes(&e).is_empty());
    }

    #[test]
    fn each_arn_mistake_has_its_code_and_place() {
        let mut e = endpoint();
        let arn = "arn:aws:vpc-lattice:eu-west-1:1111:resourceconfiguration/rcfg-0123456789abcdef0";
        e.private = Some(Private::ResourceConfiguration(lit(arn, 100)));
        let d = first(&e);
        assert_eq!(d.code, Code::MalformedArn);
        // The label points at `1111` inside the literal.
        let at = 100 + 1 + arn.find("1111").unwrap_or(0);
        assert_eq!(d.primary.span, Span::new(at, at + 4));

        e.private = Some(Private::ResourceConfiguration(lit(
            "arn:aws:events:eu-west-1:111122223333:connection/b/0b8e",
            100,
        )));
        let d = first(&e);
        assert_eq!(d.code, Code::ArnWrongService);
        assert!(d.help.unwrap_or_default().contains("`connection \"…\"`"));

        e.private = Some(Private::ResourceConfiguration(lit(
            "arn:aws:vpc-lattice:eu-west-1:111122223333:resourcegateway/rgw-0123456789abcdef0",
            100,
        )));
        assert_eq!(codes(&e), ["E0522"]);

        e.private = Some(Private::ResourceConfiguration(lit(
            "arn:aws:vpc-lattice:eu-west-1:111122223333:resourceconfiguration/rcfg-12",
            100,
        )));
        assert_eq!(codes(&e), ["E0523"]);

        let mut e = endpoint();
        e.connection = Some(lit(
            "arn:aws:events:eu-west-1:111122223333:connection/billing",
            100,
        ));
        let d = first(&e);
        assert_eq!(d.code, Code::MalformedArnResourceId);
        assert!(d.note.is_some());
    }

    fn gateway(vpc: Option<&str>, subnets: Option<&[&str]>, groups: Option<&[&str]>) -> Gateway {
        let list = |items: &[&str]| StrList {
            items: items
                .iter()
                .enumerate()
                .map(|(i, s)| lit(s, 300 + i * 40))
                .collect(),
            span: Span::new(290, 299),
        };
        Gateway {
            vpc: vpc.map(|v| lit(v, 250)),
            subnets: subnets.map(list),
            security_groups: groups.map(list),
            port: None,
            span: Span::new(240, 500),
        }
    }

    #[test]
    fn gateway_ids_and_required_parts() {
        let mut e = endpoint();
        e.private = Some(Private::Gateway(gateway(
            Some("vpc-0a1b2c3d"),
            Some(&["subnet-0a1b2c3d", "subnet-0c2d3e4f"]),
            Some(&["sg-0e3f4a5b"]),
        )));
        assert!(codes(&e).is_empty());

        e.private = Some(Private::Gateway(gateway(None, None, None)));
        assert_eq!(codes(&e), ["E0525", "E0526"]);

        e.private = Some(Private::Gateway(gateway(
            Some("vpc-0a1b2c3d"),
            Some(&[]),
            None,
        )));
        assert_eq!(codes(&e), ["E0526"]);

        e.private = Some(Private::Gateway(gateway(
            Some("vpc-12"),
            Some(&["subnet-0a1b2c3d", "subnet-0a1b2c3d"]),
            Some(&["subnet-0c2d3e4f"]),
        )));
        assert_eq!(codes(&e), ["E0524", "E0527", "E0524"]);

        let six = [
            "sg-00000001",
            "sg-00000002",
            "sg-00000003",
            "sg-00000004",
            "sg-00000005",
            "sg-00000006",
        ];
        e.private = Some(Private::Gateway(gateway(
            Some("vpc-0a1b2c3d"),
            Some(&["subnet-0a1b2c3d"]),
            Some(&six),
        )));
        assert_eq!(codes(&e), ["E0528"]);
    }

    #[test]
    fn gateway_ports() {
        let port = |raw: &str, value: f64| NumLit {
            raw: raw.to_owned(),
            value,
            span: Span::new(480, 480 + raw.len()),
        };
        let mut g = gateway(Some("vpc-0a1b2c3d"), Some(&["subnet-0a1b2c3d"]), None);
        g.port = Some(port("70000", 70000.0));
        let mut e = endpoint();
        e.private = Some(Private::Gateway(g.clone()));
        assert_eq!(codes(&e), ["E0529"]);

        g.port = Some(port("443", 443.0));
        e.private = Some(Private::Gateway(g.clone()));
        assert!(codes(&e).is_empty());
        e.url = Some(lit("https://billing.example.com:8443/v1", 20));
        let d = first(&e);
        assert_eq!(d.code, Code::GatewayPortMismatch);
        assert_eq!(d.secondary.len(), 1);
    }

    fn secret(name: &str, key: Option<&str>) -> StaticValue {
        StaticValue::Secret {
            name: lit(name, 60),
            key: key.map(|k| lit(k, 90)),
            span: Span::new(50, 120),
        }
    }

    #[test]
    fn secret_and_parameter_names() {
        let mut e = endpoint();
        let api_key = |value| Auth::ApiKey {
            header: lit("x-api-key", 40),
            value,
            span: Span::new(30, 130),
        };
        e.auth = Some(api_key(secret("billing/api-key", Some("key"))));
        assert!(codes(&e).is_empty());
        e.auth = Some(api_key(secret(
            "arn:aws:secretsmanager:eu-west-1:111122223333:secret:billing-AbCdEf",
            None,
        )));
        assert!(codes(&e).is_empty());
        e.auth = Some(api_key(secret("billing key", None)));
        assert_eq!(codes(&e), ["E0531"]);
        e.auth = Some(api_key(secret("billing", Some("a:b"))));
        assert_eq!(codes(&e), ["E0531"]);
        e.auth = Some(api_key(StaticValue::Param {
            name: lit("billing-api-key", 60),
            span: Span::new(50, 90),
        }));
        let d = first(&e);
        assert_eq!(d.code, Code::InvalidParameterName);
        assert_eq!(d.help.as_deref(), Some("try `param(\"BillingApiKey\")`"));
    }

    #[test]
    fn connection_parameters() {
        let key = |name: &str| ast::Key {
            name: name.to_owned(),
            span: Span::new(70, 70 + name.len()),
        };
        let map = |entries: Vec<(ast::Key, StaticValue)>| StaticMap {
            entries,
            span: Span::new(65, 150),
        };
        let mut e = endpoint();
        e.headers = Some(map(vec![
            (key("x-source"), StaticValue::Literal(lit("sfl", 80))),
            (key("x source"), StaticValue::Literal(lit("sfl", 100))),
            (key("x-name"), StaticValue::Literal(lit("café", 120))),
        ]));
        assert_eq!(codes(&e), ["E0533", "E0534"]);

        e.connection = Some(lit(
            "arn:aws:events:eu-west-1:111122223333:connection/notify-private/6a1e2b3c-4d5e",
            40,
        ));
        assert_eq!(codes(&e)[0], "E0535");
    }

    #[test]
    fn a_private_token_endpoint_leaves_no_room_for_parameters() {
        let mut e = endpoint();
        e.private = Some(Private::ResourceConfiguration(lit(
            "arn:aws:vpc-lattice:eu-west-1:111122223333:resourceconfiguration/rcfg-0123456789abcdef0",
            40,
        )));
        e.auth = Some(Auth::OAuth(OAuth {
            token_url: Some(lit("https://billing.example.com/oauth/token", 140)),
            client_id: Some(StaticValue::Literal(lit("aslc", 180))),
            client_secret: Some(secret("billing/oauth", None)),
            method: None,
            scope: None,
            audience: None,
            span: Span::new(130, 230),
        }));
        assert!(codes(&e).is_empty());
        e.query = Some(StaticMap {
            entries: Vec::new(),
            span: Span::new(240, 250),
        });
        assert_eq!(codes(&e), ["E0540"]);
    }

    #[test]
    fn wrong_oauth_token_settings() {
        let mut e = endpoint();
        // A missing password is check::endpoints' E0509, not reported here again.
        e.auth = Some(Auth::Basic {
            username: Some(StaticValue::Literal(lit("svc", 40))),
            password: None,
            span: Span::new(30, 60),
        });
        assert!(codes(&e).is_empty());
        e.auth = Some(Auth::OAuth(OAuth {
            token_url: Some(lit("http://auth.example.com/token", 40)),
            client_id: Some(StaticValue::Literal(lit("aslc", 80))),
            client_secret: Some(secret("approvals/oauth", Some("client_secret"))),
            method: None,
            scope: None,
            audience: None,
            span: Span::new(30, 200),
        }));
        let mut diagnostics = Diagnostics::new();
        check_endpoint(&e, &mut diagnostics);
        let all = diagnostics.into_vec();
        assert_eq!(
            all.iter().map(|d| d.code.as_str()).collect::<Vec<_>>(),
            ["E0537"]
        );
    }

    #[test]
    fn long_workflow_names_are_rejected() {
        let name = "w".repeat(81);
        let file = ast::File {
            items: vec![Item::Workflow(ast::Workflow {
                doc: None,
                name: Ident {
                    name: name.clone(),
                    span: Span::new(9, 90),
                },
                input: None,
                timeout: None,
                express: None,
                log: None,
                tracing: None,
                body: ast::Block {
                    stmts: Vec::new(),
                    span: Span::new(92, 94),
                },
                span: Span::new(0, 94),
            })],
            comments: Vec::new(),
            span: Span::new(0, 94),
        };
        let mut diagnostics = Diagnostics::new();
        check_resources(&file, &mut diagnostics);
        assert_eq!(
            diagnostics
                .into_vec()
                .iter()
                .map(|d| d.code.as_str())
                .collect::<Vec<_>>(),
            ["E0536"]
        );
    }
}

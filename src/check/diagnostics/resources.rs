//! Wording for the AWS resources a file names or makes the template create
//! (E0520–E0540): ARNs, the ids and parts of a `private gateway`, secret and
//! parameter names, connection parameters and OAuth token settings.

use crate::aws::ids::{ArnProblem, ConnectionProblem, Ec2IdKind, HTTPS_PORT};
use crate::check::resources::{
    ArnKind, MAX_PARAMETER_NAME, MAX_PARAMETER_VALUE, MAX_STATE_MACHINE_NAME, ParameterKind,
};
use crate::diag::{Code, Diagnostic};
use crate::source::Span;
use crate::syntax::ast::{self, StrList, StrLit};

pub fn malformed_arn(lit: &StrLit, kind: ArnKind, problem: ArnProblem) -> Diagnostic {
    let text = lit.value.as_str();
    let parts: Vec<&str> = text.splitn(6, ':').collect();
    let (span, label) = match problem {
        ArnProblem::NotAnArn => (
            lit.span,
            "expected `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`".to_owned(),
        ),
        ArnProblem::Partition => {
            let part = parts.get(1).copied().unwrap_or("");
            (
                part_span(lit, part),
                format!("`{part}` is not a partition (`aws`, `aws-cn`, `aws-us-gov`, …)"),
            )
        }
        ArnProblem::Region => {
            let part = parts.get(3).copied().unwrap_or("");
            (
                part_span(lit, part),
                format!("`{part}` is not a region name such as `eu-west-1`"),
            )
        }
        ArnProblem::Account => {
            let part = parts.get(4).copied().unwrap_or("");
            (
                part_span(lit, part),
                format!("`{part}` is not a twelve-digit account id"),
            )
        }
    };
    Diagnostic::new(
        Code::MalformedArn,
        format!("the `{}` ARN is malformed", kind.clause()),
        span,
        label,
    )
    .with_help(format!("write the full ARN: `{}`", kind.example()))
}

pub fn arn_wrong_service(lit: &StrLit, kind: ArnKind, service: &str) -> Diagnostic {
    let noun = match kind {
        ArnKind::ResourceConfiguration => "a VPC Lattice resource configuration",
        ArnKind::Connection => "an EventBridge connection",
    };
    let diagnostic = Diagnostic::new(
        Code::ArnWrongService,
        format!(
            "`{}` expects {noun}, but this ARN is for `{service}`",
            kind.clause()
        ),
        part_span(lit, service),
        format!("expected `{}` here", kind.service()),
    );
    match (kind, service) {
        (ArnKind::ResourceConfiguration, "events") => diagnostic.with_help(
            "this is an EventBridge ARN: to use an existing connection, write `connection \"…\"` \
             instead of `private \"…\"`",
        ),
        (ArnKind::Connection, "vpc-lattice") => diagnostic.with_help(
            "this is a VPC Lattice ARN: to reach the API through it, write `private \"…\"` and \
             let the template create the connection",
        ),
        _ => diagnostic.with_help(format!("write an ARN of the form `{}`", kind.example())),
    }
}

pub fn arn_wrong_resource_type(lit: &StrLit, kind: ArnKind, found: &str) -> Diagnostic {
    let diagnostic = Diagnostic::new(
        Code::ArnWrongResourceType,
        format!(
            "`{}` expects a `{}` ARN, but this one names a `{found}`",
            kind.clause(),
            kind.resource_type()
        ),
        part_span(lit, found),
        format!("expected `{}/…` here", kind.resource_type()),
    );
    match (kind, found) {
        (ArnKind::ResourceConfiguration, "resourcegateway") => diagnostic.with_help(
            "give the resource configuration that points at the API, not its gateway, or write \
             `private gateway { … }` to have both created",
        ),
        (ArnKind::Connection, "api-destination") => diagnostic.with_help(
            "an API destination is not a connection: give the ARN of the connection it uses",
        ),
        _ => diagnostic.with_help(format!("write an ARN of the form `{}`", kind.example())),
    }
}

pub fn malformed_resource_configuration_id(lit: &StrLit, id: &str) -> Diagnostic {
    Diagnostic::new(
        Code::MalformedArnResourceId,
        format!("`{id}` is not a resource configuration id"),
        part_span(lit, id),
        "expected `rcfg-` and 17 lowercase letters or digits",
    )
    .with_help(
        "copy the ARN from the VPC Lattice console or `aws vpc-lattice list-resource-configurations`",
    )
}

pub fn malformed_connection_id(lit: &StrLit, rest: &str, problem: ConnectionProblem) -> Diagnostic {
    let (message, label) = match problem {
        ConnectionProblem::MissingId => (
            "this connection ARN lacks the connection's id".to_owned(),
            "expected `connection/NAME/ID`".to_owned(),
        ),
        ConnectionProblem::BadName => (
            "the connection name in this ARN is malformed".to_owned(),
            "a connection name is 1 to 64 letters, digits, `.`, `-` or `_`".to_owned(),
        ),
        ConnectionProblem::BadId => (
            "the connection id in this ARN is malformed".to_owned(),
            "expected `NAME/ID` with an id of letters, digits and `-`".to_owned(),
        ),
    };
    let diagnostic = Diagnostic::new(
        Code::MalformedArnResourceId,
        message,
        part_span(lit, rest),
        label,
    )
    .with_help("copy the full ARN that `aws events describe-connection --name NAME` prints");
    if problem == ConnectionProblem::MissingId {
        diagnostic.with_note(
            "`connection/NAME` without the id is the form IAM policies match on, not the \
             connection's ARN",
        )
    } else {
        diagnostic
    }
}

pub fn malformed_ec2_id(lit: &StrLit, kind: Ec2IdKind) -> Diagnostic {
    let diagnostic = Diagnostic::new(
        Code::MalformedEc2Id,
        format!("`{}` is not a valid {} id", lit.value, kind.noun()),
        lit.span,
        format!(
            "expected `{}` and 8 or 17 lowercase letters or digits",
            kind.prefix()
        ),
    );
    let other = [Ec2IdKind::Vpc, Ec2IdKind::Subnet, Ec2IdKind::SecurityGroup]
        .into_iter()
        .find(|k| *k != kind && k.matches(&lit.value));
    match other {
        Some(other) => diagnostic.with_help(format!(
            "this is a {} id; {} ids start with `{}`",
            other.noun(),
            kind.noun(),
            kind.prefix()
        )),
        None => diagnostic.with_help(format!(
            "copy the id from the VPC console or `aws ec2 describe-{}`",
            match kind {
                Ec2IdKind::Vpc => "vpcs",
                Ec2IdKind::Subnet => "subnets",
                Ec2IdKind::SecurityGroup => "security-groups",
            }
        )),
    }
}

pub fn gateway_without_vpc(span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::GatewayWithoutVpc,
        "`private gateway` needs a `vpc`",
        span,
        "no `vpc` clause in this gateway",
    )
    .with_help("add `vpc \"vpc-…\"`: the VPC from which the gateway reaches the API")
}

pub fn gateway_without_subnets(span: Span, empty_list: bool) -> Diagnostic {
    Diagnostic::new(
        Code::GatewayWithoutSubnets,
        "`private gateway` needs at least one subnet",
        span,
        if empty_list {
            "this list of subnets is empty"
        } else {
            "no `subnets` clause in this gateway"
        },
    )
    .with_help("list the subnets to place the gateway in: `subnets [\"subnet-…\"]`")
    .with_note(
        "the resource gateway puts a network interface in each subnet; it cannot exist in none",
    )
}

pub fn duplicate_gateway_id(lit: &StrLit, kind: Ec2IdKind, first: Span) -> Diagnostic {
    Diagnostic::new(
        Code::DuplicateGatewayId,
        format!("{} `{}` is listed twice", kind.noun(), lit.value),
        lit.span,
        "listed again here",
    )
    .with_secondary(first, "first listed here")
    .with_help("remove the repeated id")
    .with_note("CloudFormation rejects repeated ids in a resource gateway's `SubnetIds` and `SecurityGroupIds`")
}

pub fn too_many_security_groups(list: &StrList) -> Diagnostic {
    Diagnostic::new(
        Code::TooManySecurityGroups,
        "a resource gateway takes at most 5 security groups",
        list.span,
        format!("{} security groups given here", list.items.len()),
    )
    .with_help("merge the rules into fewer security groups")
    .with_note("`SecurityGroupIds` of `AWS::VpcLattice::ResourceGateway` holds at most 5 ids")
}

pub fn invalid_gateway_port(port: &ast::NumLit) -> Diagnostic {
    Diagnostic::new(
        Code::InvalidGatewayPort,
        format!("`{}` is not a TCP port", port.raw),
        port.span,
        "expected a whole number from 1 to 65535",
    )
    .with_help(format!(
        "leave `port` out to use {HTTPS_PORT}, or the port written in the url"
    ))
}

pub fn gateway_port_mismatch(
    port: &ast::NumLit,
    port_number: u64,
    url: &StrLit,
    url_port: u16,
) -> Diagnostic {
    Diagnostic::new(
        Code::GatewayPortMismatch,
        format!("the gateway forwards port {port_number}, but calls go to port {url_port}"),
        port.span,
        format!("only port {port_number} is reachable through the gateway"),
    )
    .with_secondary(url.span, format!("calls use port {url_port} from this url"))
    .with_help(format!(
        "write `port {url_port}`, or leave `port` out: it defaults to the url's port"
    ))
}

/// What an endpoint's `headers`/`query` clause holds, for labels.
fn clause_noun(clause: &str) -> &'static str {
    if clause == "query" {
        "query parameters"
    } else {
        "headers"
    }
}

pub fn parameters_on_existing_connection(clause: &str, span: Span, connection: Span) -> Diagnostic {
    Diagnostic::new(
        Code::ParametersOnExistingConnection,
        format!("endpoint `{clause}` cannot be added to an existing connection"),
        span,
        format!("these {} would belong to the connection", clause_noun(clause)),
    )
    .with_secondary(connection, "the connection is managed outside this file")
    .with_help(format!(
        "add them to the connection itself, or pass them on each call with a `{clause} {{ … }}` option"
    ))
    .with_note("the template creates no connection for `connection \"…\"`, so it has nowhere to put them")
}

pub fn private_token_endpoint_with_parameters(
    clause: &str,
    span: Span,
    token_url: Span,
) -> Diagnostic {
    Diagnostic::new(
        Code::PrivateTokenEndpointWithParameters,
        format!("endpoint `{clause}` cannot be combined with a private token endpoint"),
        span,
        format!(
            "these {} would be a third entry in the connection's `AuthParameters`",
            clause_noun(clause)
        ),
    )
    .with_secondary(
        token_url,
        "on the API's private host, so tokens are fetched through the private connection",
    )
    .with_help(format!(
        "pass them on each call with a `{clause} {{ … }}` option, or serve the token endpoint from a public host"
    ))
    .with_note(
        "CloudFormation's `AWS::Events::Connection` allows at most two entries in `AuthParameters`: \
         here the OAuth parameters and the token endpoint's private connectivity",
    )
}

pub fn state_machine_name_too_long(span: Span, length: usize) -> Diagnostic {
    Diagnostic::new(
        Code::StateMachineNameTooLong,
        "the workflow name is too long to name its state machine",
        span,
        format!("{length} characters"),
    )
    .with_help("shorten the workflow's name")
    .with_note(format!(
        "the state machine is named after the workflow, and Step Functions allows at most \
         {MAX_STATE_MACHINE_NAME} characters"
    ))
}

pub fn invalid_token_url(url: &StrLit) -> Diagnostic {
    Diagnostic::new(
        Code::InvalidTokenUrl,
        "`token_url` must be an `https://` URL",
        url.span,
        "not an `https://host[/path]` URL",
    )
    .with_help(
        "write the token endpoint's full URL, e.g. `\"https://auth.example.com/oauth2/token\"`",
    )
    .with_note("EventBridge fetches OAuth tokens over HTTPS only")
}

pub fn invalid_secret_name(name: &StrLit) -> Diagnostic {
    Diagnostic::new(
        Code::InvalidSecretReference,
        format!("`{}` is not a valid secret name", name.value),
        name.span,
        "secret names use letters, digits and `/_+=.@-`",
    )
    .with_help("give the secret's name as Secrets Manager shows it, or its full ARN")
}

pub fn invalid_secret_key(key: &StrLit) -> Diagnostic {
    Diagnostic::new(
        Code::InvalidSecretReference,
        format!("`{}` cannot be used as a secret's JSON key", key.value),
        key.span,
        if key.value.is_empty() {
            "the key is empty"
        } else {
            "`:`, `{` and `}` end a CloudFormation dynamic reference early"
        },
    )
    .with_help(
        "rename the key inside the secret, or leave the key out to use the whole secret string",
    )
}

pub fn invalid_parameter_name(name: &StrLit) -> Diagnostic {
    let fixed: String = name
        .value
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut chars = p.chars();
            chars.next().map_or_else(String::new, |first| {
                let mut s = String::from(first.to_ascii_uppercase());
                s.push_str(chars.as_str());
                s
            })
        })
        .collect();
    let diagnostic = Diagnostic::new(
        Code::InvalidParameterName,
        format!("`{}` is not a valid template parameter name", name.value),
        name.span,
        "parameter names are 1 to 255 ASCII letters and digits",
    );
    if fixed.is_empty() || fixed.len() > MAX_PARAMETER_NAME {
        diagnostic.with_help(
            "name the parameter with letters and digits only, e.g. `param(\"BillingApiKey\")`",
        )
    } else {
        diagnostic.with_help(format!("try `param(\"{fixed}\")`"))
    }
}

pub fn invalid_connection_parameter_name(key: &ast::Key, kind: ParameterKind) -> Diagnostic {
    Diagnostic::new(
        Code::InvalidConnectionParameterName,
        format!("`{}` cannot be a connection {} name", key.name, kind.noun()),
        key.span,
        "not an HTTP token",
    )
    .with_help("use letters, digits and punctuation such as `-` and `_`, e.g. `x-request-source`")
}

pub fn invalid_connection_parameter_value(
    text: &StrLit,
    kind: ParameterKind,
    printable: bool,
    length: usize,
) -> Diagnostic {
    let label = if printable {
        format!("{length} characters; at most {MAX_PARAMETER_VALUE}")
    } else {
        "contains characters outside printable ASCII".to_owned()
    };
    Diagnostic::new(
        Code::InvalidConnectionParameterValue,
        format!("EventBridge cannot store this {} value", kind.noun()),
        text.span,
        label,
    )
    .with_help("percent-encode or shorten the value, or send it from each call instead")
    .with_note(format!(
        "connection parameter values are printable ASCII, at most {MAX_PARAMETER_VALUE} characters"
    ))
}

/// The span of `part` inside a string literal, when the literal has no
/// escapes (its source is exactly `"` + value + `"`), so a label can point at
/// the wrong piece; otherwise the whole literal.
fn part_span(lit: &StrLit, part: &str) -> Span {
    let escaped = lit.span.len() != lit.value.len() + 2;
    let Some(offset) = find_subslice(&lit.value, part) else {
        return lit.span;
    };
    if escaped || part.is_empty() {
        return lit.span;
    }
    let start = lit.span.start_usize() + 1 + offset;
    Span::new(start, start + part.len())
}

/// The byte offset of `part` when it is a sub-slice of `whole` (the pieces
/// the ARN parser returns are), else by search.
fn find_subslice(whole: &str, part: &str) -> Option<usize> {
    let whole_start = whole.as_ptr() as usize;
    let part_start = part.as_ptr() as usize;
    if part_start >= whole_start && part_start + part.len() <= whole_start + whole.len() {
        return Some(part_start - whole_start);
    }
    whole.find(part)
}

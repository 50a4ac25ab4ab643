//! Stage 4, emit: the execution role's least-privilege policy, written from
//! the plan's [`Policy`].
//!
//! `lower::plan` decided the grants (aws.md §4 "Statements needed for an
//! HTTP Task"); this module only spells them:
//!
//! 1. `states:InvokeHTTPEndpoint` on the state machine's own ARN, built with
//!    `Fn::Sub` from its fixed name so the role does not depend on the state
//!    machine (which depends on the role), conditioned by `StringEquals
//!    states:HTTPMethod` and `StringLike states:HTTPEndpoint`.
//! 2. `events:RetrieveConnectionCredentials` on exactly the connections of
//!    called endpoints.
//! 3. `secretsmanager:GetSecretValue` and `secretsmanager:DescribeSecret` on
//!    exactly those connections' own secrets.
//!
//! 4. For `log`, `tracing` and `for … distributed`, a second policy of
//!    [`ServiceGrant`]s (see [`service_document`]).
//!
//! No HTTP statement has `Resource: "*"`. Two service statements must:
//! CloudWatch Logs' log-delivery actions and X-Ray's write actions have no
//! resource type in IAM, so AWS accepts them only on `*`; each says so in
//! its `Sid`.
//!
//! Escaping happens once, here. The `states:HTTPEndpoint` values are plain
//! strings (not `Fn::Sub`), so only IAM reads them: literal `*`, `?` and `$`
//! are written as IAM's escapes `${*}`, `${?}` and `${$}`, and only a
//! [`PatternPart::Wildcard`] becomes a bare `*`. The state machine ARN does
//! go through `Fn::Sub`, so its literal text has `${` escaped as `${!`.

use serde_json::{Value, json};

use crate::graph::{
    ConnectionGrant, InvokeGrant, PatternPart, Policy, ServiceGrant, SubWorkflow, SubWorkflowArn,
    UrlPattern,
};

/// aws.md §4: IAM allows at most 10,240 characters of inline policy per role
/// (whitespace not counted). Above it, CloudFormation fails to create the
/// role. Kept in emit: only the written document can be measured.
pub const MAX_INLINE_POLICY_CHARS: usize = 10_240;

/// The policy document (`Version` and `Statement`), or `None` when the
/// workflow calls nothing and the role needs no policy at all.
pub fn policy_document(policy: &Policy, workflow: &str) -> Option<Value> {
    let statements = statements(policy, workflow);
    if statements.is_empty() {
        return None;
    }
    Some(json!({
        "Version": "2012-10-17",
        "Statement": statements,
    }))
}

/// The statements in a fixed order: invocations, connection credentials,
/// connection secrets.
fn statements(policy: &Policy, workflow: &str) -> Vec<Value> {
    let machine_arn = invoking_machine_arns(policy, workflow);
    let mut out: Vec<Value> = policy
        .invocations
        .iter()
        .map(|grant| invoke_statement(grant, &machine_arn))
        .collect();
    if policy.connections.is_empty() {
        return out;
    }
    let arns: Vec<Value> = policy.connections.iter().map(connection_arn).collect();
    out.push(json!({
        "Sid": "RetrieveConnectionCredentials",
        "Effect": "Allow",
        "Action": "events:RetrieveConnectionCredentials",
        "Resource": arns,
    }));
    let secrets: Vec<Value> = policy
        .connections
        .iter()
        .filter_map(connection_secret)
        .collect();
    if !secrets.is_empty() {
        out.push(json!({
            "Sid": "ReadConnectionSecrets",
            "Effect": "Allow",
            "Action": ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"],
            "Resource": secrets,
        }));
    }
    out
}

/// The policy for what the state machine does besides HTTP calls, or
/// `None` when it needs nothing more.
pub fn service_document(policy: &Policy, workflow: &str) -> Option<Value> {
    if policy.services.is_empty()
        && policy.event_buses.is_empty()
        && policy.sub_workflows.is_empty()
    {
        return None;
    }
    let mut statements: Vec<Value> = policy
        .services
        .iter()
        .flat_map(|grant| service_statements(*grant, workflow))
        .collect();
    if !policy.event_buses.is_empty() {
        statements.push(put_events_statement(&policy.event_buses));
    }
    statements.extend(sub_workflow_statements(&policy.sub_workflows));
    Some(json!({
        "Version": "2012-10-17",
        "Statement": statements,
    }))
}

/// The statements AWS documents for each service grant (aws.md "Logging
/// and tracing" and "Distributed Map").
fn service_statements(grant: ServiceGrant, workflow: &str) -> Vec<Value> {
    match grant {
        ServiceGrant::LogDelivery => vec![
            // The Step Functions guide's logging policy. These five actions
            // have no resource type in IAM: only `*` grants them.
            json!({
                "Sid": "LogDeliveryActionsHaveNoResourceTypeSoNeedStar",
                "Effect": "Allow",
                "Action": [
                    "logs:CreateLogDelivery",
                    "logs:DeleteLogDelivery",
                    "logs:GetLogDelivery",
                    "logs:ListLogDeliveries",
                    "logs:UpdateLogDelivery",
                ],
                "Resource": "*",
            }),
            // CloudWatch Logs' guide for vended logs: these three take log
            // groups, and must name every log group of the account (the
            // resource policy they update is the account's).
            json!({
                "Sid": "UpdateLogResourcePolicyForVendedLogs",
                "Effect": "Allow",
                "Action": [
                    "logs:DescribeLogGroups",
                    "logs:DescribeResourcePolicies",
                    "logs:PutResourcePolicy",
                ],
                "Resource": {
                    "Fn::Sub": "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*"
                },
            }),
        ],
        // The Step Functions guide's X-Ray policy. X-Ray's write actions
        // have no resource type in IAM: only `*` grants them.
        ServiceGrant::Tracing => vec![json!({
            "Sid": "XRayWriteActionsHaveNoResourceTypeSoNeedStar",
            "Effect": "Allow",
            "Action": [
                "xray:GetSamplingRules",
                "xray:GetSamplingTargets",
                "xray:PutTelemetryRecords",
                "xray:PutTraceSegments",
            ],
            "Resource": "*",
        })],
        ServiceGrant::ChildExecutions => child_execution_statements(workflow),
    }
}

/// A Distributed Map starts child executions of its own state machine and
/// then watches and stops them (Step Functions guide, "IAM policies for
/// using Distributed Map states"). Children are named
/// `<machine>/<map label>:<id>`, so `execution:<machine>/*` covers them
/// and no other execution.
fn child_execution_statements(workflow: &str) -> Vec<Value> {
    let name = sub_name(workflow);
    vec![
        json!({
            "Sid": "StartChildExecutions",
            "Effect": "Allow",
            "Action": "states:StartExecution",
            "Resource": state_machine_arn(workflow),
        }),
        json!({
            "Sid": "WatchAndStopChildExecutions",
            "Effect": "Allow",
            "Action": ["states:DescribeExecution", "states:StopExecution"],
            "Resource": {
                "Fn::Sub": format!(
                    "arn:${{AWS::Partition}}:states:${{AWS::Region}}:${{AWS::AccountId}}:execution:{name}/*"
                )
            },
        }),
    ]
}

/// `emit`: `events:PutEvents` on exactly the buses the workflow names, as
/// the Step Functions guide's "IAM policies for Amazon EventBridge" gives
/// for static resources. A name becomes the bus's ARN in the stack's own
/// partition, region and account; an ARN is kept. Waiting for the task
/// token needs nothing more: the receiver calls `SendTaskSuccess` with its
/// own permissions.
fn put_events_statement(buses: &[String]) -> Value {
    let resources: Vec<Value> = buses
        .iter()
        .map(|bus| {
            if bus.starts_with("arn:") {
                json!(bus)
            } else {
                json!({
                    "Fn::Sub": format!(
                        "arn:${{AWS::Partition}}:events:${{AWS::Region}}:${{AWS::AccountId}}:event-bus/{}",
                        escape_sub(bus)
                    )
                })
            }
        })
        .collect();
    json!({
        "Sid": "PutEventsOnItsBuses",
        "Effect": "Allow",
        "Action": "events:PutEvents",
        "Resource": resources,
    })
}
/// `run`: what the Step Functions guide ("IAM policies for starting a new
/// AWS Step Functions state machine execution", Synchronous,
/// https://docs.aws.amazon.com/step-functions/latest/dg/stepfunctions-iam.html)
/// gives a state machine that starts another and waits for it
/// (`startExecution.sync`): `states:StartExecution` on the started state
/// machines, `states:DescribeExecution` and `states:StopExecution` on their
/// executions (`execution:<name>:*`), and `events:PutTargets`,
/// `events:PutRule`, `events:DescribeRule` on the managed rule
/// `StepFunctionsGetEventsForStepFunctionsExecutionRule` of this account
/// and region, through which Step Functions hears that a child ended.
fn sub_workflow_statements(sub_workflows: &[SubWorkflow]) -> Vec<Value> {
    if sub_workflows.is_empty() {
        return Vec::new();
    }
    let machines: Vec<Value> = sub_workflows
        .iter()
        .map(|sub| match &sub.arn {
            SubWorkflowArn::Used { .. } => state_machine_arn(&sub.name),
            SubWorkflowArn::Existing { arn, .. } => Value::String(arn.clone()),
        })
        .collect();
    let mut executions: Vec<Value> = Vec::new();
    // A state machine and one of its versions or aliases have the same
    // executions: each ARN is listed once.
    let all_executions = sub_workflows
        .iter()
        .map(|sub| match &sub.arn {
            SubWorkflowArn::Used { .. } => json!({
                "Fn::Sub": format!(
                    "arn:${{AWS::Partition}}:states:${{AWS::Region}}:${{AWS::AccountId}}:execution:{}:*",
                    escape_sub(&sub.name)
                )
            }),
            SubWorkflowArn::Existing {
                partition,
                region,
                account,
                ..
            } => Value::String(format!(
                "arn:{partition}:states:{region}:{account}:execution:{}:*",
                sub.name
            )),
        });
    for execution in all_executions {
        if !executions.contains(&execution) {
            executions.push(execution);
        }
    }
    vec![
        json!({
            "Sid": "StartSubWorkflows",
            "Effect": "Allow",
            "Action": "states:StartExecution",
            "Resource": machines,
        }),
        json!({
            "Sid": "WatchAndStopSubWorkflowExecutions",
            "Effect": "Allow",
            "Action": ["states:DescribeExecution", "states:StopExecution"],
            "Resource": executions,
        }),
        json!({
            "Sid": "ManageSyncExecutionEventRule",
            "Effect": "Allow",
            "Action": ["events:DescribeRule", "events:PutRule", "events:PutTargets"],
            "Resource": {
                "Fn::Sub": "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule"
            },
        }),
    ]
}

fn invoke_statement(grant: &InvokeGrant, machine_arn: &Value) -> Value {
    let methods: Vec<&str> = grant.methods.iter().map(|m| m.as_str()).collect();
    let urls: Vec<Value> = grant.urls.iter().map(endpoint_condition).collect();
    json!({
        "Sid": grant.sid,
        "Effect": "Allow",
        "Action": "states:InvokeHTTPEndpoint",
        "Resource": machine_arn,
        "Condition": {
            "StringEquals": { "states:HTTPMethod": methods },
            "StringLike": { "states:HTTPEndpoint": urls },
        },
    })
}

/// A URL pattern as a `StringLike` value: wildcards as `*`, and in literal
/// text the characters IAM would read as a wildcard or a policy variable
/// written as its escapes.
/// A `states:HTTPEndpoint` pattern: [`string_like`]'s text, or, when the
/// endpoint's url holds stage parameters, a `Fn::Sub` of it in which each
/// parameter's placeholder becomes its value (least privilege still: the
/// pattern names the deployed host and path, never a wildcard for them).
/// The parameters' `AllowedPattern`s keep `*`, `?` and `$` out of their
/// values.
fn endpoint_condition(pattern: &UrlPattern) -> Value {
    let stage = pattern
        .parts
        .iter()
        .any(|p| matches!(p, PatternPart::Parameter(_)));
    if !stage {
        return Value::String(string_like(pattern));
    }
    let mut out = String::new();
    for part in &pattern.parts {
        match part {
            PatternPart::Parameter(name) => out.push_str(&format!("${{{name}}}")),
            PatternPart::Wildcard | PatternPart::Text(_) => {
                let one = UrlPattern {
                    parts: vec![part.clone()],
                };
                out.push_str(&escape_sub(&string_like(&one)));
            }
        }
    }
    json!({ "Fn::Sub": out })
}

pub fn string_like(pattern: &UrlPattern) -> String {
    let mut out = String::new();
    for part in &pattern.parts {
        match part {
            PatternPart::Wildcard => out.push('*'),
            // Only a `Fn::Sub` fills it (see `endpoint_condition`).
            PatternPart::Parameter(name) => out.push_str(&format!("${{{name}}}")),
            PatternPart::Text(text) => {
                for c in text.chars() {
                    match c {
                        '*' => out.push_str("${*}"),
                        '?' => out.push_str("${?}"),
                        '$' => out.push_str("${$}"),
                        c => out.push(c),
                    }
                }
            }
        }
    }
    out
}

/// The state machine's ARN as an `Fn::Sub` expression built from its name
/// (aws.md §4: `Ref StateMachine` inside its own role would be circular).
pub fn state_machine_arn(name: &str) -> Value {
    json!({
        "Fn::Sub": format!(
            "arn:${{AWS::Partition}}:states:${{AWS::Region}}:${{AWS::AccountId}}:stateMachine:{}",
            sub_name(name)
        )
    })
}

/// Who runs as the role and makes the HTTP calls: the state machine, and
/// with a Distributed Map also its child executions, which run as
/// `stateMachine:<name>/<map label>` (aws.md "Distributed Map"; which ARN
/// IAM sees for a child is not documented, so both are named, and nothing
/// beyond this machine). Used for `states:InvokeHTTPEndpoint` and for the
/// trust policy's `aws:SourceArn`.
pub fn invoking_machine_arns(policy: &Policy, workflow: &str) -> Value {
    let machine = state_machine_arn(workflow);
    if !policy.services.contains(&ServiceGrant::ChildExecutions) {
        return machine;
    }
    let children = json!({
        "Fn::Sub": format!(
            "arn:${{AWS::Partition}}:states:${{AWS::Region}}:${{AWS::AccountId}}:stateMachine:{}/*",
            sub_name(workflow)
        )
    });
    json!([machine, children])
}

/// Makes literal text safe inside an `Fn::Sub` string: `${` would start a
/// variable, `${!` is Fn::Sub's escape for a literal `${`.
/// A state machine name for a `Fn::Sub`: a stage parameter's placeholder
/// (`${StateMachineName}`) as it is, any other name escaped. A workflow's
/// own name is an SFL name, which never looks like a placeholder.
pub fn sub_name(name: &str) -> String {
    match crate::aws::placeholders(name).as_slice() {
        [(range, _)] if range.start == 0 && range.end == name.len() => name.to_owned(),
        _ => escape_sub(name),
    }
}

pub fn escape_sub(text: &str) -> String {
    text.replace("${", "${!")
}

fn connection_arn(grant: &ConnectionGrant) -> Value {
    match grant {
        ConnectionGrant::Created { logical_id } => json!({ "Fn::GetAtt": [logical_id, "Arn"] }),
        ConnectionGrant::Existing { arn, .. } => super::resources::sub_text(arn),
    }
}

/// The connection's own Secrets Manager secret: an attribute of a created
/// connection, the planned name pattern of an existing one.
fn connection_secret(grant: &ConnectionGrant) -> Option<Value> {
    match grant {
        ConnectionGrant::Created { logical_id } => {
            Some(json!({ "Fn::GetAtt": [logical_id, "SecretArn"] }))
        }
        ConnectionGrant::Existing { secret: None, arn }
            if !crate::aws::placeholders(arn).is_empty() =>
        {
            Some(parameter_connection_secret(arn))
        }
        ConnectionGrant::Existing { secret, .. } => secret.clone().map(Value::String),
    }
}

/// The policy's size as IAM counts it (characters, whitespace excluded),
/// measured on the template's form of the document: intrinsic functions are
/// counted as written, so this is an estimate of the deployed size.
/// The secret EventBridge keeps for an existing connection whose ARN is a
/// stage parameter: `events!connection/<name>/*` in the stack's account and
/// region (the one-region rule), the name cut out of the ARN
/// (`…:connection/<name>/<id>`) when the stack deploys. The parameter's
/// `AllowedPattern` guarantees that shape.
fn parameter_connection_secret(arn: &str) -> Value {
    json!({
        "Fn::Sub": [
            "arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:events!connection/${ConnectionName}/*",
            {
                "ConnectionName": {
                    "Fn::Select": [1, { "Fn::Split": ["/", super::resources::sub_text(arn)] }]
                }
            }
        ]
    })
}

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
    use crate::graph::Method;

    fn pattern(parts: &[Option<&str>]) -> UrlPattern {
        let mut out = UrlPattern::default();
        for part in parts {
            match part {
                Some(text) => out.push_text(text),
                None => out.push_wildcard(),
            }
        }
        out
    }

    #[test]
    fn literal_wildcard_characters_stay_literal() {
        // "/files/*/{input.id}": the first `*` is text, the second an
        // interpolation.
        let p = pattern(&[Some("https://f.example.com/files/*/"), None]);
        assert_eq!(string_like(&p), "https://f.example.com/files/${*}/*");
        let p = pattern(&[Some("https://a.example.com/$x?y/"), None, Some("/z")]);
        assert_eq!(string_like(&p), "https://a.example.com/${$}x${?}y/*/z");
        assert_eq!(escape_sub("a${b}"), "a${!b}");
    }

    #[test]
    fn statements_follow_the_plan() {
        let policy = Policy {
            services: Vec::new(),
            event_buses: Vec::new(),
            sub_workflows: Vec::new(),
            invocations: vec![InvokeGrant {
                sid: "InvokeBillingGetPost".into(),
                methods: vec![Method::Get, Method::Post],
                urls: vec![pattern(&[Some("https://b.example.com/orders/"), None])],
            }],
            connections: vec![
                ConnectionGrant::Created {
                    logical_id: "BillingConnection".into(),
                },
                ConnectionGrant::Existing {
                    arn: "arn:aws:events:us-east-1:111122223333:connection/a/1".into(),
                    secret: None,
                },
            ],
        };
        let document = policy_document(&policy, "flow").unwrap_or_default();
        let statements = &document["Statement"];
        assert_eq!(statements[0]["Sid"], "InvokeBillingGetPost");
        assert_eq!(
            statements[0]["Condition"]["StringEquals"]["states:HTTPMethod"],
            json!(["GET", "POST"])
        );
        assert_eq!(
            statements[0]["Condition"]["StringLike"]["states:HTTPEndpoint"],
            json!(["https://b.example.com/orders/*"])
        );
        assert_eq!(
            statements[0]["Resource"],
            json!({"Fn::Sub": "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:flow"})
        );
        assert_eq!(
            statements[1]["Resource"],
            json!([
                {"Fn::GetAtt": ["BillingConnection", "Arn"]},
                "arn:aws:events:us-east-1:111122223333:connection/a/1"
            ])
        );
        // An existing connection whose secret is unknown adds no resource.
        assert_eq!(
            statements[2]["Resource"],
            json!([{"Fn::GetAtt": ["BillingConnection", "SecretArn"]}])
        );
        let text = document.to_string();
        assert!(!text.contains("\"Resource\":\"*\""), "{text}");
    }

    #[test]
    fn a_workflow_without_calls_has_no_policy() {
        assert_eq!(policy_document(&Policy::default(), "flow"), None);
        assert_eq!(service_document(&Policy::default(), "flow"), None);
    }

    #[test]
    fn put_events_names_exactly_its_buses() {
        let policy = Policy {
            event_buses: vec![
                "default".into(),
                "arn:aws:events:eu-west-1:111122223333:event-bus/orders".into(),
            ],
            ..Policy::default()
        };
        let document = service_document(&policy, "flow").unwrap_or_default();
        let statements = &document["Statement"];
        assert_eq!(statements.as_array().map(Vec::len), Some(1));
        assert_eq!(statements[0]["Action"], json!("events:PutEvents"));
        assert_eq!(
            statements[0]["Resource"],
            json!([
                {"Fn::Sub": "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/default"},
                "arn:aws:events:eu-west-1:111122223333:event-bus/orders"
            ])
        );
    }
}

//! Stage 4, emit: the CloudFormation template that deploys a workflow.
//!
//! Takes the [`StateGraph`] with its [`DeploymentPlan`] (every resource,
//! logical id, deploy-time value and grant, decided by `lower::plan`) and
//! the ASL definition, and returns the template as a [`serde_json::Value`]
//! with a fixed key order; [`render`] turns it into JSON or YAML text.
//!
//! What the template holds (aws.md §3 and §4):
//!
//! - `Parameters`: one `NoEcho` string per planned parameter.
//! - For every planned connection: the Lattice resources of a `private
//!   gateway { … }` (see [`resources`](super::resources)), then the
//!   `AWS::Events::Connection`.
//! - `StateMachineRole`: assumable by Step Functions in this account only,
//!   with the least-privilege policy from [`iam::policy_document`].
//! - `StateMachine`: the definition as a JSON object, with
//!   `DefinitionSubstitutions` binding each `${…ConnectionArn}` variable.
//! - `Outputs`: the state machine's ARN and each created connection's ARN.
//!
//! Secrets never appear as values: a secret becomes a
//! `{{resolve:secretsmanager:…}}` dynamic reference and a parameter a `Ref`.

use serde_json::{Map, Value, json};

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::emit::iam;
use crate::emit::resources;
use crate::emit::yaml;
use crate::graph::{
    DeploymentPlan, PrivateLink, ROLE_ID, STATE_MACHINE_ID, StateGraph, TemplateParameter,
};
use crate::source::Span;

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

/// CloudFormation: a template `Description` is at most 1,024 bytes.
const TEMPLATE_DESCRIPTION_MAX: usize = 1024;

/// Builds the CloudFormation template for a lowered workflow.
///
/// `definition` is the ASL definition `emit::asl` produced from the same
/// graph. Pushes a warning when the role's policy is likely over IAM's size
/// limit. Linear in the size of the plan.
pub fn emit_template(
    graph: &StateGraph,
    definition: &Value,
    diagnostics: &mut Diagnostics,
) -> Value {
    let plan = &graph.plan;
    let mut resources = Map::new();
    let mut substitutions = Map::new();
    let mut outputs = Map::new();
    outputs.insert(
        "StateMachineArn".to_owned(),
        json!({
            "Description": format!("ARN of the state machine {}", graph.name),
            "Value": { "Ref": STATE_MACHINE_ID },
        }),
    );

    for connection in &plan.connections {
        if let Some(PrivateLink::Gateway(gateway)) = &connection.private {
            resources.insert(
                gateway.gateway_id.clone(),
                resources::resource_gateway(gateway),
            );
            resources.insert(
                gateway.configuration_id.clone(),
                resources::resource_configuration(gateway),
            );
        }
        resources.insert(
            connection.logical_id.clone(),
            resources::connection(&graph.name, connection),
        );
        let arn = json!({ "Fn::GetAtt": [connection.logical_id, "Arn"] });
        substitutions.insert(connection.substitution.clone(), arn.clone());
        outputs.insert(
            connection.substitution.clone(),
            json!({
                "Description": format!("ARN of the connection for endpoint {}", connection.endpoint),
                "Value": arn,
            }),
        );
    }

    // A used workflow's stack is deployed first; its state machine is
    // named after its workflow, in this stack's account and region.
    for sub in &plan.policy.sub_workflows {
        if let crate::graph::SubWorkflowArn::Used { substitution } = &sub.arn {
            substitutions.insert(substitution.clone(), iam::state_machine_arn(&sub.name));
        }
    }

    if let Some(log) = &plan.log {
        resources.insert(log.logical_id.clone(), resources::log_group(log));
    }
    let machine = plan.state_machine_name.as_deref().unwrap_or(&graph.name);
    let document = iam::policy_document(&plan.policy, machine);
    let services = iam::service_document(&plan.policy, machine);
    // IAM's limit is on all of a role's inline policies together.
    let size: usize = [&document, &services]
        .into_iter()
        .flatten()
        .map(iam::policy_chars)
        .sum();
    if size > iam::MAX_INLINE_POLICY_CHARS {
        diagnostics.push(policy_too_large(size, graph.span));
    }
    resources.insert(
        ROLE_ID.to_owned(),
        resources::role(
            &graph.name,
            iam::invoking_machine_arns(&plan.policy, machine),
            document,
            services,
        ),
    );
    // Stage parameters the definition holds (in a url, as an existing
    // connection's ARN) are filled in by `DefinitionSubstitutions`.
    let definition_text = definition.to_string();
    for parameter in &plan.stage_parameters {
        if definition_text.contains(&format!("${{{}}}", parameter.name)) {
            substitutions.insert(parameter.name.clone(), json!({ "Ref": parameter.name }));
        }
    }
    resources.insert(
        STATE_MACHINE_ID.to_owned(),
        resources::state_machine(graph, definition, substitutions),
    );

    let mut template = Map::new();
    template.insert("AWSTemplateFormatVersion".to_owned(), json!("2010-09-09"));
    template.insert(
        "Description".to_owned(),
        Value::String(template_description(graph)),
    );
    let used = serde_json::to_string(&resources).unwrap_or_default();
    if let Some(parameters) = parameters(plan, &used) {
        template.insert("Parameters".to_owned(), parameters);
    }
    template.insert("Resources".to_owned(), Value::Object(resources));
    template.insert("Outputs".to_owned(), Value::Object(outputs));
    Value::Object(template)
}

/// Moves the definition out of the template: the state machine's
/// `Definition` becomes `DefinitionS3Location` naming `file`, the
/// definition's own file beside the template, which `aws cloudformation
/// package` uploads to S3 and replaces with its bucket and key (aws.md
/// "Limits that decide…"). `DefinitionSubstitutions` still apply to a
/// definition read from S3. cfn-lint warns (W3002) that such a template
/// needs `package`; that is the point, so the resource's `Metadata` tells
/// cfn-lint so.
pub fn definition_beside(template: &mut Value, file: &str) {
    let Some(machine) = template
        .get_mut("Resources")
        .and_then(|r| r.get_mut(STATE_MACHINE_ID))
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    let mut moved = Map::new();
    for (key, value) in std::mem::take(machine) {
        if key == "Properties" {
            moved.insert(
                "Metadata".to_owned(),
                json!({ "cfn-lint": { "config": { "ignore_checks": ["W3002"] } } }),
            );
            moved.insert(key, properties_with_location(value, file));
        } else {
            moved.insert(key, value);
        }
    }
    *machine = moved;
}

/// The state machine's properties with `Definition` replaced, in place,
/// by `DefinitionS3Location`.
fn properties_with_location(properties: Value, file: &str) -> Value {
    let Value::Object(properties) = properties else {
        return properties;
    };
    let replaced = properties
        .into_iter()
        .map(|(key, value)| {
            if key == "Definition" {
                ("DefinitionS3Location".to_owned(), json!(file))
            } else {
                (key, value)
            }
        })
        .collect();
    Value::Object(replaced)
}

/// `Parameters`, or `None` when there are none (cfn-lint rejects an empty
/// section).
///
/// Stage parameters come first, each only if `resources` (their JSON text)
/// refers to it: a parameter of an endpoint that is never called would be
/// an unused parameter, which cfn-lint rejects.
fn parameters(plan: &DeploymentPlan, resources: &str) -> Option<Value> {
    let mut entries: Map<String, Value> = plan
        .stage_parameters
        .iter()
        .filter(|p| {
            resources.contains(&format!("${{{}}}", p.name))
                || resources.contains(&format!("{{\"Ref\":\"{}\"}}", p.name))
        })
        .map(|p| {
            let mut entry = Map::new();
            entry.insert("Type".to_owned(), json!("String"));
            if let Some(default) = &p.default {
                entry.insert("Default".to_owned(), json!(default));
            }
            entry.insert("AllowedPattern".to_owned(), json!(p.pattern));
            entry.insert("Description".to_owned(), json!(p.description));
            (p.name.clone(), Value::Object(entry))
        })
        .collect();
    if plan.parameters.is_empty() && entries.is_empty() {
        return None;
    }
    let secret_entries: Vec<(String, Value)> = plan
        .parameters
        .iter()
        .map(|TemplateParameter { name, description }| {
            (
                name.clone(),
                json!({
                    "Type": "String",
                    "NoEcho": true,
                    "MinLength": 1,
                    "Description": description,
                }),
            )
        })
        .collect();
    entries.extend(secret_entries);
    Some(Value::Object(entries))
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
    resources::truncate_bytes(&text, TEMPLATE_DESCRIPTION_MAX)
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
mod tests;

//! Part of stage 4, emit: the self-check that the definition holds nothing
//! CloudFormation would rewrite.
//!
//! Lowering writes user text so that it cannot be read as a
//! `DefinitionSubstitutions` placeholder or an intrinsic function (see
//! `lower::jsonata::key_misread` and `graph::inert_placeholders`). This pass
//! checks the finished definition: the only `${` allowed is a whole
//! `${<substitution>}` string the plan binds, and no object has a key
//! `Ref` or `Fn::…`. A failure is a compiler bug (E0901).

use serde_json::Value;

use crate::graph::{DeploymentPlan, PLACEHOLDER_OPENER};

/// Where the definition holds text CloudFormation would rewrite, as JSON
/// pointers with the reason; empty when there is none.
pub fn rewritable_text(definition: &Value, plan: &DeploymentPlan) -> Vec<String> {
    let used = plan
        .policy
        .sub_workflows
        .iter()
        .filter_map(|sub| match &sub.arn {
            crate::graph::SubWorkflowArn::Used { substitution } => Some(substitution),
            crate::graph::SubWorkflowArn::Existing { .. } => None,
        });
    let own: Vec<String> = plan
        .connections
        .iter()
        .map(|c| &c.substitution)
        .chain(used)
        .chain(plan.stage_parameters.iter().map(|p| &p.name))
        .map(|substitution| format!("${{{substitution}}}"))
        .collect();
    let mut failures = Vec::new();
    walk(definition, "", &own, &mut failures);
    failures
}

/// `text` without the placeholders the template binds: stage parameters
/// may sit inside a URL, connection variables are whole strings.
fn without(text: &str, own: &[String]) -> String {
    own.iter().fold(text.to_owned(), |text, placeholder| {
        text.replace(placeholder, "")
    })
}

fn walk(value: &Value, pointer: &str, own: &[String], failures: &mut Vec<String>) {
    match value {
        Value::String(text) if without(text, own).contains(PLACEHOLDER_OPENER) => {
            failures.push(format!(
                "{pointer}: a `${{` CloudFormation would substitute"
            ));
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, &format!("{pointer}/{i}"), own, failures);
            }
        }
        Value::Object(entries) => {
            for (key, item) in entries {
                let at = format!("{pointer}/{key}");
                if key == "Ref" || key.starts_with("Fn::") {
                    failures.push(format!("{at}: a key CloudFormation would evaluate"));
                }
                if key.contains(PLACEHOLDER_OPENER) {
                    failures.push(format!("{at}: a `${{` CloudFormation would substitute"));
                }
                walk(item, &at, own, failures);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn only_planned_placeholders_pass() {
        let plan = DeploymentPlan::default();
        let clean = json!({"States": {"A": {"Output": {"a": "$ {x}", "b": "{% '\\u0024{x}' %}"}}}});
        assert!(rewritable_text(&clean, &plan).is_empty());
        let dirty = json!({"States": {"A${x}": {"Output": {"Ref": "y", "b": "${x}"}}}});
        assert_eq!(rewritable_text(&dirty, &plan).len(), 3);
    }
}

//! Wording for stage parameters (`param Name = "default"`, `{Name}` in a
//! url, `param("Name")` as a `private` or `connection` ARN).

use crate::check::params::ParamUse;
use crate::diag::{Code, Diagnostic};
use crate::source::Span;
use crate::suggest;
use crate::syntax::ast::{Ident, StrLit};

/// E0560: `{Name}` in a url with no `param Name`.
pub fn unknown_param(span: Span, name: &str, declared: &[&str]) -> Diagnostic {
    let help = suggest::did_you_mean(name, declared.iter().copied()).unwrap_or_else(|| {
        format!("declare it with `param {name} = \"…\"` (the default is optional)")
    });
    Diagnostic::new(
        Code::UnknownParameter,
        format!("unknown stage parameter `{name}`"),
        span,
        format!("`{{{name}}}` names no `param` of this file"),
    )
    .with_help(help)
    .with_note("a url may only interpolate stage parameters, fixed when the stack is deployed")
}

/// E0561: a second `param` item of the same name.
pub fn duplicate_param(name: &Ident, first: Span) -> Diagnostic {
    Diagnostic::new(
        Code::DuplicateParameter,
        format!("stage parameter `{}` is declared twice", name.name),
        name.span,
        "declared again here",
    )
    .with_secondary(first, "first declared here")
    .with_help("remove one of the two; a template parameter has one default")
}

/// E0562: one parameter for two kinds of value (its `AllowedPattern`
/// could not fit both), or as a secret and as a stage parameter.
pub fn param_used_twice(
    span: Span,
    name: &str,
    here: &str,
    first: Span,
    first_use: ParamUse,
) -> Diagnostic {
    Diagnostic::new(
        Code::ParameterUsedTwice,
        format!("stage parameter `{name}` is used for two kinds of value"),
        span,
        format!("used here as {here}"),
    )
    .with_secondary(first, format!("first used as {}", first_use.describe()))
    .with_help("declare one parameter for each kind of value")
    .with_note(
        "the template checks each parameter's value with one `AllowedPattern`, made for \
         where the value goes; a secret parameter is `NoEcho` and never written in plain text",
    )
}

/// E0563: a value that cannot go where the parameter is used: a default
/// (or a `--param` value) outside the pattern.
pub fn param_value_unfit(span: Span, name: &str, used_as: ParamUse, fixed: bool) -> Diagnostic {
    let what = if fixed {
        "the value given"
    } else {
        "the default"
    };
    Diagnostic::new(
        Code::ParameterValueUnfit,
        format!(
            "{what} of stage parameter `{name}` cannot be {}",
            used_as.describe()
        ),
        span,
        format!(
            "`{name}` is {} and must match `{}`",
            used_as.describe(),
            used_as.pattern()
        ),
    )
    .with_help("change the value to fit the pattern")
    .with_note("the template's `AllowedPattern` would refuse it when the stack is deployed")
}

/// E0563: a parameter in a url's scheme.
pub fn param_in_scheme(span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::ParameterValueUnfit,
        "a url must start with `https://` written out",
        span,
        "this url starts with a parameter",
    )
    .with_help("write `\"https://{Host}/…\"`: parameters may stand for the host or the base path")
    .with_note("the HTTP task calls `https://` URLs only, and the IAM condition is built on that")
}

/// E0563: a parameter in part of an ARN.
pub fn param_in_arn(span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::ParameterValueUnfit,
        "a stage parameter in part of an ARN",
        span,
        "this ARN mixes text and a parameter",
    )
    .with_help("make the whole ARN the parameter: `param(\"Name\")`")
    .with_note("a parameter's `AllowedPattern` checks a whole ARN")
}

/// E0563: a parameter in part of a gateway's VPC, subnet or security
/// group id.
pub fn param_in_id(span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::ParameterValueUnfit,
        "a stage parameter in part of a network id",
        span,
        "this id mixes text and a parameter",
    )
    .with_help("make the whole id the parameter: `param(\"Name\")`")
    .with_note("a parameter's `AllowedPattern` checks a whole id")
}

/// E0564: `aslc run` or `aslc test` with no value for a parameter.
pub fn param_without_value(name: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::ParameterWithoutValue,
        format!("stage parameter `{name}` has no value to run with"),
        span,
        format!("`{name}` has no default"),
    )
    .with_help(format!(
        "give one with `--param {name}=…`, in a test's `params`, or as a default: `param {name} = \"…\"`"
    ))
}

/// W0040: a `param` item nothing uses.
pub fn unused_param(name: &Ident) -> Diagnostic {
    Diagnostic::new(
        Code::UnusedParameter,
        format!("stage parameter `{}` is never used", name.name),
        name.span,
        "no url, ARN or name uses this parameter",
    )
    .with_help(format!(
        "use it (`{{{}}}` in a url) or remove it; the template leaves it out",
        name.name
    ))
}

/// W0041: `--param Name=…` for a secret (`NoEcho`) parameter, which is
/// never written into the output.
pub fn secret_param_value(name: &str, file: Span) -> Diagnostic {
    Diagnostic::new(
        Code::UnknownParameterValue,
        format!("`--param {name}` names a secret parameter, which is not fixed at build time"),
        Span::new(file.start_usize(), file.start_usize()),
        "the value is not used",
    )
    .with_help(format!(
        "give `{name}` when the stack is deployed; a secret never goes into the template"
    ))
}

/// W0041: `--param Name=…` for a name the file does not have.
pub fn unknown_param_value(name: &str, file: Span) -> Diagnostic {
    Diagnostic::new(
        Code::UnknownParameterValue,
        format!("`--param {name}` names no stage parameter of this file"),
        Span::new(file.start_usize(), file.start_usize()),
        "the value is not used",
    )
    .with_help("check the name's spelling; names are case-sensitive")
}

/// E0565: a parameter whose name is the logical id of a resource the
/// template always has (`StateMachine`, `StateMachineRole`,
/// `StateMachineLogGroup`): CloudFormation requires logical ids to be
/// unique across a template's Parameters and Resources.
pub fn param_names_resource(span: Span, name: &str) -> Diagnostic {
    Diagnostic::new(
        Code::ParameterNamesResource,
        format!("parameter `{name}` has the name of a resource of the template"),
        span,
        format!("`{name}` is the logical id of the template's {}", resource_of(name)),
    )
    .with_help(format!(
        "rename the parameter, e.g. `{name}Value`; the names `StateMachine`, `StateMachineRole` \
         and `StateMachineLogGroup` are taken"
    ))
    .with_note(
        "a template's parameters and resources share one namespace of logical ids \
         (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html)",
    )
}

fn resource_of(name: &str) -> &'static str {
    match name {
        crate::graph::ROLE_ID => "IAM role (`AWS::IAM::Role`)",
        crate::graph::LOG_GROUP_ID => "log group (`AWS::Logs::LogGroup`)",
        _ => "state machine (`AWS::StepFunctions::StateMachine`)",
    }
}

/// E0640: a workflow reads a stage parameter (`"/{Stage}/orders"`).
pub fn param_in_workflow(name: &crate::syntax::ast::Ident, declared: Span) -> Diagnostic {
    Diagnostic::new(
        Code::ParamInWorkflow,
        format!("stage parameter `{}` cannot be read inside a workflow", name.name),
        name.span,
        "a stage parameter, not a variable",
    )
    .with_secondary(declared, "declared here")
    .with_help(format!(
        "a stage parameter goes only in an endpoint's `url` or an ARN; to call `/{{{0}}}/…`, \
         put it in the url's base path (`url \"https://host/{{{0}}}\"`) and leave it out of the call's path",
        name.name
    ))
    .with_note(
        "CloudFormation fills in stage parameters when the stack deploys; a workflow reads only \
         run-time values (`input`, variables, results)",
    )
}

/// E0641: `secret("{Env}/api-key")`: a secret name with a stage parameter.
pub fn param_in_secret_name(name: &StrLit, param: &str, declared: Span) -> Diagnostic {
    Diagnostic::new(
        Code::ParamInSecretName,
        format!("stage parameter `{param}` cannot be part of a secret name"),
        name.span,
        "a secret's name is fixed when the file is built",
    )
    .with_secondary(declared, "declared here")
    .with_help(
        "a stage parameter goes only in an endpoint's `url` or an ARN; write the secret's name out, \
         or let each stage give the value itself with `param(\"…\")` (another name: a NoEcho \
         template parameter)",
    )
    .with_note("aslc writes a secret's name out in a CloudFormation dynamic reference (`{{resolve:secretsmanager:…}}`)")
}

/// E0642: `run "arn:…:stateMachine:fraud-{Env}"(…)` or `emit "{Env}-bus" …`.
pub fn param_in_fixed_text(lit: &StrLit, param: &str, declared: Span, what: &str) -> Diagnostic {
    Diagnostic::new(
        Code::ParamInFixedText,
        format!("stage parameter `{param}` cannot be part of {what}"),
        lit.span,
        "written into the definition as it is",
    )
    .with_secondary(declared, "declared here")
    .with_help(
        "a stage parameter goes only in an endpoint's `url` or ARNs, and `StateMachineName`; \
         write this text out (stages in separate accounts or regions can share it)",
    )
    .with_note("aslc fills stage parameters into the definition only in HTTP calls' `ApiEndpoint` and connection ARNs")
}

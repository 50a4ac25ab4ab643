//! Check, stage parameters: values that differ between the stages (dev,
//! staging, prod) one file is deployed to.
//!
//! A `param Name = "default"` item declares one; an endpoint's `url`
//! refers to it as `{Name}` (for the host or the base path), and a
//! `private` or `connection` value may be a parameter as a whole,
//! `param("Name")` (declared there, without a default, when no item
//! declares it). A `param StateMachineName` names the state machine. The
//! syntax stage keeps each reference as the placeholder `${Name}` in the
//! string's value, the same text CloudFormation's `Fn::Sub` and
//! `DefinitionSubstitutions` read.
//!
//! Two ways out. Unfixed, a parameter becomes a template parameter (with
//! its `Default` and an `AllowedPattern` for where it is used), and the
//! placeholders flow into the template. Fixed at build time (`aslc build
//! --param Name=value`, and always for `aslc run`), [`fix`] writes the
//! value into the tree before anything is checked, so the output holds the
//! literal and every compile-time check runs on it.
//!
//! Check reports E0560–E0565, W0040 and W0041; the other checks of the
//! URL and the ARNs run here on the defaults (the passes that own them skip
//! a value holding a placeholder).

use std::collections::BTreeMap;

use indexmap::IndexMap;

use crate::check::diagnostics as d;
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::source::Span;
use crate::syntax::ast::{self, Endpoint, Item, ParamDef, Private, StaticValue, StrLit};

/// The parameter that names the state machine (the CloudFormation
/// property's own name).
pub const STATE_MACHINE_NAME: &str = "StateMachineName";

/// Where a stage parameter's value goes, which decides its
/// `AllowedPattern`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamUse {
    /// In the host of an endpoint's url (all of it or some labels).
    Host,
    /// In the path of an endpoint's url (the base path).
    Path,
    /// A `private` VPC Lattice resource configuration ARN.
    ResourceConfiguration,
    /// An existing `connection`'s ARN.
    Connection,
    /// The state machine's name.
    StateMachineName,
    /// A `private gateway`'s `vpc`.
    Vpc,
    /// One of a `private gateway`'s `subnets`.
    Subnet,
    /// One of a `private gateway`'s `security_groups`.
    SecurityGroup,
    /// The state machine's name in a file with a `private gateway`, where
    /// it also starts the Lattice resources' names
    /// (`<StateMachineName>-<endpoint>`), so it fits their rule too.
    LatticeStateMachineName,
}

/// The longest state machine name that starts Lattice resource names: with
/// `-` and an endpoint part of at most [`LATTICE_SUFFIX_MAX`] characters,
/// a name stays within Lattice's 40 (aws.md §3 "VPC Lattice").
pub const LATTICE_PREFIX_MAX: usize = 24;
/// The longest endpoint part of a Lattice name that follows a state
/// machine name.
pub const LATTICE_SUFFIX_MAX: usize = 40 - LATTICE_PREFIX_MAX - 1;

impl ParamUse {
    /// What the value is, for messages and the parameter's description.
    pub fn describe(self) -> &'static str {
        match self {
            ParamUse::Host => "a host name (or part of one) of an endpoint url",
            ParamUse::Path => "a base path segment of an endpoint url",
            ParamUse::ResourceConfiguration => "a VPC Lattice resource configuration ARN",
            ParamUse::Connection => "an EventBridge connection ARN",
            ParamUse::StateMachineName => "the state machine's name",
            ParamUse::Vpc => "a gateway's VPC id",
            ParamUse::Subnet => "a gateway's subnet id",
            ParamUse::SecurityGroup => "a gateway's security group id",
            ParamUse::LatticeStateMachineName => {
                "the state machine's name, which also starts the names of the Lattice resources \
                 of a `private gateway`"
            }
        }
    }

    /// The template parameter's `AllowedPattern` (Java regular expression,
    /// matched against the whole value). Each excludes `'`, `\`, `{`, `$`,
    /// `*`, `?` and spaces, so the value is safe inside a JSONata string
    /// literal, a `Fn::Sub` and an IAM `StringLike` pattern.
    pub fn pattern(self) -> &'static str {
        match self {
            ParamUse::Host => {
                "^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$"
            }
            ParamUse::Path => "^[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*$",
            // aws.md §3: `rcfg-` and 17 lower-case letters and digits.
            ParamUse::ResourceConfiguration => {
                "^arn:aws[a-z-]*:vpc-lattice:[a-z0-9-]+:[0-9]{12}:resourceconfiguration/rcfg-[0-9a-z]{17}$"
            }
            // aws.md §3 `Fn::GetAtt Arn`: connection/NAME/ID.
            ParamUse::Connection => {
                "^arn:aws[a-z-]*:events:[a-z0-9-]+:[0-9]{12}:connection/[.A-Za-z0-9_-]{1,64}/[A-Za-z0-9-]+$"
            }
            // Step Functions: 1–80 characters; these are the ones that are
            // also safe in ARNs and log group names.
            ParamUse::StateMachineName => "^[A-Za-z0-9_-]{1,80}$",
            // aws.md §3 `VpcIdentifier`/`SecurityGroupIds`: the prefix and
            // 8 or 17 lower-case letters or digits (subnets alike).
            ParamUse::Vpc => "^vpc-([0-9a-z]{8}|[0-9a-z]{17})$",
            ParamUse::Subnet => "^subnet-([0-9a-z]{8}|[0-9a-z]{17})$",
            ParamUse::SecurityGroup => "^sg-([0-9a-z]{8}|[0-9a-z]{17})$",
            // aws.md §3 "VPC Lattice": names are lower-case letters, digits
            // and single inner `-`, and do not start with `rgw-`/`rcfg-`;
            // 1–24 characters leave room for `-<endpoint>` within 40.
            ParamUse::LatticeStateMachineName => {
                "^(?!rgw(-|$)|rcfg(-|$))[a-z0-9]([a-z0-9]|-(?=[a-z0-9])){0,23}$"
            }
        }
    }

    /// Whether `value` matches [`ParamUse::pattern`] (the same rule, in
    /// Rust, so a default is checked where it is written).
    pub fn accepts(self, value: &str) -> bool {
        let word = |s: &str, extra: &[char]| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || extra.contains(&c))
        };
        match self {
            ParamUse::Host => value.split('.').all(|label| {
                word(label, &['-']) && !label.starts_with('-') && !label.ends_with('-')
            }),
            ParamUse::Path => value.split('/').all(|s| word(s, &['.', '_', '~', '-'])),
            ParamUse::ResourceConfiguration => arn_parts(value, "vpc-lattice").is_some_and(|r| {
                r.strip_prefix("resourceconfiguration/")
                    .is_some_and(crate::aws::ids::is_resource_configuration_id)
            }),
            ParamUse::Connection => arn_parts(value, "events").is_some_and(|r| {
                r.strip_prefix("connection/")
                    .is_some_and(|rest| crate::aws::ids::parse_connection_resource(rest).is_ok())
            }),
            ParamUse::StateMachineName => value.chars().count() <= 80 && word(value, &['_', '-']),
            ParamUse::Vpc => crate::aws::ids::Ec2IdKind::Vpc.matches(value),
            ParamUse::Subnet => crate::aws::ids::Ec2IdKind::Subnet.matches(value),
            ParamUse::SecurityGroup => crate::aws::ids::Ec2IdKind::SecurityGroup.matches(value),
            ParamUse::LatticeStateMachineName => {
                let first = value.split('-').next().unwrap_or("");
                value.len() <= LATTICE_PREFIX_MAX
                    && value.split('-').all(|part| {
                        !part.is_empty()
                            && part
                                .bytes()
                                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
                    })
                    && first != "rgw"
                    && first != "rcfg"
            }
        }
    }
}

/// The resource part of `arn:aws…:<service>:<region>:<account>:<resource>`
/// when the rest has the shape the patterns require.
fn arn_parts<'v>(value: &'v str, service: &str) -> Option<&'v str> {
    let mut parts = value.splitn(6, ':');
    let (arn, partition, svc, region, account, resource) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    let ok = arn == "arn"
        && partition.starts_with("aws")
        && partition
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b == b'-')
        && svc == service
        && !region.is_empty()
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && account.len() == 12
        && account.bytes().all(|b| b.is_ascii_digit());
    ok.then_some(resource)
}

/// A stage parameter that the template will declare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageParam {
    /// Its name, as the template and `--param` name it.
    pub name: String,
    /// `= "…"`, the template's `Default`.
    pub default: Option<String>,
    /// The item's doc comment, if any.
    pub doc: Option<String>,
    /// Where its value goes (the first use; check rejects a second kind).
    pub used_as: ParamUse,
}

pub use crate::aws::placeholders;

/// `text` with each placeholder `value` knows replaced; the others kept.
pub fn substitute(text: &str, mut value: impl FnMut(&str) -> Option<String>) -> String {
    let mut out = String::new();
    let mut last = 0;
    for (range, name) in placeholders(text) {
        if let Some(v) = value(name) {
            out.push_str(text.get(last..range.start).unwrap_or(""));
            out.push_str(&v);
            last = range.end;
        }
    }
    out.push_str(text.get(last..).unwrap_or(""));
    out
}

/// Whether the whole of `text` is one placeholder: `param("Name")`.
fn whole(text: &str) -> Option<&str> {
    match placeholders(text).as_slice() {
        [(range, name)] if range.start == 0 && range.end == text.len() => Some(name),
        _ => None,
    }
}

/// The byte offset where the host of `https://host…` ends: placeholders
/// before it are in the host.
pub fn host_end(url: &str) -> usize {
    let after = url.find("://").map_or(0, |i| i + 3);
    url.get(after..)
        .and_then(|rest| rest.find(['/', '?', '#']))
        .map_or(url.len(), |i| after + i)
}

/// Fixes parameters at build time: every `${Name}` of `values` in an
/// endpoint's url, `private` and `connection` becomes the value, and a
/// `param` item of that name is marked fixed (its value is its default,
/// which only `StateMachineName` still reads). Returns a W0041 warning for
/// each value that names no parameter of the file.
pub fn fix(file: &mut ast::File, values: &BTreeMap<String, String>) -> Vec<Diagnostic> {
    let mut found: Vec<&str> = Vec::new();
    for item in &mut file.items {
        match item {
            Item::Endpoint(endpoint) => {
                for lit in endpoint_strings_mut(endpoint) {
                    for (_, name) in placeholders(&lit.value) {
                        if let Some((key, _)) = values.get_key_value(name) {
                            found.push(key);
                        }
                    }
                    lit.value = substitute(&lit.value, |n| values.get(n).cloned());
                }
            }
            Item::Param(param) => {
                if let Some((key, value)) = values.get_key_value(&param.name.name) {
                    found.push(key);
                    param.default = Some(StrLit {
                        value: value.clone(),
                        span: param.default.as_ref().map_or(param.name.span, |d| d.span),
                    });
                    param.fixed = true;
                }
            }
            Item::Workflow(_) | Item::Type(_) | Item::Retry(_) | Item::Use(_) | Item::Bus(_) => {}
        }
    }
    let secrets: Vec<&str> = file
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Endpoint(e) => Some(e),
            _ => None,
        })
        .flat_map(|e| e.static_values())
        .filter_map(|v| match v {
            StaticValue::Param { name, .. } => Some(name.value.as_str()),
            _ => None,
        })
        .collect();
    values
        .keys()
        .filter(|key| !found.contains(&key.as_str()))
        .map(|key| {
            if secrets.contains(&key.as_str()) {
                d::secret_param_value(key, file.span)
            } else {
                d::unknown_param_value(key, file.span)
            }
        })
        .collect()
}

/// Fixes every parameter for `aslc run`: `values` first, then each
/// declared default. A parameter with neither is E0564.
pub fn fix_all(file: &mut ast::File, values: &BTreeMap<String, String>) -> Vec<Diagnostic> {
    let mut all = values.clone();
    let mut missing: IndexMap<String, Span> = IndexMap::new();
    for item in &file.items {
        if let Item::Param(param) = item
            && let Some(default) = &param.default
            && !param.fixed
        {
            all.entry(param.name.name.clone())
                .or_insert_with(|| default.value.clone());
        }
    }
    for item in &file.items {
        match item {
            Item::Endpoint(endpoint) => {
                for lit in endpoint_strings(endpoint) {
                    for (_, name) in placeholders(&lit.value) {
                        if !all.contains_key(name) {
                            missing.entry(name.to_owned()).or_insert(lit.span);
                        }
                    }
                }
            }
            Item::Param(param)
                if param.default.is_none() && !all.contains_key(&param.name.name) =>
            {
                missing
                    .entry(param.name.name.clone())
                    .or_insert(param.name.span);
            }
            _ => {}
        }
    }
    // Values for names the file does not have are fine here: a test's
    // values may serve several files.
    let _ = fix(file, &all);
    missing
        .into_iter()
        .map(|(name, span)| d::param_without_value(&name, span))
        .collect()
}

fn endpoint_strings(endpoint: &Endpoint) -> Vec<&StrLit> {
    let mut out: Vec<&StrLit> = endpoint.url.iter().collect();
    match &endpoint.private {
        Some(Private::ResourceConfiguration(arn)) => out.push(arn),
        Some(Private::Gateway(gateway)) => {
            out.extend(gateway.vpc.iter());
            for list in [&gateway.subnets, &gateway.security_groups]
                .into_iter()
                .flatten()
            {
                out.extend(list.items.iter());
            }
        }
        None => {}
    }
    out.extend(endpoint.connection.iter());
    out
}

fn endpoint_strings_mut(endpoint: &mut Endpoint) -> Vec<&mut StrLit> {
    let mut out: Vec<&mut StrLit> = endpoint.url.iter_mut().collect();
    match &mut endpoint.private {
        Some(Private::ResourceConfiguration(arn)) => out.push(arn),
        Some(Private::Gateway(gateway)) => {
            out.extend(gateway.vpc.iter_mut());
            for list in [&mut gateway.subnets, &mut gateway.security_groups]
                .into_iter()
                .flatten()
            {
                out.extend(list.items.iter_mut());
            }
        }
        None => {}
    }
    out.extend(endpoint.connection.iter_mut());
    out
}

/// Every template parameter the file declares or uses, in order of first
/// declaration or use, without reporting anything: what lowering reads.
/// Fixed parameters are not template parameters.
pub fn stage_params(file: &ast::File) -> Vec<StageParam> {
    collect(file, &mut Diagnostics::new())
}

/// The state machine's name as the template writes it: the workflow's
/// name, a fixed `StateMachineName`, or the placeholder of the template
/// parameter.
pub fn state_machine_name(file: &ast::File, workflow: &str) -> String {
    for item in &file.items {
        if let Item::Param(param) = item
            && param.name.name == STATE_MACHINE_NAME
        {
            return match (&param.default, param.fixed) {
                (Some(value), true) => value.value.clone(),
                _ => format!("${{{STATE_MACHINE_NAME}}}"),
            };
        }
    }
    workflow.to_owned()
}

/// Whether the file's `StateMachineName` also starts the names of Lattice
/// resources: it has an endpoint with `private gateway`.
pub fn names_lattice_resources(file: &ast::File) -> bool {
    file.items.iter().any(|item| {
        matches!(
            item,
            Item::Endpoint(Endpoint {
                private: Some(Private::Gateway(_)),
                ..
            })
        )
    })
}

/// Whether the file declares `param StateMachineName` (fixed or not).
pub fn has_state_machine_name(file: &ast::File) -> bool {
    file.items
        .iter()
        .any(|item| matches!(item, Item::Param(p) if p.name.name == STATE_MACHINE_NAME))
}

/// Checks the file's stage parameters (see the module documentation).
pub(super) fn check_params(file: &ast::File, diagnostics: &mut Diagnostics) {
    let _ = collect(file, diagnostics);
}

/// One declared parameter while collecting.
struct Declared<'a> {
    item: Option<&'a ParamDef>,
    default: Option<&'a StrLit>,
    first_use: Option<(ParamUse, Span)>,
}

fn collect(file: &ast::File, diagnostics: &mut Diagnostics) -> Vec<StageParam> {
    let mut declared: IndexMap<&str, Declared<'_>> = IndexMap::new();
    let naming = if names_lattice_resources(file) {
        ParamUse::LatticeStateMachineName
    } else {
        ParamUse::StateMachineName
    };
    for item in &file.items {
        let Item::Param(param) = item else { continue };
        let name = param.name.name.as_str();
        if let Some(first) = declared.get(name).and_then(|d| d.item) {
            diagnostics.push(d::duplicate_param(&param.name, first.name.span));
            continue;
        }
        if !valid_name(name) {
            diagnostics.push(d::invalid_parameter_name(&StrLit {
                value: name.to_owned(),
                span: param.name.span,
            }));
        }
        let first_use = (name == STATE_MACHINE_NAME).then_some((naming, param.name.span));
        declared.insert(
            name,
            Declared {
                item: Some(param),
                default: param.default.as_ref(),
                first_use,
            },
        );
        if let (Some(default), true) = (&param.default, name == STATE_MACHINE_NAME)
            && !naming.accepts(&default.value)
        {
            diagnostics.push(d::param_value_unfit(
                default.span,
                name,
                naming,
                param.fixed,
            ));
        }
    }
    let secrets: Vec<&StrLit> = file
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Endpoint(e) => Some(e),
            _ => None,
        })
        .flat_map(|e| e.static_values())
        .filter_map(|v| match v {
            StaticValue::Param { name, .. } => Some(name),
            _ => None,
        })
        .collect();

    check_resource_names(file, &secrets, diagnostics);
    let misplaced = check_secret_names(file, &declared, diagnostics);

    for item in &file.items {
        let Item::Endpoint(endpoint) = item else {
            continue;
        };
        if let Some(url) = &endpoint.url {
            check_url_uses(url, &mut declared, diagnostics);
        }
        let mut arns: Vec<(&StrLit, ParamUse)> = Vec::new();
        match &endpoint.private {
            Some(Private::ResourceConfiguration(arn)) => {
                arns.push((arn, ParamUse::ResourceConfiguration));
            }
            Some(Private::Gateway(gateway)) => {
                arns.extend(gateway.vpc.iter().map(|v| (v, ParamUse::Vpc)));
                for (list, used_as) in [
                    (&gateway.subnets, ParamUse::Subnet),
                    (&gateway.security_groups, ParamUse::SecurityGroup),
                ] {
                    for item in list.iter().flat_map(|l| l.items.iter()) {
                        arns.push((item, used_as));
                    }
                }
            }
            None => {}
        }
        arns.extend(
            endpoint
                .connection
                .as_ref()
                .map(|c| (c, ParamUse::Connection)),
        );
        for (lit, used_as) in arns {
            check_arn_use(lit, used_as, &mut declared, diagnostics);
        }
    }

    let mut out = Vec::new();
    for (name, declared) in &declared {
        if declared.item.is_some_and(|p| p.fixed) {
            continue;
        }
        let Some((used_as, _)) = declared.first_use else {
            if let Some(item) = declared.item
                && !misplaced.contains(name)
            {
                diagnostics.push(d::unused_param(&item.name));
            }
            continue;
        };
        if let Some(secret) = secrets.iter().find(|s| s.value == *name) {
            diagnostics.push(d::param_used_twice(
                secret.span,
                name,
                "a secret (`param(\"…\")` in an auth, header or query value)",
                declared.first_use.map_or(secret.span, |(_, s)| s),
                used_as,
            ));
        }
        out.push(StageParam {
            name: (*name).to_owned(),
            default: declared.default.map(|d| d.value.clone()),
            doc: declared
                .item
                .and_then(|p| p.doc.as_ref())
                .map(|d| d.text.clone()),
            used_as,
        });
    }
    out
}

/// E0641 for each `secret("…{Name}…")` naming a declared parameter, in
/// place of the parser's E0023 (interpolation) and E0531 (invalid secret
/// name) for that one mistake. Returns the parameters so named, which are
/// then not reported unused.
fn check_secret_names<'a>(
    file: &ast::File,
    declared: &IndexMap<&'a str, Declared<'_>>,
    diagnostics: &mut Diagnostics,
) -> Vec<&'a str> {
    let mut misplaced = Vec::new();
    let endpoints = file.items.iter().filter_map(|item| match item {
        Item::Endpoint(e) => Some(e),
        _ => None,
    });
    for value in endpoints.flat_map(|e| e.static_values()) {
        let StaticValue::Secret { name, .. } = value else {
            continue;
        };
        let found = braced_names(&name.value).find_map(|inner| {
            declared
                .get_key_value(inner)
                .and_then(|(key, d)| Some((*key, d.item?)))
        });
        let Some((param, item)) = found else { continue };
        let span = name.span;
        diagnostics.retain(|d| {
            let inside = d.primary.span.start >= span.start && d.primary.span.end <= span.end;
            !(inside
                && matches!(
                    d.code,
                    Code::InterpolationNotAllowed | Code::InvalidSecretReference
                ))
        });
        diagnostics.push(d::param_in_secret_name(name, param, item.name.span));
        if !misplaced.contains(&param) {
            misplaced.push(param);
        }
    }
    misplaced
}

/// The texts between `{` and `}` in `text`.
pub(super) fn braced_names(text: &str) -> impl Iterator<Item = &str> {
    text.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(inner, _)| inner.trim()))
}

/// The logical ids of the resources every template has; generated ids
/// step around parameter names, these cannot.
const FIXED_IDS: [&str; 3] = [
    crate::graph::STATE_MACHINE_ID,
    crate::graph::ROLE_ID,
    crate::graph::LOG_GROUP_ID,
];

/// E0565 for each parameter (stage or secret; a `param` item even when
/// `--param` fixes it, so builds agree) named like a fixed resource: once
/// per name, at its first mention.
fn check_resource_names(file: &ast::File, secrets: &[&StrLit], diagnostics: &mut Diagnostics) {
    let mut named: Vec<(&str, Span)> = Vec::new();
    for item in &file.items {
        match item {
            Item::Param(param) => named.push((param.name.name.as_str(), param.name.span)),
            Item::Endpoint(endpoint) => {
                let arns = [
                    match &endpoint.private {
                        Some(Private::ResourceConfiguration(arn)) => Some(arn),
                        _ => None,
                    },
                    endpoint.connection.as_ref(),
                ];
                for lit in arns.into_iter().flatten() {
                    if let Some(name) = whole(&lit.value) {
                        named.push((name, lit.span));
                    }
                }
            }
            _ => {}
        }
    }
    named.extend(secrets.iter().map(|s| (s.value.as_str(), s.span)));
    named.sort_by_key(|(_, span)| span.start);
    let mut seen: Vec<&str> = Vec::new();
    for (name, span) in named {
        if FIXED_IDS.contains(&name) && !seen.contains(&name) {
            seen.push(name);
            diagnostics.push(d::param_names_resource(span, name));
        }
    }
}

/// CloudFormation: a parameter name is 1–255 letters and digits.
fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= crate::check::resources::MAX_PARAMETER_NAME
        && name.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Records one use of `name`, reporting a second kind of use (E0562).
fn record_use(
    declared: &mut IndexMap<&str, Declared<'_>>,
    name: &str,
    used_as: ParamUse,
    span: Span,
    diagnostics: &mut Diagnostics,
) -> bool {
    let Some(entry) = declared.get_mut(name) else {
        return false;
    };
    match entry.first_use {
        None => entry.first_use = Some((used_as, span)),
        Some((first, first_span)) if first != used_as => {
            diagnostics.push(d::param_used_twice(
                span,
                name,
                used_as.describe(),
                first_span,
                first,
            ));
        }
        Some(_) => {}
    }
    true
}

fn check_url_uses<'a>(
    url: &'a StrLit,
    declared: &mut IndexMap<&'a str, Declared<'a>>,
    diagnostics: &mut Diagnostics,
) {
    let found = placeholders(&url.value);
    if found.is_empty() {
        return;
    }
    if !url.value.starts_with("https://") {
        for (_, name) in &found {
            record_use(declared, name, ParamUse::Host, url.span, diagnostics);
        }
        diagnostics.push(d::param_in_scheme(url.span));
        return;
    }
    let host_end = host_end(&url.value);
    let mut known = true;
    for (range, name) in &found {
        let used_as = if range.start < host_end {
            ParamUse::Host
        } else {
            ParamUse::Path
        };
        if !record_use(declared, name, used_as, url.span, diagnostics) {
            let names: Vec<&str> = declared.keys().copied().collect();
            diagnostics.push(d::unknown_param(url.span, name, &names));
            known = false;
            continue;
        }
        if let Some(default) = declared.get(name).and_then(|d| d.default)
            && !used_as.accepts(&default.value)
        {
            diagnostics.push(d::param_value_unfit(default.span, name, used_as, false));
            known = false;
        }
    }
    if !known {
        return;
    }
    // The url's own checks, on what is known: every default, and a
    // neutral segment for a path parameter without one. A host parameter
    // without a default leaves the host unknown until deployment.
    let mut complete = true;
    let text = substitute(&url.value, |name| {
        let default = declared.get(name).and_then(|d| d.default);
        match default {
            Some(d) => Some(d.value.clone()),
            None => {
                let in_host = url
                    .value
                    .find(&format!("${{{name}}}"))
                    .is_some_and(|i| i < host_end);
                if in_host {
                    complete = false;
                }
                Some("stage".to_owned())
            }
        }
    });
    if complete {
        let mut found = Diagnostics::new();
        crate::check::endpoints::check_url(
            &StrLit {
                value: text.clone(),
                span: url.span,
            },
            &mut found,
        );
        // Point at the defaults the url was checked with.
        let defaults: Vec<(Span, &str)> = placeholders(&url.value)
            .into_iter()
            .filter_map(|(_, name)| {
                let default = declared.get(name).and_then(|d| d.default)?;
                Some((default.span, name))
            })
            .collect();
        for diagnostic in found.iter() {
            let mut diagnostic = diagnostic.clone();
            for (span, name) in &defaults {
                diagnostic = diagnostic.with_secondary(*span, format!("the default of `{name}`"));
            }
            diagnostics.push(diagnostic);
        }
    }
}

fn check_arn_use<'a>(
    lit: &'a StrLit,
    used_as: ParamUse,
    declared: &mut IndexMap<&'a str, Declared<'a>>,
    diagnostics: &mut Diagnostics,
) {
    let found = placeholders(&lit.value);
    if found.is_empty() {
        return;
    }
    let Some(name) = whole(&lit.value) else {
        diagnostics.push(match used_as {
            ParamUse::Vpc | ParamUse::Subnet | ParamUse::SecurityGroup => d::param_in_id(lit.span),
            _ => d::param_in_arn(lit.span),
        });
        return;
    };
    if !declared.contains_key(name) {
        // `private param("Name")` declares a parameter without a default.
        declared.insert(
            name,
            Declared {
                item: None,
                default: None,
                first_use: None,
            },
        );
    }
    record_use(declared, name, used_as, lit.span, diagnostics);
    if let Some(default) = declared.get(name).and_then(|d| d.default) {
        let arn_kind = match used_as {
            ParamUse::Connection => Some(crate::check::resources::ArnKind::Connection),
            ParamUse::ResourceConfiguration => {
                Some(crate::check::resources::ArnKind::ResourceConfiguration)
            }
            _ => None,
        };
        if !used_as.accepts(&default.value) {
            diagnostics.push(d::param_value_unfit(default.span, name, used_as, false));
        } else if let Some(arn_kind) = arn_kind {
            crate::check::resources::check_arn(
                &StrLit {
                    value: default.value.clone(),
                    span: default.span,
                },
                arn_kind,
                diagnostics,
            );
        }
    }
}

impl crate::check::Checker<'_, '_> {
    /// E0642 when `lit`, a string the workflow needs as fixed text (`what`:
    /// a `run`'s state machine ARN, an `emit`'s bus), names a declared
    /// stage parameter as `{Name}`: one error in place of the parser's
    /// E0023 (interpolation) and the check of the text (E0606, E0620).
    /// Returns whether it did, so the caller skips that check.
    pub(super) fn param_in_fixed_text(&mut self, lit: &StrLit, what: &str) -> bool {
        let params = &self.items.params;
        let Some(param) =
            braced_names(&lit.value).find_map(|inner| params.iter().find(|p| p.name.name == inner))
        else {
            return false;
        };
        let span = lit.span;
        let declared = param.name.span;
        self.diagnostics.retain(|d| match d.code {
            Code::InterpolationNotAllowed => {
                d.primary.span.start < span.start || d.primary.span.end > span.end
            }
            Code::UnusedParameter => d.primary.span != declared,
            _ => true,
        });
        self.diagnostics.push(d::param_in_fixed_text(
            lit,
            &param.name.name,
            param.name.span,
            what,
        ));
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_found_and_substituted() {
        let text = "https://${Host}/${Stage}/x${not one";
        let found: Vec<&str> = placeholders(text).into_iter().map(|(_, n)| n).collect();
        assert_eq!(found, ["Host", "Stage"]);
        let fixed = substitute(text, |n| (n == "Stage").then(|| "prod".to_owned()));
        assert_eq!(fixed, "https://${Host}/prod/x${not one");
        assert_eq!(host_end("https://${Host}/a"), 15);
        assert_eq!(whole("${Arn}"), Some("Arn"));
        assert_eq!(whole("x${Arn}"), None);
    }

    #[test]
    fn patterns_accept_what_they_say() {
        assert!(ParamUse::Host.accepts("api.staging.example.com"));
        assert!(!ParamUse::Host.accepts("api..example.com"));
        assert!(!ParamUse::Host.accepts("-api"));
        assert!(ParamUse::Path.accepts("v1/staging"));
        assert!(!ParamUse::Path.accepts("a b"));
        assert!(!ParamUse::Path.accepts("it's"));
        assert!(ParamUse::ResourceConfiguration.accepts(
            "arn:aws:vpc-lattice:eu-west-1:123456789012:resourceconfiguration/rcfg-0123456789abcdef0"
        ));
        assert!(!ParamUse::ResourceConfiguration.accepts("arn:aws:vpc-lattice:eu-west-1:1:x"));
        assert!(
            ParamUse::Connection
                .accepts("arn:aws:events:eu-west-1:123456789012:connection/orders/0a1b2c3d-4e5f")
        );
        assert!(ParamUse::StateMachineName.accepts("orders-staging"));
        assert!(!ParamUse::StateMachineName.accepts("orders staging"));
        let lattice = ParamUse::LatticeStateMachineName;
        assert!(lattice.accepts("orders-staging"));
        assert!(lattice.accepts("rgwx"));
        for bad in [
            "Orders",
            "orders_staging",
            "orders--staging",
            "-orders",
            "orders-",
            "rgw",
            "rcfg-orders",
            "a-very-long-stage-name-xyzw",
            "",
        ] {
            assert!(!lattice.accepts(bad), "{bad}");
        }
    }
}

//! Check, endpoints: endpoint items and what each call sends.
//!
//! Takes endpoint items and HTTP call statements; reports endpoint rules
//! and secrets (E0501–E0511): a usable `https://` URL whose host is a public
//! DNS name, `connection` not mixed with `auth`/`private`, the clauses a
//! created connection needs, no literal secrets, no header the HTTP task
//! rejects. At each call it also resolves the endpoint and retry policies
//! by name, types the path, query, headers and body, and hands timeouts,
//! retries and the state name to `limits`.
//!
//! Format rules for ARNs, VPC ids and the like belong to the resource
//! checks (`resources.rs`), not here.

use std::collections::HashMap;

use crate::aws;
use crate::aws::url::{HttpsUrl, UrlError};
use crate::check::Checker;
use crate::check::diagnostics as d;
use crate::check::limits;
use crate::check::resolved::ResolvedCall;
use crate::check::types::Type;
use crate::diag::Diagnostics;
use crate::source::Span;
use crate::suggest;
use crate::syntax::ast::{
    Auth, Encoding, Endpoint, ErrorKind, Expr, ExprKind, HttpCall, Method, OAuth, Private,
    RetryPolicy, RetrySpec, StaticValue, StrLit, TemplatePart,
};

/// Top-level suffixes that are never public DNS names (special-use and
/// customary private names): a host under one cannot be called by the HTTP
/// task (aws.md §1 "Private APIs").
const NON_PUBLIC_SUFFIXES: &[&str] = &[
    "local",
    "localhost",
    "localdomain",
    "internal",
    "intranet",
    "lan",
    "home",
    "corp",
    "private",
    "test",
    "invalid",
    "example",
    "home.arpa",
];

/// Checks one endpoint item's clauses.
pub(super) fn check_endpoint(endpoint: &Endpoint, diagnostics: &mut Diagnostics) {
    match &endpoint.url {
        Some(url) => check_url(url, diagnostics),
        None => diagnostics.push(d::missing_url(&endpoint.name)),
    }
    let private_span = endpoint.private.as_ref().map(|p| match p {
        Private::ResourceConfiguration(arn) => arn.span,
        Private::Gateway(gateway) => gateway.span,
    });
    match &endpoint.connection {
        Some(connection) => {
            // An existing connection already carries its authorization and
            // its private connectivity.
            if let Some(auth) = &endpoint.auth {
                diagnostics.push(d::connection_conflict(auth.span(), "auth", connection.span));
            }
            if let Some(private) = private_span {
                diagnostics.push(d::connection_conflict(private, "private", connection.span));
            }
        }
        None => {
            // A created connection always has an AuthorizationType (aws.md
            // §3), and this compiler exists to reach private APIs.
            if endpoint.auth.is_none() {
                diagnostics.push(d::missing_auth(&endpoint.name));
            }
            if endpoint.private.is_none() {
                diagnostics.push(d::missing_private(&endpoint.name));
            }
        }
    }
    if let Some(auth) = &endpoint.auth {
        check_auth(auth, diagnostics);
    }
    // Header names are case-insensitive; query keys are not.
    for (map, fold_case) in [(&endpoint.headers, true), (&endpoint.query, false)] {
        let Some(map) = map else {
            continue;
        };
        let mut seen: HashMap<String, Span> = HashMap::new();
        for (key, _) in &map.entries {
            let name = if fold_case {
                key.name.to_ascii_lowercase()
            } else {
                key.name.clone()
            };
            match seen.get(&name) {
                Some(first) => diagnostics.push(d::duplicate_key(key, *first, "key")),
                None => {
                    seen.insert(name, key.span);
                }
            }
        }
    }
    if let Some(headers) = &endpoint.headers {
        for (key, _) in &headers.entries {
            if aws::is_forbidden_header(&key.name) {
                diagnostics.push(d::forbidden_header(key));
            }
        }
    }
}

fn check_auth(auth: &Auth, diagnostics: &mut Diagnostics) {
    match auth {
        Auth::ApiKey { value, .. } => require_secret(value, "API key value", diagnostics),
        Auth::Basic {
            username,
            password,
            span,
        } => {
            if username.is_none() {
                diagnostics.push(d::incomplete_auth(auth_keyword(*span), "basic", "username"));
            }
            match password {
                Some(password) => require_secret(password, "password", diagnostics),
                None => {
                    diagnostics.push(d::incomplete_auth(auth_keyword(*span), "basic", "password"))
                }
            }
        }
        Auth::OAuth(OAuth {
            token_url,
            client_id,
            client_secret,
            span,
            ..
        }) => {
            if token_url.is_none() {
                diagnostics.push(d::incomplete_auth(
                    auth_keyword(*span),
                    "oauth",
                    "token_url",
                ));
            }
            if client_id.is_none() {
                diagnostics.push(d::incomplete_auth(
                    auth_keyword(*span),
                    "oauth",
                    "client_id",
                ));
            }
            match client_secret {
                Some(secret) => require_secret(secret, "client secret", diagnostics),
                None => diagnostics.push(d::incomplete_auth(
                    auth_keyword(*span),
                    "oauth",
                    "client_secret",
                )),
            }
        }
    }
}

/// The `auth` word that starts an auth clause: a clause spans several
/// lines, and one word is a clearer place to point at.
fn auth_keyword(clause: Span) -> Span {
    Span {
        start: clause.start,
        end: clause.end.min(clause.start.saturating_add(4)),
    }
}

fn require_secret(value: &StaticValue, what: &str, diagnostics: &mut Diagnostics) {
    if let StaticValue::Literal(literal) = value {
        diagnostics.push(d::literal_secret(literal, what));
    }
}

/// Why a URL cannot be an endpoint's base URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum UrlProblem {
    /// Not `https://`; carries the scheme written, if any.
    NotHttps(Option<String>),
    /// Something that makes it unusable as a base: what is wrong, and how
    /// to fix it.
    Malformed(&'static str, &'static str),
    /// An IP address instead of a name.
    IpAddress,
    /// One label, like `localhost` or `billing`.
    SingleLabel,
    /// Under a suffix that is never public.
    PrivateSuffix(String),
}

/// Applies the HTTP task's rules to an endpoint's base URL: the shared
/// parser's verdict, then no query or fragment, then a public DNS name.
pub(super) fn url_problem(text: &str) -> Option<UrlProblem> {
    let url = match HttpsUrl::parse(text) {
        Ok(url) => url,
        Err(error) => return Some(parse_problem(error)),
    };
    if url.rest.contains(['?', '#']) {
        return Some(UrlProblem::Malformed(
            "a base URL cannot have a query or a fragment",
            "drop it; query parameters go in a call's `query { … }`",
        ));
    }
    public_host_problem(&url.labels().collect::<Vec<_>>())
}

/// What the parser's error means for an endpoint URL.
fn parse_problem(error: UrlError) -> UrlProblem {
    let (why, fix) = match error {
        UrlError::NotHttps(scheme) => return UrlProblem::NotHttps(scheme),
        UrlError::Ipv6Literal => return UrlProblem::IpAddress,
        UrlError::Whitespace => (
            "a URL cannot contain spaces",
            "remove the spaces, or write them as `%20` in a path",
        ),
        UrlError::NoHost => (
            "there is no host name after `https://`",
            "write the host: `https://api.example.com`",
        ),
        UrlError::Credentials => (
            "credentials do not belong in the URL",
            "remove them; credentials go in the endpoint's `auth`",
        ),
        UrlError::BadPort => (
            "the port must be a number from 1 to 65535",
            "write a port from 1 to 65535, or none for 443",
        ),
        UrlError::TrailingDot => (
            "a host name cannot end with a dot",
            "remove the final `.`: the host is the same without it",
        ),
        UrlError::BadHost => (
            "not a valid host name",
            "a host name has letters, digits, `-` and dots",
        ),
    };
    UrlProblem::Malformed(why, fix)
}

/// A well-formed host that still cannot be reached as a public name: an IP
/// address, a single label, a private suffix or a numeric top-level domain.
fn public_host_problem(labels: &[&str]) -> Option<UrlProblem> {
    let numeric = |label: &&str| label.bytes().all(|b| b.is_ascii_digit());
    if labels.iter().all(numeric) {
        return Some(UrlProblem::IpAddress);
    }
    let [.., before, last] = labels else {
        return Some(UrlProblem::SingleLabel);
    };
    let last = last.to_ascii_lowercase();
    let last_two = format!("{}.{last}", before.to_ascii_lowercase());
    for suffix in [&last_two, &last] {
        if NON_PUBLIC_SUFFIXES.contains(&suffix.as_str()) {
            return Some(UrlProblem::PrivateSuffix(suffix.clone()));
        }
    }
    if numeric(&last.as_str()) {
        return Some(UrlProblem::Malformed(
            "a top-level domain cannot be a number",
            "write the API's full DNS name",
        ));
    }
    None
}

fn check_url(url: &StrLit, diagnostics: &mut Diagnostics) {
    let Some(problem) = url_problem(&url.value) else {
        return;
    };
    if let UrlProblem::NotHttps(Some(_)) = &problem {
        // Check the rest too, so the fix the help suggests is not rejected
        // in turn.
        let rest = url.value.split_once("://").map_or("", |(_, rest)| rest);
        if let Some(host_problem) = url_problem(&format!("https://{rest}")) {
            report_url_problem(url, host_problem, diagnostics);
        }
    }
    report_url_problem(url, problem, diagnostics);
}

fn report_url_problem(url: &StrLit, problem: UrlProblem, diagnostics: &mut Diagnostics) {
    diagnostics.push(match problem {
        UrlProblem::NotHttps(scheme) => d::url_not_https(url, scheme.as_deref()),
        UrlProblem::Malformed(why, fix) => d::malformed_url(url, why, fix),
        UrlProblem::IpAddress => d::host_not_public(url, "this host is an IP address"),
        UrlProblem::SingleLabel => {
            d::host_not_public(url, "this host is not a fully qualified name")
        }
        UrlProblem::PrivateSuffix(suffix) => {
            d::host_not_public(url, &format!("`.{suffix}` names are never public"))
        }
    });
}

/// Methods whose body the HTTP task or the server ignores or rejects.
fn takes_no_body(method: Method) -> bool {
    matches!(
        method,
        Method::Get | Method::Delete | Method::Head | Method::Options
    )
}

impl<'a> Checker<'a, '_> {
    /// Everything at one call site except the response binding, which
    /// `flow` declares.
    pub(super) fn check_call_site(&mut self, call: &'a HttpCall) {
        let mut resolved = ResolvedCall::default();
        match self.items.endpoints.get_full(call.endpoint.name.as_str()) {
            Some((index, _, &endpoint)) => {
                if let Some(used) = self.usage.endpoints.get_mut(index) {
                    *used = true;
                }
                resolved.endpoint = Some(endpoint);
            }
            None => {
                let help = suggest::did_you_mean(
                    &call.endpoint.name,
                    self.items.endpoints.keys().copied(),
                );
                self.diagnostics
                    .push(d::unknown_endpoint(&call.endpoint, help));
            }
        }

        if let Some(TemplatePart::Text { text, .. }) = call.path.parts.first()
            && !text.starts_with('/')
        {
            self.diagnostics
                .push(d::path_without_slash(call.path.span, text));
        }
        for part in &call.path.parts {
            if let TemplatePart::Interp(expr) = part {
                let ty = self.expr(expr);
                if !self.types.is_scalar(&ty) {
                    let shown = self.types.display(&ty);
                    self.diagnostics
                        .push(d::non_scalar_path_interpolation(expr, &shown));
                }
            }
        }

        let options = &call.options;
        if let Some(query) = &options.query {
            let ty = self.expr(query);
            self.expect_object(query, &ty, "query parameters");
            self.check_query_values(query, &ty);
        }
        if let Some(headers) = &options.headers {
            self.check_call_headers(headers);
            if let Some(encoding) = &options.encoding
                && encoding.value == Encoding::Form
            {
                self.check_form_content_type(headers, encoding.span);
            }
        }
        if let Some(body) = &options.body {
            self.expr(body);
            if takes_no_body(call.method) {
                self.diagnostics
                    .push(d::body_ignored(body.span, call.method, call.method_span));
            }
        }
        if let Some(timeout) = &options.timeout {
            limits::check_call_timeout(timeout, self.diagnostics);
        }
        resolved.retries = self.check_call_retries(&options.retries);
        self.resolved.calls.insert(call.id, resolved);
        if let Some(name) = &options.name {
            self.state_names.push(name);
        }
    }

    /// Checks a call's `retry` clauses; returns the policy each resolved to.
    pub(super) fn check_call_retries(
        &mut self,
        retries: &'a [RetrySpec],
    ) -> Vec<Option<&'a RetryPolicy>> {
        let count = retries.len();
        let mut policies = Vec::with_capacity(count);
        for (position, spec) in retries.iter().enumerate() {
            let last = position + 1 == count;
            match spec {
                RetrySpec::Named(ident) => {
                    let Some((index, _, &def)) = self.items.retries.get_full(ident.name.as_str())
                    else {
                        let help =
                            suggest::did_you_mean(&ident.name, self.items.retries.keys().copied());
                        self.diagnostics.push(d::unknown_retry_policy(ident, help));
                        policies.push(None);
                        continue;
                    };
                    policies.push(Some(&def.policy));
                    if let Some(used) = self.usage.retries.get_mut(index) {
                        *used = true;
                    }
                    if !last
                        && let Some(any) = def.policy.on.iter().find(|e| e.kind == ErrorKind::Any)
                    {
                        self.diagnostics
                            .push(d::any_not_last(ident.span, "retry", Some(any.span)));
                    }
                }
                RetrySpec::Inline(policy) => {
                    policies.push(Some(policy));
                    limits::check_policy(policy, None, self.diagnostics);
                    if !last && let Some(any) = policy.on.iter().find(|e| e.kind == ErrorKind::Any)
                    {
                        self.diagnostics
                            .push(d::any_not_last(any.span, "retry", None));
                    }
                }
            }
        }
        policies
    }

    fn check_call_headers(&mut self, headers: &Expr) {
        let ty = self.expr(headers);
        let ExprKind::Object(entries) = &headers.kind else {
            self.expect_object(headers, &ty, "headers");
            return;
        };
        for (key, value) in entries {
            if aws::is_forbidden_header(&key.name) {
                self.diagnostics.push(d::forbidden_header(key));
            }
            // The HTTP task sends header values as strings (aws.md §1).
            let value_ty = match self.types.resolve(&ty) {
                Type::Record(fields) => fields
                    .iter()
                    .find(|f| f.name == key.name)
                    .map_or(Type::Any, |f| f.ty.clone()),
                _ => Type::Any,
            };
            if !self.types.assignable(&value_ty, &Type::String) {
                let shown = self.types.display(&value_ty);
                self.diagnostics.push(
                    d::mismatched_types(value.span, "string", &shown, "header values are strings")
                        .with_help(format!(
                            "interpolate the value into a string: `\"{{{}}}\"`",
                            snippet_of(value)
                        )),
                );
            }
        }
    }

    /// Query values are strings on the wire (aws.md §1): lowering converts
    /// numbers and booleans, but a list or record has no single text, and
    /// the values of a map computed at run time cannot be converted one by
    /// one, so those must already be strings.
    fn check_query_values(&mut self, query: &Expr, ty: &Type) {
        let resolved = self.types.resolve(ty).clone();
        match (&query.kind, resolved) {
            (ExprKind::Object(entries), Type::Record(fields)) => {
                for (key, value) in entries {
                    let Some(field) = fields.iter().find(|f| f.name == key.name) else {
                        continue;
                    };
                    if !self.types.is_scalar(&field.ty) {
                        let shown = self.types.display(&field.ty);
                        self.diagnostics
                            .push(d::query_value_not_scalar(value.span, &shown));
                    }
                }
            }
            (_, Type::Record(fields)) => {
                for field in fields.iter() {
                    if !self.types.is_scalar(&field.ty) {
                        let shown = self.types.display(&field.ty);
                        self.diagnostics.push(d::query_value_not_scalar(
                            query.span,
                            &format!("{shown}` in the field `{}", field.name),
                        ));
                    }
                }
            }
            (_, Type::Map(value))
                if !matches!(
                    self.types.resolve(&value),
                    Type::Any | Type::String | Type::StrLit(_) | Type::Union(_)
                ) =>
            {
                let shown = self.types.display(ty);
                self.diagnostics
                    .push(d::query_map_not_strings(query.span, &shown));
            }
            _ => {}
        }
    }

    /// With `encoding form`, lowering sends `Content-Type:
    /// application/x-www-form-urlencoded` (aws.md §1: the task must set
    /// it) unless the call sets its own; a fixed value naming another
    /// media type would make the server misread the body.
    fn check_form_content_type(&mut self, headers: &Expr, encoding: Span) {
        let ExprKind::Object(entries) = &headers.kind else {
            return;
        };
        for (key, value) in entries {
            if !key.name.eq_ignore_ascii_case("content-type") {
                continue;
            }
            if let ExprKind::String(template) = &value.kind
                && let Some(text) = template.as_plain()
                && !aws::is_form_content_type(&text)
            {
                self.diagnostics
                    .push(d::form_content_type_conflict(value.span, &text, encoding));
            }
        }
    }

    fn expect_object(&mut self, expr: &Expr, ty: &Type, what: &str) {
        if !matches!(
            self.types.resolve(ty),
            Type::Any | Type::Record(_) | Type::Map(_)
        ) {
            let shown = self.types.display(ty);
            self.diagnostics.push(
                d::mismatched_types(
                    expr.span,
                    "an object",
                    &shown,
                    &format!("{what} are name-value pairs"),
                )
                .with_help("write an object: `{ name: value }`"),
            );
        }
    }
}

/// A short rendering of a path expression for help text; other
/// expressions are shown as `…`.
fn snippet_of(expr: &Expr) -> String {
    match &expr.kind {
        ExprKind::Var(ident) => ident.name.clone(),
        ExprKind::Field { base, field } => format!("{}.{}", snippet_of(base), field.name),
        _ => "…".to_owned(),
    }
}

//! Wording for endpoints and call sites (E05xx up to E0512): urls, auth,
//! headers, paths and bodies.

use crate::aws;
use crate::diag::{Code, Diagnostic};
use crate::source::Span;
use crate::syntax::ast::{Ident, Key, Method, StrLit};

/// E0501
pub fn missing_url(name: &Ident) -> Diagnostic {
    Diagnostic::new(
        Code::MissingUrl,
        format!("the endpoint `{}` has no `url`", name.name),
        name.span,
        "every endpoint needs a `url`",
    )
    .with_help("add `url \"https://api.example.com\"`")
}

/// E0502
pub fn url_not_https(url: &StrLit, scheme: Option<&str>) -> Diagnostic {
    let fixed = match url.value.find("://") {
        Some(end) => format!("https{}", url.value.get(end..).unwrap_or("")),
        None => format!("https://{}", url.value),
    };
    Diagnostic::new(
        Code::UrlNotHttps,
        match scheme {
            Some(scheme) => format!("`{scheme}` endpoint URL"),
            None => "endpoint URL without `https://`".to_owned(),
        },
        url.span,
        "the HTTP task only calls `https://` URLs",
    )
    .with_help(format!("write `\"{fixed}\"`"))
}

/// E0503
pub fn malformed_url(url: &StrLit, why: &str, fix: &str) -> Diagnostic {
    Diagnostic::new(
        Code::MalformedUrl,
        "unusable endpoint URL",
        url.span,
        why.to_owned(),
    )
    .with_help(fix.to_owned())
}

/// E0504
pub fn host_not_public(url: &StrLit, why: &str) -> Diagnostic {
    Diagnostic::new(
        Code::HostNotPublic,
        "the endpoint host is not a public DNS name",
        url.span,
        why.to_owned(),
    )
    .with_help("use a name in a public DNS zone that points at the private API, such as a private API Gateway's custom domain")
    .with_note("the HTTP task only calls hosts with a public DNS name and a publicly trusted certificate, even through a private connection")
}

/// E0505
pub fn connection_conflict(clause: Span, what: &str, connection: Span) -> Diagnostic {
    Diagnostic::new(
        Code::ConnectionConflict,
        format!("`{what}` with an existing `connection`"),
        clause,
        format!(
            "the existing connection already has its {}",
            if what == "auth" {
                "authorization"
            } else {
                "connectivity"
            }
        ),
    )
    .with_secondary(connection, "the existing connection")
    .with_help(format!(
        "remove `{what}`, or remove `connection` to let the compiler create one"
    ))
}

/// E0506
pub fn missing_auth(name: &Ident) -> Diagnostic {
    Diagnostic::new(
        Code::MissingAuth,
        format!("the endpoint `{}` has no `auth`", name.name),
        name.span,
        "a connection is created for this endpoint, and it needs an authorization",
    )
    .with_help("add `auth api_key \"x-api-key\" = secret(\"…\")`, `auth basic { … }` or `auth oauth { … }`, or name an existing `connection \"arn:…\"`")
    .with_note("an EventBridge connection always has an `AuthorizationType`")
}

/// E0507
pub fn missing_private(name: &Ident) -> Diagnostic {
    Diagnostic::new(
        Code::MissingPrivate,
        format!("the endpoint `{}` does not say how to reach it", name.name),
        name.span,
        "no `private` clause",
    )
    .with_help("add `private \"arn:aws:vpc-lattice:…:resourceconfiguration/…\"` or `private gateway { vpc … subnets … security_groups … }`, or name an existing `connection \"arn:…\"`")
}

/// E0508
pub fn literal_secret(value: &StrLit, what: &str) -> Diagnostic {
    Diagnostic::new(
        Code::LiteralSecret,
        format!("literal secret: the {what} is written in the file"),
        value.span,
        "a secret must not be a plain string",
    )
    .with_help("write `secret(\"name\")` (Secrets Manager) or `param(\"Name\")`")
    .with_note("a literal would be stored in plain text in the template and in version control")
}

/// E0509
pub fn incomplete_auth(span: Span, kind: &str, setting: &str) -> Diagnostic {
    Diagnostic::new(
        Code::IncompleteAuth,
        format!("`auth {kind}` without `{setting}`"),
        span,
        format!("`{setting}` is required"),
    )
    .with_help(format!("add `{setting} …` inside the braces"))
}

/// E0510
pub fn forbidden_header(key: &Key) -> Diagnostic {
    let lower = key.name.to_ascii_lowercase();
    let help = if lower == "authorization" || lower == "proxy-authorization" {
        "put authentication in the endpoint's `auth` clause"
    } else {
        "remove this header; Step Functions sets or refuses it"
    };
    Diagnostic::new(
        Code::ForbiddenHeader,
        format!("the HTTP task does not allow the header `{}`", key.name),
        key.span,
        "rejected by Step Functions",
    )
    .with_help(help)
    .with_note("Step Functions rejects hop-by-hop, caching and proxy headers, `Authorization`, and any `x-amz-*`, `x-amzn-*` or `x-forwarded-*` header")
}

/// E0512: `encoding form` with a `Content-Type` of another media type.
pub fn form_content_type_conflict(value: Span, written: &str, encoding: Span) -> Diagnostic {
    Diagnostic::new(
        Code::FormContentTypeConflict,
        format!("`Content-Type: {written}` on a form-encoded body"),
        value,
        "the body is sent URL-encoded, not as this",
    )
    .with_secondary(encoding, "the body is URL-encoded here")
    .with_help(format!(
        "remove the `Content-Type` header (the compiler sends `{}`), or remove `encoding form` to send the body as JSON",
        aws::FORM_CONTENT_TYPE
    ))
    .with_note("Step Functions: a URL-encoded request body must carry `Content-Type: application/x-www-form-urlencoded`")
}

/// E0511
pub fn path_without_slash(path: Span, start: &str) -> Diagnostic {
    Diagnostic::new(
        Code::PathWithoutSlash,
        "request path does not start with `/`",
        path,
        "the path is appended to the endpoint's URL as written",
    )
    .with_help(format!("write `\"/{start}…\"`"))
}

/// W0005
pub fn body_ignored(body: Span, method: Method, method_span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::BodyIgnored,
        format!("a request body on a `{}` call", method.as_str()),
        body,
        "servers ignore or reject a body here",
    )
    .with_secondary(method_span, "this method takes no body")
    .with_help("send the data as `query { … }`, or use `POST`, `PUT` or `PATCH`")
}

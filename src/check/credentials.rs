//! Check, credentials: a constant header or query value whose name says it
//! is a credential (W0008).
//!
//! A value written in the file ends up in plain text: a call's in the
//! definition (readable by anyone who can describe the state machine or
//! read its execution history), an endpoint's in the template. Credentials
//! belong in the endpoint's `auth` clause, or in `secret(…)`, which the
//! connection resolves from Secrets Manager. Values computed at run time
//! (read from the input, a variable, an earlier response) are left alone.

use crate::check::diagnostics as d;
use crate::diag::Diagnostics;
use crate::syntax::ast::{
    Block, Endpoint, Expr, ExprKind, Key, StaticMap, StaticValue, StmtKind, Workflow,
};

/// Words that mark a header or query parameter as a credential, matched
/// anywhere in the lower-cased name.
const CREDENTIAL_WORDS: &[&str] = &[
    "token",
    "secret",
    "password",
    "passwd",
    "signature",
    "authorization",
    "credential",
    "apikey",
    "api_key",
    "api-key",
    "private-key",
    "private_key",
    "access-key",
    "access_key",
];

/// Short words that count only as a whole part of the name (`x-key`,
/// `sig`), so `monkey` or `design` do not match.
const CREDENTIAL_PARTS: &[&str] = &["key", "sig", "pwd", "auth", "jwt", "bearer"];

/// Whether a header or query parameter name looks like it carries a
/// credential. `Idempotency-Key` is a request id, not a secret.
pub fn credential_like(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    if lower.contains("idempotency") {
        return false;
    }
    CREDENTIAL_WORDS.iter().any(|w| lower.contains(w))
        || lower
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|part| CREDENTIAL_PARTS.contains(&part))
}

/// An endpoint's `headers` and `query` entries with a plain string value.
pub(super) fn check_endpoint(endpoint: &Endpoint, diagnostics: &mut Diagnostics) {
    for (map, clause) in [(&endpoint.headers, "headers"), (&endpoint.query, "query")] {
        let Some(StaticMap { entries, .. }) = map else {
            continue;
        };
        for (key, value) in entries {
            if let StaticValue::Literal(lit) = value {
                warn_if_credential(key, lit.span, clause, diagnostics);
            }
        }
    }
}

/// Every call's `headers` and `query` entries with a constant value.
pub(super) fn check_workflow(workflow: &Workflow, diagnostics: &mut Diagnostics) {
    check_block(&workflow.body, diagnostics);
}

fn check_block(block: &Block, diagnostics: &mut Diagnostics) {
    for stmt in &block.stmts {
        if let StmtKind::Http(call) = &stmt.kind {
            for (map, clause) in [
                (&call.options.headers, "headers"),
                (&call.options.query, "query"),
            ] {
                if let Some(map) = map {
                    check_call_map(map, clause, diagnostics);
                }
            }
        }
        for body in stmt.blocks() {
            check_block(body, diagnostics);
        }
    }
}

fn check_call_map(map: &Expr, clause: &str, diagnostics: &mut Diagnostics) {
    let ExprKind::Object(entries) = &map.kind else {
        return;
    };
    for (key, value) in entries {
        let constant = match &value.kind {
            ExprKind::String(template) => template.as_plain().is_some(),
            ExprKind::Number(_) => true,
            _ => false,
        };
        if constant {
            warn_if_credential(key, value.span, clause, diagnostics);
        }
    }
}

fn warn_if_credential(
    key: &Key,
    value: crate::source::Span,
    clause: &str,
    diagnostics: &mut Diagnostics,
) {
    // `Authorization` is already an error (E0510) in a call's headers.
    if credential_like(&key.name) && !key.name.eq_ignore_ascii_case("authorization") {
        diagnostics.push(d::literal_credential(key, value, clause));
    }
}

#[cfg(test)]
mod tests {
    use super::credential_like;

    #[test]
    fn credential_names() {
        for name in [
            "X-Api-Token",
            "access_token",
            "client_secret",
            "X-Signature",
            "password",
            "apiKey",
            "x-key",
            "sig",
            "X-Auth",
        ] {
            assert!(credential_like(name), "{name}");
        }
        for name in [
            "Idempotency-Key",
            "monkey",
            "design",
            "author",
            "page",
            "Accept",
        ] {
            assert!(!credential_like(name), "{name}");
        }
    }
}

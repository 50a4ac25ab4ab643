//! Wording for credential-like values written as plain text (W0008).

use crate::diag::{Code, Diagnostic};
use crate::source::Span;
use crate::syntax::ast::Key;

/// W0008: a constant header or query value whose name looks like a
/// credential.
pub fn literal_credential(key: &Key, value: Span, clause: &str) -> Diagnostic {
    Diagnostic::new(
        Code::LiteralCredential,
        format!(
            "`{}` looks like a credential written as plain text",
            key.name
        ),
        value,
        format!("this `{clause}` value is written into the output as it is"),
    )
    .with_secondary(key.span, "named like a credential")
    .with_help(
        "put credentials in the endpoint's `auth` clause, or give the endpoint's \
         `headers`/`query` value as `secret(\"name\", \"key\")`, which the connection reads \
         from Secrets Manager",
    )
    .with_note(
        "a call's values are stored in the definition and an endpoint's in the template, \
         both readable by anyone who can describe the stack or the state machine",
    )
}

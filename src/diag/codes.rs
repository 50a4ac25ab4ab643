//! The registry of diagnostic codes.
//!
//! Every code is listed exactly once, with its default severity and a
//! one-line summary. Codes are never reused: a retired code stays here,
//! marked retired. Ranges: E00xx syntax, E01xx names and items, E02xx types,
//! E03xx flow, E04xx ASL limits, E05xx endpoints and security, E09xx internal
//! errors, W0xxx warnings. Each code has a page `docs/errors/<code>.md` and a
//! UI test under `tests/ui/`.

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// The file cannot be compiled; nothing is written.
    Error,
    /// The file compiles, but something is likely wrong.
    Warning,
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal, $severity:ident, $summary:literal; )*) => {
        /// A stable diagnostic code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $( $(#[$doc])* $variant, )*
        }

        impl Code {
            /// Every code, in registry order.
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            /// The code as written in messages, e.g. `E0101`.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $code, )* }
            }

            /// The default severity.
            pub fn severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$severity, )* }
            }

            /// A one-line summary, for `aslc explain` and the docs index.
            pub fn summary(self) -> &'static str {
                match self { $( Code::$variant => $summary, )* }
            }

            /// Looks a code up by its text, e.g. `"E0101"`.
            pub fn parse(text: &str) -> Option<Code> {
                Code::ALL.iter().copied().find(|c| c.as_str().eq_ignore_ascii_case(text))
            }
        }
    };
}

codes! {
    // ---- E00xx: syntax -------------------------------------------------
    /// `workflow w( {` — the parser met a token it did not expect.
    UnexpectedToken = "E0001", Error, "unexpected token";
    /// A file that is not valid UTF-8.
    InvalidUtf8 = "E0002", Error, "the file is not valid UTF-8";

    // ---- E01xx: names and items ----------------------------------------

    // ---- E02xx: types --------------------------------------------------

    // ---- E03xx: flow ---------------------------------------------------

    // ---- E04xx: ASL limits ---------------------------------------------

    // ---- E05xx: endpoints and security ---------------------------------
    // E0520–E0549: resources the template creates or names (`check::resources`).
    /// `private "arn:aws:vpc-lattice:eu-west-1:1111:resourceconfiguration/rcfg-0123456789abcdef0"`
    /// — the account is not twelve digits.
    MalformedArn = "E0520", Error, "malformed ARN";
    /// `private "arn:aws:events:eu-west-1:111122223333:connection/b/0b8e"` — an
    /// EventBridge ARN where a VPC Lattice one is expected.
    ArnWrongService = "E0521", Error, "ARN of the wrong service";
    /// `private "arn:aws:vpc-lattice:eu-west-1:111122223333:resourcegateway/rgw-0123456789abcdef0"`
    /// — a resource gateway where a resource configuration is expected.
    ArnWrongResourceType = "E0522", Error, "ARN of the wrong resource type";
    /// `connection "arn:aws:events:eu-west-1:111122223333:connection/billing"` —
    /// the connection's id is missing.
    MalformedArnResourceId = "E0523", Error, "malformed resource id in an ARN";
    /// `private gateway { vpc "vpc-12" subnets ["subnet-0a1b2c3d"] }`
    MalformedEc2Id = "E0524", Error, "malformed VPC, subnet or security group id";
    /// `private gateway { subnets ["subnet-0a1b2c3d"] }`
    GatewayWithoutVpc = "E0525", Error, "private gateway without a VPC";
    /// `private gateway { vpc "vpc-0a1b2c3d" subnets [] }`
    GatewayWithoutSubnets = "E0526", Error, "private gateway without subnets";
    /// `subnets ["subnet-0a1b2c3d", "subnet-0a1b2c3d"]`
    DuplicateGatewayId = "E0527", Error, "subnet or security group listed twice";
    /// `security_groups ["sg-00000001", "sg-00000002", "sg-00000003", "sg-00000004", "sg-00000005", "sg-00000006"]`
    TooManySecurityGroups = "E0528", Error, "too many security groups for a resource gateway";
    /// `private gateway { vpc "vpc-0a1b2c3d" subnets ["subnet-0a1b2c3d"] port 70000 }`
    InvalidGatewayPort = "E0529", Error, "gateway port is not a TCP port";
    /// `url "https://api.example.com:8443"` with `private gateway { … port 443 }`
    GatewayPortMismatch = "E0530", Error, "gateway port differs from the url's port";
    /// `auth api_key "x-api-key" = secret("billing key")`
    InvalidSecretReference = "E0531", Error, "invalid secret name or JSON key";
    /// `auth api_key "x-api-key" = param("billing-key")`
    InvalidParameterName = "E0532", Error, "invalid template parameter name";
    /// `headers { "x source": "sfl" }` on an endpoint
    InvalidConnectionParameterName = "E0533", Error, "invalid connection header or query parameter name";
    /// `headers { "x-source": "caf\u{e9}" }` on an endpoint
    InvalidConnectionParameterValue = "E0534", Error, "connection header or query value that EventBridge rejects";
    /// `endpoint e { url "https://e.example.com" connection "arn:aws:events:…" headers { a: "b" } }`
    ParametersOnExistingConnection = "E0535", Error, "endpoint headers or query on an existing connection";
    /// `workflow` followed by a name of more than 80 characters
    StateMachineNameTooLong = "E0536", Error, "workflow name too long for a state machine";
    /// `auth oauth { token_url "http://auth.example.com/token" … }`
    InvalidTokenUrl = "E0537", Error, "OAuth token_url is not an https URL";
    /// `auth oauth { … method PATCH }`
    UnknownTokenMethod = "E0538", Error, "unknown OAuth token request method";
    /// `auth basic { username "svc" }` — no password
    IncompleteAuth = "E0539", Error, "auth clause missing a required part";
    /// An endpoint with `private`, `auth oauth { token_url "https://<the url's host>/token" … }`
    /// and `headers { … }`.
    PrivateTokenEndpointWithParameters = "E0540", Error, "endpoint headers or query with a private token endpoint";

    // ---- E09xx: internal errors ----------------------------------------
    /// The emitted ASL failed the compiler's own schema check: a compiler bug.
    InvalidOutput = "E0901", Error, "internal error: the emitted output failed validation";

    // ---- W0xxx: warnings -----------------------------------------------
    // W0100–W0119: the deployment template.
    /// A workflow calling thousands of distinct paths: the role's policy
    /// lists each (method, path) group and outgrows IAM's 10,240 characters.
    PolicyTooLarge = "W0100", Warning, "execution role policy likely over IAM's size limit";
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = std::collections::BTreeSet::new();
        for code in Code::ALL {
            let text = code.as_str();
            assert!(seen.insert(text), "{text} listed twice");
            assert_eq!(text.len(), 5, "{text}");
            let expected_letter = match code.severity() {
                Severity::Error => 'E',
                Severity::Warning => 'W',
            };
            assert!(
                text.starts_with(expected_letter),
                "{text} has the wrong letter"
            );
            assert!(text.chars().skip(1).all(|c| c.is_ascii_digit()), "{text}");
        }
    }
}

//! AWS facts in one place, each with its source in `shared/design/aws.md`.
//!
//! `check` uses these to reject what AWS would reject and `lower` to spell
//! what it emits; `syntax` and `graph` name the HTTP methods from here.
//! Nothing here depends on another module of the compiler.

pub mod ids;
pub mod url;

/// aws.md §2 "Other limits": a state name is at most 80 characters.
pub const MAX_STATE_NAME_CHARS: usize = 80;

/// aws.md "Limits that decide whether a workflow can ever succeed": a
/// workflow variable's name is at most 80 characters.
pub const MAX_VARIABLE_NAME_CHARS: usize = 80;

/// aws.md "Limits that decide whether a workflow can ever succeed": an
/// inline Map state runs at most 40 iterations at once.
pub const INLINE_MAP_MAX_CONCURRENCY: u64 = 40;

/// aws.md "Distributed Map": a Distributed Map runs at most 10,000 child
/// executions at once.
pub const DISTRIBUTED_MAP_MAX_CONCURRENCY: u64 = 10_000;

/// aws.md §1 "Limits / behaviour": the HTTP task's own request timeout is a
/// fixed 60 seconds; a longer state timeout cannot extend it.
pub const HTTP_TASK_TIMEOUT_SECONDS: u64 = 60;

/// aws.md §2 "Other limits": an Express execution runs at most 5 minutes.
pub const EXPRESS_MAX_SECONDS: u64 = 300;

/// Step Functions quotas: a Standard execution runs at most one year.
pub const STANDARD_MAX_SECONDS: u64 = 31_536_000;

/// aws.md §2 "Retry": the upper bound AWS accepts for `MaxAttempts` and
/// `IntervalSeconds` (UNVERIFIED in aws.md; the API rejects larger values).
pub const MAX_RETRY_NUMBER: u64 = 99_999_999;

/// The largest `Seconds` of a Wait state: "an integer value from 0 to
/// 99999999", also when a JSONata expression computes it (SF guide
/// "state-wait").
pub const MAX_WAIT_SECONDS: u64 = 99_999_999;

/// aws.md §2 "Retry": `MaxDelaySeconds` must be below this.
pub const MAX_DELAY_SECONDS_EXCLUSIVE: u64 = 31_622_401;

/// The error a call raises, before making the request, when a value
/// interpolated into its path is missing, `null`, `""`, `.` or `..`. Not a
/// `States.` name, so it cannot collide with the service's errors.
pub const INVALID_PATH_VALUE: &str = "Aslc.InvalidPathValue";

/// aws.md §2 "Predefined error names": the built-in names SFL accepts bare,
/// each mapped to `States.<name>`.
pub const BUILTIN_ERRORS: &[&str] = &[
    "Timeout",
    "HeartbeatTimeout",
    "TaskFailed",
    "Permissions",
    "ResultPathMatchFailure",
    "ParameterPathFailure",
    "QueryEvaluationError",
    "BranchFailed",
    "NoChoiceMatched",
    "IntrinsicFailure",
    "ExceedToleratedFailureThreshold",
    "ItemReaderFailed",
    "ResultWriterFailed",
    "DataLimitExceeded",
    "Runtime",
];

/// aws.md §1 "Errors raised by the HTTP Task": the errors of an EventBridge
/// connection that cannot be used (private connectivity not ready, access
/// denied, …). SFL writes `Connection.<name>`; ASL spells them
/// `Events.ConnectionResource.<name>`.
pub const CONNECTION_ERRORS: &[&str] = &[
    "InvalidConnectionState",
    "InvalidPrivateConnectionState",
    "AccessDenied",
    "ResourceNotFound",
    "AuthInProgress",
    "ConcurrentModification",
    "InternalError",
];

/// Whether an HTTP task can fail with the ASL error `name`: the service's
/// own `States.…` errors and the `Events.ConnectionResource.…` errors of
/// its connection (aws.md §1), never a user name.
pub fn task_can_raise(name: &str) -> bool {
    name.starts_with("States.") || name.starts_with(CONNECTION_ERROR_PREFIX)
}

/// How ASL spells the errors of [`CONNECTION_ERRORS`].
pub const CONNECTION_ERROR_PREFIX: &str = "Events.ConnectionResource.";

/// Whether a `Catch` entry naming `caught` (an ASL error name) catches an
/// error raised by a Fail state as `raised` (a user name, never `States.…`):
/// by that very name, or by a wildcard (see [`catches_every_raised`]).
pub fn catches_raised(caught: &str, raised: &str) -> bool {
    caught == raised || catches_every_raised(caught)
}

/// Whether a `Catch` entry naming `caught` catches every user error name:
/// `States.ALL`, and `States.TaskFailed`, which in `Retry`/`Catch` matches
/// every error except `States.Timeout` (Step Functions error handling,
/// "States.TaskFailed").
pub fn catches_every_raised(caught: &str) -> bool {
    caught == "States.ALL" || caught == "States.TaskFailed"
}

/// The forms `Http.X` accepts besides status codes, shown in suggestions.
pub const HTTP_ERROR_FORMS: &[&str] = &["Socket", "4xx", "5xx"];

/// aws.md §1 "Forbidden request headers": headers the HTTP task rejects,
/// lower-case. `authorization` is rejected by CreateStateMachine although
/// the list in the guide omits it; auth belongs in the connection.
pub const FORBIDDEN_HEADERS: &[&str] = &[
    "a-im",
    "accept-charset",
    "accept-datetime",
    "accept-encoding",
    "authorization",
    "cache-control",
    "connection",
    "content-encoding",
    "content-md5",
    "date",
    "expect",
    "forwarded",
    "from",
    "host",
    "http2-settings",
    "if-match",
    "if-modified-since",
    "if-none-match",
    "if-range",
    "if-unmodified-since",
    "max-forwards",
    "origin",
    "pragma",
    "proxy-authorization",
    "range",
    "referer",
    "server",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "user-agent",
    "via",
    "warning",
];

/// aws.md §1 "Limits / behaviour": a URL-encoded body needs this
/// `Content-Type`, set by the task itself.
pub const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// Whether a `Content-Type` value names a form-encoded body: the media
/// type compared case-insensitively, parameters (`; charset=…`) allowed.
pub fn is_form_content_type(value: &str) -> bool {
    let media_type = value.split(';').next().unwrap_or_default().trim();
    media_type.eq_ignore_ascii_case(FORM_CONTENT_TYPE)
}

/// aws.md §1: header name prefixes the HTTP task rejects, lower-case.
pub const FORBIDDEN_HEADER_PREFIXES: &[&str] = &["x-forwarded-", "x-amz-", "x-amzn-"];

/// Whether the HTTP task rejects (or overrides) a request header, compared
/// case-insensitively. `range` and `user-agent` are set by the service
/// itself (aws.md §1 "Service-set headers").
pub fn is_forbidden_header(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    FORBIDDEN_HEADERS.contains(&lower.as_str())
        || FORBIDDEN_HEADER_PREFIXES
            .iter()
            .any(|prefix| lower.starts_with(prefix))
}

/// An HTTP method the HTTP task accepts (aws.md §1 `Method`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// DELETE
    Delete,
    /// PATCH
    Patch,
    /// OPTIONS
    Options,
    /// HEAD
    Head,
}

impl Method {
    /// Every method, in the order above.
    pub const ALL: [Method; 7] = [
        Method::Get,
        Method::Post,
        Method::Put,
        Method::Delete,
        Method::Patch,
        Method::Options,
        Method::Head,
    ];

    /// The method as ASL writes it (`"GET"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
            Method::Patch => "PATCH",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
        }
    }

    /// Parses an upper-case method name.
    pub fn parse(text: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.as_str() == text)
    }
}

/// CloudFormation's `DefinitionSubstitutions` replaces every `${Name}` in
/// the definition text whose name it binds, and has no escape. aslc's own
/// `${…ConnectionArn}` variables are the only placeholders the definition
/// may hold, so a user's text never contains this opener.
pub const PLACEHOLDER_OPENER: &str = "${";

/// `${Name}` placeholders in `text` (`Name` of ASCII letters, digits and
/// `_`, the shape of a stage parameter's placeholder): each one's byte
/// range and name.
pub fn placeholders(text: &str) -> Vec<(std::ops::Range<usize>, &str)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = text.get(from..).and_then(|rest| rest.find("${")) {
        let start = from + at;
        let name_start = start + 2;
        let rest = text.get(name_start..).unwrap_or("");
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if len > 0 && rest.get(len..).is_some_and(|r| r.starts_with('}')) {
            out.push((start..name_start + len + 1, rest.get(..len).unwrap_or("")));
            from = name_start + len + 1;
        } else {
            from = name_start;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_compared_case_insensitively() {
        assert!(is_forbidden_header("Authorization"));
        assert!(is_forbidden_header("X-Amz-Date"));
        assert!(!is_forbidden_header("Content-Type"));
        assert!(!is_forbidden_header("x-api-key"));
    }
}

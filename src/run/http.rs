//! The HTTP task (`arn:aws:states:::http:invoke`): the request from the
//! evaluated `Arguments`, the mock key, and the answer as Step Functions
//! gives it (a result, or `States.Http.StatusCode.<n>`).

use indexmap::IndexMap;
use jsonata_core::value::JValue;
use serde_json::{Map, Value};

use super::Endpoint;
use super::jsonata::to_json;
use super::mocks::MockResponse;

/// The resource of an HTTP task.
pub(super) const HTTP_INVOKE: &str = "arn:aws:states:::http:invoke";

/// What a task sends, from its evaluated `Arguments`.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Request {
    pub(super) method: String,
    pub(super) url: String,
    pub(super) headers: Option<Value>,
    pub(super) query: Option<Value>,
    pub(super) body: Option<Value>,
}

impl Request {
    /// Reads the evaluated `Arguments`; `Err` names what is missing.
    pub(super) fn from_arguments(arguments: &JValue) -> Result<Request, String> {
        let field = |name: &str| arguments.get(name).map(to_json);
        let url = field("ApiEndpoint")
            .and_then(|v| v.as_str().map(str::to_owned))
            .ok_or("Arguments.ApiEndpoint must be a string")?;
        let method = field("Method")
            .and_then(|v| v.as_str().map(str::to_owned))
            .ok_or("Arguments.Method must be a string")?;
        Ok(Request {
            method,
            url,
            headers: field("Headers"),
            query: field("QueryParameters"),
            body: field("RequestBody"),
        })
    }

    /// The request as the call record shows it.
    pub(super) fn to_json(&self) -> Value {
        let mut out = Map::new();
        out.insert("method".into(), Value::String(self.method.clone()));
        out.insert("url".into(), Value::String(self.url.clone()));
        for (name, value) in [
            ("headers", &self.headers),
            ("query", &self.query),
            ("body", &self.body),
        ] {
            if let Some(value) = value {
                out.insert(name.into(), value.clone());
            }
        }
        Value::Object(out)
    }

    /// The mock key: `METHOD endpoint /path`, the path taken after the
    /// longest matching base URL and URL-decoded, with `?k=v&…` when the
    /// call sends query parameters. A URL under no endpoint keeps its
    /// whole text in place of `endpoint /path`.
    pub(super) fn key(&self, endpoints: &[Endpoint]) -> String {
        let target = endpoints
            .iter()
            .filter_map(|e| {
                let base = e.base_url.trim_end_matches('/');
                let rest = self.url.strip_prefix(base)?;
                let fits = rest.is_empty() || rest.starts_with('/') || rest.starts_with('?');
                fits.then_some((base.len(), e.name.as_str(), rest))
            })
            .max_by_key(|(len, _, _)| *len)
            .map(|(_, name, rest)| {
                let path = if rest.is_empty() || rest.starts_with('?') {
                    format!("/{rest}")
                } else {
                    rest.to_owned()
                };
                format!("{name} {}", percent_decode(&path))
            })
            .unwrap_or_else(|| self.url.clone());
        let query = self.query.as_ref().map(query_text).unwrap_or_default();
        let joiner = if target.contains('?') { '&' } else { '?' };
        if query.is_empty() {
            format!("{} {target}", self.method)
        } else {
            format!("{} {target}{joiner}{query}", self.method)
        }
    }
}

/// `k=v&…` in the object's order; a list value repeats its key.
fn query_text(query: &Value) -> String {
    let Value::Object(fields) = query else {
        return String::new();
    };
    let mut pairs = Vec::new();
    for (key, value) in fields {
        match value {
            Value::Array(items) => pairs.extend(items.iter().map(|v| format!("{key}={}", text(v)))),
            other => pairs.push(format!("{key}={}", text(other))),
        }
    }
    pairs.join("&")
}

fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// `%XX` sequences decoded as UTF-8 (invalid sequences are kept).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (byte, hex) {
            (b'%', Some(decoded)) => {
                out.push(decoded);
                i += 3;
            }
            _ => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// What a mocked answer means to the task.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Answer {
    /// A 2xx response: the task's result.
    Result(JValue),
    /// An error the task raises.
    Error { error: String, cause: String },
}

/// The task's answer to `response`: `{StatusCode, StatusText, Headers,
/// ResponseBody}` for a 2xx status, `States.Http.StatusCode.<n>` with that
/// object as JSON text in the cause otherwise, the named error for a
/// transport failure.
pub(super) fn answer(response: &MockResponse) -> Answer {
    match response {
        MockResponse::Error(error) => Answer::Error {
            error: error.clone(),
            cause: format!("mocked transport failure: {error}"),
        },
        MockResponse::Failure { error, cause } => Answer::Error {
            error: error.clone(),
            cause: cause.clone(),
        },
        // The answers of a task token do not describe an HTTP response.
        MockResponse::Answer(_) | MockResponse::Never => Answer::Error {
            error: super::events::BAD_MOCK.to_owned(),
            cause: "an HTTP call is mocked with a status or an error, not `answer` or `never`"
                .to_owned(),
        },
        MockResponse::Response {
            status,
            body,
            headers,
        } => {
            let mut result = IndexMap::new();
            result.insert("StatusCode".to_owned(), JValue::Number(f64::from(*status)));
            result.insert(
                "StatusText".to_owned(),
                JValue::string(status_text(*status)),
            );
            result.insert("Headers".to_owned(), JValue::from(headers.clone()));
            result.insert("ResponseBody".to_owned(), JValue::from(body.clone()));
            let result = JValue::object(result);
            if (200..300).contains(status) {
                Answer::Result(result)
            } else {
                Answer::Error {
                    error: format!("States.Http.StatusCode.{status}"),
                    cause: to_json(&result).to_string(),
                }
            }
        }
    }
}

/// The reason phrase of a status code: the IANA registry's names as
/// Python 3.11's `http.HTTPStatus` spells them (the differential harness
/// answers with those), empty for an unregistered code.
fn status_text(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        101 => "Switching Protocols",
        102 => "Processing",
        103 => "Early Hints",
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        203 => "Non-Authoritative Information",
        204 => "No Content",
        205 => "Reset Content",
        206 => "Partial Content",
        207 => "Multi-Status",
        208 => "Already Reported",
        226 => "IM Used",
        300 => "Multiple Choices",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        305 => "Use Proxy",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        407 => "Proxy Authentication Required",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Request Entity Too Large",
        414 => "Request-URI Too Long",
        415 => "Unsupported Media Type",
        416 => "Requested Range Not Satisfiable",
        417 => "Expectation Failed",
        418 => "I'm a Teapot",
        421 => "Misdirected Request",
        422 => "Unprocessable Entity",
        423 => "Locked",
        424 => "Failed Dependency",
        425 => "Too Early",
        426 => "Upgrade Required",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        506 => "Variant Also Negotiates",
        507 => "Insufficient Storage",
        508 => "Loop Detected",
        510 => "Not Extended",
        511 => "Network Authentication Required",
        _ => "",
    }
}

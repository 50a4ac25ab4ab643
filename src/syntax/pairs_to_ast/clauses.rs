//! Clause bodies (`endpoint`, `gateway`, `auth`, `retry` blocks): which
//! clauses each takes, the shape of each value, and error names.

use super::{Builder, P, children, describe_value, span_of};
use crate::aws::BUILTIN_ERRORS;
use crate::diag::Diagnostic;
use crate::source::Span;
use crate::suggest;
use crate::syntax::ast::{
    Auth, Duration, ErrorKind, ErrorName, Gateway, Ident, Jitter, NumLit, OAuth, Private,
    RetryPolicy, Spanned, StaticMap, StaticValue, StrList, StrLit, TokenMethod,
};
use crate::syntax::diagnostics;
use crate::syntax::parser::Rule;

// ---------------------------------------------------------------------------
// Clause tables: which clauses each body takes.

pub(super) const ENDPOINT_CLAUSES: &[&str] =
    &["url", "private", "connection", "auth", "headers", "query"];
const GATEWAY_CLAUSES: &[&str] = &["vpc", "subnets", "security_groups", "port"];
const BASIC_CLAUSES: &[&str] = &["username", "password"];
const OAUTH_CLAUSES: &[&str] = &[
    "token_url",
    "client_id",
    "client_secret",
    "method",
    "scope",
    "audience",
];
pub(super) const RETRY_CLAUSES: &[&str] = &[
    "on",
    "attempts",
    "interval",
    "backoff",
    "max_delay",
    "jitter",
];
/// Call options other than `retry` and `catch`, which the grammar knows.
pub(super) const OPTION_CLAUSES: &[&str] =
    &["query", "headers", "body", "encoding", "timeout", "name"];
/// All call options, for "did you mean" and the note.
pub(super) const ALL_OPTIONS: &[&str] = &[
    "query", "headers", "body", "encoding", "timeout", "retry", "catch", "name",
];
const AUTH_KINDS: &[&str] = &["api_key", "basic", "oauth"];

/// The clauses already given in one body, to report repeats.
#[derive(Default)]
pub(super) struct Seen(Vec<(&'static str, Span)>);

impl Seen {
    /// Records `name` at `span`; returns where it was first given if it was.
    pub(super) fn first(&mut self, name: &'static str, span: Span) -> Option<Span> {
        if let Some((_, first)) = self.0.iter().find(|(n, _)| *n == name) {
            return Some(*first);
        }
        self.0.push((name, span));
        None
    }
}

/// The value after a clause name, sorted by shape.
pub(super) enum ClauseVal<'i> {
    /// `gateway { … }`
    Block {
        kind: P<'i>,
        block: P<'i>,
        span: Span,
    },
    /// `api_key "Header" = VALUE`
    Assign {
        kind: P<'i>,
        header: P<'i>,
        value: P<'i>,
        span: Span,
    },
    /// `v` or `v1, v2, …`
    List { values: Vec<P<'i>>, span: Span },
}

impl ClauseVal<'_> {
    fn span(&self) -> Span {
        match self {
            ClauseVal::Block { span, .. }
            | ClauseVal::Assign { span, .. }
            | ClauseVal::List { span, .. } => *span,
        }
    }
}

impl Builder {
    /// Walks a `clause_block`: reports unknown and repeated clauses (the
    /// first of a repeated clause wins) and hands each known one to `each`
    /// with its canonical name and the clause's span.
    pub(super) fn clauses<'i>(
        &self,
        block: P<'i>,
        context: &str,
        known: &[&'static str],
        mut each: impl FnMut(&'static str, Span, ClauseVal<'i>),
    ) -> Option<()> {
        let mut seen = Seen::default();
        for clause in children(block) {
            let clause_span = span_of(&clause);
            let mut parts = children(clause);
            let name_pair = parts.next()?;
            let value = self.clause_val(parts.next()?)?;
            let name_span = span_of(&name_pair);
            let written = name_pair.as_str();
            let Some(name) = known.iter().copied().find(|k| *k == written) else {
                let suggestion = suggest::did_you_mean(written, known.iter().copied());
                self.report(diagnostics::unknown_clause(
                    name_span, written, context, known, suggestion,
                ));
                continue;
            };
            if let Some(first) = seen.first(name, name_span) {
                self.report(diagnostics::repeated_clause(name_span, first, name));
                continue;
            }
            each(name, clause_span, value);
        }
        Some(())
    }

    pub(super) fn clause_val<'i>(&self, pair: P<'i>) -> Option<ClauseVal<'i>> {
        let inner = pair.into_inner().next()?;
        let span = span_of(&inner);
        match inner.as_rule() {
            Rule::kind_block => {
                let mut parts = children(inner);
                Some(ClauseVal::Block {
                    kind: parts.next()?,
                    block: parts.next()?,
                    span,
                })
            }
            Rule::kind_assign => {
                let mut parts = children(inner);
                Some(ClauseVal::Assign {
                    kind: parts.next()?,
                    header: parts.next()?,
                    value: parts.next()?,
                    span,
                })
            }
            Rule::value_list => Some(ClauseVal::List {
                values: children(inner).collect(),
                span,
            }),
            _ => None,
        }
    }

    /// The one value of a clause that takes a single value.
    fn single<'i>(&self, clause: &str, value: ClauseVal<'i>, expected: &str) -> Option<P<'i>> {
        match value {
            ClauseVal::List { mut values, .. } if values.len() == 1 => values.pop(),
            ClauseVal::List { values, .. } => {
                let extra = values.get(1).map_or(Span::default(), span_of);
                self.report(diagnostics::invalid_clause_value(
                    extra,
                    clause,
                    expected,
                    Some(format!("`{clause}` takes one value")),
                ));
                None
            }
            other => {
                self.report(diagnostics::invalid_clause_value(
                    other.span(),
                    clause,
                    expected,
                    None,
                ));
                None
            }
        }
    }

    pub(super) fn clause_str(
        &self,
        clause: &str,
        value: ClauseVal<'_>,
        what: &str,
    ) -> Option<StrLit> {
        let pair = self.single(clause, value, "a string")?;
        match pair.as_rule() {
            Rule::string | Rule::sq_string => self.str_lit(&pair, what),
            other => {
                self.report(diagnostics::invalid_clause_value(
                    span_of(&pair),
                    clause,
                    "a string",
                    Some(format!(
                        "found {}; write it in double quotes",
                        describe_value(other)
                    )),
                ));
                None
            }
        }
    }

    /// A string that may name stage parameters (`url`, `private`,
    /// `connection`): `{Name}` in a double-quoted string, or the whole value
    /// `param("Name")`, is kept as the placeholder `${Name}` in the value;
    /// `check` resolves the names. Any other interpolation is reported as
    /// by [`Builder::clause_str`].
    pub(super) fn clause_param_str(
        &self,
        clause: &str,
        value: ClauseVal<'_>,
        what: &str,
    ) -> Option<StrLit> {
        let pair = self.single(clause, value, "a string")?;
        let span = span_of(&pair);
        match pair.as_rule() {
            Rule::call_value => {
                let mut parts = children(pair.clone());
                let func = parts.next()?;
                let args: Vec<P<'_>> = parts.collect();
                if let ("param", [arg]) = (func.as_str(), args.as_slice())
                    && matches!(arg.as_rule(), Rule::string | Rule::sq_string)
                {
                    let name = self.str_lit(arg, "a parameter name")?;
                    return Some(StrLit {
                        value: format!("${{{}}}", name.value),
                        span,
                    });
                }
                self.report(diagnostics::invalid_clause_value(
                    span,
                    clause,
                    "a string",
                    Some(format!(
                        "write {what} in double quotes, or `param(\"Name\")` for a stage parameter"
                    )),
                ));
                None
            }
            Rule::string => {
                let mut text = String::new();
                for part in pair.clone().into_inner() {
                    match part.as_rule() {
                        Rule::str_text => text.push_str(&self.text_part(&part)),
                        Rule::interp => {
                            let inner = part.as_str().trim_start_matches('{').trim_end_matches('}');
                            let name = inner.trim();
                            let bare = name
                                .starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                            if bare {
                                text.push_str(&format!("${{{name}}}"));
                            } else {
                                self.report(diagnostics::interpolation_not_allowed(
                                    span_of(&part),
                                    what,
                                ));
                                text.push_str(part.as_str());
                            }
                        }
                        _ => return None,
                    }
                }
                Some(StrLit { value: text, span })
            }
            _ => self.clause_str(
                clause,
                ClauseVal::List {
                    values: vec![pair],
                    span,
                },
                what,
            ),
        }
    }

    /// A list whose items may name stage parameters, as
    /// [`Builder::clause_param_str`] reads one string (a gateway's subnets
    /// and security groups).
    fn clause_param_str_list(
        &self,
        clause: &str,
        value: ClauseVal<'_>,
        what: &str,
    ) -> Option<StrList> {
        let pair = self.single(clause, value, "a list of strings")?;
        let span = span_of(&pair);
        if pair.as_rule() != Rule::str_list {
            return self.clause_str_list(
                clause,
                ClauseVal::List {
                    values: vec![pair],
                    span,
                },
            );
        }
        let mut items = Vec::new();
        for item in children(pair) {
            let item_span = span_of(&item);
            items.extend(self.clause_param_str(
                clause,
                ClauseVal::List {
                    values: vec![item],
                    span: item_span,
                },
                what,
            ));
        }
        Some(StrList { items, span })
    }

    fn clause_str_list(&self, clause: &str, value: ClauseVal<'_>) -> Option<StrList> {
        let pair = self.single(clause, value, "a list of strings")?;
        let span = span_of(&pair);
        match pair.as_rule() {
            Rule::str_list => {
                let mut items = Vec::new();
                for item in children(pair) {
                    match item.as_rule() {
                        Rule::string | Rule::sq_string => {
                            items.extend(self.str_lit(&item, "a list item"));
                        }
                        other => self.report(diagnostics::invalid_clause_value(
                            span_of(&item),
                            clause,
                            "a string",
                            Some(format!("found {}", describe_value(other))),
                        )),
                    }
                }
                Some(StrList { items, span })
            }
            Rule::string | Rule::sq_string => {
                self.report(diagnostics::invalid_clause_value(
                    span,
                    clause,
                    "a list of strings",
                    Some(format!("put it in brackets: `[{}]`", pair.as_str())),
                ));
                None
            }
            other => {
                self.report(diagnostics::invalid_clause_value(
                    span,
                    clause,
                    "a list of strings",
                    Some(format!("found {}", describe_value(other))),
                ));
                None
            }
        }
    }

    fn clause_number(&self, clause: &str, value: ClauseVal<'_>) -> Option<NumLit> {
        let pair = self.single(clause, value, "a number")?;
        match pair.as_rule() {
            Rule::signed_number => Some(self.num_lit(&pair)),
            Rule::duration => {
                self.report(diagnostics::invalid_clause_value(
                    span_of(&pair),
                    clause,
                    "a number",
                    Some(format!("`{clause}` is a plain number, without a unit")),
                ));
                None
            }
            other => {
                self.report(diagnostics::invalid_clause_value(
                    span_of(&pair),
                    clause,
                    "a number",
                    Some(format!("found {}", describe_value(other))),
                ));
                None
            }
        }
    }

    fn clause_duration(&self, clause: &str, value: ClauseVal<'_>) -> Option<Duration> {
        let pair = self.single(clause, value, "a duration")?;
        match pair.as_rule() {
            Rule::duration => self.duration(&pair),
            Rule::signed_number if !pair.as_str().starts_with('-') => {
                self.report(diagnostics::missing_duration_unit(
                    span_of(&pair),
                    pair.as_str(),
                ));
                None
            }
            other => {
                self.report(diagnostics::invalid_clause_value(
                    span_of(&pair),
                    clause,
                    "a duration such as `30s`",
                    Some(format!("found {}", describe_value(other))),
                ));
                None
            }
        }
    }

    fn clause_word(&self, clause: &str, value: ClauseVal<'_>, expected: &str) -> Option<Ident> {
        let pair = self.single(clause, value, expected)?;
        if pair.as_rule() == Rule::word {
            Some(Ident {
                name: pair.as_str().to_owned(),
                span: span_of(&pair),
            })
        } else {
            self.report(diagnostics::invalid_clause_value(
                span_of(&pair),
                clause,
                expected,
                Some(format!("found {}", describe_value(pair.as_rule()))),
            ));
            None
        }
    }

    fn clause_static(&self, clause: &str, value: ClauseVal<'_>) -> Option<StaticValue> {
        let pair = self.single(clause, value, STATIC_VALUE)?;
        self.static_value(clause, &pair)
    }

    pub(super) fn clause_static_map(
        &self,
        clause: &str,
        value: ClauseVal<'_>,
    ) -> Option<StaticMap> {
        let pair = self.single(clause, value, "`{ key: value, … }`")?;
        let span = span_of(&pair);
        if pair.as_rule() != Rule::static_map {
            self.report(diagnostics::invalid_clause_value(
                span,
                clause,
                "`{ key: value, … }`",
                Some(format!("found {}", describe_value(pair.as_rule()))),
            ));
            return None;
        }
        let mut entries = Vec::new();
        for entry in children(pair) {
            let mut parts = children(entry);
            let (Some(key), Some(value)) = (parts.next(), parts.next()) else {
                continue;
            };
            let Some(key) = self.key(key) else { continue };
            if let Some(value) = self.static_value(clause, &value) {
                entries.push((key, value));
            }
        }
        Some(StaticMap { entries, span })
    }

    /// A string, `secret(…)` or `param(…)`.
    fn static_value(&self, clause: &str, pair: &P<'_>) -> Option<StaticValue> {
        let span = span_of(pair);
        match pair.as_rule() {
            Rule::string | Rule::sq_string => self
                .str_lit(pair, "a value fixed at deploy time")
                .map(StaticValue::Literal),
            Rule::call_value => self.secret_call(clause, pair.clone()),
            other => {
                self.report(diagnostics::invalid_clause_value(
                    span,
                    clause,
                    STATIC_VALUE,
                    Some(format!("found {}", describe_value(other))),
                ));
                None
            }
        }
    }

    fn secret_call(&self, clause: &str, pair: P<'_>) -> Option<StaticValue> {
        let span = span_of(&pair);
        let mut parts = children(pair);
        let func = parts.next()?;
        let args: Vec<P<'_>> = parts.collect();
        let strings: Vec<StrLit> = args
            .iter()
            .filter(|a| matches!(a.as_rule(), Rule::string | Rule::sq_string))
            .filter_map(|a| self.str_lit(a, "a secret reference"))
            .collect();
        let all_strings = strings.len() == args.len();
        let mut strings = strings.into_iter();
        match func.as_str() {
            "secret" if all_strings && (1..=2).contains(&args.len()) => Some(StaticValue::Secret {
                name: strings.next()?,
                key: strings.next(),
                span,
            }),
            "param" if all_strings && args.len() == 1 => Some(StaticValue::Param {
                name: strings.next()?,
                span,
            }),
            "secret" => {
                self.report(diagnostics::invalid_clause_value(
                    span,
                    clause,
                    "`secret(\"name\")` or `secret(\"name\", \"json-key\")`",
                    Some(
                        "`secret` takes a secret's name and, optionally, a JSON key in it"
                            .to_owned(),
                    ),
                ));
                None
            }
            "param" => {
                self.report(diagnostics::invalid_clause_value(
                    span,
                    clause,
                    "`param(\"Name\")`",
                    Some("`param` takes the name of one template parameter".to_owned()),
                ));
                None
            }
            other => {
                let help = suggest::did_you_mean(other, ["secret", "param"]).unwrap_or_else(|| {
                    "secrets are read with `secret(\"name\")` or `param(\"Name\")`".to_owned()
                });
                self.report(diagnostics::invalid_clause_value(
                    span_of(&func),
                    clause,
                    "`secret(…)` or `param(…)`",
                    Some(help),
                ));
                None
            }
        }
    }

    pub(super) fn private(&self, value: ClauseVal<'_>) -> Option<Private> {
        let expected = "a resource configuration ARN or `gateway { … }`";
        match value {
            ClauseVal::Block { kind, block, span } if kind.as_str() == "gateway" => {
                let mut gateway = Gateway {
                    vpc: None,
                    subnets: None,
                    security_groups: None,
                    port: None,
                    span,
                };
                self.clauses(
                    block,
                    "a gateway",
                    GATEWAY_CLAUSES,
                    |name, _, value| match name {
                        "vpc" => gateway.vpc = self.clause_param_str(name, value, "a VPC id"),
                        "subnets" => {
                            gateway.subnets = self.clause_param_str_list(name, value, "a subnet id")
                        }
                        "security_groups" => {
                            gateway.security_groups =
                                self.clause_param_str_list(name, value, "a security group id")
                        }
                        "port" => gateway.port = self.clause_number(name, value),
                        _ => {}
                    },
                )?;
                Some(Private::Gateway(gateway))
            }
            ClauseVal::Block { kind, .. } => {
                self.report(diagnostics::invalid_clause_value(
                    span_of(&kind),
                    "private",
                    expected,
                    suggest::did_you_mean(kind.as_str(), ["gateway"]),
                ));
                None
            }
            ClauseVal::List { .. } => self
                .clause_param_str("private", value, "a resource configuration ARN")
                .map(Private::ResourceConfiguration),
            ClauseVal::Assign { span, .. } => {
                self.report(diagnostics::invalid_clause_value(
                    span, "private", expected, None,
                ));
                None
            }
        }
    }

    pub(super) fn auth(&self, value: ClauseVal<'_>, clause_span: Span) -> Option<Auth> {
        let expected = "`api_key \"Header\" = VALUE`, `basic { … }`, or `oauth { … }`";
        match value {
            ClauseVal::Assign {
                kind,
                header,
                value,
                ..
            } if kind.as_str() == "api_key" => Some(Auth::ApiKey {
                header: self.str_lit(&header, "a header name")?,
                value: self.static_value("auth", &value)?,
                span: clause_span,
            }),
            ClauseVal::Block { kind, block, .. } if kind.as_str() == "basic" => {
                let (mut username, mut password) = (None, None);
                self.clauses(
                    block,
                    "basic auth",
                    BASIC_CLAUSES,
                    |name, _, value| match name {
                        "username" => username = self.clause_static(name, value),
                        "password" => password = self.clause_static(name, value),
                        _ => {}
                    },
                )?;
                Some(Auth::Basic {
                    username,
                    password,
                    span: clause_span,
                })
            }
            ClauseVal::Block { kind, block, .. } if kind.as_str() == "oauth" => {
                let mut oauth = OAuth {
                    token_url: None,
                    client_id: None,
                    client_secret: None,
                    method: None,
                    scope: None,
                    audience: None,
                    span: clause_span,
                };
                self.clauses(block, "oauth", OAUTH_CLAUSES, |name, _, value| match name {
                    "token_url" => oauth.token_url = self.clause_str(name, value, "a token URL"),
                    "client_id" => oauth.client_id = self.clause_static(name, value),
                    "client_secret" => oauth.client_secret = self.clause_static(name, value),
                    "method" => {
                        oauth.method = self
                            .clause_word(name, value, "`GET`, `POST`, or `PUT`")
                            .and_then(|word| self.token_method(word))
                    }
                    "scope" => oauth.scope = self.clause_str(name, value, "a scope"),
                    "audience" => oauth.audience = self.clause_str(name, value, "an audience"),
                    _ => {}
                })?;
                Some(Auth::OAuth(oauth))
            }
            ClauseVal::Assign { kind, .. } | ClauseVal::Block { kind, .. } => {
                let written = kind.as_str();
                let help = match written {
                    "basic" | "oauth" => format!("write `auth {written} {{ … }}`"),
                    "api_key" => "write `auth api_key \"Header-Name\" = secret(\"…\")`".to_owned(),
                    _ => suggest::did_you_mean(written, AUTH_KINDS.iter().copied()).unwrap_or_else(
                        || "the kinds are `api_key`, `basic`, and `oauth`".to_owned(),
                    ),
                };
                self.report(diagnostics::invalid_clause_value(
                    span_of(&kind),
                    "auth",
                    expected,
                    Some(help),
                ));
                None
            }
            ClauseVal::List { values, span } => {
                let help = match values.as_slice() {
                    [one] if matches!(one.as_str(), "basic" | "oauth") => Some(format!(
                        "add its clauses in braces: `auth {} {{ … }}`",
                        one.as_str()
                    )),
                    _ => None,
                };
                self.report(diagnostics::invalid_clause_value(
                    span, "auth", expected, help,
                ));
                None
            }
        }
    }

    /// The member of a closed set that `word` names. Any other word is
    /// reported here, once (E0111, with the closest member as help), and
    /// left out of the tree.
    pub(super) fn closed_word<T: Copy, const N: usize>(
        &self,
        clause: &str,
        word: Ident,
        members: [T; N],
        as_str: fn(T) -> &'static str,
        allowed: &str,
    ) -> Option<Spanned<T>> {
        if let Some(member) = member_named(&word, members, as_str) {
            return Some(member);
        }
        let help = suggest::did_you_mean(&word.name, members.map(as_str));
        self.report(diagnostics::unknown_option_value(
            word.span, &word.name, clause, allowed, help,
        ));
        None
    }

    /// An OAuth token request method; any other word is reported (E0538)
    /// and left out.
    fn token_method(&self, word: Ident) -> Option<Spanned<TokenMethod>> {
        let methods = TokenMethod::ALL;
        if let Some(method) = member_named(&word, methods, TokenMethod::as_str) {
            return Some(method);
        }
        let guess = suggest::suggest(&word.name, methods.map(TokenMethod::as_str));
        self.report(diagnostics::unknown_token_method(
            word.span, &word.name, guess,
        ));
        None
    }

    pub(super) fn retry_clause(
        &self,
        policy: &mut RetryPolicy,
        name: &'static str,
        value: ClauseVal<'_>,
    ) {
        match name {
            "on" => policy.on = self.clause_errors(name, value),
            "attempts" => policy.attempts = self.clause_number(name, value),
            "interval" => policy.interval = self.clause_duration(name, value),
            "backoff" => policy.backoff = self.clause_number(name, value),
            "max_delay" => policy.max_delay = self.clause_duration(name, value),
            "jitter" => {
                policy.jitter = self
                    .clause_word(name, value, "`full` or `none`")
                    .and_then(|word| {
                        self.closed_word(
                            name,
                            word,
                            Jitter::ALL,
                            Jitter::as_str,
                            "`full` or `none`",
                        )
                    })
            }
            _ => {}
        }
    }

    fn clause_errors(&self, clause: &str, value: ClauseVal<'_>) -> Vec<ErrorName> {
        let ClauseVal::List { values, .. } = value else {
            self.report(diagnostics::invalid_clause_value(
                value.span(),
                clause,
                "error names",
                None,
            ));
            return Vec::new();
        };
        let mut errors = Vec::new();
        for pair in values {
            match pair.as_rule() {
                Rule::dotted | Rule::word | Rule::string | Rule::sq_string => {
                    errors.extend(self.error_name(&pair));
                }
                other => self.report(diagnostics::invalid_clause_value(
                    span_of(&pair),
                    clause,
                    "an error name",
                    Some(format!("found {}", describe_value(other))),
                )),
            }
        }
        errors
    }

    pub(super) fn error_list(&self, pair: P<'_>) -> Vec<ErrorName> {
        children(pair)
            .filter_map(|name| name.into_inner().next())
            .filter_map(|name| self.error_name(&name))
            .collect()
    }

    /// `Http.404`, `Connection.AccessDenied`, `Timeout`, `any`,
    /// `"Custom.Error"`.
    fn error_name(&self, pair: &P<'_>) -> Option<ErrorName> {
        let span = span_of(pair);
        let raw = pair.as_str();
        let kind = match pair.as_rule() {
            Rule::string | Rule::sq_string => {
                ErrorKind::Custom(self.str_lit(pair, "an error name")?.value)
            }
            Rule::dotted => match (raw.strip_prefix("Http."), raw.strip_prefix("Connection.")) {
                (Some(form), _) if !form.contains('.') => ErrorKind::Http(form.to_owned()),
                (_, Some(name)) if !name.contains('.') => ErrorKind::Connection(name.to_owned()),
                _ => {
                    self.report(dotted_error_problem(span, raw));
                    return None;
                }
            },
            _ if raw == "any" => ErrorKind::Any,
            _ if raw.starts_with(|c: char| c.is_ascii_uppercase()) => {
                ErrorKind::Builtin(raw.to_owned())
            }
            _ => {
                let help = BUILTIN_ERRORS
                    .iter()
                    .find(|b| b.eq_ignore_ascii_case(raw))
                    .map(|b| format!("did you mean `{b}`?"))
                    .unwrap_or_else(|| {
                        "write `Http.<status>`, a built-in name such as `Timeout`, `any`, or a custom name in quotes"
                            .to_owned()
                    });
                self.report(diagnostics::invalid_error_name(
                    span,
                    raw,
                    "built-in error names start with an upper-case letter",
                    help,
                ));
                return None;
            }
        };
        Some(ErrorName { kind, span })
    }
}

/// The member of a closed set spelt exactly as `word`, with its span.
fn member_named<T: Copy, const N: usize>(
    word: &Ident,
    members: [T; N],
    as_str: fn(T) -> &'static str,
) -> Option<Spanned<T>> {
    let value = members.into_iter().find(|m| as_str(*m) == word.name)?;
    Some(Spanned {
        value,
        span: word.span,
    })
}

/// What a deploy-time value may be, for messages.
const STATIC_VALUE: &str = "a string, `secret(…)`, or `param(…)`";

/// The diagnostic for a dotted error name that is not `Http.X` or
/// `Connection.X`.
fn dotted_error_problem(span: Span, raw: &str) -> Diagnostic {
    let (prefix, rest) = raw.split_once('.').unwrap_or((raw, ""));
    if prefix.eq_ignore_ascii_case("http") && !rest.contains('.') {
        return diagnostics::invalid_error_name(
            span,
            raw,
            "error names are case-sensitive",
            format!("write `Http.{rest}`"),
        );
    }
    if prefix.eq_ignore_ascii_case("connection") && !rest.contains('.') {
        return diagnostics::invalid_error_name(
            span,
            raw,
            "error names are case-sensitive",
            format!("write `Connection.{rest}`"),
        );
    }
    if let Some(name) = raw.strip_prefix("Events.ConnectionResource.") {
        return diagnostics::invalid_error_name(
            span,
            raw,
            "the `Events.ConnectionResource.` prefix is added by the compiler",
            format!("write `Connection.{name}`"),
        );
    }
    if prefix == "States" {
        let help = if rest == "ALL" {
            "write `any`".to_owned()
        } else {
            format!("write `{rest}`")
        };
        return diagnostics::invalid_error_name(
            span,
            raw,
            "the `States.` prefix is added by the compiler",
            help,
        );
    }
    diagnostics::invalid_error_name(
        span,
        raw,
        "not a built-in error name",
        format!("write a custom error name in quotes: `\"{raw}\"`"),
    )
}

//! HTTP calls and their options (`retry`, `catch`, `query`, `encoding`, …).

use super::clauses::{ALL_OPTIONS, OPTION_CLAUSES, RETRY_CLAUSES, Seen};
use super::{Builder, P, children, lone_primary, span_of, span_text};
use crate::source::Span;
use crate::suggest;
use crate::syntax::ast::{
    CallOptions, Callee, Duration, Encoding, Expr, HttpCall, Ident, Method, NodeId, RetryPolicy,
    RetrySpec, RunCall, StrLit,
};
use crate::syntax::diagnostics;
use crate::syntax::parser::Rule;

impl Builder {
    pub(super) fn http_call(&self, pair: P<'_>, binding: Option<Ident>) -> Option<HttpCall> {
        let mut parts = children(pair);
        let method_pair = parts.next()?;
        let method_span = span_of(&method_pair);
        let method = self.method(method_pair.as_str(), method_span);
        let endpoint = self.value_name(&parts.next()?, "endpoint");
        let path = self.template_text(parts.next()?)?;
        let mut response = None;
        let mut options = CallOptions::default();
        for part in parts {
            match part.as_rule() {
                Rule::response_type => response = Some(self.type_expr(children(part).next()?)?),
                Rule::call_options => options = self.call_options(part, OptionsOf::Call)?,
                _ => return None,
            }
        }
        Some(HttpCall {
            binding,
            method,
            method_span,
            endpoint,
            path,
            response,
            options,
            id: NodeId::fresh(),
        })
    }

    /// `run callee(input) [-> T] [{ options }]`. Options that only mean
    /// something for HTTP (`query`, `headers`, `body`, `encoding`) are
    /// reported (E0030) and dropped.
    pub(super) fn run_call(&self, pair: P<'_>, binding: Option<Ident>) -> Option<RunCall> {
        let whole = span_of(&pair);
        let mut head_end = whole.start;
        let mut callee = None;
        let mut input = None;
        let mut result = None;
        let mut options = CallOptions::default();
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::kw_run | Rule::p_call | Rule::p_comma => {}
                Rule::p_rparen => head_end = span_of(&part).end,
                Rule::ident => callee = Some(Callee::Workflow(self.value_name(&part, "workflow"))),
                Rule::string | Rule::sq_string => {
                    callee = Some(Callee::Arn(self.str_lit(&part, "a state machine ARN")?));
                }
                Rule::expr => input = Some(self.expr(part)?),
                Rule::response_type => result = Some(self.type_expr(children(part).next()?)?),
                Rule::call_options => options = self.call_options(part, OptionsOf::Run)?,
                _ => return None,
            }
        }
        for (name, span) in [
            ("query", options.query.as_ref().map(|e| e.span)),
            ("headers", options.headers.as_ref().map(|e| e.span)),
            ("body", options.body.as_ref().map(|e| e.span)),
            ("encoding", options.encoding.as_ref().map(|e| e.span)),
        ] {
            if let Some(span) = span {
                self.report(diagnostics::run_option_not_allowed(span, name));
            }
        }
        options.query = None;
        options.headers = None;
        options.body = None;
        options.encoding = None;
        Some(RunCall {
            binding,
            callee: callee?,
            input,
            result,
            options,
            head_span: Span::new(whole.start as usize, head_end.max(whole.start) as usize),
            id: NodeId::fresh(),
        })
    }

    /// The method as written, or the closest one after reporting it (so the
    /// rest of the call is still checked).
    fn method(&self, written: &str, span: Span) -> Method {
        if let Some(method) = Method::parse(written) {
            return method;
        }
        let suggestion = suggest::suggest(written, Method::ALL.iter().map(|m| m.as_str()));
        self.report(diagnostics::unknown_method(span, written, suggestion));
        suggestion.and_then(Method::parse).unwrap_or(Method::Get)
    }

    pub(super) fn call_options(&self, pair: P<'_>, of: OptionsOf) -> Option<CallOptions> {
        let mut options = CallOptions {
            span: Some(span_of(&pair)),
            ..CallOptions::default()
        };
        let mut seen = Seen::default();
        for option in children(pair) {
            let option = option.into_inner().next()?;
            match option.as_rule() {
                Rule::retry_option => options.retries.extend(self.retry_option(option)),
                Rule::catch_clause => options.catches.push(self.catch_clause(option)?),
                Rule::option => self.option(option, &mut options, &mut seen, of)?,
                _ => return None,
            }
        }
        Some(options)
    }

    fn retry_option(&self, pair: P<'_>) -> Option<RetrySpec> {
        let spec = children(pair).next()?;
        if spec.as_rule() != Rule::inline_retry {
            return Some(RetrySpec::Named(self.value_name(&spec, "retry policy")));
        }
        let mut policy = RetryPolicy::empty(span_of(&spec));
        let mut seen = Seen::default();
        for part in children(spec) {
            match part.as_rule() {
                Rule::on_word => {
                    seen.first("on", span_of(&part));
                }
                Rule::error_list => policy.on = self.error_list(part),
                Rule::inline_clause => {
                    let mut inner = children(part);
                    let name_pair = inner.next()?;
                    let value = self.clause_val(inner.next()?)?;
                    let name_span = span_of(&name_pair);
                    let name = RETRY_CLAUSES
                        .iter()
                        .copied()
                        .find(|n| *n == name_pair.as_str())?;
                    if let Some(first) = seen.first(name, name_span) {
                        self.report(diagnostics::repeated_clause(name_span, first, name));
                    } else {
                        self.retry_clause(&mut policy, name, value);
                    }
                }
                _ => return None,
            }
        }
        Some(RetrySpec::Inline(policy))
    }

    /// `query`, `headers`, `body`, `encoding`, `timeout` or `name`.
    fn option(
        &self,
        pair: P<'_>,
        options: &mut CallOptions,
        seen: &mut Seen,
        of: OptionsOf,
    ) -> Option<()> {
        let mut parts = children(pair);
        let key = parts.next()?;
        let value = parts.next()?;
        let key_span = span_of(&key);
        let written = key.as_str();
        let Some(name) = OPTION_CLAUSES.iter().copied().find(|n| *n == written) else {
            let suggestion =
                suggest::did_you_mean(written, of.known().iter().copied()).or_else(|| {
                    RETRY_CLAUSES.contains(&written).then(|| {
                        format!("`{written}` belongs to a retry: `retry on … {written} …`")
                    })
                });
            self.report(diagnostics::unknown_clause(
                key_span,
                written,
                of.what(),
                of.known(),
                suggestion,
            ));
            return Some(());
        };
        if let Some(first) = seen.first(name, key_span) {
            self.report(diagnostics::repeated_clause(key_span, first, name));
            return Some(());
        }
        match name {
            "query" => options.query = self.option_expr(name, value),
            "headers" => options.headers = self.option_expr(name, value),
            "body" => options.body = self.option_expr(name, value),
            "encoding" => {
                options.encoding = self.option_word(name, &value).and_then(|word| {
                    self.closed_word(
                        name,
                        word,
                        Encoding::ALL,
                        Encoding::as_str,
                        "`form` (a URL-encoded body; JSON is the default)",
                    )
                })
            }
            "timeout" => options.timeout = self.option_duration(name, &value),
            "name" => options.name = self.option_str(name, &value),
            _ => {}
        }
        Some(())
    }

    fn option_expr(&self, name: &str, value: P<'_>) -> Option<Expr> {
        if value.as_rule() == Rule::expr {
            return self.expr(value);
        }
        self.report(diagnostics::invalid_clause_value(
            span_of(&value),
            name,
            "an expression",
            Some("a duration is not a value".to_owned()),
        ));
        None
    }

    fn option_word(&self, name: &str, value: &P<'_>) -> Option<Ident> {
        // A bare name: a `name_ref` without call arguments.
        let word = lone_primary(value)
            .filter(|word| value.as_rule() == Rule::expr && word.as_rule() == Rule::name_ref)
            .and_then(|word| {
                let mut inner = word.into_inner();
                match (inner.next(), inner.next()) {
                    (Some(name), None) => Some(name),
                    _ => None,
                }
            });
        match word {
            Some(word) => Some(Ident {
                name: word.as_str().to_owned(),
                span: span_of(&word),
            }),
            None => {
                self.report(diagnostics::invalid_clause_value(
                    span_of(value),
                    name,
                    "a word such as `form`",
                    None,
                ));
                None
            }
        }
    }

    fn option_duration(&self, name: &str, value: &P<'_>) -> Option<Duration> {
        if value.as_rule() == Rule::duration {
            return self.duration(value);
        }
        match lone_primary(value) {
            Some(number) if number.as_rule() == Rule::number => {
                self.report(diagnostics::missing_duration_unit(
                    span_of(&number),
                    number.as_str(),
                ));
            }
            _ => self.report(diagnostics::invalid_clause_value(
                span_of(value),
                name,
                "a duration such as `30s`",
                None,
            )),
        }
        None
    }

    fn option_str(&self, name: &str, value: &P<'_>) -> Option<StrLit> {
        match lone_primary(value) {
            Some(text) if matches!(text.as_rule(), Rule::string | Rule::sq_string) => {
                self.str_lit(&text, "a state name")
            }
            other => {
                // A bare word was most likely meant as the text itself.
                let help = other
                    .filter(|word| word.as_rule() == Rule::name_ref)
                    .map(|word| format!("write it in double quotes: `\"{}\"`", span_text(&word)));
                self.report(diagnostics::invalid_clause_value(
                    span_of(value),
                    name,
                    "a string",
                    help,
                ));
                None
            }
        }
    }
}

/// Whose options block is being read: the clauses an unknown one is
/// compared with, and what the message calls the statement. (`run` and
/// `emit` share the call's grammar; the HTTP-only clauses they cannot
/// take are reported by name, E0030 and E0035.)
#[derive(Debug, Clone, Copy)]
pub(super) enum OptionsOf {
    Call,
    Run,
    Emit,
}

impl OptionsOf {
    fn what(self) -> &'static str {
        match self {
            OptionsOf::Call => "a call",
            OptionsOf::Run => "a `run`",
            OptionsOf::Emit => "an `emit`",
        }
    }

    fn known(self) -> &'static [&'static str] {
        match self {
            OptionsOf::Call => ALL_OPTIONS,
            OptionsOf::Run => &["timeout", "retry", "catch", "name"],
            OptionsOf::Emit => &["retry", "catch", "name"],
        }
    }
}

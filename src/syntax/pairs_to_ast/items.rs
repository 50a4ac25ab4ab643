//! The file and its items: workflows, types, endpoints and retry policies.

use super::clauses::{ENDPOINT_CLAUSES, RETRY_CLAUSES, Seen};
use super::{Builder, P, children, span_of};
use crate::source::Span;
use crate::syntax::ast::{
    self, Comment, Doc, Endpoint, Ident, Item, LogClause, LogLevel, Param, ParamDef, RetryDef,
    RetryPolicy, TypeDef, Workflow,
};
use crate::syntax::diagnostics;
use crate::syntax::parser::Rule;

impl Builder {
    pub(super) fn file(&self, pair: P<'_>, comments: Vec<Comment>) -> ast::File {
        let span = span_of(&pair);
        let mut items = Vec::new();
        for child in children(pair) {
            match child.as_rule() {
                Rule::item => {
                    let item_span = span_of(&child);
                    if let Some(item) = self.guarded(item_span, || self.item(child)) {
                        items.push(item);
                    }
                }
                Rule::dangling_doc => {
                    self.report(diagnostics::dangling_doc_comment(span_of(&child)))
                }
                Rule::EOI => {}
                _ => self.report(diagnostics::internal_shape(span_of(&child))),
            }
        }
        ast::File {
            items,
            comments,
            span,
        }
    }

    fn item(&self, pair: P<'_>) -> Option<Item> {
        let span = span_of(&pair);
        let mut doc = None;
        let mut kind = None;
        for child in children(pair) {
            match child.as_rule() {
                Rule::doc => doc = Some(self.doc(child)),
                Rule::item_kind => kind = child.into_inner().next(),
                _ => return None,
            }
        }
        let kind = kind?;
        match kind.as_rule() {
            Rule::workflow => self.workflow(kind, doc, span).map(Item::Workflow),
            Rule::type_def => self.type_def(kind, doc, span).map(Item::Type),
            Rule::endpoint => self.endpoint(kind, doc, span).map(Item::Endpoint),
            Rule::retry_def => self.retry_def(kind, doc, span).map(Item::Retry),
            Rule::param_def => self.param_def(kind, doc, span).map(Item::Param),
            Rule::use_item => {
                let path = self.str_lit(&children(kind).next()?, "a `use` path")?;
                Some(Item::Use(ast::Use { doc, path, span }))
            }
            Rule::bus_def => {
                let mut parts = children(kind);
                let name = self.value_name(&parts.next()?, "event bus");
                let value = self.str_lit(&parts.next()?, "an event bus")?;
                Some(Item::Bus(ast::BusDef {
                    doc,
                    name,
                    value,
                    span,
                }))
            }
            _ => None,
        }
    }

    pub(super) fn doc(&self, pair: P<'_>) -> Doc {
        let span = span_of(&pair);
        let lines: Vec<&str> = pair
            .into_inner()
            .map(|line| {
                let text = line.as_str().strip_prefix("///").unwrap_or("");
                text.strip_prefix(' ')
                    .unwrap_or(text)
                    .trim_end_matches('\r')
            })
            .collect();
        Doc {
            text: lines.join("\n"),
            span,
        }
    }

    fn workflow(&self, pair: P<'_>, doc: Option<Doc>, span: Span) -> Option<Workflow> {
        let mut parts = children(pair);
        let name = self.value_name(&parts.next()?, "workflow");
        let mut input = None;
        let mut timeout = None;
        let mut express = None;
        let mut log = None;
        let mut tracing = None;
        let mut seen = Seen::default();
        let mut body = None;
        for part in parts {
            let part_span = span_of(&part);
            match part.as_rule() {
                Rule::params => {
                    if let Some(param) = children(part).next() {
                        input = Some(self.param(param)?);
                    }
                }
                Rule::workflow_timeout => {
                    if let Some(first) = seen.first("timeout", part_span) {
                        self.report(diagnostics::repeated_clause(part_span, first, "timeout"));
                    } else {
                        timeout = self.duration(&children(part).next()?);
                    }
                }
                Rule::kw_express => {
                    if let Some(first) = seen.first("express", part_span) {
                        self.report(diagnostics::repeated_clause(part_span, first, "express"));
                    } else {
                        express = Some(part_span);
                    }
                }
                Rule::workflow_log => {
                    if let Some(first) = seen.first("log", part_span) {
                        self.report(diagnostics::repeated_clause(part_span, first, "log"));
                    } else {
                        log = Some(log_clause(part)?);
                    }
                }
                Rule::kw_tracing => {
                    if let Some(first) = seen.first("tracing", part_span) {
                        self.report(diagnostics::repeated_clause(part_span, first, "tracing"));
                    } else {
                        tracing = Some(part_span);
                    }
                }
                Rule::block => body = Some(self.block(part)?),
                _ => return None,
            }
        }
        Some(Workflow {
            doc,
            name,
            input,
            timeout,
            express,
            log,
            tracing,
            body: body?,
            span,
        })
    }

    fn param(&self, pair: P<'_>) -> Option<Param> {
        let span = span_of(&pair);
        let mut parts = children(pair);
        let name = self.value_name(&parts.next()?, "parameter");
        let ty = self.type_expr(parts.next()?)?;
        Some(Param { name, ty, span })
    }

    fn type_def(&self, pair: P<'_>, doc: Option<Doc>, span: Span) -> Option<TypeDef> {
        let mut parts = children(pair);
        let name = self.type_name(&parts.next()?);
        let ty = self.type_expr(parts.next()?)?;
        Some(TypeDef {
            doc,
            name,
            ty,
            span,
        })
    }

    fn endpoint(&self, pair: P<'_>, doc: Option<Doc>, span: Span) -> Option<Endpoint> {
        let mut parts = children(pair);
        let name = self.value_name(&parts.next()?, "endpoint");
        let mut endpoint = Endpoint {
            doc,
            name,
            url: None,
            private: None,
            connection: None,
            auth: None,
            headers: None,
            query: None,
            span,
        };
        self.clauses(
            parts.next()?,
            "an endpoint",
            ENDPOINT_CLAUSES,
            |name, clause_span, value| match name {
                "url" => endpoint.url = self.clause_param_str(name, value, "a URL"),
                "private" => endpoint.private = self.private(value),
                "connection" => {
                    endpoint.connection = self.clause_param_str(name, value, "a connection ARN")
                }
                "auth" => endpoint.auth = self.auth(value, clause_span),
                "headers" => endpoint.headers = self.clause_static_map(name, value),
                "query" => endpoint.query = self.clause_static_map(name, value),
                _ => {}
            },
        )?;
        Some(endpoint)
    }

    /// `param Name [= "default"]`: the default is a plain string.
    fn param_def(&self, pair: P<'_>, doc: Option<Doc>, span: Span) -> Option<ParamDef> {
        let mut parts = children(pair);
        let name_pair = parts.next()?;
        let name = Ident {
            name: name_pair.as_str().to_owned(),
            span: span_of(&name_pair),
        };
        let default = match parts.next() {
            Some(text) => Some(self.str_lit(&text, "a parameter's default")?),
            None => None,
        };
        Some(ParamDef {
            doc,
            name,
            default,
            fixed: false,
            span,
        })
    }

    fn retry_def(&self, pair: P<'_>, doc: Option<Doc>, span: Span) -> Option<RetryDef> {
        let mut parts = children(pair);
        let name = self.value_name(&parts.next()?, "retry policy");
        let block = parts.next()?;
        let mut policy = RetryPolicy::empty(span_of(&block));
        self.clauses(block, "a retry policy", RETRY_CLAUSES, |name, _, value| {
            self.retry_clause(&mut policy, name, value);
        })?;
        Some(RetryDef {
            doc,
            name,
            policy,
            span,
        })
    }
}

/// `log all|error|fatal [with data]`; the grammar admits only those words.
fn log_clause(pair: P<'_>) -> Option<LogClause> {
    let span = span_of(&pair);
    let mut parts = children(pair);
    let level = match parts.next()?.as_str() {
        "all" => LogLevel::All,
        "error" => LogLevel::Error,
        "fatal" => LogLevel::Fatal,
        _ => return None,
    };
    let with_data = parts.next().is_some_and(|p| p.as_rule() == Rule::log_data);
    Some(LogClause {
        level,
        with_data,
        span,
    })
}

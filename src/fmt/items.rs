//! Layout of the file's items and of clause bodies (endpoints, private
//! gateways, auth, retry policies).
//!
//! Clause bodies are always one clause a line, in the order written, with
//! the one-line values aligned one space after the longest clause word; a
//! value over several lines (`oauth { … }`) follows its word after one
//! space, as a block does.

use super::exprs::{aligned, key_width};
use super::printer::Printer;
use super::stmts::{RetryValue, retry_clauses};
use crate::source::Span;
use crate::syntax::ast::{
    Auth, Endpoint, File, Gateway, Item, Key, OAuth, ParamDef, Private, RetryDef, StaticMap,
    StaticValue, StrList, StrLit, TypeDef, Workflow,
};

/// The value of one clause.
enum ClauseValue<'a> {
    /// A string, number or word copied as written.
    Token(Span),
    Word(&'static str),
    Private(&'a Private),
    Auth(&'a Auth),
    Map(&'a StaticMap),
    List(&'a StrList),
    Static(&'a StaticValue),
    Retry(RetryValue<'a>),
}

/// One clause: where it starts, its word, its value.
type Clause<'a> = (u32, &'static str, ClauseValue<'a>);

impl Printer<'_> {
    /// The whole file. Items keep the source's blank lines between them
    /// (at most one); an item written over several lines (doc comment
    /// included) always has a blank line before and after it.
    pub(super) fn file(&mut self, file: &File) {
        let mut previous_spread = false;
        for (index, item) in file.items.iter().enumerate() {
            let first = index == 0;
            let checkpoint = self.checkpoint();
            let spread = self.top_item(item, !first && previous_spread);
            // Whether an item spreads over lines is known once it is
            // written; write it again with the blank line it needs.
            if spread && !first && !previous_spread {
                self.restore(&checkpoint);
                self.top_item(item, true);
            }
            previous_spread = spread;
        }
    }

    /// Writes one item (after a blank line if `blank`, or if the source had
    /// one); returns whether it took more than one line.
    fn top_item(&mut self, item: &Item, blank: bool) -> bool {
        let (doc_start, keyword_end) = item_starts(item);
        self.flush_trailing(doc_start);
        if blank {
            self.blank_line();
        }
        self.anchor(doc_start);
        let start = self.checkpoint();
        self.item(item, keyword_end);
        let spread = self.broke_line_since(&start);
        self.newline();
        spread
    }

    fn item(&mut self, item: &Item, keyword_end: u32) {
        match item {
            Item::Workflow(workflow) => self.workflow(workflow, keyword_end),
            Item::Type(type_def) => self.type_def(type_def, keyword_end),
            Item::Endpoint(endpoint) => self.endpoint(endpoint, keyword_end),
            Item::Retry(retry) => self.retry_def(retry, keyword_end),
            Item::Param(param) => self.param_def(param, keyword_end),
            Item::Bus(bus) => {
                if let Some(doc) = &bus.doc {
                    self.doc(doc, keyword_end);
                }
                self.text(&format!("bus {} = ", bus.name.name));
                self.verbatim(bus.value.span);
            }
            Item::Use(item) => {
                if let Some(doc) = &item.doc {
                    self.doc(doc, keyword_end);
                }
                self.text("use ");
                self.verbatim(item.path.span);
            }
        }
    }

    /// `param Name = "default"` on one line, the default as written.
    fn param_def(&mut self, param: &ParamDef, keyword_end: u32) {
        let ParamDef {
            doc,
            name,
            default,
            fixed: _,
            span: _,
        } = param;
        if let Some(doc) = doc {
            self.doc(doc, keyword_end);
        }
        self.text(&format!("param {}", name.name));
        if let Some(default) = default {
            self.text(" = ");
            self.verbatim(default.span);
        }
    }

    fn workflow(&mut self, workflow: &Workflow, keyword_end: u32) {
        let Workflow {
            doc,
            name,
            input,
            timeout,
            express,
            log,
            tracing,
            body,
            span: _,
        } = workflow;
        if let Some(doc) = doc {
            self.doc(doc, keyword_end);
        }
        self.text(&format!("workflow {}(", name.name));
        if let Some(param) = input {
            self.text(&format!("{}: ", param.name.name));
            self.type_expr(&param.ty);
        }
        self.text(")");
        if let Some(timeout) = timeout {
            self.text(" timeout ");
            self.verbatim(timeout.span);
        }
        if express.is_some() {
            self.text(" express");
        }
        if let Some(log) = log {
            self.text(&format!(" log {}", log.level.as_str()));
            if log.with_data {
                self.text(" with data");
            }
        }
        if tracing.is_some() {
            self.text(" tracing");
        }
        self.text(" ");
        self.block(body);
    }

    fn type_def(&mut self, type_def: &TypeDef, keyword_end: u32) {
        let TypeDef {
            doc,
            name,
            ty,
            span: _,
        } = type_def;
        if let Some(doc) = doc {
            self.doc(doc, keyword_end);
        }
        self.text(&format!("type {} = ", name.name));
        self.type_expr(ty);
    }

    fn endpoint(&mut self, endpoint: &Endpoint, keyword_end: u32) {
        let Endpoint {
            doc,
            name,
            url,
            private,
            connection,
            auth,
            headers,
            query,
            span,
        } = endpoint;
        if let Some(doc) = doc {
            self.doc(doc, keyword_end);
        }
        self.text(&format!("endpoint {} ", name.name));
        let mut clauses = Vec::new();
        push_str(&mut clauses, "url", url.as_ref());
        if let Some(private) = private {
            let start = match private {
                Private::ResourceConfiguration(arn) => arn.span.start,
                Private::Gateway(gateway) => gateway.span.start,
            };
            clauses.push((start, "private", ClauseValue::Private(private)));
        }
        push_str(&mut clauses, "connection", connection.as_ref());
        if let Some(auth) = auth {
            clauses.push((auth.span().start, "auth", ClauseValue::Auth(auth)));
        }
        for (word, map) in [("headers", headers), ("query", query)] {
            if let Some(map) = map {
                clauses.push((map.span.start, word, ClauseValue::Map(map)));
            }
        }
        self.clause_block(clauses, span.end);
    }

    fn retry_def(&mut self, retry: &RetryDef, keyword_end: u32) {
        let RetryDef {
            doc,
            name,
            policy,
            span,
        } = retry;
        if let Some(doc) = doc {
            self.doc(doc, keyword_end);
        }
        self.text(&format!("retry {} ", name.name));
        let clauses = retry_clauses(policy)
            .into_iter()
            .map(|(start, word, value)| (start, word, ClauseValue::Retry(value)))
            .collect();
        self.clause_block(clauses, span.end);
    }

    /// `{`, one clause a line in source order, `}` (before `end`).
    fn clause_block(&mut self, mut clauses: Vec<Clause<'_>>, end: u32) {
        clauses.sort_by_key(|(start, _, _)| *start);
        let aligned: Vec<bool> = clauses
            .iter()
            .map(|(_, _, value)| !self.would_break(|p| p.clause_value(value)))
            .collect();
        let width = clauses
            .iter()
            .map(|(_, word, _)| word.len())
            .max()
            .unwrap_or(0);
        self.text("{");
        self.newline();
        self.indent();
        for ((start, word, value), aligned) in clauses.iter().zip(aligned) {
            self.anchor(*start);
            let width = if aligned { width } else { 0 };
            self.text(&format!("{word:<width$} "));
            self.clause_value(value);
            self.newline();
        }
        self.close_brace(end);
    }

    fn clause_value(&mut self, value: &ClauseValue<'_>) {
        match value {
            ClauseValue::Token(span) => self.verbatim(*span),
            ClauseValue::Word(word) => self.text(word),
            ClauseValue::Private(Private::ResourceConfiguration(arn)) => self.verbatim(arn.span),
            ClauseValue::Private(Private::Gateway(gateway)) => self.gateway(gateway),
            ClauseValue::Auth(auth) => self.auth(auth),
            ClauseValue::Map(map) => self.static_map(map),
            ClauseValue::List(list) => self.str_list(list),
            ClauseValue::Static(value) => self.static_value(value),
            ClauseValue::Retry(value) => self.retry_value(value),
        }
    }

    fn gateway(&mut self, gateway: &Gateway) {
        let Gateway {
            vpc,
            subnets,
            security_groups,
            port,
            span,
        } = gateway;
        self.text("gateway ");
        let mut clauses = Vec::new();
        push_str(&mut clauses, "vpc", vpc.as_ref());
        for (word, list) in [("subnets", subnets), ("security_groups", security_groups)] {
            if let Some(list) = list {
                clauses.push((list.span.start, word, ClauseValue::List(list)));
            }
        }
        if let Some(port) = port {
            clauses.push((port.span.start, "port", ClauseValue::Token(port.span)));
        }
        self.clause_block(clauses, span.end);
    }

    fn auth(&mut self, auth: &Auth) {
        match auth {
            Auth::ApiKey { header, value, .. } => {
                self.text("api_key ");
                self.verbatim(header.span);
                self.text(" = ");
                self.static_value(value);
            }
            Auth::Basic {
                username,
                password,
                span,
            } => {
                self.text("basic ");
                let mut clauses = Vec::new();
                push_static(&mut clauses, "username", username.as_ref());
                push_static(&mut clauses, "password", password.as_ref());
                self.clause_block(clauses, span.end);
            }
            Auth::OAuth(oauth) => self.oauth(oauth),
        }
    }

    fn oauth(&mut self, oauth: &OAuth) {
        let OAuth {
            token_url,
            client_id,
            client_secret,
            method,
            scope,
            audience,
            span,
        } = oauth;
        self.text("oauth ");
        let mut clauses = Vec::new();
        push_str(&mut clauses, "token_url", token_url.as_ref());
        push_static(&mut clauses, "client_id", client_id.as_ref());
        push_static(&mut clauses, "client_secret", client_secret.as_ref());
        if let Some(method) = method {
            let word = ClauseValue::Word(method.value.as_str());
            clauses.push((method.span.start, "method", word));
        }
        push_str(&mut clauses, "scope", scope.as_ref());
        push_str(&mut clauses, "audience", audience.as_ref());
        self.clause_block(clauses, span.end);
    }

    fn static_value(&mut self, value: &StaticValue) {
        match value {
            StaticValue::Literal(text) => self.verbatim(text.span),
            StaticValue::Secret { name, key, .. } => {
                self.text("secret(");
                self.verbatim(name.span);
                if let Some(key) = key {
                    self.text(", ");
                    self.verbatim(key.span);
                }
                self.text(")");
            }
            StaticValue::Param { name, .. } => {
                self.text("param(");
                self.verbatim(name.span);
                self.text(")");
            }
        }
    }

    fn static_map(&mut self, map: &StaticMap) {
        let first = map.entries.first().map(|(key, _)| key.span.start);
        let layout = self.layout_of(map.span, first);
        let keys = map.entries.iter().map(|(key, _)| self.slice(key.span));
        let width = key_width(keys);
        let start = |(key, _): &(Key, StaticValue)| key.span.start;
        let entries = &map.entries;
        self.sequence(
            ("{ ", " }"),
            entries,
            map.span,
            layout,
            start,
            |p, (key, value), layout| {
                p.key(key.span, aligned(width, layout));
                p.static_value(value);
            },
        );
    }

    fn str_list(&mut self, list: &StrList) {
        let layout = self.layout_of(list.span, list.items.first().map(|s| s.span.start));
        let start = |item: &StrLit| item.span.start;
        self.sequence(
            ("[", "]"),
            &list.items,
            list.span,
            layout,
            start,
            |p, item, _| {
                p.verbatim(item.span);
            },
        );
    }
}

fn push_str<'a>(clauses: &mut Vec<Clause<'a>>, word: &'static str, value: Option<&'a StrLit>) {
    if let Some(value) = value {
        clauses.push((value.span.start, word, ClauseValue::Token(value.span)));
    }
}

fn push_static<'a>(
    clauses: &mut Vec<Clause<'a>>,
    word: &'static str,
    value: Option<&'a StaticValue>,
) {
    if let Some(value) = value {
        clauses.push((value.span().start, word, ClauseValue::Static(value)));
    }
}

/// Where an item starts (its doc comment, if any) and where its keyword
/// ends (its name's start), the point up to which comments go above it.
fn item_starts(item: &Item) -> (u32, u32) {
    let (doc, name) = match item {
        Item::Workflow(w) => (&w.doc, &w.name),
        Item::Type(t) => (&t.doc, &t.name),
        Item::Endpoint(e) => (&e.doc, &e.name),
        Item::Retry(r) => (&r.doc, &r.name),
        Item::Param(p) => (&p.doc, &p.name),
        Item::Bus(b) => (&b.doc, &b.name),
        Item::Use(u) => {
            let start = u.doc.as_ref().map_or(u.span.start, |d| d.span.start);
            return (start, u.path.span.start);
        }
    };
    let start = doc.as_ref().map_or(item.span().start, |d| d.span.start);
    (start, name.span.start)
}

//! Clause bodies: endpoints, retry policies (named and inline), error
//! names and deploy-time values.
//!
//! The grammar reads any `name value` clause and the tree builder sorts
//! them; here each clause name says which value shape comes next, and any
//! other shape, an unknown or a repeated clause gives up.

use super::{Cursor, Res, is_word_char};
use crate::source::Span;
use crate::syntax::ast::{
    Auth, Endpoint, ErrorKind, ErrorName, Gateway, Jitter, OAuth, Private, RetryDef, RetryPolicy,
    Spanned, StaticMap, StaticValue, StrList, StrLit, TokenMethod,
};

impl Cursor<'_> {
    /// `{ name value … }`: calls `each` with every clause name (the cursor
    /// after it); gives up on a repeated name.
    fn clause_block(
        &mut self,
        mut each: impl FnMut(&mut Self, &str, Span) -> Res<()>,
    ) -> Res<Span> {
        let open = self.expect(b'{')?;
        let mut seen: Vec<&str> = Vec::new();
        while self.peek()? != b'}' {
            let (name, span) = self.word()?;
            if seen.contains(&name) {
                return None;
            }
            seen.push(name);
            each(self, name, span)?;
        }
        let close = self.expect(b'}')?;
        Some(open.to(close))
    }

    /// Gives up when what follows a one-word value would make the grammar
    /// read the clause as `word { … }` or `word "text" = …`, or continue
    /// a value list.
    fn value_end(&mut self) -> Res<()> {
        match self.peek() {
            Some(b'{' | b'"' | b'\'' | b',' | b'(' | b'=') => None,
            _ => Some(()),
        }
    }

    /// A clause whose value is one string.
    fn clause_str(&mut self) -> Res<StrLit> {
        let lit = self.plain_str()?;
        self.value_end()?;
        Some(lit)
    }

    /// A clause whose value is one string that may name stage parameters
    /// (`clause_param_str`): `"…{Name}…"` or `param("Name")`, each name
    /// kept as the placeholder `${Name}` in the value.
    fn clause_param_str(&mut self) -> Res<StrLit> {
        let lit = self.param_str()?;
        self.value_end()?;
        Some(lit)
    }

    /// `"…{Name}…"` or `param("Name")`. An interpolation that is more
    /// than a bare name (the tree builder reports it), or a bare name the
    /// grammar would not read as one (a keyword, a line break or comment
    /// around it), gives up.
    fn param_str(&mut self) -> Res<StrLit> {
        if self.peek()? != b'"' {
            // `call_value`: `param` and one plain string.
            let (func, func_span) = self.word()?;
            if func != "param" {
                return None;
            }
            self.expect(b'(')?;
            let name = self.plain_str()?;
            let close = self.expect(b')')?;
            return Some(StrLit {
                value: format!("${{{}}}", name.value),
                span: func_span.to(close),
            });
        }
        let start = self.pos;
        self.pos += 1;
        let mut value = String::new();
        loop {
            value.push_str(&self.str_run()?);
            if self.at(self.pos)? == b'"' {
                self.pos += 1;
                self.end = self.pos;
                break;
            }
            // `{Name}`, blanks allowed inside the braces.
            let mut i = self.pos + 1;
            while matches!(self.at(i), Some(b' ' | b'\t')) {
                i += 1;
            }
            let name_start = i;
            if !self.at(i).is_some_and(super::is_word_start) {
                return None;
            }
            while self.at(i).is_some_and(is_word_char) {
                i += 1;
            }
            let name = self.text(name_start, i);
            while matches!(self.at(i), Some(b' ' | b'\t')) {
                i += 1;
            }
            if self.at(i)? != b'}' || super::is_keyword(name) {
                return None;
            }
            value.push_str("${");
            value.push_str(name);
            value.push('}');
            self.pos = i + 1;
        }
        Some(StrLit {
            value,
            span: Span::new(start, self.end),
        })
    }

    /// `[…]` of strings that may name stage parameters
    /// (`clause_param_str_list`).
    fn clause_param_str_list(&mut self) -> Res<StrList> {
        let open = self.expect(b'[')?;
        let mut items = Vec::new();
        while self.peek()? != b']' {
            items.push(self.param_str()?);
            if self.peek()? == b',' {
                self.take(1);
            } else {
                break;
            }
        }
        let close = self.expect(b']')?;
        self.value_end()?;
        Some(StrList {
            items,
            span: open.to(close),
        })
    }

    /// A clause whose value is one `signed_number`.
    fn clause_number(&mut self) -> Res<crate::syntax::ast::NumLit> {
        let number = self.signed_number()?;
        self.value_end()?;
        Some(number)
    }

    /// A clause whose value is one duration with a unit.
    fn clause_duration(&mut self) -> Res<crate::syntax::ast::Duration> {
        // `signed_number` is tried first: a plain number is no duration.
        if !self.at_duration_value() {
            return None;
        }
        let duration = self.duration()?;
        self.value_end()?;
        Some(duration)
    }

    /// A clause whose value is one bare word.
    fn clause_word(&mut self) -> Res<(&str, Span)> {
        let (word, span) = self.word()?;
        if self.at(self.pos) == Some(b'.') {
            return None;
        }
        self.value_end()?;
        Some((word, span))
    }

    /// A string, `secret("name"[, "key"])` or `param("Name")`.
    fn static_value(&mut self) -> Res<StaticValue> {
        if self.peek()? == b'"' {
            return self.plain_str().map(StaticValue::Literal);
        }
        let (func, func_span) = self.word()?;
        self.expect(b'(')?;
        let mut args = Vec::new();
        if self.peek()? != b')' {
            args.push(self.plain_str()?);
            while self.peek()? == b',' {
                self.take(1);
                args.push(self.plain_str()?);
            }
        }
        let close = self.expect(b')')?;
        let span = func_span.to(close);
        let mut args = args.into_iter();
        match (func, args.len()) {
            ("secret", 1 | 2) => Some(StaticValue::Secret {
                name: args.next()?,
                key: args.next(),
                span,
            }),
            ("param", 1) => Some(StaticValue::Param {
                name: args.next()?,
                span,
            }),
            _ => None,
        }
    }

    /// A clause whose value is one static value.
    fn clause_static(&mut self) -> Res<StaticValue> {
        let value = self.static_value()?;
        self.value_end()?;
        Some(value)
    }

    /// `{ key: VALUE, … }`
    fn static_map(&mut self) -> Res<StaticMap> {
        let open = self.expect(b'{')?;
        let mut entries = Vec::new();
        while self.peek()? != b'}' {
            let (key, _) = self.key()?;
            self.expect(b':')?;
            entries.push((key, self.static_value()?));
            if self.peek()? == b',' {
                self.take(1);
            } else {
                break;
            }
        }
        let close = self.expect(b'}')?;
        self.value_end()?;
        Some(StaticMap {
            entries,
            span: open.to(close),
        })
    }

    // ---- endpoints --------------------------------------------------------

    pub(super) fn endpoint(
        &mut self,
        doc: Option<crate::syntax::ast::Doc>,
        start: usize,
    ) -> Res<Endpoint> {
        self.keyword("endpoint")?;
        let name = self.value_name()?;
        let mut endpoint = Endpoint {
            doc,
            name,
            url: None,
            private: None,
            connection: None,
            auth: None,
            headers: None,
            query: None,
            span: Span::default(),
        };
        self.clause_block(|p, clause, clause_span| {
            match clause {
                "url" => endpoint.url = Some(p.clause_param_str()?),
                "connection" => endpoint.connection = Some(p.clause_param_str()?),
                "headers" => endpoint.headers = Some(p.static_map()?),
                "query" => endpoint.query = Some(p.static_map()?),
                "private" => endpoint.private = Some(p.private()?),
                "auth" => endpoint.auth = Some(p.auth(clause_span)?),
                _ => return None,
            }
            Some(())
        })?;
        endpoint.span = Span::new(start, self.end);
        Some(endpoint)
    }

    fn private(&mut self) -> Res<Private> {
        if self.peek()? == b'"' || self.at_keyword("param") {
            return self.clause_param_str().map(Private::ResourceConfiguration);
        }
        let start = self.keyword("gateway")?;
        let mut gateway = Gateway {
            vpc: None,
            subnets: None,
            security_groups: None,
            port: None,
            span: Span::default(),
        };
        self.clause_block(|p, clause, _| {
            match clause {
                "vpc" => gateway.vpc = Some(p.clause_param_str()?),
                "subnets" => gateway.subnets = Some(p.clause_param_str_list()?),
                "security_groups" => gateway.security_groups = Some(p.clause_param_str_list()?),
                "port" => gateway.port = Some(p.clause_number()?),
                _ => return None,
            }
            Some(())
        })?;
        gateway.span = Span::new(start.start_usize(), self.end);
        Some(Private::Gateway(gateway))
    }

    fn auth(&mut self, clause_span: Span) -> Res<Auth> {
        let (kind, _) = self.word()?;
        let start = clause_span.start_usize();
        match kind {
            "api_key" => {
                let header = self.plain_str()?;
                self.eq_sign()?;
                let value = self.clause_static()?;
                Some(Auth::ApiKey {
                    header,
                    value,
                    span: Span::new(start, self.end),
                })
            }
            "basic" => {
                let (mut username, mut password) = (None, None);
                self.clause_block(|p, clause, _| {
                    match clause {
                        "username" => username = Some(p.clause_static()?),
                        "password" => password = Some(p.clause_static()?),
                        _ => return None,
                    }
                    Some(())
                })?;
                Some(Auth::Basic {
                    username,
                    password,
                    span: Span::new(start, self.end),
                })
            }
            "oauth" => {
                let mut oauth = OAuth {
                    token_url: None,
                    client_id: None,
                    client_secret: None,
                    method: None,
                    scope: None,
                    audience: None,
                    span: Span::default(),
                };
                self.clause_block(|p, clause, _| {
                    match clause {
                        "token_url" => oauth.token_url = Some(p.clause_str()?),
                        "client_id" => oauth.client_id = Some(p.clause_static()?),
                        "client_secret" => oauth.client_secret = Some(p.clause_static()?),
                        "scope" => oauth.scope = Some(p.clause_str()?),
                        "audience" => oauth.audience = Some(p.clause_str()?),
                        "method" => {
                            let (word, span) = p.clause_word()?;
                            let value =
                                TokenMethod::ALL.into_iter().find(|m| m.as_str() == word)?;
                            oauth.method = Some(Spanned { value, span });
                        }
                        _ => return None,
                    }
                    Some(())
                })?;
                oauth.span = Span::new(start, self.end);
                Some(Auth::OAuth(oauth))
            }
            _ => None,
        }
    }

    // ---- retry policies ---------------------------------------------------

    pub(super) fn retry_def(
        &mut self,
        doc: Option<crate::syntax::ast::Doc>,
        start: usize,
    ) -> Res<RetryDef> {
        self.keyword("retry")?;
        let name = self.value_name()?;
        let mut policy = RetryPolicy::empty(Span::default());
        let span = self.clause_block(|p, clause, _| p.retry_clause(&mut policy, clause))?;
        policy.span = span;
        Some(RetryDef {
            doc,
            name,
            policy,
            span: Span::new(start, self.end),
        })
    }

    /// The value of one retry clause, the cursor after its name.
    pub(super) fn retry_clause(&mut self, policy: &mut RetryPolicy, clause: &str) -> Res<()> {
        match clause {
            "on" => {
                // A value list: `word {` or `word "…"` would be read as
                // another clause shape.
                if let Some((_, end)) = self.peek_word() {
                    let save = self.pos;
                    self.pos = end;
                    let next = self.peek();
                    self.pos = save;
                    if matches!(next, Some(b'{' | b'"' | b'\'')) {
                        return None;
                    }
                }
                policy.on = self.error_list()?;
                self.value_end()?;
            }
            "attempts" => policy.attempts = Some(self.clause_number()?),
            "backoff" => policy.backoff = Some(self.clause_number()?),
            "interval" => policy.interval = Some(self.clause_duration()?),
            "max_delay" => policy.max_delay = Some(self.clause_duration()?),
            "jitter" => {
                let (word, span) = self.clause_word()?;
                let value = match word {
                    "full" => Jitter::Full,
                    "none" => Jitter::None,
                    _ => return None,
                };
                policy.jitter = Some(Spanned { value, span });
            }
            _ => return None,
        }
        Some(())
    }

    /// `E1, E2, …`: `Http.404`, `Connection.X`, `Timeout`, `any`,
    /// `"Custom"`. A reserved word is lower case, so the tree builder
    /// reports it whether the grammar read it (`on` of a named policy) or
    /// not (`catch`): either way this gives up.
    pub(super) fn error_list(&mut self) -> Res<Vec<ErrorName>> {
        let mut errors = vec![self.error_name()?];
        while self.peek() == Some(b',') {
            self.take(1);
            errors.push(self.error_name()?);
        }
        Some(errors)
    }

    fn error_name(&mut self) -> Res<ErrorName> {
        if self.peek()? == b'"' {
            let lit = self.plain_str()?;
            return Some(ErrorName {
                kind: ErrorKind::Custom(lit.value),
                span: lit.span,
            });
        }
        let (start, word_end) = self.peek_word()?;
        // `dotted`: a word and `.`-separated runs of word characters.
        let mut end = word_end;
        let mut dots = 0;
        while self.at(end) == Some(b'.') && self.at(end + 1).is_some_and(is_word_char) {
            end += 1;
            while self.at(end).is_some_and(is_word_char) {
                end += 1;
            }
            dots += 1;
        }
        let span = self.take(end - start);
        let raw = self.text(start, end);
        let kind = if dots == 1 {
            match (raw.strip_prefix("Http."), raw.strip_prefix("Connection.")) {
                (Some(form), _) => ErrorKind::Http(form.to_owned()),
                (_, Some(name)) => ErrorKind::Connection(name.to_owned()),
                _ => return None,
            }
        } else if dots > 1 {
            return None;
        } else if raw == "any" {
            ErrorKind::Any
        } else if raw.starts_with(|c: char| c.is_ascii_uppercase()) && !super::is_keyword(raw) {
            ErrorKind::Builtin(raw.to_owned())
        } else {
            return None;
        };
        Some(ErrorName { kind, span })
    }
}

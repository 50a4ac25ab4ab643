//! Blocks, statements and HTTP calls.

use super::{Cursor, Res, is_keyword, is_value_case};
use crate::source::Span;
use crate::syntax::ast::{
    Block, Branch, CallOptions, Callee, Catch, Distributed, Emit, EmitWait, Encoding, EventBus,
    Expr, ExprKind, For, HttpCall, Ident, If, Match, MatchArm, Method, NodeId, Pattern,
    RetryPolicy, RetrySpec, RunCall, Spanned, Stmt, StmtKind, Template, TemplatePart, Tolerance,
    Wait,
};

impl Cursor<'_> {
    /// `{ stmt* }`
    pub(super) fn block(&mut self) -> Res<Block> {
        let open = self.expect(b'{')?;
        let mut stmts = Vec::new();
        loop {
            let doc = self.doc()?;
            if doc.is_none() && self.peek()? == b'}' {
                break;
            }
            let start = self.pos_after_ws()?;
            let kind = self.stmt_kind()?;
            stmts.push(Stmt {
                doc,
                kind,
                span: Span::new(start, self.end),
            });
        }
        let close = self.expect(b'}')?;
        Some(Block {
            stmts,
            span: open.to(close),
        })
    }

    fn stmt_kind(&mut self) -> Res<StmtKind> {
        let word = self.peek_word_str()?;
        if word.starts_with(|c: char| c.is_ascii_uppercase()) {
            return self.http_call(None).map(StmtKind::Http);
        }
        match word {
            "let" => {
                self.keyword("let")?;
                let name = self.value_name()?;
                self.eq_sign()?;
                match self.peek_word_str() {
                    Some("parallel") => self.parallel(Some(name)),
                    Some("for") => self.for_stmt(Some(name)),
                    Some("run") if self.at_run_stmt() => self.run_call(Some(name)),
                    Some("emit") if self.at_emit_stmt() => self.emit(Some(name)),
                    Some(w) if w.starts_with(|c: char| c.is_ascii_uppercase()) => {
                        self.http_call(Some(name)).map(StmtKind::Http)
                    }
                    _ => Some(StmtKind::Let {
                        name,
                        value: self.expr()?,
                    }),
                }
            }
            "set" => {
                self.keyword("set")?;
                let name = self.value_name()?;
                self.eq_sign()?;
                Some(StmtKind::Set {
                    name,
                    value: self.expr()?,
                })
            }
            "if" => {
                self.keyword("if")?;
                let cond = self.expr()?;
                let block = self.block()?;
                let mut branches = vec![(cond, block)];
                let mut else_block = None;
                while self.at_keyword("else") {
                    self.keyword("else")?;
                    if self.at_keyword("if") {
                        self.keyword("if")?;
                        let cond = self.expr()?;
                        branches.push((cond, self.block()?));
                    } else {
                        else_block = Some(self.block()?);
                        break;
                    }
                }
                Some(StmtKind::If(If {
                    branches,
                    else_block,
                }))
            }
            "return" => {
                self.keyword("return")?;
                Some(StmtKind::Return(self.expr()?))
            }
            "wait" => {
                self.keyword("wait")?;
                if self.at_keyword("until") {
                    self.keyword("until")?;
                    return Some(StmtKind::Wait(Wait::Until(self.expr()?)));
                }
                // `duration ~ !infix`, else an expression.
                if let Some((_, num_end, end)) = self.numeric()
                    && self
                        .b
                        .get(num_end..end)
                        .is_some_and(|u| u.iter().all(u8::is_ascii_alphabetic))
                {
                    let save = self.pos;
                    self.pos = end;
                    let infix = self.starts_infix();
                    self.pos = save;
                    if !infix {
                        if end == num_end {
                            return None;
                        }
                        return Some(StmtKind::Wait(Wait::Duration(self.duration()?)));
                    }
                }
                Some(StmtKind::Wait(Wait::Seconds(self.expr()?)))
            }
            "fail" => {
                self.keyword("fail")?;
                let error = self.template_text()?;
                let cause = if self.peek() == Some(b'"') {
                    Some(self.template_text()?)
                } else {
                    None
                };
                Some(StmtKind::Fail { error, cause })
            }
            "match" => {
                self.keyword("match")?;
                let scrutinee = self.expr()?;
                self.expect(b'{')?;
                let mut arms = Vec::new();
                while self.peek()? != b'}' {
                    arms.push(self.match_arm()?);
                    if self.peek()? == b',' {
                        self.take(1);
                    }
                }
                self.expect(b'}')?;
                Some(StmtKind::Match(Match { scrutinee, arms }))
            }
            "for" => self.for_stmt(None),
            "try" => {
                self.keyword("try")?;
                let body = self.block()?;
                let mut catches = vec![self.catch_clause()?];
                while self.at_keyword("catch") {
                    catches.push(self.catch_clause()?);
                }
                Some(StmtKind::Try { body, catches })
            }
            "while" => {
                self.keyword("while")?;
                let cond = self.expr()?;
                let body = self.block()?;
                Some(StmtKind::While { cond, body })
            }
            "parallel" => self.parallel(None),
            // Not reserved: anything but a `run` statement is an error.
            "run" => self.run_call(None),
            "emit" => self.emit(None),
            "succeed" => {
                self.keyword("succeed")?;
                Some(StmtKind::Succeed)
            }
            _ => None,
        }
    }

    /// After `let x =`, whether `run` starts a `run_stmt` rather than an
    /// expression naming a variable `run`: the grammar tries `run_stmt`
    /// first, which needs a name that is not reserved, or a string, and
    /// then `(`. A string after `run` can only be a `run` (an expression
    /// never continues with one), so that case is left to `run_call`.
    fn at_run_stmt(&mut self) -> bool {
        let save = self.pos;
        let Some((_, end)) = self.peek_word() else {
            return false;
        };
        self.pos = end;
        let run = match self.peek() {
            Some(b'"' | b'\'') => true,
            Some(_) => match self.peek_word() {
                Some((start, end)) if !is_keyword(self.text(start, end)) => {
                    self.pos = end;
                    self.peek() == Some(b'(')
                }
                _ => false,
            },
            None => false,
        };
        self.pos = save;
        run
    }

    /// After `let x =`, whether `emit` may start an `emit_stmt`: a bus
    /// (a string or a word) follows. If it does, `emit` reads the
    /// statement or gives up: the grammar would fall back to an
    /// expression only where the statement fails, which this parser does
    /// not try to tell.
    fn at_emit_stmt(&mut self) -> bool {
        let save = self.pos;
        let Some((_, end)) = self.peek_word() else {
            return false;
        };
        self.pos = end;
        let emit = matches!(self.peek(), Some(b'"' | b'\'')) || self.peek_word().is_some();
        self.pos = save;
        emit
    }

    /// `run callee(input) [-> T] [{ options }]` (`run_stmt`); the options
    /// `query`, `headers`, `body` and `encoding` are reported (E0030).
    fn run_call(&mut self, binding: Option<Ident>) -> Res<StmtKind> {
        let start = self.keyword("run")?;
        let callee = if self.peek()? == b'"' {
            Callee::Arn(self.plain_str()?)
        } else {
            Callee::Workflow(self.value_name()?)
        };
        self.expect(b'(')?;
        let mut input = None;
        if !matches!(self.peek()?, b')' | b',') {
            input = Some(self.expr()?);
        }
        if self.peek()? == b',' {
            self.take(1);
        }
        let close = self.expect(b')')?;
        let mut result = None;
        if self.peek() == Some(b'-') && self.at(self.pos + 1) == Some(b'>') {
            self.take(2);
            result = Some(self.type_expr()?);
        }
        let mut options = CallOptions::default();
        if self.peek() == Some(b'{') {
            options = self.call_options()?;
            if options.query.is_some()
                || options.headers.is_some()
                || options.body.is_some()
                || options.encoding.is_some()
            {
                return None;
            }
        }
        Some(StmtKind::Run(RunCall {
            binding,
            callee,
            input,
            result,
            options,
            head_span: start.to(close),
            id: NodeId::fresh(),
        }))
    }

    /// `emit BUS SOURCE DETAIL_TYPE DETAIL [wait …] [{ options }]`
    /// (`emit_stmt`). A bus word other than `default` names a `bus` item
    /// (check resolves it); the HTTP options and `timeout` (E0035) are
    /// reported.
    fn emit(&mut self, binding: Option<Ident>) -> Res<StmtKind> {
        self.keyword("emit")?;
        let bus = if self.peek()? == b'"' {
            EventBus::Named(self.plain_str()?)
        } else {
            let (word, span) = self.word()?;
            if word == "default" {
                EventBus::Default(span)
            } else {
                EventBus::Ref(Ident {
                    name: word.to_owned(),
                    span,
                })
            }
        };
        let source = self.expr()?;
        let detail_type = self.expr()?;
        let detail = self.expr()?;
        let mut wait = None;
        if self.at_keyword("wait") {
            // `wait` belongs to the `emit` only when `timeout`,
            // `heartbeat`, `->` or `{` follows; else it is a `wait`
            // statement.
            let save = self.pos;
            let (_, end) = self.peek_word()?;
            self.pos = end;
            let follows = match self.peek() {
                Some(b'{') => true,
                Some(b'-') => self.at(self.pos + 1) == Some(b'>'),
                _ => matches!(self.peek_word_str(), Some("timeout" | "heartbeat")),
            };
            self.pos = save;
            if follows {
                wait = Some(self.emit_wait()?);
            }
        }
        let mut options = CallOptions::default();
        if self.peek() == Some(b'{') {
            options = self.call_options()?;
            if options.query.is_some()
                || options.headers.is_some()
                || options.body.is_some()
                || options.encoding.is_some()
                || options.timeout.is_some()
            {
                return None;
            }
        }
        Some(StmtKind::Emit(Emit {
            binding,
            bus,
            source,
            detail_type,
            detail,
            wait,
            options,
            id: NodeId::fresh(),
        }))
    }

    /// `wait [timeout D] [heartbeat D] [-> T]`, each clause once.
    fn emit_wait(&mut self) -> Res<EmitWait> {
        let span = self.keyword("wait")?;
        let mut wait = EmitWait {
            timeout: None,
            heartbeat: None,
            answer: None,
            span,
        };
        loop {
            match self.peek_word_str() {
                Some("timeout") if wait.timeout.is_none() => {
                    self.keyword("timeout")?;
                    wait.timeout = Some(self.duration()?);
                }
                Some("heartbeat") if wait.heartbeat.is_none() => {
                    self.keyword("heartbeat")?;
                    wait.heartbeat = Some(self.duration()?);
                }
                Some("timeout" | "heartbeat") => return None,
                _ => break,
            }
        }
        if self.peek() == Some(b'-') && self.at(self.pos + 1) == Some(b'>') {
            self.take(2);
            wait.answer = Some(self.type_expr()?);
        }
        Some(wait)
    }

    /// Whether an infix operator (as the grammar's `infix` matches it,
    /// the reported spellings included) starts here.
    fn starts_infix(&mut self) -> bool {
        let Some(c) = self.peek() else {
            return false;
        };
        let next = self.at(self.pos + 1);
        match c {
            b'!' => next == Some(b'='),
            b'%' | b'*' | b'+' | b'<' | b'>' => true,
            b'&' => next == Some(b'&'),
            b'-' => next != Some(b'>'),
            b'/' => next != Some(b'/'),
            b'=' => next != Some(b'>'),
            b'?' => next == Some(b'?'),
            b'|' => next == Some(b'|'),
            _ => matches!(self.peek_word_str(), Some("or" | "and" | "in")),
        }
    }

    /// A `text` that may interpolate (a single-quoted string is reported).
    fn template_text(&mut self) -> Res<Template> {
        self.template().map(|(t, _)| t)
    }

    fn match_arm(&mut self) -> Res<MatchArm> {
        let start = self.pos_after_ws()?;
        let mut patterns = vec![self.pattern()?];
        while self.at_pipe() {
            self.take(1);
            patterns.push(self.pattern()?);
        }
        if !(self.peek()? == b'=' && self.at(self.pos + 1) == Some(b'>')) {
            return None;
        }
        self.take(2);
        let body = self.block()?;
        Some(MatchArm {
            patterns,
            body,
            span: Span::new(start, self.end),
        })
    }

    fn pattern(&mut self) -> Res<Pattern> {
        let c = self.peek()?;
        let literal = |kind, span| Some(Pattern::Literal(Expr::new(kind, span)));
        match c {
            b'"' => {
                let lit = self.plain_str()?;
                let span = lit.span;
                let parts = if lit.value.is_empty() {
                    Vec::new()
                } else {
                    vec![TemplatePart::Text {
                        text: lit.value,
                        span,
                    }]
                };
                literal(ExprKind::String(Template { parts, span }), span)
            }
            b'-' | b'0'..=b'9' => {
                let lit = self.signed_number()?;
                let span = lit.span;
                literal(ExprKind::Number(lit), span)
            }
            _ => {
                let (word, span) = self.word()?;
                match word {
                    "_" => Some(Pattern::Wildcard(span)),
                    "true" => literal(ExprKind::Bool(true), span),
                    "false" => literal(ExprKind::Bool(false), span),
                    "null" => literal(ExprKind::Null, span),
                    _ => None,
                }
            }
        }
    }

    fn parallel(&mut self, binding: Option<Ident>) -> Res<StmtKind> {
        self.keyword("parallel")?;
        self.expect(b'{')?;
        let mut branches = Vec::new();
        while self.peek()? != b'}' {
            let start = self.keyword("branch")?;
            let body = self.block()?;
            branches.push(Branch {
                body,
                span: Span::new(start.start_usize(), self.end),
            });
        }
        self.expect(b'}')?;
        Some(StmtKind::Parallel { binding, branches })
    }

    fn for_stmt(&mut self, binding: Option<Ident>) -> Res<StmtKind> {
        self.keyword("for")?;
        let var = self.value_name()?;
        self.keyword("in")?;
        let iter = self.expr()?;
        let mut concurrency = None;
        let mut distributed = None;
        if self.at_keyword("concurrency") {
            self.keyword("concurrency")?;
            concurrency = Some(self.signed_number()?);
        } else if self.at_keyword("distributed") {
            let start = self.keyword("distributed")?;
            let (mut tolerate, mut batch) = (None, None);
            loop {
                match self.peek_word_str() {
                    Some("concurrency") if concurrency.is_none() => {
                        self.keyword("concurrency")?;
                        concurrency = Some(self.signed_number()?);
                    }
                    Some("batch") if batch.is_none() => {
                        self.keyword("batch")?;
                        batch = Some(self.signed_number()?);
                    }
                    Some("tolerate") if tolerate.is_none() => {
                        self.keyword("tolerate")?;
                        let number = self.signed_number()?;
                        if self.peek()? == b'%' {
                            self.take(1);
                            tolerate = Some(Tolerance::Percent(number));
                        } else {
                            self.keyword("failures")?;
                            tolerate = Some(Tolerance::Count(number));
                        }
                    }
                    Some("concurrency" | "batch" | "tolerate") => return None,
                    _ => break,
                }
            }
            distributed = Some(Box::new(Distributed {
                tolerate,
                batch,
                span: Span::new(start.start_usize(), self.end),
            }));
        }
        let body = self.block()?;
        Some(StmtKind::For(For {
            binding,
            var,
            iter,
            concurrency,
            distributed,
            body,
        }))
    }

    /// `catch E1, E2 [as e] { }`
    pub(super) fn catch_clause(&mut self) -> Res<Catch> {
        let start = self.keyword("catch")?;
        let errors = self.error_list()?;
        let binding = if self.at_keyword("as") {
            self.keyword("as")?;
            Some(self.value_name()?)
        } else {
            None
        };
        let body = self.block()?;
        Some(Catch {
            errors,
            binding,
            body,
            span: Span::new(start.start_usize(), self.end),
        })
    }

    /// `METHOD endpoint "path" [-> Type] [{ options }]`
    fn http_call(&mut self, binding: Option<Ident>) -> Res<HttpCall> {
        let (written, method_span) = self.word()?;
        let method = Method::parse(written)?;
        let (name, span) = self.word()?;
        if is_keyword(name) || !is_value_case(name) {
            return None;
        }
        let endpoint = Ident {
            name: name.to_owned(),
            span,
        };
        let path = self.template_text()?;
        let mut response = None;
        if self.peek() == Some(b'-') && self.at(self.pos + 1) == Some(b'>') {
            self.take(2);
            response = Some(self.type_expr()?);
        }
        let mut options = CallOptions::default();
        if self.peek() == Some(b'{') {
            options = self.call_options()?;
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

    fn call_options(&mut self) -> Res<CallOptions> {
        let open = self.expect(b'{')?;
        let mut options = CallOptions::default();
        while self.peek()? != b'}' {
            let (word, key_span) = self.word()?;
            match word {
                "retry" => {
                    if self.at_keyword("on") {
                        options
                            .retries
                            .push(RetrySpec::Inline(self.inline_retry()?));
                    } else {
                        let name = self.value_name()?;
                        options.retries.push(RetrySpec::Named(name));
                    }
                }
                "catch" => {
                    // `catch_clause` reads its keyword itself.
                    self.pos = key_span.start_usize();
                    options.catches.push(self.catch_clause()?);
                }
                "query" if options.query.is_none() => options.query = Some(self.option_expr()?),
                "headers" if options.headers.is_none() => {
                    options.headers = Some(self.option_expr()?)
                }
                "body" if options.body.is_none() => options.body = Some(self.option_expr()?),
                "timeout" if options.timeout.is_none() => {
                    if !self.at_duration_value() {
                        return None;
                    }
                    options.timeout = Some(self.duration()?);
                }
                "encoding" if options.encoding.is_none() => {
                    // A bare word: `(form)` is no word to the tree builder.
                    if self.at_duration_value() {
                        return None;
                    }
                    let value = self.expr_built()?;
                    if value.parenthesized {
                        return None;
                    }
                    match value.expr.kind {
                        ExprKind::Var(Ident { name, span }) if name == "form" => {
                            options.encoding = Some(Spanned {
                                value: Encoding::Form,
                                span,
                            });
                        }
                        _ => return None,
                    }
                }
                "name" if options.name.is_none() => {
                    if self.at_duration_value() {
                        return None;
                    }
                    let lit = self.plain_str()?;
                    // A lone string: nothing may continue the expression.
                    if self.peek_after_operand_continues() {
                        return None;
                    }
                    options.name = Some(lit);
                }
                _ => return None,
            }
        }
        let close = self.expect(b'}')?;
        options.span = Some(open.to(close));
        Some(options)
    }

    /// An option's value: an expression, not a duration.
    fn option_expr(&mut self) -> Res<Expr> {
        if self.at_duration_value() {
            return None;
        }
        self.expr()
    }

    /// Whether a postfix or infix operator follows (the expression goes on).
    fn peek_after_operand_continues(&mut self) -> bool {
        matches!(self.peek(), Some(b'.' | b'[')) || self.starts_infix()
    }

    /// `retry on E1, E2 [clauses]`: the policy spans from `on` to the last
    /// clause.
    fn inline_retry(&mut self) -> Res<RetryPolicy> {
        let start = self.keyword("on")?;
        let mut policy = RetryPolicy::empty(start);
        policy.on = self.error_list()?;
        let mut seen: Vec<&str> = vec!["on"];
        while let Some(word) = self.peek_word_str() {
            if !matches!(
                word,
                "on" | "attempts" | "interval" | "backoff" | "max_delay" | "jitter"
            ) {
                break;
            }
            if seen.contains(&word) {
                return None;
            }
            seen.push(word);
            self.word()?;
            self.retry_clause(&mut policy, word)?;
        }
        policy.span = Span::new(start.start_usize(), self.end);
        Some(policy)
    }
}

//! Layout of blocks, statements and HTTP calls with their options.
//!
//! Each statement kind is one arm of [`Printer::stmt_kind`], which calls
//! one small function; the match has no catch-all, so a new statement
//! kind does not compile until it has a layout.

use super::printer::Printer;
use crate::source::Span;
use crate::syntax::ast::{
    Block, Branch, CallOptions, Callee, Catch, Distributed, Doc, Emit, ErrorName, EventBus, For,
    HttpCall, Ident, If, Match, MatchArm, Pattern, RetryPolicy, RetrySpec, RunCall, Stmt, StmtKind,
    Tolerance, Wait,
};

/// One option of a call, in the order written.
enum CallOption<'a> {
    /// `query`, `headers`, `body`: a keyword and an expression.
    Expr(&'static str, &'a crate::syntax::ast::Expr),
    /// `encoding form`, `timeout 30s`, `name "…"`: a keyword and a word
    /// or token as written.
    Word(&'static str, Span),
    Retry(&'a RetrySpec),
    Catch(&'a Catch),
}

impl Printer<'_> {
    /// `{ … }`: on one line when the source had it on one line with a
    /// single statement and it still fits there, otherwise one statement
    /// a line.
    pub(super) fn block(&mut self, block: &Block) {
        if block.stmts.is_empty() && !self.has_comment_within(block.span) {
            self.text("{}");
            return;
        }
        if self.try_one_line_block(block) {
            return;
        }
        self.text("{");
        self.newline();
        self.indent();
        for stmt in &block.stmts {
            self.stmt(stmt);
        }
        self.close_brace(block.span.end);
    }

    fn try_one_line_block(&mut self, block: &Block) -> bool {
        let [stmt] = block.stmts.as_slice() else {
            return false;
        };
        if stmt.doc.is_some() || self.spans_lines(block.span) || self.has_comment_within(block.span)
        {
            return false;
        }
        self.one_line(|p| {
            p.text("{ ");
            p.stmt_kind(stmt);
            p.text(" }");
        })
    }

    /// Writes the comments left before `end` (the closing brace), then the
    /// brace on its own line one level out.
    pub(super) fn close_brace(&mut self, end: u32) {
        self.flush(end);
        self.dedent();
        self.text("}");
    }

    fn stmt(&mut self, stmt: &Stmt) {
        let start = stmt.doc.as_ref().map_or(stmt.span.start, |d| d.span.start);
        self.anchor(start);
        if let Some(doc) = &stmt.doc {
            self.doc(doc, stmt.span.start);
        }
        self.stmt_kind(stmt);
        self.newline();
    }

    /// The `///` lines as written (only re-indented), then the plain
    /// comments between them and the node they document.
    pub(super) fn doc(&mut self, doc: &Doc, node_start: u32) {
        let text = self.slice(doc.span);
        for line in text.split('\n') {
            let line = line.trim_start().trim_end_matches('\r');
            if !line.is_empty() {
                self.doc_line(line);
            }
        }
        self.skip_comments_within(doc.span);
        self.flush(node_start);
    }

    fn stmt_kind(&mut self, stmt: &Stmt) {
        match &stmt.kind {
            StmtKind::Http(call) => self.http_call(call),
            StmtKind::Emit(emit) => self.emit(emit),
            StmtKind::Run(run) => self.run_call(run),
            StmtKind::Let { name, value } => {
                self.binding(Some(name));
                self.expr(value);
            }
            StmtKind::Set { name, value } => {
                self.text(&format!("set {} = ", name.name));
                self.expr(value);
            }
            StmtKind::If(stmt_if) => self.if_stmt(stmt_if),
            StmtKind::Match(stmt_match) => self.match_stmt(stmt_match, stmt.span),
            StmtKind::While { cond, body } => {
                self.text("while ");
                self.expr(cond);
                self.text(" ");
                self.block(body);
            }
            StmtKind::Parallel { binding, branches } => {
                self.parallel(binding.as_ref(), branches, stmt.span);
            }
            StmtKind::For(stmt_for) => self.for_stmt(stmt_for),
            StmtKind::Try { body, catches } => {
                self.text("try ");
                self.block(body);
                for catch in catches {
                    self.text(" ");
                    self.catch(catch);
                }
            }
            StmtKind::Wait(wait) => self.wait(wait),
            StmtKind::Fail { error, cause } => {
                self.text("fail ");
                self.verbatim(error.span);
                if let Some(cause) = cause {
                    self.text(" ");
                    self.verbatim(cause.span);
                }
            }
            StmtKind::Succeed => self.text("succeed"),
            StmtKind::Return(value) => {
                self.text("return ");
                self.expr(value);
            }
        }
    }

    /// `let name = ` (nothing without a name).
    fn binding(&mut self, name: Option<&Ident>) {
        if let Some(name) = name {
            self.text(&format!("let {} = ", name.name));
        }
    }

    fn if_stmt(&mut self, stmt_if: &If) {
        let If {
            branches,
            else_block,
        } = stmt_if;
        for (index, (cond, body)) in branches.iter().enumerate() {
            self.text(if index == 0 { "if " } else { " else if " });
            self.expr(cond);
            self.text(" ");
            self.block(body);
        }
        if let Some(body) = else_block {
            self.text(" else ");
            self.block(body);
        }
    }

    /// `match e {` with one arm a line; the optional commas between arms
    /// are left out.
    fn match_stmt(&mut self, stmt_match: &Match, span: Span) {
        self.text("match ");
        self.expr(&stmt_match.scrutinee);
        self.text(" {");
        self.newline();
        self.indent();
        let Match { scrutinee: _, arms } = stmt_match;
        for MatchArm {
            patterns,
            body,
            span,
        } in arms
        {
            self.anchor(span.start);
            for (index, pattern) in patterns.iter().enumerate() {
                if index > 0 {
                    self.text(" | ");
                }
                match pattern {
                    Pattern::Literal(literal) => self.expr(literal),
                    Pattern::Wildcard(_) => self.text("_"),
                }
            }
            self.text(" => ");
            self.block(body);
            self.newline();
        }
        self.close_brace(span.end);
    }

    fn parallel(&mut self, binding: Option<&Ident>, branches: &[Branch], span: Span) {
        self.binding(binding);
        if branches.is_empty() && !self.has_comment_within(span) {
            self.text("parallel {}");
            return;
        }
        self.text("parallel {");
        self.newline();
        self.indent();
        for branch in branches {
            self.anchor(branch.span.start);
            self.text("branch ");
            self.block(&branch.body);
            self.newline();
        }
        self.close_brace(span.end);
    }

    fn for_stmt(&mut self, stmt_for: &For) {
        let For {
            binding,
            var,
            iter,
            concurrency,
            distributed,
            body,
        } = stmt_for;
        self.binding(binding.as_ref());
        self.text(&format!("for {} in ", var.name));
        self.expr(iter);
        if distributed.is_some() {
            self.text(" distributed");
        }
        if let Some(limit) = concurrency {
            self.text(" concurrency ");
            self.verbatim(limit.span);
        }
        if let Some(distributed) = distributed {
            self.distributed_options(distributed);
        }
        self.text(" ");
        self.block(body);
    }

    /// `tolerate …` and `batch N` after `distributed` (and its
    /// `concurrency`), always in that order.
    fn distributed_options(&mut self, distributed: &Distributed) {
        let Distributed {
            tolerate,
            batch,
            span: _,
        } = distributed;
        match tolerate {
            Some(Tolerance::Percent(share)) => {
                self.text(" tolerate ");
                self.verbatim(share.span);
                self.text("%");
            }
            Some(Tolerance::Count(count)) => {
                self.text(" tolerate ");
                self.verbatim(count.span);
                self.text(" failures");
            }
            None => {}
        }
        if let Some(size) = batch {
            self.text(" batch ");
            self.verbatim(size.span);
        }
    }

    fn wait(&mut self, wait: &Wait) {
        match wait {
            Wait::Duration(duration) => {
                self.text("wait ");
                self.verbatim(duration.span);
            }
            Wait::Until(time) => {
                self.text("wait until ");
                self.expr(time);
            }
            Wait::Seconds(seconds) => {
                self.text("wait ");
                self.expr(seconds);
            }
        }
    }

    /// `catch E1, E2 [as e] { … }`
    pub(super) fn catch(&mut self, catch: &Catch) {
        let Catch {
            errors,
            binding,
            body,
            span: _,
        } = catch;
        self.text("catch ");
        self.error_names(errors);
        if let Some(name) = binding {
            self.text(&format!(" as {}", name.name));
        }
        self.text(" ");
        self.block(body);
    }

    pub(super) fn error_names(&mut self, names: &[ErrorName]) {
        for (index, name) in names.iter().enumerate() {
            if index > 0 {
                self.text(", ");
            }
            self.verbatim(name.span);
        }
    }

    fn http_call(&mut self, call: &HttpCall) {
        let HttpCall {
            binding,
            method: _,
            method_span,
            endpoint,
            path,
            response,
            options,
            id: _,
        } = call;
        self.binding(binding.as_ref());
        self.verbatim(*method_span);
        self.text(&format!(" {} ", endpoint.name));
        self.verbatim(path.span);
        if let Some(response) = response {
            self.text(" -> ");
            self.type_expr(response);
        }
        if let Some(span) = options.span {
            self.text(" ");
            self.call_options(options, span);
        }
    }

    /// `emit BUS SOURCE TYPE DETAIL [wait …] [{ options }]`, the `wait`
    /// clauses in the order written.
    fn emit(&mut self, emit: &Emit) {
        self.binding(emit.binding.as_ref());
        self.text("emit ");
        match &emit.bus {
            EventBus::Default(_) => self.text("default"),
            EventBus::Named(lit) => self.verbatim(lit.span),
            EventBus::Ref(name) => self.text(&name.name),
        }
        self.text(" ");
        self.expr(&emit.source);
        self.text(" ");
        self.expr(&emit.detail_type);
        self.text(" ");
        self.expr(&emit.detail);
        if let Some(wait) = &emit.wait {
            self.text(" wait");
            let mut limits: Vec<(&str, Span)> = Vec::new();
            limits.extend(wait.timeout.map(|d| ("timeout", d.span)));
            limits.extend(wait.heartbeat.map(|d| ("heartbeat", d.span)));
            limits.sort_by_key(|(_, span)| span.start);
            for (word, span) in limits {
                self.text(&format!(" {word} "));
                self.verbatim(span);
            }
            if let Some(answer) = &wait.answer {
                self.text(" -> ");
                self.type_expr(answer);
            }
        }
        if let Some(span) = emit.options.span {
            self.text(" ");
            self.call_options(&emit.options, span);
        }
    }

    fn run_call(&mut self, run: &RunCall) {
        let RunCall {
            binding,
            callee,
            input,
            result,
            options,
            head_span: _,
            id: _,
        } = run;
        self.binding(binding.as_ref());
        self.text("run ");
        match callee {
            Callee::Workflow(name) => self.text(&name.name),
            Callee::Arn(arn) => self.verbatim(arn.span),
        }
        self.text("(");
        if let Some(input) = input {
            self.expr(input);
        }
        self.text(")");
        if let Some(result) = result {
            self.text(" -> ");
            self.type_expr(result);
        }
        if let Some(span) = options.span {
            self.text(" ");
            self.call_options(options, span);
        }
    }

    /// `{ option … }` of a call: the options in the order written, one a
    /// line with their values aligned (`catch` handlers are blocks and
    /// are not padded), or on one line when the source had a single option
    /// there.
    fn call_options(&mut self, options: &CallOptions, span: Span) {
        let listed = list_options(options);
        if listed.is_empty() && !self.has_comment_within(span) {
            self.text("{}");
            return;
        }
        if let [only] = listed.as_slice()
            && !self.spans_lines(span)
            && !self.has_comment_within(span)
            && self.one_line(|p| {
                p.text("{ ");
                p.call_option(&only.1, 0);
                p.text(" }");
            })
        {
            return;
        }
        let width = listed
            .iter()
            .filter_map(|(_, option)| option_word(option))
            .map(str::len)
            .max()
            .unwrap_or(0);
        self.text("{");
        self.newline();
        self.indent();
        // Measured where the options go: at the start of their lines.
        let aligned: Vec<bool> = listed
            .iter()
            .map(|(_, option)| match option {
                // Never padded; measuring would lay out its whole handler.
                CallOption::Catch(_) => false,
                _ => !self.would_break(|p| p.call_option(option, width)),
            })
            .collect();
        for ((start, option), aligned) in listed.iter().zip(aligned) {
            self.anchor(*start);
            let width = if aligned { width } else { 0 };
            self.call_option(option, width);
            self.newline();
        }
        self.close_brace(span.end);
    }

    fn call_option(&mut self, option: &CallOption<'_>, width: usize) {
        if let Some(word) = option_word(option) {
            self.text(&format!("{word:<width$} "));
        }
        match option {
            CallOption::Expr(_, value) => self.expr(value),
            CallOption::Word(_, span) => self.verbatim(*span),
            CallOption::Retry(RetrySpec::Named(name)) => self.text(&name.name),
            CallOption::Retry(RetrySpec::Inline(policy)) => self.inline_retry(policy),
            CallOption::Catch(catch) => self.catch(catch),
        }
    }

    /// `on E1, E2 attempts N …` with the clauses in the order written.
    fn inline_retry(&mut self, policy: &RetryPolicy) {
        for (index, (_, word, value)) in retry_clauses(policy).iter().enumerate() {
            if index > 0 {
                self.text(" ");
            }
            self.text(word);
            self.text(" ");
            self.retry_value(value);
        }
    }
}

/// The options of a call in source order, each with where it starts.
fn list_options(options: &CallOptions) -> Vec<(u32, CallOption<'_>)> {
    let CallOptions {
        query,
        headers,
        body,
        encoding,
        timeout,
        retries,
        catches,
        name,
        span: _,
    } = options;
    let mut listed = Vec::new();
    for (word, value) in [("query", query), ("headers", headers), ("body", body)] {
        if let Some(value) = value {
            listed.push((value.span.start, CallOption::Expr(word, value)));
        }
    }
    let words = [
        ("encoding", encoding.map(|e| e.span)),
        ("timeout", timeout.map(|t| t.span)),
        ("name", name.as_ref().map(|n| n.span)),
    ];
    for (word, span) in words {
        if let Some(span) = span {
            listed.push((span.start, CallOption::Word(word, span)));
        }
    }
    for retry in retries {
        let start = match retry {
            RetrySpec::Named(name) => name.span.start,
            RetrySpec::Inline(policy) => policy.span.start,
        };
        listed.push((start, CallOption::Retry(retry)));
    }
    for catch in catches {
        listed.push((catch.span.start, CallOption::Catch(catch)));
    }
    listed.sort_by_key(|(start, _)| *start);
    listed
}

/// The keyword an option is padded by; `catch` is not padded.
fn option_word(option: &CallOption<'_>) -> Option<&'static str> {
    match option {
        CallOption::Expr(word, _) | CallOption::Word(word, _) => Some(word),
        CallOption::Retry(_) => Some("retry"),
        CallOption::Catch(_) => None,
    }
}

/// One clause of a retry policy's value.
pub(super) enum RetryValue<'a> {
    Errors(&'a [ErrorName]),
    Token(Span),
    Word(&'static str),
}

/// The clauses of a retry policy in source order: where each starts, its
/// word and its value.
pub(super) fn retry_clauses(policy: &RetryPolicy) -> Vec<(u32, &'static str, RetryValue<'_>)> {
    let RetryPolicy {
        on,
        attempts,
        interval,
        backoff,
        max_delay,
        jitter,
        span: _,
    } = policy;
    let mut clauses = Vec::new();
    if let Some(first) = on.first() {
        clauses.push((first.span.start, "on", RetryValue::Errors(on)));
    }
    let tokens = [
        ("attempts", attempts.as_ref().map(|n| n.span)),
        ("interval", interval.map(|d| d.span)),
        ("backoff", backoff.as_ref().map(|n| n.span)),
        ("max_delay", max_delay.map(|d| d.span)),
    ];
    for (word, span) in tokens {
        if let Some(span) = span {
            clauses.push((span.start, word, RetryValue::Token(span)));
        }
    }
    if let Some(jitter) = jitter {
        let word = RetryValue::Word(jitter.value.as_str());
        clauses.push((jitter.span.start, "jitter", word));
    }
    clauses.sort_by_key(|(start, _, _)| *start);
    clauses
}

impl Printer<'_> {
    pub(super) fn retry_value(&mut self, value: &RetryValue<'_>) {
        match value {
            RetryValue::Errors(names) => self.error_names(names),
            RetryValue::Token(span) => self.verbatim(*span),
            RetryValue::Word(word) => self.text(word),
        }
    }
}

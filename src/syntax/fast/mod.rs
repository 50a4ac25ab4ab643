//! Stage 1, syntax: the fast path, a hand-written parser for clean files.
//!
//! Takes the source text (already accepted by `scan`); returns the items of
//! the file, exactly the tree that pest and `pairs_to_ast` would build, or
//! `None` as soon as anything is not plainly right: a syntax error, any
//! detail the tree builder would report (a wrong-case name, a bad escape, an
//! unknown clause, a repeated option, a foreign operator, …), or a
//! construct this parser does not know. It never reports anything itself:
//! on `None`, [`parse_recovering`](super::parse_recovering) runs the pest
//! path, which owns every diagnostic and the recovery after syntax errors.
//! So the fast path only has to be right about clean files, and for those
//! it is one linear pass with no backtracking and no intermediate pairs.
//!
//! It follows the grammar (`grammar/sfl.pest`) rule by rule; where the
//! grammar would backtrack into a different reading, this parser gives up
//! instead. Node ids are drawn in the order the tree builder draws them
//! (children before parents, left to right, an HTTP call's id after its
//! options), so the two trees are equal up to the ids' absolute values.
//! `tests/fast_parse.rs` checks that on every file in the repository,
//! generated programs and mutations of them.
//!
//! The parser is a byte cursor (`Cursor`): blanks and plain comments are
//! skipped before each token, spans run from the first token's start to
//! the last token's end, as `pairs_to_ast` computes them.

mod clauses;
mod expr;
mod stmt;

use super::ast::{self, Doc, FieldType, Ident, Item, Key, StrLit, TypeExpr, TypeKind};
use super::literals;
use super::{KEYWORDS, MAX_NESTING};
use crate::source::Span;

/// Why parsing stopped: the fast path gave up (the pest path takes over).
type Res<T> = Option<T>;

/// The items of `text`, or `None` when the fast path gives up.
pub fn parse(text: &str) -> Option<Vec<Item>> {
    let mut p = Cursor {
        src: text,
        b: text.as_bytes(),
        pos: 0,
        end: 0,
        expr_levels: 0,
        word_at: (0, 0),
    };
    if p.b.starts_with("\u{FEFF}".as_bytes()) {
        p.pos = 3;
    }
    let mut items = Vec::new();
    loop {
        p.ws();
        if p.pos >= p.b.len() {
            return Some(items);
        }
        items.push(p.item()?);
    }
}

/// A position in the text and what has been read.
struct Cursor<'s> {
    src: &'s str,
    b: &'s [u8],
    /// The next byte to read.
    pos: usize,
    /// Where the last token read ends.
    end: usize,
    /// How many expressions enclose the one being read.
    expr_levels: usize,
    /// The extent of the last word looked at: statements and clauses
    /// look at the next word several times before taking it.
    word_at: (usize, usize),
}

fn is_word_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

fn is_word_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// `pairs_to_ast::is_value_case`
fn is_value_case(name: &str) -> bool {
    let mut chars = name.bytes();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == b'_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_')
}

/// `pairs_to_ast::is_type_case`
fn is_type_case(name: &str) -> bool {
    let mut chars = name.bytes();
    chars.next().is_some_and(|c| c.is_ascii_uppercase()) && chars.all(|c| c.is_ascii_alphanumeric())
}

fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

impl<'s> Cursor<'s> {
    // ---- bytes and trivia -------------------------------------------------

    fn at(&self, i: usize) -> Option<u8> {
        self.b.get(i).copied()
    }

    /// Skips blanks and plain `//` comments; stops at a doc comment.
    fn ws(&mut self) {
        while let Some(c) = self.at(self.pos) {
            match c {
                b' ' | b'\t' | b'\n' | b'\r' => self.pos += 1,
                b'/' if self.at(self.pos + 1) == Some(b'/') => {
                    if self.at(self.pos + 2) == Some(b'/') && self.at(self.pos + 3) != Some(b'/') {
                        return;
                    }
                    while let Some(c) = self.at(self.pos) {
                        if c == b'\n' || c == b'\r' {
                            break;
                        }
                        self.pos += 1;
                    }
                }
                _ => return,
            }
        }
    }

    /// The next byte after trivia.
    fn peek(&mut self) -> Option<u8> {
        self.ws();
        self.at(self.pos)
    }

    /// Whether a doc comment starts here (after trivia).
    fn at_doc(&mut self) -> bool {
        self.ws();
        self.b.get(self.pos..self.pos + 3) == Some(b"///")
    }

    fn text(&self, start: usize, end: usize) -> &'s str {
        self.src.get(start..end).unwrap_or("")
    }

    /// Consumes `len` bytes as one token.
    fn take(&mut self, len: usize) -> Span {
        let start = self.pos;
        self.pos += len;
        self.end = self.pos;
        Span::new(start, self.pos)
    }

    /// The punctuation byte `c`.
    fn expect(&mut self, c: u8) -> Res<Span> {
        (self.peek()? == c).then(|| self.take(1))
    }

    /// `=` (not `==` or `=>`).
    fn eq_sign(&mut self) -> Res<Span> {
        if self.peek()? == b'=' && !matches!(self.at(self.pos + 1), Some(b'=' | b'>')) {
            return Some(self.take(1));
        }
        None
    }

    /// The extent of the word at the cursor, without consuming it.
    fn peek_word(&mut self) -> Option<(usize, usize)> {
        let c = self.peek()?;
        if !is_word_start(c) {
            return None;
        }
        let start = self.pos;
        if self.word_at.0 == start && self.word_at.1 > start {
            return Some(self.word_at);
        }
        let mut end = start + 1;
        while self.at(end).is_some_and(is_word_char) {
            end += 1;
        }
        self.word_at = (start, end);
        Some((start, end))
    }

    fn peek_word_str(&mut self) -> Option<&'s str> {
        self.peek_word().map(|(s, e)| self.text(s, e))
    }

    /// Any word.
    fn word(&mut self) -> Res<(&'s str, Span)> {
        let (start, end) = self.peek_word()?;
        let span = self.take(end - start);
        Some((self.text(start, end), span))
    }

    /// The word `kw` exactly. Inlined: its callers compare with a
    /// constant, and as a call of its own it cost 0.8 M instructions on
    /// the 10,000-state flow.
    #[inline(always)]
    fn keyword(&mut self, kw: &str) -> Res<Span> {
        (self.peek_word_str()? == kw).then(|| self.take(kw.len()))
    }

    /// Whether the next word is `kw`.
    fn at_keyword(&mut self, kw: &str) -> bool {
        self.peek_word_str() == Some(kw)
    }

    /// A name the tree builder checks with `value_name`: any word in value
    /// case that is not reserved.
    fn value_name(&mut self) -> Res<Ident> {
        let (name, span) = self.word()?;
        if is_keyword(name) || !is_value_case(name) {
            return None;
        }
        Some(Ident {
            name: name.to_owned(),
            span,
        })
    }

    // ---- literals ---------------------------------------------------------

    /// Digits, an optional fraction and the word characters after them:
    /// `(start, end of number part, end of token)`; the number part
    /// includes a valid exponent.
    fn numeric(&mut self) -> Option<(usize, usize, usize)> {
        let c = self.peek()?;
        if !c.is_ascii_digit() {
            return None;
        }
        let start = self.pos;
        let mut i = start;
        while self.at(i).is_some_and(|c| c.is_ascii_digit()) {
            i += 1;
        }
        if self.at(i) == Some(b'.') && self.at(i + 1).is_some_and(|c| c.is_ascii_digit()) {
            i += 1;
            while self.at(i).is_some_and(|c| c.is_ascii_digit()) {
                i += 1;
            }
        }
        let mut end = i;
        while self.at(end).is_some_and(is_word_char) {
            end += 1;
        }
        Some((start, i, end))
    }

    /// Where a `number` starting at `start` ends: digits, an optional
    /// fraction and exponent, and no word character after.
    fn number_end(&self, start: usize) -> Option<usize> {
        let digits = |mut i: usize| {
            while self.at(i).is_some_and(|c| c.is_ascii_digit()) {
                i += 1;
            }
            i
        };
        let mut i = digits(start);
        if i == start {
            return None;
        }
        if self.at(i) == Some(b'.') && self.at(i + 1).is_some_and(|c| c.is_ascii_digit()) {
            i = digits(i + 1);
        }
        if matches!(self.at(i), Some(b'e' | b'E')) {
            let mut j = i + 1;
            if matches!(self.at(j), Some(b'+' | b'-')) {
                j += 1;
            }
            let k = digits(j);
            if k > j {
                i = k;
            }
        }
        (!self.at(i).is_some_and(is_word_char)).then_some(i)
    }

    /// An unsigned JSON number (`number`): `(text, span)`.
    fn number_token(&mut self) -> Res<(&'s str, Span)> {
        self.ws();
        let start = self.pos;
        let end = self.number_end(start)?;
        let span = self.take(end - start);
        Some((self.text(start, end), span))
    }

    /// `signed_number`, read by `num_lit`.
    fn signed_number(&mut self) -> Res<ast::NumLit> {
        let c = self.peek()?;
        let start = self.pos;
        if c == b'-' {
            self.pos += 1;
            if !self.at(self.pos).is_some_and(|c| c.is_ascii_digit()) {
                self.pos = start;
                return None;
            }
        }
        let (_, span) = self.number_token()?;
        let raw = self.text(start, span.end_usize());
        num_lit(raw, Span::new(start, span.end_usize()))
    }

    /// `duration` (unit optional in the grammar; a missing unit is
    /// reported, so given up here).
    fn duration(&mut self) -> Res<ast::Duration> {
        let (start, num_end, end) = self.numeric()?;
        if !self
            .b
            .get(num_end..end)?
            .iter()
            .all(u8::is_ascii_alphabetic)
        {
            return None;
        }
        let raw = self.text(start, end);
        let span = self.take(end - start);
        let seconds = literals::parse_duration(raw).ok()?;
        Some(ast::Duration { seconds, span })
    }

    /// Whether a `duration_value` (digits and a unit) starts here.
    fn at_duration_value(&mut self) -> bool {
        match self.numeric() {
            Some((_, num_end, end)) => {
                end > num_end
                    && self
                        .b
                        .get(num_end..end)
                        .is_some_and(|u| u.iter().all(u8::is_ascii_alphabetic))
            }
            None => false,
        }
    }

    /// The literal text of a string from the cursor to its closing `"` or
    /// to the `{` of an interpolation (one `str_text`), escapes and doubled
    /// braces resolved; gives up on anything the tree builder reports.
    fn str_run(&mut self) -> Res<String> {
        let run_start = self.pos;
        // Whether the run has escapes or doubled braces to resolve.
        let mut plain = true;
        loop {
            match self.at(self.pos)? {
                b'"' => break,
                b'{' if self.at(self.pos + 1) == Some(b'{') => {
                    plain = false;
                    self.pos += 2;
                }
                b'}' => {
                    plain = false;
                    self.pos += 1;
                }
                b'{' => break,
                b'\\' => {
                    plain = false;
                    if self.at(self.pos + 1) == Some(b'u') && self.at(self.pos + 2) == Some(b'{') {
                        let mut i = self.pos + 3;
                        loop {
                            match self.at(i)? {
                                b'}' => break,
                                b'"' | b'\n' | b'\r' => return None,
                                _ => i += 1,
                            }
                        }
                        self.pos = i + 1;
                    } else {
                        match self.at(self.pos + 1)? {
                            b'\n' | b'\r' => return None,
                            _ => {}
                        }
                        self.pos += 1;
                        // the escaped character, whole
                        let ch = self.src.get(self.pos..)?.chars().next()?;
                        self.pos += ch.len_utf8();
                    }
                }
                c if c < 0x20 && c != b'\t' => return None,
                _ => self.pos += 1,
            }
        }
        let raw = self.text(run_start, self.pos);
        if plain {
            return Some(raw.to_owned());
        }
        let (text, problems) = literals::unescape(raw);
        problems.is_empty().then_some(text)
    }

    /// A double-quoted string: text runs and `{expr}` interpolations, and
    /// the depth of its deepest interpolation (as the tree builder counts).
    fn template(&mut self) -> Res<(ast::Template, usize)> {
        if self.peek()? != b'"' {
            return None;
        }
        let start = self.pos;
        self.pos += 1;
        let mut parts = Vec::new();
        let mut depth = 1;
        loop {
            let run_start = self.pos;
            let text = self.str_run()?;
            if self.pos > run_start {
                parts.push(ast::TemplatePart::Text {
                    text,
                    span: Span::new(run_start, self.pos),
                });
            }
            if self.at(self.pos)? == b'"' {
                self.pos += 1;
                self.end = self.pos;
                break;
            }
            // `{expr}`
            self.pos += 1;
            let built = self.expr_built()?;
            depth = depth.max(built.depth + 1);
            parts.push(ast::TemplatePart::Interp(built.expr));
            if self.peek()? != b'}' {
                return None;
            }
            self.pos += 1;
        }
        Some((
            ast::Template {
                parts,
                span: Span::new(start, self.end),
            },
            depth,
        ))
    }

    /// A string without interpolation (`str_lit`).
    fn str_lit(&mut self) -> Res<StrLit> {
        let (template, _) = self.template()?;
        let mut value = String::new();
        for part in template.parts {
            match part {
                ast::TemplatePart::Text { text, .. } => value.push_str(&text),
                ast::TemplatePart::Interp(_) => return None,
            }
        }
        Some(StrLit {
            value,
            span: template.span,
        })
    }

    /// A `str_lit` that must not draw node ids: interpolations are given up
    /// before any expression is built.
    fn plain_str(&mut self) -> Res<StrLit> {
        let save = self.pos;
        if self.peek()? != b'"' {
            return None;
        }
        // A `{` that is not `{{` starts an interpolation: give up before
        // building it (the tree builder reports it).
        let mut i = self.pos + 1;
        loop {
            match self.at(i)? {
                b'"' => break,
                b'\\' => i += 2,
                b'{' if self.at(i + 1) == Some(b'{') => i += 2,
                b'{' => {
                    self.pos = save;
                    return None;
                }
                _ => i += 1,
            }
        }
        self.str_lit()
    }

    /// `doc`: consecutive `///` lines, plain comments and blanks between.
    fn doc(&mut self) -> Res<Option<Doc>> {
        if !self.at_doc() {
            return Some(None);
        }
        let start = self.pos;
        let mut lines: Vec<&str> = Vec::new();
        let mut end = start;
        while self.at_doc() {
            let line_start = self.pos;
            let mut i = line_start;
            while let Some(c) = self.at(i) {
                if c == b'\n' || c == b'\r' {
                    break;
                }
                i += 1;
            }
            let line = self.text(line_start + 3, i);
            lines.push(line.strip_prefix(' ').unwrap_or(line));
            self.pos = i;
            end = i;
        }
        self.end = end;
        Some(Some(Doc {
            text: lines.join("\n"),
            span: Span::new(start, end),
        }))
    }

    // ---- items ------------------------------------------------------------

    fn item(&mut self) -> Res<Item> {
        let doc = self.doc()?;
        let start = doc.as_ref().map(|d| d.span.start_usize());
        let word = self.peek_word_str()?;
        let start = start.unwrap_or(self.pos);
        match word {
            "workflow" => self.workflow(doc, start).map(Item::Workflow),
            "type" => {
                self.keyword("type")?;
                let (name, name_span) = self.word()?;
                if is_keyword(name) || !is_type_case(name) {
                    return None;
                }
                self.eq_sign()?;
                let ty = self.type_expr()?;
                Some(Item::Type(ast::TypeDef {
                    doc,
                    name: Ident {
                        name: name.to_owned(),
                        span: name_span,
                    },
                    ty,
                    span: Span::new(start, self.end),
                }))
            }
            "endpoint" => self.endpoint(doc, start).map(Item::Endpoint),
            "retry" => self.retry_def(doc, start).map(Item::Retry),
            // `param Name [= "default"]`: any word as the name (`check`
            // judges it), a plain string as the default.
            "param" => {
                self.keyword("param")?;
                let (name, name_span) = self.word()?;
                let name = Ident {
                    name: name.to_owned(),
                    span: name_span,
                };
                let default = if self.peek() == Some(b'=') {
                    self.eq_sign()?;
                    Some(self.plain_str()?)
                } else {
                    None
                };
                Some(Item::Param(ast::ParamDef {
                    doc,
                    name,
                    default,
                    fixed: false,
                    span: Span::new(start, self.end),
                }))
            }
            // `bus name = "name-or-arn"`: a name pest+pairs_to_ast would
            // report (a keyword, the wrong case) bails via `value_name`.
            "bus" => {
                self.keyword("bus")?;
                let name = self.value_name()?;
                self.eq_sign()?;
                let value = self.plain_str()?;
                Some(Item::Bus(ast::BusDef {
                    doc,
                    name,
                    value,
                    span: Span::new(start, self.end),
                }))
            }
            "use" => {
                self.keyword("use")?;
                let path = self.plain_str()?;
                Some(Item::Use(ast::Use {
                    doc,
                    path,
                    span: Span::new(start, self.end),
                }))
            }
            _ => None,
        }
    }

    fn workflow(&mut self, doc: Option<Doc>, start: usize) -> Res<ast::Workflow> {
        self.keyword("workflow")?;
        let name = self.value_name()?;
        let mut input = None;
        if self.peek()? == b'(' {
            self.take(1);
            if self.peek()? != b')' {
                let name = self.value_name()?;
                self.expect(b':')?;
                let ty = self.type_expr()?;
                let span = name.span.to(ty.span);
                input = Some(ast::Param { name, ty, span });
            }
            self.expect(b')')?;
        }
        let (mut timeout, mut express, mut log, mut tracing) = (None, None, None, None);
        loop {
            match self.peek()? {
                b'{' => break,
                _ => {
                    let word = self.peek_word_str()?;
                    match word {
                        "timeout" if timeout.is_none() => {
                            self.keyword("timeout")?;
                            timeout = Some(self.duration()?);
                        }
                        "express" if express.is_none() => express = Some(self.keyword("express")?),
                        "tracing" if tracing.is_none() => tracing = Some(self.keyword("tracing")?),
                        "log" if log.is_none() => {
                            let log_start = self.keyword("log")?;
                            let level = match self.word()?.0 {
                                "all" => ast::LogLevel::All,
                                "error" => ast::LogLevel::Error,
                                "fatal" => ast::LogLevel::Fatal,
                                _ => return None,
                            };
                            let with_data = self.at_keyword("with");
                            if with_data {
                                self.keyword("with")?;
                                self.keyword("data")?;
                            }
                            log = Some(ast::LogClause {
                                level,
                                with_data,
                                span: Span::new(log_start.start_usize(), self.end),
                            });
                        }
                        _ => return None,
                    }
                }
            }
        }
        let body = self.block()?;
        Some(ast::Workflow {
            doc,
            name,
            input,
            timeout,
            express,
            log,
            tracing,
            body,
            span: Span::new(start, self.end),
        })
    }

    // ---- types ------------------------------------------------------------

    fn type_expr(&mut self) -> Res<TypeExpr> {
        let first = self.type_term()?;
        if !self.at_pipe() {
            return Some(first.0);
        }
        // A union: every member must be a string.
        let start = first.0.span.start_usize();
        let mut members = Vec::new();
        let mut push = |term: (TypeExpr, bool)| -> Res<()> {
            match term {
                (
                    TypeExpr {
                        kind: TypeKind::Union(mut lits),
                        ..
                    },
                    true,
                ) if lits.len() == 1 => {
                    members.push(lits.pop()?);
                    Some(())
                }
                _ => None,
            }
        };
        push(first)?;
        while self.at_pipe() {
            self.take(1);
            push(self.type_term()?)?;
        }
        Some(TypeExpr {
            kind: TypeKind::Union(members),
            span: Span::new(start, self.end),
        })
    }

    fn at_pipe(&mut self) -> bool {
        self.peek() == Some(b'|') && self.at(self.pos + 1) != Some(b'|')
    }

    /// One term, and whether it was a string literal.
    fn type_term(&mut self) -> Res<(TypeExpr, bool)> {
        let start = self.pos_after_ws()?;
        let kind = match self.peek()? {
            b'[' => {
                self.take(1);
                let inner = self.type_expr()?;
                self.expect(b']')?;
                TypeKind::List(Box::new(inner))
            }
            b'{' => {
                self.take(1);
                let mut fields: Vec<(FieldType, bool)> = Vec::new();
                while self.peek()? != b'}' {
                    let field_start = self.pos;
                    let (key, quoted) = self.key()?;
                    let optional = self.peek()? == b'?' && self.at(self.pos + 1) != Some(b'?');
                    if optional {
                        self.take(1);
                    }
                    self.expect(b':')?;
                    let ty = self.type_expr()?;
                    fields.push((
                        FieldType {
                            name: key,
                            optional,
                            ty,
                            span: Span::new(field_start, self.end),
                        },
                        quoted,
                    ));
                    if self.peek()? == b',' {
                        self.take(1);
                    } else {
                        break;
                    }
                }
                self.expect(b'}')?;
                match fields.as_slice() {
                    [(field, quoted)]
                        if !field.optional && field.name.name == "string" && !quoted =>
                    {
                        TypeKind::Map(Box::new(fields.pop()?.0.ty))
                    }
                    _ => TypeKind::Record(fields.into_iter().map(|(f, _)| f).collect()),
                }
            }
            b'"' => {
                let lit = self.plain_str()?;
                let span = lit.span;
                return Some((
                    TypeExpr {
                        kind: TypeKind::Union(vec![lit]),
                        span,
                    },
                    true,
                ));
            }
            _ => {
                let (word, span) = self.word()?;
                let kind = match word {
                    "string" => TypeKind::String,
                    "number" => TypeKind::Number,
                    "bool" => TypeKind::Bool,
                    "null" => TypeKind::Null,
                    "any" => TypeKind::Any,
                    name if is_type_case(name) && !is_keyword(name) => TypeKind::Named(Ident {
                        name: name.to_owned(),
                        span,
                    }),
                    _ => return None,
                };
                return Some((TypeExpr { kind, span }, false));
            }
        };
        Some((
            TypeExpr {
                kind,
                span: Span::new(start, self.end),
            },
            false,
        ))
    }

    fn pos_after_ws(&mut self) -> Res<usize> {
        self.ws();
        Some(self.pos)
    }

    /// An object or record key: a word, or a string without
    /// interpolation; and whether it was quoted.
    fn key(&mut self) -> Res<(Key, bool)> {
        if self.peek()? == b'"' {
            let lit = self.plain_str()?;
            return Some((
                Key {
                    name: lit.value,
                    span: lit.span,
                },
                true,
            ));
        }
        let (name, span) = self.word()?;
        Some((
            Key {
                name: name.to_owned(),
                span,
            },
            false,
        ))
    }
}

/// `num_lit` without its diagnostics.
fn num_lit(raw: &str, span: Span) -> Option<ast::NumLit> {
    let value = literals::parse_number(raw).ok()?;
    Some(ast::NumLit {
        raw: raw.to_owned(),
        value,
        span,
    })
}

/// The limit on nested expressions: each level costs the tree builder at
/// most its run of prefix operators plus one, and a run is held to
/// `MAX_PREFIX_RUN`, so `MAX_LEVELS` levels stay within [`MAX_NESTING`].
const MAX_PREFIX_RUN: usize = 3;
const MAX_LEVELS: usize = MAX_NESTING / (MAX_PREFIX_RUN + 1);

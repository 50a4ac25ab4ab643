//! Expressions: pest's Pratt algorithm run straight over the text.
//!
//! The tree builder folds the flat `operand (infix operand)*` sequence of
//! the grammar with pest's `PrattParser` and the table in `syntax::expr`;
//! this is the same algorithm (same binding powers, same left
//! associativity, a prefix operand read at its power minus one) reading
//! operators as it goes, and it folds with the same `expr::fold_*`
//! functions, so trees, spans, depths and the order node ids are drawn in
//! all agree.

use super::{Cursor, MAX_LEVELS, MAX_PREFIX_RUN, Res, is_keyword, is_word_char};
use crate::source::Span;
use crate::syntax::MAX_NESTING;
use crate::syntax::ast::{BinOp, Comprehension, ExprKind, Ident, NumLit, UnaryOp};
use crate::syntax::expr::{self, Built};

/// pest's precedences for the table in `syntax::expr` (10 per level).
const OR: u32 = 10;
const AND: u32 = 20;
const NOT: u32 = 30;
const CMP: u32 = 40;
const COALESCE: u32 = 50;
const SUM: u32 = 60;
const PRODUCT: u32 = 70;
const NEG: u32 = 80;
const POSTFIX: u32 = 90;

/// An operator after an operand.
enum After {
    Infix(BinOp, usize),
    Field,
    Index,
}

fn within(built: Built) -> Res<Built> {
    (built.depth <= MAX_NESTING).then_some(built)
}

impl Cursor<'_> {
    /// A whole `expr`.
    pub(super) fn expr_built(&mut self) -> Res<Built> {
        if self.expr_levels >= MAX_LEVELS {
            return None;
        }
        self.expr_levels += 1;
        let built = self.pratt(0, 0);
        self.expr_levels -= 1;
        built
    }

    pub(super) fn expr(&mut self) -> Res<crate::syntax::ast::Expr> {
        self.expr_built().map(|b| b.expr)
    }

    /// pest's `expr(rbp)`: a nud, then operators binding tighter than `rbp`.
    /// `prefixes` counts the prefix operators just read in a row.
    fn pratt(&mut self, rbp: u32, prefixes: usize) -> Res<Built> {
        let mut lhs = self.nud(prefixes)?;
        loop {
            let Some((after, power)) = self.peek_after()? else {
                return Some(lhs);
            };
            if power <= rbp {
                return Some(lhs);
            }
            lhs = match after {
                After::Infix(op, len) => {
                    let op_span = self.take(len);
                    let rhs = self.pratt(power, 0)?;
                    let (built, problem) = expr::fold_binary(lhs, op, op_span, rhs);
                    if problem.is_some() {
                        return None;
                    }
                    within(built)?
                }
                After::Field => {
                    self.take(1);
                    let (name, span) = self.word()?;
                    let field = Ident {
                        name: name.to_owned(),
                        span,
                    };
                    within(expr::fold_field(lhs, field))?
                }
                After::Index => {
                    let open = self.take(1);
                    let index = self.expr_built()?;
                    let close = self.expect(b']')?;
                    within(expr::fold_index(lhs, index, open.to(close)))?
                }
            };
        }
    }

    /// The operator after an operand, if any, and its binding power.
    /// `None` (the outer option) gives up: a spelling the tree builder
    /// reports (`&&`, `||`, a single `=`).
    fn peek_after(&mut self) -> Res<Option<(After, u32)>> {
        let Some(c) = self.peek() else {
            return Some(None);
        };
        let next = self.at(self.pos + 1);
        let op = match c {
            b'.' => return Some(Some((After::Field, POSTFIX))),
            b'[' => return Some(Some((After::Index, POSTFIX))),
            b'=' => match next {
                Some(b'=') => (BinOp::Eq, 2),
                Some(b'>') => return Some(None),
                _ => return None,
            },
            b'!' if next == Some(b'=') => (BinOp::Ne, 2),
            b'<' if next == Some(b'=') => (BinOp::Le, 2),
            b'<' => (BinOp::Lt, 1),
            b'>' if next == Some(b'=') => (BinOp::Ge, 2),
            b'>' => (BinOp::Gt, 1),
            b'?' if next == Some(b'?') => (BinOp::Coalesce, 2),
            b'+' => (BinOp::Add, 1),
            b'-' if next != Some(b'>') => (BinOp::Sub, 1),
            b'*' => (BinOp::Mul, 1),
            b'/' if next != Some(b'/') => (BinOp::Div, 1),
            b'%' => (BinOp::Rem, 1),
            b'&' if next == Some(b'&') => return None,
            b'|' if next == Some(b'|') => return None,
            b'a' | b'o' | b'i' => match self.peek_word_str() {
                Some("and") => (BinOp::And, 3),
                Some("or") => (BinOp::Or, 2),
                Some("in") => (BinOp::In, 2),
                _ => return Some(None),
            },
            _ => return Some(None),
        };
        let power = match op.0 {
            BinOp::Or => OR,
            BinOp::And => AND,
            BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge | BinOp::In => {
                CMP
            }
            BinOp::Coalesce => COALESCE,
            BinOp::Add | BinOp::Sub => SUM,
            BinOp::Mul | BinOp::Div | BinOp::Rem => PRODUCT,
        };
        Some(Some((After::Infix(op.0, op.1), power)))
    }

    /// pest's `nud`: a prefix operator and its operand, or a primary.
    fn nud(&mut self, prefixes: usize) -> Res<Built> {
        let c = self.peek()?;
        let prefix = match c {
            b'-' => Some((UnaryOp::Neg, 1, NEG)),
            b'!' if self.at(self.pos + 1) != Some(b'=') => return None,
            b'n' if self.at_keyword("not") => Some((UnaryOp::Not, 3, NOT)),
            _ => None,
        };
        if let Some((op, len, power)) = prefix {
            if prefixes >= MAX_PREFIX_RUN {
                return None;
            }
            let op_span = self.take(len);
            let operand = self.pratt(power - 1, prefixes + 1)?;
            return within(expr::fold_unary(op, op_span, operand));
        }
        self.primary()
    }

    fn primary(&mut self) -> Res<Built> {
        let c = self.peek()?;
        let start = self.pos;
        let leaf = |kind, span| Some(Built::new(kind, span, 1));
        match c {
            b'"' => {
                let (template, depth) = self.template()?;
                let span = template.span;
                Some(Built::new(ExprKind::String(template), span, depth))
            }
            b'0'..=b'9' => {
                if let Some(end) = self.number_end(start) {
                    let span = self.take(end - start);
                    let lit = super::num_lit(self.text(start, end), span)?;
                    return leaf(ExprKind::Number(lit), span);
                }
                // `duration_value`: a unit is required.
                let (_, num_end, end) = self.numeric()?;
                if end == num_end || self.at(end).is_some_and(is_word_char) {
                    return None;
                }
                let duration = self.duration()?;
                let span = duration.span;
                leaf(
                    ExprKind::Number(NumLit {
                        raw: duration.seconds.to_string(),
                        value: duration.seconds as f64,
                        span,
                    }),
                    span,
                )
            }
            b'(' => {
                self.take(1);
                let mut inner = self.expr_built()?;
                self.expect(b')')?;
                inner.expr.span = Span::new(start, self.end);
                inner.parenthesized = true;
                Some(inner)
            }
            b'[' => self.list(start),
            b'{' => {
                self.take(1);
                let mut depth = 1;
                let mut entries = Vec::new();
                while self.peek()? != b'}' {
                    let (key, _) = self.key()?;
                    self.expect(b':')?;
                    let value = self.expr_built()?;
                    depth = depth.max(value.depth + 1);
                    entries.push((key, value.expr));
                    if self.peek()? == b',' {
                        self.take(1);
                    } else {
                        break;
                    }
                }
                self.expect(b'}')?;
                let span = Span::new(start, self.end);
                Some(Built::new(ExprKind::Object(entries), span, depth))
            }
            _ => {
                let (word, span) = self.word()?;
                match word {
                    "true" => return leaf(ExprKind::Bool(true), span),
                    "false" => return leaf(ExprKind::Bool(false), span),
                    "null" => return leaf(ExprKind::Null, span),
                    _ => {}
                }
                if is_keyword(word) || !super::is_value_case(word) {
                    return None;
                }
                let name = Ident {
                    name: word.to_owned(),
                    span,
                };
                if self.peek() != Some(b'(') {
                    return leaf(ExprKind::Var(name), span);
                }
                self.take(1);
                let mut args = Vec::new();
                while self.peek()? != b')' {
                    args.push(self.expr_built()?);
                    if self.peek()? == b',' {
                        self.take(1);
                    } else {
                        break;
                    }
                }
                self.expect(b')')?;
                let depth = 1 + args.iter().map(|b| b.depth).max().unwrap_or(0);
                let kind = ExprKind::Call {
                    func: name,
                    args: args.into_iter().map(|b| b.expr).collect(),
                };
                Some(Built::new(kind, Span::new(start, self.end), depth))
            }
        }
    }

    /// `[a, b]` or `[item for var in list if cond]`.
    fn list(&mut self, start: usize) -> Res<Built> {
        self.take(1);
        let mut items = Vec::new();
        if self.peek()? != b']' {
            let first = self.expr_built()?;
            if self.at_keyword("for") {
                self.keyword("for")?;
                let var = self.value_name()?;
                self.keyword("in")?;
                let list = self.expr_built()?;
                let filter = if self.at_keyword("if") {
                    self.keyword("if")?;
                    Some(self.expr_built()?)
                } else {
                    None
                };
                self.expect(b']')?;
                let depth = 1 + [Some(&first), Some(&list), filter.as_ref()]
                    .into_iter()
                    .flatten()
                    .map(|b| b.depth)
                    .max()
                    .unwrap_or(0);
                let kind = ExprKind::Comprehension(Box::new(Comprehension {
                    item: first.expr,
                    var,
                    list: list.expr,
                    filter: filter.map(|b| b.expr),
                }));
                return Some(Built::new(kind, Span::new(start, self.end), depth));
            }
            items.push(first);
            while self.peek()? == b',' {
                self.take(1);
                if self.peek()? == b']' {
                    break;
                }
                items.push(self.expr_built()?);
            }
        }
        self.expect(b']')?;
        let depth = 1 + items.iter().map(|b| b.depth).max().unwrap_or(0);
        let kind = ExprKind::List(items.into_iter().map(|b| b.expr).collect());
        Some(Built::new(kind, Span::new(start, self.end), depth))
    }
}

//! Literals (numbers, durations, strings with interpolations) and
//! expressions, folded by the Pratt parser in `syntax::expr`.

use std::cell::Cell;

use super::{Builder, P, children, span_of};
use crate::source::Span;
use crate::syntax::ast::{
    BinOp, Comprehension, Duration, Expr, ExprKind, Ident, NumLit, StrLit, Template, TemplatePart,
    UnaryOp,
};
use crate::syntax::expr::{self, Built};
use crate::syntax::literals::{self, DurationProblem, NumberProblem, TextProblem};
use crate::syntax::parser::Rule;
use crate::syntax::{MAX_NESTING, diagnostics};

impl Builder {
    pub(super) fn num_lit(&self, pair: &P<'_>) -> NumLit {
        let raw = pair.as_str();
        let span = span_of(pair);
        let value = match literals::parse_number(raw) {
            Ok(value) => value,
            Err(NumberProblem::LeadingZeros) => {
                self.report(diagnostics::leading_zeros(span, raw));
                raw.parse().unwrap_or(0.0)
            }
            Err(NumberProblem::OutOfRange) => {
                self.report(diagnostics::number_out_of_range(span, raw));
                0.0
            }
        };
        NumLit {
            raw: raw.to_owned(),
            value,
            span,
        }
    }

    pub(super) fn duration(&self, pair: &P<'_>) -> Option<Duration> {
        let raw = pair.as_str();
        let span = span_of(pair);
        let problem = match literals::parse_duration(raw) {
            Ok(seconds) => return Some(Duration { seconds, span }),
            Err(problem) => problem,
        };
        let diagnostic = match problem {
            DurationProblem::MissingUnit => diagnostics::missing_duration_unit(span, raw),
            DurationProblem::SubSecond { ceil_seconds, .. } => {
                diagnostics::sub_second_duration(span, raw, ceil_seconds)
            }
            DurationProblem::Fraction { whole_seconds } => {
                diagnostics::fractional_duration(span, raw, whole_seconds)
            }
            DurationProblem::UnknownUnit { unit, meant } => {
                let number = raw.get(..raw.len() - unit.len()).unwrap_or("");
                let unit_span = Span::new(span.end_usize() - unit.len(), span.end_usize());
                let fixed = meant.map(|m| format!("{number}{m}"));
                diagnostics::unknown_duration_unit(unit_span, &unit, fixed)
            }
            DurationProblem::TooLong => diagnostics::duration_too_long(span, raw),
        };
        self.report(diagnostic);
        None
    }

    /// A string that may interpolate, where the text is a `text` pair (a
    /// single-quoted string is reported and read as plain text).
    pub(super) fn template_text(&self, pair: P<'_>) -> Option<Template> {
        match pair.as_rule() {
            Rule::string => self.template(pair).map(|(template, _)| template),
            Rule::sq_string => self.str_lit(&pair, "a string").map(plain_template),
            _ => None,
        }
    }

    /// A double-quoted string as text parts and interpolations, with the
    /// depth of its deepest interpolation.
    fn template(&self, pair: P<'_>) -> Option<(Template, usize)> {
        let span = span_of(&pair);
        let mut parts: Vec<TemplatePart> = Vec::new();
        let mut depth = 1;
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::str_text => {
                    let text = self.text_part(&part);
                    let part_span = span_of(&part);
                    if let Some(TemplatePart::Text {
                        text: last,
                        span: last_span,
                    }) = parts.last_mut()
                    {
                        last.push_str(&text);
                        *last_span = last_span.to(part_span);
                    } else {
                        parts.push(TemplatePart::Text {
                            text,
                            span: part_span,
                        });
                    }
                }
                Rule::interp => {
                    let built = self.expr_built(children(part).next()?)?;
                    depth = depth.max(built.depth + 1);
                    parts.push(TemplatePart::Interp(built.expr));
                }
                _ => return None,
            }
        }
        Some((Template { parts, span }, depth))
    }

    /// The text of one `str_text` pair, its problems reported.
    pub(super) fn text_part(&self, pair: &P<'_>) -> String {
        let base = pair.as_span().start();
        let (text, problems) = literals::unescape(pair.as_str());
        for (range, problem) in problems {
            let span = Span::new(base + range.start, base + range.end);
            self.report(match problem {
                TextProblem::UnknownEscape(escape) => diagnostics::invalid_escape(span, &escape),
                TextProblem::BadUnicode(escape) => {
                    diagnostics::invalid_unicode_escape(span, &escape)
                }
                TextProblem::LoneBrace => diagnostics::lone_brace_in_string(span),
            });
        }
        text
    }

    /// A string whose value must be fixed (`what` names it in the error).
    /// An interpolation is reported and kept as written, so later stages do
    /// not also report the string as missing.
    pub(super) fn str_lit(&self, pair: &P<'_>, what: &str) -> Option<StrLit> {
        let span = span_of(pair);
        match pair.as_rule() {
            Rule::sq_string => {
                let inner = pair.as_str();
                let content = inner.get(1..inner.len().saturating_sub(1)).unwrap_or("");
                self.report(diagnostics::single_quoted_string(span, content));
                Some(StrLit {
                    value: content.to_owned(),
                    span,
                })
            }
            Rule::string => {
                let mut value = String::new();
                for part in pair.clone().into_inner() {
                    match part.as_rule() {
                        Rule::str_text => value.push_str(&self.text_part(&part)),
                        Rule::interp => {
                            self.report(diagnostics::interpolation_not_allowed(
                                span_of(&part),
                                what,
                            ));
                            value.push_str(part.as_str());
                        }
                        _ => return None,
                    }
                }
                Some(StrLit { value, span })
            }
            _ => None,
        }
    }

    pub(super) fn expr(&self, pair: P<'_>) -> Option<Expr> {
        self.expr_built(pair).map(|built| built.expr)
    }

    /// Folds an `expr` pair with the Pratt parser. Refuses, with E0004, an
    /// expression whose operators would recurse deeper than [`MAX_NESTING`]
    /// or whose tree would be deeper than that.
    fn expr_built(&self, pair: P<'_>) -> Option<Built> {
        let span = span_of(&pair);
        // Operator and primary wrappers exist for error messages; the Pratt
        // parser wants the operators and operands themselves.
        let sequence: Vec<P<'_>> = pair
            .into_inner()
            .filter_map(|p| match p.as_rule() {
                Rule::prefix | Rule::postfix | Rule::infix | Rule::primary => p.into_inner().next(),
                _ => Some(p),
            })
            .collect();
        // pest's Pratt parser recurses once per prefix operator in a row.
        let mut run = 0_usize;
        let mut longest_run = 0_usize;
        for p in &sequence {
            if matches!(p.as_rule(), Rule::kw_not | Rule::op_neg | Rule::op_bang) {
                run += 1;
                longest_run = longest_run.max(run);
            } else {
                run = 0;
            }
        }
        let cost = longest_run + 1;
        let depth = self.expr_depth.get();
        if depth + cost > MAX_NESTING {
            self.report(diagnostics::nesting_too_deep(span));
            return None;
        }
        self.expr_depth.set(depth + cost);
        let too_deep = Cell::new(false);
        let built = expr::precedence_table()
            .map_primary(|primary| self.primary(primary))
            .map_prefix(|op, operand| self.fold_prefix(&op, operand?, &too_deep))
            .map_postfix(|base, op| self.fold_postfix(base?, op, &too_deep))
            .map_infix(|lhs, op, rhs| self.fold_infix(lhs?, &op, rhs?, &too_deep))
            .parse(sequence.into_iter());
        self.expr_depth.set(depth);
        built
    }

    /// Reports E0004 once per expression when `built` is too deep.
    fn within_depth(&self, built: Built, at: Span, too_deep: &Cell<bool>) -> Option<Built> {
        if built.depth <= MAX_NESTING {
            return Some(built);
        }
        if !too_deep.replace(true) {
            self.report(diagnostics::nesting_too_deep(at));
        }
        None
    }

    fn fold_prefix(&self, op: &P<'_>, operand: Built, too_deep: &Cell<bool>) -> Option<Built> {
        let op_span = span_of(op);
        let unary = match op.as_rule() {
            Rule::kw_not => UnaryOp::Not,
            Rule::op_neg => UnaryOp::Neg,
            Rule::op_bang => {
                self.report(diagnostics::foreign_logical_operator(op_span, "!", "not"));
                UnaryOp::Not
            }
            _ => return None,
        };
        self.within_depth(expr::fold_unary(unary, op_span, operand), op_span, too_deep)
    }

    fn fold_postfix(&self, base: Built, op: P<'_>, too_deep: &Cell<bool>) -> Option<Built> {
        let op_span = span_of(&op);
        let built = match op.as_rule() {
            Rule::field => {
                let name = children(op).next()?;
                let field = Ident {
                    name: name.as_str().to_owned(),
                    span: span_of(&name),
                };
                expr::fold_field(base, field)
            }
            Rule::index => {
                let index = self.expr_built(children(op).next()?)?;
                expr::fold_index(base, index, op_span)
            }
            _ => return None,
        };
        self.within_depth(built, op_span, too_deep)
    }

    fn fold_infix(
        &self,
        lhs: Built,
        op: &P<'_>,
        rhs: Built,
        too_deep: &Cell<bool>,
    ) -> Option<Built> {
        let op_span = span_of(op);
        let foreign = |written: &str, word: &str| {
            self.report(diagnostics::foreign_logical_operator(
                op_span, written, word,
            ));
        };
        let binary = match op.as_rule() {
            Rule::kw_or => BinOp::Or,
            Rule::op_c_or => {
                foreign("||", "or");
                BinOp::Or
            }
            Rule::kw_and => BinOp::And,
            Rule::op_c_and => {
                foreign("&&", "and");
                BinOp::And
            }
            Rule::op_eq => BinOp::Eq,
            Rule::op_assign => {
                self.report(diagnostics::single_equals(op_span));
                BinOp::Eq
            }
            Rule::op_ne => BinOp::Ne,
            Rule::op_lt => BinOp::Lt,
            Rule::op_le => BinOp::Le,
            Rule::op_gt => BinOp::Gt,
            Rule::op_ge => BinOp::Ge,
            Rule::kw_in => BinOp::In,
            Rule::op_coalesce => BinOp::Coalesce,
            Rule::op_add => BinOp::Add,
            Rule::op_sub => BinOp::Sub,
            Rule::op_mul => BinOp::Mul,
            Rule::op_div => BinOp::Div,
            Rule::op_rem => BinOp::Rem,
            _ => return None,
        };
        let (built, problem) = expr::fold_binary(lhs, binary, op_span, rhs);
        if let Some(problem) = problem {
            self.report(problem);
        }
        self.within_depth(built, op_span, too_deep)
    }

    fn primary(&self, pair: P<'_>) -> Option<Built> {
        let span = span_of(&pair);
        let leaf = |kind| Some(Built::new(kind, span, 1));
        match pair.as_rule() {
            Rule::kw_true => leaf(ExprKind::Bool(true)),
            Rule::kw_false => leaf(ExprKind::Bool(false)),
            Rule::kw_null => leaf(ExprKind::Null),
            Rule::number => leaf(ExprKind::Number(self.num_lit(&pair))),
            // `1h` in an expression is the number 3600.
            Rule::duration_value => {
                let seconds = self.duration(&pair)?.seconds;
                leaf(ExprKind::Number(NumLit {
                    raw: seconds.to_string(),
                    value: seconds as f64,
                    span,
                }))
            }
            Rule::string => {
                let (template, depth) = self.template(pair)?;
                Some(Built::new(ExprKind::String(template), span, depth))
            }
            Rule::sq_string => {
                let lit = self.str_lit(&pair, "a string")?;
                leaf(ExprKind::String(plain_template(lit)))
            }
            Rule::name_ref => {
                let mut parts = children(pair);
                let name = parts.next()?;
                let Some(args) = parts.next() else {
                    return leaf(ExprKind::Var(self.value_name(&name, "variable")));
                };
                let func = self.value_name(&name, "function");
                let args = children(args)
                    .map(|arg| self.expr_built(arg))
                    .collect::<Option<Vec<_>>>()?;
                let depth = 1 + args.iter().map(|b| b.depth).max().unwrap_or(0);
                let kind = ExprKind::Call {
                    func,
                    args: args.into_iter().map(|b| b.expr).collect(),
                };
                Some(Built::new(kind, span, depth))
            }
            Rule::paren => {
                let mut inner = self.expr_built(children(pair).next()?)?;
                inner.expr.span = span;
                inner.parenthesized = true;
                Some(inner)
            }
            Rule::list if children(pair.clone()).any(|c| c.as_rule() == Rule::comprehension) => {
                self.comprehension(pair, span)
            }
            Rule::list => {
                let items = children(pair)
                    .map(|item| self.expr_built(item))
                    .collect::<Option<Vec<_>>>()?;
                let depth = 1 + items.iter().map(|b| b.depth).max().unwrap_or(0);
                let kind = ExprKind::List(items.into_iter().map(|b| b.expr).collect());
                Some(Built::new(kind, span, depth))
            }
            Rule::object => {
                let mut depth = 1;
                let mut entries = Vec::new();
                for entry in children(pair) {
                    let mut parts = children(entry);
                    let key = self.key(parts.next()?)?;
                    let value = self.expr_built(parts.next()?)?;
                    depth = depth.max(value.depth + 1);
                    entries.push((key, value.expr));
                }
                Some(Built::new(ExprKind::Object(entries), span, depth))
            }
            _ => None,
        }
    }

    /// `[item for var in list if cond]`
    fn comprehension(&self, pair: P<'_>, span: Span) -> Option<Built> {
        let mut parts = children(pair);
        let item = self.expr_built(parts.next()?)?;
        let mut tail = children(parts.next()?);
        let var = self.value_name(&tail.next()?, "variable");
        let list = self.expr_built(tail.next()?)?;
        let filter = match tail.next() {
            Some(cond) => Some(self.expr_built(cond)?),
            None => None,
        };
        let depth = 1 + [Some(&item), Some(&list), filter.as_ref()]
            .into_iter()
            .flatten()
            .map(|b| b.depth)
            .max()
            .unwrap_or(0);
        let kind = ExprKind::Comprehension(Box::new(Comprehension {
            item: item.expr,
            var,
            list: list.expr,
            filter: filter.map(|b| b.expr),
        }));
        Some(Built::new(kind, span, depth))
    }
}

/// A template holding one fixed text (or none, for `""`).
pub(super) fn plain_template(lit: StrLit) -> Template {
    let parts = if lit.value.is_empty() {
        Vec::new()
    } else {
        vec![TemplatePart::Text {
            text: lit.value,
            span: lit.span,
        }]
    };
    Template {
        parts,
        span: lit.span,
    }
}

//! Blocks and statements, with their patterns and catch handlers.

use super::clauses::Seen;
use super::expressions::plain_template;
use super::{Builder, P, children, span_of};
use crate::syntax::ast::{
    Block, Branch, Catch, Distributed, Expr, ExprKind, For, Ident, If, Match, MatchArm, NumLit,
    Pattern, Stmt, StmtKind, Tolerance, Wait,
};
use crate::syntax::diagnostics;
use crate::syntax::parser::Rule;

impl Builder {
    pub(super) fn block(&self, pair: P<'_>) -> Option<Block> {
        let span = span_of(&pair);
        let mut stmts = Vec::new();
        for child in children(pair) {
            match child.as_rule() {
                Rule::stmt => {
                    let stmt_span = span_of(&child);
                    if let Some(stmt) = self.guarded(stmt_span, || self.stmt(child)) {
                        stmts.push(stmt);
                    }
                }
                Rule::dangling_doc => {
                    self.report(diagnostics::dangling_doc_comment(span_of(&child)))
                }
                _ => return None,
            }
        }
        Some(Block { stmts, span })
    }

    fn stmt(&self, pair: P<'_>) -> Option<Stmt> {
        let mut doc = None;
        let mut kind = None;
        for child in children(pair) {
            match child.as_rule() {
                Rule::doc => doc = Some(self.doc(child)),
                Rule::stmt_kind => kind = Some(child),
                _ => return None,
            }
        }
        let kind = kind?;
        let span = span_of(&kind);
        let kind = self.stmt_kind(kind.into_inner().next()?)?;
        Some(Stmt { doc, kind, span })
    }

    /// Dispatches on the statement's rule. Each kind is built in its own
    /// function: an unoptimised build gives a function one stack slot per
    /// local of every arm, and statements nest as deep as blocks do.
    fn stmt_kind(&self, pair: P<'_>) -> Option<StmtKind> {
        match pair.as_rule() {
            Rule::let_stmt => self.let_stmt(pair),
            Rule::set_stmt => self.set_stmt(pair),
            Rule::if_stmt => self.if_stmt(pair).map(StmtKind::If),
            Rule::match_stmt => self.match_stmt(pair),
            Rule::while_stmt => self.while_stmt(pair),
            Rule::parallel_stmt => self.parallel(pair, None),
            Rule::for_stmt => self.for_stmt(pair, None),
            Rule::try_stmt => self.try_stmt(pair),
            Rule::wait_stmt => self.wait_stmt(pair),
            Rule::fail_stmt => self.fail_stmt(pair),
            Rule::succeed_stmt => Some(StmtKind::Succeed),
            Rule::return_stmt => Some(StmtKind::Return(self.expr(children(pair).next()?)?)),
            Rule::http_call => self.http_call(pair, None).map(StmtKind::Http),
            Rule::emit_stmt => self.emit_stmt(pair, None).map(StmtKind::Emit),
            Rule::run_stmt => self.run_call(pair, None).map(StmtKind::Run),
            _ => None,
        }
    }

    fn let_stmt(&self, pair: P<'_>) -> Option<StmtKind> {
        let mut parts = children(pair);
        let name = self.value_name(&parts.next()?, "variable");
        let value = parts.next()?;
        match value.as_rule() {
            Rule::http_call => self.http_call(value, Some(name)).map(StmtKind::Http),
            Rule::emit_stmt => self.emit_stmt(value, Some(name)).map(StmtKind::Emit),
            Rule::run_stmt => self.run_call(value, Some(name)).map(StmtKind::Run),
            Rule::parallel_stmt => self.parallel(value, Some(name)),
            Rule::for_stmt => self.for_stmt(value, Some(name)),
            Rule::expr => Some(StmtKind::Let {
                name,
                value: self.expr(value)?,
            }),
            _ => None,
        }
    }

    fn set_stmt(&self, pair: P<'_>) -> Option<StmtKind> {
        let mut parts = children(pair);
        let name = self.value_name(&parts.next()?, "variable");
        let value = self.expr(parts.next()?)?;
        Some(StmtKind::Set { name, value })
    }

    fn match_stmt(&self, pair: P<'_>) -> Option<StmtKind> {
        let mut parts = children(pair);
        let scrutinee = self.expr(parts.next()?)?;
        let arms = parts
            .map(|arm| self.match_arm(arm))
            .collect::<Option<Vec<_>>>()?;
        Some(StmtKind::Match(Match { scrutinee, arms }))
    }

    fn while_stmt(&self, pair: P<'_>) -> Option<StmtKind> {
        let mut parts = children(pair);
        let cond = self.expr(parts.next()?)?;
        let body = self.block(parts.next()?)?;
        Some(StmtKind::While { cond, body })
    }

    fn try_stmt(&self, pair: P<'_>) -> Option<StmtKind> {
        let mut parts = children(pair);
        let body = self.block(parts.next()?)?;
        let catches = parts
            .map(|c| self.catch_clause(c))
            .collect::<Option<Vec<_>>>()?;
        Some(StmtKind::Try { body, catches })
    }

    fn wait_stmt(&self, pair: P<'_>) -> Option<StmtKind> {
        let what = children(pair).next()?;
        match what.as_rule() {
            Rule::wait_until => Some(StmtKind::Wait(Wait::Until(
                self.expr(children(what).next()?)?,
            ))),
            Rule::duration => self
                .duration(&what)
                .map(|d| StmtKind::Wait(Wait::Duration(d))),
            Rule::expr => Some(StmtKind::Wait(Wait::Seconds(self.expr(what)?))),
            _ => None,
        }
    }

    fn fail_stmt(&self, pair: P<'_>) -> Option<StmtKind> {
        let mut parts = children(pair);
        let error = self.template_text(parts.next()?)?;
        let cause = match parts.next() {
            Some(cause) => Some(self.template_text(cause)?),
            None => None,
        };
        Some(StmtKind::Fail { error, cause })
    }

    fn if_stmt(&self, pair: P<'_>) -> Option<If> {
        let mut parts = children(pair);
        let cond = self.expr(parts.next()?)?;
        let block = self.block(parts.next()?)?;
        let mut branches = vec![(cond, block)];
        let mut else_block = None;
        for part in parts {
            match part.as_rule() {
                Rule::else_if => {
                    let mut inner = children(part);
                    let cond = self.expr(inner.next()?)?;
                    let block = self.block(inner.next()?)?;
                    branches.push((cond, block));
                }
                Rule::else_block => else_block = Some(self.block(children(part).next()?)?),
                _ => return None,
            }
        }
        Some(If {
            branches,
            else_block,
        })
    }

    fn match_arm(&self, pair: P<'_>) -> Option<MatchArm> {
        let span = span_of(&pair);
        let mut patterns = Vec::new();
        let mut body = None;
        for part in children(pair) {
            match part.as_rule() {
                Rule::pattern => patterns.extend(self.pattern(part.into_inner().next()?)),
                Rule::block => body = Some(self.block(part)?),
                _ => return None,
            }
        }
        Some(MatchArm {
            patterns,
            body: body?,
            span,
        })
    }

    fn pattern(&self, pair: P<'_>) -> Option<Pattern> {
        let span = span_of(&pair);
        let literal = |kind| Some(Pattern::Literal(Expr::new(kind, span)));
        match pair.as_rule() {
            Rule::wildcard => Some(Pattern::Wildcard(span)),
            Rule::string | Rule::sq_string => {
                let lit = self.str_lit(&pair, "a match pattern")?;
                literal(ExprKind::String(plain_template(lit)))
            }
            Rule::signed_number => literal(ExprKind::Number(self.num_lit(&pair))),
            Rule::kw_true => literal(ExprKind::Bool(true)),
            Rule::kw_false => literal(ExprKind::Bool(false)),
            Rule::kw_null => literal(ExprKind::Null),
            _ => None,
        }
    }

    fn parallel(&self, pair: P<'_>, binding: Option<Ident>) -> Option<StmtKind> {
        let mut branches = Vec::new();
        for branch in children(pair) {
            let span = span_of(&branch);
            let body = self.block(children(branch).next()?)?;
            branches.push(Branch { body, span });
        }
        Some(StmtKind::Parallel { binding, branches })
    }

    fn for_stmt(&self, pair: P<'_>, binding: Option<Ident>) -> Option<StmtKind> {
        let mut parts = children(pair);
        let var = self.value_name(&parts.next()?, "variable");
        let iter = self.expr(parts.next()?)?;
        let mut concurrency = None;
        let mut distributed = None;
        let mut body = None;
        for part in parts {
            match part.as_rule() {
                Rule::concurrency => concurrency = Some(self.num_lit(&children(part).next()?)),
                Rule::distributed => {
                    distributed = Some(Box::new(self.distributed(part, &mut concurrency)?));
                }
                Rule::block => body = Some(self.block(part)?),
                _ => return None,
            }
        }
        Some(StmtKind::For(For {
            binding,
            var,
            iter,
            concurrency,
            distributed,
            body: body?,
        }))
    }

    /// `distributed` with its options in any order, each at most once; its
    /// `concurrency` goes where an inline `for` keeps it.
    fn distributed(&self, pair: P<'_>, concurrency: &mut Option<NumLit>) -> Option<Distributed> {
        let span = span_of(&pair);
        let mut tolerate = None;
        let mut batch = None;
        let mut seen = Seen::default();
        for part in children(pair) {
            let part_span = span_of(&part);
            let word = match part.as_rule() {
                Rule::concurrency => "concurrency",
                Rule::tolerate => "tolerate",
                Rule::batch => "batch",
                _ => return None,
            };
            if let Some(first) = seen.first(word, part_span) {
                self.report(diagnostics::repeated_clause(part_span, first, word));
                continue;
            }
            let mut inner = children(part);
            let number = self.num_lit(&inner.next()?);
            match word {
                "concurrency" => *concurrency = Some(number),
                "batch" => batch = Some(number),
                _ if inner.next().is_some() => tolerate = Some(Tolerance::Percent(number)),
                _ => tolerate = Some(Tolerance::Count(number)),
            }
        }
        Some(Distributed {
            tolerate,
            batch,
            span,
        })
    }

    pub(super) fn catch_clause(&self, pair: P<'_>) -> Option<Catch> {
        let span = span_of(&pair);
        let mut errors = Vec::new();
        let mut binding = None;
        let mut body = None;
        for part in children(pair) {
            match part.as_rule() {
                Rule::error_list => errors = self.error_list(part),
                Rule::catch_binding => {
                    binding = Some(self.value_name(&children(part).next()?, "variable"))
                }
                Rule::block => body = Some(self.block(part)?),
                _ => return None,
            }
        }
        Some(Catch {
            errors,
            binding,
            body: body?,
            span,
        })
    }
}

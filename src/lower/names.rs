//! Part of stage 3, lower: state names.
//!
//! Takes statements and returns the names their states get in the
//! definition: readable (they show what the statement says, e.g.
//! `GET billing /orders/{input.order_id}`, `If order.body.total > 1000`,
//! `Wait 1h`), deterministic, unique across the whole definition (ASL
//! requires that, nested states included) and at most
//! [`MAX_STATE_NAME_CHARS`] characters (counted as UTF-16 units, see
//! [`name_len`]). A name that is too long is cut and
//! ends with `…`; a repeated name gets ` (2)`, ` (3)`, … in source order.
//! A call's `name "…"` option is used as written and reserved before any
//! name is generated, so it always wins.

use std::collections::{HashMap, HashSet};

use super::diagnostics::Internal;
use crate::aws::MAX_STATE_NAME_CHARS;
use crate::graph::inert_placeholders;
use crate::syntax::ast::{
    BinOp, Block, Emit, Expr, ExprKind, For, HttpCall, Ident, StmtKind, Template, TemplatePart,
    UnaryOp,
};

/// The names handed out so far.
#[derive(Debug, Default)]
pub struct StateNames {
    used: HashSet<String>,
    /// For each base name, the next suffix to try, so a name repeated `n`
    /// times costs `O(n)` in total rather than a rescan per repeat.
    next_suffix: HashMap<String, u32>,
}

impl StateNames {
    /// No names taken.
    pub fn new() -> StateNames {
        StateNames::default()
    }

    /// Takes a name exactly as given (a `name "…"` option). Returns false
    /// when it was already taken.
    pub fn reserve(&mut self, name: &str) -> bool {
        self.used.insert(name.to_owned())
    }

    /// A new unique name from `base`: `base` itself if free (cut to the
    /// length limit), else `base (2)`, `base (3)`, … A `${` in `base` (the
    /// source text it shows) becomes `$ {`: a state name cannot be an
    /// expression, and CloudFormation would substitute it.
    pub fn fresh(&mut self, base: &str) -> String {
        let base = truncate(&inert_placeholders(base), MAX_STATE_NAME_CHARS);
        if self.used.insert(base.clone()) {
            return base;
        }
        let next = self.next_suffix.entry(base.clone()).or_insert(2);
        loop {
            let suffix = format!(" ({next})");
            *next = next.saturating_add(1);
            let room = MAX_STATE_NAME_CHARS.saturating_sub(name_len(&suffix));
            let candidate = format!("{}{suffix}", truncate(&base, room));
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

/// The length of a state name as the limit is checked. Counted in UTF-16
/// units, which is never less than the number of characters: AWS documents
/// the limit in characters without saying which, and the JavaScript tools
/// that validate definitions (asl-validator's `^.{1,80}$`) count UTF-16
/// units, so a name within this count passes either reading.
pub fn name_len(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}

/// `text` cut to at most `max` units (see [`name_len`]), ending with `…`
/// when cut.
pub fn truncate(text: &str, max: usize) -> String {
    if name_len(text) <= max {
        return text.to_owned();
    }
    let mut kept = String::new();
    let mut used = 0;
    for c in text.chars() {
        // One unit is left for the `…`.
        if used + c.len_utf16() > max.saturating_sub(1) {
            break;
        }
        used += c.len_utf16();
        kept.push(c);
    }
    format!("{}…", kept.trim_end())
}

// ---------------------------------------------------------------------------
// Base names of statements (before uniquing).

/// `GET billing /orders/{input.order_id}`
pub fn http(call: &HttpCall) -> String {
    let mut out = Render::new();
    out.push(call.method.as_str());
    out.push(" ");
    out.push(&call.endpoint.name);
    out.push(" ");
    out.template_body(&call.path);
    out.finish()
}

/// `Emit OrderPaid`, `Emit ApprovalRequested and wait` (a computed
/// detail-type is shown as written).
pub fn emit(emit: &Emit) -> String {
    let mut out = Render::new();
    out.push("Emit ");
    match &emit.detail_type.kind {
        ExprKind::String(template) => out.template_body(template),
        _ => out.expr(&emit.detail_type),
    }
    if emit.wait.is_some() {
        out.push(" and wait");
    }
    out.finish()
}
/// `Run billing`, or `Run <state machine>` for a state machine given by
/// ARN.
pub fn run(run: &crate::syntax::ast::RunCall) -> String {
    let mut out = Render::new();
    out.push("Run ");
    match &run.callee {
        crate::syntax::ast::Callee::Workflow(name) => out.push(&name.name),
        crate::syntax::ast::Callee::Arn(arn) => {
            out.push(crate::check::subflow::state_machine_of(&arn.value).unwrap_or("state machine"))
        }
    }
    out.finish()
}

/// `Let order` / `Set order`
pub fn assign(keyword: &str, name: &Ident) -> String {
    format!("{keyword} {}", name.name)
}

/// `If cond`, `While cond`, `Match expr`, `Return expr`, `Wait until expr`
pub fn with_expr(keyword: &str, expr: &Expr) -> String {
    let mut out = Render::new();
    out.push(keyword);
    out.push(" ");
    out.expr(expr);
    out.finish()
}

/// `Parallel` / `Let parts = parallel`
pub fn parallel(binding: Option<&Ident>) -> String {
    match binding {
        Some(name) => format!("Let {} = parallel", name.name),
        None => "Parallel".to_owned(),
    }
}

/// `For line in input.lines` / `Let ids = for line in input.lines`
pub fn for_loop(stmt: &For) -> String {
    let mut out = Render::new();
    match &stmt.binding {
        Some(name) => {
            out.push("Let ");
            out.push(&name.name);
            out.push(" = for ");
        }
        None => out.push("For "),
    }
    out.push(&stmt.var.name);
    out.push(" in ");
    out.expr(&stmt.iter);
    out.finish()
}

/// `Each line`: the first state of a `for` iteration, which binds the loop
/// variable.
pub fn each(var: &Ident) -> String {
    format!("Each {}", var.name)
}

/// `Wait 1h`
pub fn wait(seconds: u64) -> String {
    format!("Wait {}", duration(seconds))
}

/// `Fail OrderNotFound`
pub fn fail(error: &Template) -> String {
    let mut out = Render::new();
    out.push("Fail ");
    out.template_body(error);
    out.finish()
}

/// `Uncaught Order{kind}`: the Fail state of an interpolated `fail` name
/// that no enclosing handler names.
pub fn uncaught(error: &Template) -> String {
    let mut out = Render::new();
    out.push("Uncaught ");
    out.template_body(error);
    out.finish()
}

/// `Catch Declined, Expired`: the Pass state that hands an interpolated
/// `fail` name to the handler of those names.
pub fn catch_pass(errors: &[String]) -> String {
    truncate(
        &format!("Catch {}", errors.join(", ")),
        MAX_STATE_NAME_CHARS,
    )
}

/// A duration in its largest exact unit: `3600` → `1h`, `90` → `90s`.
pub fn duration(seconds: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(86_400, "d"), (3_600, "h"), (60, "m")];
    for (size, unit) in UNITS {
        if seconds >= size && seconds.is_multiple_of(size) {
            return format!("{}{unit}", seconds / size);
        }
    }
    format!("{seconds}s")
}

// ---------------------------------------------------------------------------
// Rendering expressions back to SFL, bounded.

/// Enough bytes for [`MAX_STATE_NAME_CHARS`] characters plus the `…`; the
/// rendering stops there, so a huge expression costs no more than a small
/// one.
const BUDGET_BYTES: usize = MAX_STATE_NAME_CHARS * 4 + 4;

/// SFL binding powers, loosest first (docs/language.md "Expressions").
fn sfl_prec(op: BinOp) -> u8 {
    match op {
        BinOp::Or => 1,
        BinOp::And => 2,
        BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge | BinOp::In => 4,
        BinOp::Coalesce => 5,
        BinOp::Add | BinOp::Sub => 6,
        BinOp::Mul | BinOp::Div | BinOp::Rem => 7,
    }
}

const NOT_PREC: u8 = 3;
const NEG_PREC: u8 = 8;
const ATOM_PREC: u8 = 9;

fn expr_prec(expr: &Expr) -> u8 {
    match &expr.kind {
        ExprKind::Binary { op, .. } => sfl_prec(*op),
        ExprKind::Unary {
            op: UnaryOp::Not, ..
        } => NOT_PREC,
        ExprKind::Unary {
            op: UnaryOp::Neg, ..
        } => NEG_PREC,
        _ => ATOM_PREC,
    }
}

struct Render {
    out: String,
}

impl Render {
    fn new() -> Render {
        Render { out: String::new() }
    }

    fn full(&self) -> bool {
        self.out.len() > BUDGET_BYTES
    }

    fn push(&mut self, text: &str) {
        if !self.full() {
            self.out.push_str(text);
        }
    }

    fn finish(self) -> String {
        truncate(&self.out, MAX_STATE_NAME_CHARS)
    }

    fn expr_in(&mut self, expr: &Expr, parens: bool) {
        if parens {
            self.push("(");
            self.expr(expr);
            self.push(")");
        } else {
            self.expr(expr);
        }
    }

    fn expr(&mut self, expr: &Expr) {
        if self.full() {
            return;
        }
        match &expr.kind {
            ExprKind::Null => self.push("null"),
            ExprKind::Bool(b) => self.push(if *b { "true" } else { "false" }),
            ExprKind::Number(n) => self.push(&n.raw),
            ExprKind::String(template) => {
                self.push("\"");
                self.template_body(template);
                self.push("\"");
            }
            ExprKind::List(items) => {
                self.push("[");
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.push(", ");
                    }
                    self.expr(item);
                }
                self.push("]");
            }
            ExprKind::Comprehension(c) => {
                self.push("[");
                self.expr(&c.item);
                self.push(" for ");
                self.push(&c.var.name);
                self.push(" in ");
                self.expr(&c.list);
                if let Some(filter) = &c.filter {
                    self.push(" if ");
                    self.expr(filter);
                }
                self.push("]");
            }
            ExprKind::Object(entries) if entries.is_empty() => self.push("{}"),
            ExprKind::Object(entries) => {
                self.push("{ ");
                for (i, (key, value)) in entries.iter().enumerate() {
                    if i > 0 {
                        self.push(", ");
                    }
                    if is_ident(&key.name) {
                        self.push(&key.name);
                    } else {
                        self.push("\"");
                        self.text(&key.name, false);
                        self.push("\"");
                    }
                    self.push(": ");
                    self.expr(value);
                }
                self.push(" }");
            }
            ExprKind::Var(name) => self.push(&name.name),
            ExprKind::Field { base, field } => {
                self.expr_in(base, expr_prec(base) < ATOM_PREC);
                self.push(".");
                self.push(&field.name);
            }
            ExprKind::Index { base, index } => {
                self.expr_in(base, expr_prec(base) < ATOM_PREC);
                self.push("[");
                self.expr(index);
                self.push("]");
            }
            ExprKind::Call { func, args } => {
                self.push(&func.name);
                self.push("(");
                for (i, arg) in args.iter().enumerate() {
                    if i > 0 {
                        self.push(", ");
                    }
                    self.expr(arg);
                }
                self.push(")");
            }
            ExprKind::Unary {
                op: UnaryOp::Not,
                expr: operand,
                ..
            } => {
                self.push("not ");
                self.expr_in(operand, expr_prec(operand) < NOT_PREC);
            }
            ExprKind::Unary {
                op: UnaryOp::Neg,
                expr: operand,
                ..
            } => {
                self.push("-");
                self.expr_in(operand, expr_prec(operand) < ATOM_PREC);
            }
            ExprKind::Binary { op, lhs, rhs, .. } => {
                let prec = sfl_prec(*op);
                self.expr_in(lhs, expr_prec(lhs) < prec);
                self.push(" ");
                self.push(op.as_str());
                self.push(" ");
                self.expr_in(rhs, expr_prec(rhs) <= prec);
            }
        }
    }

    /// A string's content as written between its quotes.
    fn template_body(&mut self, template: &Template) {
        for part in &template.parts {
            match part {
                TemplatePart::Text { text, .. } => self.text(text, true),
                TemplatePart::Interp(expr) => {
                    self.push("{");
                    self.expr(expr);
                    self.push("}");
                }
            }
        }
    }

    /// Literal text with SFL escapes, so a name never holds a control
    /// character.
    fn text(&mut self, text: &str, braces: bool) {
        for c in text.chars() {
            if self.full() {
                return;
            }
            match c {
                '"' => self.push("\\\""),
                '\\' => self.push("\\\\"),
                '\n' => self.push("\\n"),
                '\r' => self.push("\\r"),
                '\t' => self.push("\\t"),
                '{' if braces => self.push("{{"),
                '}' if braces => self.push("}}"),
                c if c.is_control() => self.push(&format!("\\u{{{:x}}}", u32::from(c))),
                c => self.out.push(c),
            }
        }
    }
}

fn is_ident(name: &str) -> bool {
    name.chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Takes every `name "…"` option before any name is generated, so the
/// user's names are kept exactly.
pub fn reserve_user_names(block: &Block, names: &mut StateNames) -> Result<(), Internal> {
    for stmt in &block.stmts {
        let options = match &stmt.kind {
            StmtKind::Http(call) => Some(&call.options),
            StmtKind::Run(run) => Some(&run.options),
            _ => None,
        };
        if let Some(given) = options.and_then(|options| options.name.as_ref()) {
            let too_long = given.value.chars().count() > MAX_STATE_NAME_CHARS;
            if given.value.is_empty() || too_long || !names.reserve(&given.value) {
                return Err(Internal::new(
                    given.span,
                    format!("the state name `{}` cannot be used", given.value),
                ));
            }
        }
        for body in stmt.blocks() {
            reserve_user_names(body, names)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;
    use crate::syntax::ast::Key;

    use super::super::test_ast::{bin, e, field, lit, num, var};

    #[test]
    fn repeats_get_numbered_suffixes() {
        let mut names = StateNames::new();
        assert_eq!(names.fresh("Let x"), "Let x");
        assert_eq!(names.fresh("Let x"), "Let x (2)");
        assert_eq!(names.fresh("Let x"), "Let x (3)");
        assert_eq!(names.fresh("Let y"), "Let y");
    }

    #[test]
    fn reserved_names_win() {
        let mut names = StateNames::new();
        assert!(names.reserve("Let x"));
        assert!(!names.reserve("Let x"));
        assert_eq!(names.fresh("Let x"), "Let x (2)");
        assert!(names.reserve("Let y (2)"));
        assert_eq!(names.fresh("Let y"), "Let y");
        assert_eq!(names.fresh("Let y"), "Let y (3)");
    }

    #[test]
    fn long_names_are_cut_to_80_characters() {
        let long = format!("If {}", "é".repeat(100));
        let mut names = StateNames::new();
        let first = names.fresh(&long);
        assert_eq!(first.chars().count(), 80);
        assert!(first.ends_with('…'));
        let second = names.fresh(&long);
        assert_eq!(second.chars().count(), 80);
        assert!(second.ends_with("… (2)"));
        assert_ne!(first, second);
        // Characters outside the BMP count twice, as in JavaScript.
        let emoji = names.fresh(&"🦀".repeat(60));
        assert!(name_len(&emoji) <= 80);
        assert_eq!(emoji.chars().count(), 40);
    }

    #[test]
    fn expressions_render_as_sfl() {
        let cond = bin(
            BinOp::And,
            bin(
                BinOp::Gt,
                field(field(var("order"), "body"), "total"),
                num("1000"),
            ),
            bin(BinOp::Eq, field(var("s"), "status"), lit("open")),
        );
        assert_eq!(
            with_expr("If", &cond),
            "If order.body.total > 1000 and s.status == \"open\""
        );
        let grouped = bin(BinOp::Mul, bin(BinOp::Add, var("a"), var("b")), var("c"));
        assert_eq!(with_expr("Let", &grouped), "Let (a + b) * c");
        let object = e(ExprKind::Object(vec![(
            Key {
                name: "invoice".into(),
                span: Span::default(),
            },
            field(var("i"), "id"),
        )]));
        assert_eq!(with_expr("Return", &object), "Return { invoice: i.id }");
    }

    #[test]
    fn huge_expressions_are_bounded() {
        let expr = e(ExprKind::List(vec![num("12345"); 10_000]));
        let name = with_expr("Let", &expr);
        assert!(name.chars().count() <= MAX_STATE_NAME_CHARS);
    }

    #[test]
    fn durations_use_the_largest_exact_unit() {
        assert_eq!(duration(3600), "1h");
        assert_eq!(duration(90), "90s");
        assert_eq!(duration(300), "5m");
        assert_eq!(duration(172_800), "2d");
        assert_eq!(duration(0), "0s");
    }
}

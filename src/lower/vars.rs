//! Part of stage 3, lower: the ASL name of every SFL variable.
//!
//! Takes the checked workflow and returns a [`VarNames`] table. In JSONata a
//! variable and a function share one namespace (`$count` is the built-in
//! function until something assigns `count`), and Step Functions reserves
//! `$states`. A user variable with such a name would hide the function for
//! every expression that follows, so it is renamed: `count` becomes
//! `count_v` (then `count_v2`, `count_v3`, … if the user already has a
//! variable of that name). The table is built once, before any state is
//! made, so every `Assign` and every expression uses the same name.

use std::collections::{HashMap, HashSet};

use crate::syntax::ast::{Block, Catch, Expr, ExprKind, Stmt, StmtKind, TemplatePart, Workflow};

/// Names a variable may not have in ASL: Step Functions' `$states`, and the
/// JSONata built-in functions (plus the ones Step Functions adds: `$uuid`,
/// `$parse`, `$hash`, `$random`, `$partition`, `$range`) whose names an SFL
/// identifier (`[a-z_][a-z0-9_]*`) can spell.
pub const RESERVED: &[&str] = &[
    "abs",
    "append",
    "assert",
    "average",
    "base64decode",
    "base64encode",
    "boolean",
    "ceil",
    "contains",
    "count",
    "distinct",
    "each",
    "error",
    "eval",
    "exists",
    "filter",
    "floor",
    "hash",
    "join",
    "keys",
    "length",
    "lookup",
    "lowercase",
    "map",
    "match",
    "max",
    "merge",
    "millis",
    "min",
    "not",
    "now",
    "number",
    "pad",
    "parse",
    "partition",
    "power",
    "random",
    "range",
    "reduce",
    "replace",
    "reverse",
    "round",
    "shuffle",
    "sift",
    "single",
    "sort",
    "split",
    "spread",
    "sqrt",
    "states",
    "string",
    "substring",
    "sum",
    "trim",
    "type",
    "uppercase",
    "uuid",
    "zip",
];

/// SFL variable name → ASL variable name, for the names that change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VarNames {
    renamed: HashMap<String, String>,
}

impl VarNames {
    /// Collects every variable the workflow declares or reads and renames
    /// the reserved ones, deterministically (first appearance decides the
    /// order in which suffixes are handed out).
    pub fn collect(workflow: &Workflow) -> VarNames {
        let mut seen = Seen::default();
        if let Some(param) = &workflow.input {
            // The parameter is not an ASL variable, but a renamed variable
            // must not take its name either.
            seen.add(&param.name.name);
        }
        seen.block(&workflow.body);
        VarNames::from_names(&seen.order, &seen.set)
    }

    /// Renames the reserved names among `order`, avoiding every name in
    /// `taken`.
    fn from_names(order: &[String], taken: &HashSet<String>) -> VarNames {
        let mut renamed = HashMap::new();
        let mut used: HashSet<String> = taken.clone();
        for name in order {
            if !RESERVED.contains(&name.as_str()) {
                continue;
            }
            let mut candidate = format!("{name}_v");
            let mut n = 2u32;
            while used.contains(&candidate) || RESERVED.contains(&candidate.as_str()) {
                candidate = format!("{name}_v{n}");
                n = n.saturating_add(1);
            }
            used.insert(candidate.clone());
            renamed.insert(name.clone(), candidate);
        }
        VarNames { renamed }
    }

    /// [`VarNames::from_names`] for other modules' tests.
    #[cfg(test)]
    pub(crate) fn from_names_for_tests(order: &[String], taken: &HashSet<String>) -> VarNames {
        VarNames::from_names(order, taken)
    }

    /// The ASL name of an SFL variable.
    pub fn asl<'n>(&'n self, name: &'n str) -> &'n str {
        self.renamed.get(name).map_or(name, String::as_str)
    }

    /// The renamed variables, sorted by SFL name (for tests and reports).
    pub fn renamings(&self) -> Vec<(&str, &str)> {
        let mut pairs: Vec<(&str, &str)> = self
            .renamed
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        pairs.sort_unstable();
        pairs
    }
}

/// Names in order of first appearance.
#[derive(Default)]
struct Seen {
    order: Vec<String>,
    set: HashSet<String>,
}

impl Seen {
    fn add(&mut self, name: &str) {
        if self.set.insert(name.to_owned()) {
            self.order.push(name.to_owned());
        }
    }

    fn block(&mut self, block: &Block) {
        for stmt in &block.stmts {
            self.stmt(stmt);
        }
    }

    fn catches(&mut self, catches: &[Catch]) {
        for catch in catches {
            if let Some(binding) = &catch.binding {
                self.add(&binding.name);
            }
            self.block(&catch.body);
        }
    }

    fn stmt(&mut self, stmt: &Stmt) {
        match &stmt.kind {
            StmtKind::Http(call) => {
                if let Some(binding) = &call.binding {
                    self.add(&binding.name);
                }
                self.template(&call.path.parts);
                let options = &call.options;
                for expr in [&options.query, &options.headers, &options.body]
                    .into_iter()
                    .flatten()
                {
                    self.expr(expr);
                }
                self.catches(&options.catches);
            }
            StmtKind::Let { name, value } | StmtKind::Set { name, value } => {
                self.add(&name.name);
                self.expr(value);
            }
            StmtKind::If(stmt) => {
                for (cond, body) in &stmt.branches {
                    self.expr(cond);
                    self.block(body);
                }
                if let Some(body) = &stmt.else_block {
                    self.block(body);
                }
            }
            StmtKind::Match(stmt) => {
                self.expr(&stmt.scrutinee);
                for arm in &stmt.arms {
                    self.block(&arm.body);
                }
            }
            StmtKind::While { cond, body } => {
                self.expr(cond);
                self.block(body);
            }
            StmtKind::Parallel { binding, branches } => {
                if let Some(binding) = binding {
                    self.add(&binding.name);
                }
                for branch in branches {
                    self.block(&branch.body);
                }
            }
            StmtKind::For(stmt) => {
                if let Some(binding) = &stmt.binding {
                    self.add(&binding.name);
                }
                self.add(&stmt.var.name);
                self.expr(&stmt.iter);
                self.block(&stmt.body);
            }
            StmtKind::Try { body, catches } => {
                self.block(body);
                self.catches(catches);
            }
            StmtKind::Wait(crate::syntax::ast::Wait::Until(expr)) | StmtKind::Return(expr) => {
                self.expr(expr);
            }
            StmtKind::Fail { error, cause } => {
                self.template(&error.parts);
                if let Some(cause) = cause {
                    self.template(&cause.parts);
                }
            }
            StmtKind::Wait(crate::syntax::ast::Wait::Duration(_)) | StmtKind::Succeed => {}
        }
    }

    fn template(&mut self, parts: &[TemplatePart]) {
        for part in parts {
            if let TemplatePart::Interp(expr) = part {
                self.expr(expr);
            }
        }
    }

    fn expr(&mut self, expr: &Expr) {
        match &expr.kind {
            ExprKind::Null | ExprKind::Bool(_) | ExprKind::Number(_) => {}
            ExprKind::String(template) => self.template(&template.parts),
            ExprKind::List(items) => {
                for item in items {
                    self.expr(item);
                }
            }
            ExprKind::Object(entries) => {
                for (_, value) in entries {
                    self.expr(value);
                }
            }
            ExprKind::Var(name) => self.add(&name.name),
            ExprKind::Field { base, .. } => self.expr(base),
            ExprKind::Index { base, index } => {
                self.expr(base);
                self.expr(index);
            }
            ExprKind::Call { args, .. } => {
                for arg in args {
                    self.expr(arg);
                }
            }
            ExprKind::Unary { expr, .. } => self.expr(expr),
            ExprKind::Binary { lhs, rhs, .. } => {
                self.expr(lhs);
                self.expr(rhs);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> VarNames {
        let order: Vec<String> = list.iter().map(|s| (*s).to_owned()).collect();
        let taken: HashSet<String> = order.iter().cloned().collect();
        VarNames::from_names(&order, &taken)
    }

    #[test]
    fn ordinary_names_are_kept() {
        let table = names(&["order", "total"]);
        assert_eq!(table.asl("order"), "order");
        assert!(table.renamings().is_empty());
    }

    #[test]
    fn reserved_names_get_a_suffix() {
        let table = names(&["count", "states", "x"]);
        assert_eq!(table.asl("count"), "count_v");
        assert_eq!(table.asl("states"), "states_v");
        assert_eq!(table.asl("x"), "x");
    }

    #[test]
    fn renaming_avoids_user_names() {
        let table = names(&["count", "count_v", "count_v2"]);
        assert_eq!(table.asl("count"), "count_v3");
        assert_eq!(table.asl("count_v"), "count_v");
    }
}

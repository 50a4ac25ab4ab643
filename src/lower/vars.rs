//! Part of stage 3, lower: the ASL name of every SFL variable.
//!
//! Takes the variables check declared ([`Resolved`]) and returns a
//! [`VarNames`] table. In JSONata a
//! variable and a function share one namespace (`$count` is the built-in
//! function until something assigns `count`), and Step Functions reserves
//! `$states`. A user variable with such a name would hide the function for
//! every expression that follows, so it is renamed: `count` becomes
//! `count_v` (then `count_v2`, `count_v3`, … if the user already has a
//! variable of that name). The table is built once, before any state is
//! made, so every `Assign` and every expression uses the same name.
//!
//! The names come from check's declarations rather than a walk of the tree
//! here: check already found every variable, in every scope, and a program
//! that reaches lowering reads and sets only declared names.

use std::collections::{HashMap, HashSet};

use crate::check::resolved::Resolved;

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
    /// Renames the reserved names among every variable check declared
    /// (the input parameter included: it is not an ASL variable, but a
    /// renamed variable must not take its name either), deterministically:
    /// suffixes are handed out in declaration order.
    pub fn from_resolved(resolved: &Resolved<'_>) -> VarNames {
        let order: Vec<String> = resolved
            .declared_names()
            .map(|(name, _)| name.to_owned())
            .collect();
        let taken: HashSet<String> = order.iter().cloned().collect();
        VarNames::from_names(&order, &taken)
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
    fn names_come_from_checks_declarations() {
        #![expect(clippy::unwrap_used, reason = "test code: a panic is a failure")]
        let text = "workflow w(input: { items: [number] }) {\n\
                    let count_v = 0\n\
                    let states = for count in input.items { return count }\n\
                    return { a: count_v, b: states }\n}\n";
        let file = crate::source::SourceFile::new("vars.sfl", text);
        let mut diagnostics = crate::diag::Diagnostics::new();
        let ast = crate::syntax::parse(&file, &mut diagnostics).unwrap();
        let checked = crate::check::check_file(&ast, &mut diagnostics).unwrap();
        assert!(!diagnostics.has_errors(), "{diagnostics:?}");
        let table = VarNames::from_resolved(&checked.resolved);
        assert_eq!(
            table.renamings(),
            [("count", "count_v2"), ("states", "states_v")]
        );
    }

    #[test]
    fn renaming_avoids_user_names() {
        let table = names(&["count", "count_v", "count_v2"]);
        assert_eq!(table.asl("count"), "count_v3");
        assert_eq!(table.asl("count_v"), "count_v");
    }
}

//! The structural relations of the type model on recursive named types:
//! they must answer quickly (one expansion per pair of types) and still
//! reject types that differ somewhere deep down.

use std::time::{Duration, Instant};

use super::build::*;
use crate::check::types::{Comparison, Type, TypeTable};
use crate::diag::Diagnostics;
use crate::syntax::ast::{Item, TypeDef, TypeExpr};

/// Far above what a polynomial check needs in a debug build; the depth-16
/// search this replaces took 19 s for three fields.
const QUICK: Duration = Duration::from_secs(2);

/// A table of the given named types, which must build without errors.
fn table(defs: Vec<(&str, TypeExpr)>) -> TypeTable {
    let items: Vec<Item> = defs
        .into_iter()
        .map(|(name, ty)| type_def(name, ty))
        .collect();
    let defs: Vec<&TypeDef> = items
        .iter()
        .filter_map(|item| match item {
            Item::Type(def) => Some(def),
            _ => None,
        })
        .collect();
    let mut diagnostics = Diagnostics::new();
    let table = TypeTable::build(&defs, &mut diagnostics);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    table
}

fn named(table: &TypeTable, name: &str) -> Type {
    Type::Named(table.lookup(name).unwrap())
}

/// `{ f0: NAME, f1: NAME, … }` with `fields` fields.
fn self_record(name: &str, fields: usize) -> TypeExpr {
    let names: Vec<String> = (0..fields).map(|i| format!("f{i}")).collect();
    ty_record(names.iter().map(|f| (f.as_str(), ty_named(name))).collect())
}

/// Whether `from` fits `to`, asserting the answer came quickly.
fn assignable_quickly(table: &TypeTable, from: &str, to: &str) -> bool {
    let started = Instant::now();
    let fits = table.assignable(&named(table, from), &named(table, to));
    assert!(started.elapsed() < QUICK, "took {:?}", started.elapsed());
    fits
}

#[test]
fn same_shaped_recursive_records_fit_each_other_quickly() {
    for fields in [3, 8] {
        let types = table(vec![
            ("A", self_record("A", fields)),
            ("B", self_record("B", fields)),
        ]);
        assert!(assignable_quickly(&types, "B", "A"), "{fields} fields");
        assert!(assignable_quickly(&types, "A", "B"), "{fields} fields");
    }
}

#[test]
fn a_recursive_record_with_a_missing_field_does_not_fit() {
    let types = table(vec![("A", self_record("A", 8)), ("B", self_record("B", 7))]);
    // B lacks `f7`, A has every field B wants.
    assert!(!assignable_quickly(&types, "B", "A"));
    assert!(assignable_quickly(&types, "A", "B"));
}

#[test]
fn mutually_recursive_types_that_differ_deep_down_are_rejected() {
    // A ↔ B and C ↔ D have the same shape, except that D's `leaf` is a
    // number where B's is a string: only visible two levels down.
    let types = table(vec![
        (
            "A",
            ty_record(vec![("next", ty_named("B")), ("leaf", ty_string())]),
        ),
        (
            "B",
            ty_record(vec![("next", ty_named("A")), ("leaf", ty_string())]),
        ),
        (
            "C",
            ty_record(vec![("next", ty_named("D")), ("leaf", ty_string())]),
        ),
        (
            "D",
            ty_record(vec![("next", ty_named("C")), ("leaf", ty_number())]),
        ),
    ]);
    assert!(!assignable_quickly(&types, "C", "A"));
    assert!(!assignable_quickly(&types, "A", "C"));
    assert!(!assignable_quickly(&types, "D", "B"));
    // A against B unrolls to the same infinite tree, so it fits.
    assert!(assignable_quickly(&types, "A", "B"));
}

#[test]
fn a_mismatch_behind_an_assumed_pair_is_still_found() {
    // Comparing X with Y meets X against Y again through `self` before it
    // reaches `tag`; the assumption must not hide the mismatch in `tag`.
    let types = table(vec![
        (
            "X",
            ty_record(vec![("self", ty_named("X")), ("tag", ty_string())]),
        ),
        (
            "Y",
            ty_record(vec![("self", ty_named("Y")), ("tag", ty_number())]),
        ),
    ]);
    assert!(!assignable_quickly(&types, "X", "Y"));
}

#[test]
fn recursion_that_alternates_named_and_written_out_terminates() {
    // `P = {string: {string: P}}` against `{string: Q}` with Q defined
    // like P: the named type sits on one side at a time, never both.
    let types = table(vec![
        ("P", ty_map(ty_map(ty_named("P")))),
        ("Q", ty_map(ty_map(ty_named("Q")))),
        ("R", ty_map(ty_named("Q"))),
    ]);
    assert!(assignable_quickly(&types, "P", "R"));
    assert!(assignable_quickly(&types, "R", "P"));
}

#[test]
fn recursive_lists_compare_and_join_without_running_forever() {
    let types = table(vec![
        ("L", ty_list(ty_named("L"))),
        ("M", ty_list(ty_named("M"))),
        ("N", ty_list(ty_number())),
    ]);
    let (l, m, n) = (named(&types, "L"), named(&types, "M"), named(&types, "N"));
    assert_eq!(types.comparable(&l, &m), Comparison::Fine);
    assert_eq!(types.comparable(&l, &n), Comparison::Unrelated);
    assert!(types.assignable(&l, &m));
    assert!(!types.assignable(&l, &n));
    // The join of two endless lists is a list of `any`.
    assert_eq!(types.display(&types.join(&l, &m)), "[any]");
}

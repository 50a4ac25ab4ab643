//! Wording for type errors (E02xx).

use crate::diag::{Code, Diagnostic};
use crate::source::Span;
use crate::syntax::ast::{BinOp, Expr, Ident, TypeDef};

use crate::check::types::Type;

/// E0201
pub fn type_alias_cycle(first: &TypeDef, members: &[&TypeDef]) -> Diagnostic {
    let chain: Vec<String> = members
        .iter()
        .map(|m| format!("`{}`", m.name.name))
        .collect();
    let mut diagnostic = Diagnostic::new(
        Code::TypeAliasCycle,
        format!("the type `{}` only refers to itself", first.name.name),
        first.ty.span,
        if members.len() == 1 {
            "this names the type being defined".to_owned()
        } else {
            format!(
                "{} name each other without ever saying what a value is",
                chain.join(" and ")
            )
        },
    );
    for member in members {
        if member.name.span != first.name.span {
            diagnostic = diagnostic.with_secondary(member.ty.span, "part of the cycle");
        }
    }
    diagnostic.with_help("define one of them as an actual type, such as `{ id: string }`")
}

/// E0202
pub fn mismatched_types(span: Span, expected: &str, found: &str, note: &str) -> Diagnostic {
    let expected = if expected.starts_with("a ") || expected.starts_with("an ") {
        expected.to_owned()
    } else {
        format!("`{expected}`")
    };
    Diagnostic::new(
        Code::MismatchedTypes,
        "mismatched types",
        span,
        format!("expected {expected}, found `{found}`"),
    )
    .with_note(note)
}

/// E0202: a list or record as a query value.
pub fn query_value_not_scalar(span: Span, found: &str) -> Diagnostic {
    mismatched_types(
        span,
        "a string, number or bool",
        found,
        "query values are strings; numbers and booleans are converted, lists and records have no single text",
    )
    .with_help("pass one field, or join the values into a string: `\"{a},{b}\"`")
}

/// E0202: a map computed at run time whose values are not strings, used
/// as the whole query.
pub fn query_map_not_strings(span: Span, found: &str) -> Diagnostic {
    mismatched_types(
        span,
        "{string: string}",
        found,
        "query values are strings, and the values of a map computed at run time are sent as they are",
    )
    .with_help("write the query as an object, `{ page: input.page }`, whose numbers and booleans are converted")
}

/// E0203
pub fn unrelated_comparison(
    whole: &Expr,
    op: BinOp,
    lhs: &Expr,
    lhs_ty: &str,
    rhs: &Expr,
    rhs_ty: &str,
    ordering: bool,
) -> Diagnostic {
    let message = if ordering {
        format!(
            "cannot order `{lhs_ty}` and `{rhs_ty}` with `{}`",
            op.as_str()
        )
    } else {
        format!("comparing `{lhs_ty}` with `{rhs_ty}`")
    };
    let label = if ordering {
        "only two numbers or two strings can be ordered".to_owned()
    } else {
        format!("this is `{rhs_ty}`, so the comparison is never true")
    };
    // In `a == b` the right side is the one read against the left; in a
    // `match` arm the pattern is both `whole` and `rhs`.
    let mut diagnostic = Diagnostic::new(Code::UnrelatedComparison, message, rhs.span, label);
    if lhs.span != rhs.span && lhs.span != whole.span {
        diagnostic = diagnostic.with_secondary(lhs.span, format!("this is `{lhs_ty}`"));
    }
    let numeric_text = |a: &str, b: &str| a == "number" && (b == "string" || b.starts_with('"'));
    if numeric_text(lhs_ty, rhs_ty) || numeric_text(rhs_ty, lhs_ty) {
        diagnostic =
            diagnostic.with_help("convert one side first, with `number(…)` or `string(…)`");
    }
    diagnostic
}

/// E0204
pub fn impossible_union_comparison(
    literal: &Expr,
    union_side: &Expr,
    union_ty: &str,
    op: BinOp,
    help: Option<String>,
) -> Diagnostic {
    let always = if op == BinOp::Ne { "true" } else { "false" };
    Diagnostic::new(
        Code::ImpossibleUnionComparison,
        format!("this string is not one of `{union_ty}`"),
        literal.span,
        format!("not a possible value, so this comparison is always {always}"),
    )
    .with_secondary(union_side.span, format!("this has type `{union_ty}`"))
    .with_help(help.unwrap_or_else(|| {
        "compare with one of the union's strings, or add this one to the type".to_owned()
    }))
}

/// E0205
pub fn non_numeric_arithmetic(
    operand: Span,
    op_span: Span,
    op: &str,
    ty: &str,
    stringy: bool,
) -> Diagnostic {
    let diagnostic = Diagnostic::new(
        Code::NonNumericArithmetic,
        format!("cannot apply `{op}` to `{ty}`"),
        operand,
        format!("this is `{ty}`, not a number"),
    )
    .with_secondary(op_span, "arithmetic needs numbers");
    if stringy {
        diagnostic.with_help("convert it first: `number(…)`")
    } else {
        diagnostic
    }
}

/// E0205: `"a" + "b"`.
pub fn string_concatenation(whole: Span, op_span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::NonNumericArithmetic,
        "cannot add two strings",
        whole,
        "`+` adds numbers; it does not join strings",
    )
    .with_secondary(op_span, "this `+`")
    .with_help("join strings by interpolation: `\"{a}{b}\"`")
}

/// E0206
pub fn unguarded_optional_field(path: &Expr, field: &Ident) -> Diagnostic {
    Diagnostic::new(
        Code::UnguardedOptionalField,
        format!("the optional field `{}` may be absent", field.name),
        path.span,
        "read without checking that it is present",
    )
    .with_help("give a default with `??`, or check it first with `exists(…)`")
}

/// E0207
pub fn non_scalar_path_interpolation(expr: &Expr, ty: &str) -> Diagnostic {
    Diagnostic::new(
        Code::NonScalarPathInterpolation,
        format!("cannot put a `{ty}` into a request path"),
        expr.span,
        "a path segment must be a string, number or bool",
    )
    .with_help(
        "interpolate one of its fields, such as `{order.id}`, or send it in the `query` or `body`",
    )
}

/// E0208
pub fn condition_not_bool(span: Span, ty: &str, what: &str) -> Diagnostic {
    let help = match ty {
        "number" => "compare it: `… > 0`",
        "string" => "compare it: `… != \"\"`",
        _ => "write a comparison, such as `… == …`, or test presence with `exists(…)`",
    };
    Diagnostic::new(
        Code::ConditionNotBool,
        format!("{what} must be a `bool`"),
        span,
        format!("this is `{ty}`"),
    )
    .with_help(help)
    .with_note("SFL has no truthiness: numbers, strings and lists are not conditions")
}

/// E0209
pub fn for_over_non_list(iter: &Expr, ty: &str) -> Diagnostic {
    Diagnostic::new(
        Code::ForOverNonList,
        format!("`for` needs a list, found `{ty}`"),
        iter.span,
        format!("this is `{ty}`"),
    )
    .with_help("iterate over a list, such as `input.items`")
}

/// E0210
pub fn wrong_argument_count(span: Span, func: &Ident, expected: usize, found: usize) -> Diagnostic {
    let plural = |n: usize| if n == 1 { "argument" } else { "arguments" };
    Diagnostic::new(
        Code::WrongArgumentCount,
        format!(
            "`{}` takes {expected} {}, found {found}",
            func.name,
            plural(expected)
        ),
        span,
        if found > expected + 1 {
            "unexpected arguments".to_owned()
        } else if found > expected {
            "unexpected argument".to_owned()
        } else {
            format!("expected {expected} {}", plural(expected))
        },
    )
}

/// E0211
pub fn exists_needs_path(arg: &Expr) -> Diagnostic {
    Diagnostic::new(
        Code::ExistsNeedsPath,
        "`exists` needs a path",
        arg.span,
        "not a variable or field path",
    )
    .with_help("pass the field to test, such as `exists(input.priority)`")
}

/// E0212: a field on a value without fields.
pub fn no_field_on_type(span: Span, field: &str, ty: &str, resolved: &Type) -> Diagnostic {
    let help = match resolved {
        Type::List(_) => Some(format!("take one element first, such as `…[0].{field}`")),
        _ => None,
    };
    Diagnostic::new(
        Code::NoFieldsOnType,
        format!("no field `{field}` on a value of type `{ty}`"),
        span,
        format!("`{ty}` has no fields"),
    )
    .with_help_opt(help)
}

/// E0212: an index on a value that is not a list or map.
pub fn no_index_on_type(span: Span, ty: &str) -> Diagnostic {
    Diagnostic::new(
        Code::NoFieldsOnType,
        format!("cannot index a value of type `{ty}`"),
        span,
        "only lists, maps and records can be indexed",
    )
}

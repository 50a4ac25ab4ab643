//! Check, library: the signatures of the standard library.
//!
//! The first functions of the library (`len`, `exists`, `upper`, …) are
//! typed in `infer`; every function added since lives in the table here:
//! what each argument must be, how many may be left out, and the result
//! type worked out from the argument types. A regular expression given to
//! `matches` and the algorithm given to `hash` must be literals and are
//! checked here, at compile time (E0213, E0214). Lowering translates the
//! same names in `lower::jsonata::library`.

use std::rc::Rc;

use crate::check::Checker;
use crate::check::diagnostics as d;
use crate::check::infer::guards_of;
use crate::check::types::{Field, Type, is_stringy};
use crate::source::Span;
use crate::syntax::ast::{Comprehension, Expr, ExprKind, Ident, TemplatePart};

/// What an argument must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Param {
    /// A string (or a string-literal type).
    Str,
    /// A number.
    Num,
    /// A list of anything.
    List,
    /// A list of numbers.
    Numbers,
    /// A list of strings.
    Strings,
    /// A list of numbers or a list of strings: what `sort` can order.
    Sortable,
    /// A list of lists.
    Lists,
    /// A record or a map.
    Record,
    /// Any value.
    Value,
    /// A regular expression, written as a string literal.
    Pattern,
    /// A hash algorithm name, written as a string literal.
    Algorithm,
}

/// One library function: its parameters, of which the last `optional`
/// may be left out.
#[derive(Debug)]
pub struct Function {
    /// The name SFL calls it by.
    pub name: &'static str,
    params: &'static [Param],
    optional: usize,
}

const fn f(name: &'static str, params: &'static [Param], optional: usize) -> Function {
    Function {
        name,
        params,
        optional,
    }
}

use Param::{Algorithm, List, Lists, Num, Numbers, Pattern, Record, Sortable, Str, Strings, Value};

/// The functions of the table, grouped as the language reference lists
/// them.
pub const FUNCTIONS: &[Function] = &[
    // lists
    f("concat", &[List, List], 0),
    f("append", &[List, Value], 0),
    f("count", &[List], 0),
    f("sum", &[Numbers], 0),
    f("min", &[Numbers], 0),
    f("max", &[Numbers], 0),
    f("avg", &[Numbers], 0),
    f("distinct", &[List], 0),
    f("sort", &[Sortable], 0),
    f("reverse", &[List], 0),
    f("flatten", &[Lists], 0),
    f("zip", &[List, List], 0),
    // strings
    f("join", &[Strings, Str], 1),
    f("split", &[Str, Str], 0),
    f("substring", &[Str, Num, Num], 1),
    f("replace", &[Str, Str, Str], 0),
    f("trim", &[Str], 0),
    f("pad", &[Str, Num, Str], 1),
    f("matches", &[Str, Pattern], 0),
    // numbers
    f("round", &[Num, Num], 1),
    f("floor", &[Num], 0),
    f("ceil", &[Num], 0),
    f("abs", &[Num], 0),
    f("format_number", &[Num, Str], 0),
    // records
    f("keys", &[Record], 0),
    f("values", &[Record], 0),
    f("merge", &[Record, Record], 0),
    f("has", &[Record, Str], 0),
    // time
    f("add_seconds", &[Str, Num], 0),
    f("seconds_between", &[Str, Str], 0),
    f("parse_time", &[Str, Str], 0),
    f("format_time", &[Str, Str], 0),
    // encoding
    f("base64_encode", &[Str], 0),
    f("base64_decode", &[Str], 0),
    f("hash", &[Str, Algorithm], 1),
    f("json", &[Value], 0),
    f("parse", &[Str], 0),
];

/// Names other languages (and JSONata) use for the table's functions,
/// suggested when edit distance would not find ours.
pub const ALIASES: &[(&str, &str)] = &[
    ("average", "avg"),
    ("mean", "avg"),
    ("push", "append"),
    ("concatenate", "concat"),
    ("unique", "distinct"),
    ("sorted", "sort"),
    ("strip", "trim"),
    ("substr", "substring"),
    ("slice", "substring"),
    ("regex", "matches"),
    ("match", "matches"),
    ("test", "matches"),
    ("format", "format_number"),
    ("formatnumber", "format_number"),
    ("merge_objects", "merge"),
    ("sha256", "hash"),
    ("btoa", "base64_encode"),
    ("atob", "base64_decode"),
    ("base64encode", "base64_encode"),
    ("base64decode", "base64_decode"),
    ("stringify", "json"),
    ("to_json", "json"),
    ("from_json", "parse"),
    ("json_parse", "parse"),
    ("tomillis", "seconds_between"),
    ("date_add", "add_seconds"),
    ("datediff", "seconds_between"),
];

/// The algorithms Step Functions' `$hash` accepts (aws.md, "JSONata in
/// Step Functions"; SF "transforming-data").
pub const HASH_ALGORITHMS: &[&str] = &["MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512"];

/// The table entry for `name`.
pub fn function(name: &str) -> Option<&'static Function> {
    FUNCTIONS.iter().find(|f| f.name == name)
}

impl Checker<'_, '_> {
    /// Types a call of a function of the table; `None` when `name` is not
    /// one. `types` are the argument types, already inferred.
    pub(super) fn library_call(
        &mut self,
        whole: &Expr,
        func: &Ident,
        args: &[Expr],
        types: &[Type],
    ) -> Option<Type> {
        let function = function(&func.name)?;
        let most = function.params.len();
        let least = most - function.optional;
        if args.len() < least || args.len() > most {
            if least == most {
                self.arity(whole, func, args, least);
            } else {
                let span = args
                    .get(most)
                    .zip(args.last())
                    .map_or(whole.span, |(extra, last)| extra.span.to(last.span));
                self.diagnostics.push(d::wrong_library_argument_count(
                    span,
                    func,
                    least,
                    most,
                    args.len(),
                ));
            }
            return Some(self.library_result(function.name, types));
        }
        for ((arg, ty), param) in args.iter().zip(types).zip(function.params) {
            self.library_argument(function.name, arg, ty, *param);
        }
        Some(self.library_result(function.name, types))
    }

    fn library_argument(&mut self, name: &str, arg: &Expr, ty: &Type, param: Param) {
        let resolved = self.types.resolve(ty).clone();
        let element = |t: &Type| match t {
            Type::List(e) => Some(self.types.resolve(e).clone()),
            Type::Any => Some(Type::Any),
            _ => None,
        };
        let (fits, expected) = match param {
            Param::Str => (self.types.assignable(ty, &Type::String), "string"),
            Param::Num => (self.types.assignable(ty, &Type::Number), "a number"),
            Param::List => (element(&resolved).is_some(), "a list"),
            Param::Numbers => (
                element(&resolved).is_some_and(|e| self.types.assignable(&e, &Type::Number)),
                "a list of numbers",
            ),
            Param::Strings => (
                element(&resolved).is_some_and(|e| self.types.assignable(&e, &Type::String)),
                "a list of strings",
            ),
            Param::Sortable => (
                element(&resolved)
                    .is_some_and(|e| matches!(e, Type::Any | Type::Number) || is_stringy(&e)),
                "a list of numbers or a list of strings",
            ),
            Param::Lists => (
                element(&resolved).is_some_and(|e| element(&e).is_some()),
                "a list of lists",
            ),
            Param::Record => (
                matches!(resolved, Type::Any | Type::Record(_) | Type::Map(_)),
                "a record or a map",
            ),
            Param::Value => (true, ""),
            Param::Pattern => {
                self.check_pattern(arg);
                (self.types.assignable(ty, &Type::String), "string")
            }
            Param::Algorithm => {
                self.check_algorithm(arg);
                (true, "")
            }
        };
        if !fits {
            self.argument_mismatch(arg, ty, expected, name);
        }
    }

    /// The result type of a call of `name` with arguments of `types` (the
    /// arguments were checked; a wrong one was reported and counts as
    /// `any` here).
    fn library_result(&self, name: &str, types: &[Type]) -> Type {
        let arg = |i: usize| types.get(i).cloned().unwrap_or(Type::Any);
        let list_of = |t: Type| Type::List(Rc::new(t));
        let element = |t: &Type| match self.types.resolve(t) {
            Type::List(e) => (**e).clone(),
            _ => Type::Any,
        };
        let same_list = || match self.types.resolve(&arg(0)) {
            Type::List(_) => arg(0),
            _ => list_of(Type::Any),
        };
        match name {
            "concat" => list_of(self.types.join(&element(&arg(0)), &element(&arg(1)))),
            "append" => list_of(self.types.join(&element(&arg(0)), &widen(arg(1)))),
            "distinct" | "sort" | "reverse" => same_list(),
            "flatten" => list_of(element(&element(&arg(0)))),
            "zip" => list_of(list_of(
                self.types.join(&element(&arg(0)), &element(&arg(1))),
            )),
            "split" => list_of(Type::String),
            "keys" => list_of(Type::String),
            "values" => list_of(self.record_values(&arg(0))),
            "merge" => self.merged(&arg(0), &arg(1)),
            "count" | "sum" | "min" | "max" | "avg" | "round" | "floor" | "ceil" | "abs"
            | "seconds_between" => Type::Number,
            "matches" | "has" => Type::Bool,
            "parse" => Type::Any,
            _ => Type::String,
        }
    }

    /// The type of every value of a record or map: the join of its fields.
    fn record_values(&self, ty: &Type) -> Type {
        match self.types.resolve(ty) {
            Type::Map(value) => (**value).clone(),
            Type::Record(fields) => fields
                .iter()
                .map(|f| f.ty.clone())
                .reduce(|a, b| self.types.join(&a, &b))
                .unwrap_or(Type::Any),
            _ => Type::Any,
        }
    }

    /// `merge(a, b)`: the fields of both records, `b`'s winning; two maps
    /// give a map; anything else is not known.
    fn merged(&self, a: &Type, b: &Type) -> Type {
        match (self.types.resolve(a), self.types.resolve(b)) {
            (Type::Record(left), Type::Record(right)) => {
                let mut fields: Vec<Field> = left
                    .iter()
                    .filter(|f| !right.iter().any(|g| g.name == f.name))
                    .cloned()
                    .collect();
                fields.extend(right.iter().cloned());
                Type::Record(Rc::from(fields))
            }
            (Type::Map(x), Type::Map(y)) => Type::Map(Rc::new(self.types.join(x, y))),
            _ => Type::Any,
        }
    }

    /// The type of the element variable `ident` names, when a comprehension
    /// being typed binds it.
    pub(super) fn element(&self, ident: &Ident) -> Option<Type> {
        self.elements
            .iter()
            .rev()
            .find(|(name, _)| *name == ident.name)
            .map(|(_, ty)| ty.clone())
    }

    /// `[item for var in list if cond]`: a list of what `item` is, with
    /// `var` typed as an element of `list` in `cond` and `item`. `exists`
    /// tests in `cond` guard `item`.
    pub(super) fn comprehension(&mut self, comprehension: &Comprehension) -> Type {
        let list_type = self.expr(&comprehension.list);
        let element = match self.types.resolve(&list_type).clone() {
            Type::List(element) => (*element).clone(),
            Type::Any => Type::Any,
            other => {
                let shown = self.types.display(&other);
                self.diagnostics
                    .push(d::for_over_non_list(&comprehension.list, &shown));
                Type::Any
            }
        };
        self.elements
            .push((comprehension.var.name.clone(), element));
        let mut guards = Vec::new();
        if let Some(filter) = &comprehension.filter {
            let ty = self.expr(filter);
            self.expect_bool(filter, &ty, "the `if` of a comprehension");
            guards_of(filter, &mut guards);
        }
        self.push_guards(&guards);
        let item = self.expr(&comprehension.item);
        self.pop_guards(&guards);
        self.elements.pop();
        Type::List(Rc::new(widen(item)))
    }

    /// `a + b` when either side is a list: the two lists joined, their
    /// element types joined. `None` when neither side is a list (then `+`
    /// adds numbers). A list and something else is one error, with the
    /// two ways to add one item.
    pub(super) fn list_sum(
        &mut self,
        whole: &Expr,
        op_span: Span,
        lhs: &Expr,
        lt: &Type,
        rhs: &Expr,
        rt: &Type,
    ) -> Option<Type> {
        let (l, r) = (
            self.types.resolve(lt).clone(),
            self.types.resolve(rt).clone(),
        );
        match (&l, &r) {
            (Type::List(a), Type::List(b)) => {
                let fits = self.types.assignable(a, b) || self.types.assignable(b, a);
                if !fits {
                    let (ls, rs) = (self.types.display(lt), self.types.display(rt));
                    self.diagnostics
                        .push(d::unrelated_list_sum(whole.span, op_span, &ls, &rs));
                }
                Some(Type::List(Rc::new(self.types.join(a, b))))
            }
            (Type::List(_), Type::Any) => Some(lt.clone()),
            (Type::Any, Type::List(_)) => Some(rt.clone()),
            (Type::List(_), _) => {
                let shown = self.types.display(rt);
                self.diagnostics
                    .push(d::list_plus_item(rhs.span, op_span, &shown));
                Some(lt.clone())
            }
            (_, Type::List(_)) => {
                let shown = self.types.display(lt);
                self.diagnostics
                    .push(d::list_plus_item(lhs.span, op_span, &shown));
                Some(rt.clone())
            }
            _ => None,
        }
    }

    /// `matches(s, "regex")`: the pattern must be a literal that both the
    /// checker's regex parser and JavaScript read the same way.
    fn check_pattern(&mut self, arg: &Expr) {
        let Some((text, span)) = literal_text(arg) else {
            self.diagnostics.push(d::pattern_not_literal(arg.span));
            return;
        };
        if let Some((range, message)) = pattern_problem(&text) {
            let at = span.map_or(arg.span, |start| {
                Span::new(start + range.start, start + range.end.max(range.start + 1))
            });
            self.diagnostics.push(d::invalid_pattern(at, &message));
        }
    }

    /// `hash(s, "SHA-256")`: one of the algorithms Step Functions knows.
    fn check_algorithm(&mut self, arg: &Expr) {
        let name = literal_text(arg).map(|(text, _)| text);
        if name
            .as_deref()
            .is_some_and(|n| HASH_ALGORITHMS.contains(&n))
        {
            return;
        }
        let help = name
            .as_deref()
            .and_then(|n| crate::suggest::suggest(n, HASH_ALGORITHMS.iter().copied()));
        self.diagnostics
            .push(d::unknown_hash_algorithm(arg.span, name.as_deref(), help));
    }
}

/// A string literal's value, and the source offset of its first character
/// when the value is written without escapes (so offsets in the value are
/// offsets in the source).
fn literal_text(expr: &Expr) -> Option<(String, Option<usize>)> {
    let ExprKind::String(template) = &expr.kind else {
        return None;
    };
    let text = template.as_plain()?;
    let start = match template.parts.as_slice() {
        [TemplatePart::Text { text, span }] if text.len() == span.len() => Some(span.start_usize()),
        [] => Some(expr.span.start_usize() + 1),
        _ => None,
    };
    Some((text, start))
}

/// A value stored in a list keeps its widened type (`"a"` is a `string`).
fn widen(ty: Type) -> Type {
    match ty {
        Type::StrLit(_) => Type::String,
        other => other,
    }
}

/// Why `pattern` is not accepted, with the byte range in it to point at.
/// Accepted is what the `regex-syntax` parser reads, minus the forms
/// JavaScript (whose regular expressions JSONata uses) reads differently
/// or not at all.
pub fn pattern_problem(pattern: &str) -> Option<(std::ops::Range<usize>, String)> {
    if let Err(error) = regex_syntax::ast::parse::Parser::new().parse(pattern) {
        let span = error.span();
        return Some((span.start.offset..span.end.offset, error.kind().to_string()));
    }
    not_javascript(pattern).or_else(|| unbalanced(pattern))
}

/// JSONata finds the end of a `/…/` literal by counting `(`, `[` and `{`
/// against `)`, `]` and `}` (those right after a `\` not counted), so a
/// pattern whose count does not come back to zero cannot be written as a
/// literal; points at the first closing one too many, or at the end.
fn unbalanced(pattern: &str) -> Option<(std::ops::Range<usize>, String)> {
    let mut depth = 0i64;
    let mut previous = None;
    let mut first_extra = None;
    for (at, c) in pattern.char_indices() {
        if previous != Some('\\') {
            match c {
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' => {
                    depth -= 1;
                    if depth < 0 && first_extra.is_none() {
                        first_extra = Some(at);
                    }
                }
                _ => {}
            }
        }
        previous = Some(c);
    }
    if depth == 0 {
        return None;
    }
    let range = first_extra.map_or(pattern.len().saturating_sub(1)..pattern.len(), |at| {
        at..at + 1
    });
    Some((
        range,
        "JSONata needs the brackets of a pattern balanced: escape an unmatched `(`, `)`, `[`, `]`, `{` or `}` with `\\`".to_owned(),
    ))
}

/// The first form in `pattern` that JavaScript reads differently: inline
/// flags, `(?P<…>`, `\A`, `\z`, Unicode classes (`\p{…}` needs a flag
/// JSONata does not set), `\x{…}`, POSIX classes and class set operations.
/// Also `${`, which CloudFormation would substitute.
fn not_javascript(pattern: &str) -> Option<(std::ops::Range<usize>, String)> {
    let mut chars = pattern.char_indices().peekable();
    let mut in_class = false;
    while let Some((at, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let rest = pattern.get(at..).unwrap_or("");
        let problem = match (c, next) {
            ('\\', Some(e)) => {
                chars.next();
                match e {
                    'A' | 'z' | 'Z' => {
                        Some("`\\A` and `\\z` are not anchors in JavaScript: use `^` and `$`")
                    }
                    'p' | 'P' => Some("Unicode classes need a flag JSONata does not set"),
                    'x' if rest.starts_with("\\x{") => {
                        Some("write a code point as `\\uHHHH` or `\\xHH`")
                    }
                    _ => None,
                }
            }
            ('[', _) if in_class && next == Some(':') => {
                Some("POSIX classes such as `[[:alpha:]]` are not JavaScript")
            }
            ('[', _) => {
                in_class = true;
                None
            }
            (']', _) => {
                in_class = false;
                None
            }
            ('&', Some('&')) | ('-', Some('-')) | ('~', Some('~')) if in_class => {
                Some("class set operations are not JavaScript")
            }
            ('(', Some('?')) if !in_class => inline_group_problem(rest),
            ('$', Some('{')) => Some("`${` would be replaced by CloudFormation: write `$\\{`"),
            _ => None,
        };
        if let Some(message) = problem {
            let len = rest.chars().take(2).map(char::len_utf8).sum::<usize>();
            return Some((at..at + len, message.to_owned()));
        }
    }
    None
}

/// `(?…`: JavaScript has `(?:`, lookaround (which the checker does not
/// accept) and `(?<name>`; flags and `(?P<name>` are not JavaScript.
fn inline_group_problem(group: &str) -> Option<&'static str> {
    let after = group.get(2..).unwrap_or("");
    if after.starts_with(':') || after.starts_with('<') && !after.starts_with("<=") {
        None
    } else if after.starts_with('P') {
        Some("write a named group as `(?<name>…)`")
    } else {
        Some("inline flags are not JavaScript")
    }
}

#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "test code")]
mod tests {
    use super::{function, pattern_problem};

    /// The part of the pattern a problem points at.
    fn pointed(pattern: &str) -> Option<String> {
        pattern_problem(pattern).map(|(range, _)| pattern.get(range).unwrap_or("").to_owned())
    }

    #[test]
    fn patterns_both_parsers_read_alike_are_accepted() {
        for ok in [
            "^[A-Z]{2}-[0-9]+$",
            "a/b",
            "(?:ab)+",
            "(?<year>[0-9]{4})",
            "\\d+\\.\\d*",
            "[\\]]",
            "\\}",
            "100%",
            "",
        ] {
            assert_eq!(pattern_problem(ok), None, "{ok}");
        }
    }

    #[test]
    fn other_patterns_are_refused_at_the_offending_place() {
        assert_eq!(pointed("^[A-Z").as_deref(), Some("["));
        assert_eq!(pointed("ab(?i)c").as_deref(), Some("(?"));
        assert_eq!(pointed("(?P<n>a)").as_deref(), Some("(?"));
        assert_eq!(pointed("x\\Ay").as_deref(), Some("\\A"));
        assert_eq!(pointed("\\pL").as_deref(), Some("\\p"));
        assert_eq!(pointed("[[:alpha:]]").as_deref(), Some("[:"));
        assert!(pattern_problem("a${b}").is_some());
        // regex-syntax refuses these itself.
        assert!(pattern_problem("(?=a)").is_some());
        assert!(pattern_problem("(a)\\1").is_some());
        // JSONata counts brackets to find the end of `/…/`.
        assert_eq!(pointed("a}").as_deref(), Some("}"));
    }

    #[test]
    fn optional_arguments_come_last() {
        let substring = function("substring").unwrap();
        assert_eq!((substring.params.len(), substring.optional), (3, 1));
        assert!(
            function("len").is_none(),
            "the first functions are typed in infer"
        );
    }
}

//! The resolved-uses tables check hands to lowering: each variable read
//! maps to its declaration (with scope and type), each call to its endpoint
//! and retry policies.

use crate::check::Checked;
use crate::check::resolved::{ScopeId, VarKind};
use crate::check::types::Type;
use crate::diag::Diagnostics;
use crate::source::SourceFile;
use crate::syntax::ast::{self, Expr, ExprKind, HttpCall, StmtKind};

const ENDPOINTS: &str = r#"
endpoint alpha {
    url     "https://alpha.example.com"
    private "arn:aws:vpc-lattice:eu-west-1:111122223333:resourceconfiguration/rcfg-0123456789abcdef0"
    auth    api_key "x-api-key" = secret("alpha/api-key")
}

retry transient {
    on       Http.5xx
    attempts 3
}
"#;

/// Parses and checks `source` (plus the shared endpoint and policy), which
/// must be free of errors, and hands the result to `test`.
fn with_checked(source: &str, test: impl FnOnce(&Checked<'_>)) {
    let text = format!("{source}\n{ENDPOINTS}");
    let file = SourceFile::new("resolved.sfl", text.as_str());
    let mut diagnostics = Diagnostics::new();
    let ast = crate::syntax::parse(&file, &mut diagnostics).unwrap();
    let checked = crate::check::check_file(&ast, &mut diagnostics).unwrap();
    assert!(!diagnostics.has_errors(), "{diagnostics:?}");
    test(&checked);
}

/// Every variable read in the workflow, in source order of statements.
fn reads(block: &ast::Block) -> Vec<&Expr> {
    let mut out = Vec::new();
    for stmt in &block.stmts {
        match &stmt.kind {
            StmtKind::Let { value, .. } | StmtKind::Set { value, .. } => vars_in(value, &mut out),
            StmtKind::Return(value) => vars_in(value, &mut out),
            StmtKind::Parallel { branches, .. } => {
                for branch in branches {
                    out.extend(reads(&branch.body));
                }
            }
            StmtKind::For(stmt) => {
                vars_in(&stmt.iter, &mut out);
                out.extend(reads(&stmt.body));
            }
            _ => {}
        }
    }
    out
}

fn vars_in<'e>(expr: &'e Expr, out: &mut Vec<&'e Expr>) {
    match &expr.kind {
        ExprKind::Var(_) => out.push(expr),
        ExprKind::Field { base, .. } => vars_in(base, out),
        ExprKind::Object(entries) => entries.iter().for_each(|(_, v)| vars_in(v, out)),
        ExprKind::List(items) => items.iter().for_each(|v| vars_in(v, out)),
        ExprKind::Binary { lhs, rhs, .. } => {
            vars_in(lhs, out);
            vars_in(rhs, out);
        }
        _ => {}
    }
}

fn calls(block: &ast::Block) -> Vec<&HttpCall> {
    block
        .stmts
        .iter()
        .filter_map(|stmt| match &stmt.kind {
            StmtKind::Http(call) => Some(call),
            _ => None,
        })
        .collect()
}

#[test]
fn each_read_names_its_declaration_scope_and_type() {
    with_checked(
        r#"
workflow w(order: { id: string }) {
    let total = 1
    let results = parallel {
        branch {
            let a = total + 1
            return a
        }
        branch {
            let a = order.id
            return a
        }
    }
    return { total: total, results: results }
}
"#,
        |checked| {
            let resolved = &checked.resolved;
            let found: Vec<(String, ScopeId, VarKind, Type)> = reads(&checked.workflow.body)
                .into_iter()
                .map(|read| {
                    let decl = resolved.var_of(read).unwrap();
                    (decl.name.clone(), decl.scope, decl.kind, decl.ty.clone())
                })
                .collect();
            let top = ScopeId::TOP;
            let (first, second) = (found[1].1, found[3].1);
            assert_ne!(first, top);
            assert_ne!(second, top);
            // The two branches are sibling scopes: same name, two variables.
            assert_ne!(first, second);
            assert_eq!(
                found,
                vec![
                    ("total".into(), top, VarKind::Declared, Type::Number),
                    ("a".into(), first, VarKind::Declared, Type::Number),
                    ("order".into(), top, VarKind::Input, found[2].3.clone()),
                    ("a".into(), second, VarKind::Declared, Type::String),
                    ("total".into(), top, VarKind::Declared, Type::Number),
                    ("results".into(), top, VarKind::Declared, found[5].3.clone()),
                ]
            );
        },
    );
}

#[test]
fn declared_names_list_each_name_once_input_first() {
    with_checked(
        r#"
workflow w(input: { n: number }) {
    let count = input.n
    if count > 1 {
        let step = 1
        set count = count + step
    } else {
        let step = 2
        set count = count + step
    }
    return count
}
"#,
        |checked| {
            let names: Vec<&str> = checked
                .resolved
                .declared_names()
                .map(|(name, _)| name)
                .collect();
            assert_eq!(names, ["input", "count", "step"]);
        },
    );
}

#[test]
fn each_call_names_its_endpoint_and_retry_policies() {
    with_checked(
        r#"
workflow w(input: { id: string }) {
    GET alpha "/a" {
        retry transient
        retry on Http.429 attempts 2
    }
    return null
}
"#,
        |checked| {
            let call = calls(&checked.workflow.body)[0];
            let resolved = &checked.resolved;
            let endpoint = resolved.endpoint_of(call).unwrap();
            assert_eq!(endpoint.name.name, "alpha");
            // The named policy is the item's, the inline one the call's own.
            let named = resolved.retry_policy(call, 0).unwrap();
            assert!(std::ptr::eq(named, &checked.retries["transient"].policy));
            let inline = match &call.options.retries[1] {
                ast::RetrySpec::Inline(inline) => Some(inline),
                ast::RetrySpec::Named(_) => None,
            };
            assert!(std::ptr::eq(
                resolved.retry_policy(call, 1).unwrap(),
                inline.unwrap()
            ));
            assert!(resolved.retry_policy(call, 2).is_none());
        },
    );
}

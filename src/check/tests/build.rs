//! A tiny AST builder for the check stage's unit tests.
//!
//! Every node gets a fresh span from a per-thread counter, so nodes built
//! earlier sit "earlier in the file", as they would after parsing. Tests
//! build the pieces in source order.

use std::cell::Cell;

use crate::source::Span;
use crate::syntax::ast::*;

thread_local! {
    static NEXT: Cell<u32> = const { Cell::new(1) };
}

/// A fresh span after every span handed out so far.
pub fn sp() -> Span {
    NEXT.with(|next| {
        let start = next.get();
        next.set(start + 2);
        Span {
            start,
            end: start + 1,
        }
    })
}

pub fn id(name: &str) -> Ident {
    Ident {
        name: name.to_owned(),
        span: sp(),
    }
}

pub fn key(name: &str) -> Key {
    Key {
        name: name.to_owned(),
        span: sp(),
    }
}

pub fn lit(value: &str) -> StrLit {
    StrLit {
        value: value.to_owned(),
        span: sp(),
    }
}

pub fn numlit(value: f64) -> NumLit {
    NumLit {
        raw: value.to_string(),
        value,
        span: sp(),
    }
}

pub fn dur(seconds: u64) -> Duration {
    Duration {
        seconds,
        span: sp(),
    }
}

// ---- expressions -----------------------------------------------------------

fn expr(kind: ExprKind) -> Expr {
    Expr::new(kind, sp())
}

pub fn var(name: &str) -> Expr {
    expr(ExprKind::Var(id(name)))
}

/// `a.b.c` from `"a.b.c"`.
pub fn path(dotted: &str) -> Expr {
    let mut parts = dotted.split('.');
    let mut out = var(parts.next().unwrap_or("x"));
    for part in parts {
        out = field(out, part);
    }
    out
}

pub fn field(base: Expr, name: &str) -> Expr {
    let field = id(name);
    expr(ExprKind::Field {
        base: Box::new(base),
        field,
    })
}

pub fn index(base: Expr, i: Expr) -> Expr {
    expr(ExprKind::Index {
        base: Box::new(base),
        index: Box::new(i),
    })
}

pub fn num(value: f64) -> Expr {
    expr(ExprKind::Number(numlit(value)))
}

pub fn s(text: &str) -> Expr {
    expr(ExprKind::String(template(text)))
}

pub fn boolean(value: bool) -> Expr {
    expr(ExprKind::Bool(value))
}

pub fn null() -> Expr {
    expr(ExprKind::Null)
}

pub fn list(items: Vec<Expr>) -> Expr {
    expr(ExprKind::List(items))
}

pub fn obj(entries: Vec<(&str, Expr)>) -> Expr {
    expr(ExprKind::Object(
        entries.into_iter().map(|(k, v)| (key(k), v)).collect(),
    ))
}

pub fn call(func: &str, args: Vec<Expr>) -> Expr {
    let func = id(func);
    expr(ExprKind::Call { func, args })
}

pub fn bin(lhs: Expr, op: BinOp, rhs: Expr) -> Expr {
    let op_span = sp();
    expr(ExprKind::Binary {
        op,
        op_span,
        lhs: Box::new(lhs),
        rhs: Box::new(rhs),
    })
}

pub fn not(operand: Expr) -> Expr {
    let op_span = sp();
    expr(ExprKind::Unary {
        op: UnaryOp::Not,
        op_span,
        expr: Box::new(operand),
    })
}

/// A string without interpolation.
pub fn template(text: &str) -> Template {
    Template {
        parts: vec![TemplatePart::Text {
            text: text.to_owned(),
            span: sp(),
        }],
        span: sp(),
    }
}

/// A string with text and interpolations, e.g. `[t("/orders/"), i(var("id"))]`.
pub fn interp(parts: Vec<TemplatePart>) -> Template {
    Template { parts, span: sp() }
}

pub fn t(text: &str) -> TemplatePart {
    TemplatePart::Text {
        text: text.to_owned(),
        span: sp(),
    }
}

pub fn i(e: Expr) -> TemplatePart {
    TemplatePart::Interp(e)
}

// ---- types -------------------------------------------------------------------

fn ty(kind: TypeKind) -> TypeExpr {
    TypeExpr { kind, span: sp() }
}

pub fn ty_string() -> TypeExpr {
    ty(TypeKind::String)
}

pub fn ty_number() -> TypeExpr {
    ty(TypeKind::Number)
}

pub fn ty_named(name: &str) -> TypeExpr {
    ty(TypeKind::Named(id(name)))
}

pub fn ty_list(inner: TypeExpr) -> TypeExpr {
    ty(TypeKind::List(Box::new(inner)))
}

pub fn ty_map(inner: TypeExpr) -> TypeExpr {
    ty(TypeKind::Map(Box::new(inner)))
}

pub fn ty_union(values: &[&str]) -> TypeExpr {
    ty(TypeKind::Union(values.iter().map(|v| lit(v)).collect()))
}

/// `{ a: T, b?: U }` from `[("a", T), ("b?", U)]`.
pub fn ty_record(fields: Vec<(&str, TypeExpr)>) -> TypeExpr {
    ty(TypeKind::Record(
        fields
            .into_iter()
            .map(|(name, ty)| {
                let (name, optional) = match name.strip_suffix('?') {
                    Some(name) => (name, true),
                    None => (name, false),
                };
                FieldType {
                    name: key(name),
                    optional,
                    ty,
                    span: sp(),
                }
            })
            .collect(),
    ))
}

// ---- statements --------------------------------------------------------------

pub fn stmt(kind: StmtKind) -> Stmt {
    Stmt {
        doc: None,
        kind,
        span: sp(),
    }
}

pub fn block(stmts: Vec<Stmt>) -> Block {
    Block { stmts, span: sp() }
}

pub fn let_(name: &str, value: Expr) -> Stmt {
    let name = id(name);
    stmt(StmtKind::Let { name, value })
}

pub fn set(name: &str, value: Expr) -> Stmt {
    let name = id(name);
    stmt(StmtKind::Set { name, value })
}

pub fn ret(value: Expr) -> Stmt {
    stmt(StmtKind::Return(value))
}

pub fn fail(error: &str) -> Stmt {
    stmt(StmtKind::Fail {
        error: template(error),
        cause: None,
    })
}

pub fn succeed() -> Stmt {
    stmt(StmtKind::Succeed)
}

pub fn if_(cond: Expr, then: Vec<Stmt>, otherwise: Option<Vec<Stmt>>) -> Stmt {
    let then = block(then);
    let else_block = otherwise.map(block);
    stmt(StmtKind::If(If {
        branches: vec![(cond, then)],
        else_block,
    }))
}

pub fn while_(cond: Expr, body: Vec<Stmt>) -> Stmt {
    let body = block(body);
    stmt(StmtKind::While { cond, body })
}

pub fn for_(binding: Option<&str>, name: &str, iter: Expr, body: Vec<Stmt>) -> Stmt {
    let binding = binding.map(id);
    let var = id(name);
    let body = block(body);
    stmt(StmtKind::For(For {
        binding,
        var,
        iter,
        concurrency: None,
        distributed: None,
        body,
    }))
}

pub fn parallel(binding: Option<&str>, branches: Vec<Vec<Stmt>>) -> Stmt {
    let binding = binding.map(id);
    let branches = branches
        .into_iter()
        .map(|stmts| Branch {
            body: block(stmts),
            span: sp(),
        })
        .collect();
    stmt(StmtKind::Parallel { binding, branches })
}

pub fn catch(errors: Vec<ErrorName>, binding: Option<&str>, body: Vec<Stmt>) -> Catch {
    let binding = binding.map(id);
    Catch {
        errors,
        binding,
        body: block(body),
        span: sp(),
    }
}

pub fn try_(body: Vec<Stmt>, catches: Vec<Catch>) -> Stmt {
    let body = block(body);
    stmt(StmtKind::Try { body, catches })
}

pub fn err_http(form: &str) -> ErrorName {
    ErrorName {
        kind: ErrorKind::Http(form.to_owned()),
        span: sp(),
    }
}

pub fn err_builtin(name: &str) -> ErrorName {
    ErrorName {
        kind: ErrorKind::Builtin(name.to_owned()),
        span: sp(),
    }
}

pub fn err_any() -> ErrorName {
    ErrorName {
        kind: ErrorKind::Any,
        span: sp(),
    }
}

/// `[let binding =] METHOD endpoint "path"` without options.
pub fn http(binding: Option<&str>, method: Method, endpoint: &str, path: &str) -> HttpCall {
    let binding = binding.map(id);
    let method_span = sp();
    HttpCall {
        binding,
        method,
        method_span,
        endpoint: id(endpoint),
        path: template(path),
        response: None,
        options: CallOptions::default(),
        id: NodeId::fresh(),
    }
}

pub fn http_stmt(call: HttpCall) -> Stmt {
    stmt(StmtKind::Http(call))
}

pub fn policy(on: Vec<ErrorName>) -> RetryPolicy {
    RetryPolicy {
        on,
        attempts: None,
        interval: None,
        backoff: None,
        max_delay: None,
        jitter: None,
        span: sp(),
    }
}

// ---- items --------------------------------------------------------------------

pub fn workflow(input: Option<TypeExpr>, body: Vec<Stmt>) -> Item {
    let name = id("flow");
    let input = input.map(|ty| Param {
        name: id("input"),
        ty,
        span: sp(),
    });
    Item::Workflow(Workflow {
        doc: None,
        name,
        input,
        timeout: None,
        express: None,
        log: None,
        tracing: None,
        body: block(body),
        span: sp(),
    })
}

/// A valid endpoint: public https URL, Lattice ARN, API key from a secret.
pub fn endpoint(name: &str) -> Endpoint {
    let name = id(name);
    Endpoint {
        doc: None,
        name,
        url: Some(lit("https://api.example.com/v1")),
        private: Some(Private::ResourceConfiguration(lit(
            "arn:aws:vpc-lattice:eu-west-1:111122223333:resourceconfiguration/rcfg-0123456789abcdef0",
        ))),
        connection: None,
        auth: Some(Auth::ApiKey {
            header: lit("x-api-key"),
            value: StaticValue::Secret {
                name: lit("api/key"),
                key: None,
                span: sp(),
            },
            span: sp(),
        }),
        headers: None,
        query: None,
        span: sp(),
    }
}

pub fn type_def(name: &str, ty: TypeExpr) -> Item {
    let name = id(name);
    Item::Type(TypeDef {
        doc: None,
        name,
        ty,
        span: sp(),
    })
}

pub fn retry_def(name: &str, policy: RetryPolicy) -> Item {
    let name = id(name);
    Item::Retry(RetryDef {
        doc: None,
        name,
        policy,
        span: sp(),
    })
}

pub fn file(items: Vec<Item>) -> File {
    File {
        items,
        comments: Vec::new(),
        span: Span { start: 0, end: 0 },
    }
}

//! Where a `fail` or a failing statement inside a `try` arrives: the
//! variables its handler can read, and what is assigned after the `try`.

use crate::diag::Diagnostics;
use crate::source::SourceFile;

/// The codes reported for a workflow whose body is `body` (with an
/// endpoint `api` and `input: any`), sorted.
fn codes(body: &str) -> Vec<&'static str> {
    let text = format!(
        "workflow w(input: any) {{\n{body}\n}}\n\
         endpoint api {{\n    url \"https://api.example.com\"\n    \
         private \"arn:aws:vpc-lattice:eu-west-1:111122223333:resourceconfiguration/rcfg-0123456789abcdef0\"\n    \
         auth api_key \"x-api-key\" = secret(\"api/key\")\n}}\n"
    );
    let file = SourceFile::new("raise.sfl", text.as_str());
    let mut diagnostics = Diagnostics::new();
    if let Some(ast) = crate::syntax::parse(&file, &mut diagnostics) {
        crate::check::check_file(&ast, &mut diagnostics);
    }
    let mut codes: Vec<&str> = diagnostics.iter().map(|d| d.code.as_str()).collect();
    codes.sort_unstable();
    codes
}

#[test]
fn a_variable_set_before_every_fail_is_assigned_in_its_handler() {
    // The call cannot raise "Declined", so only the `fail` reaches the
    // handler, and `charge` is assigned there.
    let found = codes(
        r#"
    try {
        let charge = GET api "/charge"
        if charge.body.declined { fail "Declined" }
        return charge.body
    } catch "Declined" {
        return charge.body.reason
    }"#,
    );
    assert_eq!(found, Vec::<&str>::new());
}

#[test]
fn a_handler_a_call_reaches_may_run_before_the_call_assigned() {
    let found = codes(
        r#"
    try {
        let charge = GET api "/charge"
        if charge.body.declined { fail "Declined" }
        return charge.body
    } catch any {
        return charge.body.reason
    }"#,
    );
    assert_eq!(found, ["E0303"]);
}

#[test]
fn a_fail_goes_only_to_the_first_handler_that_matches() {
    // The inner handler takes the fail; the outer one is reached only by
    // the call, before `x` exists.
    let found = codes(
        r#"
    try {
        GET api "/x"
        let x = 1
        try {
            fail "Bad"
        } catch "Bad" {
            return x
        }
    } catch "Bad", Http.5xx {
        return x
    }"#,
    );
    assert_eq!(found, ["E0303"]);
}

#[test]
fn a_handler_that_re_raises_reaches_the_outer_try() {
    let found = codes(
        r#"
    try {
        try {
            GET api "/first"
            fail "First"
        } catch "First" {
            let reason = "first failed"
            fail "Second"
        }
    } catch "Second" {
        return reason
    }"#,
    );
    assert_eq!(found, Vec::<&str>::new());
}

#[test]
fn after_a_try_whose_body_always_fails_the_handler_decides() {
    let found = codes(
        r#"
    try {
        GET api "/x"
        fail "Bad"
    } catch "Bad" {
        let fixed = true
    }
    return fixed"#,
    );
    assert_eq!(found, Vec::<&str>::new());
}

#[test]
fn a_fail_after_the_caught_fail_is_still_unreachable() {
    let found = codes(
        r#"
    try {
        GET api "/x"
        fail "Bad"
        fail "Worse"
    } catch "Bad", "Worse" {
        succeed
    }"#,
    );
    assert_eq!(found, ["E0307"]);
}

#[test]
fn an_error_from_a_branch_reaches_the_try_around_the_parallel() {
    let found = codes(
        r#"
    let before = 1
    try {
        parallel {
            branch { fail "Bad" }
            branch { GET api "/x" }
        }
        let after = 2
        return after
    } catch "Bad" {
        return before
    }"#,
    );
    assert_eq!(found, Vec::<&str>::new());
}

#[test]
fn a_variable_set_only_on_the_path_to_the_fail_is_assigned_in_the_handler() {
    // After the `if`, `note` is not assigned (the path that set it ended),
    // but the handler is reached only from that path.
    let found = codes(
        r#"
    try {
        let r = GET api "/x"
        if r.body.bad {
            let note = "bad input"
            fail "Bad"
        }
        return r.body
    } catch "Bad" {
        return note
    }"#,
    );
    assert_eq!(found, Vec::<&str>::new());
}

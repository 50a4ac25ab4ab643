#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code"
)]

use super::*;

fn fmt(text: &str) -> String {
    match format_source(&SourceFile::new("t.sfl", text)) {
        Ok(out) => {
            let again = format_source(&SourceFile::new("t.sfl", out.as_str())).unwrap();
            assert_eq!(again, out, "not idempotent");
            out
        }
        Err(e) => panic!("not formatted: {e:?}\n{text}"),
    }
}

/// A workflow around `body` (indented by four spaces in the result).
fn in_workflow(body: &str) -> String {
    format!("workflow w() {{\n{body}\n}}\n")
}

#[test]
fn spacing_and_indentation_are_normalised() {
    let out =
        fmt("workflow   w ( input :{a:number} )timeout 5m{\n\tlet x=input.a*2+1\n  return x}\n");
    assert_eq!(
        out,
        "workflow w(input: { a: number }) timeout 5m {\n    let x = input.a * 2 + 1\n    return x\n}\n"
    );
}

#[test]
fn at_most_one_blank_line_is_kept_and_none_at_block_edges() {
    let out = fmt("workflow w() {\n\n\n    let a = 1\n\n\n\n    return a\n\n}\n");
    assert_eq!(out, in_workflow("    let a = 1\n\n    return a"));
}

#[test]
fn items_over_several_lines_are_separated_by_a_blank_line() {
    let out = fmt(
        "type A = string\ntype B = number\nendpoint e { url \"https://x.example.com\" }\nworkflow w() { return 1 }\n",
    );
    assert_eq!(
        out,
        "type A = string\ntype B = number\n\nendpoint e {\n    url \"https://x.example.com\"\n}\n\nworkflow w() { return 1 }\n"
    );
}

#[test]
fn broken_sequences_get_trailing_commas_and_aligned_values() {
    let out = fmt(&in_workflow(
        "    let o = {\n        a: 1, long_key: [\n 1, 2]}\n    return o",
    ));
    assert_eq!(
        out,
        in_workflow(
            "    let o = {\n        a:        1,\n        long_key: [\n            1,\n            2,\n        ],\n    }\n    return o"
        )
    );
}

#[test]
fn flat_sequences_lose_trailing_commas() {
    let out = fmt(&in_workflow("    return [1, 2, {a: 1,},]"));
    assert_eq!(out, in_workflow("    return [1, 2, { a: 1 }]"));
}

#[test]
fn a_one_line_sequence_past_the_width_is_broken() {
    let long = (0..30)
        .map(|i| format!("{i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let out = fmt(&in_workflow(&format!("    return [{long}]")));
    assert!(
        out.lines().all(|l| l.chars().count() <= printer::MAX_WIDTH),
        "{out}"
    );
    assert!(out.contains("        29,\n    ]"), "{out}");
}

#[test]
fn one_line_blocks_stay_when_short_and_single() {
    let out = fmt(&in_workflow(
        "    if true { return 1 } else { wait 1s return 2 }",
    ));
    assert_eq!(
        out,
        in_workflow("    if true { return 1 } else {\n        wait 1s\n        return 2\n    }")
    );
}

#[test]
fn call_options_are_aligned_in_source_order_except_catch() {
    let src = "workflow w() {\n    GET api \"/x\" { retry on Timeout attempts 2 timeout 5s body {a: 1}\n catch any { succeed } }\n}\nendpoint api { url \"https://x.example.com\" }\n";
    let out = fmt(src);
    assert!(
        out.contains("{\n        retry   on Timeout attempts 2\n        timeout 5s\n        body    { a: 1 }\n        catch any { succeed }\n    }"),
        "{out}"
    );
}

#[test]
fn clause_blocks_align_values_but_not_blocks() {
    let src = "endpoint e { url \"https://x.example.com\" private gateway { vpc \"vpc-1\" subnets [\"subnet-1\"] security_groups [\"sg-1\"] } auth basic { username \"u\" password secret(\"s\") } }\n";
    let out = fmt(src);
    assert_eq!(
        out,
        "endpoint e {\n    url     \"https://x.example.com\"\n    private gateway {\n        vpc             \"vpc-1\"\n        subnets         [\"subnet-1\"]\n        security_groups [\"sg-1\"]\n    }\n    auth basic {\n        username \"u\"\n        password secret(\"s\")\n    }\n}\n"
    );
}

#[test]
fn parentheses_are_kept_as_written() {
    let out = fmt(&in_workflow(
        "    return ((1 + 2)) * -(3) - (not true == false)",
    ));
    assert_eq!(
        out,
        in_workflow("    return (1 + 2) * -(3) - (not true == false)")
    );
}

#[test]
fn literals_are_copied_as_written() {
    let out = fmt(&in_workflow(
        "    wait 1m\n    return [\"a\\u{41}{1 +2}\", 1e3, 0.50]",
    ));
    assert_eq!(
        out,
        in_workflow("    wait 1m\n    return [\"a\\u{41}{1 +2}\", 1e3, 0.50]")
    );
}

#[test]
fn trailing_comments_stay_at_the_end_of_their_line() {
    let out = fmt(&in_workflow(
        "    let a = 1 // one\n    let b = [1, // inside\n 2]\n    return a // last",
    ));
    assert_eq!(
        out,
        in_workflow(
            "    let a = 1 // one\n    let b = [\n        1, // inside\n        2,\n    ]\n    return a // last"
        )
    );
}

#[test]
fn own_line_comments_keep_their_line_and_blank_line() {
    let out = fmt(
        "// head\n\n// about w\nworkflow w() {\n    let a = 1\n\n    // before return\n    return a\n    // at the end\n}\n// tail\n",
    );
    assert_eq!(
        out,
        "// head\n\n// about w\nworkflow w() {\n    let a = 1\n\n    // before return\n    return a\n    // at the end\n}\n// tail\n"
    );
}

#[test]
fn a_comment_forces_a_block_onto_lines() {
    let out = fmt(&in_workflow("    if true { return 1 /* no */ }").replace("/* no */", "// c\n"));
    assert_eq!(
        out,
        in_workflow("    if true {\n        return 1 // c\n    }")
    );
}

#[test]
fn two_trailing_comments_do_not_merge() {
    let out = fmt(&in_workflow("    return [ // a\n 1 // b\n ]"));
    assert_eq!(
        out,
        in_workflow("    return [ // a\n        1, // b\n    ]")
    );
    let texts = verify::comment_texts(
        &syntax::parse(&SourceFile::new("t", out.as_str()), &mut Diagnostics::new()).unwrap(),
    );
    assert_eq!(texts, [" a", " b"]);
}

#[test]
fn doc_comments_are_reindented_and_kept_verbatim() {
    let out = fmt("   /// Doc with trailing space \n   workflow w() {\n /// step\n return 1 }\n");
    assert_eq!(
        out,
        "/// Doc with trailing space \nworkflow w() {\n    /// step\n    return 1\n}\n"
    );
}

#[test]
fn crlf_line_ends_become_line_feeds() {
    let out = fmt("workflow w() {\r\n    // c\r\n    return 1\r\n}\r\n");
    assert_eq!(out, "workflow w() {\n    // c\n    return 1\n}\n");
}

#[test]
fn match_arms_lose_their_commas() {
    let out = fmt(&in_workflow(
        "    match 1 { 1 | 2 => { succeed }, _ => { fail \"E\" } }",
    ));
    assert_eq!(
        out,
        in_workflow(
            "    match 1 {\n        1 | 2 => { succeed }\n        _ => { fail \"E\" }\n    }"
        )
    );
}

#[test]
fn an_empty_file_stays_empty() {
    assert_eq!(fmt(""), "");
    assert_eq!(fmt("\n\n"), "");
    assert_eq!(fmt("// only\n"), "// only\n");
}

#[test]
fn a_file_with_a_syntax_error_is_refused() {
    let result = format_source(&SourceFile::new("t.sfl", "workflow w() { let = 1 }"));
    assert!(matches!(result, Err(FormatError::Syntax(d)) if d.has_errors()));
}

#[test]
fn a_layout_that_changes_the_tree_is_refused() {
    let original = "workflow w() { return 1 + 2 }\n";
    let mut diagnostics = Diagnostics::new();
    let tree = syntax::parse(&SourceFile::new("t", original), &mut diagnostics).unwrap();
    let changed = "workflow w() { return 1 - 2 }\n";
    assert!(verify::same_meaning(&tree, "t", changed).is_err());
    let lost_comment = "workflow w() { return 1 + 2 }\n";
    assert!(verify::same_meaning(&tree, "t", lost_comment).is_ok());
    let with_comment = "workflow w() { return 1 + 2 } // extra\n";
    assert!(verify::same_meaning(&tree, "t", with_comment).is_err());
}

#[test]
fn a_comment_after_a_doc_comment_never_joins_its_text() {
    let out = fmt("/// Doc.\nworkflow // odd place\nw() { return 1 }\n");
    assert_eq!(out, "/// Doc.\n// odd place\nworkflow w() { return 1 }\n");
}

#[test]
fn a_comment_that_cannot_trail_gets_a_line_of_its_own_stably() {
    let out = fmt(&in_workflow("    let x = 1 + // a\n 2 // b\n    return x"));
    assert_eq!(
        out,
        in_workflow("    let x = 1 + 2 // a\n    // b\n    return x")
    );
    let src = "type A = { a: string, b: number } // one\n// two\nendpoint e { url \"https://x.example.com\" }\n";
    let out = fmt(src);
    assert!(
        out.starts_with("type A = { a: string, b: number } // one\n\n// two\nendpoint e {\n"),
        "{out}"
    );
}

#[test]
fn comments_between_tokens_of_an_expression_survive() {
    let out = fmt(&in_workflow(
        "    let x = 1 + // a\n 2 *\n// b\n 3\n    return x",
    ));
    let parsed = syntax::parse(&SourceFile::new("t", out.as_str()), &mut Diagnostics::new());
    assert_eq!(verify::comment_texts(&parsed.unwrap()), [" a", " b"]);
    assert!(out.contains("let x = 1 + 2 * 3 // a\n"), "{out}");
}

#[test]
fn an_item_written_on_one_line_but_laid_out_on_several_is_set_apart() {
    let out = fmt("type A = string workflow w() { let a = 1 return a } type B = string\n");
    assert_eq!(
        out,
        "type A = string\n\nworkflow w() {\n    let a = 1\n    return a\n}\n\ntype B = string\n"
    );
}

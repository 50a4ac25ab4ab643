//! The fast parser (`syntax::fast`) against the pest path it stands in for.
//!
//! The fast path may give up on any file; when it does not, its tree must
//! be the one pest and the tree builder give (node ids compared by their
//! order, since ids come from one process-wide counter), and the pest path
//! must report nothing for that file. Checked on every `.sfl` file in the
//! repository, on generated programs (`support/generator.rs`) and on
//! byte and token mutations of both. The fast path must also accept every
//! example and every clean test case, or the speed it buys would not reach
//! real programs.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "test code: a panic is a test failure"
)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use aslc::Diagnostics;
use aslc::syntax::{parse_fast_only, parse_pest_only};

#[path = "support/generator.rs"]
#[allow(dead_code)]
mod generator;

/// The Debug text of a tree with every `NodeId(n)` replaced by the rank of
/// `n` among the tree's ids: equal when two trees drew their ids in the
/// same order, whatever else the process drew in between.
fn normalized(tree: &impl std::fmt::Debug) -> String {
    let text = format!("{tree:#?}");
    let marker = "NodeId(";
    let ids: BTreeSet<u64> = text
        .match_indices(marker)
        .filter_map(|(at, _)| {
            let rest = &text[at + marker.len()..];
            rest[..rest.find(')')?].parse().ok()
        })
        .collect();
    let rank = |n: u64| ids.iter().position(|i| *i == n).unwrap_or(usize::MAX);
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find(marker) {
        out.push_str(&rest[..at + marker.len()]);
        rest = &rest[at + marker.len()..];
        let close = rest.find(')').unwrap_or(0);
        let n: u64 = rest[..close].parse().unwrap_or(u64::MAX);
        out.push_str(&format!("#{}", rank(n)));
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}

/// What the two paths said about one text.
enum Outcome {
    /// The fast path gave up.
    GaveUp,
    /// The fast path built the pest path's tree.
    Agreed,
}

/// Runs both paths on `text`; panics when the fast path's tree differs
/// from pest's or pest reports anything for a text the fast path took.
fn compare(what: &str, text: &str) -> Outcome {
    let Some(fast) = parse_fast_only(text) else {
        return Outcome::GaveUp;
    };
    let mut diagnostics = Diagnostics::new();
    let pest = parse_pest_only(text, &mut diagnostics);
    let codes: Vec<String> = diagnostics.iter().map(|d| format!("{d:?}")).collect();
    assert!(
        codes.is_empty(),
        "{what}: the fast path took a text pest reports:\n{codes:#?}\n--- text:\n{text}"
    );
    let pest = pest.unwrap_or_else(|| {
        panic!("{what}: the fast path took a text pest refuses\n--- text:\n{text}")
    });
    let (fast, pest) = (normalized(&fast), normalized(&pest));
    if fast != pest {
        let line = fast
            .lines()
            .zip(pest.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        let context = |t: &str| {
            t.lines()
                .skip(line.saturating_sub(8))
                .take(16)
                .collect::<Vec<_>>()
                .join("\n")
        };
        panic!(
            "{what}: trees differ at line {line}\n--- fast:\n{}\n--- pest:\n{}\n--- text:\n{text}",
            context(&fast),
            context(&pest)
        );
    }
    Outcome::Agreed
}

fn sfl_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if path.is_dir() {
            if !matches!(
                name,
                "target" | ".git" | ".tools" | "node_modules" | ".peers"
            ) {
                sfl_files(&path, out);
            }
        } else if name.ends_with(".sfl") {
            out.push(path);
        }
    }
}

fn repo_files() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    sfl_files(root, &mut paths);
    paths
        .into_iter()
        .filter_map(|path| {
            let text = std::fs::read_to_string(&path).ok()?;
            let name = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .display()
                .to_string();
            Some((name, text))
        })
        .collect()
}

/// A small deterministic generator (xorshift), so mutations are the same
/// on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % (n.max(1) as u64)) as usize
    }
}

/// Pieces inserted by the mutations: punctuation, operators, keywords and
/// the spellings the tree builder reports.
const PIECES: &[&str] = &[
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    ",",
    ":",
    ".",
    "\"",
    "'",
    "=",
    "==",
    "=>",
    "->",
    "|",
    "||",
    "&&",
    "!",
    "-",
    "+",
    "*",
    "/",
    "%",
    "??",
    "?",
    "<",
    ">=",
    " ",
    "\n",
    "// c\n",
    "/// d\n",
    "not ",
    " and ",
    " or ",
    " in ",
    "let ",
    "set ",
    "if ",
    "else ",
    "for ",
    "catch ",
    "retry ",
    "timeout ",
    "null",
    "true",
    "1",
    "0",
    "007",
    "1e999",
    "5m",
    "500ms",
    "1.5m",
    "x",
    "X",
    "_",
    "Http.5xx",
    "States.ALL",
    "any",
    "{{",
    "}}",
    "\\q",
    "\\u{41}",
    "\\u{zz}",
    "{x}",
    "'a'",
    "Get ",
    "GET ",
    "api ",
    "type ",
    "workflow ",
    "express ",
    "tracing ",
    "log all ",
    "run ",
    "emit ",
    "default ",
    "wait ",
    " heartbeat 5m",
    "param",
    "param(\"P\")",
    "use ",
    "{Host}",
];

/// `count` mutations of `text`: a byte range deleted, a piece inserted, a
/// range duplicated, or one word swapped for another word of the text.
fn mutations(text: &str, seed: u64, count: usize) -> Vec<String> {
    let mut rng = Rng(seed | 1);
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    if bytes.is_empty() {
        return out;
    }
    for _ in 0..count {
        let at = rng.below(bytes.len());
        let len = 1 + rng.below(6);
        let end = (at + len).min(bytes.len());
        let mut m: Vec<u8> = match rng.below(4) {
            0 => [&bytes[..at], &bytes[end..]].concat(),
            1 => {
                let piece = PIECES[rng.below(PIECES.len())].as_bytes();
                [&bytes[..at], piece, &bytes[at..]].concat()
            }
            2 => [&bytes[..end], &bytes[at..end], &bytes[end..]].concat(),
            _ => {
                let words: Vec<&str> = text
                    .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
                    .filter(|w| !w.is_empty())
                    .collect();
                let word = words[rng.below(words.len())];
                [&bytes[..at], word.as_bytes(), &bytes[end..]].concat()
            }
        };
        if rng.below(3) == 0 {
            // A second edit, so that pairs of changes are tried too.
            let at = rng.below(m.len().max(1));
            let piece = PIECES[rng.below(PIECES.len())].as_bytes();
            m.splice(at.min(m.len())..at.min(m.len()), piece.iter().copied());
        }
        if let Ok(s) = String::from_utf8(m) {
            out.push(s);
        }
    }
    out
}

/// How many generated programs, and mutations per file, to try:
/// `FAST_PARSE_SCALE=50 cargo test --test fast_parse` tries 50 times more.
fn scale() -> usize {
    std::env::var("FAST_PARSE_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1)
}

/// Added to every seed: `FAST_PARSE_SEED=7` tries other mutations and
/// programs than the default run.
fn seed() -> u64 {
    std::env::var("FAST_PARSE_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

#[test]
fn every_repository_file_parses_the_same_and_clean_ones_take_the_fast_path() {
    let files = repo_files();
    assert!(files.len() > 50, "found only {} .sfl files", files.len());
    let mut refused = Vec::new();
    for (name, text) in &files {
        let outcome = compare(name, text);
        if matches!(outcome, Outcome::GaveUp) {
            let mut diagnostics = Diagnostics::new();
            let clean = parse_pest_only(text, &mut diagnostics).is_some() && diagnostics.is_empty();
            if clean {
                refused.push(name.clone());
            }
        }
    }
    eprintln!(
        "{} files, {} clean ones refused",
        files.len(),
        refused.len()
    );
    // Every clean file takes the fast path: the examples and test cases
    // are what real programs look like.
    assert!(
        refused.is_empty(),
        "the fast path gave up on clean files (they parse correctly through pest, \
         only slower): teach `src/syntax/fast/` the construct they use, the way \
         `stmt.rs`, `clauses.rs` and `mod.rs` read the others:\n{}",
        refused.join("\n")
    );
}

#[test]
fn mutated_repository_files_parse_the_same() {
    let files = repo_files();
    let mut agreed = 0;
    let mut total = 0;
    for (index, (name, text)) in files.iter().enumerate() {
        for (n, mutant) in mutations(
            text,
            0x9E37_79B9 + index as u64 + seed() * 7919,
            24 * scale(),
        )
        .iter()
        .enumerate()
        {
            total += 1;
            if matches!(
                compare(&format!("{name} mutation {n}"), mutant),
                Outcome::Agreed
            ) {
                agreed += 1;
            }
        }
    }
    eprintln!("{agreed} of {total} mutants took the fast path");
    // Most mutations break the file; enough must survive for the
    // comparison to mean something.
    assert!(
        agreed * 20 > total,
        "only {agreed} of {total} mutants parsed"
    );
}

#[test]
fn generated_programs_and_their_mutations_parse_the_same() {
    let mut rng = Rng(0x5EED + seed() * 7919);
    for case in 0..48 * scale() {
        let choices: Vec<u32> = (0..rng.below(3_000)).map(|_| rng.next() as u32).collect();
        let program = generator::generate(&choices);
        let what = format!("generated program {case}");
        assert!(
            matches!(compare(&what, &program), Outcome::Agreed),
            "{what}: the fast path gave up on a valid program\n{program}"
        );
        for (n, mutant) in mutations(&program, rng.next(), 12).iter().enumerate() {
            compare(&format!("{what} mutation {n}"), mutant);
        }
    }
}

#[test]
fn hostile_inputs_do_not_panic() {
    let long_line = format!(
        "workflow main() {{ let x = {} }}",
        "1 + ".repeat(20_000) + "1"
    );
    let prefixes = format!("workflow main() {{ let x = {}1 }}", "- ".repeat(20_000));
    let nots = format!(
        "workflow main() {{ let x = {}true }}",
        "not ".repeat(20_000)
    );
    let fields = format!("workflow main() {{ let x = a{} }}", ".b".repeat(20_000));
    let strings = format!("workflow main() {{ let x = \"{}\" }}", "a".repeat(200_000));
    for text in [long_line, prefixes, nots, fields, strings] {
        compare("hostile input", &text);
    }
    for text in [
        "",
        "\u{FEFF}",
        "///",
        "workflow",
        "workflow main() {",
        "}",
        "\"",
        "1e",
        "é",
    ] {
        compare("short input", text);
    }
}

/// Corners where the grammar reads text in a way that is easy to get
/// wrong: numbers against durations, `wait`, prefixes, postfixes across
/// lines, comments and doc comments between tokens, optional commas.
#[test]
fn tricky_corners_parse_the_same() {
    let statements = [
        "wait 5s",
        "wait 5",
        "wait 5 * input.n",
        "wait 1e3",
        "wait until input.t",
        "wait 2.5 * input.n",
        "wait 30s // c\n",
        "wait 30s\n - 1",
        "wait input.n",
        "wait 1h+1",
        "let x = 5.foo",
        "let x = 1.5e3",
        "let x = 1E+3",
        "let x = 1e",
        "let x = 2d",
        "let x = 1.5m",
        "let x = -5",
        "let x = - 5",
        "let x = -(5)",
        "let x = --5",
        "let x = - - - - 5",
        "let x = not not true",
        "let x = input.a - -1",
        "let x = 0",
        "let x = 0.5",
        "let x = 00",
        "let x = 1e999",
        "let x = input.a.b[0].c",
        "let x = input . a",
        "let x = input\n[0]",
        "let x = length (input.a)",
        "let x = [1, 2,]",
        "let x = [y for y in input.a if y > 1]",
        "let x = {a: 1, \"b c\": 2,}",
        "let x = {}",
        "let x = []",
        "let x = \"a{input.a}c{{d}}\"",
        "let x = \"\\u{41}\\n\"",
        "let x = \"{ {a: 1}.a }\"",
        "let x = input.a == 1 == 2",
        "let x = (input.a == 1) == true",
        "let x = input.a < 1 and true",
        "let x = not input.a == 1",
        "let x = input.a ?? 1 ?? 2",
        "let x = 1 in [1]",
        "let x = 3 % 2",
        "let x = 3 / 2 // c\n",
        "let x = 3 /// d\n",
        "let x = input.a // c\n .b",
        "let x = input.a or\n input.b",
        "let x = (((1)))",
        "let x = input.type",
        "let x = input.if",
        "let x = 1 = 1",
        "let x = true && false",
        "let x = !true",
        "let x = 1 != 2",
        "let x = 1 <= 2 >= 3",
        "let x = \"\\q\"",
        "let x = \"}\"",
        "let x = '\u{e9}'",
        "let x = 1h",
        "let x = 500ms",
        "let x = input.a -> 1",
        "if true { } else if false { } else { }",
        "if true { } else { } else { }",
        "match input.k { \"a\" | \"b\" => { }, -1 => { } _ => { } null => { }, }",
        "match input.k { 007 => { } }",
        "match input.k { '' => { } }",
        "for y in input.a distributed concurrency 5 tolerate 5% batch 10 { }",
        "for y in input.a distributed tolerate 3 failures { }",
        "for y in input.a concurrency 2 { }",
        "for y in input.a distributed batch 1 batch 2 { }",
        "let r = for y in input.a { return y }",
        "let r = parallel { branch { return 1 } branch { } }",
        "parallel { }",
        "try { } catch Http.404, Timeout as e { } catch \"Custom.E\" { } catch any { }",
        "try { } catch Http.5xx.x { }",
        "try { } catch States.ALL { }",
        "try { } catch timeout { }",
        "try { } catch Connection.AccessDenied { }",
        "try { } catch Http . 404 { }",
        "fail \"E\" \"c{input.a}\"",
        "fail 'E'",
        "succeed",
        "return",
        "set x = 1",
        "/// doc\n let x = 1",
        "/// doc\n",
        "//// plain\n let x = 1",
        "let x =\n\n 1",
    ];
    let calls = [
        "GET api \"/x\"",
        "GET api \"/x/{input.a}\" -> {a: string, b?: [number]}",
        "let r = POST api \"/x\" { body input timeout 30s encoding form name \"N\" }",
        "GET api \"/x\" { query {a: 1} headers {h: \"v\"} }",
        "GET api \"/x\" { retry on Timeout attempts 3 interval 2s backoff 2 max_delay 10s jitter full retry transient catch any { } }",
        "GET api \"/x\" { retry on Timeout on Http.5xx }",
        "GET api \"/x\" { retry on }",
        "GET api \"/x\" { timeout 30 }",
        "GET api \"/x\" { name \"a\" + \"b\" }",
        "GET api \"/x\" { encoding (form) }",
        "GET api \"/x\" { encoding Form }",
        "GET api \"/x\" { body 30s }",
        "GET api \"/x\" { body input body input }",
        "Get api \"/x\"",
        "get api \"/x\"",
        "GET Api \"/x\"",
        "GET api '/x'",
        "GET api \"/x\" -> \"a\" | \"b\"",
        "GET api \"/x\" -> string | number",
        "let r = GET api \"/x\" -> {string: number} { retry on \"Custom\", Http.4xx attempts 2 }",
    ];
    // `run` and `emit` are not reserved: the grammar tries the statement
    // first and falls back to an expression naming a variable.
    let new_statements = [
        "let run = 1",
        "let emit = 1",
        "set run = 2",
        "let x = run",
        "let x = run + 1",
        "let x = run(1)",
        "let x = run.a",
        "let x = run\n foo(1)",
        "let x = run\n if true { }",
        "let x = run\n run foo(1)",
        "let x = emit",
        "let x = emit + 1",
        "let x = emit.a",
        "let x = emit(1)",
        "let x = emit\n wait 30s",
        "let x = emit\n set z = 1",
        "let x = emit\n /// d\n let y = 1",
        "run sub(1)",
        "run sub()",
        "run sub(,)",
        "run sub(1,)",
        "run sub (input.a)",
        "run sub(1, 2)",
        "run sub",
        "run(1)",
        "run if(1)",
        "run Sub(1)",
        "run sub(1) -> {a: string}",
        "let r = run sub({a: 1}) -> {a: string} { timeout 30s retry transient catch any { } name \"N\" }",
        "let r = run \"arn:aws:states:us-east-1:123456789012:stateMachine:x\"(input) -> any",
        "run 'arn:x'(1) -> any",
        "run \"arn:{input.a}\"(1) -> any",
        "run sub(1) { body 2 }",
        "run sub(1) { query {a: 1} }",
        "run sub(1) { headers {a: \"b\"} }",
        "run sub(1) { encoding form }",
        "run sub(1) { timeout 30 }",
        "run sub(1)\n wait 30s",
        "emit default \"src\" \"type\" {a: 1}",
        "emit default \"src\" \"type\" {a: 1}\n wait 30s",
        "emit default \"src\" \"type\" {a: 1}\n wait input.n",
        "emit default \"src\" \"type\" {a: 1}\n wait until input.t",
        "let a = emit \"bus\" \"s\" \"t\" {a: 1} wait timeout 1h heartbeat 5m -> {ok: bool} { retry transient catch any { } name \"E\" }",
        "let a = emit default \"s\" \"t\" {} wait heartbeat 5m timeout 1h",
        "emit default \"s\" \"t\" {} wait { name \"x\" }",
        "emit default \"s\" \"t\" {} wait -> string",
        "emit default \"s\" \"t\" {} wait\n -> string",
        "emit default \"s\" \"t\" {} wait timeout 1h timeout 2h",
        "emit default \"s\" \"t\" {} wait timeout 30",
        "emit default \"s\" \"t\" {} wait timeout x",
        "emit default \"s\" \"t\" {} wait {a: 1}",
        "emit default \"s\" \"t\" {} wait /// d\n timeout 1h",
        "emit mybus \"s\" \"t\" {}",
        "emit 'bus' \"s\" \"t\" {}",
        "emit \"b{input.a}\" \"s\" \"t\" {}",
        "emit default \"s\" \"t\" {} { timeout 30s }",
        "emit default \"s\" \"t\" {} { body 1 }",
        "emit default \"s\" \"t\" {} { retry on Timeout attempts 2 }",
        "emit default input.s \"t\" + input.x {a: [1]}",
        "emit default \"s\" - 1 \"t\" {}",
        "emit default \"s\" \"t\"",
        "emit default\n \"s\"\n \"t\"\n {}\n wait\n timeout 1h",
    ];
    let head =
        "endpoint api { url \"https://example.com\" }\nretry transient { on Timeout attempts 2 }\n";
    for (n, stmt) in statements
        .iter()
        .chain(calls.iter())
        .chain(new_statements.iter())
        .enumerate()
    {
        let text = format!("{head}workflow main(input: any) {{\n  let z = 0\n  {stmt}\n}}\n");
        compare(&format!("corner {n}: {stmt}"), &text);
    }
    let items = [
        "workflow main(input: {a: string}) timeout 1h express log all with data tracing { }",
        "workflow main() log error { }",
        "workflow main timeout 5m timeout 5m { }",
        "workflow main() log fatal with { }",
        "workflow Main() { }",
        "workflow main(Input: any) { }",
        "type A = \"a\" | \"b\"",
        "type M = {string: number}",
        "type R = {\"string\": number}",
        "type L = [A]\ntype A = string",
        "type O = {a?: string, b: [[number]],}",
        "type a = string",
        "type S = strin",
        "type U = \"a\" | null",
        "type T = {a??: string}",
        "endpoint e { url \"https://x\" auth api_key \"X-Key\" = secret(\"s\", \"k\") }",
        "endpoint e { url \"https://x\" auth basic { username \"u\" password secret(\"p\") } }",
        "endpoint e { url \"https://x\" auth oauth { token_url \"https://t\" client_id param(\"Id\") client_secret secret(\"s\") method GET scope \"a\" audience \"b\" } }",
        "endpoint e { url \"https://x\" auth oauth { method get } }",
        "endpoint e { url \"https://x\" private gateway { vpc \"v\" subnets [\"a\", \"b\",] security_groups [\"s\"] port 443 } }",
        "endpoint e { url \"https://x\" private \"arn:x\" connection \"arn:c\" headers { a: \"b\", \"c\": secret(\"d\"), } query { q: param(\"P\") } }",
        "endpoint e { url \"https://x\", \"y\" }",
        "endpoint e { url \"https://x\" url \"y\" }",
        "endpoint e { uri \"https://x\" }",
        "endpoint e { url https }",
        "retry r { on Http.5xx, Timeout, \"C\", any attempts 3 interval 1s backoff 1.5 max_delay 1m jitter none }",
        "retry r { on Http.5xx attempts 3s }",
        "retry r { interval 5 }",
        "retry r { jitter full { } }",
        "retry r { on foo }",
        "retry r { on Http.5xx.y }",
        "\u{FEFF}workflow main() { }",
        "/// a\n\n// b\n/// c\nworkflow main() { }",
        "workflow main() { }\n/// dangling\n",
        "param Stage",
        "param Stage = \"prod\"",
        "/// d\nparam Stage = \"p\"\nworkflow main() { }",
        "param Stage = 'p'",
        "param Stage = \"a{x}\"",
        "param Stage == \"p\"",
        "param stage",
        "param if",
        "param",
        "use \"./other.sfl\"",
        "use './other.sfl'",
        "use \"{x}.sfl\"",
        "use other",
        "endpoint e { url \"https://{Host}/v1\" }",
        "endpoint e { url \"https://{ Host }/{{x}}/\\u{41}\" }",
        "endpoint e { url \"https://{Host.a}\" }",
        "endpoint e { url \"https://{if}\" }",
        "endpoint e { url \"https://{true}\" }",
        "endpoint e { url \"https://{1}\" }",
        "endpoint e { url \"https://{}\" }",
        "endpoint e { url param(\"Url\") }",
        "endpoint e { url param(\"A\", \"B\") }",
        "endpoint e { url param('A') }",
        "endpoint e { url param(\"A\"), \"b\" }",
        "endpoint e { url secret(\"A\") }",
        "endpoint e { url \"https://x\" connection param(\"Conn\") }",
        "endpoint e { url \"https://x\" connection \"arn:{Region}:x\" }",
        "endpoint e { url \"https://x\" private param(\"Rc\") }",
        "endpoint e { url \"https://x\" private \"arn:{Rc}\" }",
        "endpoint e { url \"https://x\" private secret(\"Rc\") }",
        "endpoint e { url \"https://x\" private param { } }",
        "endpoint e { url \"https://x\" private gateway { vpc param(\"Vpc\") subnets [param(\"A\"), \"{B}\", \"s-1\",] security_groups [\"{Sg}\"] port 443 } }",
        "endpoint e { url \"https://x\" private gateway { vpc \"{Vpc}\" subnets param(\"S\") } }",
        "endpoint e { url \"https://x\" private gateway { vpc \"v\" subnets [secret(\"S\")] } }",
    ];
    for (n, item) in items.iter().enumerate() {
        compare(&format!("item {n}: {item}"), item);
    }
}

/// The new constructs in their clean forms take the fast path (the
/// repository's files hold only some of their shapes).
#[test]
fn clean_new_constructs_take_the_fast_path() {
    let head = "param Host = \"example.com\"\nuse \"./sub.sfl\"\n\
        endpoint api { url \"https://{Host}/v1\" connection param(\"Conn\") \
        private gateway { vpc param(\"Vpc\") subnets [\"{A}\", param(\"B\")] security_groups [\"sg-1\"] } }\n\
        retry transient { on Timeout attempts 2 }\n";
    let statements = [
        "let run = 1",
        "let emit = 1",
        "let x = run + emit",
        "let x = run\n if true { }",
        "run sub(1)",
        "run sub()",
        "let r = run sub({a: 1}) -> {a: string} { timeout 30s retry transient catch any { } name \"N\" }",
        "let r = run \"arn:aws:states:us-east-1:123456789012:stateMachine:x\"(input) -> any",
        "emit default \"src\" \"type\" {a: 1}\n wait 30s",
        "let a = emit \"bus\" \"s\" \"t\" {a: 1} wait timeout 1h heartbeat 5m -> {ok: bool} { retry transient catch any { } name \"E\" }",
        "emit default \"s\" \"t\" {} wait { name \"x\" }",
    ];
    for (n, stmt) in statements.iter().enumerate() {
        let text = format!("{head}workflow main(input: any) {{\n  let z = 0\n  {stmt}\n}}\n");
        assert!(
            matches!(compare(&format!("new {n}: {stmt}"), &text), Outcome::Agreed),
            "the fast path gave up on a clean `{stmt}`"
        );
    }
}

//! Robustness: the compiler returns on any input, without panicking or
//! hanging, and every diagnostic it returns points inside the file, on
//! character boundaries (so rendering can never slice mid-character).
//!
//! Inputs: every line-boundary prefix and every single-line deletion of
//! every example and case (broken files as an editor sees them while
//! typing), and generated pathological files: very deep nesting, a 5 MB
//! workflow, random bytes, random token soup, unterminated strings.
//! Line-boundary prefixes only, so the whole test stays within seconds.
//!
//! Every diagnostic any of these inputs gives is also rendered in each
//! `--error-format` (human in colour and plain, short, JSON), because a
//! renderer can fail where the compiler did not: a line over 65,535
//! characters once panicked inside miette.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "test code: a panic is a test failure"
)]

mod support;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use aslc::diag::render::{Style, render_human, render_short, to_json};
use aslc::{Diagnostic, Diagnostics, Options, SourceFile};
use support::{compile_path, input_files};

/// The most a single generated input may take through `check` and
/// `compile` together in a debug build. Far above what a linear compiler
/// needs; it only tells "slow" from "hung or quadratic".
const TIME_LIMIT: Duration = Duration::from_secs(120);

/// Stack size for the threads that compile generated inputs: the 8 MiB a
/// Linux main thread gets, so a result here matches what `aslc` itself does
/// rather than the 2 MiB of a test thread.
const STACK_SIZE: usize = 8 * 1024 * 1024;

/// Failures listed in full before the rest are only counted.
const MAX_REPORTED: usize = 20;

/// Checks that every span of every diagnostic lies inside `text` and on
/// character boundaries.
fn check_spans(text: &str, diagnostics: &Diagnostics) -> Result<(), String> {
    for diagnostic in diagnostics {
        let labels = std::iter::once(&diagnostic.primary).chain(&diagnostic.secondary);
        for label in labels {
            let (start, end) = (label.span.start_usize(), label.span.end_usize());
            let fine = start <= end
                && end <= text.len()
                && text.is_char_boundary(start)
                && text.is_char_boundary(end);
            if !fine {
                return Err(format!(
                    "{} `{}` has span {start}..{end} in a file of {} bytes (must be inside it, on character boundaries)",
                    diagnostic.code,
                    diagnostic.message,
                    text.len()
                ));
            }
        }
    }
    Ok(())
}

/// Renders diagnostics in every format the CLI offers and checks that each
/// form holds every diagnostic, at the line and column `line_col` gives.
fn render_every_format(file: &SourceFile, diagnostics: &Diagnostics) -> Result<(), String> {
    let list: Vec<Diagnostic> = diagnostics.iter().cloned().collect();
    let short: String = list.iter().map(|d| render_short(file, d)).collect();
    if short.lines().count() != list.len() {
        return Err(format!(
            "short format: {} lines for {} diagnostics",
            short.lines().count(),
            list.len()
        ));
    }
    let json = serde_json::to_string(&to_json(file, &list)).map_err(|e| e.to_string())?;
    let value: serde_json::Value = serde_json::from_str(&json).map_err(|e| e.to_string())?;
    let items = value["diagnostics"].as_array().map_or(0, Vec::len);
    if items != list.len() {
        return Err(format!(
            "JSON: {items} items for {} diagnostics",
            list.len()
        ));
    }
    let coloured = render_human(file, &list, Style::Colored);
    if list.is_empty() != coloured.is_empty() {
        return Err("human format: rendered nothing".to_owned());
    }
    for diagnostic in &list {
        let plain = render_human(file, std::slice::from_ref(diagnostic), Style::Plain);
        let (line, col) = file.line_col(diagnostic.primary.span.start);
        let place = format!("{}:{line}:{col}", file.name);
        if !plain.contains(diagnostic.code.as_str()) || !plain.contains(&place) {
            return Err(format!(
                "plain format: {} at {place} rendered without its code or place:\n{plain}",
                diagnostic.code
            ));
        }
    }
    Ok(())
}

/// Runs `check` and `compile` on one text, catching panics, and renders
/// what each reports. Returns the number of diagnostics `compile` gave.
fn run_both(name: &str, text: &str) -> Result<usize, String> {
    let file = SourceFile::new(name, text);
    guarded(|| {
        let checked = aslc::check(&file);
        check_spans(text, &checked).map_err(|e| format!("check: {e}"))?;
        render_every_format(&file, &checked).map_err(|e| format!("check: {e}"))?;
        let compiled = aslc::compile(&file, &Options::default());
        check_spans(text, &compiled.diagnostics).map_err(|e| format!("compile: {e}"))?;
        render_every_format(&file, &compiled.diagnostics).map_err(|e| format!("compile: {e}"))?;
        if compiled.diagnostics.has_errors() && compiled.artifacts.is_some() {
            return Err("compile: produced artifacts despite errors".to_owned());
        }
        Ok(compiled.diagnostics.len())
    })
}

/// Runs `job`, turning a panic into an `Err` with the panic message.
fn guarded<T>(job: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    match catch_unwind(AssertUnwindSafe(job)) {
        Ok(result) => result,
        Err(payload) => {
            let message = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_else(|| "(no message)".to_owned());
            Err(format!("panicked: {message}"))
        }
    }
}

/// Byte offsets just after each `\n`, plus 0 and the end: where line-boundary
/// prefixes end.
fn line_ends(text: &str) -> Vec<usize> {
    let mut ends = vec![0];
    ends.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    if ends.last() != Some(&text.len()) {
        ends.push(text.len());
    }
    ends
}

#[test]
fn every_prefix_and_line_deletion_of_every_flow() {
    let files = input_files();
    assert!(!files.is_empty(), "no input flows found");
    let mut failures = Vec::new();
    let mut runs = 0usize;
    for path in &files {
        let flow = compile_path(path).unwrap();
        let text: &str = &flow.file.text;
        let ends = line_ends(text);
        for (line, &end) in ends.iter().enumerate() {
            runs += 1;
            if let Err(e) = run_both(&flow.name, &text[..end]) {
                failures.push(format!("{} cut after line {line}: {e}", flow.name));
            }
        }
        for pair in ends.windows(2) {
            let (start, end) = (pair[0], pair[1]);
            let mangled = format!("{}{}", &text[..start], &text[end..]);
            runs += 1;
            if let Err(e) = run_both(&flow.name, &mangled) {
                let line = text[..start].matches('\n').count() + 1;
                failures.push(format!("{} without line {line}: {e}", flow.name));
            }
        }
    }
    report(&failures, runs);
}

fn report(failures: &[String], runs: usize) {
    if failures.is_empty() {
        return;
    }
    let mut listed: Vec<&str> = failures
        .iter()
        .take(MAX_REPORTED)
        .map(String::as_str)
        .collect();
    let more = failures.len().saturating_sub(MAX_REPORTED);
    let tail = format!("… and {more} more");
    if more > 0 {
        listed.push(&tail);
    }
    panic!(
        "{} of {runs} mangled inputs failed:\n{}",
        failures.len(),
        listed.join("\n")
    );
}

// ---- generated pathological inputs ---------------------------------------

/// A small deterministic generator (xorshift64*), so a failing random input
/// is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Runs `job` in its own thread (with `STACK_SIZE`), giving up after
/// `limit`. A job that overruns is left running; the test fails anyway.
fn within<T: Send + 'static>(
    name: &str,
    limit: Duration,
    job: impl FnOnce() -> Result<T, String> + Send + 'static,
) -> Result<T, String> {
    let (send, receive) = mpsc::channel();
    thread::Builder::new()
        .name(name.to_owned())
        .stack_size(STACK_SIZE)
        .spawn(move || {
            let _ = send.send(job());
        })
        .map_err(|e| format!("cannot start a thread: {e}"))?;
    match receive.recv_timeout(limit) {
        Ok(result) => result,
        Err(mpsc::RecvTimeoutError::Timeout) => Err(format!(
            "still running after {limit:?} (hung, or not linear in the input)"
        )),
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            Err("the compiling thread died without a result".to_owned())
        }
    }
}

/// Compiles one generated input with a time limit. `must_diagnose`: the
/// input is invalid, so once the compiler is real it must say so.
fn survive(name: &'static str, text: String, must_diagnose: bool) {
    let started = Instant::now();
    let count = within(name, TIME_LIMIT, move || run_both(name, &text))
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    eprintln!("{name}: {count} diagnostics in {:?}", started.elapsed());
    if must_diagnose && count == 0 {
        panic!("{name}: an invalid input gave no diagnostic");
    }
}

/// Fuzz finding (7 Dec 2026, seed 20261207): an escaped line break inside
/// an ARN's service part reached E0521's message, and the short format
/// printed the diagnostic on two lines.
#[test]
fn an_arn_with_an_escaped_line_break_stays_one_short_line() {
    let text = "endpoint audit {\n    url        \"https://audit.example.com\"\n    \
                connection \"arn:aws:eve\\ns:eu-west-1:111122203333:connection/audit/0b8e1f3c\"\n}\n\
                workflow w() {\n    POST audit \"/x\"\n}\n";
    survive("an ARN with \\n in its service", text.to_owned(), true);
}

#[test]
fn deeply_nested_brackets() {
    for (name, open) in [("nested [", '['), ("nested (", '('), ("nested {", '{')] {
        let mut text = String::from("workflow deep() {\n    let x = ");
        text.extend(std::iter::repeat_n(open, 100_000));
        text.push_str("\n}\n");
        survive(name, text, true);
    }
}

#[test]
fn five_megabytes_of_let_statements() {
    let mut text = String::from("workflow big() {\n    let v0 = 0\n");
    let mut i = 1;
    while text.len() < 5 * 1024 * 1024 {
        text.push_str(&format!("    let v{i} = v{} + 1\n", i - 1));
        i += 1;
    }
    text.push_str(&format!("    return v{}\n}}\n", i - 1));
    // Valid statements, but far over the 1 MB definition limit once
    // lowered, so a diagnostic is due.
    survive("5 MB of let", text, true);
}

#[test]
fn random_bytes() {
    let mut rng = Rng(0x5EED_0FA5_1C00);
    for (name, size) in [
        ("random bytes 1 KiB", 1024),
        ("random bytes 256 KiB", 256 * 1024),
    ] {
        let bytes: Vec<u8> = (0..size).map(|_| rng.next() as u8).collect();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        survive(name, text, true);
    }
}

/// Real SFL tokens: in random order they reach much deeper into the
/// parser and checker than random bytes do.
const TOKENS: &[&str] = &[
    "workflow",
    "w",
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    "let",
    "set",
    "x",
    "=",
    "==",
    ".",
    ",",
    ":",
    "if",
    "else",
    "while",
    "for",
    "in",
    "parallel",
    "branch",
    "try",
    "catch",
    "retry",
    "on",
    "GET",
    "POST",
    "billing",
    "\"/p/{x}\"",
    "\"s\"",
    "1",
    "2.5",
    "30s",
    "500ms",
    "Http.5xx",
    "any",
    "return",
    "fail",
    "succeed",
    "wait",
    "endpoint",
    "url",
    "type",
    "T",
    "->",
    "??",
    "and",
    "not",
    "\n",
    "///",
    "//",
    "é",
    "\"",
    "{{",
];

#[test]
fn random_token_soup() {
    let mut rng = Rng(0xC0FFEE);
    for round in 0..20 {
        let mut text = String::new();
        for _ in 0..2_000 {
            text.push_str(TOKENS[rng.below(TOKENS.len())]);
            text.push(' ');
        }
        let name: &'static str = Box::leak(format!("token soup #{round}").into_boxed_str());
        // Soup can, rarely, be valid; only panics and hangs are failures.
        survive(name, text, false);
    }
}

#[test]
fn unterminated_strings_at_end_of_file() {
    for (name, tail) in [
        ("unterminated string", "\"abc"),
        ("unterminated interpolation", "\"abc {x"),
        ("unterminated escape", "\"abc\\"),
        ("unterminated doc comment", "///"),
    ] {
        let text = format!("workflow w() {{\n    let x = {tail}");
        survive(name, text, true);
    }
}

#[test]
fn empty_and_whitespace_only_files() {
    for (name, text) in [
        ("empty file", ""),
        ("only newlines", "\n\n\n"),
        ("only a comment", "// hi"),
    ] {
        // No workflow at all: the file must be reported, not compiled.
        survive(name, text.to_owned(), true);
    }
}

// ---- long lines, huge literals, many diagnostics ---------------------------

/// The length of the long lines below: over the 65,535 columns miette's
/// formatting widths can hold.
const LONG_LINE: usize = 70_000;

/// The widest line the human format may print for one of the long-line
/// inputs: clipped excerpts and shortened words keep every line short.
const WIDEST_RENDERED_LINE: usize = 300;

/// Compiles `text` and renders its diagnostics; returns them with the plain
/// rendering, after checking it prints no line wider than
/// `WIDEST_RENDERED_LINE`.
fn render_long(name: &'static str, text: String) -> (Vec<Diagnostic>, String) {
    let source = text.clone();
    within(name, TIME_LIMIT, move || run_both(name, &source))
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let file = SourceFile::new(name, text);
    let diagnostics: Vec<Diagnostic> = aslc::check(&file).into_vec();
    let plain = render_human(&file, &diagnostics, Style::Plain);
    let widest = plain.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(
        widest <= WIDEST_RENDERED_LINE,
        "{name}: a rendered line is {widest} characters wide"
    );
    (diagnostics, plain)
}

/// A workflow whose second line is `    let x = [1, 1, …]`, `LONG_LINE`
/// characters long, with a stray ` ) ` put at byte `at` of that line.
/// Returns the text and the column of the `)`.
fn long_line_with_stray_paren(at: usize) -> (String, usize) {
    let mut line = format!("    let x = [{}1]", "1, ".repeat(LONG_LINE / 3));
    line.insert_str(at, " ) ");
    let column = at + 2;
    (
        format!("workflow w() {{\n{line}\n    return x\n}}\n"),
        column,
    )
}

#[test]
fn error_at_the_start_middle_and_end_of_a_seventy_thousand_character_line() {
    let line_len = "    let x = [".len() + 3 * (LONG_LINE / 3) + "1]".len();
    for (name, at) in [
        ("long line, error at its start", 0),
        // Just after one of the `1, `.
        ("long line, error in its middle", 13 + 3 * (LONG_LINE / 6)),
        ("long line, error at its end", line_len),
    ] {
        let (text, column) = long_line_with_stray_paren(at);
        let (diagnostics, plain) = render_long(name, text);
        let first = diagnostics
            .first()
            .unwrap_or_else(|| panic!("{name}: no diagnostic"));
        assert_eq!(first.code, aslc::diag::Code::UnexpectedToken, "{name}");
        let place = format!("{name}:2:{column}");
        assert!(
            plain.contains(&place),
            "{name}: expected {place} in\n{plain}"
        );
        assert!(plain.contains("unexpected `)`"), "{name}:\n{plain}");
    }
}

#[test]
fn labels_at_both_ends_of_a_long_line() {
    // `a` twice in one record, a long string between: one diagnostic with
    // its secondary label at the start of the line and its primary at the
    // end.
    let text = format!(
        "workflow w() {{\n    return {{ a: 1, b: \"{}\", a: 2 }}\n}}\n",
        "é".repeat(LONG_LINE)
    );
    let (diagnostics, plain) = render_long("record with a long line", text);
    assert!(
        diagnostics
            .iter()
            .any(|d| d.code == aslc::diag::Code::DuplicateKey),
        "{plain}"
    );
    // The primary label's column counts characters: `é` is one.
    let column = "    return { a: 1, b: \"".len() + LONG_LINE + "\", ".len() + 1;
    assert!(plain.contains(&format!(":2:{column}]")), "{plain}");
    assert!(plain.contains("first written here"), "{plain}");
    assert!(plain.contains("written again here"), "{plain}");
}

#[test]
fn a_whole_file_on_one_long_line() {
    let text = format!(
        "workflow w() {{ let x = \"{}\" return y }}",
        "a".repeat(LONG_LINE)
    );
    let (diagnostics, _) = render_long("one-line file", text);
    assert!(!diagnostics.is_empty());
}

#[test]
fn huge_literals() {
    let digits = "9".repeat(100_000);
    for (name, statement) in [
        ("100,000-digit number", format!("let x = {digits}")),
        (
            "100,000-digit fraction",
            format!("let x = 1.{digits}e999999"),
        ),
        ("100,000-digit duration", format!("wait {digits}s")),
        (
            "100,000-character name",
            format!("let x = {}", "n".repeat(100_000)),
        ),
        (
            "1 MB string, then an error",
            format!("let x = \"{}\" + 1", "s".repeat(1 << 20)),
        ),
    ] {
        let text = format!("workflow w() {{\n    {statement}\n    return x\n}}\n");
        let (diagnostics, plain) = render_long(name, text);
        assert!(!diagnostics.is_empty(), "{name}: no diagnostic\n{plain}");
    }
}

#[test]
fn twenty_thousand_diagnostics_render() {
    // Each line repeats a record key: one error with two labels per line,
    // plus an unused-variable warning. Rendering must not rescan the file
    // per diagnostic (that took half a minute for this input).
    let mut text = String::from("workflow w() {\n");
    for i in 0..20_000 {
        text.push_str(&format!("    let v{i} = {{ a: 1, a: 2 }}\n"));
    }
    text.push_str("}\n");
    let file = SourceFile::new("many.sfl", text);
    let diagnostics = within("20,000 diagnostics", TIME_LIMIT, move || {
        let diagnostics = aslc::check(&file);
        render_every_format(&file, &diagnostics)?;
        Ok(diagnostics)
    })
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(diagnostics.error_count() >= 20_000, "{}", diagnostics.len());
}

#[test]
fn five_thousand_duplicates_of_the_first_definition() {
    // Each duplicate points back at line 4: rendering must not copy or scan
    // the thousands of lines between the two labels (it took 18 s).
    let mut text = String::from("workflow w() {\n    return 1\n}\n");
    text.push_str(&"type T = string\n".repeat(5_000));
    let file = SourceFile::new("duplicates.sfl", text);
    let diagnostics = within("5,000 duplicates", TIME_LIMIT, move || {
        let diagnostics = aslc::check(&file);
        render_every_format(&file, &diagnostics)?;
        Ok(diagnostics)
    })
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(diagnostics.error_count() >= 4_999, "{}", diagnostics.len());
}

#[test]
fn ten_thousand_diagnostics_on_one_long_line() {
    // Found by the fuzzer: `{e.cr}` (a field the error record lacks)
    // repeated along one line. Each diagnostic used to count every
    // character of the line before it, twice.
    let text = format!(
        "workflow w() {{\n    try {{ wait 1s }} catch any as e {{\n        fail \"B\" \"{}\"\n    }}\n}}\n",
        "{e.cr}: ".repeat(10_000)
    );
    let (diagnostics, _) = render_long("10,000 diagnostics on one line", text);
    assert!(diagnostics.len() >= 10_000, "{}", diagnostics.len());
}

/// Inputs from an hour of fuzzing (seed 20261202): in a seed file, a short
/// piece repeated along one line, before `needle`, in a clause value, an
/// error list, a call option or function arguments. Each gives 5,000 to
/// 35,000 errors on that line. Two of the found lines were 140,000
/// characters long; here every line is about 70,000, past the 65,535 that
/// once broke the renderer, to keep the test at a few seconds.
const LONG_LINE_FINDINGS: &[(&str, &str, &str, usize)] = &[
    // (seed, needle, piece, repetitions)
    (
        "examples/webhook_enrich.sfl",
        "\"arn:aws:vpc-lattice:us-west-2:",
        "\"ae ",
        17_500,
    ),
    (
        "examples/capture_payment.sfl",
        "\"https://login.example.com/oauth2/token\"",
        "_url   ",
        10_000,
    ),
    (
        "tests/cases/form_content_type.sfl",
        "body     { user: input.user }",
        "bod  ",
        14_000,
    ),
    (
        "examples/webhook_enrich.sfl",
        "Http.Socket attempts 2 interval 1s",
        "Htxx, ",
        11_666,
    ),
    (
        "examples/poll_export_job.sfl",
        "secret(\"reports/basic\", \"password\")",
        "d ",
        35_000,
    ),
    (
        "tests/cases/while_with_set.sfl",
        "\"arn:aws:vpc-lattice:",
        "\"a",
        35_000,
    ),
    (
        "tests/cases/coalesce_and_library.sfl",
        "\"VIP \")",
        "ame, ",
        14_000,
    ),
];

#[test]
fn a_short_piece_repeated_along_one_long_line_of_a_flow() {
    // The fuzzer reported each as a hang: its 60 s limit ran out while the
    // machine was at load 17-20. Replayed alone, each takes 3-12 s of CPU
    // through the fuzzer's whole harness (debug build), so none is a
    // compiler bug; they stay as tests of many errors on one long line,
    // checked and rendered once in each format, as `aslc check` does.
    for &(seed, needle, piece, times) in LONG_LINE_FINDINGS {
        let original = std::fs::read_to_string(support::root().join(seed)).unwrap();
        let at = original
            .find(needle)
            .unwrap_or_else(|| panic!("{seed} no longer has `{needle}`"));
        let text = format!(
            "{}{}{}",
            &original[..at],
            piece.repeat(times),
            &original[at..]
        );
        let name = format!("{seed} with `{piece}` x {times}");
        let file = SourceFile::new(name.as_str(), text);
        let diagnostics = within(&name, TIME_LIMIT, move || {
            let diagnostics = aslc::check(&file);
            check_spans(&file.text, &diagnostics)?;
            render_once(&file, &diagnostics)?;
            Ok(diagnostics)
        })
        .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            diagnostics.error_count() >= 1_000,
            "{name}: {}",
            diagnostics.len()
        );
    }
}

/// Whether `text` is a diagnostic code such as `E0520` or `W0004`.
fn is_code(text: &str) -> bool {
    text.len() == 5
        && (text.starts_with('E') || text.starts_with('W'))
        && text[1..].bytes().all(|b| b.is_ascii_digit())
}

/// Renders every diagnostic at once in each format, as the CLI does, and
/// checks that each holds them all.
fn render_once(file: &SourceFile, diagnostics: &Diagnostics) -> Result<(), String> {
    let list: Vec<Diagnostic> = diagnostics.iter().cloned().collect();
    let short: String = list.iter().map(|d| render_short(file, d)).collect();
    let json = serde_json::to_value(to_json(file, &list)).map_err(|e| e.to_string())?;
    let plain = render_human(file, &list, Style::Plain);
    let counts = [
        short.lines().count(),
        json["diagnostics"].as_array().map_or(0, Vec::len),
        // Each diagnostic starts with its code on a line of its own.
        plain.lines().filter(|line| is_code(line.trim())).count(),
    ];
    if counts != [list.len(); 3] {
        return Err(format!(
            "{} diagnostics, but short, JSON and plain show {counts:?}",
            list.len()
        ));
    }
    let widest = plain.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    if widest > WIDEST_RENDERED_LINE {
        return Err(format!("a rendered line is {widest} characters wide"));
    }
    Ok(())
}

#[test]
fn a_try_holding_twenty_thousand_assignments_then_twenty_thousand_calls() {
    // Each call inside the `try` is an arrival at its handler, which used to
    // recheck every variable the body had assigned: 10,000 of each took
    // 58 s of CPU in a debug build, this size four times that. Arrivals now
    // look only at the variables changed since the previous one.
    let lets: String = (0..20_000)
        .map(|i| format!("        let _v{i} = {i}\n"))
        .collect();
    let calls = "        POST api \"/x\"\n".repeat(20_000);
    let text = format!(
        "workflow w() {{\n    try {{\n{lets}{calls}    }} catch any {{\n        return _v7\n    }}\n}}\n\
         endpoint api {{\n    url \"https://api.example.com\"\n\
         \x20   private \"arn:aws:vpc-lattice:eu-west-1:111122223333:resourceconfiguration/rcfg-0123456789abcdef0\"\n\
         \x20   auth api_key \"x-api-key\" = secret(\"api/key\")\n}}\n"
    );
    let file = SourceFile::new("long_try.sfl", text);
    let diagnostics = within("a long try", TIME_LIMIT, move || {
        let diagnostics = aslc::check(&file);
        check_spans(&file.text, &diagnostics)?;
        render_every_format(&file, &diagnostics)?;
        Ok(diagnostics)
    })
    .unwrap_or_else(|e| panic!("{e}"));
    // The handler reads `_v7`, assigned before every call (and `_` names
    // are never reported unused): nothing to report.
    assert!(diagnostics.is_empty(), "{:?}", diagnostics.iter().next());
}

#[test]
fn thousands_of_unknown_variables() {
    // Each unknown name was measured against every name in scope for its
    // "did you mean": 20,000 of them took over a minute.
    let lets: String = (0..20_000)
        .map(|i| format!("    let v{i} = nope\n"))
        .collect();
    let text = format!("workflow w() {{\n{lets}    return 1\n}}\n");
    survive("20,000 unknown variables", text, true);
}

#[test]
fn recursive_record_types_of_the_same_shape() {
    // Took minutes while check compared recursive types by bounded search;
    // it now keeps the pairs already assumed compatible.
    let text = "type A = { a: A, b: A, c: A, d: A, e: A }\n\
                type B = { a: B, b: B, c: B, d: B, e: B }\n\
                workflow w(input: { a: A }) {\n    let x = input.a\n\
                \x20   let b = GET api \"/b\" -> B\n    set x = b.body\n    return x\n}\n\
                endpoint api {\n    url \"https://api.example.com\"\n\
                \x20   private \"arn:aws:vpc-lattice:eu-west-1:111122223333:resourceconfiguration/rcfg-0123456789abcdef0\"\n\
                \x20   auth api_key \"x-api-key\" = secret(\"api/key\")\n}\n";
    survive("recursive records", text.to_owned(), false);
}

#[test]
fn span_check_catches_bad_spans() {
    let mut diagnostics = Diagnostics::new();
    diagnostics.push(aslc::Diagnostic::new(
        aslc::diag::Code::UnexpectedToken,
        "unexpected",
        aslc::Span::new(1, 2),
        "",
    ));
    // "é" is two bytes: offset 1 is inside it.
    assert!(check_spans("é", &diagnostics).is_err());
    assert!(check_spans("ab", &diagnostics).is_ok());
    assert!(check_spans("a", &diagnostics).is_err());
    assert_eq!(line_ends("a\nb"), vec![0, 2, 3]);
    assert_eq!(line_ends("a\n"), vec![0, 2]);
}

#[test]
fn panics_and_hangs_are_caught() {
    let panicked = guarded(|| -> Result<(), String> { panic!("boom") }).unwrap_err();
    assert!(panicked.contains("panicked: boom"), "{panicked}");
    let hung = within("sleeper", Duration::from_millis(50), || {
        thread::sleep(Duration::from_secs(2));
        Ok(())
    })
    .unwrap_err();
    assert!(hung.contains("still running"), "{hung}");
    assert_eq!(within("quick", TIME_LIMIT, || Ok(7)), Ok(7));
}

// ---- fuzzing on the stable toolchain -------------------------------------
//
// Not run by default. Run it with
//
//     ASLC_FUZZ_SECONDS=3600 cargo test --test robustness fuzz -- --ignored --nocapture
//
// (ASLC_FUZZ_SEED picks the random sequence; the default is the clock).
// It mutates the examples and cases (bytes, tokens, lines, blocks, splices
// of two files, long lines, deep nesting), runs `check` and `compile` on
// each mutant and renders what they report in every format. Each panic or
// hang is written to `target/tmp/fuzz-findings/` and the run goes on (up to
// FUZZ_MAX_FINDINGS), failing at the end if there was any. Every finding
// becomes a named test above.

/// The most one mutant may take before it counts as a hang. Generous: a
/// mutant can hold tens of thousands of diagnostics, each rendered several
/// times over in a debug build. It is wall-clock time, so on a machine at
/// a load of 10 or more slow inputs show up as hangs: replay each with
/// `fuzz_replay` (below) to see what it really costs.
const FUZZ_INPUT_LIMIT: Duration = Duration::from_secs(60);

/// A run keeps going after a finding, so one long run reports several, but
/// stops after this many: a hung input's thread keeps running, and many of
/// them would starve the rest of the run.
const FUZZ_MAX_FINDINGS: usize = 10;

/// How often a run prints how many inputs it has tried.
const FUZZ_PROGRESS_EVERY: Duration = Duration::from_secs(300);

/// One random change to `text`, drawing material from `seeds`.
fn mutate(rng: &mut Rng, text: &str, seeds: &[String]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    let at = |rng: &mut Rng, len: usize| rng.below(len + 1);
    match rng.below(9) {
        0 => {
            // Flip, insert or delete a few random bytes.
            for _ in 0..=rng.below(4) {
                let i = at(rng, bytes.len());
                match rng.below(3) {
                    0 if i < bytes.len() => bytes[i] ^= 1 << rng.below(8),
                    1 => bytes.insert(i, rng.next() as u8),
                    _ if i < bytes.len() => {
                        bytes.remove(i);
                    }
                    _ => {}
                }
            }
        }
        1 => {
            // Insert a real token.
            let token = TOKENS[rng.below(TOKENS.len())];
            let i = at(rng, bytes.len());
            bytes.splice(i..i, format!(" {token} ").into_bytes());
        }
        2 => {
            // Delete a run of bytes.
            let i = at(rng, bytes.len());
            let end = (i + rng.below(64)).min(bytes.len());
            bytes.drain(i..end);
        }
        3 | 4 => return mutate_lines(rng, text, seeds),
        5 => {
            // Truncate.
            bytes.truncate(at(rng, bytes.len()));
        }
        6 => {
            // Repeat a short stretch many times: long lines (over 65,535
            // characters), huge literals.
            let i = at(rng, bytes.len());
            let end = (i + 1 + rng.below(8)).min(bytes.len());
            let piece = bytes[i..end].to_vec();
            let times = [10, 1_000, 70_000 / piece.len().max(1)][rng.below(3)];
            bytes.splice(i..i, piece.repeat(times));
        }
        7 => {
            // Deep nesting at a random place.
            let open = ["(", "[", "{", "if x { ", "try { "][rng.below(5)];
            let i = at(rng, bytes.len());
            bytes.splice(i..i, open.repeat(1 + rng.below(200)).into_bytes());
        }
        _ => {
            // Invalid UTF-8 and control characters, as `aslc` reads them.
            let i = at(rng, bytes.len());
            let junk: &[u8] =
                [&b"\xff\xfe"[..], b"\r", b"\0", b"\t\x0b\x0c", b"\xe2\x80"][rng.below(5)];
            bytes.splice(i..i, junk.iter().copied());
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Line-level changes: delete, duplicate or swap lines, or splice in lines
/// of another seed.
fn mutate_lines(rng: &mut Rng, text: &str, seeds: &[String]) -> String {
    let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
    if lines.is_empty() {
        return text.to_owned();
    }
    let i = rng.below(lines.len());
    let j = rng.below(lines.len());
    match rng.below(4) {
        0 => {
            lines.drain(i.min(j)..i.max(j));
        }
        1 => {
            let copy: Vec<&str> = lines[i.min(j)..=i.max(j)].to_vec();
            lines.splice(i..i, copy);
        }
        2 => lines.swap(i, j),
        _ => {
            let other = &seeds[rng.below(seeds.len())];
            let theirs: Vec<&str> = other.split_inclusive('\n').collect();
            let from = rng.below(theirs.len().max(1));
            let to = (from + 1 + rng.below(20)).min(theirs.len());
            lines.splice(i..i, theirs.get(from..to).unwrap_or(&[]).to_vec());
        }
    }
    lines.concat()
}

/// Saves a failing input where a developer can turn it into a test.
fn save_finding(text: &str) -> std::path::PathBuf {
    // Not `scratch_dir`, which empties the folder: a run saves several.
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-findings");
    std::fs::create_dir_all(&dir).unwrap();
    let mut hash = 0xcbf2_9ce4_8422_2325_u64;
    for b in text.bytes() {
        hash = (hash ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
    }
    let path = dir.join(format!("{hash:016x}.sfl"));
    std::fs::write(&path, text).unwrap();
    path
}

/// The files the fuzzer mutates.
fn fuzz_seeds() -> Vec<String> {
    input_files()
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

/// The next input of a fuzzing run: one to five mutations of a seed.
fn next_fuzz_input(rng: &mut Rng, seeds: &[String]) -> String {
    let mut text = seeds[rng.below(seeds.len())].clone();
    for _ in 0..=rng.below(4) {
        text = mutate(rng, &text, seeds);
    }
    text
}

#[test]
#[ignore = "a fuzzing run, not a test: see the comment above `mutate`"]
fn fuzz() {
    let seconds: u64 = std::env::var("ASLC_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let seed: u64 = std::env::var("ASLC_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        });
    eprintln!("fuzz: seed {seed}, {seconds} s");
    let seeds = fuzz_seeds();
    let mut rng = Rng(seed | 1);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut next_progress = Instant::now() + FUZZ_PROGRESS_EVERY;
    let mut runs = 0u64;
    let mut findings: Vec<String> = Vec::new();
    while Instant::now() < deadline && findings.len() < FUZZ_MAX_FINDINGS {
        let text = next_fuzz_input(&mut rng, &seeds);
        let input = text.clone();
        runs += 1;
        if let Err(e) = within("fuzz input", FUZZ_INPUT_LIMIT, move || {
            run_both("fuzz.sfl", &input)
        }) {
            let path = save_finding(&text);
            let finding = format!("run {runs}: {e}\n  input saved to {}", path.display());
            eprintln!("fuzz: finding: {finding}");
            findings.push(finding);
        }
        if Instant::now() >= next_progress {
            eprintln!("fuzz: {runs} inputs so far, {} findings", findings.len());
            next_progress += FUZZ_PROGRESS_EVERY;
        }
    }
    assert!(
        findings.is_empty(),
        "fuzz (seed {seed}): {} findings in {runs} inputs:\n{}",
        findings.len(),
        findings.join("\n")
    );
    eprintln!("fuzz: {runs} inputs, no panic and no hang");
}

#[test]
#[ignore = "replays fuzz findings: ASLC_FUZZ_REPLAY, or ASLC_FUZZ_SEED with ASLC_FUZZ_RUNS"]
fn fuzz_replay() {
    // Runs inputs as the fuzzer did, without a time limit, and says how
    // long each took and how many diagnostics it gave. Either a saved one,
    //     ASLC_FUZZ_REPLAY=target/tmp/fuzz-findings/<hash>.sfl
    // or the inputs of given runs of a seed, which it also saves:
    //     ASLC_FUZZ_SEED=20261202 ASLC_FUZZ_RUNS=63526,67086
    // with `cargo test --test robustness fuzz_replay -- --ignored --nocapture`.
    let inputs: Vec<(String, String)> = match std::env::var_os("ASLC_FUZZ_REPLAY") {
        Some(path) => vec![(
            path.to_string_lossy().into_owned(),
            std::fs::read_to_string(&path).unwrap(),
        )],
        None => regenerate_runs(),
    };
    for (name, text) in inputs {
        let started = Instant::now();
        let count = run_both("fuzz.sfl", &text).unwrap_or_else(|e| panic!("{name}: {e}"));
        eprintln!("{name}: {count} diagnostics in {:?}", started.elapsed());
    }
}

/// The inputs of the runs `ASLC_FUZZ_RUNS` lists in the run with seed
/// `ASLC_FUZZ_SEED`, each saved as a finding.
fn regenerate_runs() -> Vec<(String, String)> {
    let number = |var: &str| std::env::var(var).unwrap_or_else(|_| panic!("set {var}"));
    let seed: u64 = number("ASLC_FUZZ_SEED").parse().unwrap();
    let mut wanted: Vec<u64> = number("ASLC_FUZZ_RUNS")
        .split(',')
        .map(|run| run.trim().parse().unwrap())
        .collect();
    wanted.sort_unstable();
    let seeds = fuzz_seeds();
    let mut rng = Rng(seed | 1);
    let mut inputs = Vec::new();
    let last = wanted.last().copied().unwrap_or(0);
    for run in 1..=last {
        let text = next_fuzz_input(&mut rng, &seeds);
        if wanted.contains(&run) {
            let path = save_finding(&text);
            inputs.push((format!("run {run} ({})", path.display()), text));
        }
    }
    inputs
}

//! Which paths `timing` finds too long: only time a path certainly spends
//! counts.

#![expect(
    clippy::string_slice,
    reason = "test code: spans are on char boundaries"
)]

use crate::source::SourceFile;

const ENDPOINT: &str = r#"
endpoint api {
    url     "https://api.example.com"
    private "arn:aws:vpc-lattice:eu-west-1:111122223333:resourceconfiguration/rcfg-0123456789abcdef0"
    auth    api_key "x-api-key" = secret("api/key")
}
"#;

/// The lines (1-based) of the E0409 diagnostics for a workflow header and
/// body.
fn outlasting_lines(header: &str, body: &str) -> Vec<usize> {
    let text = format!(
        "workflow w(input: {{ flag: bool, items: [string] }}) {header} {{\n{body}\n}}\n{ENDPOINT}"
    );
    let file = SourceFile::new("t.sfl", text.as_str());
    let diagnostics = crate::check(&file);
    let mut lines: Vec<usize> = diagnostics
        .iter()
        .filter(|d| d.code.as_str() == "E0409")
        .map(|d| text[..d.primary.span.start as usize].matches('\n').count() + 1)
        .collect();
    lines.sort_unstable();
    lines
}

#[test]
fn waits_within_the_timeout_pass() {
    let body = "wait 5m\nif input.flag { wait 4m } else { wait 5m }\nGET api \"/x\"";
    assert_eq!(outlasting_lines("timeout 10m", body), Vec::<usize>::new());
}

#[test]
fn the_longest_branch_counts_and_the_first_crossing_wait_is_reported() {
    let body = "wait 6m\nif input.flag { wait 1m } else { wait 5m }\nwait 1h";
    assert_eq!(outlasting_lines("timeout 10m", body), vec![3]);
}

#[test]
fn a_failing_branch_does_not_delay_what_follows() {
    let body = "if input.flag { wait 9m\nfail \"Late\" }\nwait 5m";
    assert_eq!(outlasting_lines("timeout 10m", body), Vec::<usize>::new());
}

#[test]
fn parallel_branches_run_side_by_side() {
    let body = "parallel { branch { wait 6m } branch { wait 6m } }\nwait 3m";
    assert_eq!(outlasting_lines("timeout 10m", body), Vec::<usize>::new());
    let body = "parallel { branch { wait 6m } branch { wait 2m } }\nwait 5m";
    assert_eq!(outlasting_lines("timeout 10m", body), vec![3]);
}

#[test]
fn a_loop_body_counts_once_and_return_ends_only_an_iteration() {
    let body = "for i in input.items { wait 6m\nreturn i }\nwait 5m";
    assert_eq!(outlasting_lines("timeout 10m", body), vec![4]);
    let body = "while input.flag { wait 4m }\nwait 5m";
    assert_eq!(outlasting_lines("timeout 10m", body), Vec::<usize>::new());
}

#[test]
fn a_handler_starts_from_the_time_before_its_try() {
    let body = "wait 4m\ntry { wait 5m } catch any { wait 5m }";
    assert_eq!(outlasting_lines("timeout 10m", body), Vec::<usize>::new());
    let body = "wait 6m\ntry { GET api \"/x\" } catch any { wait 5m }";
    assert_eq!(outlasting_lines("timeout 10m", body), vec![3]);
}

#[test]
fn express_and_standard_limits() {
    assert_eq!(outlasting_lines("express", "wait 6m"), vec![2]);
    assert_eq!(outlasting_lines("timeout 1m express", "wait 2m"), vec![2]);
    assert_eq!(outlasting_lines("", "wait 400d"), vec![2]);
    assert_eq!(outlasting_lines("", "wait 30d"), Vec::<usize>::new());
}

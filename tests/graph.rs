//! `aslc graph`: for every example and golden test case, both drawings show
//! every state of the emitted definition and every Catch edge, and the DOT
//! drawing parses with Graphviz (`dot -Tsvg`) when `dot` is installed.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "test code: a panic is a test failure"
)]

use std::collections::{BTreeMap, HashMap};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use aslc::draw::{DrawFormat, draw};
use aslc::{Options, SourceFile};
use serde_json::Value;

/// Every `.sfl` in examples/ and tests/cases/ that compiles (has a golden
/// `.asl.json`).
fn compiling_sources() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in ["examples", "tests/cases"] {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "sfl"))
            .filter(|p| p.with_extension("asl.json").exists())
            .collect();
        paths.sort();
        out.extend(paths);
    }
    assert!(out.len() > 6, "found only {out:?}");
    out
}

fn load(path: &Path) -> SourceFile {
    let text = std::fs::read_to_string(path).unwrap();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    SourceFile::new(name, text)
}

/// The drawing and the freshly emitted definition of one file.
fn drawing_and_definition(path: &Path, format: DrawFormat) -> (String, Value) {
    let file = load(path);
    let dir = Beside(path.parent().unwrap());
    let (graph, diagnostics) = aslc::state_graph_with(&file, &dir);
    let graph = graph.unwrap_or_else(|| panic!("{}: {diagnostics:?}", path.display()));
    let artifacts = aslc::compile_with(&file, &Options::default(), &dir)
        .artifacts
        .unwrap();
    let definition = serde_json::from_str(&artifacts.asl).unwrap();
    (draw(&graph, &file, format), definition)
}

/// What the definition holds: every state name, and every Catch as
/// (state, target), counted.
#[derive(Debug, Default, PartialEq)]
struct Shape {
    states: Vec<String>,
    catches: BTreeMap<(String, String), usize>,
}

fn definition_shape(definition: &Value) -> Shape {
    let mut shape = Shape::default();
    collect_machine(definition, &mut shape);
    shape.states.sort();
    shape
}

fn collect_machine(machine: &Value, shape: &mut Shape) {
    for (name, state) in machine["States"].as_object().unwrap() {
        shape.states.push(name.clone());
        for catcher in state["Catch"].as_array().into_iter().flatten() {
            let next = catcher["Next"].as_str().unwrap().to_owned();
            *shape.catches.entry((name.clone(), next)).or_default() += 1;
        }
        for branch in state["Branches"].as_array().into_iter().flatten() {
            collect_machine(branch, shape);
        }
        if let Some(body) = state.get("ItemProcessor") {
            collect_machine(body, shape);
        }
    }
}

/// Reads the states (first label line of each `sN` node) and the dashed
/// edges back out of a Mermaid drawing.
fn mermaid_shape(text: &str) -> Shape {
    let mut names = HashMap::new();
    let mut dashed = Vec::new();
    for line in text.lines().map(str::trim) {
        let words: Vec<&str> = line.split(' ').collect();
        if words.len() >= 3 && words[1].starts_with("-.->") {
            dashed.push((words[0].to_owned(), words[words.len() - 1].to_owned()));
        } else if let Some(id) = state_id(line) {
            let label = &line[line.find('"').unwrap() + 1..line.rfind('"').unwrap()];
            let name = label.split("<br/>").next().unwrap();
            names.insert(id, unescape_mermaid(name));
        }
    }
    shape_from(names, dashed)
}

/// `s12["…"]` → `s12`: the id of a state node declaration.
fn state_id(line: &str) -> Option<String> {
    let id: String = line
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    let rest = &line[id.len()..];
    let is_state =
        id.starts_with('s') && id.len() > 1 && id[1..].bytes().all(|b| b.is_ascii_digit());
    (is_state && rest.starts_with(['[', '(', '{'])).then_some(id)
}

fn unescape_mermaid(text: &str) -> String {
    text.replace("#quot;", "\"")
        .replace("#lt;", "<")
        .replace("#gt;", ">")
        .replace("#124;", "|")
        .replace("#96;", "`")
        .replace("#amp;", "&")
        .replace("#35;", "#")
}

/// Reads the states and the dashed edges back out of a DOT drawing.
fn dot_shape(text: &str) -> Shape {
    let mut names = HashMap::new();
    let mut dashed = Vec::new();
    for line in text.lines().map(str::trim) {
        let Some(rest) = line.strip_prefix("\"s") else {
            continue;
        };
        let id = format!("s{}", rest.split('"').next().unwrap());
        if let Some((_, label)) = line.split_once(" [label=\"")
            && !line.contains(" -> ")
        {
            let name = label.split("\\n").next().unwrap();
            names.insert(id, name.replace("\\\"", "\"").replace("\\\\", "\\"));
            continue;
        }
        if line.contains(" -> ") && line.contains("style=dashed") {
            let to = line
                .split(" -> \"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            dashed.push((id, to.to_owned()));
        }
    }
    shape_from(names, dashed)
}

fn shape_from(names: HashMap<String, String>, dashed: Vec<(String, String)>) -> Shape {
    let mut shape = Shape {
        states: names.values().cloned().collect(),
        ..Shape::default()
    };
    shape.states.sort();
    for (from, to) in dashed {
        let key = (names[&from].clone(), names[&to].clone());
        *shape.catches.entry(key).or_default() += 1;
    }
    shape
}

#[test]
fn mermaid_shows_every_state_and_catch_edge() {
    for path in compiling_sources() {
        let (text, definition) = drawing_and_definition(&path, DrawFormat::Mermaid);
        assert_eq!(
            mermaid_shape(&text),
            definition_shape(&definition),
            "{}:\n{text}",
            path.display()
        );
    }
}

#[test]
fn dot_shows_every_state_and_catch_edge() {
    for path in compiling_sources() {
        let (text, definition) = drawing_and_definition(&path, DrawFormat::Dot);
        assert_eq!(
            dot_shape(&text),
            definition_shape(&definition),
            "{}:\n{text}",
            path.display()
        );
    }
}

#[test]
fn drawings_are_deterministic() {
    for path in compiling_sources() {
        for format in [DrawFormat::Mermaid, DrawFormat::Dot] {
            let (first, _) = drawing_and_definition(&path, format);
            let (second, _) = drawing_and_definition(&path, format);
            assert_eq!(first, second, "{}", path.display());
        }
    }
}

/// `emit orders …` with `bus orders = "shop-orders"`: the label names the
/// bus as the definition does (as `aslc run` keys it).
#[test]
fn an_emit_to_a_bus_item_is_labelled_with_the_bus_value() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/order_events.sfl");
    let (text, _) = drawing_and_definition(&path, DrawFormat::Mermaid);
    assert!(text.contains("Task: emit to shop-orders"), "{text}");
}

#[test]
fn catch_labels_fold_status_code_ranges() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/capture_payment.sfl");
    let (text, _) = drawing_and_definition(&path, DrawFormat::Mermaid);
    assert!(text.contains("States.Http.StatusCode.400…499"), "{text}");
    assert!(!text.contains("States.Http.StatusCode.450"), "{text}");
}

fn dot_installed() -> bool {
    Command::new("dot")
        .arg("-V")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn dot_output_parses_with_graphviz() {
    if !dot_installed() {
        eprintln!(
            "SKIPPED dot_output_parses_with_graphviz: Graphviz `dot` is not installed \
             (Debian: apt-get install graphviz; .ci/run installs it)"
        );
        return;
    }
    for path in compiling_sources() {
        let (text, _) = drawing_and_definition(&path, DrawFormat::Dot);
        let mut child = Command::new("dot")
            .arg("-Tsvg")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() && stderr.trim().is_empty(),
            "{}: dot failed: {stderr}\n{text}",
            path.display()
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("<svg"));
    }
}

#[test]
fn cli_writes_the_drawing_to_a_file() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("graph_cli");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/order_sync.sfl");
    let out = Command::new(env!("CARGO_BIN_EXE_aslc"))
        .args(["graph", "--format", "dot", "-o", "order_sync.dot"])
        .arg(&example)
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty());
    let text = std::fs::read_to_string(dir.join("order_sync.dot")).unwrap();
    assert!(text.starts_with("digraph \"order_sync\" {"), "{text}");
}

#[test]
fn cli_refuses_a_file_with_errors() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("graph_cli_errors");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("bad.sfl"), "workflow bad( {\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_aslc"))
        .args(["graph", "bad.sfl"])
        .current_dir(&dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing drawn for `bad.sfl`"));
}

#[test]
fn readme_diagram_is_the_current_output() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let start = readme
        .find("```mermaid\n")
        .expect("README embeds a Mermaid diagram")
        + 11;
    let end = start + readme[start..].find("```").unwrap();
    let name = "examples/capture_payment.sfl";
    let file = SourceFile::new(name, std::fs::read_to_string(root.join(name)).unwrap());
    let graph = aslc::state_graph(&file).0.unwrap();
    assert_eq!(
        &readme[start..end],
        draw(&graph, &file, DrawFormat::Mermaid),
        "README.md's diagram is stale: paste `aslc graph {name}` into it"
    );
}

#[test]
fn cli_draws_every_file_of_a_directory() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("graph_cli_dir");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("flows/nested")).unwrap();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    std::fs::copy(
        examples.join("order_sync.sfl"),
        dir.join("flows/order_sync.sfl"),
    )
    .unwrap();
    std::fs::copy(
        examples.join("poll_export_job.sfl"),
        dir.join("flows/nested/poll_export_job.sfl"),
    )
    .unwrap();
    std::fs::write(dir.join("flows/bad.sfl"), "workflow bad( {\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_aslc"))
        .args(["graph", "--format", "dot", "-o", "drawn", "flows"])
        .current_dir(&dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The bad file fails the run, and the good ones are still drawn.
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(out.stdout.is_empty());
    assert!(
        stderr.contains("nothing drawn for `flows/bad.sfl`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("drew 2 of 3 files: 1 error, 0 warnings in "),
        "{stderr}"
    );
    let top = std::fs::read_to_string(dir.join("drawn/order_sync.dot")).unwrap();
    assert!(top.starts_with("digraph \"order_sync\" {"), "{top}");
    let nested = std::fs::read_to_string(dir.join("drawn/nested/poll_export_job.dot")).unwrap();
    assert!(
        nested.starts_with("digraph \"poll_export_job\" {"),
        "{nested}"
    );
    assert!(!dir.join("drawn/bad.dot").exists());
}

#[test]
fn cli_names_mermaid_drawings_mmd_for_several_files() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("graph_cli_files");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let out = Command::new(env!("CARGO_BIN_EXE_aslc"))
        .args(["graph", "-o", "drawn"])
        .arg(examples.join("order_sync.sfl"))
        .arg(examples.join("poll_export_job.sfl"))
        .current_dir(&dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("drew 2 of 2 files"), "{stderr}");
    for stem in ["order_sync", "poll_export_job"] {
        let text = std::fs::read_to_string(dir.join(format!("drawn/{stem}.mmd"))).unwrap();
        assert!(text.contains("\nflowchart TD\n"), "{stem}: {text}");
    }
}

/// The labels of the solid, labelled edges (Choice rules and `default`) of
/// a file's Mermaid drawing, unescaped.
fn choice_labels(name: &str) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(name);
    let (text, _) = drawing_and_definition(&path, DrawFormat::Mermaid);
    text.lines()
        .filter_map(|line| line.split_once(" -->|\""))
        .map(|(_, rest)| unescape_mermaid(&rest[..rest.rfind("\"|").unwrap()]))
        .collect()
}

#[test]
fn if_and_while_edges_show_the_sfl_condition() {
    let labels = choice_labels("examples/poll_export_job.sfl");
    for expected in [
        r#"status == "queued" or status == "running""#,
        "polls > 200",
        r#"status == "failed""#,
        "default",
    ] {
        assert!(
            labels.iter().any(|l| l == expected),
            "{expected}: {labels:?}"
        );
    }
    // The emitted JSONata (`$status = 'failed'`) is not what is shown.
    assert!(labels.iter().all(|l| !l.contains('$')), "{labels:?}");
}

#[test]
fn match_and_path_check_edges_show_the_sfl_condition() {
    let labels = choice_labels("examples/capture_payment.sfl");
    for expected in [
        r#"capture.body.state == "captured""#,
        r#"capture.body.state in ["pending", "review"]"#,
        r#"path value missing, null, empty, "." or "..""#,
    ] {
        assert!(
            labels.iter().any(|l| l == expected),
            "{expected}: {labels:?}"
        );
    }
    assert!(labels.iter().all(|l| !l.contains('$')), "{labels:?}");
}

#[test]
fn merged_rules_and_error_dispatch_show_sfl() {
    let labels = choice_labels("tests/cases/nested_try_reraise.sfl");
    assert!(
        labels
            .iter()
            .any(|l| l
                == r#"check.body.state == "blocked" and error is BlockedByOwner, BlockedByQuota"#),
        "{labels:?}"
    );
}

/// Reads the files a flow `use`s from its directory (the flows are named
/// by their file name alone).
struct Beside<'a>(&'a Path);

impl aslc::Loader for Beside<'_> {
    fn load(&self, path: &str) -> Result<String, String> {
        std::fs::read_to_string(self.0.join(path)).map_err(|e| e.to_string())
    }
}

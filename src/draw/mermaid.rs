//! Spells a drawing as a Mermaid flowchart.
//!
//! Every label is a quoted string with Mermaid's entity codes for the
//! characters that would end or change it (`"`, `#`, `<`, `>`, `|`, a
//! leading backtick), so no state name or condition can break the chart.
//! Each state is preceded by a `%% file:line` comment pointing at its SFL
//! statement.

use std::fmt::Write as _;

use super::{Cluster, Drawing, Edge, EdgeStyle, Item, Node, Shape};

pub(super) fn render(drawing: &Drawing) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "%% {}: state graph compiled by aslc from {}",
        drawing.title, drawing.file_name
    );
    out.push_str("flowchart TD\n");
    out.push_str("    classDef fail fill:#fde2e2,stroke:#c0392b\n");
    out.push_str("    classDef succeed fill:#e2f5e2,stroke:#27ae60\n");
    out.push_str("    classDef terminal fill:#333,stroke:#333,color:#fff\n");
    write_cluster_body(&mut out, drawing, &drawing.root, 1);
    out
}

fn write_cluster_body(out: &mut String, drawing: &Drawing, cluster: &Cluster, depth: usize) {
    let indent = "    ".repeat(depth);
    for item in &cluster.items {
        match item {
            Item::Node(node) => write_node(out, drawing, node, &indent),
            Item::Cluster(inner) => {
                let _ = writeln!(
                    out,
                    "{indent}subgraph {}[\"{}\"]",
                    inner.id,
                    escape(&inner.label)
                );
                write_cluster_body(out, drawing, inner, depth + 1);
                let _ = writeln!(out, "{indent}end");
            }
        }
    }
    for edge in &cluster.edges {
        write_edge(out, edge, &indent);
    }
}

fn write_node(out: &mut String, drawing: &Drawing, node: &Node, indent: &str) {
    if let Some(line) = node.line {
        let _ = writeln!(out, "{indent}%% {}:{line}", drawing.file_name);
    }
    let mut label = escape(&node.name);
    for detail in &node.details {
        label.push_str("<br/>");
        label.push_str(&escape(detail));
    }
    let (open, close) = delimiters(node.shape);
    let _ = writeln!(out, "{indent}{}{open}\"{label}\"{close}", node.id);
    let class = match node.shape {
        Shape::Fail => Some("fail"),
        Shape::Succeed => Some("succeed"),
        Shape::Terminal => Some("terminal"),
        _ => None,
    };
    if let Some(class) = class {
        let _ = writeln!(out, "{indent}class {} {class}", node.id);
    }
}

fn delimiters(shape: Shape) -> (&'static str, &'static str) {
    match shape {
        Shape::Task => ("[", "]"),
        Shape::Choice => ("{", "}"),
        Shape::Pass => ("(", ")"),
        Shape::Wait => ("{{", "}}"),
        Shape::Fail | Shape::Succeed => ("([", "])"),
        Shape::Container => ("[[", "]]"),
        Shape::Terminal => ("((", "))"),
    }
}

fn write_edge(out: &mut String, edge: &Edge, indent: &str) {
    let arrow = match edge.style {
        EdgeStyle::Solid => "-->",
        EdgeStyle::Catch => "-.->",
        EdgeStyle::Body => "-.-o",
    };
    match &edge.label {
        Some(label) => {
            let _ = writeln!(
                out,
                "{indent}{} {arrow}|\"{}\"| {}",
                edge.from,
                escape(label),
                edge.to
            );
        }
        None => {
            let _ = writeln!(out, "{indent}{} {arrow} {}", edge.from, edge.to);
        }
    }
}

/// Escapes text for inside a Mermaid `"…"` label: entity codes for the
/// characters Mermaid reads specially, `<br/>` for a newline.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '&' => out.push_str("#amp;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '|' => out.push_str("#124;"),
            '`' => out.push_str("#96;"),
            '\n' => out.push_str("<br/>"),
            '\r' => {}
            other => out.push(other),
        }
    }
    out
}

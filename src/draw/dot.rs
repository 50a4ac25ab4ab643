//! Spells a drawing as a Graphviz `digraph`.
//!
//! Every id and label is a double-quoted DOT string (backslash and quote
//! escaped, newlines as `\n`), never an HTML label, so `<`, `>`, brackets
//! and braces in names or conditions are plain text. Each state carries
//! its SFL line as a tooltip and a `file#Lnn` link (clickable in SVG).

use std::fmt::Write as _;

use super::{Cluster, Drawing, Edge, EdgeStyle, Item, Node, Shape};

pub(super) fn render(drawing: &Drawing) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "digraph {} {{", quote(&drawing.title));
    out.push_str("    graph [rankdir=TB, fontname=\"Helvetica\"];\n");
    out.push_str("    node [fontname=\"Helvetica\", fontsize=11, shape=box, style=rounded];\n");
    out.push_str("    edge [fontname=\"Helvetica\", fontsize=9];\n");
    write_cluster_body(&mut out, drawing, &drawing.root, 1);
    out.push_str("}\n");
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
                    "{indent}subgraph {} {{",
                    quote(&format!("cluster_{}", inner.id))
                );
                let _ = writeln!(out, "{indent}    label={};", quote(&inner.label));
                let _ = writeln!(out, "{indent}    style=dashed;");
                write_cluster_body(out, drawing, inner, depth + 1);
                let _ = writeln!(out, "{indent}}}");
            }
        }
    }
    for edge in &cluster.edges {
        write_edge(out, edge, &indent);
    }
}

fn write_node(out: &mut String, drawing: &Drawing, node: &Node, indent: &str) {
    let mut label = node.name.clone();
    for detail in &node.details {
        label.push('\n');
        label.push_str(detail);
    }
    let mut attributes = vec![format!("label={}", quote(&label))];
    attributes.push(shape_attributes(node.shape).to_owned());
    if let Some(line) = node.line {
        let place = format!("{}:{line}", drawing.file_name);
        attributes.push(format!("tooltip={}", quote(&place)));
        let link = format!("{}#L{line}", drawing.file_name);
        attributes.push(format!("URL={}", quote(&link)));
    }
    let _ = writeln!(
        out,
        "{indent}{} [{}];",
        quote(&node.id),
        attributes.join(", ")
    );
}

fn shape_attributes(shape: Shape) -> &'static str {
    match shape {
        Shape::Task => "shape=box, style=rounded",
        Shape::Choice => "shape=diamond, style=solid",
        Shape::Pass => "shape=box, style=\"rounded,dotted\"",
        Shape::Wait => "shape=hexagon, style=solid",
        Shape::Fail => {
            "shape=box, style=\"rounded,filled\", fillcolor=\"#fde2e2\", color=\"#c0392b\""
        }
        Shape::Succeed => {
            "shape=box, style=\"rounded,filled\", fillcolor=\"#e2f5e2\", color=\"#27ae60\""
        }
        Shape::Container => "shape=box3d, style=solid",
        Shape::Terminal => {
            "shape=circle, style=filled, fillcolor=\"#333333\", fontcolor=white, fontsize=9"
        }
    }
}

fn write_edge(out: &mut String, edge: &Edge, indent: &str) {
    let mut attributes = Vec::new();
    if let Some(label) = &edge.label {
        attributes.push(format!("label={}", quote(label)));
    }
    match edge.style {
        EdgeStyle::Solid => {}
        EdgeStyle::Catch => attributes.push("style=dashed, color=\"#c0392b\"".to_owned()),
        EdgeStyle::Body => attributes.push("style=dotted, arrowhead=odot".to_owned()),
    }
    let from = quote(&edge.from);
    let to = quote(&edge.to);
    if attributes.is_empty() {
        let _ = writeln!(out, "{indent}{from} -> {to};");
    } else {
        let _ = writeln!(out, "{indent}{from} -> {to} [{}];", attributes.join(", "));
    }
}

/// A DOT double-quoted string: `"` and `\` escaped, a newline as `\n`
/// (Graphviz's centred line break).
pub(super) fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            other => out.push(other),
        }
    }
    out.push('"');
    out
}

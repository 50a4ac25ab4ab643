//! `aslc graph`: draws a [`StateGraph`] as Mermaid or Graphviz DOT.
//!
//! Like `emit`, this reads only the state graph (and the source file, to
//! turn each state's span into its SFL line and each Choice rule's spans
//! into the SFL condition it was lowered from). The graph is first turned
//! into a small format-neutral drawing ([`Cluster`] of nodes, clusters and
//! edges) so both formats show exactly the same states and edges; each
//! format then only spells that drawing and escapes its labels.

mod dot;
mod labels;
mod mermaid;

use std::collections::HashMap;

use crate::graph::{Catcher, Machine, State, StateGraph, StateKind, Transition};
use crate::source::{SourceFile, Span};

use self::labels::{catch_label, condition_label, kind_line, retry_lines};

/// The output formats of `aslc graph`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DrawFormat {
    /// A Mermaid flowchart (renders in GitHub markdown).
    Mermaid,
    /// A Graphviz `digraph`.
    Dot,
}

/// Draws the workflow in the given format. Deterministic: the same graph
/// always gives the same text.
pub fn draw(graph: &StateGraph, file: &SourceFile, format: DrawFormat) -> String {
    let drawing = Drawing::of(graph, file);
    match format {
        DrawFormat::Mermaid => mermaid::render(&drawing),
        DrawFormat::Dot => dot::render(&drawing),
    }
}

/// The format-neutral picture of one workflow.
#[derive(Debug)]
struct Drawing {
    /// The workflow's name.
    title: String,
    /// The source file's name, for the line links.
    file_name: String,
    /// Everything at the top level.
    root: Cluster,
}

/// A group of nodes: the top level, a Parallel branch or a Map body.
#[derive(Debug, Default)]
struct Cluster {
    id: String,
    label: String,
    items: Vec<Item>,
    edges: Vec<Edge>,
}

#[derive(Debug)]
enum Item {
    Node(Node),
    Cluster(Cluster),
}

#[derive(Debug)]
struct Node {
    id: String,
    /// The state's name as the definition has it (first label line).
    name: String,
    /// The lines under the name: the state's type, its retriers.
    details: Vec<String>,
    shape: Shape,
    /// One-based SFL line; `None` for the start and end markers.
    line: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Task,
    Choice,
    Pass,
    Wait,
    Fail,
    Succeed,
    /// Parallel and Map: the state whose body is drawn as clusters.
    Container,
    /// The start and end markers.
    Terminal,
}

#[derive(Debug)]
struct Edge {
    from: String,
    to: String,
    label: Option<String>,
    style: EdgeStyle,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EdgeStyle {
    /// `Next`, a Choice rule or `Default`.
    Solid,
    /// `Catch`: dashed.
    Catch,
    /// From a Parallel or Map state into a branch or body: dotted.
    Body,
}

const START_ID: &str = "flow_start";
const END_ID: &str = "flow_end";

impl Drawing {
    fn of(graph: &StateGraph, file: &SourceFile) -> Drawing {
        let mut builder = Builder { file, next_id: 0 };
        let mut root = Cluster::default();
        root.items.push(terminal(START_ID, "start"));
        let ids = builder.add_machine(&graph.root, &mut root);
        if let Some(first) = ids.get(&graph.root.start_at) {
            root.edges.insert(0, Edge::solid(START_ID, first, None));
        }
        let ends = root.edges.iter().any(|e| e.to == END_ID);
        if ends {
            root.items.push(terminal(END_ID, "end"));
        }
        Drawing {
            title: graph.name.clone(),
            file_name: file.name.clone(),
            root,
        }
    }
}

fn terminal(id: &str, label: &str) -> Item {
    Item::Node(Node {
        id: id.to_owned(),
        name: label.to_owned(),
        details: Vec::new(),
        shape: Shape::Terminal,
        line: None,
    })
}

impl Edge {
    fn solid(from: &str, to: &str, label: Option<String>) -> Edge {
        Edge {
            from: from.to_owned(),
            to: to.to_owned(),
            label,
            style: EdgeStyle::Solid,
        }
    }
}

struct Builder<'a> {
    file: &'a SourceFile,
    next_id: usize,
}

impl Builder<'_> {
    fn fresh_id(&mut self, prefix: &str) -> String {
        let id = format!("{prefix}{}", self.next_id);
        self.next_id += 1;
        id
    }

    /// Adds a machine's states and edges to `into`; returns the ids given
    /// to its states. Only the top-level machine's `End` gets an edge (to
    /// the end marker): a branch or body ending returns to its container.
    fn add_machine(&mut self, machine: &Machine, into: &mut Cluster) -> HashMap<String, String> {
        let ids: HashMap<String, String> = machine
            .states
            .keys()
            .map(|name| (name.clone(), self.fresh_id("s")))
            .collect();
        let top_level = into.id.is_empty();
        for (name, state) in &machine.states {
            let Some(id) = ids.get(name) else { continue };
            into.items.push(Item::Node(self.node(id, name, state)));
            self.add_bodies(id, name, state, into);
            for edge in out_edges(state, top_level, self.file) {
                // An empty target is the end marker: ASL state names are never empty.
                let to = if edge.to.is_empty() {
                    Some(END_ID)
                } else {
                    ids.get(&edge.to).map(String::as_str)
                };
                if let Some(to) = to {
                    into.edges.push(Edge {
                        from: id.clone(),
                        to: to.to_owned(),
                        ..edge
                    });
                }
            }
        }
        ids
    }

    fn node(&self, id: &str, name: &str, state: &State) -> Node {
        let mut details = vec![kind_line(&state.kind)];
        details.extend(retry_lines(&state.kind));
        Node {
            id: id.to_owned(),
            name: name.to_owned(),
            details,
            shape: shape_of(&state.kind),
            line: Some(self.line_of(state.span)),
        }
    }

    fn line_of(&self, span: Span) -> usize {
        let offset = u32::try_from(span.start_usize()).unwrap_or(u32::MAX);
        self.file.line_col(offset).0
    }

    /// Draws a Parallel state's branches or a Map state's body as clusters
    /// next to the state, each entered by a dotted edge.
    fn add_bodies(&mut self, id: &str, name: &str, state: &State, into: &mut Cluster) {
        let bodies: Vec<(String, &Machine)> = match &state.kind {
            StateKind::Parallel { branches, .. } => branches
                .iter()
                .enumerate()
                .map(|(i, m)| (format!("{name}: branch {}", i + 1), m))
                .collect(),
            StateKind::Map { processor, .. } => {
                vec![(format!("{name}: each item"), processor.as_ref())]
            }
            _ => return,
        };
        for (label, machine) in bodies {
            let mut cluster = Cluster {
                id: self.fresh_id("c"),
                label,
                ..Cluster::default()
            };
            let ids = self.add_machine(machine, &mut cluster);
            if let Some(first) = ids.get(&machine.start_at) {
                into.edges.push(Edge {
                    style: EdgeStyle::Body,
                    ..Edge::solid(id, first, None)
                });
            }
            into.items.push(Item::Cluster(cluster));
        }
    }
}

/// The edges leaving a state, with state names as targets (or the end
/// marker), in the order the definition lists them.
fn out_edges(state: &State, top_level: bool, file: &SourceFile) -> Vec<Edge> {
    let mut edges = Vec::new();
    match &state.transition {
        Some(Transition::Next(next)) => edges.push(Edge::solid("", next, None)),
        Some(Transition::End) if top_level => edges.push(Edge::solid("", "", None)),
        Some(Transition::End) | None => {}
    }
    if let StateKind::Choice { choices, default } = &state.kind {
        for rule in choices {
            let label = condition_label(rule, file);
            edges.push(Edge::solid("", &rule.next, Some(label)));
        }
        if let Some(default) = default {
            edges.push(Edge::solid("", default, Some("default".to_owned())));
        }
    }
    if top_level && is_final(&state.kind) {
        edges.push(Edge::solid("", "", None));
    }
    edges.extend(catchers(&state.kind).iter().map(catch_edge));
    edges
}

fn catch_edge(catcher: &Catcher) -> Edge {
    Edge {
        from: String::new(),
        to: catcher.next.clone(),
        label: Some(catch_label(&catcher.error_equals)),
        style: EdgeStyle::Catch,
    }
}

fn catchers(kind: &StateKind) -> &[Catcher] {
    match kind {
        StateKind::Http(task) => &task.catch,
        StateKind::Events(task) => &task.catch,
        StateKind::Run(task) => &task.catch,
        StateKind::Parallel { catch, .. } | StateKind::Map { catch, .. } => catch,
        _ => &[],
    }
}

/// A top-level Succeed ends the execution: drawn with an edge to the end
/// marker like `End: true`. (A Fail state is its own, red, end.)
fn is_final(kind: &StateKind) -> bool {
    matches!(kind, StateKind::Succeed)
}

fn shape_of(kind: &StateKind) -> Shape {
    match kind {
        StateKind::Http(_) | StateKind::Events(_) | StateKind::Run(_) => Shape::Task,
        StateKind::Pass => Shape::Pass,
        StateKind::Choice { .. } => Shape::Choice,
        StateKind::Wait(_) => Shape::Wait,
        StateKind::Fail { .. } => Shape::Fail,
        StateKind::Succeed => Shape::Succeed,
        StateKind::Parallel { .. } | StateKind::Map { .. } => Shape::Container,
    }
}

#[cfg(test)]
mod tests;

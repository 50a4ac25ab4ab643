//! The abstract syntax tree of one SFL file.
//!
//! Produced by the syntax stage, read by `check` and `lower`. Every node has
//! a byte [`Span`]. Clause bodies (endpoints, retry policies, call options)
//! are already sorted into typed fields here; unknown or repeated clauses
//! were reported while building the tree. Doc comments (`///`) are kept on
//! the node they precede, and plain `//` comments are kept in
//! [`File::comments`], so a formatter can reproduce the file.
//!
//! The nodes live in files by what they describe (`items`, `statements`,
//! `expressions`, `types`) and are all re-exported here, so every node is
//! named `ast::Node`.

mod events;
mod expressions;
mod items;
mod statements;
mod types;

pub use events::*;
pub use expressions::*;
pub use items::*;
pub use statements::*;
pub use types::*;

use crate::source::Span;

/// A name written in the source: a value, endpoint, policy or type name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Ident {
    /// The name as written.
    pub name: String,
    /// Where it was written.
    pub span: Span,
}

/// The joined text of one or more `///` lines (without the `///` and one
/// following space), kept on the item or statement they precede.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc {
    /// The lines joined with `\n`.
    pub text: String,
    /// From the first `///` to the end of the last line.
    pub span: Span,
}

/// A plain `//` comment, kept for the formatter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// The text after `//`.
    pub text: String,
    /// The whole comment, `//` included.
    pub span: Span,
}

/// One whole `.sfl` file.
#[derive(Debug, Clone, PartialEq)]
pub struct File {
    /// Items in source order.
    pub items: Vec<Item>,
    /// Every `//` comment (not doc comments), in source order.
    pub comments: Vec<Comment>,
    /// The whole file.
    pub span: Span,
}

/// A top-level item.
#[expect(
    clippy::large_enum_variant,
    reason = "one tree per file; boxing the large variants would only add indirection"
)]
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// `workflow name(input: T) { … }`
    Workflow(Workflow),
    /// `type Name = …`
    Type(TypeDef),
    /// `endpoint name { … }`
    Endpoint(Endpoint),
    /// `retry name { … }`
    Retry(RetryDef),
    /// `param Name = "default"`: a stage parameter.
    Param(ParamDef),
    /// `use "./other.sfl"`
    Use(Use),
    /// `bus name = "name-or-arn"`
    Bus(BusDef),
}

impl Item {
    /// The item's span.
    pub fn span(&self) -> Span {
        match self {
            Item::Workflow(w) => w.span,
            Item::Type(t) => t.span,
            Item::Endpoint(e) => e.span,
            Item::Retry(r) => r.span,
            Item::Param(p) => p.span,
            Item::Use(u) => u.span,
            Item::Bus(b) => b.span,
        }
    }
}

/// Names one node of the tree (an expression, an HTTP call), so later
/// stages can keep what they learn about it in tables beside the tree
/// instead of rebuilding the tree.
///
/// Ids come from one counter for the whole process, so a parsed tree, a tree
/// built by hand in a test and a node made while checking never share one.
/// A clone keeps its id: it is the same node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(u64);

impl NodeId {
    /// An id no other node has.
    pub fn fresh() -> NodeId {
        use std::sync::atomic::{AtomicU64, Ordering};
        static NEXT: AtomicU64 = AtomicU64::new(0);
        NodeId(NEXT.fetch_add(1, Ordering::Relaxed))
    }
}

/// A table keyed by node ids (the side tables of `check`). Ids are
/// distinct counters from this process, not input an attacker chooses, so
/// they need no SipHash: [`NodeIdHasher`] spreads the id with one
/// multiplication. Hashing was about a tenth of `aslc check`'s
/// instructions on a large flow once the parser got fast
/// (`docs/performance.md`).
pub type NodeMap<V> =
    std::collections::HashMap<NodeId, V, std::hash::BuildHasherDefault<NodeIdHasher>>;

/// The hasher of [`NodeMap`]: an id times a large odd constant (Fibonacci
/// hashing), so consecutive ids land in different buckets and differ in
/// the high bits the table's control bytes use.
#[derive(Debug, Default, Clone, Copy)]
pub struct NodeIdHasher(u64);

impl std::hash::Hasher for NodeIdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `write_u64` is used for a `NodeId`; anything else still
        // hashes correctly, a byte at a time.
        for byte in bytes {
            self.write_u64(self.0.rotate_left(8) ^ u64::from(*byte));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

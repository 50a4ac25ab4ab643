//! Sub-workflows across files: the `use` items of a file are resolved here,
//! before the file is checked.
//!
//! The library does no I/O. Whoever compiles a file hands over a
//! [`Loader`] that returns the text of a file by its resolved path: the
//! CLI reads the disk, tests keep files in a [`MemoryLoader`]. A `use`
//! path is relative to the file that says it ([`resolve_path`]). Each used
//! file is parsed and checked (with its own `use`s, so a cycle is found
//! wherever it closes), and what the caller needs is its
//! [`Signature`](crate::check::subflow::Signature).

use std::collections::BTreeMap;

use crate::check::subflow::{Callees, signature};
use crate::diag::{Code, Diagnostics};
use crate::source::SourceFile;
use crate::syntax::ast;

/// How many files deep `use`s may lead: a chain of distinct paths that
/// never closes (a directory linked into itself) stops here.
const MAX_USE_DEPTH: usize = 32;

/// Gives the text of a file by its resolved path.
pub trait Loader {
    /// The text of the file at `path` (already resolved against the file
    /// that `use`s it), or why it cannot be read.
    fn load(&self, path: &str) -> Result<String, String>;
}

/// A loader that has no files: every `use` fails (E0603). What the
/// entry points without a loader use.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoLoader;

impl Loader for NoLoader {
    fn load(&self, _path: &str) -> Result<String, String> {
        Err("no other file can be read here (this tool compiles one file on its own)".to_owned())
    }
}

/// Files kept in memory, by resolved path (`dir/billing.sfl`).
#[derive(Debug, Clone, Default)]
pub struct MemoryLoader {
    files: BTreeMap<String, String>,
}

impl MemoryLoader {
    /// An empty set of files.
    pub fn new() -> MemoryLoader {
        MemoryLoader::default()
    }

    /// Adds a file under its path (normalised like a resolved `use`).
    pub fn with(mut self, path: &str, text: &str) -> MemoryLoader {
        self.files.insert(resolve_path("", path), text.to_owned());
        self
    }
}

impl Loader for MemoryLoader {
    fn load(&self, path: &str) -> Result<String, String> {
        self.files
            .get(path)
            .cloned()
            .ok_or_else(|| format!("there is no file `{path}`"))
    }
}

/// The path of `path`, written in a `use` of the file named `from`:
/// relative to `from`'s directory, with `.` and `..` steps folded (a `..`
/// past the start is kept). `/` separates; an absolute path stays one.
pub fn resolve_path(from: &str, path: &str) -> String {
    let absolute = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    if !absolute {
        let dir = from.rsplit_once('/').map_or("", |(dir, _)| dir);
        parts.extend(dir.split('/').filter(|p| !p.is_empty() && *p != "."));
        if from.starts_with('/') {
            parts.insert(0, "");
        }
    } else {
        parts.push("");
    }
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => match parts.last() {
                Some(&last) if last != ".." && !last.is_empty() => {
                    parts.pop();
                }
                _ => parts.push(".."),
            },
            other => parts.push(other),
        }
    }
    parts.join("/")
}

/// The workflows a parsed file `use`s, each checked; problems (a file that
/// cannot be read or has errors, a cycle, two workflows of one name) are
/// reported at the `use`. `stack` holds the files being resolved around
/// this one, outermost first (empty for the file being compiled). Public
/// for tools that check a tree themselves ([`crate::check::check_file_with`]).
pub fn callees(
    file: &SourceFile,
    tree: &ast::File,
    loader: &dyn Loader,
    stack: &mut Vec<String>,
    diagnostics: &mut Diagnostics,
) -> Callees {
    use crate::check::diagnostics as d;
    let mut out = Callees::default();
    let errors_before = diagnostics.error_count();
    for item in &tree.items {
        let ast::Item::Use(used) = item else {
            continue;
        };
        let span = used.path.span;
        let path = resolve_path(&file.name, &used.path.value);
        if path == file.name || stack.contains(&path) {
            let mut chain: Vec<&str> = stack.iter().map(String::as_str).collect();
            chain.push(&file.name);
            chain.push(&path);
            diagnostics.push(d::use_cycle(span, &chain.join(" → ")));
            continue;
        }
        if stack.len() >= MAX_USE_DEPTH {
            let why = format!("`use`s nest more than {MAX_USE_DEPTH} files deep here");
            diagnostics.push(d::use_unavailable(span, &used.path.value, &why, false));
            continue;
        }
        let text = match loader.load(&path) {
            Ok(text) => text,
            Err(why) => {
                diagnostics.push(d::use_unavailable(span, &used.path.value, &why, false));
                continue;
            }
        };
        let callee = SourceFile::new(path.clone(), text);
        let mut inner = Diagnostics::new();
        stack.push(file.name.clone());
        let signature = callee_signature(&callee, loader, stack, &mut inner);
        stack.pop();
        if let Some(cycle) = inner.iter().find(|d| d.code == Code::UseCycle) {
            diagnostics.push(d::use_cycle(span, cycle_chain(&cycle.message)));
            continue;
        }
        let signature = match signature {
            Some((signature, named_by_param)) if !inner.has_errors() => {
                if named_by_param {
                    diagnostics.push(d::used_machine_named_by_param(
                        span,
                        &used.path.value,
                        &signature.name,
                    ));
                }
                signature
            }
            _ => {
                let why = match inner.error_count() {
                    0 => "it has no workflow".to_owned(),
                    1 => "it has an error".to_owned(),
                    n => format!("it has {n} errors"),
                };
                diagnostics.push(d::use_unavailable(span, &used.path.value, &why, true));
                continue;
            }
        };
        if let Some((_, first)) = out.workflows.get(&signature.name) {
            diagnostics.push(d::duplicate_use(span, &signature.name, Some(*first)));
            continue;
        }
        out.paths.insert(signature.name.clone(), path);
        out.workflows
            .insert(signature.name.clone(), (signature, span));
    }
    // Every diagnostic above is an error about a `use`.
    out.incomplete = diagnostics.error_count() > errors_before;
    out
}

fn cycle_chain(message: &str) -> &str {
    message.split_once(": ").map_or(message, |(_, chain)| chain)
}

/// The used file's signature, and whether it declares `param
/// StateMachineName` (E0609).
fn callee_signature(
    file: &SourceFile,
    loader: &dyn Loader,
    stack: &mut Vec<String>,
    diagnostics: &mut Diagnostics,
) -> Option<(crate::check::subflow::Signature, bool)> {
    let tree = crate::syntax::parse(file, diagnostics)?;
    let used = callees(file, &tree, loader, stack, diagnostics);
    let named = crate::check::params::has_state_machine_name(&tree);
    let checked = crate::check::check_file_with(&tree, &used, diagnostics)?;
    Some((signature(&checked), named))
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a test failure"
)]
mod tests {
    use super::*;
    use crate::check::types::Type;

    #[test]
    fn use_paths_are_relative_to_the_using_file() {
        assert_eq!(resolve_path("examples/a.sfl", "./b.sfl"), "examples/b.sfl");
        assert_eq!(resolve_path("a.sfl", "b.sfl"), "b.sfl");
        assert_eq!(resolve_path("x/y/a.sfl", "../../z/b.sfl"), "z/b.sfl");
        assert_eq!(resolve_path("a.sfl", "../b.sfl"), "../b.sfl");
        assert_eq!(resolve_path("/r/x/a.sfl", "../b.sfl"), "/r/b.sfl");
        assert_eq!(resolve_path("x/a.sfl", "/abs/b.sfl"), "/abs/b.sfl");
    }

    fn signature_of(callee: &str) -> crate::check::subflow::Signature {
        let loader = MemoryLoader::new().with("c.sfl", callee);
        let caller = SourceFile::new("w.sfl", "use \"./c.sfl\"\nworkflow w() { succeed }\n");
        let mut diagnostics = Diagnostics::new();
        let tree = crate::syntax::parse(&caller, &mut diagnostics).unwrap();
        let found = callees(&caller, &tree, &loader, &mut Vec::new(), &mut diagnostics);
        assert!(!diagnostics.has_errors(), "{diagnostics:?}");
        found.workflows.values().next().unwrap().0.clone()
    }

    #[test]
    fn the_output_joins_the_top_level_returns_and_null_when_the_end_is_reached() {
        let always = signature_of(
            "type Id = { id: string }\nworkflow c(input: Id) {\n  if input.id == \"a\" { return \"x\" } else { return \"y\" }\n}\n",
        );
        assert_eq!(always.name, "c");
        assert!(
            matches!(always.input, Type::Record(_)),
            "named types are expanded"
        );
        let union = Type::Union(vec!["x".to_owned(), "y".to_owned()].into());
        assert_eq!(always.output, union);
        let sometimes = signature_of("workflow c() {\n  if true { return 1 }\n}\n");
        assert_eq!(sometimes.input, Type::Any);
        assert_eq!(sometimes.output, Type::Any, "a number or null");
        let inner = signature_of(
            "workflow c() {\n  let r = parallel { branch { return 1 } }\n  return \"done\"\n}\n",
        );
        assert_eq!(
            inner.output,
            Type::String,
            "a branch's return is not the workflow's"
        );
    }

    #[test]
    fn a_use_without_a_loader_is_reported_not_a_panic() {
        let file = SourceFile::new("w.sfl", "use \"./c.sfl\"\nworkflow w() { succeed }\n");
        let diagnostics = crate::check(&file);
        assert!(diagnostics.iter().any(|d| d.code == Code::UseUnavailable));
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a test failure"
)]
mod depth_tests {
    use super::*;

    /// Every path is a file that uses the next one down.
    struct Endless;

    impl Loader for Endless {
        fn load(&self, _path: &str) -> Result<String, String> {
            Ok("use \"./x/a.sfl\"\nworkflow a() { succeed }\n".to_owned())
        }
    }

    #[test]
    fn a_use_chain_that_never_closes_stops_with_a_diagnostic() {
        let file = SourceFile::new("a.sfl", "use \"./x/a.sfl\"\nworkflow w() { succeed }\n");
        let diagnostics = crate::check_with(&file, &Endless);
        assert!(diagnostics.iter().any(|d| d.code == Code::UseUnavailable));
    }
}

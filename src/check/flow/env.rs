//! Check, flow: the variables visible at one point and how the paths
//! through a branching statement merge.
//!
//! The environment keeps an undo log: a branch's changes are recorded,
//! taken out when it ends, and the branches' results are merged (a name is
//! definitely assigned after the statement only if every live path assigns
//! it).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;

use super::raise::Arrivals;
use super::status::CallFacts;
use crate::check::Checker;
use crate::check::resolved::ScopeId;
use crate::check::types::Type;
use crate::syntax::ast::{Block, Catch, Ident};

/// Whether a variable holds a value on every path to here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Status {
    /// Assigned on every path.
    Definite,
    /// Assigned on some paths only.
    Maybe,
}

/// What the walk knows about a variable at one point.
#[derive(Debug, Clone)]
pub(super) struct Var {
    pub(super) ty: Type,
    pub(super) status: Status,
    /// The inner-scope depth of its declaration (0 = top level).
    pub(super) scope: usize,
    /// Its declaration in [`Checker::decls`].
    pub(super) decl: usize,
    /// For the response of a call: which failing statuses the call catches.
    pub(super) call: Option<Rc<CallFacts>>,
}

/// A map keyed by variable name. Check looks names up several times per
/// statement, and SipHash (the standard map's default, built to resist
/// crafted collisions from untrusted peers) was a tenth of `aslc check`'s
/// instructions; the names come from the file being checked.
pub(super) type NameMap<V> = HashMap<String, V, BuildHasherDefault<NameHasher>>;

/// The hasher of [`NameMap`]: each 8-byte word of the name is mixed into
/// the state with a rotate, an xor and a multiplication by a large odd
/// constant. Nothing iterates these maps for output, so the order their
/// hashes give never reaches what aslc writes.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct NameHasher(u64);

impl NameHasher {
    fn mix(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for NameHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.mix(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            if let Some(start) = word.get_mut(..rest.len()) {
                start.copy_from_slice(rest);
            }
            self.mix(u64::from_le_bytes(word) ^ (rest.len() as u64) << 56);
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.mix(u64::from(byte));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The variables visible at the current point, with an undo log.
#[derive(Debug, Default)]
pub(super) struct Env {
    pub(super) vars: NameMap<Var>,
    /// `(name, value before the change)`, oldest first.
    log: Vec<(String, Option<Var>)>,
    /// While a `try` is open: every name whose value changed, by a change
    /// or by an undo, oldest first. An arrival at a catch rechecks only the
    /// names changed since the catch's previous arrival (see `raise`), so a
    /// `try` with many variables and many calls stays linear.
    changes: Vec<String>,
    recording: bool,
}

impl Env {
    pub(super) fn get(&self, name: &str) -> Option<&Var> {
        self.vars.get(name)
    }

    pub(super) fn put(&mut self, name: &str, var: Option<Var>) {
        let old = match var {
            Some(var) => self.vars.insert(name.to_owned(), var),
            None => self.vars.remove(name),
        };
        self.log.push((name.to_owned(), old));
        self.record_change(name);
    }

    fn record_change(&mut self, name: &str) {
        if self.recording {
            self.changes.push(name.to_owned());
        }
    }

    /// Starts or stops recording changed names; stopping forgets them.
    pub(super) fn record_changes(&mut self, on: bool) {
        self.recording = on;
        if !on {
            self.changes.clear();
        }
    }

    /// How many changes have been recorded: a position for `changed_since`.
    pub(super) fn change_count(&self) -> usize {
        self.changes.len()
    }

    /// The names changed since position `from` (with repeats).
    pub(super) fn changed_since(&self, from: usize) -> &[String] {
        self.changes.get(from..).unwrap_or_default()
    }

    pub(super) fn mark(&self) -> usize {
        self.log.len()
    }

    /// The current state of every name changed since `mark`, as a path
    /// that continues; the changes stay.
    pub(super) fn snapshot(&self, mark: usize) -> Branch {
        let mut touched: NameMap<Option<Var>> = NameMap::default();
        let mut order = Vec::new();
        for (name, _) in self.log.get(mark..).unwrap_or_default() {
            if !touched.contains_key(name) {
                touched.insert(name.clone(), self.vars.get(name).cloned());
                order.push(name.clone());
            }
        }
        Branch {
            touched,
            order,
            diverges: false,
        }
    }

    /// Takes out every change since `mark`, returning the final state of each
    /// name it touched.
    pub(super) fn take(&mut self, mark: usize, diverges: bool) -> Branch {
        let Branch { touched, order, .. } = self.snapshot(mark);
        while self.log.len() > mark {
            let Some((name, old)) = self.log.pop() else {
                break;
            };
            self.record_change(&name);
            match old {
                Some(var) => {
                    self.vars.insert(name, var);
                }
                None => {
                    self.vars.remove(&name);
                }
            }
        }
        Branch {
            touched,
            order,
            diverges,
        }
    }
}

/// The effect of one path through a statement.
#[derive(Debug, Default, Clone)]
pub(super) struct Branch {
    touched: NameMap<Option<Var>>,
    order: Vec<String>,
    /// The path ends the execution, branch or iteration (`fail`, `return`, …).
    pub(super) diverges: bool,
}

impl Branch {
    /// The variables present at the end of the path, in the order first
    /// touched.
    pub(super) fn vars(&self) -> impl Iterator<Item = (&String, &Var)> {
        self.order
            .iter()
            .filter_map(|name| match self.touched.get(name) {
                Some(Some(var)) => Some((name, var)),
                _ => None,
            })
    }

    /// The variables present at the end of the path.
    pub(super) fn into_vars(self) -> impl Iterator<Item = (String, Var)> {
        self.touched
            .into_iter()
            .filter_map(|(name, var)| var.map(|var| (name, var)))
    }
}

impl<'a> Checker<'a, '_> {
    pub(super) fn branch(&mut self, walk: impl FnOnce(&mut Self) -> bool) -> Branch {
        let mark = self.flow.env.mark();
        let diverges = walk(self);
        self.flow.env.take(mark, diverges)
    }

    /// Merges the paths through a statement into the current state; returns
    /// whether every path diverges.
    pub(super) fn merge(&mut self, branches: &[Branch]) -> bool {
        let all_diverge = !branches.is_empty() && branches.iter().all(|b| b.diverges);
        // When every path ends, what follows is unreachable (and reported);
        // merging them all still keeps later uses from cascading.
        let live: Vec<&Branch> = branches
            .iter()
            .filter(|b| all_diverge || !b.diverges)
            .collect();
        let mut names: Vec<&String> = Vec::new();
        let mut seen: HashMap<&str, (), BuildHasherDefault<NameHasher>> = HashMap::default();
        for branch in &live {
            for name in &branch.order {
                if seen.insert(name, ()).is_none() {
                    names.push(name);
                }
            }
        }
        for name in names {
            let before = self.flow.env.get(name).cloned();
            let states: Vec<Option<Var>> = live
                .iter()
                .map(|b| match b.touched.get(name.as_str()) {
                    Some(state) => state.clone(),
                    None => before.clone(),
                })
                .collect();
            let present: Vec<&Var> = states.iter().flatten().collect();
            let Some(first) = present.first() else {
                if before.is_some() {
                    self.flow.env.put(name, None);
                }
                continue;
            };
            let definite = present.len() == states.len()
                && present.iter().all(|v| v.status == Status::Definite);
            let mut ty = first.ty.clone();
            let mut decl = first.decl;
            for var in present.iter().skip(1) {
                ty = self.types.join(&ty, &var.ty);
                decl = self.union_decls(decl, var.decl);
            }
            let same_call = present.len() == states.len()
                && present.iter().all(|v| match (&v.call, &first.call) {
                    (Some(a), Some(b)) => Rc::ptr_eq(a, b),
                    _ => false,
                });
            let merged = Var {
                ty,
                status: if definite {
                    Status::Definite
                } else {
                    Status::Maybe
                },
                scope: first.scope,
                decl,
                call: if same_call { first.call.clone() } else { None },
            };
            self.flow.env.put(name, Some(merged));
        }
        all_diverge
    }

    /// Runs a catch handler. For a `try`, `reached` says what reached the
    /// handler from its body (see `raise`); `None` for a call's own handler,
    /// which starts where the call is.
    pub(super) fn handler(
        &mut self,
        catch: &'a Catch,
        reached: Option<(&Arrivals, &Branch)>,
    ) -> Branch {
        let mark = self.flow.env.mark();
        if let Some((arrivals, protected)) = reached {
            self.arrive(arrivals, protected);
        }
        let binding_before = catch
            .binding
            .as_ref()
            .map(|b| (b.name.clone(), self.flow.env.get(&b.name).cloned()));
        if let Some(binding) = &catch.binding {
            self.declare(binding, Type::caught_error(), None);
        }
        let diverges = self.block(&catch.body);
        let mut branch = self.flow.env.take(mark, diverges);
        if let Some((name, before)) = binding_before {
            if !branch.order.contains(&name) {
                branch.order.push(name.clone());
            }
            branch.touched.insert(name, before);
        }
        branch
    }

    /// Walks a `parallel` branch or a `for` body as an inner scope; returns
    /// the type of its result.
    pub(super) fn inner_scope(&mut self, body: &'a Block, var: Option<(&'a Ident, Type)>) -> Type {
        let names = self.flow.inner.remove(&body.span).unwrap_or_default();
        self.flow.scopes.push(names);
        self.flow.depth += 1;
        self.flow.scopes_entered += 1;
        self.flow
            .scope_ids
            .push(ScopeId::new(self.flow.scopes_entered));
        self.flow.returns.push(None);
        let mark = self.flow.env.mark();
        if let Some((ident, ty)) = var {
            self.declare(ident, ty, None);
        }
        let diverges = self.block(body);
        // The inner scope's variables die with it (aws.md §2 "Variables", rule 4).
        self.flow.env.take(mark, diverges);
        let returned = self.flow.returns.pop().flatten();
        self.flow.depth = self.flow.depth.saturating_sub(1);
        self.flow.scopes.pop();
        self.flow.scope_ids.pop();
        match returned {
            // Falling off the end yields the last state's output: unknown.
            Some(ty) if diverges => ty,
            _ => Type::Any,
        }
    }
}

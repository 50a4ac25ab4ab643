//! Diagnostics: plain data collected per file.
//!
//! Every stage reports problems as [`Diagnostic`] values pushed into a
//! [`Diagnostics`] collector; nothing is printed here. Each diagnostic has a
//! stable [`Code`] from the registry in [`codes`], a primary label, optional
//! secondary labels, help and a note. Rendering lives in [`render`].

pub mod codes;
mod excerpt;
pub mod render;

pub use codes::{Code, Severity};

use crate::source::Span;

/// A labelled place in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What is wrong (primary) or related (secondary) here; may be empty.
    pub message: String,
}

/// One problem found in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The stable code, e.g. `E0101`.
    pub code: Code,
    /// Error or warning; starts as the code's default.
    pub severity: Severity,
    /// Lowercase, no final period, user text in backticks.
    pub message: String,
    /// The place the problem is.
    pub primary: Label,
    /// Related places ("first defined here").
    pub secondary: Vec<Label>,
    /// How to fix it.
    pub help: Option<String>,
    /// Facts that explain it (limits, where they come from).
    pub note: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with the code's default severity and a primary label.
    pub fn new(
        code: Code,
        message: impl Into<String>,
        span: Span,
        label: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            code,
            severity: code.severity(),
            message: message.into(),
            primary: Label {
                span,
                message: label.into(),
            },
            secondary: Vec::new(),
            help: None,
            note: None,
        }
    }

    /// Adds help text (the fix).
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Adds help only when there is some (e.g. an optional suggestion).
    #[must_use]
    pub fn with_help_opt(mut self, help: Option<String>) -> Diagnostic {
        if help.is_some() {
            self.help = help;
        }
        self
    }

    /// Adds a note (a fact that explains the rule).
    #[must_use]
    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.note = Some(note.into());
        self
    }

    /// Adds a secondary label.
    #[must_use]
    pub fn with_secondary(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.secondary.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    /// Whether this diagnostic is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// A count with thousands separators for messages: `1048576` → `1,048,576`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The diagnostics of one file, in the order they were found until
/// [`Diagnostics::sorted`] is called.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty collector.
    pub fn new() -> Diagnostics {
        Diagnostics::default()
    }

    /// Adds one diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Adds all diagnostics of another collector.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// Whether any diagnostic is a warning.
    pub fn has_warnings(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Warning)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Keeps only the diagnostics `keep` accepts: a later stage that
    /// understands a mistake better drops what an earlier one said about it.
    pub fn retain(&mut self, keep: impl FnMut(&Diagnostic) -> bool) {
        self.items.retain(keep);
    }

    /// Number of diagnostics.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// The diagnostics in their current order.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.items.iter()
    }

    /// Sorted by position then code, exact duplicates dropped, so output is
    /// deterministic and one mistake is not reported twice.
    #[must_use]
    pub fn sorted(mut self) -> Diagnostics {
        self.items.sort_by_key(|d| (d.primary.span, d.code));
        self.items.dedup();
        self
    }

    /// The diagnostics as a vector.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

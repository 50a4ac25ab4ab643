//! Source files and byte spans.
//!
//! Every AST node carries a [`Span`] of byte offsets into its [`SourceFile`].
//! Line and column numbers are worked out only when a diagnostic is rendered,
//! so spans stay small and `Copy`.

use std::sync::Arc;

/// A half-open byte range `start..end` into one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    /// Offset of the first byte.
    pub start: u32,
    /// Offset one past the last byte.
    pub end: u32,
}

impl Span {
    /// A span from byte offsets; offsets past `u32::MAX` saturate (files that
    /// large are rejected before parsing).
    pub fn new(start: usize, end: usize) -> Span {
        let start = u32::try_from(start).unwrap_or(u32::MAX);
        let end = u32::try_from(end).unwrap_or(u32::MAX).max(start);
        Span { start, end }
    }

    /// The span of a pest pair or token.
    pub fn from_pest(span: pest::Span<'_>) -> Span {
        Span::new(span.start(), span.end())
    }

    /// The smallest span covering both `self` and `other`.
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// An empty span at the end of `self`, for "expected … here" labels.
    pub fn end_point(self) -> Span {
        Span {
            start: self.end,
            end: self.end,
        }
    }

    /// Length in bytes.
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// Whether the span covers no bytes.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The start offset as `usize`.
    pub fn start_usize(self) -> usize {
        self.start as usize
    }

    /// The end offset as `usize`.
    pub fn end_usize(self) -> usize {
        self.end as usize
    }
}

impl From<Span> for miette::SourceSpan {
    fn from(span: Span) -> miette::SourceSpan {
        miette::SourceSpan::new(span.start_usize().into(), span.len())
    }
}

/// One SFL source file: the name shown in diagnostics and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user wrote it (or a display name such as `<stdin>`).
    pub name: String,
    /// The whole text of the file.
    pub text: Arc<str>,
}

impl SourceFile {
    /// A source file from a display name and its text.
    pub fn new(name: impl Into<String>, text: impl Into<Arc<str>>) -> SourceFile {
        SourceFile {
            name: name.into(),
            text: text.into(),
        }
    }

    /// The text a span covers, or `""` when the span is out of bounds or not
    /// on character boundaries.
    pub fn slice(&self, span: Span) -> &str {
        self.text
            .get(span.start_usize()..span.end_usize())
            .unwrap_or("")
    }

    /// One-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: u32) -> (usize, usize) {
        let offset = (offset as usize).min(self.text.len());
        let before = self.text.get(..offset).unwrap_or("");
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before.get(line_start..).unwrap_or("").chars().count() + 1;
        (line, col)
    }

    /// The file as a miette source, for rendering.
    pub fn to_named_source(&self) -> miette::NamedSource<Arc<str>> {
        miette::NamedSource::new(&self.name, Arc::clone(&self.text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let file = SourceFile::new("t.sfl", "ab\né x");
        assert_eq!(file.line_col(0), (1, 1));
        assert_eq!(file.line_col(3), (2, 1));
        // `x` is after a two-byte character and a space.
        assert_eq!(file.line_col(6), (2, 3));
    }

    #[test]
    fn slice_out_of_bounds_is_empty() {
        let file = SourceFile::new("t.sfl", "abc");
        assert_eq!(file.slice(Span::new(1, 3)), "bc");
        assert_eq!(file.slice(Span::new(2, 9)), "");
    }
}

//! Source files and byte spans.
//!
//! Every AST node carries a [`Span`] of byte offsets into its [`SourceFile`].
//! Line and column numbers are worked out only when a diagnostic is rendered,
//! so spans stay small and `Copy`. A `SourceFile` indexes its line starts once
//! when it is made, so turning an offset into a line is a binary search and
//! rendering N diagnostics costs O(N log N), not O(N × file size).

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

/// One SFL source file: the name shown in diagnostics, its text and where
/// its lines start.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user wrote it (or a display name such as `<stdin>`).
    pub name: String,
    /// The whole text of the file. Make a new `SourceFile` rather than
    /// replacing it: the line index below is built from it once.
    pub text: Arc<str>,
    /// Byte offset of the first byte of every line, in order; always starts
    /// with 0. Lines end at `\n` (a `\r` before it belongs to the line).
    line_starts: Arc<[usize]>,
    /// Whether the text is all ASCII, so a column is a byte difference and
    /// needs no counting (many diagnostics on one long line stay linear).
    ascii: bool,
}

impl SourceFile {
    /// A source file from a display name and its text.
    pub fn new(name: impl Into<String>, text: impl Into<Arc<str>>) -> SourceFile {
        let text: Arc<str> = text.into();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let ascii = text.is_ascii();
        SourceFile {
            name: name.into(),
            text,
            line_starts,
            ascii,
        }
    }

    /// The text a span covers, or `""` when the span is out of bounds or not
    /// on character boundaries.
    pub fn slice(&self, span: Span) -> &str {
        self.text
            .get(span.start_usize()..span.end_usize())
            .unwrap_or("")
    }

    /// How many lines the file has (an empty file has one, empty line; a
    /// final `\n` starts one more, empty line).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The zero-based line that holds byte `offset` (offsets past the end
    /// count as the last line).
    pub fn line_index(&self, offset: usize) -> usize {
        // The number of line starts at or before `offset`, minus one; the
        // first start is 0, so the count is at least one.
        self.line_starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1)
    }

    /// The byte offset where zero-based line `line` starts (the end of the
    /// file for lines past the last).
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len())
    }

    /// One-based line and column of a byte offset. The column counts
    /// characters (Unicode scalar values), not bytes or display cells: `é`
    /// is one column, a tab is one column. An offset inside a character
    /// counts as that character; offsets past the end as the end.
    pub fn line_col(&self, offset: u32) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset as usize);
        let line = self.line_index(offset);
        let start = self.line_start(line).min(offset);
        let col = if self.ascii {
            offset - start + 1
        } else {
            self.text.get(start..offset).unwrap_or("").chars().count() + 1
        };
        (line + 1, col)
    }

    /// The file as a miette source, for rendering.
    pub fn to_named_source(&self) -> miette::NamedSource<Arc<str>> {
        miette::NamedSource::new(&self.name, Arc::clone(&self.text))
    }
}

/// The largest character boundary of `text` at or before `offset` (the end
/// of `text` for offsets past it).
pub(crate) fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
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
    fn line_col_agrees_with_a_scan_from_the_start() {
        // Non-ASCII text counts characters; ASCII text takes a shortcut.
        for text in ["a\n\nbé\r\nc\n", "a\n\nbe\r\nc\n"] {
            let file = SourceFile::new("t.sfl", text);
            for offset in 0..=text.len() + 2 {
                let boundary = floor_char_boundary(text, offset);
                let before = text.get(..boundary).unwrap_or_default();
                let line = before.matches('\n').count() + 1;
                let line_start = before.rfind('\n').map_or(0, |i| i + 1);
                let col = before.get(line_start..).unwrap_or_default().chars().count() + 1;
                assert_eq!(file.line_col(offset as u32), (line, col), "offset {offset}");
            }
        }
        let text = "a\n\nbé\r\nc\n";
        let file = SourceFile::new("t.sfl", text);
        assert_eq!(file.line_count(), 5);
        assert_eq!(file.line_index(0), 0);
        assert_eq!(file.line_index(2), 1);
        assert_eq!(file.line_index(100), 4);
        assert_eq!(file.line_start(4), text.len());
        assert_eq!(file.line_start(9), text.len());
    }

    #[test]
    fn empty_file_has_one_line() {
        let file = SourceFile::new("t.sfl", "");
        assert_eq!(file.line_count(), 1);
        assert_eq!(file.line_col(0), (1, 1));
        assert_eq!(file.line_col(5), (1, 1));
    }

    #[test]
    fn slice_out_of_bounds_is_empty() {
        let file = SourceFile::new("t.sfl", "abc");
        assert_eq!(file.slice(Span::new(1, 3)), "bc");
        assert_eq!(file.slice(Span::new(2, 9)), "");
    }
}

//! The part of a source file that one diagnostic shows.
//!
//! miette's graphical renderer reads a `SourceCode` from its start on every
//! span lookup and formats underlines with `{:width$}`, whose width must fit
//! in a `u16`. Handing it the whole file makes rendering N diagnostics
//! O(N × file size) and panics on a line longer than 65,535 columns. So each
//! diagnostic gets an [`Excerpt`] instead: only the lines around its labels,
//! with very long lines clipped to a few dozen characters around each label
//! end (the cut parts shown as `…`). Line numbers and the header's column
//! still refer to the whole file. Labels far apart (a duplicate and the
//! first definition thousands of lines up) get separate segments, so the
//! lines between them are neither copied nor scanned.

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use crate::source::{SourceFile, Span, floor_char_boundary};

/// Lines of context miette shows above and below a label; the excerpt keeps
/// one more on each side so miette's own line scan ends exactly where it
/// would in the whole file.
pub(super) const CONTEXT_LINES: usize = 1;

/// Lines up to this many characters are shown whole.
const LONG_LINE_CHARS: usize = 500;

/// Characters kept on each side of a label end on a clipped line.
const CLIP_MARGIN_CHARS: usize = 40;

/// Characters kept at the start of a clipped line with no label end on it.
const UNLABELLED_KEEP_CHARS: usize = 80;

/// Labels whose context lines are at most this many lines apart share one
/// segment, as miette would show them in one box; further apart, each gets
/// its own segment and box. Above the length of any UI test, so their
/// rendering is exactly miette's.
const MAX_SHARED_GAP_LINES: usize = 300;

/// What stands for the characters cut out of a long line.
const ELLIPSIS: &str = "…";

/// The most characters an excerpt line may have: miette pads to visual
/// columns (a tab or a wide character counts up to four) with `{:width$}`,
/// which panics above `u16::MAX`. Beyond this the diagnostic is rendered in
/// the short format instead.
pub(super) const MAX_RENDERED_LINE_CHARS: usize = (u16::MAX as usize) / 4 - 1;

/// A run of excerpt text copied from the file.
#[derive(Debug, Clone, Copy)]
struct Piece {
    file_start: usize,
    file_end: usize,
    excerpt_start: usize,
}

/// A run of consecutive file lines in the excerpt; miette looks up spans
/// within one segment only.
#[derive(Debug, Clone, Copy)]
struct Segment {
    /// Where it starts and ends in the excerpt text.
    excerpt_start: usize,
    excerpt_end: usize,
    /// The zero-based file line of its first line.
    first_line: usize,
}

/// A few lines of a file, possibly clipped, that miette renders in place of
/// the whole file. Labels must be moved into its coordinates with
/// [`Excerpt::map_span`].
#[derive(Debug)]
pub(super) struct Excerpt<'f> {
    file: &'f SourceFile,
    /// The excerpt text: whole lines of the file, long ones clipped.
    text: String,
    /// The runs of lines in `text`, in order.
    segments: Vec<Segment>,
    /// Where each copied run of file text sits in `text`, in order.
    pieces: Vec<Piece>,
    /// The longest excerpt line, in characters.
    widest_line_chars: usize,
}

impl<'f> Excerpt<'f> {
    /// The lines of `file` that labels at `spans` need, with context.
    pub(super) fn around(file: &'f SourceFile, spans: &[Span]) -> Excerpt<'f> {
        let text: &str = &file.text;
        let points: Vec<usize> = spans
            .iter()
            .flat_map(|span| [span.start_usize(), span.end_usize()])
            .map(|offset| floor_char_boundary(text, offset))
            .collect();
        let mut excerpt = Excerpt {
            file,
            text: String::new(),
            segments: Vec::new(),
            pieces: Vec::new(),
            widest_line_chars: 0,
        };
        for (first_line, last_line) in line_groups(file, spans) {
            let excerpt_start = excerpt.text.len();
            for line in first_line..=last_line {
                excerpt.push_line(line, &points);
            }
            excerpt.segments.push(Segment {
                excerpt_start,
                excerpt_end: excerpt.text.len(),
                first_line,
            });
        }
        excerpt
    }

    /// Appends one file line (with its line break), clipped if long.
    fn push_line(&mut self, line: usize, points: &[usize]) {
        let text: &str = &self.file.text;
        let start = self.file.line_start(line);
        let end = self.file.line_start(line + 1);
        let body = text.get(start..end).unwrap_or("");
        let content_len = body.trim_end_matches('\n').trim_end_matches('\r').len();
        let content_end = start + content_len;
        let content = body.get(..content_len).unwrap_or("");
        // Counting stops after the limit: a diagnostic on a line of a
        // million characters must not count them all.
        let is_long = content.chars().nth(LONG_LINE_CHARS).is_some();
        let line_start_in_excerpt = self.text.len();
        if !is_long {
            self.copy(start, content_end);
        } else {
            let on_line: Vec<usize> = points
                .iter()
                .copied()
                .filter(|&p| start <= p && p <= content_end)
                .collect();
            for (keep_start, keep_end) in kept_ranges(text, start, content_end, &on_line) {
                if keep_start > self.last_copied_end(start) {
                    self.text.push_str(ELLIPSIS);
                }
                self.copy(keep_start, keep_end);
            }
            if self.last_copied_end(start) < content_end {
                self.text.push_str(ELLIPSIS);
            }
        }
        let shown = self.text.get(line_start_in_excerpt..).unwrap_or("");
        self.widest_line_chars = self.widest_line_chars.max(shown.chars().count());
        self.copy(content_end, end);
    }

    /// Where the last copied piece ends in the file, or `line_start` when
    /// nothing of this line was copied yet.
    fn last_copied_end(&self, line_start: usize) -> usize {
        self.pieces
            .last()
            .map_or(line_start, |p| p.file_end.max(line_start))
    }

    /// Copies file bytes `start..end` to the excerpt. A lone `\r` becomes a
    /// space (same length, so offsets still map): miette counts it as a line
    /// break when it looks up lines and as text when it prints them, and a
    /// terminal would jump back to the line start on it.
    fn copy(&mut self, start: usize, end: usize) {
        let part = self.file.text.get(start..end).unwrap_or("");
        self.pieces.push(Piece {
            file_start: start,
            file_end: end,
            excerpt_start: self.text.len(),
        });
        let mut chars = part.chars().peekable();
        while let Some(c) = chars.next() {
            let lone_cr = c == '\r' && chars.peek() != Some(&'\n');
            self.text.push(if lone_cr { ' ' } else { c });
        }
    }

    /// Whether miette can draw this excerpt without overflowing its
    /// formatting widths.
    pub(super) fn fits_renderer(&self) -> bool {
        self.widest_line_chars <= MAX_RENDERED_LINE_CHARS
    }

    /// A file span in excerpt coordinates. Both ends are label ends, which
    /// are always kept; anything else maps to the nearest kept place.
    pub(super) fn map_span(&self, span: Span) -> SourceSpan {
        let start = self.to_excerpt(span.start_usize());
        let end = self.to_excerpt(span.end_usize()).max(start);
        SourceSpan::new(start.into(), end - start)
    }

    fn to_excerpt(&self, offset: usize) -> usize {
        let offset = floor_char_boundary(&self.file.text, offset);
        // The first piece that ends at or after `offset`.
        let index = self.pieces.partition_point(|p| p.file_end < offset);
        match self.pieces.get(index) {
            Some(p) => p.excerpt_start + offset.saturating_sub(p.file_start),
            None => self.text.len(),
        }
    }

    fn to_file(&self, excerpt_offset: usize) -> usize {
        let index = self
            .pieces
            .partition_point(|p| p.excerpt_start <= excerpt_offset)
            .saturating_sub(1);
        self.pieces.get(index).map_or(0, |p| {
            let within = excerpt_offset.saturating_sub(p.excerpt_start);
            (p.file_start + within).min(p.file_end)
        })
    }
}

/// The line ranges (first, last; zero-based, inclusive) to show for labels
/// at `spans`: each label's lines with context, merged where they overlap
/// or lie at most `MAX_SHARED_GAP_LINES` apart.
fn line_groups(file: &SourceFile, spans: &[Span]) -> Vec<(usize, usize)> {
    let margin = CONTEXT_LINES + 1;
    let last_line = file.line_count() - 1;
    let mut ranges: Vec<(usize, usize)> = spans
        .iter()
        .map(|span| {
            let first = file.line_index(span.start_usize()).saturating_sub(margin);
            let last = (file.line_index(span.end_usize()) + margin).min(last_line);
            (first, last)
        })
        .collect();
    ranges.sort_unstable();
    let mut groups: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (first, last) in ranges {
        match groups.last_mut() {
            Some(group) if first <= group.1 + MAX_SHARED_GAP_LINES => group.1 = group.1.max(last),
            _ => groups.push((first, last)),
        }
    }
    groups
}

/// The byte ranges of a long line (`start..content_end`) to keep: a margin
/// of characters around each point on it, merged where they overlap, or the
/// line's beginning when no point is on it.
fn kept_ranges(
    text: &str,
    start: usize,
    content_end: usize,
    points: &[usize],
) -> Vec<(usize, usize)> {
    let line = text.get(start..content_end).unwrap_or("");
    if points.is_empty() {
        return vec![(start, start + chars_forward(line, 0, UNLABELLED_KEEP_CHARS))];
    }
    let mut ranges: Vec<(usize, usize)> = points
        .iter()
        .map(|&p| {
            let at = p - start;
            let from = chars_back(line, at, CLIP_MARGIN_CHARS);
            let to = chars_forward(line, at, CLIP_MARGIN_CHARS);
            (start + from, start + to)
        })
        .collect();
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (from, to) in ranges {
        match merged.last_mut() {
            Some(last) if from <= last.1 => last.1 = last.1.max(to),
            _ => merged.push((from, to)),
        }
    }
    merged
}

/// The byte offset `count` characters before `at` in `line` (or 0).
fn chars_back(line: &str, at: usize, count: usize) -> usize {
    let before = line.get(..at).unwrap_or("");
    before
        .char_indices()
        .rev()
        .nth(count.saturating_sub(1))
        .map_or(0, |(i, _)| i)
}

/// The byte offset `count` characters after `at` in `line` (or its end).
fn chars_forward(line: &str, at: usize, count: usize) -> usize {
    let after = line.get(at..).unwrap_or("");
    after
        .char_indices()
        .nth(count)
        .map_or(line.len(), |(i, _)| at + i)
}

impl SourceCode for Excerpt<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        // The segment that holds the whole span; a span across segments
        // (miette trying to merge two far-apart labels into one box) is
        // refused, and miette then draws them in separate boxes.
        let end = span.offset() + span.len();
        let segment = self
            .segments
            .iter()
            .find(|s| s.excerpt_start <= span.offset() && end <= s.excerpt_end)
            .ok_or(MietteError::OutOfBounds)?;
        let text = self
            .text
            .get(segment.excerpt_start..segment.excerpt_end)
            .ok_or(MietteError::OutOfBounds)?;
        let within = SourceSpan::new((span.offset() - segment.excerpt_start).into(), span.len());
        let inner = text.read_span(&within, context_lines_before, context_lines_after)?;
        let inner_span = SourceSpan::new(
            (inner.span().offset() + segment.excerpt_start).into(),
            inner.span().len(),
        );
        // miette only reads a column for the header (`file:line:col`), from
        // a lookup without context lines; give it the file's column, in
        // characters like every other format, not the excerpt's in bytes.
        let column = if context_lines_before == 0 {
            let (_, column) = self.file.line_col(offset_u32(self.to_file(span.offset())));
            column - 1
        } else {
            inner.column()
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.file.name.clone(),
            inner.data(),
            inner_span,
            inner.line() + segment.first_line,
            column,
            inner.line_count() + segment.first_line,
        )))
    }
}

fn offset_u32(offset: usize) -> u32 {
    u32::try_from(offset).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn excerpt_text(file: &SourceFile, spans: &[Span]) -> String {
        Excerpt::around(file, spans).text
    }

    #[test]
    fn short_lines_are_copied_whole_with_context() {
        let text = "l1\nl2\nl3\nl4 x\nl5\nl6\nl7\n";
        let file = SourceFile::new("t.sfl", text);
        let at_x = text.find('x').unwrap_or(0);
        let excerpt = Excerpt::around(&file, &[Span::new(at_x, at_x + 1)]);
        assert_eq!(excerpt.text, "l2\nl3\nl4 x\nl5\nl6\n");
        assert_eq!(excerpt.segments.first().map(|s| s.first_line), Some(1));
        let mapped = excerpt.map_span(Span::new(at_x, at_x + 1));
        assert_eq!(
            excerpt.text.get(mapped.offset()..mapped.offset() + 1),
            Some("x")
        );
    }

    #[test]
    fn long_lines_are_clipped_around_label_ends() {
        let text = format!("a\n{}X{}\nb\n", "p".repeat(10_000), "q".repeat(10_000));
        let file = SourceFile::new("t.sfl", text.as_str());
        let at_x = text.find('X').unwrap_or(0);
        let excerpt = Excerpt::around(&file, &[Span::new(at_x, at_x + 1)]);
        let expected = format!(
            "a\n{ELLIPSIS}{}X{}{ELLIPSIS}\nb\n",
            "p".repeat(CLIP_MARGIN_CHARS),
            "q".repeat(CLIP_MARGIN_CHARS)
        );
        assert_eq!(excerpt.text, expected);
        let mapped = excerpt.map_span(Span::new(at_x, at_x + 1));
        assert_eq!(
            excerpt.text.get(mapped.offset()..mapped.offset() + 1),
            Some("X")
        );
        assert_eq!(excerpt.to_file(mapped.offset()), at_x);
        assert!(excerpt.fits_renderer());
    }

    #[test]
    fn unlabelled_long_context_lines_keep_their_start() {
        let text = format!("{}\nX\n", "é".repeat(1_000));
        let file = SourceFile::new("t.sfl", text.as_str());
        let at_x = text.find('X').unwrap_or(0);
        let shown = excerpt_text(&file, &[Span::new(at_x, at_x + 1)]);
        assert_eq!(
            shown,
            format!("{}{ELLIPSIS}\nX\n", "é".repeat(UNLABELLED_KEEP_CHARS))
        );
    }

    #[test]
    fn far_apart_labels_get_separate_segments() {
        let text = format!("a\n{}b\n", "\n".repeat(1_000));
        let file = SourceFile::new("t.sfl", text.as_str());
        let excerpt = Excerpt::around(&file, &[Span::new(0, 1), Span::new(1_002, 1_003)]);
        let firsts: Vec<usize> = excerpt.segments.iter().map(|s| s.first_line).collect();
        assert_eq!(firsts, vec![0, 999]);
        assert!(excerpt.text.len() < 20, "{:?}", excerpt.text);
        // A lookup across the two segments is refused.
        assert!(
            excerpt
                .read_span(&SourceSpan::new(0.into(), 8), 1, 1)
                .is_err()
        );
        let near = Excerpt::around(&file, &[Span::new(0, 1), Span::new(5, 6)]);
        assert_eq!(near.segments.len(), 1);
    }

    #[test]
    fn lone_carriage_returns_become_spaces() {
        let file = SourceFile::new("t.sfl", "a\rb\r\nc");
        assert_eq!(excerpt_text(&file, &[Span::new(0, 1)]), "a b\r\nc");
    }
}

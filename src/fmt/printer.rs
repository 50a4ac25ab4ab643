//! The output buffer of the formatter: indentation, line breaks, blank
//! lines, and the plain comments waiting to be written.
//!
//! Comments are not nodes of the tree, so the layout code never places
//! them itself. Before each node that starts a line (an item, a statement,
//! a clause, an option, an entry of a broken list) and before each closing
//! brace, it asks the printer to [`flush`](Printer::flush) every comment
//! that starts earlier in the source. A comment that followed code on its
//! source line goes back to the end of the line just written; one that had
//! a line of its own gets a line of its own. Comments therefore only ever
//! end lines, so they can never swallow code, and each stays next to the
//! code it was written beside.

use crate::source::Span;
use crate::syntax::ast::Comment;

/// Spaces per indentation level.
const INDENT: usize = 4;

/// The column a one-line layout may reach; past it, a sequence or block
/// the source wrote on one line is broken over several.
pub(super) const MAX_WIDTH: usize = 100;

/// What [`Printer::checkpoint`] saves.
pub(super) struct Checkpoint {
    len: usize,
    depth: usize,
    next_comment: usize,
    line_has_comment: bool,
    last_anchor_line: Option<usize>,
}

/// The formatted text being built, and the comments not yet written.
pub(super) struct Printer<'s> {
    /// The original source text (leaf tokens are copied from it).
    pub(super) src: &'s str,
    out: String,
    depth: usize,
    comments: Vec<Comment>,
    next_comment: usize,
    /// Whether the line being written (or the last one ended) already
    /// holds a comment, so a second trailing comment gets its own line
    /// instead of becoming part of the first one's text.
    line_has_comment: bool,
    /// The source line of the last node that started an output line, so
    /// two nodes written on one source line never get a blank line between
    /// them.
    last_anchor_line: Option<usize>,
    /// Offsets of the source's line breaks, to find a line quickly.
    line_breaks: Vec<usize>,
    /// Set while a one-line layout is being tried: nested sequences then
    /// stay on one line instead of trying both layouts themselves, which
    /// keeps the work linear in the nesting depth.
    pub(super) trying_one_line: bool,
}

impl<'s> Printer<'s> {
    pub(super) fn new(src: &'s str, comments: Vec<Comment>) -> Printer<'s> {
        Printer {
            src,
            out: String::with_capacity(src.len() + src.len() / 8),
            depth: 0,
            comments,
            next_comment: 0,
            line_has_comment: false,
            last_anchor_line: None,
            line_breaks: src.match_indices('\n').map(|(at, _)| at).collect(),
            trying_one_line: false,
        }
    }

    /// The finished text: one line break at the end, none doubled there.
    pub(super) fn finish(mut self) -> String {
        self.flush(u32::MAX);
        let trimmed = self.out.trim_end().len();
        self.out.truncate(trimmed);
        if !self.out.is_empty() {
            self.out.push('\n');
        }
        self.out
    }

    /// The source text of a span (empty if the span is out of range, which
    /// the tree-equality check after printing would then catch).
    pub(super) fn slice(&self, span: Span) -> &'s str {
        self.src
            .get(span.start_usize()..span.end_usize())
            .unwrap_or("")
    }

    /// Appends text to the current line, indenting it if the line is new.
    pub(super) fn text(&mut self, text: &str) {
        if self.at_line_start() && !text.is_empty() {
            for _ in 0..self.depth * INDENT {
                self.out.push(' ');
            }
        }
        self.out.push_str(text);
    }

    /// Appends a token copied from the source, dropping the plain comments
    /// it contains from the queue (it already carries them).
    pub(super) fn verbatim(&mut self, span: Span) {
        let text = self.slice(span);
        self.text(text);
        self.skip_comments_within(span);
    }

    /// Ends the current line.
    pub(super) fn newline(&mut self) {
        let trimmed = self.out.trim_end_matches([' ', '\t']).len();
        self.out.truncate(trimmed);
        self.out.push('\n');
        self.line_has_comment = false;
    }

    /// Writes one line of a doc comment as given, trailing blanks
    /// included: they are part of the doc text the compiler emits.
    pub(super) fn doc_line(&mut self, line: &str) {
        self.text(line);
        self.out.push('\n');
        // A plain comment put after it would become part of the doc text.
        self.line_has_comment = true;
    }

    pub(super) fn indent(&mut self) {
        self.depth += 1;
    }

    pub(super) fn dedent(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    fn at_line_start(&self) -> bool {
        self.out.is_empty() || self.out.ends_with('\n')
    }

    /// Whether the last line written opens a block (ends with `{`, `[`
    /// or `(`), where no blank line may follow.
    fn after_opening(&self) -> bool {
        let text = self.out.trim_end();
        text.is_empty() || text.ends_with(['{', '[', '('])
    }

    /// Writes one blank line unless the output already ends with one or
    /// is at the start of a block or of the file.
    pub(super) fn blank_line(&mut self) {
        if !self.at_line_start() {
            self.newline();
        }
        if self.after_opening() || self.out.ends_with("\n\n") {
            return;
        }
        self.out.push('\n');
    }

    /// Called before a node that starts an output line at source offset
    /// `pos`: writes the comments before it, then a blank line if the
    /// source had one right before the node.
    pub(super) fn anchor(&mut self, pos: u32) {
        self.flush(pos);
        if self.blank_line_before(pos) {
            self.blank_line();
        }
        self.last_anchor_line = Some(self.line_of(pos));
    }

    /// Writes the queued comments before `pos` that end a line of code, so
    /// a blank line written next comes after them.
    pub(super) fn flush_trailing(&mut self, pos: u32) {
        while let Some(comment) = self.comments.get(self.next_comment) {
            // One that cannot trail (the line has a comment already) is
            // left to go above the next node, as it will on the next run.
            if comment.span.start >= pos
                || !self.trails_code(comment.span.start)
                || self.line_has_comment
            {
                break;
            }
            let comment = comment.clone();
            self.next_comment += 1;
            self.comment(&comment);
        }
    }

    /// Remembers the state of the output, to try a layout and take it
    /// back if it does not fit.
    pub(super) fn checkpoint(&self) -> Checkpoint {
        Checkpoint {
            len: self.out.len(),
            depth: self.depth,
            next_comment: self.next_comment,
            line_has_comment: self.line_has_comment,
            last_anchor_line: self.last_anchor_line,
        }
    }

    /// Takes the output back to `checkpoint`.
    pub(super) fn restore(&mut self, checkpoint: &Checkpoint) {
        self.out.truncate(checkpoint.len);
        self.depth = checkpoint.depth;
        self.next_comment = checkpoint.next_comment;
        self.line_has_comment = checkpoint.line_has_comment;
        self.last_anchor_line = checkpoint.last_anchor_line;
    }

    /// Whether anything written since `checkpoint` broke a line.
    pub(super) fn broke_line_since(&self, checkpoint: &Checkpoint) -> bool {
        self.out
            .get(checkpoint.len..)
            .is_none_or(|written| written.contains('\n'))
    }

    /// The widest line touched since `checkpoint`, in characters, counting
    /// the part of the first line written before it.
    pub(super) fn widest_since(&self, checkpoint: &Checkpoint) -> usize {
        let line_start = self
            .out
            .get(..checkpoint.len)
            .and_then(|before| before.rfind('\n'))
            .map_or(0, |at| at + 1);
        let written = self.out.get(line_start..).unwrap_or("");
        written
            .split('\n')
            .map(|line| line.chars().count())
            .max()
            .unwrap_or(0)
    }

    /// Runs `write` as a one-line trial and keeps what it wrote when it
    /// stayed on one line within [`MAX_WIDTH`]; otherwise takes it back and
    /// returns false.
    ///
    /// Inside another trial, `write` just runs: the outer trial's check
    /// covers it, and trying both layouts at every level would double the
    /// work with each level of nesting.
    pub(super) fn one_line(&mut self, write: impl FnOnce(&mut Self)) -> bool {
        if self.trying_one_line {
            write(self);
            return true;
        }
        let checkpoint = self.checkpoint();
        let nested = self.trying_one_line;
        self.trying_one_line = true;
        write(self);
        self.trying_one_line = nested;
        let fits =
            !self.broke_line_since(&checkpoint) && self.widest_since(&checkpoint) <= MAX_WIDTH;
        if !fits {
            self.restore(&checkpoint);
        }
        fits
    }

    /// Whether `write` breaks a line when run here; nothing is kept.
    pub(super) fn would_break(&mut self, write: impl FnOnce(&mut Self)) -> bool {
        let checkpoint = self.checkpoint();
        write(self);
        let broke = self.broke_line_since(&checkpoint);
        self.restore(&checkpoint);
        broke
    }

    /// Writes every queued comment that starts before `pos`.
    pub(super) fn flush(&mut self, pos: u32) {
        while let Some(comment) = self.comments.get(self.next_comment) {
            if comment.span.start >= pos {
                break;
            }
            let comment = comment.clone();
            self.next_comment += 1;
            self.comment(&comment);
        }
    }

    fn comment(&mut self, comment: &Comment) {
        let text = format!("//{}", comment.text.trim_end());
        if !self.at_line_start() {
            self.newline();
        }
        let trails = self.trails_code(comment.span.start);
        if trails && !self.line_has_comment && !self.after_nothing() {
            self.out.pop();
            self.out.push(' ');
            self.out.push_str(&text);
            self.out.push('\n');
        } else {
            if !trails && self.blank_line_before(comment.span.start) {
                self.blank_line();
            }
            self.text(&text);
            self.out.push('\n');
        }
        self.line_has_comment = true;
        self.last_anchor_line = Some(self.line_of(comment.span.start));
    }

    /// Whether nothing has been written yet (a trailing comment needs a
    /// line to trail).
    fn after_nothing(&self) -> bool {
        self.out.trim_end().is_empty()
    }

    pub(super) fn skip_comments_within(&mut self, span: Span) {
        while let Some(comment) = self.comments.get(self.next_comment) {
            if comment.span.start < span.start || comment.span.start >= span.end {
                break;
            }
            self.next_comment += 1;
        }
    }

    /// Whether any queued comment starts inside `span` (such a span is
    /// laid out over several lines so the comment keeps its place).
    pub(super) fn has_comment_within(&self, span: Span) -> bool {
        self.comments
            .iter()
            .skip(self.next_comment)
            .take_while(|c| c.span.start < span.end)
            .any(|c| c.span.start >= span.start)
    }

    /// Whether code precedes `pos` on its source line.
    fn trails_code(&self, pos: u32) -> bool {
        let before = self.src.get(..pos as usize).unwrap_or("");
        let line = before.rsplit('\n').next().unwrap_or("");
        !line.trim().is_empty()
    }

    /// Whether the source has an empty line right before the line of
    /// `pos`, and `pos` is the first node written from its line.
    fn blank_line_before(&self, pos: u32) -> bool {
        let line = self.line_of(pos);
        if self.last_anchor_line == Some(line) {
            return false;
        }
        let before = self.src.get(..pos as usize).unwrap_or("");
        let Some(line_start) = before.rfind('\n') else {
            return false;
        };
        let above = before.get(..line_start).unwrap_or("");
        let previous_line = above.rsplit('\n').next().unwrap_or("x");
        previous_line.trim().is_empty() && !above.trim_end().is_empty()
    }

    /// The 0-based source line of `pos`.
    fn line_of(&self, pos: u32) -> usize {
        self.line_breaks.partition_point(|&at| at < pos as usize)
    }

    /// Whether the source text of `span` runs over more than one line.
    pub(super) fn spans_lines(&self, span: Span) -> bool {
        self.slice(span).contains('\n')
    }
}

//! Stage 1, syntax: the outline of a file that failed to parse, and which
//! part of it to skip so the parser can go on (see `recover.rs`).
//!
//! The outline is one linear pass that records, for every line, its first
//! token ("head") and the innermost bracket open there, and where each
//! bracket closes. It knows strings and comments only well enough to skip
//! the brackets inside them: a string ends at its line, so a mistake there
//! stays on that line.
//!
//! A piece to skip is a statement (the lines from one head to the next head
//! of the same block), or a whole item at the top level: the units a user
//! thinks in, so one typo costs one statement and reports once.

use crate::source::Span;

/// Statement keywords: a line starting with one begins a statement, so an
/// error at its first token means the statement before it was cut short.
const STATEMENT_WORDS: &[&str] = &[
    "let", "set", "if", "match", "while", "parallel", "for", "try", "wait", "fail", "succeed",
    "return", "retry", "emit",
];

/// Item keywords, the valid starts of a line at the top level.
const ITEM_WORDS: &[&str] = &["workflow", "type", "endpoint", "retry", "param"];

/// Words that continue the line before (`} else {`, `} catch … {`, an
/// operator at the start of a wrapped expression): never a head.
const CONTINUATION_WORDS: &[&str] = &[
    "else",
    "catch",
    "and",
    "or",
    "in",
    "as",
    "not",
    "concurrency",
];

/// The first token of a line.
#[derive(Debug, Clone, Copy)]
struct Head {
    /// Offset of its first byte.
    at: usize,
    /// The innermost bracket open there (an index into `frames`), if any.
    frame: Option<usize>,
    /// Whether the line is a doc comment (`///`).
    doc: bool,
}

/// One pair of brackets.
#[derive(Debug, Clone, Copy)]
struct Frame {
    /// Offset of the opening bracket.
    open: usize,
    /// The opening byte: `(`, `[` or `{`.
    kind: u8,
    /// Offset of the closing bracket; `None` when it is never closed.
    close: Option<usize>,
    /// The frame around this one.
    parent: Option<usize>,
}

/// Every head and every bracket pair, in source order.
struct Outline {
    heads: Vec<Head>,
    frames: Vec<Frame>,
    /// Whether a `}` closed no `{`.
    stray_brace: bool,
}

/// Whether every `{` of `text` is closed and every `}` closes one. Only
/// then do the braces show where statements and items end; when one is
/// missing, every piece after it would be misplaced, so recovery stops at
/// the first error.
pub fn braces_balance(text: &str) -> bool {
    let outline = Outline::of(text);
    !outline.stray_brace
        && outline
            .frames
            .iter()
            .all(|frame| frame.kind != b'{' || frame.close.is_some())
}

/// The piece of `text` to blank out after a syntax error at `pos`, or
/// `None` when no piece can be skipped with profit: the file ended, or an
/// item keyword begins a line inside a block (a `}` is missing, and every
/// statement after would be a follow-on error).
pub fn piece_to_skip(text: &str, pos: usize) -> Option<Span> {
    let token = pos + blank_len(text.get(pos..).unwrap_or(""));
    if token >= text.len() {
        return None;
    }
    let outline = Outline::of(text);
    let (frame, heads, index) = outline.heads_around(token)?;
    let head = heads.get(index)?;
    if frame.is_some() && ITEM_WORDS.contains(&word_at(text, head.at)) && column(text, head.at) == 0
    {
        return None;
    }
    // An error at the first token of a line that validly starts one: the
    // piece before was cut short (`let x =` and then `wait 1s`).
    let blames_previous = head.at == token && valid_start_at(text, &heads, index, frame);
    let last = if blames_previous && index > 0 {
        index - 1
    } else {
        index
    };
    let first = first_of_piece(text, &heads, last, frame);
    let start = heads.get(first)?.at;
    let end = match heads.get(last + 1) {
        Some(next) => next.at,
        None => frame
            .and_then(|f| outline.frames.get(f))
            .and_then(|f| f.close)
            .unwrap_or(text.len()),
    };
    let piece = text.get(start..end)?;
    (!piece.trim().is_empty()).then(|| Span::new(start, end))
}

/// The first head of the piece that ends with head `last`: earlier lines
/// left hanging (`on Http.5xx,` then the line the error is on) were
/// continued by it, and doc comments go with what they document.
fn first_of_piece(text: &str, heads: &[Head], last: usize, frame: Option<usize>) -> usize {
    let mut first = last;
    while first > 0 && !valid_start_at(text, heads, first, frame) && hangs(text, heads, first - 1) {
        first -= 1;
    }
    let docs_before = heads.get(..first).map_or(0, |before| {
        before.iter().rev().take_while(|h| h.doc).count()
    });
    first - docs_before
}

/// Whether the head at `index` validly starts a statement (in a block) or
/// an item (at the top level).
fn valid_start_at(text: &str, heads: &[Head], index: usize, frame: Option<usize>) -> bool {
    let Some(head) = heads.get(index) else {
        return false;
    };
    let word = word_at(text, head.at);
    if frame.is_some() {
        STATEMENT_WORDS.contains(&word) || is_method(word)
    } else {
        ITEM_WORDS.contains(&word)
    }
}

/// Whether the piece at `index` ends in a way that needs more (a comma, an
/// operator, `=`), so the next line was meant to continue it.
fn hangs(text: &str, heads: &[Head], index: usize) -> bool {
    let (Some(head), Some(next)) = (heads.get(index), heads.get(index + 1)) else {
        return false;
    };
    let piece = text.get(head.at..next.at).unwrap_or("");
    let last_line = piece.trim_end().lines().last().unwrap_or("");
    let code = last_line.split("//").next().unwrap_or("").trim_end();
    code.ends_with([
        ',', '+', '-', '*', '/', '%', '=', '<', '>', '(', '[', '|', '&', '?',
    ])
}

impl Outline {
    fn of(text: &str) -> Outline {
        let bytes = text.as_bytes();
        let mut outline = Outline {
            heads: Vec::new(),
            frames: Vec::new(),
            stray_brace: false,
        };
        let mut open: Option<usize> = None;
        let mut line_start = true;
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            if line_start && b != b' ' && b != b'\t' {
                line_start = false;
                outline.note_head(text, i, open);
            }
            match b {
                b'\n' | b'\r' => line_start = true,
                b'/' if bytes.get(i + 1) == Some(&b'/') => {
                    i = line_end(bytes, i);
                    continue;
                }
                b'"' | b'\'' => {
                    i = string_end(bytes, i);
                    continue;
                }
                b'(' | b'[' | b'{' => {
                    outline.frames.push(Frame {
                        open: i,
                        kind: b,
                        close: None,
                        parent: open,
                    });
                    open = Some(outline.frames.len() - 1);
                }
                b')' | b']' | b'}' => open = outline.close(open, b, i),
                _ => {}
            }
            i += 1;
        }
        outline
    }

    /// Closes the innermost open frame that `closer` matches, and every
    /// frame inside it left open; a closer that matches none is stray and
    /// closes nothing. Returns the frame open after it.
    fn close(&mut self, open: Option<usize>, closer: u8, at: usize) -> Option<usize> {
        let opener = match closer {
            b')' => b'(',
            b']' => b'[',
            _ => b'{',
        };
        let mut frame = open;
        while let Some(f) = frame.and_then(|f| self.frames.get(f).map(|x| (f, *x))) {
            if f.1.kind == opener {
                let mut inner = open;
                while let Some(i) = inner {
                    let Some(x) = self.frames.get_mut(i) else {
                        break;
                    };
                    x.close = Some(at);
                    if i == f.0 {
                        break;
                    }
                    inner = x.parent;
                }
                return f.1.parent;
            }
            frame = f.1.parent;
        }
        self.stray_brace |= closer == b'}';
        open
    }

    fn note_head(&mut self, text: &str, at: usize, frame: Option<usize>) {
        let rest = text.get(at..).unwrap_or("");
        let doc = rest.starts_with("///") && !rest.starts_with("////");
        let comment = rest.starts_with("//") && !doc;
        let punctuation =
            rest.starts_with(|c: char| !(c.is_alphanumeric() || "_\"'/-".contains(c)));
        let continues = punctuation || CONTINUATION_WORDS.contains(&word_at(text, at));
        if rest.starts_with(['\n', '\r']) || comment || continues {
            return;
        }
        self.heads.push(Head { at, frame, doc });
    }

    /// The block (or top level) of an error at `token`, its heads, and the
    /// index of the last head at or before the error. When no line of the
    /// block starts before the error (`retry r { on`), the block's own
    /// statement or item in the block around it.
    fn heads_around(&self, token: usize) -> Option<(Option<usize>, Vec<Head>, usize)> {
        let mut frame = self.brace_frame_at(token);
        let mut before = token;
        loop {
            let heads: Vec<Head> = self
                .heads
                .iter()
                .filter(|head| head.frame == frame)
                .copied()
                .collect();
            if let Some(index) = heads.iter().rposition(|head| head.at <= before) {
                return Some((frame, heads, index));
            }
            let open = frame.and_then(|f| self.frames.get(f))?;
            before = open.open;
            frame = self.brace_frame_of(open.parent);
        }
    }

    /// The innermost `{` open at `pos`, as an index into `frames`: an error
    /// inside a parenthesis or a list belongs to the statement around it.
    fn brace_frame_at(&self, pos: usize) -> Option<usize> {
        // Frames are in order of their opening bracket, and nest: the last
        // one holding `pos` is the innermost.
        let innermost = self
            .frames
            .iter()
            .rposition(|f| f.open < pos && f.close.is_none_or(|close| pos <= close));
        self.brace_frame_of(innermost)
    }

    /// `frame` or the nearest frame around it that is a `{`.
    fn brace_frame_of(&self, mut frame: Option<usize>) -> Option<usize> {
        while let Some(f) = frame.and_then(|f| self.frames.get(f).map(|x| (f, x))) {
            if f.1.kind == b'{' {
                return Some(f.0);
            }
            frame = f.1.parent;
        }
        None
    }
}

fn blank_len(rest: &str) -> usize {
    rest.len() - rest.trim_start().len()
}

fn word_at(text: &str, at: usize) -> &str {
    let rest = text.get(at..).unwrap_or("");
    let len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    rest.get(..len).unwrap_or("")
}

fn is_method(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_uppercase())
        || matches!(
            word,
            "get" | "post" | "put" | "delete" | "patch" | "options" | "head"
        )
}

fn column(text: &str, at: usize) -> usize {
    let before = text.get(..at).unwrap_or("");
    at - before.rfind(['\n', '\r']).map_or(0, |i| i + 1)
}

fn line_end(bytes: &[u8], from: usize) -> usize {
    let mut end = from;
    while let Some(&b) = bytes.get(end) {
        if b == b'\n' || b == b'\r' {
            break;
        }
        end += 1;
    }
    end
}

/// The offset after the string opened at `from` (its closing quote, or the
/// end of its line).
fn string_end(bytes: &[u8], from: usize) -> usize {
    let quote = bytes.get(from).copied().unwrap_or(b'"');
    let mut i = from + 1;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\n' | b'\r' => return i,
            b'\\' if quote == b'"' => i += 1,
            _ if b == quote => return i + 1,
            _ => {}
        }
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    #![expect(clippy::unwrap_used, reason = "test code")]
    use super::*;

    /// The text of the piece skipped for an error at the first `^` of `at`.
    fn skipped<'t>(text: &'t str, at: &str) -> Option<&'t str> {
        let pos = text.find(at).unwrap();
        piece_to_skip(text, pos).map(|span| text.get(span.start_usize()..span.end_usize()).unwrap())
    }

    #[test]
    fn skips_the_statement_holding_the_error() {
        let text = "workflow w() {\n    let a = 1\n    set b = = 2\n    wait 1s\n}\n";
        assert_eq!(skipped(text, "= 2"), Some("set b = = 2\n    "));
    }

    #[test]
    fn an_error_at_a_statement_keyword_blames_the_statement_before() {
        let text = "workflow w() {\n    let a = 1 +\n    wait 1s\n}\n";
        assert_eq!(skipped(text, "wait"), Some("let a = 1 +\n    "));
    }

    #[test]
    fn a_statement_keeps_its_nested_blocks() {
        let text = "workflow w() {\n    if x > {\n        wait 1s\n    }\n    succeed\n}\n";
        assert_eq!(
            skipped(text, "{\n        wait"),
            Some("if x > {\n        wait 1s\n    }\n    ")
        );
    }

    #[test]
    fn at_the_top_level_the_item_and_its_doc_are_skipped() {
        let text = "/// A type.\ntype T = { a b }\n\nworkflow w() { succeed }\n";
        assert_eq!(
            skipped(text, "b }"),
            Some("/// A type.\ntype T = { a b }\n\n")
        );
    }

    #[test]
    fn a_hanging_comma_takes_the_line_after_with_it() {
        let text = "retry r {\n    on Timeout,\n    attempts 3\n}\n";
        assert_eq!(skipped(text, "3"), Some("on Timeout,\n    attempts 3\n"));
    }

    #[test]
    fn nothing_is_skipped_at_the_end_of_the_file_or_for_a_missing_brace() {
        let cut = "workflow w() {\n    let a =";
        assert_eq!(piece_to_skip(cut, cut.len()), None);
        let text = "workflow w() {\n    if x {\n        wait 1s\n}\n\nendpoint e { }\n";
        assert_eq!(skipped(text, "endpoint"), None);
    }

    #[test]
    fn braces_in_strings_and_comments_do_not_count() {
        assert!(braces_balance("a { \"}\" // }\n }"));
        assert!(!braces_balance("a { \"}\" }\n }"));
        assert!(!braces_balance("a {"));
    }
}

//! Stage 1, syntax: one linear pass over the text before pest runs.
//!
//! Takes the source text; returns the plain `//` comments (for
//! [`ast::File::comments`](super::ast::File)) and the brackets still open at
//! the end of the file (hints for a syntax error), or the first problem that
//! must stop parsing:
//!
//! - nesting deeper than [`MAX_NESTING`]: pest is a recursive-descent parser
//!   and every later stage walks the tree recursively, so a file with
//!   100,000 `[` must be refused before anything recurses;
//! - a string that does not end on its line: pest would otherwise report a
//!   confusing error far away.
//!
//! It agrees with the grammar on what a string and a comment are: `"…"`
//! with `\` escapes and `{…}` interpolations (`{{` is literal), `'…'`
//! without either, `//` to the end of the line outside strings, and `///`
//! (not `////`) is a doc comment, which the grammar keeps.

use super::ast::Comment;
use crate::source::Span;

/// The deepest nesting of brackets, braces, parentheses and string
/// interpolations a file may have; expression trees are held to the same
/// depth. Real flows nest about ten deep. The bound keeps every recursive
/// walk (pest, the tree builder, check, lowering) shallow; the syntax tests
/// parse the costliest statement shapes at this depth on a test thread's
/// 2 MiB stack in an unoptimised build.
pub const MAX_NESTING: usize = 64;

/// What the scan found in a file it accepts.
#[derive(Debug, Default)]
pub struct Scan {
    /// Plain `//` comments in source order.
    pub comments: Vec<Comment>,
    /// Brackets never closed, outermost first (hints for a syntax error).
    pub unclosed: Vec<(char, Span)>,
}

/// Why the scan refuses a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScanProblem {
    /// This bracket, quote or interpolation went deeper than [`MAX_NESTING`].
    TooDeep(Span),
    /// This string (opening quote to the end of its line) is not closed.
    Unterminated {
        /// The string as far as it goes.
        span: Span,
        /// The quote character: `"` or `'`.
        quote: char,
    },
}

/// One level of nesting.
#[derive(Debug, Clone, Copy)]
enum Frame {
    /// `(`, `[` or `{` at this offset.
    Open(u8, usize),
    /// A string opened by this quote.
    Str(u8),
    /// `{` inside a double-quoted string.
    Interp,
}

/// Scans `text` (see the module doc).
pub fn scan(text: &str) -> Result<Scan, ScanProblem> {
    let bytes = text.as_bytes();
    let mut out = Scan::default();
    let mut stack: Vec<Frame> = Vec::new();
    // Offset of the outermost string still open, if any: a line break
    // anywhere inside it (even in an interpolation) ends the file's chance
    // of closing it.
    let mut outer_string: Option<(usize, u8)> = None;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let in_string = matches!(stack.last(), Some(Frame::Str(_)));
        if !in_string && !acts_on(b) {
            // Most of a file is names, words and blanks: skip them in a
            // tight loop instead of going through the matches below.
            i += 1;
            while bytes.get(i).is_some_and(|&next| !acts_on(next)) {
                i += 1;
            }
            continue;
        }
        if let Some(Frame::Str(quote)) = stack.last().copied() {
            match b {
                b'\n' | b'\r' => return Err(unterminated(text, outer_string)),
                b'\\' if quote == b'"' => {
                    // An escape takes the next character whatever it is,
                    // unless that is the line break.
                    match bytes.get(i + 1) {
                        Some(b'\n' | b'\r') | None => {
                            return Err(unterminated(text, outer_string));
                        }
                        // `\u{` must not open an interpolation.
                        Some(b'u') if bytes.get(i + 2) == Some(&b'{') => i += 3,
                        Some(_) => i += 2,
                    }
                    continue;
                }
                _ if b == quote => {
                    stack.pop();
                    if !stack.iter().any(|f| matches!(f, Frame::Str(..))) {
                        outer_string = None;
                    }
                }
                b'{' if quote == b'"' => {
                    if bytes.get(i + 1) == Some(&b'{') {
                        i += 2;
                        continue;
                    }
                    push(&mut stack, Frame::Interp, i)?;
                }
                b'}' if quote == b'"' && bytes.get(i + 1) == Some(&b'}') => {
                    i += 2;
                    continue;
                }
                _ => {}
            }
            i += 1;
            continue;
        }
        match b {
            b'\n' | b'\r' if outer_string.is_some() => {
                return Err(unterminated(text, outer_string));
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                let end = line_end(bytes, i);
                let is_doc = bytes.get(i + 2) == Some(&b'/') && bytes.get(i + 3) != Some(&b'/');
                if !is_doc {
                    out.comments.push(Comment {
                        text: text.get(i + 2..end).unwrap_or("").to_owned(),
                        span: Span::new(i, end),
                    });
                }
                if outer_string.is_some() {
                    // A comment inside an interpolation runs to the end of
                    // the line, so the string cannot be closed.
                    return Err(unterminated(text, outer_string));
                }
                i = end;
                continue;
            }
            b'"' | b'\'' => {
                push(&mut stack, Frame::Str(b), i)?;
                if outer_string.is_none() {
                    outer_string = Some((i, b));
                }
            }
            b'(' | b'[' | b'{' => push(&mut stack, Frame::Open(b, i), i)?,
            b')' | b']' | b'}' => match stack.last() {
                Some(Frame::Interp) if b == b'}' => {
                    stack.pop();
                }
                Some(Frame::Open(open, _)) if closes(*open, b) => {
                    stack.pop();
                }
                // A stray or mismatched closer: pest reports it with the
                // context of what was expected there.
                _ => {}
            },
            _ => {}
        }
        i += 1;
    }
    if outer_string.is_some() {
        return Err(unterminated(text, outer_string));
    }
    out.unclosed = stack
        .iter()
        .filter_map(|frame| match frame {
            Frame::Open(open, at) => Some((char::from(*open), Span::new(*at, at + 1))),
            Frame::Str(_) | Frame::Interp => None,
        })
        .collect();
    Ok(out)
}

/// Whether the scan does anything with this byte outside a string: line
/// breaks, comment slashes, quotes and brackets.
fn acts_on(byte: u8) -> bool {
    matches!(
        byte,
        b'\n' | b'\r' | b'/' | b'"' | b'\'' | b'(' | b'[' | b'{' | b')' | b']' | b'}'
    )
}

fn push(stack: &mut Vec<Frame>, frame: Frame, at: usize) -> Result<(), ScanProblem> {
    if stack.len() >= MAX_NESTING {
        return Err(ScanProblem::TooDeep(Span::new(at, at + 1)));
    }
    stack.push(frame);
    Ok(())
}

fn closes(open: u8, close: u8) -> bool {
    matches!((open, close), (b'(', b')') | (b'[', b']') | (b'{', b'}'))
}

/// The offset of the line break ending the line that contains `from` (or
/// the end of the text).
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

fn unterminated(text: &str, outer: Option<(usize, u8)>) -> ScanProblem {
    let (start, quote) = outer.unwrap_or((0, b'"'));
    ScanProblem::Unterminated {
        span: Span::new(start, line_end(text.as_bytes(), start)),
        quote: char::from(quote),
    }
}

#[cfg(test)]
mod tests {
    #![expect(
        clippy::unwrap_used,
        clippy::indexing_slicing,
        clippy::panic,
        reason = "test code"
    )]
    use super::*;

    fn slice(text: &str, span: Span) -> &str {
        text.get(span.start_usize()..span.end_usize()).unwrap()
    }

    #[test]
    fn collects_plain_comments_but_not_doc_comments() {
        let text = "// one\n/// doc\n//// four\nlet x = \"// not a comment\" // two\n";
        let scan = scan(text).unwrap();
        let texts: Vec<&str> = scan.comments.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, [" one", "// four", " two"]);
        assert_eq!(slice(text, scan.comments[2].span), "// two");
    }

    #[test]
    fn brackets_inside_strings_and_comments_do_not_count() {
        let text = "{ \"(((\" // [[[\n '{{{' \"{{ }}\" }";
        let scan = scan(text).unwrap();
        assert!(scan.unclosed.is_empty());
    }

    #[test]
    fn interpolations_nest_strings() {
        let text = r#"let x = "a {y ?? "b {z}"} c""#;
        assert!(scan(text).unwrap().unclosed.is_empty());
    }

    #[test]
    fn reports_unclosed_brackets_outermost_first() {
        let text = "workflow w() {\n  if x {\n";
        let scan = scan(text).unwrap();
        let open: Vec<(char, &str)> = scan
            .unclosed
            .iter()
            .map(|(c, s)| (*c, slice(text, *s)))
            .collect();
        assert_eq!(open, [('{', "{"), ('{', "{")]);
        assert_eq!(scan.unclosed[1].1.start, 22);
    }

    #[test]
    fn unterminated_string_spans_to_the_end_of_its_line() {
        let text = "fail \"oops\nwait 1s";
        let problem = scan(text).unwrap_err();
        let ScanProblem::Unterminated { span, quote } = problem else {
            panic!("{problem:?}");
        };
        assert_eq!(quote, '"');
        assert_eq!(slice(text, span), "\"oops");
    }

    #[test]
    fn a_line_break_inside_an_interpolation_ends_the_string() {
        let problem = scan("\"a {b\n}\"").unwrap_err();
        assert!(matches!(problem, ScanProblem::Unterminated { .. }));
    }

    #[test]
    fn an_escaped_quote_does_not_end_the_string() {
        assert!(scan(r#""say \"hi\"""#).is_ok());
        assert!(scan(r#""\u{e9}""#).unwrap().unclosed.is_empty());
        assert!(scan("\"ends with backslash\\").is_err());
    }

    #[test]
    fn refuses_nesting_past_the_limit_at_the_bracket_that_went_too_deep() {
        let deep = "[".repeat(MAX_NESTING) + "x";
        assert!(scan(&deep).is_ok());
        let too_deep = "(".repeat(100_000);
        let problem = scan(&too_deep).unwrap_err();
        assert_eq!(
            problem,
            ScanProblem::TooDeep(Span::new(MAX_NESTING, MAX_NESTING + 1))
        );
    }
}

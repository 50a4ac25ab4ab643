//! Rendering diagnostics for people (miette's graphical report) and for
//! machines (a stable JSON shape).
//!
//! The library never prints: these functions return strings, and the CLI
//! decides where they go.

use std::borrow::Cow;
use std::fmt;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan};
use serde_json::json;

use super::excerpt::{CONTEXT_LINES, Excerpt};
use super::{Diagnostic, Severity};
use crate::source::{SourceFile, Span};

/// How rendered diagnostics look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Unicode boxes with colours (terminals).
    Colored,
    /// Unicode boxes, no colours (pipes, `NO_COLOR`, tests).
    Plain,
}

/// One diagnostic bound to the excerpt of its source, as miette wants it.
struct Report<'a> {
    diagnostic: &'a Diagnostic,
    source: Excerpt<'a>,
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&clip_long_words(&self.diagnostic.message))
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.diagnostic.code.as_str()))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let help = self.diagnostic.help.as_deref();
        let note = self.diagnostic.note.as_deref();
        let text = match (help, note) {
            (None, None) => return None,
            (Some(h), None) => h.to_owned(),
            (None, Some(n)) => format!("note: {n}"),
            (Some(h), Some(n)) => format!("{h}\nnote: {n}"),
        };
        Some(Box::new(clip_long_words(&text).into_owned()))
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let primary = &self.diagnostic.primary;
        let primary = LabeledSpan::new_primary_with_span(
            non_empty(&primary.message),
            self.source.map_span(primary.span),
        );
        let secondary = self.diagnostic.secondary.iter().map(|label| {
            LabeledSpan::new_with_span(non_empty(&label.message), self.source.map_span(label.span))
        });
        Some(Box::new(std::iter::once(primary).chain(secondary)))
    }
}

fn non_empty(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| clip_long_words(text).into_owned())
}

/// Words (runs without whitespace) longer than this are shortened in the
/// human format: a message quoting a 100,000-digit literal would otherwise
/// fill a thousand wrapped lines. The short and JSON formats keep the text.
const LONG_WORD_CHARS: usize = 200;

/// Characters kept at the start and at the end of a shortened word.
const WORD_HEAD_CHARS: usize = 100;
const WORD_TAIL_CHARS: usize = 40;

/// `text` with every word longer than `LONG_WORD_CHARS` cut to its head and
/// tail around a `…`.
fn clip_long_words(text: &str) -> Cow<'_, str> {
    let is_long = |word: &&str| word.chars().nth(LONG_WORD_CHARS).is_some();
    if !text.split_whitespace().any(|word| is_long(&word)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len().min(4 * LONG_WORD_CHARS));
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| !c.is_whitespace()) {
        let (space, tail) = rest.split_at(start);
        out.push_str(space);
        let end = tail.find(char::is_whitespace).unwrap_or(tail.len());
        let (word, after) = tail.split_at(end);
        if is_long(&word) {
            out.extend(word.chars().take(WORD_HEAD_CHARS));
            out.push('…');
            let count = word.chars().count();
            out.extend(word.chars().skip(count - WORD_TAIL_CHARS));
        } else {
            out.push_str(word);
        }
        rest = after;
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Renders diagnostics as miette's graphical report, one after another,
/// each followed by a blank line. Each diagnostic shows only an excerpt of
/// the file around its labels (long lines clipped), so the cost does not
/// grow with the file and no line is too long for miette.
pub fn render_human(file: &SourceFile, diagnostics: &[Diagnostic], style: Style) -> String {
    let theme = match style {
        Style::Colored => GraphicalTheme::unicode(),
        Style::Plain => GraphicalTheme::unicode_nocolor(),
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(80)
        .with_links(false)
        .with_context_lines(CONTEXT_LINES);
    let mut out = String::new();
    for diagnostic in diagnostics {
        render_one(&handler, file, diagnostic, &mut out);
        out.push('\n');
    }
    out
}

/// Renders one diagnostic, or its one-line form when miette cannot draw it
/// (an excerpt too wide even after clipping, or an error inside miette).
fn render_one(
    handler: &GraphicalReportHandler,
    file: &SourceFile,
    diagnostic: &Diagnostic,
    out: &mut String,
) {
    let spans: Vec<Span> = std::iter::once(&diagnostic.primary)
        .chain(&diagnostic.secondary)
        .map(|label| label.span)
        .collect();
    let report = Report {
        diagnostic,
        source: Excerpt::around(file, &spans),
    };
    let mut rendered = String::new();
    if report.source.fits_renderer() && handler.render_report(&mut rendered, &report).is_ok() {
        out.push_str(&rendered);
    } else {
        out.push_str(&render_short(file, diagnostic));
    }
}

/// One line per diagnostic: `path:line:col: error[E0101]: message`.
pub fn render_short(file: &SourceFile, diagnostic: &Diagnostic) -> String {
    let (line, col) = file.line_col(diagnostic.primary.span.start);
    let severity = severity_word(diagnostic.severity);
    format!(
        "{}:{line}:{col}: {severity}[{}]: {}\n",
        file.name,
        diagnostic.code,
        on_one_line(&diagnostic.message)
    )
}

/// `text` with its line breaks and other control characters written as
/// escapes, so a message quoting the user's text (an ARN with `\n` in it)
/// stays on the one line the short format promises.
fn on_one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// The diagnostics of one file as a JSON value with a stable shape:
/// `{file, diagnostics: [{code, severity, message, span: {start, end, line,
/// column, end_line, end_column}, label, secondary: [...], help, note}]}`.
/// `start`/`end` are byte offsets; lines and columns count from 1, columns
/// in characters, and `end_line`/`end_column` name the place just past the
/// span.
pub fn to_json(file: &SourceFile, diagnostics: &[Diagnostic]) -> serde_json::Value {
    let span_json = |span: crate::source::Span| {
        let (line, column) = file.line_col(span.start);
        let (end_line, end_column) = file.line_col(span.end);
        json!({
            "start": span.start,
            "end": span.end,
            "line": line,
            "column": column,
            "end_line": end_line,
            "end_column": end_column,
        })
    };
    let items: Vec<serde_json::Value> = diagnostics
        .iter()
        .map(|d| {
            json!({
                "code": d.code.as_str(),
                "severity": severity_word(d.severity),
                "message": d.message,
                "span": span_json(d.primary.span),
                "label": d.primary.message,
                "secondary": d.secondary.iter().map(|l| json!({
                    "span": span_json(l.span),
                    "label": l.message,
                })).collect::<Vec<_>>(),
                "help": d.help,
                "note": d.note,
            })
        })
        .collect();
    json!({ "file": file.name, "diagnostics": items })
}

/// One GitHub Actions workflow command per diagnostic, which the runner
/// turns into an annotation on the file:
/// `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=E0101::message`.
/// Columns count characters, as in every other format; `endLine` and
/// `endColumn` name the place just past the span. The help, when there is
/// one, follows the message on its own line.
pub fn render_github(file: &SourceFile, diagnostic: &Diagnostic) -> String {
    let span = diagnostic.primary.span;
    let (line, col) = file.line_col(span.start);
    let (end_line, end_col) = file.line_col(span.end);
    let mut message = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    format!(
        "::{} file={},line={line},col={col},endLine={end_line},endColumn={end_col},title={}::{}\n",
        severity_word(diagnostic.severity),
        escape_github_property(&file.name),
        escape_github_property(diagnostic.code.as_str()),
        escape_github_data(&message),
    )
}

/// Escapes a workflow command's message as GitHub's runner unescapes it.
fn escape_github_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value: like the message, and
/// also `:` and `,`, which would otherwise end the value.
fn escape_github_property(text: &str) -> String {
    escape_github_data(text)
        .replace(':', "%3A")
        .replace(',', "%2C")
}

/// `error` or `warning`.
pub fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;
    use crate::source::Span;

    #[test]
    fn the_short_format_keeps_a_message_with_line_breaks_on_one_line() {
        let file = SourceFile::new("f.sfl", "x");
        let diagnostic = Diagnostic::new(
            crate::diag::Code::ArnWrongService,
            "this ARN is for `eve\ns\t`",
            crate::source::Span::new(0, 1),
            "here",
        );
        assert_eq!(
            render_short(&file, &diagnostic),
            "f.sfl:1:1: error[E0521]: this ARN is for `eve\\ns\\t`\n"
        );
    }

    #[test]
    fn long_words_are_clipped_and_short_ones_kept() {
        assert_eq!(clip_long_words("a  b\nc "), "a  b\nc ");
        let digits = "9".repeat(10_000);
        let message = format!("number `{digits}` is too large");
        let clipped = clip_long_words(&message);
        let expected = format!(
            "number `{}…{}` is too large",
            "9".repeat(WORD_HEAD_CHARS - 1),
            "9".repeat(WORD_TAIL_CHARS - 1)
        );
        assert_eq!(clipped, expected);
    }

    #[test]
    fn github_commands_escape_message_and_properties() {
        let file = SourceFile::new("dir,a:b%.sfl", "let x = 1\n");
        let diagnostic = Diagnostic::new(
            Code::UnexpectedToken,
            "100% wrong\r\nhere: a, b",
            Span::new(4, 5),
            "label",
        )
        .with_help("fix it");
        assert_eq!(
            render_github(&file, &diagnostic),
            "::error file=dir%2Ca%3Ab%25.sfl,line=1,col=5,endLine=1,endColumn=6,\
             title=E0001::100%25 wrong%0D%0Ahere: a, b%0Ahelp: fix it\n"
        );
    }

    #[test]
    fn plain_rendering_shows_code_label_and_help() {
        let file = SourceFile::new("t.sfl", "workflow w( {\n}\n");
        let diagnostic = Diagnostic::new(
            Code::UnexpectedToken,
            "expected a parameter or `)`",
            Span::new(11, 12),
            "unexpected `{`",
        )
        .with_help("close the parameter list with `)`");
        let text = render_human(&file, &[diagnostic], Style::Plain);
        assert!(text.contains("E0001"), "{text}");
        assert!(text.contains("unexpected `{`"), "{text}");
        assert!(text.contains("help: close the parameter list"), "{text}");
        assert!(text.contains("t.sfl:1:12"), "{text}");
    }
}

//! Rendering diagnostics for people (miette's graphical report) and for
//! machines (a stable JSON shape).
//!
//! The library never prints: these functions return strings, and the CLI
//! decides where they go.

use std::fmt;
use std::sync::Arc;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource};
use serde_json::json;

use super::{Diagnostic, Severity};
use crate::source::SourceFile;

/// How rendered diagnostics look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Unicode boxes with colours (terminals).
    Colored,
    /// Unicode boxes, no colours (pipes, `NO_COLOR`, tests).
    Plain,
}

/// One diagnostic bound to its source, as miette wants it.
struct Report<'a> {
    diagnostic: &'a Diagnostic,
    source: NamedSource<Arc<str>>,
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
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
        match (help, note) {
            (None, None) => None,
            (Some(h), None) => Some(Box::new(h)),
            (None, Some(n)) => Some(Box::new(format!("note: {n}"))),
            (Some(h), Some(n)) => Some(Box::new(format!("{h}\nnote: {n}"))),
        }
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let primary = &self.diagnostic.primary;
        let primary = LabeledSpan::new_primary_with_span(non_empty(&primary.message), primary.span);
        let secondary = self
            .diagnostic
            .secondary
            .iter()
            .map(|label| LabeledSpan::new_with_span(non_empty(&label.message), label.span));
        Some(Box::new(std::iter::once(primary).chain(secondary)))
    }
}

fn non_empty(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_owned())
}

/// Renders diagnostics as miette's graphical report, one after another,
/// each followed by a blank line.
pub fn render_human(file: &SourceFile, diagnostics: &[Diagnostic], style: Style) -> String {
    let theme = match style {
        Style::Colored => GraphicalTheme::unicode(),
        Style::Plain => GraphicalTheme::unicode_nocolor(),
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(80)
        .with_links(false);
    let mut out = String::new();
    for diagnostic in diagnostics {
        let report = Report {
            diagnostic,
            source: file.to_named_source(),
        };
        if handler.render_report(&mut out, &report).is_err() {
            // Rendering into a String only fails if miette itself errs;
            // fall back to the one-line form rather than losing the message.
            out.push_str(&render_short(file, diagnostic));
        }
        out.push('\n');
    }
    out
}

/// One line per diagnostic: `path:line:col: error[E0101]: message`.
pub fn render_short(file: &SourceFile, diagnostic: &Diagnostic) -> String {
    let (line, col) = file.line_col(diagnostic.primary.span.start);
    let severity = severity_word(diagnostic.severity);
    format!(
        "{}:{line}:{col}: {severity}[{}]: {}\n",
        file.name, diagnostic.code, diagnostic.message
    )
}

/// The diagnostics of one file as a JSON value with a stable shape:
/// `{file, diagnostics: [{code, severity, message, span: {start, end, line,
/// column}, label, secondary: [...], help, note}]}`.
pub fn to_json(file: &SourceFile, diagnostics: &[Diagnostic]) -> serde_json::Value {
    let span_json = |span: crate::source::Span| {
        let (line, column) = file.line_col(span.start);
        json!({ "start": span.start, "end": span.end, "line": line, "column": column })
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

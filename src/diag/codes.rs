//! The registry of diagnostic codes.
//!
//! Every code is listed exactly once, with its default severity and a
//! one-line summary. Codes are never reused: a retired code stays here,
//! marked retired. Ranges: E00xx syntax, E01xx names and items, E02xx types,
//! E03xx flow, E04xx ASL limits, E05xx endpoints and security, E09xx internal
//! errors, W0xxx warnings. Each code has a page `docs/errors/<code>.md` and a
//! UI test under `tests/ui/`.

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// The file cannot be compiled; nothing is written.
    Error,
    /// The file compiles, but something is likely wrong.
    Warning,
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal, $severity:ident, $summary:literal; )*) => {
        /// A stable diagnostic code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $( $(#[$doc])* $variant, )*
        }

        impl Code {
            /// Every code, in registry order.
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            /// The code as written in messages, e.g. `E0101`.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $code, )* }
            }

            /// The default severity.
            pub fn severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$severity, )* }
            }

            /// A one-line summary, for `aslc explain` and the docs index.
            pub fn summary(self) -> &'static str {
                match self { $( Code::$variant => $summary, )* }
            }

            /// Looks a code up by its text, e.g. `"E0101"`.
            pub fn parse(text: &str) -> Option<Code> {
                Code::ALL.iter().copied().find(|c| c.as_str().eq_ignore_ascii_case(text))
            }
        }
    };
}

codes! {
    // ---- E00xx: syntax -------------------------------------------------
    /// `workflow w( {` — the parser met a token it did not expect.
    UnexpectedToken = "E0001", Error, "unexpected token";
    /// A file that is not valid UTF-8.
    InvalidUtf8 = "E0002", Error, "the file is not valid UTF-8";
    /// A file over 8 MiB (`syntax::MAX_FILE_BYTES`), e.g. one generated
    /// with a runaway loop.
    FileTooLarge = "E0003", Error, "the file is too large";
    /// `let x = ((((…))))` with more than 128 levels (`syntax::MAX_NESTING`)
    /// of brackets, interpolations or operators.
    NestingTooDeep = "E0004", Error, "nesting too deep";
    /// `fail "Oops` — a string not closed on its line.
    UnterminatedString = "E0005", Error, "unterminated string";
    /// `fail "a\qb"` — an escape SFL does not have.
    InvalidEscape = "E0006", Error, "invalid escape in a string";
    /// `fail "a}b"` — a `}` that does not close an interpolation.
    LoneBraceInString = "E0007", Error, "unmatched `}` in a string";
    /// `fail 'Oops'` — strings are written in double quotes.
    SingleQuotedString = "E0008", Error, "single-quoted string";
    /// `let x = 007` — not a JSON number.
    InvalidNumber = "E0009", Error, "invalid number";
    /// `wait 500ms` — ASL counts whole seconds.
    FractionalDuration = "E0010", Error, "duration not in whole seconds";
    /// `wait 5x` or `wait 30` — a unit SFL does not have, or none.
    DurationUnit = "E0011", Error, "missing or unknown duration unit";
    /// `wait 99999999999999999999s` — more seconds than fit in 64 bits.
    DurationTooLong = "E0012", Error, "duration too long";
    /// `if x = 1 { }` — `=` where `==` compares.
    SingleEquals = "E0013", Error, "`=` used as a comparison";
    /// `if a && b { }` — `&&`, `||` or `!` instead of `and`, `or`, `not`.
    ForeignLogicalOperator = "E0014", Error, "C-style logical operator";
    /// `Get billing "/x"` — not one of GET, POST, PUT, DELETE, PATCH,
    /// OPTIONS, HEAD.
    UnknownMethod = "E0015", Error, "unknown HTTP method";
    /// `let if = 1` — a keyword used as a name.
    ReservedWord = "E0016", Error, "reserved word used as a name";
    /// `type order = { id: string }` — type names start with a capital.
    TypeNameCase = "E0017", Error, "type name not in UpperCamelCase";
    /// `let orderId = 1` — value, endpoint and policy names are lower case.
    ValueNameCase = "E0018", Error, "name not in lower_snake_case";
    /// `endpoint e { uri "https://x.example.com" }` — no such clause.
    UnknownClause = "E0019", Error, "unknown clause or option";
    /// `endpoint e { url "https://a.example.com" url "https://b.example.com" }`
    RepeatedClause = "E0020", Error, "clause given more than once";
    /// `retry r { on Timeout attempts "3" }` — the value has the wrong form.
    InvalidClauseValue = "E0021", Error, "invalid clause value";
    /// `catch http.404 { }` — not a way to write an error name.
    InvalidErrorName = "E0022", Error, "invalid error name";
    /// `endpoint e { url "https://{host}" }` — the string must be fixed.
    InterpolationNotAllowed = "E0023", Error, "interpolation where a fixed string is needed";
    /// `type T = string | null` — only string literals form a union.
    NonStringUnion = "E0024", Error, "union of something other than string literals";
    /// `if a < b < c { }` — comparisons do not chain.
    ChainedComparison = "E0025", Error, "chained comparison";
    /// `/// done` on the line before a block's closing `}` — documents
    /// nothing.
    DanglingDocComment = "E0026", Error, "doc comment not followed by an item or statement";

    // ---- E01xx: names and items ----------------------------------------

    // ---- E02xx: types --------------------------------------------------

    // ---- E03xx: flow ---------------------------------------------------

    // ---- E04xx: ASL limits ---------------------------------------------

    // ---- E05xx: endpoints and security ---------------------------------

    // ---- E09xx: internal errors ----------------------------------------
    /// The emitted ASL failed the compiler's own schema check: a compiler bug.
    InvalidOutput = "E0901", Error, "internal error: the emitted output failed validation";

    // ---- W0xxx: warnings -----------------------------------------------
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = std::collections::BTreeSet::new();
        for code in Code::ALL {
            let text = code.as_str();
            assert!(seen.insert(text), "{text} listed twice");
            assert_eq!(text.len(), 5, "{text}");
            let expected_letter = match code.severity() {
                Severity::Error => 'E',
                Severity::Warning => 'W',
            };
            assert!(
                text.starts_with(expected_letter),
                "{text} has the wrong letter"
            );
            assert!(text.chars().skip(1).all(|c| c.is_ascii_digit()), "{text}");
        }
    }
}

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

    // ---- E01xx: names and items ----------------------------------------

    // ---- E02xx: types --------------------------------------------------

    // ---- E03xx: flow ---------------------------------------------------

    // ---- E04xx: ASL limits ---------------------------------------------
    // E0480–E0499: limits found while lowering and emitting.
    /// A workflow whose emitted definition passes 1,048,576 bytes, e.g. 200
    /// calls inside `try { … } catch Http.4xx { … } catch Http.5xx { … }`
    /// (each class expands to 100 error names on every call).
    DefinitionTooLarge = "E0480", Error, "the definition is larger than ASL allows";

    // ---- E05xx: endpoints and security ---------------------------------

    // ---- E09xx: internal errors ----------------------------------------
    /// The emitted ASL failed the compiler's own schema check: a compiler bug.
    InvalidOutput = "E0901", Error, "internal error: the emitted output failed validation";
    /// A checked workflow that lowering cannot turn into states: a compiler
    /// bug, since `check` should have rejected it (e.g. a call to an endpoint
    /// that is not declared, if `check` let it through).
    LoweringFailed = "E0902", Error, "internal error: the workflow could not be lowered";

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

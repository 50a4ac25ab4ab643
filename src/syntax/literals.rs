//! Stage 1, syntax: the meaning of literal tokens.
//!
//! Takes the raw text of one token (as pest matched it) and returns its
//! value, or what is wrong with it as a small problem value with the byte
//! range it concerns, so the caller can turn it into a diagnostic with an
//! exact span. Nothing here knows about pest rules or diagnostics.
//!
//! - string text: escapes `\" \\ \n \t \r \u{…}`, `{{` and `}}` for
//!   literal braces;
//! - numbers: JSON numbers (no leading zeros, finite);
//! - durations: a whole number and one of `s m h d`, in seconds.

use std::ops::Range;

/// What can be wrong in the text part of a string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextProblem {
    /// `\q`: an escape SFL does not have; carries the escape as written.
    UnknownEscape(String),
    /// `\u{…}` that is malformed or not a Unicode scalar value.
    BadUnicode(String),
    /// A `}` that is neither `}}` nor the end of an interpolation.
    LoneBrace,
}

/// The text of a string part with escapes and doubled braces resolved, and
/// every problem found with its byte range within `raw`.
pub fn unescape(raw: &str) -> (String, Vec<(Range<usize>, TextProblem)>) {
    let mut out = String::with_capacity(raw.len());
    let mut problems = Vec::new();
    let mut chars = raw.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '\\' => {
                let Some((_, escaped)) = chars.next() else {
                    // The grammar never ends a text part on a backslash.
                    problems.push((at..at + 1, TextProblem::UnknownEscape("\\".to_owned())));
                    break;
                };
                match escaped {
                    '"' => out.push('"'),
                    '\\' => out.push('\\'),
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    'r' => out.push('\r'),
                    'u' => {
                        let (end, result) = unicode_escape(raw, at);
                        // Skip what the escape covered.
                        while chars.peek().is_some_and(|(i, _)| *i < end) {
                            chars.next();
                        }
                        match result {
                            Ok(ch) => out.push(ch),
                            Err(()) => problems.push((
                                at..end,
                                TextProblem::BadUnicode(raw.get(at..end).unwrap_or("").to_owned()),
                            )),
                        }
                    }
                    other => {
                        let end = at + 1 + other.len_utf8();
                        problems.push((at..end, TextProblem::UnknownEscape(format!("\\{other}"))));
                    }
                }
            }
            '{' => {
                // The grammar only lets `{` into text as `{{`.
                if chars.peek().is_some_and(|(_, n)| *n == '{') {
                    chars.next();
                }
                out.push('{');
            }
            '}' => {
                if chars.peek().is_some_and(|(_, n)| *n == '}') {
                    chars.next();
                } else {
                    problems.push((at..at + 1, TextProblem::LoneBrace));
                }
                out.push('}');
            }
            other => out.push(other),
        }
    }
    (out, problems)
}

/// Reads `\u{…}` starting at the backslash at `at`; returns where the escape
/// ends and the character, or `Err` when it is malformed.
fn unicode_escape(raw: &str, at: usize) -> (usize, Result<char, ()>) {
    let after_u = at + 2;
    let rest = raw.get(after_u..).unwrap_or("");
    if !rest.starts_with('{') {
        return (after_u, Err(()));
    }
    let Some(close) = rest.find('}') else {
        return (raw.len(), Err(()));
    };
    let end = after_u + close + 1;
    let digits = rest.get(1..close).unwrap_or("");
    let valid =
        !digits.is_empty() && digits.len() <= 6 && digits.chars().all(|c| c.is_ascii_hexdigit());
    let ch = valid
        .then(|| u32::from_str_radix(digits, 16).ok())
        .flatten()
        .and_then(char::from_u32);
    (end, ch.ok_or(()))
}

/// What can be wrong with a number literal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberProblem {
    /// `007`: JSON numbers have no leading zeros.
    LeadingZeros,
    /// `1e999`: not a finite number.
    OutOfRange,
}

/// The value of a JSON number as written (an optional `-` included).
pub fn parse_number(raw: &str) -> Result<f64, NumberProblem> {
    let unsigned = raw.strip_prefix('-').unwrap_or(raw);
    let int_len = unsigned.bytes().take_while(u8::is_ascii_digit).count();
    if int_len > 1 && unsigned.starts_with('0') {
        return Err(NumberProblem::LeadingZeros);
    }
    match raw.parse::<f64>() {
        Ok(value) if value.is_finite() => Ok(value),
        _ => Err(NumberProblem::OutOfRange),
    }
}

/// What can be wrong with a duration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DurationProblem {
    /// `30`: no unit.
    MissingUnit,
    /// `500ms`: a unit below a second; carries the whole seconds it rounds
    /// up to.
    SubSecond {
        /// The unit as written.
        unit: String,
        /// The smallest whole number of seconds at least as long.
        ceil_seconds: u64,
    },
    /// `1.5m`: a fraction; carries the length in seconds when it is whole.
    Fraction {
        /// The length in whole seconds, when it is one (`1.5m` = 90).
        whole_seconds: Option<u64>,
    },
    /// `5x`: an unknown unit; carries the unit and the SFL unit it most
    /// likely means (`sec` → `s`).
    UnknownUnit {
        /// The unit as written.
        unit: String,
        /// The unit meant, if recognisable.
        meant: Option<&'static str>,
    },
    /// More seconds than fit in 64 bits.
    TooLong,
}

/// Seconds per unit, for the units SFL has.
const UNITS: &[(&str, u64)] = &[("s", 1), ("m", 60), ("h", 3_600), ("d", 86_400)];

/// Units people write for the ones above.
const UNIT_SPELLINGS: &[(&str, &str)] = &[
    ("sec", "s"),
    ("secs", "s"),
    ("second", "s"),
    ("seconds", "s"),
    ("min", "m"),
    ("mins", "m"),
    ("minute", "m"),
    ("minutes", "m"),
    ("hr", "h"),
    ("hrs", "h"),
    ("hour", "h"),
    ("hours", "h"),
    ("day", "d"),
    ("days", "d"),
    ("S", "s"),
    ("M", "m"),
    ("H", "h"),
    ("D", "d"),
];

/// Units below a second, with how many of them make one second.
const SUB_SECOND_UNITS: &[(&str, u64)] = &[("ms", 1_000), ("us", 1_000_000), ("ns", 1_000_000_000)];

/// The length of a duration in seconds.
pub fn parse_duration(raw: &str) -> Result<u64, DurationProblem> {
    let number_len = raw
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b'.')
        .count();
    let (number, unit) = raw.split_at_checked(number_len).unwrap_or((raw, ""));
    if unit.is_empty() {
        return Err(DurationProblem::MissingUnit);
    }
    if let Some((_, per_second)) = SUB_SECOND_UNITS.iter().find(|(u, _)| *u == unit) {
        return Err(DurationProblem::SubSecond {
            unit: unit.to_owned(),
            ceil_seconds: ceil_div(number, *per_second),
        });
    }
    let Some((_, factor)) = UNITS.iter().find(|(u, _)| *u == unit) else {
        let meant = UNIT_SPELLINGS
            .iter()
            .find(|(spelling, _)| *spelling == unit)
            .map(|(_, meant)| *meant);
        return Err(DurationProblem::UnknownUnit {
            unit: unit.to_owned(),
            meant,
        });
    };
    if number.contains('.') {
        return Err(DurationProblem::Fraction {
            whole_seconds: whole_seconds_of_fraction(number, *factor),
        });
    }
    number
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(*factor))
        .ok_or(DurationProblem::TooLong)
}

/// `number` (whole digits) divided by `per_second`, rounded up, saturating.
fn ceil_div(number: &str, per_second: u64) -> u64 {
    let whole = number.split('.').next().unwrap_or("");
    let value = whole.parse::<u64>().unwrap_or(u64::MAX);
    let fraction = number.contains('.')
        && number
            .split('.')
            .nth(1)
            .is_some_and(|f| f.bytes().any(|b| b != b'0'));
    let seconds = value / per_second + u64::from(value % per_second != 0 || fraction);
    seconds.max(1)
}

/// `1.5` × 60 = 90 when the product is whole, computed exactly on the
/// decimal digits (no floating point).
fn whole_seconds_of_fraction(number: &str, factor: u64) -> Option<u64> {
    let (whole, fraction) = number.split_once('.')?;
    let digits = format!("{whole}{fraction}");
    let scaled = digits
        .parse::<u128>()
        .ok()?
        .checked_mul(u128::from(factor))?;
    let scale = 10_u128.checked_pow(u32::try_from(fraction.len()).ok()?)?;
    (scaled % scale == 0)
        .then(|| u64::try_from(scaled / scale).ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_doubled_braces() {
        let (text, problems) = unescape(r#"a\"b\\c\nd\te\rf{{g}}\u{e9}\u{1F600}"#);
        assert_eq!(text, "a\"b\\c\nd\te\rf{g}é😀");
        assert!(problems.is_empty());
    }

    #[test]
    fn unknown_escape_is_located() {
        let raw = r"ab\qc";
        let (_, problems) = unescape(raw);
        assert_eq!(
            problems,
            [(2..4, TextProblem::UnknownEscape(r"\q".to_owned()))]
        );
    }

    #[test]
    fn bad_unicode_escapes() {
        for raw in [
            r"\u{}",
            r"\u{110000}",
            r"\u{D800}",
            r"\u{1234567}",
            r"\u41",
            r"\u{zz}",
            r"\u{41",
        ] {
            let (_, problems) = unescape(raw);
            assert!(
                matches!(problems.as_slice(), [(_, TextProblem::BadUnicode(_))]),
                "{raw}: {problems:?}"
            );
        }
    }

    #[test]
    fn lone_closing_brace_is_a_problem() {
        let (text, problems) = unescape("a}b");
        assert_eq!(text, "a}b");
        assert_eq!(problems, [(1..2, TextProblem::LoneBrace)]);
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_number("42"), Ok(42.0));
        assert_eq!(parse_number("-2.5e1"), Ok(-25.0));
        assert_eq!(parse_number("0.5"), Ok(0.5));
        assert_eq!(parse_number("0"), Ok(0.0));
        assert_eq!(parse_number("007"), Err(NumberProblem::LeadingZeros));
        assert_eq!(parse_number("-01"), Err(NumberProblem::LeadingZeros));
        assert_eq!(parse_number("1e999"), Err(NumberProblem::OutOfRange));
    }

    #[test]
    fn durations_in_seconds() {
        assert_eq!(parse_duration("30s"), Ok(30));
        assert_eq!(parse_duration("5m"), Ok(300));
        assert_eq!(parse_duration("2h"), Ok(7_200));
        assert_eq!(parse_duration("1d"), Ok(86_400));
        assert_eq!(parse_duration("0s"), Ok(0));
    }

    #[test]
    fn duration_problems() {
        assert_eq!(parse_duration("30"), Err(DurationProblem::MissingUnit));
        assert_eq!(
            parse_duration("500ms"),
            Err(DurationProblem::SubSecond {
                unit: "ms".to_owned(),
                ceil_seconds: 1
            })
        );
        assert_eq!(
            parse_duration("2500ms"),
            Err(DurationProblem::SubSecond {
                unit: "ms".to_owned(),
                ceil_seconds: 3
            })
        );
        assert_eq!(
            parse_duration("1.5m"),
            Err(DurationProblem::Fraction {
                whole_seconds: Some(90)
            })
        );
        assert_eq!(
            parse_duration("1.5s"),
            Err(DurationProblem::Fraction {
                whole_seconds: None
            })
        );
        assert_eq!(
            parse_duration("5mins"),
            Err(DurationProblem::UnknownUnit {
                unit: "mins".to_owned(),
                meant: Some("m")
            })
        );
        assert_eq!(
            parse_duration("5w"),
            Err(DurationProblem::UnknownUnit {
                unit: "w".to_owned(),
                meant: None
            })
        );
        assert_eq!(
            parse_duration("99999999999999999999s"),
            Err(DurationProblem::TooLong)
        );
        assert_eq!(
            parse_duration("999999999999999999d"),
            Err(DurationProblem::TooLong)
        );
    }
}

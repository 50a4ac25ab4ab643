//! "Did you mean" suggestions for mistyped names.
//!
//! A case-insensitive exact match always wins (`Get` → `GET`). Otherwise the
//! candidate with the smallest optimal-string-alignment distance (strsim's
//! `osa_distance`: Levenshtein plus adjacent swaps, over characters) is
//! offered when that distance is at most [`MAX_RELATIVE_DISTANCE`] of the
//! longer name's length (at least one edit is allowed, but never a whole
//! rewrite), so short names do not attract far-off guesses. An empty
//! candidate set suggests nothing.

/// The largest distance, as a fraction of the longer name, still suggested.
pub const MAX_RELATIVE_DISTANCE: f64 = 0.34;

/// The best candidate for `name`, if one is close enough.
pub fn suggest<'a, I>(name: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    // The best is the smallest (rank, distance, candidate): a case-only
    // difference first, then the closest, then the first in sorted order,
    // so the answer never depends on the order candidates come in (some
    // come from hash maps).
    let name_chars = name.chars().count();
    let mut best: Option<(u8, usize, &'a str)> = None;
    for candidate in candidates {
        if candidate == name {
            continue;
        }
        let key = if candidate.eq_ignore_ascii_case(name) {
            (0, 0, candidate)
        } else {
            let longer = name_chars.max(candidate.chars().count());
            let allowed = allowed_distance(longer);
            let shorter = name_chars.min(candidate.chars().count());
            // The distance is at least the difference in length: skip the
            // candidates that cannot be close without measuring them.
            if longer - shorter > allowed {
                continue;
            }
            let distance = strsim::osa_distance(name, candidate);
            // A name that must be rewritten whole is not a typo of the other.
            if distance > allowed || distance >= longer {
                continue;
            }
            (1, distance, candidate)
        };
        if best.is_none_or(|current| key < current) {
            best = Some(key);
        }
    }
    best.map(|(_, _, candidate)| candidate)
}

/// The largest edit distance suggested between names whose longer one has
/// `longer` characters: [`MAX_RELATIVE_DISTANCE`] of it, at least one.
fn allowed_distance(longer: usize) -> usize {
    #[expect(
        clippy::cast_precision_loss,
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "name lengths are small; the bound is floored and at least 1"
    )]
    let allowed = (longer as f64 * MAX_RELATIVE_DISTANCE).floor() as usize;
    allowed.max(1)
}

/// `help` text for a suggestion: "did you mean `x`?".
pub fn did_you_mean<'a, I>(name: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    suggest(name, candidates).map(|s| format!("did you mean `{s}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_count_a_swap_as_one_edit() {
        assert_eq!(strsim::osa_distance("billing", "biling"), 1);
        assert_eq!(strsim::osa_distance("abc", "acb"), 1);
        assert_eq!(strsim::osa_distance("", "abc"), 3);
        assert_eq!(strsim::osa_distance("kitten", "sitting"), 3);
        assert_eq!(suggest("retires", ["retries"]), Some("retries"));
    }

    #[test]
    fn suggests_close_names_only() {
        let names = ["billing", "approvals"];
        assert_eq!(suggest("biling", names), Some("billing"));
        assert_eq!(suggest("approval", names), Some("approvals"));
        assert_eq!(suggest("orders", names), None);
        assert_eq!(suggest("x", ["y"]), None);
        assert_eq!(suggest("ab", ["xyz"]), None);
        assert_eq!(suggest("anything", std::iter::empty()), None);
    }

    #[test]
    fn ties_go_to_the_first_name_in_sorted_order_whatever_the_input_order() {
        assert_eq!(suggest("ab", ["ac", "aa"]), Some("aa"));
        assert_eq!(suggest("ab", ["aa", "ac"]), Some("aa"));
        assert_eq!(suggest("foo", ["FOO", "Foo"]), Some("FOO"));
        assert_eq!(suggest("foo", ["Foo", "FOO"]), Some("FOO"));
    }

    #[test]
    fn case_insensitive_match_wins() {
        assert_eq!(suggest("Get", ["GET", "Gex"]), Some("GET"));
    }
}

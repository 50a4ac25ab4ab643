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
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        if candidate == name {
            continue;
        }
        if candidate.eq_ignore_ascii_case(name) {
            return Some(candidate);
        }
        let distance = strsim::osa_distance(name, candidate);
        let longer = name.chars().count().max(candidate.chars().count());
        #[expect(
            clippy::cast_precision_loss,
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "name lengths are small; the bound is floored and at least 1"
        )]
        let allowed = ((longer as f64 * MAX_RELATIVE_DISTANCE).floor() as usize).max(1);
        // A name that must be rewritten whole is not a typo of the other.
        if distance <= allowed && distance < longer && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
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
    fn case_insensitive_match_wins() {
        assert_eq!(suggest("Get", ["GET", "Gex"]), Some("GET"));
    }
}

//! "Did you mean" suggestions for mistyped names.
//!
//! A case-insensitive exact match always wins (`Get` → `GET`). Otherwise the
//! candidate with the smallest optimal-string-alignment distance is offered
//! when that distance is at most [`MAX_RELATIVE_DISTANCE`] of the longer
//! name's length (at least one edit is allowed, but never a whole rewrite), so short names do not
//! attract far-off guesses. An empty candidate set suggests nothing.

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
        let distance = edit_distance(name, candidate);
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

/// Optimal string alignment distance (Levenshtein plus adjacent swaps),
/// over characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Three rows: two back (for swaps), previous, current.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current: Vec<usize> = vec![0; b.len() + 1];
    for (i, &ca) in a.iter().enumerate() {
        if let Some(first) = current.first_mut() {
            *first = i + 1;
        }
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let deletion = previous.get(j + 1).copied().unwrap_or(usize::MAX) + 1;
            let insertion = current.get(j).copied().unwrap_or(usize::MAX) + 1;
            let substitution = previous.get(j).copied().unwrap_or(usize::MAX) + cost;
            let mut best = deletion.min(insertion).min(substitution);
            let swapped = i > 0 && j > 0 && a.get(i - 1) == Some(&cb) && b.get(j - 1) == Some(&ca);
            if swapped {
                best = best.min(before.get(j - 1).copied().unwrap_or(usize::MAX) + 1);
            }
            if let Some(slot) = current.get_mut(j + 1) {
                *slot = best;
            }
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous.get(b.len()).copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("billing", "biling"), 1);
        assert_eq!(edit_distance("abc", "acb"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
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

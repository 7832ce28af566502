//! The rule for ids (components, groups, probes, metrics, slugs): they name files and URLs.

/// Ids are used in file names and URLs: lowercase ASCII letters, digits, `-` and `_`.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        && !id.starts_with(['-', '_'])
}

/// Unicode bidirectional overrides, embeddings and isolates: they can make a title display
/// differently from what it says (a reviewed pull request may read as something else on the
/// page). Plain RTL and LTR marks stay allowed, as right-to-left text needs them.
pub fn has_bidi_control(s: &str) -> bool {
    s.chars()
        .any(|c| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
}

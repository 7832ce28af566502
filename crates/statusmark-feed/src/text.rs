//! How lengths of time read, the same on the site and in the page script (which writes the length
//! of an incident that resolves while its page is open).

/// The languages Statusmark speaks, English first: the generator has a catalog for each, and the
/// widget takes its words from the site (`widget/i18n/<code>.json`).
pub const LANGUAGES: [&str; 5] = ["en", "de", "fr", "es", "ja"];

/// A length of time in its two largest units: `45 min`, `3 h`, `3 h 5 min`, `2 d 4 h`. Negative
/// lengths read as `0 min`.
pub fn duration(secs: i64) -> String {
    let mins = secs.max(0) / 60;
    let (d, h, m) = (mins / (24 * 60), (mins / 60) % 24, mins % 60);
    let n = |v: i64| v.to_string();
    match (d, h, m) {
        (0, 0, m) => [n(m).as_str(), " min"].concat(),
        (0, h, 0) => [n(h).as_str(), " h"].concat(),
        (0, h, m) => [n(h).as_str(), " h ", &n(m), " min"].concat(),
        (d, h, _) => [n(d).as_str(), " d ", &n(h), " h"].concat(),
    }
}

#[cfg(test)]
mod tests {
    use super::duration;

    #[test]
    fn durations_read_naturally() {
        let cases = [
            (-60, "0 min"),
            (59, "0 min"),
            (60 * 5, "5 min"),
            (3600, "1 h"),
            (3600 + 60 * 8, "1 h 8 min"),
            (86400 * 2 + 3600 * 3, "2 d 3 h"),
            (86400 * 2 + 59, "2 d 0 h"),
        ];
        for (secs, want) in cases {
            assert_eq!(duration(secs), want, "{secs}");
        }
    }
}

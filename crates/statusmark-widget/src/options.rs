//! Widget options, read from the host element's attributes. Pure: tested natively.

/// How much the widget shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Variant {
    /// A dot and one line.
    Badge,
    /// The overall status and the components that have a problem.
    Compact,
    /// Every component by group, active incidents and maintenance.
    Full,
    /// Nothing while all is well; otherwise one dismissible line naming the incident or the
    /// maintenance in progress: for the top of someone's own app.
    Banner,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Auto,
    Light,
    Dark,
}

/// The shortest polling interval the widget accepts, in seconds: a page full of widgets must not
/// hammer a status site.
pub const MIN_POLL_SECS: u32 = 15;
pub const DEFAULT_POLL_SECS: u32 = 60;

#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    pub feed: String,
    pub variant: Variant,
    /// Only these component ids (empty: all).
    pub components: Vec<String>,
    pub theme: Theme,
    pub poll_secs: u32,
    /// Where a click goes; `None` means the feed's own page URL.
    pub link: Option<String>,
    /// The language it speaks (`en`, `de`, …): the loader picks it from the element's `lang`, else
    /// the page's `<html lang>` (`widget/statusmark.js`); English otherwise.
    pub lang: String,
}

impl Options {
    /// Read options through `attr` (attribute name → value). Unknown or malformed values fall back
    /// to defaults: a typo in someone's embed code must not break their page.
    pub fn from_attributes(attr: impl Fn(&str) -> Option<String>) -> Options {
        let variant = match attr("variant").as_deref().map(str::trim) {
            Some("badge") => Variant::Badge,
            Some("full") => Variant::Full,
            Some("banner") => Variant::Banner,
            _ => Variant::Compact,
        };
        let theme = match attr("theme").as_deref().map(str::trim) {
            Some("light") => Theme::Light,
            Some("dark") => Theme::Dark,
            _ => Theme::Auto,
        };
        let poll_secs = attr("poll")
            .and_then(|p| p.trim().parse::<u32>().ok())
            .unwrap_or(DEFAULT_POLL_SECS)
            .max(MIN_POLL_SECS);
        let components = attr("components")
            .map(|c| {
                c.split([',', ' '])
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        Options {
            feed: attr("feed")
                .or_else(|| attr("data-feed"))
                .unwrap_or_else(|| "status.json".to_owned()),
            variant,
            components,
            theme,
            poll_secs,
            link: attr("link").filter(|l| safe_link(l)),
            lang: "en".to_owned(),
        }
    }

    pub fn shows(&self, component_id: &str) -> bool {
        self.components.is_empty() || self.components.iter().any(|c| c == component_id)
    }
}

/// Links from attributes or third-party feeds must not run script when clicked.
pub fn safe_link(url: &str) -> bool {
    let u = url.trim().to_ascii_lowercase();
    u.starts_with("https://")
        || u.starts_with("http://")
        || u.starts_with('/')
        || u.starts_with("./")
        || u.starts_with("../")
        || (!u.contains(':') && !u.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn opts(pairs: &[(&str, &str)]) -> Options {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        Options::from_attributes(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults() {
        let o = opts(&[]);
        assert_eq!(
            (o.variant, o.theme, o.poll_secs, o.feed.as_str()),
            (Variant::Compact, Theme::Auto, 60, "status.json")
        );
    }

    #[test]
    fn attributes_are_read_and_bad_values_fall_back() {
        let o = opts(&[
            ("variant", "full"),
            ("theme", "dark"),
            ("poll", "1"),
            ("components", "api, web"),
            ("feed", "https://x/status.json"),
        ]);
        assert_eq!(o.variant, Variant::Full);
        assert_eq!(o.theme, Theme::Dark);
        assert_eq!(o.poll_secs, MIN_POLL_SECS);
        assert_eq!(o.components, ["api", "web"]);
        assert!(o.shows("api") && !o.shows("db"));
        let o = opts(&[("variant", "huge"), ("poll", "soon"), ("link", "javascript:alert(1)")]);
        assert_eq!((o.variant, o.poll_secs, o.link), (Variant::Compact, 60, None));
    }
}

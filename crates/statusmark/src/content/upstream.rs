//! `[[upstreams]]`: the services the site depends on (a cloud provider, a payment processor), read
//! from their own public status pages by `statusmark fetch` into `data/upstreams/<id>.json`.
//! Checked here; fetched by [`crate::measure::fetch`]; shown by `build` from the snapshot alone,
//! in their own group, never counted in the site's own uptime, and in its overall status only
//! with `affects_overall = true`.

use jiff::SignedDuration;
use serde::Deserialize;

use super::notify::{Problem, duration, problem};
use super::raw::{At, Toml};

type Val<T> = At<T, Toml>;

/// How old a snapshot may be before the page stops trusting it, unless `stale_after` says.
pub const DEFAULT_STALE_AFTER: SignedDuration = SignedDuration::from_hours(2);

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUpstream {
    pub id: Val<String>,
    pub name: Val<String>,
    /// A Statuspage `summary.json`, an Instatus `summary.json` or a Statusmark `status.json`.
    pub url: Val<String>,
    /// Where the group's link goes; by default the page the document names (its `page.url`).
    #[serde(default)]
    pub link: Option<Val<String>>,
    /// Which of the upstream's components to show, by id or by name; all of them when absent.
    #[serde(default)]
    pub components: Option<Vec<Val<String>>>,
    #[serde(default)]
    pub affects_overall: bool,
    #[serde(default)]
    pub stale_after: Option<Val<String>>,
    /// `translations.<code>.name`: its name in another of the site's languages.
    #[serde(default)]
    pub translations: super::languages::RawTranslations<super::languages::RawGroupText>,
}

/// A validated `[[upstreams]]` entry.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Upstream {
    pub id: String,
    pub name: String,
    pub url: String,
    pub link: Option<String>,
    /// Ids or names, in the order they are shown; empty: every component, none picked.
    pub components: Vec<String>,
    /// Whether its status counts in the site's overall status (never in its uptime).
    pub affects_overall: bool,
    /// A snapshot fetched longer ago than this shows as unknown (with its last known status).
    pub stale_after: SignedDuration,
    /// Its name in the site's other languages (set by the configuration's check).
    pub translations: super::languages::Translations<super::languages::NameText>,
}

/// An `http(s)://` address without credentials: the configuration is public, and so is the page
/// that links to it.
fn public_url(v: &Val<String>, what: &str, out: &mut Vec<Problem>) {
    let url = v.value.as_str();
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    let Some(rest) = rest else {
        out.push(problem(
            v,
            format!("{what} \"{url}\" is not an http(s) URL"),
            "write the full address, e.g. \"https://www.githubstatus.com/api/v2/summary.json\"",
        ));
        return;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.is_empty() || url.chars().any(char::is_whitespace) {
        out.push(problem(
            v,
            format!("{what} \"{url}\" has no host"),
            "write https://host/path",
        ));
    } else if authority.contains('@') {
        out.push(problem(
            v,
            format!("{what} has a user or password in it"),
            "upstream status pages are public; give the address without credentials",
        ));
    }
}

pub fn check_upstreams(raw: Vec<RawUpstream>, out: &mut Vec<Problem>) -> Vec<Upstream> {
    let mut seen = Vec::new();
    raw.into_iter()
        .map(|r| {
            super::measure::check_id(&r.id, "upstream", &mut seen, out);
            if r.name.value.trim().is_empty() {
                out.push(problem(
                    &r.name,
                    "the upstream's name is empty",
                    "write the service's name",
                ));
            }
            public_url(&r.url, "url", out);
            if let Some(link) = &r.link {
                public_url(link, "link", out);
            }
            let mut components: Vec<String> = Vec::new();
            for c in r.components.iter().flatten() {
                if c.value.trim().is_empty() {
                    out.push(problem(c, "an empty component", "give the component's id or name"));
                } else if components.contains(&c.value) {
                    out.push(problem(
                        c,
                        format!("component \"{}\" is listed twice", c.value),
                        "list each once",
                    ));
                } else {
                    components.push(c.value.clone());
                }
            }
            let stale_after = r
                .stale_after
                .as_ref()
                .and_then(|s| duration(s, "stale_after", out))
                .unwrap_or(DEFAULT_STALE_AFTER);
            Upstream {
                id: r.id.value,
                name: r.name.value,
                url: r.url.value,
                link: r.link.map(|l| l.value),
                components,
                affects_overall: r.affects_overall,
                stale_after,
                translations: Vec::new(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Val<String> {
        Val::new(s.to_owned(), 0..0)
    }

    fn raw(id: &str, url: &str) -> RawUpstream {
        RawUpstream {
            id: v(id),
            name: v("GitHub"),
            url: v(url),
            link: None,
            components: None,
            affects_overall: false,
            translations: Default::default(),
            stale_after: None,
        }
    }

    #[test]
    fn upstreams_check_ids_urls_components_and_ages() {
        let cases: [(RawUpstream, usize); 8] = [
            (raw("github", "https://www.githubstatus.com/api/v2/summary.json"), 0),
            (raw("GitHub", "https://www.githubstatus.com/api/v2/summary.json"), 1),
            (raw("github", "ftp://example.com/summary.json"), 1),
            (raw("github", "https://user:pw@example.com/summary.json"), 1),
            (raw("github", "https:///summary.json"), 1),
            (
                RawUpstream {
                    components: Some(vec![v("API Requests"), v(""), v("API Requests")]),
                    ..raw("github", "https://example.com/summary.json")
                },
                2,
            ),
            (
                RawUpstream {
                    stale_after: Some(v("soon")),
                    ..raw("github", "https://example.com/summary.json")
                },
                1,
            ),
            (
                RawUpstream {
                    link: Some(v("www.example.com")),
                    ..raw("github", "https://example.com/summary.json")
                },
                1,
            ),
        ];
        for (r, problems) in cases {
            let what = format!("{} {}", r.id.value, r.url.value);
            let mut out = Vec::new();
            let checked = check_upstreams(vec![r], &mut out);
            assert_eq!(out.len(), problems, "{what}: {out:?}");
            assert_eq!(checked.len(), 1);
        }
        let mut out = Vec::new();
        let both = check_upstreams(
            vec![
                raw("github", "https://a.example/summary.json"),
                raw("github", "https://b.example/summary.json"),
            ],
            &mut out,
        );
        assert_eq!(out.len(), 1, "a duplicate id: {out:?}");
        assert_eq!(both[0].stale_after, DEFAULT_STALE_AFTER);
        assert!(!both[0].affects_overall);
    }
}

//! The site configuration, `content/statusmark.toml`: raw (as written, strict) and validated.

use jiff::SignedDuration;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::Deserialize;

use super::SourceFile;
use super::raw::{TimeText, find_key, find_value, from_toml};
use crate::diagnostic::Diagnostic;

/// Where the configuration lives, relative to the root.
pub const CONFIG_PATH: &str = "content/statusmark.toml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub base_url: Option<String>,
    #[serde(default)]
    pub logo: Option<String>,
    #[serde(default)]
    pub timezone: Option<String>,
    #[serde(default)]
    pub uptime_days: Option<i64>,
    #[serde(default)]
    pub notice_period: Option<String>,
    #[serde(default)]
    pub accent_color: Option<String>,
    #[serde(default)]
    pub footer: Option<String>,
    #[serde(default)]
    pub feed_entries: Option<usize>,
    #[serde(default)]
    pub links: RawLinks,
    #[serde(default)]
    pub groups: Vec<RawGroup>,
    #[serde(default)]
    pub components: Vec<RawComponent>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawLinks {
    #[serde(default)]
    pub support: Option<String>,
    #[serde(default)]
    pub contact: Option<String>,
    #[serde(default)]
    pub homepage: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGroup {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub collapsed: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawComponent {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub group: Option<String>,
    #[serde(default)]
    pub sla: Option<f64>,
    #[serde(default)]
    pub link: Option<String>,
    #[serde(default)]
    pub start_date: Option<TimeText>,
}

/// The validated configuration.
#[derive(Clone, Debug)]
pub struct Config {
    pub title: String,
    pub description: Option<String>,
    /// Absolute base URL ending in `/`, if configured (feeds and the sitemap need one).
    pub base_url: Option<String>,
    pub logo: Option<String>,
    pub timezone: Option<TimeZone>,
    pub timezone_name: String,
    pub uptime_days: u32,
    pub notice_period: SignedDuration,
    pub accent_color: Option<String>,
    pub footer: Option<String>,
    /// How many entries the Atom and RSS feeds carry.
    pub feed_entries: usize,
    pub links: Vec<(String, String)>,
    pub groups: Vec<Group>,
    pub components: Vec<Component>,
}

#[derive(Clone, Debug)]
pub struct Group {
    pub id: String,
    pub name: String,
    pub collapsed: bool,
}

#[derive(Clone, Debug)]
pub struct Component {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub group: Option<String>,
    pub sla: Option<f64>,
    pub link: Option<String>,
    pub start_date: Option<Date>,
}

impl Config {
    pub fn component(&self, id: &str) -> Option<&Component> {
        self.components.iter().find(|c| c.id == id)
    }

    pub fn zone(&self) -> TimeZone {
        self.timezone.clone().unwrap_or(TimeZone::UTC)
    }
}

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

/// The nearest valid id to `name`: lowercase, with runs of other characters turned into `-`.
pub fn slugify(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches(['-', '_']).to_owned()
}

pub fn parse(file: &SourceFile) -> Result<Config, Vec<Diagnostic>> {
    let path = file.path.as_str();
    let text = file.text.as_str();
    let raw: RawConfig = from_toml(path, text, text, 0).map_err(|d| vec![d])?;
    let mut errors = Vec::new();
    let err =
        |offset: usize, msg: String, help: &str| Diagnostic::error(path, msg).at_offset(text, offset).with_help(help);

    let timezone = match &raw.timezone {
        None => None,
        Some(name) => match TimeZone::get(name) {
            Ok(tz) => Some(tz),
            Err(_) => {
                errors.push(err(
                    find_value(text, "timezone", name),
                    format!("unknown time zone \"{name}\""),
                    "use an IANA name such as \"UTC\", \"Europe/Berlin\" or \"America/New_York\"",
                ));
                None
            }
        },
    };
    let uptime_days = match raw.uptime_days {
        None => 90,
        Some(n) if (1..=3650).contains(&n) => n as u32,
        Some(n) => {
            errors.push(err(
                find_key(text, "uptime_days").unwrap_or(0),
                format!("uptime_days = {n} is out of range"),
                "use a number of days between 1 and 3650",
            ));
            90
        }
    };
    let notice_period = match &raw.notice_period {
        None => SignedDuration::from_hours(48),
        Some(s) => match s.parse::<SignedDuration>() {
            Ok(d) if !d.is_negative() => d,
            _ => {
                errors.push(err(
                    find_value(text, "notice_period", s),
                    format!("notice_period \"{s}\" is not a duration"),
                    "write a duration such as \"48h\" or \"2 days\"",
                ));
                SignedDuration::from_hours(48)
            }
        },
    };
    let base_url = raw.base_url.as_ref().map(|u| {
        if !(u.starts_with("https://") || u.starts_with("http://")) {
            errors.push(err(
                find_value(text, "base_url", u),
                format!("base_url \"{u}\" is not an http(s) URL"),
                "write the full address, e.g. \"https://status.example.com/\"",
            ));
        }
        if u.ends_with('/') { u.clone() } else { format!("{u}/") }
    });

    // The accent colour lands in the stylesheet, so only a plain hex colour is accepted: config
    // text must not be able to inject CSS.
    if let Some(c) = &raw.accent_color {
        let hex = c.strip_prefix('#').unwrap_or("");
        if !matches!(hex.len(), 3 | 4 | 6 | 8) || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            errors.push(err(
                find_value(text, "accent_color", c),
                format!("accent_color \"{c}\" is not a hex colour"),
                "write a colour such as \"#7c3aed\"",
            ));
        }
    }
    if let Some(logo) = &raw.logo
        && !logo.starts_with("https://")
        && (logo.contains(['/', '\\']) || logo.starts_with('.') || logo.is_empty())
    {
        errors.push(err(
            find_value(text, "logo", logo),
            format!("logo \"{logo}\" is neither a file name nor an https URL"),
            "put the image in site/assets/ and write its file name, e.g. logo = \"logo.svg\", or give an https:// address",
        ));
    }
    let mut groups: Vec<Group> = Vec::new();
    for name in std::iter::once(&raw.title)
        .chain(raw.groups.iter().map(|g| &g.name))
        .chain(raw.components.iter().map(|c| &c.name))
    {
        if has_bidi_control(name) || name.chars().any(char::is_control) {
            // The file may hold an escape (`\u202E`) rather than the character: find the name by
            // what precedes the first bad character.
            let clean: String = name
                .chars()
                .take_while(|c| !c.is_control() && !has_bidi_control(&c.to_string()))
                .collect();
            let at = text.find(&format!("\"{clean}")).map_or(0, |i| i + 1);
            errors.push(err(
                at,
                "a name contains a control or bidirectional-override character".to_owned(),
                "names are plain text on one line; remove the invisible character",
            ));
        }
    }
    for g in raw.groups {
        if !valid_id(&g.id) {
            errors.push(err(
                find_value(text, "id", &g.id),
                format!("group id \"{}\" is not a valid id", g.id),
                "ids use lowercase letters, digits, `-` and `_`",
            ));
        } else if groups.iter().any(|x| x.id == g.id) {
            errors.push(err(
                find_value(text, "id", &g.id),
                format!("duplicate group id \"{}\"", g.id),
                "every group needs its own id",
            ));
        }
        groups.push(Group {
            id: g.id,
            name: g.name,
            collapsed: g.collapsed,
        });
    }
    let mut components: Vec<Component> = Vec::new();
    for c in raw.components {
        let id_at = text.find(&format!("\"{}\"", c.id)).map_or(0, |i| i + 1);
        if !valid_id(&c.id) {
            errors.push(err(
                id_at,
                format!("component id \"{}\" is not a valid id", c.id),
                "ids use lowercase letters, digits, `-` and `_`; they appear in URLs",
            ));
        } else if components.iter().any(|x| x.id == c.id) || groups.iter().any(|g| g.id == c.id) {
            errors.push(err(
                id_at,
                format!("duplicate id \"{}\"", c.id),
                "components and groups need distinct ids",
            ));
        }
        if let Some(g) = &c.group
            && !groups.iter().any(|x| &x.id == g)
        {
            let help = match crate::diagnostic::suggest(g, groups.iter().map(|x| x.id.as_str())) {
                Some(s) => format!("did you mean \"{s}\"?"),
                None => "declare the group under [[groups]] first".to_owned(),
            };
            errors.push(err(
                find_value(text, "group", g),
                format!("unknown group \"{g}\""),
                &help,
            ));
        }
        if let Some(sla) = c.sla
            && !(0.0..=100.0).contains(&sla)
        {
            errors.push(err(
                find_key(text, "sla").unwrap_or(0),
                format!("sla {sla} is not a percentage"),
                "write the target in percent, e.g. 99.9",
            ));
        }
        let start_date = c
            .start_date
            .as_ref()
            .and_then(|d| match d.0.get(..10).unwrap_or(&d.0).parse::<Date>() {
                Ok(date) => Some(date),
                Err(_) => {
                    errors.push(err(
                        find_value(text, "start_date", &d.0),
                        format!("start_date \"{}\" is not a date", d.0),
                        "write a date such as 2026-01-31",
                    ));
                    None
                }
            });
        components.push(Component {
            id: c.id,
            name: c.name,
            description: c.description,
            group: c.group,
            sla: c.sla,
            link: c.link,
            start_date,
        });
    }
    if components.is_empty() {
        errors.push(
            Diagnostic::error(path, "no components declared")
                .with_help("add at least one [[components]] table with an id and a name"),
        );
    }
    let mut links = Vec::new();
    for (label, url) in [
        ("Support", raw.links.support),
        ("Contact", raw.links.contact),
        ("Home", raw.links.homepage),
    ] {
        if let Some(url) = url {
            links.push((label.to_owned(), url));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Config {
        title: raw.title,
        description: raw.description,
        base_url,
        logo: raw.logo,
        timezone_name: raw.timezone.unwrap_or_else(|| "UTC".to_owned()),
        timezone,
        uptime_days,
        notice_period,
        accent_color: raw.accent_color,
        footer: raw.footer,
        feed_entries: raw.feed_entries.unwrap_or(50).clamp(1, 1000),
        links,
        groups,
        components,
    })
}

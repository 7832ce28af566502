//! The site configuration, `content/statusmark.toml`: raw (as written, strict) and validated.

use std::path::Path;

use jiff::SignedDuration;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::Deserialize;

use super::SourceFile;
use super::languages::{
    NameText, RawComponentText, RawGroupText, RawSiteText, RawTranslations, SiteText, Translations,
};
use super::measure::{AlertsConfig, Metric, Probe};
use super::notify::NotifyConfig;
use super::raw::{At, TimeText, Toml, from_toml};
use crate::diagnostic::{Diagnostic, suggest};

/// Where the configuration lives, relative to the root.
pub const CONFIG_PATH: &str = "content/statusmark.toml";

/// A configuration value with where it was written.
type Val<T> = At<T, Toml>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    pub title: Val<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub base_url: Option<Val<String>>,
    #[serde(default)]
    pub logo: Option<Val<String>>,
    #[serde(default)]
    pub timezone: Option<Val<String>>,
    /// The language of the pages: one of [`crate::i18n::LANGUAGES`].
    #[serde(default)]
    pub language: Option<Val<String>>,
    /// Every language the site is built in (`language`, or the first, at the root; the others
    /// under `/<code>/`).
    #[serde(default)]
    pub languages: Option<Vec<Val<String>>>,
    /// `[translations.<code>]`: the title, description and footer in another of `languages`.
    #[serde(default)]
    pub translations: RawTranslations<RawSiteText>,
    #[serde(default)]
    pub uptime_days: Option<Val<i64>>,
    #[serde(default)]
    pub notice_period: Option<Val<String>>,
    #[serde(default)]
    pub stale_after: Option<Val<String>>,
    #[serde(default)]
    pub accent_color: Option<Val<String>>,
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
    #[serde(default)]
    pub notify: Option<super::notify::RawNotify>,
    #[serde(default)]
    pub probes: Vec<super::measure::RawProbe>,
    #[serde(default)]
    pub metrics: Vec<super::measure::RawMetric>,
    #[serde(default)]
    pub alerts: Option<super::measure::RawAlerts>,
    /// The whole page's uptime target in percent, and every component's unless it sets its own.
    #[serde(default)]
    pub sla: Option<Val<f64>>,
    #[serde(default)]
    pub show_response_times: Option<bool>,
    #[serde(default)]
    pub response_targets: Option<super::reports::RawImpactTargets>,
    #[serde(default)]
    pub resolve_targets: Option<super::reports::RawImpactTargets>,
    #[serde(default)]
    pub upstreams: Vec<super::upstream::RawUpstream>,
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
    pub id: Val<String>,
    pub name: Val<String>,
    #[serde(default)]
    pub collapsed: bool,
    #[serde(default)]
    pub translations: RawTranslations<RawGroupText>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawComponent {
    pub id: Val<String>,
    pub name: Val<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub group: Option<Val<String>>,
    #[serde(default)]
    pub sla: Option<Val<f64>>,
    #[serde(default)]
    pub link: Option<String>,
    #[serde(default)]
    pub start_date: Option<Val<TimeText>>,
    #[serde(default)]
    pub translations: RawTranslations<RawComponentText>,
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
    /// The pages' language (`language`, English unless set): the language of the content, and
    /// of the pages at the root. In a [`Config::localized`] copy, the copy's language.
    pub language: &'static crate::i18n::Language,
    /// Every language the site is built in: [`Config::language`] first, then the others in the
    /// order `languages` gives them.
    pub languages: Vec<&'static crate::i18n::Language>,
    /// The site's title, description and footer in the other languages.
    pub translations: Translations<SiteText>,
    pub uptime_days: u32,
    pub notice_period: SignedDuration,
    /// How long after a build its pages count as out of date (`stale_after`, default 2 h): the
    /// feed carries it, and the page script warns visitors past it.
    pub stale_after: SignedDuration,
    pub accent_color: Option<String>,
    pub footer: Option<String>,
    /// How many entries the Atom and RSS feeds carry.
    pub feed_entries: usize,
    pub links: Vec<(String, String)>,
    pub groups: Vec<Group>,
    pub components: Vec<Component>,
    /// Where `statusmark notify` sends (`[notify]`).
    pub notify: NotifyConfig,
    /// What `statusmark probe` checks (`[[probes]]`).
    pub probes: Vec<Probe>,
    /// What `statusmark fetch` asks Prometheus for (`[[metrics]]`).
    pub metrics: Vec<Metric>,
    /// How Alertmanager alerts become draft incidents (`[alerts]`).
    pub alerts: AlertsConfig,
    /// The whole page's uptime target in percent (top-level `sla`); components without their
    /// own `sla` have this one.
    pub sla: Option<f64>,
    /// Whether incident pages show the time to first update and to resolution.
    pub show_response_times: bool,
    /// `[response_targets]` and `[resolve_targets]`.
    pub response_targets: super::reports::ResponseTargets,
    /// The services the site depends on, read by `statusmark fetch` (`[[upstreams]]`).
    pub upstreams: Vec<super::upstream::Upstream>,
}

#[derive(Clone, Debug)]
pub struct Group {
    pub id: String,
    pub name: String,
    pub collapsed: bool,
    pub translations: Translations<NameText>,
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
    pub translations: Translations<NameText>,
}

impl Config {
    pub fn component(&self, id: &str) -> Option<&Component> {
        self.components.iter().find(|c| c.id == id)
    }

    pub fn zone(&self) -> TimeZone {
        self.timezone.clone().unwrap_or(TimeZone::UTC)
    }
}

impl Config {
    /// The configuration as the pages in `lang` (one of [`Config::languages`]) show it: names,
    /// title, description, footer and link labels in that language where translations give
    /// them, and the base URL of that language's folder (`<base>/<code>/`).
    pub fn localized(&self, lang: &'static crate::i18n::Language) -> Config {
        let mut c = self.clone();
        if lang.code() == self.language.code() {
            return c;
        }
        c.language = lang;
        if let Some(t) = super::languages::find(&self.translations, lang.code()) {
            c.title = t.title.clone().unwrap_or(c.title);
            c.description = t.description.clone().or(c.description);
            c.footer = t.footer.clone().or(c.footer);
        }
        for g in &mut c.groups {
            if let Some(name) = super::languages::find(&g.translations, lang.code()).and_then(|t| t.name.clone()) {
                g.name = name;
            }
        }
        for m in &mut c.metrics {
            if let Some(name) = super::languages::find(&m.translations, lang.code()).and_then(|t| t.name.clone()) {
                m.name = name;
            }
        }
        for u in &mut c.upstreams {
            if let Some(name) = super::languages::find(&u.translations, lang.code()).and_then(|t| t.name.clone()) {
                u.name = name;
            }
        }
        for comp in &mut c.components {
            if let Some(t) = super::languages::find(&comp.translations, lang.code()) {
                comp.name = t.name.clone().unwrap_or_else(|| comp.name.clone());
                comp.description = t.description.clone().or_else(|| comp.description.clone());
            }
        }
        c.links = self
            .links
            .iter()
            .map(|(label, url)| (super::languages::relabel(self.language, lang, label), url.clone()))
            .collect();
        c.base_url = self.base_url.as_ref().map(|b| format!("{b}{}/", lang.code()));
        c
    }
}

pub use super::ids::valid_id;

pub use super::ids::has_bidi_control;

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

/// Collects the configuration's problems, each pointing at the value that has it.
struct Problems<'a> {
    file: &'a SourceFile,
    errors: Vec<Diagnostic>,
}

impl Problems<'_> {
    fn at<T>(&mut self, value: &Val<T>, message: String, help: &str) {
        let offset = value.text_start(&self.file.text);
        self.errors.push(
            Diagnostic::error(&self.file.path, message)
                .at_offset(&self.file.text, offset)
                .with_help(help),
        );
    }
}

/// Read and validate the configuration.
pub fn parse(file: &SourceFile) -> Result<Config, Vec<Diagnostic>> {
    let raw: RawConfig = from_toml(&file.path, &file.text, &file.text, 0).map_err(|d| vec![d])?;
    let mut p = Problems {
        file,
        errors: Vec::new(),
    };
    let timezone = raw.timezone.as_ref().and_then(|name| check_timezone(&mut p, name));
    let (language, languages) = check_languages(&mut p, &raw);
    let uptime_days = raw.uptime_days.as_ref().map_or(90, |n| check_uptime_days(&mut p, n));
    let notice_period = raw
        .notice_period
        .as_ref()
        .map_or(SignedDuration::from_hours(48), |s| check_notice_period(&mut p, s));
    let stale_after = raw
        .stale_after
        .as_ref()
        .map_or(SignedDuration::from_hours(2), |s| check_stale_after(&mut p, s));
    let base_url = raw.base_url.as_ref().map(|u| check_base_url(&mut p, u));
    check_looks(&mut p, &raw);
    check_names(&mut p, &raw);
    let translations = super::languages::texts(&raw.translations, &languages, &mut |v, m, h| p.at(v, m, h));
    let groups = check_groups(&mut p, raw.groups, &languages);
    let sla = raw.sla.as_ref().and_then(|s| check_sla(&mut p, s));
    let mut components = check_components(&mut p, raw.components, &groups, &languages);
    for c in &mut components {
        c.sla = c.sla.or(sla);
    }
    let ids: Vec<&str> = components
        .iter()
        .map(|c| c.id.as_str())
        .filter(|id| valid_id(id))
        .collect();
    let mut found = Vec::new();
    let notify = raw
        .notify
        .map_or_else(NotifyConfig::default, |n| super::notify::check(n, &ids, &mut found));
    let probes = super::measure::check_probes(raw.probes, &ids, &mut found);
    let (metrics, upstreams) = check_named(&mut p, (raw.metrics, raw.upstreams), &ids, &languages, &mut found);
    let alerts = raw
        .alerts
        .map_or_else(AlertsConfig::default, |a| super::measure::check_alerts(a, &mut found));
    let response_targets = super::reports::ResponseTargets {
        respond: super::reports::check_targets(raw.response_targets, "response_targets", &mut found),
        resolve: super::reports::check_targets(raw.resolve_targets, "resolve_targets", &mut found),
    };
    for (span, message, help) in found {
        let offset = span.start + usize::from(file.text.get(span.start..).is_some_and(|s| s.starts_with(['"', '\''])));
        p.errors.push(
            Diagnostic::error(&file.path, message)
                .at_offset(&file.text, offset)
                .with_help(&help),
        );
    }
    if components.is_empty() {
        p.errors.push(
            Diagnostic::error(&file.path, "no components declared")
                .with_help("add at least one [[components]] table with an id and a name"),
        );
    }
    if !p.errors.is_empty() {
        return Err(p.errors);
    }
    let links = [
        ("link-support", raw.links.support),
        ("link-contact", raw.links.contact),
        ("link-home", raw.links.homepage),
    ]
    .into_iter()
    .filter_map(|(label, url)| Some((language.say(label), url?)))
    .collect();
    Ok(Config {
        title: raw.title.value,
        description: raw.description,
        base_url,
        logo: raw.logo.map(|l| l.value),
        timezone_name: raw.timezone.map_or_else(|| "UTC".to_owned(), |t| t.value),
        timezone,
        language,
        languages,
        translations,
        uptime_days,
        notice_period,
        stale_after,
        accent_color: raw.accent_color.map(|c| c.value),
        footer: raw.footer,
        feed_entries: raw.feed_entries.unwrap_or(50).clamp(1, 1000),
        links,
        groups,
        components,
        notify,
        probes,
        metrics,
        alerts,
        sla,
        show_response_times: raw.show_response_times.unwrap_or(false),
        response_targets,
        upstreams,
    })
}

/// [`parse`], then check that a logo given as a file name exists under `root`'s `site/assets/`.
pub fn parse_in(file: &SourceFile, root: &Path) -> Result<Config, Vec<Diagnostic>> {
    let config = parse(file)?;
    check_logo(&config, file, root)?;
    Ok(config)
}

/// The configuration's logo, unless an `https://` address, is a file under `site/assets/`
/// (`file`: what `config` was parsed from, to place the caret).
pub fn check_logo(config: &Config, file: &SourceFile, root: &Path) -> Result<(), Vec<Diagnostic>> {
    let Some(logo) = config.logo.as_deref().filter(|l| !l.starts_with("https://")) else {
        return Ok(());
    };
    if root.join("site/assets").join(logo).is_file() {
        return Ok(());
    }
    // The file parsed a moment ago, so it reads again; its span places the caret.
    let offset = from_toml::<RawConfig>(&file.path, &file.text, &file.text, 0)
        .ok()
        .and_then(|raw| raw.logo.map(|l| l.text_start(&file.text)))
        .unwrap_or(0);
    Err(vec![
        Diagnostic::error(&file.path, format!("the logo file site/assets/{logo} does not exist"))
            .at_offset(&file.text, offset)
            .with_help(
                "put the image in site/assets/ (it is copied to assets/ in the output), or give an https:// address",
            ),
    ])
}

fn check_timezone(p: &mut Problems<'_>, name: &Val<String>) -> Option<TimeZone> {
    TimeZone::get(&name.value)
        .map_err(|_| {
            p.at(
                name,
                format!("unknown time zone \"{}\"", name.value),
                "use an IANA name such as \"UTC\", \"Europe/Berlin\" or \"America/New_York\"",
            );
        })
        .ok()
}

/// `[[metrics]]` and `[[upstreams]]`, with their names in the other languages (checked here,
/// where the languages are known).
fn check_named(
    p: &mut Problems<'_>,
    (metrics, upstreams): (Vec<super::measure::RawMetric>, Vec<super::upstream::RawUpstream>),
    ids: &[&str],
    languages: &[&'static crate::i18n::Language],
    found: &mut Vec<super::notify::Problem>,
) -> (Vec<Metric>, Vec<super::upstream::Upstream>) {
    let mut report = |v: &Val<String>, m: String, h: &str| p.at(v, m, h);
    let metric_names: Vec<_> = metrics
        .iter()
        .map(|m| super::languages::texts(&m.translations, languages, &mut report))
        .collect();
    let upstream_names: Vec<_> = upstreams
        .iter()
        .map(|u| super::languages::texts(&u.translations, languages, &mut report))
        .collect();
    let mut metrics = super::measure::check_metrics(metrics, ids, found);
    for (m, names) in metrics.iter_mut().zip(metric_names) {
        m.translations = names;
    }
    let mut upstreams = super::upstream::check_upstreams(upstreams, found);
    for (u, names) in upstreams.iter_mut().zip(upstream_names) {
        u.translations = names;
    }
    (metrics, upstreams)
}

/// `language` and `languages`: the site's language, and every language it is built in.
fn check_languages(
    p: &mut Problems<'_>,
    raw: &RawConfig,
) -> (&'static crate::i18n::Language, Vec<&'static crate::i18n::Language>) {
    let language = raw
        .language
        .as_ref()
        .map_or_else(crate::i18n::english, |l| check_language(p, l));
    let languages = super::languages::check_languages(
        (raw.language.as_ref(), raw.languages.as_deref()),
        language,
        &mut |v, m, h| p.at(v, m, h),
    );
    // Without `language`, the first of `languages` is the site's.
    (languages.first().copied().unwrap_or(language), languages)
}

fn check_language(p: &mut Problems<'_>, code: &Val<String>) -> &'static crate::i18n::Language {
    crate::i18n::language(&code.value).unwrap_or_else(|| {
        let help = match suggest(&code.value, crate::i18n::LANGUAGES) {
            Some(near) => format!(
                "did you mean \"{near}\"? Statusmark speaks {}",
                crate::i18n::LANGUAGES.join(", ")
            ),
            None => format!("use one of {} (ISO 639-1 codes)", crate::i18n::LANGUAGES.join(", ")),
        };
        p.at(code, format!("unknown language \"{}\"", code.value), &help);
        crate::i18n::english()
    })
}

fn check_uptime_days(p: &mut Problems<'_>, n: &Val<i64>) -> u32 {
    match u32::try_from(n.value) {
        Ok(days) if (1..=3650).contains(&days) => days,
        _ => {
            p.at(
                n,
                format!("uptime_days = {} is out of range", n.value),
                "use a number of days between 1 and 3650",
            );
            90
        }
    }
}

fn check_stale_after(p: &mut Problems<'_>, s: &Val<String>) -> SignedDuration {
    match s.value.parse::<SignedDuration>() {
        Ok(d) if d >= SignedDuration::from_mins(1) && d <= SignedDuration::from_hours(24 * 366) => d,
        _ => {
            p.at(
                s,
                format!(
                    "stale_after \"{}\" is not a duration between 1 minute and a year",
                    s.value
                ),
                "write how long a build stays current, such as \"2h\", \"90m\" or \"24h\"",
            );
            SignedDuration::from_hours(2)
        }
    }
}

fn check_notice_period(p: &mut Problems<'_>, s: &Val<String>) -> SignedDuration {
    match s.value.parse::<SignedDuration>() {
        Ok(d) if !d.is_negative() => d,
        _ => {
            p.at(
                s,
                format!("notice_period \"{}\" is not a duration", s.value),
                "write a duration in hours or minutes, such as \"48h\" or \"90m\"",
            );
            SignedDuration::from_hours(48)
        }
    }
}

/// Absolute base URL ending in `/`.
fn check_base_url(p: &mut Problems<'_>, u: &Val<String>) -> String {
    let url = &u.value;
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        p.at(
            u,
            format!("base_url \"{url}\" is not an http(s) URL"),
            "write the full address, e.g. \"https://status.example.com/\"",
        );
    }
    if url.ends_with('/') {
        url.clone()
    } else {
        format!("{url}/")
    }
}

/// The accent colour and the logo: both land in the page, so only safe shapes are accepted.
fn check_looks(p: &mut Problems<'_>, raw: &RawConfig) {
    // The accent colour lands in the stylesheet, so only a plain hex colour is accepted: config
    // text must not be able to inject CSS.
    if let Some(c) = &raw.accent_color {
        let hex = c.value.strip_prefix('#').unwrap_or("");
        if !matches!(hex.len(), 3 | 4 | 6 | 8) || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            p.at(
                c,
                format!("accent_color \"{}\" is not a hex colour", c.value),
                "write a colour such as \"#7c3aed\"",
            );
        }
    }
    if let Some(logo) = &raw.logo {
        let l = &logo.value;
        if !l.starts_with("https://") && (l.contains(['/', '\\']) || l.starts_with('.') || l.is_empty()) {
            p.at(
                logo,
                format!("logo \"{l}\" is neither a file name nor an https URL"),
                "put the image in site/assets/ and write its file name, e.g. logo = \"logo.svg\", or give an https:// address",
            );
        }
    }
}

/// The site title and every group and component name are one line of visible text.
fn check_names(p: &mut Problems<'_>, raw: &RawConfig) {
    let names = std::iter::once(&raw.title)
        .chain(raw.groups.iter().map(|g| &g.name))
        .chain(raw.components.iter().map(|c| &c.name));
    for name in names {
        if has_bidi_control(&name.value) || name.value.chars().any(char::is_control) {
            p.at(
                name,
                "a name contains a control or bidirectional-override character".to_owned(),
                "names are plain text on one line; remove the invisible character",
            );
        }
    }
}

fn check_groups(p: &mut Problems<'_>, raw: Vec<RawGroup>, languages: &[&'static crate::i18n::Language]) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for g in raw {
        if !valid_id(&g.id.value) {
            p.at(
                &g.id,
                format!("group id \"{}\" is not a valid id", g.id.value),
                "ids use lowercase letters, digits, `-` and `_`",
            );
        } else if groups.iter().any(|x| x.id == g.id.value) {
            p.at(
                &g.id,
                format!("duplicate group id \"{}\"", g.id.value),
                "every group needs its own id",
            );
        }
        let translations = super::languages::texts(&g.translations, languages, &mut |v, m, h| p.at(v, m, h));
        groups.push(Group {
            id: g.id.value,
            name: g.name.value,
            collapsed: g.collapsed,
            translations,
        });
    }
    groups
}

fn check_components(
    p: &mut Problems<'_>,
    raw: Vec<RawComponent>,
    groups: &[Group],
    languages: &[&'static crate::i18n::Language],
) -> Vec<Component> {
    let mut components: Vec<Component> = Vec::new();
    for c in raw {
        let id = &c.id.value;
        if !valid_id(id) {
            p.at(
                &c.id,
                format!("component id \"{id}\" is not a valid id"),
                "ids use lowercase letters, digits, `-` and `_`; they appear in URLs",
            );
        } else if components.iter().any(|x| &x.id == id) || groups.iter().any(|g| &g.id == id) {
            p.at(
                &c.id,
                format!("duplicate id \"{id}\""),
                "components and groups need distinct ids",
            );
        }
        let component = check_component(p, c, groups, languages);
        components.push(component);
    }
    components
}

/// An uptime target in percent.
fn check_sla(p: &mut Problems<'_>, sla: &Val<f64>) -> Option<f64> {
    if (0.0..=100.0).contains(&sla.value) {
        return Some(sla.value);
    }
    p.at(
        sla,
        format!("sla {} is not a percentage", sla.value),
        "write the target in percent, e.g. 99.9",
    );
    None
}

/// One component's group, SLA and start date.
fn check_component(
    p: &mut Problems<'_>,
    c: RawComponent,
    groups: &[Group],
    languages: &[&'static crate::i18n::Language],
) -> Component {
    if let Some(g) = &c.group
        && !groups.iter().any(|x| x.id == g.value)
    {
        let help = match suggest(&g.value, groups.iter().map(|x| x.id.as_str())) {
            Some(s) => format!("did you mean \"{s}\"?"),
            None => "declare the group under [[groups]] first".to_owned(),
        };
        p.at(g, format!("unknown group \"{}\"", g.value), &help);
    }
    if let Some(sla) = &c.sla {
        check_sla(p, sla);
    }
    let start_date = c.start_date.as_ref().and_then(|d| {
        let text = &d.value.0;
        text.get(..10)
            .unwrap_or(text)
            .parse::<Date>()
            .map_err(|_| {
                p.at(
                    d,
                    format!("start_date \"{text}\" is not a date"),
                    "write a date such as 2026-01-31",
                );
            })
            .ok()
    });
    let translations = super::languages::texts(&c.translations, languages, &mut |v, m, h| p.at(v, m, h));
    Component {
        id: c.id.value,
        name: c.name.value,
        description: c.description,
        group: c.group.map(|g| g.value),
        sla: c.sla.map(|s| s.value),
        link: c.link,
        start_date,
        translations,
    }
}

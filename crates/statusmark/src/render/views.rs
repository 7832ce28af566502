//! What templates see: plain view structs built from the model, the theme's template environment
//! and the one pagination rule. Every value reaches templates through these structs, and
//! templates autoescape: only Markdown already made safe by [`crate::markdown::to_html`] is
//! marked `|safe`.

use jiff::Timestamp;
use minijinja::Environment;
use serde::Serialize;
use statusmark_feed::{ComponentStatus, MaintenancePhase};

use super::assets::AssetPaths;
use super::bodies::BodyHtml;
use super::fields::template_fields;
use super::plan::Key;
use super::{RenderContext, RenderError};
use crate::content::config::Component;
use crate::content::incident::IncidentText;
use crate::content::notify::{ChannelKind, NotifyConfig};
use crate::content::translation::Shown;
use crate::content::{Incident, Maintenance};
use crate::i18n::{Arg, Language};
use crate::markdown::to_html;
use crate::model::SiteModel;
use crate::theme::Theme;

pub mod incident_main;

#[derive(Hash, Clone, Debug)]
pub struct TimeView {
    /// RFC 3339 UTC, for `<time datetime>`.
    iso: String,
    /// Readable, in the site's zone.
    text: String,
}
template_fields!(TimeView { iso, text });

/// The site-wide part of every page.
#[derive(Debug, Serialize)]
pub struct SiteView {
    /// The pages' language, for `<html lang>`.
    lang: &'static str,
    /// The page script's messages in that language (JSON), when it is not English.
    labels: Option<String>,
    title: String,
    description: Option<String>,
    logo: Option<String>,
    links: Vec<LinkView>,
    footer: Option<String>,
    accent_color: Option<String>,
    timezone: String,
    stylesheet: String,
    widget_loader: Option<String>,
    page_loader: Option<String>,
    generated: TimeView,
    subscribe: SubscribeView,
    /// From this language's folder to the site's root, where the files every language shares
    /// are: `""`, or `"../"` in another language's folder.
    up: &'static str,
    /// The site's languages, for the switcher and `hreflang` alternates; empty with one language.
    languages: Vec<LanguageLink>,
    /// The site's own base URL (not a language folder's), for absolute alternates.
    site_base: Option<String>,
}

/// One of a site's languages, as the pages link to it.
#[derive(Debug, Serialize)]
struct LanguageLink {
    code: &'static str,
    /// In itself ("Deutsch").
    name: String,
    /// Its folder under the site's root: `""` for the root's language, `"de/"`.
    prefix: String,
    /// The language of the page showing the link.
    current: bool,
}

#[derive(Debug, Serialize)]
struct LinkView {
    label: String,
    url: String,
}

/// What the Subscribe menu offers besides the feeds: the public links of `[notify]`. Only these
/// reach pages; endpoint addresses and everything named by an environment variable never do.
#[derive(Debug, Serialize)]
struct SubscribeView {
    /// `[notify.email] signup_url`.
    email: Option<String>,
    /// Chat channels with a `join_url`, in configuration order, each link once.
    chats: Vec<ChatView>,
}

#[derive(Debug, PartialEq, Serialize)]
struct ChatView {
    /// The service's name for people ("Slack").
    name: &'static str,
    url: String,
}

/// Configuration validation allows only http(s) addresses; pages check again rather than trust
/// every way a `Config` can be made.
fn web_url(url: &str) -> bool {
    url.starts_with("https://") || url.starts_with("http://")
}

impl SubscribeView {
    fn new(notify: &NotifyConfig) -> SubscribeView {
        let mut chats: Vec<ChatView> = Vec::new();
        for e in &notify.endpoints {
            // A webhook is for programs; there is nothing for a person to join.
            if e.kind == ChannelKind::Webhook {
                continue;
            }
            if let Some(url) = e.join_url.as_deref().filter(|u| web_url(u)) {
                let chat = ChatView {
                    name: e.kind.label(),
                    url: url.to_owned(),
                };
                if !chats.contains(&chat) {
                    chats.push(chat);
                }
            }
        }
        SubscribeView {
            email: notify
                .email
                .as_ref()
                .and_then(|e| e.signup_url.clone())
                .filter(|u| web_url(u)),
            chats,
        }
    }
}

/// A component page's own feeds, for its `<head>` and its Subscribe menu.
#[derive(Debug, Serialize)]
pub struct ComponentFeeds<'a> {
    pub name: &'a str,
    /// The component's folder, relative to the page (`history.atom`, `history.rss` and
    /// `maintenance.ics` are in it).
    pub base: String,
}

impl SiteView {
    pub fn new(model: &SiteModel, assets: &AssetPaths, zone: &jiff::tz::TimeZone) -> SiteView {
        let cfg = &model.config;
        let source = cfg.languages.first().map_or(cfg.language.code(), |l| l.code());
        let at_root = cfg.language.code() == source;
        let up = if at_root { "" } else { "../" };
        let languages = if cfg.languages.len() < 2 {
            Vec::new()
        } else {
            cfg.languages
                .iter()
                .enumerate()
                .map(|(n, l)| LanguageLink {
                    code: l.code(),
                    name: l.say("language-name"),
                    prefix: if n == 0 {
                        String::new()
                    } else {
                        format!("{}/", l.code())
                    },
                    current: l.code() == cfg.language.code(),
                })
                .collect()
        };
        let site_base = cfg.base_url.as_deref().map(|b| {
            b.strip_suffix(&format!("{}/", cfg.language.code()))
                .filter(|_| !at_root)
                .unwrap_or(b)
                .to_owned()
        });
        // Assets are shared, at the root.
        let shared = |path: &String| [up, path.as_str()].concat();
        SiteView {
            up,
            languages,
            site_base,
            lang: cfg.language.code(),
            labels: cfg.language.page_script_labels(),
            title: cfg.title.clone(),
            description: cfg.description.clone(),
            logo: cfg.logo.clone(),
            links: cfg
                .links
                .iter()
                .map(|(label, url)| LinkView {
                    label: label.clone(),
                    url: url.clone(),
                })
                .collect(),
            footer: cfg.footer.clone(),
            accent_color: cfg.accent_color.clone(),
            timezone: cfg.timezone_name.clone(),
            stylesheet: shared(&assets.stylesheet),
            widget_loader: assets.widget_loader.as_ref().map(shared),
            page_loader: assets.page_loader.as_ref().map(shared),
            generated: time_view(model.now, zone, cfg.language),
            subscribe: SubscribeView::new(&cfg.notify),
        }
    }
}

#[derive(Hash, Serialize)]
pub struct DayView {
    class: &'static str,
    label: String,
}

/// A component's days for templates (`c.days|length`, `c.days[n].label`): each day's words are
/// worked out only when a template reads them, as the default theme never does (its bars and day
/// lists are [`BarPath`] and [`DayRun`]), and they were a third of the home page's work.
#[derive(Clone, Debug)]
pub struct Days(std::sync::Arc<DayList>);

#[derive(Debug, Hash)]
pub struct DayList {
    days: Vec<Day>,
    lang: LangCode,
}

/// A language, compared and hashed by its code.
#[derive(Debug)]
struct LangCode(&'static Language);

impl std::hash::Hash for LangCode {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.0.code().hash(h);
    }
}

/// What one day's words say: its date, colour, and (with data) the incidents and downtime.
#[derive(Debug, Hash)]
struct Day {
    date: jiff::civil::Date,
    class: &'static str,
    /// `None` without data; else the titles of the incidents that touched it, `"; "`-joined.
    titles: Option<String>,
    downtime: Option<String>,
}

impl Day {
    fn view(&self, lang: &Language) -> DayView {
        let date = lang.date(self.date);
        let mut label = match &self.titles {
            None => lang.text("day-no-data", &[("date", date.into())]),
            Some(t) if t.is_empty() => lang.text("day-no-incidents", &[("date", date.into())]),
            Some(t) => lang.text("day-incidents", &[("date", date.into()), ("titles", t.as_str().into())]),
        };
        if let Some(downtime) = &self.downtime {
            label.push(' ');
            label.push_str(downtime);
        }
        DayView {
            class: self.class,
            label,
        }
    }
}

impl std::hash::Hash for Days {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.0.hash(h);
    }
}

impl minijinja::value::Object for DayList {
    fn repr(self: &std::sync::Arc<Self>) -> minijinja::value::ObjectRepr {
        minijinja::value::ObjectRepr::Seq
    }

    fn get_value(self: &std::sync::Arc<Self>, key: &minijinja::Value) -> Option<minijinja::Value> {
        let day = self.days.get(key.as_usize()?)?;
        Some(minijinja::Value::from_serialize(day.view(self.lang.0)))
    }

    fn enumerate(self: &std::sync::Arc<Self>) -> minijinja::value::Enumerator {
        minijinja::value::Enumerator::Seq(self.days.len())
    }
}

impl Serialize for Days {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        minijinja::Value::from_dyn_object(std::sync::Arc::clone(&self.0)).serialize(s)
    }
}

#[derive(Hash, Serialize)]
pub struct ComponentView<'a> {
    id: &'a str,
    name: &'a str,
    description: Option<&'a str>,
    status: &'static str,
    /// Shared with what `serve` keeps for the next rebuild.
    #[serde(flatten)]
    figures: std::sync::Arc<ComponentFigures>,
}

/// What a component's view works out from the model, in the page's language: everything but its
/// configured names. `serve` keeps it from one rebuild to the next ([`super::KeptViews`]).
#[derive(Clone, Hash, Serialize)]
pub struct ComponentFigures {
    status_label: String,
    uptime: Option<String>,
    sla: Option<String>,
    sla_met: Option<bool>,
    /// One entry per day, oldest first (kept for themes that draw their own bars).
    days: Days,
    /// The bar as one SVG path per colour: a handful of elements instead of one per day.
    bar: Vec<BarPath>,
    /// Every day's details as text, consecutive uneventful days (same colour, no incident, no
    /// downtime) joined into one line: what keyboard, touch and screen-reader users read.
    day_runs: Vec<DayRun>,
}

/// The days of one colour in an uptime bar.
#[derive(Clone, Hash, Serialize)]
pub struct BarPath {
    class: &'static str,
    /// SVG path data: a 4 × 30 rectangle every 5 units, numbers only.
    d: String,
    /// A tooltip for pointer users: the status and which days have it.
    title: String,
}

/// One day, or a stretch of uneventful days, in words.
#[derive(Clone, Hash, Serialize, PartialEq, Debug)]
pub struct DayRun {
    class: &'static str,
    text: String,
}

#[derive(Hash, Serialize)]
pub struct GroupView<'a> {
    id: Option<&'a str>,
    name: Option<&'a str>,
    open: bool,
    status: &'static str,
    status_label: String,
    components: Vec<ComponentView<'a>>,
}

/// A service the site depends on, as its last snapshot says (see [`crate::model::UpstreamState`]).
#[derive(Hash, Serialize)]
pub struct UpstreamView<'a> {
    id: &'a str,
    name: &'a str,
    /// Its own status page.
    link: Option<&'a str>,
    status: &'static str,
    /// "Operational", or for a stale snapshot "Unknown — last known Operational at …".
    status_label: String,
    fetched: Option<TimeView>,
    stale: bool,
    affects_overall: bool,
    components: Vec<UpstreamComponentView<'a>>,
    missing: &'a [String],
    incidents: Vec<&'a str>,
    maintenances: Vec<&'a str>,
}

#[derive(Hash, Serialize)]
pub struct UpstreamComponentView<'a> {
    name: &'a str,
    status: &'static str,
    status_label: String,
}

#[derive(Hash, Clone)]
pub struct UpdateView {
    status: &'static str,
    label: String,
    at: TimeView,
    /// See [`rendered`].
    html: minijinja::Value,
    /// On a page in another language: the original's language code, when this update is not
    /// translated (the page says so, and marks the text with `lang`).
    original_lang: Option<&'static str>,
}
template_fields!(UpdateView {
    status,
    label,
    at,
    html,
    original_lang
});

/// An incident as its page and its card read it (about 40 `incident.…` on a page); templates see
/// the fields listed in [`template_fields!`] below.
#[derive(Hash)]
pub struct IncidentView<'a> {
    /// The original's language code, when the whole incident is shown untranslated on a page in
    /// another language.
    original_lang: Option<&'static str>,
    resolved: Option<TimeView>,
    started: TimeView,
    duration: String,
    summary_html: minijinja::Value,
    /// The same as `original_lang` for the summary alone, and for the postmortem alone.
    summary_lang: Option<&'static str>,
    postmortem_lang: Option<&'static str>,
    updates: Vec<UpdateView>,
    components: Vec<AffectedView<'a>>,
    /// Time to first update and to resolve, when `show_response_times` is on.
    response: Option<ResponseView>,
    postmortem_html: Option<minijinja::Value>,
    slug: &'a str,
    title: &'a str,
    impact: &'static str,
    impact_label: String,
    status: &'static str,
    status_label: String,
    latest: Option<UpdateView>,
    /// The summary as plain text, for the page's description (not listed for templates).
    pub summary_plain: String,
}
template_fields!(IncidentView<'_> {
    original_lang, resolved, started, duration, summary_html, summary_lang, postmortem_lang,
    updates, components, response, postmortem_html, slug, title, impact, impact_label, status,
    status_label, latest
});

#[derive(Hash)]
pub struct ResponseView {
    respond: MeasuredView,
    resolve: MeasuredView,
}
template_fields!(ResponseView { respond, resolve });

/// One response time: how long it took ("still running" when `None`), the target, whether met.
#[derive(Hash)]
pub struct MeasuredView {
    took: Option<String>,
    target: Option<String>,
    /// "met" or "missed"; `None`: no target, or not decided yet.
    verdict: Option<&'static str>,
}
template_fields!(MeasuredView { took, target, verdict });

impl MeasuredView {
    fn new(m: crate::model::response::Measured, lang: &Language) -> MeasuredView {
        MeasuredView {
            took: m.took.map(|d| lang.duration(d)),
            target: m.target.map(|d| lang.duration(d)),
            verdict: m.met.map(|met| if met { "met" } else { "missed" }),
        }
    }
}

#[derive(Hash)]
pub struct AffectedView<'a> {
    id: &'a str,
    name: &'a str,
    status: &'static str,
    status_label: String,
}
template_fields!(AffectedView<'_> { id, name, status, status_label });

#[derive(Hash)]
pub struct MaintenanceView<'a> {
    slug: &'a str,
    title: &'a str,
    phase: &'static str,
    phase_label: String,
    /// In progress (or verifying) past its scheduled end.
    overrunning: bool,
    emergency: bool,
    /// The front matter's reason, on a cancelled window.
    cancel_reason: Option<&'a str>,
    scheduled_for: TimeView,
    scheduled_until: TimeView,
    components: Vec<AffectedView<'a>>,
    summary_html: minijinja::Value,
    updates: Vec<UpdateView>,
    /// For an occurrence of a recurring window: its series.
    series: Option<SeriesView<'a>>,
    /// See [`IncidentView`]'s.
    original_lang: Option<&'static str>,
    summary_lang: Option<&'static str>,
}
template_fields!(MaintenanceView<'_> {
    slug, title, phase, phase_label, overrunning, emergency, cancel_reason, scheduled_for,
    scheduled_until, components, summary_html, updates, series, original_lang, summary_lang
});

/// A recurring window as an occurrence's page shows it.
#[derive(Hash)]
pub struct SeriesView<'a> {
    /// The IANA zone its local times are in.
    zone: &'a str,
    rule: &'a str,
    /// This occurrence's start and end in that zone.
    local_start: String,
    local_end: String,
    /// The occurrences not over yet, soonest first.
    next: Vec<OccurrenceView<'a>>,
}
template_fields!(SeriesView<'_> { zone, rule, local_start, local_end, next });

#[derive(Hash)]
pub struct OccurrenceView<'a> {
    slug: &'a str,
    start: TimeView,
    /// Its start in the series' zone.
    local: String,
    cancelled: bool,
    /// The occurrence whose page this is.
    this: bool,
}
template_fields!(OccurrenceView<'_> { slug, start, local, cancelled, this });

/// Markdown rendered to HTML (its raw HTML escaped, its links checked: [`to_html`]), marked safe
/// for the templates, which write it as it is. Marked here rather than by `|safe` in each
/// template: the filter copies the text twice, to take it and to mark it, for every update of
/// every page (1 % of a build's instructions at N = 10,000); `|safe` on a marked value still works.
fn rendered(html: String) -> minijinja::Value {
    minijinja::Value::from_safe_string(html)
}

pub fn time_view(t: Timestamp, zone: &jiff::tz::TimeZone, lang: &Language) -> TimeView {
    TimeView {
        iso: super::feed::rfc3339(t),
        text: lang.date_time(&t.to_zoned(zone.clone())),
    }
}

impl<'m> RenderContext<'m> {
    pub fn time(&self, t: Timestamp) -> TimeView {
        time_view(t, &self.zone, self.lang)
    }

    fn affected(&self, id: &'m str, status: ComponentStatus) -> AffectedView<'m> {
        let name = self.model.config.component(id).map_or(id, |c| c.name.as_str());
        AffectedView {
            id,
            name,
            status: status.as_str(),
            status_label: self.lang.status(status),
        }
    }

    /// An update with its body's HTML.
    fn update(&self, status: &'static str, label: String, at: Timestamp, html: String) -> UpdateView {
        UpdateView {
            status,
            label,
            at: self.time(at),
            html: rendered(html),
            original_lang: None,
        }
    }

    /// In a page in another language than the content's, whether an item with `translated` is
    /// shown untranslated as a whole (no translation exists): its original language.
    pub fn untranslated(&self, translated: Option<&Shown>) -> Option<&'static str> {
        let original = self.source.code();
        (translated.is_none() && self.lang.code() != original).then_some(original)
    }

    /// An incident with its Markdown (`text`, read once by the caller) rendered.
    pub fn incident(&self, i: &'m Incident, text: &IncidentText<'_>) -> IncidentView<'m> {
        self.incident_with(i, BodyHtml::of(text, i.updates.len()))
    }

    /// An incident with its Markdown already rendered (`body`).
    pub(crate) fn incident_with(&self, i: &'m Incident, body: BodyHtml) -> IncidentView<'m> {
        let BodyHtml {
            summary: summary_html,
            summary_plain,
            updates: bodies,
            postmortem,
        } = body;
        let status = i.status();
        let end = i.resolved.unwrap_or(self.model.now);
        let part = |shown: Option<&Shown>, n: usize| {
            shown
                .filter(|s| s.untranslated_updates.get(n) == Some(&true))
                .map(|s| s.original)
        };
        let update = |(n, (u, html)): (usize, (&crate::content::incident::Update, String))| UpdateView {
            original_lang: part(i.translated.as_ref(), n),
            ..self.update(u.status.as_str(), self.lang.incident_status(u.status), u.at, html)
        };
        let updates: Vec<UpdateView> = i.updates.iter().zip(bodies).enumerate().map(update).collect();
        IncidentView {
            slug: &i.slug,
            title: &i.title,
            impact: i.impact.as_str(),
            impact_label: self.lang.impact(i.impact),
            status: status.as_str(),
            status_label: self.lang.incident_status(status),
            started: self.time(i.started),
            resolved: i.resolved.map(|r| self.time(r)),
            duration: self.lang.duration(end.duration_since(i.started)),
            components: i.affected().map(|id| self.affected(id, first_status(i, id))).collect(),
            summary_html: rendered(summary_html),
            summary_plain,
            latest: updates.first().cloned(),
            updates,
            postmortem_html: postmortem.map(rendered),
            original_lang: self.untranslated(i.translated.as_ref()),
            postmortem_lang: i
                .translated
                .as_ref()
                .filter(|s| s.untranslated_postmortem)
                .map(|s| s.original),
            summary_lang: i
                .translated
                .as_ref()
                .filter(|s| s.untranslated_summary)
                .map(|s| s.original),
            response: self
                .model
                .config
                .show_response_times
                .then(|| self.model.response_times(i))
                .flatten()
                .map(|r| ResponseView {
                    respond: MeasuredView::new(r.respond, self.lang),
                    resolve: MeasuredView::new(r.resolve, self.lang),
                }),
        }
    }

    pub fn maintenance(&self, m: &'m Maintenance) -> MaintenanceView<'m> {
        let state = m.state_at(self.model.now);
        MaintenanceView {
            slug: &m.slug,
            title: &m.title,
            phase: state.phase.as_str(),
            phase_label: self.lang.phase_at(state),
            overrunning: state.overrunning,
            emergency: m.emergency,
            cancel_reason: m
                .cancel_reason
                .as_deref()
                .filter(|_| state.phase == MaintenancePhase::Cancelled),
            scheduled_for: self.time(m.scheduled_for),
            scheduled_until: self.time(m.scheduled_until),
            components: m
                .components
                .iter()
                .map(|id| self.affected(id, ComponentStatus::UnderMaintenance))
                .collect(),
            summary_html: rendered(to_html(&m.summary)),
            updates: m
                .updates
                .iter()
                .enumerate()
                .map(|(n, u)| UpdateView {
                    original_lang: m
                        .translated
                        .as_ref()
                        .filter(|s| s.untranslated_updates.get(n) == Some(&true))
                        .map(|s| s.original),
                    ..self.update(u.as_str(), self.lang.phase(u.as_str()), u.at, to_html(&u.body))
                })
                .collect(),
            original_lang: self.untranslated(m.translated.as_ref()),
            summary_lang: m
                .translated
                .as_ref()
                .filter(|s| s.untranslated_summary)
                .map(|s| s.original),
            series: self.series(m),
        }
    }

    /// An occurrence's series: its zone, rule and the occurrences not over yet.
    fn series(&self, m: &'m Maintenance) -> Option<SeriesView<'m>> {
        let model = self.model;
        let o = m.occurrence.as_ref()?;
        let series = model.recurring.iter().find(|s| s.slug == o.series)?;
        let r = series.recurrence.as_deref()?;
        let local = |t: Timestamp| time_view(t, &r.zone, self.lang).text;
        let next = model
            .next_occurrences(&o.series)
            .iter()
            .map(|&n| {
                let w: &'m Maintenance = &model.maintenances[n];
                OccurrenceView {
                    slug: &w.slug,
                    start: self.time(w.scheduled_for),
                    local: local(w.scheduled_for),
                    cancelled: w.cancelled,
                    this: w.slug == m.slug,
                }
            })
            .collect();
        Some(SeriesView {
            zone: &r.zone_name,
            rule: &r.rule,
            local_start: local(m.scheduled_for),
            local_end: local(m.scheduled_until),
            next,
        })
    }

    pub fn component(&self, ci: usize) -> ComponentView<'m> {
        let c: &'m Component = &self.model.config.components[ci];
        let figures = match (self.kept, self.header_key(ci)) {
            // What the figures are worked out from is what a component page's header shows.
            (Some(kept), Some(header)) => {
                kept.component(Key::of((header, self.lang.code(), ci)), || self.component_figures(ci))
            }
            _ => std::sync::Arc::new(self.component_figures(ci)),
        };
        ComponentView {
            id: &c.id,
            name: &c.name,
            description: c.description.as_deref(),
            status: self.model.components[ci].status.as_str(),
            figures,
        }
    }

    fn component_figures(&self, ci: usize) -> ComponentFigures {
        let model = self.model;
        let c: &'m Component = &model.config.components[ci];
        let state = &model.components[ci];
        let mut facts = Vec::with_capacity(model.days.len());
        let days = state
            .days
            .iter()
            .zip(&model.days)
            .zip(&state.day_incidents)
            .map(|((d, date), incidents)| {
                let lang = self.lang;
                if !d.has_data {
                    facts.push(DayFacts {
                        date: *date,
                        class: "nodata",
                        status: lang.say("no-data"),
                        detail: String::new(),
                    });
                    return Day {
                        date: *date,
                        class: "nodata",
                        titles: None,
                        downtime: None,
                    };
                }
                let mins = d.downtime_minutes().round() as i64;
                let titles = incidents
                    .iter()
                    .map(|&i| model.incidents[i].title.as_str())
                    .collect::<Vec<&str>>()
                    .join("; ");
                let downtime =
                    (mins > 0).then(|| ["(", &lang.text("day-downtime", &[("minutes", mins.into())]), ")"].concat());
                let detail = [titles.as_str(), downtime.as_deref().unwrap_or_default()]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ");
                facts.push(DayFacts {
                    date: *date,
                    class: d.worst.as_str(),
                    status: lang.status(d.worst),
                    detail,
                });
                Day {
                    date: *date,
                    class: d.worst.as_str(),
                    titles: Some(titles),
                    downtime,
                }
            })
            .collect();
        let days = Days(std::sync::Arc::new(DayList {
            days,
            lang: LangCode(self.lang),
        }));
        ComponentFigures {
            status_label: self.lang.status(state.status),
            // Rounded down and judged exactly, as the reports do.
            uptime: state.uptime.shown().map(|u| self.lang.number(&u)),
            sla: c.sla.map(|s| self.lang.number(&s.to_string())),
            sla_met: c.sla.and_then(|s| state.uptime.meets(s)),
            days,
            bar: bar_paths(&facts, self.lang),
            day_runs: day_runs(&facts, self.lang),
        }
    }

    /// The upstreams for the home page's "Services we depend on", in configuration order.
    pub fn upstreams(&self) -> Vec<UpstreamView<'m>> {
        let model = self.model;
        model
            .config
            .upstreams
            .iter()
            .zip(&model.upstreams)
            .map(|(u, state)| {
                let snap = state.snapshot.as_ref();
                let fetched = snap.map(|s| self.time(s.fetched_at));
                let status_label = match (state.last_known(u), &fetched) {
                    (Some(last), Some(at)) if state.stale => self.lang.text(
                        "upstream-stale",
                        &[
                            ("status", self.lang.status(last).into()),
                            ("time", at.text.as_str().into()),
                        ],
                    ),
                    (None, _) => self.lang.say("upstream-never"),
                    _ => self.lang.status(state.status),
                };
                // A stale snapshot's parts say nothing about now either.
                let fresh = snap.filter(|_| !state.stale);
                UpstreamView {
                    id: &u.id,
                    name: &u.name,
                    link: snap.map(|s| s.link(u)).or(u.link.as_deref()),
                    status: state.status.as_str(),
                    status_label,
                    fetched,
                    stale: state.stale,
                    affects_overall: u.affects_overall,
                    components: fresh
                        .into_iter()
                        .flat_map(|s| &s.components)
                        .map(|c| {
                            let status = ComponentStatus::from_name(&c.status);
                            UpstreamComponentView {
                                name: &c.name,
                                status: status.as_str(),
                                status_label: self.lang.status(status),
                            }
                        })
                        .collect(),
                    missing: fresh.map_or(&[], |s| s.missing.as_slice()),
                    incidents: fresh
                        .into_iter()
                        .flat_map(|s| &s.incidents)
                        .map(|i| i.title.as_str())
                        .collect(),
                    maintenances: fresh
                        .into_iter()
                        .flat_map(|s| &s.maintenances)
                        .map(|m| m.title.as_str())
                        .collect(),
                }
            })
            .collect()
    }

    pub fn groups(&self) -> Vec<GroupView<'m>> {
        let cfg = &self.model.config;
        self.model
            .groups
            .iter()
            .map(|g| {
                let group = g.group.map(|n| &cfg.groups[n]);
                GroupView {
                    id: group.map(|g| g.id.as_str()),
                    name: group.map(|g| g.name.as_str()),
                    open: group.is_none_or(|g| !g.collapsed) || g.status != ComponentStatus::Operational,
                    status: g.status.as_str(),
                    status_label: self.lang.status(g.status),
                    components: g.members.iter().map(|&ci| self.component(ci)).collect(),
                }
            })
            .collect()
    }
}

/// What the bar and the day list say about one day.
struct DayFacts {
    date: jiff::civil::Date,
    class: &'static str,
    /// The day's status for people ("Partial Outage", "No data").
    status: String,
    /// The incidents that touched the day and its downtime; empty for an uneventful day.
    detail: String,
}

/// The order colours are drawn in: fixed, so output does not depend on which day comes first.
const BAR_CLASSES: [&str; 7] = [
    "operational",
    "under_maintenance",
    "degraded_performance",
    "partial_outage",
    "major_outage",
    "unknown",
    "nodata",
];

fn bar_paths(days: &[DayFacts], lang: &Language) -> Vec<BarPath> {
    BAR_CLASSES
        .into_iter()
        .filter_map(|class| {
            let of: Vec<(usize, &DayFacts)> = days.iter().enumerate().filter(|(_, d)| d.class == class).collect();
            let first = of.first()?.1;
            let d: String = of.iter().map(|(i, _)| format!("M{} 0h4v30h-4z", i * 5)).collect();
            let status = || Arg::from(first.status.as_str());
            let title = if class == "operational" || class == "nodata" {
                lang.text("bar-days", &[("status", status()), ("count", of.len().into())])
            } else {
                let dates: Vec<String> = of.iter().map(|(_, d)| lang.month_day(d.date)).collect();
                lang.text("bar-dates", &[("status", status()), ("dates", dates.join(", ").into())])
            };
            Some(BarPath { class, d, title })
        })
        .collect()
}

fn day_runs(days: &[DayFacts], lang: &Language) -> Vec<DayRun> {
    let mut runs = Vec::new();
    let mut i = 0;
    while i < days.len() {
        let start = &days[i];
        let mut end = i;
        if start.detail.is_empty() {
            while end + 1 < days.len() && days[end + 1].class == start.class && days[end + 1].detail.is_empty() {
                end += 1;
            }
        }
        let last = &days[end];
        let when = if end == i {
            lang.date(start.date)
        } else {
            let from = if start.date.year() == last.date.year() {
                lang.month_day(start.date)
            } else {
                lang.date(start.date)
            };
            lang.text(
                "day-range",
                &[("from", from.into()), ("to", lang.date(last.date).into())],
            )
        };
        let (when, status) = (Arg::from(when), Arg::from(start.status.as_str()));
        let text = if !start.detail.is_empty() {
            lang.text(
                "day-run",
                &[
                    ("when", when),
                    ("status", status),
                    ("detail", start.detail.as_str().into()),
                ],
            )
        } else if start.class == "nodata" {
            lang.text("day-run-nodata", &[("when", when), ("status", status)])
        } else {
            lang.text("day-run-quiet", &[("when", when), ("status", status)])
        };
        runs.push(DayRun {
            class: start.class,
            text,
        });
        i = end + 1;
    }
    runs
}

/// The status an incident gave a component when it first touched it: its starting status, or for
/// a component only a later change names, the status that change set.
fn first_status(i: &Incident, id: &str) -> ComponentStatus {
    i.components
        .iter()
        .chain(i.changes.iter().flat_map(|c| c.statuses.iter()))
        .find(|(c, _)| c == id)
        .map_or(ComponentStatus::Operational, |(_, s)| *s)
}

/// The bytes HTML escaping replaces (`&`, `<`, `>`, `"`, `'`).
const HTML_SPECIAL: [bool; 256] = {
    let mut special = [false; 256];
    let mut i = 0;
    while i < 5 {
        special[b"&<>\"'"[i] as usize] = true;
        i += 1;
    }
    special
};

pub fn environment<'t>(theme: &'t Theme, lang: &'static Language) -> Environment<'t> {
    page_environment(theme, lang, std::sync::Arc::default())
}

/// [`environment`] whose `chrome` keeps what it shows in `chrome`, which pages written without
/// a template share ([`incident_main::write_page`]).
pub fn page_environment<'t>(
    theme: &'t Theme,
    lang: &'static Language,
    chrome: std::sync::Arc<Chrome>,
) -> Environment<'t> {
    let mut env = configured(lang);
    for (name, text) in folded(theme, lang) {
        // Errors surface when the template is first rendered, with its name.
        let _ = match text {
            std::borrow::Cow::Borrowed(text) => env.add_template(name, text),
            std::borrow::Cow::Owned(text) => env.add_template_owned(name.to_owned(), text),
        };
    }
    with_partials(env, chrome)
}

/// [`environment`] without what each build needs afresh (the kept partials of `chrome` and
/// `status_badge`), its templates owned: what `serve` keeps from one rebuild to the next while
/// the theme does not change ([`super::KeptViews`]). Folding the messages into the templates and
/// compiling them again for every rebuild was 5.5 M instructions of an edit.
pub fn kept_environment(theme: &Theme, lang: &'static Language) -> Environment<'static> {
    let mut env = configured(lang);
    for (name, text) in folded(theme, lang) {
        let _ = env.add_template_owned(name.to_owned(), text.into_owned());
    }
    env
}

/// A build's environment from a kept one ([`kept_environment`]): its compiled templates shared,
/// `chrome` (kept in `chrome`, as [`page_environment`]'s) and `status_badge` with nothing shown yet.
pub fn from_kept<'s>(kept: &Environment<'static>, chrome: std::sync::Arc<Chrome>) -> Environment<'s> {
    with_partials(kept.clone(), chrome)
}

/// An environment with the site's escaping, undefined behaviour and messages (`t`), and no
/// templates yet.
fn configured<'s>(lang: &'static Language) -> Environment<'s> {
    let mut env = Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    // HTML escaping as Jinja2 does it: `&`, `<`, `>`, `"` and `'`, which is all text and quoted
    // attributes need. minijinja's own also writes every `/` as `&#x2f;`: 650,000 times, 2.6 %
    // of the output, at 10,000 incidents.
    // Most values shown (paths, slugs, labels, times) have nothing to escape, and rendered
    // Markdown is marked safe: both are written as they are, without the escaper's setup for
    // each of the 850,000 values shown at 10,000 incidents.
    env.set_formatter(|out, state, value| {
        if state.auto_escape() == minijinja::AutoEscape::Html
            && let Some(text) = value.as_str()
        {
            if value.is_safe() || (text.len() < 16 && !text.bytes().any(|b| HTML_SPECIAL[usize::from(b)])) {
                return out.write_str(text).map_err(minijinja::Error::from);
            }
            return pulldown_cmark_escape::escape_html(pulldown_cmark_escape::FmtWriter(out), text)
                .map_err(minijinja::Error::from);
        }
        minijinja::escape_formatter(out, state, value)
    });
    // `t("message-id", name=value, …)`: a message of the site's language (see `locales/`).
    env.add_function("t", move |id: &str, kwargs: minijinja::value::Kwargs| {
        translate(lang, id, &kwargs)
    });
    env
}

/// The theme's templates by name, with the messages of `lang` folded in where they can be.
fn folded<'t>(theme: &'t Theme, lang: &Language) -> impl Iterator<Item = (&'t str, std::borrow::Cow<'t, str>)> {
    let fold = super::messages::foldable(theme.templates().map(|(_, text)| text));
    theme.templates().map(move |(name, text)| {
        let text = if fold {
            super::messages::fold(lang, text)
        } else {
            std::borrow::Cow::Borrowed(text)
        };
        (name, text)
    })
}

/// `env` with `chrome` and `status_badge`, each keeping what it shows for this build.
fn with_partials(mut env: Environment<'_>, chrome: std::sync::Arc<Chrome>) -> Environment<'_> {
    env.add_function("chrome", move |state: &minijinja::State<'_, '_>, name: &str| {
        chrome.render(state, name)
    });
    let badges = Badges::default();
    env.add_function(
        "status_badge",
        move |state: &minijinja::State<'_, '_>, status: minijinja::Value, label: minijinja::Value| {
            badges.render(state, status, label)
        },
    );
    env
}

/// `chrome("header.html")`: a partial that thousands of pages show alike (the page header, the
/// footer, the `<head>` links), rendered once for each distinct set of what it can see and
/// reused. It sees only `site`, `root`, `component_feeds` (where the page has them) and, on a
/// site in several languages, `here` (the language switcher links the page itself), so those are
/// exactly its key: a partial that reads anything else fails on it as undefined instead of being
/// reused wrongly. `site` and the language are the same for every page of one environment.
#[derive(Default)]
pub struct Chrome {
    /// Whether the site is in several languages (`site.languages`), which decides whether a
    /// partial sees `here`: the same for every page of the environment, so worked out once.
    several: std::sync::OnceLock<bool>,
    /// By partial, then by what it sees besides `site`: looked up by the partial's name as the
    /// template gives it, without a copy of it (three calls a page).
    shown: std::sync::Mutex<rustc_hash::FxHashMap<String, rustc_hash::FxHashMap<ChromeInputs, minijinja::Value>>>,
}

/// `root`, `component_feeds` and `here`, as a page has them.
type ChromeInputs = (
    Option<minijinja::Value>,
    Option<minijinja::Value>,
    Option<minijinja::Value>,
);

impl Chrome {
    fn render(&self, state: &minijinja::State<'_, '_>, name: &str) -> Result<minijinja::Value, minijinja::Error> {
        let site = state.lookup("site");
        // What the partial sees, as the page has it; what is not there stays undefined
        // (`component_feeds is defined` is false), as in the page.
        let here = if self.several(site.as_ref()) {
            state.lookup("here")
        } else {
            None
        };
        let inputs: ChromeInputs = (state.lookup("root"), state.lookup("component_feeds"), here);
        self.show(state.env(), name, site, inputs)
            .map_err(|e| unseen(state, name, e))
    }

    /// `chrome(name)` on a page whose `site` is `site` and whose `root` is `root` (and `here`,
    /// which the partial sees on a site in several languages), with no `component_feeds`: for a
    /// page written without a template. An error is the partial's own, without [`unseen`]'s
    /// account of it (the page's template gives that).
    pub fn show_for(
        &self,
        env: &Environment<'_>,
        name: &str,
        site: &minijinja::Value,
        root: &str,
        here: &str,
    ) -> Result<minijinja::Value, minijinja::Error> {
        let here = self.several(Some(site)).then(|| minijinja::Value::from(here));
        let inputs: ChromeInputs = (Some(minijinja::Value::from(root)), None, here);
        self.show(env, name, Some(site.clone()), inputs)
    }

    /// Whether the site is in several languages, worked out from the first page's `site`.
    fn several(&self, site: Option<&minijinja::Value>) -> bool {
        *self.several.get_or_init(|| {
            site.and_then(|s| s.get_attr("languages").ok())
                .is_some_and(|l| l.is_true())
        })
    }

    fn show(
        &self,
        env: &Environment<'_>,
        name: &str,
        site: Option<minijinja::Value>,
        inputs: ChromeInputs,
    ) -> Result<minijinja::Value, minijinja::Error> {
        // With `here` every page differs: rendered each time and not kept (keeping them would
        // hold every page's header until the build ends).
        let keep = inputs.2.is_none();
        if keep
            && let Some(shown) = self
                .shown
                .lock()
                .ok()
                .and_then(|m| m.get(name).and_then(|by| by.get(&inputs)).cloned())
        {
            return Ok(shown);
        }
        let seen = [site, inputs.0.clone(), inputs.1.clone(), inputs.2.clone()];
        let ctx: std::collections::BTreeMap<&str, minijinja::Value> = CHROME_SEES
            .into_iter()
            .zip(seen)
            .filter_map(|(name, v)| Some((name, v?)))
            .collect();
        let shown = env.get_template(name)?.render(&ctx)?;
        let shown = minijinja::Value::from_safe_string(shown);
        if keep && let Ok(mut m) = self.shown.lock() {
            m.entry(name.to_owned()).or_default().insert(inputs, shown.clone());
        }
        Ok(shown)
    }
}

/// `status_badge(status, label)` in any template without an import: the `status_badge` macro of
/// the theme's `macros.html`, as an import in the page would give it. Importing `macros.html` on
/// every incident page cost 3 % of a build. When the file reads nothing but the macros' arguments
/// and the globals (the default theme's does not), a pair of plain strings always gives the same
/// HTML, which is kept and reused; one that reads the page's variables (`root`, say) is handed
/// the page's values of those and called on every page. A template that imports the macro itself
/// calls it as before.
#[derive(Default)]
struct Badges {
    /// What `macros.html` reads besides arguments and globals, worked out once.
    reads: std::sync::OnceLock<Vec<String>>,
    shown: std::sync::Mutex<rustc_hash::FxHashMap<(minijinja::Value, minijinja::Value), minijinja::Value>>,
}

impl Badges {
    fn render(
        &self,
        state: &minijinja::State<'_, '_>,
        status: minijinja::Value,
        label: minijinja::Value,
    ) -> Result<minijinja::Value, minijinja::Error> {
        let env = state.env();
        let reads = match self.reads.get() {
            Some(reads) => reads,
            None => {
                let reads = reads_beyond_globals(env, &env.get_template("macros.html")?);
                self.reads.get_or_init(|| reads)
            }
        };
        // Plain strings only: values of other kinds, or marked safe, can compare equal and
        // show differently ("1" and 1, text and HTML).
        let plain = |v: &minijinja::Value| v.kind() == minijinja::value::ValueKind::String && !v.is_safe();
        let keep = reads.is_empty() && plain(&status) && plain(&label);
        let key = (status, label);
        if keep && let Some(shown) = self.shown.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return Ok(shown);
        }
        let seen: std::collections::BTreeMap<&str, minijinja::Value> = reads
            .iter()
            .filter_map(|name| Some((name.as_str(), state.lookup(name)?)))
            .collect();
        let macros = env.get_template("macros.html")?.render_captured(&seen)?;
        let html = macros
            .state()
            .call_macro("status_badge", &[key.0.clone(), key.1.clone()])?;
        let shown = minijinja::Value::from_safe_string(html);
        if keep && let Ok(mut m) = self.shown.lock() {
            m.insert(key, shown.clone());
        }
        Ok(shown)
    }
}

/// The variables `template` reads that are not the environment's globals (`t`, `chrome`, …).
fn reads_beyond_globals(env: &Environment<'_>, template: &minijinja::Template<'_, '_>) -> Vec<String> {
    let globals: std::collections::HashSet<&str> = env.globals().map(|(n, _)| n).collect();
    template
        .undeclared_variables(false)
        .into_iter()
        .filter(|v| !globals.contains(v.as_str()))
        .collect()
}

/// What a [`Chrome`] partial sees (`site` first: it is the same on every page, so not in the key).
const CHROME_SEES: [&str; 4] = ["site", "root", "component_feeds", "here"];

/// A partial's error, saying which variables the template it failed in (the partial, or one it
/// includes) reads that [`Chrome`] does not give it, if any.
fn unseen(state: &minijinja::State<'_, '_>, name: &str, e: minijinja::Error) -> minijinja::Error {
    // An include's error wraps the one inside it: the innermost undefined value is the one.
    let mut undefined = None;
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(&e);
    while let Some(c) = cause {
        if let Some(inner) = c.downcast_ref::<minijinja::Error>()
            && inner.kind() == minijinja::ErrorKind::UndefinedError
        {
            undefined = Some(inner);
        }
        cause = c.source();
    }
    let Some(undefined) = undefined else {
        return e;
    };
    let at = undefined.name().unwrap_or(name).to_owned();
    let Ok(template) = state.env().get_template(&at) else {
        return e;
    };
    let mut read = reads_beyond_globals(state.env(), &template);
    read.retain(|v| !CHROME_SEES.contains(&v.as_str()));
    if read.is_empty() {
        return e;
    }
    read.sort();
    minijinja::Error::new(
        minijinja::ErrorKind::UndefinedError,
        format!(
            "{at} reads {}, which it cannot see: {name} is shown alike on many pages and sees only site, root, component_feeds and, on a site in several languages, here",
            read.join(", ")
        ),
    )
}

thread_local! {
    /// `t()`'s messages without arguments as template values, by language code and message id:
    /// a page asks for a dozen, the same on every page.
    static LABELS: std::cell::RefCell<rustc_hash::FxHashMap<&'static str, rustc_hash::FxHashMap<Box<str>, minijinja::Value>>> =
        std::cell::RefCell::default();
}

/// A template's `t(…)`: numbers stay numbers (they pick the plural form), everything else is text.
/// An argument that is already HTML (a `{% set %}` block, a macro's output) goes in as it is, and
/// the rest of the message is escaped around it: "Last updated <time …>" stays one message.
fn translate(
    lang: &Language,
    id: &str,
    kwargs: &minijinja::value::Kwargs,
) -> Result<minijinja::Value, minijinja::Error> {
    if kwargs.args().next().is_none() {
        let code = lang.code();
        if let Some(known) = LABELS.with_borrow(|m| m.get(code).and_then(|l| l.get(id)).cloned()) {
            return Ok(known);
        }
        let label = translate_with(lang, id, kwargs)?;
        LABELS.with_borrow_mut(|m| m.entry(code).or_default().insert(id.into(), label.clone()));
        return Ok(label);
    }
    translate_with(lang, id, kwargs)
}

fn translate_with(
    lang: &Language,
    id: &str,
    kwargs: &minijinja::value::Kwargs,
) -> Result<minijinja::Value, minijinja::Error> {
    use minijinja::value::{Value, ValueKind};
    let mut args = Vec::new();
    let mut html = Vec::new();
    for name in kwargs.args() {
        let value: Value = kwargs.get(name)?;
        let arg = match value.as_i64() {
            Some(n) if value.kind() == ValueKind::Number => Arg::Number(n),
            _ if value.is_safe() => {
                // A private-use marker, replaced once the text around it is escaped.
                let marker = format!("\u{f8ff}{}\u{f8ff}", html.len());
                html.push(value.to_string());
                Arg::Text(marker.into())
            }
            // The marker character cannot come from text: only our markers are replaced.
            _ => Arg::Text(value.to_string().replace('\u{f8ff}', "").into()),
        };
        args.push((name, arg));
    }
    let text = lang.try_text(id, &args).ok_or_else(|| {
        minijinja::Error::new(
            minijinja::ErrorKind::InvalidOperation,
            format!(
                "no message \"{id}\" in the {} catalog (locales/{}.ftl)",
                lang.code(),
                lang.code()
            ),
        )
    })?;
    if html.is_empty() {
        return Ok(Value::from(text));
    }
    // One pass: a fragment is never searched again for markers.
    let escaped = crate::markdown::escape_html(&text);
    let mut out = String::with_capacity(escaped.len());
    for (n, part) in escaped.split('\u{f8ff}').enumerate() {
        let fragment = (n % 2 == 1)
            .then(|| part.parse::<usize>().ok())
            .flatten()
            .and_then(|i| html.get(i));
        out.push_str(fragment.map_or(part, String::as_str));
    }
    Ok(Value::from_safe_string(out))
}

pub fn render(env: &Environment<'_>, name: &str, ctx: minijinja::Value) -> Result<String, RenderError> {
    let err = template_error(name);
    env.get_template(name).map_err(err)?.render(ctx).map_err(err)
}

/// [`render`] as bytes, into a buffer of `capacity` bytes to start with.
pub fn render_to(
    env: &Environment<'_>,
    name: &str,
    ctx: minijinja::Value,
    capacity: usize,
) -> Result<Vec<u8>, RenderError> {
    let err = template_error(name);
    let mut out = Vec::with_capacity(capacity);
    env.get_template(name)
        .map_err(err)?
        .render_captured_to(ctx, &mut out)
        .map_err(err)?;
    Ok(out)
}

/// A template's error, with the template's name.
fn template_error(name: &str) -> impl Fn(minijinja::Error) -> RenderError + Copy + '_ {
    move |source| RenderError::Template {
        name: name.to_owned(),
        source,
    }
}

/// Items per archive page.
pub const PAGE_SIZE: usize = 25;

/// Where the pages of an archive at `base` live: page 1 at `<base>index.html`, page n at
/// `<base><sub>n/index.html` (`sub` is empty for the history, `page/` for component pages).
#[derive(Clone, Copy, Debug)]
pub struct Pagination<'a> {
    pub base: &'a str,
    pub sub: &'a str,
    pub pages: usize,
}

#[derive(Serialize)]
pub struct Pager {
    page: usize,
    pages: usize,
    newer: Option<String>,
    older: Option<String>,
}

impl Pagination<'_> {
    /// Pages for `items` entries: at least one, so an empty archive still has its page.
    pub fn new<'a>(base: &'a str, sub: &'a str, items: usize) -> Pagination<'a> {
        Pagination {
            base,
            sub,
            pages: items.div_ceil(PAGE_SIZE).max(1),
        }
    }

    /// The path of page `n` (1-based) and the `root` prefix it needs to reach the site root.
    pub fn path(&self, n: usize) -> (String, String) {
        let depth = self.base.matches('/').count();
        let depth = if n == 1 {
            depth
        } else {
            depth + 1 + self.sub.matches('/').count()
        };
        (self.file(n), "../".repeat(depth))
    }

    /// The path of page `n` (1-based).
    pub fn file(&self, n: usize) -> String {
        if n == 1 {
            [self.base, "index.html"].concat()
        } else {
            let mut path = String::with_capacity(self.base.len() + self.sub.len() + 16);
            path.push_str(self.base);
            path.push_str(self.sub);
            let _ = std::fmt::Write::write_fmt(&mut path, format_args!("{n}/index.html"));
            path
        }
    }

    /// The relative link from page `from` to page `to`.
    pub fn link(&self, from: usize, to: usize) -> String {
        let up = "../".repeat(self.sub.matches('/').count());
        match (from == 1, to == 1) {
            (true, true) => "./".into(),
            (true, false) => format!("{}{to}/", self.sub),
            (false, true) => format!("../{up}"),
            (false, false) => format!("../{to}/"),
        }
    }

    /// The items on page `n` of `items`.
    pub fn page_of<'i, T>(&self, items: &'i [T], n: usize) -> &'i [T] {
        let start = (n.saturating_sub(1) * PAGE_SIZE).min(items.len());
        &items[start..(start + PAGE_SIZE).min(items.len())]
    }

    pub fn pager(&self, n: usize) -> Pager {
        Pager {
            page: n,
            pages: self.pages,
            newer: (n > 1).then(|| self.link(n, n - 1)),
            older: (n < self.pages).then(|| self.link(n, n + 1)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The default theme's badges are kept and reused: its `macros.html` reads nothing of the
    /// page (else every incident page would call the macro again).
    #[test]
    fn the_default_status_badge_is_kept() {
        let theme = Theme::load(std::path::Path::new("/nonexistent")).unwrap();
        let env = environment(&theme, crate::i18n::english());
        let page = env
            .render_str(
                "{{ status_badge('major_outage', 'Major') }}{{ status_badge('major_outage', 'Major') }}",
                (),
            )
            .unwrap();
        assert_eq!(page.matches("st-major_outage").count(), 2, "{page}");
        let reads = reads_beyond_globals(&env, &env.get_template("macros.html").unwrap());
        assert!(reads.is_empty(), "{reads:?}");
    }

    #[test]
    fn archive_pages_link_to_each_other() {
        let history = Pagination::new("history/", "", 60);
        assert_eq!(history.pages, 3);
        assert_eq!(history.path(1), ("history/index.html".into(), "../".into()));
        assert_eq!(history.path(3), ("history/3/index.html".into(), "../../".into()));
        assert_eq!(
            [history.link(1, 2), history.link(2, 1), history.link(2, 3)],
            ["2/", "../", "../3/"]
        );
        let component = Pagination::new("components/api/", "page/", 26);
        assert_eq!(component.path(1), ("components/api/index.html".into(), "../../".into()));
        assert_eq!(
            component.path(2),
            ("components/api/page/2/index.html".into(), "../../../../".into())
        );
        assert_eq!(
            [component.link(1, 2), component.link(2, 1), component.link(2, 3)],
            ["page/2/", "../../", "../3/"]
        );
        assert_eq!(Pagination::new("history/", "", 0).pages, 1);
    }
}

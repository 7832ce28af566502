//! HTML pages, rendered with minijinja from the theme's templates. Every value reaches templates
//! through the view structs below, and templates autoescape: only Markdown already made safe by
//! [`crate::markdown::to_html`] is marked `|safe`.

use jiff::Timestamp;
use minijinja::{Environment, context};
use serde::Serialize;
use statusmark_feed::{ComponentStatus, IncidentStatus};

use super::RenderError;
use super::assets::AssetPaths;
use crate::markdown::{to_html, to_plain};
use crate::model::SiteModel;
use crate::theme::Theme;
use crate::writer::OutputFile;

/// How many past incidents the home page lists.
const RECENT_ON_HOME: usize = 5;

#[derive(Serialize)]
pub(super) struct TimeView {
    /// RFC 3339 UTC, for `<time datetime>`.
    iso: String,
    /// Readable, in the site's zone.
    text: String,
}

#[derive(Serialize)]
pub(super) struct SiteView<'a> {
    title: &'a str,
    description: Option<&'a str>,
    logo: Option<&'a str>,
    links: Vec<LinkView<'a>>,
    footer: Option<&'a str>,
    accent_color: Option<&'a str>,
    timezone: &'a str,
    stylesheet: &'a str,
    widget_loader: Option<&'a str>,
    page_loader: Option<&'a str>,
    generated: TimeView,
}

#[derive(Serialize)]
pub(super) struct LinkView<'a> {
    label: &'a str,
    url: &'a str,
}

#[derive(Serialize)]
pub(super) struct DayView {
    class: &'static str,
    label: String,
}

#[derive(Serialize)]
pub(super) struct ComponentView<'a> {
    id: &'a str,
    name: &'a str,
    description: Option<&'a str>,
    status: &'static str,
    status_label: &'static str,
    uptime: Option<String>,
    sla: Option<String>,
    sla_met: Option<bool>,
    days: Vec<DayView>,
}

#[derive(Serialize)]
pub(super) struct GroupView<'a> {
    id: Option<&'a str>,
    name: Option<&'a str>,
    open: bool,
    status: &'static str,
    status_label: &'static str,
    components: Vec<ComponentView<'a>>,
}

#[derive(Serialize)]
pub(super) struct UpdateView {
    status: &'static str,
    label: &'static str,
    at: TimeView,
    html: String,
}

#[derive(Serialize)]
pub(super) struct IncidentView<'a> {
    slug: &'a str,
    title: &'a str,
    impact: &'static str,
    impact_label: &'static str,
    status: &'static str,
    status_label: &'static str,
    started: TimeView,
    resolved: Option<TimeView>,
    duration: String,
    components: Vec<AffectedView<'a>>,
    summary_html: String,
    latest: Option<UpdateView>,
    updates: Vec<UpdateView>,
    postmortem_html: Option<String>,
}

#[derive(Serialize)]
pub(super) struct AffectedView<'a> {
    id: &'a str,
    name: &'a str,
    status: &'static str,
    status_label: &'static str,
}

#[derive(Serialize)]
pub(super) struct MaintenanceView<'a> {
    slug: &'a str,
    title: &'a str,
    phase: &'static str,
    phase_label: &'static str,
    scheduled_for: TimeView,
    scheduled_until: TimeView,
    components: Vec<AffectedView<'a>>,
    summary_html: String,
    updates: Vec<UpdateView>,
}

pub(super) struct Views<'m> {
    pub(super) model: &'m SiteModel,
    pub(super) zone: jiff::tz::TimeZone,
}

impl<'m> Views<'m> {
    pub(super) fn time(&self, t: Timestamp) -> TimeView {
        let z = t.to_zoned(self.zone.clone());
        TimeView {
            iso: super::feed::rfc3339(t),
            text: z.strftime("%b %-d, %Y %H:%M %Z").to_string(),
        }
    }

    fn affected(&self, id: &'m str, status: ComponentStatus) -> AffectedView<'m> {
        let name = self.model.config.component(id).map_or(id, |c| c.name.as_str());
        AffectedView {
            id,
            name,
            status: status.as_str(),
            status_label: status.label(),
        }
    }

    pub(super) fn incident(&self, i: &'m crate::content::Incident) -> IncidentView<'m> {
        let status: IncidentStatus = i.status();
        let end = i.resolved.unwrap_or(self.model.now);
        let updates: Vec<UpdateView> = i
            .updates
            .iter()
            .map(|u| UpdateView {
                status: u.status.as_str(),
                label: u.status.label(),
                at: self.time(u.at),
                html: to_html(&u.body),
            })
            .collect();
        IncidentView {
            slug: &i.slug,
            title: &i.title,
            impact: i.impact.as_str(),
            impact_label: i.impact.label(),
            status: status.as_str(),
            status_label: status.label(),
            started: self.time(i.started),
            resolved: i.resolved.map(|r| self.time(r)),
            duration: human_duration(end.duration_since(i.started)),
            components: i.components.iter().map(|(id, s)| self.affected(id, *s)).collect(),
            summary_html: to_html(&i.summary),
            latest: i.updates.first().map(|u| UpdateView {
                status: u.status.as_str(),
                label: u.status.label(),
                at: self.time(u.at),
                html: to_html(&u.body),
            }),
            updates,
            postmortem_html: i.postmortem.as_deref().map(to_html),
        }
    }

    pub(super) fn maintenance(&self, m: &'m crate::content::Maintenance) -> MaintenanceView<'m> {
        let phase = m.phase_at(self.model.now);
        MaintenanceView {
            slug: &m.slug,
            title: &m.title,
            phase: phase.as_str(),
            phase_label: phase.label(),
            scheduled_for: self.time(m.scheduled_for),
            scheduled_until: self.time(m.scheduled_until),
            components: m
                .components
                .iter()
                .map(|id| self.affected(id, ComponentStatus::UnderMaintenance))
                .collect(),
            summary_html: to_html(&m.summary),
            updates: m
                .updates
                .iter()
                .map(|u| UpdateView {
                    status: u.phase.as_str(),
                    label: u.phase.label(),
                    at: self.time(u.at),
                    html: to_html(&u.body),
                })
                .collect(),
        }
    }

    pub(super) fn component(&self, c: &'m crate::content::config::Component) -> ComponentView<'m> {
        let model = self.model;
        let state = model.component_state(&c.id);
        let status = state.map_or(ComponentStatus::Operational, |s| s.status);
        let days = state
            .map(|s| {
                s.days
                    .iter()
                    .zip(&model.days)
                    .zip(&s.day_incidents)
                    .map(|((d, date), incidents)| {
                        let date_text = date.strftime("%b %-d, %Y");
                        if !d.has_data {
                            return DayView {
                                class: "nodata",
                                label: format!("{date_text}: no data"),
                            };
                        }
                        let mins = d.downtime_minutes().round() as i64;
                        let titles: Vec<&str> = incidents.iter().map(|&i| model.incidents[i].title.as_str()).collect();
                        let mut label = if titles.is_empty() {
                            format!("{date_text}: no incidents")
                        } else {
                            format!("{date_text}: {}", titles.join("; "))
                        };
                        if mins > 0 {
                            label.push_str(&format!(" ({mins} min downtime)"));
                        }
                        DayView {
                            class: d.worst.as_str(),
                            label,
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        let uptime = state.and_then(|s| s.uptime);
        ComponentView {
            id: &c.id,
            name: &c.name,
            description: c.description.as_deref(),
            status: status.as_str(),
            status_label: status.label(),
            uptime: uptime.map(|u| format!("{u:.2}")),
            sla: c.sla.map(|s| format!("{s}")),
            sla_met: c.sla.zip(uptime).map(|(s, u)| u >= s),
            days,
        }
    }

    fn groups(&self) -> Vec<GroupView<'m>> {
        let cfg = &self.model.config;
        let mut out: Vec<GroupView<'m>> = Vec::new();
        for c in &cfg.components {
            let view = self.component(c);
            let group = c.group.as_deref().and_then(|g| cfg.groups.iter().find(|x| x.id == g));
            match out.iter_mut().find(|g| g.id == group.map(|g| g.id.as_str())) {
                Some(g) => g.components.push(view),
                None => out.push(GroupView {
                    id: group.map(|g| g.id.as_str()),
                    name: group.map(|g| g.name.as_str()),
                    open: group.is_none_or(|g| !g.collapsed),
                    status: "operational",
                    status_label: "Operational",
                    components: vec![view],
                }),
            }
        }
        for g in &mut out {
            let worst = g
                .components
                .iter()
                .filter_map(|c| ComponentStatus::parse(c.status))
                .fold(ComponentStatus::Operational, ComponentStatus::worst);
            g.status = worst.as_str();
            g.status_label = worst.label();
            g.open |= worst != ComponentStatus::Operational;
        }
        out
    }
}

/// A favicon in the colour of the current status, so a pinned tab shows trouble at a glance.
fn favicon(indicator: statusmark_feed::Indicator) -> OutputFile {
    use statusmark_feed::Indicator;
    let (fill, glyph) = match indicator {
        Indicator::None | Indicator::Unknown => ("#1a7f37", "M9 16.5l4.5 4.5L23 11.5"),
        Indicator::Minor => ("#9a6700", "M16 9v9M16 22v1"),
        Indicator::Major => ("#bc4c00", "M16 9v9M16 22v1"),
        Indicator::Critical => ("#cf222e", "M11 11l10 10M21 11L11 21"),
        Indicator::Maintenance => ("#0969da", "M10 16h12"),
    };
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 32 32\"><circle cx=\"16\" cy=\"16\" r=\"15\" fill=\"{fill}\"/><path d=\"{glyph}\" stroke=\"#fff\" stroke-width=\"3.5\" stroke-linecap=\"round\" stroke-linejoin=\"round\" fill=\"none\"/></svg>\n"
    );
    OutputFile::new("favicon.svg", svg)
}

pub(super) fn human_duration(d: jiff::SignedDuration) -> String {
    let mins = d.as_secs().max(0) / 60;
    match (mins / (24 * 60), (mins / 60) % 24, mins % 60) {
        (0, 0, m) => format!("{m} min"),
        (0, h, 0) => format!("{h} h"),
        (0, h, m) => format!("{h} h {m} min"),
        (d, h, _) => format!("{d} d {h} h"),
    }
}

fn environment(theme: &Theme) -> Environment<'_> {
    let mut env = Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    for (path, bytes) in &theme.files {
        if let (Some(name), Ok(text)) = (path.strip_prefix("templates/"), std::str::from_utf8(bytes)) {
            // Errors surface when the template is first rendered, with its name.
            let _ = env.add_template(name, text);
        }
    }
    env
}

pub(super) fn render(env: &Environment<'_>, name: &str, ctx: minijinja::Value) -> Result<String, RenderError> {
    let err = |source| RenderError::Template {
        name: name.to_owned(),
        source,
    };
    env.get_template(name).map_err(err)?.render(ctx).map_err(err)
}

pub fn emit(
    model: &SiteModel,
    theme: &Theme,
    assets: &AssetPaths,
    sink: &dyn crate::writer::Sink,
    memo: &super::Memo,
) -> Result<(), RenderError> {
    let env = environment(theme);
    let views = Views {
        model,
        zone: model.config.zone(),
    };
    let cfg = &model.config;
    let site = SiteView {
        title: &cfg.title,
        description: cfg.description.as_deref(),
        logo: cfg.logo.as_deref(),
        links: cfg.links.iter().map(|(label, url)| LinkView { label, url }).collect(),
        footer: cfg.footer.as_deref(),
        accent_color: cfg.accent_color.as_deref(),
        timezone: &cfg.timezone_name,
        stylesheet: &assets.stylesheet,
        widget_loader: assets.widget_loader.as_deref(),
        page_loader: assets.page_loader.as_deref(),
        generated: views.time(model.now),
    };
    // The home page, and the pages there are many of, at the same time.
    let home = || -> Result<OutputFile, RenderError> {
        let active: Vec<IncidentView> = model.active_incidents().map(|i| views.incident(i)).collect();
        let recent: Vec<IncidentView> = model
            .incidents
            .iter()
            .filter(|i| !i.is_ongoing_at(model.now) && i.started <= model.now)
            .take(RECENT_ON_HOME)
            .map(|i| views.incident(i))
            .collect();
        let maintenance: Vec<MaintenanceView> = model
            .current_maintenance()
            .into_iter()
            .map(|m| views.maintenance(m))
            .collect();
        let index = render(
            &env,
            "index.html",
            context! {
                site => &site,
                root => "",
                page_title => &cfg.title,
                indicator => model.indicator.as_str(),
                indicator_text => model.indicator.description(),
                active => active,
                maintenance => maintenance,
                groups => views.groups(),
                recent => recent,
                uptime_days => cfg.uptime_days,
            },
        )?;
        Ok(OutputFile::new("index.html", index))
    };

    let pages = || -> Result<(), RenderError> {
        // Incident pages dominate a large site and are independent: render them in parallel.
        use rayon::prelude::*;
        let stale = memo.stale_pages(sink, &model.incidents, |i| {
            // An open incident's page says for how long it has been going on.
            let open = i.resolved.is_none().then_some(model.now);
            (["incidents/", &i.slug, "/index.html"].concat(), (i.revision, open))
        })?;
        stale.into_par_iter().try_for_each(|(i, path)| {
        let view = views.incident(i);
        let html = render(
            &env,
            "incident.html",
            context! { site => &site, root => "../../", page_title => format!("{} · {}", i.title, cfg.title), description => to_plain(&i.summary), incident => view },
        )?;
        sink.put(OutputFile::new(path, html))?;
        Ok::<(), RenderError>(())
    })?;
        let stale = memo.stale_pages(sink, &model.maintenances, |m| {
            let path = ["maintenance/", &m.slug, "/index.html"].concat();
            (path, (m.revision, m.phase_at(model.now).label()))
        })?;
        stale.into_par_iter().try_for_each(|(m, path)| {
        let view = views.maintenance(m);
        let html = render(
            &env,
            "maintenance.html",
            context! { site => &site, root => "../../", page_title => format!("{} · {}", m.title, cfg.title), maintenance => view },
        )?;
        sink.put(OutputFile::new(path, html))?;
        Ok::<(), RenderError>(())
    })?;
        super::archive::emit(&env, &site, &views, sink, memo)
    };
    let (index, pages) = rayon::join(home, pages);
    pages?;
    let mut files = vec![index?];
    if assets.widget_loader.is_some() {
        let subset: Vec<&str> = cfg.components.iter().take(2).map(|c| c.id.as_str()).collect();
        let html = render(
            &env,
            "widget-demo.html",
            context! {
                site => &site,
                root => "../",
                page_title => format!("Widget · {}", cfg.title),
                feed_base => cfg.base_url.as_deref().unwrap_or("https://status.example.com/"),
                subset => subset.join(","),
            },
        )?;
        files.push(OutputFile::new("widget/index.html", html));
    }
    files.push(favicon(model.indicator));
    // 404 pages are served at any depth, so they link from the site root.
    // A 404 page is served at any depth, so it links from the site's own path (a sub-path on
    // GitHub Pages project sites), taken from base_url.
    let site_path = cfg
        .base_url
        .as_deref()
        .and_then(|u| u.split("://").nth(1))
        .and_then(|rest| rest.find('/').map(|i| &rest[i..]))
        .unwrap_or("/");
    let not_found = render(
        &env,
        "404.html",
        context! { site => &site, root => site_path, page_title => format!("Page not found · {}", cfg.title) },
    )?;
    files.push(OutputFile::new("404.html", not_found));
    for f in files {
        sink.put(f)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::human_duration;
    use jiff::SignedDuration;

    #[test]
    fn durations_read_naturally() {
        let cases = [
            (59, "0 min"),
            (60 * 5, "5 min"),
            (3600, "1 h"),
            (3600 + 60 * 8, "1 h 8 min"),
            (86400 * 2 + 3600 * 3, "2 d 3 h"),
        ];
        for (secs, want) in cases {
            assert_eq!(human_duration(SignedDuration::from_secs(secs)), want);
        }
    }
}

//! The archive: `history/` (every incident and maintenance by month, newest first) and
//! `components/<id>/` (status, uptime by month, the incidents that touched it). Both paginate with
//! a fixed page size, so no page grows with the history.

use minijinja::{Environment, context};
use serde::Serialize;
use statusmark_feed::timeline::uptime_percent;

use super::RenderError;
use super::html::{SiteView, TimeView, Views, render};
use crate::model::SiteModel;
use crate::writer::{OutputFile, Sink};

/// Items per archive page.
pub const PAGE_SIZE: usize = 25;

#[derive(Serialize)]
struct ArchiveItem<'a> {
    kind: &'static str,
    href: String,
    title: &'a str,
    label: &'static str,
    impact: &'static str,
    when: TimeView,
    detail: String,
}

#[derive(Serialize)]
struct MonthGroup<'a> {
    month: String,
    items: Vec<ArchiveItem<'a>>,
}

#[derive(Serialize)]
struct Pager {
    page: usize,
    pages: usize,
    newer: Option<String>,
    older: Option<String>,
}

/// Where page `n` (1-based) of an archive at `base` lives, and the `root` prefix it needs.
fn page_path(base: &str, n: usize) -> (String, String) {
    let depth = base.matches('/').count();
    if n == 1 {
        (format!("{base}index.html"), "../".repeat(depth))
    } else {
        (format!("{base}{n}/index.html"), "../".repeat(depth + 1))
    }
}

/// Link from page `from` to page `to` of the same archive.
fn page_link(from: usize, to: usize) -> String {
    match (from == 1, to == 1) {
        (true, true) => "./".into(),
        (true, false) => format!("{to}/"),
        (false, true) => "../".into(),
        (false, false) => format!("../{to}/"),
    }
}

fn by_month<'a>(views: &Views<'_>, items: Vec<(jiff::Timestamp, ArchiveItem<'a>)>) -> Vec<MonthGroup<'a>> {
    let mut groups: Vec<MonthGroup<'a>> = Vec::new();
    for (t, item) in items {
        let month = t.to_zoned(views.zone.clone()).strftime("%B %Y").to_string();
        match groups.last_mut() {
            Some(g) if g.month == month => g.items.push(item),
            _ => groups.push(MonthGroup {
                month,
                items: vec![item],
            }),
        }
    }
    groups
}

fn incident_item<'a>(
    views: &Views<'a>,
    i: &'a crate::content::Incident,
    root_to_site: &str,
) -> (jiff::Timestamp, ArchiveItem<'a>) {
    let detail = match i.resolved {
        Some(r) => format!(
            "{} impact · lasted {}",
            i.impact.label(),
            super::html::human_duration(r.duration_since(i.started))
        ),
        None => format!("{} impact · ongoing", i.impact.label()),
    };
    (
        i.started,
        ArchiveItem {
            kind: "incident",
            href: format!("{root_to_site}incidents/{}/", i.slug),
            title: &i.title,
            label: i.status().label(),
            impact: i.impact.as_str(),
            when: views.time(i.started),
            detail,
        },
    )
}

pub(super) fn emit(
    env: &Environment<'_>,
    site: &SiteView<'_>,
    views: &Views<'_>,
    sink: &dyn Sink,
    memo: &super::Memo,
) -> Result<(), RenderError> {
    // A long history makes thousands of pages: render them in parallel and hand each to the sink
    // at once, so they are never all in memory together.
    use rayon::prelude::*;
    let model: &SiteModel = views.model;

    // history/
    let mut entries: Vec<(jiff::Timestamp, bool, usize)> = Vec::new(); // (when, is_incident, index)
    entries.extend(
        model
            .incidents
            .iter()
            .enumerate()
            .filter(|(_, i)| i.started <= model.now)
            .map(|(n, i)| (i.started, true, n)),
    );
    entries.extend(
        model
            .maintenances
            .iter()
            .enumerate()
            .filter(|(_, m)| m.announced.unwrap_or(m.scheduled_for) <= model.now)
            .map(|(n, m)| (m.scheduled_for, false, n)),
    );
    entries.sort_by(|a, b| b.0.cmp(&a.0).then(a.2.cmp(&b.2)));
    let pages = entries.len().div_ceil(PAGE_SIZE).max(1);
    (1..=pages).into_par_iter().try_for_each(|page| {
        let (path, root) = page_path("history/", page);
        let listed = entries.iter().skip((page - 1) * PAGE_SIZE).take(PAGE_SIZE);
        let inputs: Vec<(u64, &str)> = listed
            .clone()
            .map(|&(_, is_incident, n)| {
                if is_incident {
                    (model.incidents[n].revision, "")
                } else {
                    let m = &model.maintenances[n];
                    (m.revision, m.phase_at(model.now).label())
                }
            })
            .collect();
        if !memo.stale(sink, &path, (pages, inputs))? {
            return Ok(());
        }
        let items: Vec<(jiff::Timestamp, ArchiveItem)> = listed
            .map(|&(_, is_incident, n)| {
                if is_incident {
                    incident_item(views, &model.incidents[n], &root)
                } else {
                    let m = &model.maintenances[n];
                    let phase = m.phase_at(model.now);
                    (
                        m.scheduled_for,
                        ArchiveItem {
                            kind: "maintenance",
                            href: format!("{root}maintenance/{}/", m.slug),
                            title: &m.title,
                            label: phase.label(),
                            impact: "maintenance",
                            when: views.time(m.scheduled_for),
                            detail: "Scheduled maintenance".to_owned(),
                        },
                    )
                }
            })
            .collect();
        let pager = Pager {
            page,
            pages,
            newer: (page > 1).then(|| page_link(page, page - 1)),
            older: (page < pages).then(|| page_link(page, page + 1)),
        };
        let html = render(
            env,
            "history.html",
            context! { site => site, root => root, page_title => format!("History · {}", model.config.title), months => by_month(views, items), pager => pager },
        )?;
        sink.put(OutputFile::new(path, html))?;
        Ok::<(), RenderError>(())
    })?;

    // components/<id>/
    for (ci, c) in model.config.components.iter().enumerate() {
        let Some(state) = model.component_state(&c.id) else {
            continue;
        };
        let mut months: Vec<(String, Vec<statusmark_feed::timeline::UptimeDay>)> = Vec::new();
        for (day, date) in state.days.iter().zip(&model.days) {
            let label = date.strftime("%B %Y").to_string();
            match months.last_mut() {
                Some((m, days)) if *m == label => days.push(*day),
                _ => months.push((label, vec![*day])),
            }
        }
        let monthly: Vec<(String, Option<String>)> = months
            .into_iter()
            .rev()
            .map(|(m, days)| (m, uptime_percent(&days).map(|u| format!("{u:.2}"))))
            .collect();
        let touching: Vec<&crate::content::Incident> = model.incidents_by_component[ci]
            .iter()
            .map(|&n| &*model.incidents[n])
            .filter(|i| i.started <= model.now)
            .collect();
        let pages = touching.len().div_ceil(PAGE_SIZE).max(1);
        let base = format!("components/{}/", c.id);
        // The header every page of the component shows: status, uptime bars, monthly uptime.
        let header = super::fingerprint(serde_json::to_string(&(views.component(c), &monthly)).unwrap_or_default());
        (1..=pages).into_par_iter().try_for_each(|page| {
            let (path, root) = if page == 1 {
                (format!("{base}index.html"), "../../".to_owned())
            } else {
                (format!("{base}page/{page}/index.html"), "../../../../".to_owned())
            };
            let listed = touching.iter().skip((page - 1) * PAGE_SIZE).take(PAGE_SIZE);
            let inputs: Vec<u64> = listed.clone().map(|i| i.revision).collect();
            if !memo.stale(sink, &path, (header, pages, inputs))? {
                return Ok(());
            }
            let items: Vec<(jiff::Timestamp, ArchiveItem)> = listed.map(|i| incident_item(views, i, &root)).collect();
            let link = |to: usize| match (page == 1, to == 1) {
                (true, true) => "./".to_owned(),
                (true, false) => format!("page/{to}/"),
                (false, true) => "../../".to_owned(),
                (false, false) => format!("../{to}/"),
            };
            let pager = Pager {
                page,
                pages,
                newer: (page > 1).then(|| link(page - 1)),
                older: (page < pages).then(|| link(page + 1)),
            };
            let html = render(
                env,
                "component.html",
                context! {
                    site => site,
                    root => root,
                    page_title => format!("{} · {}", c.name, model.config.title),
                    component => views.component(c),
                    monthly => monthly,
                    uptime_days => model.config.uptime_days,
                    months => by_month(views, items),
                    pager => pager,
                    feed => format!("{root}components/{}/history.atom", c.id),
                },
            )?;
            sink.put(OutputFile::new(path, html))?;
            Ok::<(), RenderError>(())
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_link_to_each_other() {
        assert_eq!(page_path("history/", 1), ("history/index.html".into(), "../".into()));
        assert_eq!(
            page_path("history/", 3),
            ("history/3/index.html".into(), "../../".into())
        );
        assert_eq!(page_link(1, 2), "2/");
        assert_eq!(page_link(2, 1), "../");
        assert_eq!(page_link(2, 3), "../3/");
    }
}

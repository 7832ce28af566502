//! `api/v2/`: Statuspage API v2 documents, so existing Statuspage clients can point at a
//! Statusmark site unchanged. Field names, vocabularies and nesting follow Statuspage (groups are
//! `group: true` rows listing member ids; members carry `group_id`; updates are newest first).
//! Ids are the slugs and component ids themselves: stable across builds and readable.

use statusmark_feed::statuspage::{AffectedComponent, Component, Incident, IncidentUpdate, Page, PageStatus};
use statusmark_feed::{ComponentStatus, Impact, IncidentStatus, MaintenancePhase};

use super::RenderContext;
use super::feed::{rfc3339, site_url};
use super::plan::{Key, Planned};
use crate::content::text::TextError;
use crate::content::{Incident as Report, Maintenance};
use crate::markdown::to_plain;
use crate::model::SiteModel;

/// How many incidents `incidents.json` and `scheduled-maintenances.json` carry, as Statuspage does.
pub const LATEST: usize = 50;

pub(crate) fn page(model: &SiteModel) -> Page {
    let cfg = &model.config;
    Page {
        id: page_id(model),
        name: cfg.title.clone(),
        url: cfg.base_url.clone().unwrap_or_default(),
        time_zone: cfg.timezone_name.clone(),
        updated_at: rfc3339(page_updated(model)),
    }
}

fn page_id(model: &SiteModel) -> String {
    crate::content::config::slugify(&model.config.title)
}

/// When anything the page shows last changed, as Statuspage's `page.updated_at` is: the latest of
/// the components' status changes, the incidents' updates and the maintenance windows' notices,
/// updates and phase changes, by `now` (`now` itself only for a page with no history at all).
/// Rebuilding later without a change leaves it, and so every document, as it was.
fn page_updated(model: &SiteModel) -> jiff::Timestamp {
    let now = model.now;
    let components = (0..model.components.len()).filter_map(|ci| component_times(model, ci).1);
    // From the facts the model keeps side by side for every incident and window: a whole block
    // of incidents that says nothing after `now` gives its bound (at 100,000 incidents, reading
    // every incident's facts was 2 % of a `serve` rebuild).
    let (facts, bounds) = (&model.incident_facts, &model.incident_bounds);
    let block = crate::model::UpdatedBounds::BLOCK;
    let mut n = model.published;
    let mut latest: Option<jiff::Timestamp> = None;
    while n < facts.len() {
        let end = facts.len().min((n / block + 1) * block);
        // A block with an incident still to start (before `published`) says something later.
        if bounds.said(n) <= now {
            latest = latest.max(Some(bounds.said(n)));
        } else {
            latest = latest.max((n..end).filter_map(|k| said_by(model, k, now)).max());
        }
        n = end;
    }
    let maintenances = model.window_facts.iter().filter(|w| w.announced).map(|w| w.changed);
    components
        .chain(latest)
        .chain(maintenances)
        .filter(|&t| t <= now)
        .max()
        .unwrap_or(now)
}

/// The latest of incident `n`'s update, resolution and start by `now`.
fn said_by(model: &SiteModel, n: usize, now: jiff::Timestamp) -> Option<jiff::Timestamp> {
    let f = &model.incident_facts[n];
    if f.latest <= now {
        return Some(f.latest);
    }
    // Only an incident written ahead of `now` (an update or resolution still to come) needs
    // its times looked at one by one.
    let i = model.incident(n);
    let updates = i.updates.iter().map(|u| u.at);
    updates.chain(i.resolved).chain([i.started]).filter(|&t| t <= now).max()
}

/// A component's `created_at` and `updated_at` as far as its history tells: its `start_date`
/// (midnight in the site's zone), else the start of the uptime reports, which count it from then
/// (the month of the earliest `start_date` or published incident); its current status's start,
/// else its creation (never before it).
fn component_times(model: &SiteModel, ci: usize) -> (Option<jiff::Timestamp>, Option<jiff::Timestamp>) {
    let created = match model.config.components[ci].start_date {
        Some(d) => d.to_zoned(model.config.zone()).ok().map(|z| z.timestamp()),
        None => model.reports.months.first().map(|m| m.start),
    };
    let since = model.components[ci].since;
    let updated = match (since, created) {
        (Some(s), Some(c)) => Some(s.max(c)),
        (s, c) => s.or(c),
    };
    (created, updated)
}

/// Statuspage's flat component list: each group row just before its first member, members and
/// ungrouped components in configuration order. A component's `created_at` and `updated_at` come
/// from its history ([`component_times`]); a group's are its members' earliest and latest.
pub(crate) fn components(model: &SiteModel) -> Vec<Component> {
    let cfg = &model.config;
    let page_id = page_id(model);
    let times: Vec<(jiff::Timestamp, jiff::Timestamp)> = (0..cfg.components.len())
        .map(|ci| {
            let (created, updated) = component_times(model, ci);
            (created.unwrap_or(model.now), updated.unwrap_or(model.now))
        })
        .collect();
    let mut rows = Vec::new();
    let mut position = 0;
    let mut seen_groups: Vec<usize> = Vec::new();
    for (ci, c) in cfg.components.iter().enumerate() {
        let grouped = model.groups.iter().find(|g| g.members.contains(&ci));
        if let Some((gi, g)) = grouped.and_then(|g| g.group.map(|gi| (gi, g)))
            && !seen_groups.contains(&gi)
        {
            seen_groups.push(gi);
            position += 1;
            let group = &cfg.groups[gi];
            let created = g.members.iter().map(|&m| times[m].0).min().unwrap_or(model.now);
            let updated = g.members.iter().map(|&m| times[m].1).max().unwrap_or(model.now);
            rows.push(Component {
                id: group.id.clone(),
                name: group.name.clone(),
                status: g.status,
                created_at: rfc3339(created),
                updated_at: rfc3339(updated),
                position,
                description: None,
                showcase: false,
                start_date: None,
                group_id: None,
                page_id: page_id.clone(),
                group: true,
                only_show_if_degraded: false,
                components: Some(g.members.iter().map(|&m| cfg.components[m].id.clone()).collect()),
            });
        }
        position += 1;
        rows.push(Component {
            id: c.id.clone(),
            name: c.name.clone(),
            status: model.components[ci].status,
            created_at: rfc3339(times[ci].0),
            updated_at: rfc3339(times[ci].1),
            position,
            description: c.description.clone(),
            showcase: true,
            start_date: c.start_date.map(|d| d.to_string()),
            group_id: c.group.clone(),
            page_id: page_id.clone(),
            group: false,
            only_show_if_degraded: false,
            components: None,
        });
    }
    rows
}

fn component_row(id: &str, all: &[Component]) -> Option<Component> {
    all.iter().find(|c| c.id == id && !c.group).cloned()
}

/// One timeline entry in Statuspage's shape.
fn update_row(
    id: String,
    status: &str,
    body: &str,
    parent: &str,
    at: jiff::Timestamp,
    affected: Option<Vec<AffectedComponent>>,
) -> IncidentUpdate {
    IncidentUpdate {
        id,
        status: status.to_owned(),
        body: to_plain(body),
        incident_id: parent.to_owned(),
        created_at: rfc3339(at),
        updated_at: rfc3339(at),
        display_at: rfc3339(at),
        affected_components: affected,
        deliver_notifications: true,
        custom_tweet: None,
        tweet_id: None,
    }
}

/// One component's status change in an update, with its display name.
fn affected(
    model: &SiteModel,
    id: &str,
    old_status: ComponentStatus,
    new_status: ComponentStatus,
) -> AffectedComponent {
    let name = model
        .config
        .component(id)
        .map_or_else(|| id.to_owned(), |c| c.name.clone());
    AffectedComponent {
        code: id.to_owned(),
        name,
        old_status,
        new_status,
    }
}

pub(crate) fn incident(model: &SiteModel, i: &Report, all: &[Component]) -> Result<Incident, TextError> {
    let text = i.text()?;
    let page_id = page_id(model);
    let status = i.status();
    // Oldest first to know each update's component changes, then reversed (Statuspage: newest first).
    let mut updates: Vec<IncidentUpdate> = i
        .updates
        .iter()
        .rev()
        .enumerate()
        .map(|(n, u)| {
            let affected: Vec<AffectedComponent> = if n == 0 {
                i.components
                    .iter()
                    .map(|(id, s)| affected(model, id, ComponentStatus::Operational, *s))
                    .collect()
            } else {
                i.changes
                    .iter()
                    .filter(|c| c.at == u.at)
                    .flat_map(|c| c.statuses.iter())
                    .map(|(id, s)| {
                        affected(
                            model,
                            id,
                            i.status_of_at(id, u.at - jiff::SignedDuration::from_secs(1)),
                            *s,
                        )
                    })
                    .collect()
            };
            let affected = (!affected.is_empty()).then_some(affected);
            update_row(
                format!("{}-{}", i.slug, n + 1),
                u.status.as_str(),
                text.update(i.updates.len() - 1 - n),
                &i.slug,
                u.at,
                affected,
            )
        })
        .collect();
    updates.reverse();
    Ok(Incident {
        id: i.slug.clone(),
        name: i.title.clone(),
        status: status.as_str().to_owned(),
        created_at: rfc3339(i.started),
        updated_at: rfc3339(i.updated_at()),
        monitoring_at: i
            .updates
            .iter()
            .rev()
            .find(|u| u.status == IncidentStatus::Monitoring)
            .map(|u| rfc3339(u.at)),
        resolved_at: i.resolved.map(rfc3339),
        impact: i.impact,
        shortlink: site_url(model, &format!("incidents/{}/", i.slug)),
        started_at: rfc3339(i.started),
        page_id,
        incident_updates: updates,
        reminder_intervals: Some(None),
        components: i.affected().filter_map(|id| component_row(id, all)).collect(),
        scheduled_for: None,
        scheduled_until: None,
    })
}

pub(crate) fn maintenance(model: &SiteModel, m: &Maintenance, all: &[Component]) -> Incident {
    let page_id = page_id(model);
    let phase = m.phase_at(model.now);
    let mut updates: Vec<IncidentUpdate> = m
        .updates
        .iter()
        .enumerate()
        .map(|(n, u)| {
            // Statuspage's maintenance statuses: an `## Update` reports the phase it leaves as is.
            let stated = u.phase.unwrap_or_else(|| m.phase_at(u.at));
            let during = if stated.under_way() {
                ComponentStatus::UnderMaintenance
            } else {
                ComponentStatus::Operational
            };
            let rows = m
                .components
                .iter()
                .map(|id| affected(model, id, ComponentStatus::Operational, during))
                .collect();
            update_row(
                format!("{}-{}", m.slug, m.updates.len() - n),
                stated.as_str(),
                &u.body,
                &m.slug,
                u.at,
                Some(rows),
            )
        })
        .collect();
    let created = m.announced_at();
    if updates.is_empty() {
        updates.push(update_row(
            format!("{}-1", m.slug),
            "scheduled",
            &m.summary,
            &m.slug,
            created,
            None,
        ));
    }
    let updated = m.changed_by(model.now);
    Incident {
        id: m.slug.clone(),
        name: m.title.clone(),
        status: phase.as_str().to_owned(),
        created_at: rfc3339(created),
        updated_at: rfc3339(updated),
        monitoring_at: None,
        resolved_at: (phase == MaintenancePhase::Completed)
            .then(|| rfc3339(m.completed_at(model.now).unwrap_or(m.scheduled_until))),
        impact: Impact::Maintenance,
        shortlink: site_url(model, &format!("maintenance/{}/", m.slug)),
        started_at: rfc3339(m.scheduled_for),
        page_id,
        incident_updates: updates,
        reminder_intervals: None,
        components: m.components.iter().filter_map(|id| component_row(id, all)).collect(),
        scheduled_for: Some(rfc3339(m.scheduled_for)),
        scheduled_until: Some(rfc3339(m.scheduled_until)),
    }
}

/// The documents, in the order [`Inputs::documents`] returns them.
const DOCUMENTS: [&str; 8] = [
    "summary.json",
    "status.json",
    "components.json",
    "incidents.json",
    "incidents/unresolved.json",
    "scheduled-maintenances.json",
    "scheduled-maintenances/upcoming.json",
    "scheduled-maintenances/active.json",
];

/// What the documents show, picked out when they are planned; they are worked out from it only
/// when one of them is rendered.
struct Inputs<'m> {
    model: &'m SiteModel,
    all: Vec<Component>,
    incidents: Vec<&'m Report>,
    unresolved: Vec<&'m Report>,
    upcoming: Vec<&'m Maintenance>,
    active: Vec<&'m Maintenance>,
    /// The first [`LATEST`] windows, for `scheduled-maintenances.json`.
    latest: Vec<&'m Maintenance>,
    /// The measurements and upstreams `summary.json` adds, when the site has any.
    extra: Option<serde_json::Value>,
}

impl<'m> Inputs<'m> {
    fn new(model: &'m SiteModel) -> Inputs<'m> {
        // The windows scheduled or under way at `now`, as the model found them (soonest first),
        // instead of every window's phase again.
        let current = |want: &[MaintenancePhase]| -> Vec<usize> {
            model
                .current_maintenance
                .iter()
                .copied()
                .filter(|&n| want.contains(&model.window_facts[n].state.phase))
                .collect()
        };
        let upcoming: Vec<&Maintenance> = current(&[MaintenancePhase::Scheduled])
            .into_iter()
            .map(|n| model.maintenance(n))
            .collect();
        // In the list's order, as before.
        let mut under_way = current(&[MaintenancePhase::InProgress, MaintenancePhase::Verifying]);
        under_way.sort_unstable();
        let active: Vec<&Maintenance> = under_way.into_iter().map(|n| model.maintenance(n)).collect();
        // Statuspage's format has no place for measurements: a site that has any adds them under a
        // key of its own, the same shapes as in status.json, which Statuspage clients ignore.
        let mut extra = None;
        if !(model.config.probes.is_empty() && model.config.metrics.is_empty()) {
            extra = Some(serde_json::json!({
                "probes": super::feed::probes(model),
                "metrics": super::feed::metrics(model),
            }));
        }
        // Upstreams are not our components: never in `components`, only beside the measurements.
        if !model.config.upstreams.is_empty() {
            let extra = extra.get_or_insert_with(|| serde_json::json!({}));
            extra["upstreams"] = serde_json::to_value(super::feed::upstreams(model)).unwrap_or_default();
        }
        Inputs {
            model,
            all: components(model),
            incidents: model.published_incidents().take(LATEST).map(|(_, i)| i).collect(),
            unresolved: model.active.iter().map(|&n| model.incident(n)).collect(),
            upcoming,
            active,
            latest: model.maintenances.iter().map(|x| &**x).take(LATEST).collect(),
            extra,
        }
    }

    /// For each of [`DOCUMENTS`], a key of what it shows: the page's last change (every document
    /// carries it), the overall status, the component rows, each incident in full (by its
    /// fingerprint), the maintenance windows with their phase now, and the measurements. None of
    /// them is the build's instant: a rebuild that changes nothing they show keeps them.
    fn keys(&self) -> [Key; 8] {
        let model = self.model;
        // `page` (the configuration's, in every key already, and its last change) and the status.
        let page = Key::of((page_updated(model), model.indicator.as_str()));
        let rows = Key::of((page, super::feed::json_text(&self.all)));
        let incidents = |list: &[&Report]| Key::of((rows, list.iter().map(|i| i.fingerprint()).collect::<Vec<u64>>()));
        let maintenances = |list: &[&Maintenance]| {
            let phases: Vec<_> = list
                .iter()
                .map(|m| {
                    (
                        m,
                        m.phase_at(model.now),
                        m.completed_at(model.now),
                        m.changed_by(model.now),
                    )
                })
                .collect();
            Key::of((rows, phases))
        };
        let (unresolved, upcoming, active) = (
            incidents(&self.unresolved),
            maintenances(&self.upcoming),
            maintenances(&self.active),
        );
        let extra = Key::of(self.extra.as_ref().map(super::feed::json_text));
        [
            Key::of((unresolved, upcoming, active, extra)),
            page,
            rows,
            incidents(&self.incidents),
            unresolved,
            maintenances(&self.latest),
            upcoming,
            active,
        ]
    }

    /// The documents' text, in the order of [`DOCUMENTS`].
    fn documents(&self) -> Result<Vec<String>, TextError> {
        let model = self.model;
        let all = &self.all;
        let page = serde_json::to_value(page(model)).unwrap_or_default();
        let status = serde_json::to_value(PageStatus {
            indicator: model.indicator,
            description: model.indicator.description().to_owned(),
        })
        .unwrap_or_default();
        let rows = |list: &[&Report]| {
            list.iter()
                .map(|i| incident(model, i, all))
                .collect::<Result<Vec<Incident>, _>>()
        };
        let (incidents, unresolved) = (rows(&self.incidents)?, rows(&self.unresolved)?);
        let to_json = |v: Vec<Incident>| serde_json::to_value(v).unwrap_or_default();
        let maint = |v: &[&Maintenance]| to_json(v.iter().map(|m| maintenance(model, m, all)).collect());
        let summary_maint: Vec<&Maintenance> = self.active.iter().chain(self.upcoming.iter()).copied().collect();
        let components_json = serde_json::to_value(all).unwrap_or_default();
        let mut summary = serde_json::json!({ "page": page, "components": components_json, "incidents": to_json(unresolved.clone()), "scheduled_maintenances": maint(&summary_maint), "status": status });
        if let Some(extra) = &self.extra {
            summary["statusmark"] = extra.clone();
        }
        let documents = [
            summary,
            serde_json::json!({ "page": page, "status": status }),
            serde_json::json!({ "page": page, "components": components_json }),
            serde_json::json!({ "page": page, "incidents": to_json(incidents) }),
            serde_json::json!({ "page": page, "incidents": to_json(unresolved) }),
            serde_json::json!({ "page": page, "scheduled_maintenances": maint(&self.latest) }),
            serde_json::json!({ "page": page, "scheduled_maintenances": maint(&self.upcoming) }),
            serde_json::json!({ "page": page, "scheduled_maintenances": maint(&self.active) }),
        ];
        Ok(documents.iter().map(super::feed::json_text).collect())
    }
}

/// The eight documents share their rows, so they are worked out together, once, when the first of
/// them is rendered; in `serve`, only when what they show changed.
pub fn plan<'r>(cx: &'r RenderContext<'_>) -> Vec<Planned<'r>> {
    let inputs = Inputs::new(cx.model);
    let keys = inputs.keys();
    let shared = std::sync::Arc::new((inputs, std::sync::OnceLock::new()));
    DOCUMENTS
        .iter()
        .enumerate()
        .map(|(n, name)| {
            let shared = std::sync::Arc::clone(&shared);
            Planned::lazy(["api/v2/", name].concat(), cx.key(keys[n]), move || {
                let (inputs, documents) = &*shared;
                match documents.get_or_init(|| inputs.documents()) {
                    Ok(texts) => Ok(texts[n].clone().into_bytes()),
                    Err(e) => Err(e.clone().into()),
                }
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// `page.updated_at` read through the blocks' bounds is what reading every incident gives,
    /// with incidents still to start, updates still to come and whole blocks said before `now`.
    #[test]
    fn page_updated_through_the_bounds_is_every_incidents_latest() {
        let dir = super::super::testing::fixture_copy("basic");
        let incidents = dir.path().join("incidents");
        let day = |d: i64| {
            let at = jiff::Timestamp::from_second(1_700_000_000 + d * 86_400).unwrap();
            at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
        };
        // 300 incidents a day apart; every 97th has an update 400 days on, every 53rd is open.
        for k in 0..300_i64 {
            let start = day(k);
            let later = if k % 97 == 0 { day(k + 400) } else { day(k) };
            let resolved = if k % 53 == 0 {
                String::new()
            } else {
                format!("resolved: {later}\n")
            };
            let text = format!(
                "---\ntitle: Incident {k}\nimpact: minor\nstarted: {start}\n{resolved}components:\n  api: degraded_performance\n---\n\n## Monitoring — {later}\n\nMore.\n\n## Investigating — {start}\n\nLooking.\n"
            );
            std::fs::write(incidents.join(format!("i{k:03}.md")), text).unwrap();
        }
        for now in [
            day(-1),
            day(0),
            day(100),
            day(250),
            day(299),
            day(320),
            day(600),
            day(800),
        ] {
            let now: jiff::Timestamp = now.parse().unwrap();
            let model = SiteModel::new(crate::content::load(dir.path(), now).unwrap(), now);
            assert!(model.incident_facts.len() > 4 * crate::model::UpdatedBounds::BLOCK);
            let every = (model.published..model.incident_facts.len()).filter_map(|n| said_by(&model, n, now));
            let windows = model.window_facts.iter().filter(|w| w.announced).map(|w| w.changed);
            let components = (0..model.components.len()).filter_map(|ci| component_times(&model, ci).1);
            let expected = every
                .chain(windows)
                .chain(components)
                .filter(|&t| t <= now)
                .max()
                .unwrap_or(now);
            assert_eq!(page_updated(&model), expected, "at {now}");
        }
    }
}

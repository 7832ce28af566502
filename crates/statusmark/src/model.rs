//! The [`SiteModel`]: everything derived once from validated content and an instant `now` —
//! statuses now, uptime per day, the page indicator. Read-only from here on; every emitter takes it.

use std::sync::Arc;

use jiff::Timestamp;
use jiff::civil::Date;
use statusmark_feed::timeline::{StatusSpan, StatusTimeline, UptimeDay, uptime_percent};
use statusmark_feed::{ComponentStatus, Indicator, MaintenancePhase};

use crate::content::{Config, Content, Incident, Maintenance};

/// How far an ongoing incident extends into the future for the timeline; `days` clips at `now`.
const OPEN_END: i64 = i64::MAX / 4;

#[derive(Debug)]
pub struct SiteModel {
    pub config: Config,
    pub now: Timestamp,
    /// Newest first.
    pub incidents: Vec<Arc<Incident>>,
    /// Newest first.
    pub maintenances: Vec<Arc<Maintenance>>,
    /// In configuration order.
    pub components: Vec<ComponentState>,
    pub indicator: Indicator,
    /// For each component (configuration order), the indexes into [`SiteModel::incidents`] of the
    /// incidents that list it, newest first: what component pages and feeds show.
    pub incidents_by_component: Vec<Vec<usize>>,
    /// The days of the uptime window in the site's zone, oldest first.
    pub days: Vec<Date>,
}

#[derive(Debug)]
pub struct ComponentState {
    pub id: String,
    pub status: ComponentStatus,
    /// One per entry of [`SiteModel::days`].
    pub days: Vec<UptimeDay>,
    /// Indexes into [`SiteModel::incidents`] of the incidents touching each day.
    pub day_incidents: Vec<Vec<usize>>,
    pub uptime: Option<f64>,
}

impl SiteModel {
    pub fn new(content: Content, now: Timestamp) -> SiteModel {
        let Content {
            config,
            incidents,
            maintenances,
            ..
        } = content;
        let zone = config.zone();
        let today = now.to_zoned(zone.clone()).date();
        let n = i32::try_from(config.uptime_days).unwrap_or(90);
        let days: Vec<Date> = (0..n)
            .rev()
            .filter_map(|back| today.checked_sub(jiff::Span::new().days(back)).ok())
            .collect();
        let boundaries: Vec<i64> = days
            .iter()
            .copied()
            .chain(today.tomorrow().ok())
            .filter_map(|d| d.to_zoned(zone.clone()).ok().map(|z| z.timestamp().as_millisecond()))
            .collect();
        let window_start = boundaries.first().copied().unwrap_or(0);
        let now_ms = now.as_millisecond();

        // One pass over incidents and maintenance: spans per component.
        let mut spans: Vec<Vec<StatusSpan>> = vec![Vec::new(); config.components.len()];
        let mut touching: Vec<Vec<usize>> = vec![Vec::new(); config.components.len()];
        let index = |id: &str| config.components.iter().position(|c| c.id == id);
        for (i, incident) in incidents.iter().enumerate() {
            let end = incident.resolved.map_or(OPEN_END, |r| r.as_millisecond());
            if end < window_start && incident.resolved.is_some() && incident.started.as_millisecond() < window_start {
                // Entirely before the window: it cannot change any day we show, nor `now`.
                continue;
            }
            let ids = incident.components.iter().map(|(id, _)| id.as_str()).chain(
                incident
                    .changes
                    .iter()
                    .flat_map(|c| c.statuses.iter().map(|(id, _)| id.as_str())),
            );
            let mut done: Vec<usize> = Vec::new();
            for id in ids {
                let Some(ci) = index(id) else { continue };
                if done.contains(&ci) {
                    continue;
                }
                done.push(ci);
                touching[ci].push(i);
                let mut from = incident.started;
                for change in &incident.changes {
                    if change.statuses.iter().any(|(c, _)| c == id) {
                        spans[ci].push(StatusSpan {
                            start_ms: from.as_millisecond(),
                            end_ms: change.at.as_millisecond(),
                            status: incident.status_of_at(id, from),
                        });
                        from = change.at;
                    }
                }
                spans[ci].push(StatusSpan {
                    start_ms: from.as_millisecond(),
                    end_ms: end,
                    status: incident.status_of_at(id, from),
                });
            }
        }
        for m in &maintenances {
            if m.cancelled || m.scheduled_for > now {
                continue;
            }
            for id in &m.components {
                if let Some(ci) = index(id) {
                    spans[ci].push(StatusSpan {
                        start_ms: m.scheduled_for.as_millisecond(),
                        end_ms: m.scheduled_until.as_millisecond(),
                        status: ComponentStatus::UnderMaintenance,
                    });
                }
            }
        }

        let components: Vec<ComponentState> = config
            .components
            .iter()
            .enumerate()
            .map(|(ci, c)| {
                let timeline = StatusTimeline::from_spans(spans[ci].iter().copied());
                let data_from = c
                    .start_date
                    .and_then(|d| d.to_zoned(zone.clone()).ok())
                    .map_or(i64::MIN, |z| z.timestamp().as_millisecond());
                let uptime_days = timeline.days(&boundaries, data_from, now_ms);
                let mut day_incidents = vec![Vec::new(); uptime_days.len()];
                for &i in &touching[ci] {
                    let inc = &incidents[i];
                    let (s, e) = (
                        inc.started.as_millisecond(),
                        inc.resolved.map_or(now_ms, |r| r.as_millisecond()),
                    );
                    for (d, w) in boundaries.windows(2).enumerate() {
                        if s < w[1] && e >= w[0] {
                            day_incidents[d].push(i);
                        }
                    }
                }
                ComponentState {
                    id: c.id.clone(),
                    status: timeline.at(now_ms),
                    uptime: uptime_percent(&uptime_days),
                    days: uptime_days,
                    day_incidents,
                }
            })
            .collect();
        let indicator = Indicator::from_components(components.iter().map(|c| c.status));
        let position: rustc_hash::FxHashMap<&str, usize> = config
            .components
            .iter()
            .enumerate()
            .map(|(n, c)| (c.id.as_str(), n))
            .collect();
        let mut incidents_by_component = vec![Vec::new(); config.components.len()];
        for (n, i) in incidents.iter().enumerate() {
            for (id, _) in &i.components {
                if let Some(list) = position
                    .get(id.as_str())
                    .and_then(|&ci| incidents_by_component.get_mut(ci))
                {
                    list.push(n);
                }
            }
        }
        SiteModel {
            config,
            now,
            incidents,
            maintenances,
            components,
            indicator,
            incidents_by_component,
            days,
        }
    }

    pub fn active_incidents(&self) -> impl Iterator<Item = &Incident> {
        self.incidents
            .iter()
            .map(|x| &**x)
            .filter(|i| i.is_ongoing_at(self.now))
    }

    /// Maintenance in progress or upcoming, soonest first.
    pub fn current_maintenance(&self) -> Vec<&Maintenance> {
        let mut v: Vec<&Maintenance> = self
            .maintenances
            .iter()
            .map(|x| &**x)
            .filter(|m| {
                matches!(
                    m.phase_at(self.now),
                    MaintenancePhase::Scheduled | MaintenancePhase::InProgress
                )
            })
            .collect();
        v.sort_by_key(|m| m.scheduled_for);
        v
    }

    pub fn component_state(&self, id: &str) -> Option<&ComponentState> {
        self.components.iter().find(|c| c.id == id)
    }
}

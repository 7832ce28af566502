//! The Statusmark JSON status feed (`status.json`): the widget's native feed and a public contract.
//!
//! Compatibility rules: `version` is at the top; every optional field has a default; every enum has
//! an `Unknown` fallback; unknown fields are ignored. A change that breaks an old reader bumps
//! [`FEED_VERSION`].

use serde::Serialize;

use crate::error::FeedError;
use crate::group::{Grouped, group_by};
use crate::maintenance::{MaintenanceWindow, PhaseAt, StatedPhase};
use crate::status::{ComponentStatus, Impact, IncidentStatus, Indicator, MaintenancePhase};
use crate::tree::{JsonTree, Required, invalid, object, opt_text, text_or_empty};

/// The feed format version this crate writes.
pub const FEED_VERSION: u32 = 1;

/// The whole feed.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StatusFeed {
    /// Format version; see [`FEED_VERSION`].
    pub version: u32,
    pub page: PageInfo,
    /// When the site was generated (RFC 3339, UTC).
    pub generated_at: String,
    /// How long after `generated_at` the site counts as out of date (the site's `stale_after`):
    /// its pages then tell visitors when they were last updated. Absent when the site does not
    /// say. Added in version 1 (additive: older readers ignore it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stale_after_seconds: Option<u64>,
    pub status: OverallStatus,
    #[serde(default)]
    pub groups: Vec<FeedGroup>,
    #[serde(default)]
    pub components: Vec<FeedComponent>,
    /// Unresolved incidents first, then recently resolved ones, newest first.
    #[serde(default)]
    pub incidents: Vec<FeedIncident>,
    /// Upcoming and in-progress maintenance windows, soonest first.
    #[serde(default)]
    pub maintenances: Vec<FeedMaintenance>,
    /// What each probe measured, in configuration order; absent when the site has no probes.
    /// Measurements never change a component's `status` or `uptime`, which people report.
    /// Added in version 1 (additive: older readers ignore it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub probes: Vec<FeedProbe>,
    /// Each metric's latest value, in configuration order; absent when the site has no metrics.
    /// Added in version 1 (additive).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub metrics: Vec<FeedMetric>,
    /// The services the site depends on, as their own status pages last said, in configuration
    /// order; absent when the site has none. Never part of `components`; part of `status` only
    /// where `affects_overall` is true. Added in version 1 (additive).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub upstreams: Vec<FeedUpstream>,
}

/// A service the site depends on, from the snapshot `statusmark fetch` took of its status page.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FeedUpstream {
    pub id: String,
    pub name: String,
    /// The upstream's own status page.
    #[serde(default)]
    pub url: String,
    /// `unknown` when there is no snapshot or it is older than the site allows (`stale`).
    pub status: ComponentStatus,
    /// The snapshot is out of date; `last_known_status` is what it said.
    #[serde(default)]
    pub stale: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_known_status: Option<ComponentStatus>,
    /// When the snapshot was fetched (RFC 3339, UTC); absent without one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fetched_at: Option<String>,
    /// Whether `status` counts in the site's overall status.
    #[serde(default)]
    pub affects_overall: bool,
    /// The upstream components the site shows, with their statuses.
    #[serde(default)]
    pub components: Vec<FeedUpstreamComponent>,
    /// Titles of the upstream's unresolved incidents.
    #[serde(default)]
    pub incidents: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FeedUpstreamComponent {
    pub id: String,
    pub name: String,
    pub status: ComponentStatus,
}

/// A probe's summary: measured availability over the site's uptime window, response times over the
/// last 24 hours (nearest-rank percentiles of the checks that were up), and the latest check.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FeedProbe {
    pub id: String,
    /// The component it checks, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component: Option<String>,
    /// Checks over the uptime window.
    #[serde(default)]
    pub checks: u64,
    /// Percent of those checks that were up, rounded down to two decimals; absent without checks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p50_ms_24h: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p95_ms_24h: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latency_target_ms: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest: Option<FeedCheck>,
}

/// One check.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FeedCheck {
    /// RFC 3339, UTC.
    pub at: String,
    pub up: bool,
    /// Total time in ms, for checks that were up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_ms: Option<f64>,
}

/// A metric's latest value, scaled as the site shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FeedMetric {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component: Option<String>,
    #[serde(default)]
    pub unit: String,
    /// Absent when there is no snapshot or no value in it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    /// When the value was measured (RFC 3339, UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    /// The target as configured, such as `< 100`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// Whether `value` meets `target`; absent without either, or when the snapshot is stale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub met: Option<bool>,
    /// When the snapshot was fetched (RFC 3339, UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fetched_at: Option<String>,
    /// The snapshot answers an older query than the configured one.
    #[serde(default)]
    pub stale: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PageInfo {
    pub name: String,
    /// The status page's address; links in the widget go here.
    #[serde(default)]
    pub url: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct OverallStatus {
    pub indicator: Indicator,
    pub description: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FeedGroup {
    pub id: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FeedComponent {
    pub id: String,
    pub name: String,
    pub status: ComponentStatus,
    /// The id of the group this component belongs to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Uptime over the site's window, in percent to two decimals, rounded down (99.996 is 99.99:
    /// it reads 100 only without downtime); absent when there is no data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uptime: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FeedIncident {
    pub id: String,
    pub title: String,
    pub impact: Impact,
    pub status: IncidentStatus,
    pub started_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved_at: Option<String>,
    /// The latest update's text, plain (no markup).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest_update: Option<String>,
    #[serde(default)]
    pub url: String,
    /// Ids of the affected components.
    #[serde(default)]
    pub components: Vec<String>,
    /// Every update, newest first, so a reader can show the incident's timeline. Absent when the
    /// incident has none. Added in version 1 (additive: older readers ignore it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub updates: Vec<FeedIncidentUpdate>,
}

/// One update of an incident.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FeedIncidentUpdate {
    /// RFC 3339, UTC.
    pub at: String,
    /// The status the update reported.
    pub status: IncidentStatus,
    /// The update's text, plain (no markup), as `latest_update`.
    #[serde(default)]
    pub body: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FeedMaintenance {
    pub id: String,
    pub title: String,
    /// The phase when the feed was generated; readers should work it out again by their own clock
    /// with [`FeedMaintenance::phase_at`] (the window, `phase_changes` and `auto_complete`).
    pub status: MaintenancePhase,
    pub scheduled_for: String,
    pub scheduled_until: String,
    #[serde(default)]
    pub url: String,
    #[serde(default)]
    pub components: Vec<String>,
    /// The phases the source stated, oldest first, each holding from its time on; they beat the
    /// clock. Absent when the source stated none. Added in version 1 (additive).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phase_changes: Vec<FeedPhaseChange>,
    /// Whether the window completes by the clock at `scheduled_until`; when `false`, only a stated
    /// `completed` ends it and it is overrunning until then. Default `true`. Added in version 1.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub auto_complete: bool,
    /// Emergency maintenance: announced at short notice. Default `false`. Added in version 1.
    #[serde(default, skip_serializing_if = "is_false")]
    pub emergency: bool,
}

/// A phase a source stated, holding from `at` on.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FeedPhaseChange {
    /// RFC 3339, UTC.
    pub at: String,
    pub phase: MaintenancePhase,
}

/// `auto_complete`'s default, for the schema (the types only serialise).
#[cfg(feature = "schema")]
fn yes() -> bool {
    true
}

#[allow(
    clippy::trivially_copy_pass_by_ref,
    reason = "serde's skip_serializing_if passes a reference"
)]
fn is_true(b: &bool) -> bool {
    *b
}

#[allow(
    clippy::trivially_copy_pass_by_ref,
    reason = "serde's skip_serializing_if passes a reference"
)]
fn is_false(b: &bool) -> bool {
    !*b
}

impl FeedMaintenance {
    /// The phase at `now_ms` by the reader's clock, by the one rule ([`MaintenanceWindow`]); the
    /// feed's own phase when the window's times do not parse. `parse_ms` turns an RFC 3339 string
    /// into Unix ms. A stated phase whose time does not parse holds from the start.
    pub fn phase_at(&self, now_ms: i64, parse_ms: impl Fn(&str) -> Option<i64>) -> PhaseAt {
        let (Some(from), Some(until)) = (parse_ms(&self.scheduled_for), parse_ms(&self.scheduled_until)) else {
            return PhaseAt {
                phase: self.status,
                overrunning: false,
            };
        };
        let stated: Vec<StatedPhase> = self
            .phase_changes
            .iter()
            .map(|c| StatedPhase {
                at_ms: parse_ms(&c.at).unwrap_or(i64::MIN),
                phase: c.phase,
            })
            .collect();
        MaintenanceWindow {
            scheduled_for_ms: from,
            scheduled_until_ms: until,
            stated: &stated,
            auto_complete: self.auto_complete,
            cancelled: self.status == MaintenancePhase::Cancelled,
        }
        .at(now_ms)
    }

    /// What people read for the kind of window: `Emergency maintenance` or `Maintenance`.
    pub fn kind_label(&self) -> &'static str {
        if self.emergency {
            "Emergency maintenance"
        } else {
            "Maintenance"
        }
    }
}

/// Read a Statusmark feed (`status.json`) whose top-level `version` is `version`; incidents'
/// `updates` only with `UPDATES` (a reader that shows no timelines then carries no code for them).
pub(crate) fn read_statusmark<T: JsonTree, const UPDATES: bool>(doc: &T, version: &T) -> Result<StatusFeed, FeedError> {
    let version = version
        .as_number()
        .filter(|v| v.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(v))
        .ok_or_else(|| invalid("version", "is not a whole number"))? as u32;
    let page = object(doc, "page", "page")?;
    let status = object(doc, "status", "status")?;
    let mut req = Required::default();
    let mut groups = Vec::new();
    for g in &req.list(doc, "groups", "groups") {
        groups.push(FeedGroup {
            id: req.text(g, "id", "groups[].id"),
            name: req.text(g, "name", "groups[].name"),
        });
    }
    let mut components = Vec::new();
    for c in &req.list(doc, "components", "components") {
        components.push(FeedComponent {
            id: req.text(c, "id", "components[].id"),
            name: req.text(c, "name", "components[].name"),
            status: ComponentStatus::from_name(&req.text(c, "status", "components[].status")),
            group: opt_text(c, "group"),
            uptime: c.get("uptime").and_then(|u| u.as_number()),
        });
    }
    let mut incidents = Vec::new();
    for i in &req.list(doc, "incidents", "incidents") {
        incidents.push(FeedIncident {
            id: req.text(i, "id", "incidents[].id"),
            title: req.text(i, "title", "incidents[].title"),
            impact: Impact::from_name(&req.text(i, "impact", "incidents[].impact")),
            status: IncidentStatus::from_name(&req.text(i, "status", "incidents[].status")),
            started_at: req.text(i, "started_at", "incidents[].started_at"),
            resolved_at: opt_text(i, "resolved_at"),
            latest_update: opt_text(i, "latest_update"),
            url: text_or_empty(i, "url"),
            components: req.strings(i, "components", "incidents[].components"),
            updates: if !UPDATES {
                Vec::new()
            } else {
                req.list(i, "updates", "incidents[].updates")
                    .iter()
                    .map(|u| FeedIncidentUpdate {
                        at: req.text(u, "at", "incidents[].updates[].at"),
                        status: IncidentStatus::from_name(&req.text(u, "status", "incidents[].updates[].status")),
                        body: text_or_empty(u, "body"),
                    })
                    .collect()
            },
        });
    }
    let mut maintenances = Vec::new();
    for m in &req.list(doc, "maintenances", "maintenances") {
        maintenances.push(FeedMaintenance {
            id: req.text(m, "id", "maintenances[].id"),
            title: req.text(m, "title", "maintenances[].title"),
            status: MaintenancePhase::from_name(&req.text(m, "status", "maintenances[].status")),
            scheduled_for: req.text(m, "scheduled_for", "maintenances[].scheduled_for"),
            scheduled_until: req.text(m, "scheduled_until", "maintenances[].scheduled_until"),
            url: text_or_empty(m, "url"),
            components: req.strings(m, "components", "maintenances[].components"),
            phase_changes: req
                .list(m, "phase_changes", "maintenances[].phase_changes")
                .iter()
                .map(|c| FeedPhaseChange {
                    at: req.text(c, "at", "maintenances[].phase_changes[].at"),
                    phase: MaintenancePhase::from_name(&req.text(c, "phase", "maintenances[].phase_changes[].phase")),
                })
                .collect(),
            auto_complete: m.get("auto_complete").and_then(|b| b.as_bool()).unwrap_or(true),
            emergency: m.get("emergency").and_then(|b| b.as_bool()).unwrap_or(false),
        });
    }
    let feed = StatusFeed {
        version,
        page: PageInfo {
            name: req.text(&page, "name", "page.name"),
            url: text_or_empty(&page, "url"),
        },
        generated_at: req.text(doc, "generated_at", "generated_at"),
        // Tolerant: a missing or odd value means the site does not say.
        stale_after_seconds: doc
            .get("stale_after_seconds")
            .and_then(|v| v.as_number())
            .filter(|v| v.fract() == 0.0 && *v > 0.0 && *v <= u32::MAX as f64)
            .map(|v| v as u64),
        status: OverallStatus {
            indicator: Indicator::from_name(&req.text(&status, "indicator", "status.indicator")),
            description: req.text(&status, "description", "status.description"),
        },
        groups,
        components,
        incidents,
        maintenances,
        // Measurements are for people and other tools; the widget does not read them (yet).
        probes: Vec::new(),
        metrics: Vec::new(),
        // Of the upstreams, what counts in the overall status (see [`StatusFeed::counted`]):
        // their components, incidents and snapshot times are for the site's own pages.
        upstreams: doc
            .get("upstreams")
            .and_then(|u| u.as_array())
            .unwrap_or_default()
            .iter()
            .map(|u| FeedUpstream {
                id: text_or_empty(u, "id"),
                name: text_or_empty(u, "name"),
                url: String::new(),
                status: ComponentStatus::from_name(&text_or_empty(u, "status")),
                stale: u.get("stale").and_then(|b| b.as_bool()).unwrap_or(false),
                last_known_status: None,
                fetched_at: None,
                affects_overall: u.get("affects_overall").and_then(|b| b.as_bool()).unwrap_or(false),
                components: Vec::new(),
                incidents: Vec::new(),
            })
            .collect(),
    };
    req.finish().map(|()| feed)
}

impl StatusFeed {
    /// Components in display order under their group (see [`group_by`]): unknown group ids count
    /// as ungrouped.
    pub fn grouped(&self) -> Vec<Grouped<'_, FeedGroup, FeedComponent>> {
        group_by(&self.components, |c| {
            c.group.as_deref().and_then(|g| self.groups.iter().find(|x| x.id == g))
        })
    }

    /// The statuses the overall indicator counts besides the components': those of the upstreams
    /// that say `affects_overall`. A stale upstream's status is `unknown`, which counts for nothing.
    pub fn counted(&self) -> impl Iterator<Item = ComponentStatus> + '_ {
        self.upstreams.iter().filter(|u| u.affects_overall).map(|u| u.status)
    }

    /// The indicator recomputed from component statuses, with maintenance windows that are in
    /// progress at `now_ms` (by the reader's clock) putting their components under maintenance.
    /// `parse_ms` turns an RFC 3339 string into Unix ms (the widget uses the browser's parser).
    pub fn component_status_at(
        &self,
        component: &FeedComponent,
        now_ms: i64,
        parse_ms: impl Fn(&str) -> Option<i64>,
    ) -> ComponentStatus {
        let in_maintenance = self
            .maintenances
            .iter()
            .any(|m| m.components.contains(&component.id) && m.phase_at(now_ms, &parse_ms).under_way());
        let status = component.status;
        if in_maintenance && status.severity() <= ComponentStatus::UnderMaintenance.severity() {
            ComponentStatus::UnderMaintenance
        } else if !in_maintenance && status == ComponentStatus::UnderMaintenance {
            // The window the feed knew about has ended (or has not started) by the reader's clock.
            let known_elsewhere = self.maintenances.iter().any(|m| m.components.contains(&component.id));
            if known_elsewhere {
                ComponentStatus::Operational
            } else {
                status
            }
        } else {
            status
        }
    }
}

#[cfg(all(test, feature = "json"))]
mod tests {
    use super::*;

    pub(crate) fn sample() -> StatusFeed {
        StatusFeed {
            version: FEED_VERSION,
            page: PageInfo {
                name: "Example".into(),
                url: "https://status.example.com/".into(),
            },
            generated_at: "2026-11-20T15:00:00Z".into(),
            stale_after_seconds: Some(7200),
            status: OverallStatus {
                indicator: Indicator::Major,
                description: "Partial System Outage".into(),
            },
            groups: vec![FeedGroup {
                id: "core".into(),
                name: "Core".into(),
            }],
            components: vec![
                FeedComponent {
                    id: "api".into(),
                    name: "API".into(),
                    status: ComponentStatus::PartialOutage,
                    group: Some("core".into()),
                    uptime: Some(99.5),
                },
                FeedComponent {
                    id: "web".into(),
                    name: "Web".into(),
                    status: ComponentStatus::Operational,
                    group: None,
                    uptime: None,
                },
                FeedComponent {
                    id: "db".into(),
                    name: "Database".into(),
                    status: ComponentStatus::Operational,
                    group: Some("core".into()),
                    uptime: None,
                },
            ],
            incidents: vec![],
            maintenances: vec![FeedMaintenance {
                id: "db-upgrade".into(),
                title: "Database upgrade".into(),
                status: MaintenancePhase::Scheduled,
                scheduled_for: "1000".into(),
                scheduled_until: "2000".into(),
                url: String::new(),
                components: vec!["db".into()],
                phase_changes: vec![],
                auto_complete: true,
                emergency: false,
            }],
            probes: vec![],
            metrics: vec![],
            upstreams: vec![],
        }
    }

    #[test]
    fn measurements_are_additive_readers_of_version_1_read_the_rest_as_before() {
        let mut feed = sample();
        feed.probes.push(FeedProbe {
            id: "api-health".into(),
            component: Some("api".into()),
            checks: 8640,
            availability: Some(99.95),
            p50_ms_24h: Some(42.0),
            p95_ms_24h: Some(87.0),
            latency_target_ms: Some(300.0),
            latest: Some(FeedCheck {
                at: "2026-11-20T14:55:00Z".into(),
                up: true,
                total_ms: Some(41.5),
            }),
        });
        feed.metrics.push(FeedMetric {
            id: "p95".into(),
            name: "API latency".into(),
            component: None,
            unit: "ms".into(),
            value: Some(95.0),
            at: None,
            target: Some("< 100".into()),
            met: Some(true),
            fetched_at: None,
            stale: false,
        });
        let text = serde_json::to_string(&feed).unwrap();
        assert!(text.contains("\"probes\":[{\"id\":\"api-health\"") && text.contains("\"metrics\":"));
        assert_eq!(crate::parse_feed(&text).unwrap(), sample());
        // Without measurements the feed has no such keys: version 1 feeds stay byte-identical.
        assert!(!serde_json::to_string(&sample()).unwrap().contains("probes"));
    }

    /// The lifecycle fields are additive: a feed without them reads as the clock-only rule, and
    /// one with them round-trips and keeps a stated overrun in progress by the reader's clock.
    #[test]
    fn lifecycle_fields_round_trip_and_old_feeds_read_as_before() {
        let mut feed = sample();
        let text = serde_json::to_string(&feed).unwrap();
        assert!(!text.contains("phase_changes") && !text.contains("auto_complete") && !text.contains("emergency"));
        let old = crate::parse_feed(&text).unwrap();
        assert!(old.maintenances[0].auto_complete && !old.maintenances[0].emergency);
        let parse = |s: &str| s.parse::<i64>().ok();
        assert_eq!(
            old.maintenances[0].phase_at(2500, parse).phase,
            MaintenancePhase::Completed
        );

        let m = &mut feed.maintenances[0];
        m.auto_complete = false;
        m.emergency = true;
        m.phase_changes = vec![FeedPhaseChange {
            at: "1100".into(),
            phase: MaintenancePhase::InProgress,
        }];
        let text = serde_json::to_string(&feed).unwrap();
        assert!(
            text.contains(
                r#""phase_changes":[{"at":"1100","phase":"in_progress"}],"auto_complete":false,"emergency":true"#
            ),
            "{text}"
        );
        let back = crate::parse_feed(&text).unwrap();
        assert_eq!(back, feed);
        let m = &back.maintenances[0];
        assert_eq!(m.kind_label(), "Emergency maintenance");
        let later = m.phase_at(2500, parse);
        assert_eq!((later.phase, later.overrunning), (MaintenancePhase::InProgress, true));
        assert_eq!(later.label(), "In progress, overrunning");
        assert_eq!(
            back.component_status_at(&back.components[2], 2500, parse),
            ComponentStatus::UnderMaintenance
        );
    }

    /// `updates` is additive: without it a feed reads as before; with it, it round-trips, and
    /// the widget's reader leaves it out.
    #[test]
    fn incident_updates_round_trip_and_the_widget_reader_leaves_them_out() {
        let mut feed = sample();
        feed.incidents.push(FeedIncident {
            id: "api".into(),
            title: "API errors".into(),
            impact: Impact::Major,
            status: IncidentStatus::Monitoring,
            started_at: "2026-11-20T14:00:00Z".into(),
            resolved_at: None,
            latest_update: Some("A fix is out.".into()),
            url: String::new(),
            components: vec!["api".into()],
            updates: vec![],
        });
        let text = serde_json::to_string(&feed).unwrap();
        assert!(!text.contains("updates"), "{text}");
        feed.incidents[0].updates = vec![
            FeedIncidentUpdate {
                at: "2026-11-20T14:30:00Z".into(),
                status: IncidentStatus::Monitoring,
                body: "A fix is out.".into(),
            },
            FeedIncidentUpdate {
                at: "2026-11-20T14:00:00Z".into(),
                status: IncidentStatus::Investigating,
                body: String::new(),
            },
        ];
        let text = serde_json::to_string(&feed).unwrap();
        assert!(
            text.contains(r#""updates":[{"at":"2026-11-20T14:30:00Z","status":"monitoring","body":"A fix is out."}"#),
            "{text}"
        );
        assert_eq!(crate::parse_feed(&text).unwrap(), feed);
        let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
        let lean = crate::read_feed_without_updates(&&doc).unwrap();
        assert!(lean.incidents[0].updates.is_empty());
        feed.incidents[0].updates.clear();
        assert_eq!(lean, feed);
    }

    #[test]
    fn feed_round_trips_through_json() {
        let feed = sample();
        let text = serde_json::to_string(&feed).unwrap();
        assert_eq!(crate::parse_feed(&text).unwrap(), feed);
    }

    #[test]
    fn unknown_fields_and_values_are_tolerated() {
        let text = r#"{"version": 7, "page": {"name": "X", "shiny": true}, "generated_at": "t",
            "status": {"indicator": "cosmic", "description": "?"},
            "components": [{"id": "a", "name": "A", "status": "melting", "new_field": [1]}],
            "future": {"anything": null}}"#;
        let feed = crate::parse_feed(text).unwrap();
        assert_eq!(feed.status.indicator, Indicator::Unknown);
        assert_eq!(feed.components[0].status, ComponentStatus::Unknown);
        assert!(feed.incidents.is_empty());
    }

    #[test]
    fn junk_is_an_error_not_a_panic() {
        for text in ["", "null", "[]", "{", "{\"version\": 1}", "\u{0}", "{\"page\": 3}"] {
            assert!(crate::parse_feed(text).is_err(), "{text:?}");
        }
    }

    #[test]
    fn groups_keep_member_order() {
        let feed = sample();
        let grouped = feed.grouped();
        assert_eq!(grouped.len(), 2);
        assert_eq!(grouped[0].group.map(|g| g.id.as_str()), Some("core"));
        assert_eq!(
            grouped[0].members.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
            ["api", "db"]
        );
        assert_eq!(grouped[1].members[0].id, "web");
    }

    #[test]
    fn maintenance_phase_is_recomputed_with_the_reader_clock() {
        let feed = sample();
        let db = &feed.components[2];
        let parse = |s: &str| s.parse::<i64>().ok();
        assert_eq!(feed.component_status_at(db, 999, parse), ComponentStatus::Operational);
        assert_eq!(
            feed.component_status_at(db, 1000, parse),
            ComponentStatus::UnderMaintenance
        );
        assert_eq!(feed.component_status_at(db, 2000, parse), ComponentStatus::Operational);
        // A real problem outranks maintenance.
        let api = &feed.components[0];
        assert_eq!(
            feed.component_status_at(api, 1500, parse),
            ComponentStatus::PartialOutage
        );
    }
}

//! Statuspage API v2 (`/api/v2/summary.json` and friends): the types, with Statuspage's field names
//! and nesting, and the conversion of a summary into a [`StatusFeed`].
//!
//! Reading is tolerant (every field defaults, unknown fields are ignored) because the documents come
//! from third parties. The generator writes the types below for its `api/v2/` output; reading goes
//! through [`read_summary`] on a parsed tree, which looks only at the fields a feed needs.

use serde::Serialize;

use crate::error::FeedError;
use crate::feed::{
    FEED_VERSION, FeedComponent, FeedGroup, FeedIncident, FeedMaintenance, FeedPhaseChange, OverallStatus, PageInfo,
    StatusFeed,
};
use crate::status::{ComponentStatus, Impact, IncidentStatus, Indicator, MaintenancePhase};
use crate::tree::{JsonTree, Required, object, opt_text, text_or_empty};

#[derive(Clone, Debug, PartialEq, Serialize, Default)]
pub struct Page {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub url: String,
    #[serde(default)]
    pub time_zone: String,
    #[serde(default)]
    pub updated_at: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Default)]
pub struct PageStatus {
    #[serde(default)]
    pub indicator: Indicator,
    #[serde(default)]
    pub description: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Default)]
pub struct Component {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub status: ComponentStatus,
    #[serde(default)]
    pub created_at: String,
    #[serde(default)]
    pub updated_at: String,
    #[serde(default)]
    pub position: i64,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub showcase: bool,
    #[serde(default)]
    pub start_date: Option<String>,
    #[serde(default)]
    pub group_id: Option<String>,
    #[serde(default)]
    pub page_id: String,
    #[serde(default)]
    pub group: bool,
    #[serde(default)]
    pub only_show_if_degraded: bool,
    /// Member ids, on group rows only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub components: Option<Vec<String>>,
}

/// An incident or a scheduled maintenance (Statuspage gives both the same shape).
#[derive(Clone, Debug, PartialEq, Serialize, Default)]
pub struct Incident {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub name: String,
    /// `investigating|identified|monitoring|resolved|postmortem` for incidents,
    /// `scheduled|in_progress|verifying|completed` for maintenances.
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub created_at: String,
    #[serde(default)]
    pub updated_at: String,
    #[serde(default)]
    pub monitoring_at: Option<String>,
    #[serde(default)]
    pub resolved_at: Option<String>,
    #[serde(default)]
    pub impact: Impact,
    #[serde(default)]
    pub shortlink: String,
    #[serde(default)]
    pub started_at: String,
    #[serde(default)]
    pub page_id: String,
    #[serde(default)]
    pub incident_updates: Vec<IncidentUpdate>,
    /// Incidents only, where Statuspage writes `null` (`Some(None)`); omitted on maintenances (`None`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reminder_intervals: Option<Option<String>>,
    #[serde(default)]
    pub components: Vec<Component>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheduled_for: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheduled_until: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Default)]
pub struct IncidentUpdate {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub incident_id: String,
    #[serde(default)]
    pub created_at: String,
    #[serde(default)]
    pub updated_at: String,
    #[serde(default)]
    pub display_at: String,
    #[serde(default)]
    pub affected_components: Option<Vec<AffectedComponent>>,
    #[serde(default)]
    pub deliver_notifications: bool,
    #[serde(default)]
    pub custom_tweet: Option<String>,
    #[serde(default)]
    pub tweet_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Default)]
pub struct AffectedComponent {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub old_status: ComponentStatus,
    #[serde(default)]
    pub new_status: ComponentStatus,
}

/// Convert a Statuspage summary into Statusmark's feed. Group rows become groups; members keep
/// their order. Only `page` is required (it is what tells a summary from arbitrary JSON); every
/// other field defaults, and only the fields a feed needs are read.
pub(crate) fn read_summary<T: JsonTree>(doc: &T) -> Result<StatusFeed, FeedError> {
    let page = object(doc, "page", "page")?;
    let mut req = Required::default();
    let page_url = text_or_empty(&page, "url");
    let mut groups = Vec::new();
    let mut components = Vec::new();
    for c in req
        .list(doc, "components", "components")
        .iter()
        .filter(|c| c.is_object())
    {
        let id = text_or_empty(c, "id");
        let name = text_or_empty(c, "name");
        if c.get("group").and_then(|g| g.as_bool()) == Some(true) {
            groups.push(FeedGroup { id, name });
        } else {
            components.push(FeedComponent {
                id,
                name,
                status: opt_text(c, "status").map_or(ComponentStatus::Operational, |s| ComponentStatus::from_name(&s)),
                group: opt_text(c, "group_id"),
                uptime: None,
            });
        }
    }
    let link = |i: &T| {
        Some(text_or_empty(i, "shortlink"))
            .filter(|l| !l.is_empty())
            .unwrap_or_else(|| page_url.clone())
    };
    let ids = |req: &mut Required, i: &T, path| {
        req.list(i, "components", path)
            .iter()
            .map(|c| text_or_empty(c, "id"))
            .collect()
    };
    let mut incidents = Vec::new();
    for i in req.list(doc, "incidents", "incidents").iter().filter(|i| i.is_object()) {
        let started = text_or_empty(i, "started_at");
        incidents.push(FeedIncident {
            id: text_or_empty(i, "id"),
            title: text_or_empty(i, "name"),
            impact: opt_text(i, "impact").map_or(Impact::None, |s| Impact::from_name(&s)),
            status: IncidentStatus::from_name(&text_or_empty(i, "status")),
            started_at: if started.is_empty() {
                text_or_empty(i, "created_at")
            } else {
                started
            },
            resolved_at: opt_text(i, "resolved_at"),
            latest_update: req
                .list(i, "incident_updates", "incidents[].incident_updates")
                .first()
                .map(|u| text_or_empty(u, "body")),
            url: link(i),
            components: ids(&mut req, i, "incidents[].components"),
            // Only Statusmark's own pages read a timeline, from their own feed.
            updates: Vec::new(),
        });
    }
    let mut maintenances = Vec::new();
    for m in req
        .list(doc, "scheduled_maintenances", "scheduled_maintenances")
        .iter()
        .filter(|m| m.is_object())
    {
        maintenances.push(FeedMaintenance {
            id: text_or_empty(m, "id"),
            title: text_or_empty(m, "name"),
            status: MaintenancePhase::from_name(&text_or_empty(m, "status")),
            scheduled_for: opt_text(m, "scheduled_for").unwrap_or_else(|| text_or_empty(m, "started_at")),
            scheduled_until: text_or_empty(m, "scheduled_until"),
            url: link(m),
            components: ids(&mut req, m, "scheduled_maintenances[].components"),
            phase_changes: stated_phases(&mut req, m),
            // Statuspage ends a window itself when the page is set to; what it says is what holds.
            auto_complete: false,
            emergency: false,
        });
    }
    let status = doc.get("status");
    let indicator = status
        .as_ref()
        .and_then(|s| opt_text(s, "indicator"))
        .map_or(Indicator::None, |s| Indicator::from_name(&s));
    let description = status
        .as_ref()
        .and_then(|s| opt_text(s, "description"))
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| indicator.description().to_owned());
    let feed = StatusFeed {
        version: FEED_VERSION,
        page: PageInfo {
            name: text_or_empty(&page, "name"),
            url: page_url,
        },
        generated_at: text_or_empty(&page, "updated_at"),
        stale_after_seconds: None,
        status: OverallStatus { indicator, description },
        groups,
        components,
        incidents,
        maintenances,
        probes: Vec::new(),
        metrics: Vec::new(),
        upstreams: Vec::new(),
    };
    req.finish().map(|()| feed)
}

/// The phases a Statuspage maintenance states: each update's status at its display time (oldest
/// first), then the maintenance's own `status` as of its `updated_at`. Explicit state beats the
/// clock, so a summary that still says `in_progress` after `scheduled_until` stays in progress.
fn stated_phases<T: JsonTree>(req: &mut Required, m: &T) -> Vec<FeedPhaseChange> {
    let mut out: Vec<FeedPhaseChange> = req
        .list(m, "incident_updates", "scheduled_maintenances[].incident_updates")
        .iter()
        .rev()
        .filter_map(|u| {
            let at = opt_text(u, "display_at").or_else(|| opt_text(u, "created_at"))?;
            Some(FeedPhaseChange {
                at,
                phase: MaintenancePhase::from_name(&opt_text(u, "status")?),
            })
        })
        .collect();
    if let Some(phase) = opt_text(m, "status").map(|s| MaintenancePhase::from_name(&s)) {
        out.push(FeedPhaseChange {
            at: text_or_empty(m, "updated_at"),
            phase,
        });
    }
    out.retain(|c| c.phase != MaintenancePhase::Unknown);
    out
}

#[cfg(all(test, feature = "json"))]
mod tests {
    use super::*;
    use crate::read::parse_feed;

    fn capture(name: &str) -> String {
        let path = format!("{}/../../tests/fixtures/statuspage/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    #[test]
    fn reads_a_real_capture_with_an_incident() {
        let feed = parse_feed(&capture("nyu-testpage_summary_incident_critical_monitoring.json")).unwrap();
        assert_eq!(feed.page.name, "da70 test page");
        assert_eq!(feed.status.indicator, Indicator::None);
        assert_eq!(feed.components.len(), 12);
        assert!(feed.components.iter().all(|c| c.status == ComponentStatus::Operational));
        assert_eq!(feed.incidents.len(), 1);
        let incident = &feed.incidents[0];
        assert_eq!(incident.impact, Impact::Critical);
        assert_eq!(incident.status, IncidentStatus::Monitoring);
        assert_eq!(incident.latest_update.as_deref(), Some("Status updated to Monitoring."));
        assert_eq!(incident.url, "https://stspg.io/hzq32bsk78s2");
    }

    #[test]
    fn reads_a_real_capture_with_maintenance_in_progress() {
        let feed = parse_feed(&capture("nyu-testpage_summary_maintenance_in-progress.json")).unwrap();
        assert_eq!(feed.status.indicator, Indicator::Maintenance);
        assert_eq!(feed.status.description, "Service Under Maintenance");
        assert_eq!(feed.maintenances.len(), 1);
        let m = &feed.maintenances[0];
        assert_eq!(m.status, MaintenancePhase::InProgress);
        assert!(!m.scheduled_for.is_empty() && !m.scheduled_until.is_empty());
        assert_eq!(m.components, ["8wzqr487l5d8"]);
        let catalog = feed.components.iter().find(|c| c.id == "8wzqr487l5d8").unwrap();
        assert_eq!(catalog.status, ComponentStatus::UnderMaintenance);
        // The roll-up rule gives the page indicator the capture has.
        assert_eq!(
            Indicator::from_components(feed.components.iter().map(|c| c.status)),
            Indicator::Maintenance
        );
    }

    fn ms(s: &str) -> Option<i64> {
        s.parse::<jiff::Timestamp>().ok().map(jiff::Timestamp::as_millisecond)
    }

    #[allow(clippy::unwrap_used, reason = "a test helper: a panic fails the test")]
    fn rfc3339(ms: i64) -> serde_json::Value {
        jiff::Timestamp::from_millisecond(ms).unwrap().to_string().into()
    }

    /// The real capture of a maintenance in progress, every time in it shifted so the window
    /// ended `seconds_ago` before `now`: the summary still says `in_progress`, which beats the
    /// clock. A reader shows it in progress and overrunning, its component under maintenance.
    #[allow(clippy::unwrap_used, reason = "a test helper: a panic fails the test")]
    fn shifted_capture(now: i64, seconds_ago: i64) -> StatusFeed {
        let mut doc: serde_json::Value =
            serde_json::from_str(&capture("nyu-testpage_summary_maintenance_in-progress.json")).unwrap();
        let m = &mut doc["scheduled_maintenances"][0];
        let until = ms(m["scheduled_until"].as_str().unwrap()).unwrap();
        let shift = now - seconds_ago * 1000 - until;
        let moved = |v: &mut serde_json::Value| *v = rfc3339(ms(v.as_str().unwrap()).unwrap() + shift);
        for key in [
            "created_at",
            "updated_at",
            "started_at",
            "scheduled_for",
            "scheduled_until",
        ] {
            moved(&mut m[key]);
        }
        for u in m["incident_updates"].as_array_mut().unwrap() {
            for key in ["created_at", "updated_at", "display_at"] {
                moved(&mut u[key]);
            }
        }
        parse_feed(&doc.to_string()).unwrap()
    }

    #[test]
    fn a_real_capture_past_its_window_that_says_in_progress_stays_in_progress() {
        let now = ms("2026-12-03T01:00:00Z").unwrap();
        let feed = shifted_capture(now, 5);
        let m = &feed.maintenances[0];
        assert_eq!(m.status, MaintenancePhase::InProgress);
        assert!(!m.auto_complete);
        // The source's own updates, oldest first, then its status.
        let stated: Vec<MaintenancePhase> = m.phase_changes.iter().map(|c| c.phase).collect();
        assert_eq!(
            stated,
            [
                MaintenancePhase::Scheduled,
                MaintenancePhase::InProgress,
                MaintenancePhase::InProgress
            ]
        );
        let phase = m.phase_at(now, ms);
        assert_eq!(
            (phase.phase, phase.overrunning, phase.label()),
            (MaintenancePhase::InProgress, true, "In progress, overrunning")
        );
        let catalog = feed.components.iter().find(|c| c.id == "8wzqr487l5d8").unwrap();
        assert_eq!(
            feed.component_status_at(catalog, now, ms),
            ComponentStatus::UnderMaintenance
        );
        // Seconds before its end it is in progress and not yet overrunning.
        let before = shifted_capture(now, -5).maintenances[0].phase_at(now, ms);
        assert_eq!(
            (before.phase, before.overrunning),
            (MaintenancePhase::InProgress, false)
        );
        // Had it said `verifying` or `completed`, that is what would show, whatever the clock.
        for (said, want) in [
            ("verifying", MaintenancePhase::Verifying),
            ("completed", MaintenancePhase::Completed),
        ] {
            let mut feed = shifted_capture(now, -30);
            let m = &mut feed.maintenances[0];
            m.phase_changes.last_mut().unwrap().phase = MaintenancePhase::from_name(said);
            assert_eq!(m.phase_at(now, ms).phase, want, "{said}");
        }
    }

    #[test]
    fn group_rows_become_groups() {
        let text = r#"{"page": {"name": "G"}, "components": [
            {"id": "g1", "name": "Core", "group": true, "components": ["a"]},
            {"id": "a", "name": "A", "status": "major_outage", "group_id": "g1"}],
            "status": {"indicator": "critical"}}"#;
        let feed = parse_feed(text).unwrap();
        assert_eq!(
            feed.groups,
            vec![FeedGroup {
                id: "g1".into(),
                name: "Core".into()
            }]
        );
        assert_eq!(feed.components.len(), 1);
        assert_eq!(feed.components[0].group.as_deref(), Some("g1"));
        assert_eq!(feed.status.description, "Major System Outage");
    }
}

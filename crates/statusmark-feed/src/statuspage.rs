//! Statuspage API v2 (`/api/v2/summary.json` and friends): the types, with Statuspage's field names
//! and nesting, and the conversion of a summary into a [`StatusFeed`].
//!
//! Reading is tolerant (every field defaults, unknown fields are ignored) because the documents come
//! from third parties; the generator writes the same types for its `api/v2/` output.

use serde::{Deserialize, Serialize};

use crate::feed::{
    FEED_VERSION, FeedComponent, FeedGroup, FeedIncident, FeedMaintenance, OverallStatus, PageInfo, StatusFeed,
};
use crate::status::{ComponentStatus, Impact, IncidentStatus, Indicator, MaintenancePhase};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct Summary {
    /// Required: it is what tells a summary from arbitrary JSON.
    pub page: Page,
    #[serde(default)]
    pub components: Vec<Component>,
    #[serde(default)]
    pub incidents: Vec<Incident>,
    #[serde(default)]
    pub scheduled_maintenances: Vec<Incident>,
    #[serde(default)]
    pub status: PageStatus,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct PageStatus {
    #[serde(default)]
    pub indicator: Indicator,
    #[serde(default)]
    pub description: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
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
    /// Incidents only (null there); Statuspage omits it on maintenances.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reminder_intervals: Option<serde_json::Value>,
    #[serde(default)]
    pub components: Vec<Component>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheduled_for: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheduled_until: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
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

fn incident_status(s: &str) -> IncidentStatus {
    match s {
        "investigating" => IncidentStatus::Investigating,
        "identified" => IncidentStatus::Identified,
        "monitoring" => IncidentStatus::Monitoring,
        "update" => IncidentStatus::Update,
        "resolved" => IncidentStatus::Resolved,
        "postmortem" => IncidentStatus::Postmortem,
        _ => IncidentStatus::Unknown,
    }
}

fn maintenance_phase(s: &str) -> MaintenancePhase {
    match s {
        "scheduled" => MaintenancePhase::Scheduled,
        "in_progress" => MaintenancePhase::InProgress,
        "verifying" => MaintenancePhase::Verifying,
        "completed" => MaintenancePhase::Completed,
        "cancelled" => MaintenancePhase::Cancelled,
        _ => MaintenancePhase::Unknown,
    }
}

/// The few fields of a Statuspage summary that become a [`StatusFeed`]. Reading a third party's
/// document through these lean types (rather than the full ones above) keeps the widget small:
/// serde generates code per field, and every other field is skipped unread.
pub(crate) mod read {
    use serde::Deserialize;

    use crate::status::{ComponentStatus, Impact, Indicator};

    #[derive(Deserialize)]
    pub(crate) struct Summary {
        /// Required: it is what tells a summary from arbitrary JSON.
        pub page: Page,
        #[serde(default)]
        pub components: Vec<Component>,
        #[serde(default)]
        pub incidents: Vec<Incident>,
        #[serde(default)]
        pub scheduled_maintenances: Vec<Incident>,
        #[serde(default)]
        pub status: Status,
    }

    #[derive(Deserialize)]
    pub(crate) struct Page {
        #[serde(default)]
        pub name: String,
        #[serde(default)]
        pub url: String,
        #[serde(default)]
        pub updated_at: String,
    }

    #[derive(Deserialize, Default)]
    pub(crate) struct Status {
        #[serde(default)]
        pub indicator: Indicator,
        #[serde(default)]
        pub description: String,
    }

    #[derive(Deserialize)]
    pub(crate) struct Component {
        #[serde(default)]
        pub id: String,
        #[serde(default)]
        pub name: String,
        #[serde(default)]
        pub status: ComponentStatus,
        #[serde(default)]
        pub group: bool,
        #[serde(default)]
        pub group_id: Option<String>,
    }

    #[derive(Deserialize)]
    pub(crate) struct Incident {
        #[serde(default)]
        pub id: String,
        #[serde(default)]
        pub name: String,
        #[serde(default)]
        pub status: String,
        #[serde(default)]
        pub impact: Impact,
        #[serde(default)]
        pub shortlink: String,
        #[serde(default)]
        pub started_at: String,
        #[serde(default)]
        pub created_at: String,
        #[serde(default)]
        pub resolved_at: Option<String>,
        #[serde(default)]
        pub incident_updates: Vec<Update>,
        #[serde(default)]
        pub components: Vec<Ref>,
        #[serde(default)]
        pub scheduled_for: Option<String>,
        #[serde(default)]
        pub scheduled_until: Option<String>,
    }

    #[derive(Deserialize)]
    pub(crate) struct Update {
        #[serde(default)]
        pub body: String,
    }

    #[derive(Deserialize)]
    pub(crate) struct Ref {
        #[serde(default)]
        pub id: String,
    }
}

impl read::Summary {
    /// Convert into Statusmark's feed. Group rows become groups; members keep their order.
    pub(crate) fn into_feed(self) -> StatusFeed {
        let groups = self
            .components
            .iter()
            .filter(|c| c.group)
            .map(|c| FeedGroup {
                id: c.id.clone(),
                name: c.name.clone(),
            })
            .collect();
        let components = self
            .components
            .iter()
            .filter(|c| !c.group)
            .map(|c| FeedComponent {
                id: c.id.clone(),
                name: c.name.clone(),
                status: c.status,
                group: c.group_id.clone(),
                uptime: None,
            })
            .collect();
        let page_url = self.page.url.clone();
        let incidents = self
            .incidents
            .into_iter()
            .map(|i| FeedIncident {
                latest_update: i.incident_updates.into_iter().next().map(|u| u.body),
                components: i.components.into_iter().map(|c| c.id).collect(),
                url: if i.shortlink.is_empty() {
                    page_url.clone()
                } else {
                    i.shortlink
                },
                id: i.id,
                title: i.name,
                impact: i.impact,
                status: incident_status(&i.status),
                started_at: if i.started_at.is_empty() {
                    i.created_at
                } else {
                    i.started_at
                },
                resolved_at: i.resolved_at,
            })
            .collect();
        let maintenances = self
            .scheduled_maintenances
            .into_iter()
            .map(|m| FeedMaintenance {
                components: m.components.into_iter().map(|c| c.id).collect(),
                url: if m.shortlink.is_empty() {
                    page_url.clone()
                } else {
                    m.shortlink
                },
                status: maintenance_phase(&m.status),
                scheduled_for: m.scheduled_for.unwrap_or(m.started_at),
                scheduled_until: m.scheduled_until.unwrap_or_default(),
                id: m.id,
                title: m.name,
            })
            .collect();
        let description = if self.status.description.is_empty() {
            self.status.indicator.description().to_owned()
        } else {
            self.status.description
        };
        StatusFeed {
            version: FEED_VERSION,
            page: PageInfo {
                name: self.page.name,
                url: self.page.url,
            },
            generated_at: self.page.updated_at,
            status: OverallStatus {
                indicator: self.status.indicator,
                description,
            },
            groups,
            components,
            incidents,
            maintenances,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed::parse_feed;

    fn capture(name: &str) -> String {
        let path = format!(
            "{}/../../../shared/fixtures/statuspage/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
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

//! The vocabulary of statuses and the roll-up rule from component statuses to the page indicator.
//!
//! Every enum here is tolerant: an unknown value read from a newer feed becomes `Unknown` instead of
//! failing, so an old widget keeps working against a new site.

use serde::Serialize;

/// The status of one component at one instant, in Statuspage's vocabulary.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ComponentStatus {
    #[default]
    Operational,
    UnderMaintenance,
    DegradedPerformance,
    PartialOutage,
    MajorOutage,
    Unknown,
}

impl ComponentStatus {
    /// How bad the status is; larger is worse. Maintenance ranks below every problem so that a real
    /// outage during a maintenance window still shows as an outage.
    pub fn severity(self) -> u8 {
        match self {
            ComponentStatus::Operational | ComponentStatus::Unknown => 0,
            ComponentStatus::UnderMaintenance => 1,
            ComponentStatus::DegradedPerformance => 2,
            ComponentStatus::PartialOutage => 3,
            ComponentStatus::MajorOutage => 4,
        }
    }

    /// The worse of two statuses.
    pub fn worst(self, other: ComponentStatus) -> ComponentStatus {
        if other.severity() > self.severity() {
            other
        } else {
            self
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ComponentStatus::Operational => "operational",
            ComponentStatus::UnderMaintenance => "under_maintenance",
            ComponentStatus::DegradedPerformance => "degraded_performance",
            ComponentStatus::PartialOutage => "partial_outage",
            ComponentStatus::MajorOutage => "major_outage",
            ComponentStatus::Unknown => "unknown",
        }
    }

    /// Human wording, as Statuspage shows it.
    pub fn label(self) -> &'static str {
        match self {
            ComponentStatus::Operational => "Operational",
            ComponentStatus::UnderMaintenance => "Under Maintenance",
            ComponentStatus::DegradedPerformance => "Degraded Performance",
            ComponentStatus::PartialOutage => "Partial Outage",
            ComponentStatus::MajorOutage => "Major Outage",
            ComponentStatus::Unknown => "Unknown",
        }
    }

    /// Parse the snake_case name; `None` for anything else.
    pub fn parse(s: &str) -> Option<ComponentStatus> {
        Some(match s {
            "operational" => ComponentStatus::Operational,
            "under_maintenance" => ComponentStatus::UnderMaintenance,
            "degraded_performance" => ComponentStatus::DegradedPerformance,
            "partial_outage" => ComponentStatus::PartialOutage,
            "major_outage" => ComponentStatus::MajorOutage,
            _ => return None,
        })
    }

    /// Tolerant reading: an unknown name (from a newer feed) is [`ComponentStatus::Unknown`].
    pub fn from_name(s: &str) -> ComponentStatus {
        ComponentStatus::parse(s).unwrap_or(ComponentStatus::Unknown)
    }

    pub const ALL: [ComponentStatus; 5] = [
        ComponentStatus::Operational,
        ComponentStatus::UnderMaintenance,
        ComponentStatus::DegradedPerformance,
        ComponentStatus::PartialOutage,
        ComponentStatus::MajorOutage,
    ];
}

/// The page-wide indicator (Statuspage's `status.indicator`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Indicator {
    #[default]
    None,
    Minor,
    Major,
    Critical,
    Maintenance,
    Unknown,
}

impl Indicator {
    /// Tolerant reading: an unknown name (from a newer feed) is `Unknown`.
    pub fn from_name(s: &str) -> Indicator {
        by_name(
            &[
                Indicator::None,
                Indicator::Minor,
                Indicator::Major,
                Indicator::Critical,
                Indicator::Maintenance,
            ],
            Indicator::as_str,
            s,
        )
        .unwrap_or(Indicator::Unknown)
    }

    /// The roll-up rule, Statuspage's: the indicator is derived from component statuses only, never
    /// from incident impact (an incident that changes no component leaves the page "operational").
    ///
    /// - any `major_outage` → `critical` ("Major System Outage")
    /// - else any `partial_outage` → `major` ("Partial System Outage")
    /// - else any `degraded_performance` → `minor` ("Degraded System Service")
    /// - else any `under_maintenance` → `maintenance` ("Service Under Maintenance")
    /// - else `none` ("All Systems Operational")
    pub fn from_components<I: IntoIterator<Item = ComponentStatus>>(statuses: I) -> Indicator {
        let worst = statuses
            .into_iter()
            .fold(ComponentStatus::Operational, ComponentStatus::worst);
        match worst {
            ComponentStatus::MajorOutage => Indicator::Critical,
            ComponentStatus::PartialOutage => Indicator::Major,
            ComponentStatus::DegradedPerformance => Indicator::Minor,
            ComponentStatus::UnderMaintenance => Indicator::Maintenance,
            ComponentStatus::Operational | ComponentStatus::Unknown => Indicator::None,
        }
    }

    /// The banner text for this indicator.
    pub fn description(self) -> &'static str {
        match self {
            Indicator::None => "All Systems Operational",
            Indicator::Minor => "Degraded System Service",
            Indicator::Major => "Partial System Outage",
            Indicator::Critical => "Major System Outage",
            Indicator::Maintenance => "Service Under Maintenance",
            Indicator::Unknown => "Status Unknown",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Indicator::None => "none",
            Indicator::Minor => "minor",
            Indicator::Major => "major",
            Indicator::Critical => "critical",
            Indicator::Maintenance => "maintenance",
            Indicator::Unknown => "unknown",
        }
    }
}

/// An incident's impact as the author declares it (Statuspage's `impact`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Default, PartialOrd, Ord)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Impact {
    #[default]
    None,
    Minor,
    Major,
    Critical,
    Maintenance,
    Unknown,
}

impl Impact {
    /// Tolerant reading: an unknown name (from a newer feed) is `Unknown`.
    pub fn from_name(s: &str) -> Impact {
        by_name(
            &[
                Impact::None,
                Impact::Minor,
                Impact::Major,
                Impact::Critical,
                Impact::Maintenance,
            ],
            Impact::as_str,
            s,
        )
        .unwrap_or(Impact::Unknown)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Impact::None => "none",
            Impact::Minor => "minor",
            Impact::Major => "major",
            Impact::Critical => "critical",
            Impact::Maintenance => "maintenance",
            Impact::Unknown => "unknown",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Impact::None => "No impact",
            Impact::Minor => "Minor",
            Impact::Major => "Major",
            Impact::Critical => "Critical",
            Impact::Maintenance => "Maintenance",
            Impact::Unknown => "Unknown",
        }
    }
}

/// The stage of an incident, named by its latest update (Statuspage's incident `status`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum IncidentStatus {
    #[default]
    Investigating,
    Identified,
    Monitoring,
    Update,
    Resolved,
    Postmortem,
    Unknown,
}

impl IncidentStatus {
    /// Tolerant reading: an unknown name (from a newer feed) is `Unknown`.
    pub fn from_name(s: &str) -> IncidentStatus {
        by_name(
            &[
                IncidentStatus::Investigating,
                IncidentStatus::Identified,
                IncidentStatus::Monitoring,
                IncidentStatus::Update,
                IncidentStatus::Resolved,
                IncidentStatus::Postmortem,
            ],
            IncidentStatus::as_str,
            s,
        )
        .unwrap_or(IncidentStatus::Unknown)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            IncidentStatus::Investigating => "investigating",
            IncidentStatus::Identified => "identified",
            IncidentStatus::Monitoring => "monitoring",
            IncidentStatus::Update => "update",
            IncidentStatus::Resolved => "resolved",
            IncidentStatus::Postmortem => "postmortem",
            IncidentStatus::Unknown => "unknown",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            IncidentStatus::Investigating => "Investigating",
            IncidentStatus::Identified => "Identified",
            IncidentStatus::Monitoring => "Monitoring",
            IncidentStatus::Update => "Update",
            IncidentStatus::Resolved => "Resolved",
            IncidentStatus::Postmortem => "Postmortem",
            IncidentStatus::Unknown => "Unknown",
        }
    }
}

/// Where a maintenance window stands (Statuspage's maintenance `status`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum MaintenancePhase {
    #[default]
    Scheduled,
    InProgress,
    Verifying,
    Completed,
    Cancelled,
    Unknown,
}

impl MaintenancePhase {
    /// Tolerant reading: an unknown name (from a newer feed) is `Unknown`.
    pub fn from_name(s: &str) -> MaintenancePhase {
        by_name(
            &[
                MaintenancePhase::Scheduled,
                MaintenancePhase::InProgress,
                MaintenancePhase::Verifying,
                MaintenancePhase::Completed,
                MaintenancePhase::Cancelled,
            ],
            MaintenancePhase::as_str,
            s,
        )
        .unwrap_or(MaintenancePhase::Unknown)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            MaintenancePhase::Scheduled => "scheduled",
            MaintenancePhase::InProgress => "in_progress",
            MaintenancePhase::Verifying => "verifying",
            MaintenancePhase::Completed => "completed",
            MaintenancePhase::Cancelled => "cancelled",
            MaintenancePhase::Unknown => "unknown",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            MaintenancePhase::Scheduled => "Scheduled",
            MaintenancePhase::InProgress => "In progress",
            MaintenancePhase::Verifying => "Verifying",
            MaintenancePhase::Completed => "Completed",
            MaintenancePhase::Cancelled => "Cancelled",
            MaintenancePhase::Unknown => "Unknown",
        }
    }

    /// The phase of a window at `now` (Unix ms), worked out from the clock alone: what
    /// [`crate::MaintenanceWindow::at`] says when nothing was stated and the window completes by the
    /// clock. A cancelled window stays cancelled.
    pub fn at(scheduled_for_ms: i64, scheduled_until_ms: i64, now_ms: i64, cancelled: bool) -> Self {
        if cancelled {
            MaintenancePhase::Cancelled
        } else if now_ms < scheduled_for_ms {
            MaintenancePhase::Scheduled
        } else if now_ms < scheduled_until_ms {
            MaintenancePhase::InProgress
        } else {
            MaintenancePhase::Completed
        }
    }
}

fn by_name<T: Copy>(all: &[T], name: fn(T) -> &'static str, s: &str) -> Option<T> {
    all.iter().copied().find(|v| name(*v) == s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ComponentStatus::*;

    #[test]
    fn indicator_follows_the_worst_component() {
        let cases: &[(&[ComponentStatus], Indicator)] = &[
            (&[], Indicator::None),
            (&[Operational, Operational], Indicator::None),
            (&[Operational, DegradedPerformance], Indicator::Minor),
            (&[DegradedPerformance, PartialOutage], Indicator::Major),
            (&[PartialOutage, MajorOutage, Operational], Indicator::Critical),
            (&[UnderMaintenance, Operational], Indicator::Maintenance),
            (&[UnderMaintenance, DegradedPerformance], Indicator::Minor),
            (&[Unknown], Indicator::None),
        ];
        for (statuses, want) in cases {
            assert_eq!(
                Indicator::from_components(statuses.iter().copied()),
                *want,
                "{statuses:?}"
            );
        }
    }

    #[test]
    fn unknown_values_from_a_newer_feed_are_tolerated() {
        assert_eq!(Indicator::from_name("apocalyptic"), Indicator::Unknown);
        assert_eq!(ComponentStatus::from_name("on_fire"), Unknown);
    }

    #[test]
    fn names_read_back_tolerantly() {
        for s in ComponentStatus::ALL {
            assert_eq!(ComponentStatus::from_name(s.as_str()), s);
        }
        for i in [
            Indicator::None,
            Indicator::Minor,
            Indicator::Major,
            Indicator::Critical,
            Indicator::Maintenance,
        ] {
            assert_eq!(Indicator::from_name(i.as_str()), i);
        }
        assert_eq!(Impact::from_name("critical"), Impact::Critical);
        assert_eq!(IncidentStatus::from_name("postmortem"), IncidentStatus::Postmortem);
        assert_eq!(MaintenancePhase::from_name("in_progress"), MaintenancePhase::InProgress);
        assert_eq!(MaintenancePhase::from_name("In Progress"), MaintenancePhase::Unknown);
    }

    #[test]
    fn status_names_round_trip() {
        for s in ComponentStatus::ALL {
            assert_eq!(ComponentStatus::parse(s.as_str()), Some(s));
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(json, format!("\"{}\"", s.as_str()));
        }
    }

    #[test]
    fn maintenance_phase_comes_from_the_clock() {
        let cases = [
            (0, 100, -1, false, MaintenancePhase::Scheduled),
            (0, 100, 0, false, MaintenancePhase::InProgress),
            (0, 100, 99, false, MaintenancePhase::InProgress),
            (0, 100, 100, false, MaintenancePhase::Completed),
            (0, 100, 50, true, MaintenancePhase::Cancelled),
        ];
        for (from, until, now, cancelled, want) in cases {
            assert_eq!(MaintenancePhase::at(from, until, now, cancelled), want);
        }
    }
}

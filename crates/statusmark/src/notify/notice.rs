//! One event, ready for any channel: the facts and texts every channel formats in its own way.
//! Built once per event; channels never look at the model.

use jiff::Timestamp;
use statusmark_feed::ComponentStatus;

/// What happened. The wire name (`incident.created`, …) is what webhooks and the record carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EventKind {
    IncidentCreated,
    IncidentUpdated,
    IncidentResolved,
    PostmortemPublished,
    ComponentUpdated,
    MaintenanceScheduled,
    MaintenanceRescheduled,
    MaintenanceCancelled,
    MaintenanceUpdated,
    MaintenanceReminder,
    MaintenanceStarted,
    MaintenanceCompleted,
}

/// The three families a channel's `events` filter names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Category {
    Incident,
    Maintenance,
    Component,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Incident => "incident",
            Category::Maintenance => "maintenance",
            Category::Component => "component",
        }
    }

    pub fn parse(s: &str) -> Option<Category> {
        Some(match s {
            "incident" => Category::Incident,
            "maintenance" => Category::Maintenance,
            "component" => Category::Component,
            _ => return None,
        })
    }
}

impl EventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::IncidentCreated => "incident.created",
            EventKind::IncidentUpdated => "incident.updated",
            EventKind::IncidentResolved => "incident.resolved",
            EventKind::PostmortemPublished => "incident.postmortem",
            EventKind::ComponentUpdated => "component.updated",
            EventKind::MaintenanceScheduled => "maintenance.scheduled",
            EventKind::MaintenanceRescheduled => "maintenance.rescheduled",
            EventKind::MaintenanceCancelled => "maintenance.cancelled",
            EventKind::MaintenanceUpdated => "maintenance.updated",
            EventKind::MaintenanceReminder => "maintenance.reminder",
            EventKind::MaintenanceStarted => "maintenance.started",
            EventKind::MaintenanceCompleted => "maintenance.completed",
        }
    }

    pub fn category(self) -> Category {
        match self {
            EventKind::IncidentCreated
            | EventKind::IncidentUpdated
            | EventKind::IncidentResolved
            | EventKind::PostmortemPublished => Category::Incident,
            EventKind::ComponentUpdated => Category::Component,
            _ => Category::Maintenance,
        }
    }
}

/// One event as every channel renders it. All text fields are as the author wrote them (or as
/// Statusmark words them): unescaped. Each channel escapes for its own format.
#[derive(Clone, Debug)]
pub struct Notice {
    /// The stable event id (`incident/<slug>/update/<time>`, …).
    pub event_id: String,
    pub kind: EventKind,
    /// The site's title, e.g. "Acme Status".
    pub site_title: String,
    /// The site's base URL ending in `/`, when configured.
    pub site_url: Option<String>,
    /// The incident's or maintenance's title; for a component event, the component's name.
    pub title: String,
    /// What this event says, in a few words: "Investigating", "Resolved",
    /// "Maintenance starts in 1 hour", "Partial Outage (was Operational)".
    pub headline: String,
    /// The update's text as Markdown (may be empty).
    pub body_markdown: String,
    /// The same text as plain text (Markdown syntax removed).
    pub body_text: String,
    /// The same text as HTML, rendered and sanitised exactly like the site's pages.
    pub body_html: String,
    /// Absolute link to the incident's or maintenance's page (or the site), when the site has a
    /// base URL.
    pub url: Option<String>,
    /// The status that colours the message: the worst status of the affected components at this
    /// event (operational once resolved or completed, under maintenance during a window).
    pub status: ComponentStatus,
    /// The affected components: display name and status at this event, in configuration order.
    pub components: Vec<(String, ComponentStatus)>,
    /// When it happened (for reminders and undated events: when it is sent).
    pub at: Timestamp,
    /// `at` formatted in the site's zone for people, e.g. "2 Dec 2026, 14:05 CET".
    pub when: String,
    /// For maintenance: the window formatted for people, e.g. "2 Dec 2026, 22:00 – 23:30 CET".
    pub window: Option<String>,
    /// What groups the messages of one incident or maintenance into one thread
    /// (`incident/<slug>`, `maintenance/<slug>`; `component/<id>` for component events).
    pub thread: String,
    /// True for the first message of its thread (incident created, maintenance scheduled).
    pub starts_thread: bool,
    /// The site's language, which Statusmark's own words in every message are in.
    pub lang: &'static crate::i18n::Language,
}

/// A status's colour, as the theme shows it (`#rrggbb`).
pub fn colour(status: ComponentStatus) -> &'static str {
    match status {
        ComponentStatus::DegradedPerformance => "#9a6700",
        ComponentStatus::PartialOutage => "#bc4c00",
        ComponentStatus::MajorOutage => "#cf222e",
        ComponentStatus::UnderMaintenance => "#0969da",
        ComponentStatus::Operational | ComponentStatus::Unknown => "#1a7f37",
    }
}

/// A status's name for people ("Partial Outage"), as the pages write it in the site's language.
pub fn status_label(n: &Notice, status: ComponentStatus) -> String {
    n.lang.status(status)
}

impl Notice {
    /// A message of the site's catalog without placeholders ("Window").
    pub fn say(&self, id: &str) -> String {
        self.lang.say(id)
    }

    /// "and 3 more".
    pub fn and_more(&self, count: usize) -> String {
        self.lang.text("notice-and-more", &[("count", count.into())])
    }
}

#[cfg(test)]
pub(crate) fn sample() -> Notice {
    Notice {
        event_id: "incident/2026-12-01-api-errors/update/2026-12-01T10:00:00Z".to_owned(),
        kind: EventKind::IncidentCreated,
        site_title: "Acme Status".to_owned(),
        site_url: Some("https://status.acme.example/".to_owned()),
        title: "Elevated API errors".to_owned(),
        headline: "Investigating".to_owned(),
        body_markdown: "We are looking into **errors** on the API.".to_owned(),
        body_text: "We are looking into errors on the API.".to_owned(),
        body_html: "<p>We are looking into <strong>errors</strong> on the API.</p>\n".to_owned(),
        url: Some("https://status.acme.example/incidents/2026-12-01-api-errors/".to_owned()),
        status: ComponentStatus::PartialOutage,
        components: vec![("API".to_owned(), ComponentStatus::PartialOutage)],
        at: "2026-12-01T10:00:00Z".parse().unwrap_or_default(),
        when: "1 Dec 2026, 10:00 UTC".to_owned(),
        window: None,
        thread: "incident/2026-12-01-api-errors".to_owned(),
        starts_thread: true,
        lang: crate::i18n::english(),
    }
}

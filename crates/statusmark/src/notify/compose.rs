//! From an event to the [`Notice`] every channel formats: titles, texts, links, colours.

use jiff::Timestamp;
use statusmark_feed::{ComponentStatus, IncidentStatus};

use super::events::{Event, Subject};
use super::notice::{EventKind, Notice};
use crate::content::text::TextError;
use crate::markdown::{to_html, to_plain};
use crate::model::SiteModel;

/// `t` in the site's zone and language, for people, as the pages write it: "Dec 1, 2026 10:00 UTC".
pub fn when(model: &SiteModel, t: Timestamp) -> String {
    model.config.language.date_time(&t.to_zoned(model.config.zone()))
}

fn absolute(model: &SiteModel, path: &str) -> Option<String> {
    model.config.base_url.as_ref().map(|b| format!("{b}{path}"))
}

fn name(model: &SiteModel, id: &str) -> String {
    model
        .config
        .component(id)
        .map_or_else(|| id.to_owned(), |c| c.name.clone())
}

/// The notice for `event`; `kind` may differ from the event's (a changed window is sent as
/// rescheduled), `at` is when it is sent for undated events.
pub fn notice(model: &SiteModel, event: &Event, kind: EventKind, sent_at: Timestamp) -> Result<Notice, TextError> {
    let at = event.at.unwrap_or(sent_at);
    let base = Notice {
        event_id: event.id.clone(),
        kind,
        site_title: model.config.title.clone(),
        site_url: model.config.base_url.clone(),
        title: String::new(),
        headline: String::new(),
        body_markdown: String::new(),
        body_text: String::new(),
        body_html: String::new(),
        url: model.config.base_url.clone(),
        status: ComponentStatus::Operational,
        components: Vec::new(),
        at,
        when: when(model, at),
        window: None,
        thread: String::new(),
        starts_thread: false,
        lang: model.config.language,
    };
    match &event.subject {
        Subject::Incident { index, update } => incident(model, *index, *update, kind, base),
        Subject::Maintenance {
            index,
            update,
            reminder,
        } => Ok(maintenance(model, *index, *update, *reminder, kind, base)),
        Subject::Component { index, old, new } => Ok(component(model, *index, *old, *new, base)),
    }
}

fn with_body(mut n: Notice, markdown: &str) -> Notice {
    n.body_markdown = markdown.to_owned();
    n.body_text = to_plain(markdown);
    n.body_html = to_html(markdown);
    n
}

fn incident(
    model: &SiteModel,
    index: usize,
    update: Option<usize>,
    kind: EventKind,
    base: Notice,
) -> Result<Notice, TextError> {
    let at = base.at;
    let i = model.incident(index);
    let body = i.text()?;
    // Statuses just after the event: resolution makes every component operational again.
    let probe = if kind == EventKind::IncidentResolved {
        at
    } else {
        at.max(i.started)
    };
    let components: Vec<(String, ComponentStatus)> = i
        .affected()
        .map(|id| (name(model, id), i.status_of_at(id, probe)))
        .collect();
    let status = components
        .iter()
        .fold(ComponentStatus::Operational, |w, (_, s)| w.worst(*s));
    let lang = base.lang;
    let (headline, text) = match (kind, update) {
        (EventKind::PostmortemPublished, _) => (lang.say("incident-postmortem"), body.postmortem().unwrap_or_default()),
        (_, Some(u)) => (lang.incident_status(i.updates[u].status), body.update(u)),
        (EventKind::IncidentResolved, None) => (lang.incident_status(IncidentStatus::Resolved), ""),
        (_, None) => (lang.incident_status(IncidentStatus::Investigating), body.summary()),
    };
    let n = Notice {
        title: i.title.clone(),
        headline,
        url: absolute(model, &format!("incidents/{}/", i.slug)),
        status,
        components,
        thread: format!("incident/{}", i.slug),
        starts_thread: kind == EventKind::IncidentCreated,
        ..base
    };
    Ok(with_body(n, text))
}

fn maintenance(
    model: &SiteModel,
    index: usize,
    update: Option<usize>,
    reminder: Option<jiff::SignedDuration>,
    kind: EventKind,
    base: Notice,
) -> Notice {
    let m = model.maintenance(index);
    let during = matches!(kind, EventKind::MaintenanceStarted)
        || update.is_some_and(|u| m.updates[u].phase == Some(statusmark_feed::MaintenancePhase::InProgress));
    let status = if during {
        ComponentStatus::UnderMaintenance
    } else {
        ComponentStatus::Operational
    };
    let lang = base.lang;
    let headline = match kind {
        EventKind::MaintenanceReminder => starts_in(lang, reminder.unwrap_or_default()),
        EventKind::MaintenanceScheduled => lang.say("notice-maintenance-scheduled"),
        EventKind::MaintenanceRescheduled => lang.say("notice-maintenance-rescheduled"),
        EventKind::MaintenanceCancelled => lang.say("notice-maintenance-cancelled"),
        EventKind::MaintenanceStarted => lang.say("notice-maintenance-started"),
        EventKind::MaintenanceCompleted => lang.say("notice-maintenance-completed"),
        _ => lang.phase(update.map_or("update", |u| m.updates[u].as_str())),
    };
    let text = match (kind, update) {
        (_, Some(u)) => m.updates[u].body.clone(),
        (EventKind::MaintenanceScheduled | EventKind::MaintenanceRescheduled | EventKind::MaintenanceReminder, _) => {
            m.summary.clone()
        }
        _ => String::new(),
    };
    let window = format!("{} – {}", when(model, m.scheduled_for), when(model, m.scheduled_until));
    let n = Notice {
        title: m.title.clone(),
        headline,
        url: absolute(model, &format!("maintenance/{}/", m.slug)),
        status,
        components: m.components.iter().map(|id| (name(model, id), status)).collect(),
        window: Some(window),
        thread: format!("maintenance/{}", m.slug),
        starts_thread: kind == EventKind::MaintenanceScheduled,
        ..base
    };
    with_body(n, &text)
}

fn component(model: &SiteModel, index: usize, old: ComponentStatus, new: ComponentStatus, base: Notice) -> Notice {
    let c = &model.config.components[index];
    let lang = base.lang;
    let (status, was) = (lang.status(new), lang.status(old));
    let text = lang.text(
        "notice-component-text",
        &[
            ("component", c.name.as_str().into()),
            ("status", status.as_str().into()),
            ("was", was.as_str().into()),
        ],
    );
    let n = Notice {
        title: c.name.clone(),
        headline: lang.text(
            "notice-component-headline",
            &[("status", status.into()), ("was", was.into())],
        ),
        url: absolute(model, &format!("components/{}/", c.id)),
        status: new,
        components: vec![(c.name.clone(), new)],
        thread: format!("component/{}", c.id),
        ..base
    };
    // Plain words of Statusmark's own with a name in them: rendered as text, never Markdown.
    let mut n = n;
    n.body_text.clone_from(&text);
    n.body_html = format!("<p>{}</p>", crate::markdown::escape_html(&text));
    n.body_markdown = text;
    n
}

/// "Maintenance starts in 24 hours" ("1 hour", "30 minutes", "2 days").
fn starts_in(lang: &crate::i18n::Language, d: jiff::SignedDuration) -> String {
    let secs = d.as_secs();
    let (n, id) = if secs % 86_400 == 0 && secs >= 172_800 {
        (secs / 86_400, "notice-starts-in-days")
    } else if secs % 3600 == 0 {
        (secs / 3600, "notice-starts-in-hours")
    } else {
        (secs / 60, "notice-starts-in-minutes")
    };
    lang.text(id, &[("count", n.into())])
}

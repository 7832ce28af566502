//! `maintenance.ics`: a subscribable calendar (RFC 5545) of upcoming and recent maintenance, the
//! same per component at `components/<id>/maintenance.ics`, and `maintenance/<slug>/event.ics` per
//! window for "add to calendar".
//!
//! UIDs are stable per maintenance. SEQUENCE counts the notice's updates, plus one when cancelled:
//! a rescheduled window comes with an update, so calendar apps see the newer version win.

use icalendar::{Calendar, Component, Event, EventLike, EventStatus};

use super::RenderContext;
use super::feed::site_url;
use super::plan::Planned;
use super::syndication::chrono_time;
use crate::content::Maintenance;
use crate::markdown::to_plain;
use crate::model::SiteModel;

/// How far back the subscribable calendar reaches.
const RECENT: jiff::SignedDuration = jiff::SignedDuration::from_hours(90 * 24);

fn uid(model: &SiteModel, m: &Maintenance) -> String {
    let host = model
        .config
        .base_url
        .as_deref()
        .and_then(|u| u.split("://").nth(1))
        .and_then(|r| r.split('/').next())
        .unwrap_or("statusmark.invalid");
    format!("maintenance-{}@{host}", m.slug)
}

/// RFC 5545 TEXT may not hold control characters; the crate escapes line feeds but a bare CR or
/// other control character would still reach the file, so they become spaces.
fn text(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() && c != '\n' { ' ' } else { c })
        .collect()
}

fn event(model: &SiteModel, m: &Maintenance) -> Event {
    let names: Vec<&str> = m
        .components
        .iter()
        .map(|id| model.config.component(id).map_or(id.as_str(), |c| c.name.as_str()))
        .collect();
    let mut description = to_plain(&m.summary);
    if !names.is_empty() {
        description.push_str(&format!("\n\nAffects: {}", names.join(", ")));
    }
    let sequence = u32::try_from(m.updates.len())
        .unwrap_or(u32::MAX)
        .saturating_add(u32::from(m.cancelled));
    // Not by `now`: an event's key is its notice, whole (a `## Cancelled` update counts as written).
    let cancelled = m.cancelled || m.cancellation().is_some();
    let stamp = chrono_time(m.updates.first().map_or(m.announced_at(), |u| u.at));
    Event::new()
        .uid(&uid(model, m))
        .summary(&text(&format!("{}: {}", m.kind_label(), m.title)))
        .description(&text(&description))
        .starts(chrono_time(m.scheduled_for))
        .ends(chrono_time(m.scheduled_until))
        .timestamp(stamp)
        .last_modified(stamp)
        .sequence(sequence)
        .url(&site_url(model, &format!("maintenance/{}/", m.slug)))
        .status(if cancelled {
            EventStatus::Cancelled
        } else {
            EventStatus::Confirmed
        })
        .done()
}

fn calendar(name: &str, events: impl IntoIterator<Item = Event>) -> String {
    let mut cal = Calendar::new();
    cal.name(name);
    for e in events {
        cal.push(e);
    }
    cal.done().to_string()
}

/// Whether the subscribable calendars list `m`: windows ending within [`RECENT`] or later.
fn listed(model: &SiteModel, m: &Maintenance) -> bool {
    m.scheduled_until >= model.now - RECENT
}

pub fn plan<'r>(cx: &'r RenderContext<'_>) -> Vec<Planned<'r>> {
    let model = cx.model;
    let name = std::sync::Arc::new(format!("{} maintenance", model.config.title));
    let mut plan = Vec::with_capacity(model.maintenances.len() + model.config.components.len() + 1);
    let all = name.clone();
    plan.push(Planned::always("maintenance.ics", move || {
        let recent = model
            .maintenances
            .iter()
            .filter(|m| listed(model, m))
            .map(|m| event(model, m));
        Ok(calendar(&all, recent).into_bytes())
    }));
    for m in &model.maintenances {
        let name = name.clone();
        plan.push(Planned::lazy(
            format!("maintenance/{}/event.ics", m.slug),
            cx.key(&**m),
            move || Ok(calendar(&name, [event(model, m)]).into_bytes()),
        ));
    }
    for c in &model.config.components {
        plan.push(component(cx, c));
    }
    plan
}

/// `components/<id>/maintenance.ics`: the subscribable calendar of the windows that touch one
/// component. Its key is the windows it lists, whole (an event shows most of a notice); the
/// component's name and the site's title and address are in every key already.
fn component<'r>(cx: &'r RenderContext<'_>, c: &'r crate::content::config::Component) -> Planned<'r> {
    let model = cx.model;
    let windows: Vec<&'r Maintenance> = model
        .maintenances
        .iter()
        .map(|m| &**m)
        .filter(|m| listed(model, m) && m.components.contains(&c.id))
        .collect();
    let key = cx.key(("component calendar", &windows));
    Planned::lazy(format!("components/{}/maintenance.ics", c.id), key, move || {
        let name = format!("{} — {} maintenance", model.config.title, c.name);
        Ok(calendar(&name, windows.iter().map(|m| event(model, m))).into_bytes())
    })
}

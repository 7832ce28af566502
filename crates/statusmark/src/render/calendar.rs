//! `maintenance.ics`: a subscribable calendar (RFC 5545) of upcoming and recent maintenance, and
//! `maintenance/<slug>/event.ics` per window for "add to calendar".
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
    let stamp = chrono_time(m.updates.first().map_or(m.announced_at(), |u| u.at));
    Event::new()
        .uid(&uid(model, m))
        .summary(&text(&format!("Maintenance: {}", m.title)))
        .description(&text(&description))
        .starts(chrono_time(m.scheduled_for))
        .ends(chrono_time(m.scheduled_until))
        .timestamp(stamp)
        .last_modified(stamp)
        .sequence(sequence)
        .url(&site_url(model, &format!("maintenance/{}/", m.slug)))
        .status(if m.cancelled {
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

pub fn plan<'r>(cx: &'r RenderContext<'_>) -> Vec<Planned<'r>> {
    let model = cx.model;
    let name = std::sync::Arc::new(format!("{} maintenance", model.config.title));
    let mut plan = Vec::with_capacity(model.maintenances.len() + 1);
    let all = name.clone();
    plan.push(Planned::always("maintenance.ics", move || {
        let recent = model
            .maintenances
            .iter()
            .filter(|m| m.scheduled_until >= model.now - RECENT)
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
    plan
}

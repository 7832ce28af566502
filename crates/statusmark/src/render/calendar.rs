//! `maintenance.ics`: a subscribable calendar (RFC 5545) of upcoming and recent maintenance, the
//! same per component at `components/<id>/maintenance.ics`, and `maintenance/<slug>/event.ics` per
//! window for "add to calendar".
//!
//! UIDs are stable per maintenance. SEQUENCE counts the notice's updates, plus one when cancelled:
//! a rescheduled window comes with an update, so calendar apps see the newer version win.
//!
//! A recurring notice is one event: `DTSTART;TZID=<zone>` in local time with its `RRULE`, an
//! `EXDATE` per cancelled occurrence, and an override (`RECURRENCE-ID`) for each listed occurrence
//! that has updates or a length daylight saving changes. Its zone is named by its IANA name and
//! defined in a `VTIMEZONE` written from the same database the site uses
//! ([`super::vtimezone`]); the occurrences' pages carry the same event.

use std::sync::{Arc, OnceLock};

use icalendar::{Calendar, Component, Event, EventLike, EventStatus, Property};

use super::RenderContext;
use super::feed::site_url;
use super::plan::{Group, Planned};
use super::syndication::chrono_time;
use super::vtimezone::vtimezone;
use crate::content::Maintenance;
use crate::content::recurrence::Recurrence;
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

fn description(model: &SiteModel, m: &Maintenance) -> String {
    let names: Vec<&str> = m
        .components
        .iter()
        .map(|id| model.config.component(id).map_or(id.as_str(), |c| c.name.as_str()))
        .collect();
    let mut description = to_plain(&m.summary);
    if !names.is_empty() {
        let affects = model
            .config
            .language
            .text("calendar-affects", &[("components", names.join(", ").into())]);
        description.push_str(&format!("\n\n{affects}"));
    }
    description
}

/// "Maintenance: Database upgrade", in the site's language.
fn titled(model: &SiteModel, m: &Maintenance) -> String {
    let lang = model.config.language;
    let kind = super::syndication::maintenance_kind(lang, m);
    lang.text(
        "maintenance-titled",
        &[("kind", kind.into()), ("title", m.title.as_str().into())],
    )
}

fn event(model: &SiteModel, m: &Maintenance) -> Event {
    let description = description(model, m);
    let sequence = window_sequence(m);
    // Not by `now`: an event's key is its notice, whole (a `## Cancelled` update counts as written).
    let cancelled = m.cancelled || m.cancellation().is_some();
    let stamp = chrono_time(m.updates.first().map_or(m.announced_at(), |u| u.at));
    Event::new()
        .uid(&uid(model, m))
        .summary(&text(&titled(model, m)))
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

/// A window's `SEQUENCE`: one more for each update and for its cancellation.
fn window_sequence(m: &Maintenance) -> u32 {
    u32::try_from(m.updates.len())
        .unwrap_or(u32::MAX)
        .saturating_add(u32::from(m.cancelled))
}

/// A local date-time as RFC 5545 writes it beside a `TZID`.
fn local(dt: jiff::civil::DateTime) -> String {
    dt.strftime("%Y%m%dT%H%M%S").to_string()
}

fn local_property(key: &str, dt: jiff::civil::DateTime, zone: &str) -> Property {
    Property::new(key, local(dt)).add_parameter("TZID", zone).done()
}

/// A recurring notice's events: the series with its rule and cancelled dates, then an override
/// for each of `occurrences` (its listed windows, newest first) that has updates.
fn series_events(model: &SiteModel, series: &Maintenance, occurrences: &[&Maintenance]) -> Vec<Event> {
    let Some(r) = series.recurrence.as_deref() else {
        return Vec::new();
    };
    let zone = r.zone_name.as_str();
    let end = r.start.checked_add(r.length).unwrap_or(r.start);
    let sequence = series_sequence(series, r);
    // Cancelled from a date on after some occurrences happened: the rule ends with the last of
    // them, and the series stands; before any happened, the whole series is cancelled.
    let spared = r.last_before_cancellation();
    let cancelled = match (r.cancelled_from, &spared) {
        (Some(_), Some(_)) => false,
        (Some(_), None) => true,
        (None, _) => series.cancelled,
    };
    let rule = spared
        .as_ref()
        .map_or_else(|| r.rule.clone(), |last| r.rule_until(last));
    // The series links to its next window's page (else its latest's).
    let page = occurrences
        .iter()
        .rev()
        .find(|m| m.scheduled_until > model.now)
        .or(occurrences.first())
        .map_or_else(String::new, |m| format!("maintenance/{}/", m.slug));
    let mut master = series_event_base(model, series);
    master
        .append_property(local_property("DTSTART", r.start, zone))
        .append_property(local_property("DTEND", end, zone))
        .add_property("RRULE", &rule)
        .sequence(sequence)
        .url(&site_url(model, &page))
        .status(if cancelled {
            EventStatus::Cancelled
        } else {
            EventStatus::Confirmed
        });
    for date in &r.cancelled {
        master.append_multi_property(local_property("EXDATE", r.local_on(*date), zone));
    }
    let mut out = vec![master.done()];
    out.extend(overrides(model, series, r, occurrences, sequence));
    out
}

/// The master event's `SEQUENCE`: one more for each change to the series as a whole (each
/// occurrence cancelled on its own, the series cancelled).
fn series_sequence(series: &Maintenance, r: &Recurrence) -> u32 {
    u32::try_from(r.cancelled.len())
        .unwrap_or(u32::MAX)
        .saturating_add(u32::from(series.cancelled || r.cancelled_from.is_some()))
}

/// How far ahead a series' occurrences that daylight saving shortens or lengthens get overrides.
const SHIFTED_AHEAD: jiff::SignedDuration = jiff::SignedDuration::from_hours(400 * 24);

/// Overrides (`RECURRENCE-ID`) of a series, oldest first: each listed occurrence with updates,
/// and each occurrence from the calendar's reach back to [`SHIFTED_AHEAD`] whose length differs
/// from the first's. RFC 5545 gives every instance the first one's exact duration, where ours
/// keep their local end: "02:00 to 04:00" on the night clocks jump at 02:00 is 03:00 to 04:00.
///
/// An override's `SEQUENCE` is never below the master's (`master_sequence`): RFC 5545 clients
/// drop an instance older than its series.
fn overrides(
    model: &SiteModel,
    series: &Maintenance,
    r: &Recurrence,
    occurrences: &[&Maintenance],
    master_sequence: u32,
) -> Vec<Event> {
    let zone = r.zone_name.as_str();
    let Some(first) = r.occurrences().next() else {
        return Vec::new();
    };
    let exact = first.start.duration_until(first.end);
    let (from, ahead) = (
        model.now - RECENT,
        model.now.checked_add(SHIFTED_AHEAD).unwrap_or(model.now),
    );
    let at = |t: jiff::Timestamp| t.to_zoned(r.zone.clone()).datetime();
    let by_date: rustc_hash::FxHashMap<jiff::civil::Date, &Maintenance> = occurrences
        .iter()
        .rev()
        .filter_map(|m| Some((m.occurrence.as_ref()?.date, *m)))
        .collect();
    let mut out = Vec::new();
    for o in r.occurrences().take_while(|o| o.start <= ahead) {
        // Occurrences dropped by the rule's end (`cancelled_from`) or by `EXDATE` get none.
        let ended = r.cancelled_from.is_some_and(|f| o.start >= f);
        if o.end < from || ended || r.cancelled.binary_search(&o.date).is_ok() {
            continue;
        }
        let window = by_date.get(&o.date).copied();
        let updated = window.filter(|m| !m.updates.is_empty());
        if updated.is_none() && o.start.duration_until(o.end) == exact {
            continue;
        }
        let sequence = updated.map_or(0, window_sequence).max(master_sequence);
        let mut changed = match updated {
            Some(m) => {
                let mut e = event(model, m);
                if let Some(latest) = m.updates.first() {
                    let news = format!(
                        "{}\n\n{}: {}",
                        description(model, m),
                        model.config.language.phase(latest.as_str()),
                        to_plain(&latest.body)
                    );
                    e.description(&text(&news));
                }
                e
            }
            None => {
                let mut e = series_event_base(model, series);
                if let Some(m) = window {
                    e.url(&site_url(model, &format!("maintenance/{}/", m.slug)));
                }
                e
            }
        };
        changed
            .uid(&uid(model, series))
            .sequence(sequence)
            .remove_property("DTSTART")
            .remove_property("DTEND")
            .append_property(local_property("RECURRENCE-ID", o.local, zone))
            .append_property(local_property("DTSTART", at(o.start), zone))
            .append_property(local_property("DTEND", at(o.end), zone));
        out.push(changed.done());
    }
    out
}

/// The parts of an override taken from its series as written.
fn series_event_base(model: &SiteModel, series: &Maintenance) -> Event {
    let stamp = chrono_time(
        series
            .updates
            .iter()
            .map(|u| u.at)
            .fold(series.announced_at(), jiff::Timestamp::max),
    );
    Event::new()
        .uid(&uid(model, series))
        .summary(&text(&model.config.language.text(
            "maintenance-titled",
            &[
                ("kind", model.config.language.say("maintenance-kind").into()),
                ("title", series.title.as_str().into()),
            ],
        )))
        .description(&text(&description(model, series)))
        .timestamp(stamp)
        .last_modified(stamp)
        .sequence(0)
        .status(EventStatus::Confirmed)
        .done()
}

/// The events of a calendar listing `windows` (newest first): each one-off window, and each
/// series once, where its newest listed occurrence stands.
fn events(model: &SiteModel, windows: &[&Maintenance]) -> Vec<Event> {
    let mut out = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for m in windows {
        let Some(o) = m.occurrence.as_ref() else {
            out.push(event(model, m));
            continue;
        };
        if seen.contains(&o.series.as_str()) {
            continue;
        }
        seen.push(&o.series);
        if let Some(series) = model.recurring.iter().find(|s| s.slug == o.series) {
            out.extend(series_events(model, series, &of_series(windows, &o.series)));
        }
    }
    out
}

/// The windows of `windows` that are occurrences of `series`.
fn of_series<'a>(windows: &[&'a Maintenance], series: &str) -> Vec<&'a Maintenance> {
    windows
        .iter()
        .copied()
        .filter(|m| m.occurrence.as_ref().is_some_and(|o| o.series == series))
        .collect()
}

/// The `VTIMEZONE` of each zone the series among `windows` name, by name, covering each zone
/// from its earliest series' start.
fn zones(model: &SiteModel, windows: &[&Maintenance]) -> String {
    let ahead = model.now.checked_add(ZONES_AHEAD).unwrap_or(model.now);
    // Per zone: its earliest series' start, and the latest end to cover.
    let mut by_zone: std::collections::BTreeMap<&str, (&jiff::tz::TimeZone, jiff::Timestamp, jiff::Timestamp)> =
        std::collections::BTreeMap::new();
    for m in windows {
        let series = m
            .occurrence
            .as_ref()
            .and_then(|o| model.recurring.iter().find(|s| s.slug == o.series));
        if let Some((series, r)) = series.and_then(|s| Some((s, s.recurrence.as_deref()?))) {
            let end = r.last_end().unwrap_or(ahead).max(ahead);
            let entry = by_zone
                .entry(r.zone_name.as_str())
                .or_insert((&r.zone, series.scheduled_for, end));
            entry.1 = entry.1.min(series.scheduled_for);
            entry.2 = entry.2.max(end);
        }
    }
    by_zone
        .into_iter()
        .map(|(name, (zone, from, to))| vtimezone(name, zone, from, to))
        .collect()
}

/// How far ahead of `now` a zone's changes are listed one by one when they follow no yearly
/// rule (and at least to the end of a series that ends).
const ZONES_AHEAD: jiff::SignedDuration = crate::render::vtimezone::SAMPLE;

/// The calendar text; `zones` (`VTIMEZONE`s) go before the events.
fn calendar(name: &str, zones: &str, events: impl IntoIterator<Item = Event>) -> String {
    let mut cal = Calendar::new();
    cal.name(name);
    for e in events {
        cal.push(e);
    }
    let text = cal.done().to_string();
    if zones.is_empty() {
        return text;
    }
    let at = text
        .find("BEGIN:VEVENT\r\n")
        .or_else(|| text.find("END:VCALENDAR"))
        .unwrap_or(text.len());
    format!("{}{zones}{}", &text[..at], &text[at..])
}

pub fn plan<'r>(cx: &'r RenderContext<'_>) -> Vec<Planned<'r>> {
    let model = cx.model;
    let all = Arc::new(calendar_name(model));
    // One pass over all windows' facts for the site's calendar, and over the windows it lists
    // for each component's (a pass over them per component was 1 to 2 % of an edit's CPU at
    // 15,000 windows).
    // The subscribable calendars list the windows ending within `RECENT` or later.
    let from = model.now - RECENT;
    let listed = (model.window_facts.iter().enumerate()).filter(|(_, w)| w.scheduled_until >= from);
    let recent: Vec<&Maintenance> = listed.map(|(n, _)| model.maintenance(n)).collect();
    let position = crate::model::positions(&model.config);
    let mut by_component: Vec<Vec<&Maintenance>> = vec![Vec::new(); model.config.components.len()];
    for &m in &recent {
        for ci in m.components.iter().filter_map(|id| position.get(id.as_str())) {
            let list = &mut by_component[*ci];
            // A window naming a component twice is listed once.
            if list.last().is_none_or(|last| !std::ptr::eq(*last, m)) {
                list.push(m);
            }
        }
    }
    let components: Vec<Planned<'r>> = (model.config.components.iter().zip(by_component))
        .map(|(c, windows)| component(cx, c, windows))
        .collect();
    // Keyed as a component's calendar is: by the windows it lists, whole, and by `now` only when
    // it lists a series' occurrence. Before, it was rendered again at every `serve` rebuild.
    let series_now = recent.iter().any(|m| m.occurrence.is_some()).then_some(model.now);
    let key = cx.key(("calendar", &recent, &model.recurring, series_now));
    let mut plan = vec![Planned::lazy("maintenance.ics".to_owned(), key, move || {
        Ok(calendar(&all, &zones(model, &recent), events(model, &recent)).into_bytes())
    })];
    plan.extend(components);
    plan
}

fn calendar_name(model: &SiteModel) -> String {
    model
        .config
        .language
        .text("calendar-name", &[("site", model.config.title.as_str().into())])
}

/// `maintenance/<slug>/event.ics` of every window, planned in groups as the windows' pages are
/// ([`super::html::pages`]) and keyed from the model's facts: an edit plans the files of its
/// group, not one file (and a path) per window.
pub fn event_files<'r>(cx: &'r RenderContext<'_>) -> Vec<Group<'r>> {
    let model = cx.model;
    // An occurrence's file is its series' event, the same for each: keyed and written once.
    let mut by_series: rustc_hash::FxHashMap<&str, Vec<&Maintenance>> = rustc_hash::FxHashMap::default();
    for (m, w) in model.maintenances.iter().zip(model.window_facts.iter()) {
        if w.occurrence
            && let Some(o) = &m.occurrence
        {
            by_series.entry(o.series.as_str()).or_default().push(m);
        }
    }
    let mut series_files: rustc_hash::FxHashMap<&str, Arc<SeriesFile<'r>>> = rustc_hash::FxHashMap::default();
    for series in &model.recurring {
        let occurrences = by_series.remove(series.slug.as_str()).unwrap_or_default();
        // A series' event also follows `now`: its overrides reach from `RECENT` back to
        // `SHIFTED_AHEAD` ahead, it links to the next occurrence, and its zone lists changes
        // ahead. On the wall clock it is rendered again at each rebuild (and written only when
        // it changed); with the clock fixed it is kept.
        let key = cx.key(("series event", &**series, &occurrences, model.now));
        series_files.insert(
            &series.slug,
            Arc::new(SeriesFile {
                series,
                occurrences,
                key,
                bytes: OnceLock::new(),
            }),
        );
    }
    let series_of = |n: usize| {
        let o = model.maintenances[n].occurrence.as_ref()?;
        series_files.get(o.series.as_str()).cloned()
    };
    // A window's own event is the window's alone (its key is what `Maintenance`'s is).
    let fresh = || {
        let keys: Vec<_> = (model.window_facts.iter().enumerate())
            .map(|(n, w)| {
                let series = w.occurrence.then(|| series_of(n)).flatten();
                (series.map_or_else(|| cx.key(w.print), |s| s.key), w.slug)
            })
            .collect();
        super::plan::Buckets::of(cx.keyed(), keys)
    };
    // In `serve`, the last rebuild's while the windows are the same (see `KeptViews::windows`):
    // the same windows (a list with a series in it is a new one at every rebuild, so the series'
    // keys, which read `now`, are never kept).
    let buckets = match cx.kept {
        Some(kept) if cx.keyed() => kept.windows((&cx.prefix, "events"), (&model.window_facts, cx.key(())), fresh),
        _ => fresh(),
    };
    let shared = Arc::new((Arc::new(calendar_name(model)), series_files));
    let groups = buckets.groups("events", move |n, key| single(cx, n, key, &shared));
    groups.into_iter().map(Group::unlisted).collect()
}

/// `maintenance/<slug>/event.ics`: one window's event for "add to calendar"; for an occurrence,
/// its whole series (the same event subscribers have).
fn single<'r>(
    cx: &'r RenderContext<'_>,
    n: usize,
    key: Option<super::plan::Key>,
    (name, series_files): &(Arc<String>, rustc_hash::FxHashMap<&'r str, Arc<SeriesFile<'r>>>),
) -> Planned<'r> {
    let model = cx.model;
    let m = &model.maintenances[n];
    let path = format!("maintenance/{}/event.ics", m.slug);
    let name = name.clone();
    let series = m.occurrence.as_ref().and_then(|o| series_files.get(o.series.as_str()));
    let Some(series) = series.cloned() else {
        return Planned::lazy(path, key, move || {
            Ok(calendar(&name, "", [event(model, m)]).into_bytes())
        });
    };
    Planned::lazy(path, key, move || {
        let bytes = series.bytes.get_or_init(|| {
            let zones = zones(model, &series.occurrences);
            calendar(&name, &zones, series_events(model, series.series, &series.occurrences)).into_bytes()
        });
        Ok(bytes.clone())
    })
}

/// A series' event as its occurrences' `event.ics` files all show it, rendered by the first of
/// them that is written.
struct SeriesFile<'r> {
    series: &'r Maintenance,
    /// Its occurrences among the model's windows, in the model's order.
    occurrences: Vec<&'r Maintenance>,
    key: Option<super::plan::Key>,
    bytes: OnceLock<Vec<u8>>,
}

/// `components/<id>/maintenance.ics`: the subscribable calendar of the windows that touch one
/// component. Its key is the windows it lists, whole (an event shows most of a notice); the
/// component's name and the site's title and address are in every key already.
fn component<'r>(
    cx: &'r RenderContext<'_>,
    c: &'r crate::content::config::Component,
    windows: Vec<&'r Maintenance>,
) -> Planned<'r> {
    let model = cx.model;
    // A series' events show its rule and cancelled dates beyond the windows listed, and follow
    // `now` (see the series' own file in `plan`).
    let series_now = windows.iter().any(|m| m.occurrence.is_some()).then_some(model.now);
    let key = cx.key(("component calendar", &windows, &model.recurring, series_now));
    Planned::lazy(format!("components/{}/maintenance.ics", c.id), key, move || {
        let name = model.config.language.text(
            "calendar-component-name",
            &[
                ("site", model.config.title.as_str().into()),
                ("component", c.name.as_str().into()),
            ],
        );
        Ok(calendar(&name, &zones(model, &windows), events(model, &windows)).into_bytes())
    })
}

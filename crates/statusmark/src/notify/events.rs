//! The events the content records by `now`, each with an id derived from the content alone, so
//! the same content always yields the same ids (the delivery record is keyed by them).

use jiff::{SignedDuration, Timestamp};
use statusmark_feed::{ComponentStatus, IncidentStatus};

use super::notice::EventKind;
use crate::content::{Incident, Maintenance};
use crate::model::SiteModel;

/// What an event is about, by index into the model's lists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Subject {
    /// `update`: index into the incident's updates (newest first), when the event is one.
    Incident { index: usize, update: Option<usize> },
    /// `update`: index into the notice's updates; `reminder`: how long before the start.
    Maintenance {
        index: usize,
        update: Option<usize>,
        reminder: Option<SignedDuration>,
    },
    /// Index into the configuration's components.
    Component {
        index: usize,
        old: ComponentStatus,
        new: ComponentStatus,
    },
}

#[derive(Clone, Debug)]
pub struct Event {
    pub id: String,
    pub kind: EventKind,
    /// When it happened or fell due; `None` when the content does not say (a postmortem, a
    /// cancellation, a changed window): then it is news when first seen.
    pub at: Option<Timestamp>,
    /// After this instant it is no longer worth sending (a reminder once its window began).
    pub expires: Option<Timestamp>,
    pub subject: Subject,
    /// Ids of the components it touches (for channel and subscriber filters).
    pub components: Vec<String>,
}

/// RFC 3339 in UTC to the second: the time part of event ids.
pub fn stamp(t: Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Every event due by `model.now`, in time order (undated ones last), ties by id.
pub fn events(model: &SiteModel, reminders: &[SignedDuration]) -> Vec<Event> {
    let mut out = Vec::new();
    for (index, incident) in model.published_incidents() {
        incident_events(index, incident, model.now, &mut out);
    }
    for (index, m) in model.maintenances.iter().enumerate() {
        if m.announced.is_none_or(|a| a <= model.now) {
            maintenance_events(index, m, model.now, reminders, &mut out);
        }
    }
    for index in 0..model.components.len() {
        component_events(model, index, &mut out);
    }
    out.sort_by(|a, b| (a.at.is_none(), a.at, &a.id).cmp(&(b.at.is_none(), b.at, &b.id)));
    out
}

/// One id per role: `created` and `resolved` whatever made them (the first update or the front
/// matter), so adding the heading that `check` asks for does not announce an incident twice; every
/// other update by its time, with an ordinal when two share a second.
fn incident_events(index: usize, i: &Incident, now: Timestamp, out: &mut Vec<Event>) {
    let components: Vec<String> = i.affected().map(str::to_owned).collect();
    let event = |id: String, kind, at, update| Event {
        id,
        kind,
        at,
        expires: None,
        subject: Subject::Incident { index, update },
        components: components.clone(),
    };
    let slug = &i.slug;
    let published: Vec<(usize, &crate::content::incident::Update)> = i
        .updates
        .iter()
        .enumerate()
        .rev()
        .filter(|(_, u)| u.at <= now)
        .collect();
    let first = published.first().map(|(n, _)| *n);
    out.push(event(
        format!("incident/{slug}/created"),
        EventKind::IncidentCreated,
        Some(published.first().map_or(i.started, |(_, u)| u.at)),
        first,
    ));
    let resolution = published
        .iter()
        .skip(1)
        .find(|(_, u)| u.status == IncidentStatus::Resolved)
        .map(|(n, u)| (Some(*n), u.at))
        .or_else(|| i.resolved.filter(|r| *r <= now).map(|r| (None, r)));
    let mut previous: Option<(Timestamp, usize)> = None;
    for &(n, u) in published.iter().skip(1) {
        let same = previous.filter(|(t, _)| *t == u.at).map_or(1, |(_, k)| k + 1);
        previous = Some((u.at, same));
        if resolution.is_some_and(|(r, _)| r == Some(n)) {
            continue;
        }
        let suffix = if same > 1 { format!("-{same}") } else { String::new() };
        out.push(event(
            format!("incident/{slug}/update/{}{suffix}", stamp(u.at)),
            EventKind::IncidentUpdated,
            Some(u.at),
            Some(n),
        ));
    }
    if let Some((update, at)) = resolution {
        out.push(event(
            format!("incident/{slug}/resolved"),
            EventKind::IncidentResolved,
            Some(at),
            update,
        ));
    }
    if i.postmortem.is_some() {
        out.push(event(
            format!("incident/{slug}/postmortem"),
            EventKind::PostmortemPublished,
            None,
            None,
        ));
    }
}

/// Events of one maintenance window. Clock-driven ones keep their ids (`started/<start>`,
/// `completed/<end>`); a phase change an update states *is* that event (its text goes with it),
/// never a separate update too, so each change is told exactly once whichever made it.
fn maintenance_events(
    index: usize,
    m: &Maintenance,
    now: Timestamp,
    reminders: &[SignedDuration],
    out: &mut Vec<Event>,
) {
    let slug = &m.slug;
    let (start, end) = (stamp(m.scheduled_for), stamp(m.scheduled_until));
    let event = |id: String, kind, at, expires, update, reminder| Event {
        id,
        kind,
        at,
        expires,
        subject: Subject::Maintenance {
            index,
            update,
            reminder,
        },
        components: m.components.clone(),
    };
    let cancelled = m.cancelled_by(now);
    // A window cancelled before anyone was told of it is never announced (the record says
    // whether its scheduling went out; only then is the cancellation news).
    // Without an `announced` time the notice is news when first seen; a window over by then is
    // not worth announcing.
    if !cancelled {
        out.push(event(
            format!("maintenance/{slug}/scheduled/{start}/{end}"),
            EventKind::MaintenanceScheduled,
            m.announced.map(|a| a.min(m.scheduled_for)),
            Some(m.scheduled_until),
            None,
            None,
        ));
    }
    let roles = PhaseRoles::of(m, now);
    for (n, u) in m.updates.iter().enumerate().filter(|(_, u)| u.at <= now) {
        if roles.told_by_role(n) {
            continue;
        }
        out.push(event(
            format!("maintenance/{slug}/update/{}", stamp(u.at)),
            EventKind::MaintenanceUpdated,
            Some(u.at),
            None,
            Some(n),
            None,
        ));
    }
    if let Some((at, update)) = roles.started {
        out.push(event(
            format!("maintenance/{slug}/started/{start}"),
            EventKind::MaintenanceStarted,
            Some(at),
            roles.stopped,
            update,
            None,
        ));
    }
    if let Some((at, update)) = roles.completed {
        out.push(event(
            format!("maintenance/{slug}/completed/{end}"),
            EventKind::MaintenanceCompleted,
            Some(at),
            None,
            update,
            None,
        ));
    }
    if cancelled {
        let update = m.cancellation().filter(|u| u.at <= now);
        out.push(event(
            format!("maintenance/{slug}/cancelled"),
            EventKind::MaintenanceCancelled,
            update.map(|u| u.at),
            None,
            roles.cancelled,
            None,
        ));
        return;
    }
    // Longest offset first; each reminder gives way to the next once that one is due.
    for (k, offset) in reminders.iter().enumerate() {
        let Ok(due) = m.scheduled_for.checked_sub(*offset) else {
            continue;
        };
        if due > now || m.announced.is_some_and(|a| a > due) || roles.started.is_some_and(|(at, _)| at <= due) {
            continue;
        }
        let next_due = reminders.get(k + 1).and_then(|o| m.scheduled_for.checked_sub(*o).ok());
        out.push(event(
            format!("maintenance/{slug}/reminder/{}/{start}", human(*offset)),
            EventKind::MaintenanceReminder,
            Some(due),
            // A window started early by its author needs no reminder after that.
            Some(
                next_due
                    .unwrap_or(m.scheduled_for)
                    .min(m.scheduled_for)
                    .min(roles.started.map_or(m.scheduled_for, |(at, _)| at)),
            ),
            None,
            Some(*offset),
        ));
    }
}

/// Where a window's phase first became under way and first became completed by `now` (the
/// phase rule's changes), and which update, if any, stated each.
struct PhaseRoles {
    /// When it started, and the `## In progress` update that started it.
    started: Option<(Timestamp, Option<usize>)>,
    /// When it stopped being under way after it started (completed, cancelled), if it did.
    stopped: Option<Timestamp>,
    completed: Option<(Timestamp, Option<usize>)>,
    cancelled: Option<usize>,
    /// Updates restating a phase already reached that needs no telling again (`Completed`).
    restated: Vec<usize>,
}

impl PhaseRoles {
    fn of(m: &Maintenance, now: Timestamp) -> PhaseRoles {
        use statusmark_feed::MaintenancePhase::{Cancelled, Completed};
        let now_ms = now.as_millisecond();
        let stated_at = |ms: i64, phase| {
            m.updates
                .iter()
                .position(|u| u.at.as_millisecond() == ms && u.phase == Some(phase) && u.at <= now)
        };
        let instant = |ms: i64| Timestamp::from_millisecond(ms).ok();
        let mut roles = PhaseRoles {
            started: None,
            stopped: None,
            completed: None,
            cancelled: m.updates.iter().position(|u| u.phase == Some(Cancelled) && u.at <= now),
            restated: Vec::new(),
        };
        for &(ms, phase) in m.changes().iter().filter(|(ms, _)| *ms <= now_ms) {
            if phase.under_way() && roles.started.is_none() {
                roles.started = instant(ms).map(|t| (t, stated_at(ms, phase)));
            } else if !phase.under_way() && roles.started.is_some() && roles.stopped.is_none() {
                roles.stopped = instant(ms);
            }
            if phase == Completed && roles.completed.is_none() {
                roles.completed = instant(ms).map(|t| (t, stated_at(ms, phase)));
            }
        }
        if let Some((done, _)) = roles.completed {
            // A `## Completed` written after the window already completed (by the clock) is the
            // same news; one written after an overrun reopened it is news of its own.
            let reopened = m
                .changes()
                .iter()
                .any(|(ms, p)| *ms > done.as_millisecond() && *ms <= now_ms && *p != Completed);
            if !reopened {
                roles.restated.extend(
                    (0..m.updates.len()).filter(|&n| m.updates[n].phase == Some(Completed) && m.updates[n].at >= done),
                );
            }
        }
        roles
    }

    /// Whether update `n` is told by a role event (or needs no telling), not as an update.
    fn told_by_role(&self, n: usize) -> bool {
        let is = |role: Option<(Timestamp, Option<usize>)>| role.is_some_and(|(_, u)| u == Some(n));
        is(self.started) || is(self.completed) || self.cancelled == Some(n) || self.restated.contains(&n)
    }
}

/// Each change of one component's status by `now`, with the status before it.
fn component_events(model: &SiteModel, index: usize, out: &mut Vec<Event>) {
    let id = &model.config.components[index].id;
    let now = model.now.as_millisecond();
    let mut old = ComponentStatus::Operational;
    for &(ms, new) in model.timeline(index).changes() {
        if ms > now {
            break;
        }
        let Ok(at) = Timestamp::from_millisecond(ms) else {
            continue;
        };
        out.push(Event {
            id: format!("component/{id}/{}", stamp(at)),
            kind: EventKind::ComponentUpdated,
            at: Some(at),
            expires: None,
            subject: Subject::Component { index, old, new },
            components: vec![id.clone()],
        });
        old = new;
    }
}

/// A reminder offset as its id writes it: `24h`, `90m`, `45s`.
pub fn human(d: SignedDuration) -> String {
    let secs = d.as_secs();
    if secs % 3600 == 0 {
        format!("{}h", secs / 3600)
    } else if secs % 60 == 0 {
        format!("{}m", secs / 60)
    } else {
        format!("{secs}s")
    }
}

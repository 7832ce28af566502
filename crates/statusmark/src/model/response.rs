//! How fast an incident was answered and fixed, against the targets for its impact.
//!
//! - **Time to first update** (to *respond*): from the incident's `started` to the first update
//!   published after it, that is the earliest update heading timed strictly after `started`, or
//!   the resolution if that comes first. The opening statement (the summary, and any update timed
//!   at `started` itself) is not a response: it is the incident being declared.
//! - **Time to resolve**: from `started` to `resolved`.
//!
//! Only what has happened by `now` counts. While a time is still running it is unknown; its
//! target is then already *missed* once more time than the target has passed, and otherwise
//! undecided.

use jiff::{SignedDuration, Timestamp};

use crate::content::Incident;
use crate::content::reports::ResponseTargets;

/// One measured time against its target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Measured {
    /// How long it took; `None` while it is still running at `now`.
    pub took: Option<SignedDuration>,
    /// The target for the incident's impact, if one is set.
    pub target: Option<SignedDuration>,
    /// `Some(true)` met, `Some(false)` missed (or already overdue), `None`: no target, or not yet
    /// decided.
    pub met: Option<bool>,
}

impl Measured {
    fn new(took: Option<SignedDuration>, elapsed: SignedDuration, target: Option<SignedDuration>) -> Measured {
        let met = target.and_then(|t| match took {
            Some(d) => Some(d <= t),
            None => (elapsed > t).then_some(false),
        });
        Measured { took, target, met }
    }
}

/// An incident's response times.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ResponseTimes {
    /// Time to first update.
    pub respond: Measured,
    /// Time to resolve.
    pub resolve: Measured,
}

/// The instant of the first update after the opening, if it has happened by `now`.
pub fn first_update(i: &Incident, now: Timestamp) -> Option<Timestamp> {
    i.updates
        .iter()
        .map(|u| u.at)
        .chain(i.resolved)
        .filter(|&t| t > i.started && t <= now)
        .min()
}

/// `None` for an incident that has not started by `now`.
pub fn response_times(i: &Incident, targets: &ResponseTargets, now: Timestamp) -> Option<ResponseTimes> {
    if i.started > now {
        return None;
    }
    let elapsed = now.duration_since(i.started);
    let since_start = |t: Timestamp| t.duration_since(i.started);
    let resolved = i.resolved.filter(|&r| r <= now);
    Some(ResponseTimes {
        respond: Measured::new(
            first_update(i, now).map(since_start),
            elapsed,
            targets.respond.of(i.impact),
        ),
        resolve: Measured::new(resolved.map(since_start), elapsed, targets.resolve.of(i.impact)),
    })
}

/// The median of some durations (the mean of the middle two for an even count).
pub fn median(values: &mut [SignedDuration]) -> Option<SignedDuration> {
    let n = values.len();
    if n == 0 {
        return None;
    }
    // The middle one picked in linear time (a year's report has thousands), not by sorting.
    let (below, &mut middle, _) = values.select_nth_unstable(n / 2);
    if n % 2 == 1 {
        return Some(middle);
    }
    below.iter().max().map(|&lower| (lower + middle) / 2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::incident::Update;
    use crate::content::reports::ImpactTargets;
    use statusmark_feed::{Impact, IncidentStatus};

    fn t(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn incident(started: &str, resolved: Option<&str>, updates: &[&str]) -> Incident {
        Incident {
            slug: "x".into(),
            title: "X".into(),
            impact: Impact::Major,
            started: t(started),
            resolved: resolved.map(t),
            components: Vec::new(),
            changes: Vec::new(),
            origin: crate::content::text::Origin::Text("".into()),
            summary: 0..0,
            updates: updates
                .iter()
                .map(|at| Update {
                    status: IncidentStatus::Update,
                    at: t(at),
                    body: 0..0,
                })
                .collect(),
            postmortem: None,
            draft: false,
            translated: None,
            hashes: Default::default(),
        }
    }

    fn targets(respond: i64, resolve: i64) -> ResponseTargets {
        ResponseTargets {
            respond: ImpactTargets {
                major: Some(SignedDuration::from_mins(respond)),
                ..ImpactTargets::default()
            },
            resolve: ImpactTargets {
                major: Some(SignedDuration::from_mins(resolve)),
                ..ImpactTargets::default()
            },
        }
    }

    #[test]
    fn the_opening_update_is_not_a_response() {
        // Opened at 10:00 with an update at 10:00, next update at 10:25, resolved at 11:30.
        let i = incident(
            "2026-01-01T10:00:00Z",
            Some("2026-01-01T11:30:00Z"),
            &["2026-01-01T11:30:00Z", "2026-01-01T10:25:00Z", "2026-01-01T10:00:00Z"],
        );
        let r = response_times(&i, &targets(30, 60), t("2026-02-01T00:00:00Z")).unwrap();
        assert_eq!(r.respond.took, Some(SignedDuration::from_mins(25)));
        assert_eq!(r.respond.met, Some(true));
        assert_eq!(r.resolve.took, Some(SignedDuration::from_mins(90)));
        assert_eq!(r.resolve.met, Some(false));
    }

    #[test]
    fn a_resolution_without_updates_is_the_first_response() {
        let i = incident("2026-01-01T10:00:00Z", Some("2026-01-01T10:40:00Z"), &[]);
        let r = response_times(&i, &targets(30, 60), t("2026-02-01T00:00:00Z")).unwrap();
        assert_eq!(r.respond.took, Some(SignedDuration::from_mins(40)));
        assert_eq!(r.respond.met, Some(false));
        assert_eq!(r.resolve.met, Some(true));
    }

    #[test]
    fn running_times_are_undecided_until_overdue() {
        let i = incident("2026-01-01T10:00:00Z", None, &["2026-01-01T10:00:00Z"]);
        let early = response_times(&i, &targets(30, 60), t("2026-01-01T10:20:00Z")).unwrap();
        assert_eq!((early.respond.took, early.respond.met), (None, None));
        let late = response_times(&i, &targets(30, 60), t("2026-01-01T10:45:00Z")).unwrap();
        assert_eq!((late.respond.took, late.respond.met), (None, Some(false)));
        assert_eq!(late.resolve.met, None);
        // An update not yet published at `now` does not count.
        let future = incident("2026-01-01T10:00:00Z", None, &["2026-01-01T12:00:00Z"]);
        let r = response_times(&future, &targets(30, 60), t("2026-01-01T10:10:00Z")).unwrap();
        assert_eq!(r.respond.took, None);
        // No target: measured, never judged.
        let r = response_times(&i, &ResponseTargets::default(), t("2026-01-01T12:00:00Z")).unwrap();
        assert_eq!(r.respond.met, None);
    }

    #[test]
    fn medians() {
        let m = |v: &[i64]| median(&mut v.iter().map(|&m| SignedDuration::from_mins(m)).collect::<Vec<_>>());
        assert_eq!(m(&[]), None);
        assert_eq!(m(&[30, 10, 20]), Some(SignedDuration::from_mins(20)));
        assert_eq!(m(&[40, 10]), Some(SignedDuration::from_mins(25)));
        // Unsorted, even, with repeats: the middle two of 1 3 3 5 7 9.
        assert_eq!(m(&[5, 1, 9, 7, 3, 3]), Some(SignedDuration::from_mins(4)));
        assert_eq!(m(&[2, 2, 2, 2]), Some(SignedDuration::from_mins(2)));
        assert_eq!(m(&[8, 6, 7, 5, 3, 0, 9]), Some(SignedDuration::from_mins(6)));
    }
}

//! A recurring notice's occurrences as ordinary maintenance windows, around an instant `now`.
//!
//! Each occurrence becomes a [`Maintenance`] of its own, named `<series>-<local date>`, so pages,
//! feeds, the API, the status at `now` and notifications treat it like any one-off window. Which
//! occurrences: every past one with updates or cancelled on its own (notifications link to them),
//! the others ended within the reach behind `now` (the uptime window, at least [`BEHIND_DAYS`]
//! days, at most [`BEHIND_MAX`] of them), the one under way, and ahead the next [`UPCOMING`] within
//! [`AHEAD_DAYS`] days (always at least the next one), plus every one whose notice period has
//! begun. An infinite rule thus yields a bounded, deterministic list.
//!
//! Per occurrence: a date in `cancelled_occurrences` cancels that one alone; an update belongs to
//! one occurrence by its heading's phase and time (see [`assign`]); each is announced a notice
//! period before it starts (never before the series itself was announced).

use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};
use statusmark_feed::MaintenancePhase;

use super::config::Config;
use super::maintenance::{Maintenance, MaintenanceUpdate, OccurrenceOf};
use super::recurrence::{Occurrence, Recurrence};

/// How many upcoming occurrences are listed (pages, feeds), if they start within [`AHEAD_DAYS`].
pub const UPCOMING: usize = 5;
/// How far ahead upcoming occurrences are listed.
pub const AHEAD_DAYS: i64 = 90;
/// How far back past occurrences are kept, at the least (else the uptime window's length). One-off
/// notices stay in the history for good; an endless series cannot, so its plain past occurrences
/// go after two years, and at most [`BEHIND_MAX`] of them are kept. Those with updates or cancelled
/// on their own stay for good, like one-off notices: notifications link to their pages.
pub const BEHIND_DAYS: i64 = 730;
/// At most this many past occurrences without updates are kept (a daily series: the last 500 days).
pub const BEHIND_MAX: usize = 500;

/// Replace every recurring notice in `maintenances` by its occurrences around `now`; one-off
/// notices stay as they are. The result is in content order: newest start first, then slug.
pub fn expand(maintenances: &[Arc<Maintenance>], config: &Config, now: Timestamp) -> Vec<Arc<Maintenance>> {
    if maintenances.iter().all(|m| m.recurrence.is_none()) {
        return maintenances.to_vec();
    }
    let mut out = Vec::with_capacity(maintenances.len());
    for m in maintenances {
        match &m.recurrence {
            None => out.push(m.clone()),
            Some(r) => out.extend(series(m, r, config, now).into_iter().map(Arc::new)),
        }
    }
    out.sort_by(|a, b| b.scheduled_for.cmp(&a.scheduled_for).then_with(|| b.slug.cmp(&a.slug)));
    out
}

/// A notice whose file name is that of an occurrence of a recurring notice (`weekly-2026-12-13`
/// beside `weekly.md`) would share its page: an error on the one-off notice.
pub fn check_names(maintenances: &[Arc<Maintenance>], diags: &mut Vec<crate::diagnostic::Diagnostic>) {
    for series in maintenances.iter().filter(|m| m.recurrence.is_some()) {
        for m in maintenances {
            let date = m
                .slug
                .strip_prefix(series.slug.as_str())
                .and_then(|rest| rest.strip_prefix('-'))
                .and_then(|date| date.parse::<jiff::civil::Date>().ok());
            if let Some(date) = date {
                diags.push(
                    crate::diagnostic::Diagnostic::error(
                        m.path(),
                        format!(
                            "file name \"{}\" is taken by an occurrence of a recurring window",
                            m.slug
                        ),
                    )
                    .with_help(format!(
                        "{} names its occurrence of {date} so; rename this file",
                        series.path()
                    )),
                );
            }
        }
    }
}

/// A series cancelled as a whole (`cancelled: true`) without `cancelled_from` cancels every
/// occurrence, those already held too: a warning once one has started by `now`.
pub fn check_cancelled(
    maintenances: &[Arc<Maintenance>],
    now: Timestamp,
    diags: &mut Vec<crate::diagnostic::Diagnostic>,
) {
    for m in maintenances.iter().filter(|m| m.cancelled) {
        let Some(r) = m.recurrence.as_deref() else {
            continue;
        };
        if r.cancelled_from.is_some() || m.scheduled_for > now {
            continue;
        }
        diags.push(
            crate::diagnostic::Diagnostic::warning(
                m.path(),
                "`cancelled: true` cancels every occurrence of this series, past ones included",
            )
            .with_help(
                "end the series with UNTIL in the rule, or write `cancelled_from: <time>` so the occurrences before it keep their history",
            ),
        );
    }
}

/// The occurrences of one series kept around `now`, as windows.
pub fn series(m: &Maintenance, r: &Recurrence, config: &Config, now: Timestamp) -> Vec<Maintenance> {
    let behind = SignedDuration::from_hours(24 * BEHIND_DAYS.max(i64::from(config.uptime_days)));
    let ahead = SignedDuration::from_hours(24 * AHEAD_DAYS);
    let oldest = now.checked_sub(behind).unwrap_or(now);
    let horizon = now.checked_add(ahead).unwrap_or(now);
    // Updates may name occurrences beyond the horizon; every one up to the latest is needed to
    // place them, and one more for a `Scheduled` note written after the last start.
    let noticed = now.checked_add(config.notice_period).unwrap_or(now);
    let limit = m
        .updates
        .iter()
        .map(|u| u.at)
        .fold(horizon.max(noticed), Timestamp::max);
    let all = up_to(r, limit);
    let updates = assign(&m.updates, &all);
    let held = |o: &Occurrence, updates: &[MaintenanceUpdate]| {
        !updates.is_empty() || r.cancelled.binary_search(&o.date).is_ok()
    };
    let plain_past = all
        .iter()
        .zip(&updates)
        .filter(|(o, u)| o.start <= now && o.end >= oldest && !held(o, u))
        .count();
    let mut skip_plain = plain_past.saturating_sub(BEHIND_MAX);
    let mut out = Vec::new();
    let mut listed_ahead = 0;
    for (n, (o, updates)) in all.iter().zip(updates).enumerate() {
        let announced = if n == 0 {
            m.announced
        } else {
            Some(
                o.start
                    .checked_sub(config.notice_period)
                    .unwrap_or(o.start)
                    .max(m.announced_at()),
            )
        };
        let keep = if o.start > now {
            let noticed = announced.is_some_and(|a| a <= now);
            let soon = listed_ahead < UPCOMING && (o.start <= horizon || listed_ahead == 0);
            listed_ahead += 1;
            soon || noticed
        } else if held(o, &updates) {
            true
        } else if o.end >= oldest {
            // The oldest beyond the cap go; the time rule alone decides for the rest.
            let keep = skip_plain == 0;
            skip_plain = skip_plain.saturating_sub(1);
            keep
        } else {
            false
        };
        if !keep {
            continue;
        }
        out.push(Maintenance {
            slug: format!("{}-{}", m.slug, o.date),
            scheduled_for: o.start,
            scheduled_until: o.end,
            announced,
            cancelled: r.cancelled_with_series(m.cancelled, o.start) || r.cancelled.binary_search(&o.date).is_ok(),
            updates,
            recurrence: None,
            occurrence: Some(OccurrenceOf {
                series: m.slug.clone(),
                date: o.date,
                local: o.local,
            }),
            ..m.clone()
        });
    }
    out
}

/// The occurrences of `r` up to and including the first that starts after `limit`.
fn up_to(r: &Recurrence, limit: Timestamp) -> Vec<Occurrence> {
    let mut all = Vec::new();
    for o in r.occurrences() {
        let beyond = o.start > limit;
        all.push(o);
        if beyond {
            break;
        }
    }
    all
}

/// The occurrence of the series `m` that an update with `phase` at `at` would belong to (by
/// [`assign`]), as the window [`series`] makes of it; `None` when there is none.
pub fn concerned(
    m: &Maintenance,
    r: &Recurrence,
    config: &Config,
    phase: Option<MaintenancePhase>,
    at: Timestamp,
) -> Option<Maintenance> {
    // Up to the first occurrence starting after the early grace: the latest one the update can be about.
    let all = up_to(r, at.checked_add(EARLY_GRACE).unwrap_or(at));
    let probe = MaintenanceUpdate {
        phase,
        at,
        body: String::new(),
    };
    let n = assign(std::slice::from_ref(&probe), &all)
        .iter()
        .position(|u| !u.is_empty())?;
    let date = all.get(n)?.date;
    series(m, r, config, at)
        .into_iter()
        .find(|w| w.occurrence.as_ref().is_some_and(|o| o.date == date))
}

/// How long before an occurrence starts a note that it is under way (or done) is already about
/// it: "In progress" posted at 01:55 for a 02:00 window. An hour covers an early start or a clock
/// a little off, and is far shorter than the gap between two daily windows.
pub const EARLY_GRACE: SignedDuration = SignedDuration::from_hours(1);

/// Which occurrence each update concerns, by its phase and time: a `Scheduled` note is about the
/// next occurrence to start after it (or the last one, once the rule has ended); any other phase
/// is about the latest occurrence started by then (or the first, before any started), unless the
/// next one starts within [`EARLY_GRACE`] and the latest is over: then it is about the next one.
/// For each occurrence of `all`, its updates, newest first like the notice's.
pub fn assign(updates: &[MaintenanceUpdate], all: &[Occurrence]) -> Vec<Vec<MaintenanceUpdate>> {
    let mut out = vec![Vec::new(); all.len()];
    let last = all.len().saturating_sub(1);
    for u in updates {
        let started = all.partition_point(|o| o.start <= u.at);
        let n = match u.phase {
            Some(MaintenancePhase::Scheduled) => started.min(last),
            _ => {
                let soon = all
                    .get(started)
                    .is_some_and(|next| u.at.duration_until(next.start) <= EARLY_GRACE);
                let previous_over = started == 0 || all.get(started - 1).is_some_and(|p| p.end <= u.at);
                if soon && previous_over {
                    started
                } else {
                    started.saturating_sub(1)
                }
            }
        };
        if let Some(list) = out.get_mut(n) {
            list.push(u.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::SourceFile;
    use crate::content::config;
    use crate::content::maintenance;

    fn config(extra: &str) -> Config {
        let file = SourceFile {
            path: "content/statusmark.toml".into(),
            text: format!("title = \"T\"\n{extra}\n[[components]]\nid = \"db\"\nname = \"Database\"\n"),
        };
        config::parse(&file).expect("config")
    }

    fn notice(front: &str, body: &str, config: &Config) -> Result<Maintenance, Vec<String>> {
        let file = SourceFile {
            path: "content/maintenance/weekly.md".into(),
            text: format!("---\ntitle: Weekly database maintenance\ncomponents: [db]\n{front}---\n{body}"),
        };
        let (m, diags) = maintenance::parse(&file, config);
        let errors: Vec<String> = diags
            .iter()
            .filter(|d| d.is_error())
            .map(|d| {
                format!(
                    "{}:{}: {} ({})",
                    d.line,
                    d.column,
                    d.message,
                    d.help.clone().unwrap_or_default()
                )
            })
            .collect();
        match m {
            Some(m) if errors.is_empty() => Ok(m),
            _ => Err(errors),
        }
    }

    fn ts(s: &str) -> Timestamp {
        s.parse().expect("timestamp")
    }

    /// Starts and ends in UTC of the first `n` occurrences.
    fn windows(m: &Maintenance, n: usize) -> Vec<(String, String)> {
        m.recurrence
            .as_ref()
            .expect("recurring")
            .occurrences()
            .take(n)
            .map(|o| (o.start.to_string(), o.end.to_string()))
            .collect()
    }

    #[test]
    fn weekly_window_keeps_local_time_across_dst_in_new_york() {
        // 2026: DST ends Sunday 1 November, starts Sunday 14 March 2027.
        let m = notice(
            "scheduled_for: 2026-10-25T02:00:00\nscheduled_until: 2026-10-25T04:00:00\nrecurrence: FREQ=WEEKLY;BYDAY=SU\ntimezone: America/New_York\n",
            "",
            &config(""),
        )
        .expect("valid");
        assert_eq!(
            windows(&m, 2),
            [
                // EDT, UTC-4.
                ("2026-10-25T06:00:00Z".into(), "2026-10-25T08:00:00Z".into()),
                // EST, UTC-5: still 02:00 to 04:00 local.
                ("2026-11-01T07:00:00Z".into(), "2026-11-01T09:00:00Z".into()),
            ]
        );
        let spring: Vec<_> = m
            .recurrence
            .as_ref()
            .expect("recurring")
            .occurrences()
            .filter(|o| o.date >= "2027-03-07".parse().expect("date"))
            .take(3)
            .map(|o| (o.start.to_string(), o.end.to_string()))
            .collect();
        assert_eq!(
            spring,
            [
                ("2027-03-07T07:00:00Z".to_owned(), "2027-03-07T09:00:00Z".to_owned()),
                // 02:00 does not exist on 14 March: the window starts at 03:00 EDT (RFC 5545
                // moves a start in a gap forward by the gap) and still ends at 04:00 local.
                ("2027-03-14T07:00:00Z".to_owned(), "2027-03-14T08:00:00Z".to_owned()),
                ("2027-03-21T06:00:00Z".to_owned(), "2027-03-21T08:00:00Z".to_owned()),
            ]
        );
    }

    #[test]
    fn monthly_window_keeps_local_time_across_dst_in_berlin() {
        // Last Saturday of the month, 22:00 to 01:00 Berlin time: across midnight and the
        // change on 25 October 2026 (CEST to CET) and 28 March 2027 (CET to CEST).
        let m = notice(
            "scheduled_for: 2026-09-26T22:00:00+02:00\nscheduled_until: 2026-09-27T01:00:00+02:00\nrecurrence: FREQ=MONTHLY;BYDAY=-1SA\ntimezone: Europe/Berlin\n",
            "",
            &config(""),
        )
        .expect("valid");
        let got = windows(&m, 7);
        assert_eq!(got[0], ("2026-09-26T20:00:00Z".into(), "2026-09-26T23:00:00Z".into()));
        // 31 October, CET (UTC+1).
        assert_eq!(got[1], ("2026-10-31T21:00:00Z".into(), "2026-11-01T00:00:00Z".into()));
        // 27 March 2027 22:00 CET; the clocks change at 02:00 the next night, after the end.
        assert_eq!(got[6], ("2027-03-27T21:00:00Z".into(), "2027-03-28T00:00:00Z".into()));
        let april = windows(&m, 8)[7].clone();
        assert_eq!(april, ("2027-04-24T20:00:00Z".into(), "2027-04-24T23:00:00Z".into()));
    }

    #[test]
    fn until_and_count_end_the_series() {
        let c = config("");
        let base = "scheduled_for: 2026-12-06T02:00:00Z\nscheduled_until: 2026-12-06T03:00:00Z\ntimezone: UTC\n";
        let count = notice(&format!("{base}recurrence: FREQ=WEEKLY;COUNT=3\n"), "", &c).expect("valid");
        assert_eq!(windows(&count, 10).len(), 3);
        let until = notice(
            &format!("{base}recurrence: FREQ=WEEKLY;UNTIL=20261220T020000Z\n"),
            "",
            &c,
        )
        .expect("valid");
        assert_eq!(windows(&until, 10).len(), 3);
    }

    #[test]
    fn author_mistakes_are_diagnostics() {
        let c = config("");
        let times = "scheduled_for: 2026-12-06T02:00:00\nscheduled_until: 2026-12-06T04:00:00\n";
        let cases: [(&str, &str); 7] = [
            (
                "recurrence: FREQ=WEEKLY;BYDAY=SU\n",
                "a recurring window needs a time zone",
            ),
            (
                "recurrence: FREQ=WEEKLY;BYDAY=XX\ntimezone: America/New_York\n",
                "not a valid recurrence rule",
            ),
            (
                "recurrence: FREQ=WEEKLY;BYDAY=SU\ntimezone: America/Nowhere\n",
                "unknown time zone \"America/Nowhere\"",
            ),
            (
                "recurrence: FREQ=HOURLY\ntimezone: America/New_York\n",
                "FREQ=HOURLY repeats more often than daily",
            ),
            (
                "recurrence: FREQ=WEEKLY;BYDAY=SA\ntimezone: America/New_York\n",
                "scheduled_for is not an occurrence of the recurrence rule",
            ),
            (
                "recurrence: FREQ=WEEKLY;BYDAY=SU\ntimezone: America/New_York\ncancelled_occurrences: [2026-12-12]\n",
                "no occurrence falls on 2026-12-12",
            ),
            (
                "recurrence: FREQ=WEEKLY;UNTIL=20270101T000000\ntimezone: America/New_York\n",
                "UNTIL is not in UTC",
            ),
        ];
        for (front, want) in cases {
            let errors = notice(&format!("{times}{front}"), "", &c).expect_err(front);
            assert!(errors.iter().any(|e| e.contains(want)), "{front}: {errors:?}");
        }
        // `cancelled_from` is a time, and only for a series.
        let errors = notice(
            &format!("{times}recurrence: FREQ=WEEKLY\ntimezone: UTC\ncancelled_from: soon\n"),
            "",
            &c,
        )
        .expect_err("bad time");
        assert!(
            errors
                .iter()
                .any(|e| e.contains("\"cancelled_from\" is not a valid time")),
            "{errors:?}"
        );
        let errors = notice(
            &format!("{times}timezone: UTC\ncancelled_from: 2026-12-20T00:00:00\n"),
            "",
            &c,
        )
        .expect_err("one-off");
        assert!(
            errors.iter().any(|e| e.contains("cancelled_from without a recurrence")),
            "{errors:?}"
        );
        // Each points at the value: the rule is on line 4 of the file, after its key.
        let errors = notice(
            &format!("{times}recurrence: FREQ=WEEKLY;BYDAY=XX\ntimezone: UTC\n"),
            "",
            &c,
        )
        .expect_err("bad rule");
        assert!(errors[0].starts_with("6:13: "), "{errors:?}");
        // Overlapping windows: three days long, every day.
        let errors = notice(
            "scheduled_for: 2026-12-06T02:00:00Z\nscheduled_until: 2026-12-09T02:00:00Z\nrecurrence: FREQ=DAILY\ntimezone: UTC\n",
            "",
            &c,
        )
        .expect_err("overlap");
        assert!(errors[0].contains("occurrences of this window overlap"), "{errors:?}");
    }

    #[test]
    fn the_site_zone_is_the_default() {
        let m = notice(
            "scheduled_for: 2026-12-06T02:00:00\nscheduled_until: 2026-12-06T04:00:00\nrecurrence: FREQ=WEEKLY\n",
            "",
            &config("timezone = \"Europe/Berlin\""),
        )
        .expect("valid");
        assert_eq!(
            m.recurrence.as_ref().map(|r| r.zone_name.as_str()),
            Some("Europe/Berlin")
        );
        assert_eq!(m.scheduled_for, ts("2026-12-06T01:00:00Z"));
    }

    #[test]
    fn expansion_is_bounded_and_places_cancellations_and_updates() {
        let c = config("notice_period = \"48h\"");
        let m = notice(
            "scheduled_for: 2026-11-01T02:00:00\nscheduled_until: 2026-11-01T04:00:00\nrecurrence: FREQ=WEEKLY;BYDAY=SU\ntimezone: America/New_York\nannounced: 2026-10-20T00:00:00Z\ncancelled_occurrences: [2026-12-13]\n",
            "Routine.\n\n## Scheduled — 2026-12-16T12:00:00Z\nThis one also upgrades the replicas.\n\n## In progress — 2026-12-06T09:30:00Z\nRunning late.\n",
            &c,
        )
        .expect("valid");
        let now = ts("2026-12-10T00:00:00Z");
        let all = expand(&[Arc::new(m)], &c, now);
        let slugs: Vec<&str> = all.iter().map(|m| m.slug.as_str()).collect();
        // Newest first: the next five (13 December up to 10 January), then every past one.
        assert_eq!(
            slugs,
            [
                "weekly-2027-01-10",
                "weekly-2027-01-03",
                "weekly-2026-12-27",
                "weekly-2026-12-20",
                "weekly-2026-12-13",
                "weekly-2026-12-06",
                "weekly-2026-11-29",
                "weekly-2026-11-22",
                "weekly-2026-11-15",
                "weekly-2026-11-08",
                "weekly-2026-11-01",
            ]
        );
        let by = |slug: &str| all.iter().find(|m| m.slug == slug).expect(slug);
        assert!(by("weekly-2026-12-13").cancelled);
        assert!(!by("weekly-2026-12-06").cancelled);
        assert!(!by("weekly-2026-12-20").cancelled);
        // The late-running note is about the window of 6 December, the scheduled note about the
        // next one after it was written.
        assert_eq!(by("weekly-2026-12-06").updates.len(), 1);
        assert_eq!(by("weekly-2026-12-20").updates.len(), 1);
        assert_eq!(
            by("weekly-2026-12-20").updates[0].phase,
            Some(MaintenancePhase::Scheduled)
        );
        assert!(by("weekly-2026-12-27").updates.is_empty());
        // Announced a notice period ahead; the first as written.
        assert_eq!(by("weekly-2026-12-20").announced, Some(ts("2026-12-18T07:00:00Z")));
        assert_eq!(by("weekly-2026-11-01").announced, Some(ts("2026-10-20T00:00:00Z")));
        assert_eq!(by("weekly-2026-12-06").path(), "content/maintenance/weekly.md");
        // An infinite rule a year on still gives a bounded list: two years back, five ahead.
        let later = expand(&all_series(&c), &c, ts("2027-12-01T00:00:00Z"));
        assert!(later.len() < 70, "{}", later.len());
    }

    /// Regression: a series' `cancelled` cancelled its finished occurrences too. With
    /// `cancelled_from`, only those starting at or after it are, whatever `now` is.
    #[test]
    fn cancelled_from_spares_earlier_occurrences_at_any_now() {
        let c = config("");
        let m = Arc::new(
            notice(
                "scheduled_for: 2026-11-01T02:00:00Z\nscheduled_until: 2026-11-01T04:00:00Z\nrecurrence: FREQ=WEEKLY;BYDAY=SU\ntimezone: UTC\ncancelled: true\ncancelled_from: 2026-11-20T00:00:00\n",
                "",
                &c,
            )
            .expect("valid"),
        );
        for now in ["2026-11-18T00:00:00Z", "2026-11-25T00:00:00Z", "2027-03-01T00:00:00Z"] {
            let all = expand(std::slice::from_ref(&m), &c, ts(now));
            for w in &all {
                assert_eq!(
                    w.cancelled,
                    w.scheduled_for >= ts("2026-11-20T00:00:00Z"),
                    "{now}: {}",
                    w.slug
                );
            }
            assert!(all.iter().any(|w| w.slug == "weekly-2026-11-15"), "{now}");
        }
        let r = m.recurrence.as_deref().expect("recurring");
        let last = r.last_before_cancellation().expect("one held");
        assert_eq!(last.date, "2026-11-15".parse::<jiff::civil::Date>().expect("date"));
        assert_eq!(r.rule_until(&last), "FREQ=WEEKLY;BYDAY=SU;UNTIL=20261115T020000Z");
    }

    /// Regression: an "In progress" note posted at 01:55 for a 02:00 window went to last
    /// week's occurrence.
    #[test]
    fn an_update_shortly_before_the_start_is_about_that_occurrence() {
        let c = config("");
        let front = "scheduled_for: 2026-11-01T02:00:00Z\nscheduled_until: 2026-11-01T04:00:00Z\nrecurrence: FREQ=WEEKLY;BYDAY=SU\ntimezone: UTC\n";
        let cases = [
            // (heading, the occurrence it is about)
            ("In progress — 2026-11-08T01:55:00Z", "weekly-2026-11-08"),
            ("In progress — 2026-11-08T01:00:00Z", "weekly-2026-11-08"),
            ("Completed — 2026-11-08T00:59:00Z", "weekly-2026-11-01"),
            ("In progress — 2026-11-08T02:05:00Z", "weekly-2026-11-08"),
            ("Verifying — 2026-11-01T03:59:00Z", "weekly-2026-11-01"),
            ("In progress — 2026-11-01T01:30:00Z", "weekly-2026-11-01"),
            ("Scheduled — 2026-11-08T01:55:00Z", "weekly-2026-11-08"),
        ];
        for (heading, want) in cases {
            let m = notice(front, &format!("Routine.\n\n## {heading}\nNote.\n"), &c).expect("valid");
            let all = expand(&[Arc::new(m)], &c, ts("2026-11-10T00:00:00Z"));
            let got: Vec<&str> = all
                .iter()
                .filter(|w| !w.updates.is_empty())
                .map(|w| w.slug.as_str())
                .collect();
            assert_eq!(got, [want], "{heading}");
        }
        // Daily windows of 23 hours: a note in the last hour of one is still about it.
        let daily = notice(
            "scheduled_for: 2026-11-01T02:00:00Z\nscheduled_until: 2026-11-02T01:00:00Z\nrecurrence: FREQ=DAILY\ntimezone: UTC\n",
            "Routine.\n\n## In progress — 2026-11-02T00:30:00Z\nStill going.\n",
            &c,
        )
        .expect("valid");
        let all = expand(&[Arc::new(daily)], &c, ts("2026-11-03T00:00:00Z"));
        let got: Vec<&str> = all
            .iter()
            .filter(|w| !w.updates.is_empty())
            .map(|w| w.slug.as_str())
            .collect();
        assert_eq!(got, ["weekly-2026-11-01"]);
    }

    /// Regression: past occurrences, with their updates, vanished 90 days after they ended,
    /// breaking the links notify had sent for them.
    #[test]
    fn past_occurrences_with_updates_or_cancelled_stay() {
        let c = config("");
        let m = Arc::new(
            notice(
                "scheduled_for: 2026-11-01T02:00:00\nscheduled_until: 2026-11-01T04:00:00\nrecurrence: FREQ=WEEKLY;BYDAY=SU\ntimezone: America/New_York\ncancelled_occurrences: [2026-12-13]\n",
                "Routine.\n\n## In progress — 2026-12-06T09:30:00Z\nRunning late.\n",
                &c,
            )
            .expect("valid"),
        );
        let slugs = |now: &str| -> Vec<String> {
            expand(std::slice::from_ref(&m), &c, ts(now))
                .iter()
                .map(|m| m.slug.clone())
                .collect()
        };
        // Half a year on: every past one is still there.
        let half = slugs("2027-06-01T00:00:00Z");
        for slug in ["weekly-2026-11-01", "weekly-2026-11-29", "weekly-2026-12-06"] {
            assert!(half.iter().any(|s| s == slug), "{slug}: {half:?}");
        }
        // Five years on: the plain ones from 2026 have gone, the updated and the cancelled one stay.
        let later = slugs("2031-06-01T00:00:00Z");
        assert!(later.iter().any(|s| s == "weekly-2026-12-06"), "{later:?}");
        assert!(later.iter().any(|s| s == "weekly-2026-12-13"), "{later:?}");
        assert!(!later.iter().any(|s| s == "weekly-2026-11-29"), "{later:?}");
        let all = expand(std::slice::from_ref(&m), &c, ts("2031-06-01T00:00:00Z"));
        let updated = all.iter().find(|w| w.slug == "weekly-2026-12-06").expect("kept");
        assert_eq!(updated.updates.len(), 1);
        // A daily rule keeps at most BEHIND_MAX plain past ones.
        let daily = notice(
            "scheduled_for: 2026-11-01T02:00:00Z\nscheduled_until: 2026-11-01T03:00:00Z\nrecurrence: FREQ=DAILY\ntimezone: UTC\n",
            "",
            &c,
        )
        .expect("valid");
        let now = ts("2029-01-01T00:00:00Z");
        let past = expand(&[Arc::new(daily)], &c, now)
            .iter()
            .filter(|w| w.scheduled_for <= now)
            .count();
        assert_eq!(past, BEHIND_MAX);
    }

    #[test]
    fn odd_rules_are_errors_or_bounded_series_never_panics() {
        let c = config("");
        let rules = [
            "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
            "FREQ=MONTHLY;BYMONTHDAY=31",
            "FREQ=YEARLY;BYWEEKNO=53;BYDAY=SU",
            "FREQ=DAILY;INTERVAL=0",
            "FREQ=WEEKLY;COUNT=0",
            "FREQ=MONTHLY;BYSETPOS=-1;BYDAY=SU",
            "FREQ=DAILY;UNTIL=20200101T000000Z",
            "FREQ=WEEKLY;BYDAY=SU;;",
            "RRULE:FREQ=WEEKLY;BYDAY=SU",
            "DTSTART:20261206T020000Z\nRRULE:FREQ=WEEKLY",
            "FREQ=WEEKLY;BYHOUR=2,14",
            "",
            "FREQ=DAILY;INTERVAL=99999999999",
        ];
        for rule in rules {
            let front = format!(
                "scheduled_for: 2026-12-06T02:00:00Z\nscheduled_until: 2026-12-06T03:00:00Z\ntimezone: UTC\nrecurrence: \"{rule}\"\n"
            );
            if let Ok(m) = notice(&front, "", &c) {
                let all = expand(&[Arc::new(m)], &c, ts("2027-06-01T00:00:00Z"));
                assert!(all.len() < 400, "{rule}: {}", all.len());
            }
        }
    }

    #[test]
    fn toml_front_matter_reads_the_same_fields() {
        let file = SourceFile {
            path: "content/maintenance/weekly.md".into(),
            text: "+++\ntitle = \"Weekly\"\nscheduled_for = 2026-12-06T02:00:00\nscheduled_until = 2026-12-06T04:00:00\ntimezone = \"America/New_York\"\nrecurrence = \"FREQ=WEEKLY;BYDAY=SU\"\ncancelled_occurrences = [2026-12-13, \"2026-12-20\"]\n+++\n".into(),
        };
        let (m, diags) = maintenance::parse(&file, &config(""));
        assert!(diags.is_empty(), "{diags:?}");
        let r = m.and_then(|m| m.recurrence).expect("recurring");
        let want: Vec<jiff::civil::Date> =
            vec!["2026-12-13".parse().expect("date"), "2026-12-20".parse().expect("date")];
        assert_eq!(r.cancelled, want);
        assert_eq!(
            r.occurrences().next().map(|o| o.start),
            Some(ts("2026-12-06T07:00:00Z"))
        );
    }

    #[test]
    fn a_file_named_like_an_occurrence_is_an_error() {
        let c = config("");
        let series = all_series(&c);
        let file = SourceFile {
            path: "content/maintenance/weekly-2026-11-08.md".into(),
            text:
                "---\ntitle: Extra\nscheduled_for: 2026-11-08T10:00:00Z\nscheduled_until: 2026-11-08T11:00:00Z\n---\n"
                    .into(),
        };
        let (one_off, _) = maintenance::parse(&file, &c);
        let all = vec![series[0].clone(), Arc::new(one_off.expect("valid"))];
        let mut diags = Vec::new();
        check_names(&all, &mut diags);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].path, "content/maintenance/weekly-2026-11-08.md");
        assert!(diags[0].message.contains("taken by an occurrence"), "{diags:?}");
    }

    fn all_series(c: &Config) -> Vec<Arc<Maintenance>> {
        let m = notice(
            "scheduled_for: 2026-11-01T02:00:00\nscheduled_until: 2026-11-01T04:00:00\nrecurrence: FREQ=WEEKLY;BYDAY=SU\ntimezone: America/New_York\n",
            "",
            c,
        )
        .expect("valid");
        vec![Arc::new(m)]
    }
}

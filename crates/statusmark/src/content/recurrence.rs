//! Recurring maintenance windows: a notice's `recurrence` (an RFC 5545 RRULE), its `timezone` and
//! its `cancelled_occurrences`, checked into a [`Recurrence`] that yields the series' occurrences
//! in order.
//!
//! The rule is read and expanded by the `rrule` crate in *floating* local time: the civil
//! date-times of the window's zone, handed to `rrule` as if they were UTC. Each local start is then
//! turned into an instant with jiff's zone, the one time-zone database the rest of the site uses,
//! the way RFC 5545 §3.3.5 asks (a start in a daylight-saving gap moves forward by the gap, one in
//! a repeated hour takes the first). The window's length is kept in local time too, so "02:00 to
//! 04:00 America/New_York" stays 02:00 to 04:00 on both sides of a clock change.
//!
//! Rules repeat at most daily and at one time of day, so an occurrence is named by its local date.
//! This module knows nothing of notices; [`super::occurrences`] turns a series into windows.

use std::hash::{Hash, Hasher};

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use rrule::{Frequency, RRule, RRuleSet, Unvalidated};

use super::document::Document;
use super::raw::{At, TimeText};
use crate::diagnostic::Diagnostic;

/// A series never yields more occurrences than this, however long its rule runs.
const MAX_OCCURRENCES: usize = 100_000;

/// A checked recurrence: the rule, its zone, the first window in local time, and the dates
/// cancelled one by one.
#[derive(Clone, Debug)]
pub struct Recurrence {
    /// The rule for calendars (an RRULE value): upper case, as written, `UNTIL` in UTC.
    pub rule: String,
    /// The IANA name of [`Recurrence::zone`], for `TZID`.
    pub zone_name: String,
    pub zone: TimeZone,
    /// The first window's start and length, in local time.
    pub start: DateTime,
    pub length: SignedDuration,
    /// Local dates of the occurrences cancelled on their own, sorted.
    pub cancelled: Vec<Date>,
    /// `cancelled_from`: the series is cancelled from this instant on; occurrences that started
    /// earlier keep their history.
    pub cancelled_from: Option<Timestamp>,
    /// `UNTIL`: no occurrence starts after it.
    until: Option<Timestamp>,
    /// The rule without `UNTIL`, over floating local time, starting at [`Recurrence::start`].
    set: RRuleSet,
}

impl Hash for Recurrence {
    fn hash<H: Hasher>(&self, h: &mut H) {
        // `set` and `zone` are worked out from these.
        (
            &self.rule,
            &self.zone_name,
            self.start,
            self.length,
            self.until,
            &self.cancelled,
            self.cancelled_from,
        )
            .hash(h);
    }
}

/// One occurrence of a series.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Occurrence {
    /// Its local date: what names it (`cancelled_occurrences`, its page).
    pub date: Date,
    /// Its local start as the rule gives it: `RECURRENCE-ID` and `EXDATE` in calendars.
    pub local: DateTime,
    pub start: Timestamp,
    pub end: Timestamp,
}

impl Recurrence {
    /// Every occurrence in order, the first window first; ends with the rule (`UNTIL`, `COUNT`),
    /// else never: callers bound it.
    pub fn occurrences(&self) -> impl Iterator<Item = Occurrence> + '_ {
        (&self.set)
            .into_iter()
            .take(MAX_OCCURRENCES)
            .map_while(|floating| {
                let local = civil(floating.naive_local())?;
                self.occurrence(local)
            })
            .take_while(|o| self.until.is_none_or(|u| o.start <= u))
    }

    /// The window starting at `local`, its end `length` later in local time.
    fn occurrence(&self, local: DateTime) -> Option<Occurrence> {
        let instant = |dt: DateTime| {
            self.zone
                .to_ambiguous_zoned(dt)
                .compatible()
                .ok()
                .map(|z| z.timestamp())
        };
        let end = local.checked_add(self.length).ok()?;
        Some(Occurrence {
            date: local.date(),
            local,
            start: instant(local)?,
            end: instant(end)?,
        })
    }

    /// Whether the occurrence starting at `start` is cancelled with its series: the series is
    /// `cancelled` as a whole (`series_cancelled`) without a date, or `cancelled_from` is at or
    /// before its start. A date written in the file, never the build's `now`, decides, so an
    /// occurrence's history is the same in every build.
    pub fn cancelled_with_series(&self, series_cancelled: bool, start: Timestamp) -> bool {
        match self.cancelled_from {
            Some(from) => start >= from,
            None => series_cancelled,
        }
    }

    /// The last occurrence that the series' cancellation spares, when `cancelled_from` ends the
    /// series after some have happened: calendars end the rule there (`UNTIL`).
    pub fn last_before_cancellation(&self) -> Option<Occurrence> {
        let from = self.cancelled_from?;
        self.occurrences().take_while(|o| o.start < from).last()
    }

    /// The rule for calendars, ended (`UNTIL`, in UTC, `COUNT` dropped) at `last`'s start.
    pub fn rule_until(&self, last: &Occurrence) -> String {
        let mut parts: Vec<String> = self
            .rule
            .split(';')
            .filter(|part| !part.starts_with("UNTIL=") && !part.starts_with("COUNT="))
            .map(str::to_owned)
            .collect();
        parts.push(format!("UNTIL={}", last.start.strftime("%Y%m%dT%H%M%SZ")));
        parts.join(";")
    }

    /// When the rule itself ends (`UNTIL`, `COUNT`), the end of its last occurrence at the latest;
    /// else `None`.
    pub fn last_end(&self) -> Option<Timestamp> {
        if let Some(until) = self.until {
            // No occurrence starts after it: a bound without expanding the rule.
            return until.checked_add(self.length).ok();
        }
        if !self.rule.split(';').any(|p| p.starts_with("COUNT=")) {
            return None;
        }
        self.occurrences().last().map(|o| o.end)
    }

    /// The local start of the occurrence on `date`, whether or not the rule has one then.
    pub fn local_on(&self, date: Date) -> DateTime {
        date.to_datetime(self.start.time())
    }
}

/// The front-matter fields a recurrence is read from.
pub struct RecurrenceFields<'r, F> {
    pub recurrence: Option<&'r At<String, F>>,
    pub timezone: Option<&'r At<String, F>>,
    pub cancelled_occurrences: &'r [At<TimeText, F>],
    pub cancelled_from: Option<&'r At<TimeText, F>>,
    pub scheduled_for: &'r At<TimeText, F>,
}

/// The notice's own `timezone`, checked; `None` (with an error) when it is not an IANA zone.
pub fn zone<F>(doc: &Document<'_>, timezone: Option<&At<String, F>>, diags: &mut Vec<Diagnostic>) -> Option<TimeZone> {
    let name = timezone?;
    match TimeZone::get(&name.value) {
        Ok(zone) => Some(zone),
        Err(_) => {
            diags.push(
                doc.error_at(name, format!("unknown time zone \"{}\"", name.value))
                    .with_help("use an IANA name such as \"UTC\", \"Europe/Berlin\" or \"America/New_York\""),
            );
            None
        }
    }
}

/// Check a notice's recurrence against its first window (`from`..`until`). `zone` is the notice's
/// own `timezone` with its name, else the site's. `None` for a one-off notice, or after an error.
pub fn check<F>(
    doc: &Document<'_>,
    fields: &RecurrenceFields<'_, F>,
    zone: Option<(&str, &TimeZone)>,
    window: Option<(Timestamp, Timestamp)>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Recurrence> {
    let Some(rule_at) = fields.recurrence else {
        if let Some(first) = fields.cancelled_occurrences.first() {
            diags.push(
                doc.error_at(first, "cancelled_occurrences without a recurrence")
                    .with_help("only a recurring window (`recurrence`) has occurrences; set `cancelled: true` to cancel this one"),
            );
        }
        if let Some(from) = fields.cancelled_from {
            diags.push(
                doc.error_at(from, "cancelled_from without a recurrence")
                    .with_help("only a recurring window (`recurrence`) is cancelled from a date on; set `cancelled: true` to cancel this one"),
            );
        }
        return None;
    };
    let (rule, parsed) = read_rule(doc, rule_at, diags)?;
    let Some((zone_name, zone)) = zone else {
        diags.push(
            doc.error_at(rule_at, "a recurring window needs a time zone")
                .with_help("add `timezone: America/New_York` (an IANA name) so each occurrence keeps its local time across daylight-saving changes, or set `timezone` in content/statusmark.toml"),
        );
        return None;
    };
    let (from, to) = window?;
    let local = |t: Timestamp| t.to_zoned(zone.clone()).datetime();
    let until = parsed
        .get_until()
        .and_then(|u| Timestamp::from_second(u.timestamp()).ok());
    let without_until = rule
        .split(';')
        .filter(|part| !part.starts_with("UNTIL="))
        .collect::<Vec<_>>()
        .join(";");
    let floating = floating(local(from))?;
    let set = without_until
        .parse::<RRule<Unvalidated>>()
        .and_then(|r| r.build(floating))
        .map_err(|e| {
            diags.push(
                doc.error_at(
                    rule_at,
                    format!("the recurrence rule cannot start at scheduled_for: {e}"),
                )
                .with_help("make scheduled_for the first occurrence of the rule"),
            );
        })
        .ok()?
        .limit();
    let recurrence = Recurrence {
        rule,
        zone_name: zone_name.to_owned(),
        zone: zone.clone(),
        start: local(from),
        length: local(from).duration_until(local(to)),
        cancelled: Vec::new(),
        cancelled_from: None,
        until,
        set,
    };
    let first = recurrence.occurrences().next();
    if first.is_none_or(|o| o.start != from) {
        diags.push(
            doc.error_at(
                fields.scheduled_for,
                "scheduled_for is not an occurrence of the recurrence rule",
            )
            .with_help(match first {
                Some(o) => format!(
                    "scheduled_for is the first occurrence; by this rule that is {} ({})",
                    o.local, recurrence.zone_name
                ),
                None => "the rule yields no occurrence at all; check UNTIL and COUNT".to_owned(),
            }),
        );
        return None;
    }
    check_overlap(doc, fields.scheduled_for, &recurrence, diags);
    let cancelled = cancelled_dates(doc, fields.cancelled_occurrences, &recurrence, diags);
    let cancelled_from = fields
        .cancelled_from
        .and_then(|at| doc.time("cancelled_from", at, Some(zone), diags));
    Some(Recurrence {
        cancelled,
        cancelled_from,
        ..recurrence
    })
}

/// The rule as written, upper case, with its `RRULE:` prefix dropped, read by `rrule`; the
/// limits of a maintenance rule (daily or rarer, one time of day, `UNTIL` in UTC) checked.
fn read_rule<F>(
    doc: &Document<'_>,
    at: &At<String, F>,
    diags: &mut Vec<Diagnostic>,
) -> Option<(String, RRule<Unvalidated>)> {
    let text = at.value.trim().to_ascii_uppercase();
    let text = text.strip_prefix("RRULE:").unwrap_or(&text).trim().to_owned();
    let mut error = |message: String, help: &str| {
        diags.push(doc.error_at(at, message).with_help(help.to_owned()));
    };
    if text.contains("DTSTART") || text.contains('\n') {
        error(
            "the recurrence is one RRULE value".to_owned(),
            "write only the rule, e.g. FREQ=WEEKLY;BYDAY=SU; scheduled_for is its first occurrence",
        );
        return None;
    }
    let rule = match text.parse::<RRule<Unvalidated>>() {
        Ok(rule) => rule,
        Err(e) => {
            error(
                format!("not a valid recurrence rule: {e}"),
                "write an RFC 5545 RRULE such as FREQ=WEEKLY;BYDAY=SU or FREQ=MONTHLY;BYDAY=1SA",
            );
            return None;
        }
    };
    if matches!(
        rule.get_freq(),
        Frequency::Hourly | Frequency::Minutely | Frequency::Secondly
    ) {
        error(
            format!("FREQ={} repeats more often than daily", rule.get_freq()),
            "a maintenance window recurs DAILY, WEEKLY, MONTHLY or YEARLY",
        );
        return None;
    }
    if rule.get_by_hour().len() > 1 || rule.get_by_minute().len() > 1 || rule.get_by_second().len() > 1 {
        error(
            "the rule gives more than one time of day".to_owned(),
            "a window recurs at one time of day, the time of scheduled_for; drop BYHOUR, BYMINUTE and BYSECOND",
        );
        return None;
    }
    if rule.get_until().is_some_and(|u| u.timezone() != rrule::Tz::UTC) {
        error(
            "UNTIL is not in UTC".to_owned(),
            "with a time zone, RFC 5545 asks for UNTIL in UTC, e.g. UNTIL=20271231T235959Z",
        );
        return None;
    }
    Some((text, rule))
}

/// Occurrences may not overlap: the window must be shorter than the time between two.
fn check_overlap<F>(doc: &Document<'_>, at: &At<TimeText, F>, r: &Recurrence, diags: &mut Vec<Diagnostic>) {
    let mut previous: Option<Occurrence> = None;
    for o in r.occurrences().take(400) {
        if let Some(p) = previous
            && o.start < p.end
        {
            diags.push(
                doc.error_at(at, "occurrences of this window overlap")
                    .with_help(format!(
                        "the occurrence of {} starts before the one of {} ends; shorten the window or space the rule out",
                        o.date, p.date
                    )),
            );
            return;
        }
        previous = Some(o);
    }
}

/// `cancelled_occurrences`: local dates on which the rule has an occurrence.
fn cancelled_dates<F>(
    doc: &Document<'_>,
    dates: &[At<TimeText, F>],
    r: &Recurrence,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Date> {
    let mut out = Vec::new();
    for at in dates {
        let Ok(date) = at.value.0.trim().parse::<Date>() else {
            diags.push(
                doc.error_at(at, format!("\"{}\" is not a date", at.value.0))
                    .with_help("name an occurrence by its local date, e.g. 2026-12-13"),
            );
            continue;
        };
        let found = r.occurrences().take_while(|o| o.date <= date).last();
        match found {
            Some(o) if o.date == date => out.push(date),
            _ => {
                let next = r.occurrences().find(|o| o.date > date);
                diags.push(
                    doc.error_at(at, format!("no occurrence falls on {date}"))
                        .with_help(match next {
                            Some(n) => format!(
                                "the rule has no window that day; the next one after it is on {}",
                                n.date
                            ),
                            None => "the rule has no window that day".to_owned(),
                        }),
                );
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// A local date-time as `rrule` reads floating time: the same wall-clock reading in UTC.
fn floating(local: DateTime) -> Option<chrono::DateTime<rrule::Tz>> {
    use chrono::TimeZone as _;
    let naive = chrono::NaiveDate::from_ymd_opt(
        i32::from(local.year()),
        u32::try_from(local.month()).ok()?,
        u32::try_from(local.day()).ok()?,
    )?
    .and_hms_opt(
        u32::try_from(local.hour()).ok()?,
        u32::try_from(local.minute()).ok()?,
        u32::try_from(local.second()).ok()?,
    )?;
    rrule::Tz::UTC.from_local_datetime(&naive).single()
}

/// The wall-clock reading of a floating `rrule` date-time.
fn civil(naive: chrono::NaiveDateTime) -> Option<DateTime> {
    use chrono::{Datelike as _, Timelike as _};
    DateTime::new(
        i16::try_from(naive.year()).ok()?,
        i8::try_from(naive.month()).ok()?,
        i8::try_from(naive.day()).ok()?,
        i8::try_from(naive.hour()).ok()?,
        i8::try_from(naive.minute()).ok()?,
        i8::try_from(naive.second()).ok()?,
        0,
    )
    .ok()
}

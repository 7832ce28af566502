//! `VTIMEZONE` (RFC 5545 §3.6.5) for a zone a calendar names by `TZID`, written from jiff's
//! time-zone database: the one the site expands its windows with, so a calendar app that reads
//! the definition and one that resolves the IANA name agree with the site.
//!
//! The zone's changes are sampled from the series' start over at least [`SAMPLE`] (28 years: every
//! weekday falls on every date of a month in that span, so a rule seen to hold throughout holds
//! for good, as the zone's POSIX rule does). When they follow a yearly pattern it is one `DAYLIGHT`
//! and one `STANDARD` observance with a yearly `RRULE`: "last Sunday" (`BYDAY=-1SU`), "second
//! Sunday" (`BYDAY=2SU`) or "first Sunday on or after the Nth" (`BYMONTHDAY=N,…,N+6;BYDAY=SU`).
//! Otherwise every change from the last one before the start to the end of the sample (and at
//! least to `to`) is listed on its own; a zone without daylight saving gets its last change.

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::{Offset, TimeZone};

/// A change of offset.
struct Change {
    /// The wall-clock reading at the change, in the offset before it (an observance's DTSTART).
    local: DateTime,
    from: Offset,
    to: Offset,
    name: String,
    dst: bool,
}

/// How far from the series' start a zone's changes are sampled, at the least: 28 years, the
/// span after which dates fall on the same weekdays again.
pub const SAMPLE: jiff::SignedDuration = jiff::SignedDuration::from_hours(24 * (365 * 28 + 7));

/// The `VTIMEZONE` of `zone`, named `name`, covering `from` to `to` at least; CRLF lines.
pub fn vtimezone(name: &str, zone: &TimeZone, from: Timestamp, to: Timestamp) -> String {
    let to = to.max(from.checked_add(SAMPLE).unwrap_or(to));
    let changes = changes(zone, from, to);
    let mut out = format!("BEGIN:VTIMEZONE\r\nTZID:{name}\r\n");
    if changes.is_empty() {
        let offset = zone.to_offset(from);
        out.push_str(&observance(
            &Change {
                local: DateTime::constant(1970, 1, 1, 0, 0, 0, 0),
                from: offset,
                to: offset,
                name: zone.to_offset_info(from).abbreviation().to_owned(),
                dst: false,
            },
            None,
        ));
    } else if let Some((daylight, standard)) = yearly(&changes) {
        out.push_str(&daylight);
        out.push_str(&standard);
    } else {
        for c in &changes {
            out.push_str(&observance(c, None));
        }
    }
    out.push_str("END:VTIMEZONE\r\n");
    out
}

/// The changes from the last one before `from` to the last one by `to`.
fn changes(zone: &TimeZone, from: Timestamp, to: Timestamp) -> Vec<Change> {
    let start = zone.preceding(from).next().map_or(from, |t| t.timestamp());
    zone.following(start.checked_sub(jiff::SignedDuration::from_secs(1)).unwrap_or(start))
        .take_while(|t| t.timestamp() <= to)
        .take(1000)
        .map(|t| {
            let before = zone.to_offset(
                t.timestamp()
                    .checked_sub(jiff::SignedDuration::from_secs(1))
                    .unwrap_or(t.timestamp()),
            );
            Change {
                local: before.to_datetime(t.timestamp()),
                from: before,
                to: t.offset(),
                name: t.abbreviation().to_owned(),
                dst: t.dst().is_dst(),
            }
        })
        .filter(|c| c.from != c.to)
        .collect()
}

/// When the changes alternate between two that recur each year on the same weekday of the same
/// month at the same time, with the same offsets: their two observances with a yearly rule.
fn yearly(changes: &[Change]) -> Option<(String, String)> {
    let daylight: Vec<&Change> = changes.iter().filter(|c| c.dst).collect();
    let standard: Vec<&Change> = changes.iter().filter(|c| !c.dst).collect();
    let alternate = changes.windows(2).all(|w| w[0].dst != w[1].dst);
    if daylight.len() < 2 || standard.len() < 2 || !alternate {
        return None;
    }
    let rule = |list: &[&Change]| -> Option<String> {
        let first = list.first()?;
        let same = list.iter().all(|c| {
            (c.from, c.to, c.local.time(), c.local.month(), c.local.weekday())
                == (
                    first.from,
                    first.to,
                    first.local.time(),
                    first.local.month(),
                    first.local.weekday(),
                )
        });
        let years = list
            .windows(2)
            .all(|w| i32::from(w[1].local.year()) == i32::from(w[0].local.year()) + 1);
        if !same || !years {
            return None;
        }
        let nth = |c: &Change| (c.local.day() - 1) / 7 + 1;
        let last = |c: &Change| c.local.day() + 7 > c.local.date().days_in_month();
        let day = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
            [usize::from(first.local.weekday().to_monday_zero_offset().unsigned_abs())];
        // "Last Sunday" first: in a sample of 28 years the last Sunday of March is also the
        // fourth in some years and the fifth in others, never one `nth` throughout.
        let lowest = list.iter().map(|c| c.local.day()).min().unwrap_or(1);
        let highest = list.iter().map(|c| c.local.day()).max().unwrap_or(1);
        let days = if list.iter().all(|c| last(c)) {
            format!("BYDAY=-1{day}")
        } else if list.iter().all(|c| nth(c) == nth(first) && nth(c) <= 4) {
            format!("BYDAY={}{day}", nth(first))
        } else if highest - lowest <= 6 {
            // "Sunday on or after the Nth" (e.g. Sun>=2).
            let dates: Vec<String> = (lowest..=lowest + 6).map(|d| d.to_string()).collect();
            format!("BYMONTHDAY={};BYDAY={day}", dates.join(","))
        } else {
            return None;
        };
        Some(observance(
            first,
            Some(&format!("FREQ=YEARLY;BYMONTH={};{days}", first.local.month())),
        ))
    };
    Some((rule(&daylight)?, rule(&standard)?))
}

fn observance(c: &Change, rule: Option<&str>) -> String {
    let kind = if c.dst { "DAYLIGHT" } else { "STANDARD" };
    let mut out = format!(
        "BEGIN:{kind}\r\nDTSTART:{}\r\nTZOFFSETFROM:{}\r\nTZOFFSETTO:{}\r\n",
        c.local.strftime("%Y%m%dT%H%M%S"),
        offset(c.from),
        offset(c.to)
    );
    if let Some(rule) = rule {
        out.push_str(&format!("RRULE:{rule}\r\n"));
    }
    // Abbreviations are letters, digits and signs in the database; anything else is dropped.
    let name: String = c
        .name
        .chars()
        .filter(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '+' | '-'))
        .collect();
    if !name.is_empty() {
        out.push_str(&format!("TZNAME:{name}\r\n"));
    }
    out.push_str(&format!("END:{kind}\r\n"));
    out
}

/// `+hhmm`, or `+hhmmss` for an offset with seconds.
fn offset(o: Offset) -> String {
    let s = o.seconds();
    let sign = if s < 0 { '-' } else { '+' };
    let s = s.unsigned_abs();
    let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60);
    if sec == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{sec:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        s.parse().expect("timestamp")
    }

    #[test]
    fn new_york_is_two_yearly_observances() {
        let zone = TimeZone::get("America/New_York").expect("zone");
        let v = vtimezone(
            "America/New_York",
            &zone,
            ts("2026-10-18T06:00:00Z"),
            ts("2028-11-27T00:00:00Z"),
        );
        assert_eq!(
            v,
            "BEGIN:VTIMEZONE\r\nTZID:America/New_York\r\n\
             BEGIN:DAYLIGHT\r\nDTSTART:20260308T020000\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r\nTZNAME:EDT\r\nEND:DAYLIGHT\r\n\
             BEGIN:STANDARD\r\nDTSTART:20261101T020000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\nRRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r\nTZNAME:EST\r\nEND:STANDARD\r\n\
             END:VTIMEZONE\r\n"
        );
    }

    #[test]
    fn berlin_changes_on_last_sundays() {
        let zone = TimeZone::get("Europe/Berlin").expect("zone");
        let v = vtimezone(
            "Europe/Berlin",
            &zone,
            ts("2026-06-01T00:00:00Z"),
            ts("2029-01-01T00:00:00Z"),
        );
        assert!(v.contains("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"), "{v}");
        assert!(v.contains("RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"), "{v}");
        assert!(
            v.contains("DTSTART:20261025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\n"),
            "{v}"
        );
    }

    /// The `RRULE`s of a zone's observances for a series starting at `from`, listed two years on.
    fn rules(name: &str, from: &str) -> Vec<String> {
        let zone = TimeZone::get(name).expect("zone");
        let from = ts(from);
        let to = from
            .checked_add(jiff::SignedDuration::from_hours(2 * 366 * 24))
            .expect("to");
        vtimezone(name, &zone, from, to)
            .lines()
            .filter_map(|l| l.strip_prefix("RRULE:").map(str::to_owned))
            .collect()
    }

    /// Regression: over a short sample every last Sunday of March was also the fourth, so
    /// Berlin got `BYDAY=4SU`, wrong in 2030 (31 March is the fifth Sunday), 2036, ...
    #[test]
    fn eu_zones_change_on_the_last_sunday_whatever_the_start() {
        for from in [
            "2026-06-01T00:00:00Z",
            "2026-11-27T12:00:00Z",
            "2027-01-01T00:00:00Z",
            "2029-05-01T00:00:00Z",
        ] {
            for name in ["Europe/Berlin", "Europe/London"] {
                assert_eq!(
                    rules(name, from),
                    ["FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"],
                    "{name} from {from}"
                );
            }
        }
    }

    #[test]
    fn us_zones_change_on_the_second_and_first_sunday() {
        for from in ["2026-01-01T00:00:00Z", "2027-07-01T00:00:00Z"] {
            assert_eq!(
                rules("America/New_York", from),
                ["FREQ=YEARLY;BYMONTH=3;BYDAY=2SU", "FREQ=YEARLY;BYMONTH=11;BYDAY=1SU"],
                "{from}"
            );
        }
    }

    #[test]
    fn a_sunday_on_or_after_a_date_is_a_range_of_month_days() {
        // Chile: the first Sunday on or after 2 April and 2 September (`Sun>=2`).
        let got = rules("America/Santiago", "2026-06-01T00:00:00Z");
        assert_eq!(
            got,
            [
                "FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=2,3,4,5,6,7,8;BYDAY=SU",
                "FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=2,3,4,5,6,7,8;BYDAY=SU"
            ]
        );
    }

    #[test]
    fn a_zone_without_daylight_saving_is_one_standard_observance() {
        let zone = TimeZone::get("Asia/Tokyo").expect("zone");
        let v = vtimezone(
            "Asia/Tokyo",
            &zone,
            ts("2026-06-01T00:00:00Z"),
            ts("2029-01-01T00:00:00Z"),
        );
        // Its last change, in 1951, still holds.
        assert_eq!(v.matches("BEGIN:STANDARD").count(), 1, "{v}");
        assert!(
            v.contains("DTSTART:19510909T010000\r\nTZOFFSETFROM:+1000\r\nTZOFFSETTO:+0900\r\n"),
            "{v}"
        );
        assert!(!v.contains("DAYLIGHT"), "{v}");
    }
}

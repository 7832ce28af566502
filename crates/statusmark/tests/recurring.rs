//! Recurring maintenance windows (`tests/fixtures/recurring`): a weekly window in New York time
//! built by the real binary at a fixed `--now`; its occurrence pages, the status at `now`, and the
//! calendar, which Python's `icalendar` + `recurring-ical-events` must expand to the same windows
//! as ours.

// Helpers here are test code: a panic is a failing test.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;
use common::{copy_dir, tree};

/// Friday 27 November 2026, 07:00 in New York.
const NOW: &str = "2026-11-27T12:00:00Z";

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/fixtures/recurring"), dir.path());
    dir
}

fn build(root: &Path, out: &Path, now: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_statusmark"))
        .args([
            "build",
            "--root",
            root.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .args(["--now", now, "--no-widget"])
        .output()
        .unwrap()
}

fn built(now: &str) -> (tempfile::TempDir, std::collections::BTreeMap<String, Vec<u8>>) {
    let site = fixture();
    let out = site.path().join("public");
    let o = build(site.path(), &out, now);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let files = tree(&out);
    (site, files)
}

fn text(files: &std::collections::BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(files.get(path).unwrap_or_else(|| panic!("{path} missing")).clone()).unwrap()
}

#[test]
fn weekly_window_gets_a_page_per_occurrence_and_one_calendar_event() {
    let (_site, files) = built(NOW);
    let pages: Vec<&str> = files
        .keys()
        .filter_map(|p| p.strip_prefix("maintenance/weekly-db-")?.strip_suffix("/index.html"))
        .collect();
    // Past ones within the reach behind (90 days), then the next five.
    assert_eq!(
        pages,
        [
            "2026-10-18",
            "2026-10-25",
            "2026-11-01",
            "2026-11-08",
            "2026-11-15",
            "2026-11-22",
            "2026-11-29",
            "2026-12-06",
            "2026-12-13",
            "2026-12-20",
            "2026-12-27",
        ]
    );
    // 29 November: in New York's winter time, 02:00 to 04:00 local is 07:00 to 09:00 UTC; the
    // note written on the 26th is about it.
    let next = text(&files, "maintenance/weekly-db-2026-11-29/index.html");
    assert!(next.contains("2026-11-29T07:00:00Z"), "{next}");
    assert!(next.contains("also upgrades the replicas"), "{next}");
    // Its page says it recurs, in New York time, and lists the next occurrences.
    assert!(
        next.contains("in America/New_York time: Nov 29, 2026 02:00 EST to Nov 29, 2026 04:00 EST"),
        "{next}"
    );
    assert!(next.contains("<h2>Next occurrences</h2>"), "{next}");
    assert!(
        next.contains("maintenance/weekly-db-2026-12-13/\"><time datetime=\"2026-12-13T07:00:00Z\">"),
        "{next}"
    );
    assert!(next.contains("(Dec 6, 2026 02:00 EST) — cancelled</li>"), "{next}");
    let cancelled = text(&files, "maintenance/weekly-db-2026-12-06/index.html");
    assert!(cancelled.to_lowercase().contains("cancelled"), "{cancelled}");
    // 18 October was summer time: 06:00 UTC.
    let first = text(&files, "maintenance/weekly-db-2026-10-18/index.html");
    assert!(first.contains("2026-10-18T06:00:00Z"), "{first}");
    let late = text(&files, "maintenance/weekly-db-2026-11-22/index.html");
    assert!(late.contains("The window runs late"), "{late}");
    assert!(!late.contains("also upgrades the replicas"), "{late}");

    // The feed lists the upcoming ones, each a window of its own.
    let status: serde_json::Value = serde_json::from_slice(&files["status.json"]).unwrap();
    let ids: Vec<&str> = status["maintenances"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["id"].as_str())
        .collect();
    assert!(ids.contains(&"weekly-db-2026-11-29"), "{ids:?}");
    assert!(ids.contains(&"weekly-db-2026-12-27"), "{ids:?}");
    assert!(!ids.contains(&"weekly-db-2027-01-03"), "{ids:?}");

    // The calendar: one series, not a line per occurrence.
    let ics = text(&files, "maintenance.ics");
    assert_eq!(
        ics.matches("BEGIN:VEVENT").count() - ics.matches("RECURRENCE-ID").count(),
        2,
        "{ics}"
    );
    assert_eq!(ics.matches("RRULE:FREQ=WEEKLY").count(), 1, "{ics}");
    assert!(ics.contains("RRULE:FREQ=WEEKLY;BYDAY=SU\r\n"), "{ics}");
    assert!(
        ics.contains("DTSTART;TZID=America/New_York:20261018T020000\r\n"),
        "{ics}"
    );
    assert!(ics.contains("DTEND;TZID=America/New_York:20261018T040000\r\n"), "{ics}");
    assert!(
        ics.contains("EXDATE;TZID=America/New_York:20261206T020000\r\n"),
        "{ics}"
    );
    // The zone it names is defined once, before the events, with New York's yearly rules.
    assert_eq!(
        ics.matches("BEGIN:VTIMEZONE\r\nTZID:America/New_York\r\n").count(),
        1,
        "{ics}"
    );
    assert!(ics.contains("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r\n"), "{ics}");
    assert!(ics.find("BEGIN:VTIMEZONE") < ics.find("BEGIN:VEVENT"), "{ics}");
    // Overrides: the two occurrences with updates, and 14 March 2027, when 02:00 does not exist.
    let overrides: Vec<&str> = ics.lines().filter(|l| l.starts_with("RECURRENCE-ID")).collect();
    assert_eq!(
        overrides,
        [
            "RECURRENCE-ID;TZID=America/New_York:20261122T020000",
            "RECURRENCE-ID;TZID=America/New_York:20261129T020000",
            "RECURRENCE-ID;TZID=America/New_York:20270314T020000",
        ]
    );
    assert!(
        ics.contains("DTSTART;TZID=America/New_York:20270314T030000\r\n"),
        "{ics}"
    );
    assert_eq!(
        ics.matches("UID:maintenance-weekly-db@status.recurring.test").count(),
        4
    );
    // An occurrence's "add to calendar" is the series too.
    let single = text(&files, "maintenance/weekly-db-2026-11-29/event.ics");
    assert!(single.contains("RRULE:FREQ=WEEKLY;BYDAY=SU\r\n"), "{single}");
    let db = text(&files, "components/db/maintenance.ics");
    assert!(db.contains("RRULE:FREQ=WEEKLY;BYDAY=SU\r\n"), "{db}");
    let web = text(&files, "components/web/maintenance.ics");
    assert!(!web.contains("RRULE"), "{web}");
}

#[test]
fn status_at_now_follows_each_occurrence() {
    // Sunday 22 November, 03:00 in New York: the occurrence is under way, the database under
    // maintenance.
    let (_site, files) = built("2026-11-22T08:00:00Z");
    let status: serde_json::Value = serde_json::from_slice(&files["status.json"]).unwrap();
    let db = status["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "db")
        .unwrap();
    assert_eq!(db["status"], "under_maintenance", "{status}");
    let db_at = |now: &str| {
        let (_site, files) = built(now);
        let status: serde_json::Value = serde_json::from_slice(&files["status.json"]).unwrap();
        let db = status["components"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == "db")
            .unwrap()
            .clone();
        (db["status"].clone(), status)
    };
    // An hour after the previous Sunday's occurrence ended (nothing stated about it), it is not.
    let (db, status) = db_at("2026-11-15T10:00:00Z");
    assert_eq!(db, "operational", "{status}");
    // The 22nd's occurrence was reported running late after its end (`## In progress` at 09:15Z)
    // and never reported completed: an overrun, so an hour after its scheduled end it still is.
    let (db, status) = db_at("2026-11-22T10:00:00Z");
    assert_eq!(db, "under_maintenance", "{status}");
}

#[test]
fn builds_are_deterministic() {
    let (_a, first) = built(NOW);
    let (_b, second) = built(NOW);
    assert!(first == second, "two builds at the same --now differ");
}

#[test]
fn recurrence_mistakes_are_reported_with_file_line_and_help() {
    let site = fixture();
    let file = site.path().join("content/maintenance/weekly-db.md");
    let source = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        source
            .replace("FREQ=WEEKLY;BYDAY=SU", "FREQ=WEEKLY;BYDAY=SUN")
            .replace("America/New_York", "America/Nowhere"),
    )
    .unwrap();
    let o = build(site.path(), &site.path().join("public"), NOW);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("content/maintenance/weekly-db.md:5:"), "{err}");
    assert!(err.contains("unknown time zone \"America/Nowhere\""), "{err}");
    assert!(err.contains("use an IANA name"), "{err}");
    std::fs::write(&file, source.replace("FREQ=WEEKLY;BYDAY=SU", "FREQ=WEEKLY;BYDAY=SUN")).unwrap();
    let o = build(site.path(), &site.path().join("public"), NOW);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("content/maintenance/weekly-db.md:6:"), "{err}");
    assert!(err.contains("not a valid recurrence rule"), "{err}");
    assert!(err.contains("FREQ=WEEKLY;BYDAY=SU or"), "{err}");
}

/// A Python with `icalendar` and `recurring_ical_events`: `$STATUSMARK_PYTHON` (set by `cargo
/// xtask test`, which installs them), else `python3` or `/usr/bin/python3`.
fn ical_python() -> String {
    let candidates = std::env::var("STATUSMARK_PYTHON")
        .ok()
        .into_iter()
        .chain(["python3".to_owned(), "/usr/bin/python3".to_owned()]);
    for py in candidates {
        let ok = Command::new(&py)
            .args(["-c", "import icalendar, recurring_ical_events"])
            .output()
            .is_ok_and(|o| o.status.success());
        if ok {
            return py;
        }
    }
    panic!(
        "no Python with icalendar and recurring_ical_events: `apt-get install python3-icalendar python3-recurring-ical-events` (or pip), or run `cargo xtask test`"
    );
}

/// Expands every event of an .ics between two instants; prints "start end status" in UTC.
const EXPAND: &str = r#"
import sys, datetime, icalendar, recurring_ical_events
cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
utc = datetime.timezone.utc
a = datetime.datetime.fromisoformat(sys.argv[2]).replace(tzinfo=utc)
b = datetime.datetime.fromisoformat(sys.argv[3]).replace(tzinfo=utc)
for e in recurring_ical_events.of(cal).between(a, b):
    s, t = e["DTSTART"].dt.astimezone(utc), e["DTEND"].dt.astimezone(utc)
    print(s.strftime("%Y-%m-%dT%H:%M:%SZ"), t.strftime("%Y-%m-%dT%H:%M:%SZ"), e.get("SUMMARY"))
"#;

/// Each `VTIMEZONE` read by icalendar against the zone database Python has: prints every hour
/// in the span where the two disagree on the offset, then the number of hours compared.
const ZONES: &str = r#"
import sys, datetime, icalendar
from zoneinfo import ZoneInfo
cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
utc = datetime.timezone.utc
a = datetime.datetime.fromisoformat(sys.argv[2]).replace(tzinfo=utc)
b = datetime.datetime.fromisoformat(sys.argv[3]).replace(tzinfo=utc)
n = 0
for tz in cal.walk("VTIMEZONE"):
    ours, theirs = tz.to_tz(), ZoneInfo(str(tz["TZID"]))
    t = a
    while t < b:
        if t.astimezone(ours).utcoffset() != t.astimezone(theirs).utcoffset():
            print("differs", tz["TZID"], t.isoformat())
        n += 1
        t += datetime.timedelta(hours=1)
print(n)
"#;

#[test]
fn python_icalendar_expands_our_calendar_to_our_windows() {
    let (site, _files) = built(NOW);
    let ics = site.path().join("public/maintenance.ics");
    // From the calendar's reach back to a year ahead: two daylight-saving changes.
    let (from, to) = ("2026-08-29T00:00:00", "2027-11-27T00:00:00");
    let out = Command::new(ical_python())
        .args(["-c", EXPAND, ics.to_str().unwrap(), from, to])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut theirs: Vec<(String, String)> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter(|l| l.contains("Weekly database maintenance"))
        .map(|l| {
            let mut parts = l.split(' ');
            (parts.next().unwrap().to_owned(), parts.next().unwrap().to_owned())
        })
        .collect();
    theirs.sort();

    // Ours: the series as the generator reads it, every occurrence in the same span but the
    // cancelled one.
    let now: jiff::Timestamp = NOW.parse().unwrap();
    let content = statusmark::content::load(site.path(), now).unwrap();
    let series = content.maintenances.iter().find(|m| m.slug == "weekly-db").unwrap();
    let r = series.recurrence.as_ref().unwrap();
    let (a, b): (jiff::Timestamp, jiff::Timestamp) =
        (format!("{from}Z").parse().unwrap(), format!("{to}Z").parse().unwrap());
    let ours: Vec<(String, String)> = r
        .occurrences()
        .take_while(|o| o.start < b)
        .filter(|o| o.end > a && !r.cancelled.contains(&o.date))
        .map(|o| (o.start.to_string(), o.end.to_string()))
        .collect();
    assert!(ours.len() > 50, "{}", ours.len());
    assert_eq!(theirs, ours);
    // The calendar defines the zone it names, as the database Python has does.
    let out = Command::new(ical_python())
        .args(["-c", ZONES, ics.to_str().unwrap(), from, to])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report = String::from_utf8(out.stdout).unwrap();
    assert_eq!(report.trim(), "10920", "{report}");
    // The spring-forward Sunday: 03:00 to 04:00 EDT in both.
    assert!(ours.contains(&("2027-03-14T07:00:00Z".to_owned(), "2027-03-14T08:00:00Z".to_owned())));
}

/// The events `statusmark notify` would send at `now`, by id.
fn event_ids(root: &Path, now: &str) -> Vec<String> {
    let now: jiff::Timestamp = now.parse().unwrap();
    let content = statusmark::content::load(root, now).unwrap();
    let model = statusmark::model::SiteModel::new(content, now);
    statusmark::notify::events::events(&model, &[])
        .into_iter()
        .map(|e| e.id)
        .filter(|id| id.starts_with("maintenance/weekly-db-"))
        .collect()
}

#[test]
fn each_occurrence_is_announced_once_a_notice_period_ahead_with_ids_of_its_own() {
    let site = fixture();
    // Friday 27 November, 12:00 UTC: the notice period (48 h) of 29 November began at 07:00;
    // 13 December's has not.
    let before = event_ids(site.path(), NOW);
    assert!(
        before.contains(
            &"maintenance/weekly-db-2026-11-29/scheduled/2026-11-29T07:00:00Z/2026-11-29T09:00:00Z".to_owned()
        ),
        "{before:?}"
    );
    assert!(
        !before
            .iter()
            .any(|id| id.starts_with("maintenance/weekly-db-2026-12-13/")),
        "{before:?}"
    );
    // The cancelled occurrence of 6 December is never announced; once its notice period
    // begins, its cancellation is the news.
    assert!(
        !before
            .iter()
            .any(|id| id.starts_with("maintenance/weekly-db-2026-12-06/")),
        "{before:?}"
    );
    let due = event_ids(site.path(), "2026-12-05T00:00:00Z");
    assert!(
        due.contains(&"maintenance/weekly-db-2026-12-06/cancelled".to_owned()),
        "{due:?}"
    );
    assert!(
        !due.iter()
            .any(|id| id.starts_with("maintenance/weekly-db-2026-12-06/scheduled")),
        "{due:?}"
    );
    // A week later the ids of what was due then are the same (the delivery record keys them,
    // so nothing goes out twice), and 13 December's announcement has come due.
    let after = event_ids(site.path(), "2026-12-11T12:00:00Z");
    for id in before
        .iter()
        .filter(|id| id.starts_with("maintenance/weekly-db-2026-11-29/"))
    {
        assert!(after.contains(id), "{id} vanished: {after:?}");
    }
    assert!(
        after.contains(
            &"maintenance/weekly-db-2026-12-13/scheduled/2026-12-13T07:00:00Z/2026-12-13T09:00:00Z".to_owned()
        ),
        "{after:?}"
    );
    let unique: std::collections::BTreeSet<&String> = after.iter().collect();
    assert_eq!(unique.len(), after.len(), "an id twice: {after:?}");
}

/// `serve`'s in-place builds of the recurring fixture must equal full builds after edits that
/// move occurrences between pages and calendar events.
#[test]
fn incremental_builds_match_full_builds_after_recurrence_edits() {
    let site = fixture();
    let root = site.path();
    let options = |out: &Path| statusmark::BuildOptions {
        root: root.to_owned(),
        out: out.to_owned(),
        now: Some(NOW.parse().unwrap()),
        widget: statusmark::WidgetSource::None,
        deny_warnings: false,
    };
    let out = root.join("public");
    let same = |step: &str| {
        let full = root.join("full");
        statusmark::build(&options(&full)).unwrap();
        assert!(
            tree(&out) == tree(&full),
            "after {step}, serve's output differs from a full build"
        );
        std::fs::remove_dir_all(full).unwrap();
    };
    let mut inc = statusmark::Incremental::new(&options(&out)).unwrap();
    inc.build().unwrap();
    same("the first build");
    let rel = "content/maintenance/weekly-db.md";
    let edit = |from: &str, to: &str| {
        let text = std::fs::read_to_string(root.join(rel)).unwrap();
        assert!(text.contains(from), "{from}");
        std::fs::write(root.join(rel), text.replacen(from, to, 1)).unwrap();
    };
    // One more cancelled occurrence: its page, the series' pages and every calendar change.
    edit("[2026-12-06]", "[2026-12-06, 2026-12-20]");
    inc.build_after(Some(&[rel.to_owned()])).unwrap();
    same("cancelling one occurrence");
    let page = std::fs::read_to_string(out.join("maintenance/weekly-db-2026-12-13/index.html")).unwrap();
    assert!(page.contains("(Dec 20, 2026 02:00 EST) — cancelled"), "{page}");
    // A note for the window of 13 December.
    edit(
        "## Scheduled — 2026-11-26T15:00:00Z",
        "## Scheduled — 2026-12-07T15:00:00Z\nThe 13th runs an hour longer.\n\n## Scheduled — 2026-11-26T15:00:00Z",
    );
    inc.build_after(Some(&[rel.to_owned()])).unwrap();
    same("an update for one occurrence");
    let ics = std::fs::read_to_string(out.join("maintenance.ics")).unwrap();
    assert!(
        ics.contains("RECURRENCE-ID;TZID=America/New_York:20261213T020000\r\n"),
        "{ics}"
    );
}

/// `statusmark notify --dry-run` at `now` with a webhook; its stderr.
fn notify_dry_run(root: &Path, now: &str, dry: bool) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_statusmark"));
    cmd.args(["notify", "--root", root.to_str().unwrap(), "--now", now]);
    if dry {
        cmd.args(["--dry-run", "--out", root.join("outbox").to_str().unwrap()]);
    }
    // Never reached: a first run sends nothing, and a dry run only writes the outbox.
    succeeds(cmd.env("T_HOOK", "http://127.0.0.1:9/hook"))
}

/// Run `cmd`, fail the test unless it succeeds, and return its stderr.
fn succeeds(cmd: &mut Command) -> String {
    let o = cmd.output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(o.status.success(), "{cmd:?}: {err}");
    err
}

/// Regression: cancelling a whole series cancelled its finished occurrences too, and
/// `notify --dry-run` said it "would send maintenance.cancelled" for each of them.
#[test]
fn cancelling_a_series_from_a_date_keeps_its_past_occurrences() {
    let site = fixture();
    let root = site.path();
    let config = root.join("content/statusmark.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{text}\n[[notify.webhook]]\nurl_env = \"T_HOOK\"\n")).unwrap();
    // A first run records the past as the starting point.
    notify_dry_run(root, NOW, false);
    let file = root.join("content/maintenance/weekly-db.md");
    let source = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        source.replace(
            "components: [db]\n",
            "components: [db]\ncancelled_from: 2026-11-28T00:00:00\n",
        ),
    )
    .unwrap();
    let err = notify_dry_run(root, NOW, true);
    // Only the next one's cancellation is news (skipped here: the first run recorded its
    // announcement as the starting point, so nobody was told of it).
    assert!(
        err.contains("maintenance.cancelled maintenance/weekly-db-2026-11-29/cancelled"),
        "{err}"
    );
    let cancelled: Vec<&str> = err.lines().filter(|l| l.contains("maintenance.cancelled")).collect();
    assert!(
        cancelled
            .iter()
            .all(|l| !l.contains("weekly-db-2026-11-22") && !l.contains("weekly-db-2026-10-")),
        "{cancelled:?}"
    );
    // The same history at any later build: the past occurrences stand, the later ones are
    // cancelled, and calendars end the rule with the last one held.
    for now in [NOW, "2027-01-15T00:00:00Z"] {
        let site_now = now.parse().unwrap();
        let content = statusmark::content::load(root, site_now).unwrap();
        let model = statusmark::model::SiteModel::new(content, site_now);
        let by = |slug: &str| model.maintenances.iter().find(|m| m.slug == slug).unwrap();
        assert!(!by("weekly-db-2026-11-22").cancelled, "{now}");
        assert!(!by("weekly-db-2026-10-18").cancelled, "{now}");
        assert!(by("weekly-db-2026-11-29").cancelled, "{now}");
    }
    let o = build(root, &root.join("public"), NOW);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stderr}");
    assert!(!stderr.contains("past ones included"), "{stderr}");
    let ics = std::fs::read_to_string(root.join("public/maintenance.ics")).unwrap();
    assert!(
        ics.contains("RRULE:FREQ=WEEKLY;BYDAY=SU;UNTIL=20261122T070000Z\r\n"),
        "{ics}"
    );
    assert!(!ics.contains("STATUS:CANCELLED"), "{ics}");
}

/// `statusmark` with `args`; fails the test unless it succeeds.
fn statusmark_ok(args: &[&str]) -> String {
    succeeds(Command::new(env!("CARGO_BIN_EXE_statusmark")).args(args))
}

/// Regression (#18): `statusmark cancel` on a recurring notice set `cancelled` on the whole
/// series, which also cancelled the occurrences already held. It now ends the series at its time
/// (`cancelled_from`), keeping the reason: the occurrence under way, with its update, and the past
/// ones stand; the later ones are cancelled.
#[test]
fn cancel_ends_a_series_from_its_time_on() {
    let site = fixture();
    let root = site.path();
    let rel = "content/maintenance/weekly-db.md";
    let file = root.join(rel);
    let r = root.to_str().unwrap();
    // Sunday 22 November, 04:30 in New York: that morning's window overruns (its update says so).
    let at = "2026-11-22T09:30:00Z";
    let reason = "The database moves to the new cluster: no more weekly windows.";
    statusmark_ok(&["cancel", file.to_str().unwrap(), reason, "--root", r, "--at", at]);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains(&format!(
            "cancelled_occurrences: [2026-12-06]\ncancelled_from: {at}\ncancelled: \"{reason}\"\n---\n"
        )),
        "{text}"
    );
    // No `## Cancelled` update: it would belong to the occurrence under way.
    assert!(!text.contains("## Cancelled"), "{text}");
    let check = statusmark_ok(&["check", "--root", r, "--now", NOW]);
    assert!(!check.contains("past ones included"), "{check}");
    // Once is enough.
    let o = Command::new(env!("CARGO_BIN_EXE_statusmark"))
        .args(["cancel", file.to_str().unwrap(), "Again.", "--root", r, "--at", NOW])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains(&format!("is already cancelled from {at}")), "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);

    let out = root.join("public");
    let o = build(root, &out, NOW);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let page =
        |date: &str| std::fs::read_to_string(out.join(format!("maintenance/weekly-db-{date}/index.html"))).unwrap();
    let reason_html = format!("<dt>Reason</dt><dd>{reason}</dd>");
    for past in ["2026-10-18", "2026-11-15", "2026-11-22"] {
        let p = page(past);
        assert!(!p.contains("Cancelled") && !p.contains(&reason_html), "{past}: {p}");
    }
    assert!(page("2026-11-22").contains("The window runs late"));
    for later in ["2026-11-29", "2026-12-13", "2026-12-27"] {
        let p = page(later);
        assert!(p.contains("Cancelled") && p.contains(&reason_html), "{later}: {p}");
    }
    let model = statusmark::model::SiteModel::new(
        statusmark::content::load(root, NOW.parse().unwrap()).unwrap(),
        NOW.parse().unwrap(),
    );
    let cancelled: Vec<(&str, bool)> = model
        .maintenances
        .iter()
        .filter_map(|m| Some((m.slug.strip_prefix("weekly-db-")?, m.cancelled)))
        .filter(|(date, _)| *date >= "2026-11-15" && *date <= "2026-12-06")
        .collect();
    assert_eq!(
        cancelled,
        [
            ("2026-12-06", true),
            ("2026-11-29", true),
            ("2026-11-22", false),
            ("2026-11-15", false)
        ]
    );
    // Calendars keep the series, its rule ended with the last occurrence held.
    let ics = std::fs::read_to_string(out.join("maintenance.ics")).unwrap();
    assert!(
        ics.contains("RRULE:FREQ=WEEKLY;BYDAY=SU;UNTIL=20261122T070000Z\r\n"),
        "{ics}"
    );
}

/// Regression: `statusmark update` on a recurring notice judged the whole series: once one
/// occurrence had a `## Completed` update no later one could be updated, and after `cancel` (which
/// spares the occurrence under way) that occurrence could not be completed. Each update is now
/// judged by the occurrence it is about.
#[test]
fn updates_to_a_series_are_judged_by_their_occurrence() {
    let site = fixture();
    let root = site.path();
    let file = root.join("content/maintenance/weekly-db.md");
    let (f, r) = (file.to_str().unwrap(), root.to_str().unwrap());
    let update = |status: &str, text: &str, at: &str| {
        Command::new(env!("CARGO_BIN_EXE_statusmark"))
            .args(["update", f, "--status", status, text, "--root", r, "--at", at])
            .output()
            .unwrap()
    };
    // 22 November's window is completed; 29 November's can still start.
    for (status, text, at) in [
        ("completed", "Done.", "2026-11-26T16:00:00Z"),
        ("in_progress", "Started.", "2026-11-29T07:05:00Z"),
        // The series ends while 29 November's window is under way; that window can still complete.
        ("cancel", "No more windows.", "2026-11-29T07:30:00Z"),
        ("completed", "Finished early.", "2026-11-29T08:00:00Z"),
    ] {
        let o = if status == "cancel" {
            Command::new(env!("CARGO_BIN_EXE_statusmark"))
                .args(["cancel", f, text, "--root", r, "--at", at])
                .output()
                .unwrap()
        } else {
            update(status, text, at)
        };
        assert!(
            o.status.success(),
            "{status} at {at}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    // A window the cancellation took is closed.
    let o = update("in_progress", "Started.", "2026-12-13T07:05:00Z");
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("(its occurrence of 2026-12-13) is already cancelled"),
        "{err}"
    );
    statusmark_ok(&["check", "--root", r, "--now", "2026-11-29T09:00:00Z"]);
    let model = statusmark::model::SiteModel::new(
        statusmark::content::load(root, "2026-11-29T09:00:00Z".parse().unwrap()).unwrap(),
        "2026-11-29T09:00:00Z".parse().unwrap(),
    );
    let window = model
        .maintenances
        .iter()
        .find(|m| m.slug == "weekly-db-2026-11-29")
        .unwrap();
    assert!(!window.cancelled);
    let phases: Vec<&str> = window.updates.iter().map(|u| u.label()).collect();
    assert_eq!(phases, ["Completed", "In progress", "Scheduled"]);
}

/// `cancelled: true` without a date cancels every occurrence; once some are over, a warning.
#[test]
fn cancelling_a_started_series_without_a_date_warns() {
    let site = fixture();
    let file = site.path().join("content/maintenance/weekly-db.md");
    let source = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        source.replace("components: [db]\n", "components: [db]\ncancelled: true\n"),
    )
    .unwrap();
    let o = build(site.path(), &site.path().join("public"), NOW);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("content/maintenance/weekly-db.md"), "{err}");
    assert!(err.contains("past ones included"), "{err}");
    assert!(err.contains("end the series with UNTIL in the rule"), "{err}");
    // Not yet begun: nothing to warn about.
    let o = build(site.path(), &site.path().join("public"), "2026-10-01T00:00:00Z");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("past ones included"), "{err}");
}

/// Regression: Berlin's `VTIMEZONE` said `BYDAY=4SU` for March (from a sample of ~800 days),
/// an hour off in 2030, 2036, ... Both zones' definitions must agree with Python's `zoneinfo`
/// as far as `icalendar` expands a `VTIMEZONE`'s rules (to 2038; Debian's 4.0.3 stops there),
/// which spans both years.
#[test]
fn vtimezones_agree_with_python_zoneinfo_to_2038() {
    let site = fixture();
    std::fs::write(
        site.path().join("content/maintenance/monthly-web.md"),
        "---\ntitle: Monthly web maintenance\nscheduled_for: 2026-11-28T22:00:00\nscheduled_until: 2026-11-28T23:00:00\ntimezone: Europe/Berlin\nrecurrence: FREQ=MONTHLY;BYDAY=-1SA\ncomponents: [web]\n---\n\nPatches.\n",
    )
    .unwrap();
    let out = site.path().join("public");
    let o = build(site.path(), &out, NOW);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let ics = out.join("maintenance.ics");
    let text = std::fs::read_to_string(&ics).unwrap();
    assert!(text.contains("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"), "{text}");
    let out = Command::new(ical_python())
        .args([
            "-c",
            ZONES,
            ics.to_str().unwrap(),
            "2026-11-27T00:00:00",
            "2038-12-01T00:00:00",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report = String::from_utf8(out.stdout).unwrap();
    assert!(!report.contains("differs"), "{report}");
    // Two zones, hourly, over 12 years.
    assert!(report.trim().parse::<u64>().unwrap() > 2 * 12 * 365 * 24, "{report}");
}

/// Regression: overrides made from the series (a daylight-saving night) had `SEQUENCE:0` while
/// the master had `SEQUENCE:1` (one cancelled date); clients drop such stale instances.
#[test]
fn overrides_never_have_a_lower_sequence_than_their_series() {
    let (_site, files) = built(NOW);
    let ics = text(&files, "maintenance.ics");
    let events: Vec<&str> = ics
        .split("BEGIN:VEVENT\r\n")
        .skip(1)
        .filter(|e| e.contains("Weekly database maintenance"))
        .collect();
    let sequence = |e: &str| -> u32 {
        let line = e.lines().find_map(|l| l.strip_prefix("SEQUENCE:")).unwrap();
        line.trim().parse().unwrap()
    };
    let master = events.iter().find(|e| e.contains("RRULE:")).unwrap();
    assert_eq!(sequence(master), 1, "{master}");
    let overrides: Vec<&&str> = events.iter().filter(|e| e.contains("RECURRENCE-ID")).collect();
    // The updated window of 29 November and the spring-forward night of 14 March.
    assert!(overrides.len() >= 2, "{ics}");
    assert!(
        overrides
            .iter()
            .any(|e| e.contains("RECURRENCE-ID;TZID=America/New_York:20270314T020000")),
        "{ics}"
    );
    for e in overrides {
        assert!(sequence(e) >= sequence(master), "{e}");
    }
}

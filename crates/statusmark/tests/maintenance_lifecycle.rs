//! The maintenance lifecycle (#18) on the real binary and a copy of the basic fixture site:
//! `update`/`cancel` on maintenance notices, explicit phases beating the clock on the pages and in
//! the feeds, overruns without auto-complete, and emergency maintenance.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;
use common::copy_dir;

const NOTICE: &str = "content/maintenance/2026-11-25-email-provider.md";
const CANCELLED: &str = "content/maintenance/2026-11-12-cdn-move.md";

fn statusmark(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_statusmark"))
        .args(args)
        .output()
        .unwrap()
}

fn ok(args: &[&str]) -> Output {
    let o = statusmark(args);
    assert!(o.status.success(), "{args:?}: {}", err(&o));
    o
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A temporary copy of the basic fixture site.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/basic"),
        dir.path(),
    );
    dir
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Build the site at `now` into `<root>/public` and return that folder.
fn build(root: &Path, now: &str) -> PathBuf {
    let out = root.join("public");
    ok(&[
        "build",
        "--root",
        s(root),
        "--out",
        s(&out),
        "--now",
        now,
        "--no-widget",
    ]);
    out
}

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The phase tag's text right after `Phase` on a maintenance page.
fn phase_on_page(page: &str) -> &str {
    let at = page.find("<dt>Phase</dt>").unwrap_or_else(|| panic!("{page}"));
    let rest = &page[at..];
    let open = "<span class=\"tag\" data-sm-maintenance=\"2026-11-25-email-provider\">";
    let start = rest.find(open).unwrap_or_else(|| panic!("{rest}")) + open.len();
    let end = rest[start..].find('<').unwrap();
    &rest[start..start + end]
}

fn update(root: &Path, rel: &str, status: &str, text: &str, at: &str) -> Output {
    statusmark(&[
        "update",
        s(&root.join(rel)),
        "--status",
        status,
        text,
        "--root",
        s(root),
        "--at",
        at,
    ])
}

/// The window runs 22:00–00:00; the author starts it early and completes it early. At 23:30, by
/// the clock still inside the window, the pages and feeds say Completed.
#[test]
fn an_explicitly_completed_early_window_shows_completed() {
    let dir = site();
    let root = dir.path();
    let before = read(root, NOTICE);
    let o = update(
        root,
        NOTICE,
        "in_progress",
        "We started a little early.",
        "2026-11-25T21:50:00Z",
    );
    assert!(o.status.success(), "{}", err(&o));
    let o = update(
        root,
        NOTICE,
        "completed",
        "All mail flows through the new provider.",
        "2026-11-25T23:10:00Z",
    );
    assert!(o.status.success(), "{}", err(&o));
    // Newest first, like the file's own single update; every other byte kept.
    let after = read(root, NOTICE);
    assert_eq!(
        after,
        before.replace(
            "## Scheduled",
            "## Completed — 2026-11-25T23:10:00Z\nAll mail flows through the new provider.\n\n## In progress — 2026-11-25T21:50:00Z\nWe started a little early.\n\n## Scheduled"
        )
    );
    ok(&["check", "--root", s(root), "--now", "2026-11-25T23:30:00Z"]);

    let out = build(root, "2026-11-25T23:30:00Z");
    let page = read(&out, "maintenance/2026-11-25-email-provider/index.html");
    assert_eq!(phase_on_page(&page), "Completed");
    assert!(page.contains("phase-completed"), "{page}");
    let feed: serde_json::Value = serde_json::from_str(&read(&out, "status.json")).unwrap();
    // Completed windows leave the feed; email is operational again.
    assert!(feed["maintenances"].as_array().unwrap().is_empty(), "{feed}");
    let email = feed["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "email")
        .unwrap();
    assert_eq!(email["status"], "operational");

    // Mid-window, before the completion: in progress, and the feed carries what readers need.
    let out = build(root, "2026-11-25T22:30:00Z");
    let page = read(&out, "maintenance/2026-11-25-email-provider/index.html");
    assert_eq!(phase_on_page(&page), "In progress");
    let feed: serde_json::Value = serde_json::from_str(&read(&out, "status.json")).unwrap();
    let m = &feed["maintenances"][0];
    assert_eq!(m["status"], "in_progress");
    assert_eq!(
        m["phase_changes"],
        serde_json::json!([
            { "at": "2026-11-25T21:50:00Z", "phase": "in_progress" },
            { "at": "2026-11-25T23:10:00Z", "phase": "completed" }
        ])
    );
    let summary: serde_json::Value = serde_json::from_str(&read(&out, "api/v2/summary.json")).unwrap();
    assert_eq!(summary["scheduled_maintenances"][0]["status"], "in_progress");
}

/// Without auto-complete, a window past its end is "In progress, overrunning" until a Completed
/// update; its component stays under maintenance, in the pages and the feed.
#[test]
fn an_overrunning_window_shows_overrunning_until_completed() {
    let dir = site();
    let root = dir.path();
    let path = root.join(NOTICE);
    let text = read(root, NOTICE).replace("announced:", "auto_complete: false\nannounced:");
    std::fs::write(&path, text).unwrap();

    let out = build(root, "2026-11-26T00:20:00Z");
    let page = read(&out, "maintenance/2026-11-25-email-provider/index.html");
    assert_eq!(phase_on_page(&page), "In progress, overrunning");
    assert!(page.contains("phase-in_progress overrunning"), "{page}");
    let home = read(&out, "index.html");
    assert!(
        home.contains(
            "<span class=\"tag\" data-sm-maintenance=\"2026-11-25-email-provider\">In progress, overrunning</span>"
        ),
        "{home}"
    );
    let feed: serde_json::Value = serde_json::from_str(&read(&out, "status.json")).unwrap();
    let m = &feed["maintenances"][0];
    assert_eq!(
        (m["status"].as_str(), m["auto_complete"].as_bool()),
        (Some("in_progress"), Some(false))
    );
    let email = feed["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "email")
        .unwrap();
    assert_eq!(email["status"], "under_maintenance");

    let o = update(root, NOTICE, "completed", "Finally done.", "2026-11-26T00:40:00Z");
    assert!(o.status.success(), "{}", err(&o));
    let out = build(root, "2026-11-26T00:50:00Z");
    let page = read(&out, "maintenance/2026-11-25-email-provider/index.html");
    assert_eq!(phase_on_page(&page), "Completed");
    // Before the Completed update's time it was still overrunning.
    let out = build(root, "2026-11-26T00:39:00Z");
    let page = read(&out, "maintenance/2026-11-25-email-provider/index.html");
    assert_eq!(phase_on_page(&page), "In progress, overrunning");
}

#[test]
fn cancel_sets_the_reason_and_a_cancelled_update() {
    let dir = site();
    let root = dir.path();
    let o = statusmark(&[
        "cancel",
        s(&root.join(NOTICE)),
        "The provider postponed: new date soon.",
        "--root",
        s(root),
        "--at",
        "2026-11-21T10:00:00Z",
    ]);
    assert!(o.status.success(), "{}", err(&o));
    let text = read(root, NOTICE);
    assert!(
        text.contains("announced: 2026-11-18T09:00:00Z\ncancelled: \"The provider postponed: new date soon.\"\n---"),
        "{text}"
    );
    assert!(
        text.contains("## Cancelled — 2026-11-21T10:00:00Z\nThe provider postponed: new date soon.\n\n## Scheduled"),
        "{text}"
    );
    let out = build(root, "2026-11-22T00:00:00Z");
    let page = read(&out, "maintenance/2026-11-25-email-provider/index.html");
    assert_eq!(phase_on_page(&page), "Cancelled");
    assert!(
        page.contains("<dt>Reason</dt><dd>The provider postponed: new date soon.</dd>"),
        "{page}"
    );
    let ics = read(&out, "maintenance/2026-11-25-email-provider/event.ics");
    assert!(ics.contains("STATUS:CANCELLED"), "{ics}");
    // Cancelling again is refused, file unchanged.
    let o = statusmark(&[
        "cancel",
        s(&root.join(NOTICE)),
        "Again.",
        "--root",
        s(root),
        "--at",
        "2026-11-21T11:00:00Z",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("is already cancelled"), "{}", err(&o));
    assert_eq!(read(root, NOTICE), text);
}

/// Mistakes are refused with a reason, and the file keeps every byte.
#[test]
fn wrong_maintenance_edits_are_refused_and_leave_the_file() {
    let dir = site();
    let root = dir.path();
    let original = read(root, NOTICE);
    let refused = |o: Output, want: &str| {
        assert_eq!(o.status.code(), Some(1), "{}", err(&o));
        assert!(err(&o).contains(want), "want {want:?} in:\n{}", err(&o));
    };
    refused(
        update(root, NOTICE, "resolved", "x", "2026-11-25T22:10:00Z"),
        "unknown status \"resolved\" for a maintenance window; use in_progress, verifying, completed or update",
    );
    refused(
        update(root, NOTICE, "cancelled", "x", "2026-11-25T22:10:00Z"),
        "use `statusmark cancel",
    );
    refused(
        statusmark(&[
            "update",
            s(&root.join(NOTICE)),
            "--status",
            "in_progress",
            "x",
            "--component",
            "email=major_outage",
            "--root",
            s(root),
        ]),
        "--component is for incidents",
    );
    refused(
        update(root, CANCELLED, "in_progress", "x", "2026-11-27T02:10:00Z"),
        "is already cancelled",
    );
    assert_eq!(read(root, NOTICE), original);

    let o = update(root, NOTICE, "completed", "Done.", "2026-11-25T23:00:00Z");
    assert!(o.status.success(), "{}", err(&o));
    let done = read(root, NOTICE);
    refused(
        update(root, NOTICE, "update", "More.", "2026-11-25T23:05:00Z"),
        "is already completed (its Completed update is at 2026-11-25T23:00:00Z)",
    );
    refused(
        statusmark(&["cancel", s(&root.join(NOTICE)), "Too late.", "--root", s(root)]),
        "is already completed",
    );
    assert_eq!(read(root, NOTICE), done);
    // `cancel` is for maintenance only.
    refused(
        statusmark(&[
            "cancel",
            s(&root.join("incidents/2026-11-20-api-errors.md")),
            "x",
            "--root",
            s(root),
        ]),
        "is not a maintenance notice",
    );
}

/// Once the clock completed it, a window can still report an overrun: the update reopens it.
#[test]
fn an_overrun_reported_after_the_clock_completed_the_window_reopens_it() {
    let dir = site();
    let root = dir.path();
    let o = update(
        root,
        NOTICE,
        "in_progress",
        "Still migrating the last mailboxes.",
        "2026-11-26T00:15:00Z",
    );
    assert!(o.status.success(), "{}", err(&o));
    let out = build(root, "2026-11-26T00:10:00Z");
    assert_eq!(
        phase_on_page(&read(&out, "maintenance/2026-11-25-email-provider/index.html")),
        "Completed"
    );
    let out = build(root, "2026-11-26T00:20:00Z");
    assert_eq!(
        phase_on_page(&read(&out, "maintenance/2026-11-25-email-provider/index.html")),
        "In progress, overrunning"
    );
}

/// `emergency: true`: no notice-period warning, and called emergency maintenance everywhere.
#[test]
fn emergency_maintenance_needs_no_notice_and_says_so() {
    let dir = site();
    let root = dir.path();
    let path = root.join(NOTICE);
    let late = read(root, NOTICE).replace("announced: 2026-11-18T09:00:00Z", "announced: 2026-11-25T21:30:00Z");
    std::fs::write(&path, &late).unwrap();
    let o = statusmark(&[
        "check",
        "--root",
        s(root),
        "--now",
        "2026-11-25T21:40:00Z",
        "--deny-warnings",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("less notice than the notice period"), "{}", err(&o));

    std::fs::write(&path, late.replace("announced:", "emergency: true\nannounced:")).unwrap();
    ok(&[
        "check",
        "--root",
        s(root),
        "--now",
        "2026-11-25T21:40:00Z",
        "--deny-warnings",
    ]);
    let out = build(root, "2026-11-25T22:10:00Z");
    let page = read(&out, "maintenance/2026-11-25-email-provider/index.html");
    assert!(page.contains("Emergency maintenance"), "{page}");
    let home = read(&out, "index.html");
    assert!(
        home.contains("<span class=\"tag tag-emergency\">Emergency maintenance</span>"),
        "{home}"
    );
    let atom = read(&out, "history.atom");
    assert!(
        atom.contains("Emergency maintenance: Email provider migration"),
        "{atom}"
    );
    let ics = read(&out, "maintenance.ics");
    assert!(
        ics.contains("SUMMARY:Emergency maintenance: Email provider migration"),
        "{ics}"
    );
    let feed: serde_json::Value = serde_json::from_str(&read(&out, "status.json")).unwrap();
    assert_eq!(feed["maintenances"][0]["emergency"], true);
}

/// A misspelt update heading is an error with the line and a suggestion.
#[test]
fn a_misspelt_maintenance_heading_is_reported() {
    let dir = site();
    let root = dir.path();
    let path = root.join(NOTICE);
    let text = read(root, NOTICE) + "\n## Verifiying — 2026-11-25T23:50:00Z\nChecking.\n";
    std::fs::write(&path, text).unwrap();
    let o = statusmark(&["check", "--root", s(root), "--now", "2026-11-20T00:00:00Z"]);
    assert_eq!(o.status.code(), Some(1));
    let e = err(&o);
    assert!(e.contains("error: unknown maintenance update \"Verifiying\""), "{e}");
    assert!(e.contains(&format!("--> {NOTICE}:14:1")), "{e}");
    assert!(
        e.contains("did you mean \"## Verifying — 2026-11-25T23:50:00Z\"?"),
        "{e}"
    );
}

/// `statusmark new maintenance --emergency` writes a notice that needs no notice period.
#[test]
fn new_emergency_maintenance_checks_without_a_notice_warning() {
    let dir = site();
    let root = dir.path();
    let o = ok(&[
        "new",
        "maintenance",
        "Urgent database patch",
        "--start",
        "2026-11-21T10:30:00Z",
        "--end",
        "2026-11-21T11:00:00Z",
        "--component",
        "api",
        "--emergency",
        "--root",
        s(root),
        "--at",
        "2026-11-21T10:00:00Z",
    ]);
    let path = String::from_utf8(o.stdout).unwrap().trim().to_owned();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("announced: 2026-11-21T10:00:00Z\nemergency: true\n---"),
        "{text}"
    );
    let o = ok(&["check", "--root", s(root), "--now", "2026-11-21T10:00:00Z"]);
    assert!(!err(&o).contains("less notice"), "{}", err(&o));
}

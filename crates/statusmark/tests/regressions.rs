//! Regression tests, each named after the bug it pins, on the real binary and real files.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;
use common::copy_dir;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn statusmark(args: &[&str]) -> Output {
    let o = Command::new(env!("CARGO_BIN_EXE_statusmark"))
        .args(args)
        .output()
        .unwrap();
    assert!(o.status.success(), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
    o
}

/// A generated file as text.
fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Bug: `statusmark update FILE --component web=partial_outage` on an incident that first affected
/// only `api` counted toward web's status and uptime, but web was missing from the incident in
/// status.json, the API's components, the incident page, web's component page and its feeds.
#[test]
fn a_component_only_a_status_change_names_appears_wherever_the_incident_does() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    copy_dir(&repo().join("tests/fixtures/basic"), root);
    let file = root.join("incidents/2026-11-20-api-errors.md");
    let r = root.to_str().unwrap();
    statusmark(&[
        "update",
        file.to_str().unwrap(),
        "--status",
        "identified",
        "The web front end is failing too.",
        "--component",
        "web=partial_outage",
        "--root",
        r,
        "--at",
        "2026-11-20T14:50:00Z",
    ]);
    let out = root.join("public");
    let o = out.to_str().unwrap();
    statusmark(&[
        "build",
        "--root",
        r,
        "--out",
        o,
        "--now",
        "2026-11-20T15:00:00Z",
        "--no-widget",
    ]);

    let feed: serde_json::Value = serde_json::from_str(&read(&out, "status.json")).unwrap();
    let incident = feed["incidents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "2026-11-20-api-errors")
        .unwrap();
    assert_eq!(incident["components"], serde_json::json!(["api", "web"]), "status.json");
    let web = feed["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "web")
        .unwrap();
    assert_eq!(web["status"], "partial_outage", "web counts as affected now");

    let api: serde_json::Value = serde_json::from_str(&read(&out, "api/v2/incidents/unresolved.json")).unwrap();
    let rows: Vec<&serde_json::Value> = api["incidents"][0]["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| &c["id"])
        .collect();
    assert_eq!(
        serde_json::json!(rows),
        serde_json::json!(["api", "web"]),
        "the API's components"
    );

    let page = read(&out, "incidents/2026-11-20-api-errors/index.html");
    let affected = page
        .split("<ul class=\"affected\">")
        .nth(1)
        .unwrap()
        .split("</ul>")
        .next()
        .unwrap();
    assert!(
        affected.contains("<span class=\"c-name\">Web</span><span class=\"st st-partial_outage\""),
        "the incident page lists web with the status the change gave it: {affected}"
    );

    let web_page = read(&out, "components/web/index.html");
    assert!(
        web_page.contains("incidents/2026-11-20-api-errors/"),
        "web's component page lists it"
    );
    for feed in ["components/web/history.atom", "components/web/history.rss"] {
        assert!(
            read(&out, feed).contains("incidents/2026-11-20-api-errors/"),
            "{feed} carries it"
        );
    }
    // And a component the incident never touched stays out of it.
    assert!(!read(&out, "components/email/history.atom").contains("2026-11-20-api-errors"));
}

/// Bug: a maintenance notice announced after its window started was public from its start in
/// the feeds and the API but from its announcement in the history (five places computed the
/// announcement, some clamped to the start and some not).
#[test]
fn a_notice_announced_after_its_start_is_public_from_its_start_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    copy_dir(&repo().join("tests/fixtures/basic"), root);
    std::fs::write(
        root.join("content/maintenance/2026-11-20-late-notice.md"),
        "---\ntitle: Late notice\nscheduled_for: 2026-11-20T14:00:00Z\nscheduled_until: 2026-11-20T16:00:00Z\ncomponents: [email]\nannounced: 2026-11-20T14:30:00Z\n---\n\nEmergency work on the mail relay.\n",
    )
    .unwrap();
    let out = root.join("public");
    let (r, o) = (root.to_str().unwrap(), out.to_str().unwrap());
    // Between the start and the announcement.
    statusmark(&[
        "build",
        "--root",
        r,
        "--out",
        o,
        "--now",
        "2026-11-20T14:15:00Z",
        "--no-widget",
    ]);
    let href = "maintenance/2026-11-20-late-notice/";
    assert!(read(&out, "history/index.html").contains(href), "the history lists it");
    assert!(read(&out, "history.atom").contains(href), "the feed lists it");
    let api: serde_json::Value =
        serde_json::from_str(&read(&out, "api/v2/scheduled-maintenances/active.json")).unwrap();
    let m = &api["scheduled_maintenances"][0];
    assert_eq!(
        (&m["id"], &m["created_at"]),
        (
            &serde_json::json!("2026-11-20-late-notice"),
            &serde_json::json!("2026-11-20T14:00:00Z")
        )
    );
    assert!(read(&out, &format!("{href}event.ics")).contains("DTSTAMP:20261120T140000Z"));
}

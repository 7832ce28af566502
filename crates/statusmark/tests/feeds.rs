//! Every public output parsed back by an independent parser: Atom and RSS with feed-rs, the
//! calendar with icalendar's parser, the Statuspage API against real Statuspage captures, the
//! JSON feed with its schema, and the badges. A hostile title travels through all of them intact.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

const NOW: &str = "2026-11-20T15:00:00Z";
const HOSTILE: &str = r#"</title><script>alert(1)</script> & "quotes" ]]>"#;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A copy of the basic fixture in a temp dir.
fn basic_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new("cp")
        .arg("-r")
        .arg(repo().join("tests/fixtures/basic/."))
        .arg(dir.path())
        .status()
        .unwrap();
    assert!(status.success());
    dir
}

/// The basic fixture plus an incident with a hostile title, built into a temp dir.
fn built() -> (tempfile::TempDir, PathBuf) {
    let dir = basic_copy();
    std::fs::write(
        dir.path().join("incidents/2026-11-19-hostile.md"),
        format!("---\ntitle: '{HOSTILE}'\nstarted: 2026-11-19T10:00:00Z\nresolved: 2026-11-19T10:30:00Z\ncomponents:\n  email: partial_outage\n---\n\nBody <script>x</script>\r\n\n## Resolved — 2026-11-19T10:30:00Z\nDone.\n"),
    )
    .unwrap();
    let out = dir.path().join("public");
    build_into(dir.path(), &out);
    (dir, out)
}

/// Build the site at `root` into `out` with the test's `--now`; the build must succeed.
fn build_into(root: &Path, out: &Path) {
    let o = Command::new(env!("CARGO_BIN_EXE_statusmark"))
        .args(["build", "--root"])
        .arg(root)
        .arg("--out")
        .arg(out)
        .args(["--now", NOW, "--no-widget"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// An incident without impact says so once wherever a sentence names its impact: the home page's
/// card, archive lines (history, component page) and the feeds. Its label alone is "No impact",
/// which the lines once wrapped again ("No impact impact", "impact: No impact").
#[test]
fn an_incident_without_impact_says_so_once_in_pages_and_feeds() {
    let dir = basic_copy();
    std::fs::write(
        dir.path().join("incidents/2026-11-20-email-slow.md"),
        "---\ntitle: Email slow\nimpact: none\nstarted: 2026-11-20T14:30:00Z\ncomponents:\n  email: degraded_performance\n---\n\nSome mail is late.\n",
    )
    .unwrap();
    let out = dir.path().join("public");
    build_into(dir.path(), &out);
    for rel in ["index.html", "history/index.html", "components/email/index.html"] {
        let page = read(&out, rel);
        assert!(page.contains("Email slow"), "{rel} lists the incident");
        assert!(page.contains(" · No impact · "), "{rel}: {page}");
        assert!(!page.contains("No impact impact"), "{rel}");
    }
    for rel in ["history.atom", "history.rss", "components/email/history.atom"] {
        let feed = read(&out, rel);
        assert!(feed.contains("impact: none"), "{rel}: {feed}");
        assert!(!feed.contains("impact: No impact"), "{rel}");
    }
}

#[test]
fn atom_and_rss_parse_and_carry_every_entry() {
    let (_dir, out) = built();
    for (file, kind) in [
        ("history.atom", feed_rs::model::FeedType::Atom),
        ("history.rss", feed_rs::model::FeedType::RSS2),
    ] {
        let feed = feed_rs::parser::parse(read(&out, file).as_bytes()).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(feed.feed_type, kind);
        let titles: Vec<String> = feed
            .entries
            .iter()
            .map(|e| e.title.as_ref().unwrap().content.clone())
            .collect();
        assert_eq!(titles.len(), 5, "{file}: {titles:?}");
        assert!(
            titles.contains(&"Maintenance: CDN provider move".to_owned()),
            "cancelled windows stay in the history"
        );
        assert!(titles.contains(&HOSTILE.to_owned()), "{file}: {titles:?}");
        assert!(titles.contains(&"Maintenance: Email provider migration".to_owned()));
        let link = &feed
            .entries
            .iter()
            .find(|e| e.title.as_ref().unwrap().content == "API errors")
            .unwrap()
            .links[0]
            .href;
        assert_eq!(link, "https://status.fixture.test/incidents/2026-11-20-api-errors/");
    }
    // Per-component feeds hold only that component's entries.
    let email = feed_rs::parser::parse(read(&out, "components/email/history.atom").as_bytes()).unwrap();
    let titles: Vec<String> = email
        .entries
        .iter()
        .map(|e| e.title.as_ref().unwrap().content.clone())
        .collect();
    assert_eq!(
        titles,
        [HOSTILE.to_owned(), "Maintenance: Email provider migration".to_owned()]
    );
    // Every page advertises the feeds.
    assert!(read(&out, "index.html").contains(r#"<link rel="alternate" type="application/atom+xml""#));
}

/// Each component's Atom and RSS feeds and maintenance calendar parse, and hold exactly the
/// incidents and windows that touch it: which ones do is read from the Statuspage documents, an
/// output built independently of the feeds.
#[test]
fn each_component_has_feeds_and_a_calendar_of_its_own() {
    let (_dir, out) = built();
    let json = |rel: &str| -> serde_json::Value { serde_json::from_str(&read(&out, rel)).unwrap() };
    let ids = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_owned())
            .collect()
    };
    // (page URL, the components it touches, maintenance id if a window)
    let mut items: Vec<(String, Vec<String>, Option<String>)> = Vec::new();
    for i in json("api/v2/incidents.json")["incidents"].as_array().unwrap() {
        let url = format!("https://status.fixture.test/incidents/{}/", i["id"].as_str().unwrap());
        items.push((url, ids(&i["components"]), None));
    }
    for m in json("api/v2/scheduled-maintenances.json")["scheduled_maintenances"]
        .as_array()
        .unwrap()
    {
        let id = m["id"].as_str().unwrap().to_owned();
        let url = format!("https://status.fixture.test/maintenance/{id}/");
        items.push((url, ids(&m["components"]), Some(id)));
    }
    let components: Vec<String> = json("api/v2/components.json")["components"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["group"] != true)
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(components, ["api", "web", "email"]);
    let mut events = 0;
    for id in &components {
        let mut want: Vec<&str> = items
            .iter()
            .filter(|(_, touched, _)| touched.contains(id))
            .map(|(url, _, _)| url.as_str())
            .collect();
        want.sort_unstable();
        assert!(!want.is_empty(), "{id} has nothing to test");
        for (file, kind) in [
            ("history.atom", feed_rs::model::FeedType::Atom),
            ("history.rss", feed_rs::model::FeedType::RSS2),
        ] {
            let rel = format!("components/{id}/{file}");
            let feed = feed_rs::parser::parse(read(&out, &rel).as_bytes()).unwrap_or_else(|e| panic!("{rel}: {e}"));
            assert_eq!(feed.feed_type, kind, "{rel}");
            let mut links: Vec<&str> = feed.entries.iter().map(|e| e.links[0].href.as_str()).collect();
            links.sort_unstable();
            assert_eq!(links, want, "{rel}");
        }
        let rel = format!("components/{id}/maintenance.ics");
        let cal: icalendar::Calendar = read(&out, &rel).parse().unwrap_or_else(|e| panic!("{rel}: {e}"));
        use icalendar::Component;
        let mut uids: Vec<&str> = cal
            .components
            .iter()
            .filter_map(|c| c.as_event())
            .filter_map(|e| e.get_uid())
            .collect();
        uids.sort_unstable();
        let mut want: Vec<String> = items
            .iter()
            .filter(|(_, touched, _)| touched.contains(id))
            .filter_map(|(_, _, m)| m.as_ref())
            .map(|m| format!("maintenance-{m}@status.fixture.test"))
            .collect();
        want.sort_unstable();
        assert_eq!(uids, want, "{rel}");
        events += uids.len();
        // The component's page advertises its own feeds.
        let page = read(&out, &format!("components/{id}/index.html"));
        for file in ["history.atom", "history.rss"] {
            assert!(
                page.contains(&format!("href=\"../../components/{id}/{file}\"")),
                "components/{id}/index.html does not link its {file}"
            );
        }
    }
    assert_eq!(events, 2, "every window of the fixture is in one component's calendar");
}

#[test]
fn feeds_are_bounded() {
    let (dir, _) = built();
    let config = dir.path().join("content/statusmark.toml");
    let text = std::fs::read_to_string(&config)
        .unwrap()
        .replace("uptime_days = 30", "uptime_days = 30\nfeed_entries = 2");
    std::fs::write(&config, text).unwrap();
    let out = dir.path().join("bounded");
    build_into(dir.path(), &out);
    let feed = feed_rs::parser::parse(read(&out, "history.rss").as_bytes()).unwrap();
    assert_eq!(feed.entries.len(), 2);
}

#[test]
fn the_calendar_parses_with_stable_uids() {
    let (_dir, out) = built();
    let text = read(&out, "maintenance.ics");
    let cal: icalendar::Calendar = text.parse().unwrap();
    let events: Vec<&icalendar::Event> = cal.components.iter().filter_map(|c| c.as_event()).collect();
    assert_eq!(events.len(), 2);
    use icalendar::Component;
    let email = events
        .iter()
        .find(|e| e.get_uid() == Some("maintenance-2026-11-25-email-provider@status.fixture.test"))
        .unwrap();
    assert_eq!(email.get_summary(), Some("Maintenance: Email provider migration"));
    let cancelled = events
        .iter()
        .find(|e| e.get_summary() == Some("Maintenance: CDN provider move"))
        .unwrap();
    assert_eq!(cancelled.property_value("STATUS"), Some("CANCELLED"));
    assert_eq!(
        cancelled.property_value("SEQUENCE"),
        Some("2"),
        "one update, plus one for the cancellation"
    );
    assert!(text.contains("DTSTART:20261125T220000Z") && text.contains("STATUS:CONFIRMED"));
    let single: icalendar::Calendar = read(&out, "maintenance/2026-11-25-email-provider/event.ics")
        .parse()
        .unwrap();
    assert_eq!(single.components.len(), 1);
}

/// JSON types, with `null` matching anything (optional fields).
fn same_shape(path: &str, theirs: &serde_json::Value, ours: &serde_json::Value, problems: &mut Vec<String>) {
    use serde_json::Value::*;
    match (theirs, ours) {
        (Null, _) | (_, Null) => {}
        (Object(t), Object(o)) => {
            for (k, v) in t {
                match o.get(k) {
                    Some(ov) => same_shape(&format!("{path}.{k}"), v, ov, problems),
                    None => problems.push(format!("{path}.{k} is missing")),
                }
            }
        }
        (Array(t), Array(o)) => {
            if let (Some(t0), Some(o0)) = (t.first(), o.first()) {
                same_shape(&format!("{path}[0]"), t0, o0, problems);
            } else if !t.is_empty() {
                problems.push(format!("{path} is empty where the capture has items"));
            }
        }
        (Bool(_), Bool(_)) | (Number(_), Number(_)) | (String(_), String(_)) => {}
        (t, o) => problems.push(format!("{path}: capture has {t}, ours has {o}")),
    }
}

#[test]
fn statuspage_api_has_the_structure_of_real_captures() {
    let (_dir, out) = built();
    let ours: serde_json::Value = serde_json::from_str(&read(&out, "api/v2/summary.json")).unwrap();
    // Our summary has an unresolved incident but no active maintenance at NOW; compare the
    // maintenance shape with the full list, which has it.
    let maint: serde_json::Value = serde_json::from_str(&read(&out, "api/v2/scheduled-maintenances.json")).unwrap();
    let mut ours_full = ours.clone();
    ours_full["scheduled_maintenances"] = maint["scheduled_maintenances"].clone();
    let captures = repo().join("tests/fixtures/statuspage");
    let mut checked = 0;
    for entry in std::fs::read_dir(&captures).unwrap_or_else(|e| panic!("{}: {e}", captures.display())) {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let theirs: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            let mut problems = Vec::new();
            same_shape("summary", &theirs, &ours_full, &mut problems);
            assert!(problems.is_empty(), "{}: {problems:#?}", path.display());
            checked += 1;
        }
    }
    assert_eq!(checked, 2);
    // Groups are rows with member ids; members point back; updates are newest first.
    let components = ours["components"].as_array().unwrap();
    let core = components.iter().find(|c| c["id"] == "core").unwrap();
    assert_eq!(core["group"], true);
    assert_eq!(core["components"], serde_json::json!(["api", "web"]));
    assert_eq!(
        components.iter().find(|c| c["id"] == "api").unwrap()["group_id"],
        "core"
    );
    let incidents: serde_json::Value = serde_json::from_str(&read(&out, "api/v2/incidents.json")).unwrap();
    let web = incidents["incidents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "2026-11-10-web-down")
        .unwrap();
    let statuses: Vec<&str> = web["incident_updates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["resolved", "investigating"]);
    assert_eq!(
        web["shortlink"],
        "https://status.fixture.test/incidents/2026-11-10-web-down/"
    );
    assert_eq!(ours["status"]["indicator"], "major");
    // Our own reader understands our API (the widget accepts it as a feed).
    let feed = statusmark_feed::parse_feed(&read(&out, "api/v2/summary.json")).unwrap();
    assert_eq!(feed.components.len(), 3);
    assert_eq!(feed.groups.len(), 1);
    // Each document holds what its name says at NOW: the open API incident, the email window
    // three days ahead, nothing in progress, the group row and its members, the page status.
    for (file, key, want) in [
        (
            "incidents/unresolved.json",
            "incidents",
            serde_json::json!(["2026-11-20-api-errors"]),
        ),
        (
            "scheduled-maintenances/upcoming.json",
            "scheduled_maintenances",
            serde_json::json!(["2026-11-25-email-provider"]),
        ),
        (
            "scheduled-maintenances/active.json",
            "scheduled_maintenances",
            serde_json::json!([]),
        ),
        (
            "components.json",
            "components",
            serde_json::json!(["core", "api", "web", "email"]),
        ),
    ] {
        let v: serde_json::Value = serde_json::from_str(&read(&out, &format!("api/v2/{file}"))).unwrap();
        let ids: Vec<&serde_json::Value> = v[key].as_array().unwrap().iter().map(|x| &x["id"]).collect();
        assert_eq!(serde_json::json!(ids), want, "{file}");
        assert_eq!(v["page"]["name"], "Fixture Status", "{file}");
    }
    let status: serde_json::Value = serde_json::from_str(&read(&out, "api/v2/status.json")).unwrap();
    assert_eq!(
        status["status"],
        serde_json::json!({"indicator": "major", "description": "Partial System Outage"})
    );
}

#[test]
fn the_json_feed_and_its_schema() {
    let (_dir, out) = built();
    insta::assert_snapshot!("status_schema", read(&out, "status.schema.json"));
    let feed = statusmark_feed::parse_feed(&read(&out, "status.json")).unwrap();
    assert_eq!(feed.version, 1);
    assert!(feed.incidents.iter().any(|i| i.title == HOSTILE));
}

/// The feed's one reader agrees with the published schema: every field the schema requires is
/// one the reader refuses to do without, and every field it leaves optional may be left out.
#[test]
fn the_reader_follows_the_published_schema() {
    let (_dir, out) = built();
    let schema: serde_json::Value = serde_json::from_str(&read(&out, "status.schema.json")).unwrap();
    let mut feed: serde_json::Value = serde_json::from_str(&read(&out, "status.json")).unwrap();
    // The lifecycle fields are written only when they say something the fixture's notice does not
    // (a stated phase, no auto-complete, an emergency); tests/maintenance_lifecycle.rs checks
    // what a site that has them writes. Here they only need to be present.
    let m = &mut feed["maintenances"][0];
    assert!(m.get("phase_changes").is_none() && m.get("auto_complete").is_none() && m.get("emergency").is_none());
    m["phase_changes"] = serde_json::json!([{ "at": "2026-11-25T21:50:00Z", "phase": "in_progress" }]);
    m["auto_complete"] = false.into();
    m["emergency"] = true.into();
    // (where in the feed, the schema of that object)
    let defs = &schema["$defs"];
    let object = |name: &str| &defs[name];
    let places: [(&str, Vec<&str>, &serde_json::Value); 8] = [
        ("feed", vec![], &schema),
        ("page", vec!["page"], object("PageInfo")),
        ("status", vec!["status"], object("OverallStatus")),
        ("group", vec!["groups", "0"], object("FeedGroup")),
        ("component", vec!["components", "0"], object("FeedComponent")),
        ("incident", vec!["incidents", "last"], object("FeedIncident")),
        ("maintenance", vec!["maintenances", "0"], object("FeedMaintenance")),
        (
            "phase change",
            vec!["maintenances", "0", "phase_changes", "0"],
            object("FeedPhaseChange"),
        ),
    ];
    let mut checked = 0;
    for (what, path, def) in places {
        let required: Vec<&str> = def["required"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap())
            .collect();
        for field in def["properties"].as_object().unwrap().keys() {
            // Measurements and upstreams are optional and the reader leaves them out (the widget
            // shows none); tests/measurements.rs and tests/upstreams.rs check what sites with
            // them write.
            if what == "feed" && ["probes", "metrics", "upstreams"].contains(&field.as_str()) {
                assert!(!required.contains(&field.as_str()), "{field} must stay optional");
                continue;
            }
            let mut doc = feed.clone();
            let mut at = &mut doc;
            for step in &path {
                at = match (*step, step.parse::<usize>()) {
                    // The oldest incident is resolved: it has every optional field.
                    ("last", _) => at.as_array_mut().unwrap().last_mut().unwrap(),
                    (_, Ok(i)) => &mut at[i],
                    (name, Err(_)) => &mut at[name],
                };
            }
            assert!(
                at.get(field).is_some(),
                "{what}.{field}: the fixture's feed lacks it; test nothing"
            );
            at.as_object_mut().unwrap().remove(field);
            let read = statusmark_feed::parse_feed(&doc.to_string());
            if (what, field.as_str()) == ("feed", "version") {
                // Required, and also what tells the two formats apart: without it the document
                // is read as a Statuspage summary, which is not the same feed.
                assert!(required.contains(&"version"));
                assert_ne!(read.ok(), statusmark_feed::parse_feed(&feed.to_string()).ok());
                checked += 1;
                continue;
            }
            let must = required.contains(&field.as_str());
            assert_eq!(
                read.is_err(),
                must,
                "{what}.{field}: required by the schema: {must}; reader: {read:?}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 30, "only {checked} fields checked");
}

#[test]
fn badges_are_accessible_svg_with_endpoint_json() {
    let (_dir, out) = built();
    let svg = read(&out, "badges/status.svg");
    assert!(
        svg.starts_with("<svg")
            && svg.contains(r#"role="img""#)
            && svg.contains("<title>status: Partial System Outage</title>")
    );
    let endpoint: serde_json::Value = serde_json::from_str(&read(&out, "badges/components/api/uptime.json")).unwrap();
    assert_eq!(endpoint["schemaVersion"], 1);
    assert_eq!(endpoint["label"], "API uptime");
    assert!(endpoint["message"].as_str().unwrap().ends_with('%'));
    assert!(read(&out, "badges/components/web.svg").contains("<title>Web: Operational</title>"));
    assert!(read(&out, "badges/components/api.svg").contains("<title>API: Partial Outage</title>"));
}

#[test]
fn hostile_text_is_inert_in_every_format() {
    let (_dir, out) = built();
    for file in [
        "history.atom",
        "history.rss",
        "components/email/history.atom",
        "index.html",
        "incidents/2026-11-19-hostile/index.html",
        "api/v2/incidents.json",
        "status.json",
    ] {
        let text = read(&out, file);
        assert!(!text.contains("<script>"), "{file} carries a live <script>");
    }
    for file in [
        "status.json",
        "api/v2/summary.json",
        "api/v2/incidents.json",
        "badges/status.json",
    ] {
        assert!(
            !read(&out, file).contains(['<', '>']),
            "{file}: angle brackets must be escaped in JSON"
        );
    }
    let headers = read(&out, "_headers");
    assert!(headers.contains(
        "/status.json\n  Cache-Control: public, max-age=30, stale-while-revalidate=60\n  Access-Control-Allow-Origin: *"
    ));
    assert!(headers.contains("/assets/*\n  Cache-Control: public, max-age=31536000, immutable"));
    assert!(headers.contains("Content-Security-Policy: default-src 'self'"));
}

#[test]
fn line_breaks_cannot_inject_calendar_properties() {
    let (dir, _) = built();
    // A title with line breaks is refused outright…
    let evil = dir.path().join("content/maintenance/evil.md");
    std::fs::write(&evil, "---\ntitle: \"Evil\\r\\nATTENDEE:mailto:victim@example.com\"\nscheduled_for: 2026-11-26T22:00:00Z\nscheduled_until: 2026-11-27T00:00:00Z\ncomponents: [api]\n---\n").unwrap();
    let check = |root: &Path| {
        Command::new(env!("CARGO_BIN_EXE_statusmark"))
            .args(["check", "--now", NOW, "--root"])
            .arg(root)
            .output()
            .unwrap()
    };
    let o = check(dir.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("control character"));
    // …and a body with CR/LF and property-like lines stays inside one escaped DESCRIPTION.
    std::fs::write(&evil, "---\ntitle: Evil\nscheduled_for: 2026-11-26T22:00:00Z\nscheduled_until: 2026-11-27T00:00:00Z\ncomponents: [api]\n---\n\nBody\r\nATTENDEE:mailto:victim@example.com\r\nEND:VEVENT\rDTSTART:19700101T000000Z\n").unwrap();
    let out = dir.path().join("evil-out");
    build_into(dir.path(), &out);
    let text = read(&out, "maintenance.ics");
    let lines: Vec<&str> = text.split("\r\n").collect();
    for line in &lines {
        assert!(!line.contains(['\r', '\n']), "raw line break inside a line: {line:?}");
        assert!(
            !line.starts_with("ATTENDEE") && !line.starts_with("DTSTART:1970"),
            "injected: {line:?}"
        );
    }
    assert_eq!(lines.iter().filter(|l| **l == "END:VEVENT").count(), 3);
    let cal: icalendar::Calendar = text.parse().unwrap();
    assert_eq!(cal.components.iter().filter(|c| c.as_event().is_some()).count(), 3);
}

#[test]
fn the_feed_says_how_long_the_site_stays_current() {
    let (dir, out) = built();
    assert!(
        read(&out, "status.json").contains("\"stale_after_seconds\": 7200"),
        "two hours by default"
    );
    let config = dir.path().join("content/statusmark.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        text.replace("uptime_days = 30", "uptime_days = 30\nstale_after = \"90m\""),
    )
    .unwrap();
    let custom = dir.path().join("custom");
    build_into(dir.path(), &custom);
    assert!(read(&custom, "status.json").contains("\"stale_after_seconds\": 5400"));
    // A value that is not a duration is an error at its place, with the fix.
    std::fs::write(
        &config,
        text.replace("uptime_days = 30", "uptime_days = 30\nstale_after = \"soon\""),
    )
    .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_statusmark"))
        .args(["build", "--root"])
        .arg(dir.path())
        .arg("--out")
        .arg(dir.path().join("bad"))
        .args(["--now", NOW, "--no-widget"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(
        err.contains("stale_after \"soon\" is not a duration") && err.contains("statusmark.toml:"),
        "{err}"
    );
    assert!(err.contains("such as \"2h\""), "{err}");
}

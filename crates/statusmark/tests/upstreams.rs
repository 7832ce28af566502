//! `[[upstreams]]` end to end: `statusmark fetch` against pages served here on 127.0.0.1 (real
//! Statuspage captures, an Instatus summary, a Statusmark status.json built by the binary), up,
//! refused, slow and answering garbage; then `build` of the `upstreams` fixture site, whose
//! snapshots `fetch` wrote from the same documents: the group, the stale and missing cases, and
//! our overall status with and without `affects_overall`.

// Test code: a panic is a failing test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::io::{Read as _, Write as _};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use statusmark::{BuildOptions, Incremental, WidgetSource};

mod common;
use common::{copy_dir, tree};

/// The fixture site's builds happen at this instant: the fresh snapshots were fetched at 09:30,
/// the stale one (catalog, `stale_after = "6h"`) the evening before.
const NOW: &str = "2026-12-01T10:00:00Z";

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn capture(name: &str) -> Vec<u8> {
    std::fs::read(repo().join("tests/fixtures/statuspage").join(name)).unwrap()
}

/// What Instatus pages serve at `/summary.json`.
const INSTATUS: &str = r#"{"page":{"name":"Edge Network","url":"https://status.edge.test","status":"HASISSUES"},
"activeIncidents":[{"id":"cm3x1","name":"Elevated errors in eu-west","started":"2026-11-30T08:12:00.000Z",
"status":"IDENTIFIED","impact":"PARTIALOUTAGE","url":"https://status.edge.test/cm3x1"}],"activeMaintenances":[]}"#;

#[derive(Clone)]
enum Answer {
    Json(Vec<u8>),
    /// Says nothing for this long, then answers.
    Slow(Duration, Vec<u8>),
    Status(u16),
}

type Routes = Arc<Mutex<BTreeMap<String, Answer>>>;

/// A small HTTP server on 127.0.0.1 answering each path as `routes` says (changeable while it
/// runs); its threads end with the test process.
fn serve(routes: Routes) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let routes = routes.clone();
            std::thread::spawn(move || {
                let mut request = Vec::new();
                let mut buf = [0u8; 1024];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf) {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buf[..n]),
                    }
                }
                let text = String::from_utf8_lossy(&request);
                let path = text.split_whitespace().nth(1).unwrap_or("/").to_owned();
                let answer = routes
                    .lock()
                    .unwrap()
                    .get(&path)
                    .cloned()
                    .unwrap_or(Answer::Status(404));
                let (status, body) = match answer {
                    Answer::Json(b) => (200, b),
                    Answer::Slow(wait, b) => {
                        std::thread::sleep(wait);
                        (200, b)
                    }
                    Answer::Status(s) => (s, b"oops".to_vec()),
                };
                let head = format!(
                    "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(&body);
            });
        }
    });
    port
}

/// A port nothing listens on: connections are refused.
fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A Statusmark status.json: the basic fixture, built by the binary.
fn statusmark_feed() -> Vec<u8> {
    let out = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_statusmark"))
        .args(["build", "--root"])
        .arg(repo().join("tests/fixtures/basic"))
        .arg("--out")
        .arg(out.path())
        .args(["--now", "2026-11-20T15:00:00Z"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    std::fs::read(out.path().join("status.json")).unwrap()
}

/// A site whose upstreams are `(id, url, extra lines)`.
fn site(root: &Path, upstreams: &[(&str, String, &str)]) {
    std::fs::create_dir_all(root.join("content")).unwrap();
    let mut config = String::from("title = \"T\"\n[[components]]\nid = \"api\"\nname = \"API\"\n");
    for (id, url, extra) in upstreams {
        config.push_str(&format!(
            "[[upstreams]]\nid = \"{id}\"\nname = \"{id}\"\nurl = \"{url}\"\n{extra}\n"
        ));
    }
    std::fs::write(root.join("content/statusmark.toml"), config).unwrap();
}

fn fetch(root: &Path, now: &str) -> (Output, Duration) {
    let started = Instant::now();
    let o = Command::new(env!("CARGO_BIN_EXE_statusmark"))
        .arg("fetch")
        .arg("--root")
        .arg(root)
        .args(["--now", now, "--timeout", "1s"])
        .output()
        .unwrap();
    (o, started.elapsed())
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn snapshot(root: &Path, id: &str) -> Option<String> {
    std::fs::read_to_string(root.join(format!("data/upstreams/{id}.json"))).ok()
}

#[test]
fn fetch_saves_the_pages_that_answer_and_keeps_the_last_snapshot_of_those_that_fail() {
    let routes: Routes = Arc::default();
    let feed = statusmark_feed();
    let good = [
        (
            "/sp.json",
            capture("nyu-testpage_summary_incident_critical_monitoring.json"),
        ),
        ("/instatus.json", INSTATUS.as_bytes().to_vec()),
        ("/status.json", feed.clone()),
        ("/down.json", feed.clone()),
        ("/slow.json", feed.clone()),
        ("/garbage.json", feed.clone()),
        ("/broken.json", feed),
    ];
    for (path, body) in &good {
        routes
            .lock()
            .unwrap()
            .insert((*path).to_owned(), Answer::Json(body.clone()));
    }
    let port = serve(routes.clone());
    let url = |path: &str| format!("http://127.0.0.1:{port}{path}");
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let mut upstreams = vec![
        (
            "statuspage",
            url("/sp.json"),
            "components = [\"API (example)\", \"gc848g3h2mj5\"]",
        ),
        ("instatus", url("/instatus.json"), ""),
        ("statusmark", url("/status.json"), "components = [\"web\"]"),
        ("down", url("/down.json"), ""),
        ("slow", url("/slow.json"), ""),
        ("garbage", url("/garbage.json"), ""),
        ("broken", url("/broken.json"), ""),
    ];
    site(root, &upstreams);

    // Everything answers.
    let (first, _) = fetch(root, "2026-12-01T09:00:00Z");
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    assert_eq!(
        text(&first.stdout),
        "upstream statuspage (statuspage): operational, 2 component(s)\n\
         upstream instatus (instatus): partial_outage\n\
         upstream statusmark (statusmark): operational, 1 component(s)\n\
         upstream down (statusmark): partial_outage, 3 component(s)\n\
         upstream slow (statusmark): partial_outage, 3 component(s)\n\
         upstream garbage (statusmark): partial_outage, 3 component(s)\n\
         upstream broken (statusmark): partial_outage, 3 component(s)\n"
    );
    let sp: serde_json::Value = serde_json::from_str(&snapshot(root, "statuspage").unwrap()).unwrap();
    assert_eq!(sp["kind"], "statuspage");
    assert_eq!(sp["fetched_at"], "2026-12-01T09:00:00Z");
    assert_eq!(sp["source"], url("/sp.json"));
    assert_eq!(sp["components"][1]["name"], "Databases");
    assert_eq!(sp["incidents"][0]["title"], "Test incident: impact=critical");
    let before: BTreeMap<&str, String> = ["down", "slow", "garbage", "broken"]
        .into_iter()
        .map(|id| (id, snapshot(root, id).unwrap()))
        .collect();

    // Now four of them fail, and a new one never answers.
    let refused = closed_port();
    upstreams[3].1 = format!("http://127.0.0.1:{refused}/down.json");
    upstreams.push(("never", format!("http://127.0.0.1:{refused}/never.json"), ""));
    site(root, &upstreams);
    {
        let mut r = routes.lock().unwrap();
        r.insert(
            "/slow.json".into(),
            Answer::Slow(Duration::from_secs(4), b"{}".to_vec()),
        );
        r.insert(
            "/garbage.json".into(),
            Answer::Json(b"<html>Service Unavailable</html>".to_vec()),
        );
        r.insert("/broken.json".into(), Answer::Status(502));
    }
    let (second, took) = fetch(root, "2026-12-01T09:30:00Z");
    assert_eq!(second.status.code(), Some(1));
    assert!(took < Duration::from_secs(4), "the slow page was waited for: {took:?}");
    assert_eq!(
        text(&second.stdout),
        "upstream statuspage (statuspage): operational, 2 component(s)\n\
         upstream instatus (instatus): partial_outage\n\
         upstream statusmark (statusmark): operational, 1 component(s)\n"
    );
    let stderr = text(&second.stderr);
    let kept = |id: &str| format!("the last snapshot, data/upstreams/{id}.json, is kept");
    for line in [
        format!("error: upstream down (http://127.0.0.1:{refused}): connection refused\n"),
        format!("{}\n", kept("down")),
        format!("error: upstream slow ({}): no complete answer within 1 s\n", url("")),
        format!("{}\n", kept("slow")),
        format!("error: upstream garbage ({}): the answer is not JSON", url("")),
        format!("{}\n", kept("garbage")),
        format!("error: upstream broken ({}): HTTP 502\n", url("")),
        format!("{}\n", kept("broken")),
        format!("error: upstream never (http://127.0.0.1:{refused}): connection refused\n"),
        "no snapshot was written\n".to_owned(),
        "error: 5 of 8 upstream(s) could not be fetched; their previous snapshots are kept\n".to_owned(),
    ] {
        assert!(stderr.contains(&line), "stderr lacks {line:?}:\n{stderr}");
    }
    for (id, old) in &before {
        assert_eq!(
            &snapshot(root, id).unwrap(),
            old,
            "the last good snapshot of {id} changed"
        );
    }
    assert_eq!(snapshot(root, "never"), None);
    let sp: serde_json::Value = serde_json::from_str(&snapshot(root, "statuspage").unwrap()).unwrap();
    assert_eq!(
        sp["fetched_at"], "2026-12-01T09:30:00Z",
        "the pages that answered are saved"
    );
    let mut files: Vec<String> = std::fs::read_dir(root.join("data/upstreams"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "broken.json",
            "down.json",
            "garbage.json",
            "instatus.json",
            "slow.json",
            "statusmark.json",
            "statuspage.json"
        ],
        "no temporary file is left behind"
    );
}

/// Review finding: `fetch` printed an upstream's whole URL, query (and any token in it) included.
#[test]
fn fetch_errors_name_an_upstream_by_its_origin_never_its_path_or_query() {
    let routes: Routes = Arc::default();
    routes
        .lock()
        .unwrap()
        .insert("/broken.json?token=s3cret".into(), Answer::Status(502));
    routes.lock().unwrap().insert(
        "/garbage.json?token=s3cret".into(),
        Answer::Json(b"<html>no</html>".to_vec()),
    );
    let port = serve(routes);
    let refused = closed_port();
    let dir = tempfile::tempdir().unwrap();
    site(
        dir.path(),
        &[
            (
                "broken",
                format!("http://127.0.0.1:{port}/broken.json?token=s3cret"),
                "",
            ),
            (
                "garbage",
                format!("http://127.0.0.1:{port}/garbage.json?token=s3cret"),
                "",
            ),
            ("refused", format!("http://127.0.0.1:{refused}/x.json?token=s3cret"), ""),
        ],
    );
    let (o, _) = fetch(dir.path(), "2026-12-01T09:00:00Z");
    assert_eq!(o.status.code(), Some(1));
    let all = format!("{}{}", text(&o.stdout), text(&o.stderr));
    for line in [
        format!("error: upstream broken (http://127.0.0.1:{port}): HTTP 502\n"),
        format!("error: upstream garbage (http://127.0.0.1:{port}): the answer is not JSON"),
        format!("error: upstream refused (http://127.0.0.1:{refused}): connection refused\n"),
    ] {
        assert!(all.contains(&line), "output lacks {line:?}:\n{all}");
    }
    assert!(!all.contains("s3cret"), "the query was printed:\n{all}");
    for path in ["/broken.json", "/garbage.json", "/x.json"] {
        assert!(!all.contains(path), "the path was printed:\n{all}");
    }
}

/// A Statuspage summary as large and as long-winded as `fetch` accepts: thousands of components
/// with long names, a hundred open incidents with kilobyte titles.
fn hostile_summary() -> Vec<u8> {
    let long = "Ω".repeat(1000);
    let components: Vec<serde_json::Value> = (0..3000)
        .map(|i| serde_json::json!({"id": format!("c{i}"), "name": format!("Component {i} {long}"), "status": "major_outage"}))
        .collect();
    let incidents: Vec<serde_json::Value> = (0..100)
        .map(|i| {
            serde_json::json!({"id": format!("i{i}"), "name": format!("Incident {i} {long}"),
                "status": "investigating", "impact": "critical", "created_at": "2026-11-30T08:00:00Z",
                "shortlink": format!("https://x.test/{i}")})
        })
        .collect();
    serde_json::json!({"page": {"id": "p", "name": long, "url": "https://x.test"},
        "status": {"indicator": "critical", "description": long},
        "components": components, "incidents": incidents, "scheduled_maintenances": []})
    .to_string()
    .into_bytes()
}

/// Review finding: `fetch` took answers of up to 16 MB and wrote all of them, while `build` reads
/// no snapshot over 4 MB; and nothing bounded how much an upstream put on our pages.
#[test]
fn a_huge_hostile_page_is_cut_to_the_limits_and_build_reads_what_fetch_wrote() {
    let body = hostile_summary();
    assert!(body.len() > 5 * 1024 * 1024, "larger than build reads: {}", body.len());
    let routes: Routes = Arc::default();
    routes
        .lock()
        .unwrap()
        .insert("/summary.json".into(), Answer::Json(body));
    let port = serve(routes);
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    site(root, &[("huge", format!("http://127.0.0.1:{port}/summary.json"), "")]);
    let o = Command::new(env!("CARGO_BIN_EXE_statusmark"))
        .arg("fetch")
        .arg("--root")
        .arg(root)
        .args(["--now", "2026-12-01T09:30:00Z", "--timeout", "20s"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(
        text(&o.stdout),
        "upstream huge (statuspage): major_outage, 100 component(s)\n"
    );
    let snap = snapshot(root, "huge").unwrap();
    assert!(snap.len() < 512 * 1024, "the snapshot is {} bytes", snap.len());
    let v: serde_json::Value = serde_json::from_str(&snap).unwrap();
    assert_eq!(v["incidents"].as_array().unwrap().len(), 20);
    let name = v["components"][99]["name"].as_str().unwrap();
    assert_eq!(name.chars().count(), 200);
    assert!(name.starts_with("Component 99 ΩΩ") && name.ends_with("Ω…"), "{name}");

    let (o, out) = build(root);
    let stderr = text(&o.stderr);
    assert!(
        !stderr.contains("huge"),
        "build did not read the snapshot fetch wrote:\n{stderr}"
    );
    let feed = json(&out, "status.json");
    assert_eq!(feed["upstreams"][0]["status"], "major_outage");
    assert_eq!(feed["upstreams"][0]["components"].as_array().unwrap().len(), 100);
    let html = read(&out, "index.html");
    assert!(html.len() < 512 * 1024, "index.html is {} bytes", html.len());
}

/// Review finding: a snapshot's `id` and `source` were never checked, so after an upstream's `url`
/// changed the old service's snapshot was shown, fresh, under the new one's name.
#[test]
fn a_snapshot_of_another_address_or_upstream_is_not_shown() {
    let site = fixture();
    let root = site.path();
    let config = root.join("content/statusmark.toml");
    let toml = std::fs::read_to_string(&config).unwrap().replace(
        "url = \"https://library.example.test/api/v2/summary.json\"",
        "url = \"https://status.other.test/api/v2/summary.json?token=s3cret\"",
    );
    std::fs::write(&config, toml).unwrap();
    // The edge network's file holds the partner's snapshot.
    std::fs::copy(
        root.join("data/upstreams/partner.json"),
        root.join("data/upstreams/edge.json"),
    )
    .unwrap();
    let (o, out) = build(root);
    let stderr = text(&o.stderr);
    for expected in [
        "warning: the snapshot was fetched from another address (https://library.example.test), \
         not upstream \"library\"'s url (https://status.other.test); it is not shown\n  --> data/upstreams/library.json\n",
        "warning: the snapshot is upstream \"partner\"'s, not \"edge\"'s; it is not shown\n  --> data/upstreams/edge.json\n",
    ] {
        assert!(stderr.contains(expected), "stderr lacks {expected:?}:\n{stderr}");
    }
    assert!(!stderr.contains("s3cret"), "{stderr}");
    let feed = json(&out, "status.json");
    assert_eq!(feed["upstreams"][0]["status"], "unknown");
    assert!(feed["upstreams"][0].get("fetched_at").is_none());
    assert_eq!(feed["upstreams"][1]["status"], "unknown");
    assert_eq!(
        feed["upstreams"][2]["status"], "partial_outage",
        "the partner's own is shown"
    );
    let html = read(&out, "index.html");
    let library = html.find("data-sm-upstream=\"library\"").unwrap();
    let row = &html[library..library + html[library..].find("\n    </li>").unwrap()];
    assert!(row.contains("Unknown — not fetched yet"), "{row}");
    assert!(!row.contains("API (example)"), "{row}");

    let o = Command::new(env!("CARGO_BIN_EXE_statusmark"))
        .arg("check")
        .arg("--root")
        .arg(root)
        .args(["--now", NOW])
        .output()
        .unwrap();
    assert!(
        text(&o.stderr).contains("warning: the snapshot is upstream \"partner\"'s, not \"edge\"'s"),
        "check does not warn:\n{}",
        text(&o.stderr)
    );
}

#[test]
fn an_unknown_only_id_names_the_nearest_upstream() {
    let dir = tempfile::tempdir().unwrap();
    site(
        dir.path(),
        &[("github", "https://www.githubstatus.com/api/v2/summary.json".into(), "")],
    );
    let o = Command::new(env!("CARGO_BIN_EXE_statusmark"))
        .arg("fetch")
        .arg("--root")
        .arg(dir.path())
        .args(["--only", "githbu"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("\"githbu\" (did you mean \"github\"?); nothing was fetched"),
        "{}",
        text(&o.stderr)
    );
}

fn build(root: &Path) -> (Output, PathBuf) {
    let out = root.join("public");
    let o = Command::new(env!("CARGO_BIN_EXE_statusmark"))
        .arg("build")
        .arg("--root")
        .arg(root)
        .arg("--out")
        .arg(&out)
        .args(["--now", NOW])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o.stderr));
    (o, out)
}

fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/fixtures/upstreams"), dir.path());
    dir
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap()
}

fn json(out: &Path, rel: &str) -> serde_json::Value {
    serde_json::from_str(&read(out, rel)).unwrap()
}

#[test]
fn the_home_page_shows_upstreams_in_their_own_group_and_our_status_without_them() {
    let site = fixture();
    let (o, out) = build(site.path());
    let stderr = text(&o.stderr);
    assert!(
        stderr.contains("warning: the snapshot of upstream \"catalog\" was fetched at 2026-11-30T20:00:00Z"),
        "{stderr}"
    );
    assert!(
        stderr.contains("warning: upstream \"sms\" has no snapshot yet"),
        "{stderr}"
    );

    let html = read(&out, "index.html");
    let ours = html.find("<h2 id=\"comp-h\">Components</h2>").unwrap();
    let theirs = html.find("<h2 id=\"upstreams-h\">Services we depend on</h2>").unwrap();
    let past = html.find("<h2 id=\"past-h\">").unwrap();
    assert!(
        ours < theirs && theirs < past,
        "the group comes after our own components"
    );
    let group = &html[theirs..past];
    // Our banner: the Edge Network's partial outage is theirs, not ours.
    assert!(html.contains("<section class=\"banner ind-none\""), "{html}");
    assert!(html.contains("<h1 class=\"banner-text\">All Systems Operational</h1>"));
    assert!(group.contains("They are not counted in our uptime or in our overall status."));
    assert!(
        !group.contains("data-sm-component"),
        "the page script must not touch them"
    );
    let row = |id: &str| {
        let start = group.find(&format!("data-sm-upstream=\"{id}\"")).unwrap();
        // Only an upstream's own row ends on a line of its own.
        let end = group[start..].find("\n    </li>").unwrap();
        group[start..start + end].to_owned()
    };
    let library = row("library");
    assert!(
        library.contains("href=\"https://da70testpage.statuspage.io\""),
        "{library}"
    );
    assert!(library.contains("<span>API (example)</span>"));
    assert!(library.contains("<span>Databases</span>"));
    assert!(library.contains("Incident: Test incident: impact=critical"));
    assert!(library.contains("Not on their page: Not on their page"));
    assert!(library.contains("Checked <time datetime=\"2026-12-01T09:30:00Z\">Dec 1, 2026 09:30 UTC</time>"));
    let edge = row("edge");
    assert!(edge.contains("<span class=\"st st-partial_outage\""), "{edge}");
    assert!(edge.contains("Incident: Elevated errors in eu-west"));
    let partner = row("partner");
    assert!(partner.contains("href=\"https://status.fixture.test/\""), "{partner}");
    // Stale: unknown, never down, with what it last said and when.
    let catalog = row("catalog");
    assert!(
        group.contains("<li class=\"component upstream sm-stale\" data-sm-upstream=\"catalog\">"),
        "{group}"
    );
    assert!(catalog.contains(
        "<span class=\"st st-unknown\" data-sm-status><span class=\"ico\" aria-hidden=\"true\"></span><span class=\"st-text\">Unknown — last known Under Maintenance at Nov 30, 2026 20:00 UTC</span>"
    ));
    assert!(
        !catalog.contains("affected"),
        "a stale snapshot's components say nothing about now"
    );
    let sms = row("sms");
    assert!(
        sms.contains("<span class=\"st-text\">Unknown — not fetched yet</span>"),
        "{sms}"
    );
    assert!(sms.contains("Not checked yet"));

    // status.json: a separate array; our components and status as without upstreams.
    let feed = json(&out, "status.json");
    assert_eq!(feed["status"]["indicator"], "none");
    let ids: Vec<&str> = feed["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["api", "web"]);
    let upstreams = feed["upstreams"].as_array().unwrap();
    let status: Vec<(&str, &str)> = upstreams
        .iter()
        .map(|u| (u["id"].as_str().unwrap(), u["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        status,
        [
            ("library", "operational"),
            ("edge", "partial_outage"),
            ("partner", "partial_outage"),
            ("catalog", "unknown"),
            ("sms", "unknown")
        ]
    );
    assert_eq!(upstreams[3]["stale"], true);
    assert_eq!(upstreams[3]["last_known_status"], "under_maintenance");
    assert_eq!(upstreams[3]["fetched_at"], "2026-11-30T20:00:00Z");
    assert!(upstreams[4].get("fetched_at").is_none());
    assert_eq!(upstreams[0]["components"][0]["name"], "API (example)");
    assert_eq!(upstreams[1]["incidents"][0], "Elevated errors in eu-west");
    // The feed's reader still reads it.
    let read_back = statusmark_feed::parse_feed(&read(&out, "status.json")).unwrap();
    assert_eq!(read_back.components.len(), 2);

    // The Statuspage-compatible summary: never among its components; beside the measurements.
    let summary = json(&out, "api/v2/summary.json");
    let names: Vec<&str> = summary["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["API", "Web"]);
    assert_eq!(summary["status"]["indicator"], "none");
    assert_eq!(summary["statusmark"]["upstreams"].as_array().unwrap().len(), 5);
    assert!(summary["statusmark"].get("probes").is_none());
}

fn set_affects_overall(root: &Path, id: &str) {
    let path = root.join("content/statusmark.toml");
    let config = std::fs::read_to_string(&path).unwrap();
    let marker = format!("id = \"{id}\"\n");
    assert!(config.contains(&marker));
    std::fs::write(
        &path,
        config.replacen(&marker, &format!("{marker}affects_overall = true\n"), 1),
    )
    .unwrap();
}

#[test]
fn affects_overall_counts_a_fresh_upstream_in_our_status_and_never_a_stale_one() {
    let base = fixture();
    let (_, base_out) = build(base.path());
    let uptime = |out: &Path| json(out, "status.json")["components"].clone();

    let site = fixture();
    set_affects_overall(site.path(), "edge");
    let (_, out) = build(site.path());
    let html = read(&out, "index.html");
    assert!(html.contains("<section class=\"banner ind-major\""), "{html}");
    assert!(html.contains("<h1 class=\"banner-text\">Partial System Outage</h1>"));
    assert!(html.contains("counts in our overall status"));
    assert!(html.contains("They are not counted in our uptime.</p>"));
    let feed = json(&out, "status.json");
    assert_eq!(feed["status"]["indicator"], "major");
    // What the page script and the widget count, live.
    assert_eq!(feed["upstreams"][1]["affects_overall"], true);
    assert_eq!(feed["upstreams"][1]["status"], "partial_outage");
    assert_eq!(json(&out, "api/v2/summary.json")["status"]["indicator"], "major");
    // Never in our components' statuses or uptime.
    assert_eq!(uptime(&out), uptime(&base_out));

    // A stale upstream is unknown: it never turns our status.
    let site = fixture();
    set_affects_overall(site.path(), "catalog");
    set_affects_overall(site.path(), "sms");
    let (_, out) = build(site.path());
    assert_eq!(json(&out, "status.json")["status"]["indicator"], "none");
    assert!(read(&out, "index.html").contains("<section class=\"banner ind-none\""));
}

#[test]
fn a_new_snapshot_renders_the_home_page_and_feeds_again_in_place() {
    let site = fixture();
    let root = site.path();
    let out = root.join("public");
    let opts = BuildOptions {
        root: root.to_owned(),
        out: out.clone(),
        now: Some(NOW.parse().unwrap()),
        widget: WidgetSource::None,
        deny_warnings: false,
    };
    let mut serve = Incremental::new(&opts).unwrap();
    serve.build().unwrap();
    let before = tree(&out);
    // The edge network recovers.
    let path = root.join("data/upstreams/edge.json");
    let snap = std::fs::read_to_string(&path).unwrap();
    let recovered = snap
        .replace("\"indicator\": \"major\"", "\"indicator\": \"none\"")
        .replace("Partial System Outage", "All Systems Operational");
    assert_ne!(snap, recovered);
    std::fs::write(&path, recovered).unwrap();
    serve
        .build_after(Some(&["data/upstreams/edge.json".to_owned()]))
        .unwrap();
    let after = tree(&out);
    let changed: Vec<&String> = after.keys().filter(|k| before.get(*k) != after.get(*k)).collect();
    for file in ["index.html", "status.json", "api/v2/summary.json"] {
        assert!(
            changed.iter().any(|c| c == &file),
            "{file} was not rendered again: {changed:?}"
        );
    }
    let full = root.join("full");
    statusmark::build(&BuildOptions {
        out: full.clone(),
        ..opts
    })
    .unwrap();
    assert_eq!(tree(&full), after, "the incremental output differs from a full build");
}

#[test]
fn mistakes_in_upstreams_point_at_the_value_with_a_help_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    std::fs::write(
        dir.path().join("content/statusmark.toml"),
        "title = \"T\"\n[[components]]\nid = \"api\"\nname = \"API\"\n[[upstreams]]\nid = \"edge\"\nname = \"Edge\"\n\
         url = \"https://user:secret@status.edge.test/summary.json\"\ncomponents = [\"API\", \"API\"]\nstale_after = \"soon\"\n",
    )
    .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_statusmark"))
        .arg("check")
        .arg("--root")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let stderr = text(&o.stderr);
    for expected in [
        "error: url has a user or password in it\n  --> content/statusmark.toml:8:8\n",
        "= help: upstream status pages are public; give the address without credentials\n",
        "error: component \"API\" is listed twice\n  --> content/statusmark.toml:9:23\n",
        "error: stale_after \"soon\" is not a duration\n  --> content/statusmark.toml:10:16\n",
    ] {
        assert!(stderr.contains(expected), "stderr lacks {expected:?}:\n{stderr}");
    }
}

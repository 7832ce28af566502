//! Fixture sites built by the real `statusmark` binary into temporary folders: the output,
//! determinism, atomicity, escaping, and the exact text of errors on broken input.

// Helpers here are test code: a panic is a failing test.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;
use common::{copy_dir, tree};

const NOW: &str = "2026-11-20T15:00:00Z";

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A private copy of `tests/fixtures/<name>`.
fn fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/fixtures").join(name), dir.path());
    dir
}

fn statusmark(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_statusmark"))
        .args(args)
        .output()
        .unwrap()
}

fn build(root: &Path, out: &Path) -> Output {
    build_at(root, out, NOW)
}

fn build_at(root: &Path, out: &Path, now: &str) -> Output {
    statusmark(&[
        "build",
        "--root",
        path(root),
        "--out",
        path(out),
        "--now",
        now,
        "--no-widget",
    ])
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn basic_site_has_every_page_and_the_feed() {
    let site = fixture("basic");
    let out = site.path().join("public");
    let o = build(site.path(), &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let files = tree(&out);
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    insta::assert_snapshot!("basic_files", names.join("\n"));
    insta::assert_snapshot!("basic_status_json", String::from_utf8_lossy(&files["status.json"]));
    // Every page type, and every machine-readable format, as generated.
    for (name, file) in [
        ("basic_incident_page", "incidents/2026-11-10-web-down/index.html"),
        ("basic_home_page", "index.html"),
        (
            "basic_maintenance_page",
            "maintenance/2026-11-25-email-provider/index.html",
        ),
        ("basic_history_page", "history/index.html"),
        ("basic_component_page", "components/web/index.html"),
        ("basic_statuspage_summary", "api/v2/summary.json"),
        ("basic_statuspage_incidents", "api/v2/incidents.json"),
        ("basic_history_atom", "history.atom"),
        ("basic_history_rss", "history.rss"),
        ("basic_maintenance_ics", "maintenance.ics"),
        ("basic_status_badge", "badges/status.svg"),
        ("basic_headers", "_headers"),
        ("basic_sitemap", "sitemap.xml"),
    ] {
        insta::assert_snapshot!(name, String::from_utf8_lossy(&files[file]));
    }
    let ics = String::from_utf8_lossy(&files["maintenance.ics"]);
    assert!(
        ics.contains("STATUS:CANCELLED") && ics.contains("SUMMARY:Maintenance: CDN provider move"),
        "a cancelled window is marked"
    );
    let home = String::from_utf8_lossy(&files["index.html"]).into_owned();
    assert!(home.contains("Partial System Outage"), "banner");
    assert!(home.contains(r#"<li class="component" data-sm-component="api">"#));
    assert!(home.contains("Operational") && home.contains("Partial Outage"));
    assert!(home.contains("API errors"), "the ongoing incident is on the home page");
    assert!(
        !home.contains("<script type=\"module\""),
        "--no-widget leaves the widget out"
    );
    // 30 days of bars for each of 3 components: a path per colour, a line per day or quiet stretch.
    assert_eq!(home.matches("<rect ").count(), 0);
    assert_eq!(home.matches(r#"<details class="days">"#).count(), 3);
    assert!(home.matches("<path class=\"d-").count() >= 3);
}

/// Statuspage's `updated_at` means "last changed", not "built": a component's is when its current
/// status began, a group's its latest member's, the page's its latest change of any kind. So a
/// later build with nothing changed leaves every API document as it was, and one after a change
/// shows when it happened. The basic fixture: `api` is in partial outage since 14:00 (its open
/// incident), `web` operational again since 11-10 11:00, the email window runs 11-25 22:00–24:00.
#[test]
fn api_times_are_last_changes_not_the_build_time() {
    let site = fixture("basic");
    let api_at = |now: &str| {
        let out = site.path().join(format!("out-{}", now.replace(':', "")));
        let o = build_at(site.path(), &out, now);
        assert!(o.status.success(), "{}", stderr(&o));
        let api: std::collections::BTreeMap<String, Vec<u8>> = tree(&out)
            .into_iter()
            .filter(|(k, _)| k.starts_with("api/v2/"))
            .collect();
        assert_eq!(api.len(), 8, "{:?}", api.keys());
        let summary: serde_json::Value = serde_json::from_slice(&api["api/v2/summary.json"]).unwrap();
        (api, summary)
    };
    let times = |summary: &serde_json::Value, id: &str| {
        let row = summary["components"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap();
        (
            row["created_at"].as_str().unwrap().to_owned(),
            row["updated_at"].as_str().unwrap().to_owned(),
        )
    };
    let (first, summary) = api_at(NOW);
    assert_eq!(summary["page"]["updated_at"], "2026-11-20T14:00:00Z");
    let at = |s: &str| s.to_owned();
    assert_eq!(times(&summary, "api").1, at("2026-11-20T14:00:00Z"));
    // Created: no `start_date`, so the start of the uptime reports, which count each component
    // from the month of the earliest incident (11-10): the same every day.
    let shown = at("2026-11-01T00:00:00Z");
    assert_eq!(times(&summary, "web"), (shown.clone(), at("2026-11-10T11:00:00Z")));
    assert_eq!(
        times(&summary, "core"),
        (shown.clone(), at("2026-11-20T14:00:00Z")),
        "the group"
    );
    assert_eq!(times(&summary, "email"), (shown.clone(), shown), "never changed");

    // Minutes and days later, nothing changed: the same documents.
    for later in ["2026-11-20T15:07:00Z", "2026-11-23T15:00:00Z"] {
        let (later, _) = api_at(later);
        let differ: Vec<&String> = first.keys().filter(|k| first[*k] != later[*k]).collect();
        assert!(differ.is_empty(), "built later with nothing changed, {differ:?} differ");
    }

    // The window begins at 22:00 by the clock alone: the component, the window and the page say so.
    let (_, during) = api_at("2026-11-25T22:30:00Z");
    assert_eq!(times(&during, "email").1, "2026-11-25T22:00:00Z");
    assert_eq!(during["page"]["updated_at"], "2026-11-25T22:00:00Z");
    let window = during["scheduled_maintenances"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "2026-11-25-email-provider")
        .unwrap();
    assert_eq!(
        (window["status"].as_str(), window["updated_at"].as_str()),
        (Some("in_progress"), Some("2026-11-25T22:00:00Z"))
    );
}

#[test]
fn same_input_and_now_give_identical_bytes_whatever_the_thread_count() {
    let site = fixture("basic");
    // More files than threads, so parallel reading, rendering and writing really interleave.
    for n in 0..40 {
        std::fs::write(
            site.path().join(format!("incidents/2026-10-{:02}-extra-{n}.md", 1 + n % 28)),
            format!("---\ntitle: Extra {n}\nstarted: 2026-10-{:02}T10:00:00Z\nresolved: 2026-10-{:02}T11:00:00Z\ncomponents:\n  api: partial_outage\n---\n\n## Resolved — 2026-10-{:02}T11:00:00Z\nDone {n}.\n", 1 + n % 28, 1 + n % 28, 1 + n % 28),
        )
        .unwrap();
    }
    let mut trees = Vec::new();
    for threads in ["1", "2", "4", "16"] {
        let out = site.path().join(format!("out-{threads}"));
        let o = Command::new(env!("CARGO_BIN_EXE_statusmark"))
            .args([
                "build",
                "--root",
                path(site.path()),
                "--out",
                path(&out),
                "--now",
                NOW,
                "--no-widget",
            ])
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        trees.push(tree(&out));
    }
    assert!(trees[0].len() > 80, "{} files", trees[0].len());
    assert!(
        trees.iter().all(|t| *t == trees[0]),
        "output differs between thread counts"
    );
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = fixture("basic");
    let out = site.path().join("public");
    assert!(build(site.path(), &out).status.success());
    let before = tree(&out);
    std::fs::write(
        site.path().join("incidents/2026-11-20-api-errors.md"),
        "---\ntitle: broken\n",
    )
    .unwrap();
    let o = build(site.path(), &out);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("nothing was written"), "{}", stderr(&o));
    assert_eq!(tree(&out), before);
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "staging folders left behind: {leftovers:?}");
}

#[test]
fn hostile_titles_come_through_as_text() {
    let site = fixture("basic");
    let title = r#"</title><script>alert(1)</script> & "quotes""#;
    std::fs::write(
        site.path().join("incidents/2026-11-21-hostile.md"),
        format!("---\ntitle: '{title}'\nstarted: 2026-11-20T14:30:00Z\ncomponents:\n  email: major_outage\n---\n\n<img src=x onerror=alert(1)> [x](javascript:alert(1))\n"),
    )
    .unwrap();
    // A component name that tries to break out of an attribute (aria-label, SVG <title>, badges).
    let config = site.path().join("content/statusmark.toml");
    let text = std::fs::read_to_string(&config)
        .unwrap()
        .replace("name = \"Email\"", "name = '\"><img src=x onerror=alert(1)> E&mail'");
    std::fs::write(&config, text).unwrap();
    let out = site.path().join("public");
    let o = build(site.path(), &out);
    assert!(o.status.success(), "{}", stderr(&o));
    // Markup and JSON formats; iCalendar is plain text (its line-break injection is tested in feeds.rs).
    for (file, bytes) in tree(&out).into_iter().filter(|(f, _)| !f.ends_with(".ics")) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("<img src=x"),
            "{file}: a live <img> from a component name"
        );
        assert!(
            !text.contains("\"><img"),
            "{file}: an attribute was closed by a component name"
        );
    }
    for page in ["index.html", "incidents/2026-11-21-hostile/index.html"] {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        assert!(!html.contains("<script>alert"), "{page}");
        assert!(!html.contains("<img src=x"), "{page}");
        assert!(!html.contains("javascript:"), "{page}");
        assert!(
            html.contains("&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;"),
            "{page}"
        );
    }
    let feed: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("status.json")).unwrap()).unwrap();
    let titles: Vec<&str> = feed["incidents"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["title"].as_str())
        .collect();
    assert!(titles.contains(&title), "{titles:?}");
}

#[test]
fn crlf_and_bom_files_build() {
    let site = fixture("basic");
    let p = site.path().join("incidents/2026-11-20-api-errors.md");
    let text = std::fs::read_to_string(&p).unwrap().replace('\n', "\r\n");
    std::fs::write(&p, format!("\u{feff}{text}")).unwrap();
    let out = site.path().join("public");
    let o = build(site.path(), &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = std::fs::read_to_string(out.join("incidents/2026-11-20-api-errors/index.html")).unwrap();
    assert!(page.contains("We are investigating elevated error rates."));
}

/// Each folder of `tests/fixtures/broken/` is overlaid on the basic fixture; `check` must fail with
/// exit status 1 and the exact message (path, line, column, snippet, help).
#[test]
fn broken_inputs_are_reported_precisely() {
    let broken = repo().join("tests/fixtures/broken");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&broken)
        .unwrap()
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 20,
        "the broken-input collection shrank to {}",
        cases.len()
    );
    let mut report = String::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy();
        let site = fixture("basic");
        copy_dir(case, site.path());
        let o = statusmark(&["check", "--root", path(site.path()), "--now", NOW]);
        assert_eq!(o.status.code(), Some(1), "{name}: {}", stderr(&o));
        report.push_str(&format!("=== {name}\n{}\n", stderr(&o)));
    }
    insta::assert_snapshot!("broken_inputs", report);
}

#[test]
fn non_utf8_and_binary_files_are_clear_errors() {
    let site = fixture("basic");
    std::fs::write(site.path().join("incidents/latin1.md"), b"---\ntitle: caf\xe9\n---\n").unwrap();
    std::fs::write(site.path().join("incidents/binary.md"), b"---\ntitle: x\0\n---\n").unwrap();
    let o = statusmark(&["check", "--root", path(site.path()), "--now", NOW]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("incidents/latin1.md:2:11") && err.contains("not valid UTF-8"),
        "{err}"
    );
    assert!(
        err.contains("incidents/binary.md:2:9") && err.contains("NUL byte"),
        "{err}"
    );
}

#[test]
fn a_missing_root_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let o = statusmark(&["check", "--root", path(dir.path())]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no site configuration found"), "{}", stderr(&o));
}

#[test]
fn warnings_are_printed_and_fatal_only_when_denied() {
    let site = fixture("basic");
    std::fs::write(
        site.path().join("incidents/late.md"),
        "---\ntitle: X\nstarted: 2026-11-20T10:00:00Z\nresolved: 2026-11-20T11:00:00Z\ncomponents:\n  api: partial_outage\n---\n\n## Monitoring — 2026-11-20T12:00:00Z\nlate\n",
    )
    .unwrap();
    let o = statusmark(&["check", "--root", path(site.path()), "--now", NOW]);
    assert!(o.status.success(), "{}", stderr(&o));
    let denied = statusmark(&[
        "check",
        "--root",
        path(site.path()),
        "--now",
        "2026-11-28T15:00:00Z",
        "--deny-warnings",
    ]);
    assert_eq!(denied.status.code(), Some(1));
    insta::assert_snapshot!("warnings_denied", stderr(&denied));
}

/// Where a link on `page` leads, like a browser resolves it: absolute paths against the site's
/// path `site` (`/` or a sub-path such as `/status/`), others against the page. Query and
/// fragment are dropped.
fn resolve(page: &str, link: &str, site: &str) -> String {
    let link = link.split(['#', '?']).next().unwrap();
    if let Some(abs) = link.strip_prefix(site) {
        return abs.to_owned();
    }
    assert!(!link.starts_with('/'), "{page}: {link} leaves the site's path {site}");
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in link.split('/') {
        match seg {
            ".." => assert!(parts.pop().is_some(), "{page}: {link} climbs above the site"),
            "." | "" => {}
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// The generated file a resolved link serves: the file itself, or a folder's `index.html`.
fn file_at<'f>(files: &'f std::collections::BTreeMap<String, Vec<u8>>, target: &str) -> Option<&'f [u8]> {
    let folder = match target.trim_end_matches('/') {
        "" => "index.html".to_owned(),
        t => format!("{t}/index.html"),
    };
    files.get(target).or_else(|| files.get(&folder)).map(Vec::as_slice)
}

/// Text as minijinja's HTML auto-escaping writes it.
/// `s` as the pages escape a value: `&`, `<`, `>`, `"` and `'`.
fn html_escaped(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// The Subscribe menu of a page (from `<details class="subscribe">` to its `</details>`) and the
/// `href`s in it, unescaped.
fn subscribe_links(html: &str) -> Option<Vec<String>> {
    let start = html.find("<details class=\"subscribe\">")?;
    let menu = &html[start..start + html[start..].find("</details>")?];
    assert!(
        menu.contains("<summary>Subscribe</summary>"),
        "the menu opens with a Subscribe summary: {menu}"
    );
    Some(
        menu.split("href=\"")
            .skip(1)
            .filter_map(|part| part.split('"').next())
            .map(|href| {
                href.replace("&#39;", "'")
                    .replace("&quot;", "\"")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&amp;", "&")
            })
            .collect(),
    )
}

/// The subscribable files of the whole site and of one component.
const SITE_FEEDS: [&str; 3] = ["history.atom", "history.rss", "maintenance.ics"];

/// Every page has the Subscribe menu, a `<details>` that needs no script: the site's Atom and RSS
/// feeds and maintenance calendar, and on a component's pages that component's own, each link a
/// generated file of the kind it names. A component's page also advertises its feeds in `<head>`.
#[test]
fn every_page_has_a_subscribe_menu_linking_feeds_that_exist() {
    let site = fixture("basic");
    let out = site.path().join("public");
    let o = build(site.path(), &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let files = tree(&out);
    let mut pages = Vec::new();
    for (page, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        let links = subscribe_links(&html).unwrap_or_else(|| panic!("{page}: no Subscribe menu"));
        let targets: Vec<String> = links.iter().map(|l| resolve(page, l, "/")).collect();
        for (link, target) in links.iter().zip(&targets) {
            let body = file_at(&files, target).unwrap_or_else(|| panic!("{page}: {link} -> {target} does not exist"));
            let text = String::from_utf8_lossy(body);
            let kind_ok = match target.rsplit('.').next() {
                Some("atom") => text.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""),
                Some("rss") => text.contains("<rss "),
                Some("ics") => text.starts_with("BEGIN:VCALENDAR"),
                _ => false,
            };
            assert!(kind_ok, "{page}: {link} -> {target} is not the feed it names");
        }
        for feed in SITE_FEEDS {
            assert!(
                targets.iter().any(|t| t == feed),
                "{page}: no link to {feed} in {targets:?}"
            );
        }
        let component = page.strip_prefix("components/").and_then(|rest| rest.split('/').next());
        match component {
            Some(id) => {
                for feed in SITE_FEEDS {
                    let own = format!("components/{id}/{feed}");
                    assert!(targets.contains(&own), "{page}: no link to {own} in {targets:?}");
                }
                let head = html.split("</head>").next().unwrap();
                for (kind, feed) in [("atom", "history.atom"), ("rss", "history.rss")] {
                    let tag = format!("<link rel=\"alternate\" type=\"application/{kind}+xml\"");
                    let advertised = head.split(tag.as_str()).skip(1).any(|t| {
                        let href = t.split("href=\"").nth(1).unwrap().split('"').next().unwrap();
                        resolve(page, href, "/") == format!("components/{id}/{feed}")
                    });
                    assert!(advertised, "{page}: <head> does not advertise components/{id}/{feed}");
                }
            }
            None => assert!(
                !targets.iter().any(|t| t.starts_with("components/")),
                "{page}: a component's feed outside its pages: {targets:?}"
            ),
        }
        pages.push(page.as_str());
    }
    for page in [
        "index.html",
        "404.html",
        "history/index.html",
        "incidents/2026-11-10-web-down/index.html",
        "maintenance/2026-11-25-email-provider/index.html",
        "components/api/index.html",
    ] {
        assert!(pages.contains(&page), "{page} was not checked: {pages:?}");
    }
}

/// With `[notify]`, the menu also offers the email sign-up and each chat channel people can join,
/// on every page, escaped like any other value. What a webhook or a delivery address is never
/// reaches the site.
#[test]
fn notify_sign_up_and_join_links_reach_every_page_escaped() {
    let site = fixture("basic");
    let config = site.path().join("content/statusmark.toml");
    let signup = r#"https://fixture.test/signup?list=status&from="page"&x=<b>'"#;
    let join = "https://join.slack.com/t/fixture/shared_invite?i=1&r=<i>";
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str(&format!(
        r#"
[notify.email]
smtp_url_env = "SMTP_URL"
from = "Fixture Status <status@fixture.test>"
subscribers_env = "SUBSCRIBERS"
signup_url = "{}"

[[notify.slack]]
url_env = "SLACK_WEBHOOK_URL"
join_url = "{join}"

# The same channel again, with an address in the file: linked once, the address never shown.
[[notify.slack]]
url = "https://hooks.slack.test/services/NEVER-ON-THE-SITE"
join_url = "{join}"

[[notify.webhook]]
url_env = "HOOK_URL"
join_url = "https://hooks.fixture.test/for-programs-not-people"
"#,
        signup.replace('"', "\\\"")
    ));
    std::fs::write(&config, &text).unwrap();
    let out = site.path().join("public");
    let o = build(site.path(), &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let files = tree(&out);
    let email_link = format!("<a href=\"{}\">Get updates by email</a>", html_escaped(signup));
    let slack_link = format!("<a href=\"{}\">Join us on Slack</a>", html_escaped(join));
    let mut pages = 0;
    for (page, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        assert_eq!(html.matches(&email_link).count(), 1, "{page}: {email_link}");
        assert_eq!(html.matches(&slack_link).count(), 1, "{page}: {slack_link}");
        let links = subscribe_links(&html).unwrap_or_else(|| panic!("{page}: no Subscribe menu"));
        assert!(
            links.iter().any(|l| l == signup) && links.iter().any(|l| l == join),
            "{page}: {links:?}"
        );
        assert!(
            !html.contains("<b>") && !html.contains("<i>"),
            "{page}: markup from a URL"
        );
        pages += 1;
    }
    assert!(pages >= 8, "only {pages} pages");
    for (file, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        for secret in [
            "NEVER-ON-THE-SITE",
            "for-programs-not-people",
            "SLACK_WEBHOOK_URL",
            "SMTP_URL",
        ] {
            assert!(!text.contains(secret), "{file} shows {secret}");
        }
    }
    // Only web addresses may become links.
    std::fs::write(&config, text.replace(join, "javascript:alert(1)")).unwrap();
    let o = statusmark(&["check", "--root", path(site.path()), "--now", NOW]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("\"javascript:alert(1)\" is not an http(s) URL"),
        "{}",
        stderr(&o)
    );
}

/// Every `href` and `src` in every page resolves to a generated file, with the site deployed under
/// a sub-path (a GitHub Pages project site): links are relative, or absolute under the sub-path.
#[test]
fn every_link_resolves_under_a_sub_path() {
    let site = fixture("basic");
    let config = site.path().join("content/statusmark.toml");
    let text = std::fs::read_to_string(&config)
        .unwrap()
        .replace("https://status.fixture.test/", "https://acme.github.io/status/");
    std::fs::write(&config, text).unwrap();
    let out = site.path().join("public");
    let o = statusmark(&["build", "--root", path(site.path()), "--out", path(&out), "--now", NOW]);
    assert!(o.status.success(), "{}", stderr(&o));
    let files = tree(&out);
    let mut checked = 0;
    for (page, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        for attr in ["href=\"", "src=\""] {
            for part in html.split(attr).skip(1) {
                let link = part.split('"').next().unwrap();
                if link.starts_with("http") || link.starts_with("mailto:") || link.starts_with('#') {
                    continue;
                }
                let target = resolve(page, link, "/status/");
                assert!(
                    file_at(&files, &target).is_some(),
                    "{page}: {link} -> {target} does not exist"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "only {checked} links checked");
    assert!(String::from_utf8_lossy(&files["404.html"]).contains("href=\"/status/\""));
}

/// Files that attack the reader rather than the format: each is a clear error (or, for deep
/// nesting, a correct build), never a crash or a hang.
#[test]
fn hostile_files_are_errors_not_crashes() {
    let site = fixture("basic");
    let incidents = site.path().join("incidents");
    // 50 MB body.
    let mut big = String::from("---\ntitle: Big\nstarted: 2026-11-20T10:00:00Z\n---\n\n");
    big.push_str(&"word ".repeat(10 * 1024 * 1024));
    std::fs::write(incidents.join("big.md"), big).unwrap();
    // A symlink loop and a folder named like an incident.
    #[cfg(unix)]
    std::os::unix::fs::symlink("loop.md", incidents.join("loop.md")).unwrap();
    std::fs::create_dir(incidents.join("folder.md")).unwrap();
    let o = statusmark(&["check", "--root", path(site.path()), "--now", NOW]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("incidents/big.md") && err.contains("more than the 4 MB limit"),
        "{err}"
    );
    #[cfg(unix)]
    assert!(
        err.contains("incidents/loop.md") && err.contains("cannot read the file"),
        "{err}"
    );
    assert!(
        err.contains("incidents/folder.md") && err.contains("cannot read the file"),
        "{err}"
    );

    // 1,500 levels of nested lists and 20,000 of block quotes: rendered, not a stack overflow.
    let site = fixture("basic");
    let mut deep =
        String::from("---\ntitle: Deep\nstarted: 2026-11-20T10:00:00Z\nresolved: 2026-11-20T11:00:00Z\n---\n\n");
    for depth in 0..1_500 {
        deep.push_str(&"  ".repeat(depth));
        deep.push_str("- item\n");
    }
    deep.push_str(&">".repeat(20_000));
    deep.push_str(" quote\n\n## Resolved — 2026-11-20T11:00:00Z\nDone.\n");
    std::fs::write(site.path().join("incidents/deep.md"), deep).unwrap();
    let out = site.path().join("public");
    let o = build(site.path(), &out);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out.join("incidents/deep/index.html").is_file());
}

#[test]
fn branding_from_config_reaches_the_pages() {
    let site = fixture("basic");
    let config = site.path().join("content/statusmark.toml");
    let text = std::fs::read_to_string(&config).unwrap().replace(
        "uptime_days = 30",
        "uptime_days = 30\nlogo = \"logo.svg\"\naccent_color = \"#7c3aed\"",
    );
    std::fs::write(&config, &text).unwrap();
    std::fs::create_dir_all(site.path().join("site/assets")).unwrap();
    std::fs::write(
        site.path().join("site/assets/logo.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .unwrap();
    std::fs::write(
        site.path().join("site/assets/extra.css"),
        ".brand { letter-spacing: .02em; }",
    )
    .unwrap();
    let out = site.path().join("public");
    let o = build(site.path(), &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let files = tree(&out);
    let css = files
        .iter()
        .find(|(p, _)| p.starts_with("assets/style.") && p.ends_with(".css"))
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .unwrap();
    assert!(css.contains("--accent: #7c3aed;") && css.contains(".brand { letter-spacing: .02em; }"));
    assert!(files.contains_key("assets/logo.svg"));
    assert!(String::from_utf8_lossy(&files["index.html"]).contains(r#"<img src="assets/logo.svg""#));
    // A colour that would inject CSS, and a logo that is missing, are errors.
    std::fs::write(&config, text.replace("#7c3aed", "red; } body { display: none")).unwrap();
    std::fs::remove_file(site.path().join("site/assets/logo.svg")).unwrap();
    let o = statusmark(&["check", "--root", path(site.path()), "--now", NOW]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("is not a hex colour"), "{}", stderr(&o));
    std::fs::write(&config, text).unwrap();
    let o = statusmark(&["check", "--root", path(site.path()), "--now", NOW]);
    assert!(
        stderr(&o).contains("the logo file site/assets/logo.svg does not exist"),
        "{}",
        stderr(&o)
    );
}

/// The basic fixture with an empty `site/templates/` for a test's theme overrides.
fn basic_with_templates() -> (tempfile::TempDir, std::path::PathBuf) {
    let site = fixture("basic");
    let templates = site.path().join("site/templates");
    std::fs::create_dir_all(&templates).unwrap();
    (site, templates)
}

#[test]
fn header_and_footer_overrides_reach_every_page_and_say_what_they_can_see() {
    let (site, templates) = basic_with_templates();
    // Shared by many pages: each page still gets the links of its own depth and component.
    std::fs::write(
        templates.join("header.html"),
        "<header><a class=\"home\" href=\"{{ root }}\">{{ site.title }}</a>{% if component_feeds is defined %}<a class=\"feed\" href=\"{{ component_feeds.base }}history.atom\">{{ component_feeds.name }}</a>{% endif %}</header>\n",
    )
    .unwrap();
    std::fs::write(
        templates.join("footer.html"),
        "<footer>{{ t(\"footer-powered\") }} · custom</footer>\n",
    )
    .unwrap();
    let out = site.path().join("public");
    let o = build(site.path(), &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let files = tree(&out);
    let pages: Vec<(&String, String)> = files
        .iter()
        .filter(|(p, _)| p.ends_with(".html") && !p.starts_with("widget/") && p.as_str() != "404.html")
        .map(|(p, b)| (p, String::from_utf8_lossy(b).into_owned()))
        .collect();
    assert!(pages.len() > 10);
    let mut component_pages = 0;
    for (page, html) in &pages {
        let up = "../".repeat(page.matches('/').count());
        assert!(
            html.contains(&format!("<a class=\"home\" href=\"{}\">", html_escaped(&up))),
            "{page}"
        );
        assert!(
            html.contains("<footer>Powered by Statusmark · custom</footer>"),
            "{page}"
        );
        if let Some(rest) = page.strip_prefix("components/") {
            let id = rest.split('/').next().unwrap();
            assert!(
                html.contains(&format!(
                    "{}{id}/history.atom",
                    html_escaped(&format!("{up}components/"))
                )),
                "{page}"
            );
            component_pages += 1;
        } else {
            assert!(!html.contains("class=\"feed\""), "{page}");
        }
    }
    assert!(component_pages >= 2);
    // A Subscribe menu (part of the header) that reads what only one page has is told so.
    std::fs::write(
        templates.join("header.html"),
        "<header>{% include \"subscribe.html\" %}</header>\n",
    )
    .unwrap();
    std::fs::write(
        templates.join("subscribe.html"),
        "<details>{{ page_title }}</details>\n",
    )
    .unwrap();
    let o = build(site.path(), &out);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("subscribe.html reads page_title, which it cannot see: header.html is shown alike"),
        "{}",
        stderr(&o)
    );
    std::fs::remove_file(templates.join("subscribe.html")).unwrap();
    // A footer that reads what only one page has is told what it can see.
    std::fs::write(templates.join("footer.html"), "<footer>{{ page_title }}</footer>\n").unwrap();
    let o = build(site.path(), &out);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("footer.html reads page_title, which it cannot see: footer.html is shown alike on many pages and sees only site, root, component_feeds"),
        "{}",
        stderr(&o)
    );
}

/// The page templates call `status_badge` without importing it: still the macro of the theme's
/// `macros.html`, whose override changes every badge (remembered per pair, never mixed up).
#[test]
fn a_status_badge_override_in_macros_reaches_every_page() {
    let (site, templates) = basic_with_templates();
    let out = site.path().join("public");
    let default = std::fs::read_to_string(repo().join("site/templates/macros.html")).unwrap();
    let (head, rest) = default.split_once("{%- endmacro -%}").unwrap();
    assert!(head.contains("macro status_badge("), "{head}");
    let own = "{%- macro status_badge(status, label) -%}<b class=\"own-badge\" data-s=\"{{ status }}\">{{ label|upper }}</b>{%- endmacro -%}";
    std::fs::write(templates.join("macros.html"), format!("{own}{rest}")).unwrap();
    let o = build(site.path(), &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let pages: Vec<(String, String)> = tree(&out)
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| (p, String::from_utf8_lossy(&b).into_owned()))
        .collect();
    let mut badges = 0;
    for (page, html) in &pages {
        assert!(!html.contains("class=\"st st-"), "{page} still has a default badge");
        for badge in html.split("<b class=\"own-badge\" data-s=\"").skip(1) {
            // Each badge shows its own status, in its own words.
            let (status, rest) = badge.split_once("\">").unwrap();
            let label = rest.split_once("</b>").unwrap().0;
            assert_eq!(label, status.replace('_', " ").to_uppercase(), "{page}");
            badges += 1;
        }
    }
    let with = |dir: &str| pages.iter().any(|(p, h)| p.starts_with(dir) && h.contains("own-badge"));
    assert!(with("incidents/") && with("components/") && with("index.html"));
    assert!(badges > 5, "{badges}");
    // One that reads the page's own variables sees each page's, as an import would give it.
    let own = "{%- macro status_badge(status, label) -%}<b class=\"own-root\">{{ root }}</b>{%- endmacro -%}";
    std::fs::write(templates.join("macros.html"), format!("{own}{rest}")).unwrap();
    let o = build(site.path(), &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut seen = 0;
    for (page, html) in tree(&out).into_iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(&html).into_owned();
        let up = html_escaped(&"../".repeat(page.matches('/').count()));
        for badge in html.split("<b class=\"own-root\">").skip(1) {
            assert_eq!(badge.split_once("</b>").unwrap().0, up, "{page}");
            seen += 1;
        }
    }
    assert!(seen > 5, "{seen}");
}

#[test]
fn a_component_summary_override_shows_on_every_component_page_and_its_error_fails_the_build() {
    let (site, templates) = basic_with_templates();
    let out = site.path().join("public");
    let component_pages = |out: &std::path::Path| -> Vec<(String, String)> {
        tree(out)
            .into_iter()
            .filter(|(p, _)| p.starts_with("components/") && p.ends_with(".html"))
            .map(|(p, b)| (p, String::from_utf8_lossy(&b).into_owned()))
            .collect()
    };
    // Rendered once per component and shown on each of its pages.
    std::fs::write(
        templates.join("component-summary.html"),
        "<div class=\"own-summary\">{{ component.name }} · {{ monthly|length }} months · {{ uptime_days }} days</div>\n",
    )
    .unwrap();
    let o = build(site.path(), &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let pages = component_pages(&out);
    assert!(pages.len() >= 2);
    for (page, html) in &pages {
        assert_eq!(html.matches("<div class=\"own-summary\">").count(), 1, "{page}");
        assert!(html.contains(" months · 30 days</div>"), "{page}");
        assert!(!html.contains("class=\"day-list\""), "{page}");
    }
    // One that reads a page's own variable (as a theme's `measured.html` or macros could) is
    // rendered with each page's, as before it was a partial.
    std::fs::write(
        templates.join("component-summary.html"),
        "<div class=\"own-root\">{{ root }}</div>\n",
    )
    .unwrap();
    let o = build(site.path(), &out);
    assert!(o.status.success(), "{}", stderr(&o));
    for (page, html) in component_pages(&out) {
        let up = "../".repeat(page.matches('/').count());
        assert!(
            html.contains(&format!("<div class=\"own-root\">{}</div>", html_escaped(&up))),
            "{page}"
        );
    }
    // One that fails fails the build, naming it.
    std::fs::write(templates.join("component-summary.html"), "<div>{{ nope() }}</div>\n").unwrap();
    let o = build(site.path(), &out);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("component-summary.html"), "{}", stderr(&o));
    // A theme's own `component.html` that does not show it never renders it.
    std::fs::write(
        templates.join("component.html"),
        "{% extends \"base.html\" %}{% block main %}<h1 class=\"own-component\">{{ component.name }}</h1>{% endblock %}\n",
    )
    .unwrap();
    let o = build(site.path(), &out);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        component_pages(&out)
            .iter()
            .all(|(_, html)| html.contains("class=\"own-component\""))
    );
}

/// The built-in theme's incident pages are written without interpreting `incident.html` and
/// `base.html` (`render/views/incident_main.rs`); a site whose `incident.html` is its own gets
/// the template. Both must give the same bytes: the fixture sites with incident pages, and one
/// with cases they lack (markup in every field, no updates, no components, a postmortem, an
/// incident still open, response times met, missed and undecided, a `head.html` of its own), is
/// built twice, the second time with `incident.html` overridden by the built-in text and a
/// comment (which renders nothing), and the outputs compared file by file.
#[test]
fn the_builtin_incident_page_is_the_template_byte_for_byte() {
    let edge = fixture("basic");
    std::fs::write(
        edge.path().join("incidents/2026-11-19-edge.md"),
        "---\ntitle: '</h1><script>alert(1)</script> & \"q\" ''a'''\nimpact: minor\nstarted: 2026-11-19T08:00:00Z\n---\n\nOnly a summary, <b>bold</b> & more.\n\n## Postmortem\nWhat <i>happened</i> & why.\n",
    )
    .unwrap();
    std::fs::write(
        edge.path().join("incidents/2026-11-20-open.md"),
        "---\ntitle: Still open\nimpact: minor\nstarted: 2026-11-20T14:00:00Z\ncomponents:\n  email: degraded_performance\n---\n\n## Investigating — 2026-11-20T14:05:00Z\nLooking <into> it & more.\n",
    )
    .unwrap();
    // Response times: met, missed and not yet decided.
    let config = edge.path().join("content/statusmark.toml");
    let text = std::fs::read_to_string(&config)
        .unwrap()
        .replace("name = \"Email\"", "name = '\"><img src=x> E&mail'");
    let text = format!(
        "show_response_times = true\ndescription = \"Edge <b>&</b> \\\"site\\\"\"\n{text}\n[response_targets]\nminor = \"2h\"\ncritical = \"1m\"\n\n[resolve_targets]\ncritical = \"2h\"\nminor = \"3h\"\n"
    );
    std::fs::write(&config, text).unwrap();
    // A `head.html` of the site's own, which the written pages render with the page's variables.
    let own = edge.path().join("site/templates");
    std::fs::create_dir_all(&own).unwrap();
    std::fs::write(
        own.join("head.html"),
        "<meta name=\"x\" content=\"{{ page_title }} | {{ description if description is defined }} | {{ here if here is defined }} | {{ incident.title if incident is defined }} | {{ root if root is defined }}\">",
    )
    .unwrap();
    let builtin = std::fs::read_to_string(repo().join("site/templates/incident.html")).unwrap();
    // Half the sites with the page script, whose `<script>` and `<body>` attributes the pages
    // then carry (its files' contents do not matter here), half without.
    let widget = tempfile::tempdir().unwrap();
    for file in [
        "statusmark-widget-1111111111111111.js",
        "statusmark-widget-1111111111111111_bg.wasm",
        "statusmark-page-2222222222222222.js",
        "statusmark-page-2222222222222222_bg.wasm",
    ] {
        std::fs::write(widget.path().join(file), "").unwrap();
    }
    let build = |root: &Path, out: &Path, script: bool| {
        let mut args = vec!["build", "--root", path(root), "--out", path(out), "--now", NOW];
        if script {
            args.extend(["--widget-dir", path(widget.path())]);
        } else {
            args.push("--no-widget");
        }
        statusmark(&args)
    };
    let mut compared = 0;
    for (name, site) in ["basic", "bilingual", "german", "reports", "measured"]
        .into_iter()
        .map(|name| (name, fixture(name)))
        .chain([("edge cases", edge)])
    {
        let script = matches!(name, "bilingual" | "german" | "edge cases");
        let fast = site.path().join("public-builtin");
        let o = build(site.path(), &fast, script);
        assert!(o.status.success(), "{name}: {}", stderr(&o));
        let templates = site.path().join("site/templates");
        std::fs::create_dir_all(&templates).unwrap();
        std::fs::write(
            templates.join("incident.html"),
            format!("{builtin}{{# the site's own #}}\n"),
        )
        .unwrap();
        let slow = site.path().join("public-template");
        let o = build(site.path(), &slow, script);
        assert!(o.status.success(), "{name}: {}", stderr(&o));
        let (fast, slow) = (tree(&fast), tree(&slow));
        assert_eq!(
            fast.keys().collect::<Vec<_>>(),
            slow.keys().collect::<Vec<_>>(),
            "{name}"
        );
        for (file, bytes) in &fast {
            if file.contains("incidents/") && file.ends_with("index.html") {
                compared += 1;
                let page = String::from_utf8_lossy(bytes);
                assert_eq!(page.contains(" data-statusmark-page "), script, "{file}: {page}");
                if name == "edge cases" {
                    assert!(page.contains("<meta name=\"x\" content=\""), "{file}: {page}");
                }
            }
            assert!(
                *bytes == slow[file],
                "{name}: {file} differs:\n--- written\n{}\n--- template\n{}",
                String::from_utf8_lossy(bytes),
                String::from_utf8_lossy(&slow[file])
            );
        }
    }
    assert!(compared >= 15, "{compared} incident pages compared");
}

//! Drafts and alerts, through the real binary on real files: a draft (`draft: true`) is checked
//! and listed but reaches no output file at all, `publish` makes it reach them; an Alertmanager
//! payload becomes exactly one draft however often it is sent, and a bad payload is an error,
//! never a panic or a half-written file.

// Test code: a panic is a failing test.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use statusmark::{BuildOptions, Incremental, WidgetSource};

mod common;
use common::{copy_dir, tree};

const NOW: &str = "2026-11-20T15:00:00Z";
const DRAFT_INCIDENT: &str = "incidents/2026-11-20-zebracorn-meltdown.md";
const DRAFT_MAINTENANCE: &str = "content/maintenance/2026-11-20-quokkabase-reindex.md";
/// What must never appear in the output of a site whose only mention of them is in drafts: the
/// drafts' titles and slugs (compared without case).
const DRAFT_WORDS: [&str; 4] = ["zebracorn", "quokkabase", "zebracorn-meltdown", "quokkabase-reindex"];

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The basic fixture, with the drafts fixture on top when `drafts`.
fn site(drafts: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/fixtures/basic"), dir.path());
    if drafts {
        copy_dir(&repo().join("tests/fixtures/drafts"), dir.path());
    }
    dir
}

fn payload(name: &str) -> PathBuf {
    repo().join("tests/fixtures/alertmanager").join(name)
}

fn statusmark(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_statusmark"))
        .args(args)
        .output()
        .unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn build(root: &Path, out: &Path) {
    let o = statusmark(&["build", "--root", s(root), "--out", s(out), "--now", NOW, "--no-widget"]);
    assert!(o.status.success(), "{}", err(&o));
}

/// Every output file (any format) and path that mentions one of `words`, without case.
fn mentions(out: &Path, words: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for (path, bytes) in tree(out) {
        let text = String::from_utf8_lossy(&bytes).to_lowercase();
        let path_lower = path.to_lowercase();
        for w in words {
            if text.contains(w) || path_lower.contains(w) {
                found.push(format!("{path}: {w}"));
            }
        }
    }
    found
}

#[test]
fn drafts_are_checked_and_listed_but_never_built() {
    let with = site(true);
    let o = statusmark(&["check", "--root", s(with.path()), "--now", NOW, "--deny-warnings"]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(
        err(&o).contains(&format!(
            "2 drafts: {DRAFT_MAINTENANCE} “Quokkabase reindex”, {DRAFT_INCIDENT} “Zebracorn cache meltdown”"
        )),
        "{}",
        err(&o)
    );
    assert!(String::from_utf8_lossy(&o.stdout).is_empty());

    let out = with.path().join("out");
    build(with.path(), &out);
    let leaked = mentions(&out, &DRAFT_WORDS);
    assert!(leaked.is_empty(), "drafts reached the output: {leaked:#?}");
    // Not even an indirect effect (a status, an uptime bar, a count): the output is the output of
    // the site without the drafts, byte for byte.
    let without = site(false);
    let plain = without.path().join("out");
    build(without.path(), &plain);
    assert!(tree(&out) == tree(&plain), "a draft changed the output");
}

#[test]
fn published_drafts_reach_the_output() {
    let dir = site(true);
    let root = dir.path();
    let before: Vec<String> = [DRAFT_INCIDENT, DRAFT_MAINTENANCE]
        .iter()
        .map(|f| std::fs::read_to_string(root.join(f)).unwrap())
        .collect();
    for (file, line) in [(DRAFT_INCIDENT, "draft: true\n"), (DRAFT_MAINTENANCE, "draft = true\n")] {
        let o = statusmark(&["publish", s(&root.join(file)), "--root", s(root), "--at", NOW]);
        assert!(o.status.success(), "{}", err(&o));
        assert!(err(&o).contains(&format!("published {file}; commit it")), "{}", err(&o));
        assert!(err(&o).contains(&format!("git add {file}")), "{}", err(&o));
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        let original = &before[usize::from(file == DRAFT_MAINTENANCE)];
        // Every other byte stays.
        assert_eq!(text, original.replacen(line, "", 1));
    }
    let o = statusmark(&["check", "--root", s(root), "--now", NOW]);
    assert!(o.status.success() && !err(&o).contains("draft"), "{}", err(&o));
    let out = root.join("out");
    build(root, &out);
    let files = tree(&out);
    assert!(files.contains_key("incidents/2026-11-20-zebracorn-meltdown/index.html"));
    let found = mentions(&out, &DRAFT_WORDS);
    for w in DRAFT_WORDS {
        assert!(
            found.iter().any(|f| f.ends_with(&format!(": {w}"))),
            "{w} missing from the output"
        );
    }
    for feed in ["status.json", "api/v2/summary.json"] {
        let text = String::from_utf8_lossy(&files[feed]).to_lowercase();
        assert!(text.contains("zebracorn"), "{feed}");
    }
}

#[test]
fn publish_refuses_what_is_not_a_draft_and_changes_nothing() {
    let dir = site(true);
    let root = dir.path();
    let published = root.join("incidents/2026-11-20-api-errors.md");
    let text = std::fs::read_to_string(&published).unwrap();
    let o = statusmark(&["publish", s(&published), "--root", s(root)]);
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(err(&o).contains("is not a draft"), "{}", err(&o));
    assert_eq!(std::fs::read_to_string(&published).unwrap(), text);
    // `draft: false` is not a draft either.
    let draft = root.join(DRAFT_INCIDENT);
    let text = std::fs::read_to_string(&draft)
        .unwrap()
        .replace("draft: true", "draft: false");
    std::fs::write(&draft, &text).unwrap();
    let o = statusmark(&["publish", s(&draft), "--root", s(root)]);
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert_eq!(std::fs::read_to_string(&draft).unwrap(), text);
}

#[test]
fn a_draft_is_validated_like_any_other_file() {
    let dir = site(true);
    let root = dir.path();
    let draft = root.join(DRAFT_INCIDENT);
    let text = std::fs::read_to_string(&draft)
        .unwrap()
        .replace("api: major_outage", "apii: major_outage");
    std::fs::write(&draft, text).unwrap();
    let o = statusmark(&["check", "--root", s(root), "--now", NOW]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("unknown component \"apii\""), "{}", err(&o));
    // `draft` is a boolean.
    let text = std::fs::read_to_string(root.join(DRAFT_MAINTENANCE))
        .unwrap()
        .replace("draft = true", "draft = \"yes\"");
    std::fs::write(root.join(DRAFT_MAINTENANCE), text).unwrap();
    let o = statusmark(&["check", "--root", s(root), "--now", NOW]);
    assert!(err(&o).contains(DRAFT_MAINTENANCE), "{}", err(&o));
}

/// `serve`'s incremental builds: a file flipping between draft and published adds and removes
/// its pages exactly as a full build would.
#[test]
fn incremental_builds_follow_a_file_in_and_out_of_draft() {
    let dir = site(true);
    let root = dir.path();
    let out = root.join("served");
    let opts = |out: &Path| BuildOptions {
        root: root.to_owned(),
        out: out.to_owned(),
        now: Some(NOW.parse().unwrap()),
        widget: WidgetSource::None,
        deny_warnings: false,
    };
    let mut serve = Incremental::new(&opts(&out)).unwrap();
    serve.build().unwrap();
    assert!(mentions(&out, &DRAFT_WORDS).is_empty());
    let text = std::fs::read_to_string(root.join(DRAFT_INCIDENT)).unwrap();
    for (step, content) in [
        ("published", text.replace("draft: true\n", "")),
        ("draft again", text.clone()),
    ] {
        std::fs::write(root.join(DRAFT_INCIDENT), &content).unwrap();
        serve.build_after(Some(&[DRAFT_INCIDENT.to_owned()])).unwrap();
        let full = root.join(format!("full-{}", step.replace(' ', "-")));
        statusmark::build(&opts(&full)).unwrap();
        assert!(
            tree(&out) == tree(&full),
            "{step}: incremental output differs from a full build"
        );
        let shown = !mentions(&out, &["zebracorn"]).is_empty();
        assert_eq!(shown, step == "published", "{step}");
    }
}

fn alert_site() -> tempfile::TempDir {
    site(false)
}

fn from_alertmanager(root: &Path, file: &Path) -> Output {
    statusmark(&[
        "new",
        "incident",
        "--from-alertmanager",
        s(file),
        "--root",
        s(root),
        "--at",
        NOW,
    ])
}

fn incident_files(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root.join("incidents"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn alertmanager_payloads_become_the_expected_drafts() {
    for (fixture, name) in [
        ("docs-example.json", "incidents/2026-11-20-api-health-check-failing.md"),
        (
            "several-alerts.json",
            "incidents/2026-11-20-error-rate-above-5-script-alert-1-script.md",
        ),
    ] {
        let dir = alert_site();
        let root = dir.path();
        let o = from_alertmanager(root, &payload(fixture));
        assert!(o.status.success(), "{fixture}: {}", err(&o));
        let printed = String::from_utf8(o.stdout).unwrap();
        assert_eq!(printed.trim(), s(&root.join(name)), "{fixture}");
        let text = std::fs::read_to_string(root.join(name)).unwrap();
        insta::assert_snapshot!(format!("alert_draft_{}", fixture.trim_end_matches(".json")), text);
        // The draft is valid, listed, and builds into nothing.
        let o = statusmark(&["check", "--root", s(root), "--now", NOW, "--deny-warnings"]);
        assert!(o.status.success(), "{fixture}: {}", err(&o));
        assert!(err(&o).contains(&format!("1 draft: {name}")), "{}", err(&o));
        let out = root.join("out");
        build(root, &out);
        assert!(
            !tree(&out)
                .keys()
                .any(|p| p.contains("health-check") || p.contains("error-rate"))
        );
    }
}

#[test]
fn unknown_components_are_a_warning_and_named_in_the_body() {
    let dir = alert_site();
    let o = from_alertmanager(dir.path(), &payload("several-alerts.json"));
    assert!(o.status.success(), "{}", err(&o));
    assert!(
        err(&o).contains("warning: the alert label names component \"billing\", which the site does not declare"),
        "{}",
        err(&o)
    );
}

#[test]
fn hostile_alert_text_reaches_a_published_page_as_text() {
    let dir = alert_site();
    let root = dir.path();
    let o = from_alertmanager(root, &payload("several-alerts.json"));
    let path = String::from_utf8(o.stdout).unwrap().trim().to_owned();
    let o = statusmark(&["publish", &path, "--root", s(root), "--at", NOW]);
    assert!(o.status.success(), "{}", err(&o));
    let out = root.join("out");
    build(root, &out);
    let page = tree(&out)["incidents/2026-11-20-error-rate-above-5-script-alert-1-script/index.html"].clone();
    let page = String::from_utf8(page).unwrap();
    assert!(!page.contains("<script>alert"), "raw HTML from the payload");
    assert!(!page.contains("href=\"javascript:"), "a script link from the payload");
    assert!(
        page.contains("runbook: javascript:alert(3)"),
        "a non-http runbook is shown as text"
    );
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    // Markup in the payload is shown as written, not interpreted.
    assert!(
        page.contains("*emph* `code` &amp;amp;"),
        "payload text was read as Markdown"
    );
    assert!(!page.contains("<em>emph</em>"));
    // The fake update heading in a description stays text: still one update.
    assert_eq!(page.matches("Resolved — 2026-11-20T14:50:00Z").count(), 1);
    assert!(!page.contains("<h2>Resolved"), "a payload made an update heading");
    assert!(page.contains("href=\"https://runbooks.fixture.test/billing%20queue\""));
}

#[test]
fn a_resent_payload_drafts_once_until_the_incident_is_resolved() {
    let dir = alert_site();
    let root = dir.path();
    let o = from_alertmanager(root, &payload("docs-example.json"));
    assert!(o.status.success(), "{}", err(&o));
    let path = String::from_utf8(o.stdout).unwrap().trim().to_owned();
    let files = incident_files(root);
    for _ in 0..2 {
        let o = from_alertmanager(root, &payload("docs-example.json"));
        assert!(o.status.success(), "{}", err(&o));
        assert!(o.stdout.is_empty());
        assert!(err(&o).contains(&format!("already drafted: {path}")), "{}", err(&o));
        assert_eq!(incident_files(root), files);
    }
    // Published, still the same incident.
    let o = statusmark(&["publish", &path, "--root", s(root), "--at", NOW]);
    assert!(o.status.success(), "{}", err(&o));
    let o = from_alertmanager(root, &payload("docs-example.json"));
    assert!(err(&o).contains("already drafted"), "{}", err(&o));
    // Once resolved, the same group firing again is a new incident.
    let o = statusmark(&["resolve", &path, "--root", s(root), "--at", "2026-11-20T15:10:00Z"]);
    assert!(o.status.success(), "{}", err(&o));
    let o = from_alertmanager(root, &payload("docs-example.json"));
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(incident_files(root).len(), files.len() + 1);
}

#[test]
fn a_payload_with_only_resolved_alerts_drafts_nothing() {
    let dir = alert_site();
    let root = dir.path();
    let files = incident_files(root);
    let o = from_alertmanager(root, &payload("all-resolved.json"));
    assert!(o.status.success(), "{}", err(&o));
    assert!(o.stdout.is_empty());
    assert!(err(&o).contains("no firing alert in"), "{}", err(&o));
    assert!(err(&o).contains("nothing drafted"), "{}", err(&o));
    assert_eq!(incident_files(root), files);
}

#[test]
fn stdin_is_read_with_a_dash() {
    use std::io::Write;
    let dir = alert_site();
    let mut child = Command::new(env!("CARGO_BIN_EXE_statusmark"))
        .args([
            "new",
            "incident",
            "--from-alertmanager",
            "-",
            "--root",
            s(dir.path()),
            "--at",
            NOW,
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let text = std::fs::read(payload("docs-example.json")).unwrap();
    child.stdin.take().unwrap().write_all(&text).unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", err(&o));
    assert!(
        String::from_utf8(o.stdout)
            .unwrap()
            .contains("api-health-check-failing.md")
    );
}

/// Every failure: exit 1, the file named, what is wrong, no panic, nothing written.
fn assert_refused(root: &Path, text: &str, expect: &str) {
    let file = root.join("payload.json");
    std::fs::write(&file, text).unwrap();
    let files = incident_files(root);
    let o = from_alertmanager(root, &file);
    let stderr = err(&o);
    let text: String = text.chars().take(200).collect();
    assert_eq!(o.status.code(), Some(1), "{text:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains(&format!("error: {}: ", s(&file))), "{stderr}");
    assert!(stderr.contains(expect), "{text:?}: {stderr}");
    assert!(o.stdout.is_empty());
    assert_eq!(incident_files(root), files, "{text:?}");
}

#[test]
fn malformed_payloads_are_clear_errors_and_write_nothing() {
    let dir = alert_site();
    let root = dir.path();
    let full = std::fs::read_to_string(payload("docs-example.json")).unwrap();
    // Truncated anywhere (on char boundaries; the file is ASCII).
    let last = full.trim_end().len();
    for cut in (0..last).step_by(37).chain([last - 1]) {
        assert_refused(root, &full[..cut], "not an Alertmanager webhook payload");
    }
    assert_refused(root, "{\n  \"version\": \"4\",\n  \"alerts\": [,]\n}", "line 3 column");
    assert_refused(
        root,
        &full.replace("\"version\": \"4\"", "\"version\": \"3\""),
        "version \"3\" is not supported",
    );
    assert_refused(
        root,
        &full.replace("\"version\": \"4\"", "\"version\": 4"),
        "version \"4\" is not supported",
    );
    assert_refused(
        root,
        "{\"version\": \"4\", \"groupKey\": \"{}\"}",
        "missing field `alerts`",
    );
    assert_refused(root, "{\"version\": \"4\", \"alerts\": []}", "missing field `groupKey`");
    assert_refused(root, "[]", "not an Alertmanager webhook payload");
    let deep = format!(
        "{{\"version\": \"4\", \"groupKey\": \"{{}}\", \"alerts\": {}",
        "[".repeat(100_000)
    );
    assert_refused(root, &deep, "not an Alertmanager webhook payload");
    assert_refused(
        root,
        &full.replace("2026-11-20T14:32:10.828Z", "yesterday"),
        "alert 1 (ProbeFailure): startsAt \"yesterday\" is not an RFC 3339 time",
    );
    assert_refused(
        root,
        &" ".repeat(4 * 1024 * 1024 + 1),
        "the payload is larger than 4 MB",
    );
    let missing = root.join("no-such.json");
    let o = from_alertmanager(root, &missing);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("no-such.json"), "{}", err(&o));
}

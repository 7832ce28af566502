//! `serve`'s incremental builds against full builds: after every kind of edit, the folder an
//! incremental build updated in place must hold exactly the bytes a full build of the same
//! sources writes; a build that fails on the content must leave it as it was, and one that fails
//! halfway (a file saved meanwhile) must be finished by the next.

// Helpers here are test code: a panic is a failing test.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use statusmark::{BuildOptions, Incremental, WidgetSource};

mod common;
use common::{copy_dir, tree};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn options(root: &Path, out: &Path) -> BuildOptions {
    BuildOptions {
        root: root.to_owned(),
        out: out.to_owned(),
        // Mid-way through the demo's story: an open incident, maintenance in every phase.
        now: Some("2026-11-22T09:00:00Z".parse().unwrap()),
        widget: WidgetSource::None,
        deny_warnings: false,
    }
}

/// The incremental output must equal a full build of the same sources, file for file.
fn assert_same_as_full_build(root: &Path, incremental: &Path, step: &str) {
    assert_same_as_full_build_at(root, incremental, step, options(root, root).now, |_| true);
}

/// [`assert_same_as_full_build`] for the files `compared` picks, the full build at `now`.
fn assert_same_as_full_build_at(
    root: &Path,
    incremental: &Path,
    step: &str,
    now: Option<jiff::Timestamp>,
    compared: impl Fn(&str) -> bool,
) {
    let full = root.join(format!("full-{}", step.replace([' ', ':'], "-")));
    statusmark::build(&BuildOptions {
        now,
        ..options(root, &full)
    })
    .unwrap();
    let (ours, theirs) = (tree(incremental), tree(&full));
    let differ: Vec<&String> = ours
        .keys()
        .chain(theirs.keys())
        .filter(|k| compared(k) && ours.get(*k) != theirs.get(*k))
        .collect();
    assert!(
        differ.is_empty(),
        "after {step}: the incremental output differs from a full build in {differ:?}"
    );
    std::fs::remove_dir_all(full).unwrap();
}

fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has no {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// A private copy of the demo's sources (`site/`) and where to build it (`public/`).
fn demo_copy() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_dir(&repo().join("content"), &root.join("content"));
    copy_dir(&repo().join("incidents"), &root.join("incidents"));
    let out = dir.path().join("public");
    (dir, root, out)
}

#[test]
fn every_kind_of_edit_gives_the_bytes_of_a_full_build() {
    let (_dir, root, out) = demo_copy();
    let mut inc = Incremental::new(&options(&root, &out)).unwrap();
    inc.build().unwrap();
    assert_same_as_full_build(&root, &out, "the first build");

    let sso = "incidents/2026-07-27-sign-in-failures-for-sso-users.md";
    edit(&root, sso, "title: ", "title: Renamed — ");
    inc.build_after(Some(&[sso.to_owned()])).unwrap();
    assert_same_as_full_build(&root, &out, "a title edit");
    // The first in-place build rewrites what it has no fingerprint of; from then on only what
    // changed is written: the page, the archive and component pages listing it, feeds, API.
    // `serve` announces the new build from `done`: by then the output folder shows the edit.
    edit(&root, sso, "title: Renamed", "title: Renamed again");
    let page = out.join("incidents/2026-07-27-sign-in-failures-for-sso-users/index.html");
    let mut announced = None;
    let report = inc
        .build_after_then(Some(&[sso.to_owned()]), |r| {
            let shown = std::fs::read_to_string(&page).unwrap().contains("Renamed again");
            announced = Some((r.files, shown));
        })
        .unwrap();
    assert_eq!(announced, Some((report.files, true)), "done, with the output complete");
    assert!(
        (1..30).contains(&report.files),
        "one title changed, and {} files were written",
        report.files
    );
    assert_same_as_full_build(&root, &out, "a second title edit");

    // Another component affected, then the first one no more: the report keeps its place, and
    // the components' lists of incidents change (serve patches them, see `model::KeptFacts`).
    edit(
        &root,
        sso,
        "  auth: partial_outage\n",
        "  auth: partial_outage\n  api: degraded_performance\n",
    );
    inc.build_after(Some(&[sso.to_owned()])).unwrap();
    assert_same_as_full_build(&root, &out, "a component added");
    edit(&root, sso, "  auth: partial_outage\n", "");
    inc.build_after(Some(&[sso.to_owned()])).unwrap();
    assert_same_as_full_build(&root, &out, "a component removed");
    // A component's status edited, its incidents the same: serve keeps the other components'
    // states (see `model::KeptFacts`) and works this one's out again.
    let email = "incidents/2026-11-20-email-notifications-delayed.md";
    edit(
        &root,
        email,
        "  email: degraded_performance\n",
        "  email: major_outage\n",
    );
    inc.build_after(Some(&[email.to_owned()])).unwrap();
    assert_same_as_full_build(&root, &out, "a component's status edited");
    // Reopened, then resolved again: which incidents are ongoing changes, the archive does not
    // (serve patches the one and keeps the other, see `model::KeptLists`).
    let resolved_at = "resolved: 2026-11-20T05:28:00Z\n";
    let resolution = "## Resolved — 2026-11-20T05:28:00Z\nAll queued emails were sent.\n\n";
    edit(&root, email, resolved_at, "");
    edit(&root, email, resolution, "");
    inc.build_after(Some(&[email.to_owned()])).unwrap();
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    let active = home
        .split("data-sm-active")
        .nth(1)
        .and_then(|s| s.split("</section>").next());
    assert!(
        active.is_some_and(|a| a.contains("Email notifications delayed")),
        "the reopened incident is not among the home page's active incidents"
    );
    assert_same_as_full_build(&root, &out, "an incident reopened");
    edit(
        &root,
        email,
        "impact: minor\n",
        &format!("impact: minor\n{resolved_at}"),
    );
    edit(&root, email, "\n## Identified", &format!("\n{resolution}## Identified"));
    inc.build_after(Some(&[email.to_owned()])).unwrap();
    assert_same_as_full_build(&root, &out, "an incident resolved again");
    // A new update on the open incident, the latest thing the site says: the API's
    // `page.updated_at` moves to it (serve patches the bounds it reads, `model::UpdatedBounds`;
    // a load patches only incidents without a translation, so it goes first).
    let slow = "incidents/2026-11-22-slow-ai-responses";
    std::fs::remove_file(root.join(format!("{slow}.de.md"))).unwrap();
    inc.build_after(Some(&[format!("{slow}.de.md")])).unwrap();
    let identified = "## Identified — 2026-11-22T08:05:00Z";
    let monitoring = format!("## Monitoring — 2026-11-22T08:59:00Z\nA fix is out.\n\n{identified}");
    edit(&root, &format!("{slow}.md"), identified, &monitoring);
    inc.build_after(Some(&[format!("{slow}.md")])).unwrap();
    let summary = std::fs::read_to_string(out.join("api/v2/summary.json")).unwrap();
    let page = summary.split("\"page\": {").nth(1).and_then(|p| p.split('}').next());
    assert!(
        page.is_some_and(|p| p.contains("\"updated_at\": \"2026-11-22T08:59:00Z\"")),
        "page.updated_at did not move to the new update: {page:?}"
    );
    assert_same_as_full_build(&root, &out, "an update on the open incident");

    // Saved while the site was being built: a build told of another incident's edit renders the
    // feeds listing both from the incident's last parse, whose text no longer matches the file;
    // the update fails for those files (every other file is still brought up to date), and the
    // next build, told of the save, redoes only what is left instead of the whole site.
    edit(&root, sso, "Renamed again", "Saved meanwhile");
    let other = "incidents/2026-08-03-delayed-email-notifications.md";
    edit(&root, other, "title: ", "title: Renamed — ");
    let mut announced = false;
    let err = inc
        .build_after_then(Some(&[other.to_owned()]), |_| announced = true)
        .unwrap_err();
    assert!(!announced, "a failed build is not announced as done");
    assert!(
        err.report().contains("changed while the site was being built"),
        "{}",
        err.report()
    );
    let report = inc.build_after(Some(&[sso.to_owned()])).unwrap();
    assert!(
        (1..30).contains(&report.files),
        "after a failed update {} files were written",
        report.files
    );
    assert_same_as_full_build(&root, &out, "a save during a build");

    // Moved to the front of the history: every archive page's list shifts.
    edit(&root, sso, "started: 2026-07-27", "started: 2026-11-21");
    edit(&root, sso, "resolved: 2026-07-27", "resolved: 2026-11-21");
    inc.build_after(Some(&[sso.to_owned()])).unwrap();
    assert_same_as_full_build(&root, &out, "a date edit");

    let new = "incidents/2026-11-22-brand-new.md";
    std::fs::write(
        root.join(new),
        "---\ntitle: Brand new <b>outage</b>\nimpact: major\nstarted: 2026-11-22T08:30:00Z\ncomponents:\n  api: major_outage\n---\n\n## Investigating — 2026-11-22T08:30:00Z\n\nLooking into it.\n",
    )
    .unwrap();
    inc.build_after(Some(&[new.to_owned()])).unwrap();
    assert!(out.join("incidents/2026-11-22-brand-new/index.html").is_file());
    assert_same_as_full_build(&root, &out, "a new incident");

    let gone = "incidents/2026-08-03-delayed-email-notifications.md";
    std::fs::remove_file(root.join(gone)).unwrap();
    inc.build_after(Some(&[gone.to_owned()])).unwrap();
    assert!(
        !out.join("incidents/2026-08-03-delayed-email-notifications").exists(),
        "a deleted incident's folder must go with its page"
    );
    assert_same_as_full_build(&root, &out, "a deleted incident");

    // Without being told what changed: every file's size and time are checked.
    edit(
        &root,
        "content/maintenance/2026-11-25-database-upgrade.md",
        "title: ",
        "title: Longer title — ",
    );
    inc.build_after(None).unwrap();
    assert_same_as_full_build(&root, &out, "a maintenance edit found by stamps");

    // The configuration is in every page.
    edit(
        &root,
        "content/statusmark.toml",
        "name = \"Public API\"",
        "name = \"Public REST API\"",
    );
    inc.build_after(Some(&["content/statusmark.toml".to_owned()])).unwrap();
    assert_same_as_full_build(&root, &out, "a configuration edit");
    // A component's target and the site's zone: in the report data files' rows, which `serve`
    // keeps while what they are worked out from is the same.
    edit(&root, "content/statusmark.toml", "sla = 99.95", "sla = 99.5");
    inc.build_after(Some(&["content/statusmark.toml".to_owned()])).unwrap();
    assert_same_as_full_build(&root, &out, "a target edit");
    edit(
        &root,
        "content/statusmark.toml",
        "timezone = \"Europe/Berlin\"",
        "timezone = \"America/New_York\"",
    );
    inc.build_after(Some(&["content/statusmark.toml".to_owned()])).unwrap();
    assert_same_as_full_build(&root, &out, "a zone edit");

    // The public links of `[notify]` are in every page's Subscribe menu.
    edit(
        &root,
        "content/statusmark.toml",
        "join_url = \"https://acme.example/community/slack\"",
        "join_url = \"https://acme.example/chat\"",
    );
    inc.build_after(Some(&["content/statusmark.toml".to_owned()])).unwrap();
    let page = std::fs::read_to_string(out.join("history/index.html")).unwrap();
    assert!(
        page.contains("acme.example/chat"),
        "the menu did not follow the configuration"
    );
    assert_same_as_full_build(&root, &out, "a [notify] edit");

    // A template of the theme overridden, then edited: `serve` keeps the compiled templates
    // only while the theme's are the same.
    let footer = "site/templates/footer.html";
    std::fs::create_dir_all(root.join("site/templates")).unwrap();
    std::fs::write(root.join(footer), "<footer>Run by the platform team</footer>\n").unwrap();
    inc.build_after(Some(&[footer.to_owned()])).unwrap();
    assert_same_as_full_build(&root, &out, "a template overridden");
    edit(&root, footer, "platform team", "SRE team");
    inc.build_after(Some(&[footer.to_owned()])).unwrap();
    let page = std::fs::read_to_string(out.join("history/index.html")).unwrap();
    assert!(
        page.contains("Run by the SRE team"),
        "the page did not follow the template"
    );
    assert_same_as_full_build(&root, &out, "a template edited");
    std::fs::remove_file(root.join(footer)).unwrap();
    inc.build_after(Some(&[footer.to_owned()])).unwrap();
    assert_same_as_full_build(&root, &out, "a template override removed");

    // A broken file: the build fails and the output stays as it was.
    let before = tree(&out);
    edit(&root, new, "impact: major", "impact: catastrophic");
    assert!(inc.build_after(Some(&[new.to_owned()])).is_err());
    assert!(tree(&out) == before, "a failed build changed the output");
    edit(&root, new, "impact: catastrophic", "impact: minor");
    inc.build_after(Some(&[new.to_owned()])).unwrap();
    assert_same_as_full_build(&root, &out, "fixing the broken file");

    // A file edited behind the watcher's back, same size and all: `None` rechecks stamps, so
    // only a forgotten file would be missed, and the watcher forgets what it sees change.
    edit(&root, new, "impact: minor", "impact: major");
    inc.build_after(Some(&[new.to_owned()])).unwrap();
    assert_same_as_full_build(&root, &out, "an edit that keeps the size");
}

/// An incident written ahead: published, and ongoing, from 2026-11-23 at midnight. The archive,
/// the ongoing incidents and the reports change with the clock (`model::KeptLists` and
/// `model::KeptReports` keep them only at the same instant).
fn write_ahead(root: &Path) {
    std::fs::write(
        root.join("incidents/2026-11-23-written-ahead.md"),
        "---\ntitle: Written ahead\nimpact: minor\nstarted: 2026-11-23T00:00:00Z\ncomponents:\n  api: degraded_performance\n---\n\n## Investigating — 2026-11-23T00:00:00Z\n\nLooking into it.\n",
    )
    .unwrap();
}

/// `serve` on the wall clock: time passes between rebuilds. After an edit minutes, a day or a
/// month later, across a maintenance window's start and end, the documents whose figures move
/// with time hold the bytes of a full build at that instant, whatever the rebuild kept: the API
/// documents (whose keys hold no instant) and the report data files (cut from a kept ledger).
/// Pages are not compared: one whose inputs did not change keeps the "Last updated" time of the
/// build that wrote it (see docs/authoring.md).
#[test]
fn rebuilds_as_time_passes_give_the_data_of_a_full_build_at_that_instant() {
    let (_dir, root, out) = demo_copy();
    write_ahead(&root);
    let mut inc = Incremental::new(&options(&root, &out)).unwrap();
    inc.build().unwrap();
    let sso = "incidents/2026-07-27-sign-in-failures-for-sso-users.md";
    let data = |path: &str| path.starts_with("api/v2/") || (path.starts_with("reports/") && !path.ends_with(".html"));
    let instants = [
        "2026-11-22T09:07:00Z",
        "2026-11-23T09:00:00Z",
        "2026-11-25T22:30:00Z",
        "2026-11-26T00:30:00Z",
        "2026-12-02T08:00:00Z",
        // Back in time (a clock set back, `--now` changed): nothing kept from a later cut holds.
        "2026-11-25T23:00:00Z",
        // Into the next year: 2026's periods are all over.
        "2027-01-01T00:30:00Z",
    ];
    for (n, now) in instants.into_iter().enumerate() {
        let now = edit_title_at(&mut inc, (&root, sso), n, now);
        assert_same_as_full_build_at(&root, &out, &format!("an edit at {now}"), Some(now), data);
    }
    assert!(
        tree(&out).keys().filter(|k| data(k)).count() > 20,
        "the data files were compared"
    );
}

/// `serve` on the wall clock, for the pages that show the components' days: the home page, the
/// components' pages and the history's (and the year reports, whose years end), after an edit or
/// none, minutes, a day and a month apart, hold what a full build at that instant shows, the "Last updated" footer aside (a page whose inputs did not change keeps the
/// time of the build that wrote it). A rebuild keeps the components' states and timelines and
/// their views while what they are worked out from holds (`model::KeptFacts`,
/// `render::KeptViews`).
#[test]
fn rebuilds_as_time_passes_give_the_component_days_of_a_full_build_at_that_instant() {
    let (dir, root, out) = demo_copy();
    write_ahead(&root);
    let mut inc = Incremental::new(&options(&root, &out)).unwrap();
    inc.build().unwrap();
    let email = "incidents/2026-11-20-email-notifications-delayed.md";
    let shown = |path: &str| {
        path == "index.html"
            || (path.starts_with("components/") || path.starts_with("history/") || path.starts_with("reports/"))
                && path.ends_with(".html")
    };
    let instants = [
        "2026-11-22T09:07:00Z",
        "2026-11-22T23:59:00Z",
        "2026-11-23T00:01:00Z",
        "2026-11-25T22:30:00Z",
        "2026-12-02T08:00:00Z",
        "2027-01-01T00:30:00Z",
    ];
    for (n, now) in instants.into_iter().enumerate() {
        let now: jiff::Timestamp = now.parse().unwrap();
        inc.set_now(Some(now));
        if n % 2 == 0 {
            edit(&root, email, "title: ", &format!("title: {n} "));
            inc.build_after(Some(&[email.to_owned()])).unwrap();
        } else {
            inc.build_after(Some(&[])).unwrap();
        }
        let compared = assert_pages_as_full_build_at(&root, &dir.path().join(format!("full-{n}")), &out, now, shown);
        assert!(compared > 5, "the pages were compared");
    }
}

/// The pages `shown` picks in `out` show what a full build at `now` (into `full`) shows, the
/// "Last updated" footer aside (a page whose inputs did not change keeps the time of the build
/// that wrote it); how many were compared.
fn assert_pages_as_full_build_at(
    root: &Path,
    full: &Path,
    out: &Path,
    now: jiff::Timestamp,
    shown: impl Fn(&str) -> bool,
) -> usize {
    let without_footer = |bytes: &[u8]| {
        let page = String::from_utf8_lossy(bytes).into_owned();
        match (page.find("<footer"), page.find("</footer>")) {
            (Some(from), Some(to)) => [&page[..from], &page[to..]].concat(),
            _ => page,
        }
    };
    statusmark::build(&BuildOptions {
        now: Some(now),
        ..options(root, full)
    })
    .unwrap();
    let (ours, theirs) = (tree(out), tree(full));
    let differ: Vec<&String> = theirs
        .keys()
        .chain(ours.keys())
        .filter(|k| shown(k) && ours.get(*k).map(|b| without_footer(b)) != theirs.get(*k).map(|b| without_footer(b)))
        .collect();
    assert!(
        differ.is_empty(),
        "at {now}, the pages differ from a full build: {differ:?}"
    );
    std::fs::remove_dir_all(full).unwrap();
    theirs.keys().filter(|k| shown(k)).count()
}

/// A recurring window's calendars follow the clock as well as the sources: an occurrence's
/// `event.ics` (its whole series) links to the next occurrence and gives overrides to the
/// occurrences from 90 days back to 400 ahead. Rebuilt as hours pass without an edit, every
/// calendar must be what a full build at that instant writes. The hours are two mornings in
/// February 2027 when what the calendars show moves while the list of occurrences does not:
/// with keys that left out the clock, `serve` kept stale calendars on 7 February.
#[test]
fn rebuilds_as_time_passes_give_the_calendars_of_a_full_build_at_that_instant() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_dir(&repo().join("tests/fixtures/recurring"), &root);
    let out = dir.path().join("public");
    let start: jiff::Timestamp = "2026-11-27T12:00:00Z".parse().unwrap();
    let mut inc = Incremental::new(&BuildOptions {
        now: Some(start),
        ..options(&root, &out)
    })
    .unwrap();
    inc.build().unwrap();
    let calendars = |path: &str| path.ends_with(".ics");
    let instants = (0..12)
        .map(|h| format!("2027-02-07T{h:02}:00:00Z"))
        .chain((0..16).map(|h| format!("2027-02-20T{h:02}:00:00Z")));
    for now in instants {
        let now: jiff::Timestamp = now.parse().unwrap();
        inc.set_now(Some(now));
        inc.build_after(Some(&[])).unwrap();
        assert_same_as_full_build_at(&root, &out, &format!("the clock at {now}"), Some(now), calendars);
    }
    assert!(
        tree(&out).keys().filter(|k| calendars(k)).count() > 5,
        "the calendars were compared"
    );
}

#[test]
fn translation_edits_give_the_bytes_of_a_full_build() {
    // The other language's pages are keyed by the translated incident or window, not by the
    // original that the model's facts were first read from.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_dir(&repo().join("tests/fixtures/bilingual"), &root);
    let out = dir.path().join("public");
    let now = Some("2026-11-20T15:00:00Z".parse().unwrap());
    let mut inc = Incremental::new(&BuildOptions {
        now,
        ..options(&root, &out)
    })
    .unwrap();
    inc.build().unwrap();
    assert_same_as_full_build_at(&root, &out, "the first build", now, |_| true);
    for (rel, step) in [
        (
            "incidents/2026-11-20-api-errors.de.md",
            "an incident's translated title",
        ),
        (
            "content/maintenance/2026-11-25-mail-move.de.md",
            "a window's translated title",
        ),
    ] {
        edit(&root, rel, "title: ", "title: Umbenannt — ");
        let report = inc.build_after(Some(&[rel.to_owned()])).unwrap();
        assert!(report.files > 0, "after {step}: nothing was written");
        assert_same_as_full_build_at(&root, &out, step, now, |_| true);
    }
    // A translation that keeps the original's title: the German archive line loses its
    // `lang="en"`, and nothing else of it changes.
    let rel = "incidents/2026-11-05-mail-delays.de.md";
    let text = "---\ntitle: Delayed outgoing mail\n---\n\nAusgehende E-Mails hingen bis zu vierzig Minuten fest.\n\n## Resolved — 2026-11-05T08:45:00Z\nDie E-Mails sind zugestellt.\n";
    std::fs::write(root.join(rel), text).unwrap();
    inc.build_after(Some(&[rel.to_owned()])).unwrap();
    assert_same_as_full_build_at(&root, &out, "a translation with the original's title", now, |_| true);
}

/// A synthetic site being served (see `common::synthetic_site`) under a temporary folder, built
/// once: `components` components and `n` incidents, incident `i` touching `c{i % components}`
/// and resolved at `resolved(i, start, stamp)`, with an update for its start and one for its end.
/// `head`: the configuration before its components.
fn served_synthetic_site(
    head: &str,
    (components, n): (usize, usize),
    resolved: impl Fn(usize, i64, &dyn Fn(i64) -> String) -> String,
) -> (tempfile::TempDir, PathBuf, PathBuf, Incremental) {
    let dir = tempfile::tempdir().unwrap();
    let (root, out) = (dir.path().join("site"), dir.path().join("public"));
    common::synthetic_site(&root, head, (components, n), |i, start, t| {
        let resolved = resolved(i, start, t);
        format!(
            "---\ntitle: Incident {i}\nimpact: minor\nstarted: {}\nresolved: {resolved}\ncomponents:\n  c{}: partial_outage\n---\n\n## Resolved — {resolved}\nFixed.\n\n## Investigating — {}\nLooking.\n",
            t(start),
            i % components,
            t(start),
        )
    });
    let mut inc = Incremental::new(&options(&root, &out)).unwrap();
    inc.build().unwrap();
    (dir, root, out, inc)
}

/// 300 incidents over two components, feeds keeping 3; incident 5 (the 295th of the list, in
/// another block than the newest) was resolved the day before `now`.
fn served_feeds_site() -> (tempfile::TempDir, PathBuf, PathBuf, Incremental) {
    let head = "title = \"Feeds\"\nbase_url = \"https://feeds.test/\"\nfeed_entries = 3\n";
    served_synthetic_site(head, (2, 300), |i, start, t| {
        if i == 5 {
            "2026-11-21T10:00:00Z".to_owned()
        } else {
            t(start + 3600)
        }
    })
}

/// The link of the first entry of the Atom feed at `rel`.
fn first_entry(out: &Path, rel: &str) -> String {
    let feed = std::fs::read_to_string(out.join(rel)).unwrap();
    let entry = &feed[feed.find("<entry>").unwrap_or_else(|| panic!("{rel} has no entry"))..];
    let id = &entry[entry.find("<id>").unwrap() + 4..];
    id[..id.find("</id>").unwrap()].to_owned()
}

/// Feeds list what changed last, however old the incident: the site's feed and a component's
/// pass over incidents by blocks of the list the model bounds (`model::UpdatedBounds`), and an
/// edit moves its incident's bound. Here 300 incidents, the feeds keep 3, and incidents far down
/// the newest-first list (another block than the newest) are resolved the day before `now`.
/// Then an old incident's title edited shows on the archive pages listing it.
#[test]
fn feeds_list_the_last_changes_however_old_the_incident_and_after_edits() {
    let (_dir, root, out, mut inc) = served_feeds_site();
    let link = |n: usize| format!("https://feeds.test/incidents/i{n:05}/");
    assert_eq!(first_entry(&out, "history.atom"), link(5));
    assert_eq!(first_entry(&out, "components/c1/history.atom"), link(5));
    assert_same_as_full_build(&root, &out, "the first build");

    // Incident 100 (the 200th) resolved later still: patched, its block's bound moves up.
    let rel = "incidents/i00100.md";
    let text = std::fs::read_to_string(root.join(rel)).unwrap();
    let resolved = text
        .lines()
        .find_map(|l| l.strip_prefix("resolved: "))
        .unwrap()
        .to_owned();
    edit(&root, rel, &resolved, "2026-11-21T11:00:00Z");
    edit(
        &root,
        rel,
        &format!("Resolved — {resolved}"),
        "Resolved — 2026-11-21T11:00:00Z",
    );
    inc.build_after(Some(&[rel.to_owned()])).unwrap();
    assert_eq!(first_entry(&out, "history.atom"), link(100));
    assert_eq!(first_entry(&out, "components/c0/history.atom"), link(100));
    assert_same_as_full_build(&root, &out, "an old incident resolved again");

    // And back: its bound moves down, and the feeds are as before.
    edit(
        &root,
        rel,
        "resolved: 2026-11-21T11:00:00Z",
        &format!("resolved: {resolved}"),
    );
    edit(
        &root,
        rel,
        "Resolved — 2026-11-21T11:00:00Z",
        &format!("Resolved — {resolved}"),
    );
    inc.build_after(Some(&[rel.to_owned()])).unwrap();
    assert_eq!(first_entry(&out, "history.atom"), link(5));
    assert_same_as_full_build(&root, &out, "the edit undone");

    // A title edit far back, outside the uptime bars: only the lines listing it show it (the
    // history's and the component's archive pages are planned in runs, `archive::groups`).
    edit(&root, rel, "title: Incident 100", "title: Incident one hundred");
    inc.build_after(Some(&[rel.to_owned()])).unwrap();
    let page = std::fs::read_to_string(out.join("components/c0/page/4/index.html")).unwrap();
    assert!(
        page.contains("Incident one hundred"),
        "the component's archive page shows the new title"
    );
    assert_same_as_full_build(&root, &out, "an old title edited");
}

/// Feeds choose their entries passing over blocks of incidents and of windows changed before the
/// newest they already hold, in each component's lists too (`syndication::candidates`): a window
/// far down the list (scheduled long ago) with a late update still leads the site's feed and
/// its component's, while the windows around it, older than every entry, are passed over.
#[test]
fn feeds_find_a_late_change_far_down_the_windows() {
    let (_dir, root, out, mut inc) = served_feeds_site();
    // 200 windows a day apart from 2024-01-01, newest first in the list: window 7 is the 193rd,
    // the first of the fourth block of 64 (the blocks before it are passed over), and its update
    // is the site's latest change.
    std::fs::create_dir_all(root.join("content/maintenance")).unwrap();
    for k in 0..200_i64 {
        let day = jiff::civil::date(2024, 1, 1) + jiff::Span::new().days(k);
        let note = if k == 7 {
            "\n## Completed — 2026-11-21T12:00:00Z\nDone, and checked again.\n"
        } else {
            ""
        };
        let text = format!(
            "---\ntitle: Maintenance {k}\nscheduled_for: {day}T01:00:00Z\nscheduled_until: {day}T02:00:00Z\ncomponents: [c{}]\n---\n\nWork.\n{note}",
            k % 2
        );
        std::fs::write(root.join(format!("content/maintenance/m{k:03}.md")), text).unwrap();
    }
    inc.build_after(None).unwrap();
    let window = "https://feeds.test/maintenance/m007/";
    assert_eq!(first_entry(&out, "history.atom"), window);
    assert_eq!(first_entry(&out, "components/c1/history.atom"), window);
    assert_eq!(
        first_entry(&out, "components/c0/history.atom"),
        "https://feeds.test/incidents/i00298/"
    );
    assert_same_as_full_build(&root, &out, "windows added");
}

/// The clock set to `now`, then the title of incident `rel` edited (its `n`th edit) and the site
/// rebuilt after it, as `serve` does; `now`, read.
fn edit_title_at(inc: &mut Incremental, (root, rel): (&Path, &str), n: usize, now: &str) -> jiff::Timestamp {
    let now: jiff::Timestamp = now.parse().unwrap();
    edit(root, rel, "title: ", &format!("title: {n} "));
    inc.set_now(Some(now));
    inc.build_after(Some(&[rel.to_owned()])).unwrap();
    now
}

/// `serve` on the wall clock keeps the archive and the ongoing incidents while the same windows
/// are announced and the same incidents published (`model::KeptLists`): as the clock moves on,
/// an incident resolved in between stops being ongoing, and when it moves back it is ongoing
/// again. The API's unresolved incidents hold what a full build at each instant lists, and the
/// incident's page, which shows how long it took to resolve once it is resolved
/// (`show_response_times`), what a full build shows, its footer aside
/// (`KeptViews::incident_pages` keys again the pages whose key held the last `now`).
#[test]
fn the_ongoing_incidents_follow_the_clock_both_ways() {
    let head = "title = \"Clock\"\nbase_url = \"https://clock.test/\"\nshow_response_times = true\n";
    // The last of 100 incidents started before 2026-11-18 and is resolved on 2026-11-21.
    let (_dir, root, out, mut inc) = served_synthetic_site(head, (2, 100), |i, start, t| {
        if i == 99 {
            "2026-11-21T00:00:00Z".to_owned()
        } else {
            t(start + 3600)
        }
    });
    let rel = "incidents/i00010.md";
    let api = |path: &str| path.starts_with("api/v2/");
    for (n, now) in [
        "2026-11-20T00:00:00Z",
        "2026-11-20T06:00:00Z",
        "2026-11-21T12:00:00Z",
        "2026-11-20T12:00:00Z",
    ]
    .into_iter()
    .enumerate()
    {
        let now = edit_title_at(&mut inc, (&root, rel), n, now);
        let unresolved = std::fs::read_to_string(out.join("api/v2/incidents/unresolved.json")).unwrap();
        assert_eq!(
            unresolved.contains("Incident 99"),
            now < "2026-11-21T00:00:00Z".parse().unwrap(),
            "at {now}"
        );
        assert_same_as_full_build_at(&root, &out, &format!("a rebuild at {now}"), Some(now), api);
        let page = |path: &str| path == "incidents/i00099/index.html";
        assert_eq!(
            assert_pages_as_full_build_at(&root, &root.join("full-pages"), &out, now, page),
            1
        );
    }
}

/// `serve` on the wall clock keeps what the windows read (`model::KeptWindows`) and the
/// archive's keys (`archive::Keys`) until a window can change: here a window begins and ends
/// between edits to an incident written ahead (in no run of the history's pages, so the edit
/// keys none of them again), and the history page listing the window shows its phase as a full
/// build at each instant does (the archive's keys are kept at a later `now` only with the very
/// windows' list they read).
#[test]
fn the_history_follows_a_window_through_its_phases_between_edits() {
    let head = "title = \"Phases\"\nbase_url = \"https://phases.test/\"\n";
    let (_dir, root, out, mut inc) = served_synthetic_site(head, (2, 60), |_, start, t| t(start + 3600));
    std::fs::create_dir_all(root.join("content/maintenance")).unwrap();
    std::fs::write(
        root.join("content/maintenance/2026-11-20-move.md"),
        "---\ntitle: Move\nscheduled_for: 2026-11-20T01:00:00Z\nscheduled_until: 2026-11-20T02:00:00Z\ncomponents: [c0]\nannounced: 2026-11-19T00:00:00Z\n---\n\nMoving.\n",
    )
    .unwrap();
    let rel = "incidents/2027-01-05-ahead.md";
    std::fs::write(
        root.join(rel),
        "---\ntitle: Ahead\nimpact: minor\nstarted: 2027-01-05T00:00:00Z\ncomponents:\n  c1: degraded_performance\n---\n\n## Investigating — 2027-01-05T00:00:00Z\nLooking.\n",
    )
    .unwrap();
    inc.set_now(Some("2026-11-19T12:00:00Z".parse().unwrap()));
    inc.build_after(None).unwrap();
    let history = |path: &str| path.starts_with("history/") && path.ends_with(".html");
    for (n, (now, phase)) in [
        ("2026-11-19T12:30:00Z", "Scheduled"),
        ("2026-11-20T01:30:00Z", "In progress"),
        ("2026-11-20T03:00:00Z", "Completed"),
    ]
    .into_iter()
    .enumerate()
    {
        let now = edit_title_at(&mut inc, (&root, rel), n, now);
        let page = std::fs::read_to_string(out.join("history/index.html")).unwrap();
        let line = &page[page.find("Move").unwrap_or_else(|| panic!("at {now}, no window"))..];
        assert!(line[..line.find("</li>").unwrap()].contains(phase), "at {now}: {line}");
        let compared = assert_pages_as_full_build_at(&root, &root.join("full-pages"), &out, now, history);
        assert!(compared >= 2, "at {now}, the history pages were compared");
    }
}

/// The components' timelines are kept as the clock moves (`model::ComponentTimeline`, for the
/// uptime window's start): edits hours apart on one day (kept), two months later, back a few
/// hours on that day (kept), and back two months, when the window starts earlier and holds
/// incidents the last one did not, give the home page and the components' pages a full build
/// at that instant gives, the footer aside.
#[test]
fn the_components_days_follow_the_clock_back() {
    let head = "title = \"Days\"\nbase_url = \"https://days.test/\"\n";
    let (_dir, root, out, mut inc) = served_synthetic_site(head, (2, 400), |_, start, t| t(start + 3600));
    let rel = "incidents/i00010.md";
    let shown = |path: &str| path == "index.html" || path.starts_with("components/") && path.ends_with(".html");
    for (n, now) in [
        "2026-11-20T12:00:00Z",
        "2026-11-20T18:00:00Z",
        "2027-01-20T12:00:00Z",
        "2027-01-20T08:00:00Z",
        "2026-11-21T12:00:00Z",
    ]
    .into_iter()
    .enumerate()
    {
        let now = edit_title_at(&mut inc, (&root, rel), n, now);
        let compared = assert_pages_as_full_build_at(&root, &root.join("full-pages"), &out, now, shown);
        assert!(compared > 5, "at {now}, the pages were compared");
    }
}

/// A component removed from the configuration while `serve` runs (its incidents with it): the
/// components after it move up a place, and each keeps its own archive pages (planned as one
/// group per component, named by its id).
#[test]
fn removing_a_component_keeps_the_pages_of_those_after_it() {
    let head = "title = \"Components\"\nbase_url = \"https://components.test/\"\n";
    let (_dir, root, out, mut inc) = served_synthetic_site(head, (3, 30), |_, start, t| t(start + 3600));
    assert_same_as_full_build(&root, &out, "the first build");

    let mut changed = vec!["content/statusmark.toml".to_owned()];
    edit(
        &root,
        "content/statusmark.toml",
        "[[components]]\nid = \"c1\"\nname = \"Component 1\"\n",
        "",
    );
    for i in (1..30).step_by(3) {
        let rel = format!("incidents/i{i:05}.md");
        std::fs::remove_file(root.join(&rel)).unwrap();
        changed.push(rel);
    }
    inc.build_after(Some(&changed)).unwrap();
    assert!(out.join("components/c2/index.html").is_file(), "c2's page is gone");
    assert_same_as_full_build(&root, &out, "a component removed from the configuration");
}

/// An edit to an incident in the history's second run of pages (past 64 pages of 25): the run it
/// is in has its key worked out again (`archive::Keys::patch`), and its page shows the edit.
#[test]
fn an_edit_in_a_later_run_of_history_pages_shows_as_in_a_full_build() {
    let head = "title = \"Runs\"\nbase_url = \"https://runs.test/\"\n";
    let (_dir, root, out, mut inc) = served_synthetic_site(head, (2, 1700), |_, start, t| t(start + 3600));
    // The oldest incident is the 1,700th line of the history: page 68, in the second run.
    let rel = "incidents/i00000.md";
    edit(&root, rel, "title: Incident 0\n", "title: The very first\n");
    inc.build_after(Some(&[rel.to_owned()])).unwrap();
    let page = std::fs::read_to_string(out.join("history/68/index.html")).unwrap();
    assert!(
        page.contains("The very first"),
        "the page of the second run shows the edit"
    );
    assert_same_as_full_build(&root, &out, "an edit in the second run");
}

//! Drafts, through the real binary on real files: a draft (`draft: true`) is checked and listed
//! but reaches no output file at all; `publish` makes it reach them.

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

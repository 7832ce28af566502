//! The author's commands on real files through the real binary: open, update and resolve an
//! incident; never lose a byte of what the author wrote; refuse edits that would break the site.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::{Command, Output};

fn statusmark(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_statusmark"))
        .args(args)
        .output()
        .unwrap()
}

fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::create_dir_all(root.join("incidents")).unwrap();
    std::fs::write(
        root.join("content/statusmark.toml"),
        "title = \"T\"\n[[components]]\nid = \"api\"\nname = \"API\"\n[[components]]\nid = \"db\"\nname = \"DB\"\n",
    )
    .unwrap();
    dir
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn open_update_resolve_an_incident() {
    let dir = site();
    let root = s(dir.path());
    let o = statusmark(&[
        "new",
        "incident",
        "Payments: failing",
        "--component",
        "api=major_outage",
        "--impact",
        "critical",
        "--root",
        root,
        "--at",
        "2026-11-21T10:00:00Z",
    ]);
    assert!(o.status.success(), "{}", err(&o));
    let path = String::from_utf8(o.stdout).unwrap().trim().to_owned();
    assert!(path.ends_with("incidents/2026-11-21-payments-failing.md"), "{path}");
    let o = statusmark(&[
        "update",
        &path,
        "--status",
        "monitoring",
        "A fix is deployed.",
        "--component",
        "api=degraded_performance",
        "--root",
        root,
        "--at",
        "2026-11-21T10:30:00Z",
    ]);
    assert!(o.status.success(), "{}", err(&o));
    let o = statusmark(&[
        "resolve",
        &path,
        "All good.",
        "--root",
        root,
        "--at",
        "2026-11-21T11:00:00Z",
    ]);
    assert!(o.status.success(), "{}", err(&o));
    insta::assert_snapshot!("opened_updated_resolved", std::fs::read_to_string(&path).unwrap());
    // The result builds, and resolving twice is refused.
    assert!(statusmark(&["check", "--root", root]).status.success());
    let o = statusmark(&["resolve", &path, "--root", root]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("already resolved"));
}

#[test]
fn edits_keep_comments_spacing_and_toml() {
    let dir = site();
    let root = s(dir.path());
    let yaml = "---\n# on-call: alice\ntitle:    DB slow   # spacing kept\nimpact: sev3\nstarted: 2026-11-21T09:00:00Z\ncomponents:\n    db: degraded_performance\n---\nSummary with  two spaces.\n\n## Investigating | 2026-11-21T09:00:00Z\nLooking.\n";
    let toml = "+++\n# comment\ntitle = 'DB slow'\nstarted = 2026-11-21T09:00:00Z\n[components]\ndb = \"degraded_performance\"\n+++\n\n## Investigating - 2026-11-21T09:00:00Z\nLooking.\n";
    for (name, original) in [("yaml.md", yaml), ("toml.md", toml)] {
        let path = dir.path().join("incidents").join(name);
        std::fs::write(&path, original).unwrap();
        let o = statusmark(&[
            "update",
            s(&path),
            "--status",
            "identified",
            "Found it.",
            "--component",
            "db=partial_outage",
            "--root",
            root,
            "--at",
            "2026-11-21T09:10:00Z",
        ]);
        assert!(o.status.success(), "{name}: {}", err(&o));
        let o = statusmark(&["resolve", s(&path), "--root", root, "--at", "2026-11-21T09:30:00Z"]);
        assert!(o.status.success(), "{name}: {}", err(&o));
        let edited = std::fs::read_to_string(&path).unwrap();
        // Every original line survives, in order.
        let mut rest = edited.as_str();
        for line in original.lines() {
            let at = rest
                .find(line)
                .unwrap_or_else(|| panic!("{name}: lost line {line:?} in\n{edited}"));
            rest = &rest[at + line.len()..];
        }
        insta::assert_snapshot!(format!("edited_{name}"), edited);
    }
    let o = statusmark(&["check", "--root", root]);
    assert!(o.status.success(), "{}", err(&o));
}

#[test]
fn an_edit_that_would_break_the_site_changes_nothing() {
    let dir = site();
    let root = s(dir.path());
    let path = dir.path().join("incidents/a.md");
    let original = "---\ntitle: A\nstarted: 2026-11-21T09:00:00Z\ncomponents:\n  api: partial_outage\n---\n\n## Investigating — 2026-11-21T09:00:00Z\nx\n";
    std::fs::write(&path, original).unwrap();
    let before = identity(&path);
    let o = statusmark(&[
        "update",
        s(&path),
        "--status",
        "monitoring",
        "y",
        "--component",
        "apii=degraded_performance",
        "--root",
        root,
        "--at",
        "2026-11-21T09:10:00Z",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("did you mean \"api\"?"), "{}", err(&o));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), original);
    // Validated in memory: the file was never replaced and put back, it was not touched at all.
    assert_eq!(identity(&path), before);
    assert_eq!(listing(&dir.path().join("incidents")), ["a.md"]);
    let o = statusmark(&["update", s(&path), "--status", "fixed", "y", "--root", root]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("unknown status \"fixed\""));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), original);
}

/// The file's inode and modification time: they change when a file is replaced or rewritten.
#[cfg(unix)]
fn identity(path: &Path) -> (u64, std::time::SystemTime) {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(path).unwrap();
    (meta.ino(), meta.modified().unwrap())
}

#[cfg(not(unix))]
fn identity(path: &Path) -> std::time::SystemTime {
    std::fs::metadata(path).unwrap().modified().unwrap()
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

/// `statusmark new maintenance` for one component, announced well before it starts.
fn new_maintenance(root: &str, component: &str) -> Output {
    statusmark(&[
        "new",
        "maintenance",
        "DB upgrade",
        "--start",
        "2026-11-25T22:00:00Z",
        "--end",
        "2026-11-26T00:00:00Z",
        "--component",
        component,
        "--root",
        root,
        "--at",
        "2026-11-20T10:00:00Z",
    ])
}

/// A new file is validated in memory as if it were already in its folder: a refused one is never
/// created, and its errors name the path it would have had.
#[test]
fn a_refused_new_file_is_never_created() {
    let dir = site();
    let root = s(dir.path());
    let o = new_maintenance(root, "databse");
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(
        err(&o).contains("content/maintenance/2026-11-25-db-upgrade.md:5:"),
        "{}",
        err(&o)
    );
    assert!(listing(&dir.path().join("content/maintenance")).is_empty());
    // The same notice with a known component is written, and the site checks.
    let o = new_maintenance(root, "db");
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(
        listing(&dir.path().join("content/maintenance")),
        ["2026-11-25-db-upgrade.md"]
    );
    assert!(statusmark(&["check", "--root", root]).status.success());
}

#[test]
fn update_and_resolve_work_on_a_draft_and_publish_removes_only_its_line() {
    let dir = site();
    let root = s(dir.path());
    // CRLF, a comment after the key and a key after it: only the `draft` line may go.
    let original = "---\r\ntitle: Draft DB\r\nstarted: 2026-11-21T09:00:00Z\r\ndraft: true   # until someone looks\r\ncomponents:\r\n  db: degraded_performance\r\n---\r\n\r\n## Investigating — 2026-11-21T09:00:00Z\r\nLooking.\r\n";
    let path = dir.path().join("incidents/draft-db.md");
    std::fs::write(&path, original).unwrap();
    let o = statusmark(&[
        "update",
        s(&path),
        "--status",
        "identified",
        "Found it.",
        "--root",
        root,
        "--at",
        "2026-11-21T09:10:00Z",
    ]);
    assert!(o.status.success(), "{}", err(&o));
    let o = statusmark(&["resolve", s(&path), "--root", root, "--at", "2026-11-21T09:30:00Z"]);
    assert!(o.status.success(), "{}", err(&o));
    let edited = std::fs::read_to_string(&path).unwrap();
    assert!(edited.contains("draft: true   # until someone looks\r\n"), "{edited}");
    assert!(
        edited.contains("## Identified — 2026-11-21T09:10:00Z\r\nFound it."),
        "{edited}"
    );
    let o = statusmark(&["check", "--root", root, "--now", "2026-11-21T10:00:00Z"]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(
        err(&o).contains("1 draft: incidents/draft-db.md “Draft DB”"),
        "{}",
        err(&o)
    );

    let o = statusmark(&["publish", s(&path), "--root", root, "--at", "2026-11-21T10:00:00Z"]);
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        edited.replace("draft: true   # until someone looks\r\n", "")
    );
    let o = statusmark(&["check", "--root", root, "--now", "2026-11-21T10:00:00Z"]);
    assert!(o.status.success() && !err(&o).contains("draft"), "{}", err(&o));
    // Published once; a second publish is refused.
    let o = statusmark(&["publish", s(&path), "--root", root]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("incidents/draft-db.md is not a draft"), "{}", err(&o));
}

#[test]
fn publish_refuses_a_draft_key_it_cannot_remove_alone() {
    let dir = site();
    let root = s(dir.path());
    // A flow mapping: removing the line would remove the whole front matter.
    let text = "---\n{title: Flow, started: 2026-11-21T09:00:00Z, draft: true}\n---\n";
    let path = dir.path().join("incidents/flow.md");
    std::fs::write(&path, text).unwrap();
    let o = statusmark(&["check", "--root", root, "--now", "2026-11-21T10:00:00Z"]);
    assert!(err(&o).contains("1 draft: incidents/flow.md"), "{}", err(&o));
    let o = statusmark(&["publish", s(&path), "--root", root]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).contains("write `draft: true` on a line of its own"),
        "{}",
        err(&o)
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    // Strict like `check`: an unknown key is named, nothing is changed.
    let text = "+++\ntitle = 'Inline'\nstarted = 2026-11-21T09:00:00Z\ndraft = true\nextra = 1\n+++\n";
    std::fs::write(&path, text).unwrap();
    let o = statusmark(&["publish", s(&path), "--root", root]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("unknown key \"extra\""), "{}", err(&o));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    // A file outside the site.
    let outside = tempfile::tempdir().unwrap();
    let elsewhere = outside.path().join("x.md");
    std::fs::write(
        &elsewhere,
        "---\ntitle: x\nstarted: 2026-11-21T09:00:00Z\ndraft: true\n---\n",
    )
    .unwrap();
    let o = statusmark(&["publish", s(&elsewhere), "--root", root]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("is not inside the site"), "{}", err(&o));
}

/// A mistyped notice, named relative to the site as people type it at 3 a.m., is a missing file,
/// not "not a maintenance notice".
#[test]
fn a_missing_maintenance_file_is_named_as_missing() {
    let dir = site();
    std::fs::create_dir_all(dir.path().join("content/maintenance")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_statusmark"))
        .current_dir(dir.path())
        .args(["cancel", "content/maintenance/db-upgade.md", "Postponed", "--root", "."])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let e = err(&out);
    assert!(e.contains("content/maintenance/db-upgade.md"), "{e}");
    assert!(!e.contains("not a maintenance notice"), "{e}");
    assert!(e.contains("No such file"), "{e}");
}

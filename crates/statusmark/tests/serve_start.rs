//! `statusmark serve` on a source saved while its first build runs, before the file watcher has
//! started: the save is built once the watcher is up, not left until the author saves again.
#![allow(clippy::unwrap_used)]

mod common;

use std::io::{BufRead as _, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Ends `serve` however the test ends.
struct Served(std::process::Child);

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Wait for `done`, failing with `what` after `limit`.
fn eventually(limit: Duration, what: &str, mut done: impl FnMut() -> bool) {
    let started = Instant::now();
    while !done() {
        assert!(started.elapsed() < limit, "{what} within {limit:?}");
        std::thread::sleep(Duration::from_millis(1));
    }
}

#[test]
fn a_source_saved_during_the_first_build_is_built() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    // Large enough that its first build is still writing pages when the test sees it start to.
    let head = "title = \"Start\"\nbase_url = \"https://start.test/\"\nuptime_days = 90\n";
    common::synthetic_site(root, head, (20, 3000), |i, start, t| {
        format!(
            "---\ntitle: Incident {i}\nimpact: minor\nstarted: {}\nresolved: {}\ncomponents:\n  c{}: degraded_performance\n---\n\nSummary of incident {i}.\n\n## Resolved — {}\nFixed.\n",
            t(start),
            t(start + 3600),
            i % 20,
            t(start + 3600),
        )
    });
    let out = root.join("public");
    let mut child = Command::new(env!("CARGO_BIN_EXE_statusmark"))
        .args([
            "serve",
            "--now",
            "2026-11-20T12:00:00Z",
            "--no-widget",
            "--port",
            "0",
            "--root",
        ])
        .arg(root)
        .arg("--out")
        .arg(&out)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let staging = root.join(format!(".public.staging-{}", child.id()));
    let _served = Served(child);

    // Pages are written once every source has been read: the first build is under way.
    eventually(Duration::from_secs(300), "the first build writing pages", || {
        staging.join("incidents/i00001/index.html").exists()
    });
    let file = root.join("incidents/i00000.md");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        !out.exists(),
        "the first build ended before the test saved a file: the site is too small for this machine"
    );
    std::fs::write(
        &file,
        text.replace("title: Incident 0\n", "title: Incident 0, saved during the build\n"),
    )
    .unwrap();

    // `serve` says where it listens once the first build is done.
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    assert!(line.contains("http://"), "serve did not start: {line:?}");
    let page = out.join("incidents/i00000/index.html");
    eventually(
        Duration::from_secs(60),
        "the page showing the title saved during the first build",
        || std::fs::read_to_string(&page).is_ok_and(|html| html.contains("Incident 0, saved during the build")),
    );
}

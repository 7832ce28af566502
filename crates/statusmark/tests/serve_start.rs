//! `statusmark serve` as it starts: a source saved while its first build runs, before the file
//! watcher has started, is built once the watcher is up, not left until the author saves again;
//! a start with no change builds once.
#![allow(clippy::unwrap_used)]

mod common;

use std::ffi::OsStr;
use std::io::{BufRead as _, BufReader};
use std::path::Path;
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

/// `statusmark serve --no-widget --port 0 --now <now>` in `cwd` with `args` (the root, the output
/// folder), its stderr into `log`, and its stdout, which says where it listens once the first
/// build is done.
fn serve(cwd: &Path, now: &str, args: &[&OsStr], log: Stdio) -> (Served, std::process::ChildStdout) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_statusmark"))
        .args(["serve", "--now", now, "--no-widget", "--port", "0"])
        .args(args)
        .current_dir(cwd)
        .stdout(Stdio::piped())
        .stderr(log)
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    (Served(child), stdout)
}

/// Wait for the line saying where `serve` listens.
fn serving(stdout: std::process::ChildStdout) {
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    assert!(line.contains("http://"), "serve did not start: {line:?}");
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
    let args = [
        OsStr::new("--root"),
        root.as_os_str(),
        OsStr::new("--out"),
        out.as_os_str(),
    ];
    let (served, stdout) = serve(root, "2026-11-20T12:00:00Z", &args, Stdio::null());
    let staging = root.join(format!(".public.staging-{}", served.0.id()));

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

    serving(stdout);
    let page = out.join("incidents/i00000/index.html");
    eventually(
        Duration::from_secs(300),
        "the page showing the title saved during the first build",
        || std::fs::read_to_string(&page).is_ok_and(|html| html.contains("Incident 0, saved during the build")),
    );
}

/// With `--root .` (the default), as authors run it: the sources as walked before the first build
/// are named as the watcher's later walks name them, so a start with no change builds once, and
/// the next build follows an edit.
#[test]
fn a_quiet_start_builds_once() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    common::copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/basic"),
        root,
    );
    let log = root.join("serve.log");
    let args = [OsStr::new("--root"), OsStr::new(".")];
    let (_served, stdout) = serve(
        root,
        "2026-11-20T15:00:00Z",
        &args,
        std::fs::File::create(&log).unwrap().into(),
    );
    serving(stdout);
    // Whole lines only: a line `serve` is writing may be read as far as it got ("built: ").
    let builds = || {
        let text = std::fs::read_to_string(&log).unwrap();
        let written = text.rfind('\n').map_or("", |end| &text[..end]);
        written
            .lines()
            .filter(|l| l.starts_with("built:"))
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    // The fallback's first check comes a second after the watcher started, on a site this size.
    std::thread::sleep(Duration::from_secs(3));
    let file = root.join("incidents/2026-11-20-api-errors.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("title: API errors", "title: API errors, edited")).unwrap();
    eventually(Duration::from_secs(60), "a build after the edit", || {
        builds().len() >= 2
    });
    let builds = builds();
    assert!(
        builds[1].ends_with("after incidents/2026-11-20-api-errors.md changed"),
        "one build at start, then the edit's, and no other: {builds:?}"
    );
}

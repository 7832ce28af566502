//! Peak memory of a build must not grow with the size of the Markdown (issue #20): the model keeps
//! each report's metadata and where its text is, and pages read the text when they are rendered.
//! Guarded by comparing two sites with the same incidents, one with short bodies and one with
//! long ones, measured in the same run, so the budget holds on a debug or a release binary, on a
//! fast or a busy machine.
#![allow(clippy::unwrap_used)]
#![cfg(target_os = "linux")]

mod common;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

const INCIDENTS: usize = 1_500;

/// `INCIDENTS` incidents over two years, each with a summary and three updates of
/// `paragraphs` paragraphs of 60 words each. Returns the bytes of Markdown written.
fn site(root: &Path, paragraphs: usize) -> usize {
    let words = [
        "api", "latency", "database", "replica", "queue", "failover", "rollback", "cache",
    ];
    let paragraph = |seed: usize| {
        let mut p = String::new();
        for w in 0..60 {
            p.push_str(words[(seed * 7 + w * 3 + w / 5) % words.len()]);
            p.push(if w % 15 == 14 { '.' } else { ' ' });
        }
        p.push_str("\n\n");
        p
    };
    let section = |i: usize| (0..paragraphs).map(|n| paragraph(i + n)).collect::<String>();
    let head = "title = \"Memory\"\nbase_url = \"https://memory.test/\"\n";
    // Few components, so few feeds: a feed keeps its latest 50 entries whatever the site's size.
    common::synthetic_site(root, head, (2, INCIDENTS), |i, start, t| {
        format!(
            "---\ntitle: Incident {i}\nimpact: major\nstarted: {}\nresolved: {}\ncomponents:\n  c{}: major_outage\n---\n\n{}## Resolved — {}\n{}## Monitoring — {}\n{}## Investigating — {}\n{}",
            t(start),
            t(start + 3600),
            i % 2,
            section(i),
            t(start + 3600),
            section(i + 1),
            t(start + 1800),
            section(i + 2),
            t(start),
            section(i + 3),
        )
    })
}

/// A child's peak resident set (`VmHWM`), read from `/proc` while it runs, in bytes. Without
/// `unsafe` there is no `wait4`; the peak of a build is while it renders, long before it exits.
fn peak_rss(root: &Path) -> u64 {
    let mut child = Command::new(env!("CARGO_BIN_EXE_statusmark"))
        .args(["build", "--no-widget", "--now", "2026-11-20T12:00:00Z", "--root"])
        .arg(root)
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let status_path = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "the build failed");
            return peak;
        }
        let kb = std::fs::read_to_string(&status_path).ok().and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        });
        peak = peak.max(kb.unwrap_or(0) * 1024);
        std::thread::sleep(Duration::from_millis(2));
    }
}

#[test]
fn peak_memory_does_not_grow_with_the_markdown() {
    let short = tempfile::tempdir().unwrap();
    let long = tempfile::tempdir().unwrap();
    let short_bytes = site(short.path(), 1);
    let long_bytes = site(long.path(), 12);
    let (a, b) = (peak_rss(short.path()), peak_rss(long.path()));
    let markdown = long_bytes - short_bytes;
    let grown = b.saturating_sub(a);
    eprintln!(
        "{INCIDENTS} incidents: {} MB of Markdown → peak {} MB; {} MB → peak {} MB",
        short_bytes / 1_000_000,
        a / 1_000_000,
        long_bytes / 1_000_000,
        b / 1_000_000
    );
    // Holding every body would add at least `markdown` bytes (the code before issue #20 grew by
    // 50 MB here); reading each when its page is rendered adds what is in flight per thread and
    // the latest entries each feed keeps (about 9 MB).
    assert!(
        grown < markdown as u64 / 2,
        "{} MB more Markdown made the build's peak {} MB larger: bodies are being kept in memory",
        markdown / 1_000_000,
        grown / 1_000_000
    );
    // The budget for this site, with room for allocator and thread-count noise.
    assert!(
        b < 120_000_000,
        "peak RSS {} MB is over the 120 MB budget",
        b / 1_000_000
    );
}

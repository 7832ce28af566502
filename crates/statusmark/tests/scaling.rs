//! Nothing in the pipeline may be quadratic in incidents × components × days. Guarded by a ratio
//! of two sizes measured in the same run (10× the history must cost well under 100×), not by a
//! wall-clock limit, so a slow or busy machine does not fail it.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// A synthetic site: `n` incidents over two years, 30 components, 90-day bars.
fn site(root: &Path, n: usize) {
    let head = "title = \"Scale\"\nbase_url = \"https://scale.test/\"\nuptime_days = 90\n";
    common::synthetic_site(root, head, (30, n), |i, start, t| {
        format!(
            "---\ntitle: Incident {i}\nimpact: major\nstarted: {}\nresolved: {}\ncomponents:\n  c{}: partial_outage\n  c{}: major_outage\n---\n\nSummary of incident {i}.\n\n## Resolved — {}\nFixed.\n\n## Investigating — {}\nLooking.\n",
            t(start),
            t(start + 3600),
            i % 30,
            (i + 7) % 30,
            t(start + 3600),
            t(start)
        )
    });
}

/// The fastest of three builds, in seconds.
fn build_time(root: &Path) -> f64 {
    (0..3)
        .map(|run| {
            let out = root.join(format!("out-{run}"));
            let started = Instant::now();
            let o = Command::new(env!("CARGO_BIN_EXE_statusmark"))
                .args(["build", "--no-widget", "--now", "2026-11-20T12:00:00Z", "--root"])
                .arg(root)
                .arg("--out")
                .arg(&out)
                .output()
                .unwrap();
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
            started.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

#[test]
fn ten_times_the_history_costs_far_less_than_a_hundred_times_the_time() {
    let small = tempfile::tempdir().unwrap();
    let large = tempfile::tempdir().unwrap();
    site(small.path(), 200);
    site(large.path(), 2_000);
    let (a, b) = (build_time(small.path()), build_time(large.path()));
    let ratio = b / a;
    eprintln!("200 incidents: {a:.3} s, 2,000 incidents: {b:.3} s, ratio {ratio:.1} (linear 10, quadratic 100)");
    assert!(
        ratio < 25.0,
        "10x the history took {ratio:.1}x the time: something grows faster than linearly"
    );
}

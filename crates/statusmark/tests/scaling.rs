//! Nothing in the pipeline may be quadratic in incidents × components × days. Guarded by a ratio
//! of two sizes measured in the same run (10× the history must cost well under 100×), not by a
//! wall-clock limit, so a slow or busy machine does not fail it.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;
use std::process::Command;
use std::sync::Mutex;
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

/// A site of `series` daily maintenance windows from `days` days before the build's `--now`,
/// kept in full (`uptime_days`): written as recurring notices (`recurring`), each with about
/// `days` occurrences, or as that many one-off notices. Each window has a page and an
/// `event.ics` either way.
fn daily_windows_site(root: &Path, series: usize, days: i64, recurring: bool) {
    std::fs::create_dir_all(root.join("content/maintenance")).unwrap();
    std::fs::write(
        root.join("content/statusmark.toml"),
        "title = \"Recurring scale\"\nbase_url = \"https://recurring-scale.test/\"\nuptime_days = 3650\ntimezone = \"Europe/Berlin\"\n[[components]]\nid = \"db\"\nname = \"Database\"\n",
    )
    .unwrap();
    let now: jiff::Timestamp = NOW.parse().unwrap();
    let today = now.in_tz("Europe/Berlin").unwrap().date();
    let notice = |name: String, day: jiff::civil::Date, hour: usize, rule: &str| {
        let text = format!(
            "---\ntitle: Daily window\nscheduled_for: {day}T{hour:02}:00:00\nscheduled_until: {day}T{hour:02}:30:00\n{rule}components: [db]\nannounced: 2020-01-01T00:00:00Z\n---\n\nEvery day.\n"
        );
        std::fs::write(root.join(format!("content/maintenance/{name}.md")), text).unwrap();
    };
    for n in 0..series {
        let first = today - jiff::Span::new().days(days);
        if recurring {
            notice(format!("daily-{n}"), first, n % 24, "recurrence: FREQ=DAILY\n");
        } else {
            for d in 0..days {
                notice(format!("day-{n}-{d}"), first + jiff::Span::new().days(d), n % 24, "");
            }
        }
    }
}

const NOW: &str = "2026-11-20T12:00:00Z";

/// One test's builds at a time: they time themselves, and [`build_cpu`] reads what all of this
/// process's finished children used.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// One build of `root` into `out`.
fn build(root: &Path, out: &Path) {
    let o = Command::new(env!("CARGO_BIN_EXE_statusmark"))
        .args(["build", "--no-widget", "--now", NOW, "--root"])
        .arg(root)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// The fastest of three builds, in seconds.
fn build_time(root: &Path) -> f64 {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    (0..3)
        .map(|run| {
            let started = Instant::now();
            build(root, &root.join(format!("out-{run}")));
            started.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

#[cfg(target_os = "linux")]
/// The CPU time a build spends in its own code (user time, in clock ticks), the least of three:
/// what creating its files costs the kernel is left out, as it varies with the file system's
/// state far more than with the work.
fn build_cpu(root: &Path) -> u64 {
    // `cutime`: the user time of this process's children that have been waited for.
    let children = || -> u64 {
        let stat = std::fs::read_to_string("/proc/self/stat").unwrap();
        let fields: Vec<&str> = stat.rsplit_once(')').unwrap().1.split_whitespace().collect();
        fields[13].parse().unwrap()
    };
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    (0..3)
        .map(|run| {
            let before = children();
            build(root, &root.join(format!("out-{run}")));
            children() - before
        })
        .min()
        .unwrap()
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

/// Every occurrence of a series has a page and an `event.ics` holding the whole series; each of
/// those files once worked out the series' events again and matched each of its occurrences by
/// a scan: cubic in the series' length (20 daily series kept for 500 days took 4.4 s to build,
/// 0.4 s after). The occurrences of long series must cost about what as many one-off windows
/// cost. Eight series, so that each side takes a dozen or more clock ticks of CPU: with two, a
/// side took 4-6 ticks and one tick of the kernel's sampling moved the ratio past its limit.
#[test]
#[cfg(target_os = "linux")]
fn occurrences_of_a_long_series_cost_what_as_many_one_off_windows_cost() {
    let one_off = tempfile::tempdir().unwrap();
    let recurring = tempfile::tempdir().unwrap();
    daily_windows_site(one_off.path(), 8, 400, false);
    daily_windows_site(recurring.path(), 8, 400, true);
    let (a, b) = (build_cpu(one_off.path()), build_cpu(recurring.path()));
    let ratio = b as f64 / a.max(1) as f64;
    eprintln!("user CPU: 3,200 one-off windows {a} ticks, 8 series of 400 days {b} ticks, ratio {ratio:.1}");
    assert!(
        ratio < 3.0,
        "the occurrences of eight series took {ratio:.1}x the time of as many one-off windows: something grows faster than linearly in a series' length"
    );
}

//! Measurements on the site (issue 17), on `tests/fixtures/measured`: probe data with torn,
//! damaged, out-of-order and repeated lines, and metric snapshots (fresh, stale, missing). The
//! figures below are worked out by hand from the lines in the fixture's data files.

// Test code: a panic is a failing test.
#![allow(clippy::unwrap_used)]

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;
use common::{copy_dir, tree};

const NOW: &str = "2026-11-20T15:00:00Z";

fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let fixture: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/measured");
    copy_dir(&fixture, dir.path());
    dir
}

fn run(args: &[&str], threads: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_statusmark"))
        .args(args)
        .env("RAYON_NUM_THREADS", threads)
        .output()
        .unwrap()
}

fn build(root: &Path, out: &Path, threads: &str) -> Output {
    let o = run(
        &[
            "build",
            "--root",
            root.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--now",
            NOW,
            "--no-widget",
        ],
        threads,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    o
}

fn page(files: &std::collections::BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(files[path].clone()).unwrap()
}

fn gzip_len(bytes: &[u8]) -> usize {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap().len()
}

/// The `<svg class="chart" …>…</svg>` elements of a page.
fn charts(html: &str) -> Vec<&str> {
    html.match_indices("<svg class=\"chart\"")
        .map(|(start, _)| {
            let end = start + html[start..].find("</svg>").unwrap() + "</svg>".len();
            &html[start..end]
        })
        .collect()
}

#[test]
fn the_component_page_shows_hand_computed_response_times_and_measured_availability() {
    let site = site();
    let out = site.path().join("public");
    build(site.path(), &out, "2");
    let files = tree(&out);
    let api = page(&files, "components/api/index.html");
    // 24 hours: 50..105 (13:00) and 80..130 with one 400 (14:00; the repeated 14:30 line at 999
    // does not count): 24 values, p50 = 12th = 90, p95 = 23rd = 130.
    assert!(api.contains("p95 130 ms over 24 hours, target 300 ms: met."), "{api}");
    // 30 and 90 days add 60 (Nov 19), 200 (Nov 18) and 70, 80, 90 (Oct 25): 29 values,
    // p95 = 28th = 200.
    assert!(api.contains("p95 200 ms over 30 days, target 300 ms: met."));
    assert!(api.contains("p95 200 ms over 90 days, target 300 ms: met."));
    // Hour rows: 13:00 p50 6th of 50..105 = 75, p95 12th = 105; 14:00 105 and 400.
    assert!(api.contains("<th scope=\"row\">Nov 20 13:00</th><td>12</td><td>0</td><td>75 ms</td><td>105 ms</td>"));
    assert!(api.contains("<th scope=\"row\">Nov 20 14:00</th><td>12</td><td>0</td><td>105 ms</td><td>400 ms</td>"));
    assert!(api.contains("<th scope=\"row\">Nov 19</th><td>5</td><td>4</td><td>60 ms</td><td>60 ms</td>"));
    assert!(api.contains("<th scope=\"row\">Oct 25</th><td>3</td><td>0</td><td>80 ms</td><td>90 ms</td>"));
    // 36 checks in the 30-day window, 7 failed: 29/36 = 80.555… %, rounded down.
    assert!(api.contains("<strong>Measured:</strong> 80.55 % of 36 checks"), "{api}");
    // What people reported is unchanged by the failures: one hour of partial outage at 30 % in
    // 30 days, 99.9583… %, rounded down like the reports.
    assert!(api.contains("<strong>Reported:</strong> 99.95 %"), "{api}");
    assert!(api.contains("Reported: 99.95 % uptime"));
    assert_eq!(charts(&api).len(), 3);
    // The target line at 300 ms on a 0–500 ms scale of 80 units: y = 32.
    assert!(api.contains("<path class=\"target\" d=\"M0 32.0H300\"/>"));
    insta::assert_snapshot!("measured_component_page", api);
    // A probe without a target says so without judging; a component without probes shows none.
    let web = page(&files, "components/web/index.html");
    assert!(web.contains("p95 31 ms over 24 hours."), "{web}");
    assert!(!page(&files, "components/email/index.html").contains("Measured by probes"));
}

#[test]
fn check_warns_about_damaged_lines_stale_snapshots_and_failures_no_incident_covers() {
    let site = site();
    let o = run(&["check", "--root", site.path().to_str().unwrap(), "--now", NOW], "2");
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    // The failures of Nov 18 fall inside "API slow"; those of Nov 19 inside nothing.
    assert!(
        err.contains(
            "api failed 4 checks between 2026-11-19T03:00:00Z and 2026-11-19T03:15:00Z; no incident covers it"
        ),
        "{err}"
    );
    assert_eq!(err.matches("no incident covers it").count(), 1, "{err}");
    // 2025-06.csv is outside every period: never opened.
    assert!(!err.contains("2025-06"), "{err}");
    insta::assert_snapshot!("measured_check_warnings", err);
    // The warning goes once an incident says what happened.
    std::fs::write(
        site.path().join("incidents/2026-11-19-api-down.md"),
        "---\ntitle: API down\nstarted: 2026-11-19T03:05:00Z\nresolved: 2026-11-19T03:20:00Z\ncomponents:\n  api: major_outage\n---\n",
    )
    .unwrap();
    let o = run(&["check", "--root", site.path().to_str().unwrap(), "--now", NOW], "2");
    assert!(!String::from_utf8_lossy(&o.stderr).contains("no incident covers it"));
}

#[test]
fn the_metrics_page_lists_every_metric_honestly_and_escaped() {
    let site = site();
    let out = site.path().join("public");
    build(site.path(), &out, "2");
    let files = tree(&out);
    let metrics = page(&files, "metrics/index.html");
    // 0.095 s × 1000: met against < 100 ms.
    assert!(metrics.contains("<dd>95 ms</dd>"), "{metrics}");
    assert!(metrics.contains("<dd>&lt; 100 ms <span class=\"tag met\">met</span></dd>"));
    assert!(metrics.contains("Latest 95 ms, target &lt; 100 ms: met."));
    // Names and units from the configuration are text, never markup.
    assert!(metrics.contains("Error rate &lt;5xx&gt; &amp; &quot;friends&quot;"));
    assert!(!metrics.contains("<5xx>") && !metrics.contains("<%>"));
    assert!(metrics.contains("<strong>Out of date:</strong>"));
    assert!(metrics.contains("No data yet: this metric has not been fetched."));
    insta::assert_snapshot!("measured_metrics_page", metrics);
    let home = page(&files, "index.html");
    assert!(home.contains("href=\"metrics/\""));
    // Sites without metrics have no page and no link.
    let basic = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/basic"),
        basic.path(),
    );
    let out = basic.path().join("public");
    build(basic.path(), &out, "2");
    let files = tree(&out);
    assert!(!files.contains_key("metrics/index.html"));
    assert!(!page(&files, "index.html").contains("metrics/"));
}

#[test]
fn charts_and_the_home_page_stay_within_their_budgets() {
    let site = site();
    // A full 90 days every 5 minutes: the densest the charts get.
    let dir = site.path().join("data/probes/api-health");
    let start: jiff::Timestamp = "2026-08-22T00:00:00Z".parse().unwrap();
    let mut files: std::collections::BTreeMap<String, String> = std::collections::BTreeMap::new();
    for i in 0..(91 * 288) {
        let t = start + jiff::SignedDuration::from_secs(i * 300);
        if t > NOW.parse().unwrap() {
            break;
        }
        let name = t.strftime("%Y-%m.csv").to_string();
        let line = format!("{t},up,200,{}.{},,,,,,\"\"\n", 40 + (i * 7919) % 300, i % 10);
        files
            .entry(name)
            .or_insert_with(|| {
                "time,outcome,status,total_ms,dns_ms,connect_ms,tls_ms,first_byte_ms,cert_days,detail\n".to_owned()
            })
            .push_str(&line);
    }
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    let out = site.path().join("public");
    build(site.path(), &out, "2");
    let files = tree(&out);
    for path in ["components/api/index.html", "metrics/index.html"] {
        for chart in charts(&page(&files, path)) {
            let gz = gzip_len(chart.as_bytes());
            assert!(gz <= 2048, "{path}: a chart of {gz} bytes gzip");
        }
    }
    assert_eq!(charts(&page(&files, "components/api/index.html")).len(), 3);
    let home = gzip_len(&files["index.html"]);
    assert!(home <= 8 * 1024, "home page {home} bytes gzip");
}

#[test]
fn builds_are_byte_identical_whatever_the_thread_count() {
    let site = site();
    let trees: Vec<_> = ["1", "4"]
        .iter()
        .map(|threads| {
            let out = site.path().join(format!("out-{threads}"));
            build(site.path(), &out, threads);
            tree(&out)
        })
        .collect();
    assert_eq!(trees[0], trees[1]);
    let again = site.path().join("out-again");
    build(site.path(), &again, "4");
    assert_eq!(tree(&again), trees[0]);
}

#[test]
fn status_json_carries_probe_summaries_and_metric_values() {
    let site = site();
    let out = site.path().join("public");
    build(site.path(), &out, "2");
    let feed: serde_json::Value = serde_json::from_slice(&tree(&out)["status.json"]).unwrap();
    let api = &feed["probes"][0];
    assert_eq!(api["id"], "api-health");
    assert_eq!(api["component"], "api");
    assert_eq!(
        (api["checks"].as_u64(), api["availability"].as_f64()),
        (Some(36), Some(80.55))
    );
    assert_eq!(
        (api["p50_ms_24h"].as_f64(), api["p95_ms_24h"].as_f64()),
        (Some(90.0), Some(130.0))
    );
    assert_eq!(api["latest"]["at"], "2026-11-20T14:55:00Z");
    // The probe without a component, without data: listed, with nothing measured.
    assert_eq!(feed["probes"][2]["id"], "db");
    assert_eq!(feed["probes"][2]["checks"], 0);
    assert!(feed["probes"][2].get("availability").is_none());
    let m = &feed["metrics"];
    assert_eq!(
        (m[0]["value"].as_f64(), m[0]["met"].as_bool(), m[0]["target"].as_str()),
        (Some(95.0), Some(true), Some("< 100"))
    );
    assert_eq!((m[1]["stale"].as_bool(), m[1].get("met")), (Some(true), None));
    assert_eq!((m[2]["stale"].as_bool(), m[2].get("value")), (Some(false), None));
    // Reported status is what incidents say, whatever probes saw.
    assert_eq!(feed["components"][0]["status"], "operational");
    // The Statuspage-compatible summary carries the same, under a key of its own.
    let summary: serde_json::Value = serde_json::from_slice(&tree(&out)["api/v2/summary.json"]).unwrap();
    assert_eq!(summary["statusmark"]["probes"], feed["probes"]);
    assert_eq!(summary["statusmark"]["metrics"], feed["metrics"]);
    assert_eq!(summary["components"][0]["status"], "operational");
}

/// `serve` after one appended line: the page showing the probe changes, and the folder updated in
/// place equals a full build.
#[test]
fn an_appended_line_updates_serve_output_like_a_full_build() {
    use statusmark::{BuildOptions, Incremental, WidgetSource};
    let site = site();
    let opts = |out: &Path| BuildOptions {
        root: site.path().to_owned(),
        out: out.to_owned(),
        now: Some(NOW.parse().unwrap()),
        widget: WidgetSource::None,
        deny_warnings: false,
    };
    let out = site.path().join("served");
    let mut inc = Incremental::new(&opts(&out)).unwrap();
    inc.build().unwrap();
    let before = tree(&out);
    let rel = "data/probes/web-home/2026-11.csv";
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(site.path().join(rel))
        .unwrap();
    f.write_all(b"2026-11-20T14:59:00Z,down,,,,,,,,\"timeout\"\n").unwrap();
    drop(f);
    inc.build_after(Some(&[rel.to_owned()])).unwrap();
    let after = tree(&out);
    let full = site.path().join("full");
    statusmark::build(&opts(&full)).unwrap();
    assert_eq!(after, tree(&full));
    let changed: Vec<&String> = after.keys().filter(|k| before.get(*k) != after.get(*k)).collect();
    assert_eq!(
        changed,
        ["api/v2/summary.json", "components/web/index.html", "status.json"]
    );
}

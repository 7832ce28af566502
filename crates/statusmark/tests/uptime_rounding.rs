//! Uptime on the home page, the component pages, the badges and the JSON feed follows the
//! reports' rule (built by the real binary from a small site written here): figures are rounded
//! down, so 99.996 % never reads 100.00 %, and an SLA is met exactly when the uptime is at least
//! it, never on a rounded figure.
//!
//! Regression: those pages rounded to nearest and compared floats, so a component with 99.89965 %
//! read "99.90 % · SLA 99.9 % missed", and one with 99.9965 % read "100.00 %".
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::Command;

/// Every component is observed from 1 November (UTC) to `NOW`: exactly one day, 86,400,000 ms.
const NOW: &str = "2026-11-02T00:00:00Z";

const CONFIG: &str = r#"title = "Uptime edges"
base_url = "https://status.edges.test/"
timezone = "UTC"
uptime_days = 90

[[components]]
id = "almost"
name = "Almost"
sla = 99.99
start_date = 2026-11-01

[[components]]
id = "exact"
name = "Exact"
sla = 99.9
start_date = 2026-11-01

[[components]]
id = "under"
name = "Under"
sla = 99.9
start_date = 2026-11-01
"#;

/// An incident on `component` from 10:00:00 for `seconds`, at `status`.
fn incident(component: &str, status: &str, seconds: u32) -> String {
    let end = format!("2026-11-01T10:{:02}:{:02}Z", seconds / 60, seconds % 60);
    format!(
        "---\ntitle: {component} trouble\nimpact: minor\nstarted: 2026-11-01T10:00:00Z\nresolved: {end}\ncomponents:\n  {component}: {status}\n---\n\nTrouble.\n\n## Resolved — {end}\nFixed.\n\n## Investigating — 2026-11-01T10:00:00Z\nLooking.\n"
    )
}

fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::create_dir_all(root.join("incidents")).unwrap();
    std::fs::write(root.join("content/statusmark.toml"), CONFIG).unwrap();
    // 3 s down: 99.99653 %.
    let almost = incident("almost", "major_outage", 3);
    // 288 s of partial outage count as 86.4 s: 99.9 % exactly.
    let exact = incident("exact", "partial_outage", 288);
    // 289 s: 86.7 s, 99.89965 %.
    let under = incident("under", "partial_outage", 289);
    for (id, text) in [("almost", almost), ("exact", exact), ("under", under)] {
        std::fs::write(root.join(format!("incidents/2026-11-01-{id}.md")), text).unwrap();
    }
    let out = root.join("public");
    let o = Command::new(env!("CARGO_BIN_EXE_statusmark"))
        .args(["build", "--root"])
        .arg(root)
        .arg("--out")
        .arg(&out)
        .args(["--now", NOW, "--no-widget"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    (dir, out)
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn uptime_is_rounded_down_and_slas_are_met_exactly_everywhere() {
    let (_dir, out) = built();
    let home = read(&out, "index.html");
    let feed: serde_json::Value = serde_json::from_str(&read(&out, "status.json")).unwrap();
    for (id, shown, verdict, colour) in [
        ("almost", "99.99", "met", "brightgreen"),
        ("exact", "99.90", "met", "brightgreen"),
        ("under", "99.89", "missed", "red"),
    ] {
        let line = format!("<span>{shown} % uptime · SLA ");
        let row = home
            .split(&format!("data-sm-component=\"{id}\""))
            .nth(1)
            .unwrap_or_else(|| panic!("{id}: not on the home page"));
        let row = row.split("</li>").next().unwrap();
        assert!(row.contains(&line), "{id}: {row}");
        assert!(
            row.contains(&format!("<span class=\"sla {verdict}\">{verdict}</span>")),
            "{id}: {row}"
        );
        let page = read(&out, &format!("components/{id}/index.html"));
        assert!(page.contains(&line), "{id}: {page}");
        assert!(
            page.contains(&format!("<span class=\"sla {verdict}\">{verdict}</span>")),
            "{id}: {page}"
        );
        assert!(
            page.contains(&format!("<th scope=\"row\">November 2026</th><td>{shown} %</td>")),
            "{id}: {page}"
        );
        let badge: serde_json::Value =
            serde_json::from_str(&read(&out, &format!("badges/components/{id}/uptime.json"))).unwrap();
        assert_eq!(badge["message"], format!("{shown}%"), "{id}");
        assert_eq!(badge["color"], colour, "{id}");
        let component = feed["components"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap();
        assert_eq!(component["uptime"].to_string(), shown.trim_end_matches('0'), "{id}");
    }
}

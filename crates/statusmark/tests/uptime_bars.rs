//! The uptime bars of the home page stay small (a few SVG paths per component, not an element per
//! day) while every day's details stay readable as text: built by the real binary from the demo
//! site in the repository (12 components, 90 days).

// Helpers here are test code: a panic is a failing test.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use jiff::civil::Date;

const NOW: &str = "2026-11-20T15:00:00Z";

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn build_demo() -> (tempfile::TempDir, String) {
    let out = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_statusmark"))
        .args(["build", "--root"])
        .arg(repo())
        .arg("--out")
        .arg(out.path())
        .args(["--now", NOW, "--no-widget"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let home = std::fs::read_to_string(out.path().join("index.html")).unwrap();
    (out, home)
}

/// Start tags: what becomes an element of the DOM.
fn elements(html: &str) -> usize {
    html.match_indices('<')
        .filter(|(i, _)| html[i + 1..].starts_with(|c: char| c.is_ascii_alphabetic()))
        .count()
}

/// The text of each `<li>` in each component's day-by-day list, by component id.
fn day_lists(home: &str) -> Vec<(String, Vec<String>)> {
    home.split(r#"<li class="component" data-sm-component=""#)
        .skip(1)
        .map(|row| {
            let id = row.split('"').next().unwrap().to_owned();
            let list = row
                .split(r#"<ul class="day-list">"#)
                .nth(1)
                .unwrap_or_else(|| panic!("{id}: no day-by-day list"))
                .split("</ul>")
                .next()
                .unwrap();
            let items = list
                .split("<li")
                .skip(1)
                .map(|li| li.split_once('>').unwrap().1.trim_end_matches("</li>").to_owned())
                .collect();
            (id, items)
        })
        .collect()
}

/// The first and last day a line of the list speaks for: "Oct 4, 2026: …" or "Sep 21 – Oct 1,
/// 2026: …" (the year on the first date only when it differs).
fn span(item: &str) -> (Date, Date) {
    let when = item.split(": ").next().unwrap();
    let date = |s: &str| Date::strptime("%b %d, %Y", s).unwrap_or_else(|e| panic!("{s:?} in {item:?}: {e}"));
    match when.split_once(" – ") {
        None => (date(when), date(when)),
        Some((a, b)) => {
            let end = date(b);
            let start = if a.contains(',') {
                date(a)
            } else {
                date(&format!("{a}, {}", end.year()))
            };
            (start, end)
        }
    }
}

#[test]
fn the_home_page_of_twelve_components_stays_under_800_elements() {
    let (_out, home) = build_demo();
    let rows = day_lists(&home);
    assert_eq!(rows.len(), 12, "the demo has 12 components");
    let n = elements(&home);
    assert!(n < 800, "the home page has {n} elements");
    // One path per colour at most, never an element per day.
    assert_eq!(home.matches("<rect").count(), 0);
    for (id, _) in &rows {
        let row = home.split(&format!(r#"data-sm-component="{id}""#)).nth(1).unwrap();
        let svg = row.split("</svg>").next().unwrap();
        assert!((1..=7).contains(&svg.matches("<path ").count()), "{id}: {svg}");
    }
}

#[test]
fn every_day_of_every_bar_is_readable_as_text() {
    let (_out, home) = build_demo();
    let today = Date::strptime("%Y-%m-%d", &NOW[..10]).unwrap();
    let first = today.checked_sub(jiff::Span::new().days(89)).unwrap();
    for (id, items) in day_lists(&home) {
        // The lines cover the 90 days in order, each day once.
        let mut next = first;
        for item in &items {
            let (start, end) = span(item);
            assert_eq!(start, next, "{id}: {item:?} does not follow the line before");
            assert!(end >= start, "{id}: {item:?}");
            next = end.tomorrow().unwrap();
        }
        assert_eq!(next, today.tomorrow().unwrap(), "{id}: the list stops before today");
    }
    // A day with an incident names it, with its status and downtime.
    let web = &day_lists(&home).into_iter().find(|(id, _)| id == "web").unwrap().1;
    assert!(
        web.iter()
            .any(|i| i.starts_with("Oct 3, 2026: Partial Outage — Login page unreachable in Europe (")),
        "{web:#?}"
    );
    assert!(web.iter().any(|i| i.ends_with(": Operational, no incidents")));
}

#[test]
fn a_component_page_has_the_same_day_by_day_list() {
    let (out, _) = build_demo();
    let page = std::fs::read_to_string(out.path().join("components/web/index.html")).unwrap();
    assert!(page.contains(r#"<details class="days"><summary>Day by day<span class="vh">: Web app</span></summary>"#));
    assert!(page.contains("Oct 3, 2026: Partial Outage — Login page unreachable in Europe ("));
    assert_eq!(page.matches("<rect").count(), 0);
}

//! The browser-side feed reader (`JSON.parse` + `statusmark-feed`'s readers) against the native one
//! (serde_json), in headless Chromium: same feed from the real Statuspage captures and from a
//! Statusmark feed, and an error, never a panic, on junk.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used)]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const CAPTURES: [&str; 2] = [
    include_str!("../../../tests/fixtures/statuspage/nyu-testpage_summary_incident_critical_monitoring.json"),
    include_str!("../../../tests/fixtures/statuspage/nyu-testpage_summary_maintenance_in-progress.json"),
];

const FEED: &str = r#"{"version": 1, "page": {"name": "N", "url": "https://s.test/", "extra": [1, 2]},
  "generated_at": "2026-11-20T15:00:00Z", "status": {"indicator": "minor", "description": "D"},
  "groups": [{"id": "g", "name": "G"}],
  "components": [{"id": "a", "name": "A", "status": "degraded_performance", "group": "g", "uptime": 99.25},
                 {"id": "b", "name": "B", "status": "on_fire"}],
  "incidents": [{"id": "i", "title": "<b>T</b>", "impact": "minor", "status": "identified",
                 "started_at": "2026-11-20T14:00:00Z", "resolved_at": null, "latest_update": "U",
                 "url": "https://s.test/i/", "components": ["a"]}],
  "maintenances": [{"id": "m", "title": "M", "status": "scheduled", "scheduled_for": "2026-11-21T00:00:00Z",
                    "scheduled_until": "2026-11-21T01:00:00Z", "components": ["b"]}]}"#;

#[wasm_bindgen_test]
fn browser_reader_matches_the_native_reader() {
    for text in CAPTURES.iter().chain([&FEED]) {
        let native = statusmark_feed::parse_feed(text).unwrap();
        let browser = statusmark_widget::json::parse_feed(text).unwrap();
        assert_eq!(browser, native);
    }
}

#[wasm_bindgen_test]
fn junk_is_an_error() {
    for text in [
        "",
        "null",
        "[]",
        "{",
        "7",
        "\"x\"",
        "{\"version\": 1}",
        "{\"page\": 3}",
        "{\"version\": \"1\"}",
    ] {
        assert!(statusmark_widget::json::parse_feed(text).is_err(), "{text:?}");
        assert!(statusmark_feed::parse_feed(text).is_err(), "{text:?}");
    }
}

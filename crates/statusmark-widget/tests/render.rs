//! The widget's views in a real browser (headless Chromium through ChromeDriver): each variant
//! against a fixture feed, hostile text staying text, and the states before and after failures.
#![cfg(target_arch = "wasm32")]
// A panic in a test is a failing test; helpers here are test code too.
#![allow(clippy::unwrap_used)]

use statusmark_feed::parse_feed;
use statusmark_widget::options::Options;
use statusmark_widget::{LiveState, mount_static, now_ms};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const FEED: &str = r#"{
  "version": 1,
  "page": {"name": "Fixture", "url": "https://status.fixture.test/"},
  "generated_at": "2099-01-01T00:00:00Z",
  "status": {"indicator": "major", "description": "Partial System Outage"},
  "groups": [{"id": "core", "name": "Core"}],
  "components": [
    {"id": "api", "name": "API", "status": "partial_outage", "group": "core"},
    {"id": "web", "name": "<img src=x onerror=alert(1)>", "status": "operational", "group": "core"},
    {"id": "email", "name": "Email", "status": "operational"}
  ],
  "incidents": [{"id": "a", "title": "<script>alert(1)</script>", "impact": "major", "status": "investigating",
                 "started_at": "2026-11-20T14:00:00Z", "url": "javascript:alert(1)", "components": ["api"]}]
}"#;

fn host(attrs: &[(&str, &str)]) -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let el = document
        .create_element("statusmark-status")
        .unwrap()
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap();
    for (k, v) in attrs {
        el.set_attribute(k, v).unwrap();
    }
    document.body().unwrap().append_child(&el).unwrap();
    el
}

fn options(el: &web_sys::HtmlElement) -> Options {
    Options::from_attributes(|name| el.get_attribute(name))
}

fn shadow_text(el: &web_sys::HtmlElement, selector: &str) -> Vec<String> {
    let root = el.shadow_root().expect("a shadow root");
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .map(|i| {
            list.item(i)
                .unwrap()
                .text_content()
                .unwrap_or_default()
                .trim()
                .to_owned()
        })
        .collect()
}

fn loaded() -> LiveState {
    let now = now_ms();
    LiveState {
        feed: Some(parse_feed(FEED).unwrap().into()),
        last_good_ms: now,
        failures: 0,
        now_ms: now,
        settled: true,
    }
}

#[wasm_bindgen_test]
fn full_variant_shows_every_component_with_its_status() {
    let el = host(&[("variant", "full")]);
    mount_static(el.clone(), options(&el), loaded());
    assert_eq!(shadow_text(&el, ".head .txt"), ["Partial System Outage"]);
    assert_eq!(
        shadow_text(&el, ".comp .name"),
        ["API", "<img src=x onerror=alert(1)>", "Email"]
    );
    assert_eq!(shadow_text(&el, ".comp[data-component=api] .st"), ["Partial Outage"]);
    assert_eq!(shadow_text(&el, ".group"), ["Core"]);
    // Hostile names and titles are text: no element was created from them.
    let root = el.shadow_root().unwrap();
    assert!(root.query_selector("img").unwrap().is_none());
    assert!(root.query_selector("script").unwrap().is_none());
    assert_eq!(shadow_text(&el, ".inc a"), ["<script>alert(1)</script>"]);
    let href = root
        .query_selector(".inc a")
        .unwrap()
        .unwrap()
        .get_attribute("href")
        .unwrap();
    assert_eq!(href, "#", "a javascript: link from a feed must not be clickable");
}

#[wasm_bindgen_test]
fn badge_and_compact_variants() {
    let el = host(&[("variant", "badge")]);
    mount_static(el.clone(), options(&el), loaded());
    assert_eq!(shadow_text(&el, ".head .txt"), ["Partial System Outage"]);
    assert!(shadow_text(&el, ".comp").is_empty());

    let el = host(&[("variant", "compact")]);
    mount_static(el.clone(), options(&el), loaded());
    // Compact lists only what has a problem.
    assert_eq!(shadow_text(&el, ".comp .name"), ["API"]);
}

#[wasm_bindgen_test]
fn a_component_subset_drives_the_indicator() {
    let el = host(&[("variant", "full"), ("components", "email")]);
    mount_static(el.clone(), options(&el), loaded());
    assert_eq!(shadow_text(&el, ".comp .name"), ["Email"]);
    assert_eq!(shadow_text(&el, ".head .txt"), ["All Systems Operational"]);
}

#[wasm_bindgen_test]
fn never_an_empty_box() {
    let el = host(&[]);
    mount_static(
        el.clone(),
        options(&el),
        LiveState {
            settled: false,
            ..LiveState::default()
        },
    );
    assert_eq!(shadow_text(&el, ".txt"), ["Loading status…"]);

    let el = host(&[("link", "https://status.fixture.test/")]);
    mount_static(
        el.clone(),
        options(&el),
        LiveState {
            settled: true,
            failures: 3,
            ..LiveState::default()
        },
    );
    assert_eq!(shadow_text(&el, ".txt"), ["Status unavailable"]);
    let href = el
        .shadow_root()
        .unwrap()
        .query_selector("a")
        .unwrap()
        .unwrap()
        .get_attribute("href");
    assert_eq!(href.as_deref(), Some("https://status.fixture.test/"));
}

#[wasm_bindgen_test]
fn failures_keep_the_last_status_and_say_how_old_it_is() {
    let el = host(&[("variant", "badge")]);
    let mut state = loaded();
    state.failures = 2;
    state.last_good_ms = state.now_ms - 5.0 * 60_000.0;
    mount_static(el.clone(), options(&el), state);
    assert_eq!(shadow_text(&el, ".head .txt"), ["Partial System Outage"]);
    assert_eq!(shadow_text(&el, ".stale"), ["Last updated 5 min ago"]);
}

/// A real Statuspage summary, parsed and rendered by the wasm build itself.
#[wasm_bindgen_test]
fn renders_a_real_statuspage_capture() {
    let text = include_str!("../../../tests/fixtures/statuspage/nyu-testpage_summary_maintenance_in-progress.json");
    let feed = parse_feed(text).expect("the capture parses in wasm");
    assert_eq!(feed.components.len(), 12);
    let el = host(&[("variant", "full")]);
    let now = now_ms();
    mount_static(
        el.clone(),
        options(&el),
        LiveState {
            feed: Some(feed.into()),
            last_good_ms: now,
            failures: 0,
            now_ms: now,
            settled: true,
        },
    );
    assert_eq!(shadow_text(&el, ".comp").len(), 12);
}

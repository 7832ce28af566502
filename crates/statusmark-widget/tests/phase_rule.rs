//! The maintenance phase rule in a real browser, as the widget and the page script apply it: every
//! case of the rule's own table (`statusmark_feed::phase_cases`, shared, not copied) becomes a
//! window in a feed, with RFC 3339 times read by the browser's parser, and must show the phase the
//! site shows: in the full widget's maintenance rows ([`display`]) and in the page script's phase
//! tags ([`page::apply`]). A reader that applies the rule differently fails here.
#![cfg(target_arch = "wasm32")]
// A panic in a test is a failing test.
#![allow(clippy::unwrap_used)]

use statusmark_feed::feed::{FeedMaintenance, FeedPhaseChange, OverallStatus, PageInfo};
use statusmark_feed::phase_cases::{FROM, PhaseCase, UNTIL, cases};
use statusmark_feed::{Indicator, MaintenancePhase, StatusFeed};
use statusmark_widget::display::{Env, display};
use statusmark_widget::options::Options;
use statusmark_widget::{LiveState, page, parse_ms};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The browser's clock in every case (2026-11-18T17:46:40Z): each case's window is moved so that
/// its instant falls here, and one feed holds them all.
const NOW: i64 = 1_795_000_000_000;

/// An instant of `case`, in Unix ms, as RFC 3339 with milliseconds (the table's steps are 1 ms).
fn iso(case: &PhaseCase, ms: i64) -> String {
    let at = NOW + ms - case.now_ms;
    js_sys::Date::new(&JsValue::from_f64(at as f64)).to_iso_string().into()
}

/// Each case as a window `case-<n>` in a feed, as the generator writes it: stated phases as
/// `phase_changes`, a window cancelled without a time as the `cancelled` status.
fn feed() -> StatusFeed {
    let maintenances = cases()
        .iter()
        .enumerate()
        .map(|(n, c)| FeedMaintenance {
            id: ["case-", &n.to_string()].concat(),
            title: c.name.to_owned(),
            status: if c.cancelled {
                MaintenancePhase::Cancelled
            } else {
                MaintenancePhase::Scheduled
            },
            scheduled_for: iso(c, FROM),
            scheduled_until: iso(c, UNTIL),
            url: String::new(),
            components: Vec::new(),
            phase_changes: c
                .stated
                .iter()
                .map(|s| FeedPhaseChange {
                    at: iso(c, s.at_ms),
                    phase: s.phase,
                })
                .collect(),
            auto_complete: c.auto_complete,
            emergency: false,
        })
        .collect();
    StatusFeed {
        version: 1,
        page: PageInfo::default(),
        generated_at: iso(&cases()[0], cases()[0].now_ms),
        stale_after_seconds: None,
        status: OverallStatus {
            indicator: Indicator::None,
            description: String::new(),
        },
        groups: Vec::new(),
        components: Vec::new(),
        incidents: Vec::new(),
        maintenances,
        probes: Vec::new(),
        metrics: Vec::new(),
        upstreams: Vec::new(),
    }
}

/// The cases whose label differs from `shown` (in table order), as "name: got … want …".
fn differences(shown: &[String]) -> Vec<String> {
    let cases = cases();
    assert_eq!(shown.len(), cases.len(), "one label per case: {shown:?}");
    cases
        .iter()
        .zip(shown)
        .filter(|(c, got)| c.want().label() != got.as_str())
        .map(|(c, got)| [c.name, ": got ", got, ", want ", c.want().label()].concat())
        .collect()
}

#[wasm_bindgen_test]
fn the_table_has_every_case() {
    // A sanity check that the shared table is the rule's own (and not emptied by accident).
    assert!(cases().len() >= 36);
    // And that the times survive the browser's parser to the millisecond.
    let c = &cases()[0];
    assert_eq!(parse_ms(&iso(c, FROM)), Some(NOW + FROM - c.now_ms));
}

#[wasm_bindgen_test]
fn the_full_widget_shows_each_window_in_the_phase_the_site_shows() {
    let opts = Options::from_attributes(|name| (name == "variant").then(|| "full".to_owned()));
    let state = LiveState {
        feed: Some(feed().into()),
        last_good_ms: NOW as f64,
        failures: 0,
        now_ms: NOW as f64,
        settled: true,
    };
    let env = Env {
        parse_ms: &parse_ms,
        local_time: &|s: &str| s.to_owned(),
        dismissed: &|_: &str| false,
        words: &|_: &str| None,
        ago: &|_: f64| String::new(),
    };
    let shown: Vec<String> = display(&opts, &state, &env)
        .rows
        .iter()
        .filter(|r| r.class == "maint")
        .map(|r| r.badge.to_owned())
        .collect();
    assert_eq!(differences(&shown), Vec::<String>::new());
}

#[wasm_bindgen_test]
fn the_page_script_tags_each_window_with_the_phase_the_site_shows() {
    let document = web_sys::window().unwrap().document().unwrap();
    let section = document.create_element("section").unwrap();
    for n in 0..cases().len() {
        let tag = document.create_element("span").unwrap();
        tag.set_attribute("data-sm-maintenance", &["case-", &n.to_string()].concat())
            .unwrap();
        // What a page built long ago says: the script must not keep it.
        tag.set_text_content(Some("Scheduled?"));
        section.append_child(&tag).unwrap();
    }
    document.body().unwrap().append_child(&section).unwrap();
    page::apply(&feed(), NOW as f64, false);
    let list = section.query_selector_all("[data-sm-maintenance]").unwrap();
    let shown: Vec<String> = (0..list.length())
        .map(|n| list.item(n).unwrap().text_content().unwrap_or_default())
        .collect();
    section.remove();
    assert_eq!(differences(&shown), Vec::<String>::new());
}

//! A mounted widget's life in a real browser: `mount_widget` polls its feed and renders, and the
//! function it returns stops the polling and empties the shadow root, so a remount starts clean.
#![cfg(target_arch = "wasm32")]
// A panic in a test is a failing test.
#![allow(clippy::unwrap_used)]

use statusmark_widget::{Life, mount_widget, sleep_ms};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const FEED: &str = r#"{"version": 1, "page": {"name": "P", "url": "https://status.test/"},
  "generated_at": "2099-01-01T00:00:00Z", "status": {"indicator": "minor", "description": "x"},
  "components": [{"id": "api", "name": "API", "status": "degraded_performance"}],
  "incidents": [{"id": "i", "title": "Slow <b>API</b>", "impact": "minor", "status": "monitoring",
                 "started_at": "2026-11-20T14:00:00Z", "url": "https://status.test/i"}]}"#;

fn host(variant: &str) -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let el: web_sys::HtmlElement = document.create_element("div").unwrap().dyn_into().unwrap();
    // A data: URL is a real fetch without a server.
    el.set_attribute(
        "feed",
        &[
            "data:application/json,",
            &js_sys::encode_uri_component(FEED).as_string().unwrap(),
        ]
        .concat(),
    )
    .unwrap();
    el.set_attribute("variant", variant).unwrap();
    document.body().unwrap().append_child(&el).unwrap();
    el
}

async fn until(what: &str, f: impl Fn() -> bool) {
    let life = Life::new().unwrap();
    for _ in 0..200 {
        if f() {
            return;
        }
        sleep_ms(10.0, &life).await;
    }
    panic!("timed out waiting for {what}");
}

fn text(el: &web_sys::HtmlElement, selector: &str) -> Option<String> {
    el.shadow_root()?.query_selector(selector).ok()??.text_content()
}

#[wasm_bindgen_test]
async fn mount_renders_and_stop_empties_the_shadow_root() {
    let el = host("banner");
    let stop: js_sys::Function = mount_widget(el.clone(), "en".into()).dyn_into().unwrap();
    until("the banner", || {
        text(&el, ".banner:not(.off) .txt").as_deref() == Some("Slow <b>API</b>")
    })
    .await;
    assert_eq!(
        el.shadow_root()
            .unwrap()
            .query_selector("a.head")
            .unwrap()
            .unwrap()
            .get_attribute("href")
            .as_deref(),
        Some("https://status.test/i")
    );
    stop.call0(&wasm_bindgen::JsValue::NULL).unwrap();
    assert_eq!(
        el.shadow_root().unwrap().child_element_count(),
        0,
        "stopping removes the DOM"
    );
    // Mounting again (new options) reuses the shadow root: one widget, not two.
    el.set_attribute("variant", "badge").unwrap();
    let stop: js_sys::Function = mount_widget(el.clone(), "en".into()).dyn_into().unwrap();
    until("the badge", || {
        text(&el, ".badge .txt").as_deref() == Some("Degraded System Service")
    })
    .await;
    assert_eq!(el.shadow_root().unwrap().query_selector_all(".sm").unwrap().length(), 1);
    stop.call0(&wasm_bindgen::JsValue::NULL).unwrap();
}

#[wasm_bindgen_test]
async fn a_stopped_life_ends_its_wait_at_once() {
    let life = Life::new().unwrap();
    let (waiting, woke) = (life.clone(), std::rc::Rc::new(std::cell::Cell::new(false)));
    let woke_up = woke.clone();
    wasm_bindgen_futures::spawn_local(async move {
        sleep_ms(60_000.0, &waiting).await;
        woke_up.set(true);
    });
    sleep_ms(0.0, &Life::new().unwrap()).await;
    assert!(!woke.get() && !life.stopped());
    life.stop();
    sleep_ms(0.0, &Life::new().unwrap()).await;
    assert!(life.stopped() && woke.get(), "the minute-long wait ended with the stop");
}

#[wasm_bindgen_test]
async fn a_dismissed_banner_stays_dismissed_in_the_session() {
    let el = host("banner");
    let stop: js_sys::Function = mount_widget(el.clone(), "en".into()).dyn_into().unwrap();
    until("the banner", || text(&el, ".banner:not(.off) .txt").is_some()).await;
    // The loader handles the button's click: it records the button's token where the widget
    // looks (`__statusmarkDismissed`) and mounts the widget again.
    let token = el
        .shadow_root()
        .unwrap()
        .query_selector("button.x")
        .unwrap()
        .unwrap()
        .get_attribute("data-dismiss")
        .expect("the banner's button carries its event");
    let dismissed = js_sys::Object::new();
    js_sys::Reflect::set(&dismissed, &token.into(), &1.into()).unwrap();
    js_sys::Reflect::set(
        &js_sys::global(),
        &statusmark_widget::view::DISMISSED.into(),
        &dismissed,
    )
    .unwrap();
    stop.call0(&wasm_bindgen::JsValue::NULL).unwrap();
    // A new widget for the same feed and event: dismissed.
    let again = host("banner");
    let stop: js_sys::Function = mount_widget(again.clone(), "en".into()).dyn_into().unwrap();
    until("loaded", || text(&again, ".head").is_some()).await;
    sleep_ms(200.0, &Life::new().unwrap()).await;
    assert!(
        again
            .shadow_root()
            .unwrap()
            .query_selector(".banner:not(.off)")
            .unwrap()
            .is_none()
    );
    stop.call0(&wasm_bindgen::JsValue::NULL).unwrap();
}

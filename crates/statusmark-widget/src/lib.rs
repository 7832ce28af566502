//! The Statusmark widget: fetches a status feed (Statusmark's `status.json` or any Statuspage
//! `summary.json`) and keeps indicators live.
//!
//! Two ways in, each its own wasm bundle so neither carries the other's code:
//! - embedded (`statusmark-widget`, [`boot`]): every `<statusmark-status>` or `[data-statusmark]`
//!   element gets its own widget, rendered inside a Shadow DOM so host CSS cannot break it and its
//!   CSS cannot leak out;
//! - on a Statusmark site (`statusmark-page`, [`page::boot`], for `<body data-statusmark-page>`):
//!   the static indicators the generator rendered are kept current, so an open tab follows an
//!   outage without reloading.
//!
//! Status logic lives in `statusmark-feed`; [`display`] works out what to show (pure, tested
//! natively) and [`view`] turns it into elements. Nothing from a feed is ever inserted as HTML:
//! text nodes and attribute values only.

pub mod display;
pub mod json;
pub mod options;
pub mod page;
pub mod poll;
pub mod view;

use std::sync::Arc;

use leptos::prelude::*;
use statusmark_feed::StatusFeed;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::options::Options;

/// Feeds larger than this are refused rather than parsed: a widget must not freeze a page.
pub const MAX_FEED_BYTES: usize = 2 * 1024 * 1024;
/// How long one fetch may take.
pub const FETCH_TIMEOUT_MS: u32 = 10_000;

/// What a widget knows at a moment.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LiveState {
    /// The last feed that loaded and parsed (shared: the state is cloned on every poll).
    pub feed: Option<Arc<StatusFeed>>,
    /// When `feed` was fetched (ms since the epoch, browser clock).
    pub last_good_ms: f64,
    /// Failures since the last success.
    pub failures: u32,
    /// The browser clock at the last poll, for ages and maintenance phases.
    pub now_ms: f64,
    /// Whether the first fetch has finished (successfully or not).
    pub settled: bool,
}

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// RFC 3339 → ms since the epoch, with the browser's parser (no date library in the wasm).
pub fn parse_ms(s: &str) -> Option<i64> {
    let v = js_sys::Date::parse(s);
    v.is_finite().then_some(v as i64)
}

/// A panic (a bug: bad feeds are errors, never panics) reaches the console with its message;
/// `panic = "abort"` then traps, and the browser prints the trap's stack.
pub fn report_panics() {
    std::panic::set_hook(Box::new(|info| web_sys::console::error_1(&info.to_string().into())));
}

/// Find every mount point in the document and start it. Safe to call more than once.
pub fn boot() {
    report_panics();
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Ok(list) = document.query_selector_all("statusmark-status, [data-statusmark]") {
        for i in 0..list.length() {
            if let Some(el) = list.item(i).and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok()) {
                mount_widget(&document, el);
            }
        }
    }
}

/// Give `host` a shadow root with the widget inside, polling its feed.
pub fn mount_widget(document: &web_sys::Document, host: web_sys::HtmlElement) {
    if host.has_attribute("data-statusmark-mounted") {
        return;
    }
    let _ = host.set_attribute("data-statusmark-mounted", "");
    let opts = Options::from_attributes(|name| host.get_attribute(name));
    let Some(container) = shadow_container(document, &host) else {
        return;
    };
    leptos::mount::mount_to(container, move || {
        // Nothing loaded yet: "Loading status…". The polling loop owns the state from here on.
        let state = RwSignal::new(LiveState::default());
        // `try_set` hands the value back once the widget is gone.
        spawn_polling(opts.feed.clone(), opts.poll_secs, move |s| {
            state.try_set(s.clone()).is_none()
        });
        view::widget(opts, state)
    })
    .forget();
}

/// Render a fixed state into `host` (no polling): for tests and static previews.
pub fn mount_static(document: &web_sys::Document, host: web_sys::HtmlElement, opts: Options, state: LiveState) {
    let Some(container) = shadow_container(document, &host) else {
        return;
    };
    leptos::mount::mount_to(container, move || view::widget(opts, RwSignal::new(state))).forget();
}

thread_local! {
    /// One constructed stylesheet shared by every widget on the page.
    static SHEET: Option<web_sys::CssStyleSheet> =
        web_sys::CssStyleSheet::new().ok().filter(|s| s.replace_sync(view::WIDGET_CSS).is_ok());
}

fn shadow_container(document: &web_sys::Document, host: &web_sys::HtmlElement) -> Option<web_sys::HtmlElement> {
    let root = host
        .attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))
        .ok()?;
    // A constructed stylesheet, unlike a <style> element, is allowed by a strict
    // Content-Security-Policy (no 'unsafe-inline'), so the widget works on locked-down host pages.
    let adopted = SHEET.with(|sheet| {
        sheet
            .as_ref()
            .map(|s| root.set_adopted_style_sheets(&js_sys::Array::of1(s)))
            .is_some()
    });
    if !adopted {
        let style = document.create_element("style").ok()?;
        style.set_text_content(Some(view::WIDGET_CSS));
        root.append_child(&style).ok()?;
    }
    let container = document
        .create_element("div")
        .ok()?
        .dyn_into::<web_sys::HtmlElement>()
        .ok()?;
    root.append_child(&container).ok()?;
    Some(container)
}

/// Why a request failed, in a few words. (Matching instead of formatting keeps the error types'
/// `Display` code, and serde_json's behind gloo-net's, out of the wasm.)
fn reason(e: gloo_net::Error) -> String {
    match e {
        gloo_net::Error::JsError(js) => js.message,
        gloo_net::Error::GlooError(why) => why,
        _ => "unreadable response".to_owned(),
    }
}

/// The request the loader (`widget/statusmark.js`) started for `url` while the wasm downloaded,
/// if there is one: the first fetch of a widget then costs no extra round trip. Taken once.
fn prefetched(url: &str) -> Option<js_sys::Promise> {
    let feeds: js_sys::Map = js_sys::Reflect::get(&js_sys::global(), &PREFETCH.into())
        .ok()?
        .dyn_into()
        .ok()?;
    let key = JsValue::from_str(url);
    let request = feeds.get(&key).dyn_into().ok()?;
    feeds.delete(&key);
    Some(request)
}

/// The global `Map` the loader keeps its feed requests in: feed attribute → `fetch` promise.
pub const PREFETCH: &str = "__statusmarkFeeds";

/// Fetch and parse a feed. Errors are short texts for the console, never panics.
pub async fn fetch_feed(url: &str) -> Result<StatusFeed, String> {
    let response = match prefetched(url) {
        // Same request as below: `no-cache` and the timeout are set by the loader.
        Some(request) => wasm_bindgen_futures::JsFuture::from(request)
            .await
            .map(|r| gloo_net::http::Response::from(r.unchecked_into::<web_sys::Response>()))
            .map_err(|e| {
                e.dyn_into::<js_sys::Error>()
                    .map_or_else(|_| "network error".to_owned(), |e| e.message().into())
            })?,
        None => {
            let signal = web_sys::AbortSignal::timeout_with_u32(FETCH_TIMEOUT_MS);
            // `no-cache` revalidates with the server (ETag / Last-Modified) instead of trusting a
            // stale copy.
            gloo_net::http::Request::get(url)
                .cache(web_sys::RequestCache::NoCache)
                .abort_signal(Some(&signal))
                .send()
                .await
                .map_err(reason)?
        }
    };
    if !response.ok() {
        return Err(["HTTP ", &response.status().to_string()].concat());
    }
    let text = response.text().await.map_err(reason)?;
    if text.len() > MAX_FEED_BYTES {
        return Err("the feed is over the 2 MB limit".to_owned());
    }
    json::parse_feed(&text).map_err(|e| e.reason().to_owned())
}

/// Sleep without blocking (a `setTimeout` promise).
pub async fn sleep_ms(ms: f64) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms.clamp(0.0, 2_147_483_000.0) as i32);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

fn page_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Hidden)
}

/// Resolve when the page becomes visible again.
async fn until_visible() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let target: web_sys::EventTarget = document.clone().into();
        let doc = document.clone();
        let cb = Closure::<dyn FnMut()>::new(move || {
            if doc.visibility_state() == web_sys::VisibilityState::Visible {
                let _ = resolve.call0(&JsValue::NULL);
            }
        });
        let _ = target.add_event_listener_with_callback("visibilitychange", cb.as_ref().unchecked_ref());
        // One small closure per hidden period; it must outlive this call.
        cb.forget();
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// The polling loop: fetch, publish, wait (politely), repeat. Pauses while the tab is hidden and
/// fetches at once when it becomes visible. `publish` gets the state after every fetch and returns
/// false when nobody is listening any more, which ends the loop.
pub fn spawn_polling(url: String, poll_secs: u32, publish: impl Fn(&LiveState) -> bool + 'static) {
    wasm_bindgen_futures::spawn_local(async move {
        let mut s = LiveState {
            now_ms: now_ms(),
            ..LiveState::default()
        };
        loop {
            if page_hidden() {
                until_visible().await;
            }
            let result = fetch_feed(&url).await;
            let now = now_ms();
            s.now_ms = now;
            s.settled = true;
            match result {
                Ok(feed) => {
                    s.feed = Some(Arc::new(feed));
                    s.last_good_ms = now;
                    s.failures = 0;
                }
                Err(why) => {
                    s.failures = s.failures.saturating_add(1);
                    // One console line per failure streak, not one per poll.
                    if s.failures == 1 {
                        web_sys::console::warn_1(
                            &[
                                "statusmark: cannot load ",
                                &url,
                                ": ",
                                &why,
                                "; showing the last known status",
                            ]
                            .concat()
                            .into(),
                        );
                    }
                }
            }
            if !publish(&s) {
                return;
            }
            sleep_ms(poll::next_delay_ms(poll_secs, s.failures, js_sys::Math::random())).await;
        }
    });
}

// Talc instead of Rust's default dlmalloc: smaller in wasm. `new_global` is unsafe because there
// must be one such allocator per module, used as the global allocator; this is it (both bundles
// and the wasm tests link this library once).
#[cfg(target_arch = "wasm32")]
#[allow(unsafe_code)]
#[global_allocator]
static ALLOC: talc::TalckWasm = unsafe { talc::TalckWasm::new_global() };

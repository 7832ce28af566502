//! The Statusmark widget: fetches a status feed (Statusmark's `status.json` or any Statuspage
//! `summary.json`) and keeps indicators live.
//!
//! Two ways in, each its own wasm bundle so neither carries the other's code:
//! - embedded (`statusmark-widget`, [`mount_widget`]): every `<statusmark-status>` or
//!   `[data-statusmark]` element gets its own widget, rendered inside a Shadow DOM so host CSS
//!   cannot break it and its CSS cannot leak out. The loader (`widget/statusmark.js`, written by
//!   the generator) defines the custom element and watches for `[data-statusmark]` elements; it
//!   mounts a widget when an element arrives, stops it when the element leaves, and mounts it
//!   afresh when its attributes change;
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

use std::cell::Cell;
use std::rc::Rc;
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

/// What ties a widget's polling loop to its element. [`Life::stop`] ends the loop at once: the
/// fetch in flight is aborted, the wait for the next poll (a timer, or the page becoming visible)
/// is cancelled, and the loop returns instead of polling again.
pub struct Life {
    controller: web_sys::AbortController,
    /// The wait in progress: its timer (0 when waiting for the page to become visible) and the
    /// `resolve` of the promise the loop awaits.
    wake: Cell<Option<(f64, js_sys::Function)>>,
}

#[wasm_bindgen]
extern "C" {
    // The global timer functions, with the id as a number: web-sys's `i32` would truncate ids that
    // do not fit (fake clocks in tests start at 10^12), and the wrong timer would be cleared.
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &js_sys::Function, ms: f64) -> f64;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: f64);
}

impl Life {
    pub fn new() -> Option<Rc<Life>> {
        Some(Rc::new(Life {
            controller: web_sys::AbortController::new().ok()?,
            wake: Cell::new(None),
        }))
    }

    pub fn stopped(&self) -> bool {
        self.controller.signal().aborted()
    }

    pub fn stop(&self) {
        self.controller.abort();
        if let Some((timer, resolve)) = self.wake.take() {
            clear_timeout(timer);
            let _ = resolve.call0(&JsValue::NULL);
        }
    }
}

/// Give `host` a widget in its shadow root, polling its feed, and return the function that stops
/// it (`undefined` when the element cannot hold one). Stopping ends the polling ([`Life::stop`]),
/// disposes the widget's reactive scope and removes its DOM; the loader calls it when the element
/// leaves the document or its attributes change (then it mounts again with the new options). The
/// loader also picks its language, once, for the loader and the widget alike (see `view.rs`).
pub fn mount_widget(host: web_sys::HtmlElement, lang: String) -> JsValue {
    let opts = Options {
        lang,
        ..Options::from_attributes(|name| host.get_attribute(name))
    };
    let Some(life) = Life::new() else {
        return JsValue::UNDEFINED;
    };
    // Nothing loaded yet: "Loading status…". The polling loop owns the state from here on.
    let state = RwSignal::new(LiveState::default());
    // `try_set` hands the value back once the widget is gone.
    // The widget shows no incident timelines: its reader leaves incidents' updates out.
    let read: json::Reader = statusmark_feed::read_feed_without_updates;
    spawn_polling(opts.feed.clone(), opts.poll_secs, life.clone(), read, move |s| {
        state.try_set(s.clone()).is_none()
    });
    let unmount = render(&host, opts, state);
    Closure::once_into_js(move || {
        life.stop();
        unmount();
    })
}

/// Render a fixed state into `host` (no polling): for tests and static previews. Returns the
/// function that removes it.
pub fn mount_static(host: web_sys::HtmlElement, opts: Options, state: LiveState) -> JsValue {
    Closure::once_into_js(render(&host, opts, RwSignal::new(state)))
}

/// Render the widget for `opts` and `state` into `host`'s shadow root. Returns what removes it:
/// the DOM, the reactive scope and `state` itself (made outside the widget's scope, so the polling
/// loop can reach it).
fn render(host: &web_sys::HtmlElement, opts: Options, state: RwSignal<LiveState>) -> impl FnOnce() + 'static {
    let container = shadow_container(host);
    let handle = container.map(|c| leptos::mount::mount_to(c, move || view::widget(opts, state)));
    let host = host.clone();
    move || {
        drop(handle);
        // Leptos removed what it rendered; the container goes too.
        if let Some(root) = host.shadow_root() {
            root.set_text_content(None);
        }
        state.dispose();
    }
}

thread_local! {
    /// One constructed stylesheet shared by every widget on the page.
    static SHEET: Option<web_sys::CssStyleSheet> =
        web_sys::CssStyleSheet::new().ok().filter(|s| s.replace_sync(view::WIDGET_CSS).is_ok());
}

/// The element the widget renders into, in `host`'s shadow root: made on the first mount, emptied
/// on the next ones (a shadow root cannot be removed, and an element may be mounted many times).
fn shadow_container(host: &web_sys::HtmlElement) -> Option<web_sys::HtmlElement> {
    let document = host.owner_document()?;
    let root = match host.shadow_root() {
        Some(root) => {
            root.set_text_content(None);
            root
        }
        None => host
            .attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))
            .ok()?,
    };
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

/// Fetch a feed and read it with `read`; `stop` aborts it. Errors are short texts for the console,
/// never panics.
pub async fn fetch_feed(url: &str, stop: &web_sys::AbortSignal, read: json::Reader) -> Result<StatusFeed, String> {
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
            let signal = web_sys::AbortSignal::any(&js_sys::Array::of2(
                stop,
                &web_sys::AbortSignal::timeout_with_u32(FETCH_TIMEOUT_MS),
            ));
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
    json::parse_feed_with(&text, read).map_err(|e| e.reason().to_owned())
}

/// Sleep without blocking (a `setTimeout` promise); [`Life::stop`] ends it early.
pub async fn sleep_ms(ms: f64, life: &Life) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let timer = set_timeout(&resolve, ms.clamp(0.0, 2_147_483_000.0));
        life.wake.set(Some((timer, resolve)));
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    life.wake.take();
}

fn page_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Hidden)
}

/// Resolve at the page's next visibility change (from hidden, that is to visible), or when the
/// widget stops: the listener is the promise's own `resolve`, removed by either.
async fn until_visible(life: &Life) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let options = web_sys::AddEventListenerOptions::new();
        options.set_once(true);
        options.set_signal(&life.controller.signal());
        let _ = document.add_event_listener_with_callback_and_add_event_listener_options(
            "visibilitychange",
            &resolve,
            &options,
        );
        life.wake.set(Some((0.0, resolve)));
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    life.wake.take();
}

/// The polling loop: fetch, publish, wait (politely), repeat. Pauses while the tab is hidden and
/// fetches at once when it becomes visible. `publish` gets the state after every fetch and returns
/// false when nobody is listening any more, which ends the loop; so does [`Life::stop`].
pub fn spawn_polling(
    url: String,
    poll_secs: u32,
    life: Rc<Life>,
    read: json::Reader,
    publish: impl Fn(&LiveState) -> bool + 'static,
) {
    wasm_bindgen_futures::spawn_local(async move {
        let mut s = LiveState {
            now_ms: now_ms(),
            ..LiveState::default()
        };
        loop {
            while page_hidden() && !life.stopped() {
                until_visible(&life).await;
            }
            let result = fetch_feed(&url, &life.controller.signal(), read).await;
            if life.stopped() {
                return;
            }
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
            sleep_ms(
                poll::next_delay_ms(poll_secs, s.failures, js_sys::Math::random()),
                &life,
            )
            .await;
            if life.stopped() {
                return;
            }
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

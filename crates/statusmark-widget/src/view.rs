//! The embedded widget's view: one element tree for every variant and state, patched in place by
//! Leptos when the [`Display`] changes. Every string from a feed becomes a text node or an
//! attribute value, never markup.

use leptos::prelude::*;

use crate::LiveState;
use crate::display::{Display, Env, Row, display};
use crate::options::{Options, Theme};

/// The widget's stylesheet, inside its shadow root. Colours and font are custom properties the
/// host page may set on the element (`statusmark-status { --sm-font: … }`).
pub const WIDGET_CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/widget.min.css"));

pub fn widget(opts: Options, state: RwSignal<LiveState>) -> impl IntoView {
    let theme = match opts.theme {
        Theme::Auto => "sm auto",
        Theme::Light => "sm light",
        Theme::Dark => "sm dark",
    };
    move || {
        let env = Env {
            parse_ms: &crate::parse_ms,
            local_time: &local_time,
            dismissed: &dismissed,
        };
        tree(theme, display(&opts, &state.get(), &env))
    }
}

/// The banners the viewer dismissed: an object whose keys are [`Display::dismiss`] tokens, kept by
/// the loader (`widget/statusmark.js`), which handles the dismiss button's click, remembers the
/// token for the tab's session (`sessionStorage`, else this page) and mounts the widget again.
/// Doing that in the loader instead of here keeps about 0.4 KB gzip out of the wasm.
pub const DISMISSED: &str = "__statusmarkDismissed";

fn dismissed(token: &str) -> bool {
    js_sys::Reflect::get(&js_sys::global(), &DISMISSED.into())
        .and_then(|d| js_sys::Reflect::has(&d, &token.into()))
        .unwrap_or(false)
}

fn tree(theme: &'static str, d: Display) -> impl IntoView + use<> {
    // The button's click is handled by the loader (see [`DISMISSED`]).
    let token = (!d.dismiss.is_empty()).then_some(d.dismiss);
    view! {
        <div class=[theme, " ", d.class].concat()>
            // Text nodes are only rewritten when they change, so this announces status changes,
            // not polls.
            <span class="sr" role="status" aria-live="polite">{d.announce}</span>
            <a class=d.head_class href=d.link target="_top">
                <span class="txt">{d.text}</span>
                <span class=d.note_class>{d.note}</span>
            </a>
            <ul class="list">{d.rows.into_iter().map(row).collect::<Vec<_>>()}</ul>
            // Shown by the banner only (CSS).
            <button class="x" type="button" aria-label="Dismiss" data-dismiss=token>"×"</button>
        </div>
    }
}

fn row(r: Row) -> impl IntoView + use<> {
    view! {
        <li class=r.class data-component=r.component>
            <a class="name" href=r.href target="_top">{r.name}</a>
            <span class="when">{r.when}</span>
            <span class=r.badge_class>{r.badge}</span>
        </li>
    }
}

/// A time in the viewer's zone and locale.
fn local_time(rfc3339: &str) -> String {
    let d = js_sys::Date::new(&rfc3339.into());
    if d.get_time().is_nan() {
        return String::new();
    }
    String::from(d.to_locale_string("default", &js_sys::Object::new()))
}

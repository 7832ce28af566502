//! The embedded widget's view: one element tree for every variant and state, patched in place by
//! Leptos when the [`Display`] changes. Every string from a feed becomes a text node or an
//! attribute value, never markup.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

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
    let lang = opts.lang.clone();
    move || {
        let words = |english: &str| words(&lang, english);
        let ago = |ms: f64| ago(&lang, ms);
        let local_time = |t: &str| local_time(&lang, t);
        let env = Env {
            parse_ms: &crate::parse_ms,
            local_time: &local_time,
            dismissed: &dismissed,
            words: &words,
            ago: &ago,
        };
        // The display's labels are English; the view says them in the widget's language.
        let say = |english: &str| words(english).unwrap_or_else(|| english.to_owned());
        tree(theme, display(&opts, &state.get(), &env), &say)
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

fn tree(theme: &'static str, d: Display, say: &dyn Fn(&str) -> String) -> impl IntoView + use<> {
    // The button's click is handled by the loader (see [`DISMISSED`]).
    let token = (!d.dismiss.is_empty()).then_some(d.dismiss);
    view! {
        <div class=[theme, " ", d.class].concat()>
            // Text nodes are only rewritten when they change, so this announces status changes,
            // not polls.
            <span class="sr" role="status" aria-live="polite">{say(d.announce)}</span>
            <a class=d.head_class href=d.link target="_top">
                <span class="txt">{say(&d.text)}</span>
                <span class=d.note_class>{say(&d.note)}</span>
            </a>
            <ul class="list">{d.rows.into_iter().map(|r| row(r, say)).collect::<Vec<_>>()}</ul>
            // Shown by the banner only (CSS).
            <button class="x" type="button" aria-label=Some(say("Dismiss")) data-dismiss=token>"×"</button>
        </div>
    }
}

fn row(r: Row, say: &dyn Fn(&str) -> String) -> impl IntoView + use<> {
    view! {
        <li class=r.class data-component=r.component>
            <a class="name" href=r.href target="_top">{r.name}</a>
            <span class="when">{r.when}</span>
            <span class=r.badge_class>{say(r.badge)}</span>
        </li>
    }
}

/// A time in the viewer's zone, in the widget's language (in English, in the visitor's locale).
fn local_time(lang: &str, rfc3339: &str) -> String {
    let d = js_sys::Date::new(&rfc3339.into());
    if d.get_time().is_nan() {
        return String::new();
    }
    // English widgets keep the visitor's own conventions (their browser's locale), as always.
    let locale = if lang == "en" { "default" } else { lang };
    String::from(d.to_locale_string(locale, &js_sys::Object::new()))
}

/// The words of the widget's language by their English, loaded by the loader
/// (`widget/i18n/<lang>.json`) into `__statusmarkWords` before it mounts the widget; English
/// needs none. An incident's title that happens to be one of them is said too: harmless.
pub const WORDS: &str = "__statusmarkWords";

fn words(lang: &str, english: &str) -> Option<String> {
    if lang == "en" {
        return None;
    }
    let all = js_sys::Reflect::get(&js_sys::global(), &WORDS.into()).ok()?;
    let mine = js_sys::Reflect::get(&all, &lang.into()).ok()?;
    js_sys::Reflect::get(&mine, &english.into()).ok()?.as_string()
}

/// "3 min ago" in English; the browser's short relative time in other languages ("vor 3 Min.").
fn ago(lang: &str, ms: f64) -> String {
    if lang == "en" {
        return crate::poll::age_text(ms);
    }
    let s = (ms / 1000.0).max(0.0).floor();
    let (n, unit) = match s {
        s if s < 60.0 => (0.0, "second"),
        s if s < 3600.0 => ((s / 60.0).floor(), "minute"),
        s if s < 86400.0 => ((s / 3600.0).floor(), "hour"),
        s => ((s / 86400.0).floor(), "day"),
    };
    // By `JSON.parse`, which the wasm imports anyway, rather than one more import to set members.
    let options: js_sys::Object = js_sys::JSON::parse(r#"{"style":"short","numeric":"auto"}"#)
        .map_or_else(|_| js_sys::Object::new(), JsCast::unchecked_into);
    let locales = js_sys::Array::of1(&lang.into());
    String::from(js_sys::Intl::RelativeTimeFormat::new(&locales, &options).format(-n, unit))
}

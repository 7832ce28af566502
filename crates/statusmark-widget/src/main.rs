//! The embeddable widget's entry point. The loader (`widget/statusmark.js`) calls [`mount`] for
//! each `<statusmark-status>` and `[data-statusmark]` element, and the function it returns when
//! the element leaves; everything else is in the library.

use wasm_bindgen::prelude::*;

fn main() {
    statusmark_widget::report_panics();
}

/// Mount a widget in `host`, speaking `lang` (the loader's choice: the element's `lang`, else the
/// page's, when Statusmark speaks it; else `en`); returns the function that stops it.
#[wasm_bindgen]
pub fn mount(host: web_sys::HtmlElement, lang: String) -> JsValue {
    statusmark_widget::mount_widget(host, lang)
}

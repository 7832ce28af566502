//! The embeddable widget's entry point. The loader (`widget/statusmark.js`) calls [`mount`] for
//! each `<statusmark-status>` and `[data-statusmark]` element, and the function it returns when
//! the element leaves; everything else is in the library.

use wasm_bindgen::prelude::*;

fn main() {
    statusmark_widget::report_panics();
}

/// Mount a widget in `host`; returns the function that stops it.
#[wasm_bindgen]
pub fn mount(host: web_sys::HtmlElement) -> JsValue {
    statusmark_widget::mount_widget(host)
}

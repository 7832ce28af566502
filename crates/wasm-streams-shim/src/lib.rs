//! Stands in for the `wasm-streams` crate in Statusmark's wasm bundles (the widget and the page
//! script), through `[patch.crates-io]` in the workspace manifest.
//!
//! Leptos always builds its server functions' browser client, and that client uses `wasm-streams`
//! for streaming requests and responses. `wasm-streams` exports three JavaScript classes
//! (`IntoUnderlyingSource`, `IntoUnderlyingByteSource`, `IntoUnderlyingSink`). The linker must
//! keep exported functions, and the futures they create reach the wasm's function table, which no
//! optimiser can prune: even once our bundler drops the unused exports, about 7 KB of wasm code
//! nobody calls stays in each bundle, nearly 5 KB gzip with the imports it needs.
//!
//! Statusmark's wasm uses no server functions. This crate keeps the part of the API the server
//! functions' client compiles against and nothing else; a streaming server function would stop
//! with a message saying why. The workspace's `xtask` tests check that the patch is in place.

use futures_util::Stream;
use futures_util::stream::Empty;
use wasm_bindgen::JsValue;

/// A JavaScript `ReadableStream`, held but never read.
#[derive(Debug)]
pub struct ReadableStream(web_sys::ReadableStream);

impl ReadableStream {
    pub fn from_raw(raw: web_sys::ReadableStream) -> Self {
        Self(raw)
    }

    pub fn into_raw(self) -> web_sys::ReadableStream {
        self.0
    }

    pub fn from_stream<St>(_stream: St) -> Self
    where
        St: Stream<Item = Result<JsValue, JsValue>> + 'static,
    {
        unsupported("sending a streamed request")
    }

    pub fn into_stream(self) -> Empty<Result<JsValue, JsValue>> {
        unsupported("reading a streamed response")
    }
}

fn unsupported(what: &str) -> ! {
    panic!(
        "{what} needs streaming server functions, which Statusmark's wasm bundles leave out: see crates/wasm-streams-shim"
    )
}

//! The browser's `JSON.parse` result as a [`JsonTree`], so `statusmark-feed`'s readers run on it
//! and the wasm carries no JSON parser. Reading never throws: a missing member, a wrong type or a
//! non-object is `None`, and the reader turns that into a feed error.

use statusmark_feed::{FeedError, JsonTree, StatusFeed};
use wasm_bindgen::{JsCast, JsValue};

/// One value of a parsed document.
#[derive(Clone, Debug)]
pub struct Js(pub JsValue);

impl JsonTree for Js {
    fn get(&self, key: &str) -> Option<Self> {
        if !self.is_object() {
            return None;
        }
        // JSON.parse makes plain data objects: no getters run, and none of the keys the readers
        // ask for exists on Object.prototype.
        js_sys::Reflect::get(&self.0, &JsValue::from_str(key))
            .ok()
            .filter(|v| !v.is_undefined() && !v.is_null())
            .map(Js)
    }
    fn as_string(&self) -> Option<String> {
        self.0.as_string()
    }
    fn as_number(&self) -> Option<f64> {
        self.0.as_f64()
    }
    fn as_bool(&self) -> Option<bool> {
        self.0.as_bool()
    }
    fn as_array(&self) -> Option<Vec<Self>> {
        js_sys::Array::is_array(&self.0).then(|| self.0.unchecked_ref::<js_sys::Array>().iter().map(Js).collect())
    }
    fn is_object(&self) -> bool {
        self.0.is_object() && !js_sys::Array::is_array(&self.0)
    }
}

/// How a bundle reads a parsed feed: [`statusmark_feed::read_feed`] in the page script, which shows
/// incident timelines, [`statusmark_feed::read_feed_without_updates`] in the embedded widget, so
/// neither bundle carries the other's reader.
pub type Reader = fn(&Js) -> Result<StatusFeed, FeedError>;

/// Parse a feed's text with the browser's JSON parser and read all of it.
pub fn parse_feed(text: &str) -> Result<StatusFeed, FeedError> {
    parse_feed_with(text, statusmark_feed::read_feed)
}

/// Parse a feed's text with the browser's JSON parser and read it with `read`.
pub fn parse_feed_with(text: &str, read: Reader) -> Result<StatusFeed, FeedError> {
    let doc = js_sys::JSON::parse(text).map_err(|e| {
        let why = js_sys::Error::from(e).message();
        FeedError::Invalid(String::from(why))
    })?;
    read(&Js(doc))
}

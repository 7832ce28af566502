//! Reading feeds from an already parsed JSON tree.
//!
//! The readers for `status.json` ([`crate::feed`]) and Statuspage's `summary.json`
//! ([`crate::statuspage`]) are written once against [`JsonTree`]. Natively the tree is a
//! `serde_json::Value`; in the widget it is the browser's own `JSON.parse` result, so the wasm
//! carries neither a JSON parser nor a deserialiser per type (together about half of the widget's
//! size before this reader existed).
//!
//! Reading is tolerant the way the feed's contract says: unknown fields are ignored, optional
//! fields default, enums fall back to `Unknown`. A required field that is absent or of the wrong
//! type is an error naming its path.

use crate::error::FeedError;

/// A JSON value, as much of it as the readers need.
pub trait JsonTree: Sized {
    /// The member `key` of an object; `None` when this is not an object, or the member is absent
    /// or `null`.
    fn get(&self, key: &str) -> Option<Self>;
    fn as_string(&self) -> Option<String>;
    fn as_number(&self) -> Option<f64>;
    fn as_bool(&self) -> Option<bool>;
    /// The elements of an array; `None` when this is not an array.
    fn as_array(&self) -> Option<Vec<Self>>;
    /// Whether this is an object (not an array, not `null`).
    fn is_object(&self) -> bool;
}

#[cfg(feature = "json")]
impl JsonTree for &serde_json::Value {
    fn get(&self, key: &str) -> Option<Self> {
        self.as_object()?.get(key).filter(|v| !v.is_null())
    }
    fn as_string(&self) -> Option<String> {
        serde_json::Value::as_str(self).map(str::to_owned)
    }
    fn as_number(&self) -> Option<f64> {
        serde_json::Value::as_f64(self)
    }
    fn as_bool(&self) -> Option<bool> {
        serde_json::Value::as_bool(self)
    }
    fn as_array(&self) -> Option<Vec<Self>> {
        serde_json::Value::as_array(self).map(|a| a.iter().collect())
    }
    fn is_object(&self) -> bool {
        serde_json::Value::is_object(self)
    }
}

pub(crate) fn invalid(path: &str, why: &str) -> FeedError {
    FeedError::Invalid(["`", path, "` ", why].concat())
}

/// Required fields, checked as a whole: readers take every field without returning early and
/// ask [`Required::finish`] at the end. (Returning at each missing field would make the compiler
/// emit clean-up code for every partly built value, which costs the widget kilobytes.)
#[derive(Default)]
pub(crate) struct Required {
    first_missing: Option<&'static str>,
}

impl Required {
    fn missing(&mut self, path: &'static str) {
        self.first_missing.get_or_insert(path);
    }

    /// A required string; empty (and noted) when absent or of another type.
    pub(crate) fn text<T: JsonTree>(&mut self, v: &T, key: &str, path: &'static str) -> String {
        opt_text(v, key).unwrap_or_else(|| {
            self.missing(path);
            String::new()
        })
    }

    /// An optional array, empty when absent; noted when of another type.
    pub(crate) fn list<T: JsonTree>(&mut self, v: &T, key: &str, path: &'static str) -> Vec<T> {
        match v.get(key) {
            None => Vec::new(),
            Some(x) => x.as_array().unwrap_or_else(|| {
                self.missing(path);
                Vec::new()
            }),
        }
    }

    /// An optional array of strings, empty when absent; noted when anything in it is not a string.
    pub(crate) fn strings<T: JsonTree>(&mut self, v: &T, key: &str, path: &'static str) -> Vec<String> {
        let mut out = Vec::new();
        for s in self.list(v, key, path) {
            match s.as_string() {
                Some(s) => out.push(s),
                None => self.missing(path),
            }
        }
        out
    }

    pub(crate) fn finish(self) -> Result<(), FeedError> {
        match self.first_missing {
            None => Ok(()),
            Some(path) => Err(invalid(path, "is missing or of the wrong type")),
        }
    }
}

/// An optional string; any other type counts as absent.
pub(crate) fn opt_text<T: JsonTree>(v: &T, key: &str) -> Option<String> {
    v.get(key).and_then(|x| x.as_string())
}

/// An optional string, empty when absent.
pub(crate) fn text_or_empty<T: JsonTree>(v: &T, key: &str) -> String {
    opt_text(v, key).unwrap_or_default()
}

/// A required object.
pub(crate) fn object<T: JsonTree>(v: &T, key: &str, path: &str) -> Result<T, FeedError> {
    v.get(key)
        .filter(JsonTree::is_object)
        .ok_or_else(|| invalid(path, "is missing or not an object"))
}

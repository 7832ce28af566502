//! Reading a status feed of either kind: Statusmark's `status.json` ([`crate::feed`]) or a
//! Statuspage API v2 `summary.json` ([`crate::statuspage`]), told apart by the top-level `version`
//! field (Statuspage summaries have none). Each format has exactly one reader, written against
//! [`JsonTree`]; this module only dispatches.

use crate::error::FeedError;
use crate::feed::{StatusFeed, read_statusmark};
use crate::statuspage::read_summary;
use crate::tree::JsonTree;

/// Parse `text` with serde_json and read it (the generator, tests and native tools; the widget
/// uses the browser's `JSON.parse` and [`read_feed`] instead).
#[cfg(feature = "json")]
pub fn parse_feed(text: &str) -> Result<StatusFeed, FeedError> {
    let doc: serde_json::Value = serde_json::from_str(text).map_err(|e| FeedError::Invalid(e.to_string()))?;
    read_feed(&&doc)
}

/// Read a feed from a tree someone else parsed (in the widget, the browser's `JSON.parse`).
pub fn read_feed<T: JsonTree>(doc: &T) -> Result<StatusFeed, FeedError> {
    read::<T, true>(doc)
}

/// [`read_feed`] without incidents' `updates` (left empty): for readers that show no incident
/// timelines, such as the embedded widget, whose wasm then carries no code to read them.
pub fn read_feed_without_updates<T: JsonTree>(doc: &T) -> Result<StatusFeed, FeedError> {
    read::<T, false>(doc)
}

fn read<T: JsonTree, const UPDATES: bool>(doc: &T) -> Result<StatusFeed, FeedError> {
    if !doc.is_object() {
        return Err(FeedError::Invalid("the document is not a JSON object".to_owned()));
    }
    match doc.get("version") {
        Some(version) => read_statusmark::<T, UPDATES>(doc, &version),
        None => read_summary(doc),
    }
}

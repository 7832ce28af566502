//! Statusmark's public wire format and the status logic both sides need.
//!
//! This crate owns:
//! - [`feed`]: the JSON status feed (`status.json`), a versioned public contract;
//! - [`statuspage`]: Statuspage API v2 types, and the conversion from a Statuspage `summary.json`
//!   into a [`feed::StatusFeed`], so the widget can show any Statuspage-hosted service;
//! - [`status`]: the vocabulary of statuses and the roll-up rule for the page indicator;
//! - [`timeline`]: a component's status over time, uptime per day, and maintenance phases;
//! - [`tree`]: the readers' view of a parsed JSON document, so the widget can hand them the
//!   browser's `JSON.parse` result instead of carrying a JSON parser.
//!
//! It must not do I/O, read a clock, or depend on anything that bloats WebAssembly: instants are
//! plain Unix milliseconds and callers bring their own clock and time parser.

pub mod feed;
pub mod status;
pub mod statuspage;
pub mod timeline;
pub mod tree;

pub use feed::{FeedError, StatusFeed, parse_feed, read_feed};
pub use status::{ComponentStatus, Impact, IncidentStatus, Indicator, MaintenancePhase};
pub use tree::JsonTree;

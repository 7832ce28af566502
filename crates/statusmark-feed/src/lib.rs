//! Statusmark's public wire format and the status logic both sides need.
//!
//! This crate owns:
//! - [`feed`]: the JSON status feed (`status.json`), a versioned public contract;
//! - [`statuspage`]: Statuspage API v2 types, and the conversion from a Statuspage `summary.json`
//!   into a [`feed::StatusFeed`], so the widget can show any Statuspage-hosted service;
//! - [`read`]: telling the two formats apart, each read by its one reader;
//! - [`group`]: components under their groups and a group's roll-up status;
//! - [`status`]: the vocabulary of statuses and the roll-up rule for the page indicator;
//! - [`maintenance`]: the one rule for a maintenance window's phase at an instant (stated phases
//!   beat the clock);
//! - [`text`]: how lengths of time read, on the site and in the page script;
//! - [`timeline`]: a component's status over time and uptime per day;
//! - [`tree`]: the readers' view of a parsed JSON document, so the widget can hand them the
//!   browser's `JSON.parse` result instead of carrying a JSON parser.
//!
//! The feed types only serialise: reading goes through [`read_feed`], never serde, so there is one
//! reader per format. serde_json is behind the `json` feature (the generator's), so the widget's
//! wasm carries no JSON parser.
//!
//! It must not do I/O, read a clock, or depend on anything that bloats WebAssembly: instants are
//! plain Unix milliseconds and callers bring their own clock and time parser.

pub mod error;
pub mod feed;
pub mod group;
pub mod maintenance;
#[doc(hidden)]
pub mod phase_cases;
pub mod read;
pub mod status;
pub mod statuspage;
pub mod text;
pub mod timeline;
pub mod tree;

pub use error::FeedError;
pub use feed::StatusFeed;
pub use maintenance::{MaintenanceWindow, PhaseAt, StatedPhase};
#[cfg(feature = "json")]
pub use read::parse_feed;
pub use read::{read_feed, read_feed_without_updates};
pub use status::{ComponentStatus, Impact, IncidentStatus, Indicator, MaintenancePhase};
pub use tree::JsonTree;

//! Slack, Discord, Microsoft Teams and Google Chat messages.

use serde_json::Value;

use super::notice::Notice;
use crate::content::notify::ChannelKind;

/// The JSON body a chat service's incoming webhook accepts.
pub fn body(_kind: ChannelKind, notice: &Notice) -> Value {
    serde_json::json!({ "text": notice.title })
}

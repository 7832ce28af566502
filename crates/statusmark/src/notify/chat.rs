//! Slack, Discord, Microsoft Teams and Google Chat messages.

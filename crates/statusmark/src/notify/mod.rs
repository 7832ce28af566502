//! `statusmark notify`: every change the content records, pushed to webhooks, chats and email —
//! exactly once per event and recipient, with a delivery record kept between runs.
//!
//! The stages: the model at `--now` → [`events`] (stable ids derived from the content) → the
//! record decides what is due ([`record`]) → each event becomes one [`notice::Notice`] → each
//! channel formats and delivers it ([`webhook`], [`chat`], [`email`]), and the record is appended
//! after every delivery.

pub mod chat;
pub mod compose;
pub mod email;
pub mod events;
pub mod http;
pub mod notice;
pub mod record;
pub mod run;
pub mod webhook;

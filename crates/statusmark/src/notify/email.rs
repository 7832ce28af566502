//! Email over SMTP.

use std::time::Duration;

use super::notice::Notice;
use crate::theme::Theme;

#[derive(Debug, thiserror::Error)]
pub enum EmailError {
    #[error("{0}")]
    Other(String),
}
pub struct Subscriber {
    pub address: String,
    pub components: Vec<String>,
}
pub fn read_subscribers(_text: &str) -> Result<Vec<Subscriber>, Vec<String>> {
    Ok(Vec::new())
}
pub struct Mail {
    pub subject: String,
}
pub fn render(notice: &Notice, _theme: &Theme) -> Result<Mail, EmailError> {
    Ok(Mail {
        subject: notice.title.clone(),
    })
}
pub enum Outcome {
    Sent,
    Rejected(String),
    Failed(String),
}
pub struct Sender;
impl Sender {
    pub fn connect(_u: &str, _f: &str, _un: Option<&str>, _t: Duration, _c: usize) -> Result<Sender, EmailError> {
        Ok(Sender)
    }
    pub fn message(&self, _m: &Mail, _n: &Notice, _to: &Subscriber) -> Result<lettre::Message, EmailError> {
        Err(EmailError::Other(String::new()))
    }
    pub fn send_all(
        &self,
        _m: &Mail,
        _n: &Notice,
        _to: &[&Subscriber],
        _c: usize,
        _a: u32,
        _on: &(dyn Fn(&Subscriber, Outcome) + Sync),
    ) {
    }
}
pub fn eml(m: &lettre::Message) -> Vec<u8> {
    m.formatted()
}

//! The `[notify]` section of the configuration: where `statusmark notify` sends what. Secrets are
//! only ever named by environment variable; `check` validates the section, `notify` reads the
//! variables.

use jiff::SignedDuration;
use serde::Deserialize;

use super::raw::{At, Toml};
use crate::diagnostic::suggest;

type Val<T> = At<T, Toml>;

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawNotify {
    #[serde(default)]
    pub reminders: Option<Val<Vec<String>>>,
    #[serde(default)]
    pub horizon: Option<Val<String>>,
    #[serde(default)]
    pub timeout: Option<Val<String>>,
    #[serde(default)]
    pub attempts: Option<Val<i64>>,
    #[serde(default)]
    pub webhook: Vec<RawEndpoint>,
    #[serde(default)]
    pub slack: Vec<RawEndpoint>,
    #[serde(default)]
    pub discord: Vec<RawEndpoint>,
    #[serde(default)]
    pub teams: Vec<RawEndpoint>,
    #[serde(default)]
    pub google_chat: Vec<RawEndpoint>,
    #[serde(default)]
    pub email: Option<RawEmail>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEndpoint {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub url: Option<Val<String>>,
    #[serde(default)]
    pub url_env: Option<Val<String>>,
    #[serde(default)]
    pub secret_env: Option<Val<String>>,
    #[serde(default)]
    pub components: Option<Vec<Val<String>>>,
    #[serde(default)]
    pub events: Option<Vec<Val<String>>>,
    /// A public link where people can join the chat channel (shown under Subscribe).
    #[serde(default)]
    pub join_url: Option<Val<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEmail {
    pub smtp_url_env: Val<String>,
    pub from: Val<String>,
    pub subscribers_env: Val<String>,
    #[serde(default)]
    pub unsubscribe_url: Option<Val<String>>,
    #[serde(default)]
    pub signup_url: Option<Val<String>>,
    #[serde(default)]
    pub events: Option<Vec<Val<String>>>,
    #[serde(default)]
    pub concurrency: Option<Val<i64>>,
}

/// Where a channel sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ChannelKind {
    Webhook,
    Slack,
    Discord,
    Teams,
    GoogleChat,
}

impl ChannelKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChannelKind::Webhook => "webhook",
            ChannelKind::Slack => "slack",
            ChannelKind::Discord => "discord",
            ChannelKind::Teams => "teams",
            ChannelKind::GoogleChat => "google_chat",
        }
    }

    /// Display name for people ("Slack", "Google Chat").
    pub fn label(self) -> &'static str {
        match self {
            ChannelKind::Webhook => "Webhook",
            ChannelKind::Slack => "Slack",
            ChannelKind::Discord => "Discord",
            ChannelKind::Teams => "Microsoft Teams",
            ChannelKind::GoogleChat => "Google Chat",
        }
    }
}

/// An address given in the file or named by an environment variable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    Literal(String),
    Env(String),
}

/// A webhook or chat endpoint.
#[derive(Clone, Debug)]
pub struct Endpoint {
    pub kind: ChannelKind,
    /// What reports and the dry run call it: `name`, else `<kind>#<n>`.
    pub name: String,
    pub url: Source,
    /// The variable holding the HMAC secret (webhooks).
    pub secret_env: Option<String>,
    /// Only events touching one of these components (`None`: all).
    pub components: Option<Vec<String>>,
    /// The event families sent (`incident`, `maintenance`, `component`).
    pub events: Vec<String>,
    pub join_url: Option<String>,
}

#[derive(Clone, Debug)]
pub struct EmailChannel {
    pub smtp_url_env: String,
    pub from: String,
    pub subscribers_env: String,
    /// With `{email}` where the (percent-encoded) address goes.
    pub unsubscribe_url: Option<String>,
    pub signup_url: Option<String>,
    pub events: Vec<String>,
    /// How many SMTP connections deliver at once.
    pub concurrency: usize,
}

#[derive(Clone, Debug)]
pub struct NotifyConfig {
    /// How long before a maintenance window a reminder goes out, longest first.
    pub reminders: Vec<SignedDuration>,
    /// Events older than this are recorded as skipped, not sent late.
    pub horizon: SignedDuration,
    /// One HTTP request's or SMTP session's time limit.
    pub timeout: SignedDuration,
    /// Attempts per delivery within one run.
    pub attempts: u32,
    pub endpoints: Vec<Endpoint>,
    pub email: Option<EmailChannel>,
}

impl Default for NotifyConfig {
    fn default() -> Self {
        NotifyConfig {
            reminders: vec![SignedDuration::from_hours(24), SignedDuration::from_hours(1)],
            horizon: SignedDuration::from_hours(6),
            timeout: SignedDuration::from_secs(10),
            attempts: 5,
            endpoints: Vec::new(),
            email: None,
        }
    }
}

const FAMILIES: [&str; 3] = ["incident", "maintenance", "component"];

/// A value's problem: the value (for its position), the message and the help line.
pub type Problem = (std::ops::Range<usize>, String, String);

pub(super) fn problem<T>(v: &Val<T>, message: impl Into<String>, help: impl Into<String>) -> Problem {
    (v.span.clone(), message.into(), help.into())
}

/// The longest duration any setting takes: a year.
const LONGEST: SignedDuration = SignedDuration::from_hours(24 * 366);

pub(super) fn duration(v: &Val<String>, what: &str, out: &mut Vec<Problem>) -> Option<SignedDuration> {
    match v.value.parse::<SignedDuration>() {
        Ok(d) if d.is_positive() && d <= LONGEST => Some(d),
        _ => {
            out.push(problem(
                v,
                format!("{what} \"{}\" is not a duration", v.value),
                "write a positive duration up to a year, in hours or minutes, such as \"24h\" or \"90m\"",
            ));
            None
        }
    }
}

pub(super) fn env_name(v: &Val<String>, out: &mut Vec<Problem>) -> String {
    let ok = !v.value.is_empty()
        && v.value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && !v.value.starts_with(|c: char| c.is_ascii_digit());
    if !ok {
        out.push(problem(
            v,
            format!("\"{}\" is not an environment variable name", v.value),
            "name the variable that holds the value, e.g. \"SLACK_WEBHOOK_URL\"; secrets never go in this file",
        ));
    }
    v.value.clone()
}

fn http_url(v: &Val<String>, out: &mut Vec<Problem>) {
    if !(v.value.starts_with("https://") || v.value.starts_with("http://")) {
        out.push(problem(
            v,
            format!("\"{}\" is not an http(s) URL", v.value),
            "write the full address, e.g. \"https://hooks.example.com/status\"",
        ));
    }
}

fn families(list: Option<&Vec<Val<String>>>, default: &[&str], out: &mut Vec<Problem>) -> Vec<String> {
    let Some(list) = list else {
        return default.iter().map(|s| (*s).to_owned()).collect();
    };
    for e in list {
        if !FAMILIES.contains(&e.value.as_str()) {
            let help = match suggest(&e.value, FAMILIES) {
                Some(s) => format!("did you mean \"{s}\"?"),
                None => "use \"incident\", \"maintenance\" or \"component\"".to_owned(),
            };
            out.push(problem(e, format!("unknown event family \"{}\"", e.value), help));
        }
    }
    list.iter().map(|e| e.value.clone()).collect()
}

fn endpoint(kind: ChannelKind, n: usize, raw: RawEndpoint, components: &[&str], out: &mut Vec<Problem>) -> Endpoint {
    let url = match (raw.url, raw.url_env) {
        (Some(u), None) => {
            http_url(&u, out);
            Source::Literal(u.value)
        }
        (None, Some(e)) => Source::Env(env_name(&e, out)),
        (Some(u), Some(_)) => {
            out.push(problem(&u, "both url and url_env are set", "keep one of them"));
            Source::Literal(u.value)
        }
        (None, None) => {
            out.push((
                0..0,
                format!("[[notify.{}]] #{} has no url", kind.as_str(), n + 1),
                "add url_env = \"VARIABLE\" (the variable holds the address) or url = \"https://…\"".to_owned(),
            ));
            Source::Literal(String::new())
        }
    };
    let secret_env = raw.secret_env.map(|s| env_name(&s, out));
    if let Some(list) = &raw.components {
        for c in list {
            if !components.contains(&c.value.as_str()) {
                let help = match suggest(&c.value, components.iter().copied()) {
                    Some(s) => format!("did you mean \"{s}\"?"),
                    None => "name a component declared under [[components]]".to_owned(),
                };
                out.push(problem(c, format!("unknown component \"{}\"", c.value), help));
            }
        }
    }
    // Component changes repeat what an incident's updates say; chats get them only when asked.
    let default: &[&str] = if kind == ChannelKind::Webhook {
        &FAMILIES
    } else {
        &FAMILIES[..2]
    };
    let events = families(raw.events.as_ref(), default, out);
    if let Some(j) = &raw.join_url {
        http_url(j, out);
    }
    Endpoint {
        kind,
        name: raw.name.unwrap_or_else(|| format!("{}#{}", kind.as_str(), n + 1)),
        url,
        secret_env,
        components: raw.components.map(|l| l.into_iter().map(|c| c.value).collect()),
        events,
        join_url: raw.join_url.map(|j| j.value),
    }
}

fn email(raw: RawEmail, out: &mut Vec<Problem>) -> EmailChannel {
    for u in [&raw.unsubscribe_url, &raw.signup_url].into_iter().flatten() {
        http_url(u, out);
    }
    if let Some(u) = &raw.unsubscribe_url
        && !u.value.contains("{email}")
    {
        out.push(problem(
            u,
            "unsubscribe_url has no {email} placeholder",
            "write where the address goes, e.g. \"https://acme.example/unsubscribe?email={email}\"",
        ));
    }
    if raw.from.value.parse::<lettre::message::Mailbox>().is_err() {
        out.push(problem(
            &raw.from,
            format!("from \"{}\" is not an email address", raw.from.value),
            "write an address, optionally with a name: \"Acme Status <status@acme.example>\"",
        ));
    }
    let concurrency = match &raw.concurrency {
        None => 8,
        Some(c) => match usize::try_from(c.value) {
            Ok(n) if (1..=64).contains(&n) => n,
            _ => {
                out.push(problem(
                    c,
                    "concurrency is out of range",
                    "use a number of connections from 1 to 64",
                ));
                8
            }
        },
    };
    EmailChannel {
        smtp_url_env: env_name(&raw.smtp_url_env, out),
        from: raw.from.value.clone(),
        subscribers_env: env_name(&raw.subscribers_env, out),
        unsubscribe_url: raw.unsubscribe_url.map(|u| u.value),
        signup_url: raw.signup_url.map(|u| u.value),
        events: families(raw.events.as_ref(), &FAMILIES[..2], out),
        concurrency,
    }
}

/// Validate the section. `components` are the declared component ids that are valid ids (the
/// caller filters them, so this module needs none of `config`'s id rules).
pub fn check(raw: RawNotify, components: &[&str], out: &mut Vec<Problem>) -> NotifyConfig {
    let defaults = NotifyConfig::default();
    let mut reminders: Vec<SignedDuration> = match &raw.reminders {
        None => defaults.reminders.clone(),
        Some(list) => list
            .value
            .iter()
            .filter_map(|r| {
                r.parse::<SignedDuration>()
                    .ok()
                    .filter(|d| d.is_positive() && *d <= LONGEST)
                    .or_else(|| {
                        out.push(problem(
                            list,
                            format!("reminder \"{r}\" is not a duration"),
                            "write durations before the start, e.g. reminders = [\"24h\", \"1h\"]",
                        ));
                        None
                    })
            })
            .collect(),
    };
    reminders.sort_by(|a, b| b.cmp(a));
    reminders.dedup();
    let horizon = raw
        .horizon
        .as_ref()
        .and_then(|h| duration(h, "horizon", out))
        .unwrap_or(defaults.horizon);
    let timeout = raw
        .timeout
        .as_ref()
        .and_then(|h| duration(h, "timeout", out))
        .unwrap_or(defaults.timeout);
    let attempts = match &raw.attempts {
        None => defaults.attempts,
        Some(a) => match u32::try_from(a.value) {
            Ok(n) if (1..=20).contains(&n) => n,
            _ => {
                out.push(problem(a, "attempts is out of range", "use a number from 1 to 20"));
                defaults.attempts
            }
        },
    };
    let mut endpoints = Vec::new();
    for (kind, list) in [
        (ChannelKind::Webhook, raw.webhook),
        (ChannelKind::Slack, raw.slack),
        (ChannelKind::Discord, raw.discord),
        (ChannelKind::Teams, raw.teams),
        (ChannelKind::GoogleChat, raw.google_chat),
    ] {
        for (n, e) in list.into_iter().enumerate() {
            endpoints.push(endpoint(kind, n, e, components, out));
        }
    }
    NotifyConfig {
        reminders,
        horizon,
        timeout,
        attempts,
        endpoints,
        email: raw.email.map(|e| email(e, out)),
    }
}

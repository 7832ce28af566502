//! One `statusmark notify` run: what is due, to whom, and the record of it.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use jiff::{SignedDuration, Timestamp};

use super::email::{self, Sender, Subscriber};
use super::events::{Event, events};
use super::http::{Outcome, Poster};
use super::notice::{EventKind, Notice};
use super::record::{Record, RecordError, Status, target_key};
use super::{chat, compose, webhook};
use crate::content::notify::{ChannelKind, EmailChannel, Endpoint, NotifyConfig, Source};
use crate::diagnostic::Diagnostic;
use crate::model::SiteModel;
use crate::theme::Theme;

#[derive(Clone, Debug)]
pub struct Options {
    pub root: PathBuf,
    pub now: Option<Timestamp>,
    /// The delivery record (a local file).
    pub state: PathBuf,
    /// Print and write what would be sent; send nothing, leave the record alone.
    pub dry_run: bool,
    /// Where the dry run writes the rendered messages.
    pub out: Option<PathBuf>,
}

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum NotifyError {
    #[error("{} error(s) in the content", .0.iter().filter(|d| d.is_error()).count())]
    Content(Vec<Diagnostic>),
    #[error("{}", missing(.0))]
    MissingEnv(Vec<(String, String)>),
    #[error("the subscriber list {path} has problems:\n{}", .problems.join("\n"))]
    Subscribers { path: String, problems: Vec<String> },
    #[error("cannot read the subscriber list {path}: {source}")]
    SubscriberFile { path: String, source: std::io::Error },
    #[error(transparent)]
    Record(#[from] RecordError),
    #[error(transparent)]
    Text(#[from] crate::content::text::TextError),
    #[error("email: {0}")]
    Email(#[from] email::EmailError),
    #[error("cannot read the theme: {0}")]
    Theme(std::io::Error),
    #[error("cannot write the dry run's messages to {path}: {source}")]
    Out { path: PathBuf, source: std::io::Error },
}

fn missing(vars: &[(String, String)]) -> String {
    let lines: Vec<String> = vars
        .iter()
        .map(|(var, what)| format!("the environment variable {var} ({what}) is not set"))
        .collect();
    format!("{}; nothing was sent", lines.join("; "))
}

/// What a run did, for the summary line and the exit status.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    pub first_run: bool,
    pub sent: usize,
    /// Webhook and chat deliveries refused for good (a configuration to fix).
    pub rejected: usize,
    /// Email recipients the server refused (an address to fix; reported, not a failed run).
    pub refused: usize,
    pub failed: usize,
    /// Events recorded as skipped (first run, too old, expired, never announced).
    pub skipped: usize,
    /// Messages the dry run wrote.
    pub would_send: usize,
}

/// A webhook or chat endpoint with its secrets read.
struct Target<'a> {
    endpoint: &'a Endpoint,
    url: String,
    secret: Option<Vec<u8>>,
    key: String,
}

/// The email channel with its secrets and subscribers read.
struct Mailing<'a> {
    config: &'a EmailChannel,
    smtp_url: String,
    subscribers: Vec<Subscriber>,
}

/// Read every variable the configuration names; all missing ones are reported together.
fn resolve(config: &NotifyConfig) -> Result<(Vec<Target<'_>>, Option<Mailing<'_>>), NotifyError> {
    let mut missing = Vec::new();
    let mut var = |name: &str, what: String| match std::env::var(name) {
        Ok(v) if !v.is_empty() => Some(v),
        _ => {
            missing.push((name.to_owned(), what));
            None
        }
    };
    let mut targets = Vec::new();
    for e in &config.endpoints {
        let url = match &e.url {
            Source::Literal(u) => Some(u.clone()),
            Source::Env(name) => var(name, format!("the URL of {}", e.name)),
        };
        let secret = e
            .secret_env
            .as_ref()
            .and_then(|name| var(name, format!("the signing secret of {}", e.name)));
        // The same address twice is one recipient: it gets each event once.
        let key = url.as_ref().map(|u| target_key(e.kind.as_str(), u));
        if let (Some(url), Some(key)) = (url, key)
            && !targets.iter().any(|t: &Target<'_>| t.key == key)
        {
            targets.push(Target {
                endpoint: e,
                key,
                url,
                secret: secret.map(String::into_bytes),
            });
        }
    }
    let mailing = config.email.as_ref().and_then(|c| {
        let smtp_url = var(&c.smtp_url_env, "the SMTP server URL".to_owned());
        let list = var(&c.subscribers_env, "the path of the subscriber list".to_owned());
        Some((c, smtp_url?, list?))
    });
    if !missing.is_empty() {
        return Err(NotifyError::MissingEnv(missing));
    }
    let mailing = match mailing {
        None => None,
        Some((config, smtp_url, list)) => {
            let text = std::fs::read_to_string(&list).map_err(|source| NotifyError::SubscriberFile {
                path: list.clone(),
                source,
            })?;
            let subscribers =
                email::read_subscribers(&text).map_err(|problems| NotifyError::Subscribers { path: list, problems })?;
            Some(Mailing {
                config,
                smtp_url,
                subscribers,
            })
        }
    };
    Ok((targets, mailing))
}

/// Does a channel with these filters want this event?
fn wants(families: &[String], components: Option<&[String]>, event: &Event, kind: EventKind) -> bool {
    families.iter().any(|f| f == kind.category().as_str())
        && components.is_none_or(|only| {
            only.is_empty() || event.components.is_empty() || event.components.iter().any(|c| only.contains(c))
        })
}

/// What to do with one event given the record.
enum Decision {
    /// Record it as skipped, with the reason.
    Skip(&'static str),
    /// Deliver to every wanted recipient the record has no final word for.
    Deliver { kind: EventKind, fresh: bool },
    /// The recipients still pending are too late now: record them as skipped.
    GiveUp,
    /// Nothing left to do.
    Done,
}

fn decide(record: &Record, event: &Event, now: Timestamp, horizon: SignedDuration) -> Decision {
    let state = record.event(&event.id);
    let mut kind = event.kind;
    let mut at = event.at;
    if let Some(slug) = event.id.strip_prefix("maintenance/").and_then(|r| r.split('/').next()) {
        // Announced: some window of this notice was delivered to people (not merely recorded).
        let prefix = format!("maintenance/{slug}/scheduled/");
        let delivered = |id: &str| record.event(id).is_some_and(|s| s.status == Some(Status::Complete));
        let announced = record
            .any_with_prefix(&prefix)
            .any(|id| id != event.id && delivered(id));
        match kind {
            // A window announced before under other times: the change is news now.
            EventKind::MaintenanceScheduled if announced => {
                kind = EventKind::MaintenanceRescheduled;
                at = None;
            }
            EventKind::MaintenanceCancelled if !announced => {
                return if state.is_some() {
                    Decision::Done
                } else {
                    Decision::Skip("never announced")
                };
            }
            _ => {}
        }
    }
    // A notice of a window still ahead is never stale: its end (`expires`) bounds it instead.
    let ages = !matches!(
        kind,
        EventKind::MaintenanceScheduled | EventKind::MaintenanceRescheduled
    );
    let late =
        |since: Option<Timestamp>| ages && since.is_some_and(|t| now.checked_sub(horizon).is_ok_and(|edge| t < edge));
    match state {
        None if record.first_run => Decision::Skip("first run: recorded as the starting point"),
        None if late(at) => Decision::Skip("older than the horizon"),
        None if event.expires.is_some_and(|e| e <= now) => Decision::Skip("expired"),
        None => Decision::Deliver { kind, fresh: true },
        Some(s) if s.is_done() && s.pending().next().is_none() => Decision::Done,
        Some(s) => {
            let opened = s.opened.as_deref().and_then(|t| t.parse::<Timestamp>().ok());
            if late(at.or(opened)) || event.expires.is_some_and(|e| e <= now) {
                Decision::GiveUp
            } else {
                Decision::Deliver { kind, fresh: false }
            }
        }
    }
}

/// Run `statusmark notify`; `say` receives one line per delivery and decision.
pub fn run(opts: &Options, say: &(dyn Fn(&str) + Sync)) -> Result<Summary, NotifyError> {
    let now = opts.now.unwrap_or_else(Timestamp::now);
    let content = crate::content::load(&opts.root, now).map_err(NotifyError::Content)?;
    let model = SiteModel::new(content, now);
    let config = &model.config.notify;
    let (targets, mailing) = resolve(config)?;
    let timeout = Duration::try_from(config.timeout).unwrap_or(Duration::from_secs(10));
    let sender = match &mailing {
        Some(m) => Some(Sender::connect(
            &m.smtp_url,
            &m.config.from,
            m.config.unsubscribe_url.as_deref(),
            timeout,
            m.config.concurrency,
        )?),
        _ => None,
    };
    let theme = Theme::load(&opts.root).map_err(NotifyError::Theme)?;
    let record = Record::load(&opts.state, now)?;
    let first_run = record.first_run;
    if record.unreadable > 0 {
        say(&format!(
            "warning: {} unreadable line(s) in {} were ignored (a run was interrupted while writing)",
            record.unreadable,
            opts.state.display()
        ));
    }
    let cx = Run {
        model: &model,
        components: crate::render::api::components(&model),
        targets,
        mailing,
        sender,
        theme,
        poster: Poster::new(timeout, config.attempts),
        attempts: config.attempts,
        now,
        opts,
        say,
        record: Mutex::new(record),
        summary: Mutex::new(Summary {
            first_run,
            ..Summary::default()
        }),
        down: Mutex::default(),
    };
    for (n, event) in events(&model, &config.reminders).iter().enumerate() {
        cx.event(n, event)?;
    }
    let Run {
        record, summary: done, ..
    } = cx;
    let mut record = record.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    if !opts.dry_run {
        if record.first_run {
            record.append(super::record::BASELINE, "*", Status::Complete, None)?;
        }
        record.compact()?;
    }
    Ok(done.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner))
}

struct Run<'a> {
    model: &'a SiteModel,
    components: Vec<statusmark_feed::statuspage::Component>,
    targets: Vec<Target<'a>>,
    mailing: Option<Mailing<'a>>,
    sender: Option<Sender>,
    theme: Theme,
    poster: Poster,
    attempts: u32,
    now: Timestamp,
    opts: &'a Options,
    say: &'a (dyn Fn(&str) + Sync),
    record: Mutex<Record>,
    summary: Mutex<Summary>,
    /// Endpoints that failed in this run.
    down: Mutex<std::collections::HashSet<String>>,
}

impl Run<'_> {
    fn append(&self, event: &str, target: &str, status: Status, note: Option<String>) -> Result<(), RecordError> {
        if self.opts.dry_run {
            return Ok(());
        }
        self.record
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .append(event, target, status, note)
    }

    fn tally(&self, f: impl FnOnce(&mut Summary)) {
        f(&mut self.summary.lock().unwrap_or_else(std::sync::PoisonError::into_inner));
    }

    /// Whether this recipient has nothing more coming for this event: the record has a final
    /// word for it, or the event was delivered to everyone there was before this recipient came
    /// (only failed deliveries are tried again then).
    fn settled(&self, event: &str, target: &str) -> bool {
        let record = self.record.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let Some(state) = record.event(event) else {
            return false;
        };
        match state.targets.get(target) {
            Some((status, _)) => *status != Status::Failed,
            None => state.is_done(),
        }
    }

    fn event(&self, n: usize, event: &Event) -> Result<(), NotifyError> {
        let decision = decide(
            &self.record.lock().unwrap_or_else(std::sync::PoisonError::into_inner),
            event,
            self.now,
            self.model.config.notify.horizon,
        );
        match decision {
            Decision::Done => Ok(()),
            Decision::GiveUp => {
                let (pending, done) = {
                    let record = self.record.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                    let state = record.event(&event.id);
                    let pending: Vec<String> = state
                        .map(|s| s.pending().map(str::to_owned).collect())
                        .unwrap_or_default();
                    (pending, state.is_some_and(super::record::EventState::is_done))
                };
                for target in &pending {
                    self.append(&event.id, target, Status::Skipped, Some("too late to retry".to_owned()))?;
                }
                self.tally(|s| s.skipped += 1);
                if done {
                    Ok(())
                } else {
                    Ok(self.append(&event.id, "*", Status::Skipped, Some("too late".to_owned()))?)
                }
            }
            Decision::Skip(reason) => {
                self.tally(|s| s.skipped += 1);
                if self.opts.dry_run {
                    (self.say)(&format!("would skip {} {}: {reason}", event.kind.as_str(), event.id));
                }
                Ok(self.append(&event.id, "*", Status::Skipped, Some(reason.to_owned()))?)
            }
            Decision::Deliver { kind, fresh } => {
                if fresh {
                    self.append(&event.id, "*", Status::Open, None)?;
                }
                let notice = &compose::notice(self.model, event, kind, self.now)?;
                let results: Vec<Result<bool, NotifyError>> = std::thread::scope(|s| {
                    let mut handles = Vec::new();
                    for t in &self.targets {
                        let e = t.endpoint;
                        if wants(&e.events, e.components.as_deref(), event, kind) && !self.settled(&event.id, &t.key) {
                            handles.push(s.spawn(move || self.endpoint(n, event, kind, notice, t).map(|()| true)));
                        }
                    }
                    let mail = self.email(n, event, kind, notice);
                    // A delivery that panicked is not delivered: the event stays open for the next run.
                    let mut all: Vec<Result<bool, NotifyError>> =
                        handles.into_iter().map(|h| h.join().unwrap_or(Ok(false))).collect();
                    all.push(mail);
                    all
                });
                let attempted = results.into_iter().collect::<Result<Vec<bool>, _>>()?;
                if attempted.iter().all(|a| *a) {
                    self.append(&event.id, "*", Status::Complete, None)?;
                } else {
                    self.tally(|s| s.failed += 1);
                }
                Ok(())
            }
        }
    }

    fn dry_file(&self, name: &str, bytes: &[u8]) -> Result<(), NotifyError> {
        let Some(dir) = &self.opts.out else { return Ok(()) };
        let err = |source| NotifyError::Out {
            path: dir.clone(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(err)?;
        std::fs::write(dir.join(name), bytes).map_err(err)
    }

    fn endpoint(
        &self,
        n: usize,
        event: &Event,
        kind: EventKind,
        notice: &Notice,
        t: &Target<'_>,
    ) -> Result<(), NotifyError> {
        let e = t.endpoint;
        let body = if e.kind == ChannelKind::Webhook {
            webhook::payload(self.model, &self.components, event, kind, self.now)?
        } else {
            chat::body(e.kind, notice)
        };
        let bytes = serde_json::to_vec_pretty(&body).unwrap_or_default();
        if self.opts.dry_run {
            (self.say)(&format!("would send {} {} to {}", kind.as_str(), event.id, e.name));
            self.tally(|s| s.would_send += 1);
            return self.dry_file(&format!("{n:04}-{}-{}.json", kind.as_str(), file_safe(&e.name)), &bytes);
        }
        let headers = [
            ("X-Statusmark-Event-Id", event.id.clone()),
            ("X-Statusmark-Event", kind.as_str().to_owned()),
        ];
        // An endpoint that failed once in this run is not tried again until the next run: one dead
        // receiver costs one delivery's retries, not one per event.
        let down = self
            .down
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .contains(&t.key);
        let outcome = if down {
            Outcome::Failed("not attempted: it failed earlier in this run".to_owned())
        } else {
            self.poster.post(&t.url, &headers, &bytes, t.secret.as_deref())
        };
        if matches!(outcome, Outcome::Failed(_)) {
            self.down
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .insert(t.key.clone());
        }
        let (status, note) = match &outcome {
            Outcome::Sent => (Status::Sent, None),
            Outcome::Rejected(why) => (Status::Rejected, Some(why.clone())),
            Outcome::Failed(why) => (Status::Failed, Some(why.clone())),
        };
        self.append(&event.id, &t.key, status, note.clone())?;
        self.tally(|s| match status {
            Status::Sent => s.sent += 1,
            Status::Rejected => s.rejected += 1,
            _ => s.failed += 1,
        });
        let verb = match status {
            Status::Sent => "sent",
            Status::Rejected => "REJECTED",
            _ => "FAILED (will retry on the next run)",
        };
        let why = note.map(|w| format!(": {w}")).unwrap_or_default();
        (self.say)(&format!("{verb} {} {} to {}{why}", kind.as_str(), event.id, e.name));
        Ok(())
    }

    /// The dry run's email: one `.eml` per recipient.
    #[allow(clippy::too_many_arguments)]
    fn email_dry_run(
        &self,
        n: usize,
        event: &Event,
        kind: EventKind,
        notice: &Notice,
        sender: &Sender,
        mail: &email::Mail,
        recipients: &[&Subscriber],
    ) -> Result<(), NotifyError> {
        (self.say)(&format!(
            "would send {} {} to {} email subscriber(s)",
            kind.as_str(),
            event.id,
            recipients.len()
        ));
        for r in recipients {
            let key = target_key("email", &r.address.to_lowercase());
            let message = sender.message(mail, notice, r)?;
            self.tally(|s| s.would_send += 1);
            self.dry_file(
                &format!("{n:04}-{}-{}.eml", kind.as_str(), file_safe(&key)),
                &email::eml(&message),
            )?;
        }
        Ok(())
    }

    /// Email one event; `Ok(false)` when it could not be attempted (the event stays open).
    fn email(&self, n: usize, event: &Event, kind: EventKind, notice: &Notice) -> Result<bool, NotifyError> {
        let (Some(m), Some(sender)) = (&self.mailing, &self.sender) else {
            return Ok(true);
        };
        if !wants(&m.config.events, None, event, kind) {
            return Ok(true);
        }
        let recipients: Vec<&Subscriber> = m
            .subscribers
            .iter()
            .filter(|s| {
                wants(&m.config.events, Some(&s.components), event, kind)
                    && !self.settled(&event.id, &target_key("email", &s.address.to_lowercase()))
            })
            .collect();
        if recipients.is_empty() {
            return Ok(true);
        }
        let mail = match email::render(notice, &self.theme) {
            Ok(mail) => mail,
            Err(e) => {
                (self.say)(&format!(
                    "FAILED email for {} {}: {e} (will retry on the next run)",
                    kind.as_str(),
                    event.id
                ));
                return Ok(false);
            }
        };
        if self.opts.dry_run {
            self.email_dry_run(n, event, kind, notice, sender, &mail, &recipients)?;
            return Ok(true);
        }
        let failure: Mutex<Option<RecordError>> = Mutex::new(None);
        let (sent, rejected, failed) = (Mutex::new(0usize), Mutex::new(0usize), Mutex::new(0usize));
        let on_result = |to: &Subscriber, outcome: email::Outcome| {
            let key = target_key("email", &to.address.to_lowercase());
            let (status, note) = match outcome {
                email::Outcome::Sent => (Status::Sent, None),
                email::Outcome::Rejected(w) => (Status::Rejected, Some(without_addresses(&w))),
                email::Outcome::Failed(w) => (Status::Failed, Some(without_addresses(&w))),
            };
            let counter = match status {
                Status::Sent => &sent,
                Status::Rejected => &rejected,
                _ => &failed,
            };
            *counter.lock().unwrap_or_else(std::sync::PoisonError::into_inner) += 1;
            if let Some(w) = &note {
                (self.say)(&format!("email to {key} for {}: {w}", event.id));
            }
            if let Err(e) = self.append(&event.id, &key, status, note) {
                *failure.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(e);
            }
        };
        sender.send_all(
            &mail,
            notice,
            &recipients,
            m.config.concurrency,
            self.attempts,
            &on_result,
        );
        let get = |m: Mutex<usize>| m.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
        let (sent, rejected, failed) = (get(sent), get(rejected), get(failed));
        self.tally(|s| {
            s.sent += sent;
            s.refused += rejected;
            s.failed += failed;
        });
        (self.say)(&format!(
            "emailed {} {} to {sent} subscriber(s){}{}",
            kind.as_str(),
            event.id,
            if rejected > 0 {
                format!(", {rejected} refused")
            } else {
                String::new()
            },
            if failed > 0 {
                format!(", {failed} failed (will retry)")
            } else {
                String::new()
            },
        ));
        match failure.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner) {
            Some(e) => Err(e.into()),
            None => Ok(true),
        }
    }
}

/// A name safe as part of a file name.
fn file_safe(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The record's default place under the site root.
pub fn default_state(root: &Path) -> PathBuf {
    root.join(".statusmark/notify-record.jsonl")
}

/// A server's answer with every email address taken out: answers often quote the recipient, and
/// neither the log nor the record may hold one.
fn without_addresses(text: &str) -> String {
    text.split(' ')
        .map(|word| if word.contains('@') { "<address>" } else { word })
        .collect::<Vec<_>>()
        .join(" ")
}

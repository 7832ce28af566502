//! The delivery record: which event went to which recipient, and how. A JSON-lines journal: one
//! line appended with a single write after every delivery (so a run killed halfway loses nothing
//! it delivered), compacted atomically at the end of a run. Recipients are stored as hashes, never
//! as addresses or URLs: the record may be cached or committed.

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// What the journal says about one event, or one event and recipient.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Event: delivery began. Recipient: —.
    Open,
    /// Event: every recipient was attempted.
    Complete,
    /// Recipient: delivered.
    Sent,
    /// Recipient: refused for good (a 4xx answer, a refused address); not retried.
    Rejected,
    /// Recipient: not delivered this time; retried on the next run.
    Failed,
    /// Event or recipient: deliberately not sent (first run, too old, expired, never announced).
    Skipped,
}

/// One journal line. `target` is `*` for the event itself.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Line {
    pub event: String,
    pub target: String,
    pub status: Status,
    /// When it was recorded (the run's `--now`, else the clock).
    pub at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct Header {
    statusmark_notify_record: u32,
}

#[derive(Debug, Default, Clone)]
pub struct EventState {
    /// The event's own last status and when it was first opened.
    pub status: Option<Status>,
    pub opened: Option<String>,
    /// When the event's last status was recorded.
    pub recorded: Option<String>,
    pub targets: BTreeMap<String, (Status, Option<String>)>,
}

impl EventState {
    pub fn is_done(&self) -> bool {
        matches!(self.status, Some(Status::Complete | Status::Skipped))
    }

    /// Recipients whose last attempt failed.
    pub fn pending(&self) -> impl Iterator<Item = &str> {
        self.targets
            .iter()
            .filter(|(_, (s, _))| *s == Status::Failed)
            .map(|(t, _)| t.as_str())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error("cannot read the delivery record {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("cannot write the delivery record {path}: {source}")]
    Write { path: PathBuf, source: std::io::Error },
    #[error("{path} is not a statusmark delivery record (its first line is not the record header)")]
    NotARecord { path: PathBuf },
}

#[derive(Debug)]
pub struct Record {
    path: PathBuf,
    /// True when there was no record: the first run, which sends nothing already past.
    pub first_run: bool,
    /// Whether the file exists (with its header).
    existed: bool,
    events: BTreeMap<String, EventState>,
    journal: Option<File>,
    /// Lines that could not be read (a torn last line after a crash), for a warning.
    pub unreadable: usize,
    /// The run's time (`--now`, else the clock): what new lines say.
    now: jiff::Timestamp,
}

const VERSION: u32 = 1;

/// The line a first run writes last: the past is recorded.
pub const BASELINE: &str = "#baseline";

impl Record {
    pub fn load(path: &Path, now: jiff::Timestamp) -> Result<Record, RecordError> {
        let mut record = Record {
            now,
            path: path.to_owned(),
            first_run: true,
            existed: false,
            events: BTreeMap::new(),
            journal: None,
            unreadable: 0,
        };
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(record),
            Err(source) => {
                return Err(RecordError::Read {
                    path: path.to_owned(),
                    source,
                });
            }
        };
        if text.trim().is_empty() {
            // An empty file (created ahead of the first run) is no record yet.
            return Ok(record);
        }
        let mut lines = text.lines();
        let header_ok = lines
            .next()
            .and_then(|l| serde_json::from_str::<Header>(l).ok())
            .is_some_and(|h| h.statusmark_notify_record == VERSION);
        if !header_ok {
            return Err(RecordError::NotARecord { path: path.to_owned() });
        }
        record.existed = true;
        for line in lines.filter(|l| !l.trim().is_empty()) {
            match serde_json::from_str::<Line>(line) {
                Ok(l) => record.apply(l),
                Err(_) => record.unreadable += 1,
            }
        }
        // Until a first run has recorded all of the past, every run is that first run (one that
        // was killed halfway must not send what it had not reached).
        record.first_run = !record.events.contains_key(BASELINE);
        Ok(record)
    }

    fn apply(&mut self, l: Line) {
        let state = self.events.entry(l.event).or_default();
        if l.target == "*" {
            if l.status == Status::Open && state.opened.is_none() {
                state.opened = Some(l.at.clone());
            }
            // A finished event stays finished whatever a later line says.
            if !state.is_done() {
                state.status = Some(l.status);
                state.recorded = Some(l.at);
            }
        } else {
            state.targets.insert(l.target, (l.status, l.note));
        }
    }

    pub fn event(&self, id: &str) -> Option<&EventState> {
        self.events.get(id)
    }

    /// Any recorded event whose id starts with `prefix`.
    pub fn any_with_prefix(&self, prefix: &str) -> impl Iterator<Item = &str> {
        self.events
            .range(prefix.to_owned()..)
            .take_while(move |(k, _)| k.starts_with(prefix))
            .map(|(k, _)| k.as_str())
    }

    /// Append one line to the journal with a single write, then apply it.
    pub fn append(
        &mut self,
        event: &str,
        target: &str,
        status: Status,
        note: Option<String>,
    ) -> Result<(), RecordError> {
        let line = Line {
            event: event.to_owned(),
            target: target.to_owned(),
            status,
            at: super::events::stamp(self.now),
            note,
        };
        let werr = |source| RecordError::Write {
            path: self.path.clone(),
            source,
        };
        if self.journal.is_none() {
            if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(werr)?;
            }
            let mut f = OpenOptions::new()
                .create(true)
                .append(true)
                .open(&self.path)
                .map_err(werr)?;
            if !self.existed {
                let header = serde_json::json!({ "statusmark_notify_record": VERSION });
                f.write_all(format!("{header}\n").as_bytes()).map_err(werr)?;
                self.existed = true;
            }
            self.journal = Some(f);
        }
        let mut text = serde_json::to_string(&line).unwrap_or_default();
        text.push('\n');
        if let Some(f) = self.journal.as_mut() {
            f.write_all(text.as_bytes()).map_err(werr)?;
        }
        self.apply(line);
        Ok(())
    }

    /// Rewrite the journal as its shortest equivalent (one line per finished event, recipients
    /// only where something is pending) through a temporary file and a rename.
    pub fn compact(&mut self) -> Result<(), RecordError> {
        let werr = |source| RecordError::Write {
            path: self.path.clone(),
            source,
        };
        let mut out = format!("{}\n", serde_json::json!({ "statusmark_notify_record": VERSION }));
        let mut push = |event: &str, target: &str, status: Status, at: &str, note: &Option<String>| {
            let line = Line {
                event: event.to_owned(),
                target: target.to_owned(),
                status,
                at: at.to_owned(),
                note: note.clone(),
            };
            out.push_str(&serde_json::to_string(&line).unwrap_or_default());
            out.push('\n');
        };
        for (id, state) in &self.events {
            let opened = state.opened.clone().unwrap_or_default();
            let keep_all = !state.is_done();
            // When it was first opened matters while anything is pending (retries stop at the horizon).
            if keep_all || state.pending().next().is_some() {
                push(id, "*", Status::Open, &opened, &None);
            }
            for (target, (status, note)) in &state.targets {
                if keep_all || *status == Status::Failed {
                    push(id, target, *status, &opened, note);
                }
            }
            if let Some(s) = state.status.filter(|_| !keep_all) {
                push(id, "*", s, state.recorded.as_deref().unwrap_or(&opened), &None);
            }
        }
        self.journal = None;
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(werr)?;
        }
        let tmp = self.path.with_extension("tmp");
        {
            let mut f = File::create(&tmp).map_err(werr)?;
            f.write_all(out.as_bytes()).map_err(werr)?;
            f.sync_all().map_err(werr)?;
        }
        std::fs::rename(&tmp, &self.path).map_err(werr)
    }
}

/// A recipient as the record names it: the kind and 16 hex digits of a SHA-256.
pub fn target_key(kind: &str, address: &str) -> String {
    let digest = Sha256::digest(address.as_bytes());
    let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    format!("{kind}:{hex}")
}

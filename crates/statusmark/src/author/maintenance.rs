//! The author's commands on a maintenance notice: `update FILE --status in_progress|verifying|
//! completed|update "text"` and `cancel FILE "reason"`. Like the incident commands, they insert
//! into the file's own text, validate the result with the rest of the site, then replace the file.
//! A recurring notice is cancelled from the command's time on (`cancelled_from`), so the
//! occurrences already held keep their history.

use std::path::Path;

use jiff::Timestamp;
use statusmark_feed::MaintenancePhase;

use super::{
    AuthorError, Grammar, add_update_in, inside_site, invalid, io, newline_of, relative, stamp, top_level_insert_point,
    write_checked, yaml_string,
};
use crate::content::document::Document;
use crate::content::frontmatter::{Format, Split};
use crate::content::maintenance::{Cancellation, Maintenance, RawMaintenance};
use crate::content::raw::{Toml, Yaml};
use crate::content::recurrence::Recurrence;
use crate::content::{SourceFile, parse_maintenance, window_concerned};

/// Whether `file` is a maintenance notice of the site at `root` (it lives in `content/maintenance/`).
pub(super) fn is_maintenance(root: &Path, file: &Path) -> bool {
    relative(root, file).is_some_and(|rel| rel.starts_with("content/maintenance/"))
}

/// `--status` for a maintenance update; `None` (Update) keeps the phase.
fn parse_status(status: &str) -> Result<Option<MaintenancePhase>, AuthorError> {
    Ok(Some(
        match status.trim().to_ascii_lowercase().replace(['-', ' '], "_").as_str() {
            "in_progress" => MaintenancePhase::InProgress,
            "verifying" => MaintenancePhase::Verifying,
            "completed" => MaintenancePhase::Completed,
            "update" => return Ok(None),
            "cancelled" | "canceled" => {
                return Err(AuthorError::Usage(
                "to cancel a maintenance window use `statusmark cancel FILE \"reason\"`, which also sets `cancelled`"
                    .into(),
            ));
            }
            "scheduled" => {
                return Err(AuthorError::Usage(
                    "a window is scheduled until it starts; post in_progress, verifying, completed or update".into(),
                ));
            }
            _ => {
                return Err(AuthorError::Usage(format!(
                    "unknown status \"{status}\" for a maintenance window; use in_progress, verifying, completed or update"
                )));
            }
        },
    ))
}

/// The notice as the build reads it, and its site-relative path.
fn read(root: &Path, file: &Path) -> Result<(String, String, Maintenance), AuthorError> {
    let rel = inside_site(root, file)?;
    let text = std::fs::read_to_string(file).map_err(io(file))?;
    let m = parse_maintenance(root, &rel, &text).map_err(AuthorError::Invalid)?;
    Ok((rel, text, m))
}

/// Refuse to add to a window that is over by the author's word: cancelled, or completed by a
/// `## Completed` update. (One the clock completed can still report an overrun.) On a recurring
/// notice, `m` is the occurrence the update is about ([`window_concerned`]), so one occurrence's
/// completion or the series' end does not close the others.
fn refuse_closed(rel: &str, m: &Maintenance, now: Timestamp) -> Result<(), AuthorError> {
    let name = match &m.occurrence {
        Some(o) => format!("{rel} (its occurrence of {})", o.date),
        None => rel.to_owned(),
    };
    if m.cancelled_by(now) || m.cancellation().is_some() {
        return Err(AuthorError::Usage(format!(
            "{name} is already cancelled; nothing was written"
        )));
    }
    if let Some(done) = m.updates.iter().find(|u| u.phase == Some(MaintenancePhase::Completed)) {
        return Err(AuthorError::Usage(format!(
            "{name} is already completed (its Completed update is at {}); nothing was written",
            stamp(done.at)
        )));
    }
    Ok(())
}

/// `statusmark update <maintenance file> --status in_progress|verifying|completed|update <text>`.
pub(super) fn update(root: &Path, file: &Path, status: &str, message: &str, now: Timestamp) -> Result<(), AuthorError> {
    let phase = parse_status(status)?;
    let (rel, text, m) = read(root, file)?;
    let window = window_concerned(root, &m, phase, now).map_err(AuthorError::Invalid)?;
    refuse_closed(&rel, &window, now)?;
    if let Some(newest) = m.updates.first().filter(|u| u.at > now) {
        return Err(AuthorError::Usage(format!(
            "{rel} has an update at {}, after {}; pass --at with a later time",
            stamp(newest.at),
            stamp(now)
        )));
    }
    let label = phase.map_or("Update", MaintenancePhase::label);
    let edited = add_update_in(&text, label, message, now, Grammar::Maintenance)?;
    write_checked(root, file, &edited, now)
}

/// `statusmark cancel <maintenance file> <reason>`: sets `cancelled` to the reason and adds a
/// `## Cancelled` update with it. A recurring notice is cancelled from `now` on instead
/// ([`cancel_series`]).
pub fn cancel(root: &Path, file: &Path, reason: &str, now: Timestamp) -> Result<(), AuthorError> {
    if !is_maintenance(root, file) {
        return Err(AuthorError::Usage(format!(
            "{} is not a maintenance notice (content/maintenance/*.md); an incident is ended with `statusmark resolve`",
            file.display()
        )));
    }
    let reason = reason.trim();
    if reason.is_empty() || reason.contains(['\n', '\r']) {
        return Err(AuthorError::Usage(
            "give the reason for the cancellation as one line of text".into(),
        ));
    }
    let (rel, text, m) = read(root, file)?;
    if let Some(r) = m.recurrence.as_deref() {
        let edited = cancel_series(&rel, &text, &m, r, reason, now)?;
        return write_checked(root, file, &edited, now);
    }
    refuse_closed(&rel, &m, now)?;
    if m.phase_at(now) == MaintenancePhase::Completed {
        return Err(AuthorError::Usage(format!(
            "{rel} is already completed (the window ended at {}); a past window cannot be cancelled",
            stamp(m.completed_at(now).unwrap_or(m.scheduled_until))
        )));
    }
    let with_key = set_cancelled(&text, reason)?;
    let edited = add_update_in(&with_key, "Cancelled", reason, now, Grammar::Maintenance)?;
    write_checked(root, file, &edited, now)
}

/// A series ends at `now`: `cancelled_from: <now>` cancels every occurrence that starts at or after
/// it, while those that began earlier (the one under way too) keep their pages, updates and
/// history; `cancelled: <reason>` beside it only gives the reason. No `## Cancelled` update: an
/// update belongs to one occurrence, and at `now` that would be the one held last.
fn cancel_series(
    rel: &str,
    text: &str,
    m: &Maintenance,
    r: &Recurrence,
    reason: &str,
    now: Timestamp,
) -> Result<String, AuthorError> {
    if let Some(from) = r.cancelled_from {
        return Err(AuthorError::Usage(format!(
            "{rel} is already cancelled from {}; nothing was written",
            stamp(from)
        )));
    }
    if m.cancelled {
        return Err(AuthorError::Usage(format!(
            "{rel} is already cancelled; nothing was written"
        )));
    }
    if !r.occurrences().any(|o| o.start >= now) {
        return Err(AuthorError::Usage(format!(
            "{rel} has no occurrence starting at or after {}: the series is over, nothing to cancel",
            stamp(now)
        )));
    }
    let with_from = add_top_level_key(text, "cancelled_from", &stamp(now))?;
    set_cancelled(&with_from, reason)
}

/// The line of `front` that sets the top-level `key` (`key:` or `key =`), as its start.
fn key_line(front: &str, key: &str) -> Option<usize> {
    front.match_indices(key).map(|(i, _)| i).find(|&i| {
        (i == 0 || front[..i].ends_with('\n'))
            && front[i + key.len()..]
                .trim_start_matches([' ', '\t'])
                .starts_with([':', '='])
    })
}

/// `key: value` or `key = value` (`value` written as given), a line of front matter in `format`.
fn front_line(format: Format, key: &str, value: &str, nl: &str) -> String {
    match format {
        Format::Yaml => format!("{key}: {value}{nl}"),
        Format::Toml => format!("{key} = {value}{nl}"),
    }
}

/// The text with `line` added at the top level of its front matter.
fn insert_top_level(text: &str, split: &Split<'_>, line: &str) -> String {
    let at = top_level_insert_point(split.front, split.format) + split.front_offset;
    format!("{}{line}{}", &text[..at], &text[at..])
}

/// The text with `key: value` on a new top-level line of the front matter; `value` is written as
/// given (a time, which both formats read bare).
fn add_top_level_key(text: &str, key: &str, value: &str) -> Result<String, AuthorError> {
    let file = SourceFile {
        path: String::new(),
        text: text.to_owned(),
    };
    let doc = Document::split(&file).map_err(invalid)?;
    let line = front_line(doc.split.format, key, value, newline_of(text));
    Ok(insert_top_level(text, &doc.split, &line))
}

/// The front matter with `cancelled: <reason>`: an existing `cancelled: false` line is replaced,
/// otherwise the key is added at the top level.
fn set_cancelled(text: &str, reason: &str) -> Result<String, AuthorError> {
    let file = SourceFile {
        path: String::new(),
        text: text.to_owned(),
    };
    let doc = Document::split(&file).map_err(invalid)?;
    let split = &doc.split;
    let existing = match split.format {
        Format::Yaml => doc.read::<RawMaintenance<Yaml>>().map(|r| r.cancelled),
        Format::Toml => doc.read::<RawMaintenance<Toml>>().map(|r| r.cancelled),
    }
    .map_err(invalid)?;
    let value = match split.format {
        Format::Yaml => yaml_string(reason),
        Format::Toml => serde_json::to_string(reason).unwrap_or_else(|_| format!("\"{}\"", reason.replace('"', "'"))),
    };
    let line = front_line(split.format, "cancelled", &value, newline_of(text));
    let (front, offset) = (split.front, split.front_offset);
    if existing == Cancellation::No
        && let Some(start) = key_line(front, "cancelled")
    {
        // `cancelled: false` on a line of its own: replace that line.
        let end = front[start..].find('\n').map_or(front.len(), |i| start + i + 1);
        return Ok(format!("{}{line}{}", &text[..offset + start], &text[offset + end..]));
    }
    Ok(insert_top_level(text, split, &line))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses() {
        assert_eq!(parse_status("in_progress").unwrap(), Some(MaintenancePhase::InProgress));
        assert_eq!(parse_status("In progress").unwrap(), Some(MaintenancePhase::InProgress));
        assert_eq!(parse_status("completed").unwrap(), Some(MaintenancePhase::Completed));
        assert_eq!(parse_status("update").unwrap(), None);
        for bad in ["cancelled", "scheduled", "done", "resolved"] {
            assert!(matches!(parse_status(bad), Err(AuthorError::Usage(_))), "{bad}");
        }
    }

    #[test]
    fn cancelled_key_is_added_or_replaces_false() {
        let yaml =
            "---\ntitle: x\nscheduled_for: 2026-11-25T22:00:00Z\nscheduled_until: 2026-11-26T00:00:00Z\n---\n\nBody.\n";
        let out = set_cancelled(yaml, "Vendor: postponed").unwrap();
        assert!(
            out.contains("scheduled_until: 2026-11-26T00:00:00Z\ncancelled: \"Vendor: postponed\"\n---\n"),
            "{out}"
        );
        let with_false = yaml.replace("---\n\n", "cancelled: false\n---\n\n");
        let out = set_cancelled(&with_false, "Postponed").unwrap();
        assert!(
            out.contains("\ncancelled: Postponed\n---\n") && !out.contains("false"),
            "{out}"
        );
        let toml = "+++\ntitle = \"x\"\nscheduled_for = 2026-11-25T22:00:00Z\nscheduled_until = 2026-11-26T00:00:00Z\n+++\n\nBody.\n";
        let out = set_cancelled(toml, "Postponed \"again\"").unwrap();
        assert!(out.contains("cancelled = \"Postponed \\\"again\\\"\"\n+++"), "{out}");
    }

    /// Regression: on a recurring notice, `cancelled_occurrences: [...]` was taken for a
    /// `cancelled: false` line and replaced by the reason, dropping the cancelled dates.
    #[test]
    fn cancelled_key_is_not_confused_with_longer_keys() {
        let yaml = "---\ntitle: x\nscheduled_for: 2026-11-01T02:00:00Z\nscheduled_until: 2026-11-01T04:00:00Z\ncancelled_occurrences: [2026-12-06]\n---\n\nBody.\n";
        let out = set_cancelled(yaml, "Postponed").unwrap();
        assert!(
            out.contains("cancelled_occurrences: [2026-12-06]\ncancelled: Postponed\n---"),
            "{out}"
        );
        assert_eq!(
            key_line("a: 1\ncancelled_from: x\ncancelled : false\n", "cancelled"),
            Some(23)
        );
        assert_eq!(key_line("cancelled = false\n", "cancelled"), Some(0));
        assert_eq!(key_line("not_cancelled: false\n", "cancelled"), None);
    }

    #[test]
    fn a_series_gets_cancelled_from_and_the_reason() {
        let toml = "+++\ntitle = \"x\"\nscheduled_for = 2026-11-01T02:00:00Z\nscheduled_until = 2026-11-01T04:00:00Z\nrecurrence = \"FREQ=WEEKLY\"\n+++\n";
        let out = add_top_level_key(toml, "cancelled_from", "2026-11-27T12:00:00Z").unwrap();
        let out = set_cancelled(&out, "Moved to the new cluster").unwrap();
        assert!(
            out.contains(
                "recurrence = \"FREQ=WEEKLY\"\ncancelled_from = 2026-11-27T12:00:00Z\ncancelled = \"Moved to the new cluster\"\n+++"
            ),
            "{out}"
        );
    }
}

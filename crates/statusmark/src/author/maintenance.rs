//! The author's commands on a maintenance notice: `update FILE --status in_progress|verifying|
//! completed|update "text"` and `cancel FILE "reason"`. Like the incident commands, they insert
//! into the file's own text, validate the result with the rest of the site, then replace the file.

use std::path::Path;

use jiff::Timestamp;
use statusmark_feed::MaintenancePhase;

use super::{
    AuthorError, Grammar, add_update_in, inside_site, invalid, io, newline_of, relative, stamp, top_level_insert_point,
    write_checked, yaml_string,
};
use crate::content::document::Document;
use crate::content::frontmatter::Format;
use crate::content::maintenance::{Cancellation, Maintenance, RawMaintenance};
use crate::content::raw::{Toml, Yaml};
use crate::content::{SourceFile, parse_maintenance};

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
/// `## Completed` update. (One the clock completed can still report an overrun.)
fn refuse_closed(rel: &str, m: &Maintenance, now: Timestamp) -> Result<(), AuthorError> {
    if m.cancelled_by(now) || m.cancellation().is_some() {
        return Err(AuthorError::Usage(format!(
            "{rel} is already cancelled; nothing was written"
        )));
    }
    if let Some(done) = m.updates.iter().find(|u| u.phase == Some(MaintenancePhase::Completed)) {
        return Err(AuthorError::Usage(format!(
            "{rel} is already completed (its Completed update is at {}); nothing was written",
            stamp(done.at)
        )));
    }
    Ok(())
}

/// `statusmark update <maintenance file> --status in_progress|verifying|completed|update <text>`.
pub(super) fn update(root: &Path, file: &Path, status: &str, message: &str, now: Timestamp) -> Result<(), AuthorError> {
    let phase = parse_status(status)?;
    let (rel, text, m) = read(root, file)?;
    refuse_closed(&rel, &m, now)?;
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
/// `## Cancelled` update with it.
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
    let nl = newline_of(text);
    let (line, value) = match split.format {
        Format::Yaml => ("cancelled: ", yaml_string(reason)),
        Format::Toml => (
            "cancelled = ",
            serde_json::to_string(reason).unwrap_or_else(|_| format!("\"{}\"", reason.replace('"', "'"))),
        ),
    };
    let front = split.front;
    let offset = split.front_offset;
    if existing == Cancellation::No
        && let Some(start) = front
            .match_indices("cancelled")
            .map(|(i, _)| i)
            .find(|&i| i == 0 || front[..i].ends_with('\n'))
    {
        // `cancelled: false` on a line of its own: replace that line.
        let end = front[start..].find('\n').map_or(front.len(), |i| start + i + 1);
        return Ok(format!(
            "{}{line}{value}{nl}{}",
            &text[..offset + start],
            &text[offset + end..]
        ));
    }
    let at = top_level_insert_point(front, split.format) + offset;
    Ok(format!("{}{line}{value}{nl}{}", &text[..at], &text[at..]))
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
}

//! `statusmark new incident --from-alertmanager`: a payload read by [`crate::alertmanager`]
//! becomes a draft incident file, written like every author edit (validated first, atomically),
//! unless the same alert group already has an open draft or incident.

use std::path::{Path, PathBuf};

use jiff::Timestamp;

use super::{AuthorError, io, source, stamp, unique_path, write_checked, yaml_string};
use crate::content::config::slugify;
use crate::content::document::Document;
use crate::content::frontmatter::Format;
use crate::content::incident::RawIncident;
use crate::content::raw::{Toml, Yaml};

/// What `new incident --from-alertmanager` did.
#[derive(Debug)]
pub enum AlertOutcome {
    /// A new draft, with warnings about the payload (unknown components).
    Drafted { path: PathBuf, warnings: Vec<String> },
    /// An open incident or draft of the same alert group exists (Alertmanager resends).
    AlreadyDrafted(PathBuf),
    /// No alert in the payload is firing.
    NothingFiring,
}

/// The most bytes a payload may have; Alertmanager's are a few kilobytes.
pub const MAX_PAYLOAD_BYTES: u64 = crate::content::MAX_FILE_BYTES;

/// Read a payload from `path` (`-`: stdin), at most [`MAX_PAYLOAD_BYTES`]; returns the name to
/// use in messages and the text.
pub fn read_payload(path: &Path) -> Result<(String, String), AuthorError> {
    use std::io::Read;
    let stdin = path.as_os_str() == "-";
    let name = if stdin {
        "stdin".to_owned()
    } else {
        path.display().to_string()
    };
    let mut text = String::new();
    let limit = MAX_PAYLOAD_BYTES + 1;
    let read = if stdin {
        std::io::stdin().take(limit).read_to_string(&mut text)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(limit).read_to_string(&mut text))
    };
    read.map_err(io(path))?;
    if u64::try_from(text.len()).unwrap_or(u64::MAX) > MAX_PAYLOAD_BYTES {
        return Err(AuthorError::Usage(format!("{name}: the payload is larger than 4 MB")));
    }
    Ok((name, text))
}

/// `statusmark new incident --from-alertmanager <payload>`: `name` says where `text` came from,
/// for errors. Nothing is written unless a new draft is.
pub fn new_incident_from_alertmanager(
    root: &Path,
    name: &str,
    text: &str,
    now: Timestamp,
) -> Result<AlertOutcome, AuthorError> {
    let payload_error = |e: crate::alertmanager::PayloadError| AuthorError::Usage(format!("{name}: {e}"));
    let payload = crate::alertmanager::parse(text).map_err(payload_error)?;
    let config_file = crate::content::read_source(root, crate::content::config::CONFIG_PATH)
        .map_err(|d| AuthorError::Invalid(vec![d]))?;
    let config = crate::content::config::parse_in(&config_file, root).map_err(AuthorError::Invalid)?;
    let Some(draft) = crate::alertmanager::draft(&payload, &config).map_err(payload_error)? else {
        return Ok(AlertOutcome::NothingFiring);
    };
    if let Some(existing) = open_file_of_group(root, &draft.group) {
        return Ok(AlertOutcome::AlreadyDrafted(existing));
    }
    let dir = root.join("incidents");
    std::fs::create_dir_all(&dir).map_err(io(&dir))?;
    let slug = match slugify(&draft.title) {
        s if s.is_empty() => "alert".to_owned(),
        s => s
            .chars()
            .take(60)
            .collect::<String>()
            .trim_end_matches(['-', '_'])
            .to_owned(),
    };
    let path = unique_path(&dir, &format!("{}-{slug}", draft.started.strftime("%Y-%m-%d")));
    write_checked(root, &path, &alert_draft_text(&draft, now), now)?;
    Ok(AlertOutcome::Drafted {
        path,
        warnings: draft.warnings(),
    })
}

/// A drafted incident's file: YAML front matter with `draft: true`, the group marker (renders as
/// nothing), a summary to rewrite and an Investigating update at `now` (never before `started`)
/// listing the alerts.
fn alert_draft_text(draft: &crate::alertmanager::AlertDraft, now: Timestamp) -> String {
    let mut text = format!(
        "---\ntitle: {}\nimpact: {}\nstarted: {}\n",
        yaml_string(&draft.title),
        crate::alertmanager::impact_name(draft.impact),
        stamp(draft.started)
    );
    if !draft.components.is_empty() {
        text.push_str("components:\n");
        for (id, status) in &draft.components {
            text.push_str(&format!("  {id}: {}\n", status.as_str()));
        }
    }
    text.push_str("draft: true\n---\n\n");
    text.push_str(&crate::alertmanager::group_marker(&draft.group));
    text.push_str("\n\nWe are investigating this issue and will post an update soon.\n\n");
    text.push_str(&format!("## Investigating — {}\n", stamp(now.max(draft.started))));
    text.push_str(&draft.alert_list());
    text
}

/// The incident file, draft or published but not resolved, that carries the marker of `group`.
/// A file that cannot be read as an incident counts as open: drafting twice is the worse mistake.
fn open_file_of_group(root: &Path, group: &str) -> Option<PathBuf> {
    let marker = crate::alertmanager::group_marker(group);
    let files = crate::content::list_markdown(root, "incidents").ok()?;
    files.into_iter().find_map(|rel| {
        let text = std::fs::read_to_string(root.join(&rel)).ok()?;
        if !text.lines().any(|l| l.trim() == marker) {
            return None;
        }
        let file = source(&text);
        let resolved = Document::split(&file).ok().and_then(|doc| match doc.split.format {
            Format::Yaml => doc.read::<RawIncident<Yaml>>().ok().map(|r| r.resolved.is_some()),
            Format::Toml => doc.read::<RawIncident<Toml>>().ok().map(|r| r.resolved.is_some()),
        });
        (resolved != Some(true)).then(|| root.join(rel))
    })
}

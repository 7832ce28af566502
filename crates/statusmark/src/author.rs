//! The author's commands: `new incident` (also from an Alertmanager payload), `new maintenance`,
//! `update`, `resolve` and `publish` (of a draft).
//!
//! Edits are insertions into the file's own text — never a re-serialisation — so comments, key
//! order, quoting, spacing and line endings stay exactly as the author wrote them. Every edit is
//! validated in memory together with the rest of the site (at the command's `--at` time) before
//! anything is written; only then is the file replaced, through a temporary file and a rename, so
//! a crash at any point leaves either the old file or the new one. Where to insert comes from the
//! same parsers and section grammar the build uses.

use std::path::{Path, PathBuf};

use jiff::Timestamp;
use statusmark_feed::ComponentStatus;

use crate::content::config::slugify;
use crate::content::document::Document;
use crate::content::frontmatter::Format;
use crate::content::incident::{RawIncident, parse_update_status};
use crate::content::maintenance::RawMaintenance;
use crate::content::raw::{At, Spans};
use crate::content::raw::{Toml, Yaml};
use crate::content::sections::{Marker, sections};
use crate::content::{Draft, Overlay, SourceFile};
use crate::diagnostic::Diagnostic;

mod alert;
mod maintenance;
mod translate;

pub use alert::{AlertOutcome, MAX_PAYLOAD_BYTES, new_incident_from_alertmanager, read_payload};
pub use maintenance::cancel;
pub use translate::new_translation;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AuthorError {
    #[error("{0}")]
    Usage(String),
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    /// The edit would leave the site invalid; nothing was written.
    #[error("the change would make the content invalid; nothing was written")]
    Invalid(Vec<Diagnostic>),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> AuthorError + '_ {
    move |source| AuthorError::Io {
        path: path.to_owned(),
        source,
    }
}

/// An RFC 3339 UTC time to the second, the way authors write them.
pub fn stamp(t: Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// `api=partial_outage` → (`api`, status).
pub fn parse_component_arg(arg: &str) -> Result<(String, ComponentStatus), AuthorError> {
    let (id, status) = arg
        .split_once('=')
        .ok_or_else(|| AuthorError::Usage(format!("--component {arg}: write id=status, e.g. api=partial_outage")))?;
    let status = ComponentStatus::parse(status.trim()).filter(|s| *s != ComponentStatus::UnderMaintenance).ok_or_else(|| {
        AuthorError::Usage(format!(
            "--component {arg}: unknown status \"{status}\"; use degraded_performance, partial_outage, major_outage or operational"
        ))
    })?;
    Ok((id.trim().to_owned(), status))
}

fn newline_of(text: &str) -> &'static str {
    if text.contains("\r\n") { "\r\n" } else { "\n" }
}

/// Write `text` to `path` only if the site, with `text` standing in for the file, has no error in
/// that file at `now` (errors elsewhere were there before and are not this edit's to fix).
fn write_checked(root: &Path, path: &Path, text: &str, now: Timestamp) -> Result<(), AuthorError> {
    // A file outside the site would validate as nothing: refuse instead of writing it unchecked.
    let rel = inside_site(root, path)?;
    let mut overlay = Overlay::new();
    overlay.insert(rel.clone(), text);
    if let Err(diags) = crate::content::load_overlaid(root, now, &overlay) {
        let errors: Vec<Diagnostic> = diags.into_iter().filter(Diagnostic::is_error).collect();
        if errors.iter().any(|d| d.path == rel) {
            return Err(AuthorError::Invalid(errors));
        }
    }
    replace_file(path, text, &mut |_| {})
}

/// `path` relative to `root`, `/`-separated, the way content loading names files; `None` when it
/// is not inside `root`.
fn relative(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).map(Path::to_path_buf).or_else(|_| {
        // `--root .` with an absolute path, or the other way round: compare real locations. A file
        // that does not exist yet (or a typo) is placed by its folder, so the error names it.
        let real = |p: &Path| {
            p.canonicalize().or_else(|e| {
                let name = p.file_name().ok_or(e)?;
                let folder = p
                    .parent()
                    .filter(|f| !f.as_os_str().is_empty())
                    .unwrap_or(Path::new("."));
                Ok::<_, std::io::Error>(folder.canonicalize()?.join(name))
            })
        };
        let (root, path) = (root.canonicalize()?, real(path)?);
        path.strip_prefix(root)
            .map(Path::to_path_buf)
            .map_err(std::io::Error::other)
    });
    rel.ok().map(|rel| rel.to_string_lossy().replace('\\', "/"))
}

/// [`relative`], or the error that says `path` is outside the site.
fn inside_site(root: &Path, path: &Path) -> Result<String, AuthorError> {
    relative(root, path).ok_or_else(|| {
        AuthorError::Usage(format!(
            "{} is not inside the site at {}; pass --root <the site's folder>",
            path.display(),
            root.display()
        ))
    })
}

/// The moments of [`replace_file`] a test can stop the process at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    /// Half of the new text is in the temporary file.
    HalfWritten,
    /// All of it is, and flushed to disk.
    Written,
    /// The temporary file has replaced the old one.
    Renamed,
}

/// Move the written temporary file to `path`. A new file is linked into place, which fails if the
/// name was taken meanwhile, so it never overwrites a file another command just created; an
/// existing one is replaced by a rename.
fn put_in_place(tmp: &Path, path: &Path) -> std::io::Result<()> {
    if path.exists() {
        return std::fs::rename(tmp, path);
    }
    match std::fs::hard_link(tmp, path) {
        Ok(()) => std::fs::remove_file(tmp),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(e),
        // A file system without hard links: the name was free a moment ago.
        Err(_) => std::fs::rename(tmp, path),
    }
}

/// Replace `path` by `text` atomically: the text goes to a temporary file beside it (same file
/// system), is flushed, then renamed over the old file, which readers see whole until then.
/// `at` is called after each [`Step`]; tests make it panic to simulate a crash there.
fn replace_file(path: &Path, text: &str, at: &mut dyn FnMut(Step)) -> Result<(), AuthorError> {
    use std::io::Write;
    let tmp = path.with_extension("md.statusmark-tmp");
    let write = |at: &mut dyn FnMut(Step)| -> std::io::Result<()> {
        let mut file = std::fs::File::create(&tmp)?;
        let (first, second) = text.as_bytes().split_at(text.len() / 2);
        file.write_all(first)?;
        at(Step::HalfWritten);
        file.write_all(second)?;
        file.sync_all()?;
        at(Step::Written);
        Ok(())
    };
    if let Err(e) = write(at).and_then(|()| put_in_place(&tmp, path)) {
        // The old file is untouched; don't leave the temporary one behind either.
        let _ = std::fs::remove_file(&tmp);
        return Err(io(path)(e));
    }
    at(Step::Renamed);
    // Make the rename itself durable; not every platform can open a directory, hence no error.
    if let Some(dir) = path.parent()
        && let Ok(dir) = std::fs::File::open(dir)
    {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// `statusmark new incident`.
pub fn new_incident(
    root: &Path,
    title: &str,
    impact: &str,
    components: &[(String, ComponentStatus)],
    message: Option<&str>,
    now: Timestamp,
) -> Result<PathBuf, AuthorError> {
    let date = now.strftime("%Y-%m-%d");
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(AuthorError::Usage(
            "the title needs at least one letter or digit".into(),
        ));
    }
    let dir = root.join("incidents");
    std::fs::create_dir_all(&dir).map_err(io(&dir))?;
    let path = unique_path(&dir, &format!("{date}-{slug}"));
    let mut text = format!(
        "---\ntitle: {}\nimpact: {impact}\nstarted: {}\n",
        yaml_string(title),
        stamp(now)
    );
    if !components.is_empty() {
        text.push_str("components:\n");
        for (id, status) in components {
            text.push_str(&format!("  {id}: {}\n", status.as_str()));
        }
    }
    text.push_str("---\n\n");
    let message = message.unwrap_or("We are investigating this issue and will post an update soon.");
    text.push_str(&format!("{message}\n\n## Investigating — {}\n{message}\n", stamp(now)));
    write_checked(root, &path, &text, now)?;
    Ok(path)
}

/// `statusmark new maintenance`.
pub fn new_maintenance(
    root: &Path,
    title: &str,
    start: Timestamp,
    end: Timestamp,
    components: &[String],
    emergency: bool,
    now: Timestamp,
) -> Result<PathBuf, AuthorError> {
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(AuthorError::Usage(
            "the title needs at least one letter or digit".into(),
        ));
    }
    let dir = root.join("content/maintenance");
    std::fs::create_dir_all(&dir).map_err(io(&dir))?;
    let path = unique_path(&dir, &format!("{}-{slug}", start.strftime("%Y-%m-%d")));
    let text = format!(
        "---\ntitle: {}\nscheduled_for: {}\nscheduled_until: {}\ncomponents: [{}]\nannounced: {}\n{}---\n\nWhat will happen, and what users will notice.\n\n## Scheduled — {}\nThis maintenance is scheduled.\n",
        yaml_string(title),
        stamp(start),
        stamp(end),
        components.join(", "),
        stamp(now),
        if emergency { "emergency: true\n" } else { "" },
        stamp(now)
    );
    write_checked(root, &path, &text, now)?;
    Ok(path)
}

fn unique_path(dir: &Path, stem: &str) -> PathBuf {
    let first = dir.join(format!("{stem}.md"));
    if !first.exists() {
        return first;
    }
    (2..)
        .map(|n| dir.join(format!("{stem}-{n}.md")))
        .find(|p| !p.exists())
        .unwrap_or(first)
}

/// A YAML scalar that reads back as exactly `s`.
fn yaml_string(s: &str) -> String {
    let plain_ok = !s.is_empty()
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && !s.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c) || c.is_whitespace())
        && !s.ends_with(char::is_whitespace)
        && !s.chars().any(char::is_control)
        // `null`, `~` and the like would read back as something other than this text.
        && serde_saphyr::from_str::<String>(s).is_ok_and(|back| back == s);
    if plain_ok {
        s.to_owned()
    } else {
        serde_json::to_string(s).unwrap_or_else(|_| format!("\"{}\"", s.replace('"', "'")))
    }
}

/// `statusmark update <file> --status <status> <message> [--component id=status]`.
pub fn update(
    root: &Path,
    file: &Path,
    status: &str,
    message: &str,
    changes: &[(String, ComponentStatus)],
    now: Timestamp,
) -> Result<(), AuthorError> {
    if maintenance::is_maintenance(root, file) {
        if !changes.is_empty() {
            return Err(AuthorError::Usage(
                "--component is for incidents; a maintenance window's components are in its front matter".into(),
            ));
        }
        return maintenance::update(root, file, status, message, now);
    }
    let kind = parse_update_status(status).ok_or_else(|| {
        AuthorError::Usage(format!(
            "unknown status \"{status}\"; use investigating, identified, monitoring or update"
        ))
    })?;
    if kind == statusmark_feed::IncidentStatus::Resolved {
        return Err(AuthorError::Usage(
            "to resolve an incident use `statusmark resolve`, which also sets `resolved`".into(),
        ));
    }
    let text = std::fs::read_to_string(file).map_err(io(file))?;
    let mut edited = add_update(&text, kind.label(), message, now)?;
    if !changes.is_empty() {
        edited = add_change(&edited, changes, now)?;
    }
    write_checked(root, file, &edited, now)
}

/// `statusmark resolve <file> [message]`.
pub fn resolve(root: &Path, file: &Path, message: Option<&str>, now: Timestamp) -> Result<(), AuthorError> {
    let text = std::fs::read_to_string(file).map_err(io(file))?;
    let source = SourceFile {
        path: file.to_string_lossy().into_owned(),
        text,
    };
    let doc = Document::split(&source).map_err(invalid)?;
    let split = &doc.split;
    let resolved = match split.format {
        Format::Yaml => doc.read::<RawIncident<Yaml>>().map(|raw| raw.resolved.is_some()),
        Format::Toml => doc.read::<RawIncident<Toml>>().map(|raw| raw.resolved.is_some()),
    }
    .map_err(invalid)?;
    if resolved {
        return Err(AuthorError::Usage(format!("{} is already resolved", file.display())));
    }
    let text = doc.text;
    let nl = newline_of(text);
    let line = match split.format {
        Format::Yaml => format!("resolved: {}{nl}", stamp(now)),
        Format::Toml => format!("resolved = {}{nl}", stamp(now)),
    };
    let at = top_level_insert_point(split.front, split.format) + split.front_offset;
    let with_key = format!("{}{line}{}", &text[..at], &text[at..]);
    let edited = add_update(
        &with_key,
        "Resolved",
        message.unwrap_or("This incident has been resolved."),
        now,
    )?;
    write_checked(root, file, &edited, now)
}

/// `check`'s line about drafts: `2 drafts: incidents/a.md “Title”, …`.
pub fn drafts_line(drafts: &[Draft]) -> String {
    let list: Vec<String> = drafts.iter().map(|d| format!("{} “{}”", d.path, d.title)).collect();
    let s = if drafts.len() == 1 { "" } else { "s" };
    format!("{} draft{s}: {}", drafts.len(), list.join(", "))
}

/// The `draft` key of a front matter, whatever the document's kind and format.
fn draft_key(doc: &Document<'_>, maintenance: bool) -> Result<Option<(bool, std::ops::Range<usize>)>, Diagnostic> {
    fn key<F: Spans>(d: Option<At<bool, F>>) -> Option<(bool, std::ops::Range<usize>)> {
        d.map(|d| (d.value, d.span))
    }
    Ok(match (doc.split.format, maintenance) {
        (Format::Yaml, false) => key(doc.read::<RawIncident<Yaml>>()?.draft),
        (Format::Toml, false) => key(doc.read::<RawIncident<Toml>>()?.draft),
        (Format::Yaml, true) => key(doc.read::<RawMaintenance<Yaml>>()?.draft),
        (Format::Toml, true) => key(doc.read::<RawMaintenance<Toml>>()?.draft),
    })
}

/// `statusmark publish <file>`: remove the `draft: true` line, keeping every other byte, once the
/// file validates without it. Returns the file's path relative to the root, to commit.
pub fn publish(root: &Path, file: &Path, now: Timestamp) -> Result<String, AuthorError> {
    let rel = inside_site(root, file)?;
    let text = std::fs::read_to_string(file).map_err(io(file))?;
    let source = SourceFile {
        path: rel.clone(),
        text,
    };
    let doc = Document::split(&source).map_err(invalid)?;
    let maintenance = rel.starts_with("content/maintenance/");
    let Some((true, span)) = draft_key(&doc, maintenance).map_err(invalid)? else {
        return Err(AuthorError::Usage(format!(
            "{rel} is not a draft (its front matter has no `draft: true`); nothing to publish"
        )));
    };
    let front = doc.split.front;
    let line_start = front[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = front[span.end..].find('\n').map_or(front.len(), |i| span.end + i + 1);
    let line = &front[line_start..line_end];
    // Only a line of its own is removed: `{title: x, draft: true}` would need a re-serialisation.
    if !line.trim_start().starts_with("draft") {
        return Err(AuthorError::Usage(format!(
            "{rel}: write `draft: true` on a line of its own, or remove it by hand"
        )));
    }
    let offset = doc.split.front_offset;
    let edited = format!("{}{}", &doc.text[..offset + line_start], &doc.text[offset + line_end..]);
    write_checked(root, file, &edited, now)?;
    Ok(rel)
}

/// Where a new top-level key goes: after the last top-level key line of a YAML document, or
/// before the first `[table]` of a TOML one (keys after a table header would belong to it).
fn top_level_insert_point(front: &str, format: Format) -> usize {
    match format {
        Format::Yaml => front.len(),
        Format::Toml => {
            let mut offset = 0;
            for line in front.split_inclusive('\n') {
                if line.trim_start().starts_with('[') {
                    return offset;
                }
                offset += line.len();
            }
            front.len()
        }
    }
}

/// The text being edited, as a nameless source file.
fn source(text: &str) -> SourceFile {
    SourceFile {
        path: String::new(),
        text: text.to_owned(),
    }
}

/// An edit of a file that cannot be split or read is refused with the reason.
fn invalid(d: Diagnostic) -> AuthorError {
    AuthorError::Invalid(vec![d])
}

/// Whose update headings a body has: an incident's or a maintenance notice's.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Grammar {
    Incident,
    Maintenance,
}

/// Update sections (start, time as written) and the postmortem's start, by the build's grammar.
fn update_sections(body: &str, grammar: Grammar) -> (Vec<(usize, String)>, Option<usize>) {
    fn split<K>(found: Vec<crate::content::sections::Section<K>>) -> (Vec<(usize, String)>, Option<usize>) {
        let mut updates = Vec::new();
        let mut postmortem = None;
        for s in found {
            match s.marker {
                Marker::Update { time, .. } => updates.push((s.start, time)),
                Marker::Postmortem => postmortem = postmortem.or(Some(s.start)),
            }
        }
        (updates, postmortem)
    }
    match grammar {
        Grammar::Incident => split(sections(body, parse_update_status, true)),
        Grammar::Maintenance => split(sections(body, crate::content::maintenance::parse_phase, false)),
    }
}

/// Insert an update heading where the file's own order says it goes: before the first update if
/// updates are newest first, otherwise after the last one (before a postmortem). Sections are
/// found with the build's own grammar.
fn add_update(text: &str, label: &str, message: &str, now: Timestamp) -> Result<String, AuthorError> {
    add_update_in(text, label, message, now, Grammar::Incident)
}

fn add_update_in(
    text: &str,
    label: &str,
    message: &str,
    now: Timestamp,
    grammar: Grammar,
) -> Result<String, AuthorError> {
    let file = source(text);
    let doc = Document::split(&file).map_err(invalid)?;
    let nl = newline_of(text);
    let body = doc.split.body;
    let (updates, postmortem) = update_sections(body, grammar);
    let block = format!("## {label} — {}{nl}{message}{nl}", stamp(now));
    let newest_first = match (updates.first(), updates.last()) {
        (Some((_, a)), Some((_, b))) if updates.len() > 1 => a >= b,
        _ => true,
    };
    let insert_at = match updates.first() {
        Some((first, _)) if newest_first => *first,
        _ => postmortem.unwrap_or(body.len()),
    };
    let before = &body[..insert_at];
    let after = &body[insert_at..];
    let lead = if before.trim().is_empty() || before.ends_with(&format!("{nl}{nl}")) {
        ""
    } else if before.ends_with(nl) {
        nl
    } else if nl == "\r\n" {
        "\r\n\r\n"
    } else {
        "\n\n"
    };
    let trail = if after.is_empty() { "" } else { nl };
    Ok(format!(
        "{}{before}{lead}{block}{trail}{after}",
        &text[..doc.split.body_offset],
    ))
}

/// Append a `changes` entry (status changes from now on) to the front matter.
fn add_change(text: &str, changes: &[(String, ComponentStatus)], now: Timestamp) -> Result<String, AuthorError> {
    let file = source(text);
    let doc = Document::split(&file).map_err(invalid)?;
    let nl = newline_of(text);
    let front = doc.split.front;
    let (insert, entry) = match doc.split.format {
        Format::Toml => {
            let mut entry = format!("[[changes]]{nl}at = {}{nl}", stamp(now));
            for (id, s) in changes {
                entry.push_str(&format!("{id} = \"{}\"{nl}", s.as_str()));
            }
            (front.len(), entry)
        }
        Format::Yaml => {
            let raw: RawIncident<Yaml> = doc.read().map_err(invalid)?;
            yaml_change(front, &raw, changes, now, nl)
        }
    };
    let at = doc.split.front_offset + insert;
    Ok(format!("{}{entry}{}", &text[..at], &text[at..]))
}

/// Where a YAML `changes` entry goes and its text: after the last entry's last line, indented like
/// the first entry, or a new `changes:` list at the end of the front matter.
fn yaml_change(
    front: &str,
    raw: &RawIncident<Yaml>,
    changes: &[(String, ComponentStatus)],
    now: Timestamp,
    nl: &str,
) -> (usize, String) {
    let spans = |c: &crate::content::incident::RawChange<Yaml>| {
        let pairs = c.statuses.0.iter().flat_map(|(k, v)| [k.span.clone(), v.span.clone()]);
        std::iter::once(c.at.span.clone()).chain(pairs).collect::<Vec<_>>()
    };
    let (Some(first), Some(last)) = (raw.changes.first(), raw.changes.last()) else {
        let mut entry = format!("changes:{nl}  - at: {}{nl}", stamp(now));
        for (id, s) in changes {
            entry.push_str(&format!("    {id}: {}{nl}", s.as_str()));
        }
        return (front.len(), entry);
    };
    let first_at = spans(first).iter().map(|s| s.start).min().unwrap_or(0);
    let last_end = spans(last).iter().map(|s| s.end).max().unwrap_or(front.len());
    let end = front[last_end..].find('\n').map_or(front.len(), |i| last_end + i + 1);
    let line_start = front[..first_at].rfind('\n').map_or(0, |i| i + 1);
    let line = &front[line_start..first_at];
    let dash = line.find("- ").unwrap_or(2);
    let pad = " ".repeat(dash);
    let mut entry = format!("{pad}- at: {}{nl}", stamp(now));
    for (id, s) in changes {
        entry.push_str(&format!("{pad}  {id}: {}{nl}", s.as_str()));
    }
    (end, entry)
}

#[cfg(test)]
mod tests {
    #[test]
    fn titles_that_yaml_reads_as_something_else_are_quoted() {
        for title in ["null", "~", "Null", "true", "1e3", "0x10", "plain title", "a: b", "- x"] {
            let doc = format!("title: {}\n", super::yaml_string(title));
            let back: std::collections::BTreeMap<String, String> =
                serde_saphyr::from_str(&doc).unwrap_or_else(|e| panic!("{title:?} → {doc}: {e}"));
            assert_eq!(back["title"], title, "{doc}");
        }
    }

    use super::*;

    fn t(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    const YAML: &str = "---\n# keep this comment\ntitle:   Odd   spacing  # and this\nstarted: 2026-11-20T14:00:00Z\ncomponents:\n  api: partial_outage\nchanges:\n- at: 2026-11-20T14:30:00Z\n  api: major_outage\n---\n\nSummary.\n\n## Identified — 2026-11-20T14:20:00Z\nFound it.\n\n## Investigating — 2026-11-20T14:00:00Z\nLooking.\n\n## Postmortem\nLater.\n";

    #[test]
    fn update_keeps_every_byte_and_follows_newest_first_order() {
        let out = add_update(YAML, "Monitoring", "Fix deployed.", t("2026-11-20T15:00:00Z")).unwrap();
        let want = YAML.replace(
            "## Identified",
            "## Monitoring — 2026-11-20T15:00:00Z\nFix deployed.\n\n## Identified",
        );
        assert_eq!(out, want);
    }

    /// Both spellings of the postmortem heading, as the build reads them. The regression: only
    /// "Postmortem" was recognised here, so an update went after a "Post-mortem" section.
    #[test]
    fn update_appends_when_oldest_first_before_the_postmortem() {
        for postmortem in ["Postmortem", "Post-mortem"] {
            let text = format!(
                "---\ntitle: x\nstarted: 2026-11-20T14:00:00Z\n---\n\n## Investigating — 2026-11-20T14:00:00Z\nA.\n\n## Identified — 2026-11-20T14:20:00Z\nB.\n\n## {postmortem}\nP.\n"
            );
            let out = add_update(&text, "Monitoring", "C.", t("2026-11-20T15:00:00Z")).unwrap();
            let want = format!("B.\n\n## Monitoring — 2026-11-20T15:00:00Z\nC.\n\n## {postmortem}\nP.\n");
            assert!(out.ends_with(&want), "{out}");
        }
    }

    #[test]
    fn change_entries_join_an_existing_list_with_its_indentation() {
        let out = add_change(
            YAML,
            &[("api".into(), ComponentStatus::DegradedPerformance)],
            t("2026-11-20T15:00:00Z"),
        )
        .unwrap();
        let want = YAML.replace(
            "  api: major_outage\n---",
            "  api: major_outage\n- at: 2026-11-20T15:00:00Z\n  api: degraded_performance\n---",
        );
        assert_eq!(out, want);
    }

    #[test]
    fn crlf_files_stay_crlf() {
        let text = "---\r\ntitle: x\r\nstarted: 2026-11-20T14:00:00Z\r\n---\r\n\r\n## Investigating — 2026-11-20T14:00:00Z\r\nA.\r\n";
        let out = add_update(text, "Monitoring", "B.", t("2026-11-20T15:00:00Z")).unwrap();
        let out = add_change(
            &out,
            &[("api".into(), ComponentStatus::MajorOutage)],
            t("2026-11-20T15:00:00Z"),
        )
        .unwrap();
        // Both edits are there, each line ending in CRLF; a bare LF anywhere would be a mix.
        assert!(
            out.contains("\r\nchanges:\r\n  - at: 2026-11-20T15:00:00Z\r\n    api: major_outage\r\n---\r\n"),
            "{out:?}"
        );
        assert!(
            out.contains("\r\n## Monitoring — 2026-11-20T15:00:00Z\r\nB.\r\n\r\n## Investigating"),
            "{out:?}"
        );
        assert!(!out.replace("\r\n", "").contains('\n'), "{out:?}");
    }

    #[test]
    fn toml_resolution_goes_before_tables() {
        let front = "title = \"x\"\nstarted = 2026-11-20T14:00:00Z\n[components]\napi = \"partial_outage\"\n";
        assert_eq!(
            top_level_insert_point(front, Format::Toml),
            front.find("[components]").unwrap()
        );
    }

    #[test]
    fn titles_round_trip_through_yaml() {
        for title in [
            "Plain title",
            "Notice: API change",
            "#1 problem",
            "\"quoted\"",
            "- dash",
            "ends with colon:",
            "tab\there",
        ] {
            let doc = format!("title: {}\n", yaml_string(title));
            #[derive(serde::Deserialize)]
            struct T {
                title: String,
            }
            let back: T = serde_saphyr::from_str(&doc).unwrap();
            assert_eq!(back.title, title, "{doc}");
        }
    }

    /// A crash (here a panic) after any step of a replacement leaves the old text or the new
    /// one, whole; and the next replacement works despite what the crash left behind.
    #[test]
    fn a_crash_at_any_step_leaves_the_old_file_or_the_new_one() {
        let old = "---\ntitle: old\n---\n".repeat(50);
        let new = "---\ntitle: new\n---\n".repeat(70);
        for crash_at in [Step::HalfWritten, Step::Written, Step::Renamed] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("a.md");
            std::fs::write(&path, &old).unwrap();
            let crashed = std::panic::catch_unwind(|| {
                let _ = replace_file(&path, &new, &mut |step| {
                    assert_ne!(step, crash_at, "simulated crash");
                });
            });
            assert!(crashed.is_err(), "{crash_at:?} was never reached");
            let after = std::fs::read_to_string(&path).unwrap();
            let want = if crash_at == Step::Renamed { &new } else { &old };
            assert!(after == *want, "{crash_at:?}: the file is neither whole version");
            replace_file(&path, "done", &mut |_| {}).unwrap();
            assert_eq!(std::fs::read_to_string(&path).unwrap(), "done");
            let names: Vec<_> = std::fs::read_dir(dir.path())
                .unwrap()
                .map(|e| e.unwrap().file_name())
                .collect();
            assert_eq!(
                names,
                ["a.md"],
                "{crash_at:?}: a temporary file was left after a good write"
            );
        }
    }

    #[test]
    fn a_failed_write_leaves_the_file_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "old").unwrap();
        // Renaming a file over a directory fails after the temporary file was written.
        let target = dir.path().join("b.md");
        std::fs::create_dir(&target).unwrap();
        assert!(replace_file(&target, "new", &mut |_| {}).is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        let mut names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        assert_eq!(names, ["a.md", "b.md"]);
    }
}

//! Incident reports, `incidents/<slug>.md`: raw front matter (strict) and the validated incident.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::Deserialize;
use statusmark_feed::{ComponentStatus, Impact, IncidentStatus};

use super::SourceFile;
use super::config::Config;
use super::frontmatter::{self, Format};
use super::raw::{TimeText, find_key, find_value, from_toml, from_yaml};
use super::sections::{level2_headings, split_update_heading};
use super::time::parse_instant;
use crate::diagnostic::{Diagnostic, suggest};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIncident {
    pub title: String,
    #[serde(default)]
    pub impact: Option<String>,
    pub started: TimeText,
    #[serde(default)]
    pub resolved: Option<TimeText>,
    #[serde(default)]
    pub components: BTreeMap<String, String>,
    #[serde(default)]
    pub changes: Vec<RawChange>,
}

/// `- at: <time>` followed by `component: status` pairs.
#[derive(Debug, Deserialize)]
pub struct RawChange {
    pub at: TimeText,
    #[serde(flatten)]
    pub statuses: BTreeMap<String, String>,
}

/// A validated incident.
#[derive(Clone, Debug)]
pub struct Incident {
    pub slug: String,
    pub path: String,
    pub title: String,
    pub impact: Impact,
    pub started: Timestamp,
    pub resolved: Option<Timestamp>,
    /// Affected components with their status from `started`, in configuration order.
    pub components: Vec<(String, ComponentStatus)>,
    /// Status changes while the incident runs, in time order.
    pub changes: Vec<StatusChange>,
    /// Markdown before the first update heading.
    pub summary: String,
    /// Newest first.
    pub updates: Vec<Update>,
    pub postmortem: Option<String>,
    /// Distinct for every parse in this process (see [`super::next_revision`]): what an
    /// incremental render compares to know whether the incident changed.
    pub revision: u64,
}

#[derive(Clone, Debug)]
pub struct StatusChange {
    pub at: Timestamp,
    pub statuses: Vec<(String, ComponentStatus)>,
}

#[derive(Clone, Debug)]
pub struct Update {
    pub status: IncidentStatus,
    pub at: Timestamp,
    pub body: String,
}

impl Incident {
    /// The stage named by the latest update; resolved incidents are resolved whatever they say.
    pub fn status(&self) -> IncidentStatus {
        if self.resolved.is_some() {
            return IncidentStatus::Resolved;
        }
        self.updates.first().map_or(IncidentStatus::Investigating, |u| u.status)
    }

    /// Every component the incident touches: those it started with (configuration order), then
    /// those that only a later `changes` entry names, in the order they are first named.
    pub fn affected(&self) -> impl Iterator<Item = &str> {
        let changed = self
            .changes
            .iter()
            .flat_map(|c| c.statuses.iter().map(|(id, _)| id.as_str()));
        let mut seen: Vec<&str> = self.components.iter().map(|(id, _)| id.as_str()).collect();
        for id in changed {
            if !seen.contains(&id) {
                seen.push(id);
            }
        }
        seen.into_iter()
    }

    /// When the incident last changed: its newest update, or its resolution if later, else its start.
    pub fn updated_at(&self) -> Timestamp {
        self.updates
            .first()
            .map_or(self.started, |u| u.at)
            .max(self.resolved.unwrap_or(self.started))
    }

    pub fn is_ongoing_at(&self, now: Timestamp) -> bool {
        self.started <= now && self.resolved.is_none_or(|r| r > now)
    }

    /// The status of one component at `t` (operational outside the incident).
    pub fn status_of_at(&self, component: &str, t: Timestamp) -> ComponentStatus {
        if t < self.started || self.resolved.is_some_and(|r| t >= r) {
            return ComponentStatus::Operational;
        }
        let mut status = self.components.iter().find(|(c, _)| c == component).map(|(_, s)| *s);
        for change in self.changes.iter().take_while(|c| c.at <= t) {
            if let Some((_, s)) = change.statuses.iter().find(|(c, _)| c == component) {
                status = Some(*s);
            }
        }
        status.unwrap_or(ComponentStatus::Operational)
    }
}

/// Impact names, with the severity aliases of incident-management practice.
pub fn parse_impact(s: &str) -> Option<Impact> {
    Some(match s.trim().to_ascii_lowercase().as_str() {
        "none" | "sev4" | "sev-4" => Impact::None,
        "minor" | "sev3" | "sev-3" => Impact::Minor,
        "major" | "sev2" | "sev-2" => Impact::Major,
        "critical" | "sev1" | "sev-1" | "sev0" | "sev-0" => Impact::Critical,
        _ => return None,
    })
}

pub fn parse_update_status(s: &str) -> Option<IncidentStatus> {
    Some(match s.trim().to_ascii_lowercase().as_str() {
        "investigating" => IncidentStatus::Investigating,
        "identified" => IncidentStatus::Identified,
        "monitoring" => IncidentStatus::Monitoring,
        "update" => IncidentStatus::Update,
        "resolved" => IncidentStatus::Resolved,
        _ => return None,
    })
}

const INCIDENT_STATUSES: [&str; 3] = ["degraded_performance", "partial_outage", "major_outage"];

/// The slug of a content file: its file name without `.md`.
pub fn slug_of(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.strip_suffix(".md").unwrap_or(name)
}

/// How long an incident may stay open before `check` asks whether it was forgotten.
pub const LONG_RUNNING: jiff::SignedDuration = jiff::SignedDuration::from_hours(7 * 24);

pub fn parse(file: &SourceFile, config: &Config, now: Timestamp) -> (Option<Incident>, Vec<Diagnostic>) {
    let path = file.path.as_str();
    let text = file.text.as_str();
    let mut diags = Vec::new();
    let split = match frontmatter::split(path, text) {
        Ok(s) => s,
        Err(d) => return (None, vec![d]),
    };
    let parsed: Result<RawIncident, Diagnostic> = match split.format {
        Format::Yaml => from_yaml(path, text, split.front, split.front_offset),
        Format::Toml => from_toml(path, text, split.front, split.front_offset),
    };
    let raw = match parsed {
        Ok(raw) => raw,
        Err(d) => return (None, vec![d]),
    };
    let front = split.front;
    let at = |offset: usize| split.front_offset + offset;
    let zone = config.timezone.as_ref();

    let slug = slug_of(path).to_owned();
    if !super::config::valid_id(&slug) {
        diags.push(
            Diagnostic::error(path, format!("file name \"{slug}\" cannot be a URL slug")).with_help(format!(
                "rename the file to {}.md (lowercase letters, digits, `-` and `_`)",
                super::config::slugify(&slug)
            )),
        );
    }
    if raw.title.chars().any(char::is_control) || super::config::has_bidi_control(&raw.title) {
        diags.push(
            Diagnostic::error(
                path,
                "the title contains a line break, a control or a bidirectional-override character",
            )
            .at_offset(text, at(find_key(front, "title").unwrap_or(0)))
            .with_help("a title is one line of text"),
        );
    }
    if raw.title.trim().is_empty() {
        diags.push(
            Diagnostic::error(path, "the title is empty")
                .at_offset(text, at(find_key(front, "title").unwrap_or(0)))
                .with_help("give the incident a short title people will recognise"),
        );
    }
    let impact = match &raw.impact {
        None => Impact::None,
        Some(s) => parse_impact(s).unwrap_or_else(|| {
            let help = match suggest(&s.to_ascii_lowercase(), ["none", "minor", "major", "critical"]) {
                Some(x) => format!("did you mean \"{x}\"?"),
                None => "use none, minor, major or critical (or sev1…sev4)".to_owned(),
            };
            diags.push(
                Diagnostic::error(path, format!("unknown impact \"{s}\""))
                    .at_offset(text, at(find_value(front, "impact", s)))
                    .with_help(help),
            );
            Impact::None
        }),
    };
    let time = |key: &str, t: &TimeText, diags: &mut Vec<Diagnostic>| match parse_instant(&t.0, zone) {
        Ok(ts) => Some(ts),
        Err(why) => {
            diags.push(
                Diagnostic::error(path, format!("\"{key}\" is not a valid time"))
                    .at_offset(text, at(find_value(front, key, &t.0)))
                    .with_help(why),
            );
            None
        }
    };
    let started = time("started", &raw.started, &mut diags);
    let resolved = raw.resolved.as_ref().and_then(|r| time("resolved", r, &mut diags));
    if let (Some(s), Some(r)) = (started, resolved)
        && r < s
    {
        diags.push(
            Diagnostic::error(path, "resolved is before started")
                .at_offset(text, at(find_key(front, "resolved").unwrap_or(0)))
                .with_help(format!("resolved ({r}) must be after started ({s})")),
        );
    }

    let status_of = |key_offset: usize,
                     id: &str,
                     status: &str,
                     diags: &mut Vec<Diagnostic>|
     -> Option<(String, ComponentStatus)> {
        let mut ok = true;
        if config.component(id).is_none() {
            let help = match suggest(id, config.components.iter().map(|c| c.id.as_str())) {
                Some(s) => format!("did you mean \"{s}\"?"),
                None => format!(
                    "declared components: {}",
                    config
                        .components
                        .iter()
                        .map(|c| c.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            diags.push(
                Diagnostic::error(path, format!("unknown component \"{id}\""))
                    .at_offset(text, at(key_offset))
                    .with_help(help),
            );
            ok = false;
        }
        let parsed = ComponentStatus::parse(status.trim());
        if parsed.is_none() || parsed == Some(ComponentStatus::UnderMaintenance) {
            let help = match suggest(status, INCIDENT_STATUSES) {
                    _ if parsed == Some(ComponentStatus::UnderMaintenance) => {
                        "maintenance is announced in content/maintenance/<slug>.md; an incident uses degraded_performance, partial_outage or major_outage".to_owned()
                    }
                    Some(s) => format!("did you mean \"{s}\"?"),
                    None => format!(
                        "use {} (and operational in `changes` to mark a recovery)",
                        INCIDENT_STATUSES.join(", ")
                    ),
                };
            let line_end = front[key_offset..].find('\n').map_or(front.len(), |i| key_offset + i);
            let value_at = front[key_offset..line_end]
                .find(status)
                .map_or(key_offset, |i| key_offset + i);
            diags.push(
                Diagnostic::error(path, format!("unknown status \"{status}\" for \"{id}\""))
                    .at_offset(text, at(value_at))
                    .with_help(help),
            );
            ok = false;
        }
        parsed.filter(|_| ok).map(|s| (id.to_owned(), s))
    };

    let mut components = Vec::new();
    let comp_section = find_key(front, "components").unwrap_or(0);
    for (id, status) in &raw.components {
        let key_at = find_key(&front[comp_section..], id).map_or(comp_section, |o| comp_section + o);
        if let Some(pair) = status_of(key_at, id, status, &mut diags) {
            components.push(pair);
        }
    }
    components.sort_by_key(|(id, _)| config.components.iter().position(|c| &c.id == id));

    let mut changes = Vec::new();
    let mut search_from = find_key(front, "changes").unwrap_or(0);
    for change in &raw.changes {
        let change_at = find_key(&front[search_from..], "at").map_or(search_from, |o| search_from + o);
        let when = match parse_instant(&change.at.0, zone) {
            Ok(t) => Some(t),
            Err(why) => {
                diags.push(
                    Diagnostic::error(path, "a change's \"at\" is not a valid time")
                        .at_offset(text, at(change_at))
                        .with_help(why),
                );
                None
            }
        };
        let mut statuses = Vec::new();
        for (id, status) in &change.statuses {
            let key_at = find_key(&front[change_at..], id).map_or(change_at, |o| change_at + o);
            if let Some(pair) = status_of(key_at, id, status, &mut diags) {
                statuses.push(pair);
            }
        }
        if let (Some(w), Some(s)) = (when, started)
            && (w < s || resolved.is_some_and(|r| w > r))
        {
            diags.push(
                Diagnostic::error(path, "a change falls outside the incident")
                    .at_offset(text, at(change_at))
                    .with_help("changes must be between started and resolved"),
            );
        }
        if let Some(w) = when {
            changes.push(StatusChange { at: w, statuses });
        }
        search_from = (change_at + 1).min(front.len());
    }
    changes.sort_by_key(|c| c.at);

    // The body: summary, updates, postmortem.
    let body = split.body;
    let mut summary_end = body.len();
    let mut updates = Vec::new();
    let mut postmortem = None;
    let headings = level2_headings(body);
    let mut sections: Vec<(usize, usize, Option<Update>)> = Vec::new(); // (heading start, content start, update or postmortem)
    for h in &headings {
        if h.text.eq_ignore_ascii_case("postmortem") || h.text.eq_ignore_ascii_case("post-mortem") {
            sections.push((h.start, h.end, None));
            continue;
        }
        let Some((kind, when)) = split_update_heading(&h.text) else {
            continue;
        };
        let Some(status) = parse_update_status(kind) else {
            continue;
        };
        let offset = split.body_offset + h.start;
        match parse_instant(when, zone) {
            Ok(t) => sections.push((
                h.start,
                h.end,
                Some(Update {
                    status,
                    at: t,
                    body: String::new(),
                }),
            )),
            Err(why) => diags.push(
                Diagnostic::error(path, format!("the update heading \"{}\" has a bad time", h.text))
                    .at_offset(text, offset)
                    .with_help(why),
            ),
        }
    }
    let mut heading_at: Vec<(Timestamp, usize)> = Vec::new();
    for (i, (start, content_start, update)) in sections.iter().enumerate() {
        let end = sections.get(i + 1).map_or(body.len(), |s| s.0);
        summary_end = summary_end.min(*start);
        let content = body[*content_start..end].trim().to_owned();
        match update {
            Some(u) => {
                heading_at.push((u.at, split.body_offset + *start));
                updates.push(Update {
                    body: content,
                    ..u.clone()
                });
            }
            None => postmortem = Some(content),
        }
    }
    let summary = body[..summary_end].trim().to_owned();
    updates.sort_by_key(|u| std::cmp::Reverse(u.at));

    // Warnings: not fatal unless --deny-warnings.
    if let Some(s) = started {
        for u in &updates {
            if u.at < s || resolved.is_some_and(|r| u.at > r) {
                let offset = heading_at.iter().find(|(at, _)| *at == u.at).map_or(0, |(_, o)| *o);
                diags.push(
                    Diagnostic::warning(
                        path,
                        format!("the {} update at {} is outside the incident", u.status.label(), u.at),
                    )
                    .at_offset(text, offset)
                    .with_help("update times should fall between started and resolved"),
                );
            }
        }
    }
    if let Some(s) = started
        && resolved.is_none()
        && now.duration_since(s) > LONG_RUNNING
    {
        diags.push(
            Diagnostic::warning(path, format!("the incident has been open for {} days", now.duration_since(s).as_hours() / 24))
                .at_offset(text, split.front_offset + find_key(front, "started").unwrap_or(0))
                .with_help("resolve it with `statusmark resolve` if it is over, or post an update so readers know it is still being worked on"),
        );
    }
    // Informational notices (no impact, no components) end without a "Resolved" update.
    let notice = impact == Impact::None && components.is_empty();
    if !notice && resolved.is_some() && updates.first().is_some_and(|u| u.status != IncidentStatus::Resolved) {
        diags.push(
            Diagnostic::warning(
                path,
                "the incident is resolved but its latest update is not \"Resolved\"",
            )
            .at_offset(text, split.front_offset + find_key(front, "resolved").unwrap_or(0))
            .with_help("add a `## Resolved — <time>` update telling readers it is over"),
        );
    }

    if diags.iter().any(Diagnostic::is_error) {
        return (None, diags);
    }
    let (Some(started), title) = (started, raw.title) else {
        return (None, diags);
    };
    let incident = Incident {
        slug,
        path: path.to_owned(),
        title,
        impact,
        started,
        resolved,
        components,
        changes,
        summary,
        updates,
        postmortem,
        revision: super::next_revision(),
    };
    (Some(incident), diags)
}

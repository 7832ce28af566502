//! Maintenance notices, `content/maintenance/<slug>.md`: raw front matter and the validated window.

use jiff::Timestamp;
use serde::Deserialize;
use statusmark_feed::MaintenancePhase;

use super::SourceFile;
use super::config::Config;
use super::frontmatter::{self, Format};
use super::incident::slug_of;
use super::raw::{TimeText, find_key, find_value, from_toml, from_yaml};
use super::sections::{level2_headings, split_update_heading};
use super::time::parse_instant;
use crate::diagnostic::{Diagnostic, suggest};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMaintenance {
    pub title: String,
    pub scheduled_for: TimeText,
    pub scheduled_until: TimeText,
    #[serde(default)]
    pub components: Vec<String>,
    #[serde(default)]
    pub announced: Option<TimeText>,
    #[serde(default)]
    pub cancelled: bool,
}

#[derive(Clone, Debug, Hash)]
pub struct Maintenance {
    pub slug: String,
    pub path: String,
    pub title: String,
    pub scheduled_for: Timestamp,
    pub scheduled_until: Timestamp,
    /// In configuration order.
    pub components: Vec<String>,
    pub announced: Option<Timestamp>,
    pub cancelled: bool,
    pub summary: String,
    /// Newest first.
    pub updates: Vec<MaintenanceUpdate>,
}

#[derive(Clone, Debug, Hash)]
pub struct MaintenanceUpdate {
    pub phase: MaintenancePhase,
    pub at: Timestamp,
    pub body: String,
}

impl Maintenance {
    /// When the notice became public: `announced` as written, else the start of the window, and
    /// never later than the start (once it begins, a window shows on the components it affects).
    pub fn announced_at(&self) -> Timestamp {
        self.announced.unwrap_or(self.scheduled_for).min(self.scheduled_for)
    }

    pub fn phase_at(&self, now: Timestamp) -> MaintenancePhase {
        MaintenancePhase::at(
            self.scheduled_for.as_millisecond(),
            self.scheduled_until.as_millisecond(),
            now.as_millisecond(),
            self.cancelled,
        )
    }
}

fn parse_phase(s: &str) -> Option<MaintenancePhase> {
    Some(match s.trim().to_ascii_lowercase().as_str() {
        "scheduled" => MaintenancePhase::Scheduled,
        "in progress" | "in_progress" => MaintenancePhase::InProgress,
        "verifying" => MaintenancePhase::Verifying,
        "completed" => MaintenancePhase::Completed,
        _ => return None,
    })
}

pub fn parse(file: &SourceFile, config: &Config) -> (Option<Maintenance>, Vec<Diagnostic>) {
    let path = file.path.as_str();
    let text = file.text.as_str();
    let split = match frontmatter::split(path, text) {
        Ok(s) => s,
        Err(d) => return (None, vec![d]),
    };
    let parsed: Result<RawMaintenance, Diagnostic> = match split.format {
        Format::Yaml => from_yaml(path, text, split.front, split.front_offset),
        Format::Toml => from_toml(path, text, split.front, split.front_offset),
    };
    let raw = match parsed {
        Ok(raw) => raw,
        Err(d) => return (None, vec![d]),
    };
    let mut diags = Vec::new();
    let front = split.front;
    let at = |o: usize| split.front_offset + o;
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
    if raw.title.trim().is_empty()
        || raw.title.chars().any(char::is_control)
        || super::config::has_bidi_control(&raw.title)
    {
        diags.push(
            Diagnostic::error(
                path,
                "the title is empty or contains a line break or another control character",
            )
            .at_offset(text, at(find_key(front, "title").unwrap_or(0)))
            .with_help("a title is one line of text"),
        );
    }
    let from = time("scheduled_for", &raw.scheduled_for, &mut diags);
    let until = time("scheduled_until", &raw.scheduled_until, &mut diags);
    let announced = raw.announced.as_ref().and_then(|a| time("announced", a, &mut diags));
    if let (Some(f), Some(u)) = (from, until)
        && u <= f
    {
        diags.push(
            Diagnostic::error(path, "scheduled_until is not after scheduled_for")
                .at_offset(text, at(find_key(front, "scheduled_until").unwrap_or(0)))
                .with_help(format!("the window must end after it starts ({f})")),
        );
    }
    let mut components = Vec::new();
    for id in &raw.components {
        if config.component(id).is_none() {
            let help = match suggest(id, config.components.iter().map(|c| c.id.as_str())) {
                Some(s) => format!("did you mean \"{s}\"?"),
                None => "list component ids declared in content/statusmark.toml".to_owned(),
            };
            let offset = front.find(id.as_str()).unwrap_or(0);
            diags.push(
                Diagnostic::error(path, format!("unknown component \"{id}\""))
                    .at_offset(text, at(offset))
                    .with_help(help),
            );
        } else {
            components.push(id.clone());
        }
    }
    components.sort_by_key(|id| config.components.iter().position(|c| &c.id == id));
    if let (Some(f), Some(a)) = (from, announced)
        && f.duration_since(a) < config.notice_period
    {
        diags.push(
            Diagnostic::warning(path, "maintenance announced with less notice than the notice period")
                .at_offset(text, at(find_key(front, "announced").unwrap_or(0)))
                .with_help(format!(
                    "announced {a}, starts {f}; the site's notice_period asks for at least {:#}",
                    config.notice_period
                )),
        );
    }

    let body = split.body;
    let mut sections = Vec::new();
    for h in level2_headings(body) {
        let Some((kind, when)) = split_update_heading(&h.text) else {
            continue;
        };
        let Some(phase) = parse_phase(kind) else { continue };
        match parse_instant(when, zone) {
            Ok(t) => sections.push((h.start, h.end, phase, t)),
            Err(why) => diags.push(
                Diagnostic::error(path, format!("the update heading \"{}\" has a bad time", h.text))
                    .at_offset(text, split.body_offset + h.start)
                    .with_help(why),
            ),
        }
    }
    let summary_end = sections.first().map_or(body.len(), |s| s.0);
    let mut updates: Vec<MaintenanceUpdate> = sections
        .iter()
        .enumerate()
        .map(|(i, &(_, content, phase, at))| {
            let end = sections.get(i + 1).map_or(body.len(), |s| s.0);
            MaintenanceUpdate {
                phase,
                at,
                body: body[content..end].trim().to_owned(),
            }
        })
        .collect();
    updates.sort_by_key(|u| std::cmp::Reverse(u.at));

    if diags.iter().any(Diagnostic::is_error) {
        return (None, diags);
    }
    let (Some(scheduled_for), Some(scheduled_until)) = (from, until) else {
        return (None, diags);
    };
    let m = Maintenance {
        slug,
        path: path.to_owned(),
        title: raw.title,
        scheduled_for,
        scheduled_until,
        components,
        announced,
        cancelled: raw.cancelled,
        summary: body[..summary_end].trim().to_owned(),
        updates,
    };
    (Some(m), diags)
}

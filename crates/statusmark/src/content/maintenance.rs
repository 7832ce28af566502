//! Maintenance notices, `content/maintenance/<slug>.md`: raw front matter and the validated window.

use std::sync::Arc;

use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use serde::Deserialize;
use statusmark_feed::MaintenancePhase;

use super::SourceFile;
use super::config::Config;
use super::document::{self, Checker, Document};
use super::raw::{At, Spans, TimeText, Yaml};
use super::recurrence::{self, Recurrence, RecurrenceFields};
use crate::diagnostic::{Diagnostic, suggest};

/// The front matter as written. `F` is the format it was read from (see [`Spans`]).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, bound(deserialize = ""))]
pub struct RawMaintenance<F: Spans = Yaml> {
    pub title: At<String, F>,
    pub scheduled_for: At<TimeText, F>,
    pub scheduled_until: At<TimeText, F>,
    #[serde(default)]
    pub components: Vec<At<String, F>>,
    #[serde(default)]
    pub announced: Option<At<TimeText, F>>,
    #[serde(default)]
    pub cancelled: bool,
    /// `draft: true`: validated like any notice, built into nothing.
    #[serde(default)]
    pub draft: Option<At<bool, F>>,
    /// An RFC 5545 RRULE: the window recurs, `scheduled_for` being its first occurrence.
    #[serde(default)]
    pub recurrence: Option<At<String, F>>,
    /// The IANA zone the window's times and recurrence are local to (default: the site's).
    #[serde(default)]
    pub timezone: Option<At<String, F>>,
    /// Local dates of single occurrences that are cancelled.
    #[serde(default)]
    pub cancelled_occurrences: Vec<At<TimeText, F>>,
    /// A recurring window cancelled from this time on; earlier occurrences keep their history.
    #[serde(default)]
    pub cancelled_from: Option<At<TimeText, F>>,
}

#[derive(Clone, Debug, Hash)]
pub struct Maintenance {
    pub slug: String,
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
    /// Written `draft: true`; never true in a loaded [`super::Content`] (drafts are set aside).
    pub draft: bool,
    /// A recurring notice (a series): its rule. The model sees its occurrences instead
    /// ([`super::occurrences::expand`]), each with [`Maintenance::occurrence`] set.
    pub recurrence: Option<Arc<Recurrence>>,
    /// One occurrence of a series: which.
    pub occurrence: Option<OccurrenceOf>,
}

/// Which occurrence of which series a window is.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub struct OccurrenceOf {
    /// The series' slug (its file's name).
    pub series: String,
    /// The occurrence's local date, which names it.
    pub date: Date,
    /// Its local start as the rule gives it.
    pub local: DateTime,
}

#[derive(Clone, Debug, Hash)]
pub struct MaintenanceUpdate {
    pub phase: MaintenancePhase,
    pub at: Timestamp,
    pub body: String,
}

impl Maintenance {
    /// The file it comes from, relative to the site root (its slug is the file's name).
    pub fn path(&self) -> String {
        let slug = self.occurrence.as_ref().map_or(&self.slug, |o| &o.series);
        format!("content/maintenance/{slug}.md")
    }

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

/// Read and validate one maintenance notice.
pub fn parse(file: &SourceFile, config: &Config) -> (Option<Maintenance>, Vec<Diagnostic>) {
    document::parse(file, &MaintenanceChecker { config })
}

/// Validates maintenance notices against the site's configuration.
struct MaintenanceChecker<'a> {
    config: &'a Config,
}

impl Checker for MaintenanceChecker<'_> {
    type Raw<F: Spans> = RawMaintenance<F>;
    type Checked = Maintenance;

    fn check<F: Spans>(
        &self,
        doc: &Document<'_>,
        raw: RawMaintenance<F>,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Maintenance> {
        let own_zone = recurrence::zone(doc, raw.timezone.as_ref(), diags);
        let zone = own_zone.as_ref().or(self.config.timezone.as_ref());
        let slug = doc.identity(&raw.title, diags);
        let from = doc.time("scheduled_for", &raw.scheduled_for, zone, diags);
        let until = doc.time("scheduled_until", &raw.scheduled_until, zone, diags);
        let announced = raw
            .announced
            .as_ref()
            .and_then(|a| doc.time("announced", a, zone, diags));
        if let (Some(f), Some(u)) = (from, until)
            && u <= f
        {
            diags.push(
                doc.error_at(&raw.scheduled_until, "scheduled_until is not after scheduled_for")
                    .with_help(format!("the window must end after it starts ({f})")),
            );
        }
        let components = self.components(doc, &raw.components, diags);
        let recurrence = self.recurrence(doc, &raw, own_zone.as_ref(), from.zip(until), diags);
        if let (Some(f), Some(a), Some(at)) = (from, announced, &raw.announced)
            && f.duration_since(a) < self.config.notice_period
        {
            diags.push(
                doc.warning_at(at, "maintenance announced with less notice than the notice period")
                    .with_help(format!(
                        "announced {a}, starts {f}; the site's notice_period asks for at least {:#}",
                        self.config.notice_period
                    )),
            );
        }
        let body = doc.body(parse_phase, false, zone, diags);
        let updates = body
            .updates
            .into_iter()
            .map(|u| MaintenanceUpdate {
                phase: u.kind,
                at: u.at,
                body: u.body,
            })
            .collect();
        Some(Maintenance {
            slug,
            title: raw.title.value,
            scheduled_for: from?,
            scheduled_until: until?,
            components,
            announced,
            cancelled: raw.cancelled,
            summary: body.summary,
            updates,
            draft: raw.draft.is_some_and(|d| d.value),
            recurrence: recurrence.map(Arc::new),
            occurrence: None,
        })
    }
}

impl MaintenanceChecker<'_> {
    /// `recurrence`, in the notice's own zone (else the site's), with its first window.
    fn recurrence<F: Spans>(
        &self,
        doc: &Document<'_>,
        raw: &RawMaintenance<F>,
        own_zone: Option<&jiff::tz::TimeZone>,
        window: Option<(Timestamp, Timestamp)>,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Recurrence> {
        let fields = RecurrenceFields {
            recurrence: raw.recurrence.as_ref(),
            timezone: raw.timezone.as_ref(),
            cancelled_occurrences: &raw.cancelled_occurrences,
            cancelled_from: raw.cancelled_from.as_ref(),
            scheduled_for: &raw.scheduled_for,
        };
        let zone = match (own_zone, raw.timezone.as_ref()) {
            (Some(z), Some(name)) => Some((name.value.as_str(), z)),
            // Its own zone was wrong: that error is enough.
            (None, Some(_)) => return None,
            _ => self
                .config
                .timezone
                .as_ref()
                .map(|z| (self.config.timezone_name.as_str(), z)),
        };
        recurrence::check(doc, &fields, zone, window, diags)
    }

    /// Known component ids, in configuration order.
    fn components<F>(&self, doc: &Document<'_>, ids: &[At<String, F>], diags: &mut Vec<Diagnostic>) -> Vec<String> {
        let config = self.config;
        let mut components = Vec::new();
        for id in ids {
            if config.component(&id.value).is_some() {
                components.push(id.value.clone());
                continue;
            }
            let help = match suggest(&id.value, config.components.iter().map(|c| c.id.as_str())) {
                Some(s) => format!("did you mean \"{s}\"?"),
                None => "list component ids declared in content/statusmark.toml".to_owned(),
            };
            diags.push(
                doc.error_at(id, format!("unknown component \"{}\"", id.value))
                    .with_help(help),
            );
        }
        components.sort_by_key(|id| config.components.iter().position(|c| &c.id == id));
        components
    }
}

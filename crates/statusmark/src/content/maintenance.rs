//! Maintenance notices, `content/maintenance/<slug>.md`: raw front matter and the validated window.

use std::fmt;
use std::hash::Hash as _;
use std::sync::Arc;

use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};
use statusmark_feed::{MaintenancePhase, MaintenanceWindow, PhaseAt, StatedPhase};

use super::SourceFile;
use super::config::Config;
use super::document::{self, Checker, Document};
use super::raw::{At, Spans, TimeText, Yaml};
use super::recurrence::{self, Recurrence, RecurrenceFields};
use super::sections::{level2_headings, split_update_heading};
use super::time::parse_instant;
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
    /// `cancelled: true`, or the reason: `cancelled: "The vendor postponed the upgrade."`.
    #[serde(default)]
    pub cancelled: Cancellation,
    /// Whether the window completes by the clock at `scheduled_until` (default `true`); with
    /// `false` it stays in progress, overrunning, until a `## Completed` update.
    #[serde(default)]
    pub auto_complete: Option<bool>,
    /// Emergency maintenance: no notice-period warning, labelled as such everywhere.
    #[serde(default)]
    pub emergency: bool,
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

/// Hashed as its [`Maintenance::fingerprint`].
#[derive(Clone, Debug)]
pub struct Maintenance {
    pub slug: String,
    pub title: String,
    pub scheduled_for: Timestamp,
    pub scheduled_until: Timestamp,
    /// In configuration order.
    pub components: Vec<String>,
    pub announced: Option<Timestamp>,
    /// Cancelled in the front matter (from the start; a `## Cancelled` update cancels from its time).
    pub cancelled: bool,
    /// The reason the front matter gives, if any.
    pub cancel_reason: Option<String>,
    /// Completes by the clock at `scheduled_until` (front matter `auto_complete`, default true).
    pub auto_complete: bool,
    pub emergency: bool,
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
    /// In a site's other language: what of its text is translated (see [`Incident::translated`]).
    ///
    /// [`Incident::translated`]: super::Incident::translated
    pub translated: Option<super::translation::Shown>,
    /// What is worked out from the rest once ([`Maintenance::changes`],
    /// [`Maintenance::fingerprint`]): `serve` keeps an unchanged file's window from one rebuild to
    /// the next, and asks every window its phase several times a rebuild.
    pub memo: Memo,
}

/// A window's [`Maintenance::memo`]: a copy starts empty (a copy is made to be changed), and it
/// adds nothing to a hash (it is a hash of the rest).
#[derive(Default)]
pub struct Memo {
    changes: std::sync::OnceLock<Vec<(i64, MaintenancePhase)>>,
    fingerprint: std::sync::OnceLock<u64>,
    line: std::sync::OnceLock<u64>,
    slug: std::sync::OnceLock<u64>,
}

impl Clone for Memo {
    fn clone(&self) -> Self {
        Memo::default()
    }
}

impl fmt::Debug for Memo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Memo")
    }
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
    /// The phase it states from its time on; `None` for `## Update`, which keeps the phase.
    pub phase: Option<MaintenancePhase>,
    pub at: Timestamp,
    pub body: String,
}

impl MaintenanceUpdate {
    /// The heading's word: `In progress`, `Update`, …
    pub fn label(&self) -> &'static str {
        self.phase.map_or("Update", MaintenancePhase::label)
    }

    /// `in_progress`, `update`, …
    pub fn as_str(&self) -> &'static str {
        self.phase.map_or("update", MaintenancePhase::as_str)
    }
}

/// The front matter's `cancelled`: a flag or the reason.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Cancellation {
    #[default]
    No,
    Yes,
    Because(String),
}

impl<'de> Deserialize<'de> for Cancellation {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Cancellation;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("true, false, or the reason for the cancellation")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Cancellation, E> {
                Ok(if v { Cancellation::Yes } else { Cancellation::No })
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Cancellation, E> {
                Ok(if v.trim().is_empty() {
                    Cancellation::Yes
                } else {
                    Cancellation::Because(v.trim().to_owned())
                })
            }
        }
        d.deserialize_any(V)
    }
}

impl std::hash::Hash for Maintenance {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.fingerprint().hash(h);
    }
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

    /// The phase at `now`, by the one rule ([`MaintenanceWindow`]).
    pub fn phase_at(&self, now: Timestamp) -> MaintenancePhase {
        self.state_at(now).phase
    }

    /// The phase at `now` and whether the window is overrunning.
    pub fn state_at(&self, now: Timestamp) -> PhaseAt {
        statusmark_feed::maintenance::phase_in(
            self.changes(),
            self.scheduled_until.as_millisecond(),
            now.as_millisecond(),
        )
    }

    /// The spans `[start, end)` during which it is under way, by the rule
    /// ([`MaintenanceWindow::under_way_spans`]).
    pub fn under_way_spans(&self) -> Vec<(i64, i64)> {
        statusmark_feed::maintenance::under_way_spans(self.changes())
    }

    /// What a line of the archive shows of it but its phase (slug, title, start, whether it is
    /// an emergency, whether it is translated) as one hash, worked out once.
    pub fn line_fingerprint(&self) -> u64 {
        super::kept_hash(&self.memo.line, |h| {
            let translated = self.translated.is_some();
            (&self.slug, &self.title, self.scheduled_for, self.emergency, translated).hash(h);
        })
    }

    /// A hash of its slug alone (which names its page), worked out once.
    pub fn slug_hash(&self) -> u64 {
        super::kept_hash(&self.memo.slug, |h| {
            self.slug.hash(h);
        })
    }

    /// A hash of the whole window (every field), worked out once: pages, feeds and calendars
    /// are keyed by the windows they show, tens of thousands of them on each `serve` rebuild.
    pub fn fingerprint(&self) -> u64 {
        super::kept_hash(&self.memo.fingerprint, |h| {
            let Maintenance {
                slug,
                title,
                scheduled_for,
                scheduled_until,
                components,
                announced,
                cancelled,
                cancel_reason,
                auto_complete,
                emergency,
                summary,
                updates,
                draft,
                recurrence,
                occurrence,
                translated,
                memo: _,
            } = self;
            (slug, title, scheduled_for, scheduled_until, components, announced).hash(h);
            (cancelled, cancel_reason, auto_complete, emergency, summary, updates).hash(h);
            (draft, recurrence, occurrence, translated).hash(h);
        })
    }

    /// The phases the author stated, with when (`## Update` states none), oldest first.
    pub fn stated(&self) -> Vec<StatedPhase> {
        self.updates
            .iter()
            .rev()
            .filter_map(|u| {
                u.phase.map(|phase| StatedPhase {
                    at_ms: u.at.as_millisecond(),
                    phase,
                })
            })
            .collect()
    }

    /// Hand the rule's view of this window to `f`.
    pub fn with_window<R>(&self, f: impl FnOnce(&MaintenanceWindow<'_>) -> R) -> R {
        let stated = self.stated();
        f(&MaintenanceWindow {
            scheduled_for_ms: self.scheduled_for.as_millisecond(),
            scheduled_until_ms: self.scheduled_until.as_millisecond(),
            stated: &stated,
            auto_complete: self.auto_complete,
            cancelled: self.cancelled,
        })
    }

    /// Each instant from which a new phase holds (the first is the start of time), by the rule;
    /// worked out once.
    pub fn changes(&self) -> &[(i64, MaintenancePhase)] {
        self.memo.changes.get_or_init(|| self.with_window(|w| w.changes()))
    }

    /// Its latest notice, update or phase change (to in progress when it begins, to completed
    /// when it ends) by `now`; its notice if even that is later (the API's `updated_at`).
    pub fn changed_by(&self, now: Timestamp) -> Timestamp {
        let now_ms = now.as_millisecond();
        let phases = self
            .changes()
            .iter()
            .filter_map(|&(ms, _)| Timestamp::from_millisecond(ms).ok());
        let updates = self.updates.iter().map(|u| u.at);
        updates
            .chain(phases)
            .chain([self.announced_at()])
            .filter(|t| t.as_millisecond() <= now_ms)
            .max()
            .unwrap_or_else(|| self.announced_at())
    }

    /// When it last became completed by `now`, by the rule (early, at its end, after an overrun).
    pub fn completed_at(&self, now: Timestamp) -> Option<Timestamp> {
        let now = now.as_millisecond();
        self.changes()
            .iter()
            .rev()
            .find(|(ms, p)| *p == MaintenancePhase::Completed && *ms <= now)
            .and_then(|(ms, _)| Timestamp::from_millisecond(*ms).ok())
    }

    /// Whether it is cancelled by `now`: in the front matter, or by a `## Cancelled` update.
    pub fn cancelled_by(&self, now: Timestamp) -> bool {
        self.cancelled || self.cancellation().is_some_and(|u| u.at <= now)
    }

    /// The `## Cancelled` update, if any.
    pub fn cancellation(&self) -> Option<&MaintenanceUpdate> {
        self.updates
            .iter()
            .find(|u| u.phase == Some(MaintenancePhase::Cancelled))
    }

    /// `Emergency maintenance` or `Maintenance`.
    pub fn kind_label(&self) -> &'static str {
        if self.emergency {
            "Emergency maintenance"
        } else {
            "Maintenance"
        }
    }
}

/// The update headings a maintenance notice knows, as [`parse_phase`] reads them.
pub const UPDATE_HEADINGS: [&str; 6] = [
    "Scheduled",
    "In progress",
    "Verifying",
    "Completed",
    "Update",
    "Cancelled",
];

/// An update heading's word: `Some(None)` for `Update`, which keeps the phase.
pub fn parse_phase(s: &str) -> Option<Option<MaintenancePhase>> {
    Some(Some(match s.trim().to_ascii_lowercase().as_str() {
        "scheduled" => MaintenancePhase::Scheduled,
        "in progress" | "in_progress" => MaintenancePhase::InProgress,
        "verifying" => MaintenancePhase::Verifying,
        "completed" => MaintenancePhase::Completed,
        "cancelled" | "canceled" => MaintenancePhase::Cancelled,
        "update" => return Some(None),
        _ => return None,
    }))
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
            && !raw.emergency
        {
            diags.push(
                doc.warning_at(at, "maintenance announced with less notice than the notice period")
                    .with_help(format!(
                        "announced {a}, starts {f}; the site's notice_period asks for at least {:#} (mark urgent work `emergency: true`)",
                        self.config.notice_period
                    )),
            );
        }
        self.unknown_update_headings(doc, zone, diags);
        let body = doc.body(parse_phase, false, zone, diags);
        let updates = body
            .updates
            .into_iter()
            .map(|u| MaintenanceUpdate {
                phase: u.kind,
                at: u.at,
                body: u.body.to_owned(),
            })
            .collect();
        Some(Maintenance {
            slug,
            title: raw.title.value,
            scheduled_for: from?,
            scheduled_until: until?,
            components,
            announced,
            cancelled: raw.cancelled != Cancellation::No,
            cancel_reason: match raw.cancelled {
                Cancellation::Because(reason) => Some(reason),
                _ => None,
            },
            auto_complete: raw.auto_complete.unwrap_or(true),
            emergency: raw.emergency,
            summary: body.summary.to_owned(),
            updates,
            draft: raw.draft.is_some_and(|d| d.value),
            translated: None,
            recurrence: recurrence.map(Arc::new),
            occurrence: None,
            memo: Memo::default(),
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

    /// A heading shaped like an update (`## Word — <a valid time>`) whose word is not one a notice
    /// knows is a typo, not content: the phase it meant would silently not happen.
    fn unknown_update_headings(
        &self,
        doc: &Document<'_>,
        zone: Option<&jiff::tz::TimeZone>,
        diags: &mut Vec<Diagnostic>,
    ) {
        for h in level2_headings(doc.split.body) {
            let Some((kind, time)) = split_update_heading(&h.text) else {
                continue;
            };
            if parse_phase(kind).is_some() || parse_instant(time, zone).is_err() {
                continue;
            }
            let help = match suggest(kind, UPDATE_HEADINGS) {
                Some(s) => format!("did you mean \"## {s} — {time}\"?"),
                None => format!("a maintenance update is one of: {}", UPDATE_HEADINGS.join(", ")),
            };
            diags.push(doc.in_body(
                Diagnostic::error(doc.path, format!("unknown maintenance update \"{kind}\"")).with_help(help),
                h.start,
            ));
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        let file = SourceFile {
            path: "content/statusmark.toml".into(),
            text: "title = \"T\"\nnotice_period = \"48h\"\n[[components]]\nid = \"db\"\nname = \"DB\"\n".into(),
        };
        super::super::config::parse(&file).unwrap_or_else(|d| panic!("{d:?}"))
    }

    fn read(front: &str, body: &str) -> (Option<Maintenance>, Vec<Diagnostic>) {
        let file = SourceFile {
            path: "content/maintenance/db.md".into(),
            text: format!(
                "---\ntitle: DB upgrade\nscheduled_for: 2026-11-25T22:00:00Z\nscheduled_until: 2026-11-26T00:00:00Z\ncomponents: [db]\n{front}---\n\nSummary.\n{body}"
            ),
        };
        parse(&file, &config())
    }

    fn t(s: &str) -> Timestamp {
        s.parse().unwrap_or(Timestamp::UNIX_EPOCH)
    }

    #[test]
    fn a_copy_works_out_its_phases_and_fingerprint_again() {
        let (m, diags) = read("", "");
        let m = m.unwrap_or_else(|| panic!("{diags:?}"));
        let during = t("2026-11-25T23:00:00Z");
        assert_eq!(m.phase_at(during), MaintenancePhase::InProgress);
        let print = m.fingerprint();
        // A copy changed after the original's phases and fingerprint were worked out and kept.
        let cancelled = Maintenance {
            cancelled: true,
            ..m.clone()
        };
        assert_eq!(cancelled.phase_at(during), MaintenancePhase::Cancelled);
        assert_ne!(cancelled.fingerprint(), print);
        assert_eq!(m.clone().fingerprint(), print);
        let moved = Maintenance {
            scheduled_until: t("2026-11-25T22:30:00Z"),
            ..m.clone()
        };
        assert_eq!(moved.phase_at(during), MaintenancePhase::Completed);
        assert_eq!(
            moved.under_way_spans(),
            [(
                t("2026-11-25T22:00:00Z").as_millisecond(),
                t("2026-11-25T22:30:00Z").as_millisecond()
            )]
        );
        assert_eq!(m.phase_at(during), MaintenancePhase::InProgress);
    }

    #[test]
    fn every_update_heading_reads() {
        let body = "\n## Cancelled — 2026-11-26T01:00:00Z\nC.\n\n## Update — 2026-11-25T23:30:00Z\nU.\n\n## Completed — 2026-11-25T23:40:00Z\nD.\n\n## Verifying — 2026-11-25T23:20:00Z\nV.\n\n## In progress — 2026-11-25T21:55:00Z\nI.\n\n## Scheduled — 2026-11-18T09:00:00Z\nS.\n";
        let (m, diags) = read("", body);
        let m = m.unwrap_or_else(|| panic!("{diags:?}"));
        let got: Vec<(&str, Timestamp)> = m.updates.iter().map(|u| (u.as_str(), u.at)).collect();
        assert_eq!(
            got,
            [
                ("cancelled", t("2026-11-26T01:00:00Z")),
                ("completed", t("2026-11-25T23:40:00Z")),
                ("update", t("2026-11-25T23:30:00Z")),
                ("verifying", t("2026-11-25T23:20:00Z")),
                ("in_progress", t("2026-11-25T21:55:00Z")),
                ("scheduled", t("2026-11-18T09:00:00Z")),
            ]
        );
        assert_eq!(m.updates[2].label(), "Update");
        // Started early by the author, completed early; the Update kept the phase.
        assert_eq!(m.phase_at(t("2026-11-25T21:56:00Z")), MaintenancePhase::InProgress);
        assert_eq!(m.phase_at(t("2026-11-25T23:35:00Z")), MaintenancePhase::Verifying);
        assert_eq!(m.phase_at(t("2026-11-25T23:45:00Z")), MaintenancePhase::Completed);
        assert_eq!(m.phase_at(t("2026-11-26T02:00:00Z")), MaintenancePhase::Cancelled);
        assert!(!m.cancelled && m.cancelled_by(t("2026-11-26T01:00:00Z")));
    }

    #[test]
    fn front_matter_lifecycle_keys() {
        let (m, _) = read("", "");
        let m = m.unwrap_or_else(|| panic!("valid"));
        assert!(m.auto_complete && !m.emergency && !m.cancelled && m.cancel_reason.is_none());

        let (m, diags) = read(
            "auto_complete: false\nemergency: true\ncancelled: \"Vendor postponed\"\n",
            "",
        );
        let m = m.unwrap_or_else(|| panic!("{diags:?}"));
        assert!(!m.auto_complete && m.emergency && m.cancelled);
        assert_eq!(m.cancel_reason.as_deref(), Some("Vendor postponed"));
        assert_eq!(m.kind_label(), "Emergency maintenance");

        let (m, _) = read("cancelled: true\n", "");
        let m = m.unwrap_or_else(|| panic!("valid"));
        assert!(m.cancelled && m.cancel_reason.is_none());
        let (m, _) = read("cancelled: false\n", "");
        assert!(m.is_some_and(|m| !m.cancelled));
    }

    #[test]
    fn without_auto_complete_an_overrun_stays_in_progress_until_completed() {
        let (m, _) = read(
            "auto_complete: false\n",
            "\n## Completed — 2026-11-26T00:30:00Z\nDone.\n",
        );
        let m = m.unwrap_or_else(|| panic!("valid"));
        let at = m.state_at(t("2026-11-26T00:10:00Z"));
        assert_eq!(
            (at.phase, at.overrunning, at.label()),
            (MaintenancePhase::InProgress, true, "In progress, overrunning")
        );
        assert_eq!(m.phase_at(t("2026-11-26T00:30:00Z")), MaintenancePhase::Completed);
        assert_eq!(
            m.completed_at(t("2026-11-27T00:00:00Z")),
            Some(t("2026-11-26T00:30:00Z"))
        );
    }

    #[test]
    fn a_misspelt_update_heading_is_an_error_at_its_line() {
        let (m, diags) = read("", "\n## In progres — 2026-11-25T22:05:00Z\nStarted.\n");
        assert!(m.is_none());
        let d = diags
            .iter()
            .find(|d| d.is_error())
            .unwrap_or_else(|| panic!("{diags:?}"));
        assert_eq!(d.message, "unknown maintenance update \"In progres\"");
        assert_eq!(
            d.help.as_deref(),
            Some("did you mean \"## In progress — 2026-11-25T22:05:00Z\"?")
        );
        assert_eq!((d.line, d.column), (10, 1));
        // A heading that is not shaped like an update stays content.
        let (m, diags) = read("", "\n## Impact - 10 minutes of read-only mode\nX.\n");
        assert!(m.is_some(), "{diags:?}");
    }

    #[test]
    fn emergency_maintenance_needs_no_notice() {
        let late = "announced: 2026-11-25T21:00:00Z\n";
        let (_, diags) = read(late, "");
        assert!(diags.iter().any(|d| d.message.contains("less notice")), "{diags:?}");
        let (_, diags) = read(&format!("{late}emergency: true\n"), "");
        assert!(diags.is_empty(), "{diags:?}");
    }
}

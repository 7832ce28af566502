//! Incident reports, `incidents/<slug>.md`: raw front matter (strict) and the validated incident.

use std::borrow::Cow;
use std::fmt;
use std::hash::Hash as _;
use std::marker::PhantomData;
use std::ops::Range;
use std::path::Path;

use jiff::Timestamp;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use statusmark_feed::{ComponentStatus, Impact, IncidentStatus};

use super::SourceFile;
use super::config::Config;
use super::document::{self, Checker, Document};
use super::raw::{At, SpannedMap, Spans, TimeText, Yaml};
use super::text::{Origin, TextError};
use crate::diagnostic::{Diagnostic, suggest};

/// The front matter as written. `F` is the format it was read from (see [`Spans`]).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, bound(deserialize = ""))]
pub struct RawIncident<F: Spans = Yaml> {
    pub title: At<String, F>,
    #[serde(default)]
    pub impact: Option<At<String, F>>,
    pub started: At<TimeText, F>,
    #[serde(default)]
    pub resolved: Option<At<TimeText, F>>,
    #[serde(default)]
    pub components: SpannedMap<F>,
    #[serde(default)]
    pub changes: Vec<RawChange<F>>,
    /// `draft: true`: validated like any report, built into nothing (see [`super::Content::drafts`]).
    #[serde(default)]
    pub draft: Option<At<bool, F>>,
}

/// `- at: <time>` followed by `component: status` pairs. Read by hand: `#[serde(flatten)]` would
/// lose the spans of the pairs.
#[derive(Debug)]
pub struct RawChange<F> {
    pub at: At<TimeText, F>,
    pub statuses: SpannedMap<F>,
}

impl<'de, F: Spans> Deserialize<'de> for RawChange<F> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<F>(PhantomData<F>);
        impl<'de, F: Spans> Visitor<'de> for V<F> {
            type Value = RawChange<F>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("`at: <time>` and `component: status` pairs")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawChange<F>, A::Error> {
                let mut at = None;
                let mut statuses = SpannedMap::default();
                while let Some(key) = map.next_key::<At<String, F>>()? {
                    if key.value != "at" {
                        statuses.0.push((key, map.next_value()?));
                    } else if at.replace(map.next_value()?).is_some() {
                        return Err(de::Error::duplicate_field("at"));
                    }
                }
                let at = at.ok_or_else(|| de::Error::missing_field("at"))?;
                Ok(RawChange { at, statuses })
            }
        }
        d.deserialize_map(V(PhantomData))
    }
}

/// A validated incident.
#[derive(Clone, Debug, Hash)]
pub struct Incident {
    pub slug: String,
    pub title: String,
    pub impact: Impact,
    pub started: Timestamp,
    pub resolved: Option<Timestamp>,
    /// Affected components with their status from `started`, in configuration order.
    pub components: Vec<(String, ComponentStatus)>,
    /// Status changes while the incident runs, in time order.
    pub changes: Vec<StatusChange>,
    /// Where the Markdown is read from when it is shown ([`Incident::text`]); the sections below
    /// are byte ranges of that text.
    pub origin: Origin,
    /// Markdown before the first update heading.
    pub summary: Range<usize>,
    /// Newest first.
    pub updates: Vec<Update>,
    pub postmortem: Option<Range<usize>>,
    /// Written `draft: true`. Loading sets drafts aside, so no incident of a [`super::Content`]
    /// (and so of the model) is ever a draft.
    pub draft: bool,
    /// In a site's other language: what of its text is translated (`None`: the text is in the
    /// site's language, as written in `incidents/<slug>.md`).
    pub translated: Option<super::translation::Shown>,
    /// Its hashes, worked out once: `serve` keeps an unchanged file's incident from one rebuild
    /// to the next, and each rebuild keys thousands of them.
    pub hashes: Hashes,
}

/// An incident's hashes ([`Incident::fingerprint`], [`Incident::facts_fingerprint`],
/// [`Incident::line_fingerprint`], [`Incident::slug_hash`]), latest time
/// ([`Incident::latest_at`]) and the positions of the components it affects
/// ([`Incident::affected_positions`]), worked out when first asked for. An incident is not changed
/// once made (the content and the model hold it behind an `Arc`); a clone, which may be changed,
/// starts without them.
#[derive(Default)]
pub struct Hashes {
    all: std::sync::OnceLock<u64>,
    facts: std::sync::OnceLock<u64>,
    line: std::sync::OnceLock<u64>,
    latest: std::sync::OnceLock<Timestamp>,
    affected: std::sync::OnceLock<(u64, Positions)>,
    slug: std::sync::OnceLock<u64>,
}

/// Where [`Incident::affected`]'s components stand in a list of component ids, when there are
/// few enough to keep inline (an incident names one to three as a rule).
#[derive(Clone, Copy, Debug, Default)]
struct Positions {
    len: u8,
    at: [u16; 8],
}

impl Clone for Hashes {
    fn clone(&self) -> Self {
        Hashes::default()
    }
}

/// Nothing: they are hashes of the rest.
impl std::hash::Hash for Hashes {
    fn hash<H: std::hash::Hasher>(&self, _: &mut H) {}
}

impl std::fmt::Debug for Hashes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Hashes")
    }
}

#[derive(Clone, Debug, Hash)]
pub struct StatusChange {
    pub at: Timestamp,
    pub statuses: Vec<(String, ComponentStatus)>,
}

#[derive(Clone, Debug, Hash)]
pub struct Update {
    pub status: IncidentStatus,
    pub at: Timestamp,
    /// Its Markdown, in [`Incident::text`].
    pub body: Range<usize>,
}

impl Incident {
    /// Hash what the incident says happened (times, impact, statuses), not how it tells it: the
    /// uptime, timelines and response times computed from it change exactly when this does.
    /// Every field is named, so a new one cannot be forgotten (the pattern stops compiling).
    pub fn hash_facts<H: std::hash::Hasher>(&self, h: &mut H) {
        use std::hash::Hash as _;
        let Incident {
            slug: _,
            title: _,
            impact,
            started,
            resolved,
            components,
            changes,
            origin: _,
            summary: _,
            updates,
            postmortem: _,
            draft,
            translated: _,
            hashes: _,
        } = self;
        (impact, started, resolved, components, changes, draft).hash(h);
        for Update { status, at, body: _ } in updates {
            (status, at).hash(h);
        }
    }
}

/// An incident's Markdown, read back for a page, a feed entry or a notice.
pub struct IncidentText<'a> {
    incident: &'a Incident,
    text: Cow<'a, str>,
}

impl IncidentText<'_> {
    /// Markdown before the first update heading.
    pub fn summary(&self) -> &str {
        &self.text[self.incident.summary.clone()]
    }

    /// The `n`th update's Markdown (newest first, as [`Incident::updates`]).
    pub fn update(&self, n: usize) -> &str {
        &self.text[self.incident.updates[n].body.clone()]
    }

    pub fn postmortem(&self) -> Option<&str> {
        self.incident.postmortem.clone().map(|r| &self.text[r])
    }
}

impl Incident {
    /// A hash of every field (its text by digest), worked out once.
    pub fn fingerprint(&self) -> u64 {
        super::kept_hash(&self.hashes.all, |h| {
            self.hash(h);
        })
    }

    /// [`Incident::hash_facts`] into a hash of its own, worked out once.
    pub fn facts_fingerprint(&self) -> u64 {
        super::kept_hash(&self.hashes.facts, |h| {
            self.hash_facts(h);
        })
    }

    /// A hash of its slug alone (which names its page), worked out once.
    pub fn slug_hash(&self) -> u64 {
        super::kept_hash(&self.hashes.slug, |h| {
            self.slug.hash(h);
        })
    }

    /// What a line of the archive shows of it (slug, title, status, impact, start and end, and
    /// whether it is translated) as
    /// one hash, worked out once: `serve` keys every archive page by its lines, 30,000 of them
    /// at 10,000 incidents.
    pub fn line_fingerprint(&self) -> u64 {
        super::kept_hash(&self.hashes.line, |h| {
            (
                &self.slug,
                &self.title,
                self.status(),
                self.impact,
                self.started,
                self.resolved,
                // In another language, an untranslated line names the original's language.
                self.translated.is_some(),
            )
                .hash(h);
        })
    }

    /// When it last changed by what it says: its latest update, resolution or start, worked out
    /// once (the API's `page.updated_at` looks at every incident on every rebuild).
    pub fn latest_at(&self) -> Timestamp {
        *self.hashes.latest.get_or_init(|| {
            let updates = self.updates.iter().map(|u| u.at);
            updates.chain(self.resolved).fold(self.started, Timestamp::max)
        })
    }

    /// Its Markdown, read again from where it was validated.
    pub fn text(&self) -> Result<IncidentText<'_>, TextError> {
        Ok(IncidentText {
            incident: self,
            text: self.origin.read()?,
        })
    }

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
        let named_before = |change: usize, status: usize, id: &str| {
            self.components.iter().any(|(c, _)| c == id)
                || self.changes[..change]
                    .iter()
                    .any(|c| c.statuses.iter().any(|(c, _)| c == id))
                || self.changes[change].statuses[..status].iter().any(|(c, _)| c == id)
        };
        // Without allocating: the model asks this of every incident on every build.
        let later = self.changes.iter().enumerate().flat_map(move |(n, change)| {
            change
                .statuses
                .iter()
                .enumerate()
                .filter(move |(s, (id, _))| !named_before(n, *s, id))
                .map(|(_, (id, _))| id.as_str())
        });
        self.components.iter().map(|(id, _)| id.as_str()).chain(later)
    }

    /// Hand `f` the position of each component [`Incident::affected`] names, in that order, as
    /// `position` finds it among a list of component ids that hashes to `ids_key` (one that it
    /// does not find is left out). The positions are kept for the next call with the same
    /// `ids_key`: the model asks this of every incident on every `serve` rebuild, and reading each
    /// id to look it up was most of that.
    pub fn affected_positions(&self, ids_key: u64, position: impl Fn(&str) -> Option<usize>, mut f: impl FnMut(usize)) {
        if let Some((key, kept)) = self.hashes.affected.get()
            && *key == ids_key
        {
            kept.at[..usize::from(kept.len)].iter().for_each(|&n| f(usize::from(n)));
            return;
        }
        let mut kept = Positions::default();
        let mut fits = true;
        for n in self.affected().filter_map(&position) {
            f(n);
            match u16::try_from(n) {
                Ok(n) if usize::from(kept.len) < kept.at.len() => {
                    kept.at[usize::from(kept.len)] = n;
                    kept.len += 1;
                }
                _ => fits = false,
            }
        }
        if fits {
            // Another thread may have set it first, to the same.
            let _ = self.hashes.affected.set((ids_key, kept));
        }
    }

    /// The file it comes from, relative to the site root (its slug is the file's name).
    pub fn path(&self) -> String {
        format!("incidents/{}.md", self.slug)
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

/// How long an incident may stay open before `check` asks whether it was forgotten.
pub const LONG_RUNNING: jiff::SignedDuration = jiff::SignedDuration::from_hours(7 * 24);

/// Read and validate one incident report, keeping its text in memory.
pub fn parse(file: &SourceFile, config: &Config, now: Timestamp) -> (Option<Incident>, Vec<Diagnostic>) {
    parse_at(file, config, now, None)
}

/// Read and validate one incident report read from `root` (`None`: kept in memory); see
/// [`Origin::of`].
pub fn parse_at(
    file: &SourceFile,
    config: &Config,
    now: Timestamp,
    root: Option<&Path>,
) -> (Option<Incident>, Vec<Diagnostic>) {
    document::parse(file, &IncidentChecker { config, now, root })
}

/// Validates incidents against the site's configuration at one instant.
struct IncidentChecker<'a> {
    config: &'a Config,
    now: Timestamp,
    root: Option<&'a Path>,
}

impl Checker for IncidentChecker<'_> {
    type Raw<F: Spans> = RawIncident<F>;
    type Checked = Incident;

    fn check<F: Spans>(
        &self,
        doc: &Document<'_>,
        raw: RawIncident<F>,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Incident> {
        let zone = self.config.timezone.as_ref();
        let slug = doc.identity(&raw.title, diags);
        let impact = raw
            .impact
            .as_ref()
            .map_or(Impact::None, |i| check_impact(doc, i, diags));
        let (started, resolved) = self.window(doc, &raw, diags);
        let mut components = self.statuses(doc, &raw.components, diags);
        components.sort_by_key(|(id, _)| self.config.components.iter().position(|c| &c.id == id));
        let changes = self.changes(doc, &raw.changes, (started, resolved), diags);
        let body = doc.body(parse_update_status, true, zone, diags);
        let updates: Vec<Update> = body
            .updates
            .iter()
            .map(|u| Update {
                status: u.kind,
                at: u.at,
                body: doc.range(u.body),
            })
            .collect();
        if let Some(started) = started {
            warn_outside(doc, &body.updates, started, resolved, diags);
            self.warn_long_running(doc, &raw.started, started, resolved, diags);
        }
        // Informational notices (no impact, no components) end without a "Resolved" update.
        let notice = impact == Impact::None && components.is_empty();
        if let Some(at) = raw.resolved.as_ref().filter(|_| !notice && resolved.is_some()) {
            warn_not_resolved(doc, at, &updates, diags);
        }
        Some(Incident {
            slug,
            title: raw.title.value,
            impact,
            started: started?,
            resolved,
            components,
            changes,
            origin: Origin::of(self.root, doc.path, doc.text),
            summary: doc.range(body.summary),
            updates,
            postmortem: body.postmortem.map(|p| doc.range(p)),
            draft: raw.draft.is_some_and(|d| d.value),
            translated: None,
            hashes: Hashes::default(),
        })
    }
}

/// A resolved incident should tell readers so in its latest update.
fn warn_not_resolved<F>(
    doc: &Document<'_>,
    resolved: &At<TimeText, F>,
    updates: &[Update],
    diags: &mut Vec<Diagnostic>,
) {
    if updates.first().is_some_and(|u| u.status != IncidentStatus::Resolved) {
        diags.push(
            doc.warning_at(
                resolved,
                "the incident is resolved but its latest update is not \"Resolved\"",
            )
            .with_help("add a `## Resolved — <time>` update telling readers it is over"),
        );
    }
}

fn check_impact<F>(doc: &Document<'_>, impact: &At<String, F>, diags: &mut Vec<Diagnostic>) -> Impact {
    let s = &impact.value;
    parse_impact(s).unwrap_or_else(|| {
        let help = match suggest(&s.to_ascii_lowercase(), ["none", "minor", "major", "critical"]) {
            Some(x) => format!("did you mean \"{x}\"?"),
            None => "use none, minor, major or critical (or sev1…sev4)".to_owned(),
        };
        diags.push(doc.error_at(impact, format!("unknown impact \"{s}\"")).with_help(help));
        Impact::None
    })
}

/// Update times should fall inside the incident; a warning, since readers still see them.
fn warn_outside(
    doc: &Document<'_>,
    updates: &[document::BodyUpdate<IncidentStatus>],
    started: Timestamp,
    resolved: Option<Timestamp>,
    diags: &mut Vec<Diagnostic>,
) {
    for u in updates {
        if u.at < started || resolved.is_some_and(|r| u.at > r) {
            let message = format!("the {} update at {} is outside the incident", u.kind.label(), u.at);
            diags.push(
                doc.in_body(
                    Diagnostic::warning(doc.path, message)
                        .with_help("update times should fall between started and resolved"),
                    u.heading,
                ),
            );
        }
    }
}

impl IncidentChecker<'_> {
    /// `started` and `resolved`, in that order.
    fn window<F: Spans>(
        &self,
        doc: &Document<'_>,
        raw: &RawIncident<F>,
        diags: &mut Vec<Diagnostic>,
    ) -> (Option<Timestamp>, Option<Timestamp>) {
        let zone = self.config.timezone.as_ref();
        let started = doc.time("started", &raw.started, zone, diags);
        let resolved = raw.resolved.as_ref().and_then(|r| doc.time("resolved", r, zone, diags));
        if let (Some(s), Some(r), Some(at)) = (started, resolved, &raw.resolved)
            && r < s
        {
            diags.push(
                doc.error_at(at, "resolved is before started")
                    .with_help(format!("resolved ({r}) must be after started ({s})")),
            );
        }
        (started, resolved)
    }

    /// `component: status` pairs, each checked against the configuration.
    fn statuses<F>(
        &self,
        doc: &Document<'_>,
        pairs: &SpannedMap<F>,
        diags: &mut Vec<Diagnostic>,
    ) -> Vec<(String, ComponentStatus)> {
        let mut pairs: Vec<_> = pairs.0.iter().collect();
        // Listed by id, as a map would, so the order never depends on how the file was written.
        pairs.sort_by(|a, b| a.0.value.cmp(&b.0.value));
        pairs
            .into_iter()
            .filter_map(|(id, status)| {
                let known = self.check_component(doc, id, diags);
                let status = check_status(doc, &id.value, status, diags);
                status.filter(|_| known).map(|s| (id.value.clone(), s))
            })
            .collect()
    }

    fn check_component<F>(&self, doc: &Document<'_>, id: &At<String, F>, diags: &mut Vec<Diagnostic>) -> bool {
        let config = self.config;
        if config.component(&id.value).is_some() {
            return true;
        }
        let ids = || config.components.iter().map(|c| c.id.as_str());
        let help = match suggest(&id.value, ids()) {
            Some(s) => format!("did you mean \"{s}\"?"),
            None => format!("declared components: {}", ids().collect::<Vec<_>>().join(", ")),
        };
        diags.push(
            doc.error_at(id, format!("unknown component \"{}\"", id.value))
                .with_help(help),
        );
        false
    }

    /// The `changes` list, in time order; each must fall inside the incident.
    fn changes<F>(
        &self,
        doc: &Document<'_>,
        raw: &[RawChange<F>],
        (started, resolved): (Option<Timestamp>, Option<Timestamp>),
        diags: &mut Vec<Diagnostic>,
    ) -> Vec<StatusChange> {
        let zone = self.config.timezone.as_ref();
        let mut changes = Vec::new();
        for change in raw {
            let when = match super::time::parse_instant(&change.at.value.0, zone) {
                Ok(t) => Some(t),
                Err(why) => {
                    diags.push(
                        doc.error_at(&change.at, "a change's \"at\" is not a valid time")
                            .with_help(why),
                    );
                    None
                }
            };
            let statuses = self.statuses(doc, &change.statuses, diags);
            if let (Some(w), Some(s)) = (when, started)
                && (w < s || resolved.is_some_and(|r| w > r))
            {
                diags.push(
                    doc.error_at(&change.at, "a change falls outside the incident")
                        .with_help("changes must be between started and resolved"),
                );
            }
            if let Some(at) = when {
                changes.push(StatusChange { at, statuses });
            }
        }
        changes.sort_by_key(|c| c.at);
        changes
    }

    /// An incident open for over a week was probably forgotten.
    fn warn_long_running<F>(
        &self,
        doc: &Document<'_>,
        at: &At<TimeText, F>,
        started: Timestamp,
        resolved: Option<Timestamp>,
        diags: &mut Vec<Diagnostic>,
    ) {
        let open = self.now.duration_since(started);
        if resolved.is_none() && open > LONG_RUNNING {
            diags.push(
                doc.warning_at(at, format!("the incident has been open for {} days", open.as_hours() / 24))
                    .with_help("resolve it with `statusmark resolve` if it is over, or post an update so readers know it is still being worked on"),
            );
        }
    }
}

/// An incident's component status: an outage level (or `operational` to mark a recovery).
fn check_status<F>(
    doc: &Document<'_>,
    id: &str,
    status: &At<String, F>,
    diags: &mut Vec<Diagnostic>,
) -> Option<ComponentStatus> {
    let text = &status.value;
    let parsed = ComponentStatus::parse(text.trim());
    let help = match parsed {
        Some(ComponentStatus::UnderMaintenance) => "maintenance is announced in content/maintenance/<slug>.md; an incident uses degraded_performance, partial_outage or major_outage".to_owned(),
        Some(s) => return Some(s),
        None => match suggest(text, INCIDENT_STATUSES) {
            Some(s) => format!("did you mean \"{s}\"?"),
            None => format!(
                "use {} (and operational in `changes` to mark a recovery)",
                INCIDENT_STATUSES.join(", ")
            ),
        },
    };
    diags.push(
        doc.error_at(status, format!("unknown status \"{text}\" for \"{id}\""))
            .with_help(help),
    );
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn affected_components_come_once_each_starting_ones_first() {
        let at: Timestamp = "2026-11-20T14:00:00Z".parse().unwrap_or(Timestamp::UNIX_EPOCH);
        let pair = |id: &str| (id.to_owned(), ComponentStatus::PartialOutage);
        let change = |ids: &[&str]| StatusChange {
            at,
            statuses: ids.iter().map(|id| pair(id)).collect(),
        };
        let incident = |components: &[&str], changes: Vec<StatusChange>| Incident {
            slug: "a".into(),
            title: "A".into(),
            impact: Impact::Minor,
            started: at,
            resolved: None,
            components: components.iter().map(|id| pair(id)).collect(),
            changes,
            origin: Origin::Text("".into()),
            summary: 0..0,
            updates: Vec::new(),
            postmortem: None,
            draft: false,
            translated: None,
            hashes: Default::default(),
        };
        let cases: [(Incident, &[&str]); 4] = [
            (incident(&["api"], vec![]), &["api"]),
            (
                incident(&["api"], vec![change(&["api"]), change(&["web"])]),
                &["api", "web"],
            ),
            (
                incident(&[], vec![change(&["web", "db"]), change(&["db", "web", "cdn"])]),
                &["web", "db", "cdn"],
            ),
            (
                incident(&["db", "api"], vec![change(&["api", "web"]), change(&["web"])]),
                &["db", "api", "web"],
            ),
        ];
        for (i, want) in cases {
            assert_eq!(i.affected().collect::<Vec<_>>(), want);
        }
        // Positions kept for one list of ids are never handed out for another.
        let i = incident(&["db", "api"], vec![change(&["web"])]);
        let positions = |ids: &[&str], key: u64| {
            let mut got = Vec::new();
            i.affected_positions(key, |id| ids.iter().position(|x| *x == id), |n| got.push(n));
            got
        };
        let (first, second) = (["api", "db", "web"], ["web", "db"]);
        for _ in 0..2 {
            assert_eq!(positions(&first, 1), [1, 0, 2]);
            assert_eq!(positions(&second, 2), [1, 0]);
        }
        // More than are kept inline: found each time.
        let ids: Vec<String> = (0..12).map(|n| format!("c{n}")).collect();
        let many: Vec<&str> = ids.iter().map(String::as_str).rev().collect();
        let i = incident(&many, vec![]);
        for _ in 0..2 {
            let mut got = Vec::new();
            i.affected_positions(3, |id| ids.iter().position(|x| x == id), |n| got.push(n));
            assert_eq!(got, (0..12).rev().collect::<Vec<_>>());
        }
    }
}

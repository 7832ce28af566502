//! Upstream snapshots, `data/upstreams/<id>.json`: what a service the site depends on said about
//! itself, normalised from whichever status page it runs, written by `statusmark fetch` and read
//! by `build`. Owns the snapshot's shape, the conversion of the three formats into it (Statuspage
//! and Statusmark through the feed crate's readers, Instatus through the small reader below) and
//! reading a snapshot back. Never touches the network (see [`super::fetch_upstream`]).
//!
//! Formats, told apart by the document itself:
//! - Statusmark `status.json`: has a top-level `version`.
//! - Instatus `summary.json`: `page.status` is `UP`, `HASISSUES` or `UNDERMAINTENANCE`, with
//!   `activeIncidents` and `activeMaintenances`; it lists no components (Instatus's
//!   `/v2/components.json`, `{"components": [{"id", "name", "status": "MAJOROUTAGE", …}]}`, does,
//!   and is read the same way when a `page` is beside it or not).
//! - Statuspage API v2 `summary.json`: everything else with a `page` object.

use std::path::Path;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use statusmark_feed::{ComponentStatus, IncidentStatus, Indicator, MaintenancePhase, StatusFeed};

use super::data::DATA_DIR;
use crate::content::upstream::Upstream;
use crate::diagnostic::Diagnostic;

/// A snapshot larger than this is not read (a normalised page is a few kilobytes); `fetch`
/// refuses to write one, so what it writes `build` always reads.
pub const MAX_SNAPSHOT_BYTES: u64 = 4 * 1024 * 1024;

/// At most this many components are kept of a page (the picked ones are never more than the
/// configuration lists).
pub const MAX_COMPONENTS: usize = 100;
/// At most this many open incidents, and as many maintenances, are kept.
pub const MAX_EVENTS: usize = 20;
/// Names, titles and descriptions are cut to this many characters, an ellipsis included.
pub const MAX_TEXT_CHARS: usize = 200;
/// A link longer than this is dropped: cut, it would lead nowhere.
pub const MAX_URL_CHARS: usize = 2000;

/// Where an upstream's snapshot lives, relative to the root.
pub fn upstream_file(id: &str) -> String {
    format!("{DATA_DIR}/upstreams/{id}.json")
}

/// Which status page software the document came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UpstreamKind {
    Statuspage,
    Instatus,
    Statusmark,
}

impl UpstreamKind {
    pub fn as_str(self) -> &'static str {
        match self {
            UpstreamKind::Statuspage => "statuspage",
            UpstreamKind::Instatus => "instatus",
            UpstreamKind::Statusmark => "statusmark",
        }
    }
}

/// What was kept of one fetch. Statuses are the feed vocabulary's names (`major_outage`,
/// `critical`, `in_progress`), so the file reads on its own.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct UpstreamSnapshot {
    pub id: String,
    /// The address fetched.
    pub source: String,
    pub kind: UpstreamKind,
    pub fetched_at: Timestamp,
    #[serde(default)]
    pub page_name: String,
    /// The page people read, as the document names it (may be empty).
    #[serde(default)]
    pub page_url: String,
    /// The page's own overall indicator (`none`, `minor`, `major`, `critical`, `maintenance`).
    pub indicator: String,
    #[serde(default)]
    pub description: String,
    /// The components kept: the configured ones in configuration order, or all of them.
    #[serde(default)]
    pub components: Vec<UpstreamComponent>,
    /// Configured components the page did not list.
    #[serde(default)]
    pub missing: Vec<String>,
    /// Unresolved incidents.
    #[serde(default)]
    pub incidents: Vec<UpstreamEvent>,
    /// Maintenance windows scheduled or in progress.
    #[serde(default)]
    pub maintenances: Vec<UpstreamEvent>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct UpstreamComponent {
    pub id: String,
    pub name: String,
    pub status: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct UpstreamEvent {
    pub title: String,
    /// `investigating`, `in_progress`, …
    pub status: String,
    #[serde(default)]
    pub url: String,
}

impl UpstreamSnapshot {
    pub fn indicator(&self) -> Indicator {
        Indicator::from_name(&self.indicator)
    }

    /// The one status the site shows for the upstream: the worst of the picked components when
    /// some are picked (unknown when the page listed none of them), else the page's own indicator.
    pub fn status(&self, picked: bool) -> ComponentStatus {
        if picked {
            let known: Vec<ComponentStatus> = self
                .components
                .iter()
                .map(|c| ComponentStatus::from_name(&c.status))
                .filter(|s| *s != ComponentStatus::Unknown)
                .collect();
            if known.is_empty() {
                return ComponentStatus::Unknown;
            }
            return known
                .into_iter()
                .fold(ComponentStatus::Operational, ComponentStatus::worst);
        }
        match self.indicator() {
            Indicator::None => ComponentStatus::Operational,
            Indicator::Minor => ComponentStatus::DegradedPerformance,
            Indicator::Major => ComponentStatus::PartialOutage,
            Indicator::Critical => ComponentStatus::MajorOutage,
            Indicator::Maintenance => ComponentStatus::UnderMaintenance,
            Indicator::Unknown => ComponentStatus::Unknown,
        }
    }

    /// Where the site links: the configured `link`, else the page the document names, else the
    /// address fetched.
    pub fn link<'a>(&'a self, upstream: &'a Upstream) -> &'a str {
        upstream
            .link
            .as_deref()
            .or(Some(self.page_url.as_str()).filter(|u| u.starts_with("https://") || u.starts_with("http://")))
            .unwrap_or(&self.source)
    }
}

/// Read a fetched document into a snapshot of `upstream`. The error says, in a few words, why the
/// answer is not a status page.
pub fn normalise(upstream: &Upstream, body: &[u8], fetched_at: Timestamp) -> Result<UpstreamSnapshot, String> {
    let doc: serde_json::Value = serde_json::from_slice(body).map_err(|e| format!("the answer is not JSON ({e})"))?;
    if !doc.is_object() {
        return Err("the answer is not a JSON object".to_owned());
    }
    let mut snap = if doc.get("version").is_some() {
        from_feed(UpstreamKind::Statusmark, &doc)?
    } else if is_instatus(&doc) {
        instatus(&doc)
    } else {
        from_feed(UpstreamKind::Statuspage, &doc)?
    };
    snap.id.clone_from(&upstream.id);
    snap.source.clone_from(&upstream.url);
    snap.fetched_at = fetched_at;
    pick(&mut snap, &upstream.components);
    bound(&mut snap);
    Ok(snap)
}

/// What an upstream puts on our pages is bounded, whatever it answers: a page with thousands of
/// components or megabyte titles (broken or hostile) must not fill `index.html` and `status.json`.
fn bound(snap: &mut UpstreamSnapshot) {
    snap.components.truncate(MAX_COMPONENTS);
    snap.incidents.truncate(MAX_EVENTS);
    snap.maintenances.truncate(MAX_EVENTS);
    for s in [&mut snap.page_name, &mut snap.description, &mut snap.indicator] {
        cut(s, MAX_TEXT_CHARS);
    }
    drop_long_url(&mut snap.page_url);
    for c in &mut snap.components {
        for s in [&mut c.id, &mut c.name, &mut c.status] {
            cut(s, MAX_TEXT_CHARS);
        }
    }
    for e in snap.incidents.iter_mut().chain(&mut snap.maintenances) {
        cut(&mut e.title, MAX_TEXT_CHARS);
        cut(&mut e.status, MAX_TEXT_CHARS);
        drop_long_url(&mut e.url);
    }
}

/// Cut `s` to at most `max` characters, on a character boundary, the last one an ellipsis.
fn cut(s: &mut String, max: usize) {
    if let Some((at, _)) = s.char_indices().nth(max) {
        let keep = s[..at].char_indices().nth(max - 1).map_or(at, |(i, _)| i);
        s.truncate(keep);
        s.push('…');
    }
}

fn drop_long_url(url: &mut String) {
    if url.chars().nth(MAX_URL_CHARS).is_some() {
        url.clear();
    }
}

fn empty(kind: UpstreamKind) -> UpstreamSnapshot {
    UpstreamSnapshot {
        id: String::new(),
        source: String::new(),
        kind,
        fetched_at: Timestamp::UNIX_EPOCH,
        page_name: String::new(),
        page_url: String::new(),
        indicator: Indicator::Unknown.as_str().to_owned(),
        description: String::new(),
        components: Vec::new(),
        missing: Vec::new(),
        incidents: Vec::new(),
        maintenances: Vec::new(),
    }
}

/// Statuspage and Statusmark documents, through the feed crate's one reader per format.
fn from_feed(kind: UpstreamKind, doc: &serde_json::Value) -> Result<UpstreamSnapshot, String> {
    let feed: StatusFeed = statusmark_feed::read_feed(&doc).map_err(|e| {
        let what = match kind {
            UpstreamKind::Statusmark => "a Statusmark status.json",
            _ => "a Statuspage, Instatus or Statusmark status document",
        };
        format!("the answer is not {what}: {e}")
    })?;
    let mut snap = empty(kind);
    snap.page_name = feed.page.name;
    snap.page_url = feed.page.url;
    snap.indicator = feed.status.indicator.as_str().to_owned();
    snap.description = feed.status.description;
    snap.components = feed
        .components
        .into_iter()
        .map(|c| UpstreamComponent {
            id: c.id,
            name: c.name,
            status: c.status.as_str().to_owned(),
        })
        .collect();
    snap.incidents = feed
        .incidents
        .into_iter()
        .filter(|i| {
            i.resolved_at.is_none() && !matches!(i.status, IncidentStatus::Resolved | IncidentStatus::Postmortem)
        })
        .map(|i| UpstreamEvent {
            title: i.title,
            status: i.status.as_str().to_owned(),
            url: i.url,
        })
        .collect();
    snap.maintenances = feed
        .maintenances
        .into_iter()
        .filter(|m| !matches!(m.status, MaintenancePhase::Completed | MaintenancePhase::Cancelled))
        .map(|m| UpstreamEvent {
            title: m.title,
            status: m.status.as_str().to_owned(),
            url: m.url,
        })
        .collect();
    Ok(snap)
}

fn text(v: &serde_json::Value, key: &str) -> String {
    v.get(key)
        .and_then(serde_json::Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

fn list<'a>(v: &'a serde_json::Value, key: &str) -> impl Iterator<Item = &'a serde_json::Value> {
    v.get(key)
        .and_then(serde_json::Value::as_array)
        .into_iter()
        .flatten()
        .filter(|e| e.is_object())
}

/// Instatus writes `page.status` as one upper-case word, and has `activeIncidents`; Statuspage's
/// `page` has no `status`.
fn is_instatus(doc: &serde_json::Value) -> bool {
    let status = doc
        .get("page")
        .and_then(|p| p.get("status"))
        .and_then(serde_json::Value::as_str);
    let instatus_word = status.is_some_and(|s| matches!(s, "UP" | "HASISSUES" | "UNDERMAINTENANCE"));
    instatus_word
        || doc.get("activeIncidents").is_some()
        || doc.get("activeMaintenances").is_some()
        || list(doc, "components").any(|c| {
            c.get("status")
                .and_then(serde_json::Value::as_str)
                .is_some_and(instatus_word_status)
        })
}

fn instatus_word_status(s: &str) -> bool {
    instatus_status(s).is_some()
}

/// Instatus's component statuses and incident impacts share one vocabulary.
fn instatus_status(word: &str) -> Option<ComponentStatus> {
    Some(match word {
        "OPERATIONAL" => ComponentStatus::Operational,
        "UNDERMAINTENANCE" => ComponentStatus::UnderMaintenance,
        "DEGRADEDPERFORMANCE" => ComponentStatus::DegradedPerformance,
        "PARTIALOUTAGE" => ComponentStatus::PartialOutage,
        "MAJOROUTAGE" => ComponentStatus::MajorOutage,
        _ => return None,
    })
}

/// The small tolerant Instatus reader: every field may be missing; unknown words are unknown.
fn instatus(doc: &serde_json::Value) -> UpstreamSnapshot {
    let mut snap = empty(UpstreamKind::Instatus);
    let page = doc.get("page").cloned().unwrap_or_default();
    snap.page_name = text(&page, "name");
    snap.page_url = text(&page, "url");
    snap.components = list(doc, "components")
        .map(|c| UpstreamComponent {
            id: text(c, "id"),
            name: text(c, "name"),
            status: instatus_status(&text(c, "status"))
                .unwrap_or(ComponentStatus::Unknown)
                .as_str()
                .to_owned(),
        })
        .collect();
    // An incident's impact is the closest thing to a status Instatus gives it.
    let mut worst_impact = None::<ComponentStatus>;
    snap.incidents = list(doc, "activeIncidents")
        .filter(|i| text(i, "status") != "RESOLVED")
        .map(|i| {
            if let Some(s) = instatus_status(&text(i, "impact")) {
                worst_impact = Some(worst_impact.map_or(s, |w| w.worst(s)));
            }
            UpstreamEvent {
                title: text(i, "name"),
                status: IncidentStatus::from_name(&text(i, "status").to_lowercase())
                    .as_str()
                    .to_owned(),
                url: text(i, "url"),
            }
        })
        .collect();
    snap.maintenances = list(doc, "activeMaintenances")
        .filter(|m| text(m, "status") != "COMPLETED")
        .map(|m| UpstreamEvent {
            title: text(m, "name"),
            status: match text(m, "status").as_str() {
                "NOTSTARTEDYET" => MaintenancePhase::Scheduled,
                "INPROGRESS" => MaintenancePhase::InProgress,
                _ => MaintenancePhase::Unknown,
            }
            .as_str()
            .to_owned(),
            url: text(m, "url"),
        })
        .collect();
    let indicator = match text(&page, "status").as_str() {
        "UP" => Indicator::None,
        "UNDERMAINTENANCE" => Indicator::Maintenance,
        // Something is wrong without saying what: the worst open incident says how much.
        "HASISSUES" => match worst_impact {
            Some(s) if s.severity() > ComponentStatus::DegradedPerformance.severity() => {
                Indicator::from_components([s])
            }
            _ => Indicator::Minor,
        },
        _ if !snap.components.is_empty() => {
            Indicator::from_components(snap.components.iter().map(|c| ComponentStatus::from_name(&c.status)))
        }
        _ => Indicator::Unknown,
    };
    snap.indicator = indicator.as_str().to_owned();
    snap.description = match indicator {
        Indicator::Unknown => String::new(),
        i => i.description().to_owned(),
    };
    snap
}

/// Keep the configured components, in configuration order, matched by id, else by name, else by
/// name ignoring case; the ones not found go to `missing`.
fn pick(snap: &mut UpstreamSnapshot, wanted: &[String]) {
    if wanted.is_empty() {
        return;
    }
    let all = std::mem::take(&mut snap.components);
    for w in wanted {
        let found = all
            .iter()
            .find(|c| &c.id == w)
            .or_else(|| all.iter().find(|c| &c.name == w))
            .or_else(|| all.iter().find(|c| c.name.eq_ignore_ascii_case(w)));
        match found {
            Some(c) if !snap.components.contains(c) => snap.components.push(c.clone()),
            Some(_) => {}
            None => snap.missing.push(w.clone()),
        }
    }
}

/// The snapshot as the file holds it: pretty JSON, so a new fetch diffs line by line.
pub fn snapshot_json(snap: &UpstreamSnapshot) -> String {
    let mut s = serde_json::to_string_pretty(snap).unwrap_or_else(|_| "{}".to_owned());
    s.push('\n');
    s
}

/// How an upstream's snapshot stands when the site is built.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum UpstreamRead {
    /// `statusmark fetch` has not written one.
    Missing,
    /// The file is there but cannot be read (a warning says why).
    Unreadable,
    /// The file is another upstream's, or was fetched from an address the configuration no
    /// longer has (its `url` changed): it says nothing about this one (a warning says so).
    Mismatched,
    Read(Box<UpstreamSnapshot>),
}

impl UpstreamRead {
    pub fn snapshot(&self) -> Option<&UpstreamSnapshot> {
        match self {
            UpstreamRead::Read(s) => Some(s),
            _ => None,
        }
    }
}

/// Read one upstream's snapshot; warn about a missing, damaged or out-of-date one.
pub fn read_upstream(root: &Path, upstream: &Upstream, now: Timestamp, warnings: &mut Vec<Diagnostic>) -> UpstreamRead {
    let rel = upstream_file(&upstream.id);
    let full = root.join(&rel);
    let text = match std::fs::metadata(&full) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            warnings.push(
                Diagnostic::warning(&rel, format!("upstream \"{}\" has no snapshot yet", upstream.id)).with_help(
                    "run `statusmark fetch` before `statusmark build`; until then the page shows it as unknown",
                ),
            );
            return UpstreamRead::Missing;
        }
        Ok(m) if m.len() > MAX_SNAPSHOT_BYTES => Err(format!("it is larger than {MAX_SNAPSHOT_BYTES} bytes")),
        _ => std::fs::read_to_string(&full).map_err(|e| e.to_string()),
    };
    let snap = text.and_then(|t| serde_json::from_str::<UpstreamSnapshot>(&t).map_err(|e| e.to_string()));
    match snap {
        Ok(snap) if snap.id != upstream.id || snap.source != upstream.url => {
            let whose = if snap.id == upstream.id {
                format!(
                    "was fetched from another address ({}), not upstream \"{}\"'s url ({})",
                    origin(&snap.source),
                    upstream.id,
                    origin(&upstream.url)
                )
            } else {
                format!("is upstream \"{}\"'s, not \"{}\"'s", snap.id, upstream.id)
            };
            warnings.push(
                Diagnostic::warning(&rel, format!("the snapshot {whose}; it is not shown")).with_help(
                    "run `statusmark fetch` to replace it; until then the page shows the upstream as unknown",
                ),
            );
            UpstreamRead::Mismatched
        }
        Ok(snap) => {
            if now.duration_since(snap.fetched_at) > upstream.stale_after {
                warnings.push(
                    Diagnostic::warning(
                        &rel,
                        format!(
                            "the snapshot of upstream \"{}\" was fetched at {}, longer ago than stale_after",
                            upstream.id, snap.fetched_at
                        ),
                    )
                    .with_help("run `statusmark fetch` before each build; the page shows it as unknown until then"),
                );
            }
            UpstreamRead::Read(Box::new(snap))
        }
        Err(why) => {
            warnings.push(
                Diagnostic::warning(&rel, format!("cannot read the upstream snapshot: {why}"))
                    .with_help("run `statusmark fetch` again to replace it"),
            );
            UpstreamRead::Unreadable
        }
    }
}

/// `scheme://host:port` of an address: what may be printed of it (no user, path or query).
pub fn origin(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return "(not an http address)".to_owned();
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    format!("{scheme}://{host}")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn upstream(components: &[&str]) -> Upstream {
        Upstream {
            id: "up".to_owned(),
            name: "Up".to_owned(),
            url: "https://status.example.com/api/v2/summary.json".to_owned(),
            link: None,
            components: components.iter().map(|s| (*s).to_owned()).collect(),
            affects_overall: false,
            stale_after: crate::content::upstream::DEFAULT_STALE_AFTER,
            translations: Vec::new(),
        }
    }

    fn fixture(path: &str) -> Vec<u8> {
        let path = format!("{}/../../tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    fn at() -> Timestamp {
        "2026-12-01T10:00:00Z".parse().unwrap()
    }

    #[test]
    fn a_statuspage_capture_keeps_the_picked_components_and_the_open_incident() {
        let body = fixture("statuspage/nyu-testpage_summary_incident_critical_monitoring.json");
        let all = normalise(&upstream(&[]), &body, at()).unwrap();
        assert_eq!(all.kind, UpstreamKind::Statuspage);
        assert_eq!(all.page_name, "da70 test page");
        assert_eq!(all.components.len(), 12);
        assert_eq!(all.indicator, "none");
        assert_eq!(all.status(false), ComponentStatus::Operational);
        assert_eq!(all.incidents.len(), 1);
        assert_eq!(all.incidents[0].status, "monitoring");
        assert_eq!(all.fetched_at, at());
        let first = all.components[0].clone();
        let second = all.components[1].clone();
        // By name, by id, and one the page does not have.
        let picked = normalise(
            &upstream(&[&second.name.to_uppercase(), &first.id, "Nope"]),
            &body,
            at(),
        )
        .unwrap();
        assert_eq!(picked.components, [second, first]);
        assert_eq!(picked.missing, ["Nope"]);
        assert_eq!(picked.status(true), ComponentStatus::Operational);
        let back: UpstreamSnapshot = serde_json::from_str(&snapshot_json(&picked)).unwrap();
        assert_eq!(back, picked);
    }

    #[test]
    fn a_statuspage_capture_in_maintenance_is_under_maintenance() {
        let body = fixture("statuspage/nyu-testpage_summary_maintenance_in-progress.json");
        let snap = normalise(&upstream(&["8wzqr487l5d8"]), &body, at()).unwrap();
        assert_eq!(snap.indicator, "maintenance");
        assert_eq!(snap.status(false), ComponentStatus::UnderMaintenance);
        assert_eq!(snap.status(true), ComponentStatus::UnderMaintenance);
        assert_eq!(snap.maintenances.len(), 1);
        assert_eq!(snap.maintenances[0].status, "in_progress");
    }

    /// The shape Instatus pages serve at `/summary.json`, as documented and as pages answer.
    const INSTATUS: &str = r#"{
      "page": {"name": "Manychat", "url": "https://status.manychat.com", "status": "HASISSUES"},
      "activeIncidents": [{"id": "cm1", "name": "Delays in Follow to DM on Instagram",
        "started": "2026-11-30T08:12:00.000Z", "status": "IDENTIFIED", "impact": "PARTIALOUTAGE",
        "url": "https://status.manychat.com/cm1"}],
      "activeMaintenances": [{"id": "cm2", "name": "Database upgrade", "start": "2026-12-02T01:00:00.000Z",
        "status": "NOTSTARTEDYET", "duration": "60", "url": "https://status.manychat.com/cm2"}]
    }"#;

    #[test]
    fn an_instatus_summary_says_what_its_incidents_say() {
        let snap = normalise(&upstream(&[]), INSTATUS.as_bytes(), at()).unwrap();
        assert_eq!(snap.kind, UpstreamKind::Instatus);
        assert_eq!(snap.page_url, "https://status.manychat.com");
        assert_eq!(snap.indicator, "major");
        assert_eq!(snap.status(false), ComponentStatus::PartialOutage);
        assert_eq!(snap.incidents[0].title, "Delays in Follow to DM on Instagram");
        assert_eq!(snap.incidents[0].status, "identified");
        assert_eq!(snap.maintenances[0].status, "scheduled");
        let up = r#"{"page": {"name": "X", "url": "https://x.instatus.com", "status": "UP"}, "activeIncidents": [], "activeMaintenances": []}"#;
        let snap = normalise(&upstream(&[]), up.as_bytes(), at()).unwrap();
        assert_eq!(snap.status(false), ComponentStatus::Operational);
        // A component list (Instatus's /v2/components.json) is picked from like any other.
        let components = r#"{"components": [{"id": "c1", "name": "API", "status": "MAJOROUTAGE"},
            {"id": "c2", "name": "Web", "status": "OPERATIONAL"}]}"#;
        let snap = normalise(&upstream(&["Web"]), components.as_bytes(), at()).unwrap();
        assert_eq!(snap.kind, UpstreamKind::Instatus);
        assert_eq!(snap.status(true), ComponentStatus::Operational);
        let snap = normalise(&upstream(&[]), components.as_bytes(), at()).unwrap();
        assert_eq!(snap.status(false), ComponentStatus::MajorOutage);
    }

    #[test]
    fn a_statusmark_feed_is_read_by_the_feed_reader() {
        let feed = r#"{"version": 1, "page": {"name": "Acme", "url": "https://status.acme.example/"},
          "generated_at": "2026-12-01T09:58:00Z",
          "status": {"indicator": "minor", "description": "Degraded System Service"},
          "components": [{"id": "api", "name": "API", "status": "degraded_performance"},
                         {"id": "web", "name": "Web", "status": "operational"}],
          "incidents": [{"id": "slow", "title": "Slow API", "impact": "minor", "status": "identified",
                         "started_at": "2026-12-01T09:00:00Z", "url": "https://status.acme.example/incidents/slow/",
                         "components": ["api"]},
                        {"id": "old", "title": "Old", "impact": "minor", "status": "resolved",
                         "started_at": "2026-11-01T09:00:00Z", "resolved_at": "2026-11-01T10:00:00Z",
                         "url": "https://status.acme.example/incidents/old/", "components": []}],
          "maintenances": []}"#;
        let snap = normalise(&upstream(&["web"]), feed.as_bytes(), at()).unwrap();
        assert_eq!(snap.kind, UpstreamKind::Statusmark);
        assert_eq!(snap.status(true), ComponentStatus::Operational);
        assert_eq!(snap.status(false), ComponentStatus::DegradedPerformance);
        assert_eq!(snap.incidents.len(), 1, "resolved incidents are dropped");
        assert_eq!(snap.link(&upstream(&[])), "https://status.acme.example/");
    }

    #[test]
    fn garbage_is_refused_with_a_reason() {
        for (body, why) in [
            ("<html>Bad gateway</html>", "not JSON"),
            ("[1, 2]", "not a JSON object"),
            ("{\"hello\": 1}", "not a Statuspage, Instatus or Statusmark"),
            ("{\"version\": 1}", "not a Statusmark status.json"),
        ] {
            let e = normalise(&upstream(&[]), body.as_bytes(), at()).unwrap_err();
            assert!(e.contains(why), "{body}: {e}");
        }
    }

    /// Review finding: nothing bounded what an upstream put on our pages.
    #[test]
    fn a_hostile_page_is_cut_to_the_limits() {
        let long = "é".repeat(5000);
        let components: Vec<serde_json::Value> = (0..500)
            .map(|i| serde_json::json!({"id": format!("c{i}"), "name": format!("{i}{long}"), "status": "operational"}))
            .collect();
        let incidents: Vec<serde_json::Value> = (0..100)
            .map(|i| {
                serde_json::json!({"id": format!("i{i}"), "name": long, "status": "investigating",
                    "impact": "minor", "created_at": "2026-11-30T08:00:00Z",
                    "shortlink": format!("https://x.test/{}", "a".repeat(3000))})
            })
            .collect();
        let doc = serde_json::json!({"page": {"id": "p", "name": long, "url": "https://x.test"},
            "status": {"indicator": "minor", "description": long},
            "components": components, "incidents": incidents, "scheduled_maintenances": []});
        let snap = normalise(&upstream(&[]), doc.to_string().as_bytes(), at()).unwrap();
        assert_eq!(snap.components.len(), MAX_COMPONENTS);
        assert_eq!(snap.incidents.len(), MAX_EVENTS);
        for text in [
            &snap.page_name,
            &snap.description,
            &snap.components[7].name,
            &snap.incidents[0].title,
        ] {
            assert_eq!(text.chars().count(), MAX_TEXT_CHARS, "{text}");
            assert!(text.ends_with("é…"), "cut on a character boundary: {text}");
        }
        assert!(snap.components[7].name.starts_with("7é"));
        assert_eq!(snap.incidents[0].url, "", "a link too long to cut is dropped");
        assert_eq!(snap.page_url, "https://x.test");
    }

    #[test]
    fn text_is_cut_only_when_too_long() {
        for (text, max, want) in [
            ("abc", 3, "abc"),
            ("abcd", 3, "ab…"),
            ("日本語です", 4, "日本語…"),
            ("", 1, ""),
        ] {
            let mut s = text.to_owned();
            cut(&mut s, max);
            assert_eq!(s, want, "{text} to {max}");
        }
    }
}

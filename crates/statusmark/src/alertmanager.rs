//! Alertmanager webhook payloads (version 4) turned into draft incident reports, for
//! `statusmark new incident --from-alertmanager`. This module reads a payload and writes the
//! draft's body text; it never touches the disk (the author commands write the file) and never
//! the network.
//!
//! An alert is not an incident: a person publishes the draft. So everything here is
//! conservative: the payload is machine input read tolerantly (unknown fields ignored) but
//! checked where it matters (version, times), and every string from it reaches the draft as
//! inert Markdown text — escaped, one line, links only to `http(s)` targets — so no payload can
//! add a heading, an update section, raw HTML or a script link to a page.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use statusmark_feed::{ComponentStatus, Impact};

use crate::content::Config;

/// The payload version this module reads (the only one Alertmanager has sent since 0.10).
pub const VERSION: &str = "4";

/// Why a payload cannot become a draft.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PayloadError {
    #[error("not an Alertmanager webhook payload: {0}")]
    Json(String),
    #[error("version \"{0}\" is not supported; Statusmark reads Alertmanager webhook payloads of version \"4\"")]
    Version(String),
    #[error("alert {index} ({name}): {what}")]
    Alert { index: usize, name: String, what: String },
}

/// The payload as Alertmanager sends it: see
/// <https://prometheus.io/docs/alerting/latest/configuration/#webhook_config>. Fields Statusmark
/// does not use are ignored, so a newer Alertmanager's additions are no error.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Payload {
    pub version: String,
    /// Required: it is what recognises a resend.
    pub group_key: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub common_annotations: BTreeMap<String, String>,
    #[serde(default)]
    pub common_labels: BTreeMap<String, String>,
    #[serde(default)]
    pub truncated_alerts: u64,
    pub alerts: Vec<Alert>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Alert {
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
    #[serde(default)]
    pub annotations: BTreeMap<String, String>,
    #[serde(default)]
    pub starts_at: String,
    #[serde(default, rename = "generatorURL")]
    pub generator_url: String,
}

impl Alert {
    fn is_firing(&self) -> bool {
        self.status == "firing"
    }

    fn name(&self) -> &str {
        self.labels.get("alertname").map_or("unnamed alert", String::as_str)
    }
}

/// Read a payload; `Err` says what is wrong in words (with the line and column for bad JSON).
/// The version is checked first, so another version's shape is named as such.
pub fn parse(text: &str) -> Result<Payload, PayloadError> {
    #[derive(Deserialize)]
    struct Head {
        #[serde(default)]
        version: Option<serde_json::Value>,
    }
    let json = |e: serde_json::Error| PayloadError::Json(e.to_string());
    let head: Head = serde_json::from_str(text).map_err(json)?;
    match head.version {
        Some(serde_json::Value::String(v)) if v == VERSION => {}
        Some(serde_json::Value::String(v)) => return Err(PayloadError::Version(v)),
        Some(other) => return Err(PayloadError::Version(other.to_string())),
        None => return Err(PayloadError::Json("missing field `version`".to_owned())),
    }
    serde_json::from_str(text).map_err(json)
}

/// What a payload drafts: everything the draft's text is made of.
#[derive(Debug)]
pub struct AlertDraft {
    pub title: String,
    pub impact: Impact,
    /// The earliest `startsAt` of the firing alerts, to the second (rounded down).
    pub started: Timestamp,
    /// Known components named by the component label, in configuration order.
    pub components: Vec<(String, ComponentStatus)>,
    /// Values of the component label that name no component of the site.
    pub unknown_components: Vec<String>,
    /// Identifies the alert group across resends: a hash of `groupKey`.
    pub group: String,
    firing: Vec<FiringAlert>,
    truncated: u64,
}

#[derive(Debug)]
struct FiringAlert {
    name: String,
    summary: Option<String>,
    description: Option<String>,
    runbook: Option<String>,
    source: Option<String>,
    labels: Vec<(String, String)>,
}

/// Labels shown for each alert, beside its name: the ones that tell a person where to look.
const SHOWN_LABELS: [&str; 7] = ["severity", "instance", "job", "service", "namespace", "cluster", "env"];

/// The group marker's text: a Markdown link reference definition, which renders as nothing.
const GROUP_MARKER: &str = "[alertmanager-group]: #";

/// The marker line a draft of `group` carries.
pub fn group_marker(group: &str) -> String {
    format!("{GROUP_MARKER} \"{group}\"")
}

/// The hash identifying an alert group (its `groupKey`) in a draft.
pub fn group_hash(group_key: &str) -> String {
    let digest = Sha256::digest(group_key.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{}", &hex[..16])
}

/// The draft a payload asks for, or `None` when no alert in it is firing.
pub fn draft(payload: &Payload, config: &Config) -> Result<Option<AlertDraft>, PayloadError> {
    let firing: Vec<(usize, &Alert)> = payload
        .alerts
        .iter()
        .enumerate()
        .filter(|(_, a)| a.is_firing())
        .collect();
    let Some((_, first)) = firing.first() else {
        return Ok(None);
    };
    let mut started: Option<Timestamp> = None;
    for (index, alert) in &firing {
        let at = parse_time(&alert.starts_at).ok_or_else(|| PayloadError::Alert {
            index: index + 1,
            name: one_line(alert.name()),
            what: format!("startsAt \"{}\" is not an RFC 3339 time", one_line(&alert.starts_at)),
        })?;
        started = Some(started.map_or(at, |s| s.min(at)));
    }
    let Some(started) = started else {
        return Ok(None);
    };
    let title = payload
        .common_annotations
        .get("summary")
        .or_else(|| first.annotations.get("summary"))
        .map(|s| title_text(s))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| title_text(first.name()));
    let title = if title.is_empty() { "Alert".to_owned() } else { title };
    let impact = firing
        .iter()
        .map(|(_, a)| {
            a.labels
                .get("severity")
                .or_else(|| payload.common_labels.get("severity"))
                .map_or(Impact::Minor, |s| impact_of(s))
        })
        .max_by_key(|i| impact_rank(*i))
        .unwrap_or(Impact::Minor);
    let label = &config.alerts.component_label;
    let status = ComponentStatus::parse(&config.alerts.component_status).unwrap_or(ComponentStatus::PartialOutage);
    let mut named: Vec<&str> = firing
        .iter()
        .filter_map(|(_, a)| a.labels.get(label).or_else(|| payload.common_labels.get(label)))
        .map(String::as_str)
        .collect();
    named.sort_unstable();
    named.dedup();
    let components = config
        .components
        .iter()
        .filter(|c| named.contains(&c.id.as_str()))
        .map(|c| (c.id.clone(), status))
        .collect();
    let unknown_components = named
        .iter()
        .filter(|n| config.component(n).is_none())
        .map(|n| one_line(n))
        .collect();
    let firing = firing
        .iter()
        .map(|(_, a)| firing_alert(a, &payload.common_annotations, label))
        .collect();
    Ok(Some(AlertDraft {
        title,
        impact,
        started,
        components,
        unknown_components,
        group: group_hash(&payload.group_key),
        firing,
        truncated: payload.truncated_alerts,
    }))
}

fn firing_alert(a: &Alert, common: &BTreeMap<String, String>, component_label: &str) -> FiringAlert {
    let annotation = |key: &str| {
        a.annotations
            .get(key)
            .or_else(|| common.get(key))
            .map(|s| one_line(s))
            .filter(|s| !s.is_empty())
    };
    let shown = SHOWN_LABELS.iter().copied().chain([component_label]);
    let mut labels: Vec<(String, String)> = Vec::new();
    for key in shown {
        if let Some(v) = a.labels.get(key)
            && !labels.iter().any(|(k, _)| k == key)
        {
            labels.push((key.to_owned(), one_line(v)));
        }
    }
    FiringAlert {
        name: one_line(a.name()),
        summary: annotation("summary"),
        description: annotation("description"),
        runbook: annotation("runbook_url"),
        source: Some(one_line(&a.generator_url)).filter(|s| !s.is_empty()),
        labels,
    }
}

fn parse_time(s: &str) -> Option<Timestamp> {
    let t: Timestamp = s.trim().parse().ok()?;
    // Rounded down to the second, the precision authors write; never later than the alert.
    Timestamp::from_second(t.as_second()).ok()
}

/// The `severity` label as an impact.
pub fn impact_of(severity: &str) -> Impact {
    match severity.trim().to_ascii_lowercase().as_str() {
        "critical" => Impact::Critical,
        "major" | "error" | "page" | "high" => Impact::Major,
        "info" | "none" | "low" => Impact::None,
        // warning, minor, medium, and anything unknown.
        _ => Impact::Minor,
    }
}

fn impact_rank(i: Impact) -> u8 {
    match i {
        Impact::Critical => 3,
        Impact::Major => 2,
        Impact::Minor => 1,
        _ => 0,
    }
}

use crate::markdown::one_line;

/// The most characters a drafted title keeps; the author shortens it anyway.
const TITLE_CHARS: usize = 120;

fn title_text(s: &str) -> String {
    let line = one_line(s);
    if line.chars().count() <= TITLE_CHARS {
        return line;
    }
    let mut cut: String = line.chars().take(TITLE_CHARS - 1).collect();
    cut.push('…');
    cut
}

use crate::markdown::inert_text as md_text;

/// A link to `url` if it is http(s), with every character that could end the link target
/// percent-encoded; otherwise the URL as text.
fn md_link(label: &str, url: &str) -> String {
    let lower = url.to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) {
        return format!("{label}: {}", md_text(url));
    }
    let mut target = String::with_capacity(url.len());
    for c in url.chars() {
        if c.is_ascii_graphic() && !"<>()\\\"'`[]{}|^".contains(c) {
            target.push(c);
        } else {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                target.push_str(&format!("%{b:02X}"));
            }
        }
    }
    format!("[{label}]({target})")
}

impl AlertDraft {
    /// Values of the component label that matched no component, for the command to warn about.
    pub fn warnings(&self) -> Vec<String> {
        self.unknown_components
            .iter()
            .map(|c| format!("the alert label names component \"{c}\", which the site does not declare; left out"))
            .collect()
    }

    /// The first update's text: each firing alert with its summary, description, links and the
    /// labels that tell a person where to look; then what the draft left out.
    pub fn alert_list(&self) -> String {
        let n = self.firing.len();
        let mut out = format!(
            "Alertmanager reported {n} firing alert{}. Review this text before publishing: it may name internal systems.\n\n",
            if n == 1 { "" } else { "s" }
        );
        for a in &self.firing {
            out.push_str(&format!("- **{}**", md_text(&a.name)));
            if let Some(s) = &a.summary {
                out.push_str(&format!(": {}", md_text(s)));
            }
            out.push('\n');
            if let Some(d) = &a.description {
                out.push_str(&format!("  - {}\n", md_text(d)));
            }
            let links: Vec<String> = [("runbook", &a.runbook), ("source", &a.source)]
                .into_iter()
                .filter_map(|(label, url)| url.as_deref().map(|u| md_link(label, u)))
                .collect();
            if !links.is_empty() {
                out.push_str(&format!("  - {}\n", links.join(" · ")));
            }
            if !a.labels.is_empty() {
                let labels: Vec<String> = a
                    .labels
                    .iter()
                    .map(|(k, v)| format!("{}={}", md_text(k), md_text(v)))
                    .collect();
                out.push_str(&format!("  - Labels: {}\n", labels.join(", ")));
            }
        }
        if self.truncated > 0 {
            out.push_str(&format!(
                "\nAlertmanager left out {} more alert(s) (max_alerts).\n",
                self.truncated
            ));
        }
        if !self.unknown_components.is_empty() {
            let names: Vec<String> = self.unknown_components.iter().map(|c| md_text(c)).collect();
            out.push_str(&format!(
                "\nNamed by the alerts but not components of this site, so not in `components`: {}.\n",
                names.join(", ")
            ));
        }
        out
    }
}

/// The front-matter name of an impact.
pub fn impact_name(i: Impact) -> &'static str {
    match i {
        Impact::Critical => "critical",
        Impact::Major => "major",
        Impact::Minor => "minor",
        _ => "none",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severities_map_to_impacts() {
        let cases = [
            ("critical", Impact::Critical),
            ("CRITICAL", Impact::Critical),
            ("major", Impact::Major),
            ("error", Impact::Major),
            ("page", Impact::Major),
            ("high", Impact::Major),
            ("warning", Impact::Minor),
            ("minor", Impact::Minor),
            ("medium", Impact::Minor),
            ("info", Impact::None),
            ("none", Impact::None),
            ("low", Impact::None),
            ("whatever", Impact::Minor),
        ];
        for (severity, want) in cases {
            assert_eq!(impact_of(severity), want, "{severity}");
        }
    }

    #[test]
    fn payload_text_cannot_become_markup() {
        let hostile =
            "## Resolved — 2026-01-01T00:00:00Z\n<script>alert(1)</script> [x](javascript:alert(1)) *a* `c` &amp;";
        let md = format!("- {}", md_text(&one_line(hostile)));
        let html = crate::markdown::to_html(&md);
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<a "), "{html}");
        assert!(!html.contains("<h2"), "{html}");
        assert!(!html.contains("<em>"), "{html}");
        assert!(!html.contains("<code>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        // The text reads back as written.
        assert_eq!(crate::markdown::to_plain(&md), one_line(hostile));
    }

    #[test]
    fn only_http_links_are_links_and_their_targets_cannot_break_out() {
        assert_eq!(
            md_link("runbook", "javascript:alert(1)"),
            "runbook: javascript:alert(1)"
        );
        assert_eq!(md_text("1. a-b"), "1\\. a-b");
        assert_eq!(md_text("# x"), "\\# x");
        let link = md_link("source", "https://x.example/a b)<c>");
        assert_eq!(link, "[source](https://x.example/a%20b%29%3Cc%3E)");
        let html = crate::markdown::to_html(&link);
        assert!(html.contains("href=\"https://x.example/a%20b%29%3Cc%3E\""), "{html}");
    }

    #[test]
    fn titles_are_one_line_without_bidi_controls_and_short() {
        assert_eq!(title_text("a\n b\u{202e}c\t"), "a bc");
        let long = "x".repeat(500);
        assert_eq!(title_text(&long).chars().count(), TITLE_CHARS);
    }

    #[test]
    fn bad_payloads_are_errors() {
        assert!(matches!(parse("{"), Err(PayloadError::Json(_))));
        assert!(matches!(
            parse(r#"{"version":"3","alerts":[]}"#),
            Err(PayloadError::Version(v)) if v == "3"
        ));
        assert!(matches!(
            parse(r#"{"version":4,"alerts":[]}"#),
            Err(PayloadError::Version(v)) if v == "4"
        ));
        assert!(matches!(parse(r#"{"alerts":[]}"#), Err(PayloadError::Json(m)) if m.contains("version")));
        // Without a groupKey a resend could not be recognised.
        assert!(matches!(
            parse(r#"{"version":"4","alerts":[]}"#),
            Err(PayloadError::Json(m)) if m.contains("groupKey")
        ));
        assert!(matches!(parse("[]"), Err(PayloadError::Json(_))));
    }
}

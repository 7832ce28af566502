//! The measurement sections of the configuration: `[[probes]]` (checks `statusmark probe` runs),
//! `[[metrics]]` (Prometheus queries `statusmark fetch` runs) and `[alerts]` (how an Alertmanager
//! payload becomes a draft incident). `check` validates them; the commands that touch the network
//! read them; `build` reads only the data files those commands write (see [`crate::measure`]).

use jiff::SignedDuration;
use serde::Deserialize;

use super::notify::{Problem, duration, env_name, problem};
use super::raw::{At, Toml};
use crate::diagnostic::suggest;

type Val<T> = At<T, Toml>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProbe {
    pub id: Val<String>,
    #[serde(default)]
    pub component: Option<Val<String>>,
    pub url: Val<String>,
    #[serde(default)]
    pub method: Option<Val<String>>,
    #[serde(default)]
    pub expect_status: Option<Val<String>>,
    #[serde(default)]
    pub contains: Option<String>,
    #[serde(default)]
    pub timeout: Option<Val<String>>,
    #[serde(default)]
    pub redirects: Option<Val<i64>>,
    #[serde(default)]
    pub latency_target_ms: Option<Val<f64>>,
    #[serde(default)]
    pub draft_after: Option<Val<i64>>,
    /// TLS probes: fewer days left than this is a warning.
    #[serde(default)]
    pub warn_days: Option<Val<i64>>,
    /// A PEM file of extra trusted root certificates, relative to the root.
    #[serde(default)]
    pub ca: Option<Val<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMetric {
    pub id: Val<String>,
    pub name: Val<String>,
    #[serde(default)]
    pub component: Option<Val<String>>,
    pub prometheus_url_env: Val<String>,
    pub query: Val<String>,
    #[serde(default)]
    pub scale: Option<Val<f64>>,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub target: Option<Val<String>>,
    #[serde(default)]
    pub window: Option<Val<String>>,
    #[serde(default)]
    pub step: Option<Val<String>>,
    /// `translations.<code>.name`: the metric's name in another of the site's languages.
    #[serde(default)]
    pub translations: super::languages::RawTranslations<super::languages::RawGroupText>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawAlerts {
    #[serde(default)]
    pub component_label: Option<String>,
    #[serde(default)]
    pub component_status: Option<Val<String>>,
}

/// What a probe checks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProbeTarget {
    /// An `http://` or `https://` URL.
    Http { url: String },
    /// `tcp://host:port`: the connection is the check.
    Tcp { host: String, port: u16 },
    /// `tls://host:port`: the handshake and the certificate's days left.
    Tls { host: String, port: u16 },
}

/// A validated `[[probes]]` entry.
#[derive(Clone, Debug)]
pub struct Probe {
    pub id: String,
    pub component: Option<String>,
    pub target: ProbeTarget,
    /// HTTP method (`GET` by default, `HEAD`, `POST`, …).
    pub method: String,
    /// Accepted HTTP statuses, inclusive (`200-299` by default).
    pub expect_status: (u16, u16),
    /// A substring the body must contain.
    pub contains: Option<String>,
    pub timeout: SignedDuration,
    /// Redirects followed (5 by default; 0: a redirect is the answer).
    pub redirects: u32,
    pub latency_target_ms: Option<f64>,
    /// Consecutive failures before `probe` writes a draft incident (3 by default).
    pub draft_after: u32,
    /// TLS: fewer days of certificate left than this is a warning (14 by default).
    pub warn_days: u32,
    /// `https://` and `tls://`: a PEM file (relative to the site's root) of root certificates
    /// trusted besides the public ones, for services behind a private CA.
    pub ca: Option<String>,
}

/// `< 100`, `>= 99.9`: what a metric's value should be.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Target {
    pub op: Op,
    pub value: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Lt,
    Le,
    Gt,
    Ge,
}

impl Target {
    pub fn met_by(self, v: f64) -> bool {
        match self.op {
            Op::Lt => v < self.value,
            Op::Le => v <= self.value,
            Op::Gt => v > self.value,
            Op::Ge => v >= self.value,
        }
    }

    pub fn symbol(self) -> &'static str {
        match self.op {
            Op::Lt => "<",
            Op::Le => "≤",
            Op::Gt => ">",
            Op::Ge => "≥",
        }
    }
}

/// A validated `[[metrics]]` entry.
#[derive(Clone, Debug)]
pub struct Metric {
    pub id: String,
    pub name: String,
    pub component: Option<String>,
    /// The variable holding Prometheus's base URL (never the URL: the repository is public).
    pub prometheus_url_env: String,
    pub query: String,
    /// Every value is multiplied by this when shown (1 by default).
    pub scale: f64,
    pub unit: String,
    pub target: Option<Target>,
    /// How far back `fetch` asks (24 h by default).
    pub window: SignedDuration,
    /// The resolution `fetch` asks for (5 min by default).
    pub step: SignedDuration,
    /// Its name in the site's other languages (set by the configuration's check).
    pub translations: super::languages::Translations<super::languages::NameText>,
}

/// `[alerts]`: how `statusmark new incident --from-alertmanager` reads an alert.
#[derive(Clone, Debug)]
pub struct AlertsConfig {
    /// The alert label naming the affected component (`component` by default).
    pub component_label: String,
    /// The status the draft gives those components (`partial_outage` by default).
    pub component_status: String,
}

impl Default for AlertsConfig {
    fn default() -> Self {
        AlertsConfig {
            component_label: "component".to_owned(),
            component_status: "partial_outage".to_owned(),
        }
    }
}

/// The most points a metric may ask for in one `fetch` (Prometheus refuses more than 11,000).
pub const MAX_POINTS: i64 = 11_000;

pub(super) fn check_id(v: &Val<String>, what: &str, seen: &mut Vec<String>, out: &mut Vec<Problem>) {
    if !super::ids::valid_id(&v.value) {
        out.push(problem(
            v,
            format!("{what} id \"{}\" is not a valid id", v.value),
            "use lowercase letters, digits, - and _ (it names files under data/)",
        ));
    } else if seen.contains(&v.value) {
        out.push(problem(
            v,
            format!("{what} id \"{}\" is used twice", v.value),
            "give each one its own id",
        ));
    }
    seen.push(v.value.clone());
}

fn check_component(v: Option<&Val<String>>, components: &[&str], out: &mut Vec<Problem>) -> Option<String> {
    let v = v?;
    if !components.contains(&v.value.as_str()) {
        let help = match suggest(&v.value, components.iter().copied()) {
            Some(s) => format!("did you mean \"{s}\"?"),
            None => format!("declared components: {}", components.join(", ")),
        };
        out.push(problem(v, format!("unknown component \"{}\"", v.value), help));
    }
    Some(v.value.clone())
}

fn count(
    v: Option<&Val<i64>>,
    default: u32,
    range: std::ops::RangeInclusive<i64>,
    what: &str,
    out: &mut Vec<Problem>,
) -> u32 {
    let Some(v) = v else { return default };
    if range.contains(&v.value) {
        u32::try_from(v.value).unwrap_or(default)
    } else {
        out.push(problem(
            v,
            format!("{what} {} is out of range", v.value),
            format!("use a whole number from {} to {}", range.start(), range.end()),
        ));
        default
    }
}

/// `host:port` after a `tcp://` or `tls://` scheme.
fn host_port(rest: &str) -> Option<(String, u16)> {
    let (host, port) = rest.trim_end_matches('/').rsplit_once(':')?;
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let port = port.parse().ok().filter(|p| *p > 0)?;
    (!host.is_empty() && !host.contains('/')).then(|| (host.to_owned(), port))
}

fn target_of(v: &Val<String>, out: &mut Vec<Problem>) -> ProbeTarget {
    let url = v.value.trim();
    let parsed = if url.starts_with("https://") || url.starts_with("http://") {
        Some(ProbeTarget::Http { url: url.to_owned() })
    } else if let Some(rest) = url.strip_prefix("tcp://") {
        host_port(rest).map(|(host, port)| ProbeTarget::Tcp { host, port })
    } else if let Some(rest) = url.strip_prefix("tls://") {
        host_port(rest).map(|(host, port)| ProbeTarget::Tls { host, port })
    } else {
        None
    };
    parsed.unwrap_or_else(|| {
        out.push(problem(
            v,
            format!("\"{}\" is not a probe address", v.value),
            "write https://host/path, http://…, tcp://host:port or tls://host:port",
        ));
        ProbeTarget::Http { url: url.to_owned() }
    })
}

fn status_range(v: &Val<String>, out: &mut Vec<Problem>) -> (u16, u16) {
    let parse = |s: &str| s.trim().parse::<u16>().ok().filter(|n| (100..=599).contains(n));
    let range = match v.value.split_once('-') {
        Some((a, b)) => parse(a).zip(parse(b)).filter(|(a, b)| a <= b),
        None => parse(&v.value).map(|n| (n, n)),
    };
    range.unwrap_or_else(|| {
        out.push(problem(
            v,
            format!("expect_status \"{}\" is not a status or range", v.value),
            "write one HTTP status (\"204\") or a range (\"200-299\")",
        ));
        (200, 299)
    })
}

/// `ca`: a relative path inside the site (the file is read by `probe`, which names it when it
/// cannot), and only where there is TLS to verify.
fn ca_file(v: &Val<String>, target: &ProbeTarget, out: &mut Vec<Problem>) -> Option<String> {
    let path = std::path::Path::new(&v.value);
    let inside = !v.value.trim().is_empty()
        && path.is_relative()
        && path
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_) | std::path::Component::CurDir));
    if !inside {
        out.push(problem(
            v,
            format!("ca \"{}\" is not a path inside the site", v.value),
            "give a PEM file relative to the site's root, such as \"content/internal-ca.pem\"",
        ));
    }
    let tls = match target {
        ProbeTarget::Http { url } => url.starts_with("https://"),
        ProbeTarget::Tcp { .. } => false,
        ProbeTarget::Tls { .. } => true,
    };
    if !tls {
        out.push(problem(
            v,
            "ca applies only to https:// and tls:// probes",
            "remove it, or probe the https:// or tls:// address",
        ));
    }
    Some(v.value.clone())
}

pub fn check_probes(raw: Vec<RawProbe>, components: &[&str], out: &mut Vec<Problem>) -> Vec<Probe> {
    let mut seen = Vec::new();
    raw.into_iter()
        .map(|r| {
            check_id(&r.id, "probe", &mut seen, out);
            let target = target_of(&r.url, out);
            let method = r.method.as_ref().map_or_else(
                || "GET".to_owned(),
                |m| {
                    let upper = m.value.to_ascii_uppercase();
                    if !["GET", "HEAD", "POST", "PUT", "OPTIONS"].contains(&upper.as_str()) {
                        out.push(problem(
                            m,
                            format!("unknown method \"{}\"", m.value),
                            "use GET, HEAD, POST, PUT or OPTIONS",
                        ));
                    }
                    upper
                },
            );
            let timeout = r
                .timeout
                .as_ref()
                .and_then(|t| duration(t, "timeout", out))
                .unwrap_or(SignedDuration::from_secs(10));
            if timeout > SignedDuration::from_secs(120)
                && let Some(t) = &r.timeout
            {
                out.push(problem(t, "a probe's timeout is at most 2 minutes", "use e.g. \"10s\""));
            }
            if let Some(l) = &r.latency_target_ms
                && !(l.value.is_finite() && l.value > 0.0)
            {
                out.push(problem(
                    l,
                    "latency_target_ms must be a positive number of milliseconds",
                    "e.g. 300",
                ));
            }
            Probe {
                id: r.id.value,
                component: check_component(r.component.as_ref(), components, out),
                method,
                expect_status: r.expect_status.as_ref().map_or((200, 299), |s| status_range(s, out)),
                contains: r.contains,
                timeout,
                redirects: count(r.redirects.as_ref(), 5, 0..=20, "redirects", out),
                latency_target_ms: r.latency_target_ms.map(|l| l.value),
                draft_after: count(r.draft_after.as_ref(), 3, 1..=10_000, "draft_after", out),
                warn_days: count(r.warn_days.as_ref(), 14, 0..=3650, "warn_days", out),
                ca: r.ca.as_ref().and_then(|c| ca_file(c, &target, out)),
                target,
            }
        })
        .collect()
}

fn target(v: &Val<String>, out: &mut Vec<Problem>) -> Option<Target> {
    let s = v.value.trim();
    let (op, rest) = [("<=", Op::Le), (">=", Op::Ge), ("<", Op::Lt), (">", Op::Gt)]
        .into_iter()
        .find_map(|(p, op)| s.strip_prefix(p).map(|rest| (op, rest)))
        .unzip();
    match (
        op,
        rest.and_then(|r| r.trim().parse::<f64>().ok())
            .filter(|v| v.is_finite()),
    ) {
        (Some(op), Some(value)) => Some(Target { op, value }),
        _ => {
            out.push(problem(
                v,
                format!("target \"{}\" is not a comparison", v.value),
                "write <, <=, > or >= and a number, such as \"< 100\" or \">= 99.9\"",
            ));
            None
        }
    }
}

pub fn check_metrics(raw: Vec<RawMetric>, components: &[&str], out: &mut Vec<Problem>) -> Vec<Metric> {
    let mut seen = Vec::new();
    raw.into_iter()
        .map(|r| {
            check_id(&r.id, "metric", &mut seen, out);
            if r.query.value.trim().is_empty() {
                out.push(problem(&r.query, "the query is empty", "write a PromQL expression"));
            }
            let window = r
                .window
                .as_ref()
                .and_then(|w| duration(w, "window", out))
                .unwrap_or(SignedDuration::from_hours(24));
            let step = r
                .step
                .as_ref()
                .and_then(|s| duration(s, "step", out))
                .unwrap_or(SignedDuration::from_mins(5));
            if step.as_secs() > 0
                && window.as_secs() / step.as_secs() > MAX_POINTS
                && let Some(s) = r.step.as_ref().or(r.window.as_ref())
            {
                out.push(problem(
                    s,
                    format!("window / step asks for more than {MAX_POINTS} points"),
                    "use a longer step or a shorter window",
                ));
            }
            let scale = r.scale.as_ref().map_or(1.0, |s| {
                if !(s.value.is_finite() && s.value != 0.0) {
                    out.push(problem(
                        s,
                        "scale must be a non-zero number",
                        "e.g. 1000 for seconds → ms",
                    ));
                }
                s.value
            });
            Metric {
                id: r.id.value,
                name: r.name.value,
                component: check_component(r.component.as_ref(), components, out),
                prometheus_url_env: env_name(&r.prometheus_url_env, out),
                query: r.query.value,
                scale,
                unit: r.unit.unwrap_or_default(),
                target: r.target.as_ref().and_then(|t| target(t, out)),
                window,
                step,
                translations: Vec::new(),
            }
        })
        .collect()
}

pub fn check_alerts(raw: RawAlerts, out: &mut Vec<Problem>) -> AlertsConfig {
    let mut alerts = AlertsConfig::default();
    if let Some(l) = raw.component_label {
        alerts.component_label = l;
    }
    if let Some(s) = raw.component_status {
        // Incident statuses: an alert is never maintenance.
        const STATUSES: [&str; 3] = ["degraded_performance", "partial_outage", "major_outage"];
        if !STATUSES.contains(&s.value.as_str()) {
            out.push(problem(
                &s,
                format!("unknown status \"{}\"", s.value),
                format!("use one of {}", STATUSES.join(", ")),
            ));
        }
        alerts.component_status = s.value;
    }
    alerts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_and_targets_parse() {
        let mut out = Vec::new();
        let v = |s: &str| Val::new(s.to_owned(), 0..0);
        assert_eq!(
            target_of(&v("tcp://db.example:5432"), &mut out),
            ProbeTarget::Tcp {
                host: "db.example".into(),
                port: 5432
            }
        );
        assert_eq!(
            target_of(&v("tls://[::1]:8443"), &mut out),
            ProbeTarget::Tls {
                host: "::1".into(),
                port: 8443
            }
        );
        assert!(out.is_empty());
        target_of(&v("ftp://x"), &mut out);
        target_of(&v("tcp://nohost"), &mut out);
        assert_eq!(out.len(), 2);
        out.clear();
        assert_eq!(target(&v("<= 0.1"), &mut out), Some(Target { op: Op::Le, value: 0.1 }));
        assert!(target(&v("< 100"), &mut out).is_some_and(|t| t.met_by(87.0) && !t.met_by(100.0)));
        assert_eq!(target(&v("about 100"), &mut out), None);
        assert_eq!(status_range(&v("200-299"), &mut out), (200, 299));
        assert_eq!(status_range(&v("204"), &mut out), (204, 204));
        assert_eq!(out.len(), 1);
        out.clear();
        let alerts = |s: &str| RawAlerts {
            component_label: None,
            component_status: Some(v(s)),
        };
        assert_eq!(
            check_alerts(alerts("major_outage"), &mut out).component_status,
            "major_outage"
        );
        assert!(out.is_empty());
        check_alerts(alerts("under_maintenance"), &mut out);
        assert_eq!(out.len(), 1, "an alert is never maintenance");
    }

    #[test]
    fn a_ca_file_is_a_path_inside_the_site_for_tls_probes() {
        let v = |s: &str| Val::new(s.to_owned(), 0..0);
        let https = ProbeTarget::Http {
            url: "https://internal.example/health".into(),
        };
        let tls = ProbeTarget::Tls {
            host: "db.internal".into(),
            port: 5432,
        };
        let http = ProbeTarget::Http {
            url: "http://internal.example/".into(),
        };
        let tcp = ProbeTarget::Tcp {
            host: "db.internal".into(),
            port: 5432,
        };
        for (path, target, problems) in [
            ("content/ca.pem", &https, 0),
            ("./certs/ca.pem", &tls, 0),
            ("content/ca.pem", &http, 1),
            ("content/ca.pem", &tcp, 1),
            ("/etc/ssl/ca.pem", &https, 1),
            ("../outside/ca.pem", &https, 1),
            ("", &https, 1),
            ("/etc/ca.pem", &tcp, 2),
        ] {
            let mut out = Vec::new();
            assert_eq!(ca_file(&v(path), target, &mut out).as_deref(), Some(path));
            assert_eq!(out.len(), problems, "{path} for {target:?}: {out:?}");
        }
    }
}

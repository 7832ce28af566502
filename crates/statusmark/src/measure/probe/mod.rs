//! `statusmark probe`: run every configured `[[probes]]` check once, append one line per check to
//! its month file under `data/probes/`, and draft an incident for a probe that keeps failing.
//!
//! This module owns the run: which probes, how many at once, how long a run may take, and the
//! order things are written in. The checks themselves live in [`http`] and [`net`], the data
//! files in [`store`], the drafts in [`draft`]. It never publishes anything: a draft is for a
//! person to confirm.

pub mod draft;
pub mod http;
pub mod net;
pub mod store;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use jiff::Timestamp;

use super::data::{Outcome, ProbeRecord};
use crate::content::config::{self, CONFIG_PATH, Config};
use crate::content::measure::{Probe, ProbeTarget};
use crate::diagnostic::Diagnostic;

/// At most this many checks run at once: enough to hide network latency, few enough to be kind
/// to a CI runner and to the services checked.
pub const CONCURRENCY: usize = 8;

/// What a run may take beyond the largest timeout before the checks still running are recorded as
/// timed out and the run ends without them.
pub const GRACE: Duration = Duration::from_secs(2);

/// How `statusmark probe` was asked to run.
#[derive(Clone, Debug)]
pub struct Options {
    pub root: PathBuf,
    /// The time recorded for every check of this run; the clock by default. Certificates are
    /// always checked against the clock.
    pub now: Option<Timestamp>,
    /// Run only these probes (by id); all when empty.
    pub only: Vec<String>,
}

/// Why a run could not do its work. A probe that fails is not an error: it is a `down` line.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ProbeError {
    #[error("{} error(s) in the configuration", .0.len())]
    Config(Vec<Diagnostic>),
    #[error("no probe has the id \"{id}\"{}", suggestion(.hint))]
    UnknownProbe { id: String, hint: Option<String> },
    #[error("cannot use {path} as the trusted roots of probe \"{probe}\": {reason}")]
    Ca {
        probe: String,
        path: String,
        reason: String,
    },
    #[error("cannot write {path}: {source}")]
    Data { path: String, source: std::io::Error },
    #[error("cannot write the draft incident {path}: {source}")]
    Draft { path: String, source: std::io::Error },
}

fn suggestion(s: &Option<String>) -> String {
    s.as_ref()
        .map(|s| format!("; did you mean \"{s}\"?"))
        .unwrap_or_default()
}

/// What one check found, for one probe.
#[derive(Clone, Debug)]
pub struct Checked {
    pub probe_id: String,
    pub record: ProbeRecord,
}

/// What a run did.
#[derive(Debug, Default)]
pub struct RunReport {
    /// One per probe run, in configuration order.
    pub checked: Vec<Checked>,
    /// Draft incidents this run wrote, relative to the root (none when the outage already had one).
    pub drafts: Vec<String>,
}

/// Read only the configuration: incidents are none of `probe`'s business, and a draft that the
/// incident parser does not accept yet must not stop the checks.
pub fn load_config(root: &Path) -> Result<Config, ProbeError> {
    let file = crate::content::read_source(root, CONFIG_PATH).map_err(|d| ProbeError::Config(vec![d]))?;
    config::parse_in(&file, root).map_err(ProbeError::Config)
}

/// The probes `only` names, in configuration order; all of them when it is empty.
fn selected<'a>(probes: &'a [Probe], only: &[String]) -> Result<Vec<&'a Probe>, ProbeError> {
    for id in only {
        if !probes.iter().any(|p| &p.id == id) {
            let hint = crate::diagnostic::suggest(id, probes.iter().map(|p| p.id.as_str())).map(str::to_owned);
            return Err(ProbeError::UnknownProbe { id: id.clone(), hint });
        }
    }
    Ok(probes
        .iter()
        .filter(|p| only.is_empty() || only.contains(&p.id))
        .collect())
}

/// Run the selected probes once, append their lines and write the drafts that are due.
/// `warn` gets what a person should know that is not a result (a draft written, a line repaired).
pub fn run(opts: &Options, warn: &dyn Fn(&str)) -> Result<RunReport, ProbeError> {
    let config = load_config(&opts.root)?;
    let probes = selected(&config.probes, &opts.only)?;
    let trust = probes
        .iter()
        .map(|p| net::Trust::for_probe(&opts.root, p).map(Arc::new))
        .collect::<Result<Vec<_>, _>>()?;
    // Whole seconds, as the data files record them: the line just written must not look later
    // than the run that wrote it, nor land in the next month's file.
    let now = opts.now.unwrap_or_else(Timestamp::now);
    let now = Timestamp::from_second(now.as_second()).unwrap_or(now);
    let records = check_all(&probes, &trust, now);
    let mut report = RunReport::default();
    let mut ran = Vec::with_capacity(probes.len());
    for (probe, record) in probes.iter().zip(records) {
        let Some(record) = record else {
            warn(&format!(
                "warning: probe {} was not run: the run's time ran out while other checks used all {CONCURRENCY} slots (nothing recorded)",
                probe.id
            ));
            continue;
        };
        ran.push(*probe);
        store::append(&opts.root, &probe.id, &record, warn)?;
        report.checked.push(Checked {
            probe_id: probe.id.clone(),
            record,
        });
    }
    for (probe, checked) in ran.iter().zip(&report.checked) {
        if checked.record.outcome != Outcome::Down {
            continue;
        }
        if let Some((path, outage)) = draft::write_if_due(&opts.root, &config, probe, now)? {
            warn(&format!(
                "note: wrote a draft incident {path}: probe {} failed {} time(s) in a row since {}; a person must confirm and publish it",
                probe.id, outage.failures, outage.first
            ));
            report.drafts.push(path);
        }
    }
    Ok(report)
}

/// Run the checks on up to [`CONCURRENCY`] threads. Returns one record per probe, in order. A
/// check that has not answered by the largest timeout plus [`GRACE`] is recorded as timed out
/// and left behind, so a run never takes longer than its timeouts allow; a check that had not
/// even started then (more slow probes than slots) is `None`: recording it as down would invent
/// an outage.
fn check_all(probes: &[&Probe], trust: &[Arc<net::Trust>], now: Timestamp) -> Vec<Option<ProbeRecord>> {
    let started = Instant::now();
    let longest = probes.iter().map(|p| timeout_of(p)).max().unwrap_or_default();
    let deadline = started + longest + GRACE;
    let jobs: Arc<Vec<(Probe, Arc<net::Trust>)>> = Arc::new(
        probes
            .iter()
            .zip(trust)
            .map(|(p, t)| ((*p).clone(), Arc::clone(t)))
            .collect(),
    );
    let next = Arc::new(AtomicUsize::new(0));
    let begun: Arc<Vec<AtomicBool>> = Arc::new(probes.iter().map(|_| AtomicBool::new(false)).collect());
    let (tx, rx) = mpsc::channel();
    for _ in 0..CONCURRENCY.min(probes.len()) {
        let (jobs, next, begun, tx) = (Arc::clone(&jobs), Arc::clone(&next), Arc::clone(&begun), tx.clone());
        std::thread::spawn(move || {
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some((probe, trust)) = jobs.get(i) else { break };
                // Start a check only if it can run to its own timeout (and a second more) by
                // the deadline; an overrun is then a check that really outlived its timeout.
                if Instant::now() + timeout_of(probe) + GRACE / 2 > deadline {
                    continue;
                }
                if let Some(b) = begun.get(i) {
                    b.store(true, Ordering::SeqCst);
                }
                let record = check(probe, trust, now);
                if tx.send((i, record)).is_err() {
                    break;
                }
            }
        });
    }
    drop(tx);
    let mut records: Vec<Option<ProbeRecord>> = vec![None; probes.len()];
    let mut missing = probes.len();
    while missing > 0 {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok((i, record)) => {
                if let Some(slot) = records.get_mut(i)
                    && slot.replace(record).is_none()
                {
                    missing -= 1;
                }
            }
            Err(_) => break,
        }
    }
    records
        .into_iter()
        .zip(probes)
        .zip(begun.iter())
        .map(|((r, p), begun)| r.or_else(|| begun.load(Ordering::SeqCst).then(|| overrun(p, now))))
        .collect()
}

/// A check that outlived the run's deadline (a resolver that ignores timeouts, a server feeding
/// the handshake one byte at a time).
fn overrun(probe: &Probe, now: Timestamp) -> ProbeRecord {
    let mut r = down(now, timed_out(timeout_of(probe)));
    r.total_ms = Some(millis(timeout_of(probe)));
    r
}

/// Run one check.
pub fn check(probe: &Probe, trust: &net::Trust, now: Timestamp) -> ProbeRecord {
    let timeout = timeout_of(probe);
    match &probe.target {
        ProbeTarget::Http { url } => http::check(probe, url, trust, timeout, now),
        ProbeTarget::Tcp { host, port } => net::check_tcp(host, *port, timeout, now),
        ProbeTarget::Tls { host, port } => net::check_tls(host, *port, trust, probe.warn_days, timeout, now),
    }
}

pub fn timeout_of(probe: &Probe) -> Duration {
    Duration::try_from(probe.timeout).unwrap_or(Duration::from_secs(10))
}

/// A `down` record with nothing measured yet.
pub fn down(time: Timestamp, detail: impl Into<String>) -> ProbeRecord {
    ProbeRecord {
        time,
        outcome: Outcome::Down,
        status: None,
        total_ms: None,
        dns_ms: None,
        connect_ms: None,
        tls_ms: None,
        first_byte_ms: None,
        cert_days: None,
        detail: detail.into(),
    }
}

pub fn millis(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// "timed out after 10 s" (or "after 1.5 s").
pub fn timed_out(timeout: Duration) -> String {
    let secs = timeout.as_secs_f64();
    if timeout.subsec_millis() == 0 {
        format!("timed out after {secs:.0} s")
    } else {
        format!("timed out after {secs} s")
    }
}

/// The one line `statusmark probe` prints per probe: `api-health up 200 87 ms`.
pub fn summary_line(probe_id: &str, r: &ProbeRecord) -> String {
    let mut line = format!("{probe_id} {}", r.outcome.as_str());
    if let Some(s) = r.status {
        line.push_str(&format!(" {s}"));
    }
    if let Some(t) = r.total_ms {
        line.push_str(&format!(" {t:.0} ms"));
    }
    // Once expired, the detail says so better than a negative count.
    if let Some(d) = r.cert_days.filter(|d| *d >= 0) {
        line.push_str(&format!(", certificate {d} day(s) left"));
    }
    if !r.detail.is_empty() {
        line.push_str(&format!(": {}", r.detail));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_lines_say_what_was_found() {
        let t: Timestamp = "2026-12-02T10:00:00Z".parse().expect("time");
        let mut r = down(t, "");
        r.outcome = Outcome::Up;
        r.status = Some(200);
        r.total_ms = Some(87.4);
        assert_eq!(summary_line("api-health", &r), "api-health up 200 87 ms");
        let r = down(t, timed_out(Duration::from_secs(10)));
        assert_eq!(summary_line("db", &r), "db down: timed out after 10 s");
        assert_eq!(timed_out(Duration::from_millis(1500)), "timed out after 1.5 s");
    }

    #[test]
    fn only_names_known_probes() {
        let probe = |id: &str| Probe {
            id: id.to_owned(),
            component: None,
            target: ProbeTarget::Tcp {
                host: "127.0.0.1".into(),
                port: 1,
            },
            method: "GET".into(),
            expect_status: (200, 299),
            contains: None,
            timeout: jiff::SignedDuration::from_secs(1),
            redirects: 5,
            latency_target_ms: None,
            draft_after: 3,
            warn_days: 14,
            ca: None,
        };
        let probes = [probe("api-health"), probe("db")];
        let picked = selected(&probes, &["db".to_owned()]).expect("known");
        assert_eq!(picked.len(), 1);
        assert_eq!(selected(&probes, &[]).expect("all").len(), 2);
        let err = selected(&probes, &["api-helth".to_owned()]).expect_err("unknown");
        assert_eq!(
            err.to_string(),
            "no probe has the id \"api-helth\"; did you mean \"api-health\"?"
        );
    }
}

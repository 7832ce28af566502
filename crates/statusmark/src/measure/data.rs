//! The data files the measurement commands write and `build` reads: the only interface between
//! the network and the site.
//!
//! - `data/probes/<probe-id>/<YYYY-MM>.csv`: one line per check, appended whole by `statusmark
//!   probe` ([`ProbeRecord`]). The first line of a file is [`PROBE_HEADER`].
//! - `data/metrics/<metric-id>.json`: the latest answer of Prometheus for a metric, replaced
//!   atomically by `statusmark fetch` ([`MetricSnapshot`]).
//! - `data/upstreams/<upstream-id>.json`: what a service the site depends on said on its own
//!   status page, replaced atomically by `statusmark fetch` ([`super::upstream`]).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// Where the data files live, relative to the site's root.
pub const DATA_DIR: &str = "data";

/// The first line of every probe file.
pub const PROBE_HEADER: &str = "time,outcome,status,total_ms,dns_ms,connect_ms,tls_ms,first_byte_ms,cert_days,detail";

/// What one check found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// Answered as expected.
    Up,
    /// Failed: refused, timed out, wrong status or body, bad certificate.
    Down,
    /// Answered, but something needs attention soon (a certificate close to expiry).
    Warn,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Up => "up",
            Outcome::Down => "down",
            Outcome::Warn => "warn",
        }
    }

    fn parse(s: &str) -> Option<Outcome> {
        match s {
            "up" => Some(Outcome::Up),
            "down" => Some(Outcome::Down),
            "warn" => Some(Outcome::Warn),
            _ => None,
        }
    }

    /// Whether the check counts as available (a warning is still up).
    pub fn is_up(self) -> bool {
        self != Outcome::Down
    }
}

/// One line of a probe file. Times are milliseconds; a phase that did not happen (no DNS for an IP
/// address, no TLS for `http://`, nothing after a refused connection) is `None`.
#[derive(Clone, Debug, PartialEq)]
pub struct ProbeRecord {
    /// When the check started, to the second.
    pub time: Timestamp,
    pub outcome: Outcome,
    /// The HTTP status, for HTTP probes that got an answer.
    pub status: Option<u16>,
    /// From start to the end of the answer (or to the failure).
    pub total_ms: Option<f64>,
    pub dns_ms: Option<f64>,
    pub connect_ms: Option<f64>,
    pub tls_ms: Option<f64>,
    pub first_byte_ms: Option<f64>,
    /// Whole days until the certificate expires (TLS and HTTPS probes), negative once expired.
    pub cert_days: Option<i64>,
    /// Why it is down or a warning, in a few words; empty when up.
    pub detail: String,
}

/// Why a line could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineError {
    /// Fewer fields than the header has: a line cut short (a run killed while appending).
    Torn,
    /// A field that does not parse.
    Field(&'static str),
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LineError::Torn => f.write_str("the line is cut short"),
            LineError::Field(name) => write!(f, "its {name} field is not valid"),
        }
    }
}

fn ms(v: Option<f64>, out: &mut String) {
    if let Some(v) = v.filter(|v| v.is_finite()) {
        let _ = write!(out, "{:.1}", v.max(0.0));
    }
}

impl ProbeRecord {
    /// The record as one CSV line, without the newline. `detail` is always quoted.
    pub fn to_line(&self) -> String {
        let mut s = String::with_capacity(96);
        let _ = write!(
            s,
            "{},{},",
            Timestamp::from_second(self.time.as_second()).unwrap_or(self.time),
            self.outcome.as_str()
        );
        if let Some(st) = self.status {
            let _ = write!(s, "{st}");
        }
        for v in [
            self.total_ms,
            self.dns_ms,
            self.connect_ms,
            self.tls_ms,
            self.first_byte_ms,
        ] {
            s.push(',');
            ms(v, &mut s);
        }
        s.push(',');
        if let Some(d) = self.cert_days {
            let _ = write!(s, "{d}");
        }
        s.push_str(",\"");
        for c in self.detail.chars() {
            match c {
                '"' => s.push_str("\"\""),
                '\n' | '\r' => s.push(' '),
                c => s.push(c),
            }
        }
        s.push('"');
        s
    }

    /// Read one line (without its newline). The header line is an error (`Field("time")`); callers
    /// skip it first.
    pub fn parse_line(line: &str) -> Result<ProbeRecord, LineError> {
        let mut fields = line.splitn(10, ',');
        let mut next = || fields.next().ok_or(LineError::Torn);
        let time: Timestamp = next()?.parse().map_err(|_| LineError::Field("time"))?;
        let outcome = Outcome::parse(next()?).ok_or(LineError::Field("outcome"))?;
        let opt_num = |s: &str, name: &'static str| -> Result<Option<f64>, LineError> {
            if s.is_empty() {
                return Ok(None);
            }
            s.parse::<f64>()
                .ok()
                .filter(|v| v.is_finite() && *v >= 0.0)
                .map(Some)
                .ok_or(LineError::Field(name))
        };
        let status = match next()? {
            "" => None,
            s => Some(s.parse::<u16>().map_err(|_| LineError::Field("status"))?),
        };
        let total_ms = opt_num(next()?, "total_ms")?;
        let dns_ms = opt_num(next()?, "dns_ms")?;
        let connect_ms = opt_num(next()?, "connect_ms")?;
        let tls_ms = opt_num(next()?, "tls_ms")?;
        let first_byte_ms = opt_num(next()?, "first_byte_ms")?;
        let cert_days = match next()? {
            "" => None,
            s => Some(s.parse::<i64>().map_err(|_| LineError::Field("cert_days"))?),
        };
        let detail = next()?;
        let detail = match detail.strip_prefix('"') {
            Some(rest) => rest.strip_suffix('"').ok_or(LineError::Torn)?.replace("\"\"", "\""),
            None => detail.to_owned(),
        };
        Ok(ProbeRecord {
            time,
            outcome,
            status,
            total_ms,
            dns_ms,
            connect_ms,
            tls_ms,
            first_byte_ms,
            cert_days,
            detail,
        })
    }
}

/// The file a record at `time` belongs in: `data/probes/<id>/<YYYY-MM>.csv` (UTC months).
pub fn probe_file(probe_id: &str, time: Timestamp) -> String {
    let utc = time.to_zoned(jiff::tz::TimeZone::UTC);
    format!("{DATA_DIR}/probes/{probe_id}/{:04}-{:02}.csv", utc.year(), utc.month())
}

/// `data/metrics/<id>.json`.
pub fn metric_file(metric_id: &str) -> String {
    format!("{DATA_DIR}/metrics/{metric_id}.json")
}

/// What `statusmark fetch` keeps of Prometheus's answer to one metric's range query. Values are as
/// Prometheus gave them: the metric's `scale` applies when the site shows them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricSnapshot {
    /// The metric's id, as configured.
    pub id: String,
    /// The PromQL the values answer (a changed query makes the snapshot stale).
    pub query: String,
    /// When `fetch` asked.
    pub fetched_at: Timestamp,
    /// The range asked for, inclusive, and its step in seconds.
    pub start: Timestamp,
    pub end: Timestamp,
    pub step_seconds: u64,
    /// One entry per series the query returned, in Prometheus's order (the site charts the first).
    pub series: Vec<Series>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Series {
    /// The series' labels (`__name__` included when Prometheus gives it).
    pub labels: BTreeMap<String, String>,
    /// (Unix seconds, value), oldest first; `None` where Prometheus answered NaN or ±Inf.
    pub points: Vec<(i64, Option<f64>)>,
}

/// Replace `path` with `bytes`: a temporary file beside it, flushed, then renamed over it.
pub fn write_atomic(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(std::path::Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let write = || -> std::io::Result<()> {
        let mut file = std::fs::File::create(&tmp)?;
        std::io::Write::write_all(&mut file, bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    };
    if let Err(e) = write() {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    // Make the rename durable where a folder can be opened.
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> ProbeRecord {
        ProbeRecord {
            time: "2026-12-02T10:05:00Z".parse().expect("time"),
            outcome: Outcome::Down,
            status: Some(500),
            total_ms: Some(12.345),
            dns_ms: None,
            connect_ms: Some(0.4),
            tls_ms: None,
            first_byte_ms: Some(11.96),
            cert_days: None,
            detail: "expected 200-299, got 500 \"Internal, Server Error\"\nsecond line".to_owned(),
        }
    }

    #[test]
    fn a_record_round_trips_through_its_line() {
        let r = record();
        let line = r.to_line();
        assert_eq!(
            line,
            "2026-12-02T10:05:00Z,down,500,12.3,,0.4,,12.0,,\"expected 200-299, got 500 \"\"Internal, Server Error\"\" second line\""
        );
        let back = ProbeRecord::parse_line(&line).expect("parses");
        assert_eq!(
            back.detail,
            "expected 200-299, got 500 \"Internal, Server Error\" second line"
        );
        assert_eq!(back.total_ms, Some(12.3));
        assert_eq!(back.status, Some(500));
        assert_eq!(back.outcome, Outcome::Down);
    }

    #[test]
    fn torn_and_malformed_lines_are_errors_not_panics() {
        let line = record().to_line();
        for cut in 0..line.len() {
            if let Some(prefix) = line.get(..cut) {
                let _ = ProbeRecord::parse_line(prefix);
            }
        }
        assert_eq!(
            ProbeRecord::parse_line("2026-12-02T10:05:00Z,up,200"),
            Err(LineError::Torn)
        );
        assert_eq!(ProbeRecord::parse_line(PROBE_HEADER), Err(LineError::Field("time")));
        assert_eq!(
            ProbeRecord::parse_line("2026-12-02T10:05:00Z,sideways,200,1,,,,,,\"\""),
            Err(LineError::Field("outcome"))
        );
        assert_eq!(
            ProbeRecord::parse_line("2026-12-02T10:05:00Z,up,200,-1,,,,,,\"\""),
            Err(LineError::Field("total_ms"))
        );
    }

    #[test]
    fn files_are_per_probe_and_utc_month() {
        let t: Timestamp = "2026-12-31T23:30:00-05:00".parse().expect("time");
        assert_eq!(probe_file("api", t), "data/probes/api/2027-01.csv");
        assert_eq!(metric_file("p95"), "data/metrics/p95.json");
    }
}

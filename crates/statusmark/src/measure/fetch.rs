//! `statusmark fetch`: ask Prometheus for each `[[metrics]]` entry's range and replace
//! `data/metrics/<id>.json` with the answer ([`MetricSnapshot`]), then read each `[[upstreams]]`
//! status page into `data/upstreams/<id>.json` ([`super::fetch_upstream`]). One metric or upstream
//! failing never stops the others, and never touches its previous snapshot: a snapshot is written
//! whole (temporary file + rename) or not at all. Reads only the configuration, not the incidents; never
//! prints a URL beyond its `scheme://host:port` (the base URL may carry credentials).

use std::path::{Path, PathBuf};
use std::time::Duration;

use jiff::{SignedDuration, Timestamp};

use super::data::{MetricSnapshot, metric_file, write_atomic};
use super::fetch_upstream::{PageClient, UpstreamFailed, UpstreamFetched, fetch_upstream};
use super::prometheus::{Client, QueryError, RangeQuery, Server, UrlProblem};
use crate::content::config::{CONFIG_PATH, parse_in};
use crate::content::measure::Metric;
use crate::content::upstream::Upstream;
use crate::diagnostic::{Diagnostic, suggest};

/// The largest answer read (a day at 5-minute steps is about 10 KB per series).
pub const ANSWER_LIMIT: u64 = 16 * 1024 * 1024;

#[derive(Clone, Debug)]
pub struct Options {
    pub root: PathBuf,
    /// The instant the ranges end at (rounded down to each step). Default: the clock.
    pub now: Option<Timestamp>,
    /// Fetch only these metrics and upstreams (all when empty).
    pub only: Vec<String>,
    /// How long one metric's request may take, answer included.
    pub timeout: Duration,
    /// Answers larger than this many bytes are refused.
    pub answer_limit: u64,
}

impl Options {
    pub fn new(root: impl Into<PathBuf>) -> Options {
        Options {
            root: root.into(),
            now: None,
            only: Vec::new(),
            timeout: Duration::from_secs(30),
            answer_limit: ANSWER_LIMIT,
        }
    }
}

/// Why the run could not start (nothing was fetched or written), or that it did not fetch all.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FetchError {
    #[error("{} error(s) in the configuration; nothing was fetched", .0.iter().filter(|d| d.is_error()).count())]
    Config(Vec<Diagnostic>),
    #[error("no [[metrics]] entry has the id \"{id}\"{}; nothing was fetched", .suggestion.as_ref().map(|s| format!(" (did you mean \"{s}\"?)")).unwrap_or_default())]
    UnknownMetric { id: String, suggestion: Option<String> },
    /// `what`: "metric(s)", "upstream(s)" or both, as the run had them.
    #[error("{failed} of {total} {what} could not be fetched; their previous snapshots are kept")]
    Incomplete {
        failed: usize,
        total: usize,
        what: &'static str,
    },
}

/// Why one metric was not fetched.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MetricError {
    #[error("the environment variable {var} (Prometheus's URL) is not set")]
    MissingEnv { var: String },
    #[error("the environment variable {var} {problem}")]
    BadUrl { var: String, problem: UrlProblem },
    #[error("Prometheus at {server}: {cause}")]
    Query {
        var: String,
        server: String,
        cause: QueryError,
    },
    #[error("cannot write {path}: {source}")]
    Write { path: String, source: std::io::Error },
}

impl MetricError {
    /// What to do about it.
    pub fn help(&self) -> String {
        match self {
            MetricError::MissingEnv { var } => {
                format!("set {var} to Prometheus's base URL, e.g. http://prometheus:9090 (in CI, from a secret)")
            }
            MetricError::BadUrl { var, .. } => {
                format!("set {var} to Prometheus's base URL: http://host:9090, or https://user:password@host/prefix")
            }
            MetricError::Query { var, cause, .. } => match cause {
                QueryError::Refused | QueryError::Connect(_) => {
                    format!("is Prometheus running and reachable from here? Check {var}")
                }
                QueryError::Timeout(_) => {
                    "raise --timeout, or make the query cheaper (a longer step, a recording rule)".to_owned()
                }
                QueryError::TooLarge(_) => {
                    "the query returns too many series or points: aggregate it (sum by (…)) or use a longer step"
                        .to_owned()
                }
                QueryError::Http { status: 401 | 403, .. } => format!(
                    "Prometheus (or a proxy in front of it) wants credentials: put them in {var} as https://user:password@host"
                ),
                QueryError::Http { redirect: true, .. } => {
                    format!("give {var} the address Prometheus answers at, not one that redirects")
                }
                QueryError::Http { .. } => format!(
                    "check that {var} is Prometheus's base URL (the one whose /api/v1/ answers), and that Prometheus is healthy"
                ),
                QueryError::Prometheus { .. } => format!(
                    "try the query in Prometheus's expression browser, then fix the metric's query in {CONFIG_PATH}"
                ),
                _ => format!("check that {var} points at Prometheus itself, not a login page or another service"),
            },
            MetricError::Write { .. } => "check that data/metrics/ is a writable folder".to_owned(),
        }
    }
}

/// A metric fetched and written.
#[derive(Clone, Debug, PartialEq)]
pub struct Fetched {
    pub id: String,
    /// Where, relative to the root.
    pub path: String,
    pub series: usize,
    /// Points over all series, gaps included.
    pub points: usize,
    /// The first series' last value, scaled as the site shows it.
    pub last: Option<f64>,
    pub unit: String,
}

impl std::fmt::Display for Fetched {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.series == 0 {
            return write!(f, "{} no data (the query matched no series)", self.id);
        }
        write!(f, "{}", self.id)?;
        if self.series > 1 {
            write!(f, " {} series,", self.series)?;
        }
        write!(f, " {} points", self.points)?;
        match self.last {
            Some(v) => write!(f, ", last {}", format_value(v))?,
            None => write!(f, ", no value at the end")?,
        }
        if self.last.is_some() && !self.unit.is_empty() {
            write!(f, " {}", self.unit)?;
        }
        if self.series > 1 {
            write!(f, " (first series)")?;
        }
        Ok(())
    }
}

/// A metric that failed; its previous snapshot, if any, is untouched.
#[derive(Debug)]
pub struct Failed {
    pub id: String,
    pub path: String,
    pub error: MetricError,
    /// Whether a previous snapshot exists (and is kept).
    pub kept: bool,
}

impl std::fmt::Display for Failed {
    /// Two lines: what failed, and what to do.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "error: metric {}: {}", self.id, self.error)?;
        let kept = if self.kept {
            format!("{} is kept as it was", self.path)
        } else {
            "no snapshot was written".to_owned()
        };
        write!(f, "  = help: {}; {kept}", self.error.help())
    }
}

#[derive(Debug)]
pub enum Outcome {
    Fetched(Fetched),
    Failed(Failed),
    UpstreamFetched(UpstreamFetched),
    UpstreamFailed(UpstreamFailed),
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub fetched: usize,
    pub failed: usize,
    /// How many of them were metrics and how many upstreams.
    pub metrics: usize,
    pub upstreams: usize,
}

impl Summary {
    /// What the run fetched, for its last line: "metric(s)", "upstream(s)" or both.
    pub fn what(&self) -> &'static str {
        match (self.metrics > 0, self.upstreams > 0) {
            (true, true) => "metric(s) and upstream(s)",
            (false, true) => "upstream(s)",
            _ => "metric(s)",
        }
    }
}

/// `87.2`, `0.012`, `1234.5`: three decimals at most, trailing zeros dropped.
pub fn format_value(v: f64) -> String {
    let s = format!("{v:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    match s {
        "0" | "-0" if v != 0.0 => format!("{v:.3e}"),
        "-0" => "0".to_owned(),
        s => s.to_owned(),
    }
}

/// The range a metric asks for at `now`: it ends at `now` rounded down to the step (so runs a
/// few seconds apart ask for the same points) and starts the window's whole steps earlier (so
/// every point, the last included, falls on a multiple of the step).
pub fn range(now: Timestamp, window: SignedDuration, step: SignedDuration) -> (i64, i64) {
    let step = step.as_secs().max(1);
    let end = now.as_second().div_euclid(step) * step;
    (end - window.as_secs().max(0) / step * step, end)
}

/// The metrics and upstreams to fetch: all, or those `--only` names (every name must exist).
fn select<'a>(
    metrics: &'a [Metric],
    upstreams: &'a [Upstream],
    only: &[String],
) -> Result<(Vec<&'a Metric>, Vec<&'a Upstream>), FetchError> {
    if only.is_empty() {
        return Ok((metrics.iter().collect(), upstreams.iter().collect()));
    }
    for id in only {
        if !metrics.iter().any(|m| &m.id == id) && !upstreams.iter().any(|u| &u.id == id) {
            let ids = metrics
                .iter()
                .map(|m| m.id.as_str())
                .chain(upstreams.iter().map(|u| u.id.as_str()));
            return Err(FetchError::UnknownMetric {
                id: id.clone(),
                suggestion: suggest(id, ids).map(str::to_owned),
            });
        }
    }
    Ok((
        metrics.iter().filter(|m| only.contains(&m.id)).collect(),
        upstreams.iter().filter(|u| only.contains(&u.id)).collect(),
    ))
}

/// Fetch the selected metrics one after the other, calling `report` after each.
pub fn run(opts: &Options, report: &dyn Fn(&Outcome)) -> Result<Summary, FetchError> {
    let file = crate::content::read_source(&opts.root, CONFIG_PATH).map_err(|d| FetchError::Config(vec![d]))?;
    let config = parse_in(&file, &opts.root).map_err(FetchError::Config)?;
    let (metrics, upstreams) = select(&config.metrics, &config.upstreams, &opts.only)?;
    let now = opts.now.unwrap_or_else(Timestamp::now);
    let client = Client::new(opts.timeout, opts.answer_limit);
    let mut summary = Summary::default();
    for metric in metrics {
        let outcome = fetch_one(&opts.root, metric, now, &client);
        summary.metrics += 1;
        match &outcome {
            Outcome::Fetched(_) => summary.fetched += 1,
            _ => summary.failed += 1,
        }
        report(&outcome);
    }
    let pages = PageClient::new(opts.timeout, opts.answer_limit);
    for upstream in upstreams {
        summary.upstreams += 1;
        let outcome = match fetch_upstream(&opts.root, upstream, now, &pages) {
            Ok(f) => {
                summary.fetched += 1;
                Outcome::UpstreamFetched(f)
            }
            Err(f) => {
                summary.failed += 1;
                Outcome::UpstreamFailed(f)
            }
        };
        report(&outcome);
    }
    Ok(summary)
}

/// Ask Prometheus for one metric's range.
pub fn snapshot(metric: &Metric, now: Timestamp, client: &Client) -> Result<MetricSnapshot, MetricError> {
    let var = &metric.prometheus_url_env;
    let url = std::env::var(var)
        .ok()
        .filter(|u| !u.trim().is_empty())
        .ok_or_else(|| MetricError::MissingEnv { var: var.clone() })?;
    let server = Server::parse(&url).map_err(|problem| MetricError::BadUrl {
        var: var.clone(),
        problem,
    })?;
    let (start, end) = range(now, metric.window, metric.step);
    let step_seconds = metric.step.as_secs().max(1).unsigned_abs();
    let query = RangeQuery {
        query: &metric.query,
        start,
        end,
        step_seconds,
    };
    let series = client
        .query_range(&server, &query)
        .map_err(|cause| MetricError::Query {
            var: var.clone(),
            server: server.origin().to_owned(),
            cause,
        })?;
    let at = |s: i64| Timestamp::from_second(s).unwrap_or(Timestamp::UNIX_EPOCH);
    Ok(MetricSnapshot {
        id: metric.id.clone(),
        query: metric.query.clone(),
        fetched_at: now,
        start: at(start),
        end: at(end),
        step_seconds,
        series,
    })
}

fn fetch_one(root: &Path, metric: &Metric, now: Timestamp, client: &Client) -> Outcome {
    let path = metric_file(&metric.id);
    let written = snapshot(metric, now, client).and_then(|snap| {
        write_snapshot(&root.join(&path), &snap).map_err(|source| MetricError::Write {
            path: path.clone(),
            source,
        })?;
        Ok(snap)
    });
    match written {
        Ok(snap) => Outcome::Fetched(Fetched {
            id: metric.id.clone(),
            path,
            series: snap.series.len(),
            points: snap.series.iter().map(|s| s.points.len()).sum(),
            last: snap
                .series
                .first()
                .and_then(|s| s.points.last())
                .and_then(|(_, v)| *v)
                .map(|v| v * metric.scale),
            unit: metric.unit.clone(),
        }),
        Err(error) => Outcome::Failed(Failed {
            id: metric.id.clone(),
            kept: root.join(&path).is_file(),
            path,
            error,
        }),
    }
}

/// The snapshot as JSON with one point per line: small, and a new fetch diffs line by line.
/// Any JSON reader reads it as a [`MetricSnapshot`] (a test holds the two together).
pub fn snapshot_json(snap: &MetricSnapshot) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(out, "{{");
    let _ = writeln!(out, "  \"id\": {},", json(&snap.id));
    let _ = writeln!(out, "  \"query\": {},", json(&snap.query));
    let _ = writeln!(out, "  \"fetched_at\": {},", json(&snap.fetched_at));
    let _ = writeln!(out, "  \"start\": {},", json(&snap.start));
    let _ = writeln!(out, "  \"end\": {},", json(&snap.end));
    let _ = writeln!(out, "  \"step_seconds\": {},", snap.step_seconds);
    if snap.series.is_empty() {
        let _ = writeln!(out, "  \"series\": []");
    } else {
        let _ = writeln!(out, "  \"series\": [");
        for (i, s) in snap.series.iter().enumerate() {
            let _ = writeln!(out, "    {{");
            let _ = writeln!(out, "      \"labels\": {},", json(&s.labels));
            if s.points.is_empty() {
                let _ = writeln!(out, "      \"points\": []");
            } else {
                let _ = writeln!(out, "      \"points\": [");
                for (j, (t, v)) in s.points.iter().enumerate() {
                    let comma = if j + 1 < s.points.len() { "," } else { "" };
                    let _ = writeln!(out, "        [{t}, {}]{comma}", json(v));
                }
                let _ = writeln!(out, "      ]");
            }
            let comma = if i + 1 < snap.series.len() { "," } else { "" };
            let _ = writeln!(out, "    }}{comma}");
        }
        let _ = writeln!(out, "  ]");
    }
    let _ = writeln!(out, "}}");
    out
}

/// One value as JSON. Strings, maps of strings, timestamps and `Option<f64>` always serialise
/// (serde_json writes a non-finite number as `null`, and the points hold none).
fn json<T: serde::Serialize + ?Sized>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "null".to_owned())
}

/// Replace `path` with the snapshot: a temporary file beside it, flushed, then renamed over it,
/// so readers (and a run that fails halfway) see the old file or the new one, whole.
fn write_snapshot(path: &Path, snap: &MetricSnapshot) -> std::io::Result<()> {
    write_atomic(path, snapshot_json(snap).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::data::Series;

    #[test]
    fn the_range_ends_on_a_step_and_spans_the_window() {
        let at = |s: &str| s.parse::<Timestamp>().expect("time");
        let cases = [
            (
                "2026-11-20T15:07:42Z",
                "24h",
                "5m",
                "2026-11-19T15:05:00Z",
                "2026-11-20T15:05:00Z",
            ),
            (
                "2026-11-20T15:05:00Z",
                "1h",
                "5m",
                "2026-11-20T14:05:00Z",
                "2026-11-20T15:05:00Z",
            ),
            // Not whole steps: shortened to them, so the points stay on the hour.
            (
                "2026-11-20T15:07:42Z",
                "90m",
                "1h",
                "2026-11-20T14:00:00Z",
                "2026-11-20T15:00:00Z",
            ),
        ];
        for (now, window, step, start, end) in cases {
            let (s, e) = range(at(now), window.parse().expect("window"), step.parse().expect("step"));
            assert_eq!(
                (s, e),
                (at(start).as_second(), at(end).as_second()),
                "{now} {window} {step}"
            );
        }
    }

    #[test]
    fn values_print_short() {
        for (v, s) in [
            (87.2, "87.2"),
            (87.25, "87.25"),
            (100.0, "100"),
            (0.0125, "0.013"),
            (0.0, "0"),
            (-0.0001, "-1.000e-4"),
            (1234.5678, "1234.568"),
        ] {
            assert_eq!(format_value(v), s, "{v}");
        }
    }

    #[test]
    fn the_snapshot_file_reads_back_as_the_snapshot() {
        let at = |s: &str| s.parse::<Timestamp>().expect("time");
        let mut snap = MetricSnapshot {
            id: "p95".to_owned(),
            query: "histogram_quantile(0.95, x{job=\"a\\\"b\"})".to_owned(),
            fetched_at: at("2026-11-20T15:07:42.5Z"),
            start: at("2026-11-19T15:05:00Z"),
            end: at("2026-11-20T15:05:00Z"),
            step_seconds: 300,
            series: vec![
                Series {
                    labels: [("le".to_owned(), "0.1".to_owned()), ("a".to_owned(), "ü\n".to_owned())].into(),
                    points: vec![(1, Some(0.1)), (2, None), (3, Some(-1e300)), (4, Some(3.0))],
                },
                Series {
                    labels: Default::default(),
                    points: vec![],
                },
            ],
        };
        let text = snapshot_json(&snap);
        let back: MetricSnapshot = serde_json::from_str(&text).expect("reads back");
        assert_eq!(back, snap);
        assert!(text.contains("\n        [2, null],\n"), "{text}");
        snap.series.clear();
        let back: MetricSnapshot = serde_json::from_str(&snapshot_json(&snap)).expect("reads back");
        assert_eq!(back, snap);
    }

    #[test]
    fn fetched_lines_say_points_and_the_scaled_last_value() {
        let mut f = Fetched {
            id: "api-latency-p95".to_owned(),
            path: metric_file("api-latency-p95"),
            series: 1,
            points: 288,
            last: Some(87.2),
            unit: "ms".to_owned(),
        };
        assert_eq!(f.to_string(), "api-latency-p95 288 points, last 87.2 ms");
        f.series = 2;
        f.points = 576;
        assert_eq!(
            f.to_string(),
            "api-latency-p95 2 series, 576 points, last 87.2 ms (first series)"
        );
        f.series = 0;
        assert_eq!(f.to_string(), "api-latency-p95 no data (the query matched no series)");
    }
}

//! Reading the data files for a build: each probe's month files that overlap the periods pages
//! show, streamed line by line, folded into per-hour and per-day figures; each metric's latest
//! snapshot, scaled. Only the periods' values are kept, so memory follows the periods, not the
//! years of data on disk.
//!
//! Damaged lines are skipped with a warning naming the file and line (a few per file, then one
//! count); lines out of order are sorted and lines repeating a check's time are dropped (the first
//! one read wins). A line filed in the wrong month's file still counts, by its own time.
//!
//! This module reads; it never decides a status. What people report stays what the site says.

use std::io::BufRead as _;
use std::path::Path;
use std::sync::Arc;
use std::time::SystemTime;

use jiff::Timestamp;
use jiff::civil::Date;
use rustc_hash::FxHashMap;

use super::data::{DATA_DIR, MetricSnapshot, PROBE_HEADER, ProbeRecord, metric_file};
use super::lines::{Check, quick_check};
use crate::content::Config;
use crate::content::measure::{Metric, Probe};
use crate::diagnostic::Diagnostic;

/// Hours in the hourly chart.
pub const HOURS: usize = 24;
/// Days in the longest daily chart; the shorter one shows the last [`SHORT_DAYS`] of them.
pub const CHART_DAYS: usize = 90;
pub const SHORT_DAYS: usize = 30;
/// Bad lines of one file reported one by one; the rest are counted in one more warning.
const LINES_REPORTED: usize = 3;
/// A metric snapshot larger than this is not read (11,000 points of a few series are far less).
const MAX_SNAPSHOT_BYTES: u64 = 32 * 1024 * 1024;

type Stamp = (u64, Option<SystemTime>);
/// The month files read for one probe, by path.
type Files = Vec<(String, Arc<MonthFile>)>;

/// One month file, read: its checks sorted by time with repeated times dropped, and what was
/// wrong with its lines.
#[derive(Debug)]
struct MonthFile {
    stamp: Stamp,
    checks: Vec<Check>,
    diags: Vec<Diagnostic>,
}

/// Month files kept between builds (by `serve`): a file whose size and modification time have not
/// changed is not read again, so one appended line costs one file's read.
#[derive(Debug, Default)]
pub struct Cache {
    files: FxHashMap<String, Arc<MonthFile>>,
}

/// Checks in one hour or one day.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bin {
    /// Where the bin starts (Unix seconds).
    pub start: i64,
    pub up: u32,
    pub down: u32,
    /// Nearest-rank percentiles of the total time of the checks that were up, in ms.
    pub p50: Option<f64>,
    pub p95: Option<f64>,
}

/// The same figures over a whole period.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Stats {
    pub checks: u64,
    pub down: u64,
    pub p50: Option<f64>,
    pub p95: Option<f64>,
}

/// The newest check read.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Latest {
    pub at: Timestamp,
    pub up: bool,
    pub total_ms: Option<f64>,
}

/// At least `draft_after` failed checks in a row.
#[derive(Clone, Debug, PartialEq)]
pub struct FailureRun {
    pub first: Timestamp,
    pub last: Timestamp,
    pub checks: u32,
    /// The data file holding the first failure, relative to the root.
    pub file: String,
}

/// What pages show of one probe.
#[derive(Clone, Debug, PartialEq)]
pub struct ProbeSummary {
    /// [`HOURS`] whole hours (UTC), oldest first; the last is the hour under way at `now`.
    pub hours: Vec<Bin>,
    /// [`CHART_DAYS`] days in the site's zone, oldest first; the last is today.
    pub days: Vec<Bin>,
    pub day_dates: Vec<Date>,
    /// Over the hours, the last [`SHORT_DAYS`] days and all [`CHART_DAYS`] days.
    pub last_24h: Stats,
    pub last_30d: Stats,
    pub last_90d: Stats,
    /// Checks and failures over the uptime window (`uptime_days`).
    pub availability: Stats,
    pub latest: Option<Latest>,
    pub failures: Vec<FailureRun>,
}

/// By value (floats by their bits), for the keys of the pages that show a probe: cheaper than
/// formatting it, and exact.
impl std::hash::Hash for ProbeSummary {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        let bits = |v: Option<f64>| v.map(f64::to_bits);
        for b in self.hours.iter().chain(&self.days) {
            (b.start, b.up, b.down, bits(b.p50), bits(b.p95)).hash(h);
        }
        self.day_dates.hash(h);
        for s in [&self.last_24h, &self.last_30d, &self.last_90d, &self.availability] {
            (s.checks, s.down, bits(s.p50), bits(s.p95)).hash(h);
        }
        self.latest.map(|l| (l.at, l.up, bits(l.total_ms))).hash(h);
        for f in &self.failures {
            (f.first, f.last, f.checks, &f.file).hash(h);
        }
    }
}

impl ProbeSummary {
    /// A probe with no data at all.
    pub fn empty() -> ProbeSummary {
        ProbeSummary {
            hours: Vec::new(),
            days: Vec::new(),
            day_dates: Vec::new(),
            last_24h: Stats::default(),
            last_30d: Stats::default(),
            last_90d: Stats::default(),
            availability: Stats::default(),
            latest: None,
            failures: Vec::new(),
        }
    }

    /// Percent of checks up over the uptime window, rounded down to two decimals so that a single
    /// failure never reads as 100.00; `None` without checks.
    pub fn measured_percent(&self) -> Option<f64> {
        let s = &self.availability;
        (s.checks > 0).then(|| {
            let up = (s.checks - s.down) as f64;
            (up * 10_000.0 / s.checks as f64).floor() / 100.0
        })
    }
}

/// How a metric's snapshot stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SnapshotState {
    /// `statusmark fetch` has not written one.
    Missing,
    /// The file is there but cannot be read.
    Unreadable,
    /// It answers another query than the configured one.
    Stale,
    Fresh,
}

/// What pages show of one metric.
#[derive(Clone, Debug, PartialEq)]
pub struct MetricSummary {
    pub state: SnapshotState,
    pub fetched_at: Option<Timestamp>,
    /// The first series, scaled: (Unix seconds, value).
    pub points: Vec<(i64, Option<f64>)>,
    /// The newest point with a value, scaled.
    pub latest: Option<(i64, f64)>,
    /// Whether the latest value meets the target (fresh snapshots only).
    pub met: Option<bool>,
}

impl MetricSummary {
    /// A metric without a snapshot.
    pub fn missing() -> MetricSummary {
        MetricSummary {
            state: SnapshotState::Missing,
            fetched_at: None,
            points: Vec::new(),
            latest: None,
            met: None,
        }
    }
}

/// Everything read from `data/`, in configuration order.
#[derive(Clone, Debug, Default)]
pub struct Measurements {
    pub probes: Vec<ProbeSummary>,
    pub metrics: Vec<MetricSummary>,
    /// Each upstream's snapshot, in `config.upstreams` order.
    pub upstreams: Vec<super::upstream::UpstreamRead>,
    /// Damaged lines, unreadable or stale snapshots.
    pub warnings: Vec<Diagnostic>,
}

/// The periods pages show, as of `now`, in Unix seconds.
struct Periods {
    now: i64,
    /// Boundaries of the hours (one more than [`HOURS`]).
    hours: Vec<i64>,
    /// Boundaries of the days read (one more than the days), oldest first: the longer of
    /// [`CHART_DAYS`] and `uptime_days`.
    days: Vec<i64>,
    dates: Vec<Date>,
    uptime_days: usize,
}

impl Periods {
    fn new(config: &Config, now: Timestamp) -> Periods {
        let zone = config.zone();
        let today = now.to_zoned(zone.clone()).date();
        let n = CHART_DAYS.max(config.uptime_days as usize);
        let dates: Vec<Date> = (0..n)
            .rev()
            .filter_map(|back| today.checked_sub(jiff::Span::new().days(back as i64)).ok())
            .collect();
        let days = dates
            .iter()
            .copied()
            .chain(today.tomorrow().ok())
            .filter_map(|d| d.to_zoned(zone.clone()).ok().map(|z| z.timestamp().as_second()))
            .collect();
        let now_s = now.as_second();
        let hour_end = now_s.div_euclid(3600) * 3600 + 3600;
        let hours = (0..=HOURS as i64)
            .map(|h| hour_end - (HOURS as i64 - h) * 3600)
            .collect();
        Periods {
            now: now_s,
            hours,
            days,
            dates,
            uptime_days: config.uptime_days as usize,
        }
    }

    fn start(&self) -> i64 {
        self.days.first().copied().unwrap_or(self.now).min(self.hours[0])
    }
}

/// Read every probe's and metric's data under `root` as of `now`, reusing `cache` when given.
/// Probes are read in parallel; the result does not depend on the thread count.
pub fn read(root: &Path, config: &Config, now: Timestamp, cache: Option<&mut Cache>) -> Measurements {
    use rayon::prelude::*;
    let periods = Periods::new(config, now);
    let old = cache.as_deref();
    let read: Vec<(ProbeSummary, Files)> = config
        .probes
        .par_iter()
        .map(|p| read_probe(root, p, &periods, old))
        .collect();
    let mut warnings = Vec::new();
    let mut probes = Vec::with_capacity(read.len());
    let mut kept = FxHashMap::default();
    for (summary, files) in read {
        for (path, file) in files {
            warnings.extend_from_slice(&file.diags);
            kept.insert(path, file);
        }
        probes.push(summary);
    }
    if let Some(cache) = cache {
        cache.files = kept;
    }
    let metrics = config
        .metrics
        .iter()
        .map(|m| read_metric(root, m, &mut warnings))
        .collect();
    let upstreams = config
        .upstreams
        .iter()
        .map(|u| super::upstream::read_upstream(root, u, now, &mut warnings))
        .collect();
    Measurements {
        probes,
        metrics,
        upstreams,
        warnings,
    }
}

/// The month files of a probe that overlap the periods, oldest first.
fn month_files(root: &Path, probe: &str, periods: &Periods) -> Vec<String> {
    let dir = format!("{DATA_DIR}/probes/{probe}");
    let Ok(entries) = std::fs::read_dir(root.join(&dir)) else {
        return Vec::new();
    };
    let (from, to) = (periods.start(), periods.now);
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|name| month_span(name).is_some_and(|(start, end)| start <= to && end > from))
        .map(|name| format!("{dir}/{name}"))
        .collect();
    names.sort();
    names
}

/// The UTC span `[start, end)` of a `YYYY-MM.csv` file name, in Unix seconds.
fn month_span(name: &str) -> Option<(i64, i64)> {
    let stem = name.strip_suffix(".csv")?;
    let (y, m) = stem.split_once('-')?;
    if y.len() != 4 || m.len() != 2 {
        return None;
    }
    let first = Date::new(y.parse().ok()?, m.parse().ok()?, 1).ok()?;
    let next = first.checked_add(jiff::Span::new().months(1)).ok()?;
    let at = |d: Date| {
        d.to_zoned(jiff::tz::TimeZone::UTC)
            .ok()
            .map(|z| z.timestamp().as_second())
    };
    Some((at(first)?, at(next)?))
}

fn read_probe(root: &Path, probe: &Probe, periods: &Periods, cache: Option<&Cache>) -> (ProbeSummary, Files) {
    let mut files = Vec::new();
    for rel in month_files(root, &probe.id, periods) {
        let stamp = std::fs::metadata(root.join(&rel))
            .map(|m| (m.len(), m.modified().ok()))
            .unwrap_or((0, None));
        let file = match cache.and_then(|c| c.files.get(&rel)) {
            Some(f) if f.stamp == stamp => Arc::clone(f),
            _ => Arc::new(read_month(root, &rel, stamp, periods.start())),
        };
        files.push((rel, file));
    }
    let summary = summarise(&files, periods, probe.draft_after);
    (summary, files)
}

/// Read one month file, streaming: one line at a time, one buffer for all of them.
/// Checks before `from` (Unix seconds) are not kept: no period needs them.
fn read_month(root: &Path, rel: &str, stamp: Stamp, from: i64) -> MonthFile {
    let mut diags = Vec::new();
    let mut checks = Vec::new();
    let file = match std::fs::File::open(root.join(rel)) {
        Ok(f) => f,
        Err(e) => {
            diags.push(Diagnostic::warning(rel, format!("cannot read the probe data: {e}")));
            return MonthFile { stamp, checks, diags };
        }
    };
    let mut reader = std::io::BufReader::with_capacity(64 * 1024, file);
    let mut buf = Vec::with_capacity(256);
    let (mut number, mut bad) = (0usize, 0usize);
    loop {
        buf.clear();
        match reader.read_until(b'\n', &mut buf) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                diags.push(Diagnostic::warning(rel, format!("cannot read the probe data: {e}")));
                break;
            }
        }
        number += 1;
        let bytes = buf.strip_suffix(b"\n").unwrap_or(&buf);
        let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        if bytes.is_empty() || (number == 1 && bytes == PROBE_HEADER.as_bytes()) {
            continue;
        }
        if let Some(c) = quick_check(bytes) {
            // Before the periods: not needed.
            if c.t >= from {
                checks.push(c);
            }
            continue;
        }
        let why = match std::str::from_utf8(bytes) {
            Ok(l) => match ProbeRecord::parse_line(l) {
                Ok(r) if r.time.as_second() < from => continue,
                Ok(r) => {
                    checks.push(Check {
                        t: r.time.as_second(),
                        ms: r.total_ms.filter(|_| r.outcome.is_up()).map_or(f32::NAN, |v| v as f32),
                        up: r.outcome.is_up(),
                    });
                    continue;
                }
                Err(e) => e.to_string(),
            },
            Err(_) => "it is not valid UTF-8".to_owned(),
        };
        bad += 1;
        if bad <= LINES_REPORTED {
            let shown = String::from_utf8_lossy(&buf);
            let shown: String = shown.trim_end_matches(['\n', '\r']).chars().take(200).collect();
            diags.push(bad_line(rel, number, &why, shown));
        }
    }
    if bad > LINES_REPORTED {
        diags.push(
            Diagnostic::warning(rel, format!("{} more damaged lines were skipped", bad - LINES_REPORTED))
                .with_help("the first ones are shown above; the rest of the file was read"),
        );
    }
    // Stable: of the lines with the same time, the first one read stays. Appends keep a file
    // in order, so the sort is usually skipped.
    if !checks.is_sorted_by_key(|c| c.t) {
        checks.sort_by_key(|c| c.t);
    }
    checks.dedup_by_key(|c| c.t);
    checks.shrink_to_fit();
    MonthFile { stamp, checks, diags }
}

fn bad_line(rel: &str, number: usize, why: &str, shown: String) -> Diagnostic {
    let mut d = Diagnostic::warning(rel, format!("skipped a damaged line: {why}"))
        .with_help("a probe run stopped while appending leaves a cut line; the line is ignored, and you may delete it");
    d.line = number;
    d.column = 1;
    d.source_line = Some(shown);
    d
}

/// Nearest-rank percentile of sorted values: the value at rank ⌈p/100 · n⌉.
fn percentile(sorted: &[f32], p: f64) -> Option<f64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let rank = ((p / 100.0) * n as f64).ceil().max(1.0) as usize;
    sorted.get(rank.min(n) - 1).map(|v| round_ms(f64::from(*v)))
}

/// [`percentile`] without sorting everything: the value that would sit at that rank.
fn select_percentile(values: &mut [f32], p: f64) -> Option<f64> {
    let n = values.len();
    if n == 0 {
        return None;
    }
    let rank = ((p / 100.0) * n as f64).ceil().max(1.0) as usize;
    let (_, v, _) = values.select_nth_unstable_by(rank.min(n) - 1, f32::total_cmp);
    Some(round_ms(f64::from(*v)))
}

/// Data files hold a tenth of a millisecond; f32 holds it to within rounding.
fn round_ms(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// Values collected for one bin or period.
#[derive(Default)]
struct Acc {
    up: u32,
    down: u32,
    ms: Vec<f32>,
}

impl Acc {
    fn add(&mut self, c: &Check) {
        if c.up {
            self.up += 1;
            if !c.ms.is_nan() {
                self.ms.push(c.ms);
            }
        } else {
            self.down += 1;
        }
    }

    fn sort(&mut self) {
        self.ms.sort_unstable_by(f32::total_cmp);
    }

    fn bin(&self, start: i64) -> Bin {
        Bin {
            start,
            up: self.up,
            down: self.down,
            p50: percentile(&self.ms, 50.0),
            p95: percentile(&self.ms, 95.0),
        }
    }
}

/// Stats over bins whose values are sorted.
fn stats(accs: &[Acc]) -> Stats {
    let mut all: Vec<f32> = accs.iter().flat_map(|a| a.ms.iter().copied()).collect();
    Stats {
        checks: accs.iter().map(|a| u64::from(a.up + a.down)).sum(),
        down: accs.iter().map(|a| u64::from(a.down)).sum(),
        p50: select_percentile(&mut all, 50.0),
        p95: select_percentile(&mut all, 95.0),
    }
}

fn summarise(files: &[(String, Arc<MonthFile>)], periods: &Periods, draft_after: u32) -> ProbeSummary {
    let days_read = periods.dates.len();
    let chart_from = days_read.saturating_sub(CHART_DAYS);
    let uptime_from = days_read.saturating_sub(periods.uptime_days);
    let mut hours: Vec<Acc> = (0..HOURS).map(|_| Acc::default()).collect();
    let mut days: Vec<Acc> = (0..CHART_DAYS.min(days_read)).map(|_| Acc::default()).collect();
    let mut availability = Stats::default();
    let mut latest: Option<(&Check, &str)> = None;
    let mut failures = Vec::new();
    // The failed checks in a row so far: (first, last, count, file of the first).
    let mut run: Option<(i64, i64, u32, &str)> = None;
    let start = periods.start();
    // Index of the first day boundary after the last check seen.
    let mut cursor = 0usize;
    for (rel, file) in files {
        for c in &file.checks {
            if c.t < start || c.t > periods.now {
                continue;
            }
            if latest.is_none_or(|(l, _)| c.t >= l.t) {
                latest = Some((c, rel));
            }
            if c.up {
                if let Some(r) = run.take() {
                    push_run(r, draft_after, &mut failures);
                }
            } else {
                run = Some(match run {
                    Some((first, _, n, f)) => (first, c.t, n + 1, f),
                    None => (c.t, c.t, 1, rel),
                });
            }
            if c.t >= periods.hours[0] {
                // Whole hours from the first boundary (UTC hours are all 3,600 s).
                let h = ((c.t - periods.hours[0]) / 3600) as usize;
                if let Some(a) = hours.get_mut(h) {
                    a.add(c);
                }
            }
            // Checks come in time order (but for lines filed in the wrong month): move on from
            // the last day rather than search.
            if !(cursor > 0 && periods.days[cursor - 1] <= c.t && periods.days.get(cursor).is_none_or(|&b| c.t < b)) {
                cursor = periods.days.partition_point(|&b| b <= c.t);
            }
            let d = cursor;
            if (1..=days_read).contains(&d) {
                let d = d - 1;
                if d >= uptime_from {
                    availability.checks += 1;
                    availability.down += u64::from(!c.up);
                }
                if d >= chart_from {
                    days[d - chart_from].add(c);
                }
            }
        }
    }
    if let Some(r) = run {
        push_run(r, draft_after, &mut failures);
    }
    for a in hours.iter_mut().chain(days.iter_mut()) {
        a.sort();
    }
    let short_from = days.len().saturating_sub(SHORT_DAYS);
    ProbeSummary {
        hours: hours.iter().zip(&periods.hours).map(|(a, &s)| a.bin(s)).collect(),
        days: days
            .iter()
            .zip(&periods.days[chart_from..])
            .map(|(a, &s)| a.bin(s))
            .collect(),
        day_dates: periods.dates[chart_from..].to_vec(),
        last_24h: stats(&hours),
        last_30d: stats(&days[short_from..]),
        last_90d: stats(&days),
        availability,
        latest: latest.map(|(c, _)| Latest {
            at: Timestamp::from_second(c.t).unwrap_or_default(),
            up: c.up,
            total_ms: (!c.ms.is_nan()).then(|| round_ms(f64::from(c.ms))),
        }),
        failures,
    }
}

fn push_run((first, last, n, file): (i64, i64, u32, &str), min: u32, out: &mut Vec<FailureRun>) {
    if n >= min.max(1) {
        out.push(FailureRun {
            first: Timestamp::from_second(first).unwrap_or_default(),
            last: Timestamp::from_second(last).unwrap_or_default(),
            checks: n,
            file: file.to_owned(),
        });
    }
}

fn read_metric(root: &Path, metric: &Metric, warnings: &mut Vec<Diagnostic>) -> MetricSummary {
    let rel = metric_file(&metric.id);
    let mut summary = MetricSummary::missing();
    let full = root.join(&rel);
    let text = match std::fs::metadata(&full) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return summary,
        Ok(m) if m.len() > MAX_SNAPSHOT_BYTES => Err(format!(
            "it is {} MB, more than the {} MB limit",
            m.len() / 1_000_000,
            MAX_SNAPSHOT_BYTES / 1_000_000
        )),
        _ => std::fs::read_to_string(&full).map_err(|e| e.to_string()),
    };
    let snapshot = text.and_then(|t| serde_json::from_str::<MetricSnapshot>(&t).map_err(|e| e.to_string()));
    let snapshot = match snapshot {
        Ok(s) => s,
        Err(why) => {
            summary.state = SnapshotState::Unreadable;
            warnings.push(
                Diagnostic::warning(&rel, format!("cannot read the metric snapshot: {why}"))
                    .with_help("run `statusmark fetch` again to replace it"),
            );
            return summary;
        }
    };
    summary.state = if snapshot.query == metric.query && snapshot.id == metric.id {
        SnapshotState::Fresh
    } else {
        warnings.push(
            Diagnostic::warning(
                &rel,
                format!(
                    "the snapshot of metric \"{}\" answers another query than the configured one",
                    metric.id
                ),
            )
            .with_help("run `statusmark fetch` to replace it; the site marks it as out of date until then"),
        );
        SnapshotState::Stale
    };
    summary.fetched_at = Some(snapshot.fetched_at);
    summary.points = snapshot
        .series
        .first()
        .map(|s| {
            s.points
                .iter()
                .map(|&(t, v)| (t, v.map(|v| v * metric.scale).filter(|v| v.is_finite())))
                .collect()
        })
        .unwrap_or_default();
    summary.latest = summary.points.iter().rev().find_map(|&(t, v)| v.map(|v| (t, v)));
    if summary.state == SnapshotState::Fresh {
        summary.met = metric.target.zip(summary.latest).map(|(t, (_, v))| t.met_by(v));
    }
    summary
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const NOW: &str = "2026-11-20T15:00:00Z";

    fn line(t: &str, outcome: &str, ms: &str) -> String {
        format!("{t},{outcome},200,{ms},,,,,,\"\"\n")
    }

    /// A site with one probe on `api` and the given month files.
    fn site(files: &[(&str, String)]) -> (tempfile::TempDir, Config) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::write(
            dir.path().join("content/statusmark.toml"),
            "title = \"T\"\nuptime_days = 30\n[[components]]\nid = \"api\"\nname = \"API\"\n\
             [[probes]]\nid = \"api-health\"\ncomponent = \"api\"\nurl = \"https://api.example/health\"\n",
        )
        .unwrap();
        for (name, text) in files {
            let path = dir.path().join("data/probes/api-health").join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let config = crate::content::load(dir.path(), NOW.parse().unwrap()).unwrap().config;
        (dir, config)
    }

    fn november() -> String {
        let mut s = format!("{PROBE_HEADER}\n");
        for (t, o, ms) in [
            ("2026-11-19T10:00:00Z", "down", ""),
            ("2026-11-19T10:05:00Z", "down", ""),
            ("2026-11-19T10:10:00Z", "down", ""),
            ("2026-11-19T10:15:00Z", "up", "20.0"),
            ("2026-11-19T11:00:00Z", "down", ""),
            ("2026-11-19T11:05:00Z", "down", ""),
            ("2026-11-19T11:10:00Z", "warn", "30.0"),
            ("2026-11-20T14:05:00Z", "up", "100.0"),
            // Out of order.
            ("2026-11-20T14:00:00Z", "up", "40.0"),
            ("2026-11-20T14:10:00Z", "up", "60.0"),
            // A duplicate of the line before: the first one read counts.
            ("2026-11-20T14:10:00Z", "up", "999.0"),
            ("2026-11-20T14:15:00Z", "down", "5.0"),
            ("2026-11-20T14:20:00Z", "up", "80.0"),
            // After `now`: not counted.
            ("2026-11-20T15:05:00Z", "up", "1.0"),
        ] {
            s.push_str(&line(t, o, ms));
        }
        s.push_str("garbage\n2026-11-20T14:25:00Z,sideways,200,1,,,,,,\"\"\n");
        // A torn last line, as a killed run leaves it.
        s.push_str("2026-11-20T14:30:00Z,up,2");
        s
    }

    #[test]
    fn figures_are_exact_nearest_rank_over_the_lines_that_read() {
        let (dir, config) = site(&[("2026-11.csv", november())]);
        let m = read(dir.path(), &config, NOW.parse().unwrap(), None);
        let p = &m.probes[0];
        assert_eq!(p.hours.len(), HOURS);
        // 14:00-15:00 UTC: up 40, 100, 60, 80 (not 999), down 1.
        let h = p.hours[HOURS - 2];
        assert_eq!(
            h.start,
            "2026-11-20T14:00:00Z".parse::<Timestamp>().unwrap().as_second()
        );
        assert_eq!((h.up, h.down, h.p50, h.p95), (4, 1, Some(60.0), Some(100.0)));
        assert_eq!(p.hours[HOURS - 1].up + p.hours[HOURS - 1].down, 0, "nothing after now");
        // The 19th: 20 and 30 (warn counts as up), 5 down.
        let day = p.days[CHART_DAYS - 2];
        assert_eq!(p.day_dates[CHART_DAYS - 2].to_string(), "2026-11-19");
        assert_eq!((day.up, day.down, day.p50, day.p95), (2, 5, Some(20.0), Some(30.0)));
        assert_eq!(
            p.availability,
            Stats {
                checks: 12,
                down: 6,
                p50: None,
                p95: None
            }
        );
        assert_eq!(p.measured_percent(), Some(50.0));
        assert_eq!((p.last_24h.p50, p.last_24h.p95), (Some(60.0), Some(100.0)));
        assert_eq!(
            (p.last_90d.checks, p.last_90d.p50, p.last_90d.p95),
            (12, Some(40.0), Some(100.0))
        );
        let latest = p.latest.unwrap();
        assert_eq!(
            (latest.at.to_string().as_str(), latest.up, latest.total_ms),
            ("2026-11-20T14:20:00Z", true, Some(80.0))
        );
        // Three failures in a row is a run; two are not.
        assert_eq!(p.failures.len(), 1);
        assert_eq!(
            (p.failures[0].checks, p.failures[0].first.to_string()),
            (3, "2026-11-19T10:00:00Z".to_owned())
        );
        // One warning per damaged line, with its number.
        let lines: Vec<(usize, &str)> = m.warnings.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert_eq!(
            lines,
            [
                (16, "skipped a damaged line: its time field is not valid"),
                (17, "skipped a damaged line: its outcome field is not valid"),
                (18, "skipped a damaged line: the line is cut short"),
            ]
        );
        assert_eq!(m.warnings[0].path, "data/probes/api-health/2026-11.csv");
    }

    #[test]
    fn months_outside_the_periods_are_not_read_and_damage_is_counted_not_listed() {
        let mut bad = format!("{PROBE_HEADER}\n");
        for _ in 0..50 {
            bad.push_str("not a line\n");
        }
        // 2025-01 ends long before the 90 days: never opened, so its damage says nothing.
        let (dir, config) = site(&[
            ("2025-01.csv", bad.clone()),
            ("2026-10.csv", bad),
            ("notes.txt", "x".into()),
        ]);
        let m = read(dir.path(), &config, NOW.parse().unwrap(), None);
        assert_eq!(m.warnings.len(), LINES_REPORTED + 1);
        assert!(m.warnings.iter().all(|w| w.path.ends_with("2026-10.csv")));
        assert_eq!(m.warnings[3].message, "47 more damaged lines were skipped");
        assert_eq!(month_span("2026-12.csv").map(|(a, b)| b - a), Some(31 * 86_400));
        assert_eq!(month_span("2026-1.csv"), None);
    }

    #[test]
    fn the_cache_reads_again_only_a_file_that_changed() {
        let (dir, config) = site(&[
            ("2026-11.csv", november()),
            ("2026-10.csv", format!("{PROBE_HEADER}\n")),
        ]);
        let now = NOW.parse().unwrap();
        let mut cache = Cache::default();
        let first = read(dir.path(), &config, now, Some(&mut cache));
        let october = Arc::clone(&cache.files["data/probes/api-health/2026-10.csv"]);
        let path = dir.path().join("data/probes/api-health/2026-11.csv");
        let mut text = november();
        text.push_str("\n2026-11-20T14:40:00Z,down,,,,,,,,\"timeout\"\n");
        std::fs::write(&path, text).unwrap();
        let second = read(dir.path(), &config, now, Some(&mut cache));
        assert!(Arc::ptr_eq(
            &october,
            &cache.files["data/probes/api-health/2026-10.csv"]
        ));
        assert_eq!(
            second.probes[0].hours[HOURS - 2].down,
            first.probes[0].hours[HOURS - 2].down + 1
        );
        // The same as a read without the cache.
        assert_eq!(second.probes, read(dir.path(), &config, now, None).probes);
    }

    #[test]
    fn percentiles_are_nearest_rank() {
        let v = [1.0f32, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0];
        assert_eq!(percentile(&v, 50.0), Some(5.0));
        assert_eq!(percentile(&v, 95.0), Some(10.0));
        assert_eq!(percentile(&v[..1], 95.0), Some(1.0));
        assert_eq!(percentile(&[], 50.0), None);
        let mut shuffled = [7.0f32, 1.0, 10.0, 3.0, 9.0, 2.0, 8.0, 4.0, 6.0, 5.0];
        assert_eq!(select_percentile(&mut shuffled, 50.0), Some(5.0));
        assert_eq!(select_percentile(&mut shuffled, 95.0), Some(10.0));
    }
}

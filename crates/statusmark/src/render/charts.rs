//! What templates see of measurements: response-time charts of a probe (their geometry worked
//! out here as SVG path data, numbers only; the markup is the theme's), the same numbers as table
//! rows, the summary sentence, measured availability, and each metric's card for the metrics page.
//!
//! Everything here is formatting of figures the model already holds ([`crate::measure::read`]);
//! nothing is computed again.

use std::fmt::Write as _;

use serde::Serialize;

use super::RenderContext;
use crate::content::measure::{Metric, Probe};
use crate::measure::read::{Bin, MetricSummary, ProbeSummary, SHORT_DAYS, SnapshotState, Stats};

/// The drawing area of every chart, in SVG user units; the page scales it to its width.
pub const WIDTH: f64 = 300.0;
pub const HEIGHT: f64 = 80.0;

#[derive(Debug, Serialize)]
pub struct ChartView {
    /// Unique on its page (for `aria-labelledby`).
    id: String,
    /// "Last 24 hours".
    period: &'static str,
    /// One sentence: "p95 87 ms over 24 hours, target 300 ms: met".
    summary: String,
    /// SVG path data for each line ("" when there is nothing to draw).
    p50: String,
    p95: String,
    /// Where the target line is drawn, if there is one and it fits.
    target_y: Option<String>,
    /// The value at the top of the chart ("400 ms").
    top: String,
    /// The first and last bins' labels, under the chart.
    from: String,
    to: String,
    /// What the "when" column is called ("Hour", "Day").
    unit: &'static str,
    /// Response times (p50 and p95 lines, checks and failures) rather than one metric's values.
    percentiles: bool,
    rows: Vec<RowView>,
}

#[derive(Debug, Serialize)]
struct RowView {
    when: String,
    checks: u32,
    failed: u32,
    p50: String,
    p95: String,
}

#[derive(Debug, Serialize)]
pub struct ProbeView<'a> {
    id: &'a str,
    /// "measured: 99.95 % of 8,640 checks"; `None` without checks in the uptime window.
    measured: Option<String>,
    target: Option<String>,
    latest: Option<String>,
    charts: Vec<ChartView>,
}

#[derive(Debug, Serialize)]
pub struct MetricView<'a> {
    id: &'a str,
    name: &'a str,
    /// "missing", "unreadable", "stale" or "fresh".
    state: &'static str,
    /// "87.3 ms".
    value: Option<String>,
    /// "< 100 ms".
    target: Option<String>,
    met: Option<bool>,
    fetched: Option<super::views::TimeView>,
    chart: Option<ChartView>,
}

/// A number of milliseconds as people read it: a decimal below 10 ms, whole above.
pub fn ms(v: f64) -> String {
    if v < 10.0 {
        format!("{v:.1} ms")
    } else {
        format!("{v:.0} ms")
    }
}

/// 8640 → "8,640".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A value of a metric: up to three significant decimals, without trailing zeros.
pub fn value(v: f64) -> String {
    let s = if v.abs() >= 100.0 {
        format!("{v:.0}")
    } else if v.abs() >= 1.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.3}")
    };
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    }
}

/// The smallest 1, 2 or 5 × 10ⁿ at least `v`.
fn nice_ceiling(v: f64) -> f64 {
    if !(v.is_finite() && v > 0.0) {
        return 1.0;
    }
    let base = 10f64.powf(v.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * base)
        .find(|c| *c >= v * 0.999_999)
        .unwrap_or(10.0 * base)
}

/// SVG path data through `values` spread evenly over the width, broken where a value is missing;
/// a lone point is drawn as a dot (zero-length segment with round caps).
fn path(values: &[Option<f64>], top: f64) -> String {
    let n = values.len();
    let step = if n > 1 { WIDTH / (n - 1) as f64 } else { 0.0 };
    let mut d = String::new();
    let mut open = false;
    for (i, v) in values.iter().enumerate() {
        let Some(v) = v else {
            open = false;
            continue;
        };
        let (x, y) = (i as f64 * step, y_of(*v, top));
        let lone = !open && values.get(i + 1).is_none_or(Option::is_none);
        let _ = write!(d, "{}{}", if open { "L" } else { "M" }, coord(x, y));
        if lone {
            d.push_str("h0");
        }
        open = true;
    }
    d
}

fn y_of(v: f64, top: f64) -> f64 {
    HEIGHT - (v / top).clamp(0.0, 1.0) * HEIGHT
}

/// "12.3 45": one decimal, no trailing ".0".
fn coord(x: f64, y: f64) -> String {
    let short = |v: f64| {
        let s = format!("{:.1}", v);
        s.strip_suffix(".0").map_or_else(|| s.clone(), str::to_owned)
    };
    format!("{} {}", short(x), short(y))
}

struct Series<'a> {
    id: String,
    period: &'static str,
    unit: &'static str,
    bins: &'a [Bin],
    labels: Vec<String>,
    stats: &'a Stats,
    /// "24 hours", for the summary.
    span: &'static str,
}

fn chart(s: Series<'_>, target: Option<f64>) -> ChartView {
    let p50: Vec<Option<f64>> = s.bins.iter().map(|b| b.p50).collect();
    let p95: Vec<Option<f64>> = s.bins.iter().map(|b| b.p95).collect();
    let highest = p95
        .iter()
        .flatten()
        .copied()
        .fold(0.0, f64::max)
        .max(target.unwrap_or(0.0));
    let top = nice_ceiling(highest * 1.1);
    let summary = match (s.stats.p95, target) {
        (None, _) => format!("No response times over {}.", s.span),
        (Some(p), None) => format!("p95 {} over {}.", ms(p), s.span),
        (Some(p), Some(t)) => format!(
            "p95 {} over {}, target {}: {}.",
            ms(p),
            s.span,
            ms(t),
            if p <= t { "met" } else { "missed" }
        ),
    };
    let rows = s
        .bins
        .iter()
        .zip(&s.labels)
        .map(|(b, when)| RowView {
            when: when.clone(),
            checks: b.up + b.down,
            failed: b.down,
            p50: b.p50.map_or_else(|| "–".to_owned(), ms),
            p95: b.p95.map_or_else(|| "–".to_owned(), ms),
        })
        .collect();
    ChartView {
        id: s.id,
        period: s.period,
        summary,
        p50: path(&p50, top),
        p95: path(&p95, top),
        target_y: target.filter(|t| *t <= top).map(|t| format!("{:.1}", y_of(t, top))),
        top: ms(top),
        from: s.labels.first().cloned().unwrap_or_default(),
        to: s.labels.last().cloned().unwrap_or_default(),
        unit: s.unit,
        percentiles: true,
        rows,
    }
}

impl<'m> RenderContext<'m> {
    /// A probe's charts (24 hours, 30 days, 90 days), measured availability and latest check.
    pub fn probe(&self, probe: &'m Probe, summary: &ProbeSummary) -> ProbeView<'m> {
        let target = probe.latency_target_ms;
        let hour_labels: Vec<String> = summary
            .hours
            .iter()
            .map(|b| {
                jiff::Timestamp::from_second(b.start)
                    .unwrap_or_default()
                    .to_zoned(self.zone.clone())
                    .strftime("%b %-d %H:%M")
                    .to_string()
            })
            .collect();
        let day_labels: Vec<String> = summary
            .day_dates
            .iter()
            .map(|d| d.strftime("%b %-d").to_string())
            .collect();
        let short = summary.days.len().saturating_sub(SHORT_DAYS);
        let charts = vec![
            chart(
                Series {
                    id: format!("{}-24h", probe.id),
                    period: "Last 24 hours, per hour",
                    unit: "Hour",
                    bins: &summary.hours,
                    labels: hour_labels,
                    stats: &summary.last_24h,
                    span: "24 hours",
                },
                target,
            ),
            chart(
                Series {
                    id: format!("{}-30d", probe.id),
                    period: "Last 30 days, per day",
                    unit: "Day",
                    bins: &summary.days[short..],
                    labels: day_labels[short.min(day_labels.len())..].to_vec(),
                    stats: &summary.last_30d,
                    span: "30 days",
                },
                target,
            ),
            chart(
                Series {
                    id: format!("{}-90d", probe.id),
                    period: "Last 90 days, per day",
                    unit: "Day",
                    bins: &summary.days,
                    labels: day_labels,
                    stats: &summary.last_90d,
                    span: "90 days",
                },
                target,
            ),
        ];
        ProbeView {
            id: &probe.id,
            measured: summary
                .measured_percent()
                .map(|p| format!("{p:.2} % of {} checks", thousands(summary.availability.checks))),
            target: target.map(ms),
            latest: summary.latest.map(|l| {
                let when = l.at.to_zoned(self.zone.clone()).strftime("%b %-d, %Y %H:%M %Z");
                match (l.up, l.total_ms) {
                    (true, Some(t)) => format!("{when}: up, {}", ms(t)),
                    (true, None) => format!("{when}: up"),
                    (false, _) => format!("{when}: failed"),
                }
            }),
            charts,
        }
    }

    /// The probes of component `ci`, in configuration order.
    pub fn component_probes(&self, ci: usize) -> Vec<ProbeView<'m>> {
        let model = self.model;
        model.components[ci]
            .probes
            .iter()
            .map(|&n| self.probe(&model.config.probes[n], &model.probes[n]))
            .collect()
    }

    /// A metric's card: its latest value, target, chart of its snapshot.
    pub fn metric(&self, metric: &'m Metric, summary: &MetricSummary) -> MetricView<'m> {
        let with_unit = |v: f64| {
            if metric.unit.is_empty() {
                value(v)
            } else {
                format!("{} {}", value(v), metric.unit)
            }
        };
        let chart = (!summary.points.is_empty()).then(|| metric_chart(self, metric, summary));
        MetricView {
            id: &metric.id,
            name: &metric.name,
            state: match summary.state {
                SnapshotState::Missing => "missing",
                SnapshotState::Unreadable => "unreadable",
                SnapshotState::Stale => "stale",
                SnapshotState::Fresh => "fresh",
            },
            value: summary.latest.map(|(_, v)| with_unit(v)),
            target: metric.target.map(|t| format!("{} {}", t.symbol(), with_unit(t.value))),
            met: summary.met,
            fetched: summary.fetched_at.map(|t| self.time(t)),
            chart,
        }
    }
}

/// A metric's snapshot as one line (its values are not response times: no p50, no percentiles).
fn metric_chart(cx: &RenderContext<'_>, metric: &Metric, summary: &MetricSummary) -> ChartView {
    let values: Vec<Option<f64>> = summary.points.iter().map(|(_, v)| *v).collect();
    let target = metric.target.map(|t| t.value);
    let highest = values
        .iter()
        .flatten()
        .copied()
        .fold(0.0, f64::max)
        .max(target.unwrap_or(0.0));
    let top = nice_ceiling(highest * 1.1);
    let unit = |v: f64| {
        if metric.unit.is_empty() {
            value(v)
        } else {
            format!("{} {}", value(v), metric.unit)
        }
    };
    let label = |t: i64| {
        jiff::Timestamp::from_second(t)
            .unwrap_or_default()
            .to_zoned(cx.zone.clone())
            .strftime("%b %-d %H:%M")
            .to_string()
    };
    let summary_text = match (summary.latest, metric.target) {
        (None, _) => "No values in the snapshot.".to_owned(),
        (Some((_, v)), None) => format!("Latest {}.", unit(v)),
        // An out-of-date snapshot answers another query: its values are shown, not judged.
        (Some((_, v)), Some(_)) if summary.state != SnapshotState::Fresh => format!("Latest {}, out of date.", unit(v)),
        (Some((_, v)), Some(t)) => format!(
            "Latest {}, target {} {}: {}.",
            unit(v),
            t.symbol(),
            unit(t.value),
            if t.met_by(v) { "met" } else { "missed" }
        ),
    };
    ChartView {
        id: format!("metric-{}-chart", metric.id),
        period: "Snapshot",
        summary: summary_text,
        p50: String::new(),
        p95: path(&values, top),
        target_y: target
            .filter(|t| *t >= 0.0 && *t <= top)
            .map(|t| format!("{:.1}", y_of(t, top))),
        top: unit(top),
        from: summary.points.first().map(|p| label(p.0)).unwrap_or_default(),
        to: summary.points.last().map(|p| label(p.0)).unwrap_or_default(),
        unit: "Time",
        percentiles: false,
        rows: summary
            .points
            .iter()
            .map(|&(t, v)| RowView {
                when: label(t),
                checks: 0,
                failed: 0,
                p50: String::new(),
                p95: v.map_or_else(|| "–".to_owned(), unit),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// The keys of every planned file of the `measured` fixture at `root`, as of its tests' `now`.
    fn keys(root: &std::path::Path) -> std::collections::BTreeMap<String, Option<super::super::plan::Key>> {
        let now: jiff::Timestamp = "2026-11-20T15:00:00Z".parse().unwrap();
        let content = crate::content::load(root, now).unwrap();
        let measured = crate::measure::read::read(root, &content.config, now, None);
        let model = crate::model::SiteModel::with_measurements(content, measured, now);
        let theme = crate::theme::Theme::load(root).unwrap();
        let widget = crate::theme::WidgetBundle::default();
        let cx = RenderContext::new(&model, &theme, &widget, true).unwrap();
        super::super::plan_site(&cx)
            .into_iter()
            .map(|p| (p.path.clone(), p.key))
            .collect()
    }

    #[test]
    fn new_data_for_one_probe_changes_the_keys_of_the_pages_showing_it_and_no_others() {
        let dir = super::super::testing::fixture_copy("measured");
        let before = keys(dir.path());
        let web = dir.path().join("data/probes/web-home/2026-11.csv");
        let mut text = std::fs::read_to_string(&web).unwrap();
        text.push_str("2026-11-20T14:59:00Z,up,200,900.0,,,,,,\"\"\n");
        std::fs::write(&web, text).unwrap();
        let after = keys(dir.path());
        let changed: Vec<&str> = after
            .iter()
            .filter(|(path, key)| key.is_some() && before.get(*path) != Some(key))
            .map(|(path, _)| path.as_str())
            .collect();
        // Files without a key (the home page, the calendar) are rendered every time anyway, and
        // written only when their bytes change.
        assert_eq!(
            changed,
            ["api/v2/summary.json", "components/web/index.html", "status.json"]
        );
    }

    #[test]
    fn figures_read_naturally() {
        assert_eq!(
            [thousands(8640), thousands(999), thousands(1_000_000)],
            ["8,640", "999", "1,000,000"]
        );
        assert_eq!([ms(87.4), ms(4.25), ms(300.0)], ["87 ms", "4.2 ms", "300 ms"]);
        assert_eq!([value(87.30), value(0.0012), value(1234.5)], ["87.3", "0.001", "1234"]);
        assert_eq!(
            [nice_ceiling(330.0), nice_ceiling(90.0), nice_ceiling(100.0)],
            [500.0, 100.0, 100.0]
        );
    }

    #[test]
    fn paths_break_at_gaps_and_dot_lone_points() {
        let v = [Some(50.0), Some(100.0), None, Some(0.0), None];
        // Five points over 300 units: 75 apart; the top is 100.
        assert_eq!(path(&v, 100.0), "M0 40L75 0M225 80h0");
        assert_eq!(path(&[], 100.0), "");
    }
}

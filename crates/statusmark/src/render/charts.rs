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
use crate::i18n::Language;
use crate::measure::read::{Bin, MetricSummary, ProbeSummary, SHORT_DAYS, SnapshotState, Stats};

/// The drawing area of every chart, in SVG user units; the page scales it to its width.
pub const WIDTH: f64 = 300.0;
pub const HEIGHT: f64 = 80.0;

#[derive(Debug, Serialize)]
pub struct ChartView {
    /// Unique on its page (for `aria-labelledby`).
    id: String,
    /// "Last 24 hours, per hour".
    period: String,
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
    unit: String,
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

/// A number of milliseconds as people read it: a decimal below 10 ms, whole above ("8.5 ms",
/// "87 ms"; "8,5 ms" in German).
pub fn ms(lang: &Language, v: f64) -> String {
    let n = if v < 10.0 { format!("{v:.1}") } else { format!("{v:.0}") };
    [lang.number(&n).as_str(), " ms"].concat()
}

/// A metric's value in `lang`, with the metric's unit.
fn with_unit(lang: &Language, metric: &Metric, v: f64) -> String {
    let n = lang.number(&value(v));
    if metric.unit.is_empty() {
        n
    } else {
        format!("{n} {}", metric.unit)
    }
}

/// A day and a time, as chart labels: "Nov 20 15:00".
fn day_time(lang: &Language, t: i64, zone: &jiff::tz::TimeZone) -> String {
    let z = jiff::Timestamp::from_second(t)
        .unwrap_or_default()
        .to_zoned(zone.clone());
    format!("{} {}", lang.month_day(z.date()), z.strftime("%H:%M"))
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
    /// Message ids: the chart's period, the "when" column, the span the summary names.
    period: &'static str,
    unit: &'static str,
    bins: &'a [Bin],
    labels: Vec<String>,
    stats: &'a Stats,
    /// "24 hours", for the summary.
    span: &'static str,
}

fn chart(lang: &Language, s: Series<'_>, target: Option<f64>) -> ChartView {
    let ms = |v: f64| ms(lang, v);
    let p50: Vec<Option<f64>> = s.bins.iter().map(|b| b.p50).collect();
    let p95: Vec<Option<f64>> = s.bins.iter().map(|b| b.p95).collect();
    let highest = p95
        .iter()
        .flatten()
        .copied()
        .fold(0.0, f64::max)
        .max(target.unwrap_or(0.0));
    let top = nice_ceiling(highest * 1.1);
    let span = lang.say(s.span);
    let summary = match (s.stats.p95, target) {
        (None, _) => lang.text("chart-summary-none", &[("span", span.into())]),
        (Some(p), None) => lang.text("chart-summary", &[("p95", ms(p).into()), ("span", span.into())]),
        (Some(p), Some(t)) => lang.text(
            "chart-summary-target",
            &[
                ("p95", ms(p).into()),
                ("span", span.into()),
                ("target", ms(t).into()),
                (
                    "verdict",
                    lang.say(if p <= t { "sla-met" } else { "sla-missed" }).into(),
                ),
            ],
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
        period: lang.say(s.period),
        summary,
        p50: path(&p50, top),
        p95: path(&p95, top),
        target_y: target.filter(|t| *t <= top).map(|t| format!("{:.1}", y_of(t, top))),
        top: ms(top),
        from: s.labels.first().cloned().unwrap_or_default(),
        to: s.labels.last().cloned().unwrap_or_default(),
        unit: lang.say(s.unit),
        percentiles: true,
        rows,
    }
}

impl<'m> RenderContext<'m> {
    /// A probe's charts (24 hours, 30 days, 90 days), measured availability and latest check.
    pub fn probe(&self, probe: &'m Probe, summary: &ProbeSummary) -> ProbeView<'m> {
        let target = probe.latency_target_ms;
        let lang = self.lang;
        let hour_labels: Vec<String> = summary
            .hours
            .iter()
            .map(|b| day_time(lang, b.start, &self.zone))
            .collect();
        let day_labels: Vec<String> = summary.day_dates.iter().map(|d| lang.month_day(*d)).collect();
        let short = summary.days.len().saturating_sub(SHORT_DAYS);
        let charts = vec![
            chart(
                lang,
                Series {
                    id: format!("{}-24h", probe.id),
                    period: "chart-period-24h",
                    unit: "chart-unit-hour",
                    bins: &summary.hours,
                    labels: hour_labels,
                    stats: &summary.last_24h,
                    span: "chart-span-24h",
                },
                target,
            ),
            chart(
                lang,
                Series {
                    id: format!("{}-30d", probe.id),
                    period: "chart-period-30d",
                    unit: "chart-unit-day",
                    bins: &summary.days[short..],
                    labels: day_labels[short.min(day_labels.len())..].to_vec(),
                    stats: &summary.last_30d,
                    span: "chart-span-30d",
                },
                target,
            ),
            chart(
                lang,
                Series {
                    id: format!("{}-90d", probe.id),
                    period: "chart-period-90d",
                    unit: "chart-unit-day",
                    bins: &summary.days,
                    labels: day_labels,
                    stats: &summary.last_90d,
                    span: "chart-span-90d",
                },
                target,
            ),
        ];
        ProbeView {
            id: &probe.id,
            measured: summary.measured_percent().map(|p| {
                lang.text(
                    "probe-measured",
                    &[
                        ("percent", lang.number(&format!("{p:.2}")).into()),
                        ("checks", lang.number(&summary.availability.checks.to_string()).into()),
                    ],
                )
            }),
            target: target.map(|t| ms(lang, t)),
            latest: summary.latest.map(|l| {
                let when = lang.date_time(&l.at.to_zoned(self.zone.clone()));
                match (l.up, l.total_ms) {
                    (true, Some(t)) => lang.text(
                        "probe-latest-up-time",
                        &[("when", when.into()), ("took", ms(lang, t).into())],
                    ),
                    (true, None) => lang.text("probe-latest-up", &[("when", when.into())]),
                    (false, _) => lang.text("probe-latest-failed", &[("when", when.into())]),
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
        let with_unit = |v: f64| with_unit(self.lang, metric, v);
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
    let lang = cx.lang;
    let unit = |v: f64| with_unit(lang, metric, v);
    let label = |t: i64| day_time(lang, t, &cx.zone);
    let summary_text = match (summary.latest, metric.target) {
        (None, _) => lang.say("metric-summary-none"),
        (Some((_, v)), None) => lang.text("metric-summary", &[("value", unit(v).into())]),
        // An out-of-date snapshot answers another query: its values are shown, not judged.
        (Some((_, v)), Some(_)) if summary.state != SnapshotState::Fresh => {
            lang.text("metric-summary-stale", &[("value", unit(v).into())])
        }
        (Some((_, v)), Some(t)) => lang.text(
            "metric-summary-target",
            &[
                ("value", unit(v).into()),
                ("target", format!("{} {}", t.symbol(), unit(t.value)).into()),
                (
                    "verdict",
                    lang.say(if t.met_by(v) { "sla-met" } else { "sla-missed" }).into(),
                ),
            ],
        ),
    };
    ChartView {
        id: format!("metric-{}-chart", metric.id),
        period: lang.say("chart-period-snapshot"),
        summary: summary_text,
        p50: String::new(),
        p95: path(&values, top),
        target_y: target
            .filter(|t| *t >= 0.0 && *t <= top)
            .map(|t| format!("{:.1}", y_of(t, top))),
        top: unit(top),
        from: summary.points.first().map(|p| label(p.0)).unwrap_or_default(),
        to: summary.points.last().map(|p| label(p.0)).unwrap_or_default(),
        unit: lang.say("chart-unit-time"),
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
        // The home page's key is what it shows (it shows no probe figures); files without a key
        // are rendered every time anyway, and written only when their bytes change.
        assert_eq!(
            changed,
            ["api/v2/summary.json", "components/web/index.html", "status.json"]
        );
    }

    #[test]
    fn figures_read_naturally() {
        let (en, de) = (crate::i18n::english(), crate::i18n::language("de").unwrap());
        assert_eq!(
            [en.number("8640"), en.number("999"), de.number("1000000")],
            ["8,640", "999", "1.000.000"]
        );
        assert_eq!(
            [ms(en, 87.4), ms(en, 4.25), ms(en, 300.0)],
            ["87 ms", "4.2 ms", "300 ms"]
        );
        assert_eq!([ms(de, 4.25), ms(de, 1200.0)], ["4,2 ms", "1.200 ms"]);
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

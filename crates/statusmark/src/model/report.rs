//! Reports: uptime per calendar month and quarter in the site's time zone, for each component and
//! for the whole page, with whether the uptime target was met, and response times per period.
//!
//! Uptime is computed exactly from the incident ledger with the same [`StatusTimeline`] and the
//! same downtime rule as the rolling window (major outage counts in full, partial outage at
//! [`statusmark_feed::timeline::PARTIAL_OUTAGE_WEIGHT`], degraded performance and maintenance not
//! at all; overlapping incidents merged, the worst status winning): a month is one span of the
//! timeline cut at the zone's month boundaries, so an incident across midnight of the 1st is
//! split exactly, and a month inside the rolling window has the same uptime as the component
//! page's monthly figure. The whole page is down as much as its worst component at each instant.
//!
//! Reports start with the month of the earliest component `start_date` or published incident,
//! whichever is first, and end with the month holding `now`. A component is observed from the
//! start of the first month, or from its `start_date` if later; nothing is observed after `now`.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, ToSpan};
use statusmark_feed::timeline::{StatusSpan, StatusTimeline, UptimeDay, uptime_percent};

use super::response::{ResponseTimes, median, response_times};
use super::{ComponentState, component_spans};
use crate::content::{Config, Incident, Maintenance};

/// Months or quarters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PeriodKind {
    Month,
    Quarter,
}

impl PeriodKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PeriodKind::Month => "month",
            PeriodKind::Quarter => "quarter",
        }
    }
}

/// A calendar month or quarter in the site's zone: `[start, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Period {
    pub kind: PeriodKind,
    pub year: i16,
    /// 1–12 for a month, 1–4 for a quarter.
    pub number: i8,
    /// The first day, in the site's zone.
    pub first_day: Date,
    pub start: Timestamp,
    pub end: Timestamp,
}

impl Period {
    /// `2026-03` for a month, `2026-Q1` for a quarter.
    pub fn label(&self) -> String {
        match self.kind {
            PeriodKind::Month => format!("{:04}-{:02}", self.year, self.number),
            PeriodKind::Quarter => format!("{:04}-Q{}", self.year, self.number),
        }
    }
}

/// How an incident's response went, summed over a period.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ResponseSummary {
    /// Incidents that started in the period.
    pub incidents: usize,
    pub respond_met: usize,
    pub respond_missed: usize,
    /// Over the incidents with a first update by `now`.
    pub median_respond: Option<SignedDuration>,
    pub resolve_met: usize,
    pub resolve_missed: usize,
    /// Over the incidents resolved by `now`.
    pub median_resolve: Option<SignedDuration>,
}

/// One scope's figures for one period.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Figures {
    /// How much of the period was observed (after the start, before `now`).
    pub observed_ms: i64,
    /// Weighted downtime.
    pub downtime_ms: f64,
    pub responses: ResponseSummary,
}

impl Figures {
    /// Uptime in percent, `None` when nothing of the period was observed.
    pub fn uptime(&self) -> Option<f64> {
        uptime_percent(&[UptimeDay {
            observed_ms: self.observed_ms,
            downtime_ms: self.downtime_ms,
            worst: statusmark_feed::ComponentStatus::Operational,
            has_data: self.observed_ms > 0,
        }])
    }

    /// Whether the uptime reached `target` (`None` without a target or without data).
    pub fn target_met(&self, target: Option<f64>) -> Option<bool> {
        target.zip(self.uptime()).map(|(t, u)| u >= t)
    }
}

impl Hash for Figures {
    fn hash<H: Hasher>(&self, h: &mut H) {
        (self.observed_ms, self.downtime_ms.to_bits(), self.responses).hash(h);
    }
}

/// The whole page or one component.
#[derive(Clone, Debug, PartialEq)]
pub struct ScopeReport {
    /// The uptime target in percent.
    pub target: Option<f64>,
    /// One per [`Reports::months`].
    pub months: Vec<Figures>,
    /// One per [`Reports::quarters`].
    pub quarters: Vec<Figures>,
}

impl Hash for ScopeReport {
    fn hash<H: Hasher>(&self, h: &mut H) {
        (self.target.map(f64::to_bits), &self.months, &self.quarters).hash(h);
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Reports {
    /// Oldest first, from the report's first month to the one holding `now`.
    pub months: Vec<Period>,
    /// The quarters of those months, oldest first.
    pub quarters: Vec<Period>,
    pub page: ScopeReport,
    /// In configuration order.
    pub components: Vec<ScopeReport>,
}

impl Reports {
    pub fn new(
        config: &Config,
        incidents: &[Arc<Incident>],
        maintenances: &[Arc<Maintenance>],
        components: &[ComponentState],
        published: usize,
        now: Timestamp,
    ) -> Reports {
        let zone = config.zone();
        let first = first_day(config, incidents, published, now, &zone);
        let months = months(first, now, &zone);
        let quarters = quarters(&months, &zone);
        let now_ms = now.as_millisecond();
        let bounds = |periods: &[Period]| -> Vec<i64> {
            periods
                .iter()
                .map(|p| p.start.as_millisecond())
                .chain(periods.last().map(|p| p.end.as_millisecond()))
                .collect()
        };
        let (month_bounds, quarter_bounds) = (bounds(&months), bounds(&quarters));
        let report_start = month_bounds.first().copied().unwrap_or(now_ms);
        let responses: Vec<Option<ResponseTimes>> = incidents
            .iter()
            .map(|i| response_times(i, &config.response_targets, now))
            .collect();
        let figures = |timeline: &StatusTimeline, data_from: i64, touching: &mut dyn Iterator<Item = usize>| {
            let listed: Vec<usize> = touching.filter(|&n| n >= published).collect();
            let summaries = |bounds: &[i64]| summaries(bounds, &listed, incidents, &responses);
            let month_days = timeline.days(&month_bounds, data_from, now_ms);
            let quarter_days = timeline.days(&quarter_bounds, data_from, now_ms);
            let join = |days: Vec<UptimeDay>, responses: Vec<ResponseSummary>| -> Vec<Figures> {
                days.into_iter()
                    .zip(responses)
                    .map(|(d, responses)| Figures {
                        observed_ms: d.observed_ms,
                        downtime_ms: d.downtime_ms,
                        responses,
                    })
                    .collect()
            };
            (
                join(month_days, summaries(&month_bounds)),
                join(quarter_days, summaries(&quarter_bounds)),
            )
        };
        let mut page_spans = Vec::new();
        let mut page_from = i64::MAX;
        let mut reports = Vec::with_capacity(components.len());
        for (c, state) in config.components.iter().zip(components) {
            let data_from = c
                .start_date
                .and_then(|d| d.to_zoned(zone.clone()).ok())
                .map_or(report_start, |z| z.timestamp().as_millisecond().max(report_start));
            page_from = page_from.min(data_from);
            // The component's whole history, as `SiteModel::timeline` sees it.
            let spans = component_spans(incidents, &state.incidents, maintenances, &c.id, now);
            // The page sees a component only while it is observed.
            page_spans.extend(spans.iter().filter(|s| s.end_ms > data_from).map(|s| StatusSpan {
                start_ms: s.start_ms.max(data_from),
                ..*s
            }));
            let (months, quarters) = figures(
                &StatusTimeline::from_spans(spans),
                data_from,
                &mut state.incidents.iter().copied(),
            );
            reports.push(ScopeReport {
                target: c.sla,
                months,
                quarters,
            });
        }
        let (page_months, page_quarters) = figures(
            &StatusTimeline::from_spans(page_spans),
            page_from.min(now_ms),
            &mut (0..incidents.len()),
        );
        Reports {
            months,
            quarters,
            page: ScopeReport {
                target: config.sla,
                months: page_months,
                quarters: page_quarters,
            },
            components: reports,
        }
    }

    /// The years the report covers, oldest first.
    pub fn years(&self) -> Vec<i16> {
        let mut years: Vec<i16> = self.months.iter().map(|m| m.year).collect();
        years.dedup();
        years
    }
}

/// The report's first day: the earliest component `start_date` or published incident start, in
/// the site's zone; today if there is neither (or both are in the future).
fn first_day(config: &Config, incidents: &[Arc<Incident>], published: usize, now: Timestamp, zone: &TimeZone) -> Date {
    let today = now.to_zoned(zone.clone()).date();
    // Newest first: the oldest published incident is the last one.
    let oldest = incidents[published..]
        .last()
        .map(|i| i.started.to_zoned(zone.clone()).date());
    config
        .components
        .iter()
        .filter_map(|c| c.start_date)
        .chain(oldest)
        .chain([today])
        .min()
        .unwrap_or(today)
}

fn months(first: Date, now: Timestamp, zone: &TimeZone) -> Vec<Period> {
    let last = now.to_zoned(zone.clone()).date().first_of_month();
    let mut out = Vec::new();
    let mut m = first.first_of_month();
    while m <= last {
        let Ok(next) = m.checked_add(1.month()) else { break };
        if let (Some(start), Some(end)) = (instant(m, zone), instant(next, zone)) {
            out.push(Period {
                kind: PeriodKind::Month,
                year: m.year(),
                number: m.month(),
                first_day: m,
                start,
                end,
            });
        }
        m = next;
    }
    out
}

/// The quarters holding `months`, each whole (its calendar start and end).
fn quarters(months: &[Period], zone: &TimeZone) -> Vec<Period> {
    let mut out: Vec<Period> = Vec::new();
    for m in months {
        let number = (m.number - 1) / 3 + 1;
        if out.last().is_some_and(|q| q.year == m.year && q.number == number) {
            continue;
        }
        let Ok(first_day) = Date::new(m.year, (number - 1) * 3 + 1, 1) else {
            continue;
        };
        let Ok(next) = first_day.checked_add(3.months()) else {
            continue;
        };
        if let (Some(start), Some(end)) = (instant(first_day, zone), instant(next, zone)) {
            out.push(Period {
                kind: PeriodKind::Quarter,
                year: m.year,
                number,
                first_day,
                start,
                end,
            });
        }
    }
    out
}

/// The start of a day in the zone.
fn instant(d: Date, zone: &TimeZone) -> Option<Timestamp> {
    d.to_zoned(zone.clone()).ok().map(|z| z.timestamp())
}

/// Response summaries per period (`bounds`: n + 1 instants for n periods) of the `listed`
/// incidents, each in the period it started in.
fn summaries(
    bounds: &[i64],
    listed: &[usize],
    incidents: &[Arc<Incident>],
    responses: &[Option<ResponseTimes>],
) -> Vec<ResponseSummary> {
    let periods = bounds.len().saturating_sub(1);
    let mut respond: Vec<Vec<SignedDuration>> = vec![Vec::new(); periods];
    let mut resolve: Vec<Vec<SignedDuration>> = vec![Vec::new(); periods];
    let mut out = vec![ResponseSummary::default(); periods];
    for &n in listed {
        let start = incidents[n].started.as_millisecond();
        let Some(p) = bounds
            .partition_point(|&b| b <= start)
            .checked_sub(1)
            .filter(|&p| p < periods)
        else {
            continue;
        };
        let Some(r) = responses[n] else { continue };
        let s = &mut out[p];
        s.incidents += 1;
        match r.respond.met {
            Some(true) => s.respond_met += 1,
            Some(false) => s.respond_missed += 1,
            None => {}
        }
        match r.resolve.met {
            Some(true) => s.resolve_met += 1,
            Some(false) => s.resolve_missed += 1,
            None => {}
        }
        respond[p].extend(r.respond.took);
        resolve[p].extend(r.resolve.took);
    }
    for ((s, respond), resolve) in out.iter_mut().zip(respond).zip(resolve) {
        s.median_respond = median(respond);
        s.median_resolve = median(resolve);
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::model::SiteModel;

    const MIN: f64 = 60_000.0;

    /// The `reports` fixture: Europe/Berlin, `api` (target 99.9, from 2026-01-01) and `web`
    /// (the site's 99.5), at 2026-04-15T12:00Z. Its incidents, in UTC:
    /// - api major 01-31 22:30 → 02-01 01:30: Berlin's February starts at 01-31 23:00Z, so
    ///   30 min fall in January and 150 in February (not 90 and 90, as in UTC);
    /// - api partial 02-10 10:00 → 12:00, and inside it api + web major 11:00 → 11:45: api has
    ///   45 min major and 75 min partial (22.5 weighted), not 45 + 120 × 0.3;
    /// - web partial 03-31 21:00 → 04-01 01:00: April starts at 03-31 22:00Z (summer time):
    ///   60 min in March (18 weighted), 180 in April (54);
    /// - api major from 04-15 11:00, open: 60 min by `now`;
    /// - api maintenance 03-10 02:00 → 04:00: not downtime.
    fn model() -> SiteModel {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/reports");
        let now: Timestamp = "2026-04-15T12:00:00Z".parse().unwrap();
        SiteModel::new(crate::content::load(&root, now).unwrap(), now)
    }

    /// Observed minutes of each month in Berlin: January 31 days, February 28, March 31 days
    /// less the hour summer time skips, April up to 04-15 12:00Z (= 14:00 CEST).
    const OBSERVED: [f64; 4] = [
        31.0 * 1440.0,
        28.0 * 1440.0,
        31.0 * 1440.0 - 60.0,
        14.0 * 1440.0 + 14.0 * 60.0,
    ];

    fn pct(down: f64, observed: f64) -> f64 {
        100.0 * (1.0 - down / observed)
    }

    fn assert_close(got: Option<f64>, want: f64, what: &str) {
        let got = got.unwrap_or_else(|| panic!("{what}: no figure"));
        assert!((got - want).abs() < 1e-9, "{what}: {got} != {want}");
    }

    #[test]
    fn periods_are_calendar_months_and_quarters_in_the_site_zone() {
        let r = model().reports;
        let labels: Vec<String> = r.months.iter().chain(&r.quarters).map(Period::label).collect();
        assert_eq!(
            labels,
            ["2026-01", "2026-02", "2026-03", "2026-04", "2026-Q1", "2026-Q2"]
        );
        assert_eq!(r.months[1].start, "2026-01-31T23:00:00Z".parse::<Timestamp>().unwrap());
        assert_eq!(r.months[3].start, "2026-03-31T22:00:00Z".parse::<Timestamp>().unwrap());
        assert_eq!(r.quarters[1].end, "2026-06-30T22:00:00Z".parse::<Timestamp>().unwrap());
        assert_eq!(r.years(), [2026]);
    }

    #[test]
    fn monthly_and_quarterly_uptime_match_the_hand_computed_figures() {
        let r = model().reports;
        let api_down = [30.0, 150.0 + 45.0 + 0.3 * 75.0, 0.0, 60.0];
        let web_down = [0.0, 45.0, 0.3 * 60.0, 0.3 * 180.0];
        // The page: the worst component at each instant. In February both are down together
        // from 11:00 to 11:45 and that counts once.
        let page_down = [30.0, 150.0 + 45.0 + 0.3 * 75.0, 0.3 * 60.0, 0.3 * 180.0 + 60.0];
        for (scope, down, name) in [
            (&r.components[0], api_down, "api"),
            (&r.components[1], web_down, "web"),
            (&r.page, page_down, "page"),
        ] {
            for m in 0..4 {
                let f = &scope.months[m];
                assert_eq!(f.observed_ms as f64, OBSERVED[m] * MIN, "{name} month {m} observed");
                assert!(
                    (f.downtime_ms / MIN - down[m]).abs() < 1e-9,
                    "{name} month {m}: {}",
                    f.downtime_ms / MIN
                );
                assert_close(f.uptime(), pct(down[m], OBSERVED[m]), &format!("{name} month {m}"));
            }
            let q1: f64 = down[..3].iter().sum();
            assert_close(
                scope.quarters[0].uptime(),
                pct(q1, OBSERVED[..3].iter().sum()),
                &format!("{name} Q1"),
            );
            assert_close(
                scope.quarters[1].uptime(),
                pct(down[3], OBSERVED[3]),
                &format!("{name} Q2"),
            );
        }
    }

    #[test]
    fn targets_are_met_or_missed_per_period() {
        let r = model().reports;
        let verdicts = |s: &ScopeReport| -> Vec<Option<bool>> {
            s.months
                .iter()
                .chain(&s.quarters)
                .map(|f| f.target_met(s.target))
                .collect()
        };
        let (t, f) = (Some(true), Some(false));
        // api 99.9: 99.93, 99.46, 100, 99.71 | Q1 99.81, Q2 99.71
        assert_eq!(verdicts(&r.components[0]), [t, f, t, f, f, f]);
        // web 99.5 (the site's): all above
        assert_eq!(r.components[1].target, Some(99.5));
        assert_eq!(verdicts(&r.components[1]), [t, t, t, t, t, t]);
        // page 99.5: 99.93, 99.46, 99.96, 99.46 | Q1 99.80, Q2 99.46
        assert_eq!(verdicts(&r.page), [t, f, t, f, t, f]);
    }

    #[test]
    fn months_inside_the_rolling_window_agree_with_the_component_page() {
        let model = model();
        for (ci, state) in model.components.iter().enumerate() {
            // February and March lie wholly inside the 90-day window.
            for m in [1, 2] {
                let month = model.reports.months[m];
                let (_, rolling) = state.monthly.iter().find(|(d, _)| *d == month.first_day).unwrap();
                let report = model.reports.components[ci].months[m].uptime();
                assert!(
                    (rolling.unwrap() - report.unwrap()).abs() < 1e-9,
                    "{} {}: {rolling:?} vs {report:?}",
                    state.id,
                    month.label()
                );
            }
        }
    }

    #[test]
    fn response_summaries_count_incidents_in_the_period_they_started() {
        let r = model().reports;
        let m = SignedDuration::from_mins;
        let feb = r.page.months[1].responses;
        // Minor, first update = its resolution after exactly 2 h (met); major, first update
        // after 45 min (missed), resolved in 45 min (met); the minor one has no resolve target.
        assert_eq!(
            feb,
            ResponseSummary {
                incidents: 2,
                respond_met: 1,
                respond_missed: 1,
                median_respond: Some(m(82) + SignedDuration::from_secs(30)),
                resolve_met: 1,
                resolve_missed: 0,
                median_resolve: Some(m(82) + SignedDuration::from_secs(30)),
            }
        );
        // The incident of 01-31 22:30Z started in January in Berlin.
        assert_eq!(r.page.months[0].responses.incidents, 1);
        assert_eq!(r.page.months[0].responses.median_respond, Some(m(20)));
        // The open one: no update after 60 min against 30 (missed), resolution undecided.
        let apr = r.page.months[3].responses;
        assert_eq!((apr.respond_missed, apr.resolve_met, apr.resolve_missed), (1, 0, 0));
        assert_eq!((apr.median_respond, apr.median_resolve), (None, None));
        // web's only incidents: the shared outage (February) and its own (March).
        let web: Vec<usize> = r.components[1].months.iter().map(|f| f.responses.incidents).collect();
        assert_eq!(web, [0, 1, 1, 0]);
        assert_eq!(r.page.quarters[0].responses.incidents, 4);
    }
}

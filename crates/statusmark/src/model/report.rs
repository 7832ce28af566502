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
//!
//! A target is judged exactly, in integers, never on a rounded figure; a period still running
//! has missed it only once its downtime is over the whole period's budget (see
//! [`Figures::target_met`]). The year pages' yearly figures are computed here too, over whole
//! calendar years, so a running year is judged against the whole year's budget.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, ToSpan};
use rayon::prelude::*;
use statusmark_feed::timeline::{StatusSpan, StatusTimeline, UptimeDay, UptimeTally};

use super::response::{ResponseTimes, response_times};
use super::{ComponentState, IncidentFacts, component_spans};
use crate::content::{Config, Incident};

/// Months, quarters or years.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PeriodKind {
    Month,
    Quarter,
    Year,
}

impl PeriodKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PeriodKind::Month => "month",
            PeriodKind::Quarter => "quarter",
            PeriodKind::Year => "year",
        }
    }
}

/// A calendar month, quarter or year in the site's zone: `[start, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Period {
    pub kind: PeriodKind,
    pub year: i16,
    /// 1–12 for a month, 1–4 for a quarter, 1 for a year.
    pub number: i8,
    /// The first day, in the site's zone.
    pub first_day: Date,
    pub start: Timestamp,
    pub end: Timestamp,
}

impl Period {
    /// `2026-03` for a month, `2026-Q1` for a quarter, `2026` for a year.
    pub fn label(&self) -> String {
        match self.kind {
            PeriodKind::Month => format!("{:04}-{:02}", self.year, self.number),
            PeriodKind::Quarter => format!("{:04}-Q{}", self.year, self.number),
            PeriodKind::Year => format!("{:04}", self.year),
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
    /// How long the period is from the start of the data: what `observed_ms` will be once the
    /// period is over (equal to it then).
    pub length_ms: i64,
    /// Weighted downtime.
    pub downtime_ms: f64,
    pub responses: ResponseSummary,
}

impl Figures {
    /// Uptime in percent, `None` when nothing of the period was observed.
    pub fn uptime(&self) -> Option<f64> {
        self.tally().percent()
    }

    /// Uptime in units of `10^-places` percent, rounded down, exactly ([`UptimeTally::truncated`]):
    /// a figure printed from it never reads 100 with any downtime, nor reaches a target that was
    /// missed. `None` when nothing was observed.
    pub fn uptime_truncated(&self, places: u32) -> Option<i64> {
        self.tally().truncated(places)
    }

    /// Whether the uptime reached `target`: `None` without a target or without data, and while
    /// the period is running and can still meet it. A running period has already missed once its
    /// downtime exceeds what the whole period allows (`length_ms × (1 − target / 100)`): even
    /// with no more downtime it would end below the target. This is the rule response times
    /// follow ([`super::response`]). Decided exactly in integers, never on a rounded figure.
    pub fn target_met(&self, target: Option<f64>) -> Option<bool> {
        let target = target?;
        if self.observed_ms <= 0 {
            return None;
        }
        if !self.tally().within(target, self.length_ms) {
            return Some(false);
        }
        (self.observed_ms >= self.length_ms).then_some(true)
    }

    /// The observed time and downtime, which show and judge uptime.
    pub fn tally(&self) -> UptimeTally {
        UptimeTally {
            observed_ms: self.observed_ms,
            downtime_ms: self.downtime_ms,
        }
    }
}

impl Hash for Figures {
    fn hash<H: Hasher>(&self, h: &mut H) {
        (
            self.observed_ms,
            self.length_ms,
            self.downtime_ms.to_bits(),
            self.responses,
        )
            .hash(h);
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
    /// One per [`Reports::calendar_years`].
    pub years: Vec<Figures>,
}

impl Hash for ScopeReport {
    fn hash<H: Hasher>(&self, h: &mut H) {
        (self.target.map(f64::to_bits), &self.months, &self.quarters, &self.years).hash(h);
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Reports {
    /// Oldest first, from the report's first month to the one holding `now`.
    pub months: Vec<Period>,
    /// The quarters of those months, oldest first.
    pub quarters: Vec<Period>,
    /// The years of those months, each whole, oldest first.
    pub calendar_years: Vec<Period>,
    pub page: ScopeReport,
    /// In configuration order.
    pub components: Vec<ScopeReport>,
}

/// What the figures are cut from: each component's status timeline over its whole history with
/// the instant its data starts, and the page's. `now` moves none of it as long as the same
/// maintenance windows have begun (the spans end with the incidents, open ones never), so `serve`
/// keeps it from one rebuild to the next when no incident's facts changed ([`Ledger::digest`]).
/// Besides, it keeps what its cuts found that no longer moves with `now` (`settled`,
/// `summaries`), each valid from the instant it was found on.
#[derive(Debug)]
pub struct Ledger {
    /// In configuration order.
    components: Vec<(StatusTimeline, i64)>,
    page: (StatusTimeline, i64),
    /// Each incident's response times where they no longer move with `now` (see
    /// [`settled`]), as the first cut found them: a later cut reads these instead of working
    /// each incident's out again (at 100,000 incidents that was a fifth of a rebuild's CPU
    /// on the wall clock).
    settled: std::sync::OnceLock<Vec<Option<ResponseTimes>>>,
    /// Each period's response summary as a cut found it ([`KeptPeriod`]: its settled incidents
    /// summed, the others listed), by scope (component, or the page after them) and kind of
    /// period, and by the period's bounds, with the `now` of the last cut: valid from then on,
    /// and dropped by a cut at an earlier `now` (see [`kept_summaries`]).
    summaries: std::sync::Mutex<KeptSummaries>,
    /// Each period's observed time and downtime where the period was over by the last cut, by
    /// scope and kind of period, with that cut's `now` and the scope's data start (see
    /// [`kept_days`]).
    days: std::sync::Mutex<KeptDays>,
}

/// See [`Ledger::days`].
type KeptDays = rustc_hash::FxHashMap<(usize, usize), (i64, i64, rustc_hash::FxHashMap<(i64, i64), UptimeDay>)>;

/// See [`Ledger::summaries`].
type KeptSummaries = rustc_hash::FxHashMap<(usize, usize), (Timestamp, rustc_hash::FxHashMap<(i64, i64), KeptPeriod>)>;

/// What the report figures are computed from.
pub struct Inputs<'a> {
    pub config: &'a Config,
    pub incidents: &'a [Arc<Incident>],
    /// The incidents' facts, side by side (for [`Ledger::digest`], which reads every incident's).
    pub incident_facts: &'a [IncidentFacts],
    pub components: &'a [Arc<ComponentState>],
    pub published: usize,
    pub now: Timestamp,
}

impl Ledger {
    pub fn new(x: &Inputs<'_>) -> Ledger {
        let Inputs {
            config,
            incidents,
            // What the digest reads of the incidents; the ledger reads them whole.
            incident_facts: _,
            components,
            published,
            now,
        } = *x;
        let zone = config.zone();
        let report_start = report_start(config, incidents, published, now, &zone);
        // Each component's timeline on its own (on all cores), then the page's from the spans
        // they all contribute, in configuration order.
        let per_component: Vec<((StatusTimeline, i64), Vec<StatusSpan>)> = config
            .components
            .par_iter()
            .zip(components)
            .map(|(c, state)| {
                let data_from = c
                    .start_date
                    .and_then(|d| d.to_zoned(zone.clone()).ok())
                    .map_or(report_start, |z| z.timestamp().as_millisecond().max(report_start));
                // The component's whole history, as `SiteModel::timeline` sees it.
                let spans = component_spans(incidents, &state.incidents, &state.maintenance, &c.id);
                // The page sees a component only while it is observed.
                let seen: Vec<StatusSpan> = spans
                    .iter()
                    .filter(|s| s.end_ms > data_from)
                    .map(|s| StatusSpan {
                        start_ms: s.start_ms.max(data_from),
                        ..*s
                    })
                    .collect();
                ((StatusTimeline::from_spans(spans), data_from), seen)
            })
            .collect();
        let page_from = per_component
            .iter()
            .map(|((_, from), _)| *from)
            .min()
            .unwrap_or(i64::MAX);
        let mut page_spans = Vec::new();
        let mut timelines = Vec::with_capacity(per_component.len());
        for (timeline, seen) in per_component {
            page_spans.extend(seen);
            timelines.push(timeline);
        }
        Ledger {
            components: timelines,
            page: (StatusTimeline::from_spans(page_spans), page_from),
            settled: std::sync::OnceLock::new(),
            summaries: std::sync::Mutex::default(),
            days: std::sync::Mutex::default(),
        }
    }

    /// A digest of what a ledger is made from: the configuration (its whole debug form), each
    /// incident's facts in order (the components' incident lists follow from them), each
    /// component's maintenance spans begun by `now`, how many incidents are published, and the
    /// report's first month.
    pub fn digest(x: &Inputs<'_>) -> u64 {
        let Inputs {
            config,
            incidents,
            incident_facts,
            components,
            published,
            now,
        } = *x;
        let mut h = rustc_hash::FxHasher::default();
        format!("{config:?}").hash(&mut h);
        incident_facts.len().hash(&mut h);
        for f in incident_facts {
            f.facts.hash(&mut h);
        }
        for c in components {
            c.maintenance.len().hash(&mut h);
            for s in &c.maintenance {
                (s.start_ms, s.end_ms).hash(&mut h);
            }
        }
        let zone = config.zone();
        (published, report_start(config, incidents, published, now, &zone)).hash(&mut h);
        h.finish()
    }
}

impl Reports {
    /// The figures at `now`, cut from `ledger` (made from the same inputs, `now` aside).
    pub fn cut(ledger: &Ledger, x: &Inputs<'_>) -> Reports {
        let Inputs {
            config,
            incidents,
            components,
            published,
            now,
            ..
        } = *x;
        let zone = config.zone();
        let first = first_day(config, incidents, published, now, &zone);
        let months = months(first, now, &zone);
        let quarters = enclosing(&months, PeriodKind::Quarter, &zone);
        let calendar_years = enclosing(&months, PeriodKind::Year, &zone);
        let now_ms = now.as_millisecond();
        let bounds = |periods: &[Period]| -> Vec<i64> {
            periods
                .iter()
                .map(|p| p.start.as_millisecond())
                .chain(periods.last().map(|p| p.end.as_millisecond()))
                .collect()
        };
        let (month_bounds, quarter_bounds, year_bounds) = (bounds(&months), bounds(&quarters), bounds(&calendar_years));
        let (response, settled) = times(ledger, x);
        let figures = |scope: usize, timeline: &StatusTimeline, data_from: i64, touching: Touching<'_>| {
            let summaries = |kind: usize, bounds: &[i64]| {
                let of = Of {
                    touching,
                    published,
                    facts: x.incident_facts,
                    response: &response,
                    settled: &settled,
                };
                kept_summaries(ledger, ((scope, kind), now), bounds, &of)
            };
            let join = |kind: usize, bounds: &[i64]| -> Vec<Figures> {
                let days = kept_days(ledger, ((scope, kind), now_ms), bounds, (timeline, data_from));
                // The whole period after the data start, however much of it has passed.
                let lengths = bounds.windows(2).map(|w| (w[1] - w[0].max(data_from)).max(0));
                days.into_iter()
                    .zip(lengths)
                    .zip(summaries(kind, bounds))
                    .map(|((d, length_ms), responses)| Figures {
                        observed_ms: d.observed_ms,
                        length_ms,
                        downtime_ms: d.downtime_ms,
                        responses,
                    })
                    .collect()
            };
            let (months, (quarters, years)) = rayon::join(
                || join(0, &month_bounds),
                || rayon::join(|| join(1, &quarter_bounds), || join(2, &year_bounds)),
            );
            (months, quarters, years)
        };
        let reports: Vec<ScopeReport> = config
            .components
            .par_iter()
            .zip(components)
            .zip(&ledger.components)
            .enumerate()
            .map(|(ci, ((c, state), (timeline, data_from)))| {
                let (months, quarters, years) = figures(ci, timeline, *data_from, Touching::Listed(&state.incidents));
                ScopeReport {
                    target: c.sla,
                    months,
                    quarters,
                    years,
                }
            })
            .collect();
        let (page_timeline, page_from) = &ledger.page;
        let (page_months, page_quarters, page_years) = figures(
            components.len(),
            page_timeline,
            (*page_from).min(now_ms),
            Touching::All(incidents.len()),
        );
        Reports {
            months,
            quarters,
            calendar_years,
            page: ScopeReport {
                target: config.sla,
                months: page_months,
                quarters: page_quarters,
                years: page_years,
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

/// Each incident's response times at `now`, and whether they are settled (the same at any later
/// `now`, [`Ledger::settled`]). The ledger's first cut works out every incident's (and keeps
/// those settled); later ones only those of the incidents they sum afresh.
fn times<'a>(
    ledger: &'a Ledger,
    x: &'a Inputs<'_>,
) -> (
    impl Fn(usize) -> Option<ResponseTimes> + Sync + 'a,
    impl Fn(usize) -> bool + Sync + 'a,
) {
    let (incidents, facts, now) = (x.incidents, x.incident_facts, x.now);
    let first_cut = ledger.settled.get().is_none().then(|| responses(ledger, x));
    let kept = ledger.settled.get();
    let targets = &x.config.response_targets;
    let response = move |n: usize| -> Option<ResponseTimes> {
        if let Some(all) = &first_cut {
            return all.get(n).copied().flatten();
        }
        let kept = kept.and_then(|k| k.get(n).copied().flatten());
        kept.filter(|_| facts.get(n).is_some_and(|f| f.latest <= now))
            .or_else(|| incidents.get(n).and_then(|i| response_times(i, targets, now)))
    };
    let settled = move |n: usize| {
        let kept = kept.and_then(|s| s.get(n)).is_some_and(Option::is_some);
        kept && facts.get(n).is_some_and(|f| f.latest <= now)
    };
    (response, settled)
}

/// Each incident's response times at `now`, for a ledger's first cut, which keeps those settled
/// in it ([`Ledger::settled`]).
fn responses(ledger: &Ledger, x: &Inputs<'_>) -> Vec<Option<ResponseTimes>> {
    let (incidents, facts, now) = (x.incidents, x.incident_facts, x.now);
    let targets = &x.config.response_targets;
    let responses: Vec<Option<ResponseTimes>> = (incidents.par_iter())
        .map(|i| response_times(i, targets, now))
        .collect();
    let of = |(n, r): (usize, &Option<ResponseTimes>)| r.filter(|r| settled(&incidents[n], facts[n].latest, now, r));
    let settled = responses.par_iter().enumerate().map(of).collect();
    let _ = ledger.settled.set(settled);
    responses
}

/// Whether incident `i`'s response times `r` at `now` are what they are at any later `now`: it
/// was resolved and first updated by then, and says nothing later (`latest`), so what they took
/// is known and decides the targets.
fn settled(i: &Incident, latest: Timestamp, now: Timestamp, r: &ResponseTimes) -> bool {
    latest <= now && i.resolved.is_some_and(|t| t <= now) && r.respond.took.is_some() && r.resolve.took.is_some()
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

/// The instant the report starts: the first day's month, or `now` if that has no start in the zone.
fn report_start(
    config: &Config,
    incidents: &[Arc<Incident>],
    published: usize,
    now: Timestamp,
    zone: &TimeZone,
) -> i64 {
    let first = first_day(config, incidents, published, now, zone).first_of_month();
    instant(first, zone).map_or(now.as_millisecond(), |t| t.as_millisecond())
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

/// The quarters or years holding `months`, each whole (its calendar start and end).
fn enclosing(months: &[Period], kind: PeriodKind, zone: &TimeZone) -> Vec<Period> {
    let mut out: Vec<Period> = Vec::new();
    for m in months {
        let (number, first_month, length) = match kind {
            PeriodKind::Quarter => {
                let number = (m.number - 1) / 3 + 1;
                (number, (number - 1) * 3 + 1, 3.months())
            }
            PeriodKind::Year => (1, 1, 1.year()),
            PeriodKind::Month => (m.number, m.number, 1.month()),
        };
        if out.last().is_some_and(|p| p.year == m.year && p.number == number) {
            continue;
        }
        let Ok(first_day) = Date::new(m.year, first_month, 1) else {
            continue;
        };
        let Ok(next) = first_day.checked_add(length) else {
            continue;
        };
        if let (Some(start), Some(end)) = (instant(first_day, zone), instant(next, zone)) {
            out.push(Period {
                kind,
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

/// A scope's incidents (indexes into the model's, newest first): all of them (the page's), or a
/// component's list.
#[derive(Clone, Copy)]
enum Touching<'a> {
    All(usize),
    Listed(&'a [usize]),
}

impl Touching<'_> {
    fn each(self, mut f: impl FnMut(usize)) {
        match self {
            Touching::All(n) => (0..n).for_each(f),
            Touching::Listed(list) => list.iter().for_each(|&n| f(n)),
        }
    }
}

/// What [`summaries`] sums: the scope's published incidents (those `touching` it from
/// `published` on), each with its start (in `facts`) and its response times at `now`
/// (`response`), and whether those are `settled` (the same at any later `now`, see
/// [`Ledger::settled`]).
struct Of<'a> {
    touching: Touching<'a>,
    published: usize,
    facts: &'a [IncidentFacts],
    response: &'a (dyn Fn(usize) -> Option<ResponseTimes> + Sync),
    settled: &'a (dyn Fn(usize) -> bool + Sync),
}

/// A period's response summary as a cut found it, for the later cuts of the same ledger (see
/// [`kept_summaries`]): the incidents whose times had settled, summed once, and the others, whose
/// times later cuts work out again.
#[derive(Debug, Default)]
struct KeptPeriod {
    /// The settled incidents' counts (its medians are not used).
    settled: ResponseSummary,
    /// The settled incidents' times to first update and to resolve, sorted.
    respond: Vec<SignedDuration>,
    resolve: Vec<SignedDuration>,
    /// The incidents whose times had not settled.
    open: Vec<usize>,
    /// The whole summary, when `open` is empty: it no longer moves.
    whole: Option<ResponseSummary>,
}

impl KeptPeriod {
    fn add(&mut self, r: &ResponseTimes) {
        count(&mut self.settled, r);
        self.respond.extend(r.respond.took);
        self.resolve.extend(r.resolve.took);
    }

    /// Sorts the times, and sums the whole period if nothing is open.
    fn close(mut self) -> KeptPeriod {
        self.respond.sort_unstable();
        self.resolve.sort_unstable();
        if self.open.is_empty() {
            self.whole = Some(ResponseSummary {
                median_respond: sorted_median(&self.respond, &[]),
                median_resolve: sorted_median(&self.resolve, &[]),
                ..self.settled
            });
            self.respond = Vec::new();
            self.resolve = Vec::new();
        }
        self
    }

    /// The summary at the cut's `now`: the settled part, and the open incidents' times now.
    fn at(&self, of: &Of<'_>) -> ResponseSummary {
        if let Some(whole) = self.whole {
            return whole;
        }
        let mut out = self.settled;
        let (mut respond, mut resolve) = (Vec::new(), Vec::new());
        for &n in &self.open {
            let Some(r) = (of.response)(n) else { continue };
            count(&mut out, &r);
            respond.extend(r.respond.took);
            resolve.extend(r.resolve.took);
        }
        respond.sort_unstable();
        resolve.sort_unstable();
        out.median_respond = sorted_median(&self.respond, &respond);
        out.median_resolve = sorted_median(&self.resolve, &resolve);
        out
    }
}

/// One incident's times in a period's counts.
fn count(s: &mut ResponseSummary, r: &ResponseTimes) {
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
}

/// The median ([`median`]) of the times in `a` and `b`, each sorted, without merging them.
fn sorted_median(a: &[SignedDuration], b: &[SignedDuration]) -> Option<SignedDuration> {
    let n = a.len() + b.len();
    if n == 0 {
        return None;
    }
    let middle = nth_of_two(a, b, n / 2)?;
    if n % 2 == 1 {
        return Some(middle);
    }
    Some((nth_of_two(a, b, n / 2 - 1)? + middle) / 2)
}

/// The `k`-th smallest (from 0) of the times in `a` and `b`, each sorted: the first `k` are `j`
/// of `b`'s and `k - j` of `a`'s for the least `j` whose next of `b` is not below the last of
/// `a` taken, found by bisection.
fn nth_of_two(a: &[SignedDuration], b: &[SignedDuration], k: usize) -> Option<SignedDuration> {
    let (mut lo, mut hi) = (k.saturating_sub(a.len()), k.min(b.len()));
    while lo < hi {
        let j = lo + (hi - lo) / 2;
        if b[j] < a[k - j - 1] {
            lo = j + 1;
        } else {
            hi = j;
        }
    }
    match (a.get(k - lo), b.get(lo)) {
        (Some(&x), Some(&y)) => Some(x.min(y)),
        (x, y) => x.or(y).copied(),
    }
}

/// The scope's response summaries for the periods given by `bounds`, at `now`. Each period is
/// summed once per ledger and kind of period (`key`: scope and kind) and kept with the cut's
/// `now`: its settled incidents, which no later `now` moves, once; the others at each cut. A cut
/// at an earlier `now` sums afresh. On `serve`'s wall clock every rebuild cuts the figures again,
/// and summing every incident of every scope again was a fifth of an edit at 100,000 incidents.
fn kept_summaries(
    ledger: &Ledger,
    (key, now): ((usize, usize), Timestamp),
    bounds: &[i64],
    of: &Of<'_>,
) -> Vec<ResponseSummary> {
    let lock = || {
        ledger
            .summaries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    };
    let mut known = lock()
        .remove(&key)
        .filter(|(at, _)| *at <= now)
        .map(|(_, k)| k)
        .unwrap_or_default();
    let missing: Vec<usize> = (0..bounds.len().saturating_sub(1))
        .filter(|&p| !known.contains_key(&(bounds[p], bounds[p + 1])))
        .collect();
    if !missing.is_empty() {
        for (p, period) in summaries(bounds, of, &missing) {
            known.insert((bounds[p], bounds[p + 1]), period);
        }
    }
    let out = bounds
        .windows(2)
        .map(|w| known.get(&(w[0], w[1])).map(|k| k.at(of)).unwrap_or_default())
        .collect();
    lock().insert(key, (now, known));
    out
}

/// `timeline`'s days ([`StatusTimeline::days`]) for the periods given by `bounds`, from
/// `data_from`, at `now`: the periods the ledger's last cut for `key` (scope and kind of period)
/// found over are taken from it when that cut was at or before `now`, from the same data start,
/// for a period's figures no longer move once it is over (its spans are the ledger's). The
/// others are worked out. On the wall clock every rebuild of `serve` cuts the figures again, and
/// working out every month of every scope was a seventh of such a rebuild's instructions.
fn kept_days(
    ledger: &Ledger,
    (key, now): ((usize, usize), i64),
    bounds: &[i64],
    (timeline, data_from): (&StatusTimeline, i64),
) -> Vec<UptimeDay> {
    let lock = || ledger.days.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut known = lock()
        .remove(&key)
        .filter(|&(at, from, _)| at <= now && from == data_from)
        .map(|(_, _, k)| k)
        .unwrap_or_default();
    let days = if known.is_empty() {
        timeline.days(bounds, data_from, now)
    } else {
        bounds
            .windows(2)
            .map(|w| match known.get(&(w[0], w[1])) {
                Some(day) => *day,
                None => timeline.days(w, data_from, now)[0],
            })
            .collect()
    };
    for (w, day) in bounds.windows(2).zip(&days) {
        if w[1] <= now {
            known.entry((w[0], w[1])).or_insert(*day);
        }
    }
    lock().insert(key, (now, data_from, known));
    days
}

/// The periods `missing` (places in `bounds`: n + 1 instants for n periods) summed from the
/// scope's published incidents, each in the period it started in.
fn summaries(bounds: &[i64], of: &Of<'_>, missing: &[usize]) -> Vec<(usize, KeptPeriod)> {
    let periods = bounds.len().saturating_sub(1);
    let mut out: Vec<Option<KeptPeriod>> = (0..periods).map(|_| None).collect();
    for &p in missing {
        out[p] = Some(KeptPeriod::default());
    }
    let (Some(&first), Some(&end)) = (bounds.first(), bounds.last()) else {
        return Vec::new();
    };
    // Incidents come newest first, so the period is found by stepping back from the last one's.
    let mut p = 0;
    of.touching.each(|n| {
        if n < of.published {
            return;
        }
        let Some(start) = of.facts.get(n).map(|f| f.started.as_millisecond()) else {
            return;
        };
        if start < first || start >= end {
            return;
        }
        while bounds[p] > start {
            p -= 1;
        }
        while bounds[p + 1] <= start {
            p += 1;
        }
        let Some(period) = &mut out[p] else { return };
        if !(of.settled)(n) {
            period.open.push(n);
        } else if let Some(r) = (of.response)(n) {
            period.add(&r);
        }
    });
    (out.into_iter().enumerate())
        .filter_map(|(p, period)| Some((p, period?.close())))
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::model::SiteModel;
    use crate::model::response::median;

    const MIN: f64 = 60_000.0;

    /// `serve` keeps the ledger and cuts figures from it as time passes: they equal fresh figures
    /// at every instant, whether the ledger held (minutes later, days later, a new month, back in
    /// time) or had to be redone (a maintenance window began: 03-10 02:00).
    #[test]
    fn figures_cut_from_a_kept_ledger_are_fresh_figures() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/reports");
        let mut kept = crate::model::Kept::default();
        // Each instant, and whether the ledger of the one before it still holds: not across the
        // window's start (03-10 02:00), nor from before an incident's start to after it (one not
        // started by the instant is not published: 03-31 and 04-15 on 03-10).
        let instants = [
            ("2026-04-15T12:00:00Z", false),
            ("2026-04-15T12:07:00Z", true),
            ("2026-04-20T00:00:00Z", true),
            ("2026-05-02T00:00:00Z", true),
            ("2026-03-10T01:00:00Z", false),
            ("2026-03-10T03:00:00Z", false),
            ("2026-04-20T00:00:00Z", false),
            ("2026-04-15T12:00:00Z", true),
        ];
        let mut before = None;
        for (now, holds) in instants {
            let now: Timestamp = now.parse().unwrap();
            let load = || crate::content::load(&root, now).unwrap();
            let fresh = SiteModel::new(load(), now).reports;
            let content = load();
            let measured = crate::model::no_measurements(&content.config);
            let reused = SiteModel::reusing(content, measured, now, Some(&mut kept)).reports;
            assert!(fresh == reused, "at {now}");
            assert!(!fresh.months.is_empty());
            let ledger = kept.reports.ledger.as_ref().map(|(digest, _)| *digest);
            assert_eq!(before == ledger, holds, "at {now}: the ledger held");
            before = ledger;
        }
    }

    /// A kept ledger also keeps the response summaries of periods whose incidents' times had
    /// settled when it was first cut, for that instant on: cut earlier again, the period is
    /// summed anew. Here May's only incident is written ahead (resolved at 10:00): settled on
    /// 05-20, where the ledger is first cut, not on 05-10 at 09:00.
    #[test]
    fn settled_periods_are_kept_only_from_the_instant_they_settled() {
        let dir = crate::render::testing::fixture_copy("reports");
        std::fs::write(
            dir.path().join("incidents/2026-05-10-settles.md"),
            "---\ntitle: Settles\nimpact: major\nstarted: 2026-05-10T08:00:00Z\nresolved: 2026-05-10T10:00:00Z\ncomponents:\n  api: partial_outage\n---\n\n## Resolved — 2026-05-10T10:00:00Z\n\nFixed.\n\n## Identified — 2026-05-10T08:20:00Z\n\nFound.\n\n## Investigating — 2026-05-10T08:00:00Z\n\nLooking.\n",
        )
        .unwrap();
        let mut kept = crate::model::Kept::default();
        let mut ledgers = Vec::new();
        let mut may = Vec::new();
        for now in ["2026-05-20T00:00:00Z", "2026-05-10T09:00:00Z", "2026-05-20T00:00:00Z"] {
            let now: Timestamp = now.parse().unwrap();
            let load = || crate::content::load(dir.path(), now).unwrap();
            let fresh = SiteModel::new(load(), now).reports;
            let content = load();
            let measured = crate::model::no_measurements(&content.config);
            let reused = SiteModel::reusing(content, measured, now, Some(&mut kept)).reports;
            assert!(fresh == reused, "at {now}");
            ledgers.push(kept.reports.ledger.as_ref().map(|(digest, _)| *digest));
            may.push(fresh.page.months.last().map(|m| m.responses));
        }
        assert!(ledgers[0] == ledgers[1] && ledgers[1] == ledgers[2], "the ledger held");
        assert!(may[0] != may[1] && may[0] == may[2], "May's summary moved: {may:?}");
    }

    /// Medians come out the same whichever order the incidents are listed in (newest first, as
    /// they come, oldest first, or mixed), and whichever of them had settled times (summed once
    /// and kept) or not (summed at each cut).
    #[test]
    fn summaries_group_each_period_s_times_in_any_order() {
        use crate::model::response::Measured;
        let bounds = [0, 10, 20];
        let at = |ms: i64| Timestamp::from_millisecond(ms).unwrap();
        let facts: Vec<IncidentFacts> = [15, 5, 12, 3, 25]
            .map(|ms| IncidentFacts {
                started: at(ms),
                resolved: None,
                updated: at(ms),
                latest: at(ms),
                print: 0,
                facts: 0,
                line: 0,
                slug: 0,
            })
            .into();
        let took = |m: i64| {
            let none = Measured {
                took: None,
                target: None,
                met: None,
            };
            Some(ResponseTimes {
                respond: Measured {
                    took: Some(SignedDuration::from_mins(m)),
                    ..none
                },
                resolve: none,
            })
        };
        let responses = [took(4), took(1), took(8), took(3), took(100)];
        let settled: [&(dyn Fn(usize) -> bool + Sync); 3] = [&|_| false, &|_| true, &|n| n % 2 == 0];
        for listed in [[0, 2, 1, 3, 4], [3, 1, 2, 0, 4], [2, 3, 0, 1, 4]] {
            for settled in settled {
                let of = Of {
                    touching: Touching::Listed(&listed),
                    published: 0,
                    facts: &facts,
                    response: &|n| responses[n],
                    settled,
                };
                let medians: Vec<_> = summaries(&bounds, &of, &[0, 1])
                    .iter()
                    .map(|(_, period)| period.at(&of))
                    .map(|s| (s.incidents, s.median_respond.map(|d| d.as_mins())))
                    .collect();
                assert_eq!(medians, [(2, Some(2)), (2, Some(6))], "listed {listed:?}");
            }
        }
    }

    /// The median of two sorted lists is the median of both together, however they split.
    #[test]
    fn the_median_of_two_sorted_lists_is_that_of_their_union() {
        let mut seed = 7u64;
        for len in 0..40usize {
            let mut all: Vec<SignedDuration> = (0..len)
                .map(|_| {
                    seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    SignedDuration::from_mins(i64::try_from(seed >> 59).unwrap())
                })
                .collect();
            for split in 0..=len {
                let (mut a, mut b) = (all[..split].to_vec(), all[split..].to_vec());
                a.sort_unstable();
                b.sort_unstable();
                let want = median(&mut all.clone());
                assert_eq!(sorted_median(&a, &b), want, "{a:?} {b:?}");
                assert_eq!(sorted_median(&b, &a), want, "{b:?} {a:?}");
            }
            all.sort_unstable();
            for k in 0..len {
                let (a, b) = all.split_at(k / 2);
                assert!(nth_of_two(b, a, k) == Some(all[k]) || len == 0);
            }
        }
    }

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
        let (t, f, open) = (Some(true), Some(false), None);
        // April (30 days, 43,200 min) and Q2 (91 days, 131,040 min) are running; they are
        // missed only once their downtime is over the whole period's budget.
        // api 99.9: 99.93, 99.46, 100, April 60 min > 43.2 | Q1 99.81, Q2 60 min ≤ 131.04
        assert_eq!(verdicts(&r.components[0]), [t, f, t, f, f, open]);
        // web 99.5 (the site's): all above; April 54 min ≤ 216 so far
        assert_eq!(r.components[1].target, Some(99.5));
        assert_eq!(verdicts(&r.components[1]), [t, t, t, open, t, open]);
        // page 99.5: 99.93, 99.46, 99.96, April 114 min ≤ 216 | Q1 99.80, Q2 114 ≤ 655.2
        assert_eq!(verdicts(&r.page), [t, f, t, open, t, open]);
    }

    /// Regression (review: running periods marked missed on their uptime so far): at 04-15 the
    /// page's April is 99.4571 % so far against 99.5, but with 114 min of downtime it is well
    /// inside April's budget of 43,200 × 0.5 % = 216 min, and ends at
    /// 100 × (1 − 114 / 43,200) = 99.736 % if nothing else happens. Undecided, not missed.
    #[test]
    fn a_running_month_is_not_missed_on_its_uptime_so_far() {
        let r = model().reports;
        let apr = r.page.months[3];
        assert!(apr.uptime().unwrap() < 99.5, "{:?}", apr.uptime());
        assert_eq!(apr.length_ms, 43_200 * 60_000);
        assert_eq!(apr.target_met(Some(99.5)), None);
        assert_close(
            Some(100.0 * (1.0 - apr.downtime_ms / apr.length_ms as f64)),
            100.0 * (1.0 - 114.0 / 43_200.0),
            "April if nothing else happens",
        );
        // Its budget at 99.75 is 108 min: 114 are already over it, whatever comes.
        assert_eq!(apr.target_met(Some(99.75)), Some(false));
    }

    /// A running period against its budget, on both sides of the line: 30 days, 10 of them
    /// observed, target 99.9 → budget 43,200 min × 0.1 % = 43.2 min = 2,592,000 ms.
    #[test]
    fn a_running_period_is_missed_exactly_when_its_downtime_is_over_the_whole_budget() {
        let running = |downtime_ms: f64| Figures {
            observed_ms: 10 * 86_400_000,
            length_ms: 30 * 86_400_000,
            downtime_ms,
            responses: ResponseSummary::default(),
        };
        for (down, want) in [
            (0.0, None),
            (2_592_000.0, None),
            (2_592_000.3, Some(false)),
            (2_592_001.0, Some(false)),
        ] {
            assert_eq!(running(down).target_met(Some(99.9)), want, "{down} ms");
        }
        assert_eq!(running(1.0).target_met(None), None, "no target");
        // Once over, the same downtime is met or missed on the whole month.
        let over = Figures {
            observed_ms: 30 * 86_400_000,
            ..running(2_592_000.0)
        };
        assert_eq!(over.target_met(Some(99.9)), Some(true));
        let nothing = Figures {
            observed_ms: 0,
            ..running(0.0)
        };
        assert_eq!(nothing.target_met(Some(99.9)), None, "no data");
    }

    /// Regression (review: SLA decided in floating point): target 99.93 over a 28-day month
    /// (2,419,200,000 ms) allows exactly 0.07 % = 1,693,440 ms. In floats that uptime is
    /// 99.92999999999999 and read as missed; it is met, and a tenth of a millisecond more is not.
    #[test]
    fn a_target_met_to_the_millisecond_is_met() {
        let month = |downtime_ms: f64| Figures {
            observed_ms: 28 * 86_400_000,
            length_ms: 28 * 86_400_000,
            downtime_ms,
            responses: ResponseSummary::default(),
        };
        assert!(
            month(1_693_440.0).uptime().unwrap() < 99.93,
            "the float comparison fails"
        );
        assert_eq!(month(1_693_440.0).target_met(Some(99.93)), Some(true));
        assert_eq!(month(1_693_440.1).target_met(Some(99.93)), Some(false));
        // Partial outage counts at 30 %: 5,644,800 ms of it weigh 1,693,440 ms, summed in floats.
        let partial = (0..56_448).map(|_| 100.0 * 0.3).sum::<f64>();
        assert_eq!(month(partial).target_met(Some(99.93)), Some(true));
        // Edges: 100 is met only without downtime, 0 always.
        assert_eq!(month(0.0).target_met(Some(100.0)), Some(true));
        assert_eq!(month(0.1).target_met(Some(100.0)), Some(false));
        assert_eq!(month(28.0 * 86_400_000.0).target_met(Some(0.0)), Some(true));
    }

    /// Regression (review: the year page printed 99.90 % beside "missed"): uptime is rounded
    /// down, exactly. 99.8951 % shows 99.89; 99.996 % shows 99.99, never 100.00.
    #[test]
    fn uptime_is_rounded_down_and_reads_100_only_without_downtime() {
        // 10,000,000 ms observed: 1 ms of downtime is 0.00001 %.
        let f = |downtime_ms: f64| Figures {
            observed_ms: 10_000_000,
            length_ms: 10_000_000,
            downtime_ms,
            responses: ResponseSummary::default(),
        };
        for (down, places, want) in [
            (10_490.0, 2, 9_989),   // 99.8951 %
            (10_490.0, 4, 998_951), // 99.8951 %
            (400.0, 2, 9_999),      // 99.996 %
            (0.3, 2, 9_999),        // 99.999997 %
            (0.3, 4, 999_999),      // 99.999997 %
            (0.0, 2, 10_000),       // 100 %
            (7_000.0, 2, 9_993),    // 99.93 % exactly, not 99.92
            (10_000_000.0, 2, 0),   // down throughout
        ] {
            assert_eq!(
                f(down).uptime_truncated(places),
                Some(want),
                "{down} ms, {places} places"
            );
        }
        let nothing = Figures {
            observed_ms: 0,
            ..f(0.0)
        };
        assert_eq!(nothing.uptime_truncated(2), None);
    }

    #[test]
    fn a_year_is_its_whole_calendar_length_from_the_data_start() {
        let r = model().reports;
        assert_eq!(r.calendar_years.iter().map(Period::label).collect::<Vec<_>>(), ["2026"]);
        let year = r.page.years[0];
        // 2026 has 365 days; Berlin's March hour comes back in October. The data start on
        // 01-01, and the months after April count towards the length, not the observed time.
        assert_eq!(year.length_ms, 365 * 1440 * 60_000);
        let months: i64 = r.page.months.iter().map(|m| m.observed_ms).sum();
        assert_eq!(year.observed_ms, months);
        let down: f64 = r.page.months.iter().map(|m| m.downtime_ms).sum();
        assert!((year.downtime_ms - down).abs() < 1e-6);
        // 30 + 217.5 + 18 + 114 min against a year's budget of 2,627.7 min at 99.5.
        assert_eq!(year.target_met(Some(99.5)), None);
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
                    (rolling.percent().unwrap() - report.unwrap()).abs() < 1e-9,
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

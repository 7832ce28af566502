//! A component's status over time and the uptime it implies.
//!
//! Incidents contribute [`StatusSpan`]s; [`StatusTimeline::from_spans`] merges them with a sweep so
//! overlapping incidents are never double counted (the worst status wins at every instant). Uptime
//! follows the Statuspage/Instatus formula: downtime = major-outage time + 0.3 × partial-outage
//! time; degraded performance and maintenance do not count.
//!
//! Everything is linear (after one sort) in the number of spans plus the number of days.

use crate::status::ComponentStatus;

/// The share of partial-outage time counted as downtime.
pub const PARTIAL_OUTAGE_WEIGHT: f64 = 0.3;

/// A component held `status` (at least) during `[start_ms, end_ms)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StatusSpan {
    pub start_ms: i64,
    pub end_ms: i64,
    pub status: ComponentStatus,
}

/// A piecewise-constant status: each entry is the instant from which a status holds, until the
/// next entry. Before the first entry, and after a final `Operational`, the component is operational.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct StatusTimeline {
    changes: Vec<(i64, ComponentStatus)>,
}

impl StatusTimeline {
    pub fn from_spans(spans: impl IntoIterator<Item = StatusSpan>) -> StatusTimeline {
        // (instant, +1 start / -1 end, severity)
        let mut events: Vec<(i64, i8, u8)> = Vec::new();
        for s in spans {
            if s.end_ms > s.start_ms && s.status.severity() > 0 {
                events.push((s.start_ms, 1, s.status.severity()));
                events.push((s.end_ms, -1, s.status.severity()));
            }
        }
        events.sort_unstable();
        let mut active = [0u32; 5];
        let mut current = ComponentStatus::Operational;
        let mut changes = Vec::new();
        let mut i = 0;
        while i < events.len() {
            let t = events[i].0;
            while i < events.len() && events[i].0 == t {
                let (_, delta, sev) = events[i];
                let slot = &mut active[usize::from(sev)];
                *slot = if delta > 0 { *slot + 1 } else { slot.saturating_sub(1) };
                i += 1;
            }
            let worst = (1..5)
                .rev()
                .find(|&s| active[s] > 0)
                .map_or(ComponentStatus::Operational, by_severity);
            if worst != current {
                changes.push((t, worst));
                current = worst;
            }
        }
        StatusTimeline { changes }
    }

    /// Each instant from which a new status holds, with that status, in time order.
    pub fn changes(&self) -> &[(i64, ComponentStatus)] {
        &self.changes
    }

    /// The status at instant `t`.
    pub fn at(&self, t: i64) -> ComponentStatus {
        match self.changes.partition_point(|&(start, _)| start <= t) {
            0 => ComponentStatus::Operational,
            n => self.changes[n - 1].1,
        }
    }

    /// Summarise each day given by consecutive `boundaries` (n + 1 instants for n days, ascending;
    /// days may differ in length, as they do across time-zone changes). Days ending at or before
    /// `data_from` have no data; a day is clipped at `now` so the future never counts as up.
    pub fn days(&self, boundaries: &[i64], data_from: i64, now: i64) -> Vec<UptimeDay> {
        let mut out = Vec::with_capacity(boundaries.len().saturating_sub(1));
        let mut k = self
            .changes
            .partition_point(|&(start, _)| start <= boundaries.first().copied().unwrap_or(0));
        for w in boundaries.windows(2) {
            let (day_start, day_end) = (w[0].max(data_from), w[1].min(now));
            if day_end <= day_start {
                out.push(UptimeDay {
                    observed_ms: 0,
                    downtime_ms: 0.0,
                    worst: ComponentStatus::Operational,
                    has_data: false,
                });
                continue;
            }
            // Move k so that changes[k-1] is the status in force at day_start.
            while k > 0 && self.changes[k - 1].0 > day_start {
                k -= 1;
            }
            while k < self.changes.len() && self.changes[k].0 <= day_start {
                k += 1;
            }
            let mut status = if k == 0 {
                ComponentStatus::Operational
            } else {
                self.changes[k - 1].1
            };
            let mut t = day_start;
            let mut worst = status;
            let mut downtime = 0.0;
            let mut j = k;
            loop {
                let next = if j < self.changes.len() {
                    self.changes[j].0.min(day_end)
                } else {
                    day_end
                };
                downtime += weight(status) * (next - t) as f64;
                t = next;
                if t >= day_end {
                    break;
                }
                status = self.changes[j].1;
                worst = worst.worst(status);
                j += 1;
            }
            out.push(UptimeDay {
                observed_ms: day_end - day_start,
                downtime_ms: downtime,
                worst,
                has_data: true,
            });
        }
        out
    }
}

fn by_severity(s: usize) -> ComponentStatus {
    match s {
        1 => ComponentStatus::UnderMaintenance,
        2 => ComponentStatus::DegradedPerformance,
        3 => ComponentStatus::PartialOutage,
        _ => ComponentStatus::MajorOutage,
    }
}

fn weight(status: ComponentStatus) -> f64 {
    match status {
        ComponentStatus::MajorOutage => 1.0,
        ComponentStatus::PartialOutage => PARTIAL_OUTAGE_WEIGHT,
        _ => 0.0,
    }
}

/// One day of one component.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct UptimeDay {
    /// How much of the day had data (after `start_date`, before now).
    pub observed_ms: i64,
    /// Weighted downtime.
    pub downtime_ms: f64,
    /// The worst status seen that day.
    pub worst: ComponentStatus,
    pub has_data: bool,
}

impl UptimeDay {
    pub fn downtime_minutes(&self) -> f64 {
        self.downtime_ms / 60_000.0
    }
}

/// Uptime in percent over days, `None` when no day has data.
pub fn uptime_percent(days: &[UptimeDay]) -> Option<f64> {
    UptimeTally::of(days).percent()
}

/// 100 % in millionths of a percent, the unit targets are compared in.
const FULL_MILLIONTHS: i128 = 100_000_000;

/// Observed time and weighted downtime over some days or a period: the one place uptime is turned
/// into a figure to show and a target met or missed. Both are decided exactly, in integers, never
/// on a rounded float: a figure shown is rounded *down*, so it never reads 100 with any downtime nor
/// reaches a target that was missed, and a target is met exactly when the uptime is at least it.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct UptimeTally {
    pub observed_ms: i64,
    /// Weighted downtime.
    pub downtime_ms: f64,
}

impl UptimeTally {
    /// The sums over `days`.
    pub fn of(days: &[UptimeDay]) -> UptimeTally {
        UptimeTally {
            observed_ms: days.iter().map(|d| d.observed_ms).sum(),
            downtime_ms: days.iter().map(|d| d.downtime_ms).sum(),
        }
    }

    /// Uptime in percent, `None` when nothing was observed. For charts and sums; what is shown
    /// or judged comes from [`UptimeTally::truncated`] and [`UptimeTally::meets`].
    pub fn percent(&self) -> Option<f64> {
        (self.observed_ms > 0).then(|| 100.0 * (1.0 - self.downtime_ms / self.observed_ms as f64))
    }

    /// Uptime in units of `10^-places` percent, rounded down, exactly: a figure printed from it
    /// is never above the true uptime. `None` when nothing was observed.
    pub fn truncated(&self, places: u32) -> Option<i64> {
        if self.observed_ms <= 0 {
            return None;
        }
        let observed = 10 * i128::from(self.observed_ms);
        let up = (observed - self.downtime_tenths()).max(0);
        let scaled = 100 * 10i128.pow(places) * up / observed;
        i64::try_from(scaled).ok()
    }

    /// The uptime as people read it: two decimals, rounded down ("99.99" for 99.996 %).
    pub fn shown(&self) -> Option<String> {
        self.truncated(2).map(|u| format!("{}.{:02}", u / 100, u % 100))
    }

    /// The uptime to two decimals, rounded down, as a number (99.99 for 99.996 %): what the
    /// feed carries, the same figure the pages show.
    pub fn hundredths(&self) -> Option<f64> {
        self.truncated(2).map(|u| u as f64 / 100.0)
    }

    /// Whether the uptime over what was observed is at least `target` percent; `None` when
    /// nothing was observed.
    pub fn meets(&self, target: f64) -> Option<bool> {
        (self.observed_ms > 0).then(|| self.within(target, self.observed_ms))
    }

    /// Whether this downtime leaves the uptime over `span_ms` (the whole period, which may be
    /// longer than what was observed so far) at least `target` percent:
    /// `1 − down / span ≥ target / 100 %` ⇔ `down × 100 % ≤ span × (100 % − target)`.
    pub fn within(&self, target: f64, span_ms: i64) -> bool {
        let target = target_millionths(target);
        self.downtime_tenths() * FULL_MILLIONTHS <= 10 * i128::from(span_ms) * (FULL_MILLIONTHS - target)
    }

    /// Downtime in tenths of a millisecond. Spans are whole milliseconds counted in full or at
    /// 30 %, so the downtime is a whole number of tenths; rounding removes only the noise of
    /// adding floats.
    fn downtime_tenths(&self) -> i128 {
        (self.downtime_ms * 10.0).round() as i128
    }
}

/// A target in millionths of a percent (99.93 → 99_930_000). Configurations take any number from
/// 0 to 100; it is read to six decimals, exact for every target written with six or fewer.
fn target_millionths(target: f64) -> i128 {
    (target * 1_000_000.0).round() as i128
}

#[cfg(test)]
mod tests {
    use super::*;
    use ComponentStatus::*;

    const MIN: i64 = 60_000;
    const DAY: i64 = 24 * 60 * MIN;

    fn span(start_min: i64, end_min: i64, status: ComponentStatus) -> StatusSpan {
        StatusSpan {
            start_ms: start_min * MIN,
            end_ms: end_min * MIN,
            status,
        }
    }

    #[test]
    fn overlapping_incidents_are_merged_not_double_counted() {
        let t = StatusTimeline::from_spans([span(0, 60, MajorOutage), span(30, 90, MajorOutage)]);
        let days = t.days(&[0, DAY], 0, DAY);
        assert_eq!(days[0].downtime_minutes(), 90.0);
    }

    #[test]
    fn worst_status_wins_and_partial_counts_thirty_percent() {
        // partial 0-100, major 20-40 inside it, degraded 200-300 (free), maintenance 400-500 (free)
        let t = StatusTimeline::from_spans([
            span(0, 100, PartialOutage),
            span(20, 40, MajorOutage),
            span(200, 300, DegradedPerformance),
            span(400, 500, UnderMaintenance),
        ]);
        assert_eq!(t.at(10 * MIN), PartialOutage);
        assert_eq!(t.at(30 * MIN), MajorOutage);
        assert_eq!(t.at(40 * MIN), PartialOutage);
        assert_eq!(t.at(150 * MIN), Operational);
        let days = t.days(&[0, DAY], 0, DAY);
        let want = 20.0 + 0.3 * 80.0;
        assert!(
            (days[0].downtime_minutes() - want).abs() < 1e-9,
            "{}",
            days[0].downtime_minutes()
        );
        assert_eq!(days[0].worst, MajorOutage);
    }

    #[test]
    fn spans_crossing_midnight_split_between_days() {
        let t = StatusTimeline::from_spans([span(24 * 60 - 30, 24 * 60 + 45, MajorOutage)]);
        let days = t.days(&[0, DAY, 2 * DAY, 3 * DAY], 0, 3 * DAY);
        let minutes: Vec<f64> = days.iter().map(UptimeDay::downtime_minutes).collect();
        assert_eq!(minutes, [30.0, 45.0, 0.0]);
        assert_eq!(days[2].worst, Operational);
        assert_eq!(days[1].worst, MajorOutage);
    }

    #[test]
    fn days_before_start_date_have_no_data_and_the_future_is_not_up() {
        let t = StatusTimeline::default();
        let days = t.days(&[0, DAY, 2 * DAY, 3 * DAY], DAY, 2 * DAY + DAY / 2);
        assert!(!days[0].has_data);
        assert!(days[1].has_data);
        assert_eq!(days[2].observed_ms, DAY / 2);
        assert_eq!(uptime_percent(&days), Some(100.0));
        assert_eq!(uptime_percent(&days[..1]), None);
    }

    #[test]
    fn uptime_percent_over_a_window() {
        let t = StatusTimeline::from_spans([span(0, 144, MajorOutage)]); // 10 % of a day
        let days = t.days(&[0, DAY], 0, DAY);
        let pct = uptime_percent(&days).unwrap();
        assert!((pct - 90.0).abs() < 1e-9, "{pct}");
    }

    #[test]
    fn empty_and_inverted_spans_are_ignored() {
        let t = StatusTimeline::from_spans([
            span(10, 10, MajorOutage),
            span(20, 5, MajorOutage),
            span(0, 5, Operational),
        ]);
        assert_eq!(t, StatusTimeline::default());
    }

    /// Uptime at the edges, shown and judged by one rule (the reports', the pages', the badges'
    /// and the feed's): rounded down, targets met exactly.
    #[test]
    fn uptime_is_shown_rounded_down_and_targets_are_met_exactly() {
        // 10,000,000 ms observed: 1 ms of downtime is 0.00001 %.
        let t = |downtime_ms: f64| UptimeTally {
            observed_ms: 10_000_000,
            downtime_ms,
        };
        for (down, shown, hundredths) in [
            (400.0, "99.99", 99.99),    // 99.996 %: never 100.00
            (0.3, "99.99", 99.99),      // 99.999997 %
            (0.0, "100.00", 100.0),     // no downtime
            (7_000.0, "99.93", 99.93),  // 99.93 % exactly, not 99.92
            (10_490.0, "99.89", 99.89), // 99.8951 %
            (10_000_000.0, "0.00", 0.0),
        ] {
            assert_eq!(t(down).shown().as_deref(), Some(shown), "{down} ms");
            assert_eq!(t(down).hundredths(), Some(hundredths), "{down} ms");
        }
        // An uptime equal to the target meets it; 99.8999 % misses 99.9.
        assert_eq!(t(10_000.0).meets(99.9), Some(true));
        assert_eq!(t(10_001.0).meets(99.9), Some(false));
        assert_eq!(t(0.0).meets(100.0), Some(true));
        assert_eq!(t(0.1).meets(100.0), Some(false));
        // Partial outage counts at 30 %: 1 ms of it is 0.3 ms of downtime, summed without drift.
        let partial = UptimeTally::of(&[UptimeDay {
            observed_ms: 10_000_000,
            downtime_ms: 0.1 + 0.2 + 33_333.3 - 23_333.6,
            worst: PartialOutage,
            has_data: true,
        }]);
        assert_eq!(partial.meets(99.9), Some(true));
        let nothing = UptimeTally::default();
        assert_eq!(
            (nothing.shown(), nothing.meets(99.0), nothing.percent()),
            (None, None, None)
        );
    }
}

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
    let observed: i64 = days.iter().map(|d| d.observed_ms).sum();
    if observed == 0 {
        return None;
    }
    let down: f64 = days.iter().map(|d| d.downtime_ms).sum();
    Some(100.0 * (1.0 - down / observed as f64))
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
}

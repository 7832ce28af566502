//! The one rule for where a maintenance window stands at an instant, used by the generator (pages,
//! feeds, notifications, calendars), the widget and the page script alike.
//!
//! The rule reads the window, the phases its source stated (with when), whether the window ends by
//! the clock (`auto_complete`) and whether it is cancelled. Explicit state beats the clock:
//!
//! - The clock starts a window at `scheduled_for` if nothing was stated yet (only a `Scheduled`
//!   phase leaves it scheduled: that is what the clock would say anyway).
//! - With `auto_complete`, the clock completes a window at `scheduled_until` when it is in progress
//!   or verifying then; a phase stated at or after that instant (an overrun: "still in progress")
//!   holds again from its own time. Without `auto_complete` only a stated `Completed` ends it, and
//!   until then a window past its end is *overrunning*.
//! - A stated phase holds from its time on, until the next one; `Cancelled` is final. A window
//!   cancelled without a time (front matter `cancelled`) is cancelled throughout.
//!
//! Pure: instants are Unix milliseconds; callers bring their clock.

use crate::status::MaintenancePhase;

/// A phase the source stated, holding from `at_ms` on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct StatedPhase {
    pub at_ms: i64,
    pub phase: MaintenancePhase,
}

/// What the rule reads about one window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MaintenanceWindow<'a> {
    pub scheduled_for_ms: i64,
    pub scheduled_until_ms: i64,
    /// In any order. `Scheduled` and `Unknown` leave the phase to the clock.
    pub stated: &'a [StatedPhase],
    /// Whether the clock completes the window at its end (the default for Statusmark's own notices).
    pub auto_complete: bool,
    /// Cancelled with no time given: cancelled throughout.
    pub cancelled: bool,
}

/// A window's phase at an instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct PhaseAt {
    pub phase: MaintenancePhase,
    /// In progress (or verifying) after `scheduled_until`.
    pub overrunning: bool,
}

impl PhaseAt {
    /// What people read: `In progress`, or `In progress, overrunning` past the window's end.
    pub fn label(self) -> &'static str {
        match (self.phase, self.overrunning) {
            (MaintenancePhase::InProgress, true) => "In progress, overrunning",
            (MaintenancePhase::Verifying, true) => "Verifying, overrunning",
            (phase, _) => phase.label(),
        }
    }

    /// Whether the window's components are under maintenance.
    pub fn under_way(self) -> bool {
        self.phase.under_way()
    }
}

impl MaintenancePhase {
    /// In progress or verifying: the phases that put a window's components under maintenance.
    pub fn under_way(self) -> bool {
        matches!(self, MaintenancePhase::InProgress | MaintenancePhase::Verifying)
    }

    /// Completed or cancelled: nothing more happens by the clock.
    pub fn is_final(self) -> bool {
        matches!(self, MaintenancePhase::Completed | MaintenancePhase::Cancelled)
    }
}

/// What moves a phase, in the order applied at one instant: the clock first, so a phase stated at
/// the same instant has the last word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Cause {
    Start,
    End,
    Stated(usize),
}

impl MaintenanceWindow<'_> {
    /// Each instant from which a new phase holds, in time order. The first entry is
    /// `(i64::MIN, Scheduled)` (or `Cancelled` for a window cancelled without a time).
    pub fn changes(&self) -> Vec<(i64, MaintenancePhase)> {
        if self.cancelled {
            return vec![(i64::MIN, MaintenancePhase::Cancelled)];
        }
        let mut causes: Vec<(i64, Cause)> = Vec::with_capacity(self.stated.len() + 2);
        causes.push((self.scheduled_for_ms, Cause::Start));
        if self.auto_complete {
            causes.push((self.scheduled_until_ms, Cause::End));
        }
        causes.extend(self.stated.iter().enumerate().map(|(n, s)| (s.at_ms, Cause::Stated(n))));
        // A handful of entries: an insertion sort keeps the widget's wasm small (a standard sort is
        // generic, and cost 1.6 KB gzip in each bundle).
        for i in 1..causes.len() {
            let mut j = i;
            while j > 0 && causes[j - 1] > causes[j] {
                causes.swap(j - 1, j);
                j -= 1;
            }
        }
        let mut phase = MaintenancePhase::Scheduled;
        let mut out = vec![(i64::MIN, phase)];
        for (at, cause) in causes {
            let next = match cause {
                _ if phase == MaintenancePhase::Cancelled => phase,
                Cause::Start if phase == MaintenancePhase::Scheduled => MaintenancePhase::InProgress,
                Cause::End if phase.under_way() => MaintenancePhase::Completed,
                Cause::Start | Cause::End => phase,
                Cause::Stated(n) => match self.stated[n].phase {
                    MaintenancePhase::Scheduled | MaintenancePhase::Unknown => phase,
                    stated => stated,
                },
            };
            if next != phase {
                phase = next;
                match out.last_mut() {
                    // Two changes at one instant: the later cause decides.
                    Some(last) if last.0 == at => last.1 = phase,
                    _ => out.push((at, phase)),
                }
            }
        }
        out
    }

    /// The phase at `now_ms`.
    pub fn at(&self, now_ms: i64) -> PhaseAt {
        phase_in(&self.changes(), self.scheduled_until_ms, now_ms)
    }

    /// The spans `[start, end)` during which the window is under way (in progress or verifying);
    /// the last one ends at `i64::MAX` when nothing after it ends it.
    pub fn under_way_spans(&self) -> Vec<(i64, i64)> {
        under_way_spans(&self.changes())
    }
}

/// The phase at `now_ms` of a window whose [`MaintenanceWindow::changes`] are `changes` (worked
/// out once and kept, as the generator does), and whether it is overrunning its
/// `scheduled_until_ms`.
pub fn phase_in(changes: &[(i64, MaintenancePhase)], scheduled_until_ms: i64, now_ms: i64) -> PhaseAt {
    let phase = match changes.partition_point(|&(t, _)| t <= now_ms) {
        0 => MaintenancePhase::Scheduled,
        n => changes[n - 1].1,
    };
    PhaseAt {
        phase,
        overrunning: phase.under_way() && now_ms >= scheduled_until_ms,
    }
}

/// [`MaintenanceWindow::under_way_spans`] from the window's `changes`.
pub fn under_way_spans(changes: &[(i64, MaintenancePhase)]) -> Vec<(i64, i64)> {
    let mut out = Vec::new();
    let mut open: Option<i64> = None;
    for &(at, phase) in changes {
        match (open, phase.under_way()) {
            (None, true) => open = Some(at),
            (Some(from), false) => {
                out.push((from, at));
                open = None;
            }
            _ => {}
        }
    }
    if let Some(from) = open {
        out.push((from, i64::MAX));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::phase_cases::{FROM, UNTIL};
    use MaintenancePhase::*;

    fn window(stated: &[StatedPhase], auto_complete: bool, cancelled: bool) -> MaintenanceWindow<'_> {
        MaintenanceWindow {
            scheduled_for_ms: FROM,
            scheduled_until_ms: UNTIL,
            stated,
            auto_complete,
            cancelled,
        }
    }

    fn s(at_ms: i64, phase: MaintenancePhase) -> StatedPhase {
        StatedPhase { at_ms, phase }
    }

    /// Every combination that matters ([`crate::phase_cases`], which the widget's browser tests
    /// run too).
    #[test]
    fn the_phase_rule() {
        for c in crate::phase_cases::cases() {
            let got = window(&c.stated, c.auto_complete, c.cancelled).at(c.now_ms);
            assert_eq!(got, c.want(), "{}", c.name);
        }
    }

    #[test]
    fn stated_order_does_not_matter() {
        let a = [s(1_200, InProgress), s(1_800, Verifying), s(2_500, Completed)];
        let b = [a[2], a[0], a[1]];
        for now in [0, 1_100, 1_300, 1_900, 2_200, 2_600] {
            assert_eq!(
                window(&a, false, false).at(now),
                window(&b, false, false).at(now),
                "{now}"
            );
        }
    }

    #[test]
    fn labels() {
        let p = |phase, overrunning| PhaseAt { phase, overrunning }.label();
        assert_eq!(p(InProgress, false), "In progress");
        assert_eq!(p(InProgress, true), "In progress, overrunning");
        assert_eq!(p(Completed, false), "Completed");
    }

    #[test]
    fn spans_under_way() {
        assert_eq!(window(&[], true, false).under_way_spans(), [(1_000, 2_000)]);
        assert_eq!(window(&[], false, false).under_way_spans(), [(1_000, i64::MAX)]);
        let early = [s(1_500, Completed)];
        assert_eq!(window(&early, true, false).under_way_spans(), [(1_000, 1_500)]);
        let overrun = [s(2_100, InProgress), s(2_400, Completed)];
        assert_eq!(
            window(&overrun, true, false).under_way_spans(),
            [(1_000, 2_000), (2_100, 2_400)]
        );
        assert!(window(&[], true, true).under_way_spans().is_empty());
    }

    /// The old clock-only rule is the new one with nothing stated and auto-complete on.
    #[test]
    fn nothing_stated_is_the_clock_alone() {
        for now in [-5, 999, 1_000, 1_500, 1_999, 2_000, 7_000] {
            for cancelled in [false, true] {
                assert_eq!(
                    window(&[], true, cancelled).at(now).phase,
                    MaintenancePhase::at(FROM, UNTIL, now, cancelled)
                );
            }
        }
    }
}

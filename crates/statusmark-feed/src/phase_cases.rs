//! The phase rule's cases, as a table: the window, what was stated, the instant and the phase
//! expected then. Shared by the rule's own tests ([`crate::maintenance`]) and the widget's browser
//! tests, which run each case through the code the widget and the page script use, so a reader
//! that applies the rule differently fails. Test support, not part of the feed's contract.

use crate::maintenance::{PhaseAt, StatedPhase};
use crate::status::MaintenancePhase::{self, *};

/// The window every case is about: `[FROM, UNTIL)` in Unix ms.
pub const FROM: i64 = 1_000;
pub const UNTIL: i64 = 2_000;

/// One case: a window `[FROM, UNTIL)` with `stated`, `auto_complete` and `cancelled` (without a
/// time) stands at `phase` (`overrunning` or not) at `now_ms`.
#[derive(Clone, Debug)]
pub struct PhaseCase {
    pub name: &'static str,
    pub stated: Vec<StatedPhase>,
    pub auto_complete: bool,
    pub cancelled: bool,
    pub now_ms: i64,
    pub phase: MaintenancePhase,
    pub overrunning: bool,
}

impl PhaseCase {
    pub fn want(&self) -> PhaseAt {
        PhaseAt {
            phase: self.phase,
            overrunning: self.overrunning,
        }
    }
}

fn s(at_ms: i64, phase: MaintenancePhase) -> StatedPhase {
    StatedPhase { at_ms, phase }
}

/// Every combination that matters: stated phases (none, early, late, final), the clock before, in
/// and after the window, auto-complete on and off, cancellation with and without a time.
pub fn cases() -> Vec<PhaseCase> {
    type Case = (&'static str, Vec<StatedPhase>, bool, bool, i64, MaintenancePhase, bool);
    let cases: Vec<Case> = vec![
        // Nothing stated: the clock alone, as before.
        ("clock, before", vec![], true, false, 999, Scheduled, false),
        ("clock, at the start", vec![], true, false, 1_000, InProgress, false),
        ("clock, during", vec![], true, false, 1_999, InProgress, false),
        ("clock, at the end", vec![], true, false, 2_000, Completed, false),
        ("clock, long after", vec![], true, false, 9_000, Completed, false),
        (
            "clock, no auto-complete, during",
            vec![],
            false,
            false,
            1_500,
            InProgress,
            false,
        ),
        (
            "clock, no auto-complete, overrun",
            vec![],
            false,
            false,
            2_000,
            InProgress,
            true,
        ),
        (
            "clock, no auto-complete, long overrun",
            vec![],
            false,
            false,
            9_000,
            InProgress,
            true,
        ),
        // A stated Scheduled leaves it to the clock.
        (
            "scheduled stated",
            vec![s(500, Scheduled)],
            true,
            false,
            1_500,
            InProgress,
            false,
        ),
        (
            "scheduled stated after start",
            vec![s(1_200, Scheduled)],
            true,
            false,
            1_500,
            InProgress,
            false,
        ),
        // Started early, by the author.
        (
            "started early",
            vec![s(900, InProgress)],
            true,
            false,
            950,
            InProgress,
            false,
        ),
        (
            "started early, before it",
            vec![s(900, InProgress)],
            true,
            false,
            899,
            Scheduled,
            false,
        ),
        (
            "started early, clock ends it",
            vec![s(900, InProgress)],
            true,
            false,
            2_000,
            Completed,
            false,
        ),
        (
            "started early, overrun",
            vec![s(900, InProgress)],
            false,
            false,
            2_500,
            InProgress,
            true,
        ),
        // Completed early: holds against the clock.
        (
            "completed early",
            vec![s(1_200, InProgress), s(1_500, Completed)],
            true,
            false,
            1_600,
            Completed,
            false,
        ),
        (
            "completed early, before it",
            vec![s(1_500, Completed)],
            true,
            false,
            1_499,
            InProgress,
            false,
        ),
        (
            "completed before the start",
            vec![s(800, Completed)],
            true,
            false,
            1_500,
            Completed,
            false,
        ),
        (
            "completed, no auto-complete",
            vec![s(2_500, Completed)],
            false,
            false,
            2_600,
            Completed,
            false,
        ),
        (
            "completed, no auto-complete, before it",
            vec![s(2_500, Completed)],
            false,
            false,
            2_400,
            InProgress,
            true,
        ),
        // Verifying holds; the clock completes it at the end only with auto-complete.
        (
            "verifying",
            vec![s(1_800, Verifying)],
            true,
            false,
            1_900,
            Verifying,
            false,
        ),
        (
            "verifying, then the end",
            vec![s(1_800, Verifying)],
            true,
            false,
            2_000,
            Completed,
            false,
        ),
        (
            "verifying, no auto-complete",
            vec![s(1_800, Verifying)],
            false,
            false,
            2_100,
            Verifying,
            true,
        ),
        (
            "verifying, then completed",
            vec![s(1_800, Verifying), s(1_900, Completed)],
            false,
            false,
            2_100,
            Completed,
            false,
        ),
        // An overrun stated at or after the end holds over the clock's completion.
        (
            "overrun stated after the end",
            vec![s(2_100, InProgress)],
            true,
            false,
            2_050,
            Completed,
            false,
        ),
        (
            "overrun stated after the end, holds",
            vec![s(2_100, InProgress)],
            true,
            false,
            5_000,
            InProgress,
            true,
        ),
        (
            "overrun stated at the end",
            vec![s(2_000, InProgress)],
            true,
            false,
            2_000,
            InProgress,
            true,
        ),
        (
            "overrun, then completed",
            vec![s(2_100, InProgress), s(3_000, Completed)],
            true,
            false,
            3_000,
            Completed,
            false,
        ),
        (
            "back to in progress from verifying",
            vec![s(1_500, Verifying), s(1_700, InProgress)],
            true,
            false,
            1_800,
            InProgress,
            false,
        ),
        // Cancellation.
        ("cancelled, no time", vec![], true, true, 1_500, Cancelled, false),
        (
            "cancelled, no time, with updates",
            vec![s(1_200, InProgress)],
            false,
            true,
            9_000,
            Cancelled,
            false,
        ),
        (
            "cancelled stated",
            vec![s(500, Cancelled)],
            true,
            false,
            1_500,
            Cancelled,
            false,
        ),
        (
            "cancelled stated, before it",
            vec![s(500, Cancelled)],
            true,
            false,
            499,
            Scheduled,
            false,
        ),
        (
            "cancelled mid-window",
            vec![s(1_500, Cancelled)],
            false,
            false,
            1_499,
            InProgress,
            false,
        ),
        (
            "cancelled mid-window, final",
            vec![s(1_500, Cancelled), s(1_600, InProgress)],
            false,
            false,
            9_000,
            Cancelled,
            false,
        ),
        // Unknown phases from a newer feed change nothing.
        (
            "unknown stated",
            vec![s(1_200, Unknown)],
            true,
            false,
            1_500,
            InProgress,
            false,
        ),
        // Same instant: the stated phase has the last word over the clock.
        (
            "stated at the start",
            vec![s(1_000, Completed)],
            true,
            false,
            1_000,
            Completed,
            false,
        ),
    ];
    cases
        .into_iter()
        .map(
            |(name, stated, auto_complete, cancelled, now_ms, phase, overrunning)| PhaseCase {
                name,
                stated,
                auto_complete,
                cancelled,
                now_ms,
                phase,
                overrunning,
            },
        )
        .collect()
}

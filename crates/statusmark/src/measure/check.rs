//! The warning `check` and `build` give when probes saw a component fail for a while and no
//! incident or maintenance window says so: a measured failure never changes what the site reports,
//! so a person should look.
//!
//! "A while" is the probe's `draft_after` failed checks in a row (3 by default): the same run of
//! failures after which `statusmark probe` drafts an incident.

use std::sync::Arc;

use jiff::Timestamp;

use super::read::Measurements;
use crate::content::{Config, Incident, Maintenance};
use crate::diagnostic::Diagnostic;

/// One warning per run of failures that no incident touching the probe's component and no
/// maintenance window including it overlaps. Probes without a component are not checked.
pub fn uncovered_failures(
    config: &Config,
    measured: &Measurements,
    incidents: &[Arc<Incident>],
    maintenances: &[Arc<Maintenance>],
    now: Timestamp,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (probe, summary) in config.probes.iter().zip(&measured.probes) {
        let Some(component) = probe.component.as_deref() else {
            continue;
        };
        for run in &summary.failures {
            let by_incident = incidents.iter().any(|i| {
                i.affected().any(|c| c == component) && i.started <= run.last && i.resolved.unwrap_or(now) >= run.first
            });
            let by_maintenance = maintenances.iter().any(|m| {
                !m.cancelled_by(now)
                    && m.components.iter().any(|c| c == component)
                    && m.scheduled_for <= run.last
                    && m.scheduled_until >= run.first
            });
            if !by_incident && !by_maintenance {
                out.push(
                    Diagnostic::warning(
                        &run.file,
                        format!(
                            "{component} failed {} checks between {} and {}; no incident covers it",
                            run.checks, run.first, run.last
                        ),
                    )
                    .with_help(format!(
                        "probe \"{}\" saw it; write an incident if people were affected (the site still reports what incidents say)",
                        probe.id
                    )),
                );
            }
        }
    }
    out
}

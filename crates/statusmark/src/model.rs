//! The [`SiteModel`]: everything derived once from validated content and an instant `now`:
//! statuses now, uptime per day and per month, which incidents touch which component, which are
//! active, recent and published, the history in order, and components under their groups.
//! Read-only from here on; every emitter takes it, and none works these facts out again.
//!
//! It knows nothing of pages, files or incremental builds.

pub mod localize;
pub mod report;
pub mod response;

use std::sync::Arc;

use jiff::Timestamp;
use jiff::civil::Date;
use rayon::prelude::*;
use statusmark_feed::group::{group_by, roll_up};
use statusmark_feed::timeline::{StatusSpan, StatusTimeline, UptimeDay, UptimeTally};
use statusmark_feed::{ComponentStatus, Indicator, MaintenancePhase};

use crate::content::upstream::Upstream;
use crate::content::{Config, Content, Incident, Items, Maintenance};
use crate::measure::read::{Measurements, MetricSummary, ProbeSummary};
use crate::measure::upstream::{UpstreamRead, UpstreamSnapshot};

/// How far an ongoing incident extends into the future for the timeline; `days` clips at `now`.
const OPEN_END: i64 = i64::MAX / 4;

/// How many past incidents the home page and the JSON feed show besides the active ones.
pub const RECENT_INCIDENTS: usize = 5;

#[derive(Clone, Debug)]
pub struct SiteModel {
    pub config: Config,
    pub now: Timestamp,
    /// Newest first (by start, then slug); the content's own list.
    pub incidents: Items<Incident>,
    /// Newest first (by scheduled start, then slug). A recurring notice is here as its
    /// occurrences around `now` ([`crate::content::occurrences::expand`]); without recurring
    /// notices, the content's own list.
    pub maintenances: Items<Maintenance>,
    /// The recurring notices themselves (series), in content order: calendars list each once,
    /// with its rule.
    pub recurring: Vec<Arc<Maintenance>>,
    /// What keys and lists read of each of [`SiteModel::incidents`], side by side (same order).
    pub incident_facts: Arc<Vec<IncidentFacts>>,
    /// Bounds of [`SiteModel::incident_facts`]' last changes (the same in every language).
    pub incident_bounds: Arc<UpdatedBounds>,
    /// What keys and lists read of each of [`SiteModel::maintenances`], side by side.
    pub window_facts: Arc<Vec<WindowFacts>>,
    /// Bounds of [`SiteModel::window_facts`]' last changes ([`WindowFacts::updated`]; the same
    /// in every language).
    pub window_bounds: Arc<UpdatedBounds>,
    /// Per component (configuration order), indexes into [`SiteModel::maintenances`] of the
    /// windows naming it whose notice is out by `now`, in order.
    pub announced_windows: Arc<Vec<Vec<usize>>>,
    /// In configuration order (shared with what `serve` keeps for the next rebuild).
    pub components: Vec<Arc<ComponentState>>,
    /// Components under their groups, in display order.
    pub groups: Vec<GroupState>,
    pub indicator: Indicator,
    /// The days of the uptime window in the site's zone, oldest first.
    pub days: Vec<Date>,
    /// Indexes into [`SiteModel::incidents`] of the incidents ongoing at `now`, newest first.
    pub active: Vec<usize>,
    /// Indexes of the latest [`RECENT_INCIDENTS`] incidents that started by `now` and are over.
    pub recent: Vec<usize>,
    /// `incidents[published..]` started by `now` (the list is newest first, so the ones still in
    /// the future come first).
    pub published: usize,
    /// Indexes into [`SiteModel::maintenances`] of the windows scheduled or in progress at `now`,
    /// soonest first.
    pub current_maintenance: Vec<usize>,
    /// Every published incident and announced maintenance window, newest first: the archive
    /// (shared with what `serve` keeps for the next rebuild).
    pub history: Arc<Vec<HistoryEntry>>,
    /// What each probe measured, in `config.probes` order. Shown beside what people report;
    /// never part of a status or the reported uptime.
    pub probes: Vec<ProbeSummary>,
    /// Each metric's latest snapshot, in `config.metrics` order.
    pub metrics: Vec<MetricSummary>,
    /// Uptime and response times per calendar month and quarter, from the first month on record.
    pub reports: Arc<report::Reports>,
    /// The services the site depends on, in `config.upstreams` order: never part of a
    /// component's status or uptime, and of [`SiteModel::indicator`] only with `affects_overall`.
    pub upstreams: Vec<UpstreamState>,
    /// Translations of incidents and notices into the site's other languages (see
    /// [`SiteModel::localized`]).
    pub incident_translations: Vec<Arc<crate::content::IncidentTranslation>>,
    pub maintenance_translations: Vec<Arc<crate::content::MaintenanceTranslation>>,
    /// [`SiteModel::next_occurrences`] of each recurring notice, by its slug: worked out once,
    /// as every occurrence's page and key list them.
    upcoming: rustc_hash::FxHashMap<String, Vec<usize>>,
    /// The content revision it was made from ([`crate::content::Content::revision`]; 0 outside
    /// `serve`).
    pub revision: u64,
    /// What changed since the model of the revision before (`serve`), when only incidents did.
    pub delta: Option<Delta>,
}

/// The incidents a patched load replaced ([`crate::content::Patched`]) since the model of
/// revision `since`, by position: the rest of that model's incidents, their positions and its
/// components' lists of them hold for this one. What is worked out of each incident (a page's
/// key) is worked out again for these only.
#[derive(Clone, Debug)]
pub struct Delta {
    pub since: u64,
    pub replaced: Vec<usize>,
    /// The components a replaced incident touches, before or after, in order: the others'
    /// lists of incidents are the same.
    pub components: Vec<usize>,
}

impl Delta {
    /// From the load's patch, when the kept facts were patched with it too (`dirty`: the
    /// components it touches): else something else changed.
    fn of(patch: Option<&crate::content::Patched>, dirty: Option<&[bool]>) -> Option<Delta> {
        let (p, dirty) = patch.zip(dirty)?;
        Some(Delta {
            since: p.of,
            replaced: p.replaced.iter().map(|(n, _)| *n).collect(),
            components: (0..dirty.len()).filter(|&ci| dirty[ci]).collect(),
        })
    }
}

/// An upstream as the site shows it at `now`.
#[derive(Clone, Debug, Hash)]
pub struct UpstreamState {
    /// The snapshot's status; unknown when there is none, it is unreadable or older than
    /// `stale_after` (a page that stopped answering is not a page that is down).
    pub status: ComponentStatus,
    /// The snapshot is older than `stale_after`: its status is only the last known one.
    pub stale: bool,
    pub snapshot: Option<UpstreamSnapshot>,
}

impl UpstreamState {
    /// Every upstream's state, in `config.upstreams` order, from what was read of each.
    fn all(config: &Config, read: Vec<UpstreamRead>, now: Timestamp) -> Vec<UpstreamState> {
        let read = read.into_iter().chain(std::iter::repeat(UpstreamRead::Missing));
        config
            .upstreams
            .iter()
            .zip(read)
            .map(|(u, read)| UpstreamState::new(u, read, now))
            .collect()
    }

    fn new(upstream: &Upstream, read: UpstreamRead, now: Timestamp) -> UpstreamState {
        let snapshot = match read {
            UpstreamRead::Read(s) => Some(*s),
            UpstreamRead::Missing | UpstreamRead::Unreadable | UpstreamRead::Mismatched => None,
        };
        let stale = snapshot
            .as_ref()
            .is_some_and(|s| now.duration_since(s.fetched_at) > upstream.stale_after);
        let status = match &snapshot {
            Some(s) if !stale => s.status(!upstream.components.is_empty()),
            _ => ComponentStatus::Unknown,
        };
        UpstreamState {
            status,
            stale,
            snapshot,
        }
    }

    /// The status the snapshot gave, fresh or not.
    pub fn last_known(&self, upstream: &Upstream) -> Option<ComponentStatus> {
        self.snapshot
            .as_ref()
            .map(|s| s.status(!upstream.components.is_empty()))
    }
}

#[derive(Clone, Debug)]
pub struct ComponentState {
    pub id: String,
    pub status: ComponentStatus,
    /// When `status` began: its last status change at or before `now` (an incident starting,
    /// changing it or ending, a window under way or over), over its whole history; `None` if it
    /// never changed.
    pub since: Option<Timestamp>,
    /// One per entry of [`SiteModel::days`].
    pub days: Vec<UptimeDay>,
    /// Indexes into [`SiteModel::incidents`] of the incidents touching each day.
    pub day_incidents: Vec<Vec<usize>>,
    /// Uptime over the window, shown and judged against the SLA as the reports do.
    pub uptime: UptimeTally,
    /// Uptime per calendar month of the window, newest first: (first day of the month, its tally).
    pub monthly: Vec<(Date, UptimeTally)>,
    /// Indexes into [`SiteModel::incidents`] of every incident that touches this component,
    /// through its starting `components` or any `changes` entry, newest first.
    pub incidents: Vec<usize>,
    /// Indexes into [`SiteModel::probes`] of the probes of this component, in configuration order.
    pub probes: Vec<usize>,
    /// The spans during which a maintenance window naming this component was under way, every
    /// one begun by `now`, in [`SiteModel::maintenances`] order.
    pub maintenance: Vec<StatusSpan>,
}

/// A group of components as shown: the group's index in the configuration (`None` for the
/// ungrouped ones), its members' indexes into [`SiteModel::components`], and its roll-up status.
#[derive(Clone, Debug)]
pub struct GroupState {
    pub group: Option<usize>,
    pub members: Vec<usize>,
    pub status: ComponentStatus,
}

/// One line of the history: when it is filed, and what.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HistoryEntry {
    pub at: Timestamp,
    pub item: Item,
}

/// An incident or a maintenance window, by index into the model's lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Item {
    Incident(usize),
    Maintenance(usize),
}

/// The uptime window: its days (oldest first) and the instants that bound them (one more).
struct Window {
    days: Vec<Date>,
    boundaries: Vec<i64>,
}

impl Window {
    fn new(config: &Config, now: Timestamp) -> Window {
        let zone = config.zone();
        let today = now.to_zoned(zone.clone()).date();
        let n = i32::try_from(config.uptime_days).unwrap_or(90);
        let days: Vec<Date> = (0..n)
            .rev()
            .filter_map(|back| today.checked_sub(jiff::Span::new().days(back)).ok())
            .collect();
        let boundaries = days
            .iter()
            .copied()
            .chain(today.tomorrow().ok())
            .filter_map(|d| d.to_zoned(zone.clone()).ok().map(|z| z.timestamp().as_millisecond()))
            .collect();
        Window { days, boundaries }
    }

    fn start(&self) -> i64 {
        self.boundaries.first().copied().unwrap_or(0)
    }
}

/// What `serve` keeps of a model for the next rebuild's.
#[derive(Default)]
pub struct Kept {
    pub reports: KeptReports,
    pub facts: KeptFacts,
    pub windows: KeptWindows,
    pub lists: KeptLists,
}

impl Kept {
    /// Each part, to be handed on by itself (none outside `serve`).
    fn parts(
        kept: Option<&mut Kept>,
    ) -> (
        Option<&mut KeptReports>,
        Option<&mut KeptFacts>,
        Option<&mut KeptWindows>,
        Option<&mut KeptLists>,
    ) {
        match kept {
            Some(k) => (
                Some(&mut k.reports),
                Some(&mut k.facts),
                Some(&mut k.windows),
                Some(&mut k.lists),
            ),
            None => (None, None, None, None),
        }
    }
}

/// The archive's entries and the incidents ongoing at `now`, as the last rebuild listed them,
/// with the content revision, the list of windows, `now`, the number of published incidents and
/// which windows were announced they were listed for. A patched load keeps every incident's start
/// (and so its position), and the archive lists incidents by start and announced windows by
/// theirs: with the same windows announced and the same incidents published it is the same at
/// a later `now` (kept only then, as the ongoing incidents need it): only the replaced incidents
/// and those ongoing before can be ongoing at a later `now`. At 100,000 incidents, listing and sorting them again took 4 to 5 % of an edit's CPU
/// with the clock fixed, and on the wall clock a sixth of the main thread's share of an edit.
#[derive(Default)]
pub struct KeptLists {
    of: Option<ListedFor>,
    history: Arc<Vec<HistoryEntry>>,
    active: Vec<usize>,
}

/// What [`KeptLists`] were listed for.
struct ListedFor {
    revision: u64,
    windows: Items<Maintenance>,
    now: Timestamp,
    published: usize,
    announced: Vec<bool>,
}

impl KeptLists {
    /// The archive and the ongoing incidents; kept for the next rebuild.
    fn get(
        kept: Option<&mut KeptLists>,
        (facts, windows, maintenances): (&[IncidentFacts], &[WindowFacts], &Items<Maintenance>),
        (published, now): (usize, Timestamp),
        (revision, patched): (u64, Option<&crate::content::Patched>),
    ) -> (Arc<Vec<HistoryEntry>>, Vec<usize>) {
        let fresh = || {
            (
                Arc::new(history(facts, windows, published)),
                active(facts, published, now),
            )
        };
        let Some(kept) = kept else {
            return fresh();
        };
        // `now` may only move on: moved back, an incident resolved in between is ongoing again.
        let same = |of: &ListedFor| {
            patched.is_some_and(|p| p.of == of.revision)
                && Arc::ptr_eq(&of.windows, maintenances)
                && of.published == published
                && of.now <= now
                && of.announced.iter().copied().eq(windows.iter().map(|w| w.announced))
        };
        let (history, active) = match (kept.of.take(), patched) {
            (Some(of), Some(p)) if same(&of) => {
                let mut active = std::mem::take(&mut kept.active);
                active.extend(p.replaced.iter().map(|&(n, _)| n));
                active.sort_unstable();
                active.dedup();
                active.retain(|&n| n >= published && facts.get(n).is_some_and(|f| f.ongoing_at(now)));
                (Arc::clone(&kept.history), active)
            }
            _ => fresh(),
        };
        *kept = KeptLists {
            of: Some(ListedFor {
                revision,
                windows: Arc::clone(maintenances),
                now,
                published,
                announced: windows.iter().map(|w| w.announced).collect(),
            }),
            history: Arc::clone(&history),
            active: active.clone(),
        };
        (history, active)
    }
}

/// What the last rebuild read of the windows ([`maintenance_by_component`]), with the list, the
/// configuration's component ids (hashed), the `now` it read them for and the `now` of the last
/// rebuild. A rebuild that loads that very list (an incident edited, which a patched load does
/// without touching the windows) keeps them while `now` is still before the first instant at
/// which a window can change ([`Windows::until`]), as on `serve`'s wall clock: at 15,000 windows
/// (the bench's N = 100,000 corpus), reading them again took 5 to 10 ms of each rebuild.
#[derive(Default)]
pub struct KeptWindows {
    of: Option<(Items<Maintenance>, u64, Timestamp)>,
    last: Option<Timestamp>,
    windows: Option<Windows>,
}

impl KeptWindows {
    /// [`maintenance_by_component`], kept from the last rebuild when it read the same list
    /// (the same `Arc`, held here so it cannot be another list at the same address), with the
    /// same component ids, at a `now` from which nothing has changed by this one; and whether
    /// it was kept at the very same `now`. Kept for the next (`kept`: `serve`).
    fn get(
        kept: Option<&mut KeptWindows>,
        config: &Config,
        maintenances: &Items<Maintenance>,
        now: Timestamp,
    ) -> (Windows, bool) {
        let Some(kept) = kept else {
            return (maintenance_by_component(config, maintenances, now), false);
        };
        let ids = ids_key(config);
        let still = |w: &Windows| {
            kept.of.as_ref().is_some_and(|(list, i, at)| {
                Arc::ptr_eq(list, maintenances) && *i == ids && *at <= now && now.as_millisecond() < w.until
            })
        };
        let (windows, same_now) = match kept.windows.as_ref() {
            Some(windows) if still(windows) => (windows.clone(), kept.last == Some(now)),
            _ => {
                kept.of = Some((Arc::clone(maintenances), ids, now));
                (maintenance_by_component(config, maintenances, now), false)
            }
        };
        kept.last = Some(now);
        kept.windows = Some(windows.clone());
        (windows, same_now)
    }
}

/// The incidents' facts and each component's incidents as the last rebuild worked them out, for
/// the content revision and the configuration's component ids (hashed) they were worked out for.
/// When loading patched that very content ([`crate::content::Patched`]), only the incidents it
/// replaced are read again.
#[derive(Default)]
pub struct KeptFacts {
    of: Option<(u64, u64)>,
    facts: Arc<Vec<IncidentFacts>>,
    bounds: Arc<UpdatedBounds>,
    touching: Arc<Vec<Vec<usize>>>,
    /// The components' states the last rebuild worked out, with a digest of the configuration
    /// and `now` they were worked out for: one whose incidents the patch left alone is kept.
    states: Option<(u64, Vec<Arc<ComponentState>>)>,
    /// What those states were worked out from that `now` does not move ([`ComponentTimeline`]),
    /// with a digest of the configuration and the uptime window's start: one whose incidents
    /// and windows are those of its kept state is kept at another `now` too.
    timelines: Option<(u64, Vec<Arc<ComponentTimeline>>)>,
}

/// Report figures kept between builds, and the ledger they were cut from, each with a digest of
/// its inputs; and the content revision the ledger's digest was worked out for.
#[derive(Default)]
pub struct KeptReports {
    kept: Option<(u64, Arc<report::Reports>)>,
    ledger: Option<(u64, report::Ledger)>,
    digested: Option<(u64, u64)>,
}

impl KeptReports {
    /// The figures: the kept ones if nothing they come from changed; else cut at `now` from the
    /// kept ledger if that still holds (an edit to an incident's text, or only time passing, as
    /// in `serve` without `--now`); else worked out afresh. What is worked out is kept.
    ///
    /// The ledger's digest reads every incident's facts (a tenth of a millisecond per 10,000
    /// incidents): it is kept for a load that patched the one it was worked out for without
    /// changing a replaced incident's facts, at the same `now` with the same windows
    /// (`windows_kept`, see [`KeptWindows::get`]).
    fn get(
        kept: Option<&mut KeptReports>,
        x: &report::Inputs<'_>,
        (revision, patched, windows_kept): (u64, Option<&crate::content::Patched>, bool),
    ) -> Arc<report::Reports> {
        let ledger = || report::Ledger::new(x);
        let cut = |ledger: &report::Ledger| Arc::new(report::Reports::cut(ledger, x));
        let Some(kept) = kept else {
            return cut(&ledger());
        };
        let same_facts = |p: &crate::content::Patched| {
            let same = |&(n, ref old): &(usize, Arc<Incident>)| {
                x.incidents
                    .get(n)
                    .is_some_and(|new| new.facts_fingerprint() == old.facts_fingerprint())
            };
            windows_kept && p.replaced.iter().all(same)
        };
        let ledger_digest = match (kept.digested, patched) {
            (Some((of, digest)), Some(p)) if p.of == of && same_facts(p) => digest,
            _ => report::Ledger::digest(x),
        };
        kept.digested = Some((revision, ledger_digest));
        let digest = {
            use std::hash::{Hash, Hasher};
            let mut h = rustc_hash::FxHasher::default();
            (ledger_digest, x.now).hash(&mut h);
            h.finish()
        };
        if let Some((d, reports)) = &kept.kept
            && *d == digest
        {
            return Arc::clone(reports);
        }
        let ledger = match kept.ledger.take() {
            Some((d, kept)) if d == ledger_digest => kept,
            _ => ledger(),
        };
        let reports = cut(&ledger);
        kept.ledger = Some((ledger_digest, ledger));
        kept.kept = Some((digest, Arc::clone(&reports)));
        reports
    }
}

/// What an empty `data/` gives: no probe results, metrics missing, no upstream snapshots.
pub(crate) fn no_measurements(config: &Config) -> Measurements {
    Measurements {
        probes: config.probes.iter().map(|_| ProbeSummary::empty()).collect(),
        metrics: config.metrics.iter().map(|_| MetricSummary::missing()).collect(),
        upstreams: config.upstreams.iter().map(|_| UpstreamRead::Missing).collect(),
        warnings: Vec::new(),
    }
}

impl SiteModel {
    /// The model of a site without measurements (as if `data/` were empty).
    pub fn new(content: Content, now: Timestamp) -> SiteModel {
        let measured = no_measurements(&content.config);
        SiteModel::with_measurements(content, measured, now)
    }

    /// The model, with what was read from `data/` ([`crate::measure::read::read`]).
    pub fn with_measurements(content: Content, measured: Measurements, now: Timestamp) -> SiteModel {
        SiteModel::reusing(content, measured, now, None)
    }

    /// [`SiteModel::with_measurements`], reusing the report figures of an earlier model (`serve`)
    /// when what they are computed from did not change, and the status timelines they are cut
    /// from when only the instant moved: an edit to an incident's text costs no uptime arithmetic
    /// over every incident, on a fixed clock or not.
    pub fn reusing(content: Content, measured: Measurements, now: Timestamp, kept: Option<&mut Kept>) -> SiteModel {
        let windows = content.windows(now);
        let Content {
            config,
            incidents,
            recurring,
            incident_translations,
            maintenance_translations,
            revision,
            patched,
            ..
        } = content;
        let (kept_reports, mut kept_facts, kept_windows, kept_lists) = Kept::parts(kept);
        let maintenances = windows;
        let window = Window::new(&config, now);
        let FactsPatch {
            touching,
            facts,
            bounds,
            dirty,
        } = KeptFacts::get(
            kept_facts.as_deref_mut(),
            &config,
            &incidents,
            (revision, patched.as_ref()),
        );
        let (
            Windows {
                spans: under_way,
                facts: windows,
                announced: announced_windows,
                bounds: window_bounds,
                until: _,
            },
            windows_kept,
        ) = KeptWindows::get(kept_windows, &config, &maintenances, now);
        let delta = Delta::of(patched.as_ref(), dirty.as_deref());
        let components = component_states(
            &config,
            (&touching, &under_way),
            dirty,
            (&incidents, &facts),
            (&window, now),
            kept_facts,
        );
        let upstreams = UpstreamState::all(&config, measured.upstreams, now);
        let indicator = overall(&config, &components, &upstreams);
        let groups = groups(&config, &components);
        let published = incidents.partition_point(|i| i.started > now);
        let (history, active) = KeptLists::get(
            kept_lists,
            (&facts, &windows, &maintenances),
            (published, now),
            (revision, patched.as_ref()),
        );
        let recent = recent(&facts, published, now);
        let current_maintenance = current_maintenance(&windows);
        let upcoming = upcoming(&maintenances, &windows);
        let reports = KeptReports::get(
            kept_reports,
            &report::Inputs {
                config: &config,
                incidents: &incidents,
                incident_facts: &facts,
                components: &components,
                published,
                now,
            },
            (revision, patched.as_ref(), windows_kept),
        );
        SiteModel {
            config,
            now,
            incidents,
            maintenances,
            recurring,
            incident_facts: facts,
            incident_bounds: bounds,
            window_facts: windows,
            window_bounds,
            announced_windows,
            components,
            groups,
            indicator,
            days: window.days,
            active,
            recent,
            published,
            current_maintenance,
            history,
            probes: measured.probes,
            metrics: measured.metrics,
            reports,
            upstreams,
            incident_translations,
            maintenance_translations,
            upcoming,
            revision,
            delta,
        }
    }

    pub fn incident(&self, n: usize) -> &Incident {
        &self.incidents[n]
    }

    pub fn maintenance(&self, n: usize) -> &Maintenance {
        &self.maintenances[n]
    }

    /// One component's status over its whole history up to `now` (every incident touching it and
    /// every window begun by then), where [`ComponentState::days`] covers the uptime window only.
    pub fn timeline(&self, ci: usize) -> StatusTimeline {
        let id = &self.config.components[ci].id;
        let touching = &self.components[ci].incidents;
        StatusTimeline::from_spans(component_spans(
            &self.incidents,
            touching,
            &self.components[ci].maintenance,
            id,
        ))
    }

    /// How fast an incident got its first update and was resolved, against the targets for its
    /// impact; `None` before it starts.
    pub fn response_times(&self, incident: &Incident) -> Option<response::ResponseTimes> {
        response::response_times(incident, &self.config.response_targets, self.now)
    }

    /// Indexes into [`SiteModel::maintenances`] of the occurrences of the recurring notice
    /// `series` not over at `now`, soonest first (at most [`crate::content::occurrences::UPCOMING`]
    /// and the one under way).
    pub fn next_occurrences(&self, series: &str) -> &[usize] {
        self.upcoming.get(series).map_or(&[], Vec::as_slice)
    }

    /// The incidents that started by `now`, newest first.
    pub fn published_incidents(&self) -> impl Iterator<Item = (usize, &Incident)> {
        (self.published..self.incidents.len()).map(|n| (n, &*self.incidents[n]))
    }
}

/// The site's indicator: its components', and the upstreams' that say so (an unknown one never
/// counts).
fn overall(config: &Config, components: &[Arc<ComponentState>], upstreams: &[UpstreamState]) -> Indicator {
    let counted = config
        .upstreams
        .iter()
        .zip(upstreams)
        .filter(|(u, _)| u.affects_overall);
    Indicator::from_components(
        components
            .iter()
            .map(|c| c.status)
            .chain(counted.map(|(_, s)| s.status)),
    )
}

/// Indexes of the published incidents ongoing at `now`, in order (newest first).
fn active(facts: &[IncidentFacts], published: usize, now: Timestamp) -> Vec<usize> {
    let ongoing = |n: &usize| facts[*n].ongoing_at(now);
    (published..facts.len()).filter(ongoing).collect()
}

/// Indexes of the latest [`RECENT_INCIDENTS`] published incidents over at `now`.
fn recent(facts: &[IncidentFacts], published: usize, now: Timestamp) -> Vec<usize> {
    let over = |n: &usize| !facts[*n].ongoing_at(now);
    (published..facts.len()).filter(over).take(RECENT_INCIDENTS).collect()
}

/// [`SiteModel::next_occurrences`] of every series with occurrences not over at `now`, in one pass
/// over the windows (asked of each occurrence, a pass each made pages quadratic in occurrences).
fn upcoming(maintenances: &[Arc<Maintenance>], windows: &[WindowFacts]) -> rustc_hash::FxHashMap<String, Vec<usize>> {
    let mut by_series: rustc_hash::FxHashMap<String, Vec<usize>> = rustc_hash::FxHashMap::default();
    for n in (0..windows.len()).filter(|&n| windows[n].next_occurrence) {
        if let Some(o) = maintenances[n].occurrence.as_ref() {
            by_series.entry(o.series.clone()).or_default().push(n);
        }
    }
    for next in by_series.values_mut() {
        // Stable: occurrences at the same time stay in the list's order.
        next.sort_by_key(|&n| windows[n].scheduled_for);
        next.truncate(crate::content::occurrences::UPCOMING + 1);
    }
    by_series
}

/// Each component's index in the configuration, by its id.
/// A hash of the configuration's component ids, in order (see [`Incident::affected_positions`]).
fn ids_key(config: &Config) -> u64 {
    use std::hash::{Hash as _, Hasher as _};
    let mut ids = rustc_hash::FxHasher::default();
    for c in &config.components {
        c.id.hash(&mut ids);
    }
    ids.finish()
}

/// What [`KeptFacts::get`] gives.
struct FactsPatch {
    /// Each component's incidents (shared with the kept ones: a rebuild copies no list).
    touching: Arc<Vec<Vec<usize>>>,
    /// The incidents' facts.
    facts: Arc<Vec<IncidentFacts>>,
    /// Bounds of their last changes.
    bounds: Arc<UpdatedBounds>,
    /// When they were patched, which components an incident the patch replaced touches (before
    /// or after).
    dirty: Option<Vec<bool>>,
}

impl FactsPatch {
    /// Worked out afresh.
    fn of(config: &Config, incidents: &[Arc<Incident>]) -> FactsPatch {
        let (touching, facts) = incidents_by_component(config, incidents);
        FactsPatch {
            touching: Arc::new(touching),
            bounds: Arc::new(UpdatedBounds::of(&facts)),
            facts: Arc::new(facts),
            dirty: None,
        }
    }
}

/// Bounds of the incidents' last changes ([`IncidentFacts::updated`]) by blocks of
/// [`UpdatedBounds::BLOCK`] positions in the list: the latest in each block, and in each block
/// and every later one. A feed choosing its newest entries (`render::syndication`) passes over a
/// block, or stops, without reading its incidents' facts: at 100,000 incidents, reading every
/// incident's for the site's feed and each component's was a tenth of a `serve` rebuild.
#[derive(Clone, Debug, Default)]
pub struct UpdatedBounds {
    block: Vec<Timestamp>,
    from: Vec<Timestamp>,
    /// The latest [`IncidentFacts::latest`] in each block (the API's `page.updated_at`).
    said: Vec<Timestamp>,
}

impl UpdatedBounds {
    pub const BLOCK: usize = 64;

    fn of(facts: &[IncidentFacts]) -> UpdatedBounds {
        let block = facts.chunks(Self::BLOCK).map(Self::latest).collect();
        let said = facts.chunks(Self::BLOCK).map(Self::latest_said).collect();
        let mut bounds = UpdatedBounds {
            block,
            from: Vec::new(),
            said,
        };
        bounds.carry();
        bounds
    }

    /// Bounds of the windows' last changes ([`WindowFacts::updated`]); [`UpdatedBounds::said`]
    /// is not worked out for them.
    fn of_windows(facts: &[WindowFacts]) -> UpdatedBounds {
        let latest = |block: &[WindowFacts]| block.iter().map(|w| w.updated).max().unwrap_or(Timestamp::MIN);
        let mut bounds = UpdatedBounds {
            block: facts.chunks(Self::BLOCK).map(latest).collect(),
            from: Vec::new(),
            said: Vec::new(),
        };
        bounds.carry();
        bounds
    }

    fn latest(facts: &[IncidentFacts]) -> Timestamp {
        facts.iter().map(|f| f.updated).max().unwrap_or(Timestamp::MIN)
    }

    fn latest_said(facts: &[IncidentFacts]) -> Timestamp {
        facts.iter().map(|f| f.latest).max().unwrap_or(Timestamp::MIN)
    }

    /// Each block's bound on itself and every later block.
    fn carry(&mut self) {
        self.from.clone_from(&self.block);
        for b in (1..self.from.len()).rev() {
            self.from[b - 1] = self.from[b - 1].max(self.from[b]);
        }
    }

    /// Worked out again for the blocks of the incidents at `positions` (`facts` patched).
    fn patch(&mut self, facts: &[IncidentFacts], positions: impl Iterator<Item = usize>) -> Option<()> {
        for n in positions {
            let b = n / Self::BLOCK;
            let block = facts.get(b * Self::BLOCK..facts.len().min((b + 1) * Self::BLOCK))?;
            *self.block.get_mut(b)? = Self::latest(block);
            *self.said.get_mut(b)? = Self::latest_said(block);
        }
        self.carry();
        Some(())
    }

    /// No incident in the block of position `n` last changed after this.
    pub fn block(&self, n: usize) -> Timestamp {
        self.block.get(n / Self::BLOCK).copied().unwrap_or(Timestamp::MAX)
    }

    /// No incident in the block of position `n` or a later block last changed after this.
    pub fn from(&self, n: usize) -> Timestamp {
        self.from.get(n / Self::BLOCK).copied().unwrap_or(Timestamp::MAX)
    }

    /// No incident in the block of position `n` says anything later than this (its latest
    /// update, resolution or start: [`IncidentFacts::latest`]).
    pub fn said(&self, n: usize) -> Timestamp {
        self.said.get(n / Self::BLOCK).copied().unwrap_or(Timestamp::MAX)
    }
}

impl KeptFacts {
    /// [`incidents_by_component`], patched from the kept one when loading patched the content it
    /// was worked out from, and kept for the next rebuild (`kept`: `serve`).
    fn get(
        kept: Option<&mut KeptFacts>,
        config: &Config,
        incidents: &[Arc<Incident>],
        (revision, patched): (u64, Option<&crate::content::Patched>),
    ) -> FactsPatch {
        let Some(kept) = kept else {
            return FactsPatch::of(config, incidents);
        };
        let ids_key = ids_key(config);
        let from = patched.filter(|p| kept.of == Some((p.of, ids_key)));
        let patched = from.and_then(|p| kept.patched(config, ids_key, incidents, p));
        let got = patched.unwrap_or_else(|| FactsPatch::of(config, incidents));
        *kept = KeptFacts {
            of: Some((revision, ids_key)),
            facts: Arc::clone(&got.facts),
            bounds: Arc::clone(&got.bounds),
            touching: Arc::clone(&got.touching),
            states: kept.states.take(),
            timelines: kept.timelines.take(),
        };
        got
    }

    /// Component `ci`'s kept state and what it was worked out from, if the last rebuild worked
    /// it out from the same incidents (`touching`, none of them replaced since: `dirty`) and the
    /// same windows (`under_way`): the state itself for the same configuration and `now`
    /// (`keys.0`), the timeline for the same configuration and uptime window's start (`keys.1`).
    fn state(
        &self,
        keys: (u64, u64),
        dirty: Option<&[bool]>,
        ci: usize,
        (touching, under_way): (&[usize], &[StatusSpan]),
    ) -> (Option<Arc<ComponentState>>, Option<Arc<ComponentTimeline>>) {
        let kept = || {
            let (kept_key, states) = self.states.as_ref()?;
            let state = states.get(ci)?;
            let same = !*dirty?.get(ci)? && state.incidents == touching && state.maintenance == under_way;
            same.then_some((*kept_key == keys.0, state))
        };
        let Some((same_now, state)) = kept() else {
            return (None, None);
        };
        let timeline = (self.timelines.as_ref())
            .filter(|(key, _)| *key == keys.1)
            .and_then(|(_, timelines)| timelines.get(ci).cloned());
        (same_now.then(|| Arc::clone(state)), timeline)
    }

    /// The kept lists with the replaced incidents read again; `None` (and the kept lists gone)
    /// if one names a component twice, which the lists would not show the same way.
    fn patched(
        &mut self,
        config: &Config,
        ids_key: u64,
        incidents: &[Arc<Incident>],
        patch: &crate::content::Patched,
    ) -> Option<FactsPatch> {
        let position = positions(config);
        let mut facts = std::mem::take(&mut self.facts);
        let mut touching = std::mem::take(&mut self.touching);
        let lists = Arc::make_mut(&mut touching);
        let mut dirty = vec![false; lists.len()];
        let list = Arc::make_mut(&mut facts);
        let affected = |i: &Incident| {
            let mut at = Vec::new();
            i.affected_positions(ids_key, |id| position.get(id).copied(), |ci| at.push(ci));
            at
        };
        for (n, old) in &patch.replaced {
            let (n, new) = (*n, incidents.get(*n)?);
            *list.get_mut(n)? = IncidentFacts::of(new);
            let (before, after) = (affected(old), affected(new));
            for &ci in before.iter().chain(&after) {
                *dirty.get_mut(ci)? = true;
            }
            if before == after {
                continue;
            }
            let twice = |at: &[usize]| (1..at.len()).any(|k| at[..k].contains(&at[k]));
            if twice(&before) || twice(&after) {
                return None;
            }
            for ci in before {
                let at = lists.get(ci)?.binary_search(&n).ok()?;
                lists[ci].remove(at);
            }
            for ci in after {
                let at = lists.get(ci)?.binary_search(&n).err()?;
                lists[ci].insert(at, n);
            }
        }
        let mut bounds = std::mem::take(&mut self.bounds);
        Arc::make_mut(&mut bounds).patch(&facts, patch.replaced.iter().map(|(n, _)| *n))?;
        Some(FactsPatch {
            touching,
            facts,
            bounds,
            dirty: Some(dirty),
        })
    }
}

/// Each component's state: kept from the last rebuild where nothing it is worked out from changed
/// (`kept`: `serve`; `dirty`: which components the incidents a patched load replaced touch), else
/// worked out afresh; kept for the next rebuild.
fn component_states(
    config: &Config,
    (touching, under_way): (&[Vec<usize>], &[Vec<StatusSpan>]),
    dirty: Option<Vec<bool>>,
    (incidents, facts): (&[Arc<Incident>], &[IncidentFacts]),
    (window, now): (&Window, Timestamp),
    kept: Option<&mut KeptFacts>,
) -> Vec<Arc<ComponentState>> {
    // What every component's state is worked out for besides its incidents and windows (its
    // probes included), and what its timeline is.
    let keys = kept.is_some().then(|| {
        use std::hash::{Hash, Hasher};
        let config = format!("{config:?}");
        let key = |at: &dyn Fn(&mut rustc_hash::FxHasher)| {
            let mut h = rustc_hash::FxHasher::default();
            config.hash(&mut h);
            at(&mut h);
            h.finish()
        };
        (key(&|h| now.hash(h)), key(&|h| window.start().hash(h)))
    });
    let kept_states = kept.as_deref();
    let worked: Vec<(Arc<ComponentState>, Arc<ComponentTimeline>)> = touching
        .into_par_iter()
        .zip(under_way)
        .enumerate()
        .map(|(ci, (touching, under_way))| {
            let lists = (touching.as_slice(), under_way.as_slice());
            let (state, timeline) = kept_states
                .zip(keys)
                .map_or((None, None), |(k, keys)| k.state(keys, dirty.as_deref(), ci, lists));
            let timeline = timeline.unwrap_or_else(|| {
                let id = &config.components[ci].id;
                Arc::new(ComponentTimeline::of(id, lists, incidents, facts, window))
            });
            let state = state.unwrap_or_else(|| {
                let state = component_state(config, ci, lists, incidents, (window, now), &timeline);
                Arc::new(state)
            });
            (state, timeline)
        })
        .collect();
    let (components, timelines): (Vec<_>, Vec<_>) = worked.into_iter().unzip();
    if let (Some(kept), Some((states_key, timelines_key))) = (kept, keys) {
        kept.states = Some((states_key, components.clone()));
        kept.timelines = Some((timelines_key, timelines));
    }
    components
}

/// Indexes into `config.probes` of the probes of component `id`, in configuration order.
fn probes_of(config: &Config, id: &str) -> Vec<usize> {
    let of = |p: &crate::content::measure::Probe| p.component.as_deref() == Some(id);
    config
        .probes
        .iter()
        .enumerate()
        .filter(|(_, p)| of(p))
        .map(|(n, _)| n)
        .collect()
}

/// Each component's position in the configuration, by id.
pub(crate) fn positions(config: &Config) -> rustc_hash::FxHashMap<&str, usize> {
    config
        .components
        .iter()
        .enumerate()
        .map(|(n, c)| (c.id.as_str(), n))
        .collect()
}

/// What the model, keys and lists read of an incident, kept side by side for all of them
/// ([`SiteModel::incident_facts`]): reading these behind each incident's `Arc` in every pass of
/// every `serve` rebuild was most of its time at 100,000 incidents.
#[derive(Clone, Copy, Debug)]
pub struct IncidentFacts {
    pub started: Timestamp,
    pub resolved: Option<Timestamp>,
    /// [`Incident::updated_at`].
    pub updated: Timestamp,
    /// [`Incident::latest_at`].
    pub latest: Timestamp,
    /// [`Incident::fingerprint`].
    pub print: u64,
    /// [`Incident::facts_fingerprint`].
    pub facts: u64,
    /// [`Incident::line_fingerprint`].
    pub line: u64,
    /// [`Incident::slug_hash`].
    pub slug: u64,
}

impl IncidentFacts {
    pub fn of(i: &Incident) -> IncidentFacts {
        IncidentFacts {
            started: i.started,
            resolved: i.resolved,
            updated: i.updated_at(),
            latest: i.latest_at(),
            print: i.fingerprint(),
            facts: i.facts_fingerprint(),
            line: i.line_fingerprint(),
            slug: i.slug_hash(),
        }
    }

    /// Whether it is going on at `now`, as [`Incident::is_ongoing_at`].
    pub fn ongoing_at(&self, now: Timestamp) -> bool {
        self.started <= now && self.resolved.is_none_or(|r| r > now)
    }
}

/// For each component (configuration order), the incidents touching it, newest first; and each
/// incident's [`IncidentFacts`], side by side, for the passes after this one: one read of every
/// incident a rebuild, not one per pass (at 100,000 incidents each read is a cache miss).
fn incidents_by_component(config: &Config, incidents: &[Arc<Incident>]) -> (Vec<Vec<usize>>, Vec<IncidentFacts>) {
    let position = positions(config);
    let ids_key = ids_key(config);
    let mut by_component = vec![Vec::new(); config.components.len()];
    // On all cores, each incident read once: its facts, and the components it touches (a few,
    // kept inline; more, which is rare, in a list of their own).
    let read: Vec<(IncidentFacts, [u16; 4], Vec<usize>)> = incidents
        .par_iter()
        .map(|i| {
            let (mut inline, mut more) = ([u16::MAX; 4], Vec::new());
            let mut k = 0;
            i.affected_positions(
                ids_key,
                |id| position.get(id).copied(),
                |ci| match (inline.get_mut(k), u16::try_from(ci)) {
                    (Some(slot), Ok(ci)) if ci != u16::MAX => {
                        *slot = ci;
                        k += 1;
                    }
                    _ => {
                        k = inline.len();
                        more.push(ci);
                    }
                },
            );
            (IncidentFacts::of(i), inline, more)
        })
        .collect();
    let mut facts = Vec::with_capacity(read.len());
    for (n, (f, inline, more)) in read.into_iter().enumerate() {
        let inline = inline.into_iter().take_while(|&ci| ci != u16::MAX).map(usize::from);
        for ci in inline.chain(more) {
            by_component[ci].push(n);
        }
        facts.push(f);
    }
    (by_component, facts)
}

/// One component's status spans over its whole history up to `now`: every incident of
/// `touching` and every window begun by then (`under_way`, from [`maintenance_by_component`]).
fn component_spans(
    incidents: &[Arc<Incident>],
    touching: &[usize],
    under_way: &[StatusSpan],
    id: &str,
) -> Vec<StatusSpan> {
    let mut spans = Vec::new();
    for &n in touching {
        incident_spans(&incidents[n], id, &mut spans);
    }
    spans.extend_from_slice(under_way);
    spans
}

/// One incident's status spans for one component: from its start, a span per status change that
/// names the component, until it is resolved (or indefinitely while it is open).
fn incident_spans(incident: &Incident, id: &str, out: &mut Vec<StatusSpan>) {
    let end = incident.resolved.map_or(OPEN_END, |r| r.as_millisecond());
    let mut from = incident.started;
    for change in &incident.changes {
        if change.statuses.iter().any(|(c, _)| c == id) {
            out.push(StatusSpan {
                start_ms: from.as_millisecond(),
                end_ms: change.at.as_millisecond(),
                status: incident.status_of_at(id, from),
            });
            from = change.at;
        }
    }
    out.push(StatusSpan {
        start_ms: from.as_millisecond(),
        end_ms: end,
        status: incident.status_of_at(id, from),
    });
}

/// What the model, keys and lists read of a window besides its spans
/// ([`maintenance_by_component`]), kept side by side for all of them
/// ([`SiteModel::window_facts`]).
#[derive(Clone, Copy, Debug)]
pub struct WindowFacts {
    pub scheduled_for: Timestamp,
    pub scheduled_until: Timestamp,
    /// Its notice is out by `now`.
    pub announced: bool,
    /// Scheduled or under way (in progress, verifying) at `now`.
    pub current: bool,
    /// An occurrence of a series.
    pub occurrence: bool,
    /// An occurrence of a series not over by `now`.
    pub next_occurrence: bool,
    /// Its phase at `now`.
    pub state: statusmark_feed::PhaseAt,
    /// Its latest update's time, else its notice's: when a feed says it last changed.
    pub updated: Timestamp,
    /// Its latest notice, update or phase change by `now` (see the API's `page.updated_at`).
    pub changed: Timestamp,
    /// [`Maintenance::fingerprint`].
    pub print: u64,
    /// [`Maintenance::line_fingerprint`].
    pub line: u64,
    /// [`Maintenance::slug_hash`].
    pub slug: u64,
}

impl WindowFacts {
    pub fn of(m: &Maintenance, now: Timestamp) -> WindowFacts {
        let state = m.state_at(now);
        WindowFacts {
            scheduled_for: m.scheduled_for,
            scheduled_until: m.scheduled_until,
            announced: m.announced_at() <= now,
            current: matches!(
                state.phase,
                MaintenancePhase::Scheduled | MaintenancePhase::InProgress | MaintenancePhase::Verifying
            ),
            occurrence: m.occurrence.is_some(),
            next_occurrence: m.occurrence.is_some() && m.scheduled_until > now,
            state,
            updated: m.updates.first().map_or(m.announced_at(), |u| u.at),
            changed: m.changed_by(now),
            print: m.fingerprint(),
            line: m.line_fingerprint(),
            slug: m.slug_hash(),
        }
    }
}

/// For each component (configuration order), the spans during which a window naming it was under
/// way, every one begun by `now`, in window order; and what the model reads of each window
/// besides. One pass over the windows, each read once: at 30,000 windows, a pass per component
/// (and another per list) took `serve` about 15 ms a rebuild.
fn maintenance_by_component(config: &Config, maintenances: &[Arc<Maintenance>], now: Timestamp) -> Windows {
    let now_ms = now.as_millisecond();
    let position = positions(config);
    let read: Vec<_> = maintenances
        .par_iter()
        .map(|m| {
            let facts = (WindowFacts::of(m, now), next_change(m, now_ms));
            let mut named: Vec<usize> = Vec::new();
            for id in &m.components {
                // A window naming a component twice counts once.
                if let Some(&ci) = position.get(id.as_str())
                    && !named.contains(&ci)
                {
                    named.push(ci);
                }
            }
            if named.is_empty() {
                return (facts, named, Vec::new());
            }
            let spans = m
                .under_way_spans()
                .into_iter()
                .filter(|&(start_ms, _)| start_ms <= now_ms)
                .map(|(start_ms, end_ms)| StatusSpan {
                    start_ms,
                    end_ms: end_ms.min(OPEN_END),
                    status: ComponentStatus::UnderMaintenance,
                });
            let spans: Vec<StatusSpan> = spans.collect();
            (facts, named, spans)
        })
        .collect();
    let mut by_component = vec![Vec::new(); config.components.len()];
    let mut announced = vec![Vec::new(); config.components.len()];
    let mut windows = Vec::with_capacity(read.len());
    let mut until = i64::MAX;
    for (n, ((facts, next), named, spans)) in read.into_iter().enumerate() {
        until = until.min(next);
        for &ci in &named {
            by_component[ci].extend_from_slice(&spans);
            if facts.announced {
                announced[ci].push(n);
            }
        }
        windows.push(facts);
    }
    Windows {
        spans: Arc::new(by_component),
        bounds: Arc::new(UpdatedBounds::of_windows(&windows)),
        facts: Arc::new(windows),
        announced: Arc::new(announced),
        until,
    }
}

/// The first instant (in milliseconds) from `now_ms` on at which what the model reads of window
/// `m` at `now` ([`WindowFacts::of`], its spans begun by `now`) can change, `i64::MAX` if none:
/// all of it compares `now` with one of the instants below (`t <= now`, `now >= scheduled_until`),
/// so it is the same at any `now` before the first of them still to come. One in `now_ms` itself
/// counts: the notice and the scheduled end are compared with `now` to the nanosecond.
fn next_change(m: &Maintenance, now_ms: i64) -> i64 {
    let phases = m.changes().iter().map(|&(ms, _)| ms);
    let updates = m.updates.iter().map(|u| u.at.as_millisecond());
    let fixed = [m.announced_at(), m.scheduled_until].map(Timestamp::as_millisecond);
    phases
        .chain(updates)
        .chain(fixed)
        .filter(|&t| t >= now_ms)
        .min()
        .unwrap_or(i64::MAX)
}

/// What [`maintenance_by_component`] reads of the windows.
/// Shared with the kept ones and the model: a rebuild that keeps them copies no list (at 15,000
/// windows, copying them twice was a quarter of the main thread's share of a `serve` rebuild).
#[derive(Clone, Debug)]
struct Windows {
    /// Per component (configuration order), its spans under maintenance.
    spans: Arc<Vec<Vec<StatusSpan>>>,
    /// Per window, in order.
    facts: Arc<Vec<WindowFacts>>,
    /// Per component, the windows naming it announced by `now`, in order.
    announced: Arc<Vec<Vec<usize>>>,
    /// Bounds of the windows' last changes.
    bounds: Arc<UpdatedBounds>,
    /// The first instant from `now`'s millisecond on (in milliseconds) at which any of the above
    /// can change: the earliest of the windows' [`next_change`]s.
    until: i64,
}

/// What a component's state is worked out from that `now` does not move: the incidents that
/// reach into the uptime window, and the timeline of their spans and of its windows' (an open
/// incident's spans run on without end). `serve` keeps it while the window starts at the same
/// instant and the component's incidents and windows are the same ([`KeptFacts::state`]): on
/// the wall clock, reading every incident of every component again was a third of an edit's work
/// at 100,000 incidents.
#[derive(Debug)]
struct ComponentTimeline {
    in_window: Vec<usize>,
    timeline: StatusTimeline,
    /// The last change by the window's start in the component's whole history, worked out when
    /// first asked (see [`component_state`]).
    before: std::sync::OnceLock<Option<i64>>,
}

impl ComponentTimeline {
    fn of(
        id: &str,
        (touching, under_way): (&[usize], &[StatusSpan]),
        incidents: &[Arc<Incident>],
        facts: &[IncidentFacts],
        window: &Window,
    ) -> ComponentTimeline {
        // Only what reaches into the window can change a day shown, or `now`.
        let in_window: Vec<usize> = touching
            .iter()
            .copied()
            .filter(|&n| facts[n].resolved.is_none_or(|r| r.as_millisecond() >= window.start()))
            .collect();
        let mut spans = Vec::new();
        for &n in &in_window {
            incident_spans(&incidents[n], id, &mut spans);
        }
        spans.extend_from_slice(under_way);
        ComponentTimeline {
            in_window,
            timeline: StatusTimeline::from_spans(spans),
            before: std::sync::OnceLock::new(),
        }
    }
}

fn component_state(
    config: &Config,
    ci: usize,
    (touching, under_way): (&[usize], &[StatusSpan]),
    incidents: &[Arc<Incident>],
    (window, now): (&Window, Timestamp),
    t: &ComponentTimeline,
) -> ComponentState {
    let c = &config.components[ci];
    let now_ms = now.as_millisecond();
    let data_from = c
        .start_date
        .and_then(|d| d.to_zoned(config.zone()).ok())
        .map_or(i64::MIN, |z| z.timestamp().as_millisecond());
    let days = t.timeline.days(&window.boundaries, data_from, now_ms);
    let mut day_incidents = vec![Vec::new(); days.len()];
    for &n in &t.in_window {
        let i = &incidents[n];
        let (s, e) = (
            i.started.as_millisecond(),
            i.resolved.map_or(now_ms, |r| r.as_millisecond()),
        );
        for (d, w) in window.boundaries.windows(2).enumerate() {
            if s < w[1] && e >= w[0] {
                day_incidents[d].push(n);
            }
        }
    }
    // The window's timeline is exact after the window's start (what it leaves out had ended by
    // then); a status that has held since before that takes the whole history to its start (no
    // change after it by `now`, or the window's timeline would have it).
    let last_change = |t: &StatusTimeline, by: i64| t.changes().iter().rev().map(|&(ms, _)| ms).find(|&ms| ms <= by);
    let since = match last_change(&t.timeline, now_ms) {
        Some(ms) if ms > window.start() => Some(ms),
        _ => *t.before.get_or_init(|| {
            let spans = component_spans(incidents, touching, under_way, &c.id);
            last_change(&StatusTimeline::from_spans(spans), window.start())
        }),
    }
    .and_then(|ms| Timestamp::from_millisecond(ms).ok());
    ComponentState {
        id: c.id.clone(),
        status: t.timeline.at(now_ms),
        since,
        uptime: UptimeTally::of(&days),
        monthly: monthly(&window.days, &days),
        days,
        day_incidents,
        incidents: touching.to_vec(),
        probes: probes_of(config, &c.id),
        maintenance: under_way.to_vec(),
    }
}

/// Uptime per calendar month, newest first.
fn monthly(dates: &[Date], days: &[UptimeDay]) -> Vec<(Date, UptimeTally)> {
    let mut months: Vec<(Date, Vec<UptimeDay>)> = Vec::new();
    for (day, date) in days.iter().zip(dates) {
        let month = date.first_of_month();
        match months.last_mut() {
            Some((m, days)) if *m == month => days.push(*day),
            _ => months.push((month, vec![*day])),
        }
    }
    months
        .into_iter()
        .rev()
        .map(|(month, days)| (month, UptimeTally::of(&days)))
        .collect()
}

fn groups(config: &Config, components: &[Arc<ComponentState>]) -> Vec<GroupState> {
    let indexed: Vec<(usize, &crate::content::config::Component)> = config.components.iter().enumerate().collect();
    group_by(&indexed, |(_, c)| {
        c.group
            .as_deref()
            .and_then(|g| config.groups.iter().find(|x| x.id == g))
    })
    .into_iter()
    .map(|g| {
        let members: Vec<usize> = g.members.iter().map(|(n, _)| *n).collect();
        GroupState {
            group: g
                .group
                .and_then(|grp| config.groups.iter().position(|x| std::ptr::eq(x, grp))),
            status: roll_up(members.iter().map(|&n| components[n].status)),
            members,
        }
    })
    .collect()
}

/// Maintenance scheduled or under way (in progress, verifying) at `now`, soonest first.
fn current_maintenance(windows: &[WindowFacts]) -> Vec<usize> {
    let mut current: Vec<usize> = (0..windows.len()).filter(|&n| windows[n].current).collect();
    current.sort_by_key(|&n| windows[n].scheduled_for);
    current
}

/// The archive: published incidents at their start, announced maintenance at its window's start,
/// newest first; equal times keep incidents before maintenance, each in list order.
fn history(facts: &[IncidentFacts], windows: &[WindowFacts], published: usize) -> Vec<HistoryEntry> {
    let mut entries: Vec<HistoryEntry> = (published..facts.len())
        .map(|n| HistoryEntry {
            at: facts[n].started,
            item: Item::Incident(n),
        })
        .collect();
    entries.extend(
        windows
            .iter()
            .enumerate()
            .filter(|(_, w)| w.announced)
            .map(|(n, w)| HistoryEntry {
                at: w.scheduled_for,
                item: Item::Maintenance(n),
            }),
    );
    let index = |e: &HistoryEntry| match e.item {
        Item::Incident(n) | Item::Maintenance(n) => n,
    };
    // Stable: full ties keep incidents (pushed first) before maintenance.
    entries.sort_by(|a, b| b.at.cmp(&a.at).then(index(a).cmp(&index(b))));
    entries
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use jiff::SignedDuration;

    /// `serve` keeps what it read of the windows while the clock moves, until the first instant
    /// at which a window can change ([`Windows::until`]). Read a millisecond before, at and after
    /// each instant at which the window below changes (its notice, an early start, its scheduled
    /// start, an update, verifying, its scheduled end, which it overruns, and its completion), and
    /// each at which a window without updates does (its notice, its start and its end by the
    /// clock), then back in time, what is kept is what a fresh read at that instant gives.
    #[test]
    fn windows_kept_as_the_clock_moves_are_windows_read_afresh() {
        let dir = crate::render::testing::fixture_copy("basic");
        std::fs::write(
            dir.path().join("content/maintenance/2026-12-01-overrun.md"),
            "---\ntitle: Overrun\nscheduled_for: 2026-12-01T02:00:00Z\nscheduled_until: 2026-12-01T03:00:00Z\ncomponents: [api]\nannounced: 2026-11-30T09:00:00Z\nauto_complete: false\n---\n\nA long one.\n\n## Completed — 2026-12-01T03:30:00Z\nDone.\n\n## Verifying — 2026-12-01T02:50:00Z\nChecking.\n\n## Update — 2026-12-01T02:20:00Z\nHalfway.\n\n## In progress — 2026-12-01T01:50:00Z\nStarted early.\n",
        )
        .unwrap();
        // And one that the clock starts and completes, without a word.
        std::fs::write(
            dir.path().join("content/maintenance/2026-12-01-quiet.md"),
            "---\ntitle: Quiet\nscheduled_for: 2026-12-01T05:00:00Z\nscheduled_until: 2026-12-01T06:00:00Z\ncomponents: [web]\nannounced: 2026-11-30T10:00:00.0005Z\n---\n\nA short one.\n",
        )
        .unwrap();
        let start: Timestamp = "2026-11-30T00:00:00Z".parse().unwrap();
        let content = crate::content::load(dir.path(), start).unwrap();
        let maintenances = content.windows(start);
        let changes = ["2026-11-30T09:00:00Z", "2026-12-01T01:50:00Z", "2026-12-01T02:00:00Z"]
            .into_iter()
            .chain(["2026-12-01T02:20:00Z", "2026-12-01T02:50:00Z", "2026-12-01T03:00:00Z"])
            .chain(["2026-12-01T03:30:00Z", "2026-11-30T10:00:00Z"])
            .chain(["2026-12-01T05:00:00Z", "2026-12-01T06:00:00Z"])
            .map(|t| t.parse::<Timestamp>().unwrap());
        let mut instants: Vec<Timestamp> = changes
            .flat_map(|t| [-1, 0, 1].map(|ms| t + SignedDuration::from_millis(ms)))
            // Within the millisecond of a notice given to the nanosecond: before it, then after.
            .chain(["2026-11-30T10:00:00.0002Z", "2026-11-30T10:00:00.0008Z"].map(|t| t.parse().unwrap()))
            .collect();
        instants.sort();
        instants.push("2026-11-30T12:00:00Z".parse().unwrap());
        let mut kept = KeptWindows::default();
        let mut reused = 0;
        for now in [start].into_iter().chain(instants) {
            let (windows, _) = KeptWindows::get(Some(&mut kept), &content.config, &maintenances, now);
            let fresh = maintenance_by_component(&content.config, &maintenances, now);
            let read = |w: &Windows| format!("{:?}", (&w.facts, &w.spans, &w.announced, &w.bounds));
            assert_eq!(read(&windows), read(&fresh), "at {now}");
            reused += usize::from(kept.of.as_ref().is_some_and(|(_, _, at)| *at != now));
        }
        assert!(reused >= 7, "the windows were kept between changes ({reused} times)");
    }
}

//! The archive: `history/` (every incident and maintenance by month, newest first) and
//! `components/<id>/` (status, uptime by month, the incidents that touched it). Both paginate with
//! a fixed page size, so no page grows with the history.

use std::hash::{Hash, Hasher};

use minijinja::context;
use statusmark_feed::Impact;

use super::fields::template_fields;
use super::plan::{Group, Key, Planned};
use super::views::{ComponentFeeds, PAGE_SIZE, Pagination, TimeView};
use super::{RenderContext, vars};
use crate::content::{Incident, Maintenance};
use crate::model::{Item, SiteModel};

struct ArchiveItem<'a> {
    kind: &'static str,
    href: String,
    title: &'a str,
    /// The title's language, when it is not the page's (no translation).
    lang: Option<&'static str>,
    label: String,
    impact: &'static str,
    when: TimeView,
    detail: String,
}
template_fields!(ArchiveItem<'_> { kind, href, title, lang, label, impact, when, detail });

struct MonthGroup<'a> {
    month: String,
    items: Vec<ArchiveItem<'a>>,
}
template_fields!(MonthGroup<'_> { month, items });

/// How many history pages are planned as one group.
const HISTORY_GROUP: usize = 64;

/// The archive's pages in groups ([`Group`]): the history's by runs of [`HISTORY_GROUP`] pages,
/// and each component's pages as one. A group is keyed by what its pages list (the lines' inputs
/// in order, as each page's key is), so in `serve` an unchanged group is kept without planning
/// its pages: at N = 100,000, about 15,000 archive pages were planned at every rebuild, each
/// with its path and a way to render it, and checked one by one.
pub fn groups<'r>(cx: &'r RenderContext<'_>) -> Vec<Group<'r>> {
    let model = cx.model;
    // In `serve`, the last rebuild's keys with those the model's delta touches worked out again.
    let keys = match cx.kept {
        Some(kept) => kept.archive(
            &cx.prefix,
            ((model.revision, cx.key(()), model.now), model.delta.as_ref()),
            |keys, delta| keys.patch(model, delta),
            || Keys::of(model),
        ),
        // A build that compares keys without kept views (tests) still keys the lines.
        None if cx.keyed() => Keys::of(model),
        None => Keys::default(),
    };
    let pages = Pagination::new("history/", "", model.history.len());
    let runs = pages.pages.div_ceil(HISTORY_GROUP);
    let mut groups: Vec<Group<'r>> = (0..runs)
        .map(|run| {
            let first = run * HISTORY_GROUP + 1;
            let last = pages.pages.min(first + HISTORY_GROUP - 1);
            let key = cx.key(("history", pages.pages, run, keys.runs.get(run)));
            let paths = Key::of(("history", pages.pages, run));
            Group::new(format!("history#{run}"), (key, paths), last + 1 - first, move || {
                (first..=last).map(|page| history_page(cx, pages, page)).collect()
            })
        })
        .collect();
    groups.extend((0..model.components.len()).map(|ci| {
        // Named by the component's id, which fixes its pages' paths: by its place in the
        // configuration, a component removed before it would have another's pages in its name.
        let id = &model.config.components[ci].id;
        let base = format!("components/{id}/");
        let pages = Pagination::new(&base, "page/", listed(model, ci).len()).pages;
        let lines = keys.components.get(ci);
        let key = cx.key(("component", cx.header_key(ci), pages, lines));
        let paths = Key::of((&base, pages));
        Group::new(format!("components#{id}"), (key, paths), pages, move || {
            component(cx, ci)
        })
    }));
    groups
}

/// What the archive's pages list, for the keys of their groups: each run of history pages' lines
/// and each component's (its published incidents' lines, in order, by chunks of [`CHUNK`]
/// incidents of the model's list), as keys. `serve` keeps them ([`super::KeptViews::archive`])
/// and works out again only the runs, and the chunks of the components, a patched load's
/// incidents are in ([`Keys::patch`]): hashing every line of the archive at every rebuild was a
/// tenth of an edit's CPU at N = 100,000, and every line of a component an edit touches about
/// 5 % (a fiftieth of the incidents, each read at a cache miss).
#[derive(Clone, Debug, Default)]
pub struct Keys {
    /// The history's length and the first published incident they were worked out for.
    of: (usize, usize),
    runs: Vec<Key>,
    /// Per component, the keys of its lines in each chunk (empty ones included).
    components: Vec<Vec<Key>>,
    /// Each incident's place in the history (`u32::MAX`: not in it).
    places: std::sync::Arc<Vec<u32>>,
    /// The windows' facts they were worked out from (the model's list, see [`Keys::patch`]).
    windows: std::sync::Arc<Vec<crate::model::WindowFacts>>,
}

/// How many history entries a run of pages lists.
const PER_RUN: usize = PAGE_SIZE * HISTORY_GROUP;

/// A component's lines are keyed by the incidents at positions `CHUNK * k .. CHUNK * (k + 1)` of
/// the model's list (those a patched load replaces keep their positions, whatever components
/// they touch before and after).
const CHUNK: usize = 1024;

impl Keys {
    fn of(model: &SiteModel) -> Keys {
        let history = &model.history;
        let mut places = vec![u32::MAX; model.incidents.len()];
        for (at, e) in history.iter().enumerate() {
            if let (Item::Incident(n), Ok(at)) = (e.item, u32::try_from(at)) {
                places[n] = at;
            }
        }
        Keys {
            of: (history.len(), model.published),
            runs: (0..history.len().div_ceil(PER_RUN))
                .map(|run| Self::run(model, run))
                .collect(),
            components: (0..model.components.len()).map(|ci| Self::lines(model, ci)).collect(),
            places: std::sync::Arc::new(places),
            windows: std::sync::Arc::clone(&model.window_facts),
        }
    }

    fn run(model: &SiteModel, run: usize) -> Key {
        let history = &model.history;
        let listed = &history[run * PER_RUN..history.len().min((run + 1) * PER_RUN)];
        Key::of(LinesInputs(model, listed, |e| e.item))
    }

    fn lines(model: &SiteModel, ci: usize) -> Vec<Key> {
        let chunks = model.incidents.len().div_ceil(CHUNK);
        (0..chunks).map(|k| Self::chunk(model, ci, k)).collect()
    }

    /// The key of component `ci`'s lines in chunk `k`.
    fn chunk(model: &SiteModel, ci: usize, k: usize) -> Key {
        let listed = listed(model, ci);
        let from = listed.partition_point(|&n| n < k * CHUNK);
        let to = listed.partition_point(|&n| n < (k + 1) * CHUNK);
        Key::of(LinesInputs(model, &listed[from..to], |&n| Item::Incident(n)))
    }

    /// The keys after `delta`, for a history of the same entries (the same length and first
    /// published incident: a patched load keeps every incident's start) and the same windows'
    /// facts (the very list the model shares while no window can have changed, at a later `now`
    /// too: their states and which are announced); `None` if it is not.
    fn patch(&mut self, model: &SiteModel, delta: &crate::model::Delta) -> Option<()> {
        (self.of == (model.history.len(), model.published)).then_some(())?;
        std::sync::Arc::ptr_eq(&self.windows, &model.window_facts).then_some(())?;
        let mut runs: Vec<usize> = Vec::new();
        for &n in &delta.replaced {
            match *self.places.get(n)? {
                u32::MAX => {}
                at => runs.push(at as usize / PER_RUN),
            }
        }
        runs.sort_unstable();
        runs.dedup();
        for run in runs {
            *self.runs.get_mut(run)? = Self::run(model, run);
        }
        let mut chunks: Vec<usize> = delta.replaced.iter().map(|&n| n / CHUNK).collect();
        chunks.sort_unstable();
        chunks.dedup();
        for &ci in &delta.components {
            let keys = self.components.get_mut(ci)?;
            for &k in &chunks {
                *keys.get_mut(k)? = Self::chunk(model, ci, k);
            }
        }
        Some(())
    }
}

/// Component `ci`'s published incidents (they come after the index `published` in its
/// newest-first list).
fn listed(model: &SiteModel, ci: usize) -> &[usize] {
    let all = &model.components[ci].incidents;
    &all[all.partition_point(|&n| n < model.published)..]
}

/// What an archive line shows of an item, for keys.
struct ItemInputs<'a>(&'a SiteModel, Item);

impl Hash for ItemInputs<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        // From the facts the model keeps side by side, not from each item behind its `Arc`.
        match self.1 {
            Item::Incident(n) => self.0.incident_facts[n].line.hash(h),
            Item::Maintenance(n) => {
                let w = &self.0.window_facts[n];
                (w.line, w.state).hash(h);
            }
        }
    }
}

/// What the lines of one archive page show, for keys (see [`ItemInputs`]).
struct LinesInputs<'a, T>(&'a SiteModel, &'a [T], fn(&T) -> Item);

impl<T> Hash for LinesInputs<'_, T> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.1.len().hash(h);
        for item in self.1 {
            ItemInputs(self.0, (self.2)(item)).hash(h);
        }
    }
}

// Archive pages are planned with their path only: the rest (the way to the root, the pager)
// is worked out when a page is rendered. At N = 100,000 there are about 15,000 of them, planned
// at every `serve` rebuild.

fn history_page<'r>(cx: &'r RenderContext<'_>, pages: Pagination<'static>, page: usize) -> Planned<'r> {
    let model = cx.model;
    let listed = pages.page_of(&model.history, page);
    let key = cx.key((pages.pages, LinesInputs(model, listed, |e| e.item)));
    Planned::lazy(pages.file(page), key, move || {
        let (here, root) = pages.path(page);
        let items = listed
            .iter()
            .map(|e| match e.item {
                Item::Incident(n) => incident_item(cx, model.incident(n), &root),
                Item::Maintenance(n) => maintenance_item(cx, model.maintenance(n), &root),
            })
            .collect();
        let ctx = vars! { site => &cx.site, root => &root, page_title => cx.page_title("crumb-history"), months => by_month(cx, items), pager => pages.pager(page) };
        cx.page("history.html", &here, ctx)
    })
}

/// What a component page's header shows, for keys: the status, each bar (its date, colour,
/// incidents' titles, by their lines' fingerprints, and whole minutes of downtime), uptime to
/// two decimals and whether it meets the SLA, and the monthly uptime. Not the raw figures: today's observed time grows with the
/// clock, and a page that shows the same must keep the same key.
/// The same key finds a component's figures kept from the last `serve` rebuild
/// ([`super::KeptViews`]), so it covers everything they are worked out from.
pub(super) struct HeaderInputs<'a>(pub(super) &'a SiteModel, pub(super) usize);

impl Hash for HeaderInputs<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        let model = self.0;
        let state = &model.components[self.1];
        let sla = model.config.components[self.1].sla;
        (
            state.status,
            state.uptime.truncated(2),
            sla.and_then(|s| state.uptime.meets(s)),
        )
            .hash(h);
        for ((day, date), incidents) in state.days.iter().zip(&model.days).zip(&state.day_incidents) {
            (date, day.has_data, day.worst, day.downtime_minutes().round() as i64).hash(h);
            // Each incident's line (its title among the rest), one number read side by side.
            for &n in incidents {
                model.incident_facts[n].line.hash(h);
            }
        }
        for (month, uptime) in &state.monthly {
            (month, uptime.truncated(2)).hash(h);
        }
        // What its probes measured: only this component's probes, so new data for one probe
        // re-renders that probe's component page and no other.
        for &n in &state.probes {
            model.probes[n].hash(h);
        }
    }
}

fn component<'r>(cx: &'r RenderContext<'_>, ci: usize) -> Vec<Planned<'r>> {
    let model = cx.model;
    let c = &model.config.components[ci];
    let listed = listed(model, ci);
    let base: std::sync::Arc<str> = format!("components/{}/", c.id).into();
    let pages = Pagination::new(&base, "page/", listed.len());
    let header = cx.header_key(ci);
    // What every page of the component shows above its list, worked out once for all its pages,
    // when the first of them is rendered.
    let shared = std::sync::Arc::new(std::sync::OnceLock::<Summary>::new());
    (1..=pages.pages)
        .map(|page| {
            let on_page = pages.page_of(listed, page);
            let key = cx.key((header, pages.pages, LinesInputs(model, on_page, |&n| Item::Incident(n))));
            let (shared, base) = (shared.clone(), base.clone());
            Planned::lazy(pages.file(page), key, move || {
                let pages = Pagination::new(&base, "page/", listed.len());
                let (here, root) = pages.path(page);
                let items = pages
                    .page_of(listed, page)
                    .iter()
                    .map(|&n| incident_item(cx, model.incident(n), &root))
                    .collect();
                let summary = shared.get_or_init(|| Summary::of(cx, ci));
                let ctx = vars! {
                    site => &cx.site,
                    root => &root,
                    page_title => &summary.title,
                    component => &summary.component,
                    probes => &summary.probes,
                    monthly => &summary.monthly,
                    uptime_days => model.config.uptime_days,
                    months => by_month(cx, items),
                    pager => pages.pager(page),
                    feed => format!("{root}components/{}/history.atom", c.id),
                    component_feeds => ComponentFeeds { name: &c.name, base: format!("{root}components/{}/", c.id) },
                };
                let shown = match &summary.shown {
                    Shown::Once(shown) => Some(shown.clone()),
                    Shown::Unused => None,
                    Shown::EachPage => Some(minijinja::Value::from_safe_string(cx.render(
                        "component-summary.html",
                        &here,
                        ctx.clone(),
                    )?)),
                };
                let ctx = ctx.with("component_summary", minijinja::Value::from_serialize(&shown));
                cx.page("component.html", &here, ctx)
            })
        })
        .collect()
}

/// What every page of a component shows alike: its title and view, and `component-summary.html`
/// (the uptime bar, the day-by-day list, the probes, the uptime by month).
struct Summary {
    title: minijinja::Value,
    component: minijinja::Value,
    probes: minijinja::Value,
    monthly: minijinja::Value,
    shown: Shown,
}

/// How a component's pages show `component-summary.html`.
enum Shown {
    /// Rendered once for all of them.
    Once(minijinja::Value),
    /// Not at all: the theme's `component.html` does not show `component_summary`.
    Unused,
    /// With each page's own variables: it reads more than the summary's (a theme's
    /// `measured.html` or macros reading `root`, say), or fails, and then fails each page with
    /// the page's error.
    EachPage,
}

impl Summary {
    fn of(cx: &RenderContext<'_>, ci: usize) -> Summary {
        use minijinja::Value;
        let state = &cx.model.components[ci];
        let monthly = state
            .monthly
            .iter()
            .map(|(month, uptime)| (cx.lang.month_year(*month), uptime.shown().map(|u| cx.lang.number(&u))))
            .collect::<Vec<_>>();
        let mut summary = Summary {
            title: Value::from(cx.title_of(&cx.model.config.components[ci].name)),
            component: Value::from_serialize(cx.component(ci)),
            probes: Value::from_serialize(cx.component_probes(ci)),
            monthly: Value::from_serialize(monthly),
            shown: Shown::EachPage,
        };
        let used = cx
            .env
            .get_template("component.html")
            .map_or(true, |t| t.undeclared_variables(false).contains("component_summary"));
        summary.shown = if !used {
            Shown::Unused
        } else {
            summary
                .render(cx)
                .map_or(Shown::EachPage, |s| Shown::Once(Value::from_safe_string(s)))
        };
        summary
    }

    fn render(&self, cx: &RenderContext<'_>) -> Result<String, super::RenderError> {
        let ctx = context! {
            site => &cx.site,
            component => &self.component,
            probes => &self.probes,
            monthly => &self.monthly,
            uptime_days => cx.model.config.uptime_days,
        };
        super::views::render(&cx.env, "component-summary.html", ctx)
    }
}

fn by_month<'a>(cx: &RenderContext<'_>, items: Vec<(jiff::Timestamp, ArchiveItem<'a>)>) -> Vec<MonthGroup<'a>> {
    let mut groups: Vec<MonthGroup<'a>> = Vec::new();
    for (t, item) in items {
        let month = cx.lang.month_year(t.to_zoned(cx.zone.clone()).date());
        match groups.last_mut() {
            Some(g) if g.month == month => g.items.push(item),
            _ => groups.push(MonthGroup {
                month,
                items: vec![item],
            }),
        }
    }
    groups
}

fn incident_item<'a>(cx: &RenderContext<'_>, i: &'a Incident, root: &str) -> (jiff::Timestamp, ArchiveItem<'a>) {
    let lang = cx.lang;
    let detail = || {
        let impact = match i.impact {
            // "No impact", not "No impact impact".
            Impact::None => lang.say("incident-no-impact"),
            level => lang.text("incident-impact", &[("impact", lang.impact(level).into())]),
        };
        match i.resolved {
            Some(r) => {
                let lasted = lang.text(
                    "incident-lasted",
                    &[("duration", lang.duration(r.duration_since(i.started)).into())],
                );
                [impact, lasted].join(" · ")
            }
            None => [impact, lang.say("incident-ongoing")].join(" · "),
        }
    };
    // The same few impacts and durations on thousands of items: remembered by both, the
    // duration in minutes (or -1 while ongoing).
    let minutes = i
        .resolved
        .map_or(-1, |r| r.duration_since(i.started).as_secs().max(0) / 60);
    let detail = match i32::try_from(minutes) {
        Ok(n) => lang.remember("archive-incident-detail", (i.impact as i32, n), detail),
        Err(_) => detail(),
    };
    (
        i.started,
        ArchiveItem {
            kind: "incident",
            href: [root, "incidents/", &i.slug, "/"].concat(),
            title: &i.title,
            lang: cx.untranslated(i.translated.as_ref()),
            label: lang.incident_status(i.status()),
            impact: i.impact.as_str(),
            when: cx.time(i.started),
            detail,
        },
    )
}

fn maintenance_item<'a>(cx: &RenderContext<'_>, m: &'a Maintenance, root: &str) -> (jiff::Timestamp, ArchiveItem<'a>) {
    (
        m.scheduled_for,
        ArchiveItem {
            kind: "maintenance",
            href: [root, "maintenance/", &m.slug, "/"].concat(),
            title: &m.title,
            lang: cx.untranslated(m.translated.as_ref()),
            label: cx.lang.phase_at(m.state_at(cx.model.now)),
            impact: "maintenance",
            when: cx.time(m.scheduled_for),
            detail: cx.lang.say(if m.emergency {
                "maintenance-emergency"
            } else {
                "maintenance-scheduled"
            }),
        },
    )
}

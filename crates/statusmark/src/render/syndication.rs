//! `history.atom` and `history.rss` (Statuspage's paths), and the same per component under
//! `components/<id>/`. One entry per incident and per maintenance — its latest state with the whole
//! timeline as HTML — bounded to the latest `feed_entries` so feeds never grow with history.

use crate::content::text::TextError;
use atom_syndication as atom;
use chrono::{DateTime, FixedOffset, Utc};
use jiff::Timestamp;

use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, PoisonError};

use super::RenderContext;
use super::feed::site_url;
use super::plan::{Key, Planned};
use crate::markdown::to_html;
use crate::model::{Item, SiteModel};

pub fn chrono_time(t: Timestamp) -> DateTime<Utc> {
    DateTime::<Utc>::from_timestamp(t.as_second(), t.subsec_nanosecond().max(0) as u32).unwrap_or_default()
}

fn fixed(t: Timestamp) -> DateTime<FixedOffset> {
    chrono_time(t).fixed_offset()
}

/// One feed entry, format-neutral.
struct Entry {
    id: String,
    title: String,
    link: String,
    published: Timestamp,
    updated: Timestamp,
    html: String,
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A feed candidate: its last change, the path of its page (the order of equal times), and
/// which incident or maintenance it is.
#[derive(Clone, Copy)]
struct Candidate<'m> {
    updated: Timestamp,
    folder: &'static str,
    slug: &'m str,
    which: Item,
}

impl Candidate<'_> {
    /// Newest first; equal times by page address (`<folder>/<slug>/`), compared without building it.
    fn order(&self, other: &Self) -> std::cmp::Ordering {
        other.updated.cmp(&self.updated).then_with(|| {
            let path = |c: &Self| c.folder.bytes().chain(*b"/").chain(c.slug.bytes()).chain(*b"/");
            path(self).cmp(path(other))
        })
    }
}

/// The entries of a feed, for everything or for one component, newest first (by last change) and
/// cut to `feed_entries`; only the kept ones are rendered. `component`: for a component's feed,
/// its index. Choosing compares times and item numbers (the last changes the model keeps side by
/// side, [`SiteModel::incident_facts`] and [`SiteModel::window_facts`]), and reads an item's slug
/// only to order equal times: going through each listed incident itself for every feed (the
/// site's and 48 components' at 100,000 incidents: 300,000 incidents visited) was most of a
/// `serve` rebuild's feed planning. Incidents and windows are passed over by blocks where the
/// model's bounds allow, in a component's lists too: at N = 100,000, visiting each of every
/// component's incidents and each window for every feed was a tenth of an edit's work.
fn candidates(model: &SiteModel, component: Option<usize>) -> Vec<Candidate<'_>> {
    let keep = model.config.feed_entries;
    if keep == 0 {
        return Vec::new();
    }
    let candidate = |(updated, which): (Timestamp, Item)| match which {
        Item::Incident(n) => Candidate {
            updated,
            folder: "incidents",
            slug: &model.incidents[n].slug,
            which,
        },
        Item::Maintenance(n) => Candidate {
            updated,
            folder: "maintenance",
            slug: &model.maintenances[n].slug,
            which,
        },
    };
    let order =
        |a: &(Timestamp, Item), b: &(Timestamp, Item)| b.0.cmp(&a.0).then_with(|| candidate(*a).order(&candidate(*b)));
    let mut picks = Picks {
        picked: Vec::with_capacity(2 * keep),
        floor: None,
        keep,
    };
    let (facts, windows) = (&model.incident_facts, &model.window_facts);
    let incident = |n: usize| Some((facts[n].updated, Item::Incident(n)));
    let window = |n: usize| windows[n].announced.then(|| (windows[n].updated, Item::Maintenance(n)));
    match component {
        Some(ci) => {
            let listed = &model.components[ci].incidents;
            let from = listed.partition_point(|&n| n < model.published);
            let listed = Positions::Listed(&listed[from..]);
            visit(&mut picks, (listed, &model.incident_bounds), incident, &order);
            let announced = Positions::Listed(&model.announced_windows[ci]);
            visit(&mut picks, (announced, &model.window_bounds), window, &order);
        }
        None => {
            let all = Positions::Run(model.published..model.incidents.len());
            visit(&mut picks, (all, &model.incident_bounds), incident, &order);
            let all = Positions::Run(0..windows.len());
            visit(&mut picks, (all, &model.window_bounds), window, &order);
        }
    }
    let mut picked = picks.trim(&order);
    picked.sort_by(order);
    // Feeds are kept until the last is written: sized to what they keep, not to the history
    // (32 MB at 100,000 incidents when each kept room for every candidate).
    picked.into_iter().map(candidate).collect()
}

/// Positions in one of the model's lists, ascending: a run of them, or some listed.
enum Positions<'a> {
    Run(std::ops::Range<usize>),
    Listed(&'a [usize]),
}

impl Positions<'_> {
    /// The `at`-th.
    fn get(&self, at: usize) -> Option<usize> {
        match self {
            Positions::Run(run) => run.start.checked_add(at).filter(|&n| n < run.end),
            Positions::Listed(listed) => listed.get(at).copied(),
        }
    }

    /// The place from `at` on of the first position from `next` on.
    fn seek(&self, at: usize, next: usize) -> usize {
        match self {
            Positions::Run(run) => at.max(next.saturating_sub(run.start)),
            Positions::Listed(listed) => at + listed.get(at..).map_or(0, |rest| rest.partition_point(|&m| m < next)),
        }
    }
}

/// Consider the items at `positions` in the model's list that `bounds` bounds
/// ([`crate::model::UpdatedBounds`]), each as `item` gives it (`None`: not listed). The lists
/// come newest first: once there is a floor, a block of the list changed before it is passed
/// over without reading its items, and the pass stops at the first block after which none
/// changed since.
fn visit(
    picks: &mut Picks,
    (positions, bounds): (Positions<'_>, &crate::model::UpdatedBounds),
    item: impl Fn(usize) -> Option<(Timestamp, Item)>,
    order: Order<'_>,
) {
    let mut at = 0;
    while let Some(n) = positions.get(at) {
        if let Some(f) = picks.floor {
            if bounds.from(n) < f {
                return;
            }
            if bounds.block(n) < f {
                let next = (n / crate::model::UpdatedBounds::BLOCK + 1) * crate::model::UpdatedBounds::BLOCK;
                at = positions.seek(at, next);
                continue;
            }
        }
        if let Some(item) = item(n) {
            picks.consider(item, order);
        }
        at += 1;
    }
}

/// The newest `keep` items seen so far, without a list of every item: whenever twice as many
/// are held, the newest `keep` stay, and from then on an item changed before the last of them
/// (the floor) cannot make it (an equal time can, by its slug).
struct Picks {
    picked: Vec<(Timestamp, Item)>,
    floor: Option<Timestamp>,
    keep: usize,
}

type Order<'a> = &'a dyn Fn(&(Timestamp, Item), &(Timestamp, Item)) -> std::cmp::Ordering;

impl Picks {
    fn consider(&mut self, item: (Timestamp, Item), order: Order<'_>) {
        if self.floor.is_some_and(|f| item.0 < f) {
            return;
        }
        self.picked.push(item);
        if self.picked.len() == 2 * self.keep {
            self.cut(order);
        }
    }

    /// Down to the newest `keep`, the last of which is the floor.
    fn cut(&mut self, order: Order<'_>) {
        if self.keep < self.picked.len() {
            self.picked.select_nth_unstable_by(self.keep - 1, |a, b| order(a, b));
            self.picked.truncate(self.keep);
        }
        self.floor = self.picked.last().map(|p| p.0);
    }

    /// The newest `keep`, in no order.
    fn trim(mut self, order: Order<'_>) -> Vec<(Timestamp, Item)> {
        self.cut(order);
        self.picked
    }
}

/// What an entry shows, for keys: its item whole (by digest), and a maintenance window's phase,
/// which moves with `now`.
struct EntryInputs<'a>(&'a SiteModel, Item);

impl Hash for EntryInputs<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        match self.1 {
            // Each item by the digest of its fields, worked out once: hashing whole incidents for
            // every feed's entries was 6 % of a `serve` rebuild's work besides its main thread.
            Item::Incident(n) => self.0.incident_facts[n].print.hash(h),
            Item::Maintenance(n) => {
                let w = &self.0.window_facts[n];
                (w.print, w.state).hash(h);
            }
        }
    }
}

fn entry(cx: &RenderContext<'_>, c: &Candidate<'_>) -> Result<Entry, TextError> {
    let model = cx.model;
    let (updated, id) = (c.updated, site_url(model, &format!("{}/{}/", c.folder, c.slug)));
    match c.which {
        Item::Incident(n) => {
            let i = &model.incidents[n];
            // Rendered once for the feeds and the incident's page.
            let body = cx.incident_html(n)?;
            let lang = model.config.language;
            let impact = match i.impact {
                // "impact: none", not "impact: No impact".
                statusmark_feed::Impact::None => lang.say("feed-no-impact"),
                level => lang.text("feed-impact", &[("impact", lang.impact(level).into())]),
            };
            let mut html = format!(
                "<p><strong>{}</strong> · {}</p>",
                escape(&lang.incident_status(i.status())),
                escape(&impact)
            );
            html.push_str(&body.summary);
            for (n, u) in i.updates.iter().enumerate() {
                html.push_str(&format!(
                    "<p><strong>{}</strong> — {}</p>",
                    escape(&lang.incident_status(u.status)),
                    super::feed::rfc3339(u.at)
                ));
                html.push_str(&body.updates[n]);
            }
            if let Some(pm) = &body.postmortem {
                html.push_str(&format!("<h2>{}</h2>", escape(&lang.say("incident-postmortem"))));
                html.push_str(pm);
            }
            Ok(Entry {
                link: id.clone(),
                id,
                title: i.title.clone(),
                published: i.started,
                updated,
                html,
            })
        }
        Item::Maintenance(n) => {
            let m = &model.maintenances[n];
            let lang = model.config.language;
            let kind = maintenance_kind(lang, m);
            let window = lang.text(
                "feed-window",
                &[
                    ("from", super::feed::rfc3339(m.scheduled_for).into()),
                    ("to", super::feed::rfc3339(m.scheduled_until).into()),
                ],
            );
            let mut html = format!(
                "<p><strong>{}: {}</strong> · {}</p>",
                escape(&kind),
                escape(&lang.phase_at(m.state_at(model.now))),
                escape(&window)
            );
            html.push_str(&to_html(&m.summary));
            for u in &m.updates {
                html.push_str(&format!(
                    "<p><strong>{}</strong> — {}</p>",
                    escape(&lang.phase(u.as_str())),
                    super::feed::rfc3339(u.at)
                ));
                html.push_str(&to_html(&u.body));
            }
            let published = m.announced_at();
            Ok(Entry {
                link: id.clone(),
                id,
                title: lang.text(
                    "maintenance-titled",
                    &[("kind", kind.into()), ("title", m.title.as_str().into())],
                ),
                published,
                updated,
                html,
            })
        }
    }
}

/// "Maintenance" or "Emergency maintenance", in the site's language.
pub fn maintenance_kind(lang: &crate::i18n::Language, m: &crate::content::Maintenance) -> String {
    lang.say(if m.emergency {
        "maintenance-emergency"
    } else {
        "maintenance-kind"
    })
}

/// Room for a feed of `entries` before it is written: their HTML (`escaped`: as Atom's escaped
/// text, counted half again as long) and each entry's other elements. Growing each feed from nothing,
/// by doubling, and copying it once more into a `String` (`Display`) was 1 % of a build.
fn room(entries: &[&Entry], escaped: bool) -> Vec<u8> {
    let html: usize = entries.iter().map(|e| e.html.len()).sum();
    let html = if escaped { html + html / 2 } else { html };
    Vec::with_capacity(
        1024 + html
            + entries
                .iter()
                .map(|e| 512 + e.title.len() + 2 * e.link.len())
                .sum::<usize>(),
    )
}

fn atom_feed(model: &SiteModel, title: &str, self_path: &str, page_path: &str, entries: &[&Entry]) -> Vec<u8> {
    let updated = entries.first().map_or(model.now, |e| e.updated);
    let feed = atom::FeedBuilder::default()
        .title(title)
        .id(site_url(model, self_path))
        .updated(fixed(updated))
        .links(vec![
            atom::LinkBuilder::default()
                .href(site_url(model, self_path))
                .rel("self")
                .mime_type(Some("application/atom+xml".to_owned()))
                .build(),
            atom::LinkBuilder::default()
                .href(site_url(model, page_path))
                .rel("alternate")
                .mime_type(Some("text/html".to_owned()))
                .build(),
        ])
        .generator(Some(atom::Generator {
            value: "Statusmark".into(),
            uri: None,
            version: None,
        }))
        .entries(
            entries
                .iter()
                .map(|e| {
                    atom::EntryBuilder::default()
                        .title(e.title.as_str())
                        .id(e.id.clone())
                        .updated(fixed(e.updated))
                        .published(Some(fixed(e.published)))
                        .links(vec![
                            atom::LinkBuilder::default()
                                .href(e.link.clone())
                                .rel("alternate")
                                .build(),
                        ])
                        .content(Some(
                            atom::ContentBuilder::default()
                                .value(Some(e.html.clone()))
                                .content_type(Some("html".to_owned()))
                                .build(),
                        ))
                        .build()
                })
                .collect::<Vec<_>>(),
        )
        .build();
    // Writing to memory fails only as `to_string` would, which gives nothing.
    feed.write_to(room(entries, true)).unwrap_or_default()
}

fn rss_feed(model: &SiteModel, title: &str, page_path: &str, entries: &[&Entry]) -> Vec<u8> {
    let channel = rss::ChannelBuilder::default()
        .title(title)
        .link(site_url(model, page_path))
        .description(
            model
                .config
                .language
                .text("feed-description", &[("site", model.config.title.as_str().into())]),
        )
        .last_build_date(Some(chrono_time(model.now).to_rfc2822()))
        .generator(Some("Statusmark".to_owned()))
        .items(
            entries
                .iter()
                .map(|e| {
                    rss::ItemBuilder::default()
                        .title(Some(e.title.clone()))
                        .link(Some(e.link.clone()))
                        .guid(Some(rss::Guid {
                            value: e.id.clone(),
                            permalink: e.id.starts_with("http"),
                        }))
                        .pub_date(Some(chrono_time(e.updated).to_rfc2822()))
                        .description(Some(e.html.clone()))
                        .build()
                })
                .collect::<Vec<_>>(),
        )
        .build();
    channel.write_to(room(entries, false)).unwrap_or_default()
}

/// One feed: its title, the folder it lives in, and its entries.
struct Feed<'m> {
    title: String,
    dir: String,
    entries: Vec<Candidate<'m>>,
}

/// Entries rendered on first use, so each is rendered once however many feeds list it, and
/// dropped after the last feed file that lists it took it: the rendered HTML of every feed's
/// entries is never held all at once.
struct Entries<'r, 'm> {
    items: Vec<Item>,
    slots: Vec<Mutex<Slot>>,
    cx: &'r RenderContext<'m>,
}

/// One entry: rendered (while feed files still need it), and how many feed files have not taken it.
struct Slot {
    entry: Option<Arc<Result<Entry, TextError>>>,
    uses: usize,
}

impl Entries<'_, '_> {
    fn get(&self, c: &Candidate<'_>) -> Option<Arc<Result<Entry, TextError>>> {
        let n = self.items.binary_search(&c.which).ok()?;
        let mut slot = self.slots[n].lock().unwrap_or_else(PoisonError::into_inner);
        // Rendered again if a feed file is rendered more often than planned (never in a build).
        let entry = slot.entry.get_or_insert_with(|| Arc::new(entry(self.cx, c))).clone();
        slot.uses = slot.uses.saturating_sub(1);
        if slot.uses == 0 {
            slot.entry = None;
        }
        Some(entry)
    }
}

/// The site's feeds and every component's (`history.atom`, `history.rss`).
pub fn plan<'r, 'm>(cx: &'r RenderContext<'m>) -> Vec<Planned<'r>> {
    use rayon::prelude::*;
    let model = cx.model;
    let (lang, site) = (model.config.language, model.config.title.as_str());
    let mut feeds = vec![Feed {
        title: lang.text("feed-title", &[("site", site.into())]),
        dir: String::new(),
        entries: candidates(model, None),
    }];
    feeds.par_extend(model.config.components.par_iter().enumerate().map(|(ci, c)| Feed {
        title: lang.text(
            "feed-component-title",
            &[("site", site.into()), ("component", c.name.as_str().into())],
        ),
        dir: format!("components/{}/", c.id),
        entries: candidates(model, Some(ci)),
    }));
    let mut listed: Vec<Item> = feeds.iter().flat_map(|f| f.entries.iter().map(|c| c.which)).collect();
    listed.sort_unstable();
    let mut items: Vec<Item> = Vec::new();
    let mut slots = Vec::new();
    for chunk in listed.chunk_by(|a, b| a == b) {
        items.push(chunk[0]);
        // Each feed is written twice: Atom and RSS.
        slots.push(Mutex::new(Slot {
            entry: None,
            uses: 2 * chunk.len(),
        }));
    }
    // Before any page is rendered (every plan is made first): the incidents whose pages share
    // their HTML. Set once: each context's feeds are planned once.
    let shared = items.iter().filter_map(|item| match item {
        Item::Incident(n) => Some(*n),
        Item::Maintenance(_) => None,
    });
    let _ = cx.bodies.set(super::bodies::SharedBodies::new(shared.collect()));
    let entries = Arc::new(Entries { items, slots, cx });
    let mut plan = Vec::with_capacity(2 * feeds.len());
    // Keys hash each entry's whole incident: on all cores.
    let keys: Vec<_> = feeds
        .par_iter()
        .map(|feed| {
            let inputs: Vec<EntryInputs<'_>> = feed.entries.iter().map(|c| EntryInputs(model, c.which)).collect();
            cx.key((&feed.title, &inputs))
        })
        .collect();
    for (feed, key) in feeds.into_iter().zip(keys) {
        let feed = Arc::new(feed);
        for atom in [true, false] {
            let (feed, entries) = (feed.clone(), entries.clone());
            let path = format!("{}history.{}", feed.dir, if atom { "atom" } else { "rss" });
            let self_path = path.clone();
            plan.push(Planned::lazy(path, key.map(|k| Key::of((k, atom))), move || {
                let taken: Vec<_> = feed.entries.iter().filter_map(|c| entries.get(c)).collect();
                let list = taken
                    .iter()
                    .map(|e| e.as_ref().as_ref().map_err(Clone::clone))
                    .collect::<Result<Vec<&Entry>, _>>()?;
                Ok(if atom {
                    atom_feed(model, &feed.title, &self_path, &feed.dir, &list)
                } else {
                    rss_feed(model, &feed.title, &feed.dir, &list)
                })
            }));
        }
    }
    plan
}

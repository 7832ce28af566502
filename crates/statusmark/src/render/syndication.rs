//! `history.atom` and `history.rss` (Statuspage's paths), and the same per component under
//! `components/<id>/`. One entry per incident and per maintenance — its latest state with the whole
//! timeline as HTML — bounded to the latest `feed_entries` so feeds never grow with history.

use atom_syndication as atom;
use chrono::{DateTime, FixedOffset, Utc};
use jiff::Timestamp;

use super::feed::site_url;
use crate::markdown::to_html;
use crate::model::SiteModel;
use std::collections::HashMap;

use super::Memo;
use crate::writer::{OutputFile, Sink, WriteError};

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
/// which incident (`Ok`) or maintenance (`Err`) it is.
#[derive(Clone, Copy)]
struct Candidate<'m> {
    updated: Timestamp,
    folder: &'static str,
    slug: &'m str,
    which: Result<usize, usize>,
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
/// cut to `feed_entries`. Choosing is linear in the history; only the kept ones are rendered.
fn candidates<'m>(model: &'m SiteModel, component: Option<usize>) -> Vec<Candidate<'m>> {
    let mut picked: Vec<Candidate<'m>> = Vec::new();
    let listed: Box<dyn Iterator<Item = usize>> = match component {
        Some(ci) => Box::new(model.incidents_by_component[ci].iter().copied()),
        None => Box::new(0..model.incidents.len()),
    };
    for n in listed {
        let i = &model.incidents[n];
        if i.started > model.now {
            continue;
        }
        let updated = i
            .updates
            .first()
            .map_or(i.started, |u| u.at)
            .max(i.resolved.unwrap_or(i.started));
        picked.push(Candidate {
            updated,
            folder: "incidents",
            slug: &i.slug,
            which: Ok(n),
        });
    }
    let component = component
        .and_then(|ci| model.config.components.get(ci))
        .map(|c| c.id.as_str());
    for (n, m) in model.maintenances.iter().enumerate() {
        if component.is_some_and(|c| !m.components.iter().any(|id| id == c)) {
            continue;
        }
        let announced = m.announced.unwrap_or(m.scheduled_for).min(m.scheduled_for);
        if announced > model.now {
            continue;
        }
        picked.push(Candidate {
            updated: m.updates.first().map_or(announced, |u| u.at),
            folder: "maintenance",
            slug: &m.slug,
            which: Err(n),
        });
    }
    let keep = model.config.feed_entries;
    if keep < picked.len() {
        if keep == 0 {
            picked.clear();
        } else {
            picked.select_nth_unstable_by(keep - 1, Candidate::order);
            picked.truncate(keep);
        }
    }
    picked.sort_by(Candidate::order);
    picked
}

/// What an entry shows besides its source file: a maintenance window's phase moves with `now`.
fn entry_inputs(model: &SiteModel, c: &Candidate<'_>) -> (u64, &'static str) {
    match c.which {
        Ok(n) => (model.incidents[n].revision, ""),
        Err(n) => {
            let m = &model.maintenances[n];
            (m.revision, m.phase_at(model.now).label())
        }
    }
}

fn entry(model: &SiteModel, c: &Candidate<'_>) -> Entry {
    let (updated, id) = (c.updated, site_url(model, &format!("{}/{}/", c.folder, c.slug)));
    match c.which {
        Ok(n) => {
            let i = &model.incidents[n];
            let mut html = format!(
                "<p><strong>{}</strong> · impact: {}</p>",
                escape(i.status().label()),
                escape(i.impact.label())
            );
            if !i.summary.is_empty() {
                html.push_str(&to_html(&i.summary));
            }
            for u in &i.updates {
                html.push_str(&format!(
                    "<p><strong>{}</strong> — {}</p>",
                    escape(u.status.label()),
                    super::feed::rfc3339(u.at)
                ));
                html.push_str(&to_html(&u.body));
            }
            if let Some(pm) = &i.postmortem {
                html.push_str("<h2>Postmortem</h2>");
                html.push_str(&to_html(pm));
            }
            Entry {
                link: id.clone(),
                id,
                title: i.title.clone(),
                published: i.started,
                updated,
                html,
            }
        }
        Err(n) => {
            let m = &model.maintenances[n];
            let mut html = format!(
                "<p><strong>Maintenance: {}</strong> · {} to {}</p>",
                escape(m.phase_at(model.now).label()),
                super::feed::rfc3339(m.scheduled_for),
                super::feed::rfc3339(m.scheduled_until)
            );
            html.push_str(&to_html(&m.summary));
            for u in &m.updates {
                html.push_str(&format!(
                    "<p><strong>{}</strong> — {}</p>",
                    escape(u.phase.label()),
                    super::feed::rfc3339(u.at)
                ));
                html.push_str(&to_html(&u.body));
            }
            let published = m.announced.unwrap_or(m.scheduled_for).min(m.scheduled_for);
            Entry {
                link: id.clone(),
                id,
                title: format!("Maintenance: {}", m.title),
                published,
                updated,
                html,
            }
        }
    }
}

fn atom_feed(model: &SiteModel, title: &str, self_path: &str, page_path: &str, entries: &[&Entry]) -> String {
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
    feed.to_string()
}

fn rss_feed(model: &SiteModel, title: &str, page_path: &str, entries: &[&Entry]) -> String {
    let channel = rss::ChannelBuilder::default()
        .title(title)
        .link(site_url(model, page_path))
        .description(format!("Incidents and maintenance for {}", model.config.title))
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
    channel.to_string()
}

/// Write the site's feeds and every component's. Each distinct entry is rendered once, however
/// many feeds list it.
pub fn emit(model: &SiteModel, sink: &dyn Sink, memo: &Memo) -> Result<(), WriteError> {
    use rayon::prelude::*;
    // (title, folder, entries)
    let mut feeds = vec![(
        format!("{} status history", model.config.title),
        String::new(),
        candidates(model, None),
    )];
    feeds.par_extend(model.config.components.par_iter().enumerate().map(|(ci, c)| {
        (
            format!("{} — {} status history", model.config.title, c.name),
            format!("components/{}/", c.id),
            candidates(model, Some(ci)),
        )
    }));
    let mut stale = Vec::new();
    for (title, dir, picked) in &feeds {
        let inputs: Vec<(u64, &str)> = picked.iter().map(|c| entry_inputs(model, c)).collect();
        let atom = memo.stale(sink, &format!("{dir}history.atom"), &inputs)?;
        let rss = memo.stale(sink, &format!("{dir}history.rss"), &inputs)?;
        if atom || rss {
            stale.push((title, dir, picked, atom, rss));
        }
    }
    let mut distinct: Vec<&Candidate<'_>> = stale.iter().flat_map(|f| f.2.iter()).collect();
    distinct.sort_by_key(|c| c.which);
    distinct.dedup_by_key(|c| c.which);
    let rendered: HashMap<Result<usize, usize>, Entry> =
        distinct.par_iter().map(|c| (c.which, entry(model, c))).collect();
    stale.par_iter().try_for_each(|(title, dir, picked, atom, rss)| {
        let entries: Vec<&Entry> = picked.iter().filter_map(|c| rendered.get(&c.which)).collect();
        if *atom {
            let path = format!("{dir}history.atom");
            sink.put(OutputFile::new(&path, atom_feed(model, title, &path, dir, &entries)))?;
        }
        if *rss {
            sink.put(OutputFile::new(
                format!("{dir}history.rss"),
                rss_feed(model, title, dir, &entries),
            ))?;
        }
        Ok(())
    })
}

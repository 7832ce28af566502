//! `history.atom` and `history.rss` (Statuspage's paths), and the same per component under
//! `components/<id>/`. One entry per incident and per maintenance — its latest state with the whole
//! timeline as HTML — bounded to the latest `feed_entries` so feeds never grow with history.

use atom_syndication as atom;
use chrono::{DateTime, FixedOffset, Utc};
use jiff::Timestamp;

use super::feed::site_url;
use crate::markdown::to_html;
use crate::model::SiteModel;
use crate::writer::OutputFile;

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

/// Entries newest first (by last change), for everything or for one component. Candidates are
/// chosen and cut to `feed_entries` first; only the kept ones render their Markdown.
fn entries(model: &SiteModel, component: Option<&str>) -> Vec<Entry> {
    // (last change, id for a stable order, incident or maintenance index)
    let mut picked: Vec<(Timestamp, String, Result<usize, usize>)> = Vec::new();
    for (n, i) in model
        .incidents
        .iter()
        .enumerate()
        .filter(|(_, i)| i.started <= model.now)
    {
        if component.is_some_and(|c| !i.components.iter().any(|(id, _)| id == c)) {
            continue;
        }
        let updated = i
            .updates
            .first()
            .map_or(i.started, |u| u.at)
            .max(i.resolved.unwrap_or(i.started));
        picked.push((updated, site_url(model, &format!("incidents/{}/", i.slug)), Ok(n)));
    }
    for (n, m) in model.maintenances.iter().enumerate() {
        if component.is_some_and(|c| !m.components.iter().any(|id| id == c)) {
            continue;
        }
        let announced = m.announced.unwrap_or(m.scheduled_for).min(m.scheduled_for);
        if announced > model.now {
            continue;
        }
        let updated = m.updates.first().map_or(announced, |u| u.at);
        picked.push((updated, site_url(model, &format!("maintenance/{}/", m.slug)), Err(n)));
    }
    picked.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    picked.truncate(model.config.feed_entries);
    picked
        .into_iter()
        .map(|(updated, id, which)| entry(model, updated, id, which))
        .collect()
}

fn entry(model: &SiteModel, updated: Timestamp, id: String, which: Result<usize, usize>) -> Entry {
    match which {
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

fn atom_feed(model: &SiteModel, title: &str, self_path: &str, page_path: &str, entries: &[Entry]) -> String {
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

fn rss_feed(model: &SiteModel, title: &str, page_path: &str, entries: &[Entry]) -> String {
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

pub fn emit(model: &SiteModel) -> Vec<OutputFile> {
    let mut files = Vec::new();
    let all = entries(model, None);
    let title = format!("{} status history", model.config.title);
    files.push(OutputFile::new(
        "history.atom",
        atom_feed(model, &title, "history.atom", "", &all),
    ));
    files.push(OutputFile::new("history.rss", rss_feed(model, &title, "", &all)));
    for c in &model.config.components {
        let es = entries(model, Some(&c.id));
        let title = format!("{} — {} status history", model.config.title, c.name);
        let dir = format!("components/{}/", c.id);
        files.push(OutputFile::new(
            format!("{dir}history.atom"),
            atom_feed(model, &title, &format!("{dir}history.atom"), &dir, &es),
        ));
        files.push(OutputFile::new(
            format!("{dir}history.rss"),
            rss_feed(model, &title, &dir, &es),
        ));
    }
    files
}

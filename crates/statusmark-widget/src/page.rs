//! On a Statusmark site: keep the server-rendered indicators current from `status.json`, so an
//! open tab follows an outage without reloading: the banner, component badges, maintenance
//! phases and active incidents on the home page, and an incident's status and updates on its own
//! page. What it adds has the generator's markup, with text from the feed as text (never as
//! HTML). The static page stays complete without script.

use statusmark_feed::feed::{FeedIncident, FeedIncidentUpdate};
use statusmark_feed::group::roll_up;
use statusmark_feed::{ComponentStatus, Impact, IncidentStatus, Indicator, StatusFeed};
use wasm_bindgen::{JsCast, JsValue};

use crate::{Life, parse_ms, spawn_polling};

/// The site polls a little faster than embedded widgets: it is the page people watch in an outage.
const SITE_POLL_SECS: u32 = 30;

/// Start keeping the page current, if it is a Statusmark page (`<body data-statusmark-page>`).
pub fn boot() {
    crate::report_panics();
    if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body())
        && body.has_attribute("data-statusmark-page")
    {
        take_over(body);
    }
}

pub fn take_over(body: web_sys::HtmlElement) {
    let url = body
        .get_attribute("data-feed")
        .unwrap_or_else(|| "status.json".to_owned());
    let poll = body
        .get_attribute("data-poll")
        .and_then(|p| p.parse().ok())
        .unwrap_or(SITE_POLL_SECS)
        .max(crate::options::MIN_POLL_SECS);
    // The page's own loop runs as long as the page: its `Life` is never stopped.
    let Some(life) = Life::new() else {
        return;
    };
    // The page shows incident timelines: it reads the whole feed.
    let read: crate::json::Reader = statusmark_feed::read_feed;
    spawn_polling(url, poll, life, read, |s| {
        if let Some(feed) = &s.feed {
            apply(feed, s.now_ms, s.failures > 0);
        }
        true
    });
}

fn elements(selector: &str) -> Vec<web_sys::Element> {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return Vec::new();
    };
    let Ok(list) = doc.query_selector_all(selector) else {
        return Vec::new();
    };
    // querySelectorAll only ever returns elements.
    (0..list.length())
        .filter_map(|i| list.item(i).map(JsCast::unchecked_into))
        .collect()
}

/// Change the DOM only where it differs: rewriting identical text creates new text nodes, which
/// the browser paints again (and may count as a later Largest Contentful Paint).
fn set_class(el: &web_sys::Element, class: &str) {
    if el.class_name() != class {
        el.set_class_name(class);
    }
}

fn set_text(el: &web_sys::Element, text: &str) {
    if el.text_content().as_deref() != Some(text) {
        el.set_text_content(Some(text));
    }
}

fn set_status(badge: &web_sys::Element, status: ComponentStatus) {
    set_class(badge, &["st st-", status.as_str()].concat());
    if let Ok(Some(text)) = badge.query_selector(".st-text") {
        set_text(&text, &say2("status-", status.as_str(), status.label()));
    }
}

thread_local! {
    /// The page's own words: the generator puts its language's messages on
    /// `<body data-sm-labels>` (a JSON object by message id) unless the site is in English.
    static LABELS: Option<JsValue> = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
        .and_then(|b| b.get_attribute("data-sm-labels"))
        .and_then(|j| js_sys::JSON::parse(&j).ok());
    /// On a site in several languages: where this language's pages are, relative to the page
    /// (`<body data-sm-pages>`; the feed's links lead to the root's), and the language the feed's
    /// texts are in when it is not the page's (`data-sm-text-lang`).
    static TREE: (Option<String>, Option<String>) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
        .map_or((None, None), |b| (b.get_attribute("data-sm-pages"), b.get_attribute("data-sm-text-lang")));
}

/// Mark an element holding the feed's text with the feed's language, when it is not the page's.
fn mark_text(el: &web_sys::Element) {
    TREE.with(|(_, lang)| {
        if let Some(lang) = lang {
            let _ = el.set_attribute("lang", lang);
        }
    });
}

/// The message `id` in the page's language, else `english`.
fn say(id: &str, english: &str) -> String {
    LABELS
        .with(|l| {
            l.as_ref()
                .and_then(|o| js_sys::Reflect::get(o, &JsValue::from_str(id)).ok())
                .and_then(|v| v.as_string())
        })
        .unwrap_or_else(|| english.to_owned())
}

/// [`say`] for an id made of a prefix and a state (`status-` + `partial_outage`).
fn say2(prefix: &str, name: &str, english: &str) -> String {
    say(&[prefix, name].concat(), english)
}

/// A message's `{name}` placeholders filled. (By `split`, not by slicing: slicing a `str` brings
/// its panic path, with `Debug` formatting, into the wasm: about 4 KB.)
fn fill(pattern: &str, args: &[(&str, &str)]) -> String {
    let mut parts = pattern.split('{');
    let mut out = parts.next().unwrap_or_default().to_owned();
    for part in parts {
        let mut it = part.splitn(2, '}');
        let (name, rest) = (it.next().unwrap_or_default(), it.next());
        match (args.iter().find(|(n, _)| *n == name), rest) {
            (Some((_, value)), Some(rest)) => {
                out.push_str(value);
                out.push_str(rest);
            }
            _ => {
                out.push('{');
                out.push_str(part);
            }
        }
    }
    out
}

/// A length of time as the site writes it: [`statusmark_feed::text::duration`] in English, the
/// page's own units otherwise.
fn duration(secs: i64) -> String {
    let english = statusmark_feed::text::duration(secs);
    if LABELS.with(Option::is_none) {
        return english;
    }
    let mins = secs.max(0) / 60;
    let (d, h, m) = (
        (mins / (24 * 60)).to_string(),
        ((mins / 60) % 24).to_string(),
        (mins % 60).to_string(),
    );
    let (id, args): (&str, &[(&str, &str)]) = match (mins / (24 * 60), (mins / 60) % 24, mins % 60) {
        (0, 0, _) => ("duration-m", &[("m", &m)]),
        (0, _, 0) => ("duration-h", &[("h", &h)]),
        (0, _, _) => ("duration-hm", &[("h", &h), ("m", &m)]),
        _ => ("duration-dh", &[("d", &d), ("h", &h)]),
    };
    fill(&say(id, &english), args)
}

/// Bring the rendered indicators in line with `feed` at the browser's `now`.
pub fn apply(feed: &StatusFeed, now: f64, failing: bool) {
    // Every component's status by the browser's clock, in feed order.
    let statuses: Vec<ComponentStatus> = feed
        .components
        .iter()
        .map(|c| feed.component_status_at(c, now as i64, parse_ms))
        .collect();
    let status_of = |id: &str| feed.components.iter().position(|c| c.id == id).map(|i| statuses[i]);
    let mut shown = Vec::with_capacity(statuses.len());
    for row in elements("[data-sm-component]") {
        let Some(st) = row.get_attribute("data-sm-component").and_then(|id| status_of(&id)) else {
            continue;
        };
        shown.push(st);
        if let Ok(Some(badge)) = row.query_selector("[data-sm-status]") {
            set_status(&badge, st);
        }
    }
    for group in elements("[data-sm-group]") {
        let id = group.get_attribute("data-sm-group").unwrap_or_default();
        let members = feed.components.iter().zip(&statuses);
        let worst = roll_up(
            members
                .filter(|(c, _)| c.group.as_deref() == Some(id.as_str()))
                .map(|(_, s)| *s),
        );
        if let Ok(Some(badge)) = group.query_selector("summary [data-sm-status]") {
            set_status(&badge, worst);
        }
        if worst != ComponentStatus::Operational {
            let _ = group.set_attribute("open", "");
        }
    }
    // Maintenance phases by the browser's clock and the one phase rule: a page built before a
    // window started (or before its end) says where it stands now.
    for tag in elements("[data-sm-maintenance]") {
        let id = tag.get_attribute("data-sm-maintenance").unwrap_or_default();
        if let Some(m) = feed.maintenances.iter().find(|m| m.id == id) {
            let p = m.phase_at(now as i64, parse_ms);
            let id = [
                "phase-",
                p.phase.as_str(),
                if p.overrunning { "-overrunning" } else { "" },
            ]
            .concat();
            set_text(&tag, &say(&id, p.label()));
        }
    }
    // With the upstreams that count in the overall status (`affects_overall`), as the feed says:
    // a new build's snapshot reaches an open page too.
    let indicator = if shown.is_empty() {
        feed.status.indicator
    } else {
        Indicator::from_components(shown.into_iter().chain(feed.counted()))
    };
    for banner in elements("[data-sm-overall]") {
        set_class(&banner, &["banner ind-", indicator.as_str()].concat());
        if banner.get_attribute("data-indicator").as_deref() != Some(indicator.as_str()) {
            let _ = banner.set_attribute("data-indicator", indicator.as_str());
        }
        if let Ok(Some(text)) = banner.query_selector(".banner-text") {
            set_text(&text, &say2("indicator-", indicator.as_str(), indicator.description()));
        }
    }
    if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
        let _ = body.class_list().toggle_with_force("sm-stale", failing);
    }
    if let Some(section) = elements("[data-sm-active]").into_iter().next() {
        active_incidents(&section, feed);
    }
    for article in elements("[data-sm-incident-page]") {
        incident_page(&article, feed);
    }
    let note = out_of_date(feed, now).unwrap_or_default();
    for region in elements("[data-sm-age]") {
        set_text(&region, &note);
    }
}

/// Keep the home page's "Active incidents" in line with the feed: a card whose incident is no
/// longer active, or whose status or latest update changed, goes; an active incident without a
/// card gets one (plain text from the feed: title, status, impact, start, latest update), in the
/// feed's order.
fn active_incidents(section: &web_sys::Element, feed: &StatusFeed) {
    let active: Vec<&FeedIncident> = feed
        .incidents
        .iter()
        .filter(|i| {
            i.resolved_at.is_none() && !matches!(i.status, IncidentStatus::Resolved | IncidentStatus::Postmortem)
        })
        .collect();
    let Ok(list) = section.query_selector_all("[data-sm-incident]") else {
        return;
    };
    let mut cards: Vec<(String, web_sys::Element)> = Vec::new();
    // The headings of cards made again: the page's own title (translated, on a site in several
    // languages) stays, where the feed has the original's.
    let mut headings: Vec<(String, web_sys::Element)> = Vec::new();
    let mut changed = false;
    for card in (0..list.length()).filter_map(|i| list.item(i).map(JsCast::unchecked_into::<web_sys::Element>)) {
        let id = card.get_attribute("data-sm-incident").unwrap_or_default();
        let status = card.get_attribute("data-sm-incident-status").unwrap_or_default();
        if active
            .iter()
            .any(|i| i.id == id && i.status.as_str() == status && shows_latest(&card, i))
        {
            cards.push((id, card));
        } else {
            // Only where the page's title is a translation: elsewhere the feed's is as new.
            if TREE.with(|(_, lang)| lang.is_some())
                && let Ok(Some(h)) = card.query_selector("h3")
            {
                headings.push((id, h));
            }
            card.remove();
            changed = true;
        }
    }
    let Some(doc) = section.owner_document() else {
        return;
    };
    let mut ordered = Vec::with_capacity(active.len());
    for i in &active {
        match cards.iter().position(|(id, _)| *id == i.id) {
            Some(n) => ordered.push(cards.swap_remove(n).1),
            None => {
                if let Some(card) = incident_card(&doc, i) {
                    if let (Some((_, old)), Ok(Some(new))) =
                        (headings.iter().find(|(id, _)| *id == i.id), card.query_selector("h3"))
                    {
                        let _ = card.replace_child(old, &new);
                    }
                    ordered.push(card);
                    changed = true;
                    let latest = i.updates.first().map_or("", |u| u.body.as_str());
                    announce(&[&i.title, ": ", &incident_status(i.status), ". ", latest].concat());
                }
            }
        }
    }
    if changed {
        // In the feed's order (newest first): appending moves a card that is already there.
        for card in &ordered {
            let _ = section.append_child(card);
        }
        if let Some(s) = section.dyn_ref::<web_sys::HtmlElement>() {
            s.set_hidden(ordered.is_empty());
        }
        // The loader's formatter shows the new cards' times in the visitor's zone.
        local_times();
    }
}

/// Whether `card` shows `i`'s latest update: it was made from as many updates as the feed has
/// (`data-sm-update-count`; a new update may carry the same minute as the last one). A feed without
/// updates (an older generator) says nothing either way.
fn shows_latest(card: &web_sys::Element, i: &FeedIncident) -> bool {
    i.updates.is_empty() || card.get_attribute("data-sm-update-count") == Some(i.updates.len().to_string())
}

/// Show every `<time datetime>` in the visitor's zone, with the loader's formatter
/// (`__statusmarkTimes`), after adding some.
fn local_times() {
    if let Ok(f) = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("__statusmarkTimes"))
        && let Some(f) = f.dyn_ref::<js_sys::Function>()
    {
        let _ = f.call0(&JsValue::NULL);
    }
}

/// An element with a class and text (as text: never parsed as HTML); either may be empty.
fn el(doc: &web_sys::Document, tag: &str, class: &str, text: &str) -> Option<web_sys::Element> {
    let e = doc.create_element(tag).ok()?;
    if !class.is_empty() {
        e.set_class_name(class);
    }
    if !text.is_empty() {
        e.set_text_content(Some(text));
    }
    Some(e)
}

/// `<time datetime>` for an RFC 3339 instant; the loader's formatter writes it in the visitor's
/// zone (the instant itself is the text until then, and the title after).
fn time(doc: &web_sys::Document, at: &str) -> Option<web_sys::Element> {
    let t = el(doc, "time", "", at)?;
    let _ = t.set_attribute("datetime", at);
    let _ = t.set_attribute("title", at);
    Some(t)
}

fn incident_card(doc: &web_sys::Document, i: &FeedIncident) -> Option<web_sys::Element> {
    let card = el(
        doc,
        "article",
        &["card incident impact-", i.impact.as_str()].concat(),
        "",
    )?;
    let _ = card.set_attribute("data-sm-incident", &i.id);
    let _ = card.set_attribute("data-sm-incident-status", i.status.as_str());
    let _ = card.set_attribute("data-sm-update-count", &i.updates.len().to_string());
    let h = el(doc, "h3", "", "")?;
    let a = el(doc, "a", "", &i.title)?;
    // The site's own feed, but a link is still only http(s) or relative. In another language's
    // folder, the incident's page in that language.
    let pages = TREE.with(|(pages, _)| pages.clone());
    let href = match pages {
        Some(p) => [p.as_str(), "incidents/", &i.id, "/"].concat(),
        None if i.url.is_empty() || !crate::options::safe_link(&i.url) => ["incidents/", &i.id, "/"].concat(),
        None => i.url.clone(),
    };
    let _ = a.set_attribute("href", &href);
    mark_text(&a);
    let _ = h.append_child(&a);
    let meta = el(doc, "p", "meta", "")?;
    let tag = el(doc, "span", "tag", &incident_status(i.status))?;
    let _ = meta.append_child(&tag);
    let impact = match i.impact {
        // "No impact", not "No impact impact".
        Impact::None => say("incident-no-impact", "No impact"),
        level => fill(
            &say("incident-impact", "{impact} impact"),
            &[("impact", &say2("impact-", level.as_str(), level.label()))],
        ),
    };
    let started = fill(&say("incident-started", "started {time}"), &[("time", "\0")]);
    let (before, after) = started.split_once('\0').unwrap_or((&started, ""));
    let _ = meta.append_with_str_1(&[" · ", &impact, " · ", before].concat());
    let node = time(doc, &i.started_at)?;
    let _ = meta.append_child(&node);
    if !after.is_empty() {
        let _ = meta.append_with_str_1(after);
    }
    let _ = card.append_with_node_2(&h, &meta);
    // As the generator's card: the latest update's status, time and text; else the feed's text.
    let latest = el(doc, "div", "latest", "")?;
    if let Some(u) = i.updates.first() {
        let node = el(doc, "strong", "", &incident_status(u.status))?;
        let _ = latest.append_child(&node);
        let _ = latest.append_with_str_1(" — ");
        let node = time(doc, &u.at)?;
        let _ = latest.append_child(&node);
        if !u.body.is_empty() {
            let node = el(doc, "p", "", &u.body)?;
            mark_text(&node);
            let _ = latest.append_child(&node);
        }
    } else if let Some(text) = i.latest_update.as_deref().filter(|t| !t.is_empty()) {
        let node = el(doc, "p", "", text)?;
        mark_text(&node);
        let _ = latest.append_child(&node);
    }
    if latest.has_child_nodes() {
        let _ = card.append_child(&latest);
    }
    Some(card)
}

/// Keep an incident's own page (`<article data-sm-incident-page>`) in line with the feed while the
/// incident is in it (active or recently resolved): its status, its resolution, and updates that
/// came after the build, added to the timeline in the generator's markup. Updates are matched by
/// time; one edited after the build keeps the text the page was built with.
fn incident_page(article: &web_sys::Element, feed: &StatusFeed) {
    let id = article.get_attribute("data-sm-incident-page").unwrap_or_default();
    let Some(i) = feed.incidents.iter().find(|i| i.id == id) else {
        return;
    };
    let Some(doc) = article.owner_document() else {
        return;
    };
    if let Ok(Some(tag)) = article.query_selector("[data-sm-incident-tag]") {
        set_text(&tag, &incident_status(i.status));
    }
    let mut added = false;
    if let (Some(resolved), Ok(Some(row))) = (&i.resolved_at, article.query_selector("[data-sm-resolved]")) {
        added |= resolution(&doc, &row, i, resolved).is_some();
    }
    if let Ok(Some(section)) = article.query_selector("[data-sm-updates]") {
        added |= timeline(&doc, &section, i);
    }
    if added {
        local_times();
        if let Some(u) = i.updates.first() {
            announce(&[&incident_status(u.status), ": ", &u.body].concat());
        }
    }
}

/// An incident status's word in the page's language.
fn incident_status(s: IncidentStatus) -> String {
    say2("incident-", s.as_str(), s.label())
}

/// Say `text` to screen readers through the page's announcer (`[data-sm-announce]`, a polite live
/// region that is on the page, empty and visible to them, from the first paint: one that appears
/// or is unhidden together with its content is not reliably announced).
fn announce(text: &str) {
    for el in elements("[data-sm-announce]") {
        el.set_text_content(Some(text));
    }
}

/// "Resolved <time> (2 h 5 min)" instead of "Ongoing for …", once; `Some` when it wrote it.
fn resolution(doc: &web_sys::Document, row: &web_sys::Element, i: &FeedIncident, resolved: &str) -> Option<()> {
    let dt = row.query_selector("dt").ok()??;
    let dd = row.query_selector("dd").ok()??;
    let word = say("fact-resolved", "Resolved");
    if dt.text_content().as_deref() == Some(word.as_str()) {
        return None;
    }
    let secs = (parse_ms(resolved)? - parse_ms(&i.started_at)?) / 1000;
    dt.set_text_content(Some(&word));
    dd.set_text_content(None);
    let node = time(doc, resolved)?;
    let _ = dd.append_child(&node);
    let _ = dd.append_with_str_1(&[" (", &duration(secs), ")"].concat());
    Some(())
}

/// Add the feed's updates the timeline does not show yet, each where its time puts it (the list is
/// newest first); true when it added any.
fn timeline(doc: &web_sys::Document, section: &web_sys::Element, i: &FeedIncident) -> bool {
    let Ok(Some(list)) = section.query_selector("ol") else {
        return false;
    };
    let mut added = false;
    // Oldest first. Several updates may carry the same time (minutes): the n-th of a time is
    // shown when the timeline holds at least n items with that time.
    let oldest_first: Vec<(Option<i64>, &FeedIncidentUpdate)> =
        i.updates.iter().rev().map(|u| (parse_ms(&u.at), u)).collect();
    for (n, &(at, u)) in oldest_first.iter().enumerate() {
        let Some(at) = at else {
            continue;
        };
        let same_before = oldest_first[..n].iter().filter(|(t, _)| *t == Some(at)).count();
        let Ok(items) = list.query_selector_all(":scope > li") else {
            return added;
        };
        let shown: Vec<(Option<i64>, web_sys::Element)> = (0..items.length())
            .filter_map(|n| items.item(n).map(JsCast::unchecked_into::<web_sys::Element>))
            .map(|li| {
                let t = li
                    .query_selector("time")
                    .ok()
                    .flatten()
                    .and_then(|t| t.get_attribute("datetime"));
                (t.and_then(|t| parse_ms(&t)), li)
            })
            .collect();
        if shown.iter().filter(|(t, _)| *t == Some(at)).count() > same_before {
            continue;
        }
        let Some(item) = update_item(doc, u) else {
            continue;
        };
        let older = shown
            .iter()
            .find(|(t, _)| t.is_some_and(|t| t < at))
            .map(|(_, li)| li.as_ref());
        added |= list.insert_before(&item, older).is_ok();
    }
    if added && let Some(s) = section.dyn_ref::<web_sys::HtmlElement>() {
        s.set_hidden(false);
    }
    added
}

/// One update as the generator renders it in an incident's timeline (its text as one paragraph).
fn update_item(doc: &web_sys::Document, u: &FeedIncidentUpdate) -> Option<web_sys::Element> {
    let li = el(doc, "li", &["upd upd-", u.status.as_str()].concat(), "")?;
    let meta = el(doc, "p", "meta", "")?;
    let node = time(doc, &u.at)?;
    let _ = meta.append_child(&node);
    let prose = el(doc, "div", "prose", "")?;
    mark_text(&prose);
    if !u.body.is_empty() {
        let node = el(doc, "p", "", &u.body)?;
        let _ = prose.append_child(&node);
    }
    let h = el(doc, "h3", "", &incident_status(u.status))?;
    let _ = li.append_with_node_3(&h, &meta, &prose);
    Some(li)
}

/// "This page may be out of date — last updated 5 hours ago" when the feed is older than the
/// site's `stale_after` by the browser's clock; `None` while it is current or the feed does not
/// say how long it stays current.
pub fn out_of_date(feed: &StatusFeed, now: f64) -> Option<String> {
    let limit = feed.stale_after_seconds? as f64 * 1000.0;
    let age = now - parse_ms(&feed.generated_at)? as f64;
    (age > limit).then(|| match LABELS.with(Option::is_some) {
        true => fill(&say("stale-note", ""), &[("ago", &relative(age))]),
        false => ["This page may be out of date — last updated ", &ago(age), " ago"].concat(),
    })
}

/// An age as the browser says it in the page's language (`Intl.RelativeTimeFormat`: "vor 5
/// Stunden"), in the units [`ago`] picks.
fn relative(ms: f64) -> String {
    let mins = (ms / 60_000.0).floor().max(0.0);
    let (n, unit) = match mins {
        m if m < 120.0 => (m, "minute"),
        m if m < 48.0 * 60.0 => ((m / 60.0).floor(), "hour"),
        m => ((m / (24.0 * 60.0)).floor(), "day"),
    };
    let lang = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .map(|e| e.get_attribute("lang").unwrap_or_default())
        .unwrap_or_default();
    // No `lang` (a theme that drops it): the browser's own language.
    let locales = js_sys::Array::new();
    if !lang.is_empty() {
        locales.push(&JsValue::from_str(&lang));
    }
    String::from(js_sys::Intl::RelativeTimeFormat::new(&locales, &js_sys::Object::new()).format(-n, unit))
}

/// An age in ms, in the largest whole unit: "1 minute", "5 hours", "3 days".
pub fn ago(ms: f64) -> String {
    let mins = (ms / 60_000.0).floor().max(0.0) as u64;
    let (n, unit) = match mins {
        m if m < 120 => (m, "minute"),
        m if m < 48 * 60 => (m / 60, "hour"),
        m => (m / (24 * 60), "day"),
    };
    [n.to_string().as_str(), " ", unit, if n == 1 { "" } else { "s" }].concat()
}

#[cfg(test)]
mod tests {
    use super::ago;

    #[test]
    fn ages_read_in_the_largest_whole_unit() {
        let min = 60_000.0;
        let cases = [
            (0.0, "0 minutes"),
            (min, "1 minute"),
            (119.0 * min, "119 minutes"),
            (120.0 * min, "2 hours"),
            (5.0 * 60.0 * min + 59.0 * min, "5 hours"),
            (48.0 * 60.0 * min, "2 days"),
            (-5.0 * min, "0 minutes"),
        ];
        for (ms, want) in cases {
            assert_eq!(ago(ms), want, "{ms}");
        }
    }
}

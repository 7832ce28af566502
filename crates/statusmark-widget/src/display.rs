//! What a widget shows, worked out from its options and what it knows: plain data, pure and tested
//! natively. The view ([`crate::view`]) only turns a [`Display`] into elements.
//!
//! Every variant has the same shape (a head line and a list of rows), so the view is one static
//! element tree that Leptos patches in place on every poll; that keeps the wasm small and the
//! `aria-live` region stable.

use statusmark_feed::feed::FeedComponent;
use statusmark_feed::group::Grouped;
use statusmark_feed::{ComponentStatus, Indicator, StatusFeed};

use crate::LiveState;
use crate::options::{Options, Variant, safe_link};
use crate::poll::is_stale;

/// A feed generated longer ago than this is shown as stale, when it does not say
/// (`stale_after_seconds`).
pub const STALE_AFTER_MS: f64 = 24.0 * 3600.0 * 1000.0;

/// The browser's services the display needs, passed in so tests can run natively.
pub struct Env<'a> {
    /// RFC 3339 → Unix ms.
    pub parse_ms: &'a dyn Fn(&str) -> Option<i64>,
    /// RFC 3339 → the viewer's local time, in their locale.
    pub local_time: &'a dyn Fn(&str) -> String,
    /// Whether the viewer dismissed the banner with this [`Display::dismiss`] token.
    pub dismissed: &'a dyn Fn(&str) -> bool,
    /// The widget's language's words, by their English (`"Partial Outage"`, `"Last updated "`);
    /// `None`: English, the widget's own. The view says the display's labels through it.
    pub words: &'a dyn Fn(&str) -> Option<String>,
    /// How long ago, in the widget's language ("3 min ago").
    pub ago: &'a dyn Fn(f64) -> String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Display {
    /// Classes of the box (after the theme's): the variant, and `is-stale`; `banner off` for a
    /// banner with nothing to say, which shows nothing.
    pub class: &'static str,
    /// Classes of the head line: `row head ind-…`, `row loading …` or `row unavailable …`.
    pub head_class: &'static str,
    /// Where a click goes (none while loading).
    pub link: Option<String>,
    /// The head line: the overall status, or a banner's incident or maintenance title.
    pub text: String,
    /// A note after the text: `stale` ("Last updated 3 min ago") or `more` ("View status page").
    pub note_class: &'static str,
    pub note: String,
    /// What screen readers hear when it changes: the overall status.
    pub announce: &'static str,
    pub rows: Vec<Row>,
    /// A shown banner's event, for remembering its dismissal: the feed, the incident or
    /// maintenance, and its latest state, so a new event or a new update shows again. Empty for
    /// the other variants.
    pub dismiss: String,
}

/// One line of the list: a group title, a component, an incident or a maintenance window.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// `group`, `comp`, `inc` or `maint`.
    pub class: &'static str,
    /// The component id, for `comp` rows.
    pub component: Option<String>,
    pub name: String,
    /// A safe link, for incident rows.
    pub href: Option<String>,
    /// `st st-<status>` on components (the dot comes from CSS), `tag` on incidents and maintenance.
    pub badge_class: &'static str,
    pub badge: &'static str,
    /// A local time, on maintenance rows.
    pub when: String,
}

/// Where the head links: the `link` option, else the feed's page, else nowhere.
fn link_for(opts: &Options, feed: Option<&StatusFeed>) -> String {
    opts.link
        .clone()
        .unwrap_or_else(|| safe_or_hash(feed.map_or("", |f| &f.page.url)))
}

/// A link from a feed (untrusted): itself when it cannot run script, else `#`.
fn safe_or_hash(url: &str) -> String {
    if !url.is_empty() && safe_link(url) {
        url.to_owned()
    } else {
        "#".to_owned()
    }
}

fn status_class(status: ComponentStatus) -> &'static str {
    match status {
        ComponentStatus::Operational => "st st-operational",
        ComponentStatus::UnderMaintenance => "st st-under_maintenance",
        ComponentStatus::DegradedPerformance => "st st-degraded_performance",
        ComponentStatus::PartialOutage => "st st-partial_outage",
        ComponentStatus::MajorOutage => "st st-major_outage",
        ComponentStatus::Unknown => "st st-unknown",
    }
}

fn head_class(indicator: Indicator) -> &'static str {
    match indicator {
        Indicator::None => "row head ind-none",
        Indicator::Minor => "row head ind-minor",
        Indicator::Major => "row head ind-major",
        Indicator::Critical => "row head ind-critical",
        Indicator::Maintenance => "row head ind-maintenance",
        Indicator::Unknown => "row head ind-unknown",
    }
}

fn component_row(c: &FeedComponent, status: ComponentStatus) -> Row {
    Row {
        class: "comp",
        component: Some(c.id.clone()),
        name: c.name.clone(),
        href: None,
        badge_class: status_class(status),
        badge: status.label(),
        when: String::new(),
    }
}

/// Everything shown, at the browser's `s.now_ms`.
pub fn display(opts: &Options, s: &LiveState, env: &Env) -> Display {
    let Some(feed) = s.feed.as_ref() else {
        let (head_class, text, note_class, note, link) = if s.settled {
            (
                "row unavailable ind-unknown",
                "Status unavailable",
                "more",
                "View status page",
                Some(link_for(opts, None)),
            )
        } else {
            ("row loading ind-unknown", "Loading status…", "", "", None)
        };
        if opts.variant == Variant::Banner {
            return Display::banner_off();
        }
        return Display {
            class: "badge",
            head_class,
            link,
            text: text.to_owned(),
            note_class,
            note: note.to_owned(),
            announce: "",
            rows: Vec::new(),
            dismiss: String::new(),
        };
    };
    let now = s.now_ms as i64;
    // Statuses with the browser clock: maintenance windows start and end on their own.
    let statuses: Vec<ComponentStatus> = feed
        .components
        .iter()
        .map(|c| feed.component_status_at(c, now, env.parse_ms))
        .collect();
    let shown = || {
        feed.components
            .iter()
            .zip(statuses.iter().copied())
            .filter(|(c, _)| opts.shows(&c.id))
    };
    let indicator = if opts.components.is_empty() && feed.components.is_empty() {
        feed.status.indicator
    } else if opts.components.is_empty() {
        // The whole site: the upstreams that count in its status count here too.
        Indicator::from_components(shown().map(|(_, st)| st).chain(feed.counted()))
    } else {
        Indicator::from_components(shown().map(|(_, st)| st))
    };
    if opts.variant == Variant::Banner {
        return banner(opts, feed, indicator, now, env);
    }
    let generated = (env.parse_ms)(&feed.generated_at).map(|g| g as f64);
    // The site's own `stale_after` when its feed says it, else a day.
    let stale_after = feed
        .stale_after_seconds
        .map_or(STALE_AFTER_MS, |secs| secs as f64 * 1000.0);
    let stale = s.failures > 0 || is_stale(s.now_ms, s.last_good_ms, opts.poll_secs, generated, stale_after);
    let age_from = if s.failures > 0 {
        s.last_good_ms
    } else {
        generated.unwrap_or(s.last_good_ms)
    };
    let mut rows = Vec::new();
    match opts.variant {
        Variant::Badge | Variant::Banner => {}
        Variant::Compact => {
            rows.extend(
                shown()
                    .filter(|(_, st)| *st != ComponentStatus::Operational)
                    .map(|(c, st)| component_row(c, st)),
            );
        }
        Variant::Full => {
            for Grouped { group, members } in feed.grouped() {
                let mut members = members.into_iter().filter(|c| opts.shows(&c.id)).peekable();
                if members.peek().is_none() {
                    continue;
                }
                if let Some(g) = group {
                    rows.push(Row {
                        class: "group",
                        component: None,
                        name: g.name.clone(),
                        href: None,
                        badge_class: "",
                        badge: "",
                        when: String::new(),
                    });
                }
                for c in members {
                    let i = feed.components.iter().position(|x| std::ptr::eq(x, c));
                    rows.push(component_row(c, i.map_or(c.status, |i| statuses[i])));
                }
            }
        }
    }
    let affects = |components: &[String]| components.is_empty() || components.iter().any(|c| opts.shows(c));
    if opts.variant != Variant::Badge {
        rows.extend(
            feed.incidents
                .iter()
                .filter(|i| i.resolved_at.is_none() && affects(&i.components))
                .map(|i| Row {
                    class: "inc",
                    component: None,
                    name: i.title.clone(),
                    href: Some(safe_or_hash(&i.url)),
                    badge_class: "tag",
                    badge: i.status.label(),
                    when: String::new(),
                }),
        );
    }
    if opts.variant == Variant::Full {
        rows.extend(
            feed.maintenances
                .iter()
                .filter(|m| affects(&m.components))
                .map(|m| Row {
                    class: "maint",
                    component: None,
                    name: m.title.clone(),
                    href: None,
                    badge_class: "tag",
                    badge: m.phase_at(now, env.parse_ms).label(),
                    when: (env.local_time)(&m.scheduled_for),
                }),
        );
    }
    Display {
        class: match (opts.variant, stale) {
            (Variant::Badge, false) => "badge",
            (Variant::Badge, true) => "badge is-stale",
            (Variant::Compact, false) => "compact",
            (Variant::Compact, true) => "compact is-stale",
            (Variant::Full, false) => "full",
            (Variant::Full, true) => "full is-stale",
            (Variant::Banner, _) => "banner",
        },
        head_class: head_class(indicator),
        link: Some(link_for(opts, Some(feed))),
        text: indicator.description().to_owned(),
        note_class: if stale { "stale" } else { "" },
        note: if stale {
            // Every language puts the age last ("Zuletzt aktualisiert vor 3 Tagen"; a test of
            // the catalogs checks): only the words before it are looked up.
            let before = (env.words)("Last updated ").unwrap_or_else(|| "Last updated ".to_owned());
            [before, (env.ago)(s.now_ms - age_from)].concat()
        } else {
            String::new()
        },
        announce: indicator.description(),
        rows,
        dismiss: String::new(),
    }
}

impl Display {
    /// A banner that shows nothing: all is well, nothing loaded yet, or the viewer dismissed it.
    fn banner_off() -> Display {
        Display {
            class: "banner off",
            head_class: "row head",
            link: None,
            text: String::new(),
            note_class: "",
            note: String::new(),
            announce: "",
            rows: Vec::new(),
            dismiss: String::new(),
        }
    }
}

/// The banner: the first ongoing incident that touches the shown components, else maintenance in
/// progress on them, else the overall status when it is not operational; nothing when all is well.
fn banner(opts: &Options, feed: &StatusFeed, indicator: Indicator, now: i64, env: &Env) -> Display {
    let affects = |components: &[String]| components.is_empty() || components.iter().any(|c| opts.shows(c));
    let incident = feed
        .incidents
        .iter()
        .find(|i| i.resolved_at.is_none() && affects(&i.components))
        .map(|i| {
            let label = i.status.label();
            (
                &*i.title,
                &*i.url,
                label,
                [&*i.id, label, i.latest_update.as_deref().unwrap_or("")],
            )
        });
    let event = incident
        .or_else(|| {
            feed.maintenances
                .iter()
                .filter(|m| affects(&m.components))
                .find_map(|m| {
                    let phase = m.phase_at(now, env.parse_ms);
                    phase.under_way().then(|| {
                        (
                            &*m.title,
                            &*m.url,
                            phase.label(),
                            [&*m.id, phase.label(), &*m.scheduled_until],
                        )
                    })
                })
        })
        .or_else(|| {
            matches!(
                indicator,
                Indicator::Minor | Indicator::Major | Indicator::Critical | Indicator::Maintenance
            )
            .then(|| (indicator.description(), "", "", ["", indicator.description(), ""]))
        });
    let Some((title, url, label, [id, state, update])) = event else {
        return Display::banner_off();
    };
    let dismiss = [&*opts.feed, "\u{1f}", id, "\u{1f}", state, "\u{1f}", update].concat();
    if (env.dismissed)(&dismiss) {
        return Display::banner_off();
    }
    Display {
        class: "banner",
        head_class: head_class(indicator),
        link: Some(if !url.is_empty() && safe_link(url) {
            url.to_owned()
        } else {
            link_for(opts, Some(feed))
        }),
        text: title.to_owned(),
        note_class: "more",
        note: label.to_owned(),
        announce: indicator.description(),
        rows: Vec::new(),
        dismiss,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FEED: &str = r#"{"version": 1, "page": {"name": "P", "url": "https://status.test/"},
      "generated_at": "1000000", "status": {"indicator": "major", "description": "Partial System Outage"},
      "groups": [{"id": "core", "name": "Core"}],
      "components": [{"id": "api", "name": "API", "status": "partial_outage", "group": "core"},
                     {"id": "db", "name": "DB", "status": "operational", "group": "core"},
                     {"id": "web", "name": "Web", "status": "operational"}],
      "incidents": [{"id": "i", "title": "<b>Slow</b>", "impact": "major", "status": "identified",
                     "started_at": "0", "url": "javascript:alert(1)", "components": ["api"]},
                    {"id": "old", "title": "Old", "impact": "minor", "status": "resolved",
                     "started_at": "0", "resolved_at": "1", "components": ["api"]}],
      "maintenances": [{"id": "m", "title": "DB upgrade", "status": "scheduled", "scheduled_for": "2000000",
                        "scheduled_until": "3000000", "components": ["db"]}]}"#;

    fn env() -> Env<'static> {
        Env {
            parse_ms: &|s: &str| s.parse().ok(),
            local_time: &|s: &str| ["at ", s].concat(),
            dismissed: &|_: &str| false,
            words: &|_: &str| None,
            ago: &crate::poll::age_text,
        }
    }

    fn opts(attrs: &[(&str, &str)]) -> Options {
        Options::from_attributes(|k| attrs.iter().find(|(n, _)| *n == k).map(|(_, v)| (*v).to_owned()))
    }

    fn state(now: f64) -> LiveState {
        LiveState {
            feed: Some(statusmark_feed::parse_feed(FEED).unwrap().into()),
            last_good_ms: now,
            failures: 0,
            now_ms: now,
            settled: true,
        }
    }

    fn rows(d: &Display) -> Vec<String> {
        d.rows
            .iter()
            .map(|r| {
                format!("{} {} {} {}", r.class, r.name, r.badge, r.when)
                    .trim()
                    .to_owned()
            })
            .collect()
    }

    #[test]
    fn before_and_after_the_first_fetch_there_is_always_something_to_read() {
        let o = opts(&[("link", "https://status.test/")]);
        let loading = display(&o, &LiveState::default(), &env());
        assert_eq!(
            (loading.text.as_str(), loading.link.as_deref(), loading.announce),
            ("Loading status…", None, "")
        );
        let failed = LiveState {
            settled: true,
            failures: 1,
            ..LiveState::default()
        };
        let d = display(&o, &failed, &env());
        assert_eq!(
            (d.text.as_str(), d.note.as_str()),
            ("Status unavailable", "View status page")
        );
        assert_eq!(d.link.as_deref(), Some("https://status.test/"));
        assert!(d.head_class.contains("unavailable"));
    }

    #[test]
    fn variants_show_more_or_less() {
        let s = state(1_500_000.0);
        let badge = display(&opts(&[("variant", "badge")]), &s, &env());
        assert_eq!(badge.text, "Partial System Outage");
        assert_eq!(badge.head_class, "row head ind-major");
        assert!(badge.rows.is_empty());
        let compact = display(&opts(&[]), &s, &env());
        assert_eq!(
            rows(&compact),
            ["comp API Partial Outage", "inc <b>Slow</b> Identified"]
        );
        let full = display(&opts(&[("variant", "full")]), &s, &env());
        assert_eq!(
            rows(&full),
            [
                "group Core",
                "comp API Partial Outage",
                "comp DB Operational",
                "comp Web Operational",
                "inc <b>Slow</b> Identified",
                "maint DB upgrade Scheduled at 2000000",
            ]
        );
        // A javascript: link from a feed is never clickable.
        assert_eq!(full.rows[4].href.as_deref(), Some("#"));
        assert_eq!(full.rows[1].badge_class, "st st-partial_outage");
    }

    /// #18: the author's stated phases and `auto_complete: false` travel in the feed; by the
    /// browser's clock a window past its end stays in progress, overrunning, until stated done.
    #[test]
    fn stated_phases_beat_the_browser_clock() {
        let feed = FEED.replace(
            r#""components": ["db"]}]}"#,
            r#""components": ["db"], "auto_complete": false,
               "phase_changes": [{"at": "3500000", "phase": "completed"}]}]}"#,
        );
        let at = |now: f64| LiveState {
            feed: Some(statusmark_feed::parse_feed(&feed).unwrap().into()),
            ..state(now)
        };
        let full = opts(&[("variant", "full")]);
        let d = display(&full, &at(3_200_000.0), &env());
        assert!(
            rows(&d).contains(&"comp DB Under Maintenance".to_owned()),
            "{:?}",
            rows(&d)
        );
        assert!(rows(&d).contains(&"maint DB upgrade In progress, overrunning at 2000000".to_owned()));
        let banner = display(
            &opts(&[("variant", "banner"), ("components", "db")]),
            &at(3_200_000.0),
            &env(),
        );
        assert_eq!(banner.text, "DB upgrade");
        assert_eq!(banner.note, "In progress, overrunning");
        let d = display(&full, &at(3_600_000.0), &env());
        assert!(rows(&d).contains(&"comp DB Operational".to_owned()), "{:?}", rows(&d));
        assert!(rows(&d).contains(&"maint DB upgrade Completed at 2000000".to_owned()));
    }

    #[test]
    fn maintenance_starts_by_the_browser_clock() {
        let d = display(&opts(&[("variant", "full")]), &state(2_500_000.0), &env());
        assert!(rows(&d).contains(&"comp DB Under Maintenance".to_owned()));
        assert!(rows(&d).contains(&"maint DB upgrade In progress at 2000000".to_owned()));
        let only_db = display(
            &opts(&[("variant", "badge"), ("components", "db")]),
            &state(2_500_000.0),
            &env(),
        );
        assert_eq!(only_db.text, "Service Under Maintenance");
    }

    #[test]
    fn a_subset_drives_the_indicator_and_the_rows() {
        let d = display(
            &opts(&[("variant", "full"), ("components", "web")]),
            &state(1_500_000.0),
            &env(),
        );
        assert_eq!(d.text, "All Systems Operational");
        assert_eq!(rows(&d), ["comp Web Operational"]);
    }

    #[test]
    fn a_stale_note_is_said_in_the_words_it_is_given() {
        let german = |english: &str| (english == "Last updated ").then(|| "Zuletzt aktualisiert ".to_owned());
        let de = Env {
            words: &german,
            ago: &|_: f64| "vor 3 Tagen".to_owned(),
            ..env()
        };
        // Three days after the feed was made.
        let d = display(&opts(&[]), &state(1_000_000.0 + 3.0 * 86_400_000.0), &de);
        assert_eq!(d.note, "Zuletzt aktualisiert vor 3 Tagen");
        assert_eq!(
            display(&opts(&[]), &state(1_000_000.0 + 3.0 * 86_400_000.0), &env()).note,
            "Last updated 3 d ago"
        );
    }

    fn state_of(feed: &str, now: f64) -> LiveState {
        LiveState {
            feed: Some(statusmark_feed::parse_feed(feed).unwrap().into()),
            ..state(now)
        }
    }

    #[test]
    fn upstreams_count_only_where_the_site_says_and_only_for_the_whole_site() {
        // Everything of ours operational; a depended-on service down.
        let ours_fine = FEED
            .replace(r#""status": "partial_outage""#, r#""status": "operational""#)
            .replace(
                r#""status": "identified""#,
                r#""status": "resolved", "resolved_at": "1""#,
            );
        let with = |affects: bool, status: &str| {
            ours_fine.replacen(
                r#""groups""#,
                &format!(
                    r#""upstreams": [{{"id": "pay", "name": "Pay", "status": "{status}", "stale": false,
                        "affects_overall": {affects}, "components": [], "incidents": []}}], "groups""#
                ),
                1,
            )
        };
        let text =
            |feed: &str, attrs: &[(&str, &str)]| display(&opts(attrs), &state_of(feed, 1_500_000.0), &env()).text;
        assert_eq!(text(&with(false, "major_outage"), &[]), "All Systems Operational");
        assert_eq!(text(&with(true, "major_outage"), &[]), "Major System Outage");
        // Stale (the site shows it as unknown): counts for nothing.
        assert_eq!(text(&with(true, "unknown"), &[]), "All Systems Operational");
        // An embed that shows some components speaks for those only.
        assert_eq!(
            text(&with(true, "major_outage"), &[("components", "web")]),
            "All Systems Operational"
        );
    }

    #[test]
    fn the_site_says_when_its_feed_is_stale() {
        // Generated at 1,000,000 ms; read three hours later.
        let now = 1_000_000.0 + 3.0 * 3_600_000.0;
        let note = |feed: &str| display(&opts(&[]), &state_of(feed, now), &env()).note;
        // Without `stale_after_seconds`: a day.
        assert_eq!(note(FEED), "");
        let two_hours = FEED.replacen(r#""status""#, r#""stale_after_seconds": 7200, "status""#, 1);
        assert_eq!(note(&two_hours), "Last updated 3 h ago");
    }

    #[test]
    fn failures_and_old_feeds_are_marked_stale_with_their_age() {
        let mut s = state(1_500_000.0);
        assert_eq!(
            (d_note(&s), display(&opts(&[]), &s, &env()).class),
            (String::new(), "compact")
        );
        s.failures = 2;
        s.last_good_ms = s.now_ms - 5.0 * 60_000.0;
        assert_eq!(d_note(&s), "Last updated 5 min ago");
        assert_eq!(display(&opts(&[]), &s, &env()).class, "compact is-stale");
        // A feed generated two days ago is stale even when every fetch succeeds.
        let mut s = state(1_000_000.0 + 2.0 * 86_400_000.0);
        s.last_good_ms = s.now_ms;
        assert_eq!(d_note(&s), "Last updated 2 d ago");
    }

    #[test]
    fn a_banner_names_the_incident_or_maintenance_and_nothing_else() {
        let s = state(1_500_000.0);
        // Loading, and all well for the components shown: nothing at all.
        let o = opts(&[("variant", "banner")]);
        assert_eq!(display(&o, &LiveState::default(), &env()), Display::banner_off());
        let web = opts(&[("variant", "banner"), ("components", "web")]);
        assert_eq!(display(&web, &s, &env()).class, "banner off");
        // An incident: its title as text, never markup; a javascript: link from the feed falls
        // back to the status page.
        let d = display(&o, &s, &env());
        assert_eq!(
            (
                d.class,
                d.text.as_str(),
                d.note.as_str(),
                d.link.as_deref(),
                d.rows.len()
            ),
            ("banner", "<b>Slow</b>", "Identified", Some("https://status.test/"), 0)
        );
        assert_eq!(d.head_class, "row head ind-major");
        // Maintenance in progress, when it is what touches the shown components.
        let db = opts(&[("variant", "banner"), ("components", "db")]);
        let d = display(&db, &state(2_500_000.0), &env());
        assert_eq!((d.text.as_str(), d.note.as_str()), ("DB upgrade", "In progress"));
        assert_eq!(
            display(&db, &s, &env()).class,
            "banner off",
            "scheduled is not yet news"
        );
    }

    #[test]
    fn a_dismissed_banner_stays_away_until_the_event_changes() {
        let o = opts(&[("variant", "banner")]);
        let s = state(1_500_000.0);
        let token = display(&o, &s, &env()).dismiss;
        assert!(token.contains('i') && token.starts_with("status.json"));
        let dismissed = Env {
            dismissed: &|t: &str| t == token,
            ..env()
        };
        assert_eq!(display(&o, &s, &dismissed).class, "banner off");
        // A new update to the same incident is a new event.
        let mut updated = (*s.feed.clone().unwrap()).clone();
        updated.incidents[0].latest_update = Some("Fixed the cause; monitoring.".into());
        let s2 = LiveState {
            feed: Some(updated.into()),
            ..s.clone()
        };
        assert_eq!(display(&o, &s2, &dismissed).class, "banner");
    }

    fn d_note(s: &LiveState) -> String {
        display(&opts(&[]), s, &env()).note
    }
}

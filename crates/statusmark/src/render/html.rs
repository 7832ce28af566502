//! HTML pages: the home page, one page per incident and per maintenance window, the widget demo,
//! the favicon and the 404 page, rendered with minijinja from the theme's templates.

use super::vars;

use serde::Serialize;

use super::RenderContext;
use super::plan::{Buckets, Group, Key, Planned, text};
use super::views::{GroupView, IncidentView, MaintenanceView, UpstreamView, render};

pub fn plan<'r>(cx: &'r RenderContext<'_>) -> Vec<Planned<'r>> {
    let model = cx.model;
    let mut plan = vec![home(cx)];
    if cx.assets.paths.widget_loader.is_some() {
        plan.push(widget_demo(cx));
    }
    // Shared by every language, at the root.
    if cx.at_root() {
        plan.push(Planned::ready("favicon.svg", favicon(model.indicator)));
        plan.push(not_found(cx));
    }
    plan
}

/// One page per incident and per maintenance window, and each window's `event.ics`
/// ([`super::calendar::event_files`]). When keys are compared (`serve`) they are planned in
/// groups by a hash of their slugs, which an item keeps when others are added or removed: an
/// edit to one incident plans the pages of its group only. A full build has one group of each,
/// in the model's order.
pub fn pages<'r>(cx: &'r RenderContext<'_>) -> Vec<Group<'r>> {
    use rayon::prelude::*;
    let model = cx.model;
    // Keys from each incident's facts, side by side in the model: its text by digest. An open
    // incident's page says for how long it has been going on (and, with response times shown,
    // whether a running time is overdue yet).
    let timed = |f: &crate::model::IncidentFacts| f.resolved.is_none_or(|r| r > model.now);
    let key = |f: &crate::model::IncidentFacts| (cx.key((f.print, timed(f).then_some(model.now))), f.slug);
    let fresh = || Buckets::of(cx.keyed(), model.incident_facts.par_iter().map(key).collect());
    // In `serve`, the last rebuild's with the keys of the incidents replaced since, and of those
    // whose key held the last rebuild's `now`, set again (see `KeptViews::incident_pages`).
    let buckets = match cx.kept {
        Some(kept) if cx.keyed() => kept.incident_pages(
            &cx.prefix,
            (
                ((model.revision, cx.key(()), model.now), model.delta.as_ref()),
                model.incident_facts.len(),
            ),
            (
                |buckets: &mut Buckets, n| {
                    let (k, slug) = key(model.incident_facts.get(n)?);
                    buckets.set(n, k, slug)
                },
                |n| model.incident_facts.get(n).is_some_and(timed),
            ),
            fresh,
        ),
        _ => fresh(),
    };
    let mut groups = buckets.groups("incidents", move |n, key| incident_page(cx, n, key));
    let fresh = || {
        let keys: Vec<_> = model
            .window_facts
            .par_iter()
            .enumerate()
            .map(|(n, w)| {
                // An occurrence's page lists its series' next occurrences.
                let series = w
                    .occurrence
                    .then(|| model.maintenances[n].occurrence.as_ref())
                    .flatten();
                let next: Vec<u64> = series.map_or_else(Vec::new, |o| {
                    let next = model.next_occurrences(&o.series);
                    next.iter().map(|&n| model.window_facts[n].print).collect()
                });
                (cx.key((w.print, w.state, next)), w.slug)
            })
            .collect();
        Buckets::of(cx.keyed(), keys)
    };
    // In `serve`, the last rebuild's while the windows are the same (see `KeptViews::windows`).
    let buckets = match cx.kept {
        Some(kept) if cx.keyed() => kept.windows((&cx.prefix, "maintenance"), (&model.window_facts, cx.key(())), fresh),
        _ => fresh(),
    };
    groups.extend(buckets.groups("maintenance", move |n, key| maintenance_page(cx, n, key)));
    groups.extend(super::calendar::event_files(cx));
    groups
}

fn incident_page<'r>(cx: &'r RenderContext<'_>, n: usize, key: Option<Key>) -> Planned<'r> {
    let model = cx.model;
    let incident = &model.incidents[n];
    // The page's own path again when it is rendered, not a copy per planned page: at
    // N = 100,000 that was 100,000 strings held through the build.
    let here = move || ["incidents/", &incident.slug, "/index.html"].concat();
    Planned::lazy(here(), key, move || {
        let title = cx.title_of(&incident.title);
        let view = cx.incident_with(incident, super::bodies::owned(cx.incident_html(n)?));
        if cx.builtin_incident
            && let Some(page) = written_incident_page(cx, &here(), &title, &view)
        {
            return Ok(page);
        }
        let ctx = vars! { site => &cx.site, root => "../../", page_title => title, description => &view.summary_plain, incident => view };
        cx.page("incident.html", &here(), ctx)
    })
}

/// The incident page of `view` at `path`, written without interpreting `incident.html`
/// ([`super::views::incident_main`]); `None` when that fails, for the template to tell why.
fn written_incident_page(
    cx: &RenderContext<'_>,
    path: &str,
    title: &str,
    view: &super::views::IncidentView<'_>,
) -> Option<Vec<u8>> {
    let root = "../../";
    // A `head.html` of the site's own sees the page's variables, as `base.html`'s include gives
    // them.
    let head = if cx.builtin_head {
        String::new()
    } else {
        let ctx = vars! { site => &cx.site, root => root, page_title => title, description => &view.summary_plain, incident => view };
        cx.render("head.html", path, ctx).ok()?
    };
    let shell = super::views::incident_main::Shell {
        env: &cx.env,
        chrome: &cx.chrome,
        site: &cx.site,
        root,
        here: path.strip_suffix("index.html").unwrap_or(path),
        page_title: title,
        head: &head,
    };
    super::views::incident_main::write_page(cx.lang, &shell, view).ok()
}

fn maintenance_page<'r>(cx: &'r RenderContext<'_>, n: usize, key: Option<Key>) -> Planned<'r> {
    let model = cx.model;
    let m = &model.maintenances[n];
    let here = move || ["maintenance/", &m.slug, "/index.html"].concat();
    Planned::lazy(here(), key, move || {
        let title = cx.title_of(&m.title);
        let ctx = vars! { site => &cx.site, root => "../../", page_title => title, maintenance => cx.maintenance(m) };
        cx.page("maintenance.html", &here(), ctx)
    })
}

/// The home page shows everything that is happening now: its view (active and recent incidents,
/// maintenance, components with their bars, upstreams) is worked out when it is planned, and its
/// key is that view, so it is rendered again exactly when what it shows changed.
fn home<'r>(cx: &'r RenderContext<'_>) -> Planned<'r> {
    let model = cx.model;
    let incidents = |list: &[usize]| {
        list.iter()
            .map(|&n| {
                let i = &model.incidents[n];
                Ok(cx.incident(i, &i.text()?))
            })
            .collect::<Result<Vec<_>, crate::content::text::TextError>>()
    };
    let (active, recent) = match (incidents(&model.active), incidents(&model.recent)) {
        (Ok(active), Ok(recent)) => (active, recent),
        (Err(e), _) | (_, Err(e)) => return Planned::failed("index.html", e),
    };
    let maintenance: Vec<_> = model
        .current_maintenance
        .iter()
        .map(|&n| cx.maintenance(&model.maintenances[n]))
        .collect();
    let view = Home {
        page_title: &model.config.title,
        indicator: model.indicator.as_str(),
        indicator_text: cx.lang.indicator(model.indicator),
        active,
        maintenance,
        groups: cx.groups(),
        upstreams: cx.upstreams(),
        upstreams_count: model.config.upstreams.iter().any(|u| u.affects_overall),
        recent,
        uptime_days: model.config.uptime_days,
        has_metrics: !model.config.metrics.is_empty(),
    };
    Planned::lazy("index.html", cx.key(&view), move || {
        let ctx = vars! { site => &cx.site, root => "", ..minijinja::Value::from_serialize(&view) };
        cx.page("index.html", "index.html", ctx)
    })
}

/// What the home page shows besides what every page does (`site`, in every key already): its key.
#[derive(Hash, Serialize)]
struct Home<'m> {
    page_title: &'m str,
    indicator: &'static str,
    indicator_text: String,
    active: Vec<IncidentView<'m>>,
    maintenance: Vec<MaintenanceView<'m>>,
    groups: Vec<GroupView<'m>>,
    upstreams: Vec<UpstreamView<'m>>,
    upstreams_count: bool,
    recent: Vec<IncidentView<'m>>,
    uptime_days: u32,
    has_metrics: bool,
}

fn widget_demo<'r>(cx: &'r RenderContext<'_>) -> Planned<'r> {
    let cfg = &cx.model.config;
    Planned::lazy("widget/index.html", cx.key("widget"), move || {
        let subset: Vec<&str> = cfg.components.iter().take(2).map(|c| c.id.as_str()).collect();
        let ctx = vars! {
            site => &cx.site,
            root => "../",
            page_title => cx.page_title("crumb-widget"),
            feed_base => cfg.base_url.as_deref().map_or("https://status.example.com/", |b| b.strip_suffix(cx.prefix.as_str()).unwrap_or(b)),
            subset => subset.join(","),
        };
        cx.page("widget-demo.html", "widget/index.html", ctx)
    })
}

/// A 404 page is served at any depth, so it links from the site's own path (a sub-path on GitHub
/// Pages project sites), taken from base_url.
fn not_found<'r>(cx: &'r RenderContext<'_>) -> Planned<'r> {
    let cfg = &cx.model.config;
    Planned::lazy("404.html", cx.key("404"), move || {
        let site_path = cfg
            .base_url
            .as_deref()
            .and_then(|u| u.split("://").nth(1))
            .and_then(|rest| rest.find('/').map(|i| &rest[i..]))
            .unwrap_or("/");
        let ctx = minijinja::context! { site => &cx.site, root => site_path, page_title => cx.page_title("not-found") };
        text(render(&cx.env, "404.html", ctx))
    })
}

/// A favicon in the colour of the current status, so a pinned tab shows trouble at a glance.
fn favicon(indicator: statusmark_feed::Indicator) -> String {
    use statusmark_feed::Indicator;
    let (fill, glyph) = match indicator {
        Indicator::None | Indicator::Unknown => ("#1a7f37", "M9 16.5l4.5 4.5L23 11.5"),
        Indicator::Minor => ("#9a6700", "M16 9v9M16 22v1"),
        Indicator::Major => ("#bc4c00", "M16 9v9M16 22v1"),
        Indicator::Critical => ("#cf222e", "M11 11l10 10M21 11L11 21"),
        Indicator::Maintenance => ("#0969da", "M10 16h12"),
    };
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 32 32\"><circle cx=\"16\" cy=\"16\" r=\"15\" fill=\"{fill}\"/><path d=\"{glyph}\" stroke=\"#fff\" stroke-width=\"3.5\" stroke-linecap=\"round\" stroke-linejoin=\"round\" fill=\"none\"/></svg>\n"
    );
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every incident page of the fixture sites, in each of their languages and with the page
    /// script, is written without falling back to the template: with the test that compares
    /// the written pages with the template's (`tests/fixture_sites.rs`), that they are the
    /// template's bytes.
    #[test]
    fn every_fixture_incident_page_is_written() {
        let now: jiff::Timestamp = "2026-11-20T12:00:00Z".parse().unwrap();
        let widget = super::super::testing::widget_bundle();
        let mut written = 0;
        for name in ["basic", "bilingual", "german", "reports", "measured"] {
            let dir = super::super::testing::fixture_copy(name);
            let model = crate::model::SiteModel::new(crate::content::load(dir.path(), now).unwrap(), now);
            let theme = crate::theme::Theme::load(dir.path()).unwrap();
            let others = super::super::other_languages(&model).unwrap();
            for m in std::iter::once(&model).chain(&others) {
                let cx = RenderContext::new(m, &theme, &widget, false).unwrap();
                assert!(cx.builtin_incident, "{name}");
                for (n, incident) in m.incidents.iter().enumerate() {
                    let view = cx.incident_with(incident, super::super::bodies::owned(cx.incident_html(n).unwrap()));
                    let path = format!("incidents/{}/index.html", incident.slug);
                    let page = written_incident_page(&cx, &path, &cx.title_of(&incident.title), &view);
                    let page = String::from_utf8(page.unwrap_or_else(|| panic!("{name}: {path}"))).unwrap();
                    assert!(page.contains(" data-statusmark-page "), "{page}");
                    assert_eq!(page.contains("data-sm-pages"), !others.is_empty(), "{page}");
                    written += 1;
                }
            }
        }
        assert!(written >= 15, "{written}");
    }

    /// The built-in theme's incident pages come from [`super::super::views::incident_main`], not
    /// from interpreting `incident.html`; other themes' from the template.
    #[test]
    fn builtin_incident_pages_are_written_and_others_interpreted() {
        let dir = super::super::testing::fixture_copy("basic");
        let now: jiff::Timestamp = "2026-11-20T12:00:00Z".parse().unwrap();
        let model = crate::model::SiteModel::new(crate::content::load(dir.path(), now).unwrap(), now);
        let theme = crate::theme::Theme::load(dir.path()).unwrap();
        let widget = crate::theme::WidgetBundle::default();
        let mut cx = RenderContext::new(&model, &theme, &widget, false).unwrap();
        // What the page would show were `incident.html` interpreted.
        cx.env
            .add_template(
                "incident.html",
                "{% extends \"base.html\" %}{% block main %}interpreted{% endblock %}",
            )
            .unwrap();
        let page = |cx: &RenderContext<'_>| String::from_utf8(incident_page(cx, 0, None).render().unwrap()).unwrap();
        let written = page(&cx);
        assert!(written.contains("<article class=\"incident-page"), "{written}");
        assert!(!written.contains("interpreted"), "{written}");
        assert!(
            written.starts_with("<!doctype html>") && written.ends_with("</html>"),
            "{written}"
        );
        // A `head.html` of the site's own, rendered with the page's variables.
        cx.env
            .add_template(
                "head.html",
                "<meta name=\"own\" content=\"{{ here }} {{ incident.slug }}\">",
            )
            .unwrap();
        cx.builtin_head = false;
        let written = page(&cx);
        let slug = &model.incidents[0].slug;
        assert!(
            written.contains(&format!(
                "<meta name=\"own\" content=\"incidents/{slug}/ {slug}\">\n</head>"
            )),
            "{written}"
        );
        assert!(!written.contains("interpreted"), "{written}");
        // A page that cannot be written (here, a partial that reads what it is not given) is
        // the template's, which tells the error.
        let mut broken = RenderContext::new(&model, &theme, &widget, false).unwrap();
        broken.env.add_template("header.html", "{{ incident.title }}").unwrap();
        let error = incident_page(&broken, 0, None)
            .render()
            .map(|_| ())
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("incident.html") && error.contains("header.html"),
            "{error}"
        );
        cx.builtin_incident = false;
        let interpreted = page(&cx);
        assert!(
            interpreted.contains("interpreted") && !interpreted.contains("<article"),
            "{interpreted}"
        );
    }
}

//! Emitters: each output kind is a function of the [`RenderContext`] (the [`SiteModel`], the
//! theme and the assets) that returns a [`plan::Planned`] per file: its path, a key of exactly its
//! inputs, and a way to render it. Emitters are pure: nothing here touches the disk or knows
//! whether a file is rendered again or kept ([`crate::planner`] decides; [`crate::writer`] writes).
//!
//! Adding an output means adding a module with a `plan` function and listing it in [`plan_site`].

pub mod api;
pub mod archive;
pub mod assets;
pub mod badges;
mod bodies;
pub mod calendar;
pub mod charts;
pub mod crawl;
pub mod feed;
mod fields;
pub mod headers;
pub mod html;
pub mod kept;
mod messages;
pub mod metrics;
pub mod plan;
pub mod reports;
pub mod syndication;
pub mod views;
pub use kept::KeptViews;
pub mod vtimezone;

use std::hash::{Hash, Hasher};

use minijinja::Environment;

use crate::content::Config;
use crate::model::SiteModel;
use crate::theme::{Theme, WidgetBundle};
use plan::{Group, Key, Plan, Planned};

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RenderError {
    #[error(transparent)]
    Text(#[from] crate::content::text::TextError),
    #[error("template {name}: {source}")]
    Template { name: String, source: minijinja::Error },
    #[error("the theme has no {0}")]
    MissingThemeFile(String),
}

/// Everything an emitter reads, prepared once per build.
pub struct RenderContext<'m> {
    pub model: &'m SiteModel,
    pub theme: &'m Theme,
    /// The stylesheet, icons and widget bundles, with the paths pages link to.
    pub assets: assets::Assets,
    /// The theme's templates.
    pub env: Environment<'m>,
    /// The site-wide part of every page (title, links, asset paths, build time): a
    /// [`views::SiteView`], converted once for the thousands of pages that show it.
    pub site: minijinja::Value,
    pub zone: jiff::tz::TimeZone,
    /// The pages' language (`language` in the configuration, or one of `languages`).
    pub lang: &'static crate::i18n::Language,
    /// The content's language: the site's, whose pages are at the root.
    pub source: &'static crate::i18n::Language,
    /// Where this language's pages are: `""` at the root, `"de/"` for another language's folder.
    pub prefix: String,
    /// What every page depends on: the configuration, the theme and the asset paths.
    global: Key,
    /// Whether files get keys: only an incremental build compares them (see [`RenderContext::key`]).
    keyed: bool,
    /// Views kept from the last rebuild (`serve`).
    kept: Option<&'m KeptViews>,
    /// Each component's [`archive::HeaderInputs`] key, worked out once for its pages and views
    /// (empty in a full build, which has no keys).
    headers: Vec<Key>,
    /// The largest page each template has made so far, to start the next one's buffer at that
    /// size ([`RenderContext::page`]).
    sizes: std::sync::Mutex<rustc_hash::FxHashMap<String, usize>>,
    /// The Markdown of the incidents the feeds carry, for their pages and feed entries: set when
    /// the feeds are planned, before any page is rendered.
    bodies: std::sync::OnceLock<bodies::SharedBodies>,
    /// Whether incident pages are the built-in theme's, their `main` block written directly
    /// ([`views::incident_main`]).
    builtin_incident: bool,
    /// Whether `head.html` is the built-in one, which shows nothing.
    builtin_head: bool,
    /// The partials `chrome` has shown ([`views::Chrome`]), for the pages written without a
    /// template as for the others.
    chrome: std::sync::Arc<views::Chrome>,
}

impl<'m> RenderContext<'m> {
    /// `keyed`: whether files get keys (an incremental build); a full build renders everything
    /// and skips hashing their inputs.
    pub fn new(
        model: &'m SiteModel,
        theme: &'m Theme,
        widget: &WidgetBundle,
        keyed: bool,
    ) -> Result<Self, RenderError> {
        Self::with_kept(model, theme, widget, keyed, None)
    }

    /// [`RenderContext::new`] with the views kept from the last rebuild, if any (`serve`).
    fn with_kept(
        model: &'m SiteModel,
        theme: &'m Theme,
        widget: &WidgetBundle,
        keyed: bool,
        kept: Option<&'m KeptViews>,
    ) -> Result<Self, RenderError> {
        let assets = assets::Assets::new(theme, widget, model.config.accent_color.as_deref())?;
        let global = Key::of((ConfigInputs(&model.config), &theme.files, &assets.paths));
        let lang = model.config.language;
        let source = model.config.languages.first().copied().unwrap_or(lang);
        let prefix = if lang.code() == source.code() {
            String::new()
        } else {
            format!("{}/", lang.code())
        };
        let zone = model.config.zone();
        let site = minijinja::Value::from_serialize(views::SiteView::new(model, &assets.paths, &zone));
        let headers = if keyed {
            use rayon::prelude::*;
            (0..model.components.len())
                .into_par_iter()
                .map(|ci| Key::of((global, archive::HeaderInputs(model, ci))))
                .collect()
        } else {
            Vec::new()
        };
        let chrome = std::sync::Arc::new(views::Chrome::default());
        Ok(RenderContext {
            model,
            theme,
            env: match kept {
                Some(kept) => kept.environment(theme, lang, chrome.clone()),
                None => views::page_environment(theme, lang, chrome.clone()),
            },
            chrome,
            assets,
            site,
            zone,
            lang,
            source,
            prefix,
            global,
            keyed,
            kept,
            headers,
            sizes: std::sync::Mutex::default(),
            bodies: std::sync::OnceLock::new(),
            builtin_incident: views::incident_main::applies(theme),
            builtin_head: theme.is_builtin("templates/head.html"),
        })
    }

    /// A page's `<title>`: the catalog's name for the page (`crumb-history`), then the site's.
    pub fn page_title(&self, page_id: &str) -> String {
        self.title_of(&self.lang.say(page_id))
    }

    /// Incident `n`'s Markdown as HTML: rendered once for its page and its feed entry when the
    /// feeds carry it ([`bodies`]).
    fn incident_html(&self, n: usize) -> Result<std::sync::Arc<bodies::BodyHtml>, crate::content::text::TextError> {
        let i = &self.model.incidents[n];
        let make = || i.text().map(|text| bodies::BodyHtml::of(&text, i.updates.len()));
        match self.bodies.get() {
            Some(shared) => shared.get(n, make),
            None => make().map(std::sync::Arc::new),
        }
    }

    /// The `<title>` of a page named `page` (an incident's title, a component's name), then the
    /// site's.
    pub fn title_of(&self, page: &str) -> String {
        self.lang.text(
            "page-title",
            &[("page", page.into()), ("site", self.model.config.title.as_str().into())],
        )
    }

    /// Whether these are the pages at the root (the content's language), where the files every
    /// language shares (assets, the JSON feed, the API, badges) are written.
    pub fn at_root(&self) -> bool {
        self.prefix.is_empty()
    }

    /// Render the page at `path` (relative to this language's folder) with `template`: templates
    /// also see `here`, the page's address within the folder, for links to it in other languages.
    pub fn render(&self, template: &str, path: &str, ctx: Vars) -> Result<String, RenderError> {
        let here = path.strip_suffix("index.html").unwrap_or(path);
        views::render(&self.env, template, with_here(ctx, here))
    }

    /// [`RenderContext::render`] for a page's file: its bytes, written into a buffer as large as
    /// the largest page of the template so far. Growing each page's text from the template's
    /// own size, by doubling, was 1.5 % of a build's instructions at N = 10,000.
    pub fn page(&self, template: &str, path: &str, ctx: Vars) -> Result<Vec<u8>, RenderError> {
        let here = path.strip_suffix("index.html").unwrap_or(path);
        let sizes = || self.sizes.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        // A template's first page starts at 8 KB (an incident page's size at N = 10,000).
        let size = sizes().get(template).copied().unwrap_or(8 * 1024);
        let page = views::render_to(&self.env, template, with_here(ctx, here), size)?;
        if page.len() > size {
            let mut sizes = sizes();
            let largest = sizes.entry(template.to_owned()).or_default();
            *largest = page.len().max(*largest);
        }
        Ok(page)
    }

    /// The key of a file that shows `inputs` besides what every page shows (configuration, theme,
    /// asset paths); `None` when this build compares no keys.
    pub fn key(&self, inputs: impl Hash) -> Option<Key> {
        self.keyed.then(|| Key::of((self.global, inputs)))
    }

    /// The key of what component `ci`'s pages show above their lists (see
    /// [`archive::HeaderInputs`]), the configuration included; `None` in a full build.
    pub fn header_key(&self, ci: usize) -> Option<Key> {
        self.headers.get(ci).copied()
    }

    /// Whether this build compares keys (`serve`).
    pub fn keyed(&self) -> bool {
        self.keyed
    }
}

/// A page's variables, named as in `minijinja::context!`: `vars! { site => &cx.site, root => "../",
/// ..rest }` (a `rest`, a map, answers for names not listed). Rendered with `here` added
/// ([`RenderContext::render`]).
///
/// Not a `context!` map: a page looks up about 50 names (`site`, `incident`, each global such as
/// `chrome` or `t`, which no page variable answers), and a map looks each up through a value made
/// from the name and compared as values; here `here`, then a handful of names compared as
/// strings, then `rest`. Nor a `context! { here, ..ctx }` merge, which looked each name up in
/// both maps (4 % of a build's instructions at N = 10,000; BENCHMARKS.md, "Twentieth sitting").
#[derive(Clone, Debug, Default)]
pub struct Vars {
    named: Vec<(&'static str, minijinja::Value)>,
    rest: Option<minijinja::Value>,
}

/// [`Vars`] from `name => value` pairs (each value serialised as `context!` does), then an
/// optional `..rest`.
macro_rules! vars {
    ($($name:ident => $value:expr,)* ..$rest:expr $(,)?) => {
        $crate::render::Vars::new(
            vec![$((stringify!($name), ::minijinja::Value::from_serialize(&$value))),*],
            Some($rest),
        )
    };
    ($($name:ident => $value:expr),* $(,)?) => {
        $crate::render::Vars::new(
            vec![$((stringify!($name), ::minijinja::Value::from_serialize(&$value))),*],
            None,
        )
    };
}
pub(crate) use vars;

impl Vars {
    pub fn new(named: Vec<(&'static str, minijinja::Value)>, rest: Option<minijinja::Value>) -> Vars {
        Vars { named, rest }
    }

    /// One more variable (shadowing one of the same name).
    pub fn with(mut self, name: &'static str, value: minijinja::Value) -> Vars {
        self.named.retain(|(n, _)| *n != name);
        self.named.push((name, value));
        self
    }
}

/// [`Vars`] and the page's `here`, as the template sees them.
#[derive(Debug)]
struct PageVars {
    here: minijinja::Value,
    vars: Vars,
}

impl minijinja::value::Object for PageVars {
    fn repr(self: &std::sync::Arc<Self>) -> minijinja::value::ObjectRepr {
        minijinja::value::ObjectRepr::Map
    }

    fn get_value(self: &std::sync::Arc<Self>, key: &minijinja::Value) -> Option<minijinja::Value> {
        self.get_value_by_str(key.as_str()?)
    }

    fn get_value_by_str(self: &std::sync::Arc<Self>, key: &str) -> Option<minijinja::Value> {
        if key == "here" {
            return Some(self.here.clone());
        }
        let named = self.vars.named.iter().find(|(name, _)| *name == key);
        let value = match named {
            Some((_, v)) => v.clone(),
            None => self.vars.rest.as_ref()?.get_attr(key).ok()?,
        };
        (!value.is_undefined()).then_some(value)
    }

    fn enumerate(self: &std::sync::Arc<Self>) -> minijinja::value::Enumerator {
        // The names, sorted and once each, as a merged context listed them.
        let mut names: Vec<minijinja::Value> = match &self.vars.rest {
            Some(rest) if rest.kind() == minijinja::value::ValueKind::Map => {
                rest.try_iter().map(Iterator::collect).unwrap_or_default()
            }
            _ => Vec::new(),
        };
        names.extend(self.vars.named.iter().map(|(name, _)| minijinja::Value::from(*name)));
        names.push(minijinja::Value::from("here"));
        names.sort();
        names.dedup();
        minijinja::value::Enumerator::Values(names)
    }
}

fn with_here(vars: Vars, here: &str) -> minijinja::Value {
    minijinja::Value::from_object(PageVars {
        here: minijinja::Value::from(here),
        vars,
    })
}

/// The model in each of the site's other languages (`languages` after the first), in order.
pub fn other_languages(model: &SiteModel) -> Result<Vec<SiteModel>, RenderError> {
    let others = model.config.languages.iter().skip(1);
    Ok(others.map(|l| model.localized(l)).collect::<Result<_, _>>()?)
}

/// A context per language: the root's (`model`), then one per model of [`other_languages`].
/// `kept`: the views kept from the last rebuild, for an incremental build (which has keys).
pub fn contexts<'m>(
    model: &'m SiteModel,
    others: &'m [SiteModel],
    theme: &'m Theme,
    widget: &WidgetBundle,
    kept: Option<&'m KeptViews>,
) -> Result<Vec<RenderContext<'m>>, RenderError> {
    std::iter::once(model)
        .chain(others)
        .map(|m| RenderContext::with_kept(m, theme, widget, kept.is_some(), kept))
        .collect()
}

/// An output kind: the files it would produce.
type Emitter = for<'a> fn(&'a RenderContext<'_>) -> Vec<Planned<'a>>;

/// Every file of a site in one language, in a fixed order: [`plan_sites`]' files planned one by
/// one, then each group's files. (A full build has its groups expanded among the files already,
/// before the sitemap that lists them.)
pub fn plan_site<'r>(cx: &'r RenderContext<'_>) -> Vec<Planned<'r>> {
    let plan = plan_sites(std::slice::from_ref(cx));
    let mut files = plan.files;
    for group in &plan.groups {
        files.extend(group.files());
    }
    files
}

/// What only the root has: files every language shares.
const SHARED: [Emitter; 4] = [assets::plan, feed::plan, api::plan, badges::plan];
/// What every language has, in its own folder (and [`html::pages`] and [`archive::groups`]).
const PER_LANGUAGE: [Emitter; 5] = [
    html::plan,
    metrics::plan,
    syndication::plan,
    calendar::plan,
    reports::plan,
];

/// A language's pages planned in groups: [`html::pages`] and [`archive::groups`].
fn pages<'r>(cx: &'r RenderContext<'_>) -> Vec<Group<'r>> {
    let (mut pages, archive) = rayon::join(|| html::pages(cx), || archive::groups(cx));
    pages.extend(archive);
    pages
}

/// Every file of a site in each of its languages: `cxs[0]` the root's (the content's language),
/// the others each in its folder ([`RenderContext::prefix`]), in a fixed order. The incident and
/// maintenance pages, each window's `event.ics` and the archive are in [`Plan::groups`] when keys are
/// compared, else among the files.
pub fn plan_sites<'r>(cxs: &'r [RenderContext<'_>]) -> Plan<'r> {
    use rayon::prelude::*;
    if cxs.is_empty() {
        return Plan::default();
    }
    // Every emitter of every language runs at once (each only reads the model); their plans are
    // then put together in the order the site has always been planned in: assets first, the
    // root's pages, the shared feeds, then each other language's pages.
    let mut jobs: Vec<(usize, Emitter)> = vec![(0, SHARED[0])];
    jobs.extend(PER_LANGUAGE.iter().map(|&emit| (0, emit)));
    jobs.extend(SHARED[1..].iter().map(|&emit| (0, emit)));
    for n in 1..cxs.len() {
        jobs.extend(PER_LANGUAGE.iter().map(|&emit| (n, emit)));
    }
    let (planned, pages): (Vec<Vec<Planned<'r>>>, Vec<Vec<Group<'r>>>) = rayon::join(
        || jobs.par_iter().map(|&(n, emit)| emit(&cxs[n])).collect(),
        || cxs.par_iter().map(pages).collect(),
    );
    // The plan is held until the last file is written: sized once, not doubled as it grows
    // (16 MB at 100,000 incidents), with room for the sitemaps and `_headers`.
    let grouped = |groups: &[Group<'r>]| -> usize { groups.iter().map(|g| g.len).sum() };
    let inline: usize = cxs
        .iter()
        .zip(&pages)
        .filter(|(cx, _)| !cx.keyed)
        .map(|(_, groups)| grouped(groups))
        .sum();
    let files = planned.iter().map(Vec::len).sum::<usize>() + inline;
    let mut plan = Plan {
        files: Vec::with_capacity(files + cxs.len() * (files / crawl::URLS_PER_FILE + 3) + 1),
        groups: Vec::new(),
    };
    let mut planned = planned.into_iter();
    let mut pages = pages.into_iter();
    let language = |plan: &mut Plan<'r>,
                    cx: &'r RenderContext<'_>,
                    planned: &mut dyn Iterator<Item = Vec<Planned<'r>>>,
                    groups: Vec<Group<'r>>| {
        let start = plan.files.len();
        for emitted in planned.take(PER_LANGUAGE.len()) {
            plan.files.extend(emitted);
        }
        // A full build renders every page: its groups are files like any other.
        let mut kept = Vec::new();
        for mut group in groups {
            if cx.keyed {
                group.name.insert_str(0, &cx.prefix);
                group.prefix.clone_from(&cx.prefix);
                kept.push(std::sync::Arc::new(group));
            } else {
                plan.files.extend(group.files());
            }
        }
        // A language's sitemap lists its own pages.
        let paths: Vec<&str> = plan.files[start..].iter().map(|p| p.path.as_str()).collect();
        let sitemap = crawl::plan(cx, &paths, &kept);
        plan.files.extend(sitemap);
        for file in &mut plan.files[start..] {
            file.path.insert_str(0, &cx.prefix);
        }
        plan.groups.extend(kept);
    };
    plan.files.extend(planned.next().unwrap_or_default());
    language(&mut plan, &cxs[0], &mut planned, pages.next().unwrap_or_default());
    for emitted in planned.by_ref().take(SHARED.len() - 1) {
        plan.files.extend(emitted);
    }
    for cx in &cxs[1..] {
        language(&mut plan, cx, &mut planned, pages.next().unwrap_or_default());
    }
    // `_headers` describes every file but the groups' pages, which it has no rule of its own for.
    let paths: Vec<&str> = plan.files.iter().map(|p| p.path.as_str()).collect();
    let more = headers::plan(&cxs[0], &paths);
    plan.files.extend(more);
    plan
}

/// The configuration as key input: every field, so a new one cannot be forgotten (the pattern
/// below stops compiling). The time zone is hashed by its name.
struct ConfigInputs<'a>(&'a Config);

impl Hash for ConfigInputs<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        let Config {
            title,
            description,
            base_url,
            logo,
            timezone: _,
            timezone_name,
            language,
            languages,
            translations,
            uptime_days,
            notice_period,
            stale_after,
            accent_color,
            footer,
            feed_entries,
            links,
            groups,
            components,
            notify,
            probes,
            metrics,
            alerts: _,
            sla,
            show_response_times,
            response_targets,
            upstreams,
        } = self.0;
        // Reports and incident pages show the targets.
        (sla.map(f64::to_bits), show_response_times, response_targets).hash(h);
        // Upstreams are shown on the home page and in the feeds, with their names and links.
        upstreams.hash(h);
        // Probes and metrics reach the pages (charts, targets, the metrics page); their debug form
        // holds every field. `[alerts]` only shapes drafts, which are never built.
        format!("{probes:?}{metrics:?}").hash(h);
        // Pages show only the public links of `[notify]` (Subscribe); the rest never reaches them.
        notify.email.as_ref().map(|e| &e.signup_url).hash(h);
        for e in &notify.endpoints {
            (e.kind.as_str(), &e.join_url).hash(h);
        }
        (title, description, base_url, logo, timezone_name, uptime_days).hash(h);
        (notice_period, accent_color, footer, feed_entries, links).hash(h);
        stale_after.hash(h);
        // Every page speaks it.
        language.code().hash(h);
        // Every page links to its versions in the other languages.
        for l in languages {
            l.code().hash(h);
        }
        translations.hash(h);
        for g in groups {
            let crate::content::config::Group {
                id,
                name,
                collapsed,
                translations,
            } = g;
            (id, name, collapsed, translations).hash(h);
        }
        for c in components {
            let crate::content::config::Component {
                id,
                name,
                description,
                group,
                sla,
                link,
                start_date,
                translations,
            } = c;
            (id, name, description, group, sla.map(f64::to_bits), link, start_date).hash(h);
            translations.hash(h);
        }
    }
}

/// A content hash for cache-busting file names (FNV-1a, 64 bits): stable across platforms and
/// releases, which is all a file name needs.
pub fn content_hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")[..10].to_owned()
}

/// What the emitters' tests share.
#[cfg(test)]
pub(crate) mod testing {
    #![allow(clippy::unwrap_used)]

    /// A widget bundle with both scripts (the embeddable widget's and the site's page script),
    /// their files empty: what a build needs to link them.
    pub fn widget_bundle() -> crate::theme::WidgetBundle {
        crate::theme::WidgetBundle {
            files: [
                "statusmark-widget-1111111111111111.js",
                "statusmark-widget-1111111111111111_bg.wasm",
                "statusmark-page-2222222222222222.js",
                "statusmark-page-2222222222222222_bg.wasm",
            ]
            .map(|n| (n.to_owned(), Vec::new()))
            .into(),
        }
    }

    /// A temporary copy of the fixture site `tests/fixtures/<name>`, for tests that edit it.
    pub fn fixture_copy(name: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures")
            .join(name);
        for entry in walkdir::WalkDir::new(&fixture) {
            let entry = entry.unwrap();
            let to = dir.path().join(entry.path().strip_prefix(&fixture).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(to).unwrap();
            } else {
                std::fs::copy(entry.path(), to).unwrap();
            }
        }
        dir
    }
}

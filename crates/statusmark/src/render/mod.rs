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
pub mod calendar;
pub mod charts;
pub mod crawl;
pub mod feed;
pub mod headers;
pub mod html;
pub mod metrics;
pub mod plan;
pub mod reports;
pub mod syndication;
pub mod views;
pub mod vtimezone;

use std::hash::{Hash, Hasher};

use minijinja::Environment;

use crate::content::Config;
use crate::model::SiteModel;
use crate::theme::{Theme, WidgetBundle};
use plan::{Key, Planned};

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
    /// The site-wide part of every page (title, links, asset paths, build time).
    pub site: views::SiteView,
    pub zone: jiff::tz::TimeZone,
    /// The pages' language (`language` in the configuration).
    pub lang: &'static crate::i18n::Language,
    /// What every page depends on: the configuration, the theme and the asset paths.
    global: Key,
    /// Whether files get keys: only an incremental build compares them (see [`RenderContext::key`]).
    keyed: bool,
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
        let assets = assets::Assets::new(theme, widget, model.config.accent_color.as_deref())?;
        let global = Key::of((ConfigInputs(&model.config), &theme.files, &assets.paths));
        let zone = model.config.zone();
        let site = views::SiteView::new(model, &assets.paths, &zone);
        Ok(RenderContext {
            model,
            theme,
            env: views::environment(theme, model.config.language),
            assets,
            site,
            zone,
            lang: model.config.language,
            global,
            keyed,
        })
    }

    /// A page's `<title>`: the catalog's name for the page (`crumb-history`), then the site's.
    pub fn page_title(&self, page_id: &str) -> String {
        let page = self.lang.say(page_id);
        self.lang.text(
            "page-title",
            &[("page", page.into()), ("site", self.model.config.title.as_str().into())],
        )
    }

    /// The key of a file that shows `inputs` besides what every page shows (configuration, theme,
    /// asset paths); `None` when this build compares no keys.
    pub fn key(&self, inputs: impl Hash) -> Option<Key> {
        self.keyed.then(|| Key::of((self.global, inputs)))
    }
}

/// An output kind: the files it would produce.
type Emitter = for<'a> fn(&'a RenderContext<'_>) -> Vec<Planned<'a>>;
/// An output kind that describes the others (the sitemap, `_headers`): planned from their paths.
type DerivedEmitter = for<'a> fn(&'a RenderContext<'_>, &[&str]) -> Vec<Planned<'a>>;

/// Every file of the site, in a fixed order. The sitemap and `_headers` are planned last, from
/// the paths of everything before them.
pub fn plan_site<'r>(cx: &'r RenderContext<'_>) -> Vec<Planned<'r>> {
    let emitters: [Emitter; 10] = [
        assets::plan,
        html::plan,
        archive::plan,
        metrics::plan,
        feed::plan,
        api::plan,
        syndication::plan,
        calendar::plan,
        badges::plan,
        reports::plan,
    ];
    let mut plan: Vec<Planned<'r>> = emitters.iter().flat_map(|emit| emit(cx)).collect();
    // These two describe the rest of the site, so they are planned from its paths.
    let derived: [DerivedEmitter; 2] = [crawl::plan, headers::plan];
    for emit in derived {
        let paths: Vec<&str> = plan.iter().map(|p| p.path.as_str()).collect();
        let more = emit(cx, &paths);
        plan.extend(more);
    }
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
        for g in groups {
            let crate::content::config::Group { id, name, collapsed } = g;
            (id, name, collapsed).hash(h);
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
            } = c;
            (id, name, description, group, sla.map(f64::to_bits), link, start_date).hash(h);
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

//! Statusmark's generator: Markdown incident reports and maintenance notices in, a static
//! status site, feeds and the live widget out.
//!
//! The pipeline, one type per stage (docs/architecture.md draws it): [`content::SourceFile`] →
//! raw types → validated [`content::Content`] → [`model::SiteModel`] → emitters in [`render`],
//! each returning a plan ([`render::plan::Planned`] per file) → [`planner`], which renders or keeps
//! each file → [`writer`], the only code that touches the output folder.
//!
//! This crate must not know about the browser: the widget is an opaque bundle it copies.
#![warn(clippy::too_many_lines)]

pub mod alertmanager;
pub mod author;
pub mod content;
pub mod diagnostic;
pub mod i18n;
pub mod init;
pub mod markdown;
pub mod measure;
pub mod model;
pub mod net;
pub mod notify;
pub mod planner;
pub mod render;
pub mod serve;
pub mod theme;
pub mod writer;

use std::path::{Path, PathBuf};

use jiff::Timestamp;

use crate::diagnostic::Diagnostic;
use crate::model::SiteModel;
use crate::planner::{ApplyError, Memo};
use crate::theme::{Theme, WidgetBundle};

/// Why a build failed. Content problems are the author's to fix; the rest are the machine's.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    #[error("{} error(s) in the content", .0.iter().filter(|d| d.is_error()).count())]
    Content(Vec<Diagnostic>),
    #[error("warnings are denied (--deny-warnings)")]
    DeniedWarnings(Vec<Diagnostic>),
    #[error("cannot read the theme: {0}")]
    Theme(std::io::Error),
    #[error(transparent)]
    Render(#[from] render::RenderError),
    #[error(transparent)]
    Write(#[from] writer::WriteError),
    #[error("cannot serve: {0}")]
    Serve(std::io::Error),
}

impl From<ApplyError> for BuildError {
    fn from(e: ApplyError) -> BuildError {
        match e {
            ApplyError::Render(e) => BuildError::Render(e),
            ApplyError::Write(e) => BuildError::Write(e),
        }
    }
}

impl BuildError {
    /// The whole failure as text for a person: every diagnostic (path, line, column, snippet,
    /// help), then a summary line. The one place failures become text, for `build`, `check` and
    /// `serve`'s terminal and error overlay alike.
    pub fn report(&self) -> String {
        match self {
            BuildError::Content(diags) | BuildError::DeniedWarnings(diags) => {
                let errors = diags.iter().filter(|d| d.is_error()).count();
                let why = if matches!(self, BuildError::DeniedWarnings(_)) {
                    " (warnings are denied)"
                } else {
                    ""
                };
                let mut text: String = diags.iter().map(|d| format!("{d}\n")).collect();
                text.push_str(&format!(
                    "error: {errors} error(s) and {} warning(s){why}; nothing was written",
                    diags.len() - errors
                ));
                text
            }
            other => format!("error: {other}"),
        }
    }
}

/// Where the widget bundle comes from.
#[derive(Clone, Debug, Default)]
pub enum WidgetSource {
    /// The bundle embedded in this binary, if any.
    #[default]
    Embedded,
    /// A Trunk output folder.
    Dir(PathBuf),
    /// A site without the widget.
    None,
}

#[derive(Clone, Debug)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub out: PathBuf,
    /// The instant the site describes; defaults to the clock.
    pub now: Option<Timestamp>,
    pub widget: WidgetSource,
    pub deny_warnings: bool,
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    pub files: usize,
    pub bytes: usize,
    pub incidents: usize,
    pub warnings: Vec<Diagnostic>,
    pub widget_included: bool,
}

/// Caches `serve` keeps between builds: parsed sources, read month files of probe data, what the
/// model keeps (report figures, the incidents' facts, the components' states) and the components'
/// views.
#[derive(Default)]
struct Caches {
    content: content::Cache,
    data: measure::read::Cache,
    model: model::Kept,
    views: render::KeptViews,
}

/// Load and validate the content, read the measurements (through `caches` if given) and the
/// theme; derive the model. Warnings include damaged data lines and failures no incident covers.
fn prepare(
    root: &Path,
    now: Timestamp,
    caches: Option<&mut Caches>,
    deny_warnings: bool,
) -> Result<(SiteModel, Theme, Vec<Diagnostic>), BuildError> {
    let (content_cache, data_cache, reports) = match caches {
        Some(c) => (Some(&mut c.content), Some(&mut c.data), Some(&mut c.model)),
        None => (None, None, None),
    };
    let content = content::load_with(root, now, content_cache).map_err(BuildError::Content)?;
    let (measured, warnings) = measure_and_warn(root, &content, now, data_cache);
    if deny_warnings && !warnings.is_empty() {
        return Err(BuildError::DeniedWarnings(warnings));
    }
    let theme = Theme::load(root).map_err(BuildError::Theme)?;
    Ok((SiteModel::reusing(content, measured, now, reports), theme, warnings))
}

/// Read `data/` for `content`'s probes and metrics; every warning of the content and the data.
fn measure_and_warn(
    root: &Path,
    content: &content::Content,
    now: Timestamp,
    cache: Option<&mut measure::read::Cache>,
) -> (measure::read::Measurements, Vec<Diagnostic>) {
    let mut measured = measure::read::read(root, &content.config, now, cache);
    let mut warnings = content.warnings.clone();
    warnings.append(&mut measured.warnings);
    warnings.extend(measure::check::uncovered_failures(
        &content.config,
        &measured,
        &content.incidents,
        &content.windows(now),
        now,
    ));
    (measured, warnings)
}

pub fn load_widget(source: &WidgetSource) -> std::io::Result<WidgetBundle> {
    match source {
        WidgetSource::Embedded => Ok(WidgetBundle::embedded()),
        WidgetSource::Dir(dir) => WidgetBundle::from_dir(dir),
        WidgetSource::None => Ok(WidgetBundle::default()),
    }
}

/// Build a site: validate, plan, render every file into a staging folder and swap it in
/// atomically.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, BuildError> {
    build_then(opts, |_| {})
}

/// [`build`], calling `done` as soon as the new output is in place, before the build's model and
/// plan are freed: a command that exits in `done` does not spend the time freeing them (about
/// 1 % of a build at 10,000 incidents).
pub fn build_then(opts: &BuildOptions, done: impl FnOnce(&BuildReport)) -> Result<BuildReport, BuildError> {
    writer::check_out(&opts.root, &opts.out)?;
    let widget = load_widget(&opts.widget).map_err(BuildError::Theme)?;
    let now = opts.now.unwrap_or_else(Timestamp::now);
    let (model, theme, warnings) = prepare(&opts.root, now, None, opts.deny_warnings)?;
    let others = render::other_languages(&model)?;
    let cxs = render::contexts(&model, &others, &theme, &widget, None)?;
    let plan = render::plan_sites(&cxs);
    // On any error the staging folder is removed and the previous output stays as it was.
    let staging = writer::Staging::create(&opts.out)?;
    planner::write_all(&plan, &staging)?;
    let (files, bytes) = staging.written();
    staging.commit()?;
    let report = BuildReport {
        files,
        bytes,
        incidents: model.incidents.len(),
        warnings,
        widget_included: !widget.is_empty(),
    };
    done(&report);
    Ok(report)
}

/// Builds for `serve`. The first is a full build into a staging folder; each later one reads
/// again only the files whose size or modification time changed, renders again only the files
/// whose inputs changed (see [`planner::Memo`]) and updates the output folder in place.
pub struct Incremental {
    opts: BuildOptions,
    widget: WidgetBundle,
    cache: Caches,
    /// What the output folder holds; `None` until the first build succeeded (or after removing
    /// stale files failed), so that the next build replaces the whole folder atomically.
    output: Option<Memo>,
}

impl Incremental {
    pub fn new(opts: &BuildOptions) -> Result<Incremental, BuildError> {
        writer::check_out(&opts.root, &opts.out)?;
        Ok(Incremental {
            opts: opts.clone(),
            widget: load_widget(&opts.widget).map_err(BuildError::Theme)?,
            cache: Caches::default(),
            output: None,
        })
    }

    /// Build after `changed` files (relative to the root) changed, or, with `None`, after
    /// anything may have: then every file's size and modification time are checked.
    pub fn build_after(&mut self, changed: Option<&[String]>) -> Result<BuildReport, BuildError> {
        self.build_after_then(changed, |_| {})
    }

    /// [`Incremental::build_after`], calling `done` as soon as the output folder is complete,
    /// before this build's model and plan are freed (a few milliseconds at N = 10,000 that a
    /// browser waiting to reload need not wait for).
    pub fn build_after_then(
        &mut self,
        changed: Option<&[String]>,
        done: impl FnOnce(&BuildReport),
    ) -> Result<BuildReport, BuildError> {
        self.cache.content.trust = changed.is_some();
        for rel in changed.unwrap_or_default() {
            self.cache.content.forget(rel);
        }
        self.build_then(done)
    }

    /// Build at `now` from the next build on (`None`: the wall clock at each build).
    pub fn set_now(&mut self, now: Option<Timestamp>) {
        self.opts.now = now;
    }

    /// List the content folders again, now, instead of trusting what the watcher reported since
    /// the last listing.
    pub fn relist_now(&mut self) {
        self.cache.content.relist_now(&self.opts.root);
    }

    pub fn build(&mut self) -> Result<BuildReport, BuildError> {
        self.build_then(|_| {})
    }

    fn build_then(&mut self, done: impl FnOnce(&BuildReport)) -> Result<BuildReport, BuildError> {
        let now = self.opts.now.unwrap_or_else(Timestamp::now);
        let (model, theme, warnings) = prepare(&self.opts.root, now, Some(&mut self.cache), self.opts.deny_warnings)?;
        let others = render::other_languages(&model)?;
        self.cache.views.next_rebuild();
        let cxs = render::contexts(&model, &others, &theme, &self.widget, Some(&self.cache.views))?;
        let plan = render::plan_sites(&cxs);
        let (files, bytes) = match self.output.take() {
            None => {
                let staging = writer::Staging::create(&self.opts.out)?;
                planner::write_all(&plan, &staging)?;
                let memo = Memo::of(&plan);
                let written = staging.written();
                staging.commit()?;
                self.output = Some(memo);
                written
            }
            Some(mut memo) => {
                let out = writer::InPlace::new(&self.opts.out);
                let result = planner::update(&plan, &mut memo, &out);
                // After a failed render (a source saved while the site was built) the folder is
                // part new, part old, as the memo says: the next build redoes only the rest.
                self.output = Some(memo);
                let gone = result?;
                let files = out.written();
                if let Err(e) = out.finish(&gone) {
                    self.output = None;
                    return Err(e.into());
                }
                (files, 0)
            }
        };
        let report = BuildReport {
            files,
            bytes,
            incidents: model.incidents.len(),
            warnings,
            widget_included: !self.widget.is_empty(),
        };
        done(&report);
        // `plan`, `cxs` and `model` are freed here, after `done`.
        Ok(report)
    }
}

/// What `check` found in valid content.
#[derive(Debug)]
pub struct CheckReport {
    /// The content's warnings and the measurements' (damaged data lines, failures no incident covers).
    pub warnings: Vec<Diagnostic>,
    /// Files written `draft: true`: valid, and left out of every build.
    pub drafts: Vec<content::Draft>,
}

/// Validate only, as of `now`: the content, and the measurements against it.
pub fn check(root: &Path, now: Timestamp) -> Result<CheckReport, BuildError> {
    let content = content::load(root, now).map_err(BuildError::Content)?;
    let warnings = measure_and_warn(root, &content, now, None).1;
    Ok(CheckReport {
        warnings,
        drafts: content.drafts,
    })
}

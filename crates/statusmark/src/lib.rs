//! Statusmark's generator: Markdown incident reports and maintenance notices in, a static
//! status site, feeds and the live widget out.
//!
//! The pipeline, one type per stage: [`content::SourceFile`] → raw types → validated
//! [`content::Content`] → [`model::SiteModel`] → emitters in [`render`] (`Vec<OutputFile>`) →
//! [`writer::write_site`], the only code that touches the output folder.
//!
//! This crate must not know about the browser: the widget is an opaque bundle it copies.

pub mod author;
pub mod content;
pub mod diagnostic;
pub mod markdown;
pub mod model;
pub mod render;
pub mod serve;
pub mod theme;
pub mod writer;

use std::path::{Path, PathBuf};

use jiff::Timestamp;

use crate::diagnostic::Diagnostic;
use crate::model::SiteModel;
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

/// Validate the content and render every file into `sink`. Returns the warnings and the number
/// of incidents.
pub fn render(
    root: &Path,
    now: Timestamp,
    widget: &WidgetBundle,
    deny_warnings: bool,
    sink: &dyn writer::Sink,
) -> Result<(Vec<Diagnostic>, usize), BuildError> {
    let (model, theme, warnings) = prepare(root, now, None, deny_warnings)?;
    render::render_site(&model, &theme, widget, sink, &mut render::Memo::off())?;

    Ok((warnings, model.incidents.len()))
}

/// Load and validate the content (through `cache` if given) and the theme; derive the model.
fn prepare(
    root: &Path,
    now: Timestamp,
    cache: Option<&mut content::Cache>,
    deny_warnings: bool,
) -> Result<(SiteModel, Theme, Vec<Diagnostic>), BuildError> {
    let content = content::load_with(root, now, cache).map_err(BuildError::Content)?;
    if deny_warnings && !content.warnings.is_empty() {
        return Err(BuildError::DeniedWarnings(content.warnings));
    }
    let warnings = content.warnings.clone();
    let theme = Theme::load(root).map_err(BuildError::Theme)?;
    Ok((SiteModel::new(content, now), theme, warnings))
}

pub fn load_widget(source: &WidgetSource) -> std::io::Result<WidgetBundle> {
    match source {
        WidgetSource::Embedded => Ok(WidgetBundle::embedded()),
        WidgetSource::Dir(dir) => WidgetBundle::from_dir(dir),
        WidgetSource::None => Ok(WidgetBundle::default()),
    }
}

/// Build a site: validate, render, and swap the output in atomically.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, BuildError> {
    let widget = load_widget(&opts.widget).map_err(BuildError::Theme)?;
    let now = opts.now.unwrap_or_else(Timestamp::now);
    // Stream into a staging folder that replaces the output only when every file is written; on
    // any error it is removed and the previous output stays as it was.
    let staging = writer::Staging::create(&opts.out)?;
    let (warnings, incidents) = render(&opts.root, now, &widget, opts.deny_warnings, &staging)?;
    let (files, bytes) = staging.written();
    staging.commit()?;
    Ok(BuildReport {
        files,
        bytes,
        incidents,
        warnings,
        widget_included: !widget.is_empty(),
    })
}

/// Builds for `serve`. The first is a [`build`]; each later one reads again only the files whose
/// size or modification time changed, renders again only the pages whose inputs changed (see
/// [`render::Memo`]) and updates the output folder in place.
pub struct Incremental {
    opts: BuildOptions,
    widget: WidgetBundle,
    cache: content::Cache,
    memo: render::Memo,
    /// Every path of the output as the last build left it; `None` until a build succeeded, or
    /// after one failed halfway, so that the next build replaces the whole folder atomically.
    output: Option<Vec<String>>,
    /// Fingerprints of the files written in place (see [`writer::InPlace`]).
    written: rustc_hash::FxHashMap<String, u64>,
}

impl Incremental {
    pub fn new(opts: &BuildOptions) -> Result<Incremental, BuildError> {
        Ok(Incremental {
            opts: opts.clone(),
            widget: load_widget(&opts.widget).map_err(BuildError::Theme)?,
            cache: content::Cache::default(),
            memo: render::Memo::incremental(),
            output: None,
            written: rustc_hash::FxHashMap::default(),
        })
    }

    /// Build after `changed` files (relative to the root) changed, or, with `None`, after
    /// anything may have: then every file's size and modification time are checked.
    pub fn build_after(&mut self, changed: Option<&[String]>) -> Result<BuildReport, BuildError> {
        self.cache.trust = changed.is_some();
        for rel in changed.unwrap_or_default() {
            self.cache.forget(rel);
        }
        self.build()
    }

    pub fn build(&mut self) -> Result<BuildReport, BuildError> {
        let now = self.opts.now.unwrap_or_else(Timestamp::now);
        let (model, theme, warnings) = prepare(&self.opts.root, now, Some(&mut self.cache), self.opts.deny_warnings)?;
        let (files, bytes) = match self.output.take() {
            None => {
                let staging = writer::Staging::create(&self.opts.out)?;
                render::render_site(&model, &theme, &self.widget, &staging, &mut self.memo)?;
                let written = staging.written();
                let paths = writer::Sink::paths(&staging);
                staging.commit()?;
                self.output = Some(paths);
                written
            }
            Some(previous) => {
                let sink = writer::InPlace::new(&self.opts.out, previous, std::mem::take(&mut self.written));
                render::render_site(&model, &theme, &self.widget, &sink, &mut self.memo)?;
                let count = sink.written();
                let (paths, prints) = sink.finish()?;
                (self.output, self.written) = (Some(paths), prints);
                (count, 0)
            }
        };
        Ok(BuildReport {
            files,
            bytes,
            incidents: model.incidents.len(),
            warnings,
            widget_included: !self.widget.is_empty(),
        })
    }
}

/// Validate only, as of `now`.
pub fn check(root: &Path, now: Timestamp) -> Result<Vec<Diagnostic>, BuildError> {
    content::load(root, now)
        .map(|c| c.warnings)
        .map_err(BuildError::Content)
}

//! Emitters: each turns the [`SiteModel`] into [`OutputFile`]s in memory. Nothing here touches
//! the disk; [`crate::writer`] does.

pub mod api;
pub mod archive;
pub mod assets;
pub mod badges;
pub mod calendar;
pub mod crawl;
pub mod feed;
pub mod headers;
pub mod html;
pub mod syndication;

use crate::model::SiteModel;
use crate::theme::{Theme, WidgetBundle};
use crate::writer::{OutputFile, Sink, WriteError};

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RenderError {
    #[error("template {name}: {source}")]
    Template { name: String, source: minijinja::Error },
    #[error("the theme has no {0}")]
    MissingThemeFile(String),
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// Render every output file of a site into `sink`, each as soon as it is ready.
pub fn render_site(
    model: &SiteModel,
    theme: &Theme,
    widget: &WidgetBundle,
    sink: &dyn Sink,
) -> Result<(), RenderError> {
    let mut files = Vec::new();
    let assets = assets::emit(theme, widget, model.config.accent_color.as_deref(), &mut files)?;
    put_all(sink, files)?;
    html::emit(model, theme, &assets, sink)?;
    sink.put(feed::emit(model))?;
    sink.put(feed::emit_schema())?;
    put_all(sink, api::emit(model))?;
    put_all(sink, syndication::emit(model))?;
    put_all(sink, calendar::emit(model))?;
    put_all(sink, badges::emit(model))?;
    let paths = sink.paths();
    let pages: Vec<&str> = paths.iter().map(String::as_str).collect();
    put_all(sink, crawl::emit(model, &pages))?;
    let paths = sink.paths();
    sink.put(headers::emit(&paths))?;
    Ok(())
}

fn put_all(sink: &dyn Sink, files: Vec<OutputFile>) -> Result<(), RenderError> {
    for f in files {
        sink.put(f)?;
    }
    Ok(())
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

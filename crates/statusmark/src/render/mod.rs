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
use crate::writer::OutputFile;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RenderError {
    #[error("template {name}: {source}")]
    Template { name: String, source: minijinja::Error },
    #[error("the theme has no {0}")]
    MissingThemeFile(String),
}

/// Every output file of a site, sorted by path.
pub fn render_site(model: &SiteModel, theme: &Theme, widget: &WidgetBundle) -> Result<Vec<OutputFile>, RenderError> {
    let mut files = Vec::new();
    let assets = assets::emit(theme, widget, &mut files)?;
    files.extend(html::emit(model, theme, &assets)?);
    files.push(feed::emit(model));
    files.push(feed::emit_schema());
    files.extend(api::emit(model));
    files.extend(syndication::emit(model));
    files.extend(calendar::emit(model));
    files.extend(badges::emit(model));
    let pages: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let crawl = crawl::emit(model, &pages);
    files.extend(crawl);
    files.push(headers::emit(&files));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
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

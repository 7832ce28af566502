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

use rustc_hash::FxHashMap as HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Mutex;

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

/// What an incremental render remembers between runs: for each page that a large site has many
/// of (incident, maintenance, history, component pages, per-component feeds and calendars), a
/// fingerprint of the inputs it was last rendered from. A page whose inputs are unchanged is not
/// rendered again; the sink keeps the file it has.
///
/// The fingerprints leave out the build time: a kept page still says when it was last rendered.
/// Everything else a page shows is in them, including what depends on `now` (how long an
/// ongoing incident has run, a maintenance window's phase, uptime bars).
#[derive(Debug, Default)]
pub struct Memo {
    on: bool,
    /// Inputs every page depends on: configuration, theme, asset paths.
    global: u64,
    prev: HashMap<String, u64>,
    next: Mutex<HashMap<String, u64>>,
}

/// A fingerprint of `value`, valid within this process (never written anywhere).
pub(crate) fn fingerprint(value: impl Hash) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

impl Memo {
    /// Render everything, remember nothing: what `build` does.
    pub fn off() -> Memo {
        Memo::default()
    }

    /// Skip pages whose inputs did not change since the last render through this memo.
    pub fn incremental() -> Memo {
        Memo {
            on: true,
            ..Memo::default()
        }
    }

    /// Whether `path` must be rendered: false when it was rendered from the same `inputs` last
    /// time, and then the sink keeps its file.
    pub(crate) fn stale(&self, sink: &dyn Sink, path: &str, inputs: impl Hash) -> Result<bool, WriteError> {
        if !self.on {
            return Ok(true);
        }
        let key = fingerprint((self.global, inputs));
        let same = self.prev.get(path) == Some(&key);
        if same {
            sink.keep(path)?;
        }
        if let Ok(mut next) = self.next.lock() {
            next.insert(path.to_owned(), key);
        }
        Ok(!same)
    }

    /// The items whose page must be rendered, with its path, for `page` giving each item's path
    /// and inputs. Checked in one pass: many threads checking one page each mostly wait for
    /// each other.
    pub(crate) fn stale_pages<'a, T, K: Hash>(
        &self,
        sink: &dyn Sink,
        items: &'a [T],
        page: impl Fn(&T) -> (String, K),
    ) -> Result<Vec<(&'a T, String)>, WriteError> {
        let mut stale = Vec::with_capacity(if self.on { 16 } else { items.len() });
        for item in items {
            let (path, inputs) = page(item);
            if self.stale(sink, &path, inputs)? {
                stale.push((item, path));
            }
        }
        Ok(stale)
    }

    fn finish(&mut self, ok: bool) {
        let mut next = HashMap::with_capacity_and_hasher(self.prev.len(), Default::default());
        std::mem::swap(&mut next, self.next.get_mut().unwrap_or_else(|e| e.into_inner()));
        // After a failure nothing is known about the output: compare with nothing next time.
        self.prev = if ok { next } else { HashMap::default() };
    }
}

/// Render every output file of a site into `sink`, each as soon as it is ready.
pub fn render_site(
    model: &SiteModel,
    theme: &Theme,
    widget: &WidgetBundle,
    sink: &dyn Sink,
    memo: &mut Memo,
) -> Result<(), RenderError> {
    let result = (|| -> Result<(), RenderError> {
        let mut files = Vec::new();
        let assets = assets::emit(theme, widget, model.config.accent_color.as_deref(), &mut files)?;
        if memo.on {
            memo.global = fingerprint((
                format!("{:?}", model.config),
                &theme.files,
                &assets.stylesheet,
                &assets.widget_loader,
                &assets.page_loader,
            ));
        }
        let memo: &Memo = memo;
        put_all(sink, files)?;
        // Pages, and the feeds and API, at the same time: neither waits for the other.
        let (pages, feeds) = rayon::join(
            || html::emit(model, theme, &assets, sink, memo),
            || -> Result<(), RenderError> {
                sink.put(feed::emit(model))?;
                sink.put(feed::emit_schema())?;
                put_all(sink, api::emit(model))?;
                syndication::emit(model, sink, memo)?;
                calendar::emit(model, sink, memo)?;
                put_all(sink, badges::emit(model))
            },
        );
        pages?;
        feeds?;
        let paths = sink.paths();
        let pages: Vec<&str> = paths.iter().map(String::as_str).collect();
        put_all(sink, crawl::emit(model, &pages))?;
        let paths = sink.paths();
        sink.put(headers::emit(&paths))?;
        Ok(())
    })();
    memo.finish(result.is_ok());
    result
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

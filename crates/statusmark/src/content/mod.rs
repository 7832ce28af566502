//! Reading a site's sources: `content/statusmark.toml`, `incidents/*.md` and
//! `content/maintenance/*.md`. Files are read once into [`SourceFile`]s, parsed into raw types and
//! validated into [`Config`], [`Incident`] and [`Maintenance`]. Every problem in every file is
//! collected before failing. An [`Overlay`] of files held in memory can stand in for files on
//! disk, so an edit is validated with the rest of the site before anything is written.
//!
//! Every Markdown file goes through [`document`]: split, raw with spans ([`raw`]), checked.

pub mod config;
pub mod document;
pub mod frontmatter;
pub mod ids;
pub mod incident;
pub mod languages;
pub mod maintenance;
pub mod measure;
pub mod notify;
pub mod occurrences;
pub mod quick;
pub mod raw;
pub mod recurrence;
pub mod reports;
pub mod sections;
pub mod text;
pub mod time;
pub mod translation;
pub mod upstream;

use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::time::SystemTime;

pub use config::Config;
pub use incident::Incident;
pub use maintenance::Maintenance;

use crate::diagnostic::Diagnostic;

/// Files larger than this are refused: no incident report is this long, and reading one would
/// only slow the build down.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// One file, read once.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Relative to the root, `/`-separated.
    pub path: String,
    pub text: String,
}

/// Everything a site is made of, validated.
#[derive(Clone, Debug)]
pub struct Content {
    pub config: Config,
    /// Newest first (by start, then slug). Shared, so a [`Cache`] can hand the same parse to the
    /// next build, and keep the list to patch it ([`patched`], `serve`).
    pub incidents: Items<Incident>,
    /// By scheduled start, newest first.
    pub maintenances: Items<Maintenance>,
    /// The recurring notices of [`Content::maintenances`] (series), in its order: picked out once
    /// a load, so that a rebuild of a site without one passes over no notice to learn it.
    pub recurring: Vec<Arc<Maintenance>>,
    pub warnings: Vec<Diagnostic>,
    /// Files written `draft: true`, by path: validated like the rest, then set aside here, so
    /// nothing built from [`Content::incidents`] or [`Content::maintenances`] (pages, feeds, API,
    /// badges, statuses, uptime, notifications) can ever see one.
    pub drafts: Vec<Draft>,
    /// `incidents/<slug>.<code>.md`, checked against their originals; in file order.
    pub incident_translations: Vec<Arc<IncidentTranslation>>,
    /// `content/maintenance/<slug>.<code>.md`.
    pub maintenance_translations: Vec<Arc<MaintenanceTranslation>>,
    /// Counts the loads that passed through one [`Cache`] (`serve`); 0 without one.
    pub revision: u64,
    /// Set when this load patched the one of revision `of` ([`patched`]).
    pub patched: Option<Patched>,
}

impl Content {
    /// The maintenance windows around `now`: [`Content::maintenances`] with every series replaced
    /// by its occurrences ([`occurrences::expand`]); the list itself when there is no series.
    pub fn windows(&self, now: jiff::Timestamp) -> Items<Maintenance> {
        if self.recurring.is_empty() {
            return Arc::clone(&self.maintenances);
        }
        Arc::new(occurrences::expand(&self.maintenances, &self.config, now))
    }
}

/// What a load that patched the last one changed: the positions in [`Content::incidents`] that
/// hold a new parse, each with the parse it replaced (same start and slug, so same position),
/// and the revision of the load it patched. Whatever was worked out of that load's incidents
/// holds for this one but at these positions.
#[derive(Clone, Debug)]
pub struct Patched {
    pub of: u64,
    pub replaced: Vec<(usize, Arc<Incident>)>,
}

/// A content folder's items, in order, shared: a load that patches the last one changes the
/// list in place when nothing else holds it (and copies it when something does).
pub type Items<T> = Arc<Vec<Arc<T>>>;

pub type IncidentTranslation = translation::Translation<statusmark_feed::IncidentStatus>;
pub type MaintenanceTranslation = translation::Translation<Option<statusmark_feed::MaintenancePhase>>;

/// A file that is validated but not published (`draft: true`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    /// Relative to the root, `/`-separated.
    pub path: String,
    pub title: String,
}

/// Take the drafts out of `items`, recording each in `drafts`.
fn set_drafts_aside<T>(
    items: &mut Vec<Arc<T>>,
    is_draft: impl Fn(&T) -> bool,
    draft: impl Fn(&T) -> Draft,
    drafts: &mut Vec<Draft>,
) {
    items.retain(|item| {
        if is_draft(item) {
            drafts.push(draft(item));
        }
        !is_draft(item)
    });
}

/// What identifies a version of a file without reading it: size and modification time.
type Stamp = (u64, Option<SystemTime>);

fn stamp(meta: &std::fs::Metadata) -> Stamp {
    (meta.len(), meta.modified().ok())
}

/// A content folder's Markdown files, by path relative to the root, sorted.
/// A hash (FxHash) of what `feed` writes, worked out the first time and kept in `cell`: the
/// content's items keep their fingerprints this way (a copy of an item starts without them).
pub(crate) fn kept_hash(cell: &std::sync::OnceLock<u64>, feed: impl FnOnce(&mut rustc_hash::FxHasher)) -> u64 {
    *cell.get_or_init(|| {
        use std::hash::Hasher as _;
        let mut h = rustc_hash::FxHasher::default();
        feed(&mut h);
        h.finish()
    })
}

type Listing = Arc<Listed>;

/// A content folder's Markdown files, sorted, and which of them are translations
/// ([`translation::translation_of`]), told once when the folder is listed: each load picks the
/// originals and the translations out of it.
#[derive(Debug, Default, PartialEq)]
struct Listed {
    names: Vec<String>,
    translation: Vec<bool>,
}

impl Listed {
    fn new(names: Vec<String>) -> Listed {
        let translation = names.iter().map(|p| translation::translation_of(p).is_some()).collect();
        Listed { names, translation }
    }

    /// The originals (`false`) or the translations (`true`), in order.
    fn picked(&self, translations: bool) -> Vec<&str> {
        let names = self.names.iter().zip(&self.translation);
        names
            .filter(|(_, t)| **t == translations)
            .map(|(p, _)| p.as_str())
            .collect()
    }
}

/// One file's parse, with the stamp of the version it came from.
struct Parsed<T> {
    stamp: Stamp,
    item: Option<Arc<T>>,
    diags: Vec<Diagnostic>,
}

/// Parses kept between builds (by `serve`): a file whose size and modification time have not
/// changed is not read again. Everything is dropped when the configuration changes, since files
/// are validated against it.
#[derive(Default)]
pub struct Cache {
    /// Reuse a parse without checking the file's stamp: set by a caller that is told about every
    /// change (a file watcher) and [`Cache::forget`]s the changed files.
    pub trust: bool,
    /// The configuration's text and what it parsed to: the same text is not parsed again (at
    /// 48 components that was a millisecond or two of every `serve` rebuild).
    config: Option<(String, Config)>,
    /// Each content folder's Markdown files, reused while `trust`ed (a watcher reports files
    /// being created and removed too); a [`Cache::forget`]ten path that is not what its folder's
    /// listing says (a new file, a removed one, the folder itself) has the folder listed again.
    listings: HashMap<String, Listing>,
    /// Listings dropped unchecked ([`Cache::relist`], a load that does not trust the cache): a
    /// folder listed again to the same names gets the very same listing back, so that what
    /// holds while the listings are the same ones (patching the last load, the slug check) still
    /// holds. `serve` relists after every quiet check of its fallback (a second without events
    /// on a site of up to some 50,000 incidents), so without this an edit made after a pause was
    /// never patched in.
    relisted: HashMap<String, Listing>,
    forgotten: Vec<String>,
    incidents: HashMap<String, Parsed<Incident>>,
    maintenances: HashMap<String, Parsed<Maintenance>>,
    /// The listings (incidents, maintenance) of the last load that passed: slugs are file names,
    /// so while both listings are these very ones the slug check has nothing new to find.
    slugs_checked: Option<(Listing, Listing)>,
    incident_translations: HashMap<String, Parsed<IncidentTranslation>>,
    maintenance_translations: HashMap<String, Parsed<MaintenanceTranslation>>,
    /// The last load that passed, for the next one to patch ([`patched`]).
    last: Option<Last>,
    /// The parses of incidents [`Cache::forget`]ten since the last load: where a patch finds
    /// them in [`Last::content`], and what they warned of.
    replaced: HashMap<String, Parsed<Incident>>,
    /// The last [`Content::revision`] handed out.
    revisions: u64,
}

/// A load that passed, with what patching it needs.
struct Last {
    /// The listings it was made from: a file added or removed lists its folder again.
    listings: (Listing, Listing),
    /// What it gave, except that the warnings are only the files' own: the check of cancelled
    /// series depends on `now` and is run again.
    content: Content,
    /// The recurring notices as the checks saw them: in file order, drafts too.
    series: Vec<Arc<Maintenance>>,
    /// The open incidents (drafts too) by path, sorted: their checks depend on `now`, so they
    /// are read and parsed again at every load, as a full load does.
    open: Vec<String>,
}

impl Cache {
    /// Forget one file (relative path), whatever its stamp says: for watchers that know a file
    /// changed even when its size and time look the same. A path that names no kept file may be a
    /// folder (moved in or out as a whole, the watcher reports only the folder): every file kept
    /// below it is forgotten too.
    pub fn forget(&mut self, rel: &str) {
        self.forgotten.push(rel.to_owned());
        if self.forget_file(rel) {
            return;
        }
        let below = format!("{rel}/");
        let kept: Vec<String> = (self.incidents.keys())
            .chain(self.maintenances.keys())
            .chain(self.incident_translations.keys())
            .chain(self.maintenance_translations.keys())
            .filter(|p| p.starts_with(&below))
            .cloned()
            .collect();
        for path in kept {
            self.forget_file(&path);
        }
    }

    /// Drop the parse of the file at `rel`; whether one was kept.
    fn forget_file(&mut self, rel: &str) -> bool {
        let incident = self.incidents.remove(rel).map(|parsed| {
            self.replaced.entry(rel.to_owned()).or_insert(parsed);
        });
        let others = [
            self.maintenances.remove(rel).is_some(),
            self.incident_translations.remove(rel).is_some(),
            self.maintenance_translations.remove(rel).is_some(),
        ];
        incident.is_some() || others.contains(&true)
    }
}

impl Cache {
    /// Drop every kept listing: the next load lists the folders again.
    fn relist(&mut self) {
        self.relisted.extend(self.listings.drain());
    }

    /// List every kept folder of `root` again now, not at the next load: `serve` does it while
    /// it waits for a change, after a check that found none. At 10,000 incidents listing the
    /// folder took about 3 ms of the next edit's rebuild. A folder that cannot be listed now is
    /// listed, and reported, by the next load. A file added or removed after this, and not
    /// reported, is not in the listing until the folders are listed again (in `serve`, after the
    /// next check of its fallback, which finds and builds it).
    pub fn relist_now(&mut self, root: &Path) {
        self.relist();
        let dirs: Vec<String> = self.relisted.keys().cloned().collect();
        for dir in dirs {
            if let Ok(names) = list_markdown(root, &dir) {
                self.keep_listing(&dir, Arc::new(Listed::new(names)));
            }
        }
    }

    /// Keep `names` as the listing of `dir`; if the folder was listed to the same names before
    /// [`Cache::relist`], the very listing kept then.
    fn keep_listing(&mut self, dir: &str, names: Listing) -> Listing {
        let names = match self.relisted.remove(dir) {
            Some(same) if *same == *names => same,
            _ => names,
        };
        self.listings.insert(dir.to_owned(), Arc::clone(&names));
        names
    }

    /// Drop the listings the forgotten paths make wrong (see [`Cache::listings`]); all of them
    /// unless `trust`ed. The forgotten paths, deduplicated.
    fn settle_listings(&mut self, root: &Path) -> Vec<String> {
        let mut forgotten = std::mem::take(&mut self.forgotten);
        forgotten.sort_unstable();
        forgotten.dedup();
        if !self.trust {
            self.relist();
            return forgotten;
        }
        for rel in &forgotten {
            let rel = rel.as_str();
            self.listings.retain(|dir, names| {
                if rel == *dir || dir.starts_with(&format!("{rel}/")) {
                    return false;
                }
                let Some(name) = rel.strip_prefix(dir.as_str()).and_then(|r| r.strip_prefix('/')) else {
                    return true;
                };
                if name.contains('/') {
                    return true;
                }
                // Listed as `list_markdown` would: any entry with a listed name, a folder or a
                // dangling link too (reading it then fails, as in a full build).
                let listed = names.names.binary_search_by(|n| n.as_str().cmp(rel)).is_ok();
                listed == (is_listed(name) && std::fs::symlink_metadata(root.join(rel)).is_ok())
            });
        }
        forgotten
    }
}

/// A content folder's Markdown files (see [`list_markdown`]), from `cache` if it has them. A
/// folder that cannot be listed is reported once, and loads as empty.
fn listing(sources: Sources<'_>, dir: &str, cache: Option<&mut Cache>, diags: &mut Vec<Diagnostic>) -> Listing {
    let kept = cache.as_ref().and_then(|c| c.listings.get(dir));
    if let Some(names) = kept
        && sources.overlay.is_none()
    {
        return Arc::clone(names);
    }
    match sources.list(dir) {
        Ok(names) => {
            let names = Arc::new(Listed::new(names));
            match cache {
                Some(cache) if sources.overlay.is_none() => cache.keep_listing(dir, names),
                _ => names,
            }
        }
        Err(d) => {
            diags.push(d);
            Arc::default()
        }
    }
}

/// Files held in memory, by path relative to the root (`/`-separated), that loading reads instead
/// of the disk: an edited file before it is written, or a new file not yet created (it is listed
/// in its folder as if it were there).
#[derive(Clone, Debug, Default)]
pub struct Overlay {
    files: BTreeMap<String, String>,
}

impl Overlay {
    pub fn new() -> Self {
        Overlay::default()
    }

    /// Stand `text` in for the file at `rel`.
    pub fn insert(&mut self, rel: impl Into<String>, text: impl Into<String>) {
        self.files.insert(rel.into(), text.into());
    }

    /// The overlaid Markdown files directly inside `dir`.
    fn in_dir<'a>(&'a self, dir: &'a str) -> impl Iterator<Item = &'a String> {
        self.files.keys().filter(move |rel| {
            rel.strip_prefix(dir)
                .and_then(|rest| rest.strip_prefix('/'))
                .is_some_and(|name| !name.contains('/') && is_listed(name))
        })
    }
}

/// Where a load reads from: the root on disk, with an optional overlay on top.
#[derive(Clone, Copy)]
struct Sources<'a> {
    root: &'a Path,
    overlay: Option<&'a Overlay>,
}

impl Sources<'_> {
    fn read(&self, rel: &str) -> Result<(SourceFile, Stamp), Diagnostic> {
        match self.overlay.and_then(|o| o.files.get(rel)) {
            Some(text) => {
                source_text(rel, u64::try_from(text.len()).unwrap_or(u64::MAX), text.clone()).map(|f| (f, (0, None)))
            }
            None => read_stamped(self.root, rel),
        }
    }

    fn list(&self, dir: &str) -> Result<Vec<String>, Diagnostic> {
        let mut names = list_markdown(self.root, dir)?;
        if let Some(overlay) = self.overlay {
            names.extend(overlay.in_dir(dir).cloned());
            names.sort();
            names.dedup();
        }
        Ok(names)
    }

    /// The root a file's text can be read again from, unless it came from the overlay.
    fn disk_root(&self, rel: &str) -> Option<&Path> {
        (!self.is_overlaid(rel)).then_some(self.root)
    }

    fn is_overlaid(&self, rel: &str) -> bool {
        self.overlay.is_some_and(|o| o.files.contains_key(rel))
    }
}

/// Read one file as UTF-8 text; a BOM is dropped.
pub fn read_source(root: &Path, rel: &str) -> Result<SourceFile, Diagnostic> {
    read_stamped(root, rel).map(|(file, _)| file)
}

fn read_stamped(root: &Path, rel: &str) -> Result<(SourceFile, Stamp), Diagnostic> {
    // Opened once, and the stamp taken from the open file: one look-up of the path, not two.
    let cannot = |e: std::io::Error| {
        let help = if e.kind() == std::io::ErrorKind::PermissionDenied {
            "check its permissions"
        } else {
            "check that it exists and is readable"
        };
        Diagnostic::error(rel, format!("cannot read the file: {e}")).with_help(help)
    };
    let mut file = std::fs::File::open(root.join(rel)).map_err(cannot)?;
    let meta = file.metadata().map_err(cannot)?;
    let bytes = match usize::try_from(meta.len()) {
        // The length `meta` says, as the stamp has it: `File`'s `read_to_end` would ask the file
        // for its size and position again, and read once more to find the end.
        Ok(len) if meta.len() <= MAX_FILE_BYTES => text::read_measured(&mut file, len).map_err(|e| {
            Diagnostic::error(rel, format!("cannot read the file: {e}")).with_help("check its permissions")
        })?,
        _ => Vec::new(),
    };
    let len = meta.len();
    if len > MAX_FILE_BYTES {
        return source_text(rel, len, String::new()).map(|file| (file, stamp(&meta)));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        let prefix = String::from_utf8_lossy(&bytes[..valid]).into_owned();
        Diagnostic::error(rel, "the file is not valid UTF-8")
            .at_offset(&prefix, valid)
            .with_help("save the file as UTF-8")
    })?;
    Ok((source_text(rel, len, text)?, stamp(&meta)))
}

/// The checks every source passes, from disk or from an [`Overlay`]: a size limit, no NUL, no BOM.
fn source_text(rel: &str, len: u64, text: String) -> Result<SourceFile, Diagnostic> {
    if len > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            rel,
            format!(
                "the file is {} MB, more than the {} MB limit",
                len / 1_000_000,
                MAX_FILE_BYTES / 1_000_000
            ),
        )
        .with_help("incident reports are short; move large material elsewhere and link to it"));
    }
    // By `memchr`'s vector search: `str::find` goes a word at a time (1 % of a build's
    // instructions for every source).
    if let Some(pos) = memchr::memchr(0, text.as_bytes()) {
        return Err(Diagnostic::error(rel, "the file contains a NUL byte; is it binary?")
            .at_offset(&text, pos)
            .with_help("incident reports are Markdown text"));
    }
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    };
    Ok(SourceFile {
        path: rel.to_owned(),
        text,
    })
}

/// Parse every Markdown file of `dir`, in parallel, reusing parses from `cached` (then
/// refreshed) whose stamp still matches, or that are `trust`ed, and that `reusable` accepts.
/// Files are independent; `collect` keeps the listing order, so diagnostics (appended to
/// `diags`) and output do not depend on the thread count.
fn load_folder<T: Send + Sync>(
    sources: Sources<'_>,
    (listed, translations): (&Listed, bool),
    (cached, trust): (Option<&mut HashMap<String, Parsed<T>>>, bool),
    reusable: impl Fn(&T) -> bool + Sync,
    parse: impl Fn(&SourceFile) -> (Option<T>, Vec<Diagnostic>) + Sync,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Arc<T>> {
    use rayon::prelude::*;
    let paths = listed.picked(translations);
    let old = cached.as_deref();
    // `None`: the cached parse stands (neither cloned nor written back: at 10,000 files that
    // traffic alone was a millisecond of every `serve` rebuild).
    // In pieces of at most 64 files: rayon otherwise splits the list only as far as its threads
    // first steal from each other, and one thread reads the last piece alone.
    let parsed: Vec<Option<Parsed<T>>> = paths
        .par_iter()
        .with_max_len(64)
        .map(|&rel| {
            if let Some(old) = old.and_then(|c| c.get(rel))
                && old.item.as_deref().is_none_or(&reusable)
                && !sources.is_overlaid(rel)
                && (trust || std::fs::metadata(sources.root.join(rel)).is_ok_and(|m| stamp(&m) == old.stamp))
            {
                return None;
            }
            Some(match sources.read(rel) {
                Ok((file, stamp)) => {
                    let (item, diags) = parse(&file);
                    Parsed {
                        stamp,
                        item: item.map(Arc::new),
                        diags,
                    }
                }
                Err(d) => Parsed {
                    stamp: (0, None),
                    item: None,
                    diags: vec![d],
                },
            })
        })
        .collect();
    let mut items = Vec::with_capacity(parsed.len());
    let mut take = |p: &Parsed<T>| {
        diags.extend_from_slice(&p.diags);
        items.extend(p.item.clone());
    };
    match cached {
        Some(cache) => {
            // Refreshed in place: only new files (and a forgotten one) get a key allocated, and
            // the entries of removed files are dropped.
            for (&path, p) in paths.iter().zip(parsed) {
                let Some(p) = p else { continue };
                match cache.get_mut(path) {
                    Some(slot) => *slot = p,
                    None => {
                        cache.insert(path.to_owned(), p);
                    }
                }
            }
            if cache.len() != paths.len() {
                let listed: rustc_hash::FxHashSet<&str> = paths.iter().copied().collect();
                cache.retain(|path, _| listed.contains(path.as_str()));
            }
            for path in &paths {
                // Every listed path has its entry now: kept, or put there just above.
                if let Some(p) = cache.get(*path) {
                    take(p);
                }
            }
        }
        None => parsed.iter().flatten().for_each(take),
    }
    items
}

/// Slugs become folder names: they must not collide, even on case-insensitive file systems.
fn check_slugs<'a, T>(
    items: &'a [Arc<T>],
    slug: impl Fn(&T) -> &str,
    path: impl Fn(&T) -> String,
    diags: &mut Vec<Diagnostic>,
) {
    let mut seen: HashMap<std::borrow::Cow<'a, str>, &'a T> = HashMap::default();
    for item in items {
        let s = slug(item);
        // Lowercased only when it has capitals; paths are formatted only for an error.
        let folded = if s.bytes().any(|b| b.is_ascii_uppercase()) {
            std::borrow::Cow::Owned(s.to_ascii_lowercase())
        } else {
            std::borrow::Cow::Borrowed(slug(item.as_ref()))
        };
        if let Some(first) = seen.insert(folded, item) {
            diags.push(
                Diagnostic::error(path(item), format!("duplicate slug \"{s}\""))
                    .with_help(format!("{} has the same slug; rename one of the files", path(first))),
            );
        }
    }
}

/// The Markdown files directly inside `dir` (relative to root), sorted by name so the order never
/// depends on the file system.
pub fn list_markdown(root: &Path, dir: &str) -> Result<Vec<String>, Diagnostic> {
    let full = root.join(dir);
    let entries = match std::fs::read_dir(&full) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Diagnostic::error(dir, format!("cannot list the folder: {e}"))),
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| is_listed(n))
        .map(|n| format!("{dir}/{n}"))
        .collect();
    names.sort();
    Ok(names)
}

/// Whether a file name in a content folder is content: Markdown, not hidden, not a README.
fn is_listed(name: &str) -> bool {
    name.ends_with(".md") && !name.starts_with('.') && !name.eq_ignore_ascii_case("README.md")
}

/// Load and validate a whole site. On failure, every error (and warning) found.
/// `now` is the instant the site describes; some warnings depend on it (an incident open for a
/// week is probably a forgotten one).
pub fn load(root: &Path, now: jiff::Timestamp) -> Result<Content, Vec<Diagnostic>> {
    load_with(root, now, None)
}

/// [`load`], reusing and refreshing `cache`.
pub fn load_with(root: &Path, now: jiff::Timestamp, cache: Option<&mut Cache>) -> Result<Content, Vec<Diagnostic>> {
    load_sources(Sources { root, overlay: None }, now, cache)
}

/// [`load`], reading the files of `overlay` from memory instead of the disk.
pub fn load_overlaid(root: &Path, now: jiff::Timestamp, overlay: &Overlay) -> Result<Content, Vec<Diagnostic>> {
    load_sources(
        Sources {
            root,
            overlay: Some(overlay),
        },
        now,
        None,
    )
}

/// Read and validate one maintenance notice (`rel`, with `text`) against the site's configuration,
/// for the author commands that need its phase.
pub fn parse_maintenance(root: &Path, rel: &str, text: &str) -> Result<Maintenance, Vec<Diagnostic>> {
    let (config, _) = load_config(Sources { root, overlay: None })?;
    let file = SourceFile {
        path: rel.to_owned(),
        text: text.to_owned(),
    };
    match maintenance::parse(&file, &config) {
        (Some(m), _) => Ok(m),
        (None, diags) => Err(diags),
    }
}

/// The window an update with `phase` at `at` to the notice `m` is about: `m` itself, or for a
/// recurring notice the occurrence the update would belong to ([`occurrences::assign`]), with its
/// own updates and cancellation. The author commands judge an update by it.
pub fn window_concerned(
    root: &Path,
    m: &Maintenance,
    phase: Option<statusmark_feed::MaintenancePhase>,
    at: jiff::Timestamp,
) -> Result<Maintenance, Vec<Diagnostic>> {
    let Some(r) = m.recurrence.as_deref() else {
        return Ok(m.clone());
    };
    let (config, _) = load_config(Sources { root, overlay: None })?;
    Ok(occurrences::concerned(m, r, &config, phase, at).unwrap_or_else(|| m.clone()))
}

/// The site's configuration alone, validated.
pub fn config_of(root: &Path) -> Result<Config, Vec<Diagnostic>> {
    load_config(Sources { root, overlay: None }).map(|(config, _)| config)
}

fn load_config(sources: Sources<'_>) -> Result<(Config, SourceFile), Vec<Diagnostic>> {
    load_config_kept(sources, None)
}

/// [`load_config`], reusing `kept` (a text and what it parsed to) when the file holds that text.
fn load_config_kept(
    sources: Sources<'_>,
    kept: Option<&(String, Config)>,
) -> Result<(Config, SourceFile), Vec<Diagnostic>> {
    let root = sources.root;
    let config_file = sources.read(config::CONFIG_PATH).map(|(f, _)| f).map_err(|d| {
        vec![
            if d.message.starts_with("cannot read") && !root.join(config::CONFIG_PATH).exists() {
                Diagnostic::error(config::CONFIG_PATH, "no site configuration found").with_help(format!(
                    "create {} with a title and [[components]], or pass --root to point at your site",
                    config::CONFIG_PATH
                ))
            } else {
                d
            },
        ]
    })?;
    if let Some((_, config)) = kept.filter(|(text, _)| *text == config_file.text) {
        config::check_logo(config, &config_file, root)?;
        return Ok((config.clone(), config_file));
    }
    Ok((config::parse_in(&config_file, root)?, config_file))
}

/// Translations (`<slug>.<code>.md`) of both folders, checked against their originals.
fn load_translations(
    (sources, listed_incidents, listed_maintenances): (Sources<'_>, &Listed, &Listed),
    (mut cache, trust): (Option<&mut Cache>, bool),
    config: &Config,
    (incidents, maintenances): (&[Arc<Incident>], &[Arc<Maintenance>]),
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Arc<IncidentTranslation>>, Vec<Arc<MaintenanceTranslation>>) {
    let incident_translations = load_folder(
        sources,
        (listed_incidents, true),
        (cache.as_deref_mut().map(|c| &mut c.incident_translations), trust),
        |_| true,
        |file| {
            let checker = translation::TranslationChecker {
                config,
                label: incident::parse_update_status,
                postmortem: true,
            };
            translation::parse(file, &checker)
        },
        diags,
    );
    let maintenance_translations = load_folder(
        sources,
        (listed_maintenances, true),
        (cache.map(|c| &mut c.maintenance_translations), trust),
        |_| true,
        |file| {
            let checker = translation::TranslationChecker {
                config,
                label: maintenance::parse_phase,
                postmortem: false,
            };
            translation::parse(file, &checker)
        },
        diags,
    );
    translation::check_against(
        &incident_translations,
        |slug| format!("incidents/{slug}.md"),
        |slug| {
            let i = incidents.iter().find(|i| i.slug == slug)?;
            // Read back to compare texts; a file changed meanwhile is the build's to report.
            let text = i.text().ok();
            let part = |f: &dyn Fn(&incident::IncidentText<'_>) -> String| text.as_ref().map(f).unwrap_or_default();
            let updates = i.updates.iter().enumerate().map(|(n, u)| translation::OriginalUpdate {
                kind: u.status,
                at: u.at,
                text: part(&|t| t.update(n).to_owned()),
            });
            Some(translation::Original {
                title: i.title.clone(),
                updates: updates.collect(),
                summary: part(&|t| t.summary().to_owned()),
                postmortem: i
                    .postmortem
                    .is_some()
                    .then(|| part(&|t| t.postmortem().unwrap_or_default().to_owned())),
            })
        },
        |kind, at| format!("{} — {}", kind.label(), at.strftime("%Y-%m-%dT%H:%M:%SZ")),
        &config.languages,
        diags,
    );
    translation::check_against(
        &maintenance_translations,
        |slug| format!("content/maintenance/{slug}.md"),
        |slug| {
            maintenances.iter().find(|m| m.slug == slug).map(|m| {
                let updates = m.updates.iter().map(|u| translation::OriginalUpdate {
                    kind: u.phase,
                    at: u.at,
                    text: u.body.clone(),
                });
                translation::Original {
                    title: m.title.clone(),
                    updates: updates.collect(),
                    summary: m.summary.trim().to_owned(),
                    postmortem: None,
                }
            })
        },
        |kind, at| {
            let word = kind.map_or("Update", |p| p.label());
            format!("{word} — {}", at.strftime("%Y-%m-%dT%H:%M:%SZ"))
        },
        &config.languages,
        diags,
    );
    (incident_translations, maintenance_translations)
}

fn load_sources(
    sources: Sources<'_>,
    now: jiff::Timestamp,
    mut cache: Option<&mut Cache>,
) -> Result<Content, Vec<Diagnostic>> {
    let (config, config_file) = load_config_kept(sources, cache.as_deref().and_then(|c| c.config.as_ref()))?;
    if let Some(cache) = cache.as_deref_mut()
        && cache.config.as_ref().map(|(text, _)| text.as_str()) != Some(config_file.text.as_str())
    {
        // The revisions go on counting: what was worked out of a load before the change must
        // not pass for what is worked out of a load after it.
        *cache = Cache {
            trust: cache.trust,
            config: Some((config_file.text, config.clone())),
            revisions: cache.revisions,
            ..Cache::default()
        };
    }
    let mut diags = Vec::new();
    let trust = cache.as_ref().is_some_and(|c| c.trust);
    let forgotten = cache.as_deref_mut().map(|c| c.settle_listings(sources.root));
    let listed_incidents = listing(sources, "incidents", cache.as_deref_mut(), &mut diags);
    let listed_maintenances = listing(sources, "content/maintenance", cache.as_deref_mut(), &mut diags);
    if let Some(cache) = cache.as_deref_mut()
        && let Some(forgotten) = &forgotten
        && trust
        && sources.overlay.is_none()
        && diags.is_empty()
        && let Some(content) = patched(
            cache,
            sources,
            (&config, now),
            (&listed_incidents, &listed_maintenances),
            forgotten,
        )
    {
        return Ok(content);
    }
    // An open incident is parsed again every time: its warnings depend on `now`.
    let incidents = load_folder(
        sources,
        (&listed_incidents, false),
        (cache.as_deref_mut().map(|c| &mut c.incidents), trust),
        |i: &Incident| i.resolved.is_some(),
        |file| incident::parse_at(file, &config, now, sources.disk_root(&file.path)),
        &mut diags,
    );
    let maintenances = load_folder(
        sources,
        (&listed_maintenances, false),
        (cache.as_deref_mut().map(|c| &mut c.maintenances), trust),
        |_: &Maintenance| true,
        |file| maintenance::parse(file, &config),
        &mut diags,
    );
    let (incident_translations, maintenance_translations) = load_translations(
        (sources, &listed_incidents, &listed_maintenances),
        (cache.as_deref_mut(), trust),
        &config,
        (&incidents, &maintenances),
        &mut diags,
    );
    let listings = (listed_incidents, listed_maintenances);
    let unchanged = |c: &Cache| {
        c.slugs_checked
            .as_ref()
            .is_some_and(|(i, m)| Arc::ptr_eq(i, &listings.0) && Arc::ptr_eq(m, &listings.1))
    };
    // At 10,000 incidents the check costs `serve` about 3 ms per rebuild, for nothing after an edit.
    if !cache.as_deref().is_some_and(unchanged) {
        check_slugs(&incidents, |i| &i.slug, Incident::path, &mut diags);
        check_slugs(&maintenances, |m| &m.slug, Maintenance::path, &mut diags);
    }
    let files_warned = diags.len();
    occurrences::check_names(&maintenances, &mut diags);
    occurrences::check_cancelled(&maintenances, now, &mut diags);

    if diags.iter().any(Diagnostic::is_error) {
        return Err(failed(cache, diags));
    }
    // What the next load needs to patch this one (`serve` only).
    let kept = cache
        .as_ref()
        .map(|_| Kept::of(&incidents, &maintenances, &diags[..files_warned]));
    let (incidents, maintenances, drafts) = published(incidents, maintenances);
    let mut content = Content {
        config,
        incidents: Arc::new(incidents),
        recurring: series(&maintenances),
        maintenances: Arc::new(maintenances),
        warnings: diags,
        drafts,
        incident_translations,
        maintenance_translations,
        revision: 0,
        patched: None,
    };
    if let Some(cache) = cache
        && let Some(kept) = kept
    {
        cache.revisions += 1;
        content.revision = cache.revisions;
        cache.keep(listings, &content, kept);
    }
    Ok(content)
}

/// A load that found errors: none of it is kept for the next to patch; its diagnostics by file
/// and place.
fn failed(cache: Option<&mut Cache>, mut diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    if let Some(cache) = cache {
        cache.last = None;
        cache.replaced.clear();
    }
    diags.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    diags
}

/// The recurring notices (series) of `maintenances`, in its order.
fn series(maintenances: &[Arc<Maintenance>]) -> Vec<Arc<Maintenance>> {
    maintenances
        .iter()
        .filter(|m| m.recurrence.is_some())
        .cloned()
        .collect()
}

/// What a load keeps of its files for the next to patch it, taken before drafts are set aside.
struct Kept {
    open: Vec<String>,
    series: Vec<Arc<Maintenance>>,
    warnings: Vec<Diagnostic>,
}

impl Kept {
    fn of(incidents: &[Arc<Incident>], maintenances: &[Arc<Maintenance>], warnings: &[Diagnostic]) -> Kept {
        let mut open: Vec<String> = incidents
            .iter()
            .filter(|i| i.resolved.is_none())
            .map(|i| i.path())
            .collect();
        open.sort_unstable();
        Kept {
            open,
            series: series(maintenances),
            warnings: warnings.to_vec(),
        }
    }
}

impl Cache {
    /// Keep a load that passed for the next to patch ([`patched`]).
    fn keep(&mut self, listings: (Listing, Listing), content: &Content, kept: Kept) {
        self.slugs_checked = Some(listings.clone());
        self.replaced.clear();
        self.last = Some(Last {
            listings,
            content: Content {
                warnings: kept.warnings,
                ..content.clone()
            },
            series: kept.series,
            open: kept.open,
        });
    }
}

/// The published incidents and notices, each newest first, and the drafts set aside. Drafts
/// are validated and take part in the slug check (publishing one must not collide); from then on
/// they are only a list of paths.
fn published(
    mut incidents: Vec<Arc<Incident>>,
    mut maintenances: Vec<Arc<Maintenance>>,
) -> (Vec<Arc<Incident>>, Vec<Arc<Maintenance>>, Vec<Draft>) {
    let mut drafts = Vec::new();
    let draft = |path: String, title: &str| Draft {
        path,
        title: title.to_owned(),
    };
    set_drafts_aside(&mut incidents, |i| i.draft, |i| draft(i.path(), &i.title), &mut drafts);
    set_drafts_aside(
        &mut maintenances,
        |m| m.draft,
        |m| draft(m.path(), &m.title),
        &mut drafts,
    );
    drafts.sort_by(|a, b| a.path.cmp(&b.path));
    newest_first(&mut incidents, |i| i.started, |i| &i.slug);
    newest_first(&mut maintenances, |m| m.scheduled_for, |m| &m.slug);
    (incidents, maintenances, drafts)
}

/// The last load patched with the incident reports read again (the ones reported changed and
/// the open ones), when that gives what a full load would: both folders list the same files, no
/// notice or translation was reported, and each report read again parses, warns as before,
/// keeps its start (its place in the list) and whether it is a draft (and a draft its title),
/// and has no translation. `None` otherwise, and the full load runs. At 100,000 incidents a
/// full load after an edit took about a sixth of a `serve` rebuild: a look-up and a handle for
/// every cached parse, setting drafts aside, sorting.
fn patched(
    cache: &mut Cache,
    sources: Sources<'_>,
    (config, now): (&Config, jiff::Timestamp),
    (incidents, maintenances): (&Listing, &Listing),
    forgotten: &[String],
) -> Option<Content> {
    let last = cache.last.as_ref()?;
    if !Arc::ptr_eq(&last.listings.0, incidents) || !Arc::ptr_eq(&last.listings.1, maintenances) {
        return None;
    }
    // Each with whether it was reported (else it is an open one, read again for `now`).
    let mut again: Vec<(&str, &Parsed<Incident>, bool)> = Vec::new();
    for rel in forgotten {
        if maintenances.names.binary_search(rel).is_ok() {
            return None;
        }
        // Not content (a theme file, data, a README), or the configuration, which empties the
        // cache when it changes.
        let Ok(n) = incidents.names.binary_search(rel) else {
            continue;
        };
        if incidents.translation[n] {
            return None;
        }
        again.push((rel, cache.replaced.get(rel)?, true));
    }
    for rel in &last.open {
        if forgotten.binary_search(rel).is_err() {
            again.push((rel, cache.incidents.get(rel)?, false));
        }
    }
    let list = &last.content.incidents;
    let mut patches = Vec::with_capacity(again.len());
    for (rel, old, reported) in again {
        let (file, stamp) = sources.read(rel).ok()?;
        let (new, diags) = incident::parse_at(&file, config, now, sources.disk_root(rel));
        let (new, was) = (new?, old.item.as_ref()?);
        // Translations are checked against their original's text, which only a reported edit
        // changes.
        let translated = || reported && last.content.incident_translations.iter().any(|t| t.slug == new.slug);
        if diags != old.diags || new.draft != was.draft || translated() {
            return None;
        }
        let place = if new.draft {
            (new.title == was.title).then_some(None)?
        } else {
            if new.started != was.started {
                return None;
            }
            let at = list
                .binary_search_by(|i| new.started.cmp(&i.started).then_with(|| new.slug.cmp(&i.slug)))
                .ok()
                .filter(|&at| Arc::ptr_eq(&list[at], was))?;
            Some(at)
        };
        patches.push((
            rel.to_owned(),
            place,
            Arc::new(new),
            Parsed {
                stamp,
                item: None,
                diags,
            },
        ));
    }
    // Run again as a full load runs it: it depends on `now`. (The notices' names need no check:
    // the list is the one a full load that passed checked, every notice unchanged since.)
    let mut warnings = last.content.warnings.clone();
    occurrences::check_cancelled(&last.series, now, &mut warnings);
    if warnings.iter().any(Diagnostic::is_error) {
        return None;
    }
    let last = cache.last.as_mut()?;
    let list = Arc::make_mut(&mut last.content.incidents);
    let mut replaced = Vec::new();
    for (rel, place, item, mut parsed) in patches {
        if let Some(at) = place {
            replaced.push((at, std::mem::replace(&mut list[at], Arc::clone(&item))));
        }
        match (last.open.binary_search(&rel), item.resolved.is_none()) {
            (Ok(n), false) => drop(last.open.remove(n)),
            (Err(n), true) => last.open.insert(n, rel.clone()),
            _ => {}
        }
        parsed.item = Some(item);
        cache.incidents.insert(rel, parsed);
    }
    cache.replaced.clear();
    cache.revisions += 1;
    let patched = Patched {
        of: last.content.revision,
        replaced,
    };
    last.content.revision = cache.revisions;
    let c = &last.content;
    Some(Content {
        config: config.clone(),
        incidents: Arc::clone(&c.incidents),
        maintenances: Arc::clone(&c.maintenances),
        recurring: c.recurring.clone(),
        warnings,
        drafts: c.drafts.clone(),
        incident_translations: c.incident_translations.clone(),
        maintenance_translations: c.maintenance_translations.clone(),
        revision: c.revision,
        patched: Some(patched),
    })
}

/// Sort `items` newest first by `at`, then by slug from Z to A, as a stable `sort_by` would, but
/// reading each item once: at 100,000 incidents, comparing behind every `Arc` took 9 ms of each
/// `serve` rebuild.
fn newest_first<T, K: Ord + Copy>(items: &mut Vec<Arc<T>>, at: impl Fn(&T) -> K, slug: impl Fn(&T) -> &str) {
    let mut order: Vec<(K, usize)> = items.iter().enumerate().map(|(n, item)| (at(item), n)).collect();
    order.sort_unstable_by(|a, b| {
        (b.0.cmp(&a.0))
            .then_with(|| slug(&items[b.1]).cmp(slug(&items[a.1])))
            .then(a.1.cmp(&b.1))
    });
    let mut slots: Vec<Option<Arc<T>>> = items.drain(..).map(Some).collect();
    items.extend(order.iter().filter_map(|&(_, n)| slots[n].take()));
}

/// The text of every Markdown file of the project (the demo's reports, the fixture sites, the bad
/// inputs of the tests), for the tests that hold a fast path to the general one it stands in for.
#[cfg(test)]
pub(crate) fn project_markdown() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    ["incidents", "content", "tests/fixtures"]
        .iter()
        .flat_map(|dir| walkdir::WalkDir::new(root.join(dir)))
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_first_sorts_as_a_stable_sort_by_time_then_slug_from_z_to_a() {
        let items: Vec<Arc<(u32, &str)>> = [(1, "b"), (3, "a"), (1, "c"), (3, "z"), (2, "m"), (1, "b")]
            .into_iter()
            .map(Arc::new)
            .collect();
        let mut ours = items.clone();
        newest_first(&mut ours, |i| i.0, |i| i.1);
        let mut theirs = items.clone();
        theirs.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| b.1.cmp(a.1)));
        let same = |a: &[Arc<(u32, &str)>], b: &[Arc<(u32, &str)>]| a.iter().zip(b).all(|(x, y)| Arc::ptr_eq(x, y));
        assert!(same(&ours, &theirs), "{ours:?} against {theirs:?}");
        assert_eq!(ours.len(), 6);
        assert_eq!(*ours[0], (3, "z"));
    }

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("incidents")).unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::write(
            dir.path().join(config::CONFIG_PATH),
            "title = \"T\"\n[[components]]\nid = \"api\"\nname = \"API\"\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("incidents/a.md"),
            "---\ntitle: On disk\nstarted: 2026-11-20T10:00:00Z\n---\n",
        )
        .unwrap();
        dir
    }

    /// Loads through a trusted cache, after edits reported one at a time, give what a full load
    /// gives (the open incident's warning included); an edit that keeps every report's place
    /// patches the last load's list, and one that moves a report makes a new list.
    #[test]
    fn reported_edits_patch_the_last_load_and_give_what_a_full_load_gives() {
        let dir = site();
        let root = dir.path();
        let write = |rel: &str, text: &str| std::fs::write(root.join(rel), text).unwrap();
        write(
            "incidents/b.md",
            "---\ntitle: Open\nstarted: 2026-11-20T11:00:00Z\n---\n",
        );
        write(
            "incidents/c.md",
            "---\ntitle: Draft\ndraft: true\nstarted: 2026-11-19T11:00:00Z\nresolved: 2026-11-19T12:00:00Z\n---\n\nBefore.\n",
        );
        write(
            "incidents/d.md",
            "---\ntitle: Old\nstarted: 2026-10-01T11:00:00Z\nresolved: 2026-10-01T12:00:00Z\n---\n",
        );
        let now: jiff::Timestamp = "2026-11-30T00:00:00Z".parse().unwrap();
        let shape = |c: &Content| {
            let items: Vec<(String, String)> = c.incidents.iter().map(|i| (i.slug.clone(), i.title.clone())).collect();
            (items, c.drafts.clone(), c.warnings.clone())
        };
        let mut cache = Cache {
            trust: true,
            ..Cache::default()
        };
        let first = load_with(root, now, Some(&mut cache)).unwrap();
        assert_eq!(
            first.warnings.len(),
            2,
            "the open incidents are over a week old: {:?}",
            first.warnings
        );
        let mut list = Arc::as_ptr(&first.incidents);
        drop(first);
        let steps = [
            ("incidents/a.md", "title: On disk", "title: Renamed", true),
            ("incidents/b.md", "title: Open", "title: Still open", true),
            ("incidents/c.md", "Before.", "After.", true),
            ("incidents/c.md", "title: Draft", "title: Draft renamed", false),
            ("incidents/d.md", "started: 2026-10-01", "started: 2026-11-25", false),
            ("incidents/d.md", "title: Old", "title: Moved", true),
            ("incidents/c.md", "draft: true", "draft: false", false),
            ("incidents/a.md", "title: Renamed", "title: [broken", false),
        ];
        for (rel, from, to, patched) in steps {
            let text = std::fs::read_to_string(root.join(rel)).unwrap();
            assert!(text.contains(from), "{rel}: {from}");
            write(rel, &text.replace(from, to));
            cache.forget(rel);
            let step = format!("{rel}: {to}");
            let (ours, full) = (load_with(root, now, Some(&mut cache)), load(root, now));
            match (ours, full) {
                (Ok(ours), Ok(full)) => {
                    assert_eq!(shape(&ours), shape(&full), "{step}");
                    assert_eq!(Arc::as_ptr(&ours.incidents) == list, patched, "patched, {step}");
                    list = Arc::as_ptr(&ours.incidents);
                }
                (Err(ours), Err(full)) => assert_eq!(ours, full, "{step}"),
                (ours, full) => panic!("{step}: {ours:?} against {full:?}"),
            }
        }
    }

    /// `serve` lists the folders again after every quiet check: a folder listed to the same
    /// names is the same listing, so an edit reported after a pause still patches the last load;
    /// a file added meanwhile, unreported, is found by the listing and loaded in full. Both when
    /// the next load lists ([`Cache::relist`]) and when the listing is done at once
    /// ([`Cache::relist_now`], as `serve` does).
    #[test]
    fn a_folder_listed_again_to_the_same_names_still_patches_the_last_load() {
        for at_once in [false, true] {
            let dir = site();
            let root = dir.path();
            let relist = |cache: &mut Cache| match at_once {
                true => cache.relist_now(root),
                false => cache.relist(),
            };
            let now: jiff::Timestamp = "2026-11-21T00:00:00Z".parse().unwrap();
            let titles = |c: &Content| c.incidents.iter().map(|i| i.title.clone()).collect::<Vec<_>>();
            let mut cache = Cache {
                trust: true,
                ..Cache::default()
            };
            let list = Arc::as_ptr(&load_with(root, now, Some(&mut cache)).unwrap().incidents);
            let edit = |cache: &mut Cache, to: &str| {
                let text = std::fs::read_to_string(root.join("incidents/a.md")).unwrap();
                let text = text.replacen(
                    &text[text.find("title:").unwrap()..text.find("\nstarted").unwrap()],
                    to,
                    1,
                );
                std::fs::write(root.join("incidents/a.md"), text).unwrap();
                cache.forget("incidents/a.md");
            };

            relist(&mut cache);
            edit(&mut cache, "title: After a pause");
            let patched = load_with(root, now, Some(&mut cache)).unwrap();
            assert_eq!(
                Arc::as_ptr(&patched.incidents),
                list,
                "patched after the folders were listed again ({at_once})"
            );
            assert_eq!(titles(&patched), ["After a pause"]);
            drop(patched);

            std::fs::write(
                root.join("incidents/b.md"),
                "---\ntitle: Added unreported\nstarted: 2026-11-20T09:00:00Z\nresolved: 2026-11-20T09:30:00Z\n---\n",
            )
            .unwrap();
            relist(&mut cache);
            edit(&mut cache, "title: With a new neighbour");
            let full = load_with(root, now, Some(&mut cache)).unwrap();
            assert_ne!(
                Arc::as_ptr(&full.incidents),
                list,
                "a new file makes a new list ({at_once})"
            );
            assert_eq!(titles(&full), titles(&load(root, now).unwrap()));
            assert_eq!(titles(&full), ["With a new neighbour", "Added unreported"]);
        }
    }

    /// A folder moved in as a whole is reported as the folder alone: the files kept below it are
    /// read again, not taken from the cache under their unchanged names.
    #[test]
    fn a_folder_forgotten_forgets_the_files_below_it() {
        let dir = site();
        let root = dir.path();
        let now: jiff::Timestamp = "2026-11-21T00:00:00Z".parse().unwrap();
        let titles = |c: &Content| c.incidents.iter().map(|i| i.title.clone()).collect::<Vec<_>>();
        // Resolved: its parse is kept (an open incident's is read again at every load).
        let resolved = |title: &str| {
            format!("---\ntitle: {title}\nstarted: 2026-11-20T09:00:00Z\nresolved: 2026-11-20T09:30:00Z\n---\n")
        };
        std::fs::write(root.join("incidents/b.md"), resolved("Before")).unwrap();
        let mut cache = Cache {
            trust: true,
            ..Cache::default()
        };
        let first = titles(&load_with(root, now, Some(&mut cache)).unwrap());
        assert!(first.contains(&"Before".to_owned()), "{first:?}");
        std::fs::create_dir(root.join("incidents.new")).unwrap();
        std::fs::copy(root.join("incidents/a.md"), root.join("incidents.new/a.md")).unwrap();
        std::fs::write(root.join("incidents.new/b.md"), resolved("Moved in")).unwrap();
        std::fs::remove_dir_all(root.join("incidents")).unwrap();
        std::fs::rename(root.join("incidents.new"), root.join("incidents")).unwrap();
        cache.forget("incidents");
        let moved = titles(&load_with(root, now, Some(&mut cache)).unwrap());
        assert!(moved.contains(&"Moved in".to_owned()), "{moved:?}");
        assert_eq!(moved, titles(&load(root, now).unwrap()));
    }

    /// [`Cache::relist_now`] lists the folders when it is called, not at the next load (`serve`
    /// calls it while idle, to keep listing out of the next edit's rebuild): a file added after
    /// it is only found once reported, as the watcher does.
    #[test]
    fn relisting_now_lists_at_once() {
        let dir = site();
        let root = dir.path();
        let now: jiff::Timestamp = "2026-11-21T00:00:00Z".parse().unwrap();
        let titles = |c: &Content| c.incidents.iter().map(|i| i.title.clone()).collect::<Vec<_>>();
        let mut cache = Cache {
            trust: true,
            ..Cache::default()
        };
        let first = titles(&load_with(root, now, Some(&mut cache)).unwrap());
        cache.relist_now(root);
        std::fs::write(
            root.join("incidents/b.md"),
            "---\ntitle: Added after\nstarted: 2026-11-20T09:00:00Z\nresolved: 2026-11-20T09:30:00Z\n---\n",
        )
        .unwrap();
        assert_eq!(titles(&load_with(root, now, Some(&mut cache)).unwrap()), first);
        cache.forget("incidents/b.md");
        let reported = titles(&load_with(root, now, Some(&mut cache)).unwrap());
        assert_eq!(reported, titles(&load(root, now).unwrap()));
        assert!(reported.contains(&"Added after".to_owned()), "{reported:?}");
    }

    /// What `serve` keeps of a load is matched by its revision: a change to the configuration
    /// empties the cache, and the revisions after it must not repeat those before.
    #[test]
    fn revisions_go_on_counting_when_the_configuration_changes() {
        let dir = site();
        let now: jiff::Timestamp = "2026-11-30T00:00:00Z".parse().unwrap();
        let mut cache = Cache {
            trust: true,
            ..Cache::default()
        };
        let before: Vec<u64> = (0..3)
            .map(|_| {
                cache.forget("incidents/a.md");
                load_with(dir.path(), now, Some(&mut cache)).unwrap().revision
            })
            .collect();
        let config = dir.path().join(config::CONFIG_PATH);
        let text = std::fs::read_to_string(&config).unwrap();
        std::fs::write(&config, format!("# edited\n{text}")).unwrap();
        cache.forget(config::CONFIG_PATH);
        let after = load_with(dir.path(), now, Some(&mut cache)).unwrap().revision;
        assert!(before.iter().all(|&r| r < after), "{before:?} then {after}");
    }

    #[test]
    fn an_overlay_replaces_files_and_adds_new_ones_to_their_folder() {
        let dir = site();
        let now: jiff::Timestamp = "2026-11-21T00:00:00Z".parse().unwrap();
        let mut overlay = Overlay::new();
        overlay.insert(
            "incidents/a.md",
            "---\ntitle: In memory\nstarted: 2026-11-20T10:00:00Z\n---\n",
        );
        overlay.insert(
            "incidents/b.md",
            "---\ntitle: New\nstarted: 2026-11-20T11:00:00Z\n---\n",
        );
        // Not a content file of the folder: listed nowhere.
        overlay.insert("incidents/deeper/c.md", "not front matter");
        let content = load_overlaid(dir.path(), now, &overlay).unwrap();
        let titles: Vec<&str> = content.incidents.iter().map(|i| i.title.as_str()).collect();
        assert_eq!(titles, ["New", "In memory"]);
        // The disk is as it was.
        let content = load(dir.path(), now).unwrap();
        assert_eq!(content.incidents.len(), 1);
        assert_eq!(content.incidents[0].title, "On disk");
    }

    #[test]
    fn overlaid_text_gets_the_checks_of_text_read_from_disk() {
        let dir = site();
        let now: jiff::Timestamp = "2026-11-21T00:00:00Z".parse().unwrap();
        let mut overlay = Overlay::new();
        overlay.insert("incidents/a.md", "---\ntitle: x\u{0}\n---\n");
        let errors = load_overlaid(dir.path(), now, &overlay).unwrap_err();
        assert_eq!(errors[0].path, "incidents/a.md");
        assert_eq!(errors[0].message, "the file contains a NUL byte; is it binary?");
    }
}

//! What an emitter returns: a *plan* of the files it would produce, each with its path, a key of
//! exactly the inputs it depends on, and a way to render it. Nothing here renders or writes by
//! itself; the planner ([`crate::planner`]) decides what to render and hands the bytes to the
//! writer.

use std::hash::{Hash, Hasher};

use super::RenderError;

/// A fingerprint of a file's inputs: equal keys mean the file would come out the same, but for
/// the build time in its footer ("Last updated"), which keys leave out on purpose: otherwise
/// every page would be rendered again on every rebuild of `serve`, whose clock moves. Valid within
/// one process (it is never written anywhere).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key(u64);

impl Key {
    pub fn of(inputs: impl Hash) -> Key {
        let mut h = rustc_hash::FxHasher::default();
        inputs.hash(&mut h);
        Key(h.finish())
    }

    /// The key as a number (to pick a group by).
    pub fn bits(self) -> u64 {
        self.0
    }
}

type Render<'r> = Box<dyn Fn() -> Result<Vec<u8>, RenderError> + Send + Sync + 'r>;

/// One file of the output, not yet rendered.
pub struct Planned<'r> {
    /// Relative, `/`-separated.
    pub path: String,
    /// `None` for a file that depends on too much to name, or in a full build: it is rendered
    /// every time.
    pub key: Option<Key>,
    render: Render<'r>,
}

impl std::fmt::Debug for Planned<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Planned")
            .field("path", &self.path)
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

impl<'r> Planned<'r> {
    /// A file rendered on demand from inputs summed up in `key` (`None`: not compared).
    pub fn lazy(
        path: impl Into<String>,
        key: Option<Key>,
        render: impl Fn() -> Result<Vec<u8>, RenderError> + Send + Sync + 'r,
    ) -> Planned<'r> {
        Planned {
            path: path.into(),
            key,
            render: Box::new(render),
        }
    }

    /// A file rendered every time.
    pub fn always(
        path: impl Into<String>,
        render: impl Fn() -> Result<Vec<u8>, RenderError> + Send + Sync + 'r,
    ) -> Planned<'r> {
        Planned {
            path: path.into(),
            key: None,
            render: Box::new(render),
        }
    }

    /// A file whose bytes are already known (small outputs, or ones worked out together): its
    /// key is its content.
    pub fn ready(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Planned<'r> {
        let bytes: Vec<u8> = bytes.into();
        Planned {
            path: path.into(),
            key: Some(Key::of(&bytes)),
            render: Box::new(move || Ok(bytes.clone())),
        }
    }

    /// A file that cannot be rendered: planning it needed a text that could not be read back.
    pub fn failed(path: impl Into<String>, error: crate::content::text::TextError) -> Planned<'r> {
        Planned::always(path, move || Err(error.clone().into()))
    }

    pub fn render(&self) -> Result<Vec<u8>, RenderError> {
        (self.render)()
    }
}

/// A template's output as bytes, for [`Planned::lazy`] closures.
pub fn text(result: Result<String, RenderError>) -> Result<Vec<u8>, RenderError> {
    result.map(String::into_bytes)
}

type Expand<'r> = Box<dyn Fn() -> Vec<Planned<'r>> + Send + Sync + 'r>;

/// Many files planned as one: the pages of the incidents (or maintenance windows, or the
/// windows' `event.ics` files) whose slugs hash to one bucket, or a run of the archive's pages
/// ([`super::archive::groups`]). In `serve` a group whose key is
/// unchanged is kept whole without planning its files, so an edit to one incident checks the
/// files of its own group, not every page of the site (issue #20: at 10,000 incidents, about 40
/// pages instead of 14,700).
pub struct Group<'r> {
    /// Names the group across rebuilds (`incidents#17`, `de/incidents#17`).
    pub name: String,
    /// A key of every member file's path and key: equal keys, every file would come out the same.
    pub key: Option<Key>,
    /// A key of the member files' paths only (what the sitemap shows of them).
    pub paths_key: Key,
    /// Prepended to every member's path: the language's folder.
    pub prefix: String,
    /// How many files it has.
    pub len: usize,
    /// Its files are pages, which the sitemap lists (not `event.ics` files).
    pub listed: bool,
    expand: Expand<'r>,
}

impl std::fmt::Debug for Group<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Group")
            .field("name", &self.name)
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

impl<'r> Group<'r> {
    pub fn new(
        name: impl Into<String>,
        (key, paths_key): (Option<Key>, Key),
        len: usize,
        expand: impl Fn() -> Vec<Planned<'r>> + Send + Sync + 'r,
    ) -> Group<'r> {
        Group {
            name: name.into(),
            key,
            paths_key,
            prefix: String::new(),
            len,
            listed: true,
            expand: Box::new(expand),
        }
    }

    /// The same group, of files the sitemap does not list.
    pub fn unlisted(self) -> Group<'r> {
        Group { listed: false, ..self }
    }

    /// The paths of the group's files within the language's folder.
    pub fn paths(&self) -> Vec<String> {
        (self.expand)().into_iter().map(|f| f.path).collect()
    }

    /// The group's files, with their paths in the language's folder.
    pub fn files(&self) -> Vec<Planned<'r>> {
        let mut files = (self.expand)();
        if !self.prefix.is_empty() {
            for file in &mut files {
                file.path.insert_str(0, &self.prefix);
            }
        }
        files
    }
}

/// A site's plan: files planned one by one, and groups of files planned together (only when
/// keys are compared: a full build has every file in `files`).
#[derive(Debug, Default)]
pub struct Plan<'r> {
    pub files: Vec<Planned<'r>>,
    pub groups: Vec<std::sync::Arc<Group<'r>>>,
}

/// What `f` gives for each item of a list, hashed in order without collecting it.
struct Each<'a, T, V>(&'a [T], fn(&T) -> V);

impl<T, V: Hash> Hash for Each<'_, T, V> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.0.len().hash(h);
        for item in self.0 {
            (self.1)(item).hash(h);
        }
    }
}

/// How many groups an emitter's files are planned in (see [`Group`]): at 10,000 incidents about
/// 40 pages a group, at 100,000 about 400.
const GROUPS: u64 = 256;

/// One item of a bucket: its number, its page's key, the hash of its slug.
type Member = (usize, Option<Key>, u64);

/// A bucket's items (by number), its number and key, and the key of its pages' paths.
#[derive(Clone, Debug)]
struct Bucket {
    at: u64,
    members: std::sync::Arc<Vec<Member>>,
    key: Option<Key>,
    paths: Key,
}

impl Bucket {
    fn new(at: u64, members: Vec<Member>, keyed: bool) -> Bucket {
        // Its pages' paths, by their slugs' hashes.
        let paths = Key::of(Each(&members, |m| m.2));
        Bucket {
            at,
            key: keyed.then(|| Key::of((paths, Each(&members, |m| m.1)))),
            members: std::sync::Arc::new(members),
            paths,
        }
    }
}

/// Items in buckets by a hash of their slugs, each bucket keyed by its members' paths and keys
/// ([`Buckets::groups`] plans them as groups named `<kind>#<bucket>`; a full build, keys not
/// compared, has one). `serve` keeps an emitter's buckets from one rebuild to the next and sets
/// the keys of the items that changed ([`Buckets::set`]), or keeps them whole while their items
/// are the same ([`super::kept::KeptViews::windows`]), instead of working out every item's key
/// and putting every item in its bucket again.
#[derive(Clone, Debug, Default)]
pub struct Buckets {
    keyed: bool,
    /// The non-empty ones, by number.
    list: Vec<Bucket>,
}

impl Buckets {
    /// Items `0..keys.len()`, each with its page's key and a hash of its slug: in [`GROUPS`]
    /// buckets when `keyed`, else in one.
    pub fn of(keyed: bool, keys: Vec<(Option<Key>, u64)>) -> Buckets {
        let buckets = if keyed { GROUPS } else { 1 };
        // Each bucket sized first: at 100,000 items, growing 256 lists as they fill was a tenth of
        // this function's time at every `serve` rebuild.
        let mut sizes = vec![0usize; buckets as usize];
        for (_, slug) in &keys {
            sizes[(slug % buckets) as usize] += 1;
        }
        let mut members: Vec<Vec<Member>> = sizes.into_iter().map(Vec::with_capacity).collect();
        for (n, (key, slug)) in keys.into_iter().enumerate() {
            members[(slug % buckets) as usize].push((n, key, slug));
        }
        let list = members
            .into_iter()
            .zip(0..)
            .filter(|(m, _)| !m.is_empty())
            .map(|(members, at)| Bucket::new(at, members, keyed))
            .collect();
        Buckets { keyed, list }
    }

    /// Item `n`, whose slug's hash is `slug` as before, now has the page key `key`: its bucket's
    /// key is worked out again. `None` if the buckets hold no item `n` with that slug.
    pub fn set(&mut self, n: usize, key: Option<Key>, slug: u64) -> Option<()> {
        let at = if self.keyed { slug % GROUPS } else { 0 };
        let b = self.list.binary_search_by_key(&at, |b| b.at).ok()?;
        let bucket = &mut self.list[b];
        let m = bucket.members.binary_search_by_key(&n, |m| m.0).ok()?;
        if bucket.members[m].2 != slug {
            return None;
        }
        if bucket.members[m].1 != key {
            std::sync::Arc::make_mut(&mut bucket.members)[m].1 = key;
            let members = bucket.members.as_slice();
            bucket.key = self.keyed.then(|| Key::of((bucket.paths, Each(members, |m| m.1))));
        }
        Some(())
    }

    /// The buckets as groups named `<kind>#<bucket>`, their pages planned by `page`.
    pub fn groups<'r>(
        &self,
        kind: &str,
        page: impl Fn(usize, Option<Key>) -> Planned<'r> + Clone + Send + Sync + 'r,
    ) -> Vec<Group<'r>> {
        self.list
            .iter()
            .map(|b| {
                let (page, members) = (page.clone(), b.members.clone());
                Group::new(format!("{kind}#{}", b.at), (b.key, b.paths), members.len(), move || {
                    members.iter().map(|&(n, key, _)| page(n, key)).collect()
                })
            })
            .collect()
    }
}

//! The only code that touches the output folder, and it knows nothing of what it writes: paths
//! and bytes. Two ways to write:
//!
//! - [`Staging`] (`build`): files are streamed into a staging folder beside the output as they are
//!   rendered (so a large site is never held in memory whole), and the folder is swapped in only
//!   when the build completes: a failed build leaves the previous output untouched, and the output
//!   is never missing for longer than two renames.
//! - [`InPlace`] (`serve`): one file at a time, each through a temporary name and a rename.
//!
//! Both refuse paths that would leave the output folder and paths that collide ignoring case.

use rustc_hash::FxHashSet;
use std::hash::Hasher;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WriteError {
    #[error("refusing to write outside the output folder: {0}")]
    UnsafePath(String),
    #[error("two generated files have the same path (ignoring case): {0}")]
    Duplicate(String),
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error(
        "refusing to write the site into {}: {why}, and the build replaces the output folder whole; choose a folder of its own (the default is public/ under the root)",
        out.display()
    )]
    OutHoldsSources { out: PathBuf, why: String },
}

/// The folders under a site's root that a build reads.
const SOURCES: [&str; 4] = ["content", "incidents", "site", "data"];

/// Refuse an output folder that would take the site's sources with it when it is replaced: the
/// root itself or a folder holding it, or a folder inside one the build reads. Links are
/// followed, as [`Staging::create`] follows them (`public -> .` is the root).
pub fn check_out(root: &Path, out: &Path) -> Result<(), WriteError> {
    let Ok(root) = std::fs::canonicalize(root) else {
        // Reading the sources reports a missing root.
        return Ok(());
    };
    let target = resolved(out);
    let refuse = |why: String| {
        Err(WriteError::OutHoldsSources {
            out: out.to_owned(),
            why,
        })
    };
    if root.starts_with(&target) {
        return refuse(if target == root {
            "it is the site's root".into()
        } else {
            format!("it holds the site's root {}", root.display())
        });
    }
    match SOURCES.iter().find(|s| target.starts_with(root.join(s))) {
        Some(s) => refuse(format!("it is in {s}/, which the build reads")),
        None => Ok(()),
    }
}

/// Where `path` leads: its nearest existing folder with every link resolved, then the rest of it.
fn resolved(path: &Path) -> PathBuf {
    let path = link_target(path).unwrap_or_else(|_| path.to_owned());
    let mut rest = Vec::new();
    let mut at = path.as_path();
    loop {
        if let Ok(real) = std::fs::canonicalize(at) {
            return rest.iter().rev().fold(real, |p, name| p.join(name));
        }
        match (at.parent(), at.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                at = if parent.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    parent
                };
            }
            _ => return path,
        }
    }
}

/// What a link leads to, resolved if it exists, else its target as written (beside the link
/// when relative): a link to a folder not made yet is where the first build goes.
fn link_target(link: &Path) -> std::io::Result<PathBuf> {
    if !std::fs::symlink_metadata(link)?.file_type().is_symlink() {
        return Ok(link.to_owned());
    }
    std::fs::canonicalize(link).or_else(|_| {
        let target = std::fs::read_link(link)?;
        Ok(link.parent().map_or_else(|| target.clone(), |p| p.join(&target)))
    })
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.to_owned(),
        source,
    }
}

/// `rel` as a path, if it stays inside the output folder: relative, `/`-separated, no empty,
/// `.` or `..` segments, no backslashes (a separator on Windows).
fn checked(rel: &str) -> Result<&Path, WriteError> {
    let ok = !rel.is_empty()
        && !rel.contains('\\')
        && rel.split('/').all(|seg| !seg.is_empty() && seg != "." && seg != "..");
    let p = Path::new(rel);
    if ok && p.components().next().is_some_and(|c| matches!(c, Component::Normal(_))) {
        Ok(p)
    } else {
        Err(WriteError::UnsafePath(rel.to_owned()))
    }
}

/// Paths seen, refusing escapes and case-insensitive collisions (two slugs differing only in
/// case would overwrite each other on macOS and Windows). Folded paths are remembered by a 128-bit
/// hash, not a copy: a site of 100,000 incidents has over 140,000 files.
#[derive(Default)]
struct PathBook {
    folded: Mutex<FxHashSet<u128>>,
}

impl PathBook {
    /// `rel`, checked ([`checked`]) and claimed: an error if it, or a path differing from it only
    /// in letter case, was claimed before.
    fn claim<'p>(&self, rel: &'p str) -> Result<&'p Path, WriteError> {
        let path = checked(rel)?;
        let folded = fold_hash(rel);
        let mut seen = self.folded.lock().map_err(|_| WriteError::Duplicate(rel.to_owned()))?;
        if !seen.insert(folded) {
            return Err(WriteError::Duplicate(rel.to_owned()));
        }
        Ok(path)
    }
}

/// Two independent 64-bit hashes of the ASCII-lowercased path.
fn fold_hash(rel: &str) -> u128 {
    let lower = rel.to_ascii_lowercase();
    let mut a = rustc_hash::FxHasher::default();
    let mut b = std::collections::hash_map::DefaultHasher::new();
    a.write(lower.as_bytes());
    b.write(lower.as_bytes());
    (u128::from(a.finish()) << 64) | u128::from(b.finish())
}

/// A staging folder beside `out`, filled by [`Staging::put`] and swapped in by [`Staging::commit`].
/// Dropped without a commit, it removes itself and leaves `out` as it was. When `out` is a link
/// to a folder (`public -> /srv/www/status`), the folder it points at is the one replaced, and
/// the link stays.
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    /// The staging folder, open: files and folders are made relative to it.
    #[cfg(unix)]
    at: rustix::fd::OwnedFd,
    old: PathBuf,
    book: PathBook,
    /// The folders made so far, by a hash of their path (see [`Staging::put`]).
    made: Mutex<FxHashSet<u64>>,
    files: AtomicUsize,
    bytes: AtomicUsize,
    committed: bool,
}

impl Staging {
    pub fn create(out: &Path) -> Result<Staging, WriteError> {
        let target = match link_target(out) {
            Ok(target) => target,
            // Not there yet: made by the commit.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => out.to_owned(),
            Err(e) => return Err(io(out)(e)),
        };
        let out = target.as_path();
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(io(&parent))?;
        let name = out
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(io(&dir))?;
        }
        std::fs::create_dir_all(&dir).map_err(io(&dir))?;
        #[cfg(unix)]
        let at = {
            use rustix::fs::{Mode, OFlags};
            let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
            match rustix::fs::open(&dir, flags, Mode::empty()) {
                Ok(at) => at,
                Err(e) => {
                    remove_tree(&dir);
                    return Err(io(&dir)(e.into()));
                }
            }
        };
        Ok(Staging {
            out: out.to_owned(),
            dir,
            #[cfg(unix)]
            at,
            old,
            book: PathBook::default(),
            made: Mutex::default(),
            files: AtomicUsize::new(0),
            bytes: AtomicUsize::new(0),
            committed: false,
        })
    }

    /// (files, bytes) written so far.
    pub fn written(&self) -> (usize, usize) {
        (self.files.load(Ordering::Relaxed), self.bytes.load(Ordering::Relaxed))
    }

    /// Replace `out` with the staged site.
    pub fn commit(mut self) -> Result<(), WriteError> {
        if self.out.exists() {
            std::fs::rename(&self.out, &self.old).map_err(io(&self.out))?;
            if let Err(e) = std::fs::rename(&self.dir, &self.out) {
                // Put the previous site back before reporting.
                let _ = std::fs::rename(&self.old, &self.out);
                return Err(WriteError::Io {
                    path: self.out.clone(),
                    source: e,
                });
            }
            remove_tree(&self.old);
        } else {
            std::fs::rename(&self.dir, &self.out).map_err(io(&self.out))?;
        }
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            remove_tree(&self.dir);
        }
    }
}

/// Remove a folder and everything in it, as `remove_dir_all` does, but on all cores: the previous
/// output of a large site is over 14,000 files (10,000 incidents), and removing them one by one
/// took 0.3 s of a 1 s build. The entries two levels down (`incidents/<slug>`, `history/2`, …)
/// are removed in parallel, then what is left. Best effort, like the removal it replaces: what
/// cannot be removed stays. A link is removed as a link, `dir` included: an output folder that
/// is a link to somewhere else loses the link, never what it points at.
fn remove_tree(dir: &Path) {
    use rayon::prelude::*;
    if !std::fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir()) {
        // A link to a folder is a folder to remove on Windows.
        let _ = std::fs::remove_file(dir).or_else(|_| std::fs::remove_dir(dir));
        return;
    }
    let children = |d: &Path| -> Vec<(PathBuf, bool)> {
        std::fs::read_dir(d).map_or_else(
            |_| Vec::new(),
            |entries| {
                entries
                    .flatten()
                    .map(|e| (e.path(), e.file_type().is_ok_and(|t| t.is_dir())))
                    .collect()
            },
        )
    };
    let second: Vec<(PathBuf, bool)> = children(dir)
        .into_iter()
        .filter(|(_, is_dir)| *is_dir)
        .flat_map(|(d, _)| children(&d))
        .collect();
    second.par_iter().for_each(|(path, is_dir)| {
        let _ = if *is_dir {
            std::fs::remove_dir_all(path)
        } else {
            std::fs::remove_file(path)
        };
    });
    let _ = std::fs::remove_dir_all(dir);
}

impl Staging {
    /// Write one file of the new output. Safe to call from many threads.
    ///
    /// A file's folder is made unless this staging made it before (a file in a folder of its
    /// own, the most common case, costs one `mkdir`; the next file in that folder none). The
    /// record of folders made is only a hint, kept by hash: a file whose folder turns out to be
    /// missing makes it and is created again.
    pub fn put(&self, rel: &str, bytes: &[u8]) -> Result<(), WriteError> {
        let path = self.book.claim(rel)?;
        let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
        if let Some(folder) = folder
            && !self.was_made(folder)
        {
            self.make_folder(folder).map_err(|e| self.failed(folder, e))?;
        }
        match (self.write_file(path, bytes), folder) {
            (Err(e), Some(folder)) if e.kind() == std::io::ErrorKind::NotFound => {
                self.make_folder(folder).map_err(|e| self.failed(folder, e))?;
                self.write_file(path, bytes).map_err(|e| self.failed(path, e))?;
            }
            (done, _) => done.map_err(|e| self.failed(path, e))?,
        }
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(bytes.len(), Ordering::Relaxed);
        Ok(())
    }

    /// An error at `at`, named by its path inside the staging folder.
    fn failed(&self, at: &Path, source: std::io::Error) -> WriteError {
        WriteError::Io {
            path: self.dir.join(at),
            source,
        }
    }

    fn was_made(&self, folder: &Path) -> bool {
        let hash = path_hash(folder);
        self.made.lock().is_ok_and(|made| made.contains(&hash))
    }

    /// Make `folder` (relative to the staging folder) and the folders above it, and record them.
    fn make_folder(&self, folder: &Path) -> std::io::Result<()> {
        match self.mkdir(folder) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if let Some(up) = folder.parent().filter(|p| !p.as_os_str().is_empty()) {
                    self.make_folder(up)?;
                }
                self.mkdir(folder)?;
            }
            done => done?,
        }
        let hash = path_hash(folder);
        if let Ok(mut made) = self.made.lock() {
            made.insert(hash);
        }
        Ok(())
    }

    /// One folder, relative to the staging folder; one already there is no error, nor is a file
    /// of that name (creating a file in it then fails, naming the file).
    fn mkdir(&self, folder: &Path) -> std::io::Result<()> {
        #[cfg(unix)]
        let made =
            rustix::fs::mkdirat(&self.at, folder, rustix::fs::Mode::from_raw_mode(0o777)).map_err(std::io::Error::from);
        #[cfg(not(unix))]
        let made = std::fs::create_dir(self.dir.join(folder));
        match made {
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
            done => done,
        }
    }

    /// One file, relative to the staging folder: on unix by `openat` from the open folder, where
    /// a path from the root would have the kernel walk the staging folder's own path again for
    /// each of the 14,746 files of a site of 10,000 incidents.
    fn write_file(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        #[cfg(unix)]
        {
            use rustix::fs::{Mode, OFlags};
            use std::io::Write as _;
            let flags = OFlags::WRONLY | OFlags::CREATE | OFlags::TRUNC | OFlags::CLOEXEC;
            let fd = rustix::fs::openat(&self.at, path, flags, Mode::from_raw_mode(0o666))?;
            std::fs::File::from(fd).write_all(bytes)
        }
        #[cfg(not(unix))]
        std::fs::write(self.dir.join(path), bytes)
    }
}

fn path_hash(path: &Path) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    h.write(path.as_os_str().as_encoded_bytes());
    h.finish()
}

/// `create_dir_all` for [`InPlace::put`], one system call fewer for a folder that is there:
/// `create_dir_all` asks again whether it is a folder, where writing into it will say so anyway.
fn make_folder_in_place(dir: &Path) -> std::io::Result<()> {
    match std::fs::create_dir(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => std::fs::create_dir_all(dir),
        done => done,
    }
}

/// Updates an output folder in place, for `serve`: a put replaces one file (write to a temporary
/// name, then rename, so a reader never sees half a file); files not put are left alone, and
/// [`InPlace::finish`] removes the ones the site no longer has.
///
/// Unlike [`Staging`] the folder is not swapped as a whole: a render that fails halfway leaves
/// some pages new and some old. `serve` only uses it after the content validated; the planner
/// remembers which files a failed update brought up to date, so the next one finishes the rest.
pub struct InPlace {
    out: PathBuf,
    book: PathBook,
    files: AtomicUsize,
}

impl InPlace {
    pub fn new(out: &Path) -> InPlace {
        InPlace {
            out: out.to_owned(),
            book: PathBook::default(),
            files: AtomicUsize::new(0),
        }
    }

    /// Files written so far.
    pub fn written(&self) -> usize {
        self.files.load(Ordering::Relaxed)
    }

    /// Replace one file. Safe to call from many threads.
    pub fn put(&self, rel: &str, bytes: &[u8]) -> Result<(), WriteError> {
        let path = self.out.join(self.book.claim(rel)?);
        let dir = path.parent().unwrap_or(&self.out);
        make_folder_in_place(dir).map_err(io(dir))?;
        let mut tmp = path.clone().into_os_string();
        tmp.push(".statusmark-tmp");
        std::fs::write(&tmp, bytes).map_err(io(Path::new(&tmp)))?;
        std::fs::rename(&tmp, &path).map_err(io(&path))?;
        self.files.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Remove the files at `gone` (the previous output had them, this one has not), and folders
    /// left empty by that.
    pub fn finish(self, gone: &[String]) -> Result<(), WriteError> {
        for gone in gone {
            let path = self.out.join(checked(gone)?);
            match std::fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(io(&path)(e)),
            }
            let mut dir = path.parent();
            while let Some(d) = dir.filter(|d| *d != self.out) {
                // Fails, and stops, at the first folder that still has something in it.
                if std::fs::remove_dir(d).is_err() {
                    break;
                }
                dir = d.parent();
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Write `files` as the new content of `out` (all or nothing), as `build` does.
    fn write_site(out: &Path, files: &[(&str, &str)]) -> Result<(), WriteError> {
        let staging = Staging::create(out)?;
        for (path, text) in files {
            staging.put(path, text.as_bytes())?;
        }
        staging.commit()
    }

    fn leftovers(dir: &Path) -> Vec<std::ffi::OsString> {
        std::fs::read_dir(dir)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name())
            .collect()
    }

    #[test]
    fn replaces_the_whole_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[("a/index.html", "one"), ("stale.txt", "x")]).unwrap();
        write_site(&out, &[("a/index.html", "two")]).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a/index.html")).unwrap(), "two");
        assert!(!out.join("stale.txt").exists());
        assert_eq!(leftovers(dir.path()), [std::ffi::OsString::from("public")]);
    }

    #[test]
    fn the_previous_output_is_removed_at_every_depth_without_following_links() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let mut old: Vec<(String, &str)> = (0..40).map(|n| (format!("incidents/i{n}/index.html"), "old")).collect();
        old.extend([
            ("index.html".to_owned(), "old"),
            ("history/2/index.html".to_owned(), "old"),
            ("a/b/c/d/e.txt".to_owned(), "old"),
            ("a/f.txt".to_owned(), "old"),
        ]);
        let old: Vec<(&str, &str)> = old.iter().map(|(p, t)| (p.as_str(), *t)).collect();
        write_site(&out, &old).unwrap();
        // Something outside the output, linked from inside it: removing the output must remove
        // the links, never what they point at.
        let outside = dir.path().join("keep");
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("precious.txt"), "mine").unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&outside, out.join("a/link")).unwrap();
            std::os::unix::fs::symlink(&outside, out.join("incidents/i3/link")).unwrap();
        }
        write_site(&out, &[("index.html", "new")]).unwrap();
        assert_eq!(leftovers(&out), [std::ffi::OsString::from("index.html")]);
        assert_eq!(
            leftovers(dir.path()).len(),
            2,
            "public and keep: {:?}",
            leftovers(dir.path())
        );
        assert_eq!(std::fs::read_to_string(outside.join("precious.txt")).unwrap(), "mine");
    }

    #[cfg(unix)]
    #[test]
    fn an_output_folder_that_is_a_link_stays_a_link_to_the_new_site() {
        let dir = tempfile::tempdir().unwrap();
        let www = dir.path().join("www");
        std::fs::create_dir_all(&www).unwrap();
        let target = www.join("status");
        write_site(&target, &[("incidents/a/index.html", "old"), ("index.html", "old")]).unwrap();
        let out = dir.path().join("public");
        std::os::unix::fs::symlink(&target, &out).unwrap();
        write_site(&out, &[("index.html", "new")]).unwrap();
        assert!(std::fs::symlink_metadata(&out).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(target.join("index.html")).unwrap(), "new");
        assert_eq!(leftovers(&target), [std::ffi::OsString::from("index.html")]);
        assert_eq!(leftovers(&www), [std::ffi::OsString::from("status")]);
    }

    #[test]
    fn an_output_folder_that_would_take_the_sources_with_it_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        for sub in ["content", "incidents"] {
            std::fs::create_dir_all(root.join(sub)).unwrap();
        }
        let refused = |out: &Path| matches!(check_out(&root, out), Err(WriteError::OutHoldsSources { .. }));
        assert!(refused(&root));
        assert!(refused(&root.join(".")));
        assert!(refused(dir.path()));
        assert!(refused(&root.join("incidents")));
        assert!(refused(&root.join("content/site")), "not made yet, inside content/");
        assert!(refused(&root.join("data")), "a source folder even before it exists");
        assert!(!refused(&root.join("public")));
        assert!(!refused(&root.join("contents")));
        assert!(!refused(&dir.path().join("elsewhere")));
        #[cfg(unix)]
        {
            let link = |name: &str, to: &str| {
                std::os::unix::fs::symlink(to, root.join(name)).unwrap();
                root.join(name)
            };
            assert!(refused(&link("here", ".")));
            assert!(refused(&link("up", "..")));
            assert!(refused(&link("posts", "incidents")));
            assert!(
                !refused(&link("www", "../www/status")),
                "a link to a folder not made yet"
            );
        }
    }

    /// A link to a folder not made yet (a first deploy) is where the site goes; the link stays.
    #[cfg(unix)]
    #[test]
    fn a_link_to_a_folder_not_made_yet_gets_the_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::os::unix::fs::symlink("www/status", &out).unwrap();
        write_site(&out, &[("index.html", "new")]).unwrap();
        assert!(std::fs::symlink_metadata(&out).unwrap().file_type().is_symlink());
        let made = dir.path().join("www/status/index.html");
        assert_eq!(std::fs::read_to_string(made).unwrap(), "new");
    }

    /// The removal itself never follows a link, the folder it is given included.
    #[cfg(unix)]
    #[test]
    fn removing_a_link_to_a_folder_leaves_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let kept = dir.path().join("kept");
        std::fs::create_dir_all(kept.join("a/b")).unwrap();
        std::fs::write(kept.join("a/b/c.txt"), "mine").unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&kept, &link).unwrap();
        remove_tree(&link);
        assert!(std::fs::symlink_metadata(&link).is_err());
        assert_eq!(std::fs::read_to_string(kept.join("a/b/c.txt")).unwrap(), "mine");
    }

    #[test]
    fn refuses_paths_that_escape_or_collide_and_keeps_the_old_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[("index.html", "good")]).unwrap();
        for bad in [
            "../evil",
            "/etc/x",
            "a/../../b",
            "",
            "a//b",
            "./x",
            "a/.",
            "..\\x",
            "a/",
        ] {
            let err = write_site(&out, &[(bad, "bad")]).unwrap_err();
            assert!(matches!(err, WriteError::UnsafePath(_)), "{bad}");
        }
        let err = write_site(&out, &[("A.html", "x"), ("a.html", "y")]).unwrap_err();
        assert!(matches!(err, WriteError::Duplicate(_)));
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "good");
        assert_eq!(
            leftovers(dir.path()),
            [std::ffi::OsString::from("public")],
            "staging folders must not be left behind"
        );
    }

    #[test]
    fn files_land_at_every_depth_and_a_wrong_record_of_folders_made_costs_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let staging = Staging::create(&out).unwrap();
        // A folder recorded as made that is not there (what a clash of hashes would look like):
        // the file makes it after all.
        staging.made.lock().unwrap().insert(path_hash(Path::new("x/y")));
        let files = [
            ("x/y/z.html", "deep"),
            ("a/b/index.html", "one"),
            ("a/b/feed.xml", "two"),
            ("a/c.html", "three"),
            ("top.txt", "four"),
        ];
        for (path, text) in files {
            staging.put(path, text.as_bytes()).unwrap();
        }
        assert_eq!(staging.written(), (5, 19));
        staging.commit().unwrap();
        for (path, text) in files {
            assert_eq!(std::fs::read_to_string(out.join(path)).unwrap(), text, "{path}");
        }
        // A file where a folder must go is an error naming the path, not a panic.
        let staging = Staging::create(&out).unwrap();
        staging.put("a", b"file").unwrap();
        let err = staging.put("a/b.html", b"x").unwrap_err();
        assert!(
            matches!(&err, WriteError::Io { path, .. } if path.ends_with("a/b.html")),
            "{err}"
        );
        // A folder that cannot be made is the one named.
        let err = staging.put("a/b/c.html", b"x").unwrap_err();
        assert!(
            matches!(&err, WriteError::Io { path, .. } if path.ends_with("a/b")),
            "{err}"
        );
    }

    #[test]
    fn in_place_writes_keeps_and_removes_what_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[("a.html", "one"), ("b/c.html", "two"), ("gone/x.html", "x")]).unwrap();
        let in_place = InPlace::new(&out);
        in_place.put("a.html", b"new").unwrap();
        assert_eq!(in_place.written(), 1);
        assert!(matches!(in_place.put("A.html", b"x"), Err(WriteError::Duplicate(_))));
        in_place.finish(&["gone/x.html".to_owned()]).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a.html")).unwrap(), "new");
        assert_eq!(std::fs::read_to_string(out.join("b/c.html")).unwrap(), "two");
        assert!(!out.join("gone").exists(), "an emptied folder goes too");
    }
}

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

use rustc_hash::{FxHashMap, FxHashSet};
use std::hash::{Hash, Hasher};
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
/// case would overwrite each other on macOS and Windows).
#[derive(Default)]
struct PathBook {
    lower: Mutex<FxHashSet<String>>,
    all: Mutex<Vec<String>>,
}

impl PathBook {
    fn with_capacity(n: usize) -> PathBook {
        PathBook {
            lower: Mutex::new(FxHashSet::with_capacity_and_hasher(n, Default::default())),
            all: Mutex::new(Vec::with_capacity(n)),
        }
    }

    fn claim(&self, rel: &str) -> Result<(), WriteError> {
        checked(rel)?;
        let folded = rel.to_ascii_lowercase();
        let mut lower = self.lower.lock().map_err(|_| WriteError::Duplicate(rel.to_owned()))?;
        if !lower.insert(folded) {
            return Err(WriteError::Duplicate(rel.to_owned()));
        }
        if let Ok(mut all) = self.all.lock() {
            all.push(rel.to_owned());
        }
        Ok(())
    }

    fn into_sorted(self) -> Vec<String> {
        let mut v = self.all.into_inner().unwrap_or_else(|e| e.into_inner());
        v.sort_unstable();
        v
    }
}

/// A staging folder beside `out`, filled by [`Staging::put`] and swapped in by [`Staging::commit`].
/// Dropped without a commit, it removes itself and leaves `out` as it was.
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    old: PathBuf,
    book: PathBook,
    files: AtomicUsize,
    bytes: AtomicUsize,
    committed: bool,
}

impl Staging {
    pub fn create(out: &Path) -> Result<Staging, WriteError> {
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
        Ok(Staging {
            out: out.to_owned(),
            dir,
            old,
            book: PathBook::default(),
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
            let _ = std::fs::remove_dir_all(&self.old);
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
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

impl Staging {
    /// Write one file of the new output. Safe to call from many threads.
    pub fn put(&self, rel: &str, bytes: &[u8]) -> Result<(), WriteError> {
        self.book.claim(rel)?;
        let path = self.dir.join(checked(rel)?);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(io(dir))?;
        }
        std::fs::write(&path, bytes).map_err(io(&path))?;
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(bytes.len(), Ordering::Relaxed);
        Ok(())
    }
}

/// Updates an output folder in place, for `serve`: a put replaces one file (write to a temporary
/// name, then rename, so a reader never sees half a file) unless it already has those bytes, a
/// keep leaves it alone, and [`InPlace::finish`] removes whatever the previous build wrote and this
/// one did not.
///
/// Unlike [`Staging`] the folder is not swapped as a whole: a render that fails halfway leaves
/// some pages new and some old. `serve` only uses it after the content validated, and renders
/// everything again after a failure.
pub struct InPlace {
    out: PathBuf,
    previous: Vec<String>,
    /// Fingerprints of the bytes of files this sink's predecessors wrote, and of those it
    /// writes: a put with the same bytes as the file has is skipped.
    written: Mutex<FxHashMap<String, u64>>,
    book: PathBook,
    files: AtomicUsize,
}

impl InPlace {
    /// `previous`: every path of the output as it stands; `written`: fingerprints of the bytes of
    /// files written in place before (from the previous [`InPlace::finish`]).
    pub fn new(out: &Path, previous: Vec<String>, written: FxHashMap<String, u64>) -> InPlace {
        let book = PathBook::with_capacity(previous.len() + 64);
        InPlace {
            out: out.to_owned(),
            previous,
            written: Mutex::new(written),
            book,
            files: AtomicUsize::new(0),
        }
    }

    /// Files written (not kept) so far.
    pub fn written(&self) -> usize {
        self.files.load(Ordering::Relaxed)
    }

    /// Remove the files of the previous output that this one no longer has, and folders left
    /// empty by that. Returns every path of the output now, and the fingerprints to hand the
    /// next `InPlace`.
    pub fn finish(self) -> Result<(Vec<String>, FxHashMap<String, u64>), WriteError> {
        let now = self.book.into_sorted();
        let mut written = self.written.into_inner().unwrap_or_else(|e| e.into_inner());
        for gone in &self.previous {
            if now.binary_search(gone).is_ok() {
                continue;
            }
            written.remove(gone);
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
        Ok((now, written))
    }
}

impl InPlace {
    /// Replace one file, unless it already holds exactly `bytes`. Safe to call from many threads.
    pub fn put(&self, rel: &str, bytes: &[u8]) -> Result<(), WriteError> {
        self.book.claim(rel)?;
        let path = self.out.join(checked(rel)?);
        let print = fingerprint(bytes);
        if let Ok(mut written) = self.written.lock()
            && written.insert(rel.to_owned(), print) == Some(print)
        {
            return Ok(());
        }
        let dir = path.parent().unwrap_or(&self.out);
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        let mut tmp = path.clone().into_os_string();
        tmp.push(".statusmark-tmp");
        std::fs::write(&tmp, bytes).map_err(io(Path::new(&tmp)))?;
        std::fs::rename(&tmp, &path).map_err(io(&path))?;
        self.files.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Leave the file at `rel` as the previous output has it.
    pub fn keep(&self, rel: &str) -> Result<(), WriteError> {
        self.book.claim(rel)
    }
}

/// A fingerprint of a file's bytes, to skip rewriting identical files (never stored).
fn fingerprint(bytes: &[u8]) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    bytes.hash(&mut h);
    h.finish()
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
    fn in_place_skips_identical_bytes_keeps_and_removes_what_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[("a.html", "one"), ("b/c.html", "two"), ("gone/x.html", "x")]).unwrap();
        let previous = ["a.html", "b/c.html", "gone/x.html"].map(str::to_owned).to_vec();
        let first = InPlace::new(&out, previous, FxHashMap::default());
        first.put("a.html", b"one").unwrap();
        first.keep("b/c.html").unwrap();
        assert_eq!(first.written(), 1, "no fingerprint yet: written");
        let (paths, prints) = first.finish().unwrap();
        assert_eq!(paths, ["a.html", "b/c.html"]);
        assert!(!out.join("gone").exists(), "an emptied folder goes too");
        let second = InPlace::new(&out, paths, prints);
        second.put("a.html", b"one").unwrap();
        second.put("b/c.html", b"three").unwrap();
        assert_eq!(second.written(), 1, "identical bytes are not written again");
        second.finish().unwrap();
        assert_eq!(std::fs::read_to_string(out.join("b/c.html")).unwrap(), "three");
    }
}

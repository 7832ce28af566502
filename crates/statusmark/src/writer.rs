//! The only code that touches the output folder. Files are streamed into a staging folder beside
//! the output as they are rendered (so a large site is never held in memory whole), and the
//! staging folder is swapped in only when the build completes: a failed build leaves the previous
//! output untouched, and the output is never missing for longer than two renames.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// One generated file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative, `/`-separated, never `..`.
    pub path: String,
    pub bytes: Vec<u8>,
}

impl OutputFile {
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        OutputFile {
            path: path.into(),
            bytes: bytes.into(),
        }
    }
}

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

fn checked(rel: &str) -> Result<&Path, WriteError> {
    let p = Path::new(rel);
    let ok = !rel.is_empty() && p.components().all(|c| matches!(c, Component::Normal(_)));
    if ok {
        Ok(p)
    } else {
        Err(WriteError::UnsafePath(rel.to_owned()))
    }
}

/// Where emitters put files. Shared between threads.
pub trait Sink: Sync {
    fn put(&self, file: OutputFile) -> Result<(), WriteError>;
    /// Every path put so far, sorted (for the sitemap and `_headers`).
    fn paths(&self) -> Vec<String>;
}

/// Paths seen, refusing escapes and case-insensitive collisions (two slugs differing only in
/// case would overwrite each other on macOS and Windows).
#[derive(Default)]
struct PathBook {
    lower: Mutex<HashSet<String>>,
    all: Mutex<Vec<String>>,
}

impl PathBook {
    fn claim(&self, rel: &str) -> Result<(), WriteError> {
        checked(rel)?;
        let mut lower = self.lower.lock().map_err(|_| WriteError::Duplicate(rel.to_owned()))?;
        if !lower.insert(rel.to_ascii_lowercase()) {
            return Err(WriteError::Duplicate(rel.to_owned()));
        }
        if let Ok(mut all) = self.all.lock() {
            all.push(rel.to_owned());
        }
        Ok(())
    }

    fn sorted(&self) -> Vec<String> {
        let mut v = self.all.lock().map(|a| a.clone()).unwrap_or_default();
        v.sort();
        v
    }
}

/// A staging folder beside `out`, filled by [`Sink::put`] and swapped in by [`Staging::commit`].
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

impl Sink for Staging {
    fn put(&self, file: OutputFile) -> Result<(), WriteError> {
        self.book.claim(&file.path)?;
        let path = self.dir.join(checked(&file.path)?);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(io(dir))?;
        }
        std::fs::write(&path, &file.bytes).map_err(io(&path))?;
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(file.bytes.len(), Ordering::Relaxed);
        Ok(())
    }
    fn paths(&self) -> Vec<String> {
        self.book.sorted()
    }
}

/// Write `files` as the new content of `out` (all or nothing).
pub fn write_site(out: &Path, files: &[OutputFile]) -> Result<(), WriteError> {
    let staging = Staging::create(out)?;
    for f in files {
        staging.put(f.clone())?;
    }
    staging.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_whole_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(
            &out,
            &[
                OutputFile::new("a/index.html", "one"),
                OutputFile::new("stale.txt", "x"),
            ],
        )
        .unwrap();
        write_site(&out, &[OutputFile::new("a/index.html", "two")]).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a/index.html")).unwrap(), "two");
        assert!(!out.join("stale.txt").exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name())
            .collect();
        assert_eq!(leftovers, [std::ffi::OsString::from("public")]);
    }

    #[test]
    fn refuses_paths_that_escape_or_collide_and_keeps_the_old_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[OutputFile::new("index.html", "good")]).unwrap();
        for bad in ["../evil", "/etc/x", "a/../../b", ""] {
            let err = write_site(&out, &[OutputFile::new(bad, "bad")]).unwrap_err();
            assert!(matches!(err, WriteError::UnsafePath(_)), "{bad}");
        }
        let err = write_site(&out, &[OutputFile::new("A.html", "x"), OutputFile::new("a.html", "y")]).unwrap_err();
        assert!(matches!(err, WriteError::Duplicate(_)));
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "good");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name())
            .collect();
        assert_eq!(
            leftovers,
            [std::ffi::OsString::from("public")],
            "staging folders must not be left behind"
        );
    }
}

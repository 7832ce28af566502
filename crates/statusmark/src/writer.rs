//! The only code that touches the output folder. The whole site is written to a staging folder
//! beside the output, and swapped in only when complete: a failed build leaves the previous
//! output untouched, and the output is never missing for longer than two renames.

use std::path::{Component, Path, PathBuf};

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
    #[error("two generated files have the same path: {0}")]
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

/// Write `files` as the new content of `out`.
pub fn write_site(out: &Path, files: &[OutputFile]) -> Result<(), WriteError> {
    let mut paths: Vec<String> = files.iter().map(|f| f.path.to_ascii_lowercase()).collect();
    paths.sort();
    if let Some(w) = paths.windows(2).find(|w| w[0] == w[1]) {
        return Err(WriteError::Duplicate(w[0].clone()));
    }
    for f in files {
        checked(&f.path)?;
    }
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(io(&parent))?;
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    if staging.exists() {
        std::fs::remove_dir_all(&staging).map_err(io(&staging))?;
    }
    let result = (|| {
        std::fs::create_dir_all(&staging).map_err(io(&staging))?;
        use rayon::prelude::*;
        files.par_iter().try_for_each(|f| {
            let path = staging.join(checked(&f.path)?);
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(io(dir))?;
            }
            std::fs::write(&path, &f.bytes).map_err(io(&path))
        })?;
        if out.exists() {
            std::fs::rename(out, &old).map_err(io(out))?;
            if let Err(e) = std::fs::rename(&staging, out) {
                // Put the previous site back before reporting.
                let _ = std::fs::rename(&old, out);
                return Err(WriteError::Io {
                    path: out.to_owned(),
                    source: e,
                });
            }
            let _ = std::fs::remove_dir_all(&old);
        } else {
            std::fs::rename(&staging, out).map_err(io(out))?;
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
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
    fn refuses_paths_that_escape_and_keeps_the_old_site() {
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
    }
}

//! Markdown bodies kept out of memory. A validated document keeps where its text lives (its file
//! and a digest of the text it was checked from, or the text itself when it came from memory) and
//! the byte ranges of its sections; pages, feeds and notices read the text again when they render
//! it (an incident's page and its feed entry once between them, `render::bodies`). The model's
//! size then does not grow with the size of the reports (issue #20).

use std::borrow::Cow;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::Arc;

/// Where a document's text is read from.
#[derive(Clone, Debug, Hash)]
pub enum Origin {
    /// A file on disk, and a digest and the length of the text (BOM dropped) it was validated from.
    File { path: PathBuf, digest: u64, len: usize },
    /// Text held in memory: an [`super::Overlay`]'s file, or a document parsed from a string.
    Text(Arc<str>),
}

/// The text could not be read back as it was validated.
#[derive(Clone, Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TextError {
    #[error("cannot read {path}: {reason}")]
    Read { path: String, reason: String },
    #[error("{0} changed while the site was being built; build again")]
    Changed(String),
}

/// A digest of a document's text: what [`Origin::File`] checks a reread against, and what keys of
/// outputs showing the text hash instead of the text.
pub fn digest(text: &str) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    text.hash(&mut h);
    h.finish()
}

impl Origin {
    /// Where `text` (validated from `path`, relative to `root`) is found again: on disk when there
    /// is a root, else in memory.
    pub fn of(root: Option<&std::path::Path>, path: &str, text: &str) -> Origin {
        match root {
            Some(root) => Origin::File {
                path: root.join(path),
                digest: digest(text),
                len: text.len(),
            },
            None => Origin::Text(Arc::from(text)),
        }
    }

    /// The text, exactly as it was validated: an error if the file's first bytes (as many as were
    /// validated) changed since.
    pub fn read(&self) -> Result<Cow<'_, str>, TextError> {
        match self {
            Origin::Text(text) => Ok(Cow::Borrowed(text)),
            Origin::File {
                path,
                digest: expected,
                len,
            } => {
                let shown = || path.display().to_string();
                let cannot = |e: std::io::Error| TextError::Read {
                    path: shown(),
                    reason: e.to_string(),
                };
                // The length validated, and the BOM's when the file starts with one: what is read
                // is the text validated, or another digest (a file appended to since reads as it
                // was validated).
                use std::io::Read as _;
                const BOM: &[u8] = "\u{feff}".as_bytes();
                let mut file = std::fs::File::open(path).map_err(cannot)?;
                let mut bytes = read_measured(&mut file, *len).map_err(cannot)?;
                if bytes.starts_with(BOM) {
                    file.take(BOM.len() as u64).read_to_end(&mut bytes).map_err(cannot)?;
                }
                let mut text = String::from_utf8(bytes).map_err(|_| TextError::Changed(shown()))?;
                if text.starts_with('\u{feff}') {
                    text.drain(..'\u{feff}'.len_utf8());
                }
                if digest(&text) != *expected {
                    return Err(TextError::Changed(shown()));
                }
                Ok(Cow::Owned(text))
            }
        }
    }
}

/// The first `len` bytes of `file` (all of it when it is shorter): the length it had when it was
/// measured or validated. Through `Take`, which ends the read at `len` without asking the file:
/// `read_to_end` on the file itself reads once more to find the end, and gets nothing (one
/// system call for every source read, twice per incident in a build). A file written to while it
/// is read may be read in part, as it could be before; a length of 0 (what some file systems say
/// of any file) reads the whole file.
pub(super) fn read_measured(file: &mut std::fs::File, len: usize) -> std::io::Result<Vec<u8>> {
    use std::io::Read as _;
    let mut bytes = Vec::with_capacity(len);
    if len == 0 {
        file.take(super::MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    } else {
        file.take(len as u64).read_to_end(&mut bytes)?;
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_read_back_as_validated_and_a_change_since_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "\u{feff}body").unwrap();
        let origin = Origin::of(Some(dir.path()), "a.md", "body");
        assert_eq!(origin.read().unwrap(), "body");
        std::fs::write(&path, "edited").unwrap();
        assert!(matches!(origin.read(), Err(TextError::Changed(_))));
        std::fs::remove_file(&path).unwrap();
        assert!(matches!(origin.read(), Err(TextError::Read { .. })));
        assert_eq!(Origin::of(None, "a.md", "kept").read().unwrap(), "kept");
    }

    #[test]
    fn a_file_is_read_to_the_length_it_was_measured_at() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        let read = |text: &str, len: usize| {
            std::fs::write(&path, text).unwrap();
            let mut file = std::fs::File::open(&path).unwrap();
            String::from_utf8(read_measured(&mut file, len).unwrap()).unwrap()
        };
        assert_eq!(read("body", 4), "body");
        // Grown since: what was measured, which the caller's digest or stamp tells from the file.
        assert_eq!(read("a longer body", 4), "a lo");
        // Shrunk since: what is there.
        assert_eq!(read("bo", 4), "bo");
        assert_eq!(read("", 0), "");
        // Read back with a BOM the validated text did not have: the same text.
        std::fs::write(&path, "\u{feff}body").unwrap();
        assert_eq!(Origin::of(Some(dir.path()), "a.md", "body").read().unwrap(), "body");
        // Grown by what a digest of the measured length cannot see, and by what it can.
        std::fs::write(&path, "body!").unwrap();
        assert_eq!(Origin::of(Some(dir.path()), "a.md", "body").read().unwrap(), "body");
        std::fs::write(&path, "\u{feff}bod!").unwrap();
        let origin = Origin::of(Some(dir.path()), "a.md", "body");
        assert!(matches!(origin.read(), Err(TextError::Changed(_))));
    }
}

//! The planner: takes the emitters' plan and, for each file, decides whether to render it or keep
//! what the output already has, then hands the bytes to the one writer. Files are rendered in
//! parallel and written as soon as they are ready, so a large site is never in memory whole.
//!
//! Incremental bookkeeping lives here and only here: a [`Memo`] of the key each file of an output
//! folder was rendered from. Nothing in the content, the model or the emitters knows about it.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::render::RenderError;
use crate::render::plan::{Key, Planned};
use crate::writer::{InPlace, Staging, WriteError};

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ApplyError {
    #[error(transparent)]
    Render(#[from] RenderError),
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// What the planner knows of each file of an output folder: the key it was rendered from
/// (`None`: rendered every time) and, once written in place, a fingerprint of its bytes.
#[derive(Debug, Default)]
pub struct Memo {
    files: FxHashMap<String, Remembered>,
}

#[derive(Clone, Copy, Debug, Default)]
struct Remembered {
    key: Option<Key>,
    bytes: Option<Key>,
}

impl Memo {
    /// Every path of the output the memo describes.
    pub fn paths(&self) -> Vec<String> {
        self.files.keys().cloned().collect()
    }

    fn get(&self, path: &str) -> Remembered {
        self.files.get(path).copied().unwrap_or_default()
    }

    /// What an output written from `plan` holds (bytes not fingerprinted).
    pub fn of(plan: &[Planned<'_>]) -> Memo {
        let files = plan.iter().map(|f| {
            (
                f.path.clone(),
                Remembered {
                    key: f.key,
                    bytes: None,
                },
            )
        });
        Memo { files: files.collect() }
    }
}

/// Render every file of `plan` into a fresh output.
pub fn write_all(plan: &[Planned<'_>], staging: &Staging) -> Result<(), ApplyError> {
    plan.par_iter().try_for_each(|file| -> Result<(), ApplyError> {
        let bytes = file.render()?;
        staging.put(&file.path, &bytes)?;
        Ok(())
    })
}

/// Bring an output folder described by `memo` up to date with `plan` in place: files whose key
/// is unchanged are kept without rendering; the rest are rendered, and written unless they come
/// out with the bytes the folder already has.
pub fn update(plan: &[Planned<'_>], memo: &Memo, out: &InPlace) -> Result<Memo, ApplyError> {
    let files = plan
        .par_iter()
        .map(|file| -> Result<(String, Remembered), ApplyError> {
            let before = memo.get(&file.path);
            let bytes = if file.key.is_some() && before.key == file.key {
                out.keep(&file.path)?;
                before.bytes
            } else {
                let rendered = file.render()?;
                let print = Some(Key::of(&rendered));
                if print == before.bytes {
                    out.keep(&file.path)?;
                } else {
                    out.put(&file.path, &rendered)?;
                }
                print
            };
            Ok((file.path.clone(), Remembered { key: file.key, bytes }))
        })
        .collect::<Result<_, _>>()?;
    Ok(Memo { files })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn only_files_whose_inputs_changed_are_rendered_again() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let out = dir.path().join("public");
        let renders = AtomicUsize::new(0);
        let plan = |b: &'static str| {
            let count = |bytes: &'static str| {
                let renders = &renders;
                move || {
                    renders.fetch_add(1, Ordering::Relaxed);
                    Ok(bytes.as_bytes().to_vec())
                }
            };
            vec![
                Planned::lazy("a.html", Some(Key::of("a")), count("A")),
                Planned::lazy("b.html", Some(Key::of(b)), count(b)),
                Planned::always("index.html", count("home")),
            ]
        };
        let staging = Staging::create(&out).unwrap_or_else(|e| panic!("{e}"));
        write_all(&plan("B1"), &staging).unwrap_or_else(|e| panic!("{e}"));
        let memo = Memo::of(&plan("B1"));
        staging.commit().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(renders.swap(0, Ordering::Relaxed), 3);
        let in_place = InPlace::new(&out, memo.paths());
        let memo = update(&plan("B2"), &memo, &in_place).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            renders.swap(0, Ordering::Relaxed),
            2,
            "b.html and the home page, not a.html"
        );
        assert_eq!(in_place.written(), 2, "no fingerprints of their bytes yet");
        in_place.finish().unwrap_or_else(|e| panic!("{e}"));
        // The home page renders again, to the bytes the folder has: it is not written again.
        let in_place = InPlace::new(&out, memo.paths());
        update(&plan("B2"), &memo, &in_place).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((renders.load(Ordering::Relaxed), in_place.written()), (1, 0));
        in_place.finish().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(std::fs::read_to_string(out.join("b.html")).ok().as_deref(), Some("B2"));
        assert_eq!(std::fs::read_to_string(out.join("a.html")).ok().as_deref(), Some("A"));
    }
}

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

/// The key each file of an output folder was rendered from (`None`: rendered every time).
#[derive(Debug, Default)]
pub struct Memo {
    keys: FxHashMap<String, Option<Key>>,
}

impl Memo {
    /// Every path of the output the memo describes.
    pub fn paths(&self) -> Vec<String> {
        self.keys.keys().cloned().collect()
    }

    fn unchanged(&self, file: &Planned<'_>) -> bool {
        file.key.is_some() && self.keys.get(&file.path) == Some(&file.key)
    }

    /// What an output written from `plan` holds.
    pub fn of(plan: &[Planned<'_>]) -> Memo {
        Memo {
            keys: plan.iter().map(|f| (f.path.clone(), f.key)).collect(),
        }
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
/// is unchanged are kept without rendering, the rest are rendered and written.
pub fn update(plan: &[Planned<'_>], memo: &Memo, out: &InPlace) -> Result<Memo, ApplyError> {
    plan.par_iter().try_for_each(|file| -> Result<(), ApplyError> {
        if memo.unchanged(file) {
            out.keep(&file.path)?;
        } else {
            let bytes = file.render()?;
            out.put(&file.path, &bytes)?;
        }
        Ok(())
    })?;
    Ok(Memo::of(plan))
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
        let in_place = InPlace::new(&out, memo.paths(), FxHashMap::default());
        update(&plan("B2"), &memo, &in_place).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            renders.load(Ordering::Relaxed),
            2,
            "b.html and the home page, not a.html"
        );
        in_place.finish().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(std::fs::read_to_string(out.join("b.html")).ok().as_deref(), Some("B2"));
        assert_eq!(std::fs::read_to_string(out.join("a.html")).ok().as_deref(), Some("A"));
    }
}

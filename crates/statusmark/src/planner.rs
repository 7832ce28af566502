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
    /// Counts updates: a file the latest one planned has it as `Remembered::seen`.
    round: u32,
}

#[derive(Clone, Copy, Debug, Default)]
struct Remembered {
    key: Option<Key>,
    bytes: Option<Key>,
    seen: u32,
}

impl Memo {
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
                    seen: 0,
                },
            )
        });
        Memo {
            files: files.collect(),
            round: 0,
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
/// is unchanged are kept without rendering; the rest are rendered, and written unless they come
/// out with the bytes the folder already has. Returns the files of the folder that `plan` no
/// longer has, for [`InPlace::finish`] to remove.
///
/// `memo` says afterwards what the folder holds, even when some file failed: every other file is
/// still brought up to date, and a failed one keeps what `memo` said of it (its render wrote
/// nothing), so the next update after a failure redoes only what failed, not the whole site.
///
/// A path planned twice is an error. Paths differing only in case are caught as they are written
/// (by [`InPlace::put`]), not against kept files: the slug check of the content stops the ones
/// authors can cause, and a full build checks every path.
pub fn update(plan: &[Planned<'_>], memo: &mut Memo, out: &InPlace) -> Result<Vec<String>, ApplyError> {
    let results: Vec<Result<Remembered, ApplyError>> = plan
        .par_iter()
        .map(|file| -> Result<Remembered, ApplyError> {
            let before = memo.get(&file.path);
            let bytes = if file.key.is_some() && before.key == file.key {
                before.bytes
            } else {
                let rendered = file.render()?;
                let print = Some(Key::of(&rendered));
                if print != before.bytes {
                    out.put(&file.path, &rendered)?;
                }
                print
            };
            Ok(Remembered {
                key: file.key,
                bytes,
                seen: 0,
            })
        })
        .collect();
    memo.round = memo.round.wrapping_add(1);
    let round = memo.round;
    let mut first_error = None;
    for (file, result) in plan.iter().zip(results) {
        let slot = match memo.files.get_mut(file.path.as_str()) {
            Some(slot) if slot.seen == round => {
                first_error.get_or_insert(ApplyError::Write(WriteError::Duplicate(file.path.clone())));
                continue;
            }
            Some(slot) => slot,
            None => memo.files.entry(file.path.clone()).or_default(),
        };
        match result {
            Ok(now) => *slot = now,
            // The first in the plan's order: the error reported does not depend on the threads.
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
        slot.seen = round;
    }
    if let Some(e) = first_error {
        // Files the plan dropped stay in the memo: they are in the folder until an update finishes.
        return Err(e);
    }
    let mut gone: Vec<String> = memo
        .files
        .iter()
        .filter(|(_, r)| r.seen != round)
        .map(|(path, _)| path.clone())
        .collect();
    memo.files.retain(|_, r| r.seen == round);
    // Removed in a fixed order.
    gone.sort_unstable();
    Ok(gone)
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
        let mut memo = memo;
        let in_place = InPlace::new(&out);
        let gone = update(&plan("B2"), &mut memo, &in_place).unwrap_or_else(|e| panic!("{e}"));
        assert!(gone.is_empty());
        assert_eq!(
            renders.swap(0, Ordering::Relaxed),
            2,
            "b.html and the home page, not a.html"
        );
        assert_eq!(in_place.written(), 2, "no fingerprints of their bytes yet");
        in_place.finish(&gone).unwrap_or_else(|e| panic!("{e}"));
        // The home page renders again, to the bytes the folder has: it is not written again.
        let in_place = InPlace::new(&out);
        update(&plan("B2"), &mut memo, &in_place).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((renders.load(Ordering::Relaxed), in_place.written()), (1, 0));
        // A file the plan no longer has is removed.
        let in_place = InPlace::new(&out);
        let mut shorter = plan("B2");
        shorter.truncate(2);
        let gone = update(&shorter, &mut memo, &in_place).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(gone, ["index.html"]);
        in_place.finish(&gone).unwrap_or_else(|e| panic!("{e}"));
        assert!(!out.join("index.html").exists());
        assert_eq!(std::fs::read_to_string(out.join("b.html")).ok().as_deref(), Some("B2"));
        assert_eq!(std::fs::read_to_string(out.join("a.html")).ok().as_deref(), Some("A"));
    }

    #[test]
    fn after_a_failed_update_only_what_failed_is_rendered_again() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let out = dir.path().join("public");
        let renders = AtomicUsize::new(0);
        let plan = |a: &'static str, b: Option<&'static str>| {
            let renders = &renders;
            let count = move |bytes: Option<&'static str>| {
                move || {
                    renders.fetch_add(1, Ordering::Relaxed);
                    bytes
                        .map(|b| b.as_bytes().to_vec())
                        .ok_or_else(|| RenderError::from(crate::content::text::TextError::Changed("b.md".into())))
                }
            };
            vec![
                Planned::lazy("a.html", Some(Key::of(a)), count(Some(a))),
                Planned::lazy("b.html", Some(Key::of(b.unwrap_or("B?"))), count(b)),
            ]
        };
        let staging = Staging::create(&out).unwrap_or_else(|e| panic!("{e}"));
        write_all(&plan("A1", Some("B1")), &staging).unwrap_or_else(|e| panic!("{e}"));
        let memo = Memo::of(&plan("A1", Some("B1")));
        staging.commit().unwrap_or_else(|e| panic!("{e}"));
        renders.store(0, Ordering::Relaxed);
        // Both change; b.html fails: a.html is written all the same, b.html keeps its old bytes.
        let mut memo = memo;
        let in_place = InPlace::new(&out);
        assert!(update(&plan("A2", None), &mut memo, &in_place).is_err());
        assert_eq!(renders.swap(0, Ordering::Relaxed), 2);
        assert_eq!(std::fs::read_to_string(out.join("a.html")).ok().as_deref(), Some("A2"));
        assert_eq!(std::fs::read_to_string(out.join("b.html")).ok().as_deref(), Some("B1"));
        // The next update renders b.html only: the memo says a.html is already up to date.
        let in_place = InPlace::new(&out);
        let gone = update(&plan("A2", Some("B2")), &mut memo, &in_place).unwrap_or_else(|e| panic!("{e}"));
        in_place.finish(&gone).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(renders.swap(0, Ordering::Relaxed), 1);
        assert_eq!(std::fs::read_to_string(out.join("b.html")).ok().as_deref(), Some("B2"));
        assert_eq!(memo.files.len(), 2);
    }
}

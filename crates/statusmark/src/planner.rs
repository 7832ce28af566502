//! The planner: takes the emitters' plan and, for each file, decides whether to render it or keep
//! what the output already has, then hands the bytes to the one writer. Files are rendered in
//! parallel and written as soon as they are ready, so a large site is never in memory whole.
//!
//! Incremental bookkeeping lives here and only here: a [`Memo`] of the key each file of an output
//! folder was rendered from. Nothing in the content, the model or the emitters knows about it.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::render::RenderError;
use crate::render::plan::{Key, Plan, Planned};
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
/// (`None`: rendered every time) and, once written in place, a fingerprint of its bytes. The files
/// of a [`Group`] are remembered with it, under its name.
#[derive(Debug, Default)]
pub struct Memo {
    files: FxHashMap<String, Remembered>,
    groups: FxHashMap<String, GroupMemo>,
    /// Counts updates: a file the latest one planned has it as `Remembered::seen`.
    round: u32,
}

#[derive(Clone, Copy, Debug, Default)]
struct Remembered {
    key: Option<Key>,
    bytes: Option<Key>,
    seen: u32,
}

#[derive(Debug, Default)]
struct GroupMemo {
    /// `None` after an update that failed in it: the next one plans its files again.
    key: Option<Key>,
    files: FxHashMap<String, Remembered>,
    seen: u32,
}

impl Memo {
    fn get(&self, path: &str) -> Remembered {
        self.files.get(path).copied().unwrap_or_default()
    }

    /// What an output written from `plan` holds (bytes not fingerprinted).
    pub fn of(plan: &Plan<'_>) -> Memo {
        let remembered = |f: &Planned<'_>| {
            (
                f.path.clone(),
                Remembered {
                    key: f.key,
                    bytes: None,
                    seen: 0,
                },
            )
        };
        let groups = plan.groups.iter().map(|g| {
            let files = g.files().iter().map(remembered).collect();
            (
                g.name.clone(),
                GroupMemo {
                    key: g.key,
                    files,
                    seen: 0,
                },
            )
        });
        Memo {
            files: plan.files.iter().map(remembered).collect(),
            groups: groups.collect(),
            round: 0,
        }
    }
}

/// At most this many files in one piece of [`write_all`]'s work: rayon otherwise splits a list
/// only as far as its threads first steal from each other, and the thread holding the last piece
/// finished it alone (BENCHMARKS.md, "Twenty-ninth sitting").
const WRITE_PIECE: usize = 32;

/// Render every file of `plan` into a fresh output.
pub fn write_all(plan: &Plan<'_>, staging: &Staging) -> Result<(), ApplyError> {
    let write = |file: &Planned<'_>| -> Result<(), ApplyError> {
        let bytes = file.render()?;
        staging.put(&file.path, &bytes)?;
        Ok(())
    };
    plan.files.par_iter().with_max_len(WRITE_PIECE).try_for_each(write)?;
    plan.groups
        .par_iter()
        .try_for_each(|g| g.files().par_iter().with_max_len(WRITE_PIECE).try_for_each(write))
}

/// One file brought up to date: rendered unless its key is the one it was rendered from, and
/// written unless it came out with the bytes the folder already has.
fn refresh(file: &Planned<'_>, before: Remembered, out: &InPlace) -> Result<Remembered, ApplyError> {
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
}

/// What became of a group in an update: kept whole, or its files planned and refreshed.
enum GroupOutcome {
    Kept,
    Planned(Vec<(String, Result<Remembered, ApplyError>)>),
}

/// Record in `memo` what became of each group of `plan` (`memo.round` is this update's), noting
/// the first error; returns, by group, the files a group planned again no longer has.
fn remember_groups<'p>(
    plan: &'p Plan<'_>,
    memo: &mut Memo,
    outcomes: Vec<GroupOutcome>,
    first_error: &mut Option<ApplyError>,
) -> Vec<(&'p str, FxHashMap<String, Remembered>)> {
    let round = memo.round;
    let mut dropped = Vec::new();
    for (group, outcome) in plan.groups.iter().zip(outcomes) {
        // Names are distinct: `update` refused the plan otherwise.
        let slot = memo.groups.entry(group.name.clone()).or_default();
        slot.seen = round;
        let GroupOutcome::Planned(files) = outcome else {
            continue;
        };
        let mut before = std::mem::take(&mut slot.files);
        let mut failed = false;
        let mut now = FxHashMap::with_capacity_and_hasher(files.len(), Default::default());
        for (path, result) in files {
            let was = before.remove(&path);
            match result {
                Ok(r) => {
                    now.insert(path, r);
                }
                Err(e) => {
                    failed = true;
                    first_error.get_or_insert(e);
                    // Its render wrote nothing: the folder has what it had.
                    if let Some(was) = was {
                        now.insert(path, was);
                    }
                }
            }
        }
        slot.files = now;
        slot.key = if failed { None } else { group.key };
        if !before.is_empty() {
            dropped.push((group.name.as_str(), before));
        }
    }
    dropped
}

/// Bring an output folder described by `memo` up to date with `plan` in place: files whose key
/// is unchanged are kept without rendering; the rest are rendered, and written unless they come
/// out with the bytes the folder already has. A group whose key is unchanged is kept whole
/// without planning its files. Returns the files of the folder that `plan` no longer has, for
/// [`InPlace::finish`] to remove.
///
/// `memo` says afterwards what the folder holds, even when some file failed: every other file is
/// still brought up to date, and a failed one keeps what `memo` said of it (its render wrote
/// nothing), so the next update after a failure redoes only what failed, not the whole site.
///
/// A path planned twice is an error (among the files planned one by one; a group's name planned
/// twice too). Paths differing only in case are caught as they are written (by [`InPlace::put`]),
/// not against kept files: the slug check of the content stops the ones authors can cause, and a
/// full build checks every path.
pub fn update(plan: &Plan<'_>, memo: &mut Memo, out: &InPlace) -> Result<Vec<String>, ApplyError> {
    // A group's name planned twice is refused before anything is written: the second's files
    // would be in the folder and in no memo.
    let mut names = rustc_hash::FxHashSet::default();
    if let Some(g) = plan.groups.iter().find(|g| !names.insert(g.name.as_str())) {
        return Err(ApplyError::Write(WriteError::Duplicate(g.name.clone())));
    }
    let results: Vec<Result<Remembered, ApplyError>> = plan
        .files
        .par_iter()
        .map(|file| refresh(file, memo.get(&file.path), out))
        .collect();
    let outcomes: Vec<GroupOutcome> = plan
        .groups
        .par_iter()
        .map(|g| {
            let before = memo.groups.get(&g.name);
            if g.key.is_some() && before.is_some_and(|b| b.key == g.key) {
                return GroupOutcome::Kept;
            }
            let files = g.files();
            let refreshed = files.par_iter().map(|file| {
                let was = before
                    .and_then(|b| b.files.get(&file.path))
                    .copied()
                    .unwrap_or_default();
                refresh(file, was, out)
            });
            let refreshed: Vec<_> = refreshed.collect();
            GroupOutcome::Planned(files.into_iter().map(|f| f.path).zip(refreshed).collect())
        })
        .collect();
    memo.round = memo.round.wrapping_add(1);
    let round = memo.round;
    let mut first_error = None;
    for (file, result) in plan.files.iter().zip(results) {
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
    let dropped = remember_groups(plan, memo, outcomes, &mut first_error);
    if let Some(e) = first_error {
        // Files the plan dropped stay in the memo: they are in the folder until an update
        // finishes. A group that dropped some is planned again by the next one.
        for (name, files) in dropped {
            if let Some(slot) = memo.groups.get_mut(name) {
                slot.files.extend(files);
                slot.key = None;
            }
        }
        return Err(e);
    }
    let mut gone: Vec<String> = dropped.into_iter().flat_map(|(_, files)| files.into_keys()).collect();
    gone.extend(
        memo.files
            .iter()
            .filter(|(_, r)| r.seen != round)
            .map(|(path, _)| path.clone()),
    );
    memo.files.retain(|_, r| r.seen == round);
    for group in memo.groups.values().filter(|g| g.seen != round) {
        gone.extend(group.files.keys().cloned());
    }
    memo.groups.retain(|_, g| g.seen == round);
    // Removed in a fixed order.
    gone.sort_unstable();
    Ok(gone)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::plan::Group;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn flat(files: Vec<Planned<'_>>) -> Plan<'_> {
        Plan {
            files,
            groups: Vec::new(),
        }
    }

    /// A group `name` of pages `<name>/<page>.html`, each keyed and rendered as its text; its key
    /// is every page's.
    fn group<'r>(
        name: &str,
        pages: &[&'static str],
        plans: &'r AtomicUsize,
        renders: &'r AtomicUsize,
    ) -> Arc<Group<'r>> {
        let pages: Vec<&'static str> = pages.to_vec();
        let key = Key::of((name, &pages));
        let dir = name.to_owned();
        Arc::new(Group::new(name, (Some(key), key), pages.len(), move || {
            plans.fetch_add(1, Ordering::Relaxed);
            pages
                .iter()
                .map(|&page| {
                    let body = page.strip_suffix('!');
                    Planned::lazy(
                        format!("{dir}/{}.html", page.trim_end_matches('!')),
                        Some(Key::of(page)),
                        move || {
                            renders.fetch_add(1, Ordering::Relaxed);
                            body.map_or(Ok(page.as_bytes().to_vec()), |_| {
                                Err(RenderError::from(crate::content::text::TextError::Changed(page.into())))
                            })
                        },
                    )
                })
                .collect()
        }))
    }

    #[test]
    fn a_group_whose_key_is_unchanged_is_kept_without_planning_its_files() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let out = dir.path().join("public");
        let (plans, renders) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let site = |a: &[&'static str], b: &[&'static str]| Plan {
            files: vec![Planned::ready("index.html", "home")],
            groups: vec![group("a", a, &plans, &renders), group("b", b, &plans, &renders)],
        };
        let read = |path: &str| std::fs::read_to_string(out.join(path)).ok();
        let staging = Staging::create(&out).unwrap_or_else(|e| panic!("{e}"));
        write_all(&site(&["1", "2"], &["1"]), &staging).unwrap_or_else(|e| panic!("{e}"));
        let mut memo = Memo::of(&site(&["1", "2"], &["1"]));
        staging.commit().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(read("a/2.html").as_deref(), Some("2"));
        let counts = || (plans.swap(0, Ordering::Relaxed), renders.swap(0, Ordering::Relaxed));
        counts();
        let update = |plan: &Plan<'_>, memo: &mut Memo| {
            let in_place = InPlace::new(&out);
            let result = update(plan, memo, &in_place);
            if let Ok(gone) = &result {
                in_place.finish(gone).unwrap_or_else(|e| panic!("{e}"));
            }
            result
        };
        // Nothing changed: no group is planned, no page rendered.
        assert_eq!(update(&site(&["1", "2"], &["1"]), &mut memo).ok(), Some(vec![]));
        assert_eq!(counts(), (0, 0));
        // A page added to `a`: only `a` is planned, and only the new page rendered.
        assert_eq!(update(&site(&["1", "2", "3"], &["1"]), &mut memo).ok(), Some(vec![]));
        assert_eq!(counts(), (1, 1));
        assert_eq!(read("a/3.html").as_deref(), Some("3"));
        // A page dropped from `a` while another of its pages fails: the dropped page stays (the
        // update did not finish), and the group is planned again by the next update.
        assert!(update(&site(&["1!", "3"], &["1"]), &mut memo).is_err());
        assert_eq!(counts(), (1, 1));
        assert_eq!(read("a/2.html").as_deref(), Some("2"));
        // Once nothing fails, the dropped page is removed.
        assert_eq!(
            update(&site(&["1", "3"], &["1"]), &mut memo).ok(),
            Some(vec!["a/2.html".to_owned()])
        );
        assert_eq!(
            counts(),
            (1, 0),
            "planned again, nothing rendered: page 1 never changed"
        );
        assert_eq!(read("a/2.html"), None);
        assert_eq!(read("a/1.html").as_deref(), Some("1"));
        assert_eq!(update(&site(&["1", "3"], &["1"]), &mut memo).ok(), Some(vec![]));
        assert_eq!(counts(), (0, 0));
        // The pages of a group the plan no longer has are removed.
        let gone = update(&flat(vec![Planned::ready("index.html", "home")]), &mut memo);
        assert_eq!(
            gone.ok(),
            Some(vec!["a/1.html".to_owned(), "a/3.html".into(), "b/1.html".into()])
        );
        assert_eq!(read("b/1.html"), None);
        // A page that fails keeps the group planned at the next update, which renders only it.
        update(&site(&["1"], &["1"]), &mut memo).unwrap_or_else(|e| panic!("{e}"));
        counts();
        assert!(update(&site(&["1", "2!"], &["1"]), &mut memo).is_err());
        assert_eq!(counts(), (1, 1), "the group with the change, and its new page");
        update(&site(&["1", "2"], &["1"]), &mut memo).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            counts(),
            (1, 1),
            "planned again after the failure: only the failed page rendered"
        );
        update(&site(&["1", "2"], &["1"]), &mut memo).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(counts(), (0, 0), "then kept whole again");
        assert_eq!(read("a/2.html").as_deref(), Some("2"));
        // A group planned twice is refused.
        let twice = Plan {
            files: Vec::new(),
            groups: vec![
                group("a", &["1"], &plans, &renders),
                group("a", &["5"], &plans, &renders),
            ],
        };
        assert!(matches!(
            update(&twice, &mut memo),
            Err(ApplyError::Write(WriteError::Duplicate(_)))
        ));
        // Refused before anything is written: the second group's page is not in the folder.
        assert_eq!(read("a/5.html"), None);
        assert_eq!(counts(), (0, 0));
    }

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
            flat(vec![
                Planned::lazy("a.html", Some(Key::of("a")), count("A")),
                Planned::lazy("b.html", Some(Key::of(b)), count(b)),
                Planned::always("index.html", count("home")),
            ])
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
        shorter.files.truncate(2);
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
            flat(vec![
                Planned::lazy("a.html", Some(Key::of(a)), count(Some(a))),
                Planned::lazy("b.html", Some(Key::of(b.unwrap_or("B?"))), count(b)),
            ])
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

//! What `serve` keeps of one rebuild's planning and rendering for the next: each component's
//! figures, each language's incident pages in buckets and archive keys, patched for what changed,
//! each language's compiled templates, and the report data files' rows as they write them.

use super::archive;
use super::plan::{Buckets, Key};
use super::reports::{RowInput, RowText};
use super::views::{self, ComponentFigures};
use crate::i18n::Language;
use crate::model::{Delta, WindowFacts};
use crate::theme::Theme;
use std::sync::Arc;

/// What `serve` keeps of one rebuild's planning and rendering for the next.
///
/// Each component's figures, by what they are worked out from: its bar and day-by-day list are
/// words for every day with an incident, so working them out again at every rebuild grew with the
/// number of incidents in the window (about a tenth of an edit's CPU at N = 100,000). Figures a
/// rebuild did not ask for are dropped at the next.
///
/// Each language's archive keys, with the [`Stamp`] they were worked out for, patched for the
/// model's [`Delta`] (see [`kept`]), at a later `now` too while the windows' list is the one
/// they read ([`KeptViews::archive`]); its incident pages in buckets the same way
/// ([`KeptViews::incident_pages`]); and the windows' pages and `event.ics` files in buckets,
/// while the windows are the same ([`KeptViews::windows`]).
#[derive(Default)]
pub struct KeptViews {
    components: std::sync::Mutex<Generations>,
    /// Each language's incident pages in buckets (by its folder), with the positions of the
    /// incidents whose page key holds `now`.
    incident_pages: Store<(Buckets, Vec<usize>)>,
    /// Each language's archive keys (by its folder).
    archive: Store<archive::Keys>,
    /// The maintenance windows' files in buckets, by language folder and kind of file, with the
    /// windows' facts and the key of what every page shows they were keyed from.
    windows: std::sync::Mutex<rustc_hash::FxHashMap<(String, &'static str), WindowBuckets>>,
    /// The report data files' rows, as the zone and the inputs they were worked out from, and
    /// how they write them, by folder (the language's included).
    rows: std::sync::Mutex<rustc_hash::FxHashMap<String, WrittenRows>>,
    /// Each language's templates, compiled (by language code), and the theme's templates they
    /// were compiled from.
    environments: std::sync::Mutex<rustc_hash::FxHashMap<&'static str, (Key, minijinja::Environment<'static>)>>,
}

/// Buckets of the windows' files, and what their keys were worked out from.
type WindowBuckets = (Arc<Vec<WindowFacts>>, Option<Key>, Buckets);

/// A data file's rows, as what they were worked out from in which zone, and how it wrote them.
type WrittenRows = (String, Vec<RowInput>, Vec<Arc<RowText>>);

/// What a kept value was worked out for: the model's revision, the key of what every page shows
/// ([`super::RenderContext::key`] of nothing) and `now`.
pub type Stamp = (u64, Option<Key>, jiff::Timestamp);

/// Values kept by language folder, each with its [`Stamp`].
type Store<T> = std::sync::Mutex<rustc_hash::FxHashMap<String, (Stamp, T)>>;

/// The value kept in `store` for language `folder`, patched for the model's `delta` (`patch`)
/// when it was worked out for the model the delta is from (`stamp`: this rebuild's, whose
/// revision is the model's), with the same key of what every page shows and the same `now` (or
/// an earlier one, when `later` allows it: `patch` then follows the clock too); else worked out
/// afresh (`fresh`). Kept for the next rebuild.
fn kept<T: Clone>(
    store: &Store<T>,
    folder: &str,
    ((stamp, delta), later): ((Stamp, Option<&Delta>), bool),
    patch: impl FnOnce(&mut T, &Delta) -> Option<()>,
    fresh: impl FnOnce() -> T,
) -> T {
    let lock = || store.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let last = lock().remove(folder);
    let patched = last.zip(delta).and_then(|(((of, global, now), mut value), delta)| {
        let at = if later { now <= stamp.2 } else { now == stamp.2 };
        (of == delta.since && global == stamp.1 && at).then_some(())?;
        patch(&mut value, delta)?;
        Some(value)
    });
    // Worked out outside the lock: languages plan in parallel.
    let value = patched.unwrap_or_else(fresh);
    lock().insert(folder.to_owned(), (stamp, value.clone()));
    value
}

/// This rebuild's figures and the last one's.
#[derive(Default)]
struct Generations {
    now: rustc_hash::FxHashMap<Key, Arc<ComponentFigures>>,
    last: rustc_hash::FxHashMap<Key, Arc<ComponentFigures>>,
}

impl KeptViews {
    /// A rebuild starts: what the last one did not ask for again is dropped.
    pub fn next_rebuild(&mut self) {
        let kept = self
            .components
            .get_mut()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        kept.last = std::mem::take(&mut kept.now);
    }

    /// The environment for `theme`'s templates in `lang`: the compiled templates of the last
    /// rebuild's while the theme's templates are the same ([`views::kept_environment`]).
    pub(super) fn environment<'s>(
        &self,
        theme: &Theme,
        lang: &'static Language,
        chrome: std::sync::Arc<views::Chrome>,
    ) -> minijinja::Environment<'s> {
        let templates = Key::of(theme.templates().collect::<Vec<_>>());
        let mut kept = self
            .environments
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let (of, env) = kept
            .entry(lang.code())
            .or_insert_with(|| (templates, views::kept_environment(theme, lang)));
        if *of != templates {
            *of = templates;
            *env = views::kept_environment(theme, lang);
        }
        views::from_kept(env, chrome)
    }

    /// The texts of the rows of the data file in `dir` ([`RowText::of`]): the last rebuild's for
    /// each row worked out from the same inputs in the same place and zone (most of a file's
    /// rows are periods that are over, and only the running month's and quarter's move with the
    /// clock); `text` of its position for the others. Comparing the inputs, not rows worked out
    /// again, took a fifth off what the data files cost a rebuild on the wall clock.
    pub(super) fn row_texts(
        &self,
        dir: &str,
        zone: &str,
        inputs: &[RowInput],
        text: impl Fn(usize) -> RowText,
    ) -> Vec<Arc<RowText>> {
        let lock = || self.rows.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let last = lock().remove(dir);
        // The periods' times are written in the zone. A period alike in two zones (the same
        // instants and first day) is written alike in both, but for a zone whose day can start
        // after midnight (a gap in its clock): rows are compared within one zone.
        let (last_inputs, last_texts) = match last {
            Some((of, inputs, texts)) if of == zone => (inputs, texts),
            _ => Default::default(),
        };
        // Written outside the lock: scopes render in parallel.
        let texts: Vec<Arc<RowText>> = inputs
            .iter()
            .enumerate()
            .map(|(n, input)| match (last_inputs.get(n), last_texts.get(n)) {
                (Some(was), Some(kept)) if was == input => Arc::clone(kept),
                _ => Arc::new(text(n)),
            })
            .collect();
        lock().insert(dir.to_owned(), (zone.to_owned(), inputs.to_vec(), texts.clone()));
        texts
    }

    /// The incident pages' buckets of language `folder`: the last rebuild's with the keys of the
    /// incidents replaced since and of those whose key held the last rebuild's `now` set again
    /// (`set`), or worked out afresh (`fresh`, each of `0..count` asked whether its key holds
    /// `now`: `timed`). As [`kept`], but `now` may move on: an incident's key holds `now` until it
    /// is resolved, so a later `now` changes no other key (at N = 100,000 on the wall clock,
    /// keying every incident page again was a tenth of an edit's work).
    pub fn incident_pages(
        &self,
        folder: &str,
        ((stamp, delta), count): ((Stamp, Option<&Delta>), usize),
        (set, timed): (impl Fn(&mut Buckets, usize) -> Option<()>, impl Fn(usize) -> bool),
        fresh: impl FnOnce() -> Buckets,
    ) -> Buckets {
        let patch = |(buckets, held): &mut (Buckets, Vec<usize>), delta: &Delta| {
            held.extend(delta.replaced.iter().copied());
            held.sort_unstable();
            held.dedup();
            held.iter().try_for_each(|&n| set(buckets, n))?;
            held.retain(|&n| timed(n));
            Some(())
        };
        let fresh = || (fresh(), (0..count).filter(|&n| timed(n)).collect());
        kept(&self.incident_pages, folder, ((stamp, delta), true), patch, fresh).0
    }

    /// The archive's keys of language `folder`: the last rebuild's patched for the model's
    /// delta (`patch`), or worked out afresh (`fresh`); see [`kept`]. Kept at a later `now` too:
    /// `patch` gives them up unless the windows' list is the one they read.
    pub fn archive(
        &self,
        folder: &str,
        now: (Stamp, Option<&Delta>),
        patch: impl FnOnce(&mut archive::Keys, &Delta) -> Option<()>,
        fresh: impl FnOnce() -> archive::Keys,
    ) -> archive::Keys {
        kept(&self.archive, folder, (now, true), patch, fresh)
    }

    /// The buckets of the windows' files of `kind` in language `folder` (`facts`: the model's
    /// [`crate::model::SiteModel::window_facts`]; `global`: the key of what every page shows): the
    /// last rebuild's when it keyed them from that very list (the same `Arc`, which the model
    /// shares while no window or component id changed and `now` reached no instant at which a
    /// window can change, `model::KeptWindows`: the keys may read anything those fix, the
    /// windows' list, their series and what the list holds of `now`, but not `now` itself) and
    /// the same `global`, else worked out afresh (`fresh`). An edit to an incident then keys no
    /// window, on the wall clock too: at 15,000 windows, keying every page and `event.ics` again
    /// was a tenth of a `serve` rebuild's work. With a recurring notice (its occurrences are a
    /// new list each rebuild), or in a language that translates a notice (a copy each rebuild),
    /// the buckets are worked out afresh every time.
    pub fn windows(
        &self,
        (folder, kind): (&str, &'static str),
        (facts, global): (&Arc<Vec<WindowFacts>>, Option<Key>),
        fresh: impl FnOnce() -> Buckets,
    ) -> Buckets {
        let lock = || self.windows.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let at = (folder.to_owned(), kind);
        let last = lock().remove(&at);
        let buckets = match last {
            Some((of, was, buckets)) if Arc::ptr_eq(&of, facts) && was == global => buckets,
            // Worked out outside the lock: languages plan in parallel.
            _ => fresh(),
        };
        lock().insert(at, (Arc::clone(facts), global, buckets.clone()));
        buckets
    }

    pub(super) fn component(&self, key: Key, figures: impl FnOnce() -> ComponentFigures) -> Arc<ComponentFigures> {
        let lock = || {
            self.components
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        let found = {
            let mut kept = lock();
            match kept.now.get(&key) {
                Some(f) => Some(Arc::clone(f)),
                None => kept.last.remove(&key).inspect(|f| {
                    kept.now.insert(key, Arc::clone(f));
                }),
            }
        };
        found.unwrap_or_else(|| {
            // Worked out outside the lock: languages plan in parallel.
            let f = Arc::new(figures());
            lock().now.insert(key, Arc::clone(&f));
            f
        })
    }
}

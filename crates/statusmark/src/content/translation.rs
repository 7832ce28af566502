//! Translations of incidents and maintenance notices: `incidents/<slug>.<code>.md` beside
//! `incidents/<slug>.md` (and the same in `content/maintenance/`). A translation holds the title,
//! the summary, the updates and the postmortem in another of the site's languages; every fact
//! (times, impact, components, changes, phases) comes only from the original. Its update headings
//! name the original's updates (`## Identified — 2026-11-20 14:30 UTC`), so each translated update
//! is matched to one of the original's by kind and time.

use std::ops::Range;
use std::sync::Arc;

use jiff::Timestamp;
use serde::Deserialize;

use super::SourceFile;
use super::config::Config;
use super::document::{self, Checker, Document};
use super::raw::{At, Spans, Yaml};
use crate::diagnostic::Diagnostic;
use crate::i18n::Language;

/// The front matter of a translation: only the title. Everything else is the original's.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, bound(deserialize = ""))]
pub struct RawTranslation<F: Spans = Yaml> {
    pub title: At<String, F>,
}

/// One file's translation of an incident (`K` = its update kinds) or a maintenance notice.
#[derive(Debug, Hash)]
pub struct Translation<K> {
    pub lang: &'static str,
    /// The original's slug.
    pub slug: String,
    /// Relative to the root, `/`-separated.
    pub path: String,
    pub title: String,
    /// Where the title is in the file, for diagnostics about the whole translation.
    pub title_at: usize,
    /// The whole file: translations are few and short, so they are kept as read.
    pub text: Arc<str>,
    pub summary: Range<usize>,
    /// In the order of the file's headings.
    pub updates: Vec<TranslatedUpdate<K>>,
    pub postmortem: Option<Range<usize>>,
}

#[derive(Debug, Hash)]
pub struct TranslatedUpdate<K> {
    pub kind: K,
    pub at: Timestamp,
    /// Byte offset of its heading in the file.
    pub heading: usize,
    pub body: Range<usize>,
}

impl<K> Translation<K> {
    pub fn summary(&self) -> &str {
        &self.text[self.summary.clone()]
    }

    pub fn body(&self, update: &TranslatedUpdate<K>) -> &str {
        &self.text[update.body.clone()]
    }

    pub fn postmortem(&self) -> Option<&str> {
        self.postmortem.clone().map(|r| &self.text[r])
    }
}

/// The language of a file name that is a translation (`<slug>.<code>.md` with a shipped
/// language's code): the original's slug and the code.
pub fn translation_of(path: &str) -> Option<(&str, &'static str)> {
    let stem = document::slug_of(path);
    let (slug, code) = stem.rsplit_once('.')?;
    crate::i18n::LANGUAGES.iter().find(|c| **c == code).map(|c| (slug, *c))
}

/// Reads translations whose update headings use `label`'s words.
pub struct TranslationChecker<'a, K> {
    pub config: &'a Config,
    pub label: fn(&str) -> Option<K>,
    /// Whether a `## Postmortem` section is read as one (incidents).
    pub postmortem: bool,
}

impl<K: Copy> Checker for TranslationChecker<'_, K> {
    type Raw<F: Spans> = RawTranslation<F>;
    type Checked = Translation<K>;

    fn check<F: Spans>(
        &self,
        doc: &Document<'_>,
        raw: RawTranslation<F>,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Translation<K>> {
        let (slug, lang) = translation_of(doc.path)?;
        doc.check_title(&raw.title, diags);
        let zone = self.config.timezone.as_ref();
        let body = doc.body(self.label, self.postmortem, zone, diags);
        let offset = doc.split.body_offset;
        let mut updates: Vec<TranslatedUpdate<K>> = body
            .updates
            .iter()
            .map(|u| TranslatedUpdate {
                kind: u.kind,
                at: u.at,
                heading: offset + u.heading,
                body: doc.range(u.body),
            })
            .collect();
        updates.sort_by_key(|u| u.heading);
        Some(Translation {
            lang,
            slug: slug.to_owned(),
            path: doc.path.to_owned(),
            title_at: doc.offset_of(&raw.title),
            title: raw.title.value,
            text: Arc::from(doc.text),
            summary: doc.range(body.summary),
            updates,
            postmortem: body.postmortem.map(|p| doc.range(p)),
        })
    }
}

/// Read one translation file.
pub fn parse<K: Copy>(
    file: &SourceFile,
    checker: &TranslationChecker<'_, K>,
) -> (Option<Translation<K>>, Vec<Diagnostic>) {
    document::parse(file, checker)
}

/// An original's update as a translation is matched against it.
pub struct OriginalUpdate<K> {
    pub kind: K,
    pub at: Timestamp,
    pub text: String,
}

/// What a translation is checked against: the original's updates (newest first) and whether it
/// has a summary and a postmortem.
pub struct Original<K> {
    pub title: String,
    pub updates: Vec<OriginalUpdate<K>>,
    pub summary: String,
    pub postmortem: Option<String>,
}

/// Check translations against their originals: a translation of no original, or into a language
/// the site is not built in, is an error. A translation that differs from its original's sections
/// (an update missing, extra or twice, a missing summary or postmortem, or one the original lacks)
/// gets a warning: the page shows the original's text where the translation has none, with a
/// note, and nothing the original lacks.
pub fn check_against<K: Copy + PartialEq>(
    translations: &[Arc<Translation<K>>],
    original_path: impl Fn(&str) -> String,
    original: impl Fn(&str) -> Option<Original<K>>,
    heading: impl Fn(K, Timestamp) -> String,
    languages: &[&'static Language],
    diags: &mut Vec<Diagnostic>,
) {
    for t in translations {
        let Some(o) = original(&t.slug) else {
            diags.push(
                Diagnostic::error(
                    &t.path,
                    format!("a translation of {}, which does not exist", original_path(&t.slug)),
                )
                .at_offset(&t.text, t.title_at)
                .with_help("a translation is named after its original: <slug>.<language>.md beside <slug>.md"),
            );
            continue;
        };
        let of = original_path(&t.slug);
        check_language(t, &of, languages, diags);
        let warn = |offset: usize, message: String, help: &str| {
            Diagnostic::warning(&t.path, message)
                .at_offset(&t.text, offset)
                .with_help(help)
        };
        for (n, u) in t.updates.iter().enumerate() {
            let same = |x: &TranslatedUpdate<K>| x.kind == u.kind && x.at == u.at;
            if !o.updates.iter().any(|x| x.kind == u.kind && x.at == u.at) {
                diags.push(warn(
                    u.heading,
                    format!("{of} has no update \"{}\"", heading(u.kind, u.at)),
                    "a translated update's heading repeats the original's, status and time; this one is not shown",
                ));
            } else if t.updates[..n].iter().any(same) {
                diags.push(warn(
                    u.heading,
                    format!("the update \"{}\" is translated twice", heading(u.kind, u.at)),
                    "the first is shown; remove this one",
                ));
            }
        }
        let missing: Vec<String> = o
            .updates
            .iter()
            .filter(|x| !t.updates.iter().any(|u| u.kind == x.kind && u.at == x.at))
            .map(|x| format!("\"{}\"", heading(x.kind, x.at)))
            .collect();
        let lags = "until it is translated, the page shows the original's text there, with a note";
        if !missing.is_empty() {
            let what = if missing.len() == 1 { "an update" } else { "updates" };
            diags.push(warn(
                t.title_at,
                format!("the translation lacks {what} of {of}: {}", missing.join(", ")),
                &format!("translate them under the same headings; {lags}"),
            ));
        }
        if !o.summary.is_empty() && t.summary.is_empty() {
            diags.push(warn(
                t.title_at,
                format!("the translation lacks the summary of {of}"),
                &format!("translate it below the front matter, before the first update; {lags}"),
            ));
        }
        if o.postmortem.is_some() && t.postmortem.is_none() {
            diags.push(warn(
                t.title_at,
                format!("the translation lacks the postmortem of {of}"),
                &format!("translate it under a `## Postmortem` heading; {lags}"),
            ));
        }
        if o.postmortem.is_none() && t.postmortem.is_some() {
            diags.push(warn(
                t.title_at,
                format!("the translation has a postmortem, and {of} has none"),
                "it is not shown until the original has one",
            ));
        }
        // What `new incident --lang` copied and nobody translated yet reads as translated.
        let same = repeated(t, &o, &heading);
        if !same.is_empty() {
            diags.push(warn(
                t.title_at,
                format!("the translation repeats {of} word for word in {}", same.join(", ")),
                "translate them: until then the page shows the original's words as if they were translated",
            ));
        }
    }
}

/// A translation into the site's own language, or one it is not built in, is an error.
fn check_language<K>(t: &Translation<K>, of: &str, languages: &[&'static Language], diags: &mut Vec<Diagnostic>) {
    match languages.iter().position(|l| l.code() == t.lang) {
        Some(0) => diags.push(
            Diagnostic::error(
                &t.path,
                format!("a translation into \"{}\", the site's own language", t.lang),
            )
            .at_offset(&t.text, t.title_at)
            .with_help(format!("the site's language is written in {of} itself")),
        ),
        Some(_) => {}
        None => diags.push(
            Diagnostic::error(
                &t.path,
                format!(
                    "a translation into \"{}\", which is not one of the site's languages",
                    t.lang
                ),
            )
            .at_offset(&t.text, t.title_at)
            .with_help(format!(
                "add \"{}\" to languages = [...] in content/statusmark.toml (the site is built in {})",
                t.lang,
                languages.iter().map(|l| l.code()).collect::<Vec<_>>().join(", ")
            )),
        ),
    }
}

/// The parts of `t` that are its original's words exactly.
fn repeated<K: Copy + PartialEq>(
    t: &Translation<K>,
    o: &Original<K>,
    heading: &impl Fn(K, Timestamp) -> String,
) -> Vec<String> {
    let mut same: Vec<String> = Vec::new();
    // A one-word title (a product's name) may well be the same in every language.
    if t.title == o.title && t.title.contains(' ') {
        same.push("the title".to_owned());
    }
    if !o.summary.is_empty() && t.summary().trim() == o.summary.trim() {
        same.push("the summary".to_owned());
    }
    for u in &t.updates {
        if let Some(x) = o.updates.iter().find(|x| x.kind == u.kind && x.at == u.at)
            && !x.text.trim().is_empty()
            && t.body(u).trim() == x.text.trim()
        {
            same.push(format!("\"{}\"", heading(u.kind, u.at)));
        }
    }
    if let (Some(p), Some(x)) = (t.postmortem(), &o.postmortem)
        && p.trim() == x.trim()
    {
        same.push("the postmortem".to_owned());
    }
    same
}

/// What of an incident's or a notice's text a page in another language shows translated: the
/// title and summary always (a translation has them), each update and the postmortem when the
/// translation has them; the rest is the original's, in [`Shown::original`].
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub struct Shown {
    /// The original's language code.
    pub original: &'static str,
    /// One per update, as the item lists them: `true` when shown in the original language.
    pub untranslated_updates: Vec<bool>,
    pub untranslated_summary: bool,
    pub untranslated_postmortem: bool,
}

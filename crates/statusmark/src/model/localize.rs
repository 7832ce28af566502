//! The model as the pages in another of the site's languages show it: the configuration's
//! translations, and each incident and notice with its translation's title and texts where one
//! exists. Facts (statuses, uptime, times) are the same in every language, so everything else is
//! the model's own.

use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::{IncidentFacts, SiteModel, WindowFacts};
use crate::content::text::{Origin, TextError};
use crate::content::translation::{Shown, Translation};
use crate::content::{Incident, Maintenance};
use crate::i18n::Language;

impl SiteModel {
    /// The model in `lang`, one of the site's other languages.
    pub fn localized(&self, lang: &'static Language) -> Result<SiteModel, TextError> {
        let mut m = self.clone();
        m.config = self.config.localized(lang);
        let original = self.config.language.code();
        let incidents = by_slug(&self.incident_translations, lang);
        // The original's lists stay shared when nothing in them is translated.
        let (list, all_facts) = if incidents.is_empty() {
            (&mut Vec::new(), &mut Vec::new())
        } else {
            (Arc::make_mut(&mut m.incidents), Arc::make_mut(&mut m.incident_facts))
        };
        for (i, facts) in list.iter_mut().zip(all_facts) {
            if let Some(&n) = incidents.get(&i.slug) {
                *i = Arc::new(translate_incident(i, &self.incident_translations[n], original)?);
                *facts = IncidentFacts::of(i);
            }
        }
        let notices = by_slug(&self.maintenance_translations, lang);
        // An occurrence of a series is translated by the series' translation.
        let translated = |w: &Maintenance| {
            let slug = w.occurrence.as_ref().map_or(&w.slug, |o| &o.series);
            let n = notices.get(slug)?;
            Some(Arc::new(translate_notice(
                w,
                &self.maintenance_translations[*n],
                original,
            )))
        };
        let (list, window_facts) = if notices.is_empty() {
            (&mut Vec::new(), &mut Vec::new())
        } else {
            (Arc::make_mut(&mut m.maintenances), Arc::make_mut(&mut m.window_facts))
        };
        for (w, facts) in list.iter_mut().zip(window_facts) {
            if let Some(t) = translated(w) {
                *w = t;
                *facts = WindowFacts::of(w, self.now);
            }
        }
        for w in m.recurring.iter_mut() {
            if let Some(t) = translated(w) {
                *w = t;
            }
        }
        Ok(m)
    }
}

/// The translations into `lang`: the original's slug → index in `list`.
fn by_slug<K>(list: &[Arc<Translation<K>>], lang: &Language) -> FxHashMap<String, usize> {
    list.iter()
        .enumerate()
        .filter(|(_, t)| t.lang == lang.code())
        .map(|(n, t)| (t.slug.clone(), n))
        .collect()
}

/// The incident with the translation's title and, section by section, its text where the
/// translation has the section, else the original's (marked in [`Incident::translated`]).
fn translate_incident(
    i: &Incident,
    t: &Translation<statusmark_feed::IncidentStatus>,
    original: &'static str,
) -> Result<Incident, TextError> {
    let source = i.text()?;
    let mut text = String::new();
    let mut push = |part: &str| {
        let start = text.len();
        text.push_str(part);
        start..text.len()
    };
    // A translation without a summary shows the original's, as it does an update's.
    let untranslated_summary = t.summary.is_empty() && !i.summary.is_empty();
    let summary = push(if untranslated_summary {
        source.summary()
    } else {
        t.summary()
    });
    let mut untranslated_updates = Vec::with_capacity(i.updates.len());
    let mut updates = Vec::with_capacity(i.updates.len());
    for (n, u) in i.updates.iter().enumerate() {
        let found = t.updates.iter().find(|x| x.kind == u.status && x.at == u.at);
        untranslated_updates.push(found.is_none());
        let body = push(found.map_or_else(|| source.update(n), |x| t.body(x)));
        updates.push(crate::content::incident::Update { body, ..u.clone() });
    }
    let untranslated_postmortem = i.postmortem.is_some() && t.postmortem.is_none();
    let postmortem = source.postmortem().map(|p| push(t.postmortem().unwrap_or(p)));
    Ok(Incident {
        title: t.title.clone(),
        origin: Origin::Text(Arc::from(text)),
        summary,
        updates,
        postmortem,
        translated: Some(Shown {
            original,
            untranslated_updates,
            untranslated_summary,
            untranslated_postmortem,
        }),
        ..i.clone()
    })
}

fn translate_notice(
    m: &Maintenance,
    t: &Translation<Option<statusmark_feed::MaintenancePhase>>,
    original: &'static str,
) -> Maintenance {
    let mut untranslated_updates = Vec::with_capacity(m.updates.len());
    let updates = m
        .updates
        .iter()
        .map(|u| {
            let found = t.updates.iter().find(|x| x.kind == u.phase && x.at == u.at);
            untranslated_updates.push(found.is_none());
            crate::content::maintenance::MaintenanceUpdate {
                body: found.map_or_else(|| u.body.clone(), |x| t.body(x).to_owned()),
                ..u.clone()
            }
        })
        .collect();
    let untranslated_summary = t.summary.is_empty() && !m.summary.trim().is_empty();
    Maintenance {
        title: t.title.clone(),
        summary: if untranslated_summary {
            m.summary.clone()
        } else {
            t.summary().to_owned()
        },
        updates,
        translated: Some(Shown {
            original,
            untranslated_updates,
            untranslated_summary,
            untranslated_postmortem: false,
        }),
        ..m.clone()
    }
}

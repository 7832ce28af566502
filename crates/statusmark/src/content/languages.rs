//! A site in several languages, as the configuration states it: `languages = [...]`, and the
//! `translations` of the site's title, of groups and of components. Incident and maintenance
//! texts are translated in files of their own ([`super::translation`]).

use std::collections::BTreeMap;

use serde::Deserialize;

use super::ids::has_bidi_control;
use super::raw::{At, Toml};
use crate::diagnostic::suggest;
use crate::i18n::Language;

type Val<T> = At<T, Toml>;

/// Reports a problem at a value: (the value, message, help).
pub type Report<'a> = dyn FnMut(&Val<String>, String, &str) + 'a;

/// `translations.<code> = { ... }`, by language code as written.
pub type RawTranslations<T> = BTreeMap<String, Val<T>>;

/// `[translations.<code>]` at the top of the configuration.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table of title, description and footer")]
pub struct RawSiteText {
    #[serde(default)]
    pub title: Option<Val<String>>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub footer: Option<String>,
}

/// A group's `translations.<code>`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table with the name, such as { name = \"…\" }")]
pub struct RawGroupText {
    pub name: Val<String>,
}

/// A component's `translations.<code>`.
#[derive(Debug, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a table of name and description, such as { name = \"…\" }"
)]
pub struct RawComponentText {
    #[serde(default)]
    pub name: Option<Val<String>>,
    #[serde(default)]
    pub description: Option<String>,
}

/// Texts in other languages than the site's, by language code, in the order of `languages`.
pub type Translations<T> = Vec<(&'static str, T)>;

/// The site's title, description and footer in one language; what is not given stays as the
/// site's.
#[derive(Clone, Debug, Default, Hash)]
pub struct SiteText {
    pub title: Option<String>,
    pub description: Option<String>,
    pub footer: Option<String>,
}

/// A group's or component's name and description in one language.
#[derive(Clone, Debug, Default, Hash, PartialEq, Eq)]
pub struct NameText {
    pub name: Option<String>,
    pub description: Option<String>,
}

/// `language` and `languages`, checked: the site's language first, then the others in the
/// order written, each once.
pub fn check_languages(
    (written, listed): (Option<&Val<String>>, Option<&[Val<String>]>),
    language: &'static Language,
    report: &mut Report<'_>,
) -> Vec<&'static Language> {
    let Some(listed) = listed else {
        return vec![language];
    };
    let mut languages: Vec<&'static Language> = Vec::new();
    for code in listed {
        match crate::i18n::language(&code.value) {
            Some(l) if languages.iter().any(|x| x.code() == l.code()) => report(
                code,
                format!("\"{}\" is listed twice in languages", code.value),
                "list each language once",
            ),
            Some(l) => languages.push(l),
            None => {
                let help = match suggest(&code.value, crate::i18n::LANGUAGES) {
                    Some(near) => format!("did you mean \"{near}\"?"),
                    None => format!("use some of {} (ISO 639-1 codes)", crate::i18n::LANGUAGES.join(", ")),
                };
                report(code, format!("unknown language \"{}\"", code.value), &help);
            }
        }
    }
    match written {
        // The site's language is the one written at the root; the list names it too.
        Some(l) if !languages.iter().any(|x| x.code() == language.code()) && !languages.is_empty() => {
            report(
                l,
                format!("language \"{}\" is not in languages", l.value),
                "add it to languages, or leave language out: the first of languages is then the site's",
            );
            languages
        }
        Some(_) => {
            languages.retain(|x| x.code() != language.code());
            languages.insert(0, language);
            languages
        }
        None if languages.is_empty() => vec![language],
        None => languages,
    }
}

/// The other languages a translation may be in.
fn known<'a, T>(
    translations: &'a RawTranslations<T>,
    languages: &[&'static Language],
    report: &mut Report<'_>,
) -> Vec<(&'static str, &'a Val<T>)> {
    let mut out = Vec::new();
    for (code, value) in translations {
        match languages.iter().position(|l| l.code() == code) {
            Some(0) => report(
                &text_at(value),
                format!("a translation into \"{code}\", the site's own language"),
                "write the site's language in the name itself, and translations for the other languages",
            ),
            Some(n) => out.push((languages[n].code(), value)),
            None => report(
                &text_at(value),
                format!("a translation into \"{code}\", which is not one of the site's languages"),
                &format!(
                    "add \"{code}\" to languages = [...], or remove it (the site is built in {})",
                    languages.iter().map(|l| l.code()).collect::<Vec<_>>().join(", ")
                ),
            ),
        }
    }
    // In the order of `languages`, so output never depends on how the file lists them.
    out.sort_by_key(|(code, _)| languages.iter().position(|l| l.code() == *code));
    out
}

/// Where a translation table is, as a [`Val<String>`] for reporting.
fn text_at<T>(value: &Val<T>) -> Val<String> {
    At::new(String::new(), value.span.clone())
}

/// A translated name is one line of plain text, as the name itself.
fn check_line(name: &Val<String>, report: &mut Report<'_>) {
    if name.value.trim().is_empty() {
        report(
            name,
            "a translated name is empty".to_owned(),
            "write the name in that language, or leave the translation out to show the original's",
        );
    }
    if has_bidi_control(&name.value) || name.value.chars().any(char::is_control) {
        report(
            name,
            "a name contains a control or bidirectional-override character".to_owned(),
            "names are plain text on one line; remove the invisible character",
        );
    }
}

/// A translation table as written: its one-line name (checked like the name itself) and what it
/// says.
pub trait Written {
    type Text;
    fn line(&self) -> Option<&Val<String>>;
    fn text(&self) -> Self::Text;
}

impl Written for RawSiteText {
    type Text = SiteText;
    fn line(&self) -> Option<&Val<String>> {
        self.title.as_ref()
    }
    fn text(&self) -> SiteText {
        SiteText {
            title: self.title.as_ref().map(|v| v.value.clone()),
            description: self.description.clone(),
            footer: self.footer.clone(),
        }
    }
}

impl Written for RawGroupText {
    type Text = NameText;
    fn line(&self) -> Option<&Val<String>> {
        Some(&self.name)
    }
    fn text(&self) -> NameText {
        NameText {
            name: Some(self.name.value.clone()),
            description: None,
        }
    }
}

impl Written for RawComponentText {
    type Text = NameText;
    fn line(&self) -> Option<&Val<String>> {
        self.name.as_ref()
    }
    fn text(&self) -> NameText {
        NameText {
            name: self.name.as_ref().map(|v| v.value.clone()),
            description: self.description.clone(),
        }
    }
}

/// The translations of one table (the site's, a group's, a component's), checked.
pub fn texts<R: Written>(
    raw: &RawTranslations<R>,
    languages: &[&'static Language],
    report: &mut Report<'_>,
) -> Translations<R::Text> {
    known(raw, languages, report)
        .into_iter()
        .map(|(code, t)| {
            if let Some(line) = t.value.line() {
                check_line(line, report);
            }
            (code, t.value.text())
        })
        .collect()
}

pub fn find<'a, T>(translations: &'a Translations<T>, code: &str) -> Option<&'a T> {
    translations.iter().find(|(c, _)| *c == code).map(|(_, t)| t)
}

/// A link label of the header (Support, Contact, Home) in another language.
pub fn relabel(from: &Language, to: &Language, label: &str) -> String {
    ["link-support", "link-contact", "link-home"]
        .into_iter()
        .find(|id| from.say(id) == label)
        .map_or_else(|| label.to_owned(), |id| to.say(id))
}

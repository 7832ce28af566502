//! The one pipeline every Markdown content file goes through: split off the front matter, read it
//! into the kind's raw type with the parser's own spans, then hand both to the kind's [`Checker`].
//! Also the checks incidents and maintenance notices share (slug, title, times, update sections),
//! so both say the same thing about the same mistake. This module knows no kind of document.

use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde::de::DeserializeOwned;

use super::SourceFile;
use super::config::{has_bidi_control, slugify, valid_id};
use super::frontmatter::{self, Format, Split};
use super::quick::{self, Quick};
use super::raw::{At, Spans, TimeText, Toml, Yaml, from_toml, from_yaml};
use super::sections::{Marker, Section, sections};
use super::time::parse_instant;
use crate::diagnostic::Diagnostic;

/// A file split into front matter and body, with what diagnostics need to point into it.
pub struct Document<'a> {
    pub path: &'a str,
    pub text: &'a str,
    pub split: Split<'a>,
}

/// One kind of Markdown document (an incident, a maintenance notice): its strict raw type and the
/// validation that turns it into the checked type.
pub trait Checker {
    /// The front matter as written; read once per format, so spans come from that parser.
    type Raw<F: Spans>: DeserializeOwned;
    type Checked;
    /// Validate `raw`, pushing every problem found; `None` when an error makes the file unusable.
    fn check<F: Spans>(
        &self,
        doc: &Document<'_>,
        raw: Self::Raw<F>,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Self::Checked>;
}

/// Split, read and check one file. Errors (and warnings) come back whatever the outcome.
pub fn parse<C: Checker>(file: &SourceFile, checker: &C) -> (Option<C::Checked>, Vec<Diagnostic>) {
    let doc = match Document::split(file) {
        Ok(doc) => doc,
        Err(d) => return (None, vec![d]),
    };
    let mut diags = Vec::new();
    let checked = match doc.split.format {
        // Most front matter is simple enough to read without the YAML parser (see `quick`).
        Format::Yaml => match quick::read::<C::Raw<Quick>>(doc.split.front) {
            Some(raw) => Ok(checker.check(&doc, raw, &mut diags)),
            None => doc
                .read::<C::Raw<Yaml>>()
                .map(|raw| checker.check(&doc, raw, &mut diags)),
        },
        Format::Toml => doc
            .read::<C::Raw<Toml>>()
            .map(|raw| checker.check(&doc, raw, &mut diags)),
    };
    match checked {
        Ok(item) if !diags.iter().any(Diagnostic::is_error) => (item, diags),
        Ok(_) => (None, diags),
        Err(d) => (None, vec![d]),
    }
}

impl<'a> Document<'a> {
    pub fn split(file: &'a SourceFile) -> Result<Self, Diagnostic> {
        Ok(Document {
            path: &file.path,
            text: &file.text,
            split: frontmatter::split(&file.path, &file.text)?,
        })
    }

    /// The front matter, read strictly into `R` (whose spans must match the document's format).
    pub fn read<R: DeserializeOwned>(&self) -> Result<R, Diagnostic> {
        let s = &self.split;
        match s.format {
            Format::Yaml => from_yaml(self.path, self.text, s.front, s.front_offset),
            Format::Toml => from_toml(self.path, self.text, s.front, s.front_offset),
        }
    }

    /// The offset in the file of the text of a front-matter value.
    pub fn offset_of<T, F>(&self, at: &At<T, F>) -> usize {
        self.split.front_offset + at.text_start(self.split.front)
    }

    /// An error pointing at a front-matter value.
    pub fn error_at<T, F>(&self, at: &At<T, F>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.path, message).at_offset(self.text, self.offset_of(at))
    }

    /// A warning pointing at a front-matter value.
    pub fn warning_at<T, F>(&self, at: &At<T, F>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::warning(self.path, message).at_offset(self.text, self.offset_of(at))
    }

    /// A diagnostic pointing at a byte offset in the body.
    pub fn in_body(&self, d: Diagnostic, body_offset: usize) -> Diagnostic {
        d.at_offset(self.text, self.split.body_offset + body_offset)
    }

    /// What names every document: its slug (returned) and its title, both checked.
    pub fn identity<F>(&self, title: &At<String, F>, diags: &mut Vec<Diagnostic>) -> String {
        let slug = self.slug(diags);
        self.check_title(title, diags);
        slug
    }

    /// The file name as a slug; an error when it cannot be one (it becomes a folder and a URL).
    pub fn slug(&self, diags: &mut Vec<Diagnostic>) -> String {
        let slug = slug_of(self.path).to_owned();
        if !valid_id(&slug) {
            // `<slug>.<code>.md` is a translation, in a language Statusmark ships.
            let help = match slug.rsplit_once('.') {
                Some((_, code)) if code.len() == 2 && code.bytes().all(|b| b.is_ascii_lowercase()) => format!(
                    "a translation is named <slug>.<code>.md with one of {}; \"{code}\" is not one of them",
                    crate::i18n::LANGUAGES.join(", ")
                ),
                _ => format!(
                    "rename the file to {}.md (lowercase letters, digits, `-` and `_`)",
                    slugify(&slug)
                ),
            };
            diags.push(
                Diagnostic::error(self.path, format!("file name \"{slug}\" cannot be a URL slug")).with_help(help),
            );
        }
        slug
    }

    /// A title is one line of visible text: it lands in page titles, feeds and mail subjects.
    pub fn check_title<F>(&self, title: &At<String, F>, diags: &mut Vec<Diagnostic>) {
        let t = &title.value;
        if t.chars().any(char::is_control) || has_bidi_control(t) {
            diags.push(
                self.error_at(
                    title,
                    "the title contains a line break, a control character or a bidirectional-override character",
                )
                .with_help("a title is one line of text"),
            );
        }
        if t.trim().is_empty() {
            diags.push(
                self.error_at(title, "the title is empty")
                    .with_help("give it a short title people will recognise"),
            );
        }
    }

    /// Read a front-matter time; an error pointing at it when it is not one.
    pub fn time<F>(
        &self,
        key: &str,
        t: &At<TimeText, F>,
        zone: Option<&TimeZone>,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Timestamp> {
        parse_instant(&t.value.0, zone)
            .map_err(|why| {
                diags.push(
                    self.error_at(t, format!("\"{key}\" is not a valid time"))
                        .with_help(why),
                )
            })
            .ok()
    }

    /// Where `part`, a slice of this document's text (a section of [`Document::body`]), lies in it.
    pub fn range(&self, part: &str) -> std::ops::Range<usize> {
        let start = (part.as_ptr() as usize).wrapping_sub(self.text.as_ptr() as usize);
        debug_assert!(start.checked_add(part.len()).is_some_and(|end| end <= self.text.len()));
        start..start + part.len()
    }

    /// The body's summary and its update sections (times read in `zone`); a heading with a bad
    /// time is an error and not a section.
    pub fn body<K: Copy>(
        &self,
        label: impl Fn(&str) -> Option<K>,
        postmortem: bool,
        zone: Option<&TimeZone>,
        diags: &mut Vec<Diagnostic>,
    ) -> Body<'a, K> {
        let body = self.split.body;
        let mut out = Body {
            summary: "",
            updates: Vec::new(),
            postmortem: None,
        };
        let mut kept: Vec<(Section<K>, Option<Timestamp>)> = Vec::new();
        for s in sections(body, label, postmortem) {
            match &s.marker {
                Marker::Update { time, .. } => match parse_instant(time, zone) {
                    Ok(t) => kept.push((s, Some(t))),
                    Err(why) => diags.push(
                        self.in_body(
                            Diagnostic::error(
                                self.path,
                                format!("the update heading \"{}\" has a bad time", s.heading),
                            )
                            .with_help(why),
                            s.start,
                        ),
                    ),
                },
                Marker::Postmortem => kept.push((s, None)),
            }
        }
        out.summary = body[..kept.first().map_or(body.len(), |(s, _)| s.start)].trim();
        for (i, (s, at)) in kept.iter().enumerate() {
            let end = kept.get(i + 1).map_or(body.len(), |(next, _)| next.start);
            let content = body[s.content_start..end].trim();
            match (&s.marker, at) {
                (Marker::Update { kind, .. }, Some(at)) => out.updates.push(BodyUpdate {
                    kind: *kind,
                    at: *at,
                    heading: s.start,
                    body: content,
                }),
                _ => out.postmortem = Some(content),
            }
        }
        out.updates.sort_by_key(|u| std::cmp::Reverse(u.at));
        out
    }
}

/// A body, split: slices of the document's text (see [`Document::range`]).
pub struct Body<'a, K> {
    /// Markdown before the first section.
    pub summary: &'a str,
    /// Newest first.
    pub updates: Vec<BodyUpdate<'a, K>>,
    pub postmortem: Option<&'a str>,
}

/// One timestamped update section of a body.
pub struct BodyUpdate<'a, K> {
    pub kind: K,
    pub at: Timestamp,
    /// Byte offset of the heading in the body.
    pub heading: usize,
    pub body: &'a str,
}

/// The slug of a content file: its file name without `.md`.
pub fn slug_of(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.strip_suffix(".md").unwrap_or(name)
}

//! The one grammar of a body's sections, shared by incidents, maintenance notices and the author
//! commands: a summary, timestamped updates (`## Monitoring — <time>`) and a postmortem
//! (`## Postmortem` or `## Post-mortem`). Other headings are ordinary content of their section.
//! Times are not read here: that needs the site's time zone.

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};

use crate::markdown::parser;

/// A level-2 heading that starts a section, with where it is in the body.
#[derive(Debug, PartialEq, Eq)]
pub struct SectionHeading {
    /// The heading's text.
    pub text: String,
    /// Byte range of the heading line in the body.
    pub start: usize,
    pub end: usize,
}

/// All level-2 headings of a body, in order.
pub fn level2_headings(body: &str) -> Vec<SectionHeading> {
    let mut out = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (event, range) in parser(body).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                ..
            }) => current = Some((range.start, String::new())),
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text)) = current.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(HeadingLevel::H2)) => {
                if let Some((start, text)) = current.take() {
                    out.push(SectionHeading {
                        text: text.trim().to_owned(),
                        start,
                        end: range.end,
                    });
                }
            }
            _ => {}
        }
    }
    out
}

/// `Monitoring — 2026-11-20T14:50:00Z` → (`Monitoring`, `2026-11-20T14:50:00Z`); the separator may
/// be an em dash, an en dash, `-` or `|`. `None` when the heading has no separator.
pub fn split_update_heading(text: &str) -> Option<(&str, &str)> {
    for sep in ['—', '–', '|'] {
        if let Some((kind, time)) = text.split_once(sep) {
            return Some((kind.trim(), time.trim()));
        }
    }
    // A plain hyphen also appears inside times, so it must be surrounded by spaces.
    text.split_once(" - ").map(|(k, t)| (k.trim(), t.trim()))
}

/// What a section heading marks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Marker<K> {
    /// An update: its kind (read by the document's own vocabulary) and its time as written.
    Update {
        kind: K,
        time: String,
    },
    Postmortem,
}

/// One section of a body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section<K> {
    pub marker: Marker<K>,
    /// The heading's text.
    pub heading: String,
    /// Byte offset of the heading line in the body.
    pub start: usize,
    /// Byte offset where the section's content starts (after the heading).
    pub content_start: usize,
}

pub fn is_postmortem(heading: &str) -> bool {
    heading.eq_ignore_ascii_case("postmortem") || heading.eq_ignore_ascii_case("post-mortem")
}

/// The sections of `body`, in order. `label` reads an update's kind (`Monitoring`); headings whose
/// kind it does not know are content. A postmortem is a section only where `postmortem` is set.
pub fn sections<K>(body: &str, label: impl Fn(&str) -> Option<K>, postmortem: bool) -> Vec<Section<K>> {
    level2_headings(body)
        .into_iter()
        .filter_map(|h| {
            let marker = if postmortem && is_postmortem(&h.text) {
                Marker::Postmortem
            } else {
                let (kind, time) = split_update_heading(&h.text)?;
                Marker::Update {
                    kind: label(kind)?,
                    time: time.to_owned(),
                }
            };
            Some(Section {
                marker,
                start: h.start,
                content_start: h.end,
                heading: h.text,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_level2_headings_only() {
        let body = "Summary.\n\n## Resolved — 2026-11-20T15:10:00Z\nFixed.\n\n### Details\nx\n\n## Postmortem\nWhy.\n";
        let hs = level2_headings(body);
        let texts: Vec<&str> = hs.iter().map(|h| h.text.as_str()).collect();
        assert_eq!(texts, ["Resolved — 2026-11-20T15:10:00Z", "Postmortem"]);
        assert_eq!(&body[hs[0].start..hs[0].start + 2], "##");
    }

    #[test]
    fn headings_in_code_blocks_are_not_sections() {
        let body = "```\n## Resolved — 2026-11-20T15:10:00Z\n```\n";
        assert!(level2_headings(body).is_empty());
    }

    #[test]
    fn separators() {
        let cases = [
            (
                "Monitoring — 2026-11-20T14:50:00Z",
                Some(("Monitoring", "2026-11-20T14:50:00Z")),
            ),
            (
                "Monitoring – 2026-11-20T14:50:00Z",
                Some(("Monitoring", "2026-11-20T14:50:00Z")),
            ),
            (
                "Monitoring | 2026-11-20T14:50:00Z",
                Some(("Monitoring", "2026-11-20T14:50:00Z")),
            ),
            (
                "Monitoring - 2026-11-20T14:50:00Z",
                Some(("Monitoring", "2026-11-20T14:50:00Z")),
            ),
            ("Postmortem", None),
            ("Follow-up work", None),
        ];
        for (text, want) in cases {
            assert_eq!(split_update_heading(text), want, "{text}");
        }
    }

    #[test]
    fn one_grammar_for_updates_and_postmortems() {
        let body = "S.\n\n## Monitoring — T1\nA.\n\n## Follow-up - later\nB.\n\n## Post-mortem\nC.\n";
        let known = |k: &str| (k == "Monitoring").then_some(1);
        let got: Vec<Marker<i32>> = sections(body, known, true).into_iter().map(|s| s.marker).collect();
        assert_eq!(
            got,
            [
                Marker::Update {
                    kind: 1,
                    time: "T1".into()
                },
                Marker::Postmortem
            ]
        );
        // Without postmortems (maintenance), the heading is content.
        assert_eq!(sections(body, known, false).len(), 1);
    }
}

//! Splitting a Markdown body into its summary, its timestamped updates (`## Monitoring — <time>`)
//! and its postmortem (`## Postmortem`). Other headings are ordinary content of their section.

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
}

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
    line_headings(body).unwrap_or_else(|| parsed_headings(body))
}

/// Bytes that may carry inline Markdown in a heading's text (emphasis, code, links, escapes,
/// entities, HTML, a closing `#` sequence): such a heading goes to the parser. A table by byte:
/// searching the list of them for each byte of every heading was 3 % of a build's instructions.
const INLINE: [bool; 256] = {
    let mut table = [false; 256];
    let bytes = b"\\`*_[]<>&!~#";
    let mut at = 0;
    while at < bytes.len() {
        table[bytes[at] as usize] = true;
        at += 1;
    }
    table
};

/// The level-2 headings of `body` read line by line, for the bodies where that gives what
/// CommonMark gives: every `## ` heading starts its line, code is fenced from the first column,
/// and nothing else (HTML, block quotes, indented or nested `##`, a `---` under a paragraph line,
/// which makes a heading too) can change what a line is. `None` leaves the body to the parser.
/// Reading every body twice with pulldown-cmark (here and when the page is rendered) was 3 % of a
/// build; tests compare the two on generated bodies and on every report of the project.
fn line_headings(body: &str) -> Option<Vec<SectionHeading>> {
    // Line endings other than `\n` (a lone `\r` ends a line too), and the vertical tab and form
    // feed, which pulldown-cmark counts as blank space where a line reader would not.
    // (By `memchr`, as the lines are found below: the fold over every byte this was before did
    // not vectorise, and with the line split was 5 % of a build's instructions.)
    if memchr::memchr3(0x0b, 0x0c, 0x0d, body.as_bytes()).is_some() {
        return None;
    }
    let mut out = Vec::new();
    // The open fence (its character and length), and whether the line before was a paragraph's.
    let mut fence: Option<(u8, usize)> = None;
    let mut after_text = false;
    let mut at = 0;
    while at < body.len() {
        let start = at;
        at = memchr::memchr(b'\n', &body.as_bytes()[at..]).map_or(body.len(), |n| at + n + 1);
        let line = &body[start..at];
        let text = line.strip_suffix('\n').unwrap_or(line);
        let rest = text.trim_start_matches([' ', '\t']);
        let indent = text.len() - rest.len();
        let run = |c: u8| rest.bytes().take_while(|&b| b == c).count();
        if let Some((c, n)) = fence {
            let closing = run(c);
            if closing >= n && rest.bytes().skip(closing).all(|b| b == b' ' || b == b'\t') {
                // Indented, it closes all the same; a tab after it does not close it for
                // pulldown-cmark (CommonMark would): both to the parser.
                if indent > 0 || rest.as_bytes()[closing..].contains(&b'\t') {
                    return None;
                }
                fence = None;
            }
            continue;
        }
        if rest.is_empty() {
            after_text = false;
            continue;
        }
        let first = rest.as_bytes()[0];
        if matches!(first, b'`' | b'~') && run(first) >= 3 {
            let n = run(first);
            if indent > 0 || (first == b'`' && rest[n..].contains('`')) {
                return None;
            }
            fence = Some((first, n));
            after_text = false;
            continue;
        }
        if matches!(first, b'<' | b'>') {
            return None;
        }
        if indent == 0 && rest.starts_with("##") && !rest.starts_with("###") {
            let title = rest.strip_prefix("## ")?;
            if title.bytes().any(|b| INLINE[usize::from(b)]) {
                return None;
            }
            out.push(SectionHeading {
                text: title.trim().to_owned(),
                start,
                end: at,
            });
            after_text = false;
            continue;
        }
        let heading = indent == 0 && rest.starts_with("###");
        if (!heading && memchr::memchr(b'#', rest.as_bytes()).is_some() && rest.contains("##"))
            || (after_text && rest.bytes().all(|b| b == b'-' || b == b' ' || b == b'\t'))
        {
            return None;
        }
        after_text = true;
    }
    Some(out)
}

/// [`level2_headings`] by pulldown-cmark, for any body.
fn parsed_headings(body: &str) -> Vec<SectionHeading> {
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

    /// Whether the line reader took `body`; where it did, it must find what the parser finds.
    fn agree(body: &str) -> bool {
        let Some(quick) = line_headings(body) else {
            return false;
        };
        assert_eq!(quick, parsed_headings(body), "body:\n{body}");
        true
    }

    #[test]
    fn the_line_reader_takes_plain_bodies_and_leaves_the_rest_to_the_parser() {
        for body in [
            "",
            "Summary.\n\n## Resolved — 2026-11-20T15:10:00Z\nFixed.\n",
            "S.\n## Monitoring — T1\nA.\n## Identified | T0",
            "## Postmortem   \n\n### Root cause\n\nx\n#### deeper\n- a\n- b\n\n---\n\n1. one\n",
            "```\n## Resolved — 2026-11-20T15:10:00Z\n```\n## Resolved — T\n",
            "~~~~ text\n## in code\n~~~\nstill code\n~~~~~\n## Out — T\n",
            "````\n```\n## in code\n````\n",
            "```\nnever closed\n## in code\n",
            "| a | b |\n|---|---|\n| 1 | 2 |\n## After — T\n",
            "- item\n## After a list — T\n",
            "text\n\n---\n## x — y\n",
            "##    spaced  out   \n",
            "## \n",
            "Paragraph with ~~strike~~ and `code` and **bold**.\n## Resolved — T\n",
        ] {
            assert!(agree(body), "left to the parser:\n{body}");
        }
        for body in [
            "text\n---\n",
            "> ## Resolved — T\n",
            "- ## Resolved — T\n",
            "  ## Resolved — T\n",
            "    ## code\n",
            "1.  item\n\n    ## Resolved — T\n",
            "<div>\n## Resolved — T\n</div>\n",
            "##\n",
            "##\tTab\n",
            "## *Resolved* — T\n",
            "## Resolved — T ##\n",
            "## a\\_b\n",
            "## A &amp; B\n",
            "  ```\n## in code\n  ```\n",
            "```\n## in code\n  ```\n## after\n",
            "``` a`b\n## x\n",
            "## Resolved — T\r\nx\r\n",
            "## A\rB\n",
            "Text\r---\n",
            "```\nx\n```\t\n## Resolved — T\n",
            "~~~\n~~~\t\n## Out\n",
            "Text\n---\x0c\n",
            "Resolved — 2026-11-20T15:10:00Z\n-\x0b\n",
        ] {
            assert!(!agree(body), "took:\n{body}");
        }
    }

    /// Every Markdown file of the project: where the line reader takes one, the parser finds the
    /// same headings.
    #[test]
    fn the_line_reader_agrees_with_the_parser_on_every_file_of_the_project() {
        let (mut seen, mut took) = (0, 0);
        for text in crate::content::project_markdown() {
            let body = crate::content::frontmatter::split("a.md", &text).map_or(text.as_str(), |s| s.body);
            seen += 1;
            took += usize::from(agree(body));
        }
        assert!(seen > 50 && took * 2 > seen, "took {took} of {seen} files");
    }

    /// Bodies put together from lines of every kind, the tricky ones included.
    #[test]
    fn the_line_reader_agrees_with_the_parser_on_generated_bodies() {
        const LINES: &[&str] = &[
            "",
            "",
            "Plain words in a paragraph.",
            "## Resolved — 2026-11-20T15:10:00Z",
            "## Monitoring | 2026-11-20T14:50:00Z",
            "## Postmortem",
            "## ",
            "### Details",
            "####### seven",
            "#not a heading",
            "- a list item",
            "  continued in the item",
            "1. numbered",
            "* star item",
            "---",
            "***",
            "- - -",
            "===",
            "```",
            "```rust",
            "~~~",
            "````",
            "    indented code",
            "| a | b |",
            "|---|---|",
            "[link]: https://example.com",
            "[^1]: a footnote",
            "See [the runbook](https://example.com) and `code`.",
            "text with ## inside",
            "\tA tab first",
            "   ## three spaces",
            "> quoted",
            "<!-- comment -->",
            "## *emphasis*",
            "## a ##",
            "- ## in an item",
            "   ---",
            "  ```",
            "\\## escaped",
            "1) paren item",
            "   > indented quote",
            "<div>",
            "Hard break\\",
            "Text  ",
            "~~~ info",
            "``` in`fo",
            "```\t",
            "---\x0c",
            "a\rb",
            "## a\rb",
            "-\x0b",
        ];
        let mut rng = fastrand::Rng::with_seed(21);
        let mut took = 0;
        for _ in 0..20_000 {
            let mut body = String::new();
            for _ in 0..rng.usize(1..12) {
                // The plain lines most of the time, so that many bodies are taken at all.
                let line = if rng.u8(..3) == 0 {
                    LINES[rng.usize(..LINES.len())]
                } else {
                    LINES[rng.usize(..15)]
                };
                body.push_str(line);
                body.push('\n');
            }
            if rng.bool() {
                body.pop();
            }
            took += usize::from(agree(&body));
        }
        assert!(took > 2_000, "only {took} generated bodies were taken");
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

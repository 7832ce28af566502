//! Markdown to HTML for authors' text. One constructor for parser options; each pass over the
//! event stream is a small named function.
//!
//! Policy: raw HTML in Markdown is shown as text, never passed through, and link targets other
//! than http(s), mailto and relative ones are dropped, so nothing an author writes can run script.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

/// The one place parser options are chosen.
pub fn parser(text: &str) -> Parser<'_> {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TASKLISTS);
    options.insert(Options::ENABLE_FOOTNOTES);
    Parser::new_ext(text, options)
}

/// Render `text` to safe HTML.
pub fn to_html(text: &str) -> String {
    let events = parser(text).map(escape_raw_html).map(neutralise_links);
    let mut out = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut out, events);
    out
}

/// Render `text` to plain text (for feeds, titles and the widget): no markup, whitespace collapsed.
pub fn to_plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for event in parser(text) {
        push_plain(&mut out, &event);
    }
    collapse(&out)
}

/// [`to_html`] and [`to_plain`] of `text` from one parse.
pub fn to_html_and_plain(text: &str) -> (String, String) {
    let mut plain = String::with_capacity(text.len());
    let events = parser(text)
        .inspect(|event| push_plain(&mut plain, event))
        .map(escape_raw_html)
        .map(neutralise_links);
    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    (html, collapse(&plain))
}

/// What an event adds to the plain text of [`to_plain`].
fn push_plain(out: &mut String, event: &Event<'_>) {
    match event {
        Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => out.push_str(t),
        Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_)) => {
            out.push(' ');
        }
        _ => {}
    }
}

fn collapse(text: &str) -> String {
    let b = text.as_bytes();
    // Most plain text is words and single spaces already (a paragraph's end adds one at the
    // end): copied whole, after passes the compiler vectorises (ASCII, no white space but the
    // space, no two spaces together). Copying it word by word was 1 % of a build's instructions.
    if text.is_ascii() {
        let other = b.iter().fold(false, |other, &c| {
            other | matches!(c, b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
        });
        if !other && memchr::memmem::find(b, b"  ").is_none() {
            return text.trim_matches(' ').to_owned();
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut push = |word: &str| {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    };
    // ASCII text by bytes: the same words, but for the vertical tab, which only Unicode counts
    // as white space.
    if text.is_ascii() && !text.contains('\u{b}') {
        text.split_ascii_whitespace().for_each(&mut push);
    } else {
        text.split_whitespace().for_each(&mut push);
    }
    out
}

/// Raw HTML becomes text: shown, never interpreted.
fn escape_raw_html(event: Event<'_>) -> Event<'_> {
    match event {
        Event::Html(t) | Event::InlineHtml(t) => Event::Text(t),
        e => e,
    }
}

/// Only http(s), mailto, fragment and relative targets survive.
fn neutralise_links(event: Event<'_>) -> Event<'_> {
    match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        e => e,
    }
}

pub fn is_safe_url(url: &str) -> bool {
    let lower: String = url
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(12)
        .collect::<String>()
        .to_ascii_lowercase();
    match lower.find(':') {
        None => true,
        Some(i) => {
            // A colon after a slash, `?` or `#` is not a scheme separator.
            let before = &lower[..i];
            before.contains(['/', '?', '#']) || matches!(before, "http" | "https" | "mailto")
        }
    }
}

fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    if is_safe_url(&url) { url } else { CowStr::Borrowed("#") }
}

/// Text as HTML text or a quoted attribute value: `&`, `<`, `>`, `"` and `'` escaped, as the
/// templates escape every value they show.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    // Writing to a `String` never fails.
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}

/// Text from elsewhere (an alert, a probed server's answer) as one line: control characters (line
/// breaks included) become spaces, bidirectional overrides and isolates are dropped, runs of
/// whitespace collapse.
pub fn one_line(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Text from elsewhere as inert Markdown on one line: every character that could start inline
/// markup is escaped, and so is a first character that could start a block (`#`, `-`, `>`, `1.` …),
/// since the text may begin a line. Nothing it contains can add a heading, a link or an image.
pub fn inert_text(s: &str) -> String {
    let s = one_line(s);
    let mut out = String::with_capacity(s.len() + 8);
    let digits = s.chars().take_while(char::is_ascii_digit).count();
    for (i, c) in s.chars().enumerate() {
        let block_start = i == 0 && c.is_ascii_punctuation() || i == digits && digits > 0 && ".)".contains(c);
        if block_start || "\\`*_[]<>!|~&".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn inert_text_adds_no_block_and_no_inline_markup() {
        let hostile = "see\n## Resolved — 2026-11-20T14:40:00Z\r\n[click](https://phish.example) ![](x.png) **urgent** <b>hi</b> \u{202E}gnp.exe";
        let text = super::inert_text(hostile);
        assert!(!text.contains('\n') && !text.contains('\u{202E}'), "{text}");
        let html = super::to_html(&format!("{text}\n"));
        assert_eq!(html.matches("<p>").count(), 1, "{html}");
        for tag in ["<h2", "<a ", "<img", "<strong", "<b>"] {
            assert!(!html.contains(tag), "{tag} in {html}");
        }
        assert_eq!(super::inert_text("# not a heading"), "\\# not a heading");
        assert_eq!(super::inert_text("1. not a list"), "1\\. not a list");
    }

    use super::*;

    #[test]
    fn plain_text_collapses_white_space_as_unicode_counts_it() {
        for text in [
            "",
            "  one  ",
            "one two three ",
            " one two",
            "one",
            " ",
            "a\tb\n\nc\r\nd\u{c}e",
            // The vertical tab is white space to Unicode and not to ASCII.
            "a\u{b}b",
            "non\u{a0}breaking\u{2003}em space \u{85}next line",
            "ümlaut  words",
        ] {
            let words: Vec<&str> = text.split_whitespace().collect();
            assert_eq!(collapse(text), words.join(" "), "{text:?}");
        }
    }

    #[test]
    fn one_parse_gives_both_renderings() {
        let text =
            "Some **bold** <b>raw</b>\n\n- a [link](javascript:x)\n- `code`\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
        assert_eq!(to_html_and_plain(text), (to_html(text), to_plain(text)));
    }

    #[test]
    fn raw_html_is_text() {
        let html = to_html("Hi <script>alert(1)</script> <img src=x onerror=alert(1)>");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn script_links_are_dropped() {
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:x",
            "data:text/html,x",
            "vbscript:x",
        ] {
            let html = to_html(&format!("[x]({bad})"));
            assert!(html.contains("href=\"#\""), "{bad}: {html}");
        }
        for good in ["https://example.com/a:b", "/docs", "#top", "mailto:a@b.c", "a/b:c"] {
            assert!(is_safe_url(good), "{good}");
        }
    }

    #[test]
    fn tables_lists_and_code_render() {
        let html = to_html("| a | b |\n|---|---|\n| 1 | 2 |\n\n- x\n- y\n\n`code`");
        assert!(
            html.contains("<table>") && html.contains("<li>x</li>") && html.contains("<code>code</code>"),
            "{html}"
        );
    }

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(
            to_plain("We **fixed** the [bug](https://x).\n\n- one\n- two"),
            "We fixed the bug. one two"
        );
    }
}

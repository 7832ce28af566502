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
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_)) => {
                out.push(' ')
            }
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
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

#[cfg(test)]
mod tests {
    use super::*;

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

//! The built-in theme's incident page written here rather than interpreted from `incident.html`
//! and `base.html`: at N = 10,000 the template's interpreter was the largest single cost of a
//! build, and this one page is 10,000 of its 14,700 files (BENCHMARKS.md, "Thirty-third
//! sitting" and "Thirty-fourth sitting"). The partials every page shows (`chrome("header.html")`
//! and the others) are still rendered from their templates, once for all the pages alike, and a
//! `head.html` of the site's own is rendered with the page's variables, as the include gives it.
//!
//! Used only where nothing of the site's can make the template's output differ ([`applies`]):
//! the site keeps the built-in `incident.html`, `macros.html` (its `status_badge`) and
//! `base.html` (a block runs in its parent's scope: a `base.html` of the site's own could set
//! `root`, wrap the block in `{% autoescape false %}`, …), and no template of its own (`head.html`
//! and what it includes share that scope) declares, or even mentions in a tag, a name the page
//! reads ([`READS`]). A site that does gets the template, as before; so does a page whose
//! writing fails (a partial or `head.html` of the site's own that reads what it is not given,
//! say), so that the error is told as the template tells it. The test
//! `the_builtin_incident_page_is_the_template_byte_for_byte` (`tests/fixture_sites.rs`) builds
//! fixture sites both ways and compares the bytes; `every_fixture_incident_page_is_written`
//! (`render/html.rs`) that none of their pages falls back.
//!
//! Each `{{ … }}` is written as the environment's formatter writes it: text escaped, HTML
//! rendered from Markdown (marked safe) as it is. Each `{%- … %}`'s trimmed white space is
//! accounted for in the literal text around it.

use minijinja::{Environment, Value};

use super::{Chrome, IncidentView, MeasuredView, translate};
use crate::i18n::Language;
use crate::theme::Theme;

/// The names the page reads besides the incident's fields: `incident.html`'s `main` block's, and
/// what `base.html` reads after its `{% include "head.html" %}`, which runs in the page's scope
/// (a `{% set %}` or `{% macro %}` there is seen by the rest of the page).
const READS: [&str; 8] = [
    "t",
    "root",
    "site",
    "incident",
    "status_badge",
    "here",
    "component_feeds",
    "chrome",
];

/// Whether incident pages of `theme` may be written by [`write_page`] instead of rendered from
/// `incident.html`.
pub fn applies(theme: &Theme) -> bool {
    [
        "templates/incident.html",
        "templates/macros.html",
        "templates/base.html",
    ]
    .iter()
    .all(|path| theme.is_builtin(path))
        && !theme
            .templates()
            .filter(|(name, _)| !theme.is_builtin(&format!("templates/{name}")))
            .any(|(_, text)| READS.iter().any(|name| super::super::messages::declares(text, name)))
}

/// What an incident page shows around its `main` block, as `base.html` has it.
pub struct Shell<'a> {
    pub env: &'a Environment<'a>,
    /// The partials of `chrome("…")`, shared with the pages rendered from templates.
    pub chrome: &'a Chrome,
    /// The site's view, as templates see it.
    pub site: &'a Value,
    /// The page's way back to the site's root.
    pub root: &'a str,
    /// The page's address within its language's folder (`here`).
    pub here: &'a str,
    pub page_title: &'a str,
    /// What `{% include "head.html" %}` gives the page: nothing with the built-in `head.html`.
    pub head: &'a str,
}

/// The page `incident.html` renders for `incident`: `base.html` with its `main` block. An error
/// is a partial's (`chrome`) or a message's; the template, rendered instead, tells it as the
/// page's.
pub fn write_page(
    lang: &Language,
    shell: &Shell<'_>,
    incident: &IncidentView<'_>,
) -> Result<Vec<u8>, minijinja::Error> {
    let Shell { site, root, .. } = *shell;
    let chrome = |name: &str| shell.chrome.show_for(shell.env, name, site, root, shell.here);
    let attr = |name: &str| site.get_attr(name);
    let mut w = Writer {
        out: String::with_capacity(8192 + incident.updates.iter().map(|u| html_len(&u.html)).sum::<usize>()),
        lang,
    };
    let page_lang = attr("lang")?;
    w.raw("<!doctype html>\n<html lang=\"");
    w.value(&page_lang);
    w.raw("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    w.text(shell.page_title);
    w.raw("</title>\n<meta name=\"description\" content=\"");
    let description = attr("description")?;
    if !incident.summary_plain.is_empty() {
        w.text(&incident.summary_plain);
    } else if description.is_true() {
        w.value(&description);
    } else {
        let kwargs = minijinja::value::Kwargs::from_iter([("site", attr("title")?)]);
        w.value(&translate(lang, "meta-description", &kwargs)?);
    }
    w.raw("\">\n");
    w.value(&chrome("head-links.html")?);
    w.raw("\n");
    // The page script, and what it reads from `<body>`.
    let loader = attr("page_loader")?;
    if loader.is_true() {
        w.raw("\n<script type=\"module\" src=\"");
        w.text(root);
        w.value(&loader);
        w.raw("\"></script>");
    }
    w.raw("\n");
    w.raw(shell.head);
    w.raw("\n</head>\n<body");
    if loader.is_true() {
        w.raw(" data-statusmark-page data-feed=\"");
        w.text(root);
        w.value(&attr("up")?);
        w.raw("status.json\"");
        let labels = attr("labels")?;
        if labels.is_true() {
            w.raw(" data-sm-labels=\"");
            w.value(&labels);
            w.raw("\"");
        }
        let languages = attr("languages")?;
        if languages.is_true() {
            w.raw(" data-sm-pages=\"");
            w.text(root);
            w.raw("\"");
            let first = languages.get_item_by_index(0)?.get_attr("code")?;
            if page_lang != first {
                w.raw(" data-sm-text-lang=\"");
                w.value(&first);
                w.raw("\"");
            }
        }
    }
    w.raw(">\n");
    w.value(&chrome("header.html")?);
    w.raw("\n<main id=\"main\" class=\"wrap\">\n");
    main(&mut w, incident, root, site)?;
    w.raw("\n</main>\n<p class=\"stale-note\" role=\"status\" data-sm-age></p>\n");
    w.value(&chrome("footer.html")?);
    w.raw("\n</body>\n</html>");
    Ok(w.out.into_bytes())
}

/// `incident.html`'s `main` block for `incident` (`root`: the page's way back to the site's
/// root; `site`: the site's view, as templates see it).
fn main(w: &mut Writer<'_>, incident: &IncidentView<'_>, root: &str, site: &Value) -> Result<(), minijinja::Error> {
    let site_title = site.get_attr("title")?;
    let i = incident;
    w.raw("\n<nav class=\"crumbs\" aria-label=\"");
    w.t("breadcrumb")?;
    w.raw("\"><a href=\"");
    w.text(root);
    w.raw("\">");
    w.value(&site_title);
    w.raw("</a> › ");
    w.t("crumb-incident")?;
    w.raw("</nav>\n<article class=\"incident-page impact-");
    w.text(i.impact);
    w.raw("\" data-sm-incident-page=\"");
    w.text(i.slug);
    w.raw("\">\n  <h1");
    if let Some(code) = i.original_lang {
        w.raw(" lang=\"");
        w.text(code);
        w.raw("\"");
    }
    w.raw(">");
    w.text(i.title);
    w.raw("</h1>");
    if i.original_lang.is_some() {
        w.raw("\n  <p class=\"note-lang\">");
        w.t("not-translated")?;
        w.raw("</p>");
    }
    w.facts(i)?;
    w.affected(i)?;
    w.updates(i)?;
    w.postmortem(i)?;
    w.raw("\n</article>\n");
    Ok(())
}

fn html_len(v: &Value) -> usize {
    v.as_str().map_or(0, str::len)
}

struct Writer<'l> {
    out: String,
    lang: &'l Language,
}

impl Writer<'_> {
    /// `<dl class="facts">`: status, impact, times, response times.
    fn facts(&mut self, i: &IncidentView<'_>) -> Result<(), minijinja::Error> {
        self.raw("\n  <dl class=\"facts\">\n    <div><dt>");
        self.t("fact-status")?;
        self.raw("</dt><dd><span class=\"tag\" data-sm-incident-tag>");
        self.text(&i.status_label);
        self.raw("</span></dd></div>\n    <div><dt>");
        self.t("fact-impact")?;
        self.raw("</dt><dd>");
        self.text(&i.impact_label);
        self.raw("</dd></div>\n    <div><dt>");
        self.t("fact-started")?;
        self.raw("</dt><dd><time datetime=\"");
        self.text(&i.started.iso);
        self.raw("\">");
        self.text(&i.started.text);
        self.raw("</time></dd></div>\n    <div data-sm-resolved><dt>");
        match &i.resolved {
            Some(resolved) => {
                self.t("fact-resolved")?;
                self.raw("</dt><dd><time datetime=\"");
                self.text(&resolved.iso);
                self.raw("\">");
                self.text(&resolved.text);
                self.raw("</time> (");
                self.text(&i.duration);
                self.raw(")");
            }
            None => {
                self.t("fact-ongoing-for")?;
                self.raw("</dt><dd>");
                self.text(&i.duration);
            }
        }
        self.raw("</dd></div>");
        if let Some(response) = &i.response {
            self.response("response-first-update", &response.respond, "response-no-update")?;
            self.response("response-resolve", &response.resolve, "response-not-resolved")?;
        }
        self.raw("\n  </dl>");
        Ok(())
    }

    /// The affected components, and the summary.
    fn affected(&mut self, i: &IncidentView<'_>) -> Result<(), minijinja::Error> {
        if !i.components.is_empty() {
            self.raw("\n  <h2>");
            self.t("affected-components")?;
            self.raw("</h2>\n  <ul class=\"affected\">");
            for c in &i.components {
                self.raw("<li><span class=\"c-name\">");
                self.text(c.name);
                // `macros.html`'s `status_badge`.
                self.raw("</span><span class=\"st st-");
                self.text(c.status);
                self.raw("\" data-sm-status><span class=\"ico\" aria-hidden=\"true\"></span><span class=\"st-text\">");
                self.text(&c.status_label);
                self.raw("</span></span></li>");
            }
            self.raw("</ul>");
        }
        if i.summary_lang.is_some() {
            self.part_not_translated()?;
        }
        if i.summary_html.is_true() {
            self.raw("<div class=\"summary prose\"");
            self.lang_attr(i.summary_lang.or(i.original_lang));
            self.raw(">");
            self.value(&i.summary_html);
            self.raw("</div>");
        }
        Ok(())
    }

    /// The timeline of updates.
    fn updates(&mut self, i: &IncidentView<'_>) -> Result<(), minijinja::Error> {
        self.raw("\n  <p class=\"vh\" aria-live=\"polite\" data-sm-announce></p>\n  <section data-sm-updates");
        if i.updates.is_empty() {
            self.raw(" hidden");
        }
        self.raw(">\n  <h2>");
        self.t("updates")?;
        self.raw("</h2>\n  <ol class=\"timeline\">");
        for u in &i.updates {
            self.raw("\n    <li class=\"upd upd-");
            self.text(u.status);
            self.raw("\"><h3>");
            self.text(&u.label);
            self.raw("</h3><p class=\"meta\"><time datetime=\"");
            self.text(&u.at.iso);
            self.raw("\">");
            self.text(&u.at.text);
            self.raw("</time></p>");
            if u.original_lang.is_some() {
                self.part_not_translated()?;
            }
            self.raw("<div class=\"prose\"");
            self.lang_attr(u.original_lang.or(i.original_lang));
            self.raw(">");
            self.value(&u.html);
            self.raw("</div></li>");
        }
        self.raw("\n  </ol>\n  </section>");
        Ok(())
    }

    /// The postmortem, when there is one.
    fn postmortem(&mut self, i: &IncidentView<'_>) -> Result<(), minijinja::Error> {
        if let Some(postmortem) = i.postmortem_html.as_ref().filter(|v| v.is_true()) {
            self.raw("\n  <section class=\"postmortem\"><h2>");
            self.t("incident-postmortem")?;
            self.raw("</h2>");
            if i.postmortem_lang.is_some() {
                self.part_not_translated()?;
            }
            self.raw("<div class=\"prose\"");
            self.lang_attr(i.postmortem_lang.or(i.original_lang));
            self.raw(">");
            self.value(postmortem);
            self.raw("</div></section>");
        }
        Ok(())
    }

    fn raw(&mut self, s: &str) {
        self.out.push_str(s);
    }

    /// `{{ text }}`: escaped.
    fn text(&mut self, s: &str) {
        // Writing to a `String` cannot fail.
        let _ = pulldown_cmark_escape::escape_html(pulldown_cmark_escape::FmtWriter(&mut self.out), s);
    }

    /// `{{ value }}` for a string value: as it is when marked safe, escaped otherwise.
    fn value(&mut self, v: &Value) {
        match v.as_str() {
            Some(s) if v.is_safe() => self.out.push_str(s),
            Some(s) => self.text(s),
            None => self.text(&v.to_string()),
        }
    }

    /// `{{ t("id") }}`.
    fn t(&mut self, id: &str) -> Result<(), minijinja::Error> {
        let text = translate(
            self.lang,
            id,
            &minijinja::value::Kwargs::from_iter(std::iter::empty::<(&str, Value)>()),
        )?;
        self.value(&text);
        Ok(())
    }

    /// The note on a part shown untranslated.
    fn part_not_translated(&mut self) -> Result<(), minijinja::Error> {
        self.raw("<p class=\"note-lang\">");
        self.t("part-not-translated")?;
        self.raw("</p>");
        Ok(())
    }

    /// ` lang="…"` when a part is shown in a language other than the page's.
    fn lang_attr(&mut self, code: Option<&str>) {
        if let Some(code) = code {
            self.raw(" lang=\"");
            self.text(code);
            self.raw("\"");
        }
    }

    /// One response-time row of the facts.
    fn response(&mut self, label: &str, m: &MeasuredView, running: &str) -> Result<(), minijinja::Error> {
        self.raw("\n    <div class=\"response\"><dt>");
        self.t(label)?;
        self.raw("</dt><dd>");
        match &m.took {
            Some(took) if !took.is_empty() => self.text(took),
            _ => self.t(running)?,
        }
        if let Some(target) = m.target.as_deref().filter(|t| !t.is_empty()) {
            self.raw(" · ");
            let kwargs = minijinja::value::Kwargs::from_iter([("target", Value::from(target))]);
            let text = translate(self.lang, "response-target", &kwargs)?;
            self.value(&text);
            if let Some(verdict) = m.verdict {
                self.raw(" <span class=\"tag ");
                self.text(verdict);
                self.raw("\">");
                self.t(if verdict == "met" { "sla-met" } else { "sla-missed" })?;
                self.raw("</span>");
            }
        }
        self.raw("</dd></div>");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applies_to_the_builtin_templates_only() {
        let empty = tempfile::tempdir().unwrap();
        let mut theme = Theme::load(empty.path()).unwrap();
        assert!(applies(&theme));
        for own in [
            "templates/incident.html",
            "templates/macros.html",
            "templates/base.html",
        ] {
            let mut changed = theme.clone();
            changed.files.get_mut(own).unwrap().extend_from_slice(b"{# own #}");
            assert!(!applies(&changed), "{own}");
        }
        // A `head.html` of the site's own that leaves the block's names alone, and ones that
        // could change what they are (an include shares the page's scope, and the block runs in
        // the scope of `base.html`, which includes `head.html`).
        let head = |text: &str| {
            let mut own = theme.clone();
            own.files
                .insert("templates/head.html".to_owned(), text.as_bytes().to_vec());
            applies(&own)
        };
        assert!(head(
            "<meta name=\"x\" content=\"{{ page_title }}\">{% include \"mine.html\" %}"
        ));
        for text in [
            "{% set t = 1 %}",
            "{% set root = \"/\" %}",
            "{% macro status_badge(s, l) %}{% endmacro %}",
            "{% from \"m.html\" import site %}",
            "{% for incident in [1] %}{% endfor %}",
            "{% if incident %}<meta>{% endif %}",
            "{% set here = \"/\" %}",
            "{% set component_feeds = {} %}",
            "{% macro chrome(name) %}{% endmacro %}",
        ] {
            assert!(!head(text), "{text}");
        }
        theme
            .files
            .insert("templates/mine.html".to_owned(), b"{% set t = 1 %}".to_vec());
        assert!(!applies(&theme));
    }
}

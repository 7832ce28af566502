//! One event rendered for email, once for all its recipients: the subject, the plain text and the
//! theme's `email.html`, escaped by the same template environment as the pages.

use serde::Serialize;

use super::EmailError;
use crate::notify::notice::{self, Notice};
use crate::render::views;
use crate::theme::Theme;

/// One event rendered for email, once for all its recipients.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mail {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// What `email.html` sees. Every field but `body_html` is escaped by the template environment.
#[derive(Serialize)]
struct EmailView<'a> {
    kind: &'static str,
    site_title: &'a str,
    site_url: Option<&'a str>,
    title: &'a str,
    headline: &'a str,
    /// The update as HTML, already sanitised by the Markdown pipeline: the one `|safe` value.
    body_html: &'a str,
    body_text: &'a str,
    url: Option<&'a str>,
    status_label: String,
    colour: &'static str,
    components: Vec<ComponentView<'a>>,
    when: &'a str,
    window: Option<&'a str>,
}

#[derive(Serialize)]
struct ComponentView<'a> {
    name: &'a str,
    status_label: String,
    colour: &'static str,
}

impl<'a> EmailView<'a> {
    fn of(n: &'a Notice) -> Self {
        EmailView {
            kind: n.kind.as_str(),
            site_title: &n.site_title,
            site_url: n.site_url.as_deref(),
            title: &n.title,
            headline: &n.headline,
            body_html: &n.body_html,
            body_text: &n.body_text,
            url: n.url.as_deref(),
            status_label: notice::status_label(n, n.status),
            colour: notice::colour(n.status),
            components: n
                .components
                .iter()
                .map(|(name, status)| ComponentView {
                    name,
                    status_label: notice::status_label(n, *status),
                    colour: notice::colour(*status),
                })
                .collect(),
            when: &n.when,
            window: n.window.as_deref(),
        }
    }
}

/// Render `notice` once: the subject, the plain text and the theme's `email.html` (a site's
/// `site/templates/email.html` replaces it), escaped by the same environment as the pages.
pub fn render(notice: &Notice, theme: &Theme) -> Result<Mail, EmailError> {
    let env = views::environment(theme, notice.lang);
    let html = views::render(
        &env,
        "email.html",
        minijinja::context! { lang => notice.lang.code(), ..minijinja::Value::from_serialize(EmailView::of(notice)) },
    )?;
    Ok(Mail {
        subject: subject(notice),
        text: text(notice),
        html,
    })
}

/// "[Acme Status] Elevated API errors — Investigating", on one line whatever the author wrote.
fn subject(n: &Notice) -> String {
    one_line(&format!("[{}] {} — {}", n.site_title, n.title, n.headline))
}

pub(super) use crate::markdown::one_line;

fn text(n: &Notice) -> String {
    let mut out = format!("{}\n{}\n", one_line(&n.title), one_line(&n.headline));
    if !n.body_text.trim().is_empty() {
        out.push('\n');
        out.push_str(n.body_text.trim());
        out.push('\n');
    }
    if !n.components.is_empty() {
        out.push_str(&format!("\n{}:\n", n.say("notice-affected")));
        for (name, status) in &n.components {
            out.push_str(&format!("- {}: {}\n", one_line(name), notice::status_label(n, *status)));
        }
    }
    out.push('\n');
    if let Some(window) = &n.window {
        out.push_str(&format!("{}: {window}\n", n.say("notice-window")));
    }
    out.push_str(&format!("{}: {}\n", n.say("notice-posted"), n.when));
    if let Some(url) = &n.url {
        out.push_str(&format!("{}: {url}\n", n.say("notice-details")));
    }
    out.push_str(&format!("\n-- \n{}", one_line(&n.site_title)));
    if let Some(site) = &n.site_url {
        out.push_str(&format!(" · {site}"));
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use statusmark_feed::ComponentStatus;

    use super::*;
    use crate::notify::notice::sample;

    fn theme() -> Theme {
        Theme::load(std::path::Path::new("/nonexistent")).unwrap()
    }

    #[test]
    fn a_german_site_mails_in_german() {
        let mut n = sample();
        n.lang = crate::i18n::language("de").unwrap();
        n.window = Some("01.12.2026 15:00 – 16:00 CET".to_owned());
        let mail = render(&n, &theme()).unwrap();
        for want in [
            "Betroffene Komponenten:\n- API: Teilweiser Ausfall\n",
            "Zeitfenster: 01.12.2026",
            "Veröffentlicht: ",
            "Details: https://status.acme.example/",
        ] {
            assert!(mail.text.contains(want), "{want:?} in {}", mail.text);
        }
        for want in [
            "<html lang=\"de\">",
            "Auf der Statusseite ansehen",
            "weil Sie Updates von Acme Status abonniert haben",
            ">Teilweiser Ausfall<",
        ] {
            assert!(mail.html.contains(want), "{want:?} in {}", mail.html);
        }
        for english in ["Posted", "Window", "View on", "subscribed", "Partial Outage"] {
            assert!(
                !mail.html.contains(english) && !mail.text.contains(english),
                "{english}"
            );
        }
    }

    #[test]
    fn subject_names_the_site_the_title_and_the_headline_on_one_line() {
        let mut n = sample();
        assert_eq!(subject(&n), "[Acme Status] Elevated API errors — Investigating");
        n.title = "Errors\r\nBcc: evil@example.com\n\tagain\u{0}".to_owned();
        assert_eq!(
            subject(&n),
            "[Acme Status] Errors Bcc: evil@example.com again — Investigating"
        );
    }

    #[test]
    fn the_text_has_every_fact_of_the_event() {
        let mut n = sample();
        n.window = Some("2 Dec 2026, 22:00 – 23:30 CET".to_owned());
        n.components.push(("Website".to_owned(), ComponentStatus::Operational));
        let text = render(&n, &theme()).unwrap().text;
        for want in [
            "Elevated API errors\nInvestigating\n",
            "We are looking into errors on the API.",
            "- API: Partial Outage\n- Website: Operational\n",
            "Window: 2 Dec 2026, 22:00 – 23:30 CET\n",
            "Posted: 1 Dec 2026, 10:00 UTC\n",
            "Details: https://status.acme.example/incidents/2026-12-01-api-errors/\n",
            "Acme Status · https://status.acme.example/",
        ] {
            assert!(text.contains(want), "{want:?} missing from\n{text}");
        }
    }

    #[test]
    fn the_html_is_the_theme_template_with_the_status_colour() {
        let html = render(&sample(), &theme()).unwrap().html;
        assert!(html.contains("<table role=\"presentation\""), "{html}");
        assert!(
            html.contains("background-color:#bc4c00"),
            "the partial outage colour: {html}"
        );
        assert!(
            html.contains("<p>We are looking into <strong>errors</strong> on the API.</p>"),
            "{html}"
        );
        let link = "href=\"https://status.acme.example/incidents/2026-12-01-api-errors/\"";
        assert!(html.contains(link), "{html}");
    }

    #[test]
    fn everything_but_the_sanitised_body_is_escaped() {
        let mut n = sample();
        let hostile = "<script>alert(1)</script><img src=x onerror=alert(1)>";
        n.site_title = hostile.to_owned();
        n.title = hostile.to_owned();
        n.headline = hostile.to_owned();
        n.body_text = hostile.to_owned();
        n.body_html = crate::markdown::to_html(hostile);
        n.components = vec![(hostile.to_owned(), ComponentStatus::MajorOutage)];
        n.when = hostile.to_owned();
        n.window = Some(hostile.to_owned());
        n.url = Some("\"><script>alert(1)</script>".to_owned());
        let html = render(&n, &theme()).unwrap().html.to_lowercase();
        assert!(!html.contains("<script") && !html.contains("<img"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;"), "{html}");
    }

    #[test]
    fn a_site_replaces_the_template() {
        let root = tempfile::tempdir().unwrap();
        let templates = root.path().join("site/templates");
        std::fs::create_dir_all(&templates).unwrap();
        std::fs::write(templates.join("email.html"), "<b>{{ title }}</b> {{ body_html|safe }}").unwrap();
        let mut n = sample();
        n.title = "A & B".to_owned();
        let mail = render(&n, &Theme::load(root.path()).unwrap()).unwrap();
        assert_eq!(
            mail.html,
            "<b>A &amp; B</b> <p>We are looking into <strong>errors</strong> on the API.</p>\n"
        );
    }

    #[test]
    fn a_broken_site_template_is_an_error_naming_it() {
        let root = tempfile::tempdir().unwrap();
        let templates = root.path().join("site/templates");
        std::fs::create_dir_all(&templates).unwrap();
        std::fs::write(templates.join("email.html"), "{{ no_such_field }}").unwrap();
        let err = render(&sample(), &Theme::load(root.path()).unwrap()).unwrap_err();
        assert!(err.to_string().contains("email.html"), "{err}");
    }
}

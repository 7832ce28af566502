//! A site in another language (`tests/fixtures/german`, `language = "de"`), built by the real
//! binary: every page speaks German. The rendered text and the attributes people read (titles,
//! labels) are scanned for the English catalog's words; dates and numbers are German; the page
//! script gets its words in German.

// Helpers here are test code: a panic is a failing test.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::{copy_dir, tree};

const NOW: &str = "2026-11-20T15:00:00Z";

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn build(fixture: &str) -> (tempfile::TempDir, BTreeMap<String, Vec<u8>>) {
    build_edited(fixture, |_| {})
}

/// [`build`], after `edit` changed the copy of the fixture.
fn build_edited(fixture: &str, edit: impl FnOnce(&Path)) -> (tempfile::TempDir, BTreeMap<String, Vec<u8>>) {
    let site = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/fixtures").join(fixture), site.path());
    edit(site.path());
    let out = site.path().join("public");
    let o = Command::new(env!("CARGO_BIN_EXE_statusmark"))
        .args([
            "build",
            "--root",
            site.path().to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .args(["--now", NOW])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let files = tree(&out);
    (site, files)
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let end = tail.find(';').filter(|&e| e <= 10);
        let entity = end.map(|e| &tail[1..e]);
        let ch = match entity {
            Some("amp") => Some('&'),
            Some("lt") => Some('<'),
            Some("gt") => Some('>'),
            Some("quot") => Some('"'),
            Some(e) if e.starts_with("#x") => u32::from_str_radix(&e[2..], 16).ok().and_then(char::from_u32),
            Some(e) if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match (ch, end) {
            (Some(c), Some(e)) => {
                out.push(c);
                rest = &tail[e + 1..];
            }
            _ => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// What a person reads on a page: the text outside tags (not in `<script>` or `<style>`), and the
/// values of `title`, `aria-label`, `alt` and the description's `content`.
fn readable(html: &str) -> String {
    let mut text = String::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        text.push(' ');
        let Some(close) = rest[open..].find('>') else { break };
        let tag = &rest[open..open + close + 1];
        for attr in ["title=\"", "aria-label=\"", "alt=\"", "content=\""] {
            if let Some(at) = tag.find(attr) {
                let value = &tag[at + attr.len()..];
                text.push_str(&value[..value.find('"').unwrap_or(value.len())]);
                text.push(' ');
            }
        }
        rest = &rest[open + close + 1..];
        for skip in ["script", "style"] {
            if tag.starts_with(&format!("<{skip}")) {
                let end = format!("</{skip}>");
                rest = rest.find(&end).map_or("", |e| &rest[e + end.len()..]);
            }
        }
    }
    text.push_str(rest);
    let text = unescape(&text);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The literal parts of every English message (what is around the placeholders), for the ones
/// the German catalog does not share: "Active incidents", "days ago", "impact".
fn english_phrases() -> Vec<(String, String)> {
    use fluent_syntax::ast::{Entry, Expression, Pattern, PatternElement};
    fn literals(p: &Pattern<&str>, out: &mut Vec<String>) {
        let mut current = String::new();
        for e in &p.elements {
            match e {
                PatternElement::TextElement { value } => current.push_str(value),
                PatternElement::Placeable { expression } => {
                    out.push(std::mem::take(&mut current));
                    if let Expression::Select { variants, .. } = expression {
                        for v in variants {
                            literals(&v.value, out);
                        }
                    }
                }
            }
        }
        out.push(current);
    }
    let read =
        |lang: &str| std::fs::read_to_string(repo().join(format!("crates/statusmark/locales/{lang}.ftl"))).unwrap();
    let (en, de) = (read("en"), read("de"));
    let german = fluent_syntax::parser::parse(de.as_str()).unwrap();
    let german_text: String = german
        .body
        .iter()
        .filter_map(|e| match e {
            Entry::Message(m) => m.value.as_ref(),
            _ => None,
        })
        .flat_map(|p| {
            let mut out = Vec::new();
            literals(p, &mut out);
            out
        })
        .collect::<Vec<_>>()
        .join("\n");
    let english = fluent_syntax::parser::parse(en.as_str()).unwrap();
    let mut phrases = Vec::new();
    for entry in &english.body {
        let Entry::Message(m) = entry else { continue };
        let mut parts = Vec::new();
        if let Some(value) = &m.value {
            literals(value, &mut parts);
        }
        for part in parts {
            let part = part.trim_matches(|c: char| !c.is_alphanumeric()).to_owned();
            // Words the languages share (API, SLA, Atom, Postmortem) say nothing; single short
            // words are too likely to be part of other words.
            let letters = part.chars().filter(|c| c.is_alphabetic()).count();
            if letters < 4 || german_text.contains(&part) {
                continue;
            }
            phrases.push((m.id.name.to_owned(), part));
        }
    }
    phrases
}

/// `phrase` as words of `text`: not inside a longer word, a file name (`uptime.csv`) or a path.
fn has_words(text: &str, phrase: &str) -> bool {
    text.match_indices(phrase).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let mut after = text[at + phrase.len()..].chars();
        let (next, then) = (after.next(), after.next());
        let file_name = next == Some('.') && then.is_some_and(char::is_alphanumeric);
        // Part of an address (`maintenance/2026-…/`) is not words either.
        let path = before == Some('/') || next == Some('/');
        !before.is_some_and(char::is_alphanumeric) && !next.is_some_and(char::is_alphanumeric) && !file_name && !path
    })
}

#[test]
fn a_german_site_has_no_english_left_on_any_page() {
    let (_site, files) = build("german");
    let phrases = english_phrases();
    assert!(phrases.len() > 150, "the English catalog's phrases: {}", phrases.len());
    let pages: Vec<&String> = files.keys().filter(|p| p.ends_with(".html")).collect();
    // The fixture has every kind of page.
    for want in [
        "index.html",
        "404.html",
        "history/index.html",
        "incidents/2026-11-10-web-ausfall/index.html",
        "maintenance/2026-11-25-mail-umzug/index.html",
        "components/api/index.html",
        "reports/index.html",
        "reports/2026/index.html",
        "widget/index.html",
    ] {
        assert!(files.contains_key(want), "{want} missing");
    }
    let mut found = Vec::new();
    for page in pages {
        let html = String::from_utf8(files[page].clone()).unwrap();
        assert!(html.contains("<html lang=\"de\">"), "{page}: not marked as German");
        let text = readable(&html);
        for (id, phrase) in &phrases {
            if has_words(&text, phrase) {
                found.push(format!("{page}: \"{phrase}\" ({id})"));
            }
        }
        // English month names and the English date order ("Nov 20").
        for month in [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ] {
            for day in 1..=31 {
                let english_date = format!("{month} {day}");
                if has_words(&text, &english_date) {
                    found.push(format!("{page}: the English date \"{english_date}\""));
                }
            }
        }
    }
    assert!(found.is_empty(), "English on the German site:\n{}", found.join("\n"));
}

#[test]
fn a_german_sites_feeds_calendar_and_badges_are_german() {
    let (_site, files) = build("german");
    let text = |path: &str| String::from_utf8(files[path].clone()).unwrap();
    // Atom and RSS, read by an independent parser.
    for path in ["history.atom", "history.rss", "components/web/history.atom"] {
        let feed = feed_rs::parser::parse(files[path].as_slice()).unwrap_or_else(|e| panic!("{path}: {e}"));
        let title = feed.title.map(|t| t.content).unwrap_or_default();
        assert!(
            title.starts_with("Statusverlauf von Beispiel-Status"),
            "{path}: {title}"
        );
    }
    let atom = text("history.atom");
    for want in [
        "Auswirkung: Kritisch",
        "Untersuchung läuft",
        "Postmortem",
        "Wartung: Umzug des E-Mail-Anbieters",
    ] {
        assert!(unescape(&atom).contains(want), "history.atom lacks \"{want}\"");
    }
    let rss = text("history.rss");
    assert!(
        rss.contains("<description>Vorfälle und Wartungsarbeiten von Beispiel-Status</description>"),
        "{rss}"
    );
    // The calendar, read by an independent parser.
    let ics = text("maintenance.ics");
    let calendar: icalendar::Calendar = ics.parse().unwrap();
    assert_eq!(calendar.get_name(), Some("Wartungsarbeiten von Beispiel-Status"));
    assert!(ics.contains("SUMMARY:Wartung: Umzug des E-Mail-Anbieters"), "{ics}");
    assert!(ics.contains("Betrifft: E-Mail-Versand"), "{ics}");
    // Badges, in the site's language.
    let badge: serde_json::Value = serde_json::from_slice(&files["badges/status.json"]).unwrap();
    assert_eq!(
        (badge["label"].as_str(), badge["message"].as_str()),
        (Some("Status"), Some("Teilweiser Systemausfall"))
    );
    let uptime: serde_json::Value = serde_json::from_slice(&files["badges/components/api/uptime.json"]).unwrap();
    assert_eq!(uptime["label"], "Verfügbarkeit Schnittstelle");
    assert_eq!(uptime["message"], "99,95 %");
    // No English phrase in the feeds' or the calendar's words either.
    let phrases = english_phrases();
    // The calendar's words are in its names, summaries and descriptions (not in UIDs and URLs).
    let ics_words: String = ics
        .replace("\r\n ", "")
        .lines()
        .filter(|l| {
            ["SUMMARY", "DESCRIPTION", "X-WR-CALNAME", "NAME"]
                .iter()
                .any(|p| l.starts_with(p))
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert!(ics_words.contains("Betrifft"), "{ics_words}");
    for (path, words) in [
        ("history.atom", unescape(&atom)),
        ("history.rss", unescape(&rss)),
        ("maintenance.ics", ics_words),
    ] {
        for (id, phrase) in &phrases {
            assert!(!has_words(&words, phrase), "{path}: \"{phrase}\" ({id})");
        }
    }
}

#[test]
fn german_pages_write_dates_numbers_and_plurals_in_german() {
    let (_site, files) = build("german");
    let home = readable(&String::from_utf8(files["index.html"].clone()).unwrap());
    for want in [
        // Banner, statuses, a card's line, in the site's zone (Berlin).
        "Teilweiser Systemausfall",
        "Auswirkung: Erheblich · Beginn: 20.11.2026 15:00 CET",
        // German decimals, and the day-by-day details with German ranges and plurals.
        "99,95 % Verfügbarkeit · SLA 99,9 % erreicht",
        "22.10. – 19.11.2026: Betriebsbereit, keine Vorfälle",
        "Betriebsbereit: 29 Tage",
        "(65 Min. Ausfallzeit)",
        "Dauer: 1 Std. 5 Min.",
        "Zuletzt aktualisiert: 20.11.2026 16:00 CET",
    ] {
        assert!(home.contains(want), "home page: missing \"{want}\" in:\n{home}");
    }
    let history = readable(&String::from_utf8(files["history/index.html"].clone()).unwrap());
    assert!(history.contains("November 2026"), "{history}");
    // The page script is told its words.
    let html = String::from_utf8(files["index.html"].clone()).unwrap();
    assert!(html.contains("data-sm-labels=\""), "no labels for the page script");
    assert!(html.contains("Betriebsbereit&quot;"), "the labels are German");
}

#[test]
fn an_english_site_carries_no_labels_and_says_so_in_english() {
    let (_site, files) = build("basic");
    let html = String::from_utf8(files["index.html"].clone()).unwrap();
    assert!(html.contains("<html lang=\"en\">"));
    assert!(!html.contains("data-sm-labels"), "English needs no labels");
}

#[test]
fn an_unknown_language_is_an_error_that_names_the_choices() {
    let site = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/fixtures/german"), site.path());
    let config = site.path().join("content/statusmark.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, text.replace("language = \"de\"", "language = \"dee\"")).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_statusmark"))
        .args(["check", "--root", site.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("unknown language \"dee\""), "{err}");
    assert!(err.contains("did you mean \"de\""), "{err}");
    assert!(err.contains("statusmark.toml:4:"), "points at the line: {err}");
}

/// [`readable`], leaving out every element marked `lang="en"` (text shown in its original
/// language on purpose, and the switcher's "English").
fn readable_german(html: &str) -> String {
    // An untranslated report's description is its original summary.
    let owned;
    let html = match html.find("<meta name=\"description\"") {
        Some(at) if html.contains("<h1 lang=\"en\">") => {
            let end = at + html[at..].find('>').unwrap() + 1;
            owned = [&html[..at], &html[end..]].concat();
            owned.as_str()
        }
        _ => html,
    };
    let mut kept = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(" lang=\"en\"") {
        let open = rest[..at].rfind('<').unwrap();
        kept.push_str(&rest[..open]);
        let name: String = rest[open + 1..]
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        // Skip to the matching end tag, counting elements of the same name inside.
        let (start, end) = (format!("<{name}"), format!("</{name}>"));
        let mut depth = 0;
        let mut pos = open;
        loop {
            let next_open = rest[pos + 1..].find(&start).map(|n| n + pos + 1);
            let next_close = rest[pos..].find(&end).map(|n| n + pos).unwrap();
            match next_open {
                Some(o) if o < next_close => {
                    depth += 1;
                    pos = o;
                }
                _ if depth > 0 => {
                    depth -= 1;
                    pos = next_close + 1;
                }
                _ => {
                    rest = &rest[next_close + end.len()..];
                    break;
                }
            }
        }
    }
    kept.push_str(rest);
    readable(&kept)
}

/// Every `href` and `src` of a page, with the page's path.
fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in [" href=\"", " src=\""] {
        for (at, _) in html.match_indices(attr) {
            let value = &html[at + attr.len()..];
            out.push(unescape(&value[..value.find('"').unwrap()]));
        }
    }
    out
}

/// Where a relative link from the page at `page` leads, as an output path (`…/` is its index).
fn resolve(page: &str, link: &str) -> String {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    let link = link.split(['#', '?']).next().unwrap();
    for part in link.split('/') {
        match part {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    let mut path = parts.join("/");
    if link.ends_with('/') || link.is_empty() {
        path = if path.is_empty() {
            "index.html".into()
        } else {
            format!("{path}/index.html")
        };
    }
    path
}

#[test]
fn a_bilingual_site_has_every_page_in_both_languages_linked_both_ways() {
    let (_site, files) = build("bilingual");
    let base = "https://status.example.test/";
    let english: Vec<&String> = files
        .keys()
        .filter(|p| p.ends_with("index.html") && !p.starts_with("de/"))
        .collect();
    assert!(english.len() > 10, "{english:?}");
    for page in &english {
        let german = format!("de/{page}");
        assert!(files.contains_key(&german), "{german} missing");
        for (path, lang) in [(page.as_str(), "en"), (german.as_str(), "de")] {
            let html = String::from_utf8(files[path].clone()).unwrap();
            assert!(html.contains(&format!("<html lang=\"{lang}\">")), "{path}");
            // Alternates name the page in each language, absolute, and the root's as x-default.
            let here = page.strip_suffix("index.html").unwrap();
            for (code, url) in [
                ("en", format!("{base}{here}")),
                ("de", format!("{base}de/{here}")),
                ("x-default", format!("{base}{here}")),
            ] {
                let want = format!("<link rel=\"alternate\" hreflang=\"{code}\" href=\"{url}\">");
                assert!(unescape(&html).contains(&want), "{path}: no {want}");
            }
            // The switcher: plain links to this very page in each language, the current marked.
            assert!(
                unescape(&html).contains(&format!("hreflang=\"{lang}\" lang=\"{lang}\" aria-current=\"page\"")),
                "{path}: the switcher does not mark {lang}"
            );
            let switcher = html
                .split("<nav class=\"langs\"")
                .nth(1)
                .and_then(|n| n.split("</nav>").next());
            let targets: Vec<String> = links(switcher.unwrap_or_default())
                .iter()
                .map(|link| resolve(path, link))
                .collect();
            assert_eq!(
                targets,
                [page.to_string(), german.clone()],
                "{path}: the switcher's links"
            );
            // Every relative link and asset resolves to a file of the build.
            for link in links(&html) {
                if link.contains("://") || link.starts_with("mailto:") || link.starts_with('#') {
                    continue;
                }
                let target = resolve(path, &link);
                assert!(files.contains_key(&target), "{path}: {link} → {target} does not exist");
            }
        }
    }
    // One robots.txt naming each language's sitemap; each sitemap lists its own pages.
    let robots = String::from_utf8(files["robots.txt"].clone()).unwrap();
    assert!(
        robots.contains(&format!("Sitemap: {base}sitemap.xml\nSitemap: {base}de/sitemap.xml\n")),
        "{robots}"
    );
    assert!(!files.contains_key("de/robots.txt"));
    let sitemap = |path: &str| {
        let xml = String::from_utf8(files[path].clone()).unwrap();
        xml.matches("<loc>").count()
    };
    assert_eq!(sitemap("sitemap.xml"), sitemap("de/sitemap.xml"));
    let german_map = String::from_utf8(files["de/sitemap.xml"].clone()).unwrap();
    assert_eq!(
        german_map.matches(&format!("<loc>{base}de/")).count(),
        sitemap("de/sitemap.xml")
    );
    // What every language shares is written once, at the root.
    for shared in [
        "status.json",
        "api/v2/summary.json",
        "badges/status.svg",
        "favicon.svg",
        "_headers",
    ] {
        assert!(files.contains_key(shared), "{shared}");
        assert!(!files.contains_key(&format!("de/{shared}")), "de/{shared}");
    }
    // Badges speak the site's language, English.
    let badge: serde_json::Value = serde_json::from_slice(&files["badges/status.json"]).unwrap();
    assert_eq!(badge["message"], "Partial System Outage");
}

#[test]
fn german_pages_of_a_bilingual_site_are_german_but_for_what_is_not_translated() {
    let (_site, files) = build("bilingual");
    let phrases = english_phrases();
    let mut found = Vec::new();
    for page in files.keys().filter(|p| p.starts_with("de/") && p.ends_with(".html")) {
        let text = readable_german(&String::from_utf8(files[page].clone()).unwrap());
        for (id, phrase) in &phrases {
            if has_words(&text, phrase) {
                found.push(format!("{page}: \"{phrase}\" ({id})"));
            }
        }
        // The configuration's English names never reach a German page.
        for name in [
            "Core services",
            "Public interface",
            "Web application",
            "Mail delivery",
            "Example Status",
        ] {
            if text.contains(name) {
                found.push(format!("{page}: the name \"{name}\""));
            }
        }
    }
    assert!(found.is_empty(), "English on the German pages:\n{}", found.join("\n"));
    let page = |path: &str| String::from_utf8(files[path].clone()).unwrap();
    // A translated incident: its title, summary, every update and the postmortem in German,
    // with the original's facts.
    let full = page("de/incidents/2026-11-10-web-outage/index.html");
    let text = readable(&full);
    for want in [
        "Webanwendung nicht erreichbar",
        "Die Webanwendung war eine Stunde lang nicht erreichbar.",
        "Wir gehen der Sache nach.",
        "Die Erneuerung läuft nun automatisch.",
        "Auswirkung Kritisch",
        "10.11.2026 12:05 CET",
    ] {
        assert!(text.contains(want), "translated incident lacks \"{want}\": {text}");
    }
    assert!(!full.contains("note-lang"), "a complete translation has no note");
    // A translation lacking an update: that update in English, marked, with a German note.
    let partial = page("de/incidents/2026-11-20-api-errors/index.html");
    assert!(readable(&partial).contains("Wir untersuchen erhöhte Fehlerraten."));
    assert_eq!(
        partial
            .matches("Noch nicht ins Deutsche übersetzt; hier ist das Original.")
            .count(),
        1
    );
    assert!(
        partial.contains("lang=\"en\">\n<p>A faulty release is being rolled back.</p>")
            || partial.contains("lang=\"en\"><p>A faulty release is being rolled back.</p>"),
        "{partial}"
    );
    // No translation: the original, marked English, with the note in German.
    let none = page("de/incidents/2026-11-05-mail-delays/index.html");
    assert!(none.contains("<h1 lang=\"en\">Delayed outgoing mail</h1>"), "{none}");
    assert!(readable(&none).contains("Dieser Bericht liegt noch nicht auf Deutsch vor; hier ist das Original."));
    // The maintenance notice's translation.
    let notice = readable(&page("de/maintenance/2026-11-25-mail-move/index.html"));
    assert!(
        notice.contains("Umzug des E-Mail-Anbieters") && notice.contains("Der Umzug ist geplant."),
        "{notice}"
    );
    // The English pages are untouched by translations.
    let english = readable(&page("incidents/2026-11-20-api-errors/index.html"));
    assert!(
        english.contains("Errors from interface calls") && !english.contains("Fehler"),
        "{english}"
    );
    assert!(!page("incidents/2026-11-05-mail-delays/index.html").contains("note-lang"));
}

#[test]
fn each_language_has_its_own_feeds_and_calendar() {
    let (_site, files) = build("bilingual");
    let feed = |path: &str| feed_rs::parser::parse(files[path].as_slice()).unwrap_or_else(|e| panic!("{path}: {e}"));
    for (path, title, entry, link) in [
        (
            "history.atom",
            "Example Status status history",
            "Web application unreachable",
            "https://status.example.test/incidents/",
        ),
        (
            "de/history.atom",
            "Statusverlauf von Beispiel-Status",
            "Webanwendung nicht erreichbar",
            "https://status.example.test/de/incidents/",
        ),
        (
            "de/history.rss",
            "Statusverlauf von Beispiel-Status",
            "Webanwendung nicht erreichbar",
            "https://status.example.test/de/incidents/",
        ),
        (
            "de/components/web/history.atom",
            "Beispiel-Status — Webanwendung",
            "Webanwendung nicht erreichbar",
            "https://status.example.test/de/incidents/",
        ),
    ] {
        let f = feed(path);
        let got = f.title.map(|t| t.content).unwrap_or_default();
        assert!(got.contains(title), "{path}: {got}");
        let e = f
            .entries
            .iter()
            .find(|e| e.title.as_ref().is_some_and(|t| t.content.contains(entry)))
            .unwrap_or_else(|| panic!("{path}: no entry \"{entry}\""));
        assert!(
            e.links.iter().any(|l| l.href.starts_with(link)),
            "{path}: {:?}",
            e.links
        );
    }
    for (path, name, summary) in [
        (
            "maintenance.ics",
            "Example Status maintenance",
            "SUMMARY:Maintenance: Moving to a new mail provider",
        ),
        (
            "de/maintenance.ics",
            "Wartungsarbeiten von Beispiel-Status",
            "SUMMARY:Wartung: Umzug des E-Mail-Anbieters",
        ),
    ] {
        let ics = String::from_utf8(files[path].clone()).unwrap();
        let calendar: icalendar::Calendar = ics.parse().unwrap();
        assert_eq!(calendar.get_name(), Some(name), "{path}");
        assert!(ics.replace("\r\n ", "").contains(summary), "{path}: {ics}");
    }
}

/// `statusmark check` on the bilingual fixture after `edit`: (success, stderr).
fn check_after(edit: impl FnOnce(&Path)) -> (bool, String) {
    let site = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/fixtures/bilingual"), site.path());
    edit(site.path());
    let o = Command::new(env!("CARGO_BIN_EXE_statusmark"))
        .args(["check", "--deny-warnings", "--root", site.path().to_str().unwrap()])
        .args(["--now", NOW])
        .output()
        .unwrap();
    (o.status.success(), String::from_utf8_lossy(&o.stderr).into_owned())
}

#[test]
fn check_reports_translations_that_do_not_match_their_original() {
    // The fixture's own lag: one update not translated yet, a warning.
    let (ok, err) = check_after(|_| {});
    assert!(!ok);
    assert!(err.contains("warning: the translation lacks an update of incidents/2026-11-20-api-errors.md: \"Identified — 2026-11-20T14:30:00Z\""), "{err}");
    // At its title; the heading quoted as the original writes it, ready to paste.
    assert!(err.contains("--> incidents/2026-11-20-api-errors.de.md:2:8"), "{err}");
    let translate = |root: &Path| {
        let path = root.join("incidents/2026-11-20-api-errors.de.md");
        let text = std::fs::read_to_string(&path).unwrap();
        let text = text.replace(
            "## Investigating",
            "## Identified — 2026-11-20T14:30:00Z\nEine fehlerhafte Version wird zurückgenommen.\n\n## Investigating",
        );
        std::fs::write(path, text).unwrap();
    };
    let (ok, err) = check_after(translate);
    assert!(ok, "{err}");
    // An update the original does not have: a warning at its heading.
    let (ok, err) = check_after(|root| {
        translate(root);
        let path = root.join("incidents/2026-11-10-web-outage.de.md");
        let text = std::fs::read_to_string(&path)
            .unwrap()
            .replace("Monitoring — 2026-11-10T10:40:00Z", "Monitoring — 2026-11-10T10:45:00Z");
        std::fs::write(path, text).unwrap();
    });
    assert!(!ok);
    assert!(
        err.contains("incidents/2026-11-10-web-outage.md has no update \"Monitoring — 2026-11-10T10:45:00Z\""),
        "{err}"
    );
    assert!(err.contains("--> incidents/2026-11-10-web-outage.de.md:10:1"), "{err}");
    assert!(
        err.contains("lacks an update of incidents/2026-11-10-web-outage.md: \"Monitoring — 2026-11-10T10:40:00Z\""),
        "{err}"
    );
    // A section twice, or one the original lacks; a summary missing.
    let (ok, err) = check_after(|root| {
        translate(root);
        let path = root.join("incidents/2026-11-10-web-outage.de.md");
        let text = std::fs::read_to_string(&path).unwrap();
        let text = text
            .replace("Die Webanwendung war eine Stunde lang nicht erreichbar.\n", "")
            .replace(
                "## Monitoring —",
                "## Resolved — 2026-11-10T11:05:00Z\nNoch einmal.\n\n## Monitoring —",
            );
        std::fs::write(path, text).unwrap();
        std::fs::write(
            root.join("incidents/2026-11-05-mail-delays.de.md"),
            "---\ntitle: Verspätete E-Mails\n---\n\nText.\n\n## Resolved — 2026-11-05T08:45:00Z\nLeer.\n\n## Investigating — 2026-11-05T08:00:00Z\nSpät.\n\n## Postmortem\nNichts.\n",
        )
        .unwrap();
    });
    assert!(!ok);
    assert!(
        err.contains("the update \"Resolved — 2026-11-10T11:05:00Z\" is translated twice"),
        "{err}"
    );
    assert!(
        err.contains("the translation lacks the summary of incidents/2026-11-10-web-outage.md"),
        "{err}"
    );
    assert!(
        err.contains("the translation has a postmortem, and incidents/2026-11-05-mail-delays.md has none"),
        "{err}"
    );
    // Errors: a translation of nothing, facts in a translation, a language the site lacks.
    let (ok, err) = check_after(|root| {
        std::fs::write(
            root.join("incidents/2026-11-21-nothing.de.md"),
            "---\ntitle: Nichts\n---\n",
        )
        .unwrap();
        std::fs::write(
            root.join("incidents/2026-11-05-mail-delays.fr.md"),
            "---\ntitle: Courrier en retard\n---\n",
        )
        .unwrap();
        std::fs::write(
            root.join("content/maintenance/2026-11-25-mail-move.de.md"),
            "---\ntitle: Umzug\nscheduled_for: 2026-11-25T22:00:00Z\n---\n",
        )
        .unwrap();
    });
    assert!(!ok);
    assert!(
        err.contains("error: a translation of incidents/2026-11-21-nothing.md, which does not exist"),
        "{err}"
    );
    assert!(
        err.contains("error: a translation into \"fr\", which is not one of the site's languages"),
        "{err}"
    );
    assert!(err.contains("add \"fr\" to languages"), "{err}");
    assert!(
        err.contains("--> content/maintenance/2026-11-25-mail-move.de.md:3:1"),
        "{err}"
    );
    assert!(err.contains("scheduled_for"), "{err}");
}

#[test]
fn translations_in_the_configuration_are_checked_against_languages() {
    let (ok, err) = check_after(|root| {
        let path = root.join("content/statusmark.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        let text = text
            .replace(
                "translations.de.name = \"Webanwendung\"",
                "translations.fr.name = \"Application web\"",
            )
            .replace("languages = [\"en\", \"de\"]", "languages = [\"en\", \"de\", \"dk\"]");
        std::fs::write(path, text).unwrap();
    });
    assert!(!ok);
    assert!(
        err.contains("error: a translation into \"fr\", which is not one of the site's languages"),
        "{err}"
    );
    assert!(err.contains("error: unknown language \"dk\""), "{err}");
    assert!(err.contains("did you mean \"de\"?"), "{err}");
    assert!(err.contains("statusmark.toml:6:"), "{err}");
}

#[test]
fn new_incident_lang_writes_a_stub_to_translate_beside_the_original() {
    let site = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/fixtures/bilingual"), site.path());
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_statusmark"))
            .current_dir(site.path())
            .args(args)
            .output()
            .unwrap()
    };
    let o = run(&["new", "incident", "--lang", "de", "incidents/2026-11-05-mail-delays.md"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout).trim(),
        "incidents/2026-11-05-mail-delays.de.md"
    );
    let stub = std::fs::read_to_string(site.path().join("incidents/2026-11-05-mail-delays.de.md")).unwrap();
    assert!(
        stub.contains("# Deutsch (de): the translation of incidents/2026-11-05-mail-delays.md."),
        "{stub}"
    );
    assert!(stub.contains("title: Delayed outgoing mail\n---\n\nOutgoing mail was held back for up to forty minutes.\n\n## Resolved — 2026-11-05T08:45:00Z\nThe queue is empty again.\n\n## Investigating — 2026-11-05T08:00:00Z\n"), "{stub}");
    // Untranslated, it is the original's words passing for German: check says so.
    let o = run(&["check", "--now", NOW]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("warning: the translation repeats incidents/2026-11-05-mail-delays.md word for word in the title, the summary, \"Resolved — 2026-11-05T08:45:00Z\", \"Investigating — 2026-11-05T08:00:00Z\""),
        "{err}"
    );
    // Translated in place, it is the German page's text, with no note.
    let translated = stub
        .replace("title: Delayed outgoing mail", "title: Verspätete E-Mails")
        .replace("The queue is empty again.", "Die Warteschlange ist wieder leer.");
    std::fs::write(site.path().join("incidents/2026-11-05-mail-delays.de.md"), translated).unwrap();
    let o = run(&["build", "--now", NOW]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let page = std::fs::read_to_string(
        site.path()
            .join("public/de/incidents/2026-11-05-mail-delays/index.html"),
    )
    .unwrap();
    assert!(
        page.contains("<h1>Verspätete E-Mails</h1>") && page.contains("Die Warteschlange ist wieder leer."),
        "{page}"
    );
    assert!(!page.contains("note-lang"), "{page}");
    // Refusals: twice, the site's own language, a language the site lacks.
    for (args, want) in [
        (
            ["new", "incident", "--lang", "de", "incidents/2026-11-05-mail-delays.md"],
            "already exists",
        ),
        (
            ["new", "incident", "--lang", "en", "incidents/2026-11-05-mail-delays.md"],
            "is the site's own language",
        ),
        (
            ["new", "incident", "--lang", "fr", "incidents/2026-11-05-mail-delays.md"],
            "not one of the site's languages (en, de)",
        ),
    ] {
        let o = run(&args);
        assert!(!o.status.success());
        assert!(
            String::from_utf8_lossy(&o.stderr).contains(want),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

#[test]
fn probe_charts_and_metrics_speak_the_sites_language() {
    let (_site, files) = build_edited("measured", |root| {
        let path = root.join("content/statusmark.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        // The site's own title would read as the English "Measured".
        let text = text.replace("title = \"Measured Status\"", "title = \"Messwerte\"");
        std::fs::write(path, format!("language = \"de\"\n{text}")).unwrap();
    });
    let phrases = english_phrases();
    let pages: Vec<&String> = files
        .keys()
        .filter(|p| p.starts_with("components/") && p.ends_with("index.html") || p.as_str() == "metrics/index.html")
        .collect();
    assert!(pages.len() > 2, "{pages:?}");
    let mut found = Vec::new();
    let mut all = String::new();
    for page in pages {
        let text = readable(&String::from_utf8(files[page].clone()).unwrap());
        for (id, phrase) in &phrases {
            if has_words(&text, phrase) {
                found.push(format!("{page}: \"{phrase}\" ({id})"));
            }
        }
        all.push_str(&text);
    }
    assert!(found.is_empty(), "English on the German pages:\n{}", found.join("\n"));
    for want in [
        "Letzte 24 Stunden, pro Stunde",
        "Letzte 90 Tage, pro Tag",
        "in den letzten 24 Stunden.",
        "in den letzten 90 Tagen.",
        "Prüfungen",
        "Zuletzt ",
    ] {
        assert!(all.contains(want), "no \"{want}\" in: {all}");
    }
}

#[test]
fn metric_and_upstream_names_take_translations() {
    let translate = |root: &Path, name: &str, german: &str| {
        let path = root.join("content/statusmark.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        let text = text.replacen(
            &format!("name = {name}\n"),
            &format!("name = {name}\ntranslations.de.name = \"{german}\"\n"),
            1,
        );
        std::fs::write(path, format!("languages = [\"en\", \"de\"]\n{text}")).unwrap();
    };
    let (_site, files) = build_edited("measured", |root| {
        translate(root, "\"API latency (p95)\"", "API-Latenz (p95)")
    });
    let german = readable(&String::from_utf8(files["de/metrics/index.html"].clone()).unwrap());
    assert!(
        german.contains("API-Latenz (p95)") && !german.contains("API latency"),
        "{german}"
    );
    let english = readable(&String::from_utf8(files["metrics/index.html"].clone()).unwrap());
    assert!(english.contains("API latency (p95)"), "{english}");
    let (_site, files) = build_edited("upstreams", |root| {
        translate(root, "\"NYU Libraries\"", "NYU-Bibliotheken")
    });
    let german = readable(&String::from_utf8(files["de/index.html"].clone()).unwrap());
    assert!(
        german.contains("NYU-Bibliotheken") && !german.contains("NYU Libraries"),
        "{german}"
    );
}

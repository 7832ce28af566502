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
    let site = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/fixtures").join(fixture), site.path());
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

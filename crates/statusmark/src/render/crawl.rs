//! `sitemap.xml` and `robots.txt`. A sitemap needs absolute URLs, so it is written only when the
//! site has a `base_url`; robots.txt then points at it. A site in several languages has a sitemap
//! per language (`/de/sitemap.xml`), and one robots.txt, at the root, naming them all.
//!
//! The sitemap protocol allows 50,000 URLs in a file. A site with more pages gets them in
//! `sitemap-1.xml`, `sitemap-2.xml`, … beside `sitemap.xml`, which becomes their index: search
//! engines read the index where robots.txt points, and a file may only list URLs below its own
//! folder, so the parts stay beside it. The parts get no `_headers` rule of their own (the host's
//! default caching; Cloudflare Pages reads at most 100 rules), only the index does.

use std::sync::Arc;

use super::RenderContext;
use super::plan::{Group, Planned};

/// The most URLs the sitemap protocol allows in one file.
pub const URLS_PER_FILE: usize = 50_000;

const SCHEMA: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_xml_escaped(&mut out, s);
    out
}

/// `s` escaped for XML text and attributes, at the end of `out`.
fn push_xml_escaped(out: &mut String, s: &str) {
    let mut plain = 0;
    for (i, b) in s.bytes().enumerate() {
        let escaped = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&apos;",
            _ => continue,
        };
        out.push_str(&s[plain..i]);
        out.push_str(escaped);
        plain = i + 1;
    }
    out.push_str(&s[plain..]);
}

/// `pages` are the planned output paths and `groups` the groups of pages planned together; every
/// `…index.html` becomes its folder's URL.
pub fn plan<'r>(cx: &'r RenderContext<'_>, pages: &[&str], groups: &[Arc<Group<'r>>]) -> Vec<Planned<'r>> {
    let cfg = &cx.model.config;
    let Some(base) = cfg.base_url.as_deref() else {
        return if cx.at_root() {
            vec![Planned::ready("robots.txt", "User-agent: *\nAllow: /\n")]
        } else {
            Vec::new()
        };
    };
    let groups: Vec<Arc<Group<'r>>> = groups.iter().filter(|g| g.listed).cloned().collect();
    let mut plan = sitemaps(cx, base, (pages, &groups), URLS_PER_FILE);
    if !cx.at_root() {
        return plan;
    }
    let mut robots = format!("User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n");
    for l in cfg.languages.iter().skip(1) {
        robots.push_str(&format!("Sitemap: {base}{}/sitemap.xml\n", l.code()));
    }
    plan.push(Planned::ready("robots.txt", robots));
    plan
}

/// `sitemap.xml` listing `pages` and the groups' pages, or, past `per_file` of them, its parts and
/// their index. Each part holds its URLs' paths as the lines of one text (not one allocation per
/// page) and is rendered when it is written; in `serve` it is rendered again only when its own
/// list changes.
///
/// Groups (`serve`) are listed by their paths' keys, and their pages only when a sitemap file is
/// rendered: an edit to an incident's text does not list every page again. Past the limit every
/// part is then keyed on the whole list (a page added anywhere renders them all again), and the
/// parts are cut once, when the first is rendered.
fn sitemaps<'r>(
    cx: &'r RenderContext<'_>,
    base: &'r str,
    (pages, groups): (&[&str], &[Arc<Group<'r>>]),
    per_file: usize,
) -> Vec<Planned<'r>> {
    if groups.is_empty() {
        let mut parts = parts(pages, per_file);
        let file = |path: String, paths: String| {
            Planned::lazy(path, cx.key(&paths), move || Ok(urlset(base, &paths).into_bytes()))
        };
        if parts.len() <= 1 {
            return vec![file("sitemap.xml".to_owned(), parts.pop().unwrap_or_default())];
        }
        let mut plan = vec![Planned::ready("sitemap.xml", index(base, parts.len()))];
        plan.extend(
            parts
                .into_iter()
                .enumerate()
                .map(|(n, paths)| file(format!("sitemap-{}.xml", n + 1), paths)),
        );
        return plan;
    }
    let listed = listed(pages.iter().copied());
    let count = listed.len() + groups.iter().map(|g| g.len).sum::<usize>();
    let shown: Vec<_> = groups.iter().map(|g| (g.name.as_str(), g.paths_key)).collect();
    let key = cx.key((&listed, shown));
    let listed = lines(&listed);
    let groups = groups.to_vec();
    let cut: Arc<std::sync::OnceLock<Vec<String>>> = Arc::default();
    let per_file = per_file.max(1);
    let part = move |n: usize| {
        let (listed, groups, cut) = (listed.clone(), groups.clone(), cut.clone());
        move || {
            let parts = cut.get_or_init(|| {
                let paths: Vec<String> = groups.iter().flat_map(|g| g.paths()).collect();
                let mut all = self::listed(paths.iter().map(String::as_str));
                all.extend(listed.split_terminator('\n'));
                sorted_parts(all, per_file)
            });
            Ok(urlset(base, parts.get(n).map_or("", String::as_str)).into_bytes())
        }
    };
    let count = count.div_ceil(per_file);
    if count <= 1 {
        return vec![Planned::lazy("sitemap.xml", key, part(0))];
    }
    let mut plan = vec![Planned::ready("sitemap.xml", index(base, count))];
    plan.extend((0..count).map(|n| {
        let key = key.map(|k| super::plan::Key::of((k, n)));
        Planned::lazy(format!("sitemap-{}.xml", n + 1), key, part(n))
    }));
    plan
}

/// The URL paths of `pages`' `…index.html` files (except the widget demo's), in their order.
fn listed<'a>(pages: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    pages
        .filter(|p| p.ends_with("index.html") && !p.starts_with("widget/"))
        .map(|p| p.trim_end_matches("index.html"))
        .collect()
}

/// `paths` as the lines of one text, each ended by a newline.
fn lines(paths: &[&str]) -> String {
    paths.iter().flat_map(|path| [*path, "\n"]).collect()
}

/// The sorted URL paths of `pages`' `…index.html` files (except the widget demo's), at most
/// `per_file` lines to a text.
fn parts(pages: &[&str], per_file: usize) -> Vec<String> {
    sorted_parts(listed(pages.iter().copied()), per_file)
}

/// URL paths sorted, at most `per_file` lines to a text.
fn sorted_parts(mut listed: Vec<&str>, per_file: usize) -> Vec<String> {
    // All URLs share the base: sorting the paths sorts the URLs.
    listed.sort_unstable();
    listed.chunks(per_file.max(1)).map(lines).collect()
}

/// A sitemap of the URL paths `paths` (each ended by a newline; the home page's is empty) under
/// `base`.
fn urlset(base: &str, paths: &str) -> String {
    let mut xml = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"{SCHEMA}\">\n");
    for path in paths.split_terminator('\n') {
        xml.push_str("  <url><loc>");
        push_xml_escaped(&mut xml, base);
        push_xml_escaped(&mut xml, path);
        xml.push_str("</loc></url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// The index of `parts` sitemaps, `sitemap-1.xml` on, beside it under `base`.
fn index(base: &str, parts: usize) -> String {
    let mut xml = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"{SCHEMA}\">\n");
    for n in 1..=parts {
        let url = format!("{base}sitemap-{n}.xml");
        xml.push_str(&format!("  <sitemap><loc>{}</loc></sitemap>\n", xml_escape(&url)));
    }
    xml.push_str("</sitemapindex>\n");
    xml
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// The `basic` fixture's model, theme and (no) widget, for a keyed context.
    fn basic() -> (
        tempfile::TempDir,
        crate::model::SiteModel,
        crate::theme::Theme,
        crate::theme::WidgetBundle,
    ) {
        let dir = super::super::testing::fixture_copy("basic");
        let now: jiff::Timestamp = "2026-11-20T12:00:00Z".parse().unwrap();
        let model = crate::model::SiteModel::new(crate::content::load(dir.path(), now).unwrap(), now);
        let theme = crate::theme::Theme::load(dir.path()).unwrap();
        (dir, model, theme, crate::theme::WidgetBundle::default())
    }

    #[test]
    fn addresses_are_escaped_for_xml_every_special_character_and_only_those() {
        assert_eq!(xml_escape("a&b<c>d\"e'f/é"), "a&amp;b&lt;c&gt;d&quot;e&apos;f/é");
        assert_eq!(xml_escape(""), "");
        let xml = urlset("https://s.example/?a=1&b=<2>/", "incidents/x'y/\nhistory/\n");
        assert!(
            xml.contains("<loc>https://s.example/?a=1&amp;b=&lt;2&gt;/incidents/x&apos;y/</loc>"),
            "{xml}"
        );
        assert!(
            xml.contains("<loc>https://s.example/?a=1&amp;b=&lt;2&gt;/history/</loc>"),
            "{xml}"
        );
        assert_eq!(xml.matches("<url>").count(), 2);
    }

    #[test]
    fn past_the_limit_the_sitemap_is_an_index_of_parts_beside_it_each_rendered_and_keyed() {
        let (_dir, model, theme, widget) = basic();
        let cx = RenderContext::new(&model, &theme, &widget, true).unwrap();
        let base = "https://status.example.com/";
        let pages = [
            "index.html",
            "history/index.html",
            "incidents/a/index.html",
            "status.json",
        ];
        let files = |per_file: usize| -> Vec<(String, bool, String)> {
            sitemaps(&cx, base, (&pages, &[]), per_file)
                .iter()
                .map(|f| {
                    (
                        f.path.clone(),
                        f.key.is_some(),
                        String::from_utf8(f.render().unwrap()).unwrap(),
                    )
                })
                .collect()
        };
        let split = files(2);
        let paths: Vec<&str> = split.iter().map(|(p, _, _)| p.as_str()).collect();
        assert_eq!(paths, ["sitemap.xml", "sitemap-1.xml", "sitemap-2.xml"]);
        assert!(split.iter().all(|(_, keyed, _)| *keyed), "serve compares every file");
        assert_eq!(split[0].2, index(base, 2));
        assert_eq!(split[1].2.matches("<url>").count(), 2);
        assert!(
            split[2]
                .2
                .contains("<loc>https://status.example.com/incidents/a/</loc>")
        );
        // Under the limit: the one file it always was.
        let one = files(URLS_PER_FILE);
        assert_eq!(one.len(), 1);
        assert_eq!(
            (one[0].0.as_str(), one[0].2.matches("<url>").count()),
            ("sitemap.xml", 3)
        );
        assert!(one[0].2.contains("<urlset"));
    }

    #[test]
    fn groups_are_listed_by_their_paths_key_and_their_pages_when_rendered() {
        let (_dir, model, theme, widget) = basic();
        let cx = RenderContext::new(&model, &theme, &widget, true).unwrap();
        let base = "https://status.example.com/";
        let group = |slugs: &'static [&'static str]| {
            let paths_key = super::super::plan::Key::of(slugs);
            Arc::new(Group::new(
                "incidents#7",
                (Some(paths_key), paths_key),
                slugs.len(),
                move || {
                    slugs
                        .iter()
                        .map(|s| Planned::ready(format!("incidents/{s}/index.html"), "page"))
                        .collect()
                },
            ))
        };
        let pages = ["index.html", "history/index.html", "status.json"];
        let sitemap = |slugs: &'static [&'static str], per_file: usize| {
            let files = sitemaps(&cx, base, (&pages, &[group(slugs)]), per_file);
            let texts: Vec<String> = files
                .iter()
                .map(|f| String::from_utf8(f.render().unwrap()).unwrap())
                .collect();
            (files.iter().map(|f| f.key).collect::<Vec<_>>(), texts)
        };
        let (key, text) = sitemap(&["b", "a"], URLS_PER_FILE);
        let locs: Vec<&str> = text[0].lines().filter(|l| l.contains("<loc>")).collect();
        assert_eq!(
            locs,
            [
                "  <url><loc>https://status.example.com/</loc></url>",
                "  <url><loc>https://status.example.com/history/</loc></url>",
                "  <url><loc>https://status.example.com/incidents/a/</loc></url>",
                "  <url><loc>https://status.example.com/incidents/b/</loc></url>",
            ]
        );
        // Another page in the same group: the same group name, another key.
        assert_ne!(sitemap(&["b", "c"], URLS_PER_FILE).0, key);
        assert_eq!(sitemap(&["b", "a"], URLS_PER_FILE).0, key);
        // Past the limit the parts are cut from every page, the groups' included.
        let (keys, parts) = sitemap(&["b", "a"], 2);
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[0], index(base, 2));
        assert!(parts[1].contains("<loc>https://status.example.com/history/</loc>"));
        assert!(parts[2].contains("incidents/a/") && parts[2].contains("incidents/b/"));
        // There every part is keyed on the whole list.
        let (other, _) = sitemap(&["b", "c"], 2);
        assert!(keys.iter().zip(&other).skip(1).all(|(a, b)| a != b));
    }

    #[test]
    fn past_the_protocols_limit_pages_are_split_into_parts_listed_by_an_index() {
        let pages = [
            "index.html",
            "incidents/b/index.html",
            "incidents/a/index.html",
            "history/index.html",
            "history.atom",
            "widget/index.html",
        ];
        // Sorted by URL; feeds and the widget demo are not pages to list.
        assert_eq!(
            parts(&pages, URLS_PER_FILE),
            ["\nhistory/\nincidents/a/\nincidents/b/\n"]
        );
        assert_eq!(parts(&pages, 3), ["\nhistory/\nincidents/a/\n", "incidents/b/\n"]);
        assert!(parts(&[], URLS_PER_FILE).is_empty());
        let base = "https://status.example.com/";
        let split = parts(&pages, 3);
        let first = urlset(base, &split[0]);
        assert_eq!(first.matches("<url>").count(), 3);
        assert!(first.contains("<loc>https://status.example.com/</loc>"));
        assert!(first.contains("<loc>https://status.example.com/incidents/a/</loc>"));
        assert_eq!(urlset(base, &split[1]).matches("<url>").count(), 1);
        assert_eq!(urlset(base, "").matches("<url>").count(), 0);
        // A site of one page lists it.
        let home = parts(&["index.html"], URLS_PER_FILE);
        assert_eq!(urlset(base, &home[0]).matches("<url>").count(), 1);
        let index = index(base, 2);
        assert!(index.contains("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"));
        assert!(index.contains("<sitemap><loc>https://status.example.com/sitemap-1.xml</loc></sitemap>\n  <sitemap><loc>https://status.example.com/sitemap-2.xml</loc></sitemap>"));
        assert!(!index.contains("sitemap-3"));
    }
}

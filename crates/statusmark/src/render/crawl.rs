//! `sitemap.xml` and `robots.txt`. A sitemap needs absolute URLs, so it is written only when the
//! site has a `base_url`; robots.txt then points at it. A site in several languages has a sitemap
//! per language (`/de/sitemap.xml`), and one robots.txt, at the root, naming them all.

use super::RenderContext;
use super::plan::Planned;

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// `pages` are the planned output paths; every `…index.html` becomes its folder's URL.
pub fn plan<'r>(cx: &'r RenderContext<'_>, pages: &[&str]) -> Vec<Planned<'r>> {
    let cfg = &cx.model.config;
    let Some(base) = cfg.base_url.as_deref() else {
        return if cx.at_root() {
            vec![Planned::ready("robots.txt", "User-agent: *\nAllow: /\n")]
        } else {
            Vec::new()
        };
    };
    let listed: Vec<&str> = pages
        .iter()
        .copied()
        .filter(|p| p.ends_with("index.html") && !p.starts_with("widget/"))
        .collect();
    let sitemap = match cx.key(&listed) {
        // Incremental: rendered only when the list of pages changes.
        Some(key) => {
            let listed: Vec<String> = listed.iter().map(|p| (*p).to_owned()).collect();
            Planned::lazy(
                "sitemap.xml",
                Some(key),
                move || Ok(sitemap(base, &listed).into_bytes()),
            )
        }
        None => Planned::ready("sitemap.xml", sitemap(base, &listed)),
    };
    if !cx.at_root() {
        return vec![sitemap];
    }
    let mut robots = format!("User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n");
    for l in cfg.languages.iter().skip(1) {
        robots.push_str(&format!("Sitemap: {base}{}/sitemap.xml\n", l.code()));
    }
    vec![sitemap, Planned::ready("robots.txt", robots)]
}

fn sitemap(base: &str, pages: &[impl AsRef<str>]) -> String {
    let mut urls: Vec<String> = pages
        .iter()
        .map(|p| format!("{base}{}", p.as_ref().trim_end_matches("index.html")))
        .collect();
    urls.sort();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for u in urls {
        xml.push_str(&format!("  <url><loc>{}</loc></url>\n", xml_escape(&u)));
    }
    xml.push_str("</urlset>\n");
    xml
}

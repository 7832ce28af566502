//! Static assets: the stylesheet (theme CSS plus the site's `extra.css`, content-hashed), icons,
//! and the two wasm bundles with their stable loaders: the embeddable widget
//! (`widget/statusmark.js`) and the site's own live-update script (`widget/page.js`).

use super::plan::Planned;
use super::{RenderContext, RenderError, content_hash};
use crate::theme::{Theme, WidgetBundle};

/// Where pages find the assets, relative to the site root.
#[derive(Clone, Debug, Default, Hash)]
pub struct AssetPaths {
    pub stylesheet: String,
    /// `widget/statusmark.js` when the widget is part of the site.
    pub widget_loader: Option<String>,
    /// `widget/page.js`, which keeps the home page's indicators live, when the binary carries it.
    pub page_loader: Option<String>,
}

/// The asset files, worked out once per build: pages need their paths before anything renders.
#[derive(Debug)]
pub struct Assets {
    pub paths: AssetPaths,
    files: Vec<(String, Vec<u8>)>,
}

impl Assets {
    pub fn new(theme: &Theme, widget: &WidgetBundle, accent: Option<&str>) -> Result<Assets, RenderError> {
        let mut files = Vec::new();
        let paths = collect(theme, widget, accent, &mut files)?;
        Ok(Assets { paths, files })
    }
}

pub fn plan<'r>(cx: &'r RenderContext<'_>) -> Vec<Planned<'r>> {
    cx.assets
        .files
        .iter()
        .map(|(path, bytes)| Planned::ready(path.clone(), bytes.clone()))
        .collect()
}

fn collect(
    theme: &Theme,
    widget: &WidgetBundle,
    accent: Option<&str>,
    files: &mut Vec<(String, Vec<u8>)>,
) -> Result<AssetPaths, RenderError> {
    let mut css = theme
        .text("assets/style.css")
        .ok_or_else(|| RenderError::MissingThemeFile("assets/style.css".into()))?
        .to_owned();
    // Validated as a hex colour with the configuration; set for light and dark alike.
    if let Some(accent) = accent {
        css.push_str(&format!("\n/* accent_color from statusmark.toml */\n:root {{ --accent: {accent}; }}\n@media (prefers-color-scheme: dark) {{ :root {{ --accent: {accent}; }} }}\n"));
    }
    if let Some(extra) = theme.text("assets/extra.css") {
        css.push_str("\n/* site/assets/extra.css */\n");
        css.push_str(extra);
    }
    let stylesheet = format!("assets/style.{}.css", content_hash(css.as_bytes()));
    files.push((stylesheet.clone(), css.into_bytes()));
    for (path, bytes) in &theme.files {
        if path.starts_with("assets/") && path != "assets/style.css" && path != "assets/extra.css" {
            files.push((path.clone(), bytes.clone()));
        }
    }
    // Every file of both bundles is content-hashed and immutable; the loaders are the only stable
    // addresses.
    if widget.glue().is_some() || widget.page_glue().is_some() {
        for (name, bytes) in &widget.files {
            files.push((format!("widget/{name}"), bytes.clone()));
        }
    }
    let mut loader = |glue: Option<(&str, &str)>, path: &str, what: &str, prefetch: &str| {
        glue.map(|(js, wasm)| {
            files.push((
                path.to_owned(),
                loader_script(js, wasm, path, what, prefetch).into_bytes(),
            ));
            path.to_owned()
        })
    };
    let widget_loader = loader(widget.glue(), "widget/statusmark.js", "widget", PREFETCH_FEEDS);
    let page_loader = loader(widget.page_glue(), "widget/page.js", "live updates", "");
    Ok(AssetPaths {
        stylesheet,
        widget_loader,
        page_loader,
    })
}

/// The widget loader starts each widget's first feed request while the wasm downloads and
/// compiles; the widget takes it from this `Map` (`__statusmarkFeeds` in the widget's `lib.rs`)
/// instead of asking again. Same URL rule (`feed`, else `data-feed`, else `status.json`) and same
/// request (`no-cache`, 10 s timeout) as the widget's own polls. The `catch` only keeps an early
/// failure from being reported as unhandled; the widget still sees it.
const PREFETCH_FEEDS: &str = "const feeds = (globalThis.__statusmarkFeeds ??= new Map());\nfor (const el of document.querySelectorAll(\"statusmark-status, [data-statusmark]\")) {\n  const url = el.getAttribute(\"feed\") ?? el.getAttribute(\"data-feed\") ?? \"status.json\";\n  if (!feeds.has(url)) {\n    const request = fetch(url, { cache: \"no-cache\", signal: AbortSignal.timeout(10000) });\n    request.catch(() => {});\n    feeds.set(url, request);\n  }\n}\n";

/// A loader: fetches the wasm while the JS glue is imported (one round trip, not two), then starts
/// it. A failure to start is one console warning, never an uncaught error in the host page.
fn loader_script(js: &str, wasm: &str, path: &str, what: &str, prefetch: &str) -> String {
    format!(
        "// Statusmark {what} loader: <script type=\"module\" src=\".../{path}\"></script>\nconst wasm = fetch(new URL(\"./{wasm}\", import.meta.url));\n{prefetch}const {{ default: init }} = await import(\"./{js}\");\nawait init({{ module_or_path: wasm }}).catch((e) => console.warn(\"statusmark {what} failed to start:\", e));\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_bundle_gets_its_own_loader() {
        let theme = Theme {
            files: [("assets/style.css".to_owned(), b"body{}".to_vec())].into(),
        };
        let widget = WidgetBundle {
            files: [
                "statusmark-widget-1111111111111111.js",
                "statusmark-widget-1111111111111111_bg.wasm",
                "statusmark-page-2222222222222222.js",
                "statusmark-page-2222222222222222_bg.wasm",
            ]
            .map(|n| (n.to_owned(), Vec::new()))
            .into(),
        };
        let mut files = Vec::new();
        let paths = collect(&theme, &widget, None, &mut files).expect("assets");
        assert_eq!(paths.widget_loader.as_deref(), Some("widget/statusmark.js"));
        assert_eq!(paths.page_loader.as_deref(), Some("widget/page.js"));
        let text = |path: &str| {
            let (_, bytes) = files.iter().find(|f| f.0 == path).expect(path);
            String::from_utf8(bytes.clone()).unwrap_or_default()
        };
        let embed = text("widget/statusmark.js");
        assert!(
            embed.contains("./statusmark-widget-1111111111111111_bg.wasm")
                && embed.contains("./statusmark-widget-1111111111111111.js")
        );
        assert!(
            embed.contains("__statusmarkFeeds"),
            "the widget loader starts the feed requests"
        );
        let page = text("widget/page.js");
        assert!(
            page.contains("./statusmark-page-2222222222222222_bg.wasm")
                && page.contains("./statusmark-page-2222222222222222.js")
        );
        assert!(!page.contains("statusmark-widget-") && !page.contains("__statusmarkFeeds"));
        // Without bundles: no loaders, no widget files.
        let mut files = Vec::new();
        let paths = collect(&theme, &WidgetBundle::default(), None, &mut files).expect("assets");
        assert!(paths.widget_loader.is_none() && paths.page_loader.is_none());
        assert!(!files.iter().any(|f| f.0.starts_with("widget/")));
    }
}

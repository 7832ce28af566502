//! Static assets: the stylesheet (theme CSS plus the site's `extra.css`, content-hashed), icons,
//! and the widget bundle with its stable loader `widget/statusmark.js`.

use super::{RenderError, content_hash};
use crate::theme::{Theme, WidgetBundle};
use crate::writer::OutputFile;

/// Where pages find the assets, relative to the site root.
#[derive(Clone, Debug, Default)]
pub struct AssetPaths {
    pub stylesheet: String,
    /// `widget/statusmark.js` when the widget is part of the site.
    pub widget_loader: Option<String>,
}

pub fn emit(
    theme: &Theme,
    widget: &WidgetBundle,
    accent: Option<&str>,
    files: &mut Vec<OutputFile>,
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
    files.push(OutputFile::new(stylesheet.clone(), css));
    for (path, bytes) in &theme.files {
        if path.starts_with("assets/") && path != "assets/style.css" && path != "assets/extra.css" {
            files.push(OutputFile::new(path.clone(), bytes.clone()));
        }
    }
    let widget_loader = widget.glue().map(|(js, wasm)| {
        for (name, bytes) in &widget.files {
            files.push(OutputFile::new(format!("widget/{name}"), bytes.clone()));
        }
        // A stable address for embedders; the hashed files it names can be cached forever.
        // The wasm is fetched while the JS glue is imported (one round trip, not two); both files
        // are content-hashed and immutable, this loader is the only stable address.
        let loader = format!(
            "// Statusmark widget loader: embed with <script type=\"module\" src=\".../widget/statusmark.js\"></script>\nconst wasm = fetch(new URL(\"./{wasm}\", import.meta.url));\nconst {{ default: init }} = await import(\"./{js}\");\nawait init({{ module_or_path: wasm }}).catch((e) => console.warn(\"statusmark widget failed to start:\", e));\n"
        );
        files.push(OutputFile::new("widget/statusmark.js", loader));
        "widget/statusmark.js".to_owned()
    });
    Ok(AssetPaths {
        stylesheet,
        widget_loader,
    })
}

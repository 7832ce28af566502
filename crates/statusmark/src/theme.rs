//! The theme (templates, CSS, icons) and the widget bundle, as embedded in the binary, with a
//! site's own `site/` folder layered on top file by file: a user overrides one partial or adds
//! `site/assets/extra.css` without copying the whole theme.

use std::collections::BTreeMap;
use std::path::Path;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// Files by path relative to `site/` (`templates/base.html`, `assets/style.css`, …).
#[derive(Clone, Debug, Default)]
pub struct Theme {
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Theme {
    /// The embedded theme with `root/site/{templates,assets}` on top.
    pub fn load(root: &Path) -> std::io::Result<Theme> {
        let mut files: BTreeMap<String, Vec<u8>> = embedded::THEME_FILES
            .iter()
            .map(|(p, b)| ((*p).to_owned(), b.to_vec()))
            .collect();
        for sub in ["templates", "assets"] {
            let dir = root.join("site").join(sub);
            let Ok(entries) = std::fs::read_dir(&dir) else { continue };
            let mut names: Vec<_> = entries
                .filter_map(Result::ok)
                .filter(|e| e.path().is_file())
                .map(|e| e.file_name())
                .collect();
            names.sort();
            for name in names {
                let Some(name) = name.to_str() else { continue };
                files.insert(format!("{sub}/{name}"), std::fs::read(dir.join(name))?);
            }
        }
        Ok(Theme { files })
    }

    pub fn text(&self, path: &str) -> Option<&str> {
        self.files.get(path).and_then(|b| std::str::from_utf8(b).ok())
    }

    /// Whether the file at `path` is the embedded theme's own, not one the site replaced.
    pub fn is_builtin(&self, path: &str) -> bool {
        embedded::THEME_FILES
            .iter()
            .find(|(p, _)| *p == path)
            .is_some_and(|(_, builtin)| self.files.get(path).is_some_and(|f| f.as_slice() == *builtin))
    }

    /// The templates (`templates/…` as UTF-8), by name: `base.html`, `incident.html`, ….
    pub fn templates(&self) -> impl Iterator<Item = (&str, &str)> {
        self.files
            .iter()
            .filter_map(|(path, bytes)| Some((path.strip_prefix("templates/")?, std::str::from_utf8(bytes).ok()?)))
    }
}

/// The built widget, when this binary carries one (`cargo xtask dist`).
#[derive(Clone, Debug, Default)]
pub struct WidgetBundle {
    /// File name → bytes (hashed names from Trunk: `statusmark-widget-<hash>.js`, `…_bg.wasm`).
    pub files: BTreeMap<String, Vec<u8>>,
}

impl WidgetBundle {
    pub fn embedded() -> WidgetBundle {
        WidgetBundle {
            files: embedded::WIDGET_FILES
                .iter()
                .map(|(p, b)| ((*p).to_owned(), b.to_vec()))
                .collect(),
        }
    }

    /// Read a Trunk output folder (for development without re-embedding).
    pub fn from_dir(dir: &Path) -> std::io::Result<WidgetBundle> {
        let mut files = BTreeMap::new();
        for entry in std::fs::read_dir(dir)? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".js") || name.ends_with(".wasm") {
                files.insert(name, std::fs::read(entry.path())?);
            }
        }
        Ok(WidgetBundle { files })
    }

    pub fn is_empty(&self) -> bool {
        self.glue().is_none()
    }

    /// The embeddable widget's wasm-bindgen JS glue and wasm module.
    pub fn glue(&self) -> Option<(&str, &str)> {
        self.bundle("statusmark-widget-")
    }

    /// The status site's own live-update script: its JS glue and wasm module.
    pub fn page_glue(&self) -> Option<(&str, &str)> {
        self.bundle("statusmark-page-")
    }

    /// Trunk names a bundle's files `<binary>-<hash>.js` and `<binary>-<hash>_bg.wasm`.
    fn bundle(&self, prefix: &str) -> Option<(&str, &str)> {
        let mine = |n: &&String| n.starts_with(prefix);
        let wasm = self.files.keys().filter(mine).find(|n| n.ends_with("_bg.wasm"))?;
        let js = self.files.keys().filter(mine).find(|n| n.ends_with(".js"))?;
        Some((js, wasm))
    }
}

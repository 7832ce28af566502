//! Embeds the default theme (`site/templates`, `site/assets`) and, when `STATUSMARK_WIDGET_DIR`
//! names a Trunk output folder, the built widget, so the released binary needs nothing beside it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Every file under `dir`, sorted, named relative to `base` with `/` separators.
fn files_under(dir: &Path, base: &Path, out: &mut Vec<(String, PathBuf)>) {
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_dir() {
            continue;
        }
        if let Ok(rel) = entry.path().strip_prefix(base) {
            out.push((rel.to_string_lossy().replace('\\', "/"), entry.path().to_owned()));
        }
    }
}

fn table(name: &str, files: &[(String, PathBuf)]) -> String {
    let mut s = format!("pub static {name}: &[(&str, &[u8])] = &[\n");
    for (rel, path) in files {
        let _ = writeln!(s, "    ({rel:?}, include_bytes!({:?})),", path.display().to_string());
    }
    s.push_str("];\n");
    s
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let site = manifest.join("../../site");
    println!("cargo:rerun-if-changed={}", site.join("templates").display());
    println!("cargo:rerun-if-changed={}", site.join("assets").display());
    println!("cargo:rerun-if-env-changed=STATUSMARK_WIDGET_DIR");

    let mut theme = Vec::new();
    for sub in ["templates", "assets"] {
        files_under(&site.join(sub), &site, &mut theme);
    }
    for (_, p) in &theme {
        println!("cargo:rerun-if-changed={}", p.display());
    }

    let mut widget = Vec::new();
    if let Ok(dir) = std::env::var("STATUSMARK_WIDGET_DIR") {
        let dir = PathBuf::from(dir);
        println!("cargo:rerun-if-changed={}", dir.display());
        files_under(&dir, &dir, &mut widget);
        // Trunk's own page is not part of the embeddable bundle.
        widget.retain(|(rel, _)| rel.ends_with(".js") || rel.ends_with(".wasm") || rel.ends_with(".css"));
        for (_, p) in &widget {
            println!("cargo:rerun-if-changed={}", p.display());
        }
    }

    let code = table("THEME_FILES", &theme) + &table("WIDGET_FILES", &widget);
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("embedded.rs");
    if let Err(e) = std::fs::write(&out, code) {
        panic!("cannot write {}: {e}", out.display());
    }
}

//! Embeds the default theme (`theme/`, a link to the repository's `site/`: its `templates/` and
//! `assets/`) and the prebuilt widget and page bundles in `widget/`, so the binary needs nothing
//! beside it and building it needs no wasm toolchain. `widget/` holds generated files under version
//! control: `cargo xtask widget` rebuilds them with Trunk and `cargo xtask test` fails when they are
//! older than their inputs (see `widget/INPUTS`).

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
    let theme_dir = manifest.join("theme");
    let widget_dir = manifest.join("widget");

    let mut theme = Vec::new();
    for sub in ["templates", "assets"] {
        println!("cargo:rerun-if-changed={}", theme_dir.join(sub).display());
        files_under(&theme_dir.join(sub), &theme_dir, &mut theme);
    }
    if theme.is_empty() {
        panic!(
            "no default theme under {}: it should link to the repository's site/ folder",
            theme_dir.display()
        );
    }

    println!("cargo:rerun-if-changed={}", widget_dir.display());
    let mut widget = Vec::new();
    files_under(&widget_dir, &widget_dir, &mut widget);
    // The bundles only: `INPUTS` and `README.md` describe them.
    widget.retain(|(rel, _)| rel.ends_with(".js") || rel.ends_with(".wasm"));

    for (_, p) in theme.iter().chain(&widget) {
        println!("cargo:rerun-if-changed={}", p.display());
    }
    let code = table("THEME_FILES", &theme) + &table("WIDGET_FILES", &widget);
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("embedded.rs");
    if let Err(e) = std::fs::write(&out, code) {
        panic!("cannot write {}: {e}", out.display());
    }
}

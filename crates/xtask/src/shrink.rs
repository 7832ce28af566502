//! Shrinking the widget bundle after Trunk: short names between the wasm and its JS glue, then
//! terser on the glue.
//!
//! wasm-bindgen names every import after the Rust binding plus a 16-digit hash
//! (`__wbg_querySelectorAll_1a2b…`), once in the wasm's import section and once in the glue.
//! The hashes do not compress, so they cost about 3.5 KB gzip over the whole bundle.
//! `wasm-opt --minify-imports-and-exports-and-modules` renames them in the wasm and prints the
//! mapping; the same renaming is applied to the glue here. Every name is checked: a glue that
//! does not match what the wasm imports and exports fails the build instead of shipping a widget
//! that cannot start.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail, ensure};

use crate::run;

/// Shorten the names, then minify the glue, in Trunk's output folder `dir`.
pub fn bundle(dir: &Path) -> Result<()> {
    let (glue, wasm) = glue_and_wasm(dir)?;
    let before = std::fs::read_to_string(&glue).with_context(|| format!("cannot read {}", glue.display()))?;
    let after = shorten_names(&wasm, &before)?;
    std::fs::write(&glue, after).with_context(|| format!("cannot write {}", glue.display()))?;
    // Trunk's own minifier cannot parse the glue and leaves it as it is.
    run(Command::new("tests/node_modules/.bin/terser")
        .arg(&glue)
        .args(["--module", "--compress", "--mangle", "--output"])
        .arg(&glue))
}

fn glue_and_wasm(dir: &Path) -> Result<(PathBuf, PathBuf)> {
    let mut glue = Vec::new();
    let mut wasm = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let path = entry?.path();
        match path.extension().and_then(|e| e.to_str()) {
            Some("js") => glue.push(path),
            Some("wasm") => wasm.push(path),
            _ => {}
        }
    }
    match (glue.as_slice(), wasm.as_slice()) {
        ([glue], [wasm]) => Ok((glue.clone(), wasm.clone())),
        _ => bail!(
            "expected one .js and one .wasm in {}, found {glue:?} and {wasm:?}",
            dir.display()
        ),
    }
}

/// Minify the wasm's import, export and module names in place and return `glue` renamed to match.
fn shorten_names(wasm: &Path, glue: &str) -> Result<String> {
    let wasm_opt = "tests/node_modules/.bin/wasm-opt";
    let out = Command::new(wasm_opt)
        .arg(wasm)
        .args([
            "--minify-imports-and-exports-and-modules",
            "--strip-target-features",
            "-o",
        ])
        .arg(wasm)
        .output()
        .with_context(|| format!("cannot run {wasm_opt}"))?;
    ensure!(
        out.status.success(),
        "{wasm_opt} --minify-imports-and-exports-and-modules failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let map: serde_json::Value = serde_json::from_slice(&out.stdout).context("wasm-opt printed no name mapping")?;
    let pairs = |key: &str| -> Result<Vec<Vec<String>>> {
        serde_json::from_value(map[key].clone()).with_context(|| format!("wasm-opt's mapping has no {key:?} list"))
    };
    let imports = pairs("imports")?;
    let exports: HashMap<String, String> = pairs("exports")?
        .into_iter()
        .filter_map(|p| <[String; 2]>::try_from(p).ok())
        .map(|[long, short]| (long, short))
        .collect();

    // Modules: wasm-opt puts every import in module "a".
    let renamed = imported_modules(wasm)?;
    ensure!(
        renamed == BTreeSet::from(["a".to_owned()]),
        "wasm-opt left import modules {renamed:?}, expected just \"a\""
    );
    rename_glue(glue, &imports, &exports)
}

/// Apply wasm-opt's mapping to the glue: imports (`[module, name, short]`) are the keys of the
/// glue's import object, `name: function(`, each exactly once, under one module key renamed to
/// "a"; exports are read as `wasm.name`.
fn rename_glue(glue: &str, imports: &[Vec<String>], exports: &HashMap<String, String>) -> Result<String> {
    let mut glue = glue.to_owned();
    let mut modules = BTreeSet::new();
    for import in imports {
        let [module, name, short] =
            <[String; 3]>::try_from(import.clone()).map_err(|i| anyhow::anyhow!("unexpected import mapping {i:?}"))?;
        let key = format!(" {name}: function(");
        ensure!(
            glue.matches(&key).count() == 1,
            "the JS glue does not define the wasm import {name} exactly once; wasm-bindgen's glue format changed"
        );
        glue = glue.replacen(&key, &format!(" \"{short}\": function("), 1);
        modules.insert(module);
    }
    for module in modules {
        let key = format!("\"{module}\":");
        ensure!(
            glue.matches(&key).count() == 1,
            "the JS glue does not name the import module {module} exactly once"
        );
        glue = glue.replacen(&key, "\"a\":", 1);
    }
    // Exports: every `wasm.name` in the glue.
    let mut out = String::with_capacity(glue.len());
    let mut rest = glue.as_str();
    while let Some(at) = rest.find("wasm.") {
        let (head, tail) = rest.split_at(at + "wasm.".len());
        out.push_str(head);
        let end = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$'))
            .unwrap_or(tail.len());
        let name = &tail[..end];
        let ident_before = head[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.');
        if ident_before {
            out.push_str(name);
        } else {
            let short = exports
                .get(name)
                .with_context(|| format!("the JS glue uses wasm.{name}, which the module does not export"))?;
            out.push_str(short);
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The distinct module names in a wasm file's imports (read from `wasm-dis` text).
fn imported_modules(wasm: &Path) -> Result<BTreeSet<String>> {
    let text = crate::tools::output(Command::new("tests/node_modules/.bin/wasm-dis").arg(wasm))
        .context("cannot run tests/node_modules/.bin/wasm-dis")?;
    Ok(text
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("(import \""))
        .filter_map(|l| l.split('"').next())
        .map(str::to_owned)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const GLUE: &str = r#"function __wbg_get_imports() {
    const import0 = {
        __proto__: null,
        __wbg_warn_0123456789abcdef: function(arg0) {
            console.warn(arg0);
        },
        __wbindgen_init_externref_table: function() {
            const table = wasm.__wbindgen_externrefs;
        },
    };
    return {
        __proto__: null,
        "./statusmark-widget_bg.js": import0,
    };
}
function start() { wasm.__wbindgen_start(); new URL('statusmark-widget_bg.wasm', import.meta.url); }
"#;

    fn mapping() -> (Vec<Vec<String>>, HashMap<String, String>) {
        let imports = [
            ["./statusmark-widget_bg.js", "__wbg_warn_0123456789abcdef", "b"],
            ["./statusmark-widget_bg.js", "__wbindgen_init_externref_table", "c"],
        ]
        .map(|i| i.map(str::to_owned).to_vec())
        .to_vec();
        let exports = [("__wbindgen_externrefs", "d"), ("__wbindgen_start", "e")]
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
            .into();
        (imports, exports)
    }

    #[test]
    fn renames_imports_module_and_exports() {
        let (imports, exports) = mapping();
        let glue = rename_glue(GLUE, &imports, &exports).expect("renamed");
        assert!(glue.contains(r#" "b": function(arg0) {"#), "{glue}");
        assert!(glue.contains(r#" "c": function() {"#), "{glue}");
        assert!(glue.contains(r#""a": import0"#), "{glue}");
        assert!(glue.contains("const table = wasm.d;"), "{glue}");
        assert!(glue.contains("wasm.e();"), "{glue}");
        // Not a property of the exports object: left alone.
        assert!(glue.contains("'statusmark-widget_bg.wasm'"), "{glue}");
        assert!(
            !glue.contains("0123456789abcdef") && !glue.contains("__wbindgen_start"),
            "{glue}"
        );
    }

    #[test]
    fn a_glue_that_does_not_match_the_wasm_fails() {
        let (mut imports, exports) = mapping();
        imports.push(
            ["./statusmark-widget_bg.js", "__wbg_missing_fedcba9876543210", "f"]
                .map(str::to_owned)
                .to_vec(),
        );
        assert!(
            rename_glue(GLUE, &imports, &exports).is_err(),
            "an import the glue does not define"
        );
        let (imports, mut exports) = mapping();
        exports.remove("__wbindgen_start");
        assert!(
            rename_glue(GLUE, &imports, &exports).is_err(),
            "an export the wasm does not have"
        );
    }
}

//! Packaging of the widget's wasm bundles after Trunk: the one place that rewrites what ships to
//! browsers. It owns the renaming of wasm-bindgen's names between the wasm and its JS glue and the
//! minification of that glue; it must not build anything (Trunk does) or know where files go
//! afterwards (the generator embeds them).
//!
//! wasm-bindgen names every import after the Rust binding plus a 16-digit hash
//! (`__wbg_querySelectorAll_1a2b…`), once in the wasm's import section and once in the glue.
//! The hashes do not compress, so they cost about 3.5 KB gzip over the whole bundle.
//! `wasm-opt --minify-imports-and-exports-and-modules` renames them in the wasm and prints the
//! mapping; [`rename_glue`] applies the same renaming to the glue. Every name is checked: a glue
//! that does not match what the wasm imports and exports is an error, never a widget that cannot
//! start. Then `terser` minifies the glue (Trunk's own minifier cannot parse it and leaves it as is).

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Why a bundle could not be packaged.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BundleError {
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{tool} failed: {detail}")]
    Tool { tool: String, detail: String },
    #[error("expected one .js and one .wasm in {}, found {found:?}", dir.display())]
    Layout { dir: PathBuf, found: Vec<PathBuf> },
    #[error("wasm-opt's name mapping is unusable: {0}")]
    Mapping(String),
    #[error("the JS glue does not match the wasm: {0}")]
    Mismatch(String),
}

/// The binaryen and terser executables the packaging runs (pinned by the caller).
#[derive(Clone, Debug)]
pub struct Tools {
    pub wasm_opt: PathBuf,
    pub wasm_dis: PathBuf,
    pub wasm_metadce: PathBuf,
    pub terser: PathBuf,
}

impl Tools {
    /// The tools as npm installs them into one `node_modules/.bin` folder.
    pub fn in_dir(bin: &Path) -> Tools {
        Tools {
            wasm_opt: bin.join("wasm-opt"),
            wasm_dis: bin.join("wasm-dis"),
            wasm_metadce: bin.join("wasm-metadce"),
            terser: bin.join("terser"),
        }
    }
}

/// Drop the classes dependencies export, shorten the names, then minify the glue, in Trunk's
/// output folder `dir` (one `.js`, one `.wasm`).
pub fn package(dir: &Path, tools: &Tools) -> Result<(), BundleError> {
    let (glue, wasm) = glue_and_wasm(dir)?;
    let before = std::fs::read_to_string(&glue).map_err(io("read", &glue))?;
    let before = drop_exported_classes(&before);
    drop_unused_exports(&wasm, &before, tools)?;
    let after = shorten_names(&wasm, &before, tools)?;
    std::fs::write(&glue, after).map_err(io("write", &glue))?;
    tool(
        Command::new(&tools.terser)
            .arg(&glue)
            .args(["--module", "--compress", "--mangle", "--output"])
            .arg(&glue),
    )
    .map(drop)
}

fn io(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> BundleError {
    let path = path.to_owned();
    move |source| BundleError::Io { action, path, source }
}

/// Run a tool; its standard output when it succeeds.
fn tool(cmd: &mut Command) -> Result<Vec<u8>, BundleError> {
    let name = cmd.get_program().to_string_lossy().into_owned();
    let out = cmd.output().map_err(|e| BundleError::Tool {
        tool: name.clone(),
        detail: format!("cannot start it: {e}"),
    })?;
    if !out.status.success() {
        return Err(BundleError::Tool {
            tool: name,
            detail: format!("{}\n{}", out.status, String::from_utf8_lossy(&out.stderr)),
        });
    }
    Ok(out.stdout)
}

fn glue_and_wasm(dir: &Path) -> Result<(PathBuf, PathBuf), BundleError> {
    let mut glue = Vec::new();
    let mut wasm = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io("read", dir))? {
        let path = entry.map_err(io("read", dir))?.path();
        match path.extension().and_then(|e| e.to_str()) {
            Some("js") => glue.push(path),
            Some("wasm") => wasm.push(path),
            _ => {}
        }
    }
    match (glue.as_slice(), wasm.as_slice()) {
        ([glue], [wasm]) => Ok((glue.clone(), wasm.clone())),
        _ => Err(BundleError::Layout {
            dir: dir.to_owned(),
            found: glue.into_iter().chain(wasm).collect(),
        }),
    }
}

/// The glue without its `export class` blocks (and their dispose and finalization lines). Our
/// bundles export functions only; the classes come from dependencies (wasm-streams, through
/// Leptos) that wasm-bindgen exports whether or not anything uses them.
pub fn drop_exported_classes(glue: &str) -> String {
    let mut classes = Vec::new();
    let mut out = String::with_capacity(glue.len());
    let mut lines = glue.split_inclusive('\n').peekable();
    while let Some(line) = lines.next() {
        if let Some(name) = line.strip_prefix("export class ").and_then(|r| r.strip_suffix(" {\n")) {
            for l in lines.by_ref() {
                if l == "}\n" {
                    break;
                }
            }
            let dispose = format!("if (Symbol.dispose) {name}.prototype[Symbol.dispose]");
            if lines.peek().is_some_and(|l| l.starts_with(&dispose)) {
                lines.next();
            }
            classes.push(name.to_owned());
            continue;
        }
        out.push_str(line);
    }
    // `const NameFinalization = (typeof FinalizationRegistry === 'undefined')` and its two lines.
    let mut result = String::with_capacity(out.len());
    let mut lines = out.split_inclusive('\n');
    while let Some(line) = lines.next() {
        if classes
            .iter()
            .any(|c| line.starts_with(&format!("const {c}Finalization = ")))
        {
            lines.next();
            lines.next();
            continue;
        }
        result.push_str(line);
    }
    result
}

/// Every `wasm.name` the glue reads: the exports the module must keep.
fn used_exports(glue: &str) -> BTreeSet<String> {
    glue.match_indices("wasm.")
        .filter(|(at, _)| {
            !glue[..*at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.')
        })
        .map(|(at, _)| {
            glue[at + 5..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '$')
                .collect()
        })
        .collect()
}

/// Remove the exports `glue` does not use from the wasm, and the code only they reached
/// (`wasm-metadce`, then `wasm-opt -Oz` again), in place.
fn drop_unused_exports(wasm: &Path, glue: &str, tools: &Tools) -> Result<(), BundleError> {
    let keep = used_exports(glue);
    let mut graph = vec![serde_json::json!({
        "name": "root",
        "root": true,
        "reaches": keep.iter().map(|e| format!("export:{e}")).collect::<Vec<_>>(),
    })];
    graph.extend(
        keep.iter()
            .map(|e| serde_json::json!({ "name": format!("export:{e}"), "export": e })),
    );
    let graph_file = wasm.with_extension("metadce.json");
    std::fs::write(&graph_file, serde_json::Value::Array(graph).to_string()).map_err(io("write", &graph_file))?;
    let result = tool(
        Command::new(&tools.wasm_metadce)
            .arg(wasm)
            .arg("--graph-file")
            .arg(&graph_file)
            .arg("-o")
            .arg(wasm),
    );
    let _ = std::fs::remove_file(&graph_file);
    result?;
    tool(
        Command::new(&tools.wasm_opt)
            .arg(wasm)
            // Flattening and re-relooping before -Oz (which leaves them out) finds about 0.3 KB
            // gzip more on the widget.
            .args([
                "--flatten",
                "--rereloop",
                "-Oz",
                "--converge",
                "--zero-filled-memory",
                "--low-memory-unused",
                "-o",
            ])
            .arg(wasm),
    )
    .map(drop)
}

/// Minify the wasm's import, export and module names in place and return `glue` renamed to match.
fn shorten_names(wasm: &Path, glue: &str, tools: &Tools) -> Result<String, BundleError> {
    let stdout = tool(
        Command::new(&tools.wasm_opt)
            .arg(wasm)
            .args([
                "--minify-imports-and-exports-and-modules",
                // Once more with the short names: about 0.25 KB gzip less on the widget.
                "-Oz",
                "--zero-filled-memory",
                "--low-memory-unused",
                "--strip-target-features",
                "-o",
            ])
            .arg(wasm),
    )?;
    let map: serde_json::Value =
        serde_json::from_slice(&stdout).map_err(|e| BundleError::Mapping(format!("wasm-opt printed none ({e})")))?;
    let pairs = |key: &str| -> Result<Vec<Vec<String>>, BundleError> {
        serde_json::from_value(map[key].clone()).map_err(|e| BundleError::Mapping(format!("no {key:?} list ({e})")))
    };
    let imports = pairs("imports")?;
    let exports: HashMap<String, String> = pairs("exports")?
        .into_iter()
        .filter_map(|p| <[String; 2]>::try_from(p).ok())
        .map(|[long, short]| (long, short))
        .collect();

    // Modules: wasm-opt puts every import in module "a".
    let renamed = imported_modules(wasm, tools)?;
    if renamed != BTreeSet::from(["a".to_owned()]) {
        return Err(BundleError::Mapping(format!(
            "wasm-opt left import modules {renamed:?}, expected just \"a\""
        )));
    }
    rename_glue(glue, &imports, &exports)
}

/// Apply wasm-opt's mapping to the glue: imports (`[module, name, short]`) are the keys of the
/// glue's import object, `name: function(`, each exactly once, under one module key renamed to
/// "a"; exports are read as `wasm.name`.
pub fn rename_glue(
    glue: &str,
    imports: &[Vec<String>],
    exports: &HashMap<String, String>,
) -> Result<String, BundleError> {
    let mut glue = glue.to_owned();
    let mut modules = BTreeSet::new();
    for import in imports {
        let [module, name, short] = <[String; 3]>::try_from(import.clone())
            .map_err(|i| BundleError::Mapping(format!("unexpected import mapping {i:?}")))?;
        let key = format!(" {name}: function(");
        if glue.matches(&key).count() != 1 {
            return Err(BundleError::Mismatch(format!(
                "the glue does not define the wasm import {name} exactly once; wasm-bindgen's glue format changed"
            )));
        }
        glue = glue.replacen(&key, &format!(" \"{short}\": function("), 1);
        modules.insert(module);
    }
    for module in modules {
        let key = format!("\"{module}\":");
        if glue.matches(&key).count() != 1 {
            return Err(BundleError::Mismatch(format!(
                "the glue does not name the import module {module} exactly once"
            )));
        }
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
            let short = exports.get(name).ok_or_else(|| {
                BundleError::Mismatch(format!("the glue uses wasm.{name}, which the module does not export"))
            })?;
            out.push_str(short);
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The distinct module names in a wasm file's imports (read from `wasm-dis` text).
fn imported_modules(wasm: &Path, tools: &Tools) -> Result<BTreeSet<String>, BundleError> {
    let text = tool(Command::new(&tools.wasm_dis).arg(wasm))?;
    Ok(String::from_utf8_lossy(&text)
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("(import \""))
        .filter_map(|l| l.split('"').next())
        .map(str::to_owned)
        .collect())
}

#[cfg(test)]
mod tests {
    #[test]
    fn exported_classes_and_their_registries_are_dropped_and_functions_kept() {
        let glue = "export class IntoUnderlyingSink {\n    free() {\n        wasm.__wbg_intounderlyingsink_free(ptr, 0);\n    }\n}\nif (Symbol.dispose) IntoUnderlyingSink.prototype[Symbol.dispose] = IntoUnderlyingSink.prototype.free;\n\nexport function mount(host) {\n    return wasm.mount(host);\n}\nconst IntoUnderlyingSinkFinalization = (typeof FinalizationRegistry === 'undefined')\n    ? { register: () => {}, unregister: () => {} }\n    : new FinalizationRegistry(ptr => wasm.__wbg_intounderlyingsink_free(ptr, 1));\nconst CLOSURE_DTORS = (typeof FinalizationRegistry === 'undefined')\n    ? { register: () => {}, unregister: () => {} }\n    : new FinalizationRegistry(state => wasm.__wbindgen_destroy_closure(state.a, state.b));\n";
        let out = super::drop_exported_classes(glue);
        assert!(!out.contains("IntoUnderlying"), "{out}");
        assert!(
            out.contains("export function mount") && out.contains("CLOSURE_DTORS"),
            "{out}"
        );
        assert_eq!(
            super::used_exports(&out).into_iter().collect::<Vec<_>>(),
            ["__wbindgen_destroy_closure", "mount"]
        );
    }

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
            matches!(rename_glue(GLUE, &imports, &exports), Err(BundleError::Mismatch(_))),
            "an import the glue does not define"
        );
        let (imports, mut exports) = mapping();
        exports.remove("__wbindgen_start");
        assert!(
            matches!(rename_glue(GLUE, &imports, &exports), Err(BundleError::Mismatch(_))),
            "an export the wasm does not have"
        );
    }

    #[test]
    fn a_folder_without_exactly_one_glue_and_one_wasm_fails() {
        let dir = std::env::temp_dir().join(format!("statusmark-bundle-layout-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        std::fs::write(dir.join("a.js"), "").expect("write");
        let result = glue_and_wasm(&dir);
        let _ = std::fs::remove_dir_all(&dir);
        assert!(matches!(result, Err(BundleError::Layout { .. })), "{result:?}");
    }
}

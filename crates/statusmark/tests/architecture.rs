//! The shape of the house, checked: no import loops between the source files of any crate, and
//! no stage of the pipeline importing a later one (render does not
//! import the writer; the writer imports nothing of the generator). docs/architecture.md draws
//! the same picture.
//!
//! A directory module (`lib.rs`, `mod.rs`) declares and orchestrates its children, so its own
//! references to them are not edges; everything else that names a module (`crate::…`,
//! `super::…`) is.
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Module path (`render::html`, `` for the crate root) → the modules it names.
type Graph = BTreeMap<String, BTreeSet<String>>;

fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap().to_string_lossy().replace('\\', "/");
    let rel = rel.trim_end_matches(".rs");
    let rel = rel.strip_suffix("/mod").unwrap_or(rel);
    if rel == "lib" {
        String::new()
    } else {
        rel.replace('/', "::")
    }
}

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every `crate::a::b` and `super::a` path in `text` (before its test module), one level of
/// `{…}` groups expanded, resolved against `module`.
fn references(module: &str, text: &str) -> Vec<Vec<String>> {
    let code: String = text
        .lines()
        .take_while(|l| !(l.starts_with("#[cfg(") && l.contains("test")))
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = Vec::new();
    for (anchor, base) in [("crate::", Vec::new()), ("super::", parent(module))] {
        for (at, _) in code.match_indices(anchor) {
            let before = code[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let rest = &code[at + anchor.len()..];
            let mut path = base.clone();
            let mut tail = rest;
            loop {
                let end = tail
                    .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .unwrap_or(tail.len());
                if end == 0 {
                    // A `{a, b::c}` group: each member continues the path.
                    if let Some(group) = tail.strip_prefix('{') {
                        for member in group.split('}').next().unwrap().split(',') {
                            let mut p = path.clone();
                            p.extend(
                                member
                                    .split("::")
                                    .map(|s| s.trim().to_owned())
                                    .filter(|s| !s.is_empty()),
                            );
                            out.push(p);
                        }
                    }
                    break;
                }
                path.push(tail[..end].to_owned());
                match tail[end..].strip_prefix("::") {
                    Some(next) => tail = next,
                    None => {
                        out.push(path);
                        break;
                    }
                }
            }
        }
    }
    out
}

fn parent(module: &str) -> Vec<String> {
    let mut parts: Vec<String> = module
        .split("::")
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    parts.pop();
    parts
}

/// The module graph of the crate whose sources are in `src`.
fn graph(src: &Path) -> Graph {
    let mut all = Vec::new();
    files(src, &mut all);
    all.retain(|f| f.file_name().is_some_and(|n| n != "main.rs" && n != "build.rs"));
    let modules: BTreeSet<String> = all.iter().map(|f| module_of(src, f)).collect();
    let mut graph = Graph::new();
    for file in &all {
        let module = module_of(src, file);
        let text = std::fs::read_to_string(file).unwrap();
        let edges = graph.entry(module.clone()).or_default();
        for path in references(&module, &text) {
            // The longest prefix of the path that is a module.
            let target = (1..=path.len())
                .rev()
                .map(|n| path[..n].join("::"))
                .find(|m| modules.contains(m))
                .unwrap_or_default();
            let is_child = target.starts_with(&module) && target != module;
            if target != module && !is_child {
                edges.insert(target);
            }
        }
    }
    graph
}

/// A cycle in `graph`, if there is one.
fn cycle(graph: &Graph) -> Option<Vec<String>> {
    fn visit(g: &Graph, n: &str, stack: &mut Vec<String>, done: &mut BTreeSet<String>) -> Option<Vec<String>> {
        if let Some(i) = stack.iter().position(|s| s == n) {
            let mut c = stack[i..].to_vec();
            c.push(n.to_owned());
            return Some(c);
        }
        if done.contains(n) {
            return None;
        }
        stack.push(n.to_owned());
        for next in g.get(n).into_iter().flatten() {
            if let Some(c) = visit(g, next, stack, done) {
                return Some(c);
            }
        }
        stack.pop();
        done.insert(n.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    graph.keys().find_map(|n| visit(graph, n, &mut Vec::new(), &mut done))
}

fn src(krate: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(krate).join("src")
}

#[test]
fn no_import_loops_in_any_crate() {
    for (krate, modules) in [
        ("statusmark", 30),
        ("statusmark-feed", 8),
        ("statusmark-widget", 6),
        ("statusmark-bundle", 1),
        ("xtask", 4),
    ] {
        let g = graph(&src(krate));
        assert!(g.len() >= modules, "{krate}: only {} modules found", g.len());
        if let Some(c) = cycle(&g) {
            panic!("{krate}: import loop {}", c.join(" -> "));
        }
    }
}

#[test]
fn no_stage_imports_a_later_one() {
    let g = graph(&src("statusmark"));
    let stage = |m: &str| m.split("::").next().unwrap_or_default().to_owned();
    // Each stage and the stages it must not name.
    let rules: [(&str, &[&str]); 9] = [
        (
            "content",
            &[
                "model", "render", "planner", "writer", "serve", "author", "notify", "init", "measure",
            ],
        ),
        // Measurements: the network commands write data files, build reads them into the model;
        // neither renders or writes a site.
        ("measure", &["render", "planner", "writer", "serve", "notify", "init"]),
        (
            "model",
            &["render", "planner", "writer", "serve", "author", "notify", "init"],
        ),
        ("render", &["planner", "writer", "serve", "author", "notify", "init"]),
        // Notifications read the model (and the API's shapes), never the site's output.
        ("notify", &["planner", "writer", "serve", "author", "init"]),
        ("planner", &["content", "model", "serve", "author", "init"]),
        // The network commands' HTTP agent: a leaf both `notify` and `measure` import.
        (
            "net",
            &[
                "content", "model", "render", "planner", "writer", "serve", "author", "notify", "init", "measure",
            ],
        ),
        // Scaffolding writes source files: it may validate them with `content`, never build a site.
        (
            "init",
            &[
                "model", "render", "planner", "writer", "serve", "author", "notify", "theme",
            ],
        ),
        (
            "writer",
            &[
                "content", "model", "render", "planner", "serve", "author", "init", "theme", "markdown",
            ],
        ),
    ];
    let mut checked = 0;
    for (module, targets) in &g {
        for (from, forbidden) in rules {
            if stage(module) == from {
                checked += 1;
                for t in targets {
                    assert!(!forbidden.contains(&stage(t).as_str()), "{module} imports {t}");
                }
            }
        }
    }
    assert!(checked > 15, "only {checked} modules checked");
    // The writer knows nothing of the generator: paths and bytes.
    assert!(g["writer"].is_empty(), "writer imports {:?}", g["writer"]);
}

#[test]
fn the_checker_sees_loops_and_stage_breaks() {
    // A test that cannot fail is a defect: the same scanner on a made-up tree.
    let refs = references(
        "render::html",
        "use super::views::render;\nuse crate::{writer::Staging, model};\n",
    );
    let refs: Vec<String> = refs.iter().map(|p| p.join("::")).collect();
    assert_eq!(refs, ["writer::Staging", "model", "render::views::render"]);
    let mut g = Graph::new();
    g.entry("a".into()).or_default().insert("b".into());
    g.entry("b".into()).or_default().insert("a".into());
    assert!(cycle(&g).is_some());
}

//! The prebuilt widget and page bundles checked in under `crates/statusmark/widget/`, which the
//! `statusmark` crate embeds so that installing it needs only a Rust toolchain.
//!
//! They are generated files: `cargo xtask widget` rebuilds them with Trunk and writes `INPUTS`, a
//! stamp of what they were built from (sources, the widget's share of `Cargo.lock`, build profiles,
//! pinned tool versions). Whether they are current is decided by comparing that stamp, never the
//! bytes, which differ between compiler versions.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use sha2::{Digest as _, Sha256};

/// Where the bundles live, relative to the workspace root.
pub const DIR: &str = "crates/statusmark/widget";
/// The stamp's file name inside [`DIR`].
pub const STAMP: &str = "INPUTS";

/// Folders whose files (outside `tests/`) are inputs of the bundles.
const SOURCE_DIRS: &[&str] = &[
    "crates/statusmark-widget",
    "crates/statusmark-feed",
    "crates/statusmark-bundle",
    "crates/wasm-streams-shim",
];
/// Single files that are inputs.
const SOURCE_FILES: &[&str] = &["site/widget.html", "site/page.html", "Trunk.toml"];
/// The Cargo profile Trunk builds both bundles with (`data-cargo-profile` in their pages).
const BUNDLE_PROFILE: &str = "wasm-release";
/// The crates whose locked dependencies are inputs.
const LOCK_ROOTS: &[&str] = &["statusmark-widget", "statusmark-bundle"];
/// npm packages that transform the bundles (wasm-opt, the glue's minifier).
const NODE_TOOLS: &[&str] = &["binaryen", "terser"];

/// What the bundles were (or would now be) built from: name → fingerprint.
pub type Stamp = BTreeMap<String, String>;

/// The stamp of the inputs as they are in the tree at `root` now.
pub fn current(root: &Path) -> Result<Stamp> {
    let mut stamp = Stamp::new();
    stamp.insert("tool trunk".to_owned(), crate::tools::TRUNK_VERSION.to_owned());
    let lock =
        std::fs::read_to_string(root.join("tests/package-lock.json")).context("cannot read tests/package-lock.json")?;
    let lock: serde_json::Value = serde_json::from_str(&lock).context("cannot parse tests/package-lock.json")?;
    for tool in NODE_TOOLS {
        let version = lock["packages"][format!("node_modules/{tool}")]["version"]
            .as_str()
            .with_context(|| format!("tests/package-lock.json does not pin {tool}"))?;
        stamp.insert(format!("tool {tool} (npm)"), version.to_owned());
    }
    for dir in SOURCE_DIRS {
        for entry in walkdir::WalkDir::new(root.join(dir)).sort_by_file_name() {
            let entry = entry?;
            let rel = entry.path().strip_prefix(root)?.to_string_lossy().replace('\\', "/");
            let name = entry.file_name().to_string_lossy();
            if entry.file_type().is_file() && !name.starts_with('.') && !rel.contains("/tests/") {
                stamp.insert(rel, sha256(&std::fs::read(entry.path())?));
            }
        }
    }
    for file in SOURCE_FILES {
        let bytes = std::fs::read(root.join(file)).with_context(|| format!("cannot read {file}"))?;
        stamp.insert((*file).to_owned(), sha256(&bytes));
    }
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).context("cannot read Cargo.toml")?;
    let manifest: toml::Table = toml::from_str(&manifest).context("cannot parse Cargo.toml")?;
    // The profile the bundles are built with (`data-cargo-profile` in site/*.html) and those it
    // inherits from; the others (tests' debug info) do not reach them.
    let all = manifest
        .get("profile")
        .and_then(|p| p.as_table())
        .cloned()
        .unwrap_or_default();
    let mut used = Vec::new();
    let mut next = Some(BUNDLE_PROFILE);
    // (A profile that inherits from itself, which Cargo rejects, cannot loop here.)
    while let Some(name) = next.take()
        && let Some(profile) = all.get(name)
        && !used.iter().any(|u| u == name)
    {
        used.push(name.to_owned());
        next = profile.get("inherits").and_then(|i| i.as_str());
    }
    let profiles: toml::Table = all.into_iter().filter(|(name, _)| used.contains(name)).collect();
    let profiles = toml::Value::Table(profiles).to_string();
    stamp.insert("Cargo.toml [profile]".to_owned(), sha256(profiles.as_bytes()));
    let patches = manifest.get("patch").map(ToString::to_string).unwrap_or_default();
    stamp.insert("Cargo.toml [patch]".to_owned(), sha256(patches.as_bytes()));
    let (names, digest) = locked_dependencies(&std::fs::read_to_string(root.join("Cargo.lock"))?)?;
    stamp.insert(format!("Cargo.lock ({} packages the bundles use)", names.len()), digest);
    // Their declarations too: a feature turned on changes the bundles without changing the lock.
    let declared: String = manifest
        .get("workspace")
        .and_then(|w| w.get("dependencies"))
        .and_then(toml::Value::as_table)
        .map(|deps| {
            deps.iter()
                .filter(|(name, _)| names.contains(name.as_str()))
                .map(|(name, spec)| format!("{name} = {spec}\n"))
                .collect()
        })
        .unwrap_or_default();
    stamp.insert(
        "Cargo.toml [workspace.dependencies] of those".to_owned(),
        sha256(declared.as_bytes()),
    );
    if let Ok(config) = std::fs::read(root.join(".cargo/config.toml")) {
        stamp.insert(".cargo/config.toml".to_owned(), sha256(&config));
    }
    Ok(stamp)
}

/// The names of the packages in the bundles' dependency closure in `Cargo.lock`, and a digest of
/// their names, versions and checksums: a change elsewhere in the lock file is not an input.
fn locked_dependencies(lock: &str) -> Result<(BTreeSet<String>, String)> {
    #[derive(serde::Deserialize)]
    struct Lock {
        package: Vec<Package>,
    }
    #[derive(serde::Deserialize)]
    struct Package {
        name: String,
        version: String,
        #[serde(default)]
        checksum: String,
        #[serde(default)]
        dependencies: Vec<String>,
    }
    let lock: Lock = toml::from_str(lock).context("cannot parse Cargo.lock")?;
    let find = |spec: &str| -> Option<usize> {
        let mut parts = spec.split(' ');
        let name = parts.next()?;
        let version = parts.next();
        lock.package
            .iter()
            .position(|p| p.name == name && version.is_none_or(|v| p.version == v))
    };
    let mut seen = BTreeSet::new();
    let mut todo: Vec<usize> = Vec::new();
    for root in LOCK_ROOTS {
        todo.push(find(root).with_context(|| format!("{root} is not in Cargo.lock"))?);
    }
    while let Some(i) = todo.pop() {
        if seen.insert(i) {
            todo.extend(lock.package[i].dependencies.iter().filter_map(|d| find(d)));
        }
    }
    let mut lines: Vec<String> = seen
        .iter()
        .map(|&i| {
            let p = &lock.package[i];
            format!("{} {} {}\n", p.name, p.version, p.checksum)
        })
        .collect();
    lines.sort();
    let names = seen.iter().map(|&i| lock.package[i].name.clone()).collect();
    Ok((names, sha256(lines.concat().as_bytes())))
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The stamp file's text: a header, then `fingerprint  name` lines (as `sha256sum` writes them).
pub fn render(stamp: &Stamp) -> String {
    let mut text = String::from(
        "# What the bundles in this folder were built from; written by `cargo xtask widget`.\n\
         # `cargo xtask test` recomputes it and fails when a line differs: then run\n\
         # `cargo xtask widget` and commit this folder. Compiler versions are not inputs.\n",
    );
    for (name, value) in stamp {
        text.push_str(&format!("{value}  {name}\n"));
    }
    text
}

pub fn parse(text: &str) -> Stamp {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split_once("  "))
        .map(|(value, name)| (name.to_owned(), value.to_owned()))
        .collect()
}

/// The inputs that differ between the recorded stamp and the tree (empty when current).
pub fn changes(recorded: &Stamp, now: &Stamp) -> Vec<String> {
    let names: BTreeSet<&String> = recorded.keys().chain(now.keys()).collect();
    names
        .into_iter()
        .filter_map(|name| match (recorded.get(name), now.get(name)) {
            (Some(a), Some(b)) if a == b => None,
            (Some(_), Some(_)) => Some(format!("changed: {name}")),
            (None, Some(_)) => Some(format!("new: {name}")),
            (_, None) => Some(format!("gone: {name}")),
        })
        .collect()
}

/// The inputs that changed since the bundles under `root` were built.
pub fn stale_inputs(root: &Path) -> Result<Vec<String>> {
    let path = root.join(DIR).join(STAMP);
    let recorded = std::fs::read_to_string(&path).map(|t| parse(&t)).unwrap_or_default();
    if recorded.is_empty() {
        return Ok(vec![format!("no stamp at {}", path.display())]);
    }
    Ok(changes(&recorded, &current(root)?))
}

/// Fail with what changed and what to do when the checked-in bundles are stale.
pub fn require_current(root: &Path) -> Result<()> {
    let stale = stale_inputs(root)?;
    if stale.is_empty() {
        crate::say(&format!("ok: the prebuilt bundles in {DIR} match their inputs"));
        return Ok(());
    }
    bail!(
        "the prebuilt widget bundles in {DIR} are stale; their inputs changed since they were built:\n  {}\n\
         Run `cargo xtask widget` to rebuild them with Trunk, then commit {DIR}.",
        stale.join("\n  ")
    )
}

/// Replace the bundles in `root`'s [`DIR`] with the `.js` and `.wasm` files Trunk and
/// `statusmark-bundle` left in `built`, and record their inputs.
pub fn install(root: &Path, built: &Path) -> Result<()> {
    let dir = root.join(DIR);
    std::fs::create_dir_all(&dir)?;
    for entry in std::fs::read_dir(&dir)? {
        let path = entry?.path();
        if is_bundle_file(&path) {
            std::fs::remove_file(&path).with_context(|| format!("cannot remove {}", path.display()))?;
        }
    }
    let mut copied: Vec<PathBuf> = Vec::new();
    for entry in std::fs::read_dir(built).with_context(|| format!("cannot read {}", built.display()))? {
        let path = entry?.path();
        if is_bundle_file(&path)
            && let Some(name) = path.file_name()
        {
            std::fs::copy(&path, dir.join(name))?;
            copied.push(dir.join(name));
        }
    }
    if copied.is_empty() {
        bail!("no bundle files in {}", built.display());
    }
    std::fs::write(dir.join(STAMP), render(&current(root)?))?;
    crate::say(&format!("updated {DIR} ({} files) and its {STAMP} stamp", copied.len()));
    Ok(())
}

fn is_bundle_file(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "js" || e == "wasm")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A copy of the inputs (and only those) of the real tree, in a temporary folder.
    fn copy_of_inputs() -> tempfile::TempDir {
        let root = crate::workspace_root();
        let tmp = tempfile::tempdir().expect("temp dir");
        let copy = |rel: &str| {
            let to = tmp.path().join(rel);
            std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
            std::fs::copy(root.join(rel), &to).expect("copy");
        };
        for f in SOURCE_FILES
            .iter()
            .chain(&["Cargo.toml", "Cargo.lock", "tests/package-lock.json"])
        {
            copy(f);
        }
        for dir in SOURCE_DIRS {
            for e in walkdir::WalkDir::new(root.join(dir)).into_iter().filter_map(Result::ok) {
                if e.file_type().is_file() {
                    copy(&e.path().strip_prefix(&root).expect("inside").to_string_lossy());
                }
            }
        }
        tmp
    }

    /// Write `manifest` as the copy's `Cargo.toml`; what changed since `before`.
    fn changes_with_manifest(tree: &Path, before: &Stamp, manifest: &str) -> Vec<String> {
        std::fs::write(tree.join("Cargo.toml"), manifest).expect("write");
        changes(before, &current(tree).expect("stamp"))
    }

    #[test]
    fn the_recorded_stamp_round_trips() {
        let stamp = current(&crate::workspace_root()).expect("stamp");
        assert!(stamp.keys().any(|k| k == "crates/statusmark-widget/src/lib.rs"));
        assert!(stamp.keys().any(|k| k.starts_with("Cargo.lock (")));
        assert!(!stamp.keys().any(|k| k.contains("/tests/")), "tests are not inputs");
        assert_eq!(parse(&render(&stamp)), stamp);
    }

    #[test]
    fn a_changed_widget_source_or_tool_makes_the_bundles_stale() {
        let tree = copy_of_inputs();
        let before = current(tree.path()).expect("stamp");
        assert!(changes(&before, &current(tree.path()).expect("stamp")).is_empty());

        let source = tree.path().join("crates/statusmark-widget/src/view.rs");
        let mut text = std::fs::read_to_string(&source).expect("read");
        text.push_str("\n// an edit\n");
        std::fs::write(&source, text).expect("write");
        let trunk = tree.path().join("Trunk.toml");
        let text = std::fs::read_to_string(&trunk)
            .expect("read")
            .replace("0.2.130", "0.2.999");
        std::fs::write(&trunk, text).expect("write");
        std::fs::write(tree.path().join("crates/statusmark-feed/src/new.rs"), "").expect("write");

        assert_eq!(
            changes(&before, &current(tree.path()).expect("stamp")),
            [
                "changed: Trunk.toml",
                "new: crates/statusmark-feed/src/new.rs",
                "changed: crates/statusmark-widget/src/view.rs",
            ]
        );
    }

    #[test]
    fn a_feature_of_a_widget_dependency_is_an_input_a_generator_dependency_is_not() {
        let tree = copy_of_inputs();
        let before = current(tree.path()).expect("stamp");
        let text = std::fs::read_to_string(tree.path().join("Cargo.toml")).expect("read");
        let generator_only = text.replace("hmac = \"0.12\"", "hmac = { version = \"0.12\", features = [\"std\"] }");
        assert_ne!(generator_only, text);
        assert!(changes_with_manifest(tree.path(), &before, &generator_only).is_empty());
        let widget = generator_only.replace("features = [\"csr\"]", "features = [\"csr\", \"nightly\"]");
        assert_ne!(widget, generator_only);
        assert_eq!(
            changes_with_manifest(tree.path(), &before, &widget),
            ["changed: Cargo.toml [workspace.dependencies] of those"]
        );
    }

    #[test]
    fn the_bundles_profile_and_what_it_inherits_are_inputs_the_tests_profiles_are_not() {
        let root = crate::workspace_root();
        for page in ["site/widget.html", "site/page.html"] {
            let text = std::fs::read_to_string(root.join(page)).expect("read");
            assert!(
                text.contains(&format!("data-cargo-profile=\"{BUNDLE_PROFILE}\"")),
                "{page}"
            );
        }
        let tree = copy_of_inputs();
        let before = current(tree.path()).expect("stamp");
        let text = std::fs::read_to_string(tree.path().join("Cargo.toml")).expect("read");
        let dev = text.replace("[profile.dev]\n", "[profile.dev]\nopt-level = 1\n");
        assert_ne!(dev, text);
        assert!(changes_with_manifest(tree.path(), &before, &dev).is_empty());
        for (from, to) in [
            ("[profile.release]\n", "[profile.release]\noverflow-checks = true\n"),
            (
                "[profile.wasm-release]\n",
                "[profile.wasm-release]\noverflow-checks = true\n",
            ),
        ] {
            let changed = dev.replace(from, to);
            assert_ne!(changed, dev);
            assert_eq!(
                changes_with_manifest(tree.path(), &before, &changed),
                ["changed: Cargo.toml [profile]"]
            );
        }
    }

    /// The shim (crates/wasm-streams-shim) is what the bundles link: without it each carries
    /// about 5 KB gzip of stream code nobody calls.
    #[test]
    fn the_bundles_link_the_streams_shim_not_the_registry_crate() {
        let lock = std::fs::read_to_string(crate::workspace_root().join("Cargo.lock")).expect("lock");
        let (names, _) = locked_dependencies(&lock).expect("closure");
        assert!(
            names.contains("wasm-streams"),
            "leptos no longer needs wasm-streams: drop the shim"
        );
        for entry in lock
            .split("[[package]]")
            .filter(|p| p.contains("name = \"wasm-streams\""))
        {
            assert!(
                !entry.contains("source = "),
                "a wasm-streams comes from a registry, not from the shim: {entry}"
            );
        }
    }

    #[test]
    fn lock_changes_outside_the_widgets_dependencies_are_not_inputs() {
        let lock = std::fs::read_to_string(crate::workspace_root().join("Cargo.lock")).expect("lock");
        let (names, digest) = locked_dependencies(&lock).expect("closure");
        assert!(
            names.len() > 20 && names.contains("leptos"),
            "the widget's dependencies: {names:?}"
        );
        // lettre is the generator's, not the widget's.
        let bumped = lock.replacen("name = \"lettre\"\nversion = \"", "name = \"lettre\"\nversion = \"9", 1);
        assert_ne!(bumped, lock);
        assert_eq!(locked_dependencies(&bumped).expect("closure").1, digest);
        let bumped = lock.replacen("name = \"leptos\"\nversion = \"", "name = \"leptos\"\nversion = \"9", 1);
        assert_ne!(locked_dependencies(&bumped).expect("closure").1, digest);
    }
}

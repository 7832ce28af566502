//! Proof that the `statusmark` crate installs with only a Rust toolchain: `cargo install --path
//! crates/statusmark` with a `PATH` holding the toolchain and the system linker and nothing else (no
//! Trunk, wasm-bindgen, wasm-opt, Node or npm), then the installed binary runs `init` and `build`
//! under the same `PATH` and the site it writes carries the widget. `cargo xtask install-check`
//! then runs the page tests against the binary; `cargo xtask test` runs every end-to-end test
//! against it instead, and its size and memory guards.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};

use crate::{run, say, target_dir, tools};

/// Programs a wasm build or the tests would use; none may be reachable from the check's `PATH`.
const FORBIDDEN: &[&str] = &["trunk", "wasm-bindgen", "wasm-opt", "node", "npm", "npx"];
/// What compiling native crates needs besides the toolchain (C code in dependencies, linking).
const SYSTEM_TOOLS: &[&str] = &["cc", "c++", "as", "ld", "ar"];

pub fn run_check() -> Result<()> {
    let installed = install()?;
    check_installed(&installed, true)
}

/// A binary `cargo install` built with only the toolchain on `PATH` ([`install`]), and that
/// `PATH`.
pub struct Installed {
    pub bin: PathBuf,
    path: String,
    work: PathBuf,
}

impl Installed {
    /// `program` with nothing of this environment but the check's `PATH`, `CARGO_HOME` and `HOME`.
    fn clean(&self, program: &Path) -> Command {
        let mut cmd = Command::new(program);
        cmd.env_clear()
            .env("PATH", &self.path)
            .env("CARGO_HOME", tools::cargo_home())
            .env("HOME", std::env::var_os("HOME").unwrap_or_default());
        cmd
    }
}

/// `cargo install --path crates/statusmark` with only the toolchain on `PATH`: the release
/// binary users get from source. `cargo xtask test` runs every later layer against it, so the
/// release profile is compiled once per run, not once for `dist` and again here.
pub fn install() -> Result<Installed> {
    let work = target_dir().join("install-check");
    let root = work.join("root");
    let _ = std::fs::remove_dir_all(&root);
    let path = minimal_path(&work)?;
    let installed = Installed {
        bin: root.join("bin/statusmark"),
        path,
        work,
    };
    let sysroot = tools::output(Command::new("rustc").args(["--print", "sysroot"]))
        .context("cannot ask rustc for its sysroot")?;
    let cargo = PathBuf::from(sysroot.trim()).join("bin/cargo");
    let started = Instant::now();
    // Its own target folder, so the build script and every dependency are built under this PATH.
    run(installed
        .clean(&cargo)
        .args([
            "install",
            "--locked",
            "--offline",
            "--path",
            "crates/statusmark",
            "--root",
        ])
        .arg(&root)
        .arg("--target-dir")
        .arg(installed.work.join("target")))?;
    say(&format!(
        "cargo install --path crates/statusmark with only the toolchain on PATH: {:.0} s",
        started.elapsed().as_secs_f64()
    ));
    Ok(installed)
}

/// What a user does next with the installed binary, under the same `PATH`: `init` and `build`,
/// whose site must carry the widget; then, with `page_tests`, the page tests against the binary
/// (`cargo xtask test` has run every end-to-end test against it already).
pub fn check_installed(installed: &Installed, page_tests: bool) -> Result<()> {
    let site = installed.work.join("my-status");
    let _ = std::fs::remove_dir_all(&site);
    let bin = &installed.bin;
    run(installed
        .clean(bin)
        .arg("init")
        .arg(&site)
        .args(["--title", "Install check"]))?;
    let out = site.join("public");
    run(installed
        .clean(bin)
        .args(["build", "--deny-warnings", "--root"])
        .arg(&site)
        .arg("--out")
        .arg(&out))?;
    let widget = out.join("widget");
    let names: Vec<String> = std::fs::read_dir(&widget)
        .with_context(|| format!("the site has no {}", widget.display()))?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    for (what, ok) in [
        (
            "the widget loader statusmark.js",
            names.iter().any(|n| n == "statusmark.js"),
        ),
        ("the page loader page.js", names.iter().any(|n| n == "page.js")),
        (
            "the widget's wasm",
            names
                .iter()
                .any(|n| n.starts_with("statusmark-widget-") && n.ends_with(".wasm")),
        ),
        (
            "the page script's wasm",
            names
                .iter()
                .any(|n| n.starts_with("statusmark-page-") && n.ends_with(".wasm")),
        ),
    ] {
        if !ok {
            bail!(
                "the installed binary built a site without {what} in {} (has {names:?})",
                widget.display()
            );
        }
    }
    say(&format!(
        "ok: the installed binary's site carries the widget ({} files in widget/)",
        names.len()
    ));

    if !page_tests {
        return Ok(());
    }
    // The page tests, against the installed binary.
    run(Command::new("node")
        .args(["--test", "--test-concurrency=1", "tests/e2e/pages.test.mjs"])
        .env("STATUSMARK_BIN", std::path::absolute(bin)?)
        .env("CHROMIUM", tools::CHROMIUM))
}

/// A folder of links to [`SYSTEM_TOOLS`], and the toolchain's own `bin`: the whole `PATH` of the
/// check. Fails if any [`FORBIDDEN`] program is reachable from it.
fn minimal_path(work: &Path) -> Result<String> {
    let links = work.join("path");
    let _ = std::fs::remove_dir_all(&links);
    std::fs::create_dir_all(&links)?;
    let full_path = std::env::var_os("PATH").unwrap_or_default();
    for tool in SYSTEM_TOOLS {
        let found = std::env::split_paths(&full_path)
            .map(|d| d.join(tool))
            .find(|p| p.is_file())
            .with_context(|| {
                format!("`{tool}` is not on PATH; a Rust toolchain needs the system's C compiler and linker")
            })?;
        std::os::unix::fs::symlink(&found, links.join(tool))?;
    }
    let sysroot = tools::output(Command::new("rustc").args(["--print", "sysroot"]))
        .context("cannot ask rustc for its sysroot")?;
    let toolchain = PathBuf::from(sysroot.trim()).join("bin");
    let dirs = [toolchain, links];
    for dir in &dirs {
        for program in FORBIDDEN {
            if dir.join(program).exists() {
                bail!(
                    "{} holds {program}; the install check needs a PATH without it",
                    dir.display()
                );
            }
        }
    }
    Ok(std::env::join_paths(&dirs)?.to_string_lossy().into_owned())
}

/// Files a package may hold beside its sources: what Cargo itself writes or copies in.
const CARGO_FILES: &[&str] = &["Cargo.toml", "Cargo.toml.orig", "Cargo.lock", ".cargo_vcs_info.json"];

/// `cargo package` for both publishable crates (which builds them from the packaged files alone,
/// `statusmark` against the packaged `statusmark-feed`), and a check of what each package holds:
/// everything it needs, nothing else.
pub fn package_check() -> Result<()> {
    forget_packaged_sources()?;
    forget_packaged_builds()?;
    run(crate::cargo().args([
        "package",
        "--locked",
        "--offline",
        "--allow-dirty",
        "-p",
        "statusmark-feed",
        "-p",
        "statusmark",
    ]))?;
    let theme: Vec<String> = ["templates", "assets"]
        .iter()
        .flat_map(|sub| {
            files_in(&Path::new("site").join(sub))
                .into_iter()
                .map(move |rel| format!("theme/{sub}/{rel}"))
        })
        .collect();
    let widget: Vec<String> = files_in(Path::new(crate::prebuilt::DIR))
        .into_iter()
        .map(|rel| format!("widget/{rel}"))
        .collect();
    let sources = |dir: &str| -> Vec<String> {
        files_in(&Path::new(dir).join("src"))
            .into_iter()
            .map(|rel| format!("src/{rel}"))
            .collect()
    };
    let locales = files_in(Path::new("crates/statusmark/locales"))
        .into_iter()
        .map(|rel| format!("locales/{rel}"));
    let expect_statusmark: Vec<String> = ["build.rs", "README.md"]
        .iter()
        .map(ToString::to_string)
        .chain(sources("crates/statusmark"))
        .chain(locales)
        .chain(theme)
        .chain(widget)
        .collect();
    for (crate_name, expected) in [
        ("statusmark-feed", sources("crates/statusmark-feed")),
        ("statusmark", expect_statusmark),
    ] {
        let listed = tools::output(crate::cargo().args(["package", "--list", "--allow-dirty", "-p", crate_name]))
            .with_context(|| format!("cargo package --list -p {crate_name} failed"))?;
        let listed: std::collections::BTreeSet<&str> = listed.lines().filter(|l| !CARGO_FILES.contains(l)).collect();
        let expected: std::collections::BTreeSet<&str> = expected.iter().map(String::as_str).collect();
        let missing: Vec<_> = expected.difference(&listed).collect();
        let extra: Vec<_> = listed.difference(&expected).collect();
        if !missing.is_empty() || !extra.is_empty() {
            bail!(
                "the {crate_name} package does not hold exactly what it needs:\n  missing: {missing:?}\n  unexpected: {extra:?}\nAdjust `include` in its Cargo.toml."
            );
        }
        let krate = target_dir().join(format!("package/{crate_name}-{}.crate", env!("CARGO_PKG_VERSION")));
        let size = std::fs::metadata(&krate).map(|m| m.len()).unwrap_or_default();
        say(&format!(
            "ok: the {crate_name} package holds its {} files and nothing else ({} KB)",
            listed.len(),
            size / 1024
        ));
    }
    Ok(())
}

/// `cargo package` verifies `statusmark` against the `statusmark-feed` it just packaged through a
/// temporary local registry under `target/package`, and extracts that crate into
/// `$CARGO_HOME/registry/src/<hash of the registry's path>/`. Cargo never extracts a crate again
/// once its folder is there, so a later run from the same checkout path (same version, new
/// sources) would verify against the first run's sources and fail, or pass, for the wrong reason.
/// Remove our own crates' extractions from such local registries (crates.io's are left alone).
/// Forget what Cargo compiled of the two crates in debug builds: it takes the verification's builds
/// of the unpacked packages (`target/package/statusmark-feed-0.1.0/`, and `statusmark-feed` as the
/// verification's registry serves it) for current however the sources changed, since every file of
/// a `.crate` carries the same fixed modification time and a registry crate is never rechecked. It
/// would verify `statusmark` against the `statusmark-feed` of an earlier check. The debug builds
/// of the workspace's own crates go too; the next `cargo test` rebuilds them.
fn forget_packaged_builds() -> Result<()> {
    let fingerprints = target_dir().join("debug/.fingerprint");
    let Ok(entries) = std::fs::read_dir(&fingerprints) else {
        return Ok(());
    };
    for entry in entries.filter_map(|e| e.ok()) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("statusmark-feed-")
            || name.starts_with("statusmark-") && !name.starts_with("statusmark-widget")
        {
            std::fs::remove_dir_all(entry.path())
                .with_context(|| format!("cannot remove the stale {}", entry.path().display()))?;
        }
    }
    Ok(())
}

fn forget_packaged_sources() -> Result<()> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")))
        .context("neither CARGO_HOME nor HOME is set")?;
    let Ok(registries) = std::fs::read_dir(home.join("registry/src")) else {
        return Ok(());
    };
    let version = env!("CARGO_PKG_VERSION");
    for registry in registries.filter_map(|e| e.ok()) {
        // A local registry's folder is named `-<hash>`; a remote one's after its host.
        if !registry.file_name().to_string_lossy().starts_with('-') {
            continue;
        }
        for name in ["statusmark-feed", "statusmark"] {
            let extracted = registry.path().join(format!("{name}-{version}"));
            if extracted.exists() {
                std::fs::remove_dir_all(&extracted)
                    .with_context(|| format!("cannot remove the stale {}", extracted.display()))?;
            }
        }
    }
    Ok(())
}

/// Files under `dir`, relative to it with `/` separators, sorted.
fn files_in(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| Some(e.path().strip_prefix(dir).ok()?.to_string_lossy().replace('\\', "/")))
        .collect()
}

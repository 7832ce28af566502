//! Developer and CI automation for Statusmark. Users of the binary never need this; it
//! orchestrates tools and owns no product logic (the widget's packaging lives in
//! `statusmark-bundle`, the bench's floor in `bench-floor`).
//!
//! - `cargo xtask demo [--port N]`: build the generator (with the prebuilt widget bundles, so no
//!   wasm toolchain is needed), render the demo site into `public/` and serve it.
//! - `cargo xtask test`: install missing tools (and Chromium when root), then run every test layer.
//! - `cargo xtask dist`: the release binary with the widget and theme embedded.
//! - `cargo xtask widget`: rebuild the prebuilt widget bundles (Trunk) in
//!   `crates/statusmark/widget/`, recording their inputs.
//! - `cargo xtask bench`: build times against the physical floor, memory, widget and page weights.
//! - `cargo xtask fuzz`: the libFuzzer targets, for a given time each (not part of `test`).
//!
//! `<target>` is Cargo's target folder: `$CARGO_TARGET_DIR` when set, else `target/`.

mod bench;
mod bench_notify;
mod corpus;
mod fuzz;
mod install_check;
mod prebuilt;
mod tools;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};

/// The widget's transfer size (loader + JS glue + wasm with its CSS, gzip -9, as a built site
/// ships them, plus the largest language's words, `i18n/<code>.json`) may not grow past the budget
/// of 50 KB (issues #16 and #19). 47.9 KB on 2026-12-03,
/// once `wasm-streams` was replaced by a shim (see BENCHMARKS.md).
pub const WIDGET_GZIP_GUARD: usize = 50_000;

/// The same for the status site's own live-update bundle (`widget/page.js` and what it loads):
/// 35.8 KB on 2026-12-03 (live incidents with their updates, incident pages, the stale warning,
/// visitors' time zones, upstreams, the page's language) plus about 10 %.
pub const PAGE_GZIP_GUARD: usize = 39_000;

/// The instant the demo site describes, so it always shows an ongoing incident and maintenance.
pub const DEMO_NOW: &str = "2026-11-22T09:00:00Z";

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    bin_name = "cargo xtask",
    about = "Statusmark's developer and CI automation"
)]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Build everything and serve the demo site.
    Demo {
        #[arg(long, default_value_t = 8080)]
        port: u16,
    },
    /// Every test layer: fmt, clippy, unit, fixture, wasm, end to end, size guards.
    Test,
    /// The release binary with the widget and theme embedded.
    Dist,
    /// Rebuild the prebuilt widget bundles with Trunk (crates/statusmark/widget).
    Widget,
    /// Install the pinned build tools that are missing.
    Tools,
    /// Install the crate with only the Rust toolchain on PATH, then init and build a site and run
    /// the page tests with the installed binary (`test` installs the same way and runs every
    /// layer after it against that binary).
    InstallCheck,
    /// Build 100,000 incidents with the release binary on two threads and fail if the peak memory
    /// passes its budget of 250 MB (part of `test`).
    MemoryGuard,
    /// `cargo package` both publishable crates and check what each holds (part of `test`).
    PackageCheck,
    /// Build times against the floor, memory, serve latency, widget and page weights.
    Bench(bench::Options),
    /// Run a command and print its peak resident set size (used by `bench`).
    #[command(hide = true)]
    Rss {
        #[arg(required = true, trailing_var_arg = true, allow_hyphen_values = true)]
        command: Vec<String>,
    },
    /// The libFuzzer targets, for a given time each.
    Fuzz(fuzz::Options),
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    let root = workspace_root();
    std::env::set_current_dir(&root).with_context(|| format!("cannot enter {}", root.display()))?;
    match cli.task {
        Task::Demo { port } => demo(port),
        Task::Test => test(),
        Task::Dist => dist(),
        Task::Widget => {
            tools::ensure_build_tools()?;
            widget()
        }
        Task::Tools => tools::ensure_build_tools(),
        Task::InstallCheck => install_check::run_check(),
        Task::PackageCheck => install_check::package_check(),
        Task::MemoryGuard => {
            dist()?;
            bench::memory_guard(&release_bin("statusmark"))
        }
        Task::Bench(options) => {
            dist()?;
            bench::run(&options)
        }
        Task::Rss { command } => bench::rss(&command),
        Task::Fuzz(options) => fuzz::run_fuzz(&options),
    }
}

/// Cargo's target folder, absolute: `$CARGO_TARGET_DIR` (relative to the workspace root, where
/// every cargo command xtask runs starts) or `target/`.
pub fn target_dir() -> PathBuf {
    let dir = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| PathBuf::from("target"), PathBuf::from);
    std::path::absolute(&dir).unwrap_or(dir)
}

/// What a clean `cargo xtask test` needs in the target folder, in GB: 7.5 measured on a fresh
/// clone (debug and wasm test builds, the release binary, the install check's own build), and
/// for a minute the memory guard's corpus and output (1.8).
const TEST_FOOTPRINT_GB: f64 = 10.0;

/// Say up front when the target folder's disk cannot hold `need_gb` (counting what the folder
/// already holds, which the run reuses): otherwise the run fails late, mid-compile, with "No
/// space left on device".
fn warn_if_disk_is_short(need_gb: f64) {
    use std::os::unix::fs::MetadataExt as _;
    let target = target_dir();
    let probe = if target.exists() {
        target.clone()
    } else {
        PathBuf::from(".")
    };
    // POSIX `df -Pk`: one header line, then `filesystem blocks used available capacity% mount`;
    // the available 1024-byte blocks are the field before the capacity (a filesystem's name may
    // hold spaces).
    let Ok(out) = Command::new("df").arg("-Pk").arg(&probe).output() else {
        return;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    let Some(free_kb) = text.lines().nth(1).and_then(|l| {
        let fields: Vec<&str> = l.split_whitespace().collect();
        let capacity = fields.iter().rposition(|f| f.ends_with('%'))?;
        fields.get(capacity.checked_sub(1)?)?.parse::<f64>().ok()
    }) else {
        return;
    };
    // Each file once, however many hard links it has.
    let mut seen = std::collections::HashSet::new();
    let held: u64 = walkdir::WalkDir::new(&target)
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file() && seen.insert((m.dev(), m.ino())))
        .map(|m| m.len())
        .sum();
    let gb = |bytes: f64| bytes / 1e9;
    let (free, held) = (gb(free_kb * 1024.0), gb(held as f64));
    if free + held < need_gb {
        say(&format!(
            "warning: {free:.1} GB free where {} lives (which holds {held:.1} GB); a full run needs about {need_gb:.0} GB there and may fail with \"No space left on device\". Free some space (`cargo clean` in other checkouts) or set CARGO_TARGET_DIR to a roomier disk.",
            target.display()
        ));
    }
}

/// The release binary `cargo xtask dist` builds.
pub fn release_bin(name: &str) -> PathBuf {
    target_dir().join("release").join(name)
}

pub fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.ancestors().nth(2).map_or(manifest.clone(), Path::to_path_buf)
}

pub fn say(msg: &str) {
    eprintln!("\x1b[1mxtask:\x1b[0m {msg}");
}

/// Run a command, echoing it; fail with its name if it fails.
pub fn run(cmd: &mut Command) -> Result<()> {
    say(&format!("$ {}", describe(cmd)));
    let status = cmd
        .status()
        .with_context(|| format!("cannot start {}", describe(cmd)))?;
    if !status.success() {
        bail!("`{}` failed ({status})", describe(cmd));
    }
    Ok(())
}

fn describe(cmd: &Command) -> String {
    std::iter::once(cmd.get_program().to_string_lossy().into_owned())
        .chain(cmd.get_args().map(|a| a.to_string_lossy().into_owned()))
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
}

/// Build the two wasm bundles with Trunk, never letting it download anything or rewrite Cargo.lock:
/// the embeddable widget (`site/widget.html`) and the status site's own live-update script
/// (`site/page.html`), both into `<target>/widget-dist/`, each packaged by `statusmark-bundle`; then
/// make them the prebuilt bundles the `statusmark` crate embeds (`crates/statusmark/widget/`).
fn widget() -> Result<()> {
    let lock_before = std::fs::read("Cargo.lock").context("cannot read Cargo.lock")?;
    // Trunk runs cargo offline: make sure every crate is in the local registry first.
    run(cargo().args(["fetch", "--locked"]))?;
    let dist = &target_dir().join("widget-dist");
    let page_dist = &target_dir().join("page-dist");
    let mut result = Ok(());
    for (entry, out) in [("site/page.html", page_dist), ("site/widget.html", dist)] {
        let mut cmd = Command::new(tools::trunk_bin());
        cmd.args(["build", "--config", "Trunk.toml", "--dist"])
            .arg(out)
            .arg(entry)
            .env("PATH", tools::tool_path())
            .env("TRUNK_SKIP_VERSION_CHECK", "true");
        result = run(&mut cmd);
        if result.is_err() {
            break;
        }
    }
    let lock_after = std::fs::read("Cargo.lock").unwrap_or_default();
    if lock_after != lock_before {
        std::fs::write("Cargo.lock", &lock_before).context("cannot restore Cargo.lock")?;
        bail!("Trunk changed Cargo.lock; restored it. Run `cargo update -p <crate>` deliberately instead.");
    }
    result?;
    let node_bin = std::fs::canonicalize("tests/node_modules/.bin").context("run `npm ci --prefix tests` first")?;
    let bundle_tools = statusmark_bundle::Tools::in_dir(&node_bin);
    for out in [page_dist, dist] {
        statusmark_bundle::package(out, &bundle_tools).with_context(|| format!("cannot package {}", out.display()))?;
    }
    for entry in std::fs::read_dir(page_dist)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "js" || e == "wasm")
            && let Some(name) = path.file_name()
        {
            std::fs::copy(&path, dist.join(name))?;
        }
    }
    let (raw, gz) = folder_sizes(dist, is_widget_file)?;
    let (page_raw, page_gz) = folder_sizes(dist, is_page_file)?;
    say(&format!(
        "built into {}: widget {raw} bytes wasm+js ({gz} gzip), page script {page_raw} ({page_gz} gzip)",
        dist.display()
    ));
    prebuilt::install(Path::new("."), dist)
}

/// What a page that embeds the widget loads: the stable loader, the glue and the wasm.
pub fn is_widget_file(name: &str) -> bool {
    name == "statusmark.js" || name.starts_with("statusmark-widget-")
}

/// What a generated status page loads to stay live: its loader, the glue and the wasm, and the
/// worker that formats its times.
pub fn is_page_file(name: &str) -> bool {
    name == "page.js" || name.starts_with("statusmark-page-") || name.starts_with("page-times.")
}

/// (raw bytes, gzip -9 bytes) of the .wasm and .js files in `dir` that `pick` picks by name.
pub fn folder_sizes(dir: &Path, pick: fn(&str) -> bool) -> Result<(usize, usize)> {
    let mut raw = 0;
    let mut gz = 0;
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default();
        if pick(name) && (ext == "wasm" || ext == "js") {
            raw += std::fs::metadata(&path)?.len() as usize;
            gz += gzip_len(&std::fs::read(&path)?)?;
        }
    }
    Ok((raw, gz))
}

/// Build the basic fixture site with the release binary and return its `widget/` folder: both
/// bundles as a site ships them (each loader with its glue and wasm).
pub fn shipped_widget(bin: &Path) -> Result<PathBuf> {
    // Absolute: `--out` is relative to `--root`.
    let out = &target_dir().join("tmp/widget-size");
    let _ = std::fs::remove_dir_all(out);
    let status = Command::new(bin)
        .args(["build", "--root", "tests/fixtures/basic", "--now", DEMO_NOW, "--out"])
        .arg(out)
        .output()
        .with_context(|| format!("cannot run {}", bin.display()))?;
    if !status.status.success() {
        bail!(
            "building the basic fixture failed:\n{}",
            String::from_utf8_lossy(&status.stderr)
        );
    }
    Ok(out.join("widget"))
}

/// The release binary with the widget embedded. It embeds the prebuilt bundles, so it needs no wasm
/// toolchain; only when a widget source changed since they were built are they rebuilt first (which
/// installs Trunk and the rest).
fn dist() -> Result<()> {
    let stale = prebuilt::stale_inputs(Path::new("."))?;
    if !stale.is_empty() {
        say(&format!(
            "the prebuilt widget bundles are stale ({}); rebuilding them with Trunk",
            stale.join(", ")
        ));
        tools::ensure_build_tools()?;
        widget()?;
    }
    run(cargo().args(["build", "--release", "--locked", "-p", "statusmark"]))?;
    say(&format!(
        "release binary: {} (widget and default theme embedded)",
        release_bin("statusmark").display()
    ));
    Ok(())
}

fn demo(port: u16) -> Result<()> {
    dist()?;
    say(&format!(
        "serving the demo site (as of {DEMO_NOW}) on http://127.0.0.1:{port}/  — Ctrl-C to stop"
    ));
    run(Command::new(release_bin("statusmark")).args([
        "serve",
        "--root",
        ".",
        "--out",
        "public",
        "--now",
        DEMO_NOW,
        "--port",
        &port.to_string(),
    ]))
}

fn test() -> Result<()> {
    // First, and before installing anything: stale prebuilt bundles would make every later layer
    // test something other than what users install.
    prebuilt::require_current(Path::new("."))?;
    warn_if_disk_is_short(TEST_FOOTPRINT_GB);
    tools::ensure_test_tools()?;
    tools::ensure_browser()?;
    let python = tools::ensure_smtp_server()?;
    tools::ensure_ical_python()?;
    let (prometheus, promtool) = tools::ensure_prometheus()?;
    let started = std::time::Instant::now();
    run(cargo().args(["fmt", "--all", "--check"]))?;
    run(cargo().args([
        "clippy",
        "--locked",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    // The binary with the system's allocator, as docs/developing.md builds it for heaptrack.
    run(cargo().args([
        "clippy",
        "--locked",
        "-p",
        "statusmark",
        "--no-default-features",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    run(cargo().args([
        "clippy",
        "--locked",
        "-p",
        "statusmark-widget",
        "--target",
        "wasm32-unknown-unknown",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    // Unit and fixture-site tests (native).
    run(cargo()
        .args(["test", "--locked", "--workspace"])
        .env("STATUSMARK_PYTHON", &python)
        .env("STATUSMARK_PROMETHEUS", &prometheus)
        .env("STATUSMARK_PROMTOOL", &promtool))?;
    // The packages crates.io would get build from their own files and hold nothing else.
    install_check::package_check()?;
    // Widget DOM tests in headless Chromium through ChromeDriver.
    run(cargo()
        .args([
            "test",
            "--locked",
            "-p",
            "statusmark-widget",
            "--target",
            "wasm32-unknown-unknown",
        ])
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
            tools::cargo_bin("wasm-bindgen-test-runner"),
        )
        .env("CHROMEDRIVER", tools::CHROMEDRIVER)
        .env("WASM_BINDGEN_TEST_TIMEOUT", "60"))?;
    // The release binary with the embedded widget, as users install it from source: `cargo
    // install` with only the toolchain on PATH. Every layer below runs against it.
    let installed = install_check::install()?;
    let bin = &installed.bin;
    let shipped = shipped_widget(bin)?;
    for (what, pick, guard) in [
        ("widget", is_widget_file as fn(&str) -> bool, WIDGET_GZIP_GUARD),
        ("page script", is_page_file, PAGE_GZIP_GUARD),
    ] {
        let (_, mut gzip) = folder_sizes(&shipped, pick)?;
        if what == "widget" {
            // An embed in another language also loads that language's words: count the largest.
            let mut words = 0;
            if let Ok(dir) = std::fs::read_dir(shipped.join("i18n")) {
                for entry in dir.filter_map(|e| e.ok()) {
                    words = words.max(gzip_len(&std::fs::read(entry.path())?)?);
                }
            }
            say(&format!("the widget's largest words file: {words} bytes gzip"));
            gzip += words;
        }
        if gzip > guard {
            bail!(
                "the {what} grew to {gzip} bytes gzip, over the regression guard of {guard}; shrink it or justify a new guard"
            );
        }
        say(&format!("ok: {what} {gzip} bytes gzip (guard {guard})"));
    }
    // Peak memory at the budget's own size: a release build of 100,000 incidents.
    bench::memory_guard(bin)?;
    // End to end, in Chromium, via Playwright. One file again by hand: `STATUSMARK_BIN=<this
    // binary> node --test tests/e2e/<name>.test.mjs` (without it, target/release/statusmark).
    say(&format!("end-to-end tests against {}", bin.display()));
    let mut files: Vec<String> = std::fs::read_dir("tests/e2e")?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".test.mjs"))
        .map(|n| format!("tests/e2e/{n}"))
        .collect();
    files.sort();
    if files.is_empty() {
        bail!("no end-to-end tests found in tests/e2e");
    }
    run(Command::new("node")
        .arg("--test")
        .arg("--test-concurrency=1")
        .args(&files)
        .env("STATUSMARK_BIN", std::fs::canonicalize(bin)?)
        .env("CHROMIUM", tools::CHROMIUM))?;
    // What users do next with what they installed: init and build under the same PATH.
    install_check::check_installed(&installed, false)?;
    say(&format!(
        "all test layers passed in {:.0} s",
        started.elapsed().as_secs_f64()
    ));
    Ok(())
}

/// The length of `bytes` compressed with gzip at its best level (`gzip -9`), as a CDN serves them.
pub fn gzip_len(bytes: &[u8]) -> Result<usize> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes)?;
    Ok(enc.finish()?.len())
}

#[cfg(test)]
mod tests {
    use clap::{CommandFactory as _, Parser as _};

    use super::{Cli, Task};

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn options_parse_as_before() {
        let parse = |args: &[&str]| Cli::try_parse_from(std::iter::once("xtask").chain(args.iter().copied()));
        assert!(matches!(
            parse(&["demo", "--port", "9000"]).map(|c| c.task),
            Ok(Task::Demo { port: 9000 })
        ));
        assert!(parse(&["bench", "--sizes", "1000,10000", "--runs", "1"]).is_ok());
        assert!(parse(&["fuzz", "--seconds", "5", "feed", "front_matter"]).is_ok());
        assert!(parse(&["fuzz", "no_such_target"]).is_err());
        assert!(parse(&["test", "--unknown"]).is_err());
        assert!(matches!(
            parse(&["memory-guard"]).map(|c| c.task),
            Ok(Task::MemoryGuard)
        ));
        assert!(parse(&["rss", "statusmark", "build", "--now", "x"]).is_ok());
    }
}

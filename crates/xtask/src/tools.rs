//! The tools the build and the tests need, pinned here and installed when missing, from the
//! package registries only (crates.io, npm, Debian). Every step is idempotent and says what it does.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::{cargo, run, say};

/// Trunk 0.22 needs a newer Rust than the 1.95 we build with.
pub const TRUNK_VERSION: &str = "0.21.14";
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// wasm-opt comes from the npm package `binaryen` (version in tests/package.json): Debian's
/// binaryen 108 produces bundles that fail in the browser.
pub const WASM_OPT_VERSION: &str = "132";

pub fn cargo_home() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from(".cargo"))
}

pub fn cargo_bin(name: &str) -> PathBuf {
    cargo_home().join("bin").join(name)
}

pub fn trunk_bin() -> PathBuf {
    cargo_bin("trunk")
}

/// PATH with the pinned tools first, so Trunk finds our wasm-bindgen and wasm-opt, never others.
pub fn tool_path() -> String {
    let node_bin =
        std::fs::canonicalize("tests/node_modules/.bin").unwrap_or_else(|_| PathBuf::from("tests/node_modules/.bin"));
    let mut parts = vec![
        node_bin.display().to_string(),
        cargo_home().join("bin").display().to_string(),
    ];
    parts.extend(std::env::var("PATH").ok());
    parts.join(":")
}

pub fn output(cmd: &mut Command) -> Option<String> {
    cmd.output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
}

/// The exact wasm-bindgen version in Cargo.lock: the CLI must match it byte for byte.
pub fn locked_wasm_bindgen() -> Result<String> {
    #[derive(serde::Deserialize)]
    struct Lock {
        package: Vec<Package>,
    }
    #[derive(serde::Deserialize)]
    struct Package {
        name: String,
        version: String,
    }
    let text = std::fs::read_to_string("Cargo.lock").context("cannot read Cargo.lock")?;
    let lock: Lock = toml::from_str(&text).context("cannot parse Cargo.lock")?;
    lock.package
        .into_iter()
        .find(|p| p.name == "wasm-bindgen")
        .map(|p| p.version)
        .context("wasm-bindgen is not in Cargo.lock")
}

/// Everything `cargo xtask widget` needs to rebuild the bundles: the wasm target, Trunk,
/// wasm-bindgen-cli and the npm packages (wasm-opt, terser).
pub fn ensure_build_tools() -> Result<()> {
    ensure_wasm_target()?;
    ensure_trunk()?;
    ensure_wasm_bindgen()?;
    ensure_node_packages()
}

/// What the test layers need besides a browser: the wasm target (clippy and the widget's DOM
/// tests), wasm-bindgen's test runner and the npm packages (Playwright). Not Trunk: the tests use
/// the prebuilt bundles, as users do.
pub fn ensure_test_tools() -> Result<()> {
    ensure_wasm_target()?;
    ensure_wasm_bindgen()?;
    ensure_node_packages()
}

fn ensure_wasm_target() -> Result<()> {
    let installed = output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed.lines().any(|l| l.trim() == WASM_TARGET) {
        say(&format!("ok: rust target {WASM_TARGET}"));
        return Ok(());
    }
    say(&format!("installing the rust target {WASM_TARGET}"));
    run(Command::new("rustup").args(["target", "add", WASM_TARGET]))
}

fn ensure_trunk() -> Result<()> {
    let trunk = output(Command::new(trunk_bin()).arg("--version")).unwrap_or_default();
    if trunk.trim() == format!("trunk {TRUNK_VERSION}") {
        say(&format!("ok: trunk {TRUNK_VERSION}"));
        return Ok(());
    }
    say(&format!(
        "installing trunk {TRUNK_VERSION} (about 10 minutes on 2 cores, once)"
    ));
    run(cargo().args(["install", "trunk", "--locked", "--version", TRUNK_VERSION]))
}

fn ensure_wasm_bindgen() -> Result<()> {
    let want = locked_wasm_bindgen()?;
    let have = output(Command::new(cargo_bin("wasm-bindgen")).arg("--version")).unwrap_or_default();
    let runner = cargo_bin("wasm-bindgen-test-runner").exists();
    if have.trim() == format!("wasm-bindgen {want}") && runner {
        say(&format!("ok: wasm-bindgen-cli {want}"));
        return Ok(());
    }
    say(&format!(
        "installing wasm-bindgen-cli {want} to match Cargo.lock (about 2 minutes, once)"
    ));
    // Not --locked: its lock file pins a crate release the registry no longer serves.
    run(cargo().args(["install", "wasm-bindgen-cli", "--version", &want, "--force"]))
}

fn ensure_node_packages() -> Result<()> {
    if node_packages_match()? {
        say("ok: node packages (binaryen, terser, playwright-core)");
    } else {
        say("installing node packages from tests/package-lock.json (binaryen for wasm-opt, terser, playwright-core)");
        run(Command::new("npm").args(["ci", "--prefix", "tests", "--no-audit", "--no-fund"]))?;
    }
    let wasm_opt = output(Command::new("tests/node_modules/.bin/wasm-opt").arg("--version")).unwrap_or_default();
    if !wasm_opt.contains(&format!("version {WASM_OPT_VERSION}")) {
        bail!(
            "tests/node_modules/.bin/wasm-opt is not version {WASM_OPT_VERSION} (got {wasm_opt:?}); run `npm ci --prefix tests`"
        );
    }
    say(&format!("ok: wasm-opt {WASM_OPT_VERSION}"));
    Ok(())
}

/// Whether every package pinned in tests/package.json is installed at exactly that version.
fn node_packages_match() -> Result<bool> {
    #[derive(serde::Deserialize)]
    struct Manifest {
        #[serde(rename = "devDependencies", default)]
        dev_dependencies: BTreeMap<String, String>,
    }
    #[derive(serde::Deserialize)]
    struct Installed {
        version: String,
    }
    let text = std::fs::read_to_string("tests/package.json").context("cannot read tests/package.json")?;
    let manifest: Manifest = serde_json::from_str(&text).context("cannot parse tests/package.json")?;
    Ok(manifest.dev_dependencies.iter().all(|(name, version)| {
        std::fs::read_to_string(format!("tests/node_modules/{name}/package.json"))
            .ok()
            .and_then(|t| serde_json::from_str::<Installed>(&t).ok())
            .is_some_and(|installed| &installed.version == version)
    }))
}

/// Chromium and ChromeDriver from Debian's packages (installed with apt when we are root).
pub fn ensure_browser() -> Result<()> {
    let have = |p: &str| std::path::Path::new(p).exists();
    if have(CHROMIUM) && have(CHROMEDRIVER) {
        say("ok: chromium and chromedriver");
        return Ok(());
    }
    if !is_root() {
        bail!(
            "the browser tests need Debian's chromium and chromium-driver: run `sudo apt-get install chromium chromium-driver`, then retry"
        );
    }
    say("installing chromium and chromium-driver from Debian's packages");
    apt_install(&["chromium", "chromium-driver"])
}

/// Whether we run as root, and so may install Debian's packages.
fn is_root() -> bool {
    output(Command::new("id").arg("-u")).is_some_and(|u| u.trim() == "0")
}

/// Whether we may install Debian's packages here: as root, with apt-get.
fn can_apt() -> bool {
    is_root() && std::path::Path::new("/usr/bin/apt-get").exists()
}

/// `apt-get update`, then `apt-get install -y --no-install-recommends <packages>`, without
/// questions.
fn apt_install(packages: &[&str]) -> Result<()> {
    run(Command::new("apt-get")
        .arg("update")
        .env("DEBIAN_FRONTEND", "noninteractive"))?;
    run(Command::new("apt-get")
        .args(["install", "-y", "--no-install-recommends"])
        .args(packages)
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

/// The Python that the notification tests run their SMTP server with: `STATUSMARK_PYTHON`, else
/// the first of `python3` and `/usr/bin/python3` that has `aiosmtpd`.
pub fn smtp_python() -> Option<String> {
    python_with("aiosmtpd")
}

/// A real SMTP server for the notification tests: Python's `aiosmtpd`, from Debian's packages when
/// we are root, else from PyPI into the user's site-packages.
pub fn ensure_smtp_server() -> Result<String> {
    if let Some(py) = smtp_python() {
        say(&format!("ok: aiosmtpd ({py})"));
        return Ok(py);
    }
    if can_apt() {
        say("installing python3-aiosmtpd from Debian's packages");
        apt_install(&["python3-aiosmtpd"])?;
    } else {
        say("installing aiosmtpd from PyPI (pip --user)");
        run(Command::new("python3").args(["-m", "pip", "install", "--user", "aiosmtpd"]))?;
    }
    smtp_python().context(
        "aiosmtpd is still not importable; install it (`apt-get install python3-aiosmtpd` or `pip install aiosmtpd`) or set STATUSMARK_PYTHON to a Python that has it",
    )
}

/// Whether one of the Pythons the tests try (`STATUSMARK_PYTHON`, `python3`, `/usr/bin/python3`)
/// can import `modules`.
fn python_with(modules: &str) -> Option<String> {
    let candidates = std::env::var("STATUSMARK_PYTHON")
        .ok()
        .into_iter()
        .chain(["python3".to_owned(), "/usr/bin/python3".to_owned()]);
    candidates.into_iter().find(|py| {
        Command::new(py)
            .args(["-c", &format!("import {modules}")])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}

/// Python's `icalendar` and `recurring-ical-events`, which the recurring-maintenance test expands
/// our calendars with: from Debian's packages when we are root, else from PyPI (pip --user).
pub fn ensure_ical_python() -> Result<()> {
    const MODULES: &str = "icalendar, recurring_ical_events";
    if let Some(py) = python_with(MODULES) {
        say(&format!("ok: icalendar and recurring_ical_events ({py})"));
        return Ok(());
    }
    if can_apt() {
        say("installing python3-icalendar and python3-recurring-ical-events from Debian's packages");
        apt_install(&["python3-icalendar", "python3-recurring-ical-events"])?;
    } else {
        say("installing icalendar and recurring-ical-events from PyPI (pip --user)");
        run(Command::new("python3").args(["-m", "pip", "install", "--user", "icalendar", "recurring-ical-events"]))?;
    }
    python_with(MODULES).map(|_| ()).context(
        "icalendar is still not importable; install it (`apt-get install python3-icalendar python3-recurring-ical-events` or `pip install icalendar recurring-ical-events`)",
    )
}

/// `prometheus` and `promtool` for the `fetch` tests: `STATUSMARK_PROMETHEUS` and
/// `STATUSMARK_PROMTOOL`, else Debian's, installed from its packages when we are root. Its
/// service is left disabled: the tests start their own on 127.0.0.1.
pub fn ensure_prometheus() -> Result<(String, String)> {
    let path = |var: &str, default: &str| std::env::var(var).unwrap_or_else(|_| default.to_owned());
    let found = || {
        let (server, tool) = (
            path("STATUSMARK_PROMETHEUS", "/usr/bin/prometheus"),
            path("STATUSMARK_PROMTOOL", "/usr/bin/promtool"),
        );
        (std::path::Path::new(&server).is_file() && std::path::Path::new(&tool).is_file()).then_some((server, tool))
    };
    if let Some(found) = found() {
        say(&format!("ok: prometheus ({}) and promtool ({})", found.0, found.1));
        return Ok(found);
    }
    if !can_apt() {
        bail!(
            "the fetch tests need Prometheus: `sudo apt-get install prometheus` (then `sudo systemctl disable --now prometheus`), or set STATUSMARK_PROMETHEUS and STATUSMARK_PROMTOOL to a prometheus and promtool from prometheus.io"
        );
    }
    say("installing prometheus from Debian's packages (its service stays disabled)");
    apt_install(&["prometheus"])?;
    // Without systemd (containers) there is nothing to stop; the package still enabled it.
    let _ = output(Command::new("systemctl").args(["disable", "--now", "prometheus"]));
    found().context("prometheus is installed but /usr/bin/prometheus or /usr/bin/promtool is missing")
}

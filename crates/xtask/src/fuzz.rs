//! `cargo xtask fuzz [--seconds N] [target…]`: run the libFuzzer targets in
//! `crates/statusmark/fuzz/` for a while each. Not part of `cargo xtask test`.
//!
//! cargo-fuzz needs nightly-only compiler flags; `RUSTC_BOOTSTRAP=1` lets the machine's stable
//! toolchain accept them, so no second toolchain is needed. New inputs go to a scratch corpus; the
//! committed seed corpus stays small. Crashes land in `crates/statusmark/fuzz/artifacts/`.

use std::process::Command;

use anyhow::{Result, bail};

use crate::{cargo, run, say, tools};

pub const TARGETS: [&str; 4] = ["front_matter", "update_heading", "incident_file", "feed"];
const CARGO_FUZZ_VERSION: &str = "0.13.2";

#[derive(clap::Args)]
pub struct Options {
    /// How long to fuzz each target.
    #[arg(long, default_value_t = 60)]
    seconds: u32,
    /// The targets to fuzz (all when none is named).
    #[arg(value_parser = clap::builder::PossibleValuesParser::new(TARGETS))]
    targets: Vec<String>,
}

pub fn run_fuzz(options: &Options) -> Result<()> {
    let seconds = options.seconds;
    let targets: Vec<String> = if options.targets.is_empty() {
        TARGETS.iter().map(|t| (*t).to_owned()).collect()
    } else {
        options.targets.clone()
    };
    let have = Command::new(tools::cargo_bin("cargo-fuzz"))
        .arg("--version")
        .output()
        .ok()
        .filter(|o| o.status.success());
    if have.is_some_and(|o| String::from_utf8_lossy(&o.stdout).contains(CARGO_FUZZ_VERSION)) {
        say(&format!("ok: cargo-fuzz {CARGO_FUZZ_VERSION}"));
    } else {
        say(&format!("installing cargo-fuzz {CARGO_FUZZ_VERSION}"));
        run(cargo().args(["install", "cargo-fuzz", "--locked", "--version", CARGO_FUZZ_VERSION]))?;
    }
    let dir = "crates/statusmark/fuzz";
    let mut crashed = Vec::new();
    for target in &targets {
        let scratch = std::env::temp_dir().join(format!("statusmark-fuzz-{target}"));
        std::fs::create_dir_all(&scratch)?;
        say(&format!("fuzzing {target} for {seconds} s"));
        let status = cargo()
            .current_dir(dir)
            .env("RUSTC_BOOTSTRAP", "1")
            .args(["fuzz", "run", target])
            .arg(&scratch)
            .arg(format!("corpus/{target}"))
            .args([
                "--",
                &format!("-max_total_time={seconds}"),
                "-max_len=65536",
                "-timeout=10",
                "-rss_limit_mb=2048",
            ])
            .status()?;
        if !status.success() {
            crashed.push(target.clone());
        }
    }
    if !crashed.is_empty() {
        bail!(
            "fuzzing found crashes in {} (inputs in {dir}/artifacts/); add each as a regression test",
            crashed.join(", ")
        );
    }
    say("fuzzing found no crashes");
    Ok(())
}

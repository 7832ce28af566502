//! `cargo xtask bench`: the whole site build measured against the physical floor, in one run.
//!
//! The floor (`crates/bench-floor`) reads every file, renders each body with pulldown-cmark and
//! writes each to its own `<slug>/index.html`, in parallel with rayon: the least any generator must
//! do. It is built with the release profile like `statusmark` and timed the same way, as a child
//! process, on all threads and on one. Every build time is reported as a ratio to the floor
//! measured in the same run, the two taking turns, because absolute timings on shared machines
//! are noisy.

use std::io::{BufRead, BufReader, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::{cargo, corpus, gzip_len, release_bin, say, target_dir};

#[derive(clap::Args)]
pub struct Options {
    /// Corpus sizes, in incidents.
    #[arg(long, value_delimiter = ',', default_values_t = [1_000usize, 10_000, 100_000])]
    sizes: Vec<usize>,
    /// Runs per measurement (at most 3 at N = 100,000).
    #[arg(long, default_value_t = 5)]
    runs: usize,
    /// Email subscriber counts for the notification benchmark (0 to skip it).
    #[arg(long, value_delimiter = ',', default_values_t = [1_000usize, 10_000])]
    subscribers: Vec<usize>,
    /// Only the notification benchmark.
    #[arg(long)]
    notify_only: bool,
    /// Probes with a year of 5-minute checks for the measurement benchmark (0 to skip it).
    #[arg(long, default_value_t = 50)]
    probes: usize,
    /// Only the measurement benchmark.
    #[arg(long)]
    measure_only: bool,
}

const NOW: &str = "2026-11-20T12:00:00Z";

#[derive(Clone, Copy, Debug, Default)]
struct Stats {
    median: f64,
    min: f64,
    max: f64,
}

fn stats(mut xs: Vec<f64>) -> Stats {
    xs.sort_by(f64::total_cmp);
    Stats {
        median: xs[xs.len() / 2],
        min: xs[0],
        max: xs[xs.len() - 1],
    }
}

fn scratch() -> PathBuf {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        shm.join("statusmark-bench")
    } else {
        target_dir().join("bench")
    }
}

fn files_in(dir: &Path) -> impl Iterator<Item = walkdir::DirEntry> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
}

/// (files, bytes) under a folder.
fn tree_size(dir: &Path) -> (usize, u64) {
    files_in(dir)
        .filter_map(|e| e.metadata().ok())
        .fold((0, 0), |(n, bytes), m| (n + 1, bytes + m.len()))
}

/// `xtask rss <cmd…>`: run a command and print its peak resident set size. Used as a wrapper so
/// each measurement sees exactly one child.
pub fn rss(args: &[String]) -> Result<()> {
    let (cmd, rest) = args.split_first().context("usage: xtask rss <command> [args…]")?;
    let status = Command::new(cmd)
        .args(rest)
        .status()
        .with_context(|| format!("cannot run {cmd}"))?;
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage writes a plain struct we own; RUSAGE_CHILDREN covers the child just waited for.
    #[allow(unsafe_code)]
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, usage.as_mut_ptr()) };
    // SAFETY: getrusage initialised the struct when it returned 0.
    #[allow(unsafe_code)]
    let kb = if rc == 0 {
        unsafe { usage.assume_init() }.ru_maxrss
    } else {
        -1
    };
    eprintln!("PEAK_RSS_KB={kb}");
    std::process::exit(status.code().unwrap_or(1));
}

/// One run of `bin args…` writing to `out` (emptied first), timed as a process through
/// `xtask rss`; returns (seconds, peak RSS in MB).
fn timed(bin: &Path, args: &[&std::ffi::OsStr], out: &Path, threads: Option<usize>) -> Result<(f64, f64)> {
    let _ = std::fs::remove_dir_all(out);
    let mut cmd = Command::new(std::env::current_exe()?);
    cmd.arg("rss").arg(bin).args(args);
    if let Some(t) = threads {
        cmd.env("RAYON_NUM_THREADS", t.to_string());
    }
    let started = Instant::now();
    let output = cmd.stderr(Stdio::piped()).output()?;
    let secs = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        bail!("{} failed:\n{stderr}", bin.display());
    }
    let kb: f64 = stderr
        .lines()
        .find_map(|l| l.strip_prefix("PEAK_RSS_KB="))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(-1.0);
    Ok((secs, kb / 1024.0))
}

/// One `statusmark build`.
fn build(bin: &Path, corpus: &Path, out: &Path, threads: Option<usize>) -> Result<(f64, f64)> {
    let args = ["build", "--no-widget", "--now", NOW, "--root"].map(std::ffi::OsStr::new);
    let paths = [corpus.as_os_str(), "--out".as_ref(), out.as_os_str()];
    timed(bin, &[&args[..], &paths[..]].concat(), out, threads)
}

/// Issue #20's memory budget, guarded by `cargo xtask test`: building this many incidents (the
/// bench's corpus) on `MEMORY_GUARD_THREADS` threads must peak below `MEMORY_BUDGET_MB`.
const MEMORY_GUARD_INCIDENTS: usize = 100_000;
const MEMORY_BUDGET_MB: f64 = 250.0;
/// The budget was set on two cores, and each thread holds pages in flight: a fixed count makes
/// the guard mean the same on any machine (16 threads peaked about 45 MB higher).
const MEMORY_GUARD_THREADS: usize = 2;

/// Build the bench's corpus of `MEMORY_GUARD_INCIDENTS` incidents with the release binary and fail
/// if its peak resident set passes the budget. Corpus and output (about 1.8 GB) are written under
/// the target folder and removed afterwards.
pub fn memory_guard(bin: &Path) -> Result<()> {
    let bin = std::fs::canonicalize(bin).with_context(|| format!("no statusmark binary at {}", bin.display()))?;
    let base = target_dir().join("memory-guard");
    let _ = std::fs::remove_dir_all(&base);
    std::fs::create_dir_all(&base)?;
    let measured = ensure_corpus(&base, MEMORY_GUARD_INCIDENTS)
        .and_then(|corpus| build(&bin, &corpus, &base.join("out"), Some(MEMORY_GUARD_THREADS)));
    let _ = std::fs::remove_dir_all(&base);
    let (secs, peak) = measured?;
    if peak <= 0.0 {
        bail!("cannot read the build's peak resident set size");
    }
    let (n, threads) = (MEMORY_GUARD_INCIDENTS, MEMORY_GUARD_THREADS);
    if peak > MEMORY_BUDGET_MB {
        bail!(
            "building {n} incidents on {threads} threads peaked at {peak:.0} MB, over the budget of {MEMORY_BUDGET_MB:.0} MB (issue #20); find what grew with `heaptrack` (docs/developing.md says how)"
        );
    }
    say(&format!(
        "ok: building {n} incidents on {threads} threads took {secs:.1} s and peaked at {peak:.0} MB (budget {MEMORY_BUDGET_MB:.0} MB)"
    ));
    Ok(())
}

/// One run of the floor.
fn floor(bin: &Path, corpus: &Path, out: &Path, threads: Option<usize>) -> Result<f64> {
    Ok(timed(bin, &[corpus.as_os_str(), out.as_os_str()], out, threads)?.0)
}

/// A running `statusmark serve --port 0` on a corpus, stopped when dropped.
struct Served {
    child: std::process::Child,
    addr: String,
    agent: ureq::Agent,
}

impl Served {
    /// `clock`: the instant `serve` builds at (`--now`), else the wall clock, as authors run it.
    fn start(bin: &Path, corpus: &Path, out: &Path, clock: Option<&str>) -> Result<Served> {
        let mut child = Command::new(bin)
            .arg("serve")
            .args(clock.map(|now| ["--now", now]).into_iter().flatten())
            .args(["--no-widget", "--port", "0", "--root"])
            .arg(corpus)
            .arg("--out")
            .arg(out)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let mut line = String::new();
        BufReader::new(child.stdout.take().context("no stdout")?).read_line(&mut line)?;
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|r| r.split('/').next())
            .context("no address")?
            .to_owned();
        // A fresh connection per request, as a browser's reload makes: a pooled keep-alive
        // connection to tiny_http added about 100 ms to every edit.
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(120)))
            .max_idle_connections(0)
            .build()
            .into();
        Ok(Served { child, addr, agent })
    }

    fn get(&self, path: &str) -> Result<String> {
        let url = format!("http://{}{path}", self.addr);
        let body = self
            .agent
            .get(&url)
            .call()
            .with_context(|| format!("GET {url}"))?
            .body_mut()
            .read_to_string()?;
        Ok(body)
    }

    /// From `edit`, made `pause` after the last build, to `page` fetched after `serve` announced
    /// the rebuilt site (what makes open pages reload) showing `expect`. A rebuild announced
    /// between the edit and the one that carries it (the fallback's walk of the sources, say,
    /// which can start just before the edit) makes the page reload without the edit: the time
    /// runs on to the rebuild that shows it, as a reader waits for it.
    fn sample(&self, pause: Duration, edit: impl FnOnce() -> Result<()>, page: &str, expect: &str) -> Result<f64> {
        let version = |body: &str| -> u64 {
            body.split("\"version\":")
                .nth(1)
                .and_then(|v| v.split([',', '}']).next()?.trim().parse().ok())
                .unwrap_or(0)
        };
        let mut v = version(&self.get("/__statusmark/wait")?);
        std::thread::sleep(pause);
        let started = Instant::now();
        edit()?;
        loop {
            let after = version(&self.get(&format!("/__statusmark/wait?version={v}"))?);
            if after == v {
                bail!("serve did not rebuild within the timeout");
            }
            let body = self.get(page)?;
            if body.contains(expect) {
                return Ok(started.elapsed().as_secs_f64());
            }
            if started.elapsed() > Duration::from_secs(30) {
                bail!("the reloaded page {page} does not show {expect:?}");
            }
            v = after;
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Time from writing one incident file to the reloaded page showing the edit, with `serve`'s
/// clock fixed or not (see [`Served::start`]), the edits `pause` apart.
fn serve_latency(bin: &Path, corpus: &Path, out: &Path, (clock, pause): (Option<&str>, Duration)) -> Result<Vec<f64>> {
    let served = Served::start(bin, corpus, out, clock)?;
    let file = corpus.join("incidents/i000100.md");
    let original = std::fs::read_to_string(&file)?;
    let mut samples = Vec::new();
    for run in 0..9 {
        let edited = original.replacen("title: Incident 100", &format!("title: Incident 100 edit {run}"), 1);
        samples.push(served.sample(
            pause,
            || Ok(std::fs::write(&file, &edited)?),
            "/incidents/i000100/",
            &format!("Incident 100 edit {run}"),
        )?);
    }
    std::fs::write(&file, original)?;
    Ok(samples)
}

/// `n` with its thousands separated, as the notes write sizes ("100,000").
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// The length of `bytes` compressed with brotli at its best quality, as a CDN serves them.
fn brotli_len(bytes: &[u8]) -> Result<usize> {
    let mut out = Vec::new();
    {
        let mut enc = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        enc.write_all(bytes)?;
    }
    Ok(out.len())
}

/// Replace what stands between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->` in
/// BENCHMARKS.md (appending the pair when missing).
fn write_section(name: &str, text: &str) -> Result<()> {
    let path = Path::new("BENCHMARKS.md");
    let existing = std::fs::read_to_string(path).unwrap_or_default();
    let (open, close) = (format!("<!-- bench:{name} -->"), format!("<!-- /bench:{name} -->"));
    let updated = match existing
        .split_once(&open)
        .and_then(|(head, rest)| Some((head, rest.split_once(&close)?.1)))
    {
        Some((head, tail)) => format!("{head}{open}\n{text}{close}{tail}"),
        None => format!("{existing}\n{open}\n{text}{close}\n"),
    };
    std::fs::write(path, updated)?;
    Ok(())
}

/// The notification benchmark (`--subscribers`), written to its own section of BENCHMARKS.md.
fn notify_bench(options: &Options, bin: &Path, base: &Path) -> Result<()> {
    let counts: Vec<usize> = options.subscribers.iter().copied().filter(|&n| n > 0).collect();
    if counts.is_empty() {
        return Ok(());
    }
    let python = crate::tools::ensure_smtp_server()?;
    let table = crate::bench_notify::run(bin, &python, base, &counts)?;
    let text = format!(
        "Measured with `cargo xtask bench --notify-only` (release binary, a real SMTP server and 20 real HTTP receivers on 127.0.0.1; every tenth subscriber follows only a component the incident does not touch):\n\n{table}\n"
    );
    println!("{text}");
    write_section("notify", &text)?;
    say("notification results written to BENCHMARKS.md");
    Ok(())
}

/// The corpus of `n` incidents under `base`, generated once.
fn ensure_corpus(base: &Path, n: usize) -> Result<PathBuf> {
    let corpus_dir = base.join(format!("corpus-{n}"));
    if !corpus_dir.join(".complete").exists() {
        let _ = std::fs::remove_dir_all(&corpus_dir);
        say(&format!("generating a corpus of {n} incidents"));
        let c = corpus::generate(&corpus_dir, n, 42)?;
        say(&format!(
            "  {} incidents, {} maintenance notices, {} components, {} MB",
            c.incidents,
            c.maintenances,
            c.components,
            c.bytes / 1_000_000
        ));
        std::fs::write(corpus_dir.join(".complete"), "")?;
    }
    Ok(corpus_dir)
}

fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry?;
        let target = to.join(entry.path().strip_prefix(from)?);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// The last check of the probe data: five minutes before the benchmark's `--now`.
const PROBE_DATA_END: i64 = 1_795_175_700;

/// The measurement benchmark (issue 17): the N = 1,000 corpus built with and without `--probes`
/// probes × a year of 5-minute checks, and `serve` after one appended line; written to its own
/// section of BENCHMARKS.md.
fn measure_bench(options: &Options, bin: &Path, base: &Path) -> Result<()> {
    if options.probes == 0 {
        return Ok(());
    }
    debug_assert_eq!(corpus::stamp(PROBE_DATA_END), "2026-11-20T11:55:00Z");
    let n = 1_000;
    let plain = ensure_corpus(base, n)?;
    let probed = base.join(format!("corpus-{n}-probes-{}", options.probes));
    let mut generated = String::new();
    if !probed.join(".complete").exists() {
        let _ = std::fs::remove_dir_all(&probed);
        copy_tree(&plain, &probed)?;
        let config = std::fs::read_to_string(probed.join("content/statusmark.toml"))?;
        let components = config.matches("[[components]]").count();
        say(&format!("writing {} probes × 365 days of checks", options.probes));
        let d = corpus::probe_data(&probed, options.probes, components, 365, PROBE_DATA_END, 7)?;
        generated = format!(
            "{} lines in {} month files, {} MB",
            d.lines,
            d.files,
            d.bytes / 1_000_000
        );
        std::fs::write(probed.join(".complete"), &generated)?;
    } else {
        generated = std::fs::read_to_string(probed.join(".complete")).unwrap_or(generated);
    }
    let runs = options.runs.max(1);
    let (mut without, mut with) = (Vec::new(), Vec::new());
    let (mut rss_without, mut rss_with) = (0.0f64, 0.0f64);
    // Alternating, so that drift on a shared machine hits both alike.
    for r in 0..runs {
        let out = base.join(format!("measure-plain-{r}"));
        let (secs, mb) = build(bin, &plain, &out, None)?;
        without.push(secs);
        rss_without = rss_without.max(mb);
        let _ = std::fs::remove_dir_all(&out);
        let out = base.join(format!("measure-probed-{r}"));
        let (secs, mb) = build(bin, &probed, &out, None)?;
        with.push(secs);
        rss_with = rss_with.max(mb);
        let _ = std::fs::remove_dir_all(&out);
    }
    let (a, b) = (stats(without), stats(with));
    say("measuring serve: append one check → reloaded component page shows it");
    let month = probed.join(format!("data/probes/p0/{}.csv", &corpus::stamp(PROBE_DATA_END)[..7]));
    let original = std::fs::read(&month)?;
    let served = Served::start(bin, &probed, &base.join("measure-serve"), Some(NOW))?;
    let mut samples = Vec::new();
    for run in 0..9i64 {
        let total = 10_001 + run;
        let line = format!(
            "{},up,200,{total}.0,1.0,2.0,3.0,{total}.0,61,\"\"\n",
            corpus::stamp(PROBE_DATA_END + 60 + run)
        );
        samples.push(served.sample(
            Duration::from_millis(300),
            || {
                let mut f = std::fs::OpenOptions::new().append(true).open(&month)?;
                Ok(f.write_all(line.as_bytes())?)
            },
            "/components/c0/",
            &format!("up, {total} ms"),
        )?);
    }
    drop(served);
    std::fs::write(&month, original)?;
    let s = stats(samples);
    let text = format!(
        "Measured with `cargo xtask bench --measure-only` (release binary, `--now {NOW}`, median of {runs} alternating runs): the N = 1,000 corpus without data, and with {} probes × 365 days of 5-minute checks ({generated}; the build reads the 90 days the pages show).\n\n\
| | without data | with the probe data | difference | budget |\n|---|---:|---:|---:|---|\n\
| full build, all threads | {:.3} s ({:.3}–{:.3}) | {:.3} s ({:.3}–{:.3}) | {:+.3} s | ≤ +1 s |\n\
| peak RSS | {rss_without:.0} MB | {rss_with:.0} MB | {:+.0} MB | ≤ +100 MB |\n\n\
- `serve`, from appending one check to `data/probes/p0/` to the reloaded `components/c0/` page showing it: median {:.0} ms ({:.0}–{:.0} ms), 9 appends; budget ≤ 100 ms.\n",
        options.probes,
        a.median,
        a.min,
        a.max,
        b.median,
        b.min,
        b.max,
        b.median - a.median,
        rss_with - rss_without,
        s.median * 1e3,
        s.min * 1e3,
        s.max * 1e3
    );
    println!("{text}");
    write_section("measure", &text)?;
    say("measurement results written to BENCHMARKS.md");
    Ok(())
}

pub fn run(options: &Options) -> Result<()> {
    if options.measure_only {
        let bin = std::fs::canonicalize(release_bin("statusmark")).context("run cargo xtask dist first")?;
        let base = scratch();
        std::fs::create_dir_all(&base)?;
        return measure_bench(options, &bin, &base);
    }
    if options.notify_only {
        let bin = std::fs::canonicalize(release_bin("statusmark")).context("run cargo xtask dist first")?;
        let base = scratch();
        std::fs::create_dir_all(&base)?;
        return notify_bench(options, &bin, &base);
    }
    let (sizes, runs) = (&options.sizes, options.runs.max(1));
    crate::run(cargo().args(["build", "--release", "--locked", "-p", "bench-floor"]))?;
    let floor_bin = release_bin("bench-floor");
    let bin = std::fs::canonicalize(release_bin("statusmark")).context("run cargo xtask dist first")?;
    let base = scratch();
    std::fs::create_dir_all(&base)?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut table = String::new();
    table.push_str("| N incidents | files in | floor (median, min–max) | build, all threads | ratio to floor | floor, 1 thread | build, 1 thread | ratio, 1 thread | peak RSS | files / MB written |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    let mut corpora = Vec::new();
    let mut medians = Vec::new();
    for &n in sizes {
        let corpus_dir = ensure_corpus(&base, n)?;
        let runs_here = if n >= 100_000 { runs.clamp(1, 3) } else { runs };
        // The floor and the build take turns, as on one thread below: a stretch where the
        // machine runs slower then slows both, not only whichever was timed in it.
        let mut floors = Vec::new();
        let mut builds = Vec::new();
        let mut rss = 0.0f64;
        let mut written = (0, 0);
        for r in 0..runs_here {
            let out = base.join(format!("floor-{n}-{r}"));
            let _ = std::fs::remove_dir_all(&out);
            floors.push(floor(&floor_bin, &corpus_dir, &out, None)?);
            let _ = std::fs::remove_dir_all(&out);
            let out = base.join(format!("out-{n}-{r}"));
            let (secs, mb) = build(&bin, &corpus_dir, &out, None)?;
            builds.push(secs);
            rss = rss.max(mb);
            written = tree_size(&out);
            let _ = std::fs::remove_dir_all(&out);
        }
        let mut single_floors = Vec::new();
        let mut singles = Vec::new();
        // As many one-thread rounds as on all threads: a median of three read 3.8× where seven
        // rounds alternating by hand right after read 3.05×.
        for r in 0..runs_here {
            let out = base.join(format!("single-floor-{n}-{r}"));
            single_floors.push(floor(&floor_bin, &corpus_dir, &out, Some(1))?);
            let _ = std::fs::remove_dir_all(&out);
            let out = base.join(format!("single-{n}-{r}"));
            singles.push(build(&bin, &corpus_dir, &out, Some(1))?.0);
            let _ = std::fs::remove_dir_all(&out);
        }
        let (f, b) = (stats(floors), stats(builds));
        let (f1, s) = (stats(single_floors), stats(singles));
        say(&format!(
            "N={n}: floor {:.3} s, build {:.3} s ({:.1}× floor); 1 thread: floor {:.3} s, build {:.3} s ({:.1}×); peak RSS {rss:.0} MB",
            f.median,
            b.median,
            b.median / f.median,
            f1.median,
            s.median,
            s.median / f1.median
        ));
        table.push_str(&format!(
            "| {n} | {} | {:.3} s ({:.3}–{:.3}) | {:.3} s ({:.3}–{:.3}) | {:.1}× | {:.3} s | {:.3} s | {:.1}× | {rss:.0} MB | {} / {:.1} |\n",
            n + n * 15 / 100,
            f.median,
            f.min,
            f.max,
            b.median,
            b.min,
            b.max,
            b.median / f.median,
            f1.median,
            s.median,
            s.median / f1.median,
            written.0,
            written.1 as f64 / 1e6
        ));
        medians.push((n, b.median, rss));
        corpora.push((n, corpus_dir));
    }
    let mut notes = String::new();
    if let (Some(a), Some(b)) = (
        medians.iter().find(|m| m.0 == 10_000),
        medians.iter().find(|m| m.0 == 100_000),
    ) {
        notes.push_str(&format!(
            "- N = 100,000 takes {:.1}× the N = 10,000 time (linear would be 10×).\n",
            b.1 / a.1
        ));
    }
    // `serve` with the clock fixed at every size (the edited incident exists from N = 101 on):
    // an edit that changes one incident page should cost the same whatever N is. At N = 10,000
    // also on the wall clock, and on the wall clock with the edits further apart than the quiet
    // second after which `serve` checks every file (as an author's edits are), all against the
    // full build.
    let mut by_size = Vec::new();
    let (quick, paused) = (Duration::from_millis(300), Duration::from_millis(1500));
    for (n, corpus_dir) in corpora.iter().filter(|(n, _)| *n > 100) {
        let out = base.join(format!("serve-{n}"));
        let clocks: &[(Option<&str>, Duration, &str)] = if *n == 10_000 {
            &[
                (Some(NOW), quick, "with `--now`"),
                (None, quick, "on the wall clock, as authors run it"),
                (None, paused, "on the wall clock, 1.5 s between edits"),
            ]
        } else {
            &[(Some(NOW), quick, "with `--now`")]
        };
        for &(clock, pause, how) in clocks {
            say(&format!(
                "measuring serve {how}: edit one incident → rebuilt site announced, N = {}",
                thousands(*n)
            ));
            let s = stats(serve_latency(&bin, corpus_dir, &out, (clock, pause))?);
            let _ = std::fs::remove_dir_all(&out);
            if clock.is_some() && pause == quick {
                by_size.push((*n, s.median, s.min, s.max));
            }
            if *n == 10_000 {
                let build = medians.iter().find(|m| m.0 == 10_000).map_or(f64::NAN, |m| m.1);
                notes.push_str(&format!("- `serve` at N = 10,000 {how}, from writing one incident file to the reloaded page showing the edit: median {:.0} ms ({:.0}–{:.0} ms), 9 edits: {:.1} % of the full build above.\n", s.median * 1e3, s.min * 1e3, s.max * 1e3, 100.0 * s.median / build));
            }
        }
    }
    if by_size.len() > 1 {
        let sizes: Vec<String> = by_size
            .iter()
            .map(|(n, m, lo, hi)| {
                format!(
                    "N = {}: {:.0} ms ({:.0}–{:.0})",
                    thousands(*n),
                    m * 1e3,
                    lo * 1e3,
                    hi * 1e3
                )
            })
            .collect();
        notes.push_str(&format!(
            "- `serve` with `--now` by size, the same edit (one incident's title), median of 9: {}.\n",
            sizes.join("; ")
        ));
    }
    // Widget and page weights.
    let mut weights = String::from("| asset | raw | gzip -9 | brotli 11 |\n|---|---:|---:|---:|\n");
    let mut entries: Vec<PathBuf> = std::fs::read_dir(crate::shipped_widget(&bin)?)?
        .filter_map(|e| Some(e.ok()?.path()))
        .collect();
    entries.sort();
    for (bundle, pick) in [
        ("widget", crate::is_widget_file as fn(&str) -> bool),
        ("page script", crate::is_page_file),
    ] {
        let mut total = (0usize, 0usize, 0usize);
        for p in &entries {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
            if pick(&name) && (name.ends_with(".wasm") || name.ends_with(".js")) {
                let bytes = std::fs::read(p)?;
                let (g, br) = (gzip_len(&bytes)?, brotli_len(&bytes)?);
                total = (total.0 + bytes.len(), total.1 + g, total.2 + br);
                let kind = if name.ends_with(".wasm") {
                    format!("{bundle} wasm")
                } else if name == "statusmark.js" || name == "page.js" {
                    format!("{bundle} loader ({name})")
                } else if name.starts_with("page-times.") {
                    format!("{bundle} times worker")
                } else {
                    format!("{bundle} JS glue (minified)")
                };
                weights.push_str(&format!("| {kind} | {} B | {g} B | {br} B |\n", bytes.len()));
            }
        }
        weights.push_str(&format!(
            "| **{bundle} total** | {} B | **{} B** | {} B |\n",
            total.0, total.1, total.2
        ));
    }
    let demo_out = base.join("demo");
    let _ = std::fs::remove_dir_all(&demo_out);
    let o = Command::new(&bin)
        .args(["build", "--root", ".", "--now", crate::DEMO_NOW, "--out"])
        .arg(&demo_out)
        .output()?;
    if !o.status.success() {
        bail!("demo build failed");
    }
    let page_weights = [
        (
            "home page, demo (10 components, 90-day bars)",
            demo_out.join("index.html"),
        ),
        (
            "incident page with postmortem",
            demo_out.join("incidents/2026-09-17-database-failover/index.html"),
        ),
        (
            "stylesheet (cached across pages)",
            files_in(&demo_out.join("assets"))
                .map(walkdir::DirEntry::into_path)
                .find(|p| p.extension().is_some_and(|e| e == "css"))
                .unwrap_or_default(),
        ),
    ];
    for (label, path) in page_weights {
        let bytes = std::fs::read(&path)?;
        weights.push_str(&format!(
            "| {label} | {} B | {} B | {} B |\n",
            bytes.len(),
            gzip_len(&bytes)?,
            brotli_len(&bytes)?
        ));
    }
    let command = std::iter::once("cargo xtask bench".to_owned())
        .chain(std::env::args().skip(2))
        .collect::<Vec<_>>()
        .join(" ");
    let report = format!(
        "## Results\n\nMeasured with `{command}` on a {cores}-core machine, output to `{}`, `--now {NOW}`, median of {runs} runs (3 at N = 100,000), the floor and the build taking turns.\n\n{table}\n{notes}\n### Widget and page weights\n\n{weights}",
        base.display()
    );
    println!("{report}");
    // Only this section: what follows it (the notification and measurement sections, prose)
    // stays, also when those benchmarks are skipped.
    write_section("results", &report)?;
    say("results written to BENCHMARKS.md");
    measure_bench(options, &bin, &base)?;
    notify_bench(options, &bin, &base)
}

#[cfg(test)]
mod tests {
    #[test]
    fn sizes_are_written_with_their_thousands_separated() {
        let written: Vec<String> = [0, 999, 1_000, 10_000, 100_000, 1_234_567]
            .into_iter()
            .map(super::thousands)
            .collect();
        assert_eq!(written, ["0", "999", "1,000", "10,000", "100,000", "1,234,567"]);
    }
}

//! Rebuild a site as `serve` does after each edit of one incident, to time or profile an edit
//! without the watcher and the HTTP round trips (BENCHMARKS.md, "Twenty-third sitting"):
//!
//! ```sh
//! cargo build --release -p statusmark --example serve_edits
//! MIMALLOC_PURGE_DELAY=10 target/release/examples/serve_edits SITE OUT [EDITS] [--now INSTANT]
//! valgrind --tool=callgrind --dump-before=serve_edits::rebuild \
//!     target/release/examples/serve_edits SITE OUT 4
//! ```
//!
//! `SITE` must hold `incidents/i000100.md` with the title `Incident 100` (the bench's corpus,
//! `cargo xtask bench`); the file is edited in place and restored at the end. Without `--now` each
//! rebuild is at the wall clock, as authors run `serve`. Prints each edit's time and files written.
//! (`statusmark` sets mimalloc's purge delay to 10 ms itself; here the environment does.) With
//! callgrind, each edit's rebuild is in a file of its own (`callgrind.out.<pid>.<n>`).

use std::time::Instant;

use statusmark::{BuildOptions, Incremental, WidgetSource};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: serve_edits SITE OUT [EDITS] [--now INSTANT]";
    let (root, out) = match (args.first(), args.get(1)) {
        (Some(root), Some(out)) => (std::path::PathBuf::from(root), std::path::PathBuf::from(out)),
        _ => return Err(usage.into()),
    };
    let edits: usize = match args.get(2).filter(|a| !a.starts_with("--")) {
        Some(n) => n.parse()?,
        None => 9,
    };
    let now = match args.iter().position(|a| a == "--now") {
        Some(at) => Some(args.get(at + 1).ok_or(usage)?.parse()?),
        None => None,
    };
    let mut site = Incremental::new(&BuildOptions {
        root: root.clone(),
        out,
        now,
        widget: WidgetSource::None,
        deny_warnings: false,
    })?;
    let started = Instant::now();
    let first = site.build()?;
    println!(
        "full build: {:.1} ms, {} files",
        started.elapsed().as_secs_f64() * 1e3,
        first.files
    );
    let rel = "incidents/i000100.md".to_owned();
    let file = root.join(&rel);
    let original = std::fs::read_to_string(&file)?;
    if !original.contains("title: Incident 100") || original.contains("title: Incident 100 edit ") {
        return Err(format!(
            "{} has no `title: Incident 100` (left edited by a run that was stopped?)",
            file.display()
        )
        .into());
    }
    let result = edits_of(&mut site, &rel, &file, &original, edits);
    // Restored whatever happened.
    std::fs::write(&file, &original)?;
    result
}

fn edits_of(
    site: &mut Incremental,
    rel: &str,
    file: &std::path::Path,
    original: &str,
    edits: usize,
) -> Result<(), Box<dyn std::error::Error>> {
    for n in 0..edits {
        let edited = original.replacen("title: Incident 100", &format!("title: Incident 100 edit {n}"), 1);
        std::fs::write(file, edited)?;
        let started = Instant::now();
        let report = rebuild(site, rel).map_err(|e| e.report())?;
        println!(
            "edit {n}: {:.2} ms, {} files written",
            started.elapsed().as_secs_f64() * 1e3,
            report.files
        );
    }
    Ok(())
}

/// One rebuild, as `serve` makes it after the watcher reported `rel` (a function of its own, for
/// callgrind's `--dump-before`).
#[inline(never)]
fn rebuild(site: &mut Incremental, rel: &str) -> Result<statusmark::BuildReport, statusmark::BuildError> {
    site.build_after(Some(&[rel.to_owned()]))
}

//! The floor of `cargo xtask bench`: the least any generator must do with a corpus. It reads every
//! incident and maintenance file, renders each body with pulldown-cmark and writes each to its own
//! `<slug>/index.html`, in parallel with rayon (`RAYON_NUM_THREADS` as for `statusmark build`).
//!
//! Its own binary so the bench builds it with the release profile and times it as a process,
//! exactly like `statusmark build`; it must stay this small, or the floor stops being one.
//!
//! Usage: `bench-floor <corpus> <out>`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rayon::prelude::*;

/// The allocator `statusmark` uses, so that the ratio to the floor does not measure allocators:
/// with the system's, the floor took 4 % longer (BENCHMARKS.md, "Nineteenth sitting").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let [corpus, out] = args.as_slice() else {
        eprintln!("usage: bench-floor <corpus> <out>");
        return ExitCode::from(2);
    };
    match floor(corpus, out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench-floor: {e}");
            ExitCode::FAILURE
        }
    }
}

fn floor(corpus: &Path, out: &Path) -> std::io::Result<()> {
    let inputs: Vec<PathBuf> = ["incidents", "content/maintenance"]
        .iter()
        .flat_map(|sub| walkdir::WalkDir::new(corpus.join(sub)))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .collect();
    inputs.par_iter().try_for_each(|path| {
        let text = std::fs::read_to_string(path)?;
        let body = text.splitn(3, "---\n").nth(2).unwrap_or(&text);
        let mut html = String::with_capacity(body.len() * 2);
        pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(body));
        let slug = path.file_stem().and_then(|s| s.to_str()).unwrap_or("x");
        let dir = out.join(slug);
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join("index.html"), html)
    })
}

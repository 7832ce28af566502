//! Helpers shared by the integration tests.

// Test code: a panic is a failing test.
#![allow(clippy::unwrap_used, dead_code)]

use std::collections::BTreeMap;
use std::path::Path;

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(target).unwrap();
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| !e.file_type().is_dir())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// A synthetic site for the growth tests: `components` components `c0`, `c1`, … and `n`
/// incidents spread over the two years before 2026-11-18, written by `incident(i, start, stamp)`
/// (the start in seconds, and a function formatting seconds as RFC 3339). Returns the bytes of
/// Markdown written.
pub fn synthetic_site(
    root: &Path,
    config_head: &str,
    (components, n): (usize, usize),
    incident: impl Fn(usize, i64, &dyn Fn(i64) -> String) -> String,
) -> usize {
    use std::fmt::Write as _;
    std::fs::create_dir_all(root.join("incidents")).unwrap();
    std::fs::create_dir_all(root.join("content")).unwrap();
    let mut config = config_head.to_owned();
    for c in 0..components {
        let _ = write!(config, "[[components]]\nid = \"c{c}\"\nname = \"Component {c}\"\n");
    }
    std::fs::write(root.join("content/statusmark.toml"), config).unwrap();
    let stamp = |s: i64| {
        jiff::Timestamp::from_second(s)
            .unwrap()
            .strftime("%Y-%m-%dT%H:%M:%SZ")
            .to_string()
    };
    let (end, span) = (1_795_000_000_i64, 2 * 365 * 86_400_i64);
    let mut bytes = 0;
    for i in 0..n {
        let start = end - span + (span / n as i64) * i as i64;
        let text = incident(i, start, &stamp);
        bytes += text.len();
        std::fs::write(root.join(format!("incidents/i{i:05}.md")), text).unwrap();
    }
    bytes
}

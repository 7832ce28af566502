//! Reading a site's sources: `content/statusmark.toml`, `incidents/*.md` and
//! `content/maintenance/*.md`. Files are read once into [`SourceFile`]s, parsed into raw types and
//! validated into [`Config`], [`Incident`] and [`Maintenance`]. Every problem in every file is
//! collected before failing.

pub mod config;
pub mod frontmatter;
pub mod incident;
pub mod maintenance;
pub mod raw;
pub mod sections;
pub mod time;

use std::path::Path;

pub use config::Config;
pub use incident::Incident;
pub use maintenance::Maintenance;

use crate::diagnostic::Diagnostic;

/// Files larger than this are refused: no incident report is this long, and reading one would
/// only slow the build down.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// One file, read once.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Relative to the root, `/`-separated.
    pub path: String,
    pub text: String,
}

/// Everything a site is made of, validated.
#[derive(Clone, Debug)]
pub struct Content {
    pub config: Config,
    /// Newest first (by start, then slug).
    pub incidents: Vec<Incident>,
    /// By scheduled start, newest first.
    pub maintenances: Vec<Maintenance>,
    pub warnings: Vec<Diagnostic>,
}

/// Read one file as UTF-8 text; a BOM is dropped.
pub fn read_source(root: &Path, rel: &str) -> Result<SourceFile, Diagnostic> {
    let full = root.join(rel);
    let meta = std::fs::metadata(&full).map_err(|e| {
        Diagnostic::error(rel, format!("cannot read the file: {e}")).with_help("check that it exists and is readable")
    })?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            rel,
            format!(
                "the file is {} MB, more than the {} MB limit",
                meta.len() / 1_000_000,
                MAX_FILE_BYTES / 1_000_000
            ),
        )
        .with_help("incident reports are short; move large material elsewhere and link to it"));
    }
    let bytes = std::fs::read(&full)
        .map_err(|e| Diagnostic::error(rel, format!("cannot read the file: {e}")).with_help("check its permissions"))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        let prefix = String::from_utf8_lossy(&bytes[..valid]).into_owned();
        Diagnostic::error(rel, "the file is not valid UTF-8")
            .at_offset(&prefix, valid)
            .with_help("save the file as UTF-8")
    })?;
    if let Some(pos) = text.find('\0') {
        return Err(Diagnostic::error(rel, "the file contains a NUL byte; is it binary?")
            .at_offset(&text, pos)
            .with_help("incident reports are Markdown text"));
    }
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    };
    Ok(SourceFile {
        path: rel.to_owned(),
        text,
    })
}

/// The Markdown files directly inside `dir` (relative to root), sorted by name so the order never
/// depends on the file system.
pub fn list_markdown(root: &Path, dir: &str) -> Result<Vec<String>, Diagnostic> {
    let full = root.join(dir);
    let entries = match std::fs::read_dir(&full) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Diagnostic::error(dir, format!("cannot list the folder: {e}"))),
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.ends_with(".md") && !n.starts_with('.') && !n.eq_ignore_ascii_case("README.md"))
        .map(|n| format!("{dir}/{n}"))
        .collect();
    names.sort();
    Ok(names)
}

/// Load and validate a whole site. On failure, every error (and warning) found.
/// `now` is the instant the site describes; some warnings depend on it (an incident open for a
/// week is probably a forgotten one).
pub fn load(root: &Path, now: jiff::Timestamp) -> Result<Content, Vec<Diagnostic>> {
    let config_file = read_source(root, config::CONFIG_PATH).map_err(|d| {
        vec![
            if d.message.starts_with("cannot read") && !root.join(config::CONFIG_PATH).exists() {
                Diagnostic::error(config::CONFIG_PATH, "no site configuration found").with_help(format!(
                    "create {} with a title and [[components]], or pass --root to point at your site",
                    config::CONFIG_PATH
                ))
            } else {
                d
            },
        ]
    })?;
    let config = config::parse(&config_file)?;
    if let Some(logo) = config.logo.as_deref().filter(|l| !l.starts_with("https://"))
        && !root.join("site/assets").join(logo).is_file()
    {
        let offset = config_file.text.find(logo).unwrap_or(0);
        return Err(vec![
            Diagnostic::error(
                config::CONFIG_PATH,
                format!("the logo file site/assets/{logo} does not exist"),
            )
            .at_offset(&config_file.text, offset)
            .with_help(
                "put the image in site/assets/ (it is copied to assets/ in the output), or give an https:// address",
            ),
        ]);
    }
    let mut diags = Vec::new();
    let mut incidents = Vec::new();
    let mut maintenances = Vec::new();

    let incident_paths = list_markdown(root, "incidents").unwrap_or_else(|d| {
        diags.push(d);
        Vec::new()
    });
    // Files are independent: read and parse them in parallel; `collect` keeps the listing order,
    // so diagnostics and output do not depend on the thread count.
    use rayon::prelude::*;
    let parsed: Vec<(Option<Incident>, Vec<Diagnostic>)> = incident_paths
        .par_iter()
        .map(|rel| match read_source(root, rel) {
            Ok(file) => incident::parse(&file, &config, now),
            Err(d) => (None, vec![d]),
        })
        .collect();
    for (incident, mut d) in parsed {
        diags.append(&mut d);
        incidents.extend(incident);
    }
    let maintenance_paths = list_markdown(root, "content/maintenance").unwrap_or_else(|d| {
        diags.push(d);
        Vec::new()
    });
    let parsed: Vec<(Option<Maintenance>, Vec<Diagnostic>)> = maintenance_paths
        .par_iter()
        .map(|rel| match read_source(root, rel) {
            Ok(file) => maintenance::parse(&file, &config),
            Err(d) => (None, vec![d]),
        })
        .collect();
    for (m, mut d) in parsed {
        diags.append(&mut d);
        maintenances.extend(m);
    }

    // Slugs become folder names: they must not collide, even on case-insensitive file systems.
    let mut seen: std::collections::BTreeMap<String, &str> = std::collections::BTreeMap::new();
    for i in &incidents {
        if let Some(first) = seen.insert(i.slug.to_ascii_lowercase(), &i.path) {
            diags.push(
                Diagnostic::error(&i.path, format!("duplicate slug \"{}\"", i.slug))
                    .with_help(format!("{first} has the same slug; rename one of the files")),
            );
        }
    }
    let mut seen: std::collections::BTreeMap<String, &str> = std::collections::BTreeMap::new();
    for m in &maintenances {
        if let Some(first) = seen.insert(m.slug.to_ascii_lowercase(), &m.path) {
            diags.push(
                Diagnostic::error(&m.path, format!("duplicate slug \"{}\"", m.slug))
                    .with_help(format!("{first} has the same slug; rename one of the files")),
            );
        }
    }

    if diags.iter().any(Diagnostic::is_error) {
        diags.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
        return Err(diags);
    }
    incidents.sort_by(|a, b| b.started.cmp(&a.started).then_with(|| b.slug.cmp(&a.slug)));
    maintenances.sort_by(|a, b| b.scheduled_for.cmp(&a.scheduled_for).then_with(|| b.slug.cmp(&a.slug)));
    Ok(Content {
        config,
        incidents,
        maintenances,
        warnings: diags,
    })
}

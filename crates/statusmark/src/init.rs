//! `statusmark init`: scaffold a new status site that passes `statusmark check` and builds at once.
//!
//! The files are templates under `src/init/`, filled by replacing a few `@@name@@` placeholders in
//! one pass (a value is never scanned for placeholders again). Values that land in TOML are
//! rendered by the `toml` crate, so any title reads back exactly; nothing the user gives is written
//! into the CI files. The whole scaffold is validated in memory with the content loader before
//! anything is written, and nothing is written when any of its paths already exists.
//!
//! This module writes source files only: it must not reach into rendering, planning, the output
//! writer or the server.

use std::path::{Path, PathBuf};

use jiff::{SignedDuration, Timestamp};

use crate::content::config::{CONFIG_PATH, has_bidi_control};
use crate::content::{self, Overlay};
use crate::diagnostic::Diagnostic;

const CONFIG: &str = include_str!("init/statusmark.toml");
const GITIGNORE: &str = include_str!("init/gitignore");
const INCIDENTS_README: &str = include_str!("init/incidents-README.md");
const MAINTENANCE_README: &str = include_str!("init/maintenance-README.md");
const GITHUB_WORKFLOW: &str = include_str!("init/status.yml");
const GITLAB_CI: &str = include_str!("init/gitlab-ci.yml");
const EXAMPLE_INCIDENT: &str = include_str!("init/example-incident.md");
const EXAMPLE_MAINTENANCE: &str = include_str!("init/example-maintenance.md");

/// statusmark's repository on GitHub, `owner/name`: the workflows `init` writes use the action
/// (`action.yml`) and the GitLab template (`statusmark.gitlab-ci.yml`) from it, at the tag of this version.
///
/// A placeholder until the project is published: `example.invalid` is not a GitHub account name
/// (they cannot contain a dot), so a workflow using it fails to resolve rather than run someone
/// else's code. At publish time change it here, with `repository` in Cargo.toml and the same
/// placeholder in docs/deploying.md and `statusmark.gitlab-ci.yml` (the tests compare them).
pub const GITHUB_REPOSITORY: &str = "example.invalid/statusmark";

/// The tag a release of this version is published under: `v0.1.0`.
pub fn release_tag() -> String {
    format!("v{}", env!("CARGO_PKG_VERSION"))
}

/// `uses:` for the statusmark action at this version's tag.
pub fn action_reference() -> String {
    format!("{GITHUB_REPOSITORY}@{}", release_tag())
}

/// The address of the GitLab CI template at this version's tag, for `include: remote:`.
pub fn gitlab_template_url() -> String {
    format!(
        "https://raw.githubusercontent.com/{GITHUB_REPOSITORY}/{}/{GITLAB_TEMPLATE_PATH}",
        release_tag()
    )
}

/// Where the GitLab CI template lives in statusmark's repository.
pub const GITLAB_TEMPLATE_PATH: &str = "statusmark.gitlab-ci.yml";

/// The base URL line written when none is given: commented, with an example.
const BASE_URL_EXAMPLE: &str =
    "# base_url = \"https://status.example.com/\"   # where the site is published; used in feeds and links";

/// Which CI configuration to write.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Ci {
    /// `.github/workflows/status.yml`: GitHub Actions and GitHub Pages.
    #[default]
    Github,
    /// `.gitlab-ci.yml`: GitLab CI and GitLab Pages.
    Gitlab,
    /// No CI file.
    None,
}

/// What `statusmark init` was asked for.
#[derive(Clone, Debug)]
pub struct InitOptions {
    /// The site's folder; created if missing.
    pub dir: PathBuf,
    pub title: String,
    pub base_url: Option<String>,
    pub ci: Ci,
    /// Also write an example incident (resolved) and maintenance notice (upcoming).
    pub example: bool,
    /// The example's times are relative to this instant.
    pub now: Timestamp,
}

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum InitError {
    /// A flag's value cannot be used; nothing was written.
    #[error("{0}")]
    Usage(String),
    /// These files are already there; nothing was written.
    #[error(
        "these files already exist; init never overwrites a file, so nothing was written:{}",
        .0.iter().map(|p| format!("\n  {}", p.display())).collect::<String>()
    )]
    Exists(Vec<PathBuf>),
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    /// The scaffold itself does not validate: a defect in the templates, never the user's input.
    #[error("the new site does not validate; nothing was written")]
    Invalid(Vec<Diagnostic>),
}

/// One file of the scaffold: its path relative to the site's folder (`/`-separated) and text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScaffoldFile {
    pub path: String,
    pub text: String,
}

/// Create the site: check the flags, render every file, validate them together, refuse if any
/// path exists, then write them. Returns the paths written, in order.
pub fn init(opts: &InitOptions) -> Result<Vec<PathBuf>, InitError> {
    let files = scaffold(opts)?;
    let existing: Vec<PathBuf> = files
        .iter()
        .map(|f| opts.dir.join(&f.path))
        .filter(|p| p.symlink_metadata().is_ok())
        .collect();
    if !existing.is_empty() {
        return Err(InitError::Exists(existing));
    }
    validate(&opts.dir, &files, opts.now)?;
    write_all(&opts.dir, &files)
}

/// Every file of the site `opts` describes, rendered in memory.
pub fn scaffold(opts: &InitOptions) -> Result<Vec<ScaffoldFile>, InitError> {
    check_title(&opts.title)?;
    let base_url = match &opts.base_url {
        Some(url) => format!("base_url = {}", toml_string(check_base_url(url)?)),
        None => BASE_URL_EXAMPLE.to_owned(),
    };
    let title = toml_string(&opts.title);
    let file = |path: &str, text: String| ScaffoldFile {
        path: path.to_owned(),
        text,
    };
    let mut files = vec![
        file(CONFIG_PATH, fill(CONFIG, &[("title", &title), ("base_url", &base_url)])),
        file("incidents/README.md", INCIDENTS_README.to_owned()),
        file("content/maintenance/README.md", MAINTENANCE_README.to_owned()),
        file(".gitignore", GITIGNORE.to_owned()),
    ];
    match opts.ci {
        Ci::Github => files.push(file(
            ".github/workflows/status.yml",
            fill(GITHUB_WORKFLOW, &[("action", &action_reference())]),
        )),
        Ci::Gitlab => files.push(file(
            ".gitlab-ci.yml",
            fill(
                GITLAB_CI,
                &[("gitlab_template", &gitlab_template_url()), ("ref", &release_tag())],
            ),
        )),
        Ci::None => {}
    }
    if opts.example {
        files.extend(examples(opts.now));
    }
    Ok(files)
}

/// A resolved incident three days ago and a maintenance window a week ahead, announced now.
fn examples(now: Timestamp) -> [ScaffoldFile; 2] {
    // Whole minutes, as people write them.
    let now = Timestamp::from_second(now.as_second().div_euclid(60) * 60).unwrap_or(now);
    let at = |hours: i64, minutes: i64| {
        now.checked_add(SignedDuration::from_hours(hours) + SignedDuration::from_mins(minutes))
            .unwrap_or(now)
    };
    let started = at(-72, 0);
    let incident = fill(
        EXAMPLE_INCIDENT,
        &[
            ("started", &stamp(started)),
            ("identified", &stamp(at(-72, 25))),
            ("resolved", &stamp(at(-72, 40))),
        ],
    );
    let start = at(7 * 24, 0);
    let maintenance = fill(
        EXAMPLE_MAINTENANCE,
        &[
            ("start", &stamp(start)),
            ("end", &stamp(at(7 * 24 + 1, 0))),
            ("announced", &stamp(now)),
        ],
    );
    [
        ScaffoldFile {
            path: format!("incidents/{}-example-slow-page-loads.md", started.strftime("%Y-%m-%d")),
            text: incident,
        },
        ScaffoldFile {
            path: format!(
                "content/maintenance/{}-example-api-maintenance.md",
                start.strftime("%Y-%m-%d")
            ),
            text: maintenance,
        },
    ]
}

fn stamp(t: Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// A TOML string value that reads back as exactly `s`.
fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

/// Replace every `@@name@@` in `template` by its value, in one pass: a value's own text is never
/// searched for placeholders. Unknown names are left as they are (the tests look for any left).
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("@@") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let value = after.find("@@").and_then(|end| {
            values
                .iter()
                .find(|(name, _)| *name == &after[..end])
                .map(|(_, v)| (end, v))
        });
        match value {
            Some((end, v)) => {
                out.push_str(v);
                rest = &after[end + 2..];
            }
            None => {
                out.push_str("@@");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn check_title(title: &str) -> Result<(), InitError> {
    if title.trim().is_empty() {
        return Err(InitError::Usage("--title: the title is empty".into()));
    }
    if has_bidi_control(title) || title.chars().any(char::is_control) {
        return Err(InitError::Usage(
            "--title: the title contains a control or bidirectional-override character; it is plain text on one line"
                .into(),
        ));
    }
    Ok(())
}

/// An absolute http(s) address with a host, and nothing invisible or unsafe in it.
fn check_base_url(url: &str) -> Result<&str, InitError> {
    let host = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .filter(|rest| !rest.is_empty() && !rest.starts_with('/'));
    let clean = !url.contains(|c: char| c.is_whitespace() || c.is_control() || "\"'<>\\`".contains(c))
        && !has_bidi_control(url);
    match host {
        Some(_) if clean => Ok(url),
        _ => Err(InitError::Usage(format!(
            "--base-url {url:?} is not an http(s) address; write the full address, e.g. https://status.example.com/"
        ))),
    }
}

/// The scaffold must load as a valid site, with no warning, before it is written. Content already
/// in the folder is read along with it; only problems in the new files count.
fn validate(dir: &Path, files: &[ScaffoldFile], now: Timestamp) -> Result<(), InitError> {
    let mut overlay = Overlay::new();
    for f in files {
        overlay.insert(f.path.clone(), f.text.clone());
    }
    let problems = match content::load_overlaid(dir, now, &overlay) {
        Ok(content) => content.warnings,
        Err(diags) => diags,
    };
    let ours: Vec<Diagnostic> = problems
        .into_iter()
        .filter(|d| files.iter().any(|f| f.path == d.path))
        .collect();
    if ours.is_empty() {
        Ok(())
    } else {
        Err(InitError::Invalid(ours))
    }
}

/// Write every file, each created new (never over a file that appeared meanwhile). If one fails,
/// the files this run created are removed again, so a failed init leaves no half-made site.
fn write_all(dir: &Path, files: &[ScaffoldFile]) -> Result<Vec<PathBuf>, InitError> {
    let mut written = Vec::new();
    for f in files {
        let path = dir.join(&f.path);
        if let Err(source) = write_new(&path, &f.text) {
            for done in &written {
                let _ = std::fs::remove_file(done);
            }
            return Err(InitError::Io { path, source });
        }
        written.push(path);
    }
    Ok(written)
}

fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(path)?;
    let result = file.write_all(text.as_bytes()).and_then(|()| file.sync_all());
    if result.is_err() {
        // Created by this run: don't leave it half-written.
        let _ = std::fs::remove_file(path);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(title: &str) -> InitOptions {
        InitOptions {
            dir: PathBuf::from("/nonexistent-statusmark-init"),
            title: title.to_owned(),
            base_url: Some("https://status.example.com/".to_owned()),
            ci: Ci::Github,
            example: true,
            now: "2026-11-20T15:00:30Z".parse().unwrap(),
        }
    }

    #[test]
    fn fill_replaces_in_one_pass() {
        let cases = [
            ("a @@x@@ b", "a 1 b"),
            ("@@x@@@@y@@", "1@@x@@"),
            ("@@unknown@@ @@x@@", "@@unknown@@ 1"),
            ("${{ vars.X }} @@", "${{ vars.X }} @@"),
        ];
        for (template, expected) in cases {
            assert_eq!(fill(template, &[("x", "1"), ("y", "@@x@@")]), expected, "{template}");
        }
    }

    #[test]
    fn every_placeholder_is_filled() {
        for ci in [Ci::Github, Ci::Gitlab] {
            let files = scaffold(&InitOptions { ci, ..opts("Status") }).unwrap();
            for f in files {
                assert!(!f.text.contains("@@"), "{}: {}", f.path, f.text);
            }
        }
    }

    #[test]
    fn titles_round_trip_through_toml() {
        for title in ["Status", "Say \"hi\"", "back\\slash", "Ünïcödé 状态 'quoted'", "a'b\"c"] {
            let files = scaffold(&opts(title)).unwrap();
            let config: toml::Table = toml::from_str(&files[0].text).unwrap();
            assert_eq!(config["title"].as_str(), Some(title));
        }
    }

    #[test]
    fn bad_flags_are_refused() {
        for title in ["", "  ", "a\u{202E}b", "a\nb", "a\u{7}"] {
            assert!(matches!(scaffold(&opts(title)), Err(InitError::Usage(_))), "{title:?}");
        }
        for url in [
            "status.example.com",
            "ftp://x/",
            "https://",
            "https:///x",
            "https://a b/",
            "https://a\"/",
        ] {
            let o = InitOptions {
                base_url: Some(url.to_owned()),
                ..opts("Status")
            };
            assert!(matches!(scaffold(&o), Err(InitError::Usage(_))), "{url}");
        }
    }

    #[test]
    fn the_scaffold_validates_without_warnings() {
        let o = opts("Status");
        validate(&o.dir, &scaffold(&o).unwrap(), o.now).unwrap();
    }
}

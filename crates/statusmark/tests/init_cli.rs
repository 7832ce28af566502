//! `statusmark init` through the real binary: the new site checks and builds at once, never
//! overwrites a file, escapes what it is given, and writes CI files that parse and name only
//! real actions.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn statusmark(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_statusmark"))
        .args(args)
        .output()
        .unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `init` into `<temp>/site` with `args`, which must succeed.
fn init(args: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let o = statusmark(&[&["init", s(&site)], args].concat());
    assert!(o.status.success(), "{}", err(&o));
    dir
}

fn read(dir: &tempfile::TempDir, rel: &str) -> String {
    std::fs::read_to_string(dir.path().join("site").join(rel)).unwrap()
}

/// `check` with warnings denied, then `build`; returns the home page.
fn check_and_build(dir: &tempfile::TempDir) -> String {
    let site = dir.path().join("site");
    let o = statusmark(&["check", "--root", s(&site), "--deny-warnings"]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(err(&o).contains("0 warning(s)"), "{}", err(&o));
    let o = statusmark(&["build", "--root", s(&site), "--no-widget"]);
    assert!(o.status.success(), "{}", err(&o));
    std::fs::read_to_string(site.join("public/index.html")).unwrap()
}

/// Every file under `dir`, relative, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| {
            e.unwrap()
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

#[test]
fn a_new_site_checks_and_builds() {
    let dir = init(&[]);
    let o = statusmark(&["init", s(&dir.path().join("other")), "--ci", "none"]);
    let printed = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(printed.contains("statusmark.toml"), "{printed}");
    assert!(err(&o).contains("statusmark serve --root"), "{}", err(&o));
    assert!(err(&o).contains("statusmark new incident"), "{}", err(&o));
    assert_eq!(
        listing(&dir.path().join("site")),
        [
            "",
            ".github",
            ".github/workflows",
            ".github/workflows/status.yml",
            ".gitignore",
            "content",
            "content/maintenance",
            "content/maintenance/README.md",
            "content/statusmark.toml",
            "incidents",
            "incidents/README.md",
        ]
    );
    let home = check_and_build(&dir);
    assert!(home.contains("<title>Status"), "{home}");
    assert!(home.contains("No incidents reported."));
    let gitignore = read(&dir, ".gitignore");
    assert!(gitignore.lines().any(|l| l == "/public/") && gitignore.lines().any(|l| l == "/.statusmark/"));
    // Without --base-url the line is there, commented, with an example.
    assert!(read(&dir, "content/statusmark.toml").contains("# base_url = \"https://"));
}

#[test]
fn the_example_site_shows_its_incident_and_maintenance() {
    let dir = init(&["--example", "--base-url", "https://status.example.com/"]);
    let home = check_and_build(&dir);
    assert!(home.contains("Example: slow page loads"), "{home}");
    assert!(home.contains("Example: API maintenance"), "{home}");
    assert!(read(&dir, "content/statusmark.toml").contains("\nbase_url = \"https://status.example.com/\"\n"));
}

#[test]
fn an_existing_file_stops_init_before_it_writes_anything() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path();
    std::fs::create_dir_all(site.join("content")).unwrap();
    std::fs::write(site.join("content/statusmark.toml"), "title = \"Mine\"\n").unwrap();
    let before = listing(site);
    let o = statusmark(&["init", s(site), "--example"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("content/statusmark.toml"), "{}", err(&o));
    assert!(err(&o).contains("nothing was written"), "{}", err(&o));
    assert_eq!(listing(site), before);
    assert_eq!(
        std::fs::read_to_string(site.join("content/statusmark.toml")).unwrap(),
        "title = \"Mine\"\n"
    );
}

#[test]
fn the_title_round_trips_into_the_page() {
    let title = r#"Acme "Cloud" \ Status — Ünïcödé 状态 'ok'"#;
    let dir = init(&["--title", title]);
    let config: toml::Table = toml::from_str(&read(&dir, "content/statusmark.toml")).unwrap();
    assert_eq!(config["title"].as_str(), Some(title));
    let home = check_and_build(&dir);
    let escaped = title.replace('"', "&quot;").replace('\'', "&#39;");
    assert!(home.contains(&format!("<title>{escaped}")), "{home}");
}

#[test]
fn bad_flags_are_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    for (args, says) in [
        (&["--base-url", "status.example.com"][..], "--base-url"),
        (&["--base-url", "javascript:alert(1)"][..], "--base-url"),
        (&["--title", "Status \u{202E}gnp.exe"][..], "--title"),
        (&["--title", "two\nlines"][..], "--title"),
    ] {
        let o = statusmark(&[&["init", s(&site)], args].concat());
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(err(&o).contains(says), "{args:?}: {}", err(&o));
        assert!(!site.exists(), "{args:?} wrote something");
    }
}

/// The YAML file at `rel`, as JSON.
fn yaml(dir: &tempfile::TempDir, rel: &str) -> Value {
    serde_saphyr::from_str(&read(dir, rel)).unwrap()
}

/// Every `uses:` value anywhere in `v`.
fn uses(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("uses", Value::String(s)) => out.push(s.clone()),
                    _ => uses(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| uses(v, out)),
        _ => {}
    }
}

#[test]
fn the_github_workflow_parses_and_uses_only_real_actions() {
    let dir = init(&["--ci", "github"]);
    let workflow = yaml(&dir, ".github/workflows/status.yml");
    let known = [
        "actions/checkout",
        "actions/cache/restore",
        "actions/cache/save",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
        "actions/configure-pages",
    ];
    let mut found = Vec::new();
    uses(&workflow, &mut found);
    assert!(found.len() >= 8, "{found:?}");
    for action in &found {
        let (name, version) = action.split_once('@').unwrap();
        assert!(
            known.contains(&name) || name == statusmark::init::GITHUB_REPOSITORY,
            "unknown action {action}"
        );
        assert!(version.starts_with('v'), "{action}");
    }
    let jobs = &workflow["jobs"];
    assert_eq!(jobs["deploy"]["needs"], "build");
    // Notify does nothing until it is turned on, and runs one at a time.
    assert_eq!(jobs["notify"]["if"], "${{ vars.STATUSMARK_NOTIFY == 'true' }}");
    assert_eq!(jobs["notify"]["concurrency"]["group"], "status-notify");
    assert!(workflow["on"]["schedule"][0]["cron"].is_string());
    // statusmark comes from its action at this version's tag (tests/ci_files.rs checks the rest).
    let action = format!("{}@v{}", statusmark::init::GITHUB_REPOSITORY, env!("CARGO_PKG_VERSION"));
    assert_eq!(workflow["jobs"]["build"]["steps"][1]["uses"], action.as_str());
    assert!(!Path::new(&dir.path().join("site/.gitlab-ci.yml")).exists());
}

#[test]
fn the_gitlab_pipeline_parses_and_publishes_public() {
    let dir = init(&["--ci", "gitlab"]);
    let pipeline = yaml(&dir, ".gitlab-ci.yml");
    assert_eq!(pipeline["pages"]["artifacts"]["paths"], serde_json::json!(["public"]));
    assert!(
        pipeline["notify"]["rules"][0]["if"]
            .as_str()
            .unwrap()
            .contains("$STATUSMARK_NOTIFY == \"true\"")
    );
    assert_eq!(
        pipeline["variables"]["STATUSMARK_REF"],
        format!("v{}", env!("CARGO_PKG_VERSION"))
    );
    assert!(!dir.path().join("site/.github").exists());
    check_and_build(&dir);
}

#[test]
fn ci_none_writes_no_workflow() {
    let dir = init(&["--ci", "none"]);
    assert!(!dir.path().join("site/.github").exists());
    assert!(!dir.path().join("site/.gitlab-ci.yml").exists());
    check_and_build(&dir);
}

#[test]
fn the_commented_notify_section_is_valid_once_uncommented() {
    let dir = init(&[]);
    let path = dir.path().join("site/content/statusmark.toml");
    let config = std::fs::read_to_string(&path).unwrap();
    let start = config.find("# [notify]\n").unwrap();
    let block: String = config[start..]
        .lines()
        .map(|l| {
            let l = l.strip_prefix("# ").unwrap_or_else(|| l.strip_prefix('#').unwrap());
            format!("{l}\n")
        })
        .collect();
    std::fs::write(&path, format!("{}{block}", &config[..start])).unwrap();
    let parsed: toml::Table = toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let notify = parsed["notify"].as_table().unwrap();
    for key in ["webhook", "slack", "discord", "email"] {
        assert!(notify.contains_key(key), "{key}");
    }
    let o = statusmark(&["check", "--root", s(&dir.path().join("site")), "--deny-warnings"]);
    assert!(o.status.success(), "{}", err(&o));
}

/// docs/deploying.md shows the workflow `init` writes, job for job.
#[test]
fn the_documented_workflow_is_the_one_init_writes() {
    let docs = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/deploying.md")).unwrap();
    let start = docs.find("```yaml\n").unwrap() + "```yaml\n".len();
    let documented: Value = serde_saphyr::from_str(&docs[start..start + docs[start..].find("```").unwrap()]).unwrap();
    let dir = init(&[]);
    let written = yaml(&dir, ".github/workflows/status.yml");
    for key in ["name", "on", "permissions", "jobs"] {
        assert_eq!(documented[key], written[key], "{key}");
    }
}

//! The CI files `statusmark init` writes and the ones this repository ships for them: the GitHub
//! workflow names only real actions, jobs, steps and action inputs; the GitLab pipeline's include,
//! `extends`, stages and `needs` resolve, and its install, build and notify scripts run under `sh`;
//! the pre-commit hook is what docs/deploying.md says and its command checks a site.
#![cfg(unix)] // the scripts run under bash and sh
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{Map, Value};
use statusmark::init::{GITHUB_REPOSITORY, GITLAB_TEMPLATE_PATH, action_reference, gitlab_template_url, release_tag};

const STATUSMARK: &str = env!("CARGO_BIN_EXE_statusmark");

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

fn yaml_file(path: &Path) -> Value {
    serde_saphyr::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// `statusmark init --ci <ci>` into `<temp>/site`.
fn init(ci: &str) -> (tempfile::TempDir, PathBuf) {
    let temp = tempfile::tempdir().unwrap();
    let site = temp.path().join("site");
    let o = Command::new(STATUSMARK)
        .args(["init", "--ci", ci])
        .arg(&site)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    (temp, site)
}

/// Every `${{ … }}` in every string under `v`, trimmed.
fn expressions(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => {
            let mut rest = s.as_str();
            while let Some(start) = rest.find("${{") {
                let end = rest[start..].find("}}").unwrap() + start;
                out.push(rest[start + 3..end].trim().to_owned());
                rest = &rest[end + 2..];
            }
        }
        Value::Array(items) => items.iter().for_each(|v| expressions(v, out)),
        Value::Object(map) => map.values().for_each(|v| expressions(v, out)),
        _ => {}
    }
}

fn names(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items.iter().map(|v| v.as_str().unwrap().to_owned()).collect(),
        Value::Null => Vec::new(),
        other => panic!("not a name or a list of names: {other}"),
    }
}

#[test]
fn the_github_workflow_names_only_real_actions_jobs_steps_and_inputs() {
    let (_temp, site) = init("github");
    let workflow = yaml_file(&site.join(".github/workflows/status.yml"));
    let action = yaml_file(&repo_root().join("action.yml"));
    let inputs = action["inputs"].as_object().unwrap();
    let outputs = action["outputs"].as_object().unwrap();
    let known = [
        "actions/checkout",
        "actions/cache/restore",
        "actions/cache/save",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    ];
    let jobs = workflow["jobs"].as_object().unwrap();
    let mut ours = 0;
    for (job_name, job) in jobs {
        for need in names(&job["needs"]) {
            assert!(
                jobs.contains_key(&need),
                "{job_name} needs a job {need} that does not exist"
            );
        }
        let mut ids: Vec<&str> = Vec::new();
        for step in job["steps"].as_array().unwrap() {
            let mut exprs = Vec::new();
            expressions(step, &mut exprs);
            for expr in exprs {
                if let Some(rest) = expr.strip_prefix("steps.") {
                    let (id, rest) = rest.split_once('.').unwrap();
                    assert!(ids.contains(&id), "{job_name}: `{expr}` names no earlier step");
                    if let Some(output) = rest.strip_prefix("outputs.") {
                        assert!(
                            outputs.contains_key(output),
                            "{job_name}: the action has no output {output}"
                        );
                    }
                }
            }
            if let Some(uses) = step["uses"].as_str() {
                let (name, version) = uses.split_once('@').unwrap();
                if name == GITHUB_REPOSITORY {
                    ours += 1;
                    assert_eq!(uses, action_reference());
                    for key in step["with"].as_object().into_iter().flatten().map(|(k, _)| k) {
                        assert!(inputs.contains_key(key), "{job_name}: the action has no input {key}");
                    }
                    // The action may compile statusmark (a cache miss): hundreds of build scripts
                    // must never run with the notification secrets in their environment.
                    let mut exprs = Vec::new();
                    expressions(&step["env"], &mut exprs);
                    assert!(
                        !exprs.iter().any(|e| e.starts_with("secrets.")),
                        "{job_name}: the action step gets secrets: {exprs:?}"
                    );
                } else {
                    assert!(known.contains(&name), "{job_name}: unknown action {uses}");
                    assert!(version.starts_with('v'), "{uses}");
                }
            }
            if let Some(id) = step["id"].as_str() {
                ids.push(id);
            }
        }
    }
    assert_eq!(ours, 2, "the build and the notify job use the statusmark action");
    assert_eq!(
        action_reference(),
        format!("example.invalid/statusmark@v{}", env!("CARGO_PKG_VERSION"))
    );
}

/// The user's pipeline with the template it includes, merged as GitLab does: the template first,
/// then the user's file, whose keys (and `variables`) win.
fn gitlab_pipeline(site: &Path) -> Map<String, Value> {
    let user = yaml_file(&site.join(".gitlab-ci.yml"));
    let includes = user["include"].as_array().unwrap();
    assert_eq!(includes.len(), 1);
    assert_eq!(includes[0]["remote"], gitlab_template_url());
    let template = yaml_file(&repo_root().join(GITLAB_TEMPLATE_PATH));
    let mut merged = template.as_object().unwrap().clone();
    for (key, value) in user.as_object().unwrap() {
        match (key.as_str(), merged.get_mut(key)) {
            ("include", _) => {}
            ("variables", Some(Value::Object(vars))) => vars.extend(value.as_object().unwrap().clone()),
            _ => {
                merged.insert(key.clone(), value.clone());
            }
        }
    }
    merged
}

/// A job with everything it `extends` merged in (hashes deeply, other values replaced).
fn resolve(pipeline: &Map<String, Value>, name: &str) -> Value {
    fn deep_merge(base: &mut Value, over: &Value) {
        match (base, over) {
            (Value::Object(b), Value::Object(o)) => {
                for (k, v) in o {
                    deep_merge(b.entry(k.clone()).or_insert(Value::Null), v);
                }
            }
            (b, o) => *b = o.clone(),
        }
    }
    let job = pipeline.get(name).unwrap_or_else(|| panic!("no job {name}"));
    let mut out = Value::Object(Map::new());
    for parent in names(&job["extends"]) {
        deep_merge(&mut out, &resolve(pipeline, &parent));
    }
    let mut own = job.clone();
    own.as_object_mut().unwrap().remove("extends");
    deep_merge(&mut out, &own);
    out
}

const GITLAB_KEYWORDS: [&str; 8] = [
    "include",
    "variables",
    "stages",
    "default",
    "workflow",
    "image",
    "services",
    "cache",
];

#[test]
fn the_gitlab_pipeline_resolves_every_include_extends_stage_and_need() {
    let (_temp, site) = init("gitlab");
    let pipeline = gitlab_pipeline(&site);
    assert_eq!(pipeline["variables"]["STATUSMARK_REF"], release_tag());
    assert_eq!(
        pipeline["variables"]["STATUSMARK_GIT"],
        format!("https://github.com/{GITHUB_REPOSITORY}")
    );
    let stages = names(&pipeline["stages"]);
    let jobs: Vec<&String> = pipeline
        .keys()
        .filter(|k| !GITLAB_KEYWORDS.contains(&k.as_str()))
        .collect();
    let visible: Vec<&&String> = jobs.iter().filter(|k| !k.starts_with('.')).collect();
    assert_eq!(visible.len(), 3, "{visible:?}");
    for name in visible {
        let job = resolve(&pipeline, name);
        let stage = job["stage"].as_str().unwrap_or("test");
        assert!(
            stages.iter().any(|s| s == stage),
            "{name}: stage {stage} is not in {stages:?}"
        );
        for need in names(&job["needs"]) {
            assert!(jobs.contains(&&need), "{name} needs a job {need} that does not exist");
        }
        assert!(
            job["script"].is_array() && job["before_script"].is_array(),
            "{name}: {job}"
        );
    }
    assert_eq!(
        resolve(&pipeline, "pages")["artifacts"]["paths"],
        serde_json::json!(["public"])
    );
    assert_eq!(resolve(&pipeline, "notify")["resource_group"], "status-notify");
}

/// Run a resolved job's `before_script` and `script` under `sh -e` in the site, as a GitLab
/// runner would, with `cargo` a stand-in that installs the binary under test.
fn run_gitlab_job(pipeline: &Map<String, Value>, name: &str, site: &Path, fake_bin: &Path) -> Output {
    let job = resolve(pipeline, name);
    let lines: Vec<String> = ["before_script", "script"]
        .iter()
        .flat_map(|k| names(&job[*k]))
        .collect();
    let mut vars: BTreeMap<String, String> = BTreeMap::new();
    for (k, v) in pipeline["variables"].as_object().unwrap() {
        vars.insert(k.clone(), v.as_str().unwrap().to_owned());
    }
    Command::new("sh")
        .arg("-ec")
        .arg(lines.join("\n"))
        .current_dir(site)
        .env(
            "PATH",
            format!("{}:{}", fake_bin.display(), std::env::var("PATH").unwrap()),
        )
        .env("CI_PROJECT_DIR", site)
        .envs(vars)
        .output()
        .unwrap()
}

#[test]
fn the_gitlab_jobs_install_once_build_and_notify() {
    let (temp, site) = init("gitlab");
    let pipeline = gitlab_pipeline(&site);
    let fake_bin = temp.path().join("fake-bin");
    std::fs::create_dir_all(&fake_bin).unwrap();
    let log = temp.path().join("cargo.log");
    std::fs::write(
        fake_bin.join("cargo"),
        format!(
            "#!/bin/sh\necho \"$*\" >> '{}'\nwhile [ $# -gt 0 ]; do\n  if [ \"$1\" = --root ]; then mkdir -p \"$2/bin\"; cp '{STATUSMARK}' \"$2/bin/statusmark\"; fi\n  shift\ndone\n",
            log.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(fake_bin.join("cargo"), std::fs::Permissions::from_mode(0o755)).unwrap();

    let o = run_gitlab_job(&pipeline, "pages", &site, &fake_bin);
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(o.status.success(), "{said}");
    assert!(site.join("public/index.html").is_file(), "{said}");
    assert!(
        said.contains(&format!("statusmark {}", env!("CARGO_PKG_VERSION"))),
        "{said}"
    );
    let installs = std::fs::read_to_string(&log).unwrap();
    assert_eq!(
        installs.trim(),
        format!(
            "install statusmark --locked --force --git https://github.com/{GITHUB_REPOSITORY} --tag {} --root {}/.statusmark/cargo",
            release_tag(),
            site.display()
        )
    );

    // The next job finds the binary where the cache puts it back, and keeps the record where the
    // cache saves it.
    let o = run_gitlab_job(&pipeline, "notify", &site, &fake_bin);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(std::fs::read_to_string(&log).unwrap(), installs, "installed twice");
    assert!(site.join(".statusmark/notify-record.jsonl").is_file());
    let cached: Vec<String> = resolve(&pipeline, "notify")["cache"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| names(&c["paths"]))
        .collect();
    assert_eq!(cached, [".statusmark/cargo/", ".statusmark/notify-record.jsonl"]);
}

#[test]
fn the_pre_commit_hook_runs_statusmark_check_on_the_site() {
    let hooks = yaml_file(&repo_root().join(".pre-commit-hooks.yaml"));
    let hooks = hooks.as_array().unwrap();
    assert_eq!(hooks.len(), 1);
    let hook = &hooks[0];
    assert_eq!(hook["id"], "statusmark-check");
    assert_eq!(hook["entry"], "statusmark check");
    assert_eq!(hook["language"], "system");
    assert_eq!(hook["pass_filenames"], false);
    assert_eq!(hook["files"], "^(content|incidents|site)/");
    for key in hook.as_object().unwrap().keys() {
        let known = [
            "id",
            "name",
            "description",
            "entry",
            "language",
            "pass_filenames",
            "files",
        ];
        assert!(known.contains(&key.as_str()), "{key}");
    }

    // The entry, as pre-commit runs it from the repository's root: passes, then fails on a mistake.
    let (_temp, site) = init("none");
    let entry = hook["entry"].as_str().unwrap().replacen("statusmark", STATUSMARK, 1);
    let run = || {
        Command::new("sh")
            .arg("-c")
            .arg(&entry)
            .current_dir(&site)
            .output()
            .unwrap()
    };
    assert!(run().status.success());
    std::fs::write(site.join("incidents/2026-01-01-broken.md"), "---\ntitle: [\n---\n").unwrap();
    let o = run();
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("2026-01-01-broken.md"));
}

/// docs/deploying.md shows the `.gitlab-ci.yml` that `init --ci gitlab` writes.
#[test]
fn the_documented_gitlab_pipeline_is_the_one_init_writes() {
    let docs = std::fs::read_to_string(repo_root().join("docs/deploying.md")).unwrap();
    let start = docs.find("```yaml\ninclude:").unwrap() + "```yaml\n".len();
    let documented: Value = serde_saphyr::from_str(&docs[start..start + docs[start..].find("```").unwrap()]).unwrap();
    let (_temp, site) = init("gitlab");
    assert_eq!(documented, yaml_file(&site.join(".gitlab-ci.yml")));
}

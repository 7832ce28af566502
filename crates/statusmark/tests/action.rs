//! The GitHub Action (`action.yml` at the repository root), run here as the runner would run it:
//! each `run:` step through `bash --noprofile --norc -eo pipefail` with its `env:` evaluated, its
//! `GITHUB_OUTPUT` and `GITHUB_PATH` read back, against a site `statusmark init` made. The cache
//! steps are simulated (a hit puts the binary where the restore step points), and `cargo` is a
//! stand-in that records its arguments and installs the binary under test, so no test compiles
//! statusmark again or talks to a network.
#![cfg(unix)] // the scripts run under bash and sh
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const STATUSMARK: &str = env!("CARGO_BIN_EXE_statusmark");

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

fn action() -> Value {
    serde_saphyr::from_str(&std::fs::read_to_string(repo_root().join("action.yml")).unwrap()).unwrap()
}

fn str_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Null => String::new(),
        other => panic!("not a scalar: {other}"),
    }
}

/// Every `${{ … }}` in `text`, trimmed.
fn expressions(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("${{") {
        let end = rest[start..].find("}}").unwrap() + start;
        out.push(rest[start + 3..end].trim().to_owned());
        rest = &rest[end + 2..];
    }
    out
}

/// What the action's expressions can name during a run.
struct Context {
    inputs: BTreeMap<String, String>,
    action_path: String,
    steps: BTreeMap<String, BTreeMap<String, String>>,
}

impl Context {
    /// The value of one expression; only the forms action.yml uses, anything else fails the test.
    fn value(&self, expr: &str) -> String {
        if let Some(name) = expr.strip_prefix("inputs.") {
            return self
                .inputs
                .get(name)
                .cloned()
                .unwrap_or_else(|| panic!("undeclared input {name}"));
        }
        if expr == "github.action_path" {
            return self.action_path.clone();
        }
        if let Some(rest) = expr.strip_prefix("steps.") {
            let (id, output) = rest.split_once(".outputs.").unwrap_or_else(|| panic!("{expr}"));
            return self
                .steps
                .get(id)
                .and_then(|o| o.get(output))
                .cloned()
                .unwrap_or_default();
        }
        panic!("the test does not know the expression `{expr}`; teach it, or keep action.yml simple")
    }

    fn eval(&self, text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("${{") {
            let end = rest[start..].find("}}").unwrap() + start;
            out.push_str(&rest[..start]);
            out.push_str(&self.value(rest[start + 3..end].trim()));
            rest = &rest[end + 2..];
        }
        out + rest
    }

    /// An `if:` of the form `A != 'x'` or `A == 'x'`.
    fn condition(&self, cond: &str) -> bool {
        let cond = cond.trim().trim_start_matches("${{").trim_end_matches("}}").trim();
        let (op, (left, right)) = match cond.split_once(" != ") {
            Some(parts) => ("!=", parts),
            None => (
                "==",
                cond.split_once(" == ").unwrap_or_else(|| panic!("condition {cond}")),
            ),
        };
        let (left, right) = (self.value(left.trim()), right.trim().trim_matches('\''));
        (left == right) == (op == "==")
    }
}

/// One run of the action.
struct Run {
    ok: bool,
    log: String,
    outputs: BTreeMap<String, String>,
    /// The arguments of each `cargo` call.
    cargo: Vec<String>,
    /// (path, key) of each cache the save step would store, with whether a binary was in it.
    saved: Vec<(String, String, bool)>,
    steps: BTreeMap<String, BTreeMap<String, String>>,
}

struct Runner {
    temp: tempfile::TempDir,
}

impl Runner {
    /// A workspace holding a new site at `site` (relative; "." for the workspace itself).
    fn new(site: &str) -> Runner {
        let temp = tempfile::tempdir().unwrap();
        for dir in ["workspace", "tool-cache", "runner-temp", "fake-bin"] {
            std::fs::create_dir_all(temp.path().join(dir)).unwrap();
        }
        let o = Command::new(STATUSMARK)
            .args(["init", "--ci", "none"])
            .arg(temp.path().join("workspace").join(site))
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        // `cargo install … --root DIR` installs the binary under test into DIR/bin.
        let cargo = temp.path().join("fake-bin/cargo");
        std::fs::write(
            &cargo,
            format!(
                "#!/usr/bin/env bash\nset -e\necho \"$*\" >> '{log}'\nwhile [ $# -gt 0 ]; do\n  if [ \"$1\" = --root ]; then mkdir -p \"$2/bin\"; cp '{bin}' \"$2/bin/statusmark\"; fi\n  shift\ndone\n",
                log = temp.path().join("cargo.log").display(),
                bin = STATUSMARK,
            ),
        )
        .unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&cargo, std::fs::Permissions::from_mode(0o755)).unwrap();
        Runner { temp }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.temp.path().join(rel)
    }

    /// Run the action's steps in order with these inputs (the rest take their defaults); a cache
    /// hit when `cached`.
    fn run(&self, with: &[(&str, &str)], cached: bool) -> Run {
        let action = action();
        let mut inputs: BTreeMap<String, String> = action["inputs"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), str_of(&v["default"])))
            .collect();
        for (k, v) in with {
            assert!(inputs.contains_key(*k), "the action has no input {k}");
            inputs.insert((*k).to_owned(), (*v).to_owned());
        }
        let mut cx = Context {
            inputs,
            action_path: repo_root().display().to_string(),
            steps: BTreeMap::new(),
        };
        let mut path = format!(
            "{}:{}",
            self.path("fake-bin").display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let (mut log, mut saved) = (String::new(), Vec::new());
        let mut ok = true;
        for (i, step) in action["runs"]["steps"].as_array().unwrap().iter().enumerate() {
            let id = step["id"].as_str().map_or_else(|| format!("step{i}"), str::to_owned);
            if let Some(cond) = step["if"].as_str()
                && !cx.condition(cond)
            {
                continue;
            }
            let with = |key: &str| cx.eval(step["with"][key].as_str().unwrap());
            let mut outputs = BTreeMap::new();
            match step["uses"].as_str() {
                Some("actions/cache/restore@v4") => {
                    if cached {
                        let dir = PathBuf::from(with("path")).join("bin");
                        std::fs::create_dir_all(&dir).unwrap();
                        std::fs::copy(STATUSMARK, dir.join("statusmark")).unwrap();
                        outputs.insert("cache-hit".to_owned(), "true".to_owned());
                    }
                }
                Some("actions/cache/save@v4") => {
                    let has_binary = Path::new(&with("path")).join("bin/statusmark").is_file();
                    saved.push((with("path"), with("key"), has_binary));
                }
                Some(other) => panic!("the test cannot run the action {other}"),
                None => {
                    assert_eq!(step["shell"], "bash", "step {id}");
                    let script = step["run"].as_str().unwrap();
                    let file = self.path(&format!("runner-temp/{id}.sh"));
                    std::fs::write(&file, script).unwrap();
                    let (output_file, path_file) = (
                        self.path(&format!("runner-temp/{id}.out")),
                        self.path(&format!("runner-temp/{id}.path")),
                    );
                    let mut cmd = Command::new("bash");
                    cmd.args(["--noprofile", "--norc", "-eo", "pipefail"])
                        .arg(&file)
                        .current_dir(self.path("workspace"))
                        .env_clear()
                        .env("PATH", &path)
                        .env("HOME", self.path("runner-temp"))
                        .env("RUNNER_OS", "Linux")
                        .env("RUNNER_ARCH", "X64")
                        .env("RUNNER_TEMP", self.path("runner-temp"))
                        .env("RUNNER_TOOL_CACHE", self.path("tool-cache"))
                        .env("GITHUB_WORKSPACE", self.path("workspace"))
                        .env("GITHUB_ACTION_PATH", &cx.action_path)
                        .env("GITHUB_OUTPUT", &output_file)
                        .env("GITHUB_PATH", &path_file);
                    for (k, v) in step["env"].as_object().into_iter().flatten() {
                        cmd.env(k, cx.eval(&str_of(v)));
                    }
                    let o = cmd.output().unwrap();
                    log.push_str(&String::from_utf8_lossy(&o.stdout));
                    log.push_str(&String::from_utf8_lossy(&o.stderr));
                    for line in std::fs::read_to_string(&output_file).unwrap_or_default().lines() {
                        let (k, v) = line.split_once('=').unwrap_or_else(|| panic!("step {id}: {line}"));
                        outputs.insert(k.to_owned(), v.to_owned());
                    }
                    for dir in std::fs::read_to_string(&path_file).unwrap_or_default().lines() {
                        path = format!("{dir}:{path}");
                    }
                    if !o.status.success() {
                        ok = false;
                        cx.steps.insert(id, outputs);
                        break;
                    }
                }
            }
            cx.steps.insert(id, outputs);
        }
        let outputs = action["outputs"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), cx.eval(v["value"].as_str().unwrap())))
            .collect();
        let cargo = std::fs::read_to_string(self.path("cargo.log"))
            .unwrap_or_default()
            .lines()
            .map(str::to_owned)
            .collect();
        Run {
            ok,
            log,
            outputs,
            cargo,
            saved,
            steps: cx.steps,
        }
    }
}

#[test]
fn a_first_run_installs_from_the_action_source_caches_it_and_builds() {
    let runner = Runner::new(".");
    let run = runner.run(&[], false);
    assert!(run.ok, "{}", run.log);
    let dir = &run.steps["plan"]["dir"];
    let key = &run.steps["plan"]["key"];
    assert!(key.starts_with("statusmark-Linux-X64-image-source-"), "{key}");
    assert_eq!(
        run.cargo,
        [format!(
            "install --path {}/crates/statusmark --locked --root {dir}",
            repo_root().display()
        )]
    );
    // Saved right after the install, with the binary in it.
    assert_eq!(run.saved, [(dir.clone(), key.clone(), true)]);
    assert_eq!(run.outputs["bin"], format!("{dir}/bin/statusmark"));
    assert_eq!(
        run.outputs["version"],
        format!("statusmark {}", env!("CARGO_PKG_VERSION"))
    );
    assert_eq!(run.outputs["out"], "public");
    assert!(runner.path("workspace/public/index.html").is_file(), "{}", run.log);
    // notify is off by default: it neither ran nor recorded anything.
    assert!(!runner.path("workspace/.statusmark").exists(), "{}", run.log);
}

#[test]
fn a_cached_binary_is_used_as_is_and_notify_runs_when_asked() {
    let runner = Runner::new("site");
    let run = runner.run(
        &[
            ("root", "site"),
            ("out", "www"),
            ("args", "--no-widget  --deny-warnings"),
            ("notify", "true"),
            ("notify-args", "--dry-run"),
        ],
        true,
    );
    assert!(run.ok, "{}", run.log);
    assert_eq!(run.cargo, Vec::<String>::new(), "compiled although cached");
    assert!(run.saved.is_empty(), "saved a cache that was hit");
    assert!(run.log.contains("using the cached binary"), "{}", run.log);
    assert_eq!(run.outputs["out"], "site/www");
    assert!(runner.path("workspace/site/www/index.html").is_file(), "{}", run.log);
    assert!(run.log.contains("dry run: 0 message(s) would be sent"), "{}", run.log);
    // The same key as a first run would have used: the cache is found again.
    let first = Runner::new(".").run(&[], false);
    assert_eq!(run.steps["plan"]["key"], first.steps["plan"]["key"]);
}

#[test]
fn notify_alone_records_its_starting_point_in_the_site() {
    let runner = Runner::new(".");
    let run = runner.run(&[("build", "false"), ("notify", "true")], true);
    assert!(run.ok, "{}", run.log);
    assert!(
        !runner.path("workspace/public").exists(),
        "built although build is false"
    );
    assert!(
        runner.path("workspace/.statusmark/notify-record.jsonl").is_file(),
        "{}",
        run.log
    );
}

#[test]
fn a_version_installs_that_release_from_crates_io_under_its_own_key() {
    let runner = Runner::new(".");
    let run = runner.run(&[("version", "0.1.0"), ("args", "--no-widget")], false);
    assert!(run.ok, "{}", run.log);
    let dir = &run.steps["plan"]["dir"];
    assert_eq!(run.steps["plan"]["key"], "statusmark-Linux-X64-image-crates-io-0.1.0");
    assert_eq!(
        run.cargo,
        [format!("install statusmark --locked --version 0.1.0 --root {dir}")]
    );
}

#[test]
fn a_switch_that_is_neither_true_nor_false_stops_the_action() {
    for (input, value) in [("notify", "yes"), ("build", "True")] {
        let run = Runner::new(".").run(&[(input, value)], true);
        assert!(!run.ok, "{input}={value} was accepted");
        assert!(
            run.log
                .contains(&format!("the input {input} is \"{value}\"; write true or false")),
            "{}",
            run.log
        );
    }
}

#[test]
fn a_failed_build_fails_the_action() {
    let runner = Runner::new(".");
    std::fs::write(runner.path("workspace/content/statusmark.toml"), "title = \n").unwrap();
    let run = runner.run(&[], true);
    assert!(!run.ok, "{}", run.log);
    assert!(run.log.contains("statusmark.toml"), "{}", run.log);
}

/// Scripts read inputs only through `env:`: an input holding `$(…)` or `"` is a value, never shell.
#[test]
fn no_run_step_interpolates_an_expression_and_every_name_exists() {
    let action = action();
    let inputs = action["inputs"].as_object().unwrap();
    let mut seen_ids = Vec::new();
    let names = |text: &str, seen_ids: &[String], what: &str| {
        for expr in expressions(text) {
            let name = expr.split_whitespace().next().unwrap();
            if let Some(input) = name.strip_prefix("inputs.") {
                assert!(inputs.contains_key(input), "{what}: undeclared input {input}");
            } else if let Some(rest) = name.strip_prefix("steps.") {
                let id = rest.split('.').next().unwrap();
                assert!(seen_ids.iter().any(|s| s == id), "{what}: no earlier step {id}");
            } else {
                assert!(["github.action_path"].contains(&name), "{what}: {name}");
            }
        }
    };
    for step in action["runs"]["steps"].as_array().unwrap() {
        if let Some(run) = step["run"].as_str() {
            assert!(!run.contains("${{"), "an expression inside a script: {run}");
        }
        for (_, v) in step["env"]
            .as_object()
            .into_iter()
            .chain(step["with"].as_object())
            .flatten()
        {
            names(&str_of(v), &seen_ids, "step");
        }
        if let Some(cond) = step["if"].as_str() {
            names(&format!("${{{{ {cond} }}}}"), &seen_ids, "if");
        }
        if let Some(id) = step["id"].as_str() {
            seen_ids.push(id.to_owned());
        }
    }
    for (name, output) in action["outputs"].as_object().unwrap() {
        names(output["value"].as_str().unwrap(), &seen_ids, name);
    }
}

#[test]
fn an_input_with_shell_in_it_stays_a_value() {
    let runner = Runner::new(".");
    let run = runner.run(&[("out", "p$(touch pwned)\"`touch pwned2`")], true);
    assert!(run.ok, "{}", run.log);
    assert!(!runner.path("workspace/pwned").exists() && !runner.path("workspace/pwned2").exists());
    assert!(
        runner
            .path("workspace/p$(touch pwned)\"`touch pwned2`/index.html")
            .is_file()
    );
}

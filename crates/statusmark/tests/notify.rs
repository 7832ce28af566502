//! `statusmark notify` through the real binary against real HTTP receivers on 127.0.0.1: events
//! once per channel across runs, signatures a receiver can verify, Statuspage's payload shape,
//! retries, refusals, and a run killed halfway.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;

#[path = "support/sink.rs"]
mod sink;

const SECRET: &str = "test-secret-value";

/// One request a receiver got, and what it answered.
#[derive(Clone, Debug)]
struct Received {
    headers: BTreeMap<String, String>,
    body: Vec<u8>,
    answered: u16,
    at: Instant,
}

impl Received {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap()
    }
    fn event(&self) -> String {
        self.headers.get("x-statusmark-event").cloned().unwrap_or_default()
    }
    fn event_id(&self) -> String {
        self.headers.get("x-statusmark-event-id").cloned().unwrap_or_default()
    }
}

/// What a receiver does with its n-th request (from 1).
#[derive(Clone)]
enum Reply {
    Status(u16),
    RetryAfter(u16, u64),
    /// Answer only after this long.
    Slow(Duration, u16),
    /// Never answer (until the test ends).
    Hold,
}

struct Receiver {
    url: String,
    log: Arc<Mutex<Vec<Received>>>,
}

impl Receiver {
    fn new(script: impl Fn(usize) -> Reply + Send + Sync + 'static) -> Receiver {
        Receiver::notifying(script, None)
    }

    /// A receiver that also tells `tx` the number of each request as it arrives.
    fn notifying(script: impl Fn(usize) -> Reply + Send + Sync + 'static, tx: Option<mpsc::Sender<usize>>) -> Receiver {
        let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
        let url = format!("http://{}/hook", server.server_addr().to_ip().unwrap());
        let log: Arc<Mutex<Vec<Received>>> = Arc::default();
        let (log2, script) = (Arc::clone(&log), Arc::new(script));
        std::thread::spawn(move || {
            let mut n = 0;
            for mut request in server.incoming_requests() {
                n += 1;
                let mut body = Vec::new();
                std::io::Read::read_to_end(request.as_reader(), &mut body).unwrap();
                let headers = request
                    .headers()
                    .iter()
                    .map(|h| {
                        (
                            h.field.as_str().as_str().to_ascii_lowercase(),
                            h.value.as_str().to_owned(),
                        )
                    })
                    .collect();
                if let Some(tx) = &tx {
                    tx.send(n).ok();
                }
                let reply = script(n);
                let (status, extra, pause) = match reply {
                    Reply::Status(s) => (s, None, Duration::ZERO),
                    Reply::RetryAfter(s, secs) => (s, Some(secs), Duration::ZERO),
                    Reply::Slow(d, s) => (s, None, d),
                    Reply::Hold => (0, None, Duration::from_secs(600)),
                };
                // Logged on arrival, with the answer it is going to get.
                log2.lock().unwrap().push(Received {
                    headers,
                    body,
                    answered: status,
                    at: Instant::now(),
                });
                std::thread::spawn(move || {
                    std::thread::sleep(pause);
                    let mut resp = tiny_http::Response::from_string(format!("request {n}")).with_status_code(status);
                    if let Some(secs) = extra {
                        resp.add_header(tiny_http::Header::from_bytes("Retry-After", secs.to_string()).unwrap());
                    }
                    request.respond(resp).ok();
                });
            }
        });
        Receiver { url, log }
    }

    fn got(&self) -> Vec<Received> {
        self.log.lock().unwrap().clone()
    }

    /// The event ids of the requests answered (or being answered) with success, in order.
    fn delivered(&self) -> Vec<String> {
        self.got()
            .iter()
            .filter(|r| (200..300).contains(&r.answered))
            .map(Received::event_id)
            .collect()
    }
}

fn verify(r: &Received) {
    let header = r.headers.get("x-statusmark-signature").expect("signed");
    let (t, v1) = header.split_once(',').unwrap();
    let t = t.strip_prefix("t=").unwrap();
    let v1 = v1.strip_prefix("v1=").unwrap();
    let age = jiff::Timestamp::now().as_second() - t.parse::<i64>().unwrap();
    assert!((0..300).contains(&age), "signature time {t} is {age} s old");
    let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(format!("{t}.").as_bytes());
    mac.update(&r.body);
    let hex: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(hex, v1, "the signature verifies");
    let mut wrong = Hmac::<Sha256>::new_from_slice(b"another secret").unwrap();
    wrong.update(format!("{t}.").as_bytes());
    wrong.update(&r.body);
    let wrong: String = wrong
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_ne!(wrong, v1);
}

fn site(notify: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("content/maintenance")).unwrap();
    std::fs::create_dir_all(root.join("incidents")).unwrap();
    let config = format!(
        "title = \"Acme Status\"\nbase_url = \"https://status.acme.test/\"\n\n\
         [[components]]\nid = \"api\"\nname = \"API\"\n\n[[components]]\nid = \"web\"\nname = \"Web\"\n\n{notify}"
    );
    std::fs::write(root.join("content/statusmark.toml"), config).unwrap();
    std::fs::write(
        root.join("incidents/2026-11-10-web-down.md"),
        "---\ntitle: Web app unavailable\nimpact: critical\nstarted: 2026-11-10T10:00:00Z\nresolved: 2026-11-10T11:00:00Z\ncomponents:\n  web: major_outage\n---\n\nThe web app did not load.\n\n## Resolved — 2026-11-10T11:00:00Z\nBack.\n\n## Investigating — 2026-11-10T10:00:00Z\nLooking.\n",
    )
    .unwrap();
    std::fs::write(
        root.join("content/maintenance/2026-12-01-db-upgrade.md"),
        "---\ntitle: Database upgrade\nscheduled_for: 2026-12-01T14:00:00Z\nscheduled_until: 2026-12-01T15:00:00Z\ncomponents: [web]\nannounced: 2026-11-28T09:00:00Z\n---\n\nThe database moves to a new version.\n",
    )
    .unwrap();
    dir
}

fn incident(root: &Path, slug: &str, title: &str, at: &str, body: &str) {
    let text = format!(
        "---\ntitle: {title:?}\nimpact: major\nstarted: {at}\ncomponents:\n  api: partial_outage\n---\n\n## Investigating — {at}\n{body}\n"
    );
    std::fs::write(root.join(format!("incidents/{slug}.md")), text).unwrap();
}

fn notify(root: &Path, now: &str, env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_statusmark"));
    cmd.args(["notify", "--root", root.to_str().unwrap(), "--now", now]);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

/// The author's `statusmark update` on the test incident: Identified at 12:30.
fn post_update(root: &Path) {
    let o = Command::new(env!("CARGO_BIN_EXE_statusmark"))
        .args(["update", "incidents/2026-12-01-api-errors.md", "--status", "identified"])
        .args([
            "Rolling back.",
            "--root",
            root.to_str().unwrap(),
            "--at",
            "2026-12-01T12:30:00Z",
        ])
        .current_dir(root)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", err(&o));
}

/// `notify` that must succeed.
fn succeed(root: &Path, now: &str, env: &[(&str, &str)]) -> Output {
    let o = notify(root, now, env);
    assert!(o.status.success(), "{}", err(&o));
    o
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `notify --dry-run` writing into `out`, which must succeed.
fn dry_run(root: &Path, out: &Path, now: &str, hook: &str) -> Output {
    let o = Command::new(env!("CARGO_BIN_EXE_statusmark"))
        .args(["notify", "--dry-run", "--out", out.to_str().unwrap()])
        .args(["--root", root.to_str().unwrap(), "--now", now])
        .env("T_HOOK", hook)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", err(&o));
    o
}

fn kinds(list: &[Received]) -> Vec<String> {
    list.iter().map(Received::event).collect()
}

#[test]
fn each_change_reaches_each_channel_once_across_runs() {
    let hook = Receiver::new(|_| Reply::Status(200));
    let chat = Receiver::new(|_| Reply::Status(200));
    let dir = site(
        "[notify]\nattempts = 2\ntimeout = \"5s\"\n\n[[notify.webhook]]\nurl_env = \"T_HOOK_URL\"\nsecret_env = \"T_SECRET\"\n\n[[notify.slack]]\nurl_env = \"T_SLACK_URL\"\n",
    );
    let root = dir.path();
    let env = [
        ("T_HOOK_URL", hook.url.as_str()),
        ("T_SECRET", SECRET),
        ("T_SLACK_URL", chat.url.as_str()),
    ];
    let run = |now: &str| succeed(root, now, &env);

    // A first run on a site with history sends nothing and starts the record.
    let o = run("2026-12-01T12:00:00Z");
    assert!(err(&o).contains("first run"), "{}", err(&o));
    assert!(hook.got().is_empty() && chat.got().is_empty());
    assert!(root.join(".statusmark/notify-record.jsonl").is_file());

    // A new incident: one event per channel (the webhook also hears of the component change).
    incident(
        root,
        "2026-12-01-api-errors",
        "Elevated API errors",
        "2026-12-01T12:10:00Z",
        "Errors on the API.",
    );
    run("2026-12-01T12:15:00Z");
    assert_eq!(kinds(&hook.got()), ["component.updated", "incident.created"]);
    assert_eq!(kinds(&chat.got()), ["incident.created"]);

    // Again: nothing.
    run("2026-12-01T12:16:00Z");
    assert_eq!(hook.got().len(), 2);
    assert_eq!(chat.got().len(), 1);

    // An update through the author's command: one event.
    post_update(root);
    run("2026-12-01T12:35:00Z");
    assert_eq!(kinds(&hook.got())[2..], ["incident.updated"]);
    assert_eq!(kinds(&chat.got())[1..], ["incident.updated"]);
    let update = hook.got()[2].json();
    assert_eq!(update["incident"]["incident_updates"][0]["status"], "identified");
    assert_eq!(update["incident"]["incident_updates"].as_array().unwrap().len(), 2);

    // The clock passes the 1-hour reminder (the 24-hour one fell before the first run), then the
    // window's start: each once.
    run("2026-12-01T13:05:00Z");
    assert_eq!(kinds(&hook.got())[3..], ["maintenance.reminder"]);
    run("2026-12-01T14:10:00Z");
    run("2026-12-01T14:20:00Z");
    assert_eq!(kinds(&hook.got())[4..], ["component.updated", "maintenance.started"]);
    assert_eq!(kinds(&chat.got())[2..], ["maintenance.reminder", "maintenance.started"]);

    // Every webhook request is signed, names its event, and has Statuspage's shape.
    for r in hook.got() {
        verify(&r);
        let body = r.json();
        assert_eq!(body["meta"]["event_id"], r.event_id());
        assert_eq!(body["meta"]["event_type"], r.event());
        let fixture = if body.get("component_update").is_some() {
            "component_status_update.json"
        } else {
            "incident_update.json"
        };
        let theirs: Value = serde_json::from_str(
            &std::fs::read_to_string(
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("../../tests/fixtures/statuspage-webhooks")
                    .join(fixture),
            )
            .unwrap(),
        )
        .unwrap();
        same_shape(&body, &theirs, "$");
    }
    let created = hook
        .got()
        .into_iter()
        .find(|r| r.event() == "incident.created")
        .unwrap()
        .json();
    assert_eq!(created["incident"]["name"], "Elevated API errors");
    assert_eq!(
        created["incident"]["shortlink"],
        "https://status.acme.test/incidents/2026-12-01-api-errors/"
    );
    assert_eq!(created["page"]["status_indicator"], "major");
    let change = hook
        .got()
        .into_iter()
        .find(|r| r.event() == "component.updated")
        .unwrap()
        .json();
    assert_eq!(change["component_update"]["old_status"], "operational");
    assert_eq!(change["component_update"]["new_status"], "partial_outage");
    assert_eq!(change["component"]["name"], "API");
}

/// Every key of `theirs` is in `ours`, with the same JSON type where both have a value.
fn same_shape(ours: &Value, theirs: &Value, path: &str) {
    match (ours, theirs) {
        (Value::Object(o), Value::Object(t)) => {
            for (k, tv) in t {
                let ov = o.get(k).unwrap_or_else(|| panic!("{path}.{k} is missing"));
                same_shape(ov, tv, &format!("{path}.{k}"));
            }
        }
        (Value::Array(o), Value::Array(t)) => {
            if let (Some(o), Some(t)) = (o.first(), t.first()) {
                same_shape(o, t, &format!("{path}[0]"));
            }
        }
        (Value::Null, _) | (_, Value::Null) => {}
        (o, t) => assert_eq!(
            std::mem::discriminant(o),
            std::mem::discriminant(t),
            "{path}: {o} is not of the type of {t}"
        ),
    }
}

#[test]
fn failures_are_retried_refusals_reported_and_nothing_repeated() {
    let flaky = Receiver::new(|n| Reply::Status(if n <= 2 { 500 } else { 200 }));
    let slow = Receiver::new(|n| {
        if n == 1 {
            Reply::Slow(Duration::from_secs(4), 200)
        } else {
            Reply::Status(200)
        }
    });
    let gone = Receiver::new(|_| Reply::Status(410));
    let limited = Receiver::new(|n| {
        if n == 1 {
            Reply::RetryAfter(429, 2)
        } else {
            Reply::Status(200)
        }
    });
    let mut notify_section = String::from("[notify]\nattempts = 3\ntimeout = \"1s\"\n");
    for name in ["FLAKY", "SLOW", "GONE", "LIMITED"] {
        notify_section.push_str(&format!(
            "\n[[notify.webhook]]\nname = \"{}\"\nurl_env = \"T_{name}\"\nevents = [\"incident\"]\n",
            name.to_lowercase()
        ));
    }
    let dir = site(&notify_section);
    let root = dir.path();
    let env = [
        ("T_FLAKY", flaky.url.as_str()),
        ("T_SLOW", slow.url.as_str()),
        ("T_GONE", gone.url.as_str()),
        ("T_LIMITED", limited.url.as_str()),
    ];
    assert!(notify(root, "2026-12-01T12:00:00Z", &env).status.success());
    incident(
        root,
        "2026-12-01-api-errors",
        "Elevated API errors",
        "2026-12-01T12:10:00Z",
        "Errors.",
    );
    let o = notify(root, "2026-12-01T12:15:00Z", &env);
    // One refusal makes the run fail, after everything else was delivered and recorded.
    assert!(!o.status.success());
    let e = err(&o);
    assert!(
        e.contains("REJECTED incident.created") && e.contains("to gone") && e.contains("410"),
        "{e}"
    );
    assert_eq!(flaky.got().len(), 3, "500, 500, then 200");
    assert_eq!(flaky.delivered().len(), 1);
    assert!(slow.got().len() >= 2, "the timed-out attempt was retried");
    assert_eq!(gone.got().len(), 1, "a 410 is not retried");
    let l = limited.got();
    assert_eq!(l.len(), 2);
    assert!(
        l[1].at - l[0].at >= Duration::from_millis(1500),
        "Retry-After was honoured"
    );

    // The next run sends nothing again, not even to the receiver that refused.
    let o = notify(root, "2026-12-01T12:20:00Z", &env);
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(flaky.delivered().len(), 1);
    assert_eq!(gone.got().len(), 1);
    assert_eq!(limited.delivered().len(), 1);
}

#[test]
fn a_run_killed_after_the_first_delivery_sends_the_rest_once() {
    let (tx, rx) = mpsc::channel();
    let hook = Receiver::notifying(|n| if n == 2 { Reply::Hold } else { Reply::Status(200) }, Some(tx));
    let dir =
        site("[notify]\ntimeout = \"60s\"\n\n[[notify.webhook]]\nurl_env = \"T_HOOK\"\nevents = [\"incident\"]\n");
    let root = dir.path();
    let env = [("T_HOOK", hook.url.as_str())];
    assert!(notify(root, "2026-12-01T12:00:00Z", &env).status.success());
    incident(root, "2026-12-01-a", "First", "2026-12-01T12:10:00Z", "One.");
    incident(root, "2026-12-01-b", "Second", "2026-12-01T12:11:00Z", "Two.");
    let mut child = Command::new(env!("CARGO_BIN_EXE_statusmark"))
        .args([
            "notify",
            "--root",
            root.to_str().unwrap(),
            "--now",
            "2026-12-01T12:15:00Z",
        ])
        .env("T_HOOK", &hook.url)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // The second request arrives and is never answered: kill the process there.
    assert_eq!(rx.recv_timeout(Duration::from_secs(30)).unwrap(), 1);
    assert_eq!(rx.recv_timeout(Duration::from_secs(30)).unwrap(), 2);
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(hook.delivered().len(), 1);

    let o = notify(root, "2026-12-01T12:16:00Z", &env);
    assert!(o.status.success(), "{}", err(&o));
    let delivered = hook.delivered();
    assert_eq!(delivered.len(), 2, "{delivered:?}");
    assert!(delivered[0].starts_with("incident/2026-12-01-a/"));
    assert!(delivered[1].starts_with("incident/2026-12-01-b/"));
    let o = notify(root, "2026-12-01T12:17:00Z", &env);
    assert!(o.status.success());
    assert_eq!(hook.delivered().len(), 2);
}

#[test]
fn a_named_but_unset_variable_sends_nothing() {
    let hook = Receiver::new(|_| Reply::Status(200));
    let dir = site("[[notify.webhook]]\nurl_env = \"T_HOOK\"\nsecret_env = \"T_UNSET_SECRET\"\n");
    let o = notify(dir.path(), "2026-12-01T12:00:00Z", &[("T_HOOK", hook.url.as_str())]);
    assert!(!o.status.success());
    assert!(err(&o).contains("T_UNSET_SECRET"), "{}", err(&o));
    assert!(!err(&o).contains(&hook.url), "no secret in the output");
    assert!(!dir.path().join(".statusmark").exists(), "no record written");
    assert!(hook.got().is_empty());
}

#[test]
fn the_dry_run_writes_messages_and_changes_nothing() {
    let hook = Receiver::new(|_| Reply::Status(200));
    let dir = site("[[notify.webhook]]\nurl_env = \"T_HOOK\"\n\n[[notify.discord]]\nurl_env = \"T_HOOK\"\n");
    let root = dir.path();
    let env = [("T_HOOK", hook.url.as_str())];
    assert!(notify(root, "2026-12-01T12:00:00Z", &env).status.success());
    let record = root.join(".statusmark/notify-record.jsonl");
    let before = std::fs::read(&record).unwrap();
    incident(
        root,
        "2026-12-01-api-errors",
        "Elevated API errors",
        "2026-12-01T12:10:00Z",
        "Errors.",
    );
    let out = root.join("outbox");
    let o = dry_run(root, &out, "2026-12-01T12:15:00Z", &hook.url);
    assert!(err(&o).contains("would send incident.created"), "{}", err(&o));
    let mut files: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    files.sort();
    assert_eq!(files.len(), 3, "{files:?}");
    for f in &files {
        let v: Value = serde_json::from_slice(&std::fs::read(out.join(f)).unwrap()).unwrap();
        assert!(v.is_object());
    }
    assert!(hook.got().is_empty());
    assert_eq!(std::fs::read(&record).unwrap(), before);
}

fn maintenance(root: &Path, slug: &str, start: &str, end: &str, announced: &str, extra: &str) {
    std::fs::write(
        root.join(format!("content/maintenance/{slug}.md")),
        format!(
            "---\ntitle: Network work\nscheduled_for: {start}\nscheduled_until: {end}\ncomponents: [api]\nannounced: {announced}\n{extra}---\n\nSwitches are replaced.\n"
        ),
    )
    .unwrap();
}

#[test]
fn the_clock_decides_what_is_late_expired_or_news() {
    let hook = Receiver::new(|_| Reply::Status(200));
    let dir = site("[[notify.webhook]]\nurl_env = \"T_HOOK\"\nevents = [\"incident\", \"maintenance\"]\n");
    let root = dir.path();
    let env = [("T_HOOK", hook.url.as_str())];
    let run = |now: &str| succeed(root, now, &env);
    run("2026-12-01T12:00:00Z");

    // Written up after the fact, more than 6 hours later: recorded as skipped, not sent late. The
    // maintenance window of 14:00–15:00 passed unseen: its start is stale once it ended, its end
    // is news within the horizon.
    incident(
        root,
        "2026-12-01-backfill",
        "Old news",
        "2026-12-01T12:05:00Z",
        "Long over.",
    );
    run("2026-12-01T19:00:00Z");
    assert_eq!(kinds(&hook.got()), ["maintenance.completed"]);
    hook.log.lock().unwrap().clear();

    // Announced two days ahead: scheduled now; at 50 minutes before the start the 24-hour
    // reminder has given way to the 1-hour one, which alone is sent.
    maintenance(
        root,
        "2026-12-03-net",
        "2026-12-03T20:00:00Z",
        "2026-12-03T21:00:00Z",
        "2026-12-01T19:30:00Z",
        "",
    );
    run("2026-12-01T19:35:00Z");
    run("2026-12-03T19:10:00Z");
    assert_eq!(kinds(&hook.got()), ["maintenance.scheduled", "maintenance.reminder"]);
    assert!(
        hook.got()[1].event_id().contains("/reminder/1h/"),
        "{}",
        hook.got()[1].event_id()
    );

    // The window moves: one "rescheduled" event, then the reminders of the new window.
    maintenance(
        root,
        "2026-12-03-net",
        "2026-12-04T20:00:00Z",
        "2026-12-04T21:00:00Z",
        "2026-12-01T19:30:00Z",
        "",
    );
    run("2026-12-03T19:20:00Z");
    assert_eq!(kinds(&hook.got())[2..], ["maintenance.rescheduled"]);
    let body = hook.got()[2].json();
    assert_eq!(body["incident"]["scheduled_for"], "2026-12-04T20:00:00Z");

    // Cancelled: one event, and no start ever.
    maintenance(
        root,
        "2026-12-03-net",
        "2026-12-04T20:00:00Z",
        "2026-12-04T21:00:00Z",
        "2026-12-01T19:30:00Z",
        "cancelled: true\n",
    );
    run("2026-12-03T19:30:00Z");
    run("2026-12-04T20:30:00Z");
    assert_eq!(kinds(&hook.got())[3..], ["maintenance.cancelled"]);

    // A cancelled window nobody was told of is not announced as cancelled.
    maintenance(
        root,
        "2026-12-05-quiet",
        "2026-12-05T20:00:00Z",
        "2026-12-05T21:00:00Z",
        "2026-12-04T20:40:00Z",
        "cancelled: true\n",
    );
    run("2026-12-04T20:45:00Z");
    assert_eq!(kinds(&hook.got())[3..], ["maintenance.cancelled"]);
}

#[test]
fn check_reports_a_bad_notify_section() {
    let dir = site(
        "[notify]\nhorizon = \"soon\"\nreminders = [\"170000000h\"]\n\n[[notify.webhook]]\nurl_env = \"not a name\"\nevents = [\"incidnet\"]\ncomponents = [\"apii\"]\n\n[notify.email]\nsmtp_url_env = \"SMTP\"\nfrom = \"nobody\"\nsubscribers_env = \"SUBS\"\nunsubscribe_url = \"https://acme.test/unsubscribe\"\n",
    );
    let o = Command::new(env!("CARGO_BIN_EXE_statusmark"))
        .args(["check", "--root", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!o.status.success());
    let e = err(&o);
    for expected in [
        "horizon \"soon\" is not a duration",
        "reminder \"170000000h\" is not a duration",
        "\"not a name\" is not an environment variable name",
        "unknown event family \"incidnet\"",
        "did you mean \"incident\"?",
        "unknown component \"apii\"",
        "did you mean \"api\"?",
        "from \"nobody\" is not an email address",
        "unsubscribe_url has no {email} placeholder",
        "content/statusmark.toml:",
    ] {
        assert!(e.contains(expected), "missing {expected:?} in\n{e}");
    }
}

#[test]
fn hostile_text_reaches_every_channel_inert() {
    let channels = ["webhook", "slack", "discord", "teams", "google_chat"];
    let receivers: Vec<Receiver> = channels.iter().map(|_| Receiver::new(|_| Reply::Status(200))).collect();
    let mut section = String::from("[notify]\n");
    for (n, c) in channels.iter().enumerate() {
        section.push_str(&format!(
            "\n[[notify.{c}]]\nurl_env = \"T_URL_{n}\"\nevents = [\"incident\"]\n"
        ));
    }
    let dir = site(&section);
    let root = dir.path();
    let names: Vec<String> = (0..channels.len()).map(|n| format!("T_URL_{n}")).collect();
    let env: Vec<(&str, &str)> = names
        .iter()
        .map(String::as_str)
        .zip(receivers.iter().map(|r| r.url.as_str()))
        .collect();
    assert!(notify(root, "2026-12-01T12:00:00Z", &env).status.success());
    let title = "<script>alert(1)</script> <!channel> @everyone [x](http://evil.example) **b**";
    incident(
        root,
        "2026-12-01-hostile",
        title,
        "2026-12-01T12:10:00Z",
        "<img src=x onerror=alert(1)> <@U123> <http://evil.example|Click> @here ||spoiler||",
    );
    let o = notify(root, "2026-12-01T12:15:00Z", &env);
    assert!(o.status.success(), "{}", err(&o));
    let bodies: Vec<String> = receivers
        .iter()
        .map(|r| {
            let got = r.got();
            assert_eq!(got.len(), 1);
            String::from_utf8(got[0].body.clone()).unwrap()
        })
        .collect();
    // The webhook carries the data as written (JSON-escaped only); receivers escape for their use.
    let hook: Value = serde_json::from_str(&bodies[0]).unwrap();
    assert_eq!(hook["incident"]["name"], title);
    for (channel, body) in channels.iter().zip(&bodies).skip(1) {
        let json: Value = serde_json::from_str(body).unwrap();
        let mut risky = vec![
            "<script>",
            "<img",
            "<!channel>",
            "<@U123>",
            "<http://evil",
            "@everyone",
            "@here",
        ];
        // Markdown is interpreted by Discord and Teams; Slack's text here is plain, Google Chat's HTML.
        if matches!(*channel, "discord" | "teams") {
            risky.extend(["](http://evil.example)", "**b**"]);
        }
        if *channel == "discord" {
            risky.push("||spoiler||");
        }
        // What the service reads: every string; for the Markdown ones, escaped characters (shown
        // literally) stand for themselves in `shown` and for nothing in `text`.
        let mut text = String::new();
        strings(&json, &mut text);
        let mut shown = text.clone();
        if matches!(*channel, "discord" | "teams") {
            let (mut syntax, mut literal) = (String::new(), String::new());
            let mut chars = text.chars();
            while let Some(c) = chars.next() {
                if c == '\\' {
                    let escaped = chars.next().unwrap_or_default();
                    syntax.push('\u{b7}');
                    literal.push(escaped);
                } else {
                    syntax.push(c);
                    literal.push(c);
                }
            }
            (text, shown) = (syntax, literal);
        }
        for risky in risky {
            assert!(!text.contains(risky), "{channel} carries {risky:?}: {body}");
        }
        // The words themselves still reach people.
        assert!(
            shown.contains("alert(1)") && shown.contains("evil.example"),
            "{channel}: {body}"
        );
        if *channel == "discord" {
            assert_eq!(json["allowed_mentions"]["parse"], serde_json::json!([]));
        }
    }
}

fn strings(v: &Value, out: &mut String) {
    match v {
        Value::String(s) => {
            out.push_str(s);
            out.push('\n');
        }
        Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        Value::Object(o) => o.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

/// One mail the sink got: (envelope recipients, To, Message-ID, In-Reply-To, subject, HTML).
type Mail = (Vec<String>, String, String, Option<String>, String, String);

fn mails(sink: &sink::Sink) -> Vec<Mail> {
    use mail_parser::MessageParser;
    sink.received()
        .iter()
        .map(|m| {
            let msg = MessageParser::default().parse(m.data.as_bytes()).unwrap();
            let to = msg
                .to()
                .and_then(|a| a.first())
                .and_then(|a| a.address())
                .unwrap_or_default()
                .to_owned();
            let id = msg.message_id().unwrap_or_default().to_owned();
            let reply = msg.in_reply_to().as_text().map(str::to_owned);
            let subject = msg.subject().unwrap_or_default().to_owned();
            let html = msg.body_html(0).map(|h| h.into_owned()).unwrap_or_default();
            (m.rcpt_tos.clone(), to, id, reply, subject, html)
        })
        .collect()
}

#[test]
fn email_goes_to_each_subscriber_once_by_component_and_threaded() {
    let smtp = sink::Sink::start();
    let dir = site(
        "[notify]\nattempts = 2\n\n[notify.email]\nsmtp_url_env = \"T_SMTP\"\nfrom = \"Acme Status <status@acme.test>\"\nsubscribers_env = \"T_SUBSCRIBERS\"\nunsubscribe_url = \"https://acme.test/unsubscribe?email={email}\"\n",
    );
    let root = dir.path();
    let list = root.join("subscribers.txt");
    std::fs::write(
        &list,
        "# everyone\nall@example.test\napi-only@example.test api\nweb-only@example.test web\nrefuse-me@example.test\n",
    )
    .unwrap();
    let url = smtp.url();
    let env = [("T_SMTP", url.as_str()), ("T_SUBSCRIBERS", list.to_str().unwrap())];
    assert!(notify(root, "2026-12-01T12:00:00Z", &env).status.success());
    assert!(smtp.received().is_empty(), "a first run mails nobody");

    incident(
        root,
        "2026-12-01-api-errors",
        "API <b>errors</b> & \"timeouts\"",
        "2026-12-01T12:10:00Z",
        "Errors <script>alert(1)</script>.",
    );
    let o = notify(root, "2026-12-01T12:15:00Z", &env);
    // A refused address is reported, recorded, and does not fail the run or stop the others.
    assert!(o.status.success(), "{}", err(&o));
    assert!(err(&o).contains("1 email recipient(s) refused"), "{}", err(&o));
    let first = mails(&smtp);
    let mut to: Vec<&str> = first.iter().map(|m| m.1.as_str()).collect();
    to.sort_unstable();
    assert_eq!(
        to,
        ["all@example.test", "api-only@example.test"],
        "web-only follows another component"
    );
    for (rcpt, to, _, reply, subject, html) in &first {
        assert_eq!(rcpt, &vec![to.clone()], "one recipient per message");
        assert!(reply.is_none());
        assert!(subject.contains("API <b>errors</b>"), "{subject}");
        assert!(html.contains("API &lt;b&gt;errors&lt;"), "{html}");
        assert!(!html.contains("<script>") && !html.contains("<b>errors"), "{html}");
    }

    // Nothing twice; then an update, threaded under the first mail of each recipient.
    assert!(notify(root, "2026-12-01T12:16:00Z", &env).status.success());
    assert_eq!(smtp.received().len(), 2);
    post_update(root);
    assert!(notify(root, "2026-12-01T12:35:00Z", &env).status.success());
    let all = mails(&smtp);
    assert_eq!(all.len(), 4);
    for (_, to, _, reply, _, _) in &all[2..] {
        let root_id = &first.iter().find(|m| &m.1 == to).unwrap().2;
        assert_eq!(reply.as_ref(), Some(root_id), "{to}'s update replies to the first mail");
    }

    // The maintenance on `web` reaches web-only and all, not api-only.
    assert!(notify(root, "2026-12-01T13:05:00Z", &env).status.success());
    let mut to: Vec<String> = mails(&smtp)[4..].iter().map(|m| m.1.clone()).collect();
    to.sort_unstable();
    assert_eq!(to, ["all@example.test", "web-only@example.test"]);
    // The record names no address.
    let record = std::fs::read_to_string(root.join(".statusmark/notify-record.jsonl")).unwrap();
    assert!(!record.contains("example.test"), "{record}");
}

#[test]
fn a_retry_goes_to_the_failed_recipient_only() {
    let down = Receiver::new(|n| Reply::Status(if n == 1 { 503 } else { 200 }));
    let up = Receiver::new(|_| Reply::Status(200));
    let later = Receiver::new(|_| Reply::Status(200));
    let hook = |n: &str| format!("\n[[notify.webhook]]\nurl_env = \"T_{n}\"\nevents = [\"incident\"]\n");
    let dir = site(&format!("[notify]\nattempts = 1\n{}{}", hook("DOWN"), hook("UP")));
    let root = dir.path();
    let env = [
        ("T_DOWN", down.url.as_str()),
        ("T_UP", up.url.as_str()),
        ("T_LATER", later.url.as_str()),
    ];
    assert!(notify(root, "2026-12-01T12:00:00Z", &env).status.success());
    incident(
        root,
        "2026-12-01-api-errors",
        "Elevated API errors",
        "2026-12-01T12:10:00Z",
        "Errors.",
    );
    let o = notify(root, "2026-12-01T12:15:00Z", &env);
    assert!(!o.status.success(), "a pending delivery fails the run");
    assert!(err(&o).contains("FAILED") && err(&o).contains("503"), "{}", err(&o));
    assert_eq!((down.delivered().len(), up.delivered().len()), (0, 1));

    // A receiver added since is not sent the past event; the failed one is, once.
    let config = root.join("content/statusmark.toml");
    let text = std::fs::read_to_string(&config).unwrap() + &hook("LATER");
    std::fs::write(&config, text).unwrap();
    for now in ["2026-12-01T12:20:00Z", "2026-12-01T12:25:00Z"] {
        let o = notify(root, now, &env);
        assert!(o.status.success(), "{}", err(&o));
    }
    assert_eq!(
        (down.delivered().len(), up.delivered().len(), later.got().len()),
        (1, 1, 0)
    );
}

fn write(root: &Path, rel: &str, text: &str) {
    std::fs::write(root.join(rel), text).unwrap();
}

#[test]
fn ids_follow_roles_so_edits_do_not_announce_twice() {
    let hook = Receiver::new(|_| Reply::Status(200));
    let dir = site("[[notify.webhook]]\nurl_env = \"T_HOOK\"\nevents = [\"incident\"]\n");
    let root = dir.path();
    let env = [("T_HOOK", hook.url.as_str())];
    let run = |now: &str| succeed(root, now, &env);
    run("2026-12-01T12:00:00Z");
    let head = "---\ntitle: Slow API\nimpact: minor\nstarted: 2026-12-01T12:10:00Z\ncomponents:\n  api: degraded_performance\n";
    // Opened with a summary only, then given its first heading: one "created".
    write(
        root,
        "incidents/2026-12-01-slow.md",
        &format!("{head}---\n\nThe API is slow.\n"),
    );
    run("2026-12-01T12:12:00Z");
    write(
        root,
        "incidents/2026-12-01-slow.md",
        &format!("{head}---\n\nThe API is slow.\n\n## Investigating — 2026-12-01T12:10:00Z\nLooking.\n"),
    );
    run("2026-12-01T12:13:00Z");
    // Two updates in one second: both go out.
    write(
        root,
        "incidents/2026-12-01-slow.md",
        &format!(
            "{head}---\n\nThe API is slow.\n\n## Monitoring — 2026-12-01T12:20:00Z\nFixed.\n\n## Identified — 2026-12-01T12:20:00Z\nFound it.\n\n## Investigating — 2026-12-01T12:10:00Z\nLooking.\n"
        ),
    );
    run("2026-12-01T12:21:00Z");
    // Resolved in the front matter, then the Resolved update `check` asks for: one "resolved".
    let resolved = head.replace("started:", "resolved: 2026-12-01T12:30:00Z\nstarted:");
    let body = "---\n\nThe API is slow.\n\n## Monitoring — 2026-12-01T12:20:00Z\nFixed.\n\n## Identified — 2026-12-01T12:20:00Z\nFound it.\n\n## Investigating — 2026-12-01T12:10:00Z\nLooking.\n";
    write(root, "incidents/2026-12-01-slow.md", &format!("{resolved}{body}"));
    run("2026-12-01T12:31:00Z");
    write(
        root,
        "incidents/2026-12-01-slow.md",
        &format!(
            "{resolved}{}",
            body.replace(
                "\n\n## Monitoring",
                "\n\n## Resolved — 2026-12-01T12:30:00Z\nAll good.\n\n## Monitoring"
            )
        ),
    );
    run("2026-12-01T12:32:00Z");
    assert_eq!(
        kinds(&hook.got()),
        [
            "incident.created",
            "incident.updated",
            "incident.updated",
            "incident.resolved"
        ]
    );
    let ids: Vec<String> = hook.got().iter().map(Received::event_id).collect();
    assert_eq!(ids[0], "incident/2026-12-01-slow/created");
    assert_ne!(ids[1], ids[2]);
    assert_eq!(ids[3], "incident/2026-12-01-slow/resolved");
}

#[test]
fn a_notice_is_announced_when_first_seen_and_reminded_on_time() {
    let hook = Receiver::new(|_| Reply::Status(200));
    let dir = site("[[notify.webhook]]\nurl_env = \"T_HOOK\"\nevents = [\"maintenance\"]\n");
    let root = dir.path();
    let env = [("T_HOOK", hook.url.as_str())];
    let run = |now: &str| succeed(root, now, &env);
    run("2026-12-01T16:00:00Z");
    // No `announced` at all: news on the first run that sees it.
    write(
        root,
        "content/maintenance/2026-12-08-net.md",
        "---\ntitle: Network work\nscheduled_for: 2026-12-08T20:00:00Z\nscheduled_until: 2026-12-08T21:00:00Z\ncomponents: [api]\n---\n\nSwitches.\n",
    );
    // Announced long before it was merged (a pull request that waited): still news, the window is ahead.
    maintenance(
        root,
        "2026-12-09-db",
        "2026-12-09T20:00:00Z",
        "2026-12-09T21:00:00Z",
        "2026-11-20T09:00:00Z",
        "",
    );
    run("2026-12-01T17:00:00Z");
    run("2026-12-07T20:05:00Z");
    run("2026-12-08T19:05:00Z");
    let ids: Vec<String> = hook.got().iter().map(Received::event_id).collect();
    assert_eq!(
        ids,
        [
            "maintenance/2026-12-09-db/scheduled/2026-12-09T20:00:00Z/2026-12-09T21:00:00Z",
            "maintenance/2026-12-08-net/scheduled/2026-12-08T20:00:00Z/2026-12-08T21:00:00Z",
            "maintenance/2026-12-08-net/reminder/24h/2026-12-08T20:00:00Z",
            "maintenance/2026-12-08-net/reminder/1h/2026-12-08T20:00:00Z",
        ]
    );
}

#[test]
fn an_undated_event_to_a_dead_endpoint_is_given_up_at_the_horizon() {
    let dead = Receiver::new(|_| Reply::Status(503));
    // The same address twice is one recipient.
    let dir = site(
        "[notify]\nattempts = 1\n\n[[notify.webhook]]\nurl_env = \"T_DEAD\"\nevents = [\"incident\"]\n\n[[notify.webhook]]\nurl_env = \"T_DEAD\"\nevents = [\"incident\"]\n",
    );
    let root = dir.path();
    let env = [("T_DEAD", dead.url.as_str())];
    assert!(notify(root, "2026-12-01T12:00:00Z", &env).status.success());
    let path = root.join("incidents/2026-11-10-web-down.md");
    let text = std::fs::read_to_string(&path).unwrap() + "\n## Postmortem\nA config push.\n";
    std::fs::write(&path, text).unwrap();
    assert!(!notify(root, "2026-12-01T12:05:00Z", &env).status.success());
    assert_eq!(dead.got().len(), 1, "one request, not one per duplicate endpoint");
    assert!(!notify(root, "2026-12-01T13:00:00Z", &env).status.success());
    assert_eq!(dead.got().len(), 2, "retried while fresh");
    let o = notify(root, "2026-12-01T19:00:00Z", &env);
    assert!(o.status.success(), "given up after the horizon: {}", err(&o));
    assert!(notify(root, "2026-12-01T20:00:00Z", &env).status.success());
    assert_eq!(dead.got().len(), 2);
}

#[test]
fn no_subscriber_address_reaches_the_log_or_the_record() {
    let smtp = sink::Sink::start();
    let dir = site(
        "[notify]\nattempts = 1\n\n[notify.email]\nsmtp_url_env = \"T_SMTP\"\nfrom = \"status@acme.test\"\nsubscribers_env = \"T_SUBSCRIBERS\"\n",
    );
    let root = dir.path();
    let list = root.join("subscribers.txt");
    std::fs::write(
        &list,
        "greylist-me@example.test\nrefuse-me@example.test\nok@example.test\n",
    )
    .unwrap();
    let url = smtp.url();
    let env = [("T_SMTP", url.as_str()), ("T_SUBSCRIBERS", list.to_str().unwrap())];
    assert!(notify(root, "2026-12-01T12:00:00Z", &env).status.success());
    incident(
        root,
        "2026-12-01-api-errors",
        "Errors",
        "2026-12-01T12:10:00Z",
        "Errors.",
    );
    let o = notify(root, "2026-12-01T12:15:00Z", &env);
    assert!(!o.status.success(), "the greylisted one is pending");
    let record = std::fs::read_to_string(root.join(".statusmark/notify-record.jsonl")).unwrap();
    let e = err(&o);
    assert!(e.contains("451") && e.contains("550"), "{e}");
    assert!(record.contains("451"), "the pending one's reason is kept: {record}");
    for text in [e, record] {
        assert!(!text.contains("example.test"), "{text}");
    }
    // Next run: the greylisted address is accepted; nobody else is mailed again.
    assert!(notify(root, "2026-12-01T12:20:00Z", &env).status.success());
    let mut to: Vec<String> = smtp.received().iter().flat_map(|m| m.rcpt_tos.clone()).collect();
    to.sort();
    assert_eq!(to, ["greylist-me@example.test", "ok@example.test"]);
}

/// The author's `statusmark update` on a maintenance notice.
fn maintenance_update(root: &Path, rel: &str, status: &str, text: &str, at: &str) {
    let o = Command::new(env!("CARGO_BIN_EXE_statusmark"))
        .args([
            "update",
            rel,
            "--status",
            status,
            text,
            "--root",
            root.to_str().unwrap(),
            "--at",
            at,
        ])
        .current_dir(root)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", err(&o));
}

/// #18: a phase change an update states is that event, with the update's text, exactly once; the
/// clock's start and end of the same window add nothing after it, and a plain update is an update.
#[test]
fn stated_maintenance_phases_are_told_once_as_the_phase_change() {
    let hook = Receiver::new(|_| Reply::Status(200));
    let dir = site("[[notify.webhook]]\nurl_env = \"T_HOOK\"\nevents = [\"maintenance\"]\n");
    let root = dir.path();
    let env = [("T_HOOK", hook.url.as_str())];
    let run = |now: &str| succeed(root, now, &env);
    let rel = "content/maintenance/2026-12-01-db-upgrade.md";
    run("2026-11-30T00:00:00Z");
    // Started ten minutes early by the author.
    maintenance_update(root, rel, "in_progress", "We started early.", "2026-12-01T13:50:00Z");
    run("2026-12-01T13:55:00Z");
    run("2026-12-01T14:05:00Z");
    maintenance_update(root, rel, "update", "Half way.", "2026-12-01T14:20:00Z");
    run("2026-12-01T14:25:00Z");
    maintenance_update(root, rel, "completed", "Done early.", "2026-12-01T14:40:00Z");
    run("2026-12-01T14:45:00Z");
    run("2026-12-01T15:05:00Z");
    let got = hook.got();
    assert_eq!(
        kinds(&got),
        ["maintenance.started", "maintenance.updated", "maintenance.completed"]
    );
    assert_eq!(
        got.iter().map(Received::event_id).collect::<Vec<_>>(),
        [
            "maintenance/2026-12-01-db-upgrade/started/2026-12-01T14:00:00Z",
            "maintenance/2026-12-01-db-upgrade/update/2026-12-01T14:20:00Z",
            "maintenance/2026-12-01-db-upgrade/completed/2026-12-01T15:00:00Z",
        ]
    );
    let texts: Vec<String> = got.iter().map(|r| r.json().to_string()).collect();
    assert!(texts[0].contains("We started early."), "{}", texts[0]);
    assert!(texts[2].contains("Done early."), "{}", texts[2]);
}

#[test]
fn notices_speak_the_sites_language() {
    let dir = site(
        "[[notify.discord]]\nurl_env = \"T_HOOK\"\n\n[[notify.teams]]\nurl_env = \"T_HOOK\"\n\n\
         [[notify.slack]]\nurl_env = \"T_HOOK\"\n\n[[notify.google_chat]]\nurl_env = \"T_HOOK\"\n",
    );
    let root = dir.path();
    let config = root.join("content/statusmark.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        format!("language = \"de\"\ntimezone = \"Europe/Berlin\"\n{text}"),
    )
    .unwrap();
    // The first run only records where the site stands; the dry run then writes what would go.
    let hook = Receiver::new(|_| Reply::Status(200));
    assert!(
        notify(root, "2026-11-27T12:00:00Z", &[("T_HOOK", hook.url.as_str())])
            .status
            .success()
    );
    let out = root.join("outbox");
    dry_run(root, &out, "2026-11-30T14:00:00Z", &hook.url);
    let mut all = String::new();
    for entry in std::fs::read_dir(&out).unwrap() {
        all.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
    }
    // The maintenance reminder, in German, with its window in German dates and the site's zone.
    for want in [
        "Wartung beginnt in 24 Stunden",
        "Wartung geplant",
        "Wartung ansehen",
        "12.2026 15:00 CET",
        "Zeitfenster",
        "Zeitpunkt",
        "Betriebsbereit",
    ] {
        assert!(all.contains(want), "no \"{want}\" in {all}");
    }
    for english in ["Maintenance", "View ", "Window", "When", "Operational", "Dec 1"] {
        assert!(!all.contains(english), "\"{english}\" in {all}");
    }
}

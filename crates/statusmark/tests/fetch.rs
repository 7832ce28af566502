//! `statusmark fetch` against a real Prometheus (Debian's `prometheus` package, started here on
//! 127.0.0.1) holding a day of deterministic samples backfilled with `promtool`, so every value a
//! query returns is computed by hand below; and against small HTTP servers that answer slowly,
//! too much, or not Prometheus's JSON. Every failure must keep the previous snapshot byte for byte.
//!
//! Needs `prometheus` and `promtool`: `$STATUSMARK_PROMETHEUS` / `$STATUSMARK_PROMTOOL` (set by
//! `cargo xtask test`, which installs them), else `/usr/bin`.

// Test code: a panic is a failing test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use statusmark::measure::data::MetricSnapshot;

/// 2025-01-01T00:00:00Z: the test day starts here and has one sample a minute until the next
/// midnight, inclusive.
const DAY: i64 = 1_735_689_600;
/// The instant every run asks at: ranges end at 12:05 (5-minute steps) or 12:00 (hourly).
const NOW: &str = "2025-01-01T12:07:42Z";
const VAR: &str = "STATUSMARK_TEST_PROMETHEUS_URL";
const PREVIOUS: &str = "{\"the previous snapshot\": true}\n";

const HOW_TO_INSTALL: &str = "the fetch tests need Prometheus: run `cargo xtask test` (it installs Debian's `prometheus` package), \
     or `apt-get install prometheus` and set STATUSMARK_PROMETHEUS and STATUSMARK_PROMTOOL";

fn tool(var: &str, default: &str) -> PathBuf {
    let path = std::env::var_os(var).map_or_else(|| PathBuf::from(default), PathBuf::from);
    assert!(path.is_file(), "{} not found; {HOW_TO_INSTALL}", path.display());
    path
}

/// The latency gauge at minute `m` of the day: m milliseconds, in seconds; NaN at 11:30.
fn latency(m: i64) -> Option<f64> {
    (m != 690).then(|| m as f64 / 1000.0)
}

/// The day as OpenMetrics: a gauge, and a histogram whose buckets grow at constant rates
/// (per minute: 60 requests ≤ 0.125 s, 90 ≤ 0.25 s, 120 ≤ 0.5 s, 120 in all).
fn openmetrics() -> String {
    let mut s = String::from("# TYPE statusmark_test_latency_seconds gauge\n");
    for m in 0..=1440 {
        let v = latency(m).map_or_else(|| "NaN".to_owned(), |v| v.to_string());
        let _ = writeln!(s, "statusmark_test_latency_seconds{{job=\"api\"}} {v} {}", DAY + 60 * m);
    }
    s.push_str("# TYPE statusmark_test_duration_seconds histogram\n");
    for m in 0..=1440 {
        let t = DAY + 60 * m;
        for (le, per_minute) in [("0.125", 60), ("0.25", 90), ("0.5", 120), ("+Inf", 120)] {
            let _ = writeln!(
                s,
                "statusmark_test_duration_seconds_bucket{{job=\"api\",le=\"{le}\"}} {} {t}",
                per_minute * m
            );
        }
        let _ = writeln!(
            s,
            "statusmark_test_duration_seconds_count{{job=\"api\"}} {} {t}",
            120 * m
        );
        let _ = writeln!(s, "statusmark_test_duration_seconds_sum{{job=\"api\"}} {} {t}", 30 * m);
    }
    s.push_str("# EOF\n");
    s
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A real Prometheus on 127.0.0.1 serving the test day; killed when dropped.
struct Prometheus {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
}

/// `statuspage` / `s3cret`, for Prometheus's `--web.config.file` (bcrypt, cost 4: fast to check).
const WEB_CONFIG: &str =
    "basic_auth_users:\n  statuspage: $2b$04$/svixFFWhWozPp9vnBbPxe7jt5R9Og9W3cs4phqyyiLGCdjnHIGP2\n";
const BASIC_AUTH: &str = "Basic c3RhdHVzcGFnZTpzM2NyZXQ=";

impl Prometheus {
    fn start() -> Prometheus {
        Prometheus::start_with(false)
    }

    /// With `basic_auth`, every request needs the user `statuspage` and the password `s3cret`.
    fn start_with(basic_auth: bool) -> Prometheus {
        let prometheus = tool("STATUSMARK_PROMETHEUS", "/usr/bin/prometheus");
        let promtool = tool("STATUSMARK_PROMTOOL", "/usr/bin/promtool");
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data.om");
        std::fs::write(&data, openmetrics()).unwrap();
        let tsdb = dir.path().join("tsdb");
        let backfill = Command::new(promtool)
            .args(["tsdb", "create-blocks-from", "openmetrics"])
            .arg(&data)
            .arg(&tsdb)
            .output()
            .unwrap();
        assert!(
            backfill.status.success(),
            "promtool failed: {}",
            String::from_utf8_lossy(&backfill.stderr)
        );
        let config = dir.path().join("prometheus.yml");
        std::fs::write(&config, "global:\n  scrape_interval: 1h\nscrape_configs: []\n").unwrap();
        let web_config = dir.path().join("web.yml");
        std::fs::write(&web_config, if basic_auth { WEB_CONFIG } else { "" }).unwrap();
        let port = free_port();
        let log = std::fs::File::create(dir.path().join("prometheus.log")).unwrap();
        let mut child = Command::new(prometheus)
            .arg(format!("--config.file={}", config.display()))
            .arg(format!("--storage.tsdb.path={}", tsdb.display()))
            .arg("--storage.tsdb.retention.time=100y")
            .arg(format!("--web.listen-address=127.0.0.1:{port}"))
            .arg(format!("--web.config.file={}", web_config.display()))
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap();
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(2)))
            .build()
            .into();
        let started = Instant::now();
        loop {
            if agent
                .get(format!("http://127.0.0.1:{port}/-/ready"))
                .header("Authorization", BASIC_AUTH)
                .call()
                .is_ok_and(|r| r.status() == 200)
            {
                break;
            }
            let log = || std::fs::read_to_string(dir.path().join("prometheus.log")).unwrap_or_default();
            if let Some(status) = child.try_wait().unwrap() {
                panic!("prometheus exited ({status}):\n{}", log());
            }
            if started.elapsed() > Duration::from_secs(60) {
                let _ = child.kill();
                panic!("prometheus was not ready within 60 s:\n{}", log());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Prometheus { child, port, _dir: dir }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Prometheus {
    fn drop(&mut self) {
        self.stop();
    }
}

const LATENCY: &str = r#"
[[metrics]]
id = "latency"
name = "API latency"
component = "api"
prometheus_url_env = "STATUSMARK_TEST_PROMETHEUS_URL"
query = 'statusmark_test_latency_seconds{job="api"}'
scale = 1000
unit = "ms"
target = "< 800"
window = "1h"
step = "5m"
"#;

const P875: &str = r#"
[[metrics]]
id = "p875"
name = "API latency (p87.5)"
prometheus_url_env = "STATUSMARK_TEST_PROMETHEUS_URL"
query = 'histogram_quantile(0.875, sum(rate(statusmark_test_duration_seconds_bucket{job="api"}[5m])) by (le))'
scale = 1000
unit = "ms"
window = "2h"
step = "30m"
"#;

const REQUESTS: &str = r#"
[[metrics]]
id = "requests"
name = "Requests per second"
prometheus_url_env = "STATUSMARK_TEST_PROMETHEUS_URL"
query = 'sum(rate(statusmark_test_duration_seconds_count{job="api"}[5m]))'
unit = "req/s"
window = "6h"
step = "1h"
"#;

const BAD_QUERY: &str = r#"
[[metrics]]
id = "broken"
name = "Broken"
prometheus_url_env = "STATUSMARK_TEST_PROMETHEUS_URL"
query = 'rate(statusmark_test_duration_seconds_count[5m]'
"#;

fn site(metrics: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    let mut config = String::from("title = \"T\"\n[[components]]\nid = \"api\"\nname = \"API\"\n");
    for m in metrics {
        config.push_str(m);
    }
    std::fs::write(dir.path().join("content/statusmark.toml"), config).unwrap();
    dir
}

struct Run {
    output: Output,
    took: Duration,
}

impl Run {
    fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }
    fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }
    fn code(&self) -> Option<i32> {
        self.output.status.code()
    }
}

fn fetch(root: &Path, url: Option<&str>, args: &[&str]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_statusmark"));
    cmd.arg("fetch").arg("--root").arg(root).args(["--now", NOW]).args(args);
    match url {
        Some(u) => cmd.env(VAR, u),
        None => cmd.env_remove(VAR),
    };
    let started = Instant::now();
    let output = cmd.output().unwrap();
    Run {
        output,
        took: started.elapsed(),
    }
}

fn snapshot_path(root: &Path, id: &str) -> PathBuf {
    root.join(format!("data/metrics/{id}.json"))
}

fn snapshot(root: &Path, id: &str) -> MetricSnapshot {
    serde_json::from_str(&std::fs::read_to_string(snapshot_path(root, id)).unwrap()).unwrap()
}

/// Only the snapshots: no temporary file left behind.
fn metric_files(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root.join("data/metrics"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn write_previous(root: &Path, id: &str) {
    let path = snapshot_path(root, id);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, PREVIOUS).unwrap();
}

fn assert_kept(root: &Path, id: &str) {
    assert_eq!(
        std::fs::read_to_string(snapshot_path(root, id)).unwrap(),
        PREVIOUS,
        "the previous snapshot of {id} changed"
    );
    assert_eq!(metric_files(root), [format!("{id}.json")]);
}

#[test]
fn fetch_writes_the_values_prometheus_computes_from_the_backfilled_day() {
    let prometheus = Prometheus::start();
    let site = site(&[LATENCY, P875, REQUESTS]);
    let root = site.path();
    let run = fetch(root, Some(&prometheus.url()), &[]);
    assert_eq!(run.code(), Some(0), "{}", run.stderr());
    // Scaled on the way out only: 0.725 s × 1000; 0.375 s × 1000; 2 requests per second.
    assert_eq!(
        run.stdout(),
        "latency 13 points, last 725 ms\np875 5 points, last 375 ms\nrequests 7 points, last 2 req/s\n"
    );
    assert_eq!(run.stderr(), "");

    // The gauge, every 5 minutes from 11:05 to 12:05 (12:07:42 rounded down to the step): minute
    // m of the day is m ms, stored raw in seconds; the NaN at 11:30 is a gap.
    let latency_snap = snapshot(root, "latency");
    let start = DAY + 11 * 3600 + 5 * 60;
    let expected: Vec<(i64, Option<f64>)> = (0..13).map(|k| (start + 300 * k, latency(665 + 5 * k))).collect();
    assert_eq!(latency_snap.series.len(), 1);
    assert_eq!(latency_snap.series[0].points, expected);
    assert_eq!(latency_snap.series[0].points[5], (DAY + 11 * 3600 + 30 * 60, None));
    assert_eq!(
        latency_snap.series[0]
            .labels
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>(),
        ["__name__=statusmark_test_latency_seconds", "job=api"]
    );
    assert_eq!(latency_snap.start.as_second(), start);
    assert_eq!(latency_snap.end.as_second(), start + 3600);
    assert_eq!(latency_snap.step_seconds, 300);
    assert_eq!(latency_snap.fetched_at, NOW.parse().unwrap());

    // Hourly: 06:00 to 12:00. Every 5-minute window holds 120 requests a minute: 2 per second.
    let requests = snapshot(root, "requests");
    let expected: Vec<(i64, Option<f64>)> = (0..7).map(|h| (DAY + (6 + h) * 3600, Some(2.0))).collect();
    assert_eq!(requests.series[0].points, expected);

    // Rates per second: 1 (≤ 0.125 s), 1.5 (≤ 0.25 s), 2 (≤ 0.5 s), 2 (+Inf). The 87.5th
    // percentile is rank 0.875 × 2 = 1.75, in the 0.25–0.5 bucket, halfway between its 1.5 and 2:
    // 0.25 + 0.25 × 0.5 = 0.375 s (exact in binary). The whole file, as written:
    let expected = format!(
        r#"{{
  "id": "p875",
  "query": "histogram_quantile(0.875, sum(rate(statusmark_test_duration_seconds_bucket{{job=\"api\"}}[5m])) by (le))",
  "fetched_at": "2025-01-01T12:07:42Z",
  "start": "2025-01-01T10:00:00Z",
  "end": "2025-01-01T12:00:00Z",
  "step_seconds": 1800,
  "series": [
    {{
      "labels": {{}},
      "points": [
        [{}, 0.375],
        [{}, 0.375],
        [{}, 0.375],
        [{}, 0.375],
        [{}, 0.375]
      ]
    }}
  ]
}}
"#,
        DAY + 10 * 3600,
        DAY + 10 * 3600 + 1800,
        DAY + 11 * 3600,
        DAY + 11 * 3600 + 1800,
        DAY + 12 * 3600,
    );
    assert_eq!(std::fs::read_to_string(snapshot_path(root, "p875")).unwrap(), expected);

    // The same answer, the same bytes.
    let before = std::fs::read(snapshot_path(root, "latency")).unwrap();
    let again = fetch(root, Some(&prometheus.url()), &["--only", "latency"]);
    assert_eq!(again.code(), Some(0), "{}", again.stderr());
    assert_eq!(again.stdout(), "latency 13 points, last 725 ms\n");
    assert_eq!(std::fs::read(snapshot_path(root, "latency")).unwrap(), before);
    assert_eq!(metric_files(root), ["latency.json", "p875.json", "requests.json"]);
}

#[test]
fn an_invalid_query_gets_prometheus_own_error_and_the_other_metrics_are_still_written() {
    let prometheus = Prometheus::start();
    let site = site(&[BAD_QUERY, LATENCY]);
    let root = site.path();
    write_previous(root, "broken");
    let run = fetch(root, Some(&prometheus.url()), &[]);
    assert_eq!(run.code(), Some(1));
    assert_eq!(run.stdout(), "latency 13 points, last 725 ms\n");
    assert_eq!(
        run.stderr(),
        format!(
            "error: metric broken: Prometheus at {}: bad_data: 1:48: parse error: unclosed left parenthesis\n  \
             = help: try the query in Prometheus's expression browser, then fix the metric's query in content/statusmark.toml; \
             data/metrics/broken.json is kept as it was\n\
             error: 1 of 2 metric(s) could not be fetched; their previous snapshots are kept\n",
            prometheus.url()
        )
    );
    assert_eq!(
        std::fs::read_to_string(snapshot_path(root, "broken")).unwrap(),
        PREVIOUS
    );
    assert_eq!(metric_files(root), ["broken.json", "latency.json"]);
}

#[test]
fn a_stopped_prometheus_is_refused_and_no_credential_or_path_is_printed() {
    let mut prometheus = Prometheus::start();
    let site = site(&[LATENCY]);
    let root = site.path();
    let ok = fetch(root, Some(&prometheus.url()), &[]);
    assert_eq!(ok.code(), Some(0), "{}", ok.stderr());
    let written = std::fs::read(snapshot_path(root, "latency")).unwrap();
    prometheus.stop();
    let url = format!("http://user:s3cret@127.0.0.1:{}/tok3n/", prometheus.port);
    let run = fetch(root, Some(&url), &[]);
    assert_eq!(run.code(), Some(1));
    assert_eq!(run.stdout(), "");
    assert_eq!(
        run.stderr(),
        format!(
            "error: metric latency: Prometheus at http://127.0.0.1:{}: connection refused\n  \
             = help: is Prometheus running and reachable from here? Check {VAR}; data/metrics/latency.json is kept as it was\n\
             error: 1 of 1 metric(s) could not be fetched; their previous snapshots are kept\n",
            prometheus.port
        )
    );
    assert_eq!(std::fs::read(snapshot_path(root, "latency")).unwrap(), written);
    assert_eq!(metric_files(root), ["latency.json"]);
}

#[test]
fn credentials_in_the_url_log_in_to_a_prometheus_that_wants_them() {
    let prometheus = Prometheus::start_with(true);
    let site = site(&[LATENCY]);
    let root = site.path();
    let with = |password: &str| format!("http://statuspage:{password}@127.0.0.1:{}", prometheus.port);
    let run = fetch(root, Some(&with("s3cret")), &[]);
    assert_eq!(run.code(), Some(0), "{}", run.stderr());
    assert_eq!(run.stdout(), "latency 13 points, last 725 ms\n");
    let written = std::fs::read(snapshot_path(root, "latency")).unwrap();
    for url in [with("wrong"), prometheus.url()] {
        let run = fetch(root, Some(&url), &[]);
        assert_eq!(run.code(), Some(1));
        assert_eq!(
            run.stderr(),
            format!(
                "error: metric latency: Prometheus at {}: HTTP 401\n  \
                 = help: Prometheus (or a proxy in front of it) wants credentials: put them in {VAR} as https://user:password@host; \
                 data/metrics/latency.json is kept as it was\n\
                 error: 1 of 1 metric(s) could not be fetched; their previous snapshots are kept\n",
                prometheus.url()
            )
        );
        assert_eq!(std::fs::read(snapshot_path(root, "latency")).unwrap(), written);
    }
}

/// An HTTP server on 127.0.0.1 that answers every request with `answer` (after `delay`), and
/// tells the test each request's URL and Authorization header.
fn server(
    delay: Duration,
    answer: impl Fn() -> tiny_http::Response<std::io::Cursor<Vec<u8>>> + Send + 'static,
) -> (String, std::sync::mpsc::Receiver<(String, Option<String>)>) {
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let url = format!("http://{}", server.server_addr().to_ip().unwrap());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for req in server.incoming_requests() {
            let auth = req
                .headers()
                .iter()
                .find(|h| h.field.equiv("Authorization"))
                .map(|h| h.value.to_string());
            let _ = tx.send((req.url().to_owned(), auth));
            std::thread::sleep(delay);
            let _ = req.respond(answer());
        }
    });
    (url, rx)
}

#[test]
fn a_slow_prometheus_times_out_within_the_timeout() {
    let (url, _requests) = server(Duration::from_secs(20), || tiny_http::Response::from_data(Vec::new()));
    let site = site(&[LATENCY]);
    let root = site.path();
    write_previous(root, "latency");
    let run = fetch(root, Some(&url), &["--timeout", "1s"]);
    assert!(run.took < Duration::from_secs(5), "took {:?}", run.took);
    assert_eq!(run.code(), Some(1));
    assert_eq!(
        run.stderr(),
        format!(
            "error: metric latency: Prometheus at {url}: no complete answer within 1 s\n  \
             = help: raise --timeout, or make the query cheaper (a longer step, a recording rule); data/metrics/latency.json is kept as it was\n\
             error: 1 of 1 metric(s) could not be fetched; their previous snapshots are kept\n"
        )
    );
    assert_kept(root, "latency");
}

#[test]
fn an_answer_over_the_size_limit_writes_nothing() {
    // 17 MB of a well-formed start: only the limit can refuse it.
    let (url, _requests) = server(Duration::ZERO, || {
        let mut body = br#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"a":""#.to_vec();
        body.resize(body.len() + 17 * 1024 * 1024, b'x');
        body.extend_from_slice(br#""},"values":[]}]}}"#);
        tiny_http::Response::from_data(body)
    });
    let site = site(&[LATENCY]);
    let root = site.path();
    write_previous(root, "latency");
    let run = fetch(root, Some(&url), &[]);
    assert_eq!(run.code(), Some(1));
    assert_eq!(
        run.stderr(),
        format!(
            "error: metric latency: Prometheus at {url}: the answer is larger than 16 MB\n  \
             = help: the query returns too many series or points: aggregate it (sum by (…)) or use a longer step; data/metrics/latency.json is kept as it was\n\
             error: 1 of 1 metric(s) could not be fetched; their previous snapshots are kept\n"
        )
    );
    assert_kept(root, "latency");
}

#[test]
fn an_answer_that_is_not_prometheus_json_writes_nothing() {
    let (url, _requests) = server(Duration::ZERO, || {
        tiny_http::Response::from_data(b"<html>Please log in</html>".to_vec())
    });
    let site = site(&[LATENCY]);
    let root = site.path();
    write_previous(root, "latency");
    let run = fetch(root, Some(&url), &[]);
    assert_eq!(run.code(), Some(1));
    assert_eq!(
        run.stderr(),
        format!(
            "error: metric latency: Prometheus at {url}: the answer is not Prometheus's JSON: expected value at line 1 column 1\n  \
             = help: check that {VAR} points at Prometheus itself, not a login page or another service; data/metrics/latency.json is kept as it was\n\
             error: 1 of 1 metric(s) could not be fetched; their previous snapshots are kept\n"
        )
    );
    assert_kept(root, "latency");
}

#[test]
fn an_http_error_without_prometheus_json_is_reported_by_its_status() {
    let (url, _requests) = server(Duration::ZERO, || {
        tiny_http::Response::from_data(b"<html>502 Bad Gateway</html>".to_vec()).with_status_code(502)
    });
    let site = site(&[LATENCY]);
    let root = site.path();
    let run = fetch(root, Some(&url), &[]);
    assert_eq!(run.code(), Some(1));
    assert_eq!(
        run.stderr(),
        format!(
            "error: metric latency: Prometheus at {url}: HTTP 502\n  \
             = help: check that {VAR} is Prometheus's base URL (the one whose /api/v1/ answers), and that Prometheus is healthy; \
             no snapshot was written\n\
             error: 1 of 1 metric(s) could not be fetched; their previous snapshots are kept\n"
        )
    );
    assert!(!root.join("data").exists());
}

#[test]
fn credentials_in_the_url_become_basic_auth_and_a_path_prefix_is_kept() {
    let (url, requests) = server(Duration::ZERO, || {
        tiny_http::Response::from_data(
            br#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"job":"api"},"values":[[1735733100,"0.5"]]}]}}"#
                .to_vec(),
        )
    });
    let with_credentials = url.replace("http://", "http://user:s3cret@") + "/prometheus/";
    let site = site(&[LATENCY]);
    let root = site.path();
    let run = fetch(root, Some(&with_credentials), &[]);
    assert_eq!(run.code(), Some(0), "{}", run.stderr());
    assert_eq!(run.stdout(), "latency 1 points, last 500 ms\n");
    let (path, auth) = requests.recv_timeout(Duration::from_secs(5)).unwrap();
    assert_eq!(
        path,
        format!(
            "/prometheus/api/v1/query_range?query=statusmark_test_latency_seconds%7Bjob%3D%22api%22%7D&start={}&end={}&step=300",
            DAY + 11 * 3600 + 5 * 60,
            DAY + 12 * 3600 + 5 * 60
        )
    );
    assert_eq!(auth.as_deref(), Some("Basic dXNlcjpzM2NyZXQ="));
}

#[test]
fn a_missing_variable_names_the_variable_and_the_metric() {
    let site = site(&[LATENCY]);
    let root = site.path();
    write_previous(root, "latency");
    for url in [None, Some("")] {
        let run = fetch(root, url, &[]);
        assert_eq!(run.code(), Some(1));
        assert_eq!(
            run.stderr(),
            format!(
                "error: metric latency: the environment variable {VAR} (Prometheus's URL) is not set\n  \
                 = help: set {VAR} to Prometheus's base URL, e.g. http://prometheus:9090 (in CI, from a secret); data/metrics/latency.json is kept as it was\n\
                 error: 1 of 1 metric(s) could not be fetched; their previous snapshots are kept\n"
            )
        );
        assert_kept(root, "latency");
    }
}

#[test]
fn only_must_name_a_configured_metric() {
    let site = site(&[LATENCY]);
    let run = fetch(site.path(), Some("http://127.0.0.1:9"), &["--only", "latncy"]);
    assert_eq!(run.code(), Some(1));
    assert_eq!(
        run.stderr(),
        "error: no [[metrics]] entry has the id \"latncy\" (did you mean \"latency\"?); nothing was fetched\n"
    );
    assert!(!site.path().join("data").exists());
}

#[test]
fn a_variable_that_is_not_a_base_url_is_named_without_its_value() {
    let site = site(&[LATENCY]);
    let root = site.path();
    write_previous(root, "latency");
    for (url, problem) in [
        ("prometheus:9090/s3cret", "is not an http:// or https:// URL"),
        (
            "http://127.0.0.1:9090/api?token=s3cret",
            "has a query (?…) or fragment (#…); give only Prometheus's base URL",
        ),
    ] {
        let run = fetch(root, Some(url), &[]);
        assert_eq!(run.code(), Some(1));
        assert_eq!(
            run.stderr(),
            format!(
                "error: metric latency: the environment variable {VAR} {problem}\n  \
                 = help: set {VAR} to Prometheus's base URL: http://host:9090, or https://user:password@host/prefix; \
                 data/metrics/latency.json is kept as it was\n\
                 error: 1 of 1 metric(s) could not be fetched; their previous snapshots are kept\n"
            )
        );
        assert_kept(root, "latency");
    }
}

#[test]
fn a_configuration_error_stops_before_anything_is_fetched() {
    let site = site(&[&LATENCY.replace("step = \"5m\"", "step = \"5 minutes please\"")]);
    let (url, requests) = server(Duration::ZERO, || tiny_http::Response::from_data(Vec::new()));
    let run = fetch(site.path(), Some(&url), &[]);
    assert_eq!(run.code(), Some(1));
    assert!(
        run.stderr()
            .contains("error: step \"5 minutes please\" is not a duration\n  --> content/statusmark.toml:"),
        "{}",
        run.stderr()
    );
    assert!(
        run.stderr()
            .ends_with("error: the configuration has errors; nothing was fetched\n"),
        "{}",
        run.stderr()
    );
    assert!(requests.try_recv().is_err(), "a request was sent");
    assert!(!site.path().join("data").exists());
}

//! `statusmark probe` through the real binary against real servers on 127.0.0.1: HTTP servers that
//! answer fast, slowly, with 500, with the wrong body, hang, reset or redirect in a loop; closed
//! ports; TLS servers with certificates made here (trusted through `ca`, self-signed, expired,
//! nearly expired). Checks the recorded lines, exit codes, run time, torn-line recovery and the
//! one-draft-per-outage rule.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Output};
use std::sync::Arc;
use std::sync::atomic::{AtomicU16, Ordering};
use std::time::{Duration, Instant};

use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use rustls::{ServerConfig, ServerConnection, StreamOwned};
use statusmark::measure::data::{Outcome, PROBE_HEADER, ProbeRecord};

const NOW: &str = "2026-12-02T10:00:00Z";

/// What a test server does with each connection.
#[derive(Clone, Copy)]
enum Reply {
    /// Read the request, wait, answer with this status and body.
    Answer(u16, &'static str, Duration),
    /// Answer 302 to the same path: a loop.
    RedirectLoop,
    /// Accept and never answer.
    Hang,
    /// Close without reading the request: the kernel answers with a reset.
    Reset,
    /// Answer these bytes, whatever they are.
    Raw(&'static [u8]),
    /// Answer 200 with a body of 2 MB of `x` and then "ok".
    Big,
}

fn read_head(s: &mut impl Read) {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && head.len() < 65_536 {
        match s.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return,
        }
    }
}

fn answer(s: &mut (impl Read + Write), reply: Reply) {
    match reply {
        Reply::Answer(status, body, delay) => {
            read_head(s);
            std::thread::sleep(delay);
            let _ = write!(
                s,
                "HTTP/1.1 {status} Whatever\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = s.flush();
        }
        Reply::RedirectLoop => {
            read_head(s);
            let _ =
                s.write_all(b"HTTP/1.1 302 Found\r\nLocation: /loop\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            let _ = s.flush();
        }
        Reply::Raw(bytes) => {
            read_head(s);
            let _ = s.write_all(bytes);
            let _ = s.flush();
        }
        Reply::Big => {
            read_head(s);
            let body = format!("{}ok", "x".repeat(2 << 20));
            let _ = write!(s, "HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n{body}", body.len());
            let _ = s.flush();
        }
        Reply::Hang => std::thread::sleep(Duration::from_secs(30)),
        Reply::Reset => {}
    }
}

/// A server on 127.0.0.1 (TLS when `tls` is given) answering every connection with what `reply`
/// says at that moment. Returns its port.
fn server(tls: Option<Arc<ServerConfig>>, reply: impl Fn() -> Reply + Send + Sync + 'static) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let reply = Arc::new(reply);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut tcp) = stream else { continue };
            let (reply, tls) = (Arc::clone(&reply), tls.clone());
            std::thread::spawn(move || {
                let r = reply();
                if let Reply::Reset = r {
                    // Let the request arrive unread, so closing resets the connection.
                    std::thread::sleep(Duration::from_millis(200));
                    return;
                }
                match tls {
                    None => answer(&mut tcp, r),
                    Some(config) => {
                        let Ok(conn) = ServerConnection::new(config) else {
                            return;
                        };
                        let mut s = StreamOwned::new(conn, tcp);
                        answer(&mut s, r);
                    }
                }
            });
        }
    });
    port
}

fn http(reply: Reply) -> u16 {
    server(None, move || reply)
}

/// A port nothing listens on.
fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A site with two components and these `[[probes]]` tables.
fn site(probes: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    std::fs::create_dir_all(dir.path().join("incidents")).unwrap();
    std::fs::write(
        dir.path().join("content/statusmark.toml"),
        format!(
            "title = \"Probe test\"\n\n[[components]]\nid = \"api\"\nname = \"Public API\"\n\n[[components]]\nid = \"web\"\nname = \"Web app\"\n\n{probes}"
        ),
    )
    .unwrap();
    dir
}

fn probe(root: &Path, now: &str, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_statusmark"))
        .args(["probe", "--root", root.to_str().unwrap(), "--now", now])
        .args(extra)
        .output()
        .unwrap()
}

fn out(o: &Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Every record of a probe's month file, which must start with the header and hold only whole lines.
fn records(root: &Path, id: &str, month: &str) -> Vec<ProbeRecord> {
    let text = std::fs::read_to_string(root.join(format!("data/probes/{id}/{month}.csv"))).unwrap();
    assert!(text.ends_with('\n'), "{text}");
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some(PROBE_HEADER));
    lines
        .map(|l| ProbeRecord::parse_line(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect()
}

fn stdout_lines(o: &Output) -> usize {
    String::from_utf8_lossy(&o.stdout).lines().count()
}

fn last(root: &Path, id: &str) -> ProbeRecord {
    records(root, id, "2026-12").pop().unwrap()
}

#[test]
fn http_and_tcp_outcomes_are_recorded_and_a_run_keeps_to_its_timeouts() {
    let ok = http(Reply::Answer(200, "{\"status\":\"ok\"}", Duration::ZERO));
    let error = http(Reply::Answer(500, "oops", Duration::ZERO));
    let wrong_body = http(Reply::Answer(200, "maintenance", Duration::ZERO));
    let slow = http(Reply::Answer(200, "ok", Duration::from_secs(4)));
    let hang = http(Reply::Hang);
    let reset = http(Reply::Reset);
    let looping = http(Reply::RedirectLoop);
    let tcp_open = http(Reply::Hang);
    let garbage = http(Reply::Raw(b"\x00\xffSSH-2.0-OpenSSH\r\n\r\n\xc3\x28"));
    let big = http(Reply::Big);
    let redirected = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let once = {
        let n = Arc::clone(&redirected);
        server(None, move || match n.fetch_add(1, Ordering::SeqCst) {
            0 => Reply::Raw(b"HTTP/1.1 301 Moved\r\nLocation: /there\r\nContent-Length: 0\r\n\r\n"),
            _ => Reply::Answer(200, "ok", Duration::ZERO),
        })
    };
    let closed = closed_port();
    let dir = site(&format!(
        r#"
[[probes]]
id = "fast"
component = "api"
url = "http://127.0.0.1:{ok}/health"
contains = "ok"

[[probes]]
id = "error"
url = "http://127.0.0.1:{error}/"

[[probes]]
id = "wrong-body"
url = "http://127.0.0.1:{wrong_body}/"
contains = "ok"

[[probes]]
id = "slow"
url = "http://127.0.0.1:{slow}/"
timeout = "1s"

[[probes]]
id = "hang"
url = "http://127.0.0.1:{hang}/"
timeout = "1s"

[[probes]]
id = "reset"
url = "http://127.0.0.1:{reset}/"

[[probes]]
id = "loop"
url = "http://127.0.0.1:{looping}/loop"
redirects = 2

[[probes]]
id = "no-follow"
url = "http://127.0.0.1:{looping}/loop"
redirects = 0
expect_status = "302"

[[probes]]
id = "garbage"
url = "http://127.0.0.1:{garbage}/"

[[probes]]
id = "big"
url = "http://127.0.0.1:{big}/"
contains = "ok"

[[probes]]
id = "redirected"
url = "http://127.0.0.1:{once}/here"
method = "HEAD"
redirects = 1

[[probes]]
id = "db"
url = "tcp://127.0.0.1:{tcp_open}"

[[probes]]
id = "closed"
url = "tcp://127.0.0.1:{closed}"
timeout = "1s"
"#
    ));
    let start = Instant::now();
    let o = probe(dir.path(), NOW, &[]);
    let took = start.elapsed();
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    assert!(took < Duration::from_secs(3), "the run took {took:?}: {}", out(&o));
    let root = dir.path();

    let fast = last(root, "fast");
    assert_eq!(
        (fast.outcome, fast.status, fast.detail.as_str()),
        (Outcome::Up, Some(200), "")
    );
    assert_eq!(fast.time, NOW.parse().unwrap());
    assert!(
        fast.connect_ms.is_some() && fast.first_byte_ms.is_some() && fast.total_ms.is_some(),
        "{fast:?}"
    );
    assert_eq!(
        (fast.dns_ms, fast.tls_ms, fast.cert_days),
        (None, None, None),
        "an IP address, no TLS"
    );
    assert!(fast.total_ms.unwrap() >= fast.first_byte_ms.unwrap());

    let expect = [
        ("error", Outcome::Down, Some(500), "expected 200-299, got 500"),
        ("wrong-body", Outcome::Down, Some(200), "body lacks \"ok\""),
        ("slow", Outcome::Down, None, "timed out after 1 s"),
        ("hang", Outcome::Down, None, "timed out after 1 s"),
        ("reset", Outcome::Down, None, "connection reset"),
        ("loop", Outcome::Down, None, "more than 2 redirects"),
        ("no-follow", Outcome::Up, Some(302), ""),
        ("big", Outcome::Down, Some(200), "body lacks \"ok\""),
        ("redirected", Outcome::Up, Some(200), ""),
        ("db", Outcome::Up, None, ""),
        ("closed", Outcome::Down, None, "connection refused"),
    ];
    for (id, outcome, status, detail) in expect {
        let r = last(root, id);
        assert_eq!(
            (r.outcome, r.status, r.detail.as_str()),
            (outcome, status, detail),
            "{id}: {r:?}"
        );
        assert_eq!(records(root, id, "2026-12").len(), 1, "{id}");
    }
    let slow = last(root, "slow");
    assert!(slow.total_ms.unwrap() < 2000.0, "{slow:?}");
    let db = last(root, "db");
    assert!(db.connect_ms.is_some() && db.first_byte_ms.is_none(), "{db:?}");

    let stdout = String::from_utf8_lossy(&o.stdout);
    let garbage = last(root, "garbage");
    assert_eq!(garbage.outcome, Outcome::Down);
    assert!(garbage.detail.starts_with("not a valid HTTP answer"), "{garbage:?}");
    assert_eq!(redirected.load(Ordering::SeqCst), 2, "the redirect was followed once");
    assert_eq!(stdout_lines(&o), 13, "{}", out(&o));
    assert!(stdout.lines().next().unwrap().starts_with("fast up 200 "), "{stdout}");
    assert!(stdout.contains("\nerror down 500 "), "{stdout}");
    assert!(
        stdout.contains("hang down ") && stdout.contains(": timed out after 1 s"),
        "{stdout}"
    );
}

// ---- TLS ----

/// Midnight UTC `offset` days from today, as rcgen wants it.
macro_rules! day {
    ($offset:expr) => {{
        let d = jiff::Timestamp::now()
            .to_zoned(jiff::tz::TimeZone::UTC)
            .date()
            .checked_add(jiff::Span::new().days($offset))
            .unwrap();
        rcgen::date_time_ymd(i32::from(d.year()), d.month() as u8, d.day() as u8)
    }};
}

fn test_ca() -> CertifiedIssuer<'static, KeyPair> {
    let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    p.distinguished_name.push(DnType::CommonName, "Statusmark test CA");
    p.not_before = day!(-365);
    p.not_after = day!(3650);
    CertifiedIssuer::self_signed(p, KeyPair::generate().unwrap()).unwrap()
}

/// A TLS server configuration for 127.0.0.1, valid until `days` from today (midnight UTC), signed
/// by `ca` or self-signed.
fn tls_config(ca: Option<&CertifiedIssuer<'static, KeyPair>>, days: i64) -> Arc<ServerConfig> {
    let key = KeyPair::generate().unwrap();
    let mut p = CertificateParams::new(vec!["127.0.0.1".to_owned()]).unwrap();
    p.not_before = day!(-30);
    p.not_after = day!(days);
    let cert = match ca {
        Some(ca) => p.signed_by(&key, ca).unwrap(),
        None => p.self_signed(&key).unwrap(),
    };
    let chain = vec![CertificateDer::from(cert.der().to_vec())];
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
    Arc::new(
        ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .unwrap(),
    )
}

fn https(config: Arc<ServerConfig>) -> u16 {
    server(Some(config), || Reply::Answer(200, "ok", Duration::ZERO))
}

#[test]
fn tls_certificates_are_verified_and_their_days_counted() {
    let ca = test_ca();
    let trusted = https(tls_config(Some(&ca), 91));
    let untrusted = https(tls_config(None, 91));
    let expired = https(tls_config(Some(&ca), -3));
    let nearly = https(tls_config(Some(&ca), 6));
    let hang = http(Reply::Hang);
    let dir = site(&format!(
        r#"
[[probes]]
id = "https-ok"
url = "https://127.0.0.1:{trusted}/health"
ca = "certs/ca.pem"
contains = "ok"

[[probes]]
id = "tls-ok"
url = "tls://127.0.0.1:{trusted}"
ca = "certs/ca.pem"

[[probes]]
id = "https-untrusted"
url = "https://127.0.0.1:{untrusted}/"

[[probes]]
id = "tls-untrusted"
url = "tls://127.0.0.1:{untrusted}"

[[probes]]
id = "https-expired"
url = "https://127.0.0.1:{expired}/"
ca = "certs/ca.pem"

[[probes]]
id = "tls-expired"
url = "tls://127.0.0.1:{expired}"
ca = "certs/ca.pem"

[[probes]]
id = "tls-nearly"
url = "tls://127.0.0.1:{nearly}"
ca = "certs/ca.pem"
warn_days = 14

[[probes]]
id = "https-nearly"
url = "https://127.0.0.1:{nearly}/"
ca = "certs/ca.pem"

[[probes]]
id = "tls-hang"
url = "tls://127.0.0.1:{hang}"
timeout = "1s"

[[probes]]
id = "https-hang"
url = "https://127.0.0.1:{hang}/"
timeout = "1s"
"#
    ));
    std::fs::create_dir_all(dir.path().join("certs")).unwrap();
    std::fs::write(dir.path().join("certs/ca.pem"), ca.pem()).unwrap();
    let start = Instant::now();
    let o = probe(dir.path(), NOW, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    assert!(start.elapsed() < Duration::from_secs(3), "{:?}", start.elapsed());
    let root = dir.path();
    let expect = [
        ("https-ok", Outcome::Up, Some(200), Some(90), ""),
        ("tls-ok", Outcome::Up, None, Some(90), ""),
        (
            "https-untrusted",
            Outcome::Down,
            None,
            Some(90),
            "certificate not trusted",
        ),
        (
            "tls-untrusted",
            Outcome::Down,
            None,
            Some(90),
            "certificate not trusted",
        ),
        (
            "https-expired",
            Outcome::Down,
            None,
            Some(-3),
            "certificate expired 3 days ago",
        ),
        (
            "tls-expired",
            Outcome::Down,
            None,
            Some(-3),
            "certificate expired 3 days ago",
        ),
        (
            "tls-nearly",
            Outcome::Warn,
            None,
            Some(5),
            "certificate expires in 5 days",
        ),
        (
            "https-nearly",
            Outcome::Warn,
            Some(200),
            Some(5),
            "certificate expires in 5 days",
        ),
        ("tls-hang", Outcome::Down, None, None, "timed out after 1 s"),
        ("https-hang", Outcome::Down, None, None, "timed out after 1 s"),
    ];
    for (id, outcome, status, days, detail) in expect {
        let r = last(root, id);
        assert_eq!(
            (r.outcome, r.status, r.cert_days, r.detail.as_str()),
            (outcome, status, days, detail),
            "{id}: {r:?}"
        );
    }
    let ok = last(root, "https-ok");
    assert!(
        ok.tls_ms.is_some() && ok.connect_ms.is_some() && ok.first_byte_ms.is_some(),
        "{ok:?}"
    );
    let ok = last(root, "tls-ok");
    assert!(ok.tls_ms.is_some() && ok.first_byte_ms.is_none(), "{ok:?}");
}

#[test]
fn a_ca_file_that_is_not_pem_is_an_error_naming_it() {
    let dir = site("[[probes]]\nid = \"x\"\nurl = \"https://127.0.0.1:1/\"\nca = \"ca.pem\"\n");
    std::fs::write(dir.path().join("ca.pem"), "not a certificate").unwrap();
    let o = probe(dir.path(), NOW, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(out(&o).contains("ca.pem"), "{}", out(&o));
    assert!(!dir.path().join("data").exists());
}

// ---- files ----

#[test]
fn a_torn_last_line_is_left_alone_and_the_next_line_is_whole() {
    let port = http(Reply::Answer(200, "ok", Duration::ZERO));
    let dir = site(&format!(
        "[[probes]]\nid = \"api-health\"\nurl = \"http://127.0.0.1:{port}/\"\n"
    ));
    let file = dir.path().join("data/probes/api-health/2026-12.csv");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    let torn = "2026-12-02T09:55:00Z,up,200,12.0,,0.3";
    std::fs::write(
        &file,
        format!("{PROBE_HEADER}\n2026-12-02T09:50:00Z,up,200,11.0,,0.2,,10.0,,\"\"\n{torn}"),
    )
    .unwrap();
    let o = probe(dir.path(), NOW, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    assert!(out(&o).contains("cut short"), "{}", out(&o));
    let text = std::fs::read_to_string(&file).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert_eq!(lines[2], torn);
    let new = ProbeRecord::parse_line(lines[3]).unwrap();
    assert_eq!((new.outcome, new.time), (Outcome::Up, NOW.parse().unwrap()));
    assert!(text.ends_with('\n'));
}

#[test]
fn a_new_file_starts_with_the_header_and_runs_append() {
    let port = http(Reply::Answer(200, "ok", Duration::ZERO));
    let dir = site(&format!(
        "[[probes]]\nid = \"api-health\"\nurl = \"http://127.0.0.1:{port}/\"\n"
    ));
    for now in ["2026-12-02T10:00:00Z", "2026-12-02T10:05:00Z", "2027-01-01T00:00:00Z"] {
        let o = probe(dir.path(), now, &[]);
        assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    }
    let dec = records(dir.path(), "api-health", "2026-12");
    assert_eq!(dec.len(), 2);
    assert_eq!(dec[1].time, "2026-12-02T10:05:00Z".parse().unwrap());
    assert_eq!(records(dir.path(), "api-health", "2027-01").len(), 1);
}

#[test]
fn errors_exit_1_and_write_nothing() {
    let dir = site("[[probes]]\nid = \"api-health\"\nurl = \"ftp://example.invalid/\"\n");
    let o = probe(dir.path(), NOW, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(out(&o).contains("not a probe address"), "{}", out(&o));

    let port = closed_port();
    let dir = site(&format!(
        "[[probes]]\nid = \"api-health\"\nurl = \"tcp://127.0.0.1:{port}\"\n"
    ));
    let o = probe(dir.path(), NOW, &["--only", "api-helth"]);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(out(&o).contains("did you mean \"api-health\"?"), "{}", out(&o));
    assert!(!dir.path().join("data").exists());

    // data/ is a file: nothing can be written under it.
    std::fs::write(dir.path().join("data"), "").unwrap();
    let o = probe(dir.path(), NOW, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(
        out(&o).contains("cannot write data/probes/api-health/2026-12.csv"),
        "{}",
        out(&o)
    );
}

#[test]
fn only_runs_the_named_probes() {
    let port = http(Reply::Answer(200, "ok", Duration::ZERO));
    let dir = site(&format!(
        "[[probes]]\nid = \"a\"\nurl = \"http://127.0.0.1:{port}/\"\n\n[[probes]]\nid = \"b\"\nurl = \"http://127.0.0.1:{port}/\"\n"
    ));
    let o = probe(dir.path(), NOW, &["--only", "b"]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    assert!(!dir.path().join("data/probes/a").exists());
    assert_eq!(records(dir.path(), "b", "2026-12").len(), 1);
}

// ---- drafts ----

fn drafts(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root.join("incidents"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The YAML front matter of a Markdown file.
fn front_matter(text: &str) -> BTreeMap<String, serde_json::Value> {
    let rest = text.strip_prefix("---\n").unwrap();
    let (yaml, _) = rest.split_once("\n---\n").unwrap();
    serde_saphyr::from_str(yaml).unwrap()
}

#[test]
fn a_probe_failing_draft_after_times_gets_one_draft_per_outage() {
    // The server answers 500 while `status` says so.
    let status = Arc::new(AtomicU16::new(500));
    let s = Arc::clone(&status);
    let port = server(None, move || {
        let code = s.load(Ordering::SeqCst);
        Reply::Answer(code, if code == 200 { "ok" } else { "down" }, Duration::ZERO)
    });
    let dir = site(&format!(
        "[[probes]]\nid = \"api-health\"\ncomponent = \"api\"\nurl = \"http://127.0.0.1:{port}/health\"\ndraft_after = 3\n"
    ));
    let root = dir.path();
    // Every five minutes across a month's end: the outage starts in November.
    let times: Vec<String> = (0..12)
        .map(|i| {
            let t: jiff::Timestamp = "2026-11-30T23:50:00Z".parse().unwrap();
            (t + jiff::SignedDuration::from_mins(5 * i)).to_string()
        })
        .collect();
    let run = |i: usize| probe(root, &times[i], &[]).status.code();
    assert_eq!(run(0), Some(0));
    assert_eq!(run(1), Some(0));
    assert!(drafts(root).is_empty());
    let o = probe(root, &times[2], &[]);
    assert_eq!(o.status.code(), Some(3), "{}", out(&o));
    assert!(
        out(&o).contains("incidents/2026-11-30-api-health-failing-235000.md"),
        "{}",
        out(&o)
    );
    assert_eq!(drafts(root), ["2026-11-30-api-health-failing-235000.md"]);
    // The outage goes on, and a rerun at the same time: no second draft.
    assert_eq!(run(3), Some(0));
    assert_eq!(run(3), Some(0));
    assert_eq!(drafts(root).len(), 1);

    let text = std::fs::read_to_string(root.join("incidents").join(&drafts(root)[0])).unwrap();
    let fm = front_matter(&text);
    assert_eq!(fm["title"], "Public API: api-health failing");
    assert_eq!(fm["draft"], true);
    assert_eq!(fm["impact"], "major");
    assert_eq!(fm["started"], "2026-11-30T23:50:00Z");
    assert_eq!(fm["components"]["api"], "major_outage");
    assert_eq!(fm.len(), 5, "{fm:?}");
    assert!(text.contains("## Investigating — 2026-12-01T00:00:00Z\n"), "{text}");
    assert!(text.contains("failed 3 consecutive checks"), "{text}");
    assert!(text.contains("expected 200-299, got 500"), "{text}");
    assert!(text.contains("A person must confirm"), "{text}");

    // Without its draft line, the draft is an incident `check` accepts.
    std::fs::write(
        root.join("incidents").join(&drafts(root)[0]),
        text.replace("draft: true\n", ""),
    )
    .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_statusmark"))
        .args(["check", "--root", root.to_str().unwrap(), "--now", &times[4]])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", out(&o));

    // Back up, then a new outage: a new draft, once.
    status.store(200, Ordering::SeqCst);
    assert_eq!(run(5), Some(0));
    status.store(503, Ordering::SeqCst);
    assert_eq!(run(6), Some(0));
    assert_eq!(run(7), Some(0));
    assert_eq!(run(8), Some(3));
    assert_eq!(run(9), Some(0));
    assert_eq!(
        drafts(root),
        [
            "2026-11-30-api-health-failing-235000.md",
            "2026-12-01-api-health-failing-002000.md"
        ]
    );
    let second = std::fs::read_to_string(root.join("incidents/2026-12-01-api-health-failing-002000.md")).unwrap();
    assert!(second.contains("got 503"), "{second}");
}

#[test]
fn a_run_with_more_hanging_probes_than_slots_still_keeps_to_its_timeouts() {
    let port = http(Reply::Hang);
    let probes: String = (0..30)
        .map(|i| format!("[[probes]]\nid = \"p{i:02}\"\nurl = \"http://127.0.0.1:{port}/\"\ntimeout = \"1s\"\n\n"))
        .collect();
    let dir = site(&probes);
    let start = Instant::now();
    let o = probe(dir.path(), NOW, &[]);
    let took = start.elapsed();
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    assert!(took < Duration::from_secs(3), "{took:?}");
    let mut recorded = 0;
    for i in 0..30 {
        let id = format!("p{i:02}");
        if dir.path().join(format!("data/probes/{id}")).exists() {
            let r = last(dir.path(), &id);
            assert_eq!(
                (r.outcome, r.detail.as_str()),
                (Outcome::Down, "timed out after 1 s"),
                "{id}"
            );
            recorded += 1;
        } else {
            assert!(out(&o).contains(&format!("probe {id} was not run")), "{}", out(&o));
        }
    }
    assert!((8..30).contains(&recorded), "{recorded} recorded: {}", out(&o));
    assert_eq!(stdout_lines(&o), recorded);
}

#[test]
fn a_fractional_now_is_cut_to_its_second_so_the_failure_just_recorded_counts() {
    let port = closed_port();
    let site = site(&format!(
        "[[probes]]\nid = \"db\"\ncomponent = \"api\"\nurl = \"tcp://127.0.0.1:{port}\"\ndraft_after = 1\n"
    ));
    let o = probe(site.path(), "2026-11-30T23:59:59.7Z", &[]);
    assert_eq!(
        o.status.code(),
        Some(3),
        "the first failure drafts at once:\n{}",
        out(&o)
    );
    let r = records(site.path(), "db", "2026-11");
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].time.to_string(), "2026-11-30T23:59:59Z");
    assert!(!site.path().join("data/probes/db/2026-12.csv").exists());
    assert_eq!(drafts(site.path()).len(), 1);
}

#[test]
fn a_redirect_the_server_words_cannot_put_markup_into_a_draft() {
    let port = http(Reply::Raw(
        b"HTTP/1.1 302 Found\r\nLocation: ../../x [click here](https://phish.example/login) ![](https://evil.example/px.png) **urgent**\r\nContent-Length: 0\r\n\r\n",
    ));
    let site = site(&format!(
        "[[probes]]\nid = \"web\"\ncomponent = \"web\"\nurl = \"http://127.0.0.1:{port}/\"\ndraft_after = 1\n"
    ));
    let o = probe(site.path(), "2026-12-02T10:00:00Z", &[]);
    assert_eq!(o.status.code(), Some(3), "{}", out(&o));
    let draft = std::fs::read_to_string(site.path().join("incidents").join(&drafts(site.path())[0])).unwrap();
    let body = draft.split("\n---\n").nth(1).unwrap_or_default().to_owned();
    let parser = pulldown_cmark::Parser::new(&body);
    for event in parser {
        assert!(
            !matches!(
                event,
                pulldown_cmark::Event::Start(
                    pulldown_cmark::Tag::Link { .. } | pulldown_cmark::Tag::Image { .. } | pulldown_cmark::Tag::Strong
                )
            ),
            "markup from the server in the draft:\n{draft}"
        );
    }
}

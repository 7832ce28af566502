//! `cargo xtask bench` (notifications): one new incident told to 20 webhooks and N email
//! subscribers, against real receivers and a real SMTP server on 127.0.0.1, with the release
//! binary. Reports wall time and peak memory per N, to show memory flat in the recipients.

use std::io::{BufRead, BufReader, Write as _};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use anyhow::{Context, Result, bail};

use crate::say;

const WEBHOOKS: usize = 20;

/// A receiver that answers 200 to everything and counts.
fn receiver() -> Result<(String, Arc<AtomicUsize>)> {
    let server = tiny_http::Server::http("127.0.0.1:0").map_err(|e| anyhow::anyhow!("cannot listen: {e}"))?;
    let url = format!("http://{}/hook", server.server_addr().to_ip().context("no IP address")?);
    let count = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&count);
    std::thread::spawn(move || {
        for mut request in server.incoming_requests() {
            let mut body = Vec::new();
            let _ = std::io::Read::read_to_end(request.as_reader(), &mut body);
            seen.fetch_add(1, Ordering::SeqCst);
            let _ = request.respond(tiny_http::Response::empty(200));
        }
    });
    Ok((url, count))
}

fn site(root: &Path, subscribers: usize) -> Result<()> {
    std::fs::create_dir_all(root.join("content"))?;
    std::fs::create_dir_all(root.join("incidents"))?;
    let mut config = String::from(
        "title = \"Bench Status\"\nbase_url = \"https://status.bench.test/\"\n\n[[components]]\nid = \"api\"\nname = \"API\"\n\n[[components]]\nid = \"web\"\nname = \"Web\"\n\n[notify]\n",
    );
    for i in 0..WEBHOOKS {
        config.push_str(&format!(
            "\n[[notify.webhook]]\nurl_env = \"BENCH_HOOK_{i}\"\nsecret_env = \"BENCH_SECRET\"\nevents = [\"incident\"]\n"
        ));
    }
    config.push_str("\n[notify.email]\nsmtp_url_env = \"BENCH_SMTP\"\nfrom = \"Bench Status <status@bench.test>\"\nsubscribers_env = \"BENCH_SUBSCRIBERS\"\nunsubscribe_url = \"https://bench.test/unsubscribe?email={email}\"\n");
    std::fs::write(root.join("content/statusmark.toml"), config)?;
    let mut list = String::with_capacity(subscribers * 32);
    for n in 0..subscribers {
        // Every tenth subscriber follows only `web`, which this incident does not touch.
        let only = if n % 10 == 9 { " web" } else { "" };
        list.push_str(&format!("person{n}@bench.test{only}\n"));
    }
    std::fs::write(root.join("subscribers.txt"), list)?;
    Ok(())
}

fn incident(root: &Path) -> Result<()> {
    std::fs::write(
        root.join("incidents/2026-12-01-api-errors.md"),
        "---\ntitle: Elevated API errors\nimpact: major\nstarted: 2026-12-01T12:10:00Z\ncomponents:\n  api: partial_outage\n---\n\n## Investigating — 2026-12-01T12:10:00Z\nWe are looking into **errors** on the API.\n",
    )?;
    Ok(())
}

/// Run the measurement for each subscriber count; returns a Markdown table.
pub fn run(bin: &Path, python: &str, base: &Path, counts: &[usize]) -> Result<String> {
    let mut table = String::from(
        "| email subscribers | webhooks | wall time | peak RSS | messages delivered |\n|---:|---:|---:|---:|---:|\n",
    );
    for &n in counts {
        let root = base.join(format!("notify-{n}"));
        let _ = std::fs::remove_dir_all(&root);
        site(&root, n)?;
        let mail_dir = root.join("mail");
        std::fs::create_dir_all(&mail_dir)?;
        let mut sink = Command::new(python)
            .arg("tests/support/smtp_sink.py")
            .arg(&mail_dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .context("cannot start tests/support/smtp_sink.py")?;
        let mut first = String::new();
        BufReader::new(sink.stdout.take().context("no stdout")?).read_line(&mut first)?;
        let port = first
            .trim()
            .strip_prefix("PORT ")
            .context("the SMTP sink did not say its port")?
            .to_owned();
        let mut env: Vec<(String, String)> = vec![
            ("BENCH_SMTP".into(), format!("smtp://127.0.0.1:{port}")),
            (
                "BENCH_SUBSCRIBERS".into(),
                root.join("subscribers.txt").display().to_string(),
            ),
            ("BENCH_SECRET".into(), "bench-secret".into()),
        ];
        let mut counters = Vec::new();
        for i in 0..WEBHOOKS {
            let (url, count) = receiver()?;
            env.push((format!("BENCH_HOOK_{i}"), url));
            counters.push(count);
        }
        let notify = |now: &str, measure: bool| -> Result<(f64, f64)> {
            let mut cmd = Command::new(std::env::current_exe()?);
            cmd.arg("rss")
                .arg(bin)
                .args(["notify", "--root"])
                .arg(&root)
                .args(["--now", now]);
            cmd.envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())));
            let started = Instant::now();
            let out = cmd.stderr(Stdio::piped()).output()?;
            let secs = started.elapsed().as_secs_f64();
            let stderr = String::from_utf8_lossy(&out.stderr);
            if !out.status.success() {
                bail!("statusmark notify failed:\n{stderr}");
            }
            let kb: f64 = stderr
                .lines()
                .find_map(|l| l.strip_prefix("PEAK_RSS_KB="))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(-1.0);
            if measure {
                say(&format!(
                    "  {}",
                    stderr.lines().filter(|l| l.starts_with("notify:")).collect::<String>()
                ));
            }
            Ok((secs, kb / 1024.0))
        };
        notify("2026-12-01T12:00:00Z", false)?;
        incident(&root)?;
        say(&format!(
            "notify: one incident to {WEBHOOKS} webhooks and {n} subscribers"
        ));
        let (secs, mb) = notify("2026-12-01T12:15:00Z", true)?;
        let hooks: usize = counters.iter().map(|c| c.load(Ordering::SeqCst)).sum();
        let mails = std::fs::read_dir(&mail_dir)?
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().ends_with(".json"))
            .count();
        let expected = n - n / 10;
        if hooks != WEBHOOKS || mails != expected {
            bail!("expected {WEBHOOKS} webhook calls and {expected} mails, got {hooks} and {mails}");
        }
        if let Some(mut stdin) = sink.stdin.take() {
            let _ = stdin.flush();
        }
        let _ = sink.kill();
        let _ = sink.wait();
        say(&format!(
            "  {secs:.2} s, peak RSS {mb:.1} MB, {mails} mails, {hooks} webhook calls"
        ));
        table.push_str(&format!(
            "| {n} | {WEBHOOKS} | {secs:.2} s | {mb:.1} MB | {} |\n",
            mails + hooks
        ));
        let _ = std::fs::remove_dir_all(&root);
    }
    Ok(table)
}

//! A deterministic benchmark corpus in Statusmark's real format: N incidents over several years,
//! components in groups, 15 % maintenance notices, realistic bodies (3–5 updates of 40–120 words
//! with lists, links, code and tables, about 1.5–3.5 KB a file), a handful ongoing.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::Result;

/// xorshift64*: ten lines instead of a dependency, and stable across releases.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

const WORDS: &[&str] = &[
    "the",
    "api",
    "requests",
    "latency",
    "database",
    "we",
    "are",
    "investigating",
    "errors",
    "customers",
    "some",
    "region",
    "deploy",
    "rollback",
    "queue",
    "workers",
    "traffic",
    "cache",
    "elevated",
    "timeouts",
    "connection",
    "pool",
    "replica",
    "primary",
    "failover",
    "monitoring",
    "fix",
    "identified",
    "root",
    "cause",
    "configuration",
    "change",
    "load",
    "balancer",
    "certificate",
    "dns",
    "provider",
    "upstream",
    "retry",
    "backlog",
    "delivery",
    "notifications",
    "performance",
    "degraded",
    "recovered",
    "normal",
    "rates",
    "impact",
    "users",
    "dashboard",
    "sign-in",
    "webhooks",
    "storage",
    "volume",
    "nodes",
];
const STATUSES: &[&str] = &["degraded_performance", "partial_outage", "major_outage"];
const IMPACTS: &[&str] = &["minor", "major", "critical", "none"];
const KINDS: &[&str] = &["Investigating", "Identified", "Monitoring", "Update"];

fn words(rng: &mut Rng, n: u64) -> String {
    let mut s = String::new();
    for i in 0..n {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(rng.pick(WORDS));
    }
    s
}

fn paragraph(rng: &mut Rng) -> String {
    let n = 40 + rng.below(81);
    let mut text = words(rng, n);
    match rng.below(6) {
        0 => text.push_str("\n\n- first affected region\n- second affected region\n- retries are safe"),
        1 => text.push_str(&format!(
            "\n\nSee [the runbook](https://docs.example.com/runbooks/{}) for details.",
            rng.below(1000)
        )),
        2 => text.push_str("\n\n```\nERROR upstream timed out after 30s (code=504)\n```"),
        3 => text.push_str("\n\n| region | error rate |\n|---|---|\n| eu-west | 4.2 % |\n| us-east | 0.3 % |"),
        _ => {}
    }
    text
}

pub struct Corpus {
    pub incidents: usize,
    pub maintenances: usize,
    pub components: usize,
    pub bytes: u64,
}

/// Write a corpus of `n` incidents (plus 15 % as many maintenance notices) into `root`.
pub fn generate(root: &Path, n: usize, seed: u64) -> Result<Corpus> {
    let mut rng = Rng::new(seed);
    std::fs::create_dir_all(root.join("incidents"))?;
    std::fs::create_dir_all(root.join("content/maintenance"))?;
    let components = 12 + rng.below(39) as usize; // 12–50
    let groups = components.div_ceil(8);
    let mut config =
        String::from("title = \"Benchmark Status\"\nbase_url = \"https://status.bench.example/\"\nuptime_days = 90\n");
    for g in 0..groups {
        let _ = write!(config, "\n[[groups]]\nid = \"g{g}\"\nname = \"Group {g}\"\n");
    }
    for c in 0..components {
        let _ = write!(
            config,
            "\n[[components]]\nid = \"c{c}\"\nname = \"Component {c}\"\ngroup = \"g{}\"\nsla = 99.9\n",
            c % groups
        );
    }
    std::fs::write(root.join("content/statusmark.toml"), config)?;

    // Spread over several years ending at the benchmark's --now.
    let end: i64 = 1_795_000_000; // 2026-11-18
    let span: i64 = 4 * 365 * 86_400;
    let mut bytes = 0u64;
    for i in 0..n {
        let start = end - span + (span / n as i64) * i as i64 + rng.below(3600) as i64;
        let minutes = 10 + rng.below(240) as i64;
        let ongoing = i + 5 >= n; // a handful, the newest
        let mut text = format!(
            "---\ntitle: Incident {i} {}\nimpact: {}\nstarted: {}\n",
            words(&mut rng, 3),
            rng.pick(IMPACTS),
            stamp(start)
        );
        if !ongoing {
            let _ = writeln!(text, "resolved: {}", stamp(start + minutes * 60));
        }
        text.push_str("components:\n");
        let first = rng.below(components as u64);
        for k in 0..1 + rng.below(3) {
            // Distinct components: consecutive ids from a random start.
            let _ = writeln!(text, "  c{}: {}", (first + k) % components as u64, rng.pick(STATUSES));
        }
        text.push_str("---\n\n");
        text.push_str(&words(&mut rng, 25));
        text.push_str("\n\n");
        let updates = 3 + rng.below(3) as i64;
        for u in (0..updates).rev() {
            let at = start + minutes * 60 * u / updates.max(1);
            let kind = if u == updates - 1 && !ongoing {
                "Resolved"
            } else {
                rng.pick(KINDS)
            };
            let _ = write!(text, "## {kind} — {}\n{}\n\n", stamp(at), paragraph(&mut rng));
        }
        bytes += text.len() as u64;
        std::fs::write(root.join(format!("incidents/i{i:06}.md")), text)?;
    }
    let maintenances = n * 15 / 100;
    for m in 0..maintenances {
        let start = end - span + (span / maintenances.max(1) as i64) * m as i64;
        let text = format!(
            "---\ntitle: Maintenance {m}\nscheduled_for: {}\nscheduled_until: {}\ncomponents: [c{}]\n---\n\n{}\n",
            stamp(start),
            stamp(start + 7200),
            rng.below(components as u64),
            words(&mut rng, 40)
        );
        bytes += text.len() as u64;
        std::fs::write(root.join(format!("content/maintenance/m{m:06}.md")), text)?;
    }
    Ok(Corpus {
        incidents: n,
        maintenances,
        components,
        bytes,
    })
}

/// What [`probe_data`] wrote.
pub struct ProbeData {
    pub lines: u64,
    pub files: usize,
    pub bytes: u64,
}

/// Add `probes` HTTP probes (on the components `c0`, `c1`, … in turn) to the corpus in `root`:
/// `[[probes]]` in its configuration and, for each, `days` of checks every 5 minutes ending at
/// `end` (Unix seconds) in `data/probes/p<k>/<YYYY-MM>.csv`, as `statusmark probe` writes them.
/// About one check in a thousand fails, alone, so no run of failures asks for a warning.
pub fn probe_data(root: &Path, probes: usize, components: usize, days: i64, end: i64, seed: u64) -> Result<ProbeData> {
    let mut rng = Rng::new(seed);
    let mut config = std::fs::read_to_string(root.join("content/statusmark.toml"))?;
    let mut written = ProbeData {
        lines: 0,
        files: 0,
        bytes: 0,
    };
    let header = "time,outcome,status,total_ms,dns_ms,connect_ms,tls_ms,first_byte_ms,cert_days,detail\n";
    for p in 0..probes {
        let _ = write!(
            config,
            "\n[[probes]]\nid = \"p{p}\"\ncomponent = \"c{}\"\nurl = \"https://c{p}.bench.example/health\"\nlatency_target_ms = 300\n",
            p % components.max(1)
        );
        let dir = root.join(format!("data/probes/p{p}"));
        std::fs::create_dir_all(&dir)?;
        let (mut month, mut text) = (String::new(), String::new());
        let mut flush = |month: &str, text: &mut String| -> Result<()> {
            if !text.is_empty() {
                std::fs::write(dir.join(format!("{month}.csv")), text.as_bytes())?;
                written.files += 1;
                written.bytes += text.len() as u64;
                text.clear();
            }
            Ok(())
        };
        let mut t = end - days * 86_400;
        while t <= end {
            let stamp = stamp(t);
            if stamp[..7] != month {
                flush(&month, &mut text)?;
                month = stamp[..7].to_owned();
                text.push_str(header);
            }
            if rng.below(1000) == 0 {
                let _ = writeln!(
                    text,
                    "{stamp},down,503,{}.0,1.1,2.3,,,,\"expected 200-299, got 503\"",
                    20 + rng.below(80)
                );
            } else {
                let total = 40 + rng.below(200) + rng.below(10) * rng.below(40);
                let _ = writeln!(
                    text,
                    "{stamp},up,200,{total}.{},1.{},3.{},9.{},{}.{},61,\"\"",
                    rng.below(10),
                    rng.below(10),
                    rng.below(10),
                    rng.below(10),
                    total.saturating_sub(5),
                    rng.below(10)
                );
            }
            written.lines += 1;
            t += 300;
        }
        flush(&month, &mut text)?;
    }
    std::fs::write(root.join("content/statusmark.toml"), config)?;
    Ok(written)
}

/// Unix seconds → RFC 3339 UTC, without a date library (civil-from-days, Howard Hinnant's method).
pub fn stamp(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps() {
        assert_eq!(stamp(0), "1970-01-01T00:00:00Z");
        assert_eq!(stamp(1_795_000_000), "2026-11-18T11:06:40Z");
        assert_eq!(stamp(951_782_400), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn the_corpus_is_deterministic() {
        let a = tempfile_dir("a");
        let b = tempfile_dir("b");
        generate(&a, 20, 7).unwrap();
        generate(&b, 20, 7).unwrap();
        for f in [
            "incidents/i000003.md",
            "content/statusmark.toml",
            "content/maintenance/m000001.md",
        ] {
            assert_eq!(
                std::fs::read(a.join(f)).unwrap(),
                std::fs::read(b.join(f)).unwrap(),
                "{f}"
            );
        }
        let _ = std::fs::remove_dir_all(a);
        let _ = std::fs::remove_dir_all(b);
    }

    fn tempfile_dir(tag: &str) -> std::path::PathBuf {
        let d = std::env::temp_dir().join(format!("statusmark-corpus-test-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        d
    }
}

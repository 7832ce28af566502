//! The SMTP server the notification tests talk to: `tests/support/smtp_sink.py` (Python's
//! aiosmtpd) on 127.0.0.1, run with `$STATUSMARK_PYTHON` (set by `cargo xtask test`) or `python3`.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

const HOW_TO_INSTALL: &str = "the email tests need Python's aiosmtpd: \
     `pip install --break-system-packages aiosmtpd` or `apt-get install -y python3-aiosmtpd`";

/// The SMTP sink: started on a free port, stopped (stdin closed) when dropped.
pub struct Sink {
    child: Child,
    port: u16,
    dir: tempfile::TempDir,
}

/// One transaction as the sink stored it.
#[derive(serde::Deserialize)]
pub struct Stored {
    pub mail_from: String,
    pub rcpt_tos: Vec<String>,
    pub data: String,
    /// The client's address and port: one per connection.
    pub peer: String,
}

impl Sink {
    pub fn start() -> Sink {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/support/smtp_sink.py");
        let python = std::env::var("STATUSMARK_PYTHON").unwrap_or_else(|_| "python3".to_owned());
        let has_aiosmtpd = Command::new(&python)
            .args(["-c", "import aiosmtpd"])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        assert!(has_aiosmtpd, "{HOW_TO_INSTALL}");
        let dir = tempfile::tempdir().unwrap();
        let mut child = Command::new(&python)
            .arg(&script)
            .arg(dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 runs tests/support/smtp_sink.py");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .strip_prefix("PORT ")
            .and_then(|p| p.trim().parse().ok())
            .unwrap_or_else(|| panic!("the SMTP sink did not start (said {line:?}); {HOW_TO_INSTALL}"));
        Sink { child, port, dir }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every stored transaction, in arrival order. The sink stores a message before it answers
    /// 250, so after a send returns everything it delivered is here.
    pub fn received(&self) -> Vec<Stored> {
        let mut files: BTreeMap<u32, PathBuf> = BTreeMap::new();
        for entry in std::fs::read_dir(self.dir.path()).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "json") {
                let n = path.file_stem().unwrap().to_str().unwrap().parse().unwrap();
                files.insert(n, path);
            }
        }
        files
            .values()
            .map(|p| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap())
            .collect()
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.wait();
    }
}

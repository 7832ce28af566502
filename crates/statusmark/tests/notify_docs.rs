//! The signature-verification snippets in docs/notifications.md, run exactly as written (Python
//! with `python3 -c`, JavaScript with `node -e`) against `X-Statusmark-Signature` headers made here
//! with the same HMAC-SHA256 the webhooks use. A snippet that a receiver copies must accept what
//! Statusmark signs and refuse a wrong secret, a changed body and a replayed request.
//!
//! Both interpreters are required: without one this test fails rather than skip, so a missing tool
//! cannot pass for working documentation.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use sha2::Sha256;

const SECRET: &str = "whsec-test-5f1c9e";

/// A webhook body as sent: JSON with non-ASCII text, an escaped `<` and a line break, so a snippet
/// that hashes anything but the raw bytes fails.
const BODY: &str = "{\"meta\":{\"event_id\":\"incident/2026-11-20-api-errors/update/2026-11-20T14:50:00Z\",\
                    \"event_type\":\"incident.updated\"},\n\"incident\":{\"name\":\"Störung — API \\u003c 5xx\"}}";

fn docs() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/notifications.md");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The code of the fenced block right after `<!-- snippet: NAME -->`.
fn snippet(docs: &str, name: &str) -> String {
    let marker = format!("<!-- snippet: {name} -->");
    let (_, after) = docs
        .split_once(&marker)
        .unwrap_or_else(|| panic!("docs/notifications.md has no `{marker}`"));
    let mut lines = after.trim_start_matches(['\r', '\n']).lines();
    let fence = lines.next().unwrap_or_default();
    assert!(
        fence.starts_with("```"),
        "`{marker}` is not followed by a fenced block but by {fence:?}"
    );
    let mut code = String::new();
    for line in lines {
        if line.starts_with("```") {
            return code;
        }
        code.push_str(line);
        code.push('\n');
    }
    panic!("the block after `{marker}` is not closed");
}

fn unix_now() -> i64 {
    i64::try_from(SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs()).unwrap()
}

/// `X-Statusmark-Signature` for `body` sent at `t`: `t=<t>,v1=<hex HMAC-SHA256 of "<t>.<body>">`.
fn signature(secret: &str, t: i64, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{t}.").as_bytes());
    mac.update(body);
    format!("t={t},v1={}", hex(&mac.finalize().into_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A receiver in one language: how to run a snippet with a harness that calls
/// `verify(secret, header, body, now)` on its arguments and prints the result.
struct Receiver {
    program: &'static str,
    flag: &'static str,
    marker: &'static str,
    /// Appended to the snippet; reads secret, header, hex body and now from the arguments
    /// (`node -e` puts them right after the program's path, `python3 -c` after `-c`).
    harness: &'static str,
}

const PYTHON: Receiver = Receiver {
    program: "python3",
    flag: "-c",
    marker: "verify-python",
    harness: "\nimport sys\nprint(verify(sys.argv[1], sys.argv[2], bytes.fromhex(sys.argv[3]), float(sys.argv[4])))\n",
};

const NODE: Receiver = Receiver {
    program: "node",
    flag: "-e",
    marker: "verify-js",
    harness: "\nconst [secret, header, body, now] = process.argv.slice(1);\n\
              console.log(verify(secret, header, Buffer.from(body, \"hex\"), Number(now)));\n",
};

impl Receiver {
    /// What `verify` says about this request, as `true` or `false`.
    fn verify(&self, code: &str, secret: &str, header: &str, body: &[u8], now: i64) -> bool {
        let out = Command::new(self.program)
            .arg(self.flag)
            .arg(code)
            .args([secret, header, &hex(body), &now.to_string()])
            .output()
            .unwrap_or_else(|e| {
                panic!(
                    "`{}` is needed to test the `{}` snippet of docs/notifications.md and could not be run: {e}",
                    self.program, self.marker
                )
            });
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "the `{}` snippet failed on header {header:?}:\n{stdout}{}",
            self.marker,
            String::from_utf8_lossy(&out.stderr)
        );
        match stdout.trim().to_ascii_lowercase().as_str() {
            "true" => true,
            "false" => false,
            other => panic!(
                "the `{}` snippet's verify returned {other:?}, not a boolean",
                self.marker
            ),
        }
    }

    fn check(&self, docs: &str) {
        let code = format!("{}{}", snippet(docs, self.marker), self.harness);
        let body = BODY.as_bytes();
        let now = unix_now();
        let valid = signature(SECRET, now, body);
        let mut changed = body.to_vec();
        changed[BODY.find("API").unwrap()] ^= 0x20; // "API" becomes "aPI"

        let old = signature(SECRET, now - 600, body);
        let ahead = signature(SECRET, now + 600, body);
        let recent = signature(SECRET, now - 240, body);
        // (what, secret the receiver holds, header, body received, accepted?)
        let cases = [
            ("a valid signature", SECRET, valid.as_str(), body, true),
            ("a valid signature within the window", SECRET, &recent, body, true),
            ("a wrong secret", "not-the-secret", &valid, body, false),
            ("a modified body", SECRET, &valid, &changed, false),
            ("a timestamp 10 minutes old", SECRET, &old, body, false),
            ("a timestamp 10 minutes ahead", SECRET, &ahead, body, false),
            ("a header that is not a signature", SECRET, "garbage", body, false),
        ];
        for (what, secret, header, body, accepted) in cases {
            assert_eq!(
                self.verify(&code, secret, header, body, now),
                accepted,
                "the `{}` snippet {} {what}",
                self.marker,
                if accepted { "refused" } else { "accepted" }
            );
        }
    }
}

#[test]
fn the_python_snippet_accepts_statusmark_signatures_and_refuses_forgeries_and_replays() {
    PYTHON.check(&docs());
}

#[test]
fn the_javascript_snippet_accepts_statusmark_signatures_and_refuses_forgeries_and_replays() {
    NODE.check(&docs());
}

/// The harness's own check: the signature this test makes is the documented one, computed here a
/// second way (HMAC by hand from SHA-256), so a mistake cannot hide in both the test and a snippet.
#[test]
fn the_test_signs_as_documented() {
    use sha2::Digest;
    let (t, body) = (1_764_000_000_i64, BODY.as_bytes());
    let mut key = [0u8; 64];
    key[..SECRET.len()].copy_from_slice(SECRET.as_bytes());
    let pad = |b: u8| key.iter().map(|k| k ^ b).collect::<Vec<u8>>();
    let inner = Sha256::new()
        .chain_update(pad(0x36))
        .chain_update(format!("{t}.").as_bytes())
        .chain_update(body)
        .finalize();
    let outer = Sha256::new().chain_update(pad(0x5c)).chain_update(inner).finalize();
    assert_eq!(signature(SECRET, t, body), format!("t={t},v1={}", hex(&outer)));
}

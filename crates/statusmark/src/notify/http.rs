//! Posting a JSON body to a URL with bounded retries: exponential backoff with jitter, honouring
//! `Retry-After`; a 4xx other than 408 and 429 is final; redirects are not followed. Webhook bodies
//! are signed with HMAC-SHA256 when a secret is given.

use std::time::{Duration, Instant};

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// How one delivery ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Sent,
    /// Refused for good; not retried.
    Rejected(String),
    /// Not delivered within this run's attempts; retried next run.
    Failed(String),
}

#[derive(Debug)]
pub struct Poster {
    agent: ureq::Agent,
    attempts: u32,
    /// The first backoff; each next one doubles, up to [`MAX_BACKOFF`].
    backoff: Duration,
}

const MAX_BACKOFF: Duration = Duration::from_secs(30);
/// The longest `Retry-After` worth waiting for within a run; longer ones wait for the next run.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);
/// Answers are read only this far (for the error message).
const ANSWER_LIMIT: u64 = 4096;

/// The signature header's value: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`.
pub fn signature(secret: &[u8], unix: i64, body: &[u8]) -> String {
    // HMAC takes keys of any length.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret).unwrap_or_else(|_| unreachable!());
    mac.update(unix.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    let hex: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
    format!("t={unix},v1={hex}")
}

impl Poster {
    pub fn new(timeout: Duration, attempts: u32) -> Poster {
        Poster {
            agent: crate::net::agent(timeout, 0),
            attempts: attempts.max(1),
            backoff: Duration::from_secs(1),
        }
    }

    /// Post `body` with `headers`; with a secret, each attempt is signed at its own time.
    pub fn post(&self, url: &str, headers: &[(&str, String)], body: &[u8], secret: Option<&[u8]>) -> Outcome {
        let started = Instant::now();
        let mut wait = self.backoff;
        let mut last = String::new();
        for attempt in 1..=self.attempts {
            let mut req = self.agent.post(url).header("Content-Type", "application/json");
            for (k, v) in headers {
                req = req.header(*k, v);
            }
            if let Some(secret) = secret {
                let sig = signature(secret, jiff::Timestamp::now().as_second(), body);
                req = req.header("X-Statusmark-Signature", sig);
            }
            let retry_after = match req.send(body) {
                Ok(mut resp) => {
                    let status = resp.status().as_u16();
                    if (200..300).contains(&status) {
                        return Outcome::Sent;
                    }
                    let answer = resp
                        .body_mut()
                        .with_config()
                        .limit(ANSWER_LIMIT)
                        .read_to_string()
                        .unwrap_or_default();
                    let answer: String = answer.chars().filter(|c| !c.is_control()).take(200).collect();
                    last = format!("HTTP {status} {answer}").trim_end().to_owned();
                    if (400..500).contains(&status) && status != 408 && status != 429 || (300..400).contains(&status) {
                        return Outcome::Rejected(last);
                    }
                    resp.headers()
                        .get("retry-after")
                        .and_then(|v| v.to_str().ok())
                        .and_then(retry_after)
                }
                Err(e) => {
                    // The URL may hold a token (chat webhooks do): never in a message.
                    last = e.to_string().replace(url, "<url>");
                    None
                }
            };
            if attempt == self.attempts {
                break;
            }
            let pause = match retry_after {
                Some(d) if d > MAX_RETRY_AFTER => {
                    return Outcome::Failed(format!("{last} (asked to retry after {} s)", d.as_secs()));
                }
                Some(d) => d,
                None => jitter(wait),
            };
            std::thread::sleep(pause);
            wait = (wait * 2).min(MAX_BACKOFF);
        }
        let secs = started.elapsed().as_secs_f32();
        Outcome::Failed(format!("{last} ({} attempts, {secs:.1} s)", self.attempts))
    }
}

/// Between half and all of `d` ("equal jitter"): retries from many senders spread out.
fn jitter(d: Duration) -> Duration {
    d.mul_f64(0.5 + fastrand::f64() / 2.0)
}

/// `Retry-After`: seconds, or an HTTP date.
fn retry_after(v: &str) -> Option<Duration> {
    if let Ok(secs) = v.trim().parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = jiff::fmt::rfc2822::parse(v.trim()).ok()?.timestamp();
    let secs = at.duration_since(jiff::Timestamp::now()).as_secs().max(0);
    Some(Duration::from_secs(u64::try_from(secs).unwrap_or(0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_is_hmac_sha256_of_time_dot_body() {
        // Reference value from the HMAC definition (RFC 2104) computed independently:
        // python3 -c 'import hmac,hashlib;print(hmac.new(b"k",b"1.{}",hashlib.sha256).hexdigest())'
        assert_eq!(
            signature(b"k", 1, b"{}"),
            "t=1,v1=3dd49b2593d0f9a349e9e71c4bde3e2b862c2be4003fe9b4ba81332029310158"
        );
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        assert_eq!(retry_after("3"), Some(Duration::from_secs(3)));
        assert_eq!(retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), Some(Duration::ZERO));
        assert_eq!(retry_after("soon"), None);
    }
}

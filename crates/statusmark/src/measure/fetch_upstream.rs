//! `statusmark fetch`, the upstream part: one `GET` of each `[[upstreams]]` URL (timeout, size
//! limit, a few redirects: these are public pages), normalised by [`super::upstream`] and written
//! whole to `data/upstreams/<id>.json`, or not at all: a failed fetch keeps the last snapshot.
//! Names an upstream by its address's origin only (`scheme://host:port`): the path and query
//! may carry a token.

use std::path::Path;
use std::time::Duration;

use jiff::Timestamp;

use super::upstream::{MAX_SNAPSHOT_BYTES, normalise, origin, snapshot_json, upstream_file};
use crate::content::upstream::Upstream;

/// Why one upstream was not fetched.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum UpstreamError {
    #[error("connection refused")]
    Refused,
    #[error("cannot connect: {0}")]
    Connect(String),
    #[error("no complete answer within {} s", .0.as_secs_f32())]
    Timeout(Duration),
    #[error("the answer is larger than {} MB", .0 / (1024 * 1024))]
    TooLarge(u64),
    #[error("the snapshot would be larger than {} MB, more than `build` reads", .0 / (1024 * 1024))]
    SnapshotTooLarge(u64),
    #[error("HTTP {0}")]
    Http(u16),
    #[error("{0}")]
    Invalid(String),
    #[error("cannot write {path}: {source}")]
    Write { path: String, source: std::io::Error },
}

impl UpstreamError {
    /// What to do about it.
    pub fn help(&self) -> &'static str {
        match self {
            UpstreamError::Refused | UpstreamError::Connect(_) => {
                "check the url in [[upstreams]], and that this machine can reach it"
            }
            UpstreamError::Timeout(_) => "the page was slow: try again, or raise --timeout",
            UpstreamError::TooLarge(_) | UpstreamError::SnapshotTooLarge(_) => {
                "point url at the page's summary document, not a full history"
            }
            UpstreamError::Http(_) => {
                "check that url is the page's summary.json (or status.json) and that it is public"
            }
            UpstreamError::Invalid(_) => {
                "url must answer a Statuspage or Instatus summary.json, or a Statusmark status.json"
            }
            UpstreamError::Write { .. } => "check that data/upstreams/ is a writable folder",
        }
    }
}

/// An upstream fetched and written.
#[derive(Clone, Debug, PartialEq)]
pub struct UpstreamFetched {
    pub id: String,
    pub path: String,
    /// `statuspage`, `instatus` or `statusmark`.
    pub kind: &'static str,
    /// The status the site shows for it.
    pub status: &'static str,
    pub components: usize,
    /// Configured components the page does not list.
    pub missing: Vec<String>,
}

impl std::fmt::Display for UpstreamFetched {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "upstream {} ({}): {}", self.id, self.kind, self.status)?;
        if self.components > 0 {
            write!(f, ", {} component(s)", self.components)?;
        }
        if !self.missing.is_empty() {
            let names: Vec<String> = self.missing.iter().map(|m| format!("\"{m}\"")).collect();
            write!(f, "; not on the page: {}", names.join(", "))?;
        }
        Ok(())
    }
}

/// An upstream that failed; its previous snapshot, if any, is untouched.
#[derive(Debug)]
pub struct UpstreamFailed {
    pub id: String,
    /// The address's `scheme://host:port`, never its path or query.
    pub origin: String,
    pub path: String,
    pub error: UpstreamError,
    pub kept: bool,
}

impl std::fmt::Display for UpstreamFailed {
    /// Two lines: what failed, and what to do.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "error: upstream {} ({}): {}", self.id, self.origin, self.error)?;
        let kept = if self.kept {
            format!("the last snapshot, {}, is kept", self.path)
        } else {
            "no snapshot was written".to_owned()
        };
        write!(f, "  = help: {}; {kept}", self.error.help())
    }
}

/// An HTTP client for public status pages.
pub struct PageClient {
    agent: ureq::Agent,
    timeout: Duration,
    limit: u64,
}

impl PageClient {
    pub fn new(timeout: Duration, limit: u64) -> PageClient {
        PageClient {
            agent: crate::net::agent(timeout, 5),
            timeout,
            limit,
        }
    }

    fn get(&self, url: &str) -> Result<Vec<u8>, UpstreamError> {
        let mut resp = self
            .agent
            .get(url)
            .header("Accept", "application/json")
            .call()
            .map_err(|e| self.cause(e))?;
        let status = resp.status().as_u16();
        if !(200..300).contains(&status) {
            return Err(UpstreamError::Http(status));
        }
        resp.body_mut()
            .with_config()
            .limit(self.limit)
            .read_to_vec()
            .map_err(|e| self.cause(e))
    }

    fn cause(&self, e: ureq::Error) -> UpstreamError {
        use std::io::ErrorKind;
        match e {
            ureq::Error::Timeout(_) => UpstreamError::Timeout(self.timeout),
            ureq::Error::BodyExceedsLimit(_) => UpstreamError::TooLarge(self.limit),
            ureq::Error::Io(io) if io.kind() == ErrorKind::ConnectionRefused => UpstreamError::Refused,
            ureq::Error::Io(io) if io.kind() == ErrorKind::TimedOut => UpstreamError::Timeout(self.timeout),
            ureq::Error::Io(io) => UpstreamError::Connect(without_paths(&io.to_string())),
            ureq::Error::HostNotFound => UpstreamError::Connect("host not found".to_owned()),
            // A redirect's or a bad address's message may quote it whole.
            other => UpstreamError::Connect(without_paths(&other.to_string()).chars().take(200).collect()),
        }
    }
}

/// `text` with every address in it cut to its origin.
fn without_paths(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("://") {
        // The scheme: the letters before `://`.
        let start = rest[..at]
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
            .map_or(0, |i| i + 1);
        let end = rest[at..]
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | ')' | ','))
            .map_or(rest.len(), |i| at + i);
        out.push_str(&rest[..start]);
        out.push_str(&origin(&rest[start..end]));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Fetch one upstream and replace its snapshot.
pub fn fetch_upstream(
    root: &Path,
    upstream: &Upstream,
    now: Timestamp,
    client: &PageClient,
) -> Result<UpstreamFetched, UpstreamFailed> {
    let path = upstream_file(&upstream.id);
    let result = client
        .get(&upstream.url)
        .and_then(|body| normalise(upstream, &body, now).map_err(UpstreamError::Invalid))
        .and_then(|snap| {
            let json = snapshot_json(&snap);
            if json.len() as u64 > MAX_SNAPSHOT_BYTES {
                return Err(UpstreamError::SnapshotTooLarge(MAX_SNAPSHOT_BYTES));
            }
            super::data::write_atomic(&root.join(&path), json.as_bytes()).map_err(|source| UpstreamError::Write {
                path: path.clone(),
                source,
            })?;
            Ok(snap)
        });
    match result {
        Ok(snap) => Ok(UpstreamFetched {
            id: upstream.id.clone(),
            kind: snap.kind.as_str(),
            status: snap.status(!upstream.components.is_empty()).as_str(),
            components: snap.components.len(),
            missing: snap.missing,
            path,
        }),
        Err(error) => Err(UpstreamFailed {
            id: upstream.id.clone(),
            origin: origin(&upstream.url),
            kept: root.join(&path).is_file(),
            path,
            error,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_origin_of_an_address_is_printed() {
        for (url, want) in [
            (
                "https://status.example.com/api/v2/summary.json?token=s3cret",
                "https://status.example.com",
            ),
            ("http://127.0.0.1:8080?token=s3cret", "http://127.0.0.1:8080"),
            ("https://user:pw@host.test:8443/x#frag", "https://host.test:8443"),
            ("host/path", "(not an http address)"),
        ] {
            assert_eq!(origin(url), want, "{url}");
        }
        assert_eq!(
            without_paths("too many redirects (last: https://a.test/next?token=s3cret), from http://b.test/x"),
            "too many redirects (last: https://a.test), from http://b.test"
        );
    }
}

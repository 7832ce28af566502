//! `http://` and `https://` probes, through ureq with our own resolver and connector so each phase
//! can be timed: DNS, connect, TLS (verified against [`Trust`], remembering the certificate for
//! its days left) and the wait for the first byte. Phases are those of the first connection and
//! first answer; after a redirect only the total grows.

use std::fmt;
use std::io::{Read, Write};
use std::net::IpAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use jiff::Timestamp;
use rustls::{ClientConfig, ClientConnection, StreamOwned};
use rustls_pki_types::ServerName;
use ureq::config::Config as UreqConfig;
use ureq::http::Uri;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{
    Buffers, ConnectionDetails, Connector, LazyBuffers, NextTimeout, TcpConnector, Transport, TransportAdapter,
};

use super::net::{Trust, cert_days, describe_io, describe_tls, expiry_outcome};
use super::{down, millis, timed_out};
use crate::content::measure::Probe;
use crate::measure::data::{Outcome, ProbeRecord};

/// The most of a body read, for `contains`; the rest is not waited for.
pub const BODY_LIMIT: u64 = 1024 * 1024;

/// What the resolver and connector measured, shared with the check.
#[derive(Default)]
struct Phases {
    dns: Option<Duration>,
    connect: Option<Duration>,
    tls: Option<Duration>,
    first_byte: Option<Duration>,
    /// Why the first TLS handshake failed, in words.
    tls_failure: Option<String>,
}

type Shared = Arc<Mutex<Phases>>;

fn with(shared: &Shared, f: impl FnOnce(&mut Phases)) {
    f(&mut shared.lock().unwrap_or_else(PoisonError::into_inner));
}

/// The system resolver, timed (no time for an IP address: nothing was looked up).
struct TimedResolver {
    inner: DefaultResolver,
    phases: Shared,
}

impl fmt::Debug for TimedResolver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TimedResolver")
    }
}

impl Resolver for TimedResolver {
    fn resolve(
        &self,
        uri: &Uri,
        config: &UreqConfig,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let start = Instant::now();
        let result = self.inner.resolve(uri, config, timeout);
        let literal = uri.host().is_some_and(|h| {
            h.trim_start_matches('[')
                .trim_end_matches(']')
                .parse::<IpAddr>()
                .is_ok()
        });
        if !literal {
            with(&self.phases, |p| {
                p.dns.get_or_insert(start.elapsed());
            });
        }
        // The system resolver's "Name or service not known" is an I/O error to ureq.
        result.map_err(|e| match e {
            ureq::Error::Io(io) if io.kind() != std::io::ErrorKind::TimedOut => ureq::Error::HostNotFound,
            other => other,
        })
    }
}

/// TCP, then TLS for `https`, then a transport that notes when the answer starts.
struct TimedConnector {
    tcp: TcpConnector,
    tls: Arc<ClientConfig>,
    seen: Arc<Mutex<Option<Vec<u8>>>>,
    phases: Shared,
}

impl fmt::Debug for TimedConnector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TimedConnector")
    }
}

impl Connector<()> for TimedConnector {
    type Out = TimedTransport;

    fn connect(&self, details: &ConnectionDetails, _: Option<()>) -> Result<Option<TimedTransport>, ureq::Error> {
        let start = Instant::now();
        let Some(tcp) = Connector::<()>::connect(&self.tcp, details, None)? else {
            return Err(ureq::Error::ConnectionFailed);
        };
        with(&self.phases, |p| {
            p.connect.get_or_insert(start.elapsed());
        });
        let mut inner: Box<dyn Transport> = Box::new(tcp);
        if details.needs_tls() {
            let start = Instant::now();
            inner = Box::new(self.handshake(details, inner)?);
            with(&self.phases, |p| {
                p.tls.get_or_insert(start.elapsed());
            });
        }
        Ok(Some(TimedTransport {
            inner,
            sent_at: None,
            phases: Arc::clone(&self.phases),
        }))
    }
}

impl TimedConnector {
    fn handshake(
        &self,
        details: &ConnectionDetails,
        transport: Box<dyn Transport>,
    ) -> Result<TlsTransport, ureq::Error> {
        let host = details
            .uri
            .host()
            .unwrap_or_default()
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_owned();
        let name = ServerName::try_from(host.clone()).map_err(|_| ureq::Error::Tls("not a name TLS can verify"))?;
        let mut conn = ClientConnection::new(Arc::clone(&self.tls), name)?;
        let mut sock = TransportAdapter::new(transport, details.current_time.clone());
        sock.set_timeout(details.timeout);
        if let Err(e) = conn.complete_io(&mut sock) {
            if let Some(tls) = e.get_ref().and_then(|i| i.downcast_ref::<rustls::Error>()) {
                let leaf = self.seen.lock().unwrap_or_else(PoisonError::into_inner).clone();
                let why = describe_tls(tls, leaf.as_deref(), &host);
                with(&self.phases, |p| {
                    p.tls_failure.get_or_insert(why);
                });
            }
            return Err(ureq::Error::Io(e));
        }
        let buffers = LazyBuffers::new(details.config.input_buffer_size(), details.config.output_buffer_size());
        Ok(TlsTransport {
            buffers,
            stream: StreamOwned { conn, sock },
        })
    }
}

/// rustls over the TCP transport (as ureq's own `RustlsConnector` does, which hides the
/// certificate and the handshake's duration).
struct TlsTransport {
    buffers: LazyBuffers,
    stream: StreamOwned<ClientConnection, TransportAdapter>,
}

impl fmt::Debug for TlsTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TlsTransport")
    }
}

impl Transport for TlsTransport {
    fn buffers(&mut self) -> &mut dyn Buffers {
        &mut self.buffers
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), ureq::Error> {
        self.stream.get_mut().set_timeout(timeout);
        let output = &self.buffers.output()[..amount];
        self.stream.write_all(output)?;
        Ok(())
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        self.stream.get_mut().set_timeout(timeout);
        let input = self.buffers.input_append_buf();
        let amount = self.stream.read(input)?;
        self.buffers.input_appended(amount);
        Ok(amount > 0)
    }

    fn is_open(&mut self) -> bool {
        self.stream.get_mut().get_mut().is_open()
    }

    fn is_tls(&self) -> bool {
        true
    }
}

/// Notes the wait between the request going out and the first byte of the answer.
struct TimedTransport {
    inner: Box<dyn Transport>,
    sent_at: Option<Instant>,
    phases: Shared,
}

impl fmt::Debug for TimedTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TimedTransport")
    }
}

impl Transport for TimedTransport {
    fn buffers(&mut self) -> &mut dyn Buffers {
        self.inner.buffers()
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), ureq::Error> {
        self.inner.transmit_output(amount, timeout)?;
        self.sent_at = Some(Instant::now());
        Ok(())
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        let got = self.inner.await_input(timeout)?;
        if got && let Some(sent) = self.sent_at.take() {
            with(&self.phases, |p| {
                p.first_byte.get_or_insert(sent.elapsed());
            });
        }
        Ok(got)
    }

    fn is_open(&mut self) -> bool {
        self.inner.is_open()
    }

    fn is_tls(&self) -> bool {
        self.inner.is_tls()
    }
}

/// What a ureq failure means to a person.
fn describe(e: &ureq::Error, probe: &Probe, timeout: Duration) -> String {
    match e {
        ureq::Error::Timeout(_) => timed_out(timeout),
        ureq::Error::Io(io) => match io.get_ref().and_then(|i| i.downcast_ref::<ureq::Error>()) {
            Some(inner) => describe(inner, probe, timeout),
            None => describe_io(io, timeout),
        },
        ureq::Error::HostNotFound => "host not found".to_owned(),
        ureq::Error::TooManyRedirects => match probe.redirects {
            1 => "more than 1 redirect".to_owned(),
            n => format!("more than {n} redirects"),
        },
        ureq::Error::RedirectFailed => "a redirect could not be followed".to_owned(),
        ureq::Error::Protocol(p) => format!("not a valid HTTP answer: {p}"),
        ureq::Error::BadUri(u) => format!("not a valid URL: {u}"),
        ureq::Error::ConnectionFailed => "connection failed".to_owned(),
        other => other.to_string(),
    }
}

fn expected(probe: &Probe, got: u16) -> String {
    match probe.expect_status {
        (lo, hi) if lo == hi => format!("expected {lo}, got {got}"),
        (lo, hi) => format!("expected {lo}-{hi}, got {got}"),
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    needle.is_empty() || haystack.windows(needle.len()).any(|w| w == needle)
}

/// One HTTP(S) check.
pub fn check(probe: &Probe, url: &str, trust: &Trust, timeout: Duration, now: Timestamp) -> ProbeRecord {
    let start = Instant::now();
    let phases = Shared::default();
    let seen = Arc::new(Mutex::new(None));
    let tls = match trust.client_config(Arc::clone(&seen)) {
        Ok(c) => c,
        Err(why) => return down(now, why),
    };
    let config = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(probe.redirects)
        .max_redirects_will_error(true)
        .timeout_global(Some(timeout))
        .proxy(None)
        .max_idle_connections(0)
        .user_agent(concat!("statusmark-probe/", env!("CARGO_PKG_VERSION")))
        .build();
    let connector = TimedConnector {
        tcp: TcpConnector::default(),
        tls,
        seen: Arc::clone(&seen),
        phases: Arc::clone(&phases),
    };
    let resolver = TimedResolver {
        inner: DefaultResolver::default(),
        phases: Arc::clone(&phases),
    };
    let agent = ureq::Agent::with_parts(config, connector, resolver);
    let answer = match probe.method.as_str() {
        "HEAD" => agent.head(url).call(),
        "POST" => agent.post(url).send_empty(),
        "PUT" => agent.put(url).send_empty(),
        "OPTIONS" => agent.options(url).call(),
        _ => agent.get(url).call(),
    };
    let mut body = Vec::new();
    let (status, failure) = match answer {
        Ok(mut response) => {
            let status = response.status().as_u16();
            let read = response.body_mut().as_reader().take(BODY_LIMIT).read_to_end(&mut body);
            (
                Some(status),
                read.err().map(|e| describe_io_or_ureq(&e, probe, timeout)),
            )
        }
        Err(e) => (None, Some(describe(&e, probe, timeout))),
    };
    let total = start.elapsed();
    let leaf = seen.lock().unwrap_or_else(PoisonError::into_inner).clone();
    let p = std::mem::take(&mut *phases.lock().unwrap_or_else(PoisonError::into_inner));
    let mut r = down(now, "");
    r.status = status;
    r.total_ms = Some(millis(total));
    r.dns_ms = p.dns.map(millis);
    r.connect_ms = p.connect.map(millis);
    r.tls_ms = p.tls.map(millis);
    r.first_byte_ms = p.first_byte.map(millis);
    r.cert_days = cert_days(leaf.as_deref());
    r.detail = match (failure, status) {
        // A failed handshake says more than the I/O error ureq reports for it.
        (Some(f), _) => p.tls_failure.unwrap_or(f),
        (None, Some(s)) if s < probe.expect_status.0 || s > probe.expect_status.1 => expected(probe, s),
        (None, _) => match &probe.contains {
            Some(want) if !contains(&body, want.as_bytes()) => format!("body lacks {want:?}"),
            _ => {
                (r.outcome, r.detail) = expiry_outcome(r.cert_days, probe.warn_days);
                return r;
            }
        },
    };
    debug_assert_eq!(r.outcome, Outcome::Down);
    r
}

/// Body reads fail with an I/O error that may carry ureq's own.
fn describe_io_or_ureq(e: &std::io::Error, probe: &Probe, timeout: Duration) -> String {
    match e.get_ref().and_then(|i| i.downcast_ref::<ureq::Error>()) {
        Some(inner) => describe(inner, probe, timeout),
        None => describe_io(e, timeout),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substrings_are_found_in_bytes() {
        assert!(contains(b"{\"status\":\"ok\"}", b"ok"));
        assert!(!contains(b"not okay", b"ok!"));
        assert!(contains(b"\xff\xfe ok", b"ok"));
        assert!(contains(b"", b""));
        assert!(!contains(b"", b"x"));
    }
}

//! The checks below HTTP: name resolution with a timeout, TCP connects (`tcp://`), TLS handshakes
//! and certificate expiry (`tls://`), and what `https://` shares with them: the trusted roots,
//! a verifier that remembers the certificate it was shown, and the words for what went wrong.

use std::io;
use std::net::{IpAddr, SocketAddr, TcpStream, ToSocketAddrs};
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock, PoisonError, mpsc};
use std::time::{Duration, Instant, SystemTime};

use jiff::Timestamp;
use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::{CertificateError, ClientConfig, ClientConnection, DigitallySignedStruct, RootCertStore, SignatureScheme};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, ServerName, UnixTime};

use super::{ProbeError, down, millis, timed_out};
use crate::content::measure::Probe;
use crate::measure::data::{Outcome, ProbeRecord};

const DAY: i64 = 86_400;

/// The roots a probe's TLS connections are verified against: the public web's (webpki-roots) and
/// the probe's `ca` file, if any.
#[derive(Debug)]
pub struct Trust {
    roots: Arc<RootCertStore>,
}

fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

fn public_roots() -> Arc<RootCertStore> {
    static ROOTS: OnceLock<Arc<RootCertStore>> = OnceLock::new();
    Arc::clone(ROOTS.get_or_init(|| {
        Arc::new(RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        })
    }))
}

impl Trust {
    /// The public roots, plus those of the probe's `ca` file (which must hold at least one).
    pub fn for_probe(root: &Path, probe: &Probe) -> Result<Trust, ProbeError> {
        let Some(ca) = &probe.ca else {
            return Ok(Trust { roots: public_roots() });
        };
        let fail = |reason: String| ProbeError::Ca {
            probe: probe.id.clone(),
            path: ca.clone(),
            reason,
        };
        let pem = std::fs::read(root.join(ca)).map_err(|e| fail(e.to_string()))?;
        let mut store = RootCertStore {
            roots: public_roots().roots.clone(),
        };
        let mut added = 0;
        for cert in CertificateDer::pem_slice_iter(&pem) {
            let cert = cert.map_err(|e| fail(format!("not a PEM file ({e})")))?;
            store
                .add(cert)
                .map_err(|e| fail(format!("a certificate cannot be a root: {e}")))?;
            added += 1;
        }
        if added == 0 {
            return Err(fail("it holds no CERTIFICATE block".to_owned()));
        }
        Ok(Trust { roots: Arc::new(store) })
    }

    /// A client configuration whose verifier keeps the server's certificate in `seen`, so its
    /// expiry can be read whether or not it was accepted.
    pub fn client_config(&self, seen: Arc<Mutex<Option<Vec<u8>>>>) -> Result<Arc<ClientConfig>, String> {
        let provider = provider();
        let inner = WebPkiServerVerifier::builder_with_provider(Arc::clone(&self.roots), Arc::clone(&provider))
            .build()
            .map_err(|e| format!("cannot set up certificate verification: {e}"))?;
        let config = ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| format!("cannot set up TLS: {e}"))?
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(RecordingVerifier { inner, seen }))
            .with_no_client_auth();
        Ok(Arc::new(config))
    }
}

/// The webpki verifier, noting the end-entity certificate it is asked about.
#[derive(Debug)]
struct RecordingVerifier {
    inner: Arc<WebPkiServerVerifier>,
    seen: Arc<Mutex<Option<Vec<u8>>>>,
}

impl ServerCertVerifier for RecordingVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let mut seen = self.seen.lock().unwrap_or_else(PoisonError::into_inner);
        if seen.is_none() {
            *seen = Some(end_entity.to_vec());
        }
        drop(seen);
        self.inner
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

/// Seconds from `now` until the certificate's `notAfter` (negative once expired), read with
/// x509-parser.
pub fn seconds_left(der: &[u8], now: SystemTime) -> Option<i64> {
    let (_, cert) = x509_parser::parse_x509_certificate(der).ok()?;
    let not_after = cert.validity().not_after.timestamp();
    let now = i64::try_from(now.duration_since(SystemTime::UNIX_EPOCH).ok()?.as_secs()).ok()?;
    Some(not_after - now)
}

/// Whole days left, as recorded: truncated while valid, at most -1 once expired (so a negative
/// number always means expired).
pub fn days_left(seconds: i64) -> i64 {
    if seconds >= 0 {
        seconds / DAY
    } else {
        (seconds / DAY).min(-1)
    }
}

/// The certificate's days left now, if it could be read.
pub fn cert_days(der: Option<&[u8]>) -> Option<i64> {
    der.and_then(|d| seconds_left(d, SystemTime::now())).map(days_left)
}

/// "certificate expired 3 days ago".
fn expired(seconds: Option<i64>) -> String {
    match seconds.map(|s| -s / DAY) {
        Some(0) => "certificate expired less than a day ago".to_owned(),
        Some(1) => "certificate expired 1 day ago".to_owned(),
        Some(n) => format!("certificate expired {n} days ago"),
        None => "certificate expired".to_owned(),
    }
}

/// What a failed handshake means to a person, given the certificate the server showed (if any).
pub fn describe_tls(e: &rustls::Error, leaf: Option<&[u8]>, host: &str) -> String {
    match e {
        rustls::Error::InvalidCertificate(c) => match c {
            CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
                expired(leaf.and_then(|d| seconds_left(d, SystemTime::now())))
            }
            CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
                "certificate not valid yet".to_owned()
            }
            CertificateError::UnknownIssuer | CertificateError::BadSignature => "certificate not trusted".to_owned(),
            CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
                format!("certificate not valid for {host}")
            }
            CertificateError::Revoked => "certificate revoked".to_owned(),
            other => format!("certificate rejected: {other:?}"),
        },
        rustls::Error::AlertReceived(alert) => format!("TLS handshake failed: the server sent alert {alert:?}"),
        other => format!("TLS handshake failed: {other}"),
    }
}

/// What an I/O failure means to a person.
pub fn describe_io(e: &io::Error, timeout: Duration) -> String {
    if let Some(tls) = e.get_ref().and_then(|i| i.downcast_ref::<rustls::Error>()) {
        return describe_tls(tls, None, "the host");
    }
    match e.kind() {
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => timed_out(timeout),
        io::ErrorKind::ConnectionRefused => "connection refused".to_owned(),
        io::ErrorKind::ConnectionReset | io::ErrorKind::ConnectionAborted | io::ErrorKind::BrokenPipe => {
            "connection reset".to_owned()
        }
        io::ErrorKind::UnexpectedEof => "connection closed by the server".to_owned(),
        io::ErrorKind::HostUnreachable => "host unreachable".to_owned(),
        io::ErrorKind::NetworkUnreachable => "network unreachable".to_owned(),
        _ => format!("connection failed: {e}"),
    }
}

/// The addresses of `host`, and how long the lookup took (`None` for an IP address: no lookup).
/// The system resolver has no timeout of its own, so it runs on a thread we stop waiting for.
pub fn resolve(host: &str, port: u16, timeout: Duration) -> Result<(Vec<SocketAddr>, Option<Duration>), String> {
    if let Ok(ip) = host.parse::<IpAddr>() {
        return Ok((vec![SocketAddr::new(ip, port)], None));
    }
    let start = Instant::now();
    let (tx, rx) = mpsc::channel();
    let name = (host.to_owned(), port);
    std::thread::spawn(move || {
        let _ = tx.send(name.to_socket_addrs().map(Iterator::collect::<Vec<_>>));
    });
    match rx.recv_timeout(timeout) {
        Ok(Ok(addrs)) if !addrs.is_empty() => Ok((addrs, Some(start.elapsed()))),
        Ok(_) => Err(format!("host {host} not found")),
        Err(_) => Err(timed_out(timeout)),
    }
}

/// A connected socket, and how long resolving and connecting took.
struct Connected {
    stream: TcpStream,
    dns: Option<Duration>,
    connect: Duration,
}

/// A failure part-way, with the phases measured before it.
struct Failed {
    detail: String,
    dns: Option<Duration>,
    connect: Option<Duration>,
}

fn connect(host: &str, port: u16, timeout: Duration, start: Instant) -> Result<Connected, Failed> {
    let (addrs, dns) = resolve(host, port, timeout).map_err(|detail| Failed {
        detail,
        dns: None,
        connect: None,
    })?;
    let connect_start = Instant::now();
    let mut last = None;
    for addr in addrs {
        let left = timeout.saturating_sub(start.elapsed());
        if left.is_zero() {
            break;
        }
        match TcpStream::connect_timeout(&addr, left) {
            Ok(stream) => {
                return Ok(Connected {
                    stream,
                    dns,
                    connect: connect_start.elapsed(),
                });
            }
            Err(e) => last = Some(e),
        }
    }
    Err(Failed {
        detail: last.map_or_else(|| timed_out(timeout), |e| describe_io(&e, timeout)),
        dns,
        connect: None,
    })
}

fn failed(now: Timestamp, f: Failed, start: Instant) -> ProbeRecord {
    let mut r = down(now, f.detail);
    r.dns_ms = f.dns.map(millis);
    r.connect_ms = f.connect.map(millis);
    r.total_ms = Some(millis(start.elapsed()));
    r
}

/// `tcp://host:port`: the connection is the check.
pub fn check_tcp(host: &str, port: u16, timeout: Duration, now: Timestamp) -> ProbeRecord {
    let start = Instant::now();
    match connect(host, port, timeout, start) {
        Ok(c) => ProbeRecord {
            time: now,
            outcome: Outcome::Up,
            status: None,
            total_ms: Some(millis(start.elapsed())),
            dns_ms: c.dns.map(millis),
            connect_ms: Some(millis(c.connect)),
            tls_ms: None,
            first_byte_ms: None,
            cert_days: None,
            detail: String::new(),
        },
        Err(f) => failed(now, f, start),
    }
}

/// `warn` below `warn_days` days left, else `up`; the detail says how long is left.
pub fn expiry_outcome(days: Option<i64>, warn_days: u32) -> (Outcome, String) {
    match days {
        Some(d) if d < i64::from(warn_days) => (
            Outcome::Warn,
            match d {
                0 => "certificate expires in less than a day".to_owned(),
                1 => "certificate expires in 1 day".to_owned(),
                d => format!("certificate expires in {d} days"),
            },
        ),
        _ => (Outcome::Up, String::new()),
    }
}

/// `tls://host:port`: a verified handshake; `warn` when the certificate has fewer than
/// `warn_days` days left, `down` when it is expired, untrusted, or the handshake fails.
pub fn check_tls(
    host: &str,
    port: u16,
    trust: &Trust,
    warn_days: u32,
    timeout: Duration,
    now: Timestamp,
) -> ProbeRecord {
    let start = Instant::now();
    let c = match connect(host, port, timeout, start) {
        Ok(c) => c,
        Err(f) => return failed(now, f, start),
    };
    let mut r = down(now, "");
    r.dns_ms = c.dns.map(millis);
    r.connect_ms = Some(millis(c.connect));
    let seen = Arc::new(Mutex::new(None));
    let tls_start = Instant::now();
    let result = handshake(c.stream, host, trust, Arc::clone(&seen), timeout, start);
    let leaf = seen.lock().unwrap_or_else(PoisonError::into_inner).clone();
    r.cert_days = cert_days(leaf.as_deref());
    r.total_ms = Some(millis(start.elapsed()));
    match result {
        Ok(()) => {
            r.tls_ms = Some(millis(tls_start.elapsed()));
            (r.outcome, r.detail) = expiry_outcome(r.cert_days, warn_days);
        }
        Err(Handshake::Tls(e)) => r.detail = describe_tls(&e, leaf.as_deref(), host),
        Err(Handshake::Io(e)) => r.detail = describe_io(&e, timeout),
        Err(Handshake::Setup(s)) => r.detail = s,
    }
    r
}

enum Handshake {
    Tls(rustls::Error),
    Io(io::Error),
    Setup(String),
}

fn handshake(
    mut stream: TcpStream,
    host: &str,
    trust: &Trust,
    seen: Arc<Mutex<Option<Vec<u8>>>>,
    timeout: Duration,
    start: Instant,
) -> Result<(), Handshake> {
    let name = ServerName::try_from(host.to_owned())
        .map_err(|_| Handshake::Setup(format!("\"{host}\" cannot be checked by TLS")))?;
    let config = trust.client_config(seen).map_err(Handshake::Setup)?;
    let mut conn = ClientConnection::new(config, name).map_err(Handshake::Tls)?;
    while conn.is_handshaking() {
        let left = timeout.saturating_sub(start.elapsed());
        if left.is_zero() {
            return Err(Handshake::Io(io::ErrorKind::TimedOut.into()));
        }
        stream.set_read_timeout(Some(left)).map_err(Handshake::Io)?;
        stream.set_write_timeout(Some(left)).map_err(Handshake::Io)?;
        if let Err(e) = conn.complete_io(&mut stream) {
            return Err(match e.get_ref().and_then(|i| i.downcast_ref::<rustls::Error>()) {
                Some(tls) => Handshake::Tls(tls.clone()),
                None => Handshake::Io(e),
            });
        }
    }
    // Say goodbye properly; the check is done whatever the server makes of it.
    conn.send_close_notify();
    let _ = conn.write_tls(&mut stream);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_left_is_negative_exactly_when_expired() {
        for (seconds, days) in [
            (10 * DAY + 5, 10),
            (DAY - 1, 0),
            (0, 0),
            (-1, -1),
            (-DAY - 1, -1),
            (-3 * DAY - 60, -3),
        ] {
            assert_eq!(days_left(seconds), days, "{seconds} s");
        }
        assert_eq!(expired(Some(-3 * DAY - 60)), "certificate expired 3 days ago");
        assert_eq!(expired(Some(-60)), "certificate expired less than a day ago");
        assert_eq!(expiry_outcome(Some(5), 14).0, Outcome::Warn);
        assert_eq!(expiry_outcome(Some(14), 14), (Outcome::Up, String::new()));
        assert_eq!(expiry_outcome(None, 14).0, Outcome::Up);
    }
}

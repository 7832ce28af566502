//! Email over SMTP: the subscriber list ([`subscribers`]), one rendering of an event for every
//! recipient ([`mail`]), one message per recipient, and delivery through a pool of SMTP
//! connections ([`smtp_url`] sets the encryption) with retries.
//!
//! This module must not route or remember: which subscribers an event reaches (their components)
//! and the delivery record belong to the caller, which hands [`Sender::send_all`] the recipients
//! and records each [`Outcome`] it reports.

mod mail;
mod smtp_url;
mod subscribers;

use std::fmt;
use std::hash::BuildHasher;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use lettre::message::header::{Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::transport::smtp::response::Category;
use lettre::transport::smtp::{self, PoolConfig, SmtpTransport};
use lettre::{Address, Message, Transport};
use percent_encoding::{AsciiSet, CONTROLS, NON_ALPHANUMERIC, utf8_percent_encode};
use sha2::{Digest, Sha256};

pub use mail::{Mail, render};
pub use subscribers::{Subscriber, read_subscribers};

use super::notice::Notice;
use crate::render::RenderError;
use mail::one_line;
use smtp_url::{Security, SmtpUrl, parse_url};

/// Why the email channel cannot start or cannot build a message. Delivery problems are not
/// errors: they are [`Outcome`]s, one per recipient.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EmailError {
    /// The SMTP URL is unusable. The text names the host at most, never the credentials.
    #[error("SMTP URL: {0}")]
    Url(String),
    #[error("from \"{0}\" is not an email address")]
    From(String),
    #[error("\"{0}\" is not an email address")]
    Address(String),
    #[error("SMTP server {host}: {source}")]
    Tls { host: String, source: smtp::Error },
    #[error(transparent)]
    Template(#[from] RenderError),
    #[error("cannot build the message: {0}")]
    Message(#[from] lettre::error::Error),
}

/// `List-Unsubscribe` (RFC 2369): the recipient's own unsubscribe link.
#[derive(Clone)]
struct ListUnsubscribe(String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }
    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribe(s.to_owned()))
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

/// A header whose value never changes.
macro_rules! fixed_header {
    ($type:ident, $name:literal, $value:literal) => {
        #[derive(Clone)]
        struct $type;

        impl Header for $type {
            fn name() -> HeaderName {
                HeaderName::new_from_ascii_str($name)
            }
            fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
                Ok($type)
            }
            fn display(&self) -> HeaderValue {
                HeaderValue::new(Self::name(), $value.to_owned())
            }
        }
    };
}

// RFC 8058: mail clients may unsubscribe with one POST, without a page in between.
fixed_header!(
    ListUnsubscribePost,
    "List-Unsubscribe-Post",
    "List-Unsubscribe=One-Click"
);
// RFC 3834: out-of-office replies and other auto-responders stay quiet.
fixed_header!(AutoSubmitted, "Auto-Submitted", "auto-generated");

/// RFC 3986's unreserved characters stay; everything else in an address is encoded.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');
/// What may not stand in a header's `<url>` as written.
const URL_UNSAFE: &AsciiSet = &CONTROLS.add(b' ').add(b'"').add(b'<').add(b'>');

fn unsubscribe_link(template: &str, address: &Address) -> String {
    let address: &str = address.as_ref();
    let email = utf8_percent_encode(address, QUERY_VALUE).to_string();
    template
        .split("{email}")
        .map(|part| utf8_percent_encode(part, URL_UNSAFE).to_string())
        .collect::<Vec<_>>()
        .join(&email)
}

/// The first 16 hex digits of SHA-256: short, stable and unguessable enough for a Message-ID.
fn hex16(s: &str) -> String {
    Sha256::digest(s.as_bytes())[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A recipient's final outcome in one [`Sender::send_all`] call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Sent,
    /// Refused for good: a 5xx answer to this message (its recipient or its content), or an
    /// address the server cannot take. Sending again will not help.
    Rejected(String),
    /// Not delivered this time: 4xx, connection, timeout, or the session refused (login, TLS),
    /// which says nothing about the recipient. A later run may succeed.
    Failed(String),
}

/// Delivers messages through a pool of SMTP connections. Nothing connects until the first
/// delivery.
pub struct Sender {
    transport: SmtpTransport,
    from: Mailbox,
    /// The From address's domain: the right-hand side of every Message-ID.
    domain: String,
    unsubscribe_url: Option<String>,
    host: String,
    /// At most this many sessions at once. Lettre's pool caps only the idle ones, so
    /// [`Sender::send_all`] runs no more workers than this.
    connections: usize,
}

impl fmt::Debug for Sender {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sender")
            .field("host", &self.host)
            .field("from", &self.from.to_string())
            .finish_non_exhaustive()
    }
}

/// The wait before attempt `n + 1`: doubling from half a second, at most half a minute.
const BACKOFF_FIRST: Duration = Duration::from_millis(500);
const BACKOFF_MAX: Duration = Duration::from_secs(30);

/// What a failed delivery means for this recipient and for the rest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Failure {
    /// This recipient is refused for good.
    Recipient,
    /// Worth trying again soon (4xx about this message).
    Transient,
    /// The connection broke or timed out: try again; if that keeps failing, the server is away.
    Connection,
    /// The session itself is refused (login, TLS): no recipient will pass.
    Server,
}

/// Lettre does not say which command an answer was to. [`Sender::send_all`] opens a session
/// before the first message, so greeting, TLS and login problems surface there; an answer
/// while sending is then about the message, except a login refused on a later connection.
fn classify(e: &smtp::Error, ascii_recipient: bool) -> Failure {
    match e.status() {
        // 53x: authentication.
        Some(code) if e.is_permanent() && code.category == Category::Unspecified3 => Failure::Server,
        // 55x (mailbox unknown, refused, over quota, content refused) and the rest of 5xx.
        Some(_) if e.is_permanent() => Failure::Recipient,
        // 421: the server is closing the channel.
        Some(code) if code.category == Category::Connections => Failure::Connection,
        Some(_) => Failure::Transient,
        // The one client-side refusal tied to a recipient: an internationalised address the
        // server cannot take (no SMTPUTF8).
        None if e.is_client() && !ascii_recipient => Failure::Recipient,
        None if e.is_client() || e.is_tls() || e.is_transport_shutdown() => Failure::Server,
        None => Failure::Connection,
    }
}

fn backoff(attempt: u32) -> Duration {
    let full = BACKOFF_FIRST
        .saturating_mul(1 << attempt.saturating_sub(1).min(8))
        .min(BACKOFF_MAX);
    // Half fixed, half random, so that workers that failed together do not retry together.
    let unit = (std::hash::RandomState::new().hash_one(()) >> 11) as f64 / (1u64 << 53) as f64;
    full / 2 + full.mul_f64(unit / 2.0)
}

impl Sender {
    /// Prepare delivery through `smtp_url` (see the module's rules: `smtps://` TLS, `smtp://`
    /// STARTTLS required, clear text only to a loopback host) from `from`, with at most
    /// `connections` connections open at once, kept for reuse, each command limited to `timeout`.
    pub fn connect(
        smtp_url: &str,
        from: &str,
        unsubscribe_url: Option<&str>,
        timeout: Duration,
        connections: usize,
    ) -> Result<Sender, EmailError> {
        Sender::with_url(parse_url(smtp_url)?, from, unsubscribe_url, timeout, connections)
    }

    fn with_url(
        url: SmtpUrl,
        from: &str,
        unsubscribe_url: Option<&str>,
        timeout: Duration,
        connections: usize,
    ) -> Result<Sender, EmailError> {
        let from: Mailbox = from.parse().map_err(|_| EmailError::From(from.to_owned()))?;
        let tls = || {
            TlsParameters::new(url.host.clone()).map_err(|source| EmailError::Tls {
                host: url.host.clone(),
                source,
            })
        };
        let tls = match url.security {
            Security::Implicit => Tls::Wrapper(tls()?),
            Security::StartTls => Tls::Required(tls()?),
            Security::Clear => Tls::None,
        };
        let pool = PoolConfig::new().max_size(u32::try_from(connections.max(1)).unwrap_or(u32::MAX));
        let mut builder = SmtpTransport::builder_dangerous(url.host.clone())
            .port(url.port)
            .tls(tls)
            .timeout(Some(timeout))
            .pool_config(pool);
        if let Some((user, password)) = url.credentials {
            builder = builder.credentials(Credentials::new(user, password));
        }
        Ok(Sender {
            transport: builder.build(),
            domain: from.email.domain().to_owned(),
            from,
            unsubscribe_url: unsubscribe_url.map(str::to_owned),
            host: url.host,
            connections: connections.max(1),
        })
    }

    /// `<hex16(sha256(key)).hex16(sha256(address))@domain>`: the same event and recipient always
    /// get the same id, so a message sent twice is recognisably one.
    fn message_id(&self, key: &str, address_key: &str) -> String {
        format!("<{}.{address_key}@{}>", hex16(key), self.domain)
    }

    /// The message of `mail` for one recipient: To that address only, text and HTML
    /// alternatives, threaded with the other messages of `notice.thread`.
    pub fn message(&self, mail: &Mail, notice: &Notice, to: &Subscriber) -> Result<Message, EmailError> {
        let address: Address = to
            .address
            .trim()
            .parse()
            .map_err(|_| EmailError::Address(to.address.clone()))?;
        let address_key = hex16(&address.to_string().to_lowercase());
        let root = self.message_id(&notice.thread, &address_key);
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(Mailbox::new(None, address.clone()))
            .subject(one_line(&mail.subject))
            .date(SystemTime::from(notice.at))
            .header(AutoSubmitted);
        builder = if notice.starts_thread {
            builder.message_id(Some(root))
        } else {
            builder
                .message_id(Some(self.message_id(&notice.event_id, &address_key)))
                .in_reply_to(root.clone())
                .references(root)
        };
        if let Some(template) = &self.unsubscribe_url {
            let link = unsubscribe_link(template, &address);
            builder = builder
                .header(ListUnsubscribe(format!("<{link}>")))
                .header(ListUnsubscribePost);
        }
        let body = MultiPart::alternative_plain_html(mail.text.clone(), mail.html.clone());
        Ok(builder.multipart(body)?)
    }

    /// Deliver `mail` to each of `to`, `concurrency` at a time (and no more than the
    /// connections the sender was given), trying each transient failure up
    /// to `attempts` times. `on_result` hears each recipient's final outcome as soon as it is
    /// known. A refused recipient does not stop the others; a server that refuses the session
    /// or stays unreachable through all attempts does: the recipients not yet tried are reported
    /// [`Outcome::Failed`] ("not attempted: …") without a connection, for a later run.
    pub fn send_all(
        &self,
        mail: &Mail,
        notice: &Notice,
        to: &[&Subscriber],
        concurrency: usize,
        attempts: u32,
        on_result: &(dyn Fn(&Subscriber, Outcome) + Sync),
    ) {
        if to.is_empty() {
            return;
        }
        let next = AtomicUsize::new(0);
        let halted = OnceLock::new();
        if let Err(why) = self.open_session(attempts) {
            let _ = halted.set(why);
        }
        // Each worker holds at most one connection at a time.
        let workers = concurrency.min(self.connections).clamp(1, to.len().max(1));
        std::thread::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(|| {
                    while let Some(&subscriber) = to.get(next.fetch_add(1, Ordering::Relaxed)) {
                        let outcome = self.deliver(mail, notice, subscriber, attempts, &halted);
                        on_result(subscriber, outcome);
                    }
                });
            }
        });
    }

    /// Open the first session (greeting, TLS, login), trying again what may pass: a server that
    /// refuses the session or cannot be reached fails the call once, not once per recipient,
    /// and its refusal is never taken for a refused recipient. The session stays in the pool.
    fn open_session(&self, attempts: u32) -> Result<(), String> {
        let mut attempt = 1;
        loop {
            let why = match self.transport.test_connection() {
                Ok(true) => return Ok(()),
                Ok(false) => format!("{}: the server does not answer", self.host),
                Err(e) if matches!(classify(&e, true), Failure::Transient | Failure::Connection) => {
                    format!("{}: {e}", self.host)
                }
                Err(e) => return Err(format!("{}: {e}", self.host)),
            };
            if attempt >= attempts.max(1) {
                return Err(why);
            }
            std::thread::sleep(backoff(attempt));
            attempt += 1;
        }
    }

    /// One recipient, with retries. The message is built here, just before it is sent, so that
    /// memory does not grow with the number of recipients. `halted` holds why the server is
    /// given up on, once it is.
    fn deliver(
        &self,
        mail: &Mail,
        notice: &Notice,
        to: &Subscriber,
        attempts: u32,
        halted: &OnceLock<String>,
    ) -> Outcome {
        let not_attempted = |why: &String| Outcome::Failed(format!("not attempted: {why}"));
        if let Some(why) = halted.get() {
            return not_attempted(why);
        }
        let message = match self.message(mail, notice, to) {
            Ok(m) => m,
            Err(e) => return Outcome::Rejected(e.to_string()),
        };
        let ascii = to.address.is_ascii();
        let mut attempt = 1;
        loop {
            let error = match self.transport.send(&message) {
                Ok(_) => return Outcome::Sent,
                Err(e) => e,
            };
            let why = format!("{}: {error}", self.host);
            let last = attempt >= attempts.max(1);
            match classify(&error, ascii) {
                Failure::Recipient => return Outcome::Rejected(why),
                Failure::Transient if last => return Outcome::Failed(why),
                Failure::Server => return halt(halted, why),
                Failure::Connection if last => return halt(halted, why),
                Failure::Transient | Failure::Connection => {}
            }
            if let Some(other) = halted.get() {
                return not_attempted(other);
            }
            std::thread::sleep(backoff(attempt));
            attempt += 1;
        }
    }
}

/// Give up on the server for the rest of this call, for `why`.
fn halt(halted: &OnceLock<String>, why: String) -> Outcome {
    // Another worker may have given up first; its reason stands.
    let _ = halted.set(why.clone());
    Outcome::Failed(why)
}

/// The message as a `.eml` file, for the dry run.
pub fn eml(message: &Message) -> Vec<u8> {
    message.formatted()
}

#[cfg(test)]
mod tests {
    use std::io::{BufRead, BufReader, Write};
    use std::net::TcpListener;
    use std::sync::Mutex;

    use mail_parser::{MessageParser, MimeHeaders};

    use super::*;
    use crate::notify::notice::sample;

    const UNSUBSCRIBE: &str = "https://acme.example/unsubscribe?list=status&email={email}";

    fn sender(unsubscribe: Option<&str>) -> Sender {
        Sender::connect(
            "smtp://127.0.0.1:1",
            "Acme Status <status@acme.example>",
            unsubscribe,
            Duration::from_secs(5),
            1,
        )
        .unwrap()
    }

    fn mail() -> Mail {
        Mail {
            subject: "[Acme Status] Elevated API errors — Investigating".to_owned(),
            text: "Elevated API errors\n".to_owned(),
            html: "<p>Elevated API errors</p>".to_owned(),
        }
    }

    fn subscriber(address: &str) -> Subscriber {
        Subscriber {
            address: address.to_owned(),
            components: vec![],
        }
    }

    #[test]
    fn the_thread_root_is_the_first_message_and_every_update_replies_to_it() {
        let s = sender(None);
        let to = subscriber("Bob+Status@Example.org");
        let root = format!(
            "<{}.{}@acme.example>",
            hex16(&sample().thread),
            hex16("bob+status@example.org")
        );
        let first = s.message(&mail(), &sample(), &to).unwrap();
        assert_eq!(first.headers().get_raw("Message-ID"), Some(root.as_str()));
        assert_eq!(first.headers().get_raw("In-Reply-To"), None);
        assert_eq!(first.headers().get_raw("References"), None);

        let mut update = sample();
        update.event_id = "incident/2026-12-01-api-errors/update/2026-12-01T11:00:00Z".to_owned();
        update.starts_thread = false;
        let second = s.message(&mail(), &update, &to).unwrap();
        let own = format!(
            "<{}.{}@acme.example>",
            hex16(&update.event_id),
            hex16("bob+status@example.org")
        );
        assert_eq!(second.headers().get_raw("Message-ID"), Some(own.as_str()));
        assert_eq!(second.headers().get_raw("In-Reply-To"), Some(root.as_str()));
        assert_eq!(second.headers().get_raw("References"), Some(root.as_str()));
        // Deterministic: the same event and recipient give the same message again.
        let again = s
            .message(&mail(), &update, &subscriber("bob+status@example.org"))
            .unwrap();
        assert_eq!(again.headers().get_raw("Message-ID"), Some(own.as_str()));
    }

    #[test]
    fn one_recipient_and_the_list_headers() {
        let mut m = mail();
        m.subject = "Errors\r\nBcc: evil@example.com".to_owned();
        let message = sender(Some(UNSUBSCRIBE))
            .message(&m, &sample(), &subscriber("bob+status@example.org"))
            .unwrap();
        let to: Vec<String> = message.envelope().to().iter().map(ToString::to_string).collect();
        assert_eq!(to, ["bob+status@example.org"]);
        let bytes = eml(&message);
        let parsed = MessageParser::default().parse(&bytes).unwrap();
        assert_eq!(parsed.subject(), Some("Errors Bcc: evil@example.com"));
        assert!(parsed.bcc().is_none());
        let header = |name: &'static str| parsed.header_raw(name).map(str::trim);
        assert_eq!(
            header("List-Unsubscribe"),
            Some("<https://acme.example/unsubscribe?list=status&email=bob%2Bstatus%40example.org>")
        );
        assert_eq!(header("List-Unsubscribe-Post"), Some("List-Unsubscribe=One-Click"));
        assert_eq!(header("Auto-Submitted"), Some("auto-generated"));
        assert_eq!(parsed.date().unwrap().to_timestamp(), sample().at.as_second());
        let ctype = parsed.root_part().content_type().unwrap();
        assert_eq!((ctype.ctype(), ctype.subtype()), ("multipart", Some("alternative")));
        assert_eq!(
            parsed.text_part(0).unwrap().content_type().unwrap().subtype(),
            Some("plain")
        );
        assert_eq!(
            parsed.html_part(0).unwrap().content_type().unwrap().subtype(),
            Some("html")
        );
    }

    #[test]
    fn no_list_headers_without_an_unsubscribe_url() {
        let message = sender(None)
            .message(&mail(), &sample(), &subscriber("a@example.com"))
            .unwrap();
        assert_eq!(message.headers().get_raw("List-Unsubscribe"), None);
        assert_eq!(message.headers().get_raw("List-Unsubscribe-Post"), None);
    }

    #[test]
    fn unsubscribe_links_encode_the_address_and_keep_the_header_ascii() {
        let cases = [
            (
                "https://a.example/u?e={email}",
                "a@b.example",
                "https://a.example/u?e=a%40b.example",
            ),
            (
                "https://a.example/u/{email}/",
                "x+y_z.w~v@b.example",
                "https://a.example/u/x%2By_z.w~v%40b.example/",
            ),
            (
                "https://a.example/ü?e={email}&t={email}",
                "a@b.example",
                "https://a.example/%C3%BC?e=a%40b.example&t=a%40b.example",
            ),
            (
                "https://a.example/u?e={email}",
                "a&b=c@b.example",
                "https://a.example/u?e=a%26b%3Dc%40b.example",
            ),
        ];
        for (template, address, want) in cases {
            assert_eq!(unsubscribe_link(template, &address.parse().unwrap()), want);
        }
    }

    #[test]
    fn bad_addresses_are_errors_not_panics() {
        assert!(matches!(
            Sender::connect("smtp://localhost", "not an address", None, Duration::from_secs(1), 1),
            Err(EmailError::From(_))
        ));
        let err = sender(None)
            .message(&mail(), &sample(), &subscriber("nobody"))
            .unwrap_err();
        assert!(matches!(err, EmailError::Address(_)), "{err}");
    }

    #[test]
    fn backoff_doubles_with_jitter_up_to_its_limit() {
        for attempt in 1..=3 {
            let full = BACKOFF_FIRST * 2u32.pow(attempt - 1);
            let wait = backoff(attempt);
            assert!(wait >= full / 2 && wait <= full, "attempt {attempt}: {wait:?}");
        }
        assert!(backoff(30) <= BACKOFF_MAX && backoff(30) >= BACKOFF_MAX / 2);
    }

    /// A plain-text SMTP server that offers no STARTTLS, for one session; returns the commands
    /// it was sent.
    fn plaintext_server() -> (u16, std::thread::JoinHandle<Vec<String>>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = std::thread::spawn(move || {
            let (stream, _) = listener.accept().unwrap();
            stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
            let mut lines = BufReader::new(stream.try_clone().unwrap());
            let mut out = stream;
            let mut seen = Vec::new();
            out.write_all(b"220 plain.localhost ESMTP\r\n").unwrap();
            let mut line = String::new();
            while lines.read_line(&mut line).unwrap_or(0) > 0 {
                let command = line.trim_end().to_owned();
                line.clear();
                let reply: &[u8] = match command.split(' ').next().unwrap_or_default() {
                    "EHLO" => b"250-plain.localhost\r\n250 AUTH PLAIN LOGIN\r\n",
                    "DATA" => {
                        out.write_all(b"354 go on\r\n").unwrap();
                        while lines.read_line(&mut line).unwrap_or(0) > 0 && line != ".\r\n" {
                            line.clear();
                        }
                        line.clear();
                        b"250 queued\r\n"
                    }
                    "QUIT" => b"221 bye\r\n",
                    _ => b"250 OK\r\n",
                };
                seen.push(command);
                if out.write_all(reply).is_err() || seen.last().is_some_and(|c| c == "QUIT") {
                    break;
                }
            }
            seen
        });
        (port, server)
    }

    fn send_through(security: Security, port: u16) -> Outcome {
        let url = SmtpUrl {
            security,
            host: "127.0.0.1".to_owned(),
            port,
            credentials: Some(("status".to_owned(), "hunter2".to_owned())),
        };
        let sender = Sender::with_url(url, "status@acme.example", None, Duration::from_secs(5), 1).unwrap();
        let outcomes = Mutex::new(Vec::new());
        let to = subscriber("a@example.com");
        sender.send_all(&mail(), &sample(), &[&to], 1, 1, &|_, o| {
            outcomes.lock().unwrap().push(o)
        });
        let mut outcomes = outcomes.into_inner().unwrap();
        assert_eq!(outcomes.len(), 1);
        outcomes.remove(0)
    }

    #[test]
    fn starttls_required_sends_nothing_to_a_server_without_it() {
        // What `smtp://` to any host but this machine gets: the password and the message never
        // cross a clear connection.
        let (port, server) = plaintext_server();
        let outcome = send_through(Security::StartTls, port);
        let seen = server.join().unwrap();
        assert!(
            matches!(&outcome, Outcome::Failed(why) if why.starts_with("not attempted: 127.0.0.1: ") && why.contains("STARTTLS")),
            "{outcome:?}"
        );
        assert!(seen.iter().all(|c| c.starts_with("EHLO") || c == "QUIT"), "{seen:?}");

        // The same server in clear text takes the login and the message: the check above can fail.
        let (port, server) = plaintext_server();
        assert_eq!(send_through(Security::Clear, port), Outcome::Sent);
        let seen = server.join().unwrap();
        assert!(seen.iter().any(|c| c.starts_with("AUTH")), "{seen:?}");
        assert!(
            seen.iter().any(|c| c.starts_with("MAIL FROM:<status@acme.example>")),
            "{seen:?}"
        );
    }
}

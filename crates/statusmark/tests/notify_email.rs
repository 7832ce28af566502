//! The email channel against a real SMTP server: `tests/support/smtp_sink.py` (aiosmtpd) on
//! 127.0.0.1, which keeps every message it receives. Every assertion reads what the server got.

// Test code: a panic is a failing test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;
use std::time::Duration;

use mail_parser::{MessageParser, MimeHeaders};
use sha2::{Digest, Sha256};
use statusmark::notify::email::{self, Outcome, Sender, Subscriber};
use statusmark::notify::notice::{EventKind, Notice};
use statusmark::theme::Theme;
use statusmark_feed::ComponentStatus;

#[path = "support/sink.rs"]
mod sink;
use sink::{Sink, Stored};

const HOSTILE_TITLE: &str = "API errors <script>alert(1)</script>\r\nBcc: evil@example.com";
const HOSTILE_BODY: &str = "We see <img src=x onerror=alert(1)> errors.\n\n<script>alert(1)</script>";
const UNSUBSCRIBE: &str = "https://status.acme.example/unsubscribe?email={email}";

fn notice(update: bool) -> Notice {
    let (event, at, headline) = if update {
        ("2026-12-01T10:30:00Z", "2026-12-01T10:30:00Z", "Identified")
    } else {
        ("2026-12-01T10:00:00Z", "2026-12-01T10:00:00Z", "Investigating")
    };
    Notice {
        event_id: format!("incident/2026-12-01-api-errors/update/{event}"),
        kind: if update {
            EventKind::IncidentUpdated
        } else {
            EventKind::IncidentCreated
        },
        site_title: "Acme Status".to_owned(),
        site_url: Some("https://status.acme.example/".to_owned()),
        title: HOSTILE_TITLE.to_owned(),
        headline: headline.to_owned(),
        body_markdown: HOSTILE_BODY.to_owned(),
        body_text: statusmark::markdown::to_plain(HOSTILE_BODY),
        // What the site's Markdown pipeline makes of the body, as `statusmark notify` passes it.
        body_html: statusmark::markdown::to_html(HOSTILE_BODY),
        url: Some("https://status.acme.example/incidents/2026-12-01-api-errors/".to_owned()),
        status: ComponentStatus::MajorOutage,
        components: vec![
            ("API <b>v2</b>".to_owned(), ComponentStatus::MajorOutage),
            ("Website".to_owned(), ComponentStatus::Operational),
        ],
        at: at.parse().unwrap(),
        when: "1 Dec 2026, 10:00 UTC".to_owned(),
        window: None,
        thread: "incident/2026-12-01-api-errors".to_owned(),
        starts_thread: !update,
        lang: statusmark::i18n::english(),
    }
}

fn theme() -> Theme {
    Theme::load(tempfile::tempdir().unwrap().path()).unwrap()
}

/// Send `notice` to every subscriber; the outcomes by address.
fn send(sender: &Sender, notice: &Notice, subscribers: &[Subscriber], attempts: u32) -> BTreeMap<String, Outcome> {
    let mail = email::render(notice, &theme()).unwrap();
    let to: Vec<&Subscriber> = subscribers.iter().collect();
    let outcomes = Mutex::new(Vec::new());
    sender.send_all(&mail, notice, &to, 3, attempts, &|s, o| {
        outcomes.lock().unwrap().push((s.address.clone(), o));
    });
    let outcomes = outcomes.into_inner().unwrap();
    assert_eq!(
        outcomes.len(),
        subscribers.len(),
        "one outcome per recipient: {outcomes:?}"
    );
    outcomes.into_iter().collect()
}

fn hex16(s: &str) -> String {
    Sha256::digest(s.as_bytes())[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// What each stored message says, checked for what every message must be.
struct Received {
    to: String,
    message_id: String,
    in_reply_to: Option<String>,
    references: Option<String>,
    update: bool,
}

fn check_message(stored: &Stored) -> Received {
    assert_eq!(stored.mail_from, "status@acme.example");
    assert_eq!(
        stored.rcpt_tos.len(),
        1,
        "one recipient per transaction: {:?}",
        stored.rcpt_tos
    );
    let rcpt = &stored.rcpt_tos[0];
    let message = MessageParser::default().parse(stored.data.as_bytes()).unwrap();
    let to: Vec<&str> = message.to().unwrap().iter().filter_map(|a| a.address()).collect();
    assert_eq!(to, [rcpt.as_str()], "To names the recipient only");
    assert!(message.cc().is_none() && message.bcc().is_none());

    // The title's line break did not start a header.
    let subject = message.subject().unwrap();
    assert!(!subject.contains(['\r', '\n']), "{subject:?}");
    assert!(subject.starts_with("[Acme Status] API errors <script>alert(1)</script> Bcc: evil@example.com — "));
    let names: Vec<String> = message
        .headers()
        .iter()
        .map(|h| h.name().to_ascii_lowercase())
        .collect();
    assert!(!names.contains(&"bcc".to_owned()), "{names:?}");
    let header = |name: &'static str| message.header_raw(name).map(|v| v.trim().to_owned());
    let encoded = rcpt.replace('@', "%40").replace('+', "%2B");
    assert_eq!(
        header("List-Unsubscribe"),
        Some(format!("<https://status.acme.example/unsubscribe?email={encoded}>"))
    );
    assert_eq!(
        header("List-Unsubscribe-Post").as_deref(),
        Some("List-Unsubscribe=One-Click")
    );
    assert_eq!(header("Auto-Submitted").as_deref(), Some("auto-generated"));

    let ctype = message.root_part().content_type().unwrap();
    assert_eq!((ctype.ctype(), ctype.subtype()), ("multipart", Some("alternative")));
    assert_eq!((message.text_body_count(), message.html_body_count()), (1, 1));
    let text = message.text_part(0).unwrap();
    assert_eq!(text.content_type().unwrap().subtype(), Some("plain"));
    // Lines travel as CRLF.
    let text = message.body_text(0).unwrap().replace("\r\n", "\n");
    assert!(
        text.contains("- API <b>v2</b>: Major Outage\n- Website: Operational\n"),
        "{text}"
    );
    assert!(text.contains("Details: https://status.acme.example/incidents/2026-12-01-api-errors/"));
    check_html(&message);

    let update = subject.ends_with("— Identified");
    assert!(update || subject.ends_with("— Investigating"), "{subject}");
    let id = |v: &mail_parser::HeaderValue| v.as_text().map(|s| format!("<{s}>"));
    Received {
        to: rcpt.clone(),
        message_id: format!("<{}>", message.message_id().unwrap()),
        in_reply_to: id(message.in_reply_to()),
        references: id(message.references()),
        update,
    }
}

/// The hostile title, body and component name are text in the HTML part, never markup.
fn check_html(message: &mail_parser::Message<'_>) {
    let part = message.html_part(0).unwrap();
    assert_eq!(part.content_type().unwrap().subtype(), Some("html"));
    let html = message.body_html(0).unwrap().to_lowercase();
    for markup in ["<script", "<img", "<b>", "onerror=alert(1)>"] {
        assert!(!html.contains(markup), "{markup} in the HTML part:\n{html}");
    }
    assert!(html.contains("api errors &lt;script&gt;alert(1)&lt;"), "{html}");
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"), "{html}");
    assert!(html.contains("api &lt;b&gt;v2&lt;"), "{html}");
    assert!(
        html.contains("background-color:#cf222e"),
        "the major outage colour: {html}"
    );
}

#[test]
fn two_updates_of_an_incident_reach_each_subscriber_in_one_thread() {
    let sink = Sink::start();
    let subscribers = email::read_subscribers(
        "# Acme status subscribers\n\
         alice@example.com\n\
         Bob.Smith+status@example.org api   # only the API\n\
         refuse-me@example.net\n\
         carol@example.com\n\
         dave@example.com\n\
         ALICE@example.com\n",
    )
    .unwrap();
    assert_eq!(subscribers.len(), 5, "{subscribers:?}");
    let sender = Sender::connect(
        &sink.url(),
        "Acme Status <status@acme.example>",
        Some(UNSUBSCRIBE),
        Duration::from_secs(10),
        2,
    )
    .unwrap();

    for update in [false, true] {
        let outcomes = send(&sender, &notice(update), &subscribers, 3);
        for (address, outcome) in &outcomes {
            if address.contains("refuse") {
                assert!(
                    matches!(outcome, Outcome::Rejected(why) if why.contains("550")),
                    "{outcome:?}"
                );
            } else {
                assert_eq!(outcome, &Outcome::Sent, "{address}");
            }
        }
    }

    let received: Vec<Received> = sink.received().iter().map(check_message).collect();
    assert_eq!(received.len(), 8, "two messages for each of four accepted recipients");
    let delivered: BTreeMap<(String, bool), &Received> =
        received.iter().map(|r| ((r.to.clone(), r.update), r)).collect();
    assert_eq!(delivered.len(), 8, "no recipient got the same event twice");
    for address in [
        "alice@example.com",
        "Bob.Smith+status@example.org",
        "carol@example.com",
        "dave@example.com",
    ] {
        let first = delivered[&(address.to_owned(), false)];
        let second = delivered[&(address.to_owned(), true)];
        let root = format!(
            "<{}.{}@acme.example>",
            hex16("incident/2026-12-01-api-errors"),
            hex16(&address.to_lowercase())
        );
        assert_eq!(first.message_id, root, "the first message is the thread's root");
        assert_eq!(
            (first.in_reply_to.as_deref(), first.references.as_deref()),
            (None, None)
        );
        assert_ne!(second.message_id, root);
        assert_eq!(second.in_reply_to.as_deref(), Some(root.as_str()), "{address}");
        assert_eq!(second.references.as_deref(), Some(root.as_str()), "{address}");
    }
}

#[test]
fn a_deferred_recipient_is_tried_again_within_the_run() {
    let sink = Sink::start();
    let sender = Sender::connect(&sink.url(), "status@acme.example", None, Duration::from_secs(10), 1).unwrap();
    let subscribers = email::read_subscribers("greylist-a@example.com\nok@example.com\n").unwrap();
    let outcomes = send(&sender, &notice(false), &subscribers, 3);
    assert!(outcomes.values().all(|o| o == &Outcome::Sent), "{outcomes:?}");

    // With one attempt, the 451 is the outcome: a later run tries again.
    let subscribers = email::read_subscribers("greylist-b@example.com\n").unwrap();
    let outcomes = send(&sender, &notice(false), &subscribers, 1);
    let outcome = &outcomes["greylist-b@example.com"];
    assert!(
        matches!(outcome, Outcome::Failed(why) if why.contains("451")),
        "{outcome:?}"
    );

    let mut to: Vec<String> = sink.received().into_iter().flat_map(|s| s.rcpt_tos).collect();
    to.sort();
    assert_eq!(to, ["greylist-a@example.com", "ok@example.com"]);
}

#[test]
fn many_recipients_share_a_few_connections_and_each_gets_one_message() {
    let sink = Sink::start();
    let sender = Sender::connect(&sink.url(), "status@acme.example", None, Duration::from_secs(10), 2).unwrap();
    let list: String = (0..60).map(|n| format!("reader{n}@example.com\n")).collect();
    let subscribers = email::read_subscribers(&list).unwrap();
    let outcomes = send(&sender, &notice(false), &subscribers, 3);
    assert_eq!(outcomes.len(), 60);
    assert!(outcomes.values().all(|o| o == &Outcome::Sent), "{outcomes:?}");
    let received = sink.received();
    let mut to: Vec<&str> = received.iter().flat_map(|s| &s.rcpt_tos).map(String::as_str).collect();
    to.sort_unstable();
    to.dedup();
    assert_eq!((received.len(), to.len()), (60, 60));
    // Three at once were asked for, two connections given: at most two sessions, each reused.
    let connections: BTreeSet<&str> = received.iter().map(|s| s.peer.as_str()).collect();
    assert!((1..=2).contains(&connections.len()), "{connections:?}");
}

#[test]
fn an_unreachable_server_fails_everyone_quickly_for_a_later_run() {
    // A port nothing listens on: taken, then released.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("smtp://127.0.0.1:{port}");
    let sender = Sender::connect(&url, "status@acme.example", None, Duration::from_secs(2), 2).unwrap();
    let list: String = (0..50).map(|n| format!("reader{n}@example.com\n")).collect();
    let subscribers = email::read_subscribers(&list).unwrap();
    let started = std::time::Instant::now();
    let outcomes = send(&sender, &notice(false), &subscribers, 2);
    // The first session failed twice: nobody was tried, and nothing says a recipient was refused.
    let not_attempted =
        |o: &Outcome| matches!(o, Outcome::Failed(why) if why.starts_with("not attempted: 127.0.0.1: "));
    assert!(outcomes.values().all(not_attempted), "{outcomes:?}");
    assert!(started.elapsed() < Duration::from_secs(10), "{:?}", started.elapsed());
}

#[test]
fn the_dry_run_file_is_the_message_that_would_be_sent() {
    let sender = Sender::connect(
        "smtp://localhost",
        "status@acme.example",
        Some(UNSUBSCRIBE),
        Duration::from_secs(1),
        1,
    )
    .unwrap();
    let notice = notice(true);
    let mail = email::render(&notice, &theme()).unwrap();
    let to = Subscriber {
        address: "alice@example.com".to_owned(),
        components: vec![],
    };
    let eml = email::eml(&sender.message(&mail, &notice, &to).unwrap());
    let stored = Stored {
        mail_from: "status@acme.example".to_owned(),
        rcpt_tos: vec!["alice@example.com".to_owned()],
        data: String::from_utf8(eml).unwrap(),
        peer: String::new(),
    };
    let received = check_message(&stored);
    assert!(received.update && received.in_reply_to.is_some());
}

//! The SMTP URL and the one rule about encryption: `smtps://` is TLS from the first byte,
//! `smtp://` requires STARTTLS, and clear text is allowed only when it never leaves the machine.

use std::fmt;
use std::net::IpAddr;

use percent_encoding::percent_decode_str;

use super::EmailError;

/// How the connection is protected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Security {
    /// `smtps://`: TLS from the first byte.
    Implicit,
    /// `smtp://` to another machine: STARTTLS, and nothing is sent if the server does not offer it.
    StartTls,
    /// `smtp://` to this machine: clear text never leaves it.
    Clear,
}

/// A parsed SMTP URL. Its `Debug` leaves out the password.
#[derive(Clone, PartialEq, Eq)]
pub(super) struct SmtpUrl {
    pub(super) security: Security,
    /// Without the brackets of an IPv6 literal.
    pub(super) host: String,
    pub(super) port: u16,
    /// User name and password, percent-decoded.
    pub(super) credentials: Option<(String, String)>,
}

impl fmt::Debug for SmtpUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpUrl")
            .field("security", &self.security)
            .field("host", &self.host)
            .field("port", &self.port)
            .field("user", &self.credentials.as_ref().map(|(u, _)| u))
            .finish()
    }
}

/// `smtps://user:pass@host[:465]` or `smtp://user:pass@host[:587]`; clear text only to a loopback
/// host. Errors name the host at most: the URL holds a password.
pub(super) fn parse_url(url: &str) -> Result<SmtpUrl, EmailError> {
    let bad = |why: String| EmailError::Url(why);
    let (scheme, rest) = url
        .split_once("://")
        .ok_or_else(|| bad("write smtps://user:password@host (TLS) or smtp://user:password@host (STARTTLS)".into()))?;
    let (userinfo, rest) = match rest.rsplit_once('@') {
        Some((u, r)) => (Some(u), r),
        None => (None, rest),
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (hostport, tail) = rest.split_at(end);
    let (host, port) = split_host_port(hostport)?;
    if !(tail.is_empty() || tail == "/") {
        return Err(bad(format!(
            "{host}: the URL takes no path or parameters; the scheme sets the encryption"
        )));
    }
    let loopback = is_loopback(&host);
    let (security, default_port) = match scheme.to_ascii_lowercase().as_str() {
        "smtps" => (Security::Implicit, 465),
        "smtp" if loopback => (Security::Clear, 587),
        "smtp" => (Security::StartTls, 587),
        _ => {
            return Err(bad(format!(
                "{host}: use smtps:// (TLS) or smtp:// (STARTTLS), not {}://",
                scheme.chars().filter(char::is_ascii_alphanumeric).collect::<String>()
            )));
        }
    };
    let credentials = userinfo.map(|u| credentials(u, &host)).transpose()?;
    Ok(SmtpUrl {
        security,
        host,
        port: port.unwrap_or(default_port),
        credentials,
    })
}

fn split_host_port(hostport: &str) -> Result<(String, Option<u16>), EmailError> {
    let (host, port) = if let Some(v6) = hostport.strip_prefix('[') {
        let (host, after) = v6
            .split_once(']')
            .ok_or_else(|| EmailError::Url("an IPv6 host needs its closing bracket".into()))?;
        (host, after.strip_prefix(':'))
    } else {
        match hostport.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (hostport, None),
        }
    };
    if host.is_empty() {
        return Err(EmailError::Url("the URL names no host".into()));
    }
    let host = host.to_ascii_lowercase();
    let port = match port {
        None => None,
        Some(p) => match p.parse::<u16>() {
            Ok(n) if n > 0 => Some(n),
            _ => {
                return Err(EmailError::Url(format!(
                    "{host}: the port is not a number from 1 to 65535"
                )));
            }
        },
    };
    Ok((host, port))
}

fn is_loopback(host: &str) -> bool {
    host == "localhost" || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

fn credentials(userinfo: &str, host: &str) -> Result<(String, String), EmailError> {
    let decode = |s: &str| {
        percent_decode_str(s)
            .decode_utf8()
            .map(|c| c.into_owned())
            .map_err(|_| {
                EmailError::Url(format!(
                    "{host}: the user name or password is not valid percent-encoded UTF-8"
                ))
            })
    };
    match userinfo.split_once(':') {
        Some((user, password)) if !user.is_empty() && !password.is_empty() => Ok((decode(user)?, decode(password)?)),
        _ => Err(EmailError::Url(format!(
            "{host}: give both a user name and a password (user:password@host), percent-encoded"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(security: Security, host: &str, port: u16, credentials: Option<(&str, &str)>) -> SmtpUrl {
        SmtpUrl {
            security,
            host: host.to_owned(),
            port,
            credentials: credentials.map(|(u, p)| (u.to_owned(), p.to_owned())),
        }
    }

    #[test]
    fn the_scheme_and_the_host_decide_the_encryption() {
        use Security::*;
        let cases = [
            (
                "smtps://u:p@mail.example.com",
                url(Implicit, "mail.example.com", 465, Some(("u", "p"))),
            ),
            (
                "smtps://u:p@mail.example.com:2465/",
                url(Implicit, "mail.example.com", 2465, Some(("u", "p"))),
            ),
            (
                "smtp://u:p@mail.example.com",
                url(StartTls, "mail.example.com", 587, Some(("u", "p"))),
            ),
            (
                "SMTP://u:p@Mail.Example.com:25",
                url(StartTls, "mail.example.com", 25, Some(("u", "p"))),
            ),
            // Clear text only where it never leaves the machine.
            ("smtp://localhost:2525", url(Clear, "localhost", 2525, None)),
            ("smtp://127.0.0.1:2525", url(Clear, "127.0.0.1", 2525, None)),
            ("smtp://u:p@127.8.9.10", url(Clear, "127.8.9.10", 587, Some(("u", "p")))),
            ("smtp://[::1]:2525", url(Clear, "::1", 2525, None)),
            // Loopback-looking names that are not loopback get STARTTLS.
            (
                "smtp://localhost.example.com",
                url(StartTls, "localhost.example.com", 587, None),
            ),
            ("smtp://128.0.0.1", url(StartTls, "128.0.0.1", 587, None)),
            ("smtp://[::2]:25", url(StartTls, "::2", 25, None)),
            // A loopback host may still ask for TLS.
            ("smtps://localhost", url(Implicit, "localhost", 465, None)),
        ];
        for (text, want) in cases {
            assert_eq!(parse_url(text).unwrap(), want, "{text}");
        }
    }

    #[test]
    fn credentials_are_percent_decoded() {
        let got = parse_url("smtps://status%40acme.example:p%40ss%3Aw%2Frd%25@smtp.acme.example").unwrap();
        assert_eq!(
            got.credentials,
            Some(("status@acme.example".to_owned(), "p@ss:w/rd%".to_owned()))
        );
        // An `@` or `/` left unencoded in the password still leaves the host as the last part.
        let got = parse_url("smtps://user:p@ss/w@smtp.acme.example:465").unwrap();
        assert_eq!(got.host, "smtp.acme.example");
        assert_eq!(got.credentials, Some(("user".to_owned(), "p@ss/w".to_owned())));
    }

    #[test]
    fn anything_else_is_refused_without_showing_the_password() {
        let cases = [
            ("http://u:hunter2@mail.example.com", "not http://"),
            ("mail.example.com", "write smtps://"),
            ("u:hunter2@mail.example.com:25", "write smtps://"),
            // The scheme alone sets the encryption: no way to ask for less.
            (
                "smtp://u:hunter2@mail.example.com?tls=opportunistic",
                "no path or parameters",
            ),
            ("smtp://u:hunter2@mail.example.com:25?tls=none", "no path or parameters"),
            (
                "smtp://u:hunter2@mail.example.com/ehlo.example",
                "no path or parameters",
            ),
            ("smtps://u:hunter2@mail.example.com:smtp", "port"),
            ("smtps://u:hunter2@mail.example.com:0", "port"),
            ("smtps://u:hunter2@mail.example.com:70000", "port"),
            ("smtps://u:hunter2@", "no host"),
            ("smtps://u:hunter2@[::1", "bracket"),
            ("smtps://hunter2@mail.example.com", "user name and a password"),
            ("smtps://:hunter2@mail.example.com", "user name and a password"),
            ("smtps://u:hunter2%ff@mail.example.com", "percent-encoded"),
        ];
        for (text, want) in cases {
            let err = parse_url(text).unwrap_err().to_string();
            assert!(err.contains(want), "{text}: {err}");
            assert!(!err.contains("hunter2"), "{text}: {err}");
        }
    }

    #[test]
    fn debug_leaves_out_the_password() {
        let got = format!("{:?}", parse_url("smtps://user:hunter2@mail.example.com").unwrap());
        assert!(got.contains("user") && !got.contains("hunter2"), "{got}");
    }
}

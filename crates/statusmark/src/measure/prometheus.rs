//! Prometheus's HTTP API, the part `statusmark fetch` uses: one `GET /api/v1/query_range` and its
//! JSON answer. Owns where the server is ([`Server`], which keeps credentials out of anything
//! printable), the request (timeout, size limit, no redirects) and reading the answer into
//! [`Series`]. It writes nothing: [`super::fetch`] decides what to keep.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Duration;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use serde::Deserialize;

use super::data::Series;

/// Where Prometheus is, read from the variable a metric names. Only [`Server::origin`] is ever
/// printed: the URL may hold a user and password, or a path with a token in it.
#[derive(Clone, PartialEq, Eq)]
pub struct Server {
    origin: String,
    /// scheme://host:port/path, without the user, password or a trailing slash.
    base: String,
    /// `Basic …` from the URL's user and password.
    authorization: Option<String>,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the base or the credentials, even in a debug dump.
        f.debug_struct("Server")
            .field("origin", &self.origin)
            .finish_non_exhaustive()
    }
}

/// Why a base URL is not usable. Says nothing of the URL itself (it may hold secrets).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum UrlProblem {
    #[error("is not an http:// or https:// URL")]
    Scheme,
    #[error("has no host")]
    NoHost,
    #[error("has a port that is not a number from 1 to 65535")]
    Port,
    #[error("has a query (?…) or fragment (#…); give only Prometheus's base URL")]
    Query,
}

impl Server {
    /// `http(s)://[user:password@]host[:port][/prefix]`, as Prometheus's `--web.external-url`
    /// would be: the API is under `<prefix>/api/v1/`.
    pub fn parse(url: &str) -> Result<Server, UrlProblem> {
        let url = url.trim();
        let (scheme, rest) = url.split_once("://").ok_or(UrlProblem::Scheme)?;
        let scheme = scheme.to_ascii_lowercase();
        let default_port = match scheme.as_str() {
            "http" => 80,
            "https" => 443,
            _ => return Err(UrlProblem::Scheme),
        };
        if rest.contains(['?', '#']) {
            return Err(UrlProblem::Query);
        }
        let (authority, path) = rest.find('/').map_or((rest, ""), |i| rest.split_at(i));
        let (userinfo, host_port) = match authority.rsplit_once('@') {
            Some((u, h)) => (Some(u), h),
            None => (None, authority),
        };
        // `[::1]:9090` or `host:9090` or `host`.
        let (host, port) = if let Some(v6) = host_port.strip_prefix('[') {
            let (host, after) = v6.split_once(']').ok_or(UrlProblem::NoHost)?;
            (format!("[{host}]"), after.strip_prefix(':'))
        } else {
            match host_port.rsplit_once(':') {
                Some((h, p)) => (h.to_owned(), Some(p)),
                None => (host_port.to_owned(), None),
            }
        };
        if host.is_empty() || host == "[]" {
            return Err(UrlProblem::NoHost);
        }
        let port = match port {
            None | Some("") => default_port,
            Some(p) => p.parse::<u16>().ok().filter(|p| *p > 0).ok_or(UrlProblem::Port)?,
        };
        let host = host.to_ascii_lowercase();
        let origin = format!("{scheme}://{host}:{port}");
        let authorization = userinfo.map(|u| {
            let (user, password) = u.split_once(':').unwrap_or((u, ""));
            let decode = |s: &str| percent_decode_str(s).collect::<Vec<u8>>();
            let mut pair = decode(user);
            pair.push(b':');
            pair.extend(decode(password));
            format!("Basic {}", base64(&pair))
        });
        Ok(Server {
            base: format!("{origin}{}", path.trim_end_matches('/')),
            origin,
            authorization,
        })
    }

    /// `scheme://host:port`: what error messages name.
    pub fn origin(&self) -> &str {
        &self.origin
    }
}

/// Standard base64 with padding (RFC 4648), for the Basic authorization header.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// One range query: the PromQL and the range, in Unix seconds.
#[derive(Clone, Debug)]
pub struct RangeQuery<'a> {
    pub query: &'a str,
    pub start: i64,
    pub end: i64,
    pub step_seconds: u64,
}

/// Why a query got no usable answer. Names neither the URL nor the query string.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum QueryError {
    #[error("connection refused")]
    Refused,
    #[error("cannot connect: {0}")]
    Connect(String),
    #[error("no complete answer within {} s", .0.as_secs_f32())]
    Timeout(Duration),
    #[error("the answer is larger than {} MB", .0 / (1024 * 1024))]
    TooLarge(u64),
    #[error("HTTP {status}{}", if *.redirect { " (a redirect; redirects are not followed)" } else { "" })]
    Http { status: u16, redirect: bool },
    #[error("{error_type}: {error}")]
    Prometheus { error_type: String, error: String },
    #[error("the answer is not Prometheus's JSON: {0}")]
    Invalid(String),
    #[error("the answer is a {0}, not a matrix")]
    NotMatrix(String),
}

/// What the API answers; unknown fields (`warnings`, `infos`, native `histograms`) are ignored.
#[derive(Deserialize)]
struct Answer {
    status: String,
    #[serde(default)]
    data: Option<Data>,
    #[serde(default, rename = "errorType")]
    error_type: Option<String>,
    #[serde(default)]
    error: Option<String>,
}

#[derive(Deserialize)]
struct Data {
    #[serde(rename = "resultType")]
    result_type: String,
    result: serde_json::Value,
}

#[derive(Deserialize)]
struct RawSeries {
    #[serde(default)]
    metric: BTreeMap<String, String>,
    #[serde(default)]
    values: Vec<(f64, String)>,
}

/// Prometheus writes sample values as strings: `"87.2"`, `"NaN"`, `"+Inf"`, `"-Inf"`. Anything
/// not finite is a gap.
fn sample(value: &str) -> Result<Option<f64>, QueryError> {
    let v: f64 = value
        .parse()
        .map_err(|_| QueryError::Invalid(format!("the sample value {:?} is not a number", printable(value, 40))))?;
    Ok(Some(v).filter(|v| v.is_finite()))
}

/// At most `max` characters, without control characters (an answer is not trusted text).
fn printable(s: &str, max: usize) -> String {
    let mut out: String = s.chars().filter(|c| !c.is_control()).take(max).collect();
    if s.chars().count() > max {
        out.push('…');
    }
    out
}

/// Read an answer: the JSON decides (Prometheus explains its 400, 422 and 503 in JSON); an HTTP
/// error without Prometheus's JSON is reported by its status.
pub fn parse_answer(status: u16, body: &[u8]) -> Result<Vec<Series>, QueryError> {
    let answer: Answer = match serde_json::from_slice(body) {
        Ok(a) => a,
        Err(_) if !(200..300).contains(&status) => {
            return Err(QueryError::Http {
                status,
                redirect: (300..400).contains(&status),
            });
        }
        Err(e) => return Err(QueryError::Invalid(e.to_string())),
    };
    if answer.status != "success" {
        return Err(QueryError::Prometheus {
            error_type: printable(answer.error_type.as_deref().unwrap_or("an error"), 40),
            error: printable(answer.error.as_deref().unwrap_or("(no message)"), 300),
        });
    }
    if !(200..300).contains(&status) {
        return Err(QueryError::Http {
            status,
            redirect: (300..400).contains(&status),
        });
    }
    let data = answer
        .data
        .ok_or_else(|| QueryError::Invalid("\"data\" is missing".to_owned()))?;
    if data.result_type != "matrix" {
        return Err(QueryError::NotMatrix(printable(&data.result_type, 20)));
    }
    let raw: Vec<RawSeries> =
        serde_json::from_value(data.result).map_err(|e| QueryError::Invalid(format!("\"result\": {e}")))?;
    raw.into_iter()
        .map(|s| {
            let points = s
                .values
                .iter()
                .map(|(t, v)| Ok((t.round() as i64, sample(v)?)))
                .collect::<Result<_, QueryError>>()?;
            Ok(Series {
                labels: s.metric,
                points,
            })
        })
        .collect()
}

/// Characters left as they are in a query parameter; everything else is percent-encoded.
const PARAM: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// The request's URL (it may hold credentials in its path: never print it).
fn url(server: &Server, q: &RangeQuery<'_>) -> String {
    let mut url = format!("{}/api/v1/query_range?query=", server.base);
    url.extend(utf8_percent_encode(q.query, PARAM));
    let _ = write!(url, "&start={}&end={}&step={}", q.start, q.end, q.step_seconds);
    url
}

/// An HTTP client for Prometheus: `timeout` bounds each whole request (connection, answer and
/// body); answers larger than `limit` bytes are refused.
#[derive(Debug)]
pub struct Client {
    agent: ureq::Agent,
    timeout: Duration,
    limit: u64,
}

impl Client {
    pub fn new(timeout: Duration, limit: u64) -> Client {
        Client {
            agent: crate::net::agent(timeout, 0),
            timeout,
            limit,
        }
    }

    /// Ask `server` for the range query and read the matrix it answers.
    pub fn query_range(&self, server: &Server, q: &RangeQuery<'_>) -> Result<Vec<Series>, QueryError> {
        let url = url(server, q);
        let mut req = self.agent.get(&url).header("Accept", "application/json");
        if let Some(auth) = &server.authorization {
            req = req.header("Authorization", auth);
        }
        let mut resp = req.call().map_err(|e| self.cause(e, &url, server))?;
        let status = resp.status().as_u16();
        let body = resp
            .body_mut()
            .with_config()
            .limit(self.limit)
            .read_to_vec()
            .map_err(|e| self.cause(e, &url, server))?;
        parse_answer(status, &body)
    }

    fn cause(&self, e: ureq::Error, url: &str, server: &Server) -> QueryError {
        use std::io::ErrorKind;
        match e {
            ureq::Error::Timeout(_) => QueryError::Timeout(self.timeout),
            ureq::Error::BodyExceedsLimit(_) => QueryError::TooLarge(self.limit),
            ureq::Error::Io(io) if io.kind() == ErrorKind::ConnectionRefused => QueryError::Refused,
            ureq::Error::Io(io) if io.kind() == ErrorKind::TimedOut => QueryError::Timeout(self.timeout),
            ureq::Error::Io(io) => QueryError::Connect(io.to_string()),
            ureq::Error::HostNotFound => QueryError::Connect("host not found".to_owned()),
            other => {
                // Some of ureq's messages quote the URL: it may hold a token.
                let text = other.to_string().replace(url, "<url>").replace(&server.base, "<url>");
                QueryError::Connect(printable(&text, 200))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_parse_and_print_only_their_origin() {
        let cases = [
            (
                "http://127.0.0.1:9090",
                "http://127.0.0.1:9090",
                "http://127.0.0.1:9090",
                None,
            ),
            (
                "https://Prom.Example/",
                "https://prom.example:443",
                "https://prom.example:443",
                None,
            ),
            (
                "http://prom:9090/sub/path/",
                "http://prom:9090",
                "http://prom:9090/sub/path",
                None,
            ),
            (
                "https://user:p%40ss@prom.example:8443/x",
                "https://prom.example:8443",
                "https://prom.example:8443/x",
                // base64("user:p@ss")
                Some("Basic dXNlcjpwQHNz"),
            ),
            ("http://[::1]:9090", "http://[::1]:9090", "http://[::1]:9090", None),
        ];
        for (url, origin, base, auth) in cases {
            let s = Server::parse(url).unwrap_or_else(|e| panic!("{url}: {e}"));
            assert_eq!(s.origin(), origin, "{url}");
            assert_eq!(s.base, base, "{url}");
            assert_eq!(s.authorization.as_deref(), auth, "{url}");
            assert!(!format!("{s:?}").contains("dXNl"), "{url}");
        }
        for (url, problem) in [
            ("prom:9090", UrlProblem::Scheme),
            ("ftp://prom", UrlProblem::Scheme),
            ("http://", UrlProblem::NoHost),
            ("http://user:pw@/x", UrlProblem::NoHost),
            ("http://prom:99999", UrlProblem::Port),
            ("http://prom:9090/?token=abc", UrlProblem::Query),
        ] {
            assert_eq!(Server::parse(url), Err(problem), "{url}");
        }
    }

    #[test]
    fn base64_matches_rfc_4648() {
        for (input, expected) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), expected);
        }
    }

    #[test]
    fn the_query_is_encoded_and_the_range_is_in_seconds() {
        let s = Server::parse("http://prom:9090/p").expect("parses");
        let q = RangeQuery {
            query: "sum(rate(x{job=\"api\"}[5m])) by (le) + 1",
            start: 100,
            end: 400,
            step_seconds: 300,
        };
        assert_eq!(
            url(&s, &q),
            "http://prom:9090/p/api/v1/query_range?query=sum%28rate%28x%7Bjob%3D%22api%22%7D%5B5m%5D%29%29%20by%20%28le%29%20%2B%201&start=100&end=400&step=300"
        );
    }

    #[test]
    fn answers_become_series_or_errors() {
        let ok = br#"{"status":"success","data":{"resultType":"matrix","result":[
            {"metric":{"job":"api","__name__":"up"},"values":[[1700000000,"1"],[1700000300.0,"NaN"],[1700000600,"+Inf"],[1700000900,"-Inf"],[1700001200,"0.25"]]}
        ]},"warnings":["ignored"]}"#;
        let series = parse_answer(200, ok).expect("parses");
        assert_eq!(series.len(), 1);
        assert_eq!(
            series[0]
                .labels
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>(),
            ["__name__=up", "job=api"]
        );
        assert_eq!(
            series[0].points,
            [
                (1_700_000_000, Some(1.0)),
                (1_700_000_300, None),
                (1_700_000_600, None),
                (1_700_000_900, None),
                (1_700_001_200, Some(0.25)),
            ]
        );
        let cases: [(u16, &[u8], QueryError); 6] = [
            (
                400,
                br#"{"status":"error","errorType":"bad_data","error":"invalid parameter \"query\": 1:5: parse error"}"#,
                QueryError::Prometheus {
                    error_type: "bad_data".to_owned(),
                    error: "invalid parameter \"query\": 1:5: parse error".to_owned(),
                },
            ),
            (502, b"<html>Bad gateway</html>", QueryError::Http { status: 502, redirect: false }),
            (302, b"", QueryError::Http { status: 302, redirect: true }),
            (
                200,
                br#"{"status":"success","data":{"resultType":"vector","result":[]}}"#,
                QueryError::NotMatrix("vector".to_owned()),
            ),
            (
                200,
                br#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"high"]]}]}}"#,
                QueryError::Invalid("the sample value \"high\" is not a number".to_owned()),
            ),
            (
                200,
                b"<html>login</html>",
                QueryError::Invalid("expected value at line 1 column 1".to_owned()),
            ),
        ];
        for (status, body, expected) in cases {
            assert_eq!(
                parse_answer(status, body),
                Err(expected),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
    }
}
